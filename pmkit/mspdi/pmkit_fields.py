"""What only pmkit knows about a plan, carried through Microsoft Project XML and back.

Project has no field for a task's Status, Last Update or Change Request, nor for pmkit's
own settings (Slip Tolerance Days, Move Unfinished Work…) or for the Changes, Risks,
Charter and Baseline sheets. pmkit writes them where Project keeps what it does not
understand, so that `pmkit export` then `pmkit import` gives the same schedule and the
same status:

* **task custom fields**, named so a Project user sees what they are: Text2 "pmkit
  Status", Text3 "pmkit Change Request", Date1 "pmkit Last Update";
* the **project summary task** (the row for the whole project): custom field Text4
  "pmkit Settings", in the Settings sheet's own words (`Slip Tolerance Days: 3; …`),
  read back by the Settings sheet's reader;
* the project summary task's **Notes**: the Changes, Risks, Charter and Team sheets and
  the Baseline sheet (its date, number and every task, removed ones too), as a JSON block of
  sheet rows under a line saying what it is, read back by those sheets' own readers.

Fields are found by their Alias, as the pmkit ID is, so a renumbered field still counts.
A file from anyone else has none of these, and reads exactly as before.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from pmkit.engine.errors import PlanFileError
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import Plan, Settings, Task, TaskStatus
from pmkit.engine.schema import (
    BASELINE,
    BASELINE_NUMBER_LABEL,
    BASELINE_SET_ON_LABEL,
    CHANGES,
    CHARTER,
    RISKS,
    SETTINGS_ROWS,
    TEAM,
    Kind,
    SheetSchema,
)
from pmkit.mspdi.document import ProjectDocument
from pmkit.mspdi.elements import DAY_START, add, at
from pmkit.mspdi.outline import PMKIT_ID_ALIAS
from pmkit.mspdi.values import parse_datetime
from pmkit.reading.cells import normalize_choice
from pmkit.reading.grid import Grid
from pmkit.reading.tasks import STATUS_CHOICES

__all__ = [
    "PMKIT_FIELDS",
    "PmkitExtras",
    "add_field_definitions",
    "add_project_values",
    "add_task_values",
    "baseline_records",
    "carried_sheets",
    "read_pmkit_extras",
    "sheet_records",
    "sheet_rows",
    "with_pmkit_extras",
]

_Read = TypeVar("_Read")

STATUS_ALIAS = "pmkit Status"
CHANGE_REQUEST_ALIAS = "pmkit Change Request"
LAST_UPDATE_ALIAS = "pmkit Last Update"
SETTINGS_ALIAS = "pmkit Settings"
PMKIT_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("188743731", "Text1", PMKIT_ID_ALIAS),
    ("188743734", "Text2", STATUS_ALIAS),
    ("188743737", "Text3", CHANGE_REQUEST_ALIAS),
    ("188743945", "Date1", LAST_UPDATE_ALIAS),
    ("188743740", "Text4", SETTINGS_ALIAS),
)
"""(FieldID, Project's field name, Alias) of every custom field pmkit writes."""
_FIELD_IDS = {alias: field_id for field_id, _, alias in PMKIT_FIELDS}
NOTES_HEADING = (
    "pmkit keeps this plan's change requests, risks, charter, team and baseline below, so they "
    "come back when the file is read by pmkit again. Please leave this note as it is."
)
_BLOCK_START = "[pmkit sheets v1]"
LEFT_OUT = (
    "pmkit left this plan's change requests, risks, charter, team and baseline out of this "
    "file (pmkit export --without-owner-sheets)."
)
"""The project's notes of a file exported without the owner's sheets: they were not lost."""
_SHEETS: tuple[SheetSchema, ...] = (CHANGES, RISKS, CHARTER, TEAM)
# Settings that Microsoft Project keeps in its own fields (title, start, status date,
# calendar, currency code, critical slack limit) are not repeated in "pmkit Settings".
_NATIVE_SETTINGS = frozenset(
    {"project_name", "project_start", "status_date", "work_week", "critical_float_days"}
)


# -- writing -------------------------------------------------------------------------------


def add_field_definitions(definitions: ET.Element) -> None:
    """The custom field definitions (`<ExtendedAttributes>` children) pmkit writes values of."""
    for field_id, name, alias in PMKIT_FIELDS:
        definition = add(definitions, "ExtendedAttribute")
        add(definition, "FieldID", field_id)
        add(definition, "FieldName", name)
        add(definition, "Alias", alias)


def _add_value(element: ET.Element, alias: str, value: str) -> None:
    attribute = add(element, "ExtendedAttribute")
    add(attribute, "FieldID", _FIELD_IDS[alias])
    add(attribute, "Value", value)


def add_task_values(element: ET.Element, task: Task) -> None:
    """A task's pmkit ID, Status, Change Request and Last Update (those it has)."""
    _add_value(element, PMKIT_ID_ALIAS, task.id)
    if task.status is not None:
        _add_value(element, STATUS_ALIAS, task.status.value)
    if task.change_request:
        _add_value(element, CHANGE_REQUEST_ALIAS, task.change_request)
    if task.last_update is not None:
        _add_value(element, LAST_UPDATE_ALIAS, at(task.last_update, DAY_START))


def carried_sheets(plan: Plan) -> dict[str, list[list[object]]]:
    """The owner's sheets an export carries in the project's notes, by name, as rows:
    those of Changes, Risks, Charter and Team that hold a row, and a Baseline that was set."""
    sheets = {schema.name: sheet_rows(plan, schema) for schema in _SHEETS}
    sheets = {name: rows for name, rows in sheets.items() if len(rows) > 1}
    if plan.baseline is not None and plan.baseline.set_on is not None:
        sheets[BASELINE.name] = baseline_grid(plan)
    return sheets


def project_notes(plan: Plan, *, owner_sheets: bool = True) -> str:
    """The project summary task's Notes: the plan's other sheets (an empty block when it
    has none, so that an import can tell a block removed in Project from one never
    written), or without `owner_sheets` a line saying they were left out."""
    if not owner_sheets:
        return LEFT_OUT
    sheets = carried_sheets(plan)
    block = json.dumps(sheets, ensure_ascii=False, default=_json_value)
    return f"{NOTES_HEADING}\n{_BLOCK_START}\n{block}"


def settings_text(settings: Settings) -> str:
    """`Holiday Country: US; Slip Tolerance Days: 3; …`: what Project has no field for."""
    parts = []
    for setting in SETTINGS_ROWS:
        if setting.field in _NATIVE_SETTINGS:
            continue
        value = getattr(settings, setting.field)
        if value is None:
            continue
        if isinstance(value, bool):
            value = "Yes" if value else "No"
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        parts.append(f"{setting.name}: {value}")
    return "; ".join(parts)


def add_project_values(summary: ET.Element, plan: Plan, *, owner_sheets: bool = True) -> None:
    """Notes and the "pmkit Settings" field of the project summary task (in schema order);
    without `owner_sheets`, no Notes: the owner's sheets stay out of the file."""
    add(summary, "Notes", project_notes(plan, owner_sheets=owner_sheets))
    _add_value(summary, SETTINGS_ALIAS, settings_text(plan.settings))


def sheet_records(plan: Plan, schema: SheetSchema) -> list[dict[str, object]]:
    """The Changes, Risks, Charter or Team of `plan` as rows keyed by the sheet's field
    names."""
    if schema is CHANGES:
        return [
            {
                "id": change.id,
                "description": change.description,
                "requested_by": change.requested_by,
                "requested_on": change.requested_on,
                "decision": change.decision.value,
                "days_impact": change.days_impact,
                "cost_impact": change.cost_impact,
            }
            for change in plan.changes
        ]
    if schema is RISKS:
        return [
            {
                "id": risk.id,
                "description": risk.description,
                "likelihood": risk.likelihood,
                "impact": risk.impact,
                "owner": risk.owner,
                "mitigation": risk.mitigation,
                "status": "Open" if risk.is_open else "Closed",
                "review_date": risk.review_date,
            }
            for risk in plan.risks
        ]
    if schema is TEAM:
        return [
            {
                "name": member.name,
                "email": member.email,
                "capacity": member.capacity,
                "days_off": ", ".join(str(days) for days in member.days_off) or None,
            }
            for member in plan.team
        ]
    return [
        {
            "goal": item.goal,
            "success_measure": item.success_measure,
            "target": item.target,
            "owner": item.owner,
        }
        for item in plan.charter
    ]


def baseline_records(plan: Plan) -> list[dict[str, object]]:
    """The Baseline sheet's task rows of `plan`, keyed by its field names."""
    if plan.baseline is None:
        return []
    return [
        {
            "id": task.id,
            "name": task.name,
            "duration_days": task.duration_days,
            "start": task.start,
            "finish": task.finish,
            "cost": task.cost,
        }
        for task in plan.baseline.tasks
    ]


def sheet_rows(plan: Plan, schema: SheetSchema) -> list[list[object]]:
    """The Changes, Risks, Charter or Team sheet of `plan` as rows: the header, then one
    per item. A capacity is written as percent text (`300%`), as an owner types it: the
    rows carry no number formats, and a plain 3 would read as 3 %."""
    header: list[object] = [column.header for column in schema.columns]
    records = sheet_records(plan, schema)
    return [
        header,
        *(
            [_as_typed(column.kind, record.get(column.field)) for column in schema.columns]
            for record in records
        ),
    ]


def _as_typed(kind: Kind, value: object) -> object:
    if kind is Kind.CAPACITY and isinstance(value, float):
        return f"{value * 100:g}%"
    return value


def baseline_grid(plan: Plan) -> list[list[object]]:
    """The Baseline sheet as rows: its date and number above the header, then every task."""
    assert plan.baseline is not None
    rows: list[list[object]] = [
        [BASELINE_SET_ON_LABEL, plan.baseline.set_on],
        [BASELINE_NUMBER_LABEL, plan.baseline.number],
        [column.header for column in BASELINE.columns],
    ]
    for record in baseline_records(plan):
        rows.append([record.get(column.field) for column in BASELINE.columns])
    return rows


def _json_value(value: object) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


# -- reading -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskExtras:
    """A task's values from pmkit's custom fields, as text (read by the Plan's rules)."""

    status: str | None = None
    change_request: str | None = None
    last_update: date | None = None


@dataclass(frozen=True, slots=True)
class PmkitExtras:
    """Everything pmkit wrote for itself into a Project file; empty for anyone else's."""

    tasks: Mapping[int, TaskExtras] = field(default_factory=dict)
    settings: tuple[tuple[str, str], ...] | None = None
    sheets: Mapping[str, Grid] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()
    fields_lost: bool = False
    """pmkit wrote the file, and its settings field is gone: their defaults move dates."""


def read_pmkit_extras(document: ProjectDocument) -> PmkitExtras:
    """pmkit's custom field values by task UID, its settings and its sheets, if written.

    pmkit marks its files twice: the custom field definitions, and the project's notes.
    Another program that saved the file may have dropped either; what the other still
    holds is read, and a warning names what could not come back.
    """
    aliases = _field_aliases(document)
    container = document.child(document.root, "Tasks")
    assert container is not None  # checked when the document was loaded
    tasks: dict[int, TaskExtras] = {}
    settings: tuple[tuple[str, str], ...] | None = None
    notes: str | None = None
    for element in document.children(container, "Task"):
        values = {
            aliases[field_id]: value
            for attribute in document.children(element, "ExtendedAttribute")
            if (field_id := document.text(attribute, "FieldID")) in aliases
            and (value := document.text(attribute, "Value")) is not None
        }
        uid_text = document.text(element, "UID")
        if uid_text == "0":
            notes = document.text(element, "Notes")
            if SETTINGS_ALIAS in values:
                settings = _settings_rows(values[SETTINGS_ALIAS])
        elif aliases and uid_text is not None and uid_text.isdigit():
            last_update = parse_datetime(values.get(LAST_UPDATE_ALIAS, ""))
            tasks[int(uid_text)] = TaskExtras(
                values.get(STATUS_ALIAS),
                values.get(CHANGE_REQUEST_ALIAS),
                last_update.date() if last_update else None,
            )
    noted = notes is not None and (_BLOCK_START in notes or LEFT_OUT in notes)
    if not aliases and not noted:
        return PmkitExtras()  # a file pmkit did not write
    where = document.location()
    sheets, issues = _sheets_from_notes(notes, where)
    if not noted:
        issues.append(_project_warning(_NOTES_LOST, where))
    if settings is None:
        issues.append(_project_warning(_FIELDS_LOST, where))
    return PmkitExtras(tasks, settings, sheets, tuple(issues), fields_lost=settings is None)


def _field_aliases(document: ProjectDocument) -> dict[str, str]:
    """FieldID → alias of the pmkit fields this file defines (other than the pmkit ID)."""
    definitions = document.child(document.root, "ExtendedAttributes")
    if definitions is None:
        return {}
    wanted = {STATUS_ALIAS, CHANGE_REQUEST_ALIAS, LAST_UPDATE_ALIAS, SETTINGS_ALIAS}
    found: dict[str, str] = {}
    for definition in document.children(definitions, "ExtendedAttribute"):
        alias = document.text(definition, "Alias")
        field_id = document.text(definition, "FieldID")
        if alias in wanted and field_id:
            found[field_id] = alias
    return found


def _settings_rows(text: str) -> tuple[tuple[str, str], ...]:
    """`Slip Tolerance Days: 3; Currency: USD` → (name, value) pairs, as Settings rows."""
    rows = []
    for part in text.split(";"):
        name, colon, value = part.partition(":")
        if colon and name.strip():
            rows.append((name.strip(), value.strip()))
    return tuple(rows)


def settings_from_rows(
    settings: Settings, rows: tuple[tuple[str, str], ...], file: Location
) -> tuple[Settings, list[Issue]]:
    """`settings` with the values of the "pmkit Settings" field, read as a Settings sheet;
    findings about them sit at `file`."""
    from pmkit.reading.settings import read_settings

    grid = Grid(SETTINGS_ALIAS, [list(row) for row in rows])
    read, issues, where = read_settings(grid)
    given = {name: getattr(read, name) for name in where if name not in _NATIVE_SETTINGS}
    issues = [
        Issue(issue.severity, issue.code, file, None, f"{SETTINGS_ALIAS}: {issue.message}")
        for issue in issues
    ]
    return replace(settings, **given), issues


def _sheets_from_notes(notes: str | None, where: Location) -> tuple[dict[str, Grid], list[Issue]]:
    if not notes or _BLOCK_START not in notes:
        return {}, []
    block = notes.split(_BLOCK_START, 1)[1].strip()
    try:
        loaded = json.loads(block)
        sheets = {
            name: Grid(name, [list(row) for row in rows])
            for name, rows in loaded.items()
            if isinstance(name, str)
            and isinstance(rows, list)
            and all(isinstance(row, list) for row in rows)
        }
    except (ValueError, AttributeError, TypeError):
        return {}, [_notes_issue("they were changed and cannot be read", where)]
    return sheets, []


def with_pmkit_extras(
    plan: Plan, extras: PmkitExtras, task_ids: Mapping[int, str], *, renumbered: bool = False
) -> Plan:
    """`plan` with what pmkit wrote for itself into its file put back (`read_pmkit_extras`).

    `task_ids` maps each task's UID to its id in `plan`; `renumbered`: no task carries
    the ID pmkit wrote (they have Project's), so the Baseline sheet kept in the notes, which
    names tasks by the owner's IDs, would match the wrong tasks and is left out. A file
    pmkit did not write comes back unchanged.
    """
    if not extras.tasks and extras.settings is None and not extras.sheets:
        return replace(plan, issues=plan.issues + extras.issues)
    from pmkit.reading.sheets import read_baseline, read_changes, read_charter, read_risks
    from pmkit.reading.team import read_team

    issues = list(plan.issues) + list(extras.issues)
    where = Location(plan.plan_sheet)  # the file
    by_id = {task_ids[uid]: found for uid, found in extras.tasks.items() if uid in task_ids}
    tasks = tuple(_task_with(plan, task, by_id.get(task.id), issues) for task in plan.tasks)
    settings = plan.settings
    if extras.settings is not None:
        settings, found = settings_from_rows(settings, extras.settings, where)
        issues += found
    sheets = extras.sheets
    if renumbered and BASELINE.name in sheets:
        sheets = {name: grid for name, grid in sheets.items() if name != BASELINE.name}
        issues.append(_project_warning(_IDS_LOST, where))
    changes, risks, charter, team = plan.changes, plan.risks, plan.charter, plan.team
    baseline = plan.baseline
    if (grid := sheets.get(CHANGES.name)) is not None:
        changes = tuple(_sheet(read_changes, grid, issues, where) or ())
    if (grid := sheets.get(RISKS.name)) is not None:
        risks = tuple(_sheet(read_risks, grid, issues, where) or ())
    if (grid := sheets.get(CHARTER.name)) is not None:
        charter = tuple(_sheet(read_charter, grid, issues, where) or ())
    if (grid := sheets.get(TEAM.name)) is not None:
        team = tuple(_sheet(read_team, grid, issues, where) or ())
    if (grid := sheets.get(BASELINE.name)) is not None:
        baseline = _sheet(read_baseline, grid, issues, where) or baseline
    return replace(
        plan,
        tasks=tasks,
        settings=settings,
        changes=changes,
        risks=risks,
        charter=charter,
        team=team,
        baseline=baseline,
        issues=tuple(issues),
    )


def _sheet(
    read: Callable[[Grid], tuple[_Read, list[Issue]]],
    grid: Grid,
    issues: list[Issue],
    where: Location,
) -> _Read | None:
    """A sheet pmkit wrote into the notes, read by that sheet's reader; None if unreadable.
    Its findings sit at `where` (the file)."""
    try:
        found, found_issues = read(grid)
    except PlanFileError as exc:
        found_issues, found = [_notes_issue(f"its {grid.name} sheet: {exc.message}", where)], None
    issues += [
        Issue(issue.severity, issue.code, where, issue.task_id, f"{grid.name}: {issue.message}")
        for issue in found_issues
    ]
    return found


def _task_with(plan: Plan, task: Task, extras: TaskExtras | None, issues: list[Issue]) -> Task:
    if extras is None:
        return task
    status = None
    if extras.status is not None:
        status = STATUS_CHOICES.get(normalize_choice(extras.status))
        if status is None:
            issues.append(
                Issue(
                    Severity.ERROR,
                    Code.BAD_VALUE,
                    plan.location(task),
                    task.id,
                    f"{task.label()} has the {STATUS_ALIAS} '{extras.status}', which is not "
                    "one of: " + ", ".join(status.value for status in TaskStatus),
                )
            )
    return replace(
        task,
        status=TaskStatus(status) if status else task.status,
        change_request=extras.change_request or task.change_request,
        last_update=extras.last_update or task.last_update,
    )


def _project_warning(message: str, where: Location) -> Issue:
    """A warning about the whole file, `where` (what pmkit wrote into it for itself)."""
    return Issue(Severity.WARNING, Code.BAD_VALUE, where, None, message)


_NOTES_LOST = (
    "This file was written by pmkit, but its project notes no longer hold pmkit's "
    "record of the plan's Changes, Risks, Charter, Team and Baseline sheets (removed "
    "in Project?): they are not imported; copy them from your own workbook"
)
"""The project notes no longer hold pmkit's record (removed in Project, or by another
tool): the owner's sheets cannot come back from it."""

_FIELDS_LOST = (
    f"This file was written by pmkit, but its custom fields ({SETTINGS_ALIAS}, "
    f"{STATUS_ALIAS}, …) were removed by the program that last saved it: the settings "
    "Project has no field for (Move Unfinished Work Past Status Date, Holiday Country, "
    "Slip Tolerance Days, …) are back to their defaults, and each task's Status, Change "
    "Request and Last Update are blank, so dates and flags can differ from the plan you "
    "exported; copy those from your own workbook"
)
"""The "pmkit Settings" field is gone (another program that saved the file dropped pmkit's
custom fields): Move Unfinished Work Past Status Date, back to its default, moves dates."""

_IDS_LOST = (
    f"This file was written by pmkit, but its tasks no longer carry their "
    f"{PMKIT_ID_ALIAS} (removed by the program that last saved it): they have Microsoft "
    "Project's IDs, which count the phase rows, so the Baseline sheet pmkit kept in the "
    "notes (by your IDs) is not imported; each task's baseline dates and cost come from "
    "Project's baseline instead, and removed tasks are not known"
)
"""The tasks lost their "pmkit ID": the Baseline sheet in the notes names the owner's IDs,
which no task carries now."""


def _notes_issue(what: str, where: Location) -> Issue:
    return _project_warning(
        f"The project's notes hold pmkit's record of this plan, but {what}; it is not used",
        where,
    )
