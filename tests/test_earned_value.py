"""Earned value and earned schedule against published worked examples, each source cited.

Where a source rounds (a CPI of .893 before dividing), the test allows exactly that
rounding and says so.
"""

from __future__ import annotations

from datetime import date

import pytest

from pmkit.engine.model import Plan, Settings, Task, done_flags
from pmkit.engine.variance import (
    EarnedValue,
    WorkdayIndex,
    compute_earned_value,
    earned_schedule,
    earned_value_figures,
    plan_baselines,
)
from pmkit.engine.workdays import WorkCalendar

MON_FRI = WorkCalendar(frozenset(range(5)))
EVERY_DAY = WorkCalendar(frozenset(range(7)))


def measure(tasks: list[Task], status_date: date, calendar: WorkCalendar = MON_FRI) -> EarnedValue:
    """Earned value of a plan made of `tasks` at the end of `status_date`."""
    plan = Plan("ev", tuple(tasks), settings=Settings(status_date=status_date))
    baselines = plan_baselines(plan)
    return compute_earned_value(
        plan, WorkdayIndex(calendar), status_date, baselines, done_flags(plan.tasks)
    )


def baselined(
    task_id: str, cost: float, start: date, finish: date, duration: int, **fields: object
) -> Task:
    return Task(
        id=task_id,
        name=f"Task {task_id}",
        duration_days=duration,
        budget=cost,
        baseline_start=start,
        baseline_finish=finish,
        baseline_duration_days=duration,
        baseline_cost=cost,
        **fields,  # type: ignore[arg-type]
    )


def test_bcws_field_example_half_the_baseline_cost_by_mid_span() -> None:
    """Microsoft Project's BCWS example: $500 from June 1 to August 1, status July 1 → $250.

    Source: Microsoft, "BCWS (budgeted cost of work scheduled) fields", Project field
    reference (support.microsoft.com; also Microsoft Project help "Earned value fields"):
    "The baseline cost for a task is $500 and is evenly distributed over its duration.
    The baseline start for the task is June 1, and the baseline finish is August 1. If
    today's date is July 1, then the BCWS for the task is $250, since the task should be
    half done." Project's example counts calendar time, so a seven-day work week
    reproduces it: June 1 – July 1 is 31 of the 62 days, the status date counted as worked.
    """
    task = baselined("1", 500.0, date(2026, 6, 1), date(2026, 8, 1), 62)
    result = measure([task], date(2026, 7, 1), EVERY_DAY)
    assert result.pv == pytest.approx(250.0)
    assert result.bac == 500.0


def test_applying_earned_value_article_counts_the_status_date_as_worked() -> None:
    """Microsoft's 4-day, $100 task starting Monday has BCWS $75 at a Wednesday status date.

    Source: Microsoft Office Project 2003 help, "Applying earned value analysis to your
    project": "the total planned budget for a 4-day task is $100 and it starts on a
    Monday. If the status date is set to the following Wednesday, the BCWS is $75. …
    if the 4-day task actually incurs a total cost of $35 during each of the first 2
    days, the ACWP for this period is $70 … if after 2 days 60% percent of the work on a
    task has been completed, you might expect to have spent … $60" (the BCWP).
    """
    task = baselined(
        "1",
        100.0,
        date(2026, 3, 2),
        date(2026, 3, 5),
        4,
        percent_complete=0.6,
        actual_cost=70.0,
    )
    result = measure([task], date(2026, 3, 4))
    assert result.pv == pytest.approx(75.0)
    assert result.ev == pytest.approx(60.0)
    assert result.ac == pytest.approx(70.0)


def test_spi_field_example_is_1_2() -> None:
    """Microsoft's SPI example: BCWS $50 after two days, 60 % done → BCWP $60, SPI 1.2.

    Source: Microsoft, "SPI fields" (support.microsoft.com/en-gb/office/spi-fields-
    d2f8cf9b-f7e6-4cdd-87d6-e5cbd27e0421): "You have a four-day task, and its total
    planned budget is $100. After two days, the budgeted cost of work scheduled (BCWS)
    is $50. However, after two days of actual work, 60 percent of the work has been
    completed, for a cost of $60. The SPI is 1.2".
    """
    task = baselined(
        "1",
        100.0,
        date(2026, 3, 2),
        date(2026, 3, 5),
        4,
        percent_complete=0.6,
        actual_cost=60.0,
    )
    result = measure([task], date(2026, 3, 3))
    assert result.pv == pytest.approx(50.0)
    assert result.ev == pytest.approx(60.0)
    assert result.spi == pytest.approx(1.2)


def test_cpi_field_example_is_about_0_85() -> None:
    """Microsoft's CPI example: BCWP $60 against ACWP $70 gives a CPI of "about .85".

    Source: Microsoft, "CPI fields" (support.office.com, article d6d4d113-a5c6-4bb1-
    a70c-db7afb230aae): "You expected that after two days, 50 percent of a four-day task
    would cost $60, the BCWP. This task actually incurs a total cost of $70 for the
    first two days. The task's CPI is about .85, or 85 percent." (60 / 70 = 0.857…,
    which the article truncates to .85.)
    """
    task = baselined(
        "1",
        120.0,
        date(2026, 3, 2),
        date(2026, 3, 5),
        4,
        percent_complete=0.5,
        actual_cost=70.0,
    )
    result = measure([task], date(2026, 3, 3))
    assert result.ev == pytest.approx(60.0)
    assert result.cpi == pytest.approx(60 / 70)
    assert 0.85 <= (result.cpi or 0) < 0.86


@pytest.mark.parametrize(
    ("percent", "bcwp"),
    [
        pytest.param(0.25, 100.0, id="25-percent"),
        pytest.param(0.50, 200.0, id="50-percent"),
    ],
)
def test_bcwp_field_example(percent: float, bcwp: float) -> None:
    """Microsoft's BCWP example: an 8-day, $400 task at 25 % earns $100, at 50 % $200.

    Source: Microsoft, "BCWP (Earned Value or EV) fields" (support.office.com, article
    e0c570ea-9c7b-4864-8a6b-920ed0f7b847): "The baseline duration for a task is 8 days,
    and its baseline cost is $400. … the task is now 25 percent complete … the BCWP to
    this point is $100. When the resource reports that the assignment is 50 percent
    complete, the BCWP becomes $200."
    """
    task = baselined("1", 400.0, date(2026, 3, 2), date(2026, 3, 11), 8, percent_complete=percent)
    assert measure([task], date(2026, 3, 6)).ev == pytest.approx(bcwp)


def test_tcpi_field_example_is_1_5() -> None:
    """Microsoft's TCPI example: BAC $200, BCWP $125, ACWP $150 → TCPI 1.5.

    Source: Microsoft, "TCPI task field" (support.microsoft.com, article
    c836b125-b7c4-4803-872c-b2cbc8fa8f1e): "TCPI = (BAC - BCWP) / (BAC - ACWP) … You have
    a task with a baseline cost (BAC) of $200, BCWP of $125, and ACWP of $150. The TCPI
    is 1.5".
    """
    figures = earned_value_figures(bac=200.0, pv=None, ev=125.0, ac=150.0)
    assert figures.tcpi == pytest.approx(1.5)


def fence(status_date: date = date(2026, 3, 4)) -> EarnedValue:
    """The four-sided fence: one side a day, Monday to Thursday, $1,000 a side."""
    days = [date(2026, 3, 2 + k) for k in range(4)]
    progress = [(1.0, 1000.0), (1.0, 1200.0), (0.5, 600.0), (0.0, None)]
    tasks = [
        baselined(
            str(k + 1),
            1000.0,
            day,
            day,
            1,
            percent_complete=percent,
            actual_cost=spent,
        )
        for k, (day, (percent, spent)) in enumerate(zip(days, progress, strict=True))
    ]
    return measure(tasks, status_date)


def test_fence_exercise_from_pmp_exam_prep() -> None:
    """The classic fence exercise: PV 3,000, EV 2,500, AC 2,800, CPI .893, SPI .833, EAC 4,479.

    Source: Rita Mulcahy, *PMP Exam Prep*, p. 210, "Earned Value Exercise" (reproduced at
    studylib.net/doc/5898152/earned-value-exercise): a four-sided fence, one side a day,
    $1,000 a side; at the end of day three side 1 is complete ($1,000 spent), side 2
    complete ($1,200), side 3 50 % done ($600), side 4 not started. Answers: PV 3,000,
    EV 2,500, AC 2,800, BAC 4,000, CV −300, CPI .893, SV −500, SPI .833, EAC 4,479,
    ETC 1,679, VAC −479. The book divides by the rounded CPI .893; unrounded, EAC is
    4,480, so EAC, ETC and VAC are checked to within one dollar.
    """
    result = fence()
    assert result.pv == pytest.approx(3000.0)
    assert result.ev == pytest.approx(2500.0)
    assert result.ac == pytest.approx(2800.0)
    assert result.bac == pytest.approx(4000.0)
    assert result.cv == pytest.approx(-300.0)
    assert result.sv == pytest.approx(-500.0)
    assert round(result.cpi or 0, 3) == 0.893
    assert round(result.spi or 0, 3) == 0.833
    assert result.eac == pytest.approx(4479.0, abs=1.0)
    assert result.etc == pytest.approx(1679.0, abs=1.0)
    assert result.vac == pytest.approx(-479.0, abs=1.0)


def test_fence_exercise_other_estimates_at_completion() -> None:
    """The two other PMBOK Guide EACs, from the fence's published BAC, EV, AC, CPI and SPI.

    Formulas: PMI, *A Guide to the Project Management Body of Knowledge*, 6th ed., section
    7.4.2.2, table 7-1: EAC = AC + (BAC − EV) when variances are atypical, and
    EAC = AC + [(BAC − EV) / (CPI × SPI)] when both indices drive the rest of the work.
    Inputs as published (Mulcahy, p. 210): AC 2,800, BAC 4,000, EV 2,500.
    """
    result = fence()
    assert result.eac_atypical == pytest.approx(2800 + (4000 - 2500))
    assert result.eac_combined == pytest.approx(2800 + 1500 / ((2500 / 2800) * (2500 / 3000)))
    assert result.tcpi == pytest.approx((4000 - 2500) / (4000 - 2800))


def test_fence_exercise_earned_schedule() -> None:
    """Earned schedule of the fence by Lipke's formula: ES 2.5 days at AT 3, SPI(t) 0.833.

    Method: Walt Lipke, "Schedule is Different", *The Measurable News*, March 2003 (and
    "Earned Schedule Concept", earnedschedule.com): ES = C + (EV − PV_C)/(PV_C+1 − PV_C),
    SPI(t) = ES / AT, IEAC(t) = PD / SPI(t). With the fence's published plan (PV 1,000,
    2,000, 3,000, 4,000 at the end of days 1–4) and EV 2,500: C = 2, ES = 2 + 500/1,000
    = 2.5 days, AT = 3, SPI(t) = 0.8333, forecast 4 / 0.8333 = 4.8 days.
    """
    result = fence()
    assert result.earned_schedule == pytest.approx(2.5)
    assert result.actual_time == pytest.approx(3.0)
    assert result.spi_t == pytest.approx(2.5 / 3)
    assert result.planned_duration == pytest.approx(4.0)
    assert result.forecast_duration == pytest.approx(4.8)


def test_lipke_figure_five_months_earned_at_month_seven() -> None:
    """Lipke's figure: all of May's PV earned and part of June's, at AT = 7 months.

    Source: Walt Lipke, "Earned Schedule Concept" (earnedschedule.com; the figure of
    "Schedule is Different", *The Measurable News*, March 2003): "ES = Jan thru May +
    Portion of June; ES = 5 + (EV − PV(May)) / (PV(June) − PV(May)); AT = 7". The figure
    gives no dollar amounts; the monthly PV below is ours, with EV a quarter of the way
    from May's to June's, so ES must be 5.25 and SPI(t) 5.25 / 7 = 0.75.
    """
    cumulative = [0, 100, 250, 450, 700, 1000, 1400, 1800, 2100, 2300, 2400]
    ev = 1000 + 0.25 * (1400 - 1000)
    es = earned_schedule(cumulative, ev)
    assert es == pytest.approx(5.25)
    assert (es or 0) / 7 == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("ev", "expected"),
    [
        pytest.param(0.0, 0.0, id="nothing-earned"),
        pytest.param(10.0, 1.0, id="exactly-period-one"),
        pytest.param(100.0, 4.0, id="all-earned"),
        pytest.param(150.0, 4.0, id="more-than-planned-caps-at-the-plan"),
    ],
)
def test_earned_schedule_edges(ev: float, expected: float) -> None:
    """ES is 0 with nothing earned, whole periods on the PV points, and capped at PD."""
    assert earned_schedule([0, 10, 30, 60, 100], ev) == pytest.approx(expected)


def test_earned_schedule_on_a_plateau_credits_the_earliest_period() -> None:
    """When the plan earns nothing for a while, EV on that level dates to when it was reached."""
    assert earned_schedule([0, 10, 10, 10, 20], 10.0) == pytest.approx(1.0)
    assert earned_schedule([0, 10, 10, 10, 20], 15.0) == pytest.approx(3.5)


def test_divisions_by_zero_give_none() -> None:
    """No PV yet, no actual cost, or BAC equal to AC: the ratio is None, never an error."""
    figures = earned_value_figures(bac=100.0, pv=0.0, ev=0.0, ac=0.0)
    assert figures.spi is None
    assert figures.cpi is None
    assert figures.eac is None
    assert figures.eac_combined is None
    assert earned_value_figures(bac=100.0, pv=50.0, ev=40.0, ac=100.0).tcpi is None
