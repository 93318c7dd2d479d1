"""The nightly run: which plans, which shard, in parallel within quota, each on its own.

A run expands the config into plan targets (Drive folders and local folders become one
target per spreadsheet or workbook), keeps this shard's share, and syncs the targets
concurrently. A plan that fails is reported with a one-line reason; the others go on. Which
targets this worker takes is decided in `sheets_sync.sharding`. A whole night's run (not
`--only`, not `--dry-run`) then records what it did with each plan and, with a
`[portfolio]`, writes the portfolio when it is its turn (`sheets_sync.portfolio`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path

import pmkit
from pmkit import Plan, PmkitError, WriteRefusedError
from pmkit.frontend import Outcome, PlanPlace, name_with_id, normalize_name
from sheets_sync.config import PlanSource, SourceKind, SyncConfig
from sheets_sync.digest_config import smtp_login
from sheets_sync.digests import DigestOutcome, DigestSender, google_place
from sheets_sync.errors import (
    AmbiguousWriteError,
    ConfigError,
    GoogleRequestError,
    HistoryError,
    LockedWorkbookError,
)
from sheets_sync.evaluation import Evaluation, evaluate
from sheets_sync.google_client import SheetsClient
from sheets_sync.history import History
from sheets_sync.history_records import Attempt
from sheets_sync.missing import gone_from_folders
from sheets_sync.portfolio import PortfolioOutcome, portfolio_after_plans, portfolio_only
from sheets_sync.ratelimit import QuotaLimiter
from sheets_sync.sharding import Shard, history_database
from sheets_sync.sheets_plan import (
    GoogleRead,
    parse_metadata,
    read_google_plan,
    spreadsheet_url,
)
from sheets_sync.sheets_writer import build_write, claim_output_tabs, tabs_kept_back

__all__ = ["PlanOutcome", "PlanTarget", "Stage", "SyncJob"]

log = logging.getLogger("sheets_sync")


class Stage(StrEnum):
    QUEUED = "queued"
    READING = "reading"
    ANALYSING = "analysing"
    WRITING = "writing"
    RECORDING = "recording"
    DONE = "done"
    FAILED = "failed"
    REFUSED = "refused"  # writing would replace something of the owner's: nothing written
    SKIPPED = "skipped"
    MISSING = "missing"  # its folder no longer holds it: its last figures stay in the portfolio


@dataclass(frozen=True, slots=True)
class PlanTarget:
    name: str
    key: str  # stable: "sheets:KEY" or "file:/abs/path.xlsx"
    kind: SourceKind
    location: str  # spreadsheet key or file path
    source: PlanSource


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    name: str
    key: str
    stage: Stage  # DONE, FAILED, REFUSED, SKIPPED or MISSING
    seconds: float
    status: str | None = None
    slip_days: int | None = None
    baseline_set: bool = True  # False: slip_days is None because there is no baseline
    late_at_least: int | None = None  # while slip_days is unknown: how late at least
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    message: str | None = None
    digest: DigestOutcome | None = None  # the morning digests, when [digest] is set
    entry: str | None = None  # MISSING: the config entry whose folder held it

    @property
    def failed(self) -> bool:
        return self.stage in (Stage.FAILED, Stage.REFUSED)

    @property
    def digest_failed(self) -> bool:
        """Synced, but some of its morning digests could not be sent."""
        return self.digest is not None and bool(self.digest.failed)


Progress = Callable[[PlanTarget, Stage], None]
_OUTCOMES = {
    Stage.DONE: Outcome.SYNCED,
    Stage.FAILED: Outcome.FAILED,
    Stage.REFUSED: Outcome.REFUSED,
    Stage.SKIPPED: Outcome.SKIPPED,
    Stage.MISSING: Outcome.MISSING,
}


class SyncJob:
    """One run over the configured plans (this shard's share of them)."""

    def __init__(
        self,
        config: SyncConfig,
        *,
        shard: Shard | None = None,
        dry_run: bool = False,
        only: str | None = None,
        today: date | None = None,
        client: SheetsClient | None = None,
        quota_window_seconds: float = 60.0,
    ) -> None:
        self.config = config
        self.shard = shard or Shard()
        self.dry_run = dry_run
        self.only = only
        self.today = today or date.today()
        self._client = client
        self._client_lock = threading.Lock()
        self._quota_window_seconds = quota_window_seconds
        self.history: History | None = None
        self.portfolio: PortfolioOutcome | None = None  # what became of it, after `run`
        self._digests: DigestSender | None = None
        if config.digest is not None and config.digest.smtp is not None and not dry_run:
            smtp_login()  # a half-set login stops the run here, not once per plan

    # --- the run --------------------------------------------------------------------------

    def run(self, progress: Progress | None = None) -> list[PlanOutcome]:
        report = progress or (lambda _target, _stage: None)
        if any(s.kind is not SourceKind.FOLDER for s in self._selected_sources()):
            self.client()  # unusable credentials stop the run here, not once per plan
        self.history = self._open_history()
        if self.config.digest is not None:
            self._digests = DigestSender(
                self.config, self.config.digest, self.history, self.today, dry_run=self.dry_run
            )
        try:
            targets, outcomes = self.expand_targets()
            for target in targets:
                report(target, Stage.QUEUED)
            with ThreadPoolExecutor(max_workers=self.config.workers) as pool:
                done = list(pool.map(lambda t: self._sync_target(t, report), targets))
            outcomes += done
            self._after_plans(targets, outcomes)
            return outcomes
        finally:
            if self.history is not None:
                self.history.close()

    def run_portfolio_only(self) -> PortfolioOutcome:
        """`--portfolio-only`: write the portfolio from the history; no plan is read."""
        portfolio = self.config.portfolio
        if portfolio is not None and portfolio.spreadsheet is not None:
            self.client()  # unusable credentials stop the run here
        self.portfolio = portfolio_only(self.config, self.today, self.client)
        return self.portfolio

    def _after_plans(self, targets: list[PlanTarget], outcomes: list[PlanOutcome]) -> None:
        """A whole night's run: record what became of each plan, then the portfolio."""
        if self.dry_run or self.only or self.history is None:
            return
        entries = {target.key: target.source.name for target in targets}
        attempts = [
            Attempt(
                outcome.key,
                outcome.name,
                entries.get(outcome.key, outcome.entry or outcome.name),
                _OUTCOMES[outcome.stage],
                outcome.message,
                is_entry=outcome.key not in entries and outcome.entry is None,
            )
            for outcome in outcomes
        ]
        try:
            self.history.record_attempts(self.today, attempts)
        except HistoryError as exc:
            log.error("%s", exc)
        if self.config.portfolio is not None:
            self.portfolio = portfolio_after_plans(
                self.config, self.history, shard=self.shard, night=self.today, client=self.client
            )

    def _open_history(self) -> History | None:
        database = history_database(self.config.history.database, self.shard)
        if not self.dry_run:
            return History(database)
        # A dry run creates and upgrades nothing: it reads the history only as it is.
        if "://" not in database and not Path(database).exists():
            return None
        try:
            return History(database, migrate=False)
        except HistoryError as exc:
            log.warning("dry run without the history: %s", exc)
            return None

    def client(self) -> SheetsClient:
        with self._client_lock:
            if self._client is None:
                google = self.config.google
                limiter = QuotaLimiter.per_minute(
                    google.read_requests_per_minute,
                    google.write_requests_per_minute,
                    self._quota_window_seconds,
                )
                self._client = SheetsClient(google, limiter)
            return self._client

    # --- which plans --------------------------------------------------------------------

    def _selected_sources(self) -> list[PlanSource]:
        if not self.only:
            return list(self.config.plans)
        wanted = self.only.casefold()
        chosen = [s for s in self.config.plans if s.name.casefold() == wanted]
        # "--only 'Client plans / Acme'" picks one plan out of a folder entry.
        prefix = [s for s in self.config.plans if wanted.startswith(s.name.casefold() + " / ")]
        if not chosen and not prefix:
            names = ", ".join(s.name for s in self.config.plans)
            raise ConfigError(f"no plan named {self.only!r} in the config (plans: {names})")
        return chosen or prefix

    def expand_targets(self) -> tuple[list[PlanTarget], list[PlanOutcome]]:
        """This shard's targets, and a failed outcome per folder that could not be listed."""
        targets: list[PlanTarget] = []
        failures: list[PlanOutcome] = []
        listed: list[PlanSource] = []
        for source in self._selected_sources():
            started = time.monotonic()
            try:
                targets.extend(self._expand(source))
                listed.append(source)
            except PmkitError as exc:
                log.error("%s: %s", source.name, exc)
                failures.append(
                    PlanOutcome(
                        source.name,
                        source.target,
                        Stage.FAILED,
                        time.monotonic() - started,
                        message=str(exc),
                    )
                )
        # Named before --only and the shard pick: every worker, every night, names each
        # plan as a whole run over all of them does.
        targets = _distinct_names(_first_of_each(targets))
        if self.only and " / " in self.only:
            targets = [t for t in targets if t.name.casefold() == self.only.casefold()]
        mine = [t for t in targets if self.shard.owns(t.key)]
        gone = self._gone(listed, {t.key for t in targets})
        return mine, [f for f in failures + gone if self.shard.owns(f.key)]

    def _gone(self, listed: list[PlanSource], keys: set[str]) -> list[PlanOutcome]:
        """The plans gone from the folders listed tonight (`sheets_sync.missing`): said,
        never silently dropped. Not for one plan picked with --only."""
        if self.history is None or (self.only and " / " in self.only):
            return []
        try:
            gone = gone_from_folders(self.history, listed, keys, self.today)
        except HistoryError as exc:
            log.warning("cannot tell which plans left their folders: %s", exc)
            return []
        for plan in gone:
            log.warning("%s: not found tonight: %s", plan.plan_name, plan.why)
        return [
            PlanOutcome(p.plan_name, p.plan_key, Stage.MISSING, 0.0, message=p.why, entry=p.entry)
            for p in gone
        ]

    def _expand(self, source: PlanSource) -> list[PlanTarget]:
        return [target for target in self._expand_all(source) if not self._is_portfolio(target)]

    def _is_portfolio(self, target: PlanTarget) -> bool:
        """The portfolio is pmkit's output, never a plan (it may sit in a plans' folder)."""
        portfolio = self.config.portfolio
        if portfolio is None:
            return False
        if portfolio.spreadsheet is not None:
            return target.key == f"sheets:{portfolio.spreadsheet}"
        assert portfolio.file is not None
        return target.key == f"file:{portfolio.file.resolve()}"

    def _expand_all(self, source: PlanSource) -> list[PlanTarget]:
        if source.kind is SourceKind.SPREADSHEET:
            key = source.target
            return [PlanTarget(source.name, f"sheets:{key}", source.kind, key, source)]
        if source.kind is SourceKind.DRIVE_FOLDER:
            from sheets_sync.drive import list_folder_spreadsheets

            found = list_folder_spreadsheets(self.client(), source.target)
            return [
                PlanTarget(
                    f"{source.name} / {item.title}",
                    f"sheets:{item.key}",
                    SourceKind.SPREADSHEET,
                    item.key,
                    source,
                )
                for item in found
            ]
        from sheets_sync.folders import list_workbooks

        return [
            PlanTarget(
                f"{source.name} / {path.name}",
                f"file:{path.resolve()}",
                SourceKind.FOLDER,
                str(path),
                source,
            )
            for path in list_workbooks(Path(source.target))
        ]

    # --- one plan -------------------------------------------------------------------------

    def _sync_target(self, target: PlanTarget, report: Progress) -> PlanOutcome:
        started = time.monotonic()

        def stage(now: Stage) -> None:
            report(target, now)

        def stopped(now: Stage, message: str) -> PlanOutcome:
            stage(now)
            elapsed = time.monotonic() - started
            return PlanOutcome(target.name, target.key, now, elapsed, message=message)

        try:
            if target.kind is SourceKind.SPREADSHEET:
                evaluation, place = self._sync_google(target, stage)
            else:
                evaluation, place = self._sync_local(target, stage)
        except LockedWorkbookError as exc:
            log.warning("%s: %s", target.name, exc)
            return stopped(Stage.SKIPPED, str(exc))
        except WriteRefusedError as exc:
            log.error("%s: refused: %s", target.name, exc)
            return stopped(Stage.REFUSED, str(exc))
        except PmkitError as exc:
            log.error("%s: %s", target.name, exc)
            return stopped(Stage.FAILED, str(exc))
        except Exception as exc:  # a bug: one line in the log, the other plans go on
            if os.environ.get("PMKIT_DEBUG"):
                log.exception("%s: unexpected internal error", target.name)
            else:
                log.error(
                    "%s: unexpected internal error (%s: %s)", target.name, type(exc).__name__, exc
                )
            return stopped(
                Stage.FAILED,
                f"unexpected internal error ({type(exc).__name__}); "
                "set PMKIT_DEBUG=1 to see the details",
            )
        digest = self._send_digests(target, evaluation, place)
        stage(Stage.DONE)
        run = evaluation.run
        return PlanOutcome(
            target.name,
            target.key,
            Stage.DONE,
            time.monotonic() - started,
            status=run.status,
            slip_days=run.slip_days,
            baseline_set=run.baseline_finish is not None,
            late_at_least=run.late_at_least,
            errors=run.errors,
            warnings=run.warnings,
            infos=run.infos,
            message=digest.error if digest else None,
            digest=digest,
        )

    def _send_digests(
        self, target: PlanTarget, evaluation: Evaluation, place: PlanPlace
    ) -> DigestOutcome | None:
        """The plan's morning digests (its outputs are written); a failure is the plan's
        digest outcome, never the plan's or another plan's failure."""
        if self._digests is None:
            return None
        try:
            return self._digests.deliver(target.name, target.key, target.source, evaluation, place)
        except PmkitError as exc:
            log.error("%s: digest not sent: %s", target.name, exc)
            return DigestOutcome(failed=(str(exc),))
        except Exception as exc:  # a bug: one line, the other plans go on
            log.error("%s: digest not sent: unexpected internal error (%s)", target.name, exc)
            return DigestOutcome(failed=(f"unexpected internal error ({type(exc).__name__})",))

    def _sync_google(
        self, target: PlanTarget, stage: Callable[[Stage], None]
    ) -> tuple[Evaluation, PlanPlace]:
        client = self.client()
        key = target.location
        stage(Stage.READING)
        read = read_google_plan(client, key, today=self.today)
        evaluation = self._evaluate_and_write(
            target,
            read.plan,
            spreadsheet_url(key),
            lambda evaluation: self._write_google(client, key, read, evaluation),
            stage,
            claim=lambda evaluation: self._claim_google(target, read, evaluation),
        )
        return evaluation, google_place(read.info)

    def _claim_google(self, target: PlanTarget, read: GoogleRead, evaluation: Evaluation) -> None:
        """Refused when a tab to write is the owner's; a tab left as it is, said in the log."""
        claim_output_tabs(read.info, read.unproven_rows, evaluation.sheets)
        _say_kept(target, tabs_kept_back(read.info, read.unproven_rows, evaluation.sheets))

    def _write_google(
        self, client: SheetsClient, key: str, read: GoogleRead, evaluation: Evaluation
    ) -> None:
        analysis = evaluation.analysis
        sheets = claim_output_tabs(read.info, read.unproven_rows, evaluation.sheets)
        try:
            client.batch_update(key, build_write(read.info, sheets, analysis).body)
        except (AmbiguousWriteError, GoogleRequestError) as exc:
            # The write may have applied (its answer was lost) or a tab it adds now exists:
            # look at the tabs again and write once more; the batch replaces cells whole,
            # so writing twice leaves the same sheet.
            if isinstance(exc, GoogleRequestError) and "already exists" not in str(exc):
                raise
            log.warning("%s: %s; checking the tabs and writing again", key, exc)
            fresh = parse_metadata(key, client.fetch_metadata(key))
            # A tab named like an output tab that appeared since the read is judged as the
            # owner's: it was not among the tabs whose first rows were read.
            sheets = claim_output_tabs(fresh, read.unproven_rows, evaluation.sheets)
            client.batch_update(key, build_write(fresh, sheets, analysis).body)

    def _sync_local(
        self, target: PlanTarget, stage: Callable[[Stage], None]
    ) -> tuple[Evaluation, PlanPlace]:
        from pmkit.frontend import claim_in_place
        from sheets_sync.folders import check_not_locked, write_local_outputs

        path = Path(target.location)
        check_not_locked(path)
        stage(Stage.READING)
        plan = pmkit.read_plan(path)
        evaluation = self._evaluate_and_write(
            target,
            plan,
            str(path),
            lambda evaluation: write_local_outputs(plan, evaluation.sheets),
            stage,
            claim=lambda evaluation: _say_kept(target, claim_in_place(plan, evaluation.sheets)),
        )
        place = PlanPlace(f"the workbook {path.name} in {path.parent}", findings="its Flags sheet")
        return evaluation, place

    def _evaluate_and_write(
        self,
        target: PlanTarget,
        plan: Plan,
        location: str,
        write: Callable[[Evaluation], None],
        stage: Callable[[Stage], None],
        *,
        claim: Callable[[Evaluation], object] | None = None,
    ) -> Evaluation:
        """The steps every kind of plan shares once read: analyse, `claim` the output
        sheets (refused, on a dry run too, when one is the owner's), write the outputs,
        record the night in the history (the last two skipped on a dry run)."""
        stage(Stage.ANALYSING)
        evaluation = evaluate(
            plan,
            target.source,
            target.key,
            self.history,
            self.today,
            display_name=target.name,
            location=location,
        )
        if claim is not None:
            claim(evaluation)
        if not self.dry_run:
            stage(Stage.WRITING)
            write(evaluation)
            if self.history is not None:
                stage(Stage.RECORDING)
                self.history.record(
                    evaluation.run,
                    evaluation.snapshots,
                    state=evaluation.state,
                    changes=evaluation.since_last_run.changes,
                    weeks=evaluation.weeks,
                )
        return evaluation


def _say_kept(target: PlanTarget, kept: dict[str, str]) -> None:
    """The log's line on each output sheet or tab left as it is rather than lose what it
    holds, in the words `sheets_kept_back` gives why: one wording for Google and workbooks."""
    for reason in kept.values():
        log.warning("%s: %s", target.name, reason)


_ID_CHARACTERS = 6
"""How much of a spreadsheet's id tells two Drive plans of one name apart (more when
even those are the same)."""


def _distinct_names(targets: list[PlanTarget]) -> list[PlanTarget]:
    """Every plan named once: a Drive folder's spreadsheet whose `Entry / title` another
    plan also has (two spreadsheets of one title in a folder; capitals and outer spaces
    do not matter) is named with the end of its spreadsheet id, which never changes:
    `Clients / Acme (id 3xYz9Q)`. Names that differ are left as they are, so a plan's
    name changes only while another has the same one. The history keys on the plan's
    key, never its name; the name is what people read, and the portfolio's People tab
    tells plans apart by it."""
    taken: dict[str, list[PlanTarget]] = {}
    for target in targets:
        taken.setdefault(normalize_name(target.name), []).append(target)
    renamed: dict[str, str] = {}
    for same in taken.values():
        drive = [t for t in same if t.source.kind is SourceKind.DRIVE_FOLDER]
        if len(same) < 2 or not drive:
            continue
        length = _ID_CHARACTERS
        while len({t.location[-length:] for t in drive}) < len(drive) and length < max(
            len(t.location) for t in drive
        ):
            length += 1
        for target in drive:
            renamed[target.key] = name_with_id(target.name, target.location[-length:])
    return [
        replace(target, name=renamed[target.key]) if target.key in renamed else target
        for target in targets
    ]


def _first_of_each(targets: list[PlanTarget]) -> list[PlanTarget]:
    """One target per plan: a sheet both listed and in a listed folder is synced once."""
    seen: dict[str, PlanTarget] = {}
    for target in targets:
        if target.key in seen:
            log.warning(
                "%s is the same plan as %s; synced once", target.name, seen[target.key].name
            )
            continue
        seen[target.key] = target
    return list(seen.values())
