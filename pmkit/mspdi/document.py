"""Opening an MSPDI file safely: size limit, defusedxml, and the Project root.

Hostile XML (a DTD, entity expansion such as the "billion laughs", external entities)
is refused before anything is expanded: Microsoft Project never writes a DTD, so any
DTD at all is treated as hostile.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET

from pmkit.engine.errors import PlanFileNotFoundError, ProjectFileError, UnsafeProjectFileError
from pmkit.engine.issues import Location
from pmkit.engine.schema import WORKBOOK_SUFFIXES

__all__ = ["MAX_FILE_BYTES", "NAMESPACE", "ProjectDocument", "load_project_document"]

NAMESPACE = "http://schemas.microsoft.com/project"
MAX_FILE_BYTES = 200 * 1024 * 1024
"""Largest MSPDI file read (200 MB, about 40,000 tasks as Microsoft Project writes them)."""


@dataclass(frozen=True, slots=True)
class ProjectDocument:
    """The parsed `<Project>` element and the namespace its children use."""

    root: ET.Element
    namespace: str
    name: str

    def location(self) -> Location:
        """Where a finding about the whole project sits: the file (`vendor.xml`)."""
        return Location(self.name)

    def calendar_location(self) -> Location:
        """Where a finding about the project calendar sits, as Project names it."""
        return Location(self.name, place=f"the project calendar in {self.name}")

    def tag(self, local: str) -> str:
        """The qualified tag of `local` in this document (`Task` → `{ns}Task`)."""
        return f"{{{self.namespace}}}{local}" if self.namespace else local

    def child(self, parent: ET.Element, local: str) -> ET.Element | None:
        return parent.find(self.tag(local))

    def children(self, parent: ET.Element, local: str) -> list[ET.Element]:
        return parent.findall(self.tag(local))

    def text(self, parent: ET.Element, local: str) -> str | None:
        """The stripped text of `parent`'s child `local`, or None when absent or empty."""
        element = parent.find(self.tag(local))
        if element is None or element.text is None:
            return None
        text = element.text.strip()
        return text or None


def load_project_document(path: str | Path, *, max_bytes: int | None = None) -> ProjectDocument:
    """Parse `path` as Microsoft Project XML, or raise `ProjectFileError` saying why not."""
    max_bytes = max_bytes or MAX_FILE_BYTES
    file_path = Path(path)
    name = file_path.name
    try:
        size = file_path.stat().st_size
        if size > max_bytes:
            raise UnsafeProjectFileError(
                f"{name} is {size / 2**20:.0f} MB, more than the {max_bytes // 2**20} MB "
                "pmkit reads of a Microsoft Project XML file"
            )
        data = file_path.read_bytes()
    except ProjectFileError:
        raise
    except FileNotFoundError as exc:
        raise PlanFileNotFoundError(f"{file_path}: no such file") from exc
    except IsADirectoryError as exc:
        raise ProjectFileError(f"{name} is a folder, not a Microsoft Project XML file") from exc
    except OSError as exc:
        raise ProjectFileError(f"{name} could not be opened: {exc.strerror or exc}") from exc
    root = _parse(data, name)
    return _project_root(root, name)


def _parse(data: bytes, name: str) -> ET.Element:
    if not data.strip():
        raise ProjectFileError(f"{name} is empty; expected Microsoft Project XML")
    if data[:4] == b"PK\x03\x04" and name.lower().endswith(WORKBOOK_SUFFIXES):
        raise ProjectFileError(
            f"{name} is an Excel workbook, already a plan: every pmkit command reads it as "
            "it is, no import needed"
        )
    if data[:4] == b"PK\x03\x04":
        raise ProjectFileError(
            f"{name} is a zip file (a workbook?), not Microsoft Project XML; "
            "in Microsoft Project use File › Save As › XML Format (*.xml)"
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ProjectFileError(
            f"{name} is a binary Microsoft Project (.mpp) or Office file; "
            "save it from Microsoft Project as XML Format (*.xml) first"
        )
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)  # type: ignore[no-any-return]
    except defusedxml.DTDForbidden as exc:
        raise UnsafeProjectFileError(
            f"{name} declares a DTD, which Microsoft Project never writes; refused as unsafe "
            "(it could expand entities or fetch external files)"
        ) from exc
    except defusedxml.EntitiesForbidden as exc:
        raise UnsafeProjectFileError(
            f"{name} declares XML entities; refused as unsafe (an entity-expansion bomb)"
        ) from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise UnsafeProjectFileError(
            f"{name} refers to an external file or address; refused as unsafe"
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeProjectFileError(f"{name} was refused as unsafe XML ({exc})") from exc
    except ET.ParseError as exc:
        if not data.lstrip(_BOM_AND_SPACE).startswith(b"<") and data[:2] not in _UTF16_BOMS:
            raise ProjectFileError(
                f"{name} is not XML at all (a CSV or other text?), so not Microsoft Project "
                "XML; in Microsoft Project use File › Save As › XML Format (*.xml)"
            ) from exc
        _check_utf8(data, name)
        line, column = getattr(exc, "position", (0, 0))
        raise ProjectFileError(
            f"{name} is not well-formed XML (line {line}, column {column + 1}); "
            "expected Microsoft Project XML"
        ) from exc
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ProjectFileError(f"{name} could not be read as XML ({type(exc).__name__})") from exc


def _project_root(root: ET.Element, name: str) -> ProjectDocument:
    tag = root.tag
    namespace = ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
    else:
        local = tag
    if local != "Project" or namespace not in {"", NAMESPACE}:
        found = f"<{local}>" + (f" in namespace {namespace}" if namespace else "")
        raise ProjectFileError(
            f"{name} is XML but not Microsoft Project XML: expected a <Project> element "
            f"in namespace {NAMESPACE}, found {found}"
        )
    document = ProjectDocument(root, namespace, name)
    if document.child(root, "Tasks") is None:
        raise ProjectFileError(f"{name} is Microsoft Project XML without a <Tasks> list")
    return document


_DECLARED_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)"""
)


_BOM_AND_SPACE = b"\xef\xbb\xbf \t\r\n"
"""What may come before an XML file's first `<`: a UTF-8 byte-order mark, white space."""
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _check_utf8(data: bytes, name: str) -> None:
    """Refuse a file that is not the UTF-8 its XML means (no other encoding declared) with
    the line and byte that are not, since "not well-formed" would not tell the owner why."""
    declared = _DECLARED_ENCODING.match(data[:512])
    if declared is not None and declared.group(1).lower().replace(b"-", b"") != b"utf8":
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ProjectFileError(
            f"{name} is not UTF-8 text (line {line}, the byte 0x{data[exc.start]:02X}), as its "
            "XML says it is; was it saved in another encoding? Save it from Microsoft Project "
            "as XML Format (*.xml) again"
        ) from exc
