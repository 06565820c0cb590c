"""Typed records passed between pipeline stages (see DESIGN.md, "Records").

Every stage takes and returns these; no untyped dict crosses a stage boundary.
Records are frozen: a stage that changes a record returns a new one (dataclasses.replace).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Mapping

DatePrecision = Literal["day", "week", "month", "year"]
ActorRole = Literal["perpetrator", "target", "associated_perpetrator", "associated_target"]

# ACLED's time_precision: 1 = the day, 2 = within a week or a few days, 3 = the month or vaguer.
ACLED_TIME_PRECISION: Mapping[str, int] = {"day": 1, "week": 2, "month": 3, "year": 3}


@dataclass(frozen=True, slots=True)
class Report:
    """One document as ingested: the article body only."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: dt.date | None = None
    language: str | None = None
    source: str | None = None  # file (and line) it was read from, for messages


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not become a Report, and why (one line, says what to do)."""

    source: str  # "path" or "path:line"
    reason: str


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a report's text that a field was read from."""

    report_id: str
    start: int
    end: int
    text: str
    sentence: str


@dataclass(frozen=True, slots=True)
class DateInterval:
    start: dt.date
    end: dt.date
    precision: DatePrecision

    @property
    def acled_time_precision(self) -> int:
        return ACLED_TIME_PRECISION[self.precision]

    def overlaps(self, other: "DateInterval", slack_days: int = 0) -> bool:
        slack = dt.timedelta(days=slack_days)
        return self.start - slack <= other.end and other.start - slack <= self.end


@dataclass(frozen=True, slots=True)
class Fatalities:
    low: int | None = None
    best: int | None = None
    high: int | None = None
    wounded: int | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    id: str  # "geonames:<geonameid>" or "ucdp:<...>" or "admin1:ML.08"
    name: str
    country_code: str  # ISO 3166-1 alpha-2
    country: str
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    feature_kind: str | None = None  # GeoNames feature class.code, e.g. "P.PPL", "A.ADM1"
    population: int | None = None
    alternate_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """Where a mention happened, as resolved against the gazetteer."""

    place: Place | None  # None when only the country (or nothing finer) is known
    country: str | None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 3  # ACLED: 1 the place itself, 2 near it / part of a region, 3 only the region
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as a mention names it, resolved to the registry where possible."""

    role: ActorRole
    actor_id: str | None  # registry id; None when the phrase resolved to nothing known
    name: str  # canonical registry name, else the phrase
    phrase: str  # as written in the report


@dataclass(frozen=True, slots=True)
class Mention:
    """One report's account of one event."""

    id: str  # "<report_id>#<index>"
    report_id: str
    index: int
    event_type: str
    sub_event_type: str
    actors: tuple[ActorRef, ...] = ()
    place: PlaceRef | None = None
    date: DateInterval | None = None
    fatalities: Fatalities = Fatalities()
    claimed_by: tuple[str, ...] = ()  # registry actor ids (or phrases when unresolved)
    stated: bool = True  # False when the report only relays a claim
    confidence: float = 0.5
    spans: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)  # field name -> where it came from
    extractor: str = ""  # component name and version, e.g. "warlog.extract.rules.v1"


@dataclass(frozen=True, slots=True)
class Event:
    """A cluster of mentions of the same happening, with merged fields."""

    id: str
    mention_ids: tuple[str, ...]
    report_ids: tuple[str, ...]
    event_type: str
    sub_event_type: str
    actors: tuple[ActorRef, ...]
    place: PlaceRef | None
    date: DateInterval | None
    fatalities: Fatalities
    claimed_by: tuple[str, ...]
    confidence: float
    rules: Mapping[str, str] = field(default_factory=dict)  # field -> the rule that chose its value
    linker: str = ""


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str
    country: str | None = None  # ISO alpha-2, None for international actors
    aliases: tuple[str, ...] = ()
    acled_name: str | None = None


@dataclass(frozen=True, slots=True)
class ActorLink:
    actor_id: str
    relation: Literal["branch_of", "merged_into", "faction_of", "allied_with", "split_from", "affiliate_of"]
    other_id: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: str = ""

    def valid_at(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class Correction:
    """An analyst's override of one field of one event, re-applied after every re-extraction."""

    event_id: str
    field: str
    value: str
    reason: str
    author: str
    created: dt.datetime
    id: int | None = None


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """An analyst's linking decision, kept apart and re-applied after every (re-)linking, like a correction.

    kind "link": event `other` joins event `event_id` (which keeps its id); kind "unlink": mention `other`
    leaves event `event_id` and forms an event of its own."""

    kind: Literal["link", "unlink"]
    event_id: str
    other: str
    reason: str
    author: str
    created: dt.datetime
    id: int | None = None


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One number of an answer: `count` is "at least" (events whose whole date interval lies in [start, end]),
    `up_to` adds the events that may fall inside (coarse dates straddling a boundary). Lists may be one page."""

    period: str
    count: int
    event_ids: tuple[str, ...]
    report_ids: tuple[str, ...]
    group: str | None = None  # the breakdown value (actor family, event type, country, admin1), when asked
    start: dt.date | None = None
    end: dt.date | None = None
    up_to: int | None = None
    uncertain_event_ids: tuple[str, ...] = ()
    fatalities: int = 0  # best estimates summed over the counted events
    change: int | None = None  # count minus the previous period's count (same group)
    change_pct: float | None = None  # None when the previous period counted none
    datasets: Mapping[str, int] = field(default_factory=dict)  # counted events by origin: reports, acled, ucdp


@dataclass(frozen=True, slots=True)
class Answer:
    """A trend question as understood, its numbers, and what each number counts."""

    query: Mapping[str, object]
    rows: tuple[AnswerRow, ...]
    caveats: tuple[str, ...] = ()
    excluded: Mapping[str, int] = field(default_factory=dict)  # e.g. {"low_confidence": 3}: matched, not counted
    state: Mapping[str, object] = field(default_factory=dict)  # database state and warlog version, to reproduce
