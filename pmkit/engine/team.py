"""The Team sheet against the Plan: Owner names nobody listed, and listed names no task uses.

Names are matched one way everywhere (`model.owner_key`: capitals and spaces do not
matter), and an Owner naming several Team members (`Sam, Priya`, `model.OwnerNames`) is
each of them. Both checks apply only when the Team sheet lists someone: without it, nobody
is expected to be on it.

* **unknown-owner** — an Owner of unfinished work who is not on the Team sheet: one
  finding per name, at the Owner cell of its first task, listing its tasks. A warning
  when the name is probably a misspelling of a Team name (their work is then counted
  apart from that person's, hiding their real load), else a note (counted full time,
  no e-mail).
* **unused-team-member** — a Team name no task in the Plan uses (finished tasks count):
  a note at its Team cell.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from pmkit.engine.figures import join_words
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.model import Plan, Task, owner_key

__all__ = ["CLOSE_NAME_RATIO", "close_team_name", "find_team_flags"]

CLOSE_NAME_RATIO = 0.8
"""`difflib` similarity from which an unknown Owner is probably a misspelt Team name
(`Sam Patell` against `Sam Patel` is 0.95; `Sam` against `Sam Patel` 0.5)."""
_LISTED_TASKS = 8


def find_team_flags(plan: Plan, names: Sequence[str | None], done: Sequence[bool]) -> list[Issue]:
    """unknown-owner and unused-team-member findings; `names` are the tasks' Owner texts
    and `done` their done flags (`TaskDays.done`), by Plan slot.

    Names are compared per distinct text (a plan has a few owners): the tasks are looked
    at one by one only when some Owner is not on the Team sheet.
    """
    if not plan.team:
        return []
    people_of = plan.owner_names()
    # each text's people (`Sam, Priya` is two Team members, `Sam, Bob` one stranger)
    people = {name: people_of.keys(name) for name in set(names) if name}
    used = {key for keys in people.values() for key in keys}
    keys = {name: found[0] for name, found in people.items() if len(found) == 1}
    issues = [
        Issue(
            Severity.INFO,
            Code.UNUSED_TEAM_MEMBER,
            member.location,
            None,
            f"{member.name} is on the Team sheet but owns no task in the Plan",
        )
        for member in plan.team
        if member.key not in used
    ]
    team_keys = {member.key for member in plan.team}
    strangers = {name for name, key in keys.items() if key not in team_keys}
    unknown: dict[str, list[Task]] = {}
    if strangers:
        rows = plan.tasks
        for slot, name in enumerate(names):
            if name in strangers and not done[slot]:  # only finished work: nothing to tell
                unknown.setdefault(keys[name], []).append(rows[slot])
    for tasks in unknown.values():
        name = tasks[0].owner or ""
        ids = [task.id for task in tasks]
        listed = join_words(ids[:_LISTED_TASKS], more=len(ids) - _LISTED_TASKS)
        which = f"task{'' if len(ids) == 1 else 's'} {listed}"
        close = close_team_name(plan, name)
        if close is not None:
            severity = Severity.WARNING
            message = (
                f"Owner “{name}” ({which}) is not on the Team sheet: did you mean "
                f"“{close}”? Until the names agree, this work is counted apart from theirs"
            )
        elif missing := people_of.not_on_team(name):  # `Sam, Bob`: Bob is not listed
            severity = Severity.INFO
            who = join_words([f"“{part}”" for part in missing])
            message = (
                f"Owner “{name}” ({which}) is not on the Team sheet, nor is {who}, so pmkit "
                f"counts “{name}” as one person, full time, with no e-mail: to share the "
                f"task between them, add {who} to the Team sheet"
            )
        else:
            severity = Severity.INFO
            message = (
                f"Owner “{name}” ({which}) is not on the Team sheet, so pmkit counts them full "
                "time and has no e-mail for them: add them there"
            )
        issues.append(
            Issue(
                severity, Code.UNKNOWN_OWNER, plan.location(tasks[0], "owner"), tasks[0].id, message
            )
        )
    return issues


def close_team_name(plan: Plan, name: str) -> str | None:
    """The Team name an Owner not on the Team sheet is probably a misspelling of, if any."""
    team_names = {member.key: member.name for member in plan.team}
    close = difflib.get_close_matches(owner_key(name), team_names, n=1, cutoff=CLOSE_NAME_RATIO)
    return team_names[close[0]] if close else None
