"""`pmkit import` and `pmkit export` from the command line, and .xml plans in other commands."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import pmkit
from pmkit.cli import main
from pmkit.mspdi import check_structure, read_mspdi, write_mspdi
from pmkit.mspdi.workbook import work_week_text
from pmkit.template.regenerate import TEMPLATES_FOLDER
from tests.builders import plan_of, task
from tests.mspdi.mspdi_text import link as mspdi_link
from tests.mspdi.mspdi_text import project
from tests.mspdi.mspdi_text import task as mspdi_task


@pytest.fixture
def vendor_xml(tmp_path: Path) -> Path:
    """A vendor's Microsoft Project file: two phases, an owner, a holiday."""
    plan = plan_of(
        task("1", 3, phase="Design", owner="Acme Web"),
        task("2", 2, "1", phase="Design"),
        task("3", 4, "2FS+1", phase="Build", budget=2500.0),
        task("4", 0, "3", name="Go live"),
    )
    return write_mspdi(plan, tmp_path / "vendor.xml")


def test_import_writes_an_owner_workbook_with_the_same_plan(
    vendor_xml: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workbook reads back as the same tasks, links, phases and owners as the XML."""
    target = tmp_path / "plan.xlsx"
    assert main(["import", str(vendor_xml), "-o", str(target)]) == 0
    assert "4 tasks in 2 phases" in capsys.readouterr().out
    from_xml = read_mspdi(vendor_xml)
    from_workbook = pmkit.read_plan(target)
    fields = ("id", "name", "phase", "owner", "duration_days", "links", "budget")
    assert [[getattr(t, f) for f in fields] for t in from_workbook.tasks] == [
        [getattr(t, f) for f in fields] for t in from_xml.tasks
    ]
    assert from_workbook.settings.move_unfinished_work is False


@pytest.mark.parametrize(
    ("phases", "said"),
    [
        pytest.param(("Design", "Design"), "2 tasks in 1 phase from", id="one-phase"),
        pytest.param((None, None), "2 tasks from", id="no-phases"),
    ],
)
def test_import_counts_phases_in_plain_words(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    phases: tuple[str | None, str | None],
    said: str,
) -> None:
    """One phase is "1 phase", and a plan without phases says nothing of them."""
    plan = plan_of(task("1", 3, phase=phases[0]), task("2", 2, "1", phase=phases[1]))
    source = write_mspdi(plan, tmp_path / "vendor.xml")
    assert main(["import", str(source), "-o", str(tmp_path / "plan.xlsx")]) == 0
    assert said in capsys.readouterr().out


def test_import_keeps_the_templates_layout(vendor_xml: Path, tmp_path: Path) -> None:
    """The workbook has the template's sheets and an Excel table named Plan."""
    from openpyxl import load_workbook

    target = tmp_path / "plan.xlsx"
    main(["import", str(vendor_xml), "-o", str(target)])
    workbook = load_workbook(target)
    assert {"Instructions", "Plan", "Settings", "Holidays"} <= set(workbook.sheetnames)
    assert "Plan" in workbook["Plan"].tables


def test_import_refuses_to_replace_a_workbook_without_force(
    vendor_xml: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing output is kept (exit 2, one line) unless --force is given."""
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"precious")
    assert main(["import", str(vendor_xml), "-o", str(target)]) == 2
    assert target.read_bytes() == b"precious"
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert main(["import", str(vendor_xml), "-o", str(target), "--force"]) == 0


def test_import_of_a_hostile_file_is_one_clean_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An XML bomb gives exit 2 and one line on stderr, never a traceback."""
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<Project xmlns="http://schemas.microsoft.com/project">&b;</Project>'
    )
    assert main(["import", str(bomb), "-o", str(tmp_path / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "unsafe" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_import_of_a_csv_says_it_is_not_xml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit import plan.csv` says the file is not XML at all and how to get Project's XML
    (it said "not well-formed XML (line 1, column 1)"), and writes nothing."""
    source = tmp_path / "plan.csv"
    source.write_text("ID,Task,Duration\n1,Design,5\n")
    assert main(["import", str(source), "-o", str(tmp_path / "out.xlsx")]) == 2
    assert capsys.readouterr().err.strip() == (
        "pmkit: plan.csv is not XML at all (a CSV or other text?), so not Microsoft Project "
        "XML; in Microsoft Project use File › Save As › XML Format (*.xml)"
    )
    assert not (tmp_path / "out.xlsx").exists()


def test_export_writes_project_xml_that_keeps_ids(
    vendor_xml: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Workbook → XML: valid structure, and reading it gives the workbook's IDs back."""
    workbook = tmp_path / "plan.xlsx"
    main(["import", str(vendor_xml), "-o", str(workbook)])
    target = tmp_path / "back.xml"
    assert main(["export", str(workbook), "-o", str(target), "--status-date", "2026-03-02"]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert check_structure(ET.parse(target).getroot()) == []
    again = read_mspdi(target)
    assert [t.id for t in again.tasks] == ["1", "2", "3", "4"]
    assert str(again.settings.status_date) == "2026-03-02"


def test_export_refuses_to_replace_a_file_without_force(vendor_xml: Path, tmp_path: Path) -> None:
    """An existing XML is not overwritten unless --force is given."""
    target = tmp_path / "out.xml"
    target.write_text("keep me")
    assert main(["export", str(vendor_xml), "-o", str(target)]) == 2
    assert target.read_text() == "keep me"
    assert main(["export", str(vendor_xml), "-o", str(target), "--force"]) == 0


def test_export_of_a_plan_with_errors_still_writes_and_exits_1(tmp_path: Path) -> None:
    """A plan with an unknown predecessor is exported (the link left out) with exit status 1."""
    xml = write_mspdi(plan_of("A:1", "B:1<A"), tmp_path / "in.xml")
    broken = xml.read_text().replace(
        "<PredecessorUID>1</PredecessorUID>", "<PredecessorUID>9</PredecessorUID>"
    )
    xml.write_text(broken)
    assert main(["export", str(xml), "-o", str(tmp_path / "out.xml")]) == 1
    assert (tmp_path / "out.xml").exists()


def test_other_commands_accept_project_xml(
    vendor_xml: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit schedule plan.xml --format json` schedules the Microsoft Project file."""
    assert (
        main(["schedule", str(vendor_xml), "--format", "json", "--status-date", "2026-03-02"]) == 0
    )
    document = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in document["tasks"]] == ["1", "2", "3", "4"]
    assert document["tasks"][3]["early_finish"] == "2026-03-13"


@pytest.mark.parametrize(
    ("days", "text"),
    [
        pytest.param({0, 1, 2, 3, 4}, "Mon-Fri", id="mon-fri"),
        pytest.param({6, 0, 1, 2, 3}, "Sun-Thu", id="wraps-sunday"),
        pytest.param({0, 2, 4}, "Mon,Wed,Fri", id="list"),
        pytest.param({5}, "Sat", id="one-day"),
        pytest.param(set(range(7)), "Mon-Sun", id="every-day"),
    ],
)
def test_work_week_text(days: set[int], text: str) -> None:
    """Work weeks are written the way the Settings sheet reads them."""
    assert work_week_text(frozenset(days)) == text


def test_export_says_which_owner_sheets_it_carries_and_can_leave_them_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample's Changes, Risks, Charter, Team and Baseline travel in the project's
    notes (so an import gives them back), and the export says so, naming the e-mail
    addresses; --without-owner-sheets writes a file with none of them, and an import of
    it has no risks or change requests, and of the team only the resources' names."""
    sample = TEMPLATES_FOLDER / "sample-plan.xlsx"
    full, bare = tmp_path / "full.xml", tmp_path / "bare.xml"
    main(["export", str(sample), "-o", str(full)])
    said = capsys.readouterr().out
    assert (
        "It also carries your Changes, Risks, Charter, Team (e-mail addresses included) and "
        "Baseline sheets in the project's notes"
    ) in said
    main(["export", str(sample), "-o", str(bare), "--without-owner-sheets"])
    assert "carries" not in capsys.readouterr().out
    assert "@example.com" in full.read_text(encoding="utf-8")
    assert "@example.com" not in bare.read_text(encoding="utf-8")
    kept, left = read_mspdi(full), read_mspdi(bare)
    assert (len(kept.risks), len(kept.team), len(kept.changes)) != (0, 0, 0)
    assert (left.risks, left.changes, left.charter) == ((), (), ())
    # of the team, only what any Project file shows: the resources assigned to a task
    assert [member.email for member in left.team] == [None] * len(left.team)
    people = kept.owner_names()
    assert [member.key for member in left.team] == list(
        dict.fromkeys(key for task in kept.tasks for key in people.keys(task.owner))
    )


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        pytest.param(
            ["import", "{sample}"],
            "sample-plan.xlsx is an Excel workbook, already a plan: every pmkit command "
            "reads it as it is, no import needed",
            id="import-a-workbook",
        ),
        pytest.param(
            ["export", "{sample}", "-o", "{tmp}/no folder/out.xml"],
            "{tmp}/no folder/out.xml could not be written: No such file or directory",
            id="export-to-a-missing-folder",
        ),
        pytest.param(
            ["export", "{sample}", "-o", "{tmp}/out.xlsx"],
            "out.xlsx: Microsoft Project XML goes in an .xml file",
            id="export-to-a-workbook-name",
        ),
    ],
)
def test_project_commands_refuse_in_an_owners_words(
    argv: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2, one line that says what is wrong (the path as typed), nothing written."""
    sample = TEMPLATES_FOLDER / "sample-plan.xlsx"
    filled = [arg.format(sample=sample, tmp=tmp_path) for arg in argv]
    assert main(filled) == 2
    assert said.format(tmp=tmp_path) in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_import_says_when_pmkits_record_was_removed_from_the_notes(tmp_path: Path) -> None:
    """Exported by pmkit, the notes removed in Project: the import warns that the owner's
    sheets cannot come back. Left out on purpose (--without-owner-sheets), or a plan with
    none of them: no warning."""
    full, bare = tmp_path / "full.xml", tmp_path / "bare.xml"
    sample = TEMPLATES_FOLDER / "sample-plan.xlsx"
    main(["export", str(sample), "-o", str(full)])
    main(["export", str(sample), "-o", str(bare), "--without-owner-sheets"])
    text = full.read_text(encoding="utf-8")
    start = text.index("<Notes>pmkit keeps")
    stripped = tmp_path / "stripped.xml"
    stripped.write_text(text[:start] + text[text.index("</Notes>", start) + 8 :], "utf-8")
    lost = "its project notes no longer hold pmkit's record of the plan's Changes, Risks"

    def warned(path: Path) -> bool:
        return any(lost in issue.message for issue in read_mspdi(path).issues)

    assert warned(stripped)
    assert not warned(full)
    assert not warned(bare)
    empty = tmp_path / "empty.xml"
    write_mspdi(plan_of(task("1", 2)), empty)
    assert not warned(empty)


def _without_custom_fields(path: Path, target: Path, *, keep_ids: bool) -> Path:
    """`path` as a program that drops custom fields saves it; `keep_ids`: it keeps the
    "pmkit ID" field (its definition and values), drops the others."""
    root = ET.parse(path).getroot()
    namespace = root.tag.partition("}")[0] + "}"
    definitions = root.find(f"{namespace}ExtendedAttributes")
    assert definitions is not None
    id_field = next(
        d.findtext(f"{namespace}FieldID")
        for d in definitions
        if d.findtext(f"{namespace}Alias") == "pmkit ID"
    )
    for parent in [definitions, *root.iter(f"{namespace}Task")]:
        for element in parent.findall(f"{namespace}ExtendedAttribute"):
            if not keep_ids or element.findtext(f"{namespace}FieldID") != id_field:
                parent.remove(element)
    ET.ElementTree(root).write(target, encoding="utf-8", xml_declaration=True)
    assert "pmkit Settings" not in target.read_text(encoding="utf-8")
    return target


def test_an_import_says_when_pmkits_custom_fields_were_removed(tmp_path: Path) -> None:
    """Exported by pmkit, then saved by a program that drops custom fields: the notes still
    bring the owner's sheets back, one warning says the settings are back to their
    defaults, and each task whose dates move names that as the likely reason. With the
    pmkit IDs gone too, the Baseline sheet (by the owner's IDs) is not brought back onto
    tasks that now carry Project's IDs, and a warning says so."""
    full = tmp_path / "full.xml"
    main(["export", str(TEMPLATES_FOLDER / "sample-plan.xlsx"), "-o", str(full)])
    exported = read_mspdi(full)
    kept = read_mspdi(_without_custom_fields(full, tmp_path / "kept.xml", keep_ids=True))
    bare = read_mspdi(_without_custom_fields(full, tmp_path / "bare.xml", keep_ids=False))

    def said(plan: pmkit.Plan, words: str) -> list[str]:
        return [issue.message for issue in plan.issues if words in issue.message]

    for plan in (kept, bare):
        assert (len(plan.changes), len(plan.risks), len(plan.team)) == (
            len(exported.changes),
            len(exported.risks),
            len(exported.team),
        )
        lost = said(plan, "its custom fields")
        assert len(lost) == 1
        assert "Move Unfinished Work Past Status Date" in lost[0]
        moved = [i.message for i in plan.issues if i.code.value == "differs-from-project"]
        assert moved
        assert all("pmkit's settings were removed from this file" in text for text in moved)
    assert kept.baseline == exported.baseline
    assert not said(kept, "no longer carry their pmkit ID")
    assert len(said(bare, "no longer carry their pmkit ID")) == 1
    assert bare.baseline is not None
    assert bare.baseline.set_on is None  # Project's baseline 0, by the tasks' new IDs
    assert {t.id for t in bare.baseline.tasks} <= {t.id for t in bare.tasks}
    assert not said(exported, "its custom fields") + said(exported, "pmkit ID")


def test_a_project_files_findings_say_each_task_once_by_the_one_label(tmp_path: Path) -> None:
    """Findings about a Project file's tasks name them as every finding does (`Task 1 “Pour
    slab”`, `model.task_label`), never `Task 1 (Pour slab)`; so a grouped headline and a
    This week action say each task once (they said `Task 1 “Pour slab”: Task 1 (Pour
    slab) has …` and `Fix task 1 “Pour slab”: Task 1 (Pour slab) has …`)."""
    xml = tmp_path / "vendor.xml"
    xml.write_text(
        project(
            mspdi_task(11, "Pour slab", task_id=1, links=mspdi_link(99)),
            mspdi_task(12, "Frame walls", "PT-8H0M0S", task_id=2),
            mspdi_task(13, "Roof", "PT20H0M0S", task_id=3),
        ),
        encoding="utf-8",
    )
    analysis = pmkit.analyze(pmkit.read_plan(xml))
    messages = [cell.message for issue in analysis.issues for cell in issue.cells()]
    unknown = (
        "has a predecessor with UID 99, which is not a task in this file; the link was left out"
    )
    bad = "has the duration 'PT-8H0M0S', which is not one Microsoft Project writes (like PT16H0M0S)"
    assert f"Task 1 “Pour slab” {unknown}" in messages
    assert f"Task 2 “Frame walls” {bad}" in messages
    assert "Task 3 “Roof” lasts 2.5 days, rounded up to 3 whole working days" in messages
    headlines = [issue.message for issue in analysis.issues]
    actions = [action.what for action in analysis.this_week]
    assert f"Fix task 1 “Pour slab”: it {unknown}" in actions
    for text in [*messages, *headlines, *actions]:
        assert "(Pour slab)" not in text
        for name in ("Pour slab", "Frame walls", "Roof"):
            assert text.count(name) <= 1, text


def test_findings_about_a_project_file_name_its_tasks_as_project_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every finding about a task of a Project file — from the reader (an unknown predecessor
    UID, a bad duration) or the engine (a loop, an actual finish before the start, no owner)
    — names the task by its ID, its name, its UID where it differs and the file, as the
    owner finds it in Project; none points at `Tasks!2:2`, a sheet the owner does not have.
    `pmkit import`, `pmkit validate` and the JSON say it the same way."""
    done = (
        "<ActualStart>2026-03-10T08:00:00</ActualStart>"
        "<ActualFinish>2026-03-05T17:00:00</ActualFinish><PercentComplete>100</PercentComplete>"
    )
    xml = tmp_path / "vendor.xml"
    xml.write_text(
        project(
            mspdi_task(11, "Pour slab", task_id=1, links=mspdi_link(99)),
            mspdi_task(12, "Frame walls", "PT-8H0M0S", task_id=2),
            mspdi_task(13, "Roof", task_id=3, links=mspdi_link(14)),
            mspdi_task(14, "Gutters", task_id=4, links=mspdi_link(13)),
            mspdi_task(15, "Paint", task_id=5, extra=done),
        ),
        encoding="utf-8",
    )
    places = {
        "1": "task 1 “Pour slab” (UID 11) in vendor.xml",
        "2": "task 2 “Frame walls” (UID 12) in vendor.xml",
        "3": "task 3 “Roof” (UID 13) in vendor.xml",
        "4": "task 4 “Gutters” (UID 14) in vendor.xml",
        "5": "task 5 “Paint” (UID 15) in vendor.xml",
    }
    analysis = pmkit.analyze(pmkit.read_plan(xml))
    found = analysis.cell_issues()
    assert {i.code.value for i in found if i.task_id} >= {
        "unknown-predecessor",
        "bad-duration",
        "dependency-cycle",
        "actual-finish-before-start",
        "ownerless-task",
    }
    for issue in found:
        assert issue.location is not None
        if issue.task_id:
            assert str(issue.location) == places[issue.task_id], issue
        else:
            assert str(issue.location) in {"vendor.xml", "Charter"}, issue
    unknown = analysis.summary.forecast_unknown
    assert unknown is not None
    assert "Tasks!" not in unknown
    assert places["2"] in unknown
    assert all(
        action.where is None or "Tasks!" not in str(action.where) for action in analysis.this_week
    )
    capsys.readouterr()
    assert main(["import", str(xml), "-o", str(tmp_path / "plan.xlsx")]) == 1
    said = capsys.readouterr().err
    assert f"error: {places['2']}: " in said
    assert "Tasks!" not in said
    main(["validate", str(xml)])
    assert "Tasks!" not in capsys.readouterr().out
    main(["schedule", str(xml), "--format", "json"])
    issues = json.loads(capsys.readouterr().out)["issues"]
    loop = next(i for i in issues if i["code"] == "dependency-cycle")
    assert (loop["sheet"], loop["cell"], loop["place"]) == ("vendor.xml", None, places["3"])


def test_baseline_of_a_project_file_says_to_import_it_first(
    vendor_xml: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A baseline is set in a workbook: refused (exit 2, one line), with the commands that
    get there, and the Project file is left as it was."""
    before = vendor_xml.read_bytes()
    assert main(["baseline", str(vendor_xml)]) == 2
    name, stem = vendor_xml.name, vendor_xml.stem
    assert capsys.readouterr().err == (
        f"pmkit: {name} is a Microsoft Project file, and a baseline is set in a plan "
        f"workbook: run pmkit import {name} -o {stem}.xlsx, then pmkit baseline {stem}.xlsx\n"
    )
    assert vendor_xml.read_bytes() == before


def test_the_digest_of_a_project_file_names_it_as_one(
    vendor_xml: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit digest vendor.xml` says where the plan is as it is: a Project file, not a workbook."""
    main(["digest", str(vendor_xml)])
    text = capsys.readouterr().out
    assert f"The plan: the Microsoft Project file {vendor_xml.name}." in text
    assert "a preview reads one plan," in text


@pytest.mark.parametrize(
    "suffix", [pytest.param(".txt", id="text"), pytest.param(".html", id="html")]
)
def test_an_owners_week_of_a_project_file_names_each_task_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """Ann's week of a Project file: each task is named by its place in the file, once — it
    read "(task 1, task 1 “Design” in vendor.xml)"."""
    plan = plan_of(
        task("1", 3, name="Design", owner="Ann"), task("2", 2, "1", name="Build", owner="Ann")
    )
    xml = write_mspdi(plan, tmp_path / "vendor.xml")
    out = tmp_path / f"week{suffix}"
    main(["digest", str(xml), "--owner", "Ann", "--status-date", "2026-03-02", "-o", str(out)])
    capsys.readouterr()
    text = " ".join(out.read_text(encoding="utf-8").split())  # the text part wraps its lines
    assert "task 1 “Design” in vendor.xml" in text
    assert "task 1, task 1" not in text
