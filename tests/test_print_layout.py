"""The report reads well on screen and on paper: columns that never touch, headers as tall
as they wrap, done milestones that keep their ◆, and one print setup — scale, titles,
page breaks — that every writer renders."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

import pmkit
from pmkit.engine.figures import format_day
from pmkit.engine.results import Analysis
from pmkit.outputs import Cell, CellKind, OutputSheet, Role, Row, Tone, build_output_sheets
from pmkit.outputs.layout import page_setup, row_height
from pmkit.outputs.palette import CellStyle, cell_style, look_of, money_format
from pmkit.outputs.print_layout import (
    MIN_SCALE,
    column_points,
    page_breaks,
    page_height_points,
    page_setup_for,
    printable_width_points,
)
from pmkit.outputs.text_size import LINE_POINTS, fits, text_units
from pmkit.report.package import graft_sheets
from pmkit.report.xlsx import write_output_sheet
from pmkit.template.regenerate import write_finished_sample, write_sample
from tests.builders import plan_of
from tests.report_support import summary_figures

STATUS = date(2026, 3, 2)
_SHOWN = {
    CellKind.PERCENT: lambda v: f"{v * 100:.1f}%",
    CellKind.RATIO: lambda v: f"{v:.2f}",
    CellKind.MONEY: lambda v: f"${v:,.0f}",
}


@pytest.fixture(scope="module")
def analyses(tmp_path_factory: pytest.TempPathFactory) -> list[Analysis]:
    """The sample half way through, and its finished sibling."""
    folder = tmp_path_factory.mktemp("samples")
    return [
        pmkit.analyze(pmkit.read_plan(write_sample(folder / "sample-plan.xlsx"))),
        pmkit.analyze(pmkit.read_plan(write_finished_sample(folder / "finished.xlsx"))),
    ]


@pytest.fixture(scope="module")
def sheets(analyses: list[Analysis]) -> list[OutputSheet]:
    return [sheet for analysis in analyses for sheet in build_output_sheets(analysis)]


def _style(sheet: OutputSheet, row: Row, column: int) -> CellStyle:
    cell = row.cells[column - 1]
    return cell_style(look_of(sheet, cell, row.role, column), money_format(sheet.currency))


def _shown(cell: Cell) -> str:
    value = cell.value
    if isinstance(value, date):
        return format_day(value)
    return _SHOWN.get(cell.kind, str)(value)


def _fits(sheet: OutputSheet, row: Row, column: int) -> bool:
    cell = row.cells[column - 1]
    style = _style(sheet, row, column)
    return fits(_shown(cell), sheet.widths[column - 1], indent_chars=style.indent, bold=cell.bold)


def _table_cells(sheet: OutputSheet) -> list[tuple[Row, int]]:
    """Every filled body cell of a table column (not the Gantt's time scale)."""
    last = (sheet.timeline_from or 10**6) - 1
    return [
        (row, c)
        for row in sheet.rows
        if row.role is Role.BODY
        for c in range(1, min(len(row.cells), len(sheet.widths), last) + 1)
        if row.cells[c - 1].value is not None
    ]


def test_every_figure_fits_its_column(sheets: list[OutputSheet]) -> None:
    """A date, a count or an amount that does not fit shows as ### in Excel: each one of
    every output sheet fits its column, padding included."""
    for sheet in sheets:
        for row, c in _table_cells(sheet):
            if not isinstance(row.cells[c - 1].value, str):
                assert _fits(sheet, row, c), (sheet.name, _shown(row.cells[c - 1]))


def test_neighbouring_columns_never_touch(sheets: list[OutputSheet]) -> None:
    """No value runs into its neighbour (`100%Done`, `0Yes`): where one cell's content
    reaches its right edge, the next keeps a step of padding on its left, and the other
    way round; a centred value clears both edges (it fits, above)."""

    def reaches_right(style: CellStyle, whole: bool) -> bool:
        return (style.horizontal == "right" and not style.indent) or (
            style.horizontal == "left" and not whole  # a cut text runs to the edge
        )

    def reaches_left(style: CellStyle, whole: bool) -> bool:
        return (style.horizontal == "left" and not style.indent) or (
            style.horizontal == "right" and not whole
        )

    for sheet in sheets:
        filled = {(id(row), c) for row, c in _table_cells(sheet)}
        for row, c in _table_cells(sheet):
            if (id(row), c + 1) not in filled:
                continue
            left, right = _style(sheet, row, c), _style(sheet, row, c + 1)
            touching = reaches_right(left, _fits(sheet, row, c)) and reaches_left(
                right, _fits(sheet, row, c + 1)
            )
            assert not touching, (sheet.name, row.cells[c - 1].value, row.cells[c].value)


def test_headers_sit_as_their_columns_do(sheets: list[OutputSheet]) -> None:
    """Each header of the Schedule lines up with the values under it."""
    schedule = next(sheet for sheet in sheets if sheet.name == "Schedule")
    header, first = schedule.rows[0], schedule.rows[1]
    for c in range(1, len(header.cells) + 1):
        head, body = _style(schedule, header, c), _style(schedule, first, c)
        assert (head.horizontal, head.indent) == (body.horizontal, body.indent), c


_WIDEST_DATE = max(
    (format_day(date(2026, 1, 1) + timedelta(days=n)) for n in range(366 * 4)), key=text_units
)


def test_the_summarys_figures_read_down_one_edge(sheets: list[OutputSheet]) -> None:
    """The Summary's Value column holds money, ratios, dates, days, shares and the words
    that stand in for a figure ("no baseline", the status): every one of them, and its
    header, sits a step in from the right — as do plan health's thresholds and the
    close-out's agreed and actual — so the column reads down one edge, not in three."""
    for sheet in sheets:
        if sheet.name != "Summary":
            continue
        figures = summary_figures(sheet)
        kinds = {cell.kind for _, _, cell in figures}
        assert {CellKind.MONEY, CellKind.RATIO, CellKind.DATE, CellKind.TEXT} <= kinds
        for r, c, _ in figures:
            style = _style(sheet, sheet.rows[r - 1], c)
            assert (style.horizontal, style.indent) == ("right", 1), (r, c)
        for c in {c for _, c, _ in figures}:  # any date fits there, not just the sample's
            assert fits(_WIDEST_DATE, sheet.widths[c - 1], indent_chars=1), c


@pytest.mark.parametrize("package", [True, False], ids=["package-writer", "openpyxl-writer"])
def test_both_writers_line_the_summarys_figures_up_on_the_right(
    sheets: list[OutputSheet], tmp_path: Path, package: bool
) -> None:
    """Read back from the written file: the Summary's Value column (and plan health's
    thresholds, the close-out's agreed and actual) is right-aligned a step in, whatever
    each figure's kind, by either xlsx writer."""
    for number, sheet in enumerate(s for s in sheets if s.name == "Summary"):
        ws = _written(replace(sheet, name=f"Summary{number}"), tmp_path, package=package)
        written = ws[f"Summary{number}"]
        for r, c, _ in summary_figures(sheet):
            alignment = written.cell(row=r, column=c).alignment
            assert (alignment.horizontal, alignment.indent) == ("right", 1), (r, c)


def test_a_header_row_is_as_tall_as_its_longest_header_wraps() -> None:
    """A long header in a narrow column gets the lines it needs, so it is never cut."""
    sheet = OutputSheet(
        "History",
        (Row((Cell("Run date"), Cell("Unapproved scope growth (days)")), Role.HEADER),),
        (12.0, 12.0),
        header_row=1,
    )
    height = row_height(sheet, 1)
    assert height is not None
    assert height >= 3 * LINE_POINTS


def test_done_milestones_keep_their_diamond(analyses: list[Analysis]) -> None:
    """Every milestone on the Gantt is a ◆ — grey once reached, red when critical — the
    finished project's included."""
    for analysis in analyses:
        gantt = build_output_sheets(analysis)[3]
        milestones = {r.id for r in analysis.tasks if r.duration == 0}
        done = {t.id for t in analysis.plan.tasks if t.is_done}
        seen = {}
        for row in gantt.body():
            if len(row.cells) > 2 and row.cells[2].value == "Forecast":
                marks = [cell.tone for cell in row.cells if cell.value == "◆"]
                seen[str(row.cells[0].value)] = marks
        for task_id in milestones:
            expected = Tone.MILESTONE_DONE if task_id in done else None
            assert seen[task_id], task_id
            if expected is not None:
                assert seen[task_id] == [expected], task_id
        assert milestones & done


def test_a_milestones_agreed_day_is_a_light_diamond(analyses: list[Analysis]) -> None:
    """A milestone's baseline row is a light ◆ on its agreed day (it was a week-wide bar,
    read as a week of work); a task agreed with working days keeps its baseline bar."""
    for analysis in analyses:
        gantt = build_output_sheets(analysis)[3]
        agreed = {t.id: t.baseline_duration_days for t in analysis.plan.tasks}
        for forecast, baseline in pairwise(gantt.body()):
            if len(forecast.cells) < 3 or forecast.cells[2].value != "Forecast":
                continue
            marks = [cell for cell in baseline.cells[5:] if cell.tone is not None]
            if agreed[str(forecast.cells[0].value)] == 0:
                assert [(c.value, c.tone) for c in marks] == [("◆", Tone.MILESTONE_BASELINE)]
                assert cell_style(look_of(gantt, marks[0], Role.BODY, 6)).fill is None
            elif agreed[str(forecast.cells[0].value)]:
                assert {c.tone for c in marks} == {Tone.BAR_BASELINE}
        assert 0 in agreed.values()


def test_gantt_pairs_never_split_across_pages() -> None:
    """Each page of a long Gantt ends after a task's baseline bar, never between its
    forecast bar and its baseline bar."""
    specs = ["T1:3", *(f"T{n}:3<T{n - 1}" for n in range(2, 121))]
    gantt = build_output_sheets(_with_baseline(pmkit.analyze(plan_of(*specs), STATUS)))[3]
    setup = page_setup(gantt)
    assert not setup.fit_width
    assert len(setup.row_breaks) >= 3
    for row in setup.row_breaks:
        assert gantt.rows[row - 1].cells[2].value == "Baseline", row
        assert gantt.rows[row].cells[2].value == "Forecast", row


def _with_baseline(analysis: Analysis) -> Analysis:
    """The plan as scheduled, agreed as its baseline."""
    tasks = tuple(
        replace(t, baseline_start=r.forecast_start, baseline_finish=r.forecast_finish)
        for t, r in zip(analysis.plan.tasks, analysis.tasks, strict=True)
    )
    return pmkit.analyze(replace(analysis.plan, tasks=tasks), analysis.status_date)


@given(
    st.lists(st.floats(5, 200), min_size=1, max_size=300),
    st.lists(st.booleans(), min_size=300, max_size=300),
    st.booleans(),
    st.integers(MIN_SCALE, 100),
)
def test_page_breaks_keep_groups_and_fill_no_page_past_its_end(
    heights: list[float], keeps: list[bool], landscape: bool, scale: int
) -> None:
    """Breaks fall only between groups of rows kept together, and a page holds no more
    than fits — unless it holds a single group taller than a page."""
    keeps = keeps[: len(heights)]
    breaks = page_breaks(heights, keeps, landscape, scale, None)
    group = [0]
    for kept in keeps[:-1]:
        group.append(group[-1] + (0 if kept else 1))
    page = page_height_points(landscape, scale)
    for row in breaks:
        assert not keeps[row - 1], row
    for first, last in zip([0, *breaks], [*breaks, len(heights)], strict=True):
        assert sum(heights[first:last]) <= page or group[first] == group[last - 1]


@given(st.lists(st.floats(2, 80), min_size=1, max_size=40), st.booleans())
def test_no_sheet_prints_its_text_below_8_points(widths: list[float], landscape: bool) -> None:
    """Fitted to the page width only when that keeps the scale at 80 % or more (10-point
    notes at 8 points); else printed at a fixed scale no smaller, across more pages."""
    setup = page_setup_for(widths, landscape=landscape, title_columns=2)
    natural = printable_width_points(landscape) / sum(map(column_points, widths))
    if setup.fit_width:
        assert natural * 100 >= MIN_SCALE
    else:
        assert MIN_SCALE <= setup.scale <= 100
        assert setup.title_columns == (2 if natural * setup.scale < 100 else 0)


def test_wide_tables_repeat_their_header_and_id_and_task(sheets: list[OutputSheet]) -> None:
    """The Schedule prints at 80 % over two pages across, its header row and its ID and
    Task columns on each; the Flags fit one page wide."""
    by_name = {sheet.name: sheet for sheet in sheets}
    schedule = page_setup(by_name["Schedule"])
    assert (schedule.fit_width, schedule.scale) == (False, MIN_SCALE)
    assert (schedule.title_rows_ref, schedule.title_columns_ref) == ("1:1", "A:B")
    assert page_setup(by_name["Flags"]).fit_width


def test_summary_headings_stay_with_their_tables(sheets: list[OutputSheet]) -> None:
    """Every title, heading and table header of the Summary stays with the row after it,
    so no page ends on one (nor on a chain's title)."""
    leads = {Role.TITLE, Role.SUBTITLE, Role.HEADING, Role.HEADER}
    for sheet in sheets:
        if sheet.name != "Summary":
            continue
        assert all(row.keep_with_next for row in sheet.rows if row.role in leads)
        setup = page_setup(sheet)
        assert setup.row_breaks
        for row in setup.row_breaks:
            assert not sheet.rows[row - 1].keep_with_next, row


def _written(sheet: OutputSheet, tmp_path: Path, *, package: bool) -> Workbook:
    target = tmp_path / f"{sheet.name}-{package}.xlsx"
    if package:
        seed = Workbook()
        seed.save(tmp_path / "seed.xlsx")
        graft_sheets(tmp_path / "seed.xlsx", target, [sheet])
    else:
        book = Workbook()
        write_output_sheet(book, sheet)
        book.save(target)
    return openpyxl.load_workbook(target)


@pytest.mark.parametrize("package", [True, False], ids=["package-writer", "openpyxl-writer"])
def test_both_writers_write_the_page_setup(
    sheets: list[OutputSheet], tmp_path: Path, package: bool
) -> None:
    """Orientation, fit or scale, print titles (rows and columns) and page breaks in the
    written file are the ones `page_setup` decides, by either xlsx writer."""
    for sheet in sheets[:4]:
        setup = page_setup(sheet)
        ws = _written(sheet, tmp_path, package=package)[sheet.name]
        assert ws.page_setup.orientation == ("landscape" if setup.landscape else "portrait")
        assert bool(
            ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage
        ) is (setup.fit_width)
        if setup.fit_width:
            assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        else:
            assert ws.page_setup.scale is not None
            assert int(ws.page_setup.scale) == setup.scale
        rows = setup.title_rows_ref
        assert ws.print_title_rows == (None if rows is None else "${}:${}".format(*rows.split(":")))
        columns = setup.title_columns_ref
        expected = None if columns is None else "${}:${}".format(*columns.split(":"))
        assert ws.print_title_cols == expected
        assert [brk.id for brk in ws.row_breaks.brk] == list(setup.row_breaks)
