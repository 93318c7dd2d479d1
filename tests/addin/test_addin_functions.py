"""The PM_ cell functions on the sample plan, as classic xlwings and as Office.js send it.

Every answer must equal what `pmkit schedule --format json` says about the same workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from addin import answers as pm_answers
from addin import functions as pm
from pmkit.engine.variance import NO_ACTUAL_COST
from tests.addin.addin_shapes import Rows, classic, column, officejs, sheet_tables
from tests.truth_support import broken_sample

Shape = Callable[[Rows], Rows]
SHAPES = [pytest.param(classic, id="classic"), pytest.param(officejs, id="officejs")]


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _inputs(sample: dict[str, Rows], shape: Shape) -> dict[str, Any]:
    """The arguments the Dashboard formulas pass: Plan, Holidays, Settings, Changes, Baseline."""
    return {
        "plan": shape(sample["Plan"]),
        "holidays": column(shape(sample["Holidays"]), "Date"),
        "settings": shape(sample["Settings"]),
        "changes": shape(sample["Changes"]),
        "baseline": shape(sample["Baseline"]),
    }


@pytest.mark.parametrize("shape", SHAPES)
def test_project_figures_agree_with_the_cli(
    sample: dict[str, Rows], cli_json: dict[str, Any], shape: Shape
) -> None:
    """Project slip, finish, status and critical path equal `pmkit schedule --format json`."""
    given = _inputs(sample, shape)
    plan, holidays, settings = given["plan"], given["holidays"], given["settings"]
    project = cli_json["project"]
    assert pm.PM_SLIP(plan, None, None, holidays, settings) == project["slip"]
    finish = pm.PM_FORECAST_FINISH(plan, None, None, holidays, settings)
    assert _iso(finish) == project["forecast_finish"]
    assert pm.PM_STATUS(plan, None, None, holidays, settings) == project["status"]
    path = pm.PM_CRITICAL_PATH(plan, None, holidays, settings)
    assert [str(task_id) for task_id in path] == project["critical_path"]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_task_agrees_with_the_cli(
    sample: dict[str, Rows], cli_json: dict[str, Any], shape: Shape
) -> None:
    """PM_SLIP, PM_FLOAT and PM_FORECAST_FINISH of each task equal the CLI's task fields."""
    given = _inputs(sample, shape)
    plan, holidays, settings = given["plan"], given["holidays"], given["settings"]
    for task in cli_json["tasks"]:
        task_id = task["id"]
        slip = pm.PM_SLIP(plan, task_id, None, holidays, settings)
        assert slip == (task["slip"] if task["slip"] is not None else "no baseline"), task_id
        assert pm.PM_FLOAT(plan, task_id, None, holidays, settings) == task["total_float"]
        finish = pm.PM_FORECAST_FINISH(plan, task_id, None, holidays, settings)
        assert _iso(finish) == task["forecast_finish"], task_id


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("metric", "field"),
    [
        pytest.param("PV", "pv", id="PV"),
        pytest.param("EV", "ev", id="EV"),
        pytest.param("AC", "ac", id="AC"),
        pytest.param("SV", "sv", id="SV"),
        pytest.param("CV", "cv", id="CV"),
        pytest.param("SPI", "spi", id="SPI"),
        pytest.param("cpi", "cpi", id="cpi-lower-case"),
        pytest.param("EAC", "eac", id="EAC"),
        pytest.param("ETC", "etc", id="ETC"),
        pytest.param("VAC", "vac", id="VAC"),
        pytest.param("TCPI", "tcpi", id="TCPI"),
        pytest.param("SPIt", "spi_t", id="SPIt"),
    ],
)
def test_earned_value_agrees_with_the_cli(
    sample: dict[str, Rows], cli_json: dict[str, Any], shape: Shape, metric: str, field: str
) -> None:
    """PM_EV gives each earned-value figure exactly as the CLI's project fields."""
    given = _inputs(sample, shape)
    value = pm.PM_EV(given["plan"], metric, None, given["holidays"], given["settings"])
    assert value == pytest.approx(cli_json["project"][field])


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(
    ("kind", "field"),
    [
        pytest.param(None, "scope_growth_days", id="default-unapproved"),
        pytest.param("approved", "approved_growth_days", id="approved"),
        pytest.param("Unapproved Cost", "scope_growth_cost", id="unapproved-cost"),
        pytest.param("approved cost", "approved_growth_cost", id="approved-cost"),
    ],
)
def test_scope_growth_agrees_with_the_cli(
    sample: dict[str, Rows], cli_json: dict[str, Any], shape: Shape, kind: str | None, field: str
) -> None:
    """PM_SCOPE_GROWTH with the Changes and Baseline tables equals the CLI's growth figures."""
    given = _inputs(sample, shape)
    value = pm.PM_SCOPE_GROWTH(given["plan"], kind, given["changes"], given["baseline"])
    assert value == pytest.approx(cli_json["project"][field])


_GROWTH_ROWS = {
    "Unapproved growth, work": "scope_growth_days",
    "Unapproved growth, cost": "scope_growth_cost",
    "Approved growth, work": "approved_growth_days",
    "Approved growth, cost": "approved_growth_cost",
}


@pytest.mark.parametrize("shape", SHAPES)
def test_variance_scope_rows_agree_with_scope_growth_and_the_cli(
    sample: dict[str, Rows], cli_json: dict[str, Any], shape: Shape
) -> None:
    """PM_VARIANCE with the Changes and Baseline tables (as the Dashboard passes them) gives
    the growth PM_SCOPE_GROWTH and the report give: the Dashboard's Summary said 14.8 %
    unapproved growth in cost and no approved growth beside its own 10.6 % and 4.0 %."""
    given = _inputs(sample, shape)
    table = pm.PM_VARIANCE(
        given["plan"],
        None,
        given["holidays"],
        given["settings"],
        given["changes"],
        given["baseline"],
    )
    rows = {row[0]: row[1] for row in table}
    for label, field in _GROWTH_ROWS.items():
        assert rows[label] == pytest.approx(cli_json["project"][field], abs=0.0005), label


@pytest.mark.parametrize("shape", SHAPES)
def test_growth_without_the_changes_table_is_unknown(sample: dict[str, Rows], shape: Shape) -> None:
    """Without the Changes table a formula cannot tell approved growth from scope creep
    when tasks name change requests: the growth says so rather than count every change
    as unapproved."""
    given = _inputs(sample, shape)
    table = pm.PM_VARIANCE(given["plan"], None, given["holidays"], given["settings"])
    rows = {row[0]: row[1] for row in table}
    for label in _GROWTH_ROWS:
        assert rows[label] == pm_answers.APPROVALS_UNSEEN, label
    for kind in (None, "approved", "unapproved cost", "approved cost"):
        value = pm.PM_SCOPE_GROWTH(given["plan"], kind, None, given["baseline"])
        assert value == f"PM_SCOPE_GROWTH: {pm_answers.APPROVALS_UNSEEN}", kind


def test_growth_without_change_requests_needs_no_changes_table() -> None:
    """A plan whose tasks name no change request: all its growth is unapproved, known
    without the Changes table."""
    header = ["ID", "Task", "Duration", "Predecessors", "Baseline Finish", "Baseline Duration"]
    plan = [header, [1, "A", 4, None, datetime(2026, 3, 5), 4], [2, "B", 2, "1", None, None]]
    assert pm.PM_SCOPE_GROWTH(plan) == pytest.approx(0.5)
    rows = {row[0]: row[1] for row in pm.PM_VARIANCE(plan, datetime(2026, 3, 2))}
    assert rows["Unapproved growth, work"] == pytest.approx(0.5)


@pytest.mark.parametrize("shape", SHAPES)
def test_schedule_table_agrees_with_the_cli(
    sample: dict[str, Rows], cli_json: dict[str, Any], shape: Shape
) -> None:
    """PM_SCHEDULE spills a header and one row per task, with the CLI's dates and floats."""
    given = _inputs(sample, shape)
    table = pm.PM_SCHEDULE(given["plan"], None, given["holidays"], given["settings"])
    header, rows = table[0], table[1:]
    assert len(rows) == len(cli_json["tasks"])
    index = {name: header.index(name) for name in header}
    for row, task in zip(rows, cli_json["tasks"], strict=True):
        assert str(row[index["ID"]]) == task["id"]
        assert _iso(row[index["Forecast Finish"]]) == task["forecast_finish"]
        assert row[index["Total Float"]] == task["total_float"]
        assert _iso(row[index["Late Finish"]]) == task["late_finish"]


@pytest.mark.parametrize("shape", SHAPES)
def test_flags_table_lists_the_cli_findings_about_the_plan(
    sample: dict[str, Rows], cli_json: dict[str, Any], shape: Shape
) -> None:
    """PM_FLAGS holds every CLI finding except those about sheets a formula is not given,
    one row per finding, in the CLI's order (the one ordering of findings)."""
    given = _inputs(sample, shape)
    table = pm.PM_FLAGS(
        given["plan"],
        None,
        None,
        given["holidays"],
        given["settings"],
        given["changes"],
        given["baseline"],
    )
    assert table[0] == ["Severity", "Code", "Where", "Task", "What to look at"]
    # the Risks, Charter and Team sheets
    unseen = {"unmitigated-risk", "no-charter", "overloaded-owner", "unknown-owner"}
    expected = [
        (issue["code"], issue["message"])
        for issue in cli_json["issues"]
        if issue["code"] not in unseen
    ]
    assert [(row[1], row[4]) for row in table[1:]] == expected


@pytest.mark.parametrize("shape", SHAPES)
def test_flags_filter_by_severity(sample: dict[str, Rows], shape: Shape) -> None:
    """min_severity "warning" keeps errors and warnings and drops notes ("note" is the
    word owners read for "info", and either is accepted)."""
    given = _inputs(sample, shape)
    table = pm.PM_FLAGS(given["plan"], "Warning", None, given["holidays"], given["settings"])
    assert {row[0] for row in table[1:]} <= {"error", "warning"}
    everything = pm.PM_FLAGS(given["plan"], "note", None, given["holidays"], given["settings"])
    assert "note" in {row[0] for row in everything[1:]}


@pytest.mark.parametrize("shape", SHAPES)
def test_variance_is_metric_value_rows(sample: dict[str, Rows], shape: Shape) -> None:
    """PM_VARIANCE spills Metric | Value rows that include the status and the SPI."""
    given = _inputs(sample, shape)
    table = pm.PM_VARIANCE(given["plan"], None, given["holidays"], given["settings"])
    assert table[0] == ["Metric", "Value"]
    assert all(len(row) == 2 for row in table)
    assert ["Status", "Red"] in table


@pytest.mark.parametrize("shape", SHAPES)
def test_status_of_one_task(
    sample: dict[str, Rows], cli_json: dict[str, Any], shape: Shape
) -> None:
    """A task that missed its deadline is Red; a finished on-time task is Green."""
    given = _inputs(sample, shape)
    late = next(issue["task"] for issue in cli_json["issues"] if issue["code"] == "deadline-missed")
    assert pm.PM_STATUS(given["plan"], late, None, given["holidays"], given["settings"]) == "Red"
    assert pm.PM_STATUS(given["plan"], 1, None, given["holidays"], given["settings"]) == "Green"


@pytest.mark.parametrize(
    "status_date",
    [
        pytest.param(datetime(2026, 3, 31), id="datetime"),
        pytest.param(46112.0, id="serial-float"),
        pytest.param(46112, id="serial-int"),
        pytest.param("2026-03-31", id="iso-text"),
        pytest.param([[46112]], id="2d-one-cell"),
    ],
)
def test_status_date_in_every_form(sample: dict[str, Rows], status_date: object) -> None:
    """A status date given as a date, a serial or ISO text gives the same slip."""
    plan = classic(sample["Plan"])
    assert pm.PM_SLIP(plan, None, status_date) == pm.PM_SLIP(plan, None, datetime(2026, 3, 31))


def test_a_later_status_date_changes_the_answer(sample: dict[str, Rows]) -> None:
    """The status date is part of the cache key: a later date moves unfinished work later."""
    plan = classic(sample["Plan"])
    early = pm.PM_FORECAST_FINISH(plan, None, "2026-03-31")
    late = pm.PM_FORECAST_FINISH(plan, None, "2026-05-29")
    assert late > early


def test_fast_schedule_values_equal_the_report_sheet(sample: dict[str, Rows]) -> None:
    """PM_SCHEDULE's quick table holds exactly the values of the report's Schedule sheet."""
    from addin.answers import analysis_for, schedule_table
    from addin.tables import excel_id
    from pmkit.outputs.schedule import build_schedule_sheet

    given = _inputs(sample, classic)
    analysis = analysis_for(given["plan"], None, given["holidays"], given["settings"])
    expected = build_schedule_sheet(analysis).values()
    for row in expected[1:]:
        row[0] = excel_id(row[0])
    assert schedule_table(given["plan"], None, given["holidays"], given["settings"]) == expected


@pytest.mark.parametrize("shape", SHAPES)
def test_ev_says_why_a_cost_figure_is_unknown(tmp_path: Path, shape: Shape) -> None:
    """With no Actual Cost on the work done, PM_EV's cost figures say why, never a number;
    AC is what is recorded (nothing) and SPI is measured all the same."""
    blank: dict[str, object] = {f"P{task_id + 1}": None for task_id in (1, 4, 7, 8, 10, 14, 15, 24)}
    given = _inputs(sheet_tables(broken_sample(tmp_path, blank)), shape)

    def ev(metric: str) -> object:
        return pm.PM_EV(given["plan"], metric, None, given["holidays"], given["settings"])

    for metric in ("CPI", "CV", "EAC", "ETC", "VAC", "TCPI"):
        assert ev(metric) == f"{metric} unknown: {NO_ACTUAL_COST}", metric
    assert isinstance(ev("SPI"), float)


@pytest.mark.parametrize("shape", SHAPES)
def test_scope_growth_a_duration_nobody_can_read_adds_to_is_at_least_in_words(
    tmp_path: Path, shape: Shape
) -> None:
    """Task 22 was added without an approved change and its Duration reads "two weeks":
    the days it adds are not counted, so unapproved growth is a minimum, said in words
    (a bare figure would read exact); approved growth and growth in cost stay figures."""
    given = _inputs(sheet_tables(broken_sample(tmp_path, {"E23": "two weeks"})), shape)

    def growth(kind: str | None) -> object:
        return pm.PM_SCOPE_GROWTH(given["plan"], kind, given["changes"], given["baseline"])

    assert growth(None) == (
        "at least 2 %: a changed task's Duration cannot be read, so its days are not "
        "counted (PM_FLAGS names the cell)"
    )
    assert isinstance(growth("approved"), float)
    assert isinstance(growth("unapproved cost"), float)
