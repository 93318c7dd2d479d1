"""The names of the output sheets pmkit writes, kept in one place.

Which existing sheets pmkit may replace under these names — only output sheets pmkit
wrote — is `pmkit.report.ownership`'s rule, for workbooks and Google tabs alike.
"""

from __future__ import annotations

__all__ = ["HISTORY_SHEET", "NIGHTLY_SHEET_NAMES", "OUTPUT_SHEET_NAMES"]

OUTPUT_SHEET_NAMES: tuple[str, ...] = ("Summary", "Schedule", "Flags", "Gantt")
"""The report's sheets (`build_output_sheets`), in workbook order."""
HISTORY_SHEET = "History"
"""The nightly job's trend sheet, written after the report's."""
NIGHTLY_SHEET_NAMES: tuple[str, ...] = (*OUTPUT_SHEET_NAMES, HISTORY_SHEET)
"""Every sheet the nightly job writes into a plan."""
