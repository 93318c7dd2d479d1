"""Run as a script: import addin.functions under classic xlwings' own UDF decorators.

On Windows `from xlwings import func, arg, ret` gives `xlwings.udfs.xlfunc/xlarg/xlret`,
which record each function's metadata in `__xlfunc__`; *Import Functions* then writes
VBA wrappers with `generate_vba_wrapper` and the wizard help with `MacroOptions`. Here
the COM modules are stubbed so that real code runs on Linux, and the metadata and the
generated VBA are printed as JSON for the contract tests.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import io
import json
import sys
import types
from collections.abc import Sequence


class _AnyAttribute(types.ModuleType):
    """A stand-in Windows module: any attribute is a harmless callable."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        return lambda *args, **kwargs: None


class _WindowsModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves pywin32's modules (pythoncom, pywintypes, win32com.*, win32api, …)."""

    def find_spec(
        self,
        name: str,
        path: Sequence[str] | None = None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        root = name.split(".", maxsplit=1)[0]
        if root in {"pythoncom", "pywintypes"} or root.startswith("win32"):
            return importlib.util.spec_from_loader(name, self, is_package=True)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _AnyAttribute(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


def _stub_com() -> None:
    sys.meta_path.insert(0, _WindowsModules())


class _Workbook:
    Name = "plan.xlsm"


def main() -> None:
    _stub_com()
    import xlwings
    from xlwings import udfs

    # Classic (Windows) xlwings binds its own decorators here: their signatures differ from
    # the typed ones xlwings exports for Lite, on purpose.
    xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret  # type: ignore[assignment]
    import addin.functions as module

    vba = io.StringIO()
    # xlwings leaves generate_vba_wrapper unannotated.
    udfs.generate_vba_wrapper("addin.functions", module, vba, _Workbook())  # type: ignore[no-untyped-call]
    functions = {}
    for name in dir(module):
        info = getattr(getattr(module, name), "__xlfunc__", None)
        if info is None:
            continue
        functions[name] = {
            "doc": info["ret"]["doc"],
            "ret_options": {k: str(v) for k, v in info["ret"]["options"].items()},
            "volatile": info["volatile"],
            "category": info["category"],
            "args": [
                {
                    "name": arg["name"],
                    "doc": arg["doc"],
                    "optional": "optional" in arg,
                    "vararg": arg["vararg"],
                    "options": {k: str(v) for k, v in arg["options"].items()},
                }
                for arg in info["args"]
            ],
        }
    json.dump({"functions": functions, "vba": vba.getvalue()}, sys.stdout)


if __name__ == "__main__":
    main()
