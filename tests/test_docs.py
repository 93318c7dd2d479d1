"""README.md and docs/ document what pmkit offers, so the docs cannot drift from the code."""

from __future__ import annotations

import argparse
import re
import tempfile
import tomllib
from pathlib import Path

import pytest
from cogapp import Cog

from pmkit.cli import build_parser
from pmkit.engine.explanations import EXPLANATIONS
from pmkit.engine.issues import Code
from pmkit.reading import read_plan

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = "\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md")))
ALL_DOCS = README + "\n" + DOCS


def test_generated_docs_are_current() -> None:
    """The command reference, the findings table and every example output in the docs
    are what the code gives today (`cog -r -I docs README.md docs/*.md` regenerates them)."""
    files = [str(ROOT / "README.md"), *sorted(str(path) for path in (ROOT / "docs").glob("*.md"))]
    status = Cog().main(["cog", "--check", "-I", str(ROOT / "docs"), *files])
    assert status == 0, "docs are stale: run  cog -r -I docs README.md docs/*.md"


def test_every_finding_code_is_explained() -> None:
    """Each finding code has its explanation (the docs' findings table is made from them)."""
    assert set(EXPLANATIONS) == set(Code)


def _every_option() -> list[tuple[str, str]]:
    parser = build_parser()
    subcommands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    return [
        (name, action.dest)
        for name, sub in subcommands.choices.items()
        for action in sub._actions
        if not isinstance(action, argparse._HelpAction)
    ]


@pytest.mark.parametrize(("command", "option"), _every_option())
def test_every_option_says_what_it_does(command: str, option: str) -> None:
    """Each argument of each command has help text: the generated reference shows it."""
    parser = build_parser()
    subcommands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    action = next(a for a in subcommands.choices[command]._actions if a.dest == option)
    assert action.help, f"pmkit {command}: {option} has no help"


def test_the_two_setup_commands_come_first() -> None:
    """The first two shell blocks install and run the demo, then install and run the tests."""
    blocks = re.findall(r"```bash\n(.*?)```", README, re.DOTALL)
    assert "pip install" in blocks[0]
    assert "pmkit demo" in blocks[0]
    assert "pip install" in blocks[1]
    assert "pytest" in blocks[1]


def test_ci_runs_the_readme_test_command() -> None:
    """`.ci/run` runs the same test command the README gives (pytest over the whole suite)."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install -q -e ".[all]"' in ci
    assert "python -m pytest" in ci


def test_every_extra_named_in_readme_exists() -> None:
    """`pip install ".[...]"` in README names only extras pyproject defines."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    named = re.findall(r"pip install -?e? ?\"(?:pmkit|\.)\[(\w+)\]\"", ALL_DOCS)
    assert {"all", "excel", "sync"} <= set(named)
    for name in named:
        assert name in extras, name


def test_benchmark_scripts_are_documented() -> None:
    """The docs name the one command that runs every benchmark, and each script exists."""
    assert "python benchmarks/run_all.py" in ALL_DOCS
    for name in re.findall(r"python benchmarks/(\w+\.py)", ALL_DOCS):
        assert (ROOT / "benchmarks" / name).exists(), name


def test_readme_links_to_every_doc_and_each_exists() -> None:
    """README's map names every file under docs/, and every file it names exists."""
    linked = set(re.findall(r"\(docs/([\w.-]+\.md)\)", README))
    present = {path.name for path in (ROOT / "docs").glob("*.md")}
    assert linked == present


def test_the_sample_counts_quoted_in_the_docs_are_the_samples() -> None:
    """Every "N problems need you this week, M notes" the docs quote for the sample plan is
    what pmkit says of it today."""
    from pmkit.engine.actions import count_sentence
    from pmkit.engine.analysis import analyze
    from pmkit.template.regenerate import write_sample

    with tempfile.TemporaryDirectory() as temp:
        plan = write_sample(Path(temp) / "plan.xlsx")
        said = count_sentence(analyze(read_plan(plan)).issues)
    found = re.findall(r"\d+\s+problems?\s+needs?\s+you\s+this\s+week,\s+\d+\s+notes?", ALL_DOCS)
    quoted = [" ".join(sentence.split()) for sentence in found]
    assert len(quoted) >= 4
    assert set(quoted) == {said}
