"""Sharding: every plan on exactly one shard, always the same one; shard from flags or env."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets_sync.errors import ConfigError
from sheets_sync.job import SyncJob
from sheets_sync.sharding import Shard, history_database, resolve_shard, shard_of
from tests.sync.fake_google import FakeGoogle
from tests.sync.sample_plans import plan_tabs
from tests.sync.sync_support import TODAY, spreadsheet_plans, sync_config


@given(st.lists(st.text(min_size=1), unique=True, max_size=50), st.integers(1, 12))
def test_shards_split_completely_and_disjointly(keys: list[str], count: int) -> None:
    """Each key belongs to exactly one shard of `count`."""
    owners = [[i for i in range(count) if Shard(i, count).owns(key)] for key in keys]
    assert all(len(found) == 1 for found in owners)


def test_shard_of_is_stable() -> None:
    """The split is a fixed hash, the same on every machine and run."""
    assert [shard_of(f"sheets:key{n}", 4) for n in range(8)] == [
        shard_of(f"sheets:key{n}", 4) for n in range(8)
    ]
    assert shard_of("sheets:abc", 1) == 0


def test_sharded_runs_together_sync_every_plan_once(google: FakeGoogle, tmp_path: Path) -> None:
    """Three workers with --shard 0/3, 1/3, 2/3 sync each plan exactly once."""
    keys = [f"plankey{n:05d}" for n in range(9)]
    for key in keys:
        google.add_spreadsheet(key, key, plan_tabs(3))
    config = sync_config(google, tmp_path, spreadsheet_plans(*keys))
    names: list[str] = []
    for index in range(3):
        outcomes = SyncJob(config, shard=Shard(index, 3), today=TODAY).run()
        names += [o.name for o in outcomes]
    assert sorted(names) == keys
    writes = [r.spreadsheet_id for r in google.log if r.kind == "write"]
    assert sorted(str(w) for w in writes) == keys
    files = sorted(p.name for p in tmp_path.glob("history*.sqlite"))
    assert files == [f"history.shard-{i}-of-3.sqlite" for i in range(3)]


@pytest.mark.parametrize(
    ("option", "environ", "config_count", "expected"),
    [
        pytest.param(None, {}, None, Shard(0, 1), id="none"),
        pytest.param("2/5", {"CLOUD_RUN_TASK_INDEX": "1"}, None, Shard(2, 5), id="flag-wins"),
        pytest.param(
            None,
            {"CLOUD_RUN_TASK_INDEX": "3", "CLOUD_RUN_TASK_COUNT": "10"},
            None,
            Shard(3, 10),
            id="cloud-run",
        ),
        pytest.param(
            None,
            {"JOB_COMPLETION_INDEX": "1", "PMKIT_SHARD_COUNT": "4"},
            None,
            Shard(1, 4),
            id="kubernetes-env-count",
        ),
        pytest.param(None, {"JOB_COMPLETION_INDEX": "2"}, 3, Shard(2, 3), id="kubernetes-config"),
    ],
)
def test_resolve_shard(
    option: str | None, environ: dict[str, str], config_count: int | None, expected: Shard
) -> None:
    """--shard, Cloud Run's and Kubernetes' variables, in that order."""
    assert resolve_shard(option, environ, config_count) == expected


@pytest.mark.parametrize(
    ("option", "environ"),
    [
        pytest.param("4/4", {}, id="index-too-big"),
        pytest.param("a/b", {}, id="not-numbers"),
        pytest.param("0/0", {}, id="zero-count"),
        pytest.param(None, {"JOB_COMPLETION_INDEX": "0"}, id="kubernetes-without-count"),
    ],
)
def test_bad_shards_are_config_errors(option: str | None, environ: dict[str, str]) -> None:
    """A shard that cannot be used stops the run with one line."""
    with pytest.raises(ConfigError):
        resolve_shard(option, environ)


def test_history_database_per_shard() -> None:
    """SQLite files are per shard; a PostgreSQL URL is shared."""
    assert history_database("/h/history.sqlite", Shard(1, 4)) == "/h/history.shard-1-of-4.sqlite"
    assert history_database("/h/history.sqlite", Shard()) == "/h/history.sqlite"
    url = "postgresql://u@host/db"
    assert history_database(url, Shard(1, 4)) == url
