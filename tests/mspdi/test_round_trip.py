"""`pmkit export` then `pmkit import` gives the same answer: schedule, status and findings.

What Microsoft Project has no field for (a task's Status, Last Update and Change Request;
pmkit's own settings; the Changes, Risks, Charter and Baseline sheets) travels in custom
fields and the project's notes (`pmkit.mspdi.pmkit_fields`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.model import BaselineSnapshot, BaselineTask
from pmkit.mspdi import check_structure, read_mspdi, write_mspdi
from pmkit.mspdi.document import NAMESPACE
from pmkit.template.regenerate import write_sample
from tests.builders import plan_of, task
from tests.truth_support import TASK_15_DURATION, broken_sample

_NS = {"p": NAMESPACE}


def _schedule_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["schedule", str(path), "--format", "json"]) in (0, 1)
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


@pytest.fixture
def sample_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """The sample plan, exported to Project XML and imported back into a workbook."""
    sample = write_sample(tmp_path / "sample.xlsx")
    assert main(["export", str(sample), "-o", str(tmp_path / "sample.xml")]) in (0, 1)
    assert main(["import", str(tmp_path / "sample.xml"), "-o", str(tmp_path / "back.xlsx")]) in (
        0,
        1,
    )
    capsys.readouterr()
    return sample, tmp_path / "back.xlsx"


def test_export_then_import_gives_the_same_schedule_status_and_findings(
    sample_round_trip: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit schedule --format json` of the sample and of its round trip are identical:
    every task field, the project's slip, finish and status, every finding at its cell."""
    sample, back = sample_round_trip
    before = _schedule_json(sample, capsys)
    after = _schedule_json(back, capsys)
    assert after["tasks"] == before["tasks"]
    assert after["project"] == before["project"]
    assert after["issues"] == before["issues"]


def test_project_xml_written_by_pmkit_schedules_like_the_workbook(
    sample_round_trip: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scheduling the exported XML itself gives the workbook's tasks and project figures
    (its findings point at Project's task rows instead of Plan cells)."""
    sample, _ = sample_round_trip
    before = _schedule_json(sample, capsys)
    from_xml = _schedule_json(tmp_path / "sample.xml", capsys)
    assert from_xml["tasks"] == before["tasks"]
    assert _without_where(from_xml["project"]) == _without_where(before["project"])
    assert sorted((i["code"], i["task"], i["message"]) for i in from_xml["issues"]) == sorted(
        (i["code"], i["task"], i["message"]) for i in before["issues"]
    )


def test_what_project_has_no_field_for_comes_back(
    sample_round_trip: tuple[Path, Path],
) -> None:
    """Status, Last Update, Change Request, the settings, Changes, Risks, Charter, the
    Baseline sheet (with the task removed since) and the owner's own holidays."""
    sample, back = (pmkit.read_plan(path) for path in sample_round_trip)
    fields = ("status", "last_update", "change_request")
    assert [[getattr(t, f) for f in fields] for t in back.tasks] == [
        [getattr(t, f) for f in fields] for t in sample.tasks
    ]
    assert back.settings == sample.settings
    assert back.changes == sample.changes
    assert back.risks == sample.risks
    assert back.charter == sample.charter
    assert back.baseline == sample.baseline
    assert sorted(h.day for h in back.holidays) == sorted(h.day for h in sample.holidays)
    own = [(h.day, h.name) for h in sample.holidays if h.location is not None]
    assert [(h.day, h.name) for h in back.holidays if h.location is not None] == own


def test_the_exported_file_keeps_microsoft_projects_element_order(
    sample_round_trip: tuple[Path, Path], tmp_path: Path
) -> None:
    """The custom fields and the project notes sit where the MSPDI schema wants them."""
    root = ET.parse(tmp_path / "sample.xml").getroot()
    assert check_structure(root) == []
    aliases = [
        e.text for e in root.findall("p:ExtendedAttributes/p:ExtendedAttribute/p:Alias", _NS)
    ]
    assert aliases == [
        "pmkit ID",
        "pmkit Status",
        "pmkit Change Request",
        "pmkit Last Update",
        "pmkit Settings",
    ]
    summary = root.find("p:Tasks/p:Task", _NS)
    assert summary is not None
    notes = summary.findtext("p:Notes", namespaces=_NS) or ""
    assert notes.startswith("pmkit keeps this plan's change requests")


def test_a_baseline_number_and_removed_task_travel(tmp_path: Path) -> None:
    """Baseline 2, set on a date, holding a task since removed, comes back whole."""
    plan = plan_of(task("1", 3), task("2", 2, "1"))
    snapshot = BaselineSnapshot(
        date(2026, 2, 2),
        (
            BaselineTask("1", "Task 1", 3, date(2026, 3, 2), date(2026, 3, 4), None, 5),
            BaselineTask("9", "Dropped", 1, date(2026, 3, 5), date(2026, 3, 5), 200.0, 6),
        ),
        number=2,
    )
    plan = replace(plan, baseline=snapshot)
    xml = write_mspdi(plan, tmp_path / "plan.xml")
    assert _frozen(read_mspdi(xml).baseline) == _frozen(snapshot)
    assert main(["import", str(xml), "-o", str(tmp_path / "plan.xlsx")]) == 0
    back = pmkit.read_plan(tmp_path / "plan.xlsx").baseline
    assert back is not None
    assert (back.set_on, back.number) == (date(2026, 2, 2), 2)
    assert [(t.id, t.name, t.cost) for t in back.tasks] == [
        ("1", "Task 1", None),
        ("9", "Dropped", 200.0),
    ]


def _frozen(baseline: BaselineSnapshot | None) -> tuple[object, ...]:
    """A baseline's date, number and tasks, without the sheet rows they were read from."""
    assert baseline is not None
    tasks = [(t.id, t.name, t.duration_days, t.start, t.finish, t.cost) for t in baseline.tasks]
    return baseline.set_on, baseline.number, tasks


def test_pmkit_notes_changed_in_project_are_a_warning_and_the_rest_is_read(
    sample_round_trip: tuple[Path, Path], tmp_path: Path
) -> None:
    """A broken pmkit block in the project notes costs only those sheets, with a warning."""
    xml = tmp_path / "sample.xml"
    text = xml.read_text(encoding="utf-8")
    xml.write_text(text.replace('"CR ID"', '"CR ID', 1), encoding="utf-8")
    plan = read_mspdi(xml)
    assert plan.changes == ()
    assert any("cannot be read" in issue.message for issue in plan.issues)
    assert len(plan.tasks) == len(pmkit.read_plan(sample_round_trip[0]).tasks)


def test_a_file_from_microsoft_project_keeps_pure_logic(tmp_path: Path) -> None:
    """Without pmkit's settings field (a vendor's own file), Move Unfinished Work is No."""
    xml = write_mspdi(plan_of(task("1", 3), forecast=True), tmp_path / "plan.xml")
    assert read_mspdi(xml).settings.move_unfinished_work is True
    root = ET.parse(xml).getroot()
    definitions = root.find("p:ExtendedAttributes", _NS)
    assert definitions is not None
    for definition in list(definitions)[1:]:
        definitions.remove(definition)
    ET.ElementTree(root).write(xml, encoding="utf-8", xml_declaration=True)
    assert read_mspdi(xml).settings.move_unfinished_work is False


def _without_where(project: dict[str, Any]) -> dict[str, Any]:
    """The project's figures, with each This week action's cell left out (an action on
    the XML points at Project's task row, on the workbook at the Plan cell)."""
    week = [{k: v for k, v in action.items() if k != "where"} for action in project["this_week"]]
    return {**project, "this_week": week}


def test_a_finding_in_an_exported_file_names_the_task_by_the_owners_id_and_projects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample exported with task 15's Duration unreadable: read back from the XML, the
    finding is about the owner's task 15, which Project shows on row 18 (its phases are
    summary rows). It said "task 18 “Build product catalogue and search” in broken.xml"
    beside "Task 15 …", as if they were two tasks."""
    source = broken_sample(tmp_path, {TASK_15_DURATION: "two weeks"})
    assert main(["export", str(source), "-o", str(tmp_path / "broken.xml")]) == 1
    capsys.readouterr()
    plan = read_mspdi(tmp_path / "broken.xml")
    found = {i.code.value: i for i in pmkit.analyze(plan).cell_issues()}
    assert found["bad-duration"].task_id == "15"
    assert str(found["bad-duration"].location) == (
        "task 15 “Build product catalogue and search” (ID 18 in Project) in broken.xml"
    )
    # and a finding of the analysis, placed through the plan's record of the file
    assert str(found["stalled-task"].location) == (
        "task 24 “Product photography (240 items)” (ID 28 in Project) in broken.xml"
    )


def test_a_plan_with_a_blank_status_date_reads_back_without_differences(
    tmp_path: Path,
) -> None:
    """A blank Status Date means today, for the export and for the read's check of the
    dates Project stored: unfinished work moved past today is not a difference."""
    plan = plan_of(
        task("A", 10, percent_complete=0.2, actual_start=date(2026, 3, 2)),
        task("B", 3, "A"),
        forecast=True,
    )
    assert plan.settings.status_date is None
    path = write_mspdi(plan, tmp_path / "plan.xml")
    back = read_mspdi(path)
    assert [i.message for i in back.issues if i.code.value == "differs-from-project"] == []
