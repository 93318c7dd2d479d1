"""The sample plan with one cell broken, as an owner would break it (truth-first tests).

The sample's task N sits on row N + 1: Duration is column E, Predecessors column F.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

import pmkit
from pmkit.engine.results import Analysis
from pmkit.template.regenerate import SAMPLE_FILE_NAME, TEMPLATES_FOLDER

SAMPLE = TEMPLATES_FOLDER / SAMPLE_FILE_NAME
TASK_4_DURATION = "E5"
"""Task 4 is done, with both actual dates: a blank Duration there holds nothing back."""
TASK_15_DURATION = "E16"
"""Task 15 “Build product catalogue and search” is in progress; 21 tasks wait for it."""
BLANK_DURATION_UNKNOWN = "Forecast unknown: 22 tasks cannot be scheduled until Plan!E16 is fixed"
"""What the sample says with task 15's Duration blank (or unreadable)."""
TASK_8_PREDECESSORS = "F9"


def sample_copy(folder: Path, name: str = "sample.xlsx") -> Path:
    """The committed sample plan, copied into `folder`."""
    return Path(shutil.copyfile(SAMPLE, folder / name))


def broken_sample(folder: Path, cells: dict[str, object], name: str = "broken.xlsx") -> Path:
    """The sample plan with Plan cells set to new values (None blanks a cell)."""
    path = sample_copy(folder, name)
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    for ref, value in cells.items():
        sheet[ref].value = value
    book.save(path)
    return path


def analyse(path: Path) -> Analysis:
    """The analysis of the plan workbook at `path`, as `pmkit report` makes it."""
    return pmkit.analyze(pmkit.read_plan(path))
