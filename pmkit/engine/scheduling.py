"""The scheduler: the forward and backward passes of docs/scheduling.md, in working-day indices.

A task occupies the half-open interval [S, F) of working-day indices, F = S + duration.
Both passes walk the integer lists of a `TaskNetwork` in topological order (no
recursion, no dates); dates come back only at the end. Plain tasks take a tight loop;
tasks with actual dates, forecast work or elapsed lags take a slower, exact path.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import compress
from operator import sub

from pmkit.engine.collector import collector_paused
from pmkit.engine.days import ScheduleDays, ScheduledTasks
from pmkit.engine.exact_steps import ExactSteps
from pmkit.engine.model import Plan
from pmkit.engine.network import beyond_calendar_issue, reachable, start_on_status_issue
from pmkit.engine.results import Schedule
from pmkit.engine.task_network import COMPLETED, FAR_AFTER, SPECIAL
from pmkit.engine.workdays import WorkCalendar

__all__ = ["compute_schedule"]


def compute_schedule(plan: Plan, calendar: WorkCalendar, status_date: date) -> Schedule:
    """Early and late dates, floats and the critical path of every task that can be scheduled.

    `status_date` drives the forecast (Settings: Move Unfinished Work Past Status Date)
    and is the project start of last resort. Problems come back as `Schedule.issues`: one
    dependency-cycle error per loop, and one unscheduled-task warning per task that holds
    others up.
    """
    # The lists built here hold no cycles, and a collection over a 100,000-task plan's
    # objects costs more than the whole schedule.
    with collector_paused():
        return _Run(plan, calendar, status_date).schedule()


class _Run(ExactSteps):
    """One scheduling run: the plan as integer lists (`TaskNetwork`), then the two passes
    (special tasks take the exact steps of `ExactSteps`)."""

    def schedule(self) -> Schedule:
        self.read_tasks()
        project_start = self.project_start()
        if project_start is None:  # nothing dates the start: the status date, said so
            project_start = self.status_date
            if self.n:
                self.issues.append(start_on_status_issue(self.plan, self.status_date))
        self.start_index = self.calendar.index_on_or_after(project_start)
        self.placed_late = set()
        order = self.schedulable_order()
        if not order:
            return Schedule(
                {},
                project_start,
                None,
                (),
                tuple(self.issues),
                ScheduleDays.none(self.done, self.position, self.broken_links, self.followed),
            )
        self._forward(order)
        order = self._within_calendar(order)
        if not order:
            return Schedule(
                {},
                project_start,
                None,
                (),
                tuple(self.issues),
                ScheduleDays.none(self.done, self.position, self.broken_links, self.followed),
            )
        n, early = self.n, self.early
        # every task: the list is scanned in C
        finishes = early[n:] if len(order) == n else [early[n + slot] for slot in order]
        self.finish_index = max(finishes)
        self._backward(order)
        if self.late_scheduled:
            self._place_late(order)
        return self._results(order, project_start)

    def _place_late(self, order: list[int]) -> None:
        """As Late As Possible, as Microsoft Project does it: each such task moves to its late
        dates, and the tasks after it are scheduled again from there (its early dates stay
        what a forward pass gives, and its float is measured from them)."""
        n, early, late = self.n, self.early, self.late
        scheduled = set(order)
        self.early_before_late: dict[int, tuple[int, int]] = {}
        for slot in self.late_scheduled:
            if slot in scheduled:
                self.early_before_late[slot] = (early[slot], early[slot + n])
                early[slot], early[slot + n] = late[slot], late[slot + n]
                self.placed_late.add(slot)
        self._forward(order)
        self._backward(order)  # late dates are the same; free float is not

    # -- the passes ------------------------------------------------------------------------

    def _forward(self, order: list[int]) -> None:
        """Early dates: each task as soon as its floor and its predecessors allow; for a
        milestone, also whether a finish placed it (`ExactSteps._forward_milestone`)."""
        n, early, floor, incoming = self.n, self.early, self.floor, self.incoming
        duration, special, start_index = self.duration, self.special, self.start_index
        shift = self.shift
        for slot in order:
            kind = special[slot]
            if kind:
                if kind == SPECIAL:
                    self._forward_special(slot)
                continue  # COMPLETED: its actual dates stand
            start = floor[slot]
            if start < start_index:  # noqa: PLR1730 (no call in the hot loop)
                start = start_index
            for source, offset in incoming[slot]:
                value = early[source] + offset
                if value > start:  # noqa: PLR1730 (no call in the hot loop)
                    start = value
            early[slot] = start
            days = duration[slot]
            early[slot + n] = start + days
            if not days:  # a milestone (few): the end of day start − 1, or the start of start
                shift[slot] = 1 - (self._milestone_key(slot) & 1)

    def _within_calendar(self, order: list[int]) -> list[int]:
        """The tasks whose early dates fit in a calendar (years 1 to 9999), in `order`.

        A chain of durations and lags that runs past 31 Dec 9999 cannot be shown as dates:
        each task where the chain leaves the calendar gets a located error, and it and the
        tasks after it are left out; the rest of the plan is scheduled as usual.
        """
        n, early, calendar = self.n, self.early, self.calendar
        # every task: the list is scanned in C
        finishes = early[n:] if len(order) == n else [early[n + slot] for slot in order]
        last = max(finishes) - 1
        # Whole weeks from the project start to 31 Dec 9999, less every holiday: a
        # schedule shorter than that fits without counting the calendar's last day.
        weeks = (date.max.toordinal() - calendar.ordinal_at(self.start_index)) // 7
        if last - self.start_index < weeks * len(calendar.work_week) - len(calendar.holidays):
            return order
        _, last_index = calendar.index_bounds()
        beyond = {slot for slot in order if max(early[slot], early[n + slot] - 1) > last_index}
        if not beyond:
            return order
        successors = self._successors()
        predecessors: dict[int, list[int]] = {slot: [] for slot in beyond}
        for slot in beyond:
            for target in successors[slot]:
                if target in predecessors:
                    predecessors[target].append(slot)
        for slot in sorted(beyond):
            if not predecessors[slot]:  # where the chain leaves the calendar
                held = [self.tasks[t] for t in reachable(successors, [slot]) if t in beyond]
                self.issues.append(beyond_calendar_issue(self.plan, self.tasks[slot], held))
        return [slot for slot in order if slot not in beyond]

    def _backward(self, order: list[int]) -> None:
        """Late dates and free-float slack, pushed from each task to its predecessors.

        Walking backwards, a task's late dates are final when it is reached (all its
        successors came before); it then bounds each predecessor's late start (slot i) or
        late finish (slot n + i) through the same (slot, offset) pairs as the forward
        pass: bound = LS − offset. Links into a completed task do not count.
        """
        n, early, incoming, special = self.n, self.early, self.incoming, self.special
        finish_index = self.finish_index
        self.late = late = [FAR_AFTER] * n + [finish_index] * n
        self.slack = slack = [FAR_AFTER] * (2 * n)
        through = self.calendar.through
        self.deadline_caps = caps = {}
        for slot, deadline in self.deadlines:
            cap = through(deadline)  # working days up to and including it
            if self.duration[slot] == 0:
                cap += self.shift[slot] - 1
            caps[slot] = cap
            late[slot + n] = min(cap, finish_index)
        for slot in reversed(order):
            end = slot + n
            kind = special[slot]
            if kind == COMPLETED:  # done on its actual dates: late = early, no push
                late[slot] = early[slot]
                late[end] = early[end]
                continue
            start = early[slot]
            span = early[end] - start
            finish = late[end]
            bound = late[slot] + span
            if bound < finish:  # noqa: PLR1730 (no call in the hot loop)
                finish = bound
            if kind:
                self._backward_special(slot, finish)
                continue
            late_start = finish - span
            late[slot] = late_start
            late[end] = finish
            for source, offset in incoming[slot]:
                bound = late_start - offset
                if bound < late[source]:  # noqa: PLR1730 (no call in the hot loop)
                    late[source] = bound
                room = start - offset - early[source]
                if room < slack[source]:  # noqa: PLR1730 (no call in the hot loop)
                    slack[source] = room

    # -- results ---------------------------------------------------------------------------

    def _results(self, order: list[int], project_start: date) -> Schedule:
        """The answer, as lists by slot (`ScheduleDays`): shown indices, floats, critical.

        Whole lists at a time (`map` over them runs in C); the dated `ScheduledTask`s are
        built from them only when read (`pmkit.engine.days.ScheduledTasks`).
        """
        n, early, late, slack = self.n, self.early, self.late, self.slack
        finish_index = self.finish_index
        critical_limit = self.plan.settings.critical_float_days
        # Shown indices: a start is its index, a finish its last working day (index − 1); a
        # milestone a finish placed sits on the day before its index, start and finish alike.
        finishes, late_finishes = early[n:], late[n:]
        early_start, late_start = early[:n], late[:n]
        early_finish = [finish - 1 for finish in finishes]
        late_finish = [finish - 1 for finish in late_finishes]
        shift = self.shift
        for slot in compress(range(n), [not days for days in self.duration]):  # milestones
            lead = shift[slot]
            early_start[slot] -= lead
            late_start[slot] -= lead
            early_finish[slot] = finishes[slot] - lead
            late_finish[slot] = late_finishes[slot] - lead
        # Total float is LF − EF: for a task not started it equals LS − ES, and for a
        # started one docs/scheduling.md asks for LF − EF.
        total = list(map(sub, late_finishes, finishes))
        # Free float: the least slack of the task's start and finish (slack up to the
        # project finish where nothing follows), at most its total float, at least 0.
        # Conditional expressions, not min/max: no call per task.
        free = [
            least
            if (least := start if start < end else end) != FAR_AFTER
            else finish_index - finish
            for start, end, finish in zip(slack[:n], slack[n:], finishes, strict=True)
        ]
        free = [
            (value if value < most else most) if value > 0 and most > 0 else 0
            for value, most in zip(free, total, strict=True)
        ]
        critical = [
            value <= critical_limit and not is_done
            for value, is_done in zip(total, self.done, strict=True)
        ]
        lists = [early_start, early_finish, late_start, late_finish, total, free]
        scheduled: Sequence[int] = range(n)
        if len(order) < n:
            scheduled = sorted(order)
            for slot in set(range(n)).difference(order):
                critical[slot] = False
            low = min(min(lists[0][slot], lists[2][slot]) for slot in scheduled)
            latest = max(early_finish[slot] for slot in scheduled)
        else:  # every task: whole lists, scanned in C
            # late starts may precede early ones
            low, late_low = min(lists[0]), min(lists[2])
            low = late_low if late_low < low else low
            latest = max(early_finish)
        table, offset = self.calendar.date_table(low, finish_index)
        path = list(compress(range(n), critical))
        forecast = [list(early_start), list(early_finish)] if self.placed_late else lists[:2]
        if self.placed_late:
            path = self._late_placed(path, early_start, early_finish, total, free, critical)
        # By early start, then early finish, then row: `path` is in row order, so two
        # stable sorts on plain int keys do it without a key tuple per task (59,000
        # critical tasks in the 100,000-task benchmark: 35 → 19 ms).
        path.sort(key=early[n:].__getitem__)
        path.sort(key=early.__getitem__)
        shown: list[Sequence[int | None]] = [*lists[:4], *forecast, total, free]
        if len(order) < n:  # None where a task could not be scheduled
            shown = [_only(values, scheduled) for values in shown]
        days = ScheduleDays(
            shown[0],
            shown[1],
            shown[2],
            shown[3],
            shown[4],
            shown[5],
            shown[6],
            shown[7],
            critical,
            self.done,
            frozenset(self.placed_late),
            frozenset(compress(range(n), self.shift)),  # milestones only: 1 = a finish placed it
            latest,
            table,
            offset,
            self.position,
            self.broken_links,
            self.followed,
        )
        ids = self.ids
        return Schedule(
            ScheduledTasks(
                ids if len(order) == n else [ids[slot] for slot in scheduled], self.position, days
            ),
            project_start,
            table[latest + offset],
            tuple(map(ids.__getitem__, path)),
            tuple(self.issues),
            days,
        )

    def _late_placed(  # noqa: PLR0917 (the lists it corrects)
        self,
        path: list[int],
        early_start: list[int],
        early_finish: list[int],
        total: list[int],
        free: list[int],
        critical: list[bool],
    ) -> list[int]:
        """As Late As Possible tasks: early dates and total float from the forward pass,
        free float where the task sits; the critical path without the ones that now have
        float. The lists are corrected in place (the forecast stays where the task sits)."""
        n, critical_limit = self.n, self.plan.settings.critical_float_days
        for slot, (start, finish) in self.early_before_late.items():
            total_float = self.late[slot + n] - finish
            self.early[slot], self.early[slot + n] = start, finish
            shift = 0 if self.duration[slot] else self.shift[slot]
            early_start[slot] = start - shift
            early_finish[slot] = finish - (1 if self.duration[slot] else shift)
            total[slot] = total_float
            free[slot] = max(0, min(free[slot], total_float))
            critical[slot] = total_float <= critical_limit
        return [slot for slot in path if critical[slot]]


def _only(values: Sequence[int | None], slots: Sequence[int]) -> list[int | None]:
    """`values` at `slots`, None elsewhere."""
    kept: list[int | None] = [None] * len(values)
    for slot in slots:
        kept[slot] = values[slot]
    return kept
