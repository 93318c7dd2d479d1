"""The plan as pmkit sees it: frozen dataclasses, parsed once at the edge, never mutated.

Dates are `datetime.date`; durations and lags are whole working days; percentages are
fractions (0.5 = 50 %); money is a float in the plan's currency. Task ids are text:
the whole number 7 (or 7.0) becomes "7".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from pmkit.engine.issues import Issue, Location
from pmkit.engine.schema import BASELINE, SETTINGS, normalize_name

__all__ = [
    "WEEKDAYS_MON_FRI",
    "BaselineSnapshot",
    "BaselineTask",
    "ChangeRequest",
    "CharterItem",
    "ConstraintType",
    "DaysOff",
    "Decision",
    "Delay",
    "ForecastPoint",
    "Holiday",
    "Link",
    "LinkType",
    "OwnerNames",
    "Plan",
    "ProjectFile",
    "Risk",
    "Settings",
    "SourceFile",
    "Task",
    "TaskStatus",
    "TeamMember",
    "done_flags",
    "finished",
    "label_predicate",
    "meant_task_id",
    "owner_key",
    "project_task_place",
    "task_label",
]

WEEKDAYS_MON_FRI: frozenset[int] = frozenset(range(5))
"""Working weekdays as `date.weekday()` numbers: Monday = 0 … Sunday = 6."""


class LinkType(StrEnum):
    """Dependency types: FS finish-to-start (the default), SS start-to-start,
    FF finish-to-finish, SF start-to-finish."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


class ConstraintType(StrEnum):
    """Microsoft Project's date constraints, by the names Project shows.

    As Soon As Possible is no constraint at all; Start No Earlier Than is also what the
    Start No Earlier Than column says. The others are the "other constraint
    types", scheduled as Microsoft Project does (docs/scheduling.md).
    """

    AS_SOON_AS_POSSIBLE = "As Soon As Possible"
    AS_LATE_AS_POSSIBLE = "As Late As Possible"
    MUST_START_ON = "Must Start On"
    MUST_FINISH_ON = "Must Finish On"
    START_NO_EARLIER_THAN = "Start No Earlier Than"
    START_NO_LATER_THAN = "Start No Later Than"
    FINISH_NO_EARLIER_THAN = "Finish No Earlier Than"
    FINISH_NO_LATER_THAN = "Finish No Later Than"

    @property
    def dated(self) -> bool:
        """True when the constraint needs a date (all but As Soon / Late As Possible)."""
        return self not in _UNDATED

    @property
    def on_finish(self) -> bool:
        """True when the constraint's date is a finish (Must Finish On, Finish No …)."""
        return self in _ON_FINISH


_UNDATED = frozenset({ConstraintType.AS_SOON_AS_POSSIBLE, ConstraintType.AS_LATE_AS_POSSIBLE})
_ON_FINISH = frozenset(
    {
        ConstraintType.MUST_FINISH_ON,
        ConstraintType.FINISH_NO_EARLIER_THAN,
        ConstraintType.FINISH_NO_LATER_THAN,
    }
)


class TaskStatus(StrEnum):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    DONE = "Done"
    BLOCKED = "Blocked"
    ON_HOLD = "On hold"


class Decision(StrEnum):
    APPROVED = "Approved"
    REJECTED = "Rejected"
    PENDING = "Pending"


@dataclass(frozen=True, slots=True)
class Link:
    """`predecessor` → this task, e.g. `3FS+2` or `7SS+3ed` (elapsed calendar days)."""

    predecessor: str
    type: LinkType = LinkType.FS
    lag_days: int = 0
    elapsed: bool = False

    def __str__(self) -> str:
        lag = ""
        if self.lag_days or self.elapsed:
            lag = f"{self.lag_days:+d}{'ed' if self.elapsed else ''}"
        kind = "" if self.type is LinkType.FS and not lag else self.type.value
        return f"{self.predecessor}{kind}{lag}"


@dataclass(frozen=True, slots=True)
class Delay:
    """Microsoft Project's leveling delay: the task waits this long after it could start."""

    days: int
    elapsed: bool = False

    def __str__(self) -> str:
        unit = "elapsed day" if self.elapsed else "working day"
        return f"{self.days} {unit}{'' if self.days == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class Task:
    """One row of the Plan sheet.

    `duration_days` is None when the cell could not be read (an error was reported):
    such a task is not scheduled. `row` is the owner's 1-based row number.
    `constraint` and `constraint_date` are the Constraint columns (Start No Earlier Than
    may come either way); `fixed_dates` pins the task on its Start No Earlier Than (a
    manually scheduled task in Microsoft Project); `leveling_delay` comes from Project.
    """

    id: str
    name: str
    duration_days: int | None
    row: int = 0
    phase: str | None = None
    owner: str | None = None
    links: tuple[Link, ...] = ()
    start_no_earlier_than: date | None = None
    deadline: date | None = None
    percent_complete: float = 0.0
    actual_start: date | None = None
    actual_finish: date | None = None
    budget: float | None = None
    actual_cost: float | None = None
    status: TaskStatus | None = None
    last_update: date | None = None
    change_request: str | None = None
    baseline_start: date | None = None
    baseline_finish: date | None = None
    baseline_duration_days: int | None = None
    baseline_cost: float | None = None
    notes: str | None = None
    constraint: ConstraintType | None = None
    constraint_date: date | None = None
    fixed_dates: bool = False
    leveling_delay: Delay | None = None

    @property
    def is_milestone(self) -> bool:
        return self.duration_days == 0

    @property
    def is_done(self) -> bool:
        """Finished: an actual finish, 100 % complete, or status Done (`finished`)."""
        return finished(self.actual_finish, self.percent_complete, self.status)

    @property
    def is_started(self) -> bool:
        """Work has begun: an actual start, some % complete, or done (`started`)."""
        return started(self, self.is_done)

    def label(self, noun: str = "Task") -> str:
        """How findings name it: `task_label` of its ID and name."""
        return task_label(self.id, self.name, noun)

    @property
    def planned_cost(self) -> float | None:
        """Baseline cost, else budget: the value earned value is measured against."""
        return self.baseline_cost if self.baseline_cost is not None else self.budget


def task_label(task_id: str, name: str, noun: str = "Task") -> str:
    """How an owner reads a task named: `Task 7 “Build”`, or `Task 7` when it has no name
    (`noun="task"` inside a sentence). The one rule, for a task of the plan, of the
    baseline (a removed one) or of a night's history."""
    name = name.strip()
    return f"{noun} {task_id} “{name}”" if name else f"{noun} {task_id}"


def label_predicate(message: str, label: str) -> str | None:
    """What `message` says of the task whose `label` (`task_label`) it opens with, so a
    sentence that names the task already can say `it` instead of naming it twice; None
    when it does not open with the label.

    >>> label_predicate("Task 7 “Design” is late", "Task 7 “Design”")
    'is late'
    """
    if message.startswith(label + " "):
        return message[len(label) + 1 :]
    return None


def finished(
    actual_finish: date | None, percent_complete: float, status: TaskStatus | None
) -> bool:
    """The one "is done" rule: an actual finish, 100 % complete, or status Done."""
    return actual_finish is not None or percent_complete >= 1.0 or status is TaskStatus.DONE


def started(task: Task, done: bool) -> bool:
    """The one "is started" rule (`Task.is_started`), for a pass that knows whether the
    task is `done` already (`done_flags`, `TaskDays.done`) and need not ask again."""
    return done or task.actual_start is not None or task.percent_complete > 0


def done_flags(tasks: Sequence[Task]) -> list[bool]:
    """`Task.is_done` of each task: the passes of an analysis read it by slot.

    The rule of `finished`, written out in one comprehension: no call and no property
    lookup a task (10,000 tasks: 2.1 → 0.5 ms); a test holds the two to the same answers.
    """
    done = TaskStatus.DONE
    return [
        task.actual_finish is not None or task.percent_complete >= 1.0 or task.status is done
        for task in tasks
    ]


@dataclass(frozen=True, slots=True)
class Settings:
    """The Settings sheet, with the defaults docs/plan-workbook.md gives."""

    project_name: str | None = None
    project_start: date | None = None
    status_date: date | None = None
    work_week: frozenset[int] = WEEKDAYS_MON_FRI
    holiday_country: str | None = None
    currency: str | None = None
    slip_tolerance_days: int = 3
    stalled_after_days: int = 14
    scope_creep_threshold_pct: float = 10.0
    critical_float_days: int = 0
    move_unfinished_work: bool = True
    project_closed: bool = False

    def status_day(self, today: date | None = None) -> date:
        """The day progress is measured on: the Status Date, else today (`today`, or the
        clock's) — what a blank Status Date means wherever a plan is scheduled."""
        return self.status_date or today or date.today()


@dataclass(frozen=True, slots=True)
class Holiday:
    """A non-working day, from the Holidays sheet or the Holiday Country's public holidays."""

    day: date
    name: str = ""
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    id: str
    description: str = ""
    requested_by: str | None = None
    requested_on: date | None = None
    decision: Decision = Decision.PENDING
    days_impact: float | None = None
    cost_impact: float | None = None
    row: int = 0


@dataclass(frozen=True, slots=True)
class Risk:
    id: str
    description: str
    likelihood: int | None = None
    impact: int | None = None
    owner: str | None = None
    mitigation: str | None = None
    is_open: bool = True
    review_date: date | None = None
    """When the risk is next to be looked at again; an open risk past it is overdue for review."""
    row: int = 0
    mitigation_cell: Location | None = field(default=None, compare=False)
    """Where its mitigation is written (`Risks!F7`; the row when the sheet has no Mitigation
    column), for the finding that asks for one; None when not read from a sheet."""

    @property
    def score(self) -> int | None:
        """Likelihood × impact (1–25), or None when either is unknown."""
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact


@dataclass(frozen=True, slots=True)
class CharterItem:
    """A goal of the Charter, how success is measured, and — after the project — whether it
    was met (the owner's Yes or No under Met?; None while unconfirmed)."""

    goal: str
    success_measure: str | None = None
    target: str | None = None
    owner: str | None = None
    row: int = 0
    met: bool | None = None
    met_cell: Location | None = None


@dataclass(frozen=True, slots=True)
class ForecastPoint:
    """One row of the History sheet: on `run_date` the project was forecast to finish on
    `forecast_finish` (None: unknown that night), `slip_days` after the agreed date."""

    run_date: date
    forecast_finish: date | None
    slip_days: int | None = None


def owner_key(name: str) -> str:
    """How owner names are matched, everywhere: capitals and spaces do not matter, so
    `sam  PATEL` on the Plan is `Sam Patel` on the Team sheet (`schema.normalize_name`)."""
    return normalize_name(name)


def meant_task_id(
    written: str, ids: Collection[str], folded: dict[str, str] | None = None
) -> str | None:
    """The task id the owner probably meant by `written`, which is not one: `7` for the
    text `7.0` (text is an id as typed, so `7.0` is not task 7, whose number 7.0 is),
    `T1` for `t1`; None when nothing fits. Said as a hint, never taken for it.

    `ids` are the plan's task ids, first first; `folded` (casefolded id → id) is filled on
    first use when given, so a plan with many unknown predecessors costs one pass.
    """
    text = written.strip()
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        if number.is_integer() and str(int(number)) in ids:
            return str(int(number))
    if folded is None:
        folded = {}
    if not folded:
        folded.update((task_id.casefold(), task_id) for task_id in reversed(list(ids)))
    return folded.get(text.casefold())


@dataclass(frozen=True, slots=True)
class DaysOff:
    """Days someone is away, `first` to `last` inclusive (one day when they are equal)."""

    first: date
    last: date

    def __str__(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One row of the Team sheet: who an Owner name is, how to reach them, how much they give.

    `capacity` is the share of their working week they give this project (1.0 = all of
    it; a vendor with a team may give more: 3.0 = three people's weeks); `days_off` are
    their own days away, on top of the plan's Holidays.
    """

    name: str
    email: str | None = None
    capacity: float = 1.0
    days_off: tuple[DaysOff, ...] = ()
    location: Location | None = None
    """The member's Owner cell on the Team sheet (`Team!A3`)."""

    @property
    def key(self) -> str:
        """The name as owners are matched (`owner_key`)."""
        return owner_key(self.name)


OWNER_SEPARATORS = ";,"
"""What separates the people an Owner cell names (`OwnerNames`): semicolons first, then
commas, so a Team name with a comma in it (`Smith, Jones & Co`) can share a task too."""


class OwnerNames:
    """The people each Owner text names, by the one rule pmkit reads owners with everywhere
    (workload, weeks, digests, findings, the Project export).

    An Owner cell names several people when it is not itself a Team name and each part of
    it — split on semicolons, and a part that is not a Team name split again on commas —
    is a Team name (matched as owners are, `owner_key`): `Sam, Priya` with Sam and Priya
    on the Team sheet is both of them, and each has the whole task. Anything else is one
    name, as written: `Smith, Jones & Co` without a Team sheet, a Team name with a comma
    in it, `Sam, Bob` when Bob is not on the Team sheet. A blank cell names nobody.

    Each distinct text is split once (a plan has a few owners, a task list thousands).

    >>> names = OwnerNames([TeamMember("Sam"), TeamMember("Priya Shah")])
    >>> names("Sam, priya  shah"), names("Smith, Jones & Co"), names("  ")
    (('Sam', 'priya  shah'), ('Smith, Jones & Co',), ())
    """

    __slots__ = ("_found", "team_keys")

    def __init__(self, team: Iterable[TeamMember]) -> None:
        self.team_keys = frozenset(member.key for member in team)
        self._found: dict[str | None, tuple[str, ...]] = {}

    def __call__(self, owner: str | None) -> tuple[str, ...]:
        """The people `owner` names, in the order written (each once): () when blank."""
        found = self._found.get(owner)
        if found is None:
            found = self._found[owner] = self._split(owner)
        return found

    def keys(self, owner: str | None) -> tuple[str, ...]:
        """The `owner_key` of each person `owner` names."""
        return tuple(owner_key(name) for name in self(owner))

    def includes(self, owner: str | None, name: str) -> bool:
        """Whether `owner` names the person called `name` (`Sam, Priya` names Sam)."""
        return owner_key(name) in self.keys(owner)

    def not_on_team(self, owner: str | None) -> tuple[str, ...]:
        """The parts of an Owner that reads as a list of people, some of them on the Team
        sheet, that are not (`Bob` in `Sam, Bob`): why it stays one name. () otherwise."""
        text = (owner or "").strip()
        parts = self._parts(text) if text and owner_key(text) not in self.team_keys else []
        missing = tuple(part for part in parts if owner_key(part) not in self.team_keys)
        return missing if 0 < len(missing) < len(parts) and all(parts) else ()

    def _parts(self, text: str) -> list[str]:
        """`text` split on semicolons, and each piece that is not a Team name on commas."""
        team = self.team_keys
        parts: list[str] = []
        for piece in text.split(OWNER_SEPARATORS[0]):
            whole = piece.strip()
            split = [whole] if owner_key(whole) in team else whole.split(OWNER_SEPARATORS[1])
            parts.extend(part.strip() for part in split)
        return parts

    def _split(self, owner: str | None) -> tuple[str, ...]:
        text = (owner or "").strip()
        if not text:
            return ()
        team = self.team_keys
        if not team or owner_key(text) in team or not any(c in text for c in OWNER_SEPARATORS):
            return (text,)
        people: dict[str, str] = {}
        for name in self._parts(text):
            key = owner_key(name)
            if key not in team:
                return (text,)  # a part nobody on the Team sheet is called: one name
            people.setdefault(key, name)
        return tuple(people.values())


@dataclass(frozen=True, slots=True)
class BaselineTask:
    """A Plan row as it was frozen by *Set baseline*."""

    id: str
    name: str
    duration_days: int | None
    start: date | None
    finish: date | None
    cost: float | None
    row: int = 0


def _empty_columns() -> Mapping[str, int]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class BaselineSnapshot:
    """The `Baseline` sheet: the frozen plan and the date it was set. `columns` maps each
    of its fields (`"start"`) to its 1-based column on the sheet, as `Plan.columns` does."""

    set_on: date | None
    tasks: tuple[BaselineTask, ...]
    number: int = 1
    columns: Mapping[str, int] = field(default_factory=_empty_columns)

    def by_id(self) -> dict[str, BaselineTask]:
        return {task.id: task for task in self.tasks}

    def location(self, row: int, field_name: str) -> Location:
        """The cell of `field_name` in the sheet's `row` (`Baseline!D7`: a `BaselineTask`'s
        row), its ID cell when that column is absent; the row alone, or the sheet, when
        that is all that is known (a snapshot from a Project file)."""
        column = self.columns.get(field_name, self.columns.get("id"))
        return Location(BASELINE.name, row or None, column if row else None)


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The file a plan was read from, as it was when it was read.

    pmkit writes back into that file (or copies it) only while it still holds exactly
    these bytes: a size, a modification time and a SHA-256 digest that no longer match
    mean the owner saved it meanwhile, and the write is refused.
    """

    path: str
    size: int
    modified_ns: int
    sha256: str


def project_task_place(
    file: str, name: str, project_id: int | None, uid: int | None, task_id: str | None = None
) -> str:
    """A task of a Microsoft Project file as the owner finds it in Project: by its ID (the
    row number Project shows), its name, its UID when that differs, and the file. When the
    plan calls it by another id (`task_id`: the owner's, kept by a pmkit export in its own
    field, so Project's row is another), the label is the owner's and Project's ID follows.

    >>> project_task_place("v.xml", "Roof", 7, 7), project_task_place("v.xml", "Roof", 3, 12)
    ('task 7 “Roof” in v.xml', 'task 3 “Roof” (UID 12) in v.xml')
    >>> project_task_place("p.xml", "Roof", 18, 18, "15")
    'task 15 “Roof” (ID 18 in Project) in p.xml'
    """
    if project_id is None:
        named = f" “{name.strip()}”" if name.strip() else ""
        return f"the task{named} with UID {uid} in {file}"
    numbers = []
    if task_id is not None and task_id != str(project_id):
        numbers.append(f"ID {project_id} in Project")
    if uid is not None and uid != project_id:
        numbers.append(f"UID {uid}")
    shown = f" ({', '.join(numbers)})" if numbers else ""
    label = task_id if task_id is not None else str(project_id)
    return f"{task_label(label, name, 'task')}{shown} in {file}"


@dataclass(frozen=True, slots=True)
class ProjectFile:
    """The Microsoft Project file a plan was read from (`name`: `vendor.xml`), and each
    task's ID and UID in it, by task id (`numbers`): a finding about a task names it as
    Project shows it (`task 7 “Pour slab” in vendor.xml`), never a sheet the owner does
    not have."""

    name: str
    numbers: Mapping[str, tuple[int | None, int]] = field(default_factory=dict)

    def location(self, task_id: str, name: str) -> Location:
        """Where a finding about task `task_id` (called `name`) sits."""
        project_id, uid = self.numbers.get(task_id, (None, None))
        if uid is None:  # not a task of the file (a plan put together in code)
            return Location(self.name, None, None, f"task {task_id} in {self.name}")
        place = project_task_place(self.name, name, project_id, uid, task_id)
        return Location(self.name, project_id, None, place)


@dataclass(frozen=True, slots=True)
class Plan:
    """A whole plan workbook.

    `issues` holds what was found while reading (bad cells and the like);
    `columns` maps each Plan field name (`"deadline"`) to its 1-based column, so any
    finding can point at the owner's cell.
    """

    name: str
    tasks: tuple[Task, ...]
    settings: Settings = field(default_factory=Settings)
    holidays: tuple[Holiday, ...] = ()
    changes: tuple[ChangeRequest, ...] = ()
    risks: tuple[Risk, ...] = ()
    charter: tuple[CharterItem, ...] = ()
    baseline: BaselineSnapshot | None = None
    team: tuple[TeamMember, ...] = ()
    """The Team sheet, one member per name (the first row wins when a name repeats)."""
    issues: tuple[Issue, ...] = ()
    columns: Mapping[str, int] = field(default_factory=_empty_columns)
    plan_sheet: str = "Plan"
    source: str | None = None
    history: tuple[ForecastPoint, ...] = ()
    """The History sheet's nightly forecasts, oldest first (the close-out review reads them)."""
    origin: SourceFile | None = field(default=None, compare=False)
    """The workbook file read, for writing back into it (None: not read from a workbook)."""
    project_file: ProjectFile | None = None
    """The Microsoft Project file read (None: not read from one); `plan_sheet` is its name."""
    unread_rows: tuple[int, ...] = ()
    """Plan rows the reader left out because it could not read them: nothing but formulas
    saved without their values (an `uncalculated-formula` finding at the first). Each may
    be a task, so each counts as one that cannot be scheduled (`pmkit.engine.unscheduled`)."""

    def location(self, task: Task, field_name: str | None = None) -> Location:
        """The cell of `task`'s `field_name` (`Plan!F7`), or its row when the column is
        absent; in a Microsoft Project file, the task as Project shows it."""
        if self.project_file is not None:
            return self.project_file.location(task.id, task.name)
        column = self.columns.get(field_name) if field_name else None
        if column is None and field_name is not None:
            column = self.columns.get("id")
        return Location(self.plan_sheet, task.row or None, column)

    @property
    def settings_location(self) -> Location:
        """Where a finding about the plan's settings (its Project Start, say) sits: the
        Settings sheet, or the Microsoft Project file the plan was read from, which has none."""
        return Location(self.project_file.name if self.project_file is not None else SETTINGS.name)

    def owner_names(self) -> OwnerNames:
        """The people each Owner text of this plan names (`OwnerNames`, by its Team)."""
        return OwnerNames(self.team)

    def task_by_id(self) -> dict[str, Task]:
        """Tasks keyed by id (the first row wins when an id is repeated)."""
        index: dict[str, Task] = {}
        for task in self.tasks:
            index.setdefault(task.id, task)
        return index
