"""The public API is one curated list, and the engine core stays importable anywhere."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import pmkit

ROOT = Path(__file__).resolve().parents[1]

# The engine core must run where only the standard library exists (Pyodide, xlwings Lite):
# every module of the `pmkit.engine` package, whatever it is called.
CORE_MODULES = tuple(
    sorted(
        path.stem for path in (ROOT / "pmkit" / "engine").glob("*.py") if path.stem != "__init__"
    )
)
FRONT_ENDS = ("addin", "sheets_sync", "xlwings", "gspread", "googleapiclient")


PUBLIC_API = (
    # the pipeline: read → analyze → write
    "read_plan", "analyze", "write_report", "set_baseline", "compute_schedule", "to_frames",
    # what it takes and gives
    "Plan", "Task", "Link", "LinkType", "TaskStatus", "Settings", "Holiday", "ChangeRequest",
    "Decision", "Risk", "CharterItem", "BaselineSnapshot", "BaselineTask", "WorkCalendar",
    "Analysis", "ProjectSummary", "TaskResult", "HealthCheck", "Schedule", "SaveResult",
    "Issue", "Code", "Severity", "Location",
    # the one exception tree
    "PmkitError", "PlanFileError", "PlanFileNotFoundError", "NotAWorkbookError",
    "UnsafeFileError", "MissingSheetError", "HeaderError", "ProjectFileError", "ArgumentError",
    "TaskNotFoundError", "WriteRefusedError",
    "__version__",
)  # fmt: skip


def test_all_is_the_curated_public_api() -> None:
    """`pmkit.__all__` is exactly the documented public API — no name more, none less — and
    each name is importable; nothing else public hangs off `pmkit` but its subpackages."""
    import types

    assert sorted(pmkit.__all__) == sorted(PUBLIC_API)
    for name in pmkit.__all__:
        assert hasattr(pmkit, name), name
    stray = (
        {
            name
            for name, value in vars(pmkit).items()
            if not name.startswith("_") and not isinstance(value, types.ModuleType)
        }
        - set(pmkit.__all__)
        - {"annotations", "TYPE_CHECKING", "Any"}
    )
    assert not stray, f"public names outside __all__: {sorted(stray)}"


def test_the_pipeline_composes_from_the_top_level() -> None:
    """read_plan → analyze → write_report / set_baseline, each taking the last one's value."""
    import inspect

    from pmkit.report import set_baseline, write_report

    assert pmkit.write_report is write_report
    assert pmkit.set_baseline is set_baseline
    assert next(iter(inspect.signature(write_report).parameters)) == "analysis"
    assert next(iter(inspect.signature(set_baseline).parameters)) == "analysis"


def test_importing_pmkit_leaves_the_writers_unloaded() -> None:
    """`import pmkit` stays standard-library light (Pyodide): openpyxl loads with the writers,
    pandas with `to_frames`."""
    import subprocess

    probe = (
        "import sys, pmkit; loaded = lambda name: name in sys.modules; "
        "print(loaded('openpyxl'), loaded('pmkit.report'), loaded('pandas')); "
        "pmkit.to_frames; print(loaded('pandas'))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False", "False", "True"]


def _modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or lazily inside a function, in full."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # imports under `if TYPE_CHECKING:` are for the type checker only
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module == "pmkit":  # `from pmkit import report` imports pmkit.report
                names.update(f"pmkit.{alias.name}" for alias in node.names)
    return names


def _imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name in _modules(path)}


@pytest.mark.parametrize("module", CORE_MODULES)
def test_engine_core_uses_only_the_standard_library(module: str) -> None:
    """Core modules import nothing but the standard library and pmkit itself."""
    path = ROOT / "pmkit" / "engine" / f"{module}.py"
    outside = {
        name
        for name in _imports(path)
        if name not in sys.stdlib_module_names and name not in {"pmkit", "__future__"}
    }
    assert not outside, f"pmkit/engine/{module}.py imports {sorted(outside)}"


@pytest.mark.parametrize("module", CORE_MODULES)
def test_engine_core_imports_no_edge_of_pmkit(module: str) -> None:
    """Core modules import only the engine package, even lazily inside a function: the edges
    (outputs, reading, report, pandas frames…) depend on the engine, never the reverse, so
    no import cycle runs through it (results → frames → outputs → results was one)."""
    path = ROOT / "pmkit" / "engine" / f"{module}.py"
    edges = {
        name
        for name in _modules(path)
        if name.split(".")[0] == "pmkit" and not name.startswith("pmkit.engine")
    }
    assert not edges, f"pmkit/engine/{module}.py imports {sorted(edges)}"


def test_engine_never_imports_a_front_end() -> None:
    """Nothing under pmkit/ imports the Excel add-in, the sync job, xlwings or gspread."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & set(FRONT_ENDS))
        for path in (ROOT / "pmkit").rglob("*.py")
        if _imports(path) & set(FRONT_ENDS)
    }
    assert not offenders


def _reexports(path: Path) -> list[str]:
    """Names a module lists in `__all__` that it only imports from elsewhere."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    listed: list[str] = []
    imported: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            listed = list(ast.literal_eval(node.value))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            imported.update(alias.asname or alias.name for alias in node.names)
    return [name for name in listed if name in imported]


def test_each_name_has_one_home() -> None:
    """A module exports only what it defines: no module re-exports a name from its new home
    (a package's `__init__` is its curated face and may)."""
    offenders = {
        str(path.relative_to(ROOT)): names
        for package in ("pmkit", "addin", "sheets_sync")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name != "__init__.py" and path != FRONTEND_SURFACE and (names := _reexports(path))
    }
    assert not offenders


# The one other module that re-exports: the front ends' surface. Gathering names from where
# they live into one documented list the front ends import from is its whole purpose.
FRONTEND_SURFACE = ROOT / "pmkit" / "frontend.py"


def _frontend_names_used() -> set[str]:
    """Every name `addin/` and `sheets_sync/` import from `pmkit.frontend`."""
    used: set[str] = set()
    for package in ("addin", "sheets_sync"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module == "pmkit.frontend":
                    used.update(alias.name for alias in node.names)
    return used


def test_frontend_all_is_the_documented_surface() -> None:
    """`pmkit.frontend.__all__` is exactly what the front ends import from it — no name more,
    none less, none also in `pmkit.__all__` (the front ends take those from `pmkit`) — and each name
    loads, the openpyxl ones on first use."""
    import pmkit.frontend

    surface = pmkit.frontend.__all__
    assert set(surface) == _frontend_names_used()  # no name the front ends do not use
    assert len(set(surface)) == len(surface)
    assert not set(surface) & set(pmkit.__all__)
    for name in pmkit.frontend.__all__:
        assert getattr(pmkit.frontend, name) is not None, name


def test_the_architecture_doc_lists_the_frontend_surface() -> None:
    """docs/architecture.md's table of `pmkit.frontend` names lists each name, and its count
    is theirs (it said 83 while there were 84)."""
    import pmkit.frontend

    doc = (Path(__file__).parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    surface = pmkit.frontend.__all__
    assert f"({len(surface)} names;" in doc
    table = doc[doc.index("| group | for | names |") : doc.index("**The rule:**")]
    assert [name for name in surface if f"`{name}`" not in table] == []


def _pmkit_imports(path: Path) -> set[str]:
    """Every pmkit module a file imports — at the top, inside a function or for the type
    checker — counting `from pmkit import report` as an import of `pmkit.report`."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module == "pmkit":
                names.update(
                    f"pmkit.{alias.name}" for alias in node.names if alias.name not in pmkit.__all__
                )
    return {name for name in names if name.split(".")[0] == "pmkit"}


def test_front_ends_import_only_pmkit_and_its_frontend_surface() -> None:
    """`addin/` and `sheets_sync/` import pmkit only through `pmkit` (the public API) and
    `pmkit.frontend`: every other pmkit module is internal and free to change."""
    offenders = {
        str(path.relative_to(ROOT)): sorted(outside)
        for package in ("addin", "sheets_sync")
        for path in sorted((ROOT / package).rglob("*.py"))
        if (outside := _pmkit_imports(path) - {"pmkit", "pmkit.frontend"})
    }
    assert not offenders
