"""read_plan on real .xlsx files: sheets, headers, columns, rows and every input sheet."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pmkit
from pmkit.engine.issues import Severity
from pmkit.engine.model import Link, LinkType, TaskStatus
from pmkit.reading import Grid, plan_from_grids
from tests.builders import PLAN_HEADER, put_excel_errors, write_workbook
from tests.strategies import cell_values

MONDAY = date(2026, 3, 2)


def codes(plan: pmkit.Plan) -> list[tuple[str, str]]:
    return [(str(issue.code), str(issue.location)) for issue in plan.issues]


@pytest.fixture
def simple(tmp_path: Path) -> Path:
    return write_workbook(
        tmp_path / "simple.xlsx",
        {
            "Plan": [
                PLAN_HEADER,
                [1, "Design", "Ann", 5, None],
                [2, "Build", "Bob", 3, "1"],
                [3, "Launch", "Ann", 0, "2FS+1"],
            ]
        },
    )


def test_simple_plan(simple: Path) -> None:
    """A plain workbook reads into tasks with ids, names, owners, durations and links."""
    plan = pmkit.read_plan(simple)
    assert [(t.id, t.name, t.owner, t.duration_days) for t in plan.tasks] == [
        ("1", "Design", "Ann", 5),
        ("2", "Build", "Bob", 3),
        ("3", "Launch", "Ann", 0),
    ]
    assert plan.tasks[2].links == (Link("2", LinkType.FS, 1),)
    assert [t.row for t in plan.tasks] == [2, 3, 4]
    assert plan.issues == ()
    assert plan.name == "simple"
    assert plan.source == str(simple)


def test_read_plan_accepts_text_paths(simple: Path) -> None:
    """read_plan takes a str as well as a Path."""
    assert len(pmkit.read_plan(str(simple)).tasks) == 3


def test_header_below_title_and_away_from_a1(tmp_path: Path) -> None:
    """A table starting at C4 under a title keeps the sheet's own row and column numbers."""
    path = write_workbook(
        tmp_path / "offset.xlsx",
        {
            "Plan": [
                ["Website relaunch"],
                [],
                [],
                ["id", " TASK ", "Deadline", "Duration"],
                [1, "Design", "not a date", 2],
            ]
        },
        starts={"Plan": "C4"},
    )
    plan = pmkit.read_plan(path)
    assert plan.tasks[0].row == 8
    assert dict(plan.columns) == {"id": 3, "name": 4, "deadline": 5, "duration_days": 6}
    assert codes(plan) == [("bad-date", "Plan!E8")]
    assert str(plan.location(plan.tasks[0], "deadline")) == "Plan!E8"


def test_columns_in_any_order_unknown_ones_ignored(tmp_path: Path) -> None:
    """Columns are matched by name in any order and case; the owner's own columns are ignored."""
    path = write_workbook(
        tmp_path / "order.xlsx",
        {
            "PLAN ": [
                ["My notes", "duration", "% complete", "task", "Vendor PO", "ID"],
                ["call Bob", 4, 0.25, "Design", "PO-7", 7.0],
            ]
        },
    )
    plan = pmkit.read_plan(path)
    [task] = plan.tasks
    assert (task.id, task.name, task.duration_days, task.percent_complete) == (
        "7",
        "Design",
        4,
        0.25,
    )
    assert task.notes is None
    assert plan.plan_sheet == "PLAN "


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    """Blank rows (even with spaces) are skipped; row numbers stay the sheet's own."""
    path = write_workbook(
        tmp_path / "blank.xlsx",
        {"Plan": [PLAN_HEADER, [1, "A", "x", 1], [], ["  ", None, ""], [2, "B", "x", 1]]},
    )
    plan = pmkit.read_plan(path)
    assert [(t.id, t.row) for t in plan.tasks] == [("1", 2), ("2", 5)]
    assert plan.issues == ()


def test_every_plan_column(tmp_path: Path) -> None:
    """Every Plan column of docs/plan-workbook.md lands in its Task field."""
    header = [
        "ID", "Task", "Phase", "Owner", "Duration", "Predecessors", "Start No Earlier Than",
        "Deadline", "% Complete", "Actual Start", "Actual Finish", "Budget", "Actual Cost",
        "Status", "Last Update", "Change Request", "Baseline Start", "Baseline Finish",
        "Baseline Duration", "Baseline Cost", "Notes",
    ]  # fmt: skip
    row = [
        "T1", "Design", "Build", "Ann", 5, None, MONDAY, date(2026, 3, 20), 0.4,
        datetime(2026, 3, 3, 9, 0), None, 1000, 450.5, "in progress", date(2026, 3, 5),
        "CR-1", MONDAY, date(2026, 3, 6), 5, 900, "careful",
    ]  # fmt: skip
    path = write_workbook(tmp_path / "all.xlsx", {"Plan": [header, row]})
    [task] = pmkit.read_plan(path).tasks
    assert task == pmkit.Task(
        id="T1",
        name="Design",
        duration_days=5,
        row=2,
        phase="Build",
        owner="Ann",
        start_no_earlier_than=MONDAY,
        deadline=date(2026, 3, 20),
        percent_complete=0.4,
        actual_start=date(2026, 3, 3),
        budget=1000.0,
        actual_cost=450.5,
        status=TaskStatus.IN_PROGRESS,
        last_update=date(2026, 3, 5),
        change_request="CR-1",
        baseline_start=MONDAY,
        baseline_finish=date(2026, 3, 6),
        baseline_duration_days=5,
        baseline_cost=900.0,
        notes="careful",
    )


def test_dates_as_serials_and_text(tmp_path: Path) -> None:
    """Dates typed as serial numbers, ISO text and unambiguous local text all read; a
    serial in a cell without a date format says which date it was read as, and 60 (a
    date of 1900) is no date a plan could mean."""
    path = write_workbook(
        tmp_path / "dates.xlsx",
        {
            "Plan": [
                ["ID", "Task", "Duration", "Deadline", "Actual Start", "Start No Earlier Than"],
                [1, "A", 1, 46094, "2026-03-13", "13/03/2026"],
                [2, "B", 1, 60, "03/04/2026", "Mar 13, 2026"],
            ]
        },
    )
    plan = pmkit.read_plan(path)
    first, second = plan.tasks
    assert first.deadline == first.actual_start == first.start_no_earlier_than == date(2026, 3, 13)
    assert second.start_no_earlier_than == date(2026, 3, 13)
    assert second.deadline is None
    assert second.actual_start is None
    assert codes(plan) == [
        ("date-from-number", "Plan!D2"),
        ("bad-date", "Plan!D3"),
        ("bad-date", "Plan!E3"),
    ]


def test_numbers_read_as_dates_are_one_note_for_the_plan(tmp_path: Path) -> None:
    """A file whose date formats were lost has a serial in every date cell: the notes are
    one finding naming the cells, not a sentence added to every task's finding (each of
    ten tasks' deadline finding carried two, 40 words each)."""
    rows: list[list[object]] = [["ID", "Task", "Duration", "Deadline", "Start No Earlier Than"]]
    rows += [[n, f"T{n}", 1, 46094 + n, 46090] for n in range(1, 11)]
    analysis = pmkit.analyze(
        pmkit.read_plan(write_workbook(tmp_path / "bare.xlsx", {"Plan": rows}))
    )
    (note,) = [i for i in analysis.issues if i.code == "date-from-number"]
    assert note.message == (
        "20 date cells hold numbers without a date format, each read as the date it stands "
        "for in Excel (Plan!D2, Plan!E2, Plan!D3 and 17 more: each detail says how it was "
        "read); if those are the dates meant, format the cells as dates, else type the dates"
    )
    assert len(note.details) == 20
    assert not any(
        detail.code == "date-from-number"
        for issue in analysis.issues
        if issue is not note
        for detail in issue.cells()
    )


def test_percentages_typed_as_whole_numbers_are_one_note_for_the_plan(tmp_path: Path) -> None:
    """A % Complete column typed 10, 20, … in plain cells: one note naming the cells,
    each cell's reading a detail (a sentence was added to each task's finding)."""
    rows: list[list[object]] = [["ID", "Task", "Duration", "% Complete", "Deadline"]]
    rows += [[n, f"T{n}", 5, 10 * n, date(2026, 1, 5)] for n in range(1, 6)]
    analysis = pmkit.analyze(
        pmkit.read_plan(write_workbook(tmp_path / "plain.xlsx", {"Plan": rows})),
        date(2026, 3, 2),
    )
    (note,) = [i for i in analysis.issues if i.code == "percent-as-whole-number"]
    assert note.message == (
        "5 percentages are typed as whole numbers, each read as a whole percent (Plan!D2, "
        "Plan!D3, Plan!D4 and 2 more: each detail says how it was read); type them with a % "
        "sign, as 50%, or format the cells as percentages"
    )
    assert note.details[0].message == "% Complete 10 is read as 10 %"
    assert [task.percent_complete for task in analysis.plan.tasks] == [0.1, 0.2, 0.3, 0.4, 0.5]


def test_a_status_date_typed_as_a_serial_is_used_with_a_note(tmp_path: Path) -> None:
    """A Status Date typed as 46097 in a General cell is read as Mon 16 Mar 2026 and used,
    with a note saying so (a note is not a setting pmkit cannot read)."""
    path = write_workbook(
        tmp_path / "status.xlsx",
        {
            "Plan": [PLAN_HEADER, [1, "A", "Ann", 1, None]],
            "Settings": [["Setting", "Value"], ["Status Date", 46097]],
        },
    )
    plan = pmkit.read_plan(path)
    assert plan.settings.status_date == date(2026, 3, 16)
    (note,) = [i for i in plan.issues if str(i.location) == "Settings!B2"]
    assert note.code == "date-from-number"
    assert "read as Mon 16 Mar 2026" in note.message


def test_duplicate_and_missing_ids(tmp_path: Path) -> None:
    """A repeated id keeps the first row and errors on the later, naming the first; no id errors."""
    path = write_workbook(
        tmp_path / "ids.xlsx",
        {"Plan": [PLAN_HEADER, [7, "A", "x", 1], [7.0, "B", "x", 1], [None, "C", "x", 1]]},
    )
    plan = pmkit.read_plan(path)
    assert [(t.id, t.name) for t in plan.tasks] == [("7", "A")]
    assert codes(plan) == [("duplicate-id", "Plan!A3"), ("missing-id", "Plan!A4")]
    assert "row 2" in plan.issues[0].message


def test_bad_cells_are_located(tmp_path: Path) -> None:
    """Text in number columns, bad durations and bad predecessors are errors at their cells."""
    path = write_workbook(
        tmp_path / "bad.xlsx",
        {
            "Plan": [
                [*PLAN_HEADER, "Budget", "% Complete", "Status"],
                [1, "A", "x", "abc", None, "lots", 250, "nope"],
                [2, "B", "x", -3, "1, 3XX+", None, 50, "DONE"],
                [3, "C", "x", 1e9, "+5", None, None, None],
                [4, "D", "x", None, "3FS+2x", None, None, None],
            ]
        },
    )
    plan = pmkit.read_plan(path)
    assert codes(plan) == [
        ("bad-duration", "Plan!D2"),
        ("bad-number", "Plan!F2"),
        ("bad-percent", "Plan!G2"),
        ("bad-value", "Plan!H2"),
        ("bad-duration", "Plan!D3"),
        ("bad-predecessor", "Plan!E3"),
        ("percent-as-whole-number", "Plan!G3"),
        ("bad-duration", "Plan!D4"),
        ("bad-predecessor", "Plan!E4"),
        ("bad-duration", "Plan!D5"),
        ("bad-predecessor", "Plan!E5"),
    ]
    assert [t.duration_days for t in plan.tasks] == [None, None, None, None]
    assert plan.tasks[1].links == (Link("1"),)
    assert plan.tasks[1].status is TaskStatus.DONE
    assert all(issue.task_id for issue in plan.issues)


def test_a_cost_below_zero_is_a_located_error_and_left_out(tmp_path: Path) -> None:
    """A Budget, Actual Cost or Baseline Cost below zero is a bad-number error at its cell
    and is read as blank: a -500 Actual Cost would lower the money spent and make CPI
    look better than the truth. A change request's Cost Impact may be below zero (the
    change saves money)."""
    header = [*PLAN_HEADER, "% Complete", "Budget", "Actual Cost", "Baseline Cost"]
    path = write_workbook(
        tmp_path / "negative.xlsx",
        {
            "Plan": [
                header,
                [1, "A", "Ann", 2, None, 1, 1000, -500, 1000],
                [2, "B", "Ann", 2, "1", 0, -200, None, "-$300"],
                [3, "C", "Ann", 2, "2", 0, "-1,000 EUR", None, 0],
            ],
            "Changes": [
                ["CR ID", "Description", "Decision", "Cost Impact"],
                ["CR-1", "Less", "Approved", -250],
            ],
            "Baseline": [
                ["ID", "Task", "Duration", "Start", "Finish", "Cost"],
                [1, "A", 2, None, None, -9],
            ],
        },
    )
    plan = pmkit.read_plan(path)
    assert codes(plan) == [
        ("bad-number", "Plan!H2"),
        ("bad-number", "Plan!G3"),
        ("bad-number", "Plan!I3"),
        ("bad-number", "Plan!G4"),
        ("bad-number", "Baseline!F2"),
    ]
    below = "Actual Cost -500 is below zero; type the amount as zero or more"
    assert plan.issues[0].message == below
    assert [t.actual_cost for t in plan.tasks] == [None, None, None]
    assert [t.budget for t in plan.tasks] == [1000, None, None]
    assert [t.baseline_cost for t in plan.tasks] == [1000, None, 0]
    assert [c.cost_impact for c in plan.changes] == [-250]
    assert plan.baseline is not None
    assert [task.cost for task in plan.baseline.tasks] == [None]


def test_formula_errors_are_located(tmp_path: Path) -> None:
    """Formulas whose cached value is an Excel error are errors naming the error, at the cell."""
    path = write_workbook(
        tmp_path / "formulas.xlsx",
        {"Plan": [[*PLAN_HEADER, "Deadline"], [1, "A", "x", "dur", None, "due"]]},
    )
    put_excel_errors(path, "xl/worksheets/sheet1.xml", {"D2": "#REF!", "F2": "#DIV/0!"})
    plan = pmkit.read_plan(path)
    assert codes(plan) == [("formula-error", "Plan!D2"), ("formula-error", "Plan!F2")]
    assert "#REF!" in plan.issues[0].message
    assert "#DIV/0!" in plan.issues[1].message


def test_merged_data_cells_warn(tmp_path: Path) -> None:
    """Merged cells below the header give a located merged-cells warning."""
    path = write_workbook(
        tmp_path / "merged.xlsx",
        {"Plan": [PLAN_HEADER, [1, "A", "Ann", 1], [2, "B", None, 1]]},
        merged={"Plan": ["C2:C3"]},
    )
    plan = pmkit.read_plan(path)
    assert codes(plan) == [("merged-cells", "Plan!C2")]
    assert plan.issues[0].severity is Severity.WARNING


def test_no_baseline_sheet_means_none(simple: Path) -> None:
    """Without a Baseline sheet, plan.baseline is None."""
    assert pmkit.read_plan(simple).baseline is None


def test_xlsm_reads_like_xlsx(simple: Path, tmp_path: Path) -> None:
    """A macro workbook's extension (.xlsm) reads the same."""
    macro = tmp_path / "plan.xlsm"
    macro.write_bytes(simple.read_bytes())
    assert len(pmkit.read_plan(macro).tasks) == 3


def test_grids_from_a_front_end() -> None:
    """plan_from_grids takes values as a front end holds them (None for empty, ragged rows)."""
    plan = plan_from_grids(
        "From Excel",
        {
            "plan": Grid("plan", [["ID", "Task", "Duration"], [1, "A", 2], [2.0, "B"]], 3, 2),
            "Settings": Grid("Settings", [["Status Date", 46094]]),
        },
    )
    assert [(t.id, t.row, t.duration_days) for t in plan.tasks] == [("1", 4, 2), ("2", 5, None)]
    assert codes(plan) == [("bad-duration", "plan!D5"), ("holidays-not-counted", "Settings")]
    assert plan.settings.status_date == date(2026, 3, 13)


def test_generated_plan_round_trip(tmp_path: Path) -> None:
    """A generated plan written as an owner's workbook reads back task for task."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "generate_plan.py"
    spec = importlib.util.spec_from_file_location("generate_plan", script)
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    written = generator.generate_plan(300)
    path = generator.write_workbook(written, tmp_path / "generated.xlsx")
    plan = pmkit.read_plan(path)
    assert plan.issues == ()
    assert len(plan.tasks) == len(written.tasks)
    for read_task, original in zip(plan.tasks, written.tasks, strict=True):
        assert read_task.links == original.links
        assert (read_task.id, read_task.duration_days, read_task.status) == (
            original.id,
            original.duration_days,
            original.status,
        )
        assert (read_task.actual_start, read_task.baseline_finish, read_task.deadline) == (
            original.actual_start,
            original.baseline_finish,
            original.deadline,
        )
        assert read_task.percent_complete == pytest.approx(original.percent_complete)


def test_project_xml_goes_to_the_mspdi_reader() -> None:
    """A .xml path is read as Microsoft Project XML (MSPDI)."""
    sample = (
        Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "sample.mspdi.xml"
    )
    if not sample.is_file():
        pytest.skip("../shared/reference is not beside this checkout")
    plan = pmkit.read_plan(sample)
    assert plan.tasks


def test_broken_project_xml_is_a_plan_file_error(tmp_path: Path) -> None:
    """A damaged .xml file is a PlanFileError with one line, never a traceback."""
    path = tmp_path / "vendor.xml"
    path.write_text("<Project><Tasks>")
    with pytest.raises(pmkit.PlanFileError):
        pmkit.read_plan(path)


def test_formula_error_left_of_the_used_range(tmp_path: Path) -> None:
    """An error in the first column still counts, though the parser reads it as empty."""
    path = write_workbook(
        tmp_path / "left.xlsx",
        {"Plan": [PLAN_HEADER, ["id?", "A", "Ann", 1], [2, "B", "Ann", 1]]},
    )
    put_excel_errors(path, "xl/worksheets/sheet1.xml", {"A2": "#N/A"})
    plan = pmkit.read_plan(path)
    assert [t.id for t in plan.tasks] == ["2"]
    assert codes(plan) == [("formula-error", "Plan!A2")]


def test_grid_reading_needs_only_the_standard_library() -> None:
    """Importing pmkit.reading loads no calamine, defusedxml or holidays (Pyodide front ends)."""
    import subprocess
    import sys

    code = (
        "import sys, pmkit.reading; "
        "print(sorted(m for m in ('python_calamine', 'defusedxml', 'holidays', 'openpyxl') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unusable_ids_and_blank_durations(tmp_path: Path) -> None:
    """An id like TRUE or a date leaves its row out with an error; a blank Duration is an error."""
    path = write_workbook(
        tmp_path / "odd.xlsx",
        {
            "Plan": [
                PLAN_HEADER,
                [True, "A", "Ann", 1],
                [date(2026, 3, 2), "B", "Ann", 1],
                [3, "C", "Ann", "   "],
            ]
        },
    )
    plan = pmkit.read_plan(path)
    assert [task.id for task in plan.tasks] == ["3"]
    assert codes(plan) == [
        ("bad-value", "Plan!A2"),
        ("bad-value", "Plan!A3"),
        ("bad-duration", "Plan!D4"),
    ]
    assert "row 2 is left out" in plan.issues[0].message


def test_renamed_plan_sheet_found_by_its_table(tmp_path: Path) -> None:
    """A Plan sheet the owner renamed is found through the Excel table named Plan on it."""
    from openpyxl import load_workbook
    from openpyxl.worksheet.table import Table

    path = write_workbook(
        tmp_path / "renamed.xlsx", {"Our tasks": [PLAN_HEADER, [1, "Design", "Ann", 5, None]]}
    )
    book = load_workbook(path)
    book["Our tasks"].add_table(Table(displayName="Plan", ref="A1:E2"))
    book.save(path)
    plan = pmkit.read_plan(path)
    assert [task.id for task in plan.tasks] == ["1"]
    assert plan.plan_sheet == "Our tasks"


def test_header_on_row_ten_is_found() -> None:
    """The header may sit as low as row 10."""
    rows: list[list[object]] = [["notes"] for _ in range(9)]
    rows += [["ID", "Task", "Duration"], [1, "A", 1]]
    plan = plan_from_grids("p", {"Plan": Grid("Plan", rows)})
    assert [(task.id, task.row) for task in plan.tasks] == [("1", 11)]


@given(
    st.lists(
        st.tuples(st.integers(1, 50), st.text(max_size=8), cell_values, cell_values),
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
def test_row_order_never_changes_what_a_task_reads_as(
    rows: list[tuple[int, str, object, object]], shuffler: random.Random
) -> None:
    """Shuffled rows read into the same tasks and the same findings (rows aside)."""
    header = ["ID", "Task", "Duration", "Deadline"]
    unique = list({row[0]: row for row in rows}.values())  # duplicates keep the first row
    shuffled = unique[:]
    shuffler.shuffle(shuffled)

    def read(order: list[tuple[int, str, object, object]]) -> tuple[object, object]:
        plan = plan_from_grids("p", {"Plan": Grid("Plan", [header, *map(list, order)])})
        tasks = {task.id: replace(task, row=0) for task in plan.tasks}
        findings = sorted((str(i.code), i.task_id or "", i.message) for i in plan.issues)
        return tasks, findings

    assert read(unique) == read(shuffled)


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(["ID", "Task", "Duration"], id="required-only"),
        pytest.param(["ID", "Task", "Duration", "Predecessors", "% Complete", "Status"], id="more"),
    ],
)
def test_header_without_rows_is_an_empty_plan(header: list[str]) -> None:
    """A Plan sheet with only its header reads as a plan with no tasks."""
    plan = plan_from_grids("p", {"Plan": Grid("Plan", [header])})
    assert plan.tasks == ()
    assert plan.issues == ()


@pytest.mark.parametrize(
    ("value", "says"),
    [
        pytest.param(date(9999, 12, 31), "a plan can use", id="last-excel-date"),
        pytest.param(2_958_465, "is a number, not a date", id="last-excel-serial"),
        pytest.param("2999-01-01", "a plan can use", id="iso-text-far-future"),
        pytest.param("1800-01-01", "a plan can use", id="iso-text-before-1900"),
    ],
)
def test_a_date_no_plan_can_use_is_a_located_error(
    tmp_path: Path, value: object, says: str
) -> None:
    """A typo like 9999-12-31 in a Deadline is a bad-date error at its cell, and the rest of
    the plan is still scheduled (it used to send the calendar to the end of time)."""
    import pmkit

    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                [*PLAN_HEADER, "Deadline"],
                [1, "Design", "Ann", 3, None, value],
                [2, "Build", "Bob", 2, "1", None],
            ]
        },
    )
    plan = pmkit.read_plan(path)
    bad = [issue for issue in plan.issues if issue.code == "bad-date"]
    assert [str(issue.location) for issue in bad] == ["Plan!F2"]
    assert says in bad[0].message
    assert plan.tasks[0].deadline is None
    result = pmkit.analyze(plan)
    assert result.tasks["2"].early_finish is not None
