"""The morning digest in a real browser: Debian's Chromium, headless, at a desktop's and a
phone's width. The page must fit the phone without sideways scrolling, keep its one
column at a readable 640 px on the desktop, and draw something (not a blank page).

Skips when Chromium is not installed (`.ci/run` installs it).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import png  # type: ignore[import-untyped]
import pytest

import pmkit
from pmkit.outputs.cells import Tone
from pmkit.outputs.digest import Digest, digests, plan_night
from pmkit.outputs.digest_html import render_html
from pmkit.outputs.palette import TONE_FILLS

SAMPLE = Path(__file__).resolve().parents[1] / "templates" / "sample-plan.xlsx"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed"),
]
WIDTHS = (1200, 390)
_MEASURE = """<!doctype html><html><body style="margin:0">
<iframe id="digest" style="width:{width}px;height:1400px;border:0" srcdoc="{page}"></iframe>
<script>
window.addEventListener("load", () => {{
  const page = document.getElementById("digest").contentDocument;
  document.body.setAttribute("data-measured", JSON.stringify({{
    page: page.documentElement.scrollWidth,
    column: page.body.firstElementChild.getBoundingClientRect().width,
  }}));
}});
</script></body></html>"""
"""A test-only page holding the digest in a frame exactly `width` wide (a headless
window is never narrower than 500 px), measuring how wide it lays out."""


def _chromium(tmp_path: Path, width: int, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{width}-{len(args)}"
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={profile}", "--hide-scrollbars",
        f"--window-size={width},1400", *args,
    ]  # fmt: skip
    env = {**os.environ, "HOME": str(tmp_path)}
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=env, check=False
    )


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample plan's digest, one owner's week, and the digest of a plan named with
    one 150-letter word, as the files a mail client shows."""
    folder = tmp_path_factory.mktemp("digest")
    night = plan_night(pmkit.analyze(pmkit.read_plan(SAMPLE)))
    week = next(d for d in digests(night, []) if d.weeks[0].name == "Brightline Web")
    long = replace(night, name="Relaunch" * 19)
    found = {}
    for name, digest in (
        ("plan", Digest(night, "you@example.com", True)),
        ("owner", week),
        ("long-name", Digest(long, "you@example.com", True)),
    ):
        path = folder / f"{name}.html"
        path.write_text(render_html(digest), encoding="utf-8")
        found[name] = path
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", ["plan", "owner", "long-name"])
def test_the_digest_fits_the_screen(
    pages: dict[str, Path], tmp_path: Path, page: str, width: int
) -> None:
    """No sideways scrolling at either width, even for a name with no space to break at;
    the column is 640 px on a desktop and the phone's width on a phone."""
    measured = tmp_path / "measured.html"
    page_text = html.escape(pages[page].read_text(encoding="utf-8"), quote=True)
    measured.write_text(_MEASURE.format(width=width, page=page_text), encoding="utf-8")
    done = _chromium(tmp_path, 1200, "--dump-dom", measured.as_uri())
    found = re.search(r'data-measured="([^"]+)"', done.stdout)
    assert found, done.stderr[-2000:]
    figures = {k: float(v) for k, v in re.findall(r"(\w+)&quot;:([\d.]+)", found.group(1))}
    assert figures["page"] <= width
    assert figures["column"] == min(640, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_screenshot_shows_the_digest(
    pages: dict[str, Path], tmp_path: Path, width: int
) -> None:
    """Chromium draws the plan digest at each width: the screenshot is that wide, has ink
    on most of its first rows, and the status box's red among its colours."""
    shot = tmp_path / f"plan-{width}.png"
    done = _chromium(tmp_path, width, f"--screenshot={shot}", pages["plan"].as_uri())
    assert shot.exists(), done.stderr[-2000:]
    shown_width, _height, pixels, _info = png.Reader(filename=str(shot)).asRGB8()
    assert shown_width == width
    top = [bytes(row) for _, row in zip(range(400), pixels, strict=False)]
    inked = sum(1 for row in top if len(set(row)) > 1)  # rows with more than white
    assert inked > 150
    colours = {row[x : x + 3] for row in top for x in range(0, len(row), 3)}
    assert bytes.fromhex(TONE_FILLS[Tone.RED]) in colours  # the status box's fill
