"""Pieces shared by the command modules."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TypeAlias

from pmkit.engine.schema import PLAN_YEARS

__all__ = [
    "Command",
    "Subcommands",
    "add_format_option",
    "add_status_date_option",
    "parse_date_option",
]

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


def add_status_date_option(parser: argparse.ArgumentParser) -> None:
    """`--status-date YYYY-MM-DD`, the same on every command that measures progress."""
    parser.add_argument(
        "--status-date",
        type=parse_date_option,
        metavar="YYYY-MM-DD",
        help="measure progress on this date (default: the Status Date setting, else today)",
    )


def add_format_option(parser: argparse.ArgumentParser, *formats: str) -> None:
    """`--format text|json|…`: text for people (the default), the others for programs."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=formats[0],
        help=f"{formats[0]} for people (default); {', '.join(formats[1:])} for programs",
    )
