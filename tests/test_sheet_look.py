"""SheetLook: how a front end that draws in another medium sees an output sheet."""

from __future__ import annotations

import pytest

from pmkit.outputs import Cell, CellKind, OutputSheet, Role, Row
from pmkit.outputs.palette import KIND_ALIGNMENT, KIND_FORMATS, Look, cell_style, money_format
from pmkit.outputs.sheet_look import SheetLook
from tests.report_support import sample_analysis

pytestmark = pytest.mark.parametrize("currency", [None, "USD", "CHF"])


def _sheet(currency: str | None) -> OutputSheet:
    return OutputSheet("Costs", (Row((Cell(1.5, CellKind.MONEY),)),), (10.0,), currency=currency)


def test_a_column_takes_its_kinds_format_and_alignment(currency: str | None) -> None:
    """A table column of each kind gets the palette's number format (money in the sheet's
    currency) and alignment, as the xlsx report writes them."""
    look = SheetLook(_sheet(currency))
    for kind in CellKind:
        style = look.column(kind)
        wanted = money_format(currency) if kind is CellKind.MONEY else KIND_FORMATS[kind]
        assert style.number_format == wanted
        assert (style.horizontal, style.indent) == tuple(KIND_ALIGNMENT[kind])


def test_each_cell_is_styled_as_the_palette_styles_it(currency: str | None) -> None:
    """Every cell of every output sheet gets the palette's style for its look, in the
    sheet's currency: the same answer the report file is written from."""
    from dataclasses import replace

    from pmkit.outputs import build_output_sheets
    from pmkit.outputs.palette import look_of

    for plain in build_output_sheets(sample_analysis()):
        sheet = replace(plain, currency=currency)
        look = SheetLook(sheet)
        for row in sheet.rows:
            for column, cell in enumerate(row.cells, start=1):
                expected = cell_style(
                    look_of(sheet, cell, row.role, column), money_format(currency)
                )
                assert look.cell(cell, row.role, column) == expected


def test_number_kinds_name_what_a_format_shows(currency: str | None) -> None:
    """Dates, percents, money and plain numbers are told apart for a medium that types
    its formats (Google Sheets); text has none."""
    look = SheetLook(_sheet(currency))
    kinds = {kind: look.column(kind).number_kind for kind in CellKind}
    assert kinds[CellKind.DATE] == "date"
    assert kinds[CellKind.PERCENT] == kinds[CellKind.AT_LEAST_PERCENT] == "percent"
    assert kinds[CellKind.MONEY] == "money"
    assert kinds[CellKind.INTEGER] == kinds[CellKind.RATIO] == "number"
    assert kinds[CellKind.TEXT] is None
    header = Look(Role.HEADER, CellKind.DATE, None, False, False, False, True)
    assert cell_style(header).number_kind == "date"  # the Gantt's time scale
