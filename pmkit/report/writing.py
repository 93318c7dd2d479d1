"""The writing stage of the pipeline: an `Analysis` (or its sheets) into a workbook.

    plan = read_plan(path)                  # parsed once, after the safety checks
    analysis = analyze(plan)
    write_report(analysis)                  # a copy beside the plan, or in_place=True
    set_baseline(analysis)                  # into the plan itself, or a copy

No stage reads the plan again: the writers take the file's bytes once more (checked for
safety, and refused unless they are exactly the bytes the reader parsed — an owner who
saved meanwhile keeps that save), copy them, and replace the file through
`pmkit.files.commit`. The report, *Set baseline*, the Excel dashboard and the nightly
sync's local workbooks all come through here; the rules on sheets (`replace_sheets`,
`baseline_into`) are shared with the Excel buttons' open workbook.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO
from pathlib import Path

from pmkit.engine.errors import PmkitError, WriteRefusedError
from pmkit.engine.model import Plan, SourceFile
from pmkit.engine.results import Analysis
from pmkit.engine.schema import REPORT_SHEETS, normalize_name
from pmkit.files import Target, changed_since_read, in_place_target, new_target
from pmkit.outputs import OutputSheet, build_output_sheets
from pmkit.reading.safety import CheckedWorkbook, check_workbook
from pmkit.report.baseline import BASELINE_SHEET, BaselineUpdate, plan_baseline
from pmkit.report.baseline_package import PackageBaselineWorkbook
from pmkit.report.existing import inspect_package
from pmkit.report.ownership import check_claims, claim_sheets, is_output_sheet, sheets_kept_back
from pmkit.report.package import PackageLayoutError
from pmkit.report.safe_write import IN_PLACE_ADVICE, SaveResult
from pmkit.report.workbook import (
    BaselineWriter,
    PackageWorkbook,
    SheetWriter,
    XlsxWorkbook,
    inspect_workbook,
)

__all__ = [
    "BaselineResult",
    "baseline_into",
    "claim_in_place",
    "default_report_path",
    "empty_workbook",
    "is_report_copy",
    "open_for_writing",
    "open_xlsx_workbook",
    "replace_sheets",
    "set_baseline",
    "write_report",
    "write_sheets",
    "write_workbook",
]


@dataclass(frozen=True, slots=True)
class BaselineResult:
    update: BaselineUpdate
    saved: SaveResult


def default_report_path(plan_path: Path) -> Path:
    """`plan.xlsx` → `plan-report.xlsx` in the same folder (`.xlsm` stays `.xlsm`;
    a Project XML plan gets an .xlsx)."""
    suffix = ".xlsx" if plan_path.suffix.lower() == ".xml" else plan_path.suffix
    return plan_path.with_name(f"{plan_path.stem}-report{suffix}")


# -- the rules on sheets, for every workbook ---------------------------------------------


def replace_sheets(book: SheetWriter, sheets: Sequence[OutputSheet]) -> list[OutputSheet]:
    """Write `sheets` into `book`, each replacing pmkit's own sheet of that name; refused
    before anything is written if one of those names is the owner's sheet. A
    `refresh_only` sheet is written only over pmkit's own sheet of its name. Returns the
    sheets written."""
    written = claim_sheets(book.existing_sheets(), sheets, book.name)
    for sheet in written:
        book.replace_sheet(sheet)
    return written


def baseline_into(
    book: BaselineWriter, analysis: Analysis, *, today: date | None = None, force: bool = False
) -> BaselineUpdate:
    """Freeze `analysis`'s forecast in `book`: Plan cells right of every owner cell, and the
    Baseline sheet (the previous one kept, renamed); the caller saves."""
    header_row, last_column = book.plan_header()
    existing = list(book.existing_sheets())
    update = plan_baseline(
        analysis,
        sheet_names=[sheet.name for sheet in existing],
        header_row=header_row,
        last_header_column=last_column,
        set_on=today or date.today(),
        force=force,
    )
    kept = normalize_name(BASELINE_SHEET) if update.archive_as else None
    remaining = [sheet for sheet in existing if normalize_name(sheet.name) != kept]
    written = [update.snapshot.name, *([update.archive.name] if update.archive else [])]
    check_claims(remaining, written, book.name)
    book.write_baseline(update)
    return update


# -- files ------------------------------------------------------------------------------------


def write_report(
    analysis: Analysis, target: Path | None = None, *, in_place: bool = False, force: bool = False
) -> SaveResult:
    """The report workbook: a copy of the plan with the output sheets (at `target`, default
    `plan-report.xlsx`), or, `in_place`, the plan itself after a backup.

    An existing `target` is replaced only when it is a report copy pmkit wrote, or with
    `force`. A plan not read from a workbook (Microsoft Project XML) gets a new workbook
    holding only the output sheets.
    """
    plan = analysis.plan
    sheets = build_output_sheets(analysis)
    if plan.origin is None:
        if in_place:
            raise WriteRefusedError(
                f"{plan.name} is not a workbook, so its report cannot go into it; "
                "write a new report workbook instead"
            )
        return _write_new_workbook(plan, sheets, target, force=force)
    return write_sheets(plan, sheets, target, in_place=in_place, force=force, activate="Summary")


def write_sheets(
    plan: Plan,
    sheets: Sequence[OutputSheet],
    target: Path | None = None,
    *,
    in_place: bool = False,
    force: bool = False,
    activate: str | None = None,
    advice: str = IN_PLACE_ADVICE,
) -> SaveResult:
    """Write `sheets` into the workbook `plan` was read from (`in_place`) or into a copy of
    it (`target`, default `plan-report.xlsx`), which opens at `activate`."""
    source, checked = open_for_writing(plan)
    if in_place:
        dest = in_place_target(source, checked.origin)
    else:
        default = default_report_path(source)
        path = target or default
        _refuse_the_plan_itself(path, source)
        legacy = path.resolve() == default.resolve()
        dest = new_target(
            path, force=force, ours=lambda p: is_report_copy(p, legacy=legacy), what="report"
        )
    book = PackageWorkbook(checked, dest, name=source.name, report_copy=not in_place)
    sheets = replace_sheets(book, sheets)
    if activate is not None and not in_place:
        book.activate(activate)
    try:
        if source.suffix.lower() == ".xlsm" and dest.shown.suffix.lower() != ".xlsm":
            raise PackageLayoutError("an .xlsx copy of a macro workbook is rebuilt without VBA")
        return book.save()
    except PackageLayoutError:
        # A package laid out in a way the direct writer does not know: openpyxl rewrites
        # it instead, with its refusal rules. The sheets' claims were checked above, on
        # these very bytes.
        fallback = XlsxWorkbook(
            checked,
            dest,
            name=source.name,
            plan=plan,
            in_place=in_place,
            keep_vba=_keeps_macros(source, dest),
            report_copy=not in_place,
        )
        fallback.advice = advice
        for sheet in sheets:
            fallback.replace_sheet(sheet)
        if activate is not None and not in_place:
            fallback.activate(activate)
        return fallback.save()


def claim_in_place(plan: Plan, sheets: Sequence[OutputSheet]) -> dict[str, str]:
    """What writing `sheets` into the workbook `plan` was read from
    (`write_sheets(..., in_place=True)`) will do with its sheets, judged before anything is
    written, on the same bytes and by the same rule: refused (`WriteRefusedError`) when one
    is the owner's; else the sheets it leaves as they are, each with why
    (`sheets_kept_back`), for the caller to say."""
    source, checked = open_for_writing(plan)
    existing = inspect_workbook(checked, source.name).sheets
    claim_sheets(existing, sheets, source.name)
    return sheets_kept_back(existing, sheets)


def set_baseline(
    analysis: Analysis,
    target: Path | None = None,
    *,
    force: bool = False,
    overwrite: bool = False,
    today: date | None = None,
) -> BaselineResult:
    """Set the baseline in the plan's own file (after a backup), or in a copy at `target`.

    `force` replaces an existing baseline (kept as a numbered sheet); `overwrite` lets a
    copy replace an existing file at `target`. The plan is `analysis.plan`: the forecast
    frozen is the one analysed from it.
    """
    plan = analysis.plan
    source, checked, dest = _baseline_target(plan, target, overwrite=overwrite)
    try:
        # Straight into the package, as the report is written: only the cells it must.
        if source.suffix.lower() == ".xlsm" and not _keeps_macros(source, dest):
            raise PackageLayoutError("an .xlsx copy of a macro workbook is rebuilt without VBA")
        book: BaselineWriter = PackageBaselineWorkbook(checked, dest, name=source.name, plan=plan)
        update = baseline_into(book, analysis, today=today, force=force)
        return BaselineResult(update, book.save())
    except PackageLayoutError:
        # A package laid out in a way the direct writer does not know: openpyxl rewrites
        # it instead, with its refusal rules (nothing was written yet).
        book = _xlsx_workbook(plan, source, checked, dest, in_place=target is None)
        update = baseline_into(book, analysis, today=today, force=force)
        return BaselineResult(update, book.save())


def open_xlsx_workbook(
    plan: Plan, target: Path | None = None, *, overwrite: bool = False
) -> XlsxWorkbook:
    """The workbook `plan` was read from, opened with openpyxl to be written in place
    (`target` None, after a backup) or to a copy at `target` (an existing file there
    replaced only with `overwrite`)."""
    source, checked, dest = _baseline_target(plan, target, overwrite=overwrite)
    return _xlsx_workbook(plan, source, checked, dest, in_place=target is None)


def _baseline_target(
    plan: Plan, target: Path | None, *, overwrite: bool
) -> tuple[Path, CheckedWorkbook, Target]:
    """The plan's workbook, checked again, and where *Set baseline* writes it: in place
    (`target` None, after a backup) or a copy at `target` (replaced only with `overwrite`)."""
    source, checked = open_for_writing(plan)
    if target is None:
        return source, checked, in_place_target(source, checked.origin)
    _refuse_the_plan_itself(target, source)
    return source, checked, new_target(target, force=overwrite)


def _xlsx_workbook(
    plan: Plan, source: Path, checked: CheckedWorkbook, dest: Target, *, in_place: bool
) -> XlsxWorkbook:
    return XlsxWorkbook(
        checked,
        dest,
        name=source.name,
        in_place=in_place,
        keep_vba=_keeps_macros(source, dest),
        plan=plan,
    )


def open_for_writing(plan: Plan) -> tuple[Path, CheckedWorkbook]:
    """The workbook `plan` was read from, checked again for safety, and refused unless it
    still holds exactly the bytes the reader parsed."""
    origin = plan.origin
    if origin is None:
        raise WriteRefusedError(
            f"{plan.name} was not read from a workbook file, so there is no workbook to write into"
        )
    source = Path(origin.path)
    checked = check_workbook(source)
    if checked.origin.sha256 != origin.sha256 or checked.origin.size != origin.size:
        raise changed_since_read(source.name)
    return source, checked


def is_report_copy(path: Path, *, legacy: bool = False) -> bool:
    """Whether the file at `path` is a report copy pmkit wrote (its workbook-level mark);
    with `legacy`, also a copy by an older pmkit: all four output sheets in pmkit's layout."""
    try:
        checked = check_workbook(path)
        with checked.archive() as archive:
            found = inspect_package(archive, path.name, REPORT_SHEETS)
    except PmkitError:
        return False
    if found.report_copy:
        return True
    sheets = {normalize_name(sheet.name): sheet for sheet in found.sheets}
    return legacy and all(
        (sheet := sheets.get(normalize_name(name))) is not None
        and (sheet.marked or is_output_sheet(name, sheet.first_rows))
        for name in _LEGACY_REPORT_SHEETS
    )


_LEGACY_REPORT_SHEETS = ("Summary", "Schedule", "Flags", "Gantt")
"""The sheets every report copy holds, from before the mark on (Workload came later, and
only when tasks have owners)."""


def _refuse_the_plan_itself(target: Path, source: Path) -> None:
    if target.resolve() == source.resolve():
        raise WriteRefusedError(
            f"{target.name} is the plan itself; write into it in place, or choose another name"
        )


def _keeps_macros(source: Path, dest: Target) -> bool:
    return source.suffix.lower() == ".xlsm" and dest.shown.suffix.lower() == ".xlsm"


def empty_workbook(first_sheet: str) -> CheckedWorkbook:
    """A new workbook's bytes, holding one empty sheet named `first_sheet` (which the
    first output sheet of that name replaces), for a writer that makes a new file."""
    from openpyxl import Workbook

    seed = Workbook()
    assert seed.active is not None
    seed.active.title = first_sheet
    raw = BytesIO()
    seed.save(raw)
    data = raw.getvalue()
    return CheckedWorkbook(data, SourceFile("", len(data), 0, ""))


def write_workbook(path: Path, sheets: Sequence[OutputSheet], *, advice: str) -> Path:
    """Write `sheets` into the workbook at `path`, opening at the first; where it went.

    An existing workbook is written in place (after a backup; only pmkit's own sheets are
    replaced, by `replace_sheets`' rule); a missing one is made of just `sheets`. A
    package laid out in a way pmkit's writer does not know is refused, unchanged, with
    `advice` on what to do.
    """
    if os.path.lexists(path):
        checked = check_workbook(path)
        target = in_place_target(path, checked.origin)
    else:
        checked = empty_workbook(sheets[0].name)
        target = new_target(path)
    book = PackageWorkbook(checked, target, name=path.name)
    replace_sheets(book, sheets)
    book.activate(sheets[0].name)
    try:
        return book.save().path
    except PackageLayoutError:
        raise WriteRefusedError(
            f"{path.name} was not changed: it is laid out in a way pmkit's writer does not "
            f"know, so pmkit cannot be sure to keep all of it. {advice}"
        ) from None


def _write_new_workbook(
    plan: Plan, sheets: Sequence[OutputSheet], target: Path | None, *, force: bool
) -> SaveResult:
    """A plan from Microsoft Project XML: a new workbook holding only the output sheets."""
    if target is None:
        if plan.source is None:
            raise WriteRefusedError(f"{plan.name}: say where to write the report")
        target = default_report_path(Path(plan.source))
    dest = new_target(target, force=force, ours=is_report_copy, what="report")
    # The findings point into the XML, not into sheets of this workbook: no links.
    unlinked = [
        replace(
            sheet,
            rows=tuple(
                replace(row, cells=tuple(c._replace(link=None) for c in row.cells))
                for row in sheet.rows
            ),
        )
        for sheet in sheets
    ]
    checked = empty_workbook(unlinked[0].name)
    book = PackageWorkbook(checked, dest, name=target.name, report_copy=True)
    replace_sheets(book, unlinked)
    book.activate(unlinked[0].name)
    return book.save()
