"""Truth first (docs/findings.md): what an owner reads is never better than the truth.

When a task cannot be scheduled, the project's forecast finish, slip, critical path and
what is derived from them are unknown, with a sentence naming the cells to fix; the
status is never Green while the plan has errors; a plan with no tasks has no status.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

import pmkit
from pmkit.cli import main
from pmkit.cli.demo_command import print_summary
from pmkit.engine.issues import Severity
from pmkit.engine.model import Plan, ProjectFile
from pmkit.engine.results import Analysis
from pmkit.engine.status import GREEN, task_status
from pmkit.engine.unscheduled import NO_TASKS
from pmkit.engine.workload import OwnerWeekTask
from pmkit.mspdi import write_mspdi
from pmkit.outputs import build_gantt_sheet, build_summary_sheet, summary_metrics
from pmkit.outputs.cells import Tone
from pmkit.outputs.schedule import build_schedule_sheet
from pmkit.outputs.workload import week_task_sentence
from pmkit.report import SaveResult
from pmkit.template import TEMPLATE_FILE_NAME
from pmkit.template.regenerate import TEMPLATES_FOLDER
from tests.builders import MONDAY, plan_of, task
from tests.strategies import baselined_plans, broken_plans
from tests.truth_support import (
    BLANK_DURATION_UNKNOWN,
    TASK_8_PREDECESSORS,
    TASK_15_DURATION,
    analyse,
    broken_sample,
    sample_copy,
)

MSPDI = "{http://schemas.microsoft.com/project}"
SCHEDULE_CHECKS = {
    "Missing logic",
    "High float",
    "Negative float",
    "Invalid dates",
    "Critical path test",
    "Critical path length index",
}


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    return analyse(sample_copy(tmp_path_factory.mktemp("intact")))


@pytest.fixture(scope="module")
def blank_duration(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """The issue's recipe: the sample plan with the Duration of task 15 (in progress, 21
    tasks after it) blanked."""
    return analyse(broken_sample(tmp_path_factory.mktemp("blank"), {TASK_15_DURATION: None}))


# -- the project's headline figures ---------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        pytest.param(
            {TASK_15_DURATION: None},
            BLANK_DURATION_UNKNOWN,
            id="blank-duration",
        ),
        pytest.param(
            {TASK_15_DURATION: "three"},
            BLANK_DURATION_UNKNOWN,
            id="text-duration",
        ),
        pytest.param(
            {TASK_8_PREDECESSORS: "99"},
            "Forecast unknown: 27 tasks cannot be scheduled until Plan!F9 is fixed",
            id="unknown-predecessor",
        ),
        pytest.param(
            {"F2": "6"},
            "Forecast unknown: 40 tasks cannot be scheduled until Plan!F2 is fixed",
            id="loop",
        ),
        pytest.param(
            {"A5": 3},  # task 4's row is left out; task 6 then names an unknown task 4
            "Forecast unknown: 34 tasks cannot be scheduled (among them row 5 repeating ID 3) "
            "until Plan!A5 and Plan!F7 are fixed",
            id="repeated-id",
        ),
        pytest.param(
            {TASK_15_DURATION: None, TASK_8_PREDECESSORS: "99"},
            "Forecast unknown: 27 tasks cannot be scheduled until Plan!E16 and Plan!F9 are fixed",
            id="two-root-causes",
        ),
    ],
)
def test_a_task_that_cannot_be_scheduled_makes_the_forecast_unknown(
    tmp_path: Path, cells: dict[str, object], expected: str
) -> None:
    """Forecast, slip, critical path and forecast duration are None; the sentence names
    the cells to fix (the root causes only) and how many tasks wait on them."""
    summary = analyse(broken_sample(tmp_path, cells)).summary
    assert summary.forecast_unknown == expected
    assert summary.forecast_finish is None
    assert summary.slip is None
    assert summary.critical_path is None
    assert summary.earned_value.forecast_duration is None
    assert summary.baseline_finish == date(2026, 6, 1)  # the agreed finish is still a fact


def test_the_intact_plan_keeps_its_forecast(intact: Analysis) -> None:
    """With every row scheduled the forecast is known and nothing says otherwise."""
    summary = intact.summary
    assert (summary.forecast_finish, summary.slip) == (date(2026, 6, 15), 10)
    assert summary.forecast_unknown is None
    assert summary.critical_path


def test_a_row_left_out_by_the_reader_makes_the_forecast_unknown(tmp_path: Path) -> None:
    """A row with no ID is not in the plan at all: the finish cannot be known without it."""
    summary = analyse(broken_sample(tmp_path, {"A41": None})).summary
    assert summary.forecast_unknown == (
        "Forecast unknown: 1 task cannot be scheduled (row 41 with no ID) until Plan!A41 is fixed"
    )
    assert summary.slip is None


def test_every_place_counts_the_same_tasks_and_names_the_repeated_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A repeated ID (its row left out), an unknown predecessor and a loop: the status,
    the Summary, the Gantt's note, the Workload's note, the digest and the JSON count the
    same tasks that cannot be scheduled (the Gantt counted only rows it had, one fewer),
    and each names the left-out row as the repeat it is."""
    # row 5 repeats ID 3 (task 4 is left out, so task 6 names an unknown task 4);
    # task 8 names an unknown 99; task 10 and task 11 wait on each other
    path = broken_sample(tmp_path, {"A5": 3, TASK_8_PREDECESSORS: "99", "F11": "11", "F12": "10"})
    analysis = analyse(path)
    what = analysis.workload.not_counted
    assert what is not None
    count, _, rest = what.partition(" tasks cannot be scheduled (among them row 5 repeating ID 3)")
    assert rest.startswith(" until Plan!A5, "), what
    unknown = f"Forecast unknown: {what}"
    assert analysis.summary.forecast_unknown == unknown
    assert analysis.summary.status_text.startswith(f"{unknown}, so lateness cannot be")
    assert unknown in analysis.summary.status_reasons
    gantt = [row.cells[0].value for row in build_gantt_sheet(analysis).rows]
    assert f"{what[0].upper()}{what[1:]}, so they are not shown." in gantt
    assert not any(f"{int(count) - 1} tasks" in str(value) for value in gantt)
    digest = tmp_path / "digest.html"
    assert main(["digest", str(path), "-o", str(digest)]) == 1
    assert " ".join(digest.read_text(encoding="utf-8").split()).count(unknown) >= 1
    capsys.readouterr()
    main(["schedule", str(path), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["project"]["forecast_unknown"] == unknown


def test_the_gantt_says_which_tasks_that_cannot_be_scheduled_it_draws(tmp_path: Path) -> None:
    """A task placed without a cell it needs (an Actual Start pmkit cannot read) counts as
    one that cannot be scheduled, yet has dates: the Gantt's note says its bar is drawn
    from what could be read, never that it is not shown."""
    analysis = analyse(broken_sample(tmp_path, {"M3": "soonish"}))
    what = "1 task cannot be scheduled until Plan!M3 is fixed"
    assert analysis.summary.forecast_unknown == f"Forecast unknown: {what}"
    notes = [row.cells[0].value for row in build_gantt_sheet(analysis).rows]
    assert f"{what}; the bar of task 2 is drawn from the cells pmkit could read." in notes


def test_an_actual_finish_before_the_actual_start_is_not_read_as_done(tmp_path: Path) -> None:
    """Task 3 half done (50 %), started Tue 3 Feb, with an Actual Finish of Mon 2 Feb: both
    dates cannot be right. The finding names both cells in the owner's words; pmkit reads
    the finish as blank, so the Schedule says 50 % and not Done (it said Done beside 50 %),
    the Gantt's bar is not the done grey, and the forecast is unknown until it is fixed."""
    path = broken_sample(tmp_path, {"N4": datetime(2026, 2, 2), "L4": 0.5, "Q4": None})
    analysis = analyse(path)
    (finding,) = [i for i in analysis.cell_issues() if i.code.value == "actual-finish-before-start"]
    assert str(finding.location) == "Plan!N4"
    assert finding.message == (
        "Task 3 “Audit current shop, traffic and sales” has an Actual Finish of Mon 2 Feb "
        "2026 (Plan!N4), before its Actual Start of Tue 3 Feb 2026 (Plan!M4); check both "
        "dates. Until one is corrected pmkit leaves the Actual Finish out and goes by the "
        "% Complete (50 %)"
    )
    schedule = build_schedule_sheet(analysis)
    header = [cell.value for cell in schedule.rows[0].cells]
    (row,) = [r for r in schedule.rows[1:] if r.cells[0].value == "3"]
    values = dict(zip(header, (cell.value for cell in row.cells), strict=True))
    assert (values["% Complete"], values["Status"]) == (0.5, None)
    gantt = build_gantt_sheet(analysis)
    (bar,) = [r for r in gantt.rows if r.cells[0].value == "3"]
    assert Tone.BAR_DONE not in {cell.tone for cell in bar.cells}
    unknown = "Forecast unknown: 1 task cannot be scheduled until Plan!N4 is fixed"
    assert analysis.summary.forecast_unknown == unknown
    assert analysis.summary.status_text.startswith(unknown)
    assert analysis.summary.status != GREEN


def test_a_finished_task_at_50_percent_shows_what_pmkit_counts_and_says_why(
    tmp_path: Path, intact: Analysis
) -> None:
    """Task 3 has an Actual Finish after its Actual Start, Status Done and % Complete 50 %.
    An actual finish implies 100 % (earned value counts all of its value, as for the intact
    plan), so the Schedule shows 100 % and Done (it showed Done beside 50 %), and one
    warning at the % Complete cell says the cells disagree and what to do."""
    analysis = analyse(broken_sample(tmp_path, {"L4": 0.5}))
    assert analysis.summary.earned_value.ev == intact.summary.earned_value.ev
    schedule = build_schedule_sheet(analysis)
    header = [cell.value for cell in schedule.rows[0].cells]
    (row,) = [r for r in schedule.rows[1:] if r.cells[0].value == "3"]
    values = dict(zip(header, (cell.value for cell in row.cells), strict=True))
    assert (values["% Complete"], values["Status"]) == (1.0, "Done")
    (finding,) = [i for i in analysis.cell_issues() if i.code.value == "progress-disagrees"]
    assert (finding.severity, str(finding.location)) == (Severity.WARNING, "Plan!L4")
    assert finding.message == (
        "Task 3 “Audit current shop, traffic and sales”: its Actual Finish (Mon 9 Feb 2026) "
        "and its Status (Done) say it is finished, but its % Complete (50 %) says not; pmkit "
        "counts it done (100 %, all of its value earned): set % Complete to 100 %, or, if "
        "work remains, clear the Actual Finish and change the Status"
    )
    assert not [i for i in intact.cell_issues() if i.code.value == "progress-disagrees"]


@pytest.mark.parametrize(
    ("cells", "where"),
    [
        pytest.param({"Q4": "In progress"}, "Plan!Q4", id="status-in-progress"),
        pytest.param({"N4": None, "L4": 0.4}, "Plan!L4", id="status-done-at-40-percent"),
    ],
)
def test_a_status_that_disagrees_with_the_rest_of_the_row_is_flagged_too(
    tmp_path: Path, cells: dict[str, object], where: str
) -> None:
    """Status In progress beside an Actual Finish and 100 %, or Status Done beside 40 %
    and no finish: pmkit counts each done, shows 100 % and Done, and says so once."""
    analysis = analyse(broken_sample(tmp_path, cells))
    (finding,) = [i for i in analysis.cell_issues() if i.code.value == "progress-disagrees"]
    assert str(finding.location) == where
    row = build_schedule_sheet(analysis).rows[3]
    assert [cell.value for cell in row.cells[5:7]] == [1.0, "Done"]


def test_rows_of_formulas_never_calculated_count_as_tasks_that_cannot_be_scheduled(
    tmp_path: Path,
) -> None:
    """Rows 42 and 43 hold only formulas a script saved without their values (an ID of
    =ROW()-1, a name, a Duration): pmkit cannot read them, and each may be a task, so they
    are two tasks that cannot be scheduled and the forecast is unknown (it stayed known,
    from the 40 tasks it could read); the This week action says to open and save the file
    once, with no "Fix the cell:" before it."""
    cells: dict[str, object] = {}
    for row in (42, 43):
        cells |= {f"A{row}": "=ROW()-1", f"B{row}": f'="Task "&A{row}', f"E{row}": "=2*5"}
    analysis = analyse(broken_sample(tmp_path, cells))
    unknown = (
        "Forecast unknown: 2 tasks cannot be scheduled (rows 42 to 43 of formulas never "
        "calculated) until the file is opened in Excel and saved, so that Plan!A42 is "
        "calculated"
    )
    assert analysis.summary.forecast_unknown == unknown
    assert analysis.summary.forecast_finish is None
    assert analysis.unscheduled is not None
    assert analysis.unscheduled.count == 2
    (action,) = [a for a in analysis.this_week if "never calculated" in a.what]
    assert action.what.startswith("Rows 42 to 43 (2 rows) hold only formulas that were never")
    assert action.what.endswith(
        "counts each as a task that cannot be scheduled; open the file in Excel and save it"
    )


@pytest.mark.parametrize(
    ("cell", "known"),
    [
        pytest.param(TASK_8_PREDECESSORS, False, id="predecessors"),
        pytest.param("O9", True, id="budget"),
    ],
)
def test_a_formula_never_calculated_in_a_cell_the_schedule_needs_makes_the_forecast_unknown(
    tmp_path: Path, cell: str, known: bool
) -> None:
    """Task 8's Predecessors saved as a formula with no value: read as blank, the task
    is placed without its links (as with a Predecessors pmkit cannot read), so the
    forecast is unknown (it was a date). Its Budget the same way leaves the schedule
    whole: the forecast stays."""
    analysis = analyse(broken_sample(tmp_path, {cell: '="7"'}))
    assert (analysis.summary.forecast_finish is not None) is known
    if not known:
        assert analysis.summary.forecast_unknown == (
            "Forecast unknown: 1 task cannot be scheduled until the file is opened in Excel "
            "and saved, so that Plan!F9 is calculated"
        )


def test_a_formula_never_calculated_beside_another_error_asks_for_both_fixes(
    tmp_path: Path,
) -> None:
    """Task 8's Predecessors never calculated and task 15's Duration unreadable: saving in
    Excel is not enough, so the sentence asks for the cells to be fixed."""
    analysis = analyse(
        broken_sample(tmp_path, {TASK_8_PREDECESSORS: '="7"', TASK_15_DURATION: "x"})
    )
    assert analysis.summary.forecast_unknown == (
        f"Forecast unknown: 23 tasks cannot be scheduled until Plan!F9 and Plan!{TASK_15_DURATION}"
        " are fixed"
    )


@pytest.mark.parametrize(
    ("cells", "cell"),
    [
        pytest.param({"H41": "Must Start On", "I41": "1st July"}, "Plan!I41", id="constraint-date"),
        pytest.param({"H41": "Must start by", "I41": "2026-07-01"}, "Plan!H41", id="constraint"),
        pytest.param({"G41": "2026-07-01", "J41": "maybe"}, "Plan!J41", id="fixed-dates"),
    ],
)
def test_a_constraint_pmkit_cannot_read_makes_the_forecast_unknown(
    tmp_path: Path, cells: dict[str, object], cell: str
) -> None:
    """Task 41, the last, held to 1 Jul by a Constraint finishes 21 working days late; with
    its Constraint, Constraint Date or Fixed Dates unreadable it was placed as if free and
    the project read 10 days late, a forecast as sure as the intact one. The task is
    placed without a cell the schedule needs, as with a Start No Earlier Than pmkit cannot
    read: the forecast is unknown until that cell is fixed."""
    summary = analyse(broken_sample(tmp_path, cells)).summary
    assert summary.forecast_unknown == (
        f"Forecast unknown: 1 task cannot be scheduled until {cell} is fixed"
    )
    assert summary.slip is None


def test_a_this_week_action_names_its_task_once(tmp_path: Path) -> None:
    """Task 5 lists itself as a predecessor: the This week action names it once, then says
    `it` (it said "Fix task 5 “Compare …”: Task 5 “Compare …” lists itself …")."""
    analysis = analyse(broken_sample(tmp_path, {"F6": "5"}))
    (action,) = [a for a in analysis.this_week if "itself" in a.what]
    assert action.what == (
        "Fix task 5 “Compare and choose payment provider”: it lists itself as a predecessor; "
        "a task cannot wait for itself, so remove it from its Predecessors"
    )


def test_an_error_elsewhere_keeps_the_forecast(tmp_path: Path, intact: Analysis) -> None:
    """A task with no name is an error, but every task is scheduled: the forecast stands."""
    summary = analyse(broken_sample(tmp_path, {"B5": None})).summary
    assert summary.forecast_unknown is None
    assert (summary.forecast_finish, summary.slip) == (
        intact.summary.forecast_finish,
        intact.summary.slip,
    )


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "code"),
    [
        pytest.param("Changes", "A3", None, "missing-id", id="a-change-request-with-no-cr-id"),
        pytest.param("Baseline", "C5", "a week", "bad-duration", id="a-baseline-duration-typo"),
    ],
)
def test_an_error_on_another_sheet_keeps_the_forecast(
    tmp_path: Path, intact: Analysis, sheet: str, cell: str, value: object, code: str
) -> None:
    """An error on the Changes or Baseline sheet is the owner's to fix, but no task waits
    on it: the forecast and the slip stand (a change request with no CR ID read 'Forecast
    unknown: 1 task cannot be scheduled until Changes!A3 is fixed')."""
    path = sample_copy(tmp_path)
    book = openpyxl.load_workbook(path)
    book[sheet][cell].value = value
    book.save(path)
    analysis = analyse(path)
    errors = [
        i.code.value
        for i in analysis.issues
        if i.location and i.location.sheet == sheet and i.severity is Severity.ERROR
    ]
    assert errors == [code]
    (fix,) = [a for a in analysis.this_week if a.where and a.where.sheet == sheet]
    assert fix.why.endswith("the schedule is not affected.")
    summary = analysis.summary
    assert summary.forecast_unknown is None
    assert (summary.forecast_finish, summary.slip) == (
        intact.summary.forecast_finish,
        intact.summary.slip,
    )


def test_tasks_that_were_scheduled_keep_their_figures(
    blank_duration: Analysis, intact: Analysis
) -> None:
    """Tasks before the broken one keep the dates they have in the intact plan; the
    tasks it holds up have none, and whether they are critical is unknown too (null in
    JSON, like their dates and floats)."""
    for task_id in ("1", "4", "11", "14", "24"):
        kept, whole = blank_duration.tasks[task_id], intact.tasks[task_id]
        assert (kept.forecast_start, kept.forecast_finish, kept.slip) == (
            whole.forecast_start,
            whole.forecast_finish,
            whole.slip,
        )
    for task_id in ("15", "16", "41"):
        assert blank_duration.tasks[task_id].forecast_finish is None
        assert blank_duration.tasks[task_id].critical is None
        assert blank_duration.tasks[task_id].to_json()["critical"] is None


def test_no_row_is_critical_or_has_float_while_the_critical_path_is_unknown(
    blank_duration: Analysis, intact: Analysis
) -> None:
    """With the project's critical path unknown, no task row is known to be on it or off
    it: `critical`, both floats and the late dates are null on every row (the backward
    pass starts at the unknown finish), in JSON and CSV alike. The early dates stay."""
    assert intact.tasks["1"].critical is False  # done: on no path
    for row in blank_duration.tasks:
        data = row.to_json()
        for field in ("critical", "total_float", "free_float", "late_start", "late_finish"):
            assert data[field] is None, (row.id, field)
    kept, whole = blank_duration.tasks["1"], intact.tasks["1"]
    assert (kept.early_start, kept.early_finish) == (whole.early_start, whole.early_finish)


def test_the_float_of_a_task_whose_successor_cannot_be_scheduled_is_unknown() -> None:
    """A feeds C, whose Duration is blank; E stands alone. Measured against the rest, A
    had float 0 and was critical, E had float 1: both are unknown while C cannot be
    scheduled (C may take longer than anything else, or push A's late finish earlier)."""
    analysis = pmkit.analyze(plan_of("A:3", "B:2<A", task("C", None, "A"), "D:1<C", "E:4"))
    rows = {row.id: row for row in analysis.tasks}
    assert [(rows[i].critical, rows[i].total_float) for i in "ABE"] == [(None, None)] * 3
    assert rows["E"].forecast_finish == date(2026, 3, 5)


def test_the_schedule_and_gantt_colour_no_task_critical_while_the_path_is_unknown(
    blank_duration: Analysis, intact: Analysis
) -> None:
    """The Schedule sheet's Critical column says `unknown` (not `Yes`) for every task not
    done, in no critical red; the Gantt draws no red bar and its note says why."""
    tones = {"critical": Tone.CRITICAL, "bar": Tone.BAR_CRITICAL}
    for analysis, red in ((intact, True), (blank_duration, False)):
        schedule = build_schedule_sheet(analysis)
        header = [cell.value for cell in schedule.rows[0].cells]
        column = header.index("Critical")
        marks = {row.cells[column].value for row in schedule.rows[1:]}
        cells = [cell for row in schedule.rows for cell in row.cells]
        assert any(cell.tone is tones["critical"] for cell in cells) is red
        assert ("Yes" in marks) is red
        assert ("unknown" in marks) is not red
        gantt = build_gantt_sheet(analysis)
        bars = [cell for row in gantt.rows for cell in row.cells]
        assert any(cell.tone is tones["bar"] for cell in bars) is red
        note = str(gantt.rows[0].cells[0].value)
        assert ("red = critical" in note) is red
        assert ("critical is unknown until every task can be scheduled" in note) is not red


def test_what_a_task_must_gain_for_a_deadline_is_still_said_while_its_float_is_not() -> None:
    """B must be done by Tuesday but cannot end before Thursday: A and B must gain 2
    working days. With C (after B) unscheduled, the rows' floats are unknown, yet the
    days to gain for B's deadline come from A and B alone: the This week action, the
    finding and A's rating still say 2 working days (the action said "Find the days it
    is late", and its why "…, the days it is late after its deadline")."""
    deadline = date(2026, 3, 3)
    broken = plan_of("A:2", task("B", 2, "A", deadline=deadline), task("C", None, "B"))
    analysis = pmkit.analyze(broken, MONDAY)
    assert analysis.summary.critical_path is None
    assert analysis.tasks["A"].total_float is None
    (action,) = [a for a in analysis.this_week if "deadline" in a.what]
    assert action.what.startswith("Find 2 working days on tasks A → B, or agree a later")
    assert "2 working days after its deadline" in action.why
    messages = [cell.message for issue in analysis.issues for cell in issue.cells()]
    assert "Task A “Task A” must gain 2 working days for the deadline after it to be met" in (
        messages
    )
    assert task_status(analysis, "A").reasons[0] == (
        "must gain 2 working days for a deadline to be met"
    )


def test_schedule_text_and_project_xml_say_critical_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit schedule` marks the scheduled tasks' Critical `unknown` and says why under
    the table; `pmkit export` writes no Critical element (Project works it out)."""
    path = broken_sample(tmp_path, {TASK_8_PREDECESSORS: "99"})
    main(["schedule", str(path)])
    out = capsys.readouterr().out
    assert "Critical path: unknown until every task can be scheduled" in out
    line = next(line for line in out.splitlines() if line.startswith("13 "))
    assert "Wed 1 Apr 2026   -      unknown" in line  # scheduled, not done
    broken = plan_of(task("A", 2), task("B", None, "A"), task("C", 30))
    root = ET.parse(write_mspdi(broken, tmp_path / "plan.xml")).getroot()
    assert not root.findall(f".//{MSPDI}Task/{MSPDI}Critical")


def test_a_plan_built_in_code_names_its_unread_duration() -> None:
    """A Duration that is None with no finding still names its task's cell."""
    plan = plan_of(task("A", 2), task("B", None, "A"), task("C", 1, "B"))
    summary = pmkit.analyze(plan, MONDAY).summary
    assert summary.forecast_unknown == (
        "Forecast unknown: 2 tasks cannot be scheduled until Plan!A3 is fixed"
    )


# -- status ----------------------------------------------------------------------------------


def test_status_is_never_green_while_the_plan_has_errors() -> None:
    """A plan that would be Green turns Amber when it has an error, and says why."""
    clean = plan_of(task("A", 2, owner="Ann"), task("B", 1, "A", owner="Bob"))
    assert pmkit.analyze(clean, MONDAY).summary.status == GREEN
    unnamed = plan_of(task("A", 2, owner="Ann"), task("B", 1, "A", owner="Bob", name=""))
    summary = pmkit.analyze(unnamed, MONDAY).summary
    assert summary.status == "Amber"
    assert "1 error in the plan to fix (see the Flags sheet)" in summary.status_reasons


def test_status_names_the_unknown_forecast_as_its_reason() -> None:
    """An unscheduled task makes a Green plan Amber, the unknown forecast its reason."""
    plan = plan_of(task("A", 2, owner="Ann"), task("B", 1, "Z", owner="Bob"))
    summary = pmkit.analyze(plan, MONDAY).summary
    assert summary.status == "Amber"
    assert summary.status_reasons[0] == summary.forecast_unknown
    assert summary.status_reasons[0].startswith("Forecast unknown: 1 task cannot be scheduled")


def test_an_agreed_finish_that_has_passed_makes_an_unfinished_project_red() -> None:
    """Agreed to finish Wed 4 Mar, not done on Wed 1 Apr: at least 20 working days late,
    whether task B cannot be scheduled or, without moving unfinished work past the status
    date, the plan's dates have passed (both leave the forecast unknown)."""
    agreed = date(2026, 3, 4)
    unknown = plan_of(
        task("A", 2, owner="Ann", baseline_finish=agreed),
        task("B", 1, "Z", owner="Bob", baseline_finish=agreed),
    )
    in_the_past = plan_of(
        task("A", 2, owner="Ann", baseline_finish=agreed),
        task("B", 1, "A", owner="Bob", baseline_finish=agreed),
    )
    reason = (
        "The agreed finish passed 20 working days ago and the project is not done: "
        "it is at least that late (tolerance 3 working days)"
    )
    for plan in (unknown, in_the_past):
        summary = pmkit.analyze(plan, date(2026, 4, 1)).summary
        assert summary.status == "Red"
        assert summary.status_reasons[0] == reason
    assert pmkit.analyze(unknown, date(2026, 4, 1)).summary.slip is None  # still unknown


def test_how_late_at_least_is_a_figure_wherever_slip_is_shown() -> None:
    """Task B cannot be scheduled, so the slip is unknown; but the agreed finish, Wed 4
    Mar, passed 20 working days before the status date with work not done. The Summary's
    slip reads `≥ 20` in red and says why, the JSON says `late_at_least`, the command
    line's words and PM_SLIP's say "at least 20 working days late" — never a bare
    "unknown" that could be read as on time."""
    from pmkit.outputs.cells import Tone
    from pmkit.outputs.summary import summary_metrics

    agreed = date(2026, 3, 4)
    plan = plan_of(
        task("A", 2, owner="Ann", baseline_finish=agreed),
        task("B", 1, "Z", owner="Bob", baseline_finish=agreed),
    )
    analysis = pmkit.analyze(plan, date(2026, 4, 1))
    summary = analysis.summary
    assert (summary.slip, summary.late_at_least) == (None, 20)
    assert analysis.to_json()["project"]["late_at_least"] == 20
    assert summary.slip_words() == "at least 20 working days late"
    slip = {m.label: m for m in summary_metrics(analysis)}["Slip (working days)"]
    assert (slip.value, slip.tone) == ("≥ 20", Tone.RED)
    assert slip.meaning == (
        "At least 20 working days late: the agreed finish, Wed 4 Mar 2026, has passed with "
        f"work not done. {summary.forecast_unknown}."
    )
    # with the slip known, there is no "at least" beside it
    known = pmkit.analyze(plan_of(task("A", 3, baseline_finish=agreed)), MONDAY).summary
    assert (known.slip, known.late_at_least) == (0, None)


PASSED = (
    "Forecast unknown: the plan's dates end on Wed 4 Mar 2026, which has passed with 2 tasks "
    "not done (record their progress, or set Move Unfinished Work Past Status Date to Yes on "
    "the Settings sheet)"
)


def test_dates_that_have_passed_with_work_left_are_no_forecast() -> None:
    """Pure logic (Move Unfinished Work Past Status Date No, as a Microsoft Project file
    comes) ends on Wed 4 Mar; on Wed 1 Apr nothing is done. That day is not when the work
    will finish: the forecast is unknown, says why and what to do, and the plan is not
    Green; the critical path is still the plan's logic. On its first day, with nothing
    yet dated to finish, the same plan is Green and forecast (once a task not done is
    dated to finish by the status date, it is no forecast either, below)."""
    plan = plan_of(task("A", 2, owner="Ann"), task("B", 1, "A", owner="Bob"))
    analysis = pmkit.analyze(plan, date(2026, 4, 1))
    summary = analysis.summary
    assert (summary.forecast_finish, summary.slip, summary.forecast_unknown) == (None, None, PASSED)
    assert (summary.status, summary.status_reasons) == ("Amber", (PASSED,))
    assert summary.critical_path == ("A", "B")
    assert summary.status_text == f"{PASSED}. Status on Wed 1 Apr 2026: Amber."
    # A is overdue, and nothing has started: both are asked for
    assert [action.who for action in analysis.this_week] == ["Ann", "You"]
    ahead = pmkit.analyze(plan, date(2026, 3, 2)).summary
    assert (ahead.forecast_finish, ahead.status) == (date(2026, 3, 4), GREEN)


def _from_project(plan: Plan) -> Plan:
    """`plan` as read from a Microsoft Project file (vendor.xml): pure logic, as the import
    keeps Project's dates."""
    return replace(plan, project_file=ProjectFile("vendor.xml"))


def test_work_dated_in_the_past_and_not_done_makes_the_dates_after_it_no_forecast() -> None:
    """Pure logic: A (Mon 2 – Tue 3 Mar) is not started at the end of Tue 3, B waits for
    it and must be done by Tue 3, and C runs to Fri 20. The plan's end is still ahead, so
    it read "Green", forecast Fri 20, and B "misses its deadline by 1 working day,
    forecast to finish Wed 4": dates that assume A was done. Now the forecast is unknown
    and names A, the rating is Amber at least, and B misses its deadline by at least that,
    dated to finish Wed 4 at the earliest. So it is in a workbook set to No (a vendor's
    file imported keeps Project's No: it read Green) and in a plan read from a Project
    file, whose fix says to import it first."""
    workbook = plan_of(
        task("A", 2, owner="Ann"),
        task("B", 1, "A", owner="Bob", deadline=date(2026, 3, 3)),
        task("C", 15, owner="Cy"),
    )
    fix = "record its progress, or set Move Unfinished Work Past Status Date to Yes on the"
    unknown = "Forecast unknown: task A is not done and dated to finish by the status date, so "
    assert pmkit.analyze(workbook, date(2026, 3, 3)).summary.forecast_unknown == (
        f"{unknown}the dates after it are not a forecast ({fix} Settings sheet)"
    )
    plan = _from_project(workbook)
    summary = pmkit.analyze(plan, date(2026, 3, 3)).summary
    assert (summary.forecast_finish, summary.slip) == (None, None)
    assert summary.forecast_unknown == (
        f"{unknown}the dates after it are not a forecast (record its progress, or import "
        "vendor.xml with pmkit import and set Move Unfinished Work Past Status Date to Yes on "
        "the workbook's Settings sheet)"
    )
    assert summary.status != GREEN
    assert "Task B “Task B” misses its deadline by at least 1 working day" in summary.status_text
    (missed,) = [
        i
        for i in pmkit.analyze(plan, date(2026, 3, 3)).cell_issues()
        if i.code.value == "deadline-missed" and i.task_id == "B"
    ]
    assert "dated to finish Wed 4 Mar 2026 at the earliest" in missed.message
    moved = replace(plan, settings=replace(plan.settings, move_unfinished_work=True))
    forecast = pmkit.analyze(moved, date(2026, 3, 3)).summary
    assert forecast.forecast_unknown is None  # the work moved past the status date: C too
    assert forecast.forecast_finish == date(2026, 3, 24)
    # the day before, nothing was dated to finish yet: the dates were a forecast
    assert pmkit.analyze(workbook, date(2026, 3, 2)).summary.forecast_finish == date(2026, 3, 20)


def test_an_owners_week_dates_work_after_past_work_not_done_at_the_earliest() -> None:
    """The vendor's plan on Tue 3 Mar: Bob's task B waits for A, not started though dated
    to finish Tue 3. His week said "Finish: Task B — by Wed 4 Mar 2026", a date that
    assumes A was done; it now says that is the earliest B can finish, on the Workload
    sheet, in his digest and in the JSON. A forecast (work moved on) keeps its dates."""
    plan = _from_project(
        plan_of(task("A", 2, owner="Ann"), task("B", 1, "A", owner="Bob"), task("C", 15))
    )

    def bobs_week(plan: Plan) -> OwnerWeekTask:
        (bob,) = [
            o for o in pmkit.analyze(plan, date(2026, 3, 3)).workload.owners if o.name == "Bob"
        ]
        (item,) = bob.week_tasks
        return item

    item = bobs_week(plan)
    assert (item.finish, item.finish_at_earliest) == (date(2026, 3, 4), True)
    assert item.to_json()["finish_at_earliest"] is True
    assert week_task_sentence(item, "Bob") == (
        "Finish: Task B — dated to finish Wed 4 Mar 2026 at the earliest"
    )
    moved = replace(plan, settings=replace(plan.settings, move_unfinished_work=True))
    forecast = bobs_week(moved)
    assert forecast.finish_at_earliest is False
    assert week_task_sentence(forecast, "Bob") == "Finish: Task B — by Fri 6 Mar 2026"


def test_plan_health_reads_the_logic_where_the_dates_are_no_forecast() -> None:
    """A → B, pure logic, A not started when it was dated to finish: no forecast, but
    the logic still ends with B, so B needs no successor (missing logic read 50 %: the
    plan's last task counted as an open end once the forecast was unknown) and the
    critical path test still passes; how achievable the agreed finish is (CPLI) reads
    the forecast, so it is not known."""
    plan = plan_of(task("A", 2, owner="Ann"), task("B", 1, "A", owner="Bob"))
    summary = pmkit.analyze(plan, date(2026, 3, 3)).summary
    assert summary.forecast_unknown is not None
    checks = {check.name: check for check in summary.health}
    assert (checks["Missing logic"].value, checks["Missing logic"].passed) == (0.0, True)
    assert checks["Critical path test"].passed is True
    assert checks["Critical path length index"].value is None


def test_dates_that_assume_past_work_was_done_are_a_minimum_of_lateness() -> None:
    """The same vendor's plan agreed to finish Mon 16 Mar: its dates end Fri 20, four
    working days later, though they assume A was done on Tue 3. Moving A on can only move
    them later, so the project is at least 4 working days late: Red past the tolerance of
    3 (it read Amber, "lateness cannot be measured"), and the Summary shows `≥ 4`."""
    plan = plan_of(
        task("A", 2, owner="Ann"),
        task("B", 1, "A", owner="Bob"),
        task("C", 15, owner="Cy", baseline_finish=date(2026, 3, 16)),
    )
    analysis = pmkit.analyze(_from_project(plan), date(2026, 3, 3))
    summary = analysis.summary
    assert (summary.slip, summary.late_at_least, summary.late_by_dates) == (None, 4, True)
    assert summary.status == "Red"
    assert summary.status_reasons[0] == (
        "The plan's dates end 4 working days after the agreed date, though they assume work "
        "dated in the past was done: the project is at least that late (tolerance 3 working "
        "days)"
    )
    assert summary.slip_words() == "at least 4 working days late"
    slip = {m.label: m for m in summary_metrics(analysis)}["Slip (working days)"]
    assert slip.value == "≥ 4"
    assert slip.meaning.startswith(
        "At least 4 working days late: the plan's dates end that far after the agreed "
        "finish, Mon 16 Mar 2026, though they assume work dated in the past was done."
    )


def test_a_late_project_whose_dates_have_passed_does_not_open_with_their_slip() -> None:
    """Agreed Wed 4 Mar, the plan's dates end Wed 4 Mar, nothing done on Wed 1 Apr: the
    paragraph once opened "The project finishes on the agreed date" above a Red "at least
    20 working days late". Now it says the forecast is unknown, and how late at least."""
    agreed = date(2026, 3, 4)
    plan = plan_of(
        task("A", 2, owner="Ann", baseline_finish=agreed),
        task("B", 1, "A", owner="Bob", baseline_finish=agreed),
    )
    summary = pmkit.analyze(plan, date(2026, 4, 1)).summary
    assert summary.status_text == (
        f"{PASSED}, so how late it will finish cannot be measured; the agreed finish was Wed 4 "
        "Mar 2026. Status on Wed 1 Apr 2026: Red. The agreed finish passed 20 working days "
        "ago and the project is not done: it is at least that late (tolerance 3 working "
        "days)."
    )


def test_a_deadline_passed_by_dates_that_have_run_out_is_missed_by_at_least_the_days_since() -> (
    None
):
    """A's dates end Tue 3 Mar (pure logic), its deadline is Wed 4 Mar; on Wed 1 Apr it is
    not done. Its dates never missed the deadline, but it cannot finish before the status
    date: it misses it by at least 20 working days, and says so; the rating too."""
    plan = plan_of(task("A", 2, owner="Ann", deadline=date(2026, 3, 4)))
    analysis = pmkit.analyze(plan, date(2026, 4, 1))
    (finding,) = [issue for issue in analysis.issues if issue.code == "deadline-missed"]
    assert finding.message.startswith(
        "Task A “Task A” misses its deadline by at least 20 working days: not done on Wed 1 "
        "Apr 2026, the status date, against its deadline Wed 4 Mar 2026; "
    )
    assert analysis.summary.status == "Red"
    assert "Task A “Task A” misses its deadline by at least 20 working days" in (
        analysis.summary.status_reasons
    )
    on_time = pmkit.analyze(plan, date(2026, 3, 3))
    assert not [issue for issue in on_time.issues if issue.code == "deadline-missed"]


def test_a_deadline_that_has_passed_asks_for_a_later_one_not_for_days_found() -> None:
    """B waits on A; B's deadline, Tue 10 Mar, is before the status date (Mon 16 Mar) and
    B is forecast to finish Thu 26 Mar. No days found on A and B can make 10 March again:
    the finding names no chain to gain days on, nor days for B or A to gain, and the
    action asks for a later deadline, with the forecast. Looked at before the deadline, it
    asks for the days."""
    plan = plan_of(
        task("A", 5, owner="Ann"),
        task("B", 3, "A", owner="Bob", deadline=date(2026, 3, 10)),
        forecast=True,
    )
    passed = pmkit.analyze(plan, date(2026, 3, 16))
    (finding,) = [issue for issue in passed.issues if issue.task_id == "B"]
    assert "misses its deadline by 12 working days" in finding.message
    assert "must gain" not in finding.message
    assert not [d for d in finding.details if "must gain" in d.message]  # nor A, before it
    (action,) = [action for action in passed.this_week if action.finding == finding]
    assert (action.who, action.what, action.why) == (
        "Bob",
        "Ask for a later deadline for task B “Task B”",
        "Its deadline, Tue 10 Mar 2026, has passed and it is not done. It is forecast to "
        "finish on Thu 26 Mar 2026.",
    )
    ahead = pmkit.analyze(plan, MONDAY)
    (finding,) = [issue for issue in ahead.issues if issue.task_id == "B"]
    assert "the chain that drives it, A → B, must gain 2 working days" in finding.message
    (action,) = [action for action in ahead.this_week if action.finding == finding]
    assert action.what.startswith("Find 2 working days on tasks A → B, or ask for a later")


def test_a_finished_project_is_not_late_for_the_days_since_its_agreed_finish() -> None:
    """Done on time, looked at a month later: Green, no lateness."""
    agreed = date(2026, 3, 4)
    done: dict[str, Any] = {"percent_complete": 1.0, "owner": "Ann", "baseline_finish": agreed}
    plan = plan_of(
        task("A", 2, actual_start=MONDAY, actual_finish=date(2026, 3, 3), **done),
        task("B", 1, "A", actual_start=agreed, actual_finish=agreed, **done),
    )
    summary = pmkit.analyze(plan, date(2026, 4, 1)).summary
    assert (summary.status, summary.slip) == (GREEN, 0)


def test_errors_besides_the_unknown_forecasts_causes_are_called_other() -> None:
    """The forecast's reason names the cell that blocks it; the nameless task is the one
    other error, not "1 error" beside a list of several."""
    plan = plan_of(task("A", 2, owner="Ann", name=""), task("B", 1, "Z", owner="Bob"))
    reasons = pmkit.analyze(plan, MONDAY).summary.status_reasons
    assert reasons[0].startswith("Forecast unknown: 1 task cannot be scheduled")
    assert reasons[1] == "1 other error in the plan to fix (see the Flags sheet)"


def test_a_plan_with_no_tasks_has_no_status(tmp_path: Path) -> None:
    """The blank template is not Green: no status, and the paragraph says what to do first."""
    template = TEMPLATES_FOLDER / TEMPLATE_FILE_NAME
    summary = analyse(Path(shutil.copyfile(template, tmp_path / "blank.xlsx"))).summary
    assert summary.status is None
    assert summary.status_text == f"{NO_TASKS}."
    assert summary.status_reasons == (NO_TASKS,)
    assert summary.forecast_unknown == NO_TASKS


# -- the status paragraph ---------------------------------------------------------------------


def test_status_paragraph_says_the_forecast_is_unknown(blank_duration: Analysis) -> None:
    """The paragraph opens with the unknown forecast and never calls the project ahead."""
    text = blank_duration.summary.status_text
    assert text.startswith(
        f"{BLANK_DURATION_UNKNOWN}, so lateness "
        "cannot be measured; the agreed finish is Mon 1 Jun 2026."
    )
    assert "ahead" not in text
    assert "Forecast finish is" not in text
    assert text.count("Forecast unknown") == 1


# -- plan health ------------------------------------------------------------------------------


def test_plan_health_never_rises_when_tasks_are_unscheduled(
    blank_duration: Analysis, intact: Analysis
) -> None:
    """The checks that read the schedule are unknown, so is the score; the others stand."""
    assert intact.summary.health_score is not None
    assert blank_duration.summary.health_score is None
    for check, whole in zip(blank_duration.summary.health, intact.summary.health, strict=True):
        if check.name in SCHEDULE_CHECKS:
            assert (check.value, check.passed, check.known) == (None, None, False)
        else:
            assert (check.value, check.passed, check.known) == (whole.value, whole.passed, True)


def test_no_health_warning_comes_from_the_partial_schedule(blank_duration: Analysis) -> None:
    """No health finding is raised from a check that cannot be judged."""
    codes = {issue.code.value for issue in blank_duration.issues}
    assert not codes & {"missing-logic", "high-float", "critical-path-test", "low-cpli"}


# -- every front end ------------------------------------------------------------------------


def test_json_has_nulls_and_the_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit schedule --format json`: forecast, slip, critical path, health score are null."""
    path = broken_sample(tmp_path, {TASK_15_DURATION: None})
    assert main(["schedule", str(path), "--format", "json"]) == 1
    project = json.loads(capsys.readouterr().out)["project"]
    for field in ("forecast_finish", "slip", "critical_path", "forecast_duration", "health_score"):
        assert project[field] is None, field
    assert project["forecast_unknown"] == BLANK_DURATION_UNKNOWN
    assert project["status"] != GREEN


def test_json_of_an_empty_plan_has_no_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The blank template's JSON: status null, the reason says what to do first."""
    path = tmp_path / "blank.xlsx"
    assert main(["template", str(path)]) == 0
    capsys.readouterr()
    assert main(["schedule", str(path), "--format", "json"]) == 0
    project = json.loads(capsys.readouterr().out)["project"]
    assert project["status"] is None
    assert project["status_reasons"] == [NO_TASKS]


def test_schedule_text_says_the_forecast_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text format's headline line is the sentence, not a date."""
    path = broken_sample(tmp_path, {TASK_8_PREDECESSORS: "99"})
    main(["schedule", str(path)])
    out = capsys.readouterr().out
    assert "Forecast unknown: 27 tasks cannot be scheduled until Plan!F9 is fixed." in out
    assert "Forecast finish 2026" not in out


def test_summary_sheet_shows_unknown_figures(blank_duration: Analysis) -> None:
    """The Summary: slip, forecast finish, critical path, forecast duration and the health
    score read "unknown"; the paragraph is the engine's."""
    metrics = {metric.label: metric for metric in summary_metrics(blank_duration)}
    for label in (
        "Slip (working days)",
        "Forecast finish",
        "Critical path",
        "Forecast duration at this pace (days)",
    ):
        assert metrics[label].value == "unknown", label
    assert metrics["Slip (working days)"].meaning == (f"{BLANK_DURATION_UNKNOWN}.")
    values = [cell.value for row in build_summary_sheet(blank_duration).rows for cell in row.cells]
    assert blank_duration.summary.status_text in values
    score = values.index("Score")
    assert values[score + 1] == "unknown"
    assert date(2026, 4, 23) not in values  # the partial plan's finish appears nowhere


def test_summary_sheet_of_an_empty_plan(tmp_path: Path) -> None:
    """No tasks: the Status figure reads "none yet" and the paragraph says what to do."""
    path = tmp_path / "blank.xlsx"
    main(["template", str(path)])
    analysis = analyse(path)
    metrics = {metric.label: metric for metric in summary_metrics(analysis)}
    assert metrics["Status"].value == "none yet"
    assert metrics["Status"].tone is None


def test_demo_box_says_the_forecast_is_unknown(blank_duration: Analysis) -> None:
    """The demo's summary box and key figures never show a partial finish."""
    console = Console(record=True, width=200)
    print_summary(console, blank_duration, SaveResult(Path("r.xlsx")), Path("p"))
    text = console.export_text()
    assert BLANK_DURATION_UNKNOWN in text
    assert "Thu 23 Apr 2026" not in text
    assert "ahead" not in text
    figures = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    assert figures["Slip"].split()[1] == "unknown"


# -- the property ---------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(data=st.data(), forecast=st.booleans())
def test_breaking_one_task_never_makes_the_forecast_better(
    data: st.DataObject, forecast: bool
) -> None:
    """For any plan, breaking one task (a bad duration, an unknown predecessor, a loop, …)
    never reports an earlier project finish, nor a smaller slip, nor a Green status;
    unknown (None) is allowed."""
    plan = data.draw(
        baselined_plans(deadlines=True, constraints=True, actuals=True, forecast=forecast)
    )
    broken = data.draw(broken_plans(plan))
    whole = pmkit.analyze(plan).summary
    part = pmkit.analyze(broken).summary
    assert part.status != GREEN
    if whole.forecast_finish is None:  # work left dated in the past (`forecast_passed`)
        assert whole.forecast_unknown is not None
        assert whole.forecast_unknown.startswith("Forecast unknown: ")
        assert (
            "the plan's dates end on" in whole.forecast_unknown
            or "not done and dated to finish by the status date" in whole.forecast_unknown
        )
        assert whole.status != GREEN
        return
    assert whole.slip is not None
    if part.forecast_finish is not None:
        assert part.forecast_finish >= whole.forecast_finish
    if part.slip is not None:
        assert part.slip >= whole.slip


def test_project_xml_carries_no_finish_when_it_is_unknown(tmp_path: Path) -> None:
    """`pmkit export` of a plan with a task that cannot be scheduled writes no project
    FinishDate (Microsoft Project works it out), never the partial plan's finish."""
    broken = plan_of(task("A", 2), task("B", None, "A"), task("C", 30))
    whole = plan_of(task("A", 2), task("B", 40, "A"), task("C", 30))
    finishes = []
    for plan in (broken, whole):
        root = ET.parse(write_mspdi(plan, tmp_path / "plan.xml")).getroot()
        finishes.append(root.findtext(f"{MSPDI}FinishDate"))
    assert finishes[0] is None
    assert finishes[1] is not None


def test_no_reason_speaks_of_critical_tasks_while_the_forecast_is_unknown(
    blank_duration: Analysis, intact: Analysis
) -> None:
    """Which tasks are critical depends on the finish: with it unknown, the status names
    no "critical task"; the deadline and SPI/CPI reasons, facts of their own, stay."""
    assert any("critical task" in reason for reason in intact.summary.status_reasons)
    reasons = blank_duration.summary.status_reasons
    assert not any("critical task" in reason for reason in reasons)
    assert any(reason.startswith("SPI 0.70") for reason in reasons)


def test_a_plan_nothing_dates_starts_on_the_status_date_and_says_so() -> None:
    """No Project Start, no Start No Earlier Than, no actual start: the schedule starts on
    the status date, and a note says every date moves with it and what to set. Any one of
    the three dates the start, and there is no note."""
    status = date(2026, 3, 11)
    analysis = pmkit.analyze(plan_of("A:2", "B:1<A", start=None), status)
    (note,) = [issue for issue in analysis.issues if issue.code == "no-project-start"]
    assert note.severity == "info"
    assert str(note.location) == "Settings"
    assert note.message.startswith("The schedule starts on the status date, Wed 11 Mar 2026")
    assert note.message.endswith("set Project Start to the first day of work")
    assert analysis.summary.start == status
    dated = [
        plan_of("A:2", "B:1<A"),
        plan_of(task("A", 2, start_no_earlier_than=MONDAY), "B:1<A", start=None),
        plan_of(task("A", 2, actual_start=MONDAY), "B:1<A", start=None),
    ]
    for plan in dated:
        found = pmkit.analyze(plan, status).issues
        assert not [issue for issue in found if issue.code == "no-project-start"]


def test_work_added_since_the_baseline_does_not_read_as_running_ahead() -> None:
    """A (baselined, USD 1,000) and B (added since, Budget USD 1,000) are both done: B's
    budget counts in BAC and EV, so it is planned as scheduled too, and the finished plan
    is on pace (SPI 1.00), not twice as fast (2.00 when B earned without being planned)."""
    plan = plan_of(
        task(
            "A",
            2,
            budget=1000.0,
            baseline_start=MONDAY,
            baseline_finish=date(2026, 3, 3),
            percent_complete=1.0,
            actual_start=MONDAY,
            actual_finish=date(2026, 3, 3),
        ),
        task("B", 1, "A", budget=1000.0, percent_complete=1.0, actual_start=date(2026, 3, 4)),
    )
    earned = pmkit.analyze(plan, date(2026, 3, 6)).summary.earned_value
    assert (earned.bac, earned.ev, earned.pv) == (2000.0, 2000.0, 2000.0)
    assert earned.spi == 1.0
