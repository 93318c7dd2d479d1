"""`pmkit excel`: the prepared workbook, its Dashboard formulas, and the xlwings Lite main.py."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from addin import functions
from pmkit.cli import main
from tests.addin.addin_shapes import Rows, classic, column
from tests.builders import as_libreoffice_saves_it

CALL = re.compile(r"^=(?P<name>PM_\w+)\((?P<args>.*)\)$")


@pytest.fixture
def prepared(sample_path: Path, tmp_path: Path) -> Path:
    plan = tmp_path / "plan.xlsx"
    shutil.copy(sample_path, plan)
    assert main(["excel", str(plan)]) == 0
    return tmp_path / "plan-excel.xlsx"


def _formulas(path: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(path)["Dashboard"]
    found = {}
    for row in sheet.iter_rows():
        for cell in row:
            text = getattr(cell.value, "text", cell.value)
            if isinstance(text, str) and "PM_" in text:
                found[cell.coordinate] = text if text.startswith("=") else f"={text}"
    return found


def test_excel_adds_dashboard_and_xlwings_conf(prepared: Path) -> None:
    """The copy has an xlwings.conf naming addin.functions and a Dashboard of PM_ formulas."""
    workbook = openpyxl.load_workbook(prepared)
    assert workbook.sheetnames[-2:] == ["xlwings.conf", "Dashboard"]
    conf = workbook["xlwings.conf"]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "addin.functions")
    formulas = _formulas(prepared)
    names = {CALL.match(text)["name"] for text in formulas.values()}  # type: ignore[index]
    assert {"PM_STATUS", "PM_SLIP", "PM_SCHEDULE", "PM_FLAGS", "PM_VARIANCE"} <= names
    assert formulas["B4"] == "=PM_STATUS(Plan[#All],,,Holidays[Date],Settings[#All])"
    assert formulas["O5"] == "=PM_SCHEDULE(Plan[#All],,Holidays[Date],Settings[#All])"


def test_dashboard_formulas_are_dynamic_arrays(prepared: Path) -> None:
    """Every formula is marked the way Excel marks spilling formulas (cm and metadata)."""
    with zipfile.ZipFile(prepared) as package:
        names = package.namelist()
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("xl/_rels/workbook.xml.rels").decode()
        sheets = [package.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet")]
    assert "xl/metadata.xml" in names
    assert "/xl/metadata.xml" in types
    assert 'relationships/sheetMetadata" Target="metadata.xml"' in rels
    dashboard = next(xml for xml in sheets if "PM_SCHEDULE" in xml)
    cells = re.findall(r'<c r="(\w+)"[^>]*cm="1"[^>]*><f t="array" ref="(\w+)">PM_', dashboard)
    assert len(cells) == len(_formulas(prepared))
    assert all(cell == ref for cell, ref in cells)


def _evaluate(text: str, sources: dict[str, Any], done: dict[str, Any]) -> Any:
    """A Dashboard formula, computed by the Python functions as Excel would call them."""
    match = CALL.match(text)
    assert match, text
    args: list[Any] = []
    for raw in match["args"].split(","):
        if raw == "":
            args.append(None)
        elif raw in sources:
            args.append(sources[raw])
        elif raw.startswith('"'):
            args.append(raw.strip('"'))
        elif raw == "TODAY()":
            args.append(date.today())
        elif raw in done:
            args.append(done[raw])
        else:
            args.append(float(raw))
    return getattr(functions, match["name"])(*args)


def test_dashboard_formulas_agree_with_the_cli(
    prepared: Path, sample: dict[str, Rows], cli_json: dict[str, Any]
) -> None:
    """Evaluated with the workbook's own tables, the Dashboard shows the CLI's figures."""
    sources = {
        "Plan[#All]": classic(sample["Plan"]),
        "Holidays[Date]": column(classic(sample["Holidays"]), "Date"),
        "Settings[#All]": classic(sample["Settings"]),
        "Changes[#All]": classic(sample["Changes"]),
        "'Baseline'!$A$1:$F$20000": classic(sample["Baseline"]),
    }
    done: dict[str, Any] = {}
    for cell, text in sorted(_formulas(prepared).items(), key=lambda item: int(item[0][1:])):
        done[cell] = _evaluate(text, sources, done)
        assert not (isinstance(done[cell], str) and done[cell].startswith("PM_")), done[cell]
    project = cli_json["project"]
    assert done["B4"] == project["status"]
    assert done["B5"] == project["slip"]
    assert done["B6"].isoformat() == project["forecast_finish"]
    assert done["B7"] == pytest.approx(project["spi"])
    assert done["B9"] == pytest.approx(project["scope_growth_days"])
    assert done["B10"] == pytest.approx(project["approved_growth_days"])
    assert [str(task) for task in done["D5"]] == project["critical_path"]


def test_excel_refuses_to_overwrite_without_force(prepared: Path, capsys: Any) -> None:
    """An existing output is kept unless --force is given."""
    before = prepared.read_bytes()
    assert main(["excel", str(prepared.with_name("plan.xlsx"))]) == 2
    assert "already exists; nothing was written" in capsys.readouterr().err
    assert prepared.read_bytes() == before
    assert main(["excel", str(prepared.with_name("plan.xlsx")), "--force"]) == 0


def test_excel_on_a_file_that_is_not_a_workbook(tmp_path: Path, capsys: Any) -> None:
    """A bad file gives one line on stderr and exit status 2."""
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook")
    assert main(["excel", str(bad)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("pmkit: ")
    assert "Traceback" not in error


def test_excel_lite_writes_main_py(tmp_path: Path) -> None:
    """--lite writes xlwings Lite's main.py, which defines every PM_ function."""
    target = tmp_path / "main.py"
    assert main(["excel", "--lite", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.rstrip().endswith(
        "from addin.functions import *  # noqa: E402,F403 - xlwings Lite registers these functions"
    )
    compile(text, "main.py", "exec")


def test_excel_needs_a_plan_or_lite(capsys: Any) -> None:
    """With neither a plan nor --lite there is nothing to do: one clear line."""
    assert main(["excel"]) == 2
    assert "give a plan workbook, or --lite" in capsys.readouterr().err


def test_an_edited_button_macro_file_is_never_replaced_without_force(
    sample_path: Path, tmp_path: Path, capsys: Any
) -> None:
    """The owner's own PmkitButtons.bas beside the plan: refused before anything is
    written (exit 2, their file and the folder as they were); --force replaces it; pmkit's
    own text is simply written again."""
    plan = tmp_path / "plan.xlsx"
    shutil.copy(sample_path, plan)
    mine = tmp_path / "PmkitButtons.bas"
    mine.write_bytes(b"' my own buttons\r\n")
    assert main(["excel", str(plan)]) == 2
    assert "PmkitButtons.bas already exists and is not the text pmkit writes" in (
        capsys.readouterr().err
    )
    assert mine.read_bytes() == b"' my own buttons\r\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["PmkitButtons.bas", "plan.xlsx"]
    assert main(["excel", str(plan), "--force"]) == 0
    assert mine.read_bytes() != b"' my own buttons\r\n"
    (tmp_path / "plan-excel.xlsx").unlink()
    assert main(["excel", str(plan)]) == 0  # pmkit's own text: written again, no refusal


def test_excel_writes_the_button_macros_beside_the_workbook(prepared: Path) -> None:
    """PmkitButtons.bas lands next to the workbook, byte for byte macros/PmkitButtons.bas
    (which is written from the same text: `python -m addin.vba`)."""
    written = prepared.with_name("PmkitButtons.bas").read_bytes()
    repository = Path(__file__).resolve().parents[2] / "macros" / "PmkitButtons.bas"
    assert written == repository.read_bytes(), "stale: run python -m addin.vba"
    assert b"\r\n" in written
    for button in ("validate_plan", "build_schedule", "set_baseline", "refresh_report"):
        assert f"addin.buttons.{button}()".encode() in written


def test_excel_in_place_refusal_advises_what_this_command_can_do(
    tmp_path: Path, capsys: Any
) -> None:
    """A plan with a chart openpyxl cannot keep: `pmkit excel --in-place` refuses (the
    file as it was) and says to write the copy this command writes by default, not to
    write a report or press Refresh report (neither adds the Dashboard)."""
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    for row in (["ID", "Task", "Duration"], [1, "Design", 3], [2, "Build", 5]):
        sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=3, min_row=1, max_row=3), titles_from_data=True)
    book.create_sheet("Costs").add_chart(chart, "B3")
    plan = tmp_path / "plan.xlsx"
    book.save(plan)
    before = plan.read_bytes()
    assert main(["excel", str(plan), "--in-place"]) == 2
    assert plan.read_bytes() == before
    error = capsys.readouterr().err
    assert "chart" in error
    assert "report" not in error
    assert "Leave out --in-place" in error


def test_a_plan_saved_by_libreoffice_loses_nothing_through_excel(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """LibreOffice writes each sheet's print titles twice and an empty custom properties
    part; openpyxl keeps the titles once and drops the empty part, which loses nothing. So
    `pmkit excel --in-place` writes the plan — it refused every LibreOffice-saved plan,
    for "1 custom document properties part and 1 print titles or area on sheet Plan" —
    and the copy notes nothing missing."""
    plan = tmp_path / "plan.xlsx"
    shutil.copy(sample_path, plan)
    as_libreoffice_saves_it(plan)
    assert main(["excel", str(plan)]) == 0
    printed = capsys.readouterr()
    assert "does not keep" not in printed.out + printed.err
    assert main(["excel", str(plan), "--in-place"]) == 0
    assert "Dashboard" in openpyxl.load_workbook(plan).sheetnames
