"""`warlog answer "QUESTION"`: a small rule-based reader of trend questions in this field's English.

It knows: actor names and families through the registry ("al Qaeda-linked", "JNIM", "linked to AQIM",
"affiliates of"), what is counted ("attacks", "events"/"incidents", "battles", "bombings", "attacks on
civilians", "protests", "riots", "fatalities"/"deaths"/"killed"), places through the gazetteer (countries,
"and neighbouring countries", admin1 regions), and time ("so far this year", "since 2015", "in 2016",
"compared to 2016", "2016 against 2015", "between 2015 and 2017", "last year", "by month"). It turns the
question into the keyword arguments of `query.trend`, and lists every word it did not understand: `ask`
refuses such a question instead of guessing what the words meant.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from dataclasses import dataclass, field

from warlog.actors import ActorRegistry
from warlog.errors import InputError
from warlog.geocode import Gazetteer
from warlog.query import TYPE_GROUPS, trend
from warlog.records import Answer
from warlog.store import Store

# words that carry no filter: question scaffolding
STOPWORDS = frozenset("""
how many much what was were is are be been being there have has had did do does the a an of in on at to from
by for and or with during over within across number numbers count counts total totals overall all any so far
least carried out committed perpetrated conducted staged launched claimed recorded reported been
which who whose when where compared against versus vs its their his her it they them this that these those
as per than more fewer less increase decrease change changes trend trends rise fall occurred happened took
place get got
""".split())

_TIME_PATTERNS: list[tuple[str, str]] = [
    ("so_far", r"\b(?:so far this year|this year so far|year[- ]to[- ]date|so far in (?P<sofar_year>\d{4}))\b"),
    ("between", r"\b(?:between|from) (?P<y1>\d{4}) (?:and|to|until|through) (?P<y2>\d{4})\b"),
    ("since", r"\bsince (?:the (?:start|beginning) of )?(?P<since>\d{4})\b"),
    ("compare", r"\b(?:compared (?:to|with)|against|versus|vs\.?|relative to|than in|than) (?:the same (?:period|span) "
                r"(?:of|in) )?(?P<cmp>\d{4})\b"),
    ("last_n", r"\b(?:in )?the (?:last|past) (?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten) years\b"),
    ("last_year", r"\blast year\b"),
    ("this_year", r"\bthis year\b"),
    ("by", r"\b(?:by|per|each|every|a) (?P<by>year|quarter|month|week)\b|\b(?P<ly>yearly|annually|quarterly|monthly|"
           r"weekly)\b"),
    ("year", r"\b(?:in )?(?P<year>(?:19|20)\d{2})\b"),
]
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_LY = {"yearly": "year", "annually": "year", "quarterly": "quarter", "monthly": "month", "weekly": "week"}

# what is counted: (pattern, types, roles: "perpetrator" or "any", measure)
_WHAT: list[tuple[str, str | None, str, str]] = [
    (r"\b(?:attacks?|violence) (?:on|against|targeting) civilians\b|\bviolence against civilians\b|\bcivilian "
     r"(?:killings|attacks)\b", "Violence against civilians", "perpetrator", "events"),
    (r"\b(?:fatalities|deaths|dead|people killed|killed|killings|casualties|lives lost)\b", None, "any",
     "fatalities"),
    (r"\b(?:attacks?|assaults?|raids?|ambush(?:es)?|strikes?)\b", "attacks", "perpetrator", "events"),
    (r"\b(?:battles?|clashes|armed clashes|fighting|firefights?)\b", "Battles", "any", "events"),
    (r"\b(?:bombings?|explosions?|ieds?|airstrikes?|air strikes?|drone strikes?|shelling|suicide bombings?)\b",
     "Explosions/Remote violence", "perpetrator", "events"),
    (r"\b(?:protests?|demonstrations?)\b", "Protests", "any", "events"),
    (r"\briots?\b", "Riots", "any", "events"),
    (r"\b(?:events?|incidents?|acts of violence|violent events|operations)\b", None, "any", "events"),
]
_LINKED = re.compile(r"(?:-|\b)(?:linked|affiliated|aligned|allied|associated)(?: (?:to|with))?\b|\baffiliates? of\b"
                     r"|\band (?:its|their) (?:affiliates|branches|allies|family)\b|\bgroups? tied to\b", re.I)
# wider areas that share a name with one admin1 region (Burkina Faso's Sahel): name the countries instead
_AREAS = re.compile(r"\b(?:the )?(?:sahel|maghreb|sahara|lake chad(?: basin| region)?|liptako[- ]gourma|west africa|"
                    r"western africa|middle east|horn of africa)(?: region)?\b", re.I)
_NEIGHBOURS = re.compile(r"\b(?:and|or|plus|\+) (?:its |their |the )?(?:neighbou?ring countries|neighbou?rs|"
                         r"neighbou?ring states|surrounding countries|countries (?:around|near) it)\b", re.I)


@dataclass(slots=True)
class Question:
    """A question as understood: the trend keyword arguments, and what the words were taken to mean."""

    text: str
    params: dict = field(default_factory=dict)
    measure: str = "events"  # or "fatalities"
    noun: str = "events"
    compare: list[int] = field(default_factory=list)  # years named for comparison
    understood: list[tuple[str, str]] = field(default_factory=list)  # (phrase, what it was taken to mean)
    not_understood: list[str] = field(default_factory=list)

    def command(self) -> str:
        """The `warlog trend` command that runs the same query."""
        p = self.params
        args = ["warlog", "trend"]
        if p.get("actor"):
            args += ["--actor", p["actor"]]
        if p.get("linked"):
            args.append("--linked")
        if p.get("any_role"):
            args.append("--any-role")
        if p.get("where"):
            args += ["--where", p["where"]]
        if p.get("types"):
            args += ["--type", p["types"]]
        if p.get("so_far"):
            args.append("--so-far-this-year")
        for key in ("since", "until", "as_of"):
            if p.get(key):
                args += [f"--{key.replace('_', '-')}", p[key].isoformat()]
        if p.get("by") and p["by"] != "year":
            args += ["--by", p["by"]]
        return " ".join(shlex.quote(a) for a in args)


class _Text:
    """The question with the parts already understood blanked out."""

    def __init__(self, text: str):
        self.original = text
        self.rest = text

    def take(self, match: re.Match) -> str:
        self.rest = self.rest[:match.start()] + " " * (match.end() - match.start()) + self.rest[match.end():]
        return match.group(0)

    def take_span(self, start: int, end: int) -> None:
        self.rest = self.rest[:start] + " " * (end - start) + self.rest[end:]


def parse_question(text: str, actors: ActorRegistry, gazetteer: Gazetteer,
                   as_of: dt.date | None = None) -> Question:
    """Read a question; `Question.not_understood` lists the words it could not place."""
    as_of = as_of or dt.date.today()
    q = Question(text=text)
    t = _Text(text.strip().rstrip("?.!"))
    params: dict = {}
    years: list[int] = []

    # --- time ---
    for kind, pattern in _TIME_PATTERNS:
        for m in list(re.finditer(pattern, t.rest, re.I)):
            phrase = t.take(m)
            if kind == "so_far":
                params["so_far"] = True
                if m.group("sofar_year"):
                    year = int(m.group("sofar_year"))
                    as_of = min(as_of, dt.date(year, 12, 31)) if year <= as_of.year else as_of
                q.understood.append((phrase, f"1 January to {as_of} beside the same span of earlier years"))
            elif kind == "between":
                y1, y2 = sorted((int(m.group("y1")), int(m.group("y2"))))
                params["since"], params["until"] = dt.date(y1, 1, 1), dt.date(y2, 12, 31)
                q.understood.append((phrase, f"from {y1} to {y2}"))
            elif kind == "since":
                params["since"] = dt.date(int(m.group("since")), 1, 1)
                q.understood.append((phrase, f"from {params['since']} to {as_of}"))
            elif kind == "compare":
                q.compare.append(int(m.group("cmp")))
                q.understood.append((phrase, f"compared with {m.group('cmp')}"))
            elif kind == "last_n":
                n = m.group("n")
                n = int(n) if n.isdigit() else _NUMBERS[n.lower()]
                params["since"] = dt.date(as_of.year - n, 1, 1)
                q.understood.append((phrase, f"from {params['since']} to {as_of}"))
            elif kind == "last_year":
                years.append(as_of.year - 1)
                q.understood.append((phrase, f"{as_of.year - 1}"))
            elif kind == "this_year":
                years.append(as_of.year)
                q.understood.append((phrase, f"{as_of.year} (to {as_of})"))
            elif kind == "by":
                params["by"] = (m.group("by") or _LY[m.group("ly").lower()]).lower()
                q.understood.append((phrase, f"counted by {params['by']}"))
            elif kind == "year":
                years.append(int(m.group("year")))
                q.understood.append((phrase, m.group("year")))

    # --- what is counted ---
    types: list[str] = []
    roles: set[str] = set()
    for pattern, etype, role, measure in _WHAT:
        for m in list(re.finditer(pattern, t.rest, re.I)):
            phrase = t.take(m)
            if measure == "fatalities":
                q.measure = "fatalities"
                q.understood.append((phrase, "fatalities (best estimates summed)"))
                continue
            if etype:
                types.extend(TYPE_GROUPS.get(etype, (etype,)))
            if not roles:
                q.noun = phrase.lower()
            roles.add(role)
            q.understood.append((phrase, (etype or "events of any type")
                                 + (", the actor as perpetrator or claimant" if role == "perpetrator" else "")))
    if types:
        params["types"] = ",".join(dict.fromkeys(types)) if set(types) != set(TYPE_GROUPS["attacks"]) else "attacks"

    # --- actor ---
    m = _LINKED.search(t.rest)
    if m:
        params["linked"] = True
        q.understood.append((t.take(m).strip(), "with every group tied to the actor in the hierarchy on the "
                                                "event's date"))
    found = [a for a in actors.find_in_text(t.rest) if not a.generic or a.actor_id]
    named = list(dict.fromkeys(a.actor_id for a in found))
    if len(named) > 1:
        q.not_understood.append("more than one actor (" + ", ".join(actors.get(a).name for a in named)
                                + "): ask about one at a time")
    if found:
        for a in sorted(found, key=lambda a: -a.start):
            t.take_span(a.start, a.end)
        params["actor"] = actors.get(named[0]).name
        q.understood.append((", ".join(a.phrase for a in found), f"actor {params['actor']}"))
    elif params.get("linked"):
        q.not_understood.append("'linked' to which actor? no actor name was recognised")
    if params.get("actor") and roles != {"perpetrator"}:
        params["any_role"] = True  # "events", "fatalities", "battles": the actor on either side

    # --- places ---
    where: list[str] = []
    for m in list(_AREAS.finditer(t.rest)):
        q.not_understood.append(f"the area {t.take(m).strip()!r} (warlog knows countries and admin1 regions: "
                                "name them, e.g. 'Mali, Niger and Burkina Faso')")
    nb = _NEIGHBOURS.search(t.rest)
    tokens = list(re.finditer(r"[\w'’.-]+", t.rest))
    i = 0
    while i < len(tokens):
        hit = None
        for n in (4, 3, 2, 1):
            if i + n > len(tokens):
                continue
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            phrase = t.rest[start:end]
            if phrase.lower() in STOPWORDS or phrase.isdigit():
                continue
            code = gazetteer.country_code(phrase) if (phrase[:1].isupper() or len(phrase) == 2) else None
            if code:
                hit = (n, start, end, gazetteer.country_name(code), "country")
                break
            if phrase[:1].isupper():
                admins = [c for c in gazetteer.admin_codes_named(phrase) if c.count(".") == 1]
                if admins:
                    label = gazetteer.admin_name(admins[0]) or phrase
                    if len(admins) > 1:
                        label = f"{gazetteer.country_name(admins[0].split('.')[0])}/{label}"
                    hit = (n, start, end, label, "region")
                    break
        if hit is None:
            i += 1
            continue
        n, start, end, name, kind = hit
        where.append(name)
        q.understood.append((t.original[start:end] if t.original[start:end].strip() else name,
                             f"{kind} {name}"))
        t.take_span(start, end)
        i += n
    if nb:
        if not where:
            q.not_understood.append("neighbouring countries of which country? none was recognised")
        else:
            where[0] = f"{where[0]}+neighbours"
            q.understood.append((t.take(nb).strip(), f"and the countries bordering {where[0].split('+')[0]}"))
    if where:
        params["where"] = ",".join(where)

    # --- periods from the years named ---
    named_years = sorted(set(years + q.compare))
    if params.get("so_far"):
        params["as_of"] = as_of
        if q.compare and "since" not in params:
            params["since"] = dt.date(min(q.compare), 1, 1)
    elif named_years:
        params.setdefault("since", dt.date(named_years[0], 1, 1))
        last = named_years[-1]
        params.setdefault("until", min(dt.date(last, 12, 31), as_of) if last == as_of.year else dt.date(last, 12, 31))
    elif "since" in params:
        params.setdefault("until", as_of)
    if "since" in params and "until" in params and params["since"] > params["until"]:
        q.not_understood.append(f"the period starts ({params['since']}) after it ends ({params['until']})")
    if params.get("by") and params.get("so_far"):
        q.not_understood.append(f"'so far this year' compares years: it cannot also count by {params['by']}")

    # --- what is left ---
    left = [w for w in re.findall(r"[\w'’]+|[^\w\s]", t.rest)
            if w.lower() not in STOPWORDS and w not in ",;:-'’\"()"]
    if left:
        q.not_understood.append("the words " + ", ".join(repr(w) for w in left))
    q.params = params
    return q


@dataclass(frozen=True, slots=True)
class Answered:
    """A question, how it was read, the trend answer, and the sentence that states it."""

    question: Question
    answer: Answer
    sentence: str


def ask(question: str, *, store: Store, actors: ActorRegistry, gazetteer: Gazetteer, as_of: dt.date | None = None,
        **options) -> Answered:
    """Read the question and answer it with query.trend. Raises InputError naming what was not understood
    (and what was) when any word could not be placed, rather than guessing. `options` go to query.trend as
    they are (min_confidence, datasets, page_size, page...)."""
    from warlog.render import answer_sentence

    q = parse_question(question, actors, gazetteer, as_of)
    if q.not_understood:
        understood = "; ".join(f"{p!r} = {m}" for p, m in q.understood) or "nothing"
        raise InputError(f"could not understand {'; '.join(q.not_understood)} in {question!r} "
                         f"(understood: {understood}); rephrase, or ask with `warlog trend` and its options")
    result = trend(store, actors, gazetteer, **q.params, **options)
    return Answered(q, result, answer_sentence(q, result))


def to_json(result: Answered) -> dict:
    """{"question", "understood", "sentence", "command", "answer": render.answer_json(...)}."""
    from warlog.render import answer_json

    return {"question": result.question.text,
            "understood": [{"phrase": p, "meaning": m} for p, m in result.question.understood],
            "measure": result.question.measure, "sentence": result.sentence, "command": result.question.command(),
            "answer": answer_json(result.answer)}
