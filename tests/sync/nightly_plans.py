"""One plan over four nights, as the owner's tabs, for the "since last run" sync tests.

The plan of `tests/test_overnight.py` as it was before its Design ran longer, typed into
tabs, with unfinished work moved past the status date (the forecast; Move Unfinished
Work Past Status Date Yes):

    1 Design   3 d            2–4 Mar   in progress since 2 Mar, 40 % (no Last Update)
    2 Build    5 d  after 1   5–11 Mar
    3 Content  2 d  after 1   5–6 Mar
    4 Launch   1 d  after 2;3 12 Mar    deadline Thu 12 Mar
    risks: R1 open, review Thu 5 Mar; R2 open, review Sun 1 Mar

Night 1, Mon 2 Mar: the first run; Design's 2 days left are Tue 3 – Wed 4. Night 2, Mon 9
Mar: task 3 may not start before Wed 11 Mar, task 5 "Extra pages" was added with no
change request; task 1's row has not changed since night 1 (7 days, limit 5): stalled,
found from the history alone. Its 2 days left move to Tue 10 – Wed 11 Mar, 5 working days
late, and push everything after it: Build 12–18 Mar, Content 12–13 Mar (its Start No
Earlier Than binds no more; float −2 against Launch's deadline: critical), Launch Thu 19
Mar, 5 working days after its baseline and its deadline; the status is Red.
Night 3, Tue 10 Mar: Build's Duration reads "abc", so the forecast is unknown. Night 4,
Wed 11 Mar: Build is fixed and Design finished that day, so the finish is Thu 19 Mar
again, as on night 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import openpyxl

from tests.sync.fake_cells import cell_from_python
from tests.sync.fake_google import FakeGoogle

__all__ = [
    "NIGHTS",
    "NIGHT_TWO_LINES",
    "night_tabs",
    "retype_tabs",
    "retype_workbook",
    "since_last_run_section",
]

NIGHTS = {1: date(2026, 3, 2), 2: date(2026, 3, 9), 3: date(2026, 3, 10), 4: date(2026, 3, 11)}

_HEADER = [
    "ID", "Task", "Owner", "Duration", "Predecessors", "Start No Earlier Than", "Deadline",
    "% Complete", "Actual Start", "Budget", "Status",
    "Baseline Start", "Baseline Finish", "Baseline Duration", "Actual Finish",
]  # fmt: skip

NIGHT_TWO_LINES = [
    (
        "Finish moved",
        5,
        "The forecast finish moved 5 working days later, to Thu 19 Mar 2026 (last run: "
        "Thu 12 Mar 2026), mainly because task 1 “Design” now finishes 5 working days later.",
    ),
    ("Status", None, "The status is now Red (last run: Green)."),
    (
        "Deadline at risk",
        5,
        "Task 4 “Launch” is now forecast to finish on Thu 19 Mar 2026, 5 working days after "
        "its deadline of Thu 12 Mar 2026.",
    ),
    (
        "Now late",
        5,
        "Task 1 “Design” is now late: forecast to finish 5 working days after its "
        "baseline, on Wed 11 Mar 2026.",
    ),
    (
        "Now late",
        5,
        "Task 2 “Build” is now late: forecast to finish 5 working days after its "
        "baseline, on Wed 18 Mar 2026.",
    ),
    (
        "Now late",
        5,
        "Task 3 “Content” is now late: forecast to finish 5 working days after its "
        "baseline, on Fri 13 Mar 2026.",
    ),
    (
        "Now late",
        5,
        "Task 4 “Launch” is now late: forecast to finish 5 working days after its "
        "baseline, on Thu 19 Mar 2026.",
    ),
    (
        "Now critical",
        None,
        "Task 3 “Content” is now on the critical path: any delay to it delays the finish.",
    ),
    (
        "Now stalled",
        None,
        "Task 1 “Design” has stalled: it is in progress but nothing about it has changed "
        "for more than 5 days.",
    ),
    (
        "Unapproved scope",
        2,
        "Task 5 “Extra pages” was added without an approved change request "
        "(2 working days, USD 500).",
    ),
    (
        "Risk review due",
        None,
        "Risk R1 “Vendor late” (Dana) was due for review on Thu 5 Mar 2026 and is still open.",
    ),
]
"""The changes night 2 finds, as the Summary's "Since last run" rows word them (what
changed, working days, details); the Summary lists the first `SHOWN_CHANGES`."""


def night_tabs(night: int) -> dict[str, list[list[object]]]:
    """The owner's tabs as they stand on `night` (1 to 4)."""
    d = date
    plan: list[list[object]] = [
        list(_HEADER),
        [1, "Design", "Ann", 3, None, None, None, 1 if night == 4 else 0.4, d(2026, 3, 2), None,
         "Done" if night == 4 else "In progress", d(2026, 3, 2), d(2026, 3, 4), 3,
         d(2026, 3, 11) if night == 4 else None],
        [2, "Build", "Bob", "abc" if night == 3 else 5, "1", None, None, None, None, None, None,
         d(2026, 3, 5), d(2026, 3, 11), 5],
        [3, "Content", "Cy", 2, "1", d(2026, 3, 11) if night >= 2 else None, None, None, None,
         None, None, d(2026, 3, 5), d(2026, 3, 6), 2],
        [4, "Launch", "Ann", 1, "2;3", None, d(2026, 3, 12), None, None, None, None,
         d(2026, 3, 12), d(2026, 3, 12), 1],
    ]  # fmt: skip
    if night >= 2:
        plan.append([5, "Extra pages", "Bob", 2, "1", None, None, None, None, 500, None])
    return {
        "Plan": plan,
        "Settings": [
            ["Setting", "Value"],
            ["Project", "Relaunch"],
            ["Project Start", d(2026, 3, 2)],
            ["Currency", "USD"],
            ["Stalled After Days", 5],
            ["Slip Tolerance Days", 0],  # the story counts a day behind as late
            ["Move Unfinished Work Past Status Date", "Yes"],
        ],
        "Risks": [
            ["ID", "Risk", "Likelihood", "Impact", "Owner", "Mitigation", "Status", "Review Date"],
            ["R1", "Vendor late", 3, 3, "Dana", "Second vendor", "Open", d(2026, 3, 5)],
            ["R2", "Old risk", 2, 2, "Dana", "Watch", "Open", d(2026, 3, 1)],
        ],
        "Charter": [
            ["Goal", "Success Measure", "Target", "Owner"],
            ["Relaunch", "Live", "May", "Ann"],
        ],
    }


def since_last_run_section(
    rows: Sequence[Sequence[object]],
) -> tuple[str, list[tuple[object, object, object]]]:
    """The Summary's "Since last run" section: its headline, and (what changed, working
    days, details) for each change listed."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Since last run")
    headline = str(rows[start + 1][0])
    changes: list[tuple[object, object, object]] = []
    if len(rows) > start + 2 and rows[start + 2] and rows[start + 2][0] == "What changed":
        for row in rows[start + 3 :]:
            cells = [*row, None, None, None, None, None][:5]
            if not cells[4]:
                break
            changes.append((cells[0], None if cells[1] == "" else cells[1], cells[4]))
    return headline, changes


def retype_workbook(path: Path, night: int) -> None:
    """The owner edits the input sheets of the workbook for `night` (outputs stay)."""
    book = openpyxl.load_workbook(path)
    for title, rows in night_tabs(night).items():
        sheet = book[title]
        sheet.delete_rows(1, sheet.max_row)
        for row in rows:
            sheet.append(row)
    book.save(path)


def retype_tabs(google: FakeGoogle, key: str, night: int) -> None:
    """The owner edits the input tabs of spreadsheet `key` in Google Sheets for `night`."""
    with google.lock:
        book = google.spreadsheets[key]
        for title, rows in night_tabs(night).items():
            sheet = book.sheet_named(title)
            sheet.cells = {
                (r, c): cell_from_python(value)
                for r, row in enumerate(rows)
                for c, value in enumerate(row)
                if value is not None
            }
            sheet.row_count = max(sheet.row_count, len(rows))
