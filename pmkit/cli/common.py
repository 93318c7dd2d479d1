"""Pieces shared by the command modules."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TypeAlias

__all__ = ["Command", "Subcommands", "parse_date_option"]

Command = Callable[[argparse.Namespace], int]
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def parse_date_option(text: str) -> date:
    """`--status-date 2026-03-13` → a date, or a clear argparse error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-03-13, got {text!r}") from None
