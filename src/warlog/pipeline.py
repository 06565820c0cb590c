"""The order of the stages: ingest -> extract -> (resolve) -> link -> store. Only this module knows it.

A batch (one `ingest` call) is one transaction: it is stored whole or not at all. Inside it, reports are
processed in chunks so memory stays flat however long the input is.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from warlog import corrections as corr
from warlog.actors import ActorRegistry
from warlog.extract import Extraction, Extractor, make_extractor
from warlog.geocode import Geocoder
from warlog.link import Linker
from warlog.records import Correction, Event, Mention, Report, Skipped
from warlog.store import Store

log = logging.getLogger(__name__)

CHUNK = 200
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


class Pipeline:
    """The stages, wired. Every dependency can be passed in; defaults are the shipped components."""

    def __init__(self, store: Store, *, actors: ActorRegistry | None = None, geocoder: Geocoder | None = None,
                 extractor: Extractor | None = None, linker: Linker | None = None):
        self.store = store
        self.actors = actors if actors is not None else ActorRegistry.load()
        self._geocoder = geocoder
        self._extractor = extractor
        self.linker = linker if linker is not None else Linker(self.actors)

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
        with self.store.transaction():
            self.store.put_actors(self.actors.all(), self.actors.links())
            chunk: list[Report] = []
            seen: set[str] = set()
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
                    self._ingest_chunk(chunk, summary, progress)
                    chunk = []
            self._ingest_chunk(chunk, summary, progress)
        return summary

    def _ingest_chunk(self, reports: list[Report], summary: Summary,
                      progress: Callable[[int], None] | None) -> None:
        if not reports:
            return
        known = self.store.known_report_ids([r.id for r in reports])
        new = [r for r in reports if r.id not in known]
        summary.already_present += len(reports) - len(new)
        if new:
            extractions = self._timed(summary, "extract", lambda: self.extractor.extract_many(new))
            self._store_extractions(new, extractions, summary, new_reports=True)
        if progress:
            progress(len(reports))

    def _store_extractions(self, reports: Sequence[Report], extractions: Sequence[Extraction], summary: Summary,
                           *, new_reports: bool) -> None:
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
        self._timed(summary, "store", lambda: self.store.put_events(self._corrected(events)))
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
            # a mention with no country joins nothing (see Linker.same_event), so it needs no candidates
            countries = sorted({m.place.country for m in mentions if m.place and m.place.country})
            start = min(d.start for d in dated) - LINK_WINDOW
            end = max(d.end for d in dated) + LINK_WINDOW
            candidates = self.store.candidate_events(countries, start, end) if countries else []
            by_id = {m.id: m for m in self.store.mentions([mid for e in candidates for mid in e.mention_ids],
                                                          with_spans=False)}
            existing = [(e, [by_id[mid] for mid in e.mention_ids if mid in by_id]) for e in candidates]
        return self.linker.link(mentions, existing)

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
        with self.store.transaction():
            self.store.clear_derived()
            self.store.put_actors(self.actors.all(), self.actors.links())
            for batch in self.store.iter_reports(CHUNK):
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
