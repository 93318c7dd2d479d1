"""The fake Sheets API refuses what Google refuses, through the real client over HTTP.

The sync's tests are only as good as the fake is strict: a field Google does not have,
an enum value it does not know, a batch one of whose requests fails, a body over 10 MB or
a spreadsheet over 10 million cells must all be refused here as at Google.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from sheets_sync.errors import GoogleRequestError
from tests.sync.fake_google import FakeGoogle
from tests.sync.sample_plans import plan_tabs
from tests.sync.sync_support import sheets_client

KEY = "fakekey00001"


def _book(google: FakeGoogle) -> int:
    google.add_spreadsheet(KEY, "Plan book", plan_tabs(4))
    return google.spreadsheets[KEY].sheet_named("Plan").sheet_id


def _grid(sheet_id: int, rows: tuple[int, int], columns: tuple[int, int]) -> dict[str, int]:
    return {
        "sheetId": sheet_id,
        "startRowIndex": rows[0],
        "endRowIndex": rows[1],
        "startColumnIndex": columns[0],
        "endColumnIndex": columns[1],
    }


def _chart(sheet_id: int, chart_id: int | None = None) -> dict[str, Any]:
    column = {"sourceRange": {"sources": [_grid(sheet_id, (0, 5), (4, 5))]}}
    chart: dict[str, Any] = {
        "spec": {
            "title": "Durations",
            "basicChart": {
                "chartType": "LINE",
                "domains": [
                    {"domain": {"sourceRange": {"sources": [_grid(sheet_id, (0, 5), (0, 1))]}}}
                ],
                "series": [{"series": column, "targetAxis": "LEFT_AXIS"}],
            },
        },
        "position": {"overlayPosition": {"anchorCell": {"sheetId": sheet_id, "rowIndex": 1}}},
    }
    if chart_id is not None:
        chart["chartId"] = chart_id
    return chart


def _refused(google: FakeGoogle, requests: list[dict[str, Any]]) -> str:
    before = google.sheet_bytes(KEY, "Plan"), len(google.spreadsheets[KEY].sheets)
    with pytest.raises(GoogleRequestError) as refused:
        sheets_client(google).batch_update(KEY, requests)
    assert (google.sheet_bytes(KEY, "Plan"), len(google.spreadsheets[KEY].sheets)) == before
    return str(refused.value)


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        pytest.param(
            {
                "repeatCell": {
                    "range": {},
                    "cell": {"userEnteredFormat": {"colour": {}}},
                    "fields": "*",
                }
            },
            'Unknown name "colour"',
            id="unknown-field",
        ),
        pytest.param({"paintCells": {}}, 'Unknown name "paintCells"', id="unknown-request"),
        pytest.param(
            {
                "updateBorders": {
                    "range": {"sheetId": 0},
                    "left": {"style": "MEDIUM"},
                }
            },
            '"MEDIUM"',
            id="unknown-enum-value",
        ),
        pytest.param(
            {"updateSheetProperties": {"properties": {"sheetId": "x"}, "fields": "title"}},
            "TYPE_INT32",
            id="wrong-type",
        ),
    ],
)
def test_what_google_does_not_know_is_refused(
    google: FakeGoogle, request_: dict[str, Any], message: str
) -> None:
    """Field names, request kinds, enum values and types follow the discovery document."""
    _book(google)
    assert message in _refused(google, [request_])


def test_a_batch_applies_whole_or_not_at_all(google: FakeGoogle) -> None:
    """A good addSheet followed by an update of a chart that does not exist changes nothing."""
    _book(google)
    message = _refused(
        google,
        [
            {"addSheet": {"properties": {"title": "Extra"}}},
            {"updateChartSpec": {"chartId": 99, "spec": _chart(0)["spec"]}},
        ],
    )
    assert "No chart with id: 99" in message
    assert [s.title for s in google.spreadsheets[KEY].sheets].count("Extra") == 0


def test_a_body_over_ten_megabytes_is_refused(google: FakeGoogle) -> None:
    """Google refuses a request body over 10,485,760 bytes, whatever it holds."""
    plan_id = _book(google)
    text = "x" * 11_000_000
    request = {
        "updateCells": {
            "range": _grid(plan_id, (0, 1), (0, 1)),
            "rows": [{"values": [{"userEnteredValue": {"stringValue": text}}]}],
            "fields": "userEnteredValue",
        }
    }
    assert "Request payload size exceeds the limit: 10485760 bytes" in _refused(google, [request])


def test_a_spreadsheet_over_ten_million_cells_is_refused(google: FakeGoogle) -> None:
    """Adding a tab that takes the spreadsheet past 10 million cells is refused."""
    _book(google)
    grid = {"rowCount": 200_000, "columnCount": 50}
    message = _refused(google, [{"addSheet": {"properties": {"gridProperties": grid}}}])
    assert "above the limit of 10000000 cells" in message


def test_charts_and_marks_come_back_when_the_fields_mask_asks(google: FakeGoogle) -> None:
    """addChart and createDeveloperMetadata are kept and returned by spreadsheets.get,
    but only the fields asked for."""
    plan_id = _book(google)
    mark = {
        "metadataKey": "PMKIT_OUTPUT",
        "metadataValue": "Plan",
        "location": {"sheetId": plan_id},
        "visibility": "DOCUMENT",
    }
    client = sheets_client(google)
    replies = client.batch_update(
        KEY,
        [
            {"addChart": {"chart": _chart(plan_id, 4321)}},
            {"createDeveloperMetadata": {"developerMetadata": mark}},
        ],
    )["replies"]
    assert replies[0]["addChart"]["chart"]["chartId"] == 4321
    found = client.fetch_metadata(
        KEY, "sheets(properties(title),charts(chartId),developerMetadata)"
    )
    plan = next(s for s in found["sheets"] if s["properties"]["title"] == "Plan")
    assert plan["charts"] == [{"chartId": 4321}]
    assert plan["developerMetadata"][0]["metadataValue"] == "Plan"
    assert plan["developerMetadata"][0]["location"] == {"locationType": "SHEET", "sheetId": plan_id}
    bare = client.fetch_metadata(KEY, "sheets(properties(title))")
    assert all(set(sheet) == {"properties"} for sheet in bare["sheets"])


def test_a_field_mask_naming_no_field_is_refused(google: FakeGoogle) -> None:
    """A `fields` mask is checked against the Spreadsheet resource."""
    _book(google)
    with pytest.raises(GoogleRequestError, match="invalid argument"):
        sheets_client(google).fetch_metadata(KEY, "sheets(properties(title),graphs)")


def test_chart_updates_and_deletes_need_an_existing_chart(google: FakeGoogle) -> None:
    """updateChartSpec replaces a chart's spec in place; deleteEmbeddedObject removes it;
    a second chart with a taken id is refused."""
    plan_id = _book(google)
    client = sheets_client(google)
    client.batch_update(KEY, [{"addChart": {"chart": _chart(plan_id, 7)}}])
    assert "already exists" in _refused(google, [{"addChart": {"chart": _chart(plan_id, 7)}}])
    spec = _chart(plan_id)["spec"] | {"title": "Renamed"}
    client.batch_update(KEY, [{"updateChartSpec": {"chartId": 7, "spec": spec}}])
    charts = google.spreadsheets[KEY].sheet_named("Plan").charts
    assert [(c["chartId"], c["spec"]["title"]) for c in charts] == [(7, "Renamed")]
    client.batch_update(KEY, [{"deleteEmbeddedObject": {"objectId": 7}}])
    assert google.spreadsheets[KEY].sheet_named("Plan").charts == []
    assert "No object with id: 7" in _refused(google, [{"deleteEmbeddedObject": {"objectId": 7}}])


def test_banded_ranges_may_not_overlap(google: FakeGoogle) -> None:
    """addBanding keeps the banded range; a second one over the same cells is refused."""
    plan_id = _book(google)
    banding = {
        "bandedRange": {
            "range": _grid(plan_id, (0, 4), (0, 3)),
            "rowProperties": {"firstBandColorStyle": {"rgbColor": {"red": 1}}},
        }
    }
    sheets_client(google).batch_update(KEY, [{"addBanding": banding}])
    assert len(google.spreadsheets[KEY].sheet_named("Plan").banded_ranges) == 1
    assert "already has alternating colors" in _refused(google, [{"addBanding": banding}])


def test_merges_may_not_straddle_frozen_rows(google: FakeGoogle) -> None:
    """Google will not merge frozen and unfrozen rows, nor freeze half of a merge."""
    plan_id = _book(google)
    freeze = {
        "updateSheetProperties": {
            "properties": {"sheetId": plan_id, "gridProperties": {"frozenRowCount": 1}},
            "fields": "gridProperties.frozenRowCount",
        }
    }
    merge = {"mergeCells": {"range": _grid(plan_id, (0, 2), (0, 2)), "mergeType": "MERGE_ALL"}}
    assert "frozen and non-frozen rows" in _refused(google, [freeze, merge])
    assert "part of a merged cell" in _refused(google, [merge, freeze])


def _rows(sheet_id: int, start: int, end: int) -> dict[str, Any]:
    return {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": start, "endIndex": end}


def _row_groups(google: FakeGoogle) -> list[tuple[int, int, int]]:
    """The Plan tab's row groups as `spreadsheets.get` returns them: (start, end, depth)."""
    metadata = sheets_client(google).fetch_metadata(KEY, "sheets(properties(title),rowGroups)")
    (plan,) = [s for s in metadata["sheets"] if s["properties"]["title"] == "Plan"]
    return [
        (g["range"]["startIndex"], g["range"]["endIndex"], g["depth"])
        for g in plan.get("rowGroups", [])
    ]


def test_row_groups_nest_and_shrink_as_google_documents(google: FakeGoogle) -> None:
    """Google's own examples: C:D added inside B:E is a group of depth 2; deleting D:E
    then leaves B:D and C:C; groups that touch at one depth are one group."""
    plan_id = _book(google)
    client = sheets_client(google)
    client.batch_update(
        KEY,
        [
            {"addDimensionGroup": {"range": _rows(plan_id, 1, 5)}},
            {"addDimensionGroup": {"range": _rows(plan_id, 2, 4)}},
        ],
    )
    assert _row_groups(google) == [(1, 5, 1), (2, 4, 2)]
    client.batch_update(KEY, [{"deleteDimensionGroup": {"range": _rows(plan_id, 3, 5)}}])
    assert _row_groups(google) == [(1, 4, 1), (2, 3, 2)]
    client.batch_update(KEY, [{"addDimensionGroup": {"range": _rows(plan_id, 4, 6)}}])
    assert _row_groups(google) == [(1, 6, 1), (2, 3, 2)]


def test_collapsing_a_group_hides_its_rows_and_deleting_it_does_not_show_them(
    google: FakeGoogle,
) -> None:
    """A collapsed group's rows are hidden; once the group is deleted they stay hidden
    until `hiddenByUser` shows them (what the writer does on every run)."""
    plan_id = _book(google)
    client = sheets_client(google)
    group = {"range": _rows(plan_id, 2, 4), "depth": 1, "collapsed": True}
    client.batch_update(
        KEY,
        [
            {"addDimensionGroup": {"range": _rows(plan_id, 2, 4)}},
            {"updateDimensionGroup": {"dimensionGroup": group, "fields": "collapsed"}},
        ],
    )
    plan = google.spreadsheets[KEY].sheet_named("Plan")
    assert plan.hidden_indices["ROWS"] == {2, 3}
    client.batch_update(KEY, [{"deleteDimensionGroup": {"range": _rows(plan_id, 2, 4)}}])
    plan = google.spreadsheets[KEY].sheet_named("Plan")
    assert (_row_groups(google), plan.hidden_indices["ROWS"]) == ([], {2, 3})
    shown = {"range": _rows(plan_id, 0, 5), "properties": {"hiddenByUser": False}}
    client.batch_update(KEY, [{"updateDimensionProperties": {**shown, "fields": "hiddenByUser"}}])
    assert google.spreadsheets[KEY].sheet_named("Plan").hidden_indices["ROWS"] == set()


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        pytest.param(
            {"addDimensionGroup": {"range": {"sheetId": 0, "dimension": "ROW"}}},
            '"ROW"',
            id="unknown-dimension",
        ),
        pytest.param(
            {"addDimensionGroup": {"range": {"sheetId": 0, "startIndex": 1, "endIndex": 3}}},
            "dimension must be ROWS or COLUMNS",
            id="no-dimension",
        ),
        pytest.param(
            {"addDimensionGroup": {"range": _rows(0, 3, 3)}},
            "is empty or exceeds grid limits",
            id="empty-range",
        ),
        pytest.param(
            {
                "updateDimensionGroup": {
                    "dimensionGroup": {"range": _rows(0, 1, 3), "depth": 1, "collapsed": True},
                    "fields": "collapsed",
                }
            },
            "no group of depth 1",
            id="update-no-group",
        ),
        pytest.param(
            {
                "updateDimensionGroup": {
                    "dimensionGroup": {"range": _rows(0, 1, 3), "depth": 1, "collapse": True},
                    "fields": "collapsed",
                }
            },
            'Unknown name "collapse"',
            id="update-unknown-field",
        ),
        pytest.param(
            {"deleteDimensionGroup": {"range": _rows(0, 1, 3)}},
            "no group covers the whole range",
            id="delete-no-group",
        ),
    ],
)
def test_group_requests_google_would_refuse_are_refused(
    google: FakeGoogle, request_: dict[str, Any], message: str
) -> None:
    """Group requests name a real dimension, a range on the grid, and a group that exists."""
    plan_id = _book(google)
    body = json.loads(json.dumps(request_).replace('"sheetId": 0', f'"sheetId": {plan_id}'))
    assert message in _refused(google, [body])
