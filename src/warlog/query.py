"""Questions over stored events: lists, one event in full, and trends where every number lists its events."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator, Sequence

from warlog.actors import ActorRegistry
from warlog.errors import InputError, NotFoundError
from warlog.geocode import Gazetteer
from warlog.records import Answer, AnswerRow, Correction, Event, Mention, Report, Span
from warlog.store import EventFilter, Store

# "attacks": organised political violence in ACLED's terms (not protests, riots or strategic developments)
TYPE_GROUPS = {
    "attacks": ("Battles", "Explosions/Remote violence", "Violence against civilians"),
    "political-violence": ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"),
}
EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments")
PERIODS = ("year", "quarter", "month", "week")
PERPETRATOR_ROLES = ("perpetrator", "associated_perpetrator")


def parse_types(value: str | None) -> tuple[str, ...]:
    """'attacks', an ACLED event type, or several joined by commas."""
    if not value:
        return ()
    out: list[str] = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        if part.lower() in TYPE_GROUPS:
            out.extend(TYPE_GROUPS[part.lower()])
            continue
        match = next((t for t in EVENT_TYPES if t.lower() == part.lower()), None)
        if match is None:
            raise InputError(f"unknown event type {part!r}: use 'attacks' or one of {', '.join(EVENT_TYPES)}")
        out.append(match)
    return tuple(dict.fromkeys(out))


def parse_where(value: str | None, gazetteer: Gazetteer) -> tuple[str, ...]:
    """'Mali+neighbours', 'Mali,Niger', 'ML,BF' -> English country names, as events store them."""
    if not value:
        return ()
    names: list[str] = []
    for part in (p.strip() for p in value.split(",") if p.strip()):
        base, plus, extra = part.partition("+")
        code = gazetteer.country_code(base.strip())
        if code is None:
            raise InputError(f"unknown country {base.strip()!r} in --where: give country names or ISO codes, "
                             "e.g. 'Mali+neighbours' or 'Mali,Niger'")
        names.append(gazetteer.country_name(code))
        if plus:
            if extra.strip().lower() not in ("neighbours", "neighbors"):
                raise InputError(f"--where {part!r}: only '+neighbours' may follow a country")
            names.extend(gazetteer.country_name(n) for n in gazetteer.neighbours(code))
    return tuple(dict.fromkeys(names))


def resolve_actor(name: str, actors: ActorRegistry) -> str:
    actor = actors.lookup(name)
    if actor is None:
        hint = ", ".join(a.name for a in actors.search(name)[:3])
        raise NotFoundError(f"unknown actor {name!r}" + (f"; did you mean: {hint}?" if hint else ""))
    return actor.id


@dataclass(frozen=True, slots=True)
class Selected:
    event: Event
    via: str  # why the event is in the answer ("" when no actor filter)


def select(store: Store, actors: ActorRegistry, where: EventFilter, *, actor: str | None = None,
           linked: bool = False, any_role: bool = False) -> Iterator[Selected]:
    """Events matching the filter; with an actor, those it (or, with `linked`, its family that day) carried out."""
    root = resolve_actor(actor, actors) if actor else None
    for event in store.events(where):
        if root is None:
            yield Selected(event, "")
            continue
        via = _actor_via(event, root, actors, linked, any_role)
        if via is not None:
            yield Selected(event, via)


def _actor_via(event: Event, root: str, actors: ActorRegistry, linked: bool, any_role: bool) -> str | None:
    candidates = [a.actor_id for a in event.actors if a.actor_id and (any_role or a.role in PERPETRATOR_ROLES)]
    candidates += list(event.claimed_by)
    for actor_id in dict.fromkeys(candidates):
        if actor_id == root:
            return actors.get(actor_id).name
        if linked and event.date is not None:
            path = actors.is_linked(actor_id, root, event.date.start)
            if path:
                steps = " -> ".join(f"{k.relation} {actors.get(k.other_id).name}" for k in path)
                return f"{actors.get(actor_id).name} ({steps}, as of {event.date.start})"
    return None


def period_of(day: dt.date, by: str) -> str:
    if by == "year":
        return f"{day.year}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if by == "month":
        return f"{day:%Y-%m}"
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    raise InputError(f"--by {by!r}: use one of {', '.join(PERIODS)}")


def trend(store: Store, actors: ActorRegistry, gazetteer: Gazetteer, *, actor: str | None = None,
          linked: bool = False, where: str | None = None, types: str | None = None, since: dt.date | None = None,
          until: dt.date | None = None, by: str = "year", any_role: bool = False) -> Answer:
    period_of(dt.date(2000, 1, 1), by)  # reject a bad --by before reading anything
    countries = parse_where(where, gazetteer)
    type_list = parse_types(types)
    flt = EventFilter(countries=countries, event_types=type_list, since=since, until=until)
    rows: dict[str, list[Event]] = defaultdict(list)
    via: dict[str, str] = {}
    coarse = 0
    for sel in select(store, actors, flt, actor=actor, linked=linked, any_role=any_role):
        e = sel.event
        if e.date is None:
            continue
        rows[period_of(e.date.start, by)].append(e)
        if sel.via:
            via[e.id] = sel.via
        if e.date.precision in ("month", "year"):
            coarse += 1
    caveats = []
    if coarse:
        caveats.append(f"{coarse} event(s) are dated only to the month or year; each is counted in the period "
                       "its date interval starts in")
    query = {
        "actor": actors.get(resolve_actor(actor, actors)).name if actor else None,
        "linked": linked,
        "roles": "any" if any_role else "perpetrator or claimant",
        "where": list(countries),
        "types": list(type_list),
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "by": by,
        "via": via,
    }
    return Answer(query=query, rows=tuple(
        AnswerRow(period=p, count=len(es), event_ids=tuple(e.id for e in es),
                  report_ids=tuple(dict.fromkeys(r for e in es for r in e.report_ids)))
        for p, es in sorted(rows.items())), caveats=tuple(caveats))


def change(before: int, after: int) -> str:
    if before == 0:
        return "no events the year before to compare with" if after else "no change (none in either year)"
    pct = round(100 * (after - before) / before)
    return f"a {abs(pct)} percent {'increase' if pct >= 0 else 'decrease'} from {before}"


@dataclass(frozen=True, slots=True)
class EventDetail:
    event: Event
    mentions: list[Mention]
    reports: dict[str, Report]
    spans: dict[str, dict[str, list[Span]]]
    corrections: list[Correction]


def event_detail(store: Store, event_id: str) -> EventDetail:
    event = store.event(event_id)
    mentions = store.mentions(event.mention_ids)
    reports = {rid: store.report(rid) for rid in event.report_ids}
    return EventDetail(event, mentions, reports, store.spans_of(event.mention_ids), store.corrections(event_id))


def events_by_id(store: Store, ids: Sequence[str]) -> list[Event]:
    return [store.event(i) for i in ids]
