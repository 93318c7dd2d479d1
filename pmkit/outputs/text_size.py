"""How much room text takes in a cell: its width in column units, its wrapped lines.

Spreadsheet programs do not fit the height of wrapped rows a program wrote, nor tell
anyone how wide a text is, so every writer sizes rows and checks columns with this one
estimate (Calibri 11, measured on LibreOffice's rendering with Carlito, Calibri's metric
twin; it errs towards a line too many, never too few).

>>> text_lines("Unapproved scope growth (days)", 18)
2
>>> fits("Wed 30 Sep 2026", 16)
True
"""

from __future__ import annotations

__all__ = ["INDENT_UNITS", "LINE_POINTS", "fits", "text_height", "text_lines", "text_units"]

LINE_POINTS = 15.0
"""Points per line of 11-point text."""
_USABLE = 0.95
"""Share of a column's width that text may fill: a margin for the estimate's error (a
column of width w is 7w + 5 pixels, of which the cell's own padding takes about 4)."""
_PADDING_UNITS = 1 / 7
"""A column of width w is 7w + 5 pixels; the cell's padding takes 4 of them."""
INDENT_UNITS = 1.3
"""Column units one step of indent takes."""
_BOLD = 1.05
"""Bold Calibri is this much wider."""

# Widths in column units (7 pixels: a digit of Calibri 11 is 7.4), measured on Carlito,
# Calibri's metric twin, as LibreOffice prints it.
_UNITS = {
    **dict.fromkeys("iljI.,:;'|! ", 0.5),
    **dict.fromkeys("ftr()[]-/", 0.7),
    **dict.fromkeys("cgkszvyxJ“”‘’", 0.92),
    **dict.fromkeys("0123456789FLSTPEZ", 1.06),
    **dict.fromkeys("ODGHNQUV", 1.33),
    **dict.fromkeys("mw%", 1.6),
    **dict.fromkeys("MW", 1.82),
    "→": 1.9,
}
_LOWER, _OTHER = 1.08, 1.18


class _Widths(dict[str, float]):
    """Each character's width, looked up once (a 10,000-task report sizes ~10,000 rows)."""

    def __missing__(self, character: str) -> float:
        found = _UNITS.get(character)
        if found is None:
            found = _LOWER if character.islower() else _OTHER
        self[character] = found
        return found


_WIDTHS = _Widths()


def text_units(text: str, *, bold: bool = False, points: float = 11.0) -> float:
    """Rough printed width of `text` in column units (Calibri 11: 7 pixels)."""
    units = sum(map(_WIDTHS.__getitem__, text))
    return units * (_BOLD if bold else 1.0) * points / 11.0


def text_lines(
    text: str,
    width_chars: float,
    *,
    indent_chars: float = 0.0,
    bold: bool = False,
    points: float = 11.0,
) -> int:
    """Lines `text` wraps onto, word by word, in a column `width_chars` wide."""
    usable = max(width_chars * _USABLE - indent_chars * INDENT_UNITS, 1.0)
    space = text_units(" ", bold=bold, points=points)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            length = text_units(word, bold=bold, points=points)
            if used and used + space + length > usable:
                lines += 1
                used = 0.0
            if length > usable:  # a word longer than a line takes lines of its own
                whole, used = divmod(length, usable)
                lines += int(whole) - (used == 0)
                used = used or usable
            else:
                used += (space if used else 0.0) + length
    return max(lines, 1)


def text_height(
    text: str,
    width_chars: float,
    *,
    line_height: float = LINE_POINTS,
    indent_chars: float = 0.0,
    bold: bool = False,
) -> float:
    """Row height (points) that shows `text` wrapped in a column `width_chars` wide."""
    return text_lines(text, width_chars, indent_chars=indent_chars, bold=bold) * line_height + 3


def fits(text: str, width_chars: float, *, indent_chars: float = 0.0, bold: bool = False) -> bool:
    """Whether `text` fits on one line of a column `width_chars` wide (a figure that does
    not shows as ### in Excel). Measured as the widths are, without the wrapping's margin
    of error: a column is 7w + 5 pixels, less 4 of the cell's own padding."""
    room = width_chars + _PADDING_UNITS - indent_chars * INDENT_UNITS
    return text_units(text, bold=bold) <= room
