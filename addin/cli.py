"""`pmkit excel`: ready a plan workbook for the Excel add-in (and xlwings Lite).

    pmkit excel plan.xlsx                  # → plan-excel.xlsx with Dashboard and xlwings.conf
    pmkit excel plan.xlsx -o ready.xlsx
    pmkit excel plan.xlsx --in-place       # into the plan itself, after a backup
    pmkit excel --lite main.py             # xlwings Lite: one main.py with every PM_ function

Registered through the `pmkit.commands` entry point, so the engine never imports it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pmkit import ArgumentError, WriteRefusedError
from pmkit.frontend import Subcommands

__all__ = ["register"]


def register(subcommands: Subcommands) -> None:
    excel = subcommands.add_parser(
        "excel",
        help="add a Dashboard of PM_ cell functions and the xlwings settings to a plan",
        description="Prepare a plan workbook for the Excel add-in: a copy with a Dashboard "
        "sheet of live PM_ formulas and an xlwings.conf sheet naming the functions' module. "
        "With --lite, write the main.py that gives xlwings Lite the same functions.",
    )
    excel.add_argument("plan", type=Path, nargs="?", help="plan workbook (.xlsx or .xlsm)")
    excel.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.xlsx",
        help="workbook to write (default PLAN-excel.xlsx)",
    )
    excel.add_argument(
        "--in-place", action="store_true", help="write into the plan itself, after a backup"
    )
    excel.add_argument("--force", action="store_true", help="replace an existing output file")
    excel.add_argument(
        "--lite", type=Path, metavar="MAIN.py", help="also write xlwings Lite's main.py here"
    )
    excel.set_defaults(run=run_excel)


def default_output(plan: Path) -> Path:
    """`plan.xlsx` → `plan-excel.xlsx` beside it (`.xlsm` stays `.xlsm`, macros and all)."""
    return plan.with_name(f"{plan.stem}-excel{plan.suffix}")


def run_excel(args: argparse.Namespace) -> int:
    if args.plan is None and args.lite is None:
        raise ArgumentError("give a plan workbook, or --lite MAIN_PY, or both")
    if args.lite is not None:
        _write_lite(args.lite, force=args.force)
    if args.plan is None:
        return 0
    from addin.dashboard import prepare_workbook

    if args.in_place and args.output is not None:
        raise ArgumentError("use either -o or --in-place, not both")
    output = None if args.in_place else (args.output or default_output(args.plan))
    from addin.vba import check_buttons_bas, write_buttons_bas

    check_buttons_bas((output or args.plan).parent, force=args.force)  # before any write
    saved, formulas = prepare_workbook(args.plan, output, force=args.force)
    print(f"Wrote {saved.path} with a Dashboard of {len(formulas)} PM_ formulas.")
    try:
        buttons = write_buttons_bas(saved.path.parent, force=args.force)
    except OSError as exc:
        raise WriteRefusedError(f"the button macros could not be written: {exc.strerror}") from exc
    print(f"Wrote {buttons}: the VBA for the four plan buttons.")
    if saved.backup is not None:
        print(f"The original is kept as {saved.backup}.")
    for lost in saved.not_kept:
        print(f"Note: the copy does not keep {lost}.")
    print(
        "Next, in Excel: xlwings ribbon → Import Functions; for the buttons, import "
        f"{buttons.name} in the VBA editor and run PmkitAddButtons (docs/excel.md)."
    )
    return 0


def _write_lite(path: Path, *, force: bool) -> None:
    from addin.lite import build_lite_main

    if path.exists() and not force:
        raise WriteRefusedError(f"{path} already exists; add --force to replace it")
    try:
        path.write_text(build_lite_main(), encoding="utf-8")
    except OSError as exc:
        raise WriteRefusedError(f"{path} could not be written: {exc.strerror}") from exc
    print(f"Wrote {path}: paste it into xlwings Lite's main.py (see docs/excel.md, xlwings Lite).")
