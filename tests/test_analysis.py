"""The analyze pipeline: every docs/command-line.md field, sorted findings, and robustness."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from pmkit.engine.analysis import analyze
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import Plan
from pmkit.engine.ordering import sort_issues
from tests.builders import MONDAY, plan_of, task

PROJECT_FIELDS = {
    "name", "status_date", "start", "baseline_finish", "forecast_finish", "slip", "status",
    "status_reasons", "critical_path", "bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi",
    "eac", "eac_atypical", "eac_combined", "etc", "vac", "tcpi", "earned_schedule", "spi_t",
    "scope_growth_days", "scope_growth_cost", "approved_growth_days", "approved_growth_cost",
    "health",
}  # fmt: skip
TASK_FIELDS = {
    "id", "name", "duration", "early_start", "early_finish", "late_start", "late_finish",
    "total_float", "free_float", "critical", "forecast_start", "forecast_finish",
    "baseline_finish", "slip",
}  # fmt: skip


NULL_WITHOUT_BASELINE = (
    "baseline_finish", "slip", "bac", "pv", "ev", "spi", "cpi", "eac", "tcpi",
    "earned_schedule", "spi_t", "scope_growth_days", "approved_growth_cost",
)  # fmt: skip


def baselined_plan(**settings: Any) -> Plan:
    return plan_of(
        task(
            "1",
            2,
            owner="Ann",
            budget=200.0,
            actual_cost=100.0,
            percent_complete=0.5,
            actual_start=MONDAY,
            baseline_start=MONDAY,
            baseline_finish=date(2026, 3, 3),
        ),
        task(
            "2",
            3,
            "1",
            owner="Bob",
            budget=300.0,
            baseline_start=date(2026, 3, 4),
            baseline_finish=date(2026, 3, 6),
        ),
        status=date(2026, 3, 3),
        forecast=True,
        **settings,
    )


def test_json_has_every_spec_field() -> None:
    """`to_json()` carries every project and task field docs/command-line.md names."""
    document = analyze(baselined_plan()).to_json()
    assert set(document["project"]) >= PROJECT_FIELDS
    for row in document["tasks"]:
        assert set(row) == TASK_FIELDS
    for check in document["project"]["health"]:
        assert {"value", "threshold", "pass"} <= set(check)
    json.dumps(document)  # plain JSON types only


def test_json_figures_of_a_baselined_plan() -> None:
    """Slip, forecast and value figures are filled from the baseline."""
    project = analyze(baselined_plan()).to_json()["project"]
    assert project["baseline_finish"] == "2026-03-06"
    assert project["slip"] == 1
    assert project["bac"] == 500.0
    assert project["pv"] == pytest.approx(200.0)
    assert project["ev"] == pytest.approx(100.0)
    assert project["status"] in {"Green", "Amber", "Red"}
    assert project["scope_growth_days"] == 0.0


def test_no_baseline_is_null_and_said() -> None:
    """Without a baseline the value figures are null and a no-baseline note is raised."""
    result = analyze(plan_of(task("1", 2, budget=100.0, actual_cost=10.0), status=MONDAY))
    project = result.to_json()["project"]
    for name in NULL_WITHOUT_BASELINE:
        assert project[name] is None, name
    assert project["ac"] == 10.0
    assert Code.NO_BASELINE in {i.code for i in result.issues}


def test_issues_sorted_by_severity_then_importance_then_place() -> None:
    """Errors first, then warnings, then notes; within each, the more important kind
    first (lateness before scope, scope before risks, plan health last), then Plan rows
    in order — the one ordering every front end uses."""
    issues = [
        Issue(Severity.INFO, Code.NO_CHARTER, Location("Charter"), None, "c"),
        Issue(Severity.WARNING, Code.SLIPPING_TASK, Location("Plan", 9, 3), "9", "s"),
        Issue(Severity.ERROR, Code.BAD_DATE, Location("Plan", 5, 2), "5", "e"),
        Issue(Severity.WARNING, Code.UNMITIGATED_RISK, Location("Risks", 2), None, "r"),
        Issue(Severity.WARNING, Code.OVERDUE_TASK, Location("Plan", 3, 7), "3", "o"),
        Issue(Severity.WARNING, Code.SCOPE_GROWTH, Location("Plan"), None, "g"),
        Issue(Severity.WARNING, Code.LEADS, None, None, "l"),
    ]
    ordered = [i.message for i in sort_issues(issues)]
    assert ordered == ["e", "s", "o", "g", "r", "l", "c"]


def test_analysis_issues_are_sorted() -> None:
    """The analysis hands its findings over already sorted."""
    result = analyze(baselined_plan())
    ranks = [i.severity.rank for i in result.issues]
    assert ranks == sorted(ranks)


def test_status_date_from_settings_else_today() -> None:
    """The status date is the argument, else Settings, else `today`."""
    plan = plan_of("A:1", status=date(2026, 3, 4))
    assert analyze(plan).status_date == date(2026, 3, 4)
    assert analyze(plan, date(2026, 3, 5)).status_date == date(2026, 3, 5)
    undated = plan_of("A:1")
    assert analyze(undated, today=date(2026, 3, 9)).summary.status_date == date(2026, 3, 9)


def test_unschedulable_tasks_do_not_stop_the_rest() -> None:
    """A cycle leaves its tasks unscheduled (None dates) and every other figure computed."""
    plan = plan_of(
        task("1", 2, owner="Ann", baseline_finish=date(2026, 3, 3)),
        task("2", 2, "3", owner="Ann"),
        task("3", 2, "2", owner="Ann"),
        task("4", None, owner="Ann"),
        status=MONDAY,
    )
    result = analyze(plan)
    assert result.tasks["1"].slip == 0
    assert result.tasks["4"].forecast_finish is None
    assert result.tasks["4"].slip is None
    assert result.has_errors
    assert result.summary.status in {"Green", "Amber", "Red"}
    assert len(result.summary.health) == 14


def test_analysis_holds_the_detail_behind_the_summary() -> None:
    """Scope changes, progress flags, earned value and health detail are kept, typed."""
    result = analyze(baselined_plan(slip_tolerance_days=0))  # any day behind is late
    assert [change.task_id for change in result.scope.changes] == []
    assert result.progress["1"].slipping is True  # half done by its baseline finish
    assert result.summary.earned_value.planned_duration == 5.0
    assert result.health.checks == result.summary.health
    assert result.health.score == result.summary.health_score


def test_project_json_keeps_its_flat_names_in_order() -> None:
    """The project object's names and order are the documented ones (docs/command-line.md):
    the earned-value figures flat among the others, not nested."""
    assert list(analyze(baselined_plan()).to_json()["project"]) == [
        "name", "status_date", "start", "baseline_finish", "forecast_finish", "slip", "status",
        "status_reasons", "critical_path", "bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi",
        "eac", "eac_atypical", "eac_combined", "etc", "vac", "tcpi", "earned_schedule",
        "spi_t", "forecast_duration", "scope_growth_days", "scope_growth_cost",
        "approved_growth_days", "approved_growth_cost", "scope_growth_days_at_least",
        "approved_growth_days_at_least", "health", "health_score",
        "status_text", "currency", "forecast_unknown", "late_at_least", "late_by_dates",
        "finished", "this_week",
    ]  # fmt: skip


def test_garbage_collector_is_restored() -> None:
    """`analyze` pauses the cyclic collector and always switches it back on."""
    import gc

    assert gc.isenabled()
    analyze(plan_of("A:1", status=MONDAY))
    assert gc.isenabled()
    with pytest.raises(AttributeError):
        analyze(None)  # type: ignore[arg-type]
    assert gc.isenabled()
