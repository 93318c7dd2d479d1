"""Hypothesis strategies shared by the tests (append, do not rewrite)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import strategies as st

from pmkit.model import Holiday, Link, LinkType, Plan, Settings, Task

__all__ = ["links", "plans", "work_weeks"]

PLAN_START = date(2026, 3, 2)  # a Monday

work_weeks = st.sampled_from(
    [frozenset(range(5)), frozenset({6, 0, 1, 2, 3}), frozenset(range(6)), frozenset({0, 2, 4})]
)


@st.composite
def links(draw: st.DrawFn, predecessor: str, elapsed: bool = True) -> Link:
    """One link from `predecessor`: any type, a lag of -3..5, sometimes elapsed."""
    kind = draw(st.sampled_from(list(LinkType)))
    lag = draw(st.integers(-3, 5) | st.just(0))
    is_elapsed = elapsed and lag != 0 and draw(st.booleans())
    return Link(predecessor, kind, lag, is_elapsed)


@st.composite
def plans(
    draw: st.DrawFn,
    max_tasks: int = 14,
    *,
    deadlines: bool = False,
    constraints: bool = False,
    actuals: bool = False,
    elapsed: bool = True,
    forecast: bool = False,
) -> Plan:
    """A plan whose links only point to earlier rows (so no loops), then shuffled by rows.

    Options switch on deadlines, Start No Earlier Than, actual dates and elapsed lags.
    """
    count = draw(st.integers(1, max_tasks))
    tasks = []
    for number in range(count):
        task_id = f"T{number + 1}"
        sources = (
            draw(st.lists(st.integers(0, number - 1), max_size=3, unique=True)) if number else []
        )
        fields: dict[str, object] = {}
        if deadlines and draw(st.integers(0, 4)) == 0:
            fields["deadline"] = PLAN_START + timedelta(days=draw(st.integers(0, 40)))
        if constraints and draw(st.integers(0, 4)) == 0:
            fields["start_no_earlier_than"] = PLAN_START + timedelta(days=draw(st.integers(-5, 30)))
        duration = draw(st.integers(0, 6))
        if actuals and number < count // 3 and draw(st.booleans()):
            start = PLAN_START + timedelta(days=draw(st.integers(0, 10)))
            fields["actual_start"] = start
            if draw(st.booleans()):
                fields["actual_finish"] = start + timedelta(days=draw(st.integers(0, 8)))
                fields["percent_complete"] = 1.0
            else:
                fields["percent_complete"] = draw(st.sampled_from([0.0, 0.25, 0.5, 0.9]))
        tasks.append(
            Task(
                id=task_id,
                name=f"Task {task_id}",
                duration_days=duration,
                links=tuple(draw(links(f"T{source + 1}", elapsed)) for source in sources),
                **fields,  # type: ignore[arg-type]
            )
        )
    order = draw(st.permutations(range(count)))
    holidays = draw(st.lists(st.integers(0, 60), max_size=4, unique=True))
    return Plan(
        name="generated",
        tasks=tuple(replace(tasks[k], row=row) for row, k in enumerate(order, start=2)),
        settings=Settings(
            project_start=PLAN_START,
            status_date=PLAN_START + timedelta(days=7),
            work_week=draw(work_weeks),
            move_unfinished_work=forecast,
        ),
        holidays=tuple(Holiday(PLAN_START + timedelta(days=k)) for k in holidays),
        columns={"id": 1, "name": 2, "duration": 3, "predecessors": 4},
    )
