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
