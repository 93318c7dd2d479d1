"""Saving generated workbooks: reproducible bytes, atomic replace, no silent overwrite."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from pmkit.engine.errors import PmkitError, WriteRefusedError
from pmkit.files import commit, new_target, temporary_path
from pmkit.reading.safety import check_workbook

__all__ = ["FIXED_TIMESTAMP", "save_workbook", "unsaved_since_written", "workbook_bytes"]

FIXED_TIMESTAMP = datetime(2026, 1, 1, 0, 0, 0)
"""Document and zip-entry time of every generated file, so regenerating changes nothing."""
_STAMP = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def save_workbook(workbook: Workbook, path: str | Path, *, overwrite: bool = False) -> Path:
    """Save reproducibly (fixed timestamps) and atomically (`pmkit.files`); refuse to
    replace a file unless `overwrite`. The new file's permissions follow the umask."""
    target = new_target(Path(path), force=overwrite)
    data = workbook_bytes(workbook)
    temporary = temporary_path(target.path)
    try:
        temporary.write_bytes(data)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise WriteRefusedError(f"cannot write {target.shown}: {exc.strerror or exc}") from exc
    commit(temporary, target)
    return target.shown


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file as bytes, with fixed document and zip-entry times."""
    raw = io.BytesIO()
    workbook.save(raw)
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps `modified` with the time of saving; pin it.
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + _STAMP + rb"\g<2>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return fixed.getvalue()


def unsaved_since_written(path: Path) -> bool:
    """Whether the workbook at `path` is one pmkit generated and nobody saved since: its
    document time is still `FIXED_TIMESTAMP` (Excel, LibreOffice and openpyxl each write
    the time they save at). False for anything else, or what cannot be read."""
    try:
        with check_workbook(path).archive() as archive:
            core = archive.read("docProps/core.xml")
    except (PmkitError, KeyError, OSError):
        return False
    found = re.search(rb"<dcterms:modified[^>]*>([^<]*)<", core)
    return found is not None and found[1] == _STAMP
