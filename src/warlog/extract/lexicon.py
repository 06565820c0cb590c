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
       r"attack\w*|fired|targeted|raided|pounded)|\b(?:air force|aviation)\b|\bbomb(?:ed|arded|ardments?)\b|"
       r"\b(?:aircrafts?|jets?|planes?|drones?|helicopters?)\b[^.]{0,60}\b(?:strikes?|hit|struck)\b|\b(?:by|from) (?:an? )?(?:\w+ )?drones?\b|"
       r"\bbombardements?\b",
       EXPLOSIONS, "Air/drone strike", 90),
    _t(r"\bIEDs?\b|\bimprovised explosive|\blandmines?\b|\bland mines?\b|\broadside bombs?\b|\bexplosive devices?\b|"
       r"\bengins? explosifs?\b|\bmines? artisanales?\b|\bstruck a mine\b|\bhit a mine\b|\bsauté sur une mine\b|"
       r"\bcar bomb\w*|\bbomb (?:exploded|blast|went off)|\bexplosions?\b|\bdetonat\w*|\bblew up\b|\bblown up\b|"
       r"\bexplosives?\b|\bbombs?\b|\bbombings?\b",
       EXPLOSIONS, "Remote explosive/landmine/IED", 85),
    _t(r"\bshell(?:ed|ing|s)\b|\bmortars?\b|\brockets?\b|\bartillery\b|\bobus\b|\broquettes?\b|\bmissiles?\b|"
       r"\bprojectiles?\b|\bshells\b|\bgrenade launchers?\b|\bRPGs?\b|\bheavy weapons\b|\bIFVs?\b|\btank fire\b|"
       r"\bBM-21\b|\bGrad\b|\bhowitzers?\b|\btirs? d'obus\b",
       EXPLOSIONS, "Shelling/artillery/missile attack", 80),
    _t(r"\bgrenades? (?:was |were )?(?:thrown|hurled|lobbed)|\b(?:threw|thrown|hurled|lobbed) (?:a |an )?(?:hand )?grenades?|\bgrenade attack|\bgrenade (?:exploded|blast)",
       EXPLOSIONS, "Grenade", 82),
    _t(r"\bchemical weapons?\b|\bgas attack\b", EXPLOSIONS, "Chemical weapon", 96),
    # Violence against civilians with a specific form
    _t(r"\babduct\w*|\bkidnapp?\w*|\btaken hostage\b|\bhostages?\b|\benlev[ée]\w*|\benl[eè]vements?\b|\brapt\b|"
       r"\bforced disappearance|\bforced (?:him|her|them) into\b|\b(?:took|taken) (?:them |him |her )?to an unknown (?:destination|location)", VAC, "Abduction/forced disappearance", 70),
    _t(r"\braped?\b|\brapes\b|\bsexual(?:ly)? (?:violence|assault\w*|abuse\w*)|\bviol(?:ée|ées|s)?\b(?= )",
       VAC, "Sexual violence", 72),
    # Armed violence whose type depends on the target (battle against armed men, attack on civilians)
    _t(r"\battack\w*|\bassault\w*|\braid(?:s|ed|ing)?\b|\bambush\w*|\bstorm(?:ed|ing)\b|\boverr?an\b|"
       r"\bopened fire\b|\bopen fire\b|\bfired\b|\bfiring\b|\bshot (?:dead|and killed)|\bshot\b|\bgunfire\b|"
       r"\bgunshots?\b|\btarget(?:ed|ing)\b|\bshooting\b|\bdrive-by\b|\bwhipped\b|\bflogged\b|\bbeat(?:s|en)?\b|"
       r"\bassaulted\b|\bmutilat\w*|\bstab\w*|\bhacked\b|\bthroats? (?:were |was )?slit\b|\bkill(?:ed|ing|s)?\b|\bexecut(?:ed|ion)\w*|\bmurder\w*|\bmassacre\w*|\bbeheaded\b|"
       r"\battaqu\w*|\bembuscade\w*|\btu[ée]s?\b|\bassassin\w*|\bslaughter\w*|\btortur\w*|\bbeat(?:en)? to death",
       BATTLES, ATTACK, 60),
    # words that tell of violence without saying what was done: an event only when nothing more specific is told
    _t(r"\bdeath of\b|\bdead\b|\bextort\w*|\binjur(?:ed|ing)\b|\bwound(?:ed|ing)\b|\bblessé\w*", BATTLES, ATTACK, 31),
    _t(r"\bhuman (?:head|remains)\b|\bdismembered\b|\bremains of\b|\bgunmen\b|\bcorpses?\b|\bbod(?:y|ies) (?:of|were|was)\b|\bfound dead\b|\blifeless\b|\bhommes armés\b",
       BATTLES, ATTACK, 29),
    _t(r"\bclash\w*|\bfighting\b|\bfought\b|\bexchange(?:d)? (?:of )?fire|\bfirefights?\b|\bgun ?battles?\b|"
       r"\bbattles?\b|\bshoot-?outs?\b|\bgunfights?\b|\bbursts? of fire\b|\bshots\b|\baffrontements?\b|\bcombats?\b|\baccrochages?\b|\bskirmish\w*|\bengaged\b",
       BATTLES, "Armed clash", 62),
    # who takes territory decides the sub-type (a government regains it, a non-state actor overtakes it)
    _t(r"\b(?:re-?(?:took|captured|gained|taken)|regain(?:ed)? control|recaptur\w*|took back|repris)\b",
       BATTLES, TERRITORY, 64),
    _t(r"\b(?:(?:seized|took|taken|takes|take|gained|gain) control (?:of|over)|captured the (?:town|city|village|"
       r"locality|area)|overtook|overran the (?:town|city|village)|pris le contr[ôo]le)",
       BATTLES, TERRITORY, 63),
    # Protests and riots
    _t(r"\bprotest\w*|\bdemonstrat\w*|\b(?-i:march(?:ed|es|ing)?)\b(?! \d)|\brall(?:y|ied|ies)\b|\bsit-ins?\b|\bmanifest\w*|"
       r"\bmarche\b|\bgr[eè]ves?\b|\bstrikers?\b|\bwent on strike\b|\bboycott\w*|\bgathered\b|\bassembled\b|"
       r"\btook to the streets\b|\bsit-?in\b|\bdharna\b",
       PROTESTS, "Peaceful protest", 40),
    _t(r"\bstrike action\b|\bon strike\b|\b(?:\w+-day |general |hunger )strike\b|\blaunched a strike\b|\bmotorcade\b|\bstrikes? (?:over|against|for|to demand)\b|\bgeneral strike\b|"
       r"\bblock(?:ed|ing|aded)? (?:the |a |several |main )?(?:road|roads|highway|entrance|street|streets|access|traffic)\b|"
       r"\bblockade\b|\broadblocks?\b", PROTESTS, "Peaceful protest", 39),
    _t(r"\bdenounc\w*|\bcondemn\w*|\bdemand(?:ed|ing)\b|\bpetition\w*", PROTESTS, "Peaceful protest", 14),
    _t(r"\bbarricad\w*|\bmolotov\b|\bpetrol bombs?\b|\b(?:threw|hurled|pelted) stones\b|\bstoned\b|\briot\w*|\bmob\b|\bangry crowds?\b|\bviolent demonstrat\w*|\b[ée]meutes?\b|\blynch\w*",
       RIOTS, "Violent demonstration", 45),
    # Strategic developments
    _t(r"\barrest\w*|\bdetain\w*|\bapprehend\w*|\barr[êe]t[ée]s?\b|\binterpell[ée]\w*|\bin custody\b",
       STRATEGIC, "Arrests", 35),
    _t(r"\blooted\b|\blooting\b|\bpillag\w*|\bpill[ée]\w*|\bset (?:ablaze|on fire|fire to)|\bburn(?:ed|t) (?:down )?"
       r"(?:the |several |many |\d+ )?(?:houses?|homes?|shops?|huts?|granar\w*|vehicles?|buildings?|schools?)|"
       r"\bincendi\w*|\bdestroy(?:ed|ing)\b|\bdestruction\b|\bvandali\w*|\bstole\b|\bstolen\b|\brustl\w*|"
       r"\bburn(?:ed|t|ing)\b|\bseiz(?:ed|ing|ure)\b|\bconfiscat\w*|\bransack\w*|\bdamag(?:ed|ing)\b|"
       r"\bcattle theft|\brobb(?:ed|ing|ery|eries)\b|\bbraqu\w*|\bvol[ée]s?\b|\bseized (?:\d+ |several |a |the )?(?:cattle|livestock|goods|motorbikes?|vehicles?)",
       STRATEGIC, "Looting/property destruction", 30),
    _t(r"\bdefused\b|\bdismantl\w*|\bneutrali[sz]ed (?:an? )?(?:IED|explosive)|\bweapons? caches?\b|\barms caches?\b|"
       r"\bseized (?:weapons|arms|ammunition|explosives)|\bdésamorc\w*",
       STRATEGIC, "Disrupted weapons use", 50),
    _t(r"\b(?:signed|sign) (?:an? |the )?(?:peace |ceasefire |cease-fire )?(?:agreement|accord|deal|truce)|"
       r"\bceasefire\b|\bcease-fire\b|\bpeace (?:agreement|deal|accord)|\btruce\b|\baccord de paix\b",
       STRATEGIC, "Agreement", 25),
    _t(r"\b(?:established|set up|built|installed) (?:a |an )?(?:new )?(?:military )?(?:bases?|camps?|headquarters|"
       r"outposts?|fortifications)",
       STRATEGIC, "Headquarters or base established", 24),
    _t(r"\btaken over\b|\btook over\b|\bunder (?:the )?control of\b|\bwithdr[ea]w\w* from\b|\bhanded over\b|\bretreated from\b|\bvacated\b|\babandoned (?:the |their )?(?:town|base|post|camp)",
       STRATEGIC, "Non-violent transfer of territory", 22),
    _t(r"\b(?:patrol(?:s|led|ling)?|reinforcements?|deploy(?:ed|ment)|redeploy\w*|movement of (?:forces|troops)|"
       r"troop movements?|convoy)\b", STRATEGIC, "Other", 12),
    _t(r"\b(?:returned|arrived|repatriat\w*|quarantine\w*|curfew|state of emergency|banned|suspended|prohibited|"
       r"threatened|displace\w*|evacuat\w*|closed down|ran a checkpoint|set up (?:a )?checkpoints?|cutting back)\b",
       STRATEGIC, "Other", 10),
    _t(r"\bmerg(?:ed|er)\b|\bannounced (?:the )?(?:creation|formation)|\bpledged allegiance|\bnew leader\b|"
       r"\bwas formed\b|\bjoin(?:ed|ing)? (?:the )?[\w-]+(?: [\w-]+)? (?:alliance|coalition|platform|movement|group)\b|"
       r"\b(?:announced|decided|agreed)\b[^.]{0,40}\bjoin\w*|\bdefect(?:ed|ion|ions)\b|\bsplit from\b|\bformed (?:a |the )?(?:new )?(?:group|coalition|alliance)|\brecruit\w*",
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
    r"\b(?:bases?|camps?|posts?|outposts?|checkpoints?|barracks|patrols?|convoys?|garrisons?|positions?|soldiers?|troops?|"
    r"army|military|gendarm\w*|police\w*|forces?|militia\w*|fighters?|militants?|jihadists?|rebels?|"
    r"poste|soldats?|militaires?|arm[ée]e|gendarmerie|policiers?|peacekeepers?|casques bleus|guards?|"
    r"officers?|commanders?|escorts?|militiamen|self-defen[cs]e|dozos?|jihadistes|"
    r"terroristes?|combattants|FAMa|MINUSMA|Barkhane)\b", re.IGNORECASE)
CIVILIAN_TARGET = re.compile(
    r"\b(?:civilians?|villagers?|residents?|villages?|hotels?|restaurants?|caf[eé]s?|bars?|markets?|mosques?|"
    r"churches?|schools?|teachers?|shepherds?|herders?|farmers?|traders?|women|children|passengers?|"
    r"worshippers?|pilgrims?|tourists?|civils?|habitants?|villageois|commer[çc]ants?|people|persons?|man|men|"
    r"woman|individuals?|vehicles?|bus|buses|trucks?|cars?|motorbikes?|chiefs?|mayors?|officials?|imams?|"
    r"students?|workers?|drivers?|merchants?|journalists?|famil(?:y|ies)|hamlets?|towns?|homes?|houses?|"
    r"hospitals?|clinics?|weddings?|funerals?|humanitarian\w*|NGOs?|marketgoers|hostages?|personnes|hommes|"
    r"femmes|enfants|élèves|chef de village|maire)\b", re.IGNORECASE)

# --- ACLED's codebook, read as rules on the words of the account (written by us from the public codebook) ---

# Fighting on the ground: shelling or a mine during a clash or an ambush is part of a battle.
GROUND_FIGHTING = re.compile(
    r"\bclash\w*|\bfighting\b|\bfought\b|\bgun ?battles?\b|\bexchange(?:d)? (?:of )?fire\b|\bfirefights?\b|"
    r"\bcomplex (?:ambush|attack)\b|\bambush\w*|\bsmall arms\b|\bground (?:forces|troops|operation)\b|"
    r"\bcommandos?\b|\baffrontements?\b|"
    r"\bcombats?\b|\bembuscades?\b", re.IGNORECASE)
# Words that say the people attacked fought back: an attack on a village its self-defence repelled is a battle.
ARMED_RESPONSE = re.compile(
    r"\bresponded\b|\brepel+ed\b|\brepuls\w*|\bfought back\b|\bexchang\w* (?:of )?(?:gun)?fire\b|\bfirefight\w*|"
    r"\bshoot-?outs?\b|"
    r"\bself-defen[cs]e\b|\bri(?:po|poste)\w*|\briposté\w*|\bgun ?battle\w*|"
    r"\b(?:special forces|security forces|soldiers|troops|the army|police|gendarmes|forces spéciales|forces de sécurité)"
    r"\b[^.]{0,40}\b(?:surrounded|stormed|intervened|launched an assault|neutrali[sz]ed|encerclé|donné l'assaut)",
    re.IGNORECASE)
# One-sided killing words: with no armed victim named, the victims were civilians.
ONE_SIDED = re.compile(
    r"\bexecut(?:ed|ion)\w*|\bassassinat\w*|\bshot (?:dead|and killed)|\bmurder\w*|\bmassacre\w*|\bbeheaded\b|"
    r"\bslaughter\w*|\btortur\w*|\bbeat(?:en)? to death|\bhacked to death|\bstabbed\b|\bwhipped\b|\bflogged\b|"
    r"\bexécut\w*|\bégorg\w*", re.IGNORECASE)
# People (not places or things): an attack on these is an attack, even when no one was hurt.
PEOPLE = re.compile(
    r"\b(?:civilians?|villagers?|residents?|people|persons?|man|men|woman|women|child(?:ren)?|boys?|girls?|"
    r"individuals?|famil(?:y|ies)|farmers?|herders?|shepherds?|traders?|merchants?|drivers?|passengers?|workers?|"
    r"students?|teachers?|chiefs?|mayors?|officials?|leaders?|imams?|journalists?|members?|worshippers?|"
    r"civils?|habitants?|villageois|personnes|hommes|femmes|enfants|élèves|chef)\b", re.IGNORECASE)
# Mob violence: groups of unarmed people fighting each other, or a crowd attacking someone.
MOB = re.compile(
    r"\bmobs?\b|\blynch\w*|\bvigilantes?\b|\bpelt(?:ed|ing)\b|\b(?:threw|hurled|pelting) (?:with )?stones\b|"
    r"\bstones? pelting\b|\bstoned\b|\bangry (?:crowd|residents|villagers|youths?)\b|\bfoule en col[eè]re\b|"
    r"\bvindicte populaire\b", re.IGNORECASE)
# Unarmed sides of a clash: a clash between these (and no armed actor) is mob violence, not a battle.
UNARMED_SIDES = re.compile(
    r"\b(?:groups?|communit(?:y|ies)|villagers|residents|youths?|students|families|clans?|tribes?|neighbou?rs|"
    r"supporters|workers|traders|farmers|herders|mobs?|people|jeunes|villageois|communautés?)\b", re.IGNORECASE)
# What protesters do that makes a protest a riot (ACLED: "violent demonstration").
PROTESTER_VIOLENCE = re.compile(
    r"\b(?:threw|hurled|pelted|throwing|hurling|pelting) (?:\w+ ){0,2}(?:stones|rocks|bottles|projectiles|"
    r"petrol bombs|molotov)|\bburn(?:ed|t|ing) (?!(?:an? |the |\w+ )?effig)|\bset (?:ablaze|on fire|fire)|\btorch\w*|"
    r"\bvandali\w*|\bransack\w*|\blooted (?:the |shops|stores|houses|property|businesses|a )|\bclash\w*|\battacked\b|\bdamag\w*|\bbarricad\w*|\brampag\w*|\bviolent\b|"
    r"\brioting\b|\bincendi\w*|\bsaccag\w*|\bjets? de pierres\b", re.IGNORECASE)
# What the authorities do that makes a protest one "with intervention".
INTERVENTION = re.compile(
    r"\bdispers\w*|\btear ?gas\b|\bteargas\w*|\bintervened\b|\barrest\w*|\bdetain\w*|\brubber bullets\b|"
    r"\bwarning shots\b|\bbaton\w*|\bwater cannon\w*|\bbeat(?:en)?\b|\bbroke up\b|\bgaz lacrymog\w*|"
    r"\binterpell\w*", re.IGNORECASE)
# Force against a crowd, whoever is named using it (an arrest may be what the protest is about, force is not).
INTERVENTION_FORCE = re.compile(
    r"\bdispers\w*|\btear ?gas\b|\bteargas\w*|\bintervened\b|\brubber bullets\b|\bwarning shots\b|"
    r"\bwater cannon\w*|\bbroke up\b|\bgaz lacrymog\w*|\bbaton[- ]charg\w*", re.IGNORECASE)
# Words that name the act itself as a protest (used to see a protest behind a winning "clash" or "arrest").
PROTEST_WORDS = re.compile(
    r"\bprotest\w*|\bdemonstrat\w*|\b(?-i:march(?:ed|es|ing)?)\b|\brall(?:y|ied|ies)\b|\bsit-?ins?\b|\bmanifest\w*|"
    r"\bmarche\b|\bstrikers?\b|\bwent on strike\b|\btook to the streets\b|\bdharna\b|\bsit-?ins?\b", re.IGNORECASE)
# Armed men who are not the state's: with none of these on either side, a clash is a riot, not a battle.
NONSTATE_ARMED = re.compile(
    r"\b(?:militants?|jihadists?|djihadistes?|rebels?|rebelles?|gunm[ae]n|fighters?|insurgents?|militia\w*|milicien\w*|"
    r"assailants?|assaillants?|bandits?|terrorists?|terroristes?|armed (?:men|group|groups|individuals|elements)|"
    r"attackers?|hommes armés|combattants?|dozos?|self-defen[cs]e|vigilantes?)\b", re.IGNORECASE)
