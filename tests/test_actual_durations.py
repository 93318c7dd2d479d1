"""A done task's dates are facts: with an Actual Start and an Actual Finish on or after it,
a blank or unreadable Duration does not hold the plan back. pmkit schedules it on the
working days of its actual dates (as Microsoft Project does a completed task) and says so
at the Duration cell, as a warning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import pmkit
from pmkit.engine.actual_durations import dated_by_actuals, duration_from_actuals
from pmkit.engine.issues import Code, Severity
from pmkit.engine.model import TaskStatus
from pmkit.engine.results import Analysis
from pmkit.engine.workdays import WorkCalendar
from pmkit.mspdi import read_mspdi
from tests.builders import MONDAY, plan_of, schedule_of, task
from tests.mspdi import mspdi_text
from tests.truth_support import TASK_4_DURATION, analyse, broken_sample, sample_copy

TASK_4_ACTUAL_START = "M5"
TASK_4_ACTUAL_FINISH = "N5"
TAKEN = (
    "the task is done, so pmkit takes its duration from its actual dates: 5 working days "
    "(type 5 to keep the plan complete)"
)


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    return analyse(sample_copy(tmp_path_factory.mktemp("intact")))


@pytest.fixture(scope="module")
def done_blank(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """The sample with the Duration of task 4 (done, 3–9 Feb 2026) blanked."""
    return analyse(broken_sample(tmp_path_factory.mktemp("done"), {TASK_4_DURATION: None}))


def test_a_done_task_with_a_blank_duration_is_scheduled_on_its_actual_dates(
    done_blank: Analysis,
) -> None:
    """Task 4 sits on its actual dates, Tue 3 – Mon 9 Feb 2026, not 'cannot be scheduled'."""
    row = done_blank.tasks["4"]
    assert (row.early_start, row.early_finish) == (date(2026, 2, 3), date(2026, 2, 9))
    assert (row.forecast_start, row.forecast_finish) == (date(2026, 2, 3), date(2026, 2, 9))
    assert done_blank.summary.forecast_unknown is None


def test_the_tasks_after_a_done_task_with_a_blank_duration_are_scheduled(
    done_blank: Analysis, intact: Analysis
) -> None:
    """Nothing after task 4 is held back: every task has the intact plan's dates, and the
    project its forecast and slip."""
    assert all(row.forecast_finish is not None for row in done_blank.tasks)
    for row, blank_row in zip(intact.tasks, done_blank.tasks, strict=True):
        assert (blank_row.forecast_start, blank_row.forecast_finish) == (
            row.forecast_start,
            row.forecast_finish,
        ), row.id
    summary = done_blank.summary
    assert (summary.forecast_finish, summary.slip) == (date(2026, 6, 15), 10)
    assert summary.critical_path == intact.summary.critical_path
    assert summary.health_score == intact.summary.health_score


@pytest.mark.parametrize(
    ("value", "wrong"),
    [
        pytest.param(None, "Duration is blank", id="blank"),
        pytest.param(
            "three", "Duration 'three' should be a number of working days (like 10)", id="text"
        ),
        pytest.param(-4, "Duration -4 is negative", id="negative"),
    ],
)
def test_a_done_task_s_missing_duration_is_a_warning_at_its_cell(
    tmp_path: Path, value: object, wrong: str
) -> None:
    """The owner is told at Plan!E5, as a warning: what is wrong, what pmkit took, and
    what to type; no error is left at the cell."""
    analysis = analyse(broken_sample(tmp_path, {TASK_4_DURATION: value}))
    at_cell = [issue for issue in analysis.cell_issues() if str(issue.location) == "Plan!E5"]
    assert [(i.severity, i.code, i.task_id, i.message) for i in at_cell] == [
        (Severity.WARNING, Code.DURATION_FROM_ACTUALS, "4", f"{wrong}; {TAKEN}")
    ]
    assert analysis.summary.forecast_unknown is None


def test_a_done_task_without_an_actual_start_still_needs_its_duration(tmp_path: Path) -> None:
    """Unchanged: done (an Actual Finish, 100 %, Done) but no Actual Start, the blank
    Duration is an error and task 4 cannot be scheduled, nor the 33 tasks after it."""
    path = broken_sample(tmp_path, {TASK_4_DURATION: None, TASK_4_ACTUAL_START: None})
    analysis = analyse(path)
    assert analysis.summary.forecast_unknown == (
        "Forecast unknown: 34 tasks cannot be scheduled until Plan!E5 is fixed"
    )
    at_cell = [issue for issue in analysis.cell_issues() if str(issue.location) == "Plan!E5"]
    assert [(i.severity, i.code) for i in at_cell] == [(Severity.ERROR, Code.BAD_DURATION)]
    assert analysis.tasks["4"].forecast_finish is None


def test_a_done_task_whose_actual_finish_is_before_its_start_still_needs_its_duration(
    tmp_path: Path,
) -> None:
    """Actual dates that contradict each other give no duration: the blank stays an error."""
    path = broken_sample(tmp_path, {TASK_4_DURATION: None, TASK_4_ACTUAL_FINISH: date(2026, 2, 2)})
    analysis = analyse(path)
    assert analysis.summary.forecast_unknown is not None
    assert "Plan!E5" in analysis.summary.forecast_unknown
    codes = {issue.code for issue in analysis.issues if str(issue.location) == "Plan!E5"}
    assert codes == {Code.BAD_DURATION}


def test_a_task_not_done_still_needs_its_duration() -> None:
    """Started, with an Actual Start but no finish: its Duration says when it ends."""
    started = task("A", None, actual_start=MONDAY, percent_complete=0.5)
    schedule = schedule_of(plan_of(started, "B:2<A"))
    assert "A" not in schedule.tasks
    assert "B" not in schedule.tasks


def test_the_duration_counts_the_working_days_of_the_actual_dates() -> None:
    """Mon 2 – Fri 6 Mar with a holiday on Wed 4 Mar is 4 working days; the task after it
    starts the next working day, Mon 9 Mar."""
    holiday = date(2026, 3, 4)
    done = task(
        "A",
        None,
        actual_start=MONDAY,
        actual_finish=date(2026, 3, 6),
        percent_complete=1.0,
        status=TaskStatus.DONE,
    )
    plan = plan_of(done, "B:2<A", holidays=[holiday])
    assert dated_by_actuals(plan.tasks[0])
    assert duration_from_actuals(plan.tasks[0], WorkCalendar.for_plan(plan)) == 4
    schedule = schedule_of(plan)
    assert (schedule.tasks["A"].early_start, schedule.tasks["A"].early_finish) == (
        MONDAY,
        date(2026, 3, 6),
    )
    assert schedule.tasks["B"].early_start == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("typed", "finish", "dates"),
    [
        pytest.param(0, date(2026, 3, 6), (MONDAY, date(2026, 3, 6)), id="milestone-over-a-week"),
        pytest.param(None, date(2026, 3, 6), (MONDAY, date(2026, 3, 6)), id="blank-the-same"),
        pytest.param(0, MONDAY, (MONDAY, MONDAY), id="milestone-on-one-day"),
    ],
)
def test_a_done_milestone_whose_actual_dates_span_days_took_them(
    typed: int | None, finish: date, dates: tuple[date, date]
) -> None:
    """A Duration of 0 on a done task with Actual Start Mon 2 and Actual Finish Fri 6 Mar:
    it took five working days, so it is scheduled on them, as the same task with a blank
    Duration is, and the task SS+2 after it starts Wed 4 Mar (it started Mon 9, as if the
    milestone were reached on its finish, so blanking the Duration made the forecast
    earlier). Both actual dates on one day keep it a milestone."""
    done = task("A", typed, actual_start=MONDAY, actual_finish=finish, percent_complete=1.0)
    schedule = schedule_of(plan_of(done, "B:0<ASS+2"))
    assert (schedule.tasks["A"].early_start, schedule.tasks["A"].early_finish) == dates
    assert schedule.tasks["B"].early_start == date(2026, 3, 4)


@pytest.mark.parametrize("typed", [pytest.param(1, id="typed-1"), pytest.param(None, id="blank")])
def test_work_done_on_a_saturday_took_a_day(typed: int | None) -> None:
    """Done with Actual Start and Actual Finish on Sat 7 Mar: it took a day, placed on the
    next working day, Mon 9, as its actual dates are, and B after it starts Tue 10. With its
    Duration blank it counted no working day, became a milestone on Mon 9, and B started a
    day earlier than with the Duration typed (found by the truth property test)."""
    saturday = date(2026, 3, 7)
    done = task("A", typed, actual_start=saturday, actual_finish=saturday, percent_complete=1.0)
    plan = plan_of(done, "B:2<A")
    assert duration_from_actuals(plan.tasks[0], WorkCalendar.for_plan(plan)) == 1
    schedule = schedule_of(plan)
    assert (schedule.tasks["A"].early_start, schedule.tasks["A"].early_finish) == (
        date(2026, 3, 9),
        date(2026, 3, 9),
    )
    assert schedule.tasks["B"].early_start == date(2026, 3, 10)


def test_a_done_task_s_blank_duration_is_not_scope_growth(done_blank: Analysis) -> None:
    """Task 4 was agreed at 4 working days and took 5: that is lateness (its slip), not
    scope. Its blank Duration adds no work, so no scope-creep finding names it."""
    assert done_blank.tasks["4"].slip == 1
    assert not [
        issue
        for issue in done_blank.cell_issues()
        if issue.code is Code.SCOPE_CREEP and issue.task_id == "4"
    ]


def test_a_done_task_waiting_for_a_broken_one_names_only_the_broken_cell(tmp_path: Path) -> None:
    """Task 4 waits for task 1, whose predecessor is unknown: the cell to fix is task 1's
    Predecessors, never task 4's blank Duration, which its actual dates stand in for."""
    path = broken_sample(tmp_path, {TASK_4_DURATION: None, "F2": "99"})
    summary = analyse(path).summary
    assert summary.forecast_unknown == (
        "Forecast unknown: 40 tasks cannot be scheduled until Plan!F2 is fixed"
    )


# -- the same rule in a Microsoft Project file ---------------------------------------------

DONE_IN_PROJECT = (
    "<PercentComplete>100</PercentComplete>"
    "<ActualStart>2026-03-02T08:00:00</ActualStart>"
    "<ActualFinish>2026-03-06T17:00:00</ActualFinish>"
)
"""Done, Mon 2 – Fri 6 Mar 2026: 5 working days."""
TAKEN_IN_PROJECT = (
    "the task is done, so pmkit takes its duration from its actual dates: 5 working days "
    "(give it a Duration of 5 working days in Microsoft Project to keep the plan complete)"
)


@pytest.mark.parametrize(
    ("duration", "wrong"),
    [
        pytest.param(
            "three days",
            "Task 1 “Pour slab” has the duration 'three days', which is not one Microsoft "
            "Project writes (like PT16H0M0S)",
            id="unreadable",
        ),
        pytest.param(
            "-PT8H0M0S", "Task 1 “Pour slab” has a negative duration (-PT8H0M0S)", id="negative"
        ),
        pytest.param(
            "PT99999999H0M0S",
            "Task 1 “Pour slab” lasts 12,500,000 working days, beyond any plan",
            id="centuries",
        ),
    ],
)
def test_a_done_task_s_unreadable_duration_in_a_project_file_is_the_same_warning(
    tmp_path: Path, duration: str, wrong: str
) -> None:
    """One rule for both: in a Project file a done task with both actual dates and an
    unreadable Duration is scheduled on its actuals, and the finding at the task (as Project
    shows it) is the `duration-from-actuals` warning, not an error; its successor follows."""
    xml = mspdi_text.project(
        mspdi_text.task(1, "Pour slab", duration, extra=DONE_IN_PROJECT),
        mspdi_text.task(2, "Frame", links=mspdi_text.link(1)),
    )
    path = tmp_path / "vendor.xml"
    path.write_text(xml, encoding="utf-8")
    analysis = pmkit.analyze(read_mspdi(path), date(2026, 3, 16))
    at_task = [issue for issue in analysis.issues if issue.task_id == "1"]
    assert [(str(i.location), i.severity, i.code, i.message) for i in at_task] == [
        (
            "task 1 “Pour slab” in vendor.xml",
            Severity.WARNING,
            Code.DURATION_FROM_ACTUALS,
            f"{wrong}; {TAKEN_IN_PROJECT}",
        )
    ]
    done, after = analysis.tasks["1"], analysis.tasks["2"]
    assert (done.early_start, done.early_finish) == (date(2026, 3, 2), date(2026, 3, 6))
    assert after.early_start == date(2026, 3, 9)
    assert not [issue for issue in analysis.issues if issue.severity is Severity.ERROR]


def test_a_task_not_done_in_a_project_file_still_needs_its_duration(tmp_path: Path) -> None:
    """Started but not finished, its unreadable Duration stays a bad-duration error."""
    started = "<PercentComplete>50</PercentComplete><ActualStart>2026-03-02T08:00:00</ActualStart>"
    path = tmp_path / "vendor.xml"
    path.write_text(
        mspdi_text.project(mspdi_text.task(1, "Pour slab", "three days", extra=started)),
        encoding="utf-8",
    )
    plan = read_mspdi(path)
    assert [(i.severity, i.code) for i in plan.issues if i.task_id == "1"] == [
        (Severity.ERROR, Code.BAD_DURATION)
    ]
