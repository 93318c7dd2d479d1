"""The Summary's "Since last run" section, which the nightly job adds under the status.

A heading, one line saying what tonight was compared with ("First run: nothing to
compare yet." on a plan's first night), then a short table: what changed, the working
days it is about, and the sentence. Only the first `SHOWN_CHANGES` are listed; the
history database keeps them all (`plan_changes`).
"""

from __future__ import annotations

from pmkit.engine.overnight import Change, ChangeKind, SinceLastRun
from pmkit.outputs.cells import Cell, CellKind, Role, Row, Tone, fit_cell_text

__all__ = [
    "CHANGE_LABELS",
    "SHOWN_CHANGES",
    "SINCE_LAST_RUN_TITLE",
    "change_tone",
    "since_last_run_rows",
]

SINCE_LAST_RUN_TITLE = "Since last run"
SHOWN_CHANGES = 10

CHANGE_LABELS = {
    ChangeKind.FORECAST_UNKNOWN: "Forecast unknown",
    ChangeKind.FORECAST_KNOWN: "Forecast known",
    ChangeKind.FINISH_MOVED: "Finish moved",
    ChangeKind.STATUS_CHANGED: "Status",
    ChangeKind.DEADLINE_AT_RISK: "Deadline at risk",
    ChangeKind.NOW_LATE: "Now late",
    ChangeKind.SLIPPED: "Slipped",
    ChangeKind.NOW_CRITICAL: "Now critical",
    ChangeKind.NOW_STALLED: "Now stalled",
    ChangeKind.NEW_SCOPE_CREEP: "Unapproved scope",
    ChangeKind.RISK_REVIEW_DUE: "Risk review due",
    ChangeKind.FINISHED: "Finished",
    ChangeKind.REMOVED: "Removed",
}
_RED = frozenset(
    {
        ChangeKind.FORECAST_UNKNOWN,
        ChangeKind.FORECAST_KNOWN,  # known again, and later than it last was
        ChangeKind.FINISH_MOVED,
        ChangeKind.DEADLINE_AT_RISK,
        ChangeKind.NOW_LATE,
        ChangeKind.SLIPPED,
    }
)


def change_tone(change: Change) -> Tone:
    """Green for good news; red for a later or unknown finish, a deadline, a late task."""
    if change.good:
        return Tone.GREEN
    return Tone.RED if change.kind in _RED else Tone.AMBER


def since_last_run_rows(since: SinceLastRun) -> list[Row]:
    """The section's rows, five columns wide like the rest of the Summary."""
    rows = [
        Row((Cell(SINCE_LAST_RUN_TITLE, bold=True),), Role.HEADING),
        Row((Cell(since.headline()),), Role.NOTE),
    ]
    if since.note and not since.first_run:  # a first run's note is its headline
        rows.append(Row((Cell(f"{since.note}."),), Role.NOTE))
    if not since.changes:
        return rows
    rows.append(
        Row(
            tuple(Cell(h) for h in ("What changed", "Working days", "", "", "Details")),
            Role.HEADER,
        )
    )
    for change in since.changes[:SHOWN_CHANGES]:
        rows.append(
            Row(
                (
                    Cell(CHANGE_LABELS[change.kind], tone=change_tone(change), bold=True),
                    Cell(change.days, CellKind.INTEGER),
                    Cell(None),
                    Cell(None),
                    Cell(fit_cell_text(change.sentence)),
                )
            )
        )
    more = len(since.changes) - SHOWN_CHANGES
    if more > 0:
        rows.append(
            Row(
                (
                    Cell(
                        f"… and {more} more change{'' if more == 1 else 's'}: "
                        "the Flags sheet lists every finding as it stands tonight."
                    ),
                ),
                Role.NOTE,
            )
        )
    return rows
