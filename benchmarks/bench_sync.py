"""The nightly sync at scale: many Google plans against the fake Sheets API with latency.

    python benchmarks/bench_sync.py                       # 100 plans × 200 tasks, 50 ms
    python benchmarks/bench_sync.py --plans 20 --tasks 50 --latency-ms 10

Each request to the fake (tests/sync/fake_google.py) waits `--latency-ms` first, like a
round trip to Google. The fake enforces per-minute read and write quotas (Google's
per-project defaults, 300 each, unless given) and the job's limiter is set to the same
numbers, so the run shows whether the limiter keeps every minute within quota: the
fake would answer 429 otherwise. Prints calls per plan, wall time and quota refusals,
and the portfolio written after the plans (its calls and time, assembled from history).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sheets_sync.config import parse_config  # noqa: E402
from sheets_sync.job import Stage, SyncJob  # noqa: E402
from tests.sync.fake_google import FakeGoogle  # noqa: E402
from tests.sync.sample_plans import plan_tabs  # noqa: E402

TODAY = date(2026, 3, 20)
PORTFOLIO_KEY = "benchportfolio01"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--reads-per-minute", type=int, default=300)
    parser.add_argument("--writes-per-minute", type=int, default=300)
    parser.add_argument(
        "--quota-window-seconds",
        type=float,
        default=60.0,
        help="shorten Google's one-minute quota window (fake and limiter) to see the limiter work",
    )
    args = parser.parse_args()

    # The fake runs in its own process, so its work does not compete with the job's
    # for one interpreter lock (Google's servers are not in our process either).
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(child, args), daemon=True)
    server.start()
    url, keys = parent.recv()
    with tempfile.TemporaryDirectory() as folder:
        plans = "".join(f'[[plans]]\nname = "{k}"\nspreadsheet = "{k}"\n' for k in keys)
        config = parse_config(
            f'[google]\ncredentials = "anonymous"\nendpoint = "{url}"\n'
            f"read_requests_per_minute = {args.reads_per_minute}\n"
            f"write_requests_per_minute = {args.writes_per_minute}\n"
            f'[history]\ndatabase = "{Path(folder) / "history.sqlite"}"\n'
            f'[portfolio]\nspreadsheet = "{PORTFOLIO_KEY}"\n{plans}'
        )
        config = replace(config, workers=args.workers)
        started = time.perf_counter()
        job = SyncJob(config, today=TODAY, quota_window_seconds=args.quota_window_seconds)
        outcomes = job.run()
        wall = time.perf_counter() - started
    parent.send("stop")
    per_plan, sent, refused, busiest = parent.recv()
    server.join(timeout=10)

    synced = sum(o.stage is Stage.DONE for o in outcomes)
    calls = [per_plan[key] for key in keys]
    portfolio = job.portfolio
    written = portfolio is not None and portfolio.plans == args.plans
    rows = [
        ("plans × tasks", f"{args.plans} × {args.tasks}"),
        ("injected latency per request", f"{args.latency_ms:.0f} ms"),
        ("workers", str(args.workers)),
        ("plans synced", f"{synced} / {args.plans}"),
        (
            "API calls per plan (min / mean / max)",
            f"{min(calls)} / {statistics.mean(calls):.2f} / {max(calls)}",
        ),
        ("requests (read / write)", f"{sent['read']} / {sent['write']}"),
        (
            f"quota per {args.quota_window_seconds:g} s window (read / write)",
            f"{args.reads_per_minute} / {args.writes_per_minute}",
        ),
        (
            "busiest window seen by the fake (read / write)",
            f"{busiest['read']} / {busiest['write']}",
        ),
        ("429 quota refusals", str(refused)),
        ("wall time", f"{wall:.1f} s"),
        ("per plan (wall / plans)", f"{1000 * wall / args.plans:.0f} ms"),
        (
            "portfolio: plans, API calls, time",
            f"{portfolio.plans if portfolio else 0}, {per_plan[PORTFOLIO_KEY]}, "
            f"{portfolio.seconds if portfolio else 0:.1f} s",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print("pmkit sync benchmark (fake Google Sheets API)")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    ok = (
        synced == args.plans
        and refused == 0
        and max(calls) <= 3
        and written
        and per_plan[PORTFOLIO_KEY] <= 3
    )
    print("result:", "OK" if ok else "FAILED")
    return 0 if ok else 1


def _serve(connection: Connection, args: argparse.Namespace) -> None:
    """The fake Google in a child process: seed, serve until told to stop, report its log."""
    with FakeGoogle(
        read_quota_per_minute=args.reads_per_minute,
        write_quota_per_minute=args.writes_per_minute,
        latency_s=args.latency_ms / 1000,
        quota_window_s=args.quota_window_seconds,
    ) as google:
        keys = [f"benchplan{n:05d}" for n in range(args.plans)]
        for key in keys:
            google.add_spreadsheet(key, key, plan_tabs(args.tasks, project=key))
        google.add_spreadsheet(PORTFOLIO_KEY, "Portfolio", {"Sheet1": []})
        connection.send((google.url, keys))
        connection.recv()
        per_plan = Counter(r.spreadsheet_id for r in google.log if r.spreadsheet_id)
        sent = Counter(r.kind for r in google.log)
        busiest = _busiest_window(google, args.quota_window_seconds)
        connection.send((per_plan, sent, google.quota_rejections, busiest))


def _busiest_window(google: FakeGoogle, window_seconds: float) -> Counter[str]:
    """The most requests of each kind the fake saw in any quota window."""
    best: Counter[str] = Counter()
    for kind in ("read", "write"):
        times = sorted(r.at for r in google.log if r.kind == kind)
        start = 0
        for end, at in enumerate(times):
            while times[start] <= at - window_seconds:
                start += 1
            best[kind] = max(best[kind], end - start + 1)
    return best


if __name__ == "__main__":
    raise SystemExit(main())
