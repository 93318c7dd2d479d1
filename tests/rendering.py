"""Workbooks through LibreOffice to PDF, as the render tests look at them (shared)."""

from __future__ import annotations

import subprocess
from pathlib import Path

__all__ = ["to_pdf"]


def to_pdf(*books: Path, folder: Path, timeout: float = 240) -> list[Path]:
    """Convert `books` to PDF in `folder` with one headless LibreOffice run (its own profile
    there, so parallel runs never share one); the PDFs, in the order given."""
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, books),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [folder / f"{book.stem}.pdf" for book in books]
