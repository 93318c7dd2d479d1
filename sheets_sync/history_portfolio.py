"""What the portfolio reads from the history, and how shards tell each other they finished.

`History` has these methods (this mixin keeps them in one place): what each night's run
did with each plan (`plan_attempts`), each owner's booked weeks (`owner_weeks`, written
with the plan's row by `History.record`), and the shards that finished each night
(`shard_finishes`), counted under a lock so that exactly one shard learns it was last.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from typing import Any

from sqlalchemy import Engine, Executable, Row, delete, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from sheets_sync.errors import HistoryError
from sheets_sync.history_records import Attempt, OwnerWeek
from sheets_sync.history_schema import (
    error_reason,
    owner_weeks,
    plan_attempts,
    shard_finishes,
    utc_now,
)

__all__ = ["PortfolioRecords"]

_FINISH_LOCK_ID = 7_402_952  # the advisory lock shards take to count who has finished


class PortfolioRecords:
    """The history's portfolio tables (mixed into `History`, which sets these up)."""

    engine: Engine
    _write_lock: threading.Lock

    def record_attempts(self, night: date, attempts: Sequence[Attempt]) -> None:
        """Store what `night`'s run did with each plan, replacing that night's earlier
        rows of the same plans (a re-run the same night)."""
        if not attempts:
            return
        keys = [attempt.plan_key for attempt in attempts]
        now = utc_now()
        rows = [
            {f.name: getattr(attempt, f.name) for f in fields(attempt)}
            | {"run_date": night, "recorded_at": now}
            for attempt in attempts
        ]
        try:
            with self._write_lock, self.engine.begin() as connection:
                connection.execute(
                    delete(plan_attempts).where(
                        plan_attempts.c.run_date == night, plan_attempts.c.plan_key.in_(keys)
                    )
                )
                connection.execute(insert(plan_attempts), rows)
        except SQLAlchemyError as exc:
            raise HistoryError(f"could not record tonight's plans: {error_reason(exc)}") from None

    def attempts(self, night: date) -> list[Attempt]:
        """What `night`'s run did with each plan (and each entry it could not list)."""
        query = select(plan_attempts).where(plan_attempts.c.run_date == night)
        return [_attempt(row) for row in self._rows(query)]

    def latest_night(self, upto: date) -> date | None:
        """The latest night on or before `upto` that a run recorded its plans."""
        query = select(func.max(plan_attempts.c.run_date)).where(plan_attempts.c.run_date <= upto)
        rows = self._rows(query)
        value = rows[0][0] if rows else None
        return value if isinstance(value, date) else None

    def entry_plans(self, entry: str, before: date) -> list[Attempt]:
        """The plans of config entry `entry` on the last night before `before` that it was
        listed: where a folder that cannot be listed tonight had its plans."""
        night_query = select(func.max(plan_attempts.c.run_date)).where(
            plan_attempts.c.entry == entry,
            plan_attempts.c.is_entry.is_(False),
            plan_attempts.c.run_date < before,
        )
        rows = self._rows(night_query)
        night = rows[0][0] if rows else None
        if night is None:
            return []
        query = select(plan_attempts).where(
            plan_attempts.c.entry == entry,
            plan_attempts.c.is_entry.is_(False),
            plan_attempts.c.run_date == night,
        )
        return [_attempt(row) for row in self._rows(query)]

    def booked_weeks(self, plan_key: str, run_date: date) -> list[OwnerWeek]:
        """The owners' booked weeks the plan's run of `run_date` recorded."""
        query = (
            select(owner_weeks)
            .where(owner_weeks.c.plan_key == plan_key, owner_weeks.c.run_date == run_date)
            .order_by(owner_weeks.c.owner_key, owner_weeks.c.week)
        )
        names = [f.name for f in fields(OwnerWeek)]
        rows = self._rows(query)
        return [OwnerWeek(**{name: row._mapping[name] for name in names}) for row in rows]

    def finish_shard(self, night: date, index: int, count: int) -> int:
        """Mark shard `index` of `count` finished for `night`; how many of the `count`
        shards have finished that night, this one included.

        Counted under a lock (PostgreSQL: an advisory lock; SQLite: the write lock its
        first statement takes), so two shards finishing together never both see fewer
        than all, nor both see all for the first time.
        """
        where = (shard_finishes.c.run_date == night, shard_finishes.c.shard_count == count)
        try:
            with self._write_lock, self.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(text(f"SELECT pg_advisory_xact_lock({_FINISH_LOCK_ID})"))
                connection.execute(
                    delete(shard_finishes).where(*where, shard_finishes.c.shard_index == index)
                )
                connection.execute(
                    insert(shard_finishes).values(
                        run_date=night, shard_count=count, shard_index=index, finished_at=utc_now()
                    )
                )
                found = connection.execute(
                    select(func.count()).select_from(shard_finishes).where(*where)
                ).scalar()
        except SQLAlchemyError as exc:
            raise HistoryError(
                f"could not record that shard {index}/{count} finished: {error_reason(exc)}"
            ) from None
        return int(found or 0)

    def _rows(self, query: Executable) -> list[Row[Any]]:
        try:
            with self.engine.connect() as connection:
                return list(connection.execute(query))
        except SQLAlchemyError as exc:
            raise HistoryError(f"could not read the history: {error_reason(exc)}") from None


def _attempt(row: Row[Any]) -> Attempt:
    values = row._mapping
    return Attempt(
        plan_key=values["plan_key"],
        plan_name=values["plan_name"],
        entry=values["entry"],
        outcome=values["outcome"],
        message=values["message"],
        is_entry=bool(values["is_entry"]),
    )
