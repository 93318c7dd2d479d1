"""The report as it prints: LibreOffice renders the sample's report workbook (and the
finished project's) to PDF once, and the checks read the pages — text, the size of every
character, which sheet each page is (its footer) — as an owner holding the paper would."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

import pmkit
from pmkit.engine.critical_chains import critical_chains
from pmkit.outputs import build_output_sheets
from pmkit.outputs.layout import page_setup
from pmkit.outputs.print_layout import MIN_PRINTED_POINTS
from pmkit.report import default_report_path
from pmkit.template.regenerate import write_finished_sample, write_sample
from tests.file_writers import report_file
from tests.rendering import to_pdf

pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is missing"),
]
_FOOTER = re.compile(r"^Page (\d+) of (\d+)$")
_APART = 0.5
"""Ems: cells apart are at least this far (they were 0.2 em: `0Yes`), a space is 0.23."""
_TITLE_ROW_POINTS = 60.0
"""The top margin and a Gantt's legend row: a ◆ up there is the legend's."""
REPORT_SHEETS = ("Summary", "Schedule", "Flags", "Gantt", "Workload")
FIXED_SCALE_SHEETS = ("Instructions", "Plan", "Schedule", "Summary", "Gantt")
"""Sheets printed at a set scale: their text's printed size does not depend on the font
(a sheet fitted to the page width shrinks with a wider stand-in font)."""


@dataclass(frozen=True)
class Page:
    """One printed page: the sheet its footer names, its text, its smallest character,
    the ◆ drawn below its top title row, and whether it is set in Carlito (Calibri's
    metric twin: pages laid out as in Excel) or a wider stand-in."""

    sheet: str
    text: str
    smallest_points: float
    diamonds: int
    carlito: bool
    joins: tuple[str, ...]
    """Figures printed against the text of the next column on a line (`0Yes`,
    `100.0%Done`): a % before a capital, or a count before `Yes`, less than half an em
    from it."""


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Page]]:
    """The pages of the half-way sample's report and of the finished one's, converted by
    one LibreOffice run."""
    layout = pytest.importorskip("pdfminer.layout")
    high_level = pytest.importorskip("pdfminer.high_level")
    folder = tmp_path_factory.mktemp("render")
    reports = {}
    for name, write in (("sample", write_sample), ("finished", write_finished_sample)):
        plan = write(folder / f"{name}.xlsx")
        report_file(plan)
        reports[name] = default_report_path(plan)
    to_pdf(*reports.values(), folder=folder)
    pages: dict[str, list[Page]] = {}
    for name, report in reports.items():
        pdf = folder / f"{report.stem}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        pages[name] = [_page(page, layout) for page in high_level.extract_pages(pdf)]
    return pages


def _page(page: object, layout: object) -> Page:
    """Text lines and character sizes of a pdfminer page; the footer names the sheet."""
    lines: list[tuple[float, str]] = []
    sizes: list[float] = []
    diamonds: list[float] = []
    fonts: set[str] = set()
    rows: dict[int, list[tuple[float, float, str, float]]] = {}
    top = getattr(page, "height", 0.0) - _TITLE_ROW_POINTS

    def walk(item: object) -> None:
        if isinstance(item, layout.LTChar):  # type: ignore[attr-defined]
            text = item.get_text()
            if text.strip():
                a, b = item.matrix[0], item.matrix[1]
                sizes.append(item.width if abs(b) > abs(a) else item.height)  # upright or turned
                fonts.add(item.fontname)
                rows.setdefault(round(item.y0), []).append((item.x0, item.x1, text, item.size))
            if text == "◆" and item.y1 < top:
                diamonds.append(item.y0)
            return
        if isinstance(item, layout.LTTextLine):  # type: ignore[attr-defined]
            lines.append((item.y0, item.get_text().strip()))
        for child in getattr(item, "__iter__", lambda: iter(()))():
            walk(child)

    walk(page)
    footer = sorted((line for line in lines if line[0] < 40), key=lambda line: line[0])
    names = [text for _, text in footer if text and not _FOOTER.match(text)]
    body = [text for y, text in lines if y >= 40]
    carlito = any("Carlito" in font or "Calibri" in font for font in fonts)
    joins = []
    for row in rows.values():
        row.sort()
        for (_, end, before, size), (start, _, after, _) in pairwise(row):
            # a share against a status (`Done`, `In progress`), a count against `Yes`;
            # prose reads "40 % of", with a small letter
            figure = before == "%" or (before.isdigit() and after == "Y")
            if figure and after.isupper() and start - end < _APART * size:
                joins.append(before + after)
    return Page(
        names[0] if names else "?",
        "\n".join(body),
        min(sizes, default=0.0),
        len(diamonds),
        carlito,
        tuple(joins),
    )


def _sheet(pages: list[Page], name: str) -> list[Page]:
    found = [page for page in pages if page.sheet == name]
    assert found, f"no page of {name}: {Counter(page.sheet for page in pages)}"
    return found


def test_every_sheet_prints_on_a_bounded_number_of_pages(printed: dict[str, list[Page]]) -> None:
    """Each sheet of the report prints, in its own pages, within the counts measured when
    the layout was set with Carlito (a runaway scale or break shows here first)."""
    if not all(page.carlito for page in printed["sample"]):
        pytest.skip("no Carlito font: LibreOffice lays the pages out with a wider stand-in")
    counts = Counter(page.sheet for page in printed["sample"])
    bounds = {
        "Instructions": (3, 6),
        "Plan": (2, 8),
        "Settings": (1, 1),
        "Summary": (3, 6),
        "Schedule": (2, 3),
        "Flags": (1, 2),
        "Gantt": (2, 4),
        "Workload": (1, 2),
    }
    for sheet, (least, most) in bounds.items():
        assert least <= counts[sheet] <= most, (sheet, counts[sheet])
    for page in printed["sample"]:  # not the end of a text run past the last column
        assert len(page.text.split()) >= 3, (page.sheet, page.text)
    assert "Lists" not in counts  # the hidden list of countries never prints


def test_no_text_is_smaller_than_8_points(printed: dict[str, list[Page]]) -> None:
    """Every character of every page, Plan and Schedule included, prints at 8 points or
    more (they printed at 4 and 5.6 before). Without Carlito only the sheets printed at
    a set scale are held to it: a wider stand-in font shrinks a sheet fitted to the page."""
    for report in printed.values():
        for page in report:
            if not page.carlito and page.sheet not in FIXED_SCALE_SHEETS:
                continue
            assert page.smallest_points >= MIN_PRINTED_POINTS - 0.05, (
                page.sheet,
                page.smallest_points,
            )


def test_no_figure_is_too_wide_for_its_column(printed: dict[str, list[Page]]) -> None:
    """No cell shows ### (a date or number wider than its column)."""
    for report in printed.values():
        for page in report:
            assert "###" not in page.text, page.sheet


def test_the_critical_path_is_printed_whole(printed: dict[str, list[Page]], tmp_path: Path) -> None:
    """Every critical task of the sample is on the Summary by id and name, and each
    chain's tasks say how they follow the one before."""
    plan = pmkit.read_plan(write_sample(tmp_path / "sample.xlsx"))
    analysis = pmkit.analyze(plan)
    summary = " ".join(page.text for page in _sheet(printed["sample"], "Summary"))
    words = " ".join(summary.split())
    assert "Critical path: 14 tasks with no spare time, in 4 chains" in words
    names = {result.id: result.name for result in analysis.tasks}
    for chain in critical_chains(plan, analysis.tasks):
        for task_id in chain.tasks:
            assert f"{task_id} {names[task_id]}" in words, task_id
    assert "starts 4 working days after 31 starts." in words


def test_the_header_repeats_on_every_page(printed: dict[str, list[Page]]) -> None:
    """Each page of the Schedule starts with its header and the ID and Task columns;
    each page of the Gantt with its legend and its header."""
    schedule = _sheet(printed["sample"], "Schedule")
    assert len(schedule) >= 2
    for page in schedule:
        assert page.text.startswith("ID"), page.text[:40]
        assert "Build product catalogue and search" in page.text
    for page in _sheet(printed["sample"], "Gantt"):
        assert page.text.startswith("Forecast bars"), page.text[:40]


def test_a_tasks_two_bars_print_on_one_page(printed: dict[str, list[Page]], tmp_path: Path) -> None:
    """Every Gantt page holds as many baseline bars as forecast bars, and the pages break
    where the layout set them (between pairs), not where LibreOffice would."""
    for report in printed.values():
        for page in _sheet(report, "Gantt"):
            forecast = re.findall(r"\bForecast\b(?! bars)", page.text)  # not the legend
            baseline = re.findall(r"\bBaseline\b", page.text)
            assert len(forecast) == len(baseline) > 0, page.text[:60]
    if not all(page.carlito for page in printed["sample"]):
        return  # a wider stand-in font may add pages across
    analysis = pmkit.analyze(pmkit.read_plan(write_sample(tmp_path / "sample.xlsx")))
    gantt = next(sheet for sheet in build_output_sheets(analysis) if sheet.name == "Gantt")
    breaks = page_setup(gantt).row_breaks
    assert breaks
    assert len(_sheet(printed["sample"], "Gantt")) == len(breaks) + 1


def test_neighbouring_cells_never_run_together(printed: dict[str, list[Page]]) -> None:
    """No figure is printed against the text of the next column (`0Yes`, `100.0%Done`
    were a fifth of an em apart): on every page of the output sheets a share or a count
    stands at least half an em from the word of the next column."""
    for report in printed.values():
        for page in report:
            if page.sheet in REPORT_SHEETS:
                assert not page.joins, (page.sheet, page.joins[:5])


def test_done_milestones_keep_their_diamond(printed: dict[str, list[Page]], tmp_path: Path) -> None:
    """The finished project's Gantt draws a ◆ for each of its milestones, every one
    reached, and a light one on each milestone's agreed day (the legend's, atop each
    page, aside)."""
    plan = pmkit.read_plan(write_finished_sample(tmp_path / "finished.xlsx"))
    milestones = [task for task in plan.tasks if task.duration_days == 0]
    assert milestones
    assert all(task.is_done for task in milestones)
    agreed = [task for task in plan.tasks if task.baseline_duration_days == 0]
    pages = _sheet(printed["finished"], "Gantt")
    assert sum(page.diamonds for page in pages) == len(milestones) + len(agreed)


def test_the_close_out_review_and_history_print(printed: dict[str, list[Page]]) -> None:
    """The finished report opens with its close-out review; the History sheet's headers
    are whole; the Baseline sheet keeps a space between its label and its date."""
    summary = " ".join(page.text for page in _sheet(printed["finished"], "Summary"))
    assert "close-out review" in summary
    history = " ".join(_sheet(printed["finished"], "History")[0].text.split())
    assert "Slip (working days)" in history
    baseline = _sheet(printed["sample"], "Baseline")[0].text
    assert re.search(r"Baseline set on\s+\w{3} \d{1,2} \w{3} \d{4}", baseline), baseline[:80]
