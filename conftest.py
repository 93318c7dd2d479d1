"""Docstring examples run for real (`--doctest-modules`), in a folder of their own.

Each module's examples run in a fresh temporary folder holding the files they name:
`plan.xlsx` (the bundled sample plan), `vendor.xml` (the same plan as Microsoft Project
XML) and `sync.toml` (a nightly-job config over a local folder holding the plan). So
an example reads as an owner would type it, and still runs.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SAMPLE = ROOT / "templates" / "sample-plan.xlsx"


@pytest.fixture(autouse=True)
def _doctest_folder(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    if not isinstance(request.node, pytest.DoctestItem):
        yield
        return
    from pmkit.mspdi import write_mspdi
    from pmkit.reading import read_plan

    shutil.copyfile(SAMPLE, tmp_path / "plan.xlsx")
    write_mspdi(read_plan(tmp_path / "plan.xlsx"), tmp_path / "vendor.xml")
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copyfile(SAMPLE, plans / "shop.xlsx")
    (tmp_path / "sync.toml").write_text(
        f'[history]\ndatabase = "{tmp_path / "history.sqlite"}"\n\n'
        f'[[plans]]\nname = "Shop"\nfolder = "{plans}"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    yield
