"""Questions over stored events: lists, one event in full, and trends where every number lists its events.

`trend` is the one query engine behind `warlog trend`, `warlog answer` and the HTTP API. Its counting is
honest: a period's `count` ("at least") takes only events whose whole date interval lies inside the period;
events that may fall inside (a month- or year-precise date straddling a boundary) are counted apart in
`up_to`. Low-confidence events are left out by default and their number is given in `Answer.excluded`.

On a DuckDB store the counting runs in SQL (GROUP BY over the events table, the linked actors given as a
small table of actor ids per date interval, computed from the registry); on any other store, or with
`engine="python"`, the same answer is computed from `Store.events` in Python. Both give identical answers.
A number's events are listed by first day, then by event key (store.rows.key: a fixed number made from the id).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import gc
import json
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain
from typing import Iterable, Iterator, Sequence

from warlog import __version__
from warlog.actors import WALKED_RELATIONS, ActorRegistry
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
BREAKDOWNS = ("actor-family", "type", "country", "admin1")
DATASETS = ("reports", "acled", "ucdp")  # where an event comes from: extracted from reports, or imported
PERPETRATOR_ROLES = ("perpetrator", "associated_perpetrator")
ALL_ROLES = ("perpetrator", "associated_perpetrator", "target", "associated_target")
# Events below this confidence are left out of trends unless asked for (min_confidence=0), and counted apart.
# The rule extractor gives 0.3 for a bare event, +0.2 for a date, +0.2 for a perpetrator, +0.15 each for a place
# and a target: under 0.5 means no perpetrator and at most one other field.
LOW_CONFIDENCE = 0.5
UNIDENTIFIED = "(unidentified)"
_FAR_PAST, _FAR_FUTURE = dt.date(1, 1, 1), dt.date(9999, 12, 31)
_DAY0 = dt.date(1, 1, 1)  # day numbers in the trend SQL count from here
_ONE_DAY = dt.timedelta(days=1)


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


@dataclass(frozen=True, slots=True)
class PlaceFilter:
    """Where: an event matches when its country is listed or its (country, admin1) is, and lies in the box."""

    countries: tuple[str, ...] = ()  # English country names
    admin1: tuple[tuple[str, str], ...] = ()  # (country name, admin1 name as events store it)
    bbox: tuple[float, float, float, float] | None = None  # west (min lon), south, east, north

    @property
    def empty(self) -> bool:
        return not self.countries and not self.admin1 and self.bbox is None

    def matches(self, country: str | None, admin1: str | None, lat: float | None, lon: float | None) -> bool:
        if self.countries or self.admin1:
            pair = ((country or "").lower(), (admin1 or "").lower())
            if country not in self.countries and pair not in {(c.lower(), a.lower()) for c, a in self.admin1}:
                return False
        if self.bbox is not None:
            west, south, east, north = self.bbox
            if lat is None or lon is None or not (west <= lon <= east and south <= lat <= north):
                return False
        return True


def parse_bbox(value: str | Sequence[float] | None) -> tuple[float, float, float, float] | None:
    """'W,S,E,N' in degrees (longitude, latitude, longitude, latitude) -> a tuple; None stays None."""
    if value is None or value == "":
        return None
    try:
        parts = [float(x) for x in (value.split(",") if isinstance(value, str) else value)]
    except ValueError:
        raise InputError(f"--bbox {value!r}: give four numbers west,south,east,north, e.g. -12,10,4,25") from None
    if len(parts) != 4:
        raise InputError(f"--bbox {value!r}: give four numbers west,south,east,north, e.g. -12,10,4,25")
    west, south, east, north = parts
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InputError(f"--bbox {value!r}: need -180 <= west <= east <= 180 and -90 <= south <= north <= 90")
    return west, south, east, north


def parse_place(value: str | None, gazetteer: Gazetteer, bbox: str | Sequence[float] | None = None) -> PlaceFilter:
    """Comma-separated parts: a country ('Mali', 'ML'), a country and its neighbours ('Mali+neighbours'), an
    admin1 region ('Mopti', 'Burkina Faso/Nord' where the name alone is ambiguous); plus a bounding box."""
    countries: list[str] = []
    admin1: list[tuple[str, str]] = []
    for part in (p.strip() for p in (value or "").split(",") if p.strip()):
        base, plus, extra = part.partition("+")
        code = gazetteer.country_code(base.strip())
        if code is not None:
            countries.append(gazetteer.country_name(code))
            if plus:
                if extra.strip().lower() not in ("neighbours", "neighbors"):
                    raise InputError(f"--where {part!r}: only '+neighbours' may follow a country")
                countries.extend(gazetteer.country_name(n) for n in gazetteer.neighbours(code))
            continue
        if plus:
            raise InputError(f"unknown country {base.strip()!r} in --where: give a country name or ISO code "
                             "before '+neighbours'")
        country_part, slash, region = part.rpartition("/")
        cc = gazetteer.country_code(country_part.strip()) if slash else None
        if slash and cc is None:
            raise InputError(f"unknown country {country_part.strip()!r} in --where {part!r}")
        codes = [c for c in gazetteer.admin_codes_named(region.strip()) if c.count(".") == 1
                 and (cc is None or c.split(".")[0] == cc)]
        if not codes:
            raise InputError(f"unknown place {part!r} in --where: give countries ('Mali', 'ML', 'Mali+neighbours') "
                             "or admin1 regions ('Mopti', 'Burkina Faso/Nord')")
        for c in codes:
            admin1.append((gazetteer.country_name(c.split(".")[0]), gazetteer.admin_name(c) or region.strip()))
    return PlaceFilter(tuple(dict.fromkeys(countries)), tuple(dict.fromkeys(admin1)), parse_bbox(bbox))


def resolve_actor(name: str, actors: ActorRegistry) -> str:
    actor = actors.lookup(name)
    if actor is None:
        hint = ", ".join(a.name for a in actors.search(name)[:3])
        raise NotFoundError(f"unknown actor {name!r}" + (f"; did you mean: {hint}?" if hint else ""))
    return actor.id


def dataset_of(event_id: str) -> str:
    """Where an event comes from: 'acled' or 'ucdp' (imported, ids 'acled:...', 'ucdp:...') or 'reports'."""
    prefix = event_id.split(":", 1)[0] if ":" in event_id else ""
    return prefix if prefix in DATASETS else "reports"


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
    return _via(candidates, event.date.start if event.date else None, root, actors, linked)


def _via(candidates: Iterable[str], day: dt.date | None, root: str, actors: ActorRegistry,
         linked: bool) -> str | None:
    for actor_id in dict.fromkeys(candidates):
        if actor_id == root:
            return actors.get(actor_id).name
        if linked and day is not None:
            path = actors.is_linked(actor_id, root, day)
            if path:
                steps = " -> ".join(f"{k.relation} {actors.get(k.other_id).name}" for k in path)
                return f"{actors.get(actor_id).name} ({steps}, as of {day})"
    return None


class _Why:
    """_via for many events: the path from an actor to the root is the same all through a segment of days
    (_segments), so it is found once per actor and segment."""

    def __init__(self, actors: ActorRegistry, root: str, linked: bool):
        self.actors, self.root, self.linked = actors, root, linked
        self.starts = [d0 for d0, _ in _segments(actors, _FAR_PAST, _FAR_FUTURE)]
        # (actor, segment) -> the reason without its day ("X (branch of Y, as of "), the root's name, or None
        self.heads: dict[tuple[str, int], tuple[str, bool] | None] = {}

    def __call__(self, candidates: Sequence[str], day: dt.date | None) -> str | None:
        for actor_id in (candidates if len(candidates) < 2 else dict.fromkeys(candidates)):
            head = self.head(actor_id, day)
            if head is not None:
                return f"{head[0]}{day})" if head[1] else head[0]
        return None

    def head(self, actor_id: str, day: dt.date | None) -> tuple[str, bool] | None:
        """Why the actor's events count on a day, but for the day: (text, whether the day and ")" follow)."""
        k = (actor_id, bisect.bisect_right(self.starts, day) if day is not None else -1)
        if k not in self.heads:
            self.heads[k] = self._head(actor_id, day)
        return self.heads[k]

    def _head(self, actor_id: str, day: dt.date | None) -> tuple[str, bool] | None:
        if actor_id == self.root:
            return self.actors.get(actor_id).name, False
        if self.linked and day is not None:
            path = self.actors.is_linked(actor_id, self.root, day)
            if path:
                steps = " -> ".join(f"{link.relation} {self.actors.get(link.other_id).name}" for link in path)
                return f"{self.actors.get(actor_id).name} ({steps}, as of ", True
        return None


# --- periods -------------------------------------------------------------------------------------------


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


def period_start(day: dt.date, by: str) -> dt.date:
    if by == "year":
        return dt.date(day.year, 1, 1)
    if by == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if by == "month":
        return day.replace(day=1)
    return day - dt.timedelta(days=day.weekday())  # ISO week: Monday


def next_period(start: dt.date, by: str) -> dt.date:
    if by == "year":
        return dt.date(start.year + 1, 1, 1)
    if by == "week":
        return start + dt.timedelta(days=7)
    months = 3 if by == "quarter" else 1
    month0 = start.month - 1 + months
    return dt.date(start.year + month0 // 12, month0 % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class Window:
    """A period as counted: label and the days it covers (clipped to since/until)."""

    label: str
    start: dt.date
    end: dt.date


def calendar_windows(by: str, lo: dt.date, hi: dt.date, *, clip: bool = True) -> list[Window]:
    """Calendar periods from the one holding `lo` to the one holding `hi`, clipped to [lo, hi] when `clip`."""
    return list(_calendar_windows(by, lo, hi, clip))


@functools.lru_cache(maxsize=64)  # the same periods are asked for again and again (a few ms for 28 years by month)
def _calendar_windows(by: str, lo: dt.date, hi: dt.date, clip: bool) -> tuple[Window, ...]:
    out: list[Window] = []
    start = period_start(lo, by)
    while start <= hi:
        nxt = next_period(start, by)
        end = nxt - dt.timedelta(days=1)
        out.append(Window(period_of(start, by), max(start, lo) if clip else start, min(end, hi) if clip else end))
        start = nxt
    return tuple(out)


def same_span_windows(as_of: dt.date, first_year: int) -> list[Window]:
    """1 January to as_of's day and month, in every year from first_year to as_of's: "so far this year"
    beside the same span of earlier years (29 February becomes 28 February in other years)."""
    if first_year > as_of.year:
        raise InputError(f"since {first_year} is after the as-of date {as_of}")
    out = []
    for year in range(first_year, as_of.year + 1):
        day = min(as_of.day, calendar.monthrange(year, as_of.month)[1])
        out.append(Window(f"{year}", dt.date(year, 1, 1), dt.date(year, as_of.month, day)))
    return out


# --- the actor hierarchy as date intervals -------------------------------------------------------------------


def _segments(actors: ActorRegistry, lo: dt.date, hi: dt.date) -> list[tuple[dt.date, dt.date]]:
    """[lo, hi] cut at every day the registry's links change: within a segment every walk is the same."""
    cuts: set[dt.date] = set()
    for link in actors.links():
        if link.valid_from is not None:
            cuts.add(link.valid_from)
        if link.valid_to is not None and link.valid_to < _FAR_FUTURE:
            cuts.add(link.valid_to + dt.timedelta(days=1))
    out, start = [], lo
    for cut in sorted(c for c in cuts if lo < c <= hi):
        out.append((start, cut - dt.timedelta(days=1)))
        start = cut
    out.append((start, hi))
    return out


def family_of(actors: ActorRegistry, actor_id: str, day: dt.date) -> str:
    """The top of an actor's family on a day: the farthest actor up its branch/faction/affiliate/merger links
    valid that day (JNIM -> al Qaeda; ties by id); the actor itself when it belongs to none."""
    up = _up_links(actors)
    depth = {actor_id: 0}
    frontier = [actor_id]
    while frontier:
        nxt = []
        for current in frontier:
            for link in up.get(current, ()):
                if link.other_id not in depth and link.valid_at(day):
                    depth[link.other_id] = depth[current] + 1
                    nxt.append(link.other_id)
        frontier = nxt
    return min(depth, key=lambda a: (-depth[a], a))


_UP_LINKS: "weakref.WeakKeyDictionary[ActorRegistry, dict[str, list]]" = weakref.WeakKeyDictionary()


def _up_links(actors: ActorRegistry) -> dict[str, list]:
    index = _UP_LINKS.get(actors)
    if index is None:
        index = defaultdict(list)
        for link in actors.links():
            if link.relation in WALKED_RELATIONS:
                index[link.actor_id].append(link)
        _UP_LINKS[actors] = index = dict(index)
    return index


# What a trend needs from the registry, worked out once per registry (its actors and links never change): per
# (root, linked), the linked actors as date intervals and the _Why that explains them; the family table.
_HIERARCHY: "weakref.WeakKeyDictionary[ActorRegistry, dict]" = weakref.WeakKeyDictionary()


def _hierarchy(actors: ActorRegistry, root: str, linked: bool
               ) -> tuple[list[tuple[str, dt.date, dt.date, str, bool]], _Why]:
    """The actors that count for `root` (with `linked`, every actor tied to it, per span of days; else itself),
    as (actor, from, to, why) rows (_Spec.linked_table), and a _Why for the events they carried out."""
    cache = _HIERARCHY.setdefault(actors, {})
    if (root, linked) not in cache:
        why = _Why(actors, root, linked)
        table = [(root, _FAR_PAST, _FAR_FUTURE)]
        if linked:
            table = [(a, d0, d1) for d0, d1 in _segments(actors, _FAR_PAST, _FAR_FUTURE)
                     for a in sorted(actors.linked_actor_ids(root, d0))]
        out: list[tuple[str, dt.date, dt.date, str, bool]] = []
        for a, d0, d1 in sorted(table):  # each actor's touching spans with the same reason joined
            text, dated = why.head(a, d0) or (actors.get(a).name, False)
            if out and out[-1][0] == a and out[-1][3:] == (text, dated) and out[-1][2] + _ONE_DAY >= d0:
                out[-1] = (a, out[-1][1], max(out[-1][2], d1), text, dated)
            else:
                out.append((a, d0, d1, text, dated))
        cache[root, linked] = (out, why)
    return cache[root, linked]


def _family_table(actors: ActorRegistry) -> list[tuple[str, dt.date, dt.date, str]]:
    """(actor, from, to, top of its family) for every actor in a family, per span of days."""
    cache = _HIERARCHY.setdefault(actors, {})
    if "family" not in cache:
        members = sorted({k.actor_id for k in actors.links() if k.relation in WALKED_RELATIONS})
        cache["family"] = [(a, d0, d1, top) for d0, d1 in _segments(actors, _FAR_PAST, _FAR_FUTURE)
                           for a in members if (top := family_of(actors, a, d0)) != a]
    return cache["family"]


# --- the trend -----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Spec:
    windows: list[Window]
    types: tuple[str, ...]
    place: PlaceFilter
    min_fatalities: int | None
    min_sources: int | None
    min_confidence: float
    datasets: tuple[str, ...]
    root: str | None
    linked: bool
    roles: tuple[str, ...]
    breakdown: str | None
    page_size: int | None
    page: int
    by: str = "year"  # "year" also for "so far this year" windows (one a year)
    # (actor, from, to, why, dated): the actors that count, each over spans of days with one reason (with `dated`,
    # "X (branch of Y, as of " to be followed by the event's first day and ")"; else the root's name)
    linked_table: list[tuple[str, dt.date, dt.date, str, bool]] = field(default_factory=list)
    family_table: list[tuple[str, dt.date, dt.date, str]] = field(default_factory=list)

    @property
    def lo(self) -> dt.date:
        return self.windows[0].start

    @property
    def hi(self) -> dt.date:
        return self.windows[-1].end

    def page_slice(self, ids: list[str]) -> list[str]:
        if self.page_size is None:
            return ids
        first = (self.page - 1) * self.page_size
        return ids[first:first + self.page_size]


@dataclass(slots=True)
class _Raw:
    """One (window, group) cell as counted, before the lists are explained."""

    window: int
    group: str | None
    count: int = 0
    up_to: int = 0
    fatalities: int = 0
    datasets: dict[str, int] = field(default_factory=dict)
    event_ids: list[str] = field(default_factory=list)
    uncertain_ids: list[str] = field(default_factory=list)
    low_confidence: int = 0
    report_ids: list[str] | None = None  # those of event_ids, each once (the SQL gives them; else from details)


def _gc_paused(fn):
    """Run `fn` with Python's cyclic garbage collector off: a trend makes some 20,000 small containers (rows,
    lists of ids), none in a cycle, and else pays for dozens of collections a call, now and then a full one."""
    @functools.wraps(fn)  # keeps the signature (serve reads trend's parameters)
    def run(*args, **kwargs):
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()
    return run


@_gc_paused
def trend(store: Store, actors: ActorRegistry, gazetteer: Gazetteer, *, actor: str | None = None,
          linked: bool = False, where: str | None = None, types: str | None = None, since: dt.date | None = None,
          until: dt.date | None = None, by: str = "year", any_role: bool = False,
          as_of: dt.date | None = None, so_far: bool = False, breakdown: str | None = None,
          bbox: str | Sequence[float] | None = None, min_fatalities: int | None = None,
          min_confidence: float = LOW_CONFIDENCE, min_sources: int | None = None,
          datasets: Sequence[str] | str | None = None, page_size: int | None = None, page: int = 1,
          engine: str = "auto") -> Answer:
    """Count events by period; every count lists its events (one page of them when `page_size` is given).

    Filters: `actor` (with `linked`, every actor tied to it in the hierarchy on the event's first day; with
    `any_role`, as target too), `where` (see parse_place: countries, 'Mali+neighbours', admin1 regions),
    `bbox` ('W,S,E,N'), `types` ('attacks' or ACLED types), `min_fatalities` (best estimate),
    `min_confidence` (default LOW_CONFIDENCE; those below are counted in `Answer.excluded`), `min_sources`
    (distinct reports; an imported row is one), `datasets` ('reports', 'acled', 'ucdp').

    Periods: calendar years/quarters/months/ISO weeks (`by`) between `since` and `until` (clipped to them);
    or, with `so_far`, 1 January to `as_of` (default today) in `as_of`'s year and the same span of each
    earlier year back to `since` (default: the year before). `breakdown` splits each period by
    'actor-family' (the top of the first perpetrator's family on the event's date), 'type', 'country' or
    'admin1'. Each row says `count` (at least), `up_to`, fatalities, change from the previous period, and
    counts by dataset. `engine`: 'sql' (DuckDB stores), 'python', or 'auto'.
    """
    if by not in PERIODS:
        raise InputError(f"--by {by!r}: use one of {', '.join(PERIODS)}")
    if breakdown is not None and breakdown not in BREAKDOWNS:
        raise InputError(f"--breakdown {breakdown!r}: use one of {', '.join(BREAKDOWNS)}")
    if page < 1 or (page_size is not None and page_size < 1):
        raise InputError("--page and --page-size count from 1")
    if engine not in ("auto", "sql", "python"):
        raise InputError(f"engine {engine!r}: use auto, sql or python")
    if isinstance(datasets, str):
        datasets = [d.strip() for d in datasets.split(",") if d.strip()]
    for d in datasets or ():
        if d not in DATASETS:
            raise InputError(f"--dataset {d!r}: use one of {', '.join(DATASETS)}")
    place = parse_place(where, gazetteer, bbox)
    type_list = parse_types(types)
    root = resolve_actor(actor, actors) if actor else None
    con = _duckdb(store)
    use_sql = engine == "sql" or (engine == "auto" and con is not None)
    if use_sql and con is None:
        raise InputError("engine 'sql' needs a DuckDB store")

    if so_far:
        as_of = as_of or dt.date.today()
        windows = same_span_windows(as_of, since.year if since else as_of.year - 1)
    else:
        lo, hi = since, until or as_of
        if lo is None or hi is None:
            first, last = _date_range(store, con if use_sql else None)
            if first is None:
                first = last = lo or hi or dt.date.today()
            lo, hi = lo or first, hi or last
        if lo > hi:
            raise InputError(f"since {lo} is after until {hi}")
        windows = calendar_windows(by, lo, hi)
    show_empty = breakdown is None and (so_far or (since is not None and (until or as_of) is not None))
    spec = _Spec(windows=windows, types=type_list, place=place, min_fatalities=min_fatalities,
                 min_sources=min_sources, min_confidence=min_confidence, datasets=tuple(datasets or ()),
                 root=root, linked=linked, roles=ALL_ROLES if any_role else PERPETRATOR_ROLES,
                 breakdown=breakdown, page_size=page_size, page=page, by="year" if so_far else by)
    if root is not None:
        spec.linked_table = _hierarchy(actors, root, linked)[0]
    if breakdown == "actor-family":
        spec.family_table = _family_table(actors)

    reasons: dict[str, str] = {}  # the SQL says why each listed event counts
    details: dict[str, tuple[list[str], list[str], dt.date | None]] = {}
    if use_sql:
        raw, reasons = _count_sql(store, spec)
    else:
        raw = _count_python(store, actors, spec)
    by_cell = {(r.window, r.group): r for r in raw}
    groups = sorted({r.group for r in raw}, key=lambda g: (g is None, g or "")) or [None]
    if breakdown is None:
        groups = [None]
    cells: list[_Raw] = []
    for g in groups:
        for i in range(len(windows)):
            cell = by_cell.get((i, g))
            if cell is None and show_empty:
                cell = _Raw(i, g)
            if cell is not None and (cell.count or cell.up_to or show_empty):
                cells.append(cell)
    cells.sort(key=lambda c: (c.window, c.group is None, c.group or ""))  # periods in order, groups within

    listed = [] if use_sql else [eid for c in cells for eid in (*c.event_ids, *c.uncertain_ids)]
    if not use_sql:
        details = _listed_details(store, listed, spec)
    via: dict[str, str] = {}
    if root is not None and use_sql:  # in the order listed (a key given again keeps its place)
        via = {eid: reasons[eid] for c in cells for ids in (c.event_ids, c.uncertain_ids) for eid in ids}
    elif root is not None:
        why = _hierarchy(actors, root, linked)[1]
        for eid in dict.fromkeys(listed):
            _, cands, day = details[eid]
            reason = why(cands, day)
            if reason:
                via[eid] = reason

    rows: list[AnswerRow] = []
    for cell in cells:
        w = windows[cell.window]
        before = by_cell.get((cell.window - 1, cell.group))
        prev = None if cell.window == 0 else (before.count if before else 0)
        label = _group_label(cell.group, breakdown, actors)
        rows.append(AnswerRow(
            period=w.label, count=cell.count, event_ids=tuple(cell.event_ids),
            report_ids=tuple(cell.report_ids) if cell.report_ids is not None else
            tuple(dict.fromkeys(chain.from_iterable(details[eid][0] for eid in cell.event_ids))),
            group=label, start=w.start, end=w.end, up_to=cell.count + cell.up_to,
            uncertain_event_ids=tuple(cell.uncertain_ids), fatalities=cell.fatalities,
            change=None if prev is None else cell.count - prev,
            change_pct=None if not prev else round(100 * (cell.count - prev) / prev, 1),
            datasets={k: v for k, v in sorted(cell.datasets.items()) if v}))

    low = sum(r.low_confidence for r in raw)
    uncertain = sum(r.up_to - r.count for r in rows if r.up_to is not None)
    caveats = []
    if uncertain:
        caveats.append(f"{uncertain} more event(s) may fall in the periods shown: their dates are known only to "
                       "the week, month or year and straddle a period's boundary; they are counted in 'up to', "
                       "not in the count")
    if low and min_confidence > 0:
        caveats.append(f"{low} event(s) below confidence {min_confidence} are not counted "
                       "(min_confidence=0 / --min-confidence 0 counts them)")
    origins = {k for r in rows for k in r.datasets}
    if len(origins) > 1:
        caveats.append("events from different datasets (" + ", ".join(sorted(origins)) + ") are not "
                       "deduplicated against each other: one happening may be counted once per dataset")
    query = {
        "actor": actors.get(root).name if root else None,
        "linked": linked,
        "roles": "any" if any_role else "perpetrator or claimant",
        "where": list(place.countries),
        "admin1": [f"{c}/{a}" for c, a in place.admin1],
        "bbox": list(place.bbox) if place.bbox else None,
        "types": list(type_list),
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "as_of": as_of.isoformat() if as_of else None,
        "so_far_this_year": so_far,
        "by": "year" if so_far else by,
        "periods": [[w.label, w.start.isoformat(), w.end.isoformat()] for w in windows]
        if len(windows) <= 60 else f"{len(windows)} periods from {windows[0].start} to {windows[-1].end}",
        "breakdown": breakdown,
        "min_fatalities": min_fatalities,
        "min_confidence": min_confidence,
        "min_sources": min_sources,
        "datasets": list(datasets or DATASETS),
        "page": page if page_size else None,
        "page_size": page_size,
        "counting": "count: at least, events whose whole date interval lies inside the period; "
                    "up_to: also those whose interval only overlaps it",
        "via": via,
    }
    return Answer(query=query, rows=tuple(rows), caveats=tuple(caveats),
                  excluded={"low_confidence": low} if low else {}, state=database_state(store))


def database_state(store: Store) -> dict[str, object]:
    """What an answer was computed from: report and event counts, the last ingest time, warlog's version."""
    con = _duckdb(store)
    if con is not None:  # one statement, not one per table
        reports, events, last = con.execute("SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM events), "
                                            "(SELECT max(ingested_at) FROM reports)").fetchone()
        return {"reports": reports, "events": events,
                "last_ingest": last.isoformat(timespec="seconds") if last else None, "warlog_version": __version__}
    counts = store.counts()
    return {"reports": counts.get("reports"), "events": counts.get("events"), "last_ingest": None,
            "warlog_version": __version__}


def _duckdb(store: Store):
    """The DuckDB connection of a DuckDB store (the SQL below is DuckDB's dialect); None for other backends."""
    from warlog.store.duckdb import DuckDBStore

    return store.con if isinstance(store, DuckDBStore) else None


def _group_label(group: str | None, breakdown: str | None, actors: ActorRegistry) -> str | None:
    if group is None or breakdown != "actor-family" or group == UNIDENTIFIED:
        return group
    try:
        return actors.get(group).name
    except NotFoundError:
        return group


def _date_range(store: Store, con) -> tuple[dt.date | None, dt.date | None]:
    if con is not None:
        return tuple(con.execute("SELECT min(date_start), max(date_end) FROM events").fetchone())
    first = last = None
    for e in store.events():
        if e.date is not None:
            first = e.date.start if first is None else min(first, e.date.start)
            last = e.date.end if last is None else max(last, e.date.end)
    return first, last


def _listed_details(store: Store, ids: list[str], spec: _Spec
                    ) -> dict[str, tuple[list[str], list[str], dt.date | None]]:
    """The Python engine's listed events: report ids, the actors that may make each count (perpetrators or,
    with any_role, every named actor; then claimants, in order) and its first day, to say why it counted."""
    wanted = set(ids)
    out: dict[str, tuple[list[str], list[str], dt.date | None]] = {}
    if not wanted:
        return out
    for e in store.events():
        if e.id in wanted:
            cands = [a.actor_id for a in e.actors if a.actor_id and a.role in spec.roles] + list(e.claimed_by)
            out[e.id] = (list(e.report_ids), cands, e.date.start if e.date else None)
    return out


def _count_sql(store, spec: _Spec) -> tuple[list[_Raw], dict[str, str]]:
    """The counts and the listed events, in one statement over the trend tables (store/schema.py, schema 3).

    Without an actor, it reads trend_events (one narrow row per dated event). With one, it reads only the rows
    of trend_actors (one row per event and actor, sorted by actor) of the actors that count, joined on their
    numbers with the days each counts (the linked hierarchy as date intervals), one row per event kept.
    Returns the cells (their pages of event ids and their report ids filled in) and, with an actor, why each
    listed event counts (event id -> reason)."""
    from warlog.store.rows import CLAIMED, key

    con = store.con
    store.trend_tables()
    where = ["t.date_end >= ?", "t.date_start <= ?"]
    params: list = [spec.lo, spec.hi]
    ctes = ["w AS (SELECT unnest(?::INTEGER[]) AS wi, unnest(?::DATE[]) AS ws, unnest(?::DATE[]) AS we)"]
    cte_params: list = [list(range(len(spec.windows))), [w.start for w in spec.windows],
                        [w.end for w in spec.windows]]
    if spec.types:
        where.append("t.event_type IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(spec.types))
    p = spec.place
    if p.countries or p.admin1:
        where.append("(t.country IN (SELECT unnest(?::VARCHAR[])) OR lower(t.country) || '|' || lower(t.admin1) "
                     "IN (SELECT unnest(?::VARCHAR[])))")
        params += [list(p.countries), [f"{c.lower()}|{a.lower()}" for c, a in p.admin1]]
    if p.bbox is not None:
        where.append("t.longitude BETWEEN ? AND ? AND t.latitude BETWEEN ? AND ?")
        params += [p.bbox[0], p.bbox[2], p.bbox[1], p.bbox[3]]
    if spec.min_fatalities is not None:
        where.append("t.fatalities >= ?")
        params.append(spec.min_fatalities)
    if spec.min_sources is not None:
        where.append("t.sources >= ?")
        params.append(spec.min_sources)
    if spec.datasets:
        where.append("t.origin IN (SELECT unnest(?::VARCHAR[]))")
        params.append(list(spec.datasets))
    group_sql, family_join, group_columns = "NULL::VARCHAR", "", []
    if spec.breakdown == "type":
        group_sql, group_columns = "t.event_type", ["event_type"]
    elif spec.breakdown == "country":
        group_sql, group_columns = f"coalesce(t.country, '{UNIDENTIFIED}')", ["country"]
    elif spec.breakdown == "admin1":
        group_sql = f"coalesce(t.country, '{UNIDENTIFIED}') || ' / ' || coalesce(t.admin1, '{UNIDENTIFIED}')"
        group_columns = ["country", "admin1"]
    elif spec.breakdown == "actor-family":
        ctes.append("fam AS (SELECT unnest(?::VARCHAR[]) AS a, unnest(?::DATE[]) AS d0, unnest(?::DATE[]) AS d1, "
                    "unnest(?::VARCHAR[]) AS top)")
        cte_params += [[r[i] for r in spec.family_table] for i in range(4)]
        family_join = "LEFT JOIN fam ON fam.a = t.perpetrator AND t.date_start BETWEEN fam.d0 AND fam.d1"
        group_sql, group_columns = f"coalesce(fam.top, t.perpetrator, '{UNIDENTIFIED}')", ["perpetrator"]
    actor_of: list[str] = []
    if spec.root is None:
        source, via_sql, where_sql = "trend_events t", "0", " AND ".join(where)
    else:
        # a row of the linked table is named in SQL by its index, `vi` (it says which actor made the event count)
        actor_of = [r[3] for r in spec.linked_table]
        ctes.append("lk AS (SELECT unnest(?::BIGINT[]) AS a, unnest(?::DATE[]) AS d0, unnest(?::DATE[]) AS d1, "
                    "generate_subscripts(?::BIGINT[], 1) - 1 AS vi)")
        keys = [key(r[0]) for r in spec.linked_table]
        cte_params += [keys, [r[1] for r in spec.linked_table], [r[2] for r in spec.linked_table], keys]
        roles = ", ".join(f"'{r}'" for r in (*spec.roles, CLAIMED))  # constants of this module
        # the (event, actor) rows of the actors that count on the event's first day, one per event: that of its
        # first such actor (named actors before claimants), which says why the event is in the answer. An event
        # with one candidate row has nothing to deduplicate; the few others are grouped (on the key and the event's
        # columns, the same in each of its rows: cheaper than any_value of each).
        n = "t.perpetrators" if spec.roles == PERPETRATOR_ROLES else "t.actors"
        matched = ("FROM trend_actors t JOIN lk ON lk.a = t.actor_key AND t.date_start BETWEEN lk.d0 AND lk.d1 "
                   f"WHERE t.role IN ({roles}) AND {' AND '.join(where)}")
        columns = ["date_start", "date_end", "fatalities", "confidence", "origin", *group_columns]
        ctes.append("ev AS (SELECT t.event_key, lk.vi AS via, "
                    f"{', '.join('t.' + c for c in columns)} "
                    f"{matched} AND {n} = 1 "
                    "UNION ALL "
                    "SELECT t.event_key, arg_min(lk.vi, t.position), "
                    f"{', '.join('t.' + c for c in columns)} {matched} AND {n} > 1 GROUP BY ALL)")
        cte_params += params + params
        params = []
        source, via_sql, where_sql = "ev t", "t.via", "TRUE"
    nw = len(spec.windows)
    # Each counted (window, event) row carries one number that sorts as the listing does, by (first day, event key),
    # and says why the event counts: day number << 80 | event key (60 bits) << 20 | index of its row in `lk`.
    # Each cell's page is then an aggregate (the n smallest such numbers), with no sort or join of strings; only
    # the events on the pages are looked up by key in trend_events, for their ids and report ids.
    order_sql = (f"(((t.date_start - DATE '{_DAY0.isoformat()}')::HUGEINT << 80) | (t.event_key::HUGEINT << 20) | "
                 f"{via_sql})")
    if spec.page_size is None:
        listing, first, last = "list(o) FILTER (WHERE conf_ok)", 1, None
    else:
        first, last = (spec.page - 1) * spec.page_size + 1, spec.page * spec.page_size
        listing = f"min(o, {last}) FILTER (WHERE conf_ok)"
    sure, unsure = "sure AND conf_ok", "NOT sure AND conf_ok"
    span = f"unnest(range(greatest(i0, 0), least(i1, {nw - 1}) + 1))"
    # the group, carried through only with a breakdown (else every row's is '', put in at the end)
    g, bg = ("g, ", "b.g, ") if spec.breakdown else ("", "")
    group_as = f"coalesce({group_sql}, '') AS g, " if spec.breakdown else ""
    if all(b.start - a.end == _ONE_DAY for a, b in zip(spec.windows, spec.windows[1:])):
        # Whole calendar periods one after the other (the first and last clipped to lo and hi, which the WHERE
        # above already asks an event to meet): an event within one period meets its window, surely when it lies
        # within lo..hi too; an event across periods meets each of them, never surely. No join needed.
        ctes.pop(0)
        cte_params = cte_params[3:]
        hits = (f"SELECT i0 AS wi, f, conf_ok, origin, {g}o, (s >= DATE '{spec.lo.isoformat()}' AND "
                f"d <= DATE '{spec.hi.isoformat()}') AS sure FROM base WHERE i0 = i1 "
                f"UNION ALL SELECT {span} AS wi, f, conf_ok, origin, {g}o, FALSE FROM base WHERE i0 < i1")
    else:  # "so far this year" windows: part of each year
        hits = f"""
            -- events within one year: an equi-join on its index; the rest meet each window they span
            SELECT w.wi, b.f, b.conf_ok, b.origin, {bg}b.o, (b.s >= w.ws AND b.d <= w.we) AS sure
            FROM base b JOIN w ON w.wi = b.i0 WHERE b.i0 = b.i1 AND b.s <= w.we AND b.d >= w.ws
            UNION ALL
            SELECT w.wi, b.f, b.conf_ok, b.origin, {bg}b.o, FALSE
            FROM (SELECT *, {span} AS x FROM base WHERE i0 < i1) b JOIN w ON w.wi = b.x
            WHERE b.s <= w.we AND b.d >= w.ws"""
    reason_sql = "NULL::VARCHAR"
    if actor_of:
        reason_sql = ("CASE WHEN (?::BOOLEAN[])[l.vi + 1] THEN (?::VARCHAR[])[l.vi + 1] || "
                      f"CAST(DATE '{_DAY0.isoformat()}' + l.day AS VARCHAR) || ')' ELSE (?::VARCHAR[])[l.vi + 1] END")
    sql = f"""
        WITH {', '.join(ctes + [''])}
        -- materialized: the window indexes are computed once, not again in each branch of hits
        base AS MATERIALIZED (SELECT t.date_start AS s, t.date_end AS d, t.fatalities AS f,
                        t.confidence >= ? AS conf_ok, t.origin, {group_as}{order_sql} AS o,
                        {_window_index_sql(spec, 't.date_start')} AS i0, {_window_index_sql(spec, 't.date_end')} AS i1
                 FROM {source} {family_join} WHERE {where_sql}),
        hits AS ({hits}),
        -- counted per (window, group, sure, confident, dataset) first: three aggregates a row, not nine
        part AS (SELECT wi, {g}sure, conf_ok, origin, count(*) AS n, sum(f) AS fat, {listing} AS page
                 FROM hits GROUP BY ALL),
        agg AS (SELECT wi, {g if spec.breakdown else "'' AS g, "}
                       coalesce(sum(n) FILTER (WHERE {sure}), 0) AS n_sure,
                       coalesce(sum(n) FILTER (WHERE {unsure}), 0) AS n_unsure,
                       coalesce(sum(fat) FILTER (WHERE {sure}), 0) AS fat,
                       coalesce(sum(n) FILTER (WHERE {sure} AND origin = 'reports'), 0) AS n_reports,
                       coalesce(sum(n) FILTER (WHERE {sure} AND origin = 'acled'), 0) AS n_acled,
                       coalesce(sum(n) FILTER (WHERE {sure} AND origin = 'ucdp'), 0) AS n_ucdp,
                       coalesce(sum(n) FILTER (WHERE sure AND NOT conf_ok), 0) AS low,
                       list_slice(list_sort(flatten(list(page) FILTER (WHERE {sure}))), {first}, {last or -1})
                           AS page_sure,
                       list_slice(list_sort(flatten(list(page) FILTER (WHERE {unsure}))), {first}, {last or -1})
                           AS page_unsure
                FROM part GROUP BY wi{", g" if spec.breakdown else ""}),
        -- the events on the pages, each once: its key, why it counts (the index of the linked-table row that matched
        -- it) and its first day; looked up by key in trend_events for its id and report ids
        listed AS (SELECT DISTINCT ((o >> 20) & {(1 << 60) - 1})::BIGINT AS k, (o & {(1 << 20) - 1})::INTEGER AS vi,
                          (o >> 80)::INTEGER AS day
                   FROM (SELECT unnest(page_sure) AS o FROM agg UNION ALL SELECT unnest(page_unsure) FROM agg))
        -- the cells, their pages as lists of event keys; then the listed events (wi NULL), each with its id, report
        -- ids and, with an actor, why it counts. Python puts the pages together (strings sent once an event).
        SELECT wi, g, NULL::BIGINT, NULL::VARCHAR, NULL::VARCHAR,
               [n_sure, n_unsure, fat, n_reports, n_acled, n_ucdp, low]::BIGINT[],
               list_transform(page_sure, lambda o: ((o >> 20) & {(1 << 60) - 1})::BIGINT),
               list_transform(page_unsure, lambda o: ((o >> 20) & {(1 << 60) - 1})::BIGINT)
        FROM agg
        UNION ALL
        SELECT NULL, t.event_id, l.k, t.report_ids, {reason_sql}, NULL, NULL, NULL
        FROM listed l JOIN trend_events t ON t.event_key = l.k"""
    if actor_of:  # why: the row's reason, and for a dated one the event's first day and ")"
        params += [[r[4] for r in spec.linked_table], actor_of, actor_of]
    reasons: dict[str, str] = {}
    ids: dict[int, str] = {}  # a listed event's key -> its id
    keys, texts, counted = [], [], []
    for row in con.execute(sql, cte_params + [spec.min_confidence] + params).fetchall():
        if row[0] is None:  # a listed event: (None, id, key, report ids as JSON text, why)
            ids[row[2]] = row[1]
            keys.append(row[2])
            texts.append(row[3])
            if row[4] is not None:
                reasons[row[1]] = row[4]
        else:
            counted.append(row)
    # their report ids: the JSON texts parsed in one go (faster than DuckDB's lists made into Python's)
    reports = dict(zip(keys, json.loads("[" + ",".join(texts) + "]")))
    id_of, reports_of = ids.__getitem__, reports.__getitem__
    cells: list[_Raw] = []
    for wi, g, _, _, _, (n_sure, n_unsure, fat, n_rep, n_acled, n_ucdp, low), sure, unsure in counted:
        sure = sure or []
        # a row's report ids: those of its listed events, in their order, each once
        cells.append(_Raw(window=wi, group=g if spec.breakdown else None, count=n_sure, up_to=n_unsure,
                          fatalities=fat, datasets={"reports": n_rep, "acled": n_acled, "ucdp": n_ucdp},
                          low_confidence=low, event_ids=list(map(id_of, sure)),
                          uncertain_ids=list(map(id_of, unsure or ())),
                          report_ids=list(dict.fromkeys(chain.from_iterable(map(reports_of, sure))))))
    return cells, reasons


def _window_index_sql(spec: _Spec, column: str) -> str:
    """SQL for the index of the window whose calendar period (or, "so far this year", whose year) holds a day;
    below 0 or past the last window for days outside them."""
    first = spec.windows[0].start
    if spec.by == "year":
        return f"(year({column}) - {first.year})"
    if spec.by == "quarter":
        return f"((year({column}) - {first.year}) * 4 + quarter({column}) - {(first.month - 1) // 3 + 1})"
    if spec.by == "month":
        return f"((year({column}) - {first.year}) * 12 + month({column}) - {first.month})"
    monday = period_start(first, "week")
    return f"CAST(floor(({column} - DATE '{monday.isoformat()}') / 7) AS BIGINT)"


def _count_python(store: Store, actors: ActorRegistry, spec: _Spec) -> list[_Raw]:
    """The same count as _count_sql, event by event: the reference the SQL is tested against."""
    from warlog.store.rows import key

    flt = EventFilter(countries=spec.place.countries if not spec.place.admin1 else (), event_types=spec.types,
                      since=spec.lo, until=spec.hi)
    cells: dict[tuple[int, str | None], dict] = {}
    ends = [w.end for w in spec.windows]  # sorted: windows are in order and do not overlap
    for e in store.events(flt):
        if e.date is None or e.date.end < spec.lo or e.date.start > spec.hi:
            continue
        if spec.types and e.event_type not in spec.types:
            continue
        pl = e.place
        if not spec.place.empty and not spec.place.matches(
                pl.country if pl else None, pl.admin1 if pl else None, pl.latitude if pl else None,
                pl.longitude if pl else None):
            continue
        if spec.min_fatalities is not None and (e.fatalities.best or 0) < spec.min_fatalities:
            continue
        if spec.min_sources is not None and len(set(e.report_ids)) < spec.min_sources:
            continue
        origin = dataset_of(e.id)
        if spec.datasets and origin not in spec.datasets:
            continue
        if spec.root is not None:
            cands = [a.actor_id for a in e.actors if a.actor_id and a.role in spec.roles] + list(e.claimed_by)
            if _via(cands, e.date.start, spec.root, actors, spec.linked) is None:
                continue
        group = None
        if spec.breakdown == "type":
            group = e.event_type
        elif spec.breakdown == "country":
            group = (pl.country if pl else None) or UNIDENTIFIED
        elif spec.breakdown == "admin1":
            group = f"{(pl.country if pl else None) or UNIDENTIFIED} / {(pl.admin1 if pl else None) or UNIDENTIFIED}"
        elif spec.breakdown == "actor-family":
            first = next((a.actor_id for a in e.actors if a.role == "perpetrator" and a.actor_id), None)
            group = family_of(actors, first, e.date.start) if first else UNIDENTIFIED
        conf_ok = e.confidence >= spec.min_confidence
        for i in range(bisect.bisect_left(ends, e.date.start), len(spec.windows)):
            w = spec.windows[i]
            if w.start > e.date.end:
                break
            if e.date.start > w.end or e.date.end < w.start:
                continue
            sure = w.start <= e.date.start and e.date.end <= w.end
            cell = cells.setdefault((i, group), {"sure": [], "unsure": [], "low": 0})
            if not conf_ok:
                cell["low"] += sure
            else:
                cell["sure" if sure else "unsure"].append(e)
    out = []
    for (i, group), c in cells.items():
        sure = sorted(c["sure"], key=lambda e: (e.date.start, key(e.id)))  # the listing's order: _count_sql
        unsure = sorted(c["unsure"], key=lambda e: (e.date.start, key(e.id)))
        origins: dict[str, int] = {d: 0 for d in DATASETS}
        for e in sure:
            origins[dataset_of(e.id)] += 1
        out.append(_Raw(window=i, group=group, count=len(sure), up_to=len(unsure),
                        fatalities=sum(e.fatalities.best or 0 for e in sure), datasets=origins,
                        event_ids=spec.page_slice([e.id for e in sure]),
                        uncertain_ids=spec.page_slice([e.id for e in unsure]), low_confidence=c["low"]))
    return out


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
