"""The command line: formats, exit codes 0/1/2, and one clean line instead of a traceback."""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pmkit.cli import build_parser, main
from tests.builders import PLAN_HEADER, write_workbook

JSON_TASK_FIELDS = {
    "id",
    "name",
    "duration",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float",
    "free_float",
    "critical",
    "forecast_start",
    "forecast_finish",
    "baseline_finish",
    "slip",
}
JSON_PROJECT_FIELDS = {
    "name",
    "status_date",
    "start",
    "baseline_finish",
    "forecast_finish",
    "slip",
    "status",
    "status_reasons",
    "critical_path",
    "bac",
    "pv",
    "ev",
    "ac",
    "sv",
    "cv",
    "spi",
    "cpi",
    "eac",
    "eac_atypical",
    "eac_combined",
    "etc",
    "vac",
    "tcpi",
    "earned_schedule",
    "spi_t",
    "scope_growth_days",
    "scope_growth_cost",
    "approved_growth_days",
    "approved_growth_cost",
    "health",
}
JSON_ISSUE_FIELDS = {"severity", "code", "sheet", "cell", "task", "message"}


@pytest.fixture
def good_plan(tmp_path: Path) -> Path:
    """Three tasks in a chain, every one owned, starting Monday 2 March 2026."""
    return write_workbook(
        tmp_path / "good.xlsx",
        {
            "Plan": [
                [*PLAN_HEADER, "Start No Earlier Than"],
                [1, "Design", "Ann", 3, None, date(2026, 3, 2)],
                [2, "Build", "Bob", 5, "1"],
                [3, "Launch", "Ann", 0, "2"],
            ],
            "Settings": [["Setting", "Value"], ["Status Date", date(2026, 2, 27)]],
        },
    )


@pytest.fixture
def broken_plan(tmp_path: Path) -> Path:
    """A plan whose task 2 names a predecessor that does not exist."""
    return write_workbook(
        tmp_path / "broken.xlsx",
        {
            "Plan": [
                PLAN_HEADER,
                [1, "Design", "Ann", 3, None],
                [2, "Build", "Bob", 5, "99"],
            ],
        },
    )


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_schedule_json_has_every_spec_field(
    good_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`schedule --format json` prints the object of docs/command-line.md, dates checked by hand."""
    status, out, _ = run(["schedule", str(good_plan), "--format", "json"], capsys)
    assert status == 0
    document = json.loads(out)
    # the three objects, and each owner's weeks (docs/findings.md, "The JSON")
    assert set(document) == {"project", "tasks", "issues", "workload"}
    assert set(document["project"]) >= JSON_PROJECT_FIELDS
    tasks = {task["id"]: task for task in document["tasks"]}
    assert all(set(task) >= JSON_TASK_FIELDS for task in tasks.values())
    # Mon 2 Mar + 3 days → Wed 4 Mar; Build Thu 5 → Wed 11; Launch (milestone after a finish)
    assert (tasks["1"]["early_start"], tasks["1"]["early_finish"]) == ("2026-03-02", "2026-03-04")
    assert (tasks["2"]["early_start"], tasks["2"]["early_finish"]) == ("2026-03-05", "2026-03-11")
    assert tasks["3"]["early_start"] == tasks["3"]["early_finish"] == "2026-03-11"
    assert document["project"]["critical_path"] == ["1", "2", "3"]


def test_schedule_csv_has_one_row_per_task(
    good_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`schedule --format csv` writes the task fields as a header and one row per task."""
    status, out, _ = run(["schedule", str(good_plan), "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert [row["id"] for row in rows] == ["1", "2", "3"]
    assert set(rows[0]) == JSON_TASK_FIELDS
    assert rows[1]["forecast_finish"] == "2026-03-11"


def test_schedule_text_is_a_readable_table(
    good_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text format shows each task's dates (as every sentence writes a date) and the
    critical path."""
    status, out, _ = run(["schedule", str(good_plan)], capsys)
    assert status == 0
    assert "Wed 11 Mar 2026" in out
    assert "Critical path: 1, 2, 3" in out


def test_status_date_option_overrides_settings(
    good_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--status-date` wins over the Settings sheet."""
    _, out, _ = run(
        ["schedule", str(good_plan), "--format", "json", "--status-date", "2026-03-06"], capsys
    )
    assert json.loads(out)["project"]["status_date"] == "2026-03-06"


@pytest.mark.parametrize("command", ["validate", "schedule"])
def test_plan_errors_exit_1_and_still_print(
    command: str, broken_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan with errors exits 1, and the findings name the cell in plain words."""
    status, out, _ = run([command, str(broken_plan), "--format", "json"], capsys)
    assert status == 1
    issues = json.loads(out)["issues"]
    assert all(set(issue) == JSON_ISSUE_FIELDS for issue in issues)
    unknown = [issue for issue in issues if issue["code"] == "unknown-predecessor"]
    assert unknown == [
        {
            "severity": "error",
            "code": "unknown-predecessor",
            "sheet": "Plan",
            "cell": "E3",
            "task": "2",
            "message": unknown[0]["message"],
        }
    ]
    assert "99" in unknown[0]["message"]


def test_validate_text_counts_findings(
    broken_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text format lists each finding with its cell, then the count of problems."""
    status, out, _ = run(["validate", str(broken_plan)], capsys)
    assert status == 1
    assert "Plan!E3" in out
    assert out.rstrip().endswith("1 problem needs you this week (1 in the plan itself), 3 notes.")


def test_validate_on_the_blank_template_says_no_tasks_yet_as_report_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit validate` on the blank template says what to do first, as `pmkit report` does
    ("No tasks yet: fill in the Plan sheet …"), and its counts never say "0 notes"."""
    blank = tmp_path / "plan.xlsx"
    assert run(["template", str(blank)], capsys)[0] == 0
    status, out, _ = run(["validate", str(blank)], capsys)
    assert status == 0
    first = out.splitlines()[0]
    assert first == "No tasks yet: fill in the Plan sheet, one row per task (ID, Task, Duration)."
    report = run(["report", str(blank), "-o", str(tmp_path / "report.xlsx")], capsys)[1]
    assert first in report.splitlines()
    assert "0 notes" not in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"hello, not a workbook", "not", id="text-file"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xlsx", id="old-xls"),
        pytest.param(b"PK\x03\x04broken zip", "", id="broken-zip"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "schedule"])
def test_unusable_files_exit_2_with_one_line(
    command: str,
    content: bytes,
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A file that is not a usable workbook exits 2 with one clear line and no traceback."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(content)
    status, out, err = run([command, str(path)], capsys)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("pmkit: ")
    assert expected in err
    assert "Traceback" not in err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is named in one line."""
    status, _, err = run(["validate", str(tmp_path / "nope.xlsx")], capsys)
    assert status == 2
    assert "nope.xlsx" in err
    assert "Traceback" not in err


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    """The installed `pmkit` entry point exits 2 on a bad file, printing no traceback."""
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    completed = subprocess.run(
        [sys.executable, "-m", "pmkit", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr.startswith("pmkit: ")


def test_every_command_has_help() -> None:
    """Each command registered on the parser carries a one-line help."""
    parser = build_parser()
    subcommands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    assert {"validate", "schedule", "template"} <= set(subcommands.choices)
    for choice in subcommands._choices_actions:
        assert choice.help, choice.dest


def test_status_date_outside_plan_years_is_refused(
    good_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--status-date 9999-01-01` is a usage error (exit 2) naming the allowed years."""
    with pytest.raises(SystemExit) as exited:
        main(["schedule", str(good_plan), "--status-date", "9999-01-01"])
    assert exited.value.code == 2
    assert "1900 to 2199" in capsys.readouterr().err


class _UninstalledFrontEnd:
    """An entry point whose package is not installed (its extra was not asked for)."""

    name = "sync"

    def load(self) -> object:
        raise ModuleNotFoundError("No module named 'gspread'", name="gspread")


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["sync"], id="bare"),
        pytest.param(["sync", "--config", "x.toml"], id="with-options"),
        pytest.param(["sync", "--dry-run", "--only", "Shop", "extra"], id="many-arguments"),
        pytest.param(["sync", "-h"], id="help"),
    ],
)
def test_a_command_whose_extra_is_missing_prints_the_install_hint_whatever_its_arguments(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit sync --config x.toml` without the sync extra says how to install it."""
    import pmkit.cli

    monkeypatch.setattr(pmkit.cli, "entry_points", lambda group: [_UninstalledFrontEnd()])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "pip install '.[sync]'" in err
    assert "unrecognized" not in err


def test_unknown_options_of_an_installed_command_are_still_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Only a missing front end swallows its options; a typo elsewhere is an argparse error."""
    with pytest.raises(SystemExit) as exited:
        main(["validate", "plan.xlsx", "--frmat", "json"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --frmat json" in capsys.readouterr().err


def test_building_the_command_line_imports_no_writer_and_no_sync_library() -> None:
    """Every command builds the whole parser: it must not pay for openpyxl, pandas, the
    Google client or SQLAlchemy (about a second and a half together) before it runs."""

    heavy = ("openpyxl", "pandas", "sqlalchemy", "gspread", "googleapiclient")
    script = (
        "import sys, pmkit.cli; pmkit.cli.build_parser(); "
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.split() == []


def test_the_sync_command_says_how_to_install_it_when_its_libraries_are_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sheets_sync.cli.register` checks the extra's modules by name, without importing
    them, and a missing one gives the install hint."""
    import importlib.util

    import sheets_sync.cli

    real = importlib.util.find_spec
    monkeypatch.setattr(
        sheets_sync.cli,
        "find_spec",
        lambda name: None if name == "sqlalchemy" else real(name),
    )
    assert main(["sync", "--config", "x.toml"]) == 2
    assert "pip install '.[sync]'" in capsys.readouterr().err


def test_a_line_break_typed_in_a_cell_keeps_each_finding_and_row_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A task named with Alt+Enter ("Choose" / "hosting") and a Duration of `x`: the finding,
    the This week action and the schedule row each stay one line, the break shown as ` ↵ `
    (it split them, the second half starting a line of its own)."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {"Plan": [PLAN_HEADER, [1, "Choose\nhosting", "Ann", "x"], [2, "Build", "Bob", 2, "1"]]},
    )
    main(["validate", str(path)])
    validate = capsys.readouterr().out.splitlines()
    main(["schedule", str(path)])
    schedule = capsys.readouterr().out.splitlines()
    for lines in (validate, schedule):
        assert not [line for line in lines if line.startswith("hosting")]
    found = [line for line in validate if "[bad-duration]" in line]
    assert len(found) == 1
    assert "Task 1 “Choose ↵ hosting”: Duration 'x'" in found[0]
    assert [line for line in schedule if line.startswith("1   Choose ↵ hosting")]
