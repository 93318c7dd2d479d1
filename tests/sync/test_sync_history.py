"""The history store: migrations, one row per plan per day, unchanged rows, stalled tasks."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmkit.engine.issues import Code
from sheets_sync.errors import HistoryError
from sheets_sync.history import History
from sheets_sync.history_records import RunRecord, TaskSnapshot
from sheets_sync.history_schema import SCHEMA_VERSION
from sheets_sync.job import Stage, SyncJob
from tests.sync.fake_google import FakeGoogle
from tests.sync.sample_plans import plan_tabs
from tests.sync.sync_support import spreadsheet_plans, sync_config

DAY = date(2026, 3, 2)


def _run(day: date, slip: int = 0, status: str = "Green") -> RunRecord:
    return RunRecord("sheets:k", "Plan K", day, status, day, slip, 1.0, 0.9, 0.0, 0.0, 1, 2, 3)


def test_new_database_is_migrated_to_the_latest_version(tmp_path: Path) -> None:
    """A fresh file gets every migration, recorded in schema_version."""
    history = History(str(tmp_path / "h.sqlite"))
    assert history.version() == SCHEMA_VERSION
    with sqlite3.connect(tmp_path / "h.sqlite") as db:
        rows = db.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    assert [v for (v,) in rows] == list(range(1, SCHEMA_VERSION + 1))


def test_old_database_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    """A version-1 file with data gains the new column and index; old rows survive."""
    path = str(tmp_path / "h.sqlite")
    History(path, upto=1)
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, errors, warnings, infos,"
            " recorded_at) VALUES ('sheets:k', '2026-03-01', 'Plan K', 'Amber', 0, 0, 0,"
            " '2026-03-01 02:00:00')"
        )
    history = History(path)
    assert history.version() == SCHEMA_VERSION
    (old,) = history.runs("sheets:k")
    assert (old.status, old.source) == ("Amber", None)
    with sqlite3.connect(path) as db:
        indexes = [row[1] for row in db.execute("PRAGMA index_list('task_snapshots')")]
    assert "ix_task_snapshots_task" in indexes


def test_newer_database_is_refused(tmp_path: Path) -> None:
    """A database migrated by a newer pmkit is not touched."""
    path = str(tmp_path / "h.sqlite")
    History(path)
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO schema_version VALUES (?, 'future', '2030-01-01 00:00:00')",
            (SCHEMA_VERSION + 1,),
        )
    with pytest.raises(HistoryError, match="upgrade pmkit"):
        History(path)


def test_same_day_replaces_that_days_row(tmp_path: Path) -> None:
    """Two runs on one day leave one row (the later); other days stay."""
    history = History(str(tmp_path / "h.sqlite"))
    history.record(_run(DAY, slip=1), [TaskSnapshot("1", "a")])
    history.record(_run(DAY + timedelta(days=1), slip=2), [TaskSnapshot("1", "a")])
    history.record(_run(DAY + timedelta(days=1), slip=5), [TaskSnapshot("1", "b")])
    assert [(r.run_date, r.slip_days) for r in history.runs("sheets:k")] == [
        (DAY, 1),
        (DAY + timedelta(days=1), 5),
    ]


@pytest.mark.parametrize(
    ("fingerprints", "expected"),
    [
        pytest.param(["a", "a", "a"], DAY, id="unchanged-all-along"),
        pytest.param(["x", "a", "a"], DAY + timedelta(days=1), id="changed-then-still"),
        pytest.param(["a", "a", "b"], None, id="changed-last-night"),
        pytest.param(["a", None, "a"], DAY + timedelta(days=2), id="missing-one-night"),
    ],
)
def test_unchanged_since_walks_back_over_identical_rows(
    tmp_path: Path, fingerprints: list[str | None], expected: date | None
) -> None:
    """The first day of the latest stretch of identical rows, or nothing."""
    history = History(str(tmp_path / "h.sqlite"))
    for offset, fingerprint in enumerate(fingerprints):
        tasks = [TaskSnapshot("7", fingerprint)] if fingerprint else []
        history.record(_run(DAY + timedelta(days=offset)), tasks)
    found = history.unchanged_since("sheets:k", {"7": "a"}, DAY + timedelta(days=3))
    assert found.get("7") == expected


def test_unreadable_database_is_a_clear_error(tmp_path: Path) -> None:
    """A file that is not SQLite is reported by path, without SQL."""
    path = tmp_path / "h.sqlite"
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(HistoryError, match="cannot open the history database") as caught:
        History(str(path))
    assert "SELECT" not in str(caught.value)


def test_stalled_task_found_from_nightly_snapshots(google: FakeGoogle, tmp_path: Path) -> None:
    """A task in progress whose row never changes over Stalled After Days is flagged stalled."""
    tabs = plan_tabs(6)
    tabs["Settings"] = [["Setting", "Value"], ["Stalled After Days", 5]]
    plan = tabs["Plan"]
    header = plan[0]
    plan[3][header.index("Last Update")] = None  # the in-progress task: no Last Update
    google.add_spreadsheet("plankey00001", "Stalling", tabs)
    config = sync_config(google, tmp_path, spreadsheet_plans("plankey00001"))
    found_on: list[date] = []
    for offset in range(10):
        day = date(2026, 3, 9) + timedelta(days=offset)
        (outcome,) = SyncJob(config, today=day).run()
        assert outcome.stage is Stage.DONE
        flags = google.values("plankey00001", "Flags")
        codes = {(row[1], row[3]) for row in flags[1:] if len(row) > 3}
        if (Code.STALLED_TASK.value, "3") in codes:
            found_on.append(day)
    assert found_on, "the unchanged in-progress task was never flagged stalled"
    assert found_on[0] > date(2026, 3, 9) + timedelta(days=5)
    history = google.values("plankey00001", "History")
    assert len(history) == 3 + 10  # title, note, header, one row per night


def test_database_password_never_shows(tmp_path: Path) -> None:
    """A PostgreSQL URL that cannot be reached is reported without its password."""
    url = "postgresql://pmkit:s3cret-pass@127.0.0.1:1/pmkit"
    with pytest.raises(HistoryError) as caught:
        History(url)
    assert "s3cret-pass" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


def test_dry_run_reads_history_without_upgrading_it(google: FakeGoogle, tmp_path: Path) -> None:
    """--dry-run on an old history file leaves it at its old version."""
    google.add_spreadsheet("plankey00001", "P", plan_tabs(4))
    path = tmp_path / "history.sqlite"
    History(str(path), upto=1).close()
    config = sync_config(google, tmp_path, spreadsheet_plans("plankey00001"))
    (outcome,) = SyncJob(config, today=DAY, dry_run=True).run()
    assert outcome.stage is Stage.DONE
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT max(version) FROM schema_version").fetchone() == (1,)


def test_migration_8_tells_runs_that_noted_partial_bookings_from_older_ones(
    tmp_path: Path,
) -> None:
    """A run recorded before migration 7 did not note partial bookings (not known: None);
    one recorded since did (NULL there meant none): migration 8 tells them apart by when
    migration 7 was applied."""
    path = str(tmp_path / "h.sqlite")
    History(path, upto=6).close()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, errors, warnings,"
            " infos, recorded_at) VALUES ('sheets:k', '2026-03-01', 'Plan K', 'Green', 0, 0, 0,"
            " '2026-03-01 02:00:00')"
        )
    History(path, upto=7).close()
    with sqlite3.connect(path) as db:
        (applied,) = db.execute(
            "SELECT applied_at FROM schema_version WHERE version = 7"
        ).fetchone()
        db.execute(
            "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, errors, warnings,"
            " infos, recorded_at) VALUES ('sheets:k', '2026-03-02', 'Plan K', 'Green', 0, 0, 0,"
            " ?)",
            (applied,),
        )
    history = History(path)
    history.record(_run(DAY + timedelta(days=1)), [])
    assert [run.bookings_noted for run in history.runs("sheets:k")] == [None, True, True]
