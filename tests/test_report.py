"""`pmkit report`: the report workbook on disk, formatted for an owner."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from pmkit.cli import main
from pmkit.outputs.print_layout import MIN_SCALE
from pmkit.report import default_report_path
from pmkit.template.regenerate import write_sample
from tests.builders import PLAN_HEADER, write_workbook
from tests.file_writers import report_file
from tests.owner_workbook import build_owner_workbook


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    plan = write_sample(folder / "sample-plan.xlsx")
    report_file(plan)
    return default_report_path(plan)


def test_report_is_a_copy_of_the_plan_with_the_output_sheets(sample_report: Path) -> None:
    """The default report holds every input sheet, then Summary, Schedule, Flags, Gantt and
    (the sample's tasks have owners) Workload."""
    names = openpyxl.load_workbook(sample_report).sheetnames
    assert names[-5:] == ["Summary", "Schedule", "Flags", "Gantt", "Workload"]
    assert "Plan" in names


def test_report_opens_at_the_summary(sample_report: Path) -> None:
    """A new report opens at its Summary sheet, with only that tab selected."""
    wb = openpyxl.load_workbook(sample_report)
    assert wb.active is not None
    assert wb.active.title == "Summary"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Summary"]


def test_output_sheets_have_frozen_headers_and_print_setup(sample_report: Path) -> None:
    """Headers stay on screen and on every printed page; every page is landscape; the
    Schedule, too wide for a page, prints at 80 % with its ID and Task columns repeated."""
    wb = openpyxl.load_workbook(sample_report)
    assert wb["Schedule"].freeze_panes == "C2"
    assert wb["Flags"].freeze_panes == "A2"
    assert wb["Gantt"].freeze_panes == "F3"
    for name in ("Summary", "Schedule", "Flags", "Gantt"):
        assert wb[name].page_setup.orientation == "landscape"
    schedule = wb["Schedule"]
    assert (schedule.print_title_rows, schedule.print_title_cols) == ("$1:$1", "$A:$B")
    assert schedule.page_setup.scale == MIN_SCALE
    assert wb["Flags"].sheet_properties.pageSetUpPr is not None
    assert wb["Flags"].sheet_properties.pageSetUpPr.fitToPage


def test_flags_link_to_the_offending_cell(sample_report: Path) -> None:
    """Each located flag is a working in-workbook hyperlink to its sheet and cell."""
    ws = openpyxl.load_workbook(sample_report)["Flags"]
    links = [ws.cell(row=r, column=3).hyperlink for r in range(2, ws.max_row + 1)]
    located = [link for link in links if link is not None]
    assert located
    for link in located:
        assert link.location is not None
        sheet, _, cell = link.location.rpartition("!")
        assert sheet.startswith("'")
        assert sheet.endswith("'")
        assert cell[0].isalpha()
        assert cell[-1].isdigit()


def test_flags_are_sorted_most_severe_first(sample_report: Path) -> None:
    """Errors, then warnings, then notes (the findings; their details sit under them)."""
    ws = openpyxl.load_workbook(sample_report)["Flags"]
    ranks = {"error": 0, "warning": 1, "note": 2}
    severities = [
        ranks[str(ws.cell(row=r, column=1).value)]
        for r in range(2, ws.max_row + 1)
        if not ws.row_dimensions[r].outlineLevel
    ]
    assert severities == sorted(severities)


def test_summary_starts_with_the_status_paragraph(sample_report: Path) -> None:
    """The third row of the Summary is the e-mailable status paragraph, merged and wrapped."""
    ws = openpyxl.load_workbook(sample_report)["Summary"]
    assert "the whole project finishes" in str(ws["A3"].value)
    assert ws["A3"].alignment.wrap_text
    assert any(str(r).startswith("A3:") for r in ws.merged_cells.ranges)


def test_critical_tasks_stand_out_in_the_schedule(sample_report: Path) -> None:
    """Critical tasks are bold red; their Critical cell says Yes."""
    ws = openpyxl.load_workbook(sample_report)["Schedule"]
    critical = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=14).value == "Yes"]
    assert critical
    name = ws.cell(row=critical[0], column=2)
    assert name.font.b
    assert name.font.color.rgb.endswith("C00000")


def test_dates_and_money_have_owner_formats(sample_report: Path) -> None:
    """Dates show as Wed 15 Apr 2026, as every sentence writes them; money in the plan's
    currency."""
    wb = openpyxl.load_workbook(sample_report)
    assert wb["Schedule"]["I2"].number_format == "ddd d mmm yyyy"
    money = [c for row in wb["Summary"].iter_rows() for c in row if "#,##0" in c.number_format]
    assert money
    assert "$" in money[0].number_format


def test_report_command_prints_where_and_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pmkit report writes PLAN-report.xlsx and prints its path and the status."""
    plan = build_owner_workbook(tmp_path / "plan", frozenset())
    code = main(["report", str(plan), "--status-date", "2026-03-13"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert str(tmp_path / "plan-report.xlsx") in out
    assert "status" in out


def test_report_command_says_a_plan_without_a_baseline_has_no_slip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No baseline: the line says so in words ("status Amber: slip no baseline" read as if
    "no baseline" were a slip)."""
    plan = write_workbook(tmp_path / "plan.xlsx", {"Plan": [PLAN_HEADER, [1, "Design", "Ann", 3]]})
    main(["report", str(plan), "--status-date", "2026-03-02"])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("; no baseline yet, so no slip).")


def test_report_command_does_not_give_the_slip_as_the_reason_for_the_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The line joins status and slip with a semicolon: the slip is one fact beside the
    status, not its reason (a plan Red on its CPI read "status Red: finished on the agreed
    date", as if finishing on time made it Red)."""
    main(["report", str(write_sample(tmp_path / "plan.xlsx"))])
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(" (status Red; finishes 10 working days after the agreed date).")


def test_report_to_a_named_output(tmp_path: Path) -> None:
    """-o writes where asked; the plan is unchanged."""
    plan = build_owner_workbook(tmp_path / "plan", frozenset())
    original = plan.read_bytes()
    out = tmp_path / "out" / "status.xlsx"
    out.parent.mkdir()
    assert main(["report", str(plan), "-o", str(out)]) in (0, 1)
    assert out.exists()
    assert plan.read_bytes() == original


def test_xlsm_plan_reported_as_xlsx_drops_macros_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An .xlsx report of a macro workbook is a real .xlsx (no VBA), and says it lacks macros."""
    plan = build_owner_workbook(tmp_path / "plan", frozenset({"macros"}))
    out = tmp_path / "report.xlsx"
    assert main(["report", str(plan), "-o", str(out)]) in (0, 1)
    with zipfile.ZipFile(out) as archive:
        assert "xl/vbaProject.bin" not in archive.namelist()
        assert "macroEnabled" not in archive.read("[Content_Types].xml").decode()
    assert "VBA macro project" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["-o", "{dir}/report.csv"], "must end in .xlsx", id="bad-suffix"),
        pytest.param(["-o", "{dir}/report.xlsm"], "only a macro workbook", id="xlsm-from-xlsx"),
        pytest.param(["-o", "{plan}"], "use --in-place", id="output-is-plan"),
    ],
)
def test_report_rejects_bad_outputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Bad -o values get one clear line and exit status 2."""
    plan = build_owner_workbook(tmp_path / "plan", frozenset())
    argv = [a.format(dir=tmp_path, plan=plan) for a in args]
    assert main(["report", str(plan), *argv]) == 2
    assert message in capsys.readouterr().err


def test_report_of_a_missing_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plan that does not exist: exit 2, one line, no traceback."""
    assert main(["report", str(tmp_path / "nope.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_report_styles_land_on_the_right_cells(sample_report: Path) -> None:
    """Header cells have the accent fill, plain cells none, flags their severity colour."""
    wb = openpyxl.load_workbook(sample_report)
    schedule = wb["Schedule"]
    assert schedule["A1"].fill.fgColor.rgb.endswith("1F4E79")
    assert schedule["A1"].font.b
    assert schedule["C2"].fill.patternType is None
    flags = wb["Flags"]
    tones = {"error": "F4CCCC", "warning": "FCE5CD", "note": "DDEBF7"}
    for r in range(2, min(flags.max_row, 40) + 1):
        if flags.row_dimensions[r].outlineLevel:
            continue  # a detail row under its finding: muted, no fill
        severity = flags.cell(row=r, column=1)
        assert severity.fill.fgColor.rgb.endswith(tones[str(severity.value)])
        assert flags.cell(row=r, column=2).fill.patternType is None


@pytest.mark.parametrize("name", ["Summary", "schedule", "Flags", "Gantt"])
def test_an_owners_own_sheet_with_an_output_name_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """A sheet the owner made, called like an output sheet, makes the report refuse."""
    plan = build_owner_workbook(tmp_path / "plan", frozenset())
    wb = openpyxl.load_workbook(plan)
    wb.create_sheet(name)["A1"] = "My own notes"
    wb.save(plan)
    original = plan.read_bytes()
    assert main(["report", str(plan), "--in-place"]) == 2
    assert f"its own sheet '{name}'" in capsys.readouterr().err
    assert plan.read_bytes() == original


def test_an_empty_sheet_with_an_output_name_is_taken_over(tmp_path: Path) -> None:
    """An empty placeholder called Gantt is replaced by the report's Gantt."""
    plan = build_owner_workbook(tmp_path / "plan", frozenset())
    wb = openpyxl.load_workbook(plan)
    wb.create_sheet("Gantt")
    wb.save(plan)
    report_file(plan, in_place=True)
    assert openpyxl.load_workbook(plan)["Gantt"]["A1"].value.startswith("Forecast bars")


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.skipif(not (SHARED / "reference").is_dir(), reason="../shared is absent")
def test_project_xml_plan_gets_a_report_of_its_own(tmp_path: Path) -> None:
    """A Microsoft Project XML plan gets a new workbook of the output sheets (its resources
    are the tasks' owners: Workload too)."""
    plan = tmp_path / "house.xml"
    plan.write_bytes((SHARED / "reference" / "Residential_Construction.mspdi.xml").read_bytes())
    assert main(["report", str(plan)]) in (0, 1)
    wb = openpyxl.load_workbook(tmp_path / "house-report.xlsx")
    assert wb.sheetnames == ["Summary", "Schedule", "Flags", "Gantt", "Workload"]
    assert wb["Schedule"].max_row == 90
    assert all(wb["Flags"].cell(row=r, column=3).hyperlink is None for r in range(2, 20))
    assert main(["report", str(plan), "--in-place"]) == 2


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"], ids=["direct-writer", "openpyxl-fallback"])
def test_a_task_named_like_a_formula_stays_text(tmp_path: Path, suffix: str) -> None:
    """A task named `=IMPORTXML(...)` is text in every output sheet, never a formula."""
    name = '=IMPORTXML("http://x","//a")'
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet.append(["ID", "Task", "Owner", "Duration", "Predecessors"])
    sheet.append([1, "placeholder", "Ann", 3, None])
    sheet.append([2, "Build", "Bob", 2, "1"])
    sheet["B2"].value = name
    sheet["B2"].data_type = "s"  # the owner typed it as text
    plan = tmp_path / f"plan{suffix}"
    book.save(plan)
    output = tmp_path / "report.xlsx"  # an .xlsm plan reported to .xlsx takes the openpyxl path
    report_file(plan, output)
    report = openpyxl.load_workbook(output)
    found = 0
    for title in ("Summary", "Schedule", "Flags", "Gantt"):
        for row in report[title].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "IMPORTXML" in cell.value:
                    found += 1
                    assert cell.data_type == "s", f"{title}!{cell.coordinate} became a formula"
    assert found >= 2  # at least the Schedule and the Gantt name the task
