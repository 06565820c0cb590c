"""The geocoder's country and region choices: every piece of country evidence in a text, voted (issue 5).

News-style sentences written for these tests; each names the rule it checks."""

from __future__ import annotations

import pytest

from warlog.geocode import Geocoder
from warlog.geocode.geocoder import same_admin


@pytest.mark.parametrize("text, outlet, country", [
    # a namesake abroad that nothing points to yields to the country the text points to
    ("Syrian regime artillery hit Bara, south of Idleb, on Tuesday.", "SOHR", "Syria"),
    ("NPA rebels clashed with soldiers in Barangay San Roque, Samar.", None, "Philippines"),
    ("Pro-Houthi fighters attacked Hays city at dawn.", None, "Yemen"),
    # the outlet of a national newspaper is evidence: "Badah" is a town in Sindh, not India's Bada
    ("Residents protested in Badah town against power cuts.", "Dawn", "Pakistan"),
    # a country named where the event is ("northern Iraq") outweighs an attacker's nationality
    ("Turkish jets struck PKK targets in the Zap region of Dahuk, northern Iraq.", None, "Iraq"),
    # a victim's nationality, or a country denounced, does not move a place the text names
    ("ISGS militants abducted a Togolese engineer in Tassiga.", None, "Mali"),
    ("Residents of Kidal burned French flags and denounced France.", None, "Mali"),
])
def test_country_evidence_is_voted(geocoder: Geocoder, text: str, outlet: str | None, country: str) -> None:
    ref = geocoder.resolve(text, outlet=outlet)
    assert ref is not None and ref.country == country, ref and ref.explanation


def test_a_namesake_abroad_gives_the_country_not_a_made_up_place(geocoder: Geocoder) -> None:
    # "Samar" is also a town in Ukraine: the Philippine province is the event's, and the answer stays at the country
    ref = geocoder.resolve("NPA rebels clashed with soldiers in Barangay San Roque, Samar.")
    assert ref is not None and ref.geo_precision == 3 and "Ukraine" not in (ref.admin1 or "")
    assert "evidence" in ref.explanation


@pytest.mark.parametrize("text, country, admin1", [
    # a region's direction word in English or French, as GeoNames spells it or not
    ("Clashes in South Darfur state killed five herders.", "Sudan", "Southern Darfur"),
    ("Des hommes armés ont attaqué une position de l'armée au Nord-Kivu.", "Democratic Republic of Congo", "North Kivu"),
    # the region named right after a place holds it: the gazetteer's "Khogyani" in Ghazni is another place
    ("A landmine wounded two soldiers in Khogyani district, Nangarhar.", "Afghanistan", "Nangarhar"),
    ("A man was shot dead in Santarem, Para, on Saturday.", "Brazil", "Para"),
])
def test_regions_named_as_the_press_writes_them(geocoder: Geocoder, text: str, country: str, admin1: str) -> None:
    ref = geocoder.resolve(text)
    assert ref is not None and ref.country == country and same_admin(ref.admin1, admin1), ref and ref.explanation


def test_a_list_of_towns_is_not_a_town_and_its_region(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("JNIM fighters attacked a checkpoint in Tessalit, Kidal region.")
    assert ref is not None and (ref.location, ref.admin1) == ("Tessalit", "Kidal")
    # "Gao, Kidal and Menaka" lists towns: Gao is not dropped for lying outside the Kidal region
    ref = geocoder.resolve("Fighting was reported in Gao, Kidal and Menaka.")
    assert ref is not None and ref.geo_precision == 1 and ref.location in ("Gao", "Kidal")


def test_a_division_the_admin_tables_know_gives_its_region(geocoder: Geocoder) -> None:
    # the villages are unknown; the commune and the upazila are in the admin tables: their region, precision 3
    ref = geocoder.resolve("Police clashed with a youth in Kinyinya commune, killing him.", country_hint="Burundi")
    assert ref is not None and ref.country == "Burundi" and ref.admin1 and ref.admin2 == "Kinyinya"
    assert ref.geo_precision == 3 and ref.place is None or ref.place.feature_kind == "A.ADM1"
    ref = geocoder.resolve("Guards shot six workers at Sitarampur in Lohajang Upazila (Munshiganj).", country_hint="Bangladesh")
    assert ref is not None and ref.country == "Bangladesh" and ref.admin1 == "Dhaka" and ref.admin2 == "Munshiganj"


def test_monitors_in_the_donbas_place_namesake_villages_there(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("The OSCE SMM recorded 12 explosions near Vesele.")
    assert ref is not None and (ref.country, ref.admin1) == ("Ukraine", "Donetsk")


def test_outlets_name_their_country_from_any_source(geocoder: Geocoder) -> None:
    assert geocoder.outlet_country("Crater Sky; Yemen Data Project") == "YE"
    assert geocoder.outlet_country("Xinhua; Radio Dabanga") == "SD"
    assert geocoder.outlet_country("AFP; Reuters") is None


def test_a_street_named_after_a_town_is_not_the_site(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Fighters fired at houses in Sanaa Street in the east of Hodeidah city.")
    assert ref is not None and ref.admin1 == "Al Hudaydah", ref and ref.explanation
    ref = geocoder.resolve("Protesters blocked the Jessore-Dhaka highway in Jessore city.")
    assert ref is not None and ref.location == "Jessore"


def test_the_first_of_a_list_of_regions(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Pro-Houthi forces shelled pro-Hadi groups in Al Jawf, Ad Dali and Taizz governorates.")
    assert ref is not None and (ref.country, ref.admin1, ref.geo_precision) == ("Yemen", "Al Jawf", 3)


def test_regions_the_press_abbreviates(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Troops exchanged fire across the LoC in Naushera sector (Rajouri district, J&K).")
    assert ref is not None and (ref.country, ref.admin1) == ("India", "Jammu and Kashmir")
    ref = geocoder.resolve("Two mobs clashed in Kotwali Nagar, Pratapgarh (UP) over a property dispute.")
    assert ref is not None and ref.admin1 == "Uttar Pradesh"
    # outside a bracket "AP" is a news agency and "MP" a member of parliament, not a region
    ref = geocoder.resolve("An MP was attacked in Gao, AP reported.")
    assert ref is not None and ref.country == "Mali"


def test_a_demonym_is_no_place(geocoder: Geocoder) -> None:
    # "Malian" is also Iran's Malyan in GeoNames' alternate names: a people or an army's nationality is no site
    assert not [m for m in geocoder.find_places("Youths protested against the Malian army's recruitment.") if not m.is_country]


def test_country_names_and_outlets_in_french(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Des manifestants ont bloqué une route en Tunisie.")
    assert ref is not None and ref.country == "Tunisia"
    assert geocoder.outlet_country("Radio Tunisienne") == "TN"
    # a capital's or a region's name in the outlet's: "Les Dépêches de Brazzaville", "Oromiya Media Network"
    assert geocoder.outlet_country("Les Dépêches de Brazzaville") == "CG"
    assert geocoder.outlet_country("Oromiya Media Network") == "ET"
    for world in ("Al Jazeera", "Jeune Afrique", "Agence France Presse", "Voice of America", "Middle East Eye", "Twitter"):
        assert geocoder.outlet_country(world) is None, world


# --- the extractor's country hint: a force that fights abroad does not say where the event is (issues 5, 9) ---

def _countries(extractor, text: str, outlet: str | None = "Agence France Presse") -> list[str | None]:
    import datetime as dt

    from warlog.records import Report

    extraction = extractor.extract(Report(id="hint", text=text, published=dt.date(2020, 5, 1), outlet=outlet))
    return [m.place.country if m.place else None for m in extraction.mentions]


@pytest.mark.parametrize("text, country", [
    # Wagner operates in Sudan: its home country's demonym no longer wins the tie with the witnesses'
    ("Russian mercenaries attacked gold miners and killed several of them, Sudanese witnesses said.", "Sudan"),
    ("Russian Wagner fighters attacked gold miners and killed several of them, Sudanese witnesses said.", "Sudan"),
    # an army named by its nationality beside the country the text names
    ("Russian forces shelled the town and killed several civilians, Ukrainian officials said.", "Ukraine"),
    ("Burkinabe soldiers killed six civilians of the Fulani community, Malian local officials said.", "Mali"),
])
def test_a_foreign_force_does_not_give_the_country(extractor, text: str, country: str) -> None:
    assert _countries(extractor, text) == [country]


@pytest.mark.parametrize("text, country", [
    # an army at home keeps its country: the rest of the text points nowhere else
    ("Nigerian troops killed ten Boko Haram fighters in an ambush, the army said.", "Nigeria"),
    ("Kenyan police arrested twelve protesters during a demonstration.", "Kenya"),
    # a town of another country is no reason to leave the army's: "Manga" is also in Burkina Faso
    ("A Malian army vehicle hit an IED between Manga and Koina, killing two soldiers.", "Mali"),
])
def test_an_army_at_home_keeps_its_country(extractor, text: str, country: str) -> None:
    assert _countries(extractor, text) == [country]


def test_a_foreign_victims_nationality_is_no_country(extractor) -> None:
    # "a French tourist": neither the hint nor the victims' country makes the event French
    assert _countries(extractor, "A French tourist was killed by armed Islamists, the authorities said.") == [None]


def test_outlets_of_the_sahel_and_sudans(geocoder: Geocoder) -> None:
    # Menastream covers the whole Sahel: no one country; Radio Tamazuj reports mostly on South Sudan
    assert geocoder.outlet_country("Menastream") is None
    assert geocoder.outlet_country("L'Enfant Touareg; Menastream") is None
    assert geocoder.outlet_country("Radio Tamazuj") == "SS"


@pytest.mark.parametrize("text, country", [
    # a demonym before "border" is that country's border, not a village that has the demonym as another name
    # (GeoNames lists "Malian" for Iran's Malyān)
    ("Gunmen attacked a police post near the Malian border on Tuesday, killing two officers.", "Mali"),
    ("Des hommes armés ont attaqué un poste près de la frontière malienne, a-t-on appris.", "Mali"),
    ("Gunmen killed three herders near the Malian-Nigerien border on Monday.", "Mali"),
])
def test_a_demonym_before_border_is_a_country_border(geocoder: Geocoder, text: str, country: str) -> None:
    ref = geocoder.resolve(text)
    assert ref is not None and ref.country == country and ref.geo_precision == 3, ref and ref.explanation


def test_a_namesake_said_twice_is_still_only_a_namesake(geocoder: Geocoder) -> None:
    # "Kamalu" is only Camalú, Mexico, in the gazetteer: saying it twice does not make it evidence for Mexico
    # against a Congolese radio's country; nor does the rejected place vote for its country afterwards
    text = "Youths of Kamalu clashed with the Ntambwe community, then Ntambwe residents burned huts in Kamalu village."
    ref = geocoder.resolve(text, outlet="Radio Okapi")
    assert ref is not None and ref.country == "Democratic Republic of Congo", ref and ref.explanation
    assert ref.geo_precision == 3
    # without an outlet nothing points elsewhere: the only place the gazetteer knows stands
    assert geocoder.resolve(text).country == "Mexico"


def test_a_district_named_with_its_kind_is_that_district(geocoder: Geocoder) -> None:
    # a monitor based in India reporting on Pakistan: "Kurram District" names the district, whatever the outlet
    ref = geocoder.resolve("A shopkeeper was wounded by a grenade in a bazaar of Kurram District on Friday.",
                           outlet="South Asia Terrorism Portal")
    assert ref is not None and ref.country == "Pakistan" and ref.admin1 == "Khyber Pakhtunkhwa", ref and ref.explanation
    assert ref.admin2 == "Kurram" and ref.geo_precision >= 2


def test_a_plural_demonym_is_evidence(geocoder: Geocoder) -> None:
    # "Palestinians" as well as "Palestinian": the West Bank village, not an Israeli namesake or Israel itself
    ref = geocoder.resolve("Soldiers fired tear gas at Palestinians marching in Kafr Qaddum against a settlement.")
    assert ref is not None and ref.country == "Palestine", ref and ref.explanation


@pytest.mark.parametrize("outlet, country", [
    # a city elsewhere sharing the island's name: the outlet's name says no country
    ("Folha de Boa Vista", None),
    # "Congo" alone is Kinshasa's or Brazzaville's
    ("MNCTV Congo", None),
    ("Actualite; MNCTV Congo; Twitter", None),
    # the longest country name first
    ("Democratic Republic of Congo Daily", "CD"),
    ("Republic of Congo Times", "CG"),
    ("Les Depeches de Brazzaville", "CG"),
])
def test_outlet_names_that_say_no_country_or_the_longest(geocoder: Geocoder, outlet: str, country: str | None) -> None:
    assert geocoder.outlet_country(outlet) == country


@pytest.mark.parametrize("text", [
    "Gunmen from the Ayr sub-clan shot a herder near the wells of Cabudwaaq.",
    "Fighting between the Ayr and Saleban clans killed three near Cabudwaaq.",
])
def test_a_clans_name_is_no_place(geocoder: Geocoder, text: str) -> None:
    # "Ayr" is a Scottish town and a Somali sub-clan: before "clan" it is the people, so the Somali town stands
    ref = geocoder.resolve(text, outlet="Caasimada")
    assert ref is not None and ref.country == "Somalia" and ref.location == "Cabudwaaq", ref and ref.explanation


def test_a_suffix_after_kind_words_gives_the_region(geocoder: Geocoder) -> None:
    # "Naushera" is only Pakistan's Nowshera in the gazetteer; the suffix after "sector area" puts it in Jammu and Kashmir
    ref = geocoder.resolve("Troops of India and Pakistan exchanged fire on the LoC in Naushera sector area (Rajouri district, J&K).",
                           outlet="Daily Excelsior")
    assert ref is not None and ref.country == "India" and ref.admin1 == "Jammu and Kashmir", ref and ref.explanation


@pytest.mark.parametrize("text, outlet, country", [
    # a country someone or something came from is not where the event is: the other country named is
    ("Militants fired two rockets from the Gaza Strip into Israel; one fell in an open field.", None, "Israel"),
    ("Des éleveurs venant du Niger ont été attaqués par des hommes armés au Mali.", None, "Mali"),
    # nor is it where, when it is the only country named: the outlet's country then
    ("Refugees displaced from Syria held a sit-in outside the aid office of the camp.", "El Nashra", "Lebanon"),
])
def test_a_country_of_origin_is_not_the_place(geocoder: Geocoder, text: str, outlet: str | None, country: str) -> None:
    ref = geocoder.resolve(text, outlet=outlet)
    assert ref is not None and ref.country == country, ref and ref.explanation


def test_a_distance_from_a_country_is_no_origin(geocoder: Geocoder) -> None:
    ref = geocoder.resolve("Gunmen ambushed a convoy 30 km from Niger on the main road.")
    assert ref is not None and ref.country == "Niger", ref and ref.explanation


@pytest.mark.parametrize("outlet, country", [
    # a world agency first says nothing: the national source after it does
    ("Agence France Presse; Algerie Presse Service", "DZ"),
    ("BBC; Sudan Tribune", "SD"),
    ("Agence France Presse", None),
    # "Faso" in an outlet's name is Burkina Faso, as the full name would be
    ("L'Express du Faso", "BF"),
    ("Faso Nord", "BF"),
])
def test_outlet_country_after_a_world_agency(geocoder: Geocoder, outlet: str, country: str | None) -> None:
    assert geocoder.outlet_country(outlet) == country


def test_a_suffixs_region_is_country_evidence(geocoder: Geocoder) -> None:
    # "Hat" is a village in India, Ukraine and Czechia in the gazetteer; the "(Hat, Al Mahrah)" suffix says Yemen
    ref = geocoder.resolve("Soldiers stormed the Hat police station (Hat, Al Mahrah) to free an officer.")
    assert ref is not None and ref.country == "Yemen" and ref.admin1 == "Al Mahrah", ref and ref.explanation


@pytest.mark.parametrize("text, outlet, country", [
    # a small town abroad, far from a national outlet's country, that nothing else places: the outlet's country
    ("Cleaners of the Papa company protested over unpaid wages.", "NRT News", "Iraq"),
    # a neighbour's town stands: national outlets report across their borders
    ("Gunmen attacked a checkpoint in Dhuusamarreeb overnight.", "Daily Nation", "Somalia"),
    # an outlet whose country is only guessed from a place word in its name moves nothing
    ("Demonstrators barricaded roads in front of the delegation in Douar Hicher.", "As Sabah", "Tunisia"),
])
def test_a_far_namesake_yields_to_a_national_outlet(geocoder: Geocoder, text: str, outlet: str, country: str) -> None:
    ref = geocoder.resolve(text, outlet=outlet)
    assert ref is not None and ref.country == country, ref and ref.explanation


def test_tunisian_al_chourouk_is_not_algerian_echorouk(geocoder):
    # two dailies named "the sunrise": Tunis's Al Chourouk and Algiers's Echorouk
    assert geocoder.outlet_country("Al Chourouk") == "TN"
    assert geocoder.outlet_country("Echorouk") == "DZ"


@pytest.mark.parametrize("text, country", [
    # a capital called by its name is the capital, though another country is named (GeoNames marks few capitals PPLC)
    ("Intelligence officers beat a detainee in Caracas, accused of passing data to the United States.", "Venezuela"),
    ("Police occupied the parliament in Bissau before a press conference of the African Party for the Independence of "
     "Guinea and Cape Verde.", "Guinea-Bissau"),
])
def test_capital_named_beside_another_country(geocoder, text, country):
    assert geocoder.resolve(text).country == country


def test_a_capital_only_by_its_own_name(geocoder):
    # "Tiran" (the Red Sea island) is an other name of Tirana: no capital's pass for it
    ref = geocoder.resolve("During a hearing on the Tiran and Sanafir islands at the Supreme Administrative Court, "
                           "activists chanted that the islands are Egyptian.", outlet="Daily News Egypt")
    assert ref is not None and ref.country == "Egypt"


# --- issue 5, hints stripped: what the text itself says of the country (helper C8) ---

@pytest.mark.parametrize("text, outlet, country, admin1", [
    # a local government area is Nigeria's, and the name after it its state: Niger State, not the Republic of Niger
    ("Gunmen abducted a trader along the Pandogari road (Rafi LGA, Niger).", None, "Nigeria", "Niger"),
    ("Bandits killed two farmers in Zugurma, in Mashegu Local Government Area of Niger.", None, "Nigeria", "Niger"),
    # a village named like a country (French "Pérou") is the village, not Peru
    ("JNIM militants burned the market in the village of Perou on Friday.", None, "Mali", None),
    # "X Island": the island of the town X, not the rest of a longer name
    ("Militants ambushed a police patrol in Lamu Island, killing three officers.", None, "Kenya", "Lamu"),
    # the countryside of a city holds the village named before it: a namesake abroad is not it
    ("Government shells hit Mansoura in the western countryside of Raqqa on Monday.", None, "Syria", "Ar-Raqqah"),
    # a visit's destination is not where the attack was, nor does its region rule the attack's town out
    ("Militants attacked a UN camp in Tessalit on the day of the minister's visit to Niamey.", None, "Mali", "Kidal"),
    # two places said to lie together: the namesakes that do (Berlin, New Hampshire and Berlin, Eastern Cape)
    ("Police fired rubber bullets in Gorham near Berlin.", None, "United States", "New Hampshire"),
    ("Youths rioted in Dimbaza township near Berlin over power cuts.", None, "South Africa", "Eastern Cape"),
    # a country someone came from is no evidence of where it happened: a Sahel monitor's report stays in the Sahel
    ("A peacekeeper from Togo was killed when rockets hit the camp.", "Menastream", "Mali", None),
])
def test_the_text_itself_says_the_country(geocoder: Geocoder, text: str, outlet: str | None, country: str,
                                          admin1: str | None) -> None:
    ref = geocoder.resolve(text, outlet=outlet)
    assert ref is not None and ref.country == country, ref and ref.explanation
    assert admin1 is None or same_admin(ref.admin1, admin1), ref.explanation


def test_places_between_which_something_happened_lie_together(geocoder: Geocoder) -> None:
    # Diongolo is a village of Burkina Faso's Cascades and of Mali's Segou: beside Niangoloko it is the Cascades' one,
    # also where the text names it again, against a caller's hint of Mali
    text = "A land dispute between the villages of Niangoloko and Diongolo turned deadly. Diongolo then received support from hunters."
    start = text.index("Diongolo then")
    ref = geocoder.resolve(text, focus=[(start, len(text))], country_hint="Mali")
    assert ref is not None and (ref.country, ref.location) == ("Burkina Faso", "Diongolo"), ref and ref.explanation


def test_whose_country_and_operations_are_not_places(geocoder: Geocoder) -> None:
    # "the Prefecture of Paraguay" says whose officers, not where: the city of Formosa is Argentina's
    ref = geocoder.resolve("Dockers blocked the road near Formosa in protest against the Prefecture of Paraguay.")
    assert ref is not None and (ref.country, ref.admin1) == ("Argentina", "Formosa"), ref and ref.explanation
    # a military operation's name is no village (Panga is one in Burkina Faso)
    assert [m.phrase for m in geocoder.find_places("Airstrikes of operation 'Panga' hit militants in the Fhero forest.")
            if m.phrase == "Panga"] == []
