"""low-spi and low-cpi: the project's schedule or cost performance below the line that
colours its status, one finding each, naming the tasks behind it.

An SPI or CPI below its line (`status.index_line`: below 0.90 Red, below 0.95 Amber)
makes the project Red or Amber; without a finding of its own it made no action, and the
This week list could say "Nothing needs you" beside a Red status. The finding says what
is behind and where to look:

* **schedule** (SPI = EV ÷ PV): the tasks with the most planned value not yet earned at
  the status date (each task's PV − EV);
* **cost** (CPI = EV ÷ AC, on the tasks with an Actual Cost): the tasks whose Actual Cost
  most exceeds the value of the work they did (each task's AC − EV; a task with a cost
  and no Budget or Baseline Cost earns nothing, as CPI counts it).

At most `LISTED` tasks are named, then how many more. Nothing is said when the index is
unknown (no baseline, no cost recorded for the work done: `pmkit.engine.variance`), as
the rating then says nothing either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from heapq import nlargest
from operator import itemgetter

from pmkit.engine.figures import format_ratio, half_up, join_words, money_format
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import Plan
from pmkit.engine.status import index_line
from pmkit.engine.variance import EarnedValue, TaskEarnedValue

__all__ = ["LISTED", "performance_flags"]

LISTED = 3
"""At most this many tasks named in a low-spi or low-cpi finding."""
_AMOUNT = itemgetter(1)


def performance_flags(
    plan: Plan,
    earned: EarnedValue,
    by_task: Callable[[], TaskEarnedValue],
    *,
    finished: bool = False,
) -> list[Issue]:
    """A low-spi and a low-cpi warning when the SPI or CPI is below its line
    (`status.index_line`), each naming the tasks behind it (module docstring). `by_task`
    gives each task's PV and EV (`variance.task_earned_values`), asked for only when a
    finding is made; `finished` (every task done) words the cost in the past tense."""
    spi, cpi = index_line(earned.spi), index_line(earned.cpi)
    if spi is None and cpi is None:
        return []
    tasks = by_task()
    found: list[Issue] = []
    if spi is not None and earned.spi is not None:
        found.append(_schedule_flag(plan, earned, earned.spi, tasks))
    if cpi is not None and earned.cpi is not None:
        found.append(_cost_flag(plan, earned, earned.cpi, tasks, finished=finished))
    return found


def _schedule_flag(plan: Plan, earned: EarnedValue, spi: float, tasks: TaskEarnedValue) -> Issue:
    """`Less work is done than planned by now (SPI 0.80: …): furthest behind are …`."""
    currency = plan.settings.currency
    behind, shown = _largest(
        (slot, planned - (earned_value or 0.0))
        for slot, (planned, earned_value) in enumerate(
            zip(tasks.planned, tasks.earned, strict=True)
        )
        if planned is not None
    )
    money = money_format(currency)
    message = (
        f"Less work is done than planned by now (SPI {format_ratio(spi)}: "
        f"{money(earned.ev or 0.0)} of work done against {money(earned.pv or 0.0)} planned)"
    )
    words = []
    for slot, amount in behind:
        done = tasks.earned[slot] or 0.0
        planned = money(tasks.planned[slot] or 0.0)
        done_words = (
            f"{money(done)} done of {planned} planned"
            if half_up(done)
            else f"none done of {planned} planned"
        )
        words.append(f"{plan.tasks[slot].label('task')} ({money(amount)} behind: {done_words})")
    if words:
        verb = "is" if len(words) == 1 else "are"
        message += f"; furthest behind {verb} {join_words(words, more=shown - LISTED)}"
    return _flag(plan, Code.LOW_SPI, behind, "percent_complete", message)


def _cost_flag(
    plan: Plan, earned: EarnedValue, cpi: float, tasks: TaskEarnedValue, *, finished: bool
) -> Issue:
    """`Work done so far cost USD 3,600 more than it was worth (CPI 0.88): the most over
    is task 12 “Payment gateway” (USD 3,600 over: USD 12,600 spent for USD 9,000 of
    work)`."""
    money = money_format(plan.settings.currency)
    over, shown = _largest(
        (slot, task.actual_cost - (tasks.earned[slot] or 0.0))
        for slot, task in enumerate(plan.tasks)
        if task.actual_cost is not None
    )
    measured = ", on the tasks with an Actual Cost" if earned.uncosted else ""
    overrun = money(-(earned.cv or 0.0))
    message = (
        f"The work cost {overrun} more than it was worth (CPI {format_ratio(cpi)}{measured})"
        if finished
        else f"Work done so far cost {overrun} more than it was worth "
        f"(CPI {format_ratio(cpi)}{measured})"
    )
    words = []
    for slot, amount in over:
        task = plan.tasks[slot]
        spent = money(task.actual_cost or 0.0)
        worth = tasks.earned[slot]
        if worth is None:
            got = f"{spent} spent, no Budget or Baseline Cost"
        elif half_up(worth):
            got = f"{spent} spent for {money(worth)} of work"
        else:
            got = f"{spent} spent, no work done {'' if finished else 'yet'}".rstrip()
        words.append(f"{task.label('task')} ({money(amount)} over: {got})")
    if words:
        verb = ("was" if finished else "is") if len(words) == 1 else ("were" if finished else "are")
        message += f": the most over {verb} {join_words(words, more=shown - LISTED)}"
    return _flag(plan, Code.LOW_CPI, over, "actual_cost", message)


def _largest(amounts: Iterable[tuple[int, float]]) -> tuple[list[tuple[int, float]], int]:
    """The `LISTED` (slot, amount) pairs with the largest amounts that show as money (a
    whole unit or more: `half_up` above 0, so 0.5 or more), largest first, in plan order
    among equals; and how many pairs show as money. A late plan has thousands: they are
    counted and the few largest kept, not every one rounded and sorted."""
    pairs = [pair for pair in amounts if pair[1] >= 0.5]
    return nlargest(LISTED, pairs, key=_AMOUNT), len(pairs)


def _flag(
    plan: Plan, code: Code, listed: list[tuple[int, float]], field_name: str, message: str
) -> Issue:
    """The finding, at the first task's cell of `field_name` (the Settings when no task is
    named): one finding for the project, never folded into that task's own."""
    if not listed:
        return Issue(Severity.WARNING, code, plan.settings_location, None, message)
    task = plan.tasks[listed[0][0]]
    where: Location = plan.location(task, field_name)
    return Issue(Severity.WARNING, code, where, task.id, message)
