"""The Settings sheet: `Setting` | `Value` rows → `Settings`, defaults from docs/plan-workbook.md.

A bad value is a `bad-setting` error at its cell and the default is kept; a name pmkit
does not know is an `unknown-setting` note. The header row itself is optional.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import Settings
from pmkit.engine.schema import SETTINGS_ROWS, Kind, normalize_name
from pmkit.reading.cells import Cells
from pmkit.reading.grid import Grid
from pmkit.reading.header import find_header_index
from pmkit.reading.public_holidays import country_code

__all__ = ["parse_work_week", "read_settings"]

_DAYS = {
    "mon": 0, "monday": 0, "mo": 0,
    "tue": 1, "tues": 1, "tuesday": 1, "tu": 1,
    "wed": 2, "wednesday": 2, "we": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "th": 3,
    "fri": 4, "friday": 4, "fr": 4,
    "sat": 5, "saturday": 5, "sa": 5,
    "sun": 6, "sunday": 6, "su": 6,
}  # fmt: skip
_RANGE = re.compile(r"^([a-z]+)\.?-([a-z]+)\.?$")
_YES = {"yes", "y", "true", "1", "1.0", "on"}
_NO = {"no", "n", "false", "0", "0.0", "off"}
_NAMED_WEEKS = {"weekdays": "mon-fri", "every day": "mon-sun", "all week": "mon-sun"}
_YES_NO_FIELDS = frozenset(
    setting.field for setting in SETTINGS_ROWS if setting.choices == ("Yes", "No")
)


def parse_work_week(text: str) -> frozenset[int]:
    """`Mon-Fri`, `Sun-Thu`, `Mon,Tue,Thu`, `Mon-Wed, Fri` → weekday numbers (Monday = 0).

    >>> sorted(parse_work_week("Sun-Thu"))
    [0, 1, 2, 3, 6]
    """
    days: set[int] = set()
    text = text.strip().casefold()
    joined = re.sub(r"\s*(?:-|–|—|\bto\b)\s*", "-", _NAMED_WEEKS.get(text, text))
    for piece in re.split(r"[,;/\s]+", joined):
        if not piece:
            continue
        if match := _RANGE.match(piece):
            first, last = _DAYS.get(match[1]), _DAYS.get(match[2])
            if first is None or last is None:
                raise ValueError(piece)
            day = first
            days.add(day)
            while day != last:  # wraps past Sunday: Fri-Mon is Fri, Sat, Sun, Mon
                day = (day + 1) % 7
                days.add(day)
        elif (day_number := _DAYS.get(piece.rstrip("."))) is not None:
            days.add(day_number)
        else:
            raise ValueError(piece)
    if not days:
        raise ValueError(text)
    return frozenset(days)


def _setting_value(  # noqa: PLR0912, PLR0917 - a branch per setting kind; a setting and its cell
    cells: Cells, name: str, kind: Kind, value: object, row: int, column: int
) -> tuple[str, Any] | None:
    """One setting's value; None when blank or bad (bad values are reported)."""
    field_name = next(setting.field for setting in SETTINGS_ROWS if setting.name == name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    before = len(cells.issues)
    parsed: Any
    if field_name == "work_week":
        try:
            parsed = parse_work_week(str(value))
        except ValueError:
            cells.add(
                Severity.ERROR,
                Code.BAD_SETTING,
                row,
                column,
                None,
                f"Work Week '{value}' is not a set of days; write it like Mon-Fri, "
                "Sun-Thu or Mon,Tue,Thu (Mon-Fri is used)",
            )
            return None
    elif kind is Kind.CHOICE and field_name in _YES_NO_FIELDS:
        word = str(value).strip().casefold()
        if isinstance(value, bool):
            parsed = value
        elif word in _YES or word in _NO:
            parsed = word in _YES
        else:
            cells.add(
                Severity.ERROR,
                Code.BAD_SETTING,
                row,
                column,
                None,
                f"{name} should be Yes or No, not '{value}' ({_default(name)} is used)",
            )
            return None
    elif field_name == "holiday_country":
        parsed = country_code(str(value))
    elif field_name == "scope_creep_threshold_pct":
        text = str(value).strip()
        percent_sign = isinstance(value, str) and text.endswith("%")
        number = cells.number(text[:-1] if percent_sign else value, row, column, None, name)
        # A cell formatted as a percentage holds 0.1 for 10 % (and 1.5 for 150 %); a
        # number below 1 is taken for such a fraction whatever its format, so the format
        # is asked about only for 1 and above (a Google sheet fetches it for those).
        fraction = (
            number is not None
            and not percent_sign
            and (number < 1 or (row, column) in cells.percent_cells)
        )
        parsed = number * 100 if fraction and number is not None else number
    elif kind is Kind.DAYS:
        parsed = cells.days(value, row, column, None, name, code=Code.BAD_SETTING)
    elif kind is Kind.DATE:
        parsed = cells.date(value, row, column, None, name)
    else:
        parsed = cells.text(value, row, column, None, name)
    # a note (a date read from a number) says how the value was read: it stands
    problems = [
        index
        for index in range(before, len(cells.issues))
        if cells.issues[index].severity is not Severity.INFO
    ]
    if parsed is None or problems:
        used = _used_instead(name)
        for index in problems:
            issue = cells.issues[index]
            cells.issues[index] = replace(
                issue, code=Code.BAD_SETTING, message=f"{issue.message} ({used})"
            )
        return None
    return field_name, parsed


def _default(name: str) -> str:
    return next(setting.default for setting in SETTINGS_ROWS if setting.name == name)


def _used_instead(name: str) -> str:
    """What a setting pmkit cannot read is taken as, so the owner knows what the figures
    rest on: `3 is used`, `as if blank: today`."""
    setting = next(setting for setting in SETTINGS_ROWS if setting.name == name)
    if setting.default:
        return f"{setting.default} is used"
    return f"as if blank: {setting.blank_means}" if setting.blank_means else "as if blank"


def read_settings(grid: Grid) -> tuple[Settings, list[Issue], dict[str, Location]]:
    """The Settings sheet: `Setting` | `Value` rows (the header row itself is optional).

    Also returns where each setting's value sits, for findings about it later.
    """
    cells = Cells(grid.name, percent_cells=grid.percent_cells, dates_as_dates=grid.dates_as_dates)
    header_index = find_header_index(grid, ("Setting", "Value"))
    name_offset, value_offset = 0, 1
    if header_index is not None:
        header_row = [
            normalize_name(v) if isinstance(v, str) else "" for v in grid.rows[header_index]
        ]
        name_offset, value_offset = header_row.index("setting"), header_row.index("value")
    known = {normalize_name(setting.name): setting for setting in SETTINGS_ROWS}
    values: dict[str, Any] = {}
    seen: dict[str, int] = {}
    where: dict[str, Location] = {}
    start = 0 if header_index is None else header_index + 1
    for offset, row in enumerate(grid.rows[start:], start=start):
        name = row[name_offset] if name_offset < len(row) else None
        if not isinstance(name, str) or not name.strip():
            continue
        sheet_row = grid.first_row + offset
        value = row[value_offset] if value_offset < len(row) else None
        setting = known.get(normalize_name(name.rstrip().rstrip(":")))  # `Status date:`
        column = grid.first_column + value_offset
        if setting is None:
            cells.add(
                Severity.INFO,
                Code.UNKNOWN_SETTING,
                sheet_row,
                grid.first_column + name_offset,
                None,
                f"The setting '{name.strip()}' is not one pmkit knows; it is ignored",
            )
            continue
        if setting.field in seen:
            cells.add(
                Severity.WARNING,
                Code.BAD_SETTING,
                sheet_row,
                column,
                None,
                f"{setting.name} is set again (first on row {seen[setting.field]}); "
                "this row is used",
            )
        seen[setting.field] = sheet_row
        where[setting.field] = Location(grid.name, sheet_row, column)
        parsed = _setting_value(cells, setting.name, setting.kind, value, sheet_row, column)
        if parsed is not None:
            values[parsed[0]] = parsed[1]
    return Settings(**values), cells.issues, where
