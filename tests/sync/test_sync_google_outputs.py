"""What a Google plan's owner sees: the Gantt, the trend chart, one look, pmkit's tabs only.

Every test runs the real job through gspread over HTTP against the fake Sheets API and
reads back what the fake stored: values, formats, charts, developer metadata.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from pmkit.engine.errors import WriteRefusedError
from pmkit.outputs import Tone, palette
from pmkit.outputs.gantt import AGREED_FINISH
from sheets_sync.evaluation import evaluate
from sheets_sync.job import Stage, SyncJob
from sheets_sync.sheets_looks import colour
from sheets_sync.sheets_plan import read_google_plan
from sheets_sync.sheets_writer import build_write
from tests.sync.fake_google import FakeGoogle
from tests.sync.fake_sheets import cell_from_python
from tests.sync.sample_plans import plan_tabs
from tests.sync.sync_support import TODAY, spreadsheet_plans, sync_config

KEY = "shopkey00001"
MONDAY = date(2026, 3, 2)
STATUS = date(2026, 3, 11)
HEADER: list[object] = [
    "ID",
    "Task",
    "Duration",
    "Predecessors",
    "% Complete",
    "Actual Start",
    "Actual Finish",
    "Status",
    "Baseline Start",
    "Baseline Finish",
    "Baseline Duration",
]


def _shop_plan() -> dict[str, list[list[object]]]:
    """Four tasks over two weeks, checked by hand (status date Wed 11 March 2026):

    1 Design  3 d, done 2-4 Mar                  baseline 2-4 Mar
    2 Build   4 d after 1, not started: 12-17 Mar  baseline 5-10 Mar   critical
    3 Docs    1 d after 1, not started: 12 Mar     baseline 5 Mar      3 days of float
    4 Launch  milestone after 2 and 3: 17 Mar      baseline 10 Mar
    """
    day = MONDAY
    return {
        "Plan": [
            HEADER,
            [1, "Design", 3, "", 1, day, day + timedelta(2), "Done", day, day + timedelta(2), 3],
            [2, "Build", 4, "1", 0, None, None, "", day + timedelta(3), day + timedelta(8), 4],
            [3, "Docs", 1, "1", 0, None, None, "", day + timedelta(3), day + timedelta(3), 1],
            [4, "Launch", 0, "2, 3", 0, None, None, "", day + timedelta(8), day + timedelta(8), 0],
        ],
        "Settings": [["Setting", "Value"], ["Project", "Shop"], ["Status Date", STATUS]],
    }


def _run(google: FakeGoogle, tmp_path: Path, *keys: str, today: date = TODAY) -> list[Any]:
    config = sync_config(google, tmp_path, spreadsheet_plans(*keys))
    return SyncJob(config, today=today).run()


def _fill(cell: dict[str, Any]) -> str | None:
    rgb = cell.get("userEnteredFormat", {}).get("backgroundColorStyle", {}).get("rgbColor")
    if rgb is None:
        return None
    return "".join(f"{round(rgb.get(c, 0) * 255):02X}" for c in ("red", "green", "blue"))


def _timeline(google: FakeGoogle, row: int, first: int = 5) -> dict[date, str]:
    """The filled days of one Gantt row: {day: fill colour}."""
    cells = google.cells(KEY, "Gantt")
    days = {}
    for (r, c), cell in cells.items():
        fill = _fill(cell)
        if r == row and c >= first and fill:
            days[MONDAY + timedelta(days=c - first)] = fill
    return days


def _days(first: int, last: int) -> list[date]:
    return [MONDAY + timedelta(days=n) for n in range(first, last + 1)]


def test_gantt_bars_land_in_their_days(google: FakeGoogle, tmp_path: Path) -> None:
    """A two-week plan gets a column per day from Monday 2 March (column F); each bar
    covers its days in the palette's colour: done grey, critical red, with float blue,
    the agreed bar light blue under each."""
    google.add_spreadsheet(KEY, "Shop", _shop_plan())
    (outcome,) = _run(google, tmp_path, KEY)
    assert outcome.stage is Stage.DONE, outcome.message
    fills = palette.TONE_FILLS
    done, critical = fills[Tone.BAR_DONE], fills[Tone.BAR_CRITICAL]
    bar, baseline = fills[Tone.BAR], fills[Tone.BAR_BASELINE]
    assert _timeline(google, 2) == dict.fromkeys(_days(0, 2), done)  # Design
    assert _timeline(google, 3) == dict.fromkeys(_days(0, 2), baseline)
    assert _timeline(google, 4) == dict.fromkeys(_days(10, 15), critical)  # Build, 12-17 Mar
    assert _timeline(google, 5) == dict.fromkeys(_days(3, 8), baseline)
    assert _timeline(google, 6) == dict.fromkeys(_days(10, 10), bar)  # Docs, 12 Mar
    assert _timeline(google, 7) == dict.fromkeys(_days(3, 3), baseline)
    assert _timeline(google, 8) == {}  # Launch: a diamond, not a bar
    assert _timeline(google, 9) == {}  # its agreed day: a light diamond, not a bar
    values = google.values(KEY, "Gantt")
    assert values[1][5:7] == [46083, 46084]  # 2 and 3 March as dates
    assert values[2][:3] == ["1", "Design", "Forecast"]
    assert values[3][2] == "Baseline"


def test_gantt_milestone_critical_done_and_status_day(google: FakeGoogle, tmp_path: Path) -> None:
    """The milestone is a ◆ on its day, a light one on its agreed day; the critical task's
    ID is bold; the status day's header is red and a red line runs down its column; task
    columns and header rows stay put while scrolling."""
    google.add_spreadsheet(KEY, "Shop", _shop_plan())
    _run(google, tmp_path, KEY)
    cells = google.cells(KEY, "Gantt")
    launch = 5 + (date(2026, 3, 17) - MONDAY).days
    assert cells[(8, launch)]["userEnteredValue"] == {"stringValue": "◆"}
    assert cells[(8, launch)]["userEnteredFormat"]["horizontalAlignment"] == "CENTER"
    agreed = 5 + (date(2026, 3, 10) - MONDAY).days
    assert cells[(9, agreed)]["userEnteredValue"] == {"stringValue": "◆"}
    text = cells[(9, agreed)]["userEnteredFormat"]["textFormat"]
    assert text["foregroundColorStyle"] == colour(palette.TONE_FONTS[Tone.MILESTONE_BASELINE])
    assert cells[(4, 0)]["userEnteredFormat"]["textFormat"]["bold"] is True  # Build: critical
    assert "bold" not in cells[(6, 0)]["userEnteredFormat"]["textFormat"]  # Docs: has float
    status = 5 + (STATUS - MONDAY).days
    assert _fill(cells[(1, status)]) == palette.STATUS_LINE
    line = {"style": "SOLID_MEDIUM", "colorStyle": colour(palette.STATUS_LINE)}
    for row in range(1, 10):
        borders = cells[(row, status)]["userEnteredFormat"]["borders"]
        assert borders["left"] == borders["right"] == line
    assert "borders" not in cells[(4, status + 1)].get("userEnteredFormat", {})
    grid = google.spreadsheets[KEY].sheet_named("Gantt").properties()["gridProperties"]
    assert (grid["frozenRowCount"], grid["frozenColumnCount"]) == (2, 5)
    title = google.values(KEY, "Gantt")[0][0]
    assert "one column per day" in title
    assert "11 Mar 2026" in title


def test_an_agreed_finish_alone_is_marked_on_its_day(google: FakeGoogle, tmp_path: Path) -> None:
    """Build's Baseline Start and Baseline Duration left blank: its agreed row marks the
    agreed finish alone (▐ in the agreed milestone's colour, 10 March), no bar made up,
    and the title says what ▐ means."""
    tabs = _shop_plan()
    build = tabs["Plan"][2]
    build[8] = build[10] = None
    google.add_spreadsheet(KEY, "Shop", tabs)
    _run(google, tmp_path, KEY)
    assert _timeline(google, 5) == {}  # no bar
    cells = google.cells(KEY, "Gantt")
    marked = {
        c: cell["userEnteredValue"]["stringValue"]
        for (r, c), cell in cells.items()
        if r == 5 and c >= 5 and "userEnteredValue" in cell
    }
    agreed = 5 + (date(2026, 3, 10) - MONDAY).days
    assert marked == {agreed: AGREED_FINISH}
    text = cells[(5, agreed)]["userEnteredFormat"]["textFormat"]
    assert text["foregroundColorStyle"] == colour(palette.TONE_FONTS[Tone.MILESTONE_BASELINE])
    assert f"{AGREED_FINISH} an agreed finish only" in google.values(KEY, "Gantt")[0][0]


def test_schedule_columns_never_touch_on_google(google: FakeGoogle, tmp_path: Path) -> None:
    """Google has no indent: text carries padding on its left and figures are centred,
    as in the report, so `100%` and `Done` stay apart; Google has no print setup."""
    google.add_spreadsheet(KEY, "Shop", _shop_plan())
    _run(google, tmp_path, KEY)
    cells = google.cells(KEY, "Schedule")
    header = google.values(KEY, "Schedule")[0]
    percent, status = header.index("% Complete"), header.index("Status")
    done = cells[(1, status)]["userEnteredFormat"]
    assert (done["horizontalAlignment"], done["padding"]["left"]) == ("LEFT", 12)
    assert cells[(1, percent)]["userEnteredFormat"]["horizontalAlignment"] == "CENTER"


def test_the_summarys_figures_line_up_on_the_right(google: FakeGoogle, tmp_path: Path) -> None:
    """The Summary's Value column — the status, slip in days, dates, a share, the words
    standing in for money the plan has none of — and its header sit on the right with a
    step of padding, as the report's and Excel's do (Google has no indent)."""
    google.add_spreadsheet(KEY, "Shop", _shop_plan())
    _run(google, tmp_path, KEY)
    values = google.values(KEY, "Summary")
    cells = google.cells(KEY, "Summary")
    labels = {
        "Value": str,
        "Status": str,
        "Slip (working days)": int,
        "Forecast finish": int,  # a date: a serial number
        "Planned value (PV)": str,  # "no budget"
        "Scope creep threshold": float,
    }
    seen = set()
    for r, row in enumerate(values):
        label = "Value" if row[1:2] == ["Value"] else row[0] if row else None
        if label not in labels:
            continue
        seen.add(label)
        assert isinstance(values[r][1], labels[label]), (label, values[r][1])
        look = cells[(r, 1)]["userEnteredFormat"]
        assert (look["horizontalAlignment"], look["padding"]["right"]) == ("RIGHT", 12), label
    assert seen == set(labels)


def test_one_batch_of_three_calls_draws_the_gantt_and_the_chart(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Metadata, one batchGet, one batchUpdate: the Gantt and the History chart included."""
    google.add_spreadsheet(KEY, "Shop", _shop_plan())
    _run(google, tmp_path, KEY)
    calls = [(r.method, r.path.rsplit("/", 1)[-1]) for r in google.calls_for(KEY)]
    assert calls == [("GET", KEY), ("GET", "values:batchGet"), ("POST", f"{KEY}:batchUpdate")]
    book = google.spreadsheets[KEY]
    assert [s.title for s in book.sheets][-5:] == [
        "Summary",
        "Schedule",
        "Flags",
        "Gantt",
        "History",
    ]
    assert len(book.sheet_named("History").charts) == 1


def _chart(google: FakeGoogle) -> dict[str, Any]:
    (chart,) = google.spreadsheets[KEY].sheet_named("History").charts
    return chart


def test_the_trend_chart_is_added_once_and_updated_in_place(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """A second run the same night changes nothing; the next night the one chart grows by
    a row (updateChartSpec), and no second chart appears."""
    google.add_spreadsheet(KEY, "Shop", plan_tabs(8))
    _run(google, tmp_path, KEY)
    first = _chart(google)
    tabs = {s.title: google.sheet_bytes(KEY, s.title) for s in google.spreadsheets[KEY].sheets}
    _run(google, tmp_path, KEY)
    assert {
        s.title: google.sheet_bytes(KEY, s.title) for s in google.spreadsheets[KEY].sheets
    } == tabs
    _run(google, tmp_path, KEY, today=TODAY + timedelta(days=1))
    second = _chart(google)
    assert second["chartId"] == first["chartId"]
    assert second["position"] == first["position"]

    def last_row(chart: dict[str, Any]) -> int:
        series = chart["spec"]["basicChart"]["series"][0]["series"]
        return int(series["sourceRange"]["sources"][0]["endRowIndex"])

    assert last_row(second) == last_row(first) + 1
    assert len(google.values(KEY, "History")) == 5  # title, note, header, two nights
    kinds = [next(iter(r)) for r in google.spreadsheets[KEY].sheet_named("History").charts]
    assert kinds == ["chartId"]


def test_the_chart_shows_slip_and_spi_and_cpi_when_known(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Slip on the left axis; SPI and CPI (the sample plan has costs) on the right one."""
    google.add_spreadsheet(KEY, "Shop", plan_tabs(8))
    _run(google, tmp_path, KEY)
    basic = _chart(google)["spec"]["basicChart"]
    history = google.values(KEY, "History")
    named = [
        history[2][s["series"]["sourceRange"]["sources"][0]["startColumnIndex"]]
        for s in basic["series"]
    ]
    assert named == ["Slip (working days)", "SPI", "CPI"]
    assert [s["targetAxis"] for s in basic["series"]] == ["LEFT_AXIS", "RIGHT_AXIS", "RIGHT_AXIS"]
    # each night a point: a night between two whose slip was unknown still shows
    assert all(s["pointStyle"]["shape"] == "CIRCLE" for s in basic["series"])


def test_a_deleted_chart_is_drawn_again_and_recorded(google: FakeGoogle, tmp_path: Path) -> None:
    """When the owner deleted the chart, the next run adds one and records its new id."""
    google.add_spreadsheet(KEY, "Shop", plan_tabs(8))
    _run(google, tmp_path, KEY)
    google.spreadsheets[KEY].sheet_named("History").charts.clear()
    _run(google, tmp_path, KEY, today=TODAY + timedelta(days=1))
    chart = _chart(google)
    marks = {
        m["metadataKey"]: m["metadataValue"]
        for m in google.spreadsheets[KEY].sheet_named("History").developer_metadata
    }
    assert marks == {"PMKIT_OUTPUT": "History", "PMKIT_CHART": str(chart["chartId"])}


def _summary_status_date(google: FakeGoogle) -> int:
    rows = google.values(KEY, "Summary")
    return int(next(row[1] for row in rows if row and row[0] == "Status date"))


def test_the_gantt_is_never_older_than_the_summary(google: FakeGoogle, tmp_path: Path) -> None:
    """When the status date moves, the Summary and the Gantt's status-date line move
    together, in the same write."""
    google.add_spreadsheet(KEY, "Shop", _shop_plan())
    _run(google, tmp_path, KEY)
    later = date(2026, 3, 16)
    settings = google.spreadsheets[KEY].sheet_named("Settings")
    settings.cells[(2, 1)] = cell_from_python(later)
    _run(google, tmp_path, KEY, today=later)
    serial = (later - date(1899, 12, 30)).days
    assert _summary_status_date(google) == serial
    gantt = google.spreadsheets[KEY].sheet_named("Gantt")
    marked = [
        c for (r, c), cell in gantt.cells.items() if r == 1 and _fill(cell) == palette.STATUS_LINE
    ]
    assert [google.values(KEY, "Gantt")[1][c] for c in marked] == [serial]
    assert "16 Mar 2026" in google.values(KEY, "Gantt")[0][0]


def test_an_owners_own_tab_is_never_replaced(google: FakeGoogle, tmp_path: Path) -> None:
    """A tab of the owner's called Gantt: that plan is refused, untouched, with a sentence
    saying what to rename; the other plan syncs."""
    tabs = plan_tabs(6)
    tabs["Gantt"] = [["Week 1", "Week 2"], ["Paint", "Paint"]]
    google.add_spreadsheet(KEY, "Shop", tabs)
    google.add_spreadsheet("otherkey0001", "Other", plan_tabs(6))
    before = {s.title: google.sheet_bytes(KEY, s.title) for s in google.spreadsheets[KEY].sheets}
    outcomes = {o.name: o for o in _run(google, tmp_path, KEY, "otherkey0001")}
    refused = outcomes[KEY]
    assert refused.stage is Stage.REFUSED
    assert refused.failed
    assert "its own sheet 'Gantt'" in str(refused.message)
    assert "Rename your sheet (for example to 'My Gantt')" in str(refused.message)
    assert outcomes["otherkey0001"].stage is Stage.DONE
    after = {s.title: google.sheet_bytes(KEY, s.title) for s in google.spreadsheets[KEY].sheets}
    assert after == before
    assert [r.method for r in google.calls_for(KEY)] == ["GET", "GET"]


def test_owner_objects_on_input_tabs_are_untouched(google: FakeGoogle, tmp_path: Path) -> None:
    """Charts, filters, protected ranges, conditional formats, banding and merges the owner
    made on the Plan tab, and a chart on a tab of their own, survive every run."""
    google.add_spreadsheet(KEY, "Shop", plan_tabs(6))
    book = google.spreadsheets[KEY]
    plan = book.sheet_named("Plan")
    area = {
        "sheetId": plan.sheet_id,
        "startRowIndex": 0,
        "endRowIndex": 7,
        "startColumnIndex": 0,
        "endColumnIndex": 5,
    }
    plan.charts.append(
        {
            "chartId": 77,
            "spec": {"title": "Mine"},
            "position": {"overlayPosition": {"anchorCell": {"sheetId": plan.sheet_id}}},
        }
    )
    plan.basic_filter = {"range": area}
    plan.protected_ranges.append({"protectedRangeId": 5, "range": area, "description": "Locked"})
    plan.conditional_formats.append(
        {"ranges": [area], "booleanRule": {"condition": {"type": "NOT_BLANK"}}}
    )
    plan.banded_ranges.append({"bandedRangeId": 9, "range": area, "rowProperties": {}})
    plan.merges.append(area | {"startRowIndex": 8, "endRowIndex": 9})
    own = book.add_sheet("Dashboard", [["My numbers"]])
    own.charts.append({"chartId": 78, "spec": {"title": "Mine too"}})
    before = {title: google.sheet_bytes(KEY, title) for title in ("Plan", "Dashboard")}
    _run(google, tmp_path, KEY)
    _run(google, tmp_path, KEY, today=TODAY + timedelta(days=1))
    assert {title: google.sheet_bytes(KEY, title) for title in ("Plan", "Dashboard")} == before


def test_formats_travel_as_rectangles_not_per_cell(google: FakeGoogle, tmp_path: Path) -> None:
    """Values carry no formats (links aside): formats go in repeatCell rectangles, each
    covering many cells, so the batch grows with the plan's rows, not its cells."""
    google.add_spreadsheet(KEY, "Shop", plan_tabs(40))
    _run(google, tmp_path, KEY)
    config = sync_config(google, tmp_path, spreadsheet_plans(KEY))
    read = read_google_plan(SyncJob(config, today=TODAY).client(), KEY, today=TODAY)
    evaluation = evaluate(read.plan, config.plans[0], f"sheets:{KEY}", None, TODAY)
    write = build_write(read.info, evaluation.sheets, evaluation.analysis)
    repeat = [r["repeatCell"] for r in write.requests if "repeatCell" in r]
    covered = sum(
        (g["endRowIndex"] - g["startRowIndex"]) * (g["endColumnIndex"] - g["startColumnIndex"])
        for g in (r["range"] for r in repeat)
    )
    assert covered > 10 * len(repeat)
    for request in write.requests:
        for row in request.get("updateCells", {}).get("rows", []):
            for value in row.get("values", []):
                assert set(value.get("userEnteredFormat", {})) <= {"textFormat"}


def _read_and_evaluate(google: FakeGoogle, tmp_path: Path) -> tuple[Any, Any]:
    config = sync_config(google, tmp_path, spreadsheet_plans(KEY))
    read = read_google_plan(SyncJob(config, today=TODAY).client(), KEY, today=TODAY)
    return read, evaluate(read.plan, config.plans[0], f"sheets:{KEY}", None, TODAY)


def _gantt_note(write: Any) -> str:
    gantt_id = next(
        r["addSheet"]["properties"]["sheetId"]
        for r in write.requests
        if r.get("addSheet", {}).get("properties", {}).get("title") == "Gantt"
    )
    (cells,) = [
        r["updateCells"]
        for r in write.requests
        if r.get("updateCells", {}).get("range", {}).get("sheetId") == gantt_id
    ]
    texts: list[str] = [
        v.get("userEnteredValue", {}).get("stringValue", "")
        for row in cells["rows"]
        for v in row.get("values", [])
    ]
    return next(text for text in texts if text.startswith("Showing the first"))


def test_a_gantt_too_large_for_one_write_draws_fewer_tasks_and_says_why(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """When the batch would pass the size pmkit allows itself, the Gantt draws the first
    tasks that fit and says why; the smaller batch is one Google accepts."""
    google.add_spreadsheet(KEY, "Shop", plan_tabs(60))
    read, evaluation = _read_and_evaluate(google, tmp_path)
    full = build_write(read.info, evaluation.sheets, evaluation.analysis)
    assert full.gantt_tasks == 60
    budget = len(full.body) - 8_000
    write = build_write(read.info, evaluation.sheets, evaluation.analysis, budget_bytes=budget)
    assert 0 < write.gantt_tasks < 60
    assert len(write.body) <= budget
    note = _gantt_note(write)
    assert f"Showing the first {write.gantt_tasks} of 60 tasks" in note
    assert "Google Sheets takes at most 10 MB in one write" in note
    SyncJob(
        sync_config(google, tmp_path, spreadsheet_plans(KEY)), today=TODAY
    ).client().batch_update(KEY, write.body)
    assert google.values(KEY, "Gantt")[-1][0] == note


def test_a_full_spreadsheet_gets_a_smaller_gantt(google: FakeGoogle, tmp_path: Path) -> None:
    """A spreadsheet whose own tabs leave too few of Google's 10 million cells: the Gantt
    shrinks to fit, says so, and the run succeeds."""
    google.add_spreadsheet(KEY, "Shop", plan_tabs(60))
    read, evaluation = _read_and_evaluate(google, tmp_path)
    full = build_write(read.info, evaluation.sheets, evaluation.analysis)
    data = google.spreadsheets[KEY].add_sheet("Data")
    data.column_count = 100
    data.row_count = (10_000_000 - full.spreadsheet_cells) // 100 + 10
    (outcome,) = _run(google, tmp_path, KEY)
    assert outcome.stage is Stage.DONE, outcome.message
    notes = [
        row[0] for row in google.values(KEY, "Gantt") if row and str(row[0]).startswith("Showing")
    ]
    assert len(notes) == 1
    assert "10 million cells in one spreadsheet" in notes[0]
    book = google.spreadsheets[KEY]
    assert sum(s.row_count * s.column_count for s in book.sheets) <= 10_000_000


def test_a_plan_too_large_even_without_bars_is_refused(google: FakeGoogle, tmp_path: Path) -> None:
    """When even a Gantt without bars would not fit, nothing is written and the message
    says why and what to do."""
    google.add_spreadsheet(KEY, "Shop", plan_tabs(20))
    read, evaluation = _read_and_evaluate(google, tmp_path)
    with pytest.raises(WriteRefusedError, match="was not changed: its output tabs need"):
        build_write(read.info, evaluation.sheets, evaluation.analysis, budget_bytes=20_000)


def test_a_finished_plans_review_shows_the_history_it_has(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """A Google plan has no History sheet to read — its History tab is pmkit's, from the
    history database — so the close-out review takes the forecast's course from there:
    on the second night it lists the first night, never "No History sheet"."""
    tabs = _shop_plan()
    for row in tabs["Plan"][1:]:
        start, finish = row[8], row[9]
        row[4:8] = [1, start, finish, "Done"]
    google.add_spreadsheet(KEY, "Shop", tabs)
    _run(google, tmp_path, KEY)
    _run(google, tmp_path, KEY, today=TODAY + timedelta(days=3))
    summary = [row[0] for row in google.values(KEY, "Summary", "FORMATTED_VALUE") if row]
    assert summary[0] == "Shop: close-out review"
    moved = summary.index("How the forecast moved")
    assert summary[moved + 1 : moved + 3] == ["Run date", f"{TODAY.month}/{TODAY.day}/{TODAY.year}"]
    assert not any(str(text).startswith("No History sheet") for text in summary)


def test_google_dates_arrive_as_serials_and_read_without_a_note_but_a_year_is_no_date(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Google hands every date over as a serial number, format unknown: the shop plan's
    dates read as they are, with no note; a Deadline typed as 2026 is a bad-date error at
    its cell, not Tue 18 Jul 1905."""
    tabs = _shop_plan()
    tabs["Plan"] = [[*row, "Deadline" if at == 0 else None] for at, row in enumerate(tabs["Plan"])]
    tabs["Plan"][2][-1] = 2026
    tabs["Plan"][4][-1] = MONDAY + timedelta(10)
    google.add_spreadsheet(KEY, "Shop", tabs)
    read, _ = _read_and_evaluate(google, tmp_path)
    design, build, _, launch = read.plan.tasks
    assert design.actual_start == MONDAY
    assert launch.deadline == MONDAY + timedelta(10)
    assert read.plan.settings.status_date == STATUS
    assert build.deadline is None
    dates = [i for i in read.plan.issues if i.code in ("bad-date", "date-from-number")]
    assert [(i.code, str(i.location)) for i in dates] == [("bad-date", "Plan!L3")]
    assert "2026 is a number, not a date" in dates[0].message
