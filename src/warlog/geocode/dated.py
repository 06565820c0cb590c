"""Admin divisions as of an event's date.

The gazetteer knows today's divisions. Where a country redrew them, an event dated before the change is placed in
the units in force then, the way analysts (and ACLED's coders) map it: Ukraine's 2014-2020 Donbas events by the
raions and cities of oblast significance that the raion reform of July 2020 abolished.

Each change is one row of SCHEMES: a country, the first day the gazetteer's divisions apply, and a hand-written
table (package data) of the units before that day, each with its administrative centre (a place the gazetteer has,
for coordinates). Another dated change is another row and another table.

Without polygons a place is assigned by points: a place named as, or lying within a few km of the centre of, a city
that is a unit of its own belongs to that city; otherwise to the nearest unit centre of the same first-level
division. The nearest centre stands in for a point-in-polygon test; on the dev set's Ukrainian reports it agrees
with ACLED's admin2 for 65% of the coders' own coordinates (69% counting a unit's former names; the README says
where it fails).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz

from warlog.errors import DataError, NotFoundError
from warlog.geocode.gazetteer import Gazetteer, admin_key, normalize_name
from warlog.geocode.geocoder import distance_km
from warlog.records import Place, PlaceRef

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Scheme:
    """Divisions of `country` in force before `until` (exclusive), listed in package data file `file`."""

    country: str  # ISO 3166-1 alpha-2
    until: dt.date
    file: str  # in src/warlog/data/gazetteer/
    label: str  # said in the explanation: "before the 2020 raion reform"


# Dated division schemes, one row per change; for a date, a country's earliest scheme whose `until` is later applies.
SCHEMES: tuple[Scheme, ...] = (
    # Verkhovna Rada resolution 807-IX "On the formation and liquidation of raions", adopted 17 July 2020
    Scheme("UA", dt.date(2020, 7, 17), "ua_divisions_2020.tsv", "before the 2020 raion reform"),
)

COLUMNS = ("oblast", "kind", "name", "centre", "other_names")
KINDS = {"raion": "raion", "city": "city of oblast significance"}


@dataclass(frozen=True, slots=True)
class Unit:
    """One second-level unit of a dated scheme, placed at its administrative centre."""

    admin1: str
    kind: str  # "raion" or "city"
    name: str
    centre: str  # the centre's name as the table gives it
    latitude: float
    longitude: float
    radius_km: float  # a city's reach around its centre (0 for a raion)
    keys: frozenset[str]  # normalised names: the unit's, its other names, and (for a city) its centre's names

    @property
    def described(self) -> str:
        return f"{self.name} {KINDS[self.kind]}" if self.kind == "raion" else f"{self.name}, a {KINDS[self.kind]}"


def city_radius_km(population: int | None) -> float:
    """How far from its centre a place still belongs to a city that is a unit of its own: the radius of a disc of
    the city's built-up area, which grows as the square root of its population (3 km, plus 9 km at a million)."""
    return 3.0 + 9.0 * math.sqrt(max(population or 0, 0) / 1_000_000)


def _same_admin1(a: str | None, b: str | None) -> bool:
    """"Odesa" ~ "Odessa", "Kyiv" ~ "Kiev", but the oblast is not the capital city ("Kyiv" is not "Kyiv City")."""
    ka, kb = admin_key(a), admin_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if ("city" in ka.split()) != ("city" in kb.split()):
        return False
    return fuzz.ratio(ka, kb) >= 85


def read_table(path: Path) -> list[dict[str, str]]:
    """The rows of a division table ("#" lines are its header notes), as dicts of COLUMNS."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"cannot read the division table {path}: {exc}") from exc
    lines = [line for line in lines if line.strip() and not line.startswith("#")]
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise DataError(f"{path}: expected the columns {', '.join(COLUMNS)} (tab-separated)")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS) or fields[1] not in KINDS or not all(fields[:4]):
            raise DataError(f"{path}: row {number} ({line[:40]!r}) needs {len(COLUMNS)} fields, kind raion or city")
        rows.append(dict(zip(COLUMNS, fields)))
    return rows


class DatedDivisions:
    """Applies the dated schemes to resolved places. Tables are read, and their centres found in the gazetteer,
    on first use."""

    def __init__(self, gazetteer: Gazetteer, schemes: tuple[Scheme, ...] = SCHEMES,
                 directory: Path | None = None) -> None:
        self.gazetteer = gazetteer
        self.schemes = tuple(sorted(schemes, key=lambda s: (s.country, s.until)))
        self.directory = directory
        self._units: dict[Scheme, list[Unit]] = {}
        self._in_admin1: dict[tuple[Scheme, str | None], list[Unit]] = {}
        self._lock = threading.Lock()

    def scheme_for(self, country_code: str | None, day: dt.date | None) -> Scheme | None:
        """The scheme in force in `country_code` on `day`, or None where the gazetteer's divisions apply."""
        if country_code is None or day is None:
            return None
        return next((s for s in self.schemes if s.country == country_code and day < s.until), None)

    def units(self, scheme: Scheme) -> list[Unit]:
        found = self._units.get(scheme)
        if found is None:
            with self._lock:
                found = self._units.get(scheme)
                if found is None:
                    found = self._units[scheme] = self._load(scheme)
        return found

    def units_in(self, scheme: Scheme, admin1: str | None) -> list[Unit]:
        """The units of `scheme` in the first-level division called `admin1` (cached by name)."""
        found = self._in_admin1.get((scheme, admin1))
        if found is None:
            found = [u for u in self.units(scheme) if _same_admin1(u.admin1, admin1)]
            if len(self._in_admin1) < 10_000:
                self._in_admin1[(scheme, admin1)] = found
        return found

    def _table_path(self, scheme: Scheme) -> Path:
        if self.directory is not None:
            return self.directory / scheme.file
        return Path(str(resources.files("warlog") / "data" / "gazetteer" / scheme.file))

    def _load(self, scheme: Scheme) -> list[Unit]:
        units = []
        for row in read_table(self._table_path(scheme)):
            centre = self.find_centre(scheme.country, row["oblast"], row["centre"].split("|"))
            if centre is None or centre.latitude is None or centre.longitude is None:
                log.debug("%s: centre %r of %s not in the gazetteer", scheme.file, row["centre"], row["name"])
                continue
            names = [row["name"], *(n for n in row["other_names"].split("|") if n)]
            if row["kind"] == "city":
                names += [*row["centre"].split("|"), centre.name]
            units.append(Unit(
                admin1=row["oblast"], kind=row["kind"], name=row["name"], centre=row["centre"].split("|")[0],
                latitude=centre.latitude, longitude=centre.longitude,
                radius_km=city_radius_km(centre.population) if row["kind"] == "city" else 0.0,
                keys=frozenset(k for k in map(normalize_name, names) if k)))
        return units

    def find_centre(self, country_code: str, admin1: str, names: list[str]) -> Place | None:
        """The populated place called one of `names` in `admin1`: the one whose own name it is, then the most
        populous (a city's district may carry the name as an alternate)."""
        for name in names:
            key = normalize_name(name)
            try:
                candidates = self.gazetteer.search(name, country_code, limit=50)
            except NotFoundError:  # a gazetteer without the country (a test's small one)
                return None
            found = [p for p in candidates if (p.feature_kind or "").startswith("P") and _same_admin1(p.admin1, admin1)]
            if found:
                return max(found, key=lambda p: (normalize_name(p.name) == key, p.population or 0))
        return None

    def assign(self, scheme: Scheme, admin1: str | None, latitude: float, longitude: float,
               name: str | None = None) -> tuple[Unit, str] | None:
        """The unit of `scheme` a point belongs to, and why; None where the table does not cover the point's
        first-level division (or covers only its cities, and the point is in none)."""
        mine = self.units_in(scheme, admin1)
        if not mine:
            return None
        key = normalize_name(name or "")
        near = []
        for unit in mine:
            d = distance_km(latitude, longitude, unit.latitude, unit.longitude)
            if unit.kind == "city" and (d <= unit.radius_km or key in unit.keys and d <= 3 * unit.radius_km):
                near.append((d, unit))
        if near:
            d, unit = min(near, key=lambda t: t[0])
            return unit, f"{d:.0f} km from its centre" if d >= 1 else "its centre"
        raions = [(distance_km(latitude, longitude, u.latitude, u.longitude), u) for u in mine if u.kind == "raion"]
        if not raions:
            return None
        d, unit = min(raions, key=lambda t: t[0])
        # the nearest raion centre stands in for a polygon test (the table has points, not boundaries)
        return unit, f"nearest raion centre {unit.centre}, {d:.0f} km"

    def apply(self, ref: PlaceRef | None, day: dt.date | None) -> PlaceRef | None:
        """`ref` with the admin2 in force on `day` where a dated scheme covers it (the explanation says so)."""
        if ref is None or day is None or ref.latitude is None or ref.longitude is None:
            return ref
        cc = ref.place.country_code if ref.place is not None else self.gazetteer.country_code(ref.country or "")
        scheme = self.scheme_for(cc, day)
        if scheme is None:
            return ref
        kind = ref.place.feature_kind if ref.place is not None else None
        if ref.admin2 is None and ref.geo_precision == 3 and not (kind or "").startswith("P"):
            return ref  # only a region is known: no finer unit to give
        if kind in ("A.ADM1", "A.PCLI"):
            return ref
        if kind == "A.ADM2" and ref.place is not None:
            # the text named a division: the unit of that name then, else today's as named (its seat is no answer)
            key = normalize_name(ref.place.name)
            unit = next((u for u in self.units_in(scheme, ref.admin1)
                         if u.kind == "raion" and (key in u.keys or key == normalize_name(u.centre))), None)
            if unit is None:
                return dataclasses.replace(ref, explanation=ref.explanation + (
                    f"; admin2 {ref.admin2} as the text names it, a division of today "
                    f"(no unit so called {scheme.label})"))
            return dataclasses.replace(ref, admin2=unit.name, explanation=ref.explanation + (
                f"; admin2 as of {day.isoformat()}: {unit.described} ({scheme.label}; as the text names it)"))
        found = self.assign(scheme, ref.admin1, ref.latitude, ref.longitude, ref.place.name if ref.place else None)
        if found is None:
            if ref.admin2 and self.units_in(scheme, ref.admin1):
                return dataclasses.replace(ref, explanation=ref.explanation + (
                    f"; admin2 {ref.admin2} is today's division: the table of divisions {scheme.label} "
                    f"lists none here"))
            return ref
        unit, why = found
        return dataclasses.replace(ref, admin2=unit.name, explanation=ref.explanation + (
            f"; admin2 as of {day.isoformat()}: {unit.described} ({scheme.label}; {why})"))


_by_gazetteer: dict[int, tuple[Gazetteer, DatedDivisions]] = {}
_cache_lock = threading.Lock()


def divisions_for(gazetteer: Gazetteer) -> DatedDivisions:
    """One DatedDivisions per gazetteer (its tables are read once)."""
    held = _by_gazetteer.get(id(gazetteer))
    if held is None or held[0] is not gazetteer:
        with _cache_lock:
            held = (gazetteer, DatedDivisions(gazetteer))
            if len(_by_gazetteer) > 8:
                _by_gazetteer.clear()
            _by_gazetteer[id(gazetteer)] = held
    return held[1]


def as_of(ref: PlaceRef | None, day: dt.date | None, gazetteer: Gazetteer) -> PlaceRef | None:
    """`ref` with the divisions in force on `day` (the event's date): see DatedDivisions.apply."""
    if ref is None or day is None or ref.latitude is None:
        return ref
    return divisions_for(gazetteer).apply(ref, day)
