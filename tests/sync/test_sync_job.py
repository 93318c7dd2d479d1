"""The nightly job end to end: the real gspread client against the fake Google over HTTP."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path

import pytest

from pmkit.engine.schema import OUTPUT_SHEETS
from pmkit.outputs.schedule import SCHEDULE_COLUMNS
from sheets_sync.history import History
from sheets_sync.job import Stage, SyncJob
from tests.sync.fake_google import FakeGoogle, Fault
from tests.sync.sample_plans import plan_tabs
from tests.sync.sync_support import TODAY, record_green_nights, spreadsheet_plans, sync_config

IMPORTXML = '=IMPORTXML("http://x","//a")'
INPUTS = ("Plan", "Settings", "Changes", "Risks", "Charter")
OUTPUTS = OUTPUT_SHEETS  # the sample tasks have owners: Workload too


def _seed(google: FakeGoogle, *keys: str, tasks: int = 8) -> None:
    for key in keys:
        google.add_spreadsheet(key, f"Book {key}", plan_tabs(tasks, first_name=IMPORTXML))


def _run(
    google: FakeGoogle, tmp_path: Path, *keys: str, timeout: float = 20, **options: object
) -> list:  # type: ignore[type-arg]
    config = sync_config(google, tmp_path, spreadsheet_plans(*keys), read_timeout_seconds=timeout)
    return SyncJob(config, today=TODAY, **options).run()  # type: ignore[arg-type]


def _all_tabs(google: FakeGoogle, key: str) -> dict[str, bytes]:
    book = google.spreadsheets[key]
    return {sheet.title: google.sheet_bytes(key, sheet.title) for sheet in book.sheets}


@pytest.mark.parametrize("tasks", [pytest.param(5, id="small"), pytest.param(300, id="large")])
def test_at_most_three_calls_per_plan(google: FakeGoogle, tmp_path: Path, tasks: int) -> None:
    """Metadata, one batchGet and one batchUpdate per plan, whatever its size."""
    keys = [f"plankey{n:05d}" for n in range(3)]
    _seed(google, *keys, tasks=tasks)
    outcomes = _run(google, tmp_path, *keys)
    assert [o.stage for o in outcomes] == [Stage.DONE] * 3
    for key in keys:
        calls = [(r.method, r.path.rsplit("/", 1)[-1]) for r in google.calls_for(key)]
        assert calls == [
            ("GET", key),
            ("GET", "values:batchGet"),
            ("POST", f"{key}:batchUpdate"),
        ]


def test_input_tabs_are_byte_identical_after_a_run(google: FakeGoogle, tmp_path: Path) -> None:
    """Input tabs are never written: their cells, formats and grid are unchanged."""
    _seed(google, "plankey00001")
    before = {title: google.sheet_bytes("plankey00001", title) for title in INPUTS}
    _run(google, tmp_path, "plankey00001")
    after = {title: google.sheet_bytes("plankey00001", title) for title in INPUTS}
    assert after == before
    titles = [sheet.title for sheet in google.spreadsheets["plankey00001"].sheets]
    assert titles == [*INPUTS, *OUTPUTS]


def test_formula_like_task_name_stays_text_in_every_output(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """A task named `=IMPORTXML(...)` is written as a string, never as a formula."""
    _seed(google, "plankey00001")
    _run(google, tmp_path, "plankey00001")
    found = 0
    for title in OUTPUTS:
        for cell in google.cells("plankey00001", title).values():
            value = cell.get("userEnteredValue", {})
            assert "formulaValue" not in value
            if IMPORTXML in str(value.get("stringValue", "")):
                found += 1
    assert found >= 1
    schedule = google.values("plankey00001", "Schedule", render="FORMULA")
    assert schedule[1][1] == IMPORTXML


def test_outputs_are_typed_cells(google: FakeGoogle, tmp_path: Path) -> None:
    """Dates are serial numbers with a date format; durations are numbers; ids are text."""
    _seed(google, "plankey00001")
    _run(google, tmp_path, "plankey00001")
    cells = google.cells("plankey00001", "Schedule")
    header = [
        cells[(0, c)]["userEnteredValue"]["stringValue"] for c in range(19) if (0, c) in cells
    ]
    finish = cells[(1, header.index("Forecast Finish"))]
    assert "numberValue" in finish["userEnteredValue"]
    assert finish["userEnteredFormat"]["numberFormat"]["type"] == "DATE"
    assert cells[(1, header.index("Duration"))]["userEnteredValue"] == {"numberValue": 3}
    assert cells[(1, 0)]["userEnteredValue"] == {"stringValue": "1"}
    plan_id = google.spreadsheets["plankey00001"].sheet_named("Plan").sheet_id
    links = [
        cell["userEnteredFormat"]["textFormat"]["link"]["uri"]
        for cell in google.cells("plankey00001", "Flags").values()
        if "link" in cell.get("userEnteredFormat", {}).get("textFormat", {})
    ]
    assert links
    assert all(uri.startswith("#gid=") for uri in links)
    assert any(uri.startswith(f"#gid={plan_id}&range=") for uri in links)
    summary = google.cells("plankey00001", "Summary").values()
    money = [
        c
        for c in summary
        if c.get("userEnteredFormat", {}).get("numberFormat", {}).get("type") == "CURRENCY"
    ]
    assert money
    assert all('"$"' in c["userEnteredFormat"]["numberFormat"]["pattern"] for c in money)


def test_second_run_the_same_day_changes_nothing(google: FakeGoogle, tmp_path: Path) -> None:
    """Re-running the same night leaves every tab and the history as they were."""
    _seed(google, "plankey00001")
    _run(google, tmp_path, "plankey00001")
    first = _all_tabs(google, "plankey00001")
    _run(google, tmp_path, "plankey00001")
    assert _all_tabs(google, "plankey00001") == first
    history = History(str(tmp_path / "history.sqlite"))
    assert len(history.runs("sheets:plankey00001")) == 1


def test_old_unmarked_output_tab_is_adopted_and_rewritten_in_place(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """A larger Schedule tab an older pmkit wrote (no mark: pmkit's header row, more rows
    and columns than tonight's) keeps its id, loses its stale cells, and is marked as
    pmkit's from now on."""
    _seed(google, "plankey00001")
    book = google.spreadsheets["plankey00001"]
    header = [name for name, _, _ in SCHEDULE_COLUMNS]
    old = book.add_sheet("schedule", [header, *([["stale"] * len(header)] * 40)])
    old.column_count = 30
    (outcome,) = _run(google, tmp_path, "plankey00001")
    assert outcome.stage is Stage.DONE
    schedule = google.spreadsheets["plankey00001"].sheet_named("Schedule")
    assert schedule.sheet_id == old.sheet_id
    assert schedule.title == "schedule"
    assert all("stale" not in str(cell) for cell in schedule.cells.values())
    marks = {(m["metadataKey"], m["metadataValue"]) for m in schedule.developer_metadata}
    assert marks == {("PMKIT_OUTPUT", "Schedule")}


def test_an_old_schedule_tab_with_a_column_of_the_owners_is_theirs(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """pmkit's old header with a column the owner added (their notes beside each task):
    not provably pmkit's, so the plan is refused and the tab kept, not wiped."""
    _seed(google, "plankey00001")
    book = google.spreadsheets["plankey00001"]
    header = [*(name for name, _, _ in SCHEDULE_COLUMNS), "My notes"]
    book.add_sheet("Schedule", [header, [*(["old"] * (len(header) - 1)), "call the vendor"]])
    before = google.sheet_bytes("plankey00001", "Schedule")
    (outcome,) = _run(google, tmp_path, "plankey00001")
    assert outcome.stage is Stage.REFUSED
    assert "its own sheet 'Schedule'" in str(outcome.message)
    assert google.sheet_bytes("plankey00001", "Schedule") == before


def test_broken_plan_is_reported_and_the_others_sync(google: FakeGoogle, tmp_path: Path) -> None:
    """A missing sheet, a missing Plan tab and a refusing server fail alone."""
    _seed(google, "plankey00001", "plankey00003")
    google.add_spreadsheet("plankey00002", "No plan", {"Tasks": [["ID", "Task"]]})
    google.faults.append(Fault("plankey00003/values:batchGet", "status", 500, times=99))
    outcomes = _run(google, tmp_path, "plankey00001", "plankey00002", "plankey00003", "nosuchkey0")
    stages = {o.name: o.stage for o in outcomes}
    assert stages == {
        "plankey00001": Stage.DONE,
        "plankey00002": Stage.FAILED,
        "plankey00003": Stage.FAILED,
        "nosuchkey0": Stage.FAILED,
    }
    messages = {o.name: o.message for o in outcomes}
    assert "has no Plan tab" in str(messages["plankey00002"])
    assert "500" in str(messages["plankey00003"])
    assert "not found" in str(messages["nosuchkey0"])
    assert all("Traceback" not in str(m) for m in messages.values())


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(Fault("values:batchGet", "status", 429, times=3), id="429-burst"),
        pytest.param(Fault(":batchUpdate", "status", 429, times=2), id="429-on-write"),
        pytest.param(Fault("values:batchGet", "status", 500, times=2), id="500"),
        pytest.param(Fault(":batchUpdate", "status", 503, times=3), id="503-on-write"),
        pytest.param(Fault("GET /v4/spreadsheets/", "status", 503, times=2), id="503-metadata"),
        pytest.param(Fault(":batchUpdate", "html", 502, times=2), id="proxy-502-page"),
        pytest.param(Fault("values:batchGet", "reset", times=1), id="reset-mid-read"),
        pytest.param(Fault(":batchUpdate", "reset", times=1), id="reset-mid-write-applied"),
        pytest.param(Fault(":batchUpdate", "reset", times=1, apply=False), id="reset-before-write"),
        pytest.param(Fault("values:batchGet", "slow", delay_s=2.5, times=1), id="read-timeout"),
        pytest.param(Fault(":batchUpdate", "slow", delay_s=2.5, times=1), id="write-timeout"),
    ],
)
def test_transient_faults_are_survived(google: FakeGoogle, tmp_path: Path, fault: Fault) -> None:
    """429 bursts, 5xx, a connection reset and a timeout end with the same outputs."""
    _seed(google, "plankey00001", "cleankey0001")
    google.faults.append(fault)
    timeout = 1.0 if fault.kind == "slow" else 20.0
    outcomes = _run(google, tmp_path, "plankey00001", "cleankey0001", timeout=timeout)
    assert [o.stage for o in outcomes] == [Stage.DONE, Stage.DONE], outcomes
    faulty = _all_tabs(google, "plankey00001")
    clean = _all_tabs(google, "cleankey0001")
    assert faulty.keys() == clean.keys()
    for title in OUTPUTS:
        assert google.values("plankey00001", title) == google.values("cleankey0001", title)


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(Fault(":batchUpdate", "status", 503, times=99), id="503-forever"),
        pytest.param(Fault(":batchUpdate", "status", 429, times=99), id="429-forever"),
        pytest.param(Fault(":batchUpdate", "status", 400, times=1), id="400"),
        pytest.param(Fault(":batchUpdate", "html", 502, times=99), id="proxy-502-forever"),
        pytest.param(Fault("values:batchGet", "slow", delay_s=2.5, times=99), id="timeouts"),
    ],
)
def test_failing_plan_keeps_its_earlier_outputs(
    google: FakeGoogle, tmp_path: Path, fault: Fault
) -> None:
    """A plan that keeps failing is reported; last night's outputs stay whole."""
    _seed(google, "plankey00001")
    _run(google, tmp_path, "plankey00001")
    before = _all_tabs(google, "plankey00001")
    google.faults.append(fault)
    config = sync_config(
        google,
        tmp_path,
        spreadsheet_plans("plankey00001"),
        google_extra="max_attempts = 2",
        read_timeout_seconds=1.0 if fault.kind == "slow" else 20.0,
    )
    (outcome,) = SyncJob(config, today=TODAY).run()
    google.faults.clear()
    assert outcome.stage is Stage.FAILED
    assert outcome.message
    assert "Traceback" not in outcome.message
    assert "<html" not in outcome.message
    assert _all_tabs(google, "plankey00001") == before


def test_quota_is_kept_with_many_workers(google: FakeGoogle, tmp_path: Path) -> None:
    """With the limiter set to the fake's quota, no request is refused for quota."""
    google.read_quota_per_minute = 6
    google.write_quota_per_minute = 3
    google.quota_window_s = 1.0
    keys = [f"plankey{n:05d}" for n in range(6)]
    _seed(google, *keys)
    config = sync_config(
        google,
        tmp_path,
        spreadsheet_plans(*keys),
        google_extra="",
        sync_extra="",
    )
    from dataclasses import replace

    config = replace(
        config,
        google=replace(config.google, read_requests_per_minute=6, write_requests_per_minute=3),
        workers=6,
    )
    outcomes = SyncJob(config, today=TODAY, quota_window_seconds=1.0).run()
    assert all(o.stage is Stage.DONE for o in outcomes)
    assert google.quota_rejections == 0


def test_dry_run_writes_nothing(google: FakeGoogle, tmp_path: Path) -> None:
    """--dry-run reads and checks; no batchUpdate, no history file."""
    _seed(google, "plankey00001")
    outcomes = _run(google, tmp_path, "plankey00001", dry_run=True)
    assert outcomes[0].stage is Stage.DONE
    assert [r.method for r in google.log] == ["GET", "GET"]
    assert not (tmp_path / "history.sqlite").exists()


def test_a_plan_without_owners_gets_no_workload_tab_and_an_old_one_is_refreshed(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """No task has an owner: no Workload tab is added; one written on an earlier night
    is rewritten to say so, never left showing old loads."""
    for key, earlier in (("plankey00001", False), ("plankey00002", True)):
        tabs = plan_tabs(8)
        owner = tabs["Plan"][0].index("Owner")
        for row in tabs["Plan"][1:]:
            row[owner] = ""
        if earlier:
            tabs["Workload"] = [["Work booked per week against … (an earlier night's loads)"]]
        google.add_spreadsheet(key, f"Book {key}", tabs)
    _run(google, tmp_path, "plankey00001", "plankey00002")
    titles = [sheet.title for sheet in google.spreadsheets["plankey00001"].sheets]
    assert "Workload" not in titles
    [[note]] = google.values("plankey00002", "Workload")
    assert note.startswith("No task has an owner yet")


def _serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def _old_history_tab(google: FakeGoogle, key: str, *nights: date) -> None:
    """A History tab an older pmkit wrote (no mark): its title, note, header, a row a night."""
    rows: list[list[object]] = [
        ["Book — nightly history"],
        ["One row per nightly run (a re-run the same day replaces that day's row)."],
        ["Run date", "Status", "Forecast finish", "Slip (working days)"],
        *([_serial(night), "Green", _serial(night) + 30, 0] for night in nights),
    ]
    google.spreadsheets[key].add_sheet("History", rows)


def test_old_history_tab_with_nights_the_history_lacks_is_left_as_it_is(
    google: FakeGoogle, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An unmarked History tab an older pmkit wrote, holding two nights a fresh history
    database does not: rebuilding it would lose them, so it is left byte for byte as it
    is, the other tabs are written, and the log says which plan, which tab and what to do.
    Once the database holds every night it shows, the tab is taken, marked and rebuilt
    (still three calls, the tab read whole in the one batchGet)."""
    _seed(google, "plankey00001")
    nights = (TODAY - timedelta(days=2), TODAY - timedelta(days=1))
    _old_history_tab(google, "plankey00001", *nights)
    before = google.sheet_bytes("plankey00001", "History")
    with caplog.at_level(logging.WARNING, logger="sheets_sync"):
        (outcome,) = _run(google, tmp_path, "plankey00001")
    assert outcome.stage is Stage.DONE
    assert google.sheet_bytes("plankey00001", "History") == before
    assert google.spreadsheets["plankey00001"].sheet_named("Summary") is not None
    assert (
        "plankey00001: the History tab was left as it is: it holds 2 nights (Wed 18 Mar 2026 "
        "to Thu 19 Mar 2026) that pmkit's history database does not, and rebuilding it would "
        "lose them. To keep them, rename that tab (for example to 'Old History'); the next "
        "run then starts a new History tab"
    ) in caplog.messages
    assert len(google.calls_for("plankey00001")) == 3

    record_green_nights(tmp_path / "history.sqlite", "sheets:plankey00001", "plankey00001", nights)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sheets_sync"):
        (outcome,) = _run(google, tmp_path, "plankey00001")
    assert not caplog.messages
    tab = google.spreadsheets["plankey00001"].sheet_named("History")
    marks = {(m["metadataKey"], m["metadataValue"]) for m in tab.developer_metadata}
    assert ("PMKIT_OUTPUT", "History") in marks
    shown = google.values("plankey00001", "History")
    assert [row[0] for row in shown[3:]] == [_serial(night) for night in (*nights, TODAY)]
