"""Scheduler (placeholder until the scheduler lands)."""

from __future__ import annotations

from datetime import date

from pmkit.model import Plan
from pmkit.results import Schedule
from pmkit.workdays import WorkCalendar


def compute_schedule(plan: Plan, calendar: WorkCalendar, status_date: date) -> Schedule:
    raise NotImplementedError
