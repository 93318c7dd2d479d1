"""Shown figures: one date format, one rounding rule, and comparisons on the shown value.

Every front end shows figures through these: the findings and the status paragraph
(sentences), the output sheets (cells, through the palette's number formats, which show
a date and a share as these write them: `pmkit.outputs.palette.DATE_FORMAT`), the command
line and the add-in. A rule that compares a figure with a
threshold compares the value as it is shown, so a table that shows CPI `0.95` never sits
beside a reason saying "CPI is below 0.95":

>>> format_ratio(0.948), is_below(0.948, 0.95)
('0.95', False)
>>> format_day(date(2026, 6, 1)), format_percent(0.1063), format_money(2400.5, "USD")
('Mon 1 Jun 2026', '10.6 %', 'USD 2,401')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

__all__ = [
    "DATE_COLUMN_WIDTH",
    "RATIO_DECIMALS",
    "format_day",
    "format_money",
    "format_percent",
    "format_ratio",
    "half_up",
    "is_above",
    "is_below",
    "join_words",
    "money_format",
    "shown_percent",
    "shown_ratio",
    "working_days",
]

RATIO_DECIMALS = 2
"""SPI, CPI, TCPI, CPLI, BEI: two decimals, in sentences and cells alike."""
PERCENT_DECIMALS = 1
"""Shares and scope growth: one decimal of a percent (`10.6 %`; `5 %` for 5.0)."""
DATE_COLUMN_WIDTH = 16
"""Characters a column needs to show the widest date, `Mon 11 May 2026`, whole."""

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _Memo(dict[Any, str]):
    """Texts computed once per key: `texts[key]` is one dict lookup, a third of the cost of
    an `lru_cache` call (the progress pass asks for thousands of dates on a late plan)."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> str:
        if len(self) >= _MEMO_SIZE:  # bounded, like the lru_cache it replaces
            self.clear()
        text = self[key] = self._make(key)
        return text


_MEMO_SIZE = 4096
DAY_TEXTS = _Memo(
    lambda day: f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month]} {day.year}"
)
"""`DAY_TEXTS[day]` is `format_day(day)`, for loops that format thousands of dates."""
WORKING_DAYS_TEXTS = _Memo(lambda n: f"{n} working day{'' if abs(n) == 1 else 's'}")
"""`WORKING_DAYS_TEXTS[n]` is `working_days(n)`."""


def format_day(day: date) -> str:
    """A date as owners read it everywhere: `Fri 6 Mar 2026` (English, whatever the locale)."""
    return DAY_TEXTS[day]


def working_days(count: int) -> str:
    """`1 working day`, `8 working days`."""
    return WORKING_DAYS_TEXTS[count]


def shown_ratio(value: float) -> float:
    """The ratio as shown (two decimals): what every rule compares."""
    return round(value, RATIO_DECIMALS)


def format_ratio(value: float) -> str:
    """`0.70`: two decimals."""
    return f"{value:.{RATIO_DECIMALS}f}"


def shown_percent(fraction: float) -> float:
    """A fraction as the percentage shown (one decimal): 0.10634 → 10.6."""
    return round(fraction * 100, PERCENT_DECIMALS)


def format_percent(fraction: float) -> str:
    """`10.6 %`, `5 %` rather than `5.0 %`, and `under 0.1 %` for a share too small to
    show but not nothing (so "none allowed" never sits beside "0 %")."""
    shown = shown_percent(fraction)
    if shown == 0 and fraction > 0:
        return f"under {10**-PERCENT_DECIMALS:.{PERCENT_DECIMALS}f} %"
    return f"{shown:.{PERCENT_DECIMALS}f} %".replace(".0 %", " %")


def is_below(value: float, threshold: float) -> bool:
    """Whether a ratio is below a threshold as both are shown (0.948 is not below 0.95)."""
    return shown_ratio(value) < shown_ratio(threshold)


def is_above(fraction: float, threshold: float) -> bool:
    """Whether a share is above a threshold as both are shown in percent (one decimal)."""
    return shown_percent(fraction) > shown_percent(threshold)


def half_up(value: float) -> int:
    """The nearest whole number, halves away from zero, as a spreadsheet's `0` format shows."""
    whole = math.floor(abs(value) + 0.5)
    return -whole if value < 0 else whole


def format_money(amount: float, currency: str | None) -> str:
    """Money in whole units: `USD 2,400`, `£2,400` when the Currency is typed as a symbol,
    or `2,400` with no currency.

    Halves round away from zero, as a spreadsheet's `#,##0` does (Python's `round` would
    round 2,400.5 to the even 2,400).

    >>> format_money(2400.5, "USD"), format_money(3850, "£"), format_money(-10, None)
    ('USD 2,401', '£3,850', '-10')
    """
    text = f"{half_up(amount):,}"
    if not currency:
        return text
    return f"{currency}{text}" if not currency[-1].isalnum() else f"{currency} {text}"


def money_format(currency: str | None) -> Callable[[float], str]:
    """`format_money` for one currency: what a sentence naming several amounts uses."""
    return lambda amount: format_money(amount, currency)


def join_words(items: Sequence[str], more: int = 0) -> str:
    """`3`, `3 and 4`, `3, 4 and 5`, or `3, 4 and 40 more` when `more` items are left out:
    the one way a list is written in a sentence.

    >>> join_words(["Plan"]), join_words(["3", "4", "5"]), join_words(["3", "4"], more=40)
    ('Plan', '3, 4 and 5', '3, 4 and 40 more')
    """
    if more > 0:
        return f"{', '.join(items)} and {more:,} more"
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
