"""The run history: a row per plan per day, and a snapshot of every task's row.

One SQLite file by default, or a shared PostgreSQL database (`postgresql://…`), both
through SQLAlchemy Core. The schema is versioned: `schema_version` holds the migrations
applied, and opening a database applies the missing ones in order (under an advisory
lock on PostgreSQL, so shards starting together migrate once).

Re-running on the same day replaces that day's rows, so a second run the same night
changes nothing more. Task snapshots carry a fingerprint of the owner's row; a task
whose fingerprint has not changed since some earlier day is "unchanged since" that day,
which is how stalled tasks are found from nightly runs (docs/findings.md).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from pmkit.frontend import Change, PlanState, SinceLastRun, TaskState, with_last_known
from sheets_sync.errors import HistoryError
from sheets_sync.history_portfolio import PortfolioRecords
from sheets_sync.history_records import (
    OwnerWeek,
    RunRecord,
    TaskSnapshot,
    change_from_row,
    change_row,
    owner_week_row,
    risk_row,
    risk_state_from_row,
    task_row,
    task_state_from_row,
)
from sheets_sync.history_schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    digest_sends,
    owner_weeks,
    plan_changes,
    plan_runs,
    risk_snapshots,
    schema_version,
    task_snapshots,
)
from sheets_sync.history_schema import error_reason as _reason
from sheets_sync.history_schema import utc_now as _now

__all__ = ["History"]

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


class History(PortfolioRecords):
    """The history store; thread-safe. `upto` (tests only) stops migrating at that version.

    What the portfolio reads and the shards' finishing marks are `PortfolioRecords`'.
    """

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

    def record(
        self,
        run: RunRecord,
        tasks: Sequence[TaskSnapshot],
        *,
        state: PlanState | None = None,
        changes: Sequence[Change] = (),
        weeks: Sequence[OwnerWeek] = (),
    ) -> None:
        """Store the day's row, snapshots, risks (from `state`), changes found and owners'
        booked `weeks`, replacing any from an earlier run that day."""
        key, day = run.plan_key, run.run_date
        row = {f.name: getattr(run, f.name) for f in fields(run)}
        day_rows: list[tuple[Table, list[dict[str, object]]]] = [
            (task_snapshots, [task_row(task) for task in tasks]),
            (risk_snapshots, [risk_row(risk) for risk in state.risks] if state else []),
            (plan_changes, [change_row(n, change) for n, change in enumerate(changes, 1)]),
            (owner_weeks, [owner_week_row(week) for week in weeks]),
        ]
        try:
            with self._write_lock, self.engine.begin() as connection:
                for table in (plan_runs, *(table for table, _ in day_rows)):
                    connection.execute(
                        delete(table).where(table.c.plan_key == key, table.c.run_date == day)
                    )
                connection.execute(insert(plan_runs).values(**row, recorded_at=_now()))
                for table, rows in day_rows:
                    if rows:
                        connection.execute(
                            insert(table),
                            [{"plan_key": key, "run_date": day} | r for r in rows],
                        )
        except SQLAlchemyError as exc:
            raise HistoryError(
                f"could not write the history of {run.plan_name}: {_reason(exc)}"
            ) from None

    def last_state(self, plan_key: str, *, before: date) -> PlanState | None:
        """The plan's state on its latest run day before `before` (None: no run yet)."""
        run_query = (
            select(plan_runs)
            .where(plan_runs.c.plan_key == plan_key, plan_runs.c.run_date < before)
            .order_by(plan_runs.c.run_date.desc())
            .limit(1)
        )
        try:
            with self.engine.connect() as connection:
                run = connection.execute(run_query).mappings().first()
                if run is None:
                    return None
                day = run["run_date"]
                tasks, risks = (
                    connection.execute(
                        select(table).where(table.c.plan_key == plan_key, table.c.run_date == day)
                    )
                    .mappings()
                    .all()
                    for table in (task_snapshots, risk_snapshots)
                )
                last = PlanState(
                    run_date=day,
                    status_date=run["status_date"],
                    status=run["status"],
                    forecast_finish=run["forecast_finish"],
                    slip=run["slip_days"],
                    tasks=tuple(task_state_from_row(row) for row in tasks),
                    risks=tuple(risk_state_from_row(row) for row in risks),
                    # runs an older pmkit recorded have no status date, and no task figures
                    detailed=run["status_date"] is not None,
                    forecast_unknown=run["forecast_unknown"],
                )
                unscheduled = [task.task_id for task in last.tasks if not task.scheduled]
                known = self._last_scheduled(connection, plan_key, day, unscheduled)
                finish = None
                critical: set[str] | None = None
                if last.forecast_finish is None:
                    finish_query = (
                        select(plan_runs.c.run_date, plan_runs.c.forecast_finish)
                        .where(
                            plan_runs.c.plan_key == plan_key,
                            plan_runs.c.run_date < day,
                            plan_runs.c.forecast_finish.is_not(None),
                        )
                        .order_by(plan_runs.c.run_date.desc())
                        .limit(1)
                    )
                    found = connection.execute(finish_query).first()
                    finish = (found[0], found[1]) if found else None
                    if found:  # that night's critical path, to compare with
                        critical = self._critical_on(connection, plan_key, found[0])
        except SQLAlchemyError as exc:
            raise HistoryError(
                f"could not read the history of {plan_key}: {_reason(exc)}"
            ) from None
        if not (known or finish):
            return last
        return with_last_known(last, known, finish=finish, critical=critical)

    @staticmethod
    def _critical_on(connection: Connection, plan_key: str, day: date) -> set[str] | None:
        """The tasks critical on `day` (None: that night kept no task flags, as an older
        pmkit's did not: nothing to compare with)."""
        rows = connection.execute(
            select(task_snapshots.c.task_id, task_snapshots.c.critical).where(
                task_snapshots.c.plan_key == plan_key, task_snapshots.c.run_date == day
            )
        ).all()
        if not any(critical is not None for _, critical in rows):
            return None
        return {task_id for task_id, critical in rows if critical}

    @staticmethod
    def _last_scheduled(
        connection: Connection, plan_key: str, before: date, task_ids: Sequence[str]
    ) -> list[TaskState]:
        """Each of `task_ids` as it was on the latest day before `before` it could be
        scheduled (a task never scheduled then: none)."""
        if not task_ids:
            return []
        days = task_snapshots.alias("days")
        latest = (
            select(days.c.task_id, func.max(days.c.run_date).label("run_date"))
            .where(
                days.c.plan_key == plan_key,
                days.c.run_date < before,
                days.c.task_id.in_(task_ids),
                days.c.forecast_finish.is_not(None),
            )
            .group_by(days.c.task_id)
            .subquery()
        )
        query = select(task_snapshots).join(
            latest,
            (task_snapshots.c.task_id == latest.c.task_id)
            & (task_snapshots.c.run_date == latest.c.run_date)
            & (task_snapshots.c.plan_key == plan_key),
        )
        found = {
            row["task_id"]: task_state_from_row(row) for row in connection.execute(query).mappings()
        }
        return list(found.values())

    def since_last_run(self, plan_key: str, run_date: date) -> SinceLastRun | None:
        """What the run of `run_date` found changed (None: no run that day, or one an
        older pmkit recorded, which kept no changes)."""
        try:
            with self.engine.connect() as connection:
                run = (
                    connection.execute(
                        select(plan_runs.c.status_date, plan_runs.c.compared_with).where(
                            plan_runs.c.plan_key == plan_key, plan_runs.c.run_date == run_date
                        )
                    )
                    .mappings()
                    .first()
                )
                rows = (
                    connection.execute(
                        select(plan_changes)
                        .where(
                            plan_changes.c.plan_key == plan_key,
                            plan_changes.c.run_date == run_date,
                        )
                        .order_by(plan_changes.c.position)
                    )
                    .mappings()
                    .all()
                )
        except SQLAlchemyError as exc:
            raise HistoryError(
                f"could not read the history of {plan_key}: {_reason(exc)}"
            ) from None
        if run is None or run["status_date"] is None:
            return None
        found = (change_from_row(row) for row in rows)
        return SinceLastRun(run["compared_with"], tuple(c for c in found if c is not None))

    def digests_sent(self, plan_key: str, run_date: date) -> set[str]:
        """The addresses (casefolded) the plan's digest of `run_date` already went to."""
        query = select(digest_sends.c.recipient).where(
            digest_sends.c.plan_key == plan_key, digest_sends.c.run_date == run_date
        )
        try:
            with self.engine.connect() as connection:
                return {row[0] for row in connection.execute(query)}
        except SQLAlchemyError as exc:
            raise HistoryError(
                f"could not read the digests sent for {plan_key}: {_reason(exc)}"
            ) from None

    def record_digest(
        self,
        plan_key: str,
        run_date: date,
        recipient: str,
        *,
        kind: str,
        delivery: str,
        message_id: str,
    ) -> None:
        """Note that the plan's digest of `run_date` went to `recipient`; a re-run the same
        night reads it back (`digests_sent`) and sends none again. Kept when the day's
        run is recorded again."""
        row = {
            "plan_key": plan_key,
            "run_date": run_date,
            "recipient": recipient.casefold(),
            "kind": kind,
            "delivery": delivery,
            "message_id": message_id[:300],
            "sent_at": _now(),
        }
        try:
            with self._write_lock, self.engine.begin() as connection:
                connection.execute(insert(digest_sends).values(**row))
        except SQLAlchemyError as exc:
            raise HistoryError(
                f"could not record the digest sent to {recipient}: {_reason(exc)}"
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
