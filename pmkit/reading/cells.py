"""Turning one cell's value into an id, text, whole days, a date, a percent or money.

Values arrive as python-calamine (and xlwings, and the Sheets API) hand them over:
`''` or None for empty, floats for numbers, `date`/`datetime`/`time` for date-formatted
cells, `bool`, and text. Each reader returns the parsed value, or None after adding a
located `Issue` to `Cells.issues`: a bad cell costs its own field, never the file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, datetime, time

from pmkit.engine.figures import format_day
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.schema import PLAN_YEARS
from pmkit.reading.dates import DateTextError, date_from_serial, parse_date_text
from pmkit.reading.formula_values import ExcelError, UncalculatedFormula
from pmkit.reading.plain_percents import PlainNumbers

__all__ = [
    "MAX_DURATION_DAYS",
    "NUMBER_DATE_YEARS",
    "Cells",
    "describe",
    "parse_id",
]

NUMBER_DATE_YEARS = (1990, PLAN_YEARS[1])
"""The years a number in a date column may be read as (an Excel serial): an owner's plan
dates, not 1905 from a Deadline typed as 2026, nor 14 Feb 1900 from a 45."""

MAX_DURATION_DAYS = 10_000
"""About forty years of working days: anything longer is a typo, not a plan."""

_WHOLE_TOLERANCE = 1e-9  # formulas leave 5.000000000001 behind


def parse_id(value: object) -> str | None:  # noqa: PLR0911 - an answer per cell type; hot
    """A cell → a task id: `7` and `7.0` are "7"; text is stripped; empty is None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, int):
        return str(value)
    return None


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def describe(value: object) -> str:
    """How a bad value is quoted back to the owner."""
    if isinstance(value, str):
        return f"'{value.strip()}'"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):  # a date cell: midnight, shown as its date
        return value.strftime("%Y-%m-%d" if value.time() == time() else "%Y-%m-%d %H:%M")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$", re.IGNORECASE)
_GROUPED = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
# A decimal comma (German, French …) where it can be nothing else: a comma not followed by
# exactly three digits (`0,6`, `280,75`) or after a lone 0 (`0,125`), or after thousands
# grouped by dots (`1.234,50`); thousands grouped by two dots or more (`1.234.567`).
# `12,500` is read by `_GROUPED`, a comma between thousands.
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d+,(\d{1,2}|\d{4,})|0,\d+|\d{1,3}(\.\d{3})+,\d+)$")
_DOT_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}$")
_SPACES = str.maketrans("", "", " \u00a0\u202f")  # French groups thousands by (thin) spaces
_DOT_OR_THOUSANDS = re.compile(r"^([+-]?[1-9]\d{0,2})\.(\d{3})$")
"""Money text whose one dot is followed by exactly three digits: `1.200`, `12.500`."""
_CURRENCY = re.compile(r"[$€£¥₹]|\b(?:usd|eur|gbp|aud|cad|chf|nzd|jpy)\b", re.IGNORECASE)
_DAYS_SUFFIX = re.compile(r"\s*(?:d|days?|wd|working\s+days?)\.?$", re.IGNORECASE)
_IN_WEEKS = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:w|wks?|weeks?)\.?", re.IGNORECASE)


def _days_instead(text: str) -> str:
    """What to write instead of a duration that is not a number (`2w`, `soon`)."""
    weeks = _IN_WEEKS.fullmatch(text)
    if weeks is None:
        return "should be a number of working days (like 10)"
    days = float(weeks[1].replace(",", ".")) * 5
    return f"is in weeks; write it in working days ({days:g} for five-day weeks)"


def _serial_day(value: float) -> date | None:
    """The day an Excel serial stands for, or None when it stands for none."""
    try:
        return date_from_serial(value)
    except DateTextError:
        return None


def _number_from_text(text: str) -> float | None:
    text = text.strip().translate(_SPACES)
    if _NUMBER_TEXT.match(text):
        return float(text)
    if _GROUPED.match(text):
        return float(text.replace(",", ""))
    if _DECIMAL_COMMA.match(text) or _DOT_GROUPED.match(text):
        return float(text.replace(".", "").replace(",", "."))
    return None


@dataclass(slots=True)
class Cells:
    """Reads the cells of one sheet, collecting a located `Issue` for each bad one."""

    sheet: str
    issues: list[Issue] = field(default_factory=list)
    percent_cells: Container[tuple[int, int]] = frozenset()
    """Cells formatted as a percentage (`Grid.percent_cells`): their value is a fraction."""
    dates_as_dates: bool = False
    """A date-formatted cell arrives as a date (`Grid.dates_as_dates`), so a number in a
    date column is a number without a date format."""

    def add(  # noqa: PLR0917 - one finding's fields, in Issue's own order
        self,
        severity: Severity,
        code: Code,
        row: int,
        column: int,
        task_id: str | None,
        message: str,
    ) -> None:
        self.issues.append(
            Issue(severity, code, Location(self.sheet, row, column), task_id, message)
        )

    def _excel_error(
        self, value: ExcelError, row: int, column: int, task_id: str | None, label: str
    ) -> None:
        if isinstance(value, UncalculatedFormula):
            self.add(
                Severity.ERROR,
                Code.UNCALCULATED_FORMULA,
                row,
                column,
                task_id,
                f"{label} holds {value} but its value was never calculated (the file was "
                "saved by a program that does not calculate formulas); open the file in "
                "Excel and save it",
            )
            return
        self.add(
            Severity.ERROR,
            Code.FORMULA_ERROR,
            row,
            column,
            task_id,
            f"{label} shows the Excel error {value.text}; fix the formula in this cell",
        )

    def text(
        self, value: object, row: int, column: int, task_id: str | None, label: str
    ) -> str | None:
        """Free text; numbers and dates are written as the owner would read them."""
        if isinstance(value, str):
            return value.strip() or None
        if value is None:
            return None
        if isinstance(value, ExcelError):
            self._excel_error(value, row, column, task_id, label)
            return None
        return describe(value)

    def id(
        self, value: object, row: int, column: int, task_id: str | None, label: str
    ) -> str | None:
        """An id: whole numbers lose their `.0`; text is kept as typed (stripped)."""
        if isinstance(value, str):
            return value.strip() or None
        if isinstance(value, ExcelError):
            self._excel_error(value, row, column, task_id, label)
            return None
        parsed = parse_id(value)
        if parsed is None and value is not None:
            self.add(
                Severity.ERROR,
                Code.BAD_VALUE,
                row,
                column,
                task_id,
                f"{label} {describe(value)} cannot be used as an ID; use a number or short text",
            )
        return parsed

    def _date_from_number(
        self, value: float, row: int, column: int, task_id: str | None, label: str
    ) -> date | None:
        """A number in a date column: the date it stands for as an Excel serial (46112 is
        Tue 31 Mar 2026), when that is a date a plan could mean (`NUMBER_DATE_YEARS`);
        else an error, not a date from 1905 (a Deadline typed as 2026). Where a date cell
        arrives as a date (`dates_as_dates`) the number has no date format, so a note says
        which date it was read as."""
        day = _serial_day(value)
        shown = describe(value)
        if day is None or not NUMBER_DATE_YEARS[0] <= day.year <= NUMBER_DATE_YEARS[1]:
            meant = "" if day is None else f" (as a date it would be {format_day(day)})"
            self.add(
                Severity.ERROR,
                Code.BAD_DATE,
                row,
                column,
                task_id,
                f"{label}: {shown} is a number, not a date{meant} — type the date, e.g. 31/03/2026",
            )
            return None
        if self.dates_as_dates:
            self.add(
                Severity.INFO,
                Code.DATE_FROM_NUMBER,
                row,
                column,
                task_id,
                f"{label}: {shown} is a number without a date format, read as "
                f"{format_day(day)} (the date it stands for in Excel); if that is the date "
                "meant, format the cell as a date, else type the date",
            )
        return day

    def date(  # every form a date cell takes; hot: every cell
        self, value: object, row: int, column: int, task_id: str | None, label: str
    ) -> date | None:
        """A real date, an Excel serial, ISO text or unambiguous local text; time dropped.

        Only years 1900 to 2199 are plan dates: 9999-12-31 in a Deadline is a typo, and
        scheduling towards it would count working days for eight thousand years.
        """
        day: date | None = None
        problem = ""
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        elif _is_blank(value):
            return None
        elif isinstance(value, ExcelError):
            self._excel_error(value, row, column, task_id, label)
            return None
        elif isinstance(value, bool):
            problem = f"{describe(value)} is not a date"
        elif isinstance(value, int | float):
            return self._date_from_number(value, row, column, task_id, label)
        elif isinstance(value, str):
            try:
                day = parse_date_text(value)
            except DateTextError as exc:
                problem = str(exc)
        elif isinstance(value, time):
            problem = f"{value.isoformat()} is a time of day, not a date"
        else:
            problem = f"{describe(value)} is not a date"
        if day is not None:
            if PLAN_YEARS[0] <= day.year <= PLAN_YEARS[1]:
                return day
            problem = (
                f"{day.isoformat()} is not a date a plan can use (years {PLAN_YEARS[0]} to "
                f"{PLAN_YEARS[1]}); check it for a typo"
            )
        self.add(Severity.ERROR, Code.BAD_DATE, row, column, task_id, f"{label}: {problem}")
        return None

    def _number(
        self, value: object, row: int, column: int, task_id: str | None, label: str, *, code: Code
    ) -> float | None:
        """A finite number, or None with an error (numeric text is accepted)."""
        if isinstance(value, float | int) and not isinstance(value, bool):
            number = float(value)
        elif _is_blank(value):
            return None
        elif isinstance(value, ExcelError):
            self._excel_error(value, row, column, task_id, label)
            return None
        elif isinstance(value, str) and (parsed := _number_from_text(value)) is not None:
            number = parsed
        else:
            self.add(
                Severity.ERROR,
                code,
                row,
                column,
                task_id,
                f"{label} should be a number, not {describe(value)}",
            )
            return None
        if not math.isfinite(number):
            self.add(Severity.ERROR, code, row, column, task_id, f"{label} is not a finite number")
            return None
        return number

    def days(  # noqa: PLR0911 - each way a cell is not a duration says so, then returns
        self,
        value: object,
        row: int,
        column: int,
        task_id: str | None,
        label: str,
        *,
        code: Code = Code.BAD_DURATION,
        maximum: int = MAX_DURATION_DAYS,
    ) -> int | None:
        """Whole working days ≥ 0; a fraction is rounded up with a warning."""
        if isinstance(value, float) and value.is_integer() and 0 <= value <= maximum:
            return int(value)  # the common case, kept fast
        if isinstance(value, str) and (trimmed := _DAYS_SUFFIX.sub("", value.strip())):
            value = trimmed
            if _number_from_text(trimmed) is None:  # say what to write instead
                fix = _days_instead(trimmed)
                self.add(
                    Severity.ERROR, code, row, column, task_id, f"{label} {describe(value)} {fix}"
                )
                return None
        number = self._number(value, row, column, task_id, label, code=code)
        if number is None:
            return None
        if number < 0:
            self.add(
                Severity.ERROR,
                code,
                row,
                column,
                task_id,
                f"{label} {describe(value)} is negative; use 0 or more working days",
            )
            return None
        if number > maximum:
            self.add(
                Severity.ERROR,
                code,
                row,
                column,
                task_id,
                f"{label} {number:g} is more than {maximum:,} working days; is it a typo?",
            )
            return None
        whole = round(number)
        if abs(number - whole) <= _WHOLE_TOLERANCE:
            return int(whole)
        rounded = math.ceil(number)
        self.add(
            Severity.WARNING,
            Code.ROUNDED_DURATION,
            row,
            column,
            task_id,
            f"{label} {number:g} is not a whole number of days; pmkit uses {rounded}",
        )
        return rounded

    def percent(  # noqa: PLR0911, PLR0912 - every form a percent cell takes, hot: every cell
        self,
        value: object,
        row: int,
        column: int,
        task_id: str | None,
        label: str,
        *,
        maximum: float = 1.0,
        plain: PlainNumbers | None = None,
    ) -> float | None:
        """0–100 % as a fraction: 0.5 stays 0.5; 50 becomes 0.5 with a note; `50%` text too.

        `maximum` (a fraction) raises the top of the range, for a share that may pass
        100 % (a vendor's capacity: 3.0 is 300 %); the rules stay the same: a cell
        formatted as a percentage holds a fraction, a plain number above 1 is a whole
        percent. A plain number that could be either (1 to `maximum`) is read as `plain`,
        the column's other plain numbers, say: 1 is 1 % beside 50, 3 is 300 % beside 0.5 —
        but where a share may pass 100 %, 1 is always all of it: a Capacity of 1 is the
        full-time 100 % beside a 50, never a 1 % that books its owner 10,000 %.
        """
        if isinstance(value, float) and 0.0 <= value <= 1.0:
            if value == 1.0 and maximum <= 1.0 and self._whole_in_column(plain, row, column):
                return self._whole_percent(1.0, row, column, task_id, label, plain, maximum)
            return value
        if _is_blank(value):
            return None
        whole_percent = False
        if isinstance(value, str) and value.strip().endswith("%"):
            parsed = _number_from_text(value.strip()[:-1])
            if parsed is None:
                self._bad_percent(value, row, column, task_id, label, maximum)
                return None
            number, whole_percent = parsed, True
        else:
            maybe = self._number(value, row, column, task_id, label, code=Code.BAD_PERCENT)
            if maybe is None:
                return None
            number = maybe
        top = maximum * 100
        if whole_percent:
            if 0 <= number <= top:
                return number / 100
        elif 0 <= number <= 1:
            if number == 1 and maximum <= 1.0 and self._whole_in_column(plain, row, column):
                return self._whole_percent(number, row, column, task_id, label, plain, maximum)
            return number
        elif (row, column) in self.percent_cells:  # shows 150 %: the number format decides
            if number <= maximum:
                return number
            meant = (  # 50 typed in a percent cell by an app that does not scale it
                f"; if you meant {number:g} %, type {number:g}%" if 1 < number <= top else ""
            )
            self.add(
                Severity.ERROR,
                Code.BAD_PERCENT,
                row,
                column,
                task_id,
                f"{label} shows {number * 100:g} %; it goes from 0 % to {top:g} %{meant}",
            )
            return None
        elif 1 < number <= top:
            if number <= maximum and plain is not None and plain.reads_fraction:
                return number  # 3 beside 0.5: a fraction too, 300 %
            return self._whole_percent(number, row, column, task_id, label, plain, maximum)
        self._bad_percent(value, row, column, task_id, label, maximum)
        return None

    def _whole_in_column(self, plain: PlainNumbers | None, row: int, column: int) -> bool:
        """A plain 1 whose column's plain numbers are whole percents: it is 1 %."""
        return plain is not None and plain.reads_whole and (row, column) not in self.percent_cells

    def _whole_percent(  # noqa: PLR0917 - a cell, and what its column says
        self,
        number: float,
        row: int,
        column: int,
        task_id: str | None,
        label: str,
        plain: PlainNumbers | None,
        maximum: float = 1.0,
    ) -> float:
        """`number` read as a whole percent, with a note saying so (and, where it could be
        a fraction too, why this reading and how to type the other)."""
        message = f"{label} {number:g} is read as {number:g} %"
        if number <= maximum:  # a fraction too, in a cell not formatted to say
            if plain is not None and plain.reads_whole and plain.whole is not None:
                where, example = plain.whole
                message += (
                    f", as this column's other plain numbers are whole percents "
                    f"({Location(self.sheet, where, column)}: {example:g})"
                )
            other = f"{number * 100:g}"
            message += f"; if it means {other} %, type {other}%"
        self.add(Severity.INFO, Code.PERCENT_AS_WHOLE_NUMBER, row, column, task_id, message)
        return number / 100

    def _bad_percent(  # noqa: PLR0917 - a cell, and the top of its range
        self,
        value: object,
        row: int,
        column: int,
        task_id: str | None,
        label: str,
        maximum: float = 1.0,
    ) -> None:
        self.add(
            Severity.ERROR,
            Code.BAD_PERCENT,
            row,
            column,
            task_id,
            f"{label} {describe(value)} is not a percentage from 0 % to {maximum * 100:g} %",
        )

    def money(
        self, value: object, row: int, column: int, task_id: str | None, label: str
    ) -> float | None:
        """An amount; text like `$1,200.50` is accepted, other text is an error."""
        if isinstance(value, float):
            return (
                value
                if math.isfinite(value)
                else self._number(value, row, column, task_id, label, code=Code.BAD_NUMBER)
            )
        if isinstance(value, str) and value.strip():
            typed, value = value, _CURRENCY.sub("", value).strip()
            if (dotted := _DOT_OR_THOUSANDS.match(value)) is not None:
                # pmkit never guesses a locale: `1.200` is 1,200 in Germany and 1.2 here
                whole = dotted[1] + dotted[2]
                self.add(
                    Severity.ERROR,
                    Code.BAD_NUMBER,
                    row,
                    column,
                    task_id,
                    f"{label} {describe(typed)} could be {whole} (a dot between thousands) "
                    f"or {float(value):g}; write it as {whole} or {float(value):g}",
                )
                return None
        return self._number(value, row, column, task_id, label, code=Code.BAD_NUMBER)

    def not_below_zero(  # noqa: PLR0917 - the amount read, and its cell
        self,
        amount: float | None,
        value: object,
        row: int,
        column: int,
        task_id: str | None,
        label: str,
    ) -> float | None:
        """A cost read from `value`, or None with an error when it is below zero: a cost
        of -500 would lower the money spent and make the figures look better than they are."""
        if amount is None or amount >= 0:
            return amount
        self.add(
            Severity.ERROR,
            Code.BAD_NUMBER,
            row,
            column,
            task_id,
            f"{label} {describe(value)} is below zero; type the amount as zero or more",
        )
        return None

    def number(
        self, value: object, row: int, column: int, task_id: str | None, label: str
    ) -> float | None:
        """Any finite number."""
        return self._number(value, row, column, task_id, label, code=Code.BAD_NUMBER)

    def score(
        self, value: object, row: int, column: int, task_id: str | None, label: str
    ) -> int | None:
        """A whole score from 1 to 5 (risk likelihood and impact)."""
        number = self._number(value, row, column, task_id, label, code=Code.BAD_VALUE)
        if number is None:
            return None
        if number.is_integer() and 1 <= number <= 5:
            return int(number)
        self.add(
            Severity.ERROR,
            Code.BAD_VALUE,
            row,
            column,
            task_id,
            f"{label} {describe(value)} should be a whole number from 1 to 5",
        )
        return None

    def choice(
        self,
        value: object,
        row: int,
        column: int,
        task_id: str | None,
        label: str,
        *,
        choices: dict[str, str],
    ) -> str | None:
        """One of `choices` (keys normalized), matched case-insensitively."""
        if _is_blank(value):
            return None
        if isinstance(value, ExcelError):
            self._excel_error(value, row, column, task_id, label)
            return None
        key = normalize_choice(describe(value).strip("'"))
        found = choices.get(key)
        if found is None:
            allowed = ", ".join(dict.fromkeys(choices.values()))
            self.add(
                Severity.ERROR,
                Code.BAD_VALUE,
                row,
                column,
                task_id,
                f"{label} {describe(value)} is not one of: {allowed}",
            )
        return found


def normalize_choice(text: str) -> str:
    """`In-Progress`, ` in progress ` and `IN_PROGRESS` all compare equal."""
    return " ".join(re.sub(r"[-_]", " ", text).split()).casefold()
