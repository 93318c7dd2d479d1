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
from tests.rendering import to_pdf
from tests.sync.fake_google import FakeGoogle
from tests.sync.fake_render import render_xlsx
from tests.sync.portfolio_plans import (
    PORTFOLIO_KEY,
    SAM_PLANS,
    google_portfolio,
    many_client_tabs,
    plan_key,
    seed_plans,
)
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
    text, pages = _pdf_pages(book, tmp_path, "page")
    assert "Website relaunch: project status" in text
    assert "Forecast bars" in text
    assert "the status date, Fri 20 Mar 2026" in text
    assert "Work booked per week" in text
    assert "nightly history" in text
    assert len(pages) >= 6
    assert all(page.read_bytes().startswith(b"\x89PNG") for page in pages)


def _pdf_pages(book: Path, tmp_path: Path, stem: str) -> tuple[str, list[Path]]:
    """`book` through LibreOffice to PDF, its text, and its pages as PNG (70 dpi)."""
    (pdf,) = to_pdf(book, folder=tmp_path)
    pictures = _run(["pdftoppm", "-png", "-r", "70", str(pdf), str(tmp_path / stem)])
    assert pictures.returncode == 0, pictures.stderr
    return _run(["pdftotext", str(pdf), "-"]).stdout, sorted(tmp_path.glob(f"{stem}-*.png"))


def test_portfolio_renders_as_pictures(google: FakeGoogle, tmp_path: Path) -> None:
    """The Google portfolio (both tabs, as Google stored them) and the local portfolio
    workbook render: a row per plan with its trend, a stale plan dated (a plan never read
    says so), and Sam Patel's 250 % across three plans."""
    plans = {**SAM_PLANS, **{f"Client {n:02d}": many_client_tabs(n) for n in range(1, 7)}}
    entries = seed_plans(google, plans)
    config = sync_config(google, tmp_path, entries + google_portfolio(google))
    SyncJob(config, today=TODAY - timedelta(days=2)).run()
    del google.spreadsheets[plan_key(4)]  # Client 02 fails from the next night on
    for night in (1, 0):
        SyncJob(config, today=TODAY - timedelta(days=night)).run()
    book = render_xlsx(google.spreadsheets[PORTFOLIO_KEY], tmp_path / "portfolio.xlsx")
    text, pages = _pdf_pages(book, tmp_path, "google")
    assert "Portfolio: 9 plans on the night of Fri 20 Mar 2026" in text
    assert "failed: figures from Wed 18" in text
    assert "###" not in text  # the stale night's date, in bold, is shown whole
    assert "People across plans" in text
    assert "250.0%" in text
    assert len(pages) >= 2

    local = tmp_path / "local"
    local.mkdir()
    file_config = sync_config(
        google, local, entries + f'\n[portfolio]\nfile = "{local / "portfolio.xlsx"}"\n'
    )
    job = SyncJob(file_config, today=TODAY)
    job.run()
    assert job.portfolio is not None
    assert job.portfolio.plans == 9
    text, pages = _pdf_pages(local / "portfolio.xlsx", local, "local")
    assert "Portfolio: 9 plans on the night of Fri 20 Mar 2026" in text
    assert "no figures yet" in text  # Client 02 has never been read into this history
    assert "SPI (schedule performance index)" in text
    assert "250.0%" in text
    assert all(page.read_bytes().startswith(b"\x89PNG") for page in pages)
