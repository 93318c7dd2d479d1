"""Findings about a plan: one `Issue` per problem, located at the owner's cell.

Issues are data, not exceptions: validation, scheduling and the flag checks each
return a list of them, and the front ends show them all at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from enum import StrEnum
from types import MemberDescriptorType
from typing import Any

__all__ = ["Code", "Issue", "Location", "Severity", "column_letter"]


class Severity(StrEnum):
    """How bad a finding is; errors stop the rows they touch, nothing else."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: sort key, most severe first."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Code(StrEnum):
    """Stable kebab-case codes of every finding (SPEC section 5)."""

    # structure and data (validation)
    DUPLICATE_ID = "duplicate-id"
    MISSING_ID = "missing-id"
    MISSING_NAME = "missing-name"
    BAD_DURATION = "bad-duration"
    BAD_DATE = "bad-date"
    BAD_PERCENT = "bad-percent"
    BAD_NUMBER = "bad-number"
    BAD_VALUE = "bad-value"
    BAD_SETTING = "bad-setting"
    BAD_PREDECESSOR = "bad-predecessor"
    UNKNOWN_PREDECESSOR = "unknown-predecessor"
    SELF_DEPENDENCY = "self-dependency"
    DEPENDENCY_CYCLE = "dependency-cycle"
    UNSCHEDULED_TASK = "unscheduled-task"
    ACTUAL_FINISH_BEFORE_START = "actual-finish-before-start"
    ACTUAL_IN_FUTURE = "actual-in-future"
    OWNERLESS_TASK = "ownerless-task"
    ROUNDED_DURATION = "rounded-duration"
    PERCENT_AS_WHOLE_NUMBER = "percent-as-whole-number"
    UNSUPPORTED_CONSTRAINT = "unsupported-constraint"
    FORMULA_ERROR = "formula-error"
    MERGED_CELLS = "merged-cells"
    UNKNOWN_SETTING = "unknown-setting"
    # progress and variance
    STALLED_TASK = "stalled-task"
    OVERDUE_TASK = "overdue-task"
    SLIPPING_TASK = "slipping-task"
    DEADLINE_MISSED = "deadline-missed"
    NEGATIVE_FLOAT = "negative-float"
    # scope
    SCOPE_CREEP = "scope-creep"
    APPROVED_CHANGE = "approved-change"
    SCOPE_GROWTH = "scope-growth"
    REMOVED_TASK = "removed-task"
    UNKNOWN_CHANGE_REQUEST = "unknown-change-request"
    # governance
    UNMITIGATED_RISK = "unmitigated-risk"
    NO_BASELINE = "no-baseline"
    NO_CHARTER = "no-charter"
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


def column_letter(column: int) -> str:
    """Excel's letters for a 1-based column number: 1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding sits: a sheet, and the owner's 1-based row and column if known.

    >>> str(Location("Plan", 7, 6))
    'Plan!F7'
    """

    sheet: str
    row: int | None = None
    column: int | None = None

    @property
    def cell(self) -> str:
        """The cell reference without the sheet (`F7`), a row (`7:7`), or ''."""
        if self.row is None:
            return column_letter(self.column) if self.column else ""
        if self.column is None:
            return f"{self.row}:{self.row}"
        return f"{column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        cell = self.cell
        return f"{self.sheet}!{cell}" if cell else self.sheet


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: severity, stable code, where it is, which task, and a plain sentence."""

    severity: Severity
    code: Code
    location: Location | None
    task_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{self.severity}: {where}{self.message} [{self.code}]"


def slot_setters(
    cls: type, names: tuple[str, ...]
) -> tuple[Callable[[Any, Any], None], ...] | None:
    """The slot setters of frozen slotted dataclass `cls`, one per field in `names` order;
    None when its fields are no longer exactly `names` (callers fall back to `cls(...)`).

    A frozen dataclass's `__init__` stores each field through `object.__setattr__`, which
    looks the name up again per field; calling the slot's own setter on `object.__new__(cls)`
    builds the same object in about two thirds of the time (findings and task rows are
    built by the ten thousand per analysis).
    """
    if tuple(f.name for f in fields(cls)) != names:
        return None
    descriptors = [cls.__dict__.get(name) for name in names]
    if not all(isinstance(descriptor, MemberDescriptorType) for descriptor in descriptors):
        return None
    return tuple(descriptor.__set__ for descriptor in descriptors)  # type: ignore[union-attr]


def _issue_builder() -> Callable[[Severity, Code, Location | None, str | None, str], Issue]:
    setters = slot_setters(Issue, ("severity", "code", "location", "task_id", "message"))
    if setters is None:
        return Issue
    set_severity, set_code, set_location, set_task_id, set_message = setters
    new = object.__new__

    def new_issue(
        severity: Severity, code: Code, location: Location | None, task_id: str | None, message: str
    ) -> Issue:
        issue = new(Issue)
        set_severity(issue, severity)
        set_code(issue, code)
        set_location(issue, location)
        set_task_id(issue, task_id)
        set_message(issue, message)
        return issue

    return new_issue


def _location_builder() -> Callable[[str, int | None, int | None], Location]:
    setters = slot_setters(Location, ("sheet", "row", "column"))
    if setters is None:
        return Location
    set_sheet, set_row, set_column = setters
    new = object.__new__

    def new_location(sheet: str, row: int | None, column: int | None) -> Location:
        location = new(Location)
        set_sheet(location, sheet)
        set_row(location, row)
        set_column(location, column)
        return location

    return new_location


new_issue = _issue_builder()
"""`Issue(severity, code, location, task_id, message)`, faster: findings come by the thousand."""
new_location = _location_builder()
"""`Location(sheet, row, column)`, faster: findings come by the thousand."""
