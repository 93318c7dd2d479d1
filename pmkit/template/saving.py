"""Saving generated workbooks: reproducible bytes, atomic replace, no silent overwrite."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from pmkit.engine.errors import WriteRefusedError

__all__ = ["FIXED_TIMESTAMP", "save_workbook", "workbook_bytes"]

FIXED_TIMESTAMP = datetime(2026, 1, 1, 0, 0, 0)
"""Document and zip-entry time of every generated file, so regenerating changes nothing."""


def save_workbook(workbook: Workbook, path: str | Path, *, overwrite: bool = False) -> Path:
    """Save reproducibly (fixed timestamps) and atomically; refuse to replace a file
    unless `overwrite`."""
    target = Path(path)
    if target.exists() and not overwrite:
        raise WriteRefusedError(f"{target} already exists; use --force to replace it")
    if not target.parent.is_dir():
        raise WriteRefusedError(f"cannot write {target}: folder {target.parent} does not exist")
    data = workbook_bytes(workbook)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".pmkit-", suffix=".xlsx")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise WriteRefusedError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file as bytes, with fixed document and zip-entry times."""
    raw = io.BytesIO()
    workbook.save(raw)
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
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
                    rb"\g<1>" + stamp + rb"\g<2>",
                    data,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return fixed.getvalue()
