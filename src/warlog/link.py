"""Linking (dedup): mentions of the same happening join one event; the merged fields follow stated rules.

warlog.link.rules.v5 scores a mention against the events it could join and joins the best one whose
score reaches THRESHOLD; otherwise the mention starts a new event.

- Hard rules keep mentions apart whatever else agrees: the same report (the extractor already split it),
  the same words under two report ids (one account cited twice, e.g. a round-up a source list cites for
  several events: no second witness), dates that do not overlap, year-only dates, kinds of event that
  cannot be one happening, death tolls no revision explains, places that contradict (another country,
  region or district, two exact villages apart; or places the accounts name in their own words, "the
  village of Sono" against "the village of Dangoboro", none in common, whatever the geocoder made of them),
  named groups that contradict (not tied in the actor registry on that day).
- Then evidence adds up (see WEIGHTS): the same spot or district; the same or a nearly equal death toll;
  the same named group (or one tied to it in the registry); the same target; the same sub-type; the same
  week or month; distinctive words in common (numbers, names the gazetteer or registry missed; words
  that many events of the week share do not count). Against: different targets, different event types.
  Sharing a country, a region, a day or a generic actor ("gunmen", "the army") is recorded but weighs
  nothing: in a dense conflict many events do. At least one *key* feature (a shared place, a shared toll,
  a shared named group, shared words) must be present: candidates are generated from those keys
  (blocking), never all pairs.
- Corroboration (v3): two accounts dated to the day, and protests, riots or other non-violent events, must
  also agree on the toll (one death alone is too common a day) or on distinctive words; an account of a
  day against one of a week or a month, and two accounts placed in one village or district, on the toll,
  a word or a named group. Two accounts of one day that agree on no village or district must agree on
  the toll and on words both. An account that names no country is tied only by its words. For protests
  and the like, a generic actor ("protesters") in both is no tie: a named group must be (ACLED codes a
  protest per group, place and day).
- Headlines (v3): two one-line accounts, placed no finer than a region and dated by their publication,
  have less to agree on: they meet when published the same days in one country ("same dates" then is a
  key), and the bar is lower by SPARSE_RELIEF. A country the geocoder chose does not contradict another
  when the account names that other country too ("France says Mali army camp explosion..."). Numbers
  written out count as digits ("three" and "3"), French words of the trade as English, plurals as
  singulars; the toll is compared as a toll, not again as a word.
- v4: the relief also holds for two accounts dated only by their publication when one of them is placed in a
  village or district and the other no finer than a region ("Mali: 12 soldiers killed" and "Attack in Boni"),
  unless they disagree on the target or the kind of event. An account the geocoder placed nowhere takes the one
  country its words name ("17 killed in Mali's northeast"). A toll given as a floor ("dozens", "more than 20":
  no upper bound) of FLOOR_MIN or more does not contradict a higher count ("toll rises to 77"). A headline that
  a riot or mob killed two or more may be the attack another account tells of (the kind is a guess from a few
  words). A mention that ties two events of one batch that nothing keeps apart (no hard rule between any of
  their mentions) folds them into one: the earlier-made event keeps its id; stored events are not folded.
  Two small tolls are "near" only from NEAR_TOLL_MIN dead up: one dead and three dead are two accounts'
  different tolls, not a revision, and small tolls are the commonest (20 and 22 still are near).
- v5: a toll is found as a word of an account that gives none ("17 killed" and "un engin explosif tue dix-sept
  personnes", read with no toll) by blocking too, not only when the two already met through another key. A toll
  that is one of the numbers the other account gives besides its own ("8 soldiers killed" against "8 soldiers
  killed and 60 assailants shot dead", read as 68) is one side's dead, not a toll too far apart. An
  account placed nowhere is of the one country it names, so another country rules it out as it does a placed
  account's; a country is named with a capital ("a grenade attack" names no Grenada, French "Grenade"), a
  demonym in any case ("l'armée malienne"). An account that names no country may be tied by a toll of
  BARE_TOLL_MIN or more as well as by its words ("40 militants also dead", "40 militants killed in Burkina Faso").
  Two one-line accounts dated by their publication weigh a difference of kind at half ("attack" read as a clash in
  one and a massacre in the other is a guess from a few words). Two tolls that are neither the same nor near (12
  and 30) are no evidence any more ("close toll" is recorded, weighs nothing: as often two events as one). Two
  accounts that each name a village or town as such ("the village of Kalo", "the town of Dinga") and name
  different ones tell of two places, though they share an area they name too ("in the Sira hills"). Joining an
  event, a mention must still be compatible with every mention of it, except that places named apart (a LOOSE
  rule) do not keep it out of an event one of whose mentions it matches closely (CLOSE_MATCH or more): a look back
  that names another attack too is a weaker witness than the geocoded place, the date, the kind and the toll.

Every join is recorded on the event (`rules["link:<mention>"]`: score, features, the mention it matched,
rule version). Analysts' decisions (`link`, `unlink`) are applied after the automatic linking and survive
re-runs (see `apply_decisions`).

Event ids are stable: an event's id is derived from the first mention that formed it, so re-running
over the same reports in the same order gives the same ids; a later mention joins an event without
renumbering it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from warlog.actors import ActorRegistry
from warlog.geocode.geocoder import distance_km
from warlog.records import ActorRef, Event, Fatalities, LinkDecision, Mention, PlaceRef

NAME = "warlog.link.rules.v5"
NEAR_KM = 25.0
SAME_SPOT_KM = 2.0
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
THRESHOLD = 2.5
NEAR_TOLL_MIN = 4  # 1 dead and 3 dead are different tolls; 20 and 22 near ones (reports revise)
BARE_TOLL_MIN = 20  # (v5) a toll this high, the same (or near) in an account that names no country, ties it
FLOOR_MIN = 10  # a toll given as a floor ("dozens", "more than 20") this high or higher (see _counts_disagree)
SPARSE_RELIEF = 1.0
HEADLINE_WORDS = 20  # headlines placed no finer than a region, dated by publication: less to agree on
# evidence weights; the KEY features are those candidates are generated from
WEIGHTS: Mapping[str, float] = {
    "same spot": 2.0,          # same location (or within 2 km; or within 25 km when one is only "near")
    "same district": 2.0,      # same admin2, no finer place contradicting
    "same region": 0.0,        # same admin1 only: recorded, but many events share a region and a week
    "same toll": 2.5,          # the same death toll (2 or more)
    "same single death": 1.5,  # both report exactly one death
    "close toll": 0.0,         # tolls within the margin revisions explain, not near: recorded; v5 no evidence (12, 30)
    "same perpetrator": 1.5,   # the same named group (not a generic "gunmen" or "the army")
    "perpetrators tied": 1.0,  # tied in the actor registry on the day
    "same generic perpetrator": 0.0,  # "gunmen", "the army": recorded, no evidence
    "same target": 0.5,
    "same day": 0.0,           # both dated to the day, the same day: recorded; dense conflicts have many a day
    "same sub-type": 0.5,
    "different targets": -0.5,  # often one side misread in a headline: counts against, does not forbid
    "different types": -1.0,   # a battle and a bombing, a clash and a massacre: seldom one event
    "near toll": 1.5,          # tolls within 15% (or 2) of each other: a revised count of the same dead
    "same dates": 2.0,         # the same week or month (reports published the same day tell the same news)
    "shared words": 2.0,       # two or more distinctive words in common, half the shorter account's or more
    "a shared word": 1.0,      # distinctive words in common (a number, a place, a name), a fifth or more
}
KEY_FEATURES = ("same spot", "same district", "same region", "same toll", "same single death", "near toll",
                "same perpetrator", "perpetrators tied", "shared words", "a shared word")
WEEK = 7
SOFT = {"too little evidence"}
# (v5) the places an account names in its own words rule a newcomer out less surely than the geocoded place: a
# member that names other places (a look back, "like the Radisson attack in November", placed and dated loosely)
# does not keep out a newcomer that matches another member of the event closely (CLOSE_MATCH or more)
LOOSE = frozenset({"different places named"})
CLOSE_MATCH = 5.0
# two accounts placed in one district, or one dated to the day and one to a week or a month, agree on more
# than the place and the kind: a named group or a word
PLACED_CORROBORATING = ("same perpetrator", "perpetrators tied", "a shared word")
TOLLS_AGREE = ("same toll", "same single death", "near toll")
WORDS_AGREE = ("shared words", "a shared word")
# one death in a town on a day is too common to tie two accounts by itself: "same single death" is no corroboration
CORROBORATING = ("same toll", "near toll", "shared words")
# words too common in reports of political violence to tell one event from another (English and French)
COMMON_WORDS = frozenset("""
the a an of in on at to for and or by with from as is are was were be been has have had its it this that after over
into near than more least about says said say new update news report reports reported
le la les des de du un une et en au aux dans par pour sur avec est sont ont ete apres selon plus
two three four five six seven eight nine ten deux trois quatre cinq six sept huit neuf dix
country north south east west northern southern eastern western central centre nord sud est ouest region
killed kill kills killing dead death deaths toll tues tue morts mort attack attacks attacked attaque attaques
jihadist jihadists jihadistes djihadistes islamist islamists militants militant terrorists terroristes gunmen
soldiers soldier soldats militaires army armee forces troops people personnes civilians civils suspected presumes
reportedly clashed clash clashes fired shot armed group groups members member unknown unidentified police military
village villages district province town city area areas locality local commune department reported casualties
injured wounded blesses no not one several other others near between against during while which who their his her
they were there also later when where some many men man women woman children
positions position mortars mortar weapons weapon fire fired firing shelled shelling artillery rebels rebel militia
militias militiaman militiamen national located assumed unspecified under using around total involving observed
exchanged explosion explosions opposition protested protesters protest demonstrators coded fatalities ops
operation operations vehicle vehicles base camp post checkpoint convoy ambush ambushed bomb bombs
presumed alleged allegedly injuries injury nor neither either took place staged seized state day days open
violence including number amid claimed claim claims coded geoprecision non self both all any each only own
same such then than because due however into onto out off upon within without since until still yet
january february march april may june july august september october november december
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche
""".split())
YEAR = re.compile(r"^(19|20)\d\d$")
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|janvier|fevrier"
           "|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre")
DAY_OF_MONTH = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th|er)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}\b")
RARE_MAX = 2  # a word held by more events than this in the same week tells none of them apart
# places a report names in its own words ("in Tagalalt", "the village of Sono", "près de Boni"): two accounts
# that each name places, none in common, tell of two places, whatever the geocoder made of them
_CAP = r"[A-ZÀ-Þ][\w'’-]*"
_NAME = rf"{_CAP}(?:[ -](?:(?:de|del|el|al|la|le|du|bin|ben|ad|as|da|des|los|las)[ -])?{_CAP})*"
_SETTLEMENT = (r"(?:villages?|towns?|city|commune|locality|localities|hamlet|neighbou?rhood|quartier|localit[ée]s?"
               r"|ville|colonia|settlement|camp of|area)")
NAMED_PLACE = re.compile(
    rf"\b(?:in|at|near|outside|between|à|dans|près de|pres de|entre)\s+(?:the\s+|la\s+|le\s+|l['’])?"
    rf"(?:{_SETTLEMENT}\s+(?:of\s+|de\s+|d['’])?)?({_NAME})"
    rf"|\b{_SETTLEMENT}\s+(?:of\s+|de\s+|d['’])({_NAME})")
# (v5) a settlement the account names as such ("the village of Kalo", "the town of Dinga")
SETTLEMENT_NAMED = re.compile(
    rf"\b(?:village|town|city|hamlet|localit[ée]|ville|quartier)s?\s+(?:of\s+|de\s+|d['’])({_NAME})")
AREA_AFTER = re.compile(r"[ -](?:province|region|state|governorate|district|county|prefecture|department|cercle|commune"
                        r"|municipality|wilaya|r[ée]gion|d[ée]partement|pr[ée]fecture)\b", re.IGNORECASE)
PLACE_WORDS = frozenset("""colonia zone street road avenue river plain plains station junction municipality
hospital market bay settlement complex factory university neighborhood neighbourhood quarter quartier rue route
marche hopital del las los der city town village ville upper lower new old grand petit little great mount mont lake lac
hotel cafe bar restaurant resort airport prison school mosque church mine base camp centre center""".split())


# numbers written out, English and French, as digits: "Three UN peacekeepers" and "3 peacekeepers" share "3"
_UNITS = {w: n for n, ws in enumerate((
    "", "", "two deux", "three trois", "four quatre", "five cinq", "six", "seven sept", "eight huit", "nine neuf",
    "ten dix", "eleven onze", "twelve douze", "thirteen treize", "fourteen quatorze", "fifteen quinze",
    "sixteen seize", "seventeen", "eighteen", "nineteen")) for w in ws.split()}
_TENS = {w: 10 * n for n, ws in enumerate(("", "", "twenty vingt", "thirty trente", "forty quarante",
                                            "fifty cinquante", "sixty soixante", "seventy", "eighty",
                                            "ninety")) for w in ws.split()}
_ONES = {"one": 1, "un": 1, "une": 1} | {w: n for w, n in _UNITS.items() if n < 10}
_NUMBER_WORDS = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(_TENS)})(?:[- ](?:et[- ])?(?P<one>{'|'.join(_ONES)}))?"
    rf"|dix[- ](?P<teen>sept|huit|neuf)|(?P<unit>{'|'.join(w for w in _UNITS if w != 'un')}))\b")


def _digits(text: str) -> str:
    def number(m: re.Match[str]) -> str:
        if m.group("tens"):
            return str(_TENS[m.group("tens")] + (_ONES[m.group("one")] if m.group("one") else 0))
        if m.group("teen"):
            return str(10 + _ONES[m.group("teen")])
        return str(_UNITS[m.group("unit")])
    return _NUMBER_WORDS.sub(number, text)


# French words of the trade as their English counterparts, so an account in each language shares them
FRENCH = {
    "kamikaze": "suicide", "kamikazes": "suicide", "attentat": "bombing", "bateau": "boat", "funerailles": "funeral",
    "mariage": "wedding", "mosquee": "mosque", "eglise": "church", "ecole": "school", "enleves": "kidnapped",
    "enlevement": "kidnapping", "otage": "hostage", "otages": "hostage", "villageois": "villager",
    "chasseurs": "hunter", "frappes": "strike", "frappe": "strike", "aerienne": "air", "aeriennes": "air",
    "assaillants": "assailant", "douaniers": "customs", "douane": "customs", "maire": "mayor", "eleveurs": "herder",
    "peuls": "fulani", "peul": "fulani", "peulh": "fulani", "orpailleurs": "miner", "orpaillage": "gold",
    "casques": "peacekeeper", "bleus": "peacekeeper", "massacres": "massacre", "tuerie": "massacre",
    "hopital": "hospital", "marche": "market", "pont": "bridge", "puits": "well", "mines": "mine",
    "camion": "truck", "autobus": "bus", "enseignants": "teacher", "eleves": "pupil",
    "prefet": "prefect", "chef": "chief", "imam": "imam", "pretre": "priest", "cure": "priest",
}


def _stem(word: str) -> str:
    """A word without its plural "s", French in English: "attacks" and "attack", "otages" and "hostages" meet."""
    word = FRENCH.get(word, word)
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


def event_id_for(mention_id: str) -> str:
    return "ev-" + hashlib.sha1(mention_id.encode()).hexdigest()[:12]


def unlinked_event_id(mention_id: str) -> str:
    """The id of the event a mention forms when an analyst takes it out of its event."""
    return "ev-" + hashlib.sha1(f"{mention_id}|unlinked".encode()).hexdigest()[:12]


def _toll_band(toll: int) -> int:
    """Bands of death tolls: tolls within 2 (small) or 15% (large) of each other fall in one band or
    neighbouring ones, so "near toll" candidates are found by looking in three bands."""
    if toll < 14:
        return toll // 2
    return 7 + int(math.log(toll / 14) / math.log(1.15))


def _fold(text: str) -> str:
    """Lower case without accents: "Ménaka" and "menaka" are one word."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def _fold_case(text: str) -> str:
    """Without accents, case kept: "Ménaka" as "Menaka"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _targets(m: Mention) -> set[str]:
    return {a.actor_id for a in m.actors if a.role in ("target", "associated_target") and a.actor_id}


def _counts_disagree(a: Fatalities, b: Fatalities) -> bool:
    """Tolls that no revision explains (3 against 40): different events. Early and late tolls differ, so allow
    a wide margin. A floor ("dozens", "more than 20", "au moins une dizaine": the extractor gives no upper bound)
    below the other's count does not contradict it: "dozens killed" and "toll rises to 77" may be one event."""
    if not a.best or not b.best:
        return False
    low, high = sorted((a, b), key=lambda f: f.best)
    if low.high is None and low.best >= FLOOR_MIN and low.best < high.best:
        return False
    return high.best > 3 * low.best + 5


def _publication_dated(m: Mention) -> bool:
    """Whether the account gives no date of its own: the extractor dated it by its publication (a week before)."""
    return m.date is not None and m.date.precision == "week" and "date" not in m.spans


def _violent(m: Mention) -> bool:
    """Whether the account tells of political violence. A headline that a riot or mob killed people ("Red Cross
    says two employees killed in Mali attack" read as mob violence) may be the attack another account tells of."""
    return m.event_type in VIOLENT or (m.event_type == "Riots" and (m.fatalities.best or 0) >= 2
                                       and _publication_dated(m) and _headline(m))


def _headline(m: Mention) -> bool:
    """Whether the account was read from a headline-like line: one short sentence."""
    sentences = {s.sentence for spans in m.spans.values() for s in spans}
    return len(sentences) <= 1 and all(len(s.split()) <= HEADLINE_WORDS for s in sentences)


def _words_of(*names: str | None) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", _fold(" ".join(x for x in names if x))))


def _sentences(m: Mention) -> list[str]:
    """The sentences the mention was read from, each once, in order."""
    return list(dict.fromkeys(s.sentence for spans in m.spans.values() for s in spans))


def _actor_words(m: Mention) -> set[str]:
    """The words of the mention's actors' names and phrases ("Katiba Macina", "gunmen")."""
    return set(re.findall(r"[a-z0-9]+", _fold(" ".join(f"{a.name} {a.phrase}" for a in m.actors))))


def _place_words(p: PlaceRef | None) -> frozenset[str]:
    return _words_of(p.location, p.admin1, p.admin2, p.admin3) if p is not None else frozenset()


def _km(a: PlaceRef, b: PlaceRef) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return distance_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _placed(p: PlaceRef | None) -> bool:
    """Whether the place is a village or district, fine enough to tell events of one day apart."""
    return p is not None and p.country is not None and (_fine(p) or p.admin2 is not None)


def _fine(p: PlaceRef) -> bool:
    """Whether the place names a spot, not only a country or region."""
    return p.location is not None and p.geo_precision <= 2 and p.location not in (p.country, p.admin1)


@dataclass(frozen=True, slots=True)
class Match:
    """How a mention compares with another: joinable or not, the evidence score and its features."""

    ok: bool
    score: float = 0.0
    features: tuple[str, ...] = ()
    why: str = ""  # the hard rule that kept them apart, when not ok

    def describe(self) -> str:
        return f"score {self.score:g} ({', '.join(self.features) or 'no evidence'})"


@dataclass(slots=True)
class _Cluster:
    """An event being linked: its mentions, and the event id it has or will have."""

    id: str
    mentions: list[Mention]
    keys: set = field(default_factory=set)
    seq: int = 0  # order of creation: ties go to the earliest event, whatever order the index yields them in
    previous: Mapping[str, str] = field(default_factory=dict)  # the stored event's rules (earlier link reasons)
    gone: "_Cluster | None" = None  # folded into this event (see LinkSession._fold_into)


# Linker.facts: (distinctive words, countries named, places named, named perpetrators)
MentionFacts = tuple[frozenset[str], frozenset[str], tuple[frozenset[str], ...], frozenset[str]]


class Linker:
    name = NAME

    def __init__(self, actors: ActorRegistry, threshold: float = THRESHOLD):
        self.actors = actors
        self.threshold = threshold
        # per-mention caches, keyed by the object (its id, checked against the object held): mention ids
        # repeat across batches and re-extractions, with other contents
        self._perp_cache: dict[int, tuple[Mention, frozenset[str]]] = {}
        self._family_cache: dict[tuple[str, int], frozenset[str]] = {}
        self._words_cache: dict[int, tuple[Mention, frozenset[str]]] = {}
        self._places_cache: dict[int, tuple[Mention, frozenset[str]]] = {}
        self._countries = frozenset(w for c in actors.countries()
                                    for name in (c.name, c.name_fr, *c.demonyms, *c.demonyms_fr, *c.aliases, *c.aliases_fr)
                                    for w in re.findall(r"[a-z]+", _fold(name)))
        aliases = {_fold(name): c.name for c in actors.countries()
                   for name in (c.name, c.name_fr, *c.demonyms, *c.demonyms_fr, *c.aliases, *c.aliases_fr)
                   if len(name) >= 4}
        self._country_of = aliases
        # French demonyms are written lower case ("l'armée malienne"); names with a capital (see _mentioned)
        self._demonyms = frozenset(_fold(d) for c in actors.countries() for d in (*c.demonyms, *c.demonyms_fr))
        self._country_names = re.compile(r"\b(?:" + "|".join(
            re.escape(a) for a in sorted(aliases, key=len, reverse=True)) + r")\b") if aliases else None
        self._mentioned_cache: dict[int, tuple[Mention, frozenset[str]]] = {}
        # "al Qaeda in the Islamic Maghreb", "Islamic State in the Greater Sahara": names, not places
        self._actor_words = frozenset(w for a in actors.all() for name in (a.name, *a.aliases)
                                      for w in re.findall(r"[a-z0-9]+", _fold(name)))

    # --- deciding ----------------------------------------------------------------------------------

    def compare(self, m: Mention, other: Mention, copies: Mapping[str, str] | None = None,
                distinctive: frozenset[str] | None = None) -> Match:
        """Whether two mentions may tell of one event, and the evidence that they do."""
        if m.report_id == other.report_id:
            return Match(False, why="same report")
        if copies and copies.get(m.report_id) is not None and copies.get(m.report_id) == copies.get(other.report_id):
            return Match(False, why="the same words under two report ids")
        if m.date is None or other.date is None:
            return Match(False, why="no date")
        if m.date.precision == "year" or other.date.precision == "year":
            return Match(False, why="a year is too vague to tie reports")
        if not m.date.overlaps(other.date):
            return Match(False, why="dates apart")
        violent = _violent(m) and _violent(other)
        if m.event_type != other.event_type and not violent:
            return Match(False, why="different kinds of event")
        if not violent and m.sub_event_type != other.sub_event_type:
            return Match(False, why="different kinds of event")
        if _counts_disagree(m.fatalities, other.fatalities) and not self._partial_toll(m, other):
            return Match(False, why="death tolls too far apart")
        features: list[str] = []
        a, b = m.place, other.place
        if a is not None and b is not None and a.country and b.country and a.country != b.country and (
                b.country in self._mentioned(m) or a.country in self._mentioned(other)):
            # "France says Mali army camp explosion...", "peacekeepers from Senegal killed in Mali": the account
            # names the other's country too, so the country the geocoder chose does not contradict it
            a = b = None
        place_ok, place_feature = self._place(a, b)
        if not place_ok:
            return Match(False, why=place_feature)
        mine_c, theirs_c = self._country(m), self._country(other)
        if mine_c and theirs_c and mine_c != theirs_c and not (
                theirs_c in self._mentioned(m) or mine_c in self._mentioned(other)) and (
                self._by_name(m, mine_c) and self._by_name(other, theirs_c)):
            # (v5) an account the geocoder placed nowhere is of the one country it names, like a placed one (by
            # its name: "Chadian peacekeepers killed" tells who died, not where)
            return Match(False, why="different countries")
        if place_feature:
            features.append(place_feature)
        if self._places_differ(m, other):
            # "the village of Sono" and "the village of Goudiédourou" the same day: two attacks, though the
            # geocoder placed both in one district (or found neither)
            return Match(False, why="different places named")
        perp = self._perpetrator(m, other)
        if perp == "different perpetrators":
            return Match(False, why=perp)
        if perp:
            features.append(perp)
        mine, theirs = _targets(m), _targets(other)
        if mine and theirs:
            features.append("same target" if mine & theirs else "different targets")
        a, b = m.fatalities.best, other.fatalities.best
        if a and b:
            features.append("same toll" if a == b and a > 1 else "same single death" if a == b
                            else "near toll" if max(a, b) >= NEAR_TOLL_MIN and abs(a - b) <= max(2, 0.15 * max(a, b))
                            else "close toll")
        if m.date.precision == "day" and other.date.precision == "day" and m.date.start == other.date.start:
            features.append("same day")
        if m.sub_event_type == other.sub_event_type:
            features.append("same sub-type")
        elif m.event_type != other.event_type:
            features.append("different types")
        if m.date.start == other.date.start and m.date.end == other.date.end and m.date.precision != "day":
            features.append("same dates")
        words = self._words(m) if distinctive is None else distinctive
        theirs_w = self._words(other)
        if not a and b:  # one account gives no toll: the other's toll among its words ("toll rises to 23")
            theirs_w = theirs_w | {str(b)}
        elif a and not b:
            words = words | {str(a)}
        if words and theirs_w:
            shared = len(words & theirs_w)
            if shared >= 2 and shared >= 0.5 * min(len(words), len(theirs_w)):
                features.append("shared words")
            elif shared >= 1 and shared >= 0.2 * min(len(words), len(theirs_w)):
                features.append("a shared word")
        if not violent and perp not in ("same perpetrator", "perpetrators tied"):
            # protests, riots and arrests in one town on one day are often several: a named actor must tie them
            # ("protesters" or "the police" in both is not enough; ACLED codes a protest per group, place and day)
            return Match(False, 0.0, tuple(features), "no actor ties them")
        headlines = _headline(m) and _headline(other)
        score = sum(WEIGHTS[f] for f in features)
        if headlines and "different types" in features and _publication_dated(m) and _publication_dated(other):
            # (v5) the kind of event two one-line accounts tell is a guess from a few words ("attack" a clash or
            # a massacre): a difference weighs half
            score -= WEIGHTS["different types"] / 2
        # neither placed finer than a region, neither dated to the day; or (v4) two accounts dated only by their
        # publication, one of them placed no finer than a region ("Mali: 12 soldiers killed" and "Attack in Boni")
        sparse = "day" not in (m.date.precision, other.date.precision) and (
            not _placed(m.place) and not _placed(other.place)
            or (not _placed(m.place) or not _placed(other.place)) and _publication_dated(m) and _publication_dated(other))
        # headlines published the same day in one country meet through their dates (see _keys)
        countries = bool(self._country(m) and self._country(other))
        has_key = any(f in KEY_FEATURES for f in features) or (sparse and "same dates" in features and countries)
        # two headlines (a line each) have less to agree on than two articles: a lower bar
        relief = SPARSE_RELIEF if sparse and countries and headlines and (
            not _placed(m.place) and not _placed(other.place)
            or not {"different types", "different targets"} & set(features)) else 0.0
        ok = has_key and score >= self.threshold - relief
        both_days = m.date.precision == "day" and other.date.precision == "day"
        if ok and not any(f in CORROBORATING for f in features) and (
                both_days or not violent
                or (("day" in (m.date.precision, other.date.precision) or _placed(m.place) and _placed(other.place))
                    and not any(f in PLACED_CORROBORATING for f in features))):
            # one day (and one place) holds many events in a dense conflict, and one district many in a week;
            # protests, riots and arrests come many at a time: the accounts must also agree on what happened,
            # the toll or the words (or, for a district in a week, the group or a word: PLACED_CORROBORATING)
            ok = False
        if ok and not countries and not any(f in WORDS_AGREE for f in features) and not (
                {"same toll", "near toll"} & set(features) and min(a, b) >= BARE_TOLL_MIN):
            # an account that names no country can be of any war: only its words can tie it, or (v5) a toll
            # too high to be chance ("40 militants also dead" and "40 militants killed ... in Burkina Faso")
            ok = False
        if ok and m.date.precision == "day" and other.date.precision == "day" \
                and not {"same spot", "same district"} & set(features) \
                and not (any(f in TOLLS_AGREE for f in features) and any(f in WORDS_AGREE for f in features)):
            # two accounts of one day that agree on no village or district: a region or a country holds many
            # events a day, so they must agree on the toll and on words both
            ok = False
        return Match(ok, round(score, 2), tuple(features), "" if ok else "too little evidence")

    def _partial_toll(self, m: Mention, other: Mention) -> bool:
        """(v5) Whether the lower toll is one of the numbers the other account gives besides its own toll: one side's
        dead ("8 soldiers killed") against the sum ("8 soldiers killed and 60 assailants shot dead": 68)."""
        low, high = sorted((m, other), key=lambda x: x.fatalities.best or 0)
        return str(low.fatalities.best) in self._words(high)

    def same_event(self, m: Mention, other: Mention) -> tuple[bool, str]:
        """Whether two mentions tell of one event, and why (the v1 interface, kept for callers)."""
        match = self.compare(m, other)
        return match.ok, match.describe() if match.ok else match.why

    @staticmethod
    def _place(a: PlaceRef | None, b: PlaceRef | None) -> tuple[bool, str]:
        if a is None or b is None or a.country is None or b.country is None:
            return True, ""  # a headline that names no place: other evidence must tie it
        if a.country != b.country:
            return False, "different countries"
        if a.admin1 and b.admin1 and a.admin1 != b.admin1:
            return False, "different regions"
        if _fine(a) and _fine(b):
            if a.location == b.location:
                return True, "same spot"
            distance = _km(a, b)
            if distance is not None and distance <= SAME_SPOT_KM:
                return True, "same spot"
            if distance is not None and distance <= NEAR_KM and max(a.geo_precision, b.geo_precision) == 2:
                # "near X" may be the village Y a report names exactly; two exact villages are two places
                return True, "same spot"
            return False, "different locations"
        if a.admin2 and b.admin2:
            if a.admin2 != b.admin2:
                return False, "different districts"
            return True, "same district"
        if a.admin1 and b.admin1:
            return True, "same region"
        return True, ""

    def _perpetrator(self, m: Mention, other: Mention) -> str:
        mine = self._named_perpetrators(m)
        theirs = self._named_perpetrators(other)
        if not mine or not theirs:
            return ""
        specific = {a for a in mine & theirs if not self.actors.is_generic(a)}
        if specific:
            return "same perpetrator"
        if mine & theirs:
            return "same generic perpetrator"
        day = m.date.start if m.date else None
        for a in mine:
            for b in theirs:
                if day and (self.actors.is_linked(a, b, day) is not None or self.actors.is_linked(b, a, day) is not None):
                    return "perpetrators tied"
        if any(self.actors.is_generic(a) for a in mine) or any(self.actors.is_generic(a) for a in theirs):
            return ""  # "the army" against a named group: often one side misread; no contradiction worth a split
        return "different perpetrators"

    def _named_perpetrators(self, m: Mention) -> frozenset[str]:
        hit = self._perp_cache.get(id(m))
        if hit is not None and hit[0] is m:
            return hit[1]
        ids = {a.actor_id for a in m.actors if a.role in ("perpetrator", "associated_perpetrator") and a.actor_id}
        ids |= {c for c in m.claimed_by if c}
        out = frozenset(i for i in ids if self._known(i) and self.actors.get(i).kind != "unidentified")
        self._perp_cache[id(m)] = (m, out)
        return out

    def _words(self, m: Mention) -> frozenset[str]:
        """The distinctive words of the sentences the mention was read from (numbers, places, names)."""
        hit = self._words_cache.get(id(m))
        if hit is not None and hit[0] is m:
            return hit[1]
        sentences = _sentences(m)
        text = _digits(DAY_OF_MONTH.sub(" ", _fold(" ".join(sentences))))
        # the place and the actors are compared as such: their names are no extra evidence
        p = m.place
        named = " ".join(x for x in ((p.location, p.admin1, p.admin2, p.admin3) if p else ()) if x)
        named += " " + " ".join(f"{a.name} {a.phrase}" for a in m.actors)
        known = set(re.findall(r"[a-z0-9]+", _fold(named)))
        # nor is the toll, compared as such
        known |= {str(x) for x in (m.fatalities.low, m.fatalities.best, m.fatalities.high) if x is not None}
        # "05 VDP" and "5 VDP": a number is its value
        tokens = (w.lstrip("0") or "0" if w.isdigit() else w for w in re.findall(r"[a-z0-9]+", text))
        cached = frozenset(_stem(w) for w in tokens
                           if (len(w) >= 3 or w.isdigit()) and w not in COMMON_WORDS and w not in self._countries
                           and w not in known and not YEAR.match(w))
        self._words_cache[id(m)] = (m, cached)
        return cached

    def _country(self, m: Mention) -> str | None:
        """The account's country: the geocoder's, else the one country its words name ("in Mali's northeast")."""
        if m.place is not None and m.place.country is not None:
            return m.place.country
        named = self._mentioned(m)
        return next(iter(named)) if len(named) == 1 else None

    def _mentioned(self, m: Mention) -> frozenset[str]:
        """The countries the account names (by name or demonym) in the sentences it was read from."""
        hit = self._mentioned_cache.get(id(m))
        if hit is not None and hit[0] is m:
            return hit[1]
        # (v5) a name written with a capital: "a grenade attack" names no country (French "Grenade" is Grenada)
        out = frozenset(country for country, name, capital in self._country_hits(m)
                        if capital is not False or name in self._demonyms)
        self._mentioned_cache[id(m)] = (m, out)
        return out

    def _by_name(self, m: Mention, country: str) -> bool:
        """Whether the account's country is the geocoder's, or one its words name by name (not by a demonym)."""
        if m.place is not None and m.place.country == country:
            return True
        return any(c == country and capital is True and name not in self._demonyms
                   for c, name, capital in self._country_hits(m))

    def _country_hits(self, m: Mention) -> Iterator[tuple[str, str, bool | None]]:
        """Each country name or demonym in the account's sentences: its country, the name as matched, and whether
        it is written with a capital (None where folding changed the text's length, so the case cannot be read)."""
        if self._country_names is None or not m.spans:
            return
        cased = _fold_case(" ".join(_sentences(m)))
        text = cased.lower()
        same = len(text) == len(cased)
        for x in self._country_names.finditer(text):
            yield self._country_of[x.group()], x.group(), cased[x.start()].isupper() if same else None

    def _named_places(self, m: Mention) -> tuple[frozenset[str], ...]:
        """The places the account names in its own words (after "in", "near", "the village of"), each as its
        words less country names, the region and district the geocoder gave (areas holding many places), actors'
        names and words common to place names ("colonia", "street"). A name followed by "province", "region",
        "district" or "commune" is an area holding many places and is left out; so are headlines in title case
        (every word capitalised)."""
        hit = self._places_cache.get(id(m))
        if hit is not None and hit[0] is m:
            return hit[1]
        p = m.place
        # the region and district the geocoder gave are areas holding many places: no evidence either way
        areas = _words_of(p.admin1, p.admin2) if p else frozenset()
        known = _actor_words(m) | areas
        names: dict[frozenset[str], None] = {}
        for sentence in _sentences(m):
            tokens = re.findall(r"[^\W\d_]+", sentence)
            if not tokens or sum(t[0].isupper() for t in tokens) > 0.6 * len(tokens):
                continue
            for match in NAMED_PLACE.finditer(sentence):
                if AREA_AFTER.match(sentence, match.end()):
                    continue
                words = frozenset(w for w in re.findall(r"[a-z0-9]+", _fold(match.group(1) or match.group(2)))
                                  if len(w) >= 3 and w not in COMMON_WORDS and w not in PLACE_WORDS
                                  and w not in self._countries and w not in known and w not in self._actor_words)
                if words:
                    names[words] = None
        out = tuple(names)
        self._places_cache[id(m)] = (m, out)
        return out

    def _places_differ(self, m: Mention, other: Mention) -> bool:
        """Whether the two accounts each name places and none of one's is among the other's (named or geocoded)."""
        mine, theirs = self._named_places(m), self._named_places(other)
        if not mine or not theirs:
            return False
        mine_geo, theirs_geo = _place_words(m.place), _place_words(other.place)
        if any(a & theirs_geo for a in mine) or any(b & mine_geo for b in theirs):
            return False
        if any(a & b for a in mine for b in theirs):
            # (v5) a shared area ("in the Sira hills") does not tie two villages each account names as such
            mine_s, theirs_s = self._settlements(m), self._settlements(other)
            return bool(mine_s and theirs_s) and not (mine_s & theirs_s or mine_s & theirs_geo or theirs_s & mine_geo)
        return True

    def _settlements(self, m: Mention) -> frozenset[str]:
        """The words of the villages and towns the account names as such ("the village of Kalo")."""
        known = _actor_words(m)
        return frozenset(w for sentence in _sentences(m)
                         for match in SETTLEMENT_NAMED.finditer(sentence)
                         for w in re.findall(r"[a-z0-9]+", _fold(match.group(1)))
                         if len(w) >= 3 and w not in COMMON_WORDS and w not in PLACE_WORDS and w not in self._countries
                         and w not in known and w not in self._actor_words)

    def facts(self, m: Mention) -> MentionFacts:
        """What linking reads from a mention's own sentences and actors, a function of the mention and the
        registry alone: its distinctive words, the countries and the places it names, its named perpetrators.
        A Dask worker computes them where it extracted the mention, and `link` takes them (speed only)."""
        return self._words(m), self._mentioned(m), self._named_places(m), self._named_perpetrators(m)

    def _remember(self, m: Mention, facts: MentionFacts) -> None:
        words, mentioned, places, perpetrators = facts
        self._words_cache[id(m)] = (m, words)
        self._mentioned_cache[id(m)] = (m, mentioned)
        self._places_cache[id(m)] = (m, places)
        self._perp_cache[id(m)] = (m, perpetrators)

    def forget(self, mentions: Iterable[Mention] | None = None) -> None:
        """Drop cached per-mention facts (of these mentions, or all)."""
        if mentions is None:
            self._perp_cache.clear()
            self._words_cache.clear()
            self._places_cache.clear()
            self._mentioned_cache.clear()
            return
        for m in mentions:
            self._perp_cache.pop(id(m), None)
            self._words_cache.pop(id(m), None)
            self._places_cache.pop(id(m), None)
            self._mentioned_cache.pop(id(m), None)

    def _known(self, actor_id: str) -> bool:
        try:
            self.actors.get(actor_id)
            return True
        except Exception:  # a claim phrase that resolved to no registry actor
            return False

    def _family(self, actor_id: str, day: dt.date) -> frozenset[str]:
        """The actor and every actor above it in the registry on `day`: the blocking keys of a perpetrator."""
        key = (actor_id, day.toordinal() // 365)
        cached = self._family_cache.get(key)
        if cached is None:
            cached = frozenset(self.actors._ancestors(actor_id, day))  # noqa: SLF001 (same package)
            self._family_cache[key] = cached
        return cached

    # --- blocking ----------------------------------------------------------------------------------

    def _keys(self, m: Mention) -> tuple[list[tuple], list[tuple]]:
        """Blocking keys (without the week) to index a mention's event under, and to look candidates up by.

        Two mentions can only reach THRESHOLD when they share a key feature (KEY_FEATURES), so candidates
        are the events sharing a key. Two *placed* mentions (a village or a district) can only agree on the
        same spot or district: they meet through those keys alone, which keeps blocks small however dense
        the data. A mention placed no finer than a region or country meets everything of its country and
        week through the general keys: its region, its toll, its named perpetrators' families, its words."""
        if m.date is None:
            return [], []
        p = m.place
        words = self._words(m)
        general: list[tuple] = [("w", w) for w in words]
        # (v5) a toll is a word to an account that gives none ("17 killed" and "dix-sept personnes tuées" read
        # as no toll): indexed as such, and looked up among the numbers of accounts without one
        toll_lookups: list[tuple] = [("tw", w) for w in words if w.isdigit()]
        if m.fatalities.best:
            general.append(("tw", str(m.fatalities.best)))
            toll_lookups.append(("w", str(m.fatalities.best)))
        placed = False
        named = self._country(m)
        if named is not None:
            placed = _placed(p)
            if p is not None and p.admin1:
                general.append(("a1", p.country, p.admin1))
            # an account that names other countries too may be placed in the wrong one (see compare)
            for country in (named, *sorted(self._mentioned(m) - {named})):
                if m.date.precision != "day" and not placed:
                    general.append(("dates", country, m.date.start.toordinal(), m.date.end.toordinal()))
                if m.fatalities.best:
                    # tolls by band (a band holds tolls within 15%, or 2, of each other: see "near toll");
                    # indexed under its band, looked up in it and its neighbours
                    band = _toll_band(m.fatalities.best)
                    general.append(("toll", country, band))
                    toll_lookups += [("toll", country, band - 1), ("toll", country, band + 1)]
                for actor_id in self._named_perpetrators(m):
                    if not self.actors.is_generic(actor_id):
                        general.extend(("perp", country, a) for a in self._family(actor_id, m.date.start))
        lookups = general + toll_lookups
        if not placed:
            return [("c", *k) for k in general], [(tag, *k) for k in lookups for tag in ("c", "f")]
        place_keys = [("a2", p.country, p.admin2)] if p.admin2 else [("spot", p.country, p.location)]
        return [("f", *k) for k in general] + place_keys, [("c", *k) for k in lookups] + place_keys

    @staticmethod
    def _weeks(m: Mention) -> range:
        if m.date is None or m.date.precision == "year":
            return range(0)
        return range(m.date.start.toordinal() // WEEK, m.date.end.toordinal() // WEEK + 1)

    # --- linking -----------------------------------------------------------------------------------

    def link(self, mentions: Sequence[Mention], existing: Sequence[tuple[Event, Sequence[Mention]]],
             copies: Mapping[str, str] | None = None,
             facts: Iterable[tuple[Mention, MentionFacts]] = (), session: "LinkSession | None" = None) -> list[Event]:
        """Join new mentions into the existing events (given with their mentions) or into new events.

        `copies` maps report ids to a fingerprint of their words: reports with the same fingerprint are
        never joined. Returns the events that are new or gained a mention, with merged fields recomputed.
        `facts` gives `Linker.facts` of some of these very mention objects, computed elsewhere (where they
        were extracted), so that they are not computed again here. `session`, the one the call before used
        (speed only, see `LinkSession.reseed`): its index is reused for the events both calls are given.
        """
        self.forget()
        for m, known in facts:
            self._remember(m, known)
        if session is None:
            session = LinkSession(self, copies)
            for e, ms in existing:
                session.add_event(e, ms)
        else:
            session.reseed(existing, copies)
        changed = {session.add(m).id: None for m in mentions}
        return session.events(changed)

    def _joins(self, m: Mention, cluster: _Cluster, copies: Mapping[str, str] | None,
               distinctive: frozenset[str] | None = None) -> tuple[Match | None, str | None]:
        """The best match of m with the cluster's mentions, or None when any of them rules it out (a LOOSE rule only
        when m matches none of them CLOSE_MATCH or more)."""
        best: Match | None = None
        best_with = None
        named_apart = False
        for other in cluster.mentions:
            match = self.compare(m, other, copies, distinctive)
            if match.why in LOOSE:
                named_apart = True
                continue
            if not match.ok and match.why not in SOFT:
                return None, None
            if match.ok and (best is None or match.score > best.score):
                best, best_with = match, other.id
        return (None, None) if named_apart and (best is None or best.score < CLOSE_MATCH) else (best, best_with)

    # --- merging -----------------------------------------------------------------------------------

    def merge(self, event_id: str, mentions: Sequence[Mention], why: Mapping[str, str] | None = None,
              previous: Mapping[str, str] | None = None) -> Event:
        """The event's fields from its mentions, each by a stated rule.

        `why` gives the link reason of newly joined mentions; `previous` the rules of the event as stored,
        whose link reasons are kept for mentions that joined earlier."""
        ms = sorted(mentions, key=lambda m: m.id)
        lead = max(ms, key=lambda m: m.confidence)
        rules: dict[str, str] = {}

        votes = Counter((m.event_type, m.sub_event_type) for m in ms)
        (event_type, sub_event_type), n = votes.most_common(1)[0]
        if n == 1 and len(votes) > 1:
            event_type, sub_event_type = lead.event_type, lead.sub_event_type
        rules["event_type"] = f"most mentions say so ({n} of {len(ms)})" if n > 1 else "the most confident mention"

        dated = [m for m in ms if m.date is not None]
        date = min((m.date for m in dated), key=lambda d: ((d.end - d.start).days, d.start), default=None)
        rules["date"] = "the most precise date given"

        placed = [m for m in ms if m.place is not None]
        place = min((m.place for m in placed), key=lambda p: (p.geo_precision, p.place is None), default=None)
        rules["place"] = "the most precise place given"

        bests = [m.fatalities.best for m in ms if m.fatalities.best is not None]
        lows = [x for m in ms for x in (m.fatalities.low, m.fatalities.best) if x is not None]
        highs = [x for m in ms for x in (m.fatalities.high, m.fatalities.best) if x is not None]
        wounded = [m.fatalities.wounded for m in ms if m.fatalities.wounded is not None]
        fatalities = Fatalities(low=min(lows) if lows else None, best=min(bests) if bests else None,
                                high=max(highs) if highs else None, wounded=min(wounded) if wounded else None)
        rules["fatalities"] = ("low: lowest reported; best: the most conservative figure reported (ACLED's rule); "
                               "high: highest reported")
        if not bests and not lows:
            fatalities = Fatalities(low=0, best=0, high=0, wounded=fatalities.wounded)
            rules["fatalities"] = "no source reports deaths: 0, as ACLED codes it"
        if len({m.fatalities.best for m in ms}) > 1:
            rules["fatalities"] += "; by source: " + ", ".join(
                f"{m.report_id}: {m.fatalities.best if m.fatalities.best is not None else '-'}" for m in ms)

        actors = self._merge_actors(lead, ms)
        rules["actors"] = "the most confident mention's actors first; others' kept as associated"
        alternatives = self._alternatives(ms)
        if alternatives:
            rules["actors"] += "; sources differ: " + alternatives
        claimed = tuple(dict.fromkeys(c for m in ms for c in m.claimed_by))
        rules["claimed_by"] = "every claim reported"
        for m in ms:
            reason = (why or {}).get(m.id) or (previous or {}).get(f"link:{m.id}")
            if reason:
                rules[f"link:{m.id}"] = reason

        confidence = min(0.99, lead.confidence + 0.05 * (len({m.report_id for m in ms}) - 1))
        return Event(
            id=event_id, mention_ids=tuple(m.id for m in ms),
            report_ids=tuple(dict.fromkeys(m.report_id for m in ms)), event_type=event_type,
            sub_event_type=sub_event_type, actors=actors, place=place, date=date, fatalities=fatalities,
            claimed_by=claimed, confidence=round(confidence, 2), rules=rules, linker=NAME)

    @staticmethod
    def _alternatives(ms: Sequence[Mention]) -> str:
        """Perpetrators as each source names them, when the sources differ."""
        said = {m.report_id: tuple(sorted(a.name for a in m.actors if a.role == "perpetrator")) for m in ms}
        named = {k: v for k, v in said.items() if v}
        if len(set(named.values())) <= 1:
            return ""
        return "; ".join(f"{' & '.join(v)} (per {k})" for k, v in named.items())

    @staticmethod
    def _merge_actors(lead: Mention, ms: Sequence[Mention]) -> tuple[ActorRef, ...]:
        out: list[ActorRef] = list(lead.actors)
        seen = {(a.actor_id or a.phrase) for a in out}
        side = {"perpetrator": "associated_perpetrator", "associated_perpetrator": "associated_perpetrator",
                "target": "associated_target", "associated_target": "associated_target"}
        for m in ms:
            for a in m.actors:
                key = a.actor_id or a.phrase
                if key not in seen:
                    seen.add(key)
                    has_main = any(x.role == a.role for x in out)
                    out.append(ActorRef(side[a.role] if has_main else a.role, a.actor_id, a.name, a.phrase))
        order = {"perpetrator": 0, "associated_perpetrator": 1, "target": 2, "associated_target": 3}
        return tuple(sorted(out, key=lambda a: order[a.role]))


# --- analysts' decisions ---------------------------------------------------------------------------------


def apply_decisions(linker: Linker, events: Sequence[Event], decisions: Sequence[LinkDecision],
                    mentions: Mapping[str, Mention],
                    load: Callable[[str], tuple[Event, Sequence[Mention]] | None]) -> tuple[list[Event], list[str]]:
    """Apply analysts' link/unlink decisions, oldest first, to freshly linked events.

    A decision applies when one of its events is among `events` (so a re-run re-applies it as soon as
    the events it names are formed again); `load(event_id)` fetches the other event from the store.
    Returns the events to store and the ids of events to delete (folded into another by a link).
    """
    current: dict[str, Event] = {e.id: e for e in events}
    known: dict[str, Mention] = dict(mentions)
    gone: list[str] = []

    def fetch(event_id: str) -> Event | None:
        if event_id in current:
            return current[event_id]
        if event_id in gone:
            return None
        loaded = load(event_id)
        if loaded is None:
            return None
        event, ms = loaded
        known.update((m.id, m) for m in ms)
        return event

    touched = set(current)
    for d in decisions:
        if d.kind == "unlink" and d.event_id in current:
            event = current[d.event_id]
            if d.other not in event.mention_ids or len(event.mention_ids) < 2:
                continue
            rest = [known[mid] for mid in event.mention_ids if mid != d.other and mid in known]
            current[event.id] = linker.merge(event.id, rest, previous=event.rules)
            note = f"taken out of {event.id} by analyst decision #{d.id} ({d.author}): {d.reason}"
            alone_id = unlinked_event_id(d.other)
            current[alone_id] = linker.merge(alone_id, [known[d.other]], why={d.other: note})
        elif d.kind == "link" and (d.event_id in touched or d.other in touched):
            a, b = fetch(d.event_id), fetch(d.other)
            if a is None or b is None or a.id == b.id:
                continue
            ms = [known[mid] for mid in (*a.mention_ids, *b.mention_ids) if mid in known]
            note = f"joined from {b.id} by analyst decision #{d.id} ({d.author}): {d.reason}"
            why = {mid: note for mid in b.mention_ids}
            current[a.id] = linker.merge(a.id, ms, why=why, previous=a.rules)
            current.pop(b.id, None)
            gone.append(b.id)
            touched |= {a.id}
    return list(current.values()), gone


class LinkSession:
    """The linking state over a stream of mentions: the blocking index of the events seen so far.

    `Linker.link` opens one per batch, seeded with the stored events the batch may join. A long stream
    in date order (the benchmark, a bulk load) keeps one open and calls `evict_before` so that events no
    new mention can reach leave the index: memory stays flat however long the stream.
    """

    def __init__(self, linker: Linker, copies: Mapping[str, str] | None = None):
        self.linker = linker
        self.copies = copies or {}
        self.index: dict[tuple, list[_Cluster]] = defaultdict(list)
        self.by_week: dict[int, list[tuple]] = defaultdict(list)
        self.clusters: dict[str, _Cluster] = {}
        self.last_week: dict[str, int] = {}
        self.by_last_week: dict[int, set[str]] = defaultdict(set)  # events by the last week they reach
        self.why: dict[str, str] = {}
        self.created = 0
        self.folded: dict[str, _Cluster] = {}  # the id of an event folded into another -> that other
        self.folded_into: dict[str, list[str]] = {}  # an event -> the ids folded into it (so eviction prunes them)

    def _index(self, cluster: _Cluster, m: Mention) -> None:
        weeks = self.linker._weeks(m)
        for key in self.linker._keys(m)[0]:
            for week in weeks:
                k = (key, week)
                if k not in cluster.keys:
                    cluster.keys.add(k)
                    if k not in self.index:
                        self.by_week[week].append(k)
                    self.index[k].append(cluster)
        if weeks:
            before = self.last_week.get(cluster.id)
            if before is None or weeks[-1] > before:
                if before is not None:
                    self.by_last_week[before].discard(cluster.id)
                self.last_week[cluster.id] = weeks[-1]
                self.by_last_week[weeks[-1]].add(cluster.id)

    def add_event(self, event: Event, mentions: Sequence[Mention]) -> None:
        self.created += 1
        cluster = _Cluster(event.id, list(mentions), previous=event.rules, seq=self.created)
        self.clusters[cluster.id] = cluster
        for m in mentions:
            self._index(cluster, m)

    def reseed(self, existing: Sequence[tuple[Event, Sequence[Mention]]],
               copies: Mapping[str, str] | None = None) -> "LinkSession":
        """Hold exactly the state a new session seeded with `existing` (`add_event` of each, in order) would:
        these events only, in this order, without the link reasons and folds of earlier `add`s. Speed only,
        every decision the same: an event held already with these very mention objects keeps its index
        entries (a pipeline links chunk after chunk against mostly the same stored events, and indexing them
        again each time was most of its linking); the others are indexed anew, and the rest leave the index,
        so memory follows what the caller gives."""
        self.copies = copies or {}
        kept: dict[str, _Cluster] = {}
        fresh: list[tuple[Event, Sequence[Mention]]] = []
        for e, ms in existing:
            c = self.clusters.get(e.id)
            if c is not None and e.id not in kept and c.gone is None and len(c.mentions) == len(ms):
                held = {x.id: x for x in c.mentions}
                if all(held.get(x.id) is x for x in ms):
                    kept[e.id] = c
                    continue
            fresh.append((e, ms))
        leaving = [c for cid, c in self.clusters.items() if kept.get(cid) is not c]
        stale = set().union(*(c.keys for c in leaving), *(c.keys for c in self.folded.values()))
        for k in stale:
            found = self.index.get(k)
            if found is None:
                continue
            found = [c for c in found if kept.get(c.id) is c]
            if found:
                self.index[k] = found
            else:
                del self.index[k]
        for c in leaving:
            week = self.last_week.pop(c.id, None)
            if week is not None:
                self.by_last_week[week].discard(c.id)
        if sum(map(len, self.by_week.values())) > 2 * len(self.index) + 1000:
            self.by_week = defaultdict(list)
            for k in self.index:
                self.by_week[k[1]].append(k)
        self.why, self.folded, self.created, self.clusters = {}, {}, 0, {}
        self.folded_into = {}
        fresh_ids = {e.id for e, _ in fresh}
        for e, ms in existing:
            if e.id in fresh_ids:
                self.add_event(e, ms)
            else:
                self.created += 1
                c = kept[e.id]
                c.mentions, c.previous, c.seq = list(ms), e.rules, self.created
                self.clusters[e.id] = c
        return self

    def add(self, m: Mention) -> _Cluster:
        """Link one mention: it joins the best-scoring event that reaches the threshold, else starts one."""
        linker = self.linker
        best, best_match, best_with = None, None, None
        seen: set[int] = set()
        joinable: list[_Cluster] = []
        weeks = linker._weeks(m)
        words = linker._words(m)
        distinctive = frozenset(w for w in words if max((len(self.index.get((("c", "w", w), wk), ())) +
                                                         len(self.index.get((("f", "w", w), wk), ())) for wk in weeks),
                                                        default=0) <= RARE_MAX) if words else words
        for key in linker._keys(m)[1]:
            for week in weeks:
                for cluster in self.index.get((key, week), ()):
                    if id(cluster) in seen:
                        continue
                    seen.add(id(cluster))
                    if cluster.gone is not None:
                        continue
                    match, other = linker._joins(m, cluster, self.copies, distinctive)
                    if match is not None:
                        joinable.append(cluster)
                    if match is not None and (best_match is None or match.score > best_match.score or (
                            match.score == best_match.score and cluster.seq < best.seq)):
                        best, best_match, best_with = cluster, match, other
        if best is None:
            self.created += 1
            best = _Cluster(event_id_for(m.id), [], seq=self.created)
            self.clusters[best.id] = best
            self.why[m.id] = "first report of this event"
        else:
            self.why[m.id] = f"{best_match.describe()} with {best_with} [{NAME}]"
        best.mentions.append(m)
        self._index(best, m)
        # in the order the events were made, not the order the keys met them (a set's order, which changes from
        # process to process with the hash seed): else the same input folds differently from run to run
        for cluster in sorted(joinable, key=lambda c: c.seq):
            # the mention ties two events of this batch that nothing keeps apart: one event (v4)
            if cluster is not best and not cluster.previous and self._compatible(best, cluster):
                best = self._fold_into(best, cluster, m)
        return best

    def _compatible(self, a: _Cluster, b: _Cluster) -> bool:
        """Whether no mention of one rules out any mention of the other (see `Linker._joins`)."""
        for x in b.mentions:
            for y in a.mentions:
                match = self.linker.compare(x, y, self.copies)
                if not match.ok and match.why not in SOFT:
                    return False
        return True

    def _fold_into(self, best: _Cluster, other: _Cluster, tie: Mention) -> _Cluster:
        """`tie` tied two events that nothing keeps apart: the later-made one joins the earlier."""
        keep, drop = (best, other) if best.seq < other.seq else (other, best)
        drop.gone = keep
        for x in drop.mentions:
            keep.mentions.append(x)
            self._index(keep, x)
            if self.why.get(x.id) == "first report of this event":
                self.why[x.id] = f"joined when {tie.id} tied its event to this one [{NAME}]"
        drop.mentions = []
        self.clusters.pop(drop.id, None)
        self.last_week.pop(drop.id, None)
        self.folded[drop.id] = keep
        self.folded_into.setdefault(keep.id, []).extend((drop.id, *self.folded_into.pop(drop.id, ())))
        return keep

    def evict_before(self, week: int) -> list[Event]:
        """Drop index entries of weeks before `week` (mentions are linked in date order, so no later mention
        can reach them) and the events that reach no later week; return those events, merged."""
        for w in [w for w in self.by_week if w < week]:
            for k in self.by_week.pop(w):
                self.index.pop(k, None)
        done = [self.clusters[cid] for w in sorted(w for w in self.by_last_week if w < week)
                for cid in sorted(self.by_last_week.pop(w)) if cid in self.clusters]
        events = [self.linker.merge(c.id, c.mentions, self.why, previous=c.previous) for c in done]
        for c in done:
            self.linker.forget(c.mentions)
            del self.clusters[c.id]
            self.last_week.pop(c.id, None)
            for folded_id in self.folded_into.pop(c.id, ()):
                self.folded.pop(folded_id, None)
            for m in c.mentions:
                self.why.pop(m.id, None)
        return events

    def events(self, ids: Iterable[str] | None = None) -> list[Event]:
        """The merged events (these ids, or all held)."""
        if ids is None:
            chosen = list(self.clusters.values())
        else:
            found: dict[str, _Cluster] = {}
            for i in ids:
                c = self.clusters.get(i) or self.folded[i]
                while c.gone is not None:
                    c = c.gone
                found[c.id] = c
            chosen = list(found.values())
        return [self.linker.merge(c.id, c.mentions, self.why, previous=c.previous) for c in chosen]
