"""Findings about a plan: one `Issue` per problem, located at the owner's cell.

Issues are data, not exceptions: validation, scheduling and the flag checks each
return a list of them, and the front ends show them all at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter

from pmkit.engine.frozen import fast_constructor

__all__ = [
    "Code",
    "Issue",
    "Location",
    "Severity",
    "column_letter",
    "column_number",
    "severity_counts",
]


class Severity(StrEnum):
    """How bad a finding is (the tiers of docs/findings.md).

    * ``error`` — the plan is broken here: pmkit cannot compute something from it;
    * ``warning`` — it needs the owner's decision or action now;
    * ``info`` — worth knowing. Owners read it as "note" (`label`); the data value stays
      ``info`` (docs/findings.md).
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: sort key, most severe first."""
        return _RANK[self]

    @property
    def label(self) -> str:
        """The word an owner reads: error, warning, note."""
        return _LABELS[self]

    @property
    def is_problem(self) -> bool:
        """Errors and warnings: findings that need the owner (notes do not)."""
        return self is not Severity.INFO


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_LABELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


class Code(StrEnum):
    """Stable kebab-case codes of every finding (docs/findings.md)."""

    # structure and data (validation)
    DUPLICATE_ID = "duplicate-id"
    MISSING_ID = "missing-id"
    MISSING_NAME = "missing-name"
    BAD_DURATION = "bad-duration"
    BAD_DATE = "bad-date"
    DATE_FROM_NUMBER = "date-from-number"
    BAD_PERCENT = "bad-percent"
    BAD_NUMBER = "bad-number"
    BAD_VALUE = "bad-value"
    BAD_SETTING = "bad-setting"
    BAD_PREDECESSOR = "bad-predecessor"
    UNKNOWN_PREDECESSOR = "unknown-predecessor"
    SELF_DEPENDENCY = "self-dependency"
    DEPENDENCY_CYCLE = "dependency-cycle"
    UNSCHEDULED_TASK = "unscheduled-task"
    BEYOND_CALENDAR = "beyond-calendar"
    ACTUAL_FINISH_BEFORE_START = "actual-finish-before-start"
    ACTUAL_IN_FUTURE = "actual-in-future"
    PROGRESS_DISAGREES = "progress-disagrees"
    BASELINE_START_AFTER_FINISH = "baseline-start-after-finish"
    OWNERLESS_TASK = "ownerless-task"
    ROUNDED_DURATION = "rounded-duration"
    DURATION_FROM_ACTUALS = "duration-from-actuals"
    PERCENT_AS_WHOLE_NUMBER = "percent-as-whole-number"
    UNSUPPORTED_CONSTRAINT = "unsupported-constraint"
    DIFFERS_FROM_PROJECT = "differs-from-project"
    FORMULA_ERROR = "formula-error"
    UNCALCULATED_FORMULA = "uncalculated-formula"
    MERGED_CELLS = "merged-cells"
    UNREAD_SHEET = "unread-sheet"
    UNREAD_COLUMN = "unread-column"
    TOTALS_ROW = "totals-row"
    UNKNOWN_SETTING = "unknown-setting"
    HOLIDAYS_NOT_COUNTED = "holidays-not-counted"
    # progress and variance
    STALLED_TASK = "stalled-task"
    OVERDUE_TASK = "overdue-task"
    SLIPPING_TASK = "slipping-task"
    DEADLINE_MISSED = "deadline-missed"
    NEGATIVE_FLOAT = "negative-float"
    MISSING_ACTUAL_COST = "missing-actual-cost"
    LOW_SPI = "low-spi"
    LOW_CPI = "low-cpi"
    # scope
    SCOPE_CREEP = "scope-creep"
    APPROVED_CHANGE = "approved-change"
    SCOPE_GROWTH = "scope-growth"
    REMOVED_TASK = "removed-task"
    UNKNOWN_CHANGE_REQUEST = "unknown-change-request"
    # governance
    UNMITIGATED_RISK = "unmitigated-risk"
    NO_BASELINE = "no-baseline"
    NO_PROJECT_START = "no-project-start"
    NOT_STARTED = "not-started"
    NO_CHARTER = "no-charter"
    UNCONFIRMED_SUCCESS_MEASURE = "unconfirmed-success-measure"
    # people and their load (the Team sheet, the Workload)
    UNKNOWN_OWNER = "unknown-owner"
    UNUSED_TEAM_MEMBER = "unused-team-member"
    DUPLICATE_TEAM_MEMBER = "duplicate-team-member"
    OVERLOADED_OWNER = "overloaded-owner"
    # plan health (after the DCMA 14-point assessment)
    MISSING_LOGIC = "missing-logic"
    LEADS = "leads"
    LAGS = "lags"
    NON_FS_LINKS = "non-fs-links"
    HARD_CONSTRAINTS = "hard-constraints"
    HIGH_FLOAT = "high-float"
    LONG_TASKS = "long-tasks"
    INVALID_DATES = "invalid-dates"
    MISSED_TASKS = "missed-tasks"
    CRITICAL_PATH_TEST = "critical-path-test"
    LOW_BEI = "low-bei"
    LOW_CPLI = "low-cpli"
    PLAN_HEALTH = "plan-health"  # the failed checks above, grouped into one finding


def column_letter(column: int) -> str:
    """Excel's letters for a 1-based column number: 1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_number(letters: str | bytes) -> int:
    """The 1-based column number of Excel's letters: A → 1, AA → 27 (text or bytes)."""
    number = 0
    for letter in letters.encode() if isinstance(letters, str) else letters:
        number = number * 26 + letter - 64
    return number


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding sits: a sheet, and the owner's 1-based row and column if known.

    `place` is how the owner knows a place that is no cell of theirs — a task in a
    Microsoft Project file, named as Project shows it (`model.project_task_place`) — and
    then what the location reads as; `sheet` is that file and `row` the task's ID there.

    >>> str(Location("Plan", 7, 6)), str(Location("v.xml", 7, None, "task 7 “Roof” in v.xml"))
    ('Plan!F7', 'task 7 “Roof” in v.xml')
    """

    sheet: str
    row: int | None = None
    column: int | None = None
    place: str | None = None

    @property
    def cell(self) -> str:
        """The cell reference without the sheet (`F7`), a row (`7:7`), or '' (also when
        the place is not a cell: `place`)."""
        if self.place is not None:
            return ""
        if self.row is None:
            return column_letter(self.column) if self.column else ""
        if self.column is None:
            return f"{self.row}:{self.row}"
        return f"{column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        if self.place is not None:
            return self.place
        cell = self.cell
        return f"{self.sheet}!{cell}" if cell else self.sheet


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: severity, stable code, where it is, which task, and a plain sentence.

    A finding that groups several (one task that is overdue, stalled and slipping; a
    missed deadline and the tasks that drive it) carries them as `details` — the
    per-cell findings, each an `Issue` without details of its own — and its `reasons`,
    one short phrase per problem it names. A finding about one thing has neither.
    """

    severity: Severity
    code: Code
    location: Location | None
    task_id: str | None
    message: str
    reasons: tuple[str, ...] = ()
    details: Sequence[Issue] = ()

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{self.severity.label}: {where}{self.message} [{self.code}]"

    def cells(self) -> Sequence[Issue]:
        """The per-cell findings behind this one: its details, or itself when it has none."""
        return self.details or (self,)


def severity_counts(issues: Iterable[Issue]) -> dict[Severity, int]:
    """How many of `issues` are errors, warnings and notes: every severity, 0 when none."""
    counts = dict.fromkeys(Severity, 0)
    counts.update(Counter(map(_SEVERITY, issues)))
    return counts


_SEVERITY = attrgetter("severity")

new_issue = fast_constructor(Issue)
"""`Issue(...)`, faster (`pmkit.engine.frozen`): findings come by the thousand."""
new_location = fast_constructor(Location)
"""`Location(...)`, faster: findings come by the thousand."""
