"""Trend benchmark: 2.5 million synthetic events (ACLED's size for all of its history), p50/p95 latency.

The database is built by bulk SQL inserts straight into warlog's schema (not through the pipeline): events
spread over 1997-2024 and 60 countries, 80% dated to the day, the rest to the week, month or year; two
actors each, drawn from the registry (al Qaeda's family among them, so the linked-actor filter has work);
one to three reports each; then the trend tables (schema 3) are filled from them in SQL, as a migration would.
Then it times `warlog.query.trend` through the Python API, and GET /api/trend through `warlog serve`'s app over
HTTP, event lists paged (a count, and the first `page_size` event ids of each number; `page` asks for the next).

    .venv/bin/python bench/query.py                        # 2.5 M events, 20 runs per question
    .venv/bin/python bench/query.py --events 200000 --runs 5
    .venv/bin/python bench/query.py --db /tmp/big.duckdb   # keep (and reuse) the database
    .venv/bin/python bench/query.py --http-runs 0          # the Python API only

Target (issue 7): p95 under 100 ms for a trend over everything by month with a linked-actor filter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import duckdb  # noqa: E402

from warlog.actors import ActorRegistry  # noqa: E402
from warlog.geocode import Gazetteer  # noqa: E402
from warlog.query import trend  # noqa: E402
from warlog.store import open_store  # noqa: E402

COUNTRIES = ["Mali", "Burkina Faso", "Niger", "Nigeria", "Chad", "Cameroon", "Mauritania", "Algeria", "Libya",
             "Senegal", "Guinea", "Ivory Coast", "Ghana", "Benin", "Togo", "Somalia", "Kenya", "Ethiopia", "Sudan",
             "South Sudan", "Democratic Republic of the Congo", "Central African Republic", "Mozambique", "Uganda",
             "Egypt", "Tunisia", "Morocco", "Yemen", "Syria", "Iraq", "Afghanistan", "Pakistan", "India",
             "Bangladesh", "Myanmar", "Philippines", "Thailand", "Indonesia", "Colombia", "Mexico", "Brazil",
             "Venezuela", "Ukraine", "Russia", "Turkey", "Iran", "Lebanon", "Israel", "Palestine", "Saudi Arabia",
             "Burundi", "Rwanda", "Zimbabwe", "South Africa", "Angola", "Zambia", "Madagascar", "Haiti",
             "Honduras", "Peru"]
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
         "Strategic developments"]


def build(path: Path, n: int, actors: ActorRegistry) -> None:
    store = open_store(str(path))  # creates the schema
    con = store.con
    ids = sorted(a.id for a in actors.all())
    family = sorted(actors.linked_actor_ids("al-qaeda", dt.date(2018, 1, 1)))
    start = time.perf_counter()
    con.execute("CREATE TEMP TABLE pool AS SELECT unnest(?::VARCHAR[]) AS a, generate_subscripts(?::VARCHAR[], 1) AS i",
                [ids, ids])
    con.execute("CREATE TEMP TABLE fam AS SELECT unnest(?::VARCHAR[]) AS a, generate_subscripts(?::VARCHAR[], 1) AS i",
                [family, family])
    con.execute("CREATE TEMP TABLE ctry AS SELECT unnest(?::VARCHAR[]) AS c, generate_subscripts(?::VARCHAR[], 1) AS i",
                [COUNTRIES, COUNTRIES])
    con.execute("CREATE TEMP TABLE typ AS SELECT unnest(?::VARCHAR[]) AS t, generate_subscripts(?::VARCHAR[], 1) AS i",
                [TYPES, TYPES])
    con.execute("SELECT setseed(0.7)")
    con.execute(f"""
        CREATE TEMP TABLE syn AS
        SELECT i, 'ev-' || lpad(i::VARCHAR, 9, '0') AS id,
               DATE '1997-01-01' + CAST(floor(random() * 10220) AS INTEGER) AS d0,
               random() AS rp, random() AS rc, random() AS rt, random() AS ra, random() AS rb, random() AS rf,
               random() AS rk, 1 + CAST(floor(random() * 3) AS INTEGER) AS nrep
        FROM range({n}) t(i)""")
    con.execute("""
        INSERT INTO events
        SELECT s.id, typ.t, 'Other',
               CASE WHEN rp < 0.8 THEN d0 WHEN rp < 0.9 THEN d0 WHEN rp < 0.97 THEN date_trunc('month', d0)::DATE
                    ELSE date_trunc('year', d0)::DATE END,
               CASE WHEN rp < 0.8 THEN d0 WHEN rp < 0.9 THEN d0 + 6
                    WHEN rp < 0.97 THEN (date_trunc('month', d0) + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE
                    ELSE (date_trunc('year', d0) + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE END,
               CASE WHEN rp < 0.8 THEN 'day' WHEN rp < 0.9 THEN 'week' WHEN rp < 0.97 THEN 'month' ELSE 'year' END,
               NULL, ctry.c, 'Region ' || (s.i % 12)::VARCHAR, NULL, NULL, 'Place ' || (s.i % 5000)::VARCHAR,
               -20 + rb * 60, -20 + ra * 80, 1,
               '', CAST(floor(rf * 5) AS INTEGER), CAST(floor(rf * 10) AS INTEGER), CAST(floor(rf * 20) AS INTEGER),
               NULL,
               CASE WHEN rk < 0.03 THEN '["aqim"]' ELSE '[]' END, 0.3 + 0.7 * rk, '{}', 'bench'
        FROM syn s JOIN ctry ON ctry.i = 1 + CAST(floor(s.rc * 60) AS INTEGER)
                   JOIN typ ON typ.i = 1 + CAST(floor(s.rt * 6) AS INTEGER)""")
    npool, nfam = len(ids), len(family)
    con.execute(f"""
        INSERT INTO event_actors
        SELECT s.id, 0, 'perpetrator', coalesce(f.a, p.a), coalesce(f.a, p.a), 'synthetic'
        FROM syn s JOIN pool p ON p.i = 1 + CAST(floor(s.ra * {npool}) AS INTEGER)
                   LEFT JOIN fam f ON s.rb < 0.1 AND f.i = 1 + CAST(floor(s.rb * 10 * {nfam}) AS INTEGER)""")
    con.execute(f"""
        INSERT INTO event_actors
        SELECT s.id, 1, 'target', p.a, p.a, 'synthetic'
        FROM syn s JOIN pool p ON p.i = 1 + CAST(floor(s.rf * {npool}) AS INTEGER)""")
    con.execute("""
        INSERT INTO event_mentions
        SELECT s.id, 'r' || lpad(s.i::VARCHAR, 9, '0') || '-' || k::VARCHAR || '#0',
               'r' || lpad(s.i::VARCHAR, 9, '0') || '-' || k::VARCHAR
        FROM syn s, range(3) r(k) WHERE k < s.nrep""")
    con.execute("DROP TABLE syn")
    store.rebuild_trend_tables()  # what put_events would have written beside each event
    con.execute("CHECKPOINT")
    store.close()
    print(f"built {n:,} events in {time.perf_counter() - start:.1f} s: {path} "
          f"({path.stat().st_size / 2**20:.0f} MiB)", flush=True)


QUESTIONS = {
    "by month, al Qaeda + linked, all 28 years, 20 events a row": dict(actor="al Qaeda", linked=True, by="month",
                                                                        page_size=20),
    "by year, everything, 20 events a row": dict(by="year", page_size=20),
    "so far this year vs 2010-2023, Mali+neighbours, attacks": dict(so_far=True, as_of=dt.date(2024, 4, 25),
                                                                    since=dt.date(2010, 1, 1),
                                                                    where="Mali+neighbours", types="attacks",
                                                                    page_size=20),
    "by year, breakdown by event type, 10 events a row": dict(by="year", breakdown="type", page_size=10),
    "by month, al Qaeda + linked, counts only (1 event a row)": dict(actor="al Qaeda", linked=True, by="month",
                                                                      page_size=1),
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]


def http_params(kw: dict) -> dict[str, str]:
    """The same question as GET /api/trend query parameters."""
    names = {"types": "type", "datasets": "dataset"}
    out = {}
    for k, v in kw.items():
        out[names.get(k, k)] = ("true" if v else "false") if isinstance(v, bool) else str(v)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=2_500_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--http-runs", type=int, default=None, help="Requests per question over HTTP "
                        "(default: as --runs; 0 skips HTTP).")
    parser.add_argument("--db", type=Path, default=None, help="Keep the database here (reused if it exists).")
    args = parser.parse_args()
    actors = ActorRegistry.load()
    gazetteer = Gazetteer.load()
    gazetteer.country_code("Mali")  # load it before timing
    # As `warlog serve` does: the registry and the gazetteer live as long as the process, so they are moved out of
    # the garbage collector's way; else a full collection (every dozen trends or so) walks them, ~60-100 ms.
    gc.freeze()
    http_runs = args.runs if args.http_runs is None else args.http_runs
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        if not path.exists():
            build(path, args.events, actors)
        store = open_store(str(path), read_only=True)
        n = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"{n:,} events; DuckDB {duckdb.__version__}, {os.cpu_count()} cores, {platform.machine()}, "
              f"Python {platform.python_version()}; "
              f"load average {os.getloadavg()[0]:.1f} (other processes slow wall times; CPU ms is this process's "
              "CPU time, DuckDB's threads included)")
        print(f"Python API{'':52} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms':>7} {'rows':>6} {'counted':>10}")
        for name, kw in QUESTIONS.items():
            times, cpu = [], []
            answer = None
            for _ in range(args.runs + 1):
                start, start_cpu = time.perf_counter(), time.process_time()
                answer = trend(store, actors, gazetteer, **kw)
                times.append(1000 * (time.perf_counter() - start))
                cpu.append(1000 * (time.process_time() - start_cpu))
            times, cpu = times[1:], cpu[1:]  # the first run warms DuckDB's caches
            print(f"{name:62} {statistics.median(times):8.1f} {percentile(times, 95):8.1f} "
                  f"{statistics.median(cpu):7.1f} {len(answer.rows):6} {sum(r.count for r in answer.rows):10,}",
                  flush=True)
        store.close()
        if http_runs:
            bench_http(str(path), actors, gazetteer, http_runs)


def bench_http(db: str, actors: ActorRegistry, gazetteer, runs: int) -> None:
    """The same questions through `warlog serve`'s app under uvicorn, over real HTTP on a loopback port."""
    import urllib.parse
    import urllib.request

    from warlog.serve import create_app
    from warlog.serve.background import start_in_thread

    server = start_in_thread(create_app(db, actors=actors, gazetteer=gazetteer), timeout=600)
    print(f"HTTP GET /api/trend{'':43} {'p50 ms':>8} {'p95 ms':>8} {'KiB':>7}")
    try:
        for name, kw in QUESTIONS.items():
            params = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in kw.items()}
            url = f"{server.url}/api/trend?" + urllib.parse.urlencode(http_params(params))
            times, size = [], 0
            for _ in range(runs + 1):
                start = time.perf_counter()
                with urllib.request.urlopen(url, timeout=120) as r:
                    size = len(r.read())
                times.append(1000 * (time.perf_counter() - start))
            times = times[1:]
            print(f"{name:62} {statistics.median(times):8.1f} {percentile(times, 95):8.1f} {size / 1024:7.0f}",
                  flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
