"""Properties of the scheduler on random plans, and agreement with a naive CPM."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit.engine.actual_durations import duration_from_actuals
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
    """A new link can only push tasks later, milestones, hard constraints and fixed dates
    included (they only hold a task where it is). Not with As Late As Possible: a new
    link can pull such a task's late dates, and so its successors, earlier."""
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
    """Every task ends on or after the day it starts, early and late dates alike; a
    milestone sits on one day, unless it is done with actual dates working days apart: it
    took those days (`duration_from_actuals`), so it spans them.

    (A task started after its deadline keeps its actual start as late start, so its late
    finish may come first: that is the negative float docs/scheduling.md asks for.)
    """
    schedule = schedule_of(plan)
    calendar = WorkCalendar.for_plan(plan)
    for task in plan.tasks:
        item = schedule.tasks[task.id]
        assert item.early_finish >= item.early_start
        if task.actual_start is None or task.actual_finish is not None:
            assert item.late_finish >= item.late_start
        if task.duration_days == 0:
            took = duration_from_actuals(task, calendar)
            assert (item.early_finish > item.early_start) is (took is not None and took > 1)


# -- a naive CPM as an oracle: relax every link until nothing moves -------------------------


Moment = tuple[int, int]
"""(index, 1): the start of that working day; (index, 0): the end of the day before."""


def naive_cpm(plan: Plan) -> dict[str, tuple[date, date, date, date, int, int]]:
    """docs/scheduling.md without elapsed lags or actuals, by repeated relaxation (no sorting).

    Where a task starts is a moment: (S, 1) is the start of working day S; (S, 0) the end
    of day S − 1, where a milestone sits when a finish places it (it is shown on S − 1).
    Moments order as time does, and a milestone takes the latest one its bounds give: a
    tie goes to the start of the day, as Microsoft Project places it.
    """
    calendar = WorkCalendar.for_plan(plan)
    assert plan.settings.project_start is not None
    start = calendar.index_on_or_after(plan.settings.project_start)
    tasks = {task.id: task for task in plan.tasks}
    days = {key: task.duration_days or 0 for key, task in tasks.items()}

    def on_or_after(day: date | None) -> int:
        assert day is not None
        return calendar.index_on_or_after(day)

    def after(day: date | None) -> int:
        """The working day after `day`: a finish date's end, as an index."""
        assert day is not None
        return calendar.index_on_or_after_ordinal(day.toordinal() + 1)

    def side(key: str, finish: bool, es: dict[str, Moment]) -> Moment:
        """The moment a task starts or finishes: a milestone's is where it sits."""
        index, form = es[key]
        if not days[key]:
            return index, form
        return (index + days[key], 0) if finish else (index, 1)

    # A Start No Earlier Than (or Finish No Earlier Than) is the task's own floor, before
    # the project start too; any other task is held at the project start.
    def early(task: Task, from_links: Moment) -> Moment:
        key, kind, date_ = task.id, task.constraint, task.constraint_date
        if task.fixed_dates and task.start_no_earlier_than:
            return on_or_after(task.start_no_earlier_than), 1
        if task.start_no_earlier_than:
            floor = on_or_after(task.start_no_earlier_than)
        elif kind is ConstraintType.FINISH_NO_EARLIER_THAN:
            floor = FAR_BEFORE
        else:
            floor = start
        value = max((floor, 1), from_links)
        if days[key]:  # a task: only the day counts; a finish date is the end of its day
            index, length = value[0], days[key]
            if kind is ConstraintType.MUST_START_ON:
                index = on_or_after(date_)
            elif kind is ConstraintType.MUST_FINISH_ON:
                index = after(date_) - length
            elif kind is ConstraintType.START_NO_LATER_THAN:
                index = min(index, on_or_after(date_))
            elif kind is ConstraintType.FINISH_NO_LATER_THAN:
                index = min(index, after(date_) - length)
            elif kind is ConstraintType.FINISH_NO_EARLIER_THAN:
                index = max(index, after(date_) - length)
            return index, 1
        # A milestone: a start date is the start of that day; a finish date is the day it
        # is shown on, from its start (at the earliest) to its end (at the latest).
        if kind is ConstraintType.MUST_START_ON:
            return on_or_after(date_), 1
        if kind is ConstraintType.START_NO_LATER_THAN:
            return min(value, (on_or_after(date_), 1))
        if kind is not None and kind.on_finish:
            earliest, latest = (after(date_) - 1, 1), (after(date_), 0)
            if kind is ConstraintType.FINISH_NO_EARLIER_THAN:
                return max(value, earliest)
            if kind is ConstraintType.FINISH_NO_LATER_THAN:
                return min(value, latest)
            return min(max(value, earliest), latest)  # Must Finish On
        return value

    es: dict[str, Moment] = dict.fromkeys(tasks, (start, 1))
    changed = True
    while changed:  # every task recomputed from its predecessors until nothing moves
        changed = False
        for key, task in tasks.items():
            from_links: Moment = (FAR_BEFORE, 1)
            for link in task.links:
                index, form = side(link.predecessor, link.type in (LinkType.FS, LinkType.FF), es)
                index += link.lag_days
                if link.type in (LinkType.FF, LinkType.SF):
                    index -= days[key]
                from_links = max(from_links, (index, form))
            value = early(task, from_links)
            if value != es[key]:
                es[key], changed = value, True
    finish = max(es[key][0] + days[key] for key in tasks)
    # A milestone shows a day early when it sits at the end of a day, late dates alike.
    shift = {key: 1 - es[key][1] if not days[key] else 0 for key in tasks}

    def late(task: Task, from_successors: int) -> int:
        key, kind = task.id, task.constraint
        if task.fixed_dates and task.start_no_earlier_than:
            kind = None  # a fixed task's constraint does not count
        value = min(finish, from_successors)
        cap = finish
        if task.deadline:  # the last day it may be shown on
            cap = after(task.deadline) - (1 - shift[key] if not days[key] else 0)
        boundary = 0
        if kind is not None and kind.dated:
            boundary = (
                after(task.constraint_date) - (1 - shift[key] if not days[key] else 0)
                if kind.on_finish
                else on_or_after(task.constraint_date)
            )
        if kind is ConstraintType.MUST_START_ON:
            value = boundary + days[key]
        elif kind is ConstraintType.MUST_FINISH_ON:
            value = boundary
        elif kind is ConstraintType.START_NO_LATER_THAN:
            value = min(value, boundary + days[key])
        elif kind is ConstraintType.FINISH_NO_LATER_THAN:
            value = min(value, boundary)
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
            late_finish = late(task, from_successors)
            if late_finish != lf[key]:
                lf[key], changed = late_finish, True
    result = {}
    for key in tasks:
        early_start = es[key][0]
        early_finish = early_start + days[key]
        total = lf[key] - early_finish
        slack = finish - early_finish
        for successor in tasks.values():
            for link in successor.links:
                if link.predecessor != key:
                    continue
                other_start = es[successor.id][0]
                room = {
                    LinkType.FS: other_start - link.lag_days - early_finish,
                    LinkType.SS: other_start - link.lag_days - early_start,
                    LinkType.FF: other_start + days[successor.id] - link.lag_days - early_finish,
                    LinkType.SF: other_start + days[successor.id] - link.lag_days - early_start,
                }[link.type]
                slack = min(slack, room) if slack != finish - early_finish else room
        back = 1 if days[key] else shift[key]
        shown = calendar.date_at
        result[key] = (
            shown(early_start - shift[key]),
            shown(early_finish - back),
            shown(lf[key] - days[key] - shift[key]),
            shown(lf[key] - back),
            total,
            max(0, min(slack, total)),
        )
    return result


@settings(max_examples=200, deadline=None)
@given(plans(deadlines=True, constraints=True, elapsed=False, hard_constraints=True, fixed=True))
def test_agrees_with_a_naive_cpm(plan: Plan) -> None:
    """Dates and floats match a relax-until-stable CPM written straight from docs/scheduling.md
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
