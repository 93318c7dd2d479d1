"""The workbook layout (docs/plan-workbook.md), once: sheets, columns, kinds and plain-words help.

The reader, the template, the validation messages and the Instructions sheet all take
their column names and meanings from here, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pmkit.engine.figures import DATE_COLUMN_WIDTH

__all__ = [
    "BASELINE",
    "BASELINE_NUMBER_LABEL",
    "BASELINE_SET_ON_LABEL",
    "CHANGES",
    "CHARTER",
    "CONSTRAINT_CHOICES",
    "HISTORY_SHEET",
    "HOLIDAYS",
    "INPUT_SHEETS",
    "MAX_CAPACITY",
    "OUTPUT_SHEETS",
    "PLAN",
    "PLAN_YEARS",
    "REPORT_SHEETS",
    "RISKS",
    "SETTINGS",
    "SETTINGS_ROWS",
    "TEAM",
    "WORKBOOK_SUFFIXES",
    "Column",
    "Kind",
    "SettingRow",
    "SheetSchema",
    "normalize_name",
]

PLAN_YEARS = (1900, 2199)
"""The years a plan date may fall in; outside them a date is a typo (Excel allows 9999)."""


def normalize_name(name: object) -> str:
    """How sheet and column names are compared: case-insensitive, outer spaces ignored."""
    return " ".join(str(name).split()).casefold()


class Kind(StrEnum):
    """What a column holds, which decides how its cells are read and formatted."""

    ID = "id"
    TEXT = "text"
    DAYS = "days"
    DATE = "date"
    PERCENT = "percent"
    MONEY = "money"
    NUMBER = "number"
    PREDECESSORS = "predecessors"
    CHOICE = "choice"
    SCORE = "score"
    CAPACITY = "capacity"  # a share of a working week: a percentage, above 100 % allowed
    EMAIL = "email"
    DATES = "dates"  # dates and ranges: 2026-04-06..2026-04-10, 2026-05-01


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    field: str
    kind: Kind
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    width: int = 14
    example: str = ""
    non_negative: bool = False
    """An amount that is zero or more (a cost): below zero is an error, read as blank."""


@dataclass(frozen=True, slots=True)
class SheetSchema:
    name: str
    columns: tuple[Column, ...]
    help: str
    required: bool = False

    def by_header(self) -> dict[str, Column]:
        """Columns keyed by their normalized header."""
        return {normalize_name(column.header): column for column in self.columns}


STATUS_CHOICES = ("Not started", "In progress", "Done", "Blocked", "On hold")
DECISION_CHOICES = ("Approved", "Rejected", "Pending")
RISK_STATUS_CHOICES = ("Open", "Closed")
YES_NO = ("Yes", "No")
CONSTRAINT_CHOICES = (
    "As Soon As Possible",
    "As Late As Possible",
    "Must Start On",
    "Must Finish On",
    "Start No Earlier Than",
    "Start No Later Than",
    "Finish No Earlier Than",
    "Finish No Later Than",
)
"""Microsoft Project's names for its constraints (`model.ConstraintType` values)."""

PLAN = SheetSchema(
    "Plan",
    (
        Column(
            "ID",
            "id",
            Kind.ID,
            "A short unique label for the task, usually 1, 2, 3 and so on. "
            "Other tasks refer to it in Predecessors.",
            required=True,
            width=6,
            example="7",
        ),
        Column(
            "Task",
            "name",
            Kind.TEXT,
            "What has to be done, in a few words.",
            required=True,
            width=36,
            example="Build product pages",
        ),
        Column(
            "Phase",
            "phase",
            Kind.TEXT,
            "Stage of the work (Design, Build, Launch …); the summary adds up tasks by phase.",
            width=14,
            example="Build",
        ),
        Column(
            "Owner",
            "owner",
            Kind.TEXT,
            "The person or vendor who answers for finishing "
            "this task. Every unfinished task needs one.",
            width=16,
            example="Web vendor",
        ),
        Column(
            "Duration",
            "duration_days",
            Kind.DAYS,
            "Working days the task takes, a whole "
            "number. 0 makes it a milestone (a checkpoint with no work).",
            required=True,
            width=10,
            example="5",
        ),
        Column(
            "Predecessors",
            "predecessors",
            Kind.PREDECESSORS,
            "IDs of tasks that must "
            "happen first, separated by commas: 3 = after 3 finishes; 3SS = starts when 3 "
            "starts; 3FF = finishes when 3 finishes; 3SF = finishes when 3 starts; add +2 "
            "or -1 working days of lag, or +3ed for calendar days.",
            width=14,
            example="3, 4SS+2",
        ),
        Column(
            "Start No Earlier Than",
            "start_no_earlier_than",
            Kind.DATE,
            "Optional: the task cannot start before this date (a vendor's first free day, say).",
            width=DATE_COLUMN_WIDTH,
        ),
        Column(
            "Constraint",
            "constraint",
            Kind.CHOICE,
            "Optional, as in Microsoft Project: how Constraint Date holds the task. Must "
            "Start On / Must Finish On put it on that date whatever its predecessors do; Start "
            "/ Finish No Earlier Than: not before it; Start / Finish No Later Than: not after "
            "it; As Late As Possible: as late as its successors allow (no date). Blank or As "
            "Soon As Possible: as soon as its predecessors allow.",
            choices=CONSTRAINT_CHOICES,
            width=16,
            example="Must Finish On",
        ),
        Column(
            "Constraint Date",
            "constraint_date",
            Kind.DATE,
            "The date the Constraint is about: a start date for the Start and Must Start "
            "kinds, a finish date (the last working day) for the Finish kinds.",
            width=DATE_COLUMN_WIDTH,
        ),
        Column(
            "Fixed Dates",
            "fixed_dates",
            Kind.CHOICE,
            "Yes: the task stays where you put it, starting on its Start No Earlier Than "
            "date and taking its Duration, whatever its predecessors do; tasks after it "
            "still follow it. (Microsoft Project's manually scheduled tasks.) Blank or No: "
            "pmkit schedules it.",
            choices=YES_NO,
            width=8,
            example="Yes",
        ),
        Column(
            "Deadline",
            "deadline",
            Kind.DATE,
            "Optional: the date the task must be "
            "finished by. pmkit warns when the forecast misses it.",
            width=DATE_COLUMN_WIDTH,
        ),
        Column(
            "% Complete",
            "percent_complete",
            Kind.PERCENT,
            "How much of the task is done, 0 % to 100 %.",
            width=11,
            example="50%",
        ),
        Column(
            "Actual Start",
            "actual_start",
            Kind.DATE,
            "The day work really started.",
            width=DATE_COLUMN_WIDTH,
        ),
        Column(
            "Actual Finish",
            "actual_finish",
            Kind.DATE,
            "The day work really finished (this makes the task 100 % done).",
            width=DATE_COLUMN_WIDTH,
        ),
        Column(
            "Budget",
            "budget",
            Kind.MONEY,
            "Planned cost of the task.",
            width=11,
            non_negative=True,
        ),
        Column(
            "Actual Cost",
            "actual_cost",
            Kind.MONEY,
            "Money spent on the task so far.",
            width=11,
            non_negative=True,
        ),
        Column(
            "Status",
            "status",
            Kind.CHOICE,
            "Not started, In progress, Done, Blocked or On hold.",
            choices=STATUS_CHOICES,
            width=12,
        ),
        Column(
            "Last Update",
            "last_update",
            Kind.DATE,
            "The day someone last confirmed this "
            "row's progress. Tasks in progress with no update for a while are flagged as "
            "stalled.",
            width=DATE_COLUMN_WIDTH,
        ),
        Column(
            "Change Request",
            "change_request",
            Kind.ID,
            "The ID of the change request (on "
            "the Changes sheet) that approved this task or its growth.",
            width=12,
        ),
        Column(
            "Baseline Start",
            "baseline_start",
            Kind.DATE,
            "Filled in by Set baseline: the agreed start. Leave alone.",
            width=DATE_COLUMN_WIDTH,
        ),
        Column(
            "Baseline Finish",
            "baseline_finish",
            Kind.DATE,
            "Filled in by Set baseline: the agreed finish. Leave alone.",
            width=DATE_COLUMN_WIDTH,
        ),
        Column(
            "Baseline Duration",
            "baseline_duration_days",
            Kind.DAYS,
            "Filled in by Set baseline: the agreed duration. Leave alone.",
            width=11,
        ),
        Column(
            "Baseline Cost",
            "baseline_cost",
            Kind.MONEY,
            "Filled in by Set baseline: the agreed cost. Leave alone.",
            width=11,
            non_negative=True,
        ),
        Column("Notes", "notes", Kind.TEXT, "Anything else worth saying.", width=30),
    ),
    "One row per task. Only ID, Task and Duration are required.",
    required=True,
)


@dataclass(frozen=True, slots=True)
class SettingRow:
    """One setting: `default` is the value a blank cell takes (the template writes it in),
    `blank_means` says in words what a blank gives when that is no value ("today")."""

    name: str
    field: str
    kind: Kind
    default: str
    help: str
    choices: tuple[str, ...] = ()
    blank_means: str = ""


SETTINGS_ROWS: tuple[SettingRow, ...] = (
    SettingRow(
        "Project",
        "project_name",
        Kind.TEXT,
        "",
        "Name of the project (default: the workbook's name).",
        blank_means="workbook name",
    ),
    SettingRow(
        "Project Start",
        "project_start",
        Kind.DATE,
        "",
        "First day of work. Blank: "
        "the earliest Start No Earlier Than, else the earliest Actual Start, else the "
        "Status Date.",
        blank_means="earliest date",
    ),
    SettingRow(
        "Status Date",
        "status_date",
        Kind.DATE,
        "",
        "The day progress is measured at (end of that day). Blank: today.",
        blank_means="today",
    ),
    SettingRow(
        "Work Week",
        "work_week",
        Kind.TEXT,
        "Mon-Fri",
        "Working days of the week, e.g. Mon-Fri, Mon-Sat, Sun-Thu or Mon,Tue,Thu.",
    ),
    SettingRow(
        "Holiday Country",
        "holiday_country",
        Kind.TEXT,
        "",
        "No work is planned on this country's public holidays (25 Dec, 1 Jan, …). Pick it "
        "from the list, or type any code the holidays package knows, e.g. US-CA, DE-BY. "
        "Blank: no public holiday is counted, and the Flags say so.",
        blank_means="none",
    ),
    SettingRow(
        "Currency",
        "currency",
        Kind.TEXT,
        "",
        "Currency of Budget and Actual Cost, e.g. USD, EUR, GBP.",
        blank_means="none",
    ),
    SettingRow(
        "Slip Tolerance Days",
        "slip_tolerance_days",
        Kind.DAYS,
        "3",
        "Working days a task or the project may run behind its baseline before it counts "
        "as late: within it, a slip is amber; past it, red (and the project turns Red). "
        "3: a few days behind is slipping, most of a week is late.",
    ),
    SettingRow(
        "Stalled After Days",
        "stalled_after_days",
        Kind.DAYS,
        "14",
        "A task in progress with no update for this many days is flagged as stalled.",
    ),
    SettingRow(
        "Scope Creep Threshold %",
        "scope_creep_threshold_pct",
        Kind.NUMBER,
        "10",
        "Unapproved growth in work or cost above this percentage raises a flag.",
    ),
    SettingRow(
        "Critical Float Days",
        "critical_float_days",
        Kind.DAYS,
        "0",
        "Tasks with this "
        "much spare time or less are critical: any delay to them delays the project.",
    ),
    SettingRow(
        "Move Unfinished Work Past Status Date",
        "move_unfinished_work",
        Kind.CHOICE,
        "Yes",
        "Yes: work not done by the status date is forecast after it. No: pure "
        "plan logic, as Microsoft Project shows it without rescheduling (no forecast "
        "while work dated in the past is not done).",
        choices=YES_NO,
    ),
    SettingRow(
        "Project Closed",
        "project_closed",
        Kind.CHOICE,
        "No",
        "Yes once the project is over (also when every task is done): the Summary becomes "
        "the close-out review. Then write Yes or No under Met? on the Charter.",
        choices=YES_NO,
    ),
)

SETTINGS = SheetSchema(
    "Settings",
    (
        Column("Setting", "setting", Kind.TEXT, "The name of the setting.", width=38),
        Column("Value", "value", Kind.TEXT, "Its value; leave blank for the default.", width=18),
    ),
    "Project-wide settings; blank values take the default.",
)

HOLIDAYS = SheetSchema(
    "Holidays",
    (
        Column(
            "Date",
            "day",
            Kind.DATE,
            "A day nobody works (closure, company holiday).",
            width=DATE_COLUMN_WIDTH,
        ),
        Column("Name", "name", Kind.TEXT, "What the day is.", width=30),
    ),
    "Non-working days, on top of the weekend and the Holiday Country's public holidays.",
)

CHANGES = SheetSchema(
    "Changes",
    (
        Column("CR ID", "id", Kind.ID, "A label for the change request, e.g. CR-1.", width=8),
        Column("Description", "description", Kind.TEXT, "What is being asked for.", width=40),
        Column("Requested By", "requested_by", Kind.TEXT, "Who asked.", width=16),
        Column(
            "Date", "requested_on", Kind.DATE, "When it was asked for.", width=DATE_COLUMN_WIDTH
        ),
        Column(
            "Decision",
            "decision",
            Kind.CHOICE,
            "Approved, Rejected or Pending.",
            choices=DECISION_CHOICES,
            width=11,
        ),
        Column("Days Impact", "days_impact", Kind.NUMBER, "Extra working days it adds.", width=11),
        Column("Cost Impact", "cost_impact", Kind.MONEY, "Extra cost it adds.", width=11),
    ),
    "Every change to the agreed scope, with its decision. Tasks added or grown without an "
    "approved change request here are flagged as scope creep.",
)

RISKS = SheetSchema(
    "Risks",
    (
        Column("ID", "id", Kind.ID, "A label for the risk, e.g. R1.", width=6),
        Column("Risk", "description", Kind.TEXT, "What might go wrong.", width=40),
        Column("Likelihood", "likelihood", Kind.SCORE, "1 (rare) to 5 (almost certain).", width=10),
        Column("Impact", "impact", Kind.SCORE, "1 (minor) to 5 (severe).", width=8),
        Column("Owner", "owner", Kind.TEXT, "Who watches this risk.", width=16),
        Column("Mitigation", "mitigation", Kind.TEXT, "What is being done about it.", width=40),
        Column(
            "Status", "status", Kind.CHOICE, "Open or Closed.", choices=RISK_STATUS_CHOICES, width=9
        ),
        Column(
            "Review Date",
            "review_date",
            Kind.DATE,
            "When to look at this risk again. The nightly sync says when an open risk passes it.",
            width=DATE_COLUMN_WIDTH,
        ),
    ),
    "The risk register. Open risks scoring 15 or more (likelihood × impact) need a mitigation.",
)

CHARTER = SheetSchema(
    "Charter",
    (
        Column("Goal", "goal", Kind.TEXT, "What the project is for, in one line.", width=40),
        Column(
            "Success Measure",
            "success_measure",
            Kind.TEXT,
            "How you will know it worked.",
            width=30,
        ),
        Column(
            "Target", "target", Kind.TEXT, "The number or date that counts as success.", width=16
        ),
        Column("Owner", "owner", Kind.TEXT, "Who answers for this goal.", width=16),
        Column(
            "Met?",
            "met",
            Kind.CHOICE,
            "After the project: Yes or No, did it reach the target? The close-out review reads it.",
            choices=YES_NO,
            width=8,
        ),
    ),
    'What "done" means: goals and how success is measured, written down before work starts; '
    "after the project, whether each was met.",
)

MAX_CAPACITY = 10.0
"""The most a Team member's Capacity may say: 1,000 %, ten people's weeks (more is a typo)."""

TEAM = SheetSchema(
    "Team",
    (
        Column(
            "Owner",
            "name",
            Kind.TEXT,
            "A person or vendor, written as in the Plan's Owner column (capitals and "
            "spaces do not matter).",
            required=True,
            width=20,
            example="Sam Patel",
        ),
        Column(
            "Email",
            "email",
            Kind.EMAIL,
            "Where to reach them: their morning list of what is due comes here.",
            width=30,
            example="sam@example.com",
        ),
        Column(
            "Capacity",
            "capacity",
            Kind.CAPACITY,
            "How much of their working week they give this project: 100 % (the default) "
            "is all of it, 50 % half. A vendor with a team may give more: 300 % is three "
            "people's weeks.",
            width=10,
            example="50%",
        ),
        Column(
            "Days Off",
            "days_off",
            Kind.DATES,
            "Days they are away, on top of the Holidays sheet: dates, and ranges written "
            "first..last (2026-04-06..2026-04-10), separated by commas.",
            width=36,
            example="2026-05-01",
        ),
    ),
    "Who the Owner names are, how to reach them and how much of their week they give "
    "this project. pmkit shows each one's load, week by week, on the Workload sheet. "
    "Optional: without it everyone counts as full time on this project.",
)

BASELINE = SheetSchema(
    "Baseline",
    (
        Column("ID", "id", Kind.ID, "Task ID.", width=6),
        Column("Task", "name", Kind.TEXT, "Task name.", width=36),
        Column("Duration", "duration_days", Kind.DAYS, "Working days.", width=10),
        Column("Start", "start", Kind.DATE, "Agreed start.", width=DATE_COLUMN_WIDTH),
        Column("Finish", "finish", Kind.DATE, "Agreed finish.", width=DATE_COLUMN_WIDTH),
        Column("Cost", "cost", Kind.MONEY, "Agreed cost.", width=11, non_negative=True),
    ),
    "Written by Set baseline: the plan as agreed, to compare progress and scope against.",
)
BASELINE_SET_ON_LABEL = "Baseline set on"
"""The label cell above the Baseline header; the date it was set is in the next cell to
its right (the label also tells a Baseline sheet pmkit wrote)."""
BASELINE_NUMBER_LABEL = "Baseline number"
"""The label below it; the baseline's number (1 for the first) is in the next cell."""

INPUT_SHEETS: tuple[SheetSchema, ...] = (
    PLAN,
    SETTINGS,
    HOLIDAYS,
    CHANGES,
    RISKS,
    CHARTER,
    TEAM,
    BASELINE,
)
REPORT_SHEETS: tuple[str, ...] = ("Summary", "Schedule", "Flags", "Gantt", "Workload")
"""The report's output sheets, in workbook order (Workload when tasks have owners)."""
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
"""The file endings of a plan workbook (lower case): Excel's own, with macros or without."""

HISTORY_SHEET = "History"
"""The nightly job's trend sheet, written after the report's."""
OUTPUT_SHEETS: tuple[str, ...] = (*REPORT_SHEETS, HISTORY_SHEET)
"""Every output sheet pmkit writes into a plan (History: the nightly job's), never an input.
The one list of output sheet names: the writers, the ownership rules, the template's help."""
