"""The job's last step for each plan it synced: the morning digests, at most once a night.

For each plan (after its outputs are written and its night recorded): the plan digest
to each `notify` address, and each owner's week to the address the Team sheet gives
(`pmkit.outputs.digest.digests`: one message per address). Addresses the history says
already got tonight's digest are skipped, so a re-run the same night sends nothing
again; each message is recorded the moment the server accepts it (`digest_sends`).

Sent by SMTP (`sheets_sync.mailer`), or written as .eml files to the outbox folder: on
`--dry-run` (recording nothing), or always when `[digest] outbox` is set. A plan whose
digests fail is reported on its own — its outputs were written — and the run exits 1.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pmkit import Location, PmkitError
from pmkit.frontend import (
    Digest,
    PlanPlace,
    digest_message,
    plan_digests,
    safe_sender,
)
from sheets_sync.config import PlanSource, SyncConfig
from sheets_sync.digest_config import DigestConfig, smtp_login
from sheets_sync.evaluation import Evaluation
from sheets_sync.history import History
from sheets_sync.mailer import DeliveryError, Outgoing, eml_name, send_all, write_outbox
from sheets_sync.retry import RetryPolicy
from sheets_sync.sheets_plan import SpreadsheetInfo, spreadsheet_url

__all__ = ["DRY_RUN_OUTBOX", "DigestOutcome", "DigestSender", "google_place"]

DRY_RUN_OUTBOX = "pmkit-outbox"
"""Where `--dry-run` writes the digests when `[digest] outbox` is not set (in the
current folder)."""

log = logging.getLogger("sheets_sync")


@dataclass(frozen=True, slots=True)
class DigestOutcome:
    """What became of one plan's digests tonight: `sent` by SMTP, `written` as .eml
    files, `earlier` already sent by an earlier run tonight, `unsent` messages not sent,
    and `failed`, one line per reason (an address, or the server for all of them)."""

    sent: int = 0
    written: int = 0
    earlier: int = 0
    unsent: int = 0
    failed: tuple[str, ...] = ()

    @property
    def error(self) -> str | None:
        if not self.failed:
            return None
        return "digest not sent: " + "; ".join(self.failed)

    def summary(self) -> str:
        """`3 sent`, `2 in outbox`, `sent earlier`, `1 not sent` — for the run's table."""
        parts = []
        if self.sent:
            parts.append(f"{self.sent} sent")
        if self.written:
            parts.append(f"{self.written} in outbox")
        if self.earlier:
            parts.append(f"{self.earlier} sent earlier")
        if self.failed:
            parts.append(f"{self.unsent} not sent" if self.unsent else "not sent")
        return ", ".join(parts) or "none"


class DigestSender:
    """Delivers the digests of the plans of one run (thread-safe: one call per plan)."""

    def __init__(
        self,
        config: SyncConfig,
        digest: DigestConfig,
        history: History | None,
        today: date,
        *,
        dry_run: bool = False,
    ) -> None:
        self.digest = digest
        self.history = history
        self.today = today
        self.dry_run = dry_run
        self.login = None if dry_run or digest.smtp is None else smtp_login()
        self.sender = safe_sender(digest.sender)[1]
        google = config.google
        self.policy = RetryPolicy(
            max_attempts=google.max_attempts,
            base_seconds=google.backoff_seconds,
            max_backoff_seconds=google.max_backoff_seconds,
        )
        self._unreachable = False  # the server could not be reached through every retry
        self._lock = threading.Lock()
        if dry_run:
            self.outbox: Path | None = digest.outbox or Path.cwd() / DRY_RUN_OUTBOX
        else:
            self.outbox = digest.outbox

    def deliver(
        self, name: str, plan_key: str, source: PlanSource, evaluation: Evaluation, place: PlanPlace
    ) -> DigestOutcome:
        """Send (or write) the plan's digests not yet sent tonight."""
        every = plan_digests(
            evaluation.analysis,
            evaluation.since_last_run,
            place,
            source.notify,
            listed_as=name,
        )
        done = self.history.digests_sent(plan_key, self.today) if self.history else set()
        waiting = [digest for digest in every if (digest.address or "").casefold() not in done]
        failed: list[str] = []
        outgoing: list[Outgoing] = []
        for digest in waiting:
            try:
                outgoing.append(self._message(digest))
            except PmkitError as exc:  # EmailAddressError: the address and why
                where = ", ".join(str(w.team_cell) for w in digest.weeks if w.team_cell)
                failed.append(f"{where or 'notify'}: {exc}")
        earlier = len(every) - len(waiting)
        done_now = (
            self._write(name, plan_key, outgoing, failed)
            if self.outbox is not None
            else self._send(name, plan_key, outgoing, failed)
        )
        outcome = DigestOutcome(
            sent=0 if self.outbox is not None else done_now,
            written=done_now if self.outbox is not None else 0,
            earlier=earlier,
            unsent=len(waiting) - done_now,
            failed=tuple(failed),
        )
        self._log(name, outcome)
        return outcome

    def _message(self, digest: Digest) -> Outgoing:
        address = digest.address or ""
        message = digest_message(digest, sender=self.digest.sender, recipient=address)
        return Outgoing(address, digest.kind, message)

    def _record(self, plan_key: str, item: Outgoing, delivery: str) -> None:
        if self.history is not None and not self.dry_run:
            self.history.record_digest(
                plan_key,
                self.today,
                item.recipient,
                kind=item.kind,
                delivery=delivery,
                message_id=item.message_id,
            )

    def _write(self, name: str, plan_key: str, outgoing: list[Outgoing], failed: list[str]) -> int:
        assert self.outbox is not None
        written = 0
        for item in outgoing:
            file = eml_name(self.today, name, plan_key, item.recipient)
            try:
                write_outbox(self.outbox, file, item.message)
            except (DeliveryError, OSError) as exc:
                failed.append(f"{item.recipient}: {exc}")
                continue
            self._record(plan_key, item, "outbox")
            written += 1
        return written

    def _send(self, name: str, plan_key: str, outgoing: list[Outgoing], failed: list[str]) -> int:
        if not outgoing:
            return 0
        sent: list[Outgoing] = []

        def accepted(item: Outgoing) -> None:
            sent.append(item)
            self._record(plan_key, item, "smtp")

        def retrying(exc: BaseException, wait: float) -> None:
            log.warning("%s: retrying the digests in %.1f s after: %s", name, wait, exc)

        with self._lock:
            policy = replace(self.policy, max_attempts=1) if self._unreachable else self.policy
        try:
            refused = send_all(
                outgoing,
                self.digest,
                self.login,
                policy,
                sender=self.sender,
                on_sent=accepted,
                on_retry=retrying,
            )
        except DeliveryError as exc:
            unsent = len(outgoing) - len(sent)
            failed.append(f"{unsent} of {len(outgoing)}: {exc}")
            if exc.unreachable:
                with self._lock:
                    self._unreachable = True
        else:
            failed += [f"{item.recipient}: {why}" for item, why in refused]
            with self._lock:
                self._unreachable = False
        return len(sent)

    def _log(self, name: str, outcome: DigestOutcome) -> None:
        if outcome.error:
            log.error("%s: %s", name, outcome.error)
        elif outcome.written and self.outbox is not None:
            log.info("%s: %d digests written to %s", name, outcome.written, self.outbox)
        elif outcome.sent or outcome.earlier:
            log.info("%s: digests %s", name, outcome.summary())


def google_place(info: SpreadsheetInfo) -> PlanPlace:
    """A Google plan for the digest: a link to the spreadsheet, and to each cell
    (`…/edit#gid=TAB&range=K38`) on a tab it has."""
    url = f"{spreadsheet_url(info.key)}/edit"

    def cell_url(location: Location) -> str | None:
        tab = info.find(location.sheet)
        if tab is None:
            return None
        cell = location.cell
        return f"{url}#gid={tab.sheet_id}" + (f"&range={cell}" if cell else "")

    return PlanPlace(f"the Google spreadsheet “{info.title}”", url, cell_url)
