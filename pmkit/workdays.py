"""Working-day calendar (placeholder until the calendar lands)."""

from __future__ import annotations

from pmkit.model import Plan


class WorkCalendar:
    @classmethod
    def for_plan(cls, plan: Plan) -> WorkCalendar:
        raise NotImplementedError
