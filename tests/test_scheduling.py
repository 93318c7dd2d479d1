"""docs/scheduling.md, rule by rule, on small plans whose dates can be checked by hand.

The week of MONDAY (2026-03-02): Mon 2, Tue 3, Wed 4, Thu 5, Fri 6; then Mon 9 … Fri 13.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from pmkit.engine.model import Plan, TaskStatus
from tests.builders import MONDAY, early, late, plan_of, schedule_of, task, work_week_of


def day(number: int) -> date:
    """A day of March 2026."""
    return date(2026, 3, number)


# -- links and lags ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successor", "expected"),
    [
        pytest.param("B:2<A", (day(5), day(6)), id="FS"),
        pytest.param("B:2<AFS+2", (day(9), day(10)), id="FS-plus-2-working-days"),
        pytest.param("B:2<AFS-1", (day(4), day(5)), id="FS-lead-1"),
        pytest.param("B:2<ASS", (day(2), day(3)), id="SS"),
        pytest.param("B:2<ASS+1", (day(3), day(4)), id="SS-plus-1"),
        pytest.param("B:2<AFF", (day(3), day(4)), id="FF"),
        pytest.param("B:2<AFF+2", (day(5), day(6)), id="FF-plus-2"),
        pytest.param("B:2<ASF+3", (day(3), day(4)), id="SF-plus-3"),
    ],
)
def test_link_types_with_working_day_lags(successor: str, expected: tuple[date, date]) -> None:
    """Each link type with its working-day lag, after A = Mon 2 – Wed 4."""
    schedule = schedule_of(plan_of("A:3", successor))
    assert early(schedule, "A") == (day(2), day(4))
    assert early(schedule, "B") == expected


def test_start_to_finish_lets_the_successor_finish_when_the_predecessor_starts() -> None:
    """SF: B must finish no earlier than A starts (A held to Mon 9 by Start No Earlier Than)."""
    plan = plan_of(task("A", 3, start_no_earlier_than=day(9)), "B:2<ASF")
    assert early(schedule_of(plan), "B") == (day(5), day(6))


@pytest.mark.parametrize(
    "successor",
    [pytest.param("B:3<ASF", id="SF"), pytest.param("B:3<AFS-5", id="lead")],
)
def test_nothing_starts_before_the_project_start(successor: str) -> None:
    """An SF link or a lead that would pull a task earlier holds it at the project start."""
    schedule = schedule_of(plan_of("A:1", successor))
    assert early(schedule, "B")[0] == MONDAY


@pytest.mark.parametrize(
    ("predecessor", "successor", "expected_start"),
    [
        pytest.param("A:5", "B:1<AFS+3ed", day(10), id="FS+3ed-from-friday-starts-tuesday"),
        pytest.param(
            task("A", 1, start_no_earlier_than=day(6)),
            "B:1<ASS+2ed",
            day(9),
            id="SS+2ed-from-friday-starts-monday",
        ),
        pytest.param("A:5", "B:1<AFS+1ed", day(9), id="FS+1ed-lands-on-saturday-moves-to-monday"),
        pytest.param("A:3", "B:1<AFS+2ed", day(9), id="FS+2ed-from-wednesday-starts-monday"),
        pytest.param("A:3", "B:1<AFS+1ed", day(6), id="FS+1ed-from-wednesday-starts-friday"),
    ],
)
def test_elapsed_lags_count_calendar_days(
    predecessor: object, successor: str, expected_start: date
) -> None:
    """Elapsed lags run in calendar days from the link's instant, then to the next working time."""
    plan = plan_of(predecessor, successor)  # type: ignore[arg-type]
    assert early(schedule_of(plan), "B")[0] == expected_start


def test_elapsed_finish_to_finish() -> None:
    """FF+3ed from a Friday finish: the end of Friday plus three days is the end of Monday."""
    schedule = schedule_of(plan_of("A:5", "B:2<AFF+3ed"))
    assert early(schedule, "B") == (day(6), day(9))


def test_elapsed_lag_bounds_the_late_dates() -> None:
    """Backwards, an elapsed lag counts calendar days too: A's late finish leaves B its 3 days."""
    schedule = schedule_of(plan_of("A:5", "B:1<AFS+3ed", "C:12"))
    # The project ends Tue 17 (C); B may start Tue 17, so A must finish by Fri 13.
    assert late(schedule, "B") == (day(17), day(17))
    assert late(schedule, "A") == (day(9), day(13))


def test_several_predecessors_take_the_latest() -> None:
    """With several predecessors the latest constraint wins."""
    schedule = schedule_of(plan_of("A:1", "B:4", "C:1<A,B"))
    assert early(schedule, "C") == (day(6), day(6))


# Milestones: tests/test_milestones.py.


# -- constraints and deadlines ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("snet", "expected"),
    [
        pytest.param(day(4), day(4), id="wednesday"),
        pytest.param(day(7), day(9), id="saturday-moves-to-monday"),
    ],
)
def test_start_no_earlier_than(snet: date, expected: date) -> None:
    """Start No Earlier Than raises the start (to a working day); see also
    tests/test_microsoft_project_rules.py for one before the project start."""
    schedule = schedule_of(plan_of(task("A", 2, start_no_earlier_than=snet)))
    assert early(schedule, "A")[0] == expected


def test_start_no_earlier_than_does_not_pull_a_task_earlier() -> None:
    """A constraint before the logic's date does not move the task earlier."""
    schedule = schedule_of(plan_of("A:3", task("B", 1, "A", start_no_earlier_than=MONDAY)))
    assert early(schedule, "B")[0] == day(5)


def test_impossible_deadline_drives_float_negative() -> None:
    """A deadline before the early finish caps the late finish: float goes negative, critical."""
    schedule = schedule_of(plan_of(task("A", 5, deadline=day(4)), "B:1<A"))
    a = schedule.tasks["A"]
    assert a.late_finish == day(4)
    assert a.total_float_days == -2
    assert a.critical
    assert schedule.tasks["B"].total_float_days == 0


def test_deadline_met_leaves_the_float_up_to_it() -> None:
    """A deadline after the early finish limits float to the days before the deadline."""
    schedule = schedule_of(plan_of(task("A", 2, deadline=day(6)), "B:10"))
    assert schedule.tasks["A"].total_float_days == 3


def test_deadline_on_a_weekend_means_the_friday_before() -> None:
    """A Sunday deadline allows a finish on the Friday before it."""
    schedule = schedule_of(plan_of(task("A", 2, deadline=day(8)), "B:10"))
    assert schedule.tasks["A"].late_finish == day(6)


# -- progress ----------------------------------------------------------------------------


def test_actual_dates_pin_early_and_late_dates() -> None:
    """Actual start and finish fix the task, early and late; a done task is never critical."""
    done = task("A", 3, actual_start=day(3), actual_finish=day(6), percent_complete=1.0)
    schedule = schedule_of(plan_of(done, "B:2<A", "C:10"))
    a = schedule.tasks["A"]
    assert (a.early_start, a.early_finish, a.late_start, a.late_finish) == (
        day(3),
        day(6),
        day(3),
        day(6),
    )
    assert not a.critical
    assert early(schedule, "B") == (day(9), day(10))


def test_started_task_float_is_late_finish_minus_early_finish() -> None:
    """A started task keeps its actual start as late start; its float is LF − EF."""
    started = task("A", 4, actual_start=MONDAY, percent_complete=0.5)
    schedule = schedule_of(plan_of(started, "B:10"))
    a = schedule.tasks["A"]
    assert a.late_start == MONDAY
    assert a.late_finish == day(13)
    assert a.total_float_days == 6


def test_completed_successor_does_not_constrain_the_backward_pass() -> None:
    """Links into a completed task do not hold its predecessors' late dates."""
    done = task("B", 1, "A", actual_start=MONDAY, actual_finish=MONDAY)
    schedule = schedule_of(plan_of("A:2", done, "C:10"))
    assert schedule.tasks["A"].total_float_days == 8


def _progress_plan(forecast: bool) -> Plan:
    started = task("A", 4, actual_start=MONDAY, percent_complete=0.25)
    return plan_of(started, "B:1<A", "C:2", forecast=forecast, status=day(4))


def test_forecast_moves_unfinished_work_past_the_status_date() -> None:
    """Forecast: remaining work (4 × 75 % = 3 days) and unstarted tasks go after the status date."""
    schedule = schedule_of(_progress_plan(forecast=True), status=day(4))
    assert early(schedule, "A") == (MONDAY, day(9))  # Thu 5, Fri 6, Mon 9
    assert early(schedule, "B") == (day(10), day(10))
    assert early(schedule, "C") == (day(5), day(6))


def test_pure_logic_ignores_the_status_date() -> None:
    """Without Move Unfinished Work, the schedule is pure logic, as MS Project computes it."""
    schedule = schedule_of(_progress_plan(forecast=False), status=day(4))
    assert early(schedule, "A") == (MONDAY, day(5))
    assert early(schedule, "B") == (day(6), day(6))
    assert early(schedule, "C") == (MONDAY, day(3))


def test_remaining_work_rounds_up() -> None:
    """Remaining work is rounded up: 3 days at 50 % leaves 2 days."""
    started = task("A", 3, actual_start=MONDAY, percent_complete=0.5)
    plan = plan_of(started, forecast=True, status=day(2))
    assert early(schedule_of(plan, status=day(2)), "A") == (MONDAY, day(4))


def test_progress_without_actual_start_forecasts_the_rest() -> None:
    """A task 50 % done with no actual start keeps its logical start; its rest goes past status."""
    started = task("A", 4, percent_complete=0.5)
    plan = plan_of(started, forecast=True, status=day(9))
    assert early(schedule_of(plan, status=day(9)), "A") == (MONDAY, day(11))  # Tue 10, Wed 11


def test_actual_finish_alone_fixes_the_finish() -> None:
    """With only an actual finish, the task ends there and starts its duration before."""
    done = task("A", 3, actual_finish=day(6))
    schedule = schedule_of(plan_of(done, "B:1<A"))
    assert early(schedule, "A") == (day(4), day(6))
    assert early(schedule, "B") == (day(9), day(9))


def test_milestone_with_an_actual_date_sits_on_it() -> None:
    """A milestone reached on a date shows that date, early and late."""
    reached = task("M", 0, "A", actual_finish=day(5))
    schedule = schedule_of(plan_of("A:3", reached, "C:8"))
    assert early(schedule, "M") == (day(5), day(5))
    assert late(schedule, "M") == (day(5), day(5))


def test_status_done_without_dates_is_not_critical() -> None:
    """A task marked Done is complete even without actual dates: never critical."""
    schedule = schedule_of(plan_of(task("A", 2, status=TaskStatus.DONE), "B:1<A"))
    assert not schedule.tasks["A"].critical
    assert schedule.tasks["B"].critical


# -- project start --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        pytest.param(
            (
                task("A", 1, start_no_earlier_than=day(10)),
                task("B", 1, start_no_earlier_than=day(4)),
            ),
            day(4),
            id="earliest-start-no-earlier-than",
        ),
        pytest.param(
            (task("A", 1, actual_start=day(5)), task("B", 1, actual_start=day(3))),
            day(3),
            id="earliest-actual-start",
        ),
        pytest.param((task("A", 1),), day(11), id="status-date"),
    ],
)
def test_project_start_fallbacks(tasks: tuple[object, ...], expected: date) -> None:
    """Without Project Start: earliest SNET, else earliest actual start, else the status date."""
    plan = plan_of(*tasks, start=None)  # type: ignore[arg-type]
    schedule = schedule_of(plan, status=day(11))
    assert schedule.project_start == expected


def test_project_start_setting_wins() -> None:
    """The Project Start setting is the project start when given."""
    plan = plan_of(task("A", 1, start_no_earlier_than=day(10)), "B:1", start=day(4))
    schedule = schedule_of(plan)
    assert schedule.project_start == day(4)
    assert early(schedule, "B")[0] == day(4)


# -- calendars -------------------------------------------------------------------------------


def test_holidays_are_skipped() -> None:
    """A holiday in the middle of a task lengthens it by a day."""
    schedule = schedule_of(plan_of("A:3", "B:1<A", holidays=[day(3)]))
    assert early(schedule, "A") == (MONDAY, day(5))
    assert early(schedule, "B") == (day(6), day(6))


def test_sunday_to_thursday_week() -> None:
    """In a Sun-Thu week a 3-day task from Thursday runs Thu, Sun, Mon."""
    plan = plan_of("A:3", "B:1<A", start=day(5), work_week=work_week_of("Sun-Thu"))
    schedule = schedule_of(plan)
    assert early(schedule, "A") == (day(5), day(9))
    assert early(schedule, "B") == (day(10), day(10))


# -- floats and the critical path ---------------------------------------------------------------


def test_total_and_free_float() -> None:
    """A short branch beside a long one has float; free float stops at its successor."""
    schedule = schedule_of(plan_of("A:2", "B:5", "C:1<A,B", "D:1<A", "E:8"))
    a, b, c, d = (schedule.tasks[key] for key in "ABCD")
    assert (a.total_float_days, a.free_float_days) == (5, 0)  # D follows A at once
    assert (b.total_float_days, b.free_float_days) == (2, 0)
    assert (c.total_float_days, c.free_float_days) == (2, 2)  # no successor: up to the finish
    assert (d.total_float_days, d.free_float_days) == (5, 5)


def test_free_float_before_a_lagged_successor() -> None:
    """Free float is the slack before the successor's constraint, lag included."""
    schedule = schedule_of(plan_of("A:2", "B:1", "C:1<A,BFS+3", "D:6"))
    assert schedule.tasks["A"].free_float_days == 2
    assert schedule.tasks["B"].free_float_days == 0


def test_free_float_never_exceeds_total_float() -> None:
    """A deadline can cut total float below the free float the links would give."""
    schedule = schedule_of(plan_of(task("A", 1, deadline=day(3)), "B:5"))
    a = schedule.tasks["A"]
    assert a.total_float_days == 1
    assert a.free_float_days == 1


def test_critical_path_in_schedule_order() -> None:
    """The critical path lists critical tasks by start date."""
    schedule = schedule_of(plan_of("C:1<B", "A:2", "B:3<A", "D:1"))
    assert schedule.critical_path == ("A", "B", "C")
    assert schedule.project_finish == day(9)


def test_critical_float_days_widens_critical() -> None:
    """With Critical Float Days = 2, a task with 2 days of float is critical."""
    plan = plan_of("A:3", "B:5", critical_float_days=2)
    assert schedule_of(plan).tasks["A"].critical


def test_duplicate_id_first_row_wins() -> None:
    """A repeated id is scheduled once, from its first row (validation reports the repeat)."""
    plan = plan_of("A:2", "A:9", "B:1<A")
    schedule = schedule_of(plan)
    assert early(schedule, "B") == (day(4), day(4))


def test_row_order_does_not_matter() -> None:
    """Rows listed after their successors schedule the same as in order."""
    ordered = plan_of("A:2", "B:3<A", "C:1<B")
    reverse = replace(ordered, tasks=tuple(reversed(ordered.tasks)))
    assert schedule_of(ordered).tasks == schedule_of(reverse).tasks


def test_empty_plan() -> None:
    """A plan without tasks has no dates and no critical path."""
    schedule = schedule_of(plan_of())
    assert schedule.tasks == {}
    assert schedule.critical_path == ()
    assert schedule.project_finish is None
