"""pmkit replaces only sheets it can prove it wrote: the mark every writer sets, sheets of
an older pmkit recognised by their layout, Strict Open XML and .ods refused with one
sentence, and the Excel buttons held to the same rule."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from addin import buttons
from addin.xlwings_workbook import XlwingsWorkbook
from pmkit.cli import main
from pmkit.engine.schema import (
    OUTPUT_SHEETS,
    REPORT_SHEETS,
)  # the owner workbook's tasks have owners
from pmkit.report.ownership import (
    OUTPUT_MARKER,
    ExistingSheet,
    SheetKind,
    check_claims,
)
from tests.addin.fake_xlwings import FakeBook
from tests.builders import rewrite_part
from tests.entry_points import ALL, FOLDER_SYNC, READERS, WRITERS, EntryPoint, params
from tests.owner_workbook import build_owner_workbook


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    return build_owner_workbook(folder / "plan", frozenset())


def marked(path: Path) -> set[str]:
    """The sheets carrying pmkit's mark (a hidden sheet-scoped `PMKIT_OUTPUT`)."""
    book = openpyxl.load_workbook(path)
    return {
        ws.title
        for ws in book.worksheets
        if OUTPUT_MARKER in ws.defined_names and ws.defined_names[OUTPUT_MARKER].hidden
    }


def strip_marks(path: Path) -> None:
    """Make the workbook look as an older pmkit (before the mark) left it."""
    rewrite_part(
        path,
        "xl/workbook.xml",
        lambda xml: re.sub(rb'<definedName name="PMKIT_[A-Z]+"[^>]*>[^<]*</definedName>', b"", xml),
    )


# -- the mark ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "written"),
    [
        pytest.param(["report", "{plan}", "--in-place"], REPORT_SHEETS, id="report-in-place"),
        pytest.param(["report", "{plan}", "-o", "{out}.xlsx"], REPORT_SHEETS, id="report-copy"),
        pytest.param(["baseline", "{plan}"], ("Baseline",), id="baseline"),
        pytest.param(["excel", "{plan}", "--in-place"], ("Dashboard", "xlwings.conf"), id="excel"),
    ],
)
def test_every_writer_marks_the_sheets_it_writes(
    plan: Path, tmp_path: Path, argv: list[str], written: tuple[str, ...]
) -> None:
    """Each sheet a command writes carries the hidden mark; the owner's sheets do not."""
    out = tmp_path / "out"
    args = [a.format(plan=plan, out=out) for a in argv]
    assert main(args) in (0, 1)
    target = Path(f"{out}.xlsx") if "-o" in args else plan
    assert marked(target) == set(written)


def test_the_openpyxl_fallback_marks_its_sheets_and_the_copy(tmp_path: Path) -> None:
    """An .xlsx report of an .xlsm plan (rebuilt by openpyxl) is marked just the same."""
    plan = build_owner_workbook(tmp_path / "plan", frozenset({"macros"}))
    out = tmp_path / "report.xlsx"
    assert main(["report", str(plan), "-o", str(out)]) in (0, 1)
    assert marked(out) == set(REPORT_SHEETS)
    assert "PMKIT_REPORT" in openpyxl.load_workbook(out).defined_names


def test_the_folder_sync_marks_its_sheets(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The nightly sync's output sheets (schema.OUTPUT_SHEETS) carry the mark."""
    assert not FOLDER_SYNC.run(plan, tmp_path, capsys).refused
    assert marked(plan) == set(OUTPUT_SHEETS)


def test_a_marked_sheet_is_replaced_whatever_it_holds_now(plan: Path) -> None:
    """A sheet pmkit wrote stays pmkit's: typing into it does not make it the owner's."""
    assert main(["report", str(plan), "--in-place"]) in (0, 1)
    book = openpyxl.load_workbook(plan)
    book["Summary"]["A1"] = "My board notes"
    book.save(plan)
    assert main(["report", str(plan), "--in-place"]) in (0, 1)
    assert str(openpyxl.load_workbook(plan)["Summary"]["A1"].value).endswith("project status")


# -- sheets written before the mark ----------------------------------------------------------


def test_sheets_an_older_pmkit_wrote_are_recognised_and_marked(plan: Path) -> None:
    """Output sheets without the mark but in pmkit's layout are replaced, and marked now."""
    assert main(["report", str(plan), "--in-place"]) in (0, 1)
    strip_marks(plan)
    assert marked(plan) == set()
    assert main(["report", str(plan), "--in-place"]) in (0, 1)
    assert marked(plan) == set(REPORT_SHEETS)


def test_an_owners_sheet_with_blank_first_rows_is_theirs(plan: Path) -> None:
    """A Summary whose first two rows are blank but which holds cells below is the owner's."""
    book = openpyxl.load_workbook(plan)
    book.create_sheet("Summary")["A5"] = "Q3 figures"
    book.save(plan)
    original = plan.read_bytes()
    assert main(["report", str(plan), "--in-place"]) == 2
    assert plan.read_bytes() == original


def test_an_older_report_copy_at_the_default_name_is_replaced(plan: Path) -> None:
    """`plan-report.xlsx` from an older pmkit (no mark, pmkit's four sheets) is replaced;
    the same file under a name the owner chose needs --force."""
    default = plan.with_name("plan-report.xlsx")
    assert main(["report", str(plan)]) in (0, 1)
    strip_marks(default)
    assert main(["report", str(plan)]) in (0, 1)
    assert "PMKIT_REPORT" in openpyxl.load_workbook(default).defined_names
    chosen = plan.with_name("board.xlsx")
    chosen.write_bytes(default.read_bytes())
    strip_marks(chosen)
    original = chosen.read_bytes()
    assert main(["report", str(plan), "-o", str(chosen)]) == 2
    assert chosen.read_bytes() == original


@pytest.mark.parametrize(
    ("sheet", "ours"),
    [
        pytest.param(ExistingSheet("Summary", marked=True), True, id="marked"),
        pytest.param(ExistingSheet("Summary", empty=True), True, id="empty"),
        pytest.param(
            ExistingSheet("Summary", first_rows=(("Shop: project status",),)), True, id="layout"
        ),
        pytest.param(ExistingSheet("Summary", first_rows=(("Board",),)), False, id="owners"),
        pytest.param(
            ExistingSheet("Baseline", SheetKind.CHARTSHEET, marked=True), False, id="chart-sheet"
        ),
        pytest.param(ExistingSheet("Flags", SheetKind.OTHER, empty=True), False, id="macro-sheet"),
        pytest.param(ExistingSheet("Notes"), True, id="other-name"),
    ],
)
def test_check_claims(sheet: ExistingSheet, ours: bool) -> None:
    """Only worksheets that are marked, empty, or in an older pmkit's layout may be replaced."""
    names = ["Summary", "Flags", "Baseline"]
    if ours:
        check_claims([sheet], names, "plan.xlsx")
    else:
        with pytest.raises(Exception, match=f"own {sheet.kind.value} '{sheet.name}'"):
            check_claims([sheet], names, "plan.xlsx")


def test_a_refusal_names_pmkits_sheet_and_a_clean_new_name() -> None:
    """An owner's `summary ` (other capitals, a trailing space) is refused in pmkit's words:
    pmkit's sheet is Summary, and the name offered has no stray space."""
    sheet = ExistingSheet("summary ", first_rows=(("Board",),))
    with pytest.raises(Exception, match="own sheet 'summary '") as refused:
        check_claims([sheet], ["Summary", "Flags"], "plan.xlsx")
    message = str(refused.value)
    assert "pmkit writes its Summary sheet under that name" in message
    assert "for example to 'My summary')" in message


# -- formats pmkit reads but does not write ---------------------------------------------------

_TRANSITIONAL = (
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
)
_STRICT = (
    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://purl.oclc.org/ooxml/officeDocument/relationships",
)


def _as_strict(path: Path) -> None:
    """Rewrite the package in Strict Open XML's namespaces, as Excel's 'Strict' save does."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            strict = data
            for old, new in zip(_TRANSITIONAL, _STRICT, strict=True):
                strict = strict.replace(old, new)
            archive.writestr(info.filename, strict)


@pytest.mark.parametrize("point", params(READERS + WRITERS))
def test_strict_open_xml_is_read_but_never_written(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """A Strict Open XML plan is read; every writer refuses it (a copy would have only
    pmkit's sheets), the file byte-identical and no copy written."""
    _as_strict(plan)
    original = plan.read_bytes()
    outcome = point.run(plan, tmp_path, capsys)
    if point in READERS:
        assert not outcome.refused, outcome.message
        return
    assert outcome.refused
    assert "Strict Open XML" in outcome.message
    assert plan.read_bytes() == original
    if point.output and point.output.endswith(".xlsx"):
        assert not (tmp_path / point.output).exists()


@pytest.mark.parametrize("point", params(tuple(p for p in ALL if p is not FOLDER_SYNC)))
def test_an_ods_plan_is_refused_the_same_way_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], point: EntryPoint
) -> None:
    """An OpenDocument spreadsheet gets one answer from every command: save it as .xlsx."""
    path = tmp_path / "plan.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    outcome = point.run(path, tmp_path, capsys)
    assert outcome.refused
    assert outcome.message == (
        "pmkit: plan.ods is an OpenDocument spreadsheet (.ods); open it in LibreOffice or "
        "Excel and save it as an Excel workbook (.xlsx)"
    )


# -- the Excel buttons ------------------------------------------------------------------------


def test_refresh_report_button_never_clears_an_owners_sheet(plan: Path) -> None:
    """*Refresh report* on an open workbook with the owner's own Summary says why and writes
    nothing at all."""
    book = openpyxl.load_workbook(plan)
    book.create_sheet("Summary")["A1"] = "Board summary"
    book.save(plan)
    excel = FakeBook(plan)
    message = buttons.refresh_report(XlwingsWorkbook(excel))
    assert "own sheet 'Summary'" in message
    assert excel.sheet("Summary").cells == {(1, 1): "Board summary"}
    assert [sheet.name for sheet in excel.sheets][-1] == "Summary"


def test_buttons_mark_their_sheets_and_replace_them_next_time(plan: Path) -> None:
    """The button's sheets get the mark through xlwings; the next press replaces them."""
    excel = FakeBook(plan)
    buttons.refresh_report(XlwingsWorkbook(excel))
    for name in REPORT_SHEETS:
        assert [n.name for n in excel.sheet(name).names] == [f"{name}!{OUTPUT_MARKER}"]
    excel.sheet("Summary").cells[(1, 1)] = "typed over"
    message = buttons.refresh_report(XlwingsWorkbook(excel))
    assert message.startswith("Status")
    assert str(excel.sheet("Summary").cells[(1, 1)]).endswith("project status")


def test_each_workbook_implements_all_it_claims(plan: Path, tmp_path: Path) -> None:
    """The package writer is a SheetWriter only; the openpyxl and xlwings workbooks are full
    PlanWorkbooks (read the plan, write sheets, set the baseline) — nothing raises
    NotImplementedError."""
    from pmkit.files import new_target
    from pmkit.reading import read_plan
    from pmkit.reading.safety import check_workbook
    from pmkit.report import (
        BaselineWriter,
        PackageWorkbook,
        PlanWorkbook,
        SheetWriter,
        open_xlsx_workbook,
    )

    package = PackageWorkbook(check_workbook(plan), new_target(tmp_path / "o.xlsx"), name="p")
    assert isinstance(package, SheetWriter)
    assert not isinstance(package, BaselineWriter)
    opened = read_plan(plan)
    for book in (open_xlsx_workbook(opened, tmp_path / "x.xlsx"), XlwingsWorkbook(FakeBook(plan))):
        assert isinstance(book, PlanWorkbook)
        assert book.read_plan().tasks == opened.tasks
        assert book.plan_header() == (1, 8)
        assert {sheet.name for sheet in book.existing_sheets()} >= {"Plan", "My notes"}
