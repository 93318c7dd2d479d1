"""Writing Microsoft Project XML: the schema's structure, and plans that come back unchanged."""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pmkit
from pmkit.engine.model import (
    ConstraintType,
    DaysOff,
    Delay,
    Holiday,
    Plan,
    Settings,
    TeamMember,
)
from pmkit.mspdi import check_structure, read_mspdi, write_mspdi
from pmkit.mspdi.calendars import resource_days_off
from pmkit.mspdi.document import load_project_document
from tests.builders import MONDAY, plan_of, task
from tests.strategies import plans

NS = "{http://schemas.microsoft.com/project}"
STATUS = date(2026, 3, 13)


def rich_plan() -> Plan:
    """A plan using every field the writer carries: phases (nested), owners, costs, progress."""
    plan = plan_of(
        task("D1", 3, phase="Design", owner="Dana", budget=1200.0, notes="wireframes first"),
        task(
            "D2",
            2,
            "D1",
            phase="Design",
            owner="Dana, Acme Web",
            percent_complete=0.5,
            actual_start=date(2026, 3, 5),
            actual_cost=300.0,
        ),
        task(
            "B1",
            5,
            "D2SS+1",
            phase="Build > Front end",
            owner="Acme Web",
            start_no_earlier_than=date(2026, 3, 9),
            deadline=date(2026, 3, 27),
        ),
        task(
            "B2",
            4,
            "B1FF+2ed",
            phase="Build > Back end",
            baseline_start=MONDAY,
            baseline_finish=date(2026, 3, 20),
            baseline_duration_days=4,
            baseline_cost=900.0,
        ),
        task("B3", 2, "B1SF-1", phase="Build"),
        task("M", 0, "B2, B3", name="Go live"),
        task("Done", 1, actual_start=MONDAY, actual_finish=MONDAY, percent_complete=1.0),
        holidays=[date(2026, 4, 3)],
        currency="EUR",
        status=STATUS,
    )
    return replace(
        plan,
        holidays=(Holiday(date(2026, 4, 3), "Good Friday"),),
        settings=replace(plan.settings, project_name="Website rebuild"),
        team=(TeamMember("Dana"), TeamMember("Acme Web")),
    )


def written(plan: Plan, tmp_path: Path) -> ET.Element:
    return ET.parse(write_mspdi(plan, tmp_path / "plan.xml")).getroot()


def test_the_written_file_has_the_schemas_structure(tmp_path: Path) -> None:
    """Every element is allowed where it is and in the schema's order; required ones present."""
    root = written(rich_plan(), tmp_path)
    assert root.tag == f"{NS}Project"
    assert check_structure(root) == []


def test_the_structure_check_accepts_microsoft_projects_own_task_lists(tmp_path: Path) -> None:
    """The checker's orders agree with a file Microsoft Project's schema tools wrote."""
    reference = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
    files = sorted(reference.glob("*.mspdi.xml")) if reference.is_dir() else []
    if not files:
        pytest.skip("../shared/reference is not beside the checkout")
    for path in files:
        root = ET.parse(path).getroot()
        for container in ("Calendars", "Tasks"):
            element = root.find(f"{NS}{container}")
            assert element is not None
            assert check_structure(element) == [], path.name


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        pytest.param(
            lambda task: task.insert(0, task.find(f"{NS}Name")), "out of order", id="order"
        ),
        pytest.param(
            lambda task: task.remove(task.find(f"{NS}UID")), "missing <UID>", id="required"
        ),
        pytest.param(lambda task: ET.SubElement(task, f"{NS}Colour"), "not allowed", id="unknown"),
    ],
)
def test_the_structure_check_finds_broken_files(
    tmp_path: Path, mutate: object, problem: str
) -> None:
    """The checker reports elements out of order, missing or unknown."""
    root = written(plan_of("A:1"), tmp_path)
    tasks = root.find(f"{NS}Tasks")
    assert tasks is not None
    mutate(tasks[1])  # type: ignore[operator]
    assert any(problem in found for found in check_structure(root))


def test_phases_become_nested_summary_tasks(tmp_path: Path) -> None:
    """Each phase opens a summary row above its tasks; 'Build > Front end' nests two levels."""
    root = written(rich_plan(), tmp_path)
    rows = [
        (t.findtext(f"{NS}Name"), t.findtext(f"{NS}OutlineLevel"), t.findtext(f"{NS}Summary"))
        for t in root.iter(f"{NS}Task")
    ]
    assert rows[:8] == [
        ("Website rebuild", "0", "1"),
        ("Design", "1", "1"),
        ("Task D1", "2", "0"),
        ("Task D2", "2", "0"),
        ("Build", "1", "1"),
        ("Front end", "2", "1"),
        ("Task B1", "3", "0"),
        ("Back end", "2", "1"),
    ]


def test_links_are_written_with_uids_types_and_lags(tmp_path: Path) -> None:
    """SS+1 is type 3 with 4800 tenths of minutes; FF+2ed is elapsed (format 8)."""
    root = written(rich_plan(), tmp_path)
    by_name = {t.findtext(f"{NS}Name"): t for t in root.iter(f"{NS}Task")}
    ss = by_name["Task B1"].find(f"{NS}PredecessorLink")
    ff = by_name["Task B2"].find(f"{NS}PredecessorLink")
    assert ss is not None
    assert ff is not None
    assert ss.findtext(f"{NS}PredecessorUID") == by_name["Task D2"].findtext(f"{NS}UID")
    assert [ss.findtext(f"{NS}{k}") for k in ("Type", "LinkLag", "LagFormat")] == ["3", "4800", "7"]
    assert [ff.findtext(f"{NS}{k}") for k in ("Type", "LinkLag", "LagFormat")] == [
        "0",
        "28800",
        "8",
    ]


def test_owners_become_resources_and_assignments(tmp_path: Path) -> None:
    """Each owner name is one resource; a task with two owners (`Dana, Acme Web`, both on
    the Team sheet) gets two assignments."""
    root = written(rich_plan(), tmp_path)
    names = [r.findtext(f"{NS}Name") for r in root.iter(f"{NS}Resource")]
    assert names == ["Dana", "Acme Web"]
    assert len(list(root.iter(f"{NS}Assignment"))) == 4


def test_an_owner_with_a_comma_is_split_as_pmkit_counts_it(tmp_path: Path) -> None:
    """The export splits an Owner by the rule pmkit counts owners with (`OwnerNames`):
    `Smith, Jones & Co` without a Team sheet is one vendor, one resource, not `Smith` and
    `Jones & Co`; `Sam; Priya` with both on the Team sheet is two, spelled as listed once."""
    vendor = plan_of(task("1", 3, owner="Smith, Jones & Co"), task("2", 2, "1", owner="Smith"))
    root = written(vendor, tmp_path)
    names = [r.findtext(f"{NS}Name") for r in root.iter(f"{NS}Resource")]
    assert names == ["Smith, Jones & Co", "Smith"]
    pair = replace(
        plan_of(task("1", 3, owner="Sam; Priya"), task("2", 2, "1", owner="sam")),
        team=(TeamMember("Sam"), TeamMember("Priya")),
    )
    root = written(pair, tmp_path)
    names = [r.findtext(f"{NS}Name") for r in root.iter(f"{NS}Resource")]
    assert names == ["Sam", "Priya"]
    assert len(list(root.iter(f"{NS}Assignment"))) == 3


def test_days_off_become_the_persons_calendar(tmp_path: Path) -> None:
    """Dana is away Mon 9 – Wed 11 Mar (Team sheet Days Off): her resource gets a calendar
    of its own, based on the project's, with that run as a non-working exception, as
    Change Working Time writes it in Project, and pmkit reads it back as her Days Off;
    Acme Web, never away, keeps the project calendar."""
    away = (DaysOff(date(2026, 3, 9), date(2026, 3, 11)),)
    plan = rich_plan()
    team = tuple(
        replace(member, days_off=away) if member.name == "Dana" else member for member in plan.team
    )
    path = write_mspdi(replace(plan, team=team), tmp_path / "plan.xml")
    document = load_project_document(path)
    assert check_structure(document.root) == []
    resources = {r.findtext(f"{NS}Name"): r for r in document.root.iter(f"{NS}Resource")}
    assert resources["Acme Web"].findtext(f"{NS}CalendarUID") is None
    assert resources["Dana"].findtext(f"{NS}CalendarUID") == "2"
    calendar = next(c for c in root_calendars(document.root) if c.findtext(f"{NS}UID") == "2")
    assert calendar.findtext(f"{NS}BaseCalendarUID") == "1"
    assert resource_days_off(document, resources["Dana"]) == away


def root_calendars(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{NS}Calendar"))


def test_holidays_become_calendar_exceptions(tmp_path: Path) -> None:
    """A holiday is a non-working exception of the Standard calendar, by name."""
    root = written(rich_plan(), tmp_path)
    exception = next(root.iter(f"{NS}Exception"))
    assert exception.findtext(f"{NS}Name") == "Good Friday"
    assert exception.findtext(f"{NS}DayWorking") == "0"
    assert exception.findtext(f"{NS}TimePeriod/{NS}FromDate") == "2026-04-03T00:00:00"


def test_a_plan_comes_back_from_its_xml_unchanged(tmp_path: Path) -> None:
    """Every field the writer carries survives write → read, pmkit IDs included."""
    plan = rich_plan()
    again = read_mspdi(write_mspdi(plan, tmp_path / "plan.xml"))
    fields = (
        "id", "name", "duration_days", "phase", "owner", "links", "start_no_earlier_than",
        "deadline", "percent_complete", "actual_start", "actual_finish", "budget",
        "actual_cost", "baseline_start", "baseline_finish", "baseline_duration_days",
        "baseline_cost", "notes",
    )  # fmt: skip
    for before, after in zip(plan.tasks, again.tasks, strict=True):
        assert {f: getattr(after, f) for f in fields} == {f: getattr(before, f) for f in fields}
    assert again.settings.project_name == "Website rebuild"
    assert again.settings.status_date == STATUS
    assert again.settings.currency == "EUR"
    assert [(h.day, h.name) for h in again.holidays] == [(date(2026, 4, 3), "Good Friday")]


def test_the_schedule_of_the_written_plan_is_the_same(tmp_path: Path) -> None:
    """pmkit schedules the XML it wrote exactly as it scheduled the plan."""
    plan = rich_plan()
    again = read_mspdi(write_mspdi(plan, tmp_path / "plan.xml"))
    again = replace(again, settings=replace(again.settings, move_unfinished_work=False))
    first = pmkit.analyze(
        replace(plan, settings=replace(plan.settings, move_unfinished_work=False))
    )
    second = pmkit.analyze(again)
    for a, b in zip(first.tasks, second.tasks, strict=True):
        assert (b.early_start, b.early_finish, b.late_start, b.late_finish, b.total_float) == (
            a.early_start, a.early_finish, a.late_start, a.late_finish, a.total_float,
        )  # fmt: skip


def test_scheduled_dates_and_slack_are_written(tmp_path: Path) -> None:
    """Start/Finish and early/late dates come from the analysis; slack is in tenths of minutes."""
    plan = plan_of("A:2", "B:1<A", "C:1<A")
    analysis = pmkit.analyze(plan, MONDAY)
    root = ET.parse(write_mspdi(analysis, tmp_path / "plan.xml")).getroot()
    by_name = {t.findtext(f"{NS}Name"): t for t in root.iter(f"{NS}Task")}
    a = by_name["Task A"]
    assert (a.findtext(f"{NS}Start"), a.findtext(f"{NS}Finish")) == (
        "2026-03-02T08:00:00",
        "2026-03-03T17:00:00",
    )
    assert by_name["Task C"].findtext(f"{NS}TotalSlack") == "0"
    assert root.findtext(f"{NS}StartDate") == "2026-03-02T08:00:00"


def test_a_milestone_after_a_finish_sits_at_the_end_of_that_day(tmp_path: Path) -> None:
    """Microsoft Project shows such a milestone at 17:00 of its predecessor's last day."""
    root = written(plan_of("A:2", "M:0<A"), tmp_path)
    milestone = next(t for t in root.iter(f"{NS}Task") if t.findtext(f"{NS}Name") == "Task M")
    assert milestone.findtext(f"{NS}Start") == "2026-03-03T17:00:00"
    assert milestone.findtext(f"{NS}Milestone") == "1"


def test_an_unwritable_path_is_a_clear_error(tmp_path: Path) -> None:
    """Writing into a folder that does not exist raises ProjectFileError, not OSError."""
    with pytest.raises(pmkit.ProjectFileError, match="could not be written"):
        write_mspdi(plan_of("A:1"), tmp_path / "missing" / "plan.xml")


def test_a_plan_without_a_start_uses_its_status_date(tmp_path: Path) -> None:
    """With no project start at all the project starts at the status date."""
    plan = plan_of("A:1", start=None, status=MONDAY)
    root = written(replace(plan, settings=replace(plan.settings, status_date=MONDAY)), tmp_path)
    assert root.findtext(f"{NS}StartDate") == "2026-03-02T08:00:00"
    assert isinstance(Settings(), Settings)


def test_text_xml_cannot_hold_is_cleaned_and_names_are_capped(tmp_path: Path) -> None:
    """Control characters from a cell are dropped; names stop at the schema's 512 characters."""
    plan = plan_of(task("1", 1, name="Fix\x0bthe\x01 server " + "x" * 600, notes="line\x0cbreak"))
    again = read_mspdi(write_mspdi(plan, tmp_path / "plan.xml"))
    assert again.tasks[0].name.startswith("Fixthe server xxx")
    assert len(again.tasks[0].name) == 512
    assert again.tasks[0].notes == "linebreak"


@settings(max_examples=60, deadline=None)
@given(plans(deadlines=True, constraints=True, actuals=True))
def test_any_plan_survives_write_and_read(plan: Plan) -> None:
    """Random plans come back with the same tasks, links, dates, calendar and schedule."""
    with tempfile.TemporaryDirectory() as folder:
        again = read_mspdi(write_mspdi(plan, Path(folder) / "plan.xml"))
    assert again.settings.work_week == plan.settings.work_week
    assert [h.day for h in again.holidays] == sorted(h.day for h in plan.holidays)
    fields = (
        "id", "name", "duration_days", "links", "start_no_earlier_than", "deadline",
        "actual_start", "actual_finish",
    )  # fmt: skip
    for before, after in zip(plan.tasks, again.tasks, strict=True):
        assert [getattr(after, f) for f in fields] == [getattr(before, f) for f in fields]
        assert after.percent_complete == pytest.approx(before.percent_complete)
    first = pmkit.analyze(plan)
    second = pmkit.analyze(
        replace(again, settings=replace(again.settings, status_date=plan.settings.status_date))
    )
    for a, b in zip(first.tasks, second.tasks, strict=True):
        dates = ("early_start", "early_finish", "late_start", "late_finish", "total_float")
        assert [getattr(b, f) for f in dates] == [getattr(a, f) for f in dates]
        assert b.critical == a.critical


def test_a_task_without_a_readable_duration_stays_without_one(tmp_path: Path) -> None:
    """A task whose Duration could not be read is not written as a milestone."""
    plan = plan_of("A:1", task("B", None, "A"))
    again = read_mspdi(write_mspdi(plan, tmp_path / "plan.xml"))
    assert again.tasks[1].duration_days is None
    assert any(issue.code == "bad-duration" for issue in again.issues)


PHASES = st.sampled_from(
    [None, "Design", "Build", "Build > Front end", "Build > Back end", "Launch"]
)
OWNERS = st.sampled_from([None, "Dana", "Acme Web", "Dana, Acme Web"])


@settings(max_examples=40, deadline=None)
@given(plans(), st.data())
def test_phases_owners_and_money_survive_write_and_read(plan: Plan, data: st.DataObject) -> None:
    """Random phases (nested too), owners and costs come back as they went out."""
    tasks = tuple(
        replace(
            item,
            phase=data.draw(PHASES),
            owner=data.draw(OWNERS),
            budget=data.draw(st.none() | st.integers(1, 10**6).map(float)),
            actual_cost=data.draw(st.none() | st.integers(1, 10**6).map(float)),
        )
        for item in plan.tasks
    )
    plan = replace(plan, tasks=tasks)
    with tempfile.TemporaryDirectory() as folder:
        again = read_mspdi(write_mspdi(plan, Path(folder) / "plan.xml"))
    fields = ("id", "phase", "owner", "budget", "actual_cost")
    assert [[getattr(t, f) for f in fields] for t in again.tasks] == [
        [getattr(t, f) for f in fields] for t in plan.tasks
    ]


def test_constraints_fixed_dates_and_delays_survive_export_and_import(tmp_path: Path) -> None:
    """Every constraint type, Fixed Dates and a leveling delay come back as written, in a
    file whose structure Project accepts, with the same schedule."""
    day = date(2026, 3, 11)
    plan = plan_of(
        task("1", 2),
        task("2", 2, "1", constraint=ConstraintType.MUST_START_ON, constraint_date=day),
        task("3", 1, "2", constraint=ConstraintType.AS_LATE_AS_POSSIBLE),
        task("4", 0, "3", constraint=ConstraintType.MUST_FINISH_ON, constraint_date=day),
        task("5", 0, constraint=ConstraintType.FINISH_NO_LATER_THAN, constraint_date=day),
        task("6", 3, "1", fixed_dates=True, start_no_earlier_than=MONDAY),
        task("7", 1, leveling_delay=Delay(3, elapsed=True)),
        task("8", 2, constraint=ConstraintType.START_NO_LATER_THAN, constraint_date=day),
        task("9", 2, constraint=ConstraintType.FINISH_NO_EARLIER_THAN, constraint_date=day),
    )
    path = write_mspdi(plan, tmp_path / "plan.xml")
    assert check_structure(ET.parse(path).getroot()) == []
    again = read_mspdi(path)
    fields = ("constraint", "constraint_date", "fixed_dates", "start_no_earlier_than")
    assert [[getattr(t, f) for f in fields] for t in again.tasks] == [
        [getattr(t, f) for f in fields] for t in plan.tasks
    ]
    assert [t.leveling_delay for t in again.tasks] == [t.leveling_delay for t in plan.tasks]
    before = pmkit.analyze(plan, MONDAY).tasks
    after = pmkit.analyze(again, MONDAY).tasks
    assert list(after) == list(before)
