"""Properties of the scheduler on random plans, and agreement with a naive CPM."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit.engine.model import ConstraintType, LinkType, Plan, Task
from pmkit.engine.results import Schedule
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.task_network import FAR_AFTER, FAR_BEFORE
from pmkit.engine.workdays import WorkCalendar
from tests.strategies import DATED_CONSTRAINTS, PLAN_START, links, plans


def schedule_of(plan: Plan) -> Schedule:
    status = plan.settings.status_date
    assert status is not None
    return compute_schedule(plan, WorkCalendar.for_plan(plan), status)


@settings(max_examples=150, deadline=None)
@given(
    plans(
        deadlines=True,
        constraints=True,
        actuals=True,
        forecast=True,
        hard_constraints=True,
        fixed=True,
        late=True,
    ),
    st.randoms(use_true_random=False),
)
def test_row_order_never_changes_the_schedule(plan: Plan, random: object) -> None:
    """Shuffling the rows gives the same dates, floats and critical tasks (constraints of
    every type, fixed dates and progress included)."""
    rows = list(plan.tasks)
    random.shuffle(rows)  # type: ignore[attr-defined]
    before, after = schedule_of(plan), schedule_of(replace(plan, tasks=tuple(rows)))
    assert before.tasks == after.tasks
    assert set(before.critical_path) == set(after.critical_path)


@settings(max_examples=150, deadline=None)
@given(plans(constraints=True, hard_constraints=True, fixed=True), st.data())
def test_adding_a_link_never_makes_a_finish_earlier(plan: Plan, data: st.DataObject) -> None:
    """A new link can only push tasks later (a milestone's display aside), hard
    constraints and fixed dates included (they only hold a task where it is). Not with
    As Late As Possible: a new link can pull such a task's late dates, and so its
    successors, earlier."""
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
    """Without deadlines, hard constraints, fixed dates or actual dates, total and free
    float are ≥ 0 (each of those can hold a task against its links: negative float)."""
    for item in schedule_of(plan).tasks.values():
        assert item.total_float_days >= 0
        assert 0 <= item.free_float_days <= item.total_float_days


@settings(max_examples=150, deadline=None)
@given(plans(constraints=True))
def test_early_start_never_after_late_start(plan: Plan) -> None:
    """Without deadlines, hard constraints or fixed dates, ES ≤ LS and EF ≤ LF (Start No
    Earlier Than included, before the project start too)."""
    for item in schedule_of(plan).tasks.values():
        assert item.early_start <= item.late_start
        assert item.early_finish <= item.late_finish


@settings(max_examples=150, deadline=None)
@given(
    plans(
        deadlines=True,
        constraints=True,
        actuals=True,
        forecast=True,
        hard_constraints=True,
        fixed=True,
        late=True,
    )
)
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

    # A Start No Earlier Than (or Finish No Earlier Than) is the task's own floor, before
    # the project start too; any other task is held at the project start.
    def boundary(task: Task) -> int:
        """A constraint date as an index: a start's beginning, or a finish's end (for a
        milestone, the day it is shown on)."""
        day = task.constraint_date
        assert day is not None
        if task.constraint is not None and task.constraint.on_finish:
            cap = calendar.index_on_or_after_ordinal(day.toordinal() + 1)
            return cap + (_shift(task) - 1 if days[task.id] == 0 else 0)
        return calendar.index_on_or_after(day)

    def early(task: Task, from_links: int) -> int:
        key, kind = task.id, task.constraint
        if task.fixed_dates and task.start_no_earlier_than:
            return calendar.index_on_or_after(task.start_no_earlier_than)
        if task.start_no_earlier_than:
            floor = calendar.index_on_or_after(task.start_no_earlier_than)
        elif kind is ConstraintType.FINISH_NO_EARLIER_THAN:
            floor = FAR_BEFORE
        else:
            floor = start
        value = max(floor, from_links)
        if kind is ConstraintType.MUST_START_ON:
            return boundary(task)
        if kind is ConstraintType.MUST_FINISH_ON:
            return boundary(task) - days[key]
        if kind is ConstraintType.START_NO_LATER_THAN:
            return min(value, boundary(task))
        if kind is ConstraintType.FINISH_NO_LATER_THAN:
            return min(value, boundary(task) - days[key])
        if kind is ConstraintType.FINISH_NO_EARLIER_THAN:
            return max(value, boundary(task) - days[key])
        return value

    es = dict.fromkeys(tasks, start)
    changed = True
    while changed:  # every task recomputed from its predecessors until nothing moves
        changed = False
        for key, task in tasks.items():
            from_links = FAR_BEFORE
            for link in task.links:
                p = link.predecessor
                bound = {
                    LinkType.FS: es[p] + days[p] + link.lag_days,
                    LinkType.SS: es[p] + link.lag_days,
                    LinkType.FF: es[p] + days[p] + link.lag_days - days[key],
                    LinkType.SF: es[p] + link.lag_days - days[key],
                }[link.type]
                from_links = max(from_links, bound)
            value = early(task, from_links)
            if value != es[key]:
                es[key], changed = value, True
    finish = max(es[key] + days[key] for key in tasks)

    def late(task: Task, from_successors: int) -> int:
        key, kind = task.id, task.constraint
        if task.fixed_dates and task.start_no_earlier_than:
            kind = None  # a fixed task's constraint does not count
        value = min(finish, from_successors)
        cap = finish
        if task.deadline:
            cap = calendar.index_on_or_after_ordinal(task.deadline.toordinal() + 1)
            if days[key] == 0:
                cap += _shift(task) - 1
        if kind is ConstraintType.MUST_START_ON:
            value = boundary(task) + days[key]
        elif kind is ConstraintType.MUST_FINISH_ON:
            value = boundary(task)
        elif kind is ConstraintType.START_NO_LATER_THAN:
            value = min(value, boundary(task) + days[key])
        elif kind is ConstraintType.FINISH_NO_LATER_THAN:
            value = min(value, boundary(task))
        return min(value, cap)

    successors: dict[str, list[tuple[str, LinkType, int]]] = {key: [] for key in tasks}
    for key, task in tasks.items():
        for link in task.links:
            successors[link.predecessor].append((key, link.type, link.lag_days))
    lf = dict.fromkeys(tasks, finish)
    changed = True
    while changed:
        changed = False
        for key, task in tasks.items():
            from_successors = FAR_AFTER
            for other, kind, lag in successors[key]:
                bound = {
                    LinkType.FS: lf[other] - days[other] - lag,
                    LinkType.SS: lf[other] - days[other] - lag + days[key],
                    LinkType.FF: lf[other] - lag,
                    LinkType.SF: lf[other] - lag + days[key],
                }[kind]
                from_successors = min(from_successors, bound)
            value = late(task, from_successors)
            if value != lf[key]:
                lf[key], changed = value, True
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
@given(plans(deadlines=True, constraints=True, elapsed=False, hard_constraints=True, fixed=True))
def test_agrees_with_a_naive_cpm(plan: Plan) -> None:
    """Dates and floats match a relax-until-stable CPM written straight from SPEC section 3
    and docs/scheduling.md (every dated constraint type and Fixed Dates included)."""
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


# -- fixed dates: a pinned task stays where it was put ---------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    plans(deadlines=True, constraints=True, hard_constraints=True, fixed=True, late=True),
    st.data(),
)
def test_pinning_a_task_never_moves_it(plan: Plan, data: st.DataObject) -> None:
    """A task with Fixed Dates starts on its Start No Earlier Than (the next working day)
    and keeps its duration, whatever the rest of the plan does: other durations, new links
    into it, other tasks' constraints, the order of the rows."""
    ids = sorted((task.id for task in plan.tasks), key=lambda text: int(text[1:]))
    target = data.draw(st.sampled_from(ids), label="pinned task")
    pin = PLAN_START + timedelta(days=data.draw(st.integers(-5, 30), label="pinned on"))
    position = ids.index(target)

    def pinned(task: Task) -> Task:
        return replace(
            task,
            fixed_dates=True,
            start_no_earlier_than=pin,
            duration_days=max(1, task.duration_days or 0),
        )

    base = replace(plan, tasks=tuple(pinned(t) if t.id == target else t for t in plan.tasks))
    changed_tasks = []
    for original in base.tasks:
        task = original
        if task.id == target:
            earlier = ids[:position]
            new = (
                data.draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
                if earlier
                else []
            )
            task = replace(task, links=(*task.links, *(data.draw(links(p)) for p in new)))
        else:
            task = replace(
                task,
                duration_days=data.draw(st.integers(0, 8)),
                constraint=data.draw(st.none() | st.sampled_from(DATED_CONSTRAINTS)),
                constraint_date=PLAN_START + timedelta(days=data.draw(st.integers(-5, 30))),
            )
        changed_tasks.append(task)
    rows = data.draw(st.permutations(changed_tasks))
    changed = replace(base, tasks=tuple(rows))
    calendar = WorkCalendar.for_plan(plan)
    start = calendar.next_working(pin)
    duration = max(1, plan.task_by_id()[target].duration_days or 0)
    finish = calendar.add_workdays(start, duration - 1)
    for version in (base, changed):
        item = schedule_of(version).tasks[target]
        assert (item.early_start, item.early_finish) == (start, finish)
