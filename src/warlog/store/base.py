"""The Store protocol every backend implements, and the filter it understands."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, Protocol, Sequence

from warlog.records import Actor, ActorLink, Correction, Event, LinkDecision, Mention, Place, Report, Span


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What `events`/`trend` select on. Actor filtering is the query layer's job (it needs the registry)."""

    countries: tuple[str, ...] = ()  # English country names
    event_types: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None


class Store(Protocol):
    def close(self) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all."""

    def ingest_transaction(self) -> AbstractContextManager[None]:
        """An ingest's transaction: a shared server's store may take its writer lock only at the first write."""

    def stored_meanwhile(self, report_ids: Sequence[str]) -> set[str]:
        """Of these reports found new at an ingest's start, those another writer stored since."""

    # reports
    def known_report_ids(self, ids: Sequence[str]) -> set[str]: ...
    def add_reports(self, reports: Sequence[tuple[Report, int, str | None]]) -> None:
        """(report, mention count, reason when it yielded no event)."""
    def report(self, report_id: str) -> Report: ...
    def iter_reports(self, batch_size: int = 500) -> Iterator[list[Report]]: ...
    def reports(self, report_ids: Sequence[str]) -> list[Report]: ...
    def reports_without_events(self) -> list[tuple[str, str]]: ...
    def set_report_outcome(self, outcomes: Sequence[tuple[str, int, str | None]]) -> None: ...
    def report_fingerprints(self, report_ids: Sequence[str]) -> dict[str, str]:
        """A hash of each report's words: reports with equal hashes carry the same account."""

    # mentions and events
    def add_mentions(self, mentions: Sequence[Mention]) -> None: ...
    def mentions(self, mention_ids: Sequence[str], with_spans: bool = True) -> list[Mention]: ...
    def candidate_events(self, countries: Sequence[str], start: dt.date, end: dt.date,
                         known: Mapping[str, Event] | None = None) -> list[Event]:
        """Events in these countries whose dates meet [start, end]: what a new mention may join. `known`: events
        read before and not written since, given back as they are rather than read again."""
    def put_events(self, events: Sequence[Event]) -> None:
        """Insert or replace these events with their actors and mention links."""
    def event(self, event_id: str) -> Event: ...
    def events(self, where: EventFilter = EventFilter()) -> Iterator[Event]: ...
    def clear_derived(self) -> None:
        """Delete mentions and events (not reports, corrections or actors): before a re-extraction."""

    # corrections
    def add_correction(self, correction: Correction) -> Correction: ...
    def corrections(self, event_id: str | None = None) -> list[Correction]: ...

    # analysts' linking decisions
    def add_link_decision(self, decision: LinkDecision) -> LinkDecision: ...
    def link_decisions(self) -> list[LinkDecision]: ...
    def delete_events(self, event_ids: Sequence[str]) -> None: ...
    def event_of_mentions(self, mention_ids: Sequence[str]) -> dict[str, str]: ...

    # reference data
    def put_actors(self, actors: Iterable[Actor], links: Iterable[ActorLink]) -> None: ...
    def put_places(self, places: Iterable[Place]) -> None: ...
    def counts(self) -> dict[str, int]: ...
    def spans_of(self, mention_ids: Sequence[str]) -> dict[str, dict[str, list[Span]]]: ...

    # whole tables: `warlog migrate` between backends, and tests that compare two databases
    def table_columns(self, table: str) -> list[str]: ...
    def table_rows(self, table: str, batch_size: int = 5000) -> Iterator[list[tuple]]:
        """Every row, in a deterministic order (reports in the order they were stored)."""
    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None: ...
