"""The `Summary` sheet: the status paragraph an owner can e-mail, then the key figures.

`summary_metrics` is also the metric/value table of `PM_VARIANCE` and of
`to_frames(analysis)["Summary"]`, so every front end shows the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmkit.engine.critical_chains import CriticalChain
from pmkit.engine.figures import (
    DATE_COLUMN_WIDTH,
    format_day,
    is_above,
    is_below,
    shown_percent,
    shown_ratio,
)
from pmkit.engine.overnight import SinceLastRun
from pmkit.engine.results import Analysis, ProjectSummary
from pmkit.engine.status import AMBER_INDEX, RED_INDEX
from pmkit.engine.variance import missing_cost_words
from pmkit.outputs.cells import (
    Cell,
    CellKind,
    OutputSheet,
    Role,
    Row,
    Tone,
    Value,
    keep_headings,
)
from pmkit.outputs.closeout import close_out_rows
from pmkit.outputs.critical import (
    CRITICAL_TITLE,
    analysis_chains,
    critical_path_rows,
    critical_path_text,
)
from pmkit.outputs.palette import AT_LEAST
from pmkit.outputs.schedule import slip_tone
from pmkit.outputs.since_last_run import since_last_run_rows
from pmkit.outputs.week import this_week_rows

__all__ = [
    "BAC_MEANS",
    "NO_STATUS",
    "UNKNOWN",
    "Metric",
    "build_summary_sheet",
    "index_tone",
    "status_paragraph",
    "status_tone",
    "summary_metrics",
]

STATUS_TONES = {"Red": Tone.RED, "Amber": Tone.AMBER, "Green": Tone.GREEN}
_NO_BASELINE = "no baseline"
_NO_BUDGET = "no budget"
"""What an earned-value figure shows when the baseline has dates but no task has a cost."""
_NO_ACTUAL_COST = "no actual cost"
"""What a cost figure shows when no work done has an Actual Cost (the CPI line says why)."""
UNKNOWN = "unknown"
_AT_LEAST_DAYS = (
    " At least this: a changed task's Duration cannot be read, so its days are not counted "
    "(the Flags sheet names the cell)."
)
BAC_MEANS = (
    "the whole budget: the baseline's costs, and the Budget of each task added since "
    "(approved or not)"
)
"""What BAC is, in an owner's words (the Summary's sentence and the demo's phrase)."""
"""What a figure shows when part of the plan could not be scheduled (docs/findings.md)."""
NO_STATUS = "none yet"
"""What the Status shows for a plan with no tasks."""
_FIGURES_WIDTH = DATE_COLUMN_WIDTH + 1.0
"""The Value column (and the third, plan health's thresholds and the close-out's actual):
the widest date a step in from the right (`Cell.figure`)."""
_WIDTHS = (35.0, _FIGURES_WIDTH, _FIGURES_WIDTH, 14.0, 48.0)
"""A landscape page wide at 100 %, A4 or Letter."""


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure of the summary: label, value, how to show it, and what it means."""

    group: str
    label: str
    value: Value
    kind: CellKind
    meaning: str
    tone: Tone | None = None


def status_paragraph(summary: ProjectSummary) -> str:
    """The plain-language status, from the engine; composed here only if it gave none."""
    if summary.status_text:
        return summary.status_text
    if summary.status is None:
        return f"{summary.forecast_unknown or 'No tasks yet'}."
    text = f"{summary.name} is {summary.status}."
    if summary.forecast_unknown:
        text += f" {summary.forecast_unknown}."
    if summary.slip is not None:
        text += " It " + summary.slip_words() + "."
    if summary.forecast_finish is not None:
        when = "finished" if summary.finished else "is forecast to finish"
        text += f" It {when} on {format_day(summary.forecast_finish)}"
        if summary.baseline_finish is not None:
            text += f" (agreed: {format_day(summary.baseline_finish)})"
        text += "."
    if summary.status_reasons:
        text += " Why: " + "; ".join(summary.status_reasons) + "."
    return text


def summary_metrics(
    analysis: Analysis, chains: tuple[CriticalChain, ...] | None = None
) -> tuple[Metric, ...]:
    """The key figures, earned value and scope, in the order the Summary shows them
    (`chains`: the critical chains, when already found)."""
    s = analysis.summary
    no_base = s.earned_value.bac is None or s.baseline_finish is None
    missing = _NO_BASELINE if s.baseline_finish is None else _NO_BUDGET  # what no_base lacks
    unknown = s.forecast_unknown
    path = critical_path_text(analysis, chains)
    metrics = [
        Metric(
            "Status",
            "Status",
            s.status or NO_STATUS,
            CellKind.TEXT,
            "; ".join(s.status_reasons),
            status_tone(s.status),
        ),
        _slip_metric(s, analysis.plan.settings.slip_tolerance_days),
        Metric(
            "Status",
            "Forecast finish",
            s.forecast_finish or (UNKNOWN if unknown else None),
            CellKind.DATE,
            f"{unknown}."
            if unknown
            else "Every task is done: the day the last one finished."
            if s.finished
            else "When the work is now expected to finish.",
        ),
        Metric(
            "Status",
            "Baseline finish",
            s.baseline_finish or _NO_BASELINE,
            CellKind.DATE,
            "The finish date agreed when the baseline was set.",
        ),
        Metric("Status", "Project start", s.start, CellKind.DATE, "First day of work."),
        Metric(
            "Status",
            "Status date",
            s.status_date,
            CellKind.DATE,
            "Progress is measured at the end of this day.",
        ),
        Metric(
            "Status",
            CRITICAL_TITLE,
            UNKNOWN if path is None else path or "none",
            CellKind.TEXT,
            "Tasks with no spare time, in the chains their links make (`;` between chains): "
            "any delay to them delays the finish.",
        ),
    ]
    metrics += _value_metrics(s, no_base, missing)
    metrics += _scope_metrics(analysis)
    return tuple(metrics)


def build_summary_sheet(
    analysis: Analysis, since_last_run: SinceLastRun | None = None
) -> OutputSheet:
    """The status paragraph, the "This week" list, then the figures. Once the project is
    over, the close-out review comes first (`pmkit.outputs.closeout`); the nightly job
    passes `since_last_run`, shown above the "This week" list."""
    s = analysis.summary
    review = analysis.close_out is not None
    title = f"{s.name}: {CLOSE_OUT_TITLE if review else STATUS_TITLE}"
    rows: list[Row] = [
        Row((Cell(title, bold=True),), Role.TITLE),
        Row((Cell(f"Status date {format_day(s.status_date)} · written by pmkit"),), Role.SUBTITLE),
        Row((Cell(status_paragraph(s), tone=status_tone(s.status)),), Role.PARAGRAPH),
    ]
    if analysis.close_out is not None:
        rows += close_out_rows(analysis.close_out, s.currency or analysis.plan.settings.currency)
    if since_last_run is not None:
        rows += since_last_run_rows(since_last_run)
    rows += this_week_rows(analysis)
    chains = analysis_chains(analysis)
    metrics = summary_metrics(analysis, chains)
    for group in ("Status", "Earned value", "Scope"):
        rows.append(Row((Cell(_GROUP_TITLES[group], bold=True),), Role.HEADING))
        rows.append(
            Row(
                (
                    Cell("Figure"),
                    Cell("Value", figure=True),
                    Cell(""),
                    Cell(""),
                    Cell("What it means"),
                ),
                Role.HEADER,
            )
        )
        rows += [
            _metric_row(m)
            for m in metrics
            if m.group == group and m.label != CRITICAL_TITLE  # its own section, below
        ]
        if group == "Status":
            rows += critical_path_rows(analysis, chains)
    rows += _health_rows(s)
    return OutputSheet(
        name="Summary",
        rows=tuple(keep_headings(rows)),
        widths=_WIDTHS,
        currency=s.currency or analysis.plan.settings.currency,
        landscape=True,
        wrap_columns=frozenset({1, len(_WIDTHS)}),
    )


STATUS_TITLE = "project status"
CLOSE_OUT_TITLE = "close-out review"
"""The Summary's title after the project's name (`is_output_sheet` knows both)."""


_RESULTS = {True: ("Pass", Tone.GREEN), False: ("Fail", Tone.RED), None: ("n/a", Tone.MUTED)}
_GROUP_TITLES = {
    "Status": "Key figures",
    "Earned value": "Earned value: is the work worth what it cost, and is it on pace?",
    "Scope": "Scope: what was added since the baseline",
}


def _value_metrics(s: ProjectSummary, no_base: bool, missing: str) -> list[Metric]:
    e = s.earned_value

    def said(value: float | None, shown: Value, name: str = "") -> Value:
        """What a figure's line shows: why it is missing ("no baseline", "no budget", "no
        actual cost") when it cannot be measured for want of one, else `shown`."""
        if value is None and no_base:
            return missing
        return _NO_ACTUAL_COST if e.why_unknown(name) else shown

    def money(label: str, name: str, meaning: str) -> Metric:
        value = getattr(e, name)
        return Metric("Earned value", label, said(value, value, name), CellKind.MONEY, meaning)

    def ratio(label: str, name: str, meaning: str) -> Metric:
        # the value as shown (two decimals), judged as shown: 0.948 is 0.95, not amber
        value = getattr(e, name)
        shown = said(value, _ratio(value), name)
        return Metric("Earned value", label, shown, CellKind.RATIO, meaning, index_tone(value))

    uncosted = missing_cost_words(e.uncosted)
    spent = "Money spent so far." if uncosted is None else f"Recorded so far; {uncosted}."
    per_unit = "work done for each unit of money spent; 1.00 is on budget."
    if (why := e.why_unknown("cpi")) is not None:
        cpi_means = f"Unknown: {why}."
    elif uncosted is not None:
        cpi_means = f"EV ÷ AC of the tasks with an Actual Cost: {per_unit}"
    else:
        cpi_means = f"EV ÷ AC: {per_unit}"
    return [
        money("Budget at completion (BAC)", "bac", f"{BAC_MEANS[0].upper()}{BAC_MEANS[1:]}."),
        money("Planned value (PV)", "pv", "Work that should be done by the status date, at cost."),
        money("Earned value (EV)", "ev", "Work actually done, valued at its agreed cost."),
        money("Actual cost (AC)", "ac", spent),
        money("Schedule variance (SV)", "sv", "EV − PV: below zero means behind schedule."),
        money("Cost variance (CV)", "cv", "EV − AC: below zero means over budget."),
        ratio(
            "Schedule performance (SPI)",
            "spi",
            "EV ÷ PV: the share of the work planned by now that is done; 1.00 is on pace.",
        ),
        ratio("Cost performance (CPI)", "cpi", cpi_means),
        money("Estimate at completion (EAC)", "eac", "BAC ÷ CPI: the likely final cost."),
        money("EAC if overruns stop", "eac_atypical", "AC + (BAC − EV)."),
        money("EAC, cost and pace", "eac_combined", "AC + (BAC − EV) ÷ (CPI × SPI)."),
        money("Estimate to complete (ETC)", "etc", "What the rest is likely to cost."),
        money("Variance at completion (VAC)", "vac", "BAC − EAC: below zero is the overrun."),
        Metric(
            "Earned value",
            "To-complete performance (TCPI)",
            said(e.tcpi, _ratio(e.tcpi), "tcpi"),
            CellKind.RATIO,
            "Pace of spending needed from now on to finish on budget.",
        ),
        Metric(
            "Earned value",
            "Earned schedule (days)",
            said(e.earned_schedule, _round(e.earned_schedule, 1)),
            CellKind.NUMBER,
            "Working days of the plan that the work done is worth.",
        ),
        ratio(
            "Schedule performance in time (SPI(t))",
            "spi_t",
            "Earned schedule ÷ days elapsed; more reliable than SPI near the end.",
        ),
        Metric(
            "Earned value",
            "Forecast duration at this pace (days)",
            said(
                e.forecast_duration,
                UNKNOWN
                if s.forecast_unknown and e.forecast_duration is None
                else _round(e.forecast_duration, 1),
            ),
            CellKind.NUMBER,
            "Planned working days ÷ SPI(t): the whole project's length if the pace so far "
            "holds (the forecast finish above follows the rest of the plan instead).",
        ),
    ]


def _scope_metrics(analysis: Analysis) -> list[Metric]:
    s = analysis.summary
    threshold = analysis.plan.settings.scope_creep_threshold_pct / 100

    def growth(
        label: str, value: float | None, meaning: str, judged: bool, at_least: bool = False
    ) -> Metric:
        """A growth figure; `at_least`: a change's Duration cannot be read, so it is a
        minimum and reads `≥ 12.0%`."""
        tone = None
        if judged and value is not None:  # a minimum under the threshold may not be: no green
            tone = Tone.RED if is_above(value, threshold) else None if at_least else Tone.GREEN
        kind = CellKind.AT_LEAST_PERCENT if at_least else CellKind.PERCENT
        shown: Value = _NO_BASELINE if value is None else _shown(value, kind)
        return Metric("Scope", label, shown, kind, meaning, tone)

    return [
        growth(
            "Unapproved growth, work",
            s.scope_growth_days,
            "Working days added without an approved change request."
            + (_AT_LEAST_DAYS if s.scope_growth_days_at_least else ""),
            True,
            s.scope_growth_days_at_least,
        ),
        growth(
            "Unapproved growth, cost",
            s.scope_growth_cost,
            "Cost added without an approved change request.",
            True,
        ),
        growth(
            "Approved growth, work",
            s.approved_growth_days,
            "Working days added by approved change requests."
            + (_AT_LEAST_DAYS if s.approved_growth_days_at_least else ""),
            False,
            s.approved_growth_days_at_least,
        ),
        growth(
            "Approved growth, cost",
            s.approved_growth_cost,
            "Cost added by approved change requests.",
            False,
        ),
        Metric(
            "Scope",
            "Scope creep threshold",
            threshold,
            CellKind.PERCENT,
            "Unapproved growth above this raises a flag (Settings).",
        ),
    ]


def _metric_row(metric: Metric) -> Row:
    kind = CellKind.TEXT if isinstance(metric.value, str) else metric.kind
    muted = metric.value in {_NO_BASELINE, _NO_BUDGET, _NO_ACTUAL_COST, UNKNOWN}
    tone = Tone.MUTED if muted else metric.tone
    value = Cell(metric.value, kind, tone=tone, bold=metric.label == "Status", figure=True)
    return Row((Cell(metric.label), value, Cell(None), Cell(None), Cell(metric.meaning)))


def _health_rows(s: ProjectSummary) -> list[Row]:
    rows = [
        Row(
            (
                Cell(
                    "Plan health: the 14-point schedule checks of the US Defense Contract "
                    "Management Agency (DCMA)",
                    bold=True,
                ),
            ),
            Role.HEADING,
        )
    ]
    if not all(check.known for check in s.health):
        rows.append(
            Row(
                (
                    Cell("Score"),
                    Cell(UNKNOWN, tone=Tone.MUTED, bold=True, figure=True),
                    Cell(None),
                    Cell(None),
                    Cell("The checks that read the schedule wait until every task is scheduled."),
                )
            )
        )
    elif s.health_score is not None:
        rows.append(
            Row(
                (
                    Cell("Score"),
                    Cell(s.health_score, CellKind.PERCENT, bold=True, figure=True),
                    Cell(None),
                    Cell(None),
                    Cell("Share of the checks that pass."),
                )
            )
        )
    rows.append(
        Row(
            (
                Cell("Check"),
                Cell("Value", figure=True),
                Cell("Threshold", figure=True),
                Cell("Result"),
                Cell("What it checks"),
            ),
            Role.HEADER,
        )
    )
    for check in s.health:
        result, tone = _RESULTS[check.passed] if check.known else (UNKNOWN, Tone.MUTED)
        kind = _health_kind(check.name, check.value, check.threshold)
        rows.append(
            Row(
                (
                    Cell(check.name),
                    Cell(_shown(check.value, kind), kind, figure=True),
                    Cell(_shown(check.threshold, kind), kind, figure=True),
                    Cell(result, tone=tone, bold=True),
                    Cell(check.description),
                )
            )
        )
    if not s.health:
        rows.append(Row((Cell("No plan-health checks were run."),), Role.NOTE))
    return rows


def index_tone(value: float | None) -> Tone | None:
    """The colour of an SPI or CPI, judged as shown (two decimals): red below 0.90, amber
    below 0.95 (the status rules' thresholds), else green; none when unknown."""
    if value is None:
        return None
    if is_below(value, RED_INDEX):
        return Tone.RED
    return Tone.AMBER if is_below(value, AMBER_INDEX) else Tone.GREEN


def status_tone(status: str | None) -> Tone | None:
    """The colour of a Red / Amber / Green status; none for a plan with no status yet."""
    return None if status is None else STATUS_TONES.get(status)


def _slip_metric(s: ProjectSummary, tolerance_days: int) -> Metric:
    """The slip and its words (`ProjectSummary.slip_words`), or why there is none; while
    the forecast is unknown past the agreed finish, how late the project is at least
    (`≥ 12`, coloured as a slip of 12)."""
    words = s.slip_words()
    words = f"{words[0].upper()}{words[1:]}."
    if s.slip is not None:
        shown: Value = s.slip
        meaning, tone = words, slip_tone(s.slip, tolerance_days)
    elif s.late_at_least is not None and s.baseline_finish is not None:
        shown = f"{AT_LEAST} {s.late_at_least}"
        meaning = (
            f"{words[:-1]}: the plan's dates end that far after the agreed finish, "
            f"{format_day(s.baseline_finish)}, though they assume work dated in the past was "
            "done."
            if s.late_by_dates
            else f"{words[:-1]}: the agreed finish, {format_day(s.baseline_finish)}, has "
            "passed with work not done."
        )
        meaning += f" {s.forecast_unknown}." if s.forecast_unknown else ""
        tone = slip_tone(s.late_at_least, tolerance_days)
    elif s.baseline_finish is None or not s.forecast_unknown:
        shown, meaning, tone = _NO_BASELINE, "Set a baseline to measure slip.", None
    else:
        shown, meaning, tone = UNKNOWN, f"{s.forecast_unknown}.", None
    return Metric("Status", "Slip (working days)", shown, CellKind.INTEGER, meaning, tone)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _ratio(value: float | None) -> float | None:
    return None if value is None else shown_ratio(value)


def _shown(value: float | None, kind: CellKind) -> float | None:
    """A figure rounded as its cell shows it, so a sheet and a sentence never disagree."""
    if value is None:
        return None
    if kind is CellKind.RATIO:
        return shown_ratio(value)
    if kind in {CellKind.PERCENT, CellKind.AT_LEAST_PERCENT}:
        return shown_percent(value) / 100
    return round(value, 2)


def _health_kind(name: str, value: float | None, threshold: float) -> CellKind:
    """Shares of tasks read best as percentages; indexes (BEI, CPLI) as ratios."""
    words = name.casefold()
    if "index" in words or "bei" in words or "cpli" in words:
        return CellKind.RATIO
    if "test" in words or threshold > 1 or (value is not None and value > 1):
        return CellKind.NUMBER
    return CellKind.PERCENT
