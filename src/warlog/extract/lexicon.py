"""Event triggers: the words that say what kind of event a sentence tells of, by ACLED's codebook.

Written by us from ACLED's public codebook definitions (not mined from any dataset). Each trigger is a
regular expression (English and French), the ACLED type and sub-type it points to, and a priority:
when a sentence holds several triggers, the most specific kind wins (a suicide bombing is also an
"attack"; an abduction during a raid is coded as the abduction only when nothing worse happened).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# The sub-types whose event type depends on who was attacked, or who took ground: settled once actors are known.
ATTACK = "attack"
TERRITORY = "territory"
# Triggers under this priority name events only when a report has no stronger one ("arrived", "patrolled").
WEAK = 15


@dataclass(frozen=True, slots=True)
class Trigger:
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    priority: int


def _t(pattern: str, event_type: str, sub_event_type: str, priority: int) -> Trigger:
    return Trigger(re.compile(pattern, re.IGNORECASE), event_type, sub_event_type, priority)


TRIGGERS: tuple[Trigger, ...] = (
    # Explosions / remote violence
    _t(r"\bsuicide[- ](?:bomb\w*|attack\w*|car|vest|vehicle)|\bkamikazes?\b|\bsuicide\b|\bVBIEDs?\b|\bSVBIEDs?\b",
       EXPLOSIONS, "Suicide bomb", 95),
    _t(r"\b(?:air|drone|aerial)[- ]?strikes?\b|\bairstrikes?\b|\bair raids?\b|\bbombed from the air\b|"
       r"\bfrappes? a[ée]riennes?\b|\bhelicopters? (?:fired|struck|opened fire)|\bdrone attack|"
       r"\b(?:jets?|warplanes?|aircraft|planes?|helicopters?|gunships?)\s+(?:\w+\s+){0,2}(?:bomb\w*|struck|strike|"
       r"attack\w*|fired|targeted|raided|pounded)|\b(?:air force|aviation)\b",
       EXPLOSIONS, "Air/drone strike", 90),
    _t(r"\bIEDs?\b|\bimprovised explosive|\blandmines?\b|\bland mines?\b|\broadside bombs?\b|\bexplosive devices?\b|"
       r"\bengins? explosifs?\b|\bmines? artisanales?\b|\bstruck a mine\b|\bhit a mine\b|\bsauté sur une mine\b|"
       r"\bcar bomb\w*|\bbomb (?:exploded|blast|went off)|\bexplosions?\b|\bdetonat\w*|\bblew up\b|\bblown up\b|"
       r"\bexplosives?\b|\bbombs?\b|\bbombings?\b",
       EXPLOSIONS, "Remote explosive/landmine/IED", 85),
    _t(r"\bshell(?:ed|ing|s)\b|\bmortars?\b|\brockets?\b|\bartillery\b|\bobus\b|\broquettes?\b|\bmissiles?\b|"
       r"\bprojectiles?\b|\bshells\b",
       EXPLOSIONS, "Shelling/artillery/missile attack", 80),
    _t(r"\b(?:threw|thrown|hurled|lobbed) (?:a |an )?(?:hand )?grenades?|\bgrenade attack|\bgrenade (?:exploded|blast)",
       EXPLOSIONS, "Grenade", 82),
    _t(r"\bchemical weapons?\b|\bgas attack\b", EXPLOSIONS, "Chemical weapon", 96),
    # Violence against civilians with a specific form
    _t(r"\babduct\w*|\bkidnapp?\w*|\btaken hostage\b|\bhostages?\b|\benlev[ée]\w*|\benl[eè]vements?\b|\brapt\b|"
       r"\bforced disappearance", VAC, "Abduction/forced disappearance", 70),
    _t(r"\braped?\b|\brapes\b|\bsexual(?:ly)? (?:violence|assault\w*|abuse\w*)|\bviol(?:ée|ées|s)?\b(?= )",
       VAC, "Sexual violence", 72),
    # Armed violence whose type depends on the target (battle against armed men, attack on civilians)
    _t(r"\battack\w*|\bassault\w*|\braid(?:s|ed|ing)?\b|\bambush\w*|\bstorm(?:ed|ing)\b|\boverr?an\b|"
       r"\bopened fire\b|\bopen fire\b|\bfired\b|\bfiring\b|\bshot (?:dead|and killed)|\bshot\b|\bgunfire\b|"
       r"\bgunshots?\b|\bgunmen\b|\bcorpses?\b|\bbod(?:y|ies) (?:of|were|was)\b|\bfound dead\b|\blifeless\b|"
       r"\btarget(?:ed|ing)\b|\bkill(?:ed|ing|s)?\b|\bexecut(?:ed|ion)\w*|\bmurder\w*|\bmassacre\w*|\bbeheaded\b|"
       r"\battaqu\w*|\bembuscade\w*|\btu[ée]s?\b|\bassassin\w*|\bslaughter\w*|\btortur\w*|\bbeat(?:en)? to death",
       BATTLES, ATTACK, 60),
    _t(r"\bclash\w*|\bfighting\b|\bfought\b|\bexchange(?:d)? (?:of )?fire|\bfirefights?\b|\bgun ?battles?\b|"
       r"\bbattles?\b|\baffrontements?\b|\bcombats?\b|\baccrochages?\b|\bskirmish\w*|\bengaged\b",
       BATTLES, "Armed clash", 62),
    # who takes territory decides the sub-type (a government regains it, a non-state actor overtakes it)
    _t(r"\b(?:re-?(?:took|captured|gained|taken)|regain(?:ed)? control|recaptur\w*|took back|repris)\b",
       BATTLES, TERRITORY, 64),
    _t(r"\b(?:(?:seized|took|taken|takes|take|gained|gain) control (?:of|over)|captured the (?:town|city|village|"
       r"locality|area)|overtook|overran the (?:town|city|village)|pris le contr[ôo]le)",
       BATTLES, TERRITORY, 63),
    # Protests and riots
    _t(r"\bprotest\w*|\bdemonstrat\w*|\bmarch(?:ed|es)?\b(?! \d)|\brall(?:y|ied|ies)\b|\bsit-ins?\b|\bmanifest\w*|"
       r"\bmarche\b|\bgr[eè]ves?\b|\bstrikers?\b|\bwent on strike\b|\bboycott\w*|\bgathered\b|\bassembled\b|"
       r"\btook to the streets\b|\bsit-?in\b",
       PROTESTS, "Peaceful protest", 40),
    _t(r"\bdenounc\w*|\bcondemn\w*|\bdemand(?:ed|ing)\b|\bpetition\w*", PROTESTS, "Peaceful protest", 14),
    _t(r"\briot\w*|\bmob\b|\bangry crowds?\b|\bviolent demonstrat\w*|\b[ée]meutes?\b|\blynch\w*",
       RIOTS, "Violent demonstration", 45),
    # Strategic developments
    _t(r"\barrest\w*|\bdetain\w*|\bapprehend\w*|\barr[êe]t[ée]s?\b|\binterpell[ée]\w*|\bin custody\b",
       STRATEGIC, "Arrests", 35),
    _t(r"\blooted\b|\blooting\b|\bpillag\w*|\bpill[ée]\w*|\bset (?:ablaze|on fire|fire to)|\bburn(?:ed|t) (?:down )?"
       r"(?:the |several |many |\d+ )?(?:houses?|homes?|shops?|huts?|granar\w*|vehicles?|buildings?|schools?)|"
       r"\bincendi\w*|\bdestroy(?:ed|ing)\b|\bdestruction\b|\bvandali\w*|\bstole\b|\bstolen\b|\brustl\w*|"
       r"\bburn(?:ed|t|ing)\b|\bseiz(?:ed|ing|ure)\b|\bconfiscat\w*|\bransack\w*|\bdamag(?:ed|ing)\b|"
       r"\bcattle theft|\bseized (?:\d+ |several |a |the )?(?:cattle|livestock|goods|motorbikes?|vehicles?)",
       STRATEGIC, "Looting/property destruction", 30),
    _t(r"\bdefused\b|\bdismantl\w*|\bneutrali[sz]ed (?:an? )?(?:IED|explosive)|\bweapons? caches?\b|\barms caches?\b|"
       r"\bseized (?:weapons|arms|ammunition|explosives)|\bdésamorc\w*",
       STRATEGIC, "Disrupted weapons use", 50),
    _t(r"\b(?:signed|sign) (?:an? |the )?(?:peace |ceasefire |cease-fire )?(?:agreement|accord|deal|truce)|"
       r"\bceasefire\b|\bcease-fire\b|\bpeace (?:agreement|deal|accord)|\btruce\b|\baccord de paix\b",
       STRATEGIC, "Agreement", 25),
    _t(r"\bestablished (?:a |an )?(?:base|camp|headquarters)|\bset up (?:a |an )?(?:base|camp|headquarters)",
       STRATEGIC, "Headquarters or base established", 24),
    _t(r"\bwithdr[ea]w\w* from\b|\bhanded over\b|\bretreated from\b|\bvacated\b|\babandoned (?:the |their )?(?:town|base|post|camp)",
       STRATEGIC, "Non-violent transfer of territory", 22),
    _t(r"\b(?:patrol(?:s|led|ling)?|reinforcements?|deploy(?:ed|ment)|redeploy\w*|movement of (?:forces|troops)|"
       r"troop movements?|convoy)\b", STRATEGIC, "Other", 12),
    _t(r"\b(?:returned|arrived|repatriat\w*|quarantine\w*|curfew|state of emergency|banned|suspended)\b",
       STRATEGIC, "Other", 10),
    _t(r"\bmerg(?:ed|er)\b|\bannounced (?:the )?(?:creation|formation)|\bpledged allegiance|\bnew leader\b|"
       r"\bwas formed\b|\bformed (?:a |the )?(?:new )?(?:group|coalition|alliance)|\brecruit\w*",
       STRATEGIC, "Change to group/activity", 20),
)

# A sentence about counts of events over a period, not about one event ("at least 80 attacks so far this year").
STATISTIC = re.compile(
    r"\b(?:at least|more than|over|nearly|some|almost|about|around|plus de|au moins)\s+[\d,]+\s+(?:[\w'’-]+\s+){0,3}"
    r"(?:attacks|incidents|events|operations|bombings|attaques|incidents)\b"
    r"|\b\d+(?:\.\d+)?\s*(?:percent|per cent|%|pour cent)\b"
    r"|\bso far this year\b|\bdepuis le début de l'année\b|\bdata compiled\b|\baccording to (?:data|figures|statistics)\b",
    re.IGNORECASE,
)

# A claim of responsibility: kept apart from attribution ("suspected JNIM militants").
CLAIM = re.compile(r"\bclaim(?:ed|s|ing)?\b|\brevendiqu\w*|\bresponsibility\b", re.IGNORECASE)

# "Had been abducted", "had attacked": background to the event at hand, not a new one.
PLUPERFECT = re.compile(r"\bhad (?:been |also )?$", re.IGNORECASE)

# Nouns that say the target of an attack was armed (a battle) rather than civilians.
ARMED_TARGET = re.compile(
    r"\b(?:base|camp|post|outpost|checkpoint|barracks|patrol|convoy|garrison|position|soldiers?|troops?|"
    r"army|military|gendarm\w*|police\w*|forces?|militia\w*|fighters?|militants?|jihadists?|rebels?|"
    r"poste|soldats?|militaires?|arm[ée]e|gendarmerie|policiers?)\b", re.IGNORECASE)
CIVILIAN_TARGET = re.compile(
    r"\b(?:civilians?|villagers?|residents?|villages?|hotels?|restaurants?|caf[eé]s?|bars?|markets?|mosques?|"
    r"churches?|schools?|teachers?|shepherds?|herders?|farmers?|traders?|women|children|passengers?|"
    r"worshippers?|pilgrims?|tourists?|civils?|habitants?|villageois|commer[çc]ants?)\b", re.IGNORECASE)
