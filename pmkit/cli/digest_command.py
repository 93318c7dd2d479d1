"""`pmkit digest`: the morning digest of one workbook, to preview it without a mail server.

    pmkit digest PLAN [-o digest.html] [--owner NAME] [--status-date D]

Renders what the nightly job would send (`pmkit.outputs.digest`): the plan's digest, or
with `--owner` that person's week. Written as HTML (`-o NAME.html`) or plain text
(`-o NAME.txt`, or printed when there is no `-o`). Without the nightly history it cannot
say what changed since the last run, and says so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmkit.cli.common import Subcommands, add_status_date_option
from pmkit.engine.analysis import analyze
from pmkit.engine.errors import ArgumentError
from pmkit.files import commit, new_target, temporary_path
from pmkit.outputs.digest import REPORT_FLAGS, Digest, PlanPlace, plan_night
from pmkit.outputs.digest_html import GENERATOR, render_html, render_subject, render_text
from pmkit.reading import read_plan

__all__ = ["register"]

_HTML = (".html", ".htm")


def register(subcommands: Subcommands) -> None:
    digest = subcommands.add_parser(
        "digest",
        help="preview the morning digest of a plan (HTML or text), without sending it",
        description="Render the morning digest the nightly job sends for PLAN: the status, "
        "the status paragraph and the 'This week' list — or, with --owner, that person's "
        "week. -o NAME.html writes the HTML as it is e-mailed, -o NAME.txt its plain-text "
        "part; without -o the text is printed. A preview has no nightly history, so it "
        "says it cannot tell what changed since the last run. "
        "Exit status: 0 written, 1 written but the plan has errors, 2 nothing written.",
    )
    digest.add_argument(
        "plan", type=Path, help="plan workbook (.xlsx or .xlsm), or Microsoft Project XML"
    )
    digest.add_argument(
        "-o", "--output", type=Path, metavar="OUT.html", help="write here (.html or .txt)"
    )
    digest.add_argument("--owner", metavar="NAME", help="that owner's week instead of the plan's")
    digest.add_argument(
        "--force", action="store_true", help="replace an existing OUT that pmkit did not write"
    )
    add_status_date_option(digest)
    digest.set_defaults(run=run_digest)


def run_digest(args: argparse.Namespace) -> int:
    path: Path = args.plan
    output: Path | None = args.output
    if output is not None and output.suffix.lower() not in (*_HTML, ".txt"):
        raise ArgumentError(f"the output name must end in .html or .txt, got {str(output)!r}")
    analysis = analyze(read_plan(path), args.status_date)
    kind = "workbook" if analysis.plan.project_file is None else "Microsoft Project file"
    night = plan_night(analysis, place=PlanPlace(f"the {kind} {path.name}", findings=REPORT_FLAGS))
    if args.owner is None:
        digest = Digest(night, None, True)
    else:
        week = night.owner_week(args.owner)
        if week is None:
            names = ", ".join(w.name for w in night.owners) or "none: no task has an owner"
            raise ArgumentError(f"no owner called {args.owner!r} in {path.name} (owners: {names})")
        digest = Digest(night, None, False, (week,))
    if output is None:
        sys.stdout.write(render_text(digest))
    else:
        html = output.suffix.lower() in _HTML
        text = render_html(digest) if html else render_text(digest)
        _write(output, text, force=args.force)
        print(f"Wrote the digest to {output}: {render_subject(digest)}")
    return 1 if analysis.has_errors else 0


def _write(output: Path, text: str, *, force: bool) -> None:
    """Write `text` to `output` through pmkit's one way of writing files: an existing
    file is replaced only when it is a digest pmkit wrote, or with --force."""
    target = new_target(output, force=force, ours=_is_digest, what="digest")
    temporary = temporary_path(target.path)
    temporary.write_text(text, encoding="utf-8")
    commit(temporary, target)


def _is_digest(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return GENERATOR.encode() in handle.read(2048)
    except OSError:
        return False
