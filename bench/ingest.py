"""Ingest benchmark: the dev set into a fresh DuckDB file, at growing sizes, each in its own process.

Prints reports per second, per-report cost, peak memory (RSS) and where the time goes by stage, so
that a flat memory line and a near-constant per-report cost can be checked as the input grows.

    .venv/bin/python bench/ingest.py                 # sizes 1000, 3000, 6874 (the whole dev set)
    .venv/bin/python bench/ingest.py --sizes 500     # quicker
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "reports.jsonl"


def child(size: int, out: Path) -> None:
    """One measured run: load the components, then ingest the first `size` dev reports."""
    t0 = time.perf_counter()
    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.duckdb"))
        pipeline = Pipeline(store)
        _ = pipeline.extractor  # load the language model, gazetteer and registry outside the timed part
        loaded = time.perf_counter()
        reading = 0.0

        def timed_reports():
            nonlocal reading
            it = read_reports([DEV])
            while True:
                start = time.perf_counter()
                item = next(it, None)
                reading += time.perf_counter() - start
                if item is None:
                    return
                yield item

        summary = pipeline.ingest(itertools.islice(timed_reports(), size))
        done = time.perf_counter()
        store.close()
    stages = dict(summary.seconds_by_stage)
    stages["read"] = reading
    out.write_text(json.dumps({
        "size": size, "stored": summary.stored, "events": summary.events_new, "load_s": loaded - t0,
        "ingest_s": done - loaded, "stages": stages,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,6874")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.out)
        return

    print(f"machine: {platform.machine()}, {platform.processor() or '?'}, python {platform.python_version()}, "
          f"{_cpus()} cpus")
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            subprocess.run([sys.executable, __file__, "--child", str(size), "--out", f.name], check=True)
            results.append(json.loads(Path(f.name).read_text()))
    base = results[0]
    print(f"{'reports':>8} {'rep/s':>8} {'ms/rep':>8} {'peak MB':>8} {'vs first':>9}  load s  time by stage (s)")
    for r in results:
        per = 1000 * r["ingest_s"] / r["size"]
        ratio = per / (1000 * base["ingest_s"] / base["size"])
        stages = ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["stages"].items(), key=lambda kv: -kv[1]))
        print(f"{r['size']:8} {r['size'] / r['ingest_s']:8.1f} {per:8.2f} {r['peak_rss_mb']:8.0f} {ratio:8.2f}x"
              f"  {r['load_s']:6.1f}  {stages}")


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


if __name__ == "__main__":
    main()
