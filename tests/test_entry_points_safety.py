"""Safety first, parse once, on every entry point: a hostile file is refused by the safety
checks before any parser sees it, by every command that opens a workbook (and the nightly
sync), with one plain line, the file byte-identical and nothing written beside it."""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmkit.reading import safety
from tests.builders import PLAN_HEADER, rewrite_part, write_workbook
from tests.entry_points import ALL, WRITERS, EntryPoint, params

SHEET = "xl/worksheets/sheet1.xml"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n'
        % (level, (b"&lol%d;" % (level - 1) if level > 1 else b"&lol;") * 10)
        for level in range(1, 10)
    )
    + b"]>\n"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)


def _with_prolog(prolog: bytes) -> Callable[[bytes], bytes]:
    def change(xml: bytes) -> bytes:
        return prolog + xml[xml.index(b"?>") + 2 :] if xml.startswith(b"<?xml") else prolog + xml

    return change


def _billion_laughs(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rewrite_part(path, SHEET, _with_prolog(BILLION_LAUGHS))


def _external_entity(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rewrite_part(path, "xl/workbook.xml", _with_prolog(EXTERNAL_ENTITY))


def _zip_bomb(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.png", bytes(32 * 2**20))


def _huge_shared_strings(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_CELL_DATA_BYTES", 200)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>x</t></si>" * 100 + b"</sst>")


def _too_many_parts(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_ENTRIES", 5)


def _lying_directory(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(SHEET)
    struct.pack_into("<I", data, info.header_offset + 22, 200)
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(SHEET)] != SHEET.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 200)
    path.write_bytes(bytes(data))


def _open_document(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")


def _old_xls(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + b"W\x00o\x00" * 8)


def _random_bytes(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path.write_bytes(b"PK\x03\x04" + os.urandom(300))


HOSTILE = [
    pytest.param(_billion_laughs, "XML bomb", id="billion-laughs"),
    pytest.param(_external_entity, "XML bomb", id="external-entity"),
    pytest.param(_zip_bomb, "zip bomb", id="zip-bomb"),
    pytest.param(_huge_shared_strings, "shared text of its cells", id="huge-shared-strings"),
    pytest.param(_too_many_parts, "parts, more than a workbook", id="too-many-parts"),
    pytest.param(_lying_directory, "damaged", id="lying-zip-directory"),
    pytest.param(_open_document, "OpenDocument spreadsheet", id="ods-content"),
    pytest.param(_old_xls, "old-style .xls", id="old-xls"),
    pytest.param(_random_bytes, "damaged", id="broken-zip"),
]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A small valid plan, alone in its folder (the nightly sync reads the whole folder)."""
    folder = tmp_path / "plans"
    folder.mkdir()
    return write_workbook(
        folder / "plan.xlsx",
        {"Plan": [PLAN_HEADER, [1, "Design", "Ann", 5, None], [2, "Build", "Bob", 3, "1"]]},
    )


@pytest.fixture
def no_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any parser that runs fail the test: the checks must refuse first."""

    def parsed(*args: object, **kwargs: object) -> None:
        raise AssertionError("a parser ran before the safety checks refused the file")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", parsed)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", parsed)
    monkeypatch.setattr(openpyxl, "load_workbook", parsed)


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.suffix != ".sqlite"}


@pytest.mark.parametrize("point", params(ALL))
@pytest.mark.parametrize(("make_hostile", "fragment"), HOSTILE)
def test_hostile_workbook_is_refused_before_any_parser_on_every_entry_point(
    plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    no_parser: None,
    point: EntryPoint,
    make_hostile: Callable[[Path, pytest.MonkeyPatch], None],
    fragment: str,
) -> None:
    """Each hostile file is refused by the checks, before calamine or openpyxl runs, with one
    line naming the problem; the file is byte-identical and nothing else is written."""
    make_hostile(plan, monkeypatch)
    original = plan.read_bytes()
    before = _files(tmp_path)
    outcome = point.run(plan, tmp_path, capsys)
    assert outcome.refused
    assert fragment in outcome.message
    assert "\n" not in outcome.message.removeprefix("pmkit: ")
    assert plan.read_bytes() == original
    assert _files(tmp_path) == before


@pytest.mark.parametrize("point", params(WRITERS))
def test_stray_cell_far_away_is_refused_before_the_sheet_is_parsed(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """A value at XFD1048576 (a grid of 17 billion cells) is refused by every writer too."""
    rewrite_part(
        plan,
        SHEET,
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData>",
        ),
    )
    original = plan.read_bytes()
    before = _files(tmp_path)
    outcome = point.run(plan, tmp_path, capsys)
    assert outcome.refused
    assert "all the way to cell XFD1048576" in outcome.message
    assert plan.read_bytes() == original
    assert _files(tmp_path) == before


@pytest.mark.parametrize("point", params(ALL))
def test_each_entry_point_parses_the_plan_once(
    plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    point: EntryPoint,
) -> None:
    """The plan's cells are parsed once (one calamine open); the Excel dashboard, which must
    rewrite the package through openpyxl, loads it once more as its writing engine, never to
    re-read it; the report and Set baseline write straight into the package."""
    opened = {"calamine": 0, "openpyxl": 0}
    calamine_open = python_calamine.CalamineWorkbook.from_filelike
    openpyxl_load = openpyxl.load_workbook

    def count_calamine(*args: object, **kwargs: object) -> object:
        opened["calamine"] += 1
        return calamine_open(*args, **kwargs)  # type: ignore[arg-type]

    def count_openpyxl(*args: object, **kwargs: object) -> object:
        opened["openpyxl"] += 1
        return openpyxl_load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", count_calamine)
    monkeypatch.setattr(openpyxl, "load_workbook", count_openpyxl)
    outcome = point.run(plan, tmp_path, capsys)
    assert not outcome.refused, outcome.message
    assert opened["calamine"] == 1
    rewrites_through_openpyxl = point.name.startswith("excel")
    assert opened["openpyxl"] == (1 if rewrites_through_openpyxl else 0)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_corrupted_workbooks_never_crash_any_entry_point(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], data: st.DataObject
) -> None:
    """Truncated or bit-flipped workbooks, on any entry point: it works or it refuses in one
    line (never an internal error), and a refused file is left byte-identical."""
    point = data.draw(st.sampled_from(ALL), label="entry point")
    original = plan.read_bytes()
    damaged = bytearray(original)
    if data.draw(st.booleans(), label="truncate"):
        damaged = damaged[: data.draw(st.integers(0, len(original) - 1), label="length")]
    else:
        for position in data.draw(
            st.lists(st.integers(0, len(original) - 1), min_size=1, max_size=8)
        ):
            damaged[position] ^= data.draw(st.integers(1, 255))
    target = plan.parent / "fuzzed"
    target.mkdir(exist_ok=True)
    fuzzed = target / "plan.xlsx"
    fuzzed.write_bytes(bytes(damaged))
    outcome = point.run(fuzzed, tmp_path, capsys)
    assert "internal error" not in outcome.message
    if outcome.refused:
        assert fuzzed.read_bytes() == bytes(damaged)
        assert "\n" not in outcome.message.removeprefix("pmkit: ")
