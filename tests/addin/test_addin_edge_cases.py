"""Bad and odd inputs: every one gives an answer or a short message, never a traceback."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from addin import functions as pm

HEADER: list[object] = [
    "ID",
    "Task",
    "Duration",
    "Predecessors",
    "Baseline Finish",
    "% Complete",
    "Owner",
]
STATUS = datetime(2026, 2, 27)  # a Friday: work starts Monday 2 March


def _plan(*rows: list[object]) -> list[list[object]]:
    return [HEADER, *[list(row) for row in rows]]


def test_one_row_plan_classic() -> None:
    """A one-task plan works, with its slip against the baseline."""
    plan = _plan([1.0, "Only task", 5.0, None, datetime(2026, 3, 6), None, "Ann"])
    assert pm.PM_SLIP(plan, 1.0, STATUS) == 0
    assert pm.PM_FORECAST_FINISH(plan, None, STATUS).isoformat() == "2026-03-06"
    assert pm.PM_CRITICAL_PATH(plan, STATUS) == [1]


def test_one_row_plan_officejs() -> None:
    """The same one-task plan in Office.js shape ("", ints, serial dates) gives the same."""
    plan = _plan([1, "Only task", 5, "", 46087, "", "Ann"])
    assert pm.PM_SLIP(plan, 1, 46080) == 0
    assert pm.PM_FLOAT(plan, 1, 46080) == 0


def test_blank_rows_and_office_js_zero_rows_are_skipped() -> None:
    """Rows of None, "" or the zeros Office.js sends for empty references are not tasks."""
    plan = _plan(
        [1, "Design", 5, "", 46087, "", "Ann"],
        [None, None, None, None, None, None, None],
        ["", "", "", "", "", "", ""],
        [0, 0, 0, 0, 0, 0, 0],
        [2, "Build", 3, 1, "", 0, 0],
    )
    schedule = pm.PM_SCHEDULE(plan, 46083)
    assert [row[0] for row in schedule[1:]] == [1, 2]
    flags = pm.PM_FLAGS(plan, "error", 46083)
    assert flags[1][0] == "none"  # a zero Owner or Predecessor is blank, not an error


def test_text_in_a_number_cell_is_a_located_flag_not_a_crash() -> None:
    """Duration 'abc' flags that cell; the other tasks are still answered — task 3's
    float with why it is unknown (task 2, beside it, may take any time: it answered 0)."""
    plan = _plan(
        [1.0, "Design", 5.0, None, None, None, "Ann"],
        [2.0, "Build", "abc", "1", None, None, "Bob"],
        [3.0, "Launch", 1.0, "1", None, None, "Cy"],
    )
    flags = pm.PM_FLAGS(plan, "error", STATUS)
    assert any(row[2] == "Plan!C3" and row[1] == "bad-duration" for row in flags[1:])
    assert pm.PM_FLOAT(plan, 3.0, STATUS) == (
        "PM_FLOAT: the float of task 3 is unknown while 1 task cannot be scheduled until "
        "Plan!C3 is fixed"
    )
    assert pm.PM_FORECAST_FINISH(plan, 3.0, STATUS) is not None
    message = pm.PM_FLOAT(plan, 2.0, STATUS)
    assert isinstance(message, str)
    assert message.startswith("PM_FLOAT: task 2 cannot be scheduled until Plan!C3 is fixed: ")


def test_excel_error_text_in_a_cell_is_a_formula_error_flag() -> None:
    """`#REF!` (Office.js sends errors as text) becomes a located formula-error finding."""
    plan = _plan([1, "Design", "#REF!", "", "", "", "Ann"], [2, "Build", 2, "", "", "", "Bob"])
    flags = pm.PM_FLAGS(plan, "error", 46083)
    assert any(row[2] == "Plan!C2" and "#REF!" in row[4] for row in flags[1:])


def test_cycle_names_every_task_and_answers_the_rest() -> None:
    """A dependency cycle is flagged naming its tasks; a task outside it still has its
    dates, and its float is unknown, with why: it is measured from the project's finish,
    which the tasks in the loop leave unknown (it answered a number)."""
    plan = _plan(
        [1.0, "A", 2.0, "3", None, None, "Ann"],
        [2.0, "B", 2.0, "1", None, None, "Ann"],
        [3.0, "C", 2.0, "2", None, None, "Ann"],
        [4.0, "Outside", 2.0, None, None, None, "Ann"],
    )
    flags = pm.PM_FLAGS(plan, "error", STATUS)
    cycle = [row for row in flags[1:] if row[1] == "dependency-cycle"]
    assert cycle
    assert all(str(task) in " ".join(row[4] for row in cycle) for task in (1, 2, 3))
    assert isinstance(pm.PM_FORECAST_FINISH(plan, 4.0, STATUS), date)
    assert pm.PM_FLOAT(plan, 4.0, STATUS) == (
        "PM_FLOAT: the float of task 4 is unknown while 3 tasks cannot be scheduled until "
        "Plan!D2 is fixed"
    )
    assert pm.PM_STATUS(plan, None, STATUS) in {"Green", "Amber", "Red"}


def test_a_text_id_is_the_id_as_typed_and_a_near_miss_is_named() -> None:
    """As on the Plan sheet, text is an id as typed: "2.0" finds a task whose ID is the
    text 2.0 (WBS numbering), the number 7.0 finds task 7, and the text "7.0" is not
    task 7 but says which task was probably meant, as an unknown predecessor does."""
    plan = _plan(
        [7, "Design", 5, "", "", "", "Ann"],
        ["2.0", "Build", 3, "7", "", "", "Bob"],
        ["T1", "Test", 1, "2.0", "", "", "Cy"],
    )
    assert pm.PM_FLOAT(plan, 7.0, 46083) == pm.PM_FLOAT(plan, 7, 46083) == 0
    assert pm.PM_FLOAT(plan, "2.0", 46083) == 0
    assert pm.PM_FLOAT(plan, "7.0", 46083) == (
        "PM_FLOAT: task 7.0 is not in the plan (did you mean 7?)"
    )
    assert (
        pm.PM_FLOAT(plan, "t1", 46083) == "PM_FLOAT: task t1 is not in the plan (did you mean T1?)"
    )
    assert pm.PM_FLOAT(plan, 2, 46083) == "PM_FLOAT: task 2 is not in the plan"


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(
            lambda: pm.PM_SLIP(_plan([1, "A", 1, "", "", "", "Ann"]), 99),
            "PM_SLIP: task 99 is not in the plan",
            id="unknown-task",
        ),
        pytest.param(
            lambda: pm.PM_SLIP([[1, "A", 1], [2, "B", 2]]),
            "PM_SLIP: the plan range has no header row with ID and Task; "
            "pass the whole table with its headers: Plan[#All]",
            id="range-without-header",
        ),
        pytest.param(
            lambda: pm.PM_STATUS(None),
            "PM_STATUS: the plan range is empty; pass the whole Plan table: Plan[#All]",
            id="empty-plan",
        ),
        pytest.param(
            lambda: pm.PM_FLOAT(_plan([1, "A", 1, "", "", "", "Ann"]), None),
            "PM_FLOAT: task_id is missing; give the ID of a task in the plan",
            id="missing-task-id",
        ),
        pytest.param(
            lambda: pm.PM_EV(_plan([1, "A", 1, "", "", "", "Ann"]), "XYZ"),
            "PM_EV: metric 'XYZ' is not one of: PV, EV, AC, SV, CV, SPI, CPI, EAC, ETC, VAC, "
            "TCPI, SPIt, BAC, ES, …",
            id="unknown-metric",
        ),
        pytest.param(
            lambda: pm.PM_SLIP(_plan([1, "A", 1, "", "", "", "Ann"]), None, "next week"),
            "PM_SLIP: status_date: 'next week' is not a date; write it like 2026-03-13",
            id="bad-status-date",
        ),
        pytest.param(
            lambda: pm.PM_FLAGS(_plan([1, "A", 1, "", "", "", "Ann"]), "severe"),
            "PM_FLAGS: min_severity 'severe' is not one of: error, warning, info",
            id="bad-severity",
        ),
        pytest.param(
            lambda: pm.PM_ADD_WORKDAYS(datetime(2026, 3, 2), "soon"),
            "PM_ADD_WORKDAYS: days 'soon' is not a number of working days",
            id="text-days",
        ),
        pytest.param(
            lambda: pm.PM_ADD_WORKDAYS(datetime(2026, 3, 2), 3_000_000),
            "PM_ADD_WORKDAYS: 3,000,000 working days from 2026-03-02 is past 9999-12-31, "
            "the last date Excel holds",
            id="past-9999",
        ),
        pytest.param(
            lambda: pm.PM_ADD_WORKDAYS(datetime(2026, 3, 2), -800_000),
            "PM_ADD_WORKDAYS: 800,000 working days before 2026-03-02 is before 1900-01-01, "
            "the first date Excel holds",
            id="before-1900",
        ),
        pytest.param(
            lambda: pm.PM_WORKDAYS(None, datetime(2026, 3, 2)),
            "PM_WORKDAYS: start is missing; give a date",
            id="missing-start",
        ),
    ],
)
def test_bad_arguments_give_one_short_message(call: object, expected: str) -> None:
    """Each bad argument becomes `PM_NAME: what is wrong`, never a traceback."""
    assert callable(call)
    assert call() == expected


ONE = _plan([1, "A", 1, "", "", "", "Ann"])


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(
            lambda: pm.PM_SLIP(ONE, "#N/A"),
            "PM_SLIP: task_id: the cell shows the Excel error #N/A",
            id="task-id",
        ),
        pytest.param(
            lambda: pm.PM_EV(ONE, "#REF!"),
            "PM_EV: metric: the cell shows the Excel error #REF!",
            id="metric",
        ),
        pytest.param(
            lambda: pm.PM_FLAGS(ONE, "#VALUE!"),
            "PM_FLAGS: min_severity: the cell shows the Excel error #VALUE!",
            id="min-severity",
        ),
        pytest.param(
            lambda: pm.PM_SCOPE_GROWTH(ONE, "#NAME?"),
            "PM_SCOPE_GROWTH: kind: the cell shows the Excel error #NAME?",
            id="kind",
        ),
        pytest.param(
            lambda: pm.PM_ADD_WORKDAYS(datetime(2026, 3, 2), "#DIV/0!"),
            "PM_ADD_WORKDAYS: days: the cell shows the Excel error #DIV/0!",
            id="days",
        ),
        pytest.param(
            lambda: pm.PM_WORKDAYS("#N/A", datetime(2026, 3, 2)),
            "PM_WORKDAYS: start: the cell shows the Excel error #N/A",
            id="start",
        ),
    ],
)
def test_an_error_cell_as_an_argument_is_named(call: object, expected: str) -> None:
    """An argument showing an Excel error (classic xlwings hands it over as its text:
    every argument asks for `err_to_str`) is named as that error, never taken as blank."""
    assert callable(call)
    assert call() == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(
            lambda: pm.PM_ADD_WORKDAYS(datetime(2026, 3, 2), datetime(2026, 3, 9)),
            "PM_ADD_WORKDAYS: days 2026-03-09 is a date, not a number of working days",
            id="days-a-date",
        ),
        pytest.param(
            lambda: pm.PM_EV(ONE, datetime(2026, 3, 9)),
            "PM_EV: metric 2026-03-09 is not one of: PV, EV, AC, SV, CV, SPI, CPI, EAC, ETC, "
            "VAC, TCPI, SPIt, BAC, ES, …",
            id="metric-a-date",
        ),
        pytest.param(
            lambda: pm.PM_FLAGS(ONE, True),
            "PM_FLAGS: min_severity TRUE is not one of: error, warning, info",
            id="severity-true",
        ),
        pytest.param(
            lambda: pm.PM_SCOPE_GROWTH(ONE, 2.0),
            "PM_SCOPE_GROWTH: kind 2 is not one of: unapproved, approved, unapproved cost, "
            "approved cost",
            id="kind-a-number",
        ),
        pytest.param(
            lambda: pm.PM_SLIP(ONE, True),
            "PM_SLIP: task_id TRUE is not a task ID",
            id="task-id-true",
        ),
    ],
)
def test_a_bad_argument_is_quoted_as_excel_shows_it(call: object, expected: str) -> None:
    """A wrong argument is quoted back as Excel shows it (TRUE, 2026-03-09, 2), never as
    Python writes it (True, datetime.datetime(2026, 3, 9, 0, 0), 2.0)."""
    assert callable(call)
    assert call() == expected


def test_duplicate_headers_are_named_with_their_cells() -> None:
    """Two Duration columns: the reader's sentence, naming both header cells."""
    message = pm.PM_SLIP([["ID", "Task", "Duration", "Duration"], [1, "A", 1, 2]])
    assert message.startswith("PM_SLIP: ")
    assert "two 'Duration' columns" in message
    assert "Plan!C1" in message
    assert "Plan!D1" in message


def test_no_baseline_says_so() -> None:
    """Slip and earned value of a plan without a baseline say "no baseline"."""
    plan = _plan([1, "A", 2, "", "", "", "Ann"])
    assert pm.PM_SLIP(plan, None, 46083) == "no baseline"
    assert pm.PM_SLIP(plan, 1, 46083) == "no baseline"
    assert pm.PM_EV(plan, "SPI", 46083) == "no baseline"


@pytest.mark.parametrize(
    ("start", "finish", "holidays", "expected"),
    [
        pytest.param(datetime(2026, 3, 2), datetime(2026, 3, 13), None, 10, id="two-weeks"),
        pytest.param(46083, 46094, None, 10, id="serials"),
        pytest.param(46083.0, "2026-03-13", [46085.0], 9, id="holiday-list"),
        pytest.param(46083, 46094, [[46085], [""]], 9, id="holiday-2d-with-blank"),
        pytest.param(46094, 46083, None, -10, id="backwards"),
    ],
)
def test_workdays(start: object, finish: object, holidays: object, expected: int) -> None:
    """PM_WORKDAYS counts Mon–Fri minus holidays, both ends included, like NETWORKDAYS."""
    assert pm.PM_WORKDAYS(start, finish, holidays) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(datetime(2026, 3, 6), 1.0, "2026-03-09", id="friday-plus-one"),
        pytest.param(46087, -1, "2026-03-05", id="back-one"),
        pytest.param(datetime(2026, 3, 7), 1, "2026-03-09", id="from-saturday"),
        pytest.param("2026-03-02", "0", "2026-03-02", id="zero-text"),
        pytest.param(datetime(2026, 3, 6), 1.5, "2026-03-09", id="fraction-truncated"),
        pytest.param(datetime(2026, 3, 6), 1.99, "2026-03-09", id="never-rounded-up"),
        pytest.param(46087, -1.5, "2026-03-05", id="negative-toward-zero"),
        pytest.param(datetime(2026, 3, 6), "2.7", "2026-03-10", id="fraction-text"),
        pytest.param(datetime(2026, 3, 6), 0.5, "2026-03-06", id="under-one-is-zero"),
        pytest.param(datetime(2026, 3, 2), 2_000_000, "9692-04-21", id="far-but-in-range"),
    ],
)
def test_add_workdays(start: object, days: object, expected: str) -> None:
    """PM_ADD_WORKDAYS moves like Excel's WORKDAY, which truncates a fraction toward zero."""
    assert pm.PM_ADD_WORKDAYS(start, days).isoformat() == expected


@pytest.mark.parametrize(
    ("holidays", "place"),
    [
        pytest.param([["Date"], ["2026-03-05"], ["next tuesday"]], "row 3", id="table-column"),
        pytest.param([["2026-03-05", "next tuesday"]], "cell 2", id="row-of-cells"),
    ],
)
def test_a_bad_holiday_names_its_place_in_the_range(holidays: object, place: str) -> None:
    """A cell function is given the range's values, not its cells: a holiday that is not a
    date is named by its row (or cell) in the range, and quoted, so the owner finds it."""
    assert pm.PM_WORKDAYS("2026-03-02", "2026-03-20", holidays) == (
        f"PM_WORKDAYS: holidays, {place} of the range: 'next tuesday' is not a date; write it "
        "like 2026-03-13"
    )
