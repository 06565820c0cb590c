"""warlog.extract.rules.v1 read as ACLED's codebook reads: type and sub-type, who attacked whom, the actors the
codebook implies, tolls and dates. The sentences are written for these tests (news style, English and French),
not taken from any coded data set."""

from __future__ import annotations

import datetime as dt

import pytest

from warlog.records import Report

PUBLISHED = dt.date(2020, 5, 12)


def read(extractor, text: str, published: dt.date = PUBLISHED, language: str = "en"):
    extraction = extractor.extract(Report(id="t", text=text, published=published, language=language))
    assert extraction.mentions, extraction.no_event_reason
    return extraction.mentions[0]


def roles(mention) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in mention.actors:
        out.setdefault(a.role, []).append(a.actor_id)
    return out


# --- type and sub-type -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "event_type", "sub_event_type"), [
    ("On 10 May 2020, JNIM militants attacked a Malian army post in Boni.", "Battles", "Armed clash"),
    ("On 10 May 2020, gunmen attacked the village of Ogossagou near Bankass, killing 12 civilians.",
     "Violence against civilians", "Attack"),
    ("On 10 May 2020, suspected jihadists attacked a village near Bankass. The village self-defence group "
     "repelled the attack.", "Battles", "Armed clash"),
    ("On 10 May 2020, unknown gunmen abducted the village chief of Dinangourou.",
     "Violence against civilians", "Abduction/forced disappearance"),
    ("On 10 May 2020, Malian soldiers clashed with JNIM militants near Boulkessi.", "Battles", "Armed clash"),
    ("On 10 May 2020, a Malian army vehicle struck an IED near Boni.", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
    ("On 10 May 2020, JNIM militants carried out a complex ambush with an IED and small arms against a Malian army "
     "convoy near Boni.", "Battles", "Armed clash"),
    ("On 10 May 2020, French aircraft carried out a strike on militants near Tessit.",
     "Explosions/Remote violence", "Air/drone strike"),
    ("On 10 May 2020, hundreds of people marched peacefully in Bamako to demand the release of the journalist.",
     "Protests", "Peaceful protest"),
    ("On 10 May 2020, police dispersed with tear gas a protest of teachers in Bamako.",
     "Protests", "Protest with intervention"),
    ("On 10 May 2020, demonstrators burned tyres and threw stones at the police in Kayes during a protest against "
     "the killing of a youth.", "Riots", "Violent demonstration"),
    ("On 10 May 2020, a mob lynched a suspected thief in Bamako.", "Riots", "Mob violence"),
    ("On 10 May 2020, villagers from two communities clashed over a land dispute near Sikasso.", "Riots",
     "Mob violence"),
    ("On 10 May 2020, unknown gunmen robbed traders and burned two shops in Gao.", "Strategic developments",
     "Looting/property destruction"),
    ("On 10 May 2020, the MNLA announced it was joining the Platform alliance.", "Strategic developments",
     "Change to group/activity"),
    ("Le 10 mai 2020, des hommes armés ont attaqué un poste de la gendarmerie à Boni.", "Battles", "Armed clash"),
    # both sides firing is a clash whatever the weapons; one side shelling the other is not
    ("On 10 May 2020, Ukrainian forces and separatist fighters exchanged artillery fire near Avdiivka.",
     "Battles", "Armed clash"),
    ("On 10 May 2020, separatist forces shelled Ukrainian positions near Avdiivka with mortars.",
     "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    # a device found, defused, or gone off in the hands of those laying it: disrupted weapons use
    ("On 10 May 2020, Malian soldiers found and defused an IED on the road between Boni and Hombori.",
     "Strategic developments", "Disrupted weapons use"),
    ("On 10 May 2020, two militants were killed near Gao when the bomb they were planting exploded prematurely.",
     "Strategic developments", "Disrupted weapons use"),
    ("Le 10 mai 2020, une patrouille de l'armée a désamorcé un engin explosif près de Boni.",
     "Strategic developments", "Disrupted weapons use"),
    # a soldier killed off duty is a civilian to the codebook
    ("On 10 May 2020, gunmen shot dead an off-duty soldier at his home in Mopti.", "Violence against civilians",
     "Attack"),
    # herders and farmers fighting: communal militias, a battle; youths beating a policeman: mob violence
    ("On 10 May 2020, Fulani herders and Dogon farmers clashed near Bankass, leaving three dead.",
     "Battles", "Armed clash"),
    ("On 10 May 2020, a group of youths beat a policeman who tried to enforce the curfew in Kayes.",
     "Riots", "Mob violence"),
    # an attack that only burned things, where the account says no one was hurt: looting/property destruction;
    # a village attacked and burned, with nothing said of its people: an attack on them
    ("On 10 May 2020, gunmen attacked the village of Dallah and burned several granaries. No casualties were "
     "reported.", "Strategic developments", "Looting/property destruction"),
    ("On 10 May 2020, militiamen attacked and burned the hamlet of Kotaga.", "Violence against civilians", "Attack"),
    # burning a flag is speech; burning tyres on a road to press a demand is a violent demonstration
    ("On 10 May 2020, hundreds of people demonstrated in Bamako against France and burned French flags.",
     "Protests", "Peaceful protest"),
    ("On 10 May 2020, residents blocked the road with burning tyres in Kati, demanding electricity.",
     "Riots", "Violent demonstration"),
])
def test_type_and_sub_type_follow_the_codebook(extractor, text, event_type, sub_event_type):
    mention = read(extractor, text)
    assert (mention.event_type, mention.sub_event_type) == (event_type, sub_event_type)


# --- who did what to whom ----------------------------------------------------------------------

def test_attacker_first_attacked_second(extractor):
    r = roles(read(extractor, "On 10 May 2020, JNIM militants ambushed Malian soldiers near Boni."))
    assert r["perpetrator"] == ["jnim"] and r["target"] == ["military-forces-ml"]


def test_passive_voice_keeps_the_roles(extractor):
    r = roles(read(extractor, "On 10 May 2020, Malian soldiers were ambushed by JNIM militants near Boni."))
    assert r["perpetrator"] == ["jnim"] and r["target"] == ["military-forces-ml"]


def test_a_headline_without_verb_object_names_the_target(extractor):
    r = roles(read(extractor, "FAMa checkpoint attacked last night near Timbuktu, one soldier killed.",
                   published=dt.date(2018, 1, 19)))
    assert r.get("target", [None])[0] == "military-forces-ml"
    assert "military-forces-ml" not in r.get("perpetrator", [])


def test_the_group_in_brackets_acts_beside_the_named_one(extractor):
    r = roles(read(extractor, "On 3 May 2020, suspected Katiba Macina (JNIM) militants attacked a Malian army post "
                              "near Dialloube."))
    assert r["perpetrator"] == ["katiba-macina"]
    assert "jnim" in r["associated_perpetrator"]


def test_a_faction_brings_its_group_along(extractor):
    r = roles(read(extractor, "On 3 May 2020, Katiba Macina fighters attacked a Malian army post near Dialloube."))
    assert r["perpetrator"][0] == "katiba-macina" and "jnim" in r.get("associated_perpetrator", [])


def test_protesters_of_the_country_are_actor1(extractor):
    m = read(extractor, "On 10 May 2020, members of the teachers' union held a protest in Bamako to demand their "
                        "salaries.")
    assert roles(m)["perpetrator"][0] == "protesters-ml"


def test_the_police_intervening_is_actor2_of_a_protest(extractor):
    r = roles(read(extractor, "On 10 May 2020, police dispersed with tear gas a protest of teachers in Bamako."))
    assert r["perpetrator"][0] == "protesters-ml" and r["target"][0] == "police-forces-ml"


def test_rioters_of_the_country_are_actor1(extractor):
    r = roles(read(extractor, "On 10 May 2020, a mob lynched a suspected thief in Bamako."))
    assert r["perpetrator"][0] == "rioters-ml"


def test_civilians_are_the_victims_of_violence_against_civilians(extractor):
    r = roles(read(extractor, "On 10 May 2020, ISGS militants killed three herders near Menaka."))
    assert r["perpetrator"] == ["isgs"] and r["target"][0] == "civilians-ml"


def test_an_unnamed_attacker_is_an_unidentified_armed_group(extractor):
    r = roles(read(extractor, "On 10 May 2020, a shepherd was shot dead near Bankass."))
    assert r["perpetrator"] == ["unidentified-armed-group-ml"]


def test_the_vehicle_that_hit_the_mine_was_the_target(extractor):
    r = roles(read(extractor, "On 10 May 2020, a Malian army vehicle struck an IED near Douentza."))
    assert "military-forces-ml" in r.get("target", []) + r.get("associated_target", [])
    assert r["perpetrator"] == ["unidentified-armed-group-ml"]


# --- tolls --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "best"), [
    ("On 10 May 2020, unknown gunmen killed a shepherd near Bankass.", 1),
    ("On 10 May 2020, ISGS militants assassinated the subprefect of Ouinerden at his home in Gossi.", 1),
    ("On 10 May 2020, a trader was shot to death in Gao. One person died. 1 fatality.", 1),
    ("On 10 May 2020, JNIM militants detonated an IED near Boni, killing the mayor and four others.", 5),
    ("On 10 May 2020, militants attacked a Malian army post in Boni. Several soldiers were killed.", 10),
    ("On 10 May 2020, militants attacked a Malian army post in Boni. No casualties were reported.", 0),
    ("On 10 May 2020, militants attacked a Malian army post in Boni, killing 3 soldiers. Two attackers were also "
     "killed. Total fatalities rose to 6.", 6),
])
def test_fatalities_as_acled_counts_them(extractor, text, best):
    assert read(extractor, text).fatalities.best == best


# --- dates --------------------------------------------------------------------------------------

def test_the_opening_date_dates_the_event_not_a_date_in_a_name(extractor):
    m = read(extractor, "On 11 August 2020, supporters of the Movement of June 5 staged a demonstration in Sikasso.",
             published=dt.date(2020, 8, 14))
    assert m.date.start == dt.date(2020, 8, 11)


def test_the_opening_date_wins_over_a_range_in_brackets(extractor):
    m = read(extractor, "Around 21 November 2020 (between 19 - 23 November), JNIM and ISGS militants clashed near "
                        "Tessit.", published=dt.date(2020, 11, 24))
    assert m.date.start == dt.date(2020, 11, 21)


def test_an_undated_report_tells_of_the_last_days_before_publication(extractor):
    m = read(extractor, "Gunmen attacked a Malian army post in Boni.", published=dt.date(2020, 5, 12))
    assert m.date.precision == "week"
    assert dt.date(2020, 5, 9) <= m.date.start <= m.date.end == dt.date(2020, 5, 12)
