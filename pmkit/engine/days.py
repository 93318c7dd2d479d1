"""The schedule in working-day indices, one entry per Plan slot, as the passes read it.

The scheduler works in working-day indices (`pmkit.engine.workdays`) and so do the passes
after it — slip, progress flags, workload, plan health, status: they compare and subtract
integers, and no date is turned back into a number. `ScheduleDays` is the scheduler's
answer in that form (`Schedule.days`); `TaskDays` adds what the analysis knows of each
task's baseline (its finish, and the slip against it). Slot `s` is `plan.tasks[s]`.

An index is that of the date shown: a start is its first working day, a finish its last
(a milestone a finish placed sits on the day before its index in the passes); `date_of`
turns one into its date. Comparing a shown index `i` with a date `d` on the same calendar
(`WorkdayIndex`): the date is after `d` when `i >= through(d)`, on or after `d` when
`i >= on_or_after(d)`.

The dated views are built from these lists when they are read, not before: `Schedule.tasks`
(`ScheduledTasks`, a mapping of `ScheduledTask`s) and `Analysis.tasks` (`TaskTable`,
through `TaskDays.row`). A cell function that asks for one task's slip builds one row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pmkit.engine.model import Plan, Task, done_flags
from pmkit.engine.results import ScheduledTask, TaskResult, new_scheduled_task, new_task_result
from pmkit.engine.variance import WorkdayIndex

__all__ = ["ScheduleDays", "ScheduledTasks", "TaskDays"]


@dataclass(frozen=True, slots=True)
class ScheduleDays:
    """The scheduler's dates, floats and critical flags, by Plan slot (None: not scheduled).

    `forecast_start` and `forecast_finish` are the early dates, or the late ones for a
    task scheduled As Late As Possible (`late_placed`). Floats are in working days.
    """

    early_start: Sequence[int | None]
    early_finish: Sequence[int | None]
    late_start: Sequence[int | None]
    late_finish: Sequence[int | None]
    forecast_start: Sequence[int | None]
    forecast_finish: Sequence[int | None]
    total_float: Sequence[int | None]
    free_float: Sequence[int | None]
    critical: Sequence[bool]
    done: Sequence[bool]
    """`Task.is_done` of each task, as the scheduler read it (`model.done_flags`)."""
    late_placed: frozenset[int]
    at_day_end: frozenset[int]
    """The milestones a finish placed: each sits at the end of the day it is shown on, not
    at the start of it (`ScheduledTask.at_day_end`, docs/scheduling.md)."""
    project_finish: int | None
    """The project's finish: the latest forecast finish (`Schedule.project_finish`)."""
    dates: Sequence[date]
    """`dates[index + offset]` is the date of working-day `index` (`date_of`)."""
    offset: int
    slots: Mapping[str, int]
    """Task id → its slot (the first row of a repeated id), as the scheduler read them."""
    broken_links: Sequence[int] | None
    """The slots of the rows with a predecessor that names no task or the task itself,
    as the scheduler found them reading every link (validation words them); None when
    not known (days made from rows)."""
    followed: Sequence[int] | None
    """1 (true) at the slot of each task some link names as its predecessor, as the
    scheduler read the links (None: not known)."""

    @classmethod
    def none(
        cls,
        done: Sequence[bool],
        slots: Mapping[str, int],
        broken_links: Sequence[int],
        followed: Sequence[int],
    ) -> ScheduleDays:
        """The days of tasks none of which could be scheduled (`done`: which are done)."""
        none: list[int | None] = [None] * len(done)
        no = [False] * len(done)
        return cls(
            none, none, none, none, none, none, none, none, no, done, frozenset(), frozenset(),
            None, [], 0, slots, broken_links, followed,
        )  # fmt: skip

    def date_of(self, index: int | None) -> date | None:
        """The date of a working-day index (None stays None)."""
        return None if index is None else self.dates[index + self.offset]

    def scheduled(self, slot: int) -> bool:
        return self.early_finish[slot] is not None


@dataclass(frozen=True, slots=True)
class TaskDays(ScheduleDays):
    """`ScheduleDays` with each task's baseline finish (a date: the owner's or the Baseline
    sheet's) and its slip, forecast finish against it in working days (None: unknown)."""

    baseline_finish: Sequence[date | None]
    slip: Sequence[int | None]

    @classmethod
    def from_rows(cls, plan: Plan, rows: Sequence[TaskResult], index: WorkdayIndex) -> TaskDays:
        """The days of task rows made otherwise (by hand, or by another scheduler), on the
        calendar of `index`: each shown date becomes the index of its working day."""
        at = index.on_or_after
        names = ("early_start", "early_finish", "late_start", "late_finish")
        shown = [
            [None if (day := getattr(row, name)) is None else at(day) for row in rows]
            for name in (*names, "forecast_start", "forecast_finish")
        ]
        known = [value for values in shown for value in values if value is not None]
        table, offset = index.calendar.date_table(min(known, default=0), max(known, default=0))
        return cls(
            shown[0],
            shown[1],
            shown[2],
            shown[3],
            shown[4],
            shown[5],
            [row.total_float for row in rows],
            [row.free_float for row in rows],
            [bool(row.critical) for row in rows],
            done_flags(plan.tasks),
            frozenset(),
            frozenset(),  # rows do not say where a milestone sits in its day
            max((value for value in shown[5] if value is not None), default=None),
            table,
            offset,
            {row.id: slot for slot, row in reversed(list(enumerate(rows)))},
            None,
            None,
            [row.baseline_finish for row in rows],
            [row.slip for row in rows],
        )

    def row(self, slot: int, task: Task, *, whole_plan: bool = True) -> TaskResult:
        """`plan.tasks[slot]`'s row of the schedule (`Analysis.tasks`), with its dates.

        `whole_plan` False (some row could not be scheduled): the late dates, floats and
        critical mark are None. They come from the backward pass, which starts at the
        project's finish and runs back through each task's successors; with part of the
        plan unscheduled that finish is unknown (an unscheduled task may end later) and a
        successor may be missing, so measured against the rest they could be wrong either
        way. The early and forecast dates stay: a task is scheduled only when everything
        before it is.
        """
        base = self.baseline_finish[slot]
        finish = self.early_finish[slot]
        if finish is None:
            return new_task_result(
                task.id, task.name, task.duration_days, None, None, None, None, None, None,
                None, None, None, base, None,
            )  # fmt: skip
        table, offset = self.dates, self.offset
        start = self.early_start[slot]
        forecast_start, forecast_finish = self.forecast_start[slot], self.forecast_finish[slot]
        # a scheduled task (its early finish is known) has every index
        assert start is not None
        assert forecast_start is not None
        assert forecast_finish is not None
        if not whole_plan:
            return new_task_result(
                task.id, task.name, task.duration_days, table[start + offset],
                table[finish + offset], None, None, None, None, None,
                table[forecast_start + offset], table[forecast_finish + offset], base,
                self.slip[slot],
            )  # fmt: skip
        late_start, late_finish = self.late_start[slot], self.late_finish[slot]
        assert late_start is not None
        assert late_finish is not None
        return new_task_result(
            task.id,
            task.name,
            task.duration_days,
            table[start + offset],
            table[finish + offset],
            table[late_start + offset],
            table[late_finish + offset],
            self.total_float[slot],
            self.free_float[slot],
            self.critical[slot],
            table[forecast_start + offset],
            table[forecast_finish + offset],
            base,
            self.slip[slot],
        )


class ScheduledTasks(Mapping[str, ScheduledTask]):
    """`Schedule.tasks`: task id → `ScheduledTask`, built from `ScheduleDays` when read.

    Holds the scheduled tasks in row order (a repeated id: its first row), each built on
    first use and kept; `len` and `in` need no building.
    """

    __slots__ = ("_built", "_days", "_ids", "_slots")

    def __init__(self, ids: Sequence[str], slots: Mapping[str, int], days: ScheduleDays) -> None:
        self._ids = ids  # the scheduled ids, in row order
        self._slots = slots  # every id → its slot
        self._days = days
        self._built: dict[str, ScheduledTask] = {}

    def __getitem__(self, task_id: str) -> ScheduledTask:
        found = self._built.get(task_id)
        if found is not None:
            return found
        slot = self._slots.get(task_id)
        days = self._days
        if slot is None or not days.scheduled(slot):
            raise KeyError(task_id)
        table, offset = days.dates, days.offset
        start, finish = days.early_start[slot], days.early_finish[slot]
        late_start, late_finish = days.late_start[slot], days.late_finish[slot]
        total, free = days.total_float[slot], days.free_float[slot]
        assert start is not None
        assert finish is not None
        assert late_start is not None
        assert late_finish is not None
        assert total is not None
        assert free is not None
        built = self._built[task_id] = new_scheduled_task(
            task_id,
            table[start + offset],
            table[finish + offset],
            table[late_start + offset],
            table[late_finish + offset],
            total,
            free,
            days.critical[slot],
            slot in days.late_placed,
            slot in days.at_day_end,
        )
        return built

    def __contains__(self, task_id: object) -> bool:
        slot = self._slots.get(task_id) if isinstance(task_id, str) else None
        return slot is not None and self._days.scheduled(slot)

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __repr__(self) -> str:
        return f"ScheduledTasks({len(self._ids)} tasks)"
