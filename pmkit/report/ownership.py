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
before, by the layout pmkit writes (`is_output_sheet`: the first two rows; for the Schedule
and Flags tables their whole header row, so a column the owner added makes the sheet
theirs), and get the mark on this write, so the fallback serves each workbook once.
Refusing them instead would make every owner rename sheets pmkit itself wrote; an
owner's own sheet that begins exactly as pmkit's does is not a realistic risk. A sheet
with no cells and nothing drawn on it holds nothing to lose and is taken too.

**A History sheet holds what the plan does not**: the nights the sync recorded, which it
rebuilds from its history database. An unmarked one in an older pmkit's layout is taken
only when every night it holds is among those it is rebuilt with (`sheets_kept_back`):
a fresh database, or a PM who moved machines, would otherwise lose them. Else it is left
as it is, and the write goes on without it; the caller says so. The other output sheets
are rebuilt from the plan itself, so taking an old one loses nothing of the owner's.

Anything else with an output sheet's name — a worksheet, a chart sheet, a macro sheet —
is the owner's: the write is refused before anything is written, naming the sheet and
what to rename it to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from pmkit.engine.errors import WriteRefusedError
from pmkit.engine.figures import format_day, join_words
from pmkit.engine.schema import BASELINE_SET_ON_LABEL, HISTORY_SHEET, normalize_name
from pmkit.outputs.cells import OutputSheet, sheets_to_write
from pmkit.outputs.flags import FLAG_COLUMNS
from pmkit.outputs.history import HISTORY_TITLE_END
from pmkit.outputs.schedule import SCHEDULE_COLUMNS
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
    "sheets_kept_back",
]

OUTPUT_MARKER = "PMKIT_OUTPUT"
"""The hidden sheet-scoped defined name on every sheet pmkit writes (Google: developer
metadata under the same key)."""
REPORT_MARKER = "PMKIT_REPORT"
"""The hidden workbook-level defined name of a report copy: the whole file is pmkit's."""

DASHBOARD_TITLE = "pmkit dashboard"
"""A1 of the Dashboard sheet `pmkit excel` writes."""
_XLWINGS_CONF_FIRST = "UDF Modules"
# The header rows of the two tables (the same since before the mark): a table sheet whose
# header has a column more, or one less, is an owner's, however it begins.
_SCHEDULE_HEADER = [header for header, _, _ in SCHEDULE_COLUMNS]
_FLAGS_HEADER = [header for header, _ in FLAG_COLUMNS]


class SheetKind(StrEnum):
    """What kind of sheet it is, in the words an owner knows."""

    WORKSHEET = "sheet"
    CHARTSHEET = "chart sheet"
    OTHER = "macro sheet"  # an Excel 4 macro or dialog sheet


@dataclass(frozen=True, slots=True)
class ExistingSheet:
    """What a writer knows of a sheet already in the workbook before it writes.

    `first_rows` (the values of rows 1 and 2, as text) are only needed for a sheet
    without the mark — every row of a History sheet, to see which nights it holds;
    `empty` means no cell and nothing drawn on it.
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
    header = [str(v).strip() for v in first_rows[0] if v not in (None, "")]
    if key == "schedule":  # its header row exactly: a column of the owner's makes it theirs
        return header == _SCHEDULE_HEADER
    if key == "flags":
        return header == _FLAGS_HEADER
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
    names = list(names)
    wanted = {normalize_name(name) for name in names}
    theirs = [
        sheet
        for sheet in existing
        if normalize_name(sheet.name) in wanted and not is_pmkit_sheet(sheet)
    ]
    if not theirs:
        return
    described = join_words([f"{sheet.kind.value} '{sheet.name}'" for sheet in theirs])
    ours = {normalize_name(name): name for name in names}  # pmkit's own spelling
    outputs = join_words(sorted({ours[normalize_name(sheet.name)] for sheet in theirs}))
    first = theirs[0].name.strip()
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
    kept = sheets_kept_back(existing, sheets)
    written = [sheet for sheet in sheets_to_write(sheets, ours) if sheet.name not in kept]
    check_claims(existing, [sheet.name for sheet in written], workbook)
    return written


def sheets_kept_back(
    existing: Iterable[ExistingSheet], sheets: Iterable[OutputSheet]
) -> dict[str, str]:
    """The sheets of `sheets` not to write, each with why, in a PM's words: an unmarked
    History sheet in an older pmkit's layout that holds nights the new one would not
    (or whose nights cannot all be read), which rebuilding would lose."""
    old = {
        normalize_name(sheet.name): sheet
        for sheet in existing
        if not sheet.marked and not sheet.empty and is_pmkit_sheet(sheet)
    }
    kept = {}
    for sheet in sheets:
        found = old.get(normalize_name(sheet.name))
        if found is None or normalize_name(sheet.name) != normalize_name(HISTORY_SHEET):
            continue
        held = history_nights(found.first_rows)
        shown = history_nights(tuple(tuple(c.value for c in row.cells) for row in sheet.rows))
        if held is not None and shown is not None and held <= shown:
            continue
        kept[sheet.name] = _kept_history(found.name, held, shown or frozenset())
    return kept


def _kept_history(name: str, held: frozenset[date] | None, shown: frozenset[date]) -> str:
    if held is None:
        what = "an older pmkit wrote it, and some of its rows cannot be read as nights"
    else:
        lost = sorted(held - shown)
        count = f"{len(lost)} night{'s' if len(lost) != 1 else ''}"
        span = format_day(lost[0]) + ("" if len(lost) == 1 else f" to {format_day(lost[-1])}")
        what = f"it holds {count} ({span}) that pmkit's history database does not"
    return (
        f"the {name} tab was left as it is: {what}, and rebuilding it would lose them. "
        f"To keep them, rename that tab (for example to 'Old {name}'); the next run then "
        f"starts a new {HISTORY_SHEET} tab"
    )


_HISTORY_FIRST_COLUMN = "Run date"
_EXCEL_EPOCH = date(1899, 12, 30)


def history_nights(rows: Sequence[Sequence[object]]) -> frozenset[date] | None:
    """The run dates a History sheet's rows hold (its first column under "Run date"), read
    from dates, Excel or Google serial numbers, or their text; None when one cannot be
    read without doubt (or there is no such header)."""
    header = next(
        (i for i, row in enumerate(rows) if row and str(row[0]).strip() == _HISTORY_FIRST_COLUMN),
        None,
    )
    if header is None:
        return None
    nights = set()
    for row in rows[header + 1 :]:
        if not any(value not in (None, "") for value in row):
            continue
        night = _night(row[0])
        if night is None:
            return None
        nights.add(night)
    return frozenset(nights)


def _night(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != int(value) or not 1 <= value <= 2_958_465:  # whole days, to 9999-12-31
            return None
        return _EXCEL_EPOCH + timedelta(days=int(value))
    return None
