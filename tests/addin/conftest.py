"""Fixtures for the add-in tests: the sample plan as Excel sends it, and the CLI's answers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.addin.addin_shapes import Rows, sheet_tables

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "templates" / "sample-plan.xlsx"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    if not SAMPLE.exists():
        pytest.skip("templates/sample-plan.xlsx is not in this tree")
    return SAMPLE


@pytest.fixture(scope="session")
def sample(sample_path: Path) -> dict[str, Rows]:
    """Every sheet of the sample plan as raw values (openpyxl)."""
    return sheet_tables(sample_path)


@pytest.fixture(scope="session")
def cli_json(sample_path: Path) -> dict[str, Any]:
    """What `pmkit schedule --format json` prints for the sample plan."""
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pmkit.cli import main; sys.exit(main())",
            "schedule",
            str(sample_path),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode in (0, 1), completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout)
    return result
