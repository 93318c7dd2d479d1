"""A task two people share: `Sam, Priya` with both on the Team sheet is each of them.

One rule (`model.OwnerNames`) read everywhere an owner is: each named person is booked
for the task in full and has it in their week and their digest; nobody called
`Sam, Priya` appears. A cell that does not split into Team names stays one name
(`Smith, Jones & Co` without a Team sheet, or a Team name with a comma in it), and the
Project export splits by the same rule.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.actions import problem_actions
from pmkit.engine.issues import Code
from pmkit.engine.model import OwnerNames, TeamMember
from pmkit.mspdi import read_mspdi, write_mspdi
from pmkit.outputs.digest import digests, plan_night
from tests.builders import plan_of, task, write_workbook

NS = "{http://schemas.microsoft.com/project}"
HEADER = ["ID", "Task", "Owner", "Duration", "Predecessors", "Start No Earlier Than"]
MONDAY = date(2026, 3, 2)
TEAM = [
    ["Owner", "Email"],
    ["Sam", "sam@example.com"],
    ["Priya", "priya@example.com"],
]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        pytest.param("Sam, Priya", ("Sam", "Priya"), id="comma"),
        pytest.param(" sam ;PRIYA ", ("sam", "PRIYA"), id="semicolon-any-case"),
        pytest.param("Sam, Sam", ("Sam",), id="named-twice-is-once"),
        pytest.param("Sam, Bob", ("Sam, Bob",), id="a-part-not-on-the-team"),
        pytest.param("Sam,", ("Sam,",), id="an-empty-part"),
        pytest.param("Smith, Jones & Co", ("Smith, Jones & Co",), id="whole-team-name"),
        pytest.param("Smith, Jones & Co; Sam", ("Smith, Jones & Co", "Sam"), id="vendor-and-sam"),
        pytest.param("  ", (), id="blank"),
        pytest.param(None, (), id="none"),
    ],
)
def test_an_owner_cell_names_team_members_or_is_one_name(
    text: str | None, people: tuple[str, ...]
) -> None:
    names = OwnerNames(
        [TeamMember(n) for n in ("Sam", "Priya", "Smith, Jones & Co", "Smith", "Jones & Co")]
    )
    assert names(text) == people


def test_only_a_list_with_someone_on_the_team_says_who_is_missing() -> None:
    names = OwnerNames([TeamMember("Sam"), TeamMember("Smith, Jones & Co")])
    assert names.not_on_team("Sam, Bob; Eve") == ("Bob", "Eve")
    assert names.not_on_team("Smith, Jones & Co; Bob") == ("Bob",)
    assert names.not_on_team("Bob, Eve") == ()  # nobody on the team: a name with a comma
    assert names.not_on_team("Sam, ") == ()  # an empty part is not a person
    assert names.not_on_team("Sam, Sam") == ()


def test_without_a_team_a_comma_is_part_of_one_name() -> None:
    """No Team sheet: nobody is known, so `Smith, Jones & Co` (or `Sam, Priya`) is one."""
    names = OwnerNames(())
    assert (names("Smith, Jones & Co"), names("Sam, Priya")) == (
        ("Smith, Jones & Co",),
        ("Sam, Priya",),
    )


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """Sam and Priya share task 1 (5 days); Sam also has task 2 the same week, Priya task 3
    the week after."""
    return write_workbook(
        tmp_path / "shared.xlsx",
        {
            "Plan": [
                HEADER,
                [1, "Design", "Sam, Priya", 5, None, MONDAY],
                [2, "Photos", "Sam", 5, None, MONDAY],
                [3, "Launch", "Priya", 1, "1"],
            ],
            "Team": TEAM,
            "Settings": [["Setting", "Value"], ["Status Date", date(2026, 2, 27)]],
        },
    )


def test_a_shared_task_books_both_and_is_in_both_weeks(shared: Path) -> None:
    """Each is booked for task 1 in full (Sam: 10 days in a 5-day week, an overload;
    Priya: 5), has it in their week, and nobody called `Sam, Priya` is counted. Both
    use the Team sheet, so no unknown-owner or unused-team-member note."""
    analysis = pmkit.analyze(pmkit.read_plan(shared))
    workload = analysis.workload
    assert [owner.name for owner in workload.owners] == ["Sam", "Priya"]
    sam, priya = workload.owners
    assert (sam.booked_days[0], priya.booked_days[0]) == (10, 5)
    assert [item.task_id for item in sam.week_tasks] == ["1", "2"]
    assert [item.task_id for item in priya.week_tasks] == ["1"]  # 3 starts after the week
    assert [overload.owner for overload in workload.overloads] == ["Sam"]
    codes = {issue.code for issue in analysis.issues}
    assert Code.UNKNOWN_OWNER not in codes
    assert Code.UNUSED_TEAM_MEMBER not in codes
    [overloaded] = [i for i in analysis.issues if i.code is Code.OVERLOADED_OWNER]
    assert overloaded.message.startswith("Sam is booked 200 %")


def test_a_shared_task_is_in_both_owner_digests(
    shared: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each owner's digest (and its e-mail) lists the shared task; there is no week for
    `Sam, Priya`."""
    night = plan_night(pmkit.analyze(pmkit.read_plan(shared)))
    assert [week.name for week in night.owners] == ["Sam", "Priya"]
    assert night.owner_week("Sam, Priya") is None
    for name in ("Sam", "Priya"):
        week = night.owner_week(name)
        assert week is not None
        assert "1" in {item.task_id for item in week.tasks}
    assert [d.address for d in digests(night, [])] == ["sam@example.com", "priya@example.com"]
    assert main(["digest", str(shared), "--owner", "Priya"]) == 0
    assert "Design" in capsys.readouterr().out


def test_an_action_on_a_shared_task_is_in_both_weeks() -> None:
    """An overdue task owned by `Sam, Priya` is an action for each of them."""
    plan = replace(
        plan_of(
            task("1", 3, owner="Sam, Priya", start_no_earlier_than=MONDAY),
            status=date(2026, 3, 20),
        ),
        team=(TeamMember("Sam"), TeamMember("Priya")),
    )
    analysis = pmkit.analyze(plan)
    night = plan_night(analysis)
    for name in ("Sam", "Priya"):
        week = night.owner_week(name)
        assert week is not None
        assert [action.finding.task_id for action in week.actions] == ["1"]
        assert [a.owner for a in problem_actions(analysis, owner=name)] == ["Sam, Priya"]


def test_a_vendor_with_a_comma_and_no_team_stays_one_name() -> None:
    """`Smith, Jones & Co` without a Team sheet is one owner, apart from `Smith`."""
    plan = plan_of(
        task("1", 3, owner="Smith, Jones & Co", start_no_earlier_than=MONDAY),
        task("2", 2, owner="Smith", start_no_earlier_than=MONDAY),
        status=date(2026, 2, 27),
    )
    workload = pmkit.analyze(plan).workload
    assert [owner.name for owner in workload.owners] == ["Smith, Jones & Co", "Smith"]


def test_a_team_name_with_a_comma_stays_one_name() -> None:
    """A Team sheet listing `Smith, Jones & Co` whole (and `Smith` and `Jones & Co`): the
    cell is that vendor, not the two of them."""
    team = (TeamMember("Smith, Jones & Co"), TeamMember("Smith"), TeamMember("Jones & Co"))
    plan = replace(
        plan_of(
            task("1", 3, owner="Smith, Jones & Co", start_no_earlier_than=MONDAY),
            task("2", 2, owner="Smith", start_no_earlier_than=MONDAY),
            task("3", 2, owner="Jones & Co", start_no_earlier_than=MONDAY),
            status=date(2026, 2, 27),
        ),
        team=team,
    )
    workload = pmkit.analyze(plan).workload
    booked = {owner.name: sum(owner.booked_days) for owner in workload.owners}
    assert booked == {"Smith, Jones & Co": 3, "Smith": 2, "Jones & Co": 2}


def test_the_export_writes_a_resource_per_person_as_pmkit_counts_them(tmp_path: Path) -> None:
    """The export splits by the same rule: `Sam, Priya` (both on the Team sheet) is two
    resources assigned to task 1; a Team name with a comma in it is one resource."""
    team = (TeamMember("Sam"), TeamMember("Priya"), TeamMember("Smith, Jones & Co"))
    plan = replace(
        plan_of(task("1", 3, owner="Sam, Priya"), task("2", 2, "1", owner="Smith, Jones & Co")),
        team=team,
    )
    root = ET.parse(write_mspdi(plan, tmp_path / "plan.xml")).getroot()
    names = [r.findtext(f"{NS}Name") for r in root.iter(f"{NS}Resource")]
    assert names == ["Sam", "Priya", "Smith, Jones & Co"]
    assert len(list(root.iter(f"{NS}Assignment"))) == 3


def test_a_project_files_resources_are_its_team(tmp_path: Path) -> None:
    """A Project file has no Team sheet: the resources assigned to a task are the team,
    with their e-mail and Max Units, so a task assigned to two of them is each one's; a
    resource with a comma in its name shares a task too (`; ` between the names)."""
    team = (
        TeamMember("Sam", "sam@example.com", 0.5),
        TeamMember("Smith, Jones & Co"),
        TeamMember("Pool person"),
    )
    plan = replace(
        plan_of(
            task("1", 3, owner="Sam; Smith, Jones & Co", start_no_earlier_than=MONDAY),
            status=date(2026, 2, 27),
        ),
        team=team,
    )
    path = write_mspdi(plan, tmp_path / "plan.xml", owner_sheets=False)
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "<Name>Sam</Name>",
        "<Name>Sam</Name><EmailAddress>sam@example.com</EmailAddress><MaxUnits>0.5</MaxUnits>",
    )
    pool = "<Resource><UID>9</UID><ID>9</ID><Name>Pool person</Name><Type>1</Type></Resource>"
    path.write_text(text.replace("</Resources>", f"{pool}</Resources>"), encoding="utf-8")
    read = read_mspdi(path)
    assert read.tasks[0].owner == "Sam; Smith, Jones & Co"
    assert read.team == (
        TeamMember("Sam", "sam@example.com", 0.5),
        TeamMember("Smith, Jones & Co"),
    )
    analysis = pmkit.analyze(read)
    assert [(o.name, o.capacity) for o in analysis.workload.owners] == [
        ("Sam", 0.5),
        ("Smith, Jones & Co", 1.0),
    ]
    assert Code.UNUSED_TEAM_MEMBER not in {issue.code for issue in analysis.issues}


def test_an_owner_naming_someone_not_on_the_team_says_who_to_add() -> None:
    """`Sam, Bob` with only Sam on the Team sheet is one unknown name; its note names Bob
    as the one to add for the two to share the task."""
    plan = replace(
        plan_of(task("1", 3, owner="Sam, Bob"), task("2", 3, owner="Sam")),
        team=(TeamMember("Sam"),),
    )
    [unknown] = [i for i in pmkit.analyze(plan).issues if i.code is Code.UNKNOWN_OWNER]
    assert unknown.message == (
        "Owner “Sam, Bob” (task 1) is not on the Team sheet, nor is “Bob”, so pmkit counts "
        "“Sam, Bob” as one person, full time, with no e-mail: to share the task between "
        "them, add “Bob” to the Team sheet"
    )


def test_a_resources_e_mail_that_is_not_one_address_is_a_warning(tmp_path: Path) -> None:
    """pmkit cannot send a week to `sam at example`: a warning at the file says where to
    correct it, and the member has no e-mail."""
    plan = replace(plan_of(task("1", 3, owner="Sam")), team=(TeamMember("Sam"),))
    path = write_mspdi(plan, tmp_path / "plan.xml", owner_sheets=False)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "<Name>Sam</Name>", "<Name>Sam</Name><EmailAddress>sam at example</EmailAddress>"
        ),
        encoding="utf-8",
    )
    read = read_mspdi(path)
    assert read.team == (TeamMember("Sam"),)
    [bad] = [issue for issue in read.issues if issue.code is Code.BAD_VALUE]
    assert (bad.severity.value, str(bad.location)) == ("warning", "plan.xml")
    assert bad.message.startswith("Resource “Sam” has the e-mail address 'sam at example'")
