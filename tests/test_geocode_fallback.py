"""Fallbacks for events whose text names no place the gazetteer knows: national institutions sit in the capital."""
from __future__ import annotations


def test_every_country_with_a_capital_resolves_it(geocoder):
    gazetteer = geocoder.gazetteer
    assert gazetteer.capital("ML").name == "Bamako"
    assert gazetteer.capital("MA").name == "Rabat"  # no P.PPLC in the shipped world towns: found by countryInfo's name
    assert gazetteer.capital("ZA").admin1 == "Gauteng"  # Pretoria
    missing = [cc for cc in gazetteer.country_codes() if gazetteer.capital(cc) is None]
    # the uninhabited territories have no capital; every sizeable country does
    assert not {"ML", "BF", "NE", "NG", "YE", "LY", "LB", "IN", "PK", "CD", "SD", "SO", "IQ", "SY", "AF"} & set(missing)
    assert len(missing) < 15, missing


def test_an_event_at_a_national_institution_is_the_capital(geocoder):
    ref = geocoder.resolve("Tens of Moroccan women protested in front of Parliament, demanding legal reform.")
    assert (ref.country, ref.admin1, ref.location, ref.geo_precision) == ("Morocco", "Rabat-Sale-Kenitra", "Rabat", 3)
    assert "national institution" in ref.explanation
    french = geocoder.resolve("Des syndicalistes maliens ont manifesté devant le ministère de la Justice.")
    assert (french.country, french.admin1, french.location) == ("Mali", "Bamako", "Bamako")
    assembly = geocoder.resolve("Des enseignants maliens ont manifesté devant l'Assemblée nationale.")
    assert (assembly.admin1, assembly.location) == ("Bamako", "Bamako")


def test_no_institution_or_a_named_place_keeps_its_answer(geocoder):
    # no institution: the country only, unknown place said to be unknown
    plain = geocoder.resolve("Moroccan police dispersed a protest by unemployed graduates.")
    assert (plain.country, plain.admin1, plain.geo_precision) == ("Morocco", None, 3)
    # "government forces" is no institution's seat
    forces = geocoder.resolve("Malian government forces clashed with militants, killing four.")
    assert forces.country == "Mali" and not forces.admin1
    # a federal state's assembly is not the national one
    state = geocoder.resolve("Nigerian lawmakers of the state House of Assembly held a session on the highway in protest.")
    assert state.country == "Nigeria" and state.location != "Abuja"
    # a place named wins over the capital
    town = geocoder.resolve("Protesters gathered outside the ministry's office in Kayes, Mali.")
    assert (town.admin1, town.location) == ("Kayes", "Kayes")
