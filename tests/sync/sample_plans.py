"""Plan tabs for the sync tests and benchmark, as rows of Python values (seeded into the fake)."""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["PLAN_HEADER", "plan_tabs", "workdays_after"]

PLAN_HEADER = [
    "ID",
    "Task",
    "Phase",
    "Owner",
    "Duration",
    "Predecessors",
    "Deadline",
    "% Complete",
    "Actual Start",
    "Budget",
    "Actual Cost",
    "Status",
    "Last Update",
    "Baseline Start",
    "Baseline Finish",
    "Baseline Duration",
    "Baseline Cost",
    "Notes",
]


def workdays_after(start: date, days: int) -> date:
    """The weekday `days` weekdays after `start`."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def plan_tabs(
    tasks: int = 8,
    *,
    project: str = "Website relaunch",
    start: date = date(2026, 3, 2),
    status_date: date = date(2026, 3, 20),
    first_name: str | None = None,
) -> dict[str, list[list[object]]]:
    """A plan with a chain of tasks, progress, a baseline, and one slipping task."""
    rows: list[list[object]] = [list(PLAN_HEADER)]
    finish = start
    for number in range(1, tasks + 1):
        duration = 2 + number % 4
        predecessor = "" if number == 1 else str(number - 1)
        if number > 5 and number % 5 == 0:
            predecessor += f";{number - 4}SS+1"
        base_start = start if number == 1 else workdays_after(finish, 1)
        base_finish = workdays_after(base_start, duration - 1)
        finish = base_finish
        done = number <= 2
        name = first_name if number == 1 and first_name else f"Task {number}"
        rows.append(
            [
                number,
                name,
                f"Phase {1 + (number - 1) // 10}",
                "Dana" if number % 7 else "",
                duration + (1 if number == 3 else 0),  # task 3 grew: scope creep
                predecessor,
                workdays_after(start, 40) if number == tasks else None,
                1.0 if done else (0.5 if number == 3 else 0),
                base_start if done or number == 3 else None,
                1000 * duration,
                900 * duration if done else (300 if number == 3 else None),
                "Done" if done else ("In progress" if number == 3 else "Not started"),
                status_date - timedelta(days=3) if number == 3 else None,
                base_start,
                base_finish,
                duration,
                1000 * duration,
                "",
            ]
        )
    return {
        "Plan": rows,
        "Settings": [
            ["Setting", "Value"],
            ["Project", project],
            ["Status Date", status_date],
            ["Currency", "USD"],
        ],
        "Changes": [["CR ID", "Description", "Requested By", "Date", "Decision", "Days Impact"]],
        "Risks": [
            ["ID", "Risk", "Likelihood", "Impact", "Owner", "Mitigation", "Status"],
            ["R1", "Vendor late", 4, 4, "Dana", "", "Open"],
        ],
        "Charter": [
            ["Goal", "Success Measure", "Target", "Owner"],
            ["Relaunch", "Live", "May", "Dana"],
        ],
    }
