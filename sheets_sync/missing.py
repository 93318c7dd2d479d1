"""Plans gone from their folders: said, never silently dropped.

A folder entry (a local folder, a Drive folder) that was listed tonight may no longer hold
a workbook or spreadsheet it held on its last night: moved, renamed, deleted, trashed, no
longer shared. Such a plan is reported by the run (its table, its log) and recorded as
`missing`, so the portfolio keeps its row with its last figures — while those are at most
`MISSING_DAYS` old; after that it leaves (a renamed workbook is a new plan from its first
night, and the old name should not linger for ever).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sheets_sync.config import PlanSource, SourceKind
from sheets_sync.history import History

__all__ = ["MISSING_DAYS", "GonePlan", "gone_from_folders"]

MISSING_DAYS = 14
"""How long a plan gone from its folder is still said to be, after its last figures."""


@dataclass(frozen=True, slots=True)
class GonePlan:
    """A plan its folder no longer holds: its key and name, its entry, and why."""

    plan_key: str
    plan_name: str
    entry: str
    why: str


def gone_from_folders(
    history: History, listed: Iterable[PlanSource], keys: set[str], night: date
) -> list[GonePlan]:
    """The plans of the folder entries `listed` tonight that held them on their last night
    and no longer do (`keys`: tonight's plans). Raises HistoryError."""
    gone: list[GonePlan] = []
    seen = set(keys)
    for source in listed:
        if source.kind is SourceKind.SPREADSHEET:
            continue
        for plan in history.entry_plans(source.name, night):
            if plan.plan_key in seen:
                continue
            last = history.runs(plan.plan_key, before=night, limit=1)
            if not last or (night - last[-1].run_date).days > MISSING_DAYS:
                continue
            seen.add(plan.plan_key)
            why = _gone_words(source, plan.plan_key)
            gone.append(GonePlan(plan.plan_key, plan.plan_name, source.name, why))
    return gone


def _gone_words(source: PlanSource, plan_key: str) -> str:
    """Why a plan of `source` is not synced tonight: its folder no longer holds it."""
    if source.kind is SourceKind.DRIVE_FOLDER:
        return (
            f"it is no longer in the Drive folder {source.target} (moved, deleted, or no "
            "longer shared with pmkit's account?)"
        )
    name = Path(plan_key.removeprefix("file:")).name
    return f"{name} is no longer in the folder {source.target} (moved, renamed or deleted?)"
