"""Agreement with Microsoft Project on the reference schedules in ../shared/reference.

Every non-skipped early/late start and finish, total float and critical flag of every
task must match. Two routes: the case built straight into a Plan, and the case written
as an owner's workbook and read back through `pmkit.read_plan` + `pmkit.analyze`.
Skipped cleanly when ../shared is absent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import pmkit
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.workdays import WorkCalendar
from tests.builders import case_to_workbook, load_case, plan_from_case, reference_cases

FIELDS = ("early_start", "early_finish", "late_start", "late_finish", "total_float", "critical")

CASES = reference_cases()
pytestmark = pytest.mark.skipif(not CASES, reason="../shared/reference is not beside the checkout")


def case_params() -> list[Any]:
    return [pytest.param(path, id=path.name.removesuffix(".case.json")) for path in CASES] or [
        pytest.param(None, id="no-cases")
    ]


def expected_values(case: Mapping[str, Any]) -> dict[tuple[str, str], object]:
    """(task id, field) → Microsoft Project's value, skipped fields left out."""
    skipped: dict[str, Sequence[str] | None] = {
        str(item["id"]): item.get("fields") for item in case["skip"]
    }
    values: dict[tuple[str, str], object] = {}
    for task_id, fields in case["expected"].items():
        if task_id in skipped and skipped[task_id] is None:
            continue
        for name in FIELDS:
            if name in (skipped.get(task_id) or ()):
                continue
            value = fields[name]
            if name == "total_float":
                value = round(value)
            elif name != "critical":
                value = date.fromisoformat(value)
            values[task_id, name] = value
    return values


def disagreements(case: Mapping[str, Any], actual: Mapping[tuple[str, str], object]) -> list[str]:
    return [
        f"task {task_id} {name}: Microsoft Project {value}, pmkit {actual.get((task_id, name))}"
        for (task_id, name), value in expected_values(case).items()
        if actual.get((task_id, name)) != value
    ]


@pytest.mark.parametrize("path", case_params())
def test_scheduler_agrees_with_microsoft_project(path: Path) -> None:
    """compute_schedule on the case's plan reproduces every compared field."""
    case = load_case(path)
    plan = plan_from_case(case)
    status = plan.settings.status_date or date(2030, 1, 1)
    schedule = compute_schedule(plan, WorkCalendar.for_plan(plan), status)
    actual: dict[tuple[str, str], object] = {}
    for task_id, item in schedule.tasks.items():
        actual[task_id, "early_start"] = item.early_start
        actual[task_id, "early_finish"] = item.early_finish
        actual[task_id, "late_start"] = item.late_start
        actual[task_id, "late_finish"] = item.late_finish
        actual[task_id, "total_float"] = item.total_float_days
        actual[task_id, "critical"] = item.critical
    assert expected_values(case), "the case compares nothing"
    assert disagreements(case, actual) == []


@pytest.mark.parametrize("path", case_params())
def test_workbook_route_agrees_with_microsoft_project(path: Path, tmp_path: Path) -> None:
    """The case as an owner's .xlsx, through read_plan and analyze, gives the same fields."""
    case = load_case(path)
    workbook = case_to_workbook(case, tmp_path / f"{path.name}.xlsx")
    result = pmkit.analyze(pmkit.read_plan(workbook))
    actual: dict[tuple[str, str], object] = {}
    for row in result.tasks:
        actual[row.id, "early_start"] = row.early_start
        actual[row.id, "early_finish"] = row.early_finish
        actual[row.id, "late_start"] = row.late_start
        actual[row.id, "late_finish"] = row.late_finish
        actual[row.id, "total_float"] = row.total_float
        actual[row.id, "critical"] = row.critical
    assert disagreements(case, actual) == []
    assert not [issue for issue in result.issues if issue.severity == "error"]
