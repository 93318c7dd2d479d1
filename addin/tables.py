"""Task ids as Excel looks them up: `PM_SCHEDULE` and `PM_FLAGS` give whole-number ids back
as numbers, so a lookup against the Plan's ID column matches. Standard library only.
"""

from __future__ import annotations

from typing import TypeVar

__all__ = ["excel_id"]

_Shown = TypeVar("_Shown")


def excel_id(value: _Shown) -> _Shown | int:
    """Task ids that are whole numbers go back as numbers, so lookups match the Plan.

    >>> excel_id("7"), excel_id("7a"), excel_id(None)
    (7, '7a', None)
    """
    if isinstance(value, str) and value.isdigit() and len(value) < 16:
        return int(value)
    return value
