"""The portfolio's engine and sheets: slip trends, people across plans, the rows, hand-checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from pmkit.engine.portfolio import (
    SPARK_BLOCKS,
    BookedWeek,
    Outcome,
    PlanBooking,
    PlanLine,
    PlanNight,
    SlipTrend,
    people_across_plans,
)
from pmkit.outputs.cells import Cell, CellKind, OutputSheet, Row, Tone
from pmkit.outputs.portfolio import (
    PORTFOLIO_COLUMNS,
    build_people_sheet,
    build_portfolio_sheet,
    plan_url,
)
from pmkit.report.xlsx import write_output_sheet

MON_23, MON_30, MON_6 = date(2026, 3, 23), date(2026, 3, 30), date(2026, 4, 6)
NIGHT = date(2026, 3, 20)


@pytest.mark.parametrize(
    ("slips", "blocks", "words"),
    [
        pytest.param((0, 1, 1, 2, None, 3, 3), "▁▃▃▆·██", "3 working days worse", id="worse"),
        pytest.param((4, 4, 2), "██▅", "2 working days better", id="better"),
        pytest.param((0, 0, 0), "▁▁▁", "no change", id="on-time"),
        pytest.param((5, 5), "██", "no change", id="steady-late"),
        pytest.param((-2, 0, 2), "▁▅█", "4 working days worse", id="from-early"),
        pytest.param((6,), "█", "first night", id="first"),
        pytest.param((None, None), "··", "not known", id="unknown"),
        pytest.param((None, 2), "·█", "not known", id="one-known"),
        pytest.param((), "", "no nights yet", id="none"),
    ],
)
def test_slip_trend_blocks_and_words(
    slips: tuple[int | None, ...], blocks: str, words: str
) -> None:
    """Bars from 0 (or the lowest slip) to the highest, `·` unknown; the change in words."""
    trend = SlipTrend(slips)
    assert (trend.blocks, trend.words()) == (blocks, words)


@given(st.lists(st.one_of(st.none(), st.integers(-30, 60)), max_size=7))
def test_slip_trend_has_a_bar_per_night_and_the_highest_is_full(slips: list[int | None]) -> None:
    """One character per night; when some slip is above 0, the highest night is `█`."""
    blocks = SlipTrend(tuple(slips)).blocks
    assert len(blocks) == len(slips)
    known = [s for s in slips if s is not None]
    if known and max(known) > 0:
        assert blocks[slips.index(max(known))] == SPARK_BLOCKS[-1]


def _booking(plan: str, owner: str, capacity: float, *weeks: tuple[date, int, int]) -> PlanBooking:
    return PlanBooking(plan, owner, capacity, tuple(BookedWeek(*week) for week in weeks))


def test_person_in_three_plans_is_one_row_with_the_load_hand_checked() -> None:
    """Sam Patel in three plans (tests/sync/portfolio_plans.py): share 90 %, 250 % in the
    week of 23 Mar (9 days ÷ 4 working days × 0.9) and 111.1 % the week after."""
    weeks, people = people_across_plans(
        [
            _booking("Acme rollout", "Sam Patel", 0.5, (MON_23, 5, 4), (MON_30, 3, 5)),
            _booking("Brightline web", "Sam  Patel", 0.3, (MON_23, 4, 5)),
            _booking("Corner cafe", "SAM PATEL", 0.1, (MON_30, 2, 5)),
        ],
        NIGHT,
        26,
    )
    assert weeks == (MON_23, MON_30)
    (sam,) = people
    assert (sam.name, sam.plans) == ("Sam Patel", ("Acme rollout", "Brightline web", "Corner cafe"))
    assert sam.share == pytest.approx(0.9)
    assert sam.booked_days == (9, 5)
    assert sam.free_days == (4, 5)
    assert sam.load(0) == pytest.approx(2.5)
    assert sam.load(1) == pytest.approx(5 / 4.5)
    assert dict(sam.by_plan) == {
        "Acme rollout": (5, 3),
        "Brightline web": (4, 0),
        "Corner cafe": (0, 2),
    }


@pytest.mark.parametrize(
    ("spellings", "shown"),
    [
        pytest.param(("dana reyes", "Dana Reyes"), "Dana Reyes", id="capitals-win-a-tie"),
        pytest.param(("DANA REYES", "dana reyes"), "DANA REYES", id="first-plan-on-a-tie"),
        pytest.param(("dana reyes", "Dana Reyes", "dana reyes"), "dana reyes", id="most-plans"),
    ],
)
def test_person_is_named_as_most_plans_spell_them(spellings: tuple[str, ...], shown: str) -> None:
    """One person spelt differently: as most plans write the name, else the spelling
    with capitals and small letters, else the first plan's (plans A, B, C in order)."""
    _weeks, (dana,) = people_across_plans(
        [
            _booking(plan, name, 0.3, (MON_23, 1, 5))
            for plan, name in zip("ABC", spellings, strict=False)
        ],
        NIGHT,
        26,
    )
    assert dana.name == shown


def test_shares_above_a_whole_week_count_as_one_week() -> None:
    """Two plans each counting Dana full time are one week: 8 days booked is 160 %."""
    _weeks, (dana,) = people_across_plans(
        [
            _booking("A", "Dana", 1.0, (MON_23, 4, 5)),
            _booking("B", "Dana", 1.0, (MON_23, 4, 5)),
        ],
        NIGHT,
        26,
    )
    assert dana.share == 1.0
    assert dana.load(0) == pytest.approx(1.6)


def test_a_team_giving_more_than_one_week_keeps_its_capacity() -> None:
    """A vendor whose Team sheet gives 300 % (three people) in one plan: the People tab
    shows the load that plan's Workload shows (9 days of 15 is 60 %), not 180 %; in two
    plans at 300 % each they are still one team of three (18 days of 15 is 120 %)."""
    _weeks, (alone,) = people_across_plans(
        [_booking("A", "Brightline Web", 3.0, (MON_23, 9, 5))], NIGHT, 26
    )
    assert alone.share == 3.0
    assert alone.load(0) == pytest.approx(0.6)
    _weeks, (both,) = people_across_plans(
        [
            _booking("A", "Brightline Web", 3.0, (MON_23, 9, 5)),
            _booking("B", "Brightline Web", 3.0, (MON_23, 9, 5)),
        ],
        NIGHT,
        26,
    )
    assert both.share == 3.0
    assert both.load(0) == pytest.approx(1.2)
    _weeks, (mixed,) = people_across_plans(
        [
            _booking("A", "Brightline Web", 2.0, (MON_23, 5, 5)),
            _booking("B", "Brightline Web", 0.5, (MON_23, 5, 5)),
        ],
        NIGHT,
        26,
    )
    assert mixed.share == 2.0  # their largest week (200 %), not 250 %


def test_booked_with_no_time_to_give_has_no_load() -> None:
    """Off all week in one plan while another books work: no load figure (over capacity)."""
    _weeks, (dana,) = people_across_plans(
        [_booking("A", "Dana", 0.5, (MON_23, 2, 0)), _booking("B", "Dana", 0.5, (MON_23, 1, 5))],
        NIGHT,
        26,
    )
    assert dana.load(0) is None


def test_weeks_start_at_the_first_booked_and_stop_at_the_limit() -> None:
    """Weeks before the night's are left out, the first shown is the first booked, and at
    most `max_weeks` are shown."""
    early, late = date(2026, 3, 9), date(2026, 4, 13)
    weeks, (ann,) = people_across_plans(
        [_booking("A", "Ann", 1.0, (early, 5, 5), (MON_30, 1, 5), (MON_6, 2, 5), (late, 1, 5))],
        NIGHT,
        2,
    )
    assert weeks == (MON_30, MON_6)
    assert ann.booked_days == (1, 2)


def _night(status: str | None, slip: int | None = 0) -> PlanNight:
    return PlanNight(
        run_date=date(2026, 3, 19),
        status=status,
        status_reasons=("The project finishes late",) if status == "Red" else (),
        baseline_finish=date(2026, 4, 1),
        forecast_finish=date(2026, 4, 3),
        slip=slip,
        forecast_unknown=None,
        spi=0.85,
        cpi=1.0,
        unapproved_growth=0.2,
        approved_growth=0.0,
        problems=2,
        errors=0,
    )


def test_a_figure_not_known_is_explained_and_a_minimum_growth_reads_at_least() -> None:
    """A CPI nobody can know shows the sheet's "—", and a note under the table says what
    it means; a growth figure that is a minimum is the at-least percent (`≥ 20.0%`)."""
    from dataclasses import replace

    from pmkit.outputs.cells import CellKind, Role

    night = replace(_night("Amber", 1), cpi=None, unapproved_growth_at_least=True)
    sheet = build_portfolio_sheet(NIGHT, [PlanLine("Plan", night, SlipTrend((1,)), Outcome.SYNCED)])
    (row,) = sheet.body()
    columns = [name for name, _ in PORTFOLIO_COLUMNS]
    cpi = row.cells[columns.index("CPI")]
    assert cpi.value == "—"
    growth = row.cells[columns.index("Unapproved growth")]
    assert (growth.value, growth.kind) == (0.2, CellKind.AT_LEAST_PERCENT)
    assert row.cells[columns.index("Approved growth")].kind is CellKind.PERCENT
    notes = [r.cells[0].value for r in sheet.rows if r.role is Role.NOTE]
    assert any(str(note).startswith("—: not known for that plan yet") for note in notes)


def test_portfolio_rows_worst_first_and_stale_rows_grey() -> None:
    """Red before Amber before no status before Green; a plan not reached tonight keeps
    its last figures, every coloured one grey, its date in red; a plan never read says
    why once (in *Why*); the line under the title counts each kind."""
    lines = [
        PlanLine("Green one", _night("Green"), SlipTrend((0,)), Outcome.SYNCED),
        PlanLine(
            "Stale red",
            _night("Red", 4),
            SlipTrend((2, 4)),
            Outcome.FAILED,
            "spreadsheet k was not found",
            stale=True,
        ),
        PlanLine("New one", None, SlipTrend(()), Outcome.FAILED, "not shared with us"),
        PlanLine("Amber one", _night("Amber", 1), SlipTrend((1,)), Outcome.SYNCED),
    ]
    sheet = build_portfolio_sheet(NIGHT, lines)
    body = list(sheet.body())
    assert [row.cells[0].value for row in body] == [
        "Stale red",
        "Amber one",
        "New one",
        "Green one",
    ]
    stale = body[0].cells
    assert all(cell.tone in (None, Tone.MUTED) for cell in stale[1:14])
    assert stale[1].value == "Red"
    assert (stale[14].value, stale[14].tone) == (date(2026, 3, 19), Tone.RED)
    assert stale[15].value == ("failed: figures from Thu 19 Mar 2026 — spreadsheet k was not found")
    assert body[1].cells[1].tone is Tone.AMBER
    assert body[2].cells[1].value == "no figures yet"
    assert (body[2].cells[2].value, body[2].cells[15].value) == ("not shared with us", "failed")
    assert sheet.rows[1].cells[0].value == (
        "1 Red, 1 Amber, 1 Green; 1 plan not updated tonight (last "
        "known figures, in grey); 1 plan never read yet. Worst first; a plan's name opens it."
    )
    assert len(sheet.header()) == len(PORTFOLIO_COLUMNS)
    assert all(len(row.cells) == len(PORTFOLIO_COLUMNS) for row in body)


def test_a_plan_whose_slip_cannot_be_known_is_not_ranked_as_on_time() -> None:
    """Three Red plans: one 8 days late, one whose forecast is unknown (a cell to fix: it
    may be later than any), one with no baseline (no agreed finish to slip from). The
    unknown one leads its status, above the known slips, never among the on-time plans;
    the one without a baseline has no slip to rank by, as one on time."""
    unknown = replace(
        _night("Red", None),
        forecast_finish=None,
        forecast_unknown="Forecast unknown: 2 tasks cannot be scheduled until Plan!E5 is fixed",
    )
    unbased = replace(_night("Red", None), baseline_finish=None)
    lines = [
        PlanLine("No baseline", unbased, SlipTrend((None,)), Outcome.SYNCED),
        PlanLine("Late", _night("Red", 8), SlipTrend((8,)), Outcome.SYNCED),
        PlanLine("On time", _night("Red", 0), SlipTrend((0,)), Outcome.SYNCED),
        PlanLine("Unknown", unknown, SlipTrend((None,)), Outcome.SYNCED),
    ]
    body = list(build_portfolio_sheet(NIGHT, lines).body())
    assert [row.cells[0].value for row in body] == ["Unknown", "Late", "No baseline", "On time"]


@pytest.mark.parametrize(
    ("link", "url"),
    [
        pytest.param(
            "https://docs.google.com/spreadsheets/d/k",
            "https://docs.google.com/spreadsheets/d/k",
            id="web",
        ),
        pytest.param("/plans/Acme rollout.xlsx", "file:///plans/Acme%20rollout.xlsx", id="file"),
        pytest.param("relative.xlsx", None, id="relative"),
        pytest.param(None, None, id="none"),
    ],
)
def test_plan_url(link: str | None, url: str | None) -> None:
    """A web address as it is; an absolute path as a `file:` URI (spaces escaped)."""
    assert plan_url(link) == url


def test_workbook_hyperlinks_take_web_and_file_links_only() -> None:
    """The openpyxl writer links `https:` and `file:` cells, never another scheme."""
    sheet = OutputSheet(
        "Links",
        (
            Row(
                (
                    Cell("web", url="https://example.com/a"),
                    Cell("file", url="file:///tmp/a.xlsx"),
                    Cell("script", url="javascript:alert(1)"),
                )
            ),
        ),
        (10, 10, 10),
    )
    book = Workbook()
    write_output_sheet(book, sheet)
    cells = book["Links"]
    assert cells["A1"].hyperlink.target == "https://example.com/a"
    assert cells["B1"].hyperlink.target == "file:///tmp/a.xlsx"
    assert cells["C1"].hyperlink is None


def test_someone_with_only_work_that_cannot_be_scheduled_gets_a_row_saying_so() -> None:
    """Dana owns only a task of Bolt that cannot be scheduled, so no week books her: she
    had no row (only Bolt's note named her). Now she has one saying her load cannot be
    known and why, her weeks `≥ 0.0%` like any load that misses work; Sam, booked, keeps
    his row and reads at least too, as the owner of other such work."""
    partial = replace(
        _night("Amber"),
        bookings_partial="2 tasks cannot be scheduled until Plan!E5 is fixed",
        partial_owners=("Dana Reyes", "Sam Patel"),
    )
    line = PlanLine("Bolt", partial, SlipTrend((0,)), Outcome.SYNCED)
    bookings = [_booking("Bolt", "Sam Patel", 1.0, (MON_23, 3, 5))]
    weeks, people = people_across_plans(bookings, NIGHT, 26, {"Bolt": partial.missed_owners})
    assert [(p.name, p.load_known, p.partial_plans) for p in people] == [
        ("Sam Patel", True, ("Bolt",)),
        ("Dana Reyes", False, ("Bolt",)),
    ]
    sheet = build_people_sheet(NIGHT, weeks, people, [line])
    rows = {row.cells[0].value: row.cells for row in sheet.rows}
    dana = rows["Dana Reyes"]
    assert dana[1].value == (
        "Load not known: their work in Bolt cannot be scheduled yet (see the note above), "
        "and nothing else of theirs is booked in these weeks"
    )
    assert dana[2].value is None  # no plan books her: her share is not known
    assert [(c.value, c.kind) for c in dana[3:]] == [(0.0, CellKind.AT_LEAST_PERCENT)]
    assert rows["Sam Patel"][3].kind is CellKind.AT_LEAST_PERCENT
    subtitle = sheet.rows[1].cells[0].value
    assert subtitle == (
        "1 person booked, 0 of them in more than one plan (matched by name: capitals and "
        "spaces do not matter). Bookings partial in 1 plan (below): 1 of the loads is at "
        "least what is shown (≥), and 1 person has a load that cannot be known (nothing of "
        "theirs can be scheduled in these weeks)."
    )
