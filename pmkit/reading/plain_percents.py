"""A percentage typed as a plain number: what the column's other plain numbers say it means.

In a cell not formatted as a percentage, 50 can only be a whole percent and 0.5 only a
fraction (50 %), but some numbers could be either: 1 in % Complete is 100 % or 1 %, 3 in
a Capacity is 300 % (three people's weeks) or 3 %. The number alone cannot say which; the
owner's other plain numbers in that column can, since an owner types a column one way. A
file whose formats were lost on the way (a bare export, a sheet pasted as values, a plan
typed without the template) shows them all. Standard library only.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

__all__ = ["PlainNumbers", "plain_numbers"]


@dataclass(frozen=True, slots=True)
class PlainNumbers:
    """What a column's plain numbers (in cells not formatted as a percentage) show.

    `whole` and `fraction` are the first (sheet row, value) that can only be a whole
    percent (50) and only a fraction (0.5); `doubtful` the indexes of values that could be
    either (1 ≤ value ≤ the column's top as a fraction).
    """

    whole: tuple[int, float] | None
    fraction: tuple[int, float] | None
    doubtful: tuple[int, ...]

    @property
    def reads_whole(self) -> bool:
        """The column's plain numbers are whole percents: 1 is 1 %, 3 is 3 %."""
        return self.whole is not None and self.fraction is None

    @property
    def reads_fraction(self) -> bool:
        """The column's plain numbers are fractions: 3 is 300 %."""
        return self.fraction is not None and self.whole is None


def plain_numbers(
    values: Sequence[object],
    rows: Sequence[int],
    column: int,
    percent_cells: Container[tuple[int, int]],
    maximum: float,
) -> PlainNumbers | None:
    """The column's evidence, or None when no plain number in it is in doubt or nothing in
    it could settle one (the common case: formats are asked about only then).

    >>> plain_numbers([50.0, 1.0], [2, 3], 6, frozenset(), 1.0)
    PlainNumbers(whole=(2, 50.0), fraction=None, doubtful=(1,))
    """
    ones: list[int] = []
    above_one: list[int] = []  # 1 < value ≤ maximum: only where the top is above 100 %
    wholes: list[int] = []
    fractions: list[int] = []
    for index, value in enumerate(values):
        if type(value) is not float and type(value) is not int:
            continue
        if value == 1:
            ones.append(index)
        elif 1 < value <= maximum:
            above_one.append(index)
        elif maximum < value <= maximum * 100:
            wholes.append(index)
        elif 0 < value < 1:
            fractions.append(index)
    # Only a whole percent changes what a 1 means (100 % otherwise); a 3 is changed by
    # either. Nothing else asks about a format: a Google sheet costs no extra read.
    doubtful = (ones if wholes else []) + (above_one if wholes or fractions else [])
    if not doubtful:
        return None

    def plain(index: int) -> bool:
        return (rows[index], column) not in percent_cells

    in_doubt = tuple(sorted(index for index in doubtful if plain(index)))
    if not in_doubt:
        return None
    # Every candidate is asked about, not only up to the first plain one: the Google sync
    # learns which cells' formats to fetch from what a first read asks.
    whole = [(rows[i], float(values[i])) for i in wholes if plain(i)]  # type: ignore[arg-type]
    fraction = [(rows[i], float(values[i])) for i in fractions if plain(i)]  # type: ignore[arg-type]
    return PlainNumbers(whole[0] if whole else None, fraction[0] if fraction else None, in_doubt)
