"""The nightly job tells the truth: an unknown forecast is null in the history and
"unknown" on the Summary tab; a plan with no tasks has no status, stored as NULL."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sheets_sync.history import History
from sheets_sync.history_records import RunRecord
from sheets_sync.history_schema import SCHEMA_VERSION
from sheets_sync.job import Stage, SyncJob
from tests.sync.fake_google import FakeGoogle
from tests.sync.sample_plans import PLAN_HEADER, plan_tabs
from tests.sync.sync_support import TODAY, spreadsheet_plans, sync_config

KEY = "plankey00042"
DURATION = PLAN_HEADER.index("Duration")


def _sync(google: FakeGoogle, tmp_path: Path, tabs: dict[str, list[list[object]]]) -> History:
    google.add_spreadsheet(KEY, "Book", tabs)
    outcomes = SyncJob(sync_config(google, tmp_path, spreadsheet_plans(KEY)), today=TODAY).run()
    assert [outcome.stage for outcome in outcomes] == [Stage.DONE]
    return History(str(tmp_path / "history.sqlite"))


def test_unknown_forecast_is_null_in_history_and_unknown_on_the_summary(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Task 3's Duration blank: the history row stores no finish and no slip (not the
    partial plan's), the status is not Green, and the Summary tab says "unknown"."""
    tabs = plan_tabs(8)
    tabs["Plan"][3][DURATION] = ""
    history = _sync(google, tmp_path, tabs)
    (run,) = history.runs(f"sheets:{KEY}")
    assert (run.forecast_finish, run.slip_days) == (None, None)
    assert run.status in {"Amber", "Red"}
    summary = [cell for row in google.values(KEY, "Summary") for cell in row]
    assert "unknown" in summary
    sentence = "Forecast unknown: 6 tasks cannot be scheduled until Plan!E4 is fixed"
    assert any(isinstance(cell, str) and cell.startswith(sentence) for cell in summary)
    header, night = google.values(KEY, "History")[2:4]
    row = dict(zip(header, night, strict=False))
    assert (row["Forecast finish"], row["Slip (working days)"]) == ("", "")  # left empty


def test_a_plan_with_no_tasks_is_recorded_without_a_status(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """An empty Plan tab: the run succeeds, its status is NULL, never Green."""
    tabs = plan_tabs(1)
    tabs["Plan"] = tabs["Plan"][:1]
    history = _sync(google, tmp_path, tabs)
    (run,) = history.runs(f"sheets:{KEY}")
    assert run.status is None
    summary = [cell for row in google.values(KEY, "Summary") for cell in row]
    assert "none yet" in summary
    assert "Green" not in summary


def test_history_migrates_to_a_nullable_status(tmp_path: Path) -> None:
    """A version-2 database keeps its rows and then accepts a run with no status."""
    path = str(tmp_path / "h.sqlite")
    History(path, upto=2).close()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, errors, warnings, infos,"
            " recorded_at, source) VALUES ('sheets:k', '2026-03-01', 'Plan K', 'Amber', 0, 0, 0,"
            " '2026-03-01 02:00:00', 'here')"
        )
    history = History(path)
    assert history.version() == SCHEMA_VERSION
    empty = RunRecord("sheets:k", "Plan K", date(2026, 3, 2), None, None, None, None, None,
                      None, None, 0, 0, 0)  # fmt: skip
    history.record(empty, [])
    old, new = history.runs("sheets:k")
    assert (old.status, old.source) == ("Amber", "here")
    assert new.status is None
    with sqlite3.connect(path) as db:
        (count,) = db.execute("SELECT count(*) FROM plan_runs").fetchone()
    assert count == 2
