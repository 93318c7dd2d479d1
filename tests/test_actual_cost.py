"""A blank Actual Cost is unknown, not zero (docs/findings.md, missing-actual-cost).

Cost performance (CV, CPI and what derives from it) is measured on the work whose cost is
known; when no work done has an Actual Cost, those figures are unknown and say why. AC
stays the sum of the costs entered, labelled as what is recorded.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import pmkit
from pmkit.engine.figures import format_money
from pmkit.engine.issues import Code, Severity
from pmkit.engine.model import Plan, Settings, Task, done_flags
from pmkit.engine.results import Analysis
from pmkit.engine.variance import (
    COST_FIGURES,
    NO_ACTUAL_COST,
    EarnedValue,
    WorkdayIndex,
    compute_earned_value,
    plan_baselines,
)
from pmkit.engine.workdays import WorkCalendar
from pmkit.outputs import summary_metrics
from tests.truth_support import broken_sample

MON_FRI = WorkCalendar(frozenset(range(5)))
MONDAY, FRIDAY = date(2026, 3, 2), date(2026, 3, 6)
ACTUAL_COST = "P"
"""The sample plan's Actual Cost column; task N sits on row N + 1."""
SAMPLE_COSTED = (1, 4, 7, 8, 10, 14, 15, 24)
"""The sample's tasks with work done and a Budget: each has an Actual Cost."""


def done(task_id: str, budget: float, actual_cost: float | None) -> Task:
    """A finished task of the week of `MONDAY`, baselined at `budget`."""
    return Task(
        id=task_id,
        name=f"Task {task_id}",
        duration_days=5,
        budget=budget,
        baseline_start=MONDAY,
        baseline_finish=FRIDAY,
        baseline_duration_days=5,
        baseline_cost=budget,
        actual_start=MONDAY,
        actual_finish=FRIDAY,
        percent_complete=1.0,
        actual_cost=actual_cost,
    )


def measure(*tasks: Task) -> EarnedValue:
    plan = Plan("ev", tasks, settings=Settings(status_date=FRIDAY))
    return compute_earned_value(
        plan, WorkdayIndex(MON_FRI), FRIDAY, plan_baselines(plan), done_flags(plan.tasks)
    )


def test_cpi_leaves_out_a_task_with_work_done_and_no_actual_cost() -> None:
    """A done for 1,000 cost 1,250; B done for 1,000 has no Actual Cost: CPI is A's 0.80
    (it read 2,000 ÷ 1,250 = 1.60, under budget), and EAC = 2,000 ÷ 0.80 = 2,500."""
    figures = measure(done("A", 1000.0, 1250.0), done("B", 1000.0, None))
    assert figures.ac == 1250.0  # what is recorded
    assert figures.cpi == pytest.approx(0.8)
    assert figures.cv == pytest.approx(-250.0)
    assert figures.eac == pytest.approx(2500.0)
    assert figures.vac == pytest.approx(-500.0)
    assert figures.eac_atypical == pytest.approx(1250.0 + 1000.0)  # AC + (BAC − EV of A)
    assert figures.uncosted == ("B",)
    assert not figures.cost_unknown


def test_a_typed_zero_is_a_known_cost_and_a_blank_is_not() -> None:
    """A cost 0 (typed), B blank, C cost 500, each earning 1,000: CPI = (A + C) ÷ 500 = 4;
    only B is left out (it read 3,000 ÷ 500 = 6)."""
    figures = measure(done("A", 1000.0, 0.0), done("B", 1000.0, None), done("C", 1000.0, 500.0))
    assert figures.cpi == pytest.approx(4.0)
    assert figures.uncosted == ("B",)


def test_no_cost_for_the_work_done_makes_cost_performance_unknown() -> None:
    """A and B are done with no Actual Cost; only C, not started, has one (a deposit): the
    cost figures are unknown (it read CPI 2,000 ÷ 300), AC is still the 300 recorded."""
    deposit = Task(
        id="C",
        name="Task C",
        duration_days=5,
        budget=1000.0,
        baseline_start=MONDAY,
        baseline_finish=FRIDAY,
        baseline_cost=1000.0,
        actual_cost=300.0,
    )
    figures = measure(done("A", 1000.0, None), done("B", 1000.0, None), deposit)
    assert figures.cost_unknown
    assert figures.uncosted == ("A", "B")
    assert figures.ac == 300.0
    assert {name: getattr(figures, name) for name in COST_FIGURES} == dict.fromkeys(COST_FIGURES)
    assert figures.spi is not None  # the schedule figures do not need a cost
    assert figures.why_unknown("cpi") == NO_ACTUAL_COST
    assert figures.why_unknown("spi") is None


def test_every_cost_recorded_leaves_nothing_out() -> None:
    figures = measure(done("A", 1000.0, 1250.0), done("B", 1000.0, 750.0))
    assert figures.cpi == pytest.approx(1.0)
    assert figures.uncosted == ()
    assert not figures.cost_unknown


def _sample_without_costs(
    folder: Path, task_ids: tuple[int, ...], deposit: float | None = None
) -> Analysis:
    """The sample with the Actual Cost of `task_ids` blank, and `deposit` paid on task 16
    (not started)."""
    cells: dict[str, object] = {f"{ACTUAL_COST}{task_id + 1}": None for task_id in task_ids}
    if deposit is not None:
        cells[f"{ACTUAL_COST}17"] = deposit
    return pmkit.analyze(pmkit.read_plan(broken_sample(folder, cells)))


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    return _sample_without_costs(tmp_path_factory.mktemp("intact"), ())


@pytest.fixture(scope="module")
def partly(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """The sample with the Actual Cost of tasks 8 and 10 (done, 6,000 and 5,200) blank."""
    return _sample_without_costs(tmp_path_factory.mktemp("partly"), (8, 10))


@pytest.fixture(scope="module")
def uncosted(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    """The sample with no Actual Cost on any task with work done, and a deposit of 100
    paid on a task not started."""
    return _sample_without_costs(tmp_path_factory.mktemp("uncosted"), SAMPLE_COSTED, 100.0)


def test_the_sample_has_every_cost_and_no_finding(intact: Analysis) -> None:
    """The demo plan records every cost: nothing is left out, no finding."""
    assert intact.summary.earned_value.uncosted == ()
    assert not [i for i in intact.issues if i.code is Code.MISSING_ACTUAL_COST]


def test_blank_costs_are_left_out_of_the_cpi_not_counted_as_zero(
    intact: Analysis, partly: Analysis
) -> None:
    """CPI is the EV of the tasks with a cost over their cost: the intact sample's EV and
    AC without tasks 8 and 10 (the same share of each, as both were done on budget)."""
    full, part = intact.summary.earned_value, partly.summary.earned_value
    tasks = {task.id: task for task in intact.plan.tasks}
    left_out_value = sum(tasks[i].planned_cost or 0.0 for i in ("8", "10"))
    left_out_cost = sum(tasks[i].actual_cost or 0.0 for i in ("8", "10"))
    assert full.ev is not None
    assert full.ac is not None
    assert part.ac == pytest.approx(full.ac - left_out_cost)
    assert part.ev == pytest.approx(full.ev)  # the work was done all the same
    assert part.cpi == pytest.approx((full.ev - left_out_value) / (full.ac - left_out_cost))
    assert part.uncosted == ("8", "10")


def test_one_warning_names_the_tasks_and_what_to_type(partly: Analysis) -> None:
    [finding] = [i for i in partly.issues if i.code is Code.MISSING_ACTUAL_COST]
    assert finding.severity is Severity.WARNING
    assert str(finding.location) == f"Plan!{ACTUAL_COST}9"
    assert finding.task_id == "8"
    assert finding.message == (
        "Tasks 8 and 10 have work done but no Actual Cost, so cost performance (CPI) is "
        "measured without them: type what was spent on each in Actual Cost"
    )
    # never folded into task 8's own finding, and on the This week list as the owner's
    assert not [i for i in partly.issues if i.task_id == "8" and i is not finding]
    [action] = [a for a in partly.this_week if a.finding is finding]
    assert action.who == "You"


def test_the_paragraph_and_summary_say_what_ac_leaves_out(partly: Analysis) -> None:
    summary = partly.summary
    e = summary.earned_value
    currency = summary.currency
    assert e.ac is not None
    assert e.bac is not None
    assert e.eac is not None
    assert (
        f"{format_money(e.ac, currency)} is recorded as spent of a "
        f"{format_money(e.bac, currency)} budget, but 2 tasks with work done have no Actual "
        f"Cost; at the cost rate of the others it will end near {format_money(e.eac, currency)}."
    ) in summary.status_text
    metrics = {metric.label: metric for metric in summary_metrics(partly)}
    assert metrics["Actual cost (AC)"].value == e.ac
    assert metrics["Actual cost (AC)"].meaning == (
        "Recorded so far; 2 tasks with work done have no Actual Cost."
    )
    assert metrics["Cost performance (CPI)"].meaning.startswith(
        "EV ÷ AC of the tasks with an Actual Cost"
    )


def test_no_cost_for_the_work_done_says_why_instead_of_a_number(uncosted: Analysis) -> None:
    summary = uncosted.summary
    assert summary.earned_value.cost_unknown
    assert summary.earned_value.cpi is None
    assert "CPI" not in " ".join(summary.status_reasons)
    assert summary.earned_value.ac == 100.0  # what is recorded, though it earned nothing
    assert (
        "USD 100 is recorded as spent of a USD 65,700 budget, but the work done has no Actual "
        "Cost, so the final cost cannot be forecast."
    ) in summary.status_text
    assert "will end near" not in summary.status_text
    metrics = {metric.label: metric for metric in summary_metrics(uncosted)}
    for label in (
        "Cost variance (CV)",
        "Cost performance (CPI)",
        "Estimate at completion (EAC)",
        "Variance at completion (VAC)",
        "To-complete performance (TCPI)",
    ):
        assert metrics[label].value == "no actual cost", label
    assert metrics["Cost performance (CPI)"].meaning == f"Unknown: {NO_ACTUAL_COST}."
    project = json.loads(json.dumps(uncosted.to_json(), default=str))["project"]
    assert {name: project[name] for name in COST_FIGURES} == dict.fromkeys(COST_FIGURES)
    [finding] = [i for i in uncosted.issues if i.code is Code.MISSING_ACTUAL_COST]
    assert finding.severity is Severity.INFO
    assert "cannot be measured" in finding.message
    assert finding.message.startswith(
        "Tasks 1, 4, 7, 8, 10, 14, 15 and 24 have work done but no Actual Cost"
    )


def test_a_plan_with_no_cost_at_all_says_the_final_cost_cannot_be_forecast() -> None:
    """No Actual Cost anywhere: no AC to show, and the paragraph says why no forecast."""
    later = Task(
        id="B",
        name="Task B",
        duration_days=5,
        budget=1000.0,
        baseline_start=MONDAY,
        baseline_finish=FRIDAY,
        baseline_cost=1000.0,
    )
    plan = Plan(
        "p",
        (done("A", 1000.0, None), later),
        settings=Settings(status_date=FRIDAY, project_start=MONDAY, currency="GBP"),
    )
    summary = pmkit.analyze(plan).summary
    assert summary.earned_value.ac is None
    assert (
        "The work done has no Actual Cost, so the final cost of the GBP 2,000 budget cannot "
        "be forecast."
    ) in summary.status_text


def test_a_closed_project_with_a_blank_cost_is_not_under_budget() -> None:
    """Over, with A costing 1,250 and B's Actual Cost blank: the 1,250 recorded is not what
    it cost, so the review sets no gap against the 2,000 agreed (it read 750 under)."""
    plan = Plan(
        "p",
        (done("A", 1000.0, 1250.0), done("B", 1000.0, None)),
        settings=Settings(status_date=FRIDAY, project_start=MONDAY, currency="GBP"),
    )
    analysis = pmkit.analyze(plan)
    review = analysis.close_out
    assert review is not None
    assert review.actual_cost == 1250.0
    assert review.cost_gap is None
    assert (
        "GBP 1,250 is recorded as spent against an agreed budget of GBP 2,000, but 1 task "
        "with work done has no Actual Cost."
    ) in analysis.summary.status_text
