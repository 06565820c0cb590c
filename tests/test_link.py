"""Linking: which mentions join one event, merged fields, stable ids, analysts' decisions, and the measure.

Mentions are built by hand for the rules (so each test states exactly what the linker sees); the
pipeline tests run the real extractor and DuckDB; the quality floors run real headlines from UCDP's
source lists and ACLED's dev set.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from conftest import DEV_REPORTS, SHARED
from warlog import link_eval
from warlog.errors import InputError, NotFoundError
from warlog.link import NAME, Linker, LinkSession, event_id_for, unlinked_event_id
from warlog.records import ActorRef, DateInterval, Fatalities, Mention, PlaceRef, Report, Span

LINKING_GOLD = SHARED / "eval" / "dev" / "linking_gold.csv"
LINKING_REPORTS = SHARED / "eval" / "dev" / "linking_reports.jsonl"
ACLED_GOLD = SHARED / "eval" / "dev" / "gold.csv"

BOULKESSI = PlaceRef(place=None, country="Mali", admin1="Mopti", admin2="Douentza", location="Boulkessi",
                     latitude=15.05, longitude=-1.33, geo_precision=1)
MONDORO = PlaceRef(place=None, country="Mali", admin1="Mopti", admin2="Douentza", location="Mondoro",
                   latitude=14.95, longitude=-1.65, geo_precision=1)
MOPTI_REGION = PlaceRef(place=None, country="Mali", admin1="Mopti", location="Mopti", geo_precision=3)
MALI = PlaceRef(place=None, country="Mali", location="Mali", geo_precision=3)


def day(d: str) -> DateInterval:
    return DateInterval(dt.date.fromisoformat(d), dt.date.fromisoformat(d), "day")


def week_to(d: str) -> DateInterval:
    end = dt.date.fromisoformat(d)
    return DateInterval(end - dt.timedelta(days=6), end, "week")


def mention(rid: str, *, place=BOULKESSI, date=None, killed=None, perp=None, target="military-forces-ml",
            sub="Armed clash", etype="Battles", text: str | None = None, index: int = 0) -> Mention:
    actors = []
    if perp:
        actors.append(ActorRef("perpetrator", perp, perp, perp))
    if target:
        actors.append(ActorRef("target", target, target, target))
    spans = {"event_type": (Span(rid, 0, 5, "x", text),)} if text else {}
    return Mention(id=f"{rid}#{index}", report_id=rid, index=index, event_type=etype, sub_event_type=sub,
                   actors=tuple(actors), place=place, date=date or day("2019-09-30"),
                   fatalities=Fatalities(best=killed), confidence=0.6, spans=spans, extractor="test")


@pytest.fixture(scope="module")
def linker(actors):
    return Linker(actors)


# --- the rules ---------------------------------------------------------------------------------------


def test_two_reports_of_one_attack_join_with_their_evidence(linker):
    a = mention("a", killed=38, perp="jnim")
    b = mention("b", killed=38, perp="jnim", date=week_to("2019-10-02"))
    match = linker.compare(a, b)
    assert match.ok, match
    assert {"same spot", "same toll", "same perpetrator"} <= set(match.features)
    assert match.score >= linker.threshold


def test_two_attacks_in_one_district_on_one_day_stay_apart(linker):
    # two villages of Douentza, same day, same kind of event: the common Mopti-region case
    match = linker.compare(mention("a", killed=5), mention("b", place=MONDORO, killed=5))
    assert not match.ok and match.why == "different locations"


def test_region_and_day_alone_are_not_enough(linker):
    match = linker.compare(mention("a"), mention("b", place=MOPTI_REGION))
    assert not match.ok and match.why == "too little evidence", match


def test_headlines_with_no_place_join_on_toll_words_and_dates(linker):
    a = mention("a", place=MALI, date=week_to("2019-10-03"), killed=38, text="38 soldiers killed in Boulkessi")
    b = mention("b", place=MALI, date=week_to("2019-10-03"), killed=38, text="Boulkessi: army loses 38 men")
    match = linker.compare(a, b)
    assert match.ok and "same toll" in match.features, match


@pytest.mark.parametrize(("other", "why"), [
    (dict(killed=3), "death tolls too far apart"),
    (dict(date=day("2019-10-20")), "dates apart"),
    (dict(date=DateInterval(dt.date(2019, 1, 1), dt.date(2019, 12, 31), "year")), "a year is too vague to tie reports"),
    (dict(etype="Protests", sub="Peaceful protest", target=None), "different kinds of event"),
    (dict(place=PlaceRef(place=None, country="Niger", location="Niger", geo_precision=3)), "different countries"),
    (dict(perp="isgs"), "different perpetrators"),
])
def test_hard_rules_keep_mentions_apart(linker, other, why):
    match = linker.compare(mention("a", killed=40, perp="jnim"), mention("b", **({"killed": 40, "perp": "jnim"} | other)))
    assert not match.ok and match.why == why, match


def test_two_detailed_accounts_of_one_village_and_day_must_also_agree_on_what_happened(linker):
    # ACLED codes several events a day in one village; two such accounts need the toll or the words to agree
    assert linker.compare(mention("a", perp="jnim"), mention("b", perp="jnim")).why == "too little evidence"
    assert linker.compare(mention("a", perp="jnim", killed=7), mention("b", perp="jnim", killed=7)).ok


def test_villages_named_in_the_text_keep_accounts_apart_though_geocoded_alike(linker):
    # the geocoder put both in Douentza district; the accounts name two villages, none in common
    district = PlaceRef(place=None, country="Mali", admin1="Mopti", admin2="Douentza", location="Douentza",
                        geo_precision=2)
    sono = "On 23 July, gunmen attacked the village of Sono and killed five villagers."
    other = "On 23 July, gunmen attacked the village of Dangoboro and killed five villagers."
    a = mention("a", place=district, killed=5, text=sono)
    match = linker.compare(a, mention("b", place=district, killed=5, text=other))
    assert not match.ok and match.why == "different places named", match
    assert linker.compare(a, mention("c", place=district, killed=5, text=sono.replace("On 23 July, g", "G"))).ok
    # a headline in title case names no place this way
    title = "Gunmen Kill Five In Attack On Village Of Sono"
    assert linker._named_places(mention("d", text=title)) == ()
    assert linker._named_places(a) == (frozenset({"sono"}),)


def test_accounts_of_one_day_in_one_region_must_agree_on_toll_and_words(linker):
    # a region holds many events a day: the same toll alone does not tie two accounts placed no finer
    a = mention("a", place=MOPTI_REGION, killed=6, text="Six soldiers died when their convoy hit a mine.")
    b = mention("b", place=MOPTI_REGION, killed=6, text="Assailants on motorbikes shot six traders at a market.")
    match = linker.compare(a, b)
    assert not match.ok and match.why == "too little evidence", match
    c = mention("c", place=MOPTI_REGION, killed=6, text="Six soldiers killed as convoy hits mine.")
    assert linker.compare(a, c).ok


def test_two_accounts_placed_in_one_district_in_one_week_must_agree_on_what_happened(linker):
    # a district holds many events a week: the same district, kind and target alone do not tie two accounts;
    # the toll, a word or a named group in both does
    week = week_to("2019-10-03")
    douentza = PlaceRef(place=None, country="Mali", admin1="Mopti", admin2="Douentza", geo_precision=2)
    match = linker.compare(mention("a", date=week, place=douentza), mention("b", date=week, place=MONDORO))
    assert not match.ok and match.why == "too little evidence" and "same district" in match.features, match
    assert linker.compare(mention("c", date=week, killed=4, place=douentza),
                          mention("d", date=week, killed=4, place=MONDORO)).ok
    assert linker.compare(mention("e", date=week, perp="jnim", place=douentza),
                          mention("f", date=week, perp="jnim", place=MONDORO)).ok


def test_same_words_under_two_report_ids_never_join(linker):
    a, b = mention("a", killed=9), mention("b", killed=9)
    assert linker.compare(a, b).ok
    assert linker.compare(a, b, copies={"a": "h1", "b": "h1"}).why == "the same words under two report ids"


def test_perpetrators_tied_in_the_registry_do_not_contradict(linker):
    # Katiba Macina is part of JNIM in 2019
    match = linker.compare(mention("a", perp="katiba-macina", killed=12), mention("b", perp="jnim", killed=12))
    assert match.ok and "perpetrators tied" in match.features, match


def test_a_floor_toll_does_not_contradict_a_higher_count(linker):
    # "Explosion kills dozens in Malian military camp" (the extractor: 12, no upper bound) and "Mali attack toll
    # hits 47": one attack, a first and a later count; an exact "a dozen" against 47 still contradicts
    import dataclasses

    def week_headline(rid, fatalities):
        return dataclasses.replace(mention(rid, place=MALI, date=week_to("2017-01-18"), sub="Remote explosive/landmine/IED",
                                           etype="Explosions/Remote violence", target=None), fatalities=fatalities)
    dozens = week_headline("a", Fatalities(low=12, best=12, high=None))
    toll = week_headline("b", Fatalities(low=47, best=47, high=47))
    assert linker.compare(dozens, toll).ok
    a_dozen = week_headline("c", Fatalities(low=12, best=12, high=12))
    assert linker.compare(a_dozen, toll).why == "death tolls too far apart"
    few = week_headline("d", Fatalities(low=3, best=3, high=None))  # "at least three": too far from 47 all the same
    assert linker.compare(few, toll).why == "death tolls too far apart"


def test_small_tolls_are_near_only_from_a_few_dead_up(linker):
    # one dead and three dead are two different accounts' tolls; 20 and 22 are one toll revised
    def features(a, b):
        return set(linker.compare(mention("a", killed=a), mention("b", killed=b)).features)
    assert "near toll" not in features(1, 3)
    assert "near toll" not in features(2, 3)
    assert "near toll" in features(20, 22)
    assert "near toll" in features(4, 5)


def test_an_account_placed_nowhere_takes_the_country_its_words_name(linker):
    week = week_to("2018-04-30")
    unplaced = mention("a", place=None, date=week, killed=17, target=None,
                       text="17 killed by IS-linked extremists in Mali's northeast")
    assert linker._country(unplaced) == "Mali"
    other = mention("b", place=MALI, date=week, killed=17, target=None, text="17 killed in latest Mali attack")
    match = linker.compare(unplaced, other)
    assert match.ok and "same toll" in match.features, match
    # with a country, the headlines' lower bar and the toll tie it; an account that names none needs words in common
    # (or, v5, a toll of BARE_TOLL_MIN or more: see test_an_account_naming_no_country_is_tied_by_a_high_toll_too)
    nowhere = mention("c", place=None, date=week, killed=17, target=None, text="17 killed by IS-linked extremists")
    assert linker._country(nowhere) is None
    assert not linker.compare(nowhere, other).ok


def test_a_placed_headline_and_a_country_headline_of_the_same_days_join(linker):
    # "Attack on the army in Boulkessi" and "Mali: soldiers killed in an attack", published the same day: v4 gives
    # them the headlines' lower bar; a different target keeps them apart
    week = week_to("2019-10-03")
    placed = mention("a", date=week, text="Attack on the army in Boulkessi")
    country = mention("b", place=MALI, date=week, text="Mali: soldiers killed in an attack")
    match = linker.compare(placed, country)
    assert match.ok and "same dates" in match.features, match
    civilians = mention("c", place=MALI, date=week, target="civilians-ml", text="Mali: civilians killed in an attack")
    assert not linker.compare(placed, civilians).ok


def test_a_headline_read_as_mob_violence_with_deaths_may_be_the_attack(linker):
    week = week_to("2022-05-30")
    riot = mention("a", place=MALI, date=week, killed=2, etype="Riots", sub="Mob violence", target=None,
                   text="Red Cross says two employees killed in Mali attack")
    attack = mention("b", place=MALI, date=week, killed=2, etype="Violence against civilians", sub="Attack",
                     target=None, text="Two Red Cross workers killed in attack in western Mali")
    assert linker.compare(riot, attack).ok
    # an article dated to the day that tells of a riot stays a riot
    dated = mention("c", place=MALI, date=day("2022-05-28"), killed=2, etype="Riots", sub="Mob violence",
                    target=None, text="Red Cross says two employees killed in Mali attack")
    assert linker.compare(dated, attack).why == "different kinds of event"


def test_a_mention_that_ties_two_events_of_a_batch_folds_them(linker):
    # a and b (published a day apart) share nothing but the kind of event; c has a's toll and b's words
    a = mention("a", place=MALI, date=week_to("2019-10-03"), killed=38, text="38 soldiers killed in Mali")
    b = mention("b", place=MALI, date=week_to("2019-10-02"), text="Boulkessi camp assault claimed")
    c = mention("c", place=MALI, date=week_to("2019-10-03"), killed=38, text="Boulkessi camp assault leaves 38 dead")
    assert not linker.compare(a, b).ok and linker.compare(c, a).ok and linker.compare(c, b).ok
    events = linker.link([a, b, c], [])
    assert [(e.id, e.mention_ids) for e in events] == [(event_id_for("a#0"), ("a#0", "b#0", "c#0"))]
    assert "joined when c#0 tied its event to this one" in events[0].rules["link:b#0"]
    # a stored event is never folded (its id is in use): c joins a, the better match, and b's event stays apart
    stored_b = linker.merge(event_id_for("b#0"), [b])
    events = linker.link([a, c], [(stored_b, [b])])
    assert [(e.id, e.mention_ids) for e in events] == [(event_id_for("a#0"), ("a#0", "c#0"))]


KORO = PlaceRef(place=None, country="Mali", admin1="Mopti", admin2="Koro", location="Koro", geo_precision=2)


def test_a_toll_meets_the_same_number_written_in_an_account_without_one(linker):
    # v5: the one account's toll is the other's word "17" (dix-sept): blocking finds it in either order
    week = week_to("2019-02-27")
    told = mention("a", place=MALI, date=week, killed=17, target="civilians-ml", etype="Violence against civilians",
                   sub="Attack", text="Roadside bomb kills 17 people at Mali wedding")
    words = mention("b", place=KORO, date=week, target="civilians-ml", etype="Violence against civilians",
                    sub="Attack", text="Mali : un engin explosif tue dix-sept personnes dans le cercle de Koro")
    assert linker.compare(words, told).ok and "a shared word" in linker.compare(words, told).features
    for batch in ([told, words], [words, told]):
        assert [len(e.mention_ids) for e in linker.link(batch, [])] == [2]


def test_one_sides_dead_is_not_a_toll_too_far_from_the_sum(linker):
    week = week_to("2022-02-19")
    soldiers = mention("a", place=MALI, date=week, killed=8, text="Eight soldiers killed in Mali clash, army says")
    both = mention("b", place=MALI, date=week, killed=68,
                   text="Army: 8 soldiers killed and 60 assailants shot dead in Mali")
    assert linker.compare(soldiers, both).why != "death tolls too far apart"
    assert linker.compare(soldiers, both).ok
    other = mention("c", place=MALI, date=week, killed=47, text="Mali: gendarmes kill 47 assailants")
    assert linker.compare(soldiers, other).why == "death tolls too far apart"


def test_the_country_an_account_names_is_written_with_a_capital_or_a_demonym(linker):
    week = week_to("2016-06-29")
    grenade = mention("a", place=None, date=week, killed=2, target=None,
                      text="At least two killed and 80 wounded in grenade attack on stadium")
    assert linker._mentioned(grenade) == frozenset()
    malienne = mention("b", place=None, date=week, target=None, text="Embuscade contre l'armée malienne près de Boni")
    assert linker._mentioned(malienne) == {"Mali"}
    # an account placed nowhere is of the country it names: another country rules it out
    burkina = mention("c", place=None, date=week, killed=12, target=None, text="12 soldiers killed in Burkina Faso")
    mali = mention("d", place=MALI, date=week, killed=12, target=None, text="12 soldiers killed in an attack")
    assert linker.compare(burkina, mali).why == "different countries"
    # a demonym tells who, not where: "Chadian peacekeepers" may have died in Mali
    chadians = mention("e", place=None, date=week, killed=12, target=None, text="12 Chadian peacekeepers killed")
    assert linker._country(chadians) == "Chad" and linker.compare(chadians, mali).why != "different countries"


def test_an_account_naming_no_country_is_tied_by_a_high_toll_too(linker):
    week = week_to("2019-12-24")
    bare = mention("a", place=None, date=week, killed=80, text="80 militants also dead")
    placed = mention("b", place=PlaceRef(place=None, country="Burkina Faso", location="Burkina Faso", geo_precision=3),
                     date=week, killed=80, text="80 militants killed in army offensive in northern Burkina Faso")
    assert linker.compare(bare, placed).ok
    few = mention("c", place=None, date=week, killed=4, text="4 militants also dead")
    four = mention("d", place=placed.place, date=week, killed=4,
                   text="4 militants killed in army offensive in northern Burkina Faso")
    assert not linker.compare(few, four).ok  # four dead in a week is no tie without words


def test_two_headlines_weigh_a_difference_of_kind_at_half(linker):
    # "Attack" read as a massacre in one headline and as a clash in the other, published the same day
    week = week_to("2019-11-02")
    massacre = mention("a", place=MALI, date=week, killed=35, etype="Violence against civilians", sub="Attack",
                       target=None, text="Attack kills 35 in Mali")
    clash = mention("b", place=MALI, date=week, killed=35, target=None, text="35 dead in Mali attack, army says")
    match = linker.compare(massacre, clash)
    assert match.ok and "different types" in match.features and match.score == 4.0, match  # 2.5 + 2 - 0.5
    # two articles (not one-liners) dated to the day keep the full weight
    dated = [mention(r, date=day("2019-11-01"), killed=35, text=t, etype=e, sub=sub, target=None) for r, t, e, sub in (
        ("c", "The attack killed 35 people. It was the deadliest this year.", "Violence against civilians", "Attack"),
        ("d", "The attack killed 35 people. Soldiers fought back for hours.", "Battles", "Armed clash"))]
    assert linker.compare(*dated).score == 4.0 - 0.5  # the same spot too (2), less the full -1


def test_tolls_neither_the_same_nor_near_are_no_evidence(linker):
    match = linker.compare(mention("a", killed=12, perp="jnim"), mention("b", killed=30, perp="jnim"))
    assert "close toll" in match.features and match.score == sum(
        {"same spot": 2.0, "same perpetrator": 1.5, "same target": 0.5, "same sub-type": 0.5}.values())


def test_villages_named_as_such_are_two_places_though_they_share_an_area(linker):
    idlib = PlaceRef(place=None, country="Syria", admin1="Idlib", admin2="Idlib", location="Idlib", geo_precision=1)
    texts = ("Artillery hit the village of Kalo in the Sira hills south of the city.",
             "Artillery hit the town of Dinga in the Sira hills south of the city.")
    a, b = (mention(r, place=idlib, killed=None, target=None, etype="Explosions/Remote violence",
                    sub="Shelling/artillery/missile attack", text=t) for r, t in zip("ab", texts))
    assert linker.compare(a, b).why == "different places named"
    # one account naming both villages is no contradiction
    both = mention("c", place=idlib, killed=None, target=None, etype="Explosions/Remote violence",
                   sub="Shelling/artillery/missile attack",
                   text="Artillery hit the village of Kalo and the town of Dinga in the Sira hills.")
    assert linker.compare(a, both).why != "different places named"


def test_a_look_back_naming_other_places_does_not_keep_a_close_match_out(linker):
    # v5: the event holds a day's account and a month-dated look back that names another town; a newcomer that
    # matches the day's account closely joins though it names a place the look back does not
    bamako = PlaceRef(place=None, country="Mali", admin1="Bamako", admin2="Bamako", location="Bamako", geo_precision=1)
    attack = dict(place=bamako, etype="Violence against civilians", sub="Attack", target="civilians-ml")
    first = mention("x", date=day("2015-11-20"), killed=19, perp="al-mourabitoun",
                    text="Gunmen attacked the Radisson Blu hotel in Bamako, killing 19.", **attack)
    look_back = mention("y", date=DateInterval(dt.date(2015, 11, 1), dt.date(2015, 11, 30), "month"),
                        text="The attack in Grand-Bassam recalled the hotel siege of November.", **attack)
    stored = linker.merge("ev-stored", [first, look_back])
    close = mention("z", date=day("2015-11-20"), killed=20, perp="al-mourabitoun",
                    text="Gunmen stormed the hotel in Hamdallaye, killing 20.", **attack)
    assert linker.compare(close, look_back).why == "different places named"
    assert linker.compare(close, first).score >= 5.0
    [event] = linker.link([close], [(stored, [first, look_back])])
    assert event.id == "ev-stored" and "z#0" in event.mention_ids
    # a weaker match (a different kind of event read) is still kept out by the places named apart
    weak = mention("w", date=day("2015-11-20"), killed=19, etype="Battles", sub="Armed clash", place=bamako,
                   target=None, text="Gunmen stormed the hotel in Hamdallaye, killing 19.")
    assert linker.compare(weak, first).ok and linker.compare(weak, first).score < 5.0
    assert [e.id for e in linker.link([weak], [(stored, [first, look_back])])] == [event_id_for("w#0")]


def test_eviction_forgets_the_events_folded_into_those_it_evicts(linker):
    session = LinkSession(linker)
    a = mention("a", place=MALI, date=week_to("2019-10-03"), killed=38, text="38 soldiers killed in Mali")
    b = mention("b", place=MALI, date=week_to("2019-10-02"), text="Boulkessi camp assault claimed")
    c = mention("c", place=MALI, date=week_to("2019-10-03"), killed=38, text="Boulkessi camp assault leaves 38 dead")
    for m in (a, b, c):
        session.add(m)
    assert set(session.folded) == {event_id_for("b#0")}
    [event] = session.events([event_id_for("b#0")])  # a folded id finds the event it joined
    assert event.id == event_id_for("a#0")
    done = session.evict_before(dt.date(2019, 12, 1).toordinal() // 7)
    assert [set(e.mention_ids) for e in done] == [{"a#0", "b#0", "c#0"}]
    assert not session.folded and not session.folded_into and not session.clusters


# --- linking and merging -----------------------------------------------------------------------------


def test_merged_fields_follow_the_stated_rules(linker):
    dawn = "The camp was overrun at dawn by assailants on motorbikes."  # c agrees with a in words, not in toll
    ms = [mention("a", killed=38, perp="jnim", text=dawn),
          mention("b", killed=40, perp="katiba-macina", date=week_to("2019-10-02"), place=MOPTI_REGION),
          mention("c", killed=25, date=week_to("2019-10-01"), text=dawn)]
    [event] = linker.link(ms, [])
    assert event.id == event_id_for("a#0") and event.linker == NAME
    assert (event.fatalities.low, event.fatalities.best, event.fatalities.high) == (25, 25, 40)
    assert "a: 38" in event.rules["fatalities"] and "b: 40" in event.rules["fatalities"]
    assert event.date == day("2019-09-30") and event.place == BOULKESSI  # the most precise win
    assert "jnim (per a)" in event.rules["actors"] and "katiba-macina (per b)" in event.rules["actors"]
    assert event.rules["link:a#0"] == "first report of this event"
    assert event.rules["link:b#0"].startswith("score ") and NAME in event.rules["link:b#0"]


def test_ids_are_stable_and_a_new_batch_adds_to_stored_events(linker):
    first = [mention("a", killed=38, perp="jnim"), mention("x", place=MONDORO, killed=2)]
    later = [mention("b", killed=38, perp="jnim", date=week_to("2019-10-02"))]
    once = {e.id: set(e.mention_ids) for e in linker.link(first + later, [])}
    stored = linker.link(first, [])
    assert {e.id for e in stored} == {e.id for e in linker.link(first, [])}  # same mentions, same ids
    by_id = {m.id: m for m in first}
    grown = linker.link(later, [(e, [by_id[i] for i in e.mention_ids]) for e in stored])
    assert [(e.id, set(e.mention_ids)) for e in grown] == [(event_id_for("a#0"), {"a#0", "b#0"})]
    assert once == {event_id_for("a#0"): {"a#0", "b#0"}, event_id_for("x#0"): {"x#0"}}
    assert grown[0].rules["link:a#0"] == "first report of this event"  # earlier reasons are kept


def test_a_stream_session_evicts_old_weeks_and_keeps_linking(linker):
    session = LinkSession(linker)
    session.add(mention("a", killed=38, perp="jnim"))
    session.add(mention("b", killed=38, perp="jnim", date=week_to("2019-10-02")))
    done = session.evict_before(dt.date(2019, 12, 1).toordinal() // 7)
    assert [set(e.mention_ids) for e in done] == [{"a#0", "b#0"}]
    assert not session.index and not session.clusters
    session.add(mention("c", killed=38, perp="jnim", date=day("2019-12-20")))  # too late to join anything
    assert [e.mention_ids for e in session.events()] == [("c#0",)]


# --- through the pipeline: analysts' decisions survive re-runs ----------------------------------------

NAMPALA_EN = Report(
    id="l-1", published=dt.date(2016, 7, 20), outlet="Test Wire", url="https://test.invalid/l1", language="en",
    text="Gunmen from Ansar Dine attacked the army base in Nampala on Tuesday, killing 17 Malian soldiers.")
NAMPALA_FR = Report(
    id="l-2", published=dt.date(2016, 7, 21), outlet="Test Quotidien", language="fr",
    text="Des hommes armés d'Ansar Dine ont attaqué mardi le camp militaire de Nampala. "
         "Au moins 17 soldats maliens ont été tués.")
GAO_PROTEST = Report(
    id="l-3", published=dt.date(2016, 7, 13), outlet="Test Wire", language="en",
    text="Hundreds of young people protested in Gao on Tuesday against the new interim authorities.")


def _event_of(store, rid):
    return next(e for e in store.events() if rid in e.report_ids)


def test_unlink_and_link_are_kept_across_reextraction(make_pipeline):
    pipeline = make_pipeline()
    pipeline.ingest([NAMPALA_EN, NAMPALA_FR, GAO_PROTEST])
    store = pipeline.store
    joined = _event_of(store, "l-1")
    assert set(joined.report_ids) == {"l-1", "l-2"}, joined
    fr_mention = next(m for m in joined.mention_ids if m.startswith("l-2#"))

    pipeline.unlink(joined.id, fr_mention, reason="two attacks that week", author="analyst-a")
    assert store.event(joined.id).report_ids == ("l-1",)
    alone = store.event(unlinked_event_id(fr_mention))
    assert "analyst-a" in alone.rules[f"link:{fr_mention}"]
    ids = sorted(e.id for e in store.events())

    pipeline.reextract()
    assert sorted(e.id for e in store.events()) == ids
    assert store.event(joined.id).report_ids == ("l-1",)

    protest = _event_of(store, "l-3")
    pipeline.link_events(joined.id, protest.id, reason="test: the analyst knows better", author="analyst-b")
    assert set(store.event(joined.id).report_ids) == {"l-1", "l-3"}
    with pytest.raises(NotFoundError):
        store.event(protest.id)
    pipeline.reextract()
    assert set(store.event(joined.id).report_ids) == {"l-1", "l-3"}
    assert len(store.link_decisions()) == 2


def test_bad_decisions_are_refused_with_one_line(make_pipeline, tmp_path):
    from warlog.cli import cli
    from warlog.store import open_store

    pipeline = make_pipeline(tmp_path / "d.duckdb")
    pipeline.ingest([NAMPALA_EN, GAO_PROTEST])
    event = _event_of(pipeline.store, "l-1")
    with pytest.raises(InputError, match="only mention"):
        pipeline.unlink(event.id, event.mention_ids[0], reason="x", author="a")
    with pytest.raises(InputError, match="not in event"):
        pipeline.unlink(event.id, "nope#0", reason="x", author="a")
    with pytest.raises(InputError, match="two different"):
        pipeline.link_events(event.id, event.id, reason="x", author="a")
    assert pipeline.store.link_decisions() == []
    pipeline.store.close()

    runner = CliRunner()
    db = str(tmp_path / "d.duckdb")
    result = runner.invoke(cli, ["link", event.id, "ev-000000000000", "--reason", "x", "--db", db])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "Error:" in result.output
    store = open_store(db, read_only=True)
    other = next(e for e in store.events() if e.id != event.id)
    store.close()
    ok = runner.invoke(cli, ["link", event.id, other.id, "--reason", "same", "--author", "t", "--db", db])
    assert ok.exit_code == 0 and "decision #1" in ok.output, ok.output
    shown = runner.invoke(cli, ["show", event.id, "--db", db])
    assert "who said what" in shown.output and "by analyst decision #1 (t): same" in shown.output


# --- the measure ---------------------------------------------------------------------------------------


def test_bcubed_by_hand():
    gold = {"a": "1", "b": "1", "c": "2", "d": "3"}
    s = link_eval.score(gold, {"a": "x", "b": "x", "c": "x"})  # d yields no event
    # a, b: precision 2/3, recall 1; c: precision 1/3, recall 1
    assert (s.yielded, s.precision, s.recall, s.coverage) == (3, round(5 / 9, 4), 1.0, 0.75)
    assert s.over_merged == 1.0
    assert link_eval.score(gold, {"a": "x", "b": "y"}).recall == 0.5


# measured 2026-11-25 on this machine: see the closing note; floors sit a little under
LINKING_SAMPLE = 250  # the first 250 gold events of the linking set, all their headlines
ACLED_SAMPLE = 300  # ACLED's Mali reports of 2019
LINKING_FLOORS = {"precision": 0.94, "f1": 0.775}  # measured 0.948, 0.783 (rules v5; v4: 0.963, 0.768)
ACLED_OVER_MERGED_CEILING = 0.02  # measured 0.007 (rules v5; v3: 0.007)


@pytest.fixture(scope="module")
def factory(actors, geocoder, extractor):
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    return lambda db: Pipeline(open_store(str(db)), actors=actors, geocoder=geocoder, extractor=extractor)


def test_linking_quality_floor_on_real_headlines(factory):
    s = link_eval.evaluate(LINKING_GOLD, LINKING_REPORTS, pipeline_factory=factory, sample=LINKING_SAMPLE)
    assert s.yielded > 100
    for name, floor in LINKING_FLOORS.items():
        assert getattr(s, name) >= floor, (name, s)


def test_acled_reports_are_rarely_merged(factory, tmp_path):
    import csv
    import random

    with ACLED_GOLD.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    # the Mali reports of one year: dense in places and dates, every one a different event
    chosen = [r for r in rows if r["dataset"] == "acled-mali-2017-2020" and r["event_date"].startswith("2019")]
    chosen = sorted(random.Random(1).sample(chosen, min(ACLED_SAMPLE, len(chosen))), key=lambda r: r["report_id"])
    gold = tmp_path / "gold.csv"
    with gold.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["report_id"])
        w.writeheader()
        w.writerows({"report_id": r["report_id"]} for r in chosen)
    s = link_eval.evaluate(gold, DEV_REPORTS, pipeline_factory=factory)
    assert s.yielded > 0.9 * ACLED_SAMPLE
    assert s.over_merged <= ACLED_OVER_MERGED_CEILING, s
