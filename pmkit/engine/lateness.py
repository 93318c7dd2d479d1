"""Where lateness comes from: the late predecessor a task's slip is passed on from, and the
chain of tasks that drives a missed deadline.

A task that has not started takes its dates from its predecessors, so its slip is its
cause's when a late, unfinished predecessor with no more total float drives it
(`slip_cause`); a missed deadline is driven by the chain of unfinished predecessors whose
float is as negative as its own (`driving_chain`). The grouping of findings and the status
paragraph's "mainly because" both follow these; the grouping follows every missed
deadline's chain in one go (`ChainWalker`: later walks reuse earlier ones). A late task
that has not started waits for the late predecessor forecast to finish last
(`late_predecessor`), and so on up the chain: it waits on the late task where that
lateness begins (`waiting_on`); one analysis answers that once for everyone who asks
(`Waits`).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from typing import TYPE_CHECKING, Any, overload

from pmkit.engine.days import TaskDays
from pmkit.engine.model import LinkType, Plan, Task, started

if TYPE_CHECKING:
    from pmkit.engine.results import TaskResult

__all__ = [
    "ChainWalker",
    "DrivingChain",
    "RowColumn",
    "Waits",
    "driving_chain",
    "driving_chains",
    "follow_chain",
    "late_predecessor",
    "main_driver",
    "slip_cause",
    "task_slots",
    "waiting_on",
]


def task_slots(plan: Plan) -> dict[str, int]:
    """Task id → its slot in `plan.tasks` (the first row of a repeated id)."""
    slots: dict[str, int] = {}
    for slot, task in enumerate(plan.tasks):
        slots.setdefault(task.id, slot)
    return slots


def slip_cause(  # noqa: PLR0917 (the task, and the figures it is judged by)
    slot: int,
    tasks: Sequence[Task],
    slips: Sequence[int | None],
    floats: Sequence[int | None],
    slot_of_id: Mapping[str, int],
    late: Container[int] | None = None,
) -> int | None:
    """The late predecessor a task's slip comes from (rule 3 of the module docstring).

    Only a task that has not started takes its dates from its predecessors; the cause is
    the unfinished predecessor with the most slip, at least the task's own, and no more
    total float (a predecessor with more float than its successor does not drive it).
    `slips` and `floats` are each task's slip and total float, by slot. `late`, when
    given, holds the slots that may be a cause (the unfinished slipping tasks): it saves
    asking each predecessor whether it is done.
    """
    task = tasks[slot]
    slip, total_float = slips[slot], floats[slot]
    if (
        slip is None
        or total_float is None
        or task.actual_start is not None
        or task.percent_complete > 0
        or (late is None and task.is_done)  # a slipping task (in `late`) is unfinished
    ):
        return None
    best: int | None = None
    best_slip = slip - 1
    for link in task.links:
        source = slot_of_id.get(link.predecessor)
        if source is None or source == slot:
            continue
        if late is not None and source not in late:
            continue
        their_slip, their_float = slips[source], floats[source]
        if (
            their_slip is not None
            and their_slip > best_slip
            and their_float is not None
            and their_float <= total_float
            and (late is not None or not tasks[source].is_done)
        ):
            best, best_slip = source, their_slip
    return best


_FS, _SS = LinkType.FS, LinkType.SS  # read once: an enum member's lookup runs Python code


def late_predecessor(
    slot: int,
    tasks: Sequence[Task],
    late: Container[int],
    finishes: Sequence[Any],
    slot_of_id: Mapping[str, int],
    *,
    done: Sequence[bool],
) -> int | None:
    """The late predecessor that keeps a task that has not started from starting, or None:
    one step of `waiting_on`.

    A task that has not started cannot start while a finish-to-start predecessor is
    unfinished, or a start-to-start one has not started (a lead, a negative lag, may let
    it: those links are not counted). Of those predecessors that are late themselves
    (`late`: the slots of the unfinished tasks that are overdue or slipping), the one
    forecast to finish last (`finishes`, by slot; the first link on a tie) is the one it
    waits for. `done` is each task's `Task.is_done`, by slot (`TaskDays.done`).
    """
    task = tasks[slot]
    if started(task, done[slot]):
        return None
    best: int | None = None
    best_finish: Any = None
    for link in task.links:
        source = slot_of_id.get(link.predecessor)
        if source is None or source == slot or source not in late or link.lag_days < 0:
            continue
        kind = link.type
        if kind is not _FS and (kind is not _SS or started(tasks[source], done[source])):
            continue
        finish = finishes[source]
        if best is None or (finish is not None and (best_finish is None or finish > best_finish)):
            best, best_finish = source, finish
    return best


def waiting_on(
    slot: int,
    tasks: Sequence[Task],
    late: Container[int],
    finishes: Sequence[Any],
    slot_of_id: Mapping[str, int],
    *,
    done: Sequence[bool],
) -> int | None:
    """The late task where the lateness a task that has not started waits on begins, or
    None: its owner, not the task's, can move it.

    From the task, step to the late predecessor it waits for (`late_predecessor`) while
    that one waits for another: a task late only because the late tasks before it are
    late is not where the lateness starts; the first late task up the chain (started, or
    waiting for no late task) is. A chain that comes round to a task it passed (a loop
    of links, left unscheduled) has no such task: the answer is then the first step.
    This is the rule walked plainly, one task at a time; an analysis asks `Waits`, which
    shares the walks, and the tests hold it to this.
    """
    first = late_predecessor(slot, tasks, late, finishes, slot_of_id, done=done)
    current = first
    seen = {slot}
    while current is not None:
        seen.add(current)
        after = late_predecessor(current, tasks, late, finishes, slot_of_id, done=done)
        if after is None:
            return current
        if after in seen:
            return first
        current = after
    return None


class Waits:
    """What each task of one analysis waits on (`waiting_on`): the task's slot → the slot of
    the late task where its lateness begins, or None.

    The grouping of findings, their words, the This-week actions and each owner's week all
    read the one `Waits` of an analysis (`ProgressScan.waits`), so they name the same task.
    Each answer is worked out when first asked, then kept, with the answers of the tasks
    its walk passed: a later walk that reaches one of them stops there, so all the answers
    of a plan take time about linear in it. `late` (giving the slots of the late tasks) is
    called once, on the first question. `finishes` are the forecast finishes by slot,
    `slot_of_id` the links' task id → slot, `done` each task's `Task.is_done` by slot.
    """

    __slots__ = (
        "_done",
        "_finishes",
        "_late",
        "_late_of",
        "_looping",
        "_slot_of_id",
        "_starts",
        "_steps",
        "_tasks",
    )

    def __init__(
        self,
        tasks: Sequence[Task],
        finishes: Sequence[Any],
        slot_of_id: Mapping[str, int],
        late: Callable[[], Container[int]],
        done: Sequence[bool],
    ) -> None:
        self._tasks, self._finishes, self._slot_of_id = tasks, finishes, slot_of_id
        self._late_of, self._done = late, done
        self._late: Container[int] | None = None
        self._steps: dict[int, int | None] = {}  # slot → its `late_predecessor`
        # slot → where the lateness begins walking from it (itself when it waits for none)
        self._starts: dict[int, int] = {}
        self._looping: set[int] = set()  # slots whose walk comes round a loop

    def get(self, slot: int) -> int | None:
        """The slot of the late task the task in `slot` waits on, or None."""
        first = self._step(slot)
        if first is None:
            return None
        if slot not in self._starts and slot not in self._looping:
            self._walk(slot)
        return first if slot in self._looping else self._starts[first]

    def _step(self, slot: int) -> int | None:
        steps = self._steps
        if slot in steps:
            return steps[slot]
        late = self._late
        if late is None:
            late = self._late = self._late_of()
        held = steps[slot] = late_predecessor(
            slot, self._tasks, late, self._finishes, self._slot_of_id, done=self._done
        )
        return held

    def _walk(self, slot: int) -> None:
        """Walk from `slot` until a task whose answer is known, one that waits for none, or
        a task already on the walk (a loop); every task passed gets its answer."""
        starts, looping = self._starts, self._looping
        path: list[int] = []
        on_path: set[int] = set()
        current: int | None = slot
        begins: int | None = None  # where the lateness begins; None: round a loop
        while True:
            assert current is not None
            if current in starts:
                begins = starts[current]
                break
            if current in looping or current in on_path:
                break
            path.append(current)
            on_path.add(current)
            after = self._step(current)
            if after is None:
                begins = current
                break
            current = after
        if begins is None:
            looping.update(path)
        else:
            for passed in path:
                starts[passed] = begins


def driving_chain(
    slot: int,
    tasks: Sequence[Task],
    floats: Sequence[int | None],
    slot_of_id: Mapping[str, int],
) -> list[int]:
    """The unfinished tasks that drive a missed deadline, first to last, ending at it.

    Walks back from the deadline's task through the unfinished predecessor with the least
    total float (`floats`, by slot) while that float is as negative as the deadline's own:
    the chain that must gain the days. This is the rule walked plainly, one deadline at a
    time; pmkit finds the chains of many deadlines together (`driving_chains`,
    `ChainWalker`), and the tests hold those to this.
    """
    return follow_chain(slot, _least_before(tasks, floats, slot_of_id), floats)


def driving_chains(
    deadlines: Sequence[int],
    tasks: Sequence[Task],
    floats: Sequence[int | None],
    slot_of_id: Mapping[str, int],
) -> dict[int, Sequence[int]]:
    """`driving_chain` of each of `deadlines`, in time about linear in the plan (a deadline
    on every task of a long chain would otherwise walk it again for each): each task's
    predecessor with the least float is found once, then the walks share their steps
    (`ChainWalker`, asked in order of float)."""
    least = _least_before(tasks, floats, slot_of_id)
    walker = ChainWalker(floats)
    known: set[int] = set()
    for slot in deadlines:  # every task a walk can reach gets its entry before any walk
        current: int | None = slot
        while current is not None and current not in known:
            known.add(current)
            after = least(current)
            if after is not None:
                walker.least[current] = after
            current = after
    order = sorted(set(deadlines), key=lambda slot: (floats[slot] is None, floats[slot] or 0))
    return {slot: walker.chain(slot) for slot in order}


def _least_before(
    tasks: Sequence[Task], floats: Sequence[int | None], slot_of_id: Mapping[str, int]
) -> Callable[[int], int | None]:
    """A slot's unfinished predecessor with the least negative float (the first such link
    on a tie), or None."""

    def least(current: int) -> int | None:
        best, best_float = None, 0
        for link in tasks[current].links:
            source = slot_of_id.get(link.predecessor)
            if source is None or source == current or tasks[source].is_done:
                continue
            their_float = floats[source]
            if their_float is not None and their_float < best_float:
                best, best_float = source, their_float
        return best

    return least


def follow_chain(
    deadline: int, least: Callable[[int], int | None], floats: Sequence[int | None]
) -> list[int]:
    """Follow `least` (a slot's predecessor with the least negative float) back from a
    deadline while the float (`floats`, by slot) is as negative as the deadline's own."""
    limit = floats[deadline]
    chain = [deadline]
    current = deadline
    seen = {deadline}
    while limit is not None and (before := least(current)) is not None and before not in seen:
        their_float = floats[before]
        if their_float is None or their_float > limit:
            break
        chain.append(before)
        seen.add(before)
        current = before
    chain.reverse()
    return chain


class DrivingChain(Sequence[int]):
    """A missed deadline's driving chain, first to last (`follow_chain`'s list): its
    length and its three farthest and three nearest slots are kept, the rest walked back
    from the deadline along `least` (a slot's predecessor with the least float, which
    never changes once known) when read.
    """

    __slots__ = ("_deadline", "_farthest", "_least", "_length", "_nearest")

    def __init__(
        self, deadline: int, length: int, farthest: Sequence[int], least: Mapping[int, int]
    ) -> None:
        self._deadline, self._length, self._least = deadline, length, least
        self._farthest = farthest  # the walk's last (up to) three slots, the farthest last
        nearest = [deadline]  # the deadline and (up to) the two before it, nearest first
        while len(nearest) < min(length, 3):
            nearest.append(least[nearest[-1]])
        self._nearest = nearest

    @overload
    def __getitem__(self, at: int) -> int: ...
    @overload
    def __getitem__(self, at: slice) -> list[int]: ...
    def __getitem__(self, at: int | slice) -> int | list[int]:
        length = self._length
        if isinstance(at, slice):
            return [self._at(index) for index in range(*at.indices(length))]
        index = at + length if at < 0 else at
        if not 0 <= index < length:
            raise IndexError(at)
        return self._at(index)

    def _at(self, index: int) -> int:
        back = self._length - 1 - index  # steps back from the deadline
        if back < len(self._nearest):
            return self._nearest[back]
        if index < len(self._farthest):
            return self._farthest[-1 - index]
        slot, least = self._nearest[-1], self._least
        for _ in range(back - len(self._nearest) + 1):
            slot = least[slot]
        return slot

    def __len__(self) -> int:
        return self._length


class ChainWalker:
    """The driving chain of each missed deadline (`follow_chain`), for deadlines taken in
    order of their float while `least` grows, in time about linear in the plan.

    `least` (slot → its predecessor with the least negative float) only gains entries, and
    each deadline's limit (its float) is at least the one before, so a step of the walk
    allowed once is allowed from then on: each slot keeps a jump to the farthest slot its
    walk reached (with the steps it took and the last three slots on the way), and a later
    walk through it jumps there and goes on from it (the jumps shortened on the way back,
    as in a union–find). A walk that comes round to a slot again (a loop of `least`) is
    walked step by step, as `follow_chain` walks it.
    """

    __slots__ = ("_jump", "floats", "least")

    def __init__(self, floats: Sequence[int | None]) -> None:
        self.floats = floats
        self.least: dict[int, int] = {}
        # slot → (the farthest slot its walk reached, its steps, the walk's last three slots)
        self._jump: dict[int, tuple[int, int, tuple[int, ...]]] = {}

    def chain(self, deadline: int) -> Sequence[int]:
        """The chain that drives `deadline`, as `follow_chain(deadline, least.get, floats)`
        would find it now: deadlines must be asked in order of their float."""
        floats, least, jump = self.floats, self.least, self._jump
        limit = floats[deadline]
        if limit is None:
            return [deadline]
        passed: list[int] = []  # the slots stepped or jumped from, in order
        current = deadline
        after: int | None
        for _ in range(len(least) + 1):  # (without a loop, at most one step from each slot)
            found = jump.get(current)
            if found is not None:
                after = found[0]
            else:
                after = least.get(current)
                if after is None or (their := floats[after]) is None or their > limit:
                    break
            passed.append(current)
            current = after
        else:  # more steps than slots that have one: round a loop, where the repeat ends it
            return follow_chain(deadline, least.get, floats)
        steps = 0
        last: tuple[int, ...] = ()  # the last three slots of the walk from `slot` on
        landing = current  # where the step or jump from `slot` lands
        for slot in reversed(passed):  # every jump on the way now reaches `current`
            found = jump.get(slot)
            own, own_last = (1, (slot, landing)) if found is None else found[1:]
            if steps == 0:
                last = own_last
            elif steps == 1:
                last = (*own_last, *last[1:])[-3:]
            steps += own
            jump[slot] = (current, steps, last)
            landing = slot
        return DrivingChain(deadline, steps + 1, last or (deadline,), least)


def main_driver(
    plan: Plan,
    days: TaskDays,
    finish: int | None,
    critical_path: Sequence[str],
    slots: Mapping[str, int],
) -> int | None:
    """Why the project is late, as the slot of the task it comes from: from the critical
    task that finishes last (`finish`, the project's, as a working-day index; the most
    behind of those), follow the lateness back to the task it comes from (`slip_cause`).
    Without one, the critical task slipping most, else any task slipping most."""
    tasks, slips, floats = plan.tasks, days.slip, days.total_float
    finishes = days.forecast_finish
    last: int | None = None
    last_slip = 0
    for task_id in critical_path:
        slot = slots.get(task_id)
        if slot is None:
            continue
        slip = slips[slot]
        if finishes[slot] != finish or slip is None or slip <= 0:
            continue
        if last is None or slip > last_slip:
            last, last_slip = slot, slip
    if last is not None:
        seen = {last}
        while (
            cause := slip_cause(last, tasks, slips, floats, slots)
        ) is not None and cause not in seen:
            seen.add(cause)
            last = cause
        return last
    best: int | None = None
    best_critical, best_slip = False, 0
    for slot, (slip, critical) in enumerate(zip(slips, days.critical, strict=True)):
        if slip is None or slip <= 0:
            continue
        # (critical, slip) greater than the best so far, compared without building tuples
        if (
            best is None
            or critical > best_critical
            or (critical == best_critical and slip > best_slip)
        ):
            best, best_critical, best_slip = slot, critical, slip
    return best


class RowColumn(Sequence[Any]):
    """One field of each task row, by slot, read when asked: the `slips` or `floats` of the
    functions above from rows (a `TaskTable` makes each row when it is first read)."""

    __slots__ = ("_name", "_rows")

    def __init__(self, rows: Sequence[TaskResult], name: str) -> None:
        self._rows, self._name = rows, name

    @overload
    def __getitem__(self, slot: int) -> Any: ...
    @overload
    def __getitem__(self, slot: slice) -> Sequence[Any]: ...
    def __getitem__(self, slot: int | slice) -> Any:
        if isinstance(slot, slice):
            return [getattr(row, self._name) for row in self._rows[slot]]
        return getattr(self._rows[slot], self._name)

    def __len__(self) -> int:
        return len(self._rows)
