"""Owners and Microsoft Project resources: assigned resources are a task's owners, and back.

A task assigned to several resources is owned by all of them (`Duc Truong, Christopher
Scott`), and a Project file has no Team sheet, so its resources are the plan's team
(`project_team`): the Owner text then names each of them (`model.OwnerNames`), and each
has the task in their week and is booked for it in full, as Project books each assigned
resource at 100 % units. Only resources assigned to a task are members: a resource pool
of people with no task here is not news to whoever keeps the file. The export writes
each person an Owner names (by the same rule) as a resource assigned to the task.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import OWNER_SEPARATORS, OwnerNames, Task, TeamMember, owner_key
from pmkit.engine.schema import MAX_CAPACITY
from pmkit.mspdi.calendar_xml import CALENDAR_UID, add_days_off_calendar
from pmkit.mspdi.calendars import calendars_by_uid, resource_days_off
from pmkit.mspdi.document import ProjectDocument
from pmkit.mspdi.elements import add
from pmkit.mspdi.values import parse_float, parse_int

__all__ = ["add_resources", "owners_by_task_uid", "project_team"]

_UNASSIGNED_RESOURCE = -65535


_NOT_PEOPLE = frozenset({0, 2})
"""Resource Types that are not people: 0 material (cable, licences), 2 cost (travel). Work
resources (1, and a resource with no Type) are people who can own a task."""


def _named_resources(document: ProjectDocument) -> dict[int, ET.Element]:
    """The file's work resources with a name, by UID: material and cost resources are
    things a task uses, not people who own it, so they are neither owners nor team."""
    found: dict[int, ET.Element] = {}
    resources = document.child(document.root, "Resources")
    if resources is not None:
        for resource in document.children(resources, "Resource"):
            uid = parse_int(document.text(resource, "UID"))
            if (
                uid is not None
                and document.text(resource, "Name")
                and parse_int(document.text(resource, "Type")) not in _NOT_PEOPLE
            ):
                found[uid] = resource
    return found


def owners_by_task_uid(document: ProjectDocument) -> dict[int, str]:
    """Each task's assigned resources, by name, in file order: the task's owner(s),
    `Duc Truong, Christopher Scott` (`; ` between them when a name has a comma in it,
    so that `Smith, Jones & Co; Duc Truong` still names both, `model.OwnerNames`)."""
    names = {
        uid: document.text(resource, "Name") or ""
        for uid, resource in _named_resources(document).items()
    }
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
    return {uid: _joined(found) for uid, found in owners.items() if found}


def _joined(names: list[str]) -> str:
    comma = OWNER_SEPARATORS[1]
    between = f"{OWNER_SEPARATORS[0]} " if any(comma in name for name in names) else f"{comma} "
    return between.join(names)


def project_team(
    document: ProjectDocument, tasks: Iterable[Task], where: Location
) -> tuple[tuple[TeamMember, ...], list[Issue]]:
    """The plan's team from the file's resources assigned to `tasks`, in the file's
    resource order: each one's name, e-mail (`EmailAddress`), capacity (`MaxUnits`:
    1 is a full week, as on the Team sheet; more than `MAX_CAPACITY` counts as that) and
    days off (the non-working exceptions of the resource's own calendar).
    An e-mail that is not one address is a warning at the file (`where`), left out."""
    from pmkit.reading.team import is_email_address

    resources = list(_named_resources(document).values())
    every = OwnerNames(TeamMember(document.text(r, "Name") or "") for r in resources)
    used = {key for task in tasks for key in every.keys(task.owner)}
    members: dict[str, TeamMember] = {}
    issues: list[Issue] = []
    calendars = calendars_by_uid(document)
    for resource in resources:
        name = document.text(resource, "Name") or ""
        key = owner_key(name)
        if key not in used or key in members:
            continue
        email = document.text(resource, "EmailAddress")
        if email is not None and not is_email_address(email):
            issues.append(
                Issue(
                    Severity.WARNING,
                    Code.BAD_VALUE,
                    where,
                    None,
                    f"Resource “{name}” has the e-mail address '{email}', which is not one "
                    "address like sam@example.com, so pmkit cannot send them their week: "
                    "correct it in Project's Resource Sheet (Resource Information › Email)",
                )
            )
            email = None
        units = parse_float(document.text(resource, "MaxUnits"))
        capacity = 1.0 if units is None or units < 0 else min(units, MAX_CAPACITY)
        away = resource_days_off(document, resource, calendars)
        members[key] = TeamMember(name, email=email, capacity=capacity, days_off=away)
    return tuple(members.values()), issues


def add_resources(
    root: ET.Element,
    tasks: Iterable[tuple[int, Task]],
    people: OwnerNames,
    *,
    team: Iterable[TeamMember] = (),
    calendars: ET.Element | None = None,
) -> None:
    """Owners become work resources, each assigned to the tasks it owns: each person an
    Owner names (`people`, the plan's `OwnerNames`: `Sam, Priya` is two resources when
    both are on its Team sheet, else one, as pmkit counts it), named as first written.
    A person with Days Off on the `team` gets a calendar of their own among `calendars`,
    each run of days a non-working exception (read back as their Days Off)."""
    away = {member.key: member.days_off for member in team if member.days_off}
    resource_uids: dict[str, tuple[str, int]] = {}
    pairs: list[tuple[int, int]] = []
    for task_uid, task in tasks:
        for name in people(task.owner):
            found = resource_uids.setdefault(owner_key(name), (name, len(resource_uids) + 1))
            pairs.append((task_uid, found[1]))
    resources = add(root, "Resources")
    calendar_uid = int(CALENDAR_UID)  # the project calendar; a person's come after it
    for key, (name, uid) in resource_uids.items():
        resource = add(resources, "Resource")
        add(resource, "UID", str(uid))
        add(resource, "ID", str(uid))
        add(resource, "Name", name)
        add(resource, "Type", "1")
        add(resource, "IsNull", "0")
        if calendars is not None and key in away:
            calendar_uid += 1
            add_days_off_calendar(calendars, calendar_uid, name, away[key])
            add(resource, "CalendarUID", str(calendar_uid))
    assignments = add(root, "Assignments")
    for number, (task_uid, resource_uid) in enumerate(pairs, start=1):
        assignment = add(assignments, "Assignment")
        add(assignment, "UID", str(number))
        add(assignment, "TaskUID", str(task_uid))
        add(assignment, "ResourceUID", str(resource_uid))
        add(assignment, "Units", "1")
