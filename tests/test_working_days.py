"""The passes after the scheduler count in working-day indices (`pmkit.engine.days`); what
they decide is still the owner's rule stated in dates, on any work week and status date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit.engine.analysis import analyze
from pmkit.engine.model import Plan
from pmkit.engine.progress import NO_PROGRESS_FLAGS
from pmkit.engine.workdays import WorkCalendar
from tests.builders import MONDAY, plan_of, task
from tests.strategies import PLAN_START, baselined_plans


@settings(max_examples=150, deadline=None)
@given(baselined_plans(deadlines=True, actuals=True, late=True), st.integers(0, 40))
def test_progress_flags_follow_the_date_rules(plan: Plan, offset: int) -> None:
    """A deadline is missed when the forecast finish is after it (for an unfinished task
    whose finish is before the status date, the first working day from the status date:
    it cannot finish earlier); an unfinished task is overdue when its baseline finish
    (else its forecast finish) is before the status date — whatever day of the week the
    status date, deadline or finish falls on."""
    status = PLAN_START + timedelta(days=offset)
    analysis = analyze(plan, status)
    calendar = WorkCalendar.for_plan(plan)
    first_working = calendar.date_at(calendar.index_on_or_after(status))
    for task_ in plan.tasks:
        row = analysis.tasks[task_.id]
        flags = analysis.progress.get(task_.id, NO_PROGRESS_FLAGS)
        finish, deadline = row.forecast_finish, task_.deadline
        ends = finish
        if finish is not None and finish < status and not task_.is_done:
            ends = first_working
        missed = deadline is not None and ends is not None and ends > deadline
        assert flags.deadline_missed is missed, task_.id
        due = row.baseline_finish or finish
        overdue = not task_.is_done and due is not None and due < status
        assert flags.overdue is overdue, task_.id


def test_a_missed_deadline_counts_the_working_days_after_it() -> None:
    """A task due on Friday and forecast to finish on Tuesday misses it by 2 working days
    (the weekend does not count)."""
    friday = MONDAY + timedelta(days=4)
    plan = plan_of(task("A", 7, deadline=friday), status=MONDAY)
    analysis = analyze(plan)
    assert analysis.tasks["A"].forecast_finish == date(2026, 3, 10)  # a Tuesday
    assert "Task A “Task A” misses its deadline by 2 working days" in (
        analysis.summary.status_reasons
    )
