"""`pmkit sync`: the nightly job on the command line.

    pmkit sync --config FILE [--dry-run] [--only NAME] [--shard INDEX/COUNT]
    pmkit sync --config FILE --portfolio-only

Plugged into `pmkit` through the `pmkit.commands` entry point. Shows a progress bar
per plan on a terminal (one log line per plan otherwise), ends with a table of plans
(and a line on the portfolio), and exits 1 when any plan or the portfolio failed.
Config problems stop the run with one line (exit 2); so does `--portfolio-only` when the
portfolio is refused (its one file, left as it was).
"""

from __future__ import annotations

import argparse
import os
from importlib.util import find_spec

__all__ = ["DEFAULT_CONFIG", "register", "run_sync"]

DEFAULT_CONFIG = "~/.config/pmkit/sync.toml"
# What the `sync` extra installs, checked by name when the command is registered: finding
# a module is cheap, importing the Google client and SQLAlchemy takes about a second, and
# every `pmkit` command registers `sync` (`pmkit.cli.build_parser`).
_EXTRA_MODULES = ("gspread", "googleapiclient", "sqlalchemy")


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `pmkit sync`; raise ModuleNotFoundError when the sync extra is not installed
    (`pmkit` then shows how to install it)."""
    for name in _EXTRA_MODULES:
        if find_spec(name) is None:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    sub = subcommands.add_parser(
        "sync",
        help="the nightly job: validate and report every configured plan, keep a history",
        description=(
            "Read each configured plan (Google Sheets, Drive folders, local folders of "
            ".xlsx), write its Schedule, Flags, Summary and History sheets, and record "
            "the night's figures in the history database."
        ),
    )
    sub.add_argument(
        "--config",
        metavar="FILE",
        default=os.environ.get("PMKIT_SYNC_CONFIG", DEFAULT_CONFIG),
        help=f"the TOML config (default: $PMKIT_SYNC_CONFIG or {DEFAULT_CONFIG})",
    )
    sub.add_argument(
        "--dry-run",
        action="store_true",
        help="read and check every plan, write nothing (no sheets, no history)",
    )
    sub.add_argument("--only", metavar="NAME", help="sync only the plan with this name")
    sub.add_argument(
        "--shard",
        metavar="INDEX/COUNT",
        help="sync only this worker's share, e.g. 0/4 (0-based); "
        "Cloud Run and Kubernetes indexed jobs set it from their environment",
    )
    sub.add_argument(
        "--portfolio-only",
        action="store_true",
        help="write only the portfolio, from the history (the final step after shards)",
    )
    sub.set_defaults(run=run_sync, styled_output=True)  # drawn by rich (progress bars)


def run_sync(args: argparse.Namespace) -> int:
    """Run the nightly job with `args` (`sheets_sync.terminal`, imported only now)."""
    from sheets_sync.terminal import run_sync as run

    return run(args)
