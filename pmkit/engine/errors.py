"""Every error pmkit raises, in one tree.

    PmkitError                      base of everything below
    ├── PlanFileError (ValueError)  the file cannot be used at all → exit code 2
    │   ├── PlanFileNotFoundError   no such file (also a FileNotFoundError)
    │   ├── NotAWorkbookError       not a zip / not xlsx / an old .xls / encrypted
    │   ├── UnsafeFileError         XML bomb, zip bomb, external entities, too large
    │   ├── MissingSheetError       no Plan sheet
    │   ├── HeaderError             no header row, duplicate or missing headers, merged header
    │   └── ProjectFileError        Microsoft Project XML that cannot be used
    │       └── UnsafeProjectFileError  hostile Project XML (also an UnsafeFileError)
    ├── ArgumentError (ValueError)  a bad argument from a front end (cell function, CLI flag)
    ├── TaskNotFoundError (KeyError) a task id that is not in the plan
    ├── WriteRefusedError (RuntimeError)  writing outputs would lose part of a workbook
    ├── NothingToFreezeError (ValueError) a baseline asked of a plan with a task unscheduled
    ├── EmailAddressError (ValueError)  not one plain e-mail address (a digest's To or From)
    └── …                           each front end's own errors, in its package:
                                    `sheets_sync.errors` (ConfigError, SyncError and below)

Problems with single cells are *not* exceptions: they are `Issue`s collected in one
pass (see `pmkit.engine.issues`). Exceptions are for problems that stop the whole file.
Lower-level errors are translated where they happen with `raise X(...) from exc`;
front ends turn a `PmkitError` into one clean message in one place.
"""

from __future__ import annotations

from pmkit.engine.issues import Location

__all__ = [
    "ArgumentError",
    "EmailAddressError",
    "HeaderError",
    "MissingSheetError",
    "NotAWorkbookError",
    "NothingToFreezeError",
    "PlanFileError",
    "PlanFileNotFoundError",
    "PmkitError",
    "ProjectFileError",
    "TaskNotFoundError",
    "UnsafeFileError",
    "UnsafeProjectFileError",
    "WriteRefusedError",
]


class PmkitError(Exception):
    """Base of every pmkit error; `str(error)` is a sentence an owner can read."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class PlanFileError(PmkitError, ValueError):
    """The plan file cannot be used at all (the CLI exits with status 2)."""


class PlanFileNotFoundError(PlanFileError, FileNotFoundError):
    """The plan file (a workbook or a Microsoft Project file) does not exist: a
    `PlanFileError` like the others, and the `FileNotFoundError` Python's own `open` raises,
    so code that catches either catches it."""


class NotAWorkbookError(PlanFileError):
    """Not an .xlsx/.xlsm workbook: an old .xls, an encrypted file, or not a zip."""


class UnsafeFileError(PlanFileError):
    """The file looks hostile or is too large to open safely."""


class MissingSheetError(PlanFileError):
    """A required sheet (Plan) is missing."""


class HeaderError(PlanFileError):
    """The header row of a sheet cannot be found or is ambiguous."""


class ProjectFileError(PlanFileError):
    """A Microsoft Project XML (MSPDI) file that cannot be used."""


class UnsafeProjectFileError(ProjectFileError, UnsafeFileError):
    """Hostile Microsoft Project XML (a DTD, entities, external references) or too large."""


class ArgumentError(PmkitError, ValueError):
    """A bad argument given by a front end (a cell function argument, a CLI option)."""


class TaskNotFoundError(PmkitError, KeyError):
    """A task id that is not in the plan."""

    def __str__(self) -> str:  # KeyError would quote the message
        return PmkitError.__str__(self)


class WriteRefusedError(PmkitError, RuntimeError):
    """Writing the output sheets would lose part of the workbook, so nothing was written."""


class NothingToFreezeError(PmkitError, ValueError):
    """*Set baseline* on a plan where a task cannot be scheduled: there is no forecast to
    freeze for it (or for any task), so nothing is written until it is fixed."""


class EmailAddressError(PmkitError, ValueError):
    """Text that cannot stand in an e-mail header as one plain address (the morning
    digest's recipient or sender): a comma, a line break, a display name where none may be."""
