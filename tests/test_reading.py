"""read_plan on real .xlsx files: sheets, headers, columns, rows and every input sheet."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from builders import PLAN_HEADER, put_excel_errors, write_workbook

import pmkit
from pmkit.issues import Severity
from pmkit.model import Decision, Link, LinkType, TaskStatus
from pmkit.reading import Grid, plan_from_grids

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
    """Every Plan column of SPEC section 2 lands in its Task field."""
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
    """Dates typed as serial numbers, ISO text and unambiguous local text all read."""
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
    assert codes(plan) == [("bad-date", "Plan!D3"), ("bad-date", "Plan!E3")]


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


SETTINGS = [
    ["Setting", "Value"],
    ["Project", "Relaunch"],
    ["Project Start", MONDAY],
    ["Status Date", "2026-03-13"],
    ["Work Week", "Sun-Thu"],
    ["Currency", "EUR"],
    ["Slip Tolerance Days", 2],
    ["Stalled After Days", 10],
    ["Scope Creep Threshold %", 0.15],
    ["Critical Float Days", 1],
    ["Move Unfinished Work Past Status Date", "no"],
    ["Favourite colour", "blue"],
]


def test_settings(tmp_path: Path) -> None:
    """Every setting is parsed; an unknown one is an info note."""
    path = write_workbook(tmp_path / "settings.xlsx", {"Plan": [PLAN_HEADER], "settings": SETTINGS})
    plan = pmkit.read_plan(path)
    assert plan.settings == pmkit.Settings(
        project_name="Relaunch",
        project_start=MONDAY,
        status_date=date(2026, 3, 13),
        work_week=frozenset({6, 0, 1, 2, 3}),
        currency="EUR",
        slip_tolerance_days=2,
        stalled_after_days=10,
        scope_creep_threshold_pct=15.0,
        critical_float_days=1,
        move_unfinished_work=False,
    )
    assert codes(plan) == [("unknown-setting", "settings!A12")]
    assert plan.issues[0].severity is Severity.INFO


@pytest.mark.parametrize(
    ("text", "days"),
    [
        pytest.param("Mon-Fri", {0, 1, 2, 3, 4}, id="mon-fri"),
        pytest.param("Mon-Sat", {0, 1, 2, 3, 4, 5}, id="mon-sat"),
        pytest.param("Sun-Thu", {6, 0, 1, 2, 3}, id="sun-thu-wraps"),
        pytest.param("Mon,Tue,Thu", {0, 1, 3}, id="list"),
        pytest.param("mon - wed, fri", {0, 1, 2, 4}, id="mixed"),
        pytest.param("Monday to Friday", {0, 1, 2, 3, 4}, id="words"),
        pytest.param("Tue Thu", {1, 3}, id="spaces"),
    ],
)
def test_work_week(tmp_path: Path, text: str, days: set[int]) -> None:
    """Work Week accepts ranges, lists and their mixes."""
    path = write_workbook(
        tmp_path / "week.xlsx",
        {"Plan": [PLAN_HEADER], "Settings": [["Setting", "Value"], ["Work Week", text]]},
    )
    assert pmkit.read_plan(path).settings.work_week == frozenset(days)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("Work Week", "Funday-Fri", id="work-week"),
        pytest.param("Move Unfinished Work Past Status Date", "maybe", id="yes-no"),
        pytest.param("Slip Tolerance Days", "soon", id="days"),
        pytest.param("Status Date", "someday", id="date"),
        pytest.param("Holiday Country", "XX", id="country"),
        pytest.param("Holiday Country", "GB-ZZZ", id="region"),
    ],
)
def test_bad_settings(tmp_path: Path, name: str, value: str) -> None:
    """A bad setting is a bad-setting error at its value cell, and the default is kept."""
    path = write_workbook(
        tmp_path / "bad-settings.xlsx",
        {"Plan": [PLAN_HEADER], "Settings": [["Setting", "Value"], [name, value]]},
    )
    plan = pmkit.read_plan(path)
    assert codes(plan) == [("bad-setting", "Settings!B2")]
    assert plan.settings.work_week == frozenset(range(5))
    assert plan.settings.move_unfinished_work is True


def test_holidays_sheet_and_country(tmp_path: Path) -> None:
    """Holidays sheet days and the Holiday Country's public holidays are both in plan.holidays."""
    path = write_workbook(
        tmp_path / "holidays.xlsx",
        {
            "Plan": [[*PLAN_HEADER, "Start No Earlier Than"], [1, "A", "x", 1, None, MONDAY]],
            "Settings": [["Setting", "Value"], ["Holiday Country", "gb-eng"]],
            "Holidays": [
                ["Date", "Name"],
                [date(2026, 3, 5), "Office move"],
                [date(2026, 12, 25), "Shut"],
            ],
        },
    )
    plan = pmkit.read_plan(path)
    by_day = {holiday.day: holiday.name for holiday in plan.holidays}
    assert by_day[date(2026, 3, 5)] == "Office move"
    assert by_day[date(2026, 12, 25)] == "Shut"  # the owner's name wins
    assert "Easter Monday" in by_day[date(2026, 4, 6)]
    assert date(2025, 12, 26) in by_day
    assert date(2036, 12, 26) in by_day
    assert date(2024, 12, 25) not in by_day
    assert plan.settings.holiday_country == "GB-ENG"
    assert plan.issues == ()


@pytest.mark.parametrize(
    ("code", "day"),
    [
        pytest.param("US", date(2026, 7, 3), id="us"),
        pytest.param("US-CA", date(2026, 3, 31), id="us-california"),
        pytest.param("DE-BY", date(2026, 1, 6), id="germany-bavaria"),
    ],
)
def test_holiday_country_regions(tmp_path: Path, code: str, day: date) -> None:
    """Countries and their regions bring their own public holidays."""
    path = write_workbook(
        tmp_path / "country.xlsx",
        {"Plan": [PLAN_HEADER], "Settings": [["Setting", "Value"], ["Holiday Country", code]]},
    )
    assert day in {holiday.day for holiday in pmkit.read_plan(path).holidays}


def test_changes_risks_charter(tmp_path: Path) -> None:
    """Changes, Risks and Charter sheets read into their model objects."""
    path = write_workbook(
        tmp_path / "governance.xlsx",
        {
            "Plan": [PLAN_HEADER],
            "Changes": [
                [
                    "CR ID",
                    "Description",
                    "Requested By",
                    "Date",
                    "Decision",
                    "Days Impact",
                    "Cost Impact",
                ],
                ["CR-1", "Extra page", "Sales", MONDAY, "approved", 3, "$1,500"],
                ["CR-2", "Chat", "Owner", None, None, None, None],
                ["CR-3", "Blog", "Owner", None, "Perhaps", None, None],
            ],
            "Risks": [
                ["ID", "Risk", "Likelihood", "Impact", "Owner", "Mitigation", "Status"],
                ["R1", "Vendor late", 4, 4, "Ann", None, "open"],
                ["R2", "Data loss", 2, 9, "Bob", "Backups", "Closed"],
            ],
            "Charter": [
                ["Goal", "Success Measure", "Target", "Owner"],
                ["More orders", "Online orders a month", 200, "Owner"],
            ],
        },
    )
    plan = pmkit.read_plan(path)
    assert [(c.id, c.decision, c.days_impact, c.cost_impact) for c in plan.changes] == [
        ("CR-1", Decision.APPROVED, 3.0, 1500.0),
        ("CR-2", Decision.PENDING, None, None),
        ("CR-3", Decision.PENDING, None, None),
    ]
    assert plan.changes[0].requested_on == MONDAY
    assert [(r.id, r.score, r.is_open) for r in plan.risks] == [
        ("R1", 16, True),
        ("R2", None, False),
    ]
    assert [(c.goal, c.target) for c in plan.charter] == [("More orders", "200")]
    assert codes(plan) == [("bad-value", "Changes!E4"), ("bad-value", "Risks!D3")]


def test_baseline_sheet(tmp_path: Path) -> None:
    """The Baseline sheet: the `Baseline set on` date above the table, then the frozen rows."""
    path = write_workbook(
        tmp_path / "baseline.xlsx",
        {
            "Plan": [PLAN_HEADER, [1, "A", "x", 1]],
            "Baseline": [
                ["Baseline set on", MONDAY],
                ["Baseline number:", 2],
                [],
                ["ID", "Task", "Duration", "Start", "Finish", "Cost"],
                [1, "A", 1, MONDAY, MONDAY, 100],
                [2, "Removed since", 2, MONDAY, date(2026, 3, 3), None],
            ],
        },
    )
    baseline = pmkit.read_plan(path).baseline
    assert baseline == pmkit.BaselineSnapshot(
        set_on=MONDAY,
        tasks=(
            pmkit.BaselineTask("1", "A", 1, MONDAY, MONDAY, 100.0, 5),
            pmkit.BaselineTask("2", "Removed since", 2, MONDAY, date(2026, 3, 3), None, 6),
        ),
        number=2,
    )


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
    assert codes(plan) == [("bad-duration", "plan!D5")]
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


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param([MONDAY], range(2025, 2037), id="one-date"),
        pytest.param([MONDAY, date(2028, 5, 1)], range(2025, 2039), id="span"),
        pytest.param([date(1900, 1, 5), MONDAY, MONDAY], range(2025, 2037), id="typo-ignored"),
        pytest.param([], range(2025, 2037), id="no-dates-uses-today"),
    ],
)
def test_holiday_years(dates: list[date], expected: range) -> None:
    """Public holidays cover the plan's years generously, ignoring far-off typos."""
    from pmkit.reading.public_holidays import holiday_years

    assert holiday_years([*dates, None], today=date(2026, 6, 1)) == expected


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
