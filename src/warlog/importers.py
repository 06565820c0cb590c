"""Bring your own data: ACLED exports and UCDP GED files as warlog events.

Each row becomes one event with the dataset's own id ("acled:MLI4682", "ucdp:235799"), its precision codes,
fatalities (low/best/high where the dataset gives them) and actor names resolved to the registry
(ActorRegistry.lookup). So that `show`, `report_ids` and the answers' "every number lists its reports" keep
working, each row also becomes a synthetic Report (outlet "ACLED" or "UCDP GED"; text: ACLED's notes, or UCDP's
source headline and place description; source "import:<dataset>:<file>:<line>") and one Mention of it, made
by the extractor "warlog.import.<dataset>.v1".

Imported events are kept apart from extraction: reports ingested later never join them (the pipeline does not
offer them to the linker), and `reextract` keeps them as they are instead of extracting the synthetic reports.
An answer counts events from each dataset and says so (AnswerRow.datasets); datasets are not deduplicated
against each other.

ACLED schemas read: the 2016 "realtime" export (old event types such as "Battle-No change of territory",
ally_actor_1/2), the 2019-2020 dyadic export (actor1/actor2, assoc_actor_1/2, sub_event_type) and the 2021
monadic export (one row per actor: rows sharing an event_id_cnty are one event, the first row's actor is
actor1, the second's actor2). Dates as ISO, "16-Feb-21" or "31 December 2020". ACLED's time_precision 1 is
the day, 2 the week around the date (date +-3 days), 3 the calendar month of the date.

UCDP GED: type_of_violence 1 and 2 (state-based, non-state) become Battles / Armed clash, 3 (one-sided)
Violence against civilians / Attack; side_a is actor1 (perpetrator), side_b actor2 (target); UCDP does not
say who attacked whom in a clash, so questions about UCDP clashes should ask with any role ("events").
date_prec 1 is the day, 2-3 the week, 4 the month, 5 the year, over [date_start, date_end]; where_prec 1 is
geo precision 1, 2-3 is 2, 4 and coarser 3.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from warlog.actors import ActorRegistry
from warlog.errors import InputError
from warlog.geocode import Gazetteer
from warlog.records import (
    ActorRef,
    DateInterval,
    Event,
    Fatalities,
    Mention,
    PlaceRef,
    Report,
    Skipped,
)
from warlog.store import Store

log = logging.getLogger(__name__)

FORMATS = ("acled", "ucdp")
IMPORT_SOURCE = "import:"  # Report.source prefix of the synthetic reports
IMPORT_LINKER = "warlog.import"  # Event.linker / Mention.extractor prefix of imported events
CONFIDENCE = 1.0  # coded by people: never left out as low-confidence

# ACLED's 2016 event types -> (event type, sub-event type) of the current codebook
_OLD_ACLED_TYPES = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "violence against civilians": ("Violence against civilians", "Attack"),
    "strategic development": ("Strategic developments", "Other"),
    "non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "headquarters or base established": ("Strategic developments", "Headquarters or base established"),
}
_REMOTE_SUBTYPES = (
    (re.compile(r"suicide", re.I), "Suicide bomb"),
    (re.compile(r"\b(air ?strikes?|airstrikes?|air force|drones?|aircraft|bombed from the air)\b", re.I),
     "Air/drone strike"),
    (re.compile(r"\bgrenades?\b", re.I), "Grenade"),
    (re.compile(r"\b(IEDs?|landmines?|mines?|explosive devices?|roadside bombs?|car bombs?)\b", re.I),
     "Remote explosive/landmine/IED"),
)
_UCDP_DATE_PREC = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
_UCDP_GEO_PREC = {"1": 1, "2": 2, "3": 2}
_ADMIN_SUFFIX = re.compile(r"\s+(region|province|cercle|department|département|prefecture|state|commune)$", re.I)
_UCDP_ALIASES = {"IS": "Islamic State"}


@dataclass(slots=True)
class ImportSummary:
    read: int = 0  # rows read (a monadic ACLED event counts once)
    stored: int = 0
    already_present: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    unresolved: Counter = field(default_factory=Counter)  # actor names the registry does not know

    def lines(self) -> list[str]:
        out = [f"rows read: {self.read}", f"events stored: {self.stored}",
               f"already present: {self.already_present}", f"skipped: {len(self.skipped)}"]
        if self.unresolved:
            top = ", ".join(f"{n} ({c})" for n, c in self.unresolved.most_common(8))
            out.append(f"actor names not in the registry (kept as written): {len(self.unresolved)}, e.g. {top}")
        return out


@dataclass(frozen=True, slots=True)
class Imported:
    report: Report
    mention: Mention
    event: Event


def is_imported_event(event: Event) -> bool:
    return event.linker.startswith(IMPORT_LINKER)


def is_imported_report(report: Report) -> bool:
    return (report.source or "").startswith(IMPORT_SOURCE)


# --- reading -------------------------------------------------------------------------------------------


def _parse_date(value: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%b-%y", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S",
                "%m/%d/%Y", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S.%f"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


class _Resolver:
    """Dataset names -> registry actors and gazetteer countries/regions, remembered per name."""

    def __init__(self, actors: ActorRegistry, gazetteer: Gazetteer, summary: ImportSummary):
        self.actors, self.gazetteer, self.summary = actors, gazetteer, summary
        self._actor_cache: dict[tuple[str, str | None], str | None] = {}
        self._country_cache: dict[str, tuple[str, str | None]] = {}
        self._admin_cache: dict[tuple[str | None, str], str] = {}

    def country(self, name: str) -> tuple[str, str | None]:
        """(English name as events store it, ISO code) for a dataset's country name."""
        name = name.strip()
        if name not in self._country_cache:
            code = self.gazetteer.country_code(name)
            self._country_cache[name] = (self.gazetteer.country_name(code), code) if code else (name, None)
        return self._country_cache[name]

    def admin(self, name: str, cc: str | None, level: int) -> str:
        """A region as the gazetteer spells it ("Mopti region" -> "Mopti"), else the name without its suffix."""
        name = (name or "").strip()
        if not name:
            return ""
        key = (cc, f"{level}:{name}")
        if key not in self._admin_cache:
            bare = _ADMIN_SUFFIX.sub("", name)
            codes = [c for c in self.gazetteer.admin_codes_named(bare) if c.count(".") == level
                     and (cc is None or c.split(".")[0] == cc)]
            self._admin_cache[key] = (self.gazetteer.admin_name(codes[0]) or bare) if len(codes) == 1 else bare
        return self._admin_cache[key]

    def actor(self, role: str, name: str, country: str | None, ucdp: bool = False) -> ActorRef:
        name = name.strip()
        key = (name, country)
        if key not in self._actor_cache:
            tries = [name]
            if ucdp:
                tries = [_UCDP_ALIASES.get(name, name)]
                gov = re.match(r"Government of (.+)$", name)
                if gov:  # UCDP's state side is its armed forces (ACLED's "Military Forces of X")
                    tries.insert(0, f"Military Forces of {gov.group(1)}")
                if country:
                    tries.append(f"{name} ({country})")
            found = None
            for t in tries:
                actor = self.actors.lookup(t)
                if actor is not None:
                    found = actor.id
                    break
            self._actor_cache[key] = found
        actor_id = self._actor_cache[key]
        if actor_id is None:
            self.summary.unresolved[name] += 1
        display = self.actors.get(actor_id).name if actor_id else name
        return ActorRef(role=role, actor_id=actor_id, name=display, phrase=name)  # type: ignore[arg-type]


def _split(names: str, sep: str) -> list[str]:
    return [n.strip() for n in (names or "").split(sep) if n.strip()]


def _acled_type(row: dict[str, str]) -> tuple[str, str]:
    etype, sub = (row.get("event_type") or "").strip(), (row.get("sub_event_type") or "").strip()
    if sub:
        return etype, sub
    low = etype.lower()
    if low in _OLD_ACLED_TYPES:
        return _OLD_ACLED_TYPES[low]
    if low == "remote violence":
        notes = row.get("notes") or ""
        sub = next((s for pattern, s in _REMOTE_SUBTYPES if pattern.search(notes)), "Shelling/artillery/missile attack")
        return "Explosions/Remote violence", sub
    if low == "riots/protests":
        if (row.get("actor1") or "").lower().startswith("rioters"):
            return "Riots", "Violent demonstration"
        return "Protests", "Peaceful protest"
    return etype, sub or "Other"


def _acled_date(day: dt.date, precision: str) -> DateInterval:
    if precision == "2":
        return DateInterval(day - dt.timedelta(days=3), day + dt.timedelta(days=3), "week")
    if precision == "3":
        first = day.replace(day=1)
        nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return DateInterval(first, nxt - dt.timedelta(days=1), "month")
    return DateInterval(day, day, "day")


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            start = 2  # the line a row starts on (a quoted field may span lines)
            for row in reader:
                yield start, row
                start = reader.line_num + 1
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 text ({err.reason}); save the export as UTF-8 CSV") from None
    except csv.Error as err:
        raise InputError(f"{path}: not a CSV file ({err})") from None


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"{path}: not a UTF-8 CSV file ({err})") from None


def read_acled(path: Path, actors: ActorRegistry, gazetteer: Gazetteer,
               summary: ImportSummary) -> Iterator[Imported | Skipped]:
    """ACLED rows as events (the three export schemas; see the module docstring)."""
    header = _header(path)
    missing = [c for c in ("event_id_cnty", "event_date", "event_type", "actor1", "country") if c not in header]
    if missing:
        raise InputError(f"{path}: not an ACLED export (no column {', '.join(missing)}); "
                         "use --format ucdp for UCDP GED files")
    monadic = "actor2" not in header
    resolver = _Resolver(actors, gazetteer, summary)
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in _rows(path):
        key = (row.get("event_id_cnty") or "").strip()
        if not key:
            yield Skipped(f"{path}:{line}", "no event_id_cnty: every ACLED row needs its event id")
            continue
        if monadic:
            groups.setdefault(key, []).append((line, row))
        else:
            if key in groups:
                yield Skipped(f"{path}:{line}", f"event {key} appears twice in the file; the first row is kept")
                continue
            groups[key] = [(line, row)]
    for key, rows in groups.items():
        line, row = rows[0]
        if monadic:
            row = dict(row)
            row["actor2"] = rows[1][1].get("actor1", "") if len(rows) > 1 else ""
            row["assoc_actor_2"] = rows[1][1].get("assoc_actor_1", "") if len(rows) > 1 else ""
        item = _acled_event(path, line, key, row, resolver)
        yield item


def _acled_event(path: Path, line: int, key: str, row: dict[str, str], resolver: _Resolver) -> Imported | Skipped:
    day = _parse_date(row.get("event_date", ""))
    if day is None:
        return Skipped(f"{path}:{line}", f"event {key}: cannot read the date {row.get('event_date')!r}")
    date = _acled_date(day, (row.get("time_precision") or "1").strip())
    etype, sub = _acled_type(row)
    country, cc = resolver.country(row.get("country") or "")
    refs: list[ActorRef] = []
    for column, role, sep in (("actor1", "perpetrator", None), ("assoc_actor_1", "associated_perpetrator", ";"),
                              ("ally_actor_1", "associated_perpetrator", ";"), ("actor2", "target", None),
                              ("assoc_actor_2", "associated_target", ";"), ("ally_actor_2", "associated_target", ";")):
        value = row.get(column) or ""
        for name in ([value.strip()] if sep is None and value.strip() else _split(value, sep or ";")):
            refs.append(resolver.actor(role, name, country))
    fat = _int(row.get("fatalities"))
    place = PlaceRef(place=None, country=country or None, admin1=resolver.admin(row.get("admin1", ""), cc, 1) or None,
                     admin2=(row.get("admin2") or "").strip() or None, admin3=(row.get("admin3") or "").strip() or None,
                     location=(row.get("location") or "").strip() or None, latitude=_float(row.get("latitude")),
                     longitude=_float(row.get("longitude")), geo_precision=_int(row.get("geo_precision")) or 3,
                     explanation="as coded by ACLED")
    sources = (row.get("source") or "").strip()
    notes = (row.get("notes") or "").strip()
    return _make("acled", f"acled:{key}", path, line, etype, sub, tuple(refs), place, date,
                 Fatalities(fat, fat, fat, None), notes or f"ACLED event {key} (no notes)",
                 title=f"ACLED {key}" + (f": {sources}" if sources else ""), published=day, sources=sources)


def read_ucdp(path: Path, actors: ActorRegistry, gazetteer: Gazetteer,
              summary: ImportSummary) -> Iterator[Imported | Skipped]:
    """UCDP GED rows as events (see the module docstring)."""
    header = _header(path)
    missing = [c for c in ("id", "type_of_violence", "side_a", "side_b", "date_start", "date_end", "country")
               if c not in header]
    if missing:
        raise InputError(f"{path}: not a UCDP GED file (no column {', '.join(missing)}); "
                         "use --format acled for ACLED exports")
    resolver = _Resolver(actors, gazetteer, summary)
    seen: set[str] = set()
    for line, row in _rows(path):
        key = (row.get("id") or "").strip()
        if not key or key in seen:
            yield Skipped(f"{path}:{line}", "no id" if not key else f"id {key} appears twice; the first row is kept")
            continue
        seen.add(key)
        start, end = _parse_date(row.get("date_start", "")), _parse_date(row.get("date_end", ""))
        if start is None or end is None or end < start:
            yield Skipped(f"{path}:{line}", f"event {key}: cannot read the dates {row.get('date_start')!r}.."
                                            f"{row.get('date_end')!r}")
            continue
        precision = _UCDP_DATE_PREC.get((row.get("date_prec") or "").strip(), "day" if start == end else "month")
        if precision == "day" and start != end:
            precision = "week" if (end - start).days <= 7 else "month"
        violence = (row.get("type_of_violence") or "").strip()
        etype, sub = ("Violence against civilians", "Attack") if violence == "3" else ("Battles", "Armed clash")
        country, cc = resolver.country(row.get("country") or "")
        refs: list[ActorRef] = []
        for column, first_role, other_role in (("side_a", "perpetrator", "associated_perpetrator"),
                                               ("side_b", "target", "associated_target")):
            for i, name in enumerate(_split(row.get(column) or "", ",")):
                refs.append(resolver.actor(first_role if i == 0 else other_role, name, country, ucdp=True))
        place = PlaceRef(place=None, country=country or None,
                         admin1=resolver.admin(row.get("adm_1", ""), cc, 1) or None,
                         admin2=_ADMIN_SUFFIX.sub("", (row.get("adm_2") or "").strip()) or None,
                         location=(row.get("where_coordinates") or "").strip() or None,
                         latitude=_float(row.get("latitude")), longitude=_float(row.get("longitude")),
                         geo_precision=_UCDP_GEO_PREC.get((row.get("where_prec") or "").strip(), 3),
                         explanation="as coded by UCDP GED" + (f" ({row['where_description'].strip()})"
                                                               if (row.get("where_description") or "").strip() else ""))
        headline = (row.get("source_headline") or "").strip()
        text = "; ".join(x for x in (headline, (row.get("where_description") or "").strip()) if x)
        n_sources = (row.get("number_of_sources") or "").strip()
        yield _make("ucdp", f"ucdp:{key}", path, line, etype, sub, tuple(refs), place,
                    DateInterval(start, end, precision),  # type: ignore[arg-type]
                    Fatalities(_int(row.get("low_est")), _int(row.get("best_est")), _int(row.get("high_est")), None),
                    text or f"UCDP GED event {key} (no headline)",
                    title=f"UCDP GED {key}: {headline or row.get('dyad_name', '')}".strip(),
                    published=_parse_date(row.get("source_date", "")),
                    sources=(row.get("source_office") or "").strip()
                    + (f" ({n_sources} sources)" if n_sources else ""))


def _make(dataset: str, eid: str, path: Path, line: int, etype: str, sub: str, refs: tuple[ActorRef, ...],
          place: PlaceRef, date: DateInterval, fatalities: Fatalities, text: str, *, title: str,
          published: dt.date | None, sources: str) -> Imported:
    name = f"{IMPORT_LINKER}.{dataset}.v1"
    report = Report(id=eid, text=text, url=None, outlet="ACLED" if dataset == "acled" else "UCDP GED", title=title,
                    published=published, language="en", source=f"{IMPORT_SOURCE}{dataset}:{path.name}:{line}")
    mention = Mention(id=f"{eid}#0", report_id=eid, index=0, event_type=etype, sub_event_type=sub, actors=refs,
                      place=place, date=date, fatalities=fatalities, claimed_by=(), stated=True,
                      confidence=CONFIDENCE, spans={}, extractor=name)
    rules = {"import": f"{'ACLED' if dataset == 'acled' else 'UCDP GED'} row, {path.name} line {line}"}
    if sources:
        rules["sources"] = sources
    event = Event(id=eid, mention_ids=(mention.id,), report_ids=(eid,), event_type=etype, sub_event_type=sub,
                  actors=refs, place=place, date=date, fatalities=fatalities, claimed_by=(), confidence=CONFIDENCE,
                  rules=rules, linker=name)
    return Imported(report, mention, event)


# --- storing -------------------------------------------------------------------------------------------


def import_file(store: Store, path: Path | str, fmt: str, *, actors: ActorRegistry | None = None,
                gazetteer: Gazetteer | None = None, batch: int = 2000) -> ImportSummary:
    """Load an ACLED or UCDP GED CSV into the store as events, in one transaction. A row already imported
    (same dataset id) is not imported again; unreadable rows are skipped and named in the summary."""
    if fmt not in FORMATS:
        raise InputError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    actors = actors if actors is not None else ActorRegistry.load()
    gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
    summary = ImportSummary()
    reader = read_acled if fmt == "acled" else read_ucdp
    items = reader(path, actors, gazetteer, summary)
    with store.transaction():
        store.put_actors(actors.all(), actors.links())
        chunk: list[Imported] = []
        for item in items:
            if isinstance(item, Skipped):
                summary.skipped.append(item)
                continue
            summary.read += 1
            chunk.append(item)
            if len(chunk) >= batch:
                _store(store, chunk, summary)
                chunk = []
        _store(store, chunk, summary)
    return summary


def _store(store: Store, items: Sequence[Imported], summary: ImportSummary) -> None:
    if not items:
        return
    known = store.known_report_ids([i.report.id for i in items])
    new = [i for i in items if i.report.id not in known]
    summary.already_present += len(items) - len(new)
    store.add_reports([(i.report, 1, None) for i in new])
    store.add_mentions([i.mention for i in new])
    store.put_events([i.event for i in new])
    summary.stored += len(new)


def saved_imports(store: Store) -> tuple[list[Event], list[Mention]]:
    """The imported events and their mentions, to put back after `clear_derived` (see Pipeline.reextract)."""
    events = [e for e in store.events() if is_imported_event(e)]
    mentions = store.mentions([m for e in events for m in e.mention_ids])
    return events, mentions


def restore_imports(store: Store, saved: tuple[list[Event], list[Mention]]) -> None:
    events, mentions = saved
    store.add_mentions(mentions)
    store.put_events(events)
