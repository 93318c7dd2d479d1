"""Google tabs: the Workload tab drawn through the fake Sheets API (every request checked
against the v4 discovery document) in the palette's colours, and each output tab written
only where the workbook writers would write it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from pmkit.engine.errors import WriteRefusedError
from pmkit.outputs import Tone, build_output_sheets, palette
from sheets_sync.job import Stage, SyncJob
from sheets_sync.sheets_plan import GoogleTab, SpreadsheetInfo
from sheets_sync.sheets_writer import claim_output_tabs
from tests.report_support import sample_analysis
from tests.sync.fake_cells import cell_from_user_entered
from tests.sync.fake_google import FakeGoogle
from tests.sync.sync_support import TODAY, spreadsheet_plans, sync_config

KEY = "crewkey00001"
MONDAY = date(2026, 3, 2)
STATUS = date(2026, 3, 11)  # a Wednesday
HEADER: list[object] = ["ID", "Task", "Duration", "Predecessors", "% Complete", "Actual Start"]
HEADER += ["Actual Finish", "Owner"]
EPOCH = date(1899, 12, 30)


def _crew_plan(*, owners: bool = True) -> dict[str, list[list[object]]]:
    """Four tasks, checked by hand (status date Wed 11 March 2026; Ben gives half his week):

    1 Design  3 d, done 2-4 Mar               Ana
    2 Build   4 d after 1: Thu 12 - Tue 17 Mar  Ben
    3 Docs    1 d after 1: Thu 12 Mar           Ben
    4 Launch  milestone after 2 and 3           (nobody)

    Ben, week of 9 Mar: 2 free days after the status date (12, 13) x 50 % = 1 day to give;
    booked 3 (Build 12, 13; Docs 12): 300 %, red. Week of 16 Mar: 5 x 50 % = 2.5 days;
    booked 2 (Build 16, 17): 80 %, green. Ana has nothing left to do.
    """
    ana, ben = ("Ana", "Ben") if owners else ("", "")
    day = MONDAY
    return {
        "Plan": [
            HEADER,
            [1, "Design", 3, "", 1, day, day + timedelta(2), ana],
            [2, "Build", 4, "1", 0, None, None, ben],
            [3, "Docs", 1, "1", 0, None, None, ben],
            [4, "Launch", 0, "2, 3", 0, None, None, ""],
        ],
        "Settings": [["Setting", "Value"], ["Project", "Crew"], ["Status Date", STATUS]],
        "Team": [["Owner", "Capacity"], ["Ana", 1], ["Ben", 0.5]],
    }


def _run(google: FakeGoogle, tmp_path: Path, *keys: str, today: date = TODAY) -> list[Any]:
    config = sync_config(google, tmp_path, spreadsheet_plans(*keys))
    return SyncJob(config, today=today).run()


def _fill(cell: dict[str, Any]) -> str | None:
    rgb = cell.get("userEnteredFormat", {}).get("backgroundColorStyle", {}).get("rgbColor")
    if rgb is None:
        return None
    return "".join(f"{round(rgb.get(c, 0) * 255):02X}" for c in ("red", "green", "blue"))


def _serial(day: date) -> int:
    return (day - EPOCH).days


def test_the_workload_tab_shows_each_owners_weeks_in_the_palettes_colours(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Ben's weeks read 300 % (red) and 80 % (green) as stored fractions formatted as
    percentages, under Monday dates; the tab is marked as pmkit's and its header frozen."""
    google.add_spreadsheet(KEY, "Crew", _crew_plan())
    (outcome,) = _run(google, tmp_path, KEY)
    assert outcome.stage is Stage.DONE, outcome.message
    values = google.values(KEY, "Workload")
    assert values[0][0].startswith("Work booked per week")
    assert values[3] == [
        "Owner",
        "Capacity",
        _serial(MONDAY + timedelta(7)),
        _serial(date(2026, 3, 16)),
    ]
    assert values[4][:2] == ["Ana", 1]
    assert values[5] == ["Ben", 0.5, 3, 0.8]
    cells = google.cells(KEY, "Workload")
    assert _fill(cells[(5, 2)]) == palette.TONE_FILLS[Tone.RED]
    assert _fill(cells[(5, 3)]) == palette.TONE_FILLS[Tone.GREEN]
    assert cells[(5, 2)]["userEnteredFormat"]["numberFormat"]["type"] == "PERCENT"
    assert cells[(3, 2)]["userEnteredFormat"]["numberFormat"]["type"] == "DATE"
    tab = google.spreadsheets[KEY].sheet_named("Workload")
    grid = tab.properties()["gridProperties"]
    assert (grid["frozenRowCount"], grid["frozenColumnCount"]) == (4, 2)
    marks = {m["metadataKey"]: m["metadataValue"] for m in tab.developer_metadata}
    assert marks == {"PMKIT_OUTPUT": "Workload"}


def _calls(google: FakeGoogle) -> list[tuple[str, str, str]]:
    """Each call's method, last path part and value render option."""
    return [
        (r.method, r.path.rsplit("/", 1)[-1], "".join(r.query.get("valueRenderOption", [])))
        for r in google.calls_for(KEY)
    ]


def test_a_capacity_formatted_as_a_percentage_counts_as_the_sheet_shows_it(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Google stores a Capacity shown as 300 % as 3, and its values API drops the format:
    one more small read of that cell as shown tells pmkit it is 300 %, not 3 %.

    Ben gives three people's weeks: 2 free days x 300 % = 6 days in the week of 9 Mar,
    booked 3 (50 %); 5 x 300 % = 15 in the week of 16 Mar, booked 2 (13 %)."""
    google.add_spreadsheet(KEY, "Crew", _crew_plan())
    team = google.spreadsheets[KEY].sheet_named("Team")
    team.cells[(2, 1)] = cell_from_user_entered("300%")
    (outcome,) = _run(google, tmp_path, KEY)
    assert outcome.stage is Stage.DONE, outcome.message
    values = google.values(KEY, "Workload")
    assert values[5][:2] == ["Ben", 3]
    assert values[5][2:] == [pytest.approx(3 / 6), pytest.approx(2 / 15)]
    reads = [call for call in _calls(google) if call[1] == "values:batchGet"]
    assert reads == [
        ("GET", "values:batchGet", "UNFORMATTED_VALUE"),
        ("GET", "values:batchGet", "FORMATTED_VALUE"),
    ]
    (shown,) = [r for r in google.calls_for(KEY) if "FORMATTED_VALUE" in str(r.query)][1:]
    assert shown.query["ranges"] == ["'Team'!B3:B3"]


def test_a_plain_capacity_above_one_is_a_whole_percent_as_in_a_workbook(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """150 typed in a plain cell is 150 %: the cell is read as shown (no % sign), so the
    number is a whole percent, as the workbook reader takes it."""
    google.add_spreadsheet(KEY, "Crew", _crew_plan())
    team = google.spreadsheets[KEY].sheet_named("Team")
    team.cells[(2, 1)] = cell_from_user_entered("150")
    (outcome,) = _run(google, tmp_path, KEY)
    assert outcome.stage is Stage.DONE, outcome.message
    assert google.values(KEY, "Workload")[5][:2] == ["Ben", 1.5]


def test_a_plan_whose_numbers_say_what_they_mean_costs_no_extra_read(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Capacities of 100 % and 50 % (1 and 0.5), % Complete as fractions and a Scope Creep
    Threshold of 10 % (0.1): the reader asks about no number's format, so the night is
    still three calls."""
    sheets = _crew_plan()
    sheets["Settings"].append(["Scope Creep Threshold %", 0.1])
    google.add_spreadsheet(KEY, "Crew", sheets)
    (outcome,) = _run(google, tmp_path, KEY)
    assert outcome.stage is Stage.DONE, outcome.message
    assert _calls(google) == [
        ("GET", KEY, ""),
        ("GET", "values:batchGet", "UNFORMATTED_VALUE"),
        ("POST", f"{KEY}:batchUpdate", ""),
    ]


def test_each_owners_week_links_each_task_to_its_plan_row(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Under the heat map, Ben's week lists Docs then Build, each id a link to the task's
    Owner cell on the Plan tab."""
    google.add_spreadsheet(KEY, "Crew", _crew_plan())
    _run(google, tmp_path, KEY)
    values = google.values(KEY, "Workload")
    listed = [row for row in values[6:] if row and row[0] == "Ben"]
    assert [row[1] for row in listed] == ["3", "2"]  # Docs finishes first
    plan_gid = google.spreadsheets[KEY].sheet_named("Plan").sheet_id
    cells = google.cells(KEY, "Workload")
    first = values.index(listed[0])
    link = cells[(first, 1)]["userEnteredFormat"]["textFormat"]["link"]["uri"]
    assert link == f"#gid={plan_gid}&range=H4"


def test_a_marked_workload_tab_says_so_once_no_task_has_an_owner(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """The night after the owners are cleared, pmkit's own Workload tab says no task has
    an owner instead of showing the old loads."""
    google.add_spreadsheet(KEY, "Crew", _crew_plan())
    _run(google, tmp_path, KEY)
    plan = google.spreadsheets[KEY].sheet_named("Plan")
    for row in range(1, 4):
        plan.cells.pop((row, 7), None)
    (outcome,) = _run(google, tmp_path, KEY, today=TODAY + timedelta(days=1))
    assert outcome.stage is Stage.DONE, outcome.message
    [[note]] = google.values(KEY, "Workload")
    assert note.startswith("No task has an owner yet")


def test_an_owners_own_workload_tab_refuses_only_a_plan_that_writes_one(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """A Workload tab of the owner's: a plan whose tasks have owners is refused, untouched;
    one without owners gets no Workload sheet, so it syncs and the tab is left as it was
    (as `pmkit report` does in a workbook)."""
    own = [["Who", "Mon", "Tue"], ["Ana", "shop", "stock"]]
    google.add_spreadsheet(KEY, "Crew", {**_crew_plan(), "Workload": own})
    google.add_spreadsheet("crewkey00002", "Crew 2", {**_crew_plan(owners=False), "Workload": own})
    before = google.sheet_bytes("crewkey00002", "Workload")
    books = {KEY: google.spreadsheets[KEY], "crewkey00002": google.spreadsheets["crewkey00002"]}
    first = {s.title: google.sheet_bytes(KEY, s.title) for s in books[KEY].sheets}
    outcomes = {o.name: o for o in _run(google, tmp_path, KEY, "crewkey00002")}
    assert outcomes[KEY].stage is Stage.REFUSED
    assert "its own sheet 'Workload'" in str(outcomes[KEY].message)
    assert {s.title: google.sheet_bytes(KEY, s.title) for s in books[KEY].sheets} == first
    assert outcomes["crewkey00002"].stage is Stage.DONE, outcomes["crewkey00002"].message
    assert google.sheet_bytes("crewkey00002", "Workload") == before
    assert "Summary" in [s.title for s in books["crewkey00002"].sheets]


def test_an_unmarked_tab_that_appeared_after_the_read_is_the_owners() -> None:
    """On the write's second try, a Gantt tab without pmkit's mark whose first rows were
    not read (it appeared since) is judged the owner's: refused, not taken for empty."""
    tabs = (GoogleTab(1, "Plan", 0, 100, 20), GoogleTab(9, "Gantt", 1, 1000, 26))
    info = SpreadsheetInfo("key", "Shop", tabs)
    sheets = build_output_sheets(sample_analysis())
    assert len(claim_output_tabs(info, {"Gantt": []}, sheets)) == len(sheets)  # read: empty
    with pytest.raises(WriteRefusedError, match="its own sheet 'Gantt'"):
        claim_output_tabs(info, {}, sheets)
