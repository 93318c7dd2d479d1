"""Run as a script: import addin.functions under classic xlwings' own UDF decorators.

On Windows `from xlwings import func, arg, ret` gives `xlwings.udfs.xlfunc/xlarg/xlret`,
which record each function's metadata in `__xlfunc__`; *Import Functions* then writes
VBA wrappers with `generate_vba_wrapper` and the wizard help with `MacroOptions`. Here
the COM modules are stubbed so that real code runs on Linux, and the metadata and the
generated VBA are printed as JSON for the contract tests.
"""

from __future__ import annotations

import io
import json
import sys
import types


def _stub_com() -> None:
    for name in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
        sys.modules[name] = types.ModuleType(name)
    sys.modules["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    sys.modules["win32com.client"].Dispatch = None  # type: ignore[attr-defined]
    sys.modules["win32com"].client = sys.modules["win32com.client"]  # type: ignore[attr-defined]


class _Workbook:
    Name = "plan.xlsm"


def main() -> None:
    _stub_com()
    import xlwings
    from xlwings import udfs

    xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
    import addin.functions as module

    vba = io.StringIO()
    udfs.generate_vba_wrapper("addin.functions", module, vba, _Workbook())
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
