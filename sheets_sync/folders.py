"""Local folders of workbooks (a OneDrive or SharePoint folder synced to the machine).

Every .xlsx/.xlsm directly in the folder is a plan, except Excel's `~$` owner files,
pmkit's own backups (`plan.bak.xlsx`) and temporary files. A workbook open in Excel
(its `~$` owner file sits beside it), or read-only, is skipped with a message, to be
picked up the next night. Output sheets go through `pmkit report --in-place`'s own
writer (`pmkit.report.write_sheets`): only sheets pmkit wrote are replaced, the file
must still hold what was read, and it refuses rather than lose anything in it. Which
sheets it will write is judged first, on a dry run too (`pmkit.report.writing.claim_in_place`),
as for a Google plan: an old History sheet it leaves as it is is said in the log.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from pmkit import Plan, PlanFileError
from pmkit.frontend import WORKBOOK_SUFFIXES, OutputSheet, write_sheets
from sheets_sync.errors import LockedWorkbookError

__all__ = ["check_not_locked", "list_workbooks", "write_local_outputs"]


def list_workbooks(folder: Path) -> list[Path]:
    """The plan workbooks directly in `folder`, by name."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name.casefold())
    except FileNotFoundError:
        raise PlanFileError(f"the folder {folder} does not exist") from None
    except NotADirectoryError:
        raise PlanFileError(f"{folder} is not a folder") from None
    except OSError as exc:
        raise PlanFileError(f"cannot list the folder {folder}: {exc.strerror}") from None
    return [
        path
        for path in entries
        if path.suffix.casefold() in WORKBOOK_SUFFIXES
        and not path.name.startswith(("~$", ".", "~"))
        and not path.stem.casefold().endswith(".bak")
        and path.is_file()
    ]


def _owner_files(path: Path) -> list[Path]:
    # Excel names its owner file "~$" + the name, dropping the name's first two
    # characters when the name is long; look for both spellings.
    names = {f"~${path.name}", f"~${path.name[2:]}", f"~${path.name[1:]}"}
    return [path.with_name(name) for name in names]


def check_not_locked(path: Path) -> None:
    """Raise `LockedWorkbookError` when the workbook is open in Excel."""
    if any(owner.exists() for owner in _owner_files(path)):
        raise LockedWorkbookError(
            f"{path.name} is open in Excel (its lock file ~$… is beside it); skipped — "
            "close it and the next run will pick it up"
        )
    try:
        read_only = not path.stat().st_mode & stat.S_IWUSR or not os.access(path, os.W_OK)
        with path.open("r+b"):
            pass
    except PermissionError:
        read_only = True
    if read_only:
        raise LockedWorkbookError(
            f"{path.name} cannot be opened for writing (open in Excel, or read-only); skipped"
        ) from None


def write_local_outputs(plan: Plan, sheets: Sequence[OutputSheet]) -> None:
    """Replace the output sheets in the workbook `plan` was read from, in place and safely."""
    write_sheets(
        plan,
        sheets,
        in_place=True,
        advice="The nightly sync leaves this workbook alone until it can be written safely",
    )
