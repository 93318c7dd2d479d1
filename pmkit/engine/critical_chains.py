"""The critical path as the chains it really is: critical tasks joined by the links that
drive them.

`ProjectSummary.critical_path` lists the critical tasks by early start, which reads as a
chain but is a set: two critical tasks side by side in that list need not be linked at
all. Here a link joins two critical tasks only when it *drives* the later one — the
scheduled dates leave no room on it (the successor's start, or finish for FF and SF, is
exactly where the link puts it). Where the critical set is not one chain, there are
several: the first ends at the critical task that finishes last (it sets the finish);
each further chain is walked back from the latest remaining task that drives nothing
left to show, and may start right after, or lead into, a task of an earlier chain
(`after`, `then`) — every task once.

>>> from pmkit.engine.model import Link, Plan, Task
>>> from pmkit.engine.results import TaskResult
>>> def row(i, start, finish, float_days=0):
...     return TaskResult(i, i, 1, start, finish, start, finish, float_days, 0, True,
...                       start, finish, None, None)
>>> plan = Plan("p", (Task("1", "a", 1), Task("2", "b", 1, links=(Link("1"),)),
...                  Task("3", "c", 1)))
>>> d = date(2026, 6, 1)
>>> chains = critical_chains(plan, [row("1", d, d), row("2", d.replace(day=2),
...     d.replace(day=2)), row("3", d, d)])
>>> chains_text(chains)
'1 → 2; 3'
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pmkit.engine.model import Link, LinkType, Plan, Task
from pmkit.engine.results import TaskResult
from pmkit.engine.workdays import WorkCalendar

__all__ = ["CriticalChain", "chains_text", "critical_chains", "link_words"]


@dataclass(frozen=True, slots=True)
class CriticalChain:
    """Critical tasks in the order they run, each driven by the one before it.

    `after` is a task of an earlier chain that drives this chain's first task; `then`
    a task of an earlier chain that this chain's last task drives; `links[i]` is the link
    that drives `tasks[i]` (None for the first task unless `after` drives it).
    """

    tasks: tuple[str, ...]
    links: tuple[Link | None, ...]
    after: str | None = None
    then: str | None = None
    then_link: Link | None = None

    def ids(self) -> tuple[str, ...]:
        """Every task the chain shows, the neighbours of earlier chains included."""
        return (
            *((self.after,) if self.after else ()),
            *self.tasks,
            *((self.then,) if self.then else ()),
        )


def chains_text(chains: Sequence[CriticalChain]) -> str:
    """`15 → 18 → 23; 33 → 34`: each chain's ids, chains apart by `; ` ('' for none)."""
    return "; ".join(" → ".join(chain.ids()) for chain in chains)


def link_words(link: Link, before: str) -> str:
    """How `link` (from task `before`) holds its task, in words: `after 15 finishes`,
    `2 working days after 15 starts`, `finishes 1 working day before 33 finishes`."""
    days = abs(link.lag_days)
    unit = "calendar" if link.elapsed else "working"
    gap = f"{days} {unit} day{'' if days == 1 else 's'}"
    starts_or_finishes = {
        LinkType.FS: ("starts", "finishes"),
        LinkType.SS: ("starts", "starts"),
        LinkType.FF: ("finishes", "finishes"),
        LinkType.SF: ("finishes", "starts"),
    }[link.type]
    own, theirs = starts_or_finishes
    if not link.lag_days:
        return f"{own} when {before} {theirs}"
    side = "after" if link.lag_days > 0 else "before"
    return f"{own} {gap} {side} {before} {theirs}"


def critical_chains(
    plan: Plan, rows: Sequence[TaskResult], calendar: WorkCalendar | None = None
) -> tuple[CriticalChain, ...]:
    """The critical tasks of `rows` (the schedule of `plan`) as chains of driving links."""
    calendar = calendar or WorkCalendar.for_plan(plan)
    by_id = plan.task_by_id()
    critical = [r for r in rows if r.critical and r.early_start and r.early_finish]
    order = {r.id: n for n, r in enumerate(critical)}
    result = {r.id: r for r in critical}
    drivers: dict[str, list[tuple[str, Link]]] = {r.id: [] for r in critical}
    driven: dict[str, list[tuple[str, Link]]] = {r.id: [] for r in critical}
    for r in critical:
        task = by_id.get(r.id)
        if task is None or task.actual_start is not None or task.percent_complete > 0:
            continue  # a task under way started when it did: no link holds it now
        for link in task.links:
            before = result.get(link.predecessor)
            if before is None or before.id == r.id:
                continue
            if _drives(link, before, by_id.get(before.id), r, task, calendar):
                drivers[r.id].append((before.id, link))
                driven[before.id].append((r.id, link))

    def rank(task_id: str) -> tuple[int, int, int]:
        """Least float first, then the later finish, then plan order."""
        row = result[task_id]
        return (row.total_float or 0, -_ordinal(row.early_finish), order[task_id])

    def tail_order(task_id: str) -> tuple[int, int, int, int]:
        """The latest finish first (the chain that sets the finish leads), then the least
        float, then the latest start (the chain that runs into it longest), then plan order."""
        row = result[task_id]
        return (
            -_ordinal(row.early_finish),
            row.total_float or 0,
            -_ordinal(row.early_start),
            order[task_id],
        )

    # A chain ends at a task none of whose unshown successors it drives; walking back
    # from the latest such task, chain after chain, shows every task once.
    chains: list[CriticalChain] = []
    shown: set[str] = set()
    waiting = {task_id: len(driven[task_id]) for task_id in result}
    ready = [(tail_order(i), i) for i, count in waiting.items() if not count]
    heapq.heapify(ready)
    while ready:
        _, tail = heapq.heappop(ready)
        if tail in shown:
            continue
        chain = _walk_back(tail, drivers, driven, shown, rank)
        chains.append(chain)
        for task_id in chain.tasks:
            for source, _ in drivers[task_id]:
                waiting[source] -= 1
                if not waiting[source] and source not in shown:
                    heapq.heappush(ready, (tail_order(source), source))
    return tuple(chains)


def _walk_back(
    tail: str,
    drivers: dict[str, list[tuple[str, Link]]],
    driven: dict[str, list[tuple[str, Link]]],
    shown: set[str],
    rank: Callable[[str], tuple[int, int, int]],
) -> CriticalChain:
    """The chain ending at `tail`: back through the best-ranked driver not yet shown,
    noting the shown tasks it starts after and leads into."""
    walked: list[str] = [tail]
    links: list[Link] = []
    shown.add(tail)
    current = tail
    while free := [pair for pair in drivers[current] if pair[0] not in shown]:
        current, link = min(free, key=lambda pair: rank(pair[0]))
        walked.append(current)
        links.append(link)
        shown.add(current)
    earlier = [pair for pair in drivers[current] if pair[0] in shown]
    later = [pair for pair in driven[tail] if pair[0] in shown and pair[0] not in walked]
    after, first = min(earlier, key=lambda pair: rank(pair[0])) if earlier else (None, None)
    then, then_link = min(later, key=lambda pair: rank(pair[0])) if later else (None, None)
    return CriticalChain(tuple(reversed(walked)), (first, *reversed(links)), after, then, then_link)


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day else 0


def _span(
    row: TaskResult, task: Task | None, calendar: WorkCalendar, by_finish: bool | None = None
) -> list[tuple[int, int]]:
    """The half-open working-day spans [S, F) the row's shown dates stand for. A milestone
    shown on day d sits just after it when a finish placed it (docs/scheduling.md), else at d:
    `by_finish` says which, None when it is not known (both are tried)."""
    assert row.early_start is not None
    assert row.early_finish is not None
    start = calendar.index_on_or_after(row.early_start)
    finish = calendar.index_on_or_after(row.early_finish) + 1
    milestone = (task.duration_days == 0) if task else row.duration == 0
    if not milestone:
        return [(start, finish)]
    if by_finish is None:
        return [(start, start), (start + 1, start + 1)]
    return [(start + 1, start + 1)] if by_finish else [(start, start)]


def _drives(  # noqa: PLR0917 - the link, and each end's result and task
    link: Link,
    before: TaskResult,
    before_task: Task | None,
    after: TaskResult,
    after_task: Task,
    calendar: WorkCalendar,
) -> bool:
    """Whether `link` leaves no room: the later task sits exactly where it puts it."""
    from_start = link.type in (LinkType.SS, LinkType.SF)
    to_finish = link.type in (LinkType.FF, LinkType.SF)
    for start, finish in _span(before, before_task, calendar):
        for own_start, own_finish in _span(after, after_task, calendar, not from_start):
            anchor = start if from_start else finish
            if link.elapsed:
                anchor = _elapsed(anchor, link.lag_days, from_start, calendar)
            else:
                anchor += link.lag_days
            if (own_finish if to_finish else own_start) == anchor:
                return True
    return False


def _elapsed(anchor: int, lag_days: int, from_start: bool, calendar: WorkCalendar) -> int:
    """A lag in calendar days from the link's instant: the beginning of a start day, the
    end of a finish day (the day before index `anchor`), to the next working time."""
    day = calendar.date_at(anchor if from_start else anchor - 1)
    instant = day if from_start else day + timedelta(days=1)
    return calendar.index_on_or_after(instant + timedelta(days=lag_days))
