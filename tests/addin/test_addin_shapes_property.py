"""Property: classic xlwings and Office.js shapes of any plan give the same answers."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from addin import functions as pm
from addin.inputs import as_grid, read_plan_table
from tests.addin.addin_shapes import classic, officejs
from tests.strategies import plan_tables

STATUS = 46080  # Friday 27 February 2026


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_tables())
def test_both_shapes_read_the_same_plan(rows: list[list[Any]]) -> None:
    """Tasks, links and every finding are identical whichever runtime sent the table."""
    first = read_plan_table(as_grid(classic(rows)))
    second = read_plan_table(as_grid(officejs(rows)))
    assert first.tasks == second.tasks
    assert first.issues == second.issues


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_tables())
def test_both_shapes_give_the_same_answers(rows: list[list[Any]]) -> None:
    """PM_SLIP, PM_FLOAT, PM_FORECAST_FINISH and PM_STATUS agree for every task."""
    one, other = classic(rows), officejs(rows)
    for task_id in [row[0] for row in rows[1:]]:
        for function in (pm.PM_SLIP, pm.PM_FLOAT, pm.PM_FORECAST_FINISH, pm.PM_STATUS):
            assert function(one, float(task_id), STATUS) == function(other, task_id, STATUS)
    assert pm.PM_STATUS(one, None, STATUS) == pm.PM_STATUS(other, None, STATUS)
