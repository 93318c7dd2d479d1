"""One self-contained `main.py` for xlwings Lite: the engine core and the `PM_` functions.

xlwings Lite runs Python in Pyodide inside Excel, where pmkit's reading and writing
edges (python-calamine, openpyxl, pandas) are not needed and not all available. The
cell functions only need the engine core, which is standard library only. This module
walks the import graph from `addin.functions`, following module-level imports
(function-level imports are lazy and stay unrun), and packs every pmkit and addin
module it reaches into one file that installs them as importable modules. Any other
module-level import that is not in the standard library (or xlwings, which Lite
provides) fails the build loudly, naming the chain that pulled it in.

>>> text = build_lite_main()
>>> text.startswith(chr(34) * 3 + "pmkit ") and "addin.functions" in text
True
"""

from __future__ import annotations

import ast
import base64
import importlib.util
import json
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from pmkit import PmkitError

__all__ = ["LiteBundleError", "build_lite_main", "bundled_modules"]

_BUNDLED_ROOTS = frozenset({"pmkit", "addin"})
_PROVIDED_BY_LITE = frozenset({"xlwings"})
ENTRY_MODULE = "addin.functions"


class LiteBundleError(PmkitError, RuntimeError):
    """A module the cell functions need imports something Pyodide does not have."""


@dataclass(frozen=True, slots=True)
class BundledModule:
    name: str
    is_package: bool
    source: str


def _source_path(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        raise LiteBundleError(f"cannot find the source of {module}")
    return Path(spec.origin)


def _module_level_imports(tree: ast.Module, module: str, is_package: bool) -> list[str]:
    """Absolute names imported when the module runs (not inside functions or TYPE_CHECKING)."""
    names: list[str] = []
    package = module if is_package else module.rpartition(".")[0]

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
                names.append(base)
                # `from pmkit.reading import cells` may name a submodule
                names.extend(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.If):
                if "TYPE_CHECKING" not in ast.unparse(node.test):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(tree.body)
    return names


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def bundled_modules(entry: str = ENTRY_MODULE) -> list[BundledModule]:
    """Every pmkit/addin module `entry` needs at import time, parents first."""
    found: dict[str, BundledModule] = {}
    chain: dict[str, str] = {entry: "(entry)"}
    pending = [entry]
    while pending:
        module = pending.pop()
        if module in found:
            continue
        path = _source_path(module)
        is_package = path.name == "__init__.py"
        source = path.read_text(encoding="utf-8")
        found[module] = BundledModule(module, is_package, source)
        parts = module.split(".")
        wanted = [".".join(parts[:depth]) for depth in range(1, len(parts))]
        wanted += _module_level_imports(ast.parse(source), module, is_package)
        for name in wanted:
            root = name.split(".")[0]
            if root in _BUNDLED_ROOTS:
                if name not in found and name not in pending and _is_module(name):
                    chain.setdefault(name, module)
                    pending.append(name)
            elif (
                root not in sys.stdlib_module_names
                and root not in _PROVIDED_BY_LITE
                and root != "__future__"
            ):
                raise LiteBundleError(
                    f"{module} imports {name}, which is not in the standard library, so "
                    f"it cannot run in xlwings Lite (needed via {_describe_chain(module, chain)})"
                )
    return sorted(found.values(), key=lambda bundled: (bundled.name.count("."), bundled.name))


def _describe_chain(module: str, chain: dict[str, str]) -> str:
    steps = [module]
    while chain.get(steps[-1], "(entry)") != "(entry)" and len(steps) < 20:
        steps.append(chain[steps[-1]])
    return " ← ".join(steps)


_LOADER = '''
import base64 as _base64
import importlib.abc as _abc
import importlib.util as _util
import json as _json
import sys as _sys
import zlib as _zlib

_MODULES = _json.loads(_zlib.decompress(_base64.b85decode(_BUNDLE)).decode("utf-8"))


class _PmkitBundle(_abc.MetaPathFinder, _abc.Loader):
    """Serves the bundled pmkit modules to `import`, ahead of anything installed."""

    def find_spec(self, name, path=None, target=None):
        if name not in _MODULES:
            return None
        is_package = _MODULES[name][0]
        spec = _util.spec_from_loader(name, self, is_package=is_package)
        if is_package:
            spec.submodule_search_locations = []
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        code = compile(_MODULES[module.__name__][1], f"<pmkit bundle>/{module.__name__}", "exec")
        exec(code, module.__dict__)


if not any(isinstance(finder, _PmkitBundle) for finder in _sys.meta_path):
    _sys.meta_path.insert(0, _PmkitBundle())
'''


def build_lite_main(entry: str = ENTRY_MODULE) -> str:
    """The text of a `main.py` for xlwings Lite that defines every `PM_` function."""
    from pmkit import __version__

    modules = bundled_modules(entry)
    payload = json.dumps({m.name: [m.is_package, m.source] for m in modules}, sort_keys=True)
    packed = base64.b85encode(zlib.compress(payload.encode("utf-8"), 9)).decode("ascii")
    lines = [packed[i : i + 96] for i in range(0, len(packed), 96)]
    names = ", ".join(m.name for m in modules)
    return (
        f'"""pmkit {__version__} cell functions for xlwings Lite (PM_SLIP, PM_SCHEDULE, …).\n\n'
        "Generated by `pmkit excel --lite`: paste this whole file into xlwings Lite's main.py.\n"
        "It holds pmkit's engine core (standard library only) packed below; do not edit it.\n"
        f"Modules: {names}.\n"
        '"""\n\n'
        "# ruff: noqa\n"
        "_BUNDLE = (\n" + "".join(f'    "{line}"\n' for line in lines) + ")\n"
        f"{_LOADER}\n"
        f"from {entry} import *  # noqa: E402,F403 - xlwings Lite registers these functions\n"
    )
