"""Which sheets pmkit may replace: only those it can prove it wrote.

**The marker.** Every sheet pmkit writes carries a hidden defined name scoped to that
sheet, `PMKIT_OUTPUT`, whose value names the output it holds (`"Summary"`). A
sheet-scoped name lives and dies with its sheet: Excel keeps it through a rename, a move
or a copy and deletes it with the sheet, so the mark can never pass to a sheet the owner
makes later under the same name (a workbook-level list of names would: rename pmkit's
Summary, make your own, and the list would claim yours). It is hidden, so it does not
crowd Excel's Name Manager, and every writer can set it: the package writer and openpyxl
as a `<definedName localSheetId=…>`, xlwings through the sheet's `names`. A report copy
also carries a workbook-level `PMKIT_REPORT`: the whole file is pmkit's, and the next
report may replace it.

**Sheets written before the marker existed** carry no mark. They are recognised, as
before, by the layout pmkit writes (`is_output_sheet`: the first two rows), and get the
mark on this write, so the fallback serves each workbook once. Refusing them instead
would make every owner rename sheets pmkit itself wrote; an owner's own sheet that
begins exactly as pmkit's does is not a realistic risk. A sheet with no cells and nothing
drawn on it holds nothing to lose and is taken too.

Anything else with an output sheet's name — a worksheet, a chart sheet, a macro sheet —
is the owner's: the write is refused before anything is written, naming the sheet and
what to rename it to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pmkit.engine.errors import WriteRefusedError
from pmkit.engine.schema import BASELINE_SET_ON_LABEL, normalize_name
from pmkit.outputs.cells import OutputSheet, sheets_to_write
from pmkit.outputs.history import HISTORY_TITLE_END
from pmkit.outputs.summary import CLOSE_OUT_TITLE, STATUS_TITLE
from pmkit.outputs.workload import WORKLOAD_FIRST

__all__ = [
    "DASHBOARD_TITLE",
    "OUTPUT_MARKER",
    "REPORT_MARKER",
    "ExistingSheet",
    "SheetKind",
    "check_claims",
    "claim_sheets",
    "is_output_sheet",
    "is_pmkit_sheet",
]

OUTPUT_MARKER = "PMKIT_OUTPUT"
"""The hidden sheet-scoped defined name on every sheet pmkit writes (Google: developer
metadata under the same key)."""
REPORT_MARKER = "PMKIT_REPORT"
"""The hidden workbook-level defined name of a report copy: the whole file is pmkit's."""

DASHBOARD_TITLE = "pmkit dashboard"
"""A1 of the Dashboard sheet `pmkit excel` writes."""
_XLWINGS_CONF_FIRST = "UDF Modules"


class SheetKind(StrEnum):
    """What kind of sheet it is, in the words an owner knows."""

    WORKSHEET = "sheet"
    CHARTSHEET = "chart sheet"
    OTHER = "macro sheet"  # an Excel 4 macro or dialog sheet


@dataclass(frozen=True, slots=True)
class ExistingSheet:
    """What a writer knows of a sheet already in the workbook before it writes.

    `first_rows` (the values of rows 1 and 2, as text) are only needed for a sheet
    without the mark; `empty` means no cell and nothing drawn on it.
    """

    name: str
    kind: SheetKind = SheetKind.WORKSHEET
    marked: bool = False
    first_rows: tuple[tuple[object, ...], ...] = ()
    empty: bool = False


def is_output_sheet(  # noqa: PLR0911 - one answer per layout an older pmkit wrote
    name: str, first_rows: Sequence[Sequence[object]]
) -> bool:
    """Whether an unmarked sheet called `name` is laid out as pmkit writes it (its first
    two rows): a sheet written by a pmkit older than the marker."""
    cells = [str(v).strip() for row in first_rows[:2] for v in row if v not in (None, "")]
    if not cells:
        return False
    first = cells[0]
    key = normalize_name(name)
    if key == "summary":
        return first.endswith((f": {STATUS_TITLE}", f": {CLOSE_OUT_TITLE}"))
    if key == "schedule":
        return cells[:2] == ["ID", "Task"] and "Forecast Finish" in cells
    if key == "flags":
        return cells[:2] == ["Severity", "Code"]
    if key == "gantt":
        return first.startswith("Forecast bars")
    if key == "workload":
        return first.startswith(WORKLOAD_FIRST)
    if key == "history":
        return first.endswith(HISTORY_TITLE_END)
    if key == "dashboard":
        return first == DASHBOARD_TITLE
    if key == "baseline":
        return first == BASELINE_SET_ON_LABEL
    if key == "xlwings.conf":
        return cells == [_XLWINGS_CONF_FIRST, "addin.functions"]
    return False


def is_pmkit_sheet(sheet: ExistingSheet) -> bool:
    """A worksheet pmkit may replace: marked, empty, or in an older pmkit's layout."""
    if sheet.kind is not SheetKind.WORKSHEET:
        return False
    return sheet.marked or sheet.empty or is_output_sheet(sheet.name, sheet.first_rows)


def check_claims(existing: Iterable[ExistingSheet], names: Iterable[str], workbook: str) -> None:
    """Refuse (`WriteRefusedError`, before anything is written) when a sheet pmkit is
    about to write under one of `names` exists and is not pmkit's."""
    wanted = {normalize_name(name) for name in names}
    theirs = [
        sheet
        for sheet in existing
        if normalize_name(sheet.name) in wanted and not is_pmkit_sheet(sheet)
    ]
    if not theirs:
        return
    described = _join([f"{sheet.kind.value} '{sheet.name}'" for sheet in theirs])
    outputs = _join(sorted({sheet.name for sheet in theirs}))
    first = theirs[0].name
    raise WriteRefusedError(
        f"{workbook} was not changed: it has its own {described}, and pmkit writes its "
        f"{outputs} sheet{'s' if len(theirs) > 1 else ''} under that name but replaces only "
        f"sheets it wrote itself. Rename your sheet (for example to 'My {first}') and run "
        "again"
    )


def claim_sheets(
    existing: Iterable[ExistingSheet], sheets: Iterable[OutputSheet], workbook: str
) -> list[OutputSheet]:
    """The sheets of `sheets` to write into `workbook`, which holds `existing`: a
    `refresh_only` sheet only over pmkit's own sheet of its name (`sheets_to_write`);
    refused (`check_claims`) before anything is written when one of them would replace
    the owner's sheet. The one rule for workbooks and Google tabs alike."""
    existing = list(existing)
    ours = {normalize_name(sheet.name) for sheet in existing if is_pmkit_sheet(sheet)}
    written = sheets_to_write(sheets, ours)
    check_claims(existing, [sheet.name for sheet in written], workbook)
    return written


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
