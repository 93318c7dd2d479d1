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
   holds the predecessor. So does an overdue task that is not slipping (the forecast
   keeps work where logic puts it, or the slip is within tolerance) while it waits on a
   late predecessor: it joins the finding of the late task where that lateness begins,
   up the chain (`lateness.waiting_on`): only that task's owner can move it.
4. **One finding per decision:** tasks added or grown without approval (with the
   unapproved growth over the threshold) are one finding; approved changes one note;
   tasks removed since the baseline one note; failed plan-health checks one note;
   unconfirmed success measures one finding; numbers read as dates one note, and so
   percentages typed as whole numbers; the tasks
   with work done and no Actual Cost
   one finding (at the first one's cell, never folded into that task's finding); an SPI
   or a CPI below its line one finding each, likewise at the first task it names.
5. **One finding per person:** an owner's stretches of weeks over capacity are one
   `overloaded-owner` finding (a stretch each detail); Team names no task uses are one
   note; an Owner not on the Team sheet is one finding per name. None of them joins the
   finding of the task it is located at: a person's load is not that task's problem.

Tasks with a problem of their own (an error, stalled, no owner, a deadline, scope) keep
their own finding; only symptoms move. Every per-cell finding stays reachable as a
detail (`Issue.details`), in exactly one finding. `pmkit.engine.ordering.sort_issues` is
the one ordering of findings, used by every front end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pmkit.engine.days import TaskDays
from pmkit.engine.finding_words import APPROVED_KEY, SCOPE_KEY, FindingWords
from pmkit.engine.issues import Code, Issue, Severity
from pmkit.engine.lateness import ChainWalker, RowColumn, Waits, slip_cause, task_slots
from pmkit.engine.lazy import Deferred
from pmkit.engine.model import Plan, done_flags, owner_key
from pmkit.engine.ordering import HEALTH_CODES, RANK, rank_key, sort_issues
from pmkit.engine.progress import Mark, ProgressScan, ProgressWords, deadline_passed
from pmkit.engine.results import TaskResult
from pmkit.engine.scope import ScopeReport
from pmkit.engine.workload import Overload

__all__ = ["group_findings"]

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
_ACROSS_TASKS = (
    Code.REMOVED_TASK,
    Code.UNCONFIRMED_SUCCESS_MEASURE,
    Code.UNUSED_TEAM_MEMBER,
    Code.DATE_FROM_NUMBER,
    Code.PERCENT_AS_WHOLE_NUMBER,
)
"""Codes whose findings become one finding each, whatever tasks or rows they are about (a
file whose date formats were lost has a number in every date cell: one note, not one
sentence in every task's finding)."""
_ALONE = (
    Code.UNKNOWN_OWNER,
    Code.DUPLICATE_TEAM_MEMBER,
    Code.MISSING_ACTUAL_COST,
    Code.LOW_SPI,
    Code.LOW_CPI,
)
"""Codes about a name (rule 5), or about many tasks at once (the tasks with work done and
no Actual Cost, the project's SPI or CPI below its line: one finding for all): never
folded into a task's finding."""
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
    overloads: Sequence[Overload] = (),
    days: TaskDays | None = None,
) -> tuple[Issue, ...]:
    """The per-cell findings of `plan` grouped into problems (module docstring), sorted.

    `rows[i]` is the result row of `plan.tasks[i]`; `scope` words the scope findings,
    `overloads` (`Workload.overloads`) an owner's stretches over capacity; `days` (what
    `pmkit.analyze` passes) the same tasks' figures by slot, so that grouping reads no row
    it does not word.
    With `scan` and `words` (what `pmkit.analyze` passes), the progress findings come
    from the scan, and only the headlines are worded now: folded findings are worded
    when their details are first read. Without them, `issues` holds every finding.
    """
    grouping = _Grouping(plan, rows, scan, words, scope, slot_of_id)
    if days is not None:
        grouping.slips, grouping.floats = days.slip, days.total_float
        grouping.critical, grouping.finishes = days.critical, days.forecast_finish
    grouping.overloads = overloads
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
        # each task's figures by slot: the rows', unless `group_findings` has them already
        self.slips: Sequence[int | None] = RowColumn(rows, "slip")
        self.floats: Sequence[int | None] = RowColumn(rows, "total_float")
        self.critical: Sequence[bool] = RowColumn(rows, "critical")
        self.finishes: Sequence[object] = RowColumn(rows, "forecast_finish")
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
        self.overdue: list[int] = []
        self.late: set[int] | None = None  # the unfinished slipping slots, from the scan
        # what each task waits on: the analysis's (every place that names it reads the
        # same), else worked out from the late tasks among the findings
        self.waits = scan.waits if scan is not None else None
        if self.marks and scan is not None:
            self.slipping = list(scan.slipping)
            self.late = set(scan.slipping)
            self.overdue = [slot for slot, mark in self.marks.items() if mark[0].overdue]
            self.deadlines = [s for s in scan.deadlines if not self.tasks[s].is_done]
        self.scope = scope
        self.home: dict[int, int | str] = {}  # slot → the group holding its findings
        self.negative_moved: dict[int, list[int]] = {}  # deadline → slots whose float it holds
        self.moved_from: set[int] = set()  # the slots whose negative float moved
        self.chains: dict[int, Sequence[int]] = {}
        self.overloads: Sequence[Overload] = ()
        self._overloaded: dict[Issue, str] | None = None  # `overloaded`, once asked
        self._own: set[int] | None = None  # `own_problems`, once asked
        self._negative: set[int] = set()  # the scan's slots with negative float (the same)

    def add(self, issue: Issue) -> None:  # noqa: PLR0911 - a route per grouping rule, in order
        """Sort one per-cell finding into its Plan row, its across-tasks group, or alone."""
        code = issue.code
        if code in HEALTH_CODES:
            self.across.setdefault(Code.PLAN_HEALTH, []).append(issue)
            return
        if code is Code.SCOPE_GROWTH:
            key = APPROVED_KEY if issue.severity is Severity.INFO else SCOPE_KEY
            self.across.setdefault(key, []).append(issue)
            return
        if code in _ACROSS_TASKS:
            self.across.setdefault(code, []).append(issue)
            return
        if code is Code.OVERLOADED_OWNER:  # rule 5: one finding per owner
            self.across.setdefault((code, owner_key(self.overloaded(issue))), []).append(issue)
            return
        if code in _ALONE:
            self.loose.append(issue)
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
                elif code is Code.SLIPPING_TASK or code is Code.OVERDUE_TASK:
                    (self.slipping if code is Code.SLIPPING_TASK else self.overdue).append(slot)
                return
            if where is not None and where.row is not None:
                self.by_row.setdefault(where.row, []).append(issue)
                return
        self.loose.append(issue)

    def overloaded(self, issue: Issue) -> str:
        """Whose stretch over capacity an overloaded-owner finding is: its `Overload`'s
        owner, else its task's Owner (a task shared by two people sits in both of theirs)."""
        if self._overloaded is None:
            self._overloaded = {overload.finding: overload.owner for overload in self.overloads}
        owner = self._overloaded.get(issue)
        if owner is not None:
            return owner
        slot = self.slot_of_id.get(issue.task_id) if issue.task_id is not None else None
        return (self.tasks[slot].owner or "") if slot is not None else ""

    def own_problems(self) -> set[int]:
        """The slots with a problem of their own (a missed deadline, stalled, no owner, or a
        finding that is not lateness); the others' findings are all lateness that may come
        from elsewhere. Found once, when the folding first asks, since it
        asks for thousands of slots (with `negative`, in the same pass over the marks)."""
        if self._own is not None:
            return self._own
        found: set[int] = set()
        negative: set[int] = set()
        add, add_negative = found.add, negative.add
        for slot, (flags, ownerless, _) in self.marks.items():
            if ownerless or flags.deadline_missed or flags.stalled:
                add(slot)
            if flags.negative_float:
                add_negative(slot)
        symptoms = _SYMPTOM | _SLIPPING
        found.update(slot for slot, bits in self.bits.items() if bits & ~symptoms)
        self._own, self._negative = found, negative
        return found

    def severity_of(self, slot: int) -> Severity:
        """The worst severity among a folded task's findings, without wording them."""
        worst = min(
            (issue.severity for issue in self.other.get(slot, ())),
            key=RANK.__getitem__,
            default=Severity.INFO,
        )
        mark = self.marks.get(slot)
        if mark is not None:
            flags = mark[0]
            critical = self.words is not None and self.words.critical_known
            if flags.negative_float or (
                critical and self.critical[slot] and (flags.slipping or flags.overdue)
            ):
                worst = min(worst, Severity.WARNING, key=RANK.__getitem__)
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

    def findings(self) -> tuple[Issue, ...]:  # noqa: PLR0912 - the grouping in one pass over homes
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
        figures = self.words.figures if self.words is not None else None
        status = self.words.status_date if self.words is not None else None
        text = FindingWords(
            self.plan, self.rows, self.scope, self.overloads, figures, status_date=status
        )
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
            if len(own) > 1:  # the details open with the headline's own reasons
                own.sort(key=rank_key)
            others = sorted(others or ())
            severity = min(
                (issue.severity for issue in own), key=RANK.__getitem__, default=Severity.INFO
            )
            if moved and severity is Severity.INFO:
                severity = Severity.WARNING
            if severity is Severity.INFO:  # folded symptoms are warnings at worst
                for slot in others:
                    if self.severity_of(slot) is not Severity.INFO:
                        severity = Severity.WARNING
                        break
            # a deadline already passed: no days gained before it can meet it
            passed = deadline_passed(self.plan.tasks[key], status)
            details = self.lazy(own, moved or [], others, gains=not passed)
            add(text.task_group(key, severity, own, details, others, self.chains.get(key)))
        for scope_key in (SCOPE_KEY, APPROVED_KEY):
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

    def lazy(
        self, own: list[Issue], moved: list[int], others: list[int], *, gains: bool = True
    ) -> Sequence[Issue]:
        """A group's details: its own findings now, the folded tasks' when first read.
        Without `gains` (the group's deadline has passed), no folded task's negative float
        is worded as days it must gain."""
        if not moved and not others:
            return tuple(own)
        moved_from = self.moved_from

        def make() -> list[Issue]:
            found: list[Issue] = []
            for slot in moved if gains else ():
                found += self.issues_of(slot, _ONLY_NEGATIVE)
            for slot in others:
                keep = _NO_NEGATIVE if slot in moved_from or not gains else _ALL
                found += self.issues_of(slot, keep)
            return (
                [*own, *found]
                if own and own[0].code is not Code.SCOPE_GROWTH
                else [
                    *found,
                    *own,
                ]
            )

        return Deferred(make, nonempty=True)

    def fold_deadlines(self) -> None:  # noqa: PLR0912 - rule 2 in one walk of each chain
        """Rule 2: each missed deadline claims the negative float of the tasks before it,
        and names the chain that drives it (`driving_chain`, found on the way)."""
        if not self.deadlines:
            return
        tasks, floats, slot_of_id, home = self.tasks, self.floats, self.slot_of_id, self.home
        scanned, other = bool(self.marks), self.other
        claimed: set[int] = set(self.deadlines)
        own = self.own_problems()
        negative = self._negative
        walker = ChainWalker(floats)  # each deadline's chain, sharing the walks
        least = walker.least  # slot → its unfinished predecessor with the least float
        for deadline in sorted(set(self.deadlines), key=lambda s: floats[s] or 0):
            stack = [deadline]
            while stack:
                slot = stack.pop()
                best, best_float = -1, 0
                for link in tasks[slot].links:
                    source = slot_of_id.get(link.predecessor)
                    if scanned:  # the scan knows which unfinished tasks have negative float
                        if source not in negative or source == slot:  # (None is not)
                            continue
                        total_float = floats[source] or 0
                    else:
                        if source is None or source == slot:
                            continue
                        found = floats[source]
                        if found is None or found >= 0 or tasks[source].is_done:
                            continue
                        total_float = found
                    if total_float < best_float:
                        best, best_float = source, total_float
                    if source in claimed:
                        continue
                    claimed.add(source)
                    stack.append(source)
                    if not scanned and source not in other:  # (every negative one is marked)
                        continue
                    if source not in own:  # only symptoms: the finding moves
                        home[source] = deadline
                    else:  # its own finding stays; its negative float joins the deadline
                        self.negative_moved.setdefault(deadline, []).append(source)
                        self.moved_from.add(source)
                if best >= 0:
                    least[slot] = best
            self.chains[deadline] = walker.chain(deadline)

    def fold_scope(self) -> None:
        """Rule 4: tasks whose only problems are unapproved (or approved) scope, and
        symptoms, join one scope finding — when there are two or more things to group."""
        for key, flag, allowed in (
            (SCOPE_KEY, _UNAPPROVED_BIT, _UNAPPROVED_BIT | _SYMPTOM | _SLIPPING),
            (APPROVED_KEY, _APPROVED, _APPROVED),
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
        return not (key == APPROVED_KEY or flags.deadline_missed or flags.stalled or mark[1])

    def fold_symptoms(self) -> None:
        """Rule 3: a task whose only problems are lateness it inherited joins its cause."""
        tasks, slot_of_id, home = self.tasks, self.slot_of_id, self.home
        marks, other = self.marks, self.other
        own = self.own_problems()
        for slot in self.slipping:
            if slot in home or slot in own:  # folded already, or a problem of its own
                continue
            cause = slip_cause(slot, tasks, self.slips, self.floats, slot_of_id, self.late)
            if cause is not None and (cause in marks or cause in other):
                # where the cause went, if it went already (rows usually come in order)
                home[slot] = home.get(cause, cause)
        # A cause that itself moved takes its followers along (`_resolve` follows them). No
        # loop can form: a cause is a predecessor, and the links of scheduled tasks have none.
        if not self.overdue:
            return
        slipping = set(self.slipping)
        waits = self.waits
        if waits is None:
            waits = Waits(
                tasks,
                self.finishes,
                slot_of_id,
                lambda: slipping.union(self.overdue),
                done_flags(tasks),
            )
        for slot in self.overdue:
            if slot in home or slot in own or slot in slipping:
                continue
            held = waits.get(slot)
            if held is None or (held not in marks and held not in other):
                continue
            target: int | str = held
            while isinstance(target, int) and target in home and target != slot:
                target = home[target]
            # not into a scope decision (which names the tasks slipping behind it), nor
            # into itself (round an unscheduled loop of links)
            if isinstance(target, int) and target != slot:
                home[slot] = target


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
