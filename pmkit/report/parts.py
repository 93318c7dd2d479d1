"""What a workbook package holds, counted as features an owner would recognise.

An .xlsx/.xlsm file is a zip of XML parts linked by relationships. `inventory` walks
those links from the root and counts what it finds per sheet — "2 charts on sheet
Dashboard", "1 VBA project", "3 conditional formats on sheet Plan" — so two packages
(the owner's file, and what openpyxl would write back) can be compared feature by
feature. Parts are reached only through relationships, as Excel reaches them: a part
left in the zip but no longer linked is lost just the same.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

from pmkit.engine.errors import NotAWorkbookError

__all__ = ["Feature", "inventory", "sheet_names"]

_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"

# Relationship types (last part of the type URI) that are only plumbing, or that Excel
# rebuilds by itself: their absence after a write loses nothing the owner made.
_PLUMBING = frozenset(
    {
        "officeDocument",
        "worksheet",
        "sharedStrings",
        "styles",
        "theme",
        "core-properties",
        "metadata/core-properties",
        "extended-properties",
        "calcChain",  # Excel's cache of calculation order, rebuilt on open
        "printerSettings",  # binary printer driver settings; page setup itself is in the sheet
        "drawing",  # counted by what is inside (charts, pictures, shapes)
        "vmlDrawing",  # counted by what is inside (comments, controls)
        "comments",  # counted per cell below
        "custom-properties",  # counted per property below: LibreOffice writes an empty one
        # counted by their elements in the sheet or drawing instead (one count per object):
        "image",
        "slicer",
        "ctrlProp",
        "sheetMetadata",  # the spilled formulas that need it are counted per cell
    }
)

# Readable names for relationship types (singular; `describe` pluralises).
_KINDS = {
    "chart": "chart",
    "image": "picture",
    "chartsheet": "chart sheet",
    "pivotTable": "pivot table",
    "pivotCacheDefinition": "pivot cache",
    "pivotCacheRecords": "pivot cache records part",
    "vbaProject": "VBA macro project",
    "slicer": "slicer",
    "slicerCache": "slicer cache",
    "timeline": "timeline",
    "timelineCache": "timeline cache",
    "externalLink": "link to another workbook",
    "ctrlProp": "form control",
    "threadedComment": "threaded comment (Excel 365 conversation)",
    "person": "list of comment authors",
    "customXml": "custom XML part",
    "table": "table",
    "connections": "data connection",
    "queryTable": "query table",
    "activeXControlBinary": "ActiveX control",
    "control": "ActiveX control",
    "oleObject": "embedded object",
    "package": "embedded document",
    "chartUserShapes": "shape drawn on a chart",
    "chartStyle": "chart style",
    "chartColorStyle": "chart colour scheme",
    "ui/extensibility": "custom ribbon",
    "extensibility": "custom ribbon",
    "webextension": "Office add-in part",
    "webextensiontaskpanes": "Office add-in task pane",
    "volatileDependencies": "real-time data (RTD) part",
    "richValue": "rich value (linked data type)",
    "rdRichValue": "rich value (linked data type)",
    "model": "data model",
    "powerPivotData": "data model",
}

# Elements counted inside worksheet XML: (prefixed?, local name) → readable kind.
# A prefix means an Excel 2010+ extension (x14:…), which openpyxl does not keep.
_SHEET_ELEMENTS = {
    (False, "c"): None,  # skipped: cells are compared value by value elsewhere
    (False, "f"): None,
    (False, "cfRule"): "conditional format",
    (True, "cfRule"): "Excel 2010 conditional format (data bar or icon set)",
    (False, "dataValidation"): "data validation rule",
    (True, "dataValidation"): "Excel 2010 data validation rule (list from another sheet)",
    (True, "sparklineGroup"): "sparkline group",
    (True, "slicer"): "slicer",
    (True, "timelineRef"): "timeline",
    (False, "hyperlink"): "hyperlink",
    (False, "mergeCell"): "merged range",
    (False, "control"): "form control",
    (False, "oleObject"): "embedded object",
    (False, "picture"): "background picture",
    (False, "legacyDrawingHF"): "picture in the page header or footer",
    (False, "protectedRange"): "protected range",
    (False, "customSheetView"): "custom view",
    (False, "sheetProtection"): "sheet protection",
    (False, "autoFilter"): "filter",
    (False, "cellWatch"): "watched cell",
    (False, "scenario"): "scenario",
    (False, "dataConsolidate"): "data consolidation",
    (False, "ignoredError"): "ignored-error marker (green triangles)",
    (False, "rowBreaks"): "page breaks",
    (False, "colBreaks"): "page breaks",
}
_SHEET_TAG = re.compile(
    rb"<(?:(\w+):)?(cfRule|dataValidation|sparklineGroup|slicer|timelineRef|"
    rb"hyperlink|mergeCell|control|oleObject|picture|legacyDrawingHF|protectedRange|"
    rb"customSheetView|sheetProtection|autoFilter|cellWatch|scenario|dataConsolidate|"
    rb"ignoredError|rowBreaks|colBreaks)[\s/>]"
)
_DRAWING_ITEM = re.compile(rb"<(?:\w+:)?(pic|sp|grpSp|cxnSp|graphicFrame|contentPart)[\s>]")
_COMMENT = re.compile(rb"<(?:\w+:)?comment[\s>]")
_PROPERTY = re.compile(rb"<(?:\w+:)?property[\s>]")
_DYNAMIC_ARRAY = re.compile(rb'<c [^>]*\bcm="')
_DEFINED_NAME = re.compile(rb"<definedName\b([^>]*)>")
_WORKBOOK_TAGS = re.compile(
    rb"<(?:(\w+):)?(workbookProtection|fileSharing|customWorkbookView|"
    rb"slicerCache|timelineCacheRef|pivotCache|externalReference|functionGroup)[\s/>]"
)
_WORKBOOK_KINDS = {
    "workbookProtection": "workbook protection",
    "fileSharing": "write-protection password",
    "customWorkbookView": "custom view",
    "slicerCache": None,  # counted through the slicer cache parts
    "timelineCacheRef": None,
    "pivotCache": None,  # counted through the pivot parts
    "externalReference": None,  # counted through the external link parts
    "functionGroup": "custom function group",
}
_DRAWING_KINDS = {
    "pic": "picture",
    "sp": "shape or text box",
    "grpSp": "group of shapes",
    "cxnSp": "connector line",
    "contentPart": "ink drawing",
}


@dataclass(frozen=True, slots=True, order=True)
class Feature:
    """One kind of thing in a workbook, and the sheet it is on (None: the workbook)."""

    kind: str
    sheet: str | None = None

    def describe(self, count: int) -> str:
        """`2 charts on sheet Dashboard`."""
        noun = self.kind if count == 1 else _plural(self.kind)
        where = f" on sheet {self.sheet}" if self.sheet else ""
        return f"{count} {noun}{where}"


def inventory(source: Path | bytes, skip_sheets: Collection[str] = ()) -> Counter[Feature]:
    """Count what the package holds, per sheet, by walking its relationships.

    Sheets named in `skip_sheets` (any case) are not looked into: pmkit replaces them.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAWorkbookError(f"{source!s:.80} is not an Excel workbook: {exc}") from exc
    with archive:
        return _Walker(archive, {name.casefold() for name in skip_sheets}).run()


def sheet_names(source: Path) -> list[str]:
    """The workbook's sheet names, in order, from its package."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAWorkbookError(f"{source.name} is not an Excel workbook: {exc}") from exc
    with archive:
        walker = _Walker(archive)
        walker.run()
        return walker.sheet_order


class _Walker:
    def __init__(self, archive: zipfile.ZipFile, skip: Collection[str] = ()) -> None:
        self.archive = archive
        self.skip = skip
        self.names = set(archive.namelist())
        self.found: Counter[Feature] = Counter()
        self.seen: set[str] = set()
        self.sheet_order: list[str] = []

    def run(self) -> Counter[Feature]:
        sheets = self._sheet_names()
        self._walk("", None, sheets)
        return self.found

    def _sheet_names(self) -> dict[str, str]:
        """Worksheet part name → sheet name."""
        workbook = self._target_of_type("", "officeDocument")
        if workbook is None:
            return {}
        rels = {rel_id: target for rel_id, _, target in self._rels(workbook)}
        root = ElementTree.fromstring(self.archive.read(workbook))
        names = {}
        self.sheet_order = [sheet.get("name", "") for sheet in root.iter(f"{_MAIN_NS}sheet")]
        for sheet in root.iter(f"{_MAIN_NS}sheet"):
            target = rels.get(sheet.get(f"{_R_NS}id", ""))
            if target:
                names[target] = sheet.get("name", "")
        return names

    def _walk(self, part: str, sheet: str | None, sheets: dict[str, str]) -> None:
        for _, rel_type, target in self._rels(part):
            if target in self.seen:
                continue
            self.seen.add(target)
            kind = rel_type.rsplit("/relationships/", 1)[-1]
            owner = sheets.get(target, sheet)
            if owner is not None and owner.casefold() in self.skip:
                continue
            if kind == "officeDocument":
                self._count_workbook(target)
            elif kind == "worksheet":
                self._count_sheet(target, owner)
            elif kind == "drawing":
                self._count_drawing(target, owner)
            elif kind == "comments":
                self._count_comments(target, owner)
            elif kind == "custom-properties":
                properties = len(_PROPERTY.findall(self._read(target)))
                if properties:
                    self.found[Feature("custom document property")] += properties
            if kind not in _PLUMBING:
                self.found[Feature(_KINDS.get(kind, f"{kind} part"), owner)] += 1
            if target in self.names:
                self._walk(target, owner, sheets)

    def _count_workbook(self, part: str) -> None:
        data = self._read(part)
        for prefix, name in _WORKBOOK_TAGS.findall(data):
            kind = _WORKBOOK_KINDS.get(name.decode())
            if kind and not prefix:
                self.found[Feature(kind)] += 1
        scoped: set[tuple[str, str | None]] = set()
        for attributes in _DEFINED_NAME.findall(data):
            name = _attribute(attributes, b"name") or ""
            if name == "_xlnm._FilterDatabase":
                continue  # Excel rebuilds its hidden filter names; openpyxl does not keep them
            local = _attribute(attributes, b"localSheetId")
            if (name.casefold(), local) in scoped:
                continue  # one name per scope: LibreOffice writes print titles twice
            scoped.add((name.casefold(), local))
            sheet = None
            if local is not None and local.isdigit() and int(local) < len(self.sheet_order):
                sheet = self.sheet_order[int(local)]
            kind = "print titles or area" if name.startswith("_xlnm.") else "defined name"
            self.found[Feature(kind, sheet)] += 1

    def _count_sheet(self, part: str, sheet: str | None) -> None:
        data = self._read(part)
        for prefix, name in _SHEET_TAG.findall(data):
            kind = _SHEET_ELEMENTS.get((bool(prefix), name.decode()))
            if kind:
                self.found[Feature(kind, sheet)] += 1
        spilled = len(_DYNAMIC_ARRAY.findall(data))
        if spilled:
            self.found[Feature("spilled formula (dynamic array)", sheet)] += spilled

    def _count_drawing(self, part: str, sheet: str | None) -> None:
        data = self._read(part)
        for name in _DRAWING_ITEM.findall(data):
            kind = _DRAWING_KINDS.get(name.decode())
            if kind:
                self.found[Feature(kind, sheet)] += 1

    def _count_comments(self, part: str, sheet: str | None) -> None:
        self.found[Feature("comment", sheet)] += len(_COMMENT.findall(self._read(part)))

    def _target_of_type(self, part: str, kind: str) -> str | None:
        for _, rel_type, target in self._rels(part):
            if rel_type.endswith("/" + kind):
                return target
        return None

    def _rels(self, part: str) -> list[tuple[str, str, str]]:
        folder, name = posixpath.split(part)
        rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels_path not in self.names:
            return []
        root = ElementTree.fromstring(self.archive.read(rels_path))
        found = []
        for rel in root.iter(f"{_REL_NS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            if target.startswith("/"):
                target = target[1:]
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            found.append((rel.get("Id", ""), rel.get("Type", ""), target))
        return found

    def _read(self, part: str) -> bytes:
        return self.archive.read(part) if part in self.names else b""


def _attribute(attributes: bytes, name: bytes) -> str | None:
    match = re.search(rb"\b" + name + rb'="([^"]*)"', attributes)
    return None if match is None else match.group(1).decode("utf-8", "replace")


def _plural(noun: str) -> str:
    head, sep, tail = noun.partition(" (")
    words = head.split(" ")
    for i, word in enumerate(words):
        if word in ("of", "on", "in", "from", "to"):
            words[i - 1] = _plural_word(words[i - 1])
            break
    else:
        words[-1] = _plural_word(words[-1])
    return " ".join(words) + sep + tail


def _plural_word(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"
