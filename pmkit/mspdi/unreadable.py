"""Values a Project file holds that pmkit cannot read: each is named, never dropped in silence.

A workbook cell that is not a date, a percentage or an amount is an error at that cell, and
the task is read without it (docs/reading.md). A Project file gets the same: an element the
reader takes (an actual date, a deadline, % complete, a cost, baseline 0, the project's
Start and Status Date) whose text is not one is an error at the task as Project shows it,
or at the file, in the owner's words with Project's field name; the reader reads it as
blank. Microsoft Project's own "no date" (a year past 2149) is not a value to read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.mspdi.document import ProjectDocument
from pmkit.mspdi.outline import OutlineRow
from pmkit.mspdi.values import parse_datetime, parse_float

__all__ = ["readable_money", "unreadable_project_values", "unreadable_task_values"]

_DATE, _PERCENT, _MONEY = "date", "percent", "money"
_KINDS = {
    _DATE: (Code.BAD_DATE, "blank"),
    _PERCENT: (Code.BAD_PERCENT, "0 %"),
    _MONEY: (Code.BAD_NUMBER, "blank"),
}
"""Each kind of value: the finding's code (as for a workbook cell), and what it is read as."""

_TASK_FIELDS = (
    ("ActualStart", "Actual Start", _DATE),
    ("ActualFinish", "Actual Finish", _DATE),
    ("Deadline", "Deadline", _DATE),
    ("PercentComplete", "% Complete", _PERCENT),
    ("Cost", "Budget", _MONEY),
    ("ActualCost", "Actual Cost", _MONEY),
)
"""Each element the reader takes from a task: its name, the owner's word for it, its kind."""
_BASELINE_FIELDS = (
    ("Start", "Baseline Start", _DATE),
    ("Finish", "Baseline Finish", _DATE),
    ("Cost", "Baseline Cost", _MONEY),
)
"""The same for baseline 0 (Project names these fields Baseline Start, … too)."""
_PROJECT_DATES = (("StartDate", "Project Start"), ("StatusDate", "Status Date"))


def readable_money(text: str | None) -> float | None:
    """A cost of the file: a finite amount above zero (0 is read as "no cost", since
    Microsoft Project writes 0 on every task); None for anything else."""
    value = parse_float(text)
    return value if value is not None and value > 0 else None


def unreadable_task_values(
    document: ProjectDocument, row: OutlineRow, baseline: ET.Element | None
) -> list[Issue]:
    """An error for each value of task `row` (and of its baseline 0) that is not one."""
    fields = [(row.element, name, name, words, kind) for name, words, kind in _TASK_FIELDS]
    if baseline is not None:
        fields += [(baseline, name, words, words, kind) for name, words, kind in _BASELINE_FIELDS]
    issues: list[Issue] = []
    for element, name, field_name, words, kind in fields:
        text = document.text(element, name)
        problem = _problem(text, kind)
        if text is None or problem is None:
            continue
        code, read_as = _KINDS[kind]
        issues.append(
            Issue(
                Severity.ERROR,
                code,
                row.location,
                row.id,
                f"{row.label} has the {words} {text!r} ({field_name}), which {problem}; "
                f"it is read as {read_as}",
            )
        )
    return issues


def unreadable_project_values(document: ProjectDocument) -> list[Issue]:
    """An error at the file for the project's Start or Status Date when it is not a date."""
    issues: list[Issue] = []
    for name, words in _PROJECT_DATES:
        text = document.text(document.root, name)
        if text is not None and _problem(text, _DATE) is not None:
            issues.append(
                Issue(
                    Severity.ERROR,
                    Code.BAD_DATE,
                    Location(document.name),
                    None,
                    f"The project's {words} {text!r} ({name}) in {document.name} is not a "
                    "date; it is read as blank",
                )
            )
    return issues


def _problem(text: str | None, kind: str) -> str | None:
    """What is wrong with `text` as a value of `kind`, or None (also when it is blank)."""
    if text is None or not text.strip():
        return None
    if kind == _DATE:
        day = parse_datetime(text)
        return "is not a date" if day is None or day.year < 1900 else None
    number = parse_float(text)
    if number is None:
        return "is not a number" if kind == _PERCENT else "is not an amount"
    return "is below zero" if kind == _MONEY and number < 0 else None
