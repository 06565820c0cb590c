"""Numbers and casualty counts in English and French report text.

Two entry points:

- :func:`parse_number` turns one number phrase ("4", "four", "twenty-three", "vingt-trois",
  "a dozen", "1,200", "une dizaine") into an int.
- :func:`find_casualties` finds counts of people killed, wounded, abducted and arrested
  ("killed four soldiers", "at least 12 people were killed", "faisant 5 morts", "no casualties").

Counting conventions (ACLED's codebook, where it has one):

- Fatalities are the most conservative figure the text reports. "at least 12" gives low 12,
  best 12, high None; "between 10 and 15" gives low 10, best 10, high 15; "up to 20" gives
  low None, best 20, high 20 (the only figure given); "about 30" / "nearly 30" / "some 30" give
  best 30 and no bounds; "more than 10" gives low 10, best 10 (the figure as written, not 11);
  "fewer than 10" gives only high 10.
- "a soldier", "the village chief", "killing him" count one; "the soldiers" counts nothing.
- Vague quantities give no exact number. What they give (``VAGUE_COUNTS``):

  ======================== ====== ====== ======
  phrase                   low    best   high
  ======================== ====== ====== ======
  several / plusieurs      3      10     None    (ACLED codes "several" as 10)
  dozens / des dizaines    12     12     None    (ACLED codes "dozens" as 12)
  scores of                20     20     None
  hundreds / des centaines 100    100    None    (ACLED codes "hundreds" as 100)
  many / numerous / de     None   None   None    (a count is reported, its size is not)
  nombreux / a number of
  a few / quelques         2      2      None
  ======================== ====== ====== ======

  "a dozen" and "une douzaine" are exact (12); "une dizaine", "une vingtaine", "une centaine"
  are read as their round number (10, 20, 100), as French reporters use them for "about N".
- "no casualties", "no fatalities", "no one was killed", "sans faire de victimes" give a killed
  count of 0 (low 0, best 0, high 0); "no injuries" a wounded count of 0.
- "neutralised" (French military communiqués: "neutralisés") is counted as killed, as ACLED
  usually codes it; "captured" / "interpellés" as arrested.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from typing import Iterator

from text_to_num import text2num

logger = logging.getLogger(__name__)

__all__ = ["CountPhrase", "parse_number", "find_casualties", "NUMBER_PATTERN", "VAGUE_COUNTS"]

# --- number words -------------------------------------------------------------------------

_EN_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = "twenty thirty forty fourty fifty sixty seventy eighty ninety".split()
_EN_SCALES = ["hundred", "thousand"]
_FR_UNITS = (
    "zéro zero un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
    "quinze seize"
).split()
_FR_TENS = "vingt vingts trente quarante cinquante soixante".split()
_FR_SCALES = ["cent", "cents", "mille"]

# Single words whose value is known without text2num (the fast path, and the words text2num refuses).
_WORD_VALUES: dict[str, int] = {
    **{w: i for i, w in enumerate(_EN_UNITS)},
    **{w: 20 + 10 * i for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])},
    "fourty": 40,
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000,
    "a": 1, "an": 1, "single": 1, "lone": 1,
    "dozen": 12, "douzaine": 12,
}

# Collective nouns read as a (round) number: "a dozen", "une dizaine".
_COLLECTIVE_VALUES: dict[str, int] = {
    "dozen": 12, "douzaine": 12, "couple": 2, "pair": 2,
    "dizaine": 10, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "quarantaine": 40,
    "cinquantaine": 50, "soixantaine": 60, "centaine": 100, "hundred": 100, "thousand": 1000,
    "millier": 1000,
}

_NUMBER_WORD = "|".join(
    sorted(set(_EN_UNITS + _EN_TENS + _EN_SCALES + _FR_UNITS + _FR_TENS + _FR_SCALES + ["dozen"]), key=len, reverse=True)
)
# A number written in words: "twenty-three", "one hundred and twenty", "vingt et un", "quatre-vingt-dix".
_NUMBER_WORDS = (
    rf"(?:{_NUMBER_WORD})"
    rf"(?:(?:[\s-]+(?!une?\b)|\s+and\s+|[\s-]+et[\s-]+)(?:{_NUMBER_WORD})\b)*"
)
_DIGITS = r"\d{1,3}(?:[,\u202f\u00a0 .]\d{3})+(?!\d)|\d+(?![.,]\d)"
_COLLECTIVE = (
    r"(?:half\s+a\s+dozen|a\s+dozen|one\s+dozen|a\s+couple\s+of|a\s+pair\s+of|a\s+hundred|a\s+thousand|"
    r"une?\s+(?:douzaine|dizaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine|millier))"
)
# Any exact number phrase parse_number can read (used by dates.py for "three weeks ago").
NUMBER_PATTERN = rf"(?:{_COLLECTIVE}|{_DIGITS}|\b{_NUMBER_WORDS}\b)"

_DIGITS_RE = re.compile(rf"^(?:{_DIGITS})$")
_SEPARATORS_RE = re.compile(r"[,\u202f\u00a0 .]")
_COLLECTIVE_RE = re.compile(
    r"^(?:(?P<half>half\s+)?(?:a|an|one|une?)\s+)?(?P<noun>[a-zé]+?)s?(?:\s+(?:of|de|d'))?$"
)


def parse_number(phrase: str, language: str | None = None) -> int | None:
    """Read one number phrase as an int, or None when it is not an exact number.

    "4" → 4, "1,200" → 1200, "1 200" → 1200, "four" → 4, "twenty-three" → 23,
    "vingt-trois" → 23, "a dozen" → 12, "half a dozen" → 6, "une dizaine" → 10, "a" → 1.
    "dozens", "several", "many" → None (see the module docstring for how counts treat them).
    ``language`` ("en" / "fr") picks text2num's language for compound words; None tries both.
    """
    text = " ".join(phrase.strip().lower().replace("’", "'").split())
    if not text:
        return None
    if _DIGITS_RE.match(text):
        return int(_SEPARATORS_RE.sub("", text))
    if text in _WORD_VALUES:
        return _WORD_VALUES[text]
    collective = _COLLECTIVE_RE.match(text)
    if collective and collective.group("noun") in _COLLECTIVE_VALUES and not text.endswith(("dozens", "hundreds")):
        value = _COLLECTIVE_VALUES[collective.group("noun")]
        return value // 2 if collective.group("half") else value
    return _words_to_int(text, language)


def _words_to_int(text: str, language: str | None) -> int | None:
    languages = [language] if language in ("en", "fr") else ["en", "fr"]
    for lang in languages:
        try:
            return int(text2num(text, lang))
        except ValueError:
            continue
    return None


# --- casualty counts ----------------------------------------------------------------------


@dataclass(frozen=True)
class CountPhrase:
    """A count of people killed / wounded / abducted / arrested, as one phrase of a text says it.

    ``low``/``best``/``high`` follow the conventions in the module docstring; all three are None
    when the text reports casualties without a size ("many were killed").
    """

    start: int
    end: int
    phrase: str
    low: int | None
    best: int | None
    high: int | None
    kind: str  # "killed" | "wounded" | "abducted" | "arrested"
    subject: str | None  # the noun counted: "soldiers", "civilians"; None when the text names none


# Vague quantities: (low, best, high). See the module docstring.
VAGUE_COUNTS: dict[str, tuple[int | None, int | None, int | None]] = {
    "several": (3, 10, None), "plusieurs": (3, 10, None),
    "dozens": (12, 12, None), "des dizaines": (12, 12, None), "plusieurs dizaines": (12, 12, None),
    "scores": (20, 20, None),
    "hundreds": (100, 100, None), "des centaines": (100, 100, None), "plusieurs centaines": (100, 100, None),
    "a few": (2, 2, None), "few": (2, 2, None), "quelques": (2, 2, None),
    "many": (None, None, None), "numerous": (None, None, None), "de nombreux": (None, None, None),
    "de nombreuses": (None, None, None), "a number of": (None, None, None), "an unknown number of": (None, None, None),
    "an undetermined number of": (None, None, None), "un nombre indéterminé de": (None, None, None),
    "nombreux": (None, None, None), "nombreuses": (None, None, None), "others": (None, None, None),
    "more": (None, None, None),
}

_VAGUE = (
    r"an?\s+(?:unknown|undetermined|unspecified)\s+number\s+of|a\s+number\s+of|un\s+nombre\s+ind[ée]termin[ée]\s+de|"
    r"plusieurs\s+(?:dizaines|centaines)|des\s+(?:dizaines|centaines)|de\s+nombreu(?:x|ses)|"
    r"several|plusieurs|dozens|scores|hundreds|a\s+few|quelques|many|numerous|nombreu(?:x|ses)"
)
_QUALIFIER = (
    r"at\s+least|au\s+moins|more\s+than|over|plus\s+de|up\s+to|jusqu'à|jusqu’à|as\s+many\s+as|"
    r"about|around|approximately|roughly|some|nearly|almost|close\s+to|an\s+estimated|environ|près\s+de|"
    r"pr[eè]s\s+d['’]|une\s+estimation\s+de|a\s+total\s+of|un\s+total\s+de|another|other|d['’]autres|"
    r"at\s+most|no\s+more\s+than|fewer\s+than|less\s+than|moins\s+de"
)
# "between 10 and 15", "10 to 15", "10-15", "entre 10 et 15".
_RANGE = rf"(?:between|entre)\s+(?P<r1>{NUMBER_PATTERN})\s+(?:and|et)\s+(?P<r2>{NUMBER_PATTERN})|(?P<r3>{_DIGITS})\s*(?:-|–|to|à)\s*(?P<r4>{_DIGITS})"
_COUNT = (
    rf"(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?:{_RANGE}|(?P<vague>{_VAGUE})|(?P<num>{NUMBER_PATTERN}|\ban?\b|\bthe\b|\bhim\b|\bher\b))"
    r"(?:\s+more)?"
)

# Nouns for people; a count must count one of these, or stand right before a casualty word.
_PERSON_NOUNS = (
    "people persons person individuals individual civilians civilian soldiers soldier troops militants militant "
    "jihadists jihadist djihadistes djihadiste jihadistes terrorists terrorist gunmen gunman assailants assailant "
    "attackers attacker fighters fighter rebels rebel insurgents insurgent combatants combatant bandits bandit "
    "policemen policeman police officers officer gendarmes gendarme guards guard peacekeepers peacekeeper "
    "members member villagers villager residents resident herders herder farmers farmer students student "
    "teachers teacher pupils children child women woman men man boys boy girls girl workers worker miners "
    "traders trader merchants passengers passenger drivers driver suspects suspect protesters protester "
    "demonstrators demonstrator elements element personnel recruits militiamen militiaman militia hunters "
    "dozos chiefs chief leaders leader officials official employees employee staff agents agent "
    "hostages hostage prisoners prisoner detainees inmates journalists journalist doctors nurses "
    "pastoralists herdsmen herdsman fishermen fisherman worshippers pilgrims relatives family families "
    "others victims victim bodies body corpses dead wounded injured casualties "
    "bombers islamists islamist jihadis extremists extremist volunteers vdp "
    "personnes individus civils soldats soldat militaires militaire terroristes terroriste assaillants assaillant "
    "hommes homme femmes femme enfants enfant gendarmes policiers policier agents éléments membres membre "
    "villageois habitants habitant éleveurs éleveur agriculteurs cultivateurs élèves enseignants "
    "otages otage chasseurs miliciens milicien combattants combattant rebelles bandits casques "
    "passagers chauffeurs commerçants fidèles victimes victime corps morts blessés "
    "islamistes islamiste extrémistes volontaires"
).split()
# Singular person nouns: "the chief was killed" counts one; collective nouns ("police", "staff") do not.
_SINGULAR_NOUNS = {
    noun for noun in _PERSON_NOUNS
    if not noun.endswith(("s", "x")) and noun not in {
        "police", "personnel", "staff", "militia", "dead", "wounded", "injured", "family", "children", "men",
        "women", "people", "gunmen", "policemen", "militiamen", "herdsmen", "fishermen",
    }
}
_PERSON_NOUN = "|".join(sorted(set(_PERSON_NOUNS), key=len, reverse=True))
# Up to three modifiers between a count and its noun: "four Malian soldiers", "3 MINUSMA peacekeepers".
_MODIFIERS = r"(?:(?!(?:and|et|or|ou|of|de|were|was|are|have|had|who|qui|ont|sont)\b)(?:(?:[A-Za-z]\.){2,}|[\w'’-]+)\s+){0,3}?"
_NOUN_PHRASE = rf"{_MODIFIERS}(?P<noun>(?:{_PERSON_NOUN})\b(?:\s+(?:bleus|blue\s+helmets|officers|members|forces))?)"
_OF_PHRASE = rf"(?:of|d[eu]s?|d['’])\s+(?:the\s+|les\s+|ces\s+|their\s+|its\s+)?{_MODIFIERS}(?P<ofnoun>(?:{_PERSON_NOUN})\b)"

_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "killed": (
        "killed", "killing", "kill", "kills", "dead", "died", "die", "dies", "slain", "murdered", "executed",
        "assassinated", "beheaded", "shot dead", "lost their lives", "lost his life", "lost her life",
        "fatalities", "fatality", "deaths", "death", "perished", "neutralized", "neutralised", "neutralizing",
        "neutralising", "tués", "tuées", "tué", "tuée", "tuant", "morts", "mort", "mortes", "décédés", "décédé",
        "ont péri", "ont perdu la vie", "a perdu la vie", "ont trouvé la mort", "a trouvé la mort",
        "assassinés", "assassiné", "exécutés", "exécuté", "massacrés", "neutralisés", "neutralisé", "victimes",
    ),
    "wounded": (
        "wounded", "wounding", "injured", "injuring", "hurt", "injuries", "injury", "wounds",
        "blessés", "blessées", "blessé", "blessée", "blessant", "blessures",
    ),
    "abducted": (
        "abducted", "abducting", "kidnapped", "kidnapping", "taken hostage", "held hostage", "abductions",
        "enlevés", "enlevées", "enlevé", "enlevée", "enlevant", "kidnappés", "kidnappé", "pris en otage", "pris en otages",
        "séquestrés",
    ),
    "arrested": (
        "arrested", "arresting", "detained", "detaining", "apprehended", "captured", "capturing", "arrests",
        "interpellés", "interpellé", "arrêtés", "arrêté", "appréhendés", "appréhendé", "capturés", "capturé",
        "faits prisonniers",
    ),
}
_KIND_OF_WORD: dict[str, str] = {w: kind for kind, words in _KIND_WORDS.items() for w in words}
_KIND_WORD = "|".join(sorted(_KIND_OF_WORD, key=len, reverse=True)).replace(" ", r"\s+")
_AUX = (
    r"(?:(?:were|was|are|is|have\s+been|has\s+been|had\s+been|been|got|ont\s+été|a\s+été|sont|est|été|"
    r"reportedly|allegedly|reported|confirmed|later|also|all|both|initially|were\s+reportedly|have\s+reportedly|"
    r"found|left|lay|said\s+to\s+be|believed\s+(?:to\s+have\s+been|to\s+be)|respectivement|ont|sont\s+morts|"
    r"(?:shot|beaten|stabbed|hacked|attacked|ambushed|abattus?)\s+(?:and|et)|shot|severely|seriously|critically|slightly|lightly|gravely|badly|fatally|mortally|"
    r"grièvement|gravement|légèrement|mortellement)\s+){0,4}"
)
# Verbs that take the count as their object: "killed four soldiers", "faisant 5 morts".
_ACTIVE_VERBS = (
    "killed killing kill kills wounded wounding injured injuring abducted abducting kidnapped kidnapping "
    "arrested arresting detained detaining apprehended captured capturing executed executing "
    "assassinated murdered beheaded neutralized neutralised neutralizing neutralising "
    "tué tuant tuent blessé blessant enlevé enlevant kidnappé arrêté interpellé neutralisé capturé "
    "exécuté assassiné"
).split()
# Multi-word verbs and nouns that take the count as their object: "shot dead a man", "the death of 3".
_PHRASAL_VERB_KIND: dict[str, str] = {
    "shot dead": "killed", "gunned down": "killed", "shot and killed": "killed", "death of": "killed",
    "deaths of": "killed", "the lives of": "killed", "la mort de": "killed", "la vie à": "killed",
    "abattu": "killed", "abattent": "killed", "took hostage": "abducted", "seized": "abducted",
}
_ACTIVE_VERB = "|".join(
    re.escape(v).replace(r"\ ", r"\s+") for v in sorted([*_ACTIVE_VERBS, *_PHRASAL_VERB_KIND], key=len, reverse=True)
)
# "faisant 5 morts", "left four soldiers dead", "resulting in 3 deaths", "claimed the lives of 4".
_RESULT_VERB = (
    r"faisant|fait|font|ont\s+fait|a\s+fait|causant|causing|caused|left|leaving|leaves|resulting\s+in|resulted\s+in|"
    r"claimed\s+the\s+lives\s+of|claiming\s+the\s+lives\s+of|took\s+the\s+lives\s+of|coûté\s+la\s+vie\s+à|"
    r"the\s+deaths?\s+of|la\s+mort\s+de|with|avec|bilan\s*(?:provisoire)?\s*:?|toll\s+(?:of|rose\s+to|stands\s+at|at)"
)

_FLAGS = re.IGNORECASE | re.UNICODE

# 1. COUNT [modifiers] NOUN [aux] KIND: "at least 12 people were killed", "trois soldats tués",
#    "four Malian soldiers dead"; and COUNT KIND: "12 killed", "5 morts", "plusieurs blessés".
_COUNT_THEN_KIND = re.compile(
    rf"(?<![\w-])(?P<count>{_COUNT})\s+(?:{_NOUN_PHRASE}\s+|{_OF_PHRASE}\s+)?"
    rf"(?:{_AUX})(?:(?:de|d['’])\s+(?=morts|tués|victimes|blessés)|of\s+(?=dead\b))?(?P<kind>{_KIND_WORD})\b",
    _FLAGS,
)
# 1c. Headlines: COUNT NOUN [a few words] PARTICIPLE, with no auxiliary and words between the noun and the
#     participle: "Nine soldiers in G5 Sahel force killed by Mali landmine", "cinq militaires maliens tués dans
#     le centre", "14 young shepherds killed in ...", "More than 20 people, including 12 civilians, killed".
#     Only on short lines (a headline, a caption): the participle must end the clause.
_HEADLINE_PARTICIPLE = (
    r"killed|dead|slain|massacred|died|die|perished|tués|tuées|tués|tué|morts|massacrés|assassinés|"
    r"wounded|injured|blessés|abducted|kidnapped|enlevés|enlevées|kidnappés|arrested|detained|arrêtés|interpellés"
)
_GAP_STOP = (
    r"and|et|or|ou|were|was|are|is|be|have|has|had|who|qui|que|which|that|where|où|whose|ont|a|sont|est|after|"
    r"après|when|lorsque|quand|as|but|mais|while|alors|to|than|say|says|said|dit|selon"
)
_HEADLINE_COUNT = re.compile(
    rf"(?<![\w-])(?P<count>{_COUNT})\s+(?:{_NOUN_PHRASE}|(?:[\w'’-]+\s+){{0,2}}?(?P<unknown>[\w'’-]+))"
    rf"(?:[\s,]+(?!(?:{_GAP_STOP})\b)[\w'’.-]+){{0,6}}?,?\s+(?:(?:have|has)\s+been\s+|ont\s+été\s+|sont\s+)?"
    rf"(?P<kind>{_HEADLINE_PARTICIPLE})"
    r"(?!\s+(?:at\s+least|au\s+moins|more\s+than|plus\s+de|about|around|up\s+to|some|\d))"
    r"(?=\s*$|\s*[,:;(\-–—|]|\s+(?:in|at|on|near|by|during|after|as|while|when|over|from|dans|à|au|aux|lors|"
    r"près|par|en|sur|après|pendant|last|this|since|and|et|du|de)\b)",
    _FLAGS,
)
_HEADLINE_NOT_GAP = re.compile(
    r"^(?:(?:19|20)\d\d|january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|janvier|février|mars|avril|mai|juin|juillet|août|septembre|"
    r"octobre|novembre|décembre)$", _FLAGS)
_GAP_PARTICIPLES = {"armed", "including", "suspected", "alleged", "presumed", "unidentified", "unarmed", "retired"}
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
# 1b. COUNT WORD{1,3} were KIND, for nouns not in the list: "Fourteen armed Islamists were killed".
_COUNT_UNKNOWN_NOUN_THEN_KIND = re.compile(
    rf"(?<![\w-])(?P<count>{_COUNT})\s+(?:[\w'’-]+\s+){{0,2}}(?P<noun>[\w'’-]+)\s+"
    rf"(?:were|have\s+been|had\s+been|ont\s+été|sont)\s+(?:{_AUX})(?P<kind>{_KIND_WORD})\b",
    _FLAGS,
)
_PASSIVE_AUXILIARY = re.compile(r"\b(?:were|been|été|sont)\b", _FLAGS)
# 2. VERB COUNT [NOUN]: "killed four soldiers", "killing 3", "killed one of the assailants".
_VERB_THEN_COUNT = re.compile(
    rf"\b(?P<verb>{_ACTIVE_VERB})\s+(?:(?:a\s+total\s+of|at\s+least|au\s+moins)\s+)?(?P<count>{_COUNT})"
    rf"(?:\s+(?:{_NOUN_PHRASE}|{_OF_PHRASE}))?(?![\w-])",
    _FLAGS,
)
# 3. RESULT COUNT [NOUN] [KIND]: "faisant 5 morts", "left four soldiers dead", "resulting in 3 deaths".
_RESULT_THEN_COUNT = re.compile(
    rf"\b(?:{_RESULT_VERB})\s+(?P<count>{_COUNT})\s+(?:{_NOUN_PHRASE}\s+|{_OF_PHRASE}\s+)?(?P<kind>{_KIND_WORD})\b",
    _FLAGS,
)
# 4. Coordinated counts after a verb: "killed three soldiers and two attackers".
_AND_COUNT = re.compile(
    rf"\s*(?:,\s*)?(?:and|et|as\s+well\s+as|,)\s+(?P<count>{_COUNT})\s+(?:{_NOUN_PHRASE}|{_OF_PHRASE})(?![\w-])",
    _FLAGS,
)
# 4b. A count coordinated before a passive one: "[2 Malian gendarmes and] a civilian were killed".
_COUNT_BEFORE_AND = re.compile(
    rf"(?<![\w-])(?P<count>{_COUNT})\s+{_NOUN_PHRASE}\s*(?:,\s*|\s+(?:and|et)\s+)$", _FLAGS
)
_PRECEDING_VERB = re.compile(rf"\b(?:{_ACTIVE_VERB})\s+(?:(?:a\s+total\s+of|at\s+least|au\s+moins)\s+)?$", _FLAGS)
# 5. Zero counts: "no casualties", "no one was killed", "sans faire de victimes".
_ZERO_KILLED = re.compile(
    r"\b(?:no|zero|without|sans)\s+(?:(?:reported|immediate|known|human|confirmed|any)\s+)*"
    r"(?:casualties|fatalities|deaths|loss\s+of\s+life|one\s+(?:was|being|got)\s+killed|(?:one|body)\s+died)\b|"
    r"\b(?:no\s+one|nobody|no-one|none)\s+(?:was|were|has\s+been|had\s+been|is|being)\s+(?:reportedly\s+)?killed\b|"
    r"\bneither\s+(?:injuries|injured)\s+nor\s+(?:fatalities|deaths)\b|"
    r"\bneither\s+(?:fatalities|deaths)\s+nor\s+(?:injuries|injured)\b|"
    r"\b(?:did\s+not|didn't|without)\s+(?:cause|causing|result\s+in|resulting\s+in|leave|leaving)\s+(?:any\s+)?(?:casualties|fatalities|deaths)\b|"
    r"\bsans\s+(?:faire\s+de\s+|causer\s+de\s+|occasionner\s+de\s+)?(?:victimes?|morts?|pertes\s+en\s+vies?\s+humaines?)\b|"
    r"\b(?:aucune|pas\s+de)\s+(?:perte\s+en\s+vie\s+humaine|victime|mort)s?\b|"
    r"\bpersonne\s+n['’]a\s+été\s+tué",
    _FLAGS,
)
_ZERO_WOUNDED = re.compile(
    r"\b(?:no|without|sans)\s+(?:(?:reported|known|confirmed|any)\s+)*(?:injuries|injured|wounded|blessés?)\b|"
    r"\b(?:no\s+one|nobody|none)\s+(?:was|were|has\s+been|had\s+been)\s+(?:reportedly\s+)?(?:injured|wounded|hurt)\b|"
    r"\bneither\s+(?:injuries|injured)\s+nor\s+(?:fatalities|deaths)\b|"
    r"\bneither\s+(?:fatalities|deaths)\s+nor\s+(?:injuries|injured)\b|"
    r"\b(?:aucun|pas\s+de)\s+blessés?\b",
    _FLAGS,
)
_VERB_KIND: dict[str, str] = {}
for _verb in _ACTIVE_VERBS:
    _low = _verb.lower()
    if _low.startswith(("kill", "tu", "execut", "exécut", "assassin", "murder", "behead", "neutrali")):
        _VERB_KIND[_low] = "killed"
    elif _low.startswith(("wound", "injur", "bless")):
        _VERB_KIND[_low] = "wounded"
    elif _low.startswith(("abduct", "kidnap", "enlev")):
        _VERB_KIND[_low] = "abducted"
    else:
        _VERB_KIND[_low] = "arrested"
_VERB_KIND.update(_PHRASAL_VERB_KIND)

# Counts that are never of people: the word after the count says what is counted.
_NOT_PEOPLE_RE = re.compile(
    r"\s*(?:%|percent|per\s+cent|pour\s+cent|attacks?|attaques?|vehicles?|véhicules?|motorbikes?|motos?|"
    r"comments?|commentaires?|km|kilometres?|kilometers?|miles?|hours?|heures?|days?|jours?|weeks?|semaines?|"
    r"months?|mois|years?|ans|années?|houses?|maisons?|cattle|heads?|weapons?|armes?|rifles?|guns?|"
    r"rounds?|shells?|rockets?|mortars?|bombs?|times?|fois|incidents?|events?|villages?|a\.m\.|p\.m\.|am|pm|h)(?!\w)",
    _FLAGS,
)
_ONE_OF_RE = re.compile(r"^(?:one|un|une|l['’]un|l['’]une)$", re.IGNORECASE)


def find_casualties(text: str, language: str | None = None) -> list[CountPhrase]:
    """Every count of people killed, wounded, abducted or arrested in ``text``, in text order.

    Where two readings overlap the longer phrase wins ("killed four soldiers" over "four soldiers").
    ``language`` is passed to :func:`parse_number` for number words; patterns cover both languages.
    Quotation marks are read as spaces ("ten 'terrorists' killed", "une dizaine de « terroristes » tués");
    phrases keep the text as written.
    """
    original = text
    text = _QUOTE_RE.sub(" ", _WIRE_SLUG_RE.sub(lambda m: " " * len(m.group(0)), text))
    counted = _without_overlaps([
        *_counts_then_kind(text, language),
        *_verbs_then_counts(text, language),
        *_results_then_counts(text, language),
        *_unknown_nouns_then_kind(text, language),
        *_headline_counts(text, language),
    ])
    # single victims the person-noun list does not name: only where no reading above covers the words
    counted += [c for c in _without_overlaps(list(_single_victims(text, language)))
                if all(c.end <= o.start or o.end <= c.start for o in counted)]
    counted.sort(key=lambda phrase: phrase.start)
    # Zeros win over counts inside them ("no one was killed" is not "one was killed"); "Neither
    # fatalities nor injuries" is a zero of two kinds on one span, and both are kept.
    zeros = list(_zero_counts(text))
    counted = [c for c in counted if all(c.end <= z.start or z.end <= c.start for z in zeros)]
    found = sorted([*counted, *zeros], key=lambda phrase: (phrase.start, phrase.end))
    if text != original:
        found = [dataclasses.replace(c, phrase=original[c.start: c.end]) for c in found]
    return found


# A wire service's slug before a headline: "UPDATE 2-Ten U.N. peacekeepers killed ...".
_WIRE_SLUG_RE = re.compile(r"^\s*(?:(?:CORRECTED|REFILE|UPDATE|WRAPUP|RPT)(?:\s+\d+)?-)+", re.MULTILINE)
# A quotation mark, not an apostrophe inside a word ("l'armée", "soldiers' bodies" keeps neither side's letters).
_QUOTE_RE = re.compile(r"[\"“”«»„]|(?<![^\W\d_])['‘’]|['‘’](?![^\W\d_])")


# One victim named by a noun the person-noun list lacks: "killed a shepherd", "assassinated the subprefect",
# "a man was shot to death", "succumbed to his wounds", "the body of a man was found".
_KILLING = (
    r"killed|killing|murdered|assassinated|assassinating|executed|executing|beheaded|shot\s+dead|shot\s+and\s+killed|"
    r"gunned\s+down|lynched|stabbed\s+to\s+death|beaten\s+to\s+death|beat\s+to\s+death|hacked\s+to\s+death|"
    r"shot\s+to\s+death|tué|tuée|tuant|assassiné|assassinée|exécuté|exécutée|abattu|abattue"
)
_VICTIM_END = (
    r"(?=\s*(?:[,.;:()]|$)|\s+(?:in|at|near|on|and|who|while|from|of|during|after|as|inside|outside|with|when|"
    r"by|over|for|to|dans|à|près|et|qui|lors|de|du|des)\b)"
)
_NOT_ONE_PERSON = re.compile(
    r"^(?:number|total|group|series|lot|couple|dozen|few|wave|convoy|patrol|vehicle|car|truck|bus|house|village|"
    r"camp|base|post|position|motorbike|motorcycle|dizaine|nombre|groupe|total|herd|cattle|animal|cow|donkey|"
    r"dog|part|majority|handful)$", re.IGNORECASE)
_SINGLE_AFTER_VERB = re.compile(
    rf"\b(?P<verb>{_KILLING})\s+(?:(?:an?|the|one|un|une|le|la)\s+|l['’])(?:[\w'’-]+\s+){{0,3}}?(?P<noun>[\w'’-]+){_VICTIM_END}",
    _FLAGS)
_SINGLE_TO_DEATH = re.compile(
    r"\b(?:beat|beaten|stabbed|hacked|shot|burned|burnt|stoned|tortured|lynched|clubbed)\s+(?:an?|the|one)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?P<noun>[\w'’-]+)\s+to\s+death\b", _FLAGS)
_SINGLE_PRONOUN = re.compile(
    r"\b(?:he|she|il|elle)\s+(?:was|has\s+been|had\s+been|a\s+été)\s+(?:(?:later|then|reportedly|also)\s+)?"
    r"(?:killed|found\s+dead|found\s+executed|shot\s+dead|executed|murdered|retrouvée?\s+morte?|tuée?|exécutée?)\b|"
    r"\b(?:he|she)\s+(?:later\s+)?died\b|\bthe\s+victim\s+(?:later\s+)?died\b", _FLAGS)
# A total the text states for the whole event: "Total fatalities coded as 13", "the death toll rose to 12",
# and headlines: "death toll rises to 157", "Massacre toll in Mali revised down to 35", "Death toll now 26",
# "Number of soldiers killed in Mali clash rises to 43", "le bilan passe à 41".
_TOTAL_VERB = (
    r"coded\s+as|(?:has\s+|had\s+)?(?:rises|rose|risen|rise|climbs|climbed|climb|jumps|jumped|jump|increases|increased|"
    r"soars|soared|mounts|mounted|grows|grew)\s+to|reached|reaches|reach|hits|hit|tops|topped|stands\s+at|stood\s+at|"
    r"(?:is\s+|was\s+|has\s+been\s+)?revised\s+(?:up|upwards?|down|downwards?)?\s*to|now(?:\s+at)?"
)
_STATED_TOTAL = re.compile(
    r"\b(?:(?:total|overall|unknown|unclear|unknown\s+reported|reported)\s+)?"
    r"(?:fatalit(?:y|ies|ie)|deaths|(?:death|casualty|civilian|massacre|attack)\s+toll|toll|number\s+of\s+(?:dead|deaths|"
    r"(?:[\w-]+\s+){0,2}?(?:killed|dead)))\b"
    r"(?:\s+(?:in|from|of|on|after|at)\s+[^.;:!?\n]{0,60}?)?\s+"
    rf"(?:(?:is|was|were|are)\s+)?(?:{_TOTAL_VERB})\s+(?P<qual>at\s+least\s+)?(?P<count>{NUMBER_PATTERN})(?![\w-])|"
    r"\bbilan\s+(?:[^.;:!?\n]{0,40}?\s+)?(?:s['’]est\s+alourdi\s+à|s['’]alourdit\s+à|est\s+passé\s+à|passe\s+à|"
    rf"s['’]élève\s+à|grimpe\s+à|monte\s+à|atteint)\s+(?P<frqual>au\s+moins\s+)?(?P<fr>{NUMBER_PATTERN})(?![\w-])(?:\s+(?:morts|tués|victimes))?",
    _FLAGS)
_SINGLE_PASSIVE = re.compile(
    rf"(?<![\w-])(?:an?|one|un|une)\s+(?:[\w'’-]+\s+){{0,3}}?(?P<noun>[\w'’-]+)\s+(?:was|has\s+been|had\s+been|"
    rf"a\s+été|est)\s+(?:(?:reportedly|allegedly|also|later|then|fatally)\s+)?(?:{_KILLING}|found\s+dead|retrouvé\s+mort)\b",
    _FLAGS)
_SINGLE_OTHER = re.compile(
    r"\bsuccumbed\s+to\s+(?:his|her)\s+(?:wounds|injuries)|\bthe\s+(?:dead\s+)?body\s+of\s+(?:an?|one)\s+\w+|"
    r"\bsuccombé\s+à\s+ses\s+blessures|\ble\s+corps\s+d['’]une?\s+\w+", _FLAGS)


def _single_victims(text: str, language: str | None = None) -> Iterator[CountPhrase]:
    for pattern in (_SINGLE_AFTER_VERB, _SINGLE_PASSIVE, _SINGLE_TO_DEATH):
        for match in pattern.finditer(text):
            noun = match.group("noun")
            if _NOT_ONE_PERSON.match(noun) or _kind_of(noun) is not None or _NOT_PEOPLE_RE.fullmatch(" " + noun) or noun.lower().endswith("s") \
                    and noun.lower() not in _SINGULAR_NOUNS and len(noun) > 3 and not noun.lower().endswith("ss"):
                continue
            yield CountPhrase(match.start(), match.end(), match.group(0), 1, 1, 1, "killed", noun)
            if pattern is _SINGLE_AFTER_VERB:  # "killing the subprefect and four others"
                yield from _coordinated_counts(text, match.end(), "killed", language)
    for match in _SINGLE_OTHER.finditer(text):
        yield CountPhrase(match.start(), match.end(), match.group(0), 1, 1, 1, "killed", None)
    for match in _SINGLE_PRONOUN.finditer(text):
        yield CountPhrase(match.start(), match.end(), match.group(0), 1, 1, 1, "killed", None)
    for match in _STATED_TOTAL.finditer(text):
        value = parse_number(match.group("count") or match.group("fr"), language)
        if value is None or _counts_things(text, match.end()):
            continue
        high = None if match.group("qual") or match.group("frqual") else value
        yield CountPhrase(match.start(), match.end(), match.group(0), value, value, high, "killed", "total")


def _zero_counts(text: str) -> Iterator[CountPhrase]:
    for pattern, kind in ((_ZERO_KILLED, "killed"), (_ZERO_WOUNDED, "wounded")):
        for match in pattern.finditer(text):
            yield CountPhrase(match.start(), match.end(), match.group(0), 0, 0, 0, kind, None)


def _counts_then_kind(text: str, language: str | None) -> Iterator[CountPhrase]:
    for match in _COUNT_THEN_KIND.finditer(text):
        kind = _kind_of(match.group("kind"))
        if kind is None or _counts_things(text, match.end("count")) and not _noun_of(match):
            continue
        before = text[max(0, match.start() - 40): match.start()]
        if _YEAR_RE.match(match.group("count")) and re.search(r"\b(?:in|since|from|until|en|depuis|de)\s+$", before, _FLAGS):
            continue  # "in 2019 jihadists killed ...": a year
        if _PRECEDING_VERB.search(before):
            continue  # "killed 4 militiamen and detained 2": the verb before the count governs it
        phrase = _count_phrase(match, text, kind, language, start=match.start("count"))
        if phrase is not None:
            yield from _counts_coordinated_before(text, match.start(), kind, language)
            yield phrase


def _headline_counts(text: str, language: str | None) -> Iterator[CountPhrase]:
    offset = 0
    for line in text.split("\n"):
        if 8 <= len(line.strip()) <= 200:
            for match in _HEADLINE_COUNT.finditer(line):
                kind = _kind_of(match.group("kind"))
                count = match.group("count")
                if kind is None or _YEAR_RE.match(count.strip()) or _counts_things(line, match.end("count")):
                    continue
                between = re.findall(r"[\w'’-]+", line[match.end("count"): match.start("kind")])
                if any(_kind_of(w) is not None for w in between):
                    continue  # "3 dead, 17 injured": two counts, read one by one
                if _HEADLINE_NOT_GAP.match(between[0]) or any(
                        _HEADLINE_NOT_GAP.match(w) or w.lower().endswith(("ed", "ing")) and w.lower() not in _GAP_PARTICIPLES
                        for w in between[1:]):
                    continue  # "25 October 2020, presumed militiamen killed", "two factions clashed ..., leaving one dead"
                if match.group("num") and match.group("num").lower() in ("a", "an", "the", "him", "her", "un", "une"):
                    continue
                if match.group("unknown"):  # a noun the list lacks: a plural or a name ("Dogons", "Tuareg")
                    words = re.findall(r"[\w'’-]+", line[match.end("count"): match.start("kind")])[:3]
                    if any(_kind_of(w) is not None or _NOT_PEOPLE_RE.fullmatch(" " + w)
                           or re.fullmatch(_GAP_STOP, w, _FLAGS) for w in words) or not any(
                            w.lower().endswith(("s", "x")) or w[:1].isupper() for w in words):
                        continue
                if _PRECEDING_VERB.search(line[max(0, match.start() - 40): match.start()]):
                    continue
                phrase = _count_phrase(match, line, kind, language, start=match.start("count"))
                if phrase is not None:
                    yield dataclasses.replace(phrase, start=phrase.start + offset, end=phrase.end + offset)
        offset += len(line) + 1


def _counts_coordinated_before(text: str, position: int, kind: str, language: str | None) -> Iterator[CountPhrase]:
    """'two gendarmes and a civilian were killed': counts joined to the one the verb follows."""
    while True:
        match = _closest_count_before(text, position)
        if match is None or _PRECEDING_VERB.search(text[max(0, match.start() - 40): match.start()]):
            return
        if _kind_of(match.group("noun")) is not None:
            return  # "5 morts et 3 blessés": a count of its own kind, already read
        phrase = _count_phrase(match, text, kind, language, start=match.start("count"))
        if phrase is None:
            return
        yield CountPhrase(phrase.start, match.end("noun"), text[phrase.start: match.end("noun")],
                          phrase.low, phrase.best, phrase.high, kind, phrase.subject)
        position = match.start()


def _unknown_nouns_then_kind(text: str, language: str | None) -> Iterator[CountPhrase]:
    # Only around a passive auxiliary: scanning the whole text with this pattern is slow.
    for auxiliary in _PASSIVE_AUXILIARY.finditer(text):
        yield from _unknown_nouns_near(text, auxiliary.start(), language)


def _unknown_nouns_near(text: str, position: int, language: str | None) -> Iterator[CountPhrase]:
    window_start, window_end = max(0, position - 70), min(len(text), position + 70)
    for match in _COUNT_UNKNOWN_NOUN_THEN_KIND.finditer(text, window_start, window_end):
        if match.start("kind") < position:
            continue
        kind = _kind_of(match.group("kind"))
        if kind is None or _counts_things(text, match.end("count")) or match.group("num") in ("a", "an", "the"):
            continue
        if not match.group("noun").lower().endswith(("s", "x")) or _NOT_PEOPLE_RE.fullmatch(" " + match.group("noun")):
            continue  # a plural noun that is not a thing
        if _PRECEDING_VERB.search(text[max(0, match.start() - 40): match.start()]):
            continue
        phrase = _count_phrase(match, text, kind, language, start=match.start("count"))
        if phrase is not None:
            yield phrase


def _verbs_then_counts(text: str, language: str | None) -> Iterator[CountPhrase]:
    for match in _VERB_THEN_COUNT.finditer(text):
        kind = _VERB_KIND.get(" ".join(match.group("verb").lower().split()))
        if kind is None or (not _noun_of(match) and _counts_things(text, match.end("count"))):
            continue
        if not _noun_of(match) and match.group("num") and match.group("num").lower() in ("a", "an", "un", "une"):
            continue  # "killed a cow": an article before an unknown noun is no count of people
        phrase = _count_phrase(match, text, kind, language, start=match.start())
        if phrase is None:
            continue
        yield phrase
        yield from _coordinated_counts(text, match.end(), kind, language)


def _results_then_counts(text: str, language: str | None) -> Iterator[CountPhrase]:
    for match in _RESULT_THEN_COUNT.finditer(text):
        kind = _kind_of(match.group("kind"))
        if kind is None:
            continue
        phrase = _count_phrase(match, text, kind, language, start=match.start())
        if phrase is not None:
            yield phrase


def _coordinated_counts(text: str, position: int, kind: str, language: str | None) -> Iterator[CountPhrase]:
    """'... killed three soldiers and two attackers': further counts governed by the same verb."""
    while True:
        match = _AND_COUNT.match(text, position)
        if match is None:
            return
        # "and two others were wounded" belongs to another verb: stop at a following casualty word.
        after = text[match.end(): match.end() + 40]
        if re.match(rf"\s+(?:{_AUX})(?:{_KIND_WORD})\b", after, _FLAGS):
            return
        phrase = _count_phrase(match, text, kind, language, start=match.start("count"))
        if phrase is None:
            return
        yield phrase
        position = match.end()


def _closest_count_before(text: str, position: int) -> re.Match[str] | None:
    """The shortest "COUNT NOUN and" that ends at ``position`` (the leftmost one may swallow verbs)."""
    closest = None
    search_from = max(0, position - 80)
    while (match := _COUNT_BEFORE_AND.search(text, search_from, position)) is not None:
        closest = match
        search_from = match.start() + 1
    return closest


def _count_phrase(match: re.Match[str], text: str, kind: str, language: str | None, start: int) -> CountPhrase | None:
    bounds = _count_bounds(match, language)
    if bounds is None:
        return None
    low, best, high = bounds
    return CountPhrase(start, match.end(), text[start: match.end()], low, best, high, kind, _noun_of(match))


def _count_bounds(match: re.Match[str], language: str | None) -> tuple[int | None, int | None, int | None] | None:
    """(low, best, high) of the count group in ``match``, per the module's conventions."""
    groups = match.groupdict()
    if groups.get("r1") or groups.get("r3"):
        first = parse_number(groups.get("r1") or groups["r3"], language)
        second = parse_number(groups.get("r2") or groups["r4"], language)
        if first is None or second is None:
            return None
        low, high = min(first, second), max(first, second)
        return low, low, high
    if groups.get("vague"):
        vague = " ".join(groups["vague"].lower().split())
        return VAGUE_COUNTS.get(vague, (None, None, None))
    number_text = groups.get("num")
    if not number_text:
        return None
    word = number_text.lower()
    noun = groups.get("noun") or groups.get("ofnoun")
    if word in ("a", "an") and noun is None:
        return None
    if word == "the":
        # "killed the village chief": one person; "killed the soldiers" says no number.
        if noun is None or groups.get("ofnoun") or noun.lower() not in _SINGULAR_NOUNS:
            return None
        return 1, 1, 1
    if word in ("him", "her"):
        return 1, 1, 1
    value = parse_number(number_text, language)
    if value is None:
        return None
    qualifier = " ".join((groups.get("qual") or "").lower().split()).replace("’", "'")
    if qualifier in ("at least", "au moins", "more than", "over", "plus de", "a total of", "un total de"):
        return value, value, None
    if qualifier in ("up to", "jusqu'à", "as many as", "at most", "no more than"):
        return None, value, value
    if qualifier in ("fewer than", "less than", "moins de"):
        return None, None, value
    if qualifier and qualifier not in ("another", "other", "d'autres"):
        return None, value, None  # about / around / nearly / some: an estimate without bounds
    return value, value, value


def _noun_of(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    noun = groups.get("noun") or groups.get("ofnoun")
    return " ".join(noun.split()) if noun else None


def _kind_of(word: str) -> str | None:
    return _KIND_OF_WORD.get(" ".join(word.lower().split()))


def _counts_things(text: str, position: int) -> bool:
    """True when the word right after a count names a thing, not people ("80 attacks", "150 percent")."""
    return _NOT_PEOPLE_RE.match(text, position) is not None


def _without_overlaps(candidates: list[CountPhrase]) -> list[CountPhrase]:
    """Keep the longest of overlapping phrases; ties go to the earlier-found reading."""
    ordered = sorted(enumerate(candidates), key=lambda item: (-(item[1].end - item[1].start), item[0]))
    kept: list[CountPhrase] = []
    for _, phrase in ordered:
        if all(phrase.end <= other.start or other.end <= phrase.start for other in kept):
            kept.append(phrase)
    return sorted(kept, key=lambda phrase: phrase.start)
