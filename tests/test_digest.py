"""The morning digest's content, HTML, text and e-mail (pmkit/outputs/digest*.py), and
`pmkit digest`: who gets what, plain words, nothing injected."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path

import pytest

import pmkit
from pmkit.cli import main
from pmkit.engine.errors import EmailAddressError
from pmkit.engine.model import Plan, TeamMember
from pmkit.engine.overnight import FIRST_RUN, Change, ChangeKind, SinceLastRun
from pmkit.engine.results import Analysis
from pmkit.outputs import palette
from pmkit.outputs.digest import (
    NO_STATUS_WORD,
    PREVIEW_NOTE,
    Digest,
    PlanNight,
    PlanPlace,
    digests,
    plan_night,
)
from pmkit.outputs.digest_html import render_html, render_subject, render_text
from pmkit.outputs.digest_mail import (
    HEADERS,
    check_headers,
    digest_message,
    header_text,
    safe_address,
)
from tests.builders import plan_of, task

SAMPLE = Path(__file__).resolve().parents[1] / "templates" / "sample-plan.xlsx"
STATUS = date(2026, 3, 2)
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\r\nBcc: evil@example.com'


@pytest.fixture(scope="module")
def sample() -> Analysis:
    return pmkit.analyze(pmkit.read_plan(SAMPLE))


def _team_plan(*tasks: object, team: tuple[TeamMember, ...] = (), name: str = "Shop") -> Plan:
    plan = plan_of(*tasks, status=STATUS, forecast=True)  # type: ignore[arg-type]
    columns = {"id": 1, "name": 2, "owner": 3, "duration_days": 4, "predecessors": 5}
    return replace(plan, name=name, team=team, columns=columns)


def _night(plan: Plan, since: SinceLastRun | None = None) -> PlanNight:
    return plan_night(pmkit.analyze(plan, STATUS), since)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.styles: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}
        self.styles += [value or "" for name, value in attrs if name == "style"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    found = _Tags()
    found.feed(html)
    return found


# --- who gets what ----------------------------------------------------------------------------


def test_the_plan_digest_has_the_status_its_reason_the_paragraph_and_this_week(
    sample: Analysis,
) -> None:
    """The plan digest: the colour word and its first reason, the status paragraph, the
    "This week" list with who, what and where — in the HTML and the text alike."""
    digest = Digest(plan_night(sample), "boss@example.com", True)
    text = render_text(digest)
    page = " ".join(_parse(render_html(digest)).text)
    reason = sample.summary.status_reasons[0]
    assert "RED: The project finishes 10 working days" in text.splitlines()[4]
    for body in (text, page):
        flat = " ".join(body.split())
        assert reason in flat
        assert " ".join(sample.summary.status_text.split()) in flat
        for action in sample.this_week:
            assert action.what in flat
            assert str(action.where) in flat
        assert PREVIEW_NOTE in flat
        assert "and 2 more problems" in flat


def test_the_rest_of_the_problems_are_where_the_plan_keeps_them(sample: Analysis) -> None:
    """A preview points at the report's Flags sheet (the plan itself has none); a Google
    plan at its Flags tab."""
    preview = render_text(Digest(plan_night(sample), "boss@example.com", True))
    assert "2 more problems: see the Flags sheet of its report (pmkit report writes it)" in (
        " ".join(preview.split())
    )
    google = PlanPlace("the Google spreadsheet “Shop”")
    page = render_html(Digest(plan_night(sample, place=google), "boss@example.com", True))
    assert "2 more problems: the Flags tab lists every finding" in " ".join(_parse(page).text)


def test_an_owner_gets_just_their_week(sample: Analysis) -> None:
    """Lumen Studio's week: their one action and their overdue task, nothing of anyone
    else's, no project list, and the status in one line."""
    night = plan_night(sample)
    week = night.owner_week("LUMEN  studio")
    assert week is not None
    assert [a.what[:26] for a in week.actions] == ["Report progress on task 24"]
    assert [(t.task_id, t.action.value) for t in week.tasks] == [("24", "overdue")]
    text = " ".join(render_text(Digest(night, week.address, False, (week,))).split())
    assert "Overdue: Product photography (240 items) — was due Fri 20 Mar 2026" in text
    assert "Brightline" not in text
    assert "This week" not in text
    assert "Name an owner" not in text
    subject = render_subject(Digest(night, week.address, False, (week,)))
    assert subject == "Your week on Online shop relaunch: 1 overdue, 1 to act on"


def test_one_message_per_address(sample: Analysis) -> None:
    """Each notify address gets the plan digest (an owner among them finds their week in
    it); each other owner with an address and something to do gets their week; capitals
    do not make a second message; owners with nothing this week get nothing."""
    night = plan_night(sample)
    found = digests(night, ["Boss@Example.com", "boss@example.com", "STUDIO@lumen.example.com"])
    assert [(d.address, d.whole_plan, [w.name for w in d.weeks]) for d in found] == [
        ("Boss@Example.com", True, []),
        ("STUDIO@lumen.example.com", True, ["Lumen Studio"]),
        ("sam.patel@example.com", False, ["Sam Patel"]),
        ("priya.shah@example.com", False, ["Priya Shah"]),
        ("projects@brightline.example.com", False, ["Brightline Web"]),
        ("merchants@payport.example.com", False, ["PayPort"]),
    ]  # Maria Lopez and Tom Reed have nothing this week
    html = render_html(found[1])
    assert "Your week, Lumen Studio</h2>" in html
    assert "This week" in html


def test_two_owners_at_one_address_share_one_message() -> None:
    """An agency address for two names on the Team sheet: one message, both weeks."""
    team = (TeamMember("Ann", "team@example.com"), TeamMember("Bob", "TEAM@example.com"))
    plan = _team_plan(task("1", 3, owner="Ann"), task("2", 2, owner="Bob"), team=team)
    [digest] = digests(_night(plan), [])
    assert [w.name for w in digest.weeks] == ["Ann", "Bob"]
    assert render_subject(digest) == "Your week on Shop: 2 to finish"


def test_each_week_in_a_shared_message_sits_under_its_owners_heading() -> None:
    """Two weeks in one message: each begins with "Your week, NAME" and its parts are
    headed one level below it, in the HTML and the plain text alike."""
    team = (TeamMember("Ann", "team@example.com"), TeamMember("Bob\nJones", "team@example.com"))
    plan = _team_plan(task("1", 3, owner="Ann"), task("2", 2, owner="Bob Jones"), team=team)
    [digest] = digests(_night(plan), [])
    headings = [
        (level, " ".join(title.split()))  # as a browser shows it: a line break is a space
        for level, title in re.findall(r"<(h[1-3])[^>]*>([^<]*)</h[1-3]>", render_html(digest))
    ]
    days = "Your tasks, Tue 3 Mar 2026 to Mon 9 Mar 2026"
    assert headings == [
        ("h1", "Shop"),
        ("h2", "Your week, Ann"),
        ("h3", days),
        ("h3", "Changed since last run"),
        ("h2", "Your week, Bob Jones"),
        ("h3", days),
        ("h3", "Changed since last run"),
    ]
    text = render_text(digest).splitlines()
    for name in ("Ann", "Bob Jones"):
        title = f"Your week, {name}"
        assert text[text.index(title) + 1] == "=" * len(title)


def test_changes_reach_the_owner_of_their_task() -> None:
    """What changed on a task goes to its owner's week; the status change to nobody's."""
    plan = _team_plan(task("1", 3, owner="Ann"), task("2", 2, owner="Bob"))
    since = SinceLastRun(
        date(2026, 2, 27),
        (
            Change(ChangeKind.STATUS_CHANGED, "The status is now Red (last run: Green)."),
            Change(ChangeKind.NOW_LATE, "Task 2 “Task 2” is now late.", task_id="2", days=3),
        ),
    )
    night = _night(plan, since)
    ann, bob = night.owner_week("Ann"), night.owner_week("Bob")
    assert ann is not None
    assert bob is not None
    assert (ann.changes, [c.kind for c in bob.changes]) == ((), [ChangeKind.NOW_LATE])
    text = render_text(Digest(night, None, False, (ann,)))
    assert "Nothing of yours changed since the last run (Fri 27 Feb 2026)." in text
    assert "2 changes since the last run (Fri 27 Feb 2026)." in render_text(
        Digest(night, None, True)
    )


# --- saying what cannot be known ---------------------------------------------------------------


def test_forecast_unknown_and_a_plan_with_no_tasks_say_so() -> None:
    """A task that cannot be scheduled: the digest and the owner's week name the cell to
    fix and place no task; a plan with no tasks has no status and says so."""
    team = (TeamMember("Ann", "ann@example.com"),)
    plan = _team_plan(task("1", None, owner="Ann"), task("2", 2, "1", owner="Ann"), team=team)
    night = _night(plan)
    unknown = "Forecast unknown: 2 tasks cannot be scheduled until Plan!D2 is fixed"
    assert night.forecast_unknown == unknown
    assert f"AMBER: {unknown}." in render_text(Digest(night, None, True))
    week = night.owner_week("Ann")
    assert week is not None
    assert week.tasks == ()
    owner_text = " ".join(render_text(Digest(night, None, False, (week,))).split())
    assert (
        "Nothing pmkit can place in these days: your tasks 1 and 2 cannot be scheduled until "
        "Plan!D2 is fixed, so these days may hold more." in owner_text
    )
    empty = _night(_team_plan())
    assert empty.status is None
    assert render_subject(Digest(empty, None, True)).startswith(f"Shop: {NO_STATUS_WORD} · ")
    blank = render_text(Digest(empty, None, True))
    assert "NO STATUS YET: No tasks yet: fill in the Plan sheet" in blank
    assert " ".join(blank.split()).count("No tasks yet") == 1  # said once, not twice
    page = " ".join(_parse(render_html(Digest(empty, None, True))).text)
    assert page.count("No tasks yet") == 1


def test_a_first_night_says_there_is_nothing_to_compare_yet() -> None:
    """The job's first night for a plan: "First run" in the digest and its subject."""
    night = _night(_team_plan(task("1", 3, owner="Ann")), SinceLastRun(None))
    digest = Digest(night, "boss@example.com", True)
    assert f"{FIRST_RUN}." in render_text(digest)
    assert "first digest" in render_subject(digest)


# --- nothing injected, nothing fetched ------------------------------------------------------------


def test_owner_text_is_escaped_and_the_page_fetches_nothing() -> None:
    """A hostile plan and task name: only the digest's own tags and attributes, the name
    shown as typed, no script, image, style sheet, font or outside address; every colour
    from the palette."""
    team = (TeamMember("Ann", "ann@example.com"),)
    plan = _team_plan(task("1", 3, owner="Ann", name=HOSTILE), team=team, name=HOSTILE)
    night = _night(plan)
    for digest in (Digest(night, "b@example.com", True), *digests(night, [])):
        html = render_html(digest)
        found = _parse(html)
        assert found.tags <= {"html", "head", "meta", "title", "body", "div", "h1", "h2", "h3", "p",
                              "ul", "ol", "li", "span", "b", "a"}  # fmt: skip
        assert found.attributes <= {"lang", "charset", "name", "content", "style", "href"}
        assert HOSTILE in "".join(found.text)
        styles = " ".join(found.styles).lower()
        assert "url(" not in styles
        assert "@" not in styles
        assert "expression(" not in styles
        assert not re.findall(r'href="(?!https://docs\.google\.com/)', html)
        colours = {c.upper() for c in re.findall(r"#([0-9A-Fa-f]{6})", html)}
        known = {palette.ACCENT, palette.GREY_TEXT, palette.WHITE, palette.RULE_COLOUR,
                 palette.LINK_COLOUR, palette.TEXT_COLOUR, *palette.TONE_FILLS.values(),
                 *palette.TONE_FONTS.values()}  # fmt: skip
        assert colours <= known


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Shop\r\nBcc: evil@example.com", id="crlf"),
        pytest.param("Shop\nTo: evil@example.com\n\nbody", id="lf-and-a-body"),
        pytest.param("Shop =?utf-8?b?DQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?=", id="encoded-crlf-bcc"),
        pytest.param("Shop =?utf-8?q?=0D=0ABcc:_evil@example.com?=", id="encoded-q"),
        pytest.param("Shop\u2028Bcc: evil@example.com\x00\x1b[31m", id="unicode-separators"),
        pytest.param("Shöp " + "x" * 500, id="very-long"),
    ],
)
def test_a_hostile_plan_name_adds_no_header(name: str) -> None:
    """The message, generated and parsed back, has only the digest's headers, one To, and
    a one-line Subject showing the name as typed (made one line, cut when very long)."""
    night = _night(_team_plan(task("1", 3, owner="Ann"), name=name))
    message = digest_message(
        Digest(night, "boss@example.com", True),
        sender="pmkit <pm@example.com>",
        recipient="boss@example.com",
    )
    parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
    assert isinstance(parsed, EmailMessage)
    assert {key.lower() for part in parsed.walk() for key in part} <= HEADERS
    assert [str(to) for to in parsed.get_all("To") or []] == ["boss@example.com"]
    subject = str(parsed["Subject"])
    assert "\n" not in subject
    assert "\r" not in subject
    assert len(subject) <= 150
    shown = subject.replace("\u200b", "")
    typed = " ".join(re.sub(r"[\x00-\x1f\u2028]", " ", name).split())
    assert shown.startswith(typed[:50])
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]


def test_the_subject_arrives_as_written_whatever_its_length() -> None:
    """Plan names of every length around where a header line folds: the Subject a mail
    program reads back is the one pmkit wrote — no doubled space where Python's folding
    split it before the " · ", and no empty encoded word (`=?utf-8?q??=`), which some mail
    programs show as it is."""
    analysis = pmkit.analyze(_team_plan(task("1", 3, owner="Ann")), STATUS)
    for length in range(10, 70):
        night = plan_night(analysis, listed_as="Clients / " + "d" * length + ".xlsx")
        digest = Digest(night, "boss@example.com", True)
        message = digest_message(
            digest, sender="pmkit <pm@example.com>", recipient="boss@example.com"
        )
        generated = message.as_bytes()
        parsed = BytesParser(policy=policy.default).parsebytes(generated)
        assert str(parsed["Subject"]) == header_text(render_subject(digest)), length
        assert b"?q??=" not in generated


def test_the_name_a_plan_is_listed_under_tells_plans_apart_and_stays_one_line() -> None:
    """Two plans both named "Online shop relaunch" get different subjects from the names
    the nightly job lists them under; a hostile listed name (a Drive title or a config
    name with CR/LF and an encoded word) adds no header; a very long project name is cut
    before the listed name is, so the two still differ."""
    plan = _team_plan(task("1", 3, owner="Ann"), name="Online shop relaunch " + "x" * 200)
    analysis = pmkit.analyze(plan, STATUS)
    subjects = set()
    for listed in ("Acme", "Bolt\r\nBcc: evil@example.com =?utf-8?b?QUJD?="):
        night = plan_night(analysis, listed_as=listed)
        message = digest_message(
            Digest(night, "boss@example.com", True),
            sender="pmkit <pm@example.com>",
            recipient="boss@example.com",
        )
        parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
        assert {key.lower() for part in parsed.walk() for key in part} <= HEADERS
        assert [str(to) for to in parsed.get_all("To") or []] == ["boss@example.com"]
        subject = str(parsed["Subject"])
        assert "\n" not in subject
        assert "\r" not in subject
        subjects.add(subject.replace("\u200b", "").split(": Green")[0])
    assert subjects == {
        "Online shop relaunch xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (Acme)",
        "Online shop relaunc… (Bolt Bcc: evil@example.com =?utf-8?b?Q…)",
    }


@pytest.mark.parametrize(
    "address",
    [
        "a@example.com\r\nBcc: evil@example.com",
        "a@example.com, evil@example.com",
        "Ann <a@example.com>",
        "=?utf-8?q?a?=@example.com",
        "a @example.com",
        "no-at-sign",
        '"a b"@example.com',
        "a(comment)@example.com",
        "a@[127.0.0.1]",
    ],
)
def test_a_recipient_must_be_one_plain_address(address: str) -> None:
    """Anything but one bare address is refused before a message is made."""
    with pytest.raises(EmailAddressError):
        safe_address(address)


def test_a_message_with_a_header_the_digest_did_not_set_is_refused() -> None:
    """The last guard: a Bcc added to a message, or a Subject that decodes into a new
    line (as Python's parser may decode an encoded word), refuses the message."""
    night = _night(_team_plan(task("1", 3, owner="Ann")))
    message = digest_message(
        Digest(night, "b@example.com", True), sender="pm@example.com", recipient="b@example.com"
    )
    message["Bcc"] = "evil@example.com"
    with pytest.raises(EmailAddressError):
        check_headers(message)
    message = digest_message(
        Digest(night, "b@example.com", True), sender="pm@example.com", recipient="b@example.com"
    )
    del message["Subject"]
    message["Subject"] = "=?utf-8?b?DQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?="  # CR LF Bcc: …
    with pytest.raises(EmailAddressError):
        check_headers(message)


def test_header_text_keeps_what_was_typed_on_one_line() -> None:
    """Line breaks and control characters become spaces; an encoded word stays text."""
    assert header_text("a\r\n\tb\u2029c") == "a b c"
    assert header_text("x =?utf-8?b?QUJD?=") == "x =\u200b?utf-8?b?QUJD?="
    assert header_text("y" * 400).endswith("…")
    assert len(header_text("y" * 400)) == 150


# --- pmkit digest ---------------------------------------------------------------------------------


def test_pmkit_digest_previews_the_plan_and_an_owner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`pmkit digest PLAN -o digest.html` writes the page (again, over its own file);
    `--owner` prints that owner's week; an unknown owner is one line, exit 2."""
    out = tmp_path / "digest.html"
    assert main(["digest", str(SAMPLE), "-o", str(out)]) == 0
    assert main(["digest", str(SAMPLE), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert "Online shop relaunch: Red · preview · 7 problems" in capsys.readouterr().out
    assert main(["digest", str(SAMPLE), "--owner", "sam patel"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Sam Patel: your week")
    assert "No history to compare with" in printed
    assert main(["digest", str(SAMPLE), "--owner", "Nobody"]) == 2
    err = capsys.readouterr().err
    assert "no owner called 'Nobody'" in err
    assert "Sam Patel" in err


def test_pmkit_digest_does_not_replace_a_file_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing page of someone else's is left as it was (exit 2) unless --force."""
    out = tmp_path / "mine.html"
    out.write_text("<p>my notes</p>", encoding="utf-8")
    assert main(["digest", str(SAMPLE), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "<p>my notes</p>"
    assert main(["digest", str(SAMPLE), "-o", str(out), "--force"]) == 0
    assert main(["digest", str(SAMPLE), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "must end in .html or .txt" in capsys.readouterr().err


def test_an_owner_whose_work_cannot_be_scheduled_is_not_quiet() -> None:
    """Ann's only task waits on a Duration nobody can read: her week lists nothing, yet it
    is not a quiet one — her digest is sent, and says which of her tasks cannot be placed
    and what to fix. Bob's week lists his task 3 and says his task 2, which waits on hers,
    is not listed; Cy, whose work all schedules, reads no such line."""
    team = (
        TeamMember("Ann", "ann@example.com"),
        TeamMember("Bob", "bob@example.com"),
        TeamMember("Cy", "cy@example.com"),
    )
    plan = _team_plan(
        task("1", None, owner="Ann"),
        task("2", 2, "1", owner="Bob"),
        task("3", 2, owner="Bob"),
        task("4", 2, owner="Cy"),
        team=team,
    )
    night = _night(plan)
    ann, bob, cy = (night.owner_week(name) for name in ("Ann", "Bob", "Cy"))
    assert ann is not None
    assert bob is not None
    assert cy is not None
    assert (ann.tasks, ann.actions != (), ann.quiet) == ((), True, False)
    assert ann.unplaced == (
        "your task 1 “Task 1” cannot be scheduled until Plan!D2 is fixed, so these days may "
        "hold more"
    )
    assert [t.task_id for t in bob.tasks] == ["3"]
    bob_text = " ".join(render_text(Digest(night, None, False, (bob,))).split())
    assert (
        "Not listed: your task 2 “Task 2” cannot be scheduled until Plan!D2 is fixed, so "
        "these days may hold more." in bob_text
    )
    assert cy.unplaced is None
    assert "Not listed" not in render_text(Digest(night, None, False, (cy,)))
    # Cy's task 5 waits on Bob's task 1: nothing for Cy to do, nothing to list, yet a week
    # that may hold task 5 is not quiet
    waits = _team_plan(task("1", None, owner="Bob"), task("5", 2, "1", owner="Cy"), team=team)
    cy = _night(waits).owner_week("Cy")
    assert cy is not None
    assert (cy.actions, cy.tasks, cy.changes) == ((), (), ())
    assert cy.unplaced is not None
    assert not cy.quiet
    # nor does its subject call it one
    assert render_subject(Digest(_night(waits), cy.address, False, (cy,))) == (
        "Your week on Shop: some of your work cannot be scheduled yet"
    )
    assert render_subject(Digest(night, bob.address, False, (bob,))) == (
        "Your week on Shop: 1 to finish, some of your work cannot be scheduled yet"
    )
