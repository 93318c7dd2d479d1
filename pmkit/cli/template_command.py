"""`pmkit template OUT.xlsx`: a blank, owner-friendly plan workbook to fill in."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmkit.cli.common import Subcommands
from pmkit.engine.errors import ArgumentError

__all__ = ["register"]


def register(subcommands: Subcommands) -> None:
    template = subcommands.add_parser(
        "template",
        help="write a blank plan workbook to fill in",
        description="Write a blank plan workbook: Instructions, the Plan table with "
        "dropdowns and formats, Settings with their defaults, and Holidays, Changes, Risks "
        "and Charter ready to fill. With --sample, the filled-in example project instead.",
    )
    template.add_argument("out", type=Path, metavar="OUT.xlsx", help="where to write it")
    template.add_argument(
        "--force", action="store_true", help="replace OUT.xlsx if it already exists"
    )
    template.add_argument(
        "--sample",
        action="store_true",
        help="write the sample project (an online shop relaunch, half way through)",
    )
    template.set_defaults(run=run_template)


def run_template(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() != ".xlsx":
        raise ArgumentError(f"the workbook name must end in .xlsx, got {str(out)!r}")
    if args.sample:
        from pmkit.template.regenerate import write_sample

        written = write_sample(out, overwrite=args.force)
        print(f"Wrote the sample plan to {written}. Try: pmkit report {written}")
    else:
        from pmkit.template import write_template

        written = write_template(out, overwrite=args.force)
        print(f"Wrote a blank plan workbook to {written}. Start with its Instructions sheet.")
    return 0
