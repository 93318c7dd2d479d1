"""Readable plan builders for tests (shared: append, do not rewrite).

    plan_of("A:3", "B:2<A", "C:4<A", "D:1<B,C")
    plan_of("A:3", "B:2<AFS+2ed", start=date(2026, 3, 2))

A task spec is `ID:DURATION` then optionally `<PREDECESSORS` in the notation of docs/reading.md
(`3`, `3FS+2`, `4SS`, `5FF-1`, `6SF`, `7FS+3ed`, several separated by `,`).
Anything else a task needs goes through `task(...)`/`with_fields`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from pmkit.engine.model import WEEKDAYS_MON_FRI, Holiday, Link, LinkType, Plan, Settings, Task
from pmkit.engine.results import Schedule
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.workdays import WorkCalendar

__all__ = [
    "MONDAY",
    "REFERENCE_DIR",
    "case_to_workbook",
    "links_of",
    "load_case",
    "plan_from_case",
    "plan_of",
    "reference_cases",
    "task",
    "work_week_of",
]

MONDAY = date(2026, 3, 2)
"""A Monday with no holiday near it: the default project start of built plans."""

REFERENCE_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "reference"

_LINK = re.compile(r"^\s*(?P<id>.+?)(?P<type>FS|SS|FF|SF)?(?:(?P<lag>[+-]\d+)(?P<unit>ed|d)?)?\s*$")
_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def links_of(text: str | None) -> tuple[Link, ...]:
    """Links from the predecessor notation of docs/reading.md: `"3, 4SS+1, 5FF-2ed"`."""
    if not text:
        return ()
    links = []
    for token in re.split(r"[,;]", text):
        if not token.strip():
            continue
        match = _LINK.match(token)
        if match is None:  # pragma: no cover - a typo in a test
            raise ValueError(f"bad predecessor {token!r}")
        links.append(
            Link(
                predecessor=match["id"].strip(),
                type=LinkType(match["type"] or "FS"),
                lag_days=int(match["lag"] or 0),
                elapsed=match["unit"] == "ed",
            )
        )
    return tuple(links)


def task(task_id: str, duration: int | None = 1, predecessors: str = "", **fields: Any) -> Task:
    """A task with sensible defaults: `task("B", 2, "A", deadline=date(...))`."""
    fields.setdefault("name", f"Task {task_id}")
    return Task(id=task_id, duration_days=duration, links=links_of(predecessors), **fields)


def plan_of(
    *specs: str | Task,
    start: date | None = MONDAY,
    status: date | None = None,
    forecast: bool = False,
    holidays: Iterable[date] = (),
    work_week: frozenset[int] = WEEKDAYS_MON_FRI,
    **settings: Any,
) -> Plan:
    """A plan from task specs (`"B:2<A"`) or `Task`s; rows numbered from 2 in the order given.

    Defaults to pure logic (no forecast) from `start`, so dates follow links only.
    """
    tasks = []
    for row, spec in enumerate(specs, start=2):
        if isinstance(spec, Task):
            tasks.append(replace(spec, row=spec.row or row))
            continue
        head, _, predecessors = spec.partition("<")
        task_id, _, duration = head.partition(":")
        tasks.append(task(task_id.strip(), int(duration or 1), predecessors, row=row))
    return Plan(
        name="test plan",
        tasks=tuple(tasks),
        settings=Settings(
            project_start=start,
            status_date=status,
            work_week=work_week,
            move_unfinished_work=forecast,
            **settings,
        ),
        holidays=tuple(Holiday(day) for day in holidays),
        columns={"id": 1, "name": 2, "duration": 3, "predecessors": 4, "deadline": 5},
    )


def schedule_of(plan: Plan, status: date = MONDAY) -> Schedule:
    """`plan` scheduled on its own calendar at `status`."""
    return compute_schedule(plan, WorkCalendar.for_plan(plan), status)


def early(schedule: Schedule, task_id: str) -> tuple[date, date]:
    item = schedule.tasks[task_id]
    return item.early_start, item.early_finish


def late(schedule: Schedule, task_id: str) -> tuple[date, date]:
    item = schedule.tasks[task_id]
    return item.late_start, item.late_finish


def work_week_of(text: str) -> frozenset[int]:
    """`Mon-Fri` → {0..4}; `Sun-Thu` wraps round the week; `Mon,Wed` lists days."""
    days: set[int] = set()
    for part in text.replace(" ", "").lower().split(","):
        first, _, last = part.partition("-")
        a = _DAYS[first[:3]]
        b = _DAYS[last[:3]] if last else a
        days.update((a + k) % 7 for k in range((b - a) % 7 + 1))
    return frozenset(days)


# -- Microsoft Project reference cases (../shared/reference/*.case.json) ------------------


def reference_cases() -> list[Path]:
    """The case files beside the checkout; empty when ../shared is absent."""
    return sorted(REFERENCE_DIR.glob("*.case.json")) if REFERENCE_DIR.is_dir() else []


def load_case(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def plan_from_case(case: Mapping[str, Any]) -> Plan:
    """The Plan a case describes (its Plan rows, Settings and Holidays), built directly."""
    settings = case["settings"]
    tasks = []
    for row, item in enumerate(case["tasks"], start=2):
        tasks.append(
            Task(
                id=str(item["ID"]),
                name=str(item["Task"]),
                duration_days=int(item["Duration"]),
                row=row,
                links=links_of(item.get("Predecessors")),
                start_no_earlier_than=_day(item.get("Start No Earlier Than")),
                deadline=_day(item.get("Deadline")),
                percent_complete=float(item.get("% Complete") or 0.0),
                actual_start=_day(item.get("Actual Start")),
                actual_finish=_day(item.get("Actual Finish")),
                baseline_start=_day(item.get("Baseline Start")),
                baseline_finish=_day(item.get("Baseline Finish")),
            )
        )
    return Plan(
        name=str(case.get("source", "case")),
        tasks=tuple(tasks),
        settings=Settings(
            project_start=_day(settings.get("Project Start")),
            status_date=_day(settings.get("Status Date")),
            work_week=work_week_of(settings.get("Work Week") or "Mon-Fri"),
            move_unfinished_work=str(settings.get("Move Unfinished Work Past Status Date", "Yes"))
            .strip()
            .lower()
            in {"yes", "true", "y"},
        ),
        holidays=tuple(Holiday(day) for day in map(date.fromisoformat, case.get("holidays", []))),
        columns={"id": 1, "name": 2, "duration": 3, "predecessors": 4},
    )


_CASE_COLUMNS = (
    "ID",
    "Task",
    "Duration",
    "Predecessors",
    "Start No Earlier Than",
    "Deadline",
    "% Complete",
    "Actual Start",
    "Actual Finish",
    "Baseline Start",
    "Baseline Finish",
)
_DATE_COLUMNS = frozenset(
    {
        "Start No Earlier Than",
        "Deadline",
        "Actual Start",
        "Actual Finish",
        "Baseline Start",
        "Baseline Finish",
    }
)


def case_to_workbook(case: Mapping[str, Any], path: Path) -> Path:
    """Write a case as an owner's workbook: Plan, Settings and Holidays sheets, real dates,
    % Complete as a fraction in percent format (openpyxl; tests only)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plan"
    sheet.append(list(_CASE_COLUMNS))
    for item in case["tasks"]:
        values: list[Any] = []
        for column in _CASE_COLUMNS:
            value = item.get(column)
            if column in _DATE_COLUMNS:
                value = _day(value)
            elif column == "Predecessors" and not value:
                value = None
            values.append(value)
        sheet.append(values)
        row = sheet.max_row
        for number, column in enumerate(_CASE_COLUMNS, start=1):
            if column in _DATE_COLUMNS:
                sheet.cell(row, number).number_format = "yyyy-mm-dd"
            elif column == "% Complete":
                sheet.cell(row, number).number_format = "0%"
    settings = book.create_sheet("Settings")
    settings.append(["Setting", "Value"])
    for key, value in case["settings"].items():
        if value is None:
            continue
        settings.append([key, _day(value) if key in {"Project Start", "Status Date"} else value])
    holidays = book.create_sheet("Holidays")
    holidays.append(["Date", "Name"])
    for day in case.get("holidays", []):
        holidays.append([date.fromisoformat(day), "Holiday"])
    book.save(path)
    return path


# -- plan workbooks on disk (reader tests) ---------------------------------------------------

PLAN_HEADER = ["ID", "Task", "Owner", "Duration", "Predecessors"]
"""The smallest useful Plan header; tests add columns as they need them."""


def write_workbook(
    path: Path,
    sheets: Mapping[str, Iterable[Iterable[Any]]],
    *,
    starts: Mapping[str, str] | None = None,
    merged: Mapping[str, Iterable[str]] | None = None,
) -> Path:
    """Write `{"Plan": [[header...], [row...]], ...}` with openpyxl; dates stay real dates.

    `starts` puts a sheet's first row at another cell (`{"Plan": "C3"}`); `merged`
    merges ranges (`{"Plan": ["B1:C1"]}`). Tests only.
    """
    from openpyxl import Workbook
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    book = Workbook()
    default = book.active
    assert default is not None
    book.remove(default)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        letters, first_row = coordinate_from_string((starts or {}).get(title, "A1"))
        first_column = column_index_from_string(letters)
        for row_offset, row in enumerate(rows):
            for column_offset, value in enumerate(row):
                if value is not None:
                    sheet.cell(first_row + row_offset, first_column + column_offset, value)
        for cells in (merged or {}).get(title, ()):
            sheet.merge_cells(cells)
    book.save(path)
    return path


def rewrite_part(path: Path, part: str, change: Any) -> Path:
    """Rewrite one part of an .xlsx zip in place: `change(bytes) -> bytes` (hostile-file tests)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info.filename, change(data) if info.filename == part else data)
    return path


def put_excel_errors(path: Path, part: str, errors: Mapping[str, str]) -> Path:
    """Turn text cells into formula cells whose cached value is an Excel error.

    `errors` maps cell → error (`{"D3": "#REF!"}`); the cell must hold text (any) first.
    openpyxl writes text as inline strings, which this swaps for `t="e"` with a formula.
    """

    def change(xml: bytes) -> bytes:
        text = xml.decode()
        for cell, error in errors.items():
            pattern = re.compile(rf'<c r="{cell}"([^>]*?) t="inlineStr"><is><t>[^<]*</t></is></c>')
            text, count = pattern.subn(
                rf'<c r="{cell}"\1 t="e"><f>A1/0</f><v>{error}</v></c>', text
            )
            assert count == 1, f"no text cell {cell} to turn into {error}"
        return text.encode()

    return rewrite_part(path, part, change)


_CUSTOM_PROPERTIES_TYPE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)


def as_libreoffice_saves_it(path: Path) -> Path:
    """Lay out `path` as LibreOffice Calc 7.4 saves an .xlsx, in the two ways it differs
    from Excel that a writer's check could mistake for the owner's work: print titles of
    both rows and columns written twice, the second with its ranges the other way round
    (`Plan!$A:$B,Plan!$1:$1`), and an empty custom document properties part."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    workbook = entries["xl/workbook.xml"].decode()
    titles = re.findall(
        r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">([^<]*)</definedName>',
        workbook,
    )
    again = "".join(
        f'<definedName function="false" hidden="false" localSheetId="{sheet}" '
        f'name="_xlnm.Print_Titles" vbProcedure="false">'
        f"{','.join(reversed(ranges.replace(chr(39), '').split(',')))}</definedName>"
        for sheet, ranges in titles
        if "," in ranges
    )
    entries["xl/workbook.xml"] = workbook.replace(
        "</definedNames>", again + "</definedNames>"
    ).encode()
    entries["docProps/custom.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
        b'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        b"</Properties>"
    )
    entries["_rels/.rels"] = entries["_rels/.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdLoCustom" Type="{_CUSTOM_PROPERTIES_TYPE}" '
        f'Target="docProps/custom.xml"/></Relationships>'.encode(),
    )
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/docProps/custom.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path
