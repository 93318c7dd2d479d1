"""validate_plan: ids, names, links, actual and baseline dates, each located at its cell."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pmkit
from pmkit.engine.issues import Code, Severity
from pmkit.engine.model import BaselineSnapshot, BaselineTask, Link, Plan, Task
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.validation import validate_plan
from pmkit.engine.workdays import WorkCalendar
from tests.builders import PLAN_HEADER, task, write_workbook
from tests.strategies import broken_plans, plans

STATUS = date(2026, 3, 13)
COLUMNS = {
    "id": 1,
    "name": 2,
    "owner": 3,
    "duration_days": 4,
    "predecessors": 5,
    "actual_start": 6,
    "actual_finish": 7,
    "baseline_start": 8,
    "baseline_finish": 9,
}


def plan_with(*tasks: Task) -> Plan:
    """A plan of `tasks` on rows 2, 3, … with the columns above; every task owned by default."""
    rows = [replace(item, row=row, owner=item.owner) for row, item in enumerate(tasks, start=2)]
    return Plan("test", tuple(rows), columns=COLUMNS)


def owned(task_id: str, duration: int | None = 1, predecessors: str = "", **fields: object) -> Task:
    fields.setdefault("owner", "Ann")
    return task(task_id, duration, predecessors, **fields)


def found(plan: Plan) -> list[tuple[str, str, str | None]]:
    return [
        (str(issue.code), str(issue.location), issue.task_id)
        for issue in validate_plan(plan, STATUS)
    ]


def test_a_clean_plan_has_no_findings() -> None:
    """A plan with ids, names, owners, known links and sane actuals gives nothing."""
    plan = plan_with(owned("1"), owned("2", 2, "1FS+1"), owned("3", 0, "1, 2SS"))
    assert validate_plan(plan, STATUS) == []


@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        pytest.param(
            [owned("1"), owned("2", predecessors="99")],
            [("unknown-predecessor", "Plan!E3", "2")],
            id="unknown-predecessor",
        ),
        pytest.param(
            [owned("1", predecessors="1")],
            [("self-dependency", "Plan!E2", "1")],
            id="self-dependency",
        ),
        pytest.param(
            [owned("1"), owned("1")],
            [("duplicate-id", "Plan!A3", "1")],
            id="duplicate-id",
        ),
        pytest.param(
            [owned(""), owned("2")],
            [("missing-id", "Plan!A2", None)],
            id="missing-id",
        ),
        pytest.param(
            [owned("1", name=" ")],
            [("missing-name", "Plan!B2", "1")],
            id="missing-name",
        ),
        pytest.param(
            [owned("1", actual_start=date(2026, 3, 10), actual_finish=date(2026, 3, 9))],
            [("actual-finish-before-start", "Plan!G2", "1")],
            id="finish-before-start",
        ),
        pytest.param(
            [owned("1", baseline_start=date(2026, 3, 10), baseline_finish=date(2026, 3, 9))],
            [("baseline-start-after-finish", "Plan!H2", "1")],
            id="baseline-start-after-finish",
        ),
        pytest.param(
            [owned("1", 0, baseline_start=date(2026, 3, 9), baseline_finish=date(2026, 3, 9))],
            [],
            id="baseline-milestone-on-one-day",
        ),
        pytest.param(
            [owned("1", actual_start=date(2026, 3, 16))],
            [("actual-in-future", "Plan!F2", "1")],
            id="start-in-future",
        ),
        pytest.param(
            [owned("1", actual_start=date(2026, 3, 2), actual_finish=date(2026, 3, 20))],
            [("actual-in-future", "Plan!G2", "1")],
            id="finish-in-future",
        ),
    ],
)
def test_findings(tasks: list[Task], expected: list[tuple[str, str, str | None]]) -> None:
    """Each structure and data problem is found, with its code, cell and task."""
    assert found(plan_with(*tasks)) == expected


def test_messages_are_plain_sentences() -> None:
    """Messages name the problem the way an owner would say it."""
    plan = plan_with(owned("1", name="Design"), owned("2", predecessors="99"))
    [issue] = validate_plan(plan, STATUS)
    assert issue.message == "Predecessor 99 is not a task ID in this plan"
    assert issue.severity is Severity.ERROR


def test_a_baseline_start_after_its_finish_is_an_error_saying_what_to_fix() -> None:
    """An impossible pair of baseline dates is an error, as an Actual Finish before the
    Actual Start is, at the Baseline Start, saying what it does until it is fixed."""
    plan = plan_with(
        owned(
            "1", name="Design", baseline_start=date(2026, 3, 10), baseline_finish=date(2026, 3, 6)
        )
    )
    [issue] = validate_plan(plan, STATUS)
    assert issue.severity is Severity.ERROR
    assert issue.message == (
        "Task 1 “Design” has a Baseline Start of Tue 10 Mar 2026, after its Baseline Finish of "
        "Fri 6 Mar 2026; correct whichever date is wrong (or set the baseline again); until "
        "then the Gantt shows no agreed bar for the task and its planned value is counted back "
        "from the Baseline Finish"
    )
    result = pmkit.analyze(plan, STATUS)
    assert Code.BASELINE_START_AFTER_FINISH in {issue.code for issue in result.issues}
    assert result.summary.status != "Green"


def with_baseline_sheet(plan: Plan, *frozen: BaselineTask) -> Plan:
    """`plan` with a Baseline sheet of the `frozen` rows."""
    return replace(plan, baseline=BaselineSnapshot(date(2026, 2, 27), frozen))


MARCH_10, MARCH_6 = date(2026, 3, 10), date(2026, 3, 6)
UNTIL = (
    "until then the Gantt shows no agreed bar for the task and its planned value is counted "
    "back from the Baseline Finish"
)


@pytest.mark.parametrize(
    ("on_plan", "on_sheet", "where", "message"),
    [
        pytest.param(
            {},
            {"start": MARCH_10, "finish": MARCH_6},
            "Baseline!7:7",
            "Task 1 “Design” has a Baseline Start of Tue 10 Mar 2026, after its Baseline Finish "
            "of Fri 6 Mar 2026, on the Baseline sheet; correct whichever date is wrong there "
            f"(or set the baseline again); {UNTIL}",
            id="both-from-the-baseline-sheet",
        ),
        pytest.param(
            {"baseline_start": MARCH_10},
            {"finish": MARCH_6},
            "Baseline!7:7",
            "Task 1 “Design” has a Baseline Start of Tue 10 Mar 2026 (Plan), after its Baseline "
            "Finish of Fri 6 Mar 2026 (Baseline sheet); correct whichever date is wrong (or set "
            f"the baseline again); {UNTIL}",
            id="start-on-the-plan-finish-from-the-sheet",
        ),
        pytest.param(
            {"baseline_finish": MARCH_6},
            {"start": MARCH_10, "finish": date(2026, 3, 20)},
            "Baseline!7:7",
            "Task 1 “Design” has a Baseline Start of Tue 10 Mar 2026 (Baseline sheet), after its "
            "Baseline Finish of Fri 6 Mar 2026 (Plan); correct whichever date is wrong (or set "
            f"the baseline again); {UNTIL}",
            id="start-from-the-sheet-finish-on-the-plan",
        ),
        pytest.param(
            {"baseline_start": MARCH_10, "baseline_finish": MARCH_6},
            {"start": MARCH_10, "finish": MARCH_6},
            "Plan!H2",
            "Task 1 “Design” has a Baseline Start of Tue 10 Mar 2026, after its Baseline Finish "
            "of Fri 6 Mar 2026; correct whichever date is wrong (or set the baseline again); "
            f"{UNTIL}",
            id="both-on-the-plan-the-sheet-unread",
        ),
    ],
)
def test_an_impossible_agreed_pair_from_the_baseline_sheet_is_flagged_once_where_it_is_held(
    on_plan: dict[str, date], on_sheet: dict[str, date], where: str, message: str
) -> None:
    """The agreed dates are the Plan's Baseline columns, else the Baseline sheet's row
    (`plan_baselines`): a Baseline Start after the Finish made with the sheet's dates is
    the same error, once, at the sheet's row (as a removed task's finding is), saying
    where each date comes from; a pair all on the Plan stays at its Baseline Start cell."""
    plan = with_baseline_sheet(
        plan_with(
            owned(
                "1",
                name="Design",
                baseline_start=on_plan.get("baseline_start"),
                baseline_finish=on_plan.get("baseline_finish"),
            )
        ),
        BaselineTask("1", "Design", 1, on_sheet.get("start"), on_sheet.get("finish"), None, 7),
    )
    [issue] = validate_plan(plan, STATUS)
    assert (issue.code, str(issue.location), issue.task_id) == (
        Code.BASELINE_START_AFTER_FINISH,
        where,
        "1",
    )
    assert issue.severity is Severity.ERROR
    assert issue.message == message
    result = pmkit.analyze(plan, STATUS)
    assert [i.code for i in result.issues].count(Code.BASELINE_START_AFTER_FINISH) == 1


def test_a_baseline_sheet_finding_names_its_cell() -> None:
    """Read from a workbook, a finding about a Baseline sheet row names its cell, as every
    other finding does: an impossible agreed pair all on the sheet at its Start cell, one
    whose Start is the Plan's at the sheet's Finish cell, and a removed task at its ID."""
    from pmkit.frontend import Grid, plan_from_grids

    plan_rows: list[list[object]] = [
        ["ID", "Task", "Duration", "Baseline Start"],
        [1, "Design", 1, None],
        [2, "Build", 1, date(2026, 3, 20)],
    ]
    baseline_rows: list[list[object]] = [
        ["Baseline set on", date(2026, 3, 2)],
        [],
        ["ID", "Task", "Duration", "Start", "Finish", "Cost"],
        [1, "Design", 1, date(2026, 3, 10), date(2026, 3, 6), None],
        [2, "Build", 1, date(2026, 3, 2), date(2026, 3, 6), None],
        [3, "Gone", 1, date(2026, 3, 2), date(2026, 3, 2), None],
    ]
    plan = plan_from_grids(
        "p",
        {"Plan": Grid("Plan", plan_rows), "Baseline": Grid("Baseline", baseline_rows)},
    )
    found = {
        (issue.code, issue.task_id): str(issue.location)
        for issue in pmkit.analyze(plan, STATUS).issues
    }
    assert found[(Code.BASELINE_START_AFTER_FINISH, "1")] == "Baseline!D4"
    assert found[(Code.BASELINE_START_AFTER_FINISH, "2")] == "Baseline!E5"
    assert found[(Code.REMOVED_TASK, "3")] == "Baseline!A6"


def test_a_baseline_sheet_pair_the_plan_overrides_is_not_flagged() -> None:
    """The Plan's own dates are the agreed ones where filled: an impossible pair left on
    the Baseline sheet under them measures nothing, and is not a finding."""
    plan = with_baseline_sheet(
        plan_with(owned("1", name="Design", baseline_start=MARCH_6, baseline_finish=MARCH_10)),
        BaselineTask("1", "Design", 1, MARCH_10, MARCH_6, None, 7),
    )
    assert validate_plan(plan, STATUS) == []


def test_actuals_on_the_status_date_are_fine() -> None:
    """Work started or finished on the status date itself is not in the future."""
    plan = plan_with(owned("1", actual_start=STATUS, actual_finish=STATUS))
    assert validate_plan(plan, STATUS) == []


def test_duplicate_names_the_first_row() -> None:
    """A repeated id names the row that already has it."""
    plan = plan_with(owned("7"), owned("8"), owned("7"))
    [issue] = validate_plan(plan, STATUS)
    assert "row 2" in issue.message


def test_one_link_problem_reported_once_per_cell() -> None:
    """The same unknown predecessor twice in one cell is reported once."""
    plan = plan_with(owned("1", predecessors="99, 99SS"))
    assert found(plan) == [("unknown-predecessor", "Plan!E2", "1")]


def test_all_findings_in_one_pass_in_row_order() -> None:
    """Every problem of the plan comes back at once, in row order."""
    plan = plan_with(
        owned("1", predecessors="1"),
        owned("2", name="", predecessors="42"),
        task("3", owner=None, actual_start=date(2026, 4, 1)),
    )
    assert found(plan) == [
        ("self-dependency", "Plan!E2", "1"),
        ("missing-name", "Plan!B3", "2"),
        ("unknown-predecessor", "Plan!E3", "2"),
        ("actual-in-future", "Plan!F4", "3"),
    ]


def test_location_falls_back_to_the_row_without_the_column() -> None:
    """When the Predecessors column is absent, the finding points at the task's ID cell."""
    plan = Plan("test", (replace(task("1", predecessors="99"), row=5),), columns={"id": 2})
    [issue] = validate_plan(plan, STATUS)
    assert str(issue.location) == "Plan!B5"


def test_workbook_findings_are_not_reported_twice(tmp_path: Path) -> None:
    """Duplicate and missing ids are reported once, by the reader, which leaves those rows out."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                PLAN_HEADER,
                [1, "A", "Ann", 1, "1"],
                [1, "Again", "Ann", 1, None],
                [None, "No id", "Ann", 1, None],
                [2, None, None, 1, "99"],
            ]
        },
    )
    result = pmkit.analyze(pmkit.read_plan(path), STATUS)
    structural = {
        Code.DUPLICATE_ID,
        Code.MISSING_ID,
        Code.MISSING_NAME,
        Code.SELF_DEPENDENCY,
        Code.UNKNOWN_PREDECESSOR,
        Code.OWNERLESS_TASK,
    }
    assert sorted(
        (str(i.code), str(i.location)) for i in result.cell_issues() if i.code in structural
    ) == [
        ("duplicate-id", "Plan!A3"),
        ("missing-id", "Plan!A4"),
        ("missing-name", "Plan!B5"),
        ("ownerless-task", "Plan!C5"),
        ("self-dependency", "Plan!E2"),
        ("unknown-predecessor", "Plan!E5"),
    ]


@pytest.mark.parametrize(
    ("written", "meant"),
    [pytest.param("t1", "T1", id="case"), pytest.param("7.0", "7", id="decimal-text")],
)
def test_unknown_predecessor_suggests_the_near_miss(written: str, meant: str) -> None:
    """An unknown predecessor that differs only in case or a `.0` suggests the real id."""
    plan = plan_with(owned(meant), owned("2", predecessors=written))
    [issue] = validate_plan(plan, STATUS)
    assert issue.message.endswith(f"(did you mean {meant}?)")


@st.composite
def plans_with_broken_links(draw: st.DrawFn) -> Plan:
    """A plan with one of the breakages (a repeated id, a self link, an unknown
    predecessor …), a link to a near miss of an id or to itself, maybe a blank id."""
    tasks = list(draw(broken_plans(draw(plans(10, actuals=True, constraints=True)))).tasks)
    slot = draw(st.integers(0, len(tasks) - 1))
    other = draw(st.sampled_from(tasks)).id
    written = draw(st.sampled_from([f"{other}.0", f" {other}", "t" + other, tasks[slot].id]))
    tasks[slot] = replace(tasks[slot], links=(*tasks[slot].links, Link(written)))
    if draw(st.booleans()):
        slot = draw(st.integers(0, len(tasks) - 1))
        tasks[slot] = replace(tasks[slot], id=draw(st.sampled_from(["", " "])))
    return Plan("broken", tuple(tasks))


@given(plans_with_broken_links())
def test_the_schedules_links_give_the_same_findings(plan: Plan) -> None:
    """Given the schedule's days, validation reads the links as the scheduler resolved them
    (`ScheduleDays.broken_links`) and finds exactly what it finds reading every link."""
    days = compute_schedule(plan, WorkCalendar.for_plan(plan), STATUS).days
    assert validate_plan(plan, STATUS, days=days) == validate_plan(plan, STATUS)
