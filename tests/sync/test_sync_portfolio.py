"""The portfolio through the fake Google: one row per plan, people across plans, shards,
API calls, stale rows, ownership, and a local workbook — the real gspread client over HTTP."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sheets_sync.history import History
from sheets_sync.history_records import RunRecord
from sheets_sync.history_schema import SCHEMA_VERSION
from sheets_sync.job import Stage, SyncJob
from sheets_sync.portfolio import PortfolioState
from sheets_sync.sharding import Shard
from tests.sync.fake_google import FakeGoogle
from tests.sync.portfolio_plans import (
    PORTFOLIO_KEY,
    SAM_PLANS,
    finish_shards_at_once,
    google_portfolio,
    many_client_tabs,
    owners_own_portfolio,
    plan_key,
    seed_plans,
)
from tests.sync.sync_support import TODAY, sync_config

_EPOCH = date(1899, 12, 30)
HOSTILE = '=HYPERLINK("http://evil.example","click")'


def _serial(day: date) -> int:
    return (day - _EPOCH).days


def _table(
    google: FakeGoogle, title: str = "Portfolio", key: str = PORTFOLIO_KEY
) -> list[list[Any]]:
    """The rows under the header of a portfolio tab."""
    rows = google.values(key, title)
    start = next(i for i, row in enumerate(rows) if row and row[0] in ("Plan", "Person"))
    return rows[start + 1 :]


def _column(name: str) -> int:
    from pmkit.outputs.portfolio import PORTFOLIO_COLUMNS

    return [column for column, _ in PORTFOLIO_COLUMNS].index(name)


def _portfolio_calls(google: FakeGoogle, key: str = PORTFOLIO_KEY) -> list[tuple[str, str]]:
    return [(r.method, r.path.rsplit("/", 1)[-1]) for r in google.calls_for(key)]


def test_fifty_plans_on_four_shards_make_one_portfolio(google: FakeGoogle, tmp_path: Path) -> None:
    """50 plans on 4 shards finishing in any order: the last to finish writes one
    portfolio, a row per plan, with 2 calls (≤ 3 per plan); `--portfolio-only` after them
    writes the same with 2 more; and an unsharded run over the same plans writes the same."""
    plans = {f"Client {n:02d}": many_client_tabs(n) for n in range(50)}
    entries = seed_plans(google, plans)
    (tmp_path / "sharded").mkdir()
    config = sync_config(google, tmp_path / "sharded", entries + google_portfolio(google))
    states = []
    for index in (2, 0, 3, 1):
        job = SyncJob(config, shard=Shard(index, 4), today=TODAY)
        assert all(outcome.stage is Stage.DONE for outcome in job.run())
        assert job.portfolio is not None
        states.append(job.portfolio.state)
    assert states == [PortfolioState.WAITING] * 3 + [PortfolioState.WRITTEN]
    rows = _table(google)
    assert sorted(row[0] for row in rows) == sorted(plans)
    for number in range(50):
        assert len(google.calls_for(plan_key(number))) == 3
    assert _portfolio_calls(google) == [
        ("GET", PORTFOLIO_KEY),
        ("POST", f"{PORTFOLIO_KEY}:batchUpdate"),
    ]

    final = SyncJob(config, today=TODAY).run_portfolio_only()
    assert (final.state, final.plans) == (PortfolioState.WRITTEN, 50)
    assert _table(google) == rows
    assert len(_portfolio_calls(google)) == 4

    (tmp_path / "single").mkdir()
    single = sync_config(
        google, tmp_path / "single", entries + google_portfolio(google, "otherportfolio01")
    )
    SyncJob(single, today=TODAY).run()
    assert _table(google, key="otherportfolio01") == rows


@pytest.mark.parametrize("count", [pytest.param(1, id="one-plan"), pytest.param(12, id="twelve")])
def test_portfolio_calls_do_not_grow_with_the_plans(
    google: FakeGoogle, tmp_path: Path, count: int
) -> None:
    """The metadata and one batchUpdate, whatever the number of plans."""
    entries = seed_plans(google, {f"Client {n:02d}": many_client_tabs(n) for n in range(count)})
    SyncJob(sync_config(google, tmp_path, entries + google_portfolio(google)), today=TODAY).run()
    assert _portfolio_calls(google) == [
        ("GET", PORTFOLIO_KEY),
        ("POST", f"{PORTFOLIO_KEY}:batchUpdate"),
    ]
    assert len(_table(google)) == count


def test_rerun_the_same_night_changes_nothing(google: FakeGoogle, tmp_path: Path) -> None:
    """A second run the same night leaves both tabs exactly as the first wrote them."""
    config = sync_config(google, tmp_path, seed_plans(google, SAM_PLANS) + google_portfolio(google))
    SyncJob(config, today=TODAY).run()
    first = {title: google.sheet_bytes(PORTFOLIO_KEY, title) for title in ("Portfolio", "People")}
    job = SyncJob(config, today=TODAY)
    job.run()
    assert job.portfolio is not None
    assert job.portfolio.state is PortfolioState.WRITTEN
    assert {title: google.sheet_bytes(PORTFOLIO_KEY, title) for title in first} == first
    history = History(config.history.database)
    assert len(history.attempts(TODAY)) == 3


def test_trend_from_seven_nights_of_history(google: FakeGoogle, tmp_path: Path) -> None:
    """Six seeded nights (slips 0, 1, 1, 2, unknown, 3) and tonight's slip of 3: bars
    `▁▃▃▆·██` (0 at the bottom, 3 at the top) and "3 working days worse"."""
    entries = seed_plans(
        google, {"Client 03": many_client_tabs(3), "Client 04": many_client_tabs(4)}
    )
    config = sync_config(google, tmp_path, entries + google_portfolio(google))
    history = History(config.history.database)
    for nights_ago, slip in zip(range(6, 0, -1), (0, 1, 1, 2, None, 3), strict=True):
        night = TODAY - timedelta(days=nights_ago)
        history.record(
            RunRecord(f"sheets:{plan_key(0)}", "Client 03", night, "Red", None, slip,
                      None, None, None, None, 0, 1, 0),
            [],
        )  # fmt: skip
    history.close()
    SyncJob(config, today=TODAY).run()
    rows = {row[0]: row for row in _table(google)}
    trend = _column("Slip, last 7 nights")
    assert rows["Client 03"][_column("Slip (working days)")] == 3
    assert rows["Client 03"][trend : trend + 2] == ["▁▃▃▆·██", "3 working days worse"]
    assert rows["Client 04"][trend : trend + 2] == ["▁", "first night"]


def test_plan_failing_tonight_keeps_its_last_row_marked_stale(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """A plan whose spreadsheet is gone tonight keeps last night's figures, dated, in grey,
    with why it was not updated; the others are tonight's."""
    entries = seed_plans(google, {f"Client {n:02d}": many_client_tabs(n) for n in (1, 2, 3)})
    config = sync_config(google, tmp_path, entries + google_portfolio(google))
    SyncJob(config, today=TODAY - timedelta(days=1)).run()
    del google.spreadsheets[plan_key(2)]
    job = SyncJob(config, today=TODAY)
    outcomes = job.run()
    assert [o.stage for o in outcomes] == [Stage.DONE, Stage.DONE, Stage.FAILED]
    assert job.portfolio is not None
    assert job.portfolio.state is PortfolioState.WRITTEN
    rows = {row[0]: row for row in _table(google)}
    stale, fresh = rows["Client 03"], rows["Client 01"]
    assert stale[_column("Status")] == "Red"
    assert stale[_column("Figures of")] == _serial(TODAY - timedelta(days=1))
    assert stale[_column("Tonight")] == (
        "failed: figures from Thu 19 Mar 2026 — spreadsheet plankey00002 was not found: "
        "check the key or URL in the config"
    )
    assert fresh[_column("Figures of")] == _serial(TODAY)
    assert fresh[_column("Tonight")] == "synced"
    cells = google.cells(PORTFOLIO_KEY, "Portfolio")
    rows_at = {
        cell["userEnteredValue"].get("stringValue"): r
        for (r, c), cell in cells.items()
        if c == 0 and "userEnteredValue" in cell
    }
    status = _column("Status")
    stale_look = cells[(rows_at["Client 03"], status)]["userEnteredFormat"]
    fresh_look = cells[(rows_at["Client 01"], status)]["userEnteredFormat"]
    assert "backgroundColorStyle" not in stale_look  # grey text, no status colour
    assert "backgroundColorStyle" in fresh_look


def test_person_in_three_plans_hand_checked(google: FakeGoogle, tmp_path: Path) -> None:
    """Sam Patel, spelt three ways in three plans (tests/sync/portfolio_plans.py): one row,
    share 90 %, 250 % in the week of 23 Mar and 111.1 % the week after; under it, a
    collapsed row per plan with its working days booked."""
    config = sync_config(google, tmp_path, seed_plans(google, SAM_PLANS) + google_portfolio(google))
    SyncJob(config, today=TODAY).run()
    rows = google.values(PORTFOLIO_KEY, "People")
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Person")
    assert rows[header][3:] == [_serial(date(2026, 3, 23)), _serial(date(2026, 3, 30))]
    sam, *plans = rows[header + 1 :]
    assert sam[:4] == ["Sam Patel", "3: Acme rollout, Brightline web, Corner cafe", 0.9, 2.5]
    assert sam[4] == pytest.approx(5 / 4.5)
    assert plans == [
        ["↳ Acme rollout", "working days booked", "", 5, 3],
        ["↳ Brightline web", "working days booked", "", 4],
        ["↳ Corner cafe", "working days booked", "", "", 2],
    ]
    hidden = google.spreadsheets[PORTFOLIO_KEY].sheet_named("People").hidden_indices["ROWS"]
    assert set(range(header + 2, header + 5)) <= set(hidden)


def _with_unschedulable_task(
    tabs: dict[str, list[list[Any]]], name: str, owner: str
) -> dict[str, list[list[Any]]]:
    """`tabs` with one more task, owned by `owner`, whose Duration cannot be read."""
    plan = [list(row) for row in tabs["Plan"]]
    plan.append([len(plan), name, owner, "two weeks", "", None, 0, None, "Not started"])
    return {**tabs, "Plan": plan}


def test_people_say_which_plans_bookings_are_partial(google: FakeGoogle, tmp_path: Path) -> None:
    """Brightline web has a task of Sam's whose Duration cannot be read, Corner cafe one of
    Bo's (who is booked only in Acme): neither is booked. The People tab never reads
    better than the truth: its subtitle and notes name both plans and why, in the
    Workload's words, with whose work it is; Sam's and Bo's loads read "at least"
    (≥), their plans marked, a week with nothing counted `≥ 0.0%` (never blank, which
    reads as free time); Acme's complete bookings of others stay plain figures."""
    plans = dict(SAM_PLANS)
    acme = [list(row) for row in plans["Acme rollout"]["Plan"]]
    acme.append([3, "Hand over", "Bo Chen", 2, "2", None, 0, None, "Not started"])
    plans["Acme rollout"] = {**plans["Acme rollout"], "Plan": acme}
    plans["Brightline web"] = _with_unschedulable_task(
        plans["Brightline web"], "Launch", "Sam Patel"
    )
    plans["Corner cafe"] = _with_unschedulable_task(plans["Corner cafe"], "Fit out", "Bo Chen")
    config = sync_config(google, tmp_path, seed_plans(google, plans) + google_portfolio(google))
    SyncJob(config, today=TODAY).run()
    rows = google.values(PORTFOLIO_KEY, "People")
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Person")
    lead = [row[0] for row in rows[:header]]
    assert lead[1].endswith(
        "Bookings partial in 2 plans (below): 2 of the loads are at least what is shown (≥)."
    )
    assert lead[-2:] == [
        "Bookings partial in Brightline web: 1 task cannot be scheduled until Plan!D3 is "
        "fixed, so their work is not counted here (tasks of Sam  Patel).",
        "Bookings partial in Corner cafe: 1 task cannot be scheduled until Plan!D3 is "
        "fixed, so their work is not counted here (tasks of Bo Chen).",
    ]
    people = {row[0]: row for row in rows[header + 1 :] if not row[0].startswith("↳")}
    sam, bo = people["Sam Patel"], people["Bo Chen"]
    # Corner cafe misses Bo's work only: Sam's bookings there are whole
    assert sam[1] == "3: Acme rollout, Brightline web (partial), Corner cafe"
    assert bo[1] == "Acme rollout; not counted: their work in Corner cafe"
    shown = {row[0]: row for row in google.values(PORTFOLIO_KEY, "People", "FORMATTED_VALUE")}
    assert shown["Sam Patel"][3:5] == ["≥ 250.0%", "≥ 111.1%"]
    assert shown["Bo Chen"][3:] == ["≥ 0.0%", "≥ 40.0%"]  # nothing counted: not free time
    partial_rows = [row[:2] for row in rows[header + 1 :] if row[0].startswith("↳")]
    assert ["↳ Brightline web", "working days booked (partial)"] in partial_rows
    assert ["↳ Acme rollout", "working days booked"] in partial_rows


def test_people_read_at_least_only_where_their_own_work_is_missed(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Corner cafe cannot schedule a task of Bo's: Bo's loads read at least, while Sam,
    booked in Corner cafe too but owning none of the work it misses, keeps his whole
    figures. The at-least loads are numbers (they sum and sort) in a percent format that
    shows the ≥, as Google shows it. Then Brightline web has a row with no ID, whose
    owner is not known: it may be anyone's there, so Sam's loads read at least again."""
    plans = dict(SAM_PLANS)
    acme = [list(row) for row in plans["Acme rollout"]["Plan"]]
    acme.append([3, "Hand over", "Bo Chen", 2, "2", None, 0, None, "Not started"])
    plans["Acme rollout"] = {**plans["Acme rollout"], "Plan": acme}
    plans["Corner cafe"] = _with_unschedulable_task(plans["Corner cafe"], "Fit out", "Bo Chen")
    config = sync_config(google, tmp_path, seed_plans(google, plans) + google_portfolio(google))
    SyncJob(config, today=TODAY).run()

    def people(render: str = "UNFORMATTED_VALUE") -> tuple[list[Any], dict[str, list[Any]]]:
        rows = google.values(PORTFOLIO_KEY, "People", render)
        header = next(i for i, row in enumerate(rows) if row and row[0] == "Person")
        named = {row[0]: row for row in rows[header + 1 :] if not row[0].startswith("↳")}
        return rows[:header], named

    lead, named = people()
    assert lead[1][0].endswith(
        "Bookings partial in 1 plan (below): 1 of the loads is at least what is shown (≥)."
    )
    sam, bo = named["Sam Patel"], named["Bo Chen"]
    assert sam[1] == "3: Acme rollout, Brightline web, Corner cafe"
    assert sam[3] == 2.5
    assert sam[4] == pytest.approx(5 / 4.5)
    assert bo[1] == "Acme rollout; not counted: their work in Corner cafe"
    assert bo[3:] == [0, 0.4]
    _, shown = people("FORMATTED_VALUE")
    assert shown["Sam Patel"][3:5] == ["250.0%", "111.1%"]
    assert shown["Bo Chen"][3:] == ["≥ 0.0%", "≥ 40.0%"]

    brightline = [list(row) for row in plans["Brightline web"]["Plan"]]
    brightline.append([None, "Extra pages", "Ann Lee", 2, "", None, 0, None, "Not started"])
    plans["Brightline web"] = {**plans["Brightline web"], "Plan": brightline}
    seed_plans(google, plans)
    SyncJob(config, today=TODAY + timedelta(days=1)).run()
    lead, named = people()
    assert lead[-2][0].startswith("Bookings partial in Brightline web: 1 task cannot be ")
    assert lead[-2][0].endswith(
        "(rows whose owner is not known: the loads of everyone it books read at least what "
        "is shown)."
    )
    assert named["Sam Patel"][1] == "3: Acme rollout, Brightline web (partial), Corner cafe"
    _, shown = people("FORMATTED_VALUE")
    assert shown["Sam Patel"][3:5] == ["≥ 250.0%", "≥ 111.1%"]


def test_portfolio_tabs_carry_pmkit_marks(google: FakeGoogle, tmp_path: Path) -> None:
    """Each tab is marked as pmkit's (developer metadata), like a plan's output tabs."""
    config = sync_config(google, tmp_path, seed_plans(google, SAM_PLANS) + google_portfolio(google))
    SyncJob(config, today=TODAY).run()
    for title in ("Portfolio", "People"):
        tab = google.spreadsheets[PORTFOLIO_KEY].sheet_named(title)
        marks = {m["metadataKey"]: m["metadataValue"] for m in tab.developer_metadata}
        assert marks == {"PMKIT_OUTPUT": title}


def test_owners_own_portfolio_tab_is_never_replaced(google: FakeGoogle, tmp_path: Path) -> None:
    """A Portfolio tab of the owner's: the portfolio is refused, the tab untouched, the
    plans synced; an empty unmarked one is taken (one more read, three calls)."""
    entries = seed_plans(google, SAM_PLANS)
    google.add_spreadsheet(PORTFOLIO_KEY, "Mine", {"Portfolio": [["My own list"], ["Acme", 3]]})
    config = sync_config(
        google, tmp_path, entries + f'\n[portfolio]\nspreadsheet = "{PORTFOLIO_KEY}"\n'
    )
    before = google.sheet_bytes(PORTFOLIO_KEY, "Portfolio")
    job = SyncJob(config, today=TODAY)
    assert [o.stage for o in job.run()] == [Stage.DONE] * 3
    assert job.portfolio is not None
    assert job.portfolio.state is PortfolioState.REFUSED
    assert "its own sheet 'Portfolio'" in str(job.portfolio.message)
    assert "the portfolio spreadsheet 'Mine' was not changed" in str(job.portfolio.message)
    assert google.sheet_bytes(PORTFOLIO_KEY, "Portfolio") == before
    assert [s.title for s in google.spreadsheets[PORTFOLIO_KEY].sheets] == ["Portfolio"]

    google.add_spreadsheet("emptyportfolio1", "Blank", {"Portfolio": []})
    other = sync_config(
        google, tmp_path, entries + '\n[portfolio]\nspreadsheet = "emptyportfolio1"\n'
    )
    job = SyncJob(other, today=TODAY)
    job.run()
    assert job.portfolio is not None
    assert job.portfolio.state is PortfolioState.WRITTEN
    assert [call[1] for call in _portfolio_calls(google, "emptyportfolio1")] == [
        "emptyportfolio1",
        "values:batchGet",
        "emptyportfolio1:batchUpdate",
    ]


def test_owner_typed_names_stay_text(google: FakeGoogle, tmp_path: Path) -> None:
    """A plan and an owner named like formulas are text cells; the plan's link is its
    spreadsheet's address, never built from the name."""
    tabs = many_client_tabs(1)
    tabs["Plan"][1][2] = "=1+1"
    google.add_spreadsheet(plan_key(0), HOSTILE, tabs)
    entries = f"[[plans]]\nname = '{HOSTILE}'\nspreadsheet = \"{plan_key(0)}\"\n"
    SyncJob(sync_config(google, tmp_path, entries + google_portfolio(google)), today=TODAY).run()
    texts = []
    for title in ("Portfolio", "People"):
        for cell in google.cells(PORTFOLIO_KEY, title).values():
            value = cell.get("userEnteredValue", {})
            assert "formulaValue" not in value
            texts.append((value.get("stringValue"), cell.get("userEnteredFormat", {})))
    (link,) = [
        fmt["textFormat"]["link"]["uri"]
        for text, fmt in texts
        if text == HOSTILE and "link" in fmt.get("textFormat", {})
    ]
    assert link == f"https://docs.google.com/spreadsheets/d/{plan_key(0)}"
    assert any(text == "=1+1" for text, _ in texts)


def test_dry_run_and_only_write_no_portfolio(google: FakeGoogle, tmp_path: Path) -> None:
    """A dry run and an `--only` run read plans but leave the portfolio alone."""
    config = sync_config(google, tmp_path, seed_plans(google, SAM_PLANS) + google_portfolio(google))
    for options in ({"dry_run": True}, {"only": "Acme rollout"}):
        job = SyncJob(config, today=TODAY, **options)
        job.run()
        assert job.portfolio is None
    assert _portfolio_calls(google) == []


def test_portfolio_only_without_a_night_says_so(google: FakeGoogle, tmp_path: Path) -> None:
    """`--portfolio-only` before any run: failed, saying to run the sync first."""
    config = sync_config(google, tmp_path, seed_plans(google, SAM_PLANS) + google_portfolio(google))
    outcome = SyncJob(config, today=TODAY).run_portfolio_only()
    assert outcome.state is PortfolioState.FAILED
    assert "run pmkit sync first" in str(outcome.message)
    assert _portfolio_calls(google) == []


def test_exactly_one_shard_finds_it_finished_last(tmp_path: Path) -> None:
    """Eight shards finishing at once, each on its own connection: each counts a different
    number of finished shards, so exactly one sees all eight."""
    database = str(tmp_path / "history.sqlite")
    History(database).close()
    counts = finish_shards_at_once(database, TODAY, 8)
    assert sorted(counts) == list(range(1, 9))


# -- local workbooks ---------------------------------------------------------------------


def _workbooks(folder: Path, plans: dict[str, dict[str, list[list[Any]]]] = SAM_PLANS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, tabs in plans.items():
        book = openpyxl.Workbook()
        book.remove(book.active)  # type: ignore[arg-type]
        for title, rows in tabs.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
        book.save(folder / f"{name}.xlsx")


def _local_config(google: FakeGoogle, tmp_path: Path, folder: Path, portfolio: Path) -> Any:
    return sync_config(
        google,
        tmp_path,
        f'[[plans]]\nname = "Clients"\nfolder = "{folder}"\n\n[portfolio]\nfile = "{portfolio}"\n',
    )


def test_local_portfolio_workbook(google: FakeGoogle, tmp_path: Path) -> None:
    """A portfolio workbook beside the plans (never taken for one): a row per plan linked to
    its file, Sam's 250 %; next night an owner's own sheet in it is kept, a backup made."""
    folder = tmp_path / "plans"
    _workbooks(folder)
    portfolio = folder / "portfolio.xlsx"
    config = _local_config(google, tmp_path, folder, portfolio)
    job = SyncJob(config, today=TODAY)
    assert [o.name for o in job.run()] == [f"Clients / {name}.xlsx" for name in SAM_PLANS]
    assert job.portfolio is not None
    assert job.portfolio.state is PortfolioState.WRITTEN
    book = openpyxl.load_workbook(portfolio)
    assert book.sheetnames == ["Portfolio", "People"]
    sheet = book["Portfolio"]
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Plan")
    names = {sheet.cell(r, 1).value: sheet.cell(r, 1) for r in range(header + 1, header + 4)}
    acme = names["Clients / Acme rollout.xlsx"]
    assert acme.hyperlink is not None
    assert acme.hyperlink.target == (folder / "Acme rollout.xlsx").resolve().as_uri()
    people = book["People"]
    sam = next(r for r in range(1, 20) if people.cell(r, 1).value == "Sam Patel")
    assert people.cell(sam, 4).value == pytest.approx(2.5)

    book["Portfolio"]["A1"] = "renamed by hand"  # pmkit's own sheet: rebuilt
    book.create_sheet("My notes")["A1"] = "call Acme on Monday"
    book.save(portfolio)
    job = SyncJob(config, today=TODAY + timedelta(days=1))
    job.run()
    assert job.portfolio is not None
    assert job.portfolio.state is PortfolioState.WRITTEN
    book = openpyxl.load_workbook(portfolio)
    assert book["My notes"]["A1"].value == "call Acme on Monday"
    assert str(book["Portfolio"]["A1"].value).startswith("Portfolio: 3 plans")
    assert (folder / "portfolio.bak.xlsx").exists()


def test_at_least_loads_are_numbers_in_one_format_in_both_media(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Sam's task in Brightline web cannot be scheduled: his loads are at least what is
    shown, in the workbook as in Google Sheets a number (2.5) whose format shows the ≥
    (the palette's one AT_LEAST_PERCENT_FORMAT), so the week sums and sorts."""
    from pmkit.outputs.palette import AT_LEAST_PERCENT_FORMAT

    plans = dict(SAM_PLANS)
    plans["Brightline web"] = _with_unschedulable_task(
        plans["Brightline web"], "Launch", "Sam Patel"
    )
    folder = tmp_path / "plans"
    _workbooks(folder, plans)
    portfolio = folder / "portfolio.xlsx"
    SyncJob(_local_config(google, tmp_path, folder, portfolio), today=TODAY).run()
    people = openpyxl.load_workbook(portfolio)["People"]
    sam = next(r for r in range(1, 30) if people.cell(r, 1).value == "Sam Patel")
    week = people.cell(sam, 4)
    assert week.data_type == "n"
    assert week.value == pytest.approx(2.5)
    assert week.number_format == AT_LEAST_PERCENT_FORMAT == '"≥ "0.0%'

    (tmp_path / "google").mkdir()
    google_config = sync_config(
        google, tmp_path / "google", seed_plans(google, plans) + google_portfolio(google)
    )
    SyncJob(google_config, today=TODAY).run()
    rows = google.values(PORTFOLIO_KEY, "People")
    row = next(i for i, values in enumerate(rows) if values and values[0] == "Sam Patel")
    cell = google.cells(PORTFOLIO_KEY, "People")[(row, 3)]
    assert cell["userEnteredValue"] == {"numberValue": 2.5}
    assert cell["userEnteredFormat"]["numberFormat"] == {
        "type": "PERCENT",
        "pattern": AT_LEAST_PERCENT_FORMAT,
    }


def test_local_portfolio_refuses_an_owners_sheet(google: FakeGoogle, tmp_path: Path) -> None:
    """A workbook with the owner's own Portfolio sheet: refused, byte-identical; the plans
    still sync."""
    folder = tmp_path / "plans"
    _workbooks(folder)
    portfolio = tmp_path / "mine.xlsx"
    before = owners_own_portfolio(portfolio)
    job = SyncJob(_local_config(google, tmp_path, folder, portfolio), today=TODAY)
    assert [o.stage for o in job.run()] == [Stage.DONE] * 3
    assert job.portfolio is not None
    assert job.portfolio.state is PortfolioState.REFUSED
    assert "mine.xlsx was not changed: it has its own sheet 'Portfolio'" in str(
        job.portfolio.message
    )
    assert portfolio.read_bytes() == before


def test_local_portfolio_keeps_owner_typed_text_as_text(google: FakeGoogle, tmp_path: Path) -> None:
    """In the workbook too, an owner named like a formula (in People and in the first thing
    to do) is a text cell: no formula anywhere in the file."""
    folder = tmp_path / "plans"
    _workbooks(folder)
    book = openpyxl.load_workbook(folder / "Corner cafe.xlsx")
    for cell, text in (("Plan!C2", "=1+1"), ("Team!A2", "=1+1")):
        sheet, _, ref = cell.partition("!")
        book[sheet][ref] = text
        book[sheet][ref].data_type = "s"  # typed as text, as Excel keeps '=1+1
    book.save(folder / "Corner cafe.xlsx")
    portfolio = tmp_path / "portfolio.xlsx"
    job = SyncJob(_local_config(google, tmp_path, folder, portfolio), today=TODAY)
    job.run()
    assert job.portfolio is not None
    assert job.portfolio.state is PortfolioState.WRITTEN
    written = openpyxl.load_workbook(portfolio)
    cells = [cell for sheet in written for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [str(cell.value) for cell in cells if isinstance(cell.value, str)]
    assert "=1+1" in texts  # the person, in People
    assert any(text.startswith("=1+1: Free up time") for text in texts)  # first thing to do
    with zipfile.ZipFile(portfolio) as package:
        sheets = [name for name in package.namelist() if name.startswith("xl/worksheets/")]
        assert all(b"<f>" not in package.read(name) for name in sheets)


def test_folder_not_listed_tonight_keeps_its_plans_stale(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """A folder that cannot be listed tonight: its plans as it last listed them, each
    with last night's figures and why they were not reached."""
    folder = tmp_path / "plans"
    _workbooks(folder)
    portfolio = tmp_path / "portfolio.xlsx"
    config = _local_config(google, tmp_path, folder, portfolio)
    SyncJob(config, today=TODAY - timedelta(days=1)).run()
    folder.rename(tmp_path / "moved")
    job = SyncJob(config, today=TODAY)
    (outcome,) = job.run()
    assert outcome.stage is Stage.FAILED
    assert job.portfolio is not None
    assert job.portfolio.plans == 3
    sheet = openpyxl.load_workbook(portfolio)["Portfolio"]
    tonight = [sheet.cell(r, _column("Tonight") + 1).value for r in range(1, sheet.max_row + 1)]
    reached = [text for text in tonight if str(text).startswith("not reached")]
    assert len(reached) == 3
    assert reached[0] == (
        f"not reached: figures from Thu 19 Mar 2026 — the folder {folder} does not exist"
    )


def test_a_workbook_gone_from_its_folder_is_said_not_dropped(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Acme's workbook is moved out of the folder: the run's outcomes, its log and the
    portfolio keep it, with its last figures and where it was (a client's plan must not
    vanish from the morning's reading); back the next night, it is synced. Gone over two
    weeks after its last figures, it is dropped."""
    folder = tmp_path / "plans"
    _workbooks(folder)
    portfolio = tmp_path / "portfolio.xlsx"
    config = _local_config(google, tmp_path, folder, portfolio)
    SyncJob(config, today=TODAY - timedelta(days=1)).run()
    acme = folder / "Acme rollout.xlsx"
    acme.rename(tmp_path / acme.name)
    why = f"Acme rollout.xlsx is no longer in the folder {folder} (moved, renamed or deleted?)"
    for night in (TODAY, TODAY + timedelta(days=1)):
        job = SyncJob(config, today=night)
        outcomes = {outcome.name: outcome for outcome in job.run()}
        gone = outcomes["Clients / Acme rollout.xlsx"]
        assert (gone.stage, gone.message, gone.failed) == (Stage.MISSING, why, False)
        assert job.portfolio is not None
        assert job.portfolio.plans == 3
        sheet = openpyxl.load_workbook(portfolio)["Portfolio"]
        tonight = [sheet.cell(r, _column("Tonight") + 1).value for r in range(1, 20)]
        assert f"not found: figures from Thu 19 Mar 2026 — {why}" in tonight
    (tmp_path / acme.name).rename(acme)
    outcomes = {o.name: o for o in SyncJob(config, today=TODAY + timedelta(days=2)).run()}
    assert outcomes["Clients / Acme rollout.xlsx"].stage is Stage.DONE
    acme.unlink()
    (gone,) = [o for o in SyncJob(config, today=TODAY + timedelta(days=16)).run() if o.message]
    assert gone.stage is Stage.MISSING  # its figures of 22 Mar are two weeks old
    job = SyncJob(config, today=TODAY + timedelta(days=17))
    assert "Clients / Acme rollout.xlsx" not in {outcome.name for outcome in job.run()}
    assert job.portfolio is not None
    assert job.portfolio.plans == 2


def test_version_4_history_is_upgraded_and_its_nights_shown(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Migration 5 keeps a night an older pmkit recorded: tonight's portfolio draws it in
    the plan's trend, and figures that night did not keep read as not known."""
    config = sync_config(google, tmp_path, seed_plans(google, {"Client 03": many_client_tabs(3)}))
    database = config.history.database
    History(database, upto=4).close()
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, slip_days, errors,"
            " warnings, infos, recorded_at) VALUES (?, '2026-03-19', 'Client 03', 'Red', 1, 0,"
            " 0, 0, '2026-03-19 02:00:00')",
            (f"sheets:{plan_key(0)}",),
        )
    history = History(database)
    assert history.version() == SCHEMA_VERSION
    (old,) = history.runs(f"sheets:{plan_key(0)}")
    assert (old.slip_days, old.baseline_finish, old.first_action) == (1, None, None)
    history.close()
    portfolio_config = sync_config(
        google,
        tmp_path,
        f'[[plans]]\nname = "Client 03"\nspreadsheet = "{plan_key(0)}"\n'
        + google_portfolio(google),
    )
    SyncJob(portfolio_config, today=TODAY).run()
    (row,) = _table(google)
    trend = _column("Slip, last 7 nights")
    assert row[trend : trend + 2] == ["▃█", "2 working days worse"]


def test_night_an_older_pmkit_recorded_never_reads_as_complete_bookings(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Corner cafe's last night was recorded before migration 7 (no note of the work its
    bookings miss) and it is not reached tonight: its bookings are not known to be
    complete, so its people's loads read "at least" and a note says why — never better
    than the truth. A night recorded since says what it knows."""
    plans = {name: SAM_PLANS[name] for name in ("Acme rollout", "Brightline web")}
    entries = seed_plans(google, plans)
    entries += f'\n[[plans]]\nname = "Corner cafe"\nspreadsheet = "{plan_key(2)}"\n'
    config = sync_config(google, tmp_path, entries + google_portfolio(google))
    database = config.history.database
    History(database, upto=6).close()
    key = f"sheets:{plan_key(2)}"
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, slip_days, errors,"
            " warnings, infos, recorded_at) VALUES (?, '2026-03-19', 'Corner cafe', 'Green', 0,"
            " 0, 0, 0, '2026-03-19 02:00:00')",
            (key,),
        )
        db.execute(
            "INSERT INTO owner_weeks VALUES (?, '2026-03-19', 'sampatel', '2026-03-30',"
            " 'SAM PATEL', 0.1, 2, 5)",
            (key,),
        )
    history = History(database)
    (old,) = history.runs(key)
    assert (old.bookings_partial, old.bookings_noted) == (None, None)
    history.close()
    outcomes = SyncJob(config, today=TODAY).run()
    assert [o.stage for o in outcomes] == [Stage.DONE, Stage.DONE, Stage.FAILED]
    rows = google.values(PORTFOLIO_KEY, "People")
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Person")
    assert rows[header - 1][0] == (
        "Bookings may be partial in Corner cafe: its figures are from a run by an older "
        "pmkit, which did not note work that cannot be scheduled, so its people's loads "
        "read at least what is shown until its next run."
    )
    (sam,) = [row for row in rows[header + 1 :] if row[0] == "Sam Patel"]
    assert sam[1] == "3: Acme rollout, Brightline web, Corner cafe (partial)"
    shown = google.values(PORTFOLIO_KEY, "People", "FORMATTED_VALUE")
    (sam,) = [row for row in shown[header + 1 :] if row[0] == "Sam Patel"]
    assert all(str(cell).startswith("≥ ") for cell in sam[3:])
    tonight = History(database)
    assert all(run.bookings_noted for run in tonight.runs(f"sheets:{plan_key(0)}"))
    tonight.close()


def test_night_before_owners_were_known_whole_reads_at_least_for_everyone_it_books(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Corner cafe's last night was recorded after migration 7 but before 9: it named Bo
    as the owner of the work it missed, without saying whether that was everyone's. It
    may be anyone's, so Sam, booked there, reads at least too, and the note says why."""
    plans = {name: SAM_PLANS[name] for name in ("Acme rollout", "Brightline web")}
    entries = seed_plans(google, plans)
    entries += f'\n[[plans]]\nname = "Corner cafe"\nspreadsheet = "{plan_key(2)}"\n'
    config = sync_config(google, tmp_path, entries + google_portfolio(google))
    database = config.history.database
    History(database, upto=8).close()
    key = f"sheets:{plan_key(2)}"
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, slip_days, errors,"
            " warnings, infos, recorded_at, bookings_partial, partial_owners, bookings_noted)"
            " VALUES (?, '2026-03-19', 'Corner cafe', 'Amber', NULL, 1, 0, 0,"
            " '2026-03-19 02:00:00', '1 task cannot be scheduled until Plan!D3 is fixed',"
            " 'Bo Chen', 1)",
            (key,),
        )
        db.execute(
            "INSERT INTO owner_weeks VALUES (?, '2026-03-19', 'sampatel', '2026-03-30',"
            " 'SAM PATEL', 0.1, 2, 5)",
            (key,),
        )
    SyncJob(config, today=TODAY).run()
    rows = google.values(PORTFOLIO_KEY, "People")
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Person")
    assert rows[header - 1][0] == (
        "Bookings partial in Corner cafe: 1 task cannot be scheduled until Plan!D3 is fixed, "
        "so their work is not counted here (tasks of Bo Chen; recorded by an older pmkit, "
        "which did not note whether it named every owner: the loads of everyone it books "
        "read at least what is shown)."
    )
    (sam,) = [row for row in rows[header + 1 :] if row[0] == "Sam Patel"]
    assert sam[1] == "3: Acme rollout, Brightline web, Corner cafe (partial)"
    tonight = History(database)
    assert all(run.partial_owners_known for run in tonight.runs(f"sheets:{plan_key(0)}"))
    tonight.close()


ACME_KEY = "1AcmeRollout_first_spreadsheet_id_x7Qz2A"
OTHER_ACME_KEY = "1AcmeRollout_second_spreadsheetid_k9Lm4B"


def test_two_drive_spreadsheets_of_one_title_are_two_plans_everywhere(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Two spreadsheets titled "Acme rollout" in one Drive folder: each plan is named with
    the end of its spreadsheet id (only they are; the same names every night), kept
    apart in the history, and on the People tab Sam is in two plans with both shares
    (their bookings never merged by name); `--only` takes the new name."""
    google.add_spreadsheet(
        OTHER_ACME_KEY, "Acme rollout", SAM_PLANS["Brightline web"], parents=("FOLDER",)
    )
    google.add_spreadsheet(ACME_KEY, "Acme rollout", SAM_PLANS["Acme rollout"], parents=("FOLDER",))
    google.add_spreadsheet(
        "1CornerCafe", "Corner cafe", SAM_PLANS["Corner cafe"], parents=("FOLDER",)
    )
    plans = '[[plans]]\nname = "Clients"\ndrive_folder = "FOLDER"\n'
    config = sync_config(google, tmp_path, plans + google_portfolio(google))
    names = {
        "Clients / Acme rollout (id x7Qz2A)",
        "Clients / Acme rollout (id k9Lm4B)",
        "Clients / Corner cafe",
    }
    for night in (TODAY - timedelta(days=1), TODAY):
        outcomes = SyncJob(config, today=night).run()
        assert {o.name for o in outcomes} == names
        assert all(o.stage is Stage.DONE for o in outcomes)
    history = History(config.history.database)
    for key, name in ((ACME_KEY, "x7Qz2A"), (OTHER_ACME_KEY, "k9Lm4B")):
        runs = history.runs(f"sheets:{key}")
        assert [run.plan_name for run in runs] == [f"Clients / Acme rollout (id {name})"] * 2
    history.close()
    rows = google.values(PORTFOLIO_KEY, "People")
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Person")
    sam = rows[header + 1]
    assert " ".join(sam[0].split()).casefold() == "sam patel"
    assert sam[1:3] == [
        "3: Clients / Acme rollout (id k9Lm4B), Clients / Acme rollout (id x7Qz2A), "
        "Clients / Corner cafe",
        0.9,
    ]
    assert sam[3:5] == [2.5, pytest.approx(10 / 9)]  # as with three plans of three names
    only = SyncJob(config, today=TODAY, only="Clients / Acme rollout (id x7Qz2A)").run()
    assert [(o.name, o.key) for o in only] == [
        ("Clients / Acme rollout (id x7Qz2A)", f"sheets:{ACME_KEY}")
    ]


def test_scope_growth_a_duration_nobody_can_read_adds_to_reads_at_least_every_night(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Client 01 grew by a working day since its baseline, and a task was added whose
    Duration cannot be read: the growth is at least what is counted. The plan's Summary
    and History tabs and the portfolio's Unapproved growth all read `≥`, a number still
    (it sorts); a night an older pmkit recorded (before migration 10) keeps its plain
    figure, as it was shown."""
    tabs = many_client_tabs(1)
    plan = [list(row) for row in tabs["Plan"]]
    plan.append([4, "Extra reports", "Ann", "two weeks", "", None, 0, None, "Not started"])
    tabs = {**tabs, "Plan": plan}
    config = sync_config(
        google, tmp_path, seed_plans(google, {"Client 01": tabs}) + google_portfolio(google)
    )
    SyncJob(config, today=TODAY).run()
    key = f"sheets:{plan_key(0)}"
    history = History(config.history.database)
    (run,) = history.runs(key)
    history.close()
    assert run.scope_growth_days is not None
    assert run.scope_growth_days > 0
    assert (run.scope_growth_days_at_least, run.approved_growth_days_at_least) == (True, False)
    growth = _column("Unapproved growth")
    (row,) = _table(google)
    assert row[growth] == run.scope_growth_days  # a number
    (shown,) = [
        r
        for r in google.values(PORTFOLIO_KEY, "Portfolio", "FORMATTED_VALUE")
        if r and r[0] == "Client 01"
    ]
    assert shown[growth] == f"≥ {run.scope_growth_days * 100:.1f}%"
    assert shown[growth + 1] == "0.0%"  # approved growth: exact
    summary = {
        r[0]: r[1] for r in google.values(plan_key(0), "Summary", "FORMATTED_VALUE") if len(r) > 1
    }
    assert summary["Unapproved growth, work"] == shown[growth]
    assert summary["Approved growth, work"] == "0.0%"
    history_rows = google.values(plan_key(0), "History", "FORMATTED_VALUE")
    header = next(i for i, r in enumerate(history_rows) if r and r[0] == "Run date")
    column = history_rows[header].index("Unapproved scope growth (days)")
    assert history_rows[header + 1][column] == shown[growth]


def test_a_growth_figure_recorded_before_minimums_were_noted_stays_plain(
    tmp_path: Path,
) -> None:
    """Migration 10 adds the two columns; a run recorded before it reads them as None,
    and the portfolio shows its growth as the figure it was."""
    from sheets_sync.portfolio import plan_night

    database = str(tmp_path / "history.sqlite")
    History(database, upto=9).close()
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO plan_runs (plan_key, run_date, plan_name, status, slip_days, errors,"
            " warnings, infos, recorded_at, scope_growth_days) VALUES ('file:/x',"
            " '2026-03-19', 'Old', 'Green', 0, 0, 0, 0, '2026-03-19 02:00:00', 0.25)"
        )
    history = History(database)
    assert history.version() == SCHEMA_VERSION
    (old,) = history.runs("file:/x")
    history.close()
    assert (old.scope_growth_days, old.scope_growth_days_at_least) == (0.25, None)
    night = plan_night(old)
    assert (night.unapproved_growth, night.unapproved_growth_at_least) == (0.25, False)


def test_a_plan_past_its_agreed_finish_with_an_unknown_slip_reads_how_late_at_least(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """Late client's agreed finish was Fri 13 Mar and on Fri 20 Mar its task 2 cannot be
    scheduled (a Duration nobody can read): the slip is unknown, but the project is at
    least 5 working days late. The history keeps it, and the portfolio's Slip reads
    `≥ 5` in red (it read a muted "unknown", which a PM could take for on time); the
    night's outcome carries it for the console table."""
    from pmkit.outputs.cells import Tone
    from pmkit.outputs.portfolio import build_portfolio_sheet
    from sheets_sync.portfolio import plan_night
    from tests.sync.portfolio_plans import client_tabs

    tabs = client_tabs(
        "Late client",
        [
            (1, "Plan the work", "Ann", 3, "", date(2026, 3, 2)),
            (2, "Do the work", "Bob", 5, "1", date(2026, 3, 5)),
            (3, "Hand over", "Cy", 2, "2", date(2026, 3, 12)),
        ],
    )
    assert tabs["Plan"][3][10] == date(2026, 3, 13)  # the agreed finish
    tabs["Plan"][2][3] = "five days"
    config = sync_config(
        google, tmp_path, seed_plans(google, {"Late client": tabs}) + google_portfolio(google)
    )
    (outcome,) = SyncJob(config, today=TODAY).run()
    assert (outcome.slip_days, outcome.late_at_least) == (None, 5)
    history = History(config.history.database)
    (run,) = history.runs(f"sheets:{plan_key(0)}")
    history.close()
    assert (run.slip_days, run.late_at_least) == (None, 5)
    (row,) = _table(google)
    assert row[_column("Slip (working days)")] == "≥ 5"
    from pmkit.engine.portfolio import Outcome, PlanLine, SlipTrend

    line = PlanLine("Late client", plan_night(run), SlipTrend((None,)), Outcome.SYNCED)
    (drawn,) = build_portfolio_sheet(TODAY, [line]).body()
    assert drawn.cells[_column("Slip (working days)")].tone is Tone.RED
