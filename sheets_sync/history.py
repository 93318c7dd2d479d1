"""The run history: a row per plan per day, and a snapshot of every task's row.

One SQLite file by default, or a shared PostgreSQL database (`postgresql://…`), both
through SQLAlchemy Core. The schema is versioned: `schema_version` holds the migrations
applied, and opening a database applies the missing ones in order (under an advisory
lock on PostgreSQL, so shards starting together migrate once).

Re-running on the same day replaces that day's rows, so a second run the same night
changes nothing more. Task snapshots carry a fingerprint of the owner's row; a task
whose fingerprint has not changed since some earlier day is "unchanged since" that day,
which is how stalled tasks are found from nightly runs (SPEC section 5).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from pmkit.engine.model import Task
from sheets_sync.errors import HistoryError

__all__ = [
    "SCHEMA_VERSION",
    "History",
    "RunRecord",
    "TaskSnapshot",
    "task_fingerprint",
]

_metadata = MetaData()

schema_version = Table(
    "schema_version",
    _metadata,
    Column("version", Integer, primary_key=True),
    Column("description", String(200), nullable=False),
    Column("applied_at", DateTime, nullable=False),
)


def _run_columns(*, version: int = 1) -> list[Column[object]]:
    """The plan_runs columns as migration `version` left them (3: a plan with no tasks
    has no status, stored as NULL)."""
    return [
        Column("plan_key", String(300), primary_key=True),
        Column("run_date", Date, primary_key=True),
        Column("plan_name", String(300), nullable=False),
        Column("status", String(10), nullable=version >= 3),
        Column("forecast_finish", Date),
        Column("slip_days", Integer),
        Column("spi", Float),
        Column("cpi", Float),
        Column("scope_growth_days", Float),
        Column("scope_growth_cost", Float),
        Column("errors", Integer, nullable=False),
        Column("warnings", Integer, nullable=False),
        Column("infos", Integer, nullable=False),
        Column("recorded_at", DateTime, nullable=False),
    ]


def _snapshot_columns() -> list[Column[object]]:
    return [
        Column("plan_key", String(300), primary_key=True),
        Column("run_date", Date, primary_key=True),
        Column("task_id", String(100), primary_key=True),
        Column("fingerprint", String(64), nullable=False),
        Column("percent_complete", Float),
        Column("forecast_finish", Date),
        Column("slip_days", Integer),
    ]


plan_runs = Table(
    "plan_runs",
    _metadata,
    *_run_columns(version=3),
    Column("source", String(1000)),  # migration 2
)
task_snapshots = Table("task_snapshots", _metadata, *_snapshot_columns())


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One plan's figures on one run day (None where the figure is unknown: the status of
    a plan with no tasks, the forecast and slip of a plan with a task that cannot be
    scheduled)."""

    plan_key: str
    plan_name: str
    run_date: date
    status: str | None
    forecast_finish: date | None
    slip_days: int | None
    spi: float | None
    cpi: float | None
    scope_growth_days: float | None
    scope_growth_cost: float | None
    errors: int
    warnings: int
    infos: int
    source: str | None = None


@dataclass(frozen=True, slots=True)
class TaskSnapshot:
    task_id: str
    fingerprint: str
    percent_complete: float | None = None
    forecast_finish: date | None = None
    slip_days: int | None = None


def task_fingerprint(task: Task) -> str:
    """A digest of everything the owner typed in the task's row (its row number aside)."""
    values = [repr(getattr(task, f.name)) for f in fields(task) if f.name != "row"]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]


# --- migrations ---------------------------------------------------------------------------


def _create_tables(connection: Connection) -> None:
    v1 = MetaData()
    Table("plan_runs", v1, *_run_columns())
    Table("task_snapshots", v1, *_snapshot_columns())
    v1.create_all(connection)


def _add_source_and_index(connection: Connection) -> None:
    connection.execute(text("ALTER TABLE plan_runs ADD COLUMN source VARCHAR(1000)"))
    connection.execute(
        text("CREATE INDEX ix_task_snapshots_task ON task_snapshots (plan_key, task_id, run_date)")
    )


def _allow_no_status(connection: Connection) -> None:
    """Status becomes nullable. SQLite cannot drop a NOT NULL: the table is copied."""
    if connection.dialect.name != "sqlite":
        connection.execute(text("ALTER TABLE plan_runs ALTER COLUMN status DROP NOT NULL"))
        return
    v3 = MetaData()
    Table("plan_runs_v3", v3, *_run_columns(version=3), Column("source", String(1000)))
    v3.create_all(connection)
    names = ", ".join(column.name for column in plan_runs.columns)
    connection.execute(text(f"INSERT INTO plan_runs_v3 ({names}) SELECT {names} FROM plan_runs"))
    connection.execute(text("DROP TABLE plan_runs"))
    connection.execute(text("ALTER TABLE plan_runs_v3 RENAME TO plan_runs"))


MIGRATIONS: tuple[tuple[int, str, Callable[[Connection], None]], ...] = (
    (1, "plan runs and task snapshots", _create_tables),
    (2, "where each plan came from; index for stalled-task look-ups", _add_source_and_index),
    (3, "a plan with no tasks has no status", _allow_no_status),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]
_LOCK_ID = 7_402_951  # any constant: the advisory lock shards take while migrating


def database_url(database: str) -> str:
    """A path → a SQLite URL; `postgresql://` → SQLAlchemy's psycopg (v3) driver."""
    if database.startswith("postgresql://"):
        return "postgresql+psycopg://" + database[len("postgresql://") :]
    if "://" in database:
        return database
    path = Path(database).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def redacted(database: str) -> str:
    """The database for messages: a URL without its password."""
    if "://" not in database:
        return database
    try:
        return make_url(database).render_as_string(hide_password=True)
    except Exception:
        return database.split("://", maxsplit=1)[0] + "://…"


class History:
    """The history store; thread-safe. `upto` (tests only) stops migrating at that version."""

    def __init__(self, database: str, *, upto: int | None = None, migrate: bool = True) -> None:
        """Open (creating and migrating) the history; `migrate=False` only reads what is there."""
        self.database = database
        try:
            url = database_url(database)
            args = {"timeout": 30, "check_same_thread": False} if url.startswith("sqlite") else {}
            self.engine: Engine = create_engine(url, connect_args=args, pool_pre_ping=True)
            if migrate:
                self._migrate(upto if upto is not None else SCHEMA_VERSION)
            elif self.version() != SCHEMA_VERSION:
                raise HistoryError(
                    f"the history database {redacted(database)} is not at schema version "
                    f"{SCHEMA_VERSION} yet; a run without --dry-run upgrades it"
                )
        except (SQLAlchemyError, OSError) as exc:
            raise HistoryError(
                f"cannot open the history database {redacted(database)}: {_reason(exc)}"
            ) from None
        self._write_lock = threading.Lock()

    def close(self) -> None:
        self.engine.dispose()

    def version(self) -> int:
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("schema_version"):
                return 0
            return _current_version(connection)

    def _migrate(self, target: int) -> None:
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK_ID})"))
            schema_version.create(connection, checkfirst=True)
            current = _current_version(connection)
            if current > SCHEMA_VERSION:
                raise HistoryError(
                    f"the history database {redacted(self.database)} is at schema version "
                    f"{current}, newer than this pmkit knows ({SCHEMA_VERSION}): upgrade pmkit"
                )
            for version, description, apply in MIGRATIONS:
                if current < version <= target:
                    apply(connection)
                    connection.execute(
                        insert(schema_version).values(
                            version=version, description=description, applied_at=_now()
                        )
                    )

    def record(self, run: RunRecord, tasks: Sequence[TaskSnapshot]) -> None:
        """Store the day's row and snapshots, replacing any from an earlier run that day."""
        key, day = run.plan_key, run.run_date
        row = {f.name: getattr(run, f.name) for f in fields(run)}
        try:
            with self._write_lock, self.engine.begin() as connection:
                for table in (plan_runs, task_snapshots):
                    connection.execute(
                        delete(table).where(table.c.plan_key == key, table.c.run_date == day)
                    )
                connection.execute(insert(plan_runs).values(**row, recorded_at=_now()))
                if tasks:
                    connection.execute(
                        insert(task_snapshots),
                        [
                            {"plan_key": key, "run_date": day}
                            | {f.name: getattr(task, f.name) for f in fields(task)}
                            for task in tasks
                        ],
                    )
        except SQLAlchemyError as exc:
            raise HistoryError(
                f"could not write the history of {run.plan_name}: {_reason(exc)}"
            ) from None

    def runs(
        self, plan_key: str, *, before: date | None = None, limit: int = 400
    ) -> list[RunRecord]:
        """The plan's daily rows, oldest first (the last `limit` of them)."""
        query = select(plan_runs).where(plan_runs.c.plan_key == plan_key)
        if before is not None:
            query = query.where(plan_runs.c.run_date < before)
        query = query.order_by(plan_runs.c.run_date.desc()).limit(limit)
        names = [f.name for f in fields(RunRecord)]
        try:
            with self.engine.connect() as connection:
                rows = connection.execute(query).mappings().all()
        except SQLAlchemyError as exc:
            raise HistoryError(
                f"could not read the history of {plan_key}: {_reason(exc)}"
            ) from None
        return [RunRecord(**{name: row[name] for name in names}) for row in reversed(rows)]

    def unchanged_since(
        self,
        plan_key: str,
        fingerprints: Mapping[str, str],
        today: date,
        *,
        horizon_days: int = 400,
    ) -> dict[str, date]:
        """For each task whose row is the same as on earlier run days: the first such day.

        Days are walked back from the latest run before `today`; a different fingerprint,
        or a run without the task, ends the stretch.
        """
        query = select(
            task_snapshots.c.task_id, task_snapshots.c.run_date, task_snapshots.c.fingerprint
        ).where(
            task_snapshots.c.plan_key == plan_key,
            task_snapshots.c.run_date < today,
            task_snapshots.c.run_date >= today - timedelta(days=horizon_days),
        )
        days_query = (
            select(plan_runs.c.run_date)
            .where(plan_runs.c.plan_key == plan_key, plan_runs.c.run_date < today)
            .order_by(plan_runs.c.run_date.desc())
        )
        try:
            with self.engine.connect() as connection:
                snapshots = connection.execute(query).all()
                run_days = [row[0] for row in connection.execute(days_query)]
        except SQLAlchemyError as exc:
            raise HistoryError(
                f"could not read the history of {plan_key}: {_reason(exc)}"
            ) from None
        by_task: dict[str, dict[date, str]] = {}
        for task_id, day, fingerprint in snapshots:
            by_task.setdefault(task_id, {})[day] = fingerprint
        found: dict[str, date] = {}
        for task_id, fingerprint in fingerprints.items():
            seen = by_task.get(task_id, {})
            since: date | None = None
            for day in run_days:
                if seen.get(day) != fingerprint:
                    break
                since = day
            if since is not None:
                found[task_id] = since
        return found


def _current_version(connection: Connection) -> int:
    value = connection.execute(
        select(schema_version.c.version).order_by(schema_version.c.version.desc()).limit(1)
    ).scalar()
    return int(value or 0)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _reason(exc: BaseException) -> str:
    # SQLAlchemy messages carry the statement and parameters; keep only the driver's words.
    original = getattr(exc, "orig", None) or exc
    return str(original).splitlines()[0][:200] if str(original) else type(original).__name__
