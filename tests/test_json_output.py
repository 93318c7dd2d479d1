"""`pmkit schedule --format json` written fast is the same JSON: the task rows written a
column at a time equal `json.dumps` of each `to_json()`, and the layout (a key per line, an
item per line) reads back as the very object `Analysis.to_json` gives."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit.cli import main
from pmkit.cli.common import json_text
from pmkit.cli.plan_commands import write_schedule_json
from pmkit.engine.analysis import analyze
from pmkit.engine.results import TaskResult, task_json_lines
from pmkit.reading import read_plan
from tests.strategies import baselined_plans

_DAYS = st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2199, 12, 31)))
_COUNTS = st.one_of(st.none(), st.integers(-(10**6), 10**6))
_TEXT = st.text(max_size=12)  # any character: quotes, backslashes, controls, emoji

task_results = st.builds(
    TaskResult,
    id=_TEXT,
    name=_TEXT,
    duration=_COUNTS,
    early_start=_DAYS,
    early_finish=_DAYS,
    late_start=_DAYS,
    late_finish=_DAYS,
    total_float=_COUNTS,
    free_float=_COUNTS,
    critical=st.booleans(),
    forecast_start=_DAYS,
    forecast_finish=_DAYS,
    baseline_finish=_DAYS,
    slip=_COUNTS,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(task_results, max_size=8))
def test_task_lines_are_json_dumps_of_each_task(tasks: list[TaskResult]) -> None:
    """Any rows, odd text and all: each line is exactly `json.dumps(task.to_json())`."""
    assert task_json_lines(tasks) == [json.dumps(task.to_json()) for task in tasks]


@settings(max_examples=40, deadline=None)
@given(baselined_plans())
def test_json_text_of_an_analysis_reads_back_as_its_to_json(plan: object) -> None:
    """On any plan, the fast JSON reads back as `Analysis.to_json()`, key order included."""
    analysis = analyze(plan)  # type: ignore[arg-type]
    out = io.StringIO()
    write_schedule_json(analysis, out)
    text = out.getvalue()
    assert json.loads(text) == analysis.to_json()
    assert list(json.loads(text)) == list(analysis.to_json())


_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=6))
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=6), _VALUES, max_size=5))
def test_json_layout_reads_back_as_the_data(data: dict[str, Any]) -> None:
    """Whatever the data, the layout is valid JSON of the same object."""
    assert json.loads(json_text(data)) == data


def test_a_nested_object_shows_a_key_or_a_record_per_line() -> None:
    """The workload's layout: a key per line where it holds containers, each record (a
    dict of plain values) and each list of plain values on one line."""
    data = {
        "workload": {
            "weeks": ["2026-03-30", "2026-04-06"],
            "partial": None,
            "owners": [{"owner": "Sam", "weeks": [{"week": "2026-03-30", "load": 1.5}]}],
        }
    }
    assert json_text(data) == (
        "{\n"
        '  "workload": {\n'
        '    "weeks": ["2026-03-30", "2026-04-06"],\n'
        '    "partial": null,\n'
        '    "owners": [\n'
        "      {\n"
        '        "owner": "Sam",\n'
        '        "weeks": [\n'
        '          {"week": "2026-03-30", "load": 1.5}\n'
        "        ]\n"
        "      }\n"
        "    ]\n"
        "  }\n"
        "}\n"
    )


def test_schedule_json_puts_each_task_and_finding_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit schedule --format json`: one task per line, one finding per line, and the
    whole equal to the library's `Analysis.to_json()` of the same plan."""
    from tests.builders import write_workbook

    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                ["ID", "Task", "Duration", "Predecessors"],
                [1, 'Say "hello" \\ wave', 3, None],
                [2, "Build", 2, "1"],
                [3, "Launch", 0, "2, 9"],
            ]
        },
    )
    assert main(["schedule", str(path), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert json.loads(out) == analyze(read_plan(path)).to_json()
    lines = out.splitlines()
    tasks = lines.index('  "tasks": [')
    assert [json.loads(line.rstrip(","))["id"] for line in lines[tasks + 1 : tasks + 4]] == [
        "1",
        "2",
        "3",
    ]
    issues = lines.index('  "issues": [')
    assert json.loads(lines[issues + 1].rstrip(","))["code"] == "unknown-predecessor"
