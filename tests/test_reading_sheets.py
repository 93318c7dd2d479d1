"""read_plan on the optional sheets: Settings, Holidays (and Holiday Country), Changes,
Risks, Charter and Baseline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import pmkit
from pmkit.engine.issues import Severity
from pmkit.engine.model import Decision
from tests.builders import PLAN_HEADER, write_workbook

MONDAY = date(2026, 3, 2)


def codes(plan: pmkit.Plan) -> list[tuple[str, str]]:
    return [(str(issue.code), str(issue.location)) for issue in plan.issues]


SETTINGS: list[list[object]] = [
    ["Setting", "Value"],
    ["Project", "Relaunch"],
    ["Project Start", MONDAY],
    ["Status Date", "2026-03-13"],
    ["Work Week", "Sun-Thu"],
    ["Currency", "EUR"],
    ["Slip Tolerance Days", 2],
    ["Stalled After Days", 10],
    ["Scope Creep Threshold %", 0.15],
    ["Critical Float Days", 1],
    ["Move Unfinished Work Past Status Date", "no"],
    ["Favourite colour", "blue"],
]


def test_settings(tmp_path: Path) -> None:
    """Every setting is parsed; an unknown one is an info note."""
    path = write_workbook(tmp_path / "settings.xlsx", {"Plan": [PLAN_HEADER], "settings": SETTINGS})
    plan = pmkit.read_plan(path)
    assert plan.settings == pmkit.Settings(
        project_name="Relaunch",
        project_start=MONDAY,
        status_date=date(2026, 3, 13),
        work_week=frozenset({6, 0, 1, 2, 3}),
        currency="EUR",
        slip_tolerance_days=2,
        stalled_after_days=10,
        scope_creep_threshold_pct=15.0,
        critical_float_days=1,
        move_unfinished_work=False,
    )
    # no Holiday Country (and no Holidays sheet): a note says holidays are not counted
    assert codes(plan) == [
        ("unknown-setting", "settings!A12"),
        ("holidays-not-counted", "settings"),
    ]
    assert {issue.severity for issue in plan.issues} == {Severity.INFO}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        pytest.param("Mon-Fri", {0, 1, 2, 3, 4}, id="mon-fri"),
        pytest.param("Mon-Sat", {0, 1, 2, 3, 4, 5}, id="mon-sat"),
        pytest.param("Sun-Thu", {6, 0, 1, 2, 3}, id="sun-thu-wraps"),
        pytest.param("Mon,Tue,Thu", {0, 1, 3}, id="list"),
        pytest.param("mon - wed, fri", {0, 1, 2, 4}, id="mixed"),
        pytest.param("Monday to Friday", {0, 1, 2, 3, 4}, id="words"),
        pytest.param("Tue Thu", {1, 3}, id="spaces"),
        pytest.param("Weekdays", {0, 1, 2, 3, 4}, id="weekdays"),
        pytest.param("Fri-Mon", {4, 5, 6, 0}, id="wraps"),
    ],
)
def test_work_week(tmp_path: Path, text: str, days: set[int]) -> None:
    """Work Week accepts ranges, lists and their mixes."""
    path = write_workbook(
        tmp_path / "week.xlsx",
        {"Plan": [PLAN_HEADER], "Settings": [["Setting", "Value"], ["Work Week", text]]},
    )
    assert pmkit.read_plan(path).settings.work_week == frozenset(days)


@pytest.mark.parametrize(
    ("name", "value", "used"),
    [
        pytest.param("Work Week", "Funday-Fri", "(Mon-Fri is used)", id="work-week"),
        pytest.param(
            "Move Unfinished Work Past Status Date", "maybe", "(Yes is used)", id="yes-no"
        ),
        pytest.param("Slip Tolerance Days", "soon", "(3 is used)", id="days"),
        pytest.param("Status Date", "someday", "(as if blank: today)", id="date"),
        pytest.param("Holiday Country", "XX", "(no public holiday is counted)", id="country"),
        pytest.param("Holiday Country", "GB-ZZZ", "(no public holiday is counted)", id="region"),
    ],
)
def test_bad_settings(tmp_path: Path, name: str, value: str, used: str) -> None:
    """A bad setting is a bad-setting error at its value cell, the default is kept, and
    the error says what is used instead, so the owner knows what the figures rest on."""
    path = write_workbook(
        tmp_path / "bad-settings.xlsx",
        {"Plan": [PLAN_HEADER], "Settings": [["Setting", "Value"], [name, value]]},
    )
    plan = pmkit.read_plan(path)
    note = [] if name == "Holiday Country" else [("holidays-not-counted", "Settings")]
    assert codes(plan) == [("bad-setting", "Settings!B2"), *note]
    assert plan.issues[0].message.endswith(used)
    assert plan.issues[0].message.count(" is used") <= 1
    assert plan.settings.work_week == frozenset(range(5))
    assert plan.settings.move_unfinished_work is True


def test_a_setting_name_may_end_in_a_colon(tmp_path: Path) -> None:
    """A hand-made Settings sheet labels its rows `Status date:`: the setting is read, not
    ignored as unknown (which measured progress on today instead)."""
    path = write_workbook(
        tmp_path / "settings.xlsx",
        {
            "Plan": [PLAN_HEADER, [1, "A", "x", 1]],
            "Settings": [["Status date:", "2026-03-13"], ["Project Start :", "2026-03-02"]],
        },
    )
    plan = pmkit.read_plan(path)
    assert (plan.settings.status_date, plan.settings.project_start) == (
        date(2026, 3, 13),
        date(2026, 3, 2),
    )
    assert [i.code.value for i in plan.issues if i.code.value == "unknown-setting"] == []


def test_holidays_sheet_and_country(tmp_path: Path) -> None:
    """Holidays sheet days and the Holiday Country's public holidays are both in plan.holidays."""
    path = write_workbook(
        tmp_path / "holidays.xlsx",
        {
            "Plan": [[*PLAN_HEADER, "Start No Earlier Than"], [1, "A", "x", 1, None, MONDAY]],
            "Settings": [["Setting", "Value"], ["Holiday Country", "gb-eng"]],
            "Holidays": [
                ["Date", "Name"],
                [date(2026, 3, 5), "Office move"],
                [date(2026, 12, 25), "Shut"],
            ],
        },
    )
    plan = pmkit.read_plan(path)
    by_day = {holiday.day: holiday.name for holiday in plan.holidays}
    assert by_day[date(2026, 3, 5)] == "Office move"
    assert by_day[date(2026, 12, 25)] == "Shut"  # the owner's name wins
    assert "Easter Monday" in by_day[date(2026, 4, 6)]
    assert date(2025, 12, 26) in by_day
    assert date(2036, 12, 26) in by_day
    assert date(2024, 12, 25) not in by_day
    assert plan.settings.holiday_country == "GB-ENG"
    assert plan.issues == ()


def test_a_holiday_pmkit_cannot_read_says_the_day_off_is_not_counted(tmp_path: Path) -> None:
    """`29 Dec` (no year) on the Holidays sheet: the error says what to write and what it
    costs until then — work may be planned on that day, so dates after it may be early."""
    path = write_workbook(
        tmp_path / "holidays.xlsx",
        {
            "Plan": [PLAN_HEADER, [1, "A", "x", 1]],
            "Holidays": [["Date", "Name"], ["29 Dec", "Shut"]],
        },
    )
    [issue] = [i for i in pmkit.read_plan(path).issues if i.code.value == "bad-date"]
    assert str(issue.location) == "Holidays!A2"
    assert issue.message == (
        "Date: '29 Dec' is not a date; write it like 2026-03-13; until then this day off is "
        "not counted, so work may be planned on it and dates after it may be too early"
    )


@pytest.mark.parametrize(
    ("code", "day"),
    [
        pytest.param("US", date(2026, 7, 3), id="us"),
        pytest.param("US-CA", date(2026, 3, 31), id="us-california"),
        pytest.param("DE-BY", date(2026, 1, 6), id="germany-bavaria"),
    ],
)
def test_holiday_country_regions(tmp_path: Path, code: str, day: date) -> None:
    """Countries and their regions bring their own public holidays."""
    path = write_workbook(
        tmp_path / "country.xlsx",
        {"Plan": [PLAN_HEADER], "Settings": [["Setting", "Value"], ["Holiday Country", code]]},
    )
    assert day in {holiday.day for holiday in pmkit.read_plan(path).holidays}


def test_changes_risks_charter(tmp_path: Path) -> None:
    """Changes, Risks and Charter sheets read into their model objects."""
    path = write_workbook(
        tmp_path / "governance.xlsx",
        {
            "Plan": [PLAN_HEADER],
            "Changes": [
                [
                    "CR ID",
                    "Description",
                    "Requested By",
                    "Date",
                    "Decision",
                    "Days Impact",
                    "Cost Impact",
                ],
                ["CR-1", "Extra page", "Sales", MONDAY, "approved", 3, "$1,500"],
                ["CR-2", "Chat", "Owner", None, None, None, None],
                ["CR-3", "Blog", "Owner", None, "Perhaps", None, None],
            ],
            "Risks": [
                ["ID", "Risk", "Likelihood", "Impact", "Owner", "Mitigation", "Status"],
                ["R1", "Vendor late", 4, 4, "Ann", None, "open"],
                ["R2", "Data loss", 2, 9, "Bob", "Backups", "Closed"],
            ],
            "Charter": [
                ["Goal", "Success Measure", "Target", "Owner"],
                ["More orders", "Online orders a month", 200, "Owner"],
            ],
        },
    )
    plan = pmkit.read_plan(path)
    assert [(c.id, c.decision, c.days_impact, c.cost_impact) for c in plan.changes] == [
        ("CR-1", Decision.APPROVED, 3.0, 1500.0),
        ("CR-2", Decision.PENDING, None, None),
        ("CR-3", Decision.PENDING, None, None),
    ]
    assert plan.changes[0].requested_on == MONDAY
    assert [(r.id, r.score, r.is_open) for r in plan.risks] == [
        ("R1", 16, True),
        ("R2", None, False),
    ]
    assert [(c.goal, c.target) for c in plan.charter] == [("More orders", "200")]
    assert codes(plan) == [("bad-value", "Changes!E4"), ("bad-value", "Risks!D3")]


def test_risk_review_date_is_read_and_checked(tmp_path: Path) -> None:
    """The optional Review Date is a date (any spelling a date cell takes); a bad one is an
    error at its cell and the risk is kept without it."""
    path = write_workbook(
        tmp_path / "risks.xlsx",
        {
            "Plan": [PLAN_HEADER],
            "Risks": [
                ["ID", "Risk", "Status", "Review Date"],
                ["R1", "Vendor late", "Open", MONDAY],
                ["R2", "Data loss", "Open", "2026-03-20"],
                ["R3", "Key person leaves", "Open", "someday"],
                ["R4", "No date", "Open", None],
            ],
        },
    )
    plan = pmkit.read_plan(path)
    assert [(r.id, r.review_date) for r in plan.risks] == [
        ("R1", MONDAY),
        ("R2", date(2026, 3, 20)),
        ("R3", None),
        ("R4", None),
    ]
    assert codes(plan) == [("bad-date", "Risks!D4")]


@pytest.mark.parametrize(
    ("header", "cell"),
    [
        pytest.param(["ID", "Risk", "Likelihood", "Impact", "Mitigation"], "risks!E3", id="column"),
        pytest.param(["ID", "Risk", "Likelihood", "Impact"], "risks!3:3", id="no-column"),
    ],
)
def test_an_unmitigated_risk_points_at_where_its_mitigation_goes(
    tmp_path: Path, header: list[str], cell: str
) -> None:
    """The finding (and its link and action) names the Mitigation cell of the risk's row on
    the sheet as the owner named it; the row when the sheet has no Mitigation column."""
    path = write_workbook(
        tmp_path / "risks.xlsx",
        {
            "Plan": [PLAN_HEADER, [1, "A", 1, None]],
            "risks": [header, ["R1", "Vendor late", 2, 2], ["R2", "Data loss", 4, 5]],
        },
    )
    found = [i for i in pmkit.analyze(pmkit.read_plan(path)).issues if i.code == "unmitigated-risk"]
    assert [str(issue.location) for issue in found] == [cell]


def test_baseline_sheet(tmp_path: Path) -> None:
    """The Baseline sheet: the `Baseline set on` date above the table, then the frozen rows,
    and where each column is (so a finding names its cell)."""
    path = write_workbook(
        tmp_path / "baseline.xlsx",
        {
            "Plan": [PLAN_HEADER, [1, "A", "x", 1]],
            "Baseline": [
                ["Baseline set on", MONDAY],
                ["Baseline number:", 2],
                [],
                ["ID", "Task", "Duration", "Start", "Finish", "Cost"],
                [1, "A", 1, MONDAY, MONDAY, 100],
                [2, "Removed since", 2, MONDAY, date(2026, 3, 3), None],
            ],
        },
    )
    baseline = pmkit.read_plan(path).baseline
    assert baseline == pmkit.BaselineSnapshot(
        set_on=MONDAY,
        tasks=(
            pmkit.BaselineTask("1", "A", 1, MONDAY, MONDAY, 100.0, 5),
            pmkit.BaselineTask("2", "Removed since", 2, MONDAY, date(2026, 3, 3), None, 6),
        ),
        number=2,
        columns={"id": 1, "name": 2, "duration_days": 3, "start": 4, "finish": 5, "cost": 6},
    )


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param([MONDAY], range(2025, 2037), id="one-date"),
        pytest.param([MONDAY, date(2028, 5, 1)], range(2025, 2039), id="span"),
        pytest.param([date(1900, 1, 5), MONDAY, MONDAY], range(2025, 2037), id="typo-ignored"),
        pytest.param([], range(2025, 2037), id="no-dates-uses-today"),
    ],
)
def test_holiday_years(dates: list[date], expected: range) -> None:
    """Public holidays cover the plan's years generously, ignoring far-off typos."""
    from pmkit.reading.public_holidays import holiday_years

    assert holiday_years([*dates, None], today=date(2026, 6, 1)) == expected
