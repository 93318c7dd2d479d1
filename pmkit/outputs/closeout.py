"""The close-out review at the top of the Summary, once the project is over.

Agreed against actual (finish and cost), scope that changed (approved and not), how the
forecast moved (from the History sheet), and whether each Charter goal was met — the
owner answers *Met?* on the Charter sheet itself, so the answer survives every rebuild of
this sheet.
"""

from __future__ import annotations

from pmkit.engine.closeout import CloseOut
from pmkit.engine.figures import format_day, format_money, working_days
from pmkit.engine.model import ForecastPoint
from pmkit.engine.variance import missing_cost_words
from pmkit.outputs.cells import Cell, CellKind, Role, Row, Tone
from pmkit.outputs.flags import link_target

__all__ = ["MAX_FORECAST_ROWS", "close_out_rows"]

MAX_FORECAST_ROWS = 12
"""History rows shown: the first, the last, evenly spaced ones between and the night of the
largest slip."""


def close_out_rows(review: CloseOut, currency: str | None) -> list[Row]:
    """The review's sections, five columns wide like the rest of the Summary."""
    rows = [Row((Cell("Close-out: what was agreed, and what happened", bold=True),), Role.HEADING)]
    if review.closed_by_setting and review.unfinished:
        rows.append(
            Row(
                (
                    Cell(
                        f"Closed in Settings with {review.unfinished} task"
                        f"{'' if review.unfinished == 1 else 's'} not done."
                    ),
                ),
                Role.NOTE,
            )
        )
    if review.earlier_baselines:
        when = f", set on {format_day(review.baseline_set_on)}" if review.baseline_set_on else ""
        rows.append(
            Row(
                (
                    Cell(
                        f"Agreed: baseline {review.baseline_number}{when}. The plan was "
                        f"re-baselined: what was agreed before is on {review.earlier_baselines}."
                    ),
                ),
                Role.NOTE,
            )
        )
    # The difference is said in the sentence: a number right-aligned against the text
    # beside it would read as one word.
    rows.append(
        _header("", Cell("Agreed", figure=True), Cell("Actual", figure=True), "", "What it means")
    )
    rows.append(
        Row(
            (
                Cell("Finish"),
                Cell(review.agreed_finish, CellKind.DATE, figure=True),
                Cell(
                    review.actual_finish,
                    CellKind.DATE,
                    tone=_tone(review.finish_slip),
                    figure=True,
                ),
                Cell(None),
                Cell(_finish_words(review.finish_slip)),
            )
        )
    )
    cost_gap = review.cost_gap
    rows.append(
        Row(
            (
                Cell("Cost"),
                Cell(review.agreed_cost, CellKind.MONEY, figure=True),
                Cell(review.actual_cost, CellKind.MONEY, tone=_tone(cost_gap), figure=True),
                Cell(None),
                Cell(_cost_words(review, currency)),
            )
        )
    )
    rows.append(
        _header(
            "Scope changed since the baseline",
            ("Changes", CellKind.INTEGER),
            ("Working days", CellKind.INTEGER),
            ("Money", CellKind.MONEY),
        )
    )
    for label, count, days, cost in (
        (
            "Approved (with a change request)",
            review.approved_changes,
            review.approved_days,
            review.approved_cost,
        ),
        (
            "Not approved",
            review.unapproved_changes,
            review.unapproved_days,
            review.unapproved_cost,
        ),
        # agreed work dropped: scope changed too, and the agreed cost still holds its money
        *(
            [
                (
                    "Removed (agreed, then dropped)",
                    review.removed_changes,
                    -review.removed_days,
                    -review.removed_cost,
                )
            ]
            if review.removed
            else []
        ),
    ):
        rows.append(
            Row(
                (
                    Cell(label),
                    Cell(count, CellKind.INTEGER),
                    Cell(days, CellKind.INTEGER),
                    Cell(cost, CellKind.MONEY),
                )
            )
        )
    rows += _forecast_rows(review.forecasts)
    rows += _measure_rows(review)
    return rows


def _forecast_rows(points: tuple[ForecastPoint, ...]) -> list[Row]:
    rows = [Row((Cell("How the forecast moved", bold=True),), Role.HEADING)]
    if not points:
        rows.append(
            Row(
                (
                    Cell(
                        "No History sheet: the nightly job (pmkit sync) writes one, a row a night."
                    ),
                ),
                Role.NOTE,
            )
        )
        return rows
    rows.append(
        _header(
            ("Run date", CellKind.DATE),
            ("Forecast finish", CellKind.DATE),
            ("Slip (working days)", CellKind.INTEGER),
        )
    )
    shown = _spread(points, MAX_FORECAST_ROWS)
    for point in shown:
        rows.append(
            Row(
                (
                    Cell(point.run_date, CellKind.DATE),
                    Cell(point.forecast_finish, CellKind.DATE),
                    Cell(point.slip_days, CellKind.INTEGER, tone=_tone(point.slip_days)),
                )
            )
        )
    first, last = points[0], points[-1]
    if len(points) > 1 and first.forecast_finish and last.forecast_finish:  # one night: no course
        moved = (last.forecast_finish - first.forecast_finish).days
        words = (
            "did not move"
            if moved == 0
            else f"moved {abs(moved)} calendar day{'' if abs(moved) == 1 else 's'} "
            + ("later" if moved > 0 else "earlier")
        )
        rows.append(
            Row(
                (
                    Cell(
                        f"From {format_day(first.run_date)} to {format_day(last.run_date)} the "
                        f"forecast finish {words}: {format_day(first.forecast_finish)} → "
                        f"{format_day(last.forecast_finish)}"
                        + (
                            f" ({len(points)} runs; {len(shown)} shown)."
                            if len(shown) < len(points)
                            else "."
                        )
                    ),
                ),
                Role.NOTE,
            )
        )
    return rows


def _measure_rows(review: CloseOut) -> list[Row]:
    rows = [
        Row(
            (Cell("Did it achieve its goals? (answer Met? on the Charter)", bold=True),),
            Role.HEADING,
        )
    ]
    if not review.measures:
        rows.append(
            Row(
                (Cell("The Charter has no goals: nothing to check the result against."),), Role.NOTE
            )
        )
        return rows
    rows.append(_header("Goal", "Met?", "Target", "Owner", "Success measure"))
    for measure in review.measures:
        answer, tone = (
            ("not confirmed", Tone.AMBER)
            if measure.met is None
            else ("Yes", Tone.GREEN)
            if measure.met
            else ("No", Tone.RED)
        )
        where = measure.where
        rows.append(
            Row(
                (
                    Cell(measure.goal),
                    Cell(answer, tone=tone, bold=True, link=link_target(where) if where else None),
                    Cell(measure.target),
                    Cell(measure.owner),
                    Cell(measure.measure),
                )
            )
        )
    return rows


def _spread(points: tuple[ForecastPoint, ...], limit: int) -> list[ForecastPoint]:
    """At most `limit` points: the first, the last, evenly spaced ones between, and the
    night of the largest slip (in place of the spaced one nearest it), so the review
    never reads as if the project had been less late than it was."""
    if len(points) <= limit:
        return list(points)
    step = (len(points) - 1) / (limit - 1)
    chosen = [round(i * step) for i in range(limit)]
    slips = [
        (point.slip_days, -at) for at, point in enumerate(points) if point.slip_days is not None
    ]
    if slips:
        worst = -max(slips)[1]  # the first night of the largest slip
        if worst not in chosen:
            nearest = min(range(1, limit - 1), key=lambda i: abs(chosen[i] - worst))
            chosen[nearest] = worst
    return [points[at] for at in chosen]


def _header(*names: str | tuple[str, CellKind] | Cell) -> Row:
    """A header row; a name given with its column's kind (or as the cell) sits as the
    values below it do."""
    return Row(
        tuple(
            name
            if isinstance(name, Cell)
            else Cell(*name)
            if isinstance(name, tuple)
            else Cell(name)
            for name in names
        ),
        Role.HEADER,
    )


def _tone(gap: float | None) -> Tone | None:
    if gap is None:
        return None
    return Tone.RED if gap > 0 else Tone.GREEN


def _finish_words(slip: int | None) -> str:
    if slip is None:
        return "No baseline: nothing was agreed to compare with."
    if slip > 0:
        return f"Finished {working_days(slip)} after the agreed date."
    if slip < 0:
        return f"Finished {working_days(-slip)} before the agreed date."
    return "Finished on the agreed date."


def _cost_words(review: CloseOut, currency: str | None) -> str:
    missing = missing_cost_words(review.uncosted)
    if missing is not None:
        return f"Recorded so far; {missing}: the cost cannot be compared yet."
    gap = review.cost_gap
    if gap is None:
        return "No budget or no actual cost: the cost cannot be compared."
    words = f"Cost {_gap_words(gap, currency)}"
    if not review.removed_cost:
        return words + "."
    # the agreed cost holds the money of work never done: said, so it hides no overrun
    return (
        f"{words}; {format_money(review.removed_cost, currency)} of the agreed budget was for "
        f"work removed since ({review.removed_tasks}), so the work kept cost "
        f"{_gap_words(gap + review.removed_cost, currency)}."
    )


def _gap_words(gap: float, currency: str | None) -> str:
    if gap > 0:
        return f"{format_money(gap, currency)} more than agreed"
    if gap < 0:
        return f"{format_money(-gap, currency)} less than agreed"
    return "what was agreed"
