"""Owners and Microsoft Project resources: assigned resources are a task's owners, and back."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from pmkit.engine.model import Task
from pmkit.mspdi.document import ProjectDocument
from pmkit.mspdi.elements import add
from pmkit.mspdi.values import parse_int

__all__ = ["add_resources", "owners_by_task_uid"]

_UNASSIGNED_RESOURCE = -65535


def owners_by_task_uid(document: ProjectDocument) -> dict[int, str]:
    """Each task's assigned resources, by name, in file order: the task's owner(s)."""
    names: dict[int, str] = {}
    resources = document.child(document.root, "Resources")
    if resources is not None:
        for resource in document.children(resources, "Resource"):
            uid = parse_int(document.text(resource, "UID"))
            name = document.text(resource, "Name")
            if uid is not None and name:
                names[uid] = name
    owners: dict[int, list[str]] = {}
    assignments = document.child(document.root, "Assignments")
    if assignments is not None:
        for assignment in document.children(assignments, "Assignment"):
            task_uid = parse_int(document.text(assignment, "TaskUID"))
            resource_uid = parse_int(document.text(assignment, "ResourceUID"))
            if task_uid is None or resource_uid in (None, _UNASSIGNED_RESOURCE):
                continue
            name = names.get(resource_uid) if resource_uid is not None else None
            if name and name not in owners.setdefault(task_uid, []):
                owners[task_uid].append(name)
    return {uid: ", ".join(found) for uid, found in owners.items() if found}


def add_resources(root: ET.Element, tasks: Iterable[tuple[int, Task]]) -> None:
    """Owners become work resources, each assigned to the tasks it owns."""
    resource_uids: dict[str, int] = {}
    pairs: list[tuple[int, int]] = []
    for task_uid, task in tasks:
        for name in (part.strip() for part in (task.owner or "").split(",")):
            if name:
                uid = resource_uids.setdefault(name, len(resource_uids) + 1)
                pairs.append((task_uid, uid))
    resources = add(root, "Resources")
    for name, uid in resource_uids.items():
        resource = add(resources, "Resource")
        add(resource, "UID", str(uid))
        add(resource, "ID", str(uid))
        add(resource, "Name", name)
        add(resource, "Type", "1")
        add(resource, "IsNull", "0")
    assignments = add(root, "Assignments")
    for number, (task_uid, resource_uid) in enumerate(pairs, start=1):
        assignment = add(assignments, "Assignment")
        add(assignment, "UID", str(number))
        add(assignment, "TaskUID", str(task_uid))
        add(assignment, "ResourceUID", str(resource_uid))
        add(assignment, "Units", "1")
