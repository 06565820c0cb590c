"""Records to table rows and back: the part of a store that does not depend on the database.

Each backend runs its own SQL and hands the rows it reads to these functions, so that DuckDB and
PostgreSQL build the very same records.
"""

from __future__ import annotations

import hashlib
import json
from typing import Sequence

from warlog.records import ActorRef, DateInterval, Event, Fatalities, LinkDecision, Mention, Place, PlaceRef, Span

# Columns shared by the mentions and events tables, in table order.
_DATE_COLS = ["date_start", "date_end", "date_precision"]
_PLACE_COLS = ["place_id", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
               "geo_precision", "geo_explanation"]
_FATALITY_COLS = ["fatalities_low", "fatalities_best", "fatalities_high", "wounded"]


def _date_values(date: DateInterval | None) -> list:
    return [date.start, date.end, date.precision] if date else [None, None, None]


def _place_values(place: PlaceRef | None) -> list:
    if place is None:
        return [None] * len(_PLACE_COLS)
    return [place.place.id if place.place else None, place.country, place.admin1, place.admin2, place.admin3,
            place.location, place.latitude, place.longitude, place.geo_precision, place.explanation]


def _fatality_values(f: Fatalities) -> list:
    return [f.low, f.best, f.high, f.wounded]


def _row_date(row: dict) -> DateInterval | None:
    if row["date_start"] is None:
        return None
    return DateInterval(row["date_start"], row["date_end"], row["date_precision"])


def _row_place(row: dict) -> PlaceRef | None:
    if row["country"] is None and row["location"] is None:
        return None
    place = None
    if row["place_id"]:
        place = Place(id=row["place_id"], name=row["location"] or "", country_code="", country=row["country"] or "",
                      admin1=row["admin1"], admin2=row["admin2"], admin3=row["admin3"],
                      latitude=row["latitude"], longitude=row["longitude"])
    return PlaceRef(place=place, country=row["country"], admin1=row["admin1"], admin2=row["admin2"],
                    admin3=row["admin3"], location=row["location"], latitude=row["latitude"],
                    longitude=row["longitude"], geo_precision=row["geo_precision"] or 3,
                    explanation=row["geo_explanation"] or "")


def _row_fatalities(row: dict) -> Fatalities:
    return Fatalities(row["fatalities_low"], row["fatalities_best"], row["fatalities_high"], row["wounded"])


def report_of_mentions(mention_ids: Sequence[str]) -> list[str]:
    # a mention id is "<report_id>#<index>"; report ids may themselves contain '#'
    return [mid.rsplit("#", 1)[0] for mid in mention_ids]


def mention_rows(mentions: Sequence[Mention]) -> tuple[list[list], list[list], list[list]]:
    """Rows for the mentions, mention_actors and spans tables."""
    mention, actor, span = [], [], []
    for m in mentions:
        mention.append([m.id, m.report_id, m.index, m.event_type, m.sub_event_type, *_date_values(m.date),
                        *_place_values(m.place), *_fatality_values(m.fatalities), json.dumps(m.claimed_by),
                        m.stated, m.confidence, m.extractor])
        for pos, a in enumerate(m.actors):
            actor.append([m.id, pos, a.role, a.actor_id, a.name, a.phrase])
        for name, spans in m.spans.items():
            for s in spans:
                span.append([m.id, name, s.report_id, s.start, s.end, s.text, s.sentence])
    return mention, actor, span


def event_rows(events: Sequence[Event]) -> tuple[list[list], list[list], list[list]]:
    """Rows for the events, event_actors and event_mentions tables."""
    event, actor, member = [], [], []
    for e in events:
        event.append([e.id, e.event_type, e.sub_event_type, *_date_values(e.date), *_place_values(e.place),
                      *_fatality_values(e.fatalities), json.dumps(e.claimed_by), e.confidence,
                      json.dumps(dict(e.rules)), e.linker])
        for pos, a in enumerate(e.actors):
            actor.append([e.id, pos, a.role, a.actor_id, a.name, a.phrase])
        for mid, rid in zip(e.mention_ids, report_of_mentions(e.mention_ids)):
            member.append([e.id, mid, rid])
    return event, actor, member


def mention_from_row(r: dict, actors: dict[str, list[ActorRef]],
                     spans: dict[str, dict[str, list[Span]]]) -> Mention:
    return Mention(id=r["id"], report_id=r["report_id"], index=r["idx"], event_type=r["event_type"],
                   sub_event_type=r["sub_event_type"], actors=tuple(actors.get(r["id"], ())),
                   place=_row_place(r), date=_row_date(r), fatalities=_row_fatalities(r),
                   claimed_by=tuple(json.loads(r["claimed_by"])), stated=r["stated"], confidence=r["confidence"],
                   spans={f: tuple(s) for f, s in spans.get(r["id"], {}).items()}, extractor=r["extractor"])


def event_from_row(r: dict, actors: dict[str, list[ActorRef]], members: dict[str, list[tuple[str, str]]]) -> Event:
    """`members`: event id -> [(mention id, report id)], in mention order."""
    mine = members.get(r["id"], ())
    return Event(
        id=r["id"], mention_ids=tuple(m for m, _ in mine), report_ids=tuple(dict.fromkeys(rid for _, rid in mine)),
        event_type=r["event_type"], sub_event_type=r["sub_event_type"], actors=tuple(actors.get(r["id"], ())),
        place=_row_place(r), date=_row_date(r), fatalities=_row_fatalities(r),
        claimed_by=tuple(json.loads(r["claimed_by"])), confidence=r["confidence"], rules=json.loads(r["rules"]),
        linker=r["linker"])


# --- the trend tables (schema 3): what query.trend reads, derived from events -------------------------------

CLAIMED = "claimed"  # trend_actors.role of a claimant; its position is CLAIMANT_POSITION + its index in claimed_by
CLAIMANT_POSITION = 1000
# the roles trend_actors.perpetrators counts: those query.trend takes by default (query.PERPETRATOR_ROLES), claimants
PERPETRATOR_ROLES = ("perpetrator", "associated_perpetrator", CLAIMED)


def link_decision_from_row(r: dict) -> LinkDecision:
    return LinkDecision(kind=r["kind"], event_id=r["event_id"], other=r["other"], reason=r["reason"],
                        author=r["author"], created=r["created"], id=r["id"])


def key(text: str) -> int:
    """A 60-bit number standing for an event or actor id in the trend tables: the first 15 hex digits of the
    id's md5. SQL computes the same (DuckDB: ('0x' || md5(id)[:15])::BIGINT)."""
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:15], 16)


def origin_of(event_id: str) -> str:
    """'acled' or 'ucdp' for imported events (ids 'acled:...', 'ucdp:...'), else 'reports'."""
    prefix = event_id.split(":", 1)[0] if ":" in event_id else ""
    return prefix if prefix in ("acled", "ucdp") else "reports"


def report_list(event: Event) -> list[str]:
    """An event's report ids in the order its stored mentions give them (by mention id), each once."""
    return list(dict.fromkeys(r for _, r in sorted(zip(event.mention_ids, report_of_mentions(event.mention_ids)))))


def trend_rows(events: Sequence[Event]) -> tuple[list[list], list[list]]:
    """Rows for trend_events and trend_actors: dated events only (an undated event is never counted)."""
    ev, act = [], []
    for e in events:
        if e.date is None:
            continue
        k, start = key(e.id), e.date.start
        reports = report_list(e)
        # as the events table reads back: a place with neither country nor location is no place (_row_place)
        place = e.place if e.place and (e.place.country is not None or e.place.location is not None) else None
        perpetrator = next((a.actor_id for a in e.actors if a.role == "perpetrator" and a.actor_id), None)
        row = [k, e.id, start, e.date.end, e.event_type, place.country if place else None,
               place.admin1 if place else None, place.latitude if place else None,
               place.longitude if place else None, e.fatalities.best or 0, e.confidence, origin_of(e.id),
               len(reports), perpetrator, json.dumps(reports, separators=(",", ":"), ensure_ascii=False)]
        ev.append(row)
        mine = [(a.actor_id, a.role, pos) for pos, a in enumerate(e.actors) if a.actor_id]
        mine += [(c, CLAIMED, CLAIMANT_POSITION + i) for i, c in enumerate(e.claimed_by)]
        perpetrators = sum(role in PERPETRATOR_ROLES for _, role, _ in mine)
        for actor_id, role, pos in mine:
            act.append([key(actor_id), role, pos, actor_id, perpetrators, len(mine), *row])
    return ev, act
