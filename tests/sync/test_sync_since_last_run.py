"""Since last run through the nightly job: the history store, a local folder, a Google plan.

The plan and its three nights are `tests/sync/nightly_plans.py` (hand-checked in
`tests/test_overnight.py`).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import pmkit
from pmkit.engine.nightly_state import plan_state
from pmkit.engine.overnight import NO_HISTORY, ChangeKind, since_last_run
from pmkit.engine.workdays import WorkCalendar
from pmkit.outputs.since_last_run import SHOWN_CHANGES
from sheets_sync.evaluation import evaluate
from sheets_sync.history import History
from sheets_sync.history_records import RunRecord, TaskSnapshot, task_fingerprint
from sheets_sync.history_schema import SCHEMA_VERSION
from sheets_sync.job import Stage, SyncJob
from tests.builders import write_workbook
from tests.sync.fake_google import FakeGoogle
from tests.sync.nightly_plans import (
    NIGHT_TWO_LINES,
    NIGHTS,
    night_tabs,
    retype_tabs,
    retype_workbook,
    since_last_run_section,
)
from tests.sync.sync_support import spreadsheet_plans, sync_config

KEY = "plankey00001"
FIRST = "First run: nothing to compare yet."
NIGHT_TWO = "11 changes since the last run (Mon 2 Mar 2026)."


# --- the history store ------------------------------------------------------------------


def record_two_nights(history: History, folder: Path) -> None:
    """Nights 1 and 2 of the plan analysed and recorded as the job does."""
    for night in (1, 2):
        plan = pmkit.read_plan(write_workbook(folder / f"night{night}.xlsx", night_tabs(night)))
        prints = {task.id: task_fingerprint(task) for task in plan.tasks}
        unchanged = history.unchanged_since("file:plan", prints, NIGHTS[night])
        analysis = pmkit.analyze(plan, today=NIGHTS[night], unchanged_since=unchanged)
        state = plan_state(analysis, NIGHTS[night])
        last = history.last_state("file:plan", before=NIGHTS[night])
        found = since_last_run(last, state, WorkCalendar.for_plan(plan))
        run = RunRecord("file:plan", "Plan", NIGHTS[night], state.status, state.forecast_finish,
                        state.slip, None, None, None, None, 0, 0, 0,
                        status_date=state.status_date, compared_with=found.last_run)  # fmt: skip
        snapshots = [TaskSnapshot(t.task_id, prints[t.task_id], None, t) for t in state.tasks]
        history.record(run, snapshots, state=state, changes=found.changes)


def check_history_keeps_the_night(history: History, folder: Path) -> None:
    """What `record_two_nights` stored comes back: states, risks and the changes found."""
    record_two_nights(history, folder)
    kept = history.last_state("file:plan", before=date(2026, 3, 10))
    assert kept is not None
    assert (kept.run_date, kept.status, kept.forecast_finish, kept.detailed) == (
        NIGHTS[2], "Red", date(2026, 3, 19), True,
    )  # fmt: skip
    tasks = kept.task_by_id()
    assert (tasks["3"].critical, tasks["3"].late, tasks["3"].slip) == (True, True, 5)
    assert (tasks["4"].deadline, tasks["4"].deadline_at_risk) == (date(2026, 3, 12), True)
    assert (tasks["5"].scope_creep, tasks["5"].scope_creep_days, tasks["5"].scope_creep_cost) == (
        "added", 2, 500.0,
    )  # fmt: skip
    assert tasks["5"].name == ""  # the owner's words stay in the owner's sheet
    assert {(r.risk_id, r.past_review) for r in kept.risks} == {("R1", True), ("R2", True)}
    found = history.since_last_run("file:plan", NIGHTS[2])
    assert found is not None
    assert found.last_run == NIGHTS[1]
    assert [(c.kind, c.days) for c in found.changes][:3] == [
        (ChangeKind.FINISH_MOVED, 5),
        (ChangeKind.STATUS_CHANGED, None),
        (ChangeKind.DEADLINE_AT_RISK, 5),
    ]
    assert [c.sentence for c in found.changes] == [line for _, _, line in NIGHT_TWO_LINES]
    first = history.since_last_run("file:plan", NIGHTS[1])
    assert first is not None
    assert (first.first_run, first.changes) == (True, ())


def test_history_keeps_each_nights_figures_and_changes(tmp_path: Path) -> None:
    """SQLite: task flags, risks and the changes found are stored and read back."""
    check_history_keeps_the_night(History(str(tmp_path / "h.sqlite")), tmp_path)


def test_version_3_history_is_upgraded_and_compared_on_the_project(tmp_path: Path) -> None:
    """Migration 4 keeps an older night; tonight is compared with its project figures
    only; the new columns are typed."""
    path = tmp_path / "h.sqlite"
    History(str(path), upto=3).close()
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, forecast_finish,"
            " slip_days, errors, warnings, infos, recorded_at) VALUES ('file:plan', '2026-03-02',"
            " 'Plan', 'Green', '2026-03-12', 0, 0, 0, 0, '2026-03-02 02:00:00')"
        )
        db.execute(
            "INSERT INTO task_snapshots (plan_key, run_date, task_id, fingerprint)"
            " VALUES ('file:plan', '2026-03-02', '3', 'x')"
        )
    history = History(str(path))
    assert history.version() == SCHEMA_VERSION >= 4
    last = history.last_state("file:plan", before=NIGHTS[2])
    assert last is not None
    assert (last.detailed, last.forecast_finish, last.task_by_id()["3"].critical) == (
        False, date(2026, 3, 12), False,
    )  # fmt: skip
    assert history.since_last_run("file:plan", NIGHTS[1]) is None  # kept no changes
    with sqlite3.connect(path) as db:
        types = {row[1]: row[2] for row in db.execute("PRAGMA table_info(task_snapshots)")}
        changes = {row[1]: row[2] for row in db.execute("PRAGMA table_info(plan_changes)")}
    assert (types["critical"], types["deadline"], types["scope_creep_days"]) == (
        "BOOLEAN", "DATE", "INTEGER",
    )  # fmt: skip
    assert (changes["days"], changes["was"], changes["sentence"]) == ("INTEGER", "DATE", "TEXT")


# --- a local folder ---------------------------------------------------------------------


def _summary_rows(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path)["Summary"]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_folder_plan_summary_says_what_changed_since_last_run(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """First run: nothing to compare; night 2: every change, in plain words; the same night
    again: the same section and the same history; night 3: the forecast is unknown."""
    folder = tmp_path / "plans"
    folder.mkdir()
    path = write_workbook(folder / "relaunch.xlsx", night_tabs(1))
    config = sync_config(google, tmp_path, f'[[plans]]\nname = "Shared"\nfolder = "{folder}"\n')

    def run(night: int) -> tuple[str, list[tuple[object, object, object]]]:
        (outcome,) = SyncJob(config, today=NIGHTS[night]).run()
        assert outcome.stage is Stage.DONE, outcome.message
        return since_last_run_section(_summary_rows(path))

    assert run(1) == (FIRST, [])
    retype_workbook(path, 2)
    assert run(2) == (NIGHT_TWO, NIGHT_TWO_LINES[:SHOWN_CHANGES])
    history = History(str(tmp_path / "history.sqlite"))
    kept = history.since_last_run(f"file:{path.resolve()}", NIGHTS[2])
    assert run(2) == (
        NIGHT_TWO,
        NIGHT_TWO_LINES[:SHOWN_CHANGES],
    )  # a re-run compares with night 1 again
    assert history.since_last_run(f"file:{path.resolve()}", NIGHTS[2]) == kept
    retype_workbook(path, 3)
    headline, lines = run(3)
    assert headline.endswith("since the last run (Mon 9 Mar 2026).")
    label, days, sentence = lines[0]
    assert (label, days) == ("Forecast unknown", None)
    assert str(sentence).startswith(
        "The forecast finish is unknown now: 2 tasks cannot be scheduled until Plan!D3"
    )
    assert str(sentence).endswith("(last run it was Thu 19 Mar 2026).")


def test_a_fixed_cell_does_not_make_old_news_new(google: FakeGoogle, tmp_path: Path) -> None:
    """Night 2's plan, then Build's Duration unreadable (night 3: tasks 2 and 4 cannot be
    scheduled), then fixed the next day, when Design finished. Task 4 was late and past
    its deadline before the cell broke: fixing it is the news (and Design's finish, and
    the status, Amber while the forecast was unknown), not task 4's lateness, which had
    not changed since the last night it could be known; nor had the finish, as the line
    says."""
    folder = tmp_path / "plans"
    folder.mkdir()
    path = write_workbook(folder / "relaunch.xlsx", night_tabs(2))
    config = sync_config(google, tmp_path, f'[[plans]]\nname = "Shared"\nfolder = "{folder}"\n')
    for night in (2, 3, 4):
        retype_workbook(path, night)
        (outcome,) = SyncJob(config, today=NIGHTS[night]).run()
        assert outcome.stage is Stage.DONE, outcome.message
    assert since_last_run_section(_summary_rows(path)) == (
        "3 changes since the last run (Tue 10 Mar 2026).",
        [
            (
                "Forecast known",
                0,
                "The forecast finish is known now: Thu 19 Mar 2026 (last run it was unknown), "
                "as on Mon 9 Mar 2026, the last night it was known.",
            ),
            ("Status", None, "The status is now Red (last run: Amber)."),
            (
                "Finished",
                5,
                "Task 1 “Design” is done: it finished on Wed 11 Mar 2026, 5 working days after "
                "its baseline.",
            ),
        ],
    )


# --- a Google plan ----------------------------------------------------------------------


@pytest.mark.parametrize("rerun", [pytest.param(False, id="once"), pytest.param(True, id="rerun")])
def test_google_plan_summary_says_what_changed_since_last_run(
    google: FakeGoogle, tmp_path: Path, rerun: bool
) -> None:
    """The Summary tab of a Google plan gets the same section; a re-run the same night
    leaves the tab byte-identical."""
    google.add_spreadsheet(KEY, "Relaunch", night_tabs(1))
    config = sync_config(google, tmp_path, spreadsheet_plans(KEY))
    SyncJob(config, today=NIGHTS[1]).run()
    assert since_last_run_section(google.values(KEY, "Summary")) == (FIRST, [])
    retype_tabs(google, KEY, 2)
    (outcome,) = SyncJob(config, today=NIGHTS[2]).run()
    assert outcome.stage is Stage.DONE, outcome.message
    before = google.sheet_bytes(KEY, "Summary")
    if rerun:
        SyncJob(config, today=NIGHTS[2]).run()
        assert google.sheet_bytes(KEY, "Summary") == before
    assert since_last_run_section(google.values(KEY, "Summary")) == (
        NIGHT_TWO,
        NIGHT_TWO_LINES[:SHOWN_CHANGES],
    )
    tones = {
        cell.get("userEnteredValue", {}).get("stringValue"): cell["userEnteredFormat"]
        for cell in google.cells(KEY, "Summary").values()
        if "userEnteredFormat" in cell
    }
    assert tones["Finish moved"] != tones["Now critical"]  # red, amber


def test_without_a_history_it_says_so_rather_than_first_run(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """A dry run with no usable history is not a plan's first run: the section says which."""
    config = sync_config(google, tmp_path, f'[[plans]]\nname = "Shared"\nfolder = "{tmp_path}"\n')
    plan = pmkit.read_plan(write_workbook(tmp_path / "plan.xlsx", night_tabs(1)))
    source = config.plans[0]
    blind = evaluate(plan, source, "file:plan", None, NIGHTS[1])
    assert blind.since_last_run.headline() == f"{NO_HISTORY}."
    first = evaluate(plan, source, "file:plan", History(str(tmp_path / "h.sqlite")), NIGHTS[1])
    assert first.since_last_run.headline() == FIRST
