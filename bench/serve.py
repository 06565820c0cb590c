"""HTTP benchmark: p50/p95 latency of GET /api/trend (and of a page of /api/events) from `warlog serve`'s app.

The app runs under uvicorn on a free loopback port in this process; requests go over real HTTP, one at
a time, as the web page makes them. The same trend through the Python API is timed beside it, so the
HTTP and JSON overhead shows.

    .venv/bin/python bench/serve.py                       # over the demo database (built first, ~20 s)
    .venv/bin/python bench/serve.py --db sahel.duckdb     # over your own database
    .venv/bin/python bench/serve.py --requests 500
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QUESTIONS = {
    "trend by year, al Qaeda --linked, Mali+neighbours, attacks": (
        "/api/trend", {"actor": "al Qaeda", "linked": "true", "where": "Mali+neighbours", "type": "attacks",
                       "by": "year"}),
    "trend by month, everything": ("/api/trend", {"by": "month"}),
    "events, first page of 50": ("/api/events", {"limit": "50"}),
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def build_demo(folder: Path) -> str:
    db = folder / "demo.duckdb"
    warlog = Path(sys.executable).parent / "warlog"  # the console script beside this interpreter
    subprocess.run([str(warlog), "demo", "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL, cwd=folder)
    return str(db)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=None, help="database to serve (default: the demo database, built first)")
    ap.add_argument("--requests", type=int, default=200, help="requests per question (default 200)")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from warlog import query
    from warlog.serve import create_app
    from warlog.serve.background import start_in_thread

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_demo(Path(tmp))
        app = create_app(db)
        state = app.state.warlog
        server = start_in_thread(app, timeout=120)
        base = server.url
        counts = json.loads(urllib.request.urlopen(base + "/api/meta", timeout=30).read())["counts"]
        print(f"warlog serve benchmark: {db} ({counts['events']} events, {counts['reports']} reports); "
              f"{args.requests} requests per question; {platform.machine()}, {platform.python_version()}")
        try:
            for name, (path, params) in QUESTIONS.items():
                url = base + path + "?" + urllib.parse.urlencode(params)
                urllib.request.urlopen(url, timeout=60).read()  # warm
                times = []
                for _ in range(args.requests):
                    start = time.perf_counter()
                    with urllib.request.urlopen(url, timeout=60) as r:
                        r.read()
                    times.append((time.perf_counter() - start) * 1000)
                print(f"  HTTP   {name:58} p50 {percentile(times, 50):7.1f} ms  p95 {percentile(times, 95):7.1f} ms"
                      f"  max {max(times):7.1f} ms")
            times = []
            for _ in range(args.requests):
                start = time.perf_counter()
                with state.lock:
                    query.trend(state.store, state.actors, state.gazetteer, actor="al Qaeda", linked=True,
                                where="Mali+neighbours", types="attacks", by="year")
                times.append((time.perf_counter() - start) * 1000)
            print(f"  Python {'query.trend, the same first question':58} p50 {percentile(times, 50):7.1f} ms"
                  f"  p95 {percentile(times, 95):7.1f} ms  mean {statistics.mean(times):7.1f} ms")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
