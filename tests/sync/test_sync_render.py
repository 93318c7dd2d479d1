"""What a Google owner would see, drawn: the fake's stored tabs → .xlsx → LibreOffice → PNG.

The workbook is built from what the Sheets API stored after a real sync (values,
formats, sizes, merges, frozen panes, the History chart), not from pmkit's own xlsx
writer, so the picture is the result of the batch pmkit sent.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from sheets_sync.job import Stage, SyncJob
from tests.sync.fake_google import FakeGoogle
from tests.sync.fake_render import render_xlsx
from tests.sync.sample_plans import plan_tabs
from tests.sync.sync_support import TODAY, spreadsheet_plans, sync_config

pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
        reason="LibreOffice (soffice) or pdftoppm is missing",
    ),
]
OUTPUTS = ["Summary", "Schedule", "Flags", "Gantt", "Workload", "History"]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)


def test_google_outputs_render_as_pictures(google: FakeGoogle, tmp_path: Path) -> None:
    """Three nights of a plan render to a PDF whose pages carry the Summary, the Gantt
    (with its status date), the Workload heat map and the History chart, and to PNG
    pages."""
    google.add_spreadsheet("renderkey001", "Website relaunch", plan_tabs(12))
    config = sync_config(google, tmp_path, spreadsheet_plans("renderkey001"))
    for night in (4, 2, 0):
        (outcome,) = SyncJob(config, today=TODAY - timedelta(days=night)).run()
        assert outcome.stage is Stage.DONE, outcome.message
    book = render_xlsx(google.spreadsheets["renderkey001"], tmp_path / "google.xlsx", OUTPUTS)
    done = _run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(book),
        ]
    )
    pdf = tmp_path / "google.pdf"
    assert done.returncode == 0, done.stderr
    text = _run(["pdftotext", str(pdf), "-"]).stdout
    assert "Website relaunch: project status" in text
    assert "Forecast bars" in text
    assert "the status date, Fri 20 Mar 2026" in text
    assert "Work booked per week" in text
    assert "nightly history" in text
    pictures = _run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")])
    assert pictures.returncode == 0, pictures.stderr
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 6
    assert all(page.read_bytes().startswith(b"\x89PNG") for page in pages)
