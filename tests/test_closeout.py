"""The close-out review: once the project is over, the Summary compares agreed and actual,
shows scope change and how the forecast moved, and asks whether the goals were met."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.issues import Code, Location, Severity
from pmkit.engine.model import ForecastPoint
from pmkit.outputs import build_summary_sheet
from pmkit.outputs.summary import summary_metrics
from pmkit.report.ownership import is_output_sheet
from pmkit.template.regenerate import TEMPLATES_FOLDER
from tests.builders import MONDAY, PLAN_HEADER, plan_of, task, write_workbook

SAMPLE = TEMPLATES_FOLDER / "sample-plan.xlsx"
FINISHED = TEMPLATES_FOLDER / "sample-plan-finished.xlsx"


@pytest.fixture(scope="module")
def finished() -> pmkit.Analysis:
    return pmkit.analyze(pmkit.read_plan(FINISHED))


def _texts(analysis: pmkit.Analysis) -> list[str]:
    sheet = build_summary_sheet(analysis)
    return [str(cell.value) for row in sheet.rows for cell in row.cells if cell.value is not None]


def test_a_project_with_every_task_done_gets_the_close_out_review(
    finished: pmkit.Analysis,
) -> None:
    """Agreed against actual finish and cost, and scope changed approved and not, in
    working days and money. The agreed cost is the baseline's (USD 60,100, the blog
    migration since removed included) and the approved change's (USD 2,400): the overrun
    is the unapproved USD 6,400, not what BAC (every task's budget) would say."""
    review = finished.close_out
    assert review is not None
    assert (str(review.agreed_finish), str(review.actual_finish), review.finish_slip) == (
        "2026-06-01",
        "2026-06-15",
        10,
    )
    assert (review.agreed_cost, review.actual_cost) == (62_500, 68_900)
    assert (review.approved_changes, review.approved_days, review.approved_cost) == (1, 4, 2400)
    assert (review.unapproved_changes, review.unapproved_days, review.unapproved_cost) == (
        2,
        9,
        6400,
    )
    texts = _texts(finished)
    assert texts[0] == "Online shop relaunch: close-out review"
    assert "Finished 10 working days after the agreed date." in texts
    assert [text for text in texts if text.startswith("Cost USD 6,400 more than agreed;")]
    assert finished.summary.status_text.startswith(
        "The project is over: it finished on Mon 15 Jun 2026, 10 working days after the "
        "agreed Mon 1 Jun 2026. It cost USD 68,900 against an agreed budget of USD 62,500,"
    )
    assert is_output_sheet("Summary", [[texts[0]]])


def test_agreed_work_removed_since_is_shown_beside_the_cost_it_held(
    finished: pmkit.Analysis,
) -> None:
    """The agreed budget holds the cost of the blog migration (task 26, 4 working days,
    USD 800), removed since and never done: the review lists it under scope changed, and
    says the work kept cost USD 7,200 more than agreed for it — the USD 6,400 gap alone
    would let the money of dropped work hide part of an overrun."""
    review = finished.close_out
    assert review is not None
    assert (review.removed_changes, review.removed_days, review.removed_cost) == (1, 4, 800)
    rows = build_summary_sheet(finished).rows
    removed = [row for row in rows if row.cells[0].value == "Removed (agreed, then dropped)"]
    assert [cell.value for cell in removed[0].cells] == [
        "Removed (agreed, then dropped)",
        1,
        -4,
        -800,
    ]
    assert (
        "Cost USD 6,400 more than agreed; USD 800 of the agreed budget was for work removed "
        "since (task 26), so the work kept cost USD 7,200 more than agreed." in _texts(finished)
    )
    assert (
        "It cost USD 68,900 against an agreed budget of USD 62,500, USD 800 of it for work "
        "removed since (task 26)." in finished.summary.status_text
    )


def test_a_review_against_a_later_baseline_says_so() -> None:
    """A project re-baselined once is reviewed against baseline 2: the paragraph and the
    review say the agreed finish and cost are the second baseline's (the first on sheet
    Baseline 1), or "4 working days after the agreed Fri 26 Jun" reads as the promise
    made at the start."""
    plan = pmkit.read_plan(FINISHED)
    assert plan.baseline is not None
    second = replace(plan, baseline=replace(plan.baseline, number=2))
    analysis = pmkit.analyze(second)
    assert "10 working days after the agreed Mon 1 Jun 2026 of baseline 2" in (
        analysis.summary.status_text
    )
    note = (
        "Agreed: baseline 2, set on Fri 30 Jan 2026. The plan was re-baselined: what was "
        "agreed before is on sheet Baseline 1."
    )
    assert note in _texts(analysis)
    assert note not in _texts(pmkit.analyze(plan))


def test_a_finished_project_is_spoken_of_in_the_past_tense(finished: pmkit.Analysis) -> None:
    """Once every task is done the slip is history: the rating's reason, the slip words of
    every front end and the Forecast finish's meaning say *finished*, not *finishes*."""
    summary = finished.summary
    assert summary.finished
    assert summary.status_reasons[0] == (
        "The project finished 10 working days after the agreed date (tolerance 3 working days)"
    )
    assert summary.slip_words() == "finished 10 working days after the agreed date"
    metrics = {metric.label: metric.meaning for metric in summary_metrics(finished)}
    assert metrics["Forecast finish"] == "Every task is done: the day the last one finished."


def test_a_project_closed_with_work_open_still_finishes_in_the_future() -> None:
    """Closed in Settings with 27 tasks not done: its forecast is still a forecast."""
    plan = pmkit.read_plan(SAMPLE)
    closed = pmkit.analyze(replace(plan, settings=replace(plan.settings, project_closed=True)))
    assert not closed.summary.finished
    assert closed.summary.slip_words().startswith("finishes ")


def test_the_history_sheet_shows_how_the_forecast_moved(finished: pmkit.Analysis) -> None:
    """The History sheet's nightly forecasts are read, and the review says how they moved."""
    review = finished.close_out
    assert review is not None
    points = [(str(p.run_date), str(p.forecast_finish), p.slip_days) for p in review.forecasts]
    assert points[0] == ("2026-02-02", "2026-06-01", 0)
    assert points[-1] == ("2026-06-15", "2026-06-15", 10)
    assert (
        "From Mon 2 Feb 2026 to Mon 15 Jun 2026 the forecast finish moved 14 calendar days "
        "later: Mon 1 Jun 2026 → Mon 15 Jun 2026." in _texts(finished)
    )


def test_one_night_of_history_is_listed_without_a_comparison() -> None:
    """With a single night there is nothing to compare: its row is listed, without
    "From Tue 31 Mar 2026 to Tue 31 Mar 2026 the forecast finish did not move"."""
    plan = pmkit.read_plan(FINISHED)
    plan = replace(plan, history=plan.history[-1:])
    texts = _texts(pmkit.analyze(plan))
    assert "How the forecast moved" in texts
    assert not [text for text in texts if text.startswith("From ")]


def test_the_night_of_the_largest_slip_is_among_the_rows_shown() -> None:
    """17 weekly runs: the slip rose to 9 working days on the sixth, then a new baseline
    set it back to 0. Twelve rows evenly spaced skip the sixth, and the review read as if
    the project had never been more than 7 days late; the worst night is always shown."""
    plan = pmkit.read_plan(FINISHED)
    slips = [0, 1, 4, 4, 5, 9, 0, 1, 1, 2, 2, 3, 5, 6, 5, 7, 5]
    first = date(2026, 2, 27)
    points = tuple(
        ForecastPoint(first + timedelta(weeks=week), date(2026, 6, 11), slip)
        for week, slip in enumerate(slips)
    )
    rows = build_summary_sheet(pmkit.analyze(replace(plan, history=points))).rows
    start = next(i for i, row in enumerate(rows) if row.cells[0].value == "Run date")
    shown = [row.cells[2].value for row in rows[start + 1 : start + 13]]
    assert len(shown) == 12
    assert 9 in shown
    assert rows[start + 1].cells[0].value == first  # the first and the last stay
    assert rows[start + 12].cells[0].value == points[-1].run_date


def test_the_owner_answers_met_on_the_charter(finished: pmkit.Analysis) -> None:
    """Met? is read from the Charter (so it survives every rebuild of the Summary), and
    shown beside each goal; a blank answer is "not confirmed"."""
    review = finished.close_out
    assert review is not None
    assert [(m.goal, m.met) for m in review.measures] == [
        ("Sell more online", None),
        ("A checkout that works on phones", True),
        ("Live before the summer sale", False),
    ]
    rows = build_summary_sheet(finished).rows
    answers = {row.cells[0].value: row.cells[1].value for row in rows if len(row.cells) > 1}
    assert answers["Sell more online"] == "not confirmed"
    assert answers["Live before the summer sale"] == "No"


def test_an_unconfirmed_success_measure_is_a_warning_once_the_project_is_over(
    finished: pmkit.Analysis,
) -> None:
    """The last step: confirm the project achieved its goal. Unanswered, it is a problem,
    at the Met? cell, and on the This week list for the goal's owner."""
    (finding,) = [i for i in finished.issues if i.code is Code.UNCONFIRMED_SUCCESS_MEASURE]
    assert finding.severity is Severity.WARNING
    assert finding.location == Location("Charter", 2, 5)
    action = next(a for a in finished.this_week if a.finding is finding)
    assert action.who == "Maria Lopez"


def test_an_open_project_has_no_review_and_no_such_finding() -> None:
    """Half way through, the Summary is the status report; Met? is not asked yet."""
    result = pmkit.analyze(pmkit.read_plan(SAMPLE))
    assert result.close_out is None
    assert not [i for i in result.cell_issues() if i.code is Code.UNCONFIRMED_SUCCESS_MEASURE]
    assert build_summary_sheet(result).rows[0].cells[0].value.endswith("project status")  # type: ignore[union-attr]


def test_project_closed_in_settings_reviews_an_unfinished_plan() -> None:
    """Settings' Project Closed = Yes makes the review too, and says what was left undone."""
    plan = pmkit.read_plan(SAMPLE)
    closed = replace(plan, settings=replace(plan.settings, project_closed=True))
    result = pmkit.analyze(closed)
    assert result.close_out is not None
    assert result.close_out.closed_by_setting
    assert result.close_out.unfinished == 27
    assert "Closed in Settings with 27 tasks not done." in _texts(result)


@pytest.mark.parametrize(
    ("typed", "closed", "codes"),
    [
        pytest.param("Yes", True, [], id="yes"),
        pytest.param("no", False, [], id="no"),
        pytest.param("", False, [], id="blank-is-no"),
        pytest.param("perhaps", False, ["bad-setting"], id="other-is-an-error"),
    ],
)
def test_the_project_closed_setting_is_read(
    tmp_path: Path, typed: str, closed: bool, codes: list[str]
) -> None:
    """Yes or No; anything else is a bad-setting error at its cell, and No is kept."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [PLAN_HEADER, ["1", "Design", "Ann", 2, None]],
            "Settings": [
                ["Setting", "Value"],
                ["Project Closed", typed],
                ["Holiday Country", "US"],
            ],
        },
    )
    plan = pmkit.read_plan(path)
    assert plan.settings.project_closed is closed
    assert [i.code.value for i in plan.issues] == codes


def test_met_answers_are_read_from_the_charter(tmp_path: Path) -> None:
    """Yes, No, blank; another word is a bad-value error at the Met? cell."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [PLAN_HEADER, ["1", "Design", "Ann", 2, None]],
            "Charter": [
                ["Goal", "Success Measure", "Target", "Owner", "Met?"],
                ["Sell more", "Revenue", "+30 %", "Ann", "yes"],
                ["Faster", "Checkout time", "2 min", "Bob", "No"],
                ["Happier", "Survey", "4 of 5", "Cy", None],
                ["Cheaper", "Cost", "-10 %", "Di", "perhaps"],
            ],
        },
    )
    plan = pmkit.read_plan(path)
    assert [item.met for item in plan.charter] == [True, False, None, None]
    assert str(plan.charter[0].met_cell) == "Charter!E2"
    assert [(i.code.value, str(i.location)) for i in plan.issues] == [("bad-value", "Charter!E5")]


def test_demo_finished_shows_the_close_out_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit demo --finished` writes the finished sibling and prints its review."""
    assert main(["demo", "--finished", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert (tmp_path / "sample-plan-finished-report.xlsx").exists()
    for words in ("Close-out review", "The project is over", "not confirmed", "Maria Lopez"):
        assert words in out
    # task 26, agreed then dropped, is in the table as on the Summary (it was left out,
    # its USD 800 still in the agreed cost beside the changes added)
    assert "Scope, removed" in out
    assert "USD 800" in out.split("Scope, removed")[1].split("│ Forecast")[0]


@pytest.mark.parametrize(("second_done", "reviewed"), [(True, True), (False, False)])
def test_every_task_done_makes_the_review_without_the_setting(
    second_done: bool, reviewed: bool
) -> None:
    """No setting needed once every task is done; one task left and there is no review."""
    done: dict[str, Any] = {"actual_start": MONDAY, "actual_finish": MONDAY}
    plan = plan_of(
        task("1", 1, owner="Ann", **done),
        task("2", 1, "1", owner="Bob", **(done if second_done else {})),
        status=MONDAY,
    )
    review = pmkit.analyze(plan).close_out
    assert (review is not None) is reviewed
    assert review is None or not review.closed_by_setting
