"""The history database's tables and the migrations that build them, version by version.

`schema_version` holds the migrations applied; `History` applies the missing ones in
order. The tables as this pmkit uses them are the module's `Table`s; each migration
builds what it adds from the same column definitions, so the two cannot drift apart.

1. `plan_runs` (a row per plan per run day) and `task_snapshots` (each task's row)
2. `plan_runs.source`; an index for stalled-task look-ups
3. a plan with no tasks has no status (`plan_runs.status` nullable)
4. what "since last run" compares and finds: per run the status date, why the forecast
   is unknown and the day compared with; per task its flags (done, critical, late,
   stalled, deadline at risk, unapproved scope); `risk_snapshots` (risks with a review
   date) and `plan_changes` (the changes found, in order)
5. the portfolio: plan figures on `plan_runs`, `owner_weeks`, `plan_attempts` (each
   night's plans) and `shard_finishes`
6. `digest_sends`: each morning digest sent (or written to the outbox), so a re-run the
   same night sends none again
7. `plan_runs.bookings_partial` and `partial_owners`: the work the owners' booked weeks
   miss (tasks that cannot be scheduled) and whose it is, for the portfolio's People
8. `plan_runs.bookings_noted`: whether the run noted that work (true on every run since
   migration 7; NULL on the runs before, whose bookings may be partial without saying so)
9. `plan_runs.partial_owners_known`: whether `partial_owners` names the owner of all that
   work (false when some is on rows whose owner is not known; NULL on the runs before,
   which did not say: that work may be anyone's the plan books)
10. `plan_runs.scope_growth_days_at_least` and `approved_growth_days_at_least`: whether
   the growth figures are minimums (a change's Duration could not be read; NULL on the
   runs before, which did not say)
11. `plan_runs.late_at_least`: while the slip is unknown, how late the project is at
   least (its agreed finish passed with work not done; NULL otherwise and on older runs)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    select,
    text,
    update,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "digest_sends",
    "error_reason",
    "owner_weeks",
    "plan_attempts",
    "plan_changes",
    "plan_runs",
    "risk_snapshots",
    "schema_version",
    "shard_finishes",
    "task_snapshots",
    "utc_now",
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


def _run_columns_v4() -> list[Column[object]]:
    """Added to plan_runs by migration 4 (NULL on the rows of older runs)."""
    return [
        Column("status_date", Date),
        Column("forecast_unknown", Text),
        Column("compared_with", Date),  # the run day compared with; NULL on a first run
    ]


def _run_columns_v5() -> list[Column[object]]:
    """Added to plan_runs by migration 5, for the portfolio (NULL on older runs)."""
    return [
        Column("baseline_finish", Date),
        Column("status_reasons", Text),  # one reason per line
        Column("approved_growth_days", Float),
        Column("approved_growth_cost", Float),
        Column("first_action", Text),  # the first line of the "This week" list
        Column("slip_tolerance_days", Integer),
        Column("scope_threshold", Float),  # Scope Creep Threshold, as a fraction
    ]


def _run_columns_v7() -> list[Column[object]]:
    """Added to plan_runs by migration 7 (NULL on older runs, and when nothing is missed)."""
    return [
        Column("bookings_partial", Text),  # Workload.not_counted: what is not counted, why
        Column("partial_owners", Text),  # the owners of that work, one per line
    ]


def _run_columns_v8() -> list[Column[object]]:
    """Added to plan_runs by migration 8 (NULL on runs recorded before migration 7)."""
    return [Column("bookings_noted", Boolean)]


def _run_columns_v9() -> list[Column[object]]:
    """Added to plan_runs by migration 9 (NULL on runs recorded before it)."""
    return [Column("partial_owners_known", Boolean)]


def _run_columns_v10() -> list[Column[object]]:
    """Added to plan_runs by migration 10 (NULL on runs recorded before it)."""
    return [
        Column("scope_growth_days_at_least", Boolean),
        Column("approved_growth_days_at_least", Boolean),
    ]


def _run_columns_v11() -> list[Column[object]]:
    """Added to plan_runs by migration 11 (NULL on runs recorded before it)."""
    return [Column("late_at_least", Integer)]


def _owner_week_columns() -> list[Column[object]]:
    """A week with work booked for one owner of one plan's run (`pmkit.engine.workload`)."""
    return [
        Column("plan_key", String(300), primary_key=True),
        Column("run_date", Date, primary_key=True),
        Column("owner_key", String(300), primary_key=True),
        Column("week", Date, primary_key=True),  # its Monday
        Column("owner_name", String(300), nullable=False),
        Column("capacity", Float, nullable=False),
        Column("booked_days", Integer, nullable=False),
        Column("free_days", Integer, nullable=False),
    ]


def _attempt_columns() -> list[Column[object]]:
    """What a night's run did with a plan (or with a config entry it could not list)."""
    return [
        Column("plan_key", String(300), primary_key=True),
        Column("run_date", Date, primary_key=True),
        Column("plan_name", String(300), nullable=False),
        Column("entry", String(300), nullable=False),  # the [[plans]] entry's name
        Column("outcome", String(20), nullable=False),
        Column("message", Text),
        Column("is_entry", Boolean, nullable=False),  # a config entry that could not be listed
        Column("recorded_at", DateTime, nullable=False),
    ]


def _shard_finish_columns() -> list[Column[object]]:
    return [
        Column("run_date", Date, primary_key=True),
        Column("shard_count", Integer, primary_key=True),
        Column("shard_index", Integer, primary_key=True),
        Column("finished_at", DateTime, nullable=False),
    ]


def _snapshot_columns_v4() -> list[Column[object]]:
    """Added to task_snapshots by migration 4: `nightly_state.TaskState`'s figures."""
    return [
        Column("done", Boolean),
        Column("critical", Boolean),
        Column("late", Boolean),
        Column("stalled", Boolean),
        Column("deadline", Date),
        Column("deadline_at_risk", Boolean),
        Column("scope_creep", String(10)),  # "added" or "grown", unapproved; NULL: neither
        Column("scope_creep_days", Integer),
        Column("scope_creep_cost", Float),
    ]


def _risk_columns() -> list[Column[object]]:
    return [
        Column("plan_key", String(300), primary_key=True),
        Column("run_date", Date, primary_key=True),
        Column("risk_id", String(100), primary_key=True),
        Column("review_date", Date, nullable=False),
        Column("is_open", Boolean, nullable=False),
        Column("past_review", Boolean, nullable=False),
    ]


def _change_columns() -> list[Column[object]]:
    return [
        Column("plan_key", String(300), primary_key=True),
        Column("run_date", Date, primary_key=True),
        Column("position", Integer, primary_key=True),
        Column("kind", String(40), nullable=False),
        Column("task_id", String(100)),
        Column("risk_id", String(100)),
        Column("days", Integer),
        Column("was", Date),
        Column("now", Date),
        Column("good", Boolean, nullable=False),
        Column("sentence", Text, nullable=False),
    ]


def _digest_columns() -> list[Column[object]]:
    return [
        Column("plan_key", String(300), primary_key=True),
        Column("run_date", Date, primary_key=True),
        Column("recipient", String(320), primary_key=True),  # the address, casefolded
        Column("kind", String(10), nullable=False),  # "plan" (notify) or "week" (an owner's)
        Column("delivery", String(10), nullable=False),  # "smtp" or "outbox"
        Column("message_id", String(300), nullable=False),
        Column("sent_at", DateTime, nullable=False),
    ]


plan_runs = Table(
    "plan_runs",
    _metadata,
    *_run_columns(version=3),
    Column("source", String(1000)),  # migration 2
    *_run_columns_v4(),
    *_run_columns_v5(),
    *_run_columns_v7(),
    *_run_columns_v8(),
    *_run_columns_v9(),
    *_run_columns_v10(),
    *_run_columns_v11(),
)
task_snapshots = Table("task_snapshots", _metadata, *_snapshot_columns(), *_snapshot_columns_v4())
risk_snapshots = Table("risk_snapshots", _metadata, *_risk_columns())
plan_changes = Table("plan_changes", _metadata, *_change_columns())
owner_weeks = Table("owner_weeks", _metadata, *_owner_week_columns())
plan_attempts = Table("plan_attempts", _metadata, *_attempt_columns())
shard_finishes = Table("shard_finishes", _metadata, *_shard_finish_columns())
digest_sends = Table("digest_sends", _metadata, *_digest_columns())


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
    names = ", ".join([*(column.name for column in _run_columns()), "source"])
    connection.execute(text(f"INSERT INTO plan_runs_v3 ({names}) SELECT {names} FROM plan_runs"))
    connection.execute(text("DROP TABLE plan_runs"))
    connection.execute(text("ALTER TABLE plan_runs_v3 RENAME TO plan_runs"))


def _keep_nightly_states(connection: Connection) -> None:
    """New nullable columns (typed as the dialect names them) and two new tables."""
    for table, columns in (
        ("plan_runs", _run_columns_v4()),
        ("task_snapshots", _snapshot_columns_v4()),
    ):
        _add_columns(connection, table, columns)
    v4 = MetaData()
    Table("risk_snapshots", v4, *_risk_columns())
    Table("plan_changes", v4, *_change_columns())
    v4.create_all(connection)


def _keep_portfolio(connection: Connection) -> None:
    """New nullable plan_runs columns, and the portfolio's three tables."""
    _add_columns(connection, "plan_runs", _run_columns_v5())
    v5 = MetaData()
    Table("owner_weeks", v5, *_owner_week_columns())
    Table("plan_attempts", v5, *_attempt_columns())
    Table("shard_finishes", v5, *_shard_finish_columns())
    v5.create_all(connection)


def _add_columns(connection: Connection, table: str, columns: list[Column[object]]) -> None:
    """`ALTER TABLE … ADD COLUMN` each of `columns`, typed as the dialect names them."""
    preparer = connection.dialect.identifier_preparer
    for column in columns:
        kind = column.type.compile(dialect=connection.dialect)
        connection.execute(
            text(f"ALTER TABLE {table} ADD COLUMN {preparer.quote(column.name)} {kind}")
        )


def _keep_digest_sends(connection: Connection) -> None:
    v6 = MetaData()
    Table("digest_sends", v6, *_digest_columns())
    v6.create_all(connection)


def _keep_partial_bookings(connection: Connection) -> None:
    _add_columns(connection, "plan_runs", _run_columns_v7())


def _note_bookings_noted(connection: Connection) -> None:
    """Runs recorded since migration 7 noted their partial bookings (a NULL there means
    none); the runs before did not, and keep NULL: not known."""
    _add_columns(connection, "plan_runs", _run_columns_v8())
    since = (
        select(schema_version.c.applied_at).where(schema_version.c.version == 7).scalar_subquery()
    )
    connection.execute(
        update(plan_runs).where(plan_runs.c.recorded_at >= since).values(bookings_noted=True)
    )


def _note_partial_owners_known(connection: Connection) -> None:
    _add_columns(connection, "plan_runs", _run_columns_v9())


def _note_growth_minimums(connection: Connection) -> None:
    _add_columns(connection, "plan_runs", _run_columns_v10())


def _note_late_at_least(connection: Connection) -> None:
    _add_columns(connection, "plan_runs", _run_columns_v11())


MIGRATIONS: tuple[tuple[int, str, Callable[[Connection], None]], ...] = (
    (1, "plan runs and task snapshots", _create_tables),
    (2, "where each plan came from; index for stalled-task look-ups", _add_source_and_index),
    (3, "a plan with no tasks has no status", _allow_no_status),
    (4, "since last run: task flags, risk reviews and the changes found", _keep_nightly_states),
    (5, "the portfolio: plan figures, owners' weeks, nightly plans and shards", _keep_portfolio),
    (6, "the morning digests sent, at most one per plan, night and address", _keep_digest_sends),
    (7, "the work a plan's booked weeks miss, and whose", _keep_partial_bookings),
    (8, "whether a run noted the work its booked weeks miss", _note_bookings_noted),
    (
        9,
        "whether the owners of the work a plan's booked weeks miss are all known",
        _note_partial_owners_known,
    ),
    (10, "whether a run's scope growth figures are minimums", _note_growth_minimums),
    (11, "how late a project is at least while its slip is unknown", _note_late_at_least),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def utc_now() -> datetime:
    """The time a row is written (UTC, without a zone: both databases store it so)."""
    return datetime.now(UTC).replace(tzinfo=None)


def error_reason(exc: BaseException) -> str:
    """A database error in a few words: the driver's first line, without the statement
    and its parameters (which SQLAlchemy's messages carry)."""
    original = getattr(exc, "orig", None) or exc
    return str(original).splitlines()[0][:200] if str(original) else type(original).__name__
