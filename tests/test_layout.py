"""Row heights for wrapped text, as every writer (xlsx and Google) sets them."""

from __future__ import annotations

import pytest

from pmkit.outputs.cells import Cell, OutputSheet, Row
from pmkit.outputs.layout import row_height

ACTION = (
    "You: Approve or reject the change nobody approved (task 3): decide each on the Changes sheet"
)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        pytest.param("On track.", 1, id="short"),
        pytest.param(ACTION, 3, id="broken-between-words"),
        pytest.param("first line\nsecond line", 2, id="new-line"),
        pytest.param("x" * 100, 3, id="one-long-word"),
    ],
)
def test_wrapped_row_has_room_for_each_line(text: str, lines: int) -> None:
    """A 40-wide wrapped column breaks between words, as viewers do: the 93 characters of
    a first action take three lines there (cut anywhere they would fit in two)."""
    sheet = OutputSheet("S", (Row((Cell("a"), Cell(text))),), (10, 40), wrap_columns=frozenset({2}))
    assert row_height(sheet, 1) == (15.0 * lines + 2 if lines > 1 else None)
