"""README.md and docs/ document what pmkit offers, so the docs cannot drift from the code."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from pmkit.cli import build_parser
from pmkit.engine.issues import Code

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = "\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md")))
ALL_DOCS = README + "\n" + DOCS


def _commands() -> list[str]:
    parser = build_parser()
    subcommands = next(
        action for action in parser._actions if action.__class__.__name__ == "_SubParsersAction"
    )
    return sorted(subcommands.choices)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented(command: str) -> None:
    """Each `pmkit` command appears in the docs with an example line."""
    assert re.search(rf"^\s*pmkit {command}\b", ALL_DOCS, re.MULTILINE), command


@pytest.mark.parametrize("code", [code.value for code in Code])
def test_every_finding_code_is_documented(code: str) -> None:
    """Each finding code an owner can meet is named in the docs."""
    assert code in ALL_DOCS


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
