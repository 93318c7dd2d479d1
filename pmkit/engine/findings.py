"""Findings an owner can act on: one finding per problem, with its symptoms as details.

The checks report per cell (`Issue`s from reading, validation, scheduling, flags, scope
and plan health). An owner needs the problems, so `group_findings` folds them:

1. **One task, one finding.** Everything about one Plan row — overdue, stalled and
   slipping; a bad Duration and the tasks it keeps out of the schedule — is one finding
   with a reason each, at the cell of its most important reason.
2. **A missed deadline** is reported once, at the task that misses it: the negative
   float of the unfinished tasks before it (they are late *because of* that deadline)
   folds into it, and its message names the chain that drives it and the working days
   it must gain.
3. **Lateness passed on** folds into its cause: a task that has not started, whose slip
   is no more than that of a late, unfinished predecessor that drives it (no more total
   float), is late because of that predecessor; it becomes a detail of the finding that
   holds the predecessor.
4. **One finding per decision:** tasks added or grown without approval (with the
   unapproved growth over the threshold) are one finding; approved changes one note;
   tasks removed since the baseline one note; failed plan-health checks one note;
   unconfirmed success measures one finding.

Tasks with a problem of their own (an error, stalled, no owner, a deadline, scope) keep
their own finding; only symptoms move. Every per-cell finding stays reachable as a
detail (`Issue.details`), in exactly one finding. `sort_issues` is the one ordering of
findings, used by every front end.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping, Sequence

from pmkit.engine.figures import format_day, format_money, half_up, working_days
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.lazy import Deferred
from pmkit.engine.model import Plan, Task
from pmkit.engine.network import join_ids
from pmkit.engine.progress import Mark, ProgressScan, ProgressWords
from pmkit.engine.results import TaskResult
from pmkit.engine.scope import ChangeKind, ScopeChange, ScopeReport

__all__ = [
    "HEALTH_CODES",
    "driving_chain",
    "group_findings",
    "importance",
    "slip_cause",
    "sort_issues",
    "task_slots",
]

HEALTH_CODES = frozenset(
    {
        Code.MISSING_LOGIC,
        Code.LEADS,
        Code.LAGS,
        Code.NON_FS_LINKS,
        Code.HARD_CONSTRAINTS,
        Code.HIGH_FLOAT,
        Code.LONG_TASKS,
        Code.INVALID_DATES,
        Code.MISSED_TASKS,
        Code.CRITICAL_PATH_TEST,
        Code.LOW_CPLI,
        Code.LOW_BEI,
    }
)
"""The plan-health checks (after the DCMA 14 points); failed ones become one note."""

# What an owner should read first within a severity: broken promises and work nobody
# watches before routine lateness, plan-health advice last. Codes not listed (the
# reader's and validation's) come after the listed ones of their severity.
_ORDER = (
    Code.DEADLINE_MISSED,
    Code.NEGATIVE_FLOAT,
    Code.STALLED_TASK,
    Code.OWNERLESS_TASK,
    Code.SLIPPING_TASK,
    Code.OVERDUE_TASK,
    Code.SCOPE_CREEP,
    Code.UNKNOWN_CHANGE_REQUEST,
    Code.SCOPE_GROWTH,
    Code.UNMITIGATED_RISK,
    Code.UNCONFIRMED_SUCCESS_MEASURE,
    Code.UNSCHEDULED_TASK,
    Code.APPROVED_CHANGE,
    Code.REMOVED_TASK,
    Code.NO_BASELINE,
    Code.NO_CHARTER,
    Code.PLAN_HEALTH,
    *sorted(HEALTH_CODES),
)
_IMPORTANCE = {code: rank for rank, code in enumerate(_ORDER)}
_UNLISTED = len(_ORDER)
_RANK = {severity: severity.rank for severity in Severity}


def importance(code: Code) -> int:
    """The rank of a code within its severity: 0 is read first."""
    return _IMPORTANCE.get(code, _UNLISTED)


def sort_issues(issues: Iterable[Issue], plan_sheet: str = "Plan") -> tuple[Issue, ...]:
    """The one ordering of findings: most severe first; within a severity the most
    important kind first (`importance`); then the Plan sheet before the others, by row and
    column (findings about a whole sheet before its rows, findings with no place last).
    Otherwise stable, so findings about one cell keep the order they were found in."""

    def key(issue: Issue) -> tuple[int, int, int, str, int, int]:
        where = issue.location
        first = (_RANK[issue.severity], _IMPORTANCE.get(issue.code, _UNLISTED))
        if where is None:
            return (*first, 2, "", 0, 0)
        return (
            *first,
            0 if where.sheet == plan_sheet else 1,
            where.sheet,
            where.row or 0,
            where.column or 0,
        )

    return tuple(sorted(issues, key=key))


def task_slots(plan: Plan) -> dict[str, int]:
    """Task id → its slot in `plan.tasks` (the first row of a repeated id)."""
    slots: dict[str, int] = {}
    for slot, task in enumerate(plan.tasks):
        slots.setdefault(task.id, slot)
    return slots


# -- the cause of a task's lateness ----------------------------------------------------------


def slip_cause(
    slot: int,
    tasks: Sequence[Task],
    rows: Sequence[TaskResult],
    slot_of_id: Mapping[str, int],
    late: Container[int] | None = None,
) -> int | None:
    """The late predecessor a task's slip comes from (rule 3 of the module docstring).

    Only a task that has not started takes its dates from its predecessors; the cause is
    the unfinished predecessor with the most slip, at least the task's own, and no more
    total float (a predecessor with more float than its successor does not drive it).
    `late`, when given, holds the slots that may be a cause (the unfinished slipping
    tasks): it saves asking each predecessor whether it is done.
    """
    task = tasks[slot]
    row = rows[slot]
    slip, total_float = row.slip, row.total_float
    if (
        slip is None
        or total_float is None
        or task.actual_start is not None
        or task.percent_complete > 0
        or (late is None and task.is_done)  # a slipping task (in `late`) is unfinished
    ):
        return None
    best: int | None = None
    best_slip = slip - 1
    for link in task.links:
        source = slot_of_id.get(link.predecessor)
        if source is None or source == slot:
            continue
        if late is not None and source not in late:
            continue
        before = rows[source]
        their_slip, their_float = before.slip, before.total_float
        if (
            their_slip is not None
            and their_slip > best_slip
            and their_float is not None
            and their_float <= total_float
            and (late is not None or not tasks[source].is_done)
        ):
            best, best_slip = source, their_slip
    return best


def driving_chain(
    slot: int,
    tasks: Sequence[Task],
    rows: Sequence[TaskResult],
    slot_of_id: Mapping[str, int],
) -> list[int]:
    """The unfinished tasks that drive a missed deadline, first to last, ending at it.

    Walks back from the deadline's task through the unfinished predecessor with the least
    total float while that float is as negative as the deadline's own: the chain that
    must gain the days.
    """

    def least(current: int) -> int | None:
        best, best_float = None, 0
        for link in tasks[current].links:
            source = slot_of_id.get(link.predecessor)
            if source is None or source == current or tasks[source].is_done:
                continue
            their_float = rows[source].total_float
            if their_float is not None and their_float < best_float:
                best, best_float = source, their_float
        return best

    return _chain(slot, least, rows)


def _chain(
    deadline: int, least: Callable[[int], int | None], rows: Sequence[TaskResult]
) -> list[int]:
    """Follow `least` (a slot's predecessor with the least negative float) back from a
    deadline while the float is as negative as the deadline's own."""
    limit = rows[deadline].total_float
    chain = [deadline]
    current = deadline
    seen = {deadline}
    while limit is not None and (before := least(current)) is not None and before not in seen:
        their_float = rows[before].total_float
        if their_float is None or their_float > limit:
            break
        chain.append(before)
        seen.add(before)
        current = before
    chain.reverse()
    return chain


# -- grouping ---------------------------------------------------------------------------------

_UNAPPROVED = frozenset({Code.SCOPE_CREEP, Code.UNKNOWN_CHANGE_REQUEST})
# Per-slot bits of the findings not from the progress scan: what kinds a Plan row holds.
_SYMPTOM, _UNAPPROVED_BIT, _APPROVED, _OWN, _SLIPPING = 1, 2, 4, 8, 16
_BITS = {
    Code.SLIPPING_TASK: _SYMPTOM | _SLIPPING,
    Code.OVERDUE_TASK: _SYMPTOM,
    Code.NEGATIVE_FLOAT: _SYMPTOM,
    Code.SCOPE_CREEP: _UNAPPROVED_BIT,
    Code.UNKNOWN_CHANGE_REQUEST: _UNAPPROVED_BIT,
    Code.APPROVED_CHANGE: _APPROVED,
}
_SCOPE, _APPROVED_KEY = "scope", "approved"
_ACROSS_TASKS = (Code.REMOVED_TASK, Code.UNCONFIRMED_SUCCESS_MEASURE)
"""Codes whose findings become one finding each, whatever tasks or rows they are about."""
_LISTED = 3
_ALL, _NO_NEGATIVE, _ONLY_NEGATIVE = 0, 1, 2
"""Which of a folded task's findings a group holds: all, all but its negative float (which
went to its deadline), or only its negative float."""


def group_findings(
    plan: Plan,
    rows: Sequence[TaskResult],
    issues: Iterable[Issue],
    *,
    scan: ProgressScan | None = None,
    words: ProgressWords | None = None,
    scope: ScopeReport | None = None,
    slot_of_id: Mapping[str, int] | None = None,
) -> tuple[Issue, ...]:
    """The per-cell findings of `plan` grouped into problems (module docstring), sorted.

    `rows[i]` is the result row of `plan.tasks[i]`; `scope` words the scope findings.
    With `scan` and `words` (what `pmkit.analyze` passes), the progress findings come
    from the scan, and only the headlines are worded now: folded findings are worded
    when their details are first read. Without them, `issues` holds every finding.
    """
    grouping = _Grouping(plan, rows, scan, words, scope, slot_of_id)
    for issue in issues:
        grouping.add(issue)
    return grouping.findings()


class _Grouping:
    def __init__(  # noqa: PLR0917 (the analysis's parts)
        self,
        plan: Plan,
        rows: Sequence[TaskResult],
        scan: ProgressScan | None,
        words: ProgressWords | None,
        scope: ScopeReport | None,
        slot_of_id: Mapping[str, int] | None,
    ) -> None:
        self.plan, self.rows, self.tasks = plan, rows, plan.tasks
        self.sheet = plan.plan_sheet
        self.marks: dict[int, Mark] = scan.marks if scan is not None and words else {}
        self.words = words
        self.slot_of_id = task_slots(plan) if slot_of_id is None else slot_of_id
        self.other: dict[int, list[Issue]] = {}  # findings about a Plan task, not from the scan
        self.bits: dict[int, int] = {}
        self.by_row: dict[int, list[Issue]] = {}  # Plan rows the plan does not hold
        self.across: dict[object, list[Issue]] = {}
        self.loose: list[Issue] = []
        self.deadlines: list[int] = []
        self.slipping: list[int] = []
        self.late: set[int] | None = None  # the unfinished slipping slots, from the scan
        if self.marks and scan is not None:
            self.slipping = list(scan.slipping)
            self.late = set(scan.slipping)
            self.deadlines = [s for s in scan.deadlines if not self.tasks[s].is_done]
        self.scope = scope
        self.home: dict[int, int | str] = {}  # slot → the group holding its findings
        self.negative_moved: dict[int, list[int]] = {}  # deadline → slots whose float it holds
        self.moved_from: set[int] = set()  # the slots whose negative float moved
        self.chains: dict[int, list[int]] = {}

    def add(self, issue: Issue) -> None:
        """Sort one per-cell finding into its Plan row, its across-tasks group, or alone."""
        code = issue.code
        if code in HEALTH_CODES:
            self.across.setdefault(Code.PLAN_HEALTH, []).append(issue)
            return
        if code is Code.SCOPE_GROWTH:
            key = _APPROVED_KEY if issue.severity is Severity.INFO else _SCOPE
            self.across.setdefault(key, []).append(issue)
            return
        if code in _ACROSS_TASKS:
            self.across.setdefault(code, []).append(issue)
            return
        where = issue.location
        if where is None or where.sheet == self.sheet:
            task_id = issue.task_id
            slot = self.slot_of_id.get(task_id) if task_id is not None else None
            if slot is not None and (
                where is None or where.row is None or where.row == self.tasks[slot].row
            ):
                found = self.other.get(slot)
                if found is None:
                    self.other[slot] = [issue]
                    self.bits[slot] = _BITS.get(code, _OWN)
                else:
                    found.append(issue)
                    self.bits[slot] |= _BITS.get(code, _OWN)
                if code is Code.DEADLINE_MISSED and issue.severity is Severity.WARNING:
                    self.deadlines.append(slot)
                elif code is Code.SLIPPING_TASK:
                    self.slipping.append(slot)
                return
            if where is not None and where.row is not None:
                self.by_row.setdefault(where.row, []).append(issue)
                return
        self.loose.append(issue)

    def only_symptoms(self, slot: int) -> bool:
        """Whether a task's findings are all lateness that may come from elsewhere."""
        mark = self.marks.get(slot)
        if mark is not None:
            flags = mark[0]
            if flags.deadline_missed or flags.stalled or mark[1]:
                return False
        return not self.bits.get(slot, 0) & ~(_SYMPTOM | _SLIPPING)

    def severity_of(self, slot: int) -> Severity:
        """The worst severity among a folded task's findings, without wording them."""
        worst = min(
            (issue.severity for issue in self.other.get(slot, ())),
            key=_RANK.__getitem__,
            default=Severity.INFO,
        )
        mark = self.marks.get(slot)
        if mark is not None:
            flags = mark[0]
            critical = self.words is not None and self.words.critical_known
            if flags.negative_float or (
                critical and self.rows[slot].critical and (flags.slipping or flags.overdue)
            ):
                worst = min(worst, Severity.WARNING, key=_RANK.__getitem__)
        return worst

    def issues_of(self, slot: int, which: int = _ALL) -> list[Issue]:
        """A task's per-cell findings (worded now), all or part (`_ALL` …)."""
        found = list(self.other.get(slot, ()))
        mark = self.marks.get(slot)
        if mark is not None and self.words is not None:
            found += self.words.task_issues(slot, mark)
        if which == _NO_NEGATIVE:
            return [issue for issue in found if issue.code is not Code.NEGATIVE_FLOAT]
        if which == _ONLY_NEGATIVE:
            return [issue for issue in found if issue.code is Code.NEGATIVE_FLOAT]
        return found

    def findings(self) -> tuple[Issue, ...]:
        self.fold_deadlines()
        self.fold_scope()
        self.fold_symptoms()
        members: dict[int | str, list[int]] = {}
        home = self.home
        for slot, folded_into in home.items():
            key = folded_into
            if isinstance(key, int) and key in home:
                key = _resolve(slot, home)  # a cause that itself folded: follow it
            slots = members.get(key)
            if slots is None:
                members[key] = [slot]
            else:
                slots.append(slot)
        tops = [slot for slot in self.marks if slot not in home]
        tops += [slot for slot in self.other if slot not in home and slot not in self.marks]
        text = _Words(self.plan, self.rows, self.scope)
        found: list[Issue] = []
        add = found.append
        for key in sorted(tops):
            others = members.get(key)
            moved = self.negative_moved.get(key)
            which = _NO_NEGATIVE if key in self.moved_from else _ALL
            own = self.issues_of(key, which)
            if not others and not moved and len(own) == 1:
                add(own[0])  # the common case: one finding about one task
                continue
            own.sort(key=_rank_key)  # the details open with the headline's own reasons
            others = sorted(others or ())
            severity = min(
                (issue.severity for issue in own), key=_RANK.__getitem__, default=Severity.INFO
            )
            if moved and severity is Severity.INFO:
                severity = Severity.WARNING
            if severity is Severity.INFO:  # folded symptoms are warnings at worst
                for slot in others:
                    if self.severity_of(slot) is not Severity.INFO:
                        severity = Severity.WARNING
                        break
            details = self.lazy(own, moved or [], others)
            add(text.task_group(key, severity, own, details, others, self.chains.get(key)))
        for scope_key in (_SCOPE, _APPROVED_KEY):
            slots = sorted(members.get(scope_key, ()))
            if slots:
                growth = self.across.pop(scope_key, [])
                add(text.scope_group(scope_key, slots, growth, self.lazy(growth, [], slots)))
        for group, issues in self.across.items():
            add(text.across_group(group, issues))
        for issues in self.by_row.values():
            add(issues[0] if len(issues) == 1 else text.row_group(issues))
        found.extend(self.loose)
        return sort_issues(found, self.sheet)

    def lazy(self, own: list[Issue], moved: list[int], others: list[int]) -> Sequence[Issue]:
        """A group's details: its own findings now, the folded tasks' when first read."""
        if not moved and not others:
            return tuple(own)
        moved_from = self.moved_from

        def make() -> list[Issue]:
            found: list[Issue] = []
            for slot in moved:
                found += self.issues_of(slot, _ONLY_NEGATIVE)
            for slot in others:
                found += self.issues_of(slot, _NO_NEGATIVE if slot in moved_from else _ALL)
            return (
                [*own, *found]
                if own and own[0].code is not Code.SCOPE_GROWTH
                else [
                    *found,
                    *own,
                ]
            )

        return Deferred(make, nonempty=True)

    def fold_deadlines(self) -> None:
        """Rule 2: each missed deadline claims the negative float of the tasks before it,
        and names the chain that drives it (`driving_chain`, found on the way)."""
        if not self.deadlines:
            return
        tasks, rows, slot_of_id, home = self.tasks, self.rows, self.slot_of_id, self.home
        marks, other = self.marks, self.other
        claimed: set[int] = set(self.deadlines)
        least: dict[int, int] = {}  # slot → its unfinished predecessor with the least float
        for deadline in sorted(set(self.deadlines), key=lambda s: rows[s].total_float or 0):
            stack = [deadline]
            while stack:
                slot = stack.pop()
                best, best_float = -1, 0
                for link in tasks[slot].links:
                    source = slot_of_id.get(link.predecessor)
                    if source is None or source == slot:
                        continue
                    if marks:  # the scan knows which unfinished tasks have negative float
                        mark = marks.get(source)
                        if mark is None or not mark[0].negative_float:
                            continue
                        total_float = rows[source].total_float or 0
                    else:
                        found = rows[source].total_float
                        if found is None or found >= 0 or tasks[source].is_done:
                            continue
                        total_float = found
                    if total_float < best_float:
                        best, best_float = source, total_float
                    if source in claimed:
                        continue
                    claimed.add(source)
                    stack.append(source)
                    if source not in marks and source not in other:
                        continue
                    if self.only_symptoms(source):
                        home[source] = deadline
                    else:  # its own finding stays; its negative float joins the deadline
                        self.negative_moved.setdefault(deadline, []).append(source)
                        self.moved_from.add(source)
                if best >= 0:
                    least[slot] = best
            self.chains[deadline] = _chain(deadline, least.get, rows)

    def fold_scope(self) -> None:
        """Rule 4: tasks whose only problems are unapproved (or approved) scope, and
        symptoms, join one scope finding — when there are two or more things to group."""
        for key, flag, allowed in (
            (_SCOPE, _UNAPPROVED_BIT, _UNAPPROVED_BIT | _SYMPTOM | _SLIPPING),
            (_APPROVED_KEY, _APPROVED, _APPROVED),
        ):
            chosen = [
                slot
                for slot, found in self.bits.items()
                if found & flag
                and not found & ~allowed
                and slot not in self.home
                and self._scan_allows(slot, key)
            ]
            if len(chosen) + len(self.across.get(key, ())) >= 2:
                for slot in chosen:
                    self.home[slot] = key

    def _scan_allows(self, slot: int, key: str) -> bool:
        mark = self.marks.get(slot)
        if mark is None:
            return True
        flags = mark[0]
        return not (key == _APPROVED_KEY or flags.deadline_missed or flags.stalled or mark[1])

    def fold_symptoms(self) -> None:
        """Rule 3: a task whose only problems are lateness it inherited joins its cause."""
        tasks, rows, slot_of_id, home = self.tasks, self.rows, self.slot_of_id, self.home
        marks, other = self.marks, self.other
        for slot in self.slipping:
            if slot in home or not self.only_symptoms(slot):
                continue
            cause = slip_cause(slot, tasks, rows, slot_of_id, self.late)
            if cause is not None and (cause in marks or cause in other):
                home[slot] = cause
        # A cause that itself moved takes its followers along (`_resolve` follows them). No
        # loop can form: a cause is a predecessor, and the links of scheduled tasks have none.


def _resolve(slot: int, home: dict[int, int | str]) -> int | str:
    """The group a slot's findings end up in, following folds (and remembering them)."""
    key = home[slot]
    if not isinstance(key, int) or key not in home:
        return key
    path = [slot]
    while isinstance(key, int) and key in home:
        path.append(key)
        key = home[key]
    for step in path:
        home[step] = key
    return key


class _Words:
    """The sentences of grouped findings (built only for the findings that group)."""

    def __init__(self, plan: Plan, rows: Sequence[TaskResult], scope: ScopeReport | None) -> None:
        self.plan = plan
        self.rows = rows
        self.scope = scope

    def label(self, task: Task) -> str:
        return f"Task {task.id} “{task.name}”" if task.name.strip() else f"Task {task.id}"

    def task_group(  # noqa: PLR0917 (a group's parts)
        self,
        slot: int,
        severity: Severity,
        own: list[Issue],
        details: Sequence[Issue],
        others: list[int],
        chain: list[int] | None,
    ) -> Issue:
        """Rules 1–3: one task's findings, and what folded into it."""
        tasks = self.plan.tasks
        task = tasks[slot]
        label = self.label(task)
        ranked = sorted(own, key=_rank_key)
        head = ranked[0]
        row = self.rows[slot]
        first = _predicate(head.message, label)
        message = f"{label} {first}" if _is_predicate(head, label) else f"{label}: {first}"
        reasons = [first]
        for issue in ranked[1:]:
            if issue.code is Code.NEGATIVE_FLOAT and head.code is Code.DEADLINE_MISSED:
                continue  # the deadline says it: its own float is the days it is late
            reason = self._short(issue, label, row, task)
            reasons.append(reason)
            message += f"; it {reason}" if _is_predicate(issue, label) else f"; {reason}"
        if chain is not None and len(chain) > 1 and (gain := self.rows[slot].total_float):
            ids = _arrow([tasks[s].id for s in chain])
            reason = f"the chain that drives it, {ids}, must gain {working_days(-gain)}"
            reasons.append(reason)
            message += f". To meet it, {reason}"
        if others:
            waiting = [tasks[s].id for s in others]
            plural = len(waiting) != 1
            if chain is None:
                reason = f"{_count(waiting, 'later task')} {'wait' if plural else 'waits'} on it: "
                reasons.append(reason + _listed(waiting))
                message += f"; {reasons[-1]}"
            else:
                reason = (
                    f"{_count(waiting, 'other task')} {'are' if plural else 'is'} late with it: "
                )
                reasons.append(reason + _listed(waiting))
                message += f". {reasons[-1][0].upper()}{reasons[-1][1:]}"
        return Issue(
            severity,
            head.code,
            head.location,
            task.id,
            message,
            tuple(reasons),
            details,
        )

    def _short(self, issue: Issue, label: str, row: TaskResult, task: Task) -> str:
        """A second reason, short: the headline already names the task and its dates."""
        code = issue.code
        if code is Code.SLIPPING_TASK and row.slip is not None:
            return f"is {working_days(row.slip)} behind its baseline"
        if code is Code.OVERDUE_TASK and row.baseline_finish is not None:
            done = half_up(task.percent_complete * 100)
            return f"was due on {format_day(row.baseline_finish)} ({done} % done)"
        if code is Code.OWNERLESS_TASK:
            return "has no owner"
        return _predicate(issue.message, label)

    def scope_group(
        self, key: str, ordered: list[int], growth: list[Issue], details: Sequence[Issue]
    ) -> Issue:
        """Rule 4: the unapproved (or approved) changes since the baseline, as one finding."""
        tasks = self.plan.tasks
        approved = key == _APPROVED_KEY
        changes = {c.task_id: c for c in self.scope.changes} if self.scope else {}
        found = [changes.get(tasks[slot].id) for slot in ordered]
        parts = [
            self._change_words(tasks[slot], change)
            for slot, change in zip(ordered[:_LISTED], found, strict=False)
        ]
        count = len(ordered)
        listed = "; ".join(parts)
        if count > _LISTED:
            days = sum(change.extra_days for change in found if change is not None)
            cost = sum(change.extra_cost for change in found if change is not None)
            money = format_money(cost, self.plan.settings.currency) if cost else ""
            listed += (
                f"; and {count - _LISTED} more ({working_days(days)}"
                + (f", {money}" if money else "")
                + " in all)"
            )
        noun = f"{count} change{'s' if count != 1 else ''} since the baseline"
        if approved:
            message = f"{noun} {'was' if count == 1 else 'were'} approved: {listed}"
        else:
            message = (
                f"{noun} {'has' if count == 1 else 'have'} no approved change request: {listed}"
            )
        reasons = list(parts)
        for issue in growth:
            reasons.append(issue.message)
            message += f". {issue.message}"
        first = ordered[0]
        where = self.plan.location(tasks[first], "change_request")
        severity = Severity.INFO if approved else Severity.WARNING
        return Issue(
            severity,
            Code.APPROVED_CHANGE if approved else Code.SCOPE_CREEP,
            where,
            tasks[first].id if count == 1 else None,
            message[0].upper() + message[1:],
            tuple(reasons),
            details,
        )

    def _change_words(self, task: Task, change: ScopeChange | None) -> str:
        label = f"task {task.id} “{task.name}”"
        if change is None:
            return label
        days = working_days(change.extra_days)
        if change.kind is ChangeKind.ADDED:
            what = f"{label} was added ({days}"
        else:
            what = f"{label} grew (+{days}"
        if change.extra_cost:
            what += f", +{format_money(change.extra_cost, self.plan.settings.currency)}"
        if change.approved and change.change_request:
            what += f", {change.change_request}"
        return what + ")"

    def across_group(self, key: object, found: list[Issue]) -> Issue:
        """Rule 4: failed plan-health checks, removed tasks, unconfirmed success measures."""
        if len(found) == 1:
            return found[0]
        if key == Code.PLAN_HEALTH:
            reasons = [issue.message.removeprefix("Plan health: ") for issue in found]
            names = ", ".join(issue.code.value for issue in found)
            message = (
                f"Plan health: {len(found)} checks fail ({names}); each detail says what to do"
            )
            return Issue(
                _worst(found),
                Code.PLAN_HEALTH,
                Location(self.plan.plan_sheet),
                None,
                message,
                tuple(reasons),
                tuple(found),
            )
        if key == Code.REMOVED_TASK:
            ids = [issue.task_id or "?" for issue in found]
            message = (
                f"{len(found)} tasks of the baseline are no longer in the plan: {_listed(ids)}"
            )
        elif key == Code.UNCONFIRMED_SUCCESS_MEASURE:
            message = (
                f"{len(found)} success measures are not confirmed: write Yes or No under Met? "
                "on the Charter"
            )
        else:  # scope growth alone, with no task to group it with
            message = "; ".join(issue.message for issue in found)
        head = found[0]
        return Issue(
            _worst(found),
            head.code,
            head.location,
            None,
            message,
            tuple(issue.message for issue in found),
            tuple(found),
        )

    def row_group(self, found: list[Issue]) -> Issue:
        """Rule 1 for a Plan row the plan does not hold (no ID, a repeated ID)."""
        ranked = sorted(found, key=_rank_key)
        head = ranked[0]
        return Issue(
            head.severity,
            head.code,
            head.location,
            head.task_id,
            "; ".join(issue.message for issue in ranked),
            tuple(issue.message for issue in ranked),
            tuple(found),
        )


def _rank_key(issue: Issue) -> tuple[int, int]:
    """Most severe, then most important kind: which of a task's findings heads its group."""
    return _RANK[issue.severity], importance(issue.code)


def _worst(issues: Sequence[Issue]) -> Severity:
    return min((issue.severity for issue in issues), key=_RANK.__getitem__)


def _is_predicate(issue: Issue, label: str) -> bool:
    return issue.message.startswith(label + " ")


def _predicate(message: str, label: str) -> str:
    """`Task 7 “Design” is late` → `is late`; other messages as they are."""
    return message[len(label) + 1 :] if message.startswith(label + " ") else message


def _arrow(ids: Sequence[str]) -> str:
    """`15 → 18 → 23`, shortened in the middle past eight tasks."""
    if len(ids) <= 8:
        return " → ".join(ids)
    return f"{' → '.join(ids[:3])} → … → {' → '.join(ids[-3:])} ({len(ids)} tasks)"


def _listed(ids: Sequence[str]) -> str:
    """`25, 28 and 29`, or `25, 28, 29 and 16 more`."""
    return join_ids(list(ids[:_LISTED]), more=len(ids) - _LISTED)


def _count(ids: Sequence[str], noun: str) -> str:
    return f"{len(ids)} {noun}{'' if len(ids) == 1 else 's'}"
