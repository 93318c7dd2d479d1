"""Local folders of workbooks (a OneDrive or SharePoint folder synced to the machine).

Every .xlsx/.xlsm directly in the folder is a plan, except Excel's `~$` owner files,
pmkit's own backups (`plan.bak.xlsx`) and temporary files. A workbook open in Excel
(its `~$` owner file sits beside it) is skipped with a message, to be picked up the
next night. Output sheets go through the report's safe in-place writer, which refuses
rather than lose anything in the owner's file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl.chart import LineChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from pmkit.engine.errors import PlanFileError
from pmkit.engine.figures import CELL_DATE_FORMAT
from pmkit.engine.schema import normalize_name
from pmkit.outputs import OutputSheet
from pmkit.report.safe_write import load_for_writing, save_safely
from pmkit.report.xlsx import write_output_sheet
from sheets_sync.errors import LockedWorkbookError
from sheets_sync.evaluation import HISTORY_SHEET

__all__ = ["WORKBOOK_SUFFIXES", "check_not_locked", "list_workbooks", "write_local_outputs"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_SLIP_COLUMN = 4  # "Slip (working days)" in the History sheet


def list_workbooks(folder: Path) -> list[Path]:
    """The plan workbooks directly in `folder`, by name."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name.casefold())
    except FileNotFoundError:
        raise PlanFileError(f"the folder {folder} does not exist") from None
    except NotADirectoryError:
        raise PlanFileError(f"{folder} is not a folder") from None
    except OSError as exc:
        raise PlanFileError(f"cannot list the folder {folder}: {exc.strerror}") from None
    return [
        path
        for path in entries
        if path.suffix.casefold() in WORKBOOK_SUFFIXES
        and not path.name.startswith(("~$", ".", "~"))
        and not path.stem.casefold().endswith(".bak")
        and path.is_file()
    ]


def _owner_files(path: Path) -> list[Path]:
    # Excel names its owner file "~$" + the name, dropping the name's first two
    # characters when the name is long; look for both spellings.
    names = {f"~${path.name}", f"~${path.name[2:]}", f"~${path.name[1:]}"}
    return [path.with_name(name) for name in names]


def check_not_locked(path: Path) -> None:
    """Raise `LockedWorkbookError` when the workbook is open in Excel."""
    if any(owner.exists() for owner in _owner_files(path)):
        raise LockedWorkbookError(
            f"{path.name} is open in Excel (its lock file ~$… is beside it); skipped — "
            "close it and the next run will pick it up"
        )
    try:
        with path.open("r+b"):
            pass
    except PermissionError:
        raise LockedWorkbookError(
            f"{path.name} cannot be opened for writing (open in Excel, or read-only); skipped"
        ) from None


def write_local_outputs(path: Path, sheets: Sequence[OutputSheet]) -> None:
    """Replace the output sheets in the workbook at `path`, in place and safely."""
    workbook = load_for_writing(path)
    names = [sheet.name for sheet in sheets]
    wanted = {normalize_name(name) for name in names}
    positions: dict[str, int] = {}
    for index, worksheet in reversed(list(enumerate(workbook.worksheets))):
        if normalize_name(worksheet.title) in wanted:
            positions[normalize_name(worksheet.title)] = index
            workbook.remove(worksheet)
    # Put each sheet back where it was (ascending, so earlier inserts keep later indexes
    # right); new ones go at the end.
    order = sorted(
        sheets, key=lambda s: positions.get(normalize_name(s.name), len(positions) + 999)
    )
    for sheet in order:
        write_output_sheet(workbook, sheet, positions.get(normalize_name(sheet.name)))
        if sheet.name == HISTORY_SHEET:
            _add_slip_chart(workbook[sheet.name], sheet)
    save_safely(
        workbook,
        path,
        replaced=names,
        advice="The nightly sync leaves this workbook alone until it can be written safely",
    )


def _add_slip_chart(worksheet: Worksheet, sheet: OutputSheet) -> None:
    header = sheet.header_row or 1
    last = len(sheet.rows)
    if last <= header:
        return
    chart = LineChart()
    chart.title = "Project slip (working days)"
    chart.y_axis.title = "Slip"
    chart.x_axis.number_format = CELL_DATE_FORMAT
    data = Reference(worksheet, min_col=_SLIP_COLUMN, min_row=header, max_row=last)
    dates = Reference(worksheet, min_col=1, min_row=header + 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(dates)
    chart.height, chart.width = 7, 16
    worksheet.add_chart(chart, f"A{last + 3}")
