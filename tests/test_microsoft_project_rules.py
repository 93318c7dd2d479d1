"""Microsoft Project's rules beyond plain links (SPEC section 3), each in both entry forms.

Every rule is checked on a small plan worked out by hand, once typed as an owner's plan
workbook and once as Microsoft Project XML; both must give the same dates.

The weeks of MONDAY (2026-03-02): Mon 2 … Fri 6, Mon 9 … Fri 13, Mon 16 … Fri 20.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pmkit
from pmkit.cli import main
from pmkit.engine.issues import Code
from tests.builders import write_workbook
from tests.mspdi.mspdi_text import link, project, task


def day(number: int) -> date:
    """A day of March 2026."""
    return date(2026, 3, number)


MONDAY = day(2)


def at(number: int, clock: str = "08:00:00") -> str:
    """An MSPDI instant on a day of March 2026."""
    return f"2026-03-{number:02d}T{clock}"


def from_workbook(
    tmp_path: Path, header: list[str], *rows: list[Any], start: date | None = MONDAY
) -> pmkit.Analysis:
    """Analyse a Plan sheet typed as an owner would, in pure-logic mode."""
    settings: list[list[Any]] = [
        ["Setting", "Value"],
        ["Move Unfinished Work Past Status Date", "No"],
    ]
    if start is not None:
        settings.append(["Project Start", start])
    path = write_workbook(tmp_path / "plan.xlsx", {"Plan": [header, *rows], "Settings": settings})
    return pmkit.analyze(pmkit.read_plan(path), day(2))


def from_project_xml(tmp_path: Path, *tasks: str, start: str = at(2)) -> pmkit.Analysis:
    """Analyse a Microsoft Project XML file."""
    path = tmp_path / "plan.xml"
    path.write_text(project(*tasks, header=f"<StartDate>{start}</StartDate>"), encoding="utf-8")
    return pmkit.analyze(pmkit.read_plan(path), day(2))


def dates(result: pmkit.Analysis, task_id: str) -> tuple[date | None, ...]:
    row = result.tasks[task_id]
    return (row.early_start, row.early_finish, row.late_start, row.late_finish)


def days(hours: int) -> str:
    return f"PT{hours * 8}H0M0S"


def constraint(kind: int, instant: str) -> str:
    return f"<ConstraintType>{kind}</ConstraintType><ConstraintDate>{instant}</ConstraintDate>"


# -- (a) Start No Earlier Than before the project start ------------------------------------


def test_an_unlinked_start_no_earlier_than_before_the_project_start_places_the_task_on_it(
    tmp_path: Path,
) -> None:
    """Project start Mon 9; A (2 d, SNET Mon 2) runs Mon 2–Tue 3, late Tue 10–Wed 11 (the
    project finish); B (3 d) runs Mon 9–Wed 11."""
    expected_a = (day(2), day(3), day(10), day(11))
    expected_b = (day(9), day(11), day(9), day(11))
    typed = from_workbook(
        tmp_path,
        ["ID", "Task", "Duration", "Start No Earlier Than"],
        [1, "A", 2, day(2)],
        [2, "B", 3, None],
        start=day(9),
    )
    assert (dates(typed, "1"), dates(typed, "2")) == (expected_a, expected_b)
    xml = from_project_xml(
        tmp_path,
        task(1, "A", days(2), extra=constraint(4, at(2))),
        task(2, "B", days(3)),
        start=at(9),
    )
    assert (dates(xml, "1"), dates(xml, "2")) == (expected_a, expected_b)


def test_an_unconstrained_task_still_never_starts_before_the_project_start(tmp_path: Path) -> None:
    """A lead that would pull B before the project start holds it there (SPEC section 3)."""
    typed = from_workbook(
        tmp_path,
        ["ID", "Task", "Duration", "Predecessors", "Start No Earlier Than"],
        [1, "A", 2, None, day(2)],
        [2, "B", 1, "1FS-3", None],
        start=day(4),
    )
    assert typed.tasks["1"].early_start == day(2)
    assert typed.tasks["2"].early_start == day(4)


# -- (c) a completed milestone whose actual start and finish are one instant -----------------


def test_a_milestone_done_at_one_instant_is_not_finished_before_it_started(tmp_path: Path) -> None:
    """Actual start = actual finish = Wed 4 08:00 after a finish is one day, Tue 3, in both
    fields; the import then writes a workbook that validates."""
    done = "<PercentComplete>100</PercentComplete>"
    xml = tmp_path / "plan.xml"
    xml.write_text(
        project(
            task(
                1,
                "Build",
                days(2),
                extra=f"{done}<ActualStart>{at(2)}</ActualStart>"
                f"<ActualFinish>{at(3, '17:00:00')}</ActualFinish>",
            ),
            task(
                2,
                "Handover",
                "PT0H0M0S",
                links=link(1),
                extra=f"{done}<ActualStart>{at(4)}</ActualStart><ActualFinish>{at(4)}</ActualFinish>",
            ),
        ),
        encoding="utf-8",
    )
    plan = pmkit.read_plan(xml)
    milestone = plan.task_by_id()["2"]
    assert (milestone.actual_start, milestone.actual_finish) == (day(3), day(3))
    result = pmkit.analyze(plan, day(5))
    assert Code.ACTUAL_FINISH_BEFORE_START not in {issue.code for issue in result.issues}
    assert dates(result, "2") == (day(3), day(3), day(3), day(3))
    workbook = tmp_path / "plan.xlsx"
    assert main(["import", str(xml), "-o", str(workbook)]) == 0
    assert main(["validate", str(workbook)]) == 0
    typed = pmkit.analyze(pmkit.read_plan(workbook), day(5))
    assert dates(typed, "2") == dates(result, "2")
