"""The whole pipeline on a file, for tests: read once, analyse, write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pmkit.engine.analysis import analyze
from pmkit.engine.results import Analysis
from pmkit.reading import read_plan
from pmkit.report import SaveResult, set_baseline, write_report
from pmkit.report.baseline import BaselineUpdate


@dataclass(frozen=True)
class Baselined:
    analysis: Analysis
    update: BaselineUpdate
    saved: SaveResult


def report_file(
    path: Path,
    target: Path | None = None,
    *,
    in_place: bool = False,
    force: bool = False,
    status_date: date | None = None,
) -> SaveResult:
    """`pmkit report PATH [-o TARGET | --in-place]` as a library user writes it."""
    analysis = analyze(read_plan(path), status_date)
    return write_report(analysis, target, in_place=in_place, force=force)


def baseline_file(
    path: Path,
    target: Path | None = None,
    *,
    force: bool = False,
    today: date | None = None,
) -> Baselined:
    """`pmkit baseline PATH [-o TARGET] [--force]` as a library user writes it."""
    analysis = analyze(read_plan(path))
    result = set_baseline(analysis, target, force=force, overwrite=force, today=today)
    return Baselined(analysis, result.update, result.saved)
