"""The template and the sample plan: generated from the schema, not stale, and complete."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import pmkit
from pmkit.cli import main
from pmkit.engine.issues import Severity
from pmkit.engine.schema import (
    BASELINE,
    BASELINE_SET_ON_LABEL,
    CHANGES,
    CHARTER,
    CONSTRAINT_CHOICES,
    DECISION_CHOICES,
    HOLIDAYS,
    PLAN,
    RISK_STATUS_CHOICES,
    RISKS,
    SETTINGS,
    SETTINGS_ROWS,
    STATUS_CHOICES,
    TEAM,
    YES_NO,
    Kind,
    SheetSchema,
)
from pmkit.outputs.print_layout import MIN_SCALE
from pmkit.outputs.text_size import INDENT_UNITS, text_units
from pmkit.reading.public_holidays import (
    COMMON_COUNTRIES,
    country_choice,
    country_code,
    public_holidays,
)
from pmkit.template import styles, template_bytes
from pmkit.template.builder import HOLIDAY_COUNTRIES, LISTS_SHEET
from pmkit.template.instructions import (
    CONSTRAINT_EXAMPLES,
    INSTRUCTIONS_SHEET,
    PREDECESSOR_EXAMPLES,
)
from pmkit.template.regenerate import (
    FINISHED_SAMPLE_FILE_NAME,
    SAMPLE_FILE_NAME,
    TEMPLATES_FOLDER,
    finished_sample_bytes,
    sample_bytes,
)
from pmkit.template.sample import FEATURE_TASKS, STATUS_DATE
from tests.builders import write_workbook
from tests.rendering import to_pdf

TEMPLATE_FILE = TEMPLATES_FOLDER / "plan-template.xlsx"
SAMPLE_FILE = TEMPLATES_FOLDER / SAMPLE_FILE_NAME
TABLE_SHEETS: tuple[SheetSchema, ...] = (PLAN, HOLIDAYS, CHANGES, RISKS, CHARTER, TEAM)


def _parts(data: bytes) -> dict[str, bytes]:
    """Every part of an .xlsx by name, uncompressed: equal whatever zlib compressed them."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def template() -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_bytes()))


@pytest.fixture(scope="module")
def sample() -> Workbook:
    return openpyxl.load_workbook(SAMPLE_FILE)


@pytest.fixture(scope="module")
def sample_analysis() -> pmkit.Analysis:
    return pmkit.analyze(pmkit.read_plan(SAMPLE_FILE))


def _validations(sheet: Worksheet) -> Iterator[DataValidation]:
    yield from sheet.data_validations.dataValidation


def _validation_at(sheet: Worksheet, cell: str, *, kind: str | None) -> DataValidation:
    for validation in _validations(sheet):
        if validation.type == kind and cell in validation.sqref:
            return validation
    raise AssertionError(f"no {kind} validation covers {sheet.title}!{cell}")


def _column_letter(schema: SheetSchema, header: str) -> str:
    headers = [column.header for column in schema.columns]
    return openpyxl.utils.get_column_letter(headers.index(header) + 1)


def _rows(sheet: Worksheet, header_row: int = 1) -> list[dict[str, object]]:
    values = list(sheet.iter_rows(min_row=header_row, values_only=True))
    headers = [str(value) for value in values[0]]
    return [dict(zip(headers, row, strict=False)) for row in values[1:] if any(row)]


# --- the committed files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("committed", "build"),
    [
        pytest.param(TEMPLATE_FILE, template_bytes, id="plan-template"),
        pytest.param(SAMPLE_FILE, sample_bytes, id="sample-plan"),
        pytest.param(
            TEMPLATES_FOLDER / FINISHED_SAMPLE_FILE_NAME, finished_sample_bytes, id="finished"
        ),
    ],
)
def test_committed_workbook_is_not_stale(committed: Path, build: object) -> None:
    """The committed workbook is exactly what `python -m pmkit.template` writes today."""
    assert callable(build)
    fresh = _parts(build())
    stored = _parts(committed.read_bytes())
    assert sorted(stored) == sorted(fresh), "run: python -m pmkit.template"
    stale = [name for name in fresh if fresh[name] != stored[name]]
    assert not stale, f"stale parts {stale}; run: python -m pmkit.template"


def test_generation_is_deterministic() -> None:
    """Two builds give the same bytes: fixed document times and zip entry dates."""
    assert template_bytes() == template_bytes()


def test_document_times_are_fixed() -> None:
    """The core properties carry the fixed timestamp, not the time of saving."""
    core = _parts(template_bytes())["docProps/core.xml"].decode()
    assert "2026-01-01T00:00:00Z" in core
    assert core.count("2026-01-01T00:00:00Z") == 2


# --- the template's layout ------------------------------------------------------------------


def test_template_sheets_in_order(template: Workbook) -> None:
    """Instructions first, then every input sheet of the schema; no Baseline until one is
    set; last the hidden Lists sheet of the Holiday Country dropdown."""
    assert template.sheetnames == [
        INSTRUCTIONS_SHEET,
        PLAN.name,
        SETTINGS.name,
        HOLIDAYS.name,
        CHANGES.name,
        RISKS.name,
        CHARTER.name,
        TEAM.name,
        LISTS_SHEET,
    ]
    assert BASELINE.name not in template.sheetnames
    visible = [ws.title for ws in template.worksheets if ws.sheet_state == "visible"]
    assert LISTS_SHEET not in visible


@pytest.mark.parametrize("schema", [pytest.param(s, id=s.name) for s in TABLE_SHEETS])
def test_every_schema_column_in_order_as_a_named_table(
    template: Workbook, schema: SheetSchema
) -> None:
    """Each sheet's header row is the schema's columns, in order, inside a table of the
    sheet's name (the Plan table is named `Plan`)."""
    sheet = template[schema.name]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [column.header for column in schema.columns]
    assert list(sheet.tables) == [schema.name]
    table = sheet.tables[schema.name]
    last = openpyxl.utils.get_column_letter(len(schema.columns))
    assert table.ref.startswith(f"A1:{last}")
    assert table.tableStyleInfo.name == styles.TABLE_STYLE


def test_plan_table_is_named_plan(template: Workbook) -> None:
    """docs/plan-workbook.md: in the template the Plan is an Excel table named `Plan`."""
    assert "Plan" in template["Plan"].tables


@pytest.mark.parametrize(
    ("sheet_name", "header", "choices"),
    [
        pytest.param("Plan", "Status", STATUS_CHOICES, id="plan-status"),
        pytest.param("Changes", "Decision", DECISION_CHOICES, id="changes-decision"),
        pytest.param("Risks", "Status", RISK_STATUS_CHOICES, id="risk-status"),
        pytest.param("Risks", "Likelihood", ("1", "2", "3", "4", "5"), id="likelihood"),
        pytest.param("Risks", "Impact", ("1", "2", "3", "4", "5"), id="impact"),
    ],
)
def test_dropdowns(
    template: Workbook, sheet_name: str, header: str, choices: tuple[str, ...]
) -> None:
    """Choice columns offer their choices as an in-cell dropdown, far below the table too."""
    schema = {s.name: s for s in TABLE_SHEETS}[sheet_name]
    letter = _column_letter(schema, header)
    sheet = template[sheet_name]
    for row in (2, 500):
        validation = _validation_at(sheet, f"{letter}{row}", kind="list")
        assert validation.formula1 == '"' + ",".join(choices) + '"'
        assert validation.showErrorMessage
        assert not validation.showDropDown  # True would *hide* the arrow in Excel


def test_settings_yes_no_dropdown(template: Workbook) -> None:
    """The Move Unfinished Work setting is a Yes/No dropdown."""
    names = [setting.name for setting in SETTINGS_ROWS]
    row = 2 + names.index("Move Unfinished Work Past Status Date")
    validation = _validation_at(template["Settings"], f"B{row}", kind="list")
    assert validation.formula1 == '"' + ",".join(YES_NO) + '"'


def test_holiday_country_is_a_dropdown_of_named_countries(template: Workbook) -> None:
    """Holiday Country offers the common countries by name (`United States (US)`) through
    a workbook name, and lets any other code be typed (the rule informs, never refuses)."""
    names = [setting.name for setting in SETTINGS_ROWS]
    row = 2 + names.index("Holiday Country")
    validation = _validation_at(template["Settings"], f"B{row}", kind="list")
    assert validation.formula1 == HOLIDAY_COUNTRIES
    assert validation.errorStyle == "information"
    assert not validation.showDropDown
    sheet_name, cells = template.defined_names[HOLIDAY_COUNTRIES].attr_text.split("!")
    listed = [cell.value for (cell,) in template[sheet_name][cells.replace("$", "")]]
    assert listed == [country_choice(code, name) for code, name in COMMON_COUNTRIES]
    assert "United States (US)" in listed


def test_every_listed_country_is_known_to_the_holidays_package() -> None:
    """Each Holiday Country the dropdown offers reads back as a code whose holidays load."""
    for code, name in COMMON_COUNTRIES:
        assert country_code(country_choice(code, name)) == code
        assert public_holidays(code, range(2026, 2027)), code


def test_a_picked_country_is_read_as_its_code(tmp_path: Path) -> None:
    """`United Kingdom: England (GB-ENG)` from the dropdown schedules around England's
    holidays, as the code typed alone does."""
    path = write_workbook(
        tmp_path / "picked.xlsx",
        {
            "Plan": [["ID", "Task", "Duration"], [1, "A", 1]],
            "Settings": [
                ["Setting", "Value"],
                ["Holiday Country", "United Kingdom: England (GB-ENG)"],
            ],
        },
    )
    plan = pmkit.read_plan(path)
    assert plan.settings.holiday_country == "GB-ENG"
    assert date(2026, 12, 25) in {holiday.day for holiday in plan.holidays}
    assert plan.issues == ()


def test_duration_is_whole_days(template: Workbook) -> None:
    """Duration accepts whole numbers of 0 or more only."""
    validation = _validation_at(
        template["Plan"], f"{_column_letter(PLAN, 'Duration')}2", kind="whole"
    )
    assert (validation.operator, validation.formula1) == ("greaterThanOrEqual", "0")


@pytest.mark.parametrize(
    ("schema", "kind", "number_format"),
    [
        pytest.param(PLAN, Kind.DATE, "ddd d mmm yyyy", id="plan-dates"),
        pytest.param(PLAN, Kind.PERCENT, "0.0%", id="plan-percent"),
        pytest.param(PLAN, Kind.MONEY, "#,##0", id="plan-money"),
        pytest.param(PLAN, Kind.PREDECESSORS, "@", id="plan-predecessors-as-text"),
        pytest.param(CHANGES, Kind.DATE, "ddd d mmm yyyy", id="changes-date"),
        pytest.param(CHANGES, Kind.MONEY, "#,##0", id="changes-money"),
        pytest.param(HOLIDAYS, Kind.DATE, "ddd d mmm yyyy", id="holidays-date"),
    ],
)
def test_column_formats(
    template: Workbook, schema: SheetSchema, kind: Kind, number_format: str
) -> None:
    """Every column of a kind carries its number format, for rows the owner adds as well."""
    sheet = template[schema.name]
    columns = [(i, c) for i, c in enumerate(schema.columns, start=1) if c.kind is kind]
    assert columns
    for index, _column in columns:
        dimension = sheet.column_dimensions[openpyxl.utils.get_column_letter(index)]
        assert dimension.number_format == number_format


@pytest.mark.parametrize(
    ("sheet_name", "freeze"),
    [
        pytest.param("Plan", "C2", id="plan-header-and-names"),
        pytest.param("Settings", "A2", id="settings"),
        pytest.param("Holidays", "A2", id="holidays"),
        pytest.param("Changes", "A2", id="changes"),
        pytest.param("Risks", "A2", id="risks"),
        pytest.param("Charter", "A2", id="charter"),
    ],
)
def test_frozen_header(template: Workbook, sheet_name: str, freeze: str) -> None:
    """The header stays in view while scrolling (and on the Plan, the ID and Task too)."""
    assert template[sheet_name].freeze_panes == freeze


def test_widths_follow_schema(template: Workbook) -> None:
    """Plan columns have the schema's widths."""
    sheet = template["Plan"]
    for index, column in enumerate(PLAN.columns, start=1):
        assert (
            sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width == column.width
        )


@pytest.mark.parametrize("schema", [pytest.param(s, id=s.name) for s in (*TABLE_SHEETS, SETTINGS)])
def test_header_notes_explain_each_column(template: Workbook, schema: SheetSchema) -> None:
    """Selecting a header cell pops up that column's plain-words help."""
    sheet = template[schema.name]
    for index, column in enumerate(schema.columns, start=1):
        cell = f"{openpyxl.utils.get_column_letter(index)}1"
        notes = [v for v in _validations(sheet) if v.type is None and cell in v.sqref]
        assert len(notes) == 1, cell
        assert notes[0].showInputMessage
        prompt = notes[0].prompt
        assert prompt is not None
        assert prompt.startswith(column.help[:50])
        assert len(prompt) <= 255


def test_settings_prefilled_with_defaults(template: Workbook) -> None:
    """Every setting is listed in order with its default and a plain-words explanation."""
    rows = _rows(template["Settings"])
    assert [row["Setting"] for row in rows] == [setting.name for setting in SETTINGS_ROWS]
    for row, setting in zip(rows, SETTINGS_ROWS, strict=True):
        expected = setting.default or None
        value = row["Value"]
        assert (str(value) if value is not None else None) == expected, setting.name
        assert row["What it means"] == setting.help


def test_instructions_explain_every_column_and_predecessors(template: Workbook) -> None:
    """The Instructions sheet names every sheet and column, every predecessor form and
    every constraint."""
    text = "\n".join(
        str(value)
        for row in template[INSTRUCTIONS_SHEET].iter_rows(values_only=True)
        for value in row
        if value
    )
    for schema in (*TABLE_SHEETS, BASELINE):
        assert f"The {schema.name} sheet" in text
        for column in schema.columns:
            assert column.help in text
    for setting in SETTINGS_ROWS:
        assert setting.help in text
    for code, meaning in (*PREDECESSOR_EXAMPLES, *CONSTRAINT_EXAMPLES):
        assert code in text
        assert meaning in text
    for kind in CONSTRAINT_CHOICES:  # every constraint the Constraint column takes
        assert kind in text
    for link_type in ("FS", "SS", "FF", "SF", "ed"):
        assert link_type in text


def test_print_layout(template: Workbook) -> None:
    """The Plan, too wide for a page, prints at 80 % (11-point text at 8.8 points) with its
    header row and its ID and Task columns on every page; narrow sheets fit a page wide."""
    plan = template["Plan"]
    assert plan.page_setup.orientation == "landscape"
    assert plan.page_setup.scale == MIN_SCALE
    assert plan.sheet_properties.pageSetUpPr is not None
    assert not plan.sheet_properties.pageSetUpPr.fitToPage
    assert plan.print_title_rows == "$1:$1"
    assert plan.print_title_cols == "$A:$B"
    settings = template["Settings"]
    assert settings.sheet_properties.pageSetUpPr is not None
    assert settings.sheet_properties.pageSetUpPr.fitToPage
    assert settings.page_setup.fitToWidth == 1
    assert settings.print_title_cols is None


def test_instructions_text_never_runs_past_its_room(template: Workbook) -> None:
    """Every line of the Instructions that does not wrap (an example, a code, a heading)
    fits between its cell's left edge and the next filled cell, or the edge of column D:
    "Build product pages" ran into column E and printed two pages of fragments."""
    sheet = template[INSTRUCTIONS_SHEET]
    merged = {cell for cells in sheet.merged_cells.ranges for cell in cells.cells}
    widths = [sheet.column_dimensions[get_column_letter(c)].width for c in range(1, 5)]
    for row in sheet.iter_rows(min_col=1, max_col=4):
        for cell in row:
            wraps = cell.alignment is not None and cell.alignment.wrap_text
            if cell.value is None or wraps or (cell.row, cell.column) in merged:
                continue
            room = cell.column
            while room < 4 and row[room].value is None:
                room += 1
            indent = cell.alignment.indent if cell.alignment is not None else 0
            points = cell.font.size or 11
            assert text_units(str(cell.value), bold=bool(cell.font.b), points=points) + (
                indent * INDENT_UNITS
            ) <= sum(widths[cell.column - 1 : room]), cell.coordinate


def test_instructions_never_end_a_page_on_a_heading(template: Workbook) -> None:
    """The Instructions print portrait at a fixed scale, and each page break falls after
    a row that is not a heading, a table header or the paragraph under a heading."""
    sheet = template[INSTRUCTIONS_SHEET]
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.page_setup.scale is not None
    breaks = [brk.id for brk in sheet.row_breaks.brk]
    assert breaks
    for row in breaks:
        last = sheet.cell(row=row, column=1)
        above = sheet.cell(row=row - 1, column=1)
        assert last.font != styles.SECTION_FONT, row
        assert last.fill != styles.HEADER_FILL, row
        assert not (above.font == styles.SECTION_FONT and last.value), row


def test_template_reads_back_as_an_empty_plan() -> None:
    """The blank template is a valid plan with no tasks; its one note asks for the
    Holiday Country, at the cell to fill."""
    plan = pmkit.read_plan(TEMPLATE_FILE)
    assert plan.tasks == ()
    row = 2 + [setting.name for setting in SETTINGS_ROWS].index("Holiday Country")
    assert [(i.severity, i.code.value, str(i.location)) for i in plan.issues] == [
        (Severity.INFO, "holidays-not-counted", f"Settings!B{row}")
    ]
    assert "25 Dec" in plan.issues[0].message
    assert plan.settings == pmkit.Settings()
    result = pmkit.analyze(plan, date(2026, 3, 2))
    assert not [issue for issue in result.issues if issue.severity is not Severity.INFO]


# --- the command ---------------------------------------------------------------------------


def test_template_command_writes_the_template(tmp_path: Path) -> None:
    """`pmkit template OUT.xlsx` writes the same workbook as the committed template."""
    out = tmp_path / "plan.xlsx"
    assert main(["template", str(out)]) == 0
    assert _parts(out.read_bytes()) == _parts(TEMPLATE_FILE.read_bytes())


def test_template_command_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing file is left alone unless --force is given."""
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"the owner's work")
    assert main(["template", str(out)]) == 2
    assert out.read_bytes() == b"the owner's work"
    assert "--force" in capsys.readouterr().err
    assert main(["template", str(out), "--force"]) == 0
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("plan.xls", "must end in .xlsx", id="wrong-suffix"),
        pytest.param("missing/plan.xlsx", "does not exist", id="missing-folder"),
    ],
)
def test_template_command_bad_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    """A target that cannot be written gives one clear line and exit status 2."""
    assert main(["template", str(tmp_path / name)]) == 2
    error = capsys.readouterr().err
    assert message in error
    assert "Traceback" not in error


def test_template_command_sample(tmp_path: Path) -> None:
    """`pmkit template --sample OUT.xlsx` writes the sample project."""
    out = tmp_path / "sample.xlsx"
    assert main(["template", "--sample", str(out)]) == 0
    assert _parts(out.read_bytes()) == _parts(SAMPLE_FILE.read_bytes())


# --- the sample project --------------------------------------------------------------------


def _plan_rows(sample: Workbook) -> dict[str, dict[str, object]]:
    return {str(row["ID"]): row for row in _rows(sample["Plan"])}


def test_sample_is_a_realistic_size(sample: Workbook) -> None:
    """About forty tasks over six phases, each row inside the Plan table."""
    rows = _plan_rows(sample)
    assert 38 <= len(rows) <= 45
    assert {row["Phase"] for row in rows.values()} == {
        "Discovery",
        "Design",
        "Build",
        "Content",
        "Testing",
        "Launch",
    }
    last = get_column_letter(len(PLAN.columns))
    assert sample["Plan"].tables["Plan"].ref == f"A1:{last}{len(rows) + 1}"


def test_sample_settings_are_fixed(sample: Workbook) -> None:
    """A fixed status date and a holiday country keep the demo the same every day."""
    settings = {row["Setting"]: row["Value"] for row in _rows(sample["Settings"])}
    status_date = settings["Status Date"]
    assert isinstance(status_date, datetime)
    assert status_date.date() == STATUS_DATE
    assert settings["Holiday Country"] == "US"
    assert settings["Project"] == "Online shop relaunch"
    assert len(_rows(sample["Holidays"])) >= 1


@pytest.mark.parametrize(
    ("feature", "token"),
    [
        pytest.param("link-ss", "SS", id="start-to-start"),
        pytest.param("link-ff", "FF", id="finish-to-finish"),
        pytest.param("link-sf", "SF", id="start-to-finish"),
        pytest.param("lag-elapsed", "ed", id="elapsed-lag"),
        pytest.param("lead", "-", id="lead"),
    ],
)
def test_sample_link_kinds(sample: Workbook, feature: str, token: str) -> None:
    """Each link kind appears on the tasks FEATURE_TASKS names."""
    rows = _plan_rows(sample)
    for task_id in FEATURE_TASKS[feature]:
        assert token in str(rows[task_id]["Predecessors"]), task_id


def test_sample_working_day_lags(sample: Workbook) -> None:
    """Working-day lags are written without `ed`."""
    rows = _plan_rows(sample)
    for task_id in FEATURE_TASKS["lag-working-days"]:
        text = str(rows[task_id]["Predecessors"])
        assert "+" in text, task_id
        assert "ed" not in text, task_id


def test_sample_progress(sample: Workbook) -> None:
    """Done tasks carry actuals; tasks in hand carry % complete and a Last Update."""
    rows = _plan_rows(sample)
    for task_id in FEATURE_TASKS["done"]:
        row = rows[task_id]
        assert row["Status"] == "Done"
        assert row["% Complete"] == 1
        assert row["Actual Start"], task_id
        assert row["Actual Finish"], task_id
    for task_id in FEATURE_TASKS["in-progress"]:
        row = rows[task_id]
        assert row["Status"] == "In progress"
        assert 0 < row["% Complete"] < 1  # type: ignore[operator]
        assert row["Actual Start"], task_id
        assert row["Last Update"], task_id


def test_sample_problem_tasks(sample: Workbook) -> None:
    """A stalled, a blocked, an ownerless, a grown and two added tasks, and a deadline."""
    rows = _plan_rows(sample)
    (stalled,) = FEATURE_TASKS["stalled"]
    last_update = rows[stalled]["Last Update"]
    assert isinstance(last_update, datetime)
    assert (STATUS_DATE - last_update.date()).days > 14
    (blocked,) = FEATURE_TASKS["blocked"]
    assert rows[blocked]["Status"] == "Blocked"
    (ownerless,) = FEATURE_TASKS["ownerless"]
    assert rows[ownerless]["Owner"] is None
    assert rows[ownerless]["Status"] != "Done"
    (grown,) = FEATURE_TASKS["grown-scope-creep"]
    assert rows[grown]["Duration"] > rows[grown]["Baseline Duration"]  # type: ignore[operator]
    assert rows[grown]["Change Request"] is None
    for task_id in (*FEATURE_TASKS["added-approved"], *FEATURE_TASKS["added-scope-creep"]):
        assert rows[task_id]["Baseline Finish"] is None
    (deadline,) = FEATURE_TASKS["deadline-missed"]
    assert rows[deadline]["Deadline"] is not None


def test_sample_change_requests(sample: Workbook) -> None:
    """The added task with a change request points at an approved one; the other has none."""
    rows = _plan_rows(sample)
    changes = {row["CR ID"]: row for row in _rows(sample["Changes"])}
    (approved,) = FEATURE_TASKS["added-approved"]
    assert changes[rows[approved]["Change Request"]]["Decision"] == "Approved"
    (creep,) = FEATURE_TASKS["added-scope-creep"]
    assert rows[creep]["Change Request"] is None
    assert {row["Decision"] for row in changes.values()} == set(DECISION_CHOICES)


def test_sample_baseline_sheet(sample: Workbook) -> None:
    """The Baseline snapshot holds the removed task and matches the Plan's baseline columns."""
    sheet = sample["Baseline"]
    assert sheet["B1"].value == BASELINE_SET_ON_LABEL
    assert sheet["C1"].value.date() < STATUS_DATE
    baseline = {str(row["ID"]): row for row in _rows(sheet, header_row=3)}
    plan = _plan_rows(sample)
    (removed,) = FEATURE_TASKS["removed"]
    assert removed in baseline
    assert removed not in plan
    for task_id, row in plan.items():
        if task_id not in baseline:
            continue
        frozen = baseline[task_id]
        assert (row["Baseline Start"], row["Baseline Finish"]) == (
            frozen["Start"],
            frozen["Finish"],
        )
        assert row["Baseline Duration"] == frozen["Duration"]


def test_sample_risks_and_charter(sample: Workbook) -> None:
    """One open high risk without mitigation; a charter of two or three goals."""
    risks = _rows(sample["Risks"])
    unmitigated = [
        r
        for r in risks
        if r["Status"] == "Open" and r["Likelihood"] * r["Impact"] >= 15 and not r["Mitigation"]  # type: ignore[operator]
    ]
    assert len(unmitigated) == 1
    assert 2 <= len(_rows(sample["Charter"])) <= 3


@pytest.mark.parametrize(
    ("code", "tasks"),
    [
        pytest.param("stalled-task", FEATURE_TASKS["stalled"], id="stalled"),
        pytest.param("ownerless-task", FEATURE_TASKS["ownerless"], id="ownerless"),
        pytest.param("deadline-missed", FEATURE_TASKS["deadline-missed"], id="deadline"),
        pytest.param(
            "scope-creep",
            (*FEATURE_TASKS["grown-scope-creep"], *FEATURE_TASKS["added-scope-creep"]),
            id="scope-creep",
        ),
        pytest.param("approved-change", FEATURE_TASKS["added-approved"], id="approved-change"),
        pytest.param("removed-task", FEATURE_TASKS["removed"], id="removed"),
        pytest.param("unmitigated-risk", (None,), id="unmitigated-risk"),
        pytest.param("scope-growth", (None,), id="scope-growth"),
    ],
)
def test_sample_raises_the_expected_flags(
    sample_analysis: pmkit.Analysis, code: str, tasks: tuple[str | None, ...]
) -> None:
    """Read and analysed by pmkit, the sample shows each feature's flag on its task (among
    the per-cell findings the grouped ones hold)."""
    found = sorted(
        (issue.task_id or "") for issue in sample_analysis.cell_issues() if issue.code == code
    )
    assert found == sorted(task or "" for task in tasks)


def test_sample_reads_without_errors(sample_analysis: pmkit.Analysis) -> None:
    """The sample has no errors, a baseline and a charter, and is late (Red)."""
    codes = {issue.code for issue in sample_analysis.issues}
    assert not [i for i in sample_analysis.issues if i.severity is Severity.ERROR]
    assert "no-baseline" not in codes
    assert "no-charter" not in codes
    assert sample_analysis.summary.status == "Red"
    assert sample_analysis.summary.slip is not None
    assert sample_analysis.summary.slip > 0


@pytest.mark.render
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_template_renders_to_pdf(tmp_path: Path) -> None:
    """LibreOffice opens the template and prints every sheet to PDF without complaint."""
    source = tmp_path / "plan-template.xlsx"
    source.write_bytes(TEMPLATE_FILE.read_bytes())
    to_pdf(source, folder=tmp_path, timeout=180)
    pdf = (tmp_path / "plan-template.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/Page" in pdf
