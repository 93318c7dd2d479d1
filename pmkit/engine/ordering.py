"""The one ordering of findings, for every front end: most severe, most important, then place.

`sort_issues` is what `pmkit validate` (text and JSON), the Flags sheet, `PM_FLAGS`, the
sync's Flags tab and the "This week" list all follow (docs/findings.md, *One ordering*).
"""

from __future__ import annotations

from collections.abc import Iterable

from pmkit.engine.issues import Code, Issue, Severity

__all__ = ["HEALTH_CODES", "importance", "rank_key", "sort_issues"]

HEALTH_CODES = frozenset(
    {
        Code.MISSING_LOGIC,
        Code.LEADS,
        Code.LAGS,
        Code.NON_FS_LINKS,
        Code.HARD_CONSTRAINTS,
        Code.HIGH_FLOAT,
        Code.LONG_TASKS,
        Code.INVALID_DATES,
        Code.MISSED_TASKS,
        Code.CRITICAL_PATH_TEST,
        Code.LOW_CPLI,
        Code.LOW_BEI,
    }
)
"""The plan-health checks (after the DCMA 14 points); failed ones become one note."""

# What an owner should read first within a severity: broken promises and work nobody
# watches or nobody has time for before routine lateness; a misspelt Owner (whose load is
# then wrong) and a blank Actual Cost (the cost figures then leave its work out) after it,
# then the project's pace and cost against the plan (SPI, CPI: read once those are right),
# before unapproved scope; plan-health advice last. Codes not listed (the reader's and
# validation's) come after the listed ones of their severity.
_ORDER = (
    Code.DEADLINE_MISSED,
    Code.NEGATIVE_FLOAT,
    Code.STALLED_TASK,
    Code.OWNERLESS_TASK,
    Code.OVERLOADED_OWNER,
    Code.SLIPPING_TASK,
    Code.OVERDUE_TASK,
    Code.UNKNOWN_OWNER,
    Code.DUPLICATE_TEAM_MEMBER,
    Code.MISSING_ACTUAL_COST,
    Code.LOW_SPI,
    Code.LOW_CPI,
    Code.SCOPE_CREEP,
    Code.UNKNOWN_CHANGE_REQUEST,
    Code.SCOPE_GROWTH,
    Code.UNMITIGATED_RISK,
    Code.UNCONFIRMED_SUCCESS_MEASURE,
    Code.UNSCHEDULED_TASK,
    Code.APPROVED_CHANGE,
    Code.REMOVED_TASK,
    Code.UNUSED_TEAM_MEMBER,
    Code.NO_BASELINE,
    Code.NO_CHARTER,
    Code.PLAN_HEALTH,
    *sorted(HEALTH_CODES),
)
_IMPORTANCE = {code: rank for rank, code in enumerate(_ORDER)}
_UNLISTED = len(_ORDER)
RANK = {severity: severity.rank for severity in Severity}
"""Severity → its rank (0 most severe), as a dict: looked up once per finding."""


def importance(code: Code) -> int:
    """The rank of a code within its severity: 0 is read first."""
    return _IMPORTANCE.get(code, _UNLISTED)


def sort_issues(issues: Iterable[Issue], plan_sheet: str = "Plan") -> tuple[Issue, ...]:
    """The one ordering of findings: most severe first; within a severity the most
    important kind first (`importance`); then the Plan sheet before the others, by row and
    column (findings about a whole sheet before its rows, findings with no place last).
    Otherwise stable, so findings about one cell keep the order they were found in."""

    def key(issue: Issue) -> tuple[int, int, int, str, int, int]:
        where = issue.location
        first = (RANK[issue.severity], _IMPORTANCE.get(issue.code, _UNLISTED))
        if where is None:
            return (*first, 2, "", 0, 0)
        return (
            *first,
            0 if where.sheet == plan_sheet else 1,
            where.sheet,
            where.row or 0,
            where.column or 0,
        )

    return tuple(sorted(issues, key=key))


def rank_key(issue: Issue) -> tuple[int, int]:
    """Most severe, then most important kind: which of a task's findings heads its group."""
    return RANK[issue.severity], importance(issue.code)
