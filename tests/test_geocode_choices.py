"""The geocoder's choices among the places a report names (session 6): heads of hyphenated names, facilities named
after a place, the regions the armed groups named are at home in, a capital named like a governorate, possessives."""

from __future__ import annotations

from warlog.geocode import Geocoder
from warlog.geocode.geocoder import same_admin


def test_the_head_of_a_hyphenated_name_is_the_place_that_holds_it(geocoder: Geocoder) -> None:
    # a city's district, a place and its quarter: the city named first holds it
    ref = geocoder.resolve("Al Shabaab militants threw a hand grenade at police in Mogadishu-Wardhigley district.")
    assert ref is not None and ref.country == "Somalia" and same_admin(ref.admin1, "Banadir") and ref.location == "Mogadishu"
    ref = geocoder.resolve("On February 14, a land dispute in Bamako-Coura Bolibana turned violent.")
    assert ref is not None and (ref.country, ref.admin1) == ("Mali", "Bamako")
    # not a person's name, nor "Mogadishu-based" (a word after the hyphen, not a name)
    assert geocoder.resolve("Jean-Pierre Bemba said the talks had failed.") is None
    assert not any(m.phrase == "Mogadishu" for m in geocoder.find_places("A Mogadishu-based journalist was arrested."))
    # "Ceel-Gilow", "Tin-Fadimata": a word that begins place names names no place alone
    assert not any(m.phrase in ("Ceel", "Tin") for m in geocoder.find_places("between Ceel-Gilow and the river, near Tin-Zaouatene-Nord"))


def test_the_ends_of_a_road_are_places_without_a_locative_cue(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("1 Malian soldier was killed and others wounded in an IED attack on the Hombori-Douentza road.")
    assert ref is not None and (ref.country, ref.admin1) == ("Mali", "Mopti") and ref.location in ("Hombori", "Douentza")


def test_the_suffix_after_a_hyphenated_name_is_its_own(geocoder: Geocoder) -> None:
    # "Bazi" alone is also a hamlet in Ivory Coast; the suffix after the whole name says Gao
    ref = geocoder.resolve("Unknown gunmen seized livestock in the village of Bazi-Haoussa (Ansongo, Gao).")
    assert ref is not None and (ref.country, ref.admin1) == ("Mali", "Gao")


def test_a_head_of_a_longer_name_yields_to_a_place_named_whole(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("On 4 May 2020, protesters blocked the Majdel Aanjar-Masnaa road in Rashayya.")
    assert ref is not None and ref.country == "Lebanon" and "Aanjar" not in (ref.location or "")


def test_a_facility_named_after_a_place_is_at_that_place(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("The OSCE SMM observed 44 explosions near Donetsk Filtration Station.")
    assert ref is not None and (ref.country, ref.admin1, ref.location) == ("Ukraine", "Donetsk", "Donetsk")
    ref = geocoder.resolve("On 22 June, a car bomb exploded in the car park at Benghazi Medical Centre but caused no injuries.")
    assert ref is not None and (ref.country, ref.location) == ("Libya", "Benghazi")


def test_a_town_far_from_where_the_armed_groups_fight_is_a_namesake(geocoder: Geocoder) -> None:
    # Vodyane, a front-line village the gazetteer lacks: not Lviv's Zymna Voda (also called Vodyane), but the Donbas
    ref = geocoder.resolve("On 3 May 2020, the OSCE SMM observed a total of 55 explosions near Vodyane.")
    assert ref is not None and ref.country == "Ukraine" and ref.admin1 in ("Donetsk", "Luhansk")
    # without the monitors, the town is Lviv's
    ref = geocoder.resolve("On 3 May 2020, protesters gathered in Vodyane, Ukraine.")
    assert ref is not None and ref.admin1 != "Donetsk"
    # where the gazetteer knows every village (Mali), the village found is it, wherever the groups are at home
    ref = geocoder.resolve("GATIA militiamen abducted a notable in the village of Bangui Mallam.")
    assert ref is not None and (ref.country, ref.admin1, ref.location) == ("Mali", "Tombouctou", "Bangui Mallam")


def test_a_capital_named_like_a_governorate_is_the_capital(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Protesters gathered in Sanaa.")
    assert ref is not None and (ref.country, ref.location, ref.geo_precision) == ("Yemen", "Sanaa", 1)
    assert not same_admin(ref.admin1, "Sanaa")  # the city is the capital's own division, not the governorate around it
    # a region named so, with no city of that name, is still the region
    ref = geocoder.resolve("Gunmen killed two men in Minas Viejas, Guerrero.")
    assert ref is not None and (ref.country, ref.admin1) == ("Mexico", "Guerrero")


def test_a_place_named_in_a_possessive_is_not_where_it_happened(geocoder: Geocoder) -> None:
    text = ("On 30 April 2020, in Venado Tuerto, residents performed a pot-banging protest against the release of "
            "prisoners. Until 29 April 2020, 753 prisoners from Buenos Aires' prisons were released.")
    ref = geocoder.resolve(text)
    assert ref is not None and (ref.admin1, ref.location) == ("Santa Fe", "Venado Tuerto")


def test_a_region_called_by_a_common_word_is_found_when_named_as_a_division(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("On 28 April 2020, in Demas, Ouest department, a journalist was beaten by police officers.")
    assert ref is not None and (ref.country, ref.admin1) == ("Haiti", "Ouest")
    # the word alone is no place: "l'ouest du pays" says nothing of Haiti
    assert not any(m.phrase == "Ouest" for m in geocoder.find_places("Des affrontements ont eu lieu. Ouest France rapporte."))


def test_a_community_of_the_sahel_is_no_place(geocoder: Geocoder) -> None:
    # "Bellah", "Imghad", "Daoussahak": Tuareg communities and castes, not Belia (Mopti) spelt loosely
    text = "On 14 August 2020, ISGS militants abducted and executed a man from the Tuareg Bellah community in Tagalalt."
    assert not any(m.phrase == "Bellah" for m in geocoder.find_places(text))


def test_the_sahel_groups_home_regions_settle_namesake_villages(geocoder: Geocoder) -> None:
    # Mali has a Bara in Mopti and one in Gao: the Islamic State's Sahel branch fights along the Niger border
    ref = geocoder.resolve("ISGS fighters attacked the village of Bara.")
    assert ref is not None and (ref.country, ref.admin1) == ("Mali", "Gao")
    ref = geocoder.resolve("Gunmen attacked the village of Bara.")
    assert ref is not None and ref.admin1 != "Gao"  # nothing says which: the other one
    # Katiba Macina, in the inner Niger delta: Mopti first, where the village is unknown
    ref = geocoder.resolve("Katiba Macina militants burned the school in the village of Zorbelakindo.")
    assert ref is not None and (ref.country, ref.admin1, ref.geo_precision) == ("Mali", "Mopti", 3)
