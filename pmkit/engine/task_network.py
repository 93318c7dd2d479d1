"""The task network: a plan turned into integer lists, ready for the scheduler's passes.

Each row gets a slot 0..n-1. Each link becomes a (source slot, offset) pair on its
successor, meaning S ≥ early[source] + offset, where the source slot is the
predecessor's start (i) or finish (n + i) and a link to a finish subtracts the
successor's duration: one lookup and one addition per link, whatever its type. Links
with elapsed lags (`ed`) count calendar days and are kept apart for the slow path.

Anything beyond links, Start No Earlier Than and progress — the other constraint types,
fixed dates, leveling delays, a Start No Earlier Than before the project start — is kept
in small per-task tables, and such a task takes the exact, slow path.

Tasks that cannot be scheduled — an unreadable duration (unless a done task's actual
dates give it: `pmkit.engine.actual_durations`), an unknown or self
predecessor, a repeated id (its later rows), a dependency loop — are left out with
everything downstream of them; `schedulable_order` (`pmkit.engine.task_order`) records
the loop errors and one warning per task that holds others up.

The plan is read a column at a time (one comprehension per field), and Python loops walk
only the rows a column says need work; every link is resolved in one loop, with the
slot of every id known before it starts. 10,000 tasks: 18.0 → 13.9 ms.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from itertools import compress
from operator import not_
from typing import cast

from pmkit.engine.actual_durations import duration_from_actuals
from pmkit.engine.issues import Issue
from pmkit.engine.model import ConstraintType, Delay, Link, LinkType, Plan, Task, done_flags
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
    "remaining_days",
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
        # The rows with a predecessor that names no task, or the task itself (validation
        # words them: `ScheduleDays.broken_links`).
        self.broken_links: list[int] = []
        # 1 where a link names the task as its predecessor (plan health: its open ends).
        self.followed = bytearray(self.n)

    def project_start(self) -> date | None:
        """Project Start, else the earliest Start No Earlier Than, else the earliest Actual
        Start; None when there is none of them (the scheduler then starts on the status
        date, and says so)."""
        return (
            self.plan.settings.project_start
            or self.earliest_constraint
            or self.earliest_actual_start
        )

    # -- the plan as integer lists -----------------------------------------------------------

    def read_tasks(self) -> None:
        """Every list the passes need, a column at a time.

        Each column is read in one comprehension (an attribute read there is one
        specialised instruction: 10,000 tasks in ~0.2 ms); Python loops then walk only the
        slots a column says need work: links, Start No Earlier Than, actual dates, rules.
        """
        tasks, n, calendar = self.tasks, self.n, self.calendar
        forecast = self.plan.settings.move_unfinished_work
        after_status = calendar.index_on_or_after_ordinal(self.status_date.toordinal() + 1)
        self.after_status = after_status if forecast else None
        self.blockers: dict[int, str] = {}
        repeated = self._read_ids()
        durations = [task.duration_days for task in tasks]
        links = [task.links for task in tasks]
        snets = [task.start_no_earlier_than for task in tasks]
        actual_starts = [task.actual_start for task in tasks]
        dated = [task.actual_start is not None or task.actual_finish is not None for task in tasks]
        rules = [
            task.constraint is not None or task.fixed_dates or task.leveling_delay is not None
            for task in tasks
        ]
        self.done = done = done_flags(tasks)  # the one "is done" rule (`Task.is_done`)
        for slot in repeated:  # a repeated id's later rows are read as empty rows
            durations[slot], links[slot], snets[slot], actual_starts[slot] = 0, (), None, None
            rules[slot] = dated[slot] = False
        self._read_durations(durations)
        # How the passes treat a task: PLAIN (logic only), COMPLETED (actual dates, done:
        # copied through both passes) or SPECIAL (anything else: the exact, slow path).
        self.special = special = bytearray(n)
        for slot in compress(range(n), done):
            special[slot] = SPECIAL
        # The earliest start from Start No Earlier Than and the forecast; the project
        # start, known only after this pass, is applied by the forward pass.
        self.floor = [after_status if forecast else FAR_BEFORE] * n
        self.finish_floor = [FAR_BEFORE] * n  # forecast: work left after status
        if forecast:
            self._read_progress(actual_starts)
        self._read_start_no_earlier_than(snets)
        self.deadlines = [
            (slot, task.deadline) for slot, task in enumerate(tasks) if task.deadline is not None
        ]
        if repeated:
            for slot in repeated:
                special[slot], self.floor[slot], self.finish_floor[slot] = 0, FAR_BEFORE, FAR_BEFORE
            self.deadlines = [(slot, day) for slot, day in self.deadlines if slot not in repeated]
        # 1: a milestone whose date a finish sets (an FS or FF link binds), shown a day
        # early, at the end of that day; 0: one at the start of its day. The forward pass
        # decides it; until then (and for one pinned by an actual date) it says whether
        # the milestone follows a finish at all.
        self.shift = [0] * n
        self.early = [0] * (2 * n)  # early start of slot i at i, early finish at n + i
        self.fixed = bytearray(n)  # an actual date pins the start
        self.pinned_finish = bytearray(n)
        # Sparse tables of the slow path, by slot.
        self.elapsed_in: dict[int, list[Elapsed]] = {}
        self.remaining: dict[int, int] = {}  # started, unfinished: working days still to do
        self.started: dict[int, tuple[int, int]] = {}  # and [S, F) as its actual start says
        self.constraints: dict[int, Constraint] = {}  # hard and finish constraints
        self.pinned_start: dict[int, int] = {}  # fixed dates: the start it sits on
        self.delays: dict[int, Delay] = {}  # leveling delays
        self.late_scheduled: list[int] = []  # As Late As Possible
        elapsed = self._read_links(links)
        if elapsed:
            self._add_elapsed(elapsed)
        self._add_actuals(compress(range(n), dated))
        self.earliest_actual_start = min(filter(None, actual_starts), default=None)
        for slot, source, _ in elapsed:
            # Read after the row's actual dates when it comes from a later row (Microsoft
            # Project's order; the two kinds of a pinned, done task schedule alike).
            if source > slot and (not self.fixed[slot] or self.duration[slot]):
                special[slot] = SPECIAL
        for slot in compress(range(n), rules):
            if not done[slot] and slot not in self.blockers:
                self._add_rules(slot, tasks[slot])

    def _read_ids(self) -> set[int]:
        """Each id's slot (`position`; a repeated id keeps its first row: validation
        reports repeats) and the later rows of repeated ids, blocked."""
        n = self.n
        self.ids = ids = [task.id for task in self.tasks]
        # Built in C; only when ids repeat (fewer keys than rows) is it built again in a
        # loop, so that each id keeps its first row.
        self.position = position = dict(zip(ids, range(n), strict=True))
        if len(position) == n:
            return set()
        self.position = position = {}
        repeated = set()
        for slot, task_id in enumerate(ids):
            if position.setdefault(task_id, slot) != slot:
                self.blockers[slot] = "repeated"
                repeated.add(slot)
        return repeated

    def _read_durations(self, durations: list[int | None]) -> None:
        """`duration` by slot; a task without a readable one is blocked (and counts 0),
        unless it is done and its actual dates give it (`duration_from_actuals`). A done
        milestone whose Actual Start and Actual Finish are working days apart took those
        days: it is scheduled on them like any done task, whatever its Duration of 0 says
        (as Microsoft Project takes a completed task's duration from its actuals)."""
        tasks, calendar = self.tasks, self.calendar
        # blank or 0 (milestones: few of a plan)
        for slot in list(compress(range(len(durations)), map(not_, durations))):
            typed, task = durations[slot], tasks[slot]
            if typed is not None and (task.actual_start is None or task.actual_finish is None):
                continue  # a milestone without both actual dates: its actuals give no days
            days = duration_from_actuals(task, calendar)
            if typed is None or (days is not None and days > 1):
                durations[slot] = days
        try:
            sound = min(cast(list[int], durations), default=0) >= 0
        except TypeError:  # None among them
            sound = False
        if sound:
            self.duration = cast(list[int], durations)
            return
        blockers = self.blockers
        for slot, days in enumerate(durations):
            if days is None or days < 0:
                blockers.setdefault(slot, "duration")
        self.duration = [0 if days is None or days < 0 else days for days in durations]

    def _read_progress(self, actual_starts: list[date | None]) -> None:
        """The forecast: a task not started waits for the status date; a started one
        with no actual dates has its remaining work after it."""
        tasks, floor, done, duration = self.tasks, self.floor, self.done, self.duration
        after_status = self.after_status
        assert after_status is not None
        started = [
            is_done or start is not None or task.percent_complete > 0
            for is_done, start, task in zip(done, actual_starts, tasks, strict=True)
        ]
        for slot in compress(range(self.n), started):
            floor[slot] = FAR_BEFORE
            # Started by its % Complete alone: no actual dates (an actual finish means done).
            if not done[slot] and actual_starts[slot] is None:
                remaining = remaining_days(tasks[slot], duration[slot])
                self.finish_floor[slot] = after_status + remaining
                self.special[slot] = SPECIAL

    def _read_start_no_earlier_than(self, snets: list[date | None]) -> None:
        """Start No Earlier Than raises the floor; one before the project start is placed
        on its date (Microsoft Project does), not held at the project start."""
        floor, special = self.floor, self.special
        project_start = self.plan.settings.project_start
        index_on_or_after = self.calendar.on_or_after  # remembered per date
        self.unclamped: set[int] = set()  # not held at the project start (SNET, FNET)
        for slot in compress(range(self.n), snets):
            snet = snets[slot]
            assert snet is not None
            start = index_on_or_after(snet)
            floor[slot] = max(floor[slot], start)  # over the forecast's floor
            if project_start is not None and snet < project_start:
                self.unclamped.add(slot)
                special[slot] = SPECIAL
        self.earliest_constraint = min(filter(None, snets), default=None)

    def _read_links(self, links: list[tuple[Link, ...]]) -> list[tuple[int, int, Link]]:
        """Each link into a task as a (source slot, offset) pair (see the module docstring);
        the elapsed ones are returned, in row order, for `_add_elapsed`.

        Every row has its slot already, so a link to a later row is read like any other;
        it only means the rows need sorting (`in_row_order`). Link types are compared by
        identity: hashing an enum member runs Python code, and this loop sees every link.
        """
        n, duration, shift, blockers = self.n, self.duration, self.shift, self.blockers
        get = self.position.get
        self.broken_links = broken = []
        self.followed = followed = bytearray(n)
        empty: list[tuple[int, int]] = []
        self.incoming = incoming = [empty] * n
        elapsed: list[tuple[int, int, Link]] = []
        in_row_order = True
        fs, ss, ff = LinkType.FS, LinkType.SS, LinkType.FF
        for slot in compress(range(n), links):
            days = duration[slot]
            pairs = incoming[slot] = []
            for link in links[slot]:
                source = get(link.predecessor)
                if source is None or source == slot:  # no such task, or itself
                    blockers.setdefault(slot, "predecessors")
                    broken.append(slot)
                    if source is not None:
                        followed[slot] = 1
                    in_row_order = in_row_order and source is not None
                    continue
                followed[source] = 1
                if source > slot:
                    in_row_order = False
                if link.elapsed:
                    elapsed.append((slot, source, link))
                    continue
                # S ≥ early[source] + offset: from a finish (n + source) or a start, and
                # a link to a finish takes the successor's duration off.
                kind = link.type
                if kind is fs:  # most links
                    pairs.append((source + n, link.lag_days))
                    if not days:
                        shift[slot] = 1
                elif kind is ss:
                    pairs.append((source, link.lag_days))
                elif kind is ff:
                    pairs.append((source + n, link.lag_days - days))
                    if not days:
                        shift[slot] = 1
                else:  # SF
                    pairs.append((source, link.lag_days - days))
        self.in_row_order = in_row_order
        return elapsed

    def _add_elapsed(self, elapsed: list[tuple[int, int, Link]]) -> None:
        """Links with elapsed lags (calendar days), kept apart for the exact path: those
        to earlier rows first, as a row-by-row reading meets them."""
        duration, shift, special = self.duration, self.shift, self.special
        fs, ff, sf = LinkType.FS, LinkType.FF, LinkType.SF
        elapsed_in = self.elapsed_in
        for slot, source, link in sorted(elapsed, key=lambda item: item[1] > item[0]):
            kind = link.type
            from_finish = kind is fs or kind is ff
            if from_finish and not duration[slot]:
                shift[slot] = 1
            to_finish = kind is ff or kind is sf
            elapsed_in.setdefault(slot, []).append((source, from_finish, to_finish, link.lag_days))
            special[slot] = SPECIAL

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

    def _add_actuals(self, slots: Iterable[int]) -> None:
        """Pin tasks with actual dates: [S, F) as they say (a milestone with one is pinned
        whole); in a forecast, a started task's unfinished work moves past the status date.

        The dates are the memo's dict lookups (`WorkCalendar.on_or_after`), inlined: a
        third of the tasks of a plan in progress come here.
        """
        n, duration, done, tasks = self.n, self.duration, self.done, self.tasks
        early, shift, special = self.early, self.shift, self.special
        fixed, pinned_finish = self.fixed, self.pinned_finish
        remaining, started = self.remaining, self.started
        index = self.calendar.on_or_after
        after_status = self.after_status
        for slot in slots:
            task, days, is_done = tasks[slot], duration[slot], done[slot]
            start_day, finish_day = task.actual_start, task.actual_finish
            fixed[slot] = 1
            pinned = pinned_finish[slot] = finish_day is not None or not days
            special[slot] = COMPLETED if pinned and is_done else SPECIAL
            if not days:  # a milestone is reached once: at its actual finish, else its start
                reached = finish_day or start_day
                assert reached is not None
                early[slot] = early[slot + n] = index(reached) + shift[slot]
                continue
            start = 0 if start_day is None else index(start_day)
            if finish_day is not None:
                finish = index(finish_day) + 1
                if start_day is None:
                    start = finish - days
                early[slot] = start
                # A finish before the start is a validation error; keep the task a task long.
                early[slot + n] = finish if finish > start else start + 1
                continue
            finish = start + days
            if not is_done:
                days_left = remaining[slot] = remaining_days(task, days)
                if after_status is not None and after_status + days_left > finish:
                    finish = after_status + days_left
                started[slot] = (start, finish)
            early[slot], early[slot + n] = start, finish


def remaining_days(task: Task, duration: int) -> int:
    """Duration × (1 − % complete), rounded up (a hair of float noise is not a day)."""
    remaining = duration * (1.0 - min(max(task.percent_complete, 0.0), 1.0))
    return max(0, math.ceil(remaining - 1e-9))
