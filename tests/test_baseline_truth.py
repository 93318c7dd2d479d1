"""Set baseline freezes a schedule, or refuses: nothing to freeze is never "baseline 1: 0
tasks", a task that cannot be scheduled is never frozen without dates; and a plan counts
as baselined only when it has baseline dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.issues import Code
from pmkit.engine.model import BaselineSnapshot, BaselineTask
from pmkit.engine.variance import has_baseline
from pmkit.report import set_baseline
from tests.builders import PLAN_HEADER, plan_of, write_workbook
from tests.truth_support import BLANK_DURATION_UNKNOWN, TASK_15_DURATION, broken_sample

SET_ON = date(2026, 3, 2)


def _baseline(path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str]:
    status = main(["baseline", str(path), "--in-place", *options])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.mark.parametrize(
    "force", [pytest.param((), id="plain"), pytest.param(("--force",), id="force")]
)
def test_baseline_of_a_plan_with_no_tasks_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], force: tuple[str, ...]
) -> None:
    """The blank template: exit 2, the file byte-identical, and what to do first."""
    path = tmp_path / "blank.xlsx"
    assert main(["template", str(path)]) == 0
    before = path.read_bytes()
    status, said = _baseline(path, capsys, *force)
    assert status == 2
    assert path.read_bytes() == before
    assert "nothing to freeze" in said
    assert "no tasks yet" in said
    assert not list(tmp_path.glob("*.bak.xlsx"))


def test_baseline_when_no_task_can_be_scheduled_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every Duration unreadable: exit 2, unchanged, and the cells to fix are named."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {"Plan": [PLAN_HEADER, [1, "Design", "Ann", "x", None], [2, "Build", "Bob", 3, "1"]]},
    )
    before = path.read_bytes()
    status, said = _baseline(path, capsys, "--force")
    assert status == 2
    assert path.read_bytes() == before
    assert "nothing to freeze" in said
    assert "Forecast unknown: 2 tasks cannot be scheduled until Plan!D2 is fixed" in said


@pytest.mark.parametrize(
    "force", [pytest.param((), id="plain"), pytest.param(("--force",), id="force")]
)
def test_baseline_while_a_task_cannot_be_scheduled_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], force: tuple[str, ...]
) -> None:
    """Task 15's Duration blank: 22 tasks have no forecast to freeze. A baseline then would
    give them no agreed dates and the project an agreed finish without them (too early: once
    the Duration is filled in, the project read 31 working days late that had not slipped).
    So it refuses, exit 2, the file byte-identical and no backup, and says what to fix."""
    path = broken_sample(tmp_path, {TASK_15_DURATION: None})
    before = path.read_bytes()
    status, said = _baseline(path, capsys, *force)
    assert status == 2
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak.xlsx"))
    unknown = BLANK_DURATION_UNKNOWN.removeprefix("Forecast unknown: ")
    assert " ".join(said.split()) == (
        "pmkit: a baseline now would give the 22 tasks that cannot be scheduled no agreed "
        "dates, and the project an agreed finish without them; nothing was changed. "
        f"{unknown}; then set the baseline"
    )


def test_an_empty_baseline_sheet_does_not_block_the_first_real_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Baseline sheet with no dates (an earlier pmkit's "baseline 1: 0 tasks") is no
    baseline: the first real one needs no --force, and the old sheet is kept."""
    path = tmp_path / "plan.xlsx"
    main(["template", str(path)])
    book = openpyxl.load_workbook(path)
    empty = book["Baseline"] if "Baseline" in book.sheetnames else book.create_sheet("Baseline")
    for row in (["Baseline set on", date(2026, 3, 1)], ["Baseline number", 1], ["note"]):
        empty.append(row)
    empty.append(["ID", "Task", "Duration", "Baseline Start", "Baseline Finish", "Baseline Cost"])
    plan = book["Plan"]
    plan["A2"], plan["B2"], plan["D2"], plan["E2"] = 1, "Design", "Ann", 3
    book.save(path)
    assert not has_baseline(pmkit.read_plan(path))
    status, said = _baseline(path, capsys)
    assert status == 0, said
    names = openpyxl.load_workbook(path).sheetnames
    assert {"Baseline", "Baseline 1"} <= set(names)
    assert has_baseline(pmkit.read_plan(path))


def test_a_baseline_cost_alone_is_not_a_baseline(tmp_path: Path) -> None:
    """Baseline Cost filled, no baseline dates: slip and earned value say "no baseline",
    the no-baseline note is raised, and Set baseline needs no --force."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                [*PLAN_HEADER, "Budget", "Baseline Cost", "% Complete"],
                [1, "Design", "Ann", 3, None, 1000, 900, 0.5],
                [2, "Build", "Bob", 2, "1", 2000, 2100, 0],
            ],
            "Settings": [["Setting", "Value"], ["Status Date", date(2026, 3, 4)]],
        },
    )
    plan = pmkit.read_plan(path)
    assert not has_baseline(plan)
    analysis = pmkit.analyze(plan)
    earned = analysis.summary.earned_value
    assert (analysis.summary.slip, earned.spi, earned.pv) == (None, None, None)
    assert Code.NO_BASELINE in {issue.code for issue in analysis.issues}
    result = set_baseline(analysis, today=SET_ON)
    assert result.update.archive is not None  # the owner's Baseline Cost is kept, not lost
    assert has_baseline(pmkit.read_plan(path))


def test_a_baseline_sheet_without_dates_is_not_a_baseline() -> None:
    """Rows on the Baseline sheet count only when they hold a baseline start or finish."""
    undated = BaselineTask("A", "Task A", 1, None, None, 100.0)
    plan = plan_of("A:1")
    assert not has_baseline(replace(plan, baseline=BaselineSnapshot(SET_ON, (undated,))))
    dated = replace(undated, finish=SET_ON)
    assert has_baseline(replace(plan, baseline=BaselineSnapshot(SET_ON, (dated,))))
