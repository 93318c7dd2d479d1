"""The owner-friendly plan workbooks: the blank template and the sample project.

>>> from pmkit.template import write_template
>>> write_template("my-plan.xlsx")
PosixPath('my-plan.xlsx')
"""

from __future__ import annotations

from pathlib import Path

from pmkit.template.builder import WorkbookContent, build_workbook
from pmkit.template.saving import save_workbook, workbook_bytes

__all__ = [
    "TEMPLATE_FILE_NAME",
    "WorkbookContent",
    "build_workbook",
    "save_workbook",
    "template_bytes",
    "write_template",
]

TEMPLATE_FILE_NAME = "plan-template.xlsx"


def template_bytes() -> bytes:
    """The blank template workbook as .xlsx bytes (the same bytes every time)."""
    return workbook_bytes(build_workbook(WorkbookContent()))


def write_template(path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the blank template to `path`; refuse to replace a file unless `overwrite`."""
    return save_workbook(build_workbook(WorkbookContent()), path, overwrite=overwrite)
