"""Client plans for the portfolio tests, as the owners' tabs (seeded into the fake Google).

`client_tabs` types a small plan with a baseline, progress and a Team sheet. The three
plans of `SAM_PLANS` book Sam Patel (spelt three ways) in the weeks after the status date
Fri 20 Mar 2026, hand-checked:

    Acme rollout     Team: Sam Patel 50 %, off Fri 27 Mar
                     task 1 Install  5 d from Mon 23 Mar   → 5 days, week of 23 Mar
                     task 2 Train    3 d after 1           → 3 days, week of 30 Mar
    Brightline web   Team: Sam  Patel 30 %
                     task 1 Design   4 d from Tue 24 Mar   → 4 days, week of 23 Mar
    Corner cafe      Team: SAM PATEL 10 %
                     task 1 Menu     2 d from Thu 2 Apr    → 2 days, week of 30 Mar

    Share: 50 % + 30 % + 10 % = 90 %.
    Week of 23 Mar: 5 + 4 = 9 days booked; working days: the fewest of the two plans
      booking him, Acme's 4 (he is off on Friday) → 9 ÷ (4 × 0.9) = 250 %.
    Week of 30 Mar: 3 + 2 = 5 days booked; 5 working days → 5 ÷ (5 × 0.9) = 111.1 %.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from tests.sync.fake_google import FakeGoogle
from tests.sync.sample_plans import workdays_after

__all__ = [
    "PORTFOLIO_KEY",
    "SAM_PLANS",
    "STATUS_DATE",
    "client_tabs",
    "finish_shards_at_once",
    "google_portfolio",
    "many_client_tabs",
    "owners_own_portfolio",
    "plan_key",
    "seed_plans",
]

STATUS_DATE = date(2026, 3, 20)
PORTFOLIO_KEY = "portfoliokey001"
_HEADER = [
    "ID", "Task", "Owner", "Duration", "Predecessors", "Start No Earlier Than",
    "% Complete", "Actual Start", "Status", "Baseline Start", "Baseline Finish",
    "Baseline Duration",
]  # fmt: skip

Task = tuple[int, str, str, int, str, date | None]
"""ID, name, owner, duration, predecessors, start no earlier than."""


def client_tabs(
    project: str,
    tasks: list[Task],
    *,
    team: list[list[object]] | None = None,
    slip_days: int = 0,
    tolerance_days: int = 2,
) -> dict[str, list[list[object]]]:
    """A plan of `tasks` whose baseline is the plan as typed, except that the last task
    has grown by `slip_days` since (so the project slips by that many working days)."""
    rows: list[list[object]] = [list(_HEADER)]
    finishes: dict[int, date] = {}
    start = date(2026, 3, 16)
    for number, (task_id, name, owner, duration, predecessors, snet) in enumerate(tasks, 1):
        begin = snet or start
        for link in filter(None, predecessors.split(";")):
            begin = max(begin, workdays_after(finishes[int(link)], 1))
        finish = workdays_after(begin, duration - 1)
        finishes[task_id] = finish
        grown = duration + (slip_days if number == len(tasks) else 0)
        rows.append(
            [task_id, name, owner, grown, predecessors, snet, 0, None, "Not started",
             begin, finish, duration]
        )  # fmt: skip
    tabs: dict[str, list[list[object]]] = {
        "Plan": rows,
        "Settings": [
            ["Setting", "Value"],
            ["Project", project],
            ["Status Date", STATUS_DATE],
            ["Slip Tolerance Days", tolerance_days],
        ],
        "Charter": [["Goal", "Success Measure", "Target", "Owner"], ["Done", "Live", "May", "Ann"]],
    }
    if team is not None:
        tabs["Team"] = [["Owner", "Email", "Capacity", "Days Off"], *team]
    return tabs


SAM_PLANS: dict[str, dict[str, list[list[object]]]] = {
    "Acme rollout": client_tabs(
        "Acme rollout",
        [
            (1, "Install", "Sam Patel", 5, "", date(2026, 3, 23)),
            (2, "Train", "sam patel", 3, "1", None),
        ],
        team=[["Sam Patel", None, 0.5, "2026-03-27"]],
    ),
    "Brightline web": client_tabs(
        "Brightline web",
        [(1, "Design", "Sam  Patel", 4, "", date(2026, 3, 24))],
        team=[["Sam  Patel", None, 0.3, None]],
    ),
    "Corner cafe": client_tabs(
        "Corner cafe",
        [(1, "Menu", "SAM PATEL", 2, "", date(2026, 4, 2))],
        team=[["SAM PATEL", None, 0.1, None]],
    ),
}

_PEOPLE = ("Ann Lee", "Bo Chen", "Cy Diaz", "Dee Roy", "Eli Park", "Fay Moss")


def many_client_tabs(number: int) -> dict[str, list[list[object]]]:
    """Client plan `number` of many: slips 0–3 working days (tolerance 2: Green, Amber,
    Amber, Red), its three tasks owned by people who also work on other plans."""
    owners = [_PEOPLE[(number + k) % len(_PEOPLE)] for k in range(3)]
    first = date(2026, 3, 23) + timedelta(days=7 * (number % 3))
    return client_tabs(
        f"Client {number:02d}",
        [
            (1, "Plan the work", owners[0], 3, "", first),
            (2, "Do the work", owners[1], 5, "1", None),
            (3, "Hand over", owners[2], 2, "2", None),
        ],
        slip_days=number % 4,
    )


def seed_plans(google: FakeGoogle, plans: dict[str, dict[str, list[list[object]]]]) -> str:
    """Put each plan in its own spreadsheet (`plankey00000`, … in order); their [[plans]]."""
    entries = []
    for number, (name, tabs) in enumerate(plans.items()):
        key = plan_key(number)
        google.add_spreadsheet(key, name, tabs)
        entries.append(f'[[plans]]\nname = "{name}"\nspreadsheet = "{key}"\n')
    return "\n".join(entries)


def plan_key(number: int) -> str:
    """The spreadsheet key `seed_plans` gives plan `number` (0-based)."""
    return f"plankey{number:05d}"


def google_portfolio(google: FakeGoogle, key: str = PORTFOLIO_KEY) -> str:
    """An empty spreadsheet for the portfolio (one blank tab, as Google makes it); its
    [portfolio] section."""
    google.add_spreadsheet(key, "Client portfolio", {"Sheet1": []})
    return f'\n[portfolio]\nspreadsheet = "{key}"\n'


def finish_shards_at_once(database: str, night: date, count: int) -> list[int]:
    """`count` shards finishing `night` at the same moment, each on its own connection:
    what each one's `finish_shard` answered (how many had finished, itself included)."""
    from sheets_sync.history import History

    counts: list[int] = []
    barrier = threading.Barrier(count)

    def finish(index: int) -> None:
        history = History(database)
        barrier.wait()
        counts.append(history.finish_shard(night, index, count))
        history.close()

    threads = [threading.Thread(target=finish, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts


def owners_own_portfolio(path: Path) -> bytes:
    """A workbook of the owner's with a Portfolio sheet of their own at `path` (one that
    pmkit must never replace); its bytes."""
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Portfolio"
    book.active["A1"] = "my own list of clients"
    book.save(path)
    return path.read_bytes()
