"""Every way into pmkit that opens a plan workbook file, run the way an owner runs it.

Each entry point takes the plan's path and a scratch folder and returns an `Outcome`:
whether it refused (exit 2 on the command line; a failed or skipped plan in the nightly
sync) and the one line it said. Tests parametrise over `READERS`, `WRITERS` or `ALL`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from pmkit.cli import main
from sheets_sync.config import parse_config
from sheets_sync.job import Stage, SyncJob


@dataclass(frozen=True)
class Outcome:
    refused: bool
    message: str
    skipped: bool = False


@dataclass(frozen=True)
class EntryPoint:
    name: str
    run: Callable[[Path, Path, pytest.CaptureFixture[str]], Outcome]
    in_place: bool = False
    output: str | None = None  # the file a copy writer writes, in the scratch folder


def _command(*extra: str, output: str | None = None) -> Callable[..., Outcome]:
    def run(plan: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> Outcome:
        command, *options = extra
        argv = [command, str(plan), *options]
        if output is not None:
            argv += ["-o", str(folder / output)]
        code = main(argv)
        err = capsys.readouterr().err.strip()
        assert code in (0, 1, 2), code
        return Outcome(code == 2, err)

    return run


def run_folder_sync(plan: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> Outcome:
    """The nightly sync over the plan's own folder (its only workbook)."""
    config = parse_config(
        f'[google]\ncredentials = "anonymous"\n[history]\ndatabase = "{folder / "h.sqlite"}"\n'
        f'[[plans]]\nname = "Folder"\nfolder = "{plan.parent}"\n',
        base=folder,
    )
    logging.getLogger("sheets_sync").disabled = True
    try:
        outcomes = SyncJob(config, today=date(2026, 3, 20)).run()
    finally:
        logging.getLogger("sheets_sync").disabled = False
    (outcome,) = [o for o in outcomes if o.name.endswith(plan.name)]
    refused = outcome.stage in (Stage.FAILED, Stage.REFUSED, Stage.SKIPPED)
    return Outcome(refused, outcome.message or "", skipped=outcome.stage is Stage.SKIPPED)


VALIDATE = EntryPoint("validate", _command("validate"))
SCHEDULE = EntryPoint("schedule", _command("schedule"))
EXPORT = EntryPoint("export", _command("export", output="plan.xml"), output="plan.xml")
REPORT_COPY = EntryPoint("report -o", _command("report", output="out.xlsx"), output="out.xlsx")
REPORT_IN_PLACE = EntryPoint("report --in-place", _command("report", "--in-place"), in_place=True)
BASELINE_IN_PLACE = EntryPoint("baseline", _command("baseline"), in_place=True)
BASELINE_COPY = EntryPoint(
    "baseline -o", _command("baseline", output="copy.xlsx"), output="copy.xlsx"
)
EXCEL_COPY = EntryPoint("excel -o", _command("excel", output="excel.xlsx"), output="excel.xlsx")
EXCEL_IN_PLACE = EntryPoint("excel --in-place", _command("excel", "--in-place"), in_place=True)
FOLDER_SYNC = EntryPoint("sync (folder)", run_folder_sync, in_place=True)

READERS = (VALIDATE, SCHEDULE, EXPORT)
COPY_WRITERS = (REPORT_COPY, BASELINE_COPY, EXCEL_COPY)
IN_PLACE_WRITERS = (REPORT_IN_PLACE, BASELINE_IN_PLACE, EXCEL_IN_PLACE, FOLDER_SYNC)
WRITERS = COPY_WRITERS + IN_PLACE_WRITERS
ALL = READERS + WRITERS


def params(points: tuple[EntryPoint, ...]) -> list[object]:
    """`pytest.param`s named after the entry points."""
    return [pytest.param(point, id=point.name) for point in points]
