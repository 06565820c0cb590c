"""Extraction on a local Dask cluster gives exactly the in-process database, even when a worker dies."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from backends import dump
from warlog.records import Report

DEMO = Path(__file__).resolve().parents[1] / "src" / "warlog" / "data" / "demo" / "articles.jsonl"


@pytest.fixture(scope="module")
def demo_reports() -> list[Report]:
    from warlog.ingest import read_reports

    return [r for r in read_reports([DEMO]) if isinstance(r, Report)]


@pytest.fixture(scope="module")
def in_process(tmp_path_factory, demo_reports, actors, geocoder, extractor):
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    url = str(tmp_path_factory.mktemp("inproc") / "inproc.duckdb")
    pipeline = Pipeline(open_store(url), actors=actors, geocoder=geocoder, extractor=extractor)
    pipeline.ingest(demo_reports)
    pipeline.store.close()
    return dump(url)


@pytest.fixture(scope="module")
def client():
    from warlog.distributed import cluster

    with cluster(workers=2) as c:
        yield c


def _ingest_on_cluster(client, url, reports, actors, on_start=None):
    from warlog.distributed import DaskExtractor
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    extractor = DaskExtractor(client)
    extractor.warm_up()
    pipeline = Pipeline(open_store(url), actors=actors, extractor=extractor)
    try:
        if on_start:
            on_start()
        return pipeline.ingest(reports)
    finally:
        pipeline.store.close()


def test_two_workers_give_the_in_process_database(client, tmp_path, demo_reports, in_process, actors):
    url = str(tmp_path / "dask.duckdb")
    summary = _ingest_on_cluster(client, url, demo_reports, actors)
    assert summary.stored == len(demo_reports)
    assert len(client.nthreads()) == 2
    assert dump(url) == in_process


HANG = "XYZZY-HANG"


def _before_each_report(hook) -> None:
    """Runs on a worker: its extractor calls `hook(report)` before extracting each report (None: no longer)."""
    from warlog import distributed

    extractor = distributed._extractor(distributed.DEFAULT_EXTRACTOR)
    extractor.__dict__.pop("extract_doc", None)
    if hook is not None:
        original = extractor.extract_doc

        def extract_doc(report, doc):
            hook(report)
            return original(report, doc)

        extractor.extract_doc = extract_doc


def _spin_on_marker(report) -> None:
    while HANG in report.text:
        pass


def _hang_on_marker(hang: bool) -> None:
    """Runs on each worker: its extractor loops for ever on a report containing HANG (or no longer does)."""
    _before_each_report(_spin_on_marker if hang else None)


def test_a_report_that_hangs_a_worker_is_skipped_at_its_time_limit(client, tmp_path, demo_reports, in_process,
                                                                   actors):
    import sys

    import cloudpickle

    from warlog.distributed import DaskExtractor
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this test file
    bad = Report(id="r-hang", text=f"Gunmen attacked a checkpoint near Gao. {HANG}", source="wire.jsonl:3")
    extractor = DaskExtractor(client)
    extractor.warm_up()
    extractor.time_limit = 0.5
    client.run(_hang_on_marker, True)
    url = str(tmp_path / "dask-hang.duckdb")
    pipeline = Pipeline(open_store(url), actors=actors, extractor=extractor)
    try:
        summary = pipeline.ingest([*demo_reports[:10], bad, *demo_reports[10:]])
    finally:
        pipeline.store.close()
        client.run(_hang_on_marker, False)
    assert summary.stored == len(demo_reports)
    [skipped] = summary.skipped
    assert skipped.source == "wire.jsonl:3" and "0.5 s of CPU time" in skipped.reason
    assert dump(url) == in_process


def test_a_worker_killed_mid_partition_is_redone_and_nothing_is_counted_twice(client, tmp_path, demo_reports,
                                                                              in_process, actors):
    pids = list(client.run(os.getpid).values())

    def kill_one_soon():
        def kill():
            time.sleep(0.3)  # the partitions are on the workers by now (each takes seconds)
            os.kill(pids[0], signal.SIGKILL)

        threading.Thread(target=kill, daemon=True).start()

    url = str(tmp_path / "dask-killed.duckdb")
    summary = _ingest_on_cluster(client, url, demo_reports, actors, on_start=kill_one_soon)
    assert summary.stored == len(demo_reports)
    assert pids[0] not in client.run(os.getpid).values() or len(client.nthreads()) < 2
    assert dump(url) == in_process


def test_an_unreachable_scheduler_is_one_clear_error():
    from warlog.distributed import ClusterError, cluster

    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        with cluster(scheduler="tcp://127.0.0.1:9", timeout="2s"):
            pass


def test_workers_return_the_linking_facts_the_driver_would_compute(client, demo_reports, actors):
    """Linking reads facts from each mention's sentences (most of its cost): the workers compute them where they
    extract, and the driver takes exactly what its own linker would compute, for these very mention objects."""
    from warlog.distributed import DaskExtractor
    from warlog.link import Linker

    extractor = DaskExtractor(client)
    mentions = [m for x in extractor.extract_many(demo_reports[:12]) for m in x.mentions]
    assert len(mentions) >= 8
    linker = Linker(actors)
    taken = extractor.take_link_facts(mentions, linker)
    assert [m for m, _ in taken] == mentions and all(a is b for (a, _), b in zip(taken, mentions))
    assert [f for _, f in taken] == [Linker(actors).facts(m) for m in mentions]
    assert extractor.take_link_facts(mentions, linker) == []  # taken once
    again = extractor.extract_many(demo_reports[:12])  # other objects, equal: facts only for the objects sent
    assert extractor.take_link_facts(mentions, linker) == []
    assert len(extractor.take_link_facts([m for x in again for m in x.mentions], linker)) == len(mentions)


def test_stored_events_kept_from_chunk_to_chunk_change_nothing(tmp_path, demo_reports, actors, geocoder, extractor,
                                                               monkeypatch):
    """The driver keeps the stored events, mentions and linking facts one chunk met for the next (speed only):
    small chunks, so that later chunks join events stored by earlier ones, give the database that reading
    everything again for every chunk gives."""
    from warlog import pipeline as pipeline_module
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    class Forgetful(pipeline_module._Stored):
        def read(self, store, mention_ids):
            self.held.clear(), self.events.clear(), self.fingerprints.clear()
            self.session = None  # a new linking index for each chunk, seeded with its stored events
            return super().read(store, mention_ids)

    monkeypatch.setattr(pipeline_module, "CHUNK", 3)
    dumps, reads = [], []
    for kind in (pipeline_module._Stored, Forgetful):
        monkeypatch.setattr(pipeline_module, "_Stored", kind)
        url = str(tmp_path / f"{kind.__name__}.duckdb")
        pipeline = Pipeline(open_store(url), actors=actors, geocoder=geocoder, extractor=extractor)
        read = pipeline.store.mentions
        asked: list[str] = []
        pipeline.store.mentions = lambda ids, with_spans=True: asked.extend(ids) or read(ids, with_spans)
        summary = pipeline.ingest(demo_reports)
        pipeline.store.close()
        assert summary.events_joined > 0  # later chunks did join stored events
        dumps.append(dump(url))
        reads.append(len(asked))
    assert dumps[0] == dumps[1]
    assert reads[0] < reads[1]  # kept mentions were not read again


DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"


def test_the_linking_index_kept_across_chunks_decides_as_one_rebuilt_for_each(tmp_path, actors, extractor,
                                                                              monkeypatch):
    """One linking index for the whole batch (LinkSession.reseed), reseeded with each chunk's stored events, and
    few held mentions (so that events leave the index and come back read anew), on dense real reports (one month
    of many countries' events, and headlines several of which tell of one event), in two batches (the second
    links against what the first stored): the database of a new index seeded from the store for every chunk,
    nothing held."""
    if not DEV.exists():
        pytest.skip(f"{DEV} is not here")
    import itertools

    from warlog import link as link_module, pipeline as pipeline_module
    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    dense = [r for r in itertools.islice(read_reports([DEV / "reports.jsonl"]), 3000, 3300) if isinstance(r, Report)]
    told = [r for r in itertools.islice(read_reports([DEV / "linking_reports.jsonl"]), 600) if isinstance(r, Report)]
    reports = [r for pair in zip(dense, told[::2], told[1::2]) for r in pair]
    extracted = dict(zip([r.id for r in reports], extractor.extract_many(reports)))

    class Extracted:  # the shipped extractor's output, made once for both runs
        name = extractor.name

        def extract_many(self, batch):
            return [extracted[r.id] for r in batch]

        def take_link_facts(self, mentions, linker):
            return []

    class Forgetful(pipeline_module._Stored):
        def read(self, store, mention_ids):
            self.held.clear(), self.events.clear(), self.fingerprints.clear()
            self.session = None
            return super().read(store, mention_ids)

    reseeds = []
    reseed = link_module.LinkSession.reseed

    def state(session):
        return ({k: sorted(c.id for c in v) for k, v in session.index.items()},
                [(c.id, c.seq, [m.id for m in c.mentions], c.previous, c.keys) for c in session.clusters.values()])

    def checked(self, existing, copies=None):
        """Reseeded, the index holds what a new one seeded with the same events holds."""
        reseeds.append(len(existing))
        reseed(self, existing, copies)
        fresh = link_module.LinkSession(self.linker, copies)
        for e, ms in existing:
            fresh.add_event(e, ms)
        assert state(self) == state(fresh)
        return self

    monkeypatch.setattr(link_module.LinkSession, "reseed", checked)
    monkeypatch.setattr(pipeline_module, "CHUNK", 20)
    monkeypatch.setattr(pipeline_module._Stored, "HELD", 60)
    dumps = []
    for kind in (pipeline_module._Stored, Forgetful):
        monkeypatch.setattr(pipeline_module, "_Stored", kind)
        url = str(tmp_path / f"{kind.__name__}.duckdb")
        joined = 0
        for batch in (reports[:450], reports[450:]):
            pipeline = Pipeline(open_store(url), actors=actors, extractor=Extracted())
            joined += pipeline.ingest(batch).events_joined
            pipeline.store.close()
        assert joined > 3, joined  # stored events joined by later chunks and by the second batch
        dumps.append(dump(url))
    assert dumps[0] == dumps[1]
    assert len(reseeds) > 10 and max(reseeds) > 60  # the index was reused, with more events than are held


def _slow_down(delay: float) -> None:
    """Runs on a worker: its extractor takes `delay` seconds longer on every report (0: no longer)."""
    _before_each_report((lambda report: time.sleep(delay)) if delay else None)


def test_a_slower_worker_is_handed_fewer_partitions(client, tmp_path, demo_reports, actors, geocoder, extractor,
                                                     monkeypatch):
    """Partitions wait in the driver and go to whichever worker thread frees itself, so a worker slowed by other
    work on its core takes fewer (pinned in turn, it kept half, and the other idled); the database is the one the
    in-process run with the same chunks makes."""
    import sys

    import cloudpickle
    from distributed import get_task_stream

    from warlog import pipeline as pipeline_module
    from warlog.store import open_store

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    monkeypatch.setattr(pipeline_module, "CHUNK", 10)  # 5 chunks of 4 partitions: more than are handed at once
    here = pipeline_module.Pipeline(open_store(str(tmp_path / "here.duckdb")), actors=actors, geocoder=geocoder,
                                    extractor=extractor)
    here.ingest(demo_reports)
    here.store.close()
    slow, fast = sorted(client.nthreads())
    client.run(_slow_down, 0.15, workers=[slow])
    try:
        with get_task_stream(client) as stream:
            summary = _ingest_on_cluster(client, str(tmp_path / "slow.duckdb"), demo_reports, actors)
    finally:
        client.run(_slow_down, 0)
    ran = {w: sum(1 for t in stream.data if t["worker"] == w) for w in (slow, fast)}
    assert summary.stored == len(demo_reports)
    assert ran[slow] + ran[fast] == 20 and ran[fast] > ran[slow] + 2, ran
    assert dump(str(tmp_path / "slow.duckdb")) == dump(str(tmp_path / "here.duckdb"))


def test_an_ingest_leaves_the_garbage_collector_as_it_found_it(tmp_path, demo_reports, actors, extractor):
    """An ingest freezes what was loaded and collects less often while it runs (speed only); afterwards, and after
    an error, the thresholds and the frozen objects are as they were, and a caller that froze objects keeps them."""
    import gc

    from warlog.errors import DataError
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    seen, fail = [], []

    class Watched:  # the shipped extractor, noting the collector's state while it runs
        name = extractor.name

        def extract_many(self, batch):
            seen.append((gc.get_threshold()[0], gc.get_freeze_count() > 0))
            if fail:
                raise DataError("the disk is full")
            return extractor.extract_many(batch)

        def take_link_facts(self, mentions, linker):
            return extractor.take_link_facts(mentions, linker)

    gc.unfreeze()  # whatever an earlier test left frozen
    before = gc.get_threshold()
    pipeline = Pipeline(open_store(str(tmp_path / "gc.duckdb")), actors=actors, extractor=Watched())
    try:
        assert pipeline.ingest(demo_reports[:3]).stored == 3
        fail.append(True)
        with pytest.raises(DataError):
            pipeline.ingest(demo_reports[3:])
        fail.clear()
        assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
        assert seen[0] == (max(before[0], 10_000), True)
        gc.freeze()  # as `warlog serve` does: left frozen
        try:
            assert pipeline.ingest(demo_reports[3:4]).stored == 1
            assert seen[-1] == (before[0], True)
            assert gc.get_freeze_count() > 0 and gc.get_threshold() == before
        finally:
            gc.unfreeze()
    finally:
        pipeline.store.close()
