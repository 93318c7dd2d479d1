"""The morning digest: what one person reads about one plan, the morning after the nightly run.

Two kinds, from the night's `Analysis` and what changed since the last run:

* the **plan digest**, for the plan's recipients (the sync config's `notify`): the status
  (its colour word and why), the status paragraph, what changed since the last run and
  the "This week" list;
* an **owner's week**, for each person the Team sheet gives an address: only what is
  theirs — the problems they should act on, the tasks they should finish or work on in
  the next working days (overdue first), and what changed on their tasks and risks.

One message per address and plan (`digests`): a recipient of the plan digest who is also
an owner finds their week inside it ("Your week"); two owners at one address get both
weeks in one message. An owner with nothing this week gets no message.

Content only, as typed data; `pmkit.outputs.digest_html` renders it (HTML and plain
text) and `pmkit.outputs.digest_mail` makes the e-mail. Standard library only.

>>> import pmkit
>>> night = plan_night(pmkit.analyze(pmkit.read_plan("plan.xlsx")))
>>> [d.address for d in digests(night, ["you@example.com"])][:3]
['you@example.com', 'sam.patel@example.com', 'priya.shah@example.com']
>>> [action.what[:26] for action in night.owner_week("Lumen Studio").actions]
['Report progress on task 24']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from pmkit.engine.actions import Action, count_sentence, problem_actions
from pmkit.engine.figures import join_words
from pmkit.engine.issues import Location
from pmkit.engine.model import Task, owner_key
from pmkit.engine.overnight import Change, SinceLastRun
from pmkit.engine.results import Analysis
from pmkit.engine.schema import WORKBOOK_SUFFIXES, normalize_name
from pmkit.engine.workload import OwnerWeekTask
from pmkit.outputs.summary import status_paragraph

__all__ = [
    "NO_STATUS_WORD",
    "PREVIEW_NOTE",
    "REPORT_FLAGS",
    "Digest",
    "OwnerWeek",
    "PlanNight",
    "PlanPlace",
    "digests",
    "name_with_id",
    "plan_digests",
    "plan_night",
    "plan_title",
]

PREVIEW_NOTE = (
    "No history to compare with: a preview reads one plan, without the nightly job's history"
)
"""What "Since last run" says in `pmkit digest`, which has no history to look in."""
NO_STATUS_WORD = "No status yet"
"""The status word of a plan with no tasks (the Summary shows "none yet")."""


_ID_MARK = " (id "  # a folder's plan named with the end of its spreadsheet id


def name_with_id(name: str, id_end: str) -> str:
    """A plan's name told apart from another of the same name by the end of its
    spreadsheet id (`sheets_sync.job`); `plan_title` reads it back.

    >>> name_with_id("Clients / Acme", "3xYz9Q")
    'Clients / Acme (id 3xYz9Q)'
    """
    return f"{name}{_ID_MARK}{id_end})"


def plan_title(project: str, listed_as: str | None) -> tuple[str, str | None]:
    """How a digest names a plan: the project's name (its Settings' Project Name), then
    in brackets the name the nightly job lists it under (the sync config's plan name,
    or `Entry / title` for a plan of a folder entry — the name its log lines and the
    portfolio give it), unless that says nothing more: the same name, or a folder's
    plan whose title (a workbook's name, without .xlsx) is the project's name, which
    adds only the entry's name. Two clients' plans both called "Online shop relaunch"
    are then `Online shop relaunch (Acme)` and `Online shop relaunch (Bolt)`. Two
    spreadsheets of one title in one folder are told apart by the end of their id
    (`Clients / Shop (id 3xYz9Q)`, `sheets_sync.job`): the digest keeps it.

    >>> plan_title("Online shop relaunch", "Acme")
    ('Online shop relaunch', 'Acme')
    >>> plan_title("Relaunch", "Shared / relaunch.xlsx")
    ('Relaunch', 'Shared')
    >>> plan_title("Shop", "Shop"), plan_title("Shop", None)
    (('Shop', None), ('Shop', None))
    >>> plan_title("Shop", "Clients / Shop (id 3xYz9Q)")
    ('Shop', 'Clients, id 3xYz9Q')
    """
    if not listed_as or normalize_name(listed_as) == normalize_name(project):
        return project, None
    entry, slash, item = listed_as.rpartition(" / ")
    readings = [(item, "")]
    title, id_mark, id_end = item.rpartition(_ID_MARK)
    if id_mark and id_end.endswith(")"):
        readings.insert(0, (title, f", id {id_end[:-1]}"))
    for named, told_apart in readings if slash else ():
        suffix = next((s for s in WORKBOOK_SUFFIXES if named.casefold().endswith(s)), "")
        if normalize_name(named[: len(named) - len(suffix)]) == normalize_name(project):
            return project, entry + told_apart
    return project, listed_as


@dataclass(frozen=True, slots=True)
class PlanPlace:
    """Where the plan lives, to point readers at it.

    `label` names it for people (`the Google spreadsheet “Shop”`, `the workbook
    shop.xlsx in /srv/plans`); `url` opens it (Google Sheets; None for a local
    workbook); `cell_url` gives a link to one cell, where the medium has such links
    (None: the digest names the cell, `Plan!K38`).
    """

    label: str
    url: str | None = None
    cell_url: Callable[[Location], str | None] | None = None
    findings: str = "the Flags tab"
    """Where every finding is listed, for "… and 2 more problems: see …" (a plan the
    digest only previews has them on its report's Flags sheet, not on its own)."""

    def link(self, location: Location) -> str | None:
        """A link to `location`, or None when only its name (`Plan!K38`) can be given."""
        return self.cell_url(location) if self.cell_url is not None else None


REPORT_FLAGS = "the Flags sheet of its report (pmkit report writes it)"
LOCAL_PREVIEW = PlanPlace("the plan workbook", findings=REPORT_FLAGS)


@dataclass(frozen=True, slots=True)
class OwnerWeek:
    """One person's week on one plan.

    `actions` are the problems they should act on (the "This week" wording, every one of
    theirs, not only the project's first five); `tasks` what they should finish or work
    on in the next working days, overdue first (`OwnerLoad.week_tasks`); `changes` what
    changed since the last run on their tasks and risks. `address` is their Team sheet
    Email (None: none given), `team_cell` their row there. `unplaced` says why the week
    may hold more than `tasks`: some of their work cannot be scheduled (None: all of it
    was).
    """

    name: str
    address: str | None
    team_cell: Location | None
    actions: tuple[Action, ...]
    tasks: tuple[OwnerWeekTask, ...]
    changes: tuple[Change, ...]
    unplaced: str | None = None

    @property
    def quiet(self) -> bool:
        """Nothing to act on, finish or work on, nothing of theirs changed, and none of
        their work missing from the week (a week that may hold more is not a quiet one)."""
        return not (self.actions or self.tasks or self.changes or self.unplaced)


@dataclass(frozen=True, slots=True)
class PlanNight:
    """Everything any digest of one plan shows for one night.

    `status` is Green, Amber, Red or None (a plan with no tasks); `forecast_unknown` the
    sentence naming the cells to fix when part of the plan cannot be scheduled; `week`
    the first and last day of the owners' week; `owners` every owner and Team member,
    in the Workload's order, then the Team sheet's. `name` is the project's name,
    `listed_as` the name the nightly job lists the plan under (None: a preview);
    `title` names the plan in the digest (`plan_title`).
    """

    name: str
    status_date: date
    status: str | None
    reasons: tuple[str, ...]
    paragraph: str
    forecast_unknown: str | None
    since: SinceLastRun
    counts: str
    problems: int
    this_week: tuple[Action, ...]
    week: tuple[date, date] | None
    owners: tuple[OwnerWeek, ...]
    place: PlanPlace
    listed_as: str | None = None

    @property
    def title_parts(self) -> tuple[str, str | None]:
        """The plan's name and, when it says more, the name it is listed under."""
        return plan_title(self.name, self.listed_as)

    @property
    def title(self) -> str:
        """`Online shop relaunch (Acme)`: how the digest names the plan (`plan_title`)."""
        name, listed = self.title_parts
        return f"{name} ({listed})" if listed else name

    @property
    def status_word(self) -> str:
        return self.status or NO_STATUS_WORD

    @property
    def reason(self) -> str:
        """The one reason shown beside the colour word: the first (the weightiest)."""
        if self.reasons:
            return self.reasons[0]
        if self.status is None:
            return self.forecast_unknown or "the plan has no tasks yet"
        return "everything is on track"

    def owner_week(self, name: str) -> OwnerWeek | None:
        """The week of the owner or Team member called `name` (capitals and spaces
        do not matter)."""
        key = owner_key(name)
        return next((week for week in self.owners if owner_key(week.name) == key), None)


@dataclass(frozen=True, slots=True)
class Digest:
    """One message about one plan: to `address` (None: a preview), the plan digest when
    `whole_plan`, and the `weeks` of the owners at that address."""

    night: PlanNight
    address: str | None
    whole_plan: bool
    weeks: tuple[OwnerWeek, ...] = ()

    @property
    def kind(self) -> str:
        """`plan` or `week`: what the history records as sent."""
        return "plan" if self.whole_plan else "week"


def plan_night(
    analysis: Analysis,
    since: SinceLastRun | None = None,
    place: PlanPlace = LOCAL_PREVIEW,
    listed_as: str | None = None,
) -> PlanNight:
    """The night of `analysis`: `since` is what changed since the last run (None: a
    preview without history, which says so); `listed_as` the name the nightly job lists
    the plan under."""
    summary = analysis.summary
    since = since or SinceLastRun(None, note=PREVIEW_NOTE)
    every = problem_actions(analysis)
    return PlanNight(
        name=summary.name,
        status_date=analysis.status_date,
        status=summary.status,
        reasons=tuple(summary.status_reasons),
        paragraph=status_paragraph(summary),
        forecast_unknown=summary.forecast_unknown,
        since=since,
        counts=count_sentence(analysis.issues),
        problems=len(every),
        this_week=tuple(analysis.this_week),
        week=analysis.workload.owner_week,
        owners=_owner_weeks(analysis, since, every),
        place=place,
        listed_as=listed_as,
    )


def digests(night: PlanNight, notify: Sequence[str]) -> tuple[Digest, ...]:
    """One message per address: the plan digest to each of `notify`, then each owner's
    week to the address the Team sheet gives (owners at one address share a message; an
    owner also in `notify` finds their week in the plan digest). Addresses are compared
    without regard to capitals; quiet owners get nothing."""
    weeks: dict[str, list[OwnerWeek]] = {}
    spelled: dict[str, str] = {}
    for week in night.owners:
        if week.address and not week.quiet:
            key = week.address.casefold()
            weeks.setdefault(key, []).append(week)
            spelled.setdefault(key, week.address)
    found: list[Digest] = []
    seen: set[str] = set()
    for address in notify:
        key = address.casefold()
        if key not in seen:
            seen.add(key)
            found.append(Digest(night, address, True, tuple(weeks.get(key, ()))))
    for key, theirs in weeks.items():
        if key not in seen:
            seen.add(key)
            found.append(Digest(night, spelled[key], False, tuple(theirs)))
    return tuple(found)


def plan_digests(
    analysis: Analysis,
    since: SinceLastRun,
    place: PlanPlace,
    notify: Sequence[str],
    *,
    listed_as: str | None = None,
) -> tuple[Digest, ...]:
    """Tonight's messages about the analysed plan, at `place`, listed as `listed_as`:
    `digests` of its night."""
    return digests(plan_night(analysis, since, place, listed_as), notify)


def _owner_weeks(
    analysis: Analysis, since: SinceLastRun, every: Sequence[Action]
) -> tuple[OwnerWeek, ...]:
    plan = analysis.plan
    team = {member.key: member for member in plan.team}
    # `Sam, Priya` is each of them when both are on the Team sheet (`model.OwnerNames`)
    people_of = plan.owner_names()
    names: dict[str, str] = {owner.key: owner.name for owner in analysis.workload.owners}
    for key, listed in team.items():
        names.setdefault(key, listed.name)
    for action in every:
        for name in people_of(action.owner):
            names.setdefault(owner_key(name), name)
    tasks_of: dict[str, set[str]] = {}
    for task in plan.tasks:
        for key in people_of.keys(task.owner):
            tasks_of.setdefault(key, set()).add(task.id)
    risks_of: dict[str, set[str]] = {}
    for risk in plan.risks:
        for key in people_of.keys(risk.owner):
            risks_of.setdefault(key, set()).add(risk.id)
    unplaced = _unplaced_by_owner(analysis)
    anyone = analysis.unscheduled is not None and analysis.workload.missed_owners is None
    weeks = []
    for key, name in names.items():
        member = team.get(key)
        load = analysis.workload.owner(name)
        tasks, risks = tasks_of.get(key, set()), risks_of.get(key, set())
        in_week = {task.task_id for task in load.week_tasks} if load else set()
        missed = _unplaced_words(
            analysis,
            [task for task in unplaced.get(key, []) if task.id not in in_week],
            anyone and bool(tasks),
        )
        weeks.append(
            OwnerWeek(
                name=member.name if member else name,
                address=member.email if member else None,
                team_cell=member.location if member else None,
                actions=tuple(a for a in every if key in people_of.keys(a.owner)),
                tasks=load.week_tasks if load else (),
                changes=tuple(
                    change
                    for change in since.changes
                    if (change.task_id in tasks) or (change.risk_id in risks)
                ),
                unplaced=missed,
            )
        )
    return tuple(weeks)


def _unplaced_by_owner(analysis: Analysis) -> dict[str, list[Task]]:
    """Each owner's tasks, not done, that cannot be scheduled (by owner key)."""
    found: dict[str, list[Task]] = {}
    if analysis.unscheduled is None:
        return found
    tasks, people_of = analysis.plan.tasks, analysis.plan.owner_names()
    for slot in analysis.unscheduled.slots:
        task = tasks[slot]
        if not task.is_done:
            for key in people_of.keys(task.owner):
                found.setdefault(key, []).append(task)
    return found


def _unplaced_words(analysis: Analysis, tasks: Sequence[Task], anyone: bool) -> str | None:
    """Why an owner's week may hold more than it lists: `your task 7 “Build” cannot be
    scheduled until Plan!E5 is fixed, …`, `your tasks 7, 9 and 12 …` (`tasks`: theirs
    the week does not list); when some work that cannot be scheduled is on rows whose
    owner is not known (`anyone`), that it may be theirs. None: nothing is missing."""
    unscheduled = analysis.unscheduled
    if unscheduled is None or not (tasks or anyone):
        return None
    until = unscheduled.until()
    if not tasks:
        return (
            f"{unscheduled.what()}, and not all of their owners are known, so these days "
            "may hold more of your work"
        )
    if len(tasks) == 1:
        return (
            f"your {tasks[0].label('task')} cannot be scheduled{until}, so these days may hold more"
        )
    listed = join_words([task.id for task in tasks[:8]], more=len(tasks) - 8)
    return f"your tasks {listed} cannot be scheduled{until}, so these days may hold more"
