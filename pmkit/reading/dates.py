"""Dates as owners type them: real dates, Excel serials, ISO text, unambiguous local text.

Standard library only. pmkit never guesses a locale: `13/03/2026` can only be 13 March,
but `03/04/2026` could be 3 April or 4 March, so it is refused with both readings offered.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

__all__ = ["DateTextError", "date_from_cell", "date_from_serial", "parse_date_text"]

_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2_958_465  # 9999-12-31


class DateTextError(ValueError):
    """Text that is not a date; the message says why in owner terms."""


def date_from_cell(value: float | str) -> date:
    """A date cell's value as a spreadsheet hands it over: an Excel serial number (every
    date, in xlwings Lite) or text (`parse_date_text`). Raises `DateTextError` (a
    `ValueError`) saying why it is not a date.

    >>> date_from_cell(46094), date_from_cell("2026-03-13")
    (datetime.date(2026, 3, 13), datetime.date(2026, 3, 13))
    """
    if isinstance(value, str):
        return parse_date_text(value)
    return date_from_serial(value)


def date_from_serial(serial: float) -> date:
    """An Excel 1900-system serial (time part dropped) → a date.

    Serial 60 is Excel's 1900-02-29, a day that never existed, so it is refused.

    >>> date_from_serial(46094)
    datetime.date(2026, 3, 13)
    """
    if not math.isfinite(serial):
        raise DateTextError(f"{serial} is not an Excel date serial")
    day = math.floor(serial)
    if day == 60:
        raise DateTextError("serial 60 is 29 February 1900, a day that never existed")
    if day < 1 or day > _MAX_SERIAL:
        raise DateTextError(f"{serial:g} is not an Excel date serial (1 to {_MAX_SERIAL})")
    # Excel counts the phantom 1900-02-29, so serials before it are one day off.
    offset = day if day > 60 else day + 1
    return _EXCEL_EPOCH + timedelta(days=offset)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAY_PREFIX = re.compile(
    r"^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE
)
_TIME_SUFFIX = re.compile(
    r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?(?:Z|[+-]\d{2}:?\d{2})?)$",
    re.IGNORECASE,
)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_MONTH_FIRST = re.compile(
    r"^([a-z]+)\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{2}|\d{4})$", re.I
)
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{2}|\d{4})$", re.I)


def _dotted(text: str) -> bool:
    """`01.06.2026`: a numeric date written with dots, each of its separators."""
    return text.count(".") == 2 and "/" not in text and "-" not in text


def _full_year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(f"'{text}' is not a real day") from None


def parse_date_text(text: str) -> date:
    """Text → a date: ISO (`2026-03-13`), or an unambiguous local form.

    `13/03/2026` can only be day/month/year; `03/04/2026` could be 3 April or 4 March,
    so it is refused rather than guessed — but `03.04.2026` is 3 April: dots are written
    day first wherever they are used. Month names (`Mar 13, 2026`, `13 Mar 2026`)
    are always unambiguous. A time of day is dropped.

    >>> parse_date_text("13 Mar 2026"), parse_date_text("2026-03-13T09:30")
    (datetime.date(2026, 3, 13), datetime.date(2026, 3, 13))
    """
    original = text
    text = _WEEKDAY_PREFIX.sub("", text.strip())
    text = _TIME_SUFFIX.sub("", text).strip()
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _make_date(year, month, day, original)
    if match := _NUMERIC.match(text):
        first, second = int(match[1]), int(match[2])
        year = _full_year(match[3])
        if first > 12 and second <= 12:
            return _make_date(year, second, first, original)
        if second > 12 and first <= 12:
            return _make_date(year, first, second, original)
        if first == second or (first <= 12 and second <= 12 and _dotted(text)):
            # dots are written day first wherever they are used (31.03.2026 in Germany,
            # Russia, Scandinavia …); no locale writes month.day.year
            return _make_date(year, second, first, original)
        if first <= 12 and second <= 12:
            raise DateTextError(
                f"'{original}' could be day/month or month/day; write it as "
                f"{year:04d}-{second:02d}-{first:02d} or {year:04d}-{first:02d}-{second:02d}"
            )
        raise DateTextError(f"'{original}' is not a real day")
    if match := _MONTH_FIRST.match(text):
        month_name, day_text, year_text = match.groups()
        if (named := _MONTHS.get(month_name.casefold())) is not None:
            return _make_date(_full_year(year_text), named, int(day_text), original)
    if match := _DAY_FIRST.match(text):
        day_text, month_name, year_text = match.groups()
        if (named := _MONTHS.get(month_name.casefold())) is not None:
            return _make_date(_full_year(year_text), named, int(day_text), original)
    raise DateTextError(f"'{original}' is not a date; write it like 2026-03-13")
