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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from pmkit.issues import Issue
from pmkit.model import LinkType, Plan, Task
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

_FROM_FINISH = frozenset({LinkType.FS, LinkType.FF})
_TO_FINISH = frozenset({LinkType.FF, LinkType.SF})

_NO_FLOOR = -(1 << 40)  # below any working-day index

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
        # One slot per distinct task id: the first row wins (validation reports repeats).
        position: dict[str, int] = {}
        tasks: list[Task] = []
        for task in plan.tasks:
            if task.id not in position:
                position[task.id] = len(tasks)
                tasks.append(task)
        self.tasks = tasks
        self.position = position
        self.n = len(tasks)

    def schedule(self) -> Schedule:
        order = self._order()
        project_start = self._project_start()
        if not order:
            return Schedule({}, project_start, None, (), tuple(self.issues))
        self._prepare(order, project_start)
        self._forward(order)
        self._backward(order)
        return self._results(order, project_start)

    # -- which tasks, in which order ------------------------------------------------------

    def _order(self) -> list[int]:
        """Schedulable tasks in topological order; loop errors and blocked warnings recorded."""
        tasks, n, position = self.tasks, self.n, self.position
        successors: list[list[int]] = [[] for _ in range(n)]
        blockers: dict[int, str] = {}
        for slot, task in enumerate(tasks):
            duration = task.duration_days
            if duration is None or duration < 0:
                blockers[slot] = "duration"
            for link in task.links:
                source = position.get(link.predecessor)
                if source is None or source == slot:
                    blockers.setdefault(slot, "predecessors")
                else:
                    successors[source].append(slot)
        order = topological_order(successors)
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
        blocked = self._blocked(successors, blockers, loops)
        return [slot for slot in order if slot not in blocked]

    def _blocked(
        self, successors: list[list[int]], blockers: dict[int, str], loops: list[list[int]]
    ) -> set[int]:
        """Every task that cannot be scheduled; a warning for each task that holds others up.

        A warning lists what its blocker holds up directly or through sound tasks; tasks
        behind a second broken task are listed under that one instead.
        """
        stop = frozenset(blockers).union(*loops)
        blocked = set(stop)
        blocked.update(reachable(successors, stop, stop))
        groups: list[tuple[list[int], str]] = [([slot], why) for slot, why in blockers.items()]
        groups.extend((loop, "loop") for loop in loops)
        for sources, why in sorted(groups, key=lambda group: group[0][0]):
            own = set(sources)
            held = [slot for slot in reachable(successors, sources, stop) if slot not in own]
            if held:
                tasks = self.tasks
                self.issues.append(
                    blocked_task_issue(
                        self.plan, [tasks[s] for s in sources], why, [tasks[s] for s in held]
                    )
                )
        return blocked

    def _project_start(self) -> date:
        """Project Start, else the earliest Start No Earlier Than, else the earliest Actual
        Start, else the status date."""
        given = self.plan.settings.project_start
        if given is not None:
            return given
        tasks = self.tasks
        earliest = min(
            (t.start_no_earlier_than for t in tasks if t.start_no_earlier_than), default=None
        )
        if earliest is None:
            earliest = min((t.actual_start for t in tasks if t.actual_start), default=None)
        return earliest or self.status_date

    # -- the plan as integer lists -----------------------------------------------------------

    def _prepare(self, order: list[int], project_start: date) -> None:
        tasks, n, calendar = self.tasks, self.n, self.calendar
        forecast = self.plan.settings.move_unfinished_work
        index_on_or_after = calendar.index_on_or_after
        start_index = index_on_or_after(project_start)
        after_status = calendar.index_on_or_after_ordinal(self.status_date.toordinal() + 1)
        self.start_index = start_index

        self.duration = duration = [0] * n
        self.shift = shift = bytearray(n)  # 1: a milestone after a finish, shown a day early
        self.floor = floor = [0] * n  # the earliest start the task may take
        self.finish_floor = finish_floor = [_NO_FLOOR] * n  # forecast: work left after status
        empty: tuple[tuple[int, int], ...] = ()
        self.incoming = [empty] * n
        self.out_finish: list[list[tuple[int, int]] | None] = [None] * n  # FS, FF successors
        self.out_start: list[list[tuple[int, int]] | None] = [None] * n  # SS, SF successors
        self.elapsed_in: dict[int, list[_Elapsed]] = {}
        self.elapsed_out: dict[int, list[_Elapsed]] = {}
        self.done = done = bytearray(n)
        self.started = started = bytearray(n)
        self.fixed = fixed = bytearray(n)
        self.pinned_finish = pinned_finish = bytearray(n)
        self.early = early = [0] * (2 * n)  # early start of slot i at i, early finish at n + i

        for slot in order:
            task = tasks[slot]
            days = duration[slot] = task.duration_days or 0
            done[slot] = task.is_done
            started[slot] = task.is_started
            links = task.links
            if days == 0 and any(link.type in _FROM_FINISH for link in links):
                shift[slot] = 1
            low = start_index
            if task.start_no_earlier_than is not None:
                low = max(low, index_on_or_after(task.start_no_earlier_than))
            if forecast and not started[slot]:
                low = max(low, after_status)
            floor[slot] = low
            if links:
                self._add_links(slot, task, days)
            if task.actual_start is not None or task.actual_finish is not None:
                fixed[slot] = 1
                pinned_finish[slot] = task.actual_finish is not None
                early[slot], early[slot + n] = self._actual_interval(
                    task, days, shift[slot], after_status if forecast else None
                )
            elif forecast and started[slot] and not done[slot]:
                finish_floor[slot] = after_status + _remaining_days(task, days)

    def _add_links(self, slot: int, task: Task, days: int) -> None:
        """Turn `task`'s links into (slot, offset) pairs, both ways.

        Forward, every link bounds the start: S ≥ early[source] + offset (a link to a
        finish subtracts the duration). Backward, links out of a task bound its late
        finish (from a finish) or its late start (from a start); links to a completed
        task do not count.
        """
        n, position = self.n, self.position
        counts_backward = not self.done[slot]
        incoming: list[tuple[int, int]] = []
        for link in task.links:
            source = position[link.predecessor]
            kind = link.type
            from_finish = kind in _FROM_FINISH
            to_finish = kind in _TO_FINISH
            lag = link.lag_days
            if link.elapsed:
                self.elapsed_in.setdefault(slot, []).append((source, from_finish, to_finish, lag))
                if counts_backward:
                    self.elapsed_out.setdefault(source, []).append(
                        (slot, from_finish, to_finish, lag)
                    )
                continue
            incoming.append(
                (source + n if from_finish else source, lag - days if to_finish else lag)
            )
            if counts_backward:
                outgoing = self.out_finish if from_finish else self.out_start
                bucket = outgoing[source]
                if bucket is None:
                    bucket = outgoing[source] = []
                bucket.append((slot + n if to_finish else slot, -lag))
        self.incoming[slot] = tuple(incoming)

    def _actual_interval(
        self, task: Task, days: int, shift: int, after_status: int | None
    ) -> tuple[int, int]:
        """[S, F) pinned by actual dates; with a forecast, unfinished work moves past status."""
        index = self.calendar.index_on_or_after
        milestone = days == 0
        if task.actual_start is not None:
            start = index(task.actual_start) + (shift if milestone else 0)
        if task.actual_finish is not None:
            finish = index(task.actual_finish) + (shift if milestone else 1)
            if task.actual_start is None:
                start = finish - days
            return start, max(finish, start)
        finish = start + days
        if after_status is not None and not task.is_done:
            finish = max(finish, after_status + _remaining_days(task, days))
        return start, finish

    # -- the passes ------------------------------------------------------------------------

    def _forward(self, order: list[int]) -> None:
        """Early dates: each task as soon as its floor and its predecessors allow."""
        n, early, floor, incoming = self.n, self.early, self.floor, self.incoming
        duration, finish_floor, fixed, elapsed_in = (
            self.duration,
            self.finish_floor,
            self.fixed,
            self.elapsed_in,
        )
        for slot in order:
            if fixed[slot]:
                continue
            start = floor[slot]
            for source, offset in incoming[slot]:
                value = early[source] + offset
                if value > start:  # noqa: PLR1730 (no call in the hot loop)
                    start = value
            if elapsed_in and slot in elapsed_in:
                start = max(start, self._elapsed_earliest_start(slot))
            early[slot] = start
            finish = start + duration[slot]
            if finish < finish_floor[slot]:  # noqa: PLR1730 (no call in the hot loop)
                finish = finish_floor[slot]
            early[slot + n] = finish

    def _backward(self, order: list[int]) -> None:
        """Late dates: as late as successors, deadlines and the project finish allow."""
        n, early = self.n, self.early
        self.late = late = [0] * (2 * n)
        self.finish_index = finish_index = max(early[slot + n] for slot in order)
        caps = self._deadline_caps(order, finish_index)
        out_finish, out_start, elapsed_out = self.out_finish, self.out_start, self.elapsed_out
        fixed, pinned_finish = self.fixed, self.pinned_finish
        for slot in reversed(order):
            span = early[slot + n] - early[slot]
            finish = caps.get(slot, finish_index) if caps else finish_index
            links = out_finish[slot]
            if links is not None:
                for target, offset in links:
                    value = late[target] + offset
                    if value < finish:  # noqa: PLR1730 (no call in the hot loop)
                        finish = value
            links = out_start[slot]
            if links is not None:
                for target, offset in links:
                    value = late[target] + offset + span
                    if value < finish:  # noqa: PLR1730 (no call in the hot loop)
                        finish = value
            if elapsed_out and slot in elapsed_out:
                for from_finish, bound in self._elapsed_bounds(slot, late):
                    value = bound if from_finish else bound + span
                    if value < finish:  # noqa: PLR1730 (no call in the hot loop)
                        finish = value
            if pinned_finish[slot]:
                finish = early[slot + n]
            late[slot + n] = finish
            late[slot] = early[slot] if fixed[slot] else finish - span

    def _deadline_caps(self, order: list[int], finish_index: int) -> dict[int, int]:
        """Late-finish caps from deadlines: the shown finish may not fall after the deadline."""
        caps: dict[int, int] = {}
        after = self.calendar.index_on_or_after_ordinal
        tasks, duration, shift = self.tasks, self.duration, self.shift
        for slot in order:
            deadline = tasks[slot].deadline
            if deadline is None:
                continue
            cap = after(deadline.toordinal() + 1)  # working days up to and including it
            if duration[slot] == 0:
                cap += shift[slot] - 1
            caps[slot] = min(cap, finish_index)
        return caps

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
        best = self.floor[slot]
        for source, from_finish, to_finish, lag in self.elapsed_in[slot]:
            boundary = early[source + n] if from_finish else early[source]
            bound = after(self._instant(source, boundary, from_finish) + lag)
            if to_finish:
                bound -= self.duration[slot]
            best = max(best, bound)
        return best

    def _elapsed_bounds(self, slot: int, dates: list[int]) -> list[tuple[bool, int]]:
        """For each elapsed link out of `slot`: (from a finish, latest boundary of that side)
        given the successors' dates in `dates` (late dates, or early ones for free float)."""
        n = self.n
        bounds = []
        for target, from_finish, to_finish, lag in self.elapsed_out[slot]:
            boundary = dates[target + n] if to_finish else dates[target]
            instant = self._instant(target, boundary, to_finish) - lag
            bounds.append((from_finish, self._latest_boundary(slot, instant, from_finish)))
        return bounds

    # -- results ---------------------------------------------------------------------------

    def _free_float(self, slot: int, total_float: int) -> int:
        """Slack before the earliest successor constraint (the project finish when there is
        none), never above total float and never below zero."""
        n, early = self.n, self.early
        start, finish = early[slot], early[slot + n]
        slack: int | None = None
        links = self.out_finish[slot]
        if links is not None:
            slack = min(early[target] + offset for target, offset in links) - finish
        links = self.out_start[slot]
        if links is not None:
            value = min(early[target] + offset for target, offset in links) - start
            slack = value if slack is None else min(slack, value)
        if self.elapsed_out and slot in self.elapsed_out:
            for from_finish, bound in self._elapsed_bounds(slot, early):
                value = bound - (finish if from_finish else start)
                slack = value if slack is None else min(slack, value)
        if slack is None:
            slack = self.finish_index - finish
        return max(0, min(slack, total_float))

    def _results(self, order: list[int], project_start: date) -> Schedule:
        n, early, late, duration, shift = self.n, self.early, self.late, self.duration, self.shift
        started, done = self.started, self.done
        critical_limit = self.plan.settings.critical_float_days
        indices: list[int] = []
        floats: list[tuple[int, int, bool]] = []
        for slot in order:
            start, finish = early[slot], early[slot + n]
            late_start, late_finish = late[slot], late[slot + n]
            if started[slot]:
                total = late_finish - finish
            else:
                total = min(late_start - start, late_finish - finish)
            if duration[slot]:
                indices += (start, finish - 1, late_start, late_finish - 1)
            else:
                back = shift[slot]
                indices += (start - back, finish - back, late_start - back, late_finish - back)
            free = self._free_float(slot, total)
            floats.append((total, free, not done[slot] and total <= critical_limit))
        dates = self.calendar.dates_at(indices)
        tasks = self.tasks
        scheduled: dict[str, ScheduledTask] = {}
        critical: list[int] = []
        for number, slot in enumerate(order):
            total, free, is_critical = floats[number]
            at = 4 * number
            task_id = tasks[slot].id
            scheduled[task_id] = ScheduledTask(
                task_id,
                dates[at],
                dates[at + 1],
                dates[at + 2],
                dates[at + 3],
                total,
                free,
                is_critical,
            )
            if is_critical:
                critical.append(slot)
        critical.sort(key=lambda slot: (early[slot], early[slot + n], slot))
        project_finish = max(dates[at + 1] for at in range(0, len(dates), 4))
        return Schedule(
            scheduled,
            project_start,
            project_finish,
            tuple(tasks[slot].id for slot in critical),
            tuple(self.issues),
        )
