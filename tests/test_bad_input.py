"""Hostile and broken files: each gives a clear pmkit error or located issues, never a traceback."""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmkit
from pmkit.cli import main
from pmkit.engine.errors import (
    HeaderError,
    MissingSheetError,
    NotAWorkbookError,
    PlanFileError,
    UnsafeFileError,
)
from pmkit.engine.issues import Code, Severity
from pmkit.reading import safety
from tests.builders import PLAN_HEADER, rewrite_part, write_workbook

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


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_workbook(
        tmp_path / "plan.xlsx",
        {"Plan": [PLAN_HEADER, [1, "Design", "Ann", 5, None], [2, "Build", "Bob", 3, "1"]]},
    )


def test_a_valid_workbook_reads(workbook: Path) -> None:
    """The fixture every hostile variant starts from reads cleanly."""
    assert len(pmkit.read_plan(workbook).tasks) == 2


# -- not a workbook ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        pytest.param(os.urandom(4096), "not an Excel workbook", id="random-bytes"),
        pytest.param(
            b"ID,Task,Duration\n1,Design,5\n",
            r"plan.xlsx is a text file \(a CSV\?\), not an Excel workbook; open it in Excel",
            id="csv-text",
        ),
        pytest.param(
            "\ufeffID;Task;Duration\n".encode(), r"is a text file \(a CSV\?\)", id="csv-with-bom"
        ),
        pytest.param(b"", "empty", id="empty-file"),
        pytest.param(b"PK\x03\x04" + os.urandom(200), "damaged", id="broken-zip"),
    ],
)
def test_not_a_workbook(tmp_path: Path, content: bytes, fragment: str) -> None:
    """Random bytes, text, an empty file or a broken zip → NotAWorkbookError with a plain line."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(content)
    with pytest.raises(NotAWorkbookError, match=fragment) as caught:
        pmkit.read_plan(path)
    assert "\n" not in str(caught.value)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    """A zip without workbook parts is 'damaged or not an Excel workbook'."""
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(NotAWorkbookError, match="not an Excel workbook"):
        pmkit.read_plan(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    """A path that does not exist is a PlanFileNotFoundError — a PlanFileError, and the
    FileNotFoundError Python's own `open` raises, so code catching either catches it — named
    as typed, so a mistyped folder shows; a folder is a clear NotAWorkbookError."""
    missing = tmp_path / "no folder" / "nowhere.xlsx"
    with pytest.raises(FileNotFoundError) as refused:
        pmkit.read_plan(missing)
    assert isinstance(refused.value, pmkit.PlanFileNotFoundError)
    assert isinstance(refused.value, pmkit.PlanFileError)
    assert str(refused.value) == f"{missing}: no such file"
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    with pytest.raises(NotAWorkbookError, match="folder"):
        pmkit.read_plan(folder)


def test_old_xls(tmp_path: Path) -> None:
    """An old .xls (an OLE compound file) says to save it as .xlsx."""
    path = tmp_path / "plan.xls"
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    path.write_bytes(header + "Workbook".encode("utf-16-le") + bytes(1024))
    with pytest.raises(NotAWorkbookError, match=r"save it as \.xlsx"):
        pmkit.read_plan(path)


def test_xlsx_misnamed_as_xls_still_reads(workbook: Path, tmp_path: Path) -> None:
    """A real .xlsx that was given an .xls name is read by its content."""
    renamed = tmp_path / "plan.xls"
    renamed.write_bytes(workbook.read_bytes())
    assert len(pmkit.read_plan(renamed).tasks) == 2


def test_encrypted_workbook(workbook: Path, tmp_path: Path) -> None:
    """A password-protected workbook says to remove the password."""
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    encrypted = tmp_path / "secret.xlsx"
    with workbook.open("rb") as plain, encrypted.open("wb") as out:
        ooxml.OOXMLFile(plain).encrypt("s3cret", out)
    with pytest.raises(NotAWorkbookError, match="remove the password"):
        pmkit.read_plan(encrypted)


@pytest.mark.parametrize(
    ("suffix", "fragment"),
    [
        pytest.param(".xlsb", "binary .xlsb", id="xlsb"),
        pytest.param(".ods", "OpenDocument", id="ods"),
        pytest.param(".csv", "CSV", id="csv"),
    ],
)
def test_other_formats_are_named(tmp_path: Path, suffix: str, fragment: str) -> None:
    """Other spreadsheet formats are named in the message."""
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(b"\x00\x01not a zip")
    with pytest.raises(NotAWorkbookError, match=fragment):
        pmkit.read_plan(path)


def test_a_csv_says_how_to_get_the_workbook(tmp_path: Path) -> None:
    """A Plan sheet downloaded as CSV (from Google Sheets, LibreOffice) holds one sheet: the
    message says how to get the workbook instead, not only that pmkit needs one."""
    path = tmp_path / "plan - Plan.csv"
    path.write_text("ID,Task,Duration\n1,Design,3\n")
    with pytest.raises(NotAWorkbookError) as refused:
        pmkit.read_plan(path)
    assert "File > Download > Microsoft Excel (.xlsx)" in str(refused.value)
    assert "pmkit template" in str(refused.value)


# -- sheets and headers -----------------------------------------------------------------------


def test_no_plan_sheet_lists_the_sheets(tmp_path: Path) -> None:
    """No Plan sheet → MissingSheetError listing the sheets found."""
    path = write_workbook(tmp_path / "p.xlsx", {"Tasks": [PLAN_HEADER], "Notes": [["x"]]})
    with pytest.raises(MissingSheetError, match="sheets found: 'Tasks', 'Notes'"):
        pmkit.read_plan(path)


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([], id="empty-sheet"),
        pytest.param([["Task", "Duration"], ["A", 1]], id="no-id-column"),
        pytest.param([[f"title {n}"] for n in range(10)] + [PLAN_HEADER], id="header-on-row-11"),
    ],
)
def test_no_header_row(tmp_path: Path, rows: list[list[object]]) -> None:
    """No row in the first 10 holding ID and Task → HeaderError."""
    path = write_workbook(tmp_path / "p.xlsx", {"Plan": rows})
    with pytest.raises(HeaderError, match="no header row"):
        pmkit.read_plan(path)


def test_duplicate_headers_name_both_cells(tmp_path: Path) -> None:
    """The same header twice → HeaderError naming both cells."""
    path = write_workbook(
        tmp_path / "p.xlsx",
        {"Plan": [["ID", "Task", "Deadline", "Duration", " deadline "]]},
        starts={"Plan": "B2"},
    )
    with pytest.raises(HeaderError, match=r"Plan!D2 and Plan!F2"):
        pmkit.read_plan(path)


def test_missing_required_column(tmp_path: Path) -> None:
    """A header without Duration → HeaderError naming the column."""
    path = write_workbook(tmp_path / "p.xlsx", {"Plan": [["ID", "Task", "Owner"]]})
    with pytest.raises(HeaderError, match="'Duration'"):
        pmkit.read_plan(path)


def test_merged_header(tmp_path: Path) -> None:
    """Merged header cells → HeaderError naming the block."""
    path = write_workbook(
        tmp_path / "p.xlsx",
        {"Plan": [["ID", "Task", None, "Duration"], [1, "A", None, 1]]},
        merged={"Plan": ["B1:C1"]},
    )
    with pytest.raises(HeaderError, match=r"Plan!B1:C1 are merged"):
        pmkit.read_plan(path)


@pytest.mark.parametrize(
    "sheet",
    [
        pytest.param(
            ["Holidays", [["Notes on the office closures"], ["Shut in August"]]], id="holidays"
        ),
        pytest.param(["Changes", [["What", "Who"], ["x", "y"]]], id="changes"),
        pytest.param(["Risks", [["What", "Who"], ["x", "y"]]], id="risks"),
        pytest.param(["Charter", [["Our aims"], ["Sell more"]]], id="charter"),
        pytest.param(["Baseline", [["Old plan, v1"], ["ID", "Task", "Task"]]], id="baseline"),
    ],
)
def test_an_optional_sheet_in_the_owners_own_layout_is_a_finding_and_the_rest_is_read(
    tmp_path: Path, sheet: list[Any]
) -> None:
    """An optional sheet pmkit cannot read is an unread-sheet warning at that sheet; the
    Plan is read and scheduled as usual (exit 0, not 2)."""
    name, rows = sheet
    path = write_workbook(
        tmp_path / "p.xlsx",
        {
            "Plan": [PLAN_HEADER, [1, "Design", "Ann", 3, None], [2, "Build", "Ann", 2, "1"]],
            name: rows,
        },
    )
    plan = pmkit.read_plan(path)
    assert [task.id for task in plan.tasks] == ["1", "2"]
    (finding,) = [issue for issue in plan.issues if issue.code is Code.UNREAD_SHEET]
    assert finding.severity is Severity.WARNING
    assert finding.location is not None
    assert finding.location.sheet == name
    assert f"the {name} sheet is not read" in finding.message
    assert main(["validate", str(path)]) == 0


def test_an_optional_sheet_too_big_to_read_is_a_finding(tmp_path: Path) -> None:
    """A Holidays sheet used all the way to XFD1048576 is skipped with a finding, not a refusal."""
    path = write_workbook(
        tmp_path / "p.xlsx",
        {"Plan": [PLAN_HEADER, [1, "Design", "Ann", 3, None]], "Holidays": [["Date", "Name"]]},
    )
    book = openpyxl.load_workbook(path)
    book["Holidays"]["XFD1048576"] = "stray"
    book.save(path)
    plan = pmkit.read_plan(path)
    (finding,) = [issue for issue in plan.issues if issue.code is Code.UNREAD_SHEET]
    assert "XFD1048576" in finding.message
    assert [task.id for task in plan.tasks] == ["1"]


# -- XML bombs --------------------------------------------------------------------------------


def _with_prolog(prolog: bytes, body: bytes = b"") -> object:
    def change(xml: bytes) -> bytes:
        if xml.startswith(b"<?xml"):
            xml = xml[xml.index(b"?>") + 2 :]
        return prolog + xml.replace(b"<sheetData>", b"<sheetData>" + body, 1)

    return change


@pytest.mark.parametrize("part", [SHEET, "xl/workbook.xml", "xl/sharedStrings.xml"])
@pytest.mark.parametrize(
    "prolog",
    [pytest.param(BILLION_LAUGHS, id="billion-laughs"), pytest.param(EXTERNAL_ENTITY, id="xxe")],
)
@pytest.mark.parametrize("small_limit", [safety.SMALL_PART_BYTES, 0], ids=["parsed", "scanned"])
def test_xml_bombs(
    workbook: Path, part: str, prolog: bytes, small_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A DTD in any part → UnsafeFileError, by the defusedxml parse and by the prolog scan."""
    monkeypatch.setattr(safety, "SMALL_PART_BYTES", small_limit)
    if part == "xl/sharedStrings.xml":
        with zipfile.ZipFile(workbook, "a") as archive:
            archive.writestr(part, prolog + b"<sst><si><t>&lol9;</t></si></sst>")
    else:
        rewrite_part(workbook, part, _with_prolog(prolog))
    with pytest.raises(UnsafeFileError, match="XML bomb"):
        pmkit.read_plan(workbook)


def test_xml_bomb_in_a_big_sheet(tmp_path: Path) -> None:
    """A DTD at the top of a sheet larger than the fully parsed size is found by the prolog scan."""
    rows = [PLAN_HEADER] + [[n, f"Task {n} " + "x" * 200, "Ann", 1] for n in range(1, 6000)]
    path = write_workbook(tmp_path / "big.xlsx", {"Plan": rows})
    assert zipfile.ZipFile(path).getinfo(SHEET).file_size > safety.SMALL_PART_BYTES
    rewrite_part(path, SHEET, _with_prolog(BILLION_LAUGHS))
    with pytest.raises(UnsafeFileError):
        pmkit.read_plan(path)


def test_giant_prolog_is_refused(workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a big part, a prolog stretched past the scan window (to hide a DTD) is refused too."""
    monkeypatch.setattr(safety, "SMALL_PART_BYTES", 0)
    rewrite_part(workbook, SHEET, _with_prolog(b"<!--" + b" " * (2 * safety.PROLOG_BYTES) + b"-->"))
    with pytest.raises(UnsafeFileError):
        pmkit.read_plan(workbook)


# -- zip bombs and size limits ----------------------------------------------------------------


def test_zip_bomb_ratio(workbook: Path) -> None:
    """A part that inflates ~1000× → UnsafeFileError before anything is inflated."""
    with zipfile.ZipFile(workbook, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.png", bytes(32 * 2**20))
    with pytest.raises(UnsafeFileError, match="zip bomb"):
        pmkit.read_plan(workbook)


@pytest.mark.parametrize(
    ("limit", "value", "fragment"),
    [
        pytest.param("MAX_ENTRIES", 5, "parts", id="too-many-entries"),
        pytest.param("MAX_PART_BYTES", 1000, "would unpack to", id="part-too-large"),
        pytest.param("MAX_TOTAL_BYTES", 5000, "would unpack to", id="total-too-large"),
        pytest.param("MAX_CELL_DATA_BYTES", 1000, "the sheet 'Plan' holds", id="sheet-too-large"),
        pytest.param("MAX_FILE_BYTES", 1000, "MB, more than", id="file-too-large"),
    ],
)
def test_size_limits(
    workbook: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, fragment: str
) -> None:
    """Each size limit refuses with UnsafeFileError and a message saying what is too big."""
    monkeypatch.setattr(safety, limit, value)
    with pytest.raises(UnsafeFileError, match=fragment):
        pmkit.read_plan(workbook)


def test_lying_zip_directory(workbook: Path) -> None:
    """A part whose zip directory understates its size is refused as damaged, not inflated."""
    data = bytearray(workbook.read_bytes())
    info = zipfile.ZipFile(workbook).getinfo(SHEET)
    small = 200
    struct.pack_into("<I", data, info.header_offset + 22, small)
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(SHEET)] != SHEET.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, small)
    workbook.write_bytes(bytes(data))
    with pytest.raises(NotAWorkbookError, match="damaged"):
        pmkit.read_plan(workbook)


@pytest.mark.slow
def test_fifty_megabyte_workbook_of_pictures_reads(workbook: Path) -> None:
    """A 50 MB workbook whose bulk is pictures reads: only cell data counts against the limits."""
    with zipfile.ZipFile(workbook, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/photo.jpeg", os.urandom(50 * 2**20))
    assert workbook.stat().st_size > 50 * 2**20
    assert len(pmkit.read_plan(workbook).tasks) == 2


@pytest.mark.slow
def test_workbook_with_too_much_cell_data_is_refused(tmp_path: Path) -> None:
    """A Plan sheet of ~140 MB of cell XML (~1.2 million rows) is refused unread, in one line."""
    path = tmp_path / "huge.xlsx"
    write_workbook(path, {"Plan": [PLAN_HEADER, [1, "A", "Ann", 1]]})
    # 64 KiB of varied rows, repeated: deflate's 32 KiB window cannot see the repeats, so the
    # part compresses like a real sheet (~10x) instead of looking like a zip bomb.
    block = b"".join(
        b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>Task %x</t></is>'
        b'</c><c r="D%d"><v>%d</v></c></row>' % (n, n, n, n, n * 7919, n, n % 17)
        for n in range(2, 700)
    )
    rows = block * (140 * 2**20 // len(block))

    def change(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)

    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info, data in entries:
            archive.writestr(info.filename, change(data) if info.filename == SHEET else data)
    with pytest.raises(UnsafeFileError, match=r"MB of cell data, more than the 128 MB"):
        pmkit.read_plan(path)


# -- big and awkward plans --------------------------------------------------------------------


def test_ten_thousand_task_cycle(tmp_path: Path) -> None:
    """A 10,000-task cycle reads fine; the schedule reports the cycle rather than crashing."""
    rows: list[Sequence[object]] = [PLAN_HEADER]
    rows += [[n, f"Step {n}", "Ann", 1, str(n - 1 if n > 1 else 10_000)] for n in range(1, 10_001)]
    path = write_workbook(tmp_path / "cycle.xlsx", {"Plan": rows})
    plan = pmkit.read_plan(path)
    assert len(plan.tasks) == 10_000
    assert plan.issues == ()
    result = pmkit.analyze(plan)
    assert any(issue.code == pmkit.Code.DEPENDENCY_CYCLE for issue in result.issues)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_corrupted_workbooks_never_leak_library_errors(workbook: Path, data: st.DataObject) -> None:
    """Truncated or bit-flipped workbooks give a Plan or a PlanFileError, nothing else."""
    original = workbook.read_bytes()
    damaged = bytearray(original)
    if data.draw(st.booleans(), label="truncate"):
        damaged = damaged[: data.draw(st.integers(0, len(original) - 1), label="length")]
    else:
        for position in data.draw(
            st.lists(st.integers(0, len(original) - 1), min_size=1, max_size=8)
        ):
            damaged[position] ^= data.draw(st.integers(1, 255))
    target = workbook.with_name("damaged.xlsx")
    target.write_bytes(bytes(damaged))
    outcome: pmkit.Plan | PlanFileError
    try:
        outcome = pmkit.read_plan(target)
    except PlanFileError as error:
        outcome = error
    if isinstance(outcome, PlanFileError):
        assert str(outcome)
        assert "\n" not in str(outcome)
    else:
        assert isinstance(outcome, pmkit.Plan)


def test_stray_cell_in_the_far_corner_is_refused_before_parsing(tmp_path: Path) -> None:
    """A value at XFD1048576 would make the parser hold 17 billion cells: refused up front."""
    path = write_workbook(tmp_path / "p.xlsx", {"Plan": [PLAN_HEADER, [1, "A", "Ann", 1]]})
    rewrite_part(
        path,
        SHEET,
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData>",
        ),
    )
    with pytest.raises(UnsafeFileError, match="all the way to cell XFD1048576"):
        pmkit.read_plan(path)


def test_stray_cell_far_down_a_narrow_sheet_is_read(tmp_path: Path) -> None:
    """A value at A1048576 of a narrow sheet is within bounds: read, and reported as a row."""
    path = write_workbook(tmp_path / "p.xlsx", {"Plan": [["ID", "Task", "Duration"], [1, "A", 1]]})
    rewrite_part(
        path,
        SHEET,
        lambda xml: xml.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData>",
        ),
    )
    plan = pmkit.read_plan(path)
    assert [task.id for task in plan.tasks] == ["1", "x"]
    assert [str(issue.location) for issue in plan.issues] == ["Plan!C1048576"]


def test_excel_lock_file(tmp_path: Path) -> None:
    """Excel's `~$plan.xlsx` lock file points at the real workbook."""
    path = tmp_path / "~$plan.xlsx"
    path.write_bytes(b"\x04owner" + bytes(150))
    with pytest.raises(NotAWorkbookError, match=r"lock file .* read plan\.xlsx itself"):
        pmkit.read_plan(path)
