"""What a formula cell can hand a reader instead of a value: an Excel error, or nothing yet.

Front ends put these in a `Grid` where a formula has no usable value; every cell reader
turns them into a located finding. Standard library only: this also runs in Pyodide.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ExcelError", "UncalculatedFormula"]


@dataclass(frozen=True, slots=True)
class ExcelError:
    """A formula whose cached value is an Excel error such as `#REF!`."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class UncalculatedFormula(ExcelError):
    """A formula saved without its value (by a program that does not calculate formulas).

    `text` is the formula, when known. It is an `ExcelError` so that every reader that
    cannot take a value from an error cannot take one from this either.
    """

    def __str__(self) -> str:
        return f"={self.text}" if self.text else "a formula"
