"""Reading a whole column at once: the fast path for the Plan sheet.

A 10,000-task plan has some 200,000 cells. Almost all are already what they should be
(a real date, a whole number, a fraction, text), so each column is converted in one
tight loop per kind; only the unusual cells go to the `Cells` readers, which check
them and report problems. The result is the same as reading cell by cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import partial

from pmkit.engine.schema import MAX_CAPACITY, PLAN_YEARS, Kind
from pmkit.reading.cells import MAX_DURATION_DAYS, Cells
from pmkit.reading.plain_percents import plain_numbers
from pmkit.reading.team import read_capacity, read_days_off, read_email

__all__ = ["convert_column", "split_columns"]

_Slow = Callable[[Cells, object, int, int, "str | None", str], object]
_Fast = Callable[[Sequence[object]], tuple[list[object], list[int]]]


def split_columns(rows: Sequence[Sequence[object]], width: int) -> list[Sequence[object]]:
    """The first `width` columns of `rows`, each as one sequence (ragged rows are padded)."""
    if not rows:
        return [() for _ in range(width)]
    if any(len(row) < width for row in rows):
        padding = ("",) * width
        rows = [tuple(row) + padding[len(row) :] if len(row) < width else row for row in rows]
    columns: list[Sequence[object]] = list(zip(*rows, strict=False))
    return columns[:width]


def _dates(values: Sequence[object]) -> tuple[list[object], list[int]]:
    out: list[object] = []
    slow: list[int] = []
    append = out.append
    first_year, last_year = PLAN_YEARS
    for index, value in enumerate(values):
        kind = type(value)
        if kind is datetime and first_year <= value.year <= last_year:  # type: ignore[attr-defined]
            append(value.date())  # type: ignore[attr-defined]
        elif kind is date and first_year <= value.year <= last_year:  # type: ignore[attr-defined]
            append(value)
        else:
            append(None)
            if value is not None and value != "":
                slow.append(index)
    return out, slow


def _days(values: Sequence[object]) -> tuple[list[object], list[int]]:
    out: list[object] = []
    slow: list[int] = []
    append = out.append
    for index, value in enumerate(values):
        if type(value) is float and value.is_integer() and 0 <= value <= MAX_DURATION_DAYS:
            append(int(value))
        else:
            append(None)
            if value is not None and value != "":
                slow.append(index)
    return out, slow


def _amounts(values: Sequence[object]) -> tuple[list[object], list[int]]:
    out: list[object] = []
    slow: list[int] = []
    append = out.append
    for index, value in enumerate(values):
        if type(value) is float and value - value == 0.0:  # finite
            append(value)
        else:
            append(None)
            if value is not None and value != "":
                slow.append(index)
    return out, slow


def _fractions(values: Sequence[object]) -> tuple[list[object], list[int]]:
    out: list[object] = []
    slow: list[int] = []
    append = out.append
    for index, value in enumerate(values):
        if type(value) is float and 0.0 <= value <= 1.0:
            append(value)
        else:
            append(None)
            if value is not None and value != "":
                slow.append(index)
    return out, slow


def _texts(values: Sequence[object]) -> tuple[list[object], list[int]]:
    out: list[object] = []
    slow: list[int] = []
    append = out.append
    for index, value in enumerate(values):
        if type(value) is str:
            append(value.strip() or None)
        else:
            append(None)
            if value is not None:
                slow.append(index)
    return out, slow


def _ids(values: Sequence[object]) -> tuple[list[object], list[int]]:
    out, slow = _texts(values)
    still: list[int] = []
    for index in slow:
        value = values[index]
        if type(value) is float and value.is_integer():
            out[index] = str(int(value))
        else:
            still.append(index)
    return out, still


_FAST: dict[Kind, _Fast] = {
    Kind.DATE: _dates,
    Kind.DAYS: _days,
    Kind.MONEY: _amounts,
    Kind.NUMBER: _amounts,
    Kind.PERCENT: _fractions,
    Kind.TEXT: _texts,
    Kind.ID: _ids,
}
_SLOW: dict[Kind, _Slow] = {
    Kind.ID: Cells.id,
    Kind.TEXT: Cells.text,
    Kind.DAYS: Cells.days,
    Kind.DATE: Cells.date,
    Kind.PERCENT: Cells.percent,
    Kind.MONEY: Cells.money,
    Kind.NUMBER: Cells.number,
    Kind.SCORE: Cells.score,
    Kind.CAPACITY: read_capacity,
    Kind.EMAIL: read_email,
    Kind.DATES: read_days_off,
}


def convert_column(  # noqa: PLR0917 - a column: its kind, cells, rows, ids, number, label
    cells: Cells,
    kind: Kind,
    values: Sequence[object],
    rows: Sequence[int],
    ids: Sequence[str],
    column: int,
    label: str,
    *,
    non_negative: bool = False,
) -> list[object]:
    """Each value of one column read as `kind`; None where blank or bad (bad is reported).

    `non_negative`: an amount below zero is bad too (`Column.non_negative`, a cost).
    """
    fast = _FAST.get(kind)
    if fast is None:
        out: list[object] = [None] * len(values)
        slow = list(range(len(values)))
    else:
        out, slow = fast(values)
    read = _SLOW[kind]
    if kind is Kind.PERCENT or kind is Kind.CAPACITY:
        top = MAX_CAPACITY if kind is Kind.CAPACITY else 1.0
        plain = plain_numbers(values, rows, column, cells.percent_cells, top)
        if plain is not None:  # a plain 1 beside 50 is 1 %: read by the column's numbers
            slow = sorted({*slow, *plain.doubtful})
            read = (
                partial(Cells.percent, plain=plain)
                if kind is Kind.PERCENT
                else partial(read_capacity, plain=plain)
            )
    for index in slow:
        value = values[index]
        if value is not None and value != "":
            out[index] = read(cells, value, rows[index], column, ids[index], label)
    if non_negative:
        for index, amount in enumerate(out):
            if amount is not None and amount < 0:  # type: ignore[operator]
                out[index] = cells.not_below_zero(
                    amount,  # type: ignore[arg-type]
                    values[index],
                    rows[index],
                    column,
                    ids[index],
                    label,
                )
    return out
