"""Checks that a workbook file is safe to hand to the parser, before anything is decompressed.

An .xlsx is a zip of XML parts, so a hostile file can be a *zip bomb* (a tiny file that
inflates to gigabytes, or millions of entries) or an *XML bomb* (a DTD whose entities
expand exponentially, or that pulls in external files). Both are refused here with an
`UnsafeFileError`, from the zip directory and the first bytes of each part only:

* sizes and ratios are taken from the zip directory, so nothing is inflated to judge them;
* a DTD may only appear in an XML document's prolog (before the root element), so
  reading each part up to its root element is enough to find one. Small parts are
  also parsed in full with defusedxml, which refuses any DTD, entity or external
  reference, as a second line.

Old .xls files and password-protected workbooks are OLE compound files rather than
zips, and OpenDocument spreadsheets are zips of another kind; they get a
`NotAWorkbookError` that says what to do.

`check_workbook` is the one way pmkit opens a workbook file, to read it or to write
it: the file is read once, the checks run on those bytes, and the parser (calamine, or
openpyxl for a writer) is handed the same bytes with their stamp (`SourceFile`).
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import IO

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

from pmkit.engine.errors import (
    NotAWorkbookError,
    PlanFileNotFoundError,
    PmkitError,
    UnsafeFileError,
)
from pmkit.engine.model import SourceFile

__all__ = [
    "MAX_CELL_DATA_BYTES",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "CheckedWorkbook",
    "check_cell_data_size",
    "check_workbook",
    "check_workbook_file",
    "check_xml_part",
    "drain",
]

MAX_FILE_BYTES = 100 * 2**20
"""Files larger than this (100 MiB on disk) are refused before opening."""
MAX_PART_BYTES = 512 * 2**20
"""No part of the zip may inflate past 512 MiB, whatever it is."""
MAX_CELL_DATA_BYTES = 128 * 2**20
"""A sheet pmkit reads (or the shared strings) may hold at most 128 MiB of cell XML:
about 200,000 tasks with every Plan column filled (a 10,000-task sheet is ~6 MiB).
This bounds the reader's memory (~1 GB) and time (a few seconds)."""
MAX_TOTAL_BYTES = 2 * 2**30
"""All parts together may inflate to at most 2 GiB."""
MAX_RATIO = 200
"""A part that inflates more than 200× (and past 1 MiB) is a bomb: real sheets stay under ~30×."""
MAX_ENTRIES = 10_000
"""A workbook with more parts than this is not a plan."""
SMALL_PART_BYTES = 2**20
"""Parts up to this size are parsed in full by defusedxml as a second check."""
PROLOG_BYTES = 64 * 2**10
"""The XML prolog (declaration, comments, DTD) must end within this many bytes."""

_RATIO_FLOOR_BYTES = 2**20
_CHUNK_BYTES = 4 * 2**20
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _looks_like_text(head: bytes) -> bool:
    """Whether a file's first bytes read as text: a UTF-8 byte-order mark, or printable
    ASCII, tabs and line ends only."""
    return head.startswith(b"\xef\xbb\xbf") or all(
        32 <= byte < 127 or byte in (9, 10, 13) for byte in head
    )


def _sniff(path: Path, name: str) -> tuple[bytes, SourceFile]:
    """Refuse what is plainly not an .xlsx before it reaches the zip reader; else read the
    file's bytes once, with their stamp (every later step works from these bytes)."""
    try:
        with path.open("rb") as stream:
            status = os.fstat(stream.fileno())
            head = stream.read(8)
            data = head
            if head == _OLE_MAGIC:
                # Both old .xls and encrypted .xlsx are OLE files; the stream names tell them
                # apart. Size is capped above, so reading it whole is bounded.
                data = head + stream.read(MAX_FILE_BYTES)
            elif head.startswith(_ZIP_MAGIC) and status.st_size <= MAX_FILE_BYTES:
                data = head + stream.read(MAX_FILE_BYTES)
    except FileNotFoundError:
        raise PlanFileNotFoundError(
            f"{path}: no such file"
        ) from None  # as typed: a wrong folder shows
    except IsADirectoryError:
        raise NotAWorkbookError(f"{name} is a folder, not a workbook") from None
    except OSError as exc:
        raise NotAWorkbookError(f"{name} cannot be opened: {exc.strerror or exc}") from exc
    size = status.st_size
    if name.startswith("~$") and not head.startswith(_ZIP_MAGIC):
        raise NotAWorkbookError(
            f"{name} is the lock file Excel keeps while {name[2:]} is open; read {name[2:]} itself"
        )
    if size == 0:
        raise NotAWorkbookError(f"{name} is empty (0 bytes), not a workbook")
    if head == _OLE_MAGIC:
        if any(stream_name in data for stream_name in _ENCRYPTED_STREAMS):
            raise NotAWorkbookError(
                f"{name} is protected with a password; remove the password in Excel "
                "(File > Info > Protect Workbook) and save it again"
            )
        raise NotAWorkbookError(
            f"{name} is an old-style .xls workbook; open it in Excel and save it as .xlsx"
        )
    if not head.startswith(_ZIP_MAGIC):
        if _looks_like_text(head):  # a CSV (or a page) saved under a workbook's name
            raise NotAWorkbookError(
                f"{name} is a text file (a CSV?), not an Excel workbook; open it in Excel "
                "and save it as an Excel workbook (.xlsx)"
            )
        raise NotAWorkbookError(
            f"{name} is not an Excel workbook (.xlsx or .xlsm); save it from Excel as .xlsx"
        )
    if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        raise UnsafeFileError(
            f"{name} is {max(size, len(data)) / 2**20:.0f} MB, more than the "
            f"{MAX_FILE_BYTES // 2**20} MB pmkit reads; remove pictures or old sheets, or "
            "split the plan"
        )
    digest = hashlib.sha256(data).hexdigest()
    return data, SourceFile(str(path), len(data), status.st_mtime_ns, digest)


def check_xml_part(stream: IO[bytes], part: str, size: int, name: str) -> None:
    """Refuse a part whose prolog declares a DTD (entities, external references)."""
    head = stream.read(SMALL_PART_BYTES if size <= SMALL_PART_BYTES else PROLOG_BYTES)
    root = _ROOT_START.search(head)
    prolog = head if root is None else head[: root.start()]
    if _DTD.search(prolog) or (root is None and len(head) >= PROLOG_BYTES):
        raise UnsafeFileError(
            f"{name} contains a document type declaration in {part}, which Excel never "
            "writes; it may be an XML bomb, so pmkit will not read it"
        )
    if size <= SMALL_PART_BYTES and head.lstrip()[:1] == b"<":
        try:
            SafeElementTree.fromstring(head, forbid_dtd=True)
        except DefusedXmlException as exc:
            raise UnsafeFileError(
                f"{name} contains entities or external references in {part}; "
                "it may be an XML bomb, so pmkit will not read it"
            ) from exc
        except SafeElementTree.ParseError:
            pass  # damaged but harmless: the workbook reader reports damage itself


def _check_directory(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise UnsafeFileError(
            f"{name} holds {len(entries):,} parts, more than a workbook ever needs "
            f"(limit {MAX_ENTRIES:,}); it may be a zip bomb"
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > MAX_PART_BYTES:
            raise UnsafeFileError(
                f"{name}: {entry.filename} would unpack to {entry.file_size / 2**20:,.0f} MB, "
                f"more than the {MAX_PART_BYTES // 2**20} MB pmkit reads; split the plan"
            )
        if entry.file_size > _RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise UnsafeFileError(
                f"{name}: {entry.filename} unpacks {ratio:,.0f} times larger than it is "
                "stored; it looks like a zip bomb, so pmkit will not read it"
            )
    if total > MAX_TOTAL_BYTES:
        raise UnsafeFileError(
            f"{name} would unpack to {total / 2**30:,.1f} GB, more than the "
            f"{MAX_TOTAL_BYTES // 2**30} GB pmkit reads; it may be a zip bomb"
        )
    return entries


def check_cell_data_size(entry: zipfile.ZipInfo, what: str, name: str) -> None:
    """Refuse a sheet (or the shared strings) too large to read within bounded memory."""
    if entry.file_size > MAX_CELL_DATA_BYTES:
        raise UnsafeFileError(
            f"{name}: {what} holds {entry.file_size / 2**20:,.0f} MB of cell data, more than "
            f"the {MAX_CELL_DATA_BYTES // 2**20} MB pmkit reads (about 200,000 tasks); "
            "delete unused rows and columns, or split the plan"
        )


def drain(stream: IO[bytes]) -> None:
    """Read a zip member to its end, so zipfile checks its size and CRC against the directory.

    A part whose directory entry understates its size (to slip past the checks above) fails
    here with `BadZipFile` instead of inflating without bound in the parser.
    """
    while stream.read(_CHUNK_BYTES):
        pass


@dataclass(frozen=True, slots=True)
class CheckedWorkbook:
    """A workbook file that passed every check: its bytes, read once, and their stamp.

    Parsers read `data` (never the path again), so what was checked is what is parsed;
    writers compare `origin` with the file on disk before replacing it.
    """

    data: bytes
    origin: SourceFile

    def archive(self) -> zipfile.ZipFile:
        """The package as a zip (the caller closes it)."""
        return zipfile.ZipFile(BytesIO(self.data))


def check_workbook(path: Path) -> CheckedWorkbook:
    """Sniff, then check the zip directory and every XML part, before any parser runs.

    Raises `NotAWorkbookError` or `UnsafeFileError`; the one way pmkit opens a workbook
    file, for reading and for writing.
    """
    name = path.name
    data, origin = _sniff(path, name)
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except Exception as exc:  # zipfile raises many kinds of error on a damaged directory
        raise NotAWorkbookError(
            f"{name} is damaged or not an Excel workbook; open it in Excel and save it again"
        ) from exc
    with archive:
        try:
            _refuse_open_document(archive, name)
            for entry in _check_directory(archive, name):
                if not entry.filename.endswith((".xml", ".rels", ".vml")) or not entry.file_size:
                    continue
                shared_strings = entry.filename.casefold() == "xl/sharedstrings.xml"
                if shared_strings:
                    check_cell_data_size(entry, "the shared text of its cells", name)
                with archive.open(entry) as stream:
                    check_xml_part(stream, entry.filename, entry.file_size, name)
                    if shared_strings:  # the parser inflates it whole when the workbook opens
                        drain(stream)
        except PmkitError:
            raise
        except Exception as exc:  # BadZipFile, zlib.error, NotImplementedError, EOFError, ...
            raise NotAWorkbookError(
                f"{name} is damaged or not an Excel workbook; open it in Excel and save it again"
            ) from exc
    return CheckedWorkbook(data, origin)


def _refuse_open_document(archive: zipfile.ZipFile, name: str) -> None:
    """An OpenDocument spreadsheet (.ods, whatever its name) is refused by every command:
    its repeated-cell compression cannot be bounded before parsing, and no pmkit writer
    could keep its content."""
    try:
        mimetype = archive.read("mimetype")[:80] if "mimetype" in archive.namelist() else b""
    except KeyError:
        mimetype = b""
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise NotAWorkbookError(
            f"{name} is an OpenDocument spreadsheet (.ods); open it in LibreOffice or Excel "
            "and save it as an Excel workbook (.xlsx)"
        )


def check_workbook_file(path: Path) -> zipfile.ZipFile:
    """`check_workbook`, returning the checked package as an open zip (the caller closes it)."""
    return check_workbook(path).archive()
