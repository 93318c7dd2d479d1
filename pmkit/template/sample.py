"""The sample project: a small retailer relaunches its online shop with a web agency.

Harbor & Pine Home Goods (owner Maria Lopez, staff Sam, Priya and Tom) hires Brightline
Web to rebuild its shop, moves to the PayPort payment provider and books a product
photographer. The plan was baselined on 30 Jan 2026; the status date is 31 Mar 2026,
about half way. Every feature pmkit checks shows up somewhere (see FEATURE_TASKS).

The baseline dates are not typed here: `pmkit.template.regenerate` schedules the
as-planned version of this plan (`as_planned_content`) with pmkit's own engine and
writes the dates it finds, so they always agree with the scheduler.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from pmkit.template.builder import Row, WorkbookContent

__all__ = [
    "BASELINE_SET_ON",
    "CHANGES",
    "CHARTER",
    "FEATURE_TASKS",
    "FINISHED_MET",
    "HOLIDAYS",
    "PROJECT_START",
    "RISKS",
    "SAMPLE_TASKS",
    "SETTINGS",
    "STATUS_DATE",
    "TEAM",
    "SampleTask",
    "as_planned_content",
    "finished_content",
]

PROJECT_START = date(2026, 2, 2)
STATUS_DATE = date(2026, 3, 31)
BASELINE_SET_ON = date(2026, 1, 30)

MARIA = "Maria Lopez"
SAM = "Sam Patel"
PRIYA = "Priya Shah"
TOM = "Tom Reed"
AGENCY = "Brightline Web"
PAYPORT = "PayPort"
STUDIO = "Lumen Studio"

SampleTask = Mapping[str, object]
"""A Plan row keyed by schema field, plus `in_plan` / `in_baseline` and
`baseline_duration_days` / `baseline_cost` when the baseline differed."""


def _task(  # noqa: PLR0917
    task_id: int,
    name: str,
    phase: str,
    owner: str | None,
    duration_days: int,
    predecessors: str = "",
    /,
    **extra: object,
) -> SampleTask:
    """One row of the table below (positional, so each task reads as one line)."""
    row: dict[str, object] = {
        "id": task_id,
        "name": name,
        "phase": phase,
        "owner": owner,
        "duration_days": duration_days,
        "predecessors": predecessors,
        "in_plan": True,
        "in_baseline": True,
    }
    row.update(extra)
    return MappingProxyType(row)


def _done(start: date, finish: date, cost: float | None = None) -> dict[str, object]:
    return {
        "actual_start": start,
        "actual_finish": finish,
        "percent_complete": 1.0,
        "actual_cost": cost,
        "status": "Done",
        "last_update": finish,
    }


def _doing(
    start: date, percent: float, updated: date, cost: float | None = None
) -> dict[str, object]:
    return {
        "actual_start": start,
        "percent_complete": percent,
        "actual_cost": cost,
        "status": "In progress",
        "last_update": updated,
    }


D = date
DISCOVERY, DESIGN, BUILD, CONTENT, TESTING, LAUNCH = (
    "Discovery",
    "Design",
    "Build",
    "Content",
    "Testing",
    "Launch",
)

# One task per line reads like the plan itself, so the formatter leaves this table alone.
# fmt: off
SAMPLE_TASKS: tuple[SampleTask, ...] = (
    # Discovery: done, a little late here and there.
    _task(1, "Kick-off workshop with Brightline", DISCOVERY, MARIA, 1, budget=500,
          **_done(D(2026, 2, 2), D(2026, 2, 2), 500)),
    _task(2, "Write project charter and goals", DISCOVERY, MARIA, 2, "1",
          **_done(D(2026, 2, 3), D(2026, 2, 5))),
    _task(3, "Audit current shop, traffic and sales", DISCOVERY, SAM, 5, "1",
          **_done(D(2026, 2, 3), D(2026, 2, 9))),
    _task(4, "Interview staff and regular customers", DISCOVERY, PRIYA, 4, "1SS+1",
          budget=300, **_done(D(2026, 2, 3), D(2026, 2, 9), 280)),
    _task(5, "Compare and choose payment provider", DISCOVERY, SAM, 3, "3",
          **_done(D(2026, 2, 10), D(2026, 2, 12))),
    _task(6, "Requirements signed off", DISCOVERY, MARIA, 0, "2, 4, 5",
          **_done(D(2026, 2, 13), D(2026, 2, 13))),
    # Design: the review took longer and sign-off came a week late.
    _task(7, "Sitemap and customer journeys", DESIGN, AGENCY, 5, "6", budget=2000,
          **_done(D(2026, 2, 17), D(2026, 2, 24), 2400)),
    _task(8, "Visual design concepts", DESIGN, AGENCY, 10, "7", budget=6000,
          **_done(D(2026, 2, 25), D(2026, 3, 11), 6000)),
    _task(9, "Design review with staff", DESIGN, MARIA, 2, "8",
          **_done(D(2026, 3, 12), D(2026, 3, 16))),
    _task(10, "Final page designs", DESIGN, AGENCY, 8, "9", budget=4800,
          **_done(D(2026, 3, 17), D(2026, 3, 26), 5200)),
    _task(11, "Design signed off", DESIGN, MARIA, 0, "10",
          **_done(D(2026, 3, 30), D(2026, 3, 30))),
    # Build
    _task(12, "Apply for PayPort merchant account", BUILD, SAM, 2, "5",
          **_done(D(2026, 2, 13), D(2026, 2, 17))),
    _task(13, "PayPort account approval", BUILD, PAYPORT, 1, "12FS+10ed", status="Blocked",
          last_update=D(2026, 3, 26),
          notes="PayPort asked for two years of accounts; waiting on our accountant."),
    _task(14, "Set up hosting and staging site", BUILD, AGENCY, 3, "6FS+2", budget=1200,
          **_done(D(2026, 2, 18), D(2026, 2, 20), 1200)),
    _task(15, "Build product catalogue and search", BUILD, AGENCY, 15, "11, 14", budget=9000,
          **_doing(D(2026, 3, 31), 0.05, D(2026, 3, 31), 600)),
    _task(16, "Build cart and checkout", BUILD, AGENCY, 12, "15SS+5", budget=7200),
    _task(17, "Integrate PayPort payments", BUILD, AGENCY, 6, "16SS+5, 13", budget=3600),
    _task(18, "Connect stock system", BUILD, AGENCY, 14, "15", budget=8400,
          baseline_duration_days=10, baseline_cost=6000,
          notes="The old stock system needs a custom connector: +4 days. No change request yet."),
    _task(19, "Shipping rates and sales tax", BUILD, SAM, 4, "16"),
    _task(20, "Order confirmation e-mails", BUILD, AGENCY, 4, "16FF", budget=1800),
    _task(21, "Gift cards", BUILD, AGENCY, 4, "16", budget=2400, change_request="CR-1",
          in_baseline=False),
    _task(22, "Wishlist and saved carts", BUILD, AGENCY, 5, "16", budget=4000,
          in_baseline=False, notes="Asked for in the design review; never went through Changes."),
    _task(23, "Build complete", BUILD, AGENCY, 0, "17, 18, 19, 20, 21, 22",
          baseline_predecessors="17, 18, 19, 20"),
    # Content: the photographer has gone quiet.
    _task(24, "Product photography (240 items)", CONTENT, STUDIO, 15, "6", budget=4500,
          start_no_earlier_than=D(2026, 3, 2),
          **_doing(D(2026, 3, 2), 0.4, D(2026, 3, 10), 1800),
          notes="First batch delivered; studio has not answered about batch 2."),
    _task(25, "Write product descriptions", CONTENT, PRIYA, 25, "24SS+5",
          **_doing(D(2026, 3, 9), 0.35, D(2026, 3, 30))),
    _task(26, "Migrate old blog posts", CONTENT, PRIYA, 4, "7", budget=800, in_plan=False),
    _task(27, "Legal pages: terms, privacy, returns", CONTENT, None, 3, "7", budget=900,
          status="Not started"),
    _task(28, "Load products and content into the shop", CONTENT, PRIYA, 8, "15, 25, 27"),
    _task(29, "Redirects from old shop addresses", CONTENT, AGENCY, 3, "28", budget=1200),
    # Testing
    _task(30, "Test plan and test accounts", TESTING, SAM, 2, "11",
          **_doing(D(2026, 3, 31), 0.25, D(2026, 3, 31))),
    _task(31, "Functional testing", TESTING, SAM, 10, "23, 28, 30"),
    _task(32, "Payment testing with PayPort", TESTING, PAYPORT, 4, "17, 30", budget=600),
    _task(33, "Fix defects", TESTING, AGENCY, 8, "31SS+4", budget=4800),
    _task(34, "Staff training on the new shop", TESTING, PRIYA, 3, "33FF-1", budget=400),
    _task(35, "Acceptance sign-off", TESTING, MARIA, 0, "32, 33, 34"),
    # Launch: go-live must happen before the summer sale.
    _task(36, "Launch e-mail and social posts", LAUNCH, PRIYA, 5, "28", budget=1500),
    _task(37, "Freeze orders on the old shop", LAUNCH, TOM, 1, "38SF"),
    _task(38, "Go live", LAUNCH, AGENCY, 0, "35, 29", deadline=D(2026, 5, 15)),
    _task(39, "Announce the new shop to customers", LAUNCH, PRIYA, 1, "38, 36"),
    _task(40, "Post-launch support (two weeks)", LAUNCH, AGENCY, 10, "38", budget=3000),
    _task(41, "Project review and close", LAUNCH, MARIA, 1, "40"),
)
# fmt: on

FEATURE_TASKS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "done": ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "14"),
        "in-progress": ("15", "24", "25", "30"),
        "stalled": ("24",),
        "blocked": ("13",),
        "ownerless": ("27",),
        "milestones": ("6", "11", "23", "35", "38"),
        "deadline-missed": ("38",),
        "start-no-earlier-than": ("24",),
        "link-ss": ("4", "16", "17", "25", "33"),
        "link-ff": ("20", "34"),
        "link-sf": ("37",),
        "lag-working-days": ("4", "14", "16", "17", "25", "33"),
        "lead": ("34",),
        "lag-elapsed": ("13",),
        "added-approved": ("21",),
        "added-scope-creep": ("22",),
        "grown-scope-creep": ("18",),
        "removed": ("26",),
        "overloaded-soon": ("25",),
        "overloaded-later": ("31",),
    }
)
"""Which task ids show which feature: the report and add-in tests rely on these."""

SETTINGS: Mapping[str, object] = MappingProxyType(
    {
        "project_name": "Online shop relaunch",
        "project_start": PROJECT_START,
        "status_date": STATUS_DATE,
        "work_week": "Mon-Fri",
        "holiday_country": "US",
        "currency": "USD",
        "slip_tolerance_days": 3,
        "stalled_after_days": 14,
        "scope_creep_threshold_pct": 10,
        "critical_float_days": 0,
        "move_unfinished_work": "Yes",
    }
)

HOLIDAYS: tuple[Row, ...] = (
    MappingProxyType({"day": D(2026, 3, 27), "name": "Stock-take (shop closed)"}),
    MappingProxyType({"day": D(2026, 5, 22), "name": "Staff summer outing"}),
)

CHANGES: tuple[Row, ...] = (
    MappingProxyType(
        {
            "id": "CR-1",
            "description": "Sell gift cards online (task 21)",
            "requested_by": MARIA,
            "requested_on": D(2026, 3, 3),
            "decision": "Approved",
            "days_impact": 4,
            "cost_impact": 2400,
        }
    ),
    MappingProxyType(
        {
            "id": "CR-2",
            "description": "Same-day local delivery option",
            "requested_by": TOM,
            "requested_on": D(2026, 3, 18),
            "decision": "Pending",
            "days_impact": 6,
            "cost_impact": 3500,
        }
    ),
    MappingProxyType(
        {
            "id": "CR-3",
            "description": "Live chat on every page",
            "requested_by": PRIYA,
            "requested_on": D(2026, 2, 26),
            "decision": "Rejected",
            "days_impact": 3,
            "cost_impact": 1500,
        }
    ),
)

RISKS: tuple[Row, ...] = (
    MappingProxyType(
        {
            "id": "R1",
            "description": "PayPort approval is delayed and the shop cannot take payments",
            "likelihood": 4,
            "impact": 4,
            "owner": SAM,
            "status": "Open",
            "review_date": D(2026, 3, 27),
        }
    ),
    MappingProxyType(
        {
            "id": "R2",
            "description": "Product photos arrive late and hold up loading the content",
            "likelihood": 4,
            "impact": 3,
            "owner": PRIYA,
            "mitigation": "Book a second photographer for the rest if batch 2 is not in by 10 Apr.",
            "status": "Open",
            "review_date": D(2026, 4, 10),
        }
    ),
    MappingProxyType(
        {
            "id": "R3",
            "description": "Stock sync oversells items in the first weeks",
            "likelihood": 3,
            "impact": 5,
            "owner": TOM,
            "mitigation": "Daily manual stock check for the first two weeks after go-live.",
            "status": "Open",
            "review_date": D(2026, 4, 24),
        }
    ),
    MappingProxyType(
        {
            "id": "R4",
            "description": "Customer accounts are lost in the move",
            "likelihood": 2,
            "impact": 4,
            "owner": AGENCY,
            "mitigation": "Trial migration on staging; old shop kept read-only for 30 days.",
            "status": "Open",
            "review_date": D(2026, 5, 1),
        }
    ),
    MappingProxyType(
        {
            "id": "R5",
            "description": "The agency swaps its lead developer mid-project",
            "likelihood": 2,
            "impact": 3,
            "owner": MARIA,
            "mitigation": "Lead developer named in the contract.",
            "status": "Closed",
        }
    ),
)

CHARTER: tuple[Row, ...] = (
    MappingProxyType(
        {
            "goal": "Sell more online",
            "success_measure": "Online revenue per month",
            "target": "+30 % by Sept",
            "owner": MARIA,
        }
    ),
    MappingProxyType(
        {
            "goal": "A checkout that works on phones",
            "success_measure": "Mobile checkouts completed",
            "target": "60 % or more",
            "owner": AGENCY,
        }
    ),
    MappingProxyType(
        {
            "goal": "Live before the summer sale",
            "success_measure": "Go-live date",
            "target": "15 May 2026",
            "owner": MARIA,
        }
    ),
)

TEAM: tuple[Row, ...] = (
    MappingProxyType({"name": MARIA, "email": "maria.lopez@example.com", "capacity": 1.0}),
    # IT and operations runs the shop's systems too: half his week is this project.
    MappingProxyType({"name": SAM, "email": "sam.patel@example.com", "capacity": 0.5}),
    MappingProxyType(
        {
            "name": PRIYA,
            "email": "priya.shah@example.com",
            "capacity": 1.0,
            "days_off": "2026-04-09..2026-04-10",
        }
    ),
    MappingProxyType({"name": TOM, "email": "tom.reed@example.com", "capacity": 0.25}),
    # The agency puts three people on the shop.
    MappingProxyType({"name": AGENCY, "email": "projects@brightline.example.com", "capacity": 3.0}),
    MappingProxyType({"name": PAYPORT, "email": "merchants@payport.example.com", "capacity": 1.0}),
    MappingProxyType({"name": STUDIO, "email": "studio@lumen.example.com", "capacity": 1.0}),
)
"""Who the owners are: Sam gives half his week and has a week of functional testing in
May (over capacity, a note); Priya's two days off fall under the product descriptions, a
critical task, next week (over capacity soon, a warning); the agency gives three people's
weeks and still runs over in the week of 20 Apr (a note)."""

_PROGRESS_FIELDS = (
    "percent_complete",
    "actual_start",
    "actual_finish",
    "actual_cost",
    "status",
    "last_update",
)


def plan_rows(baseline: Mapping[str, Mapping[str, object]]) -> tuple[Row, ...]:
    """The Plan rows as they stand at the status date, with `baseline` dates filled in.

    `baseline` maps a task id to its Baseline Start / Finish (fields `start`, `finish`).
    """
    rows: list[Row] = []
    for task in SAMPLE_TASKS:
        if not task["in_plan"]:
            continue
        row = {key: value for key, value in task.items() if not key.startswith(("in_", "baseline"))}
        frozen = baseline.get(str(task["id"]))
        if frozen is not None:
            row["baseline_start"] = frozen["start"]
            row["baseline_finish"] = frozen["finish"]
            row["baseline_duration_days"] = frozen["duration_days"]
            row["baseline_cost"] = frozen["cost"]
        rows.append(MappingProxyType(row))
    return tuple(rows)


def baseline_tasks() -> tuple[SampleTask, ...]:
    """The tasks as agreed on BASELINE_SET_ON: no added tasks, the removed one, old sizes."""
    return tuple(task for task in SAMPLE_TASKS if task["in_baseline"])


def as_planned_content() -> WorkbookContent:
    """The plan as it was agreed, with no progress: scheduling it gives the baseline dates."""
    rows: list[Row] = []
    for task in baseline_tasks():
        row = {
            key: value
            for key, value in task.items()
            if not key.startswith(("in_", "baseline")) and key not in _PROGRESS_FIELDS
        }
        row["duration_days"] = task.get("baseline_duration_days", task["duration_days"])
        row["budget"] = task.get("baseline_cost", task.get("budget"))
        row["predecessors"] = task.get("baseline_predecessors", task["predecessors"])
        rows.append(MappingProxyType(row))
    settings = dict(SETTINGS)
    settings["status_date"] = BASELINE_SET_ON
    settings["move_unfinished_work"] = "No"
    return WorkbookContent(
        title="Online shop relaunch (as planned)",
        plan=tuple(rows),
        settings=MappingProxyType(settings),
        holidays=HOLIDAYS,
    )


def sample_content(baseline: Mapping[str, Mapping[str, object]]) -> WorkbookContent:
    """The whole sample workbook, given the baseline (task id → start, finish, duration, cost)."""
    from pmkit.template.builder import BaselineSheet

    snapshot = tuple(
        MappingProxyType({"id": task["id"], "name": task["name"], **baseline[str(task["id"])]})
        for task in baseline_tasks()
    )
    return WorkbookContent(
        title="Online shop relaunch",
        plan=plan_rows(baseline),
        settings=SETTINGS,
        holidays=HOLIDAYS,
        changes=CHANGES,
        risks=RISKS,
        charter=CHARTER,
        team=TEAM,
        baseline=BaselineSheet(BASELINE_SET_ON, snapshot),
    )


FINISHED_MET: Mapping[str, str | None] = MappingProxyType(
    {
        "Sell more online": None,  # measured in September: not confirmed yet
        "A checkout that works on phones": "Yes",
        "Live before the summer sale": "No",
    }
)
"""The owner's Met? answers in the finished sample (one left blank, to show the finding)."""
FINISHED_FORECASTS: tuple[tuple[date, date], ...] = (
    (D(2026, 2, 2), D(2026, 6, 1)),
    (D(2026, 2, 16), D(2026, 6, 1)),
    (D(2026, 3, 2), D(2026, 6, 2)),
    (D(2026, 3, 9), D(2026, 6, 4)),
    (D(2026, 3, 16), D(2026, 6, 8)),
    (D(2026, 3, 23), D(2026, 6, 10)),
)
"""The nightly forecasts before the sample's status date (sample data, like the risks);
the runs from the status date on are scheduled by pmkit (`finished_content`)."""


def finished_content(
    baseline: Mapping[str, Mapping[str, object]],
    forecast: Mapping[str, tuple[date, date]],
    history: tuple[Row, ...],
) -> WorkbookContent:
    """The sample once the project is over: every task done on the dates pmkit forecast at
    the status date (`forecast`: task id → start, finish), what it cost, the risks
    closed, the Charter answered (`FINISHED_MET`) and `Project Closed` set."""
    rows: list[Row] = []
    for row in sample_content(baseline).plan:
        done = dict(row)
        start, finish = forecast[str(row["id"])]
        done["actual_start"] = done.get("actual_start") or start
        done["actual_finish"] = done.get("actual_finish") or finish
        done["percent_complete"] = 1.0
        done["status"] = "Done"
        done["last_update"] = done["actual_finish"]
        spent = done.get("actual_cost")
        budget = done.get("budget")
        if isinstance(budget, int | float):
            so_far = float(spent) if isinstance(spent, int | float) else 0.0
            done["actual_cost"] = max(so_far, float(budget))
        done["owner"] = done.get("owner") or MARIA
        rows.append(MappingProxyType(done))
    last = max(finish for _, finish in forecast.values())
    settings = dict(SETTINGS)
    settings["status_date"] = last
    settings["project_closed"] = "Yes"
    risks = tuple(MappingProxyType({**risk, "status": "Closed"}) for risk in RISKS)
    charter = tuple(
        MappingProxyType({**goal, "met": FINISHED_MET.get(str(goal["goal"]))}) for goal in CHARTER
    )
    content = sample_content(baseline)
    return WorkbookContent(
        title="Online shop relaunch (finished)",
        plan=tuple(rows),
        settings=MappingProxyType(settings),
        holidays=HOLIDAYS,
        changes=CHANGES,
        risks=risks,
        charter=charter,
        baseline=content.baseline,
        history=history,
    )
