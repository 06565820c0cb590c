"""The order of the stages: ingest -> extract -> (resolve) -> link -> store. Only this module knows it.

A batch (one `ingest` call) is one transaction: it is stored whole or not at all. Inside it, reports are
processed in chunks so memory stays flat however long the input is.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import logging
import time
from collections import defaultdict, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from warlog import corrections as corr, importers
from warlog.actors import ActorRegistry
from warlog.distributed import rarer_collections
from warlog.errors import WarlogError
from warlog.extract import Extraction, Extractor, make_extractor
from warlog.geocode import Geocoder
from warlog.link import LinkSession, Linker, apply_decisions
from warlog.records import Correction, Event, LinkDecision, Mention, Report, Skipped
from warlog.store import Store

log = logging.getLogger(__name__)

CHUNK = 200
AHEAD = 2  # chunks started (extracting, on a cluster) while the driver links and writes the one before them
LINK_WINDOW = dt.timedelta(days=7)


@dataclass(slots=True)
class Summary:
    read: int = 0
    stored: int = 0
    already_present: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    mentions: int = 0
    events_new: int = 0
    events_joined: int = 0
    no_event: int = 0
    seconds_by_stage: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def lines(self) -> list[str]:
        return [
            f"reports read: {self.read}",
            f"stored: {self.stored}",
            f"already present: {self.already_present}",
            f"skipped: {len(self.skipped)}",
            f"mentions: {self.mentions}",
            f"events: {self.events_new} new, {self.events_joined} earlier events joined by new reports",
            f"reports with no event: {self.no_event}",
        ]


@dataclass(slots=True)
class _Started:
    """A chunk on its way: all its reports, those not stored yet, and their extraction if it runs elsewhere."""

    reports: list[Report]
    new: list[Report]
    result: Callable[[], list[Extraction]] | None


class _Stored:
    """The stored events chunks may join and their mentions, as read from the store, with the mentions' linking
    facts (`Linker.facts`) and the linking index (`LinkSession`), kept from chunk to chunk of the same batch:
    chunks meet mostly the same stored events, so each is read, its sentences scanned and its index entries made
    once per batch, not once per chunk (a chunk's own mentions are held too: the next chunks meet them as
    stored). Stored mentions never change; an event this batch writes is read again. The HELD most recently met
    mentions, events and fingerprints are kept and the rest let go, so memory stays flat however long the batch."""

    HELD = 20_000

    def __init__(self) -> None:
        # the linking index, reseeded with each chunk's stored events (LinkSession.reseed: decisions unchanged)
        self.session: LinkSession | None = None
        # least recently met first (dicts keep insertion order)
        self.held: dict[str, tuple[Mention, tuple | None]] = {}
        self.events: dict[str, Event] = {}  # as read or as this batch wrote them
        self.fingerprints: dict[str, str] = {}  # report id -> Store.report_fingerprints (reports never change)

    @classmethod
    def _trim(cls, held: dict) -> None:
        for key in list(itertools.islice(held, max(0, len(held) - cls.HELD))):
            del held[key]

    def fingerprints_of(self, store: Store, report_ids: Sequence[str]) -> dict[str, str]:
        missing = [r for r in report_ids if r not in self.fingerprints]
        found = {**{r: self.fingerprints.pop(r) for r in report_ids if r in self.fingerprints},
                 **(store.report_fingerprints(missing) if missing else {})}
        self.fingerprints.update(found)
        self._trim(self.fingerprints)
        return found

    def met(self, events: Iterable[Event]) -> None:
        """Hold these events (as read) as the most recently met."""
        for e in events:
            self.events.pop(e.id, None)
            self.events[e.id] = e
        self._trim(self.events)

    def written(self, events: Iterable[Event] = (), gone: Iterable[str] = ()) -> None:
        """Events as this batch has just written them (held as if read back: linking reads only their ids,
        mentions and rules, which the store keeps as written), and ids it has deleted."""
        for event_id in gone:
            self.events.pop(event_id, None)
        self.met(events)

    def read(self, store: Store, mention_ids: Sequence[str]) -> dict[str, Mention]:
        missing = [mid for mid in mention_ids if mid not in self.held]
        if missing:
            self.held.update((m.id, (m, None)) for m in store.mentions(missing, with_spans=True))
        return {mid: self.held[mid][0] for mid in mention_ids if mid in self.held}

    def facts(self, mentions: Iterable[Mention]) -> list[tuple[Mention, tuple]]:
        held = [self.held.get(m.id) for m in mentions]
        return [(m, f) for m, f in (h for h in held if h is not None) if f is not None]

    def keep(self, linker: Linker, mentions: Iterable[Mention]) -> None:
        """Hold these as the most recently met, with their facts (which linking them has just computed)."""
        for m in mentions:
            found = self.held.pop(m.id, None)
            self.held[m.id] = found if found is not None and found[0] is m and found[1] is not None \
                else (m, linker.facts(m))
        self._trim(self.held)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector, for the length of a batch, leaves alone what was loaded before it (the
    registry, a language model, a Dask client: `gc.freeze`) and runs a tenth as often: a batch makes millions of
    small objects, few in cycles, and measured in a Dask ingest's driver the collections were a fifth of its CPU
    (full ones walking everything loaded). Unchanged where the caller froze objects or turned collection off."""
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        with rarer_collections():
            yield
    finally:
        gc.unfreeze()


def _pairs_where(reports: Sequence[Report], extractions: Sequence[Extraction],
                 keep: Callable[[Report, Extraction], bool]) -> tuple[list[Report], list[Extraction]]:
    """The (report, extraction) pairs `keep` accepts, as two lists again."""
    kept = [(r, x) for r, x in zip(reports, extractions) if keep(r, x)]
    return [r for r, _ in kept], [x for _, x in kept]


class Pipeline:
    """The stages, wired. Every dependency can be passed in; defaults are the shipped components."""

    def __init__(self, store: Store, *, actors: ActorRegistry | None = None, geocoder: Geocoder | None = None,
                 extractor: Extractor | None = None, linker: Linker | None = None):
        self.store = store
        self.actors = actors if actors is not None else ActorRegistry.load()
        self._geocoder = geocoder
        self._extractor = extractor
        self.linker = linker if linker is not None else Linker(self.actors)
        self._stored = _Stored()

    @property
    def geocoder(self) -> Geocoder:
        if self._geocoder is None:
            self._geocoder = Geocoder()
        return self._geocoder

    @property
    def extractor(self) -> Extractor:
        # built on first use: loading the language model is the slowest part of start-up
        if self._extractor is None:
            self._extractor = make_extractor(actors=self.actors, geocoder=self.geocoder)
        return self._extractor

    # --- ingest ------------------------------------------------------------------------------------

    def ingest(self, items: Iterable[Report | Skipped], progress: Callable[[int], None] | None = None) -> Summary:
        summary = Summary()
        self._stored = _Stored()
        # a shared server's store (PostgreSQL) takes its writer lock at the first write, so ingests extract at once
        with _fewer_collections(), self.store.ingest_transaction():
            self.store.put_actors(self.actors.all(), self.actors.links())
            chunk: list[Report] = []
            seen: set[str] = set()
            started: deque[_Started | None] = deque()  # extracting (on a cluster) while an earlier one is linked
            for item in items:
                if isinstance(item, Skipped):
                    summary.skipped.append(item)
                    continue
                summary.read += 1
                if item.id in seen:
                    summary.already_present += 1
                    continue
                seen.add(item.id)
                chunk.append(item)
                if len(chunk) >= CHUNK:
                    self._next_chunk(started, chunk, summary, progress)
                    chunk = []
            self._next_chunk(started, chunk, summary, progress)
            while started:
                self._finish_chunk(started.popleft(), summary, progress)
        return summary

    def _next_chunk(self, started: deque[_Started | None], chunk: list[Report], summary: Summary,
                    progress: Callable[[int], None] | None) -> None:
        """Start `chunk`, then finish the oldest chunk started while AHEAD are: an extractor that works elsewhere
        (a Dask cluster: `submit`) extracts those while this process links and writes it, in input order. Two
        ahead, not one: with one, the workers measured 5% of a run idle (6.6 s of 126, 8,000 reports on two
        loaded cores), done with the next chunk before this process had linked and written the one before."""
        started.append(self._start_chunk(chunk, summary))
        while len(started) > AHEAD:
            self._finish_chunk(started.popleft(), summary, progress)

    def _start_chunk(self, reports: list[Report], summary: Summary) -> _Started | None:
        if not reports:
            return None
        known = self.store.known_report_ids([r.id for r in reports])
        new = [r for r in reports if r.id not in known]
        summary.already_present += len(reports) - len(new)
        submit = getattr(self.extractor, "submit", None) if new else None
        return _Started(reports, new, submit(new) if submit is not None else None)

    def _finish_chunk(self, started: _Started | None, summary: Summary,
                      progress: Callable[[int], None] | None) -> None:
        if started is None:
            return
        if started.new:
            new, extractions = self._timed(summary, "extract",
                                           lambda: self._extract_each(started.new, summary, started.result))
            self._store_extractions(new, extractions, summary, new_reports=True)
        if progress:
            progress(len(started.reports))

    def _extract_each(self, reports: list[Report], summary: Summary,
                      result: Callable[[], list[Extraction]] | None = None) -> tuple[list[Report], list[Extraction]]:
        """Extract a chunk (or collect what `result` started); if the extractor raises, again report by report,
        and skip (and name) those it raises on: they are not stored, so the same ingest again retries them and
        the rest are kept."""
        try:
            extractions = result() if result is not None else self.extractor.extract_many(reports)
            return self._read_to_the_end(reports, extractions, summary)
        except (WarlogError, MemoryError):
            raise
        except Exception:
            log.warning("the extractor raised on a chunk of %d reports; retrying them one by one", len(reports))
        kept, extractions = [], []
        for report in reports:
            try:
                extractions.extend(self.extractor.extract_many([report]))
            except (WarlogError, MemoryError):
                raise
            except Exception as err:
                log.info("the extractor raised on report %s", report.id, exc_info=True)  # -v shows where
                summary.skipped.append(Skipped(report.source or report.id, (
                    f"the extractor failed on report {report.id} ({type(err).__name__}: "
                    f"{(str(err).splitlines() or [''])[0]}); it was not "
                    "stored and the rest were: please report this bug with the report attached")))
            else:
                kept.append(report)
        return self._read_to_the_end(kept, extractions, summary)

    @staticmethod
    def _read_to_the_end(reports: list[Report], extractions: list[Extraction],
                         summary: Summary) -> tuple[list[Report], list[Extraction]]:
        """Reports the extractor stopped reading (the per-report time limit) are skipped, with its reason, and
        not stored, so the same ingest again (with a higher limit) retries them."""
        if not any(x.unread for x in extractions):
            return reports, extractions
        summary.skipped.extend(Skipped(r.source or r.id, f"report {r.id}: {x.no_event_reason}")
                               for r, x in zip(reports, extractions) if x.unread)
        return _pairs_where(reports, extractions, lambda r, x: not x.unread)

    def _store_extractions(self, reports: Sequence[Report], extractions: Sequence[Extraction], summary: Summary,
                           *, new_reports: bool) -> None:
        # stored by another ingest while this one extracted
        late = self.store.stored_meanwhile([r.id for r in reports]) if new_reports else set()
        if late:
            summary.already_present += len(late)
            reports, extractions = _pairs_where(reports, extractions, lambda r, x: r.id not in late)
        outcomes = [(r, len(x.mentions), x.no_event_reason) for r, x in zip(reports, extractions)]
        mentions = [m for x in extractions for m in x.mentions]

        def write() -> None:
            if new_reports:
                self.store.add_reports(outcomes)
            else:
                self.store.set_report_outcome([(r.id, n, why) for r, n, why in outcomes])
            self.store.add_mentions(mentions)
            self.store.put_places(m.place.place for m in mentions if m.place and m.place.place)

        self._timed(summary, "store", write)
        events = self._timed(summary, "link", lambda: self._link(mentions))
        events = self._corrected(events)
        self._timed(summary, "store", lambda: self.store.put_events(events))
        self._stored.written(events)
        summary.stored += len(reports) if new_reports else 0
        summary.mentions += len(mentions)
        summary.no_event += sum(1 for x in extractions if not x.mentions)
        new_mentions = {m.id for m in mentions}
        fresh = sum(1 for e in events if all(mid in new_mentions for mid in e.mention_ids))
        summary.events_new += fresh
        summary.events_joined += len(events) - fresh

    def _link(self, mentions: list[Mention]) -> list[Event]:
        dated = [m.date for m in mentions if m.date is not None]
        existing: list[tuple[Event, list[Mention]]] = []
        if dated:
            # stored events a mention may join: its country, its dates; the batch's dates in separate windows,
            # so a batch spanning years does not fetch every event between
            countries = sorted({m.place.country for m in mentions if m.place and m.place.country})
            windows: list[list[dt.date]] = []
            for d in sorted(dated, key=lambda d: d.start):
                if windows and d.start - LINK_WINDOW <= windows[-1][1]:
                    windows[-1][1] = max(windows[-1][1], d.end + LINK_WINDOW)
                else:
                    windows.append([d.start - LINK_WINDOW, d.end + LINK_WINDOW])
            found = {e.id: e for start, end in windows
                     for e in (self.store.candidate_events(countries, start, end, known=self._stored.events)
                               if countries else [])}
            self._stored.met(found.values())
            # in an order of their own, not the store's (row order differs between backends and histories),
            # so that a tie between stored events goes the same way: the earliest, then the lowest id
            candidates = sorted(found.values(), key=lambda e: (e.date.start if e.date else dt.date.min, e.id))
            candidates = [e for e in candidates if not importers.is_imported_event(e)]  # datasets stay apart
            by_id = self._stored.read(self.store, [mid for e in candidates for mid in e.mention_ids])
            existing = [(e, [by_id[mid] for mid in e.mention_ids if mid in by_id]) for e in candidates]
        reports = {m.report_id for m in mentions} | {rid for e, _ in existing for rid in e.report_ids}
        copies = self._stored.fingerprints_of(self.store, sorted(reports))
        # linking facts computed before: of stored mentions, in an earlier chunk; of new ones, where they were extracted
        facts = (self._stored.facts(m for _, ms in existing for m in ms)
                 + self.extractor.take_link_facts(mentions, self.linker))
        if self._stored.session is None or self._stored.session.linker is not self.linker:
            self._stored.session = LinkSession(self.linker)
        events = self.linker.link(mentions, existing, copies=copies, facts=facts, session=self._stored.session)
        # the chunk's own mentions too: the next chunk meets most of them as stored (measured: reading them back
        # and scanning their sentences again was a third of the driver's linking)
        self._stored.keep(self.linker, [*(m for _, ms in existing for m in ms), *mentions])
        decisions = self.store.link_decisions()
        if not decisions:
            return events
        known = {m.id: m for m in mentions} | {m.id: m for _, ms in existing for m in ms}
        events, gone = apply_decisions(self.linker, events, decisions, known, self._event_with_mentions)
        self.store.delete_events(gone)
        self._stored.written(gone=gone)
        return events

    def _event_with_mentions(self, event_id: str) -> tuple[Event, list[Mention]] | None:
        from warlog.errors import NotFoundError

        try:
            event = self.store.event(event_id)
        except NotFoundError:
            return None
        return event, self.store.mentions(list(event.mention_ids), with_spans=True)

    def _corrected(self, events: list[Event]) -> list[Event]:
        by_event: dict[str, list[Correction]] = defaultdict(list)
        for c in self.store.corrections():
            by_event[c.event_id].append(c)
        return [corr.apply_all(e, by_event[e.id], self.actors) if e.id in by_event else e for e in events]

    @staticmethod
    def _timed(summary: Summary, stage: str, work: Callable):
        start = time.perf_counter()
        try:
            return work()
        finally:
            summary.seconds_by_stage[stage] += time.perf_counter() - start

    # --- re-extraction -----------------------------------------------------------------------------

    def reextract(self, progress: Callable[[int], None] | None = None) -> Summary:
        """Extract and link every stored report again (e.g. after a better extractor ships).

        Reports and corrections stay; mentions and events are rebuilt in ingestion order, so event ids
        stay the same, and every correction is applied again.
        """
        summary = Summary()
        self._stored = _Stored()
        with self.store.transaction():
            imported = importers.saved_imports(self.store)  # ACLED/UCDP rows: kept as imported, not re-extracted
            self.store.clear_derived()
            importers.restore_imports(self.store, imported)
            self.store.put_actors(self.actors.all(), self.actors.links())
            for batch in self.store.iter_reports(CHUNK):
                batch = [r for r in batch if not importers.is_imported_report(r)]
                if not batch:
                    continue
                summary.read += len(batch)
                extractions = self._timed(summary, "extract", lambda b=batch: self.extractor.extract_many(b))
                self._store_extractions(batch, extractions, summary, new_reports=False)
                if progress:
                    progress(len(batch))
        return summary

    # --- corrections -------------------------------------------------------------------------------

    def correct(self, event_id: str, field_name: str, value: str, reason: str, author: str) -> Correction:
        """Store an analyst's correction and apply it to the stored event at once."""
        corr.validate(field_name, value, self.actors)
        with self.store.transaction():
            event = self.store.event(event_id)
            saved = self.store.add_correction(Correction(event_id=event_id, field=field_name, value=value,
                                                         reason=reason, author=author, created=dt.datetime.now()))
            self.store.put_events([corr.apply_one(event, saved, self.actors)])
        return saved

    # --- analysts' linking decisions ---------------------------------------------------------------

    def link_events(self, event_id: str, other_id: str, reason: str, author: str) -> LinkDecision:
        """An analyst joins event `other_id` into `event_id` (which keeps its id); kept across re-runs."""
        from warlog.errors import InputError

        if event_id == other_id:
            raise InputError(f"{event_id} is one event: give two different event ids")
        with self.store.transaction():
            self.store.event(event_id), self.store.event(other_id)  # both must exist (NotFoundError says so)
            saved = self.store.add_link_decision(LinkDecision("link", event_id, other_id, reason, author,
                                                              dt.datetime.now()))
            self._apply_decision([event_id, other_id])
        return saved

    def unlink(self, event_id: str, mention_id: str, reason: str, author: str) -> LinkDecision:
        """An analyst takes a mention out of its event; it forms an event of its own, kept across re-runs."""
        from warlog.errors import InputError

        with self.store.transaction():
            event = self.store.event(event_id)
            if mention_id not in event.mention_ids:
                raise InputError(f"mention {mention_id!r} is not in event {event_id}; `warlog show {event_id}` "
                                 "lists its mentions")
            if len(event.mention_ids) < 2:
                raise InputError(f"{mention_id} is the only mention of {event_id}: nothing to unlink it from")
            saved = self.store.add_link_decision(LinkDecision("unlink", event_id, mention_id, reason, author,
                                                              dt.datetime.now()))
            self._apply_decision([event_id])
        return saved

    def _apply_decision(self, event_ids: list[str]) -> None:
        loaded = [x for x in (self._event_with_mentions(e) for e in event_ids) if x is not None]
        known = {m.id: m for _, ms in loaded for m in ms}
        events, gone = apply_decisions(self.linker, [e for e, _ in loaded], self.store.link_decisions(), known,
                                       self._event_with_mentions)
        self.store.delete_events(gone)
        self.store.put_events(self._corrected(events))
