"""Parts of the docs generated from the code, with cog (https://cog.readthedocs.io).

Each generated part sits between `<!-- [[[cog ... ]]] -->` and `<!-- [[[end]]] -->`
markers in a Markdown file and calls a function below. Regenerate after changing a
command, a finding or an example's output:

    cog -r -I docs README.md docs/*.md

`tests/test_docs.py` runs `cog --check` and fails when any part is stale.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from pmkit.cli import build_parser, main
from pmkit.engine.analysis import analyze
from pmkit.engine.explanations import EXPLANATIONS
from pmkit.engine.issues import Code
from pmkit.engine.results import Analysis
from pmkit.reading import read_plan

__all__ = [
    "command_reference",
    "command_synopsis",
    "example_findings",
    "findings_table",
    "json_fields",
    "output_of",
    "sample_with",
]


def findings_table() -> str:
    """Every finding code: its tier, when pmkit raises it, and what to do."""
    rows = ["| code | tier | when | what to do |", "|---|---|---|---|"]
    for code in Code:
        explained = EXPLANATIONS[code]  # KeyError: explain the new code in explanations.py
        rows.append(
            f"| `{code.value}` | {_cell(explained.tier)} | {_cell(explained.when)} "
            f"| {_cell(explained.fix)} |"
        )
    return "\n".join(rows) + "\n"


def _subparsers() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def _usage_piece(action: argparse.Action) -> str:
    if not action.option_strings:
        return _positional_name(action)
    flag = max(action.option_strings, key=len)
    if action.nargs == 0:
        return f"[{flag}]"
    if action.choices is not None:
        return f"[{flag} {'|'.join(str(choice) for choice in action.choices)}]"
    return f"[{flag} {action.metavar or action.dest.upper()}]"


def _arguments(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [action for action in parser._actions if not isinstance(action, argparse._HelpAction)]


def command_synopsis() -> str:
    """One line per command: its arguments, then what it does."""
    lines = []
    for name, parser in _subparsers():
        pieces = " ".join(_usage_piece(action) for action in _arguments(parser))
        lines.append(f"pmkit {name} {pieces}".rstrip())
    return "```\n" + "\n".join(lines) + "\n```\n"


def command_reference() -> str:
    """Each command: what it does, and a table of its arguments and options."""
    out = []
    for name, parser in _subparsers():
        out.append(f"### `pmkit {name}`\n")
        if parser.description:
            out.append(f"{parser.description}\n")
        actions = _arguments(parser)
        if actions:
            out.append("| argument | what it does |\n|---|---|")
            for action in actions:
                names = ", ".join(f"`{flag}`" for flag in action.option_strings) or (
                    f"`{_positional_name(action)}`"
                )
                if action.option_strings and action.nargs != 0:
                    names += f" `{_value_name(action)}`"
                out.append(f"| {_cell(names)} | {_cell(action.help or '')} |")
            out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    """Text for a Markdown table cell: a `|` would end the cell."""
    return text.replace("|", "\\|")


def _positional_name(action: argparse.Action) -> str:
    name = str(action.metavar or action.dest.upper())
    return f"[{name}]" if action.nargs == "?" else name


def _value_name(action: argparse.Action) -> str:
    if action.choices is not None:
        return "|".join(str(choice) for choice in action.choices)
    return str(action.metavar or action.dest.upper())


def _analysis(prepare: Callable[[Path], None], *, project_file: bool = False) -> Analysis:
    """pmkit's analysis of the plan `prepare` writes as `plan.xlsx` in a fresh folder, or
    (`project_file`) of that plan exported to Microsoft Project XML and read from it."""
    with tempfile.TemporaryDirectory() as temp:
        prepare(Path(temp))
        path = Path(temp) / "plan.xlsx"
        if project_file:
            from pmkit.mspdi import write_mspdi

            path = write_mspdi(read_plan(path), Path(temp) / "vendor.xml")
        return analyze(read_plan(path))


def json_fields() -> str:
    """The fields of each object of `pmkit schedule --format json`, from the sample plan."""
    printed = _analysis(sample_with()).to_json()
    objects = {
        "project": printed["project"],
        "tasks[]": printed["tasks"][0],
        "issues[]": printed["issues"][0],
        "project.this_week[]": printed["project"]["this_week"][0],
        "workload": printed["workload"],
    }
    rows = ["| object | fields |", "|---|---|"]
    for name, fields in objects.items():
        rows.append(f"| `{name}` | {', '.join(f'`{field}`' for field in fields)} |")
    return "\n".join(rows) + "\n"


def example_findings(prepare: Callable[[Path], None], *codes: Code) -> str:
    """For each code, the first per-cell finding pmkit gives on the prepared plan."""
    found = _analysis(prepare).cell_issues()
    rows = ["| code | severity | cell | message |", "|---|---|---|---|"]
    for code in codes:
        issue = next(issue for issue in found if issue.code == code)  # the example must exist
        rows.append(
            f"| `{code.value}` | {issue.severity.label} | `{issue.location}` "
            f"| {_cell(issue.message)} |"
        )
    return "\n".join(rows) + "\n"


def paragraph_of(prepare: Callable[[Path], None], *, project_file: bool = False) -> str:
    """The status paragraph pmkit writes for the prepared plan (`project_file`: exported to
    Microsoft Project XML and read from it), as a Markdown quote."""
    analysis = _analysis(prepare, project_file=project_file)
    text = analysis.summary.status_text.replace(" %", "\N{NO-BREAK SPACE}%")
    lines = textwrap.wrap(text, width=86)  # a number keeps its % on its line
    return "".join(f"> {line.replace(chr(0xA0), ' ')}\n" for line in lines)


def finished_sample(folder: Path) -> None:
    """A preparation step: the finished sample (`pmkit demo --finished`) as `plan.xlsx`."""
    from pmkit.template.regenerate import write_finished_sample

    write_finished_sample(folder / "plan.xlsx")


def sample_with(*edits: tuple[str, str, str | int | datetime | None]) -> Callable[[Path], None]:
    """A preparation step: the sample plan as `plan.xlsx`, with (sheet, cell, value) edits."""

    def prepare(folder: Path) -> None:
        from openpyxl import load_workbook

        from pmkit.template.regenerate import write_sample

        plan = folder / "plan.xlsx"
        write_sample(plan)
        if edits:
            workbook = load_workbook(plan)
            for sheet, cell, value in edits:
                workbook[sheet][cell] = value
            workbook.save(plan)

    return prepare


def output_of(
    *argv: str, prepare: Callable[[Path], None] | None = None, keep: int | None = None
) -> str:
    """What `pmkit ARGV` prints (stdout, then stderr) in a fresh folder after `prepare`
    (default: the sample plan as `plan.xlsx`).

    `keep` cuts the output to its first lines and marks the cut with `…`.
    """
    stdout, stderr = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (prepare or sample_with())(folder)
        cwd = Path.cwd()
        os.chdir(folder)
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                main(list(argv))
        finally:
            os.chdir(cwd)
    lines = (stdout.getvalue() + stderr.getvalue()).rstrip("\n").splitlines()
    if keep is not None and len(lines) > keep:
        lines = [*lines[:keep], "…"]
    return "```\n" + "\n".join(line.rstrip() for line in lines) + "\n```\n"
