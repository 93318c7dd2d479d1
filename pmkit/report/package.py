"""Write output sheets straight into the workbook package; every other part stays as it is.

An .xlsx is a zip of parts. Rather than load the whole workbook into openpyxl and
save it again (slow, and openpyxl drops charts' formatting, pictures, slicers,
sparklines and more), the report adds or replaces just the output sheets' own parts
and makes the few small edits that list them:

* `xl/workbook.xml` — a `<sheet>` entry per new sheet; print titles, pmkit's mark on
  each sheet it writes (`PMKIT_OUTPUT`, see `pmkit.report.ownership`) and the active tab;
* its relationships and `[Content_Types].xml` — one entry per new part;
* `xl/styles.xml` — the report's cell styles appended after the owner's.

Every other part — the owner's sheets, charts, pictures, macros, pivot tables,
slicers — is copied byte for byte. A replaced sheet's own attached parts (the drawing
and chart of a History sheet) go with it. Anything unexpected in the package raises
`PackageLayoutError`, and the caller falls back to the openpyxl writer with its
refusal rules. Which sheets may be replaced is decided before this runs.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Sequence
from html import escape, unescape
from io import BytesIO
from pathlib import Path

from pmkit.outputs import OutputSheet
from pmkit.outputs.layout import page_setup
from pmkit.report.ownership import OUTPUT_MARKER, REPORT_MARKER
from pmkit.report.sheet_xml import URL_LINK_ID, sheet_xml, url_links
from pmkit.report.stylebook import StyleBook, StyleLayoutError
from pmkit.report.xlsx import chart_parts

__all__ = ["Package", "PackageLayoutError", "graft_sheets"]

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "[Content_Types].xml"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


class PackageLayoutError(Exception):
    """The package is not laid out as expected; use the openpyxl writer instead."""


def graft_sheets(
    source: Path | bytes,
    target: Path,
    sheets: Sequence[OutputSheet],
    *,
    activate: str | None = None,
    report_copy: bool = False,
    edit: Callable[[Package], None] | None = None,
) -> None:
    """Write `source` plus `sheets` (added, or replacing sheets of the same name) to `target`.

    `activate` names the sheet the workbook opens at (None: leave the owner's choice);
    `report_copy` marks the whole file as pmkit's (a report copy, replaced on the next run);
    `edit` changes other parts first (*Set baseline*'s cells in the Plan sheet).
    """
    try:
        with zipfile.ZipFile(BytesIO(source) if isinstance(source, bytes) else source) as archive:
            infos = archive.infolist()
            parts = {info.filename: archive.read(info) for info in infos}
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise PackageLayoutError(str(exc)) from exc
    package = Package(parts)
    try:
        if edit is not None:
            edit(package)
        package.add_sheets(sheets, activate, report_copy)
    except StyleLayoutError as exc:
        raise PackageLayoutError(str(exc)) from exc
    # Level 1: a report is written often and read rarely; it is ~20 % larger, 3× faster.
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        written = set()
        for info in infos:
            if info.filename in package.parts:
                out.writestr(
                    info,
                    package.parts[info.filename],
                    compress_type=info.compress_type,
                    compresslevel=1,
                )
                written.add(info.filename)
        for name, data in package.parts.items():
            if name not in written:
                out.writestr(name, data, compresslevel=1)


class Package:
    """The package's parts by name, and the edits that add sheets to it."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self.parts = parts
        self.workbook = _target(parts, "", "officeDocument")
        self.workbook_rels = _rels_path(self.workbook)
        self.xml = self._text(self.workbook)
        self.rels = self._text(self.workbook_rels)
        self.styles = _target(parts, self.workbook, "styles")
        self.date1904 = bool(re.search(r'date1904="(1|true)"', self.xml))

    def add_sheets(
        self, sheets: Sequence[OutputSheet], activate: str | None, report_copy: bool
    ) -> None:
        book = StyleBook(self._text(self.styles))
        entries = self.sheet_entries()
        for sheet in sheets:
            key = sheet.name.casefold()
            existing = next((e for e in entries if e[0].casefold() == key), None)
            if existing is None:
                part = self._new_sheet_part(sheet.name)
            else:
                part = existing[2]
                if not self._is_worksheet(existing[1]):
                    raise PackageLayoutError(f"{sheet.name} is not a worksheet")
                self._drop_attached(part)  # the old sheet's links, drawings, charts go with it
                self._drop_calc_chain()
            drawing = self._add_chart(part, sheet)
            self._add_url_links(part, sheet)
            selected = activate == sheet.name
            self.parts[part] = sheet_xml(sheet, book, self.date1904, selected, drawing)
            entries = self.sheet_entries()
        self.parts[self.styles] = book.xml().encode()
        names = [e[0] for e in entries]
        self._set_defined_names(sheets, names, report_copy)
        if activate is not None:
            self._activate(activate, names, entries)
        self.parts[self.workbook] = self.xml.encode()
        self.parts[self.workbook_rels] = self.rels.encode()

    def _drop_attached(self, part: str) -> None:
        """Remove `part`'s relationships and the parts only it links to (recursively)."""
        rels = self.parts.pop(_rels_path(part), None)
        if rels is None:
            return
        for _, _, target in _relationships(rels.decode("utf-8"), part):
            if target in self.parts and not self._linked_from_elsewhere(target):
                del self.parts[target]
                self._set_override(target, None)
                self._drop_attached(target)

    def _linked_from_elsewhere(self, target: str) -> bool:
        for name, data in self.parts.items():
            if not name.endswith(".rels"):
                continue
            source = _source_of_rels(name)
            if any(t == target for _, _, t in _relationships(data.decode("utf-8"), source)):
                return True
        return False

    def _add_chart(self, part: str, sheet: OutputSheet) -> str | None:
        """Write the drawing and chart parts of `sheet.chart`; the drawing's relationship id."""
        found = chart_parts(sheet)
        if found is None:
            return None
        drawing_xml, chart_xml = found
        folder = posixpath.dirname(self.workbook)
        drawing = _free_part(self.parts, f"{folder}/drawings/drawing{{}}.xml")
        self.parts[drawing] = drawing_xml
        chart = _free_part(self.parts, f"{folder}/charts/chart{{}}.xml")
        self.parts[chart] = chart_xml
        self.parts[_rels_path(drawing)] = _rels_xml(("rId1", "chart", chart))
        self.parts[_rels_path(part)] = _rels_xml(("rId1", "drawing", drawing))
        self._set_override(drawing, _DRAWING_TYPE)
        self._set_override(chart, _CHART_TYPE)
        return "rId1"

    def _add_url_links(self, part: str, sheet: OutputSheet) -> None:
        """The relationships of the sheet's web and file hyperlinks (`url_links`)."""
        urls = url_links(sheet)
        if not urls:
            return
        rels = self.parts.get(_rels_path(part)) or _rels_xml()
        items = "".join(
            f'<Relationship Id="{URL_LINK_ID.format(n)}" Type="{_REL}/hyperlink" '
            f'Target="{escape(url)}" TargetMode="External"/>'
            for n, url in enumerate(urls, start=1)
        )
        text = _insert_before(rels.decode("utf-8"), "</Relationships>", items)
        self.parts[_rels_path(part)] = text.encode()

    def _set_override(self, part: str, content_type: str | None) -> None:
        """Declare `part`'s content type (None: remove its declaration)."""
        types = self._text(_TYPES)
        types = re.sub(rf'<Override\b[^>]*PartName="/{re.escape(part)}"[^>]*/>', "", types)
        if content_type is not None:
            override = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
            types = _insert_before(types, "</Types>", override)
        self.parts[_TYPES] = types.encode()

    def _text(self, part: str) -> str:
        if part not in self.parts:
            raise PackageLayoutError(f"missing part {part}")
        return self.parts[part].decode("utf-8")

    def _is_worksheet(self, rel_id: str) -> bool:
        return any(
            found == rel_id and rel_type == f"{_REL}/worksheet"
            for found, rel_type, _ in _relationships(self.rels, self.workbook)
        )

    def _drop_calc_chain(self) -> None:
        """Excel's cache of formula order may name cells of the replaced sheet; Excel
        rebuilds it when it is missing, but reports a damaged file when it is wrong."""
        for rel_id, rel_type, target in _relationships(self.rels, self.workbook):
            if rel_type == f"{_REL}/calcChain":
                self.parts.pop(target, None)
                self.rels = re.sub(rf'<Relationship\b[^>]*\bId="{rel_id}"[^>]*/>', "", self.rels)
                self._set_override(target, None)

    def sheet_entries(self) -> list[tuple[str, str, str]]:
        """(name, relationship id, part) of every sheet, in workbook order."""
        targets = {rel_id: target for rel_id, _, target in _relationships(self.rels, self.workbook)}
        entries = []
        for element in re.findall(r"<sheet\b[^>]*>", self.xml):
            name = re.search(r'\bname="([^"]*)"', element)
            rel_id = re.search(r'\b\w+:id="([^"]*)"', element)
            if name is None or rel_id is None or rel_id.group(1) not in targets:
                raise PackageLayoutError(f"unreadable sheet entry {element}")
            entries.append((unescape(name.group(1)), rel_id.group(1), targets[rel_id.group(1)]))
        return entries

    def linked_parts(self, part: str, kind: str) -> list[str]:
        """The parts `part` links to with relationships of type `kind` (`table`, …)."""
        rels = self.parts.get(_rels_path(part))
        if rels is None:
            return []
        found = _relationships(rels.decode("utf-8"), part)
        return [target for _, rel_type, target in found if rel_type == f"{_REL}/{kind}"]

    def _new_sheet_part(self, name: str) -> str:
        folder = posixpath.dirname(self.workbook)
        number = 1
        while f"{folder}/worksheets/sheet{number}.xml" in self.parts:
            number += 1
        part = f"{folder}/worksheets/sheet{number}.xml"
        ids = set(re.findall(r'\bId="([^"]*)"', self.rels))
        rel_id = f"rIdPmkit{number}"
        while rel_id in ids:
            rel_id += "x"
        sheet_ids = [int(i) for i in re.findall(r'<sheet\b[^>]*\bsheetId="(\d+)"', self.xml)]
        sheet_id = max(sheet_ids, default=0) + 1
        relationship = f'<Relationship Id="{rel_id}" Type="{_REL}/worksheet" Target="/{part}"/>'
        self.rels = _insert_before(self.rels, "</Relationships>", relationship)
        prefix = _prefix_for(self.xml, _REL)
        entry = f'<sheet name="{escape(name)}" sheetId="{sheet_id}" {prefix}:id="{rel_id}"/>'
        self.xml = _insert_before(self.xml, "</sheets>", entry)
        self._set_override(part, _SHEET_TYPE)
        return part

    def _set_defined_names(
        self, sheets: Sequence[OutputSheet], names: list[str], report_copy: bool
    ) -> None:
        """Print titles and pmkit's mark on every sheet written (and on a report copy)."""
        index = {name.casefold(): i for i, name in enumerate(names)}
        ours = {index[s.name.casefold()] for s in sheets}

        # Our sheets' old print titles, filters and marks go; the owner's names stay.
        def keep(match: re.Match[str]) -> str:
            element = match.group(0)
            local = re.search(r'localSheetId="(\d+)"', element)
            ours_before = local is not None and int(local.group(1)) in ours
            if ours_before and ('"_xlnm.' in element or f'name="{OUTPUT_MARKER}"' in element):
                return ""
            if report_copy and f'name="{REPORT_MARKER}"' in element:
                return ""
            return element

        self.xml = re.sub(r"<definedName\b[^>]*>.*?</definedName>", keep, self.xml, flags=re.S)
        added = []
        if report_copy:
            added.append(f'<definedName name="{REPORT_MARKER}" hidden="1">"report"</definedName>')
        for sheet in sheets:
            local = index[sheet.name.casefold()]
            value = escape(f'"{sheet.name.replace(chr(34), chr(34) * 2)}"', quote=False)
            added.append(
                f'<definedName name="{OUTPUT_MARKER}" localSheetId="{local}" hidden="1">'
                f"{value}</definedName>"
            )
            titles = print_titles(sheet)
            if titles:
                added.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{local}">'
                    f"{escape(titles, quote=False)}</definedName>"
                )
        if "</definedNames>" in self.xml:
            self.xml = _insert_before(self.xml, "</definedNames>", "".join(added))
        elif re.search(r"<definedNames\s*/>", self.xml):
            self.xml = re.sub(
                r"<definedNames\s*/>", f"<definedNames>{''.join(added)}</definedNames>", self.xml
            )
        else:
            block = f"<definedNames>{''.join(added)}</definedNames>"
            anchor = re.search(
                r"<calcPr\b|<oleSize\b|<customWorkbookViews\b|<pivotCaches\b|"
                r"<smartTagPr\b|<smartTagTypes\b|<webPublishing\b|<fileRecoveryPr\b|"
                r"<webPublishObjects\b|<extLst\b|</workbook>",
                self.xml,
            )
            if anchor is None:
                raise PackageLayoutError("workbook.xml has no end")
            self.xml = self.xml[: anchor.start()] + block + self.xml[anchor.start() :]

    def _activate(self, name: str, names: list[str], entries: list[tuple[str, str, str]]) -> None:
        tab = names.index(name)
        view = re.search(r"<workbookView\b[^>]*?/?>", self.xml)
        if view is None:
            return
        element = re.sub(r'\s(activeTab|firstSheet)="\d+"', "", view.group(0))
        element = element.replace("<workbookView", f'<workbookView activeTab="{tab}"', 1)
        self.xml = self.xml[: view.start()] + element + self.xml[view.end() :]
        for sheet_name, _, part in entries:
            if sheet_name != name and part in self.parts:
                data = self.parts[part]
                head = data[:4096]
                if b"tabSelected" in head:
                    cleaned = re.sub(rb'\stabSelected="(1|true)"', b"", head)
                    self.parts[part] = cleaned + data[4096:]


def print_titles(sheet: OutputSheet) -> str | None:
    """Excel's print titles of `sheet`: `'Gantt'!$A:$E,'Gantt'!$1:$2` (columns, then rows)."""
    setup = page_setup(sheet)
    quoted = "'" + sheet.name.replace("'", "''") + "'"
    parts = []
    if setup.title_columns_ref:
        first, last = setup.title_columns_ref.split(":")
        parts.append(f"{quoted}!${first}:${last}")
    if setup.title_rows_ref:
        first, last = setup.title_rows_ref.split(":")
        parts.append(f"{quoted}!${first}:${last}")
    return ",".join(parts) or None


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _source_of_rels(rels_part: str) -> str:
    """`xl/_rels/workbook.xml.rels` → `xl/workbook.xml` (`_rels/.rels` → the package, "")."""
    folder, name = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")]).lstrip("/")


def _free_part(parts: dict[str, bytes], pattern: str) -> str:
    number = 1
    while pattern.format(number) in parts:
        number += 1
    return pattern.format(number)


def _rels_xml(*relationships: tuple[str, str, str]) -> bytes:
    items = "".join(
        f'<Relationship Id="{rel_id}" Type="{_REL}/{kind}" Target="/{target}"/>'
        for rel_id, kind, target in relationships
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        f'"http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'
    ).encode()


def _relationships(rels: str, source_part: str) -> list[tuple[str, str, str]]:
    folder = posixpath.dirname(source_part)
    found = []
    for element in re.findall(r"<Relationship\b[^>]*>", rels):
        rel_id = re.search(r'\bId="([^"]*)"', element)
        rel_type = re.search(r'\bType="([^"]*)"', element)
        target = re.search(r'\bTarget="([^"]*)"', element)
        if (
            rel_id is None
            or rel_type is None
            or target is None
            or 'TargetMode="External"' in element
        ):
            continue
        path = unescape(target.group(1))
        path = (
            path[1:] if path.startswith("/") else posixpath.normpath(posixpath.join(folder, path))
        )
        found.append((rel_id.group(1), rel_type.group(1), path))
    return found


def _target(parts: dict[str, bytes], source: str, kind: str) -> str:
    rels = parts.get(_rels_path(source) if source else "_rels/.rels")
    if rels is None:
        raise PackageLayoutError(f"no relationships for {source or 'the package'}")
    for _, rel_type, target in _relationships(rels.decode("utf-8"), source):
        if rel_type == f"{_REL}/{kind}":
            return target
    raise PackageLayoutError(f"no {kind} part")


def _prefix_for(xml: str, namespace: str) -> str:
    found = re.search(rf'xmlns:(\w+)="{re.escape(namespace)}"', xml)
    if found is None:
        raise PackageLayoutError("workbook.xml does not declare the relationships namespace")
    return found.group(1)


def _insert_before(text: str, marker: str, insertion: str) -> str:
    position = text.rfind(marker)
    if position < 0:
        raise PackageLayoutError(f"{marker} not found")
    return text[:position] + insertion + text[position:]
