"""Load benchmark: concurrent ingests and API readers on one PostgreSQL database, over loopback.

`--ingests` processes (default 4) ingest the dev set in batches, each its own share of it (under fresh
ids once it has gone through it), while `--readers` threads (default 50) call `warlog serve`'s API
without pause (the event list, one event, two trends, the database's state) for `--minutes` (default
5). Then it checks that nothing went wrong:

- no error: every request answered 200, every batch stored whole, no ingest process failed;
- no lost report: the database holds exactly the reports the ingests were told were stored;
- fresh reads: each reader saw the report count only grow, and the server's last answer is the
  database's final count (the server reads a new snapshot per request);

and prints the reports stored per second and the read latency (p50, p95, p99) per endpoint and overall.
Exit code 1 if a check failed.

    .venv/bin/python bench/load.py --db postgresql://warlog:warlog@127.0.0.1/warlog_test   # 5 minutes
    .venv/bin/python bench/load.py --minutes 0.5 --json out.json                       # WARLOG_TEST_POSTGRES

The database is a scratch one created on that server (the role needs CREATEDB) and dropped afterwards.
PostgreSQL only: DuckDB lets one process write or several processes read a file, never both at once, so
a server cannot share a DuckDB file with ingests in other processes.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "reports.jsonl"
WARLOG = Path(sys.executable).parent / "warlog"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import scratch_db  # noqa: E402  (bench/ingest.py)

# what an analyst's page asks for; {id} is an event id seen in an earlier listing
REQUESTS = {
    "meta": "/api/meta",
    "events": "/api/events?limit=50",
    "event": "/api/events/{id}",
    "trend Mali+neighbours": "/api/trend?" + urllib.parse.urlencode(
        {"actor": "al Qaeda", "linked": "true", "where": "Mali+neighbours", "type": "attacks", "by": "year"}),
    "trend by month": "/api/trend?by=month&since=2017-01-01",
}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]


# --- one ingest process ------------------------------------------------------------------------------


def ingester(db: str, index: int, count: int, batch: int, start_file: Path, stop_file: Path, out: Path) -> None:
    """Ingest this process's share of the dev set, `batch` reports per transaction, from when start_file
    appears until stop_file does; write what it was told to `out`."""
    import logging

    os.environ["WARLOG_WORKERS"] = "1"  # one process per ingest: the load is the point, not its speed
    logging.getLogger("warlog.store").setLevel(logging.ERROR)  # not "waiting for another writer" per batch
    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.records import Report
    from warlog.store import open_store

    mine = [r for i, r in enumerate(x for x in read_reports([DEV]) if isinstance(x, Report)) if i % count == index]
    store = open_store(db)
    pipeline = Pipeline(store)
    _ = pipeline.extractor  # the model loads before the clock starts
    Path(f"{out}.ready").touch()
    while not start_file.exists():
        time.sleep(0.05)
    sent: list[str] = []
    batches, problems, stored = 0, [], 0
    round_ = 0
    t0 = time.perf_counter()
    try:
        while not stop_file.exists():
            for i in range(0, len(mine), batch):
                if stop_file.exists():
                    break
                chunk = mine[i:i + batch]
                if round_:
                    chunk = [dataclasses.replace(r, id=f"{r.id}~{round_}") for r in chunk]
                summary = pipeline.ingest(chunk)
                batches += 1
                stored += summary.stored
                sent.extend(r.id for r in chunk)
                if summary.stored != len(chunk) or summary.skipped:
                    problems.append(f"batch {batches}: {summary.stored} of {len(chunk)} stored, "
                                    f"{len(summary.skipped)} skipped, {summary.already_present} already present")
            round_ += 1
    except Exception as err:  # noqa: BLE001 - reported, and counted as an error
        problems.append(f"{type(err).__name__}: {err}")
    finally:
        store.close()
    out.write_text(json.dumps({"ids": sent, "stored": stored, "batches": batches, "problems": problems,
                               "seconds": time.perf_counter() - t0}))


# --- the readers ---------------------------------------------------------------------------------------


class Readers:
    def __init__(self, port: int, n: int, stop: threading.Event):
        self.port, self.stop = port, stop
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.went_back: list[str] = []
        self.event_ids: list[str] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(n)]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def join(self) -> None:
        deadline = time.monotonic() + 600
        for t in self.threads:
            t.join(max(0.0, deadline - time.monotonic()))

    def _run(self, seed: int) -> None:
        rng = random.Random(seed)
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        last_count = 0
        names = list(REQUESTS)
        while not self.stop.is_set():
            name = rng.choice(names)
            path = REQUESTS[name]
            if name == "event":
                with self.lock:
                    if not self.event_ids:
                        continue
                    path = path.format(id=urllib.parse.quote(rng.choice(self.event_ids)))
            start = time.perf_counter()
            try:
                con.request("GET", path)
                response = con.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as err:
                with self.lock:
                    self.errors.append(f"{name}: {type(err).__name__}: {err}")
                con.close()
                con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
                continue
            elapsed = time.perf_counter() - start
            with self.lock:
                self.latency[name].append(elapsed)
                if response.status != 200:
                    self.errors.append(f"{name}: HTTP {response.status}: {body[:200]!r}")
                    continue
            data = json.loads(body)
            if name == "meta":
                count = data["counts"]["reports"]
                if count < last_count:
                    with self.lock:
                        self.went_back.append(f"reader {seed}: {last_count} reports, then {count}")
                last_count = count
            elif name == "events" and data["events"]:
                with self.lock:
                    self.event_ids = [e["id"] for e in data["events"]]
        con.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> dict:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        con.request("GET", path)
        response = con.getresponse()
        return json.loads(response.read())
    finally:
        con.close()


def _wait_for_server(port: int, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with code {proc.returncode}")
        try:
            _get(port, "/api/meta")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer in time")


def run(db: str, minutes: float, ingests: int, readers: int, batch: int) -> dict:
    from warlog.store import open_store

    with tempfile.TemporaryDirectory() as tmp, scratch_db(db, tmp) as url:
        folder = Path(tmp)
        open_store(url).close()  # the schema, before the server opens it read-only
        start_file, stop_file = folder / "start", folder / "stop"
        outs = [folder / f"ingest{i}.json" for i in range(ingests)]
        env = dict(os.environ, WARLOG_WORKERS="1")
        env.pop("WARLOG_TOKEN", None)
        procs = [subprocess.Popen([sys.executable, __file__, "--ingester", str(i), "--db", url, "--ingests",
                                   str(ingests), "--batch", str(batch), "--start-file", str(start_file),
                                   "--stop-file", str(stop_file), "--out", str(out)], env=env)
                 for i, out in enumerate(outs)]
        port = _free_port()
        stop = threading.Event()
        server = subprocess.Popen([str(WARLOG), "serve", "--db", url, "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for_server(port, server)
            while not all(Path(f"{o}.ready").exists() for o in outs):
                if any(p.poll() not in (None, 0) for p in procs):
                    raise SystemExit("an ingest process failed to start")
                time.sleep(0.1)
            pool = Readers(port, readers, stop)
            start_file.touch()
            t0 = time.perf_counter()
            pool.start()
            time.sleep(minutes * 60)
            stop_file.touch()  # the ingests finish the batch in hand
            for p in procs:
                p.wait(600)
            ingest_s = time.perf_counter() - t0
            stop.set()
            pool.join()  # each reader finishes the request in hand
            final_read = _get(port, "/api/meta")["counts"]["reports"]  # the server's view after the last commit
        finally:
            stop.set()
            stop_file.touch()
            for p in procs:
                if p.poll() is None:
                    p.kill()
            server.terminate()
            try:
                _, server_err = server.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                _, server_err = server.communicate()
        results = [json.loads(o.read_text()) if o.exists() else {"ids": [], "stored": 0, "batches": 0,
                                                                 "problems": ["no result (the process died)"]}
                   for o in outs]
        sent = [i for r in results for i in r["ids"]]
        store = open_store(url, read_only=True)
        try:
            found = store.known_report_ids(sent)
            total = store.counts()["reports"]
        finally:
            store.close()
    requests = sum(len(v) for v in pool.latency.values())
    everything = [x for v in pool.latency.values() for x in v]
    return {
        "minutes": minutes, "ingests": ingests, "readers": readers, "batch": batch,
        "reports_stored": sum(r["stored"] for r in results), "batches": sum(r["batches"] for r in results),
        "reports_per_s": sum(r["stored"] for r in results) / ingest_s,
        "ingest_problems": [p for r in results for p in r["problems"]],
        "ingest_exit_codes": [p.returncode for p in procs],
        "lost_reports": len(set(sent) - found), "unexpected_reports": total - len(found),
        "duplicate_sends": len(sent) - len(set(sent)),
        "reports_in_db": total, "server_final_count": final_read,
        "requests": requests, "requests_per_s": requests / ingest_s, "http_errors": pool.errors[:20],
        "http_error_count": len(pool.errors), "count_went_back": pool.went_back[:20],
        "server_stderr": server_err.decode(errors="replace")[-2000:] if server.returncode not in (0, -15) else "",
        "latency_s": {name: {"n": len(v), "p50": percentile(v, 50), "p95": percentile(v, 95),
                             "p99": percentile(v, 99)} for name, v in sorted(pool.latency.items())},
        "p95_s": percentile(everything, 95), "p50_s": percentile(everything, 50), "p99_s": percentile(everything, 99),
    }


def failures(r: dict) -> list[str]:
    out = []
    if r["ingest_problems"] or any(c != 0 for c in r["ingest_exit_codes"]):
        out.append(f"ingest problems: {r['ingest_problems'][:5]} exit codes {r['ingest_exit_codes']}")
    if r["http_error_count"]:
        out.append(f"{r['http_error_count']} failed requests, e.g. {r['http_errors'][:3]}")
    if r["lost_reports"] or r["unexpected_reports"] or r["duplicate_sends"]:
        out.append(f"{r['lost_reports']} reports lost, {r['unexpected_reports']} unexpected")
    if r["server_final_count"] != r["reports_in_db"]:
        out.append(f"the server's last answer counted {r['server_final_count']} reports; the database holds "
                   f"{r['reports_in_db']}: it reads an old snapshot")
    if r["count_went_back"]:
        out.append(f"report counts went back: {r['count_went_back'][:3]}")
    if not r["reports_stored"] or not r["requests"]:
        out.append("nothing was ingested or read")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("WARLOG_TEST_POSTGRES"),
                        help="a PostgreSQL server URL (default $WARLOG_TEST_POSTGRES); a scratch database is made")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--ingests", type=int, default=4)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--batch", type=int, default=50, help="reports per ingest transaction (default 50)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--ingester", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--start-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stop-file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.db or not args.db.startswith(("postgresql://", "postgres://")):
        parser.error("give --db postgresql://USER:PASSWORD@HOST/DB (or set WARLOG_TEST_POSTGRES): DuckDB lets "
                     "one process write or several read a file, never both, so a server cannot share it with ingests")
    if args.ingester is not None:
        ingester(args.db, args.ingester, args.ingests, args.batch, args.start_file, args.stop_file, args.out)
        return 0
    print(f"machine: {platform.machine()}, python {platform.python_version()}, {os.cpu_count()} cpus, load "
          f"average {os.getloadavg()[0]:.1f}; {args.ingests} ingests of {args.batch}-report batches and "
          f"{args.readers} readers for {args.minutes:g} min on PostgreSQL", flush=True)
    r = run(args.db, args.minutes, args.ingests, args.readers, args.batch)
    if args.json:
        args.json.write_text(json.dumps(r, indent=1))
    print(f"ingested: {r['reports_stored']} reports in {r['batches']} batches, {r['reports_per_s']:.1f} reports/s; "
          f"in the database: {r['reports_in_db']}; lost: {r['lost_reports']}")
    print(f"read: {r['requests']} requests, {r['requests_per_s']:.1f}/s, {r['http_error_count']} errors")
    print(f"{'endpoint':<24} {'n':>6} {'p50 s':>8} {'p95 s':>8} {'p99 s':>8}")
    for name, s in r["latency_s"].items():
        print(f"{name:<24} {s['n']:6} {s['p50']:8.3f} {s['p95']:8.3f} {s['p99']:8.3f}")
    print(f"{'all':<24} {r['requests']:6} {r['p50_s']:8.3f} {r['p95_s']:8.3f} {r['p99_s']:8.3f}")
    print(f"p95 read latency: {r['p95_s']:.3f} s")
    problems = failures(r)
    for p in problems:
        print(f"FAILED: {p}")
    if not problems:
        print("no error, no lost report, every read fresh")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
