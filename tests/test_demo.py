"""`pmkit demo`: the sample plan to a report workbook and a readable summary, no setup."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pmkit.cli import main


def test_demo_writes_the_sample_and_its_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 0; the sample plan and its report are in the folder; the summary names them."""
    folder = tmp_path / "demo"
    assert main(["demo", "--dir", str(folder)]) == 0
    out = capsys.readouterr().out
    report = folder / "sample-plan-report.xlsx"
    assert (folder / "sample-plan.xlsx").exists()
    assert "Summary" in openpyxl.load_workbook(report).sheetnames
    assert str(report) in out.replace("\n", "")


def test_demo_summary_reads_like_a_status_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Status with reasons, slip, forecast against the agreed finish, earned value with
    every acronym spelled out, and the "This week" list with its counts."""
    main(["demo", "--dir", str(tmp_path)])
    out = capsys.readouterr().out
    for words in (
        "Red",
        "working days after the agreed date",
        "Slip",
        "Forecast finish",
        "Agreed finish",
        "Earned value",
        "SPI, schedule performance",
        "CPI, cost performance",
        "BAC, budget at completion",
        "This week — 7 problems need you this week, 7 notes",
        "Why",
    ):
        assert words in out


def test_demo_runs_again_in_the_same_folder(tmp_path: Path) -> None:
    """A second run replaces the demo files instead of failing."""
    assert main(["demo", "--dir", str(tmp_path)]) == 0
    assert main(["demo", "--dir", str(tmp_path)]) == 0


@pytest.mark.parametrize("finished", [False, True], ids=["sample", "finished"])
def test_demo_leaves_a_sample_saved_since_it_wrote_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], finished: bool
) -> None:
    """An owner who typed their own plan into the demo's sample and saved it does not lose
    it to the next `pmkit demo`: exit 2, the file as it was, and what to do."""
    extra = ["--finished"] if finished else []
    assert main(["demo", "--dir", str(tmp_path), *extra]) == 0
    [plan] = [path for path in tmp_path.glob("sample-plan*.xlsx") if "report" not in path.name]
    book = openpyxl.load_workbook(plan)
    book["Plan"]["B2"] = "Our own first task"
    book.save(plan)
    saved = plan.read_bytes()
    capsys.readouterr()
    assert main(["demo", "--dir", str(tmp_path), *extra]) == 2
    assert plan.read_bytes() == saved
    assert "was saved since pmkit demo wrote it" in capsys.readouterr().err
