"""Every benchmark, one after the other, each printing its own table.

    python benchmarks/run_all.py            # all of them (a few minutes)
    python benchmarks/run_all.py engine read  # some: engine mpxj analyze read edges report …

Each script is run in its own Python process so one's memory and garbage never weigh
on the next; figures are the scripts' own (best of several runs, CPU time where the
machine is shared).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES = (
    "engine",
    "mpxj",
    "analyze",
    "deadline_chains",
    "read",
    "edges",
    "report",
    "addin",
    "mspdi",
    "sync",
)


def main(argv: list[str]) -> int:
    chosen = argv or list(NAMES)
    unknown = sorted(set(chosen) - set(NAMES))
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(NAMES)}")
        return 2
    failed = []
    for name in chosen:
        print(f"\n=== {name} " + "=" * (60 - len(name)), flush=True)
        completed = subprocess.run([sys.executable, str(HERE / f"bench_{name}.py")], check=False)
        if completed.returncode:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
