"""The report renders: LibreOffice converts the generated workbook to PDF without error."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pmkit.report import default_report_path
from pmkit.template.regenerate import write_sample
from tests.file_writers import report_file

pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is missing"),
]


def test_report_converts_to_pdf(tmp_path: Path) -> None:
    """soffice --headless --convert-to pdf turns the sample's report into a multi-page PDF."""
    plan = write_sample(tmp_path / "sample-plan.xlsx")
    report_file(plan)
    report = default_report_path(plan)
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "sample-plan-report.pdf"
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) > 4
