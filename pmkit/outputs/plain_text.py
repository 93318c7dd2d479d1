"""Owner text stays text: no writer of pmkit ever turns a task name into a formula.

Task names, notes, owners and flag messages come from people pmkit does not control (an
owner, a vendor's Microsoft Project file). Each kind of writer needs its own means to
the one rule, and they all live here:

* openpyxl (`keep_as_text`): openpyxl stores any text starting with `=` as a formula, and
  text such as `#N/A` as an Excel error; the cell is marked as plain text instead.
* Excel through xlwings (`typed_text`): Excel reads a value put into a cell as if it were
  typed, so `=HYPERLINK(…)` runs and `1.10` becomes 1.1. A leading apostrophe is Excel's
  own "this is text" mark (the quote prefix): it is not part of the value.
* CSV (`csv_field`): a spreadsheet opening the file starts a formula at `=`, `+`, `-`,
  `@`, tab or carriage return (`+cmd|' /C calc'!A0` is a DDE payload). OWASP's
  CSV-injection advice: put an apostrophe before such text. Numbers stay numbers: only
  text fields are touched, and text that is just a signed number (an ID `-1`) is left
  alone, as nothing runs from it.

The Google Sheets writer sends text as `stringValue`, which Sheets never parses, and
the XML writers (the report's package writer, Microsoft Project XML) write escaped text.
Standard library only: this also runs in Pyodide.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

__all__ = ["FORMULA_STARTS", "csv_field", "keep_as_text", "starts_like_formula", "typed_text"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Characters with which a spreadsheet program may read a CSV field as a formula (OWASP)."""

_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)


class _OpenpyxlCell(Protocol):
    @property
    def value(self) -> Any: ...

    data_type: str


def starts_like_formula(text: str) -> bool:
    """True when a spreadsheet could read `text` as the start of a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_field(value: object) -> object:
    """`value` as a CSV field that no spreadsheet runs: `=1+1` → `'=1+1`; numbers unchanged.

    >>> csv_field("=HYPERLINK(\\"http://x\\")"), csv_field(-3), csv_field("-3"), csv_field("Build")
    ('\\'=HYPERLINK("http://x")', -3, '-3', 'Build')
    """
    if isinstance(value, str) and starts_like_formula(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def typed_text(value: object) -> object:
    """`value` as it must be handed to Excel (xlwings) to arrive unchanged: text is quoted.

    >>> typed_text("=1+1"), typed_text("1.10"), typed_text(7.0), typed_text("")
    ("'=1+1", "'1.10", 7.0, '')
    """
    if isinstance(value, str) and value:
        return "'" + value
    return value


def keep_as_text(cell: _OpenpyxlCell) -> None:
    """Mark an openpyxl cell holding text as text (not a formula, not an error value)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
