"""The Workload sheet: the heat map of each owner's weeks, then each owner's week; written
"when tasks have owners", and refreshed (never left stale) when they no longer do."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.model import Plan, TeamMember
from pmkit.outputs import CellKind, OutputSheet, Role, Tone, build_workload_sheet, sheets_to_write
from pmkit.outputs.cells import Cell
from pmkit.outputs.palette import load_tone
from pmkit.outputs.workload import MAX_WEEKS, WORKLOAD_FIRST
from pmkit.template.regenerate import write_sample
from tests.builders import plan_of, task

STATUS = date(2026, 2, 27)  # the Friday before the plans start (Mon 2 Mar)


@pytest.fixture(scope="module")
def sample_sheet(tmp_path_factory: pytest.TempPathFactory) -> OutputSheet:
    path = write_sample(tmp_path_factory.mktemp("sample") / "sample.xlsx")
    return build_workload_sheet(pmkit.analyze(pmkit.read_plan(path)))


def _row(sheet: OutputSheet, first: object) -> list[object]:
    return next([c.value for c in r.cells] for r in sheet.body() if r.cells[0].value == first)


def test_one_row_per_owner_one_column_per_week(sample_sheet: OutputSheet) -> None:
    """The sample: the Team's seven names in its order, capacities, Mondays from the
    status week (30 Mar) to the last booked one (15 Jun)."""
    header = sample_sheet.rows[sample_sheet.header_row - 1].cells  # type: ignore[operator]
    assert [c.value for c in header[:2]] == ["Owner", "Capacity"]
    assert (header[2].value, header[-1].value) == (date(2026, 3, 30), date(2026, 6, 15))
    owners = [r.cells[0].value for r in sample_sheet.body() if r.role is Role.BODY][:7]
    assert owners == [
        "Maria Lopez",
        "Sam Patel",
        "Priya Shah",
        "Tom Reed",
        "Brightline Web",
        "PayPort",
        "Lumen Studio",
    ]
    assert _row(sample_sheet, "Sam Patel")[:5] == [
        "Sam Patel",
        0.5,
        pytest.approx(4 / 3),
        None,
        None,
    ]
    assert sample_sheet.rows[0].cells[0].value.startswith(WORKLOAD_FIRST)  # type: ignore[union-attr]


def test_the_load_is_a_heat_map_on_the_palettes_scale(sample_sheet: OutputSheet) -> None:
    """Priya's 167 % week is red, Brightline's 113 % amber, a full 100 % week green, a
    light one pale blue; an empty week has no colour."""
    priya = next(r for r in sample_sheet.body() if r.cells[0].value == "Priya Shah")
    agency = next(r for r in sample_sheet.body() if r.cells[0].value == "Brightline Web")
    assert [(c.kind, c.tone) for c in priya.cells[2:4]] == [
        (CellKind.PERCENT, Tone.GREEN),
        (CellKind.PERCENT, Tone.RED),
    ]
    assert agency.cells[5].tone is Tone.AMBER
    assert agency.cells[2].tone is Tone.INFO
    # on the shown percent (one decimal): 100.0 % is full, 100.1 % is over
    shown = (0, 0.1, 79.9, 80, 100, 100.1, 150, 150.1, None)
    assert [load_tone(p) for p in shown] == [
        None, Tone.INFO, Tone.INFO, Tone.GREEN, Tone.GREEN, Tone.AMBER, Tone.AMBER,
        Tone.RED, Tone.RED,
    ]  # fmt: skip


def test_each_owners_week_follows_the_heat_map(sample_sheet: OutputSheet) -> None:
    """Under a heading with the five working days, one row per task (linked to its row),
    overdue first; an owner with nothing says so."""
    values = [[c.value for c in r.cells] for r in sample_sheet.rows]
    heading = next(i for i, r in enumerate(sample_sheet.rows) if r.role is Role.HEADING)
    assert values[heading] == [
        "Each owner's week, Wed 1 Apr 2026 to Tue 7 Apr 2026: what to finish or work on, "
        "overdue first"
    ]
    listed = values[heading + 1 :]
    assert listed[0] == ["Maria Lopez", None, "Nothing to finish or work on in these days."]
    assert listed[1] == [
        "Sam Patel",
        "30",
        "Overdue: Test plan and test accounts — was due Tue 24 Mar 2026, 25 % done",
    ]
    assert listed[4][1:] == [
        "15",
        "Work on: Build product catalogue and search — finishes Tue 21 Apr 2026, critical",
    ]
    link = sample_sheet.rows[heading + 2].cells[1].link
    assert str(link) == "Plan!D30"  # task 30 (task 26 was removed: no row of its own)


def test_weeks_are_capped_and_the_sheet_says_so() -> None:
    """A plan a year long shows half a year of weeks, and a note on what is left out."""
    long_plan = plan_of(task("A", 260, owner="Sam"), status=STATUS, forecast=True)
    sheet = build_workload_sheet(pmkit.analyze(long_plan))
    assert len(sheet.widths) == 2 + MAX_WEEKS
    notes = [r.cells[0].value for r in sheet.rows if r.role is Role.NOTE]
    assert any(str(note).startswith(f"Showing {MAX_WEEKS} weeks") for note in notes)


def test_owners_missing_from_the_team_sheet_are_counted_full_time_in_grey() -> None:
    """An Owner not on a non-empty Team sheet: capacity 100 %, muted, and a note why."""
    plan = replace(
        plan_of(task("A", 2, owner="Dana"), task("B", 2, owner="Sam"), status=STATUS),
        team=(TeamMember("Sam", capacity=0.5),),
    )
    sheet = build_workload_sheet(pmkit.analyze(plan))
    dana = next(r for r in sheet.body() if r.cells[0].value == "Dana")
    assert (dana.cells[1].value, dana.cells[1].tone) == (1.0, Tone.MUTED)
    notes = [r.cells[0].value for r in sheet.rows if r.role is Role.NOTE]
    assert "Capacity in grey: not on the Team sheet, so counted full time." in notes


def test_loads_that_miss_work_read_at_least_as_on_the_people_sheet() -> None:
    """Sam owns a task that cannot be scheduled (no Duration), Ann owns only such a task,
    Bo's work is all counted: Sam's loads read `≥` (the People sheet's number format), Ann's
    weeks `≥ 0.0%` — nothing counted is not free time — where both were plain or blank
    beside a note; Bo's stay plain; a note says what `≥` means."""
    plan = plan_of(
        task("A", 3, owner="Sam"),
        task("B", None, owner="Sam"),
        task("C", None, owner="Ann"),
        task("D", 8, owner="Bo"),
        status=STATUS,
    )
    sheet = build_workload_sheet(pmkit.analyze(plan))
    rows: dict[object, tuple[Cell, ...]] = {}
    for row in sheet.body():  # the heat map's row, before the owner's week's
        rows.setdefault(row.cells[0].value, row.cells)
    sam, ann, bo = rows["Sam"], rows["Ann"], rows["Bo"]
    assert [(c.value, c.kind) for c in sam[2:4]] == [
        (pytest.approx(0.6), CellKind.AT_LEAST_PERCENT),
        (0.0, CellKind.AT_LEAST_PERCENT),
    ]
    assert [(c.value, c.kind) for c in ann[2:4]] == [(0.0, CellKind.AT_LEAST_PERCENT)] * 2
    assert [c.kind for c in bo[2:4]] == [CellKind.PERCENT] * 2
    notes = [r.cells[0].value for r in sheet.rows if r.role is Role.NOTE]
    assert (
        "≥ 80.0%: at least 80 % — they own work that cannot be scheduled yet, and it is "
        "not counted; ≥ 0.0%: none of the work counted falls that week, which is not free "
        "time."
    ) in notes


# -- written when tasks have owners, never stale -----------------------------------------------


def _no_owners(plan: Plan) -> Plan:
    return replace(plan, tasks=tuple(replace(t, owner=None) for t in plan.tasks))


def test_a_plan_without_owners_gets_a_refresh_only_sheet() -> None:
    """No owner anywhere: the sheet says how to get one, and only refreshes an old one."""
    sheet = build_workload_sheet(pmkit.analyze(plan_of("A:2", status=STATUS)))
    assert sheet.refresh_only
    assert str(sheet.rows[0].cells[0].value).startswith("No task has an owner yet")
    assert sheets_to_write([sheet], ours=set()) == []
    assert sheets_to_write([sheet], ours={"workload"}) == [sheet]


def _workbook_without_owners(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    for row in (["ID", "Task", "Owner", "Duration"], [1, "Audit", "Sam", 3], [2, "Build", "", 2]):
        sheet.append(row)
    path = tmp_path / "plan.xlsx"
    book.save(path)
    return path


def test_the_report_writes_workload_when_tasks_have_owners_and_refreshes_it_after(
    tmp_path: Path,
) -> None:
    """--in-place with an owner: a Workload sheet. The owner removed, the next run
    rewrites it to say no task has an owner (no stale loads); a plan that never had
    owners never gets one."""
    path = _workbook_without_owners(tmp_path)
    assert main(["report", str(path), "--in-place"]) in (0, 1)
    assert openpyxl.load_workbook(path)["Workload"]["A1"].value.startswith(WORKLOAD_FIRST)
    book = openpyxl.load_workbook(path)
    book["Plan"]["C2"] = None
    book.save(path)
    assert main(["report", str(path), "--in-place"]) in (0, 1)
    after = openpyxl.load_workbook(path)["Workload"]
    assert after["A1"].value.startswith("No task has an owner yet")
    assert after.max_row == 1
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    never = _workbook_without_owners(fresh)
    book = openpyxl.load_workbook(never)
    book["Plan"]["C2"] = None
    book.save(never)
    assert main(["report", str(never), "--in-place"]) in (0, 1)
    assert "Workload" not in openpyxl.load_workbook(never).sheetnames
