"""The MSPDI schema's element order, and a structural check of a written file.

The orders below follow the Project 2010 XML schema (mspdi_pj14, a superset of the
2007 `mspdi_pj12.xsd` published with the Project SDK): every child of a sequence must
come in this order, and Microsoft Project refuses a file whose elements are out of
order. Only the elements pmkit writes (and their neighbours) are listed; the check
fails on any other element, so the writer cannot drift from the lists.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

__all__ = ["ELEMENT_ORDER", "REQUIRED_CHILDREN", "check_structure"]

PROJECT_ORDER = (
    "SaveVersion", "UID", "Name", "Title", "Subject", "Category", "Company", "Manager",
    "Author", "CreationDate", "Revision", "LastSaved", "ScheduleFromStart", "StartDate",
    "FinishDate", "FYStartDate", "CriticalSlackLimit", "CurrencyDigits", "CurrencySymbol",
    "CurrencyCode", "CurrencySymbolPosition", "CalendarUID", "DefaultStartTime",
    "DefaultFinishTime", "MinutesPerDay", "MinutesPerWeek", "DaysPerMonth",
    "DefaultTaskType", "DefaultFixedCostAccrual", "DefaultStandardRate",
    "DefaultOvertimeRate", "DurationFormat", "WorkFormat", "EditableActualCosts",
    "HonorConstraints", "EarnedValueMethod", "InsertedProjectsLikeSummary",
    "MultipleCriticalPaths", "NewTasksEffortDriven", "NewTasksEstimated",
    "SplitsInProgressTasks", "SpreadActualCost", "SpreadPercentComplete",
    "TaskUpdatesResource", "FiscalYearStart", "WeekStartDay", "MoveCompletedEndsBack",
    "MoveRemainingStartsBack", "MoveRemainingStartsForward", "MoveCompletedEndsForward",
    "BaselineForEarnedValue", "AutoAddNewResourcesAndTasks", "StatusDate", "CurrentDate",
    "MicrosoftProjectServerURL", "Autolink", "NewTaskStartDate", "NewTasksAreManual",
    "DefaultTaskEVMethod", "ProjectExternallyEdited", "ExtendedCreationDate",
    "ActualsInSync", "RemoveFileProperties", "AdminProject", "OutlineCodes", "WBSMasks",
    "ExtendedAttributes", "Calendars", "Tasks", "Resources", "Assignments",
)  # fmt: skip
EXTENDED_ATTRIBUTE_DEFINITION_ORDER = ("FieldID", "FieldName", "CFType", "Guid", "Alias")
CALENDAR_ORDER = (
    "UID", "GUID", "Name", "IsBaseCalendar", "IsBaselineCalendar", "BaseCalendarUID", "WeekDays",
    "Exceptions", "WorkWeeks",
)  # fmt: skip
WEEKDAY_ORDER = ("DayType", "DayWorking", "TimePeriod", "WorkingTimes")
TIME_PERIOD_ORDER = ("FromDate", "ToDate")
WORKING_TIME_ORDER = ("FromTime", "ToTime")
EXCEPTION_ORDER = (
    "EnteredByOccurrences", "TimePeriod", "Occurrences", "Name", "Type", "Period",
    "DaysOfWeek", "MonthItem", "MonthPosition", "Month", "MonthDay", "DayWorking",
    "WorkingTimes",
)  # fmt: skip
TASK_ORDER = (
    "UID", "GUID", "ID", "Name", "Active", "Manual", "Type", "IsNull", "CreateDate",
    "Contact", "WBS", "WBSLevel", "OutlineNumber", "OutlineLevel", "Priority", "Start",
    "Finish", "Duration", "ManualStart", "ManualFinish", "ManualDuration", "DurationFormat",
    "Work", "Stop", "Resume", "ResumeValid", "EffortDriven", "Recurring", "OverAllocated",
    "Estimated", "Milestone", "Summary", "DisplayAsSummary", "Critical", "IsSubproject",
    "IsSubprojectReadOnly", "SubprojectName", "ExternalTask", "ExternalTaskProject",
    "EarlyStart", "EarlyFinish", "LateStart", "LateFinish", "StartVariance",
    "FinishVariance", "WorkVariance", "FreeSlack", "TotalSlack", "StartSlack",
    "FinishSlack", "FixedCost", "FixedCostAccrual", "PercentComplete",
    "PercentWorkComplete", "Cost", "OvertimeCost", "OvertimeWork", "ActualStart",
    "ActualFinish", "ActualDuration", "ActualCost", "ActualOvertimeCost", "ActualWork",
    "ActualOvertimeWork", "RegularWork", "RemainingDuration", "RemainingCost",
    "RemainingWork", "RemainingOvertimeCost", "RemainingOvertimeWork", "ACWP", "CV",
    "ConstraintType", "CalendarUID", "ConstraintDate", "Deadline", "LevelAssignments",
    "LevelingCanSplit", "LevelingDelay", "LevelingDelayFormat", "PreLeveledStart",
    "PreLeveledFinish", "Hyperlink", "HyperlinkAddress", "HyperlinkSubAddress",
    "IgnoreResourceCalendar", "Notes", "HideBar", "Rollup", "BCWS", "BCWP",
    "PhysicalPercentComplete", "EarnedValueMethod", "PredecessorLink",
    "ActualWorkProtected", "ActualOvertimeWorkProtected", "ExtendedAttribute", "Baseline",
    "OutlineCode", "IsPublished", "StatusManager", "CommitmentStart", "CommitmentFinish",
    "CommitmentType",
)  # fmt: skip
PREDECESSOR_LINK_ORDER = (
    "PredecessorUID", "Type", "CrossProject", "CrossProjectName", "LinkLag", "LagFormat",
)  # fmt: skip
TASK_EXTENDED_ATTRIBUTE_ORDER = ("FieldID", "Value", "ValueGUID", "DurationFormat")
BASELINE_ORDER = (
    "TimephasedData", "Number", "Interim", "Start", "Finish", "Duration", "DurationFormat",
    "EstimatedDuration", "Work", "Cost", "BCWS", "BCWP", "FixedCost",
)  # fmt: skip
RESOURCE_ORDER = (
    "UID", "GUID", "ID", "Name", "Type", "IsNull", "Initials", "Phonetics", "NTAccount",
    "MaterialLabel", "Code", "Group", "WorkGroup", "EmailAddress", "Hyperlink",
    "HyperlinkAddress", "HyperlinkSubAddress", "MaxUnits", "PeakUnits", "OverAllocated",
    "AvailableFrom", "AvailableTo", "Start", "Finish", "CanLevel", "AccrueAt", "Work",
    "RegularWork", "OvertimeWork", "ActualWork", "RemainingWork", "ActualOvertimeWork",
    "RemainingOvertimeWork", "PercentWorkComplete", "StandardRate", "StandardRateFormat",
    "Cost", "OvertimeRate", "OvertimeRateFormat", "OvertimeCost", "CostPerUse", "ActualCost",
    "ActualOvertimeCost", "RemainingCost", "RemainingOvertimeCost", "WorkVariance",
    "CostVariance", "SV", "CV", "ACWP", "CalendarUID", "Notes", "BCWS", "BCWP",
)  # fmt: skip
ASSIGNMENT_ORDER = (
    "UID", "GUID", "TaskUID", "ResourceUID", "PercentWorkComplete", "ActualCost",
    "ActualFinish", "ActualOvertimeCost", "ActualOvertimeWork", "ActualStart", "ActualWork",
    "ACWP", "Confirmed", "Cost", "CostRateTable", "CostVariance", "CV", "Delay", "Finish",
    "FinishVariance", "Hyperlink", "HyperlinkAddress", "HyperlinkSubAddress",
    "WorkVariance", "HasFixedRateUnits", "FixedMaterial", "LevelingDelay",
    "LevelingDelayFormat", "LinkedFields", "Milestone", "Notes", "Overallocated",
    "OvertimeCost", "OvertimeWork", "PeakUnits", "RegularWork", "RemainingCost",
    "RemainingOvertimeCost", "RemainingOvertimeWork", "RemainingWork", "ResponsePending",
    "Start", "Stop", "Resume", "StartVariance", "Summary", "SV", "Units", "UpdateNeeded",
    "VAC", "Work", "WorkContour",
)  # fmt: skip

ELEMENT_ORDER: Mapping[str, Sequence[str]] = {
    "Project": PROJECT_ORDER,
    "ExtendedAttributes/ExtendedAttribute": EXTENDED_ATTRIBUTE_DEFINITION_ORDER,
    "Calendar": CALENDAR_ORDER,
    "WeekDay": WEEKDAY_ORDER,
    "TimePeriod": TIME_PERIOD_ORDER,
    "WorkingTime": WORKING_TIME_ORDER,
    "Exception": EXCEPTION_ORDER,
    "Task": TASK_ORDER,
    "PredecessorLink": PREDECESSOR_LINK_ORDER,
    "Task/ExtendedAttribute": TASK_EXTENDED_ATTRIBUTE_ORDER,
    "Baseline": BASELINE_ORDER,
    "Resource": RESOURCE_ORDER,
    "Assignment": ASSIGNMENT_ORDER,
}
"""Child order of each element, keyed by its name (or `parent/name` where names repeat)."""

REQUIRED_CHILDREN: Mapping[str, Sequence[str]] = {
    "Project": ("Name", "CalendarUID", "Calendars", "Tasks"),
    "Calendar": ("UID",),
    "WeekDay": ("DayType",),
    "Task": ("UID",),
    "Resource": ("UID",),
    "Assignment": ("UID", "TaskUID", "ResourceUID"),
    "Task/ExtendedAttribute": ("FieldID",),
}
_CONTAINERS = {
    "Calendars": "Calendar",
    "WeekDays": "WeekDay",
    "WorkingTimes": "WorkingTime",
    "Exceptions": "Exception",
    "Tasks": "Task",
    "Resources": "Resource",
    "Assignments": "Assignment",
    "ExtendedAttributes": "ExtendedAttribute",
}


def check_structure(root: ET.Element) -> list[str]:
    """Every way `root` breaks the schema's structure (element order, required children).

    An empty list means the file has the structure Microsoft Project expects.
    """
    problems: list[str] = []
    _check(root, "", problems)
    return problems


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _check(element: ET.Element, parent: str, problems: list[str]) -> None:
    name = _local(element.tag)
    path = f"{parent}/{name}" if parent else name
    key = f"{_local_parent(parent)}/{name}"
    order = ELEMENT_ORDER.get(key) or ELEMENT_ORDER.get(name)
    children = list(element)
    if name in _CONTAINERS:
        for child in children:
            if _local(child.tag) != _CONTAINERS[name]:
                problems.append(f"{path}: unexpected <{_local(child.tag)}>")
            _check(child, path, problems)
        return
    if order is None:
        if children and name not in {"TimePeriod"}:
            problems.append(f"{path}: no known structure for <{name}> with children")
        return
    required = REQUIRED_CHILDREN.get(key) or REQUIRED_CHILDREN.get(name) or ()
    names = [_local(child.tag) for child in children]
    for needed in required:
        if needed not in names:
            problems.append(f"{path}: missing <{needed}>")
    position = -1
    for child, child_name in zip(children, names, strict=True):
        if child_name not in order:
            problems.append(f"{path}: <{child_name}> is not allowed here")
            continue
        index = order.index(child_name)
        if index < position:
            problems.append(f"{path}: <{child_name}> is out of order")
        position = index
        _check(child, path, problems)


def _local_parent(parent: str) -> str:
    return parent.rpartition("/")[2]
