"""The "This week" list on the Summary: the counts, then who, where, the working days at
stake, and what to do and why — the engine's list (`Analysis.this_week`), as every front
end shows it."""

from __future__ import annotations

from pmkit.engine.actions import Action, count_sentence
from pmkit.engine.issues import Severity
from pmkit.engine.results import Analysis
from pmkit.outputs.cells import Cell, CellKind, Role, Row, Tone, fit_cell_text
from pmkit.outputs.flags import link_target

__all__ = ["this_week_rows"]


def this_week_rows(analysis: Analysis) -> list[Row]:
    """The "This week" list: who, where, days and money at stake, what to do and why."""
    rows = [
        Row(
            (Cell(count_sentence(analysis.issues, len(analysis.this_week)), bold=True),),
            Role.HEADING,
        ),
    ]
    if not analysis.this_week:
        rows.append(Row((Cell("Nothing needs you this week."),), Role.NOTE))
    else:
        rows.append(
            Row(
                (
                    Cell("Who"),
                    Cell("Where"),
                    Cell("Days at stake", CellKind.INTEGER),
                    Cell(None),
                    Cell("What to do, and why"),
                ),
                Role.HEADER,
            )
        )
        rows += [_action_row(action) for action in analysis.this_week]
    rows.append(
        Row(
            (
                Cell(
                    f"Every finding ({len(analysis.issues)}) is on the Flags sheet, most "
                    "urgent first."
                ),
            ),
            Role.NOTE,
        )
    )
    return rows


def _action_row(action: Action) -> Row:
    where = action.where
    tone = Tone.RED if action.finding.severity is Severity.ERROR else None
    # the money at stake is in the sentence: a right-aligned figure against the text
    # beside it would read as one word
    return Row(
        (
            Cell(action.who, bold=True, tone=tone),
            Cell(str(where), link=link_target(where)) if where else Cell(None),
            Cell(action.days, CellKind.INTEGER),
            Cell(None),
            Cell(fit_cell_text(f"{action.what}. {action.why}".strip())),
        )
    )
