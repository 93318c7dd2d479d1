"""Real users' Microsoft Project files (../shared/reference/real): pmkit agrees field for field.

Each case is a Project file with what Project computed for every leaf task, reduced to
days (its README). Each shows one behaviour: a Start No Earlier Than before the project
start, progress out of sequence, manually scheduled tasks and summaries, a binding Finish
No Earlier Than, a leveling delay. Skipped cleanly when ../shared is absent.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.issues import Severity
from tests.builders import REFERENCE_DIR

REAL_DIR = REFERENCE_DIR / "real"
CASES = sorted(REAL_DIR.glob("*.expected.json")) if REAL_DIR.is_dir() else []
pytestmark = pytest.mark.skipif(
    not CASES, reason="../shared/reference/real is not beside the checkout"
)


def case_params() -> list[Any]:
    return [pytest.param(path, id=path.name.removesuffix(".expected.json")) for path in CASES]


def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def disagreements(case: dict[str, Any], tasks: dict[str, dict[str, Any]]) -> list[str]:
    """Every compared field where pmkit's value (JSON form) is not Project's."""
    skipped: dict[str, set[str]] = {}
    for item in case["skip"]:
        skipped.setdefault(str(item["id"]), set()).update(item["fields"] or case["fields"])
    found = []
    for task_id, expected in case["tasks"].items():
        for field in case["fields"]:
            want = expected.get(field)
            if want is None or field in skipped.get(task_id, ()):
                continue
            got = tasks.get(task_id, {}).get(field)
            if field == "total_float" and got is not None:
                agree = abs(float(got) - float(want)) < 1e-9
            else:
                agree = got == want
            if not agree:
                found.append(f"task {task_id} {field}: pmkit {got}, Microsoft Project {want}")
    return found


def compared_fields(case: dict[str, Any]) -> int:
    skipped = sum(len(item["fields"] or case["fields"]) for item in case["skip"])
    listed = sum(
        1 for fields in case["tasks"].values() for f in case["fields"] if fields.get(f) is not None
    )
    return listed - skipped


@pytest.mark.parametrize("path", case_params())
def test_analysis_agrees_with_microsoft_project(path: Path) -> None:
    """pmkit.analyze(pmkit.read_plan(file)) gives Project's early and late dates, total float
    and critical flag for every leaf task, and finds no error in the file."""
    case = load(path)
    result = pmkit.analyze(pmkit.read_plan(REAL_DIR / case["input"]))
    tasks = {row.id: row.to_json() for row in result.tasks}
    assert compared_fields(case) > 0
    assert disagreements(case, tasks) == []
    assert [str(i) for i in result.issues if i.severity is Severity.ERROR] == []


def test_pmkit_schedule_json_agrees_on_every_case(capsys: pytest.CaptureFixture[str]) -> None:
    """`pmkit schedule NAME.mspdi.xml --format json` gives the same fields (1,226 in all)."""
    total = 0
    for path in CASES:
        case = load(path)
        assert main(["schedule", str(REAL_DIR / case["input"]), "--format", "json"]) == 0
        output = json.loads(capsys.readouterr().out)
        tasks = {row["id"]: row for row in output["tasks"]}
        assert disagreements(case, tasks) == [], case["name"]
        total += compared_fields(case)
    assert total == 1226


@pytest.mark.parametrize("path", case_params())
def test_the_imported_workbook_schedules_like_project(path: Path, tmp_path: Path) -> None:
    """`pmkit import` writes a workbook that validates and gives the same dates, except for
    tasks it names as differing (none in these six files)."""
    case = load(path)
    workbook = tmp_path / "plan.xlsx"
    assert main(["import", str(REAL_DIR / case["input"]), "-o", str(workbook)]) == 0
    plan = pmkit.read_plan(workbook)
    status = date.fromisoformat(case["status_date"][:10]) if case["status_date"] else None
    result = pmkit.analyze(plan, status)
    assert [str(i) for i in result.issues if i.severity is Severity.ERROR] == []
    tasks = {row.id: row.to_json() for row in result.tasks}
    assert disagreements(case, tasks) == []


def test_a_task_assigned_to_two_resources_is_each_ones() -> None:
    """cscott9: tasks 1, 6 and 8 are each assigned to Duc Truong and a colleague. They are
    in Duc Truong's week (overdue on 15 Nov 2016), he is booked for them, and nobody called
    `Duc Truong, Christopher Scott` is counted: the file's resources are its team."""
    path = REAL_DIR / "cscott9-project1.mspdi.xml"
    analysis = pmkit.analyze(pmkit.read_plan(path), date(2016, 11, 15))
    owners = {owner.name: owner for owner in analysis.workload.owners}
    assert set(owners) == {"Duc Truong", "Christopher Scott", "Joshua Foster"}
    assert [item.task_id for item in owners["Duc Truong"].week_tasks] == ["1", "3", "6", "8"]
    assert [item.task_id for item in owners["Joshua Foster"].week_tasks] == ["2", "4", "6", "8"]
    before = pmkit.analyze(pmkit.read_plan(path), date(2016, 9, 12)).workload
    duc = next(owner for owner in before.owners if owner.name == "Duc Truong")
    assert duc.booked_days[0] == 4  # task 1 from Tue 13 Sep, his and Christopher Scott's
    assert [issue for issue in analysis.issues if issue.code.value.endswith("-owner")] == []


def test_a_vendor_file_with_overdue_work_unrecorded_is_not_on_track() -> None:
    """cscott9 on Mon 3 Oct 2016: nothing started though tasks 1 and 2 were dated to finish
    Wed 21 Sep. The digest read "GREEN: everything is on track", forecast Wed 9 Nov, from
    dates that assume they were done. The forecast is unknown and names them; not Green."""
    path = REAL_DIR / "cscott9-project1.mspdi.xml"
    summary = pmkit.analyze(pmkit.read_plan(path), date(2016, 10, 3)).summary
    assert summary.forecast_finish is None
    assert summary.forecast_unknown is not None
    assert summary.forecast_unknown.startswith(
        "Forecast unknown: tasks 1 and 2 are not done and dated to finish by the status date"
    )
    assert summary.status == "Amber"
