"""The `[digest]` section of the sync config, and the SMTP login from the environment.

```toml
[digest]
smtp = "smtp://mail.example.com:587"   # STARTTLS when offered; or smtps://host:465
sender = "pmkit <pm@example.com>"
# outbox = "~/pmkit-outbox"            # write .eml files instead of sending
# ca_file = "/etc/ssl/private-ca.pem"  # a private certificate authority
# timeout_seconds = 30
```

The login is never in the file: `PMKIT_SMTP_USER` and `PMKIT_SMTP_PASSWORD` in the
job's environment (`smtp_login`). A password-like key in `[digest]`, or a user and
password inside the URL, is refused with a message saying so.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pmkit import PmkitError
from pmkit.frontend import safe_address, safe_sender
from sheets_sync.errors import ConfigError

__all__ = [
    "DEFAULT_PORTS",
    "DigestConfig",
    "SmtpLogin",
    "SmtpServer",
    "notify_addresses",
    "parse_digest",
    "smtp_login",
]

DEFAULT_PORTS = {"smtp": 587, "smtps": 465}
"""Mail submission (RFC 6409: STARTTLS) and submission over TLS (RFC 8314)."""
USER_VARIABLE = "PMKIT_SMTP_USER"
PASSWORD_VARIABLE = "PMKIT_SMTP_PASSWORD"
_SECRET_KEYS = frozenset({"password", "user", "username", "login", "pass", "secret"})
_KEYS = frozenset({"smtp", "sender", "outbox", "ca_file", "timeout_seconds"})
_SECRET_WORDS = (
    f"the SMTP login never goes in the config file: set {USER_VARIABLE} and "
    f"{PASSWORD_VARIABLE} in the job's environment"
)


@dataclass(frozen=True, slots=True)
class SmtpServer:
    """Where to send: `smtps` is TLS from the first byte; `smtp` upgrades with STARTTLS
    when the server offers it."""

    scheme: str
    host: str
    port: int

    @property
    def implicit_tls(self) -> bool:
        return self.scheme == "smtps"

    @property
    def loopback(self) -> bool:
        """The server is this machine (127.0.0.0/8, ::1, localhost): nothing leaves it."""
        if self.host.casefold() == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class DigestConfig:
    """How the morning digests leave: an SMTP server, or `outbox` (a folder of .eml
    files) instead; `sender` is the From (checked: one address, one line)."""

    sender: str
    smtp: SmtpServer | None = None
    outbox: Path | None = None
    ca_file: Path | None = None
    timeout_seconds: float = 30.0


@dataclass(frozen=True, slots=True)
class SmtpLogin:
    user: str
    password: str

    def __repr__(self) -> str:  # never print the password
        return f"SmtpLogin(user={self.user!r}, password='…')"


def parse_digest(table: Mapping[str, Any], root: Path, source: str) -> DigestConfig:
    """The `[digest]` table → `DigestConfig`; paths relative to `root`."""
    where = f"{source} [digest]"
    secrets = sorted(_SECRET_KEYS & {key.casefold() for key in table})
    if secrets:
        raise ConfigError(f"{where}: {secrets[0]!r} is not allowed: {_SECRET_WORDS}")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r} (expected one of: {', '.join(sorted(_KEYS))})"
        )
    sender = table.get("sender")
    if not isinstance(sender, str):
        raise ConfigError(f'{where} needs a sender, like sender = "pmkit <pm@example.com>"')
    try:
        safe_sender(sender)
    except PmkitError as exc:  # EmailAddressError: the address and why
        raise ConfigError(f"{where}: sender {exc}") from None
    smtp = table.get("smtp")
    outbox = table.get("outbox")
    if smtp is None and outbox is None:
        raise ConfigError(
            f'{where} needs smtp = "smtp://host:587" (or smtps://), or an outbox folder'
        )
    timeout = table.get("timeout_seconds", 30.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ConfigError(f"{where}: timeout_seconds must be a number > 0, found {timeout!r}")
    return DigestConfig(
        sender=sender,
        smtp=None if smtp is None else _server(smtp, where),
        outbox=None if outbox is None else _path(outbox, "outbox", root, where),
        ca_file=None
        if table.get("ca_file") is None
        else _path(table["ca_file"], "ca_file", root, where),
        timeout_seconds=float(timeout),
    )


def notify_addresses(value: object, where: str) -> tuple[str, ...]:
    """A plan's `notify = ["a@example.com", …]`, each one plain address."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f'{where}: notify must be a list of addresses, like ["a@example.com"]')
    try:
        return tuple(safe_address(item) for item in value)
    except PmkitError as exc:  # EmailAddressError: the address and why
        raise ConfigError(f"{where}: notify: {exc}") from None


def smtp_login(environ: Mapping[str, str] | None = None) -> SmtpLogin | None:
    """The login from `PMKIT_SMTP_USER` / `PMKIT_SMTP_PASSWORD` (None: neither is set)."""
    env = os.environ if environ is None else environ
    user, password = env.get(USER_VARIABLE, ""), env.get(PASSWORD_VARIABLE, "")
    if not user and not password:
        return None
    if not user or not password:
        missing = USER_VARIABLE if not user else PASSWORD_VARIABLE
        raise ConfigError(
            f"{missing} is not set: the SMTP login needs both {USER_VARIABLE} and "
            f"{PASSWORD_VARIABLE} (or neither, for a server that needs no login)"
        )
    return SmtpLogin(user, password)


def _server(value: object, where: str) -> SmtpServer:
    if not isinstance(value, str):
        raise ConfigError(f'{where}: smtp must be a URL like "smtp://mail.example.com:587"')
    try:
        url = urlsplit(value.strip())
        port = url.port
    except ValueError:
        raise ConfigError(f"{where}: smtp {value!r} is not a URL like smtp://host:587") from None
    if url.username is not None or url.password is not None:
        raise ConfigError(f"{where}: smtp must not hold a user or password: {_SECRET_WORDS}")
    if url.scheme not in DEFAULT_PORTS or not url.hostname:
        raise ConfigError(
            f"{where}: smtp {value!r} must look like smtp://host:587 (STARTTLS when the "
            "server offers it) or smtps://host:465 (TLS from the start)"
        )
    if url.path not in ("", "/") or url.query or url.fragment:
        raise ConfigError(f"{where}: smtp {value!r} must be only scheme://host:port")
    return SmtpServer(url.scheme, url.hostname, port or DEFAULT_PORTS[url.scheme])


def _path(value: object, key: str, root: Path, where: str) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {key} must be a path")
    path = Path(value).expanduser()
    return path if path.is_absolute() else root / path
