"""What a late task waits on (`lateness.waiting_on`) is said in four places — the grouping
of findings, the overdue finding's words, the This-week actions and each owner's week —
and they name the same task: each is held here to the rule, walked plainly."""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pmkit
from pmkit.engine.actions import problem_actions
from pmkit.engine.issues import Code, Issue
from pmkit.engine.lateness import Waits, task_slots, waiting_on
from pmkit.engine.model import Plan, done_flags
from pmkit.engine.progress import WAITING
from pmkit.engine.workload import OwnerWeekAction
from pmkit.outputs.workload import week_task_sentence
from tests.builders import MONDAY, plan_of, task


def _generator() -> ModuleType:
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "generate_plan.py"
    spec = importlib.util.spec_from_file_location("generate_plan", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()
SHAPES: dict[str, Callable[[Plan], Plan]] = GENERATOR.SHAPES


def expected_waits(result: pmkit.Analysis) -> dict[str, str | None]:
    """Each late task that has not started → the id of the task it waits on (None: none),
    by `waiting_on` on the late tasks of `Analysis.progress` and the rows' finishes."""
    tasks, slots = result.plan.tasks, task_slots(result.plan)
    late = {
        slots[task_id]
        for task_id, flags in result.progress.items()
        if flags.overdue or flags.slipping
    }
    finishes = [row.forecast_finish for row in result.tasks]
    found: dict[str, str | None] = {}
    for slot in sorted(late):
        if not tasks[slot].is_started:
            held = waiting_on(slot, tasks, late, finishes, slots, done=done_flags(tasks))
            found[tasks[slot].id] = None if held is None else tasks[held].id
    return found


def named_in_each_place(
    result: pmkit.Analysis, expected: dict[str, str | None]
) -> dict[str, dict[str, str | None]]:
    """What each of the four places says each late task waits on (a task the place says
    nothing about is left out): `grouping` (the task `expected` names, when the overdue
    task's finding is the one holding that task's lateness), `words`, `actions`, `weeks`."""
    holding: dict[tuple[str, Code], Issue] = {}  # (task, code) → the finding holding it
    words: dict[str, str | None] = {}
    for finding in result.issues:
        for cell in finding.cells():
            if cell.task_id is None:
                continue
            holding[cell.task_id, cell.code] = finding
            if cell.code is Code.OVERDUE_TASK:
                said = cell.message.partition(WAITING)[2]
                words[cell.task_id] = said.partition(" ")[2].partition(" ")[0] or None
    grouping: dict[str, str | None] = {}
    for task_id, flags in result.progress.items():
        held_in = holding.get((task_id, Code.OVERDUE_TASK))
        # rule 3 of `pmkit.engine.findings`: an overdue task that is not slipping folds
        # into another's finding only because it waits on it (rule 2 takes negative
        # float, rule 4 scope)
        if (
            held_in is None
            or held_in.task_id == task_id
            or flags.slipping
            or flags.negative_float
            or (task_id, Code.SCOPE_CREEP) in holding
        ):
            continue
        held = expected.get(task_id)
        late = held and (
            holding.get((held, Code.OVERDUE_TASK)) or holding.get((held, Code.SLIPPING_TASK))
        )
        grouping[task_id] = held if late is held_in else f"in the finding of {held_in.task_id}"
    actions: dict[str, str | None] = {}
    for action in problem_actions(result):
        head = action.finding
        if head.task_id is None or head.code not in (Code.SLIPPING_TASK, Code.OVERDUE_TASK):
            continue
        holder = action.what.removeprefix("Get task ").partition(" ")[0]
        actions[head.task_id] = holder if action.what.startswith("Get task ") else None
    weeks: dict[str, str | None] = {
        item.task_id: item.waiting_on
        for owner in result.workload.owners
        for item in owner.week_tasks
        if item.action is OwnerWeekAction.OVERDUE
    }
    return {"grouping": grouping, "words": words, "actions": actions, "weeks": weeks}


def check_every_place(result: pmkit.Analysis) -> dict[str, int]:
    """Hold each place to `expected_waits`; how many tasks each named a task for."""
    expected = expected_waits(result)
    named = named_in_each_place(result, expected)
    counts: dict[str, int] = {}
    for place, said in named.items():
        wrong = {
            task_id: (held, expected.get(task_id))
            for task_id, held in said.items()
            if held != expected.get(task_id)
        }
        assert not wrong, (
            f"{place} names another task than the rule: {dict(list(wrong.items())[:5])}"
        )
        counts[place] = sum(held is not None for held in said.values())
    return counts


def late_plan(size: int, seed: int = 1, shape: str = "behind", *, tolerant: bool = False) -> Plan:
    """A generated plan of that shape; `tolerant`: with a slip tolerance past any slip, so
    that its overdue tasks are not slipping (the grouping then folds those that wait)."""
    plan = SHAPES[shape](GENERATOR.generate_plan(size, seed))
    if tolerant:
        plan = replace(plan, settings=replace(plan.settings, slip_tolerance_days=10_000))
    return plan


def test_the_four_places_name_the_same_task_on_a_late_generated_plan() -> None:
    """On a generated plan measured late ('behind', 1,200 tasks; and with its slips
    tolerated) every late task's finding, the finding it folds into, its action and its
    owner's week name the task the rule names — and each place names some."""
    counts = Counter[str]()
    for tolerant in (False, True):
        counts.update(check_every_place(pmkit.analyze(late_plan(1200, tolerant=tolerant))))
    assert set(counts) == {"grouping", "words", "actions", "weeks"}
    assert all(counts.values()), counts


@settings(max_examples=8, deadline=None)
@given(
    seed=st.integers(1, 10_000),
    size=st.integers(50, 600),
    shape=st.sampled_from(["behind", "portfolio", "shuffled"]),
    tolerant=st.booleans(),
)
def test_every_place_names_what_the_rule_names(
    seed: int, size: int, shape: str, tolerant: bool
) -> None:
    """For any generated plan and shape, no place names another task than the rule."""
    check_every_place(pmkit.analyze(late_plan(size, seed, shape, tolerant=tolerant)))


def fit_out(tight_paint: bool) -> Plan:
    """A shop fit-out, a week behind: Dana's strip-out (25) started late and is a fifth
    done, so her first fix (27), Lee Wong's plastering (28) after it and Sam's painting
    (30) after that have not started and are overdue. With `tight_paint` Sam's painting
    was due the day the strip-out was, and the forecast moves the work: it slips more
    than the rest and keeps a finding of its own."""
    paint_due = date(2026, 3, 6) if tight_paint else date(2026, 3, 13)
    return plan_of(
        task(
            "25",
            5,
            name="Strip out",
            owner="Dana",
            actual_start=MONDAY,
            percent_complete=0.2,
            baseline_start=MONDAY,
            baseline_finish=date(2026, 3, 6),
        ),
        task("27", 2, "25", name="First fix", owner="Dana", baseline_finish=date(2026, 3, 10)),
        task("28", 2, "27", name="Plastering", owner="Lee Wong", baseline_finish=date(2026, 3, 12)),
        task("30", 1, "28", name="Painting", owner="Sam", baseline_finish=paint_due),
        status=date(2026, 3, 16),
        forecast=tight_paint,
    )


@pytest.mark.parametrize("tight_paint", [False, True], ids=["folded", "own-finding"])
def test_a_task_late_only_because_the_tasks_before_it_are_names_where_lateness_begins(
    tight_paint: bool,
) -> None:
    """Plastering (28, Lee Wong) is late only because Dana's first fix and strip-out before
    it are: Sam's painting waits on the strip-out (25), where the lateness begins, and
    on Dana — its finding, its action and Sam's week say so, never 'owned by Lee Wong'."""
    result = pmkit.analyze(fit_out(tight_paint))
    said = {
        cell.task_id: cell.message.partition(WAITING)[2]
        for finding in result.issues
        for cell in finding.cells()
        if cell.code is Code.OVERDUE_TASK
    }
    start = "task 25 “Strip out” (late, owned by Dana)"
    assert said == {"25": "", "27": start, "28": start, "30": start}
    weeks = {
        item.task_id: week_task_sentence(item, owner.name)
        for owner in result.workload.owners
        for item in owner.week_tasks
    }
    assert weeks["30"].endswith(", waiting on task 25 (late, owned by Dana)")
    assert weeks["28"].endswith(", waiting on task 25 (late, owned by Dana)")
    assert "Lee Wong" not in " ".join(weeks.values())
    assert {action.who for action in result.this_week} == {"Dana"}
    if tight_paint:
        (paint,) = [a for a in result.this_week if a.finding.task_id == "30"]
        assert paint.what.startswith("Get task 25 “Strip out” back on track")
    check_every_place(result)


def test_a_loop_of_late_tasks_names_the_first_step_as_the_rule_does() -> None:
    """Round a loop of links (left unscheduled) no task is where the lateness begins: each
    names the late task it waits for, and `Waits`, asked in any order, names what the
    rule walked plainly names."""
    tasks = (
        task("A", 1, "C", row=2),
        task("B", 1, "A", row=3),
        task("C", 1, "B", row=4),
        task("D", 1, "C", row=5),
    )
    slots = {item.id: slot for slot, item in enumerate(tasks)}
    late, finishes, done = {0, 1, 2, 3}, [None] * 4, [False] * 4
    plain = [waiting_on(slot, tasks, late, finishes, slots, done=done) for slot in range(4)]
    assert plain == [2, 0, 1, 2]
    for order in ([0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]):
        waits = Waits(tasks, finishes, slots, lambda: late, done)
        assert {slot: waits.get(slot) for slot in order} == dict(enumerate(plain))
