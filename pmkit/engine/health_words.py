"""Plan health's notes in owner words (`pmkit.engine.health`): how much, against which
limit, and what to do."""

from __future__ import annotations

from pmkit.engine.figures import format_percent, format_ratio
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import Plan
from pmkit.engine.results import HealthCheck

__all__ = ["CHECK_CODES", "health_note"]


def health_note(plan: Plan, check: HealthCheck) -> Issue:
    """One note in owner words: how much, against which limit, and what to do. Plan
    health is advice about how the plan is built, worth knowing rather than urgent."""
    value = check.value if check.value is not None else 0.0
    message = _FAILURES[check.name].format(
        share=format_percent(value),
        limit=format_percent(check.threshold),
        value=format_ratio(value),
    )
    return Issue(
        Severity.INFO,
        CHECK_CODES[check.name],
        Location(plan.plan_sheet),
        None,
        f"Plan health: {message}",
    )


_FAILURES = {
    "Missing logic": "{share} of unfinished tasks have no predecessor or no successor "
    "(limit {limit}); link them so their dates follow the work they depend on",
    "Leads": "{share} of links have a lead (a negative lag; none is allowed), so work "
    "would start before what it depends on is done",
    "Lags": "{share} of links have a lag (limit {limit}); waiting time hidden in a link "
    "belongs in a task of its own",
    "Non-FS links": "{share} of links are not finish-to-start (limit {limit}); other link "
    "types make the critical path hard to follow",
    "Hard constraints": "{share} of unfinished tasks carry a hard date constraint (Must "
    "Start / Finish On, Start / Finish No Later Than; limit {limit}); fixed dates override "
    "the links",
    "High float": "{share} of unfinished tasks have more than 44 working days of float "
    "(limit {limit}); they are probably missing links",
    "Long tasks": "{share} of unfinished tasks last more than 44 working days "
    "(limit {limit}); split them so progress can be tracked",
    "Invalid dates": "{share} of tasks have an actual date after the status date or "
    "unfinished work forecast in the past (none is allowed)",
    "Missed tasks": "{share} of the tasks due by their baseline finish finished late or "
    "not at all (limit {limit})",
    "Critical path test": "the critical tasks do not link up, unbroken, into the project "
    "finish, so a delay on them might not show; check their links",
    "Critical path length index": "the critical path length index (CPLI) is {value} "
    "(at least 0.95): the remaining critical work must go faster than planned to meet "
    "the agreed finish",
    "Baseline execution index": "{share} of the tasks the baseline said would be done by "
    "now are done (baseline execution index, BEI, {value}; at least 0.95)",
}

CHECK_CODES = {
    "Missing logic": Code.MISSING_LOGIC,
    "Leads": Code.LEADS,
    "Lags": Code.LAGS,
    "Non-FS links": Code.NON_FS_LINKS,
    "Hard constraints": Code.HARD_CONSTRAINTS,
    "High float": Code.HIGH_FLOAT,
    "Long tasks": Code.LONG_TASKS,
    "Invalid dates": Code.INVALID_DATES,
    "Missed tasks": Code.MISSED_TASKS,
    "Critical path test": Code.CRITICAL_PATH_TEST,
    "Critical path length index": Code.LOW_CPLI,
    "Baseline execution index": Code.LOW_BEI,
}
