"""The shared history on a real PostgreSQL server (PMKIT_TEST_POSTGRES_URL; see .ci/postgres.sh)."""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pmkit.outputs.since_last_run import SHOWN_CHANGES
from sheets_sync.history import History, database_url
from sheets_sync.history_records import RunRecord, TaskSnapshot
from sheets_sync.history_schema import SCHEMA_VERSION
from sheets_sync.job import Stage, SyncJob
from sheets_sync.sharding import Shard
from tests.sync.fake_google import FakeGoogle
from tests.sync.sample_plans import plan_tabs
from tests.sync.sync_support import TODAY, spreadsheet_plans, sync_config

SERVER = os.environ.get("PMKIT_TEST_POSTGRES_URL")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not SERVER, reason="PMKIT_TEST_POSTGRES_URL is not set"),
]
DAY = date(2026, 3, 2)


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh database on the test server, dropped afterwards."""
    assert SERVER is not None
    name = f"pmkit_{secrets.token_hex(6)}"
    admin = create_engine(database_url(SERVER), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = SERVER.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _run(day: date, slip: int) -> RunRecord:
    return RunRecord("sheets:k", "K", day, "Amber", day, slip, 0.9, 1.1, 0.1, 0.0, 0, 1, 2)


def test_postgres_history_migrates_records_and_replaces(database: str) -> None:
    """Migrations, the day's row replaced on a re-run, and unchanged rows, on PostgreSQL."""
    old = History(database, upto=1)
    assert old.version() == 1
    old.close()
    history = History(database)
    assert history.version() == SCHEMA_VERSION
    for offset, slip in ((0, 1), (1, 2), (1, 3)):
        history.record(_run(DAY + timedelta(days=offset), slip), [TaskSnapshot("1", "same")])
    assert [r.slip_days for r in history.runs("sheets:k")] == [1, 3]
    since = history.unchanged_since("sheets:k", {"1": "same"}, DAY + timedelta(days=2))
    assert since == {"1": DAY}
    history.close()


def test_postgres_history_accepts_a_plan_with_no_status(database: str) -> None:
    """Migration 3 on PostgreSQL: old rows stay, a run with no status (no tasks) is NULL."""
    old = History(database, upto=2)
    with old.engine.begin() as connection:  # a row as pmkit wrote it at version 2
        connection.execute(
            text(
                "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, slip_days, errors,"
                " warnings, infos, recorded_at) VALUES ('sheets:k', :day, 'K', 'Amber', 1, 0, 1,"
                " 2, :day)"
            ),
            {"day": DAY},
        )
    old.close()
    history = History(database)
    empty = RunRecord("sheets:k", "K", DAY + timedelta(days=1), None, None, None, None, None,
                      None, None, 0, 0, 0)  # fmt: skip
    history.record(empty, [])
    assert [r.status for r in history.runs("sheets:k")] == ["Amber", None]
    history.close()


def test_shards_starting_together_migrate_once(database: str) -> None:
    """Four workers opening one new database at once apply each migration once."""
    errors: list[BaseException] = []

    def open_history() -> None:
        try:
            History(database).close()
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_history) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = create_engine(database_url(database))
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version FROM schema_version")).scalars().all()
    engine.dispose()
    assert sorted(versions) == list(range(1, SCHEMA_VERSION + 1))


def test_sharded_job_shares_one_postgres_history(database: str, tmp_path: Path) -> None:
    """Two shards write their plans' rows into the same PostgreSQL history."""
    keys = [f"plankey{n:05d}" for n in range(6)]
    with FakeGoogle() as google:
        for key in keys:
            google.add_spreadsheet(key, key, plan_tabs(4))
        config = sync_config(google, tmp_path, spreadsheet_plans(*keys))
        from dataclasses import replace

        config = replace(config, history=replace(config.history, database=database))
        outcomes = [
            outcome
            for index in range(2)
            for outcome in SyncJob(config, shard=Shard(index, 2), today=TODAY).run()
        ]
    assert sorted(o.name for o in outcomes if o.stage is Stage.DONE) == keys
    history = History(database)
    assert all(len(history.runs(f"sheets:{key}")) == 1 for key in keys)
    history.close()


def test_postgres_history_keeps_each_nights_figures_and_changes(
    database: str, tmp_path: Path
) -> None:
    """Migration 4 on PostgreSQL (from a version-3 database): task flags, risks and the
    changes found are stored and read back, typed."""
    from tests.sync.test_sync_since_last_run import check_history_keeps_the_night

    History(database, upto=3).close()
    history = History(database)
    check_history_keeps_the_night(history, tmp_path)
    with history.engine.connect() as connection:
        types: dict[str, str] = dict(
            connection.execute(
                text(
                    "SELECT column_name, data_type FROM information_schema.columns"
                    " WHERE table_name = 'task_snapshots'"
                )
            ).all()
        )
    assert (types["critical"], types["deadline"], types["scope_creep_cost"]) == (
        "boolean", "date", "double precision",
    )  # fmt: skip
    history.close()


def test_postgres_since_last_run_through_the_job(database: str, tmp_path: Path) -> None:
    """Two nights of a Google plan with a PostgreSQL history: night 2's Summary lists what
    changed, and a re-run that night finds the same."""
    from dataclasses import replace

    from tests.sync.nightly_plans import (
        NIGHT_TWO_LINES,
        NIGHTS,
        night_tabs,
        retype_tabs,
        since_last_run_section,
    )

    key = "plankey00001"

    with FakeGoogle() as google:
        google.add_spreadsheet(key, "Relaunch", night_tabs(1))
        config = sync_config(google, tmp_path, spreadsheet_plans(key))
        config = replace(config, history=replace(config.history, database=database))
        SyncJob(config, today=NIGHTS[1]).run()
        retype_tabs(google, key, 2)
        for _ in range(2):
            (outcome,) = SyncJob(config, today=NIGHTS[2]).run()
            assert outcome.stage is Stage.DONE, outcome.message
            _, lines = since_last_run_section(google.values(key, "Summary"))
            assert lines == NIGHT_TWO_LINES[:SHOWN_CHANGES]
    history = History(database)
    found = history.since_last_run(f"sheets:{key}", NIGHTS[2])
    assert found is not None
    assert (found.last_run, len(found.changes)) == (NIGHTS[1], len(NIGHT_TWO_LINES))
    history.close()


def test_postgres_portfolio_from_shards_sharing_the_history(database: str, tmp_path: Path) -> None:
    """Migration 5 on PostgreSQL (from a version-4 database); three shards finishing at
    once count under the lock so exactly one is last; the last of two shards writes the
    portfolio from the shared history, with Sam Patel's 250 % across three plans."""
    from dataclasses import replace

    from sheets_sync.portfolio import PortfolioState
    from tests.sync.portfolio_plans import (
        PORTFOLIO_KEY,
        SAM_PLANS,
        finish_shards_at_once,
        google_portfolio,
        seed_plans,
    )

    History(database, upto=4).close()
    counts = finish_shards_at_once(database, DAY, 3)
    assert sorted(counts) == [1, 2, 3]

    with FakeGoogle() as google:
        entries = seed_plans(google, SAM_PLANS) + google_portfolio(google)
        config = sync_config(google, tmp_path, entries)
        config = replace(config, history=replace(config.history, database=database))
        states = []
        for index in (1, 0):
            job = SyncJob(config, shard=Shard(index, 2), today=TODAY)
            job.run()
            assert job.portfolio is not None
            states.append(job.portfolio.state)
        people = google.values(PORTFOLIO_KEY, "People")
    assert states == [PortfolioState.WAITING, PortfolioState.WRITTEN]
    sam = next(row for row in people if row and row[0] == "Sam Patel")
    assert sam[3] == 2.5


def test_postgres_keeps_the_digests_sent(database: str) -> None:
    """Migration 6 on PostgreSQL: each digest is recorded once per plan, night and
    address, kept when the night's run is recorded again, and read back."""
    history = History(database)
    history.record_digest("sheets:k", DAY, "Ann@Example.com", kind="week", delivery="smtp",
                          message_id="<1@example.com>")  # fmt: skip
    history.record(_run(DAY, 1), [TaskSnapshot("1", "same")])  # the night re-run
    assert history.digests_sent("sheets:k", DAY) == {"ann@example.com"}
    assert history.digests_sent("sheets:k", DAY + timedelta(days=1)) == set()
