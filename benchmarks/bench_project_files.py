"""How far pmkit agrees with Microsoft Project on a folder of Project XML files, by feature.

    python benchmarks/bench_project_files.py FOLDER [FOLDER ...] [--details]

Every `.xml` file under the folders that is Microsoft Project XML (MSPDI) is read with
`pmkit.read_plan` and scheduled with `pmkit.analyze`; each leaf task's early and late
start and finish, total float and critical flag are compared with the values Project
stored in the file (`EarlyStart` … `TotalSlack`, `Critical`), reduced to days as
../shared/reference/README.md says: a start at the end of the working day is the next
working day, a finish at its beginning the previous one, a milestone takes the finish
rule when it (or a summary above it) follows a finish and the start rule otherwise,
total slack is in tenths of minutes of `MinutesPerDay`. Fields the file does not store
are not compared.

The table counts the compared fields that agree, for all tasks and for the tasks that
have each feature (a task can have several): constraints, manual scheduling, progress
out of sequence, leveling delay, elapsed durations, task calendars … and for the plain
tasks that have none. Files that cannot be read are counted apart. Only the public API
and the MSPDI reader's helpers are used, so the script runs on older pmkit versions too
(for a before/after comparison, run it with the older checkout first on `PYTHONPATH`).
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pmkit
from pmkit.mspdi.calendars import read_project_calendar
from pmkit.mspdi.days import DayRules
from pmkit.mspdi.document import ProjectDocument, load_project_document
from pmkit.mspdi.outline import OutlineRow, read_outline
from pmkit.mspdi.values import (
    ELAPSED_FORMATS,
    parse_bool,
    parse_datetime,
    parse_float,
    parse_int,
    parse_time,
)

FIELDS = ("early_start", "early_finish", "late_start", "late_finish", "total_float", "critical")
STORED = {
    "early_start": "EarlyStart",
    "early_finish": "EarlyFinish",
    "late_start": "LateStart",
    "late_finish": "LateFinish",
}
PLAIN = "plain (none of the below)"


@dataclass
class Tally:
    """Compared and agreeing fields, and the tasks and files they come from."""

    compared: int = 0
    agreed: int = 0
    tasks: int = 0
    files: set[str] = field(default_factory=set)

    def add(self, compared: int, agreed: int, file_name: str) -> None:
        self.compared += compared
        self.agreed += agreed
        self.tasks += 1
        self.files.add(file_name)

    @property
    def share(self) -> str:
        return f"{100 * self.agreed / self.compared:5.1f} %" if self.compared else "    –"


def _instant(document: ProjectDocument, element: ET.Element, name: str) -> datetime | None:
    value = parse_datetime(document.text(element, name) or "")
    if value is None or value.year >= 2149 or value.year < 1900:
        return None
    return value


def _follows_finish(document: ProjectDocument, element: ET.Element) -> bool:
    return any(
        parse_int(document.text(link, "Type")) in (0, 1, None)
        for link in document.children(element, "PredecessorLink")
    )


def _features(
    document: ProjectDocument,
    row: OutlineRow,
    ancestors: list[OutlineRow],
    rows_by_uid: dict[int, OutlineRow],
    project_start: datetime | None,
) -> list[str]:
    """What a task uses beyond plain links, read from the file (not from pmkit)."""
    element, text = row.element, document.text
    found = []
    constraint = parse_int(text(element, "ConstraintType")) or 0
    when = _instant(document, element, "ConstraintDate")
    if constraint == 4 and when is not None and project_start is not None and when < project_start:
        found.append("Start No Earlier Than before the project start")
    if constraint in (1, 2, 3, 5, 6, 7):
        found.append("other constraint types (MSO, MFO, FNET, SNLT, FNLT, ALAP)")
    if parse_bool(text(element, "Manual")):
        found.append("manually scheduled task")
    if any(parse_bool(text(summary.element, "Manual")) for summary in ancestors):
        found.append("beneath a manually scheduled summary")
    started = _instant(document, element, "ActualStart") is not None
    finished = _instant(document, element, "ActualFinish") is not None
    if started and not finished:
        for link in document.children(element, "PredecessorLink"):
            source = rows_by_uid.get(parse_int(text(link, "PredecessorUID")) or -1)
            if (
                source is not None
                and parse_int(text(link, "Type")) in (1, None)
                and _instant(document, source.element, "ActualFinish") is None
            ):
                found.append("progress out of sequence")
                break
    if started and "progress out of sequence" not in found:
        found.append("other progress (actual dates)")
    if (parse_float(text(element, "LevelingDelay")) or 0) > 0:
        found.append("leveling delay")
    if parse_int(text(element, "DurationFormat")) in ELAPSED_FORMATS:
        found.append("elapsed duration")
    task_calendar = parse_int(text(element, "CalendarUID"))
    if task_calendar not in (None, -1, parse_int(text(document.root, "CalendarUID"))):
        found.append("task calendar")
    if text(element, "Duration") in ("PT0H0M0S", "PT0H0M0.0S"):
        found.append("milestone")
    return found


def _file_features(document: ProjectDocument) -> list[str]:
    found = []
    if document.text(document.root, "ScheduleFromStart") == "0":
        found.append("file: scheduled from the finish")
    for exception in document.root.iter(document.tag("Exception")):
        if parse_bool(document.text(exception, "DayWorking")):
            found.append("file: calendar exceptions with working time")
            break
    return found


def compare_file(  # noqa: PLR0915 - one file compared field by field, top to bottom
    path: Path, tallies: dict[str, Tally], details: bool
) -> tuple[int, int] | None:
    """Compare one file; None when it is not Project XML pmkit can read."""
    try:
        document = load_project_document(path)
        plan = pmkit.read_plan(path)
    except Exception as exc:  # a benchmark reports any failure and goes on
        print(f"  {path.name}: not read ({type(exc).__name__}: {exc})")
        return None
    result = pmkit.analyze(plan)
    got = {row.id: row for row in result.tasks}
    root = document.root
    calendar = read_project_calendar(
        document,
        parse_time(document.text(root, "DefaultStartTime")),
        parse_time(document.text(root, "DefaultFinishTime")),
    )
    minutes_per_day = parse_float(document.text(root, "MinutesPerDay")) or 480.0
    rules = DayRules(
        calendar.work_week,
        frozenset(h.day for h in calendar.holidays),
        calendar.day_start,
        calendar.day_finish,
        minutes_per_day,
    )
    project_start = _instant(document, root, "StartDate")
    rows, _, _ = read_outline(document)
    rows_by_uid = {row.uid: row for row in rows}
    file_features = _file_features(document)
    stack: list[OutlineRow] = []
    compared_all = agreed_all = 0
    for row in rows:
        while stack and stack[-1].level >= row.level:
            stack.pop()
        if row.summary:
            stack.append(row)
            continue
        mine = got.get(row.id)
        element = row.element
        milestone = document.text(element, "Duration") in ("PT0H0M0S", "PT0H0M0.0S")
        after_finish = milestone and any(
            _follows_finish(document, item.element) for item in (*stack, row)
        )
        start_rule = rules.finish_day if after_finish else rules.start_day
        finish_rule = start_rule if milestone else rules.finish_day
        expected: dict[str, object] = {}
        for name, tag in STORED.items():
            value = _instant(document, element, tag)
            if value is not None:
                rule = start_rule if name.endswith("start") else finish_rule
                expected[name] = rule(value)
        slack = parse_float(document.text(element, "TotalSlack"))
        if slack is not None:
            expected["total_float"] = slack / (minutes_per_day * 10)
        if document.text(element, "Critical") is not None:
            expected["critical"] = parse_bool(document.text(element, "Critical"))
        agreed = 0
        misses = []
        for name, want in expected.items():
            have = getattr(mine, name, None) if mine is not None else None
            same = (
                have is not None and abs(float(have) - float(want)) < 1e-6  # type: ignore[arg-type]
                if name == "total_float"
                else have == want
            )
            agreed += same
            if not same:
                misses.append(f"{name} pmkit {have} Project {want}")
        features = _features(document, row, stack, rows_by_uid, project_start) + file_features
        for feature in [*features, "all tasks"] if features else [PLAIN, "all tasks"]:
            tallies.setdefault(feature, Tally()).add(len(expected), agreed, path.name)
        compared_all += len(expected)
        agreed_all += agreed
        if details and misses:
            print(f"    {path.name} task {row.id}: " + "; ".join(misses))
    return compared_all, agreed_all


def xml_files(folders: Iterable[Path]) -> list[Path]:
    return sorted({file for folder in folders for file in folder.rglob("*.xml")})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+", help="folders of Project XML files")
    parser.add_argument("--details", action="store_true", help="print every disagreement")
    args = parser.parse_args()
    tallies: dict[str, Tally] = {}
    per_file: list[tuple[str, int, int]] = []
    unread = 0
    for path in xml_files(args.folders):
        counts = compare_file(path, tallies, args.details)
        if counts is None:
            unread += 1
        else:
            per_file.append((path.name, *counts))
    print(f"\n{'file':<48} {'fields':>7} {'agree':>7} {'share':>8}")
    for name, compared, agreed in per_file:
        share = f"{100 * agreed / compared:5.1f} %" if compared else "    –"
        print(f"{name[:48]:<48} {compared:>7} {agreed:>7} {share:>8}")
    print(f"\n{'feature':<62} {'files':>5} {'tasks':>6} {'fields':>7} {'agree':>7} {'share':>8}")
    order = Counter({name: tally.compared for name, tally in tallies.items()})
    for name, _ in order.most_common():
        tally = tallies[name]
        print(
            f"{name:<62} {len(tally.files):>5} {tally.tasks:>6} {tally.compared:>7} "
            f"{tally.agreed:>7} {tally.share:>8}"
        )
    print(f"\n{len(per_file)} files compared, {unread} not read; pmkit {pmkit.__version__}")
    print(f"measured on {date.today().isoformat()}")


if __name__ == "__main__":
    main()
