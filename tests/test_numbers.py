"""Tests for warlog.extract.numbers: number phrases and casualty counts, English and French."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest

from warlog.extract.numbers import CountPhrase, find_casualties, parse_number

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_f5a8a32960568fc5.txt"
DEV = SHARED / "eval" / "dev"


@pytest.mark.parametrize(
    ("phrase", "language", "value"),
    [
        ("4", None, 4), ("1,200", None, 1200), ("1 200", "fr", 1200), ("1.200", "fr", 1200), ("12", None, 12),
        ("four", None, 4), ("Four", "en", 4), ("twenty-three", "en", 23), ("twenty three", None, 23),
        ("one hundred and twenty", "en", 120), ("vingt-trois", "fr", 23), ("vingt et un", "fr", 21),
        ("quatre-vingt-dix", "fr", 90), ("trois", None, 3), ("douze", None, 12), ("a dozen", None, 12),
        ("half a dozen", None, 6), ("une dizaine", "fr", 10), ("une vingtaine", "fr", 20), ("une centaine", None, 100),
        ("a", None, 1), ("un", "fr", 1),
        ("dozens", None, None), ("several", None, None), ("many", None, None), ("plusieurs", "fr", None),
        ("", None, None), ("soldiers", None, None), ("1.5", None, None),
    ],
)
def test_parse_number(phrase, language, value):
    assert parse_number(phrase, language) == value


def counts(text: str, language: str | None = None) -> list[tuple[str, int | None, int | None, int | None, str | None]]:
    return [(c.kind, c.low, c.best, c.high, c.subject) for c in find_casualties(text, language)]


# (text, [(kind, low, best, high, subject), ...])
CASUALTY_CASES = [
    # one victim named by a noun the person list lacks; a toll the text states for the whole event
    ("Gunmen killed a shepherd near Bankass.", [("killed", 1, 1, 1, "shepherd")]),
    ("A taxi driver was shot to death in Gao.", [("killed", 1, 1, 1, "driver")]),
    ("Soldiers beat a detainee to death.", [("killed", 1, 1, 1, "detainee")]),
    ("ISGS militants assassinated the subprefect and four others.",
     [("killed", 1, 1, 1, "subprefect"), ("killed", 4, 4, 4, "others")]),
    ("Total fatalities rose to 13.", [("killed", 13, 13, 13, "total")]),
    ("He was later found dead.", [("killed", 1, 1, 1, None)]),
    ("JNIM killed four soldiers.", [("killed", 4, 4, 4, "soldiers")]),
    ("The assault left four Malian soldiers dead and many more wounded.",
     [("killed", 4, 4, 4, "soldiers"), ("wounded", None, None, None, None)]),
    ("At least 12 people were killed.", [("killed", 12, 12, None, "people")]),
    ("12 killed in Gao.", [("killed", 12, 12, 12, None)]),
    ("A soldier was killed near Gao.", [("killed", 1, 1, 1, "soldier")]),
    ("Two civilians were killed and three injured.", [("killed", 2, 2, 2, "civilians"), ("wounded", 3, 3, 3, None)]),
    ("Militants attacked the post, killing 3.", [("killed", 3, 3, 3, None)]),
    ("One dead.", [("killed", 1, 1, 1, None)]),
    ("L'attaque a fait 5 morts.", [("killed", 5, 5, 5, None)]),
    ("une embuscade faisant 5 morts et 3 blessés", [("killed", 5, 5, 5, None), ("wounded", 3, 3, 3, None)]),
    ("trois soldats tués", [("killed", 3, 3, 3, "soldats")]),
    ("plusieurs blessés", [("wounded", 3, 10, None, None)]),
    ("No casualties were reported.", [("killed", 0, 0, 0, None)]),
    ("No fatalities.", [("killed", 0, 0, 0, None)]),
    ("No one was killed in the attack.", [("killed", 0, 0, 0, None)]),
    ("L'explosion s'est produite sans faire de victimes.", [("killed", 0, 0, 0, None)]),
    ("Neither fatalities nor injuries reported.", [("killed", 0, 0, 0, None), ("wounded", 0, 0, 0, None)]),
    ("The attack killed three soldiers and two attackers.",
     [("killed", 3, 3, 3, "soldiers"), ("killed", 2, 2, 2, "attackers")]),
    ("Soldiers killed one of the assailants.", [("killed", 1, 1, 1, "assailants")]),
    ("Dozens of people were killed.", [("killed", 12, 12, None, "people")]),
    ("Between 10 and 20 militants were killed.", [("killed", 10, 10, 20, "militants")]),
    ("militants reportedly killed between 26 and 37 civilians", [("killed", 26, 26, 37, "civilians")]),
    ("Up to 20 people were killed.", [("killed", None, 20, 20, "people")]),
    ("about 30 villagers were killed", [("killed", None, 30, None, "villagers")]),
    ("JNIM militants abducted 6 teachers between Dala and Douentza", [("abducted", 6, 6, 6, "teachers")]),
    ("les assaillants ont enlevé trois enseignants", [("abducted", 3, 3, 3, "enseignants")]),
    ("The army arrested 10 suspects.", [("arrested", 10, 10, 10, "suspects")]),
    ("FARDC soldiers killed 4 ADF militiamen and detained 2 others.",
     [("killed", 4, 4, 4, "militiamen"), ("arrested", 2, 2, 2, "others")]),
    ("2 Malian gendarmes and a civilian were killed.",
     [("killed", 2, 2, 2, "gendarmes"), ("killed", 1, 1, 1, "civilian")]),
    ("two people were killed and one severely wounded", [("killed", 2, 2, 2, "people"), ("wounded", 1, 1, 1, None)]),
    ("killed six soldiers and wounded ten others", [("killed", 6, 6, 6, "soldiers"), ("wounded", 10, 10, 10, "others")]),
    ("Dogon militiamen killed the Fulani village chief", [("killed", 1, 1, 1, "chief")]),
    ("the army shot dead a man transporting fuel", [("killed", 1, 1, 1, "man")]),
    ("opened fire on a civilian, killing him.", [("killed", 1, 1, 1, None)]),
    ("vingt-trois civils ont été tués", [("killed", 23, 23, 23, "civils")]),
    ("Fourteen armed Islamists were killed", [("killed", 14, 14, 14, "Islamists")]),
    ("Four vehicles were destroyed and two houses were burned.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASUALTY_CASES)
def test_find_casualties(text, expected):
    assert counts(text) == expected


NOT_CASUALTIES = [
    "there have been at least 80 al Qaeda-linked attacks in Mali",
    "The photos detailed dozens of small arms.",
    "attacks saw a 150 percent increase from 2015",
    "Militants burned four vehicles.",
    "2 Comments",
    "the killing of 2 goats",
    "a convoy of 30 trucks was attacked at 5 pm",
    "They killed time waiting.",
]


@pytest.mark.parametrize("text", NOT_CASUALTIES)
def test_not_casualties(text):
    assert find_casualties(text) == []


# Headlines: short, often no auxiliary verb, title case, tolls stated as totals, quoted nouns.
# (text, (low, best, high) of the killed count the headline gives)
HEADLINES = [
    ("Three UN peacekeepers killed in Mali", (3, 3, 3)),
    ("Three U.N. peacekeepers from Senegal killed in central Mali", (3, 3, 3)),
    ("Mali bomb blast kills four UN peacekeepers", (4, 4, 4)),
    ("death toll rises to 157", (157, 157, 157)),
    ("Mali: Death Toll Rises To 157 In Attack", (157, 157, 157)),
    ("Toll from Mali attack climbs to 49", (49, 49, 49)),
    ("Massacre toll in Mali revised down to 35", (35, 35, 35)),
    ("Death toll on gold-mine convoy in Burkina rises to four", (4, 4, 4)),
    ("Number of soldiers killed in Mali clash rises to 43", (43, 43, 43)),
    ("Attack kills 12 soldiers", (12, 12, 12)),
    ("Nine soldiers in G5 Sahel force killed by Mali landmine", (9, 9, 9)),
    ("More than 20 people, including 12 civilians, killed in Mali", (20, 20, None)),
    ("Burkina says ten 'terrorists' killed in Saturday attacks", (10, 10, 10)),
    ("Mali: 14 young shepherds killed by gunmen", (14, 14, 14)),
    ("Five suicide bombers die in attacks on troops in Mali", (5, 5, 5)),
    ("Mali : 12 soldats tués", (12, 12, 12)),
    ("au moins 20 morts", (20, 20, None)),
    ("Mali: cinq militaires maliens tués dans le centre du pays", (5, 5, 5)),
    ("Mali: une vingtaine de civils touareg tués près de la frontière", (20, 20, 20)),
    ("Attaque au Mali : le bilan passe à 41", (41, 41, 41)),
    ("Ménaka : au moins une dizaine de morts dans des affrontements", (10, 10, None)),
    ('Burkina: une dizaine de "terroristes" tués dans deux attaques', (10, 10, 10)),
    ("UPDATE 2-Ten U.N. peacekeepers killed in attack in northern Mali", (10, 10, 10)),
    ("3 dead, 17 injured in attack on armed forces in central Mali", (3, 3, 3)),
]


@pytest.mark.parametrize(("text", "expected"), HEADLINES)
def test_headline_killed_counts(text, expected):
    killed = [(c.low, c.best, c.high) for c in find_casualties(text) if c.kind == "killed"]
    assert killed == [expected]
    for c in find_casualties(text):
        assert text[c.start: c.end] == c.phrase  # quotation marks are read as spaces, phrases keep them


def test_dates_are_not_headline_counts():
    text = "On 25 October 2020, presumed militiamen killed at least one member of the group."
    assert [c.best for c in find_casualties(text) if c.kind == "killed"] == [1]


def test_headline_with_two_counts_reads_each():
    assert counts("3 dead, 17 injured in attack") == [("killed", 3, 3, 3, None), ("wounded", 17, 17, 17, None)]


HEADLINE_NOT_CASUALTIES = [
    "In 2019 jihadists killed in Mali were buried",
    "Two new attacks killed",
    "the killing of 2 goats in the village",
    "Mali: toll of the war on the economy rises to 40 percent",
]


@pytest.mark.parametrize("text", HEADLINE_NOT_CASUALTIES)
def test_headline_counts_not_of_people(text):
    assert [c for c in find_casualties(text) if c.kind == "killed" and c.best not in (None,)] == []


def test_phrase_and_offsets_point_into_the_text():
    text = "On Monday, gunmen killed three soldiers and two attackers near Gao."
    for count in find_casualties(text):
        assert isinstance(count, CountPhrase)
        assert text[count.start: count.end] == count.phrase
    assert [c.phrase for c in find_casualties(text)] == ["killed three soldiers", "two attackers"]


def test_seed_report_counts_four_soldiers_killed():
    found = find_casualties(SEED.read_text(encoding="utf-8"))
    killed = [c for c in found if c.kind == "killed"]
    assert [(c.best, c.subject) for c in killed] == [(4, "soldiers")]
    assert all(c.phrase != "80" and "attacks" not in c.phrase for c in found)


@pytest.mark.skipif(not DEV.exists(), reason="needs ../shared/eval/dev")
def test_killed_counts_agree_with_acled_coders_on_dev_sample():
    """Sum of 'killed' best counts against ACLED's fatalities, first 500 dev reports.

    A crude reading (ACLED splits fatalities across events and codes vague ones as 10), so the
    floor is what was measured, to catch regressions.
    """
    with open(DEV / "gold.csv", newline="", encoding="utf-8") as handle:
        gold = {row["report_id"]: int(row["fatalities"] or 0) for row in csv.DictReader(handle)}
    with open(DEV / "reports.jsonl", encoding="utf-8") as handle:
        reports = [json.loads(line) for _, line in zip(range(500), handle)]
    began = time.perf_counter()
    found = [find_casualties(report["text"]) for report in reports]
    elapsed = time.perf_counter() - began
    agree = sum(
        1 for report, counts_found in zip(reports, found)
        if sum(c.best or 0 for c in counts_found if c.kind == "killed") == gold[report["id"]]
    )
    words = sum(len(report["text"].split()) for report in reports)
    print(f"\ndev first 500: killed sum == ACLED fatalities {agree / len(reports):.3f}; "
          f"{elapsed / words * 60 * 1000:.3f} ms per 60 words")
    assert agree / len(reports) >= 0.85
