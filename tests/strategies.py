"""Hypothesis strategies shared by the tests (append, do not rewrite)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import strategies as st

from pmkit.engine.model import (
    ConstraintType,
    DaysOff,
    Holiday,
    Link,
    LinkType,
    Plan,
    Settings,
    Task,
    TeamMember,
)

__all__ = [
    "BREAKAGES",
    "DATED_CONSTRAINTS",
    "baselined_plans",
    "broken_plans",
    "chained_plans",
    "links",
    "plans",
    "staffed_plans",
    "work_weeks",
]

DATED_CONSTRAINTS = (
    ConstraintType.MUST_START_ON,
    ConstraintType.MUST_FINISH_ON,
    ConstraintType.START_NO_LATER_THAN,
    ConstraintType.FINISH_NO_LATER_THAN,
    ConstraintType.FINISH_NO_EARLIER_THAN,
)
"""The constraint types besides Start No Earlier Than that take a date."""

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
    hard_constraints: bool = False,
    fixed: bool = False,
    late: bool = False,
) -> Plan:
    """A plan whose links only point to earlier rows (so no loops), then shuffled by rows.

    Options switch on deadlines, Start No Earlier Than, actual dates and elapsed lags;
    `hard_constraints` the other dated constraint types (Must Start / Finish On, Start /
    Finish No Later Than, Finish No Earlier Than), `fixed` Fixed Dates tasks and `late`
    As Late As Possible.
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
        kinds = [*DATED_CONSTRAINTS] if hard_constraints else []
        if late:
            kinds.append(ConstraintType.AS_LATE_AS_POSSIBLE)
        if kinds and draw(st.integers(0, 4)) == 0:
            kind = draw(st.sampled_from(kinds))
            fields["constraint"] = kind
            if kind.dated:
                fields["constraint_date"] = PLAN_START + timedelta(days=draw(st.integers(-5, 30)))
        if fixed and draw(st.integers(0, 5)) == 0:
            fields["fixed_dates"] = True
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


# -- the Plan table as an owner types it (Excel add-in tests) -------------------------------

PLAN_TABLE_HEADER = (
    "ID",
    "Task",
    "Owner",
    "Duration",
    "Predecessors",
    "Deadline",
    "% Complete",
    "Baseline Finish",
    "Budget",
)


@st.composite
def plan_tables(draw: st.DrawFn, max_tasks: int = 12) -> list[list[object]]:
    """A Plan table with its header, cells as an .xlsx holds them (ints, dates, None, text).

    Links point at earlier rows (with types and lags); a few cells are left blank,
    and now and then one holds text where a number belongs.
    """
    count = draw(st.integers(1, max_tasks))
    rows: list[list[object]] = [list(PLAN_TABLE_HEADER)]
    for number in range(1, count + 1):
        earlier = list(range(1, number))
        links = ""
        if earlier:
            chosen = draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
            parts = []
            for task in chosen:
                kind = draw(st.sampled_from(["", "FS", "SS", "FF", "SF"]))
                lag = draw(st.sampled_from(["", "+2", "-1", "+3ed"]))
                parts.append(f"{task}{kind or ('FS' if lag else '')}{lag}")
            links = ", ".join(parts)
        day = st.dates(date(2026, 3, 2), date(2026, 6, 30))
        rows.append(
            [
                number,
                f"Task {number}",
                draw(st.sampled_from([None, "Ann", "Vendor Ltd"])),
                draw(st.integers(0, 10) | st.just("abc")),
                links or None,
                draw(st.none() | day),
                draw(st.sampled_from([None, 0, 0.25, 0.5, 1])),
                draw(st.none() | day),
                draw(st.none() | st.integers(0, 5000)),
            ]
        )
    return rows


# -- reader: links written any way, and cell values as spreadsheets hand them over ----------

any_links = st.builds(
    Link,
    predecessor=st.integers(1, 99_999).map(str),
    type=st.sampled_from(LinkType),
    lag_days=st.integers(-999, 999),
    elapsed=st.booleans(),
)
"""Any link between numbered tasks, with any lag (for written-then-read round trips)."""

cell_values = st.one_of(
    st.just(""),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**12), 10**12),
    st.text(max_size=30),
    st.sampled_from(["50%", "2026-03-13", "13/03/2026", "03/04/2026", "5 days", "$1,200", "#"]),
    st.dates(),
    st.datetimes(),
    st.times(),
)
"""What a cell can hold as calamine, xlwings or the Sheets API hand it over."""


# -- report: what the output sheets are asked to write -----------------------------------------

report_texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["=IMPORTXML(A1,B1)", "=1+1", "<b>&amp;</b>", "a\x01b\x0bc", "  padded  ", "'quoted", ""]
    ),
)
"""Task names and messages an owner (or a hostile plan) might put in a report cell."""


# -- truth first: a plan, and the same plan with one task broken -------------------------------

BREAKAGES = (
    "blank duration",
    "negative duration",
    "unknown predecessor",
    "self link",
    "repeated id",
    "loop",
)
"""How an owner breaks a row so that it cannot be scheduled."""


@st.composite
def baselined_plans(draw: st.DrawFn, /, max_tasks: int = 14, **options: bool) -> Plan:
    """`plans(...)` with a Baseline Finish on the first task and on some others, so the
    project has a slip to report."""
    plan = draw(plans(max_tasks, **options))
    tasks = []
    for number, task in enumerate(plan.tasks):
        if number == 0 or draw(st.booleans()):
            finish = PLAN_START + timedelta(days=draw(st.integers(0, 60)))
            tasks.append(replace(task, baseline_finish=finish))
        else:
            tasks.append(task)
    return replace(plan, tasks=tuple(tasks))


@st.composite
def broken_plans(draw: st.DrawFn, plan: Plan) -> Plan:
    """`plan` with one task broken (one of `BREAKAGES`) so that it cannot be scheduled."""
    tasks = list(plan.tasks)
    index = draw(st.integers(0, len(tasks) - 1))
    target = tasks[index]
    kind = draw(st.sampled_from(BREAKAGES))
    if kind == "repeated id" and len(tasks) > 1:
        other = draw(st.sampled_from([t for t in tasks if t is not target]))
        tasks[index] = replace(target, id=other.id)
    elif kind == "loop" and target.links:
        # the predecessor now also waits for this task: the two wait for each other
        source = next(i for i, t in enumerate(tasks) if t.id == target.links[0].predecessor)
        tasks[source] = replace(tasks[source], links=(*tasks[source].links, Link(target.id)))
    elif kind == "self link":
        tasks[index] = replace(target, links=(*target.links, Link(target.id)))
    elif kind == "unknown predecessor":
        tasks[index] = replace(target, links=(*target.links, Link("NOT-A-TASK")))
    elif kind == "negative duration":
        tasks[index] = replace(target, duration_days=-1)
    else:  # blank duration (and the breakages this plan cannot take)
        tasks[index] = replace(target, duration_days=None)
    return replace(plan, tasks=tuple(tasks))


# -- people: owners, capacities and days off ---------------------------------------------------

OWNER_NAMES = ("Ann", "ann ", "Bo", "Cy")
"""`ann ` is Ann written carelessly: the same owner."""


@st.composite
def staffed_plans(draw: st.DrawFn, max_tasks: int = 14) -> Plan:
    """`plans(forecast=True, actuals=True, constraints=True)` with owners on most tasks,
    and a Team sheet listing some of them with a capacity and days off."""
    plan = draw(plans(max_tasks, forecast=True, actuals=True, constraints=True))
    owners = st.sampled_from((*OWNER_NAMES, None))
    tasks = tuple(replace(task, owner=draw(owners)) for task in plan.tasks)
    team = []
    for name in draw(st.lists(st.sampled_from(("Ann", "Bo", "Dee")), unique=True)):
        first = PLAN_START + timedelta(days=draw(st.integers(0, 30)))
        days_off = draw(
            st.lists(
                st.just(DaysOff(first, first + timedelta(days=draw(st.integers(0, 9))))), max_size=1
            )
        )
        capacity = draw(st.sampled_from((0.0, 0.25, 0.5, 1.0, 3.0)))
        team.append(TeamMember(name, capacity=capacity, days_off=tuple(days_off)))
    return replace(plan, tasks=tasks, team=tuple(team))


# -- long chains with a deadline on many tasks ------------------------------------------------


@st.composite
def chained_plans(draw: st.DrawFn, max_tasks: int = 40) -> Plan:
    """Tasks that mostly wait for the row before them (long chains, sometimes a branch or a
    join), short durations and deadlines on most of them within the first week (many
    missed, often by the same days), some early tasks started or done; rows in order or
    shuffled."""
    count = draw(st.integers(2, max_tasks))
    tasks = []
    for number in range(count):
        task_id = f"T{number + 1}"
        sources: set[int] = set()
        if number and draw(st.integers(0, 6)):
            sources.add(number - 1)
        if number:
            sources.update(draw(st.lists(st.integers(0, number - 1), max_size=2)))
        fields: dict[str, object] = {}
        if draw(st.integers(0, 4)):
            fields["deadline"] = PLAN_START + timedelta(days=draw(st.integers(0, 6)))
        if number < count // 4 and draw(st.integers(0, 3)) == 0:
            fields["actual_start"] = PLAN_START
            done = draw(st.booleans())
            fields["percent_complete"] = 1.0 if done else 0.5
            if done:
                fields["actual_finish"] = PLAN_START + timedelta(days=1)
        tasks.append(
            Task(
                id=task_id,
                name=f"Task {task_id}",
                duration_days=draw(st.integers(0, 3)),
                links=tuple(Link(f"T{source + 1}") for source in sorted(sources)),
                **fields,  # type: ignore[arg-type]
            )
        )
    order = draw(st.permutations(range(count)) | st.just(range(count)))
    return Plan(
        name="chained",
        tasks=tuple(replace(tasks[k], row=row) for row, k in enumerate(order, start=2)),
        settings=Settings(
            project_start=PLAN_START,
            status_date=PLAN_START + timedelta(days=draw(st.integers(0, 9))),
            move_unfinished_work=draw(st.booleans()),
        ),
        columns={"id": 1, "name": 2, "duration": 3, "predecessors": 4},
    )
