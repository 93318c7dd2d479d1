"""The scheduler: SPEC section 3's forward and backward passes, in working-day indices.

A task occupies the half-open interval [S, F) of working-day indices, F = S + duration.
Both passes run over integer lists in topological order (no recursion, no dates); dates
come back only at the end. Each link becomes a (slot, offset) pair once: early starts
sit in slots 0..n-1 and early finishes in n..2n-1, so every link type costs one lookup
and one addition. Links with elapsed lags (`ed`) count calendar days and take a slower
path through the calendar.

Tasks that cannot be scheduled (unreadable duration, unknown or self predecessor, part
of a dependency loop) are left out with everything downstream of them; the rest of the
plan is scheduled as usual.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date
from itertools import chain
from types import MemberDescriptorType

from pmkit.issues import Issue
from pmkit.model import Link, LinkType, Plan, Task, TaskStatus
from pmkit.network import (
    blocked_task_issue,
    dependency_loops,
    loop_issue,
    reachable,
    topological_order,
)
from pmkit.results import Schedule, ScheduledTask
from pmkit.workdays import WorkCalendar

__all__ = ["compute_schedule"]


_FAR_BEFORE = -(1 << 29)  # before any working-day index (still a one-digit int)
_FAR_AFTER = 1 << 29  # after any working-day index

# An elapsed link seen from one end: (other task's slot, from a finish, to a finish, lag).
_Elapsed = tuple[int, bool, bool, int]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: the lists built here hold no cycles, and a
    collection over a 100,000-task plan's objects costs more than the whole schedule."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute_schedule(plan: Plan, calendar: WorkCalendar, status_date: date) -> Schedule:
    """Early and late dates, floats and the critical path of every task that can be scheduled.

    `status_date` drives the forecast (Settings: Move Unfinished Work Past Status Date)
    and is the project start of last resort. Problems come back as `Schedule.issues`: one
    dependency-cycle error per loop, and one unscheduled-task warning per task that holds
    others up.
    """
    with _gc_paused():
        return _Run(plan, calendar, status_date).schedule()


def _remaining_days(task: Task, duration: int) -> int:
    """Duration × (1 − % complete), rounded up (a hair of float noise is not a day)."""
    remaining = duration * (1.0 - min(max(task.percent_complete, 0.0), 1.0))
    return max(0, math.ceil(remaining - 1e-9))


class _Run:
    """One scheduling run: the plan as integer lists, then the two passes."""

    def __init__(self, plan: Plan, calendar: WorkCalendar, status_date: date) -> None:
        self.plan = plan
        self.calendar = calendar
        self.status_date = status_date
        self.issues: list[Issue] = []
        # One slot per row; a repeated id keeps its first row (validation reports repeats).
        self.tasks = list(plan.tasks)
        self.n = len(self.tasks)
        self.position: dict[str, int] = {}
        self.ids: list[str] = []

    def schedule(self) -> Schedule:
        self._read_tasks()
        project_start = self._project_start()
        self.start_index = self.calendar.index_on_or_after(project_start)
        order = self._order()
        if not order:
            return Schedule({}, project_start, None, (), tuple(self.issues))
        self._forward(order)
        self._backward(order)
        return self._results(order, project_start)

    def _project_start(self) -> date:
        """Project Start, else the earliest Start No Earlier Than, else the earliest Actual
        Start, else the status date."""
        return (
            self.plan.settings.project_start
            or self.earliest_constraint
            or self.earliest_actual_start
            or self.status_date
        )

    # -- the plan as integer lists -----------------------------------------------------------

    def _read_tasks(self) -> None:
        """One pass over tasks and links, building every list the passes need.

        Each link becomes (source slot, offset) on its successor: S ≥ early[source] +
        offset, where the source slot is the predecessor's start (i) or finish (n + i) and
        a link to a finish subtracts the successor's duration. Link types are compared by
        identity: hashing an enum member runs Python code, and this loop sees every link.
        A link to a later row is resolved after the pass.
        """
        tasks, n, position, ids, calendar = (
            self.tasks,
            self.n,
            self.position,
            self.ids,
            self.calendar,
        )
        forecast = self.plan.settings.move_unfinished_work
        index_on_or_after = calendar.index_on_or_after
        after_status = calendar.index_on_or_after_ordinal(self.status_date.toordinal() + 1)
        self.after_status = after_status if forecast else None

        self.duration = duration = [0] * n
        self.shift = shift = [0] * n  # 1: a milestone after a finish, shown a day early
        # The earliest start from Start No Earlier Than and the forecast; the project
        # start, known only after this pass, is applied by the forward pass.
        self.floor = floor = [_FAR_BEFORE] * n
        self.finish_floor = finish_floor = [_FAR_BEFORE] * n  # forecast: work left after status
        empty: list[tuple[int, int]] = []
        self.incoming = incoming = [empty] * n
        self.elapsed_in: dict[int, list[_Elapsed]] = {}
        self.blockers: dict[int, str] = {}
        self.deadlines: list[tuple[int, date]] = []
        self.done = done = bytearray(n)
        self.fixed = bytearray(n)  # an actual date pins the start
        self.pinned_finish = bytearray(n)
        # Anything but plain logic (actuals, forecast work, elapsed lags, done): slow path.
        self.special = special = bytearray(n)
        self.early = [0] * (2 * n)  # early start of slot i at i, early finish at n + i
        blockers, deadlines = self.blockers, self.deadlines
        later_rows: list[tuple[int, Link]] = []
        earliest_constraint: date | None = None
        earliest_actual: date | None = None
        fs = LinkType.FS
        done_status = TaskStatus.DONE
        for slot, task in enumerate(tasks):
            task_id = task.id
            ids.append(task_id)
            if position.setdefault(task_id, slot) != slot:
                blockers[slot] = "repeated"
                continue
            days = task.duration_days
            if days is None or days < 0:
                blockers[slot] = "duration"
                days = 0
            duration[slot] = days
            percent = task.percent_complete
            is_done = task.actual_finish is not None or percent >= 1.0 or task.status is done_status
            is_started = is_done or task.actual_start is not None or percent > 0
            if is_done:
                done[slot] = special[slot] = 1
            snet = task.start_no_earlier_than
            if snet is not None:
                floor[slot] = index_on_or_after(snet)
                if earliest_constraint is None or snet < earliest_constraint:
                    earliest_constraint = snet
            if forecast and not is_started and after_status > floor[slot]:
                floor[slot] = after_status
            if task.deadline is not None:
                deadlines.append((slot, task.deadline))
            links = task.links
            if links:
                pairs = incoming[slot] = []
                for link in links:
                    source = position.get(link.predecessor)
                    if source is None:
                        later_rows.append((slot, link))
                    elif source == slot:
                        blockers.setdefault(slot, "predecessors")
                    elif link.type is fs and not link.elapsed:  # most links: no lag maths
                        pairs.append((source + n, link.lag_days))
                        if days == 0:
                            shift[slot] = 1
                    else:
                        self._add_link(slot, source, link)
            if task.actual_start is not None or task.actual_finish is not None:
                self._add_actuals(slot, task)
                if task.actual_start is not None and (
                    earliest_actual is None or task.actual_start < earliest_actual
                ):
                    earliest_actual = task.actual_start
            elif forecast and is_started and not is_done:
                finish_floor[slot] = after_status + _remaining_days(task, days)
                special[slot] = 1
        self.earliest_constraint = earliest_constraint
        self.earliest_actual_start = earliest_actual
        self.in_row_order = not later_rows
        for slot, link in later_rows:
            source = position.get(link.predecessor)
            if source is None:
                blockers.setdefault(slot, "predecessors")
            else:
                self._add_link(slot, source, link)
        for slot, task in enumerate(tasks):  # actuals of milestones that follow a finish
            if later_rows and self.fixed[slot] and not duration[slot]:
                self._add_actuals(slot, task)

    def _add_link(self, slot: int, source: int, link: Link) -> None:
        """A link of any kind into `slot` (the general case of the loop above)."""
        kind = link.type
        from_finish = kind is LinkType.FS or kind is LinkType.FF
        to_finish = kind is LinkType.FF or kind is LinkType.SF
        days = self.duration[slot]
        if from_finish and days == 0:
            self.shift[slot] = 1
        lag = link.lag_days
        if link.elapsed:
            self.elapsed_in.setdefault(slot, []).append((source, from_finish, to_finish, lag))
            self.special[slot] = 1
            return
        offset = lag - days if to_finish else lag
        self.incoming[slot].append((source + self.n if from_finish else source, offset))

    def _add_actuals(self, slot: int, task: Task) -> None:
        """Pin a task with actual dates (a milestone with one is pinned whole)."""
        n, days = self.n, self.duration[slot]
        self.fixed[slot] = self.special[slot] = 1
        self.pinned_finish[slot] = task.actual_finish is not None or days == 0
        self.early[slot], self.early[slot + n] = self._actual_interval(task, days, self.shift[slot])

    def _successors(self) -> list[list[int]]:
        """For each task, the tasks that depend on it (once per link): built only when the
        rows need sorting or something is broken."""
        position = self.position
        successors: list[list[int]] = [[] for _ in range(self.n)]
        repeated = {slot for slot, why in self.blockers.items() if why == "repeated"}
        for slot, task in enumerate(self.tasks):
            if slot in repeated:
                continue
            for link in task.links:
                source = position.get(link.predecessor)
                if source is not None and source != slot:
                    successors[source].append(slot)
        return successors

    def _actual_interval(self, task: Task, days: int, shift: int) -> tuple[int, int]:
        """[S, F) pinned by actual dates; in a forecast, unfinished work moves past status."""
        index = self.calendar.index_on_or_after
        if days == 0:  # a milestone is reached once: at its actual finish, else its start
            reached = task.actual_finish or task.actual_start
            assert reached is not None
            return index(reached) + shift, index(reached) + shift
        start = 0
        if task.actual_start is not None:
            start = index(task.actual_start)
        if task.actual_finish is not None:
            finish = index(task.actual_finish) + 1
            if task.actual_start is None:
                start = finish - days
            # A finish before the start is a validation error; keep the task a task long.
            return start, max(finish, start + 1)
        finish = start + days
        if self.after_status is not None and not task.is_done:
            finish = max(finish, self.after_status + _remaining_days(task, days))
        return start, finish

    # -- which tasks, in which order ------------------------------------------------------

    def _order(self) -> list[int]:
        """Schedulable tasks in topological order; loop errors and blocked warnings recorded."""
        tasks, n, blockers = self.tasks, self.n, self.blockers
        if self.in_row_order and not blockers:
            return list(range(n))
        self.successors = successors = self._successors()
        order = list(range(n)) if self.in_row_order else topological_order(successors)
        loops: list[list[int]] = []
        if len(order) < n:
            placed = bytearray(n)
            for slot in order:
                placed[slot] = 1
            loops = dependency_loops(successors, (slot for slot in range(n) if not placed[slot]))
        for loop in loops:
            local = {slot: i for i, slot in enumerate(loop)}
            inner = [[local[t] for t in successors[slot] if t in local] for slot in loop]
            self.issues.append(loop_issue(self.plan, [tasks[slot] for slot in loop], inner))
        if not blockers and not loops:
            return order
        blocked = self._blocked(loops)
        return [slot for slot in order if slot not in blocked]

    def _blocked(self, loops: list[list[int]]) -> set[int]:
        """Every task that cannot be scheduled; a warning for each task that holds others up.

        A warning lists what its blocker holds up directly or through sound tasks; tasks
        behind a second broken task are listed under that one instead.
        """
        successors, blockers, tasks = self.successors, self.blockers, self.tasks
        stop = frozenset(blockers).union(*loops)
        blocked = set(stop)
        blocked.update(reachable(successors, stop, stop))
        groups: list[tuple[list[int], str]] = [([slot], why) for slot, why in blockers.items()]
        groups.extend((loop, "loop") for loop in loops)
        for sources, why in sorted(groups, key=lambda group: group[0][0]):
            own = set(sources)
            held = [slot for slot in reachable(successors, sources, stop) if slot not in own]
            if held:
                self.issues.append(
                    blocked_task_issue(
                        self.plan, [tasks[s] for s in sources], why, [tasks[s] for s in held]
                    )
                )
        return blocked

    # -- the passes ------------------------------------------------------------------------

    def _forward(self, order: list[int]) -> None:
        """Early dates: each task as soon as its floor and its predecessors allow."""
        n, early, floor, incoming = self.n, self.early, self.floor, self.incoming
        duration, special, start_index = self.duration, self.special, self.start_index
        for slot in order:
            if special[slot]:
                self._forward_special(slot)
                continue
            start = floor[slot]
            if start < start_index:  # noqa: PLR1730 (no call in the hot loop)
                start = start_index
            for source, offset in incoming[slot]:
                value = early[source] + offset
                if value > start:  # noqa: PLR1730 (no call in the hot loop)
                    start = value
            early[slot] = start
            early[slot + n] = start + duration[slot]

    def _forward_special(self, slot: int) -> None:
        """The forward step of a task with actual dates, forecast work or elapsed lags."""
        if self.fixed[slot]:
            return  # its dates were set from the actuals
        n, early = self.n, self.early
        start = max(self.floor[slot], self.start_index)
        for source, offset in self.incoming[slot]:
            start = max(start, early[source] + offset)
        if slot in self.elapsed_in:
            start = max(start, self._elapsed_earliest_start(slot))
        early[slot] = start
        early[slot + n] = max(start + self.duration[slot], self.finish_floor[slot])

    def _backward(self, order: list[int]) -> None:
        """Late dates and free-float slack, pushed from each task to its predecessors.

        Walking backwards, a task's late dates are final when it is reached (all its
        successors came before); it then bounds each predecessor's late start (slot i) or
        late finish (slot n + i) through the same (slot, offset) pairs as the forward
        pass: bound = LS − offset. Links into a completed task do not count.
        """
        n, early, incoming, special = self.n, self.early, self.incoming, self.special
        self.finish_index = finish_index = max(early[n + slot] for slot in order)
        self.late = late = [_FAR_AFTER] * n + [finish_index] * n
        self.slack = slack = [_FAR_AFTER] * (2 * n)
        after = self.calendar.index_on_or_after_ordinal
        for slot, deadline in self.deadlines:
            cap = after(deadline.toordinal() + 1)  # working days up to and including it
            if self.duration[slot] == 0:
                cap += self.shift[slot] - 1
            late[slot + n] = min(cap, finish_index)
        for slot in reversed(order):
            start = early[slot]
            span = early[slot + n] - start
            finish = late[slot + n]
            bound = late[slot] + span
            if bound < finish:  # noqa: PLR1730 (no call in the hot loop)
                finish = bound
            if special[slot]:
                self._backward_special(slot, finish)
                continue
            late_start = finish - span
            late[slot] = late_start
            late[slot + n] = finish
            for source, offset in incoming[slot]:
                bound = late_start - offset
                if bound < late[source]:  # noqa: PLR1730 (no call in the hot loop)
                    late[source] = bound
                room = start - offset - early[source]
                if room < slack[source]:  # noqa: PLR1730 (no call in the hot loop)
                    slack[source] = room

    def _backward_special(self, slot: int, finish: int) -> None:
        """The backward step of a task with actual dates, forecast work or elapsed lags."""
        n, early, late = self.n, self.early, self.late
        if self.pinned_finish[slot]:
            finish = early[slot + n]
        span = early[slot + n] - early[slot]
        late[slot] = early[slot] if self.fixed[slot] else finish - span
        late[slot + n] = finish
        if self.done[slot]:
            return
        self._push_exact(slot)
        if slot in self.elapsed_in:
            self._push_elapsed(slot)

    def _push_exact(self, slot: int) -> None:
        """The backward push for a task whose span is not its duration (actuals, forecast)."""
        n, early, late, slack, position = self.n, self.early, self.late, self.slack, self.position
        fs, ff, sf = LinkType.FS, LinkType.FF, LinkType.SF
        for link in self.tasks[slot].links:
            if link.elapsed:
                continue
            source = position[link.predecessor]
            kind = link.type
            if kind is fs or kind is ff:
                source += n
            side = slot + n if kind is ff or kind is sf else slot
            late[source] = min(late[source], late[side] - link.lag_days)
            slack[source] = min(slack[source], early[side] - link.lag_days - early[source])

    # -- elapsed lags: calendar days from an instant, then the next working time -----------

    def _instant(self, slot: int, boundary: int, finish_side: bool) -> int:
        """The calendar instant of a task boundary, as the ordinal of the day it begins.

        A finish is the end of its last day (the next day's beginning); so is a
        milestone that follows a finish. A start is the beginning of its day.
        """
        end_form = bool(self.shift[slot]) if self.duration[slot] == 0 else finish_side
        if end_form:
            return self.calendar.ordinal_at(boundary - 1) + 1
        return self.calendar.ordinal_at(boundary)

    def _latest_boundary(self, slot: int, instant: int, finish_side: bool) -> int:
        """The latest boundary of `slot` whose instant is not after `instant`."""
        end_form = bool(self.shift[slot]) if self.duration[slot] == 0 else finish_side
        after = self.calendar.index_on_or_after_ordinal
        return after(instant) if end_form else after(instant + 1) - 1

    def _elapsed_earliest_start(self, slot: int) -> int:
        n, early, after = self.n, self.early, self.calendar.index_on_or_after_ordinal
        best = max(self.floor[slot], self.start_index)
        for source, from_finish, to_finish, lag in self.elapsed_in[slot]:
            boundary = early[source + n] if from_finish else early[source]
            bound = after(self._instant(source, boundary, from_finish) + lag)
            if to_finish:
                bound -= self.duration[slot]
            best = max(best, bound)
        return best

    def _push_elapsed(self, slot: int) -> None:
        """The backward push of `slot`'s elapsed links: late bounds and free-float slack."""
        n, early, late, slack = self.n, self.early, self.late, self.slack
        for source, from_finish, to_finish, lag in self.elapsed_in[slot]:
            side = slot + n if to_finish else slot
            target = source + n if from_finish else source
            for dates, bounds in ((late, late), (early, slack)):
                # The successor's boundary is the working time the forward pass moved the
                # lagged instant to: the beginning of that working day.
                instant = self.calendar.ordinal_at(dates[side]) - lag
                bound = self._latest_boundary(source, instant, from_finish)
                if bounds is slack:
                    bound -= early[target]
                bounds[target] = min(bounds[target], bound)

    # -- results ---------------------------------------------------------------------------

    def _results(self, order: list[int], project_start: date) -> Schedule:
        # Tasks in row order: the owner's order, and memory order (much faster here).
        order = order if self.in_row_order else sorted(order)
        n, early, late, slack, done = self.n, self.early, self.late, self.slack, self.done
        shift, duration, finish_index = self.shift, self.duration, self.finish_index
        critical_limit = self.plan.settings.critical_float_days
        # One date table for every index needed: late starts may precede early ones, and
        # no finish (late ones included) passes the project finish.
        low = min(chain(map(early.__getitem__, order), map(late.__getitem__, order))) - 1
        table, offset = self.calendar.date_table(low, finish_index)
        ids = self.ids
        setters = _slot_setters()
        fast = setters is not None
        (
            set_id,
            set_early_start,
            set_early_finish,
            set_late_start,
            set_late_finish,
            set_total_float,
            set_free_float,
            set_critical,
        ) = setters or (_unused_setter,) * 8
        scheduled: dict[str, ScheduledTask] = {}
        critical: list[int] = []
        latest = low
        new = object.__new__
        for slot in order:
            start, finish = early[slot], early[slot + n]
            late_start, late_finish = late[slot], late[slot + n]
            # Total float is LF − EF: for a task not started it equals LS − ES, and for a
            # started one SPEC asks for LF − EF.
            total = late_finish - finish
            free = slack[slot]
            if slack[slot + n] < free:  # noqa: PLR1730 (no call in the hot loop)
                free = slack[slot + n]
            if free == _FAR_AFTER:  # no successor: slack up to the project finish
                free = finish_index - finish
            if free > total:  # noqa: PLR1730 (no call in the hot loop)
                free = total
            # Shown dates: a finish is its last working day; a milestone after a finish
            # sits at the end of the day before its index.
            if duration[slot]:
                back = offset - 1
                start += offset
                late_start += offset
            else:
                back = offset - shift[slot]
                start += back
                late_start += back
            shown_finish = finish + back
            if shown_finish > latest:  # noqa: PLR1730 (no call in the hot loop)
                latest = shown_finish
            is_critical = total <= critical_limit and not done[slot]
            task_id = ids[slot]
            if not fast:
                scheduled[task_id] = ScheduledTask(
                    task_id,
                    table[start],
                    table[shown_finish],
                    table[late_start],
                    table[late_finish + back],
                    total,
                    free if free > 0 else 0,
                    is_critical,
                )
                continue
            item = scheduled[task_id] = new(ScheduledTask)
            set_id(item, task_id)
            set_early_start(item, table[start])
            set_early_finish(item, table[shown_finish])
            set_late_start(item, table[late_start])
            set_late_finish(item, table[late_finish + back])
            set_total_float(item, total)
            set_free_float(item, free if free > 0 else 0)
            set_critical(item, is_critical)
            if is_critical:
                critical.append(slot)
        critical.sort(key=lambda slot: (early[slot], early[slot + n], slot))
        return Schedule(
            scheduled,
            project_start,
            table[latest],
            tuple(ids[slot] for slot in critical),
            tuple(self.issues),
        )


def _unused_setter(item: ScheduledTask, value: object) -> None:
    """Stands in for the slot setters when the constructor is used instead."""


def _slot_setters() -> tuple[Callable[[ScheduledTask, object], None], ...] | None:
    """Setters filling each field of a new `ScheduledTask`, in field order; None when the
    class no longer has exactly these slots (the constructor is used then).

    Filling the slots of a frozen dataclass directly costs half of its `__init__` (which
    goes through `object.__setattr__` per field); that matters at 100,000 tasks.
    """
    names = tuple(f.name for f in fields(ScheduledTask))
    descriptors = [ScheduledTask.__dict__.get(name) for name in names]
    if names != _SCHEDULED_FIELDS or not all(
        isinstance(descriptor, MemberDescriptorType) for descriptor in descriptors
    ):
        return None
    return tuple(descriptor.__set__ for descriptor in descriptors)  # type: ignore[union-attr]


_SCHEDULED_FIELDS = (
    "task_id",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float_days",
    "free_float_days",
    "critical",
)
