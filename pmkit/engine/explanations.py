"""What each finding code means, in an owner's words: when pmkit raises it, how serious
it is, and what to do about it.

The one place each code is explained: the findings reference in docs/findings.md is
generated from `EXPLANATIONS` (a test fails when the docs are stale, or when a code has
no explanation).

>>> EXPLANATIONS[Code.STALLED_TASK].tier
'warning'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pmkit.engine.figures import format_ratio
from pmkit.engine.issues import Code
from pmkit.engine.status import AMBER_INDEX, RED_INDEX

__all__ = ["BASELINE_PAIR_COST", "EXPLANATIONS", "NOT_SCHEDULED", "Explanation"]

NOT_SCHEDULED = (
    "Until it is fixed, the plan cannot be scheduled as written, so the project's finish "
    "date is unknown."
)
"""What an error that holds back the schedule costs (`unscheduled.holds_back`: the
forecast is then unknown), as the This-week action to fix it says when it holds up no
task after it (else it names them)."""


BASELINE_PAIR_COST = (
    "the Gantt shows no agreed bar for the task and its planned value is counted back from "
    "the Baseline Finish"
)
"""What a Baseline Start after the Baseline Finish costs until the two dates agree: the
finding's message, its explanation and its This-week why all say it in these words."""


@dataclass(frozen=True, slots=True)
class Explanation:
    """A finding code explained: its tier (as an owner reads it), when, and what to do.

    An error also says, in `until_fixed`, what pmkit does with the plan meanwhile: the
    sentence the This-week action to fix it gives as its why (`pmkit.engine.actions`);
    `elsewhere`, for a code that also stands on another sheet (a change request with no
    CR ID), what it does there, where no task waits on it.
    """

    tier: str
    when: str
    fix: str
    until_fixed: str = ""
    elsewhere: str = ""


_E = Explanation
_AMBER, _RED = format_ratio(AMBER_INDEX), f"below {format_ratio(RED_INDEX)}"

_ALL: dict[Code, Explanation] = {
    # structure and data: what the reader and validation find
    Code.MISSING_ID: _E(
        "error",
        "a row with a task but no ID; it is left out of the schedule",
        "give the row an ID no other row uses",
        until_fixed=NOT_SCHEDULED,
        elsewhere="Until it is fixed, pmkit leaves that row out; the schedule is not affected.",
    ),
    Code.DUPLICATE_ID: _E(
        "error",
        "a row repeats an earlier row's ID; the later row is left out",
        "give the row its own ID",
        until_fixed=NOT_SCHEDULED,
    ),
    Code.MISSING_NAME: _E(
        "error",
        "a task with an ID but no name",
        "say in a few words what has to be done",
        until_fixed="The task is scheduled all the same, but nobody reading the plan can tell what "
        "has to be done.",
    ),
    Code.BAD_DURATION: _E(
        "error",
        "Duration blank, negative, over 10,000 working days, or not a number; "
        "the task is not scheduled (unless it is done, with both actual dates: "
        "`duration-from-actuals`)",
        "type a whole number of working days (`5`, `5d`)",
        until_fixed=NOT_SCHEDULED,
        elsewhere="Until it is fixed, pmkit reads the cell as blank; the schedule is not affected.",
    ),
    Code.BAD_DATE: _E(
        "error",
        "a date cell that is not a date, a number that stands for no date a plan could "
        "mean (a Deadline typed as `2026`, which Excel would show as 1905), or a day/month "
        "order pmkit cannot tell (`03/04/2026`); the task is scheduled without it",
        "type the date as `2026-04-03`, or as a real Excel date",
        until_fixed="Until it is fixed, pmkit reads the cell as blank, as if no date were given.",
    ),
    Code.BAD_PERCENT: _E(
        "error",
        "% Complete below 0 % or above 100 %, or not a number",
        "type a share from 0 % to 100 %",
        until_fixed="Until it is fixed, pmkit reads the cell as blank (% Complete as 0 %).",
    ),
    Code.BAD_NUMBER: _E(
        "error",
        "a money cell (Budget, Actual Cost, Baseline Cost, Cost Impact) that is not a number, "
        "or a cost (Budget, Actual Cost, Baseline Cost) below zero",
        "type the amount as a number (a cost zero or more)",
        until_fixed="Until it is fixed, pmkit leaves this amount out of the money figures.",
    ),
    Code.BAD_VALUE: _E(
        "error",
        "a Status, Decision, Constraint, Yes/No or ID that is not one of the words pmkit knows",
        "pick a value from the cell's dropdown",
        until_fixed="Until it is fixed, pmkit reads the cell as blank (a Decision as Pending, "
        "a Yes/No as No).",
    ),
    Code.BAD_SETTING: _E(
        "error",
        "a setting's value pmkit cannot read (a Work Week, a Holiday Country, a "
        "threshold); its default is used",
        "correct the value; the Instructions sheet lists what each setting takes",
        until_fixed="Until it is fixed, pmkit uses the setting's default instead.",
    ),
    Code.BAD_PREDECESSOR: _E(
        "error",
        "a piece of Predecessors that is not a link (`3FS+2x`, `+5`); "
        "the other links in the cell still count",
        "write links as `3`, `3FS+2`, `4SS`, separated by commas",
        until_fixed=NOT_SCHEDULED,
    ),
    Code.UNKNOWN_PREDECESSOR: _E(
        "error",
        "a predecessor that is not a task ID in this plan; the task and those after it "
        "are not scheduled",
        "correct the ID, or remove the link",
        until_fixed=NOT_SCHEDULED,
    ),
    Code.SELF_DEPENDENCY: _E(
        "error",
        "a task lists itself as its predecessor",
        "remove it from its Predecessors",
        until_fixed=NOT_SCHEDULED,
    ),
    Code.DEPENDENCY_CYCLE: _E(
        "error",
        "tasks that wait for each other in a loop; none of them can be scheduled",
        "break the loop: remove one of the links the message names",
        until_fixed=NOT_SCHEDULED,
    ),
    Code.UNSCHEDULED_TASK: _E(
        "warning, shown under the error that blocks it",
        "tasks kept out of the schedule by another task's error",
        "fix the error they are listed under",
    ),
    Code.BEYOND_CALENDAR: _E(
        "error",
        "a chain of durations and lags that would finish after 31 Dec 9999",
        "look for a typo in the Duration or lag named",
        until_fixed=NOT_SCHEDULED,
    ),
    Code.ACTUAL_FINISH_BEFORE_START: _E(
        "error",
        "an Actual Finish before the Actual Start: both cannot be right, so pmkit leaves "
        "the Actual Finish out (the task is as done as its % Complete and Status say) and "
        "the project's finish date is unknown",
        "check both dates",
        until_fixed=NOT_SCHEDULED,
    ),
    Code.ACTUAL_IN_FUTURE: _E(
        "error",
        "an Actual Start or Actual Finish after the status date",
        "correct the date, or move the Status Date on",
        until_fixed="Until it is fixed, the task and the work after it are scheduled from a "
        "date that has not come yet.",
    ),
    Code.PROGRESS_DISAGREES: _E(
        "warning",
        "a task's row says both that it is finished (an Actual Finish, 100 %, Status Done) "
        "and that it is not (a % Complete between 0 and 100 %, another Status); pmkit goes "
        "by the first, as an actual finish implies 100 %: the task is done, all of its value "
        "earned, and the Schedule shows 100 % and Done",
        "set the cells that say it is not finished (% Complete to 100 %, Status to Done), or, "
        "if work remains, clear the ones that say it is",
    ),
    Code.BASELINE_START_AFTER_FINISH: _E(
        "error",
        "a Baseline Start after the Baseline Finish (the Plan's; a pair made with the "
        "Baseline sheet's dates is found at its cell there); until they agree "
        f"{BASELINE_PAIR_COST}",
        "correct whichever date is wrong, or set the baseline again",
        until_fixed=f"Until the two dates agree, {BASELINE_PAIR_COST}; its schedule is not "
        "affected.",
    ),
    Code.OWNERLESS_TASK: _E(
        "warning when critical or overdue, else note",
        "an unfinished task with a blank Owner",
        "name the person or vendor who answers for finishing it",
    ),
    Code.ROUNDED_DURATION: _E(
        "warning",
        "a fractional Duration, rounded up to whole working days",
        "type whole working days",
    ),
    Code.DURATION_FROM_ACTUALS: _E(
        "warning",
        "a done task's Duration is blank or unreadable, but its Actual Start and Actual "
        "Finish are given: pmkit takes its duration from them (their working days), as "
        "Microsoft Project does for a completed task, and schedules it and the tasks after it",
        "type the number of working days the message gives (in a Microsoft Project file, "
        "give the task that Duration), to keep the plan complete",
    ),
    Code.DATE_FROM_NUMBER: _E(
        "note",
        "a number in a date column of a cell without a date format (`46112`), read as the "
        "date it stands for in Excel (Tue 31 Mar 2026); a number that stands for no date "
        "a plan could mean (before 1990, like a Deadline typed as `2026`) is a `bad-date` "
        "error instead",
        "format the cell as a date if the date read is the one meant, else type the date",
    ),
    Code.PERCENT_AS_WHOLE_NUMBER: _E(
        "note",
        "% Complete or a Capacity typed as a whole number (`50`) in a General cell, read "
        "as 50 %; a number that could be a fraction too (`1`, a Capacity of `3`) is read as "
        "the column's other plain numbers are typed (a note says so when it is a whole percent)",
        "nothing, or type the percent sign (`1%`, `300%`), or format the column as a percentage",
    ),
    Code.UNSUPPORTED_CONSTRAINT: _E(
        "warning",
        "a constraint from Microsoft Project that pmkit does not know, or a dated "
        "constraint without its date; the task is scheduled As Soon As Possible",
        "set the constraint again in Project, or in the Constraint columns",
    ),
    Code.DIFFERS_FROM_PROJECT: _E(
        "warning",
        "a plan from Microsoft Project uses something pmkit cannot reproduce (a task "
        "calendar, an elapsed duration …); the task named will have other dates than "
        "in Project, and the sentence says why",
        "read the task's dates in Project, or remove what the sentence names",
    ),
    Code.FORMULA_ERROR: _E(
        "error",
        "a formula whose value is an Excel error (`#REF!`, `#N/A` …)",
        "fix the formula, or type the value",
        until_fixed="Until it is fixed, pmkit reads the cell as blank.",
    ),
    Code.UNCALCULATED_FORMULA: _E(
        "error",
        "a formula saved without its value (by a program that does not calculate)",
        "open the file in Excel or LibreOffice and save it",
        until_fixed="Until the file is saved by a program that calculates, pmkit reads such cells "
        "as blank, and leaves out a row that holds nothing else, counting it as a task that "
        "cannot be scheduled; in a cell the schedule needs (ID, Duration, Predecessors, a "
        "start or an actual date) the project's finish date is unknown.",
    ),
    Code.MERGED_CELLS: _E(
        "warning",
        "merged cells below the header; only the top-left cell is read",
        "unmerge the cells and fill each row",
    ),
    Code.UNREAD_SHEET: _E(
        "warning",
        "a sheet whose name reads like one pmkit uses (`Plan 2`, `Holiday`), so its "
        "content is not used",
        "rename the sheet to the name pmkit reads",
    ),
    Code.UNREAD_COLUMN: _E(
        "warning",
        "a header that reads like a column pmkit uses (`Predecessor`, `% done`), a filled "
        "Start or End Date column (pmkit works those dates out), or an unread column "
        "holding what look like task links",
        "rename the header to the column's name; a date a task must wait for goes under "
        "Start No Earlier Than, one it must meet under Deadline",
    ),
    Code.TOTALS_ROW: _E(
        "note",
        "a Plan row with no ID whose Task is only a totals label (`Total`, `Grand total`, "
        "`Subtotal`, `Sum`): it adds up the tasks above, so it is not counted as a task",
        "nothing, if it is your totals row; if it is a task, give it an ID",
    ),
    Code.UNKNOWN_SETTING: _E(
        "note",
        "a setting name pmkit does not know; it is ignored",
        "check the spelling against the Instructions sheet",
    ),
    Code.HOLIDAYS_NOT_COUNTED: _E(
        "note",
        "no Holiday Country is set and no Holidays sheet lists days off (or the holidays "
        "library is missing), so work is planned on public holidays",
        "pick your country under Holiday Country on the Settings sheet",
    ),
    # progress and variance
    Code.STALLED_TASK: _E(
        "warning",
        "a task in progress (or started with no Status) with nothing heard for more than "
        "`Stalled After Days` (default 14) calendar days: the later of Last Update and, "
        "from the nightly job, the day its row last changed",
        "ask its owner for an update, and fill in Last Update",
    ),
    Code.OVERDUE_TASK: _E(
        "warning on the critical path, else note",
        "an unfinished task whose baseline finish (no baseline: its scheduled finish) "
        "is before the status date",
        "agree a new finish with its owner, or mark it done",
    ),
    Code.SLIPPING_TASK: _E(
        "warning on the critical path, else note",
        "an unfinished task more than `Slip Tolerance Days` (default 3) behind its baseline",
        "find out why, and what would bring it back",
    ),
    Code.DEADLINE_MISSED: _E(
        "warning; note when the task is done",
        "a task forecast (or done) after its Deadline; reported once, naming the chain "
        "that drives it",
        "shorten or overlap the tasks named, or agree a new deadline",
    ),
    Code.NEGATIVE_FLOAT: _E(
        "warning, shown under its missed deadline",
        "an unfinished task that must gain working days for a deadline after it (or a "
        "hard constraint, or a task with Fixed Dates: the message says which the plan has)",
        "see the missed deadline it is listed under",
    ),
    Code.MISSING_ACTUAL_COST: _E(
        "warning, or note when no work done has an Actual Cost",
        "tasks with work done (% Complete, or finished) and a Budget or Baseline Cost have a "
        "blank Actual Cost; cost performance (CPI, EAC, VAC, TCPI) is measured on the tasks "
        "that have one, or is unknown when none has; one finding for all of them",
        "type what was spent on each in Actual Cost (`0` when nothing was)",
    ),
    Code.LOW_SPI: _E(
        "warning",
        f"the project's SPI is below {_AMBER} ({_RED}: the status is Red, else Amber): less work "
        "is done than planned by the status date; one finding for the project, naming the "
        "tasks with the most planned value not yet earned",
        "ask the owners of the tasks named what holds them up, and catch up or agree a new plan",
    ),
    Code.LOW_CPI: _E(
        "warning",
        f"the project's CPI is below {_AMBER} ({_RED}: the status is Red, else Amber): the work "
        "done cost more than it was worth (its Baseline Cost, else Budget, times % Complete); "
        "one finding for the project, naming the tasks whose Actual Cost most exceeds the "
        "value of their work",
        "find out why the tasks named cost more than planned, and whether the rest will too",
    ),
    # scope
    Code.SCOPE_CREEP: _E(
        "warning",
        "tasks added or grown since the baseline without an approved change request",
        "approve or refuse a change request for them on the Changes sheet",
    ),
    Code.APPROVED_CHANGE: _E(
        "note",
        "tasks added or grown by an approved change request",
        "nothing: the change was agreed",
    ),
    Code.SCOPE_GROWTH: _E(
        "warning (unapproved), note (approved)",
        "the plan's work grew past `Scope Creep Threshold %` of the baseline",
        "decide whether the growth is agreed, and record it on the Changes sheet",
    ),
    Code.REMOVED_TASK: _E(
        "note",
        "tasks in the baseline that are no longer in the plan",
        "nothing, if they were dropped on purpose",
    ),
    Code.UNKNOWN_CHANGE_REQUEST: _E(
        "warning",
        "a task's Change Request that is not on the Changes sheet",
        "add the change request to the Changes sheet, or correct its ID",
    ),
    # governance
    Code.UNMITIGATED_RISK: _E(
        "warning",
        "an open risk with likelihood × impact of 15 or more and no Mitigation",
        "write what you will do about it",
    ),
    Code.NO_BASELINE: _E(
        "note",
        "no baseline has been set, so nothing is measured against an agreed plan",
        "set the baseline once the dates and budget are agreed (`pmkit baseline`)",
    ),
    Code.NO_PROJECT_START: _E(
        "note",
        "nothing dates the project's start (no Project Start, no Start No Earlier Than, no "
        "actual start), so the schedule starts on the status date and moves with it",
        "set Project Start on the Settings sheet to the first day of work",
    ),
    Code.NOT_STARTED: _E(
        "warning",
        "the Project Start is more than Stalled After Days past and no task has started (no "
        "actual date, no % complete), so the forecast moves all the work after the status "
        "date",
        "record what has started (Actual Start, % Complete), or move the Project Start",
    ),
    Code.NO_CHARTER: _E(
        "note",
        "the Charter sheet is missing or empty: the goals were never written down",
        "write the project's goals and how you will know they are met",
    ),
    Code.UNCONFIRMED_SUCCESS_MEASURE: _E(
        "warning",
        "the project is over and a Charter success measure has no Met? answer",
        "answer Met? for each goal on the Charter",
    ),
    # people and their load
    Code.UNKNOWN_OWNER: _E(
        "warning when it reads like a Team name (a misspelling), else note",
        "an Owner not on the Team sheet; one finding per name",
        "correct the name, or add the person to the Team sheet",
    ),
    Code.UNUSED_TEAM_MEMBER: _E(
        "note, all grouped into one",
        "a Team name no task uses",
        "nothing, or remove the name",
    ),
    Code.DUPLICATE_TEAM_MEMBER: _E(
        "warning",
        "a name listed twice on the Team sheet",
        "keep one row for each person",
    ),
    Code.OVERLOADED_OWNER: _E(
        "warning when critical work is at stake soon, else note",
        "an owner booked over capacity for a week or a stretch of weeks; one finding per owner",
        "move work to someone else, or let the tasks take longer",
    ),
    # plan health: each failed check is a detail of one plan-health note
    Code.MISSING_LOGIC: _E(
        "note, in plan health",
        "more than 5 % of unfinished tasks have no predecessor or no successor",
        "link each task to what it waits for and what waits for it",
    ),
    Code.LEADS: _E(
        "note, in plan health", "links with a negative lag", "use an SS or FF link instead"
    ),
    Code.LAGS: _E(
        "note, in plan health",
        "more than 5 % of links have a positive lag",
        "make waiting time a task of its own",
    ),
    Code.NON_FS_LINKS: _E(
        "note, in plan health",
        "more than 10 % of links are not finish-to-start",
        "use finish-to-start links where the work allows",
    ),
    Code.HARD_CONSTRAINTS: _E(
        "note, in plan health",
        "more than 5 % of tasks have a hard constraint",
        "let links drive the dates instead",
    ),
    Code.HIGH_FLOAT: _E(
        "note, in plan health",
        "more than 5 % of tasks have over 44 working days of float",
        "check those tasks have all their successors",
    ),
    Code.LONG_TASKS: _E(
        "note, in plan health",
        "more than 5 % of tasks last over 44 working days",
        "split long tasks into steps you can check",
    ),
    Code.INVALID_DATES: _E(
        "note, in plan health",
        "actual dates after the status date, or unfinished work forecast before it",
        "update the progress columns",
    ),
    Code.MISSED_TASKS: _E(
        "note, in plan health",
        "more than 5 % of tasks due by now finished late or not at all",
        "look at why the plan keeps slipping",
    ),
    Code.CRITICAL_PATH_TEST: _E(
        "note, in plan health",
        "the critical tasks do not link up, unbroken, into the project finish",
        "add the missing links",
    ),
    Code.LOW_BEI: _E(
        "note, in plan health",
        "fewer than 95 % of the tasks due by now are finished",
        "catch up, or re-plan with the vendor",
    ),
    Code.LOW_CPLI: _E(
        "note, in plan health",
        "the critical path is too short for the time left (CPLI below 0.95)",
        "find where the critical path can gain time",
    ),
    Code.PLAN_HEALTH: _E(
        "note",
        "the failed plan-health checks above, grouped into one finding",
        "see each check",
    ),
}

EXPLANATIONS: Mapping[Code, Explanation] = MappingProxyType(_ALL)
"""Every `Code` explained (a test checks none is missing)."""
