"""The plan buttons write the same sheets as `pmkit report`, through either workbook."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from addin import buttons
from addin.xlwings_workbook import XlwingsWorkbook
from pmkit.engine.schema import REPORT_SHEETS
from pmkit.reading import read_plan
from pmkit.report import open_xlsx_workbook
from tests.addin.fake_xlwings import FakeApp, FakeBook
from tests.truth_support import BLANK_DURATION_UNKNOWN, TASK_15_DURATION, broken_sample

OUTPUT_SHEETS = REPORT_SHEETS  # the sample's tasks have owners: Workload too


def _plain(value: object) -> object:
    """Compare as classic xlwings reads cells: numbers as floats, dates as datetimes.

    Floats are rounded: an .xlsx stores 15 significant digits, Excel's memory 17.
    """
    if value == "":
        return None  # Excel keeps no empty text: writing "" leaves the cell empty
    if isinstance(value, bool) or value is None or isinstance(value, str | datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int | float):
        return round(float(value), 6)
    return value


def _sheet_values(path: Path, name: str) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path, data_only=True)[name]
    rows = [[_plain(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    return _trimmed(rows)


def _trimmed(rows: list[list[object]]) -> list[list[object]]:
    while rows and all(cell is None for cell in rows[-1]):
        rows.pop()
    width = max(
        (i + 1 for row in rows for i, cell in enumerate(row) if cell is not None), default=0
    )
    return [[_plain(cell) for cell in row[:width]] + [None] * (width - len(row)) for row in rows]


@pytest.fixture(scope="module")
def cli_report(sample_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workbook `pmkit report PLAN -o OUT` writes."""
    out = tmp_path_factory.mktemp("cli") / "report.xlsx"
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pmkit.cli import main; sys.exit(main())",
            "report",
            str(sample_path),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode in (0, 1), completed.stderr
    return out


def test_refresh_report_through_openpyxl_matches_pmkit_report(
    sample_path: Path, cli_report: Path, tmp_path: Path
) -> None:
    """*Refresh report* on an XlsxWorkbook writes sheet for sheet what `pmkit report` writes."""
    source = tmp_path / "plan.xlsx"
    shutil.copy(sample_path, source)
    target = tmp_path / "button.xlsx"
    message = buttons.refresh_report(open_xlsx_workbook(read_plan(source), target))
    assert message.startswith("Status Red."), message
    for name in OUTPUT_SHEETS:
        assert _sheet_values(target, name) == _sheet_values(cli_report, name), name


def test_refresh_report_through_xlwings_matches_pmkit_report(
    sample_path: Path, cli_report: Path
) -> None:
    """The same button on an open workbook (xlwings) leaves the same values in each sheet."""
    book = FakeBook(sample_path)
    message = buttons.refresh_report(XlwingsWorkbook(book))
    assert book.app.alerts == [message]
    for name in OUTPUT_SHEETS:
        assert _trimmed(book.sheet(name).values()) == _sheet_values(cli_report, name), name
    assert book.sheet("Summary").active
    schedule = book.sheet("Schedule")
    assert schedule.freeze_panes.at == "C2"


def test_flags_link_to_the_offending_cell(sample_path: Path) -> None:
    """Each located finding on the Flags sheet is a hyperlink to its cell."""
    book = FakeBook(sample_path)
    buttons.validate_plan(XlwingsWorkbook(book))
    links = book.sheet("Flags").links
    assert any(address.startswith("#'Plan'!") for address in links.values())


def test_validate_plan_writes_only_the_flags_sheet(sample_path: Path) -> None:
    """*Validate plan* adds the Flags sheet and counts the problems as every front end does."""
    book = FakeBook(sample_path)
    before = [sheet.name for sheet in book.sheets]
    message = buttons.validate_plan(XlwingsWorkbook(book))
    assert [sheet.name for sheet in book.sheets] == [*before, "Flags"]
    assert "7 problems need you this week, 7 notes" in message
    assert message.endswith("See the Flags sheet.")


def test_build_schedule_writes_schedule_flags_and_gantt(sample_path: Path) -> None:
    """*Build schedule* writes the Schedule, Flags and Gantt sheets and names the finish."""
    book = FakeBook(sample_path)
    message = buttons.build_schedule(XlwingsWorkbook(book))
    names = [sheet.name for sheet in book.sheets]
    assert {"Schedule", "Flags", "Gantt"} <= set(names)
    assert message.startswith("The plan finishes on Mon 15 Jun 2026.")


def test_set_baseline_asks_before_replacing(sample_path: Path) -> None:
    """With a baseline already set, Cancel changes nothing and OK keeps the old one. The
    question says what a new baseline would take in as agreed, as `pmkit baseline` does
    (it asked only "Replace it with today's forecast?")."""
    app = FakeApp(answer="cancel")
    declined = FakeBook(sample_path, app)
    plan_before = dict(declined.sheet("Plan").cells)
    message = buttons.set_baseline(XlwingsWorkbook(declined))
    assert "already has a baseline" in message
    assert declined.sheet("Plan").cells == plan_before
    assert app.alerts[0].endswith(
        "A new baseline would take in as agreed the 10 working days the project is behind "
        "its baseline and the 2 changes nobody approved (tasks 18 and 22: 9 working days and "
        "USD 6,400)."
    )

    accepted = FakeBook(sample_path, FakeApp(answer="ok"))
    message = buttons.set_baseline(XlwingsWorkbook(accepted))
    names = [sheet.name for sheet in accepted.sheets]
    assert message.startswith("Baseline set for 40 tasks."), message
    assert "Baseline" in names
    assert any(name.startswith("Baseline ") for name in names)
    assert accepted.sheet("Plan").cells != plan_before


def test_set_baseline_refuses_while_a_task_cannot_be_scheduled(tmp_path: Path) -> None:
    """*Set baseline* on a plan with a task that cannot be scheduled sets nothing and says
    what to fix first, as `pmkit baseline` does (it once froze 40 tasks, 22 without
    dates, and the project's agreed finish with them left out)."""
    book = FakeBook(broken_sample(tmp_path, {TASK_15_DURATION: None}), FakeApp(answer="ok"))
    plan_before = book.sheet("Plan").cells
    message = buttons.set_baseline(XlwingsWorkbook(book))
    unknown = BLANK_DURATION_UNKNOWN.removeprefix("Forecast unknown: ")
    assert message == (
        "Set baseline: a baseline now would give the 22 tasks that cannot be scheduled no "
        "agreed dates, and the project an agreed finish without them; nothing was changed. "
        f"{unknown}; then set the baseline"
    ), message
    assert book.sheet("Plan").cells == plan_before
    assert not any(sheet.name.startswith("Baseline ") for sheet in book.sheets)


def test_set_baseline_through_openpyxl_equals_pmkit_baseline(
    sample_path: Path, tmp_path: Path
) -> None:
    """Forced *Set baseline* on a file writes the Baseline sheet `pmkit baseline` writes."""
    source = tmp_path / "plan.xlsx"
    shutil.copy(sample_path, source)
    button = tmp_path / "button.xlsx"
    message = buttons.set_baseline(open_xlsx_workbook(read_plan(source), button), force=True)
    assert message.startswith("Baseline set"), message
    cli = tmp_path / "cli.xlsx"
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pmkit.cli import main; sys.exit(main())",
            "baseline",
            str(source),
            "--force",
            "-o",
            str(cli),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if completed.returncode == 2 and "unrecognized arguments" in completed.stderr:
        pytest.skip("pmkit baseline has no -o option in this tree")
    assert completed.returncode in (0, 1), completed.stderr
    for name in ("Plan", "Baseline"):
        assert _sheet_values(button, name) == _sheet_values(cli, name), name


def test_a_workbook_without_a_plan_gets_one_sentence(tmp_path: Path) -> None:
    """No Plan sheet: the button says so in a message box; nothing is written."""
    path = tmp_path / "empty.xlsx"
    workbook = openpyxl.Workbook()
    assert workbook.active is not None
    workbook.active.title = "Notes"
    workbook.save(path)
    book = FakeBook(path)
    message = buttons.refresh_report(XlwingsWorkbook(book))
    assert (
        message
        == "Refresh report: empty.xlsx has no Plan sheet; name the sheet with the tasks 'Plan'"
    )
    assert book.app.alerts == [message]
    assert [sheet.name for sheet in book.sheets] == ["Notes"]
