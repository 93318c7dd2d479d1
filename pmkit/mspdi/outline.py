"""The task outline of an MSPDI file: which rows are work, which are summaries, and phases.

Summary rows are not plan rows: each becomes the Phase of the tasks beneath it. A
nested outline gives a path of summary names joined with `PHASE_SEPARATOR`
("Build > Framing"), which the writer turns back into nested summary tasks.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace

from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import project_task_place, task_label
from pmkit.mspdi.document import ProjectDocument
from pmkit.mspdi.values import parse_bool, parse_int

__all__ = ["PHASE_SEPARATOR", "PMKIT_ID_ALIAS", "OutlineRow", "read_outline"]

PHASE_SEPARATOR = " > "
PMKIT_ID_ALIAS = "pmkit ID"
"""Alias of the custom task field in which pmkit keeps a task's own ID when it writes MSPDI."""


@dataclass(frozen=True, slots=True)
class OutlineRow:
    """One `<Task>` of the file that is neither blank, inactive, external nor the project row."""

    uid: int
    id: str
    row: int | None
    name: str
    level: int
    summary: bool
    phase: str | None
    element: ET.Element
    pmkit_id: bool = False
    """The ID is the one pmkit wrote in its "pmkit ID" field (the owner's), not Project's."""
    file: str = ""
    """The file's name (`vendor.xml`)."""

    @property
    def label(self) -> str:
        """How a finding names it: `Task 7 “Pour slab”` (`model.task_label`)."""
        return task_label(self.id, self.name)

    def label_as(self, noun: str) -> str:
        """`summary task 2 “Design”`: the label with another noun."""
        return task_label(self.id, self.name, noun)

    @property
    def location(self) -> Location:
        """Where a finding about this task sits: the task as Project shows it
        (`task 7 “Pour slab” in vendor.xml`), never a sheet the owner does not have."""
        return Location(
            self.file,
            self.row,
            None,
            project_task_place(
                self.file, self.name, self.row, self.uid, self.id if self.pmkit_id else None
            ),
        )


def read_outline(
    document: ProjectDocument,
) -> tuple[list[OutlineRow], dict[int, list[int]], list[Issue]]:
    """Rows in file order, each summary's leaf-task UIDs, and findings about skipped rows."""
    container = document.child(document.root, "Tasks")
    assert container is not None  # checked when the document was loaded
    raw: list[tuple[int, str, int | None, str, int, bool, ET.Element]] = []
    issues: list[Issue] = []
    seen_uids: set[int] = set()
    for element in document.children(container, "Task"):
        uid = parse_int(document.text(element, "UID"))
        if uid is None or parse_bool(document.text(element, "IsNull")):
            continue
        id_text = document.text(element, "ID")
        row = parse_int(id_text)
        task_id = str(row) if row is not None else (id_text or str(uid))
        level = parse_int(document.text(element, "OutlineLevel"))
        name = document.text(element, "Name") or ""
        if uid == 0 or level == 0 or uid in seen_uids:
            continue  # the project summary row (and a repeated UID: the first wins)
        seen_uids.add(uid)
        location = Location(
            document.name, row, None, project_task_place(document.name, name, row, uid)
        )
        if document.text(element, "Active") is not None and not parse_bool(
            document.text(element, "Active")
        ):
            issues.append(
                Issue(
                    Severity.INFO,
                    Code.BAD_VALUE,
                    location,
                    task_id,
                    f"{task_label(task_id, name)} is inactive in Microsoft Project and was "
                    "left out",
                )
            )
            continue
        if parse_bool(document.text(element, "ExternalTask")):
            issues.append(
                Issue(
                    Severity.INFO,
                    Code.BAD_VALUE,
                    location,
                    task_id,
                    f"{task_label(task_id, name)} belongs to another project and was left out",
                )
            )
            continue
        raw.append(
            (
                uid,
                task_id,
                row,
                name,
                level or 1,
                parse_bool(document.text(element, "Summary")),
                element,
            )
        )
    rows: list[OutlineRow] = []
    stack: list[tuple[int, int, str]] = []  # (level, uid, name) of the open summaries
    for index, (uid, task_id, row, name, level, flagged, element) in enumerate(raw):
        next_level = raw[index + 1][4] if index + 1 < len(raw) else 0
        summary = flagged or next_level > level
        while stack and stack[-1][0] >= level:
            stack.pop()
        phase = PHASE_SEPARATOR.join(entry[2] for entry in stack) or None
        rows.append(
            OutlineRow(uid, task_id, row, name, level, summary, phase, element, file=document.name)
        )
        if summary:
            stack.append((level, uid, name))
    rows, repeated = _distinct_ids(rows)
    rows, id_issues = _keep_pmkit_ids(document, rows)
    return rows, _leaves_by_summary(rows), [*issues, *repeated, *id_issues]


def _distinct_ids(rows: list[OutlineRow]) -> tuple[list[OutlineRow], list[Issue]]:
    """Each task its own ID: a task whose ID an earlier task has (a damaged file; Project
    never repeats one) is called `UID<uid>`, so that links, which name tasks by UID, keep
    to the task they name instead of the first with that ID."""
    first: dict[str, OutlineRow] = {}
    result: list[OutlineRow] = []
    issues: list[Issue] = []
    for row in rows:
        if row.summary:
            result.append(row)
            continue
        earlier = first.setdefault(row.id, row)
        if earlier is row:
            result.append(row)
            continue
        new_id = f"UID{row.uid}"
        issues.append(
            Issue(
                Severity.WARNING,
                Code.BAD_VALUE,
                row.location,
                new_id,
                f"{row.label} has the ID of {earlier.label_as('task')} in {row.file} "
                "(Microsoft Project never repeats an ID: a damaged file?); pmkit calls it "
                f"task {new_id}, so that it and its links stay its own",
            )
        )
        result.append(replace(row, id=new_id))
    return result, issues


def _keep_pmkit_ids(
    document: ProjectDocument, rows: list[OutlineRow]
) -> tuple[list[OutlineRow], list[Issue]]:
    """Give tasks back the IDs pmkit wrote in its "pmkit ID" field, when the file has one.

    Microsoft Project renumbers IDs by row (summary rows count), so a plan pmkit wrote
    would otherwise come back with other IDs. A task added in Microsoft Project has no
    pmkit ID and keeps its row ID, or `MS<ID>` if that ID is already taken.
    """
    field_id = _pmkit_id_field(document)
    if field_id is None:
        return rows, []
    kept: dict[int, str] = {}
    taken: set[str] = set()
    for row in rows:
        for attribute in document.children(row.element, "ExtendedAttribute"):
            if document.text(attribute, "FieldID") == field_id:
                value = document.text(attribute, "Value")
                if value and not row.summary and value not in taken:
                    kept[row.uid] = value
                    taken.add(value)
    if not kept:
        return rows, []
    result: list[OutlineRow] = []
    issues: list[Issue] = []
    for row in rows:
        new_id = kept.get(row.uid)
        if new_id is None and not row.summary:
            new_id = row.id if row.id not in taken else f"MS{row.id}"
            taken.add(new_id)
            issues.append(
                Issue(
                    Severity.INFO,
                    Code.BAD_VALUE,
                    row.location,
                    new_id,
                    f"{task_label(new_id, row.name)} was added in Microsoft Project (it had "
                    "no pmkit ID, so the ID shown is the one pmkit gives it)",
                )
            )
        result.append(replace(row, id=new_id, pmkit_id=row.uid in kept) if new_id else row)
    return result, issues


def _pmkit_id_field(document: ProjectDocument) -> str | None:
    definitions = document.child(document.root, "ExtendedAttributes")
    if definitions is None:
        return None
    for definition in document.children(definitions, "ExtendedAttribute"):
        if document.text(definition, "Alias") == PMKIT_ID_ALIAS:
            return document.text(definition, "FieldID")
    return None


def _leaves_by_summary(rows: list[OutlineRow]) -> dict[int, list[int]]:
    leaves: dict[int, list[int]] = {}
    open_summaries: list[OutlineRow] = []
    for row in rows:
        while open_summaries and open_summaries[-1].level >= row.level:
            open_summaries.pop()
        if row.summary:
            leaves[row.uid] = []
            open_summaries.append(row)
        else:
            for summary in open_summaries:
                leaves[summary.uid].append(row.uid)
    return leaves
