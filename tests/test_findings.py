"""Findings an owner can act on: one finding per problem, severity tiers, one ordering,
and the "This week" list — on the bundled sample and on small built plans."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.actions import build_actions, count_sentence
from pmkit.engine.analysis import analyze
from pmkit.engine.explanations import EXPLANATIONS
from pmkit.engine.findings import group_findings
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.lazy import Deferred
from pmkit.engine.model import Plan
from pmkit.engine.workload import OwnerWeekAction
from pmkit.outputs import build_flags_sheet, build_summary_sheet, build_workload_sheet
from pmkit.outputs.digest import Digest, plan_night
from pmkit.outputs.digest_html import render_html, render_text
from pmkit.outputs.workload import week_task_sentence
from tests.builders import MONDAY, PLAN_HEADER, plan_of, task, write_workbook

SAMPLE = Path(__file__).resolve().parents[1] / "templates" / "sample-plan.xlsx"
STATUS = date(2026, 3, 13)  # a Friday, two weeks after MONDAY


@pytest.fixture(scope="module")
def sample() -> pmkit.Analysis:
    return pmkit.analyze(pmkit.read_plan(SAMPLE))


def top(analysis: pmkit.Analysis, task_id: str) -> list[Issue]:
    return [issue for issue in analysis.issues if issue.task_id == task_id]


# -- one root cause, one finding -------------------------------------------------------------


def test_a_task_overdue_stalled_and_slipping_is_one_finding_with_three_reasons(
    sample: pmkit.Analysis,
) -> None:
    """Task 24 of the sample is stalled, overdue and slipping: one finding, at its most
    important reason, with three reasons and the three per-cell findings as details."""
    (finding,) = top(sample, "24")
    assert finding.code is Code.STALLED_TASK
    assert len(finding.reasons) == 3
    assert {detail.code for detail in finding.details} == {
        Code.STALLED_TASK,
        Code.OVERDUE_TASK,
        Code.SLIPPING_TASK,
    }


def test_every_task_has_at_most_one_finding(sample: pmkit.Analysis) -> None:
    """Counting findings counts problems: no task id heads two findings (an owner's
    overload is about a person: it stands at a task's Owner cell but is not its finding)."""
    people = {Code.OVERLOADED_OWNER, Code.UNKNOWN_OWNER}
    heads = Counter(
        issue.task_id for issue in sample.issues if issue.task_id and issue.code not in people
    )
    assert heads
    assert max(heads.values()) == 1


def test_a_missed_deadline_is_reported_once_naming_its_chain(sample: pmkit.Analysis) -> None:
    """Go live's missed deadline is one finding that names the chain driving it and the days
    it must gain; the negative float of the tasks before it is not a finding of its own."""
    assert not [issue for issue in sample.issues if issue.code is Code.NEGATIVE_FLOAT]
    (finding,) = top(sample, "38")
    assert finding.code is Code.DEADLINE_MISSED
    assert "15 → 18 → 23 → 31 → 33 → 35 → 38, must gain 8 working days" in finding.message
    floats = {d.task_id for d in finding.details if d.code is Code.NEGATIVE_FLOAT}
    assert {"15", "18", "23", "31", "33", "35"} <= floats
    assert "days of float" not in " ".join(issue.message for issue in sample.cell_issues())


def test_every_per_cell_finding_is_kept_once(sample: pmkit.Analysis) -> None:
    """Grouping loses nothing: the details hold each per-cell finding exactly once, the
    same ones the checks report when nothing is grouped (60 on the sample: 56 about its
    tasks, sheets, scope and pace, and 4 stretches of weeks over capacity)."""
    cells = sample.cell_issues()
    assert len(cells) == 60
    assert sum(1 for cell in cells if cell.code is Code.OVERLOADED_OWNER) == 4
    ungrouped = group_findings(
        sample.plan,
        list(sample.tasks),
        cells,
        scope=sample.scope,
        overloads=sample.workload.overloads,
    )
    assert Counter(ungrouped) == Counter(sample.issues)  # the same grouping either way


LATE_DESIGN = task(
    "A",
    5,
    owner="Ann",
    actual_start=MONDAY,
    percent_complete=0.2,
    baseline_start=MONDAY,
    baseline_finish=date(2026, 3, 6),
)
"""A (design, Ann): started on Monday, a fifth done, due that Friday: late at the status date."""


def late_chain(started: bool) -> pmkit.Plan:
    """A (design) runs late; B (build) waits for it; B has started or not."""
    build = {"actual_start": date(2026, 3, 9), "percent_complete": 0.1} if started else {}
    return plan_of(
        LATE_DESIGN,
        task(
            "B",
            5,
            "A",
            owner="Bob",
            baseline_start=date(2026, 3, 9),
            baseline_finish=date(2026, 3, 13),
            **build,
        ),
        status=STATUS,
        forecast=True,
    )


def task_findings(result: pmkit.Analysis) -> list[Issue]:
    return [issue for issue in result.issues if issue.task_id is not None]


def test_lateness_passed_on_folds_into_its_cause() -> None:
    """B has not started and is late only because A is: one finding, at A, naming B."""
    result = analyze(late_chain(started=False))
    assert [issue.task_id for issue in task_findings(result)] == ["A"]
    (finding,) = task_findings(result)
    assert "1 later task waits on it: B" in finding.message
    assert {(d.code, d.task_id) for d in finding.details} >= {(Code.SLIPPING_TASK, "B")}


def test_a_task_late_on_its_own_keeps_its_own_finding() -> None:
    """Once B has started its dates are its own: it keeps a finding of its own."""
    result = analyze(late_chain(started=True))
    assert sorted(issue.task_id or "" for issue in task_findings(result)) == ["A", "B"]


def held_up(tight_baseline: bool, link: str = "A", owner: str = "Bob") -> pmkit.Plan:
    """A (Ann) started and is late; B (Bob, or `owner`) has not started, waits on A and is
    overdue.

    With `tight_baseline` B's baseline finish was A's own (more late than A, so its slip is
    not all passed on) and the forecast moves work past the status date; without, the
    schedule is pure logic (B overdue but not slipping).
    """
    build = date(2026, 3, 6) if tight_baseline else date(2026, 3, 11)
    return plan_of(
        LATE_DESIGN,
        task("B", 3, link, owner=owner, baseline_start=MONDAY, baseline_finish=build),
        status=STATUS,
        forecast=tight_baseline,
    )


def test_an_overdue_task_waiting_on_a_late_one_folds_into_it() -> None:
    """B is overdue but cannot start until A, late itself, is done: one finding, at A (its
    action Ann's), and B's overdue detail says what it waits on. B is still overdue."""
    result = analyze(held_up(tight_baseline=False))
    (finding,) = task_findings(result)
    assert finding.task_id == "A"
    assert "1 later task waits on it: B" in finding.message
    (detail,) = [d for d in finding.details if d.task_id == "B"]
    assert detail.code is Code.OVERDUE_TASK
    assert detail.message.endswith("; it is waiting on task A “Task A” (late, owned by Ann)")
    assert result.progress["B"].overdue
    assert [action.who for action in result.this_week] == ["Ann"]


@pytest.mark.parametrize(
    ("link", "waiting"),
    [
        pytest.param("A", True, id="finish-to-start"),
        pytest.param("ASS", False, id="start-to-start-once-started"),
        pytest.param("AFF", False, id="finish-to-finish-may-start"),
        pytest.param("AFS-2", False, id="a-lead-may-start"),
    ],
)
def test_only_a_link_that_keeps_a_task_from_starting_makes_it_wait(
    link: str, waiting: bool
) -> None:
    """B waits on A only when the link keeps it from starting now: finish-to-start (no
    lead) while A is unfinished, start-to-start while A has not started."""
    result = analyze(held_up(tight_baseline=False, link=link))
    held = [issue.task_id for issue in task_findings(result)] == ["A"]
    assert held is waiting


def test_a_late_task_waiting_on_another_is_acted_on_by_that_task_s_owner() -> None:
    """B slips more than A (its baseline was tighter), so it keeps its own finding — which
    says it waits on A — and the action goes to Ann, who can move A: in the This week
    list and in the digest; Bob, who cannot start B, is not asked to recover it."""
    result = analyze(held_up(tight_baseline=True))
    (finding,) = [issue for issue in task_findings(result) if issue.task_id == "B"]
    assert "is waiting on task A “Task A” (late, owned by Ann)" in finding.message
    (action,) = [a for a in result.this_week if a.finding == finding]
    assert action.who == "Ann"
    assert action.what == "Get task A “Task A” back on track: task B “Task B” is waiting on it"
    assert action.why.startswith("Task B “Task B” cannot start until task A moves")
    assert action.where == result.plan.location(result.plan.tasks[0], "percent_complete")
    night = plan_night(result)
    ann, bob = night.owner_week("Ann"), night.owner_week("Bob")
    assert ann is not None
    assert bob is not None
    assert action in ann.actions
    assert not bob.actions


@pytest.mark.parametrize(
    ("link", "waiting"),
    [
        pytest.param("A", True, id="finish-to-start"),
        pytest.param("ASS", False, id="start-to-start-once-started"),
        pytest.param("AFS-2", False, id="a-lead-may-start"),
    ],
)
def test_an_owners_list_says_what_an_overdue_task_waits_on_as_its_finding_does(
    link: str, waiting: bool
) -> None:
    """Bob's own list (the Workload sheet's and his digest week, HTML and text, and the
    JSON) calls B overdue and, where its finding says B waits on A, says so in few words
    and who can move A; where the finding does not, neither does the list."""
    result = analyze(held_up(tight_baseline=False, link=link))
    details = [detail for issue in task_findings(result) for detail in issue.cells()]
    (overdue,) = [d for d in details if d.task_id == "B" and d.code is Code.OVERDUE_TASK]
    assert ("it is waiting on task A" in overdue.message) is waiting
    bob = result.workload.owner("Bob")
    assert bob is not None
    (item,) = bob.week_tasks
    assert item.action is OwnerWeekAction.OVERDUE
    words = "waiting on task A (late, owned by Ann)"
    sentence = week_task_sentence(item, "Bob")
    assert sentence.startswith("Overdue: Task B — was due Wed 11 Mar 2026, 0 % done")
    assert sentence.endswith(f", {words}") is waiting
    expected = {"task": "A", "owner": "Ann"} if waiting else None
    assert item.to_json()["waiting_on"] == expected
    sheet = build_workload_sheet(result)
    assert [cell.value for row in sheet.body() for cell in row.cells if cell.value == sentence] == [
        sentence
    ]
    week = plan_night(result).owner_week("Bob")
    assert week is not None
    digest = Digest(plan_night(result), None, False, (week,))
    assert (words in render_html(digest)) is waiting
    assert (words in " ".join(render_text(digest).split())) is waiting


def test_an_owners_overdue_task_waiting_on_their_own_late_task_says_so() -> None:
    """When the late task B waits on is its own owner's (`ANN`, the same person as `Ann`),
    their list does not name them to themselves: the Workload sheet says `also theirs`,
    their digest (HTML and text) `also yours`; the JSON still names the owner."""
    result = analyze(held_up(tight_baseline=False, owner="ANN"))
    ann = result.workload.owner("Ann")
    assert ann is not None
    (item,) = [entry for entry in ann.week_tasks if entry.task_id == "B"]
    assert item.to_json()["waiting_on"] == {"task": "A", "owner": "Ann"}
    sheet = " ".join(
        str(cell.value) for row in build_workload_sheet(result).body() for cell in row.cells
    )
    assert "waiting on task A (late, also theirs)" in sheet
    week = plan_night(result).owner_week("Ann")
    assert week is not None
    digest = Digest(plan_night(result), None, False, (week,))
    for shown in (render_html(digest), " ".join(render_text(digest).split())):
        assert "waiting on task A (late, also yours)" in shown
        assert "owned by" not in shown
    assert "owned by" not in sheet


def test_a_blocked_task_warning_folds_under_the_error_that_blocks_it(tmp_path: Path) -> None:
    """A blank Duration and the tasks it keeps out of the schedule are one error finding."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {"Plan": [PLAN_HEADER, ["A", "Design", "Ann", None, None], ["B", "Build", "Bob", 2, "A"]]},
    )
    result = analyze(pmkit.read_plan(path), MONDAY)
    assert not [i for i in result.issues if i.code is Code.UNSCHEDULED_TASK]
    (finding,) = [i for i in result.issues if i.task_id == "A"]
    assert finding.severity is Severity.ERROR
    assert {detail.code for detail in finding.details} == {
        Code.BAD_DURATION,
        Code.UNSCHEDULED_TASK,
    }


def test_changes_nobody_approved_are_one_finding(sample: pmkit.Analysis) -> None:
    """Tasks 18 and 22 grew or were added without approval, which also puts growth over the
    threshold: one decision, one finding, with all three as details."""
    (finding,) = [i for i in sample.issues if i.code is Code.SCOPE_CREEP]
    assert [i for i in sample.issues if i.code is Code.SCOPE_GROWTH] == []
    assert {(d.code, d.task_id) for d in finding.details} >= {
        (Code.SCOPE_CREEP, "18"),
        (Code.SCOPE_CREEP, "22"),
        (Code.SCOPE_GROWTH, None),
    }
    assert finding.message.startswith("2 changes since the baseline have no approved change")


def test_failed_plan_health_checks_are_one_note(sample: pmkit.Analysis) -> None:
    """Seven failed checks are one note with seven details, each saying what to do."""
    (finding,) = [i for i in sample.issues if i.code is Code.PLAN_HEALTH]
    assert finding.severity is Severity.INFO
    assert len(finding.details) == 7


def test_details_are_worded_when_first_read() -> None:
    """A deferred sequence computes once, on first use, and equals the tuple it holds."""
    calls: list[int] = []

    def make() -> list[int]:
        calls.append(1)
        return [1, 2]

    lazy = Deferred(make, nonempty=True)
    assert lazy  # known non-empty without computing
    assert calls == []
    assert lazy == (1, 2)
    assert list(lazy) == [1, 2]
    assert hash(lazy) == hash((1, 2))
    assert calls == [1]


# -- severity means something ---------------------------------------------------------------


def test_the_sample_has_seven_problems_and_seven_notes(sample: pmkit.Analysis) -> None:
    """Warnings are the decisions and actions needed now (Priya's overload under a
    critical task next week among them, and the SPI of 0.70 that makes the status Red);
    the rest are notes (overloads later or off the
    critical path)."""
    assert [(i.severity, i.code) for i in sample.issues] == [
        (Severity.WARNING, Code.DEADLINE_MISSED),
        (Severity.WARNING, Code.STALLED_TASK),
        (Severity.WARNING, Code.OWNERLESS_TASK),
        (Severity.WARNING, Code.OVERLOADED_OWNER),
        (Severity.WARNING, Code.LOW_SPI),
        (Severity.WARNING, Code.SCOPE_CREEP),
        (Severity.WARNING, Code.UNMITIGATED_RISK),
        (Severity.INFO, Code.OVERLOADED_OWNER),
        (Severity.INFO, Code.OVERLOADED_OWNER),
        (Severity.INFO, Code.SLIPPING_TASK),
        (Severity.INFO, Code.SLIPPING_TASK),
        (Severity.INFO, Code.APPROVED_CHANGE),
        (Severity.INFO, Code.REMOVED_TASK),
        (Severity.INFO, Code.PLAN_HEALTH),
    ]
    assert count_sentence(sample.issues) == "7 problems need you this week, 7 notes"


@pytest.mark.parametrize(
    ("severities", "sentence"),
    [
        pytest.param([], "Nothing needs you this week", id="clean"),
        pytest.param([Severity.INFO], "Nothing needs you this week; 1 note", id="a-note"),
        pytest.param([Severity.WARNING], "1 problem needs you this week", id="one"),
        pytest.param(
            [Severity.ERROR, Severity.WARNING, Severity.INFO],
            "2 problems need you this week (1 in the plan itself), 1 note",
            id="an-error",
        ),
    ],
)
def test_counts_read_as_problems_and_notes(severities: list[Severity], sentence: str) -> None:
    """Errors and warnings are problems; notes are counted apart, and not at all when
    there are none (never "0 notes"); a list of every problem under the counts needs no
    more words."""
    issues = [Issue(s, Code.LEADS, None, None, "x") for s in severities]
    assert count_sentence(issues) == sentence
    problems = sum(severity.is_problem for severity in severities)
    assert count_sentence(issues, problems) == sentence


def test_counts_over_a_shorter_list_say_it_holds_the_most_urgent() -> None:
    """Six problems over a list of five: `…; the 5 most urgent`, not a count the list
    seems to contradict."""
    issues = [Issue(Severity.WARNING, Code.LEADS, None, None, "x")] * 6
    assert count_sentence(issues, 5) == ("6 problems need you this week; the 5 most urgent")


def test_notes_read_as_note_but_stay_info_in_the_data(sample: pmkit.Analysis) -> None:
    """Owners read "note" (Flags sheet, text); JSON keeps "info"."""
    note = sample.issues[-1]
    assert note.severity.label == "note"
    assert build_flags_sheet(sample).rows[-1].cells[0].value in {"note", "warning"}
    assert sample.to_json()["issues"][-1]["severity"] == "info"


# -- the same rule, one ordering, on every front end ------------------------------------------


def _where(issue: Issue) -> str:
    return str(issue.location) if issue.location else ""


def test_one_ordering_on_every_front_end(
    sample: pmkit.Analysis, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit validate` (text and JSON) and the Flags sheet list the same findings in the
    same order as `analysis.issues` (PM_FLAGS: tests/addin/test_addin_functions.py)."""
    expected = [(i.code.value, _where(i)) for i in sample.issues]
    sheet = build_flags_sheet(sample)
    flags = [
        (r.cells[1].value, r.cells[2].value or "") for r in sheet.body() if not r.outline_level
    ]
    assert flags == expected
    assert main(["validate", str(SAMPLE), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    cells = [f"{i['sheet']}!{i['cell']}" if i["cell"] else i["sheet"] for i in document["issues"]]
    assert [(i["code"], cell) for i, cell in zip(document["issues"], cells, strict=True)] == (
        expected
    )
    assert main(["validate", str(SAMPLE)]) == 0
    text = capsys.readouterr().out.split("All findings, most urgent first:\n")[1]
    codes = [line.rsplit("[", 1)[1].rstrip("]") for line in text.splitlines() if line.endswith("]")]
    assert codes == [code for code, _ in expected]


# -- the "This week" list ---------------------------------------------------------------------


def test_this_week_lists_who_what_where_and_why(sample: pmkit.Analysis) -> None:
    """At most five actions, the problems in order, each with an owner (or "You"), an
    action, the cell to open and why it matters, in days or money where known."""
    week = sample.this_week
    assert len(week) == 5
    assert [(a.who, str(a.where), a.days, a.money) for a in week] == [
        ("Brightline Web", "Plan!K38", 8, None),
        ("Lumen Studio", "Plan!R25", 15, None),
        ("You", "Plan!D27", 26, None),
        ("Priya Shah", "Plan!D26", None, None),
        ("You", "Plan!L16", None, None),  # the SPI: task 15's % Complete first
    ]
    assert week[0].what.startswith("Find 8 working days on tasks 15 → 18 → 23")
    assert all(action.why for action in week)


@pytest.mark.parametrize(
    ("owner", "later"),
    [
        pytest.param("Acme Web", "or ask for a later deadline for task B", id="a-vendor-asks"),
        pytest.param(None, "or agree a later deadline for task B", id="you-agree"),
    ],
)
def test_a_missed_deadline_leaves_the_deadline_to_the_plans_owner(
    owner: str | None, later: str
) -> None:
    """The deadline is the plan owner's: a task's owner is told to ask for a later one,
    "You" to agree one."""
    plan = plan_of(task("A", 5, owner=owner), task("B", 5, "A", owner=owner, deadline=MONDAY))
    (action,) = [a for a in analyze(plan, MONDAY).this_week if a.what.startswith("Find")]
    assert later in action.what


def test_this_week_shows_no_more_than_five_of_many_problems() -> None:
    """Seven critical tasks with no owner are seven problems; the list shows five."""
    plan = plan_of(*(task(str(n), 1, str(n - 1) if n > 1 else "") for n in range(1, 8)))
    result = analyze(plan, MONDAY)
    assert count_sentence(result.issues).startswith("7 problems need you")
    assert len(result.this_week) == 5


def test_actions_filter_by_owner(sample: pmkit.Analysis) -> None:
    """Every problem has an action; one owner's are a filter away (for a digest)."""
    everyone = build_actions(
        sample.plan, list(sample.tasks), sample.issues, overloads=sample.workload.overloads
    )
    assert len(everyone) == 7
    assert [a.what for a in everyone if a.owner == "Lumen Studio"] == [
        "Report progress on task 24 “Product photography (240 items)”"
    ]


def test_the_summary_shows_the_same_this_week_list(sample: pmkit.Analysis) -> None:
    """The Summary's list is the engine's: same people, same cells, same order."""
    rows = build_summary_sheet(sample).rows
    counts = count_sentence(sample.issues, len(sample.this_week))
    assert counts == "7 problems need you this week, 7 notes; the 5 most urgent"
    heading = next(i for i, row in enumerate(rows) if row.cells[0].value == counts)
    listed = [(row.cells[0].value, row.cells[1].value) for row in rows[heading + 2 : heading + 7]]
    assert listed == [(a.who, str(a.where)) for a in sample.this_week]


def test_validate_and_report_print_the_same_this_week_list(
    sample: pmkit.Analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line prints the counts and the engine's actions, in order."""
    main(["validate", str(SAMPLE)])
    out = capsys.readouterr().out
    assert out.startswith(
        "7 problems need you this week, 7 notes; the 5 most urgent:\n  1. Brightline Web: Find 8"
    )
    for number, action in enumerate(sample.this_week, start=1):
        assert f"  {number}. {action.who}: {action.what} ({action.where})" in out
    copy = tmp_path / "plan.xlsx"
    copy.write_bytes(SAMPLE.read_bytes())
    main(["report", str(copy)])
    assert "  5. You: Find out what holds up the work furthest behind plan, starting with" in (
        capsys.readouterr().out
    )


def test_a_finding_links_to_the_cell_it_names(sample: pmkit.Analysis) -> None:
    """The headline finding sits at the cell of its most important reason."""
    (finding,) = top(sample, "27")
    assert finding.code is Code.OWNERLESS_TASK
    assert finding.location == Location("Plan", 27, 4)


def test_no_action_speaks_of_the_critical_path_while_the_forecast_is_unknown(
    tmp_path: Path,
) -> None:
    """With a task unscheduled, which tasks are critical is unknown: the This week list
    leads with the error to fix and calls no task critical."""
    path = tmp_path / "plan.xlsx"
    path.write_bytes(SAMPLE.read_bytes())
    workbook = openpyxl.load_workbook(path)
    header = [cell.value for cell in workbook["Plan"][1]]
    # task 15, on the critical path and behind its baseline, not heard of for four weeks
    workbook["Plan"].cell(row=16, column=header.index("Last Update") + 1, value=date(2026, 3, 2))
    workbook.save(path)
    intact = analyze(pmkit.read_plan(path))
    assert [a for a in intact.this_week if "critical path" in a.why]
    workbook["Plan"].cell(row=9, column=header.index("Predecessors") + 1, value="99")
    workbook.save(path)
    result = analyze(pmkit.read_plan(path))
    first = result.this_week[0]
    assert first.finding.severity is Severity.ERROR
    assert first.what.startswith("Fix task 8 “Visual design concepts”: Predecessor 99")
    assert not [a for a in result.this_week if "critical path" in a.why]


def test_a_rows_findings_read_as_one_sentence_without_stray_stops() -> None:
    """Task A has no duration, holds B and C up and is overdue: its one finding joins them
    as clauses ("Tasks B and C cannot be scheduled until…; it was due…"), never
    "fixed.;". Task D's unknown predecessor holds E up: the action to fix it gives that
    as its why, a whole sentence."""
    plan = plan_of(
        task("A", None, owner="Ann", baseline_finish=MONDAY),
        task("B", 1, "A", owner="Ann"),
        task("C", 1, "B", owner="Ann"),
        task("D", 1, "Z", owner="Ann"),
        task("E", 1, "D", owner="Ann"),
    )
    analysis = analyze(plan, date(2026, 3, 20))
    (finding,) = [issue for issue in analysis.issues if issue.task_id == "A"]
    assert "cannot be scheduled until the duration of task A is fixed; it " in finding.message
    assert ".;" not in finding.message
    (fix,) = [action for action in analysis.this_week if action.what.startswith("Fix task D")]
    assert fix.why == "Task E cannot be scheduled until the predecessors of task D are fixed."


@pytest.mark.parametrize(
    ("plan", "code", "why"),
    [
        pytest.param(
            plan_of("A:2", "B:1<B"),
            Code.SELF_DEPENDENCY,
            "Until it is fixed, the plan cannot be scheduled as written, so the project's "
            "finish date is unknown.",
            id="holds-back-the-schedule",
        ),
        pytest.param(
            plan_of(
                task("A", 2, baseline_start=date(2026, 3, 20), baseline_finish=MONDAY),
                task("B", 1, "A", baseline_start=MONDAY, baseline_finish=date(2026, 3, 6)),
                forecast=True,  # the work moves past the status date: the finish is known
            ),
            Code.BASELINE_START_AFTER_FINISH,
            "Until the two dates agree, the Gantt shows no agreed bar for the task and its "
            "planned value is counted back from the Baseline Finish; its schedule is not "
            "affected.",
            id="an-agreed-date-pair-out-of-order",
        ),
    ],
)
def test_the_action_to_fix_an_error_says_what_the_error_does(
    plan: Plan, code: Code, why: str
) -> None:
    """The why of "Fix …" is what pmkit does until the error is fixed: a task it cannot
    schedule leaves the project's finish unknown (with nothing after it to name); a
    Baseline Start after its Finish touches the agreed bar and planned value, while the
    task and B after it are scheduled (nothing "depends on it")."""
    result = analyze(plan, STATUS)
    (fix,) = [action for action in result.this_week if action.finding.code is code]
    assert fix.what.startswith("Fix task ")
    assert fix.why == why
    assert (result.summary.forecast_finish is None) is (code is Code.SELF_DEPENDENCY)


def test_every_error_says_what_pmkit_does_until_it_is_fixed() -> None:
    """Each code that is an error has the sentence its Fix action gives as its why."""
    errors = [code for code, explained in EXPLANATIONS.items() if explained.tier == "error"]
    assert errors
    assert [code for code in errors if not EXPLANATIONS[code].until_fixed.endswith(".")] == []


def test_tasks_that_slip_behind_a_change_are_not_counted_as_changes() -> None:
    """B grew by 5 days without a change request; C and D only slip behind it. The one
    scope finding counts one change and names C and D as its consequence."""
    plan = plan_of(
        task("A", 2, owner="Ann", baseline_duration_days=2, baseline_finish=date(2026, 3, 3)),
        task("B", 8, "A", owner="Ann", baseline_duration_days=3, baseline_finish=date(2026, 3, 6)),
        task("C", 1, "B", owner="Ann", baseline_duration_days=1, baseline_finish=date(2026, 3, 9)),
        task("D", 1, "C", owner="Ann", baseline_duration_days=1, baseline_finish=date(2026, 3, 10)),
    )
    analysis = analyze(plan, MONDAY)
    (creep,) = [issue for issue in analysis.issues if issue.code is Code.SCOPE_CREEP]
    assert creep.message.startswith(
        "1 change since the baseline has no approved change request: task B “Task B” grew "
        "(+5 working days); tasks C and D slip behind their baseline as a result"
    )
    assert creep.task_id == "B"


def test_the_action_to_fix_a_row_leads_with_the_error_its_why_speaks_of(tmp_path: Path) -> None:
    """Task B has an unreadable Deadline and an unknown predecessor that holds C up: the
    action says to fix the predecessor, at its cell, since that is what C waits on (it
    said "Fix task B: Deadline … is not a date", with C's wait as the why)."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                [*PLAN_HEADER, "Deadline"],
                ["A", "Design", "Ann", 2, None, None],
                ["B", "Build", "Ann", 3, "A, Z", "soon"],
                ["C", "Launch", "Ann", 1, "B", None],
            ]
        },
    )
    analysis = analyze(pmkit.read_plan(path), STATUS)
    (fix,) = [action for action in analysis.this_week if action.finding.task_id == "B"]
    assert fix.why == "Task C cannot be scheduled until the predecessors of task B are fixed."
    assert fix.what == "Fix task B “Build”: Predecessor Z is not a task ID in this plan"
    assert str(fix.where) == "Plan!E3"


def test_the_action_to_fix_a_repeated_id_names_its_row_not_the_other_task(
    tmp_path: Path,
) -> None:
    """The second row with ID A is left out; its action names that row, not the task that
    keeps the ID (it said "Fix task A “Design”" of the row holding "Design again")."""
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                PLAN_HEADER,
                ["A", "Design", "Ann", 2, None],
                ["A", "Design again", "Ann", 3, None],
            ]
        },
    )
    analysis = analyze(pmkit.read_plan(path), STATUS)
    (fix,) = [a for a in analysis.this_week if a.finding.code is Code.DUPLICATE_ID]
    assert fix.what.startswith("Fix row 3: ID A is already used by row 2")
    assert str(fix.where) == "Plan!A3"


def test_a_task_without_a_name_is_named_by_its_id_alone(tmp_path: Path) -> None:
    """Task B has no name and is overdue: its finding says "Task B was due…", never
    "Task B “” was due…", and its owner's week on the Workload sheet names it "task B"
    (it read "Overdue:  — was due…")."""
    plan = plan_of(
        task("A", 2, owner="Ann", baseline_finish=date(2026, 3, 3), percent_complete=1.0),
        task("B", 3, "A", name="", owner="Ann", baseline_finish=date(2026, 3, 6)),
    )
    analysis = analyze(plan, date(2026, 3, 20))
    overdue = [i for i in analysis.issues if i.task_id == "B" for i in i.cells()]
    messages = [issue.message for issue in overdue if issue.code is Code.OVERDUE_TASK]
    assert messages
    assert [m for m in messages if "“”" in m] == []
    assert messages[0].startswith("Task B was due to finish")
    sentences = [
        week_task_sentence(item, load.name)
        for load in analysis.workload.owners
        for item in load.week_tasks
        if item.task_id == "B"
    ]
    assert sentences
    assert all(sentence.startswith("Overdue: task B — was due") for sentence in sentences)


def test_an_unreadable_percent_complete_is_said_so_never_zero_percent(tmp_path: Path) -> None:
    """Design is in progress, stalled and overdue, its % Complete typed as `abc`: pmkit
    cannot know how far it is, so its stalled finding, its overdue detail and Ann's week
    say the % Complete at Plan!F2 cannot be read — never "0 % done" — and the JSON has no
    percent for it. Build after it, not started, is 0 % done as before."""
    header = [*PLAN_HEADER, "% Complete", "Actual Start", "Baseline Start", "Baseline Finish"]
    path = write_workbook(
        tmp_path / "plan.xlsx",
        {
            "Plan": [
                [*header, "Last Update"],
                ["1", "Design", "Ann", 5, None, "abc", MONDAY, MONDAY, date(2026, 3, 6), MONDAY],
                ["2", "Build", "Bob", 2, "1", None, None, None, date(2026, 3, 10), None],
            ],
            "Settings": [["Setting", "Value"], ["Status Date", date(2026, 3, 30)]],
        },
    )
    result = analyze(pmkit.read_plan(path))
    unread = "% Complete at Plan!F2 cannot be read"
    (design,) = [issue for issue in task_findings(result) if issue.task_id == "1"]
    assert f"it was due on Fri 6 Mar 2026 ({unread})" in design.message
    assert {Code.STALLED_TASK, Code.OVERDUE_TASK} <= {d.code for d in design.details}
    (overdue,) = [d for d in design.details if d.task_id == "1" and d.code is Code.OVERDUE_TASK]
    assert overdue.message.endswith(f"is not done ({unread})")
    said = " ".join(cell.message for issue in result.issues for cell in (issue, *issue.cells()))
    assert "Design” was due to finish on Fri 6 Mar 2026 and is not done (0 %" not in said
    ann, bob = result.workload.owner("Ann"), result.workload.owner("Bob")
    assert ann is not None
    assert bob is not None
    (item,) = ann.week_tasks
    assert week_task_sentence(item, "Ann") == (
        f"Overdue: Design — was due Fri 6 Mar 2026, {unread}, critical"
    )
    assert item.to_json()["percent_complete"] is None
    (build,) = bob.week_tasks
    assert ", 0 % done" in week_task_sentence(build, "Bob")
