"""The nightly sync: Google Sheets plans, Drive folders and local folders of workbooks.

A thin front end over the engine: read each plan, `pmkit.analyze` it, write the
output sheets, keep a history. Run it as `pmkit sync --config FILE`; see
`example-config.toml` beside this module and docs/sync.md.

>>> from sheets_sync import SyncJob, load_config
>>> outcomes = SyncJob(load_config("sync.toml")).run()
>>> [(outcome.name, outcome.status) for outcome in outcomes]
[('Shop / shop.xlsx', 'Red')]
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sheets_sync.config import SyncConfig, load_config, parse_config
    from sheets_sync.errors import SyncError
    from sheets_sync.job import PlanOutcome, SyncJob
    from sheets_sync.sharding import Shard, resolve_shard

# Each name loads its module on first use: the job imports the Google client and
# SQLAlchemy (about a second), and `pmkit` imports this package for every command, to
# register `pmkit sync` (`sheets_sync.cli`).
_HOMES = {
    "SyncConfig": "config",
    "load_config": "config",
    "parse_config": "config",
    "SyncError": "errors",
    "PlanOutcome": "job",
    "SyncJob": "job",
    "Shard": "sharding",
    "resolve_shard": "sharding",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'sheets_sync' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"sheets_sync.{home}"), name)


__all__ = [
    "PlanOutcome",
    "Shard",
    "SyncConfig",
    "SyncError",
    "SyncJob",
    "load_config",
    "parse_config",
    "resolve_shard",
]
