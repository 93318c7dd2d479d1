"""Nothing lost: `report --in-place` and Set baseline keep every part of the owner's
workbook; whatever goes through openpyxl (the fallback writer) keeps every part or refuses
and leaves the file byte-identical."""

from __future__ import annotations

import os
import re
import warnings
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.packaging.custom import StringProperty
from openpyxl.worksheet.formula import ArrayFormula

import pmkit.report.workbook as workbook_module
from pmkit.cli import main
from pmkit.engine.errors import WriteRefusedError
from pmkit.engine.schema import REPORT_SHEETS
from pmkit.files import backup_path
from pmkit.report.package import PackageLayoutError
from pmkit.report.parts import Feature, inventory
from pmkit.report.safe_write import find_losses
from pmkit.template.regenerate import write_sample
from tests.builders import as_libreoffice_saves_it
from tests.file_writers import baseline_file, report_file
from tests.owner_workbook import EXTRAS, VBA_BYTES, build_owner_workbook

OUTPUTS = REPORT_SHEETS  # the owner workbook's tasks have owners: Workload too
KEPT = ("macros", "external-link", "pivot")
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


def _read_back(path: Path, **options: bool) -> openpyxl.Workbook:
    """`path` read back by openpyxl, which warns that it skips the Excel 2010 extensions
    (sparklines, slicers, x14 validation): those are compared as zip parts instead."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "(.* )?extension is not supported", UserWarning)
        return openpyxl.load_workbook(path, **options)


def _snapshot(path: Path) -> dict[str, Any]:
    """Every value, formula and piece of formatting an owner could have set, sheet by sheet."""
    wb = _read_back(path, keep_vba=path.suffix == ".xlsm", rich_text=True)
    sheets = {}
    for ws in wb.worksheets:
        if ws.title in OUTPUTS:
            continue
        sheets[ws.title] = {
            "cells": {
                c.coordinate: (
                    _value(c.value),
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
            # openpyxl's stubs leave TableList.items unannotated.
            "tables": dict(ws.tables.items()),  # type: ignore[no-untyped-call]
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


def _value(value: object) -> object:
    if isinstance(value, ArrayFormula):
        return ("array", value.ref, value.text)
    return str(value)


def _non_output(counter: Counter[Feature]) -> Counter[Feature]:
    return Counter({f: n for f, n in counter.items() if f.sheet not in OUTPUTS})


def _temporary_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.startswith(".~")]


EDITED_PARTS = {
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "[Content_Types].xml",
    "xl/styles.xml",
}


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize(
    "extras",
    [
        pytest.param(frozenset(), id="plain"),
        *(pytest.param(frozenset({extra}), id=extra) for extra in EXTRAS),
        pytest.param(frozenset(EXTRAS), id="everything"),
    ],
)
def test_in_place_report_keeps_every_cell_and_part(tmp_path: Path, extras: frozenset[str]) -> None:
    """After report --in-place every input cell, rule and part is unchanged: parts byte for
    byte, except the four that list sheets and styles, which only grow."""
    path = build_owner_workbook(tmp_path / "plan", extras)
    original = path.read_bytes()
    before, parts_before = _snapshot(path), _non_output(inventory(path))
    report_file(path, in_place=True)
    assert _snapshot(path) == before
    assert _non_output(inventory(path)) == parts_before
    old, new = _parts(backup_path(path)), _parts(path)
    for name, data in old.items():
        if name not in EDITED_PARTS:
            assert new[name] == data, name
    old_xfs = re.search(rb"<cellXfs[^>]*>(.*?)</cellXfs>", old["xl/styles.xml"], re.S)
    assert old_xfs is not None
    assert old_xfs.group(1) in new["xl/styles.xml"]
    assert backup_path(path).read_bytes() == original
    assert set(OUTPUTS) <= set(_read_back(path).sheetnames)
    if "macros" in extras:
        assert new["xl/vbaProject.bin"] == VBA_BYTES
    assert not _temporary_files(tmp_path)


def test_in_place_report_twice_replaces_the_output_sheets(tmp_path: Path) -> None:
    """Re-running replaces the output sheets whole, in the same places; inputs stay."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({"chart"}))
    report_file(path, in_place=True)
    first = _read_back(path).sheetnames
    before = _snapshot(path)
    parts = _parts(path)
    report_file(path, in_place=True)
    assert _read_back(path).sheetnames == first
    assert _snapshot(path) == before
    assert _parts(path).keys() == parts.keys()


@pytest.mark.parametrize(
    "extras",
    [
        *(pytest.param(frozenset({extra}), id=extra) for extra in EXTRAS),
        pytest.param(frozenset(EXTRAS), id="everything"),
    ],
)
def test_baseline_keeps_every_cell_and_part(tmp_path: Path, extras: frozenset[str]) -> None:
    """Set baseline writes straight into the package too: every input cell, rule and part
    is unchanged but the Plan's new baseline cells; the parts it does not edit byte for byte."""
    path = build_owner_workbook(tmp_path / "plan", extras)
    before, parts_before = _snapshot(path), _non_output(inventory(path))
    assert main(["baseline", str(path)]) == 0
    after = _snapshot(path)
    plan = after["sheets"]["Plan"]
    plan["cells"] = {ref: cell for ref, cell in plan["cells"].items() if ref[0] not in "IJKL"}
    plan["tables"] = before["sheets"]["Plan"]["tables"]  # grown over the new columns
    after["order"] = [name for name in after["order"] if name != "Baseline"]
    del after["sheets"]["Baseline"]
    assert after == before
    grown = _non_output(inventory(path))
    assert all(grown[f] >= n for f, n in parts_before.items())
    old, new = _parts(backup_path(path)), _parts(path)
    for name, data in old.items():
        if name not in {*EDITED_PARTS, "xl/worksheets/sheet1.xml", "xl/tables/table1.xml"}:
            assert new[name] == data, name
    if "macros" in extras:
        assert new["xl/vbaProject.bin"] == VBA_BYTES
    assert not _temporary_files(tmp_path)


@pytest.mark.parametrize("extra", [pytest.param(e, id=e) for e in REFUSED])
def test_baseline_through_openpyxl_refuses_what_it_would_lose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    """A package the direct writer cannot edit sends Set baseline through openpyxl: a part
    it cannot keep makes the run refuse, naming it; the file is untouched, byte for byte."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({extra}))
    original = path.read_bytes()
    monkeypatch.setattr(workbook_module, "graft_sheets", _cannot)
    with pytest.raises(WriteRefusedError, match="was not changed") as refused:
        baseline_file(path)
    assert REFUSAL_WORDS[extra] in str(refused.value)
    assert path.read_bytes() == original
    assert not backup_path(path).exists()
    assert not _temporary_files(tmp_path)


@pytest.mark.parametrize("extras", [pytest.param(frozenset(KEPT), id="macros-link-pivot")])
def test_baseline_through_openpyxl_keeps_what_it_keeps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extras: frozenset[str]
) -> None:
    """Through openpyxl, macros (keep_vba), links to other workbooks and pivot tables
    survive Set baseline."""
    path = build_owner_workbook(tmp_path / "plan", extras)
    parts_before = _non_output(inventory(path))
    monkeypatch.setattr(workbook_module, "graft_sheets", _cannot)
    baseline_file(path)
    after = _non_output(inventory(path))
    assert all(after[f] >= n for f, n in parts_before.items() if f.sheet != "Baseline")
    assert _parts(path)["xl/vbaProject.bin"] == VBA_BYTES


def test_everything_an_owner_might_add_is_kept_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbook with every extra at once: the report and Set baseline keep it all;
    through openpyxl Set baseline refuses, byte-identical."""
    path = build_owner_workbook(tmp_path / "plan", frozenset(EXTRAS))
    original = path.read_bytes()
    with monkeypatch.context() as patched:
        patched.setattr(workbook_module, "graft_sheets", _cannot)
        assert main(["baseline", str(path)]) == 2
    assert path.read_bytes() == original
    assert main(["report", str(path), "--in-place"]) in (0, 1)
    assert main(["baseline", str(path)]) == 0
    assert not _temporary_files(tmp_path)


def test_refusal_message_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line prints the reason and the way out, and no traceback."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({"chart"}))
    monkeypatch.setattr(workbook_module, "graft_sheets", _cannot)
    assert main(["baseline", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "1 chart on sheet Dashboard" in err
    assert "Set baseline button" in err
    assert "Traceback" not in err


def _cannot(*args: object, **kwargs: object) -> None:
    raise PackageLayoutError("unexpected layout")


def test_report_falls_back_to_openpyxl_with_its_refusal_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package the direct writer cannot edit goes through openpyxl, which refuses on a chart."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({"chart"}))
    original = path.read_bytes()

    monkeypatch.setattr(workbook_module, "graft_sheets", _cannot)
    with pytest.raises(WriteRefusedError, match="1 chart on sheet Dashboard"):
        report_file(path, in_place=True)
    assert path.read_bytes() == original
    plain = build_owner_workbook(tmp_path / "plain", frozenset())
    assert report_file(plain, in_place=True).backup is not None


def test_xlsx_copy_of_a_macro_workbook_says_what_it_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An .xlsx report of an .xlsm plan is rebuilt without VBA; the note names what is missing."""
    path = build_owner_workbook(tmp_path / "plan", frozenset({"macros", "image"}))
    original = path.read_bytes()
    assert main(["report", str(path), "-o", str(tmp_path / "report.xlsx")]) in (0, 1)
    err = capsys.readouterr().err
    assert "1 picture on sheet Plan" in err
    assert "1 VBA macro project" in err
    assert path.read_bytes() == original


def test_failed_save_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the final rename fails (file open in Excel), the plan is unchanged."""
    path = build_owner_workbook(tmp_path / "plan", frozenset())
    original = path.read_bytes()

    real_replace = os.replace

    def locked(src: object, dst: object) -> None:
        if Path(str(dst)) == path:
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(WriteRefusedError, match="close it and try again"):
        report_file(path, in_place=True)
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
        pytest.param("pivot", Feature("pivot table", "My notes"), id="pivot"),
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


def test_inventory_counts_a_name_per_scope_and_custom_properties_by_property(
    tmp_path: Path,
) -> None:
    """Print titles LibreOffice writes twice are one name; its empty custom properties part
    holds no property; a real property is counted, so losing it is still a loss."""
    path = write_sample(tmp_path / "plan.xlsx")
    before = inventory(path)
    assert before[Feature("print titles or area", "Plan")] == 1  # rows and columns: `$1:$1,$A:$B`
    after = inventory(as_libreoffice_saves_it(path))
    assert after == before
    book = openpyxl.Workbook()
    book.custom_doc_props.append(  # type: ignore[attr-defined]  # openpyxl stubs lag
        StringProperty(name="Client", value="ACME")
    )
    book.save(tmp_path / "props.xlsx")
    assert inventory(tmp_path / "props.xlsx")[Feature("custom document property")] == 1
