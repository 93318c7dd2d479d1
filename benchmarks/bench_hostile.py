"""Peak memory of every entry point on a hostile workbook: the safety checks come first.

    python benchmarks/bench_hostile.py

Builds a 440 KB workbook (the sample plan) whose shared-strings part holds one 400 MiB
string, then runs each command on it in its own process and prints that process's peak
resident memory (from `wait4`). Every command must refuse the file before any parser
inflates it, so each stays near the interpreter's own ~80 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

STRING_BYTES = 400 * 2**20
_SHARED_STRINGS_REL = (
    b'<Relationship Id="rIdBig" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def build_hostile(folder: Path) -> Path:
    """The sample plan with a 400 MiB shared string, linked where Excel links it."""
    sample = folder / "sample.xlsx"
    subprocess.run([sys.executable, "-m", "pmkit", "template", "--sample", str(sample)], check=True)
    path = folder / "hostile.xlsx"
    with (
        zipfile.ZipFile(sample) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", _SHARED_STRINGS_REL)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", _SHARED_STRINGS_TYPE)
            out.writestr(info.filename, data)
        # Streamed, so this process never holds the string (its memory would count against
        # the commands it starts, which begin as copies of it).
        with out.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
                b'schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
                b"<si><t>"
            )
            chunk = b"a" * 2**20
            for _ in range(STRING_BYTES // len(chunk)):
                part.write(chunk)
            part.write(b"</t></si></sst>")
    return path


def peak_megabytes(argv: list[str], cwd: Path) -> tuple[float, int]:
    """Peak resident memory (MB) and exit status of one command run to its end."""
    process = subprocess.Popen(
        argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ
    )
    _, status, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = build_hostile(folder)
        sync_folder = folder / "plans"
        sync_folder.mkdir()
        (sync_folder / "hostile.xlsx").write_bytes(path.read_bytes())
        config = folder / "sync.toml"
        config.write_text(
            f'[google]\ncredentials = "anonymous"\n[history]\ndatabase = "{folder / "h.db"}"\n'
            f'[[plans]]\nname = "Folder"\nfolder = "{sync_folder}"\n',
            encoding="utf-8",
        )
        pmkit = [sys.executable, "-m", "pmkit"]
        commands = {
            "validate": [*pmkit, "validate", str(path)],
            "schedule": [*pmkit, "schedule", str(path)],
            "report -o": [*pmkit, "report", str(path), "-o", str(folder / "r.xlsx")],
            "report --in-place": [*pmkit, "report", str(path), "--in-place"],
            "baseline": [*pmkit, "baseline", str(path)],
            "baseline -o": [*pmkit, "baseline", str(path), "-o", str(folder / "b.xlsx")],
            "export": [*pmkit, "export", str(path), "-o", str(folder / "p.xml")],
            "excel": [*pmkit, "excel", str(path), "-o", str(folder / "e.xlsx")],
            "sync (folder)": [*pmkit, "sync", "--config", str(config)],
        }
        size = path.stat().st_size
        print(
            f"hostile workbook: {size / 1024:.0f} KB on disk, one {STRING_BYTES >> 20} MiB string"
        )
        print(f"{'command':<20} {'peak MB':>8}  exit")
        for label, argv in commands.items():
            megabytes, code = peak_megabytes(argv, folder)
            print(f"{label:<20} {megabytes:>8.0f}  {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
