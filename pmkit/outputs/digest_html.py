"""The morning digest as HTML and as plain text (`pmkit.outputs.digest` holds its content).

The HTML is one self-contained page that mail clients and phones show as it is: inline
styles only (no style sheet, web font, image or script), colours from the one palette
(`pmkit.outputs.palette`), one column at most 640 px wide that narrows to a phone's
screen, long words broken rather than widening the page. Every text pmkit did not write
itself — plan, task, owner and risk names, all inside the sentences — is escaped by
construction: markup is built by `_tag`, which escapes every string it is given that is
not markup it built. The plain text says the same, line by line, for clients that show
no HTML.

>>> import pmkit
>>> from pmkit.outputs.digest import plan_night, Digest
>>> night = plan_night(pmkit.analyze(pmkit.read_plan("plan.xlsx")))
>>> render_subject(Digest(night, None, True))
'Online shop relaunch: Red · preview · 7 problems'
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable, Sequence

from pmkit.engine.actions import Action
from pmkit.engine.figures import format_day
from pmkit.engine.issues import Location
from pmkit.engine.overnight import Change
from pmkit.engine.workload import OwnerWeekAction, OwnerWeekTask
from pmkit.outputs.cells import Tone
from pmkit.outputs.digest import Digest, OwnerWeek, PlanNight
from pmkit.outputs.palette import (
    ACCENT,
    FONT_NAME,
    GREY_TEXT,
    LINK_COLOUR,
    RULE_COLOUR,
    TEXT_COLOUR,
    TONE_FILLS,
    TONE_FONTS,
    WHITE,
)
from pmkit.outputs.since_last_run import CHANGE_LABELS, SHOWN_CHANGES, change_tone
from pmkit.outputs.workload import MAX_LISTED, week_task_sentence

__all__ = ["GENERATOR", "render_html", "render_subject", "render_text"]

GENERATOR = '<meta name="generator" content="pmkit digest">'
"""In the head of every digest page: how `pmkit digest -o` knows a file it may replace."""
SUBJECT_NAME = 60
"""Characters of the plan's name a subject keeps (a phone shows about 40)."""
SUBJECT_LISTED = 40
"""Characters of the name a plan is listed under a subject keeps; its project's name is
cut first, so that two plans with one project name still differ."""
_SUBJECT_PROJECT = 20
"""Characters of the project's name a subject keeps whatever the listed name's length."""
TEXT_WIDTH = 76
_STATUS_TONES = {"Red": Tone.RED, "Amber": Tone.AMBER, "Green": Tone.GREEN}
_FONTS = f"{FONT_NAME},'Segoe UI',Helvetica,Arial,sans-serif"
_PAGE = (
    f"box-sizing:border-box;max-width:640px;margin:0 auto;padding:16px;font-family:{_FONTS};"
    "font-size:16px;"
    f"line-height:1.45;color:#{TEXT_COLOUR};overflow-wrap:anywhere;word-break:break-word"
)
_H1 = f"margin:2px 0 14px;font-size:24px;line-height:1.25;color:#{ACCENT}"
_H2 = (
    f"margin:22px 0 8px;padding-bottom:4px;font-size:18px;color:#{ACCENT};"
    f"border-bottom:1px solid #{RULE_COLOUR}"
)
_H3 = f"margin:16px 0 6px;font-size:16px;color:#{ACCENT}"
"""A part of someone's week inside a larger digest, under their "Your week" heading."""
_SMALL = f"font-size:13px;color:#{GREY_TEXT}"
_ITEM = "margin:0 0 12px"
_LIST = "margin:0;padding:0;list-style:none"


class _Html(str):
    """Markup `_tag` built: safe to put in a page as it is."""

    __slots__ = ()


def _tag(name: str, *children: str, style: str = "", href: str | None = None) -> _Html:
    """`<name style="…">children</name>`; a child that is not `_Html` is escaped."""
    inner = "".join(c if isinstance(c, _Html) else html.escape(c) for c in children)
    attributes = f' style="{html.escape(style)}"' if style else ""
    if href is not None:
        attributes += f' href="{html.escape(href)}"'
    return _Html(f"<{name}{attributes}>{inner}</{name}>")


def _join(parts: Iterable[str]) -> _Html:
    return _Html("".join(p if isinstance(p, _Html) else html.escape(p) for p in parts))


def _tone_of(status: str | None) -> Tone:
    return _STATUS_TONES.get(status or "", Tone.INFO)


# --- the subject ---------------------------------------------------------------------------


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _subject_name(night: PlanNight) -> str:
    """The plan's title (`PlanNight.title`) in at most `SUBJECT_NAME` characters, the
    name it is listed under kept whole before the project's name."""
    name, listed = night.title_parts
    if listed is None:
        return _cut(name, SUBJECT_NAME)
    listed = _cut(listed, SUBJECT_LISTED)
    room = max(_SUBJECT_PROJECT, SUBJECT_NAME - len(listed) - 3)
    return f"{_cut(name, room)} ({listed})"


def render_subject(digest: Digest) -> str:
    """`Shop: Red · 3 changes since last run · 6 problems`, or an owner's `Your week on
    Shop: 1 overdue, 2 to finish`; a plan listed under another name in the nightly job
    adds it: `Shop (Acme): …` (`PlanNight.title`). Plain text: the e-mail layer makes it
    a safe header."""
    night = digest.night
    name = _subject_name(night)
    if not digest.whole_plan:
        return f"Your week on {name}: {_week_counts(digest.weeks)}"
    since = night.since
    if since.last_run is None:
        news = "preview" if since.note else "first digest"
    elif since.changes:
        news = _plural(len(since.changes), "change") + " since last run"
    else:
        news = "nothing changed"
    problems = _plural(night.problems, "problem") if night.problems else "nothing to act on"
    return f"{name}: {night.status_word} · {news} · {problems}"


def _week_counts(weeks: Sequence[OwnerWeek]) -> str:
    tasks = [task for week in weeks for task in week.tasks]
    counts = []
    for action, words in (
        (OwnerWeekAction.OVERDUE, "overdue"),
        (OwnerWeekAction.FINISH, "to finish"),
        (OwnerWeekAction.WORK, "to work on"),
    ):
        number = sum(task.action is action for task in tasks)
        if number:
            counts.append(f"{number} {words}")
    acts = sum(len(week.actions) for week in weeks)
    if acts:
        counts.append(f"{acts} to act on")
    changes = sum(len(week.changes) for week in weeks)
    if changes:
        counts.append(_plural(changes, "change"))
    if any(week.unplaced for week in weeks):  # the week may hold more: never "nothing"
        counts.append("some of your work cannot be scheduled yet")
    return ", ".join(counts) or "nothing this week"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# --- HTML ----------------------------------------------------------------------------------


def _paragraph_adds(night: PlanNight) -> bool:
    """Whether the status paragraph says more than the reason shown above it (a plan with
    no tasks has one sentence for both)."""
    return night.paragraph.rstrip(". ") != night.reason.rstrip(". ")


def render_html(digest: Digest) -> str:
    """The digest as one HTML page (`<!doctype html>`), readable at a phone's width."""
    night = digest.night
    title = render_subject(digest)
    parts: list[str] = [
        _tag("div", _kicker(digest), style=_SMALL),
        _tag("h1", night.title, style=_H1),
        _status_box(night, full=digest.whole_plan),
    ]
    if digest.whole_plan:
        if _paragraph_adds(night):
            parts.append(_tag("p", night.paragraph, style="margin:14px 0 0"))
        parts += _since_section("Since last run", _plan_headline(night), night.since.changes)
        parts += _this_week_section(night)
    several = len(digest.weeks) > 1 or digest.whole_plan
    for week in digest.weeks:
        parts += _week_sections(night, week, several)
    parts.append(_footer(digest))
    page = _tag("div", _join(parts), style=_PAGE)
    head = (
        '<meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light">'
        f"{GENERATOR}"
        f"<title>{html.escape(title)}</title>"
    )
    body_style = f"margin:0;padding:0;background:#{WHITE}"
    return (
        f'<!doctype html>\n<html lang="en"><head>{head}</head>'
        f'<body style="{body_style}">{page}</body></html>\n'
    )


def _kicker(digest: Digest) -> str:
    night = digest.night
    day = format_day(night.status_date)
    if digest.whole_plan:
        return f"Morning digest · status date {day}"
    names = " and ".join(week.name for week in digest.weeks)
    return f"{names}: your week · status date {day}"


def _status_box(night: PlanNight, *, full: bool) -> _Html:
    tone = _tone_of(night.status)
    ink, fill = TONE_FONTS[tone], TONE_FILLS[tone]
    box = (
        f"background:#{fill};border-left:6px solid #{ink};padding:10px 14px;"
        f"border-radius:4px;color:#{TEXT_COLOUR}"
    )
    word = _tag("div", night.status_word, style=f"font-size:20px;font-weight:bold;color:#{ink}")
    lines = [word, _tag("div", _sentence(night.reason))]
    if full and night.forecast_unknown and night.forecast_unknown != night.reason:
        lines.append(_tag("div", _sentence(night.forecast_unknown), style="margin-top:4px"))
    return _tag("div", _join(lines), style=box)


def _since_section(
    title: str, headline: str, changes: Sequence[Change], heading: tuple[str, str] = ("h2", _H2)
) -> list[str]:
    level, style = heading
    parts: list[str] = [
        _tag(level, title, style=style),
        _tag("p", headline, style="margin:0 0 10px"),
    ]
    items = [_change_item(change) for change in changes[:SHOWN_CHANGES]]
    if items:
        parts.append(_tag("ul", _join(items), style=_LIST))
    more = len(changes) - SHOWN_CHANGES
    if more > 0:
        parts.append(
            _tag("p", f"… and {_plural(more, 'more change')}: see the Summary tab.", style=_SMALL)
        )
    return parts


def _change_item(change: Change) -> _Html:
    tone = change_tone(change)
    label = _tag(
        "span",
        CHANGE_LABELS[change.kind],
        style=(
            f"display:inline-block;margin-right:6px;padding:0 6px;border-radius:3px;"
            f"font-size:13px;font-weight:bold;background:#{TONE_FILLS[tone]};"
            f"color:#{TONE_FONTS[tone]}"
        ),
    )
    return _tag("li", label, change.sentence, style=_ITEM)


def _this_week_section(night: PlanNight) -> list[str]:
    parts: list[str] = [
        _tag("h2", "This week", style=_H2),
        _tag("p", _sentence(night.counts), style="margin:0 0 10px"),
    ]
    if night.this_week:
        items = [_action_item(night, action, who=True) for action in night.this_week]
        parts.append(_tag("ol", _join(items), style="margin:0;padding-left:22px"))
    more = night.problems - len(night.this_week)
    if more > 0:
        parts.append(
            _tag(
                "p",
                f"… and {_plural(more, 'more problem')}: {night.place.findings} lists every "
                "finding, most urgent first.",
                style=_SMALL,
            )
        )
    return parts


def _action_item(night: PlanNight, action: Action, *, who: bool) -> _Html:
    head: list[str] = []
    if who:
        head += [_tag("b", action.who), ": "]
    head.append(action.what)
    if action.where is not None:
        head += [" ", _where(night, action.where)]
    lines = [_tag("div", _join(head))]
    if action.why:
        lines.append(_tag("div", action.why, style=f"color:#{GREY_TEXT}"))
    return _tag("li", _join(lines), style=_ITEM)


def _where(night: PlanNight, location: Location, what: str = "") -> _Html:
    """A link to the cell where the medium has one (Google Sheets), else its name;
    `what` (`task 30`) goes before it."""
    url = night.place.link(location)
    grey = f"color:#{GREY_TEXT}"
    if url is not None and url.startswith("https://"):
        link = _tag("a", str(location), href=url, style=f"color:#{LINK_COLOUR}")
        return _tag("span", "(", f"{what}, " if what else "", link, ")", style=grey)
    text = f"({what}, {location})" if what else f"({location})"
    return _tag("span", text, style=f"{grey};white-space:nowrap")


def _week_sections(night: PlanNight, week: OwnerWeek, named: bool) -> list[str]:
    """The week's parts; `named` (inside a plan digest, or beside another owner's week):
    under a "Your week, NAME" heading, as smaller headings."""
    level, style = ("h3", _H3) if named else ("h2", _H2)
    parts: list[str] = []
    if named:
        parts.append(_tag("h2", f"Your week, {week.name}", style=_H2))
    if week.actions:
        parts.append(_tag(level, "To do", style=style))
        items = [_action_item(night, action, who=False) for action in week.actions]
        parts.append(_tag("ol", _join(items), style="margin:0;padding-left:22px"))
    parts.append(_tag(level, _title(_days_title(night)), style=style))
    if week.tasks:
        items = [_task_item(night, task, week.name) for task in week.tasks[:MAX_LISTED]]
        parts.append(_tag("ul", _join(items), style=_LIST))
        if len(week.tasks) > MAX_LISTED:
            more = len(week.tasks) - MAX_LISTED
            parts.append(_tag("p", f"… and {more} more: see the Workload tab.", style=_SMALL))
        if week.unplaced:
            parts.append(_tag("p", _not_listed(week.unplaced), style=_SMALL))
    else:
        parts.append(_tag("p", _no_tasks(night, week), style="margin:0"))
    parts += _since_section(
        "Changed since last run", _week_headline(night, week), week.changes, (level, style)
    )
    return parts


def _title(text: str) -> str:
    return text[:1].upper() + text[1:]


def _days_title(night: PlanNight) -> str:
    if night.week is None:
        return "your tasks"
    first, last = night.week
    return f"your tasks, {format_day(first)} to {format_day(last)}"


def _no_tasks(night: PlanNight, week: OwnerWeek) -> str:
    """Why the week lists no task: nothing is due, or pmkit cannot place what is (the
    owner's own tasks that cannot be scheduled, named, before the plan's reason)."""
    if week.unplaced:
        return f"Nothing pmkit can place in these days: {_sentence(week.unplaced)}"
    if night.forecast_unknown:
        return f"Nothing pmkit can place in these days. {_sentence(night.forecast_unknown)}"
    return "Nothing to finish or work on in these days."


def _not_listed(unplaced: str) -> str:
    """Below a week's tasks: the owner's work that cannot be placed in it."""
    return f"Not listed: {_sentence(unplaced)}"


def _week_headline(night: PlanNight, week: OwnerWeek) -> str:
    """`3 changes to your tasks and risks since the last run (Mon 2 Mar 2026).`"""
    since = night.since
    if since.last_run is None:
        return since.headline()
    when = f"since the last run ({format_day(since.last_run)})"
    if not week.changes:
        return f"Nothing of yours changed {when}."
    return f"{_plural(len(week.changes), 'change')} to your tasks and risks {when}."


def _plan_headline(night: PlanNight) -> str:
    """The plan's "Since last run" line, with why it compares less when it does."""
    since = night.since
    if since.note and not since.first_run:
        return f"{since.headline()} {_sentence(since.note)}"
    return since.headline()


def _task_item(night: PlanNight, task: OwnerWeekTask, owner: str) -> _Html:
    tone = Tone.CRITICAL if task.action is OwnerWeekAction.OVERDUE else None
    colour = TONE_FONTS[tone] if tone else TEXT_COLOUR
    weight = "bold" if task.critical else "normal"
    sentence = week_task_sentence(task, owner, own="yours")
    text = _tag("span", sentence, style=f"color:#{colour};font-weight:{weight}")
    return _tag("li", text, " ", _where(night, task.location, _task_ref(task)), style=_ITEM)


def _task_ref(task: OwnerWeekTask) -> str:
    """`task 30`, said before where a task of the week sits — unless that place names the
    task itself (a Microsoft Project file's `task 3 “Roof” in vendor.xml`)."""
    return "" if task.location.place is not None else f"task {task.task_id}"


def _footer(digest: Digest) -> _Html:
    place = digest.night.place
    opens: list[str] = []
    if place.url is not None and place.url.startswith("https://"):
        opens += ["Open ", _tag("a", place.label, href=place.url, style=f"color:#{LINK_COLOUR}")]
    else:
        opens.append(f"The plan: {place.label}")
    opens.append(".")
    lines = [_tag("p", _join(opens), style="margin:0 0 6px"), _tag("p", _why_you(digest))]
    style = f"margin-top:26px;padding-top:10px;border-top:1px solid #{RULE_COLOUR};{_SMALL}"
    return _tag("div", _join(lines), style=style)


def _why_you(digest: Digest) -> str:
    if digest.address is None:
        return "A preview by pmkit digest: nothing was sent."
    if digest.whole_plan:
        why = "this address is on the plan's notify list"
    else:
        cells = ", ".join(str(w.team_cell) for w in digest.weeks if w.team_cell)
        why = f"the plan's Team sheet gives this address{f' ({cells})' if cells else ''}"
    return f"From pmkit's nightly job, at most once a night: {why}."


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


# --- plain text ----------------------------------------------------------------------------


def render_text(digest: Digest) -> str:
    """The same digest as plain text, wrapped at `TEXT_WIDTH` (links kept whole)."""
    night = digest.night
    name = " ".join(night.title.split())  # a name typed over two lines is one heading
    lines: list[str] = [*_wrap(_kicker(digest)), "", *_wrap(name), "=" * min(len(name), TEXT_WIDTH)]
    lines += _wrap(f"{night.status_word.upper()}: {_sentence(night.reason)}")
    if digest.whole_plan:
        if night.forecast_unknown and night.forecast_unknown != night.reason:
            lines += _wrap(_sentence(night.forecast_unknown))
        if _paragraph_adds(night):
            lines += ["", *_wrap(night.paragraph)]
        lines += _text_since("Since last run", _plan_headline(night), night.since.changes)
        lines += _heading("This week")
        lines += _wrap(_sentence(night.counts))
        for number, action in enumerate(night.this_week, start=1):
            lines += _text_action(night, action, f"{number}. ", who=True)
        more = night.problems - len(night.this_week)
        if more > 0:
            lines += _wrap(f"… and {_plural(more, 'more problem')}: see {night.place.findings}.")
    several = len(digest.weeks) > 1 or digest.whole_plan
    for week in digest.weeks:
        lines += _text_week(night, week, several)
    lines += ["", "--", *_wrap(_text_footer(digest))]
    return "\n".join(lines) + "\n"


def _heading(title: str) -> list[str]:
    title = _title(title)
    return ["", title, "-" * min(len(title), TEXT_WIDTH)]


def _wrap(text: str, indent: str = "", first: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        TEXT_WIDTH,
        initial_indent=first or indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _text_since(title: str, headline: str, changes: Sequence[Change]) -> list[str]:
    lines = [*_heading(title), *_wrap(headline)]
    for change in changes[:SHOWN_CHANGES]:
        lines += _wrap(f"{CHANGE_LABELS[change.kind]}: {change.sentence}", "  ", "* ")
    more = len(changes) - SHOWN_CHANGES
    if more > 0:
        lines += _wrap(f"… and {_plural(more, 'more change')}: see the Summary tab.")
    return lines


def _text_action(night: PlanNight, action: Action, mark: str, *, who: bool) -> list[str]:
    where = f" ({action.where})" if action.where is not None else ""
    head = f"{action.who}: {action.what}{where}" if who else f"{action.what}{where}"
    lines = _wrap(head, " " * len(mark), mark)
    if action.why:
        lines += _wrap(action.why, " " * len(mark))
    return lines


def _text_week(night: PlanNight, week: OwnerWeek, named: bool) -> list[str]:
    lines: list[str] = []
    if named:  # a heading above its parts, underlined as the plan's name is
        title = f"Your week, {' '.join(week.name.split())}"
        lines += ["", *_wrap(title), "=" * min(len(title), TEXT_WIDTH)]
    if week.actions:
        lines += _heading("To do")
        for number, action in enumerate(week.actions, start=1):
            lines += _text_action(night, action, f"{number}. ", who=False)
    lines += _heading(_days_title(night))
    if not week.tasks:
        lines += _wrap(_no_tasks(night, week))
    for task in week.tasks[:MAX_LISTED]:
        sentence = week_task_sentence(task, week.name, own="yours")
        ref = _task_ref(task)
        item = f"{sentence} ({ref}, {task.location})" if ref else f"{sentence} ({task.location})"
        lines += _wrap(item, "  ", "* ")
    if len(week.tasks) > MAX_LISTED:
        lines += _wrap(f"… and {len(week.tasks) - MAX_LISTED} more: see the Workload tab.")
    if week.tasks and week.unplaced:
        lines += _wrap(_not_listed(week.unplaced))
    lines += _text_since("Changed since last run", _week_headline(night, week), week.changes)
    return lines


def _text_footer(digest: Digest) -> str:
    place = digest.night.place
    where = f"Open {place.label}: {place.url}" if place.url else f"The plan: {place.label}"
    return f"{where}. {_why_you(digest)}"
