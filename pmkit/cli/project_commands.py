"""`pmkit import` and `pmkit export`: Microsoft Project XML (MSPDI) to and from a plan workbook."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pmkit.cli.common import Subcommands, add_status_date_option
from pmkit.engine.analysis import analyze
from pmkit.engine.errors import WriteRefusedError
from pmkit.engine.figures import join_words
from pmkit.engine.issues import Issue, Severity
from pmkit.engine.schema import TEAM, WORKBOOK_SUFFIXES
from pmkit.mspdi import read_mspdi, write_mspdi
from pmkit.mspdi.pmkit_fields import carried_sheets
from pmkit.reading import read_plan

__all__ = ["register"]


def register(subcommands: Subcommands) -> None:
    importer = subcommands.add_parser(
        "import",
        help="turn a Microsoft Project XML file into an owner's plan workbook",
        description="Read a Microsoft Project XML (MSPDI) file and write a plan workbook in "
        "the template's layout. Exit status: 0 ok, 1 the plan has errors (workbook still "
        "written), 2 the file cannot be used.",
    )
    importer.add_argument("plan", type=Path, help="Microsoft Project XML file (.xml)")
    importer.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.xlsx",
        help="workbook to write (default PLAN.xlsx)",
    )
    importer.add_argument("--force", action="store_true", help="replace an existing workbook")
    importer.set_defaults(run=run_import)

    exporter = subcommands.add_parser(
        "export",
        help="write a plan as Microsoft Project XML for Project or ProjectLibre",
        description="Schedule a plan and write it as Microsoft Project XML (MSPDI): phases "
        "as summary tasks, owners as resources, holidays in the calendar. Exit status: 0 ok, "
        "1 the plan has errors (file still written), 2 the file cannot be used.",
    )
    exporter.add_argument("plan", type=Path, help="plan workbook (.xlsx, .xlsm) or Project XML")
    exporter.add_argument(
        "-o", "--output", type=Path, metavar="OUT.xml", help="XML file to write (default PLAN.xml)"
    )
    add_status_date_option(exporter)
    exporter.add_argument("--force", action="store_true", help="replace an existing file")
    exporter.add_argument(
        "--without-owner-sheets",
        action="store_true",
        help="leave the Changes, Risks, Charter, Team and Baseline sheets out of the file "
        "(before sending it to a vendor); an import then cannot give them back",
    )
    exporter.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    # Imported here, not at the top: every `pmkit` command imports this module to build
    # its parser, and openpyxl is for the commands that write a workbook.
    from pmkit.mspdi.workbook import plan_workbook_content
    from pmkit.template.builder import build_workbook
    from pmkit.template.saving import save_workbook

    source: Path = args.plan
    target: Path = args.output or source.with_suffix(".xlsx")
    if target.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise WriteRefusedError(f"{target.name}: the workbook must be an .xlsx file")
    plan = read_mspdi(source)
    workbook = build_workbook(plan_workbook_content(plan))
    save_workbook(workbook, target, overwrite=args.force)
    _print_issues(plan.issues)
    phases = len({task.phase for task in plan.tasks if task.phase})
    tasks = f"{len(plan.tasks)} task{'' if len(plan.tasks) == 1 else 's'}"
    within = f" in {phases} phase{'' if phases == 1 else 's'}" if phases else ""
    print(f"Wrote {target}: {tasks}{within} from {source.name}")
    return _status(plan.issues)


def run_export(args: argparse.Namespace) -> int:
    source: Path = args.plan
    target: Path = args.output or source.with_suffix(".xml")
    if target.suffix.lower() != ".xml":
        raise WriteRefusedError(f"{target.name}: Microsoft Project XML goes in an .xml file")
    if target.resolve() == source.resolve():
        raise WriteRefusedError(f"{target.name} is the plan itself; choose another output file")
    if target.exists() and not args.force:
        raise WriteRefusedError(f"{target} already exists; use --force to replace it")
    plan = read_plan(source)
    if args.status_date is not None:  # written into the XML as Project's Status Date too
        plan = replace(plan, settings=replace(plan.settings, status_date=args.status_date))
    analysis = analyze(plan)
    owner_sheets = not args.without_owner_sheets
    write_mspdi(analysis, target, owner_sheets=owner_sheets)
    errors = [issue for issue in analysis.issues if issue.severity is Severity.ERROR]
    _print_issues(errors)
    print(f"Wrote {target}: {len(analysis.tasks)} tasks for Microsoft Project from {source.name}")
    carried = list(carried_sheets(plan)) if owner_sheets else []
    if carried:
        named = [
            f"{name} (e-mail addresses included)" if name == TEAM.name else name for name in carried
        ]
        print(
            f"It also carries your {join_words(named)} sheets in the project's "
            "notes, so that an import gives the same answer; before sending it to someone "
            "who should not "
            "read them, export again with --without-owner-sheets."
        )
    return _status(analysis.issues)


def _print_issues(issues: Sequence[Issue]) -> None:
    for issue in issues:
        if issue.severity is not Severity.INFO:
            print(str(issue), file=sys.stderr)


def _status(issues: Sequence[Issue]) -> int:
    return 1 if any(issue.severity is Severity.ERROR for issue in issues) else 0
