"""Delivering the morning digests: SMTP with the standard library, or .eml files.

**SMTP** (`send_all`): one connection per plan for all its messages.

* `smtps://host:465` speaks TLS from the first byte; `smtp://host:587` asks for STARTTLS
  and uses it whenever the server offers it. Certificates are verified against the
  system's authorities (or `[digest] ca_file`), host name included.
* The login (`PMKIT_SMTP_USER` / `PMKIT_SMTP_PASSWORD`) is sent only over TLS. A server
  that offers no STARTTLS gets no password — the plan's digest is reported unsent —
  unless it is this machine (loopback: 127.0.0.1, ::1, localhost), where nothing
  crosses a network. Without a login, a server without STARTTLS (a local relay) is used
  as it is.
* What may pass is retried within the job's retry policy (`sheets_sync.retry`): refused
  or dropped connections, timeouts and 4xx answers (once a plan has found the server
  unreachable through every retry, the next plans try it once each: a server down for
  the night costs one wait per plan, not a round of retries). What will not — a refused
  login, an unverifiable certificate, a 5xx answer — is not. A message the server accepted is
  never sent again: each is noted (`on_sent`) the moment it is accepted, and a retry
  sends only the rest. An address the server refuses for good (550) is reported and
  the other messages still go.

**Outbox** (`write_outbox`): each message as `NIGHT_PLAN_ADDRESS.eml` in a folder, for
`--dry-run` and `[digest] outbox`; any mail program opens them.

Every failure becomes one line saying what to do: no traceback, never the password.
"""

from __future__ import annotations

import hashlib
import re
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from pathlib import Path

from pmkit import PmkitError
from pmkit.frontend import write_file
from sheets_sync.digest_config import DigestConfig, SmtpLogin, SmtpServer
from sheets_sync.retry import RetryPolicy, Verdict, retry_call

__all__ = ["DeliveryError", "Outgoing", "eml_name", "send_all", "write_outbox"]

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._@-]+")


class DeliveryError(PmkitError, RuntimeError):
    """Messages could not be sent; `retry` says whether trying again may help,
    `unreachable` that the server could not be reached (or dropped the connection)."""

    def __init__(self, message: str, *, retry: bool, unreachable: bool = False) -> None:
        super().__init__(message)
        self.retry = retry
        self.unreachable = unreachable


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to one address (`recipient`, the envelope's only recipient)."""

    recipient: str
    kind: str  # "plan" or "week"
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


def send_all(
    outgoing: Sequence[Outgoing],
    config: DigestConfig,
    login: SmtpLogin | None,
    policy: RetryPolicy,
    *,
    sender: str,
    on_sent: Callable[[Outgoing], None],
    on_retry: Callable[[BaseException, float], None] | None = None,
) -> list[tuple[Outgoing, str]]:
    """Send every message of `outgoing` from `sender` (an address) through
    `config.smtp`; each accepted one is passed to `on_sent` at once. Returns the
    messages refused for good, each with why; raises `DeliveryError` when the rest could
    not be sent within `policy`."""
    server = config.smtp
    if server is None:
        raise DeliveryError("[digest] has no smtp server to send with", retry=False)
    waiting = list(outgoing)
    refused: list[tuple[Outgoing, str]] = []

    def attempt() -> None:
        with _connect(server, config, login) as smtp:
            while waiting:
                item = waiting[0]
                try:
                    smtp.send_message(item.message, from_addr=sender, to_addrs=[item.recipient])
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                    if _classify(exc).retry:
                        raise
                    # refused for good (5xx): this message only; the others still go
                    refused.append((item, _words(exc, server)))
                    smtp.rset()
                else:
                    on_sent(item)
                waiting.pop(0)

    try:
        retry_call(attempt, policy, _classify, on_retry=on_retry)
    except DeliveryError:
        raise
    except (smtplib.SMTPException, OSError) as exc:
        unreachable = isinstance(exc, smtplib.SMTPServerDisconnected) or (
            isinstance(exc, OSError) and not isinstance(exc, ssl.SSLError)
        )
        raise DeliveryError(
            _words(exc, server), retry=_classify(exc).retry, unreachable=unreachable
        ) from None
    return refused


def _connect(server: SmtpServer, config: DigestConfig, login: SmtpLogin | None) -> smtplib.SMTP:
    context = ssl.create_default_context(
        cafile=str(config.ca_file) if config.ca_file is not None else None
    )
    timeout = config.timeout_seconds
    smtp: smtplib.SMTP
    if server.implicit_tls:
        smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=timeout)
    try:
        smtp.ehlo()
        if not server.implicit_tls:
            if smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            elif login is not None and not server.loopback:
                raise DeliveryError(
                    f"{server} does not offer STARTTLS, so pmkit will not send it the SMTP "
                    "password unencrypted: use smtps://, or a server that offers STARTTLS",
                    retry=False,
                )
        if login is not None:
            smtp.login(login.user, login.password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _classify(exc: BaseException) -> Verdict:  # noqa: PLR0911 - one answer per failure kind
    """Worth another try: dropped or refused connections, timeouts, 4xx answers."""
    if isinstance(exc, DeliveryError):
        return Verdict(exc.retry)
    if isinstance(exc, smtplib.SMTPAuthenticationError | smtplib.SMTPNotSupportedError):
        return Verdict.fail()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return Verdict(any(400 <= code < 500 for code in codes))
    if isinstance(exc, smtplib.SMTPResponseException):
        return Verdict(400 <= exc.smtp_code < 500)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return Verdict.fail()
    if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
        return Verdict.again()
    return Verdict.fail()


def _words(exc: BaseException, server: SmtpServer) -> str:  # noqa: PLR0911 - one line per failure kind
    """One line for the log and the run's table (never the password)."""
    if isinstance(exc, DeliveryError):
        return exc.message
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (
            f"{server} refused the login of PMKIT_SMTP_USER ({_answer(exc)}): "
            "check PMKIT_SMTP_USER and PMKIT_SMTP_PASSWORD"
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"{server} does not support what the digest needs: {exc}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = "; ".join(
            f"{address}: {code} {_text(error)}" for address, (code, error) in exc.recipients.items()
        )
        return f"{server} refused the address ({answers})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{server} answered {_answer(exc)}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"the certificate of {server.host} could not be verified ({exc.verify_message}): "
            "for a private certificate authority, set [digest] ca_file"
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"{server} closed the connection ({exc or 'no reason given'}); try again later"
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        return f"could not reach {server}: {reason}"
    return f"{server}: {type(exc).__name__}: {exc}"


def _answer(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _text(error: bytes | str) -> str:
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return " ".join(text.split())[:200]


def eml_name(night: date, plan: str, plan_key: str, recipient: str) -> str:
    """`2026-03-20_Website-relaunch_1a2b3c_sam@example.com.eml`: readable, safe in any
    folder whatever the plan is called, and unique per plan, night and address."""
    slug = _SAFE_NAME.sub("-", plan).strip("-.")[:50] or "plan"
    tag = hashlib.sha256(plan_key.encode("utf-8")).hexdigest()[:6]
    address = _SAFE_NAME.sub("-", recipient).strip("-.")[:80]
    return f"{night.isoformat()}_{slug}_{tag}_{address}.eml"


def write_outbox(folder: Path, name: str, message: EmailMessage) -> Path:
    """Write `message` as `folder/name` (replacing that night's earlier file)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeliveryError(
            f"cannot create the outbox folder {folder}: {exc.strerror or exc}", retry=False
        ) from None
    return write_file(folder / name, message.as_bytes(), force=True)
