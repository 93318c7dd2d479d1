# ruff: noqa: E501  (XML parts written out as Excel lays them)
"""An owner's workbook holding everything they might add, for the Nothing-lost tests.

openpyxl builds the parts it can write (sheets, formulas, formats, validations,
conditional formats, defined names, tables, comments, a chart); the rest (a picture,
a VBA project, slicers, sparklines, threaded comments, …) are added to the zip by
hand, exactly as Excel lays them out, so the tests see what openpyxl does to them.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

PLAN_HEADER = ["ID", "Task", "Owner", "Duration", "Predecessors", "% Complete", "Budget", "Mine"]
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101"
    "00c9fe92ef0000000049454e44ae426082"
)
# Not a real compiled VBA project, but the part and its links are laid out as Excel does.
VBA_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4
EXTRAS = (
    "chart",
    "image",
    "macros",
    "slicer",
    "sparkline",
    "threaded-comment",
    "custom-xml",
    "external-link",
    "form-control",
    "dynamic-array",
    "x14-validation",
    "pivot",
)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MS_REL = "http://schemas.microsoft.com/office/2006/relationships"


def build_owner_workbook(path: Path, extras: frozenset[str] = frozenset()) -> Path:
    """Write the workbook; `extras` picks parts from EXTRAS (an .xlsm when "macros")."""
    wb = Workbook()
    plan = wb.active
    assert plan is not None
    plan.title = "Plan"
    plan.append(PLAN_HEADER)
    rows = [
        (1, "Kick-off", "Ann", 1, None, 1.0, 500),
        (2, "Design", "Vendor", 5, "1", 0.5, 4000),
        (3, "Build", "Vendor", 10, "2", 0, 12000),
        (4, "Launch", "Ann", 0, "3", 0, 0),
    ]
    for i, row in enumerate(rows, start=2):
        plan.append([*row, f"=G{i}*1.2"])
    plan["B2"].font = Font(bold=True, color="1F4E79")
    plan["F3"].number_format = "0%"
    plan["G2"].fill = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
    plan["B3"].comment = Comment("Check with the vendor", "Owner")
    plan.add_table(Table(displayName="Plan", ref="A1:H5"))
    owners = DataValidation(type="list", formula1='"Ann,Vendor"', allow_blank=True)
    owners.add("C2:C100")
    plan.add_data_validation(owners)
    plan.conditional_formatting.add(
        "D2:D100",
        CellIsRule(  # type: ignore[no-untyped-call]  # openpyxl's stubs leave CellIsRule unannotated
            operator="greaterThan",
            formula=["5"],
            fill=PatternFill("solid", start_color="F4CCCC", end_color="F4CCCC"),
        ),
    )
    settings = wb.create_sheet("Settings")
    settings.append(["Setting", "Value"])
    settings.append(["Project", "Owner's project"])
    settings.append(["Status Date", date(2026, 3, 13)])
    settings["B3"].number_format = "d mmm yyyy"
    notes = wb.create_sheet("My notes")
    notes["A1"] = "Budget total"
    notes["B1"] = "=SUM(Plan!G2:G5)"
    notes["A2"] = "Spent"
    notes["B2"] = 1234.5
    notes["B2"].number_format = "#,##0.00"
    notes["C5"] = '=IF(B2>1000,"over","ok")'
    notes.merge_cells("A7:C7")
    notes["A7"] = "A merged note"
    notes.column_dimensions["A"].width = 22
    notes.freeze_panes = "A2"
    wb.defined_names["TotalBudget"] = DefinedName("TotalBudget", attr_text="'My notes'!$B$1")
    if "chart" in extras:
        dashboard = wb.create_sheet("Dashboard")
        dashboard["A1"] = "Budget by task"
        chart = BarChart()
        chart.add_data(Reference(plan, min_col=7, min_row=1, max_row=5), titles_from_data=True)
        dashboard.add_chart(chart, "B3")
    suffix = ".xlsm" if "macros" in extras else ".xlsx"
    path = path.with_suffix(suffix)
    wb.save(path)
    _add_parts(path, extras)
    return path


def _add_parts(path: Path, extras: frozenset[str]) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    types = parts["[Content_Types].xml"].decode()
    workbook_rels = parts["xl/_rels/workbook.xml.rels"].decode()
    sheet1 = parts["xl/worksheets/sheet1.xml"].decode()
    sheet1_rels = parts.get("xl/worksheets/_rels/sheet1.xml.rels", b"").decode() or _EMPTY_RELS
    if "macros" in extras:
        types = types.replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
        types = _add_override(types, "/xl/vbaProject.bin", "application/vnd.ms-office.vbaProject")
        parts["xl/vbaProject.bin"] = VBA_BYTES
        workbook_rels = _add_rel(workbook_rels, "rIdVba", f"{_MS_REL}/vbaProject", "vbaProject.bin")
    if "image" in extras:
        parts["xl/media/image9.png"] = PNG_1PX
        types = _add_default(types, "png", "image/png")
        drawing = (
            '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            f'xmlns:r="{_REL}"><xdr:oneCellAnchor><xdr:from><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff>'
            "<xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
            '<xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/>'
            '<xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rIdImg"/><a:stretch>'
            '<a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/>'
            "</a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>"
        )
        parts["xl/drawings/drawing9.xml"] = drawing.encode()
        parts["xl/drawings/_rels/drawing9.xml.rels"] = _add_rel(
            _EMPTY_RELS, "rIdImg", f"{_REL}/image", "../media/image9.png"
        ).encode()
        types = _add_override(
            types,
            "/xl/drawings/drawing9.xml",
            "application/vnd.openxmlformats-officedocument.drawing+xml",
        )
        sheet1_rels = _add_rel(sheet1_rels, "rIdDrw", f"{_REL}/drawing", "../drawings/drawing9.xml")
        sheet1 = _insert_before_end(
            sheet1, '<drawing r:id="rIdDrw"/>', before=("<legacyDrawing", "<tableParts")
        )
    if "threaded-comment" in extras:
        parts["xl/threadedComments/threadedComment1.xml"] = (
            b'<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            b'<threadedComment ref="B3" dT="2026-03-01T10:00:00" personId="{00000000-0000-0000-0000-000000000001}" '
            b'id="{00000000-0000-0000-0000-000000000002}"><text>Check with the vendor</text></threadedComment>'
            b"</ThreadedComments>"
        )
        types = _add_override(
            types,
            "/xl/threadedComments/threadedComment1.xml",
            "application/vnd.ms-excel.threadedcomments+xml",
        )
        sheet1_rels = _add_rel(
            sheet1_rels,
            "rIdTc",
            "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
            "../threadedComments/threadedComment1.xml",
        )
    if "custom-xml" in extras:
        parts["customXml/item1.xml"] = b'<?xml version="1.0"?><owner xmlns="urn:owner">data</owner>'
        workbook_rels = _add_rel(
            workbook_rels, "rIdCx", f"{_REL}/customXml", "../customXml/item1.xml"
        )
    if "external-link" in extras:
        parts["xl/externalLinks/externalLink1.xml"] = (
            b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="' + _REL.encode() + b'"><externalBook r:id="rId1"><sheetNames>'
            b'<sheetName val="Rates"/></sheetNames></externalBook></externalLink>'
        )
        parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/externalLinkPath" Target="rates.xlsx" TargetMode="External"/>'
            "</Relationships>"
        ).encode()
        types = _add_override(
            types,
            "/xl/externalLinks/externalLink1.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml",
        )
        workbook_rels = _add_rel(
            workbook_rels, "rIdExt", f"{_REL}/externalLink", "externalLinks/externalLink1.xml"
        )
        wb_xml = parts["xl/workbook.xml"].decode()
        wb_xml = wb_xml.replace(
            "</sheets>",
            '</sheets><externalReferences><externalReference r:id="rIdExt"/></externalReferences>',
        )
        wb_xml = _declare_r(wb_xml, "workbook")
        parts["xl/workbook.xml"] = wb_xml.encode()
    if "sparkline" in extras or "x14-validation" in extras or "slicer" in extras:
        exts = ""
        if "x14-validation" in extras:
            exts += (
                '<ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
                '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
                '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Settings!$A$2:$A$3</xm:f>'
                "</x14:formula1><xm:sqref>E2:E100</xm:sqref></x14:dataValidation></x14:dataValidations></ext>"
            )
        if "sparkline" in extras:
            exts += (
                '<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
                'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
                '<x14:sparklineGroups xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
                '<x14:sparklineGroup><x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline>'
                "<xm:f>Plan!D2:D5</xm:f><xm:sqref>I2</xm:sqref></x14:sparkline></x14:sparklines>"
                "</x14:sparklineGroup></x14:sparklineGroups></ext>"
            )
        if "slicer" in extras:
            exts += (
                '<ext uri="{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}" '
                'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
                '<x14:slicerList><x14:slicer r:id="rIdSl"/></x14:slicerList></ext>'
            )
            parts["xl/slicers/slicer1.xml"] = (
                b'<slicers xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
                b'<slicer name="Owner" cache="Slicer_Owner" caption="Owner" rowHeight="241300"/></slicers>'
            )
            types = _add_override(
                types, "/xl/slicers/slicer1.xml", "application/vnd.ms-excel.slicer+xml"
            )
            sheet1_rels = _add_rel(
                sheet1_rels,
                "rIdSl",
                "http://schemas.microsoft.com/office/2007/relationships/slicer",
                "../slicers/slicer1.xml",
            )
        sheet1 = sheet1.replace("</worksheet>", f"<extLst>{exts}</extLst></worksheet>")
    if "form-control" in extras:
        parts["xl/ctrlProps/ctrlProp1.xml"] = (
            b'<formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" '
            b'objectType="Button" lockText="1"/>'
        )
        types = _add_override(
            types, "/xl/ctrlProps/ctrlProp1.xml", "application/vnd.ms-excel.controlproperties+xml"
        )
        sheet1_rels = _add_rel(
            sheet1_rels, "rIdCtl", f"{_REL}/ctrlProp", "../ctrlProps/ctrlProp1.xml"
        )
        sheet1 = _insert_before_end(
            sheet1,
            '<controls><control shapeId="1025" r:id="rIdCtl" name="Refresh"/></controls>',
            before=("<tableParts", "<extLst"),
        )
    if "dynamic-array" in extras:
        parts["xl/metadata.xml"] = (
            b'<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
            b'<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" '
            b'copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" '
            b'clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>'
            b'<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
            b'<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>'
            b'<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>'
        )
        types = _add_override(
            types,
            "/xl/metadata.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml",
        )
        workbook_rels = _add_rel(workbook_rels, "rIdMeta", f"{_REL}/sheetMetadata", "metadata.xml")
        notes = parts["xl/worksheets/sheet3.xml"].decode()
        notes = re.sub(
            r'<row r="5"([^>]*)>',
            r'<row r="5"\1><c r="A5" cm="1"><f t="array" ref="A5:A6">SORT(Plan!A2:A5)</f><v>1</v></c>',
            notes,
            count=1,
        )
        parts["xl/worksheets/sheet3.xml"] = notes.encode()
    if "r:id=" in sheet1:
        sheet1 = _declare_r(sheet1, "worksheet")
    if "pivot" in extras:
        types, workbook_rels = _add_pivot(parts, types, workbook_rels)
    parts["[Content_Types].xml"] = types.encode()
    parts["xl/_rels/workbook.xml.rels"] = workbook_rels.encode()
    parts["xl/worksheets/sheet1.xml"] = sheet1.encode()
    if sheet1_rels != _EMPTY_RELS:
        parts["xl/worksheets/_rels/sheet1.xml.rels"] = sheet1_rels.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


_EMPTY_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
)


def _add_rel(rels: str, rel_id: str, rel_type: str, target: str) -> str:
    entry = f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"/>'
    if rels.rstrip().endswith("/>") and "<Relationships" in rels and "</Relationships>" not in rels:
        rels = rels.rstrip()[:-2] + "></Relationships>"
    return rels.replace("</Relationships>", entry + "</Relationships>")


def _add_override(types: str, part: str, content_type: str) -> str:
    return types.replace(
        "</Types>", f'<Override PartName="{part}" ContentType="{content_type}"/></Types>'
    )


def _add_default(types: str, ext: str, content_type: str) -> str:
    if f'Extension="{ext}"' in types:
        return types
    return types.replace(
        "</Types>", f'<Default Extension="{ext}" ContentType="{content_type}"/></Types>'
    )


def _insert_before_end(xml: str, element: str, before: tuple[str, ...]) -> str:
    for marker in before:
        if marker in xml:
            return xml.replace(marker, element + marker, 1)
    return xml.replace("</worksheet>", element + "</worksheet>")


def _declare_r(xml: str, root: str) -> str:
    match = re.search(rf"<{root}\b[^>]*>", xml)
    if match is None or "xmlns:r=" in match.group(0):
        return xml
    return xml.replace(f"<{root} ", f'<{root} xmlns:r="{_REL}" ', 1)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PIVOT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml."


def _add_pivot(parts: dict[str, bytes], types: str, workbook_rels: str) -> tuple[str, str]:
    """A pivot table of Duration by Owner on sheet "My notes", with its cache and records."""
    parts["xl/pivotCache/pivotCacheDefinition1.xml"] = (
        f'<pivotCacheDefinition xmlns="{_MAIN}" xmlns:r="{_REL}" r:id="rId1" refreshOnLoad="1" '
        'recordCount="4"><cacheSource type="worksheet"><worksheetSource ref="A1:D5" sheet="Plan"/>'
        '</cacheSource><cacheFields count="2"><cacheField name="Owner" numFmtId="0">'
        '<sharedItems count="2"><s v="Ann"/><s v="Vendor"/></sharedItems></cacheField>'
        '<cacheField name="Duration" numFmtId="0"><sharedItems containsSemiMixedTypes="0" '
        'containsString="0" containsNumber="1" containsInteger="1" minValue="0" maxValue="10"/>'
        "</cacheField></cacheFields></pivotCacheDefinition>"
    ).encode()
    parts["xl/pivotCache/pivotCacheRecords1.xml"] = (
        f'<pivotCacheRecords xmlns="{_MAIN}" count="4"><r><x v="0"/><n v="1"/></r>'
        '<r><x v="1"/><n v="5"/></r><r><x v="1"/><n v="10"/></r><r><x v="0"/><n v="0"/></r>'
        "</pivotCacheRecords>"
    ).encode()
    parts["xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"] = _add_rel(
        _EMPTY_RELS, "rId1", f"{_REL}/pivotCacheRecords", "pivotCacheRecords1.xml"
    ).encode()
    parts["xl/pivotTables/pivotTable1.xml"] = (
        f'<pivotTableDefinition xmlns="{_MAIN}" name="PivotTable1" cacheId="1" '
        'dataCaption="Values" applyNumberFormats="0" applyBorderFormats="0" '
        'applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" '
        'applyWidthHeightFormats="1" updatedVersion="6" createdVersion="6">'
        '<location ref="E3:F6" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/>'
        '<pivotFields count="2"><pivotField axis="axisRow" showAll="0"><items count="3">'
        '<item x="0"/><item x="1"/><item t="default"/></items></pivotField>'
        '<pivotField dataField="1" showAll="0"/></pivotFields><rowFields count="1"><field x="0"/>'
        '</rowFields><rowItems count="3"><i><x/></i><i><x v="1"/></i><i t="grand"><x/></i>'
        '</rowItems><colItems count="1"><i/></colItems><dataFields count="1">'
        '<dataField name="Sum of Duration" fld="1" baseField="0" baseItem="0"/></dataFields>'
        "</pivotTableDefinition>"
    ).encode()
    parts["xl/pivotTables/_rels/pivotTable1.xml.rels"] = _add_rel(
        _EMPTY_RELS,
        "rId1",
        f"{_REL}/pivotCacheDefinition",
        "../pivotCache/pivotCacheDefinition1.xml",
    ).encode()
    for part, kind in (
        ("pivotCache/pivotCacheDefinition1.xml", "pivotCacheDefinition+xml"),
        ("pivotCache/pivotCacheRecords1.xml", "pivotCacheRecords+xml"),
        ("pivotTables/pivotTable1.xml", "pivotTable+xml"),
    ):
        types = _add_override(types, f"/xl/{part}", _PIVOT_TYPE + kind)
    workbook_rels = _add_rel(
        workbook_rels,
        "rIdPc",
        f"{_REL}/pivotCacheDefinition",
        "pivotCache/pivotCacheDefinition1.xml",
    )
    workbook = _declare_r(parts["xl/workbook.xml"].decode(), "workbook")
    caches = '<pivotCaches><pivotCache cacheId="1" r:id="rIdPc"/></pivotCaches>'
    anchor = "</definedNames>" if "</definedNames>" in workbook else "</sheets>"
    parts["xl/workbook.xml"] = workbook.replace(anchor, anchor + caches, 1).encode()
    parts["xl/worksheets/_rels/sheet3.xml.rels"] = _add_rel(
        _EMPTY_RELS, "rIdPt", f"{_REL}/pivotTable", "../pivotTables/pivotTable1.xml"
    ).encode()
    return types, workbook_rels
