"""Ingest benchmark: the dev set into a fresh database, at growing sizes, each in its own process.

Prints reports per second, per-report cost, peak memory (RSS) and where the time goes by stage, so
that a flat memory line and a near-constant per-report cost can be checked as the input grows.

    .venv/bin/python bench/ingest.py                 # sizes 1000, 3000, 6874 (the whole dev set)
    .venv/bin/python bench/ingest.py --sizes 500     # quicker
    .venv/bin/python bench/ingest.py --db postgresql://warlog:warlog@127.0.0.1/postgres   # on PostgreSQL
    .venv/bin/python bench/ingest.py --sizes 1000 --workers 0,1,2   # in-process, then 1 and 2 Dask workers
    .venv/bin/python bench/ingest.py --sizes 4000,8000 --workers 1,2  # the scaling curve (see README, Dask)

The input is the dev set (6,874 ACLED-style reports, ~200 characters each), then, for sizes beyond it, the
linking set's news headlines (3,920, ~45 characters: cheaper to extract, as costly to link), so 10,794 at most.

With --db postgresql://..., each run gets a scratch database created on that server (the role needs
CREATEDB) and dropped afterwards; the default is a DuckDB file in a temporary folder.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "reports.jsonl"
HEADLINES = ROOT.parent / "shared" / "eval" / "dev" / "linking_reports.jsonl"


@contextmanager
def scratch_db(db: str, folder: str) -> Iterator[str]:
    """A fresh database for one run: a DuckDB file, or a new database on the PostgreSQL server `db` names."""
    if not db.startswith(("postgresql://", "postgres://")):
        yield str(Path(folder) / "bench.duckdb")
        return
    import psycopg

    name = f"warlog_bench_{os.getpid()}"
    with psycopg.connect(db, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(urlsplit(db)._replace(path="/" + name))
    finally:
        with psycopg.connect(db, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def child(size: int, out: Path, db: str, workers: int = 0) -> None:
    """One measured run: load the components, then ingest the first `size` dev reports."""
    t0 = time.perf_counter()
    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    with tempfile.TemporaryDirectory() as tmp, scratch_db(db, tmp) as url, ExitStack() as stack:
        store = open_store(url)
        extractor = None
        if workers:  # a local Dask cluster; every worker loads its model before the timed part
            from distributed import get_task_stream

            from warlog.distributed import DaskExtractor, cluster

            extractor = DaskExtractor(stack.enter_context(cluster(workers=workers)))
            extractor.warm_up()
        pipeline = Pipeline(store, extractor=extractor)
        _ = pipeline.extractor  # load the language model, gazetteer and registry outside the timed part
        loaded = time.perf_counter()
        driver0, children0, main0 = _process_cpu(), _process_cpu(children=True), time.thread_time()
        workers0 = sum(extractor.client.run(_process_cpu).values()) if workers else 0.0
        reading = 0.0

        def timed_reports():
            nonlocal reading
            it = read_reports([DEV, HEADLINES])
            while True:
                start = time.perf_counter()
                item = next(it, None)
                reading += time.perf_counter() - start
                if item is None:
                    return
                yield item

        with ExitStack() as timing:
            stream = timing.enter_context(get_task_stream(extractor.client)) if workers else None
            started = time.time()
            summary = pipeline.ingest(itertools.islice(timed_reports(), size))
            done, ended = time.perf_counter(), time.time()
        spans = _worker_spans(stream.data, started) if workers else {}
        # CPU seconds: the calling process (for Dask, the driver: reading, shipping, linking, writing, and the
        # scheduler's thread), its main thread alone, and the extraction processes (Dask workers, or forked)
        driver = _process_cpu() - driver0
        cpu = {"driver": driver, "driver_main_thread": time.thread_time() - main0,
               "workers": (sum(extractor.client.run(_process_cpu).values()) - workers0 if workers
                           else _process_cpu(children=True) - children0 - driver)}
        store.close()
    stages = dict(summary.seconds_by_stage)
    stages["read"] = reading
    out.write_text(json.dumps({
        "size": size, "workers": workers, "stored": summary.stored, "events": summary.events_new, "load_s": loaded - t0,
        "ingest_s": done - loaded, "stages": stages, "cpu_s": cpu, "spans": spans, "stream_s": ended - started,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def _worker_spans(tasks: list[dict], started: float) -> dict[str, list[float]]:
    """Per worker, from Dask's task stream, in seconds from the start of the ingest: [first partition's start, last
    one's end, seconds extracting, idle between its partitions, partitions]."""
    by_worker: dict[str, list[tuple[float, float]]] = {}
    for task in tasks:
        for ss in task["startstops"]:
            if ss["action"] == "compute":
                by_worker.setdefault(task["worker"], []).append((ss["start"] - started, ss["stop"] - started))
    out = {}
    for worker, runs in by_worker.items():
        runs.sort()
        gaps = sum(max(0.0, b[0] - a[1]) for a, b in zip(runs, runs[1:]))
        out[worker] = [runs[0][0], runs[-1][1], sum(b - a for a, b in runs), gaps, len(runs)]
    return out


def _process_cpu(children: bool = False) -> float:
    """CPU seconds (user + system) of this process, and with `children` of the processes it forked and reaped."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    total = own.ru_utime + own.ru_stime
    if children:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        total += kids.ru_utime + kids.ru_stime
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,6874")
    parser.add_argument("--db", default="duckdb", help="duckdb (default), or a postgresql:// server URL")
    parser.add_argument("--workers", default="0", help="Dask worker counts to measure, e.g. 0,1,2 (0: in-process)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.out, args.db, args.workers and int(args.workers))
        return

    print(f"machine: {platform.machine()}, {platform.processor() or '?'}, python {platform.python_version()}, "
          f"{_cpus()} cpus, store: {'postgresql' if args.db.startswith('postgres') else 'duckdb'}")
    results = []
    for workers in (int(w) for w in args.workers.split(",")):
        for size in (int(s) for s in args.sizes.split(",")):
            with tempfile.NamedTemporaryFile(suffix=".json") as f:
                subprocess.run([sys.executable, __file__, "--child", str(size), "--out", f.name, "--db", args.db,
                                "--workers", str(workers)], check=True)
                results.append(json.loads(Path(f.name).read_text()))
    base = results[0]
    print(f"{'workers':>7} {'reports':>8} {'rep/s':>8} {'ms/rep':>8} {'peak MB':>8} {'vs first':>9}  load s  "
          "time by stage (s)")
    for r in results:
        per = 1000 * r["ingest_s"] / r["size"]
        ratio = per / (1000 * base["ingest_s"] / base["size"])
        stages = ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["stages"].items(), key=lambda kv: -kv[1]))
        print(f"{r['workers'] or 'in-proc':>7} {r['size']:8} {r['size'] / r['ingest_s']:8.1f} {per:8.2f} "
              f"{r['peak_rss_mb']:8.0f} {ratio:8.2f}x  {r['load_s']:6.1f}  {stages}")
    cores = _cpus()
    print(f"\nCPU ms per report {'driver':>8} {'(main th.)':>10} {'workers':>8}   ideal gain of a 2nd worker: on "
          f"{cores} idle cores, on enough idle cores; workers before the driver is the limit")
    for r in results:
        d, w = (1000 * r["cpu_s"][k] / r["size"] for k in ("driver", "workers"))
        main_thread = 1000 * r["cpu_s"]["driver_main_thread"] / r["size"]
        here = ideal_rate(d, w, 2, cores) / ideal_rate(d, w, 1, cores) - 1
        enough = ideal_rate(d, w, 2) / ideal_rate(d, w, 1) - 1
        print(f"{r['workers'] or 'in-proc':>7} {r['size']:9} {d:8.2f} {main_thread:10.2f} {w:8.2f}   {here:+5.0%} "
              f"{enough:+5.0%}   {w / d if d else float('inf'):.1f}")
    if any(r["spans"] for r in results):
        print("\nwhere the wall-clock time goes, from Dask's task stream (s): each worker's first partition starts "
              "(start), its last ends\n(tail: the rest of the ingest, the last chunk linked and written, and any wait "
              "for the other worker), its idle time\nbetween partitions; steady rep/s: the reports over the span "
              "from the first partition's start to the last one's end\n(model loading is outside every figure)")
        print(f"{'workers':>7} {'reports':>8} {'wall':>7} {'start':>6} {'tails':>12} {'idle between':>13} "
              f"{'partitions':>11} {'steady rep/s':>12}")
        for r in results:
            spans = [r["spans"][w] for w in sorted(r["spans"])]
            if not spans:
                continue
            first, last = min(s[0] for s in spans), max(s[1] for s in spans)
            tails = "/".join(f"{r['stream_s'] - s[1]:.2f}" for s in spans)
            print(f"{r['workers']:>7} {r['size']:8} {r['ingest_s']:7.1f} {first:6.2f} {tails:>12} "
                  f"{'/'.join(f'{s[3]:.2f}' for s in spans):>13} {'/'.join(str(s[4]) for s in spans):>11} "
                  f"{r['size'] / (last - first):12.1f}")
    for label, rate in (("", lambda r: r["size"] / r["ingest_s"]), ("steady: ", _steady_rate)):
        rates = {r["workers"]: rate(r) for r in results if r["size"] == results[-1]["size"]}
        if rates.get(1) and rates.get(2):
            print(f"{label}the second worker adds {100 * (rates[2] / rates[1] - 1):.0f}% (1 worker: {rates[1]:.1f} "
                  f"rep/s, 2 workers: {rates[2]:.1f} rep/s)")


def _steady_rate(result: dict) -> float | None:
    """Reports per second from the first partition's start to the last one's end (no start-up, no final link)."""
    spans = result["spans"].values()
    return result["size"] / (max(s[1] for s in spans) - min(s[0] for s in spans)) if spans else None


def ideal_rate(driver_ms: float, workers_ms: float, n: int, cores: int | None = None) -> float:
    """Reports per second with n workers on idle cores, from the CPU per report of the driver (which does not
    shrink with more workers) and of the workers, the driver working while the workers do (the pipeline
    extracts one chunk while it links and writes the one before); with `cores`, no more CPU than they have."""
    rate = 1000 / max(driver_ms, workers_ms / n)
    if cores is not None:
        rate = min(rate, 1000 * cores / (driver_ms + workers_ms))
    return rate


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


if __name__ == "__main__":
    main()
