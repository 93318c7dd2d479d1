"""Set baseline: fills the Plan's baseline cells, writes the Baseline sheet the reader reads
back, refuses to replace a baseline without --force, and keeps the old one as history."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.errors import WriteRefusedError
from pmkit.engine.figures import format_day
from pmkit.engine.variance import has_baseline
from pmkit.report.baseline import baseline_takes_in, find_header_row
from pmkit.template.regenerate import TEMPLATES_FOLDER
from tests import builders
from tests.file_writers import baseline_file
from tests.owner_workbook import PLAN_HEADER, build_owner_workbook

SET_ON = date(2026, 3, 2)
BASELINE_HEADERS = ["Baseline Start", "Baseline Finish", "Baseline Duration", "Baseline Cost"]


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return build_owner_workbook(tmp_path / "plan", frozenset())


def test_baseline_round_trips_through_the_reader(plan_path: Path) -> None:
    """What pmkit baseline writes, read_plan reads back: the date, the number, every task."""
    result = baseline_file(plan_path, today=SET_ON)
    plan = pmkit.read_plan(plan_path)
    assert plan.baseline is not None
    assert plan.baseline.set_on == SET_ON
    assert plan.baseline.number == 1
    forecast = {t.id: t for t in result.analysis.tasks}
    for task in plan.baseline.tasks:
        assert task.finish == forecast[task.id].forecast_finish
        assert task.start == forecast[task.id].forecast_start
    assert [t.id for t in plan.baseline.tasks] == ["1", "2", "3", "4"]
    assert not [i for i in plan.issues if i.location and i.location.sheet == "Baseline"]


def test_baseline_fills_plan_cells_and_the_slip_is_zero(plan_path: Path) -> None:
    """The Plan's baseline columns hold the forecast, so right after it nothing slips."""
    baseline_file(plan_path, today=SET_ON)
    plan = pmkit.read_plan(plan_path)
    assert all(t.baseline_finish is not None for t in plan.tasks)
    assert plan.tasks[2].baseline_cost == 12000
    assert plan.tasks[2].baseline_duration_days == 10
    analysis = pmkit.analyze(plan)
    assert {t.slip for t in analysis.tasks} == {0}


def test_baseline_columns_go_after_the_owners_own_columns(plan_path: Path) -> None:
    """Missing baseline columns are added at the end; the owner's columns keep their cells."""
    before = openpyxl.load_workbook(plan_path)["Plan"]
    owner_column = [c.value for c in before["H"]]
    baseline_file(plan_path, today=SET_ON)
    ws = openpyxl.load_workbook(plan_path)["Plan"]
    header = [c.value for c in ws[1]]
    assert header == [*PLAN_HEADER, *BASELINE_HEADERS]
    assert [c.value for c in ws["H"]] == owner_column
    assert ws.tables["Plan"].ref == "A1:L5"
    assert ws["I2"].number_format == "ddd d mmm yyyy"


def test_second_baseline_needs_force_and_leaves_the_file(plan_path: Path) -> None:
    """Setting a baseline again without --force refuses; the file is byte-identical."""
    baseline_file(plan_path, today=SET_ON)
    original = plan_path.read_bytes()
    with pytest.raises(WriteRefusedError, match="--force") as refused:
        baseline_file(plan_path, today=date(2026, 3, 9))
    assert plan_path.read_bytes() == original
    assert str(refused.value).startswith(
        f"this plan already has a baseline (set on {format_day(SET_ON)}); nothing was changed"
    )


def test_baseline_dates_typed_in_are_a_baseline_too(plan_path: Path) -> None:
    """A Baseline Finish typed in the Plan, no Baseline sheet: refused, with no date to give."""
    book = openpyxl.load_workbook(plan_path)
    plan = book["Plan"]
    plan.cell(1, plan.max_column + 1, "Baseline Finish")
    plan.cell(2, plan.max_column, date(2026, 3, 20))
    book.save(plan_path)
    with pytest.raises(WriteRefusedError) as refused:
        baseline_file(plan_path, today=SET_ON)
    assert str(refused.value).startswith("this plan already has a baseline; nothing was changed")


def test_forced_baselines_keep_numbered_history(plan_path: Path) -> None:
    """With --force the old snapshot becomes Baseline 1, then Baseline 2, …; never silent."""
    baseline_file(plan_path, today=SET_ON)
    baseline_file(plan_path, force=True, today=date(2026, 3, 9))
    baseline_file(plan_path, force=True, today=date(2026, 3, 16))
    names = openpyxl.load_workbook(plan_path).sheetnames
    assert {"Baseline", "Baseline 1", "Baseline 2"} <= set(names)
    plan = pmkit.read_plan(plan_path)
    assert plan.baseline is not None
    assert plan.baseline.number == 3
    assert plan.baseline.set_on == date(2026, 3, 16)
    first = openpyxl.load_workbook(plan_path)["Baseline 1"]
    assert first["B1"].value.date() == SET_ON


def test_baseline_typed_into_the_plan_is_archived_before_replacing(tmp_path: Path) -> None:
    """Baseline values in the Plan but no Baseline sheet: --force saves them as Baseline 1."""
    path = build_owner_workbook(tmp_path / "plan", frozenset())
    wb = openpyxl.load_workbook(path)
    ws = wb["Plan"]
    ws["I1"] = "Baseline Finish"
    ws["I2"] = date(2026, 3, 3)
    wb.save(path)
    assert has_baseline(pmkit.read_plan(path))
    result = baseline_file(path, force=True, today=SET_ON)
    assert result.update.archive is not None
    archived = openpyxl.load_workbook(path)["Baseline 1"]
    assert archived["E5"].value.date() == date(2026, 3, 3)
    assert pmkit.read_plan(path).baseline is not None


def test_baseline_to_a_copy_leaves_the_plan(plan_path: Path, tmp_path: Path) -> None:
    """-o writes the baselined plan elsewhere; the plan itself is untouched."""
    original = plan_path.read_bytes()
    out = tmp_path / "baselined.xlsx"
    assert main(["baseline", str(plan_path), "-o", str(out)]) == 0
    assert plan_path.read_bytes() == original
    assert pmkit.read_plan(out).baseline is not None


def test_baseline_command_backs_up_and_reports(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pmkit baseline writes the plan in place after a backup, and says so."""
    assert main(["baseline", str(plan_path)]) == 0
    out = capsys.readouterr().out
    assert "Set baseline 1" in out
    assert "plan.bak.xlsx" in out
    assert plan_path.with_name("plan.bak.xlsx").exists()


def test_baseline_keeps_a_chart_it_writes_around(tmp_path: Path) -> None:
    """Written straight into the package, Set baseline keeps a chart (every part of it)."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({"chart"}))
    charts = _parts(path, "xl/charts/")
    assert main(["baseline", str(path)]) == 0
    assert _parts(path, "xl/charts/") == charts
    assert pmkit.read_plan(path).baseline is not None


def test_baseline_through_openpyxl_refuses_when_it_would_lose_a_chart(tmp_path: Path) -> None:
    """A formula where a baseline value goes sends Set baseline to openpyxl, with the
    report's preservation rules: a chart it would drop means refuse, byte-identical."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({"chart"}))
    book = openpyxl.load_workbook(path)
    book["Plan"]["I1"] = "Baseline Finish"
    book["Plan"]["I2"] = "=DATE(2026,3,3)"
    book.save(path)
    original = path.read_bytes()
    assert main(["baseline", str(path), "--force"]) == 2
    assert path.read_bytes() == original


def _parts(path: Path, folder: str) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith(folder)}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([["ID", "Task"]], 1, id="first-row"),
        pytest.param([["My project"], [], [" id ", "TASK", "Owner"]], 3, id="below-a-title"),
        pytest.param([["Task"], ["Nothing"]], None, id="none"),
    ],
)
def test_find_header_row(rows: list[list[object]], expected: int | None) -> None:
    """The header is the first row within 10 holding both ID and Task, any case."""
    assert find_header_row(rows) == expected


def test_a_new_baseline_says_what_it_takes_in_as_agreed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new baseline measures nothing against the old one again: the sample plan's 10
    working days of slip and its 2 changes nobody approved would become the agreed plan.
    The refusal says so before --force, and the forced baseline says what it took in —
    it read only 'this plan already has a baseline', and the changes vanished from the
    next report as if approved."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes((TEMPLATES_FOLDER / "sample-plan.xlsx").read_bytes())
    taken_in = (
        "the 10 working days the project is behind its baseline and the 2 changes nobody "
        "approved (tasks 18 and 22: 9 working days and USD 6,400)"
    )
    assert main(["baseline", str(path)]) == 2
    refused = capsys.readouterr().err
    assert f"A new baseline would take in as agreed {taken_in}." in refused
    assert main(["baseline", str(path), "--force"]) == 0
    assert f"It takes in as agreed {taken_in}." in capsys.readouterr().out


def test_while_the_forecast_is_unknown_a_new_baseline_takes_in_the_slip_it_is_at_least() -> None:
    """Move Unfinished Work No: Design, agreed to finish Fri 6 Mar, is 40 % done on Tue
    17 Mar, so there is no forecast, and the project is at least 2 working days late: its
    Build was agreed to finish Fri 13 Mar. A new baseline would make those days agreed; the
    refusal and the question in Excel said nothing, as if no slip were taken in."""
    friday, next_friday = date(2026, 3, 6), date(2026, 3, 13)
    agreed: dict[str, Any] = {
        "baseline_duration_days": 5,
        "budget": 1_000.0,
        "baseline_cost": 1_000.0,
    }
    plan = builders.plan_of(
        builders.task(
            "1",
            5,
            percent_complete=0.4,
            actual_start=builders.MONDAY,
            baseline_start=builders.MONDAY,
            baseline_finish=friday,
            **agreed,
        ),
        builders.task(
            "2", 5, "1", baseline_start=date(2026, 3, 9), baseline_finish=next_friday, **agreed
        ),
        status=date(2026, 3, 17),
    )
    analysis = pmkit.analyze(plan)
    assert analysis.summary.slip is None
    assert analysis.summary.slip_words() == "at least 2 working days late"
    assert baseline_takes_in(analysis) == (
        "the 2 working days or more the project is behind its baseline"
    )
