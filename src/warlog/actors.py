"""The actor registry: who is who among armed groups and forces, and who belonged to whom when.

The registry is package data (``data/actors.yaml`` and ``data/countries.yaml``), written by hand and
reviewed like code. Generic actors (the military, police, civilians, unidentified armed groups,
protesters and rioters of each country) are generated from the country list; a YAML entry with the
same id overrides the generated one.

"al Qaeda-linked" is a walk UP the link graph as it stood on a given day (``ActorRegistry.is_linked``).
The link set only changes on the dates where some link starts or ends, so walks are cached per
(actor, interval between such dates): a trend query over thousands of events does a handful of walks.

``find_in_text`` finds actor phrases in a report with a token trie built once at load.
"""

from __future__ import annotations

import bisect
import datetime as dt
import importlib.resources
import logging
import re
import typing
import unicodedata
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import yaml
from rapidfuzz import fuzz, process

from warlog.errors import DataError, NotFoundError
from warlog.records import Actor, ActorLink

logger = logging.getLogger(__name__)

ACTOR_KINDS = frozenset(
    {
        "state_force",
        "police",
        "rebel",
        "jihadist",
        "political_militia",
        "identity_militia",
        "civilians",
        "international_force",
        "unidentified",
        "protesters",
        "rioters",
    }
)
RELATIONS = frozenset(typing.get_args(typing.get_type_hints(ActorLink)["relation"]))
# Relations that make an actor part of another: "linked" queries walk these, never allied_with/split_from.
WALKED_RELATIONS = frozenset({"branch_of", "faction_of", "affiliate_of", "merged_into"})
# Kinds whose named members make a nearby "militants"/"the jihadists" refer to them, not to an unknown group.
ARMED_GROUP_KINDS = frozenset({"jihadist", "rebel", "political_militia", "identity_militia"})

# Generic actor templates: generic kind -> (id prefix, actor kind, name template).
GENERIC_TEMPLATES: Mapping[str, tuple[str, str, str]] = {
    "military": ("military-forces", "state_force", "Military Forces of {country}"),
    "police": ("police-forces", "police", "Police Forces of {country}"),
    "civilians": ("civilians", "civilians", "Civilians ({country})"),
    "unidentified": ("unidentified-armed-group", "unidentified", "Unidentified Armed Group ({country})"),
    "protesters": ("protesters", "protesters", "Protesters ({country})"),
    "rioters": ("rioters", "rioters", "Rioters ({country})"),
}

_ACTOR_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ACLED_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")
_TOKEN = re.compile(r"\w+|[^\w\s'\-]")  # apostrophes and hyphens separate words: "al-Qaeda" == "al Qaeda"
_END = ""  # trie key that holds the payloads of the phrase ending at a node (no token is empty)


def generic_actor_id(generic_kind: str, country_code: str) -> str:
    """The id of a generated actor: generic_actor_id("military", "ML") -> "military-forces-ml"."""
    return f"{GENERIC_TEMPLATES[generic_kind][0]}-{country_code.lower()}"


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    name: str
    name_fr: str
    demonyms: tuple[str, ...] = ()
    demonyms_fr: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    aliases_fr: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An actor phrase found in a text."""

    start: int  # character offsets of the phrase in the text
    end: int
    phrase: str  # e.g. "Malian soldiers", "JNIM", "unknown gunmen"
    actor_id: str
    generic: bool  # True when actor_id is a generated per-country actor (military-forces-ml, civilians-bf...)


# ---------------------------------------------------------------------------------------------------
# Generic phrases. Nouns that take a demonym ("Malian soldiers", "soldats maliens") or "of <country>";
# bare phrases that name a generic actor only when the caller knows the country.
# ---------------------------------------------------------------------------------------------------
_MILITARY_NOUNS_EN = (
    "soldiers", "soldier", "troops", "troop", "army", "forces", "military", "armed forces", "security forces",
    "special forces", "defence forces", "defense forces", "defence and security forces", "defense and security forces",
    "military forces", "servicemen", "base", "military base", "army base", "camp", "military camp", "army camp",
    "military post", "army post", "outpost", "military outpost", "patrol", "military patrol", "army patrol", "convoy",
    "military convoy", "army convoy", "air force", "airstrike", "airstrikes", "air strike", "air strikes", "warplanes",
    "fighter jets", "helicopters", "military helicopters", "helicopter gunships", "drones", "drone strike", "drone strikes",
    "paratroopers", "commandos", "national guard", "military personnel", "army officers",
)
_POLICE_NOUNS_EN = (
    "police", "policemen", "policeman", "police officers", "police officer", "gendarmes", "gendarme", "gendarmerie",
    "police station", "police post", "gendarmerie post", "gendarmerie brigade", "police forces", "customs officers",
)
_CIVILIAN_NOUNS_EN = (
    "civilians", "civilian", "villagers", "nationals", "citizens", "herders", "farmers", "traders", "women", "children",
    "workers", "refugees", "residents", "fishermen", "miners",
)
_PROTESTER_NOUNS_EN = ("protesters", "protestors", "demonstrators")
_RIOTER_NOUNS_EN = ("rioters",)

_MILITARY_NOUNS_FR = (
    "soldats", "soldat", "militaires", "militaire", "armee", "forces", "forces armees", "forces de securite",
    "forces de defense et de securite", "forces speciales", "troupes", "base militaire", "camp militaire",
    "poste militaire", "patrouille", "convoi", "convoi militaire", "armee de l'air", "aviation", "frappes aeriennes",
    "frappe aerienne", "helicopteres", "drones", "garde nationale",
)
_POLICE_NOUNS_FR = ("police", "policiers", "policier", "gendarmes", "gendarme", "gendarmerie", "douaniers")
_CIVILIAN_NOUNS_FR = ("civils", "civil", "villageois", "ressortissants", "citoyens", "refugies", "eleveurs", "commercants")
_PROTESTER_NOUNS_FR = ("manifestants",)
_RIOTER_NOUNS_FR = ("emeutiers",)

_BARE_PHRASES: Mapping[str, tuple[str, ...]] = {
    "military": (
        "soldiers", "soldier", "troops", "army", "the military", "armed forces", "security forces", "defence forces",
        "defense forces", "defence and security forces", "defense and security forces", "servicemen", "military base",
        "army base", "military camp", "army camp", "military post", "army post", "military outpost", "military patrol",
        "army patrol", "military convoy", "army convoy", "paratroopers", "military personnel", "national guard",
        "national guards", "national guardsmen", "national guard post", "garde nationale", "gardes nationaux",
        "soldats", "soldat", "militaires", "armee", "forces armees", "forces de defense et de securite",
        "forces de securite", "base militaire", "camp militaire", "poste militaire", "convoi militaire",
        "patrouille militaire", "FDS",
    ),
    "police": (
        "police", "policemen", "policeman", "police officers", "police officer", "gendarmes", "gendarme", "gendarmerie",
        "police station", "police post", "gendarmerie post", "gendarmerie brigade", "customs officers",
        "policiers", "policier", "commissariat", "brigade de gendarmerie", "poste de police", "douaniers",
    ),
    "civilians": (
        "civilians", "civilian", "a civilian", "villagers", "villager", "a villager", "a shepherd", "shepherds", "shepherd",
        "herders", "a herder", "herdsmen", "a herdsman", "farmers", "a farmer", "a teacher", "teachers", "women", "a woman",
        "residents", "local residents", "inhabitants", "traders", "a trader", "merchants", "a merchant", "children", "a child",
        "worshippers", "passengers", "bus passengers", "students", "a student", "village chief", "a village chief",
        "village chiefs", "an imam", "imam", "a pastor", "a priest", "displaced people", "displaced persons", "refugees",
        "gold miners", "artisanal miners", "miners", "travellers", "travelers", "a driver", "drivers", "fishermen",
        "a fisherman", "a shopkeeper", "a businessman", "an elder", "elders", "a nurse", "health workers", "aid workers",
        "civils", "un civil", "villageois", "habitants", "populations civiles", "population civile", "populations", "femmes",
        "une femme", "enfants", "un enfant", "un berger", "bergers", "eleveurs", "un eleveur", "cultivateurs", "un cultivateur",
        "agriculteurs", "un agriculteur", "commercants", "un commercant", "un enseignant", "enseignants", "fideles",
        "passagers", "un chef de village", "chef de village", "chefs de village", "un imam", "orpailleurs", "deplaces",
        "un conducteur", "chauffeurs", "un chauffeur",
    ),
    "unidentified": (
        "unknown gunmen", "unidentified gunmen", "gunmen", "a gunman", "gunman", "unidentified armed men",
        "unknown armed men", "armed men", "heavily armed men", "suspected jihadists", "suspected jihadist",
        "suspected militants", "suspected terrorists", "suspected Islamists", "suspected Islamist militants",
        "suspected extremists", "suspected insurgents", "presumed jihadists", "presumed militants", "alleged jihadists",
        "jihadists", "jihadist fighters", "jihadist militants", "militants", "Islamist militants", "Islamist fighters",
        "Islamists", "terrorists", "terrorist group", "assailants", "unknown assailants", "unidentified assailants",
        "attackers", "unknown attackers", "unidentified attackers", "armed bandits", "bandits", "insurgents",
        "extremists", "violent extremists", "armed individuals", "unidentified individuals", "unknown individuals",
        "armed group", "an armed group", "armed groups", "unidentified armed group", "unknown armed group",
        "non-state armed group", "non-state armed groups", "motorcyclists", "armed motorcyclists",
        "hommes armes", "hommes armes non identifies", "individus armes", "individus armes non identifies",
        "individus non identifies", "hommes non identifies", "inconnus armes", "assaillants", "terroristes",
        "presumes terroristes", "presumes jihadistes", "presumes djihadistes", "jihadistes", "djihadistes",
        "groupes armes terroristes", "groupe arme terroriste", "GAT", "bandits armes", "islamistes", "insurges",
        "groupe arme", "groupes armes", "elements armes", "hommes armes presumes jihadistes", "motocyclistes armes",
    ),
    "protesters": ("protesters", "protestors", "demonstrators", "a protester", "marchers", "manifestants", "marcheurs"),
    "rioters": ("rioters", "a mob", "mob", "angry mob", "emeutiers", "foule en colere"),
}
_EN_COUNTRY_PREPOSITIONS = ("of", "of the", "from", "from the")
_FR_COUNTRY_PREPOSITIONS = ("du", "de", "de la", "d", "des")
# A "militants" right after a named group, or "militants of/from <group>", is that group, not an unknown one.
_GROUP_LINK_WORDS = re.compile(
    r"^\W*(?:(?:of|from|belonging to|linked to|tied to|affiliated (?:with|to)|loyal to|close to|"
    r"(?:believed|suspected|thought|presumed|said|claimed) to be(?: from| of)?|identified as|"
    r"de|du|d'|des|proches? de|lies? a|affilies? a|appartenant a)\W+(?:the\W+|la\W+|l'\W*)?)?$"
)
# "unknown gunmen" says the group is unknown even when a named group is in the same report.
_EXPLICITLY_UNKNOWN = frozenset({"unknown", "unidentified", "identifies", "inconnus", "inconnu"})
_POSSESSIVES = frozenset({"its", "their", "ses", "leurs"})


# ---------------------------------------------------------------------------------------------------
# Folding: accents and case go, offsets stay (one character in, one character out).
# ---------------------------------------------------------------------------------------------------
def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii():
            table[code] = base
    table.update({ord(c): "'" for c in "\u2019\u2018\u02bc\u0060\u00b4\u2032"})
    table.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
    table.update({ord("ø"): "o", ord("Ø"): "O", ord("ł"): "l", ord("Ł"): "L", ord("đ"): "d", ord("Đ"): "D", ord("ı"): "i"})
    return table


_FOLD_TABLE = _build_fold_table()


def fold_keep_case(text: str) -> str:
    """Accents removed, typographic apostrophes and dashes made plain; same length as text."""
    return text if text.isascii() else text.translate(_FOLD_TABLE)


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters lowercase to two ("İ"); keep those as they are so offsets still line up.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def fold(text: str) -> str:
    """Case- and accent-insensitive form of text, same length, so offsets into it are offsets into text."""
    return _lower_same_length(fold_keep_case(text))


def normalize_key(name: str) -> str:
    """The form names are compared in: folded, tokenised, joined by single spaces ("Al-Qaïda" -> "al qaida")."""
    return " ".join(_TOKEN.findall(fold(name)))


def _tokens(folded: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def _is_case_sensitive(alias: str) -> bool:
    """Short acronyms ("MSA", "CMA", "FAMa") only match as written, so that words are not confused with them."""
    letters = [c for c in alias if c.isalnum()]
    return len(letters) <= 5 and sum(c.isupper() for c in letters) >= 2


# ---------------------------------------------------------------------------------------------------
# Token trie
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Entry:
    value: str  # actor id, country code or generic kind
    exact_case: tuple[str, ...] | None  # tokens as they must be written, for case-sensitive phrases


class _Trie:
    def __init__(self) -> None:
        self.root: dict[str, Any] = {}

    def add(self, phrase: str, value: str) -> None:
        folded_case = fold_keep_case(phrase)
        case_tokens = tuple(_TOKEN.findall(folded_case))
        if not case_tokens:
            return
        node = self.root
        for token in case_tokens:
            node = node.setdefault(_lower_same_length(token), {})
        entry = _Entry(value, case_tokens if _is_case_sensitive(phrase) else None)
        entries: list[_Entry] = node.setdefault(_END, [])
        if entry not in entries:
            entries.append(entry)

    def ends(self, tokens: Sequence[str], case_tokens: Sequence[str], start: int) -> list[tuple[int, list[str]]]:
        """Every phrase starting at token `start`: (end token index, values), shortest first."""
        found: list[tuple[int, list[str]]] = []
        node = self.root
        for index in range(start, len(tokens)):
            node = node.get(tokens[index])
            if node is None:
                break
            entries = node.get(_END)
            if entries:
                values = [
                    e.value
                    for e in entries
                    if e.exact_case is None or tuple(case_tokens[start : index + 1]) == e.exact_case
                ]
                if values:
                    found.append((index + 1, values))
        return found

    def longest(self, tokens: Sequence[str], case_tokens: Sequence[str], start: int) -> tuple[int, list[str]] | None:
        ends = self.ends(tokens, case_tokens, start)
        return ends[-1] if ends else None


@dataclass(frozen=True, slots=True)
class _Candidate:
    start_token: int
    end_token: int
    actor_id: str
    named_group: bool  # a registry armed group (not generic), for the "militants" rules
    insurgent_group: bool  # a named jihadist or rebel group: later "militants" are most likely its own
    bare_kind: str | None  # generic kind when matched by a bare phrase ("militants", "soldiers"), else None


# ---------------------------------------------------------------------------------------------------
# Loading and validating the YAML
# ---------------------------------------------------------------------------------------------------
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loader that leaves dates as strings, so a bad date is reported with its entry."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_yaml(path: Path | importlib.resources.abc.Traversable, what: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"{path}: {what} file not found; check the path or reinstall warlog.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read {what} file ({exc}); it must be UTF-8 YAML.") from exc
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML ({' '.join(str(exc).split())}); fix the syntax there.") from exc


def _as_date(value: Any, where: str, field_name: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise DataError(f"{where}: {field_name} {value!r} is not an ISO date (YYYY-MM-DD) or null.")


def _as_strings(value: Any, where: str, field_name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError(f"{where}: {field_name} must be a list of non-empty strings (quote names with ':' or '#').")
    return tuple(value)


def _parse_countries(data: Any, source: str) -> dict[str, Country]:
    if not isinstance(data, dict):
        raise DataError(f"{source}: expected a mapping of ISO alpha-2 codes to countries.")
    countries: dict[str, Country] = {}
    for code, fields in data.items():
        where = f"{source}, country {code!r}"
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}", code):
            raise DataError(f"{where}: the key must be a quoted ISO alpha-2 code such as \"NO\" (unquoted NO reads as false).")
        if not isinstance(fields, dict) or not isinstance(fields.get("name"), str):
            raise DataError(f"{where}: needs at least a name.")
        countries[code] = Country(
            code=code,
            name=fields["name"],
            name_fr=fields.get("name_fr") or fields["name"],
            demonyms=_as_strings(fields.get("demonyms"), where, "demonyms"),
            demonyms_fr=_as_strings(fields.get("demonyms_fr"), where, "demonyms_fr"),
            aliases=_as_strings(fields.get("aliases"), where, "aliases"),
            aliases_fr=_as_strings(fields.get("aliases_fr"), where, "aliases_fr"),
        )
    return countries


@dataclass(frozen=True, slots=True)
class _ActorEntry:
    actor: Actor
    theatre: tuple[str, ...]
    links: tuple[ActorLink, ...]
    where: str  # file and entry, for messages about links found broken after every file is read


def _parse_link(raw: Any, actor_id: str, where: str) -> ActorLink:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: each link must be a mapping {{relation, other, valid_from, valid_to, source}}.")
    relation = raw.get("relation")
    if relation not in RELATIONS:
        raise DataError(f"{where}: link relation {relation!r} is not one of {sorted(RELATIONS)}.")
    other = raw.get("other")
    if not isinstance(other, str) or not _ACTOR_ID.match(other):
        raise DataError(f"{where}: link 'other' must be an actor id (lowercase slug), got {other!r}.")
    valid_from = _as_date(raw.get("valid_from"), where, "valid_from")
    valid_to = _as_date(raw.get("valid_to"), where, "valid_to")
    if valid_from and valid_to and valid_from > valid_to:
        raise DataError(f"{where}: link to {other!r} has valid_from {valid_from} after valid_to {valid_to}.")
    return ActorLink(
        actor_id=actor_id,
        relation=relation,
        other_id=other,
        valid_from=valid_from,
        valid_to=valid_to,
        source=str(raw.get("source") or ""),
    )


def _parse_actors(data: Any, source: str, countries: Mapping[str, Country]) -> list[_ActorEntry]:
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataError(f"{source}: expected a YAML list of actors (each starting with '- id: ...').")
    entries: list[_ActorEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(data, start=1):
        where = f"{source}, entry {index}"
        if not isinstance(raw, dict):
            raise DataError(f"{where}: an actor must be a mapping with id, name and kind.")
        actor_id = raw.get("id")
        if not isinstance(actor_id, str) or not _ACTOR_ID.match(actor_id):
            raise DataError(f"{where}: id must be a lowercase slug such as 'jnim', got {actor_id!r}.")
        where = f"{source}, entry {index} (id {actor_id!r})"
        if actor_id in seen:
            raise DataError(f"{where}: id defined twice in this file; merge the two entries.")
        seen.add(actor_id)
        name, kind = raw.get("name"), raw.get("kind")
        if not isinstance(name, str) or not name.strip():
            raise DataError(f"{where}: name is missing.")
        if kind not in ACTOR_KINDS:
            raise DataError(f"{where}: kind {kind!r} is not one of {sorted(ACTOR_KINDS)}.")
        country = raw.get("country")
        if country is not None and country not in countries:
            raise DataError(f"{where}: country {country!r} is not an ISO alpha-2 code in countries.yaml.")
        acled_name = raw.get("acled_name")
        if acled_name is not None and not isinstance(acled_name, str):
            raise DataError(f"{where}: acled_name must be a string or null.")
        theatre = _as_strings(raw.get("theatre"), where, "theatre")
        unknown_theatre = [c for c in theatre if c not in countries]
        if unknown_theatre:
            raise DataError(f"{where}: theatre has unknown country codes {unknown_theatre}.")
        raw_links = raw.get("links") or []
        if not isinstance(raw_links, list):
            raise DataError(f"{where}: links must be a list.")
        actor = Actor(
            id=actor_id,
            name=name,
            kind=kind,
            country=country,
            aliases=_as_strings(raw.get("aliases"), where, "aliases"),
            acled_name=acled_name,
        )
        links = tuple(_parse_link(link, actor_id, where) for link in raw_links)
        entries.append(_ActorEntry(actor, theatre, links, where))
    return entries


def _generic_entries(countries: Mapping[str, Country]) -> list[_ActorEntry]:
    entries = []
    for country in countries.values():
        for generic_kind, (_, kind, template) in GENERIC_TEMPLATES.items():
            name = template.format(country=country.name)
            actor = Actor(generic_actor_id(generic_kind, country.code), name, kind, country.code, (), name)
            entries.append(_ActorEntry(actor, (), (), "generated from countries.yaml"))
    return entries


def _package_data(name: str) -> importlib.resources.abc.Traversable:
    return importlib.resources.files("warlog") / "data" / name


# ---------------------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------------------
class ActorRegistry:
    """Actors, their dated links, and the matchers that find them in names and texts."""

    def __init__(
        self,
        actors: Iterable[Actor],
        links: Iterable[ActorLink],
        countries: Mapping[str, Country],
        theatres: Mapping[str, tuple[str, ...]] | None = None,
        generic_ids: Iterable[str] = (),
    ) -> None:
        self._actors: dict[str, Actor] = {a.id: a for a in actors}
        self._links: tuple[ActorLink, ...] = tuple(links)
        self._countries: dict[str, Country] = dict(countries)
        self._theatres: dict[str, tuple[str, ...]] = dict(theatres or {})
        self._generic_ids: frozenset[str] = frozenset(generic_ids)
        self._up: dict[str, list[ActorLink]] = {}
        self._down: dict[str, list[ActorLink]] = {}
        for link in self._links:
            if link.relation in WALKED_RELATIONS:
                self._up.setdefault(link.actor_id, []).append(link)
                self._down.setdefault(link.other_id, []).append(link)
        self._breakpoints: list[dt.date] = self._link_breakpoints()
        self._ancestor_cache: dict[tuple[str, int], dict[str, tuple[ActorLink, ...]]] = {}
        self._descendant_cache: dict[tuple[str, int], frozenset[str]] = {}
        self._build_name_index()
        self._build_matchers()

    # -- loading ------------------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        path: Path | None = None,
        extra_paths: Sequence[Path] = (),
        countries_path: Path | None = None,
    ) -> "ActorRegistry":
        """Load the shipped registry (or `path`), then `extra_paths` in order; later entries override by id.

        Raises DataError naming the file and entry when a file is missing or malformed, or when a link
        names an actor that no file defines.
        """
        countries_source = countries_path or _package_data("countries.yaml")
        countries = _parse_countries(_read_yaml(countries_source, "countries"), str(countries_source))
        entries: dict[str, _ActorEntry] = {e.actor.id: e for e in _generic_entries(countries)}
        generic_ids = set(entries)
        for source in (path or _package_data("actors.yaml"), *extra_paths):
            for entry in _parse_actors(_read_yaml(source, "actor registry"), str(source), countries):
                if entry.actor.id in entries and entry.actor.id not in generic_ids:
                    logger.debug("%s overrides actor %s", entry.where, entry.actor.id)
                entries[entry.actor.id] = entry
        for entry in entries.values():
            for link in entry.links:
                if link.other_id not in entries:
                    raise DataError(
                        f"{entry.where}: link {link.relation} names unknown actor {link.other_id!r}; "
                        "define it or fix the id."
                    )
        registry = cls(
            actors=(e.actor for e in entries.values()),
            links=(link for e in entries.values() for link in e.links),
            countries=countries,
            theatres={e.actor.id: e.theatre for e in entries.values() if e.theatre},
            generic_ids=generic_ids,
        )
        logger.debug("actor registry: %d actors, %d links", len(registry._actors), len(registry._links))
        return registry

    # -- plain access --------------------------------------------------------------------------------
    def get(self, actor_id: str) -> Actor:
        try:
            return self._actors[actor_id]
        except KeyError:
            suggestions = [a.id for a in self.search(actor_id)[:3]]
            hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
            raise NotFoundError(
                f"No actor with id {actor_id!r}.{hint} Ids are lowercase slugs from the actor registry; "
                "add new actors in a YAML file passed as an extra path."
            ) from None

    def all(self) -> list[Actor]:
        return list(self._actors.values())

    def links(self) -> list[ActorLink]:
        return list(self._links)

    def is_generic(self, actor_id: str) -> bool:
        """True for the per-country actors generated from countries.yaml (overridden or not)."""
        return actor_id in self._generic_ids

    # -- names -----------------------------------------------------------------------------------------
    def _build_name_index(self) -> None:
        # Ids first, then ACLED names, names, aliases: an exact id or ACLED name beats someone's alias.
        self._by_key: dict[str, str] = {}
        layers: list[Iterable[tuple[str, str]]] = [
            ((a.id, a.id) for a in self._actors.values()),
            ((a.acled_name, a.id) for a in self._actors.values() if a.acled_name),
            ((a.name, a.id) for a in self._actors.values()),
            ((alias, a.id) for a in self._actors.values() for alias in a.aliases),
        ]
        for layer in layers:
            for name, actor_id in layer:
                self._by_key.setdefault(normalize_key(name), actor_id)
        self._search_keys: list[str] = list(self._by_key)

        self._country_by_key: dict[str, str] = {}
        for country in self._countries.values():
            names = (country.name, country.name_fr, *country.aliases, *country.aliases_fr)
            for name in (*names, *country.demonyms, *country.demonyms_fr):
                self._country_by_key.setdefault(normalize_key(name), country.code)

    def lookup(self, name: str) -> Actor | None:
        """The actor whose id, name, ACLED name or alias is `name` (case- and accent-insensitive).

        Also takes ACLED's period variants ("Military Forces of Mali (2021-)") and whole generic phrases
        with a demonym ("Malian soldiers"). None when nothing matches exactly; see search() for fuzzy.
        """
        key = normalize_key(name)
        actor_id = self._by_key.get(key)
        period = _ACLED_PERIOD.search(name)
        if actor_id is None and period is not None:
            # ACLED names a government's forces by period and sub-unit: "Police Forces of Mali (2013-2020)
            # Gendarmerie". Try without the period, then the force the sub-unit belongs to.
            actor_id = self._by_key.get(normalize_key(_ACLED_PERIOD.sub("", name))) or self._by_key.get(
                normalize_key(name[: period.start()])
            )
        if actor_id is None:
            matches = self.find_in_text(name.strip())
            if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(name.strip()):
                actor_id = matches[0].actor_id
        return self._actors.get(actor_id) if actor_id else None

    def search(self, name: str, limit: int = 10) -> list[Actor]:
        """Actors whose names are close to `name`, best first (for "did you mean")."""
        key = normalize_key(name)
        if not key:
            return []
        hits = process.extract(key, self._search_keys, scorer=fuzz.WRatio, limit=limit * 5, score_cutoff=70)
        found: list[Actor] = []
        for matched_key, _score, _index in hits:
            actor = self._actors[self._by_key[matched_key]]
            if actor not in found:
                found.append(actor)
            if len(found) == limit:
                break
        return found

    # -- countries ---------------------------------------------------------------------------------------
    def country_code(self, name_or_demonym: str) -> str | None:
        """"Malian" / "malienne" / "Mali" / "Malians" / "ML" -> "ML"; None when unknown."""
        stripped = name_or_demonym.strip()
        if stripped.upper() in self._countries and len(stripped) == 2 and stripped.isupper():
            return stripped
        key = normalize_key(stripped)
        code = self._country_by_key.get(key)
        if code is None and key.endswith("s"):  # plural nouns: "Malians", "Burkinabes"
            code = self._country_by_key.get(key[:-1])
        return code

    def country_name(self, cc: str) -> str:
        country = self._countries.get(cc.upper())
        if country is None:
            raise NotFoundError(f"No country with ISO alpha-2 code {cc!r} in countries.yaml; use codes such as 'ML'.")
        return country.name

    def countries(self) -> list[Country]:
        return list(self._countries.values())

    # -- links -------------------------------------------------------------------------------------------
    def _link_breakpoints(self) -> list[dt.date]:
        # The days on which the set of valid walked links changes; between two of them, walks are the same.
        days: set[dt.date] = set()
        for links in self._up.values():
            for link in links:
                if link.valid_from is not None:
                    days.add(link.valid_from)
                if link.valid_to is not None and link.valid_to < dt.date.max:
                    days.add(link.valid_to + dt.timedelta(days=1))
        return sorted(days)

    def _interval(self, at: dt.date) -> int:
        return bisect.bisect_right(self._breakpoints, at)

    def _ancestors(self, actor_id: str, at: dt.date) -> dict[str, tuple[ActorLink, ...]]:
        """Every actor reachable UP from actor_id on day `at`, with the shortest path of links to it."""
        cache_key = (actor_id, self._interval(at))
        cached = self._ancestor_cache.get(cache_key)
        if cached is not None:
            return cached
        paths: dict[str, tuple[ActorLink, ...]] = {actor_id: ()}
        queue = deque([actor_id])
        while queue:
            current = queue.popleft()
            for link in self._up.get(current, ()):
                if link.other_id not in paths and link.valid_at(at):
                    paths[link.other_id] = paths[current] + (link,)
                    queue.append(link.other_id)
        self._ancestor_cache[cache_key] = paths
        return paths

    def is_linked(self, actor_id: str, root_id: str, at: dt.date) -> list[ActorLink] | None:
        """The links (walking up branch_of, faction_of, affiliate_of, merged_into, valid on `at`) from
        actor_id to root_id; [] when they are the same actor; None when not linked on that day."""
        if root_id not in self._actors:
            self.get(root_id)  # raises NotFoundError with suggestions
        if actor_id not in self._actors:
            return None
        path = self._ancestors(actor_id, _as_day(at)).get(root_id)
        return list(path) if path is not None else None

    def linked_actor_ids(self, root_id: str, at: dt.date) -> set[str]:
        """Every actor linked to root_id on `at` (root_id included)."""
        self.get(root_id)
        day = _as_day(at)
        cache_key = (root_id, self._interval(day))
        cached = self._descendant_cache.get(cache_key)
        if cached is None:
            found = {root_id}
            queue = deque([root_id])
            while queue:
                for link in self._down.get(queue.popleft(), ()):
                    if link.actor_id not in found and link.valid_at(day):
                        found.add(link.actor_id)
                        queue.append(link.actor_id)
            cached = self._descendant_cache[cache_key] = frozenset(found)
        return set(cached)

    def tree(self, root_id: str, at: dt.date) -> dict[str, Any]:
        """Who hangs under root_id on `at`, as nested {actor, name, relation, link, children}.

        Each actor appears once, at its shallowest place (JNIM sits under al Qaeda, not again under AQIM),
        children sorted by name. `link` is the ActorLink that ties a node to its parent (None at the root).
        """
        root = self.get(root_id)
        day = _as_day(at)
        nodes: dict[str, dict[str, Any]] = {root_id: _tree_node(root, None)}
        queue = deque([root_id])
        while queue:
            parent_id = queue.popleft()
            for link in self._down.get(parent_id, ()):
                if link.actor_id not in nodes and link.valid_at(day):
                    nodes[link.actor_id] = _tree_node(self._actors[link.actor_id], link)
                    nodes[parent_id]["children"].append(nodes[link.actor_id])
                    queue.append(link.actor_id)
        for node in nodes.values():
            node["children"].sort(key=lambda child: child["name"].casefold())
        return nodes[root_id]

    # -- finding actors in text ------------------------------------------------------------------------
    def _build_matchers(self) -> None:
        self._alias_trie = _Trie()
        for actor in self._actors.values():
            for phrase in (actor.name, *actor.aliases):
                self._alias_trie.add(phrase, actor.id)
            # ACLED's names appear in ACLED-style notes; a one-word one ("Platform") would match common words.
            if actor.acled_name and len(_TOKEN.findall(actor.acled_name)) > 1:
                self._alias_trie.add(actor.acled_name, actor.id)
        self._named_groups = frozenset(a.id for a in self._actors.values() if a.kind in ARMED_GROUP_KINDS)
        self._insurgents = frozenset(a.id for a in self._actors.values() if a.kind in {"jihadist", "rebel"})

        self._demonym_en, self._demonym_fr, self._country_names = _Trie(), _Trie(), _Trie()
        for country in self._countries.values():
            for demonym in country.demonyms:
                self._demonym_en.add(demonym, country.code)
            for demonym in country.demonyms_fr:
                self._demonym_fr.add(demonym, country.code)
            for name in (country.name, country.name_fr, *country.aliases, *country.aliases_fr):
                if len(name) > 3:  # not "US", "UK", "UAE": too easily a word after "of"
                    self._country_names.add(name, country.code)

        self._nouns_en, self._nouns_fr, self._bare = _Trie(), _Trie(), _Trie()
        for kind, nouns in (
            ("military", _MILITARY_NOUNS_EN),
            ("police", _POLICE_NOUNS_EN),
            ("civilians", _CIVILIAN_NOUNS_EN),
            ("protesters", _PROTESTER_NOUNS_EN),
            ("rioters", _RIOTER_NOUNS_EN),
        ):
            for noun in nouns:
                self._nouns_en.add(noun, kind)
        for kind, nouns in (
            ("military", _MILITARY_NOUNS_FR),
            ("police", _POLICE_NOUNS_FR),
            ("civilians", _CIVILIAN_NOUNS_FR),
            ("protesters", _PROTESTER_NOUNS_FR),
            ("rioters", _RIOTER_NOUNS_FR),
        ):
            for noun in nouns:
                self._nouns_fr.add(noun, kind)
        for kind, phrases in _BARE_PHRASES.items():
            for phrase in phrases:
                self._bare.add(phrase, kind)
        self._prepositions_en, self._prepositions_fr = _Trie(), _Trie()
        for word in _EN_COUNTRY_PREPOSITIONS:
            self._prepositions_en.add(word, "of")
        for word in _FR_COUNTRY_PREPOSITIONS:
            self._prepositions_fr.add(word, "de")
        self._first_tokens = frozenset(
            token
            for trie in (self._alias_trie, self._demonym_en, self._nouns_en, self._nouns_fr, self._bare)
            for token in trie.root
        )

    def _resolve_alias(self, actor_ids: list[str], country: str | None) -> str | None:
        """One actor for a phrase; when several share it ("Dozo", "peacekeepers"), the one of `country`."""
        if len(actor_ids) == 1:
            return actor_ids[0]
        if country is None:
            return None
        local = [i for i in actor_ids if self._actors[i].country == country or country in self._theatres.get(i, ())]
        return local[0] if len(local) == 1 else None

    def _generic_id(self, kind: str, cc: str) -> str | None:
        actor_id = generic_actor_id(kind, cc)
        return actor_id if actor_id in self._actors else None

    def _generic_at(
        self, tokens: Sequence[str], case_tokens: Sequence[str], i: int, country: str | None
    ) -> list[tuple[int, str, str | None]]:
        """Generic phrases starting at token i: (end token, actor id, generic kind if a bare phrase)."""
        found: list[tuple[int, str, str | None]] = []
        # "Malian soldiers": demonym, then noun.
        for demonym_end, codes in self._demonym_en.ends(tokens, case_tokens, i):
            for noun_end, kinds in self._nouns_en.ends(tokens, case_tokens, demonym_end):
                if (actor_id := self._generic_id(kinds[0], codes[0])) is not None:
                    found.append((noun_end, actor_id, None))
        # "soldats maliens", "armée du Mali", "army of Mali": noun, then demonym or preposition + country.
        for nouns, prepositions, demonyms in (
            (self._nouns_fr, self._prepositions_fr, self._demonym_fr),
            (self._nouns_en, self._prepositions_en, None),
        ):
            for noun_end, kinds in nouns.ends(tokens, case_tokens, i):
                if demonyms is not None:
                    for end, codes in demonyms.ends(tokens, case_tokens, noun_end):
                        if (actor_id := self._generic_id(kinds[0], codes[0])) is not None:
                            found.append((end, actor_id, None))
                for preposition_end, _ in prepositions.ends(tokens, case_tokens, noun_end):
                    for end, codes in self._country_names.ends(tokens, case_tokens, preposition_end):
                        if (actor_id := self._generic_id(kinds[0], codes[0])) is not None:
                            found.append((end, actor_id, None))
        # "soldiers", "unknown gunmen": only when the caller knows the country.
        if country is not None:
            for end, kinds in self._bare.ends(tokens, case_tokens, i):
                if (actor_id := self._generic_id(kinds[0], country)) is not None:
                    found.append((end, actor_id, kinds[0]))
        return found

    def find_in_text(self, text: str, country: str | None = None) -> list[ActorMatch]:
        """Every actor phrase in text, longest first, non-overlapping, whole words, in text order.

        `country` (ISO alpha-2) is where the report is set: it resolves phrases with no demonym
        ("soldiers", "unknown gunmen", "villagers") and aliases several actors share ("Dozo"); without
        it those are skipped rather than guessed.
        """
        country = country.upper() if country else None
        folded_case = fold_keep_case(text)
        spans = _tokens(_lower_same_length(folded_case))
        tokens = [t for t, _, _ in spans]
        case_tokens = [folded_case[s:e] for _, s, e in spans]

        candidates: list[_Candidate] = []
        first_tokens = self._first_tokens
        for i, token in enumerate(tokens):
            if token not in first_tokens:  # most words start no phrase: skip the trie walks
                continue
            options: list[_Candidate] = []
            alias = self._alias_trie.longest(tokens, case_tokens, i)
            if alias is not None and (actor_id := self._resolve_alias(alias[1], country)) is not None:
                options.append(
                    _Candidate(i, alias[0], actor_id, actor_id in self._named_groups, actor_id in self._insurgents, None)
                )
            for end, actor_id, bare_kind in self._generic_at(tokens, case_tokens, i, country):
                explicit = bare_kind == "unidentified" and not _EXPLICITLY_UNKNOWN.isdisjoint(tokens[i:end])
                options.append(_Candidate(i, end, actor_id, False, False, None if explicit else bare_kind))
            if options:
                # Longest from this token; on a tie the registry alias (listed first) wins.
                candidates.append(max(options, key=lambda c: c.end_token - c.start_token))

        chosen: list[_Candidate] = []
        taken = [False] * len(tokens)
        for candidate in sorted(candidates, key=lambda c: (c.start_token - c.end_token, c.start_token)):
            if not any(taken[candidate.start_token : candidate.end_token]):
                chosen.append(candidate)
                for index in range(candidate.start_token, candidate.end_token):
                    taken[index] = True
        chosen.sort(key=lambda c: c.start_token)
        chosen = self._drop_generic_that_name_a_group(chosen, spans, folded_case)

        return [
            ActorMatch(
                start=spans[c.start_token][1],
                end=spans[c.end_token - 1][2],
                phrase=text[spans[c.start_token][1] : spans[c.end_token - 1][2]],
                actor_id=c.actor_id,
                generic=c.actor_id in self._generic_ids,
            )
            for c in chosen
        ]

    def _drop_generic_that_name_a_group(
        self, chosen: list[_Candidate], spans: Sequence[tuple[str, int, int]], folded_case: str
    ) -> list[_Candidate]:
        """Bare phrases that refer to a named group are that group, not a generic actor:
        "Katiba Macina (JNIM) militants", "militants believed to be JNIM", "six militants were killed"
        after JNIM was named, and "its soldiers" once a group was named. "Unknown gunmen" stays unknown
        (such phrases carry no bare_kind)."""
        kept: list[_Candidate] = []
        group_seen = insurgent_seen = False
        for index, candidate in enumerate(chosen):
            previous_word = spans[candidate.start_token - 1][0] if candidate.start_token > 0 else ""
            if candidate.bare_kind is not None and group_seen and previous_word in _POSSESSIVES:
                continue
            if candidate.bare_kind == "unidentified" and (
                insurgent_seen or self._names_a_group(index, chosen, spans, folded_case)
            ):
                continue
            group_seen = group_seen or candidate.named_group
            insurgent_seen = insurgent_seen or candidate.insurgent_group
            kept.append(candidate)
        return kept

    @staticmethod
    def _names_a_group(
        index: int, chosen: Sequence[_Candidate], spans: Sequence[tuple[str, int, int]], folded_case: str
    ) -> bool:
        """Whether chosen[index] sits right after a named group or is followed by "of/from <group>"."""
        candidate = chosen[index]
        start, end = spans[candidate.start_token][1], spans[candidate.end_token - 1][2]
        before = chosen[index - 1] if index > 0 else None
        if before is not None and before.named_group:
            gap = folded_case[spans[before.end_token - 1][2] : start]
            if not gap.strip(" \t()[],-'\"") and "\n" not in gap:
                return True
        after = chosen[index + 1] if index + 1 < len(chosen) else None
        if after is not None and after.named_group:
            gap = _lower_same_length(folded_case[end : spans[after.start_token][1]])
            return _GROUP_LINK_WORDS.match(gap) is not None
        return False


def _tree_node(actor: Actor, link: ActorLink | None) -> dict[str, Any]:
    return {
        "actor": actor.id,
        "name": actor.name,
        "relation": link.relation if link else None,
        "link": link,
        "children": [],
    }


def _as_day(at: dt.date) -> dt.date:
    # A datetime is a date, but compares with neither a date nor None: use its day.
    return at.date() if isinstance(at, dt.datetime) else at
