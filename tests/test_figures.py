"""Figures that agree: one date format, one rounding rule, comparisons on the shown value,
one name for each kind of lateness, every acronym explained where an owner reads it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.figures import (
    format_day,
    format_percent,
    format_ratio,
    is_above,
    is_below,
)
from pmkit.outputs import CellKind, build_output_sheets, build_summary_sheet, palette
from pmkit.outputs.cells import OutputSheet

SAMPLE = Path(__file__).resolve().parents[1] / "templates" / "sample-plan.xlsx"
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_DAY = rf"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [1-9]\d? (?:{_MONTHS}) \d{{4}}"
_ANY_DAY = re.compile(rf"\b\d{{1,2}} (?:{_MONTHS})[a-z]* \d{{4}}")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture(scope="module")
def sample() -> pmkit.Analysis:
    return pmkit.analyze(pmkit.read_plan(SAMPLE))


def _texts(sheet: OutputSheet) -> list[str]:
    return [
        str(cell.value) for row in sheet.rows for cell in row.cells if isinstance(cell.value, str)
    ]


def _dates_in(text: str) -> list[str]:
    """Every written date, with the weekday before it when there is one."""
    found = []
    for match in _ANY_DAY.finditer(text):
        start = max(0, match.start() - 4)
        found.append(text[start : match.end()].lstrip())
    return found


def _all_in_one_format(text: str) -> bool:
    return all(re.fullmatch(_DAY, day) for day in _dates_in(text)) and not _ISO.search(text)


def test_one_date_format_in_every_sentence_and_terminal(
    sample: pmkit.Analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Findings, details, the status paragraph, the Summary and Flags sheets, and what
    `validate`, `schedule`, `report` and `demo` print all write a date as `Mon 1 Jun 2026`
    (never `Mon 01 Jun 2026`, `Monday 1 June 2026` or `2026-06-01`)."""
    texts = [sample.summary.status_text, *(i.message for i in sample.cell_issues())]
    texts += [i.message for i in sample.issues]
    texts += [a.what + a.why for a in sample.this_week]
    for sheet in build_output_sheets(sample):
        texts += _texts(sheet)
    copy = tmp_path / "plan.xlsx"
    copy.write_bytes(SAMPLE.read_bytes())
    for command in (["validate", str(SAMPLE)], ["schedule", str(SAMPLE)], ["report", str(copy)]):
        main(command)
        texts.append(capsys.readouterr().out.replace(str(tmp_path), ""))
    main(["demo", "--dir", str(tmp_path / "demo")])
    texts.append(capsys.readouterr().out.replace(str(tmp_path), ""))
    assert sum(len(_dates_in(text)) for text in texts) > 100
    assert [text for text in texts if not _all_in_one_format(text)] == []
    assert format_day(date(2026, 6, 1)) == "Mon 1 Jun 2026"


def test_date_cells_show_the_sentence_format(tmp_path: Path) -> None:
    """Output cells and the template's date columns use the number format that shows a
    date as the sentences write it."""
    assert palette.DATE_FORMAT == "ddd d mmm yyyy"
    assert palette.KIND_FORMATS[CellKind.DATE] == palette.DATE_FORMAT
    copy = tmp_path / "plan.xlsx"
    copy.write_bytes(SAMPLE.read_bytes())
    main(["report", str(copy)])
    report = openpyxl.load_workbook(tmp_path / "plan-report.xlsx")
    assert report["Schedule"]["I2"].number_format == palette.DATE_FORMAT
    assert openpyxl.load_workbook(SAMPLE)["Plan"]["J2"].number_format in (
        palette.DATE_FORMAT,
        "General",
    )


@pytest.mark.parametrize(
    ("value", "threshold", "shown", "below"),
    [
        pytest.param(0.948, 0.95, "0.95", False, id="rounds-up-to-the-threshold"),
        pytest.param(0.944, 0.95, "0.94", True, id="rounds-down-below-it"),
        pytest.param(0.895, 0.9, "0.90", False, id="half-way-is-shown-as-0.90"),
    ],
)
def test_a_ratio_is_judged_as_it_is_shown(
    value: float, threshold: float, shown: str, below: bool
) -> None:
    """Two decimals, and the comparison made on the two decimals shown."""
    assert format_ratio(value) == shown
    assert is_below(value, threshold) is below


def test_the_summary_shows_the_ratio_the_reasons_judge(sample: pmkit.Analysis) -> None:
    """The sample's CPI is 0.948: the Summary cell holds 0.95, green, and no reason or
    paragraph says it is below 0.95."""
    cpi = sample.summary.earned_value.cpi
    assert cpi is not None
    assert round(cpi, 3) == 0.948
    rows = build_summary_sheet(sample).rows
    cpi_row = next(row for row in rows if row.cells[0].value == "Cost performance (CPI)")
    assert cpi_row.cells[1].value == 0.95
    assert "CPI" not in " ".join(sample.summary.status_reasons)
    assert "CPI" not in sample.summary.status_text


@pytest.mark.parametrize(
    ("fraction", "threshold", "text", "above"),
    [
        pytest.param(0.1063, 0.1, "10.6 %", True, id="over"),
        pytest.param(0.10049, 0.1, "10 %", False, id="shows-as-the-limit"),
        pytest.param(0.00004, 0.0, "under 0.1 %", False, id="too-small-to-show"),
    ],
)
def test_a_percentage_has_one_decimal_and_is_judged_as_shown(
    fraction: float, threshold: float, text: str, above: bool
) -> None:
    """One decimal of a percent in sentences and cells (`0.0%`); a share that shows as the
    limit is not over it; a share too small to show never reads as `0 %`."""
    assert format_percent(fraction) == text
    assert is_above(fraction, threshold) is above
    assert palette.KIND_FORMATS[CellKind.PERCENT] == "0.0%"


def _owner_texts(analysis: pmkit.Analysis) -> str:
    parts = [analysis.summary.status_text, *analysis.summary.status_reasons]
    parts += [i.message for i in analysis.issues] + [i.message for i in analysis.cell_issues()]
    for sheet in build_output_sheets(analysis):
        parts += _texts(sheet)
    return "\n".join(parts)


def test_each_kind_of_late_has_one_name(sample: pmkit.Analysis) -> None:
    """The project finishes days *after the agreed date*; a task is days *behind its
    baseline*; a deadline is *missed by* days; negative float is days a task *must gain*.
    No other words for them anywhere an owner reads."""
    text = _owner_texts(sample)
    assert "finishes 10 working days after the agreed date" in text
    assert "is 15 working days behind its baseline" in text
    assert "misses its deadline by 8 working days" in text
    assert "must gain 8 working days" in text
    for other in ("days late", "ahead of its baseline", "forecast to finish 10"):
        assert other not in text, other
    assert not re.search(r"-\d+ (?:working )?days of float", text)


def test_the_status_paragraph_relates_the_deadline_to_the_project(
    sample: pmkit.Analysis,
) -> None:
    """With a missed deadline and a late project, one sentence says how they relate."""
    assert sample.summary.status_text.startswith(
        "Task 38 “Go live” misses its deadline by 8 working days; the whole project finishes "
        "10 working days after the agreed date"
    )


def test_acronyms_are_explained_at_first_use(
    sample: pmkit.Analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SPI in the status paragraph says what it means; the Summary spells out each figure
    and DCMA; the terminal explains every figure of its earned-value table."""
    assert "SPI 0.70 — 70 % of the work planned by now is done" in sample.summary.status_text
    summary = "\n".join(_texts(build_summary_sheet(sample)))
    first = summary.index("SPI")
    assert summary[first : first + 60].startswith("SPI 0.70 — 70 % of the work planned")
    assert "Defense Contract Management Agency (DCMA)" in summary
    main(["demo", "--dir", str(tmp_path)])
    out = capsys.readouterr().out
    for spelled in ("BAC, budget at", "PV, planned value", "EV, earned value", "AC, actual cost"):
        assert spelled in out
    for spelled in ("SPI, schedule", "CPI, cost", "EAC, estimate at", "VAC, variance at"):
        assert spelled in out
