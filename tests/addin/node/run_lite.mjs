// Runs pmkit's xlwings Lite bundle (main.py) in Pyodide under Node.js, as xlwings Lite
// would inside Excel, and prints the answers of the requested cell functions as JSON.
//
//   node run_lite.mjs MAIN_PY CALLS_JSON
//
// CALLS_JSON: {"calls": [{"function": "PM_SLIP", "args": [[["ID", "Task", ...], ...], 7]}]}
// with every range in Office.js shape (2-D lists, "" for empty, dates as serials).
// Only the standard library is available (Pyodide's package CDN is not used), and
// xlwings is replaced by a stub whose decorators record nothing: Lite provides the real one.
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [mainPath, callsPath] = process.argv.slice(2);
if (!mainPath || !callsPath) {
  console.error("usage: node run_lite.mjs MAIN_PY CALLS_JSON");
  process.exit(2);
}
const pyodide = await loadPyodide({ stdout: (text) => console.error(text) });
pyodide.FS.mkdirTree("/home/pyodide/lite/xlwings");
pyodide.FS.writeFile("/home/pyodide/lite/main.py", readFileSync(mainPath, "utf8"));
pyodide.FS.writeFile(
  "/home/pyodide/lite/xlwings/__init__.py",
  [
    '"""Stand-in for xlwings in this test: the decorators leave functions unchanged."""',
    "def func(f=None, **kwargs):",
    "    return f if f is not None else (lambda g: g)",
    "def arg(*args, **kwargs):",
    "    return lambda g: g",
    "def ret(*args, **kwargs):",
    "    return lambda g: g",
    "",
  ].join("\n"),
);
pyodide.FS.writeFile("/home/pyodide/lite/calls.json", readFileSync(callsPath, "utf8"));
const output = pyodide.runPython(`
import datetime, json, sys
sys.path.insert(0, "/home/pyodide/lite")
import main

def plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value

with open("/home/pyodide/lite/calls.json") as stream:
    calls = json.load(stream)["calls"]
answers = [plain(getattr(main, call["function"])(*call["args"])) for call in calls]
loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("pmkit", "addin"))
json.dumps({"python": sys.version.split()[0], "answers": answers, "modules": loaded})
`);
console.log(output);
