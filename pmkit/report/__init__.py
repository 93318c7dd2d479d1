"""The report workbook and *Set baseline*: the writing stage of read → analyze → write.

>>> from pmkit import analyze, read_plan
>>> analysis = analyze(read_plan("plan.xlsx"))
>>> write_report(analysis).path.name                   # beside the plan
'plan-report.xlsx'
>>> set_baseline(analysis, force=True).saved.backup.name  # the plan as it was
'plan.bak.xlsx'

What pmkit promises about the owner's files, and how each promise is kept, is in
docs/report.md ("What pmkit promises about your files").
"""

from __future__ import annotations

from pmkit.files import backup_path
from pmkit.report.safe_write import SaveResult
from pmkit.report.workbook import (
    OUTPUT_NAMES,
    BaselineWriter,
    PackageWorkbook,
    PlanWorkbook,
    SheetWriter,
    XlsxWorkbook,
)
from pmkit.report.writing import (
    BaselineResult,
    baseline_into,
    default_report_path,
    open_for_writing,
    open_xlsx_workbook,
    replace_sheets,
    set_baseline,
    write_report,
    write_sheets,
)

__all__ = [
    "OUTPUT_NAMES",
    "BaselineResult",
    "BaselineWriter",
    "PackageWorkbook",
    "PlanWorkbook",
    "SaveResult",
    "SheetWriter",
    "XlsxWorkbook",
    "backup_path",
    "baseline_into",
    "default_report_path",
    "open_for_writing",
    "open_xlsx_workbook",
    "replace_sheets",
    "set_baseline",
    "write_report",
    "write_sheets",
]
