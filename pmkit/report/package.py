"""Write output sheets straight into the workbook package; every other part stays as it is.

An .xlsx is a zip of parts. Rather than load the whole workbook into openpyxl and
save it again (slow, and openpyxl drops charts' formatting, pictures, slicers,
sparklines and more), the report adds or replaces just the output sheets' own parts
and makes the four small edits that list them:

* `xl/workbook.xml` — a `<sheet>` entry per new sheet, print titles, the active tab;
* its relationships and `[Content_Types].xml` — one entry per new sheet;
* `xl/styles.xml` — the report's cell styles appended after the owner's.

Every other part — the owner's sheets, charts, pictures, macros, pivot tables,
slicers — is copied byte for byte. Strings are written inline (never as formulas: a
task named `=HYPERLINK(...)` stays text), so the shared-strings part is untouched too.
Anything unexpected in the package raises `PackageLayoutError`, and the caller falls
back to the openpyxl writer with its refusal rules.
"""

from __future__ import annotations

import math
import posixpath
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from html import escape, unescape
from pathlib import Path

from pmkit.outputs import Cell, OutputSheet, Role
from pmkit.report.layout import (
    auto_filter_ref,
    column_letter,
    freeze_cell,
    look_of,
    merged_range,
    print_title_rows,
    row_height,
    row_outlines,
)
from pmkit.report.stylebook import StyleBook, StyleLayoutError
from pmkit.report.xlsx import link_location, money_format

__all__ = ["PackageLayoutError", "graft_sheets"]

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_TEXT = 32767
_EPOCH_1900 = date(1899, 12, 30)
_EPOCH_1904 = date(1904, 1, 1)


class PackageLayoutError(Exception):
    """The package is not laid out as expected; use the openpyxl writer instead."""


def graft_sheets(
    source: Path, target: Path, sheets: Sequence[OutputSheet], *, activate: str | None = None
) -> None:
    """Write `source` plus `sheets` (added, or replacing sheets of the same name) to `target`.

    `activate` names the sheet the workbook opens at (None: leave the owner's choice).
    """
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            parts = {info.filename: archive.read(info) for info in infos}
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise PackageLayoutError(str(exc)) from exc
    package = _Package(parts)
    try:
        package.add_sheets(sheets, activate)
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


class _Package:
    def __init__(self, parts: dict[str, bytes]) -> None:
        self.parts = parts
        self.workbook = _target(parts, "", "officeDocument")
        self.workbook_rels = _rels_path(self.workbook)
        self.xml = self._text(self.workbook)
        self.rels = self._text(self.workbook_rels)
        self.styles = _target(parts, self.workbook, "styles")
        self.date1904 = bool(re.search(r'date1904="(1|true)"', self.xml))

    def add_sheets(self, sheets: Sequence[OutputSheet], activate: str | None) -> None:
        book = StyleBook(self._text(self.styles))
        entries = self._sheet_entries()
        for sheet in sheets:
            key = sheet.name.casefold()
            existing = next((e for e in entries if e[0].casefold() == key), None)
            if existing is None:
                part = self._new_sheet_part(sheet.name)
            else:
                part = existing[2]
                if not self._is_worksheet(existing[1]):
                    raise PackageLayoutError(f"{sheet.name} is not a worksheet")
                self.parts.pop(_rels_path(part), None)  # the old sheet's links go with it
                self._drop_calc_chain()
            self.parts[part] = _sheet_xml(sheet, book, self.date1904, activate == sheet.name)
            entries = self._sheet_entries()
        self.parts[self.styles] = book.xml().encode()
        names = [e[0] for e in entries]
        self._set_print_titles(sheets, names)
        if activate is not None:
            self._activate(activate, names, entries)
        self.parts[self.workbook] = self.xml.encode()
        self.parts[self.workbook_rels] = self.rels.encode()

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
                types = self._text("[Content_Types].xml")
                types = re.sub(
                    rf'<Override\b[^>]*PartName="/{re.escape(target)}"[^>]*/>', "", types
                )
                self.parts["[Content_Types].xml"] = types.encode()

    def _sheet_entries(self) -> list[tuple[str, str, str]]:
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
        types = self._text("[Content_Types].xml")
        override = f'<Override PartName="/{part}" ContentType="{_SHEET_TYPE}"/>'
        self.parts["[Content_Types].xml"] = _insert_before(types, "</Types>", override).encode()
        return part

    def _set_print_titles(self, sheets: Sequence[OutputSheet], names: list[str]) -> None:
        index = {name.casefold(): i for i, name in enumerate(names)}
        ours = {index[s.name.casefold()] for s in sheets}

        # Our sheets' old print titles and filter names go; the owner's stay untouched.
        def keep(match: re.Match[str]) -> str:
            local = re.search(r'localSheetId="(\d+)"', match.group(0))
            if local and int(local.group(1)) in ours and '"_xlnm.' in match.group(0):
                return ""
            return match.group(0)

        self.xml = re.sub(r"<definedName\b[^>]*>.*?</definedName>", keep, self.xml, flags=re.S)
        added = []
        for sheet in sheets:
            rows = print_title_rows(sheet)
            if rows:
                first, last = rows.split(":")
                quoted = escape("'" + sheet.name.replace("'", "''") + "'", quote=False)
                local = index[sheet.name.casefold()]
                added.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{local}">'
                    f"{quoted}!${first}:${last}</definedName>"
                )
        if not added:
            return
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


def _sheet_xml(sheet: OutputSheet, book: StyleBook, date1904: bool, selected: bool) -> bytes:
    money = money_format(sheet.currency)
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    outlines = row_outlines(sheet)
    # a finding sits above its details, so its outline button is on its own row
    outline_pr = '<outlinePr summaryBelow="0"/>' if outlines else ""
    outline_level = ' outlineLevelRow="1"' if outlines else ""
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{_REL}"><sheetPr>{outline_pr}<pageSetUpPr fitToPage="1"/></sheetPr>',
        _sheet_view(sheet, selected),
        f'<sheetFormatPr defaultRowHeight="15"{outline_level}/><cols>',
    ]
    for c, width in enumerate(sheet.widths, start=1):
        out.append(f'<col min="{c}" max="{c}" width="{width}" customWidth="1"/>')
    out.append("</cols><sheetData>")
    links: list[str] = []
    merges: list[str] = []
    marker = sheet.marker_column
    letters = [column_letter(c) for c in range(1, sheet.width + 2 + (marker or 0))]
    timeline = sheet.timeline_from or 10**9
    wraps = sheet.wrap_columns
    styles: dict[tuple[object, ...], int] = {}
    for r, row in enumerate(sheet.rows, start=1):
        height = row_height(sheet, r)
        outline = outlines.get(r)
        extra = ""
        if outline is not None:
            extra = (
                (f' outlineLevel="{outline.level}"' if outline.level else "")
                + (' hidden="1"' if outline.hidden else "")
                + (' collapsed="1"' if outline.collapsed else "")
            )
        out.append(
            f'<row r="{r}" ht="{height}" customHeight="1"{extra}>'
            if height
            else f'<row r="{r}"{extra}>'
        )
        role = row.role
        cells = list(row.cells)
        body_like = role is Role.BODY or role is Role.HEADER
        if marker and body_like and len(cells) < marker:
            cells += [Cell(None)] * (marker - len(cells))
        for c, item in enumerate(cells, start=1):
            ref = f"{letters[c - 1]}{r}"
            value, kind, tone, bold, link = item
            key = (
                role,
                kind,
                tone,
                bold,
                link is not None,
                c == marker and body_like,
                role is Role.HEADER and c >= timeline,
                role is Role.BODY and c in wraps,
            )
            style = styles.get(key)
            if style is None:
                style = styles[key] = book.index(look_of(sheet, item, role, c), money)
            out.append(_cell_xml(ref, style, value, epoch))
            if link is not None:
                links.append(
                    f'<hyperlink ref="{ref}" location="{escape(link_location(item))}" '
                    f'display="{escape(str(value or ""))}"/>'
                )
        out.append("</row>")
        merged = merged_range(sheet, r)
        if merged:
            merges.append(f'<mergeCell ref="{merged}"/>')
    out.append("</sheetData>")
    auto_filter = auto_filter_ref(sheet)
    if auto_filter:
        out.append(f'<autoFilter ref="{auto_filter}"/>')
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">{"".join(merges)}</mergeCells>')
    if links:
        out.append(f"<hyperlinks>{''.join(links)}</hyperlinks>")
    orientation = "landscape" if sheet.landscape else "portrait"
    out.append(
        '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>'
        f'<pageSetup orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
        "<headerFooter><oddFooter>&amp;L&amp;A&amp;RPage &amp;P of &amp;N</oddFooter>"
        "</headerFooter></worksheet>"
    )
    return "".join(out).encode("utf-8")


def _sheet_view(sheet: OutputSheet, selected: bool) -> str:
    zoom = 90 if sheet.timeline_from else 100
    tab = ' tabSelected="1"' if selected else ""
    head = f'<sheetViews><sheetView{tab} zoomScale="{zoom}" workbookViewId="0">'
    freeze = freeze_cell(sheet)
    if not freeze or sheet.header_row is None:
        return head + "</sheetView></sheetViews>"
    x, y = sheet.freeze_columns, sheet.header_row
    pane = "bottomRight" if x and y else "bottomLeft" if y else "topRight"
    split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
    return (
        f'{head}<pane{split} topLeftCell="{freeze}" activePane="{pane}" state="frozen"/>'
        f'<selection pane="{pane}" activeCell="{freeze}" sqref="{freeze}"/>'
        "</sheetView></sheetViews>"
    )


def _cell_xml(ref: str, style: int, value: object, epoch: date) -> str:
    if value is None:
        return f'<c r="{ref}" s="{style}"/>'
    kind = type(value)
    if kind is str:
        text = escape(_ILLEGAL_XML.sub("", str(value))[:_MAX_TEXT], quote=False)
        if "\r" in text:  # XML parsers turn a bare carriage return into a line feed
            text = text.replace("\r", "&#13;")
        return (
            f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
            f"{text}</t></is></c>"
        )
    if kind is date:
        return f'<c r="{ref}" s="{style}"><v>{(value - epoch).days}</v></c>'  # type: ignore[operator]
    if kind is int:
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{ref}" s="{style}"><v>{(value.date() - epoch).days}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}" s="{style}"><v>{(value - epoch).days}</v></c>'
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return f'<c r="{ref}" s="{style}"/>'
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    return _cell_xml(ref, style, str(value), epoch)


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


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
