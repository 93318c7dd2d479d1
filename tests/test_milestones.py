"""The milestone rule of docs/scheduling.md: what sets a milestone's date decides where it sits.

A milestone (Duration 0) whose date a finish sets (an FS or FF link binds) sits at the
end of that day and shows on it; one a constraint, fixed dates or the project start
places (or ties with) sits at the start of its day and shows on it. The two are one
working instant, so links and float do not tell them apart; the day shown, elapsed lags
and deadlines do.

The week of MONDAY (2026-03-02): Mon 2, Tue 3, Wed 4, Thu 5, Fri 6; then Mon 9 … Fri 13.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import pmkit
from pmkit.engine.issues import Code
from pmkit.engine.model import ConstraintType, Delay, Plan, Task
from pmkit.mspdi import write_mspdi
from tests.builders import MONDAY, early, late, links_of, plan_of, schedule_of, task
from tests.mspdi.mspdi_text import link, project
from tests.mspdi.mspdi_text import task as xml_task


def day(number: int) -> date:
    """A day of March 2026."""
    return date(2026, 3, number)


def with_links(plan: Plan, task_id: str, text: str) -> Plan:
    """`plan` with links added to one task."""
    tasks = tuple(
        replace(t, links=(*t.links, *links_of(text))) if t.id == task_id else t for t in plan.tasks
    )
    return replace(plan, tasks=tasks)


# -- a finish sets the date: the end of that day ---------------------------------------------


def test_milestone_after_a_finish_shows_on_the_finish_day() -> None:
    """A milestone with an FS predecessor shows start = finish = the predecessor's last day."""
    schedule = schedule_of(plan_of("A:3", "M:0<A", "B:2<M"))
    assert early(schedule, "M") == (day(4), day(4))
    assert late(schedule, "M") == (day(4), day(4))
    assert early(schedule, "B") == (day(5), day(6))


def test_milestone_after_a_start_shows_on_its_own_day() -> None:
    """A milestone without FS/FF predecessors sits at the start of its day."""
    schedule = schedule_of(plan_of("A:3", "M:0<ASS+1", "N:0"))
    assert early(schedule, "M") == (day(3), day(3))
    assert early(schedule, "N") == (MONDAY, MONDAY)


def test_milestone_late_dates_follow_the_same_rule() -> None:
    """A milestone with float shows late start = late finish the day before its late index."""
    schedule = schedule_of(plan_of("A:1", "M:0<A", "C:5"))
    assert late(schedule, "M") == (day(6), day(6))
    assert schedule.tasks["M"].total_float_days == 4


@pytest.mark.parametrize(
    ("snet", "shown", "successor_start"),
    [
        pytest.param(None, day(4), day(5), id="no-constraint"),
        pytest.param(day(3), day(4), day(5), id="earlier-constraint"),
        pytest.param(day(5), day(5), day(5), id="tie-goes-to-the-constraint"),
        pytest.param(day(6), day(6), day(6), id="later-constraint"),
    ],
)
def test_the_finish_that_sets_a_milestones_date_shows_it_a_day_early(
    snet: date | None, shown: date, successor_start: date
) -> None:
    """After A (Mon 2 – Wed 4), a milestone shows Wed 4 while A's finish sets its date (the
    end of Wed 4), and its Start No Earlier Than day once that is as late: the start of
    Thu 5 is the same working time as the end of Wed 4, and the later instant."""
    milestone = task("M", 0, "A", start_no_earlier_than=snet)
    schedule = schedule_of(plan_of("A:3", milestone, "B:1<M"))
    assert early(schedule, "M") == (shown, shown)
    assert late(schedule, "M") == (shown, shown)
    assert early(schedule, "B") == (successor_start, successor_start)


def test_a_milestone_after_a_milestone_sits_where_that_one_does() -> None:
    """A milestone linked FS to one at the start of Wed 4 (its Start No Earlier Than) sits
    there too, not at the end of Tue 3: a milestone's finish is where it sits. At the
    project start, likewise (not on the Friday before it)."""
    first = task("P", 0, start_no_earlier_than=day(4))
    schedule = schedule_of(plan_of(first, "M:0<P", "B:1<M", "Q:0", "N:0<Q"))
    assert early(schedule, "M") == (day(4), day(4))
    assert early(schedule, "B") == (day(4), day(4))
    assert early(schedule, "N") == (MONDAY, MONDAY)


def test_an_elapsed_lag_landing_on_a_weekend_places_a_milestone_on_monday() -> None:
    """FS+1ed from a Friday finish is Saturday's end: the next working time, the start of
    Mon 9, where the milestone shows (the end of Friday would show it before its lag)."""
    schedule = schedule_of(plan_of("A:5", "M:0<AFS+1ed", "N:0<AFS+3ed"))
    assert early(schedule, "M") == (day(9), day(9))
    assert early(schedule, "N") == (day(9), day(9))  # the end of Mon 9: Monday's finish


# -- a constraint, fixed dates or the project start set it: the start of the day --------------


@pytest.mark.parametrize(
    "before",
    [pytest.param("A:1", id="A-ends-Mon-2"), pytest.param("A:5", id="A-ends-Fri-6-a-tie")],
)
def test_a_saturday_start_no_earlier_than_shows_the_monday_despite_an_fs_predecessor(
    before: str,
) -> None:
    """As in Microsoft Project: a milestone after A (ending Mon 2, or Fri 6: the end of Fri 6
    is Mon 9's start, a tie) with Start No Earlier Than Sat 7 shows Mon 9 (not Fri 6), early
    and late, and its successor starts Mon 9."""
    milestone = task("M", 0, "A", start_no_earlier_than=day(7))
    schedule = schedule_of(plan_of(before, milestone, "B:1<M"))
    assert early(schedule, "M") == (day(9), day(9))
    assert late(schedule, "M") == (day(9), day(9))
    assert early(schedule, "B") == (day(9), day(9))


def pinned_case() -> Plan:
    """The property test's failing case (adding "T1 FS" to T2 moved T8 from Mon 2 to Fri
    27 Feb): milestones pinned on Mon 2, and T8 counting an elapsed day from T2."""
    fixed: dict[str, Any] = {"start_no_earlier_than": MONDAY, "fixed_dates": True}
    must: dict[str, Any] = {
        **fixed,
        "constraint": ConstraintType.MUST_START_ON,
        "constraint_date": MONDAY,
    }
    tasks: list[Task | str] = [
        task("T1", 0, **fixed),
        task("T2", 0, **must),
        task("T3", 0, **must),
        task("T4", 0, **fixed),
        task("T5", 0, **must),
        task("T6", 0, **must),
        task("T7", 0, start_no_earlier_than=MONDAY),
        task("T8", 0, "T2FS+1ed, T1, T3"),
    ]
    return plan_of(*tasks, status=day(9))


def test_adding_a_link_to_a_pinned_milestone_never_moves_its_successors() -> None:
    """A link that does not set a pinned milestone's date leaves it at the start of Mon 2,
    so T8 (FS+1 elapsed day from it) stays at the start of Tue 3 with or without it."""
    before = schedule_of(pinned_case())
    after = schedule_of(with_links(pinned_case(), "T2", "T1"))
    assert early(after, "T2") == early(before, "T2") == (MONDAY, MONDAY)
    assert early(after, "T8") == early(before, "T8") == (day(3), day(3))
    assert {k: early(after, k) for k in after.tasks} == {k: early(before, k) for k in before.tasks}


def test_adding_a_link_that_does_not_bind_never_moves_a_milestone_held_by_its_constraint() -> None:
    """A milestone held at Wed 4 by its Start No Earlier Than keeps its day, and its elapsed
    successor (FS+1ed: the start of Thu 5), when an FS link from A (Mon 2) is added."""
    milestone = task("M", 0, start_no_earlier_than=day(4))
    plan = plan_of("A:1", milestone, "B:1<MFS+1ed")
    for version in (plan, with_links(plan, "M", "A")):
        schedule = schedule_of(version)
        assert early(schedule, "M") == (day(4), day(4))
        assert early(schedule, "B") == (day(5), day(5))


# -- elapsed lags count from the milestone's instant --------------------------------------------


@pytest.mark.parametrize(
    ("milestone", "successor", "expected"),
    [
        pytest.param(task("M", 0, "A"), "B:1<MFS+3ed", day(10), id="end-of-fri-FS"),
        pytest.param(task("M", 0, "A"), "B:1<MSS+3ed", day(10), id="end-of-fri-SS"),
        pytest.param(
            task("M", 0, "A", start_no_earlier_than=day(9)),
            "B:1<MFS+3ed",
            day(12),
            id="start-of-mon",
        ),
        pytest.param(
            task("M", 0, start_no_earlier_than=day(6)), "B:1<MFS+3ed", day(9), id="start-of-fri"
        ),
    ],
)
def test_an_elapsed_lag_from_a_milestone_counts_from_where_it_sits(
    milestone: Task, successor: str, expected: date
) -> None:
    """After A (Mon 2 – Fri 6): a milestone A's finish places sits at the end of Fri 6, +3
    calendar days is the end of Mon 9, so B starts Tue 10; one its Start No Earlier Than
    places sits at the start of its day (Mon 9 + 3 = Thu 12; Fri 6 + 3 = Mon 9)."""
    schedule = schedule_of(plan_of("A:5", milestone, successor))
    assert early(schedule, "B") == (expected, expected)
    assert schedule.tasks["B"].total_float_days == 0
    assert schedule.tasks["M"].total_float_days == 0


# -- deadlines and finish constraints: the day the milestone is shown on -----------------------


@pytest.mark.parametrize(
    ("milestone", "deadline", "total_float"),
    [
        pytest.param(task("M", 0, "A"), day(4), 0, id="end-form-met"),
        pytest.param(task("M", 0, "A"), day(3), -1, id="end-form-missed"),
        pytest.param(
            task("M", 0, "A", start_no_earlier_than=day(5)), day(5), 0, id="start-form-met"
        ),
        pytest.param(
            task("M", 0, "A", start_no_earlier_than=day(5)), day(4), -1, id="start-form-missed"
        ),
    ],
)
def test_a_deadline_caps_the_day_a_milestone_is_shown_on(
    milestone: Task, deadline: date, total_float: int
) -> None:
    """A milestone after A (Mon 2 – Wed 4) shows Wed 4 (the end of it), or Thu 5 when its
    Start No Earlier Than Thu 5 places it: a deadline that day is met, a day earlier missed."""
    schedule = schedule_of(plan_of("A:3", replace(milestone, deadline=deadline), "C:10"))
    assert schedule.tasks["M"].total_float_days == total_float


@pytest.mark.parametrize(
    ("constraint", "shown", "successor_start"),
    [
        pytest.param(ConstraintType.FINISH_NO_EARLIER_THAN, day(6), day(6), id="FNET-start-of-day"),
        pytest.param(ConstraintType.MUST_FINISH_ON, day(6), day(6), id="MFO-start-of-day"),
    ],
)
def test_a_finish_constraint_places_a_milestone_at_the_start_of_its_day(
    constraint: ConstraintType, shown: date, successor_start: date
) -> None:
    """A milestone after A (Mon 2) that Finish No Earlier Than / Must Finish On Fri 6
    places shows Fri 6 and sits at its start: its successor starts Fri 6."""
    milestone = task("M", 0, "A", constraint=constraint, constraint_date=day(6))
    schedule = schedule_of(plan_of("A:1", milestone, "B:1<M", "C:10"))
    assert early(schedule, "M") == (shown, shown)
    assert early(schedule, "B") == (successor_start, successor_start)
    if constraint is ConstraintType.MUST_FINISH_ON:
        assert late(schedule, "M") == (shown, shown)


@pytest.mark.parametrize(
    "predecessors", [pytest.param("", id="start-form"), pytest.param("A", id="end-form")]
)
def test_a_finish_no_later_than_caps_a_milestones_late_date_at_its_day(predecessors: str) -> None:
    """A milestone at the start of Mon 2, or the end of it (after A), with Finish No Later
    Than Fri 6 may be shown as late as Fri 6, in its own form: 4 days of float."""
    milestone = task(
        "M",
        0,
        predecessors,
        constraint=ConstraintType.FINISH_NO_LATER_THAN,
        constraint_date=day(6),
    )
    schedule = schedule_of(plan_of("A:1", milestone, "C:10"))
    assert late(schedule, "M") == (day(6), day(6))
    assert schedule.tasks["M"].total_float_days == 4


@pytest.mark.parametrize(
    "constraint",
    [ConstraintType.FINISH_NO_LATER_THAN, ConstraintType.MUST_FINISH_ON],
)
def test_a_milestone_finish_constraint_on_the_day_its_predecessor_ends_is_no_conflict(
    constraint: ConstraintType,
) -> None:
    """A (Mon 2 – Wed 4) → M, Finish No Later Than / Must Finish On Wed 4: M shows Wed 4 at
    the end of it, and A's float is not negative (Project: both at Wed 17:00)."""
    milestone = task("M", 0, "A", constraint=constraint, constraint_date=day(4))
    schedule = schedule_of(plan_of("A:3", milestone, "B:1<M"))
    assert early(schedule, "M") == (day(4), day(4))
    assert early(schedule, "B") == (day(5), day(5))
    assert schedule.tasks["A"].total_float_days == 0
    assert schedule.tasks["M"].total_float_days == 0


def test_a_finish_no_later_than_holds_a_milestone_back_to_the_end_of_its_day() -> None:
    """A (Mon 2 – Fri 6) → M with Finish No Later Than Wed 4: M shows Wed 4 against its link
    (the end of Wed 4), and A's float goes negative by the two days it overruns."""
    milestone = task(
        "M", 0, "A", constraint=ConstraintType.FINISH_NO_LATER_THAN, constraint_date=day(4)
    )
    schedule = schedule_of(plan_of("A:5", milestone))
    assert early(schedule, "M") == (day(4), day(4))
    assert schedule.tasks["A"].total_float_days == -2


@pytest.mark.parametrize(
    ("before", "delay", "shown", "successor_start"),
    [
        pytest.param("A:3", Delay(1), day(5), day(6), id="working-day: end of Thu 5"),
        pytest.param("A:3", Delay(2, elapsed=True), day(6), day(9), id="elapsed: end of Fri 6"),
        pytest.param("A:3", Delay(3, elapsed=True), day(9), day(9), id="elapsed: Sat: Mon 9"),
        pytest.param("A:5", Delay(2, elapsed=True), day(9), day(9), id="from Fri 6: Sun: Mon 9"),
    ],
)
def test_a_leveling_delay_moves_a_milestone_from_where_it_sits(
    before: str, delay: Delay, shown: date, successor_start: date
) -> None:
    """A milestone at the end of A's last day, delayed by leveling (from Project), stays at
    the end of a day unless its calendar days end on a day off (then the start of Mon 9)."""
    milestone = task("M", 0, "A", leveling_delay=delay)
    schedule = schedule_of(plan_of(before, milestone, "B:1<M"))
    assert early(schedule, "M") == (shown, shown)
    assert early(schedule, "B") == (successor_start, successor_start)


# -- from Microsoft Project: the same moments, named the same way -------------------------------

MILESTONE = "PT0H0M0S"


def project_xml(tmp_path: Path, *tasks: str) -> Path:
    path = tmp_path / "plan.xml"
    path.write_text(project(*tasks), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("kind", "links", "named"),
    [
        pytest.param(6, link(1), day(5), id="FNET-after-a-finish"),
        pytest.param(6, "", day(5), id="FNET"),
        pytest.param(3, link(1), day(5), id="MFO-after-a-finish"),
        pytest.param(7, "", day(4), id="FNLT"),
        pytest.param(7, link(1), day(4), id="FNLT-after-a-finish"),
    ],
)
def test_a_milestones_finish_constraint_from_project_is_the_day_it_is_shown_on(
    tmp_path: Path, kind: int, links: str, named: date
) -> None:
    """Project's Wed 4 17:00 is the start of Thu 5 for a Finish No Earlier Than or Must
    Finish On (they place a milestone at the start of its day) and the end of Wed 4 for a
    Finish No Later Than, whatever the milestone's links: the same moment either way."""
    constraint = f"<ConstraintType>{kind}</ConstraintType><ConstraintDate>2026-03-04T17:00:00"
    milestone = xml_task(2, "M", MILESTONE, links=links, extra=f"{constraint}</ConstraintDate>")
    plan = pmkit.read_plan(project_xml(tmp_path, xml_task(1, "A"), milestone))
    assert plan.task_by_id()["2"].constraint_date == named


@pytest.mark.parametrize(
    ("constraint", "written"),
    [
        pytest.param(ConstraintType.FINISH_NO_EARLIER_THAN, "2026-03-05T08:00:00", id="FNET"),
        pytest.param(ConstraintType.MUST_FINISH_ON, "2026-03-05T08:00:00", id="MFO"),
        pytest.param(ConstraintType.FINISH_NO_LATER_THAN, "2026-03-05T17:00:00", id="FNLT"),
    ],
)
def test_a_milestones_finish_constraint_goes_to_project_as_the_moment_it_means(
    tmp_path: Path, constraint: ConstraintType, written: str
) -> None:
    """A milestone after A with a finish constraint on Thu 5 is written at the start of Thu 5
    (FNET, MFO) or its end (FNLT), and reads back as Thu 5."""
    milestone = task("M", 0, "A", constraint=constraint, constraint_date=day(5))
    path = write_mspdi(plan_of("A:1", milestone), tmp_path / "plan.xml")
    assert f"<ConstraintDate>{written}</ConstraintDate>" in path.read_text(encoding="utf-8")
    assert pmkit.read_plan(path).task_by_id()["M"].constraint_date == day(5)


def test_a_milestone_project_stored_is_compared_at_the_moment_pmkit_places_it(
    tmp_path: Path,
) -> None:
    """Project stores milestone 2 (after A, Mon 2) at Mon 2 17:00 and milestone 3 (after A,
    Start No Earlier Than Sat 7) at Mon 9 08:00: pmkit's Mon 2 and Mon 9 are those moments.
    Milestone 4, stored on Wed 4 with nothing to place it there, is named; so is milestone
    5 (after A) stored at Mon 2 08:00, a working day before the end of Mon 2."""

    a_runs = "<Start>2026-03-02T08:00:00</Start><Finish>2026-03-02T17:00:00</Finish>"

    def stored(when: str) -> str:
        return f"<Start>{when}</Start><Finish>{when}</Finish>"

    snet = "<ConstraintType>4</ConstraintType><ConstraintDate>2026-03-07T08:00:00</ConstraintDate>"
    plan = pmkit.read_plan(
        project_xml(
            tmp_path,
            xml_task(1, "A", extra=a_runs),
            xml_task(2, "M", MILESTONE, links=link(1), extra=stored("2026-03-02T17:00:00")),
            xml_task(3, "N", MILESTONE, links=link(1), extra=snet + stored("2026-03-09T08:00:00")),
            xml_task(4, "P", MILESTONE, extra=stored("2026-03-04T08:00:00")),
            xml_task(5, "Q", MILESTONE, links=link(1), extra=stored("2026-03-02T08:00:00")),
        )
    )
    named = [i for i in plan.issues if i.code is Code.DIFFERS_FROM_PROJECT]
    assert [i.task_id for i in named] == ["4", "5"]
    assert "on Wed 4 Mar 2026 in Microsoft Project but on Mon 2 Mar 2026 in pmkit" in (
        named[0].message
    )


def test_a_milestone_goes_to_project_at_the_moment_the_schedule_places_it(tmp_path: Path) -> None:
    """After A (Mon 2), M sits at the end of Mon 2 (written 17:00) and N, with Start No
    Earlier Than Sat 7, at the start of Mon 9 (written 08:00, not 17:00, which Project would
    read as the end of Mon 9); read back, neither differs from what pmkit computes."""
    snet = task("N", 0, "A", start_no_earlier_than=day(7))
    path = write_mspdi(plan_of("A:1", "M:0<A", snet), tmp_path / "plan.xml")
    space = {"p": "http://schemas.microsoft.com/project"}
    written = {
        element.findtext("p:Name", namespaces=space): (
            element.findtext("p:Start", namespaces=space),
            element.findtext("p:Finish", namespaces=space),
        )
        for element in ET.parse(path).getroot().iterfind("p:Tasks/p:Task", space)
    }
    assert written["Task M"] == ("2026-03-02T17:00:00", "2026-03-02T17:00:00")
    assert written["Task N"] == ("2026-03-09T08:00:00", "2026-03-09T08:00:00")
    issues = pmkit.read_plan(path).issues
    assert Code.DIFFERS_FROM_PROJECT not in {issue.code for issue in issues}
