"""The output sheets as typed data: what each sheet holds and how it asks to look."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest

from pmkit.engine.analysis import analyze
from pmkit.engine.issues import Location, Severity
from pmkit.engine.model import BaselineSnapshot, BaselineTask
from pmkit.engine.schema import REPORT_SHEETS
from pmkit.outputs import (
    CellKind,
    OutputSheet,
    Role,
    Tone,
    build_flags_sheet,
    build_gantt_sheet,
    build_output_sheets,
    build_schedule_sheet,
    build_summary_sheet,
    link_target,
    status_paragraph,
    summary_metrics,
)
from pmkit.outputs.flags import FLAG_COLUMNS
from pmkit.outputs.frames import to_frames
from pmkit.outputs.gantt import AGREED_FINISH, LEAD_COLUMNS, MAX_TASKS, week_starts
from pmkit.outputs.palette import money_format
from pmkit.outputs.schedule import SCHEDULE_COLUMNS, slip_tone
from pmkit.report.ownership import is_output_sheet
from tests.builders import MONDAY, plan_of, task
from tests.report_support import STATUS_DATE, sample_analysis


def test_output_sheets_come_in_workbook_order() -> None:
    """build_output_sheets returns Summary, Schedule, Flags, Gantt, Workload, each named so."""
    sheets = build_output_sheets(sample_analysis())
    assert tuple(sheet.name for sheet in sheets) == REPORT_SHEETS


def test_schedule_values_are_the_schedule_sheets_values() -> None:
    """The fast plain-value Schedule table holds exactly the sheet's values, with each id as
    `task_id` shows it (the add-in gives whole numbers back as numbers)."""
    from pmkit.outputs.schedule import schedule_values

    analysis = sample_analysis()
    expected = build_schedule_sheet(analysis).values()
    assert schedule_values(analysis) == expected
    shown = schedule_values(analysis, lambda task_id: f"#{task_id}")
    assert [row[0] for row in shown[1:]] == [f"#{row[0]}" for row in expected[1:]]
    assert [row[1:] for row in shown] == [row[1:] for row in expected]


def test_only_the_named_output_sheets_are_built_in_workbook_order() -> None:
    """`only` builds just the sheets a front end writes (a button), in workbook order, the
    same sheets as the full build; a name that is no report sheet is refused."""
    analysis = sample_analysis()
    every = {sheet.name: sheet for sheet in build_output_sheets(analysis)}
    some = build_output_sheets(analysis, only=["Workload", "Flags", "Schedule"])
    assert [sheet.name for sheet in some] == ["Schedule", "Flags", "Workload"]
    assert all(sheet == every[sheet.name] for sheet in some)
    with pytest.raises(ValueError, match="History"):
        build_output_sheets(analysis, only=["Flags", "History"])


def test_schedule_has_one_row_per_task_under_its_header() -> None:
    """The Schedule table is the header plus one row per task, in plan order."""
    analysis = sample_analysis(tasks=5)
    sheet = build_schedule_sheet(analysis)
    assert sheet.header() == tuple(name for name, _, _ in SCHEDULE_COLUMNS)
    assert [row.cells[0].value for row in sheet.body()] == ["1", "2", "3", "4", "5"]
    assert sheet.header_row == 1
    assert sheet.freeze_columns == 2


def test_schedule_marks_the_critical_path_and_done_tasks() -> None:
    """Critical unfinished tasks are bold and critical-toned; done tasks are muted."""
    rows = list(build_schedule_sheet(sample_analysis()).body())
    done, critical = rows[0], rows[1]
    assert done.cells[1].tone is Tone.MUTED
    assert done.cells[13].value is None
    assert critical.cells[1].tone is Tone.CRITICAL
    assert critical.cells[1].bold
    assert critical.cells[13].value == "Yes"


def test_schedule_cells_are_typed() -> None:
    """Dates, whole days and percentages carry their kinds for the writers' formats."""
    row = next(build_schedule_sheet(sample_analysis()).body())
    kinds = {
        name: cell.kind for (name, _, _), cell in zip(SCHEDULE_COLUMNS, row.cells, strict=True)
    }
    assert kinds["Forecast Finish"] is CellKind.DATE
    assert kinds["Slip (days)"] is CellKind.INTEGER
    assert kinds["% Complete"] is CellKind.PERCENT
    assert isinstance(row.cells[8].value, date)


@pytest.mark.parametrize(
    ("slip", "tolerance", "tone"),
    [
        pytest.param(None, 0, None, id="no-baseline"),
        pytest.param(-2, 0, Tone.GREEN, id="early"),
        pytest.param(0, 0, Tone.GREEN, id="on-time"),
        pytest.param(2, 3, Tone.AMBER, id="late-within-tolerance"),
        pytest.param(4, 3, Tone.RED, id="late-past-tolerance"),
    ],
)
def test_slip_tone(slip: int | None, tolerance: int, tone: Tone | None) -> None:
    """Slip is red past the tolerance, amber within it, green when on time."""
    assert slip_tone(slip, tolerance) is tone


def test_flags_are_sorted_by_severity_and_linked_to_their_cells() -> None:
    """Errors come first, notes read "note", and each located flag links to the single
    cell it names."""
    sheet = build_flags_sheet(sample_analysis())
    body = list(sheet.body())
    severities = [row.cells[0].value for row in body]
    assert severities == ["error", "warning", "warning", "note"]
    first = body[0].cells[2]
    assert first.value == "Plan!F4"
    assert first.link == Location("Plan", 4, 6)
    assert body[0].cells[0].tone is Tone.RED


def test_flags_sheet_says_so_when_there_are_none() -> None:
    """A clean plan gets one reassuring row instead of an empty table."""
    analysis = dataclasses.replace(sample_analysis(), issues=())
    body = list(build_flags_sheet(analysis).body())
    assert len(body) == 1
    assert "passed every check" in str(body[0].cells[4].value)


@pytest.mark.parametrize(
    ("location", "target"),
    [
        pytest.param(Location("Plan", 7, 6), Location("Plan", 7, 6), id="cell"),
        pytest.param(Location("Baseline", 27, None), Location("Baseline", 27, 1), id="row"),
        pytest.param(Location("Charter"), Location("Charter", 1, 1), id="sheet"),
    ],
)
def test_link_target_is_always_one_cell(location: Location, target: Location) -> None:
    """Row-only places link to column A of the row, whole sheets to A1."""
    assert link_target(location) == target


def test_summary_opens_with_the_status_paragraph() -> None:
    """The Summary's title is followed by the engine's plain-language status paragraph."""
    analysis = sample_analysis()
    sheet = build_summary_sheet(analysis)
    paragraph = [row for row in sheet.rows if row.role is Role.PARAGRAPH]
    assert sheet.rows[0].role is Role.TITLE
    assert paragraph[0].cells[0].value == analysis.summary.status_text
    assert paragraph[0].cells[0].tone is Tone.RED
    assert sheet.rows.index(paragraph[0]) == 2


def test_status_paragraph_is_composed_when_the_engine_gave_none() -> None:
    """Without status_text, the paragraph still says the status, slip, finish and why."""
    summary = dataclasses.replace(sample_analysis().summary, status_text="")
    text = status_paragraph(summary)
    assert text.startswith(
        "Website relaunch is Red. It finishes 2 working days after the agreed date."
    )
    assert "Why: the project finishes 2 working days after the agreed date" in text


def test_summary_says_no_baseline_instead_of_inventing_value_figures() -> None:
    """With no baseline the earned-value figures read "no baseline", muted."""
    metrics = {m.label: m for m in summary_metrics(sample_analysis(baseline=False))}
    assert metrics["Planned value (PV)"].value == "no baseline"
    assert metrics["Slip (working days)"].value == "no baseline"
    # every earned-value line but the money spent says why, none is left blank
    blank = [m.label for m in metrics.values() if m.group == "Earned value" and m.value is None]
    assert blank == []
    assert metrics["Forecast duration at this pace (days)"].value == "no baseline"
    rows = build_summary_sheet(sample_analysis(baseline=False)).rows
    pv_row = next(row for row in rows if row.cells[0].value == "Planned value (PV)")
    assert pv_row.cells[1].tone is Tone.MUTED
    assert pv_row.cells[1].kind is CellKind.TEXT


def test_summary_rates_spi_and_cpi() -> None:
    """SPI below 0.9 is red; the money figures are money cells."""
    metrics = {m.label: m for m in summary_metrics(sample_analysis())}
    assert metrics["Schedule performance (SPI)"].tone is Tone.RED
    assert metrics["Earned value (EV)"].kind is CellKind.MONEY
    assert metrics["Earned value (EV)"].value == 2000.0


def test_summary_lists_health_checks_with_pass_and_fail() -> None:
    """Each plan-health check is a row with Pass, Fail or n/a coloured accordingly."""
    rows = build_summary_sheet(sample_analysis()).rows
    results = {
        str(row.cells[0].value): (row.cells[3].value, row.cells[3].tone)
        for row in rows
        if len(row.cells) == 5 and row.cells[3].value in ("Pass", "Fail", "n/a")
    }
    assert results == {
        "Missing logic": ("Pass", Tone.GREEN),
        "Long tasks": ("Fail", Tone.RED),
        "BEI": ("n/a", Tone.MUTED),
    }


def test_gantt_draws_forecast_over_baseline_rows_in_days() -> None:
    """A short plan gets a column per day: each task has a forecast row then a baseline
    row, and a bar covers every day from start to finish (the weekend included)."""
    analysis = sample_analysis(tasks=4)
    sheet = build_gantt_sheet(analysis)
    body = [row for row in sheet.body() if row.role is Role.BODY]
    assert [row.cells[2].value for row in body[:2]] == ["Forecast", "Baseline"]
    assert len(body) == 8
    assert sheet.header_row is not None
    days = [cell.value for cell in sheet.rows[sheet.header_row - 1].cells[5:]]
    assert days[:2] == [date(2026, 3, 2), date(2026, 3, 3)]
    second = body[2].cells
    filled = [days[i - 5] for i, cell in enumerate(second) if i >= 5 and cell.tone]
    assert filled == [date(2026, 3, 5) + timedelta(days=n) for n in range(5)]  # Thu to Mon
    assert second[8].tone is Tone.BAR_CRITICAL
    baseline = [days[i - 5] for i, cell in enumerate(body[3].cells) if i >= 5 and cell.tone]
    assert baseline == [date(2026, 3, 5)]
    assert body[3].cells[8].tone is Tone.BAR_BASELINE


def _agreed_marks(sheet: OutputSheet) -> dict[str, list[tuple[object, object]]]:
    """Each task's agreed (baseline) row: the days it marks, each with its bar tone or its
    mark (◆, ▐)."""
    assert sheet.header_row is not None
    days = [cell.value for cell in sheet.rows[sheet.header_row - 1].cells[LEAD_COLUMNS:]]
    body = [row for row in sheet.body() if row.role is Role.BODY]
    marks: dict[str, list[tuple[object, object]]] = {}
    for forecast, agreed in zip(body[::2], body[1::2], strict=True):
        assert agreed.cells[2].value == "Baseline"
        marks[str(forecast.cells[0].value)] = [
            (day, cell.value or cell.tone)
            for day, cell in zip(days, agreed.cells[LEAD_COLUMNS:], strict=False)
            if cell.value or cell.tone
        ]
    return marks


def test_gantt_marks_an_agreed_finish_with_no_agreed_start() -> None:
    """A Baseline Finish with no Baseline Start (owners often write only the agreed
    finish) still shows on the agreed row: a milestone as its ◆, a task with a Baseline
    Duration as a bar counted back over those working days (as planned value counts it),
    any other as a ▐ on its agreed finish alone — no start is made up — and the title
    says what ▐ means, a note once why."""
    plan = plan_of(
        task("A", 5, baseline_finish=date(2026, 3, 6)),
        task("B", 3, "A", baseline_finish=date(2026, 3, 10), baseline_duration_days=3),
        task("C", 0, "B", baseline_finish=date(2026, 3, 11)),
        task("D", 2, "B", baseline_finish=date(2026, 3, 13)),
    )
    sheet = build_gantt_sheet(analyze(plan, MONDAY))
    marks = _agreed_marks(sheet)
    assert marks["A"] == [(date(2026, 3, 6), AGREED_FINISH)]
    assert marks["B"] == [(date(2026, 3, d), Tone.BAR_BASELINE) for d in (6, 7, 8, 9, 10)]
    assert marks["C"] == [(date(2026, 3, 11), "◆")]
    assert marks["D"] == [(date(2026, 3, 13), AGREED_FINISH)]
    body = [row for row in sheet.body() if row.role is Role.BODY]
    assert [row.cells[3].value for row in body[1::2]] == [None] * 4  # no start is shown
    assert f"{AGREED_FINISH} an agreed finish only" in str(sheet.rows[0].cells[0].value)
    notes = [str(row.cells[0].value) for row in sheet.rows if row.role is Role.NOTE][1:]
    assert len(notes) == 2
    assert notes[0].startswith(f"{AGREED_FINISH} marks the agreed finish of tasks A and D")
    assert "task B" in notes[1]
    assert "Baseline Duration" in notes[1]


def test_gantt_reads_the_agreed_start_from_the_baseline_sheet() -> None:
    """The Plan's Baseline columns left blank, the Baseline sheet's start and finish draw
    the agreed bar, as they measure slip and planned value."""
    frozen = BaselineTask("A", "Task A", 3, date(2026, 3, 3), date(2026, 3, 5), None)
    plan = dataclasses.replace(
        plan_of("A:5"), baseline=BaselineSnapshot(date(2026, 3, 2), (frozen,))
    )
    sheet = build_gantt_sheet(analyze(plan, MONDAY))
    assert _agreed_marks(sheet)["A"] == [(date(2026, 3, d), Tone.BAR_BASELINE) for d in (3, 4, 5)]
    assert f"{AGREED_FINISH}" not in str(sheet.rows[0].cells[0].value)


def test_gantt_of_a_long_plan_has_a_column_per_week() -> None:
    """Past nine weeks the columns are weeks starting Monday; a bar fills its weeks."""
    sheet = build_gantt_sheet(sample_analysis(tasks=30))
    assert sheet.header_row is not None
    weeks = [cell.value for cell in sheet.rows[sheet.header_row - 1].cells[5:]]
    assert weeks[:3] == [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    assert "one column per week" in str(sheet.rows[0].cells[0].value)
    second = [row for row in sheet.body() if row.role is Role.BODY][2].cells
    filled = [weeks[i - 5] for i, cell in enumerate(second) if i >= 5 and cell.tone]
    assert filled == [date(2026, 3, 2), date(2026, 3, 9)]


def test_gantt_marks_the_status_day() -> None:
    """The marker column is the day (short plan) or the week (long plan) of the status date."""
    daily = build_gantt_sheet(sample_analysis())
    assert daily.marker_column is not None
    assert daily.header_row is not None
    header = daily.rows[daily.header_row - 1].cells
    assert header[daily.marker_column - 1].value == STATUS_DATE
    assert daily.timeline_from == 6
    weekly = build_gantt_sheet(sample_analysis(tasks=30))
    assert weekly.marker_column is not None
    assert weekly.header_row is not None
    header = weekly.rows[weekly.header_row - 1].cells
    monday = STATUS_DATE - timedelta(days=STATUS_DATE.weekday())
    assert header[weekly.marker_column - 1].value == monday


def test_gantt_without_baseline_has_one_row_per_task() -> None:
    """No baseline: only forecast rows."""
    sheet = build_gantt_sheet(sample_analysis(baseline=False, tasks=3))
    assert [row.cells[2].value for row in sheet.body()] == ["Forecast"] * 3


def test_gantt_stays_bounded_on_huge_plans() -> None:
    """Past MAX_TASKS tasks the Gantt shows the first ones and says so."""
    sheet = build_gantt_sheet(sample_analysis(tasks=MAX_TASKS + 5, baseline=False))
    bars = [row for row in sheet.body() if row.role is Role.BODY]
    notes = [str(row.cells[0].value) for row in sheet.rows if row.role is Role.NOTE]
    assert len(bars) == MAX_TASKS
    assert any(f"first {MAX_TASKS:,} of {MAX_TASKS + 5:,}" in note for note in notes)


def test_week_starts_are_mondays_and_capped() -> None:
    """Weeks start on Mondays and stop at the limit."""
    weeks = week_starts(date(2026, 3, 4), date(2030, 1, 1), limit=10)
    assert len(weeks) == 10
    assert all(week.weekday() == 0 for week in weeks)


def test_sheet_values_are_plain_rows() -> None:
    """values() gives the 2-D list an API wants, typed values untouched."""
    sheet = build_schedule_sheet(sample_analysis(tasks=2))
    values = sheet.values()
    assert values[0][0] == "ID"
    assert values[1][0] == "1"
    assert isinstance(values[1][7], date)


def test_frames_mirror_the_report_tables() -> None:
    """to_frames gives Schedule, Flags and Summary with typed columns."""
    analysis = sample_analysis(tasks=3)
    frames = to_frames(analysis)
    assert set(frames) == {"Schedule", "Flags", "Summary"}
    schedule = frames["Schedule"]
    assert list(schedule.columns) == [name for name, _, _ in SCHEDULE_COLUMNS]
    assert len(schedule) == 3
    assert pd.api.types.is_datetime64_any_dtype(schedule["Forecast Finish"])
    assert schedule["Slip (days)"].tolist() == [0, 2, 0]
    assert frames["Flags"]["Severity"].iloc[0] == "error"
    assert "Planned value (PV)" in frames["Summary"]["Metric"].tolist()


def test_frames_of_a_clean_plan_have_no_flag_rows() -> None:
    """No findings means an empty Flags frame, not a "none" row."""
    analysis = dataclasses.replace(sample_analysis(), issues=())
    assert to_frames(analysis)["Flags"].empty


SCHEDULE_HEADER = [header for header, _, _ in SCHEDULE_COLUMNS]
FLAGS_HEADER = [header for header, _ in FLAG_COLUMNS]


@pytest.mark.parametrize(
    ("name", "rows", "ours"),
    [
        pytest.param("Summary", [], False, id="empty-rows"),
        pytest.param("Summary", [["Shop: project status"]], True, id="summary"),
        pytest.param("Summary", [["Budget by month"]], False, id="owners-summary"),
        pytest.param("Schedule", [SCHEDULE_HEADER, ["1", "Design"]], True, id="schedule"),
        pytest.param("Flags", [FLAGS_HEADER], True, id="flags"),
        pytest.param(
            "Schedule", [[*SCHEDULE_HEADER, "My notes"]], False, id="schedule-and-owners-column"
        ),
        pytest.param("Schedule", [["ID", "Task", "Forecast Finish"]], False, id="owners-schedule"),
        pytest.param("Flags", [[*FLAGS_HEADER[:2], "Who"]], False, id="owners-flags"),
        pytest.param("Gantt", [["Forecast bars (dark) ..."]], True, id="gantt"),
        pytest.param("Gantt", [[None, ""], ["", None]], False, id="blank-cells"),
        pytest.param("History", [["Shop — nightly history"]], True, id="history"),
        pytest.param("Dashboard", [["pmkit dashboard"]], True, id="dashboard"),
        pytest.param("Baseline", [["Baseline set on", None]], True, id="baseline"),
        pytest.param("xlwings.conf", [["UDF Modules", "addin.functions"]], True, id="conf"),
        pytest.param("xlwings.conf", [["Interpreter", "python3"]], False, id="owners-conf"),
        pytest.param("Gantt", [["Week 1", "Week 2"]], False, id="owners-gantt"),
    ],
)
def test_is_output_sheet(name: str, rows: list[list[object]], ours: bool) -> None:
    """An unmarked sheet is pmkit's only when laid out as pmkit writes it; blank first rows
    say nothing (the sheet may hold the owner's cells further down)."""
    assert is_output_sheet(name, rows) is ours


def test_colours_and_formats_are_defined_once_in_the_palette() -> None:
    """No writer keeps its own colour table: every RRGGBB colour and number format code in
    pmkit, the add-in and the sync is written in pmkit/outputs/palette.py only."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    colour = re.compile(r"[\"']#?[0-9A-Fa-f]{6}[\"']")
    formats = re.compile(r"[\"']((ddd )?d mmm yyyy|0\.00|#,##0|0(\.0)?%)[\"']")
    found = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("pmkit", "addin", "sheets_sync")
        for path in sorted((root / folder).rglob("*.py"))
        if path.name != "palette.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if (colour.search(line) and "metadataType" not in line) or formats.search(line)
    ]
    assert found == []


def test_the_template_and_every_writer_share_the_palette() -> None:
    """The template's house style is the palette's: one accent, one red, one date format."""
    from pmkit.outputs import palette
    from pmkit.template import styles

    assert styles.HEADER_FILL.fgColor.rgb[-6:] == palette.ACCENT
    assert styles.RED_FILL.fgColor.rgb[-6:] == palette.TONE_FILLS[Tone.RED]
    assert styles.MUTED_FONT.color is not None
    assert styles.MUTED_FONT.color.rgb[-6:] == palette.TONE_FONTS[Tone.MUTED]
    assert palette.KIND_FORMATS[CellKind.DATE] == styles.DATE_FORMAT


def test_a_message_longer_than_a_cell_is_cut_and_says_so() -> None:
    """A 10,000-task loop's message (tens of thousands of characters) still fits one cell."""
    from pmkit.engine.issues import Code, Issue
    from pmkit.outputs.cells import MAX_CELL_TEXT, fit_cell_text

    ids = ", ".join(str(n) for n in range(1, 10_001))
    issue = Issue(Severity.ERROR, Code.DEPENDENCY_CYCLE, Location("Plan", 2, 5), "1", ids)
    analysis = dataclasses.replace(sample_analysis(), issues=(issue,))
    messages = [row.cells[4].value for row in build_flags_sheet(analysis).body()]
    assert len(ids) > MAX_CELL_TEXT
    assert messages == [fit_cell_text(ids)]
    assert isinstance(messages[0], str)
    assert len(messages[0]) == MAX_CELL_TEXT
    assert messages[0].startswith("1, 2, 3, ")
    assert "cut to fit the cell" in messages[0]
    assert fit_cell_text("short") == "short"


def test_summary_says_no_budget_when_the_baseline_has_dates_but_no_costs() -> None:
    """Baseline Finish dates but no Budget anywhere: slip is measured, and the earned-value
    figures say what is missing — a budget — not that there is no baseline."""
    agreed: dict[str, Any] = {"owner": "Ann", "baseline_finish": date(2026, 3, 4)}
    plan = plan_of(task("A", 2, **agreed), task("B", 1, "A", **agreed))
    metrics = {m.label: m for m in summary_metrics(analyze(plan, date(2026, 3, 2)))}
    assert metrics["Planned value (PV)"].value == "no budget"
    assert metrics["Schedule performance (SPI)"].value == "no budget"
    assert metrics["Forecast duration at this pace (days)"].value == "no budget"
    assert metrics["Slip (working days)"].value == 0


@pytest.mark.parametrize(
    ("currency", "expected"),
    [
        pytest.param("GBP", '"£"#,##0', id="code"),
        pytest.param("£", '"£"#,##0', id="symbol-typed"),
        pytest.param("CHF", '#,##0 "CHF"', id="no-common-symbol"),
    ],
)
def test_a_currency_typed_as_its_symbol_goes_before_the_amount(
    currency: str, expected: str
) -> None:
    """A Currency of `£` shows £3,850 on the sheets, as GBP does, not 3,850 £."""
    assert money_format(currency) == expected
