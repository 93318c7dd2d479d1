"""The portfolio's sheets into a Google spreadsheet or a local workbook, by the plans' rules.

**Google**: at most three calls, whatever the number of plans — the metadata (which tabs
exist, pmkit's marks), the first two rows of any unmarked tab named `Portfolio` or
`People` (only when there is one), and one `batchUpdate` built by the plans' own writer
(`sheets_writer.build_write`): typed cells, pmkit's mark on each tab, links as Google's
own hyperlinks. A tab of the owner's with one of those names is never replaced: the
portfolio is refused, naming the tab (`sheets_writer.claim_output_tabs`, the plans' rule).

**A local workbook** goes through the report's safe writer: a new file is created
atomically (never over one that appeared meanwhile); an existing one is written in place
as a plan is — only the sheets pmkit wrote are replaced, the owner's own sheets stay, the
file is backed up first (`portfolio.bak.xlsx`) and left alone if someone saved it during
the run or has it open in Excel.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pmkit.frontend import OutputSheet, write_workbook
from sheets_sync.errors import AmbiguousWriteError, GoogleRequestError
from sheets_sync.folders import check_not_locked
from sheets_sync.google_client import SheetsClient
from sheets_sync.sheets_plan import SpreadsheetInfo, parse_metadata, quote_sheet
from sheets_sync.sheets_writer import build_write, claim_output_tabs

__all__ = ["write_google_portfolio", "write_local_portfolio"]

log = logging.getLogger("sheets_sync")


def write_google_portfolio(client: SheetsClient, key: str, sheets: Sequence[OutputSheet]) -> None:
    """Write `sheets` into spreadsheet `key` (refused when a tab of theirs has the name)."""
    info = parse_metadata(key, client.fetch_metadata(key))
    first_rows = _first_rows(client, info, sheets)
    written = _claim(info, first_rows, sheets)
    try:
        client.batch_update(key, build_write(info, written).body)
    except (AmbiguousWriteError, GoogleRequestError) as exc:
        # As for a plan: the write may have applied, or a tab it adds appeared meanwhile
        # (another shard's portfolio step); look again and write once more.
        if isinstance(exc, GoogleRequestError) and "already exists" not in str(exc):
            raise
        log.warning("portfolio %s: %s; checking the tabs and writing again", key, exc)
        fresh = parse_metadata(key, client.fetch_metadata(key))
        client.batch_update(key, build_write(fresh, _claim(fresh, first_rows, sheets)).body)


def _first_rows(
    client: SheetsClient, info: SpreadsheetInfo, sheets: Sequence[OutputSheet]
) -> dict[str, list[list[Any]]]:
    """The first two rows of each unmarked tab named like a portfolio sheet (one call,
    made only when there is such a tab): an empty one may be taken, any other is theirs."""
    unmarked = [
        tab for sheet in sheets if (tab := info.find(sheet.name)) is not None and not tab.marker
    ]
    if not unmarked:
        return {}
    found = client.batch_get(info.key, [f"{quote_sheet(tab.title)}!A1:Z2" for tab in unmarked])
    return {
        tab.title: list(value_range.get("values", []))
        for tab, value_range in zip(unmarked, found, strict=False)
    }


def _claim(
    info: SpreadsheetInfo, first_rows: dict[str, list[list[Any]]], sheets: Sequence[OutputSheet]
) -> list[OutputSheet]:
    described = f"the portfolio spreadsheet '{info.title}'"
    return claim_output_tabs(info, first_rows, sheets, described=described)


def write_local_portfolio(path: Path, sheets: Sequence[OutputSheet]) -> Path:
    """Write `sheets` into the workbook at `path` (created when missing); its path."""
    if os.path.lexists(path):
        check_not_locked(path)
    return write_workbook(
        path, sheets, advice="Move it aside and the next run writes a new portfolio there"
    )
