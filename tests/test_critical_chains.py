"""The critical path shown as the chains its links make, never as arrows between tasks that
are not linked."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings

import pmkit
from pmkit.engine.critical_chains import chains_text, critical_chains, link_words
from pmkit.engine.model import Link, LinkType, Plan
from pmkit.outputs import build_summary_sheet
from pmkit.outputs.critical import MAX_CRITICAL_ROWS, critical_path_rows
from pmkit.template.regenerate import write_sample
from tests.builders import plan_of, task
from tests.strategies import plans

STATUS = date(2026, 3, 2)


def chains_of(plan: Plan) -> str:
    analysis = pmkit.analyze(plan, STATUS)
    return chains_text(critical_chains(analysis.plan, analysis.tasks))


def test_two_unlinked_critical_tasks_are_two_chains() -> None:
    """Two critical tasks side by side with no link between them are two chains: the old
    one-line path joined them with an arrow."""
    plan = plan_of("A:3", "B:5", "C:2<A")
    analysis = pmkit.analyze(plan, STATUS)
    assert analysis.summary.critical_path == ("A", "B", "C")
    assert chains_of(plan) == "A → C; B"


def test_a_link_with_room_joins_nothing() -> None:
    """C waits for A and for B, but the 5-day B drives it: A, critical only for its own
    deadline, is a chain of its own — never A → C, though A is linked to C."""
    plan = plan_of(task("A", 3, deadline=date(2026, 3, 3)), "B:5", "C:1<A,B")
    analysis = pmkit.analyze(plan, STATUS)
    assert set(analysis.summary.critical_path or ()) == {"A", "B", "C"}
    assert chains_of(plan) == "B → C; A"


def test_each_link_type_and_lag_drives_the_chain() -> None:
    """Start-to-start with a lag, finish-to-finish and a milestone after a finish all drive."""
    plan = plan_of("A:4", "B:4<ASS+2", "C:1<BFF", "M:0<C")
    assert chains_of(plan) == "A → B → C → M"


def test_the_sample_plan_shows_its_real_chains(tmp_path: Path) -> None:
    """The sample (checked by hand against its links and dates): the finish is driven from
    task 15 through 18, 23, 31, 33, 35 and 38 to 41; 34, 28 and 16 → 22 are critical on
    chains of their own, each starting where it really starts."""
    plan = pmkit.read_plan(write_sample(tmp_path / "sample-plan.xlsx"))
    analysis = pmkit.analyze(plan)
    assert chains_text(critical_chains(plan, analysis.tasks)) == (
        "15 → 18 → 23 → 31 → 33 → 35 → 38 → 40 → 41; 33 → 34; 25 → 28; 15 → 16 → 22"
    )


@settings(max_examples=120, deadline=None)
@given(plans(deadlines=True, constraints=True, actuals=True, forecast=True))
def test_chains_hold_every_critical_task_once_and_follow_real_links(plan: Plan) -> None:
    """Every critical task is in exactly one chain, and every arrow of every chain is a
    link of the plan from the task before it to the task after it."""
    analysis = pmkit.analyze(plan)
    chains = critical_chains(analysis.plan, analysis.tasks)
    shown = [task_id for chain in chains for task_id in chain.tasks]
    assert sorted(shown) == sorted(analysis.summary.critical_path or ())
    links = {(link.predecessor, t.id) for t in plan.tasks for link in t.links}
    for chain in chains:
        ids = chain.ids()
        for before, after in pairwise(ids):
            assert (before, after) in links, (before, after, chains_text(chains))


def test_link_words() -> None:
    """Each link type and lag says how the task follows, in words."""
    assert link_words(Link("15"), "15") == "starts when 15 finishes"
    assert link_words(Link("31", LinkType.SS, 4), "31") == "starts 4 working days after 31 starts"
    assert link_words(Link("33", LinkType.FF, -1), "33") == (
        "finishes 1 working day before 33 finishes"
    )
    assert link_words(Link("7", LinkType.FS, 3, elapsed=True), "7") == (
        "starts 3 calendar days after 7 finishes"
    )


def test_the_summary_lists_each_task_with_a_link_to_its_row(tmp_path: Path) -> None:
    """The Summary's critical path: a row per task, its Plan row one click away, and how
    it follows the task above."""
    plan = pmkit.read_plan(write_sample(tmp_path / "sample-plan.xlsx"))
    sheet = build_summary_sheet(pmkit.analyze(plan))
    rows = [row for row in sheet.rows if row.cells and str(row.cells[0].value).startswith("18 ")]
    (row,) = rows
    assert row.cells[0].value == "18  Connect stock system"
    assert row.cells[1].link is not None
    assert str(row.cells[1].link) == "Plan!A19"
    assert row.cells[4].value == "starts when 15 finishes."
    texts = [str(cell.value) for row in sheet.rows for cell in row.cells if cell.value]
    assert "Critical path: 14 tasks with no spare time, in 4 chains" in texts
    assert not any("→" in text and "Critical" in text for text in texts)


def test_a_chain_critical_through_a_link_with_room_names_where_it_leads() -> None:
    """B is linked to C with 2 days of room, critical (float 0) only because C misses its
    deadline by 2: its chain is titled by the task it leads into, not a bare "Chain 2"."""
    plan = plan_of("A:5", "B:3", task("C", 2, "A,B", deadline=date(2026, 3, 6)))
    analysis = pmkit.analyze(plan, STATUS)
    assert chains_of(plan) == "A → C; B"
    titles = [
        row.cells[0].value
        for row in critical_path_rows(analysis)
        if str(row.cells[0].value).startswith("Chain")
    ]
    assert titles == ["Chain 1: to the finish", "Chain 2: leads into task C (chain 1)"]


def test_a_long_path_stops_and_says_where_the_rest_is() -> None:
    """A path longer than the Summary shows ends with a line counting the rest."""
    specs = ["T1:1", *(f"T{n}:1<T{n - 1}" for n in range(2, MAX_CRITICAL_ROWS + 11))]
    analysis = pmkit.analyze(plan_of(*specs), STATUS)
    rows = critical_path_rows(analysis)
    assert rows[-1].cells[0].value == (
        "… and 10 more critical tasks: the Schedule sheet marks every one (Critical: Yes)."
    )


def test_the_path_is_unknown_while_part_of_the_plan_cannot_be_scheduled() -> None:
    """No chain is drawn from a partial schedule: the section says it is unknown and why."""
    analysis = pmkit.analyze(plan_of("A:2", task("B", None)), STATUS)
    rows = critical_path_rows(analysis)
    assert rows[0].cells[0].value == "Critical path: unknown"
