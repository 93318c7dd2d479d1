"""Nothing the owner wrote is lost, on every command that writes a workbook: each case ends
with every owner cell still holding its value (read back with openpyxl), or with a refusal
(exit 2; a failed or skipped plan in the nightly sync) and the file byte-identical."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import pmkit.files
import pmkit.report.writing
from pmkit.files import backup_path
from pmkit.reading.safety import check_workbook
from pmkit.report import OUTPUT_NAMES
from tests.entry_points import (
    COPY_WRITERS,
    EXCEL_IN_PLACE,
    FOLDER_SYNC,
    IN_PLACE_WRITERS,
    REPORT_IN_PLACE,
    WRITERS,
    EntryPoint,
    params,
)
from tests.owner_workbook import build_owner_workbook

OUTPUTS = set(OUTPUT_NAMES)
OWNER_EDIT = "saved in Excel while pmkit ran"


def owner_cells(path: Path) -> dict[tuple[str, str], object]:
    """Every cell holding something on a sheet pmkit does not write, by sheet and cell."""
    book = openpyxl.load_workbook(path)
    return {
        (ws.title, cell.coordinate): cell.value
        for ws in book.worksheets
        if ws.title not in OUTPUTS and not ws.title.startswith("Baseline")
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }


def assert_kept(before: dict[tuple[str, str], object], path: Path) -> None:
    after = owner_cells(path)
    lost = {key: value for key, value in before.items() if after.get(key) != value}
    assert not lost, f"owner cells changed or lost: {lost}"


def temporaries(*folders: Path) -> list[str]:
    return [name for folder in folders for name in os.listdir(folder) if name.startswith(".~")]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """The owner's plan, alone in its folder (the nightly sync reads the whole folder)."""
    folder = tmp_path / "plans"
    folder.mkdir()
    return build_owner_workbook(folder / "plan", frozenset())


def _edit(path: Path, **cells: str | float | None) -> None:
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        sheet, _, cell = ref.partition("_")
        book[sheet.replace("-", " ")][cell] = value
    book.save(path)


# -- the owner's sheets under pmkit's names ------------------------------------------------

SQUATTED = [
    pytest.param(REPORT_IN_PLACE, "Summary", id="report-Summary"),
    pytest.param(REPORT_IN_PLACE, "Gantt", id="report-Gantt"),
    pytest.param(FOLDER_SYNC, "Summary", id="sync-Summary"),
    pytest.param(FOLDER_SYNC, "History", id="sync-History"),
    pytest.param(EXCEL_IN_PLACE, "Dashboard", id="excel-Dashboard"),
    pytest.param(EXCEL_IN_PLACE, "xlwings.conf", id="excel-xlwings.conf"),
]


@pytest.mark.parametrize(("point", "name"), SQUATTED)
def test_an_owners_sheet_under_an_output_name_is_never_replaced(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint, name: str
) -> None:
    """The owner's own Summary, History, Dashboard… makes every writer refuse, naming it;
    run twice (the sync's second night), it is still there, byte for byte."""
    book = openpyxl.load_workbook(plan)
    book.create_sheet(name)["A1"] = "Board summary"
    book.save(plan)
    original = plan.read_bytes()
    for _night in range(2):
        outcome = point.run(plan, tmp_path, capsys)
        assert outcome.refused
        assert f"own sheet '{name}'" in outcome.message
        assert f"'My {name}'" in outcome.message
        assert plan.read_bytes() == original
    assert not backup_path(plan).exists()
    assert openpyxl.load_workbook(plan)[name]["A1"].value == "Board summary"


SHEET_WRITERS = tuple(point for point in WRITERS if not point.name.startswith("baseline"))


@pytest.mark.parametrize("point", params(SHEET_WRITERS))
def test_a_chart_sheet_under_an_output_name_is_refused_not_shadowed(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """A chart sheet called like a sheet the writer writes refuses the write; no `Flags1`."""
    from openpyxl.chart import BarChart, Reference

    name = "Dashboard" if point.name.startswith("excel") else "Flags"
    book = openpyxl.load_workbook(plan)
    chart = BarChart()
    chart.add_data(Reference(book["Plan"], min_col=7, min_row=1, max_row=5))
    book.create_chartsheet(name).add_chart(chart)
    book.save(plan)
    original = plan.read_bytes()
    outcome = point.run(plan, tmp_path, capsys)
    assert outcome.refused
    assert f"chart sheet '{name}'" in outcome.message
    assert plan.read_bytes() == original
    if point.output:
        assert not (tmp_path / point.output).exists()


@pytest.mark.parametrize("point", params(WRITERS))
def test_an_older_pmkits_history_sheet_holding_nights_is_left_as_it_was(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """An unmarked History sheet an older pmkit wrote, holding nights no history database
    here holds: no writer refuses over it, and each leaves its cells as they were,
    unmarked — the report, the baseline and the dashboard never write a History sheet;
    the sync keeps it back rather than lose those nights (and says so in its log:
    tests/sync/test_sync_folders.py)."""
    from datetime import datetime

    book = openpyxl.load_workbook(plan)
    old = book.create_sheet("History")
    old.append(["Plan — nightly history"])
    old.append(["One row per nightly run (a re-run the same day replaces that day's row)."])
    old.append(["Run date", "Status", "Forecast finish", "Slip (working days)"])
    for day in (18, 19):
        old.append([datetime(2026, 3, day), "Green", datetime(2026, 4, day), 0])
    book.save(plan)
    values = list(openpyxl.load_workbook(plan)["History"].iter_rows(values_only=True))
    outcome = point.run(plan, tmp_path, capsys)
    assert not outcome.refused, outcome.message
    written = openpyxl.load_workbook(tmp_path / point.output if point.output else plan)
    assert list(written["History"].iter_rows(values_only=True)) == values
    assert "PMKIT_OUTPUT" not in written["History"].defined_names


# -- the owner's cells ----------------------------------------------------------------------


@pytest.mark.parametrize("point", params(IN_PLACE_WRITERS))
def test_unheaded_owner_cells_and_merged_titles_are_kept(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """Notes in columns with no header, and a merged title right of the header, keep their
    cells on every in-place writer; Set baseline puts its columns right of them."""
    book = openpyxl.load_workbook(plan)
    ws = book["Plan"]
    ws["I2"] = "call the vendor"
    ws["I3"] = "waiting on a quote"
    ws["J1"] = "Vendor notes"
    ws.merge_cells("J1:K1")
    book.save(plan)
    before = owner_cells(plan)
    outcome = point.run(plan, tmp_path, capsys)
    assert not outcome.refused, outcome.message
    assert_kept(before, plan)
    plan_sheet = openpyxl.load_workbook(plan)["Plan"]
    assert "J1:K1" in {str(r) for r in plan_sheet.merged_cells.ranges}
    if point.name == "baseline":
        header = [cell.value for cell in plan_sheet[1]]
        assert header[11:15] == [
            "Baseline Start",
            "Baseline Finish",
            "Baseline Duration",
            "Baseline Cost",
        ]


def test_baseline_beside_notes_in_the_first_free_column_keeps_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Header `ID, Task, Duration, Predecessors, Owner` and notes in F2/F3: Baseline Start
    goes to G, never over F."""
    from tests.builders import write_workbook

    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                ["ID", "Task", "Duration", "Predecessors", "Owner"],
                [1, "Design", 3, None, "Ann", "call vendor"],
                [2, "Build", 2, "1", "Bob", "waiting on quote"],
            ]
        },
    )
    from pmkit.cli import main

    assert main(["baseline", str(path)]) == 0
    ws = openpyxl.load_workbook(path)["Plan"]
    assert [ws["F2"].value, ws["F3"].value] == ["call vendor", "waiting on quote"]
    assert ws["F1"].value is None
    assert ws["G1"].value == "Baseline Start"


# -- saved while pmkit ran ------------------------------------------------------------------


def _owner_saves(plan: Path) -> bytes:
    _edit(plan, **{"My-notes_D1": OWNER_EDIT})
    return plan.read_bytes()


@pytest.mark.parametrize("point", params(IN_PLACE_WRITERS))
@pytest.mark.parametrize("moment", ["before-writing", "just-before-the-replace"])
def test_an_edit_saved_while_pmkit_runs_is_kept(
    plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    point: EntryPoint,
    moment: str,
) -> None:
    """The owner saves the plan after pmkit read it — before it starts writing, or in the
    last moment before the rename — and every writer refuses, keeping that save."""
    saved: list[bytes] = []
    if moment == "before-writing":
        check = check_workbook  # the real one, under the owner's save

        def owner_saves_first(path: Path) -> object:
            if not saved:
                saved.append(_owner_saves(plan))
            return check(path)

        monkeypatch.setattr(pmkit.report.writing, "check_workbook", owner_saves_first)
    else:
        flush = pmkit.files._flush

        def owner_saves_last(path: Path) -> None:
            if not saved and path.parent == plan.parent:
                saved.append(_owner_saves(plan))
            flush(path)

        monkeypatch.setattr(pmkit.files, "_flush", owner_saves_last)
    outcome = point.run(plan, tmp_path, capsys)
    assert saved, "the owner's save was never simulated"
    assert outcome.refused
    assert "saved again while pmkit was working" in outcome.message
    assert plan.read_bytes() == saved[0]
    assert openpyxl.load_workbook(plan)["My notes"]["D1"].value == OWNER_EDIT
    assert not temporaries(plan.parent, tmp_path)


# -- links, permissions, folders, killed runs ---------------------------------------------


@pytest.mark.parametrize("point", params(IN_PLACE_WRITERS))
def test_in_place_through_a_symlink_writes_the_target_and_keeps_the_link(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """A plan that is a symbolic link: the file it points at gets the outputs, the link
    stays a link to it, the backup sits beside the real file."""
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = real_folder / "plan.xlsx"
    plan.rename(real)
    plan.symlink_to(real)
    before = owner_cells(real)
    outcome = point.run(plan, tmp_path, capsys)
    assert not outcome.refused, outcome.message
    assert plan.is_symlink()
    assert plan.resolve() == real
    assert_kept(before, real)
    assert backup_path(real).is_file()
    assert not temporaries(plan.parent, real_folder)


@pytest.mark.parametrize("point", params(IN_PLACE_WRITERS))
def test_a_read_only_plan_is_refused_not_replaced(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """A plan made read-only (0444) is left alone: refused (the sync skips it), unchanged."""
    original = plan.read_bytes()
    plan.chmod(0o444)
    try:
        outcome = point.run(plan, tmp_path, capsys)
    finally:
        mode = stat.S_IMODE(plan.stat().st_mode)
        plan.chmod(0o644)
    assert outcome.refused
    assert "read-only" in outcome.message
    assert outcome.skipped == (point is FOLDER_SYNC)
    assert plan.read_bytes() == original
    assert mode == 0o444


@pytest.mark.parametrize("point", params(IN_PLACE_WRITERS))
def test_a_folder_where_the_backup_goes_is_not_written_into(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """A folder named `plan.bak.xlsx` stops the write; nothing lands inside it."""
    folder = backup_path(plan)
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    original = plan.read_bytes()
    outcome = point.run(plan, tmp_path, capsys)
    assert outcome.refused
    assert "plan.bak.xlsx, which is a folder" in outcome.message
    assert plan.read_bytes() == original
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


_KILLED_MID_WRITE = """
import os, signal, sys
from pathlib import Path
from pmkit.files import temporary_path
temporary = temporary_path(Path(sys.argv[1]))
temporary.write_bytes(b"half a workbook")
print(temporary, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("point", params(WRITERS))
def test_a_killed_runs_temporary_file_is_cleared_by_the_next_run(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """A pmkit process killed (SIGKILL) half way through writing leaves its temporary file;
    the next run in that folder removes it. A file another program left is kept."""
    folder = plan.parent if point.in_place else tmp_path
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_WRITE, str(folder / "plan.xlsx")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == -9
    stale = Path(killed.stdout.strip())
    assert stale.exists()
    foreign = folder / ".~lock.plan.xlsx#"
    foreign.write_bytes(b"LibreOffice's lock")
    outcome = point.run(plan, tmp_path, capsys)
    assert not outcome.refused, outcome.message
    assert not stale.exists()
    assert foreign.exists()
    assert not temporaries(folder) or temporaries(folder) == [foreign.name]


# -- existing files at the target -----------------------------------------------------------


@pytest.mark.parametrize("point", params(COPY_WRITERS))
def test_an_existing_file_pmkit_did_not_write_is_not_overwritten(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """`-o FILE` onto an unrelated workbook refuses without --force, which then replaces it."""
    assert point.output is not None
    target = tmp_path / point.output
    build_owner_workbook(tmp_path / "unrelated", frozenset()).rename(target)
    original = target.read_bytes()
    outcome = point.run(plan, tmp_path, capsys)
    assert outcome.refused
    assert "already exists" in outcome.message
    assert "--force" in outcome.message
    assert target.read_bytes() == original
    from pmkit.cli import main

    command = point.name.split()[0]
    assert main([command, str(plan), "-o", str(target), "--force"]) in (0, 1)
    assert target.read_bytes() != original


def test_a_report_pmkit_wrote_is_replaced_without_force(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report copy is pmkit's whole (marked `PMKIT_REPORT`): the next report replaces it."""
    from pmkit.cli import main

    target = tmp_path / "status.xlsx"
    assert main(["report", str(plan), "-o", str(target)]) in (0, 1)
    first = target.read_bytes()
    assert main(["report", str(plan), "-o", str(target), "--status-date", "2026-03-20"]) in (0, 1)
    assert target.read_bytes() != first
    assert "PMKIT_REPORT" in openpyxl.load_workbook(target).defined_names


# -- files pmkit creates --------------------------------------------------------------------


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Template, sample, report copy, baselined copy and Excel copy are created as any
    program's new file (0644 under umask 022); a plan written in place keeps its mode."""
    from pmkit.cli import main

    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    try:
        plan.chmod(0o640)
        created = {
            "template.xlsx": ["template", "template.xlsx"],
            "sample.xlsx": ["template", "--sample", "sample.xlsx"],
            "report.xlsx": ["report", str(plan), "-o", "report.xlsx"],
            "copy.xlsx": ["baseline", str(plan), "-o", "copy.xlsx"],
            "excel.xlsx": ["excel", str(plan), "-o", "excel.xlsx"],
            "pmkit-demo/sample-plan-report.xlsx": ["demo"],
        }
        for argv in created.values():
            assert main(argv) in (0, 1), argv
        assert main(["report", str(plan), "--in-place"]) in (0, 1)
    finally:
        os.umask(old)
    for name in created:
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name
    assert stat.S_IMODE((tmp_path / "pmkit-demo" / "sample-plan.xlsx").stat().st_mode) == 0o644
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640


@pytest.mark.parametrize("point", params(COPY_WRITERS))
def test_a_folder_at_the_output_name_is_not_written_into(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """`-o NAME` where NAME is a folder refuses, even with nothing inside to lose."""
    assert point.output is not None
    folder = tmp_path / point.output
    folder.mkdir()
    outcome = point.run(plan, tmp_path, capsys)
    assert outcome.refused
    assert "it is a folder" in outcome.message
    assert list(folder.iterdir()) == []
