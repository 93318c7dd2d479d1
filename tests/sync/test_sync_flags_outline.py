"""A Google plan's Flags tab opens each grouped finding to its details, as Excel does: a
row group over the details, collapsed, its +/- control on the finding's own row.

The real job runs through gspread over HTTP against the fake Sheets API, which checks
every group request against the discovery document and keeps groups as Google does
(`tests/sync/fake_groups.py`); the tests read back what it stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import pmkit
from pmkit.outputs import OutputSheet, build_flags_sheet
from sheets_sync.job import Stage, SyncJob
from sheets_sync.sheets_plan import read_google_plan
from tests.sync.fake_google import FakeGoogle
from tests.sync.fake_tab import FakeSheet
from tests.sync.sample_plans import plan_tabs
from tests.sync.sync_support import TODAY, sheets_client, spreadsheet_plans, sync_config

KEY = "outlinekey01"


def _night(google: FakeGoogle, tmp_path: Path) -> None:
    config = sync_config(google, tmp_path, spreadsheet_plans(KEY))
    (outcome,) = SyncJob(config, today=TODAY).run()
    assert outcome.stage is Stage.DONE, outcome.message


def _flags(google: FakeGoogle) -> OutputSheet:
    """The Flags sheet the job builds for the plan as it stands in the fake."""
    plan = read_google_plan(sheets_client(google), KEY, today=TODAY).plan
    return build_flags_sheet(pmkit.analyze(plan))


def _tab(google: FakeGoogle) -> FakeSheet:
    return google.spreadsheets[KEY].sheet_named("Flags")


def _groups(tab: FakeSheet) -> list[tuple[int, int, int, bool]]:
    """The tab's row groups as Google returns them: (start, end, depth, collapsed)."""
    return [
        (
            group["range"]["startIndex"],
            group["range"]["endIndex"],
            group["depth"],
            group.get("collapsed", False),
        )
        for group in tab.resource().get("rowGroups", [])
    ]


def _expected(sheet: OutputSheet) -> list[tuple[int, int, int, bool]]:
    # 1-based inclusive rows → Google's 0-based, end-exclusive indices, depth 1, collapsed
    return [(first - 1, last, 1, True) for first, last in sheet.outline_groups()]


@pytest.fixture
def google_plan(google: FakeGoogle) -> FakeGoogle:
    google.add_spreadsheet(KEY, "Website relaunch", plan_tabs(12))
    return google


def test_the_flags_tab_collapses_each_findings_details_under_it(
    google_plan: FakeGoogle, tmp_path: Path
) -> None:
    """One collapsed group per run of detail rows, only those rows hidden, the control on
    the row above each group."""
    _night(google_plan, tmp_path)
    flags = _flags(google_plan)
    assert flags.outline_groups()
    tab = _tab(google_plan)
    assert _groups(tab) == _expected(flags)
    details = {r - 1 for first, last in flags.outline_groups() for r in range(first, last + 1)}
    assert tab.hidden_indices["ROWS"] == details
    assert tab.row_group_control_after is False
    assert all(
        str(tab.cells[(r, 4)]["userEnteredValue"]["stringValue"])[:2] == "↳ " for r in details
    )


def test_the_next_night_replaces_last_nights_groups(
    google_plan: FakeGoogle, tmp_path: Path
) -> None:
    """Groups, hidden rows and the control's side left from before (here: nested groups,
    a hand-hidden row, the control moved after) are gone; exactly tonight's are there."""
    _night(google_plan, tmp_path)
    tab = _tab(google_plan)
    sheet_id = tab.sheet_id
    span = {"sheetId": sheet_id, "dimension": "ROWS"}
    # nested groups, a group over rows that are no finding's details, a row hidden by
    # hand (none of them among tonight's details), the control moved after the group
    stale: list[dict[str, Any]] = [
        {"addDimensionGroup": {"range": {**span, "startIndex": 1, "endIndex": 6}}},
        {"addDimensionGroup": {"range": {**span, "startIndex": 2, "endIndex": 4}}},
        {"addDimensionGroup": {"range": {**span, "startIndex": 29, "endIndex": 31}}},
        {
            "updateDimensionProperties": {
                "range": {**span, "startIndex": 22, "endIndex": 23},
                "properties": {"hiddenByUser": True},
                "fields": "hiddenByUser",
            }
        },
        {
            "updateSheetProperties": {
                "properties": {
                    "sheetId": sheet_id,
                    "gridProperties": {"rowGroupControlAfter": True},
                },
                "fields": "gridProperties.rowGroupControlAfter",
            }
        },
    ]
    client = sheets_client(google_plan)
    client.batch_update(KEY, stale)
    collapse = [
        {
            "updateDimensionGroup": {
                "dimensionGroup": {
                    "range": {**span, "startIndex": start, "endIndex": end},
                    "depth": depth,
                    "collapsed": True,
                },
                "fields": "collapsed",
            }
        }
        for start, end, depth, _ in _groups(_tab(google_plan))
    ]
    client.batch_update(KEY, collapse)
    assert max(depth for _, _, depth, _ in _groups(_tab(google_plan))) >= 2
    assert {22, 29, 30} <= _tab(google_plan).hidden_indices["ROWS"]
    assert len(_groups(_tab(google_plan))) > len(_expected(_flags(google_plan)))
    _night(google_plan, tmp_path)
    flags = _flags(google_plan)
    tab = _tab(google_plan)
    assert _groups(tab) == _expected(flags)
    details = {r - 1 for first, last in flags.outline_groups() for r in range(first, last + 1)}
    assert tab.hidden_indices["ROWS"] == details
    assert tab.row_group_control_after is False
