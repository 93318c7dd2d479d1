"""pmkit: turn an owner's plan workbook into a validated schedule, flags and variance.

>>> import pmkit
>>> plan = pmkit.read_plan("plan.xlsx")
>>> result = pmkit.analyze(plan)
>>> result.summary.status, result.tasks["7"].slip
('Red', 2)
>>> pmkit.write_report(result).path
PosixPath('plan-report.xlsx')

Each stage takes the previous stage's value: `read_plan(path) → Plan`,
`analyze(plan) → Analysis`, then `write_report(analysis)` or `set_baseline(analysis)`;
`to_frames(analysis)` gives the output tables as pandas DataFrames.
"""

from typing import TYPE_CHECKING, Any

from pmkit.engine.analysis import analyze
from pmkit.engine.errors import (
    ArgumentError,
    HeaderError,
    MissingSheetError,
    NotAWorkbookError,
    PlanFileError,
    PlanFileNotFoundError,
    PmkitError,
    ProjectFileError,
    TaskNotFoundError,
    UnsafeFileError,
    WriteRefusedError,
)
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import (
    BaselineSnapshot,
    BaselineTask,
    ChangeRequest,
    CharterItem,
    Decision,
    Holiday,
    Link,
    LinkType,
    Plan,
    Risk,
    Settings,
    Task,
    TaskStatus,
)
from pmkit.engine.results import Analysis, HealthCheck, ProjectSummary, Schedule, TaskResult
from pmkit.engine.scheduling import compute_schedule
from pmkit.engine.workdays import WorkCalendar
from pmkit.reading import read_plan

if TYPE_CHECKING:
    from pmkit.outputs.frames import to_frames
    from pmkit.report import SaveResult, set_baseline, write_report

# The writers need openpyxl and `to_frames` pandas; the engine must import without them
# (xlwings Lite runs the engine in Pyodide), so they load on first use.
_WRITERS = ("SaveResult", "set_baseline", "write_report")


def __getattr__(name: str) -> Any:
    if name in _WRITERS:
        from pmkit import report

        return getattr(report, name)
    if name == "to_frames":
        from pmkit.outputs.frames import to_frames

        return to_frames
    raise AttributeError(f"module 'pmkit' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "ArgumentError",
    "BaselineSnapshot",
    "BaselineTask",
    "ChangeRequest",
    "CharterItem",
    "Code",
    "Decision",
    "HeaderError",
    "HealthCheck",
    "Holiday",
    "Issue",
    "Link",
    "LinkType",
    "Location",
    "MissingSheetError",
    "NotAWorkbookError",
    "Plan",
    "PlanFileError",
    "PlanFileNotFoundError",
    "PmkitError",
    "ProjectFileError",
    "ProjectSummary",
    "Risk",
    "SaveResult",
    "Schedule",
    "Settings",
    "Severity",
    "Task",
    "TaskNotFoundError",
    "TaskResult",
    "TaskStatus",
    "UnsafeFileError",
    "WorkCalendar",
    "WriteRefusedError",
    "__version__",
    "analyze",
    "compute_schedule",
    "read_plan",
    "set_baseline",
    "to_frames",
    "write_report",
]
