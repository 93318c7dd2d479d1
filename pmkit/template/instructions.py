"""The Instructions sheet: what pmkit does, then every sheet and column in plain words.

All the column explanations come from `pmkit.engine.schema`, so they say what the reader does.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from pmkit.engine.schema import (
    BASELINE,
    BASELINE_SET_ON_LABEL,
    CHANGES,
    CHARTER,
    HOLIDAYS,
    OUTPUT_SHEETS,
    PLAN,
    RISKS,
    SETTINGS,
    SETTINGS_ROWS,
    TEAM,
    SheetSchema,
)
from pmkit.outputs.print_layout import page_setup_for
from pmkit.outputs.text_size import text_height
from pmkit.template import styles

__all__ = [
    "CONSTRAINT_EXAMPLES",
    "INSTRUCTIONS_SHEET",
    "PREDECESSOR_EXAMPLES",
    "write_instructions",
]

INSTRUCTIONS_SHEET = "Instructions"

WIDTHS = (21.0, 10.0, 48.0, 20.0)
"""Columns A–D: name, required/default, explanation, example — a portrait page wide at
93 %, A4 or Letter; the Example column as wide as the longest example, in bold."""
TEXT_WIDTH = sum(WIDTHS)

WHAT_PMKIT_DOES = (
    "You list the tasks of your project on the Plan sheet: who owns each one, how many "
    "working days it takes and what it waits for.",
    "pmkit checks every cell, works out the schedule and the forecast, and flags what "
    "needs your attention: scope creep, slipping or stalled tasks, tasks nobody owns, "
    "missed deadlines and risks without a plan.",
    "It writes Schedule, Flags, Summary and Gantt sheets with a red / amber / green "
    "status you can paste into an e-mail, and a Workload sheet: each owner's booked "
    "work week by week and what they should do this week. Your own sheets are never "
    "changed.",
)

STEPS = (
    "1.  Settings: type the project's name and its first working day, and pick your Holiday "
    "Country from the list, so no work is planned on public holidays. Every setting has a "
    "default (below); change the ones that do not suit you.",
    "2.  Plan: one row per task. Only ID, Task and Duration are required; add Owner, "
    "Predecessors, Budget and Deadline where you know them.",
    "3.  When the plan is agreed, set the baseline (the Set baseline button, or: "
    "pmkit baseline plan.xlsx). Progress and scope are measured against it.",
    "4.  Every week: set the Status Date, and update % Complete, Actual Start / Finish, "
    "Actual Cost, Status and Last Update of the tasks in hand.",
    "5.  Write every change to the agreed work on the Changes sheet, with its decision, "
    "and put its CR ID on the tasks it adds or grows. Anything else is scope creep.",
    "6.  Run the report (the Refresh report button, or: pmkit report plan.xlsx) and read "
    "the Summary and the Flags.",
)

PREDECESSOR_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("3", "Starts after task 3 finishes (finish-to-start, the usual kind)."),
    ("3FS+2", "Starts 2 working days after task 3 finishes."),
    ("4SS", "Starts when task 4 starts (start-to-start)."),
    ("4SS+2", "Starts 2 working days after task 4 starts."),
    ("5FF", "Finishes when task 5 finishes (finish-to-finish)."),
    ("5FF-1", "Finishes 1 working day before task 5 finishes (a negative lag is a lead)."),
    (
        "6SF",
        "Finishes when task 6 starts (start-to-finish, rare: keep the old shop open "
        "until the new one starts).",
    ),
    (
        "7FS+3ed",
        "Starts 3 calendar days after task 7 finishes, weekends included (ed = elapsed "
        "days: a bank's review, paint drying). Plain numbers are working days.",
    ),
    ("3, 4SS+2", "Several predecessors: separate them with commas or semicolons."),
)

CONSTRAINT_INTRO = (
    "Most tasks need no date: pmkit works them out from Duration and Predecessors. When a "
    "date is really fixed, say so, as Microsoft Project does: Start No Earlier Than for a "
    "first possible day; Constraint and Constraint Date for the other kinds; Fixed Dates "
    "to keep a task exactly where you put it. Must and No Later Than dates hold a task "
    "even against its predecessors: when those run late, the float goes negative and the "
    "Flags say which tasks cannot make it."
)
CONSTRAINT_EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "Start No Earlier Than 4 May",
        "Not before 4 May (the vendor's first free day). Before the Project Start too, "
        "for a task with no predecessors.",
    ),
    ("Must Start On + 4 May", "Starts on 4 May, whatever its predecessors do."),
    ("Must Finish On + 29 May", "Finishes on 29 May (its last working day), whatever happens."),
    (
        "Finish No Later Than + 29 May",
        "Done by 29 May at the latest: pmkit pulls it earlier if it has to, and warns.",
    ),
    ("Start No Later Than + 4 May", "Started by 4 May at the latest."),
    ("Finish No Earlier Than + 29 May", "Not finished before 29 May (a fixed hand-over day)."),
    ("As Late As Possible", "As late as the tasks after it allow (no date)."),
    (
        "Fixed Dates: Yes",
        "Stays where you put it: starts on its Start No Earlier Than and takes its Duration, "
        "whatever its predecessors do; tasks after it still follow it.",
    ),
)

SHEET_TITLES: tuple[tuple[SheetSchema, str], ...] = (
    (PLAN, "required"),
    (SETTINGS, "optional"),
    (HOLIDAYS, "optional"),
    (CHANGES, "optional"),
    (RISKS, "optional"),
    (CHARTER, "optional"),
    (TEAM, "optional"),
    (BASELINE, "written by Set baseline"),
)

SHEET_NOTES = {
    TEAM.name: " A task needs its owner for each of its working days; the Workload sheet "
    "adds up each owner's tasks week by week against their Capacity, less their Days Off, "
    "and flags a week over 100 %. Owners missing here, and names here no task uses, are "
    "flagged.",
    PLAN.name: " Keep the rows inside the blue-headed table (it grows when you type in the row "
    "below it). Columns you add yourself are kept and ignored.",
    BASELINE.name: f" The date it was set is above the table, beside '{BASELINE_SET_ON_LABEL}'. "
    "Setting a new baseline asks first and keeps the old one; don't type here.",
}

_BOLD = Font(name=styles.FONT_NAME, size=11, bold=True)
_CODE = Font(name=styles.FONT_NAME, size=11, bold=True, color=styles.ACCENT)


def write_instructions(sheet: Worksheet) -> None:
    """Fill `sheet` (renamed Instructions) with the owner's guide to this workbook."""
    sheet.title = INSTRUCTIONS_SHEET
    sheet.sheet_view.showGridLines = False
    for letter, width in zip("ABCD", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    row = _title(sheet)
    row = _section(sheet, row, "What pmkit does", WHAT_PMKIT_DOES)
    row = _section(sheet, row, "How to use this workbook", STEPS)
    for schema, kind in SHEET_TITLES:
        row = _sheet_guide(sheet, row, schema, kind)
        if schema is PLAN:
            row = _predecessor_guide(sheet, row)
    row = _section(
        sheet,
        row,
        "Sheets pmkit writes",
        (
            ", ".join(OUTPUT_SHEETS) + ": written by pmkit and replaced whole on every run. "
            "Don't type in them; anything you add there is lost on the next run. Every "
            "other sheet, and every column you add yourself, is left exactly as it is.",
        ),
    )
    # A heading stays on the page of the text and table rows it introduces.
    rows = range(1, row + 1)
    styles.set_print_layout(
        sheet,
        page_setup_for(
            WIDTHS,
            landscape=False,
            heights=[_row_height(sheet, r) for r in rows],
            keep_with_next=[_kept(sheet, r) for r in rows],
        ),
    )


def _kept(sheet: Worksheet, row: int) -> bool:
    """A heading, the paragraph under it and a table's header row stay on the page of
    the row below them."""
    first = sheet.cell(row=row, column=1)
    if first.font == styles.SECTION_FONT or first.fill == styles.HEADER_FILL:
        return True
    above = sheet.cell(row=row - 1, column=1) if row > 1 else None
    return above is not None and above.font == styles.SECTION_FONT and bool(first.value)


def _row_height(sheet: Worksheet, row: int) -> float:
    height = sheet.row_dimensions[row].height
    return float(height) if height else styles.LINE_HEIGHT


def _title(sheet: Worksheet) -> int:
    sheet.cell(row=1, column=1, value="Project plan workbook").font = styles.TITLE_FONT
    sheet.row_dimensions[1].height = 30
    subtitle = sheet.cell(
        row=2,
        column=1,
        value="Read by pmkit: validated schedule, flags and variance from this workbook.",
    )
    subtitle.font = styles.MUTED_FONT
    return 4


def _section(sheet: Worksheet, row: int, title: str, paragraphs: Sequence[str]) -> int:
    sheet.cell(row=row, column=1, value=title).font = styles.SECTION_FONT
    sheet.row_dimensions[row].height = 21
    row += 1
    for paragraph in paragraphs:
        _paragraph(sheet, row, paragraph)
        row += 1
    return row + 1


def _paragraph(sheet: Worksheet, row: int, text: str, *, font: Font | None = None) -> None:
    cell = sheet.cell(row=row, column=1, value=text)
    cell.alignment = styles.PARAGRAPH_TOP
    if font is not None:
        cell.font = font
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    sheet.row_dimensions[row].height = text_height(text, TEXT_WIDTH)


def _sheet_guide(sheet: Worksheet, row: int, schema: SheetSchema, kind: str) -> int:
    sheet.cell(
        row=row, column=1, value=f"The {schema.name} sheet ({kind})"
    ).font = styles.SECTION_FONT
    sheet.row_dimensions[row].height = 21
    row += 1
    _paragraph(sheet, row, schema.help + SHEET_NOTES.get(schema.name, ""))
    row += 1
    if schema is SETTINGS:
        return _settings_guide(sheet, row)
    headers = ("Column", "Required", "What to write", "Example")
    row = _table_header(sheet, row, headers)
    for column in schema.columns:
        header = sheet.cell(row=row, column=1, value=column.header)
        header.font = _BOLD
        sheet.cell(row=row, column=2, value="Yes" if column.required else "")
        help_text = column.help
        if column.choices:
            help_text += " (pick from the list)"
        sheet.cell(row=row, column=3, value=help_text).alignment = styles.WRAP_TOP
        if column.example:
            sheet.cell(row=row, column=4, value=column.example).font = _CODE
        header.alignment = styles.WRAP_TOP
        for index in (2, 4):
            sheet.cell(row=row, column=index).alignment = styles.LEFT_TOP
        _underline(sheet, row)
        sheet.row_dimensions[row].height = max(
            text_height(help_text, WIDTHS[2], indent_chars=1),
            text_height(column.header, WIDTHS[0], indent_chars=1, bold=True),
        )
        row += 1
    return row + 1


def _settings_guide(sheet: Worksheet, row: int) -> int:
    row = _table_header(sheet, row, ("Setting", "Default", "What it means", ""))
    for setting in SETTINGS_ROWS:
        name = sheet.cell(row=row, column=1, value=setting.name)
        name.font = _BOLD
        name.alignment = styles.WRAP_TOP
        default = sheet.cell(row=row, column=2, value=setting.default or setting.blank_means)
        default.alignment = styles.WRAP_TOP
        sheet.cell(row=row, column=3, value=setting.help).alignment = styles.WRAP_TOP
        _underline(sheet, row)
        height = max(
            text_height(setting.help, WIDTHS[2], indent_chars=1),
            text_height(setting.name, WIDTHS[0], indent_chars=1, bold=True),
            text_height(setting.default or setting.blank_means, WIDTHS[1], indent_chars=1),
        )
        sheet.row_dimensions[row].height = height
        row += 1
    return row + 1


def _predecessor_guide(sheet: Worksheet, row: int) -> int:
    row = _examples_guide(
        sheet,
        row,
        "Writing Predecessors",
        "Predecessors say what a task waits for: the IDs of earlier tasks, each optionally "
        "followed by a link type (FS, SS, FF or SF) and a lag (+2, -1, +3ed).",
        PREDECESSOR_EXAMPLES,
    )
    return _examples_guide(sheet, row, "Pinning dates", CONSTRAINT_INTRO, CONSTRAINT_EXAMPLES)


def _examples_guide(
    sheet: Worksheet, row: int, title: str, intro: str, examples: Sequence[tuple[str, str]]
) -> int:
    sheet.cell(row=row, column=1, value=title).font = styles.SECTION_FONT
    sheet.row_dimensions[row].height = 21
    row += 1
    _paragraph(sheet, row, intro)
    row = _table_header(sheet, row + 1, ("You write", "", "It means", ""))
    for code, meaning in examples:
        code_cell = sheet.cell(row=row, column=1, value=code)
        code_cell.font = _CODE
        code_cell.alignment = styles.LEFT_TOP
        sheet.cell(row=row, column=3, value=meaning).alignment = styles.WRAP_TOP
        _underline(sheet, row)
        sheet.row_dimensions[row].height = text_height(meaning, WIDTHS[2], indent_chars=1)
        row += 1
    return row + 1


def _table_header(sheet: Worksheet, row: int, headers: Sequence[str]) -> int:
    for index, header in enumerate(headers, start=1):
        sheet.cell(row=row, column=index, value=header or None)
    styles.style_header_row(sheet, row, 1, len(headers))
    sheet.row_dimensions[row].height = 20
    return row + 1


def _underline(sheet: Worksheet, row: int) -> None:
    for index in range(1, 5):
        sheet.cell(row=row, column=index).border = styles.SUBTLE_BORDER
