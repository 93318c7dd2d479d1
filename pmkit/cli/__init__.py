"""The `pmkit` command line: parse, call the library, turn errors into one clean line.

Each command lives in a module with a `register(subcommands)` function. The engine's own
commands are listed in `_COMMAND_MODULES`; front ends (the nightly sync, the Excel
add-in) plug theirs in through the `pmkit.commands` entry-point group, so this package
never imports them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

from pmkit.cli.common import Command, Subcommands, terminal_text
from pmkit.engine.errors import PmkitError

__all__ = ["build_parser", "main"]

_COMMAND_MODULES: tuple[str, ...] = (
    "pmkit.cli.plan_commands",
    "pmkit.cli.template_command",
    "pmkit.cli.report_commands",
    "pmkit.cli.demo_command",
    "pmkit.cli.project_commands",
    "pmkit.cli.digest_command",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmkit",
        description="Validated schedules, flags and variance from a project-plan workbook.",
    )
    parser.add_argument("--version", action="version", version=_version())
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in _COMMAND_MODULES:
        importlib.import_module(module_name).register(subcommands)
    for entry_point in sorted(entry_points(group="pmkit.commands"), key=lambda e: e.name):
        try:
            # A front end may also check its libraries when it registers, by name,
            # rather than pay for importing them on every command (`sheets_sync.cli`).
            entry_point.load()(subcommands)
        except ImportError as exc:  # the front end's extra is not installed
            _register_missing(subcommands, entry_point.name, exc)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status (0 ok, 1 plan has errors, 2 file unusable)."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if getattr(args, "missing_extra", False):
        # The front end is not installed: its options are unknown here, and the
        # install hint is the answer whatever they are.
        return _missing(args.command)
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    command: Command = args.run
    if getattr(args, "styled_output", False):  # it draws its own terminal codes (rich)
        return _run(command, args)
    with terminal_text():
        return _run(command, args)


def _run(command: Command, args: argparse.Namespace) -> int:
    try:
        return command(args)
    except PmkitError as exc:
        print(f"pmkit: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("pmkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the one place a bug is turned into a message, not a traceback
        if os.environ.get("PMKIT_DEBUG"):
            raise
        print(
            f"pmkit: unexpected internal error ({type(exc).__name__}: {exc}). "
            "Please report it; set PMKIT_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return 2


def _register_missing(subcommands: Subcommands, name: str, exc: ImportError) -> None:
    sub = subcommands.add_parser(name, help=f"(not installed: {exc.name or exc})", add_help=False)
    sub.set_defaults(missing_extra=True)


def _missing(name: str) -> int:
    extra = {"sync": "sync", "excel": "excel"}.get(name, "all")
    print(
        f"pmkit: the '{name}' command needs extra packages: pip install '.[{extra}]' "
        "in the pmkit folder",
        file=sys.stderr,
    )
    return 2


def _version() -> str:
    from pmkit import __version__

    return f"pmkit {__version__}"
