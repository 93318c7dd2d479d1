"""The chain that drives each missed deadline, as the grouping of findings follows them all
(`ChainWalker`): the same chains as the plain walk back (`follow_chain`), worded the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmkit.engine.actions import problem_actions
from pmkit.engine.analysis import analyze
from pmkit.engine.issues import Code, Issue
from pmkit.engine.lateness import (
    ChainWalker,
    driving_chain,
    driving_chains,
    follow_chain,
    task_slots,
)
from pmkit.engine.model import Plan
from tests.builders import MONDAY, plan_of, task
from tests.strategies import chained_plans


@dataclass(frozen=True, slots=True)
class Growth:
    """Deadlines taken in order of their float, and the `least` entries (slot → the
    predecessor with the least float) that become known before each is walked."""

    floats: list[int | None]
    before: list[int]  # `least`'s value for each slot (may make loops)
    steps: list[tuple[int, list[int]]]  # (deadline, the slots whose entry is known by then)


@st.composite
def growths(draw: st.DrawFn, max_slots: int = 40) -> Growth:
    """Mostly long runs back to the slot before, some jumps and loops, floats often equal,
    a few unknown; deadlines on many slots; before a deadline, a few entries become known,
    or all."""
    count = draw(st.integers(1, max_slots))
    floats = draw(
        st.lists(
            st.one_of(st.integers(-4, 1), st.sampled_from([-2, -2, None])),
            min_size=count,
            max_size=count,
        )
    )
    before = [
        slot - 1 if slot and draw(st.integers(0, 4)) else draw(st.integers(0, count - 1))
        for slot in range(count)
    ]
    everything = st.just(list(range(count)))
    deadlines = draw(st.lists(st.integers(0, count - 1), min_size=1, unique=True))
    steps = [
        (deadline, draw(st.lists(st.integers(0, count - 1), max_size=count) | everything))
        for deadline in sorted(deadlines, key=lambda slot: floats[slot] or 0)  # as the grouping
    ]
    return Growth(floats, before, steps)


def assert_same_chain(found: Sequence[int], expected: list[int]) -> None:
    """Read every way the words read it: whole, by index from both ends, by slices."""
    assert len(found) == len(expected)
    assert list(found) == expected
    assert [found[-1 - back] for back in range(len(expected))] == expected[::-1]
    assert found[:3] == expected[:3]
    assert found[-3:] == expected[-3:]


@settings(max_examples=300, deadline=None)
@given(growths())
def test_each_chain_is_the_plain_walk_back_while_least_grows(growth: Growth) -> None:
    """Walked one deadline after another while `least` gains entries (loops, equal and
    unknown floats, entries not known yet), each chain is `follow_chain`'s at that moment."""
    walker = ChainWalker(growth.floats)
    for deadline, known in growth.steps:
        for slot in (*known, deadline):
            walker.least.setdefault(slot, growth.before[slot])
        expected = follow_chain(deadline, walker.least.get, growth.floats)
        assert_same_chain(walker.chain(deadline), expected)


class PlainWalker(ChainWalker):
    """The walk before chains were shared: each deadline's chain walked on its own."""

    __slots__ = ()

    def chain(self, deadline: int) -> Sequence[int]:
        return follow_chain(deadline, self.least.get, self.floats)


def said(plan: Plan) -> list[tuple[str, str, list[str]]]:
    """Every finding's code, message and details, as the grouping words them."""
    return [
        (issue.code.value, issue.message, [detail.message for detail in issue.details])
        for issue in analyze(plan).issues
    ]


@settings(max_examples=150, deadline=None)
@given(chained_plans())
def test_findings_say_the_same_as_with_each_chain_walked_on_its_own(plan: Plan) -> None:
    """On plans of long chains with deadlines on most tasks, the findings read exactly as
    they do when each deadline's chain is walked back on its own."""
    shared = said(plan)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pmkit.engine.findings.ChainWalker", PlainWalker)
        plain = said(plan)
    assert shared == plain


def deadline_finding(issues: Sequence[Issue], task_id: str) -> Issue:
    (found,) = [i for i in issues if i.task_id == task_id and i.code is Code.DEADLINE_MISSED]
    return found


def test_a_long_chain_with_a_deadline_on_every_task_names_its_ends() -> None:
    """Twelve one-day tasks in a row, each due on the second day: the last one's finding
    names the whole chain by its three first and three last tasks and its length, and the
    days all of them must gain (the last finishes on day 12, ten working days late)."""
    due = date(2026, 3, 3)  # MONDAY's next day
    plan = plan_of(
        *(task(f"{n}", 1, f"{n - 1}" if n > 1 else "", deadline=due) for n in range(1, 13)),
        status=MONDAY,
    )
    issues = analyze(plan).issues
    assert (
        "To meet it, the chain that drives it, 1 → 2 → 3 → … → 10 → 11 → 12 (12 tasks), "
        "must gain 10 working days" in deadline_finding(issues, "12").message
    )
    assert (
        "the chain that drives it, 1 → 2 → 3 → 4 → 5 → 6, must gain 10 working days"
        in deadline_finding(issues, "6").message
    )


def test_an_action_names_a_long_chain_as_its_finding_does() -> None:
    """The action for a missed deadline (This week, the digests) writes its chain the one
    way findings do: past eight tasks, the three first, the three last and the count (it
    listed every id, so a chain of 4,000 deadlines made 52 MB of digest text)."""
    due = date(2026, 3, 3)
    plan = plan_of(
        *(task(f"{n}", 1, f"{n - 1}" if n > 1 else "", deadline=due) for n in range(1, 13)),
        status=MONDAY,
    )
    texts = [action.what for action in problem_actions(analyze(plan))]
    assert any(
        text.startswith("Find 10 working days on tasks 1 → 2 → 3 → … → 10 → 11 → 12 (12 tasks),")
        for text in texts
    )
    assert any(
        text.startswith("Find 10 working days on tasks 1 → 2 → 3 → 4 → 5 → 6 → 7 → 8, ")
        for text in texts
    )


@settings(max_examples=150, deadline=None)
@given(chained_plans())
def test_the_actions_chains_found_together_are_each_walked_on_its_own(plan: Plan) -> None:
    """`driving_chains` (the actions: This week, the digests) gives each missed deadline
    the chain `driving_chain` finds walking back from it alone, asked in any order."""
    result = analyze(plan)
    tasks, slots = plan.tasks, task_slots(plan)
    floats = [row.total_float for row in result.tasks]
    deadlines = [slot for slot, one in enumerate(tasks) if one.deadline is not None]
    together = driving_chains(deadlines[::-1], tasks, floats, slots)
    for slot in deadlines:
        assert list(together[slot]) == driving_chain(slot, tasks, floats, slots)
