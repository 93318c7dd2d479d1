"""Local folders of workbooks: which files are plans, locked files, safe in-place outputs."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from sheets_sync.folders import list_workbooks
from sheets_sync.history import History
from sheets_sync.job import Stage, SyncJob
from tests.builders import write_workbook
from tests.sync.fake_google import FakeGoogle
from tests.sync.nightly_plans import NIGHTS, night_tabs
from tests.sync.sample_plans import plan_tabs
from tests.sync.sync_support import TODAY, record_green_nights, sync_config

IMPORTXML = '=IMPORTXML("http://x","//a")'


def _workbook(path: Path, tasks: int = 6) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in plan_tabs(tasks, first_name=IMPORTXML).items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    sheet = book["Plan"]
    sheet.cell(2, 2).data_type = "s"  # the owner typed it as text (Excel shows it verbatim)
    book.save(path)
    return path


def _plans(folder: Path) -> str:
    return f'[[plans]]\nname = "Shared"\nfolder = "{folder}"\n'


def test_list_workbooks_skips_locks_backups_and_other_files(tmp_path: Path) -> None:
    """Only real workbooks: no ~$ owner files, no .bak copies, no temp files, no PDFs."""
    for name in ("b.xlsx", "a.xlsm", "~$a.xlsm", "a.bak.xlsm", ".~b-123.xlsx", "notes.pdf"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub.xlsx").mkdir()
    assert [p.name for p in list_workbooks(tmp_path)] == ["a.xlsm", "b.xlsx"]


def test_folder_plans_get_outputs_in_place(google: FakeGoogle, tmp_path: Path) -> None:
    """Each workbook gains Summary, Schedule, Flags, Gantt, Workload (its tasks have owners)
    and a History sheet with a chart."""
    folder = tmp_path / "plans"
    folder.mkdir()
    path = _workbook(folder / "relaunch.xlsx")
    outcomes = SyncJob(sync_config(google, tmp_path, _plans(folder)), today=TODAY).run()
    assert [(o.name, o.stage) for o in outcomes] == [("Shared / relaunch.xlsx", Stage.DONE)]
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-6:] == ["Summary", "Schedule", "Flags", "Gantt", "Workload", "History"]
    # openpyxl keeps a sheet's charts in `_charts` (no public reader); its stubs leave it out.
    assert len(book["History"]._charts) == 1  # type: ignore[attr-defined]
    # each night a point: a night between two whose slip was unknown still shows
    with zipfile.ZipFile(path) as package:
        chart = package.read("xl/charts/chart1.xml").decode()
    assert 'symbol val="circle"' in chart
    name = book["Schedule"].cell(2, 2)
    assert (name.value, name.data_type) == (IMPORTXML, "s")
    assert google.log == []  # local plans never touch Google


def test_second_local_run_replaces_the_days_row(google: FakeGoogle, tmp_path: Path) -> None:
    """Running twice keeps the sheets once and one history row for the day."""
    folder = tmp_path / "plans"
    folder.mkdir()
    path = _workbook(folder / "relaunch.xlsx")
    config = sync_config(google, tmp_path, _plans(folder))
    SyncJob(config, today=TODAY).run()
    SyncJob(config, today=TODAY).run()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames.count("Schedule") == 1
    history_rows = list(book["History"].iter_rows(min_row=4, values_only=True))
    assert len(history_rows) == 1
    assert len(History(str(tmp_path / "history.sqlite")).runs(f"file:{path.resolve()}")) == 1


@pytest.mark.parametrize(
    "lock_name",
    [pytest.param("~$relaunch.xlsx", id="full-name"), pytest.param("~$launch.xlsx", id="short")],
)
def test_workbook_open_in_excel_is_skipped(
    google: FakeGoogle, tmp_path: Path, lock_name: str
) -> None:
    """A workbook with an Excel lock file beside it is skipped with a message, not failed."""
    folder = tmp_path / "plans"
    folder.mkdir()
    path = _workbook(folder / "relaunch.xlsx")
    _workbook(folder / "other.xlsx")
    (folder / lock_name).write_bytes(b"owner")
    before = path.read_bytes()
    outcomes = SyncJob(sync_config(google, tmp_path, _plans(folder)), today=TODAY).run()
    stages = {o.name: (o.stage, o.message) for o in outcomes}
    stage, message = stages["Shared / relaunch.xlsx"]
    assert stage is Stage.SKIPPED
    assert "open in Excel" in str(message)
    assert stages["Shared / other.xlsx"][0] is Stage.DONE
    assert path.read_bytes() == before


def test_unreadable_workbook_fails_alone(google: FakeGoogle, tmp_path: Path) -> None:
    """A file that is not a workbook fails with one line; the others sync."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "broken.xlsx").write_bytes(b"not a zip")
    _workbook(folder / "good.xlsx")
    outcomes = SyncJob(sync_config(google, tmp_path, _plans(folder)), today=TODAY).run()
    stages = {o.name: o.stage for o in outcomes}
    assert stages == {"Shared / broken.xlsx": Stage.FAILED, "Shared / good.xlsx": Stage.DONE}


def test_missing_folder_is_reported(google: FakeGoogle, tmp_path: Path) -> None:
    """A folder entry whose folder is gone is one failed line."""
    (outcome,) = SyncJob(
        sync_config(google, tmp_path, _plans(tmp_path / "nope")), today=TODAY
    ).run()
    assert outcome.stage is Stage.FAILED
    assert "does not exist" in str(outcome.message)


def test_the_history_chart_is_replaced_not_piled_up(google: FakeGoogle, tmp_path: Path) -> None:
    """Each night's History sheet brings its chart; the old sheet's chart and drawing go
    with it, so the package never collects orphan parts."""
    import zipfile

    folder = tmp_path / "plans"
    folder.mkdir()
    path = _workbook(folder / "relaunch.xlsx")
    config = sync_config(google, tmp_path, _plans(folder))
    for _ in range(3):
        SyncJob(config, today=TODAY).run()
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode()
    assert [n for n in names if n.startswith("xl/charts/")] == ["xl/charts/chart1.xml"]
    assert [n for n in names if n.startswith("xl/drawings/drawing")] == ["xl/drawings/drawing1.xml"]
    for part in ("/xl/charts/chart", "/xl/drawings/drawing"):
        assert types.count(part) == 1
    charts = openpyxl.load_workbook(path)["History"]._charts  # type: ignore[attr-defined]
    assert len(charts) == 1  # (the stubs leave out openpyxl's private `_charts`, as above)


def test_a_report_gantt_is_redrawn_with_the_nights_summary(
    google: FakeGoogle, tmp_path: Path
) -> None:
    """After `pmkit report --in-place` on 31 March and a folder sync on 15 April, the
    Summary and the Gantt both say 15 April: the sync writes every output sheet."""
    from datetime import date, datetime

    import pmkit
    from pmkit.report import write_report

    folder = tmp_path / "plans"
    folder.mkdir()
    path = _workbook(folder / "relaunch.xlsx")
    write_report(pmkit.analyze(pmkit.read_plan(path), date(2026, 3, 31)), in_place=True)
    assert "31 Mar 2026" in str(openpyxl.load_workbook(path)["Gantt"]["A1"].value)
    plans = _plans(folder) + "status_date = 2026-04-15\n"
    (outcome,) = SyncJob(sync_config(google, tmp_path, plans), today=date(2026, 4, 15)).run()
    assert outcome.stage is Stage.DONE, outcome.message
    book = openpyxl.load_workbook(path)
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
    status_date = summary["Status date"]
    assert isinstance(status_date, datetime)
    assert status_date.date() == date(2026, 4, 15)
    gantt = book["Gantt"]
    assert "15 Apr 2026" in str(gantt["A1"].value)
    marked = [
        cell.value
        for cell in gantt[2]
        if cell.fill.fgColor.rgb and cell.fill.fgColor.rgb.endswith("C00000")
    ]
    days = [day.date() if isinstance(day, datetime) else day for day in marked]
    assert days == [date(2026, 4, 15)]  # a short plan: a column a day


def _sheet_xml(path: Path, title: str) -> bytes:
    """The bytes of the worksheet part holding the sheet `title` in the package at `path`."""
    import zipfile
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        [rel_id] = [s.get(rel) for s in workbook.iter(f"{main}sheet") if s.get("name") == title]
        [target] = [r.get("Target", "") for r in rels if r.get("Id") == rel_id]
        return archive.read("xl/" + target.removeprefix("/xl/"))


def _values(path: Path, title: str) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(path)[title].iter_rows(values_only=True))


def test_old_history_sheet_with_nights_the_history_lacks_is_left_as_it_is(
    google: FakeGoogle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit sync` over a local workbook whose unmarked History sheet an older pmkit wrote,
    holding two nights a fresh history database does not: the sheet is kept (its cells'
    values and its part's bytes as they were, still unmarked), the other sheets are
    written, and the log says so in the Google route's words — on a dry run too. Once the
    database holds every night it shows, the sheet is taken, marked and rebuilt, silently."""
    from datetime import date, datetime, timedelta

    from pmkit.cli import main

    folder = tmp_path / "plans"
    folder.mkdir()
    path = _workbook(folder / "relaunch.xlsx")
    nights = (TODAY - timedelta(days=2), TODAY - timedelta(days=1))
    book = openpyxl.load_workbook(path)
    old = book.create_sheet("History")
    old.append(["Relaunch — nightly history"])
    old.append(["One row per nightly run (a re-run the same day replaces that day's row)."])
    old.append(["Run date", "Status", "Forecast finish", "Slip (working days)"])
    for night in nights:
        run_date = datetime(night.year, night.month, night.day)
        old.append([run_date, "Green", run_date + timedelta(days=30), 0])
    book.save(path)
    values, part = _values(path, "History"), _sheet_xml(path, "History")
    database = tmp_path / "history.sqlite"
    config = tmp_path / "sync.toml"
    config.write_text(f'[history]\ndatabase = "{database}"\n{_plans(folder)}')
    said = (
        "Shared / relaunch.xlsx: the History tab was left as it is: it holds 2 nights "
        "(Wed 18 Mar 2026 to Thu 19 Mar 2026) that pmkit's history database does not, and "
        "rebuilding it would lose them. To keep them, rename that tab (for example to 'Old "
        "History'); the next run then starts a new History tab"
    )

    def sync(*options: str) -> str:
        assert main(["sync", "--config", str(config), *options]) == 0
        return " ".join(capsys.readouterr().err.split())  # the log, unwrapped

    before = path.read_bytes()
    assert said in sync("--dry-run")
    assert path.read_bytes() == before

    assert said in sync()
    assert _values(path, "History") == values
    assert _sheet_xml(path, "History") == part
    book = openpyxl.load_workbook(path)
    assert "PMKIT_OUTPUT" not in book["History"].defined_names
    assert "PMKIT_OUTPUT" in book["Summary"].defined_names  # the other sheets are written

    record_green_nights(database, f"file:{path.resolve()}", "relaunch", nights)
    assert "left as it is" not in sync()
    book = openpyxl.load_workbook(path)
    assert "PMKIT_OUTPUT" in book["History"].defined_names
    shown = [row[0] for row in book["History"].iter_rows(min_row=4, values_only=True)]
    assert [day.date() for day in shown] == [*nights, date.today()]  # type: ignore[union-attr]


def test_a_new_baseline_is_said_on_the_history_sheet(google: FakeGoogle, tmp_path: Path) -> None:
    """Night 2 re-baselined Launch from Thu 12 to Fri 20 Mar: the slip drops, and the
    night's row says why (it read as work caught up); the agreed finish of each night is
    shown beside the forecast."""
    folder = tmp_path / "plans"
    folder.mkdir()
    path = write_workbook(folder / "relaunch.xlsx", night_tabs(2))
    config = sync_config(google, tmp_path, _plans(folder))
    SyncJob(config, today=NIGHTS[2]).run()
    tabs = night_tabs(2)
    launch = tabs["Plan"][4]
    assert launch[1] == "Launch"
    launch[11:13] = [date(2026, 3, 20), date(2026, 3, 20)]  # its Baseline Start and Finish
    book = openpyxl.load_workbook(path)
    book["Plan"].delete_rows(1, book["Plan"].max_row)
    for values in tabs["Plan"]:
        book["Plan"].append(values)
    book.save(path)
    SyncJob(config, today=NIGHTS[3]).run()
    history = openpyxl.load_workbook(path)["History"]
    header, *nights = list(history.iter_rows(min_row=3, values_only=True))
    row = dict(zip(header, nights[-1], strict=True))
    first = dict(zip(header, nights[0], strict=True))
    assert (first["Agreed finish"], first["Note"]) == (datetime(2026, 3, 12), None)
    assert (row["Agreed finish"], row["Note"]) == (datetime(2026, 3, 20), "New agreed finish")
