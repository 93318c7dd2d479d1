"""The scheduler's exact, slow path: one pass step for a task that is not plain.

A plain task needs only its links and its floor, and the passes in `scheduling.py` do it
inline. Everything else comes here, one task at a time:

* progress: a task with actual dates keeps them. A task started out of sequence (its
  FS predecessor unfinished) keeps its actual start, and its remaining work moves after
  the predecessor, as Microsoft Project splits an in-progress task; its predecessors are
  bound by that remaining work, never by the actual start;
* elapsed lags: calendar days from the link's instant, then the next working time;
* constraints, as Microsoft Project honours them: Must Start / Finish On place the task
  on its date whatever its links say (float goes negative instead); Start / Finish No
  Later Than cap the start and the late finish; Finish No Earlier Than raises the finish;
  a Start or Finish No Earlier Than is not held at the project start;
* fixed dates (a manually scheduled task): the task sits on its start; its links still
  drive its successors and bound its late dates;
* a leveling delay: calendar or working days added to the start the task could have;
* milestones: where a milestone sits in its day (see `_forward_milestone`).
"""

from __future__ import annotations

from pmkit.engine.errors import ArgumentError
from pmkit.engine.model import ConstraintType, Delay, LinkType
from pmkit.engine.task_network import FAR_AFTER, FAR_BEFORE, Constraint
from pmkit.engine.task_order import TaskOrder

__all__ = ["ExactSteps"]

_MSO = ConstraintType.MUST_START_ON
_MFO = ConstraintType.MUST_FINISH_ON
_SNLT = ConstraintType.START_NO_LATER_THAN
_FNLT = ConstraintType.FINISH_NO_LATER_THAN
_FNET = ConstraintType.FINISH_NO_EARLIER_THAN


class ExactSteps(TaskOrder):
    """The forward and backward steps of special tasks (see the module docstring)."""

    start_index: int
    late: list[int]
    slack: list[int]
    placed_late: set[int]
    deadline_caps: dict[int, int]

    # -- forward ----------------------------------------------------------------------------

    def _start_floor(self, slot: int) -> int:
        """The earliest start before links: Start No Earlier Than, the forecast, and the
        project start unless a No Earlier Than constraint says otherwise."""
        floor = self.floor[slot]
        return floor if slot in self.unclamped else max(floor, self.start_index)

    def _forward_special(self, slot: int) -> None:
        """The forward step of a task that is not plain."""
        n, early, days = self.n, self.early, self.duration[slot]
        if self.fixed[slot]:  # actual dates: set when read; unfinished work may move
            if slot in self.remaining:
                self._forward_started(slot)
            return
        if slot in self.placed_late:
            return  # As Late As Possible, already on its late dates
        pinned = self.pinned_start.get(slot)
        if pinned is not None:
            early[slot], early[slot + n] = pinned, pinned + days
            self.shift[slot] = 0  # a fixed milestone sits at the start of its day
            return
        if days == 0:
            self._forward_milestone(slot)
            return
        start = self._start_floor(slot)
        for source, offset in self.incoming[slot]:
            start = max(start, early[source] + offset)
        if slot in self.elapsed_in:
            try:
                start = max(start, self._elapsed_earliest_start(slot))
            except ArgumentError:  # a predecessor already ends past the calendar's last day
                start = FAR_AFTER
        delay = self.delays.get(slot)
        if delay is not None:
            start = self._delayed(start, delay)
        constraint = self.constraints.get(slot)
        if constraint is not None:
            start = _constrained_start(constraint, start, days)
        early[slot] = start
        early[slot + n] = max(start + days, self.finish_floor[slot])

    def _forward_started(self, slot: int) -> None:
        """A started, unfinished task: its actual start stays; its remaining work comes
        after its FS predecessors, and its finish after its FF and SF ones."""
        n, early, position = self.n, self.early, self.position
        task = self.tasks[slot]
        start, finish = self.started[slot]
        resume = end = FAR_BEFORE
        for link in task.links:
            if link.elapsed:
                continue
            source, kind, lag = position[link.predecessor], link.type, link.lag_days
            if kind is LinkType.FS:
                resume = max(resume, early[source + n] + lag)
            elif kind is LinkType.FF:
                end = max(end, early[source + n] + lag)
            elif kind is LinkType.SF:
                end = max(end, early[source] + lag)
        after = self.calendar.index_on_or_after_ordinal
        for source, from_finish, to_finish, lag in self.elapsed_in.get(slot, ()):
            if not from_finish and not to_finish:
                continue  # start-to-start: the start has happened
            boundary = early[source + n] if from_finish else early[source]
            bound = after(self._instant(source, boundary, from_finish) + lag)
            if to_finish:
                end = max(end, bound)
            else:
                resume = max(resume, bound)
        early[slot] = start
        early[slot + n] = max(finish, resume + self.remaining[slot], end)

    # -- milestones: the end of one day or the start of the next ---------------------------
    #
    # A milestone at index S sits either at the end of day S−1 (a finish placed it: it is
    # shown on S−1) or at the start of day S (shown on S). They are one working instant,
    # so no link or float tells them apart; the calendar does (elapsed lags, the day
    # shown). A milestone takes the latest instant its bounds allow, so a tie goes to the
    # start of the day: a Start No Earlier Than on Monday beats a Friday finish, as in
    # Microsoft Project. A bound is a key, 2·S + 1 for the start of day S and 2·S for the
    # end of day S−1, ordered as the instants are.

    def _forward_milestone(self, slot: int) -> None:
        """The forward step of a milestone: its key, hence its index and its shift."""
        n, early = self.n, self.early
        try:
            key = self._milestone_key(slot)
        except ArgumentError:  # a predecessor already ends past the calendar's last day
            key = 2 * FAR_AFTER + 1
        delay = self.delays.get(slot)
        if delay is not None:  # working days keep the time of day; calendar days may not
            if not delay.elapsed:
                key += 2 * delay.days
            else:
                start, end = key >> 1, not key & 1
                ordinal_at = self.calendar.ordinal_at
                ordinal = ordinal_at(start - 1) + 1 if end else ordinal_at(start)
                key = self._lagged_key(ordinal + delay.days, end)
        constraint = self.constraints.get(slot)
        if constraint is not None:
            key = _constrained_key(constraint, key)
        start = key >> 1
        self.shift[slot] = 1 - (key & 1)
        early[slot] = start
        early[slot + n] = max(start, self.finish_floor[slot])

    def _milestone_key(self, slot: int) -> int:
        """Where a milestone's floor and links place it, as a key (its constraint aside).

        The floor (project start, Start No Earlier Than, the forecast) is the start of a
        day; a link brings the instant it starts from: a task's finish is the end of a
        day, its start the start of one, a milestone's either side where it sits.
        """
        n, early = self.n, self.early
        key = 2 * self._start_floor(slot) + 1
        for source, offset in self.incoming[slot]:
            finish_side = source >= n
            end = self._end_form(source - n if finish_side else source, finish_side)
            bound = 2 * (early[source] + offset) + (0 if end else 1)
            key = max(key, bound)
        for source, from_finish, _, lag in self.elapsed_in.get(slot, ()):
            boundary = early[source + n] if from_finish else early[source]
            instant = self._instant(source, boundary, from_finish) + lag
            key = max(key, self._lagged_key(instant, self._end_form(source, from_finish)))
        return key

    def _lagged_key(self, instant: int, end: bool) -> int:
        """Where a milestone sits at `instant` (an ordinal, as `_instant` gives) after a lag
        in calendar days: the end of a day stays one if that day works, else it moves to
        the next working time, the start of a day (Fri 17:00 + 1 day is Mon 08:00)."""
        index = self.calendar.index_on_or_after_ordinal(instant)
        if end and self.calendar.ordinal_at(index - 1) == instant - 1:
            return 2 * index
        return 2 * index + 1

    def _end_form(self, slot: int, finish_side: bool) -> bool:
        """Whether a boundary of `slot` is the end of a day (a finish, or a milestone a
        finish placed) rather than the start of one."""
        return bool(self.shift[slot]) if self.duration[slot] == 0 else finish_side

    def _delayed(self, start: int, delay: Delay) -> int:
        """`start` moved on by a leveling delay (elapsed: from the beginning of that day).

        A task nothing holds yet (`FAR_BEFORE`: unlinked, placed by a No Earlier Than
        constraint alone) has no day to count calendar days from: the delay leaves it to
        the constraint, as a delay in working days does.
        """
        if not delay.elapsed:
            return start + delay.days
        if start == FAR_BEFORE:
            return start
        after = self.calendar.index_on_or_after_ordinal
        return after(self.calendar.ordinal_at(start) + delay.days)

    # -- backward ---------------------------------------------------------------------------

    def _backward_special(self, slot: int, finish: int) -> None:
        """The backward step of a task that is not plain; `finish` is its late finish as
        its successors, its deadline and its late start allow."""
        n, early, late = self.n, self.early, self.late
        if slot in self.remaining:
            self._backward_started(slot)
            return
        if self.pinned_finish[slot]:
            finish = early[slot + n]
        else:
            constraint = self.constraints.get(slot)
            if constraint is not None:
                days = self.duration[slot]
                if days == 0 and constraint[0].on_finish:  # the day shown, in its form
                    constraint = (constraint[0], constraint[1] - 1 + self.shift[slot])
                finish = _constrained_finish(constraint, finish, days)
                finish = min(finish, self.deadline_caps.get(slot, finish))
        span = early[slot + n] - early[slot]
        late[slot] = early[slot] if self.fixed[slot] else finish - span
        late[slot + n] = finish
        if self.done[slot]:
            return
        self._push_exact(slot)
        if slot in self.elapsed_in:
            self._push_elapsed(slot)

    def _backward_started(self, slot: int) -> None:
        """A started, unfinished task keeps its actual start as its late start; its
        predecessors are bound by its remaining work, never by that start."""
        n, early, late, slack, position = self.n, self.early, self.late, self.slack, self.position
        finish = late[slot + n]
        late[slot] = early[slot]
        remaining = self.remaining[slot]
        fs, ff, sf = LinkType.FS, LinkType.FF, LinkType.SF
        for link in self.tasks[slot].links:
            if link.elapsed:
                continue
            source, kind, lag = position[link.predecessor], link.type, link.lag_days
            if kind is fs:
                target, late_bound, early_bound = source + n, finish - remaining, -remaining
            elif kind is ff:
                target, late_bound, early_bound = source + n, finish, 0
            elif kind is sf:
                target, late_bound, early_bound = source, finish, 0
            else:
                continue  # start-to-start: the start has happened
            late[target] = min(late[target], late_bound - lag)
            room = early[slot + n] + early_bound - lag - early[target]
            slack[target] = min(slack[target], room)
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
        milestone that a finish placed. A start is the beginning of its day.
        """
        if self._end_form(slot, finish_side):
            return self.calendar.ordinal_at(boundary - 1) + 1
        return self.calendar.ordinal_at(boundary)

    def _latest_boundary(self, slot: int, instant: int, finish_side: bool) -> int:
        """The latest boundary of `slot` whose instant is not after `instant`."""
        after = self.calendar.index_on_or_after_ordinal
        if self._end_form(slot, finish_side):
            return after(instant)
        return after(instant + 1) - 1

    def _elapsed_earliest_start(self, slot: int) -> int:
        """The earliest start `slot`'s elapsed links allow (and its floor)."""
        n, early, after = self.n, self.early, self.calendar.index_on_or_after_ordinal
        best = self._start_floor(slot)
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
        remaining = self.remaining.get(slot)
        for source, from_finish, to_finish, lag in self.elapsed_in[slot]:
            if remaining is not None and not from_finish and not to_finish:
                continue  # a started task's start does not bind its predecessors
            side = slot + n if to_finish else slot
            target = source + n if from_finish else source
            for dates, bounds in ((late, late), (early, slack)):
                # The successor's boundary is the working time the forward pass moved the
                # lagged instant to: the beginning of that working day. A started task's
                # start side is where its remaining work begins.
                boundary = dates[side]
                if remaining is not None and not to_finish:
                    boundary = dates[slot + n] - remaining
                instant = self.calendar.ordinal_at(boundary) - lag
                bound = self._latest_boundary(source, instant, from_finish)
                if bounds is slack:
                    bound -= early[target]
                bounds[target] = min(bounds[target], bound)


def _constrained_start(constraint: Constraint, start: int, days: int) -> int:
    """The early start a constraint allows, given the start links and floors ask for.

    Microsoft Project honours constraints over links: a Must Start On task starts on its
    date even when a predecessor finishes later (its float goes negative instead).
    """
    kind, boundary = constraint
    if kind is _MSO:
        return boundary
    if kind is _MFO:
        return boundary - days
    if kind is _SNLT:
        return min(start, boundary)
    if kind is _FNLT:
        return min(start, boundary - days)
    if kind is _FNET:
        return max(start, boundary - days)
    return start


def _constrained_key(constraint: Constraint, key: int) -> int:
    """A milestone's key as its constraint allows (see `ExactSteps._forward_milestone`).

    A start constraint's date is the start of that day. A finish constraint's is the day
    the milestone is shown on, from its start to its end: Finish No Earlier Than places it
    at the start, Finish No Later Than holds it back to the end, Must Finish On keeps it
    within (a finish that ends that day keeps it at the end, without a conflict).
    """
    kind, boundary = constraint
    if kind is _MSO:
        return 2 * boundary + 1
    if kind is _SNLT:
        return min(key, 2 * boundary + 1)
    first, last = 2 * boundary - 1, 2 * boundary  # `boundary` is the index after the day
    if kind is _MFO:
        return min(max(key, first), last)
    if kind is _FNLT:
        return min(key, last)
    if kind is _FNET:
        return max(key, first)
    return key


def _constrained_finish(constraint: Constraint, finish: int, days: int) -> int:
    """The late finish a constraint allows, given what successors and deadlines allow."""
    kind, boundary = constraint
    if kind is _MSO:
        return boundary + days
    if kind is _MFO:
        return boundary
    if kind is _SNLT:
        return min(finish, boundary + days)
    if kind is _FNLT:
        return min(finish, boundary)
    return finish
