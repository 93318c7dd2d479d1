"""Write a workbook without losing what the owner put in it.

openpyxl rewrites the whole package on save, and it does not keep everything (see
docs/report.md, "What Set baseline can and cannot keep", for the list). So every save goes
through `save_safely`:

1. the edited workbook is saved to a temporary file in the target's folder;
2. the package before and after is counted feature by feature (`pmkit.report.parts`),
   leaving out the sheets pmkit replaces;
3. writing in place: anything missing means *refuse* — the temporary file is deleted
   and the owner's file is untouched, byte for byte — else the original is copied to a
   backup (`plan.bak.xlsx`) and the temporary file atomically renamed over it;
   writing a separate copy: what the copy lacks is reported, never silent.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
import zipfile
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from pmkit.engine.errors import NotAWorkbookError, WriteRefusedError
from pmkit.reading.safety import check_workbook_file
from pmkit.report.parts import Feature, inventory

__all__ = [
    "REBUILT_KINDS",
    "SaveResult",
    "backup_path",
    "commit",
    "find_losses",
    "load_for_writing",
    "save_safely",
    "temporary_path",
]

REBUILT_KINDS = frozenset({"chart", "chart sheet"})
"""openpyxl reads these back into its own model and writes a rebuilt copy: formatting it
does not model (styles, colours, labels) is lost, so they count as lost too."""

IN_PLACE_ADVICE = (
    "Use -o to write the report to a separate file, or the Excel add-in's "
    "Refresh report button, which writes through Excel itself"
)


@dataclass(frozen=True, slots=True)
class SaveResult:
    """Where the workbook went, the backup of the original, and what a copy lacks."""

    path: Path
    backup: Path | None = None
    not_kept: tuple[str, ...] = ()


def load_for_writing(path: Path, *, keep_vba: bool | None = None) -> Workbook:
    """Open `path` with openpyxl keeping all it can (macros, links, rich text).

    `keep_vba` defaults to "an .xlsm file"; pass False when writing an .xlsx copy.
    """
    if keep_vba is None:
        keep_vba = path.suffix.lower() == ".xlsm"
    check_workbook_file(path).close()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about what it drops; we count it
            return openpyxl.load_workbook(
                path,
                keep_vba=keep_vba,
                keep_links=True,
                rich_text=True,
            )
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise NotAWorkbookError(
            f"{path.name} could not be opened for writing ({exc}); open it in Excel and "
            "save it again"
        ) from exc


def backup_path(path: Path) -> Path:
    """`plan.xlsx` → `plan.bak.xlsx` (the extension stays, so Excel opens it)."""
    return path.with_name(f"{path.stem}.bak{path.suffix}")


def find_losses(
    before: Counter[Feature],
    after: Counter[Feature],
    *,
    replaced: Collection[str] = (),
    renamed: Mapping[str, str] | None = None,
    rebuilt: Collection[str] = REBUILT_KINDS,
) -> list[str]:
    """What `before` holds that `after` does not, in words (`2 charts on sheet Dashboard`).

    Features on `replaced` sheets are left out (pmkit rewrites those whole); `renamed`
    maps a sheet's old name to its new one; `rebuilt` kinds count as lost even when
    present (openpyxl rebuilt them).
    """
    renamed = renamed or {}
    skip = {name.casefold() for name in replaced}
    moved: Counter[Feature] = Counter()
    for feature, count in before.items():
        if feature.sheet is not None and feature.sheet.casefold() in skip:
            continue
        sheet = renamed.get(feature.sheet, feature.sheet) if feature.sheet else None
        moved[Feature(feature.kind, sheet)] += count
    losses = []
    for feature, count in sorted(moved.items()):
        kept = 0 if feature.kind in rebuilt else after.get(feature, 0)
        if kept < count:
            losses.append(feature.describe(count - kept))
    return losses


def save_safely(
    workbook: Workbook,
    source: Path,
    target: Path | None = None,
    *,
    replaced: Collection[str] = (),
    renamed: Mapping[str, str] | None = None,
    advice: str = IN_PLACE_ADVICE,
) -> SaveResult:
    """Save `workbook` (opened from `source`) to `target` (default: over `source`).

    In place, refuses with `WriteRefusedError` — leaving `source` byte-identical — when
    the save would lose anything outside the `replaced` sheets.
    """
    target = target or source
    temporary = _temporary_path(target)
    try:
        workbook.save(temporary)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteRefusedError(f"cannot write {target.name}: {exc.strerror}") from exc
        raise
    return commit(
        temporary,
        source,
        target,
        replaced=replaced,
        renamed=renamed,
        advice=advice,
        rebuilt=REBUILT_KINDS,
    )


def commit(
    temporary: Path,
    source: Path,
    target: Path,
    *,
    replaced: Collection[str] = (),
    renamed: Mapping[str, str] | None = None,
    advice: str = IN_PLACE_ADVICE,
    rebuilt: Collection[str] = (),
) -> SaveResult:
    """Check `temporary` against `source`, then back up and rename it over `target`.

    Writing in place, any loss refuses (the temporary file is deleted, `source` stays
    byte-identical); writing a copy, losses are returned as `not_kept`.
    """
    in_place = target.resolve() == source.resolve()
    try:
        losses = find_losses(
            inventory(source, skip_sheets=replaced),
            inventory(temporary, skip_sheets=replaced),
            replaced=replaced,
            renamed=renamed,
            rebuilt=rebuilt,
        )
        if losses and in_place:
            raise WriteRefusedError(
                f"{source.name} was not changed: it holds {_join(losses)}, which the Excel "
                f"library pmkit uses for this (openpyxl) cannot keep. {advice}."
            )
        backup = None
        if in_place:
            backup = backup_path(source)
            _copy(source, backup)
        _replace(temporary, target, like=source)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return SaveResult(target, backup, tuple(losses))


def temporary_path(target: Path) -> Path:
    """An empty file next to `target` (same folder, so the final rename is atomic)."""
    return _temporary_path(target)


def _temporary_path(target: Path) -> Path:
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".~{target.stem}-", suffix=target.suffix, dir=target.parent
        )
    except OSError as exc:
        raise WriteRefusedError(f"cannot write in {target.parent}: {exc.strerror}") from exc
    os.close(handle)
    return Path(name)


def _copy(source: Path, backup: Path) -> None:
    try:
        shutil.copy2(source, backup)
    except OSError as exc:
        raise WriteRefusedError(
            f"{source.name} was not changed: its backup {backup.name} could not be written "
            f"({exc.strerror})"
        ) from exc


def _replace(temporary: Path, target: Path, *, like: Path) -> None:
    try:
        shutil.copymode(like, temporary)
        os.replace(temporary, target)
    except OSError as exc:
        raise WriteRefusedError(
            f"{target.name} was not changed: {exc.strerror}. If it is open in Excel, close "
            "it and try again"
        ) from exc


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]
