"""Scope against the baseline: added, grown and removed tasks, approved or creeping."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import pmkit
from pmkit.engine.flags import find_scope_flags
from pmkit.engine.issues import Code, Severity
from pmkit.engine.model import BaselineSnapshot, BaselineTask, ChangeRequest, Decision, Plan
from pmkit.engine.scope import ChangeKind, ScopeReport, find_scope_changes
from pmkit.engine.variance import WorkdayIndex, plan_baselines
from pmkit.engine.workdays import WorkCalendar
from tests.builders import MONDAY, PLAN_HEADER, plan_of, task, write_workbook

FRIDAY = date(2026, 3, 6)


def report(plan: Plan) -> ScopeReport:
    return find_scope_changes(plan, plan_baselines(plan))


def with_snapshot(plan: Plan, *frozen: BaselineTask) -> Plan:
    return replace(plan, baseline=BaselineSnapshot(MONDAY, frozen))


def frozen(task_id: str, days: int, cost: float | None = None, row: int = 0) -> BaselineTask:
    return BaselineTask(task_id, f"Task {task_id}", days, MONDAY, FRIDAY, cost, row=row)


APPROVED = ChangeRequest("CR-1", "More pages", decision=Decision.APPROVED)
PENDING = ChangeRequest("CR-2", "Chat widget", decision=Decision.PENDING)


def test_no_baseline_means_no_scope_figures() -> None:
    """Without a baseline nothing is added or grown, and every growth figure is None."""
    result = report(plan_of("A:5", "B:5<A"))
    assert result.changes == ()
    assert result.growth_days is None
    assert result.approved_growth_cost is None


def test_added_task_without_approval_is_scope_creep() -> None:
    """A task absent from the snapshot with no change request is unapproved growth."""
    plan = with_snapshot(plan_of("A:10", "B:2<A"), frozen("A", 10))
    result = report(plan)
    (change,) = result.changes
    assert (change.task_id, change.kind, change.approved) == ("B", ChangeKind.ADDED, False)
    assert result.baseline_days == 10
    assert result.growth_days == pytest.approx(0.2)
    assert result.approved_growth_days == 0.0


def test_grown_task_with_approved_change_is_approved_growth() -> None:
    """Duration and budget past the Baseline columns, approved on Changes: approved growth."""
    grown = task(
        "A",
        12,
        budget=1200.0,
        baseline_finish=FRIDAY,
        baseline_duration_days=10,
        baseline_cost=1000.0,
        change_request="CR-1",
    )
    plan = replace(plan_of(grown, task("B", 10, baseline_finish=FRIDAY)), changes=(APPROVED,))
    result = report(plan)
    (change,) = result.changes
    assert change.kind is ChangeKind.GROWN
    assert change.approved
    assert (change.extra_days, change.extra_cost) == (2, 200.0)
    assert result.approved_growth_days == pytest.approx(2 / 20)
    assert result.approved_growth_cost == pytest.approx(0.2)
    assert result.growth_days == 0.0


def test_baseline_duration_from_baseline_dates() -> None:
    """Without Baseline Duration, the baseline dates give it: Mon–Fri is 5 working days."""
    grown = task("A", 7, baseline_start=MONDAY, baseline_finish=FRIDAY)
    plan = plan_of(grown)
    index = WorkdayIndex(WorkCalendar(frozenset(range(5))))
    result = find_scope_changes(plan, plan_baselines(plan), index)
    (change,) = result.changes
    assert (change.kind, change.extra_days) == (ChangeKind.GROWN, 2)
    assert result.growth_days == pytest.approx(2 / 5)


def test_pending_change_request_is_still_scope_creep() -> None:
    """A change request that is pending (or rejected) does not approve anything."""
    added = task("B", 5, change_request="CR-2")
    plan = with_snapshot(replace(plan_of("A:10", added), changes=(PENDING,)), frozen("A", 10))
    (change,) = report(plan).changes
    assert not change.approved
    assert change.decision is Decision.PENDING


def test_unknown_change_request_is_reported_and_unapproved() -> None:
    """A Change Request id missing from the Changes sheet is flagged at its cell."""
    added = task("B", 5, change_request="CR-99")
    plan = replace(
        with_snapshot(plan_of("A:10", added), frozen("A", 10)), columns={"change_request": 9}
    )
    result = report(plan)
    (issue,) = result.issues
    assert issue.code is Code.UNKNOWN_CHANGE_REQUEST
    assert str(issue.location) == "Plan!I3"
    assert not result.changes[0].approved


def test_removed_task_is_listed_with_its_baseline_row() -> None:
    """A snapshot task no longer in the Plan is removed; it counts in the baseline's size."""
    plan = with_snapshot(plan_of("A:10"), frozen("A", 10), frozen("Z", 5, 500.0, row=7))
    result = report(plan)
    (change,) = result.changes
    assert (change.task_id, change.kind, change.row) == ("Z", ChangeKind.REMOVED, 7)
    assert result.baseline_days == 15
    assert result.growth_days == 0.0


@pytest.mark.parametrize(
    ("plan_days", "warned"),
    [
        pytest.param(1, False, id="10-percent-is-not-over"),
        pytest.param(2, True, id="20-percent-is-over"),
    ],
)
def test_scope_growth_flag_against_the_threshold(plan_days: int, warned: bool) -> None:
    """Unapproved growth over Scope Creep Threshold % (10) raises a scope-growth warning."""
    plan = with_snapshot(plan_of("A:10", f"B:{plan_days}<A"), frozen("A", 10))
    codes = [i.code for i in find_scope_flags(plan, report(plan))]
    assert codes.count(Code.SCOPE_CREEP) == 1
    assert (Code.SCOPE_GROWTH in codes) is warned


def test_scope_flags_say_approved_creep_and_removed() -> None:
    """Each change is one flag: approved-change (info), scope-creep and removed-task (warnings)."""
    plan = with_snapshot(
        replace(
            plan_of("A:10", task("B", 1, change_request="CR-1"), "C:1"),
            changes=(APPROVED,),
        ),
        frozen("A", 10),
        frozen("Z", 5, row=4),
    )
    flags = {(i.code, i.task_id): i for i in find_scope_flags(plan, report(plan))}
    assert flags[(Code.APPROVED_CHANGE, "B")].severity is Severity.INFO
    assert "CR-1" in flags[(Code.APPROVED_CHANGE, "B")].message
    assert flags[(Code.SCOPE_CREEP, "C")].severity is Severity.WARNING
    removed = flags[(Code.REMOVED_TASK, "Z")]
    assert str(removed.location) == "Baseline!4:4"


def test_scope_flags_name_a_nameless_task_by_its_id_alone() -> None:
    """A task added or removed with no name is `Task C`, as every finding names it, never
    `Task C “”`."""
    plan = with_snapshot(
        plan_of("A:10", task("C", 1, name="  ")),
        frozen("A", 10),
        replace(frozen("Z", 5, row=4), name=""),
    )
    messages = {i.task_id: i.message for i in find_scope_flags(plan, report(plan))}
    assert messages["C"].startswith("Task C was added after the baseline")
    assert messages["Z"] == "Task Z was in the baseline but is no longer in the plan"


def test_approved_growth_over_threshold_is_an_info_flag() -> None:
    """Approved growth past the threshold is reported too, as information."""
    plan = with_snapshot(
        replace(plan_of("A:10", task("B", 5, change_request="CR-1")), changes=(APPROVED,)),
        frozen("A", 10),
    )
    growth = [i for i in find_scope_flags(plan, report(plan)) if i.code is Code.SCOPE_GROWTH]
    assert [i.severity for i in growth] == [Severity.INFO]
    assert "50 %" in growth[0].message


def test_an_unreadable_baseline_finish_is_not_taken_for_an_added_task(tmp_path: Path) -> None:
    """Task 2's Baseline Finish `april 15` is an error at its cell, and task 2 stays in the
    baseline (its growth unknown): only task 3, with no baseline at all, was added."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                [*PLAN_HEADER, "Baseline Finish"],
                [1, "Design", "Ann", 3, None, FRIDAY],
                [2, "Build", "Ann", 2, "1", "april 15"],
                [3, "Launch", "Ann", 1, "2", None],
            ]
        },
    )
    analysis = pmkit.analyze(pmkit.read_plan(path), MONDAY)
    assert [(c.task_id, c.kind) for c in analysis.scope.changes] == [("3", ChangeKind.ADDED)]
    found = {(issue.code, str(issue.location)) for issue in analysis.issues}
    assert (Code.BAD_DATE, "Plan!F3") in found
    (creep,) = [issue for issue in analysis.issues if issue.code is Code.SCOPE_CREEP]
    assert "task 3" in creep.message
    assert "task 2" not in creep.message


def test_an_added_task_whose_duration_cannot_be_read_adds_unknown_days_not_zero() -> None:
    """B was added with a Duration pmkit cannot read (its error says where): it adds days
    nobody knows, so its finding says "Duration unknown", not "0 working days", and the
    growth it is part of is "at least" what the other added task, C, makes it."""
    plan = with_snapshot(
        plan_of("A:10", task("B", None, "A", budget=500.0), "C:3<A"), frozen("A", 10, 100.0)
    )
    scope = report(plan)
    assert scope.growth_days == pytest.approx(0.3)
    assert scope.growth_days_at_least
    assert not scope.approved_growth_days_at_least
    flags = {issue.task_id: issue.message for issue in find_scope_flags(plan, scope)}
    assert flags["B"] == (
        "Task B “Task B” was added after the baseline (Duration unknown) and no approved "
        "change request covers it"
    )
    assert flags["C"].startswith("Task C “Task C” was added after the baseline (3 working days)")
    assert flags[None] == (
        "Unapproved scope growth since the baseline is at least 30 % in working days and "
        "500 % in cost, over the 10 % threshold"
    )
    owned = with_snapshot(
        plan_of(
            task("A", 10, owner="Ann"),
            task("B", None, "A", budget=500.0, owner="Ann"),
            task("C", 3, "A", owner="Ann"),
        ),
        frozen("A", 10, 100.0),
    )
    analysis = pmkit.analyze(owned, MONDAY)
    project = analysis.to_json()["project"]
    assert project["scope_growth_days_at_least"] is True
    assert project["approved_growth_days_at_least"] is False
    (grouped,) = [issue for issue in analysis.issues if issue.code is Code.SCOPE_CREEP]
    assert "task B “Task B” was added (Duration unknown, +500)" in grouped.message
    (action,) = [a for a in analysis.this_week if a.finding == grouped]
    assert action.why == "They add at least 3 working days and 500 that were never agreed."


@pytest.mark.parametrize(
    ("added", "shown", "tone"),
    [
        pytest.param(None, "≥", None, id="a-minimum-under-the-threshold-is-not-green"),
        pytest.param(0, "", "green", id="an-exact-figure-under-it-is"),
    ],
)
def test_summary_growth_that_is_a_minimum_reads_at_least_and_is_never_green(
    added: int | None, shown: str, tone: str | None
) -> None:
    """Task B was added with no approved change: with a Duration nobody can read its days
    are not counted, so the Summary's 0 % is a minimum (`≥`, the meaning says why) and is
    not coloured as under the threshold; with a Duration of 0 it is exactly 0 %, green."""
    from pmkit.outputs.cells import CellKind, Tone
    from pmkit.outputs.summary import summary_metrics

    plan = with_snapshot(plan_of("A:10", task("B", added, "A")), frozen("A", 10))
    metrics = {m.label: m for m in summary_metrics(pmkit.analyze(plan, MONDAY))}
    growth = metrics["Unapproved growth, work"]
    assert growth.value == 0.0
    kind = CellKind.AT_LEAST_PERCENT if shown else CellKind.PERCENT
    assert growth.kind is kind
    assert growth.tone is (Tone.GREEN if tone else None)
    assert ("At least this" in growth.meaning) is bool(shown)
