"""The direct package writer: what it writes reads back exactly, and the owner's parts stay."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from pmkit.outputs import Cell, CellKind, OutputSheet, Role, Row
from pmkit.outputs.cells import Value
from pmkit.report.package import graft_sheets
from tests.owner_workbook import build_owner_workbook
from tests.strategies import report_texts

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _sheet(name: str, *values: Value, kind: CellKind = CellKind.TEXT) -> OutputSheet:
    rows = (Row((Cell("Value"),), Role.HEADER), *(Row((Cell(v, kind),)) for v in values))
    return OutputSheet(name, tuple(rows), (20.0,), header_row=1)


@pytest.fixture(scope="module")
def owner_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_owner_workbook(tmp_path_factory.mktemp("pkg") / "plan", frozenset({"chart"}))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=report_texts)
def test_text_reads_back_as_text(owner_book: Path, tmp_path: Path, text: str) -> None:
    """Any text is written as text (never a formula) and reads back the same, minus the
    control characters XML cannot hold."""
    out = tmp_path / "out.xlsx"
    graft_sheets(owner_book, out, [_sheet("Flags", text)])
    cell = openpyxl.load_workbook(out)["Flags"]["A2"]
    expected = _ILLEGAL.sub("", text)
    assert (cell.value or "") == expected
    assert cell.data_type != "f"


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        pytest.param(date(2026, 3, 13), CellKind.DATE, date(2026, 3, 13), id="date"),
        pytest.param(12, CellKind.INTEGER, 12, id="integer"),
        pytest.param(0.25, CellKind.PERCENT, 0.25, id="percent"),
        pytest.param(1234.5, CellKind.MONEY, 1234.5, id="money"),
        pytest.param(float("nan"), CellKind.NUMBER, None, id="nan-left-empty"),
    ],
)
def test_values_read_back_typed(
    owner_book: Path, tmp_path: Path, value: Value, kind: CellKind, expected: object
) -> None:
    """Dates are real dates, numbers are numbers; a non-number is left empty."""
    out = tmp_path / "out.xlsx"
    graft_sheets(owner_book, out, [_sheet("Schedule", value, kind=kind)])
    got = openpyxl.load_workbook(out)["Schedule"]["A2"].value
    if isinstance(expected, date):
        assert got.date() == expected
    else:
        assert got == expected


def test_dates_follow_a_1904_workbook(tmp_path: Path) -> None:
    """A workbook on the 1904 date system gets serials that still mean the same day."""
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.active.title = "Plan"
    wb.epoch = CALENDAR_MAC_1904
    source = tmp_path / "mac.xlsx"
    wb.save(source)
    out = tmp_path / "out.xlsx"
    graft_sheets(source, out, [_sheet("Schedule", date(2026, 3, 13), kind=CellKind.DATE)])
    assert openpyxl.load_workbook(out)["Schedule"]["A2"].value.date() == date(2026, 3, 13)


def test_replacing_keeps_the_sheet_in_its_place(owner_book: Path, tmp_path: Path) -> None:
    """A second write replaces the output sheet where it stands; other sheets keep order."""
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    graft_sheets(owner_book, first, [_sheet("Summary", "one")])
    wb = openpyxl.load_workbook(first)
    wb.move_sheet("Summary", offset=-2)
    moved = tmp_path / "moved.xlsx"
    wb.save(moved)
    graft_sheets(moved, second, [_sheet("Summary", "two")])
    after = openpyxl.load_workbook(second)
    assert after.sheetnames == openpyxl.load_workbook(moved).sheetnames
    assert after["Summary"]["A2"].value == "two"


def test_print_titles_and_owner_names(owner_book: Path, tmp_path: Path) -> None:
    """Each output sheet repeats its header when printed; the owner's names are untouched."""
    out = tmp_path / "out.xlsx"
    graft_sheets(owner_book, out, [_sheet("Schedule", "x"), _sheet("Flags", "y")])
    wb = openpyxl.load_workbook(out)
    assert wb["Schedule"].print_title_rows == "$1:$1"
    assert wb["Flags"].print_title_rows == "$1:$1"
    assert wb.defined_names["TotalBudget"].attr_text == "'My notes'!$B$1"


def test_activate_selects_one_tab(owner_book: Path, tmp_path: Path) -> None:
    """The copy opens at the named sheet, and only that tab is selected (no grouped sheets)."""
    out = tmp_path / "out.xlsx"
    graft_sheets(owner_book, out, [_sheet("Summary", "x")], activate="Summary")
    wb = openpyxl.load_workbook(out)
    assert wb.active is not None
    assert wb.active.title == "Summary"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Summary"]


def test_other_parts_are_copied_byte_for_byte(owner_book: Path, tmp_path: Path) -> None:
    """Only the workbook, its relationships, content types and styles are edited."""
    out = tmp_path / "out.xlsx"
    graft_sheets(owner_book, out, [_sheet("Gantt", "x")])
    with zipfile.ZipFile(owner_book) as old, zipfile.ZipFile(out) as new:
        edited = {name for name in old.namelist() if old.read(name) != new.read(name)}
    assert edited <= {
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
        "xl/styles.xml",
    }


def test_replacing_a_sheet_drops_excels_formula_cache(tmp_path: Path) -> None:
    """A stale calcChain could name cells of the old sheet; it goes, and Excel rebuilds it."""
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.active.title = "Plan"
    wb.active["A1"] = "=1+1"
    wb.create_sheet("Summary")["B2"] = "=2+2"
    source = tmp_path / "plan.xlsx"
    wb.save(source)
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/calcChain.xml"] = (
        b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<c r="A1" i="1"/><c r="B2" i="2"/></calcChain>'
    )
    rels = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    out = tmp_path / "out.xlsx"
    graft_sheets(source, out, [_sheet("Summary", "new")])
    with zipfile.ZipFile(out) as archive:
        assert "xl/calcChain.xml" not in archive.namelist()
        assert "calcChain" not in archive.read("xl/_rels/workbook.xml.rels").decode()
    assert openpyxl.load_workbook(out)["Plan"]["A1"].value == "=1+1"
