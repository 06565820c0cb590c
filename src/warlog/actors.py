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
import os
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
        "political_party",  # unarmed: named beside protesters ("URD activists staged a demonstration")
        "organisation",  # unions, associations, NGOs, the Red Cross
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
    "government": ("government", "state_force", "Government of {country}"),
    "gang": ("unidentified-gang", "unidentified", "Unidentified Gang ({country})"),
    # ACLED's codebook names for a clan's, a community's or a tribe's armed men when the report names none
    "clan": ("unidentified-clan-militia", "identity_militia", "Unidentified Clan Militia ({country})"),
    "communal": ("unidentified-communal-militia", "identity_militia", "Unidentified Communal Militia ({country})"),
    "tribal": ("unidentified-tribal-militia", "identity_militia", "Unidentified Tribal Militia ({country})"),
}
# Words for a community's armed men: "<Community> militiamen" is that community's militia in the report's country.
_MILITIA_WORDS_EN = ("militia", "militias", "militiamen", "militia members", "militiaman", "armed men", "gunmen",
                     "communal militia", "communal militias", "community militia", "community militias", "ethnic militia",
                     "ethnic militias", "communal militiamen", "fighters", "self-defense group", "self-defence group", "self-defense militia",
                     "self-defence militia", "vigilantes", "hunters", "tribesmen", "tribal militia", "tribal fighters",
                     "self-defense", "self-defence", "self-defense groups", "self-defence groups")
_MILITIA_FIRST_WORDS = frozenset({"militia", "militias", "militiamen", "militiaman", "gunmen", "fighters", "self",
                                  "vigilantes", "hunters", "tribesmen", "tribal", "armed"})
# A country's name before one of these names a place or a river, not the country ("Niger State", "Niger Delta").
_NOT_A_COUNTRY_AFTER = frozenset({"state", "delta", "river", "basin", "valley", "province", "region",
                                  "dollar", "dollars", "backed"})  # "the US dollar", "Turkey-backed factions"
_MILITIA_MODIFIERS = frozenset({"communal", "community", "ethnic", "tribal", "defense", "defence", "self"})
_MILITIA_WORDS_FR = ("milice", "milices", "miliciens", "milicien", "groupe d'autodefense", "hommes armes")

_ACTOR_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ACLED_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")
_ACLED_FORMER = re.compile(r"^Former (?=(?:Government|Military Forces|Police Forces) of )")  # a past government's forces
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
    # How the text ties the actor to what it did: "claimed" (the group said so: "JNIM claimed the attack",
    # "claimed by ISGS"), "suspected" (someone else's attribution: "suspected JNIM", "presumed Katiba Macina
    # militants", "believed to be ISGS"), or "stated" (the report says so plainly).
    stance: str = "stated"


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
    "paratroopers", "commandos", "national guard", "military personnel", "army officers", "military police",
    "military police forces", "military police officers", "military police officer", "military policemen",
    "military officers", "military officer", "army officer", "presidential guard", "presidential guards",
    "artillery", "artillery fire", "artillery shelling", "shelling", "tanks", "tank fire", "navy", "naval forces",
    "warships", "gunboats", "jets", "fighter jet", "aircraft", "military aircraft", "army helicopter",
    # a force's vehicles and guards: "a Turkish column entered", "Turkish border guards shot", "Nepal security personnel"
    "column", "military column", "military vehicles", "military vehicle", "border forces", "security force", "security personnel",
    "military intelligence",
)
_POLICE_NOUNS_EN = (
    "police", "policemen", "policeman", "police officers", "police officer", "gendarmes", "gendarme", "gendarmerie",
    "police station", "police post", "gendarmerie post", "gendarmerie brigade", "police forces", "customs officers",
    "policewoman", "policewomen", "prison guards", "armed police", "armed police force", "police personnel", "riot police",
    "traffic police", "border police", "police patrol", "police convoy", "police vehicle",
    # border guards are a police service in most countries (Iran's, India's BSF, Myanmar's); Turkey's are its gendarmerie
    "border guards", "border guard", "border guard force", "border guard police",
)
_CIVILIAN_NOUNS_EN = (
    "civilians", "civilian", "villagers", "nationals", "citizens", "herders", "farmers", "traders", "women", "children",
    "workers", "refugees", "residents", "fishermen", "miners", "migrants", "lawyers", "students", "teachers", "doctors",
    "nurses", "journalists", "activists", "tourists", "shop owners", "merchants", "youths", "truck drivers", "drivers",
    # one person of a nationality: "a Swiss hostage", "a Colombian nun", "two Chinese engineers", "Somali elders"
    "hostage", "hostages", "nun", "priest", "missionary", "national", "tourist", "journalist", "engineer", "engineers",
    "aid worker", "aid workers", "citizen", "trader", "farmer", "herder", "elders", "businessman", "businessmen",
)
_GOVERNMENT_NOUNS_EN = ("government", "authorities", "regime", "government officials", "administration")
_GOVERNMENT_NOUNS_FR = ("gouvernement", "autorites", "regime")
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
        "security force", "security personnel", "a security force escort", "security force escort",
        "national guards", "national guardsmen", "national guard post", "garde nationale", "gardes nationaux",
        "soldats", "soldat", "militaires", "armee", "forces armees", "forces de defense et de securite",
        "forces de securite", "base militaire", "camp militaire", "poste militaire", "convoi militaire",
        "patrouille militaire", "FDS", "military forces", "the army", "air forces", "the air force", "air force",
        "government forces", "government troops", "government soldiers", "governmental forces", "governmental positions",
        "army positions", "military positions", "the armed forces", "the military police", "regime forces",
        "regime troops", "regime soldiers", "a regime soldier", "regime soldier", "regime army", "regime positions",
        "regime checkpoint", "a regime checkpoint", "regime security forces", "regime artillery", "regime shelling",
        "regime warplanes", "regime helicopters", "regime sniper", "a regime sniper", "regime snipers", "regime aircraft",
        "regime drones", "military police", "military police forces", "military police officers", "military police officer",
        "military policemen", "military police unit", "military police patrol",
        # "Govt forces", a presidential guard, a regime's fighter or vehicle, the army's officers
        "govt forces", "govt troops", "govt soldiers", "govt security forces", "military officers", "military officer",
        "a military officer", "army officers", "army officer", "an army officer", "military guards", "a military guard",
        "presidential guard", "the presidential guard", "presidential guards", "presidential security guards",
        "garde presidentielle", "regime fighters", "regime fighter", "a regime fighter", "regime's fighter",
        "a regime's fighter", "regime's fighters", "regime's forces", "regime vehicle", "a regime vehicle",
        "regime vehicles", "regime bulldozer", "a regime bulldozer", "regime officer", "a regime officer", "regime officers",
    ),
    "police": (
        "police", "policemen", "policeman", "police officers", "police officer", "gendarmes", "gendarme", "gendarmerie",
        "police station", "police post", "gendarmerie post", "gendarmerie brigade", "customs officers",
        "policiers", "policier", "commissariat", "brigade de gendarmerie", "poste de police", "douaniers",
        "forces de l'ordre", "les forces de l'ordre", "agents de police", "agents des forces de l'ordre", "la police",
        "riot police", "anti-riot police", "police antiemeute", "CRS", "gendarmerie nationale", "la gendarmerie",
        "customs station", "customs post", "customs personnel", "customs agents", "customs officer", "customs agent",
        "poste de douane", "agents des douanes", "la douane",
        # prisons and forests are guarded by police services (gardes pénitentiaires, eaux et forêts)
        "prison guards", "a prison guard", "prison guard", "prison officers", "prison wardens", "a prison warden",
        "gardiens de prison", "gardes penitentiaires", "forest guards", "a forest guard", "forest agents", "a forest agent",
        "forestry agents", "a forestry agent", "forest rangers", "a forest ranger", "water and forest agents",
        "agents des eaux et forets", "un agent des eaux et forets", "agents forestiers", "un agent forestier",
        "forestry officials", "a forestry official", "forestry official", "policewoman", "a policewoman", "policewomen",
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
        "Islamist militia", "Islamist militias", "Islamist militiamen", "an Islamist militia", "Islamist armed group",
        "Islamist armed groups", "Islamist group", "an Islamist group", "jihadist group", "a jihadist group", "jihadist groups",
        "armed Islamists", "Islamic militants", "Islamic fighters",
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
        "unknown perpetrators", "unidentified perpetrators", "an unknown individual", "unknown individual",
        "an unidentified individual", "an unknown gunman", "an unidentified gunman", "unknown men", "unidentified men",
        "individus non identifies", "un individu arme", "des inconnus", "inconnus", "des hommes armes",
        "des hommes armes non identifies", "des individus armes", "des individus armes non identifies",
        # an armed man the report cannot name ("unknown persons" stay a crowd: they may riot, "unknown persons vandalised";
        # "an unidentified man" may be the victim, "the body of an unidentified man")
        "unidentified armed man", "an unidentified armed man", "unidentified armed individuals", "unknown armed individuals",
        "unidentified man armed", "an unidentified man armed", "unknown man armed", "an unknown man armed",
        "des hommes armes presumes jihadistes", "des hommes armes presumes terroristes", "des individus non identifies",
    ),
    "gang": (
        "gang", "gangs", "a gang", "gang members", "a gang member", "gang member", "an alleged gang member", "criminal gang", "criminal gangs", "criminal group",
        "criminal groups", "a criminal group", "criminals", "armed criminals", "drug traffickers", "a drug trafficker",
        "suspected drug traffickers", "drug dealers", "a drug dealer", "hitmen", "a hitman", "sicarios", "cartel members",
        "cartel gunmen", "members of a criminal group", "organised crime", "organized crime", "gangsters", "narcos",
        "trafiquants de drogue", "gangs armes", "un gang",
    ),
    "protesters": ("protesters", "protestors", "demonstrators", "a protester", "marchers", "manifestants", "marcheurs"),
    "government": ("the government", "the central government", "le gouvernement", "the transitional government",
                   "the junta", "la junte", "the military junta", "la junte militaire"),
    "rioters": ("rioters", "a mob", "mob", "angry mob", "emeutiers", "foule en colere"),
    # Armed men the report names by their clan, community or tribe, but not which one ("rival clan militias clashed",
    # "cattle raiders attacked a camp", "unidentified tribesmen clashed"); a named one is its community's militia.
    "clan": (
        "clan militia", "clan militias", "clan militiamen", "clan militia members", "clan fighters", "clan gunmen",
        "armed clan militiamen", "rival clan militias", "rival clan militia", "rival clans", "two rival clans", "warring clans",
        "the warring clans", "clan fighting", "clan clashes", "inter-clan clashes", "inter-clan fighting", "inter-clan violence",
        "inter-clan conflict", "interclan clashes", "interclan fighting", "clan violence", "clan feud", "a clan feud",
        "clan conflict", "militias from rival clans", "suspected clan militiamen", "milices claniques", "affrontements claniques",
    ),
    "communal": (
        "communal militia", "communal militias", "communal militiamen", "a communal militia", "community militia",
        "community militias", "local militia", "a local militia", "local militias", "village militia", "village militias",
        "cattle raiders", "armed cattle raiders", "suspected cattle raiders", "unknown raiders", "armed raiders",
        "milice communautaire", "milices communautaires", "milice locale", "voleurs de betail",
    ),
    "tribal": (
        "tribal militia", "tribal militias", "tribal militiamen", "tribal fighters", "tribal gunmen", "tribesmen",
        "armed tribesmen", "unidentified tribesmen", "unknown tribesmen", "two unidentified tribal militias",
        "unidentified tribal militias", "tribal clashes", "tribal fighting", "rival tribes", "two rival tribes",
        "milices tribales", "affrontements tribaux",
    ),
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

# People named as victims or as a crowd: civilians, unless the sentence tells of a protest or a riot, where
# ACLED (and warlog) call the same people protesters or rioters ("residents staged a demonstration").
_CROWD_PHRASES = (
    "people", "persons", "a person", "a man", "a woman", "a boy", "a girl", "a young man", "a young woman", "youths",
    "young people", "a youth", "a child", "the mayor", "a mayor", "the deputy mayor", "a local official", "local officials",
    "a notable", "notables", "a local notable", "a village head", "a chief", "a religious leader", "religious leaders",
    "a journalist", "journalists", "an activist", "activists", "supporters", "employees", "workers", "a worker",
    "health workers", "doctors", "nurses", "students", "pupils", "teachers", "the victim", "a victim", "victims",
    "hostages", "a hostage", "a family", "family members", "a couple", "a body", "bodies", "a corpse", "an entrepreneur",
    "a civil servant", "civil servants", "market women", "unionists", "union members", "trade unionists",
    "opposition supporters", "members of the community", "community members", "community leaders", "a community leader",
    "personnes", "une personne", "un homme", "des hommes", "un jeune", "jeunes", "des jeunes", "le maire", "un maire",
    "un notable", "notables", "la victime", "les victimes", "victimes", "otages", "un otage", "journalistes",
    "un journaliste", "militants associatifs", "travailleurs", "employes", "etudiants", "eleves", "syndicalistes",
    "commercantes", "un fonctionnaire", "fonctionnaires",
)
# Community names of the Sahel and its neighbours (public ethnography), as adjectives before a civilian noun:
# "a Dogon farmer", "four Fulani men", "members of the Tuareg community", "the Dogon village of Dorodo".
_COMMUNITIES = (
    "Fulani", "Fula", "Fulbe", "Peul", "Peuls", "Peulh", "Peulhs", "Dogon", "Bambara", "Tuareg", "Touareg", "Arab", "Songhai",
    "Songhay", "Sonrai", "Bozo", "Dawsahak", "Daoussahak", "Imghad", "Mossi", "Gourmantche", "Gurma", "Hausa", "Haoussa",
    "Kanuri", "Tiv", "Djerma", "Zarma", "Bella", "Lobi", "Dioula", "Dyula", "Minianka", "Senufo", "Senoufo", "Malinke",
    "Soninke", "Sarakole", "Samo", "Marka", "Moors", "Maure", "Toubou", "Tubu", "Zaghawa", "Masalit", "Fur", "Berom",
    "Christian", "Muslim", "chretien", "chretiens", "musulman", "musulmans",
)
_COMMUNITY_NOUNS_EN = (
    "men", "man", "women", "woman", "civilians", "civilian", "villagers", "villager", "farmer", "farmers", "herder",
    "herders", "herdsman", "herdsmen", "shepherd", "shepherds", "chief", "chiefs", "tribal chief", "notable", "notables",
    "village", "villages", "hamlet", "hamlets", "camp", "family", "families", "youths", "youth", "trader", "traders",
    "elders", "leader", "leaders", "community", "communities", "residents", "fishermen", "people", "boys", "girls",
    "children", "pastoralists", "worshippers", "settlers", "nomads", "cattle herders", "cattle owners", "migrants",
)
# Words before a community name that make it its civilians: "two Fulani", "members of the Dogon community" (the
# word "community" must follow those ending in "the"), "village peul". Matched in two steps, like "Malian soldiers".
_COMMUNITY_BEFORE = (
    "a", "an", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "an elderly", "a young",
    "un", "une", "deux", "trois", "village", "villages", "civils", "communaute", "members of the", "member of the",
    "people from the", "people of the",
)
_COMMUNITY_PHRASES = (
    "a pastoralist", "pastoralists", "a pastoralist man", "one person", "the driver", "a staff member", "staff members",
    "INGO staff", "NGO staff", "national staff", "youth", "the youth", "former combatants", "ex-combatants",
    "a security guard", "security guards", "a guard", "the subprefect", "a subprefect", "the sub-prefect", "a sub-prefect",
    "the prefect", "a prefect", "an engineer", "a miner", "the midwife", "a midwife", "a health worker", "young men",
    "an elderly man", "an elderly woman", "elderly people", "members of the same family", "members of a family",
    "the village of", "a village", "villages of", "polling station", "polling stations", "a polling station",
    "voting office", "voting offices", "a voting office", "bureau de vote", "bureaux de vote", "le sous-prefet",
    "un sous-prefet", "le prefet", "un prefet",
    "a young pastoralist", "pastoralist", "herdsman", "the local population", "local population", "the occupants",
    "occupants", "a nomad camp", "nomad camps",
    "a passenger", "one passenger", "marketgoers", "market-goers", "a tribal chief", "tribal chiefs", "a customary chief",
    "a marabout", "marabouts", "a motorcyclist", "a shop owner", "a vendor", "a councillor", "a municipal councillor",
    "a local councillor", "electoral officials", "election officials", "polling station staff", "humanitarian workers",
    "humanitarians", "a humanitarian worker", "NGO workers", "an NGO worker", "contractors", "a contractor",
)
# Weapons whose user is not named: an IED with no group in the report is an unidentified armed group's.
_UNKNOWN_WEAPONS = (
    "IED", "IEDs", "an IED", "improvised explosive device", "improvised explosive devices", "roadside bomb",
    "roadside bombs", "landmine", "landmines", "a landmine", "a mine", "explosive device", "explosive devices",
    "engin explosif", "engins explosifs", "engin explosif improvise", "engins explosifs improvises", "EEI",
    "mine artisanale", "mines artisanales", "une mine",
)
_PROTEST_WORDS = re.compile(
    r"\b(?:protest(?:s|ed|ing|ers?|ors?)?|demonstrat(?:ion|ions|ed|ing|ors?)|rall(?:y|ies|ied|ying)|march(?:ed|es|ing)|"
    r"sit-ins?|on strike|went on strike|general strike|hunger strike|strikers|striking|picket(?:s|ed|ing)?|"
    r"manifest(?:ation|ations|ent|erent|ants?)|marches?|greves?|en greve|sit-in|boycott(?:ed|ing)?)\b"
)
_RIOT_WORDS = re.compile(
    r"\b(?:riot(?:s|ed|ing|ers)?|thr(?:ew|ow|owing) (?:stones|rocks|stone|projectiles)|stone-throwing|pelted|"
    r"burn(?:ed|t|ing) (?:tires|tyres)|mob|angry crowd|lynch(?:ed|ing)?|vandali[sz](?:ed|ing)|emeutes?|emeutiers|"
    r"jets? de pierres|pneus)\b"
)
# Front lines whose monitors report fire without naming a side: a ceasefire violation the OSCE's Special
# Monitoring Mission observed on the Donbas contact line is, by the mission's mandate, between Ukraine's forces
# and the Russian-backed armed formations (2014-2022). country -> (phrase, the two sides).
_FRONTS: Mapping[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    "UA": (
        re.compile(r"\b(?:osce smm|osce special monitoring mission|special monitoring mission|ceasefire violations?|"
                   r"contact line|line of contact)\b"),
        ("military-forces-ua", "naf"),
    ),
}
# What a crowd does that makes it rioters rather than protesters, when the crowd does it ("demonstrators pelted
# stones", "youths torched three pickups", "residents ransacked the prefecture"): looked for right after the crowd.
_RIOT_ACTS = re.compile(
    r"\b(?:thr(?:ew|ow|owing) (?:stones|rocks|stone|projectiles|petrol bombs|molotov)|pelt(?:ed|ing)|stoned|"
    r"burn(?:ed|t|ing) (?:tires|tyres|a |an |the |two |three |several |vehicles|cars|houses|shops)|torch(?:ed|ing)|"
    r"ransack(?:ed|ing)|vandali[sz](?:ed|ing)|loot(?:ed|ing)|set (?:ablaze|fire)|barricad(?:ed|ing)|erected barricades|"
    r"blocked (?:the |a )?roads?|clashed with|assaulted|beat(?:en)? up|lynch(?:ed|ing)|"
    r"ont (?:incendie|saccage|brule|caillasse|lance des pierres)|incendi(?:e|ent|erent)|saccag(?:e|ent|erent))\b"
)
_PAST_VERB = re.compile(r"\b(?!(?:armed|unidentified|suspected|presumed|alleged|displaced|elderly|red|united|"
                        r"wounded|injured|killed|aged|bed|need|hundred|concerned|retired)\b)[a-z]{3,}ed\b|"
                        r"\b(?:shot|beat|hit|took|held|kept|caught|drove)\b")
_ANY_CROWD_WORD = re.compile("|".join(f"(?:{p.pattern})" for p in (_PROTEST_WORDS, _RIOT_WORDS, _RIOT_ACTS)))
# Where a crowd-word turns up with no crowd named ("a sit-in was held"): the protest word itself stands for them.
_PROTEST_NOUN = re.compile(r"\b(?:protests?|protested|demonstrations?|demonstrated|sit-ins?|rall(?:y|ies|ied)|"
                           r"manifestations?|marches?|marched|went on strike|ont manifeste|a manifeste)\b")
# A village's own armed defence: "village self-defense", "the local self-defence group", "groupe d'autodefense".
_SELF_DEFENCE = re.compile(
    r"\b(?:village|villagers'?|local|community|communal)\s+(?:self-defen[cs]e|vigilantes?|defen[cs]e)(?:\s+(?:groups?|militias?|"
    r"forces?|members|men|units?|committees?))?\b|\b(?:groupes?|comites?|milices?) (?:villageoise?s? )?d'autodefense\b|"
    r"\bautodefense villageoise\b"
)
_RIOT_NOUN = re.compile(r"\b(?:riots?|emeutes?)\b")
_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_CLAIM_AFTER = re.compile(r"\W{0,3}(?:\w+\W+){0,2}?(?:claimed|claims|claiming|has claimed|took responsibility|"
                          r"a revendique|ont revendique|revendique|revendiquent|a endosse)\b")
_CLAIM_BEFORE = re.compile(r"\b(?:claimed by|claim(?:ed)? of responsibility by|revendique(?:e|es|s)? par|"
                           r"revendication d[eu']?)\W*(?:the\W+|le\W+|l'\W*)?$")
_SUSPECT_BEFORE = re.compile(
    r"\b(?:suspected|presumed|alleged|allegedly|reportedly|believed to be|thought to be|said to be|likely|possibly|"
    r"suspected to be|presumes?|presume|presumees?|soupconnes?|supposes?|probablement|vraisemblablement|"
    r"attributed to|blamed on|attribue(?:e|es|s)? (?:a|au|aux))\W+(?:(?:the|le|la|les|des|du)\W+)?(?:\w+\W+){0,1}$"
)


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
    # U+0091/U+0092: Windows-1252 quotes read as Latin-1 ("Students\x92 Conference"), common in pasted news text
    table.update({ord(c): "'" for c in "\u2019\u2018\u02bc\u0060\u00b4\u2032\u0091\u0092"})
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
    if len(alias) > 15 or alias.islower():  # fast path: long names and lowercase words are never acronyms
        return False
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

    def add(self, phrase: str, value: str, exact_case: bool = False) -> None:
        """`exact_case`: the phrase matches only as written (besides the short acronyms that always do)."""
        folded_case = fold_keep_case(phrase)
        case_tokens = tuple(_TOKEN.findall(folded_case))
        if not case_tokens:
            return
        node = self.root
        for token in case_tokens:
            node = node.setdefault(token.lower() if token.isascii() else _lower_same_length(token), {})
        entry = _Entry(value, case_tokens if exact_case or _is_case_sensitive(phrase) else None)
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
    # Phrases that name this actor only in a report set in its country or theatre ("Islamist militants" in
    # Cabo Delgado are the Mozambican insurgents; elsewhere they are nobody in particular).
    local_aliases: tuple[str, ...] = ()


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
        local_aliases = _as_strings(raw.get("local_aliases"), where, "local_aliases")
        entries.append(_ActorEntry(actor, theatre, links, where, local_aliases))
    return entries


def _generic_entries(countries: Mapping[str, Country]) -> list[_ActorEntry]:
    entries = []
    for country in countries.values():
        for generic_kind, (_, kind, template) in GENERIC_TEMPLATES.items():
            name = template.format(country=country.name)
            actor = Actor(generic_actor_id(generic_kind, country.code), name, kind, country.code, (), name)
            entries.append(_ActorEntry(actor, (), (), "generated from countries.yaml"))
    return entries


def _community_entries(
    data: Any, source: str, countries: Mapping[str, Country]
) -> tuple[list[_ActorEntry], dict[str, str]]:
    """One identity militia per community and country from communities.yaml ("Fulani Ethnic Militia (Mali)"),
    and the phrases that name a community's armed men ("Fulani militiamen" -> "fulani"): the matcher picks the
    militia of the report's country, so the phrases are not aliases of any one actor."""
    if not isinstance(data, list):
        raise DataError(f"{source}: expected a YAML list of communities (each '- {{id, name, also, countries}}').")
    entries = []
    phrases: dict[str, str] = {}
    for index, raw in enumerate(data, start=1):
        where = f"{source}, entry {index}"
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not isinstance(raw.get("name"), str):
            raise DataError(f"{where}: a community needs an id and a name.")
        names = (raw["name"], *_as_strings(raw.get("also"), where, "also"))
        for code in _as_strings(raw.get("countries"), where, "countries"):
            if code not in countries:
                raise DataError(f"{where}: country {code!r} is not in countries.yaml.")
            name = f"{raw['name']} Ethnic Militia ({countries[code].name})"
            actor = Actor(f"{raw['id']}-militia-{code.lower()}", name, "identity_militia", code, (), name)
            entries.append(_ActorEntry(actor, (), (), f"generated from {source}"))
        for phrase in [f"{n} {w}" for n in names for w in _MILITIA_WORDS_EN] + [
            f"{w} {n}" for n in names for w in _MILITIA_WORDS_FR
        ]:
            phrases.setdefault(phrase, raw["id"])
    return entries, phrases


ACTORS_ENV = "WARLOG_ACTORS"


def user_actor_files() -> list[Path]:
    """The user's own actor files, from $WARLOG_ACTORS (os.pathsep-separated); [] when unset."""
    value = os.environ.get(ACTORS_ENV, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def event_counts(store: Any, registry: "ActorRegistry", actor_id: str) -> dict[str, int]:
    """How many stored events the actor took part in: as perpetrator (or claimant), in any role, and as
    perpetrator together with every actor linked to it on each event's date (its branches, factions and
    merged groups)."""
    from warlog import query  # query imports this module
    from warlog.store import EventFilter

    return {
        key: sum(1 for _ in query.select(store, registry, EventFilter(), actor=actor_id, linked=linked, any_role=any_role))
        for key, linked, any_role in (("perpetrator", False, False), ("any_role", False, True), ("linked", True, False))
    }


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
        community_phrases: Mapping[str, str] | None = None,
        local_aliases: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._actors: dict[str, Actor] = {a.id: a for a in actors}
        self._links: tuple[ActorLink, ...] = tuple(links)
        self._countries: dict[str, Country] = dict(countries)
        self._theatres: dict[str, tuple[str, ...]] = dict(theatres or {})
        self._generic_ids: frozenset[str] = frozenset(generic_ids)
        self._community_phrases: dict[str, str] = dict(community_phrases or {})
        # community name -> id ("dogon" -> "dogon"), for the self-defence of a community's village
        names = {p[: -len(" militia")]: c for p, c in self._community_phrases.items() if p.endswith(" militia")}
        # not "Dogon communal" nor "Dogon self-defense" (from "Dogon communal militia", "Dogon self-defense militia")
        self._community_ids: dict[str, str] = {
            key: c for n, c in names.items() if (key := normalize_key(n)).rsplit(" ", 1)[-1] not in _MILITIA_MODIFIERS
        }
        community_names = "|".join(sorted((re.escape(k) for k in self._community_ids), key=len, reverse=True))
        # "the Dogon village of", "Dogon farmers", "le village peul": whose village (or people) a text speaks of
        self._community_village = (
            re.compile(r"\b(" + community_names + r")\s+(?:villages?|hamlets?|communit(?:y|ies)|camps?|farmers|villagers|"
                       r"herders|civilians|residents|families)\b|\b(?:villages?|hameaux|hameau|communaute)\s+("
                       + community_names + r")\b")
            if self._community_ids else None
        )
        # community id -> its militias, one per country it lives in (generated from communities.yaml)
        self._community_homes: dict[str, tuple[str, ...]] = {
            community: tuple(f"{community}-militia-{code.lower()}" for code in self._countries
                             if f"{community}-militia-{code.lower()}" in self._actors)
            for community in set(self._community_phrases.values())
        }
        # "clashes between Fulani and Dogons", "fighting between Imghad and Idnane": two communities at war
        self._community_pair = (
            re.compile(r"\b(?:between|entre)\s+(?:the\s+|les\s+|des\s+)?(" + community_names + r")(?:\s+[a-z]+)?\s+"
                       r"(?:and|et)\s+(?:the\s+|les\s+|des\s+)?(" + community_names + r")\b")
            if self._community_ids else None
        )
        self._local_aliases: dict[str, tuple[str, ...]] = dict(local_aliases or {})
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
        extra_paths: Sequence[Path] | None = None,
        countries_path: Path | None = None,
    ) -> "ActorRegistry":
        """Load the shipped registry (or `path`), then `extra_paths` in order; later entries override by id.

        `extra_paths` None means the files named in $WARLOG_ACTORS (several joined by the OS path separator,
        ':' on Unix), if set: that is how a user's own actors reach every command without editing the package.
        Raises DataError naming the file and entry when a file is missing or malformed, or when a link
        names an actor that no file defines.
        """
        if extra_paths is None:
            extra_paths = user_actor_files()
        countries_source = countries_path or _package_data("countries.yaml")
        countries = _parse_countries(_read_yaml(countries_source, "countries"), str(countries_source))
        entries: dict[str, _ActorEntry] = {e.actor.id: e for e in _generic_entries(countries)}
        generic_ids = set(entries)
        communities_source = _package_data("communities.yaml")
        community_entries, community_phrases = _community_entries(
            _read_yaml(communities_source, "communities"), str(communities_source), countries
        )
        entries.update((e.actor.id, e) for e in community_entries)
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
            community_phrases=community_phrases,
            local_aliases={e.actor.id: e.local_aliases for e in entries.values() if e.local_aliases},
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
            ((_ACLED_PERIOD.sub("", a.acled_name), a.id) for a in self._actors.values() if a.acled_name),
            # ACLED writes some countries with an article: "Military Forces of the Philippines (2016-)".
            (
                (template.format(country=variant), generic_actor_id(kind, c.code))
                for c in self._countries.values()
                for variant in (f"the {c.name}", *c.aliases)
                for kind, (_, _, template) in GENERIC_TEMPLATES.items()
                if generic_actor_id(kind, c.code) in self._actors
            ),
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
        name = _ACLED_FORMER.sub("", name.strip())
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

    def countries_named(self, text: str) -> set[str]:
        """The countries a text names, by name or nationality adjective: "Nigerien soldiers in Mali" -> {"NE", "ML"}."""
        folded_case = fold_keep_case(text)
        spans = _tokens(_lower_same_length(folded_case))
        tokens = [t for t, _, _ in spans]
        case_tokens = [folded_case[a:b] for _, a, b in spans]
        found: set[str] = set()
        tries = (self._country_names, self._demonym_en, self._demonym_fr)
        i = 0
        while i < len(tokens):
            # the longest name at each word: "South Sudanese" is South Sudan's, not also Sudan's
            # a country's name is capitalised in English and French: "a grenade attack" is not Grenada ("Grenade")
            best = max((trie.ends(tokens, case_tokens, i)[-1:] for trie in tries if tokens[i] in trie.root
                        and (trie is not self._country_names or case_tokens[i][:1].isupper())),
                       key=lambda ends: ends[0][0] if ends else 0, default=[])
            if not best:
                i += 1
                continue
            end, codes = best[0]
            if not (end < len(tokens) and tokens[end] in _NOT_A_COUNTRY_AFTER):  # "Niger State", "Congo River"
                found.update(codes)
            i = end
        return found

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

    def parent_groups(self, actor_id: str, at: dt.date) -> list[str]:
        """The groups actor_id is a faction of, or merged into, on `at` (Katiba Macina -> JNIM from March 2017).
        ACLED names such a parent beside the unit as an associated actor; export does the same."""
        day = _as_day(at)
        return [
            link.other_id
            for link in self._up.get(actor_id, ())
            if link.relation in ("faction_of", "merged_into") and link.valid_at(day)
        ]

    def operates_in(self, actor_id: str, country: str) -> bool:
        """Whether the actor is `country`'s own or lists it in its theatre (JNIM in Burkina Faso)."""
        actor = self._actors.get(actor_id)
        return actor is not None and (actor.country == country or country in self._theatres.get(actor_id, ()))

    def home_of_named(self, matches: Sequence[ActorMatch], country: str | None, text: str) -> str | None:
        """The one country the named (not generic) national actors of a report belong to, where the report's country
        as read from its place (`country`) has no support in the text: neither named ("Kenya", "Kenyan") nor the home
        or theatre of any actor it names. "CORD protesters in Nyanza region" with Nyanza read in Rwanda is Kenya's
        protest; None when the text supports `country`, names no national actor, or actors of several countries."""
        if country is None:
            return None
        homes: set[str] = set()
        for match in matches:
            if match.generic:
                continue
            actor = self._actors[match.actor_id]
            if actor.country is None:
                continue
            if self.operates_in(actor.id, country):
                return None
            homes.add(actor.country)
        if len(homes) != 1 or country in self.countries_named(text):
            return None
        return homes.pop()

    def regional_successors(self, actor_id: str, country: str | None, at: dt.date) -> list[str]:
        """The groups a regional branch of actor_id had merged into by `at`, where `country` is their theatre: AQIM's
        Sahara Emirate merged into JNIM in March 2017, so "AQIM" in Mali after that day names JNIM's fighters."""
        if country is None:
            return []
        day = _as_day(at)
        out: list[str] = []
        for down in self._down.get(actor_id, ()):
            if down.relation not in ("faction_of", "branch_of"):
                continue
            for up in self._up.get(down.actor_id, ()):
                if up.relation == "merged_into" and up.valid_at(day) and up.other_id not in out and (
                    self._actors[up.other_id].country == country or country in self._theatres.get(up.other_id, ())
                ):
                    out.append(up.other_id)
        return out

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
            # ACLED's names appear in ACLED-style notes; a one-word one ("Platform") would match common words, and a
            # two-word one matches only as written ("Open City" the party, not "the open city of Gao").
            acled_tokens = len(_TOKEN.findall(actor.acled_name)) if actor.acled_name else 0
            if acled_tokens > 1:
                self._alias_trie.add(actor.acled_name, actor.id, exact_case=acled_tokens == 2)
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
            ("government", _GOVERNMENT_NOUNS_EN),
            ("civilians", _CIVILIAN_NOUNS_EN),
            ("protesters", _PROTESTER_NOUNS_EN),
            ("rioters", _RIOTER_NOUNS_EN),
        ):
            for noun in nouns:
                self._nouns_en.add(noun, kind)
        for kind, nouns in (
            ("military", _MILITARY_NOUNS_FR),
            ("police", _POLICE_NOUNS_FR),
            ("government", _GOVERNMENT_NOUNS_FR),
            ("civilians", _CIVILIAN_NOUNS_FR),
            ("protesters", _PROTESTER_NOUNS_FR),
            ("rioters", _RIOTER_NOUNS_FR),
        ):
            for noun in nouns:
                self._nouns_fr.add(noun, kind)
        for kind, phrases in _BARE_PHRASES.items():
            for phrase in phrases:
                self._bare.add(phrase, kind)
        for phrase in (*_CROWD_PHRASES, *_COMMUNITY_PHRASES):
            self._bare.add(phrase, "civilians")
        for phrase in _UNKNOWN_WEAPONS:
            self._bare.add(phrase, "unidentified")
        self._prepositions_en, self._prepositions_fr = _Trie(), _Trie()
        for word in _EN_COUNTRY_PREPOSITIONS:
            self._prepositions_en.add(word, "of")
        for word in _FR_COUNTRY_PREPOSITIONS:
            self._prepositions_fr.add(word, "de")
        self._communities = _Trie()
        for phrase, community in self._community_phrases.items():
            self._communities.add(phrase, community)
        self._local_trie = _Trie()
        for actor_id, phrases in self._local_aliases.items():
            for phrase in phrases:
                self._local_trie.add(phrase, actor_id)
        # "a Dogon farmer", "two Fulani", "members of the Dogon community": community civilians in two steps.
        self._community_names, self._community_nouns, self._community_before = _Trie(), _Trie(), _Trie()
        for community in (*_COMMUNITIES, *self._community_ids):  # and every community of communities.yaml
            self._community_names.add(community, "civilians")
        for noun in _COMMUNITY_NOUNS_EN:
            self._community_nouns.add(noun, "civilians")
        for words in _COMMUNITY_BEFORE:
            self._community_before.add(words, "community" if words.endswith(" the") else "")
        self._first_tokens = frozenset(
            token
            for trie in (self._alias_trie, self._demonym_en, self._nouns_en, self._nouns_fr, self._bare, self._communities,
                         self._local_trie)
            for token in trie.root
        )
        self._generic_first = frozenset(
            token
            for trie in (self._demonym_en, self._nouns_en, self._nouns_fr, self._bare, self._community_names,
                         self._community_before, self._country_names)
            for token in trie.root
        )
        self._first_tokens = self._first_tokens | self._generic_first

    def _resolve_alias(self, actor_ids: list[str], country: str | None) -> str | None:
        """One actor for a phrase; when several share it ("Dozo", "peacekeepers", "NAF"), the one of `country`,
        else the one international actor among them ("Islamic State" outside Iraq and Syria), else none."""
        if len(actor_ids) > 1:
            actor_ids = list(dict.fromkeys(actor_ids))
        if len(actor_ids) == 1:
            return actor_ids[0]
        if country is not None:
            local = [i for i in actor_ids if self._actors[i].country == country or country in self._theatres.get(i, ())]
            if len(local) == 1:
                return local[0]
            if local:
                return None
        international = [i for i in actor_ids if self._actors[i].country is None]
        return international[0] if len(international) == 1 else None

    def _generic_id(self, kind: str, cc: str) -> str | None:
        actor_id = generic_actor_id(kind, cc)
        return actor_id if actor_id in self._actors else None

    def _generic_at(
        self,
        tokens: Sequence[str],
        case_tokens: Sequence[str],
        i: int,
        country: str | None,
        others: list[tuple[int, int, str]] | None = None,
    ) -> list[tuple[int, str, str | None]]:
        """Generic phrases starting at token i: (end token, actor id, generic kind if a bare phrase).
        The second country of "military forces of India and Pakistan" goes to `others` (start, end, actor id)."""
        found: list[tuple[int, str, str | None]] = []
        token = tokens[i]
        # "Malian soldiers": demonym, then noun; "Indian and Pakistani troops": the first demonym alone.
        for demonym_end, codes in self._demonym_en.ends(tokens, case_tokens, i) if token in self._demonym_en.root else ():
            for noun_end, kinds in self._nouns_en.ends(tokens, case_tokens, demonym_end):
                if (actor_id := self._generic_id(kinds[0], codes[0])) is not None:
                    found.append((noun_end, actor_id, None))
            if demonym_end + 1 < len(tokens) and tokens[demonym_end] == "and":
                for second_end, _ in self._demonym_en.ends(tokens, case_tokens, demonym_end + 1):
                    for _, kinds in self._nouns_en.ends(tokens, case_tokens, second_end):
                        if (actor_id := self._generic_id(kinds[0], codes[0])) is not None:
                            found.append((demonym_end, actor_id, None))
        # "Mozambique's military", "Pakistan military", "Nepal Police": a country's name (and "'s"), then a noun.
        for name_end, codes in self._country_names.ends(tokens, case_tokens, i) if token in self._country_names.root else ():
            noun_start = name_end + 1 if name_end + 1 < len(tokens) and tokens[name_end] == "s" else name_end
            for noun_end, kinds in self._nouns_en.ends(tokens, case_tokens, noun_start):
                if (actor_id := self._generic_id(kinds[0], codes[0])) is not None:
                    found.append((noun_end, actor_id, None))
        # "soldats maliens", "armée du Mali", "army of Mali": noun, then demonym or preposition + country.
        for nouns, prepositions, demonyms in (
            (self._nouns_fr, self._prepositions_fr, self._demonym_fr),
            (self._nouns_en, self._prepositions_en, None),
        ):
            if token not in nouns.root:
                continue
            for noun_end, kinds in nouns.ends(tokens, case_tokens, i):
                if demonyms is not None:
                    for end, codes in demonyms.ends(tokens, case_tokens, noun_end):
                        if (actor_id := self._generic_id(kinds[0], codes[0])) is not None:
                            found.append((end, actor_id, None))
                for preposition_end, _ in prepositions.ends(tokens, case_tokens, noun_end):
                    for end, codes in self._country_names.ends(tokens, case_tokens, preposition_end):
                        if (actor_id := self._generic_id(kinds[0], codes[0])) is not None:
                            found.append((end, actor_id, None))
                        if others is not None and end + 1 < len(tokens) and tokens[end] in ("and", "et"):
                            for second_end, second in self._country_names.ends(tokens, case_tokens, end + 1):
                                if (second_id := self._generic_id(kinds[0], second[0])) is not None:
                                    others.append((end + 1, second_end, second_id))
        # "soldiers", "unknown gunmen": only when the caller knows the country.
        if country is not None and token in self._bare.root:
            for end, kinds in self._bare.ends(tokens, case_tokens, i):
                if (actor_id := self._generic_id(kinds[0], country)) is not None:
                    found.append((end, actor_id, kinds[0]))
        if country is not None and (token in self._community_names.root or token in self._community_before.root):
            civilians = self._generic_id("civilians", country)
            if civilians is not None:
                found.extend((end, civilians, "civilians") for end in self._community_civilians(tokens, case_tokens, i))
        return found

    def _community_civilians(self, tokens: Sequence[str], case_tokens: Sequence[str], i: int) -> list[int]:
        """Ends of "Dogon farmer(s)", "two Fulani", "members of the Tuareg community", "village peul" at token i."""
        ends: list[int] = []
        for name_end, _ in self._community_names.ends(tokens, case_tokens, i):
            ends.extend(end for end, _ in self._community_nouns.ends(tokens, case_tokens, name_end))
        for before_end, needs in self._community_before.ends(tokens, case_tokens, i):
            for name_end, _ in self._community_names.ends(tokens, case_tokens, before_end):
                if name_end < len(tokens) and tokens[name_end] in _MILITIA_FIRST_WORDS:
                    continue  # "four Dogon militiamen" are the militia's men, not civilians
                if not needs[0]:
                    ends.append(name_end)
                elif name_end < len(tokens) and tokens[name_end] == needs[0]:
                    ends.append(name_end + 1)
        return ends

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
        alias_root = self._alias_trie.root
        community_root = self._communities.root
        local_root = self._local_trie.root
        generic_first = self._generic_first
        others: list[tuple[int, int, str]] = []
        for i, token in enumerate(tokens):
            if token not in first_tokens:  # most words start no phrase: skip the trie walks
                continue
            options: list[_Candidate] = []
            if token in community_root:
                # "Fulani militiamen": the community's militia in the report's country (before aliases: wins ties)
                found_community = self._communities.longest(tokens, case_tokens, i)
                if found_community is not None:
                    actor_id = self._community_militia_id(found_community[1][0], country)
                    if actor_id is not None:
                        options.append(_Candidate(i, found_community[0], actor_id, True, False, None))
                elif i + 2 < len(tokens) and tokens[i + 1] in ("and", "et") and tokens[i + 2] in community_root \
                        and self._communities.longest(tokens, case_tokens, i + 2) is not None:
                    # "Fellata and Rizeigat communal militias", "Fulani and Dogon militiamen": both communities' men
                    actor_id = self._community_militia_id(self._community_ids.get(token), country)
                    if actor_id is not None:
                        options.append(_Candidate(i, i + 1, actor_id, True, False, None))
            if country is not None and token in local_root:
                # "Islamist militants" in Cabo Delgado: an actor's local name, only in its own country or theatre
                for end, actor_ids in reversed(self._local_trie.ends(tokens, case_tokens, i)):
                    local = [a for a in actor_ids if self._actors[a].country == country or country in self._theatres.get(a, ())]
                    if len(set(local)) == 1:  # two local branches ("Islamic State" in Niger): neither
                        options.append(_Candidate(i, end, local[0], local[0] in self._named_groups,
                                                  local[0] in self._insurgents, None))
                        break
            alias = self._alias_trie.longest(tokens, case_tokens, i) if token in alias_root else None
            if alias is not None and (actor_id := self._resolve_alias(alias[1], country)) is not None:
                options.append(
                    _Candidate(i, alias[0], actor_id, actor_id in self._named_groups, actor_id in self._insurgents, None)
                )
            for end, actor_id, bare_kind in (
                self._generic_at(tokens, case_tokens, i, country, others) if token in generic_first else ()
            ):
                explicit = bare_kind == "unidentified" and not _EXPLICITLY_UNKNOWN.isdisjoint(tokens[i:end])
                options.append(_Candidate(i, end, actor_id, False, False, None if explicit else bare_kind))
            if options:
                # Longest from this token; on a tie the registry alias (listed first) wins.
                candidates.append(max(options, key=lambda c: c.end_token - c.start_token))

        candidates.extend(_Candidate(start, end, actor_id, False, False, None) for start, end, actor_id in others)
        chosen: list[_Candidate] = []
        taken = [False] * len(tokens)
        for candidate in sorted(candidates, key=lambda c: (c.start_token - c.end_token, c.start_token)):
            if not any(taken[candidate.start_token : candidate.end_token]):
                chosen.append(candidate)
                for index in range(candidate.start_token, candidate.end_token):
                    taken[index] = True
        chosen.sort(key=lambda c: c.start_token)
        chosen = self._drop_generic_that_name_a_group(chosen, spans, folded_case)

        lowered = _lower_same_length(folded_case)
        found = [
            ActorMatch(
                start=spans[c.start_token][1],
                end=spans[c.end_token - 1][2],
                phrase=text[spans[c.start_token][1] : spans[c.end_token - 1][2]],
                actor_id=c.actor_id,
                generic=c.actor_id in self._generic_ids,
                stance=self._stance(lowered, spans[c.start_token][1], spans[c.end_token - 1][2])
                if c.actor_id in self._named_groups or c.actor_id in self._insurgents
                else "stated",
            )
            for c in chosen
        ]
        if country is not None or found:
            found = self._crowds(found, text, folded_case, country)
        if "military police" in lowered:
            found = self._military_police(found, lowered)
        if country is not None and self._community_village is not None and _SELF_DEFENCE.search(lowered):
            found = self._self_defence(found, text, lowered, country)
        if self._community_pair is not None and ("between" in lowered or "entre" in lowered):
            found = self._communities_at_war(found, text, lowered, country)
        if country in _FRONTS:
            found = self._front(found, text, lowered, _FRONTS[country])
        return found

    def _communities_at_war(self, found: list[ActorMatch], text: str, lowered: str, country: str | None
                            ) -> list[ActorMatch]:
        """Two communities named as the sides of a fight are their militias: "clashes between Fulani and Dogons",
        "fighting between Imghad and Idnane" (ACLED's "<Community> Ethnic Militia")."""
        added: list[ActorMatch] = []
        for hit in self._community_pair.finditer(lowered):
            for group in (1, 2):
                start, end = hit.start(group), hit.end(group)
                if any(m.start < end and start < m.end for m in found):
                    continue  # already a phrase: "a Dogon hunter", "Fulani militiamen"
                actor_id = self._community_militia_id(self._community_ids.get(normalize_key(hit.group(group))), country)
                if actor_id is not None:
                    added.append(ActorMatch(start, end, text[start:end], actor_id, False))
        if not added:
            return found
        return sorted([*found, *added], key=lambda m: m.start)

    def _military_police(self, found: list[ActorMatch], lowered: str) -> list[ActorMatch]:
        """Once a report has named a country's military police ("the Military Police carried out an operation"),
        its bare "police" after that are the same force ("two Police officers were wounded"), not another."""
        out: list[ActorMatch] = []
        military: dict[str, str] = {}  # police actor id -> the military force whose police the report named
        for match in found:
            actor = self._actors[match.actor_id]
            if "military police" in match.phrase.lower() and actor.kind == "state_force" and actor.country:
                police_id = self._generic_id("police", actor.country)
                if police_id is not None:
                    military[police_id] = match.actor_id
            elif match.actor_id in military and match.generic and "civil" not in lowered[max(0, match.start - 9) : match.end]:
                match = ActorMatch(match.start, match.end, match.phrase, military[match.actor_id], True, match.stance)
            out.append(match)
        return out

    def _community_militia_id(self, community: str | None, country: str | None) -> str | None:
        """The militia of `community` in `country`; with the country unknown or without one there, the militia of
        the one country the community lives in ("Rizeigat" -> Sudan's), else None."""
        if community is None:
            return None
        if country is not None and f"{community}-militia-{country.lower()}" in self._actors:
            return f"{community}-militia-{country.lower()}"
        homes = self._community_homes.get(community, ())
        return homes[0] if len(homes) == 1 else None

    def community_militia(self, phrase: str, country: str | None) -> str | None:
        """The militia of the community a phrase names, in `country`: ("members of the Soninke community", "ML") ->
        "soninke-militia-ml"; a community with no militia there has that of the one country it lives in ("Misseriya
        pastoralists" in South Sudan -> Sudan's); None when the phrase names no such community."""
        if country is None or self._community_village is None:
            return None
        words = normalize_key(phrase).split()
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                community = self._community_ids.get(" ".join(words[start : start + size]))
                if community is not None and (actor_id := self._community_militia_id(community, country)) is not None:
                    return actor_id  # in `country`, else the one country the community lives in ("Misseriya" -> Sudan)
        return None

    def _self_defence(self, found: list[ActorMatch], text: str, lowered: str, country: str) -> list[ActorMatch]:
        """A village's self-defence is the militia of the village's community: "militiamen attacked the Dogon village
        of Birga. Village self-defense responded" -> the Dogon militia of the report's country. With no community
        named for a village before it, the phrase names no registry actor (ACLED's "<place> Communal Militia")."""
        added: list[ActorMatch] = []
        for hit in _SELF_DEFENCE.finditer(lowered):
            if any(m.start <= hit.start() < m.end or hit.start() <= m.start < hit.end() for m in found):
                continue  # part of a name already found ("Imghad Tuareg and Allies Self-Defense Group")
            militias = [(m.start, m.end) for m in found if self._actors[m.actor_id].kind == "identity_militia"]
            villages = [v for v in self._community_village.finditer(lowered, max(0, hit.start() - 300), hit.start())
                        if not any(a <= v.start() < b for a, b in militias)]  # not the attackers' "Fulani militiamen"
            after = self._community_village.search(lowered, hit.end(), min(len(lowered), hit.end() + 40))
            village = villages[-1] if villages else after  # "village self-defense of the Dogon community"
            if village is None:
                continue
            community = self._community_ids.get(village.group(1) or village.group(2))
            actor_id = f"{community}-militia-{country.lower()}"
            if actor_id in self._actors:
                added.append(ActorMatch(hit.start(), hit.end(), text[hit.start() : hit.end()], actor_id, False))
        if not added:
            return found
        return sorted([*found, *added], key=lambda m: m.start)

    def _crowd_is_an_object(self, found: list[ActorMatch], position: int, lowered: str, sentence_start: int) -> bool:
        """Whether found[position] is what someone else acted on: an armed actor named before it in its sentence,
        or a past-tense verb between the start of its clause and it ("individuals harassed teachers")."""
        match = found[position]
        for earlier in found[:position]:
            if earlier.start >= sentence_start and self._actors[earlier.actor_id].kind not in (
                "civilians", "protesters", "rioters", "political_party", "organisation"
            ):
                return True
        clause_start = max(sentence_start, *(lowered.rfind(c, sentence_start, match.start) + 1 for c in ",;:"))
        return _PAST_VERB.search(lowered, clause_start, match.start) is not None

    def _front(
        self, found: list[ActorMatch], text: str, lowered: str, front: tuple[re.Pattern[str], tuple[str, ...]]
    ) -> list[ActorMatch]:
        """Both sides of a monitored front line, at the monitor's phrase, where the report names neither."""
        pattern, sides = front
        hit = pattern.search(lowered)
        named = {m.actor_id for m in found}
        named |= {parent for actor_id in named for parent in self.parent_groups(actor_id, dt.date.max)}
        if hit is None or any(side in named for side in sides):
            return found
        phrase = text[hit.start() : hit.end()]
        added = [ActorMatch(hit.start(), hit.end(), phrase, s, s in self._generic_ids) for s in sides if s in self._actors]
        return sorted([*found, *added], key=lambda m: m.start)

    @staticmethod
    def _stance(lowered: str, start: int, end: int) -> str:
        """claimed / suspected / stated, from the words around a named group's phrase."""
        if _CLAIM_AFTER.match(lowered, end, min(len(lowered), end + 40)):
            return "claimed"
        before = lowered[max(0, start - 40) : start]
        if _CLAIM_BEFORE.search(before):
            return "claimed"
        if _SUSPECT_BEFORE.search(before):
            return "suspected"
        return "stated"

    def _crowds(self, found: list[ActorMatch], text: str, folded_case: str, country: str | None) -> list[ActorMatch]:
        """Civilians named in a sentence that tells of a protest are protesters, of a riot rioters; a protest
        or riot with no crowd named in its sentence brings in the protesters (rioters) of `country`."""
        lowered = folded_case.lower() if len(folded_case.lower()) == len(folded_case) else _lower_same_length(folded_case)
        if _ANY_CROWD_WORD.search(lowered) is None:
            return found
        acts = _RIOT_ACTS.search(lowered)
        bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(lowered)), len(lowered)]
        out: list[ActorMatch] = []
        crowd_sentences: set[int] = set()
        for position, match in enumerate(found):
            index = bisect.bisect_right(bounds, match.start) - 1
            sentence_end = bounds[min(index + 1, len(bounds) - 1)]
            sentence = lowered[bounds[index] : sentence_end]
            actor = self._actors[match.actor_id]
            # What the crowd itself does: the words after it, up to the next actor or 60 characters.
            next_start = found[position + 1].start if position + 1 < len(found) else len(lowered)
            own_acts = acts is not None and _RIOT_ACTS.search(lowered, match.end, min(next_start, sentence_end, match.end + 60))
            if own_acts and any(c in lowered[match.end : own_acts.start()] for c in ",;:("):
                own_acts = None  # "gunmen killed two people, then torched the market": another clause, another doer
            if own_acts and self._crowd_is_an_object(found, position, lowered, bounds[index]):
                own_acts = None  # "militiamen shot dead six members of the Dogon community and burned the vehicle"
            # Named protesters stay protesters unless they riot; "civilians" stay civilians ("police fired on civilians").
            if match.generic and actor.kind == "protesters" and actor.country and own_acts:
                new_id = self._generic_id("rioters", actor.country)
                if new_id is not None:
                    match = ActorMatch(match.start, match.end, match.phrase, new_id, True, match.stance)
                    crowd_sentences.add(index)
            elif match.generic and actor.kind == "civilians" and actor.country and "civil" not in match.phrase.lower():
                kind = (
                    "rioters" if own_acts or _RIOT_WORDS.search(sentence)
                    else "protesters" if _PROTEST_WORDS.search(sentence) else None
                )
                if kind == "rioters" and not own_acts and not _PROTEST_WORDS.search(sentence) \
                        and self._crowd_is_an_object(found, position, lowered, bounds[index]):
                    kind = None  # "unknown gunmen vandalized a polling station": what was vandalized, not who rioted
                if kind is not None:
                    new_id = self._generic_id(kind, actor.country)
                    if new_id is not None:
                        match = ActorMatch(match.start, match.end, match.phrase, new_id, True, match.stance)
                        crowd_sentences.add(index)
            out.append(match)
        if country is None:
            return out
        added = False
        for noun, kind in ((_PROTEST_NOUN, "protesters"), (_RIOT_NOUN, "rioters")):
            actor_id = self._generic_id(kind, country)
            if actor_id is None:
                continue
            for hit in noun.finditer(lowered):
                index = bisect.bisect_right(bounds, hit.start()) - 1
                if index in crowd_sentences:
                    continue
                crowd_sentences.add(index)
                out.append(ActorMatch(hit.start(), hit.end(), text[hit.start() : hit.end()], actor_id, True))
                added = True
        if added:
            out.sort(key=lambda m: m.start)
        return out

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
