"""The nightly sync: Google Sheets plans, Drive folders and local folders of workbooks.

A thin front end over the engine: read each plan, `pmkit.analyze` it, write the
output sheets, keep a history. Run it as `pmkit sync --config FILE`; see
`example-config.toml` beside this module and docs/sync.md.

>>> from sheets_sync import SyncJob, load_config
>>> outcomes = SyncJob(load_config("sync.toml")).run()
>>> [(outcome.name, outcome.status) for outcome in outcomes]
[('Shop / shop.xlsx', 'Red')]
"""

from sheets_sync.config import SyncConfig, load_config, parse_config
from sheets_sync.errors import SyncError
from sheets_sync.job import PlanOutcome, SyncJob
from sheets_sync.sharding import Shard, resolve_shard

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
