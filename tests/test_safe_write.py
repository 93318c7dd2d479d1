"""Nothing lost: `report --in-place` keeps every part of the owner's workbook, or refuses
and leaves the file byte-identical."""

from __future__ import annotations

import os
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pmkit.cli import main
from pmkit.errors import WriteRefusedError
from pmkit.report import write_report
from pmkit.report.parts import Feature, inventory
from pmkit.report.safe_write import backup_path, find_losses
from tests.owner_workbook import EXTRAS, VBA_BYTES, build_owner_workbook

OUTPUTS = ("Summary", "Schedule", "Flags", "Gantt")
KEPT = ("macros", "external-link")
REFUSED = tuple(extra for extra in EXTRAS if extra not in KEPT)
REFUSAL_WORDS = {
    "chart": "1 chart on sheet Dashboard",
    "image": "1 picture on sheet Plan",
    "slicer": "1 slicer on sheet Plan",
    "sparkline": "1 sparkline group on sheet Plan",
    "threaded-comment": "1 threaded comment",
    "custom-xml": "1 custom XML part",
    "form-control": "1 form control on sheet Plan",
    "dynamic-array": "1 spilled formula (dynamic array) on sheet My notes",
    "x14-validation": "1 Excel 2010 data validation rule",
}


def _snapshot(path: Path) -> dict[str, Any]:
    """Every value, formula and piece of formatting an owner could have set, sheet by sheet."""
    wb = openpyxl.load_workbook(path, keep_vba=path.suffix == ".xlsm", rich_text=True)
    sheets = {}
    for ws in wb.worksheets:
        if ws.title in OUTPUTS:
            continue
        sheets[ws.title] = {
            "cells": {
                c.coordinate: (
                    str(c.value),
                    c.number_format,
                    c.font.b,
                    c.font.color.rgb if c.font.color else None,
                    c.fill.fgColor.rgb,
                    c.comment.text if c.comment else None,
                )
                for row in ws.iter_rows()
                for c in row
                if c.value is not None or c.has_style
            },
            "validations": [
                (str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation
            ],
            "conditional": [
                (str(cf.sqref), [r.formula for r in cf.rules]) for cf in ws.conditional_formatting
            ],
            "tables": dict(ws.tables.items()),
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "freeze": ws.freeze_panes,
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
        }
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    return {
        "sheets": sheets,
        "names": names,
        "order": [s for s in wb.sheetnames if s not in OUTPUTS],
    }


def _non_output(counter: Counter[Feature]) -> Counter[Feature]:
    return Counter({f: n for f, n in counter.items() if f.sheet not in OUTPUTS})


def _temporary_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.startswith(".~")]


@pytest.mark.parametrize(
    "extras",
    [
        pytest.param(frozenset(), id="plain"),
        pytest.param(frozenset({"macros"}), id="xlsm-macros"),
        pytest.param(frozenset({"external-link"}), id="external-link"),
        pytest.param(frozenset(KEPT), id="macros-and-link"),
    ],
)
def test_in_place_report_keeps_every_cell_and_part(tmp_path: Path, extras: frozenset[str]) -> None:
    """After report --in-place, every input cell, format, rule and part is unchanged."""
    path = build_owner_workbook(tmp_path / "plan", extras)
    original = path.read_bytes()
    before, parts_before = _snapshot(path), _non_output(inventory(path))
    write_report(path, in_place=True)
    assert _snapshot(path) == before
    assert _non_output(inventory(path)) == parts_before
    assert backup_path(path).read_bytes() == original
    assert set(OUTPUTS) <= set(openpyxl.load_workbook(path).sheetnames)
    if "macros" in extras:
        with zipfile.ZipFile(path) as archive:
            assert archive.read("xl/vbaProject.bin") == VBA_BYTES
            assert "macroEnabled" in archive.read("[Content_Types].xml").decode()
    assert not _temporary_files(tmp_path)


def test_in_place_report_twice_replaces_the_output_sheets(tmp_path: Path) -> None:
    """Re-running replaces the output sheets whole, in the same places; inputs stay."""
    path = build_owner_workbook(tmp_path / "plan", frozenset())
    write_report(path, in_place=True)
    first = openpyxl.load_workbook(path).sheetnames
    before = _snapshot(path)
    write_report(path, in_place=True)
    assert openpyxl.load_workbook(path).sheetnames == first
    assert _snapshot(path) == before


@pytest.mark.parametrize("extra", [pytest.param(e, id=e) for e in REFUSED])
def test_in_place_report_refuses_what_openpyxl_would_lose(tmp_path: Path, extra: str) -> None:
    """A part openpyxl cannot keep makes the run refuse, naming it; the file is untouched."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({extra}))
    original = path.read_bytes()
    with pytest.raises(WriteRefusedError, match="was not changed") as refused:
        write_report(path, in_place=True)
    assert REFUSAL_WORDS[extra] in str(refused.value)
    assert path.read_bytes() == original
    assert not backup_path(path).exists()
    assert not _temporary_files(tmp_path)


def test_everything_an_owner_might_add_is_kept_or_refused(tmp_path: Path) -> None:
    """The workbook with every extra at once: refused, byte-identical, all losses named."""
    path = build_owner_workbook(tmp_path / "plan", frozenset(EXTRAS))
    original = path.read_bytes()
    code = main(["report", str(path), "--in-place"])
    assert code == 2
    assert path.read_bytes() == original
    assert not _temporary_files(tmp_path)


def test_refusal_message_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line prints the reason and the way out, and no traceback."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({"chart"}))
    assert main(["report", str(path), "--in-place"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "1 chart on sheet Dashboard" in err
    assert "Use -o" in err
    assert "Traceback" not in err


def test_report_copy_of_a_workbook_with_a_chart_is_written_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The separate report copy is still written; what it lacks is said, the plan untouched."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({"image"}))
    original = path.read_bytes()
    assert main(["report", str(path)]) == 0
    assert (tmp_path / "plan-report.xlsx").exists()
    assert "lacks 1 picture on sheet Plan" in capsys.readouterr().err
    assert path.read_bytes() == original


def test_failed_save_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the final rename fails (file open in Excel), the plan is unchanged."""
    path = build_owner_workbook(tmp_path / "plan", frozenset())
    original = path.read_bytes()

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(WriteRefusedError, match="close it and try again"):
        write_report(path, in_place=True)
    assert path.read_bytes() == original
    assert not _temporary_files(tmp_path)


@pytest.mark.parametrize(
    ("before", "after", "kwargs", "expected"),
    [
        pytest.param(
            {Feature("table", "Plan"): 1}, {Feature("table", "Plan"): 1}, {}, [], id="kept"
        ),
        pytest.param(
            {Feature("table", "Plan"): 2},
            {Feature("table", "Plan"): 1},
            {},
            ["1 table on sheet Plan"],
            id="one-lost",
        ),
        pytest.param(
            {Feature("hyperlink", "Flags"): 9}, {}, {"replaced": ["flags"]}, [], id="replaced-sheet"
        ),
        pytest.param(
            {Feature("table", "Baseline"): 1},
            {Feature("table", "Baseline 1"): 1},
            {"renamed": {"Baseline": "Baseline 1"}},
            [],
            id="renamed-sheet",
        ),
        pytest.param(
            {Feature("chart", "Dash"): 2},
            {Feature("chart", "Dash"): 2},
            {},
            ["2 charts on sheet Dash"],
            id="chart-rebuilt",
        ),
        pytest.param(
            {Feature("VBA macro project"): 1}, {}, {}, ["1 VBA macro project"], id="workbook-level"
        ),
    ],
)
def test_find_losses(
    before: dict[Feature, int],
    after: dict[Feature, int],
    kwargs: dict[str, Any],
    expected: list[str],
) -> None:
    """Losses are counted per sheet, outside replaced sheets, following renames."""
    assert find_losses(Counter(before), Counter(after), **kwargs) == expected


@pytest.mark.parametrize(
    ("extra", "feature"),
    [
        pytest.param("chart", Feature("chart", "Dashboard"), id="chart"),
        pytest.param("image", Feature("picture", "Plan"), id="image"),
        pytest.param("macros", Feature("VBA macro project"), id="macros"),
        pytest.param("slicer", Feature("slicer", "Plan"), id="slicer"),
        pytest.param("external-link", Feature("link to another workbook"), id="external-link"),
        pytest.param("custom-xml", Feature("custom XML part"), id="custom-xml"),
    ],
)
def test_inventory_names_parts_by_sheet(tmp_path: Path, extra: str, feature: Feature) -> None:
    """The inventory finds each kind of part and the sheet it belongs to."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({extra}))
    assert inventory(path)[feature] == 1


def test_inventory_counts_the_owners_rules(tmp_path: Path) -> None:
    """Validations, conditional formats, tables, comments, names and merges are counted."""
    found = inventory(build_owner_workbook(tmp_path / "plan", frozenset()))
    assert found[Feature("data validation rule", "Plan")] == 1
    assert found[Feature("conditional format", "Plan")] == 1
    assert found[Feature("table", "Plan")] == 1
    assert found[Feature("comment", "Plan")] == 1
    assert found[Feature("defined name")] == 1
    assert found[Feature("merged range", "My notes")] == 1


@pytest.mark.parametrize(
    ("kind", "count", "text"),
    [
        pytest.param("chart", 2, "2 charts on sheet X", id="plural"),
        pytest.param(
            "link to another workbook", 3, "3 links to another workbook on sheet X", id="of-phrase"
        ),
        pytest.param(
            "spilled formula (dynamic array)",
            2,
            "2 spilled formulas (dynamic array) on sheet X",
            id="parenthesis",
        ),
        pytest.param("custom ribbon", 1, "1 custom ribbon on sheet X", id="singular"),
    ],
)
def test_feature_descriptions_read_naturally(kind: str, count: int, text: str) -> None:
    """Counts and plurals read like a sentence."""
    assert Feature(kind, "X").describe(count) == text
