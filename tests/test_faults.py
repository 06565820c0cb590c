"""Nothing is lost when things break: kill -9 mid-ingest, a server gone, an extractor that raises.

Each kill is a real SIGKILL of a process writing to a real database (forked from the test process, so
the language model is not loaded again, or the `warlog` command itself); then the same ingest runs
again and the database must be exactly that of one uninterrupted run (row for row, every table).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from backends import BACKENDS, POSTGRES, NO_POSTGRES, dump, fresh_db
from warlog.errors import StoreError
from warlog.records import Report

DEMO = Path(__file__).resolve().parents[1] / "src" / "warlog" / "data" / "demo" / "articles.jsonl"
WARLOG = Path(sys.executable).parent / "warlog"
N_REPORTS = 30


@pytest.fixture(scope="module")
def reports_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("input") / "reports.jsonl"
    path.write_text("".join(DEMO.read_text(encoding="utf-8").splitlines(keepends=True)[:N_REPORTS]), encoding="utf-8")
    return path


def _pipeline(url, actors, geocoder, extractor):
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    return Pipeline(open_store(url), actors=actors, geocoder=geocoder, extractor=extractor)


def _ingest(url, path, actors, geocoder, extractor):
    from warlog.ingest import read_reports

    pipeline = _pipeline(url, actors, geocoder, extractor)
    try:
        return pipeline.ingest(read_reports([path]))
    finally:
        pipeline.store.close()


def _killed_child(url, path, kill_after_chunks, actors, geocoder, extractor):
    """Runs in a forked process: ingest in chunks of 10, SIGKILL itself after that many chunks were written
    (inside the transaction), or, with 0, after the commit and before closing the database."""
    import warlog.pipeline
    from warlog.ingest import read_reports

    if kill_after_chunks:
        warlog.pipeline.CHUNK = 10
    pipeline = _pipeline(url, actors, geocoder, extractor)
    written = 0

    def progress(_n):
        nonlocal written
        written += 1
        if written == kill_after_chunks:
            os.kill(os.getpid(), signal.SIGKILL)

    pipeline.ingest(read_reports([path]), progress=progress)
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def test_kill_9_at_several_points_then_the_same_ingest_gives_one_runs_database(
        backend, tmp_path, reports_file, actors, geocoder, extractor):
    with fresh_db(backend, tmp_path) as once:
        _ingest(once, reports_file, actors, geocoder, extractor)
        expected = dump(once)
    assert expected["reports"] and expected["events"]
    fork = multiprocessing.get_context("fork")
    for kill_after in (1, 3, 0):  # after chunk 1, after all 3 were written but before the commit; after it
        with fresh_db(backend, tmp_path) as url:
            child = fork.Process(target=_killed_child,
                                 args=(url, reports_file, kill_after, actors, geocoder, extractor))
            child.start()
            child.join(120)
            assert child.exitcode == -signal.SIGKILL, f"killed after {kill_after} chunks: {child.exitcode}"
            counts = dump(url) if kill_after == 0 else None
            summary = _ingest(url, reports_file, actors, geocoder, extractor)
            assert summary.stored == (0 if kill_after == 0 else N_REPORTS)
            got = dump(url)
            if counts is not None:
                assert got == counts
            assert got == expected, f"killed after {kill_after} chunks"


def test_kill_9_of_the_warlog_command_mid_ingest(backend, tmp_path, reports_file, actors, geocoder, extractor):
    with fresh_db(backend, tmp_path) as once:
        _ingest(once, reports_file, actors, geocoder, extractor)
        expected = dump(once)
    with fresh_db(backend, tmp_path) as url:
        log = tmp_path / "stderr.txt"
        with log.open("wb") as err:
            proc = subprocess.Popen([str(WARLOG), "ingest", str(reports_file), "--db", url, "-q"],
                                    stdout=subprocess.DEVNULL, stderr=err)
            try:
                _wait_until_writing(backend, url, proc)
                os.kill(proc.pid, signal.SIGKILL)
            finally:
                proc.wait(60)
        assert proc.returncode == -signal.SIGKILL, log.read_text()
        summary = _ingest(url, reports_file, actors, geocoder, extractor)
        assert summary.stored == N_REPORTS  # the killed batch left nothing behind
        assert dump(url) == expected


def _wait_until_writing(backend: str, url: str, proc: subprocess.Popen) -> None:
    """Until the ingest holds its write transaction open: PostgreSQL shows its writer lock; a DuckDB file
    appears when the database is opened, just before the batch's transaction begins and the language
    model loads inside it (which takes seconds: the kill comes before the commit)."""
    if backend == "duckdb":
        deadline = time.monotonic() + 60
        while not Path(url).exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        time.sleep(0.5)
        return
    import psycopg

    from warlog.store.postgres import WRITER_LOCK

    deadline = time.monotonic() + 60
    with psycopg.connect(url, autocommit=True) as con:
        while time.monotonic() < deadline and proc.poll() is None:
            held = con.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                               "AND (classid::bigint << 32 | objid::bigint) = %s", [WRITER_LOCK]).fetchone()[0]
            if held:
                time.sleep(0.5)  # a little into the batch
                return
            time.sleep(0.05)
    raise AssertionError("the ingest never took the writer lock")


class _RaisesOn:
    """The real extractor, except that it raises on reports containing a marker (a bug in waiting)."""

    def __init__(self, inner, marker: str):
        self.inner, self.marker, self.name = inner, marker, inner.name

    def extract_many(self, reports):
        if any(self.marker in r.text for r in reports):
            raise ZeroDivisionError("division by zero")
        return self.inner.extract_many(reports)

    def take_link_facts(self, mentions, linker):
        return self.inner.take_link_facts(mentions, linker)


def test_a_report_that_makes_the_extractor_raise_is_named_and_the_rest_is_kept(tmp_path, actors, geocoder,
                                                                              extractor):
    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    good = [r for r in read_reports([DEMO]) if isinstance(r, Report)][:5]
    bad = Report(id="r-bad", text="Gunmen attacked a checkpoint near Gao, killing two soldiers. XYZZY",
                 source="wire.jsonl:9")
    url = str(tmp_path / "faults.duckdb")
    pipeline = Pipeline(open_store(url), actors=actors, geocoder=geocoder,
                        extractor=_RaisesOn(extractor, "XYZZY"))
    summary = pipeline.ingest([*good[:2], bad, *good[2:]])
    assert summary.stored == 5
    [skipped] = summary.skipped
    assert skipped.source == "wire.jsonl:9" and "r-bad" in skipped.reason and "ZeroDivisionError" in skipped.reason
    assert pipeline.store.known_report_ids(["r-bad"]) == set()
    pipeline.store.close()
    # fixed extractor, same ingest again: the rest is finished, nothing counted twice
    pipeline = Pipeline(open_store(url), actors=actors, geocoder=geocoder, extractor=extractor)
    again = pipeline.ingest([*good[:2], bad, *good[2:]])
    assert (again.stored, again.already_present, again.skipped) == (1, 5, [])
    pipeline.store.close()


@pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES)
def test_the_server_going_away_mid_batch_says_so_and_a_rerun_finishes(tmp_path, reports_file, actors, geocoder,
                                                                      extractor):
    """The connection is cut by the server (as in a restart) while a batch is open: one clear error,
    nothing half-written, and the same ingest again stores everything."""
    import psycopg

    from warlog.ingest import read_reports

    with fresh_db("postgresql", tmp_path) as once:
        _ingest(once, reports_file, actors, geocoder, extractor)
        expected = dump(once)
    with fresh_db("postgresql", tmp_path) as url:
        pipeline = _pipeline(url, actors, geocoder, extractor)
        backend_pid = pipeline.store.con.info.backend_pid

        def items():
            for i, item in enumerate(read_reports([reports_file])):
                if i == 15:
                    with psycopg.connect(POSTGRES, autocommit=True) as admin:
                        admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
                yield item

        import warlog.pipeline

        old, warlog.pipeline.CHUNK = warlog.pipeline.CHUNK, 10
        try:
            with pytest.raises(StoreError) as info:
                pipeline.ingest(items())
        finally:
            warlog.pipeline.CHUNK = old
            pipeline.store.close()
        assert "run the same command again" in str(info.value) and "\n" not in str(info.value)
        summary = _ingest(url, reports_file, actors, geocoder, extractor)
        assert summary.stored == N_REPORTS
        assert dump(url) == expected


# --- a report that makes the extractor hang: skipped at its time limit, the run goes on ----------------------

HANG = "XYZZY-HANG"


def _hanging_on_marker(original, how: str):
    """extract_doc, except that it never ends on a report containing HANG: a Python loop, or a regular
    expression that backtracks for hours inside one C call."""
    import re

    def extract_doc(report, doc):
        if HANG in report.text:
            if how == "loop":
                while True:
                    pass
            re.match(r"(a+)+$", "a" * 64 + "b")
        return original(report, doc)

    return extract_doc


@pytest.mark.parametrize("how", ["loop", "regex"])
def test_a_report_that_hangs_the_extractor_is_skipped_at_its_time_limit_and_the_rest_is_kept(
        how, tmp_path, monkeypatch, actors, geocoder, extractor):
    from warlog.ingest import read_reports

    good = [r for r in read_reports([DEMO]) if isinstance(r, Report)][:5]
    bad = Report(id="r-hang", text=f"Gunmen attacked a checkpoint near Gao, killing two soldiers. {HANG}",
                 source="wire.jsonl:7")
    monkeypatch.setattr(extractor, "extract_doc", _hanging_on_marker(extractor.extract_doc, how))
    monkeypatch.setattr(extractor, "time_limit", 0.5, raising=False)
    url = str(tmp_path / "hang.duckdb")
    pipeline = _pipeline(url, actors, geocoder, extractor)
    cpu = time.process_time()
    summary = pipeline.ingest([*good[:2], bad, *good[2:]])
    assert time.process_time() - cpu < 20
    assert summary.stored == 5
    [skipped] = summary.skipped
    assert skipped.source == "wire.jsonl:7" and "r-hang" in skipped.reason and "\n" not in skipped.reason
    assert "stopped after 0.5 s of CPU time" in skipped.reason and "--time-limit" in skipped.reason
    assert pipeline.store.known_report_ids(["r-hang"]) == set()
    pipeline.store.close()
    monkeypatch.undo()  # the extractor fixed: the same ingest again finishes the rest
    pipeline = _pipeline(url, actors, geocoder, extractor)
    again = pipeline.ingest([*good[:2], bad, *good[2:]])
    assert (again.stored, again.already_present, again.skipped) == (1, 5, [])
    pipeline.store.close()


def test_the_time_limit_holds_in_the_forked_extraction_workers_and_in_other_threads(monkeypatch, extractor):
    import dataclasses
    import threading

    from warlog.extract.rules import PARALLEL_MIN_REPORTS
    from warlog.ingest import read_reports

    demo = [r for r in read_reports([DEMO]) if isinstance(r, Report)]
    reports = [dataclasses.replace(demo[i % len(demo)], id=f"copy-{i}") for i in range(PARALLEL_MIN_REPORTS + 6)]
    reports[40] = dataclasses.replace(reports[40], text=reports[40].text + " " + HANG)
    monkeypatch.setattr(extractor, "extract_doc", _hanging_on_marker(extractor.extract_doc, "loop"))
    monkeypatch.setattr(extractor, "time_limit", 0.5, raising=False)
    monkeypatch.setattr(extractor, "workers", 2)
    got = extractor.extract_many(reports)  # forked workers, each reading in its main thread
    assert [x.report_id for x in got] == [r.id for r in reports]
    assert [i for i, x in enumerate(got) if x.unread] == [40]
    assert "0.5 s of CPU time" in got[40].no_event_reason and not got[40].mentions
    assert sum(1 for x in got if x.mentions) > 20

    out = {}  # a thread other than the main one, as in a Dask worker: the watchdog stops it
    thread = threading.Thread(target=lambda: out.update(x=extractor.extract_many([reports[40], reports[41]])))
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    assert [x.unread for x in out["x"]] == [True, False] and out["x"][1].mentions == got[41].mentions


class _PausedOn:
    """The real extractor, except that it waits (until `go` is set) before extracting reports containing a marker:
    an ingest caught in the middle of extraction."""

    def __init__(self, inner, marker: str):
        self.inner, self.marker, self.name = inner, marker, inner.name
        self.waiting, self.go = threading.Event(), threading.Event()

    def extract_many(self, reports):
        if any(self.marker in r.text for r in reports):
            self.waiting.set()
            assert self.go.wait(120), "never let go"
        return self.inner.extract_many(reports)

    def take_link_facts(self, mentions, linker):
        return self.inner.take_link_facts(mentions, linker)


@pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES)
def test_an_ingest_extracting_does_not_hold_up_another_and_reports_both_read_are_stored_once(
        tmp_path, reports_file, actors, geocoder, extractor):
    """PostgreSQL: an ingest takes the writer lock at its first write, not before extracting. While one is held
    up in its extraction, another (half the same reports) runs to its commit; then the first stores only the
    reports the second did not: every report once, every mention in one event, nothing reported lost."""
    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    items = [r for r in read_reports([reports_file]) if isinstance(r, Report)][:20]
    first, second = items[:14], items[6:]
    marker = first[0].text.split()[0]
    with fresh_db("postgresql", tmp_path) as url:
        store = open_store(url)
        with store.transaction():  # the registry is in place, as after any earlier ingest
            store.put_actors(actors.all(), actors.links())
        store.close()
        paused = _PausedOn(extractor, marker)
        slow = Pipeline(open_store(url), actors=actors, geocoder=geocoder, extractor=paused)
        out: dict = {}
        thread = threading.Thread(target=lambda: out.update(slow=slow.ingest(first)))
        thread.start()
        try:
            assert paused.waiting.wait(60)
            fast = _pipeline(url, actors, geocoder, extractor)
            done = threading.Thread(target=lambda: out.update(fast=fast.ingest(second)))
            done.start()
            done.join(120)
            assert not done.is_alive(), "the second ingest waited for the first one's extraction"
            fast.store.close()
        finally:
            paused.go.set()
            thread.join(120)
        slow.store.close()
        assert out["fast"].stored == len(second)
        assert (out["slow"].stored, out["slow"].already_present) == (6, 8)
        store = open_store(url, read_only=True)
        try:
            assert store.known_report_ids([r.id for r in items]) == {r.id for r in items}
            assert store.counts()["reports"] == len(items)
            linked = [m for e in store.events() for m in e.mention_ids]
            assert len(linked) == len(set(linked)) == store.counts()["mentions"] > 0
        finally:
            store.close()


# --- under load: concurrent ingests and API readers on PostgreSQL -----------------------------------------


@pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES)
def test_the_server_sees_each_batch_committed_after_it_started(tmp_path, live_server, reports_file, actors, geocoder,
                                                               extractor):
    import json
    import urllib.request

    from warlog.ingest import read_reports

    def reports_seen(base: str) -> int:
        with urllib.request.urlopen(f"{base}/api/meta", timeout=30) as response:
            return json.loads(response.read())["counts"]["reports"]

    items = [r for r in read_reports([reports_file]) if isinstance(r, Report)]
    with fresh_db("postgresql", tmp_path) as url:
        pipeline = _pipeline(url, actors, geocoder, extractor)
        pipeline.ingest(items[:10])
        base = live_server(url)
        assert reports_seen(base) == 10
        pipeline.ingest(items[10:])
        assert reports_seen(base) == N_REPORTS
        pipeline.store.close()


@pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES)
def test_concurrent_ingests_and_readers_lose_nothing_and_read_fresh(tmp_path):
    """bench/load.py, briefly: 4 ingest processes and 20 API readers on one PostgreSQL database."""
    import json

    out = tmp_path / "load.json"
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve().parents[1] / "bench" / "load.py"),
                           "--db", POSTGRES, "--minutes", "0.2", "--readers", "20", "--batch", "20", "--json",
                           str(out)], capture_output=True, text=True, timeout=400)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["reports_stored"] >= 20 and result["reports_in_db"] == result["reports_stored"]
    assert result["lost_reports"] == 0 and result["http_error_count"] == 0 and not result["ingest_problems"]
    assert result["server_final_count"] == result["reports_in_db"]
    assert result["requests"] > 20 and result["p95_s"] > 0
