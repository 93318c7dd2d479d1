"""The Excel buttons lay out and print each output sheet as `pmkit report` does: the
palette's alignment, and the print setup of `pmkit.outputs.print_layout` through Excel's
PageSetup."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmkit
from addin.sheet_format import EXCEL_ALIGNMENT
from addin.xlwings_workbook import XlwingsWorkbook
from pmkit.outputs import OutputSheet, build_output_sheets
from pmkit.outputs.layout import page_setup
from pmkit.outputs.palette import KIND_ALIGNMENT
from tests.addin.fake_xlwings import FakeBook
from tests.report_support import summary_figures


@pytest.fixture(scope="module")
def written(sample_path: Path) -> tuple[FakeBook, tuple[OutputSheet, ...]]:
    """The sample's output sheets, written into an open workbook by the buttons' writer."""
    book = FakeBook(sample_path)
    sheets = build_output_sheets(pmkit.analyze(pmkit.read_plan(sample_path)))
    workbook = XlwingsWorkbook(book)
    for sheet in sheets:
        workbook.replace_sheet(sheet)
    return book, sheets


def test_each_sheet_prints_as_the_report_does(
    written: tuple[FakeBook, tuple[OutputSheet, ...]],
) -> None:
    """Orientation, fit or scale, titles on every page and page breaks: the same setup
    the report file carries."""
    book, sheets = written
    for sheet in sheets:
        setup = page_setup(sheet)
        api = book.sheet(sheet.name).api
        assert api.PageSetup.Orientation == (2 if setup.landscape else 1)
        if setup.fit_width:
            assert (api.PageSetup.Zoom, api.PageSetup.FitToPagesWide) == (False, 1)
        else:
            assert api.PageSetup.Zoom == setup.scale
        rows, columns = setup.title_rows_ref, setup.title_columns_ref
        assert api.PageSetup.PrintTitleRows == ("" if rows is None else "$1:$" + rows[2:])
        assert api.PageSetup.PrintTitleColumns == ("" if columns is None else "$A:$" + columns[2:])
        assert api.HPageBreaks.before == [row + 1 for row in setup.row_breaks]
        assert api.PageSetup.RightFooter == "Page &P of &N"


def test_rows_the_page_breaks_count_on_get_their_height(
    written: tuple[FakeBook, tuple[OutputSheet, ...]],
) -> None:
    """On the Gantt, whose breaks fall between a task's two bars, every row has a height."""
    book, sheets = written
    gantt = book.sheet("Gantt")
    assert len(gantt.row_heights) == len(sheets[3].rows)


def test_columns_are_aligned_as_the_palette_says(
    written: tuple[FakeBook, tuple[OutputSheet, ...]],
) -> None:
    """The Schedule's % Complete is centred and its Status a step in from the left, so
    `100%` and `Done` never run together in Excel either."""
    book, sheets = written
    schedule = book.sheet("Schedule")
    header = sheets[1].header()
    percent = header.index("% Complete") + 1
    status = header.index("Status") + 1
    for column, kind in ((percent, "percent"), (status, "text")):
        align = KIND_ALIGNMENT[next(k for k in KIND_ALIGNMENT if k.value == kind)]
        assert schedule.alignment[(2, column)] == {
            "HorizontalAlignment": EXCEL_ALIGNMENT[align.horizontal],
            "IndentLevel": align.indent,
        }


def test_the_summarys_figures_line_up_on_the_right(
    written: tuple[FakeBook, tuple[OutputSheet, ...]],
) -> None:
    """The Summary's Value column mixes money, ratios, dates and words: each of them, and
    the header above, is right-aligned a step in — as the report file has them — where
    Excel's own default would put words left and the centred kinds elsewhere."""
    book, sheets = written
    summary = book.sheet("Summary")
    figures = summary_figures(sheets[0])
    assert len(figures) > 30
    right = {"HorizontalAlignment": EXCEL_ALIGNMENT["right"], "IndentLevel": 1}
    for r, c, _ in figures:
        assert summary.alignment.get((r, c)) == right, (r, c)
