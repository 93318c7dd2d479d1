"""Graph work on the task network: topological order, loops, and what a broken task holds up.

Tasks are numbered 0..n-1 and `successors[i]` lists the tasks that depend on task i (a
task appears once per link, so repeated links are fine). Everything here is iterative:
a chain of 100,000 tasks needs no recursion.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import overload

from pmkit.engine.figures import format_day, join_words
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import Plan, Task

__all__ = [
    "TaskIds",
    "arrow_ids",
    "blocked_task_issue",
    "dependency_loops",
    "loop_issue",
    "reachable",
    "topological_order",
]


def topological_order(successors: Sequence[Sequence[int]]) -> list[int]:
    """Tasks in an order where every task comes after all its predecessors (Kahn).

    Tasks on a loop, and everything downstream of one, are left out.
    """
    indegree = [0] * len(successors)
    for targets in successors:
        for target in targets:
            indegree[target] += 1
    order = [task for task, count in enumerate(indegree) if count == 0]
    # The list grows while it is walked: each task is appended once its last
    # predecessor has been placed.
    for task in order:
        for target in successors[task]:
            indegree[target] -= 1
            if indegree[target] == 0:
                order.append(target)
    return order


def dependency_loops(  # noqa: PLR0912 - Tarjan's loop, explicit stack, no calls
    successors: Sequence[Sequence[int]], candidates: Iterable[int]
) -> list[list[int]]:
    """The loops among `candidates`: strongly connected components of two or more tasks.

    Tarjan's algorithm with an explicit stack. Each loop lists its tasks in ascending order;
    loops come in order of their first task.
    """
    inside = set(candidates)
    index_of: dict[int, int] = {}
    lowlink: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    loops: list[list[int]] = []
    counter = 0
    for root in sorted(inside):
        if root in index_of:
            continue
        index_of[root] = lowlink[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[int, int]] = [(root, 0)]
        while work:
            node, next_edge = work[-1]
            targets = successors[node]
            while next_edge < len(targets):
                target = targets[next_edge]
                next_edge += 1
                if target not in inside:
                    continue
                if target not in index_of:
                    work[-1] = (node, next_edge)
                    index_of[target] = lowlink[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, 0))
                    break
                if target in on_stack and index_of[target] < lowlink[node]:
                    lowlink[node] = index_of[target]
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowlink[parent] = min(lowlink[parent], lowlink[node])
                if lowlink[node] == index_of[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        loops.append(sorted(component))
    loops.sort(key=lambda loop: loop[0])
    return loops


def reachable(
    successors: Sequence[Sequence[int]],
    sources: Iterable[int],
    stop: frozenset[int] | set[int] = frozenset(),
) -> list[int]:
    """Tasks downstream of `sources` (not the sources themselves), in breadth-first order.

    Tasks in `stop` are reported when reached but not walked through.
    """
    start = list(sources)
    seen = set(start)
    found: list[int] = []
    frontier = start
    while frontier:
        following: list[int] = []
        for task in frontier:
            for target in successors[task]:
                if target in seen:
                    continue
                seen.add(target)
                found.append(target)
                if target not in stop:
                    following.append(target)
        frontier = following
    return found


# -- what the owner is told --------------------------------------------------------------

_LISTED_IDS = 10
_LOOP_PATH_LIMIT = 20


def loop_issue(
    plan: Plan, loop: Sequence[Task], successors_in_loop: Sequence[Sequence[int]] = ()
) -> Issue:
    """One dependency-cycle error naming every task of `loop` (tasks in row order).

    The message names every task, however many: docs/scheduling.md asks for it, and it is
    the only place a front end is sure to show. A short simple loop also gets its path.
    """
    ids = [task.id for task in loop]
    message = (
        f"Tasks {join_words(ids)} depend on each other in a loop, so none of them can be "
        "scheduled. Remove or change one of the predecessor links in the loop"
    )
    if successors_in_loop and len(ids) <= _LOOP_PATH_LIMIT:
        path = _simple_loop_path(successors_in_loop)
        if path is not None:
            message += f" ({' → '.join(ids[i] for i in path)})"
    first = loop[0]
    return Issue(
        Severity.ERROR,
        Code.DEPENDENCY_CYCLE,
        plan.location(first, "predecessors"),
        first.id,
        message,  # a clause, as every finding's: front ends add the full stop
    )


def _simple_loop_path(successors_in_loop: Sequence[Sequence[int]]) -> list[int] | None:
    """The loop as a path 0 → … → 0 when every member has exactly one successor in it."""
    if any(len(set(targets)) != 1 for targets in successors_in_loop):
        return None
    path, current = [0], successors_in_loop[0][0]
    while current != 0:
        if len(path) > len(successors_in_loop):
            return None
        path.append(current)
        current = successors_in_loop[current][0]
    if len(path) != len(successors_in_loop):
        return None
    return [*path, 0]


def blocked_task_issue(
    plan: Plan, blockers: Sequence[Task], reason: str, held: Sequence[Task]
) -> Issue:
    """One unscheduled-task warning at the blocker, naming (a bounded list of) what it holds up."""
    first = blockers[0]
    ids = [task.id for task in held]
    shown = join_words(ids[:_LISTED_IDS], more=len(ids) - _LISTED_IDS)
    subject = f"Task {shown} cannot" if len(ids) == 1 else f"Tasks {shown} cannot"
    if reason == "loop":
        loop_ids = [task.id for task in blockers]
        listed = join_words(loop_ids[:_LISTED_IDS], more=len(loop_ids) - _LISTED_IDS)
        until = f"the loop between tasks {listed} is broken"
        field_name = "predecessors"
    elif reason == "duration":
        until = f"the duration of task {first.id} is fixed"
        field_name = "duration"
    else:
        until = f"the predecessors of task {first.id} are fixed"
        field_name = "predecessors"
    return Issue(
        Severity.WARNING,
        Code.UNSCHEDULED_TASK,
        plan.location(first, field_name),
        first.id,
        f"{subject} be scheduled until {until}",
    )


def beyond_calendar_issue(plan: Plan, task: Task, held: Sequence[Task]) -> Issue:
    """An error at the task whose dates run past 31 Dec 9999, naming what follows it."""
    ids = [other.id for other in held]
    after = ""
    if ids:
        shown = join_words(ids[:_LISTED_IDS], more=len(ids) - _LISTED_IDS)
        after = f", nor {'is task' if len(ids) == 1 else 'are tasks'} {shown} after it"
    return Issue(
        Severity.ERROR,
        Code.BEYOND_CALENDAR,
        plan.location(task, "duration_days"),
        task.id,
        f"{task.label()} would finish after 31 Dec 9999, the last day a "
        "calendar holds: the durations and lags leading to it add up to thousands of "
        f"years. Check them for a typing mistake; it is not scheduled{after}",
    )


def start_on_status_issue(plan: Plan, status_date: date) -> Issue:
    """A note that nothing dates the project's start, so the schedule starts on the status
    date (`TaskNetwork.project_start`): every date moves with it."""
    project = plan.project_file
    where, fix = (
        ("no Project Start is set on the Settings sheet", "set Project Start")
        if project is None
        else (
            f"{project.name} gives no project Start Date",
            "set the Start Date (Project › Project Information)",
        )
    )
    return Issue(
        Severity.INFO,
        Code.NO_PROJECT_START,
        plan.settings_location,
        None,
        f"The schedule starts on the status date, {format_day(status_date)}: {where} and no "
        "task has a Start No Earlier Than or an actual start, so every date moves with the "
        f"status date; {fix} to the first day of work",
    )


class TaskIds(Sequence[str]):
    """The ids of tasks by slot, read when asked: a sentence names a few of a long chain
    or of many folded tasks (`arrow_ids`, `join_words`), and counts the rest."""

    __slots__ = ("_slots", "_tasks")

    def __init__(self, tasks: Sequence[Task], slots: Sequence[int]) -> None:
        self._tasks, self._slots = tasks, slots

    @overload
    def __getitem__(self, at: int) -> str: ...
    @overload
    def __getitem__(self, at: slice) -> list[str]: ...
    def __getitem__(self, at: int | slice) -> str | list[str]:
        tasks = self._tasks
        if isinstance(at, slice):
            return [tasks[slot].id for slot in self._slots[at]]
        return tasks[self._slots[at]].id

    def __len__(self) -> int:
        return len(self._slots)


def arrow_ids(ids: Sequence[str]) -> str:
    """A chain of tasks, first to last: `15 → 18 → 23`, shortened in the middle past
    eight tasks (`1 → 2 → 3 → … → 10 → 11 → 12 (12 tasks)`). `ids` is read only at the
    ends when the chain is long."""
    if len(ids) <= 8:
        return " → ".join(ids)
    return f"{' → '.join(ids[:3])} → … → {' → '.join(ids[-3:])} ({len(ids)} tasks)"
