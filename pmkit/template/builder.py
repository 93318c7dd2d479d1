"""Write an owner-friendly plan workbook from `pmkit.engine.schema`, the one source of truth.

`build_workbook(content)` lays out every input sheet as an Excel table with the house
style, formats, dropdowns and header notes; the template is the empty content and the
sample plan a filled one. `save_workbook` writes it byte for byte the same every time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from pmkit.engine.figures import DATE_COLUMN_WIDTH
from pmkit.engine.schema import (
    BASELINE,
    BASELINE_NUMBER_LABEL,
    BASELINE_SET_ON_LABEL,
    CHANGES,
    CHARTER,
    HOLIDAYS,
    MAX_CAPACITY,
    PLAN,
    RISKS,
    SETTINGS,
    SETTINGS_ROWS,
    TEAM,
    Column,
    Kind,
    SettingRow,
    SheetSchema,
)
from pmkit.outputs.plain_text import keep_as_text
from pmkit.outputs.print_layout import page_setup_for
from pmkit.outputs.text_size import text_height
from pmkit.reading.public_holidays import COMMON_COUNTRIES, country_choice
from pmkit.template import styles
from pmkit.template.instructions import write_instructions
from pmkit.template.saving import FIXED_TIMESTAMP

__all__ = ["BaselineSheet", "WorkbookContent", "build_workbook"]

CellValue = bool | int | float | str | date | None
Row = Mapping[str, object]
"""One row of a sheet, keyed by the schema's field names (`"duration_days"`)."""

VALIDATED_ROWS = 2000
"""Formats and dropdowns reach this far below the header, past the table's end."""
BLANK_PLAN_ROWS = 25
BLANK_LIST_ROWS = 8
SETTINGS_HELP_HEADER = "What it means"
SETTINGS_HELP_WIDTH = 78
SETTINGS_VALUE_WIDTH = 24
"""Wide enough for a project name; the schema's 18 cuts "Online shop relaunch" short."""


@dataclass(frozen=True, slots=True)
class BaselineSheet:
    """The `Baseline` snapshot: when it was set and the frozen rows (BASELINE fields)."""

    set_on: date
    rows: tuple[Row, ...]
    number: int = 1
    """Which baseline this is (1 = the first); written beside the date when not 1."""


@dataclass(frozen=True, slots=True)
class WorkbookContent:
    """What goes into a plan workbook; empty content gives the blank template."""

    title: str = "pmkit plan workbook"
    plan: tuple[Row, ...] = ()
    settings: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    holidays: tuple[Row, ...] = ()
    changes: tuple[Row, ...] = ()
    risks: tuple[Row, ...] = ()
    charter: tuple[Row, ...] = ()
    team: tuple[Row, ...] = ()
    baseline: BaselineSheet | None = None
    history: tuple[Row, ...] = ()
    """Rows of the History sheet the nightly job keeps (`HISTORY_COLUMNS` fields)."""


def build_workbook(content: WorkbookContent) -> Workbook:
    """The whole workbook: Instructions, Plan, Settings, Holidays, Changes, Risks, Charter,
    Team (then Baseline and History when the content has them, and the hidden Lists)."""
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None  # a new Workbook always has one sheet
    write_instructions(instructions)
    _write_table_sheet(workbook, PLAN, content.plan, BLANK_PLAN_ROWS, freeze_columns=2)
    _write_settings(workbook, content.settings)
    _write_table_sheet(workbook, HOLIDAYS, content.holidays, BLANK_LIST_ROWS)
    _write_table_sheet(workbook, CHANGES, content.changes, BLANK_LIST_ROWS)
    _write_table_sheet(workbook, RISKS, content.risks, BLANK_LIST_ROWS)
    _write_table_sheet(workbook, CHARTER, content.charter, BLANK_LIST_ROWS)
    _write_table_sheet(workbook, TEAM, content.team, BLANK_LIST_ROWS)
    if content.baseline is not None:
        _write_baseline(workbook, content.baseline)
    if content.history:
        _write_history(workbook, content.title, content.history)
    _write_lists(workbook)  # hidden, after every sheet the owner sees
    workbook.active = 1 if content.plan else 0
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = sheet is workbook.active
    workbook.properties.title = content.title
    workbook.properties.creator = "pmkit"
    workbook.properties.lastModifiedBy = "pmkit"
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    return workbook


# --- sheets ------------------------------------------------------------------------------


def _write_table_sheet(
    workbook: Workbook,
    schema: SheetSchema,
    rows: tuple[Row, ...],
    blank_rows: int,
    *,
    freeze_columns: int = 0,
) -> Worksheet:
    sheet: Worksheet = workbook.create_sheet(schema.name)
    columns = schema.columns
    _format_columns(sheet, columns, first_data_row=2)
    _write_header(sheet, 1, columns)
    for offset, row in enumerate(rows):
        _write_row(sheet, 2 + offset, columns, row)
    last_row = 1 + (len(rows) or blank_rows)
    _add_table(sheet, schema.name, 1, len(columns), last_row)
    _add_validations(sheet, columns, header_row=1)
    sheet.freeze_panes = f"{get_column_letter(freeze_columns + 1)}2"
    _print_layout(sheet, (1, 1), title_columns=freeze_columns)
    return sheet


def _write_settings(workbook: Workbook, values: Mapping[str, object]) -> Worksheet:
    sheet: Worksheet = workbook.create_sheet(SETTINGS.name)
    columns = SETTINGS.columns
    help_column = len(columns) + 1
    for index, column in enumerate(columns, start=1):
        width = max(column.width, SETTINGS_VALUE_WIDTH) if index == 2 else column.width
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions[get_column_letter(help_column)].width = SETTINGS_HELP_WIDTH
    _write_header(sheet, 1, columns)
    sheet.cell(row=1, column=help_column, value=SETTINGS_HELP_HEADER)
    styles.style_header_row(sheet, 1, 1, help_column)
    for offset, setting in enumerate(SETTINGS_ROWS):
        row = 2 + offset
        sheet.cell(row=row, column=1, value=setting.name)
        value = values.get(setting.field, _default_value(setting))
        value_cell = sheet.cell(row=row, column=2, value=_cell_value(value))
        keep_as_text(value_cell)  # a project named "=…" (from Project XML) stays a name
        value_cell.number_format = styles.number_format_for(setting.kind)
        value_cell.alignment = styles.LEFT_TOP
        value_cell.fill = styles.INPUT_FILL
        help_cell = sheet.cell(row=row, column=help_column, value=setting.help)
        help_cell.alignment = styles.WRAP_TOP
        help_cell.font = styles.MUTED_FONT
        sheet.cell(row=row, column=1).alignment = styles.WRAP_TOP
        sheet.row_dimensions[row].height = text_height(
            setting.help, SETTINGS_HELP_WIDTH, indent_chars=1
        )
        _add_setting_validation(sheet, setting, f"B{row}")
    last_row = 1 + len(SETTINGS_ROWS)
    _add_table(sheet, SETTINGS.name, 1, help_column, last_row)
    _add_header_notes(sheet, columns, header_row=1)
    sheet.freeze_panes = "A2"
    _print_layout(sheet, (1, 1))
    return sheet


def _write_baseline(workbook: Workbook, baseline: BaselineSheet) -> Worksheet:
    sheet: Worksheet = workbook.create_sheet(BASELINE.name)
    # The label sits over the wide Task column and the date right of it, where the reader
    # looks for it; the narrow ID column would cut the label short.
    # A step of indent on each side keeps "Baseline set on" and the date apart.
    label = sheet.cell(row=1, column=2, value=BASELINE_SET_ON_LABEL)
    label.font = styles.SECTION_FONT
    label.alignment = Alignment(horizontal="right", indent=1)
    set_on = sheet.cell(row=1, column=3, value=baseline.set_on)
    set_on.number_format = styles.DATE_FORMAT
    set_on.font = styles.SECTION_FONT
    set_on.alignment = Alignment(horizontal="left", indent=1)
    if baseline.number != 1:
        sheet.cell(row=1, column=4, value=BASELINE_NUMBER_LABEL).font = styles.SECTION_FONT
        sheet.cell(row=1, column=5, value=baseline.number).font = styles.SECTION_FONT
    note = sheet.cell(row=2, column=2, value=BASELINE.help)
    note.font = styles.MUTED_FONT
    header_row = 3
    columns = BASELINE.columns
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    # the date above the table is set in 13 point
    sheet.column_dimensions["C"].width = max(BASELINE.columns[2].width, DATE_COLUMN_WIDTH + 4)
    _write_header(sheet, header_row, columns)
    for offset, row in enumerate(baseline.rows):
        _write_row(sheet, header_row + 1 + offset, columns, row)
    last_row = header_row + max(len(baseline.rows), 1)
    _add_table(sheet, BASELINE.name, header_row, len(columns), last_row)
    sheet.freeze_panes = f"A{header_row + 1}"
    _print_layout(sheet, (header_row, header_row))
    return sheet


HISTORY_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("Run date", "run_date", DATE_COLUMN_WIDTH),
    ("Status", "status", 10),
    ("Forecast finish", "forecast_finish", DATE_COLUMN_WIDTH),
    ("Slip (working days)", "slip_days", 13),
)
"""The first columns of the nightly job's History sheet (`sheets_sync.evaluation`): what a
sample that has been synced for a while holds, and what the close-out review reads."""


def _write_history(workbook: Workbook, title: str, rows: tuple[Row, ...]) -> Worksheet:
    sheet: Worksheet = workbook.create_sheet("History")
    sheet.cell(row=1, column=1, value=f"{title} — nightly history").font = styles.SECTION_FONT
    note = "One row per nightly run (a re-run the same day replaces that day's row)."
    sheet.cell(row=2, column=1, value=note).font = styles.MUTED_FONT
    for index, (header, _, width) in enumerate(HISTORY_COLUMNS, start=1):
        sheet.cell(row=3, column=index, value=header)
        sheet.column_dimensions[get_column_letter(index)].width = width
    styles.style_header_row(sheet, 3, 1, len(HISTORY_COLUMNS))
    kinds = (Kind.DATE, Kind.CHOICE, Kind.DATE, Kind.DAYS)
    for index, kind in enumerate(kinds, start=1):
        sheet.cell(row=3, column=index).alignment = styles.header_alignment_for(kind)
    for offset, row in enumerate(rows, start=4):
        for index, (_, name, _) in enumerate(HISTORY_COLUMNS, start=1):
            cell = sheet.cell(row=offset, column=index, value=_cell_value(row.get(name)))
            cell.alignment = styles.alignment_for(kinds[index - 1])
            if isinstance(row.get(name), date):
                cell.number_format = styles.DATE_FORMAT
    sheet.freeze_panes = "A4"
    _print_layout(sheet, (3, 3))
    return sheet


# --- pieces ------------------------------------------------------------------------------


def _print_layout(sheet: Worksheet, title_rows: tuple[int, int], *, title_columns: int = 0) -> None:
    """Print the sheet as the output sheets print (`pmkit.outputs.print_layout`), from the
    widths its columns have."""
    last = sheet.max_column
    widths = [
        float(sheet.column_dimensions[get_column_letter(c)].width or 8.43)
        for c in range(1, last + 1)
    ]
    styles.set_print_layout(
        sheet, page_setup_for(widths, title_rows=title_rows, title_columns=title_columns)
    )


def _write_header(sheet: Worksheet, row: int, columns: Iterable[Column]) -> None:
    count = 0
    kinds: list[Kind] = []
    for count, column in enumerate(columns, start=1):
        sheet.cell(row=row, column=count, value=column.header)
        kinds.append(column.kind)
    styles.style_header_row(sheet, row, 1, count)
    for index, kind in enumerate(kinds, start=1):
        sheet.cell(row=row, column=index).alignment = styles.header_alignment_for(kind)


def _write_row(sheet: Worksheet, row: int, columns: tuple[Column, ...], values: Row) -> None:
    height = styles.LINE_HEIGHT
    for index, column in enumerate(columns, start=1):
        value = values.get(column.field)
        if value is None or value == "":
            continue
        wrap = _wraps(column)
        cell = sheet.cell(row=row, column=index, value=_cell_value(value))
        keep_as_text(cell)  # a task named "=HYPERLINK(…)" is a name, not a formula
        cell.number_format = styles.number_format_for(column.kind)
        cell.alignment = styles.alignment_for(column.kind, wrap=wrap)
        if wrap:
            height = max(height, text_height(str(value), column.width, indent_chars=1))
    # Excel does not grow wrapped rows by itself, so long notes get their height here.
    if height > styles.LINE_HEIGHT + 3:
        sheet.row_dimensions[row].height = height


def _wraps(column: Column) -> bool:
    """Long free-text columns wrap; everything else stays on one line."""
    return column.kind is Kind.TEXT and column.width >= 30


def _cell_value(value: object) -> CellValue:
    # Whole-number floats (7.0) are written as ints so ids and days look like 7.
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if value is None or isinstance(value, (bool, int, float, str, date)):
        return value
    return str(value)


def _add_table(
    sheet: Worksheet, name: str, header_row: int, last_column: int, last_row: int
) -> None:
    reference = f"A{header_row}:{get_column_letter(last_column)}{last_row}"
    table = Table(displayName=name, ref=reference)
    table.tableStyleInfo = TableStyleInfo(
        name=styles.TABLE_STYLE,
        showFirstColumn=False,
        showLastColumn=False,
        showRowStripes=True,
        showColumnStripes=False,
    )
    sheet.add_table(table)


def _format_columns(sheet: Worksheet, columns: tuple[Column, ...], first_data_row: int) -> None:
    """Widths, and number formats as column styles so rows the owner adds get them too."""
    del first_data_row  # column styles cover every row; kept for symmetry with validations
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        number_format = styles.number_format_for(column.kind)
        if number_format != "General":
            dimension.number_format = number_format


def _add_validations(sheet: Worksheet, columns: tuple[Column, ...], header_row: int) -> None:
    _add_header_notes(sheet, columns, header_row)
    for index, column in enumerate(columns, start=1):
        validation = _column_validation(column)
        if validation is None:
            continue
        letter = get_column_letter(index)
        validation.add(f"{letter}{header_row + 1}:{letter}{header_row + VALIDATED_ROWS}")
        sheet.add_data_validation(validation)


def _add_header_notes(sheet: Worksheet, columns: tuple[Column, ...], header_row: int) -> None:
    """The column's plain-words help pops up when its header cell is selected."""
    for index, column in enumerate(columns, start=1):
        note = DataValidation(
            showInputMessage=True,
            promptTitle=column.header[:32],
            prompt=_prompt_text(column),
        )
        note.add(f"{get_column_letter(index)}{header_row}")
        sheet.add_data_validation(note)


def _prompt_text(column: Column) -> str:
    text = column.help + (" Required." if column.required else "")
    if column.example:
        text += f" Example: {column.example}"
    return text if len(text) <= 255 else column.help[:254] + "…"


def _column_validation(column: Column) -> DataValidation | None:
    if column.choices:
        return _choice_validation(column.header, column.choices)
    if column.kind is Kind.SCORE:
        return _choice_validation(column.header, ("1", "2", "3", "4", "5"))
    if column.kind is Kind.DAYS:
        return DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=column.header[:32],
            error="Working days: a whole number, 0 or more (0 makes a milestone).",
        )
    if column.kind is Kind.PERCENT:
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="1",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=column.header[:32],
            error="Type a percentage from 0% to 100%.",
        )
    if column.kind is Kind.CAPACITY:
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2=f"{MAX_CAPACITY:g}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=column.header[:32],
            error="Type a share of their working week: 100% is full time, 50% half; "
            "a vendor with a team may give more (300% is three people).",
        )
    return None


def _choice_validation(header: str, choices: tuple[str, ...]) -> DataValidation:
    return DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=header[:32],
        error="Pick one of: " + ", ".join(choices) + ".",
    )


LISTS_SHEET = "Lists"
"""A hidden sheet of the template's longer dropdowns (a dropdown typed into the rule holds
at most 255 characters)."""
HOLIDAY_COUNTRIES = "HolidayCountries"
"""The workbook name of the Holiday Country dropdown's list. A dropdown that names a
range on another sheet directly is kept by Excel as an extension some programs drop; one
that goes through a name is not."""


def _write_lists(workbook: Workbook) -> None:
    """The hidden Lists sheet: the Holiday Country choices, `United States (US)`."""
    sheet: Worksheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    sheet.cell(row=1, column=1, value="Holiday Country").font = styles.SECTION_FONT
    for row, (code, name) in enumerate(COMMON_COUNTRIES, start=2):
        sheet.cell(row=row, column=1, value=country_choice(code, name))
    sheet.column_dimensions["A"].width = 40
    last = 1 + len(COMMON_COUNTRIES)
    workbook.defined_names[HOLIDAY_COUNTRIES] = DefinedName(
        HOLIDAY_COUNTRIES, attr_text=f"{LISTS_SHEET}!$A$2:$A${last}"
    )


def _add_setting_validation(sheet: Worksheet, setting: SettingRow, cell: str) -> None:
    validation: DataValidation | None = None
    if setting.field == "holiday_country":
        # Any other code may be typed: the rule informs, it does not refuse.
        validation = DataValidation(
            type="list",
            formula1=HOLIDAY_COUNTRIES,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="information",
            errorTitle=setting.name,
            error=(
                "Not in the list: pmkit reads any country or region code the holidays "
                "package knows, such as US-CA or DE-BY, and says so if it does not."
            ),
        )
    elif setting.choices:
        validation = _choice_validation(setting.name, setting.choices)
    elif setting.kind is Kind.DAYS:
        validation = DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=setting.name[:32],
            error="A whole number of days, 0 or more.",
        )
    if validation is not None:
        validation.add(cell)
        sheet.add_data_validation(validation)


def _default_value(setting: SettingRow) -> object:
    if not setting.default:
        return None
    if setting.kind in (Kind.DAYS, Kind.NUMBER):
        number = float(setting.default)
        return int(number) if number.is_integer() else number
    return setting.default
