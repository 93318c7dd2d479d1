"""Pieces shared by the command modules."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TypeAlias

from pmkit.engine.schema import PLAN_YEARS

__all__ = ["Command", "Subcommands", "parse_date_option"]

Command = Callable[[argparse.Namespace], int]
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def parse_date_option(text: str) -> date:
    """`--status-date 2026-03-13` → a date, or a clear argparse error."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-03-13, got {text!r}") from None
    first, last = PLAN_YEARS
    if not first <= day.year <= last:
        raise argparse.ArgumentTypeError(f"{text} is not a date a plan can use ({first} to {last})")
    return day
