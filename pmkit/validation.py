"""Plan validation (placeholder until validation lands)."""

from __future__ import annotations

from datetime import date

from pmkit.issues import Issue
from pmkit.model import Plan


def validate_plan(plan: Plan, status_date: date) -> list[Issue]:
    return []
