"""Reading Microsoft Project XML: what each element becomes, and every bad input refused cleanly."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import pmkit
from pmkit.engine.errors import (
    PlanFileError,
    PlanFileNotFoundError,
    ProjectFileError,
    UnsafeFileError,
)
from pmkit.engine.issues import Code, Severity
from pmkit.engine.model import ConstraintType, Link, LinkType
from pmkit.mspdi import document as document_module
from pmkit.mspdi import read_mspdi
from tests.mspdi.mspdi_text import assignments, calendar, link, project, task


def write(tmp_path: Path, text: str | bytes, name: str = "plan.xml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def read(tmp_path: Path, *tasks: str, **options: Any) -> pmkit.Plan:
    return read_mspdi(write(tmp_path, project(*tasks, **options)))


def codes(plan: pmkit.Plan) -> list[Code]:
    return [issue.code for issue in plan.issues]


# -- bad input: always ProjectFileError with a clear message, never a traceback ----------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + ']><Project xmlns="http://schemas.microsoft.com/project"><Name>&lol9;</Name></Project>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<Project xmlns="http://schemas.microsoft.com/project"><Name>&xxe;</Name></Project>'
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?><!DOCTYPE Project SYSTEM "http://127.0.0.1:9/evil.dtd">'
    '<Project xmlns="http://schemas.microsoft.com/project"><Name>x</Name></Project>'
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("this is not xml at all", "is not XML at all", id="not-xml"),
        pytest.param("ID,Task,Duration\n1,Design,5\n", "is not XML at all", id="a-csv"),
        pytest.param("\ufeff  <Project><Tasks>", "not well-formed XML", id="bom-truncated"),
        pytest.param("<Project><Tasks>", "not well-formed XML", id="truncated-xml"),
        pytest.param("", "is empty", id="empty-file"),
        pytest.param(b"PK\x03\x04rest-of-a-zip", "zip file", id="a-workbook"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1binary", ".mpp", id="binary-mpp"),
        pytest.param("<html><body>hi</body></html>", "not Microsoft Project XML", id="other-xml"),
        pytest.param(
            '<Project xmlns="urn:other"><Tasks/></Project>',
            "not Microsoft Project XML",
            id="wrong-namespace",
        ),
        pytest.param(
            '<Project xmlns="http://schemas.microsoft.com/project"><Name>x</Name></Project>',
            "without a <Tasks> list",
            id="no-tasks",
        ),
        pytest.param(BILLION_LAUGHS, "unsafe", id="xml-bomb"),
        pytest.param(EXTERNAL_ENTITY, "unsafe", id="external-entity"),
        pytest.param(EXTERNAL_DTD, "unsafe", id="external-dtd"),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    """Each kind of unusable or hostile file raises ProjectFileError naming the problem."""
    path = write(tmp_path, content)
    with pytest.raises(ProjectFileError, match=r"plan\.xml") as caught:
        read_mspdi(path)
    assert expected in str(caught.value)
    assert isinstance(caught.value, PlanFileError)
    assert isinstance(caught.value, UnsafeFileError) is (expected == "unsafe")


def test_a_missing_file_is_a_plan_file_not_found_error(tmp_path: Path) -> None:
    """A path that does not exist is a clear error: the plan file error every reader raises
    for it (also a FileNotFoundError), with the path as typed."""
    with pytest.raises(PlanFileNotFoundError, match=r"absent\.xml: no such file") as missing:
        read_mspdi(tmp_path / "absent.xml")
    assert isinstance(missing.value, FileNotFoundError)


def test_files_over_the_size_limit_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file larger than the limit is refused before it is parsed, in megabytes (it said
    "2,097,320 bytes … larger than 1,048,576 bytes")."""
    monkeypatch.setattr(document_module, "MAX_FILE_BYTES", 2**20)
    path = write(tmp_path, project(task(1)) + f"<!-- {'x' * 2**21} -->")
    with pytest.raises(UnsafeFileError) as caught:
        read_mspdi(path)
    assert str(caught.value) == (
        "plan.xml is 2 MB, more than the 1 MB pmkit reads of a Microsoft Project XML file"
    )


def test_a_calendar_with_no_working_days_is_refused(tmp_path: Path) -> None:
    """A project calendar whose week has no working day cannot schedule anything."""
    week = "".join(
        f"<WeekDay><DayType>{d}</DayType><DayWorking>0</DayWorking></WeekDay>" for d in range(1, 8)
    )
    with pytest.raises(ProjectFileError, match="no working days"):
        read(tmp_path, task(1), calendars=calendar(weekdays=week))


def test_a_link_to_a_missing_uid_is_an_unknown_predecessor_issue(tmp_path: Path) -> None:
    """A predecessor UID that is not in the file becomes an error issue and the link is dropped."""
    plan = read(tmp_path, task(1), task(2, links=link(99)))
    issue = next(i for i in plan.issues if i.code is Code.UNKNOWN_PREDECESSOR)
    assert issue.severity is Severity.ERROR
    assert issue.task_id == "2"
    assert "UID 99" in issue.message
    assert str(issue.location) == "task 2 “Task 2” in plan.xml"
    assert plan.tasks[1].links == ()


def test_a_negative_duration_is_a_bad_duration_issue(tmp_path: Path) -> None:
    """A negative duration leaves the task unscheduled with a bad-duration error."""
    plan = read(tmp_path, task(1, duration="-PT8H0M0S"))
    assert plan.tasks[0].duration_days is None
    assert codes(plan) == [Code.BAD_DURATION]


def test_an_unreadable_duration_is_a_bad_duration_issue(tmp_path: Path) -> None:
    """A duration that is not ISO-8601 is reported, not guessed."""
    plan = read(tmp_path, task(1, duration="three days"))
    assert plan.tasks[0].duration_days is None
    assert Code.BAD_DURATION in codes(plan)


def test_an_analysis_of_a_plan_with_a_missing_predecessor_still_runs(tmp_path: Path) -> None:
    """A file with a broken link is still scheduled end to end (no crash in the engine)."""
    plan = read(tmp_path, task(1), task(2, links=link(42)))
    result = pmkit.analyze(plan, date(2026, 3, 2))
    assert result.tasks["2"].early_start is not None


# -- what each element becomes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "days", "rounded"),
    [
        pytest.param("PT8H0M0S", 1, False, id="one-day"),
        pytest.param("PT0H0M0S", 0, False, id="milestone"),
        pytest.param("PT40H0M0S", 5, False, id="a-week"),
        pytest.param("PT12H0M0S", 2, True, id="one-and-a-half-days-rounds-up"),
        pytest.param("PT0H30M0S", 1, True, id="half-an-hour-rounds-up"),
        pytest.param("P1DT0H0M0S", 3, False, id="iso-days-are-24-hours"),
    ],
)
def test_durations_become_whole_working_days(
    tmp_path: Path, duration: str, days: int, rounded: bool
) -> None:
    """Working minutes at MinutesPerDay become days; fractions round up with a warning."""
    plan = read(tmp_path, task(1, duration=duration))
    assert plan.tasks[0].duration_days == days
    assert (Code.ROUNDED_DURATION in codes(plan)) is rounded


def test_minutes_per_day_is_the_projects_own(tmp_path: Path) -> None:
    """A project with 7.5-hour days reads PT15H as two days."""
    text = project(task(1, duration="PT15H0M0S")).replace(
        "<MinutesPerDay>480</MinutesPerDay>", "<MinutesPerDay>450</MinutesPerDay>"
    )
    plan = read_mspdi(write(tmp_path, text))
    assert plan.tasks[0].duration_days == 2


@pytest.mark.parametrize(
    ("kind", "lag_tenths", "lag_format", "expected"),
    [
        pytest.param(1, 0, 7, Link("1"), id="fs"),
        pytest.param(0, 0, 7, Link("1", LinkType.FF), id="ff"),
        pytest.param(2, 0, 7, Link("1", LinkType.SF), id="sf"),
        pytest.param(3, 4800, 7, Link("1", LinkType.SS, 1), id="ss-plus-one-day"),
        pytest.param(1, -9600, 7, Link("1", LinkType.FS, -2), id="two-day-lead"),
        pytest.param(1, 24000, 9, Link("1", LinkType.FS, 5), id="one-week-lag"),
        pytest.param(1, 43200, 8, Link("1", LinkType.FS, 3, elapsed=True), id="elapsed-days"),
        pytest.param(1, 14400, 6, Link("1", LinkType.FS, 1, elapsed=True), id="elapsed-hours"),
    ],
)
def test_predecessor_links_translate_type_lag_and_format(
    tmp_path: Path, kind: int, lag_tenths: int, lag_format: int, expected: Link
) -> None:
    """Type 0–3 = FF, FS, SF, SS; LinkLag in tenths of minutes; elapsed formats stay elapsed."""
    plan = read(tmp_path, task(1), task(2, links=link(1, kind, lag_tenths, lag_format)))
    assert plan.tasks[1].links == (expected,)


def test_a_fractional_lag_is_rounded_with_a_warning(tmp_path: Path) -> None:
    """Half a day of lag is not a pmkit lag: it rounds to a whole day and says so."""
    plan = read(tmp_path, task(1), task(2, links=link(1, 1, 2400)))
    assert plan.tasks[1].links == (Link("1", LinkType.FS, 1),)
    assert Code.ROUNDED_DURATION in codes(plan)


def test_links_use_task_ids_not_uids(tmp_path: Path) -> None:
    """PredecessorUID refers to UIDs; the plan's links name Microsoft Project task IDs."""
    plan = read(tmp_path, task(10, task_id=1), task(20, task_id=2, links=link(10)))
    assert [t.id for t in plan.tasks] == ["1", "2"]
    assert plan.tasks[1].links == (Link("1"),)


def test_summary_rows_become_phases_with_nested_paths(tmp_path: Path) -> None:
    """Summary rows are dropped; their names (nested: joined with ' > ') are the Phase."""
    plan = read(
        tmp_path,
        task(1, "Design", summary=True),
        task(2, "Sketch", level=2),
        task(3, "Build", summary=True),
        task(4, "Framing", level=2, summary=True),
        task(5, "Walls", level=3),
        task(6, "Roof", level=2),
        task(7, "Handover", level=1),
    )
    assert [(t.id, t.phase) for t in plan.tasks] == [
        ("2", "Design"),
        ("5", "Build > Framing"),
        ("6", "Build"),
        ("7", None),
    ]


def test_a_link_from_a_summary_links_every_task_beneath_it(tmp_path: Path) -> None:
    """A finish-to-start link from a summary becomes links from each of its tasks."""
    plan = read(
        tmp_path,
        task(1, "Phase", summary=True),
        task(2, level=2),
        task(3, level=2),
        task(4, links=link(1)),
    )
    assert plan.tasks[-1].links == (Link("2"), Link("3"))
    assert Code.BAD_PREDECESSOR in codes(plan)


def test_a_link_to_a_summary_reaches_every_task_beneath_it(tmp_path: Path) -> None:
    """A predecessor on a summary task holds back each of its tasks."""
    plan = read(
        tmp_path,
        task(1),
        task(2, "Phase", summary=True, links=link(1)),
        task(3, level=2),
        task(4, level=2),
    )
    assert [t.links for t in plan.tasks] == [(), (Link("1"),), (Link("1"),)]


CONSTRAINT = "<ConstraintType>{kind}</ConstraintType><ConstraintDate>{when}</ConstraintDate>"


def test_start_no_earlier_than_is_read(tmp_path: Path) -> None:
    """ConstraintType 4 with its date becomes Start No Earlier Than."""
    extra = CONSTRAINT.format(kind=4, when="2026-03-04T08:00:00")
    plan = read(tmp_path, task(1, extra=extra))
    assert plan.tasks[0].start_no_earlier_than == date(2026, 3, 4)
    assert plan.issues == ()


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        pytest.param("2026-03-04T17:00:00", date(2026, 3, 5), id="end-of-day-is-next-day"),
        pytest.param("2026-03-06T17:00:00", date(2026, 3, 9), id="friday-evening-is-monday"),
        pytest.param("2026-03-07T08:00:00", date(2026, 3, 7), id="a-day-off-is-kept"),
    ],
)
def test_a_start_at_the_end_of_the_day_starts_the_next_working_day(
    tmp_path: Path, when: str, expected: date
) -> None:
    """Times of day reduce to days as Microsoft Project means them."""
    plan = read(tmp_path, task(1, extra=CONSTRAINT.format(kind=4, when=when)))
    assert plan.tasks[0].start_no_earlier_than == expected


@pytest.mark.parametrize(
    ("kind", "expected", "day"),
    [
        pytest.param(1, ConstraintType.AS_LATE_AS_POSSIBLE, None, id="as-late-as-possible"),
        pytest.param(2, ConstraintType.MUST_START_ON, date(2026, 3, 5), id="must-start-on"),
        pytest.param(3, ConstraintType.MUST_FINISH_ON, date(2026, 3, 4), id="must-finish-on"),
        pytest.param(5, ConstraintType.START_NO_LATER_THAN, date(2026, 3, 5), id="snlt"),
        pytest.param(6, ConstraintType.FINISH_NO_EARLIER_THAN, date(2026, 3, 4), id="fnet"),
        pytest.param(7, ConstraintType.FINISH_NO_LATER_THAN, date(2026, 3, 4), id="fnlt"),
    ],
)
def test_every_constraint_type_is_read(
    tmp_path: Path, kind: int, expected: ConstraintType, day: date | None
) -> None:
    """Each constraint type comes with its day: a start at 17:00 is the next working day,
    a finish at 17:00 that day."""
    plan = read(tmp_path, task(1, extra=CONSTRAINT.format(kind=kind, when="2026-03-04T17:00:00")))
    assert (plan.tasks[0].constraint, plan.tasks[0].constraint_date) == (expected, day)
    assert plan.tasks[0].start_no_earlier_than is None
    assert plan.issues == ()


def test_an_unknown_constraint_type_is_flagged_as_unsupported(tmp_path: Path) -> None:
    """A constraint code Project does not define is named in a warning on its task."""
    plan = read(tmp_path, task(1, extra=CONSTRAINT.format(kind=9, when="2026-03-04T08:00:00")))
    issue = plan.issues[0]
    assert (issue.code, issue.severity, issue.task_id) == (
        Code.UNSUPPORTED_CONSTRAINT,
        Severity.WARNING,
        "1",
    )
    assert plan.tasks[0].constraint is None


def test_progress_costs_deadline_and_baseline_are_read(tmp_path: Path) -> None:
    """% complete, actual dates, costs, deadline, notes and baseline 0 map to plan fields."""
    extra = (
        "<PercentComplete>40</PercentComplete><Cost>1500</Cost>"
        "<ActualStart>2026-03-02T08:00:00</ActualStart><ActualCost>600</ActualCost>"
        "<ConstraintType>0</ConstraintType><Deadline>2026-03-20T17:00:00</Deadline>"
        "<Notes>call the vendor</Notes>"
    )
    baseline = (
        "<Baseline><Number>1</Number><Start>2026-01-01T08:00:00</Start></Baseline>"
        "<Baseline><Number>0</Number><Start>2026-03-02T08:00:00</Start>"
        "<Finish>2026-03-13T17:00:00</Finish><Duration>PT80H0M0S</Duration>"
        "<Cost>1400</Cost></Baseline>"
    )
    plan = read(tmp_path, task(1, duration="PT80H0M0S", extra=extra, after_links=baseline))
    got = plan.tasks[0]
    assert got.percent_complete == pytest.approx(0.4)
    assert (got.actual_start, got.actual_finish) == (date(2026, 3, 2), None)
    assert (got.budget, got.actual_cost) == (1500.0, 600.0)
    assert got.deadline == date(2026, 3, 20)
    assert got.notes == "call the vendor"
    assert (got.baseline_start, got.baseline_finish) == (date(2026, 3, 2), date(2026, 3, 13))
    assert (got.baseline_duration_days, got.baseline_cost) == (10, 1400.0)
    assert plan.baseline is not None
    assert plan.baseline.by_id()["1"].finish == date(2026, 3, 13)


def test_an_actual_finish_at_the_start_of_a_day_is_the_previous_working_day(
    tmp_path: Path,
) -> None:
    """A finish at Monday 08:00 means the work ended on the Friday before."""
    plan = read(tmp_path, task(1, extra="<ActualFinish>2026-03-09T08:00:00</ActualFinish>"))
    assert plan.tasks[0].actual_finish == date(2026, 3, 6)


def test_project_settings_are_read(tmp_path: Path) -> None:
    """Title, start date, status date and currency become Settings; the schedule is pure logic."""
    header = (
        "<Title>Website rebuild</Title><StartDate>2026-03-02T08:00:00</StartDate>"
        "<CurrencyCode>EUR</CurrencyCode><StatusDate>2026-03-13T17:00:00</StatusDate>"
    )
    plan = read(tmp_path, task(1), header=header)
    settings = plan.settings
    assert settings.project_name == "Website rebuild"
    assert (settings.project_start, settings.status_date) == (date(2026, 3, 2), date(2026, 3, 13))
    assert settings.currency == "EUR"
    assert settings.move_unfinished_work is False
    assert plan.plan_sheet == "plan.xml"  # the tasks are the file's, not a sheet's


def test_owners_are_the_assigned_resources(tmp_path: Path) -> None:
    """Each task's assigned resources, by name, are its owner; the unassigned marker is ignored."""
    tail = (
        "<Resources><Resource><UID>1</UID><Name>Acme Web</Name></Resource>"
        "<Resource><UID>2</UID><Name>Dana</Name></Resource></Resources>"
    ) + assignments((1, 1), (1, 2), (2, -65535))
    plan = read(tmp_path, task(1), task(2), tail=tail)
    assert [t.owner for t in plan.tasks] == ["Acme Web, Dana", None]


def test_material_and_cost_resources_own_nothing(tmp_path: Path) -> None:
    """Task 1 uses a server (a material resource) and travel (a cost resource) beside Dana:
    Dana owns it, and only she is on the team; task 2 uses only the server, so nobody
    owns it (it read "Data Server", which was sent a week of work)."""
    tail = (
        "<Resources><Resource><UID>1</UID><Name>Data Server</Name><Type>0</Type></Resource>"
        "<Resource><UID>2</UID><Name>Dana</Name><Type>1</Type></Resource>"
        "<Resource><UID>3</UID><Name>Travel</Name><Type>2</Type></Resource></Resources>"
    ) + assignments((1, 1), (1, 2), (1, 3), (2, 1))
    plan = read(tmp_path, task(1), task(2), tail=tail)
    assert [t.owner for t in plan.tasks] == ["Dana", None]
    assert [member.name for member in plan.team] == ["Dana"]


def test_a_resources_vacation_is_their_days_off(tmp_path: Path) -> None:
    """Dana's own calendar (based on the project's) has her away Mon 9 – Wed 11 Mar and
    Fri 20 Mar: those are her days off on the team, so her week is not booked as if she
    were in (they were not read, and `pmkit import` left them off the Team sheet). The
    project's holiday stays a holiday; Ed, with no calendar of his own, has none."""
    holiday = f"<Exceptions>{exception('2026-04-03', '2026-04-03')}</Exceptions>"
    away = exception("2026-03-09", "2026-03-11") + exception("2026-03-20", "2026-03-20")
    calendars = calendar(extra=holiday) + calendar(
        2, weekdays="", extra=f"<Exceptions>{away}</Exceptions>", base=1
    )
    tail = (
        "<Resources><Resource><UID>1</UID><Name>Dana</Name><CalendarUID>2</CalendarUID>"
        "</Resource><Resource><UID>2</UID><Name>Ed</Name></Resource></Resources>"
    ) + assignments((1, 1), (2, 2))
    plan = read(tmp_path, task(1), task(2), calendars=calendars, tail=tail)
    dana, ed = plan.team
    assert [str(days) for days in dana.days_off] == ["2026-03-09..2026-03-11", "2026-03-20"]
    assert ed.days_off == ()
    assert [h.day for h in plan.holidays] == [date(2026, 4, 3)]


def test_a_resource_on_the_project_calendar_has_no_days_off_of_its_own(tmp_path: Path) -> None:
    """Dana's CalendarUID is the project's calendar (as a file converted from another tool
    may have it): its Good Friday is the project's holiday, not a day off of hers (it was
    listed as her Days Off on the Team sheet an import writes, and exported back as a
    calendar of her own)."""
    holiday = f"<Exceptions>{exception('2026-04-03', '2026-04-03')}</Exceptions>"
    tail = (
        "<Resources><Resource><UID>1</UID><Name>Dana</Name><CalendarUID>1</CalendarUID>"
        "</Resource></Resources>"
    ) + assignments((1, 1))
    plan = read(tmp_path, task(1), calendars=calendar(extra=holiday), tail=tail)
    [dana] = plan.team
    assert dana.days_off == ()
    assert [h.day for h in plan.holidays] == [date(2026, 4, 3)]


def test_the_calendars_are_looked_through_once_for_every_resource(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """60 people, each with a calendar of their own: the file's calendars are listed once
    for the project's calendar and once for the whole team, not again for each person
    (a file of 4,000 people took 10 s to read, 0.7 s now)."""
    people = 60
    away = f"<Exceptions>{exception('2026-03-09', '2026-03-09')}</Exceptions>"
    calendars = calendar() + "".join(
        calendar(uid, weekdays="", extra=away, base=1) for uid in range(2, people + 2)
    )
    tail = (
        "<Resources>"
        + "".join(
            f"<Resource><UID>{n}</UID><Name>P{n}</Name><CalendarUID>{n + 1}</CalendarUID>"
            "</Resource>"
            for n in range(1, people + 1)
        )
        + "</Resources>"
    ) + assignments(*((n, n) for n in range(1, people + 1)))
    listed = 0
    children = document_module.ProjectDocument.children

    def counting(self: document_module.ProjectDocument, parent: Any, local: str) -> Any:
        nonlocal listed
        listed += local == "Calendar"
        return children(self, parent, local)

    monkeypatch.setattr(document_module.ProjectDocument, "children", counting)
    plan = read(tmp_path, *(task(n) for n in range(1, people + 1)), calendars=calendars, tail=tail)
    assert len(plan.team) == people
    assert all(len(member.days_off) == 1 for member in plan.team)
    assert listed <= 2


def test_blank_inactive_and_external_rows_are_left_out(tmp_path: Path) -> None:
    """Null rows vanish; inactive and external tasks are left out with an info note."""
    plan = read(
        tmp_path,
        task(1),
        "<Task><UID>2</UID><ID>2</ID><IsNull>1</IsNull></Task>",
        task(3, extra="<Active>0</Active>"),
        task(4, extra="<ExternalTask>1</ExternalTask>"),
    )
    assert [t.id for t in plan.tasks] == ["1"]
    assert [i.severity for i in plan.issues] == [Severity.INFO, Severity.INFO]


# -- calendars ---------------------------------------------------------------------------


def exception(start: str, finish: str, extra: str = "", working: int = 0) -> str:
    return (
        "<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>"
        f"<FromDate>{start}T00:00:00</FromDate><ToDate>{finish}T23:59:00</ToDate></TimePeriod>"
        f"<Name>Closed</Name>{extra}<DayWorking>{working}</DayWorking></Exception>"
    )


def test_calendar_exceptions_become_holidays(tmp_path: Path) -> None:
    """A non-working exception range becomes one holiday per day."""
    cal = calendar(extra=f"<Exceptions>{exception('2026-12-24', '2026-12-26')}</Exceptions>")
    plan = read(tmp_path, task(1), calendars=cal)
    assert [h.day for h in plan.holidays] == [
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 26),
    ]
    assert {h.name for h in plan.holidays} == {"Closed"}


def test_yearly_recurring_exceptions_are_expanded(tmp_path: Path) -> None:
    """A yearly exception (type 2: month and day) gives one holiday per year of its range."""
    yearly = exception(
        "2026-12-25", "2028-12-25", "<Type>2</Type><Month>11</Month><MonthDay>25</MonthDay>"
    )
    plan = read(tmp_path, task(1), calendars=calendar(extra=f"<Exceptions>{yearly}</Exceptions>"))
    assert [h.day for h in plan.holidays] == [
        date(2026, 12, 25),
        date(2027, 12, 25),
        date(2028, 12, 25),
    ]


def test_positional_recurring_exceptions_are_expanded(tmp_path: Path) -> None:
    """The fourth Thursday of November (type 3) lands on each year's Thanksgiving."""
    thanksgiving = exception(
        "2026-11-01",
        "2027-11-30",
        "<Type>3</Type><MonthItem>7</MonthItem><MonthPosition>3</MonthPosition><Month>10</Month>",
    )
    plan = read(
        tmp_path, task(1), calendars=calendar(extra=f"<Exceptions>{thanksgiving}</Exceptions>")
    )
    assert [h.day for h in plan.holidays] == [date(2026, 11, 26), date(2027, 11, 25)]


def test_old_style_exception_weekdays_become_holidays(tmp_path: Path) -> None:
    """A WeekDay of DayType 0 (Project 2003 format) is a non-working exception too."""
    from tests.mspdi.mspdi_text import STANDARD_WEEK

    old = (
        "<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>"
        "<FromDate>2026-05-25T00:00:00</FromDate><ToDate>2026-05-25T23:59:00</ToDate>"
        "</TimePeriod></WeekDay>"
    )
    plan = read(tmp_path, task(1), calendars=calendar(weekdays=STANDARD_WEEK + old))
    assert [h.day for h in plan.holidays] == [date(2026, 5, 25)]


def test_the_project_calendar_is_the_one_named_by_calendar_uid(tmp_path: Path) -> None:
    """A derived calendar inherits its base's week and overrides single days (Sat working)."""
    saturday = (
        "<WeekDay><DayType>7</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime>"
        "<FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes>"
        "</WeekDay>"
    )
    cals = calendar(1) + calendar(5, weekdays=saturday, base=1)
    plan = read(tmp_path, task(1), calendars=cals, calendar_uid=5)
    assert plan.settings.work_week == frozenset({0, 1, 2, 3, 4, 5})


def test_a_missing_project_calendar_falls_back_to_a_base_calendar(tmp_path: Path) -> None:
    """A CalendarUID that names no calendar uses the base calendar, with a warning."""
    plan = read(tmp_path, task(1), calendar_uid=77)
    assert plan.settings.work_week == frozenset(range(5))
    assert Code.BAD_SETTING in codes(plan)


# -- IDs kept through Microsoft Project --------------------------------------------------

PMKIT_FIELD = (
    "<ExtendedAttributes><ExtendedAttribute><FieldID>188743731</FieldID>"
    "<FieldName>Text1</FieldName><Alias>pmkit ID</Alias></ExtendedAttribute>"
    "</ExtendedAttributes>"
)


def pmkit_id(value: str) -> str:
    return (
        f"<ExtendedAttribute><FieldID>188743731</FieldID><Value>{value}</Value></ExtendedAttribute>"
    )


def test_pmkit_ids_written_to_text1_are_the_task_ids(tmp_path: Path) -> None:
    """Tasks carrying a pmkit ID get it back; a task added in Project keeps its row ID."""
    text = project(
        task(1, after_links=pmkit_id("A")),
        task(2, links=link(1), after_links=pmkit_id("B")),
        task(3, links=link(2)),
    ).replace("<Calendars>", PMKIT_FIELD + "<Calendars>")
    plan = read_mspdi(write(tmp_path, text))
    assert [t.id for t in plan.tasks] == ["A", "B", "3"]
    assert [t.links for t in plan.tasks] == [(), (Link("A"),), (Link("B"),)]


@pytest.mark.parametrize(
    ("extra", "severity"),
    [
        pytest.param("<CalendarUID>7</CalendarUID>", Severity.WARNING, id="own-calendar"),
        pytest.param(
            "<IsSubproject>1</IsSubproject><SubprojectName>b.mpp</SubprojectName>",
            Severity.WARNING,
            id="inserted-project",
        ),
    ],
)
def test_what_pmkit_cannot_reproduce_is_named_on_the_task(
    tmp_path: Path, extra: str, severity: Severity
) -> None:
    """Task calendars and inserted projects are read past with a differs-from-project
    warning naming the task and why."""
    plan = read(tmp_path, task(1, extra=extra))
    assert [(i.severity, i.code, i.task_id) for i in plan.issues] == [
        (severity, Code.DIFFERS_FROM_PROJECT, "1")
    ]
    assert plan.tasks[0].duration_days == 1


def test_read_plan_reads_project_xml(tmp_path: Path) -> None:
    """`pmkit.read_plan` hands .xml files to the Microsoft Project reader."""
    path = write(tmp_path, project(task(1), task(2, links=link(1))))
    assert pmkit.read_plan(path) == read_mspdi(path)


def test_a_percent_lag_is_that_share_of_the_predecessor(tmp_path: Path) -> None:
    """LagFormat 19 (%) holds a whole percent: 50 % of a 4-day predecessor is 2 days."""
    plan = read(tmp_path, task(1, duration="PT32H0M0S"), task(2, links=link(1, 1, 50, 19)))
    assert plan.tasks[1].links == (Link("1", LinkType.FS, 2),)
    assert Code.BAD_PREDECESSOR in codes(plan)


@pytest.mark.parametrize(
    ("tasks", "code"),
    [
        pytest.param((task(1, duration="PT99999999H0M0S"),), Code.BAD_DURATION, id="huge-duration"),
        pytest.param(
            (task(1), task(2, links=link(1, 1, 10**15))), Code.BAD_PREDECESSOR, id="huge-lag"
        ),
        pytest.param((task(1, links=link(1)),), Code.SELF_DEPENDENCY, id="self-link"),
        pytest.param(
            (task(1, links=link(2)), task(2, links=link(1))), Code.DEPENDENCY_CYCLE, id="cycle"
        ),
    ],
)
def test_impossible_logic_is_an_error_on_the_task_not_a_crash(
    tmp_path: Path, tasks: tuple[str, ...], code: Code
) -> None:
    """Centuries-long durations or lags, self-links and loops are findings; analysis still runs."""
    plan = read(tmp_path, *tasks)
    result = pmkit.analyze(plan, date(2026, 3, 2))
    assert code in [issue.code for issue in result.issues if issue.severity is Severity.ERROR]


def test_a_project_start_in_the_far_future_is_ignored(tmp_path: Path) -> None:
    """Project's "no date" values (year 2149 and later) are not dates."""
    plan = read(tmp_path, task(1), header="<StartDate>9999-12-31T08:00:00</StartDate>")
    assert plan.settings.project_start is None


def test_a_calendar_closed_for_centuries_is_refused(tmp_path: Path) -> None:
    """An exception making centuries non-working is refused with the file named."""
    closed = (
        "<Exceptions><Exception><TimePeriod><FromDate>1900-01-01T00:00:00</FromDate>"
        "<ToDate>2200-01-01T00:00:00</ToDate></TimePeriod><DayWorking>0</DayWorking>"
        "</Exception></Exceptions>"
    )
    with pytest.raises(ProjectFileError, match=r"plan\.xml: .*non-working"):
        read(tmp_path, task(1), calendars=calendar(extra=closed))


# -- a value the file holds but pmkit cannot read is named, never dropped in silence -------


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        pytest.param(
            "<ActualStart>yesterday</ActualStart>",
            Code.BAD_DATE,
            "Task 1 “Pour slab” has the Actual Start 'yesterday' (ActualStart), which is not "
            "a date; it is read as blank",
            id="actual-start",
        ),
        pytest.param(
            "<ActualStart>2026-03-02T08:00:00</ActualStart><PercentComplete>100</PercentComplete>"
            "<ActualFinish>31/02/2026</ActualFinish>",
            Code.BAD_DATE,
            "Task 1 “Pour slab” has the Actual Finish '31/02/2026' (ActualFinish), which is not "
            "a date; it is read as blank",
            id="actual-finish",
        ),
        pytest.param(
            "<Deadline>0000-00-00T00:00:00</Deadline>",
            Code.BAD_DATE,
            "Task 1 “Pour slab” has the Deadline '0000-00-00T00:00:00' (Deadline), which is not "
            "a date; it is read as blank",
            id="deadline",
        ),
        pytest.param(
            "<PercentComplete>NaN</PercentComplete>",
            Code.BAD_PERCENT,
            "Task 1 “Pour slab” has the % Complete 'NaN' (PercentComplete), which is not "
            "a number; it is read as 0 %",
            id="percent",
        ),
        pytest.param(
            "<Cost>lots</Cost>",
            Code.BAD_NUMBER,
            "Task 1 “Pour slab” has the Budget 'lots' (Cost), which is not an amount; it is "
            "read as blank",
            id="budget",
        ),
        pytest.param(
            "<ActualCost>-500</ActualCost>",
            Code.BAD_NUMBER,
            "Task 1 “Pour slab” has the Actual Cost '-500' (ActualCost), which is below zero; "
            "it is read as blank",
            id="negative-actual-cost",
        ),
        pytest.param(
            "<Baseline><Number>0</Number><Start>x</Start>"
            "<Finish>2026-03-03T17:00:00</Finish></Baseline>",
            Code.BAD_DATE,
            "Task 1 “Pour slab” has the Baseline Start 'x' (Baseline Start), which is not "
            "a date; it is read as blank",
            id="baseline-start",
        ),
        pytest.param(
            "<Baseline><Number>0</Number><Start>2026-03-02T08:00:00</Start>"
            "<Finish>2026-03-03T17:00:00</Finish><Cost>-3</Cost></Baseline>",
            Code.BAD_NUMBER,
            "Task 1 “Pour slab” has the Baseline Cost '-3' (Baseline Cost), which is below "
            "zero; it is read as blank",
            id="negative-baseline-cost",
        ),
    ],
)
def test_a_task_value_that_cannot_be_read_is_an_error_at_the_task(
    tmp_path: Path, extra: str, code: Code, message: str
) -> None:
    """An actual date, deadline, % complete or cost that is not one is an error naming the
    task, the field in the owner's words and Project's element, as a workbook cell would be;
    the value is read as blank, never taken as something it is not."""
    plan = read_mspdi(write(tmp_path, project(task(1, "Pour slab", extra=extra)), "vendor.xml"))
    found = [(str(i.location), i.severity, i.code, i.task_id, i.message) for i in plan.issues]
    assert found == [("task 1 “Pour slab” in vendor.xml", Severity.ERROR, code, "1", message)]
    only = plan.tasks[0]
    assert (only.budget, only.actual_cost, only.baseline_cost) == (None, None, None)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        pytest.param(
            "<StartDate>2026-03-02T08:00:00</StartDate><StatusDate>last friday</StatusDate>",
            "The project's Status Date 'last friday' (StatusDate) in vendor.xml is not a date; "
            "it is read as blank",
            id="status-date",
        ),
        pytest.param(
            "<StartDate>monday</StartDate>",
            "The project's Project Start 'monday' (StartDate) in vendor.xml is not a date; "
            "it is read as blank",
            id="start-date",
        ),
    ],
)
def test_a_project_date_that_cannot_be_read_is_an_error_at_the_file(
    tmp_path: Path, header: str, message: str
) -> None:
    """A Status Date that is not a date is not silently today: an error names it."""
    plan = read_mspdi(write(tmp_path, project(task(1), header=header), "vendor.xml"))
    assert [(str(i.location), i.severity, i.code, i.message) for i in plan.issues] == [
        ("vendor.xml", Severity.ERROR, Code.BAD_DATE, message)
    ]


def test_project_s_no_date_is_not_an_unreadable_date(tmp_path: Path) -> None:
    """Microsoft Project writes "no date" as a year past 2149 (NA): no finding."""
    extra = "<Deadline>2149-12-31T00:00:00</Deadline><ActualStart></ActualStart>"
    plan = read_mspdi(write(tmp_path, project(task(1, extra=extra))))
    assert plan.issues == ()


def test_findings_about_a_project_file_s_settings_name_the_file(tmp_path: Path) -> None:
    """A Project file has no Settings sheet: "nothing has started" sits at the file, and the
    forecast that its passed dates leave unknown says where that setting is (the workbook
    `pmkit import` writes), not a sheet the owner does not have."""
    path = write(tmp_path, project(task(1, "Pour slab"), task(2, links=link(1))), "vendor.xml")
    analysis = pmkit.analyze(read_mspdi(path), date(2026, 6, 1))
    (not_started,) = [i for i in analysis.issues if i.code is Code.NOT_STARTED]
    assert str(not_started.location) == "vendor.xml"
    assert analysis.summary.forecast_unknown == (
        "Forecast unknown: the plan's dates end on Tue 3 Mar 2026, which has passed with 2 "
        "tasks not done (record their progress, or import vendor.xml with pmkit import and "
        "set Move Unfinished Work Past Status Date to Yes on the workbook's Settings sheet)"
    )


def test_a_project_file_s_missing_start_and_goals_say_where_to_write_them(
    tmp_path: Path,
) -> None:
    """A Project file with no project Start Date and no goals: the notes sit at the file and
    say where to fix each — Project's Start Date, the Charter of the imported workbook — not
    a Settings or Charter sheet the owner does not have."""
    path = write(tmp_path, project(task(1, "Pour slab"), header=""), "vendor.xml")
    analysis = pmkit.analyze(read_mspdi(path), date(2026, 6, 1))
    found = {i.code: (str(i.location), i.message) for i in analysis.cell_issues()}
    assert found[Code.NO_PROJECT_START] == (
        "vendor.xml",
        "The schedule starts on the status date, Mon 1 Jun 2026: vendor.xml gives no project "
        "Start Date and no task has a Start No Earlier Than or an actual start, so every date "
        "moves with the status date; set the Start Date (Project › Project Information) to "
        "the first day of work",
    )
    assert found[Code.NO_CHARTER] == (
        "vendor.xml",
        "vendor.xml holds no goals: import it (pmkit import) and write the goals and how "
        "success is measured on the workbook's Charter sheet, so everyone agrees what “done” "
        "means",
    )


def test_a_repeated_task_id_keeps_each_task_and_its_links(tmp_path: Path) -> None:
    """A damaged file gives two tasks ID 1 (Project never does): the second is called by
    its UID, so B's link to A stays a link to A — not "B lists itself" — and a warning names it."""
    path = write(
        tmp_path, project(task(1, "A", task_id=1), task(2, "B", task_id=1, links=link(1))), "v.xml"
    )
    plan = read_mspdi(path)
    assert [(t.id, t.name, [link.predecessor for link in t.links]) for t in plan.tasks] == [
        ("1", "A", []),
        ("UID2", "B", ["1"]),
    ]
    assert [(str(i.location), i.severity, i.message) for i in plan.issues] == [
        (
            "task 1 “B” (UID 2) in v.xml",
            Severity.WARNING,
            "Task 1 “B” has the ID of task 1 “A” in v.xml (Microsoft Project never repeats "
            "an ID: a damaged file?); pmkit calls it task UID2, so that it and its links "
            "stay its own",
        )
    ]
    codes = {issue.code for issue in pmkit.analyze(plan, date(2026, 3, 2)).issues}
    assert not codes & {Code.SELF_DEPENDENCY, Code.DUPLICATE_ID}


def test_a_file_that_is_not_utf8_says_so_at_its_line(tmp_path: Path) -> None:
    """A file that declares no encoding (so UTF-8) but holds a Windows-1252 é (edited by
    hand?) is refused with what is wrong and where, not only "not well-formed"."""
    text = project(task(1, "Café"))
    data = text.replace('encoding="UTF-8"', "").encode("utf-8").replace(b"\xc3\xa9", b"\xe9")
    with pytest.raises(ProjectFileError) as caught:
        read_mspdi(write(tmp_path, data, "vendor.xml"))
    assert str(caught.value) == (
        "vendor.xml is not UTF-8 text (line 1, the byte 0xE9), as its XML says it is; "
        "was it saved in another encoding? Save it from Microsoft Project as XML Format (*.xml) "
        "again"
    )
