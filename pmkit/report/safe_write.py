"""Write a workbook through openpyxl without losing what the owner put in it.

openpyxl rewrites the whole package on save, and it does not keep everything (see
docs/report.md, "What Set baseline can and cannot keep", for the list). So every
openpyxl save goes through `save_checked`:

1. the edited workbook is saved to a temporary file in the target's folder;
2. the package before and after is counted feature by feature (`pmkit.report.parts`),
   leaving out the sheets pmkit replaces;
3. writing in place, anything missing means *refuse* — the temporary file is deleted
   and the owner's file is untouched, byte for byte; writing a separate copy, what the
   copy lacks is reported, never silent;
4. the file is then replaced by `pmkit.files.commit`, the one way pmkit replaces a file
   (unchanged-since-read check, backup, atomic rename).
"""

from __future__ import annotations

import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from pmkit.engine.errors import NotAWorkbookError, WriteRefusedError
from pmkit.engine.figures import join_words
from pmkit.files import Target, commit, temporary_path
from pmkit.reading.safety import CheckedWorkbook
from pmkit.report.parts import Feature, inventory

__all__ = [
    "IN_PLACE_ADVICE",
    "REBUILT_KINDS",
    "SaveResult",
    "find_losses",
    "load_for_writing",
    "save_checked",
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


def load_for_writing(checked: CheckedWorkbook, name: str, *, keep_vba: bool) -> Workbook:
    """Open the checked workbook's bytes with openpyxl, keeping all it can (macros, links,
    rich text). The bytes passed the safety checks; the path is never read again."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about what it drops; we count it
            return openpyxl.load_workbook(
                BytesIO(checked.data),
                keep_vba=keep_vba,
                keep_links=True,
                rich_text=True,
            )
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise NotAWorkbookError(
            f"{name} could not be opened for writing ({exc}); open it in Excel and save it again"
        ) from exc


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
    for feature, count in sorted(
        moved.items(), key=lambda item: (item[0].kind, item[0].sheet or "")
    ):
        kept = 0 if feature.kind in rebuilt else after.get(feature, 0)
        if kept < count:
            losses.append(feature.describe(count - kept))
    return losses


def save_checked(
    workbook: Workbook,
    before: bytes,
    target: Target,
    *,
    in_place: bool,
    replaced: Collection[str] = (),
    renamed: Mapping[str, str] | None = None,
    advice: str = IN_PLACE_ADVICE,
    finish: Callable[[Path], None] | None = None,
) -> SaveResult:
    """Save `workbook` (opened from the package `before`) to `target`.

    In place, refuses with `WriteRefusedError` — the file byte-identical — when the save
    would lose anything outside the `replaced` sheets. `finish` may edit the saved
    temporary file before it is checked and committed.
    """
    temporary = temporary_path(target.path)
    try:
        workbook.save(temporary)
        if finish is not None:
            finish(temporary)
        losses = find_losses(
            inventory(before, skip_sheets=replaced),
            inventory(temporary, skip_sheets=replaced),
            replaced=replaced,
            renamed=renamed,
            rebuilt=REBUILT_KINDS,
        )
        if losses and in_place:
            raise WriteRefusedError(
                f"{target.shown.name} was not changed: it holds {join_words(losses)}, which the "
                f"Excel library pmkit uses for this (openpyxl) cannot keep. {advice}."
            )
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise WriteRefusedError(
                f"cannot write {target.shown.name}: {exc.strerror or exc}"
            ) from exc
        raise
    commit(temporary, target)
    return SaveResult(target.shown, target.backup, tuple(losses))
