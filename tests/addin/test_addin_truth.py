"""The cell functions tell the truth, briefly: unknown forecasts, no status, short answers,
one cached plan per table content and type, plain messages for cells Excel should not send."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from addin import answers, buttons
from addin import functions as pm
from addin.errors import CELL_TEXT_LIMIT, answers_in_cells
from addin.xlwings_workbook import XlwingsWorkbook
from pmkit.cli import main
from pmkit.engine.unscheduled import NO_TASKS
from tests.addin.addin_shapes import Rows, classic, column, officejs
from tests.addin.fake_xlwings import FakeApp, FakeBook
from tests.truth_support import BLANK_DURATION_UNKNOWN, TASK_15_DURATION, broken_sample

Shape = Callable[[Rows], Rows]
SHAPES = [pytest.param(classic, id="classic"), pytest.param(officejs, id="officejs")]
HEADER = ["ID", "Task", "Duration", "Predecessors", "Baseline Finish", "Owner"]
STATUS = datetime(2026, 2, 27)
UNKNOWN = BLANK_DURATION_UNKNOWN


def _broken(sample: dict[str, Rows], shape: Shape) -> tuple[Rows, Rows, Rows]:
    """The sample's Plan with task 15's Duration (E16) blank, with its Holidays and Settings
    (task 15 is in progress: the 21 tasks after it wait for it)."""
    plan = copy.deepcopy(sample["Plan"])
    plan[15][4] = None
    return shape(plan), column(shape(sample["Holidays"]), "Date"), shape(sample["Settings"])


@pytest.mark.parametrize("shape", SHAPES)
def test_project_slip_and_finish_say_the_forecast_is_unknown(
    sample: dict[str, Rows], shape: Shape
) -> None:
    """PM_SLIP(), PM_FORECAST_FINISH() and PM_CRITICAL_PATH() of a plan with a task that
    cannot be scheduled answer the sentence, never a figure from the partial plan."""
    plan, holidays, settings = _broken(sample, shape)
    assert pm.PM_SLIP(plan, None, None, holidays, settings) == UNKNOWN
    assert pm.PM_FORECAST_FINISH(plan, None, None, holidays, settings) == UNKNOWN
    assert pm.PM_CRITICAL_PATH(plan, None, holidays, settings) == [UNKNOWN]
    assert pm.PM_STATUS(plan, None, None, holidays, settings) != "Green"


@pytest.mark.parametrize("shape", SHAPES)
def test_tasks_that_were_scheduled_still_answer(sample: dict[str, Rows], shape: Shape) -> None:
    """Task 2 comes before the broken task: its slip and finish are still given."""
    plan, holidays, settings = _broken(sample, shape)
    assert pm.PM_SLIP(plan, 2, None, holidays, settings) == 1
    assert pm.PM_FORECAST_FINISH(plan, 2, None, holidays, settings) == date(2026, 2, 5)


@pytest.mark.parametrize("shape", SHAPES)
def test_no_task_has_a_float_or_a_critical_mark_while_the_path_is_unknown(
    sample: dict[str, Rows], shape: Shape
) -> None:
    """Task 2 is scheduled, but its float is measured against a finish that is unknown:
    PM_FLOAT says so and why (it answered a number), and PM_SCHEDULE's Critical column
    says `unknown` where it said Yes."""
    plan, holidays, settings = _broken(sample, shape)
    assert pm.PM_FLOAT(plan, 2, None, holidays, settings) == (
        "PM_FLOAT: the float of task 2 is unknown while 22 tasks cannot be scheduled until "
        "Plan!E16 is fixed"
    )
    table = pm.PM_SCHEDULE(plan, None, holidays, settings)
    column = table[0].index("Critical")
    marks = {row[column] for row in table[1:]}
    assert "Yes" not in marks
    assert "unknown" in marks


@pytest.mark.parametrize("shape", SHAPES)
def test_a_task_that_cannot_be_scheduled_is_never_green(
    sample: dict[str, Rows], shape: Shape
) -> None:
    """PM_STATUS of task 15 (its Duration blank) and of task 21 (Green in the intact plan;
    it waits for task 16, which waits for task 15) is not Green: their dates are unknown,
    so nothing says they are on track. Task 2, scheduled before them, keeps its rating."""
    plan, holidays, settings = _broken(sample, shape)
    assert pm.PM_STATUS(shape(sample["Plan"]), 21, None, holidays, settings) == "Green"
    assert pm.PM_STATUS(plan, 15, None, holidays, settings) == "Amber"
    assert pm.PM_STATUS(plan, 21, None, holidays, settings) == "Amber"
    assert pm.PM_STATUS(plan, 2, None, holidays, settings) == "Green"


def test_a_task_with_an_error_in_its_row_is_never_green() -> None:
    """An Actual Cost pmkit cannot read leaves the task scheduled but its figures unknown:
    Amber, as a plan with an error is never Green. An error in another row (a repeated
    ID left out of the plan) does not colour the task that keeps the ID."""
    header = [*HEADER, "Actual Cost"]
    rows = [
        header,
        [1, "Design", 2, None, None, "Ann", 100],
        [2, "Build", 1, "1", None, "Bob", "lots"],
        [1, "Again", 1, None, None, "Cy", None],
    ]
    assert pm.PM_STATUS(rows, 2, STATUS) == "Amber"
    assert pm.PM_STATUS(rows, 1, STATUS) == "Green"


def test_a_plan_with_no_tasks_has_no_status() -> None:
    """An empty Plan table: PM_STATUS and PM_SLIP say what to do first."""
    assert pm.PM_STATUS([HEADER], None, STATUS) == NO_TASKS
    assert pm.PM_SLIP([HEADER], None, STATUS) == NO_TASKS


def test_a_plan_with_an_error_is_never_green() -> None:
    """A task with no name makes an otherwise Green plan Amber."""
    good = [HEADER, [1, "Design", 2, None, None, "Ann"], [2, "Build", 1, "1", None, "Bob"]]
    assert pm.PM_STATUS(good, None, STATUS) == "Green"
    unnamed = [HEADER, [1, "Design", 2, None, None, "Ann"], [2, None, 1, "1", None, "Bob"]]
    assert pm.PM_STATUS(unnamed, None, STATUS) == "Amber"


# -- the cache ------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [(True, 1), (1, True), (False, 0), (0.0, False)])
def test_true_and_one_are_different_plans(first: object, second: object) -> None:
    """TRUE and 1 (FALSE and 0) are equal in Python but not in a plan: whichever comes
    first, the other gets its own answer."""

    def plan(duration: object) -> Rows:
        return [HEADER, [1, "Design", duration, None, None, "Ann"]]

    answers._CACHE.clear()
    cached = pm.PM_FORECAST_FINISH(plan(first), None, STATUS)
    fresh_first = _fresh(lambda: pm.PM_FORECAST_FINISH(plan(first), None, STATUS))
    assert cached == fresh_first
    expected_second = _fresh(lambda: pm.PM_FORECAST_FINISH(plan(second), None, STATUS))
    pm.PM_FORECAST_FINISH(plan(first), None, STATUS)  # the first is cached again
    assert pm.PM_FORECAST_FINISH(plan(second), None, STATUS) == expected_second
    assert answers._CACHE.misses == 2


def _fresh(call: Callable[[], Any]) -> Any:
    answers._CACHE.clear()
    return call()


def test_true_and_one_read_differently() -> None:
    """The premise of the test above: the reader reads TRUE and 1 differently."""
    answers._CACHE.clear()
    with_true = pm.PM_FORECAST_FINISH([HEADER, [1, "Design", True, None, None, "Ann"]], None)
    answers._CACHE.clear()
    with_one = pm.PM_FORECAST_FINISH([HEADER, [1, "Design", 1, None, None, "Ann"]], None)
    assert isinstance(with_one, date)
    assert with_true != with_one


# -- cells Excel should not send ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        pytest.param(
            {"type": "Entity", "text": "MSFT"}, "a record (an Excel data type)", id="dict"
        ),
        pytest.param([1, 2], "a list", id="list"),
        pytest.param({1, 2}, "a list", id="set"),
    ],
)
def test_a_record_or_list_in_a_cell_is_a_plain_message(value: object, kind: str) -> None:
    """A dict or list inside a plan cell names the cell in plain words, not a TypeError."""
    plan = [HEADER, [1, "Design", 2, None, None, "Ann"], [2, "Build", value, "1", None, "Bob"]]
    assert pm.PM_SLIP(plan, None, STATUS) == (
        f"PM_SLIP: Plan!C3 holds {kind}, not a value; use text, a number or a date there"
    )


def test_a_record_in_another_table_names_that_argument() -> None:
    """The same in the holidays range: the message says which argument and which cell."""
    plan = [HEADER, [1, "Design", 2, None, None, "Ann"]]
    holidays = [[datetime(2026, 3, 3)], [{"a": 1}]]
    assert pm.PM_STATUS(plan, None, STATUS, holidays) == (
        "PM_STATUS: holidays: cell A2 holds a record (an Excel data type), not a value; "
        "use text, a number or a date there"
    )


# -- short answers ------------------------------------------------------------------------------


def _loop_plan(size: int) -> Rows:
    """Tasks 1..size in one loop (1 waits for size), then one task outside it."""
    rows: Rows = [HEADER]
    for number in range(1, size + 1):
        rows.append([number, f"Task {number}", 1, str(number - 1 or size), None, "Ann"])
    rows.append([size + 1, "Outside", 1, None, None, "Ann"])
    return rows


@pytest.mark.parametrize("task_id", [1, 7, 40])
def test_a_task_in_a_loop_gets_a_short_answer(task_id: int) -> None:
    """PM_FLOAT of any task of a 40-task loop says so in one short line, not 40 ids."""
    answer = pm.PM_FLOAT(_loop_plan(40), task_id, STATUS)
    assert answer == (
        f"PM_FLOAT: task {task_id} is in a dependency loop of 40 tasks: change a link in it "
        "(Plan!D2; PM_FLAGS lists them)"
    )


def test_a_task_held_up_by_a_loop_says_why_briefly() -> None:
    """A task waiting on a loop is not in it: it says which cell to fix and what it waits
    for, in under 120 characters."""
    plan = [*_loop_plan(40), [42, "After", 1, "40", None, "Ann"]]
    answer = pm.PM_FLOAT(plan, 42, STATUS)
    assert answer == (
        "PM_FLOAT: task 42 cannot be scheduled until Plan!D2 is fixed (it waits for task 1)"
    )
    assert len(answer) <= CELL_TEXT_LIMIT


@pytest.mark.parametrize("shape", SHAPES)
def test_a_task_that_cannot_be_scheduled_names_the_cell_to_fix(
    sample: dict[str, Rows], shape: Shape
) -> None:
    """Task 15's Duration is blank: its own answer names its cell and what is wrong there,
    and task 16, which waits for it, names the same cell (it said only "it waits for a
    task that cannot be (see pmkit validate)", a command an Excel owner does not have)."""
    plan, holidays, settings = _broken(sample, shape)
    assert pm.PM_SLIP(plan, 15, None, holidays, settings) == (
        "PM_SLIP: task 15 cannot be scheduled until Plan!E16 is fixed: Duration is blank; "
        "enter working days (0 for a milestone)"
    )
    assert pm.PM_FORECAST_FINISH(plan, 16, None, holidays, settings) == (
        "PM_FORECAST_FINISH: task 16 cannot be scheduled until Plan!E16 is fixed "
        "(it waits for task 15)"
    )


def test_a_repeated_id_is_not_the_reason_the_task_keeping_it_waits() -> None:
    """Row 4 repeats ID 2 and is left out; task 2 (row 3) cannot be scheduled because it
    waits for task 1, whose Duration is blank: its answer says that, not the other row's
    repeated ID."""
    rows = [
        HEADER,
        [1, "Design", None, None, None, "Ann"],
        [2, "Build", 1, "1", None, "Bob"],
        [2, "Again", 1, None, None, "Cy"],
    ]
    assert pm.PM_FLOAT(rows, 2, STATUS) == (
        "PM_FLOAT: task 2 cannot be scheduled until Plan!C2 is fixed (it waits for task 1)"
    )


def test_every_text_answer_is_capped() -> None:
    """Any text a cell function answers — message or value — stays within the cap."""

    @answers_in_cells("PM_LONG")
    def long_answer(kind: str) -> object:
        if kind == "value":
            return "word " * 100
        if kind == "list":
            return ["word " * 100, 7]
        raise ValueError("never shown")

    value = long_answer("value")
    assert isinstance(value, str)
    assert len(value) == CELL_TEXT_LIMIT
    assert value.endswith("…")
    spilled = long_answer("list")
    assert isinstance(spilled, list)
    assert len(spilled[0]) == CELL_TEXT_LIMIT
    assert spilled[1] == 7
    loop_flags = pm.PM_FLAGS(_loop_plan(40), "error", STATUS)
    assert any(len(row[4]) > CELL_TEXT_LIMIT for row in loop_flags[1:])  # tables stay whole


# -- the buttons ------------------------------------------------------------------------------


def test_buttons_on_a_blank_plan_say_what_to_do_first(tmp_path: Path) -> None:
    """*Set baseline* on the blank template refuses (nothing to freeze, no question asked);
    *Refresh report* gives no status, only what to do first."""
    path = tmp_path / "blank.xlsx"
    main(["template", str(path)])
    book = FakeBook(path, FakeApp(answer="ok"))
    plan_before = dict(book.sheet("Plan").cells)
    message = buttons.set_baseline(XlwingsWorkbook(book))
    assert message.startswith("Set baseline: there is nothing to freeze"), message
    assert book.sheet("Plan").cells == plan_before
    assert "Baseline" not in [sheet.name for sheet in book.sheets]
    refreshed = buttons.refresh_report(XlwingsWorkbook(FakeBook(path)))
    assert refreshed == f"{NO_TASKS}. See the Summary sheet."


def test_build_schedule_button_says_the_forecast_is_unknown(tmp_path: Path) -> None:
    """*Build schedule* on the sample with task 15's Duration blank names the cell to fix."""
    path = broken_sample(tmp_path, {TASK_15_DURATION: None})
    message = buttons.build_schedule(XlwingsWorkbook(FakeBook(path)))
    assert message.startswith(f"{UNKNOWN}. "), message


@pytest.mark.parametrize("shape", SHAPES)
def test_project_slip_past_the_agreed_finish_says_how_late_at_least(shape: Shape) -> None:
    """Task 2 cannot be scheduled, and the agreed finish, Wed 4 Feb, passed before the
    status date with work not done: PM_SLIP says the project is at least 17 working days
    late, then why the forecast is unknown and what to fix — as the Summary does."""
    agreed = datetime(2026, 2, 4)
    plan: Rows = [
        HEADER,
        [1, "Design", 2, None, agreed, "Ann"],
        [2, "Build", None, "1", agreed, "Bob"],
    ]
    answer = pm.PM_SLIP(shape(plan), None, STATUS)
    assert answer == (
        "at least 17 working days late; Forecast unknown: 1 task cannot be scheduled until "
        "Plan!C3 is fixed"
    )
