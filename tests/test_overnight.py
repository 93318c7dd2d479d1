"""Since last run: two nights of a hand-checked plan, compared rule by rule.

The plan (Mon–Fri, from Mon 2 Mar 2026, pure logic so dates follow the links only):

    1 Design   9 d            2–12 Mar  in progress since 2 Mar, Last Update 25 Feb
    2 Build    5 d  after 1   13–19 Mar
    3 Content  2 d  after 1   13–16 Mar (3 days of float)
    4 Launch   1 d  after 2,3 20 Mar    deadline Fri 20 Mar
    risks: R1 open, review Thu 5 Mar; R2 open, review Sun 1 Mar; R3 closed, review 3 Mar

Design's dates run past every night (to Thu 12 Mar), so the dates after it are still a
forecast while it is stalled (unfinished work dated by the status date would make them
none: `forecast_passed`).

Night 1 (Mon 2 Mar): finish Fri 20 Mar, critical 1, 2, 4, status Green.
Night 2 (Mon 9 Mar, a week later): task 3 may not start before Thu 19 Mar, and task 5
"Extra pages" (2 d after 1, budget 500) was added with no change request. Task 3 now
runs 19–20 Mar (4 working days late, float −1: critical), task 4 moves to Mon 23 Mar (1
day late, a day past its deadline), the finish moves 1 working day; task 1 has had no
update for 12 days (limit 5): stalled; R1's review date has passed; the status is Red.
Night 3 (Tue 10 Mar): Build's duration is blank, so the forecast is unknown.
Night 4 (Wed 11 Mar): fixed again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

import pmkit
from pmkit.engine.model import Plan, Risk, Task, TaskStatus
from pmkit.engine.nightly_state import PlanState, plan_state, with_last_known
from pmkit.engine.overnight import FIRST_RUN, OLDER_RUN, ChangeKind, SinceLastRun, since_last_run
from pmkit.engine.workdays import WorkCalendar
from pmkit.outputs.digest import Digest, plan_night
from pmkit.outputs.digest_html import render_text
from pmkit.outputs.since_last_run import since_last_run_rows
from tests.builders import plan_of, task

NIGHTS = {1: date(2026, 3, 2), 2: date(2026, 3, 9), 3: date(2026, 3, 10), 4: date(2026, 3, 11)}


def _baseline(start: date, finish: date, days: int) -> dict[str, Any]:
    return {"baseline_start": start, "baseline_finish": finish, "baseline_duration_days": days}


def night_plan(night: int) -> Plan:
    """The plan as the owner left it on `night` (see the module docstring)."""
    tasks = [
        task("1", 9, name="Design", owner="Ann", status=TaskStatus.IN_PROGRESS,
             actual_start=date(2026, 3, 2), percent_complete=0.1, last_update=date(2026, 2, 25),
             **_baseline(date(2026, 3, 2), date(2026, 3, 12), 9)),
        task("2", None if night == 3 else 5, "1", name="Build", owner="Bob",
             **_baseline(date(2026, 3, 13), date(2026, 3, 19), 5)),
        task("3", 2, "1", name="Content", owner="Cy",
             start_no_earlier_than=date(2026, 3, 19) if night >= 2 else None,
             **_baseline(date(2026, 3, 13), date(2026, 3, 16), 2)),
        task("4", 1, "2,3", name="Launch", owner="Ann", deadline=date(2026, 3, 20),
             **_baseline(date(2026, 3, 20), date(2026, 3, 20), 1)),
    ]  # fmt: skip
    if night >= 2:
        tasks.append(task("5", 2, "1", name="Extra pages", owner="Bob", budget=500))
    # the story counts a day behind as late
    plan = plan_of(*tasks, status=NIGHTS[night], stalled_after_days=5, slip_tolerance_days=0)
    risks = (
        Risk("R1", "Vendor late", 3, 3, "Dana", "Second vendor", review_date=date(2026, 3, 5)),
        Risk("R2", "Old risk", 2, 2, "Dana", "Watch", review_date=date(2026, 3, 1)),
        Risk("R3", "Closed risk", 2, 2, is_open=False, review_date=date(2026, 3, 3)),
    )
    return replace(plan, risks=risks)


def state(night: int) -> PlanState:
    return plan_state(pmkit.analyze(night_plan(night)), NIGHTS[night])


def compare(last: PlanState | None, tonight: PlanState) -> SinceLastRun:
    return since_last_run(last, tonight, WorkCalendar.for_plan(night_plan(1)))


@pytest.fixture(scope="module")
def night_two() -> SinceLastRun:
    return compare(state(1), state(2))


def test_the_two_nights_are_as_hand_checked() -> None:
    """The scenario's figures, before anything is compared."""
    first, second = state(1), state(2)
    assert (first.status, first.forecast_finish, first.critical_path) == (
        "Green", date(2026, 3, 20), ("1", "2", "4"),
    )  # fmt: skip
    assert (second.status, second.forecast_finish, second.slip) == ("Red", date(2026, 3, 23), 1)
    tasks = second.task_by_id()
    assert (tasks["3"].forecast_finish, tasks["3"].slip, tasks["3"].critical) == (
        date(2026, 3, 20), 4, True,
    )  # fmt: skip
    assert (tasks["5"].critical, tasks["5"].scope_creep_days, tasks["5"].scope_creep_cost) == (
        False, 2, 500,
    )  # fmt: skip


def test_night_two_finds_every_change_in_order(night_two: SinceLastRun) -> None:
    """Each kind once per task it touches, in the listed order, against the previous run
    day (a week earlier, not yesterday)."""
    assert night_two.last_run == NIGHTS[1]
    assert [(c.kind, c.task_id or c.risk_id) for c in night_two.changes] == [
        (ChangeKind.FINISH_MOVED, "3"),
        (ChangeKind.STATUS_CHANGED, None),
        (ChangeKind.DEADLINE_AT_RISK, "4"),
        (ChangeKind.NOW_LATE, "3"),
        (ChangeKind.NOW_LATE, "4"),
        (ChangeKind.NOW_CRITICAL, "3"),
        (ChangeKind.NOW_STALLED, "1"),
        (ChangeKind.NEW_SCOPE_CREEP, "5"),
        (ChangeKind.RISK_REVIEW_DUE, "R1"),
    ]
    assert night_two.headline() == "9 changes since the last run (Mon 2 Mar 2026)."


def test_finish_moved_by_working_days_and_the_driving_task(night_two: SinceLastRun) -> None:
    """Fri 20 → Mon 23 Mar is 1 working day; task 3 moved most (4 days) on the path."""
    (moved,) = night_two.of_kind(ChangeKind.FINISH_MOVED)
    assert (moved.days, moved.was, moved.now, moved.task_id, moved.good) == (
        1, date(2026, 3, 20), date(2026, 3, 23), "3", False,
    )  # fmt: skip
    assert moved.sentence == (
        "The forecast finish moved 1 working day later, to Mon 23 Mar 2026 (last run: "
        "Fri 20 Mar 2026), mainly because task 3 “Content” now finishes 4 working days later."
    )


def test_status_change_is_reported(night_two: SinceLastRun) -> None:
    """Green → Red is one change, and not good news."""
    (status,) = night_two.of_kind(ChangeKind.STATUS_CHANGED)
    assert (status.sentence, status.good) == ("The status is now Red (last run: Green).", False)


def test_deadline_newly_forecast_to_be_missed(night_two: SinceLastRun) -> None:
    """Task 4 is forecast for Mon 23 Mar against its deadline of Fri 20 Mar: 1 day after."""
    (deadline,) = night_two.of_kind(ChangeKind.DEADLINE_AT_RISK)
    assert (deadline.days, deadline.was, deadline.now) == (
        1, date(2026, 3, 20), date(2026, 3, 23),
    )  # fmt: skip
    assert deadline.sentence == (
        "Task 4 “Launch” is now forecast to finish on Mon 23 Mar 2026, "
        "1 working day after its deadline of Fri 20 Mar 2026."
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param(ChangeKind.NOW_LATE, [("3", 4), ("4", 1)], id="late-by-slip"),
        pytest.param(ChangeKind.NOW_CRITICAL, [("3", None)], id="critical-2-and-4-already-were"),
        pytest.param(ChangeKind.NOW_STALLED, [("1", None)], id="stalled"),
        pytest.param(ChangeKind.NEW_SCOPE_CREEP, [("5", 2)], id="added-unapproved"),
    ],
)
def test_tasks_that_newly_raise_a_flag(
    night_two: SinceLastRun, kind: ChangeKind, expected: list[tuple[str, int | None]]
) -> None:
    """Only the tasks whose flag is new tonight, with their working days."""
    assert [(c.task_id, c.days) for c in night_two.of_kind(kind)] == expected


def test_sentences_name_the_task_in_plain_words(night_two: SinceLastRun) -> None:
    """What an owner reads for each task change."""
    sentences = {c.kind: c.sentence for c in night_two.changes if c.task_id == "3" or c.kind in {
        ChangeKind.NOW_STALLED, ChangeKind.NEW_SCOPE_CREEP}}  # fmt: skip
    assert sentences[ChangeKind.NOW_LATE] == (
        "Task 3 “Content” is now late: forecast to finish 4 working days after its baseline, "
        "on Fri 20 Mar 2026."
    )
    assert sentences[ChangeKind.NOW_STALLED] == (
        "Task 1 “Design” has stalled: it is in progress but nothing about it has changed "
        "for more than 5 days."
    )
    assert sentences[ChangeKind.NEW_SCOPE_CREEP] == (
        "Task 5 “Extra pages” was added without an approved change request (2 working days, 500)."
    )


def test_risk_newly_past_its_review_date(night_two: SinceLastRun) -> None:
    """R1 (review 5 Mar) passed between the nights; R2 was already past; R3 is closed."""
    (risk,) = night_two.of_kind(ChangeKind.RISK_REVIEW_DUE)
    assert (risk.risk_id, risk.was) == ("R1", date(2026, 3, 5))
    assert risk.sentence == (
        "Risk R1 “Vendor late” (Dana) was due for review on Thu 5 Mar 2026 and is still open."
    )
    assert [r.risk_id for r in state(1).risks if r.past_review] == ["R2"]


@pytest.mark.parametrize(
    ("review_date", "is_open", "past"),
    [
        pytest.param(date(2026, 3, 8), True, True, id="the-day-before"),
        pytest.param(date(2026, 3, 9), True, False, id="on-the-status-date-is-not-past"),
        pytest.param(date(2026, 3, 8), False, False, id="closed"),
    ],
)
def test_past_review_means_open_and_reviewed_before_the_status_date(
    review_date: date, is_open: bool, past: bool
) -> None:
    """The status date itself is still in time; a closed risk is never overdue."""
    plan = replace(
        night_plan(1),
        settings=replace(night_plan(1).settings, status_date=date(2026, 3, 9)),
        risks=(Risk("R9", "Any", is_open=is_open, review_date=review_date),),
    )
    (risk,) = plan_state(pmkit.analyze(plan), date(2026, 3, 9)).risks
    assert risk.past_review is past


def test_first_run_has_nothing_to_compare() -> None:
    """No last run: no changes, and the headline says so."""
    first = compare(None, state(1))
    assert (first.first_run, first.changes, first.headline()) == (True, (), f"{FIRST_RUN}.")


def test_a_night_compared_with_an_identical_one_finds_nothing() -> None:
    """The same plan on a later day (nothing edited, nothing crossed) changes nothing."""
    quiet = compare(state(2), replace(state(2), run_date=date(2026, 3, 10)))
    assert quiet.changes == ()
    assert quiet.headline() == "Nothing changed since the last run (Mon 9 Mar 2026)."


def test_forecast_unknown_tonight_is_said_plainly() -> None:
    """Known last run, unknown tonight: why, and what it was; no task is newly critical,
    since there is no critical path to be on."""
    unknown = compare(state(2), state(3))
    kinds = [change.kind for change in unknown.changes]
    assert kinds[0] is ChangeKind.FORECAST_UNKNOWN
    assert ChangeKind.NOW_CRITICAL not in kinds
    sentence = unknown.changes[0].sentence
    # "Forecast unknown" is the line's label: the sentence does not say it again
    assert sentence.startswith("The forecast finish is unknown now: 2 tasks cannot be ")
    assert sentence.endswith("is fixed (last run it was Mon 23 Mar 2026).")


def test_forecast_known_again_is_good_news() -> None:
    """Unknown last run, known tonight; critical flags are not compared against a night
    that had no critical path (tasks 2 and 4 are not 'newly' critical)."""
    known = compare(state(3), state(4))
    first = known.changes[0]
    assert (first.kind, first.now, first.good) == (
        ChangeKind.FORECAST_KNOWN, date(2026, 3, 23), True,
    )  # fmt: skip
    assert first.sentence == (
        "The forecast finish is known now: Mon 23 Mar 2026 (last run it was unknown)."
    )
    assert known.of_kind(ChangeKind.NOW_CRITICAL) == ()


def test_a_task_that_could_not_be_scheduled_is_compared_as_it_last_was() -> None:
    """Night 3 could not schedule tasks 2 and 4 (Build's Duration is blank). Task 4 was
    late and past its deadline on night 2, the last night it could be scheduled: compared
    with that night, fixing the cell makes neither news again. Compared with night 1,
    when it was on time, both are news: they happened while it could not be known. (Night
    3 was Amber, its forecast unknown; night 4 is Red again: that is news each time.)"""
    again = compare(with_last_known(state(3), state(2).tasks), state(4))
    assert [change.kind for change in again.changes] == [
        ChangeKind.FORECAST_KNOWN,
        ChangeKind.STATUS_CHANGED,
    ]
    assert again.last_run == NIGHTS[3]
    meanwhile = compare(with_last_known(state(3), state(1).tasks), state(4))
    assert [(change.kind, change.task_id) for change in meanwhile.changes] == [
        (ChangeKind.FORECAST_KNOWN, None),
        (ChangeKind.STATUS_CHANGED, None),
        (ChangeKind.DEADLINE_AT_RISK, "4"),
        (ChangeKind.NOW_LATE, "4"),
    ]


def test_a_forecast_known_again_says_how_it_moved_since_it_was_last_known() -> None:
    """Known on night 2 (Mon 23 Mar), unknown on night 3, known again on night 4: the
    finish is compared with night 2's, so a move while it could not be known is said —
    here none; a day later, the working day it moved (bad news)."""
    last = with_last_known(state(3), state(2).tasks, finish=(NIGHTS[2], date(2026, 3, 23)))
    (known, *_) = compare(last, state(4)).changes
    assert (known.kind, known.days, known.was, known.good) == (
        ChangeKind.FORECAST_KNOWN, 0, date(2026, 3, 23), True,
    )  # fmt: skip
    assert known.sentence == (
        "The forecast finish is known now: Mon 23 Mar 2026 (last run it was unknown), as on "
        "Mon 9 Mar 2026, the last night it was known."
    )
    earlier = with_last_known(state(3), state(2).tasks, finish=(NIGHTS[2], date(2026, 3, 20)))
    (later, *_) = compare(earlier, state(4)).changes
    assert (later.days, later.good) == (1, False)
    assert later.sentence == (
        "The forecast finish is known now: Mon 23 Mar 2026 (last run it was unknown), 1 "
        "working day later than on Mon 9 Mar 2026 (Fri 20 Mar 2026), the last night it was "
        "known."
    )


def test_a_run_without_task_figures_is_compared_on_the_project_only() -> None:
    """A last run an older pmkit recorded: the finish and status, then a note."""
    older = replace(state(1), tasks=(), risks=(), detailed=False)
    found = compare(older, state(2))
    assert [c.kind for c in found.changes] == [
        ChangeKind.FINISH_MOVED,
        ChangeKind.STATUS_CHANGED,
    ]
    assert found.changes[0].task_id is None  # no driver without last run's tasks
    assert found.note == OLDER_RUN


# --- the driving task -------------------------------------------------------------------


def _chain(*extra: str | Task, snet: date | None = None) -> PlanState:
    """A → B → C (2 days each) on Mon 2 Mar, A held to `snet`; `extra` task specs."""
    plan = plan_of(
        task("A", 2, start_no_earlier_than=snet),
        task("B", 2, "A"),
        task("C", 2, "B"),
        *extra,
        status=date(2026, 3, 2),
    )
    return plan_state(pmkit.analyze(plan), date(2026, 3, 2))


def _driver(last: PlanState, tonight: PlanState) -> tuple[str | None, str]:
    (moved,) = compare(last, tonight).of_kind(ChangeKind.FINISH_MOVED)
    return moved.task_id, moved.sentence


def test_driver_is_the_first_task_on_the_path_that_moved_most() -> None:
    """A held 2 days pushes B and C by 2 too: A, where the push starts, is named."""
    task_id, sentence = _driver(_chain(), _chain(snet=date(2026, 3, 4)))
    assert task_id == "A"
    assert sentence.endswith("mainly because task A “Task A” now finishes 2 working days later.")


def test_driver_is_a_task_added_on_the_critical_path() -> None:
    """D added between B and C pushes C: the new task, first on the path, is named."""
    last = _chain()
    plan = plan_of(
        task("A", 2), task("B", 2, "A"), task("D", 3, "B"), task("C", 2, "D"),
        status=date(2026, 3, 2),
    )  # fmt: skip
    task_id, sentence = _driver(last, plan_state(pmkit.analyze(plan), date(2026, 3, 2)))
    assert task_id == "D"
    assert sentence.endswith("mainly because task D “Task D” was added on the critical path.")


def test_finish_earlier_with_no_task_moving_names_none() -> None:
    """C leaves the plan: the finish comes 2 days earlier, yet no task on tonight's path
    (A, B) moved, so no task is named; it is good news."""
    last = _chain()
    plan = plan_of(task("A", 2), task("B", 2, "A"), status=date(2026, 3, 2))
    (moved,) = compare(last, plan_state(pmkit.analyze(plan), date(2026, 3, 2))).of_kind(
        ChangeKind.FINISH_MOVED
    )
    assert (moved.days, moved.task_id, moved.good) == (-2, None, True)
    assert moved.sentence == (
        "The forecast finish moved 2 working days earlier, to Thu 5 Mar 2026 "
        "(last run: Mon 9 Mar 2026)."
    )


# --- scope ------------------------------------------------------------------------------


def _grown(duration: int | None, budget: float = 1000) -> PlanState:
    """Task 1 baselined at 2 days and 1000, now `duration` days and `budget`, unapproved."""
    plan = plan_of(
        task("1", duration, name="Design", budget=budget, baseline_cost=1000,
             **_baseline(date(2026, 3, 2), date(2026, 3, 3), 2)),
        status=date(2026, 3, 2),
    )  # fmt: skip
    return plan_state(pmkit.analyze(plan), date(2026, 3, 2))


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        pytest.param((2,), (3,), [(1, "grew past its baseline")], id="first-growth"),
        pytest.param((3,), (5,), [(2, "grew again")], id="grew-again"),
        pytest.param((3,), (3, 1500), [(0, "grew again")], id="cost-grew-again"),
        pytest.param((5,), (5,), [], id="same-growth-is-not-new"),
        pytest.param((5,), (3,), [], id="shrinking-is-not-new"),
    ],
)
def test_unapproved_growth_is_reported_when_it_is_new_or_larger(
    before: tuple[int, ...], after: tuple[int, ...], expected: list[tuple[int, str]]
) -> None:
    """Scope grown without approval: once when it appears, again only when it grows."""
    found = compare(_grown(*before), _grown(*after)).of_kind(ChangeKind.NEW_SCOPE_CREEP)
    assert [(c.days, c.sentence.split(" without")[0].split("” ")[1]) for c in found] == expected


def test_growth_whose_duration_cannot_be_read_is_not_taken_for_none() -> None:
    """Task 1 grew from 2 days and 1,000 to 5 days and 1,500 (no currency); one night its Duration
    cannot be read. That night the days it adds are not known (never "+0 working days");
    the night it is fixed, its growth did not go from +0 to +3: nothing grew again."""
    broken = _grown(None, 1500)
    (task_state,) = broken.tasks
    assert (task_state.scope_creep_days, task_state.scope_creep_cost) == (None, 500.0)
    (new,) = compare(_grown(2), broken).of_kind(ChangeKind.NEW_SCOPE_CREEP)
    assert (new.days, new.sentence) == (
        None,
        "Task 1 “Design” grew past its baseline without an approved change request "
        "(Duration unknown, +500).",
    )
    assert compare(broken, _grown(5, 1500)).of_kind(ChangeKind.NEW_SCOPE_CREEP) == ()
    (more,) = compare(broken, _grown(5, 2000)).of_kind(ChangeKind.NEW_SCOPE_CREEP)
    assert more.sentence.endswith(
        "grew again without an approved change request: now +3 working days, +1,000 "
        "over its baseline (last run: Duration unknown, +500)."
    )


# --- finished and gone ------------------------------------------------------------------


def test_a_task_finished_or_gone_since_last_run_is_said() -> None:
    """Night 2's plan on Thu 12 Mar, with task 1 finished that day (its baseline finish)
    and task 5 deleted: both are news — the one good, the other a task no longer in the
    plan (its name stays in the owner's sheet, so the history knows it by ID only). A
    task done on both nights, or a new task already done, is not "finished" again."""
    plan = night_plan(2)

    def on(day: date, *tasks: Task) -> PlanState:
        settings = replace(plan.settings, status_date=day)
        return plan_state(pmkit.analyze(replace(plan, tasks=tasks, settings=settings)), day)

    design = replace(
        plan.tasks[0],
        percent_complete=1.0,
        actual_finish=date(2026, 3, 12),
        status=TaskStatus.DONE,
    )
    tonight = on(date(2026, 3, 12), design, *plan.tasks[1:4])
    found = compare(state(2), tonight)
    (finished,) = found.of_kind(ChangeKind.FINISHED)
    assert (finished.task_id, finished.good, finished.now) == ("1", True, date(2026, 3, 12))
    assert finished.sentence == "Task 1 “Design” is done: it finished on Thu 12 Mar 2026."
    (removed,) = found.of_kind(ChangeKind.REMOVED)
    assert (removed.task_id, removed.good) == ("5", False)
    assert removed.sentence == (
        "Task 5 is no longer in the plan (it was there on Mon 9 Mar 2026): deleted, or its "
        "ID changed."
    )
    assert [c.kind for c in found.changes][-2:] == [ChangeKind.FINISHED, ChangeKind.REMOVED]
    again = compare(tonight, replace(tonight, run_date=date(2026, 3, 13)))
    assert again.changes == ()
    late = replace(design, actual_finish=date(2026, 3, 16))
    late_night = on(date(2026, 3, 16), late, *plan.tasks[1:])
    (finished,) = compare(state(2), late_night).of_kind(ChangeKind.FINISHED)
    assert (finished.days, finished.sentence) == (
        2,
        "Task 1 “Design” is done: it finished on Mon 16 Mar 2026, 2 working days after its "
        "baseline.",
    )
    # marked done with no Actual Finish: pmkit does not suppose the day
    unfinished = replace(design, actual_finish=None)
    (finished,) = compare(state(2), on(date(2026, 3, 10), unfinished, *plan.tasks[1:])).of_kind(
        ChangeKind.FINISHED
    )
    assert (finished.days, finished.now, finished.sentence) == (
        None,
        None,
        "Task 1 “Design” is done (no Actual Finish given).",
    )


# --- where a push starts ----------------------------------------------------------------


def _payments(snet: date, *, status: date = date(2026, 3, 2), **options: Any) -> PlanState:
    return plan_state(pmkit.analyze(_payments_plan(snet, status=status, **options)), status)


def _payments_plan(
    snet: date,
    *,
    status: date = date(2026, 3, 2),
    forecast: bool = False,
    duration: int | None = 2,
    started: bool = False,
) -> Plan:
    """16 “Payment integration” (2 d, baselined Mon 2–Tue 3 Mar, held to `snet`) → 17
    “Go live” (1 d) → 18 “Announce” (1 d); 19 “Docs” (3 d) stands alone."""
    progress: dict[str, Any] = (
        {"actual_start": date(2026, 3, 2), "percent_complete": 0.5} if started else {}
    )
    return plan_of(
        task("16", duration, name="Payment integration", owner="Ann", start_no_earlier_than=snet,
             **_baseline(date(2026, 3, 2), date(2026, 3, 3), 2), **progress),
        task("17", 1, "16", name="Go live", owner="Bob",
             **_baseline(date(2026, 3, 4), date(2026, 3, 4), 1)),
        task("18", 1, "17", name="Announce", owner="Bob",
             **_baseline(date(2026, 3, 5), date(2026, 3, 5), 1)),
        task("19", 3, name="Docs", owner="Cy", **_baseline(date(2026, 3, 2), date(2026, 3, 4), 3)),
        status=status, forecast=forecast, slip_tolerance_days=0,
    )  # fmt: skip


def _slips(last: PlanState | None, tonight: PlanState) -> list[tuple[str | None, int | None]]:
    return [(c.task_id, c.days) for c in compare(last, tonight).of_kind(ChangeKind.SLIPPED)]


def test_a_late_task_that_slips_further_is_said_once_where_the_push_starts() -> None:
    """16, 2 days late already (Wed 4–Thu 5 Mar), now held to Tue 10 Mar: its finish moves
    4 working days (Thu 5 → Wed 11 Mar), 6 after its baseline. 17 and 18 move 4 days
    because it did: they are not said again."""
    last, tonight = _payments(date(2026, 3, 4)), _payments(date(2026, 3, 10))
    since = compare(last, tonight)
    (slipped,) = since.of_kind(ChangeKind.SLIPPED)
    assert (slipped.task_id, slipped.days, slipped.was, slipped.now, slipped.good) == (
        "16", 4, date(2026, 3, 5), date(2026, 3, 11), False,
    )  # fmt: skip
    assert slipped.sentence == (
        "Task 16 “Payment integration” slipped 4 more working days: now forecast to finish "
        "on Wed 11 Mar 2026, 6 working days after its baseline."
    )
    assert not since.of_kind(ChangeKind.NOW_LATE)  # all three were late already


def test_a_successor_that_moves_more_than_its_predecessor_is_where_a_push_starts() -> None:
    """17's duration grows while 16 moves 1 day: 17 moved more than 16 explains."""
    last = _payments(date(2026, 3, 4))
    plan = plan_of(
        task("16", 2, name="Payment integration", start_no_earlier_than=date(2026, 3, 5),
             **_baseline(date(2026, 3, 2), date(2026, 3, 3), 2)),
        task("17", 4, "16", name="Go live", **_baseline(date(2026, 3, 4), date(2026, 3, 4), 1)),
        task("18", 1, "17", name="Announce", **_baseline(date(2026, 3, 5), date(2026, 3, 5), 1)),
        task("19", 3, name="Docs", **_baseline(date(2026, 3, 2), date(2026, 3, 4), 3)),
        status=date(2026, 3, 2), slip_tolerance_days=0,
    )  # fmt: skip
    tonight = plan_state(pmkit.analyze(plan), date(2026, 3, 2))
    assert _slips(last, tonight) == [("16", 1), ("17", 4)]


def test_a_finish_that_came_earlier_or_did_not_move_is_not_a_slip() -> None:
    """The same two nights the other way round: every finish comes 4 days earlier."""
    assert _slips(_payments(date(2026, 3, 10)), _payments(date(2026, 3, 4))) == []
    assert _slips(_payments(date(2026, 3, 4)), _payments(date(2026, 3, 4))) == []


def test_no_slip_on_a_first_night_or_against_a_forecast_not_known() -> None:
    """Nothing to compare with: a first run, a night 16 could not be scheduled (its
    Duration blank), or tonight with it blank."""
    assert _slips(None, _payments(date(2026, 3, 10))) == []
    unknown = _payments(date(2026, 3, 4), duration=None)
    assert unknown.task_by_id()["16"].forecast_finish is None
    assert _slips(unknown, _payments(date(2026, 3, 10))) == []
    assert _slips(_payments(date(2026, 3, 4)), _payments(date(2026, 3, 10), duration=None)) == []


def test_a_slip_against_the_last_night_a_task_was_known() -> None:
    """Last run 16 could not be scheduled; the night before it finished Thu 5 Mar: the
    move since then is said once the cell is fixed."""
    known = _payments(date(2026, 3, 4))
    last = with_last_known(_payments(date(2026, 3, 4), duration=None), known.tasks)
    assert _slips(last, _payments(date(2026, 3, 10))) == [("16", 4)]


def test_a_move_the_status_date_explains_is_not_a_slip() -> None:
    """With the forecast on, 16 (not started, or started and half done) is late and held
    by the status date: a week later (Tue 3 → Tue 10 Mar, 5 working days) it moves 5 days
    with no news in it (the owner's week lists it overdue). A move past that is said:
    held to Tue 17 Mar, or (started) 8 days long, 4 of them left."""
    for started in (False, True):
        monday = {"forecast": True, "started": started}
        last = _payments(date(2026, 3, 2), status=date(2026, 3, 3), **monday)
        week = _payments(date(2026, 3, 2), status=date(2026, 3, 10), **monday)
        assert week.task_by_id()["16"].held_by_status_date
        assert _slips(last, week) == []
        later = _payments(
            date(2026, 3, 17), status=date(2026, 3, 10), duration=8 if started else 2, **monday
        )
        assert [task_id for task_id, _ in _slips(last, later)] == ["16"]


def test_a_slip_reaches_the_summary_the_plan_digest_and_its_owners_week() -> None:
    """16 is Ann's: the Summary, the plan digest and her week say it; Bob's tasks 17 and
    18 only followed it, so his week has nothing of it."""
    plan = _payments_plan(date(2026, 3, 10))
    since = compare(_payments(date(2026, 3, 4)), plan_state(pmkit.analyze(plan), NIGHTS[1]))
    sentence = "Task 16 “Payment integration” slipped 4 more working days"
    rows = since_last_run_rows(since)
    assert any(
        row.cells[0].value == "Slipped" and sentence in str(row.cells[-1].value) for row in rows
    )
    night = plan_night(pmkit.analyze(plan), since)
    ann, bob = night.owner_week("Ann"), night.owner_week("Bob")
    assert ann is not None
    assert bob is not None
    # the finish moved too, driven by 16: that reaches her as well
    assert [c.kind for c in ann.changes] == [ChangeKind.FINISH_MOVED, ChangeKind.SLIPPED]
    assert not any(c.kind is ChangeKind.SLIPPED for c in bob.changes)
    assert sentence in render_text(Digest(night, None, False, (ann,)))
    assert sentence in render_text(Digest(night, None, True))


def test_now_critical_is_compared_with_the_last_night_the_critical_path_was_known() -> None:
    """Night 1: A → B → C critical, D (2 d) aside. Night 2: D's Duration blank, so there
    is no critical path. Night 3: D is 10 days long and the path is D alone: D is now
    critical against night 1, and says so; A, B, C were critical then and are not now."""
    known = _chain(task("D", 2))
    broken = _chain(task("D", None))
    assert (known.critical_path, broken.forecast_finish) == (("A", "B", "C"), None)
    critical = {t.task_id for t in known.tasks if t.critical}
    assert known.forecast_finish is not None
    last = with_last_known(
        replace(broken, run_date=date(2026, 3, 3)),
        known.tasks,
        finish=(NIGHTS[1], known.forecast_finish),
        critical=critical,
    )
    since = compare(last, _chain(task("D", 10)))
    assert [(c.task_id, c.sentence) for c in since.of_kind(ChangeKind.NOW_CRITICAL)] == [
        (
            "D",
            "Task D “Task D” is now on the critical path: any delay to it delays the finish "
            "(it was not on Mon 2 Mar 2026, the last night the critical path was known).",
        )
    ]
    # without the night the path was last known, nothing is compared
    no_path = with_last_known(broken, known.tasks)
    assert not compare(no_path, _chain(task("D", 10))).of_kind(ChangeKind.NOW_CRITICAL)
