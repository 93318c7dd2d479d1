"""The task network: a plan turned into integer lists, ready for the scheduler's passes.

Each row gets a slot 0..n-1. Each link becomes a (source slot, offset) pair on its
successor, meaning S ≥ early[source] + offset, where the source slot is the
predecessor's start (i) or finish (n + i) and a link to a finish subtracts the
successor's duration: one lookup and one addition per link, whatever its type. Links
with elapsed lags (`ed`) count calendar days and are kept apart for the slow path.

Anything beyond links, Start No Earlier Than and progress — the other constraint types,
fixed dates, leveling delays, a Start No Earlier Than before the project start — is kept
in small per-task tables, and such a task takes the exact, slow path.

Tasks that cannot be scheduled — an unreadable duration, an unknown or self
predecessor, a repeated id (its later rows), a dependency loop — are left out with
everything downstream of them; `schedulable_order` records the loop errors and one
warning per task that holds others up.
"""

from __future__ import annotations

import math
from datetime import date

from pmkit.engine.issues import Issue
from pmkit.engine.model import ConstraintType, Delay, Link, LinkType, Plan, Task, done_flags
from pmkit.engine.network import (
    blocked_task_issue,
    dependency_loops,
    loop_issue,
    reachable,
    topological_order,
)
from pmkit.engine.workdays import WorkCalendar

__all__ = [
    "COMPLETED",
    "FAR_AFTER",
    "FAR_BEFORE",
    "PLAIN",
    "SPECIAL",
    "Constraint",
    "Elapsed",
    "TaskNetwork",
]

PLAIN, COMPLETED, SPECIAL = 0, 1, 2

FAR_BEFORE = -(1 << 29)  # before any working-day index (still a one-digit int)
FAR_AFTER = 1 << 29  # after any working-day index

# An elapsed link seen from one end: (other task's slot, from a finish, to a finish, lag).
Elapsed = tuple[int, bool, bool, int]
# A constraint in index terms: (type, the boundary its date means: a start or a finish).
Constraint = tuple[ConstraintType, int]
_SNET = ConstraintType.START_NO_EARLIER_THAN
_FNET = ConstraintType.FINISH_NO_EARLIER_THAN
_ALAP = ConstraintType.AS_LATE_AS_POSSIBLE
_ASAP = ConstraintType.AS_SOON_AS_POSSIBLE


class TaskNetwork:
    """The plan as integer lists: durations, floors, link pairs, actuals, flags."""

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

    def project_start(self) -> date:
        """Project Start, else the earliest Start No Earlier Than, else the earliest Actual
        Start, else the status date."""
        return (
            self.plan.settings.project_start
            or self.earliest_constraint
            or self.earliest_actual_start
            or self.status_date
        )

    # -- the plan as integer lists -----------------------------------------------------------

    def read_tasks(self) -> None:  # noqa: PLR0912, PLR0915 - the hot pass, inlined on purpose
        """One pass over tasks and links, building every list the passes need.

        Link types are compared by identity: hashing an enum member runs Python code, and
        this loop sees every link. A link to a later row is resolved after the pass.
        """
        tasks, n, position, ids, calendar = (
            self.tasks,
            self.n,
            self.position,
            self.ids,
            self.calendar,
        )
        forecast = self.plan.settings.move_unfinished_work
        index_on_or_after = calendar.on_or_after  # remembered per date
        after_status = calendar.index_on_or_after_ordinal(self.status_date.toordinal() + 1)
        self.after_status = after_status if forecast else None

        self.duration = duration = [0] * n
        # 1: a milestone whose date a finish sets (an FS or FF link binds), shown a day
        # early, at the end of that day; 0: one at the start of its day. The forward pass
        # decides it; until then (and for one pinned by an actual date) it says whether
        # the milestone follows a finish at all.
        self.shift = shift = [0] * n
        # The earliest start from Start No Earlier Than and the forecast; the project
        # start, known only after this pass, is applied by the forward pass.
        self.floor = floor = [FAR_BEFORE] * n
        self.finish_floor = finish_floor = [FAR_BEFORE] * n  # forecast: work left after status
        empty: list[tuple[int, int]] = []
        self.incoming = incoming = [empty] * n
        self.elapsed_in: dict[int, list[Elapsed]] = {}
        self.blockers: dict[int, str] = {}
        self.deadlines: list[tuple[int, date]] = []
        self.done = done = done_flags(tasks)  # the one "is done" rule (`Task.is_done`)
        self.fixed = bytearray(n)  # an actual date pins the start
        self.pinned_finish = bytearray(n)
        # How the passes treat a task: PLAIN (logic only), COMPLETED (actual dates, done:
        # copied through both passes) or SPECIAL (anything else: the exact, slow path).
        self.special = special = bytearray(n)
        self.early = [0] * (2 * n)  # early start of slot i at i, early finish at n + i
        # Sparse tables of the slow path, by slot.
        self.remaining: dict[int, int] = {}  # started, unfinished: working days still to do
        self.constraints: dict[int, Constraint] = {}  # hard and finish constraints
        self.pinned_start: dict[int, int] = {}  # fixed dates: the start it sits on
        self.delays: dict[int, Delay] = {}  # leveling delays
        self.unclamped: set[int] = set()  # not held at the project start (SNET, FNET)
        self.late_scheduled: list[int] = []  # As Late As Possible
        ruled: list[int] = []  # tasks with rules to resolve once every link is known
        project_start = self.plan.settings.project_start
        blockers, deadlines = self.blockers, self.deadlines
        later_rows: list[tuple[int, Link]] = []
        earliest_constraint: date | None = None
        earliest_actual: date | None = None
        fs = LinkType.FS
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
            is_done = done[slot]
            is_started = is_done or task.actual_start is not None or percent > 0
            if is_done:
                special[slot] = SPECIAL
            snet = task.start_no_earlier_than
            if snet is not None:
                floor[slot] = index_on_or_after(snet)
                if earliest_constraint is None or snet < earliest_constraint:
                    earliest_constraint = snet
                if project_start is not None and snet < project_start:
                    # Placed on its date, before the project start (Microsoft Project does).
                    self.unclamped.add(slot)
                    special[slot] = SPECIAL
            if task.constraint is not None or task.fixed_dates or task.leveling_delay is not None:
                ruled.append(slot)
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
                special[slot] = SPECIAL
        self.earliest_constraint = earliest_constraint
        self.earliest_actual_start = earliest_actual
        self.in_row_order = not later_rows
        for slot, link in later_rows:
            source = position.get(link.predecessor)
            if source is None:
                blockers.setdefault(slot, "predecessors")
            elif link.type is fs and not link.elapsed:
                incoming[slot].append((source + n, link.lag_days))
                if not duration[slot]:
                    shift[slot] = 1
            else:
                self._add_link(slot, source, link)
        for slot, task in enumerate(tasks):  # actuals of milestones that follow a finish
            if later_rows and self.fixed[slot] and not duration[slot]:
                self._add_actuals(slot, task)
        for slot in ruled:
            if not done[slot] and slot not in blockers:
                self._add_rules(slot, tasks[slot])

    def _add_rules(self, slot: int, task: Task) -> None:
        """A task's constraint, fixed dates and leveling delay, in index terms.

        A constraint's date is a start (the beginning of that day) or a finish (the end of
        that day, kept as the index after it); for a milestone a finish date is the day it
        is shown on, which `ExactSteps` resolves. Actual dates win over all of these.
        """
        if self.fixed[slot]:
            return
        self.special[slot] = SPECIAL
        calendar = self.calendar
        if task.fixed_dates and task.start_no_earlier_than is not None:
            # A fixed task sits where it was put: no constraint moves it, early or late.
            self.pinned_start[slot] = calendar.on_or_after(task.start_no_earlier_than)
            return
        kind, day = task.constraint, task.constraint_date
        if kind is _ALAP:
            self.late_scheduled.append(slot)
        elif kind is not None and kind is not _ASAP and day is not None:
            boundary = calendar.through(day) if kind.on_finish else calendar.on_or_after(day)
            if kind is _SNET:
                self.floor[slot] = max(self.floor[slot], boundary)
            else:
                self.constraints[slot] = (kind, boundary)
            if kind is _SNET or kind is _FNET:
                self.unclamped.add(slot)
        if task.leveling_delay is not None and task.leveling_delay.days > 0:
            self.delays[slot] = task.leveling_delay

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
            self.special[slot] = SPECIAL
            return
        offset = lag - days if to_finish else lag
        self.incoming[slot].append((source + self.n if from_finish else source, offset))

    def _add_actuals(self, slot: int, task: Task) -> None:
        """Pin a task with actual dates (a milestone with one is pinned whole)."""
        n, days = self.n, self.duration[slot]
        self.fixed[slot] = 1
        pinned = self.pinned_finish[slot] = task.actual_finish is not None or days == 0
        self.special[slot] = COMPLETED if pinned and self.done[slot] else SPECIAL
        if not pinned and not self.done[slot]:
            self.remaining[slot] = _remaining_days(task, days)
        self.early[slot], self.early[slot + n] = self._actual_interval(task, days, self.shift[slot])

    def _successors(self) -> list[list[int]]:
        """For each task, the tasks that depend on it (once per link), from the link pairs
        already built: only needed when the rows need sorting or something is broken."""
        n = self.n
        successors: list[list[int]] = [[] for _ in range(n)]
        for slot, pairs in enumerate(self.incoming):
            for source, _ in pairs:
                successors[source - n if source >= n else source].append(slot)
        for slot, links in self.elapsed_in.items():
            for source, *_ in links:
                successors[source].append(slot)
        return successors

    def _actual_interval(self, task: Task, days: int, shift: int) -> tuple[int, int]:
        """[S, F) pinned by actual dates; in a forecast, unfinished work moves past status."""
        index = self.calendar.on_or_after
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

    def schedulable_order(self) -> list[int]:
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


def _remaining_days(task: Task, duration: int) -> int:
    """Duration × (1 − % complete), rounded up (a hair of float noise is not a day)."""
    remaining = duration * (1.0 - min(max(task.percent_complete, 0.0), 1.0))
    return max(0, math.ceil(remaining - 1e-9))
