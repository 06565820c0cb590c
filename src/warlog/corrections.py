"""Analysts' corrections: which fields can be corrected, how a value is read, how it is applied to an event.

Corrections are stored apart from machine output and applied to events every time events are
(re)built, so a re-extraction never loses a human's work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Callable, Sequence

from warlog.actors import ActorRegistry
from warlog.errors import InputError
from warlog.records import ActorRef, Correction, DateInterval, Event, Fatalities, PlaceRef

PLACE_FIELDS = ("country", "admin1", "admin2", "admin3", "location")
FIELDS = ("event_type", "sub_event_type", "date", "fatalities", "fatalities_low", "fatalities_high", "wounded",
          "actor1", "actor2", "claimed_by", *PLACE_FIELDS, "latitude", "longitude", "geo_precision")


def _date(value: str) -> DateInterval:
    """"2017-04-18" (a day) or "2017-04-17..2017-04-23" (an interval, week precision or wider)."""
    try:
        if ".." in value:
            a, b = (dt.date.fromisoformat(x.strip()) for x in value.split("..", 1))
            days = (b - a).days
            if days < 0:
                raise ValueError
            precision = "day" if days == 0 else "week" if days <= 7 else "month" if days <= 31 else "year"
            return DateInterval(a, b, precision)
        day = dt.date.fromisoformat(value.strip())
        return DateInterval(day, day, "day")
    except ValueError:
        raise InputError(f"date {value!r}: give YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD") from None


def _count(value: str) -> int:
    if not value.strip().isdigit():
        raise InputError(f"{value!r} is not a count: give a whole number such as 4")
    return int(value)


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise InputError(f"{value!r} is not a number") from None


def validate(field: str, value: str, actors: ActorRegistry) -> None:
    """Raise InputError (saying what is allowed) when a correction could not be applied."""
    if field not in FIELDS:
        raise InputError(f"cannot correct {field!r}: correctable fields are {', '.join(FIELDS)}")
    apply_one(_blank_event(), Correction("x", field, value, "", "", dt.datetime.now()), actors)


def apply_one(event: Event, c: Correction, actors: ActorRegistry) -> Event:
    place = event.place or PlaceRef(place=None, country=None)
    setters: dict[str, Callable[[], Event]] = {
        "event_type": lambda: replace(event, event_type=c.value),
        "sub_event_type": lambda: replace(event, sub_event_type=c.value),
        "date": lambda: replace(event, date=_date(c.value)),
        "fatalities": lambda: replace(event, fatalities=_fatalities(event.fatalities, best=_count(c.value))),
        "fatalities_low": lambda: replace(event, fatalities=_fatalities(event.fatalities, low=_count(c.value))),
        "fatalities_high": lambda: replace(event, fatalities=_fatalities(event.fatalities, high=_count(c.value))),
        "wounded": lambda: replace(event, fatalities=_fatalities(event.fatalities, wounded=_count(c.value))),
        "actor1": lambda: replace(event, actors=_set_actor(event.actors, "perpetrator", c.value, actors)),
        "actor2": lambda: replace(event, actors=_set_actor(event.actors, "target", c.value, actors)),
        "claimed_by": lambda: replace(event, claimed_by=tuple(_actor_id(v.strip(), actors)
                                                                for v in c.value.split(";") if v.strip())),
        "latitude": lambda: replace(event, place=replace(place, latitude=_number(c.value))),
        "longitude": lambda: replace(event, place=replace(place, longitude=_number(c.value))),
        "geo_precision": lambda: replace(event, place=replace(place, geo_precision=_precision(c.value))),
    }
    for name in PLACE_FIELDS:
        setters[name] = (lambda n=name: replace(event, place=replace(place, **{n: c.value})))
    if c.field not in setters:
        raise InputError(f"cannot correct {c.field!r}: correctable fields are {', '.join(FIELDS)}")
    corrected = setters[c.field]()
    rules = {**corrected.rules, c.field: f"correction #{c.id} by {c.author} ({c.created:%Y-%m-%d %H:%M}): {c.reason}"}
    return replace(corrected, rules=rules)


def apply_all(event: Event, corrections: Sequence[Correction], actors: ActorRegistry) -> Event:
    """Every correction for this event, oldest first, so the latest word wins."""
    for c in sorted(corrections, key=lambda c: (c.created, c.id or 0)):
        event = apply_one(event, c, actors)
    return event


def _precision(value: str) -> int:
    if value.strip() not in ("1", "2", "3"):
        raise InputError(f"geo_precision {value!r}: give 1 (the place), 2 (near it) or 3 (the region)")
    return int(value)


def _fatalities(f: Fatalities, **changes: int) -> Fatalities:
    return replace(f, **changes)


def _actor_id(name: str, actors: ActorRegistry) -> str:
    actor = actors.lookup(name)
    if actor is None:
        hint = ", ".join(a.name for a in actors.search(name)[:3])
        raise InputError(f"unknown actor {name!r}" + (f"; did you mean: {hint}?" if hint else
                                                      "; `warlog actors` lists known actors"))
    return actor.id


def _set_actor(refs: tuple[ActorRef, ...], role: str, name: str, actors: ActorRegistry) -> tuple[ActorRef, ...]:
    actor = actors.get(_actor_id(name, actors))
    new = ActorRef(role=role, actor_id=actor.id, name=actor.name, phrase=name)  # type: ignore[arg-type]
    rest = [a for a in refs if a.role != role]
    return tuple(sorted([new, *rest], key=lambda a: ("perpetrator", "associated_perpetrator", "target",
                                                     "associated_target").index(a.role)))


def _blank_event() -> Event:
    return Event(id="x", mention_ids=(), report_ids=(), event_type="", sub_event_type="", actors=(), place=None,
                 date=None, fatalities=Fatalities(), claimed_by=(), confidence=0.0)
