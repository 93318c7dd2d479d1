"""Why a plan could not be synced, in words the person running the job can act on.

    PmkitError
    ├── ConfigError (ValueError)        the config file cannot be used: the whole run stops
    └── SyncError (RuntimeError)        one plan could not be synced; the others go on
        ├── NotSharedError              the sheet is not shared with the service account
        ├── SpreadsheetNotFoundError    no spreadsheet with that key (or no access at all)
        ├── QuotaError                  Google's per-minute quota, still exhausted after retries
        ├── GoogleUnavailableError      5xx answers, timeouts or dropped connections, after retries
        ├── AmbiguousWriteError         a write's answer was lost: it may or may not have applied
        ├── GoogleRequestError          any other refusal (a 400 with Google's message)
        ├── LockedWorkbookError         a local workbook is open in Excel
        └── HistoryError                the history database cannot be used

Both are `PmkitError`s of the one exception tree (`pmkit.engine.errors`), so the command
line turns them into one line in its one place (`pmkit.cli.main`). Messages never carry a
traceback, a token or a key.
"""

from __future__ import annotations

from pmkit import PmkitError

__all__ = [
    "AmbiguousWriteError",
    "ConfigError",
    "GoogleRequestError",
    "GoogleUnavailableError",
    "HistoryError",
    "LockedWorkbookError",
    "NotSharedError",
    "QuotaError",
    "SpreadsheetNotFoundError",
    "SyncError",
]


class ConfigError(PmkitError, ValueError):
    """A sync configuration file that cannot be used; the run stops before any plan."""


class SyncError(PmkitError, RuntimeError):
    """One plan could not be synced; the run reports it and goes on with the others."""


class NotSharedError(SyncError):
    """The service account may not open the spreadsheet."""


class SpreadsheetNotFoundError(SyncError):
    """No spreadsheet with that key."""


class QuotaError(SyncError):
    """Google's per-minute quota stayed exhausted through every retry."""


class GoogleUnavailableError(SyncError):
    """Server errors, timeouts or dropped connections outlasted the retries."""


class AmbiguousWriteError(SyncError):
    """A write was sent but its answer was lost, so whether it applied is unknown."""


class GoogleRequestError(SyncError):
    """Google refused a request for another reason (its message is kept)."""


class LockedWorkbookError(SyncError):
    """A local workbook is open in Excel (a `~$` lock file sits beside it)."""


class HistoryError(SyncError):
    """The history database cannot be opened, migrated or written."""
