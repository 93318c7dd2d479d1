"""The Summary's critical path: its real chains, a task a row, each linked to its row.

A chain is a run of critical tasks each driven by the one above it
(`pmkit.engine.critical_chains`); a row says how the task follows the one before
("starts when 15 finishes"), so the arrows of a one-line path can never join tasks that
are not linked. Long paths stop after `MAX_CRITICAL_ROWS` tasks and say how many more
the Schedule sheet marks critical.
"""

from __future__ import annotations

from collections.abc import Sequence

from pmkit.engine.critical_chains import (
    CriticalChain,
    chains_text,
    critical_chains,
    link_words,
)
from pmkit.engine.figures import format_day
from pmkit.engine.model import Task
from pmkit.engine.results import Analysis, TaskResult
from pmkit.outputs.cells import Cell, CellKind, Role, Row, Tone, fit_cell_text

__all__ = [
    "CRITICAL_TITLE",
    "MAX_CRITICAL_ROWS",
    "analysis_chains",
    "critical_path_rows",
    "critical_path_text",
]

MAX_CRITICAL_ROWS = 40
"""Task rows shown; a longer path is on the Schedule sheet (Critical = Yes)."""
CRITICAL_TITLE = "Critical path"


def analysis_chains(analysis: Analysis) -> tuple[CriticalChain, ...] | None:
    """The critical chains of `analysis`; None while the forecast is unknown."""
    if analysis.summary.critical_path is None:
        return None
    return critical_chains(analysis.plan, analysis.tasks)


def critical_path_text(
    analysis: Analysis, chains: tuple[CriticalChain, ...] | None = None
) -> str | None:
    """The chains as one line (`15 → 18 → 23; 33 → 34`), '' when nothing is critical and
    None while the forecast is unknown; `chains` when already found."""
    chains = chains if chains is not None else analysis_chains(analysis)
    return None if chains is None else fit_cell_text(chains_text(chains))


def critical_path_rows(
    analysis: Analysis, chains: tuple[CriticalChain, ...] | None = None
) -> list[Row]:
    """The heading, then each chain: a line naming it, a row per task."""
    summary = analysis.summary
    chains = chains if chains is not None else analysis_chains(analysis)
    if chains is None:
        return [
            _heading(f"{CRITICAL_TITLE}: unknown"),
            _note(f"{summary.forecast_unknown or 'Part of the plan cannot be scheduled'}."),
        ]
    count = sum(len(chain.tasks) for chain in chains)
    if not count:
        return [_heading(f"{CRITICAL_TITLE}: none"), _note("No unfinished task is critical.")]
    rows = [
        _heading(
            f"{CRITICAL_TITLE}: {count} task{'' if count == 1 else 's'} with no spare time"
            + ("" if len(chains) == 1 else f", in {len(chains)} chains")
        ),
        _note(
            "Each task waits for the one above it: a day lost on any of them is a day "
            "lost on the tasks below it"
            + (" and on the finish." if len(chains) == 1 else "; chain 1 sets the finish.")
        ),
        Row(
            (
                Cell("Task"),
                Cell("Where"),
                Cell("Finish", CellKind.DATE),
                Cell("Float (days)", CellKind.INTEGER),
                Cell("How it follows the task above"),
            ),
            Role.HEADER,
        ),
    ]
    results = {row.id: row for row in analysis.tasks}
    tasks = analysis.plan.task_by_id()
    shown = 0
    for number, chain in enumerate(chains, start=1):
        if shown >= MAX_CRITICAL_ROWS:
            break
        if len(chains) > 1:
            rows.append(
                _chain_title(number, chain, _leads_into(tasks, chain, chains[: number - 1]))
            )
        for position, task_id in enumerate(chain.tasks):
            if shown >= MAX_CRITICAL_ROWS:
                break
            rows.append(_task_row(analysis, tasks, chain, position, results[task_id], chains))
            shown += 1
    if shown < count:
        more = count - shown
        rows.append(
            _note(
                f"… and {more} more critical task{'' if more == 1 else 's'}: the Schedule "
                "sheet marks every one (Critical: Yes)."
            )
        )
    return rows


def _chain_title(number: int, chain: CriticalChain, leads_into: str | None) -> Row:
    what = f"Chain {number}"
    if number == 1:
        what += ": to the finish"
    elif chain.after:
        what += f": after task {chain.after}"
    elif leads_into:
        what += f": leads into task {leads_into}"
    return Row((Cell(what, bold=True),), keep_with_next=True)


def _leads_into(
    tasks: dict[str, Task], chain: CriticalChain, earlier: Sequence[CriticalChain]
) -> str | None:
    """The first task of an earlier chain that `chain`'s last task is linked to without
    driving it (a chain with no driving link either side is critical through that one)."""
    if chain.then:
        return None  # its last row says which task it drives
    last = chain.tasks[-1]
    for number, other in enumerate(earlier, start=1):
        for task_id in other.tasks:
            task = tasks.get(task_id)
            if task is not None and any(link.predecessor == last for link in task.links):
                return f"{task_id} (chain {number})"
    return None


def _task_row(  # noqa: PLR0917 - the row, its chain and where it sits
    analysis: Analysis,
    tasks: dict[str, Task],
    chain: CriticalChain,
    position: int,
    result: TaskResult,
    chains: Sequence[CriticalChain],
) -> Row:
    task = tasks.get(result.id)
    link = chain.links[position]
    if link is not None:
        how = link_words(link, link.predecessor)
        if position == 0 and chain.after:
            how += f" (chain {_chain_of(chain.after, chains)})"
    elif task is not None and task.actual_start is not None:
        how = f"First of its chain; under way since {format_day(task.actual_start)}"
    else:
        how = "First of its chain: nothing unfinished holds it up"
    if position == len(chain.tasks) - 1 and chain.then and chain.then_link:
        how += (
            f"; then task {chain.then} (chain {_chain_of(chain.then, chains)}) "
            f"{link_words(chain.then_link, result.id)}"
        )
    # The link is a cell of its own: a program may not wrap a linked cell's text.
    where = analysis.plan.location(task, "id") if task is not None and task.row else None
    tone = Tone.RED if result.total_float is not None and result.total_float < 0 else None
    return Row(
        (
            Cell(f"{result.id}  {result.name}", tone=Tone.CRITICAL),
            Cell(str(where), link=where) if where else Cell(None),
            Cell(result.early_finish, CellKind.DATE),
            Cell(result.total_float, CellKind.INTEGER, tone=tone),
            Cell(f"{how}."),
        )
    )


def _chain_of(task_id: str, chains: Sequence[CriticalChain]) -> int:
    return next(n for n, chain in enumerate(chains, start=1) if task_id in chain.tasks)


def _heading(text: str) -> Row:
    return Row((Cell(text, bold=True),), Role.HEADING)


def _note(text: str) -> Row:
    return Row((Cell(text),), Role.NOTE)
