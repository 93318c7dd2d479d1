"""What a workbook package already holds, as a writer must know it before it writes.

`inspect_package` reads `xl/workbook.xml` and its relationships — each sheet's kind and
whether it carries pmkit's mark — and, only for an unmarked sheet whose name pmkit is
about to write, the first two rows of that sheet (streamed, stopping at row 3, with
just the shared strings those rows use; every row of a History sheet, whose nights
decide whether it may be rebuilt). Nothing else is parsed: the plan's own sheets
were read once by the reader, and the writer copies them as bytes.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeElementTree

from pmkit.engine.errors import NotAWorkbookError, WriteRefusedError
from pmkit.engine.schema import HISTORY_SHEET, normalize_name
from pmkit.report.ownership import OUTPUT_MARKER, REPORT_MARKER, ExistingSheet, SheetKind

__all__ = ["PackageSheets", "inspect_package", "refuse_strict"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_KINDS = {
    "worksheet": SheetKind.WORKSHEET,
    "chartsheet": SheetKind.CHARTSHEET,
}
_ROWS_READ = 2


@dataclass(frozen=True, slots=True)
class PackageSheets:
    """The sheets of a package (in workbook order), and what the workbook says of itself."""

    sheets: tuple[ExistingSheet, ...]
    strict: bool = False
    report_copy: bool = False

    def names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]


def refuse_strict(found: PackageSheets, name: str) -> None:
    """Strict Open XML packages are read, never written: pmkit's writers would drop the
    owner's sheets from them."""
    if found.strict:
        raise WriteRefusedError(
            f"{name} was not changed: it is saved as Strict Open XML, which pmkit reads but "
            "cannot write into without losing your sheets. In Excel, use File > Save As > "
            "'Excel Workbook (*.xlsx)' and run again"
        )


def inspect_package(archive: zipfile.ZipFile, name: str, wanted: Collection[str]) -> PackageSheets:
    """The package's sheets; the first rows only of unmarked ones named in `wanted`."""
    try:
        return _inspect(archive, {normalize_name(w) for w in wanted})
    except (KeyError, zipfile.BadZipFile, SafeElementTree.ParseError, ValueError) as exc:
        raise NotAWorkbookError(
            f"{name} is damaged or not an Excel workbook; open it in Excel and save it again"
        ) from exc


def _inspect(archive: zipfile.ZipFile, wanted: set[str]) -> PackageSheets:
    workbook_part = _office_document(archive)
    root = SafeElementTree.fromstring(archive.read(workbook_part))
    strict = root.tag.startswith(f"{{{_STRICT_MAIN}}}")
    main = _STRICT_MAIN if strict else _MAIN
    rels = _relationships(archive, workbook_part)
    marked: set[int] = set()
    report_copy = False
    for defined in root.iter(f"{{{main}}}definedName"):
        if defined.get("name") == OUTPUT_MARKER and (local := defined.get("localSheetId")):
            if local.isdigit():
                marked.add(int(local))
        elif defined.get("name") == REPORT_MARKER and defined.get("localSheetId") is None:
            report_copy = True
    shared: _SharedStrings | None = None
    sheets = []
    for index, element in enumerate(root.iter(f"{{{main}}}sheet")):
        sheet_name = element.get("name", "")
        rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), "")
        rel_type, part = rels.get(rel_id, ("", ""))
        kind = _KINDS.get(rel_type.rsplit("/", 1)[-1], SheetKind.OTHER)
        is_marked = index in marked
        first_rows: tuple[tuple[object, ...], ...] = ()
        empty = False
        if kind is SheetKind.WORKSHEET and not is_marked and normalize_name(sheet_name) in wanted:
            if shared is None:
                shared = _SharedStrings(archive, workbook_part, rels)
            # all of a History sheet: the nights it holds decide whether it may be rebuilt
            whole = normalize_name(sheet_name) == normalize_name(HISTORY_SHEET)
            first_rows, has_cells = _first_rows(
                archive, part, shared, None if whole else _ROWS_READ
            )
            empty = not has_cells and not _has_parts(archive, part)
        sheets.append(ExistingSheet(sheet_name, kind, is_marked, first_rows, empty))
    return PackageSheets(tuple(sheets), strict, report_copy)


def _office_document(archive: zipfile.ZipFile) -> str:
    for rel_type, target in _relationships(archive, "").values():
        if rel_type.endswith("/officeDocument"):
            return target
    raise KeyError("officeDocument")


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part) of `part` ("" for the package)."""
    folder, file_name = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", f"{file_name}.rels")
    if rels_part not in archive.namelist():
        return {}
    found = {}
    for rel in SafeElementTree.fromstring(archive.read(rels_part)).iter(
        f"{_PACKAGE_RELS}Relationship"
    ):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(target))
    return found


def _has_parts(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether anything (a drawing, comments, a table…) is attached to the sheet."""
    return any(
        not rel_type.endswith("/printerSettings")
        for rel_type, _ in _relationships(archive, part).values()
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_rows(
    archive: zipfile.ZipFile, part: str, shared: _SharedStrings, limit: int | None
) -> tuple[tuple[tuple[object, ...], ...], bool]:
    """The values of rows 1 to `limit` (every row: None) as text, and whether the sheet has
    any cell at all."""
    rows: dict[int, dict[int, object]] = {}
    has_cells = False
    with archive.open(part) as stream:
        for _, element in SafeElementTree.iterparse(stream, events=("end",)):
            if _local(element.tag) != "c":
                continue
            has_cells = True
            row, column = _position(element.get("r", ""))
            if limit is not None and row > limit:
                break
            value = _cell_text(element, shared)
            if value not in (None, ""):
                rows.setdefault(row, {})[column] = value
            element.clear()
    table = []
    for number in range(1, (max(rows, default=0) if limit is None else limit) + 1):
        cells = rows.get(number, {})
        table.append(tuple(cells.get(c) for c in range(1, max(cells, default=0) + 1)))
    return tuple(table), has_cells


def _position(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return (int(digits) if digits else 10**9), column


def _cell_text(element: Element, shared: _SharedStrings) -> object:
    kind = element.get("t")
    if kind == "inlineStr":
        return "".join(_texts(element))
    value = next((child.text for child in element if _local(child.tag) == "v"), None)
    if kind == "s" and value is not None and value.strip().isdigit():
        return shared.get(int(value))
    return value


def _texts(element: Element) -> Iterator[str]:
    for child in element.iter():
        if _local(child.tag) == "t" and child.text:
            yield child.text


class _SharedStrings:
    """The shared strings, read lazily and only as far as the highest index asked for."""

    def __init__(
        self, archive: zipfile.ZipFile, workbook_part: str, rels: dict[str, tuple[str, str]]
    ) -> None:
        self._archive = archive
        self._part = next(
            (target for kind, target in rels.values() if kind.endswith("/sharedStrings")), None
        )
        self._strings: list[str] = []
        self._done = self._part is None or self._part not in archive.namelist()

    def get(self, index: int) -> str | None:
        if index >= len(self._strings) and not self._done:
            self._read_to(index)
        return self._strings[index] if index < len(self._strings) else None

    def _read_to(self, index: int) -> None:
        assert self._part is not None
        self._strings = []
        with self._archive.open(self._part) as stream:
            for _, element in SafeElementTree.iterparse(stream, events=("end",)):
                if _local(element.tag) != "si":
                    continue
                self._strings.append("".join(_texts(element)))
                element.clear()
                if len(self._strings) > index:
                    return
        self._done = True
