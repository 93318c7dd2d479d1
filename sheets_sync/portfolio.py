"""The portfolio: every plan of a night and the people across them, assembled from history.

The portfolio is built from the history alone, never from the run that just happened, so
it is the same whichever worker ran which plan. A night's plans are those its run
recorded in `plan_attempts` (a plan it could not reach too, and the plans of a folder it
could not list, as that folder last listed them); each shows its latest night's figures
(`plan_runs`: tonight's, or marked stale with the night they are from), its slip over
its last `TREND_NIGHTS` runs, and its owners' booked weeks (`owner_weeks`).

When it is written:

* a run of one worker (`pmkit sync`) writes it after its plans;
* with shards, each shard marks itself finished (`History.finish_shard`, counted under
  a lock), and the shard that finds all of them finished assembles the portfolio — from
  the shared PostgreSQL history, or from every shard's SQLite file (which must then be
  beside each other, on one machine or a shared disk);
* `pmkit sync --portfolio-only` assembles it from the history and writes nothing else:
  a final step after the shards, or to write it again by hand.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

from pmkit import PmkitError, WriteRefusedError
from pmkit.frontend import (
    TREND_NIGHTS,
    BookedWeek,
    Outcome,
    OutputSheet,
    PlanBooking,
    PlanLine,
    PlanNight,
    SlipTrend,
    build_portfolio_sheets,
)
from sheets_sync.config import PortfolioConfig, SyncConfig
from sheets_sync.errors import ConfigError, HistoryError, LockedWorkbookError
from sheets_sync.google_client import SheetsClient
from sheets_sync.history import History
from sheets_sync.history_records import Attempt, RunRecord
from sheets_sync.sharding import Shard, history_database
from sheets_sync.sheets_plan import spreadsheet_url

__all__ = [
    "PortfolioOutcome",
    "PortfolioState",
    "build_portfolio",
    "gather_plans",
    "portfolio_after_plans",
    "portfolio_only",
]

log = logging.getLogger("sheets_sync")


class PortfolioState(StrEnum):
    WRITTEN = "written"
    WAITING = "waiting"  # a shard that was not the last to finish: another writes it
    FAILED = "failed"
    REFUSED = "refused"  # a tab or sheet of the owner's has its name: nothing written
    SKIPPED = "skipped"  # the workbook is open in Excel: the next night writes it


@dataclass(frozen=True, slots=True)
class PortfolioOutcome:
    """What became of the portfolio this run."""

    state: PortfolioState
    where: str  # the spreadsheet key or the workbook's path
    seconds: float
    night: date | None = None
    plans: int = 0
    people: int = 0
    message: str | None = None

    @property
    def failed(self) -> bool:
        return self.state in (PortfolioState.FAILED, PortfolioState.REFUSED)

    @property
    def written(self) -> str:
        """`4 plans and 10 people written to KEY`: the log's words and the terminal's."""
        plans = f"{self.plans} plan{'' if self.plans == 1 else 's'}"
        people = f"{self.people} {'person' if self.people == 1 else 'people'}"
        return f"{plans} and {people} written to {self.where}"


# -- what the history holds ----------------------------------------------------------------


def gather_plans(
    histories: Sequence[History], night: date
) -> tuple[list[PlanLine], list[PlanBooking]]:
    """The lines of `night`'s plans, and their owners' booked weeks, from `histories`
    (one shared database, or every shard's file: a plan's rows are in one of them)."""
    plans: dict[str, Attempt] = {}
    entries: list[Attempt] = []
    for history in histories:
        for attempt in history.attempts(night):
            if attempt.is_entry:
                entries.append(attempt)
            else:
                plans.setdefault(attempt.plan_key, attempt)
    for entry in entries:  # a folder not listed tonight: its plans as it last listed them
        earlier = [
            plan for history in histories for plan in history.entry_plans(entry.entry, night)
        ]
        for plan in earlier:
            if plan.plan_key not in plans:
                plans[plan.plan_key] = replace(plan, outcome=Outcome.NOT_RUN, message=entry.message)
        if not earlier:
            plans.setdefault(entry.plan_key, entry)
    lines: list[PlanLine] = []
    bookings: list[PlanBooking] = []
    for key, attempt in plans.items():
        runs, holder = _last_runs(histories, key, night)
        latest = runs[-1] if runs else None
        lines.append(
            PlanLine(
                name=attempt.plan_name,
                night=plan_night(latest) if latest else None,
                trend=SlipTrend(tuple(run.slip_days for run in runs)),
                outcome=_outcome(attempt.outcome),
                message=attempt.message,
                stale=latest is not None and latest.run_date < night,
                link=_link(key),
            )
        )
        if latest is not None and holder is not None:
            bookings += _bookings(holder, key, latest.run_date, attempt.plan_name)
    return lines, bookings


def _last_runs(
    histories: Sequence[History], key: str, night: date
) -> tuple[list[RunRecord], History | None]:
    """The plan's last runs up to `night`, oldest first, and the history with the latest."""
    found: dict[date, tuple[RunRecord, History]] = {}
    for history in histories:
        for run in history.runs(
            key, before=date.fromordinal(night.toordinal() + 1), limit=TREND_NIGHTS
        ):
            found.setdefault(run.run_date, (run, history))
    days = sorted(found)[-TREND_NIGHTS:]
    if not days:
        return [], None
    return [found[day][0] for day in days], found[days[-1]][1]


def _bookings(history: History, key: str, run_date: date, plan: str) -> list[PlanBooking]:
    by_owner: dict[str, list[BookedWeek]] = {}
    owners: dict[str, tuple[str, float]] = {}
    for week in history.booked_weeks(key, run_date):
        by_owner.setdefault(week.owner_key, []).append(
            BookedWeek(week.week, week.booked_days, week.free_days)
        )
        owners[week.owner_key] = (week.owner_name, week.capacity)
    return [
        PlanBooking(plan, owners[owner][0], owners[owner][1], tuple(weeks))
        for owner, weeks in by_owner.items()
    ]


def plan_night(run: RunRecord) -> PlanNight:
    """A stored night as the portfolio reads it."""
    return PlanNight(
        run_date=run.run_date,
        status=run.status,
        status_reasons=tuple(run.status_reasons.splitlines()) if run.status_reasons else (),
        baseline_finish=run.baseline_finish,
        forecast_finish=run.forecast_finish,
        slip=run.slip_days,
        forecast_unknown=run.forecast_unknown,
        spi=run.spi,
        cpi=run.cpi,
        unapproved_growth=run.scope_growth_days,
        approved_growth=run.approved_growth_days,
        unapproved_growth_at_least=bool(run.scope_growth_days_at_least),
        approved_growth_at_least=bool(run.approved_growth_days_at_least),
        late_at_least=run.late_at_least,
        problems=run.errors + run.warnings,
        errors=run.errors,
        first_action=run.first_action,
        slip_tolerance_days=run.slip_tolerance_days or 0,
        scope_threshold=0.1 if run.scope_threshold is None else run.scope_threshold,
        bookings_partial=run.bookings_partial,
        partial_owners=tuple(run.partial_owners.splitlines()) if run.partial_owners else (),
        partial_owners_known=run.partial_owners_known,
        bookings_known=bool(run.bookings_noted),
    )


def _outcome(value: str) -> Outcome:
    """A stored outcome (one a newer pmkit recorded and this one does not know: failed)."""
    return Outcome(value) if value in {outcome.value for outcome in Outcome} else Outcome.FAILED


def _link(plan_key: str) -> str | None:
    """Where a plan is, from its key: a Google Sheets URL, or a workbook's path."""
    kind, _, location = plan_key.partition(":")
    if kind == "sheets":
        return spreadsheet_url(location)
    return location if kind == "file" else None


def build_portfolio(
    histories: Sequence[History], night: date
) -> tuple[OutputSheet, OutputSheet, int, int]:
    """The Portfolio and People sheets of `night`, and how many plans and people."""
    lines, bookings = gather_plans(histories, night)
    plans_sheet, people_sheet, people = build_portfolio_sheets(night, lines, bookings)
    return plans_sheet, people_sheet, len(lines), people


# -- when and where it is written ------------------------------------------------------------


def portfolio_after_plans(
    config: SyncConfig,
    history: History,
    *,
    shard: Shard,
    night: date,
    client: Callable[[], SheetsClient],
) -> PortfolioOutcome:
    """After this worker's plans: the portfolio when this worker is the only one, or the
    last of the shards to finish; else a note that the last one will write it."""
    started = time.monotonic()
    portfolio = _configured(config)
    if shard.count == 1:
        return _assemble([history], night, portfolio, client, started)
    database = config.history.database
    try:
        with ExitStack() as stack:
            shared = "://" in database
            board = history if shared else stack.enter_context(_opened(database))
            finished = board.finish_shard(night, shard.index, shard.count)
            if finished < shard.count:
                message = (
                    f"{finished} of {shard.count} shards have finished tonight; the last to "
                    "finish writes the portfolio (or run pmkit sync --portfolio-only after them)"
                )
                log.info("portfolio: %s", message)
                return PortfolioOutcome(
                    PortfolioState.WAITING, portfolio.where, _since(started), night, message=message
                )
            if shared:
                return _assemble([history], night, portfolio, client, started)
            files = [history_database(database, Shard(i, shard.count)) for i in range(shard.count)]
            histories = [
                history
                if Path(file) == Path(history.database)
                else stack.enter_context(_opened(file))
                for file in files
                if Path(file).exists()
            ]
            return _assemble(histories, night, portfolio, client, started)
    except HistoryError as exc:
        return _failed(portfolio, started, str(exc), night)


def portfolio_only(
    config: SyncConfig, today: date, client: Callable[[], SheetsClient]
) -> PortfolioOutcome:
    """`--portfolio-only`: the latest night's portfolio (on or before `today`), from the
    shared database, or from the configured SQLite file and every shard file beside it."""
    started = time.monotonic()
    portfolio = _configured(config)
    databases = _all_databases(config.history.database)
    if not databases:
        return _failed(
            portfolio,
            started,
            f"there is no history at {config.history.database} yet: run pmkit sync first",
        )
    try:
        with ExitStack() as stack:
            histories = [stack.enter_context(_opened(database)) for database in databases]
            nights = [night for history in histories if (night := history.latest_night(today))]
            if not nights:
                return _failed(
                    portfolio,
                    started,
                    "the history holds no night's plans yet: run pmkit sync first",
                )
            return _assemble(histories, max(nights), portfolio, client, started)
    except HistoryError as exc:
        return _failed(portfolio, started, str(exc))


def _configured(config: SyncConfig) -> PortfolioConfig:
    if config.portfolio is None:
        raise ConfigError("the config has no [portfolio] section: nothing to write")
    return config.portfolio


def _all_databases(database: str) -> list[str]:
    if "://" in database:
        return [database]
    path = Path(database)
    shards = sorted(path.parent.glob(f"{path.stem}.shard-*-of-*{path.suffix}"))
    return [str(found) for found in [path, *shards] if found.exists()]


@contextmanager
def _opened(database: str) -> Iterator[History]:
    history = History(database)
    try:
        yield history
    finally:
        history.close()


def _assemble(
    histories: Sequence[History],
    night: date,
    portfolio: PortfolioConfig,
    client: Callable[[], SheetsClient],
    started: float,
) -> PortfolioOutcome:
    from sheets_sync.portfolio_write import write_google_portfolio, write_local_portfolio

    where = portfolio.where
    try:
        plans_sheet, people_sheet, plans, people = build_portfolio(histories, night)
        sheets = (plans_sheet, people_sheet)
        if portfolio.spreadsheet is not None:
            write_google_portfolio(client(), portfolio.spreadsheet, sheets)
        else:
            assert portfolio.file is not None
            write_local_portfolio(portfolio.file, sheets)
    except LockedWorkbookError as exc:
        log.warning("portfolio: %s", exc)
        return PortfolioOutcome(
            PortfolioState.SKIPPED, where, _since(started), night, message=str(exc)
        )
    except WriteRefusedError as exc:
        log.error("portfolio: refused: %s", exc)
        return PortfolioOutcome(
            PortfolioState.REFUSED, where, _since(started), night, message=str(exc)
        )
    except PmkitError as exc:
        return _failed(portfolio, started, str(exc), night)
    except Exception as exc:  # a bug: one line, never a traceback (the plans are synced)
        if os.environ.get("PMKIT_DEBUG"):
            log.exception("portfolio: unexpected internal error")
        return _failed(
            portfolio,
            started,
            f"unexpected internal error ({type(exc).__name__}); "
            "set PMKIT_DEBUG=1 to see the details",
            night,
        )
    outcome = PortfolioOutcome(PortfolioState.WRITTEN, where, _since(started), night, plans, people)
    log.info("portfolio: %s", outcome.written)
    return outcome


def _failed(
    portfolio: PortfolioConfig, started: float, message: str, night: date | None = None
) -> PortfolioOutcome:
    log.error("portfolio: %s", message)
    return PortfolioOutcome(
        PortfolioState.FAILED, portfolio.where, _since(started), night, message=message
    )


def _since(started: float) -> float:
    return time.monotonic() - started
