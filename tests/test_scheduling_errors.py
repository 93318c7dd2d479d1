"""What the scheduler does with a broken plan: loops, unknown links, unreadable durations.

Policy: a broken task is not scheduled, nor is anything downstream of it; one warning per
broken task names what it holds up; everything else is scheduled as usual.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pmkit.engine.analysis import analyze
from pmkit.engine.issues import Code, Severity
from pmkit.engine.model import Link, Plan, Task
from pmkit.engine.results import Schedule
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.workdays import WorkCalendar
from pmkit.reading import read_plan
from tests.builders import plan_of, task, write_workbook


def schedule_of(plan: Plan) -> Schedule:
    status = plan.settings.project_start
    assert status is not None
    return compute_schedule(plan, WorkCalendar.for_plan(plan), status)


def codes(schedule: Schedule) -> list[Code]:
    return [issue.code for issue in schedule.issues]


def test_loop_is_one_error_naming_every_task() -> None:
    """A loop A → B → C → A is one dependency-cycle error naming A, B and C, at A's Predecessors."""
    schedule = schedule_of(plan_of("A:1<C", "B:1<A", "C:1<B", "D:2"))
    (error,) = [issue for issue in schedule.issues if issue.code is Code.DEPENDENCY_CYCLE]
    assert error.severity is Severity.ERROR
    assert str(error.location) == "Plan!D2"
    assert error.task_id == "A"
    assert "Tasks A, B and C depend on each other in a loop" in error.message
    assert "A → B → C → A" in error.message


def test_a_loop_reads_as_one_clause_wherever_it_is_shown() -> None:
    """The loop's message is a clause like every finding's (no full stop of its own), so
    the Summary's action and the Flags' grouped row punctuate it once: not
    "(A → B → C → A).. Until it is fixed" or "(A → B → C → A).; it has no owner"."""
    (loop,) = [
        i
        for i in schedule_of(plan_of("A:1<C", "B:1<A", "C:1<B")).issues
        if i.code is Code.DEPENDENCY_CYCLE
    ]
    assert loop.message.endswith("(A → B → C → A)")
    result = analyze(plan_of("A:1<C", "B:1<A", "C:1<B", "D:2"))
    shown = [issue.message for issue in result.issues]
    shown += [detail.message for issue in result.issues for detail in issue.details]
    shown += [f"{action.what}. {action.why}" for action in result.this_week]
    assert any("A → B → C → A" in text for text in shown)
    assert not [text for text in shown if ".." in text or ".;" in text]


def test_what_a_broken_task_holds_up_is_listed_in_row_order() -> None:
    """D waits for the loop A ↔ B, and C for D: the warning lists C and D as the rows
    read, not in the order the walk met them ("Tasks D and C")."""
    schedule = schedule_of(plan_of("A:1<B", "B:1<A", "C:1<D", "D:1<A"))
    (warning,) = [i for i in schedule.issues if i.code is Code.UNSCHEDULED_TASK]
    assert warning.message.startswith("Tasks C and D cannot be scheduled")


def test_rest_of_the_plan_is_scheduled_around_a_loop() -> None:
    """Tasks in a loop are left out; unrelated tasks are scheduled."""
    schedule = schedule_of(plan_of("A:1<C", "B:1<A", "C:1<B", "D:2"))
    assert set(schedule.tasks) == {"D"}


def test_two_loops_two_errors() -> None:
    """Each loop gets its own error."""
    schedule = schedule_of(plan_of("A:1<B", "B:1<A", "C:1<D", "D:1<C"))
    assert codes(schedule) == [Code.DEPENDENCY_CYCLE, Code.DEPENDENCY_CYCLE]


def test_tasks_behind_a_loop_get_one_warning() -> None:
    """Tasks that follow a loop are not scheduled; one warning at the loop says which."""
    schedule = schedule_of(plan_of("A:1<B", "B:1<A", "E:1<B", "F:1<E", "G:1"))
    assert set(schedule.tasks) == {"G"}
    (warning,) = [issue for issue in schedule.issues if issue.code is Code.UNSCHEDULED_TASK]
    assert warning.severity is Severity.WARNING
    assert warning.message == (
        "Tasks E and F cannot be scheduled until the loop between tasks A and B is broken"
    )


def test_unreadable_duration_holds_up_its_successors() -> None:
    """A task with no readable duration is not scheduled; its successors wait for it."""
    plan = plan_of(task("A", None), "B:1<A", "C:1<B", "D:1")
    schedule = schedule_of(plan)
    assert set(schedule.tasks) == {"D"}
    (warning,) = schedule.issues
    assert warning.code is Code.UNSCHEDULED_TASK
    assert str(warning.location) == "Plan!C2"  # A's Duration cell
    assert warning.message == (
        "Tasks B and C cannot be scheduled until the duration of task A is fixed"
    )


def test_unknown_predecessor_is_left_to_validation() -> None:
    """An unknown predecessor leaves its task unscheduled without a scheduler error."""
    schedule = schedule_of(plan_of("A:1", "B:1<Z", "C:1<B"))
    assert set(schedule.tasks) == {"A"}
    (warning,) = schedule.issues
    assert (
        warning.message == "Task C cannot be scheduled until the predecessors of task B are fixed"
    )


def test_self_link_is_tolerated() -> None:
    """A task that names itself is not scheduled and nothing crashes."""
    schedule = schedule_of(plan_of("A:1<A", "B:2"))
    assert set(schedule.tasks) == {"B"}
    assert schedule.issues == ()


def test_warning_lists_at_most_ten_tasks() -> None:
    """A blocker holding up many tasks names ten and counts the rest."""
    plan = plan_of(task("A", None), *(f"T{k}:1<A" for k in range(50)))
    (warning,) = schedule_of(plan).issues
    assert warning.message.startswith("Tasks T0, T1, T2")
    assert "T9 and 40 more cannot be scheduled" in warning.message


def test_chain_of_100000_tasks() -> None:
    """A 100,000-task chain schedules without recursion: the last task ends 99,999 days on."""
    count = 100_000
    tasks = [Task(id="1", name="t", duration_days=1, row=2)]
    tasks += [
        Task(id=str(k), name="t", duration_days=1, row=k + 1, links=(Link(str(k - 1)),))
        for k in range(2, count + 1)
    ]
    plan = plan_of(*tasks)
    calendar = WorkCalendar.for_plan(plan)
    schedule = schedule_of(plan)
    assert len(schedule.tasks) == count
    start = schedule.tasks["1"].early_start
    assert schedule.tasks[str(count)].early_finish == calendar.add_workdays(start, count - 1)
    assert len(schedule.critical_path) == count


def test_chain_of_100000_tasks_listed_backwards() -> None:
    """The same chain with its rows reversed needs a real topological sort; still no recursion."""
    count = 100_000
    tasks = [
        Task(id=str(k), name="t", duration_days=1, links=(Link(str(k - 1)),) if k > 1 else ())
        for k in range(count, 0, -1)
    ]
    schedule = schedule_of(plan_of(*tasks))
    assert len(schedule.tasks) == count


def test_loop_of_10000_tasks_names_them_all() -> None:
    """A 10,000-task loop is one error whose message names every task in it."""
    count = 10_000
    tasks = [
        Task(id=str(k), name="t", duration_days=1, links=(Link(str(k - 1 if k > 1 else count)),))
        for k in range(1, count + 1)
    ]
    schedule = schedule_of(plan_of(*tasks, "free:1"))
    assert set(schedule.tasks) == {"free"}
    (error,) = schedule.issues
    assert error.code is Code.DEPENDENCY_CYCLE
    named = error.message.split(" depend on each other")[0].removeprefix("Tasks ")
    assert set(named.replace(" and ", ", ").split(", ")) == {str(k) for k in range(1, count + 1)}


def _chain_past_year_9999(link: str) -> list[list[object]]:
    """Plan rows: 230 tasks of 10,000 working days in a chain (about 8,800 years), then one
    task of its own; `link` is how each task follows the one before (`{}` is its ID)."""
    rows: list[list[object]] = [["ID", "Task", "Owner", "Duration", "Predecessors"]]
    for number in range(1, 231):
        before = link.format(number - 1) if number > 1 else None
        rows.append([number, f"Stage {number}", "Ann", 10_000, before])
    rows.append([500, "Order the sign", "Ann", 3, None])
    return rows


@pytest.mark.parametrize(
    "link", [pytest.param("{}", id="working-days"), pytest.param("{}FS+1ed", id="elapsed-lag")]
)
def test_a_chain_past_year_9999_is_a_located_error_and_the_rest_is_scheduled(
    tmp_path: Path, link: str
) -> None:
    """The task whose finish passes 31 Dec 9999 is named at its Duration cell; the tasks
    after it are not scheduled, every other task is."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": _chain_past_year_9999(link),
            "Settings": [
                ["Project Start", "2026-03-02"],
                ["Move Unfinished Work Past Status Date", "No"],
            ],
        },
    )
    analysis = analyze(read_plan(path))
    (error,) = [issue for issue in analysis.issues if issue.code is Code.BEYOND_CALENDAR]
    first = int(error.task_id or 0)
    assert error.severity is Severity.ERROR
    assert str(error.location) == f"Plan!D{first + 1}"
    assert "31 Dec 9999" in error.message
    assert f"tasks {first + 1}, {first + 2}" in error.message
    assert str(analysis.summary.forecast_unknown).endswith(f"until Plan!D{first + 1} is fixed")
    scheduled = {row.id for row in analysis.tasks if row.early_finish is not None}
    assert scheduled == {str(n) for n in range(1, first)} | {"500"}
    assert analysis.tasks["500"].early_finish == date(2026, 3, 4)
    finish = analysis.tasks[str(first - 1)].early_finish
    assert finish is not None
    assert finish.year >= 9900
