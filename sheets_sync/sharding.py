"""Splitting the plans between workers, with nothing of ours coordinating them.

Each target goes to the shard given by a hash of its stable key, so a plan always lands
on the same shard (and so in the same per-shard history file) whatever else the config
lists, and the shards together cover every plan exactly once. The shard comes from
`--shard I/N`, else Cloud Run Jobs' `CLOUD_RUN_TASK_INDEX`/`CLOUD_RUN_TASK_COUNT`, else
Kubernetes Indexed Jobs' `JOB_COMPLETION_INDEX` (with the count from
`PMKIT_SHARD_COUNT` or `[sync] shard_count`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sheets_sync.errors import ConfigError

__all__ = ["Shard", "history_database", "resolve_shard", "shard_of"]


@dataclass(frozen=True, slots=True)
class Shard:
    """This worker's share: targets whose hash modulo `count` is `index` (0-based)."""

    index: int = 0
    count: int = 1

    def owns(self, key: str) -> bool:
        return shard_of(key, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_of(key: str, count: int) -> int:
    """The shard (0 … count−1) a target belongs to; stable across runs and machines."""
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:8], "big") % count


def resolve_shard(
    option: str | None, environ: Mapping[str, str], config_count: int | None = None
) -> Shard:
    """`--shard I/N`, else Cloud Run's task index/count, else Kubernetes' completion index."""
    if option:
        index_text, _, count_text = option.partition("/")
        return _shard(index_text, count_text, "--shard")
    if "CLOUD_RUN_TASK_INDEX" in environ:
        return _shard(
            environ["CLOUD_RUN_TASK_INDEX"],
            environ.get("CLOUD_RUN_TASK_COUNT", "1"),
            "CLOUD_RUN_TASK_INDEX/CLOUD_RUN_TASK_COUNT",
        )
    if "JOB_COMPLETION_INDEX" in environ:
        count = environ.get("PMKIT_SHARD_COUNT") or (str(config_count) if config_count else "")
        if not count:
            raise ConfigError(
                "JOB_COMPLETION_INDEX is set but the number of shards is not: set "
                "PMKIT_SHARD_COUNT (the Job's completions) or [sync] shard_count"
            )
        return _shard(environ["JOB_COMPLETION_INDEX"], count, "JOB_COMPLETION_INDEX")
    return Shard()


def _shard(index_text: str, count_text: str, where: str) -> Shard:
    try:
        index, count = int(index_text), int(count_text)
    except ValueError:
        raise ConfigError(
            f"{where}: expected INDEX/COUNT like 0/4, found {index_text!r}/{count_text!r}"
        ) from None
    if count < 1 or not 0 <= index < count:
        raise ConfigError(f"{where}: the index must be 0 … {count - 1} (0-based), found {index}")
    return Shard(index, count)


def history_database(database: str, shard: Shard) -> str:
    """Each shard keeps its own SQLite file (`history.shard-1-of-4.sqlite`); a URL is shared."""
    if "://" in database or shard.count == 1:
        return database
    path = Path(database)
    return str(path.with_name(f"{path.stem}.shard-{shard.index}-of-{shard.count}{path.suffix}"))
