"""Findings and the "This week" list as plain text, the same for every command that prints them:
one line each, whatever line breaks the owner typed in a cell (`single_line`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from pmkit.cli.common import single_line
from pmkit.engine.actions import Action, count_sentence
from pmkit.engine.issues import Issue

__all__ = ["write_issues_text", "write_this_week"]

_DETAIL = "      ↳ "


def write_this_week(actions: Sequence[Action], issues: Sequence[Issue], out: TextIO) -> None:
    """The counts, then each action: who, what, where, and why it matters."""
    out.write(f"{count_sentence(issues, len(actions))}{':' if actions else '.'}\n")
    for number, action in enumerate(actions, start=1):
        where = f" ({action.where})" if action.where else ""
        out.write(single_line(f"  {number}. {action.who}: {action.what}{where}") + "\n")
        if action.why:
            out.write(single_line(f"     {action.why}") + "\n")


def write_issues_text(issues: Sequence[Issue], out: TextIO, *, details: bool = False) -> None:
    """One line per finding, in the one ordering; with `details`, what each one groups."""
    for issue in issues:
        out.write(_line(issue))
        grouped = len(issue.details)
        if grouped and details:
            for detail in issue.details:
                out.write(_DETAIL + _line(detail))
        elif grouped:
            out.write(f"{'':<37}(groups {grouped} findings; --details lists them)\n")
    out.write(f"{count_sentence(issues)}.\n")


def _line(issue: Issue) -> str:
    where = issue.location
    if where is not None and where.place is not None:  # a Project file's task names itself
        place = f"{where.place:<27}"
    else:
        task = f"task {issue.task_id}" if issue.task_id else ""
        place = f"{str(where) if where else '':<14} {task:<12}"
    return (
        single_line(f"{issue.severity.label:<8} {place} {issue.message}  [{issue.code.value}]")
        + "\n"
    )
