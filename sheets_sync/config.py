"""The sync configuration: a TOML file read once into frozen dataclasses.

Paths are expanded (`~`) and taken relative to the config file's folder. Unknown keys
are refused with the key's name, so a typo never silently does nothing. See
`example-config.toml` beside this module for every key with a comment.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pmkit import Settings
from pmkit.frontend import parse_work_week as read_work_week
from sheets_sync.digest_config import DigestConfig, notify_addresses, parse_digest
from sheets_sync.errors import ConfigError

__all__ = [
    "DEFAULT_DATABASE",
    "GoogleConfig",
    "HistoryConfig",
    "PlanSource",
    "PortfolioConfig",
    "SourceKind",
    "SyncConfig",
    "load_config",
    "parse_config",
    "spreadsheet_key",
]

DEFAULT_DATABASE = "~/.local/share/pmkit/history.sqlite"
_KEY_IN_URL = re.compile(r"/spreadsheets/d/([a-zA-Z0-9_-]+)")
_KEY = re.compile(r"^[a-zA-Z0-9_-]{10,}$")

# Settings a [[plans]] entry may override, with the type its value must have.
_OVERRIDES: dict[str, type | tuple[type, ...]] = {
    "project_name": str,
    "project_start": date,
    "work_week": str,
    "holiday_country": str,
    "currency": str,
    "slip_tolerance_days": int,
    "stalled_after_days": int,
    "scope_creep_threshold_pct": (int, float),
    "critical_float_days": int,
    "move_unfinished_work": bool,
}


class SourceKind(StrEnum):
    SPREADSHEET = "spreadsheet"
    DRIVE_FOLDER = "drive_folder"
    FOLDER = "folder"


@dataclass(frozen=True, slots=True)
class GoogleConfig:
    """How to reach Google: credentials, an optional endpoint, timeouts, retries, quotas."""

    credentials: str = "default"  # a key file path, "default" or "anonymous"
    endpoint: str | None = None
    connect_timeout_seconds: float = 10.0
    read_timeout_seconds: float = 60.0
    max_attempts: int = 5
    backoff_seconds: float = 1.0
    max_backoff_seconds: float = 32.0
    read_requests_per_minute: int = 60
    write_requests_per_minute: int = 60


@dataclass(frozen=True, slots=True)
class HistoryConfig:
    database: str = DEFAULT_DATABASE  # a path (SQLite) or a postgresql:// URL

    @property
    def is_url(self) -> bool:
        return "://" in self.database


@dataclass(frozen=True, slots=True)
class PlanSource:
    """One `[[plans]]` entry: a spreadsheet, a Drive folder, or a local folder."""

    name: str
    kind: SourceKind
    target: str  # a spreadsheet key, a Drive folder id, or an absolute folder path
    status_date: date | None = None
    overrides: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    notify: tuple[str, ...] = ()  # who gets the plan's morning digest ([digest])

    def apply_overrides(self, settings: Settings) -> Settings:
        """The plan's own Settings with this entry's overrides on top."""
        changes = dict(self.overrides)
        if self.status_date is not None:
            changes["status_date"] = self.status_date
        return replace(settings, **changes) if changes else settings


@dataclass(frozen=True, slots=True)
class PortfolioConfig:
    """`[portfolio]`: where the portfolio goes — a Google spreadsheet, or a local workbook."""

    spreadsheet: str | None = None  # a spreadsheet key
    file: Path | None = None  # an .xlsx path

    @property
    def where(self) -> str:
        """The spreadsheet's key or the file's path, for messages."""
        return self.spreadsheet or str(self.file)


@dataclass(frozen=True, slots=True)
class SyncConfig:
    google: GoogleConfig
    history: HistoryConfig
    plans: tuple[PlanSource, ...]
    workers: int = 4
    shard_count: int | None = None  # for Kubernetes Indexed Jobs, which give only an index
    path: Path | None = None
    portfolio: PortfolioConfig | None = None
    digest: DigestConfig | None = None  # the morning digests: [digest]


def load_config(path: str | Path) -> SyncConfig:
    """Read and check a TOML config file."""
    file = Path(path).expanduser()
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the config file {file}: {exc.strerror or exc}") from exc
    return parse_config(text, base=file.resolve().parent, source=str(file))


def parse_config(text: str, base: Path | None = None, source: str = "config") -> SyncConfig:
    """Parse config text; relative paths are taken from `base` (default: the current folder)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source} is not valid TOML: {exc}") from exc
    root = base or Path.cwd()
    _check_keys(data, {"google", "history", "sync", "plans", "portfolio", "digest"}, source)
    google = _google(_table(data, "google", source), root, source)
    history = _history(_table(data, "history", source), root, source)
    sync = _table(data, "sync", source)
    _check_keys(sync, {"workers", "shard_count"}, f"{source} [sync]")
    workers = _positive_int(sync.get("workers", 4), "[sync] workers", source)
    shard_count = sync.get("shard_count")
    if shard_count is not None:
        shard_count = _positive_int(shard_count, "[sync] shard_count", source)
    entries = data.get("plans", [])
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{source} lists no plans: add at least one [[plans]] entry")
    plans = tuple(_plan(entry, i + 1, root, source) for i, entry in enumerate(entries))
    names = [plan.name.casefold() for plan in plans]
    duplicates = sorted({plan.name for plan in plans if names.count(plan.name.casefold()) > 1})
    if duplicates:
        raise ConfigError(f"{source}: plan names must be unique; repeated: {', '.join(duplicates)}")
    portfolio = _portfolio(data, root, source)
    digest = (
        parse_digest(_table(data, "digest", source), root, source) if "digest" in data else None
    )
    _check_notify(plans, digest, source)
    return SyncConfig(
        google,
        history,
        plans,
        workers,
        shard_count,
        Path(source) if base else None,
        portfolio=portfolio,
        digest=digest,
    )


def spreadsheet_key(text: str) -> str:
    """A spreadsheet key from a key or a full URL (`…/spreadsheets/d/KEY/edit`)."""
    match = _KEY_IN_URL.search(text)
    key = match.group(1) if match else text.strip()
    if not _KEY.match(key):
        raise ConfigError(f"{text!r} is neither a spreadsheet key nor a Google Sheets URL")
    return key


def _table(data: Mapping[str, Any], name: str, source: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: [{name}] must be a table, found {type(value).__name__}")
    return value


def _check_keys(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r} (expected one of: {', '.join(sorted(allowed))})"
        )


def _positive_int(value: object, key: str, source: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{source}: {key} must be a whole number ≥ 1, found {value!r}")
    return value


def _positive_number(value: object, key: str, source: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{source}: {key} must be a number > 0, found {value!r}")
    return float(value)


def _path(text: str, root: Path) -> Path:
    path = Path(text).expanduser()
    return path if path.is_absolute() else root / path


def _google(table: dict[str, Any], root: Path, source: str) -> GoogleConfig:
    numbers = {
        "connect_timeout_seconds",
        "read_timeout_seconds",
        "backoff_seconds",
        "max_backoff_seconds",
    }
    counts = {"max_attempts", "read_requests_per_minute", "write_requests_per_minute"}
    _check_keys(table, {"credentials", "endpoint"} | numbers | counts, f"{source} [google]")
    credentials = table.get("credentials", "default")
    if not isinstance(credentials, str) or not credentials.strip():
        raise ConfigError(
            f'{source}: [google] credentials must be a key file path, "default" or "anonymous"'
        )
    if credentials not in ("default", "anonymous"):
        credentials = str(_path(credentials, root))
    endpoint = table.get("endpoint")
    if endpoint is not None and (
        not isinstance(endpoint, str) or not re.match(r"^https?://[^/\s]+/?$", endpoint)
    ):
        raise ConfigError(
            f"{source}: [google] endpoint must look like http://127.0.0.1:8089, found {endpoint!r}"
        )
    values: dict[str, Any] = {
        "credentials": credentials,
        "endpoint": endpoint and endpoint.rstrip("/"),
    }
    for key in numbers & table.keys():
        values[key] = _positive_number(table[key], f"[google] {key}", source)
    for key in counts & table.keys():
        values[key] = _positive_int(table[key], f"[google] {key}", source)
    return GoogleConfig(**values)


def _history(table: dict[str, Any], root: Path, source: str) -> HistoryConfig:
    _check_keys(table, {"database"}, f"{source} [history]")
    database = table.get("database", DEFAULT_DATABASE)
    if not isinstance(database, str) or not database.strip():
        raise ConfigError(f"{source}: [history] database must be a path or a postgresql:// URL")
    if "://" in database:
        if not database.startswith(("postgresql://", "postgresql+psycopg://", "sqlite://")):
            raise ConfigError(
                f"{source}: [history] database URL must start with postgresql://, "
                f"found {database.split('://')[0]}://"
            )
        return HistoryConfig(database)
    return HistoryConfig(str(_path(database, root)))


def _portfolio(data: Mapping[str, Any], root: Path, source: str) -> PortfolioConfig | None:
    if "portfolio" not in data:
        return None
    table = _table(data, "portfolio", source)
    where = f"{source} [portfolio]"
    _check_keys(table, {"spreadsheet", "file"}, where)
    if len(table) != 1:
        raise ConfigError(
            f'{where} needs exactly one of spreadsheet = "key or URL" or file = "path.xlsx"'
        )
    ((key, raw),) = table.items()
    if not isinstance(raw, str) or not raw.strip():
        raise ConfigError(f"{where}: {key} must be text, found {raw!r}")
    if key == "spreadsheet":
        return PortfolioConfig(spreadsheet=spreadsheet_key(raw))
    path = _path(raw.strip(), root)
    if path.suffix.casefold() != ".xlsx":
        raise ConfigError(f"{where}: file must be an .xlsx workbook, found {path.name!r}")
    return PortfolioConfig(file=path)


def _plan(entry: object, number: int, root: Path, source: str) -> PlanSource:
    where = f"{source} [[plans]] entry {number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a table")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where} needs a name")
    where = f"{source} plan {name!r}"
    _check_keys(entry, {"name", "status_date", "notify", *SourceKind, *_OVERRIDES}, where)
    kinds = [kind for kind in SourceKind if kind in entry]
    if len(kinds) != 1:
        raise ConfigError(f"{where} needs exactly one of spreadsheet, drive_folder or folder")
    kind = kinds[0]
    raw = entry[kind]
    if not isinstance(raw, str) or not raw.strip():
        raise ConfigError(f"{where}: {kind} must be text, found {raw!r}")
    if kind is SourceKind.SPREADSHEET:
        target = spreadsheet_key(raw)
    elif kind is SourceKind.DRIVE_FOLDER:
        target = raw.strip().rstrip("/").rsplit("/folders/", 1)[-1].split("?")[0]
    else:
        target = str(_path(raw, root))
    status_date = entry.get("status_date")
    if status_date is not None and not isinstance(status_date, date):
        raise ConfigError(f"{where}: status_date must be a TOML date like 2026-03-13")
    overrides = {key: _override(key, entry[key], where) for key in _OVERRIDES if key in entry}
    notify = notify_addresses(entry["notify"], where) if "notify" in entry else ()
    return PlanSource(name.strip(), kind, target, status_date, MappingProxyType(overrides), notify)


def _check_notify(plans: tuple[PlanSource, ...], digest: DigestConfig | None, source: str) -> None:
    """`notify` without `[digest]` would silently send nothing: refused."""
    listed = next((plan for plan in plans if plan.notify), None)
    if listed is not None and digest is None:
        raise ConfigError(
            f"{source}: plan {listed.name!r} has notify, but the config has no [digest] "
            'section to send with: add [digest] with smtp = "smtp://host:587" and sender'
        )


def _override(key: str, value: object, where: str) -> object:
    expected = _OVERRIDES[key]
    if (isinstance(value, bool) and expected is not bool) or not isinstance(value, expected):
        raise ConfigError(f"{where}: {key} has the wrong type ({type(value).__name__}: {value!r})")
    if key == "work_week":
        return parse_work_week(str(value), where)
    if key == "scope_creep_threshold_pct":
        return float(value)  # type: ignore[arg-type]
    return value


def parse_work_week(text: str, where: str = "work_week") -> frozenset[int]:
    """`Mon-Fri`, `Sun-Thu`, `Mon,Wed,Fri` → weekday numbers (Monday = 0), read as the
    Settings sheet reads them."""
    try:
        days = read_work_week(text)
    except ValueError:  # also when it names no day at all
        raise ConfigError(
            f"{where}: work_week {text!r} is not like Mon-Fri or Mon,Wed,Fri"
        ) from None
    return days
