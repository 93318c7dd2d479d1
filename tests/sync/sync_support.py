"""Helpers for the sync tests: configs pointing at the fake Google, the test day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sheets_sync.config import GoogleConfig, SyncConfig, parse_config
from sheets_sync.google_client import SheetsClient
from sheets_sync.history import History
from sheets_sync.history_records import RunRecord
from tests.sync.fake_google import FakeGoogle

TODAY = date(2026, 3, 20)


def sync_config(
    fake: FakeGoogle,
    tmp_path: Path,
    plans: str,
    *,
    google_extra: str = "",
    sync_extra: str = "",
    credentials: str = "anonymous",
    read_timeout_seconds: float = 20,
) -> SyncConfig:
    """A config for `fake` with fast retries; `plans` is the [[plans]] TOML.

    The read timeout is generous (a busy test machine must not time out by accident);
    tests of timeouts lower it.
    """
    text = f"""
[google]
credentials = "{credentials}"
endpoint = "{fake.url}"
backoff_seconds = 0.01
max_backoff_seconds = 0.05
read_timeout_seconds = {read_timeout_seconds}
connect_timeout_seconds = 2
read_requests_per_minute = 1000
write_requests_per_minute = 1000
{google_extra}

[history]
database = "{tmp_path / "history.sqlite"}"

[sync]
workers = 4
{sync_extra}

{plans}
"""
    return parse_config(text, base=tmp_path)


def spreadsheet_plans(*keys: str) -> str:
    """[[plans]] entries for spreadsheets, named after their keys."""
    return "\n".join(f'[[plans]]\nname = "{key}"\nspreadsheet = "{key}"\n' for key in keys)


def sheets_client(fake: FakeGoogle) -> SheetsClient:
    """A client of `fake` that tries each call once (a refusal is the answer under test)."""
    config = GoogleConfig(
        credentials="anonymous", endpoint=fake.url, backoff_seconds=0.01, max_attempts=1
    )
    return SheetsClient(config)


def record_green_nights(database: Path, key: str, name: str, nights: Iterable[date]) -> None:
    """Nights the history database holds for plan `key` (`name`): each Green, nothing else
    known, as an earlier run would have recorded them."""
    history = History(str(database))
    for night in nights:
        record = RunRecord(key, name, night, "Green", None, 0, None, None, None, None, 0, 0, 0)
        history.record(record, [])
    history.close()
