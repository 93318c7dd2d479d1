"""Read what the owner means, or say that pmkit can't: totals rows, near-miss headers,
links in an unread column, percent formats, formulas never calculated."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

import pmkit
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.reading.cell_facts import uncalculated_cells
from pmkit.reading.formula_values import UncalculatedFormula
from pmkit.reading.grid import is_percent_format
from tests.builders import MONDAY, PLAN_HEADER, rewrite_part, write_workbook

SHEET = "xl/worksheets/sheet1.xml"
TASKS: list[list[object]] = [
    [1, "Design", "Ann", 3, None],
    [2, "Build", "Ann", 2, "1"],
    [3, "Launch", "Ann", 0, "2"],
]


def _issues(plan: pmkit.Plan, code: Code) -> list[Issue]:
    return [issue for issue in plan.issues if issue.code is code]


# -- an Excel table's totals row --------------------------------------------------------------


def _with_totals_row(path: Path) -> Path:
    """The Plan as an Excel table with its totals row shown, as Excel saves it: `Total` in
    the first column, `=SUBTOTAL(109,…)` under Duration with its cached value."""
    write_workbook(path, {"Plan": [PLAN_HEADER, *TASKS, ["Total", None, None, None, None]]})
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    sheet["D5"] = "=SUBTOTAL(109,Plan[Duration])"
    sheet.add_table(Table(displayName="Plan", ref="A1:E5", totalsRowCount=1))
    book.save(path)
    return rewrite_part(
        path,
        SHEET,
        lambda xml: xml.replace(
            b"<f>SUBTOTAL(109,Plan[Duration])</f><v />",
            b"<f>SUBTOTAL(109,Plan[Duration])</f><v>5</v>",
        ),
    )


def test_a_tables_totals_row_is_not_a_task(tmp_path: Path) -> None:
    """The totals row (Total, =SUBTOTAL of the durations) is skipped, not scheduled."""
    plan = pmkit.read_plan(_with_totals_row(tmp_path / "plan.xlsx"))
    assert [task.id for task in plan.tasks] == ["1", "2", "3"]
    assert not [issue for issue in plan.issues if issue.location and issue.location.row == 5]
    analysis = pmkit.analyze(plan)
    assert analysis.summary.critical_path is not None
    assert "Total" not in analysis.summary.critical_path


@pytest.mark.parametrize("label", ["TOTAL", "Total:", " Grand total ", "Subtotal", "Sum"])
def test_a_totals_row_typed_by_hand_is_not_a_task(tmp_path: Path, label: str) -> None:
    """A hand-made plan's own totals row (no ID, `TOTAL` under Task, the durations summed)
    is not a task with a missing ID — that advice would make it one, 5 days long — so the
    forecast stays known; a note says how pmkit read it, in case it is a task after all."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {"Plan": [PLAN_HEADER, *TASKS, [None, label, None, 5, None]]},
    )
    plan = pmkit.read_plan(path)
    assert [task.id for task in plan.tasks] == ["1", "2", "3"]
    [note] = [issue for issue in plan.issues if issue.location and issue.location.row == 5]
    assert (note.severity, note.code, str(note.location)) == (
        Severity.INFO,
        Code.TOTALS_ROW,
        "Plan!B5",
    )
    assert note.message == (
        f"Row 5 (“{label.strip()}”) reads as a totals row, so it is not counted as a "
        "task; if it is a task, give it an ID"
    )
    assert pmkit.analyze(plan).summary.forecast_unknown is None


def test_a_totals_row_with_total_where_the_id_goes_is_not_a_task(tmp_path: Path) -> None:
    """`Total` in the ID column and no Task, as an Excel table's totals row looks but typed
    by hand: not a nameless 5-day task called Total."""
    path = write_workbook(
        tmp_path / "plan.xlsx", {"Plan": [PLAN_HEADER, *TASKS, ["Total", None, None, 5, None]]}
    )
    plan = pmkit.read_plan(path)
    assert [task.id for task in plan.tasks] == ["1", "2", "3"]
    assert [(issue.code, str(issue.location)) for issue in plan.issues] == [
        (Code.TOTALS_ROW, "Plan!A5")
    ]


def test_a_task_without_an_id_is_still_missing_one(tmp_path: Path) -> None:
    """Only a Task that is a totals label alone: `Total rebuild` with no ID is a task."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {"Plan": [PLAN_HEADER, *TASKS, [None, "Total rebuild", "Ann", 5, None]]},
    )
    plan = pmkit.read_plan(path)
    assert [issue.code for issue in plan.issues] == [Code.MISSING_ID]


def test_a_changes_tables_totals_row_is_not_a_change_request(tmp_path: Path) -> None:
    """The Changes table's totals row (Total, summed Days Impact) is not a change request."""
    changes: list[list[object]] = [
        ["CR ID", "Description", "Decision", "Days Impact"],
        ["CR1", "Add a blog", "Approved", 3],
        ["CR2", "Dark mode", "Pending", 2],
        ["Total", None, None, 5],
    ]
    path = write_workbook(
        tmp_path / "plan.xlsx", {"Plan": [PLAN_HEADER, *TASKS], "Changes": changes}
    )
    book = openpyxl.load_workbook(path)
    book["Changes"].add_table(Table(displayName="Changes", ref="A1:D4", totalsRowCount=1))
    book.save(path)
    assert [change.id for change in pmkit.read_plan(path).changes] == ["CR1", "CR2"]


# -- near-miss headers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "meant"),
    [
        pytest.param("Predecessor", "Predecessors", id="singular"),
        pytest.param("% done", "% Complete", id="everyday-word"),
        pytest.param("Predecesors", "Predecessors", id="typo"),
        pytest.param("Dead line", "Deadline", id="spaced"),
        pytest.param("Due date", "Deadline", id="synonym"),
        pytest.param("Satus", "Status", id="short-typo"),
    ],
)
def test_a_near_miss_header_is_a_warning_at_its_cell(
    tmp_path: Path, header: str, meant: str
) -> None:
    """An unknown header close to a known column says which one at the header cell."""
    path = write_workbook(
        tmp_path / "plan.xlsx", {"Plan": [[*PLAN_HEADER[:4], header], *(row[:4] for row in TASKS)]}
    )
    (warning,) = _issues(pmkit.read_plan(path), Code.UNREAD_COLUMN)
    assert warning.severity is Severity.WARNING
    assert str(warning.location) == "Plan!E1"
    assert f"did you mean {meant}?" in warning.message


@pytest.mark.parametrize(
    "header",
    [
        "Notes 2",
        "Vendor",
        "Vendor notes",
        "My notes",
        "Our status",
        "Owner email",
        "Budget 2025",
        "Owner 2",
        "Priority",
        "Start",
        "Comments",
        "Status notes",
        "Cost centre",
    ],
)
def test_the_owners_own_columns_are_not_taken_for_near_misses(tmp_path: Path, header: str) -> None:
    """Numbered, longer or unrelated headers are the owner's own: no warning (an empty
    Start column included: nothing in it is lost)."""
    path = write_workbook(tmp_path / "plan.xlsx", {"Plan": [[*PLAN_HEADER, header], *TASKS]})
    assert _issues(pmkit.read_plan(path), Code.UNREAD_COLUMN) == []


@pytest.mark.parametrize(
    ("header", "instead"),
    [
        pytest.param("Start", "under 'Start No Earlier Than'", id="start"),
        pytest.param("Start Date", "under 'Start No Earlier Than'", id="start-date"),
        pytest.param("Planned start", "under 'Start No Earlier Than'", id="planned-start"),
        pytest.param("End Date", "under 'Deadline'", id="end-date"),
        pytest.param("Finish", "under 'Deadline'", id="finish"),
    ],
)
def test_a_column_of_dates_pmkit_works_out_says_they_are_not_used(
    tmp_path: Path, header: str, instead: str
) -> None:
    """An owner's Start or End Date column, filled in, is read past with a warning at its
    header: pmkit works those dates out, and says where a date it should use goes."""
    rows = [[*row, MONDAY] for row in TASKS]
    path = write_workbook(tmp_path / "plan.xlsx", {"Plan": [[*PLAN_HEADER, header], *rows]})
    (warning,) = _issues(pmkit.read_plan(path), Code.UNREAD_COLUMN)
    assert str(warning.location) == "Plan!F1"
    assert warning.message.startswith(f"The column '{header}' is not one pmkit reads: pmkit ")
    assert "so these dates are not used" in warning.message
    assert instead in warning.message


def test_a_required_column_misspelt_is_named_in_the_refusal(tmp_path: Path) -> None:
    """No Duration column, but `Duraton` in D1: the HeaderError asks whether it is meant."""
    path = write_workbook(
        tmp_path / "plan.xlsx", {"Plan": [["ID", "Task", "Owner", "Duraton"], [1, "A", "Ann", 3]]}
    )
    with pytest.raises(
        pmkit.PlanFileError, match=r"is 'Duraton' \(Plan!D1\) meant to be 'Duration'"
    ):
        pmkit.read_plan(path)


def test_a_near_miss_on_an_optional_sheet_is_a_warning_too(tmp_path: Path) -> None:
    """The Changes sheet's `Decison` column is named as a near miss of Decision."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [PLAN_HEADER, *TASKS],
            "Changes": [["CR ID", "Description", "Decison"], ["CR1", "Add a blog", "Approved"]],
        },
    )
    (warning,) = _issues(pmkit.read_plan(path), Code.UNREAD_COLUMN)
    assert str(warning.location) == "Changes!C1"
    assert "did you mean Decision?" in warning.message


def test_links_in_an_unread_column_are_reported(tmp_path: Path) -> None:
    """A column of `2FS+1`, `1, 2` (this plan's ids) that pmkit does not read says so."""
    rows: list[list[object]] = [
        ["ID", "Task", "Owner", "Duration", "Follows", "Priority"],
        [1, "Design", "Ann", 3, None, 1],
        [2, "Build", "Ann", 2, "1FS+1", 2],
        [3, "Launch", "Ann", 0, "1, 2", 3],
    ]
    plan = pmkit.read_plan(write_workbook(tmp_path / "plan.xlsx", {"Plan": rows}))
    (warning,) = _issues(plan, Code.UNREAD_COLUMN)
    assert str(warning.location) == "Plan!E1"
    assert "Plan!E3: '1FS+1'" in warning.message
    assert "rename the header" in warning.message
    assert all(task.links == () for task in plan.tasks)


# -- percent formats --------------------------------------------------------------------------


def _percent_plan(path: Path, values: list[float], number_format: str) -> Path:
    rows: list[list[object]] = [[*PLAN_HEADER, "% Complete"]]
    rows += [[*task, value] for task, value in zip(TASKS, values, strict=True)]
    write_workbook(path, {"Plan": rows})
    book = openpyxl.load_workbook(path)
    for row in range(2, 2 + len(values)):
        book["Plan"].cell(row, 6).number_format = number_format
    book.save(path)
    return path


def test_a_percent_formatted_cell_showing_150_percent_is_an_error_at_that_cell(
    tmp_path: Path,
) -> None:
    """1.5 in a cell formatted 0% shows 150 %: out of range, not 1.5 %."""
    plan = pmkit.read_plan(_percent_plan(tmp_path / "plan.xlsx", [1.0, 1.5, 0.25], "0%"))
    (error,) = _issues(plan, Code.BAD_PERCENT)
    assert str(error.location) == "Plan!F3"
    assert "shows 150 %" in error.message
    assert [task.percent_complete for task in plan.tasks] == [1.0, 0.0, 0.25]


def test_50_in_a_percent_cell_shows_5000_percent_and_says_how_to_type_50(tmp_path: Path) -> None:
    """LibreOffice keeps 50 typed into a cell formatted 0% as 50, shown 5000 % (Excel
    makes it 0.5): an error, as 150 % is, that says how to type the 50 % meant."""
    plan = pmkit.read_plan(_percent_plan(tmp_path / "plan.xlsx", [50.0, 0.25, 0.0], "0%"))
    (error,) = _issues(plan, Code.BAD_PERCENT)
    assert str(error.location) == "Plan!F2"
    assert error.message.endswith(
        "shows 5000 %; it goes from 0 % to 100 %; if you meant 50 %, type 50%"
    )


def test_a_general_cell_holding_50_is_still_read_as_a_whole_percent(tmp_path: Path) -> None:
    """Without a percent format, 50 is 50 % with a note, as before."""
    plan = pmkit.read_plan(_percent_plan(tmp_path / "plan.xlsx", [50.0, 1.5, 0.0], "General"))
    assert [task.percent_complete for task in plan.tasks] == [0.5, 0.015, 0.0]
    assert len(_issues(plan, Code.PERCENT_AS_WHOLE_NUMBER)) == 2


def test_a_plain_1_among_whole_percents_is_1_percent_not_done(tmp_path: Path) -> None:
    """% Complete typed as whole numbers in General cells (50): a 1 there is 1 %, not
    100 % — it read as done, with all its value earned — with a note naming the number
    that shows how the column is typed."""
    plan = pmkit.read_plan(_percent_plan(tmp_path / "plan.xlsx", [50.0, 1.0, 0.0], "General"))
    assert [task.percent_complete for task in plan.tasks] == [0.5, 0.01, 0.0]
    [note] = [
        i for i in _issues(plan, Code.PERCENT_AS_WHOLE_NUMBER) if str(i.location) == "Plan!F3"
    ]
    assert note.message == (
        "% Complete 1 is read as 1 %, as this column's other plain numbers are whole "
        "percents (Plan!F2: 50); if it means 100 %, type 100%"
    )


def test_a_1_beside_fractions_or_formatted_as_a_percentage_is_still_done(tmp_path: Path) -> None:
    """1 beside fractions (0.5) is 100 %; so is a 1 in a cell formatted as a percentage
    beside a plain 50: its format says what it is."""
    fractions = pmkit.read_plan(_percent_plan(tmp_path / "a.xlsx", [0.5, 1.0, 0.0], "General"))
    assert [task.percent_complete for task in fractions.tasks] == [0.5, 1.0, 0.0]
    path = _percent_plan(tmp_path / "b.xlsx", [50.0, 1.0, 0.0], "General")
    book = openpyxl.load_workbook(path)
    book["Plan"]["F3"].number_format = "0%"
    book.save(path)
    formatted = pmkit.read_plan(path)
    assert [task.percent_complete for task in formatted.tasks] == [0.5, 1.0, 0.0]


def test_a_percent_formatted_scope_creep_threshold_is_a_fraction(tmp_path: Path) -> None:
    """Scope Creep Threshold % of 1.5 formatted 0% is 150, not 1.5."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {"Plan": [PLAN_HEADER, *TASKS], "Settings": [["Scope Creep Threshold %", 1.5]]},
    )
    book = openpyxl.load_workbook(path)
    book["Settings"]["B1"].number_format = "0.0%"
    book.save(path)
    assert pmkit.read_plan(path).settings.scope_creep_threshold_pct == 150.0


@pytest.mark.parametrize(
    ("code", "percent"),
    [
        ("0%", True),
        ("0.00%", True),
        ("0.0%;[Red]-0.0%", True),
        ('0 "%"', False),
        ("0\\%", False),
        ("General", False),
        ("[$%-409]0", False),
    ],
)
def test_percent_formats_are_told_from_text_that_merely_shows_a_percent_sign(
    code: str, percent: bool
) -> None:
    """A `%` inside quotes, escaped or in a locale tag does not scale the value."""
    assert is_percent_format(code) is percent


# -- formulas never calculated ----------------------------------------------------------------


def test_a_formula_never_calculated_says_so_instead_of_blank(tmp_path: Path) -> None:
    """A Duration of `=2+3` saved by a script (no cached value) asks for a save in Excel."""
    path = write_workbook(tmp_path / "plan.xlsx", {"Plan": [PLAN_HEADER, *TASKS]})
    book = openpyxl.load_workbook(path)
    book["Plan"]["D3"] = "=2+3"
    book.save(path)
    plan = pmkit.read_plan(path)
    (error,) = _issues(plan, Code.UNCALCULATED_FORMULA)
    assert str(error.location) == "Plan!D3"
    assert "=2+3" in error.message
    assert "open the file in Excel and save it" in error.message
    assert not [issue for issue in plan.issues if "blank" in issue.message]


def test_rows_of_formulas_never_calculated_are_one_error(tmp_path: Path) -> None:
    """Rows holding only uncalculated formulas (an ID of =ROW()-1 …) are one finding."""
    path = write_workbook(tmp_path / "plan.xlsx", {"Plan": [PLAN_HEADER, *TASKS]})
    book = openpyxl.load_workbook(path)
    for row in range(5, 9):
        book["Plan"][f"A{row}"] = "=ROW()-1"
        book["Plan"][f"B{row}"] = f'=IF(A{row}="","","Task "&A{row})'
    book.save(path)
    plan = pmkit.read_plan(path)
    (error,) = _issues(plan, Code.UNCALCULATED_FORMULA)
    assert str(error.location) == "Plan!A5"
    assert error.message.startswith("Rows 5 to 8 (4 rows) hold only formulas")
    assert [task.id for task in plan.tasks] == ["1", "2", "3"]


@pytest.mark.parametrize(
    ("xml", "found"),
    [
        pytest.param(b'<c r="D3"><f>2+3</f><v /></c>', True, id="openpyxl"),
        pytest.param(b'<c r="D3" s="1"><f>2+3</f></c>', True, id="no-value"),
        pytest.param(b'<c r="D3"><f t="shared" si="0"/></c>', True, id="shared-child"),
        pytest.param(b'<c r="D3" t="str"><f>IF(1,"","")</f><v></v></c>', False, id="empty-text"),
        pytest.param(b'<c r="D3"><f>2+3</f><v>5</v></c>', False, id="calculated"),
    ],
)
def test_uncalculated_formulas_are_told_from_calculated_ones(xml: bytes, found: bool) -> None:
    """No value, `<v/>` or `<v></v>` is uncalculated; an empty-text result (t="str") is not."""
    cells = uncalculated_cells(b'<sheetData><row r="3">' + xml + b"</row></sheetData>")
    assert (
        cells == {(3, 4): cells.get((3, 4))} and isinstance(cells[(3, 4)], UncalculatedFormula)
    ) is found


def test_totals_row_reference_is_read_from_the_table_part(tmp_path: Path) -> None:
    """A table whose ref is written with `$` still gives its last row as the totals row."""
    path = _with_totals_row(tmp_path / "plan.xlsx")
    rewrite_part(
        path, "xl/tables/table1.xml", lambda xml: re.sub(rb'ref="A1:E5"', b'ref="$A$1:$E$5"', xml)
    )
    assert [task.id for task in pmkit.read_plan(path).tasks] == ["1", "2", "3"]


def test_the_add_in_buttons_skip_totals_rows_and_read_percent_formats(tmp_path: Path) -> None:
    """Through xlwings, the table's totals row is not a task and 150 % is out of range."""
    from addin.xlwings_workbook import XlwingsWorkbook
    from tests.addin.fake_xlwings import FakeBook

    path = _with_totals_row(tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    book["Plan"]["F1"] = "% Complete"
    book["Plan"]["F3"] = 1.5
    book["Plan"]["F3"].number_format = "0%"
    book.save(path)
    plan = XlwingsWorkbook(FakeBook(path)).read_plan()
    assert [task.id for task in plan.tasks] == ["1", "2", "3"]
    (error,) = _issues(plan, Code.BAD_PERCENT)
    assert str(error.location) == "Plan!F3"
