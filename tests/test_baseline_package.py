"""Set baseline written straight into the package: every owner cell, formula, format, note
and part is kept, read back cell by cell with openpyxl; only the baseline cells change."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

import pmkit
from pmkit.cli import main
from pmkit.report.sheet_cells import write_cells
from pmkit.report.sheet_xml import cell_xml
from tests.file_writers import baseline_file
from tests.owner_workbook import EXTRAS, build_owner_workbook

SET_ON = date(2026, 3, 2)
BASELINE_COLUMNS = ("I", "J", "K", "L")  # right of the owner workbook's eight columns
EDITED_PARTS = {
    "[Content_Types].xml",  # the new Baseline sheet's part
    "xl/_rels/workbook.xml.rels",
    "xl/workbook.xml",
    "xl/styles.xml",  # number formats appended after the owner's styles
    "xl/worksheets/sheet1.xml",  # the Plan: its baseline cells
    "xl/tables/table1.xml",  # the Plan table, grown over the new columns
}


def _looks(path: Path) -> dict[tuple[str, str], tuple[object, ...]]:
    """Every cell of every sheet but the Baseline sheets: value, number format, font, fill."""
    book = openpyxl.load_workbook(path)
    return {
        (ws.title, cell.coordinate): (
            _plain(cell.value),
            cell.number_format,
            cell.font.b,
            cell.font.color.rgb if cell.font.color is not None else None,
            cell.fill.fgColor.rgb,
        )
        for ws in book.worksheets
        if not ws.title.startswith("Baseline")
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None or cell.has_style
    }


def _plain(value: object) -> object:
    """A cell's value, comparable: an array formula as its range and text."""
    if isinstance(value, ArrayFormula):
        return (value.ref, value.text)
    return value


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl on the extensions it skips
def test_every_owner_cell_format_and_part_is_kept(tmp_path: Path) -> None:
    """Owner's sheets, notes, formulas and formats read back the same, cell by cell; every
    part but the few that list the new sheet is byte-identical (charts, pictures, pivots…)."""
    path = build_owner_workbook(tmp_path / "plan", frozenset(EXTRAS) - {"macros"})
    looks, parts = _looks(path), _parts(path)
    assert main(["baseline", str(path)]) == 0
    after_looks, after_parts = _looks(path), _parts(path)
    written = {key for key in after_looks if key[0] == "Plan" and key[1][0] in BASELINE_COLUMNS}
    assert {key: after_looks[key] for key in after_looks.keys() - written} == looks
    changed = {name for name in parts if after_parts.get(name) != parts[name]}
    assert changed <= EDITED_PARTS
    book = openpyxl.load_workbook(path)
    plan = book["Plan"]
    assert plan["H2"].value == "=G2*1.2"
    assert plan["B3"].comment is not None
    assert plan["B3"].comment.text == "Check with the vendor"
    assert {str(r) for v in plan.data_validations.dataValidation for r in v.sqref.ranges} == {
        "C2:C100"
    }
    assert "D2:D100" in {str(r.sqref) for r in plan.conditional_formatting}
    notes = book["My notes"]
    assert notes["C5"].value == '=IF(B2>1000,"over","ok")'
    assert "A7:C7" in {str(r) for r in notes.merged_cells.ranges}
    assert notes.freeze_panes == "A2"
    assert book.defined_names["TotalBudget"].attr_text == "'My notes'!$B$1"


def test_baseline_cells_get_values_and_formats_the_reader_reads(tmp_path: Path) -> None:
    """Dates as dates, days as whole numbers, costs as money: read back as the forecast."""
    path = build_owner_workbook(tmp_path / "plan", frozenset())
    result = baseline_file(path, today=SET_ON)
    plan = openpyxl.load_workbook(path)["Plan"]
    design = result.analysis.tasks["2"]
    assert design.forecast_start is not None
    assert design.forecast_finish is not None
    assert plan["I3"].value == datetime.combine(design.forecast_start, datetime.min.time())
    assert plan["J3"].value == datetime.combine(design.forecast_finish, datetime.min.time())
    assert (plan["K3"].value, plan["K3"].number_format) == (5, "0")
    assert plan["L3"].value == 4000
    assert plan["J3"].number_format == "ddd d mmm yyyy"
    reread = pmkit.read_plan(path)
    assert {t.slip for t in pmkit.analyze(reread).tasks} == {0}


def test_owner_formatted_baseline_cells_keep_their_look(tmp_path: Path) -> None:
    """Baseline columns the owner filled and coloured: the values change, the fill and font
    stay, the number format becomes the value's."""
    path = build_owner_workbook(tmp_path / "plan", frozenset())
    book = openpyxl.load_workbook(path)
    plan = book["Plan"]
    plan["I1"], plan["J1"] = "Baseline Start", "Baseline Finish"
    yellow = PatternFill("solid", start_color="FFFF00", end_color="FFFF00")
    for row in range(2, 6):
        plan.cell(row, 10, date(2026, 1, 5)).fill = yellow
        plan.cell(row, 10).font = Font(italic=True)
    book.save(path)
    assert main(["baseline", str(path), "--force"]) == 0
    plan = openpyxl.load_workbook(path)["Plan"]
    for row in range(2, 6):
        cell = plan.cell(row, 10)
        assert cell.value != datetime(2026, 1, 5)
        assert cell.fill.fgColor.rgb == "00FFFF00"
        assert cell.font.i
        assert cell.number_format == "ddd d mmm yyyy"


def test_new_headers_take_the_look_of_the_header_beside_them(tmp_path: Path) -> None:
    """The Plan's own header look (bold, coloured) carries on over the new columns."""
    path = build_owner_workbook(tmp_path / "plan", frozenset())
    book = openpyxl.load_workbook(path)
    book["Plan"]["H1"].font = Font(bold=True, color="FF0000")
    book.save(path)
    assert main(["baseline", str(path)]) == 0
    plan = openpyxl.load_workbook(path)["Plan"]
    for column in BASELINE_COLUMNS:
        assert plan[f"{column}1"].font.b
        assert plan[f"{column}1"].font.color.rgb == "00FF0000"


def test_the_previous_baseline_is_renamed_with_its_mark_and_print_titles(
    tmp_path: Path,
) -> None:
    """--force keeps the old Baseline as Baseline 1: still marked as pmkit's, its print
    titles naming it, and read back as the history it is."""
    path = build_owner_workbook(tmp_path / "plan", frozenset())
    baseline_file(path, today=SET_ON)
    baseline_file(path, force=True, today=date(2026, 3, 9))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-2:] == ["Baseline 1", "Baseline"]
    first = book["Baseline 1"]
    assert first["B1"].value.date() == SET_ON
    workbook = _parts(path)["xl/workbook.xml"].decode()
    index = book.sheetnames.index("Baseline 1")
    titles = re.search(
        rf'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">([^<]*)<', workbook
    )
    assert titles is not None
    assert titles.group(1) == "'Baseline 1'!$1:$4"
    assert "PMKIT_OUTPUT" in first.defined_names
    assert book["Baseline"]["B1"].value.date() == date(2026, 3, 9)
    assert pmkit.read_plan(path).baseline.number == 2  # type: ignore[union-attr]


def test_a_macro_workbook_keeps_its_vba_project_byte_for_byte(tmp_path: Path) -> None:
    """In place in an .xlsm, the macros are copied as they are (openpyxl would rebuild)."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({"macros"}))
    vba = _parts(path)["xl/vbaProject.bin"]
    assert main(["baseline", str(path)]) == 0
    assert _parts(path)["xl/vbaProject.bin"] == vba


# -- the sheet XML edit, on any grid ------------------------------------------------------

_TEXT = st.text(alphabet="ab <&>\"'é", min_size=1, max_size=6)
_OWNER = st.one_of(st.integers(-1000, 10**6), _TEXT, st.dates(date(1990, 1, 1), date(2100, 1, 1)))
_PLACES = st.tuples(st.integers(1, 30), st.integers(1, 12))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    owner=st.dictionaries(_PLACES, _OWNER, max_size=40),
    written=st.dictionaries(_PLACES, st.one_of(st.integers(-1000, 10**6), _TEXT), max_size=30),
)
def test_written_cells_change_and_no_other_cell_does(
    tmp_path_factory: pytest.TempPathFactory,
    owner: dict[tuple[int, int], int | str | date],
    written: dict[tuple[int, int], int | str],
) -> None:
    """On any sheet, the cells written read back with their new values; every other cell
    keeps its value, wherever the new ones fall (before, between, after, in new rows)."""
    path = tmp_path_factory.mktemp("grid") / "grid.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for (row, column), value in owner.items():
        sheet.cell(row, column, value)
    book.save(path)
    parts = _parts(path)
    cells: dict[int, dict[int, tuple[int, int, object]]] = {}
    for (row, column), value in written.items():
        cells.setdefault(row, {})[column] = (row, column, value)

    def make(item: tuple[int, int, object], style: int) -> str:
        row, column, value = item  # the owner's style dropped: values compare as written
        return cell_xml(f"{get_column_letter(column)}{row}", 0, value, date(1899, 12, 30))

    parts["xl/worksheets/sheet1.xml"] = write_cells(parts["xl/worksheets/sheet1.xml"], cells, make)
    # Excel calls a sheet damaged when its rows, or the cells in a row, are out of order
    places = [
        (int(row), column_index_from_string(letters))
        for letters, row in re.findall(
            r'<c r="([A-Z]+)(\d+)"', parts["xl/worksheets/sheet1.xml"].decode()
        )
    ]
    assert places == sorted(places)
    rows = [
        int(r) for r in re.findall(r'<row r="(\d+)"', parts["xl/worksheets/sheet1.xml"].decode())
    ]
    assert rows == sorted(set(rows))
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    reread = openpyxl.load_workbook(path).active
    assert reread is not None
    found = {
        (cell.row, cell.column): cell.value.date()
        if isinstance(cell.value, datetime)
        else cell.value
        for row in reread.iter_rows()
        for cell in row
        if cell.value is not None
    }
    assert found == {**owner, **written}
