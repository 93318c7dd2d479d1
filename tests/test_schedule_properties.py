"""Properties of the scheduler on random plans, and agreement with a naive CPM."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit.engine.model import LinkType, Plan
from pmkit.engine.results import Schedule
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.workdays import WorkCalendar
from tests.strategies import links, plans


def schedule_of(plan: Plan) -> Schedule:
    status = plan.settings.status_date
    assert status is not None
    return compute_schedule(plan, WorkCalendar.for_plan(plan), status)


@settings(max_examples=150, deadline=None)
@given(
    plans(deadlines=True, constraints=True, actuals=True, forecast=True),
    st.randoms(use_true_random=False),
)
def test_row_order_never_changes_the_schedule(plan: Plan, random: object) -> None:
    """Shuffling the rows gives the same dates, floats and critical tasks."""
    rows = list(plan.tasks)
    random.shuffle(rows)  # type: ignore[attr-defined]
    before, after = schedule_of(plan), schedule_of(replace(plan, tasks=tuple(rows)))
    assert before.tasks == after.tasks
    assert set(before.critical_path) == set(after.critical_path)


@settings(max_examples=150, deadline=None)
@given(plans(constraints=True), st.data())
def test_adding_a_link_never_makes_a_finish_earlier(plan: Plan, data: st.DataObject) -> None:
    """A new link can only push tasks later (a milestone's display aside)."""
    ids = sorted((task.id for task in plan.tasks), key=lambda text: int(text[1:]))
    if len(ids) < 2:
        return
    first = data.draw(st.integers(0, len(ids) - 2))
    second = data.draw(st.integers(first + 1, len(ids) - 1))
    link = data.draw(links(ids[first]))
    target = ids[second]
    tasks = tuple(
        replace(task, links=(*task.links, link)) if task.id == target else task
        for task in plan.tasks
    )
    before, after = schedule_of(plan), schedule_of(replace(plan, tasks=tasks))
    for task in plan.tasks:
        if task.id == target and task.duration_days == 0:
            continue  # a milestone that now follows a finish shows a day earlier
        assert after.tasks[task.id].early_finish >= before.tasks[task.id].early_finish


@settings(max_examples=150, deadline=None)
@given(plans())
def test_float_is_never_negative_without_deadlines(plan: Plan) -> None:
    """Without deadlines, constraints or actual dates, total and free float are ≥ 0."""
    for item in schedule_of(plan).tasks.values():
        assert item.total_float_days >= 0
        assert 0 <= item.free_float_days <= item.total_float_days


@settings(max_examples=150, deadline=None)
@given(plans(constraints=True))
def test_early_start_never_after_late_start(plan: Plan) -> None:
    """Without deadlines ES ≤ LS and EF ≤ LF (Start No Earlier Than included)."""
    for item in schedule_of(plan).tasks.values():
        assert item.early_start <= item.late_start
        assert item.early_finish <= item.late_finish


@settings(max_examples=150, deadline=None)
@given(plans(deadlines=True, constraints=True, actuals=True, forecast=True))
def test_finish_never_before_start(plan: Plan) -> None:
    """Every task ends on or after the day it starts, early and late dates alike.

    (A task started after its deadline keeps its actual start as late start, so its late
    finish may come first: that is the negative float SPEC asks for.)
    """
    schedule = schedule_of(plan)
    for task in plan.tasks:
        item = schedule.tasks[task.id]
        assert item.early_finish >= item.early_start
        if task.actual_start is None or task.actual_finish is not None:
            assert item.late_finish >= item.late_start
        if task.duration_days == 0:
            assert item.early_finish == item.early_start


# -- a naive CPM as an oracle: relax every link until nothing moves -------------------------


def naive_cpm(plan: Plan) -> dict[str, tuple[date, date, date, date, int, int]]:
    """SPEC section 3 without elapsed lags or actuals, by repeated relaxation (no sorting)."""
    calendar = WorkCalendar.for_plan(plan)
    assert plan.settings.project_start is not None
    start = calendar.index_on_or_after(plan.settings.project_start)
    tasks = {task.id: task for task in plan.tasks}
    days = {key: task.duration_days or 0 for key, task in tasks.items()}
    # A Start No Earlier Than is the task's own floor, before the project start too.
    es = {
        key: calendar.index_on_or_after(task.start_no_earlier_than)
        if task.start_no_earlier_than
        else start
        for key, task in tasks.items()
    }
    changed = True
    while changed:
        changed = False
        for key, task in tasks.items():
            for link in task.links:
                p = link.predecessor
                bound = {
                    LinkType.FS: es[p] + days[p] + link.lag_days,
                    LinkType.SS: es[p] + link.lag_days,
                    LinkType.FF: es[p] + days[p] + link.lag_days - days[key],
                    LinkType.SF: es[p] + link.lag_days - days[key],
                }[link.type]
                if bound > es[key]:
                    es[key], changed = bound, True
    finish = max(es[key] + days[key] for key in tasks)
    lf = {}
    for key, task in tasks.items():
        lf[key] = finish
        if task.deadline:
            cap = calendar.index_on_or_after_ordinal(task.deadline.toordinal() + 1)
            if days[key] == 0:
                cap += _shift(task) - 1
            lf[key] = min(finish, cap)
    changed = True
    while changed:
        changed = False
        for key, task in tasks.items():
            for link in task.links:
                p = link.predecessor
                bound = {
                    LinkType.FS: lf[key] - days[key] - link.lag_days,
                    LinkType.SS: lf[key] - days[key] - link.lag_days + days[p],
                    LinkType.FF: lf[key] - link.lag_days,
                    LinkType.SF: lf[key] - link.lag_days + days[p],
                }[link.type]
                if bound < lf[p]:
                    lf[p], changed = bound, True
    result = {}
    for key, task in tasks.items():
        early_finish = es[key] + days[key]
        total = lf[key] - early_finish
        slack = finish - early_finish
        for other in tasks.values():
            for link in other.links:
                if link.predecessor != key:
                    continue
                room = {
                    LinkType.FS: es[other.id] - link.lag_days - early_finish,
                    LinkType.SS: es[other.id] - link.lag_days - es[key],
                    LinkType.FF: es[other.id] + days[other.id] - link.lag_days - early_finish,
                    LinkType.SF: es[other.id] + days[other.id] - link.lag_days - es[key],
                }[link.type]
                slack = min(slack, room) if slack != finish - early_finish else room
        back = 1 if days[key] else _shift(task)
        shown = calendar.date_at
        result[key] = (
            shown(es[key] - _shift(task)),
            shown(early_finish - back),
            shown(lf[key] - days[key] - _shift(task)),
            shown(lf[key] - back),
            total,
            max(0, min(slack, total)),
        )
    return result


def _shift(task: object) -> int:
    duration = task.duration_days  # type: ignore[attr-defined]
    follows_finish = any(link.type in (LinkType.FS, LinkType.FF) for link in task.links)  # type: ignore[attr-defined]
    return 1 if duration == 0 and follows_finish else 0


@settings(max_examples=200, deadline=None)
@given(plans(deadlines=True, constraints=True, elapsed=False))
def test_agrees_with_a_naive_cpm(plan: Plan) -> None:
    """Dates and floats match a relax-until-stable CPM written straight from SPEC section 3."""
    expected = naive_cpm(plan)
    for key, item in schedule_of(plan).tasks.items():
        got = (
            item.early_start,
            item.early_finish,
            item.late_start,
            item.late_finish,
            item.total_float_days,
            item.free_float_days,
        )
        assert got == expected[key], key
