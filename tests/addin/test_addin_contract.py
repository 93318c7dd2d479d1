"""The contract of docs/excel.md, checked by introspection of the real xlwings metadata."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import addin.functions

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("classic_udf_probe.py")

# docs/excel.md: each function with its arguments, in order; the rest are optional extras.
DOCUMENTED_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "PM_SLIP": ("plan", "task_id", "status_date", "holidays"),
    "PM_FORECAST_FINISH": ("plan", "task_id", "status_date", "holidays"),
    "PM_FLOAT": ("plan", "task_id", "status_date", "holidays"),
    "PM_CRITICAL_PATH": ("plan", "status_date", "holidays"),
    "PM_SCHEDULE": ("plan", "status_date", "holidays"),
    "PM_FLAGS": ("plan", "min_severity", "status_date", "holidays"),
    "PM_VARIANCE": ("plan", "status_date", "holidays"),
    "PM_EV": ("plan", "metric", "status_date", "holidays"),
    "PM_SCOPE_GROWTH": ("plan", "kind"),
    "PM_STATUS": ("plan", "task_id", "status_date", "holidays"),
    "PM_WORKDAYS": ("start", "finish", "holidays"),
    "PM_ADD_WORKDAYS": ("start", "days", "holidays"),
}
REQUIRED = {"plan", "metric", "start", "finish", "days"} | {"task_id@PM_FLOAT"}
EXCEL_TEXT_LIMIT = 255  # MacroOptions cuts descriptions at 255 characters


@pytest.fixture(scope="module")
def classic() -> dict[str, Any]:
    """Metadata and VBA that classic xlwings' *Import Functions* would produce."""
    completed = subprocess.run(
        [sys.executable, str(PROBE)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def test_exactly_the_spec_functions_are_exported() -> None:
    """`addin.functions.__all__` is the twelve functions docs/excel.md lists."""
    assert sorted(addin.functions.__all__) == sorted(DOCUMENTED_FUNCTIONS)


@pytest.mark.parametrize("name", sorted(DOCUMENTED_FUNCTIONS))
def test_signature_starts_with_the_spec_arguments(name: str) -> None:
    """Arguments are those of docs/excel.md, in order; only trailing optional extras are added."""
    parameters = list(inspect.signature(getattr(addin.functions, name)).parameters.values())
    spec = DOCUMENTED_FUNCTIONS[name]
    assert tuple(p.name for p in parameters[: len(spec)]) == spec
    for parameter in parameters:
        assert parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, parameter
        required = parameter.name in REQUIRED or f"{parameter.name}@{name}" in REQUIRED
        has_default = parameter.default is not inspect.Parameter.empty
        assert has_default is not required, parameter.name
    for extra in parameters[len(spec) :]:
        assert extra.default is None


@pytest.mark.parametrize("name", sorted(DOCUMENTED_FUNCTIONS))
def test_classic_xlwings_metadata(classic: dict[str, Any], name: str) -> None:
    """Registered, not volatile, with a short description and one for every argument."""
    info = classic["functions"][name]
    assert info["volatile"] is False
    assert info["category"] == "pmkit"
    assert 20 < len(info["doc"]) <= EXCEL_TEXT_LIMIT
    assert "\n" not in info["doc"]
    assert "expand" not in info["ret_options"]  # tables spill as native dynamic arrays
    names = [arg["name"] for arg in info["args"]]
    assert names == list(inspect.signature(getattr(addin.functions, name)).parameters)
    for arg in info["args"]:
        assert not arg["doc"].startswith("Positional argument"), (name, arg["name"])
        assert 10 < len(arg["doc"]) <= EXCEL_TEXT_LIMIT
        assert arg["vararg"] is False


def test_classic_vba_wrappers_are_generated(classic: dict[str, Any]) -> None:
    """*Import Functions* writes one VBA Function per PM_ function, none volatile."""
    vba: str = classic["vba"]
    declared = re.findall(r"^Function (PM_\w+)\(", vba, flags=re.MULTILINE)
    assert sorted(declared) == sorted(DOCUMENTED_FUNCTIONS)
    assert "Application.Volatile" not in vba
    assert "Function PM_SLIP(plan, Optional task_id, Optional status_date" in vba


def test_critical_path_spills_down_a_column(classic: dict[str, Any]) -> None:
    """PM_CRITICAL_PATH returns a flat list that xlwings transposes into a column."""
    assert classic["functions"]["PM_CRITICAL_PATH"]["ret_options"].get("transpose") == "True"


def test_plan_arguments_arrive_two_dimensional(classic: dict[str, Any]) -> None:
    """Every table argument asks classic xlwings for a 2-D list."""
    for info in classic["functions"].values():
        for arg in info["args"]:
            if arg["name"] in {"plan", "changes", "baseline"}:
                assert arg["options"].get("ndim") == "2"


def test_every_argument_gets_excel_errors_as_text(classic: dict[str, Any]) -> None:
    """Classic xlwings hands an error cell over as None unless asked for its text, so
    `=PM_SLIP(Plan[#All], VLOOKUP(…))` whose lookup fails (#N/A) would answer the
    project's slip, as if no task were given; a #N/A status date would count from today.
    Every argument asks for errors as text, and the cell names the error."""
    for name, info in classic["functions"].items():
        for arg in info["args"]:
            assert arg["options"].get("err_to_str") == "True", (name, arg["name"])


def _user_doc() -> tuple[Path, str]:
    readme = ROOT / "docs" / "excel.md"
    return readme, readme.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(DOCUMENTED_FUNCTIONS))
def test_readme_documents_each_function(name: str) -> None:
    """The user documentation shows each function's signature, every argument, an example."""
    path, text = _user_doc()
    parameters = list(inspect.signature(getattr(addin.functions, name)).parameters)
    heading = re.search(rf"^#+ .*`{name}\(([^)]*)\)`", text, flags=re.MULTILINE)
    assert heading, f"{path.name} has no heading for {name}"
    for parameter in parameters:
        assert parameter in heading.group(1), f"{name}: {parameter} not in {path.name}"
    assert f"={name}(" in text, f"{path.name} has no example formula for {name}"
