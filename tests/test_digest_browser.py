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
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

import pmkit
from pmkit.outputs.digest import Digest, digests, plan_night
from pmkit.outputs.digest_html import render_html

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


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, header, data = 8, b"", b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8
    assert colour in (2, 6)
    channels = 4 if colour == 6 else 3
    raw, stride = zlib.decompress(data), width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                best = min(
                    (abs(guess - left), left), (abs(guess - up), up), (abs(guess - corner), corner)
                )
                line[x] = (line[x] + best[1]) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample plan's digest and one owner's week, as the files a mail client shows."""
    folder = tmp_path_factory.mktemp("digest")
    night = plan_night(pmkit.analyze(pmkit.read_plan(SAMPLE)))
    week = next(d for d in digests(night, []) if d.weeks[0].name == "Brightline Web")
    found = {}
    for name, digest in (("plan", Digest(night, "you@example.com", True)), ("owner", week)):
        path = folder / f"{name}.html"
        path.write_text(render_html(digest), encoding="utf-8")
        found[name] = path
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", ["plan", "owner"])
def test_the_digest_fits_the_screen(
    pages: dict[str, Path], tmp_path: Path, page: str, width: int
) -> None:
    """No sideways scrolling at either width; the column is 640 px on a desktop and the
    phone's width less the margins on a phone."""
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
    shown_width, _height, rows = _pixels(shot.read_bytes())
    assert shown_width == width
    top = rows[:400]
    inked = sum(1 for row in top if len(set(row)) > 4)  # rows with more than white
    assert inked > 150
    red_fill = bytes.fromhex("F4CCCC")
    assert any(red_fill in row for row in top)
