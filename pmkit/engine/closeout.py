"""The close-out review: did the project deliver what was agreed, and did it achieve its goals?

A project is over when every task is done, or when Settings says `Project Closed` = Yes.
Then the Summary becomes a review (`CloseOut`): the agreed finish and cost against the
actual ones, the scope that changed (approved and not, in working days and money), how
the forecast moved night by night (from the History sheet, when there is one), and the
Charter's success measures with the owner's *Met?* answer. A success measure nobody has
confirmed is an `unconfirmed-success-measure` warning: the last step of a project is to
confirm it achieved its goal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pmkit.engine.days import TaskDays
from pmkit.engine.figures import join_words
from pmkit.engine.issues import Code, Issue, Location, Severity
from pmkit.engine.model import ForecastPoint, Plan
from pmkit.engine.scope import ChangeKind, ScopeReport

__all__ = ["CloseOut", "SuccessMeasure", "close_out_flags", "is_closed", "review_close_out"]


@dataclass(frozen=True, slots=True)
class SuccessMeasure:
    """A Charter goal, how it was measured, the target, and whether it was met (None:
    the owner has not said)."""

    goal: str
    measure: str | None
    target: str | None
    owner: str | None
    met: bool | None
    where: Location | None


@dataclass(frozen=True, slots=True)
class CloseOut:
    """What the close-out review shows; None figures are unknown (no baseline, no cost)."""

    closed_by_setting: bool
    unfinished: int
    agreed_finish: date | None
    actual_finish: date | None
    finish_slip: int | None
    agreed_cost: float | None
    """The baseline's cost and the cost of the approved changes (unapproved growth was
    never agreed); None when the baseline holds no cost."""
    actual_cost: float | None
    approved_changes: int
    approved_days: int
    approved_cost: float
    unapproved_changes: int
    unapproved_days: int
    unapproved_cost: float
    forecasts: tuple[ForecastPoint, ...]
    measures: tuple[SuccessMeasure, ...]
    uncosted: tuple[str, ...] = ()
    """The tasks with work done and no Actual Cost (`EarnedValue.uncosted`): `actual_cost`
    leaves them out, so it cannot be set against the agreed cost (`cost_gap`)."""
    removed: tuple[str, ...] = ()
    """The baseline tasks no longer in the plan, by id: agreed, then dropped."""
    removed_days: int = 0
    removed_cost: float = 0.0
    """What the removed tasks held of the agreed work and cost (`agreed_cost` still counts
    it: it was agreed), so a cost gap is never read without it."""

    baseline_number: int = 1
    """Which baseline the agreed figures are (`BaselineSnapshot.number`): above 1, the plan
    was re-baselined and the review says so."""
    baseline_set_on: date | None = None

    @property
    def earlier_baselines(self) -> str | None:
        """Where what was agreed before sits, `sheet Baseline 1` (`sheets Baseline 1 to
        Baseline 2`), or None for a first baseline."""
        earlier = self.baseline_number - 1
        if earlier < 1:
            return None
        return "sheet Baseline 1" if earlier == 1 else f"sheets Baseline 1 to Baseline {earlier}"

    @property
    def removed_changes(self) -> int:
        return len(self.removed)

    @property
    def removed_tasks(self) -> str:
        """The removed tasks as a sentence names them: `task 26`, `tasks 23 and 26`."""
        ids = self.removed
        if len(ids) == 1:
            return f"task {ids[0]}"
        return f"tasks {join_words(ids[:3], more=len(ids) - 3)}"

    @property
    def finished(self) -> bool:
        """Every task is done (a project closed by the setting may still have work open)."""
        return not self.unfinished

    @property
    def cost_gap(self) -> float | None:
        """Actual cost minus agreed cost, or None when either is unknown (no agreed cost, no
        Actual Cost, or work done whose Actual Cost is blank)."""
        if self.agreed_cost is None or self.actual_cost is None or self.uncosted:
            return None
        return self.actual_cost - self.agreed_cost

    @property
    def unconfirmed(self) -> tuple[SuccessMeasure, ...]:
        return tuple(measure for measure in self.measures if measure.met is None)


def is_closed(plan: Plan, done: Sequence[bool]) -> bool:
    """Over: Settings says Project Closed = Yes, or every task of a plan with tasks is done
    (`done`: each task's `Task.is_done`, by slot)."""
    if plan.settings.project_closed:
        return True
    return bool(plan.tasks) and all(done)


def review_close_out(
    plan: Plan,
    days: TaskDays,
    *,
    agreed_finish: date | None,
    finish_slip: int | None,
    actual_cost: float | None,
    scope: ScopeReport,
    uncosted: tuple[str, ...] = (),
) -> CloseOut | None:
    """The review of a project that is over (`is_closed`), else None. The agreed cost is
    the baseline's (`scope.baseline_cost`) and the approved changes'."""
    done = days.done
    if not is_closed(plan, done):
        return None
    finishes = [
        task.actual_finish or days.date_of(finish)
        for task, is_done, finish in zip(plan.tasks, done, days.forecast_finish, strict=True)
        if is_done and (task.actual_finish or finish is not None)
    ]
    added = [c for c in scope.changes if c.kind is not ChangeKind.REMOVED]
    removed = [c for c in scope.changes if c.kind is ChangeKind.REMOVED]
    approved = [c for c in added if c.approved]
    unapproved = [c for c in added if not c.approved]
    return CloseOut(
        closed_by_setting=plan.settings.project_closed,
        unfinished=sum(1 for is_done in done if not is_done),
        agreed_finish=agreed_finish,
        actual_finish=max((day for day in finishes if day is not None), default=None),
        finish_slip=finish_slip,
        agreed_cost=(
            scope.baseline_cost + sum(c.extra_cost for c in approved)
            if scope.growth_cost is not None  # the baseline holds a cost
            else None
        ),
        actual_cost=actual_cost,
        approved_changes=len(approved),
        approved_days=sum(c.extra_days for c in approved),
        approved_cost=sum(c.extra_cost for c in approved),
        unapproved_changes=len(unapproved),
        unapproved_days=sum(c.extra_days for c in unapproved),
        unapproved_cost=sum(c.extra_cost for c in unapproved),
        forecasts=plan.history,
        uncosted=uncosted,
        baseline_number=plan.baseline.number if plan.baseline is not None else 1,
        baseline_set_on=plan.baseline.set_on if plan.baseline is not None else None,
        removed=tuple(c.task_id for c in removed),
        removed_days=-sum(c.extra_days for c in removed),
        removed_cost=-sum(c.extra_cost for c in removed),
        measures=tuple(
            SuccessMeasure(
                item.goal,
                item.success_measure,
                item.target,
                item.owner,
                item.met,
                item.met_cell or (Location("Charter", item.row) if item.row else None),
            )
            for item in plan.charter
        ),
    )


def close_out_flags(close_out: CloseOut | None) -> list[Issue]:
    """One unconfirmed-success-measure warning per success measure with no Met? answer."""
    if close_out is None:
        return []
    return [
        Issue(
            Severity.WARNING,
            Code.UNCONFIRMED_SUCCESS_MEASURE,
            measure.where,
            None,
            f"The project is over, but nobody has said whether “{measure.goal}” was met"
            + (
                f" ({measure.measure}: {measure.target})"
                if measure.measure and measure.target
                else ""
            )
            + ": write Yes or No under Met? on the Charter",
        )
        for measure in close_out.unconfirmed
    ]
