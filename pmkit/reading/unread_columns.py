"""The owner's own columns that look like pmkit's: a near-miss header, links in another column.

Columns pmkit does not know are the owner's and are read past. But a header one letter
off (`Predecessor`, `Duraton`) or an everyday word for a column (`% done`, `Due date`)
means the owner expected pmkit to read it, and silently dropping it would drop every
link or every progress figure. Such a header is a warning at its cell saying which
column was meant. Close spellings are found with `difflib` (the standard library's
similarity ratio), on headers without a trailing number, so an owner's `Notes 2`,
`Owner 1` or `Budget 2025` is left alone, as are words that merely contain a column's
name (`Vendor notes`, `Owner email`).

On the Plan sheet, an unread column whose text reads like task links (`3FS+2`, `4, 5`)
is also a warning: those links are not used.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from pmkit.engine.issues import Code, Issue, Location, Severity, column_letter
from pmkit.engine.model import LinkType
from pmkit.engine.schema import PLAN, SheetSchema
from pmkit.reading.grid import Grid
from pmkit.reading.predecessors import parse_predecessors

if TYPE_CHECKING:  # header.py asks `suggested_header` what a missing column's header meant
    from pmkit.reading.header import Header

__all__ = ["link_text_issues", "near_miss_issues", "suggested_header"]

CLOSE_RATIO = 0.8
"""`difflib.SequenceMatcher` ratio from which a header is a misspelling of a known one
(`Predecessor` 0.96, `Duraton` 0.93, `Budjet` 0.83; `Notes 2` is 0.83 but numbered)."""

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Predecessors": (
        "pred",
        "preds",
        "depends on",
        "depends",
        "dependency",
        "dependencies",
        "predecessor ids",
        "waits for",
    ),
    "% Complete": (
        "% done",
        "done %",
        "percent complete",
        "percent done",
        "percentage complete",
        "pct complete",
        "complete %",
        "% completed",
        "progress",
        "% progress",
        "completion",
        "% completion",
    ),
    "Duration": ("days", "duration days", "work days", "working days", "duration working days"),
    "Owner": ("task owner", "assigned to", "assignee", "responsible", "owned by"),
    "Deadline": ("due", "due date", "due by"),
    "Start No Earlier Than": ("snet", "start no earlier", "not before", "start not before"),
    "Actual Start": ("actual start date", "started on", "date started"),
    "Actual Finish": (
        "actual finish date",
        "actual end",
        "actual end date",
        "finished on",
        "completed on",
        "date finished",
        "date completed",
    ),
    "Budget": ("planned cost", "budgeted cost", "estimated cost", "cost estimate"),
    "Actual Cost": ("cost to date", "actual costs", "spent", "spend to date"),
    "Status": ("task status", "state"),
    "Last Update": ("last updated", "updated on", "date updated"),
    "Change Request": ("cr", "cr id", "change request id", "cr ref"),
}
# Plan columns owners keep for dates pmkit works out itself: read past, but said once.
_STARTS = frozenset(
    {"start", "starts", "start date", "start on", "planned start", "planned start date"}
    | {"scheduled start", "early start", "begin", "begins", "begin date"}
)
_FINISHES = frozenset(
    {"finish", "finishes", "finish date", "end", "ends", "end date", "planned finish"}
    | {"planned finish date", "planned end", "planned end date", "scheduled finish"}
    | {"scheduled end", "early finish", "completion date", "target date"}
)
_WORKED_OUT = {
    "start": "each task's start from its predecessors and the Project Start (Settings "
    "sheet), so these dates are not used. To keep a task from starting before a date, put "
    "the date under 'Start No Earlier Than' (rename this column if that is what its "
    "dates mean)",
    "finish": "each task's finish from its start and Duration, so these dates are not "
    "used. For a date a task must be done by, put it under 'Deadline'",
}
_WORDS = re.compile(r"[^\w%]+")
_NUMBERED = re.compile(r"^(.*\D)\s*\d+$")
_LINK_HINT = re.compile(r"\d\s*(?:FS|SS|FF|SF|[+-]\s*\d)|[,;]", re.IGNORECASE)
_SHOWN_LINK_TEXT = 30


def _plain(header: str) -> str:
    """`Duration (days)` → `duration days`: case, punctuation and spacing set aside."""
    return " ".join(_WORDS.sub(" ", header.casefold()).split())


def suggested_header(header: str, schema: SheetSchema, present: set[str]) -> str | None:
    """The known header `header` most likely means, or None when it is the owner's own.

    `present` holds the fields the sheet already has: a second `Duration`-like column
    beside a real one is the owner's own.
    """
    text = _plain(header)
    if not text or _NUMBERED.match(text):
        return None  # `Notes 2`, `Owner 1`, `Budget 2025`: numbered, so deliberately own
    candidates = [column for column in schema.columns if column.field not in present]
    for column in candidates:
        if text in _SYNONYMS.get(column.header, ()):
            return column.header
    squeezed = text.replace(" ", "")
    words = f" {text} "
    best, best_ratio = None, CLOSE_RATIO
    for column in candidates:
        known = _plain(column.header)
        if f" {known} " in words and known != text:
            continue  # `My notes`, `Our status`: a longer name holding the column's own words
        ratio = max(
            difflib.SequenceMatcher(None, text, known).ratio(),
            difflib.SequenceMatcher(None, squeezed, known.replace(" ", "")).ratio(),
        )
        if ratio >= best_ratio:
            best, best_ratio = column.header, ratio
    return best


def near_miss_issues(grid: Grid, header: Header, schema: SheetSchema) -> list[Issue]:
    """A warning at each header cell that reads like one of `schema`'s columns, and on the
    Plan sheet at a filled column of start or finish dates (pmkit works those out)."""
    issues = []
    present = set(header.fields)
    for index, number, text in header.others:
        where = Location(grid.name, header.sheet_row, number)
        worked_out = _worked_out(text) if schema is PLAN else None
        if worked_out is not None:
            if _has_values(grid, header, index):
                message = (
                    f"The column '{text}' is not one pmkit reads: pmkit works out {worked_out}"
                )
                issues.append(Issue(Severity.WARNING, Code.UNREAD_COLUMN, where, None, message))
            continue
        meant = suggested_header(text, schema, present)
        if meant is None:
            continue
        issues.append(
            Issue(
                Severity.WARNING,
                Code.UNREAD_COLUMN,
                where,
                None,
                f"The column '{text}' is not one pmkit reads, so its values are not used; "
                f"did you mean {meant}? Rename the header to '{meant}' to use it",
            )
        )
    return issues


def _worked_out(header: str) -> str | None:
    """What pmkit works out instead of a Plan column headed `header` (`Start Date`), if any."""
    text = _plain(header)
    if text in _STARTS:
        return _WORKED_OUT["start"]
    if text in _FINISHES:
        return _WORKED_OUT["finish"]
    return None


def _has_values(grid: Grid, header: Header, index: int) -> bool:
    """Whether any row under the header holds something in the column at `index`."""
    return any(
        index < len(cells) and cells[index] is not None and cells[index] != ""
        for cells in grid.rows[header.grid_index + 1 :]
    )


def link_text_issues(
    grid: Grid, header: Header, ids: Sequence[str], *, skip: Collection[int] = ()
) -> list[Issue]:
    """A warning for each unread Plan column whose text reads like task links.

    A cell counts when it is text naming tasks of this plan with a link type, a lag or
    more than one task (`3FS+2`, `4, 5`); a lone `3` could be anything. The column is
    reported when two cells count, or when its only value does.
    """
    known = set(ids)
    issues = []
    reads_links = header.number("predecessors")
    for index, number, text in header.others:
        if number in skip:
            continue
        found: list[tuple[int, str]] = []
        values = 0
        for offset, cells in enumerate(grid.rows[header.grid_index + 1 :], start=1):
            value = cells[index] if index < len(cells) else None
            if value is None or value == "":
                continue
            values += 1
            if isinstance(value, str) and _reads_like_links(value, known):
                found.append((header.sheet_row + offset, value.strip()))
                if len(found) >= 2:
                    break
        if not found or (len(found) < 2 and values > 1):
            continue
        row, sample = found[0]
        if len(sample) > _SHOWN_LINK_TEXT:
            sample = sample[: _SHOWN_LINK_TEXT - 1] + "…"
        where = f"{grid.name}!{column_letter(number)}{row}"
        fix = (
            f"pmkit reads links only from the Predecessors column "
            f"({column_letter(reads_links)}), so these are not used"
            if reads_links
            else "pmkit reads links only from a column headed 'Predecessors'; if these are "
            "the links, rename the header"
        )
        issues.append(
            Issue(
                Severity.WARNING,
                Code.UNREAD_COLUMN,
                Location(grid.name, header.sheet_row, number),
                None,
                f"The column '{text}' holds what look like task links ({where}: "
                f"'{sample}'), but {fix}",
            )
        )
    return issues


def _reads_like_links(text: str, known: set[str]) -> bool:
    if not _LINK_HINT.search(text):
        return False
    parsed = parse_predecessors(text, known)
    links = parsed.links
    if parsed.problems or not links or any(link.predecessor not in known for link in links):
        return False
    return len(links) > 1 or any(link.type is not LinkType.FS or link.lag_days for link in links)
