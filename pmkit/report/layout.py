"""The layout rules, as the xlsx writers import them.

They are defined once, for every writer (the xlsx report and the Google sync), in
`pmkit.outputs.layout` and `pmkit.outputs.palette`; this module only re-exports them
under the names the report's writers have always used.
"""

from __future__ import annotations

from pmkit.engine.issues import column_letter
from pmkit.outputs.layout import (
    RowOutline,
    auto_filter_ref,
    filter_box,
    freeze_cell,
    merged_columns,
    merged_range,
    page_setup,
    print_title_rows,
    row_height,
    row_outlines,
)
from pmkit.outputs.palette import Look, look_of

__all__ = [
    "Look",
    "RowOutline",
    "auto_filter_ref",
    "column_letter",
    "filter_box",
    "freeze_cell",
    "look_of",
    "merged_columns",
    "merged_range",
    "page_setup",
    "print_title_rows",
    "row_height",
    "row_outlines",
]
