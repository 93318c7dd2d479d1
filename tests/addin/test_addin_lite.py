"""xlwings Lite: the bundled main.py, and the same answers from Pyodide as from CPython."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import addin.functions
import addin.lite
from addin.lite import LiteBundleError, build_lite_main, bundled_modules
from pmkit.reading.public_holidays import public_holidays
from tests.addin.addin_shapes import Rows, column, excel_serial, officejs

NODE_DIR = Path(__file__).with_name("node")
RUNNER = NODE_DIR / "run_lite.mjs"


def test_bundle_holds_only_pmkit_and_addin_modules() -> None:
    """The bundle has the engine core and the cell functions, none of the file edges."""
    names = {module.name for module in bundled_modules()}
    assert {
        "addin.functions",
        "addin.inputs",
        "pmkit.engine.analysis",
        "pmkit.engine.scheduling",
    } <= names
    unloaded = {"pmkit.reading.workbook", "pmkit.report", "pmkit.outputs.frames", "addin.cli"}
    assert not names & unloaded
    assert all(name.split(".")[0] in {"pmkit", "addin"} for name in names)


def test_every_surface_name_a_bundled_module_uses_loads_with_the_surface() -> None:
    """The bundle follows module-level imports only, and `pmkit.frontend` loads most of its
    names on first use: each name a bundled add-in module takes from it must load with it,
    or its home would be missing from the bundle and the cell function fail in Lite."""
    import ast

    import pmkit.frontend

    eager = set(vars(pmkit.frontend))
    used = {
        alias.name
        for module in bundled_modules()
        if module.name.startswith("addin")
        for node in ast.walk(ast.parse(module.source))
        if isinstance(node, ast.ImportFrom) and node.module == "pmkit.frontend"
        for alias in node.names
    }
    assert used, "the cell functions import nothing from pmkit.frontend?"
    assert sorted(used - eager) == []


def test_bundle_runs_in_a_fresh_python(tmp_path: Path) -> None:
    """The generated main.py defines every PM_ function in a bare interpreter."""
    main = tmp_path / "main.py"
    main.write_text(build_lite_main(), encoding="utf-8")
    script = textwrap.dedent(
        """
        import sys
        sys.path[:] = [p for p in sys.path if "site-packages" not in p and p != ""]
        sys.path.insert(0, sys.argv[1])
        sys.modules["xlwings"] = type(sys)("xlwings")
        sys.modules["xlwings"].func = lambda f=None, **k: f if f else (lambda g: g)
        sys.modules["xlwings"].arg = lambda *a, **k: (lambda g: g)
        sys.modules["xlwings"].ret = lambda *a, **k: (lambda g: g)
        import main
        print(main.PM_WORKDAYS(46083, 46094))
        """
    )
    completed = subprocess.run(
        [sys.executable, "-I", "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "10"


def test_a_non_standard_import_fails_the_bundle_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module-level import of a non-stdlib package names the module and the chain."""
    package = tmp_path / "liteprobe"
    package.mkdir()
    (package / "__init__.py").write_text("from liteprobe import core\n")
    (package / "core.py").write_text("import numpy\n\ndef lazy():\n    import pandas\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(addin.lite, "_BUNDLED_ROOTS", frozenset({"liteprobe"}))
    with pytest.raises(LiteBundleError, match=r"liteprobe\.core imports numpy"):
        bundled_modules("liteprobe")


def _lite_inputs(sample: dict[str, Rows]) -> dict[str, Any]:
    """The sample plan in Office.js shape; the US holidays passed as dates (no package)."""
    settings = officejs(sample["Settings"])
    country = next(row[1] for row in settings if row[0] == "Holiday Country")
    settings = [[row[0], "" if row[0] == "Holiday Country" else row[1]] for row in settings]
    public = public_holidays(country, range(2025, 2028))
    holidays = column(officejs(sample["Holidays"]), "Date")
    holidays += [excel_serial(holiday.day) for holiday in public]
    return {"plan": officejs(sample["Plan"]), "holidays": holidays, "settings": settings}


def _calls(sample: dict[str, Rows], cli_json: dict[str, Any]) -> list[dict[str, Any]]:
    given = _lite_inputs(sample)
    tail = [None, given["holidays"], given["settings"]]
    calls = [
        {"function": "PM_SLIP", "args": [given["plan"], None, *tail]},
        {"function": "PM_STATUS", "args": [given["plan"], None, *tail]},
    ]
    for task in cli_json["tasks"]:
        task_id = int(task["id"]) if task["id"].isdigit() else task["id"]
        for function in ("PM_SLIP", "PM_FLOAT", "PM_STATUS"):
            calls.append({"function": function, "args": [given["plan"], task_id, *tail]})
    return calls


@pytest.mark.node
def test_pyodide_answers_equal_cpython(
    sample: dict[str, Rows], cli_json: dict[str, Any], tmp_path: Path
) -> None:
    """Pyodide (xlwings Lite's runtime, under Node.js) gives CPython's PM_ answers."""
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "pyodide").is_dir():
        pytest.skip("needs Node.js and `npm install` in tests/addin/node")
    main = tmp_path / "main.py"
    main.write_text(build_lite_main(), encoding="utf-8")
    calls = _calls(sample, cli_json)
    calls_path = tmp_path / "calls.json"
    calls_path.write_text(json.dumps({"calls": calls}), encoding="utf-8")
    completed = subprocess.run(
        [node, str(RUNNER), str(main), str(calls_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=NODE_DIR,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    lite = json.loads(completed.stdout.strip().splitlines()[-1])
    assert lite["python"].startswith("3.")
    cpython = [getattr(addin.functions, call["function"])(*call["args"]) for call in calls]
    assert lite["answers"] == cpython
    # and both agree with the command line on the project
    assert lite["answers"][:2] == [cli_json["project"]["slip"], cli_json["project"]["status"]]
    assert "pmkit.reading.workbook" not in lite["modules"]
