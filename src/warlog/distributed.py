"""Extraction on a Dask cluster: `warlog ingest --workers N` (a local cluster) or `--scheduler ADDRESS`.

Extraction (language model, geocoding, actor resolution) is nearly all of an ingest's time and each
report's extraction depends on that report alone, so it is what runs on the workers: every chunk the
pipeline hands over is cut into two partitions per worker thread, which wait in the calling process and go
to whichever worker thread has fewer than two unfinished (so a slower worker takes fewer), and each worker
process loads the language model, gazetteer and actor registry once and keeps them (frozen, out of the
garbage collector's way). Linking and writing stay in the
calling process, through the same store interface and in input order, so the database is exactly the
in-process run's (a test compares them), and a worker that dies mid-partition costs only a redo of that
partition: Dask reruns it elsewhere, and nothing is written twice because nothing is written by workers.
The pipeline submits a chunk (`submit`) before it links and writes the chunk before, so driver and workers
work at once; partitions and results travel as single pickles, which Dask moves without looking inside.

With each mention a worker also returns its linking facts (`Linker.facts`: the distinctive words, countries,
places and perpetrators read from its sentences), which are most of linking's cost, so the driver links
without reading the sentences again (`take_link_facts`). They are a function of the mention and the actor
registry alone; a worker whose registry differs from the driver's (another version, other actor files)
returns none, and the driver computes them itself.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import threading
import weakref
from collections import Counter, deque
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

from warlog.errors import InputError, WarlogError
from warlog.extract import Extraction, Extractor, make_extractor
from warlog.records import Mention, Report

log = logging.getLogger(__name__)

DEFAULT_EXTRACTOR = "warlog.extract.rules.v1"

# per worker process: extractor name -> the extractor, built on the first partition and kept
_LOADED: dict[str, Extractor] = {}
# per worker process: extractor name -> (its registry's digest, a Linker on that registry)
_LINKERS: dict[str, tuple[str, object]] = {}


class ClusterError(RuntimeError, WarlogError):
    """The Dask cluster cannot be reached or started, or lost every worker able to run a partition."""


def _extractor(name: str) -> Extractor:
    if name not in _LOADED:
        # Dask gives each worker process its share: the extractor must not fork a pool of its own (a
        # worker is a daemon process, which may not have children)
        os.environ["WARLOG_WORKERS"] = "1"
        _LOADED[name] = make_extractor(name)
        # the model, gazetteer and registry live as long as the worker: out of the garbage collector's way, else
        # every full collection walks them (as `warlog serve` does)
        gc.freeze()
    return _LOADED[name]


def _load(name: str) -> str:
    """Run once on every worker before the first partition, so that loading overlaps across workers."""
    return _extractor(name).name


def registry_digest(actors) -> str:
    """What linking facts depend on besides the mention: the linker's version, the actors and the countries."""
    from warlog.link import NAME

    digest = hashlib.sha1(NAME.encode())
    for item in [*sorted(actors.all(), key=lambda a: a.id), *sorted(actors.countries(), key=lambda c: c.code)]:
        digest.update(repr(item).encode())
    return digest.hexdigest()


def _linker(name: str) -> tuple[str, object]:
    if name not in _LINKERS:
        from warlog.link import Linker

        actors = getattr(_extractor(name), "actors", None)
        _LINKERS[name] = (registry_digest(actors), Linker(actors)) if actors is not None else ("", None)
    return _LINKERS[name]


@contextmanager
def rarer_collections() -> Iterator[None]:
    """Extraction (and the driver's batch, pipeline.py) makes millions of small objects, few in cycles: the garbage
    collector runs a tenth as often meanwhile (measured while a partition is extracted, with the model frozen:
    collections 1.5% of a worker's CPU, against 3% with the default thresholds and 5.5% with nothing frozen)."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], 10_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _extract_partition(reports: bytes, name: str, time_limit: float | None = None) -> bytes:
    """Reports in, extractions out, both as one pickle: Dask moves bytes without looking inside them, where a
    list of records would be walked element by element in the driver's event loop. With the extractions, the
    linking facts of their mentions in order, and the digest of the registry they were computed with."""
    extractor = _extractor(name)
    extractor.time_limit = time_limit  # None: the worker's default (its WARLOG_TIME_LIMIT, else 60 s)
    with rarer_collections():
        extractions = extractor.extract_many(pickle.loads(reports))
        digest, linker = _linker(name)
        facts = None
        if linker is not None:
            try:
                facts = [linker.facts(m) for x in extractions for m in x.mentions]
            except Exception:  # noqa: BLE001 - the driver computes them then, and meets the error where it would
                log.warning("linking facts failed on a partition; the driver computes them", exc_info=True)
            linker.forget()
    return pickle.dumps((extractions, digest, facts), protocol=pickle.HIGHEST_PROTOCOL)


def _balanced(reports: Sequence[Report], parts: int) -> list[tuple[int, int]]:
    """Cut the reports, in order, into `parts` ranges of about equal extraction cost (it grows a little faster
    than the text: 0.05 s at 2,000 characters, 0.30 s at 8,000), so that the workers finish together."""
    costs = [1.0 + len(r.text) ** 1.3 for r in reports]
    total, bounds, start, running = sum(costs), [], 0, 0.0
    for i, cost in enumerate(costs):
        running += cost
        if running >= total * (len(bounds) + 1) / parts and len(bounds) < parts - 1:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(reports):
        bounds.append((start, len(reports)))
    return bounds


class _Partition:
    """Reports on their way to a worker: their pickle until handed out, then the future of their extractions."""

    __slots__ = ("payload", "future", "handed", "__weakref__")

    def __init__(self, payload: bytes):
        self.payload = payload
        self.future = None
        self.handed = threading.Event()


class DaskExtractor:
    """An Extractor whose work runs on a Dask cluster; it returns what the named extractor would, in order."""

    PER_THREAD = 2  # partitions a chunk is cut into, per worker thread
    DEPTH = 2  # partitions a worker thread is handed at once: one it extracts, one waiting there for it

    def __init__(self, client, name: str = DEFAULT_EXTRACTOR, partitions: int | None = None):
        self.client = client
        self.name = name
        self.partitions = partitions
        self._lock = threading.Lock()
        self._threads: list[str] = []  # an address per worker thread, as of the latest chunk submitted
        self._waiting: deque[weakref.ref[_Partition]] = deque()  # cut, not yet handed to a worker
        self._handed: list[tuple[str | None, object]] = []  # (worker, future) handed out, maybe unfinished
        self.time_limit: float | None = None  # per report, in CPU seconds (extract/timelimit.py)
        self._digests: tuple[object, str] | None = None  # (the driver's registry, its digest)
        # mention id -> (the mention, its linking facts, the digest of the registry they were computed with)
        self._facts: dict[str, tuple[Mention, tuple, str]] = {}

    def warm_up(self) -> None:
        self.client.run(_load, self.name)

    def extract_many(self, reports: Sequence[Report]) -> list[Extraction]:
        return self.submit(reports)()

    def submit(self, reports: Sequence[Report]) -> Callable[[], list[Extraction]]:
        """Start extracting on the cluster and return at once: calling the result waits for the extractions.
        The pipeline submits a chunk before it links and writes the one before, so workers and driver overlap."""
        if not reports:
            return list
        from distributed import KilledWorker

        # PER_THREAD partitions per worker thread, cut to about equal cost and queued here; a worker thread is
        # handed the next as soon as it has fewer than DEPTH (`_hand_out`), so a worker that runs faster (other
        # work on its core, cheaper reports) takes more, and both finish a batch together. Placed by Dask's
        # scheduler instead (work stealing off), one worker measured 6 partitions and the other 4 over 1,000
        # reports, the other idle at the end; placed one per thread in turn, a worker slowed by other load kept
        # its share, and the other idled (1.9 s of 65 at 3,000 reports, then 3.6 s at the end). A partition
        # still runs elsewhere when its worker is gone.
        self._threads = [address for address, n in sorted(self.client.nthreads().items()) for _ in range(n)]
        bounds = _balanced(reports, self.partitions or max(1, self.PER_THREAD * len(self._threads)))
        parts = [_Partition(pickle.dumps(list(reports[a:b]), pickle.HIGHEST_PROTOCOL)) for a, b in bounds]
        with self._lock:
            self._waiting.extend(weakref.ref(part) for part in parts)
        self._hand_out()

        def result() -> list[Extraction]:
            for part in parts:  # handed out by now, or as soon as a worker thread frees itself
                part.handed.wait()
            try:
                results = self.client.gather([part.future for part in parts])
            except KilledWorker as err:
                raise ClusterError(f"workers kept dying on a partition of {len(reports)} reports ({err}); nothing "
                                   "from this batch was stored: run the same ingest again, with fewer reports per "
                                   "worker or more memory") from err
            # the pipeline links a chunk before it collects the next: facts not taken by then are of reports
            # it did not store (skipped, stored meanwhile)
            self._facts.clear()
            extractions = []
            for part in results:
                xs, digest, facts = pickle.loads(part)
                extractions += xs
                if facts is not None:
                    self._facts.update((m.id, (m, f, digest))
                                       for m, f in zip((m for x in xs for m in x.mentions), facts))
            return extractions

        return result

    def _hand_out(self, *_) -> None:
        """Hand waiting partitions, oldest first, to the worker threads with fewer than DEPTH unfinished; runs when
        a chunk is submitted and when a partition finishes (Dask calls it then, on a thread of its own). A partition
        whose chunk the pipeline dropped (an error stopped the batch) is not handed out."""
        with self._lock:
            self._handed = [(address, f) for address, f in self._handed if not f.done()]
            busy = Counter(address for address, _ in self._handed)
            threads = Counter(self._threads)  # address -> its threads
            while self._waiting:
                address = min(threads, key=lambda a: (busy[a] / threads[a], a)) if threads else None
                if address is not None and busy[address] >= self.DEPTH * threads[address]:
                    break  # every thread has its DEPTH: the next goes out when one finishes
                part = self._waiting.popleft()()
                if part is None:
                    continue
                part.future = self.client.submit(_extract_partition, part.payload, name=self.name,
                                                 time_limit=self.time_limit, pure=False,
                                                 workers=[address] if address else None, allow_other_workers=True)
                part.payload = b""
                busy[address] += 1
                self._handed.append((address, part.future))
                part.future.add_done_callback(self._hand_out)
                part.handed.set()

    def take_link_facts(self, mentions: Sequence[Mention], linker) -> list[tuple[Mention, tuple]]:
        """The linking facts the workers computed for these very mentions, for `linker.link(..., facts=)`; none
        where a worker's registry differs from the linker's (its facts could differ)."""
        if self._digests is None or self._digests[0] is not linker.actors:
            self._digests = (linker.actors, registry_digest(linker.actors))
        out = []
        for m in mentions:
            found = self._facts.get(m.id)
            if found is not None and found[0] is m:
                del self._facts[m.id]
                if found[2] == self._digests[1]:
                    out.append(found[:2])
        return out


@contextmanager
def cluster(workers: int | None = None, scheduler: str | None = None, timeout: str = "20s") -> Iterator[object]:
    """A Dask client: on an existing cluster (`scheduler`), else on a local cluster of `workers` processes
    with one thread each (spaCy is not made for threads sharing one model)."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - dask[distributed] is a dependency
        raise InputError("--workers and --scheduler need dask[distributed]: pip install 'dask[distributed]'") from err
    for name in ("distributed", "bokeh", "tornado"):  # the scheduler runs in this process: keep its INFO lines out
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().getEffectiveLevel()))
    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError) as err:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({err}); is it running?") from err
        except ValueError as err:  # not an address at all ("missing port number in address ...")
            raise InputError(f"--scheduler {scheduler!r} is not a Dask scheduler address ({err}): give one like "
                             "tcp://HOST:8786") from err
        try:
            yield client
        finally:
            client.close()
        return
    if workers is None or workers < 1:
        raise InputError(f"--workers must be 1 or more, not {workers}")
    # No dashboard, and none of the monitoring that runs all the time in every process (a statistical profiler
    # sampling every 10 ms, GIL and system monitors): measured idle, they took 4% of a core in this process
    # and 3% in each worker, and more under work, for nothing a batch ingest reads.
    quiet = {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.gil.enabled": False,
             "distributed.admin.system-monitor.interval": "5s", "distributed.admin.tick.interval": "1s",
             "distributed.worker.memory.monitor-interval": "1s", "distributed.scheduler.work-stealing": False}
    with dask.config.set(quiet), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, silence_logs=logging.ERROR,
                         # the scheduler's HTTP endpoints on a free port (None still means 8787), no dashboard
                         dashboard_address=":0", scheduler_kwargs={"dashboard": False}) as local, \
            Client(local) as client:
        yield client
