"""Which tasks can be scheduled, and in which order: the task network's links sorted,
loops and what a broken task holds up found (`pmkit.engine.network` walks the graph).

Rows in order with nothing broken (most plans) need nothing here; rows out of order are
sorted by a depth-first walk up the link pairs; only when something is broken are the
successor lists built, to name the loops and what each broken task holds up.
"""

from __future__ import annotations

from pmkit.engine.network import (
    blocked_task_issue,
    dependency_loops,
    loop_issue,
    reachable,
    topological_order,
)
from pmkit.engine.task_network import TaskNetwork

__all__ = ["TaskOrder"]


class TaskOrder(TaskNetwork):
    """`TaskNetwork` with the order the passes walk it in (`schedulable_order`)."""

    successors: list[list[int]]

    def schedulable_order(self) -> list[int]:
        """Schedulable tasks in topological order; loop errors and blocked warnings recorded."""
        tasks, n, blockers = self.tasks, self.n, self.blockers
        if self.in_row_order and not blockers:
            return list(range(n))
        if not blockers:
            ordered = self._predecessors_first()
            if ordered is not None:
                return ordered
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

    def _predecessors_first(self) -> list[int] | None:
        """Every task after its predecessors (a depth-first walk up the link pairs), or
        None when the links hold a loop (`schedulable_order` then names it).

        Rows out of order need no successor lists this way: the passes give the same dates
        in any order that puts each task after its predecessors.
        """
        n, incoming, elapsed_in = self.n, self.incoming, self.elapsed_in
        # 0: not reached; 1: on the walk, its predecessors being placed; 2: placed.
        state = bytearray(n)
        order: list[int] = []
        for root in range(n):
            if state[root]:
                continue
            stack = [root]
            while stack:
                slot = stack[-1]
                if state[slot]:  # back from its predecessors (or placed meanwhile)
                    stack.pop()
                    if state[slot] == 1:
                        state[slot] = 2
                        order.append(slot)
                    continue
                state[slot] = 1
                for boundary, _ in incoming[slot]:  # a start (i) or a finish (n + i)
                    source = boundary - n if boundary >= n else boundary
                    seen = state[source]
                    if not seen:
                        stack.append(source)
                    elif seen == 1:  # on the walk: a loop
                        return None
                for source, *_ in elapsed_in.get(slot, ()):
                    seen = state[source]
                    if not seen:
                        stack.append(source)
                    elif seen == 1:
                        return None
        return order

    def _blocked(self, loops: list[list[int]]) -> set[int]:
        """Every task that cannot be scheduled; a warning for each task that holds others up.

        A warning lists what its blocker holds up directly or through sound tasks, in row
        order; tasks behind a second broken task are listed under that one instead.
        """
        successors, blockers, tasks = self.successors, self.blockers, self.tasks
        stop = frozenset(blockers).union(*loops)
        blocked = set(stop)
        blocked.update(reachable(successors, stop, stop))
        groups: list[tuple[list[int], str]] = [([slot], why) for slot, why in blockers.items()]
        groups.extend((loop, "loop") for loop in loops)
        for sources, why in sorted(groups, key=lambda group: group[0][0]):
            own = set(sources)
            held = sorted(slot for slot in reachable(successors, sources, stop) if slot not in own)
            if held:
                self.issues.append(
                    blocked_task_issue(
                        self.plan, [tasks[s] for s in sources], why, [tasks[s] for s in held]
                    )
                )
        return blocked

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
