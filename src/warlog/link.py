"""Linking (dedup): mentions of the same happening join one event; the merged fields follow stated rules.

warlog.link.rules.v1 joins a mention to a stored or new event when the dates overlap, the country and
region agree, the kind of event agrees, the places agree (same location, or within 25 km), and the
perpetrators do not contradict each other (same actor, or tied in the actor registry at that date, or
one side unnamed). Mentions from the same report are never joined: the extractor already split them.

Event ids are stable: an event's id is derived from the first mention that formed it, so re-running
over the same reports in the same order gives the same ids.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from warlog.actors import ActorRegistry
from warlog.records import ActorRef, Event, Fatalities, Mention, PlaceRef

NAME = "warlog.link.rules.v1"
NEAR_KM = 25.0
SAME_SPOT_KM = 2.0
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def event_id_for(mention_id: str) -> str:
    return "ev-" + hashlib.sha1(mention_id.encode()).hexdigest()[:12]


def _targets(m: Mention) -> set[str]:
    return {a.actor_id for a in m.actors if a.role in ("target", "associated_target") and a.actor_id}


def _counts_disagree(a: int | None, b: int | None) -> bool:
    """Tolls that no revision explains (3 against 40): different events. Early and late tolls differ, so allow
    a wide margin."""
    if not a or not b:
        return False
    low, high = sorted((a, b))
    return high > 3 * low + 5


def _km(a: PlaceRef, b: PlaceRef) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


@dataclass(slots=True)
class _Cluster:
    """An event being linked: its mentions, and the event id it has or will have."""

    id: str
    mentions: list[Mention]


class Linker:
    name = NAME

    def __init__(self, actors: ActorRegistry):
        self.actors = actors

    # --- deciding ----------------------------------------------------------------------------------

    def same_event(self, m: Mention, other: Mention) -> tuple[bool, str]:
        """Whether two mentions tell of one event, and the features that decided."""
        if m.report_id == other.report_id:
            return False, "same report"
        if m.date is None or other.date is None:
            return False, "no date"
        if not m.date.overlaps(other.date):
            return False, "dates apart"
        if m.event_type != other.event_type and not ({m.event_type, other.event_type} <= VIOLENT):
            return False, "different kinds of event"
        if m.event_type not in VIOLENT and m.sub_event_type != other.sub_event_type:
            return False, "different kinds of event"
        if _counts_disagree(m.fatalities.best, other.fatalities.best):
            return False, "death tolls too far apart"
        place_ok, place_why = self._same_place(m.place, other.place)
        if not place_ok:
            return False, place_why
        actor_ok, actor_why = self._same_perpetrator(m, other)
        if not actor_ok:
            return False, actor_why
        mine, theirs = _targets(m), _targets(other)
        if mine and theirs and not mine & theirs:
            return False, "different targets"
        if m.event_type != other.event_type and actor_why == "perpetrator unnamed":
            return False, "different kinds of event, nothing else ties them"
        if m.event_type not in VIOLENT and actor_why == "perpetrator unnamed":
            # protests, riots and arrests in one town on one day are often several: a shared actor must tie them
            return False, "no actor ties them"
        return True, f"dates overlap; {place_why}; {actor_why}"

    @staticmethod
    def _same_place(a: PlaceRef | None, b: PlaceRef | None) -> tuple[bool, str]:
        if a is None or b is None or a.country is None or b.country is None:
            return False, "place unknown"
        if a.country != b.country:
            return False, "different countries"
        if a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return False, "different regions"
        if a.location and b.location and a.location == b.location:
            return True, f"same location {a.location}"
        distance = _km(a, b)
        if distance is None:
            return False, "different locations"
        if distance <= SAME_SPOT_KM:
            return True, f"places {distance:.1f} km apart (one place, spelled two ways)"
        if distance <= NEAR_KM and max(a.geo_precision, b.geo_precision) >= 2 and min(a.geo_precision, b.geo_precision) <= 2:
            # "near X" may be the village Y a report names exactly; two exact villages are two places
            return True, f"places {distance:.0f} km apart, one given only as near"
        return False, "different locations"

    def _same_perpetrator(self, m: Mention, other: Mention) -> tuple[bool, str]:
        mine = self._named_perpetrators(m)
        theirs = self._named_perpetrators(other)
        if not mine or not theirs:
            return True, "perpetrator unnamed"
        if mine & theirs:
            return True, "same perpetrator"
        day = m.date.start if m.date else None
        for a in mine:
            for b in theirs:
                if day and (self.actors.is_linked(a, b, day) is not None or self.actors.is_linked(b, a, day) is not None):
                    return True, f"perpetrators tied in the registry ({a}, {b})"
        return False, "different perpetrators"

    def _named_perpetrators(self, m: Mention) -> set[str]:
        ids = {a.actor_id for a in m.actors if a.role in ("perpetrator", "associated_perpetrator") and a.actor_id}
        ids |= {c for c in m.claimed_by if c}
        return {i for i in ids if self.actors.get(i).kind != "unidentified"}

    # --- linking -----------------------------------------------------------------------------------

    def link(self, mentions: Sequence[Mention], existing: Sequence[tuple[Event, Sequence[Mention]]]) -> list[Event]:
        """Join new mentions into the existing events (given with their mentions) or into new events.

        Returns the events that are new or gained a mention, with merged fields recomputed.
        """
        # blocking: a mention is compared only with events of its own country
        by_country: dict[str | None, list[_Cluster]] = defaultdict(list)
        for e, ms in existing:
            by_country[e.place.country if e.place else None].append(_Cluster(e.id, list(ms)))
        changed: dict[str, _Cluster] = {}
        why: dict[str, str] = {}
        for m in mentions:
            country = m.place.country if m.place else None
            best, best_why = None, ""
            for cluster in by_country[country] if country else ():
                ok, reason = self._joins(m, cluster)
                if ok:
                    best, best_why = cluster, reason
                    break
            if best is None:
                best = _Cluster(event_id_for(m.id), [])
                by_country[country].append(best)
                best_why = "first report of this event"
            best.mentions.append(m)
            changed[best.id] = best
            why[m.id] = best_why
        return [self.merge(c.id, c.mentions, why) for c in changed.values()]

    def _joins(self, m: Mention, cluster: _Cluster) -> tuple[bool, str]:
        if any(x.report_id == m.report_id for x in cluster.mentions):
            return False, "same report"
        if m.date is not None and any(o.date is not None and not m.date.overlaps(o.date) for o in cluster.mentions):
            return False, "dates apart from part of the event"
        reasons = []
        for other in cluster.mentions:
            ok, reason = self.same_event(m, other)
            if ok:
                reasons.append(f"with {other.id}: {reason}")
        return (True, reasons[0]) if reasons else (False, "")

    # --- merging -----------------------------------------------------------------------------------

    def merge(self, event_id: str, mentions: Sequence[Mention], why: dict[str, str] | None = None) -> Event:
        """The event's fields from its mentions, each by a stated rule."""
        ms = sorted(mentions, key=lambda m: m.id)
        lead = max(ms, key=lambda m: m.confidence)
        rules: dict[str, str] = {}

        votes = Counter((m.event_type, m.sub_event_type) for m in ms)
        (event_type, sub_event_type), n = votes.most_common(1)[0]
        if n == 1 and len(votes) > 1:
            event_type, sub_event_type = lead.event_type, lead.sub_event_type
        rules["event_type"] = f"most mentions say so ({n} of {len(ms)})" if n > 1 else "the most confident mention"

        dated = [m for m in ms if m.date is not None]
        date = min((m.date for m in dated), key=lambda d: ((d.end - d.start).days, d.start), default=None)
        rules["date"] = "the most precise date given"

        placed = [m for m in ms if m.place is not None]
        place = min((m.place for m in placed), key=lambda p: (p.geo_precision, p.place is None), default=None)
        rules["place"] = "the most precise place given"

        bests = [m.fatalities.best for m in ms if m.fatalities.best is not None]
        lows = [m.fatalities.low for m in ms if m.fatalities.low is not None]
        highs = [x for m in ms for x in (m.fatalities.high, m.fatalities.best) if x is not None]
        wounded = [m.fatalities.wounded for m in ms if m.fatalities.wounded is not None]
        fatalities = Fatalities(low=min(lows) if lows else None, best=min(bests) if bests else None,
                                high=max(highs) if highs else None, wounded=min(wounded) if wounded else None)
        rules["fatalities"] = ("low: lowest reported; best: the most conservative figure reported (ACLED's rule); "
                               "high: highest reported")
        if not bests and not lows:
            fatalities = Fatalities(low=0, best=0, high=0, wounded=fatalities.wounded)
            rules["fatalities"] = "no source reports deaths: 0, as ACLED codes it"

        actors = self._merge_actors(lead, ms)
        rules["actors"] = "the most confident mention's actors first; others' kept as associated"
        claimed = tuple(dict.fromkeys(c for m in ms for c in m.claimed_by))
        rules["claimed_by"] = "every claim reported"
        if why:
            for m in ms:
                if m.id in why:
                    rules[f"link:{m.id}"] = why[m.id]

        confidence = min(0.99, lead.confidence + 0.05 * (len({m.report_id for m in ms}) - 1))
        return Event(
            id=event_id, mention_ids=tuple(m.id for m in ms),
            report_ids=tuple(dict.fromkeys(m.report_id for m in ms)), event_type=event_type,
            sub_event_type=sub_event_type, actors=actors, place=place, date=date, fatalities=fatalities,
            claimed_by=claimed, confidence=round(confidence, 2), rules=rules, linker=NAME)

    @staticmethod
    def _merge_actors(lead: Mention, ms: Sequence[Mention]) -> tuple[ActorRef, ...]:
        out: list[ActorRef] = list(lead.actors)
        seen = {(a.actor_id or a.phrase) for a in out}
        side = {"perpetrator": "associated_perpetrator", "associated_perpetrator": "associated_perpetrator",
                "target": "associated_target", "associated_target": "associated_target"}
        for m in ms:
            for a in m.actors:
                key = a.actor_id or a.phrase
                if key not in seen:
                    seen.add(key)
                    has_main = any(x.role == a.role for x in out)
                    out.append(ActorRef(side[a.role] if has_main else a.role, a.actor_id, a.name, a.phrase))
        order = {"perpetrator": 0, "associated_perpetrator": 1, "target": 2, "associated_target": 3}
        return tuple(sorted(out, key=lambda a: order[a.role]))

