"""Microsoft Project's rules beyond plain links (docs/scheduling.md), each in both entry forms.

Every rule is checked on a small plan worked out by hand, once typed as an owner's plan
workbook and once as Microsoft Project XML; both must give the same dates.

The weeks of MONDAY (2026-03-02): Mon 2 … Fri 6, Mon 9 … Fri 13, Mon 16 … Fri 20.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.issues import Code
from pmkit.engine.model import ConstraintType, Delay, Plan, Settings, Task
from pmkit.mspdi.scheduling_fields import CONSTRAINT_TYPES
from tests.builders import write_workbook
from tests.mspdi.mspdi_text import calendar, link, project, task


def day(number: int) -> date:
    """A day of March 2026."""
    return date(2026, 3, number)


MONDAY = day(2)


def at(number: int, clock: str = "08:00:00") -> str:
    """An MSPDI instant on a day of March 2026."""
    return f"2026-03-{number:02d}T{clock}"


def from_workbook(
    tmp_path: Path, header: list[str], *rows: list[Any], start: date | None = MONDAY
) -> pmkit.Analysis:
    """Analyse a Plan sheet typed as an owner would, in pure-logic mode."""
    settings: list[list[Any]] = [
        ["Setting", "Value"],
        ["Move Unfinished Work Past Status Date", "No"],
    ]
    if start is not None:
        settings.append(["Project Start", start])
    path = write_workbook(tmp_path / "plan.xlsx", {"Plan": [header, *rows], "Settings": settings})
    return pmkit.analyze(pmkit.read_plan(path), day(2))


def from_project_xml(tmp_path: Path, *tasks: str, start: str = at(2)) -> pmkit.Analysis:
    """Analyse a Microsoft Project XML file."""
    path = tmp_path / "plan.xml"
    path.write_text(project(*tasks, header=f"<StartDate>{start}</StartDate>"), encoding="utf-8")
    return pmkit.analyze(pmkit.read_plan(path), day(2))


def dates(result: pmkit.Analysis, task_id: str) -> tuple[date | None, ...]:
    row = result.tasks[task_id]
    return (row.early_start, row.early_finish, row.late_start, row.late_finish)


def days(hours: int) -> str:
    return f"PT{hours * 8}H0M0S"


def constraint(kind: int, instant: str) -> str:
    return f"<ConstraintType>{kind}</ConstraintType><ConstraintDate>{instant}</ConstraintDate>"


# -- (a) Start No Earlier Than before the project start ------------------------------------


def test_an_unlinked_start_no_earlier_than_before_the_project_start_places_the_task_on_it(
    tmp_path: Path,
) -> None:
    """Project start Mon 9; A (2 d, SNET Mon 2) runs Mon 2–Tue 3, late Tue 10–Wed 11 (the
    project finish); B (3 d) runs Mon 9–Wed 11."""
    expected_a = (day(2), day(3), day(10), day(11))
    expected_b = (day(9), day(11), day(9), day(11))
    typed = from_workbook(
        tmp_path,
        ["ID", "Task", "Duration", "Start No Earlier Than"],
        [1, "A", 2, day(2)],
        [2, "B", 3, None],
        start=day(9),
    )
    assert (dates(typed, "1"), dates(typed, "2")) == (expected_a, expected_b)
    xml = from_project_xml(
        tmp_path,
        task(1, "A", days(2), extra=constraint(4, at(2))),
        task(2, "B", days(3)),
        start=at(9),
    )
    assert (dates(xml, "1"), dates(xml, "2")) == (expected_a, expected_b)


def test_an_unconstrained_task_still_never_starts_before_the_project_start(tmp_path: Path) -> None:
    """A lead that would pull B before the project start holds it there (docs/scheduling.md)."""
    typed = from_workbook(
        tmp_path,
        ["ID", "Task", "Duration", "Predecessors", "Start No Earlier Than"],
        [1, "A", 2, None, day(2)],
        [2, "B", 1, "1FS-3", None],
        start=day(4),
    )
    assert typed.tasks["1"].early_start == day(2)
    assert typed.tasks["2"].early_start == day(4)


# -- (c) a completed milestone whose actual start and finish are one instant -----------------


def test_a_milestone_done_at_one_instant_is_not_finished_before_it_started(tmp_path: Path) -> None:
    """Actual start = actual finish = Wed 4 08:00 after a finish is one day, Tue 3, in both
    fields; the import then writes a workbook that validates."""
    done = "<PercentComplete>100</PercentComplete>"
    xml = tmp_path / "plan.xml"
    xml.write_text(
        project(
            task(
                1,
                "Build",
                days(2),
                extra=f"{done}<ActualStart>{at(2)}</ActualStart>"
                f"<ActualFinish>{at(3, '17:00:00')}</ActualFinish>",
            ),
            task(
                2,
                "Handover",
                "PT0H0M0S",
                links=link(1),
                extra=f"{done}<ActualStart>{at(4)}</ActualStart><ActualFinish>{at(4)}</ActualFinish>",
            ),
        ),
        encoding="utf-8",
    )
    plan = pmkit.read_plan(xml)
    milestone = plan.task_by_id()["2"]
    assert (milestone.actual_start, milestone.actual_finish) == (day(3), day(3))
    result = pmkit.analyze(plan, day(5))
    assert Code.ACTUAL_FINISH_BEFORE_START not in {issue.code for issue in result.issues}
    assert dates(result, "2") == (day(3), day(3), day(3), day(3))
    workbook = tmp_path / "plan.xlsx"
    assert main(["import", str(xml), "-o", str(workbook)]) == 0
    assert main(["validate", str(workbook)]) == 0
    typed = pmkit.analyze(pmkit.read_plan(workbook), day(5))
    assert dates(typed, "2") == dates(result, "2")


# -- both forms from one description ---------------------------------------------------------

# A row: (id, duration, predecessor ids (finish-to-start), fields). Fields: snet, constraint
# and constraint_date (a ConstraintType and a day), fixed (Fixed Dates: sits on its snet).
Row = tuple[int, int, tuple[int, ...], dict[str, Any]]
_CODES = {kind: code for code, kind in CONSTRAINT_TYPES.items()}
_HEADER = [
    "ID",
    "Task",
    "Duration",
    "Predecessors",
    "Start No Earlier Than",
    "Constraint",
    "Constraint Date",
    "Fixed Dates",
]


def both_forms(
    tmp_path: Path, *rows: Row, start: date = MONDAY
) -> tuple[pmkit.Analysis, pmkit.Analysis]:
    """The plan typed in a workbook, and the same plan as Microsoft Project XML."""
    typed_rows = []
    xml_tasks = []
    for task_id, duration, predecessors, fields in rows:
        kind: ConstraintType | None = fields.get("constraint")
        typed_rows.append(
            [
                task_id,
                f"Task {task_id}",
                duration,
                ", ".join(map(str, predecessors)) or None,
                fields.get("snet"),
                kind.value if kind else None,
                fields.get("constraint_date"),
                "Yes" if fields.get("fixed") else None,
            ]
        )
        extra = ""
        if fields.get("snet") is not None and not fields.get("fixed"):
            extra += constraint(4, at(fields["snet"].day))
        if kind is not None:
            clock = "17:00:00" if kind.on_finish else "08:00:00"
            when = fields.get("constraint_date")
            extra += f"<ConstraintType>{_CODES[kind]}</ConstraintType>" + (
                f"<ConstraintDate>{at(when.day, clock)}</ConstraintDate>" if when else ""
            )
        if fields.get("fixed"):
            extra = f"<Manual>1</Manual><ManualStart>{at(fields['snet'].day)}</ManualStart>" + extra
        links = "".join(link(uid) for uid in predecessors)
        xml_tasks.append(task(task_id, f"Task {task_id}", days(duration), links=links, extra=extra))
    typed = from_workbook(tmp_path, _HEADER, *typed_rows, start=start)
    xml = from_project_xml(tmp_path, *xml_tasks, start=at(start.day))
    return typed, xml


def summary(result: pmkit.Analysis, task_id: str) -> tuple[object, ...]:
    """Early and late dates, total and free float of one task."""
    row = result.tasks[task_id]
    return (*dates(result, task_id), row.total_float, row.free_float)


def assert_both(
    forms: tuple[pmkit.Analysis, pmkit.Analysis], expected: dict[str, tuple[object, ...]]
) -> None:
    for result in forms:
        assert {task_id: summary(result, task_id) for task_id in expected} == expected
        assert [i for i in result.issues if i.code is Code.UNSUPPORTED_CONSTRAINT] == []


# -- (e) every constraint type, as Microsoft Project honours it --------------------------------
# A (3 d) → B (2 d) → C (1 d), with D (10 d) alone so the project finishes Fri 13.
# Without constraints: A Mon 2–Wed 4, B Thu 5–Fri 6, C Mon 9; late C Fri 13, B Wed 11–Thu 12,
# A Mon 9–Tue 10.


def chain(b: dict[str, Any] | None = None, c: dict[str, Any] | None = None) -> tuple[Row, ...]:
    return ((1, 3, (), {}), (2, 2, (1,), b or {}), (3, 1, (2,), c or {}), (4, 10, (), {}))


def test_must_start_on_places_the_task_on_its_date_after_its_links(tmp_path: Path) -> None:
    """B Must Start On Mon 9: B Mon 9–Tue 10 (late the same, float 0), C Wed 11; A may
    finish by Fri 6 (float 2)."""
    rows = chain(b={"constraint": ConstraintType.MUST_START_ON, "constraint_date": day(9)})
    assert_both(
        both_forms(tmp_path, *rows),
        {
            "1": (day(2), day(4), day(4), day(6), 2, 2),
            "2": (day(9), day(10), day(9), day(10), 0, 0),
            "3": (day(11), day(11), day(13), day(13), 2, 2),
        },
    )


def test_must_start_on_before_the_links_allow_drives_the_predecessor_float_negative(
    tmp_path: Path,
) -> None:
    """B Must Start On Wed 4, though A finishes Wed 4: B stays Wed 4–Thu 5 and A's float
    is −1 (a hard constraint: Project's scheduling conflict)."""
    rows = chain(b={"constraint": ConstraintType.MUST_START_ON, "constraint_date": day(4)})
    typed, xml = both_forms(tmp_path, *rows)
    for result in (typed, xml):
        assert dates(result, "2") == (day(4), day(5), day(4), day(5))
        assert result.tasks["1"].total_float == -1
        assert result.tasks["1"].critical
        assert Code.NEGATIVE_FLOAT in {i.code for i in result.issues}


def test_must_finish_on_places_the_finish_on_its_date(tmp_path: Path) -> None:
    """C Must Finish On Thu 12: C is Thu 12 early and late (float 0)."""
    rows = chain(c={"constraint": ConstraintType.MUST_FINISH_ON, "constraint_date": day(12)})
    assert_both(
        both_forms(tmp_path, *rows),
        {"3": (day(12), day(12), day(12), day(12), 0, 0)},
    )


def test_finish_no_earlier_than_holds_the_finish_back(tmp_path: Path) -> None:
    """C Finish No Earlier Than Wed 11: C Wed 11, late Fri 13."""
    rows = chain(
        c={"constraint": ConstraintType.FINISH_NO_EARLIER_THAN, "constraint_date": day(11)}
    )
    assert_both(
        both_forms(tmp_path, *rows),
        {"3": (day(11), day(11), day(13), day(13), 2, 2)},
    )


def test_start_no_later_than_caps_the_late_start(tmp_path: Path) -> None:
    """B Start No Later Than Mon 9: early dates unchanged, late Mon 9–Tue 10 (float 2), and
    A's late finish Fri 6."""
    rows = chain(b={"constraint": ConstraintType.START_NO_LATER_THAN, "constraint_date": day(9)})
    assert_both(
        both_forms(tmp_path, *rows),
        {
            "1": (day(2), day(4), day(4), day(6), 2, 0),
            "2": (day(5), day(6), day(9), day(10), 2, 0),
        },
    )


def test_finish_no_later_than_caps_the_late_finish(tmp_path: Path) -> None:
    """B Finish No Later Than Tue 10: late Mon 9–Tue 10 (float 2)."""
    rows = chain(b={"constraint": ConstraintType.FINISH_NO_LATER_THAN, "constraint_date": day(10)})
    assert_both(
        both_forms(tmp_path, *rows),
        {"2": (day(5), day(6), day(9), day(10), 2, 0)},
    )


def test_finish_no_later_than_before_the_links_allow_pulls_the_task_back(tmp_path: Path) -> None:
    """B Finish No Later Than Thu 5: B is held at Wed 4–Thu 5 against its link from A,
    whose float goes to −1."""
    rows = chain(b={"constraint": ConstraintType.FINISH_NO_LATER_THAN, "constraint_date": day(5)})
    typed, xml = both_forms(tmp_path, *rows)
    for result in (typed, xml):
        assert dates(result, "2") == (day(4), day(5), day(4), day(5))
        assert result.tasks["1"].total_float == -1


def test_as_late_as_possible_schedules_the_task_at_its_late_dates(tmp_path: Path) -> None:
    """B As Late As Possible: its forecast is Wed 11–Thu 12 (its late dates), its early
    dates and total float stay Thu 5–Fri 6 and 4, free float 0; C follows it, Fri 13."""
    rows = chain(b={"constraint": ConstraintType.AS_LATE_AS_POSSIBLE})
    typed, xml = both_forms(tmp_path, *rows)
    for result in (typed, xml):
        b = result.tasks["2"]
        assert summary(result, "2") == (day(5), day(6), day(11), day(12), 4, 0)
        assert (b.forecast_start, b.forecast_finish) == (day(11), day(12))
        assert summary(result, "3") == (day(13), day(13), day(13), day(13), 0, 0)
        assert result.tasks["3"].critical


def test_constraint_start_no_earlier_than_is_the_start_no_earlier_than_column(
    tmp_path: Path,
) -> None:
    """Constraint = Start No Earlier Than with its date reads as the column; with both,
    the later date counts."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                _HEADER,
                [1, "A", 1, None, None, "SNET", day(4), None],
                [2, "B", 1, None, day(9), "Start No Earlier Than", day(5), None],
            ]
        },
    )
    plan = pmkit.read_plan(path)
    assert [(t.start_no_earlier_than, t.constraint) for t in plan.tasks] == [
        (day(4), None),
        (day(9), None),
    ]


def test_a_constraint_without_its_date_is_named_and_not_used(tmp_path: Path) -> None:
    """Must Start On with no date, or a date with no constraint: a warning at the cell."""
    typed = from_workbook(
        tmp_path,
        _HEADER,
        [1, "A", 2, None, None, "Must Start On", None, None],
        [2, "B", 2, None, None, None, day(9), None],
        [3, "C", 2, None, None, None, None, "Yes"],
    )
    found = {(i.task_id, str(i.location)) for i in typed.cell_issues() if i.code is Code.BAD_VALUE}
    assert found == {("1", "Plan!F2"), ("2", "Plan!G3"), ("3", "Plan!H4")}
    assert dates(typed, "1")[0] == day(2)


def test_an_unknown_constraint_name_is_a_located_error(tmp_path: Path) -> None:
    """A Constraint cell that names no constraint is an error at that cell."""
    typed = from_workbook(tmp_path, _HEADER, [1, "A", 2, None, None, "Whenever", day(9), None])
    errors = [i for i in typed.issues if i.severity == "error"]
    assert [(i.code, str(i.location)) for i in errors] == [(Code.BAD_VALUE, "Plan!F2")]
    assert "Must Start On" in errors[0].message


# -- (d) fixed dates: manually scheduled tasks -------------------------------------------------


def test_a_fixed_task_sits_on_its_date_and_still_drives_its_successors(tmp_path: Path) -> None:
    """B fixed on Mon 9 (its links would allow Thu 5): B Mon 9–Tue 10, C Wed 11 after it;
    B's late start Wed 11 bounds A (late finish Tue 10); A can slip to Fri 6 without
    touching B (free float 2)."""
    rows = chain(b={"fixed": True, "snet": day(9)})
    assert_both(
        both_forms(tmp_path, *rows),
        {
            "1": (day(2), day(4), day(6), day(10), 4, 2),
            "2": (day(9), day(10), day(11), day(12), 2, 0),
            "3": (day(11), day(11), day(13), day(13), 2, 2),
        },
    )


def test_a_fixed_task_earlier_than_its_links_stays_where_it_was_put(tmp_path: Path) -> None:
    """B fixed on Mon 2, though A runs to Wed 4: B stays Mon 2–Tue 3, C follows on Wed 4."""
    rows = chain(b={"fixed": True, "snet": day(2)})
    typed, xml = both_forms(tmp_path, *rows)
    for result in (typed, xml):
        assert dates(result, "2")[:2] == (day(2), day(3))
        assert dates(result, "3")[:2] == (day(4), day(4))


def test_a_manual_summary_holds_its_automatic_tasks_to_its_start(tmp_path: Path) -> None:
    """Manual summary starting Mon 9 over tasks 2 (no links) and 3 (after 2): 2 starts Mon
    9, not the project start; the imported workbook says so with a Start No Earlier Than."""
    xml = tmp_path / "plan.xml"
    xml.write_text(
        project(
            task(1, "Alone", days(2)),
            task(
                5,
                "Phase",
                days(3),
                summary=True,
                extra=f"<Manual>1</Manual><ManualStart>{at(9)}</ManualStart>",
                task_id=2,
            ),
            task(2, "First", days(1), level=2, task_id=3),
            task(3, "Second", days(2), level=2, task_id=4, links=link(2)),
        ),
        encoding="utf-8",
    )
    result = pmkit.analyze(pmkit.read_plan(xml), MONDAY)
    assert dates(result, "3")[:2] == (day(9), day(9))
    assert dates(result, "4")[:2] == (day(10), day(11))
    workbook = tmp_path / "plan.xlsx"
    assert main(["import", str(xml), "-o", str(workbook)]) == 0
    plan = pmkit.read_plan(workbook)
    assert plan.task_by_id()["3"].start_no_earlier_than == day(9)
    assert dates(pmkit.analyze(plan, MONDAY), "3") == dates(result, "3")


# -- (b) progress out of sequence --------------------------------------------------------------


def test_progress_out_of_sequence_moves_the_remaining_work_after_the_predecessor(
    tmp_path: Path,
) -> None:
    """A (4 d) not started; B (4 d, after A) started Mon 2 and half done: B keeps its
    start, its last 2 days follow A (Fri 6, Mon 9); A is not held to B's start (float 0,
    not −4)."""
    typed = from_workbook(
        tmp_path,
        ["ID", "Task", "Duration", "Predecessors", "Actual Start", "% Complete"],
        [1, "A", 4, None, None, None],
        [2, "B", 4, "1", day(2), 0.5],
    )
    progress = f"<ActualStart>{at(2)}</ActualStart><PercentComplete>50</PercentComplete>"
    xml = from_project_xml(
        tmp_path,
        task(1, "A", days(4)),
        task(2, "B", days(4), links=link(1), extra=progress),
    )
    for result in (typed, xml):
        assert summary(result, "1") == (day(2), day(5), day(2), day(5), 0, 0)
        assert summary(result, "2") == (day(2), day(9), day(2), day(9), 0, 0)
        assert Code.NEGATIVE_FLOAT not in {i.code for i in result.issues}


def test_progress_in_sequence_is_unchanged(tmp_path: Path) -> None:
    """B started after A finished: its work runs on from its actual start as before."""
    typed = from_workbook(
        tmp_path,
        ["ID", "Task", "Duration", "Predecessors", "Actual Start", "Actual Finish", "% Complete"],
        [1, "A", 2, None, day(2), day(3), 1],
        [2, "B", 4, "1", day(4), None, 0.5],
    )
    assert dates(typed, "2") == (day(4), day(9), day(4), day(9))


# -- (f) leveling delay, and what pmkit cannot reproduce --------------------------------------


def test_a_leveling_delay_moves_the_start_by_calendar_days(tmp_path: Path) -> None:
    """Project start Wed 4; task 2 has a 5-elapsed-day leveling delay: Wed + 5 days = Mon 9.
    The imported workbook gives it Start No Earlier Than Mon 9 and the same dates."""
    delay = "<LevelingDelay>72000</LevelingDelay><LevelingDelayFormat>8</LevelingDelayFormat>"
    xml = tmp_path / "plan.xml"
    xml.write_text(
        project(
            task(1, "A", days(1)),
            task(2, "B", days(1), extra=delay),
            header=f"<StartDate>{at(4)}</StartDate>",
        ),
        encoding="utf-8",
    )
    result = pmkit.analyze(pmkit.read_plan(xml), MONDAY)
    assert summary(result, "2") == (day(9), day(9), day(9), day(9), 0, 0)
    assert summary(result, "1") == (day(4), day(4), day(9), day(9), 3, 3)
    workbook = tmp_path / "plan.xlsx"
    assert main(["import", str(xml), "-o", str(workbook)]) == 0
    plan = pmkit.read_plan(workbook)
    assert plan.task_by_id()["2"].start_no_earlier_than == day(9)
    assert summary(pmkit.analyze(plan, MONDAY), "2") == summary(result, "2")


@pytest.mark.parametrize("elapsed", [False, True], ids=["working-days", "elapsed"])
def test_a_leveling_delay_on_a_task_only_its_finish_constraint_places_schedules_it(
    elapsed: bool,
) -> None:
    """An unlinked task held by Finish No Earlier Than Wed 18 (not by the project start) with
    a leveling delay: the constraint places it, Mon 16 to Wed 18, whatever the delay's unit.
    The elapsed delay was counted from before any date the calendar holds, and the whole
    analysis failed with "beyond the dates a calendar can hold"."""
    task = Task(
        "1",
        "A",
        3,
        row=2,
        constraint=ConstraintType.FINISH_NO_EARLIER_THAN,
        constraint_date=day(18),
        leveling_delay=Delay(2, elapsed),
    )
    settings = Settings(project_start=day(2), status_date=day(10), move_unfinished_work=False)
    result = pmkit.analyze(Plan("plan", (task,), settings))
    assert dates(result, "1")[:2] == (day(16), day(18))


def test_import_names_every_task_pmkit_cannot_reproduce(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Task calendars, elapsed durations, days made working and scheduling from the finish
    are each a differs-from-project warning naming the task and why, on import and in the
    analysis (so the Flags sheet shows them)."""
    working_saturday = (
        "<Exceptions><Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>"
        "<FromDate>2026-03-07T00:00:00</FromDate><ToDate>2026-03-07T23:59:00</ToDate>"
        "</TimePeriod><Occurrences>1</Occurrences><Name>Sat shift</Name><Type>1</Type>"
        "<DayWorking>1</DayWorking></Exception></Exceptions>"
    )
    xml = tmp_path / "plan.xml"
    xml.write_text(
        project(
            task(1, "Own calendar", days(1), extra="<CalendarUID>7</CalendarUID>"),
            task(2, "Elapsed", "PT72H0M0S").replace(
                "<DurationFormat>7</DurationFormat>", "<DurationFormat>8</DurationFormat>"
            ),
            task(
                3,
                "Weekend work",
                days(6),
                extra=f"<Start>{at(2)}</Start><Finish>{at(9, '17:00:00')}</Finish>",
            ),
            task(4, "Plain", days(1)),
            calendars=calendar(extra=working_saturday),
            header=f"<ScheduleFromStart>0</ScheduleFromStart><StartDate>{at(2)}</StartDate>",
        ),
        encoding="utf-8",
    )
    assert main(["import", str(xml), "-o", str(tmp_path / "plan.xlsx")]) == 0
    printed = capsys.readouterr().err
    named = [line for line in printed.splitlines() if "differs-from-project" in line]
    assert any("Task 1 “Own calendar”" in line and "calendar" in line for line in named)
    assert any("Task 2 “Elapsed”" in line and "elapsed" in line for line in named)
    assert any("Task 3 “Weekend work”" in line and "Sat 7 Mar 2026" in line for line in named)
    assert any("finish date" in line and "every task" in line for line in named)
    assert not any("Task 4 " in line for line in named)
    result = pmkit.analyze(pmkit.read_plan(xml), MONDAY)
    flagged = {i.task_id for i in result.cell_issues() if i.code is Code.DIFFERS_FROM_PROJECT}
    assert flagged == {"1", "2", "3", None}


def test_a_date_project_stored_that_pmkit_cannot_reproduce_is_named(tmp_path: Path) -> None:
    """Task 2's stored finish (Fri 6, e.g. from a part-time resource) is not what its one
    day of duration gives (Mon 2): a differs-from-project warning names both; task 1,
    stored as pmkit computes it, gets none."""
    xml = tmp_path / "plan.xml"
    xml.write_text(
        project(
            task(
                1,
                "Agrees",
                days(1),
                extra=f"<Start>{at(2)}</Start><Finish>{at(2, '17:00:00')}</Finish>",
            ),
            task(
                2,
                "Stretched",
                days(1),
                extra=f"<Start>{at(2)}</Start><Finish>{at(6, '17:00:00')}</Finish>",
            ),
        ),
        encoding="utf-8",
    )
    named = [i for i in pmkit.read_plan(xml).issues if i.code is Code.DIFFERS_FROM_PROJECT]
    assert [(i.task_id, str(i.location)) for i in named] == [
        ("2", "task 2 “Stretched” in plan.xml")
    ]
    assert "to Fri 6 Mar 2026 in Microsoft Project but on Mon 2 Mar 2026 in pmkit" in (
        named[0].message
    )
