"""The Flags sheet opens each grouped finding to its details: a row outline, collapsed,
in every writer (the report's package writer, openpyxl, and the add-in over xlwings)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

import pmkit
from addin import buttons
from addin.xlwings_workbook import XlwingsWorkbook
from pmkit.cli import main
from pmkit.outputs import Cell, OutputSheet, Row, build_flags_sheet
from pmkit.report.xlsx import write_output_sheet
from tests.addin.fake_xlwings import FakeBook

SAMPLE = Path(__file__).resolve().parents[1] / "templates" / "sample-plan.xlsx"


@pytest.fixture(scope="module")
def flags() -> OutputSheet:
    return build_flags_sheet(pmkit.analyze(pmkit.read_plan(SAMPLE)))


def test_outline_groups_are_the_runs_of_detail_rows() -> None:
    """Each run of level-1 rows is one group, under the row above it."""
    rows = tuple(
        Row((Cell(str(n)),), outline_level=level)
        for n, level in enumerate([0, 0, 1, 1, 0, 1, 0, 1], start=1)
    )
    sheet = OutputSheet("Flags", rows, (10,))
    assert sheet.outline_groups() == [(3, 4), (6, 6), (8, 8)]


def test_the_flags_sheet_puts_each_findings_details_under_it(flags: OutputSheet) -> None:
    """Below each grouped finding come its per-cell findings, at level 1, marked ↳."""
    rows = list(flags.body())
    head = next(i for i, row in enumerate(rows) if row.cells[1].value == "deadline-missed")
    details = rows[head + 1 : head + 32]
    assert all(row.outline_level == 1 for row in details)
    assert all(str(row.cells[4].value).startswith("↳ ") for row in details)
    assert rows[head + 32].outline_level == 0


def _check_outline(ws: Worksheet, sheet: OutputSheet) -> None:
    assert ws.sheet_properties.outlinePr is not None
    assert ws.sheet_properties.outlinePr.summaryBelow is False
    groups = sheet.outline_groups()
    assert groups
    for first, last in groups:
        assert ws.row_dimensions[first - 1].collapsed
        assert not ws.row_dimensions[first - 1].hidden
        for r in range(first, last + 1):
            assert ws.row_dimensions[r].outlineLevel == 1
            assert ws.row_dimensions[r].hidden
    shown = {r for first, last in groups for r in range(first, last + 1)}
    assert all(
        not ws.row_dimensions[r].hidden for r in range(1, len(sheet.rows) + 1) if r not in shown
    )


def test_the_report_collapses_details_under_their_finding(
    flags: OutputSheet, tmp_path: Path
) -> None:
    """`pmkit report` (the package writer) writes the outline, summary rows above."""
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(SAMPLE.read_bytes())
    assert main(["report", str(plan)]) == 0
    ws = openpyxl.load_workbook(tmp_path / "plan-report.xlsx")["Flags"]
    _check_outline(ws, flags)


def test_the_openpyxl_writer_collapses_details_too(flags: OutputSheet, tmp_path: Path) -> None:
    """The openpyxl writer (the fallback, the folder sync) writes the same outline."""
    workbook = openpyxl.Workbook()
    write_output_sheet(workbook, flags)
    workbook.save(tmp_path / "flags.xlsx")
    _check_outline(openpyxl.load_workbook(tmp_path / "flags.xlsx")["Flags"], flags)


def test_the_addin_groups_details_in_the_open_workbook(flags: OutputSheet) -> None:
    """*Validate plan* groups each run of details under its finding, summary rows above,
    and shows only the findings."""
    book = FakeBook(SAMPLE)
    buttons.validate_plan(XlwingsWorkbook(book))
    sheet = next(s for s in book.sheets if s.name == "Flags")
    assert sheet.row_groups == flags.outline_groups()
    assert sheet.api.Outline.SummaryRow == 0
    assert sheet.api.Outline.shown_levels == 1
