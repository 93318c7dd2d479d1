"""Output sheets pmkit wrote: their names, the marker that proves it, and the rule.

pmkit replaces an output sheet only when it can prove it wrote it: the sheet carries
pmkit's marker (`OUTPUT_MARKER`: developer metadata on a Google tab), or — for sheets
written before markers existed — it is empty or laid out exactly as pmkit lays it out.
An owner's own sheet that happens to be called "Summary" is never replaced: the run
refuses that plan and says which sheet to rename.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "HISTORY_SHEET",
    "NIGHTLY_SHEET_NAMES",
    "OUTPUT_MARKER",
    "OUTPUT_SHEET_NAMES",
    "is_output_sheet",
    "rename_advice",
]

OUTPUT_SHEET_NAMES: tuple[str, ...] = ("Summary", "Schedule", "Flags", "Gantt")
"""The report's sheets (`build_output_sheets`), in workbook order."""
HISTORY_SHEET = "History"
"""The nightly job's trend sheet, written after the report's."""
NIGHTLY_SHEET_NAMES: tuple[str, ...] = (*OUTPUT_SHEET_NAMES, HISTORY_SHEET)
"""Every sheet the nightly job writes into a plan."""
OUTPUT_MARKER = "PMKIT_OUTPUT"
"""The key of the mark pmkit leaves on an output sheet it wrote (its value: the sheet's
name), so a later run can prove the sheet is pmkit's to replace: developer metadata on
a Google tab; the same name, hidden and sheet-scoped, in a workbook."""


def is_output_sheet(name: str, first_rows: Sequence[Sequence[object]]) -> bool:
    """Whether an unmarked sheet called `name` is pmkit's to replace: empty, or laid out
    as pmkit writes it (judged from its first two rows). An owner's own sheet that
    happens to be called "Summary" is not, and must never be overwritten.
    """
    cells = [str(v).strip() for row in first_rows[:2] for v in row if v not in (None, "")]
    if not cells:
        return True
    first = cells[0]
    key = name.strip().casefold()
    if key == "summary":
        return first.endswith(": project status")
    if key == "schedule":
        return cells[:2] == ["ID", "Task"] and "Forecast Finish" in cells
    if key == "flags":
        return cells[:2] == ["Severity", "Code"]
    if key == "gantt":
        return first.startswith("Forecast bars")
    if key == "history":
        return first.endswith("— nightly history")
    return False


def rename_advice(document: str, sheet: str, *, names: Sequence[str] = NIGHTLY_SHEET_NAMES) -> str:
    """The sentence for a refused plan: which of the owner's sheets to rename, and why."""
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    return (
        f"{document} was not changed: it has its own tab '{sheet}', and pmkit writes its "
        f"output tabs under the names {listed}. Rename that tab (for example to "
        f"'My {sheet}') and the next run writes the outputs"
    )
