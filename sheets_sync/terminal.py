"""`pmkit sync` at work: the nightly job run from the command line, with a progress bar
per plan on a terminal (one log line per plan otherwise) and the table of plans at the end.

Imported only when `pmkit sync` runs (`sheets_sync.cli` registers the command without
it): the Google client and SQLAlchemy take about a second to import, which no other
command should pay.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from pmkit.frontend import terminal_safe
from sheets_sync.config import load_config
from sheets_sync.errors import ConfigError
from sheets_sync.job import PlanOutcome, PlanTarget, Stage, SyncJob
from sheets_sync.portfolio import PortfolioOutcome, PortfolioState
from sheets_sync.sharding import resolve_shard

__all__ = ["run_sync"]

_STEPS = {
    Stage.QUEUED: 0,
    Stage.READING: 1,
    Stage.ANALYSING: 2,
    Stage.WRITING: 3,
    Stage.RECORDING: 4,
    Stage.DONE: 5,
    Stage.FAILED: 5,
    Stage.REFUSED: 5,
    Stage.SKIPPED: 5,
    Stage.MISSING: 5,
}
_STATUS_STYLES = {"Green": "green", "Amber": "yellow", "Red": "red"}


def run_sync(args: argparse.Namespace) -> int:
    """Run the job; 0 when every plan synced (or was skipped), 1 when any (or the
    portfolio) failed; `--portfolio-only`: 2 when the portfolio was refused."""
    _configure_logging()
    config = load_config(Path(args.config).expanduser())
    if getattr(args, "portfolio_only", False):
        if args.dry_run or args.only or args.shard:
            raise ConfigError(
                "--portfolio-only reads no plan: use it without --dry-run, --only or --shard"
            )
        written = SyncJob(config).run_portfolio_only()
        _report_portfolio(written)
        if written.state is PortfolioState.REFUSED:
            return 2  # its one file was refused, as any command refusing to write
        return 1 if written.failed else 0
    shard = resolve_shard(args.shard, os.environ, config.shard_count)
    job = SyncJob(config, shard=shard, dry_run=args.dry_run, only=args.only)
    err = Console(stderr=True)
    log = logging.getLogger("sheets_sync")
    if shard.count > 1:
        log.info("shard %s: this worker syncs its share of the plans", shard)
    with Progress(
        TextColumn("{task.description}", justify="left"),
        BarColumn(),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    ) as progress:
        bars: dict[str, TaskID] = {}

        def show(target: PlanTarget, stage: Stage) -> None:
            if target.key not in bars:
                bars[target.key] = progress.add_task(
                    _shown(target.name), total=5, stage=stage.value
                )
            progress.update(bars[target.key], completed=_STEPS[stage], stage=stage.value)

        outcomes = job.run(show)
    for outcome in outcomes if not err.is_terminal else ():  # a terminal had the bars
        if outcome.stage is Stage.DONE:
            log.info("%s: %s", outcome.name, _one_line(outcome, args.dry_run))
    Console().print(_table(outcomes, args.dry_run))
    failed = sum(outcome.failed for outcome in outcomes)
    refused = sum(outcome.stage is Stage.REFUSED for outcome in outcomes)
    if failed:
        why = f" ({refused} refused: nothing of theirs was written)" if refused else ""
        log.error("%d of %d plans failed%s", failed, len(outcomes), why)
    if job.portfolio is not None:
        _report_portfolio(job.portfolio)
    unsent = sum(outcome.digest_failed for outcome in outcomes)
    if unsent:
        log.error(
            "%d of %d plans synced but their morning digests were not all sent",
            unsent,
            len(outcomes),
        )
    portfolio_failed = job.portfolio is not None and job.portfolio.failed
    return 1 if failed or unsent or portfolio_failed else 0


def _report_portfolio(outcome: PortfolioOutcome) -> None:
    """One line on the portfolio, under the table (its failure was logged already)."""
    if outcome.state is PortfolioState.WRITTEN:
        Console().print(
            f"Portfolio: {outcome.written} ({outcome.seconds:.1f} s)",
            markup=False,
            highlight=False,
        )
    elif not outcome.failed:
        Console().print(
            f"Portfolio {outcome.state.value}: {terminal_safe(outcome.message or '')}",
            markup=False,
        )


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (it may be redirected)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


class _TerminalSafeFormatter(logging.Formatter):
    """Log lines carry plan names and messages quoting owners' cells: what a terminal
    would act on (an escape code typed into a cell) is written as text (`terminal_safe`)."""

    def format(self, record: logging.LogRecord) -> str:
        return terminal_safe(super().format(record))


def _shown(text: str) -> str:
    """Owner text in a rich table or bar: shown as text, neither rich markup nor codes a
    terminal would act on."""
    return escape(terminal_safe(text))


def _configure_logging() -> None:
    logger = logging.getLogger("sheets_sync")
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(_TerminalSafeFormatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.INFO)
    for noisy in ("googleapiclient", "google_auth_httplib2", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def _slip(outcome: PlanOutcome) -> str:
    """`+6 d`, or why there is no figure, as `pmkit report` says it: `unknown` (a task
    cannot be scheduled; `≥ +20 d` once the agreed finish has passed) or `no baseline`."""
    days = outcome.slip_days
    if days is None and outcome.late_at_least is not None:
        return f"≥ {outcome.late_at_least:+d} d"
    if days is None:
        return "unknown" if outcome.baseline_set else "no baseline"
    return f"{days:+d} d" if days else "0 d"


def _flags(outcome: PlanOutcome) -> str:
    if outcome.stage is not Stage.DONE:
        return ""
    return f"{outcome.errors} err · {outcome.warnings} warn · {outcome.infos} info"


def _one_line(outcome: PlanOutcome, dry_run: bool) -> str:
    verb = "checked (dry run)" if dry_run else "synced"
    status = outcome.status or "no status yet"
    digest = f"; digests: {outcome.digest.summary()}" if outcome.digest else ""
    slip = _slip(outcome)
    slip = slip if slip == "no baseline" else f"slip {slip}"
    return f"{verb}; {status}, {slip}, {_flags(outcome)}{digest}"


def _table(outcomes: list[PlanOutcome], dry_run: bool) -> Table:
    title = "pmkit sync (dry run: nothing written)" if dry_run else "pmkit sync"
    table = Table(title=title)
    digests = any(outcome.digest is not None for outcome in outcomes)
    columns = (
        "Plan",
        "Status",
        "Slip",
        "Flags",
        *(("Digest",) if digests else ()),
        "Time",
        "Error",
    )
    for column in columns:
        table.add_column(column, overflow="fold")
    for outcome in outcomes:
        if outcome.stage is Stage.DONE:
            status = outcome.status or "no status yet"
            status = f"[{_STATUS_STYLES.get(status, 'white')}]{status}[/]"
        else:
            status = {
                Stage.FAILED: "[red]failed[/]",
                Stage.REFUSED: "[red]refused[/]",
                Stage.MISSING: "[yellow]not found[/]",
            }.get(outcome.stage, "[yellow]skipped[/]")
        digest = outcome.digest.summary() if outcome.digest else ""
        if outcome.digest_failed:
            digest = f"[red]{digest}[/]"
        table.add_row(
            _shown(outcome.name),  # owners' names and messages are text, not rich markup
            status,
            _slip(outcome) if outcome.stage is Stage.DONE else "",
            _flags(outcome),
            *((digest,) if digests else ()),
            f"{outcome.seconds:.1f} s",
            _shown(outcome.message or ""),
        )
    return table
