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


# An armed entry into a place: what was done there (killed, abducted, looted) names the kind when the report tells it.
# Whose incursion it was says nothing of the sides ACLED names first: "forces thwarted a pro-Houthi incursion".
INCURSION = _t(r"\bincursions?\b|\binfiltration attempts?\b", BATTLES, ATTACK, 59)

TRIGGERS: tuple[Trigger, ...] = (
    # Explosions / remote violence
    _t(r"\bsuicide[- ](?:bomb\w*|attack\w*|car|vest|vehicle)|\bkamikazes?\b|\bsuicide\b|\bVBIEDs?\b|\bSVBIEDs?\b",
       EXPLOSIONS, "Suicide bomb", 95),
    _t(r"\b(?:air|drone|aerial)[- ]?strikes?\b|\bairstrikes?\b|\bair raids?\b|\bbombed from the air\b|"
       r"\bfrappes? a[ée]riennes?\b|\bhelicopters? (?:fired|struck|opened fire)|\bdrone attack|"
       r"\b(?:jets?|warplanes?|aircraft|planes?|helicopters?|gunships?)\s+(?:\w+\s+){0,2}(?:bomb\w*|struck|strike|"
       r"attack\w*|fired|targeted|raided|pounded)|(?<!of the )\b(?:air forces?|aviation)\b(?! intelligence)|\bbomb(?:ed|arded|ardments?)\b|"
       r"\b(?:aircrafts?|jets?|warplanes?|planes?|drones?|helicopters?|gunships?|MiGs?|Sukhois?)\b[^.]{0,60}\b(?:strikes?|hit|"
       r"struck|targeted|target|raids?|raided|bombed)\b|\b(?:by|from) (?:an? )?(?:\w+ )?drones?\b|"
       r"\bbombardements?\b",
       EXPLOSIONS, "Air/drone strike", 90),
    _t(r"\b(?:RC|VB|PB|SVB|UV|VO)?IEDs?\b|\bimprovised explosive|\blandmines?\b|\bland mines?\b|\broadside bombs?\b|\bexplosive devices?\b|"
       r"\bengins? explosifs?\b|\bmines? artisanales?\b|\bstruck a mine\b|\bhit a mine\b|\bsauté sur une mine\b|"
       r"\b(?:struck|hit|ran over|run over|drove over|stepped on|triggered) (?:by )?(?:an? |the )?(?:anti-?\w+ )?mines?\b|"
       r"\bcar bomb\w*|\bbomb (?:exploded|blast|went off)|\bexplosions?\b|\bdetonat\w*|\bblew up\b|\bblown up\b|"
       r"\bexplosives?\b|\bbombs?\b|\bbombings?\b",
       EXPLOSIONS, "Remote explosive/landmine/IED", 85),
    # "the device exploded": the kind only where no weapon or act of violence is told beside it
    _t(r"\b(?:devices?|charges?|mines?|ordnance|munitions?) (?:\w+ ){0,2}?(?:exploded|went off)\b|"
       r"\b(?:engins?|charges?|mines?|obus) (?:\w+ ){0,2}?(?:a|ont) explosé", EXPLOSIONS, "Remote explosive/landmine/IED", 30),
    _t(r"\bshell(?:ed|ing|s)\b|\bmortars?\b|\brockets?\b|\bartillery\b|\bobus\b|\broquettes?\b|\bmissiles?\b|"
       r"\bprojectiles?\b|\bshells\b|\bgrenade launchers?\b|\bRPGs?\b|\bheavy weapons\b|\bIFVs?\b|\btank fire\b|"
       r"\bBM-21\b|\bGrad\b|\bhowitzers?\b|\btirs? d'obus\b|\bheavy (?:and medium )?machine ?guns?\b|\bmedium weapons\b|"
       r"\banti-?aircraft\b|\bATGMs?\b|\banti-tank (?:guided )?missiles?\b|\brecoilless\b",
       EXPLOSIONS, "Shelling/artillery/missile attack", 80),
    _t(r"\bgrenades? (?:was |were )?(?:thrown|hurled|lobbed)|\b(?:threw|thrown|hurled|lobbed) (?:a |an )?(?:hand )?grenades?|\bgrenade attack|\bgrenade (?:exploded|blast)",
       EXPLOSIONS, "Grenade", 82),
    _t(r"\bchemical weapons?\b|\bgas attack\b", EXPLOSIONS, "Chemical weapon", 96),
    # Violence against civilians with a specific form
    _t(r"\babduct\w*|\bkidnapp?\w*|\btaken hostage\b|\bhostages?\b|\benlev[ée]\w*|\benl[eè]vements?\b|\brapt\b|"
       r"\bforced disappearance|\b(?:forcibly|forcefully) disappear\w*|\bdisparition forcée|"
       r"\bforced (?:him|her|them) into\b|\bordered (?:him|her|them) to (?:come|go) with them\b|"
       r"\b(?:took|taken) (?:them |him |her )?to an unknown (?:destination|location)",
       VAC, "Abduction/forced disappearance", 70),
    _t(r"\braped?\b|\brapes\b|\bsexual(?:ly)? (?:violence|assault\w*|abuse\w*)|\bviol(?:ée|ées|s)?\b(?= )",
       VAC, "Sexual violence", 72),
    # Armed violence whose type depends on the target (battle against armed men, attack on civilians)
    _t(r"\battack\w*|\bassault\w*|\braid(?:s|ed|ing)?\b|\bambush\w*|\bstorm(?:ed|ing)\b|\boverr?an\b|"
       r"\bopened fire\b|\bopen fire\b|\bfired\b|\bfiring\b|\bshot (?:dead|and killed)|\bshot\b|\bgunfire\b|"
       r"\bgunshots?\b|\btarget(?:ed|ing)\b|\bshooting\b|\bdrive-by\b|\bwhipped\b|\bflogged\b|\bbeat(?:s|en)?\b|"
       r"\bassaulted\b|\bmutilat\w*|\bstab\w*|\bhacked\b|\bthroats? (?:were |was )?slit\b|\bkill(?:ed|ing|s)?\b|\bexecut(?:ed|ion)\w*|\bmurder\w*|\bmassacre\w*|\bbeheaded\b|"
       r"\battaqu\w*|\bembuscade\w*|\btu[ée]s?\b|\bassassin\w*|\bslaughter\w*|\btortur\w*|\bbeat(?:en)? to death|"
       r"\bdecapitat\w*|\bdécapit\w*|\bgunned down\b|\bcut (?:off )?(?:the |his |her |their |a )?(?:ears?|throats?|hands?|noses?|"
       r"fingers?)\b|\b(?:baton|lathi|cane)[- ]?charg\w*|\beliminat(?:ed|ing) (?:\w+ ){0,3}(?:militants|terrorists|jihadists|"
       r"fighters|insurgents|gunmen|assailants|rebels)\b|\bneutrali[sz](?:ed|ing) (?:\w+ ){0,3}(?:militants|terrorists|jihadists|"
       r"fighters|insurgents|gunmen|assailants|rebels)\b|\b(?:terroristes|djihadistes|jihadistes|assaillants) (?:ont été )?"
       r"neutralisés\b|\bneutralis[ée] (?:\w+ ){0,3}(?:terroristes|djihadistes|jihadistes|assaillants)\b|"
       r"\bcaptur(?:ed|ing) (?:\w+ ){0,5}?(?:militants|terrorists|jihadists|fighters|insurgents|gunmen|assailants|rebels|bandits)\b|"
       r"\b(?:militants|terrorists|jihadists|fighters|insurgents|gunmen|assailants|rebels|bandits) (?:[\w-]+ ){0,6}?"
       r"(?:were )?captured\b",
       BATTLES, ATTACK, 60),
    INCURSION,
    # words that tell of violence without saying what was done: an event only when nothing more specific is told
    _t(r"\bdeath of\b|\bdead\b|\binjur(?:e|es|ed|ing)\b|\bwound(?:ed|ing)\b|\bblessé\w*|\bgunshot wounds?\b|"
       r"\b(?:sustained|suffered|received|succumbed to) (?:\w+ ){0,2}(?:wounds|injuries)\b", BATTLES, ATTACK, 31),
    _t(r"\bhuman (?:heads?|remains)\b|\b(?:male|female|severed) heads?\b|\b(?:died|dead) and (?:was|were) (?:later )?found\b|"
       r"\b(?:was|were) found (?:wrapped|bound|tied|buried|stuffed|inside|in a (?:plastic )?bag)|\bdismembered\b|"
       r"\bremains of\b|\bgunmen\b|\bcorpses?\b|\bbod(?:y|ies) (?:of|were|was)\b|\bfound dead\b|\blifeless\b|"
       r"\bhommes armés\b",
       BATTLES, ATTACK, 29),
    _t(r"\bclash\w*|\bfighting\b|\bfought\b|\bexchange(?:d)? (?:of )?fire|\bfirefights?\b|\bgun ?battles?\b|"
       r"\bbattles?\b|\bshoot-?outs?\b|\bgunfights?\b|\bbursts? of fire\b|\bshots\b|\baffrontements?\b|"
       r"(?<!to )\bcombats?\b|\baccrochages?\b|\bskirmish\w*|\bengaged\b|"
       r"\bresponded to (?:[\w-]+ ){0,2}fire\b",
       BATTLES, "Armed clash", 62),
    _t(r"\binter-?(?:communal|ethnic|clan|tribal) (?:violence|conflict|fighting|clash\w*)|\bcommunal violence\b|"
       r"\bclan (?:fighting|violence)\b|\btribal (?:fighting|violence)\b|\bviolences? intercommunautaires?\b",
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
       r"\btook to the streets\b|\bsit-?in\b|\bdharna\b|\b(?:went|took|poured|came out) (?:out )?(?:in)?to the streets?\b|"
       r"\bdescendu\w* dans la rue\b|\bpicket\w*|\bplacards?\b|\bpancartes?\b|\bchant(?:ed|ing)\b|\bhuman chains?\b|"
       r"\bchaînes? humaines?\b|\b(?:took out|brought out|staged|held) (?:a |an )?(?:\w+ )?procession\b|"
       r"\bbang(?:ed|ing) (?:\w+ )?pots\b|\bpot-?banging\b|\bcacerolazos?\b|\bconcerts? de casseroles\b",
       PROTESTS, "Peaceful protest", 40),
    _t(r"\bstrike action\b|\bon strike\b|\b(?:\w+-day |general |hunger )strike\b|\blaunched a strike\b|\bmotorcade\b|\bstrikes? (?:over|against|for|to demand)\b|\bgeneral strike\b|"
       r"\bblock(?:ed|ing|aded)? (?:[\w'’-]+ ){0,3}?(?:road|roads|highway|entrance|street|streets|access|traffic|rails?|"
       r"railway|railroad|circulation|bridge|junction|intersection)\b|"
       r"\bbloqu\w* (?:[\w'’-]+ ){0,3}?(?:route|routes|axe|voie|circulation|accès|pont|carrefour)\b|"
       r"\bdispers(?:ed|ing) (?:the |a )?(?:\w+ )?(?:crowds?|protesters|demonstrators|gatherings?|rall(?:y|ies)|sit-ins?|"
       r"marchers|strikers)\b|\b(?:were|was) dispersed\b|"
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
       r"\bcattle theft|\brobb(?:ed|ing|ery|eries)\b|\barson\w*|\bstripp(?:ed|ing) (?:\w+ ){0,3}(?:of )?(?:their |his |her )?"
       r"(?:belongings|possessions|goods|money|valuables|cash)|\bcarjack\w*|\bplunder\w*|\brazed?\b|\buprooted\b|\bextort\w*|"
       r"\braided (?:\w+ )?(?:cattle|livestock|goats|sheep|camels)\b|\bloot\b|\bset (?:\w+ )?alight\b|"
       r"\bdemoli(?:sh(?:ed|ing)?|tions?)\b|\bdémoli\w*|\bsmash(?:ed|ing)\b|\bshatter(?:ed|ing)\b|"
       r"\bcut down (?:[\w-]+ ){0,4}?(?:trees|crops|orchards?)\b|\bsaccag\w*|\brançonn\w*|\bbraqu\w*|\bvol[ée]s?\b|"
       r"\bseized (?:\d+ |several |a |the )?(?:cattle|livestock|goods|motorbikes?|vehicles?)",
       STRATEGIC, "Looting/property destruction", 30),
    # a weapon found, defused, intercepted or gone off in its layer's hands: ACLED's "disrupted weapons use", ahead of
    # the IED or missile it names
    _t(r"\bdefus(?:ed|ing|al)\b|\bdisposed of\b|\bneutrali[sz]ed (?:an? )?(?:IED|explosive)|\bseiz\w* (?:\w+ ){0,3}(?:IEDs?|explosives|"
       r"(?:land)?mines)\b|\bdésamorc\w*|"
       r"\b(?:detected|discovered|found|recovered|unearthed|uncovered|cleared|located|spotted)(?: and (?:destroyed|defused|"
       r"cleared|neutrali[sz]ed|detonated))? (?:\w+ ){0,3}(?:IEDs?|improvised explosive|(?:land)?mines?|explosives?|"
       r"explosive devices?|bombs?|caches?|rockets?)\b|"
       r"\b(?:in the process of|while|when) (?:\w+ )?(?:planting|laying|placing|assembling|making|manufacturing|handling|"
       r"setting up) |\bexploded prematurely\b|\bpremature(?:ly)? (?:explosion|detonation)|\baccidental(?:ly)? "
       r"(?:explosion|detonat\w*)|\bcontrolled (?:explosion|detonation)|\bintercepted (?:[\w-]+ ){0,3}(?:missiles?|rockets?|"
       r"drones?|projectiles?)\b|\bshot down (?:[\w-]+ ){0,3}(?:drones?|missiles?|rockets?)\b|\bcaches? d'armes\b|"
       r"\b(?:découv\w*|détrui\w*|neutralis\w*) (?:\w+ ){0,3}(?:engins? explosifs?|mines?|EEI)\b",
       STRATEGIC, "Disrupted weapons use", 88),
    # weapons taken or a cell broken up: the event only when no fight or attack is told beside it
    _t(r"\bdismantl\w*|\bweapons? caches?\b|\barms caches?\b|\bseized (?:\w+ ){0,3}(?:weapons|arms|ammunition)\b",
       STRATEGIC, "Disrupted weapons use", 50),
    _t(r"\b(?:signed|sign) (?:an? |the )?(?:peace |ceasefire |cease-fire )?(?:agreement|accord|deal|truce)|"
       r"\bceasefire\b|\bcease-fire\b|\bpeace (?:agreement|deal|accord)|\btruce\b|\baccord de paix\b|"
       r"\bcessation of hostilities\b|\bcessez-le-feu\b|\barmistice\b",
       STRATEGIC, "Agreement", 25),
    _t(r"\b(?:established|set up|built|installed) (?:a |an |two |three |several |\d+ )?(?:new )?(?:military )?(?:bases?|"
       r"camps?|headquarters|outposts?|fortifications)",
       STRATEGIC, "Headquarters or base established", 24),
    _t(r"\btaken over\b|\btook over\b|\bunder (?:the )?control of\b|\bwithdr[ea]w\w* from\b|\bhanded over\b|\bretreated from\b|\bvacated\b|\babandoned (?:the |their )?(?:town|base|post|camp)",
       STRATEGIC, "Non-violent transfer of territory", 22),
    # prisoners released or exchanged by a side: ACLED's "other" strategic development
    _t(r"\breleased (?:[\w-]+ ){0,4}prisoners\b|\bprisoners? (?:release|exchange|swap)s?\b|\bfreed (?:[\w-]+ ){0,3}prisoners\b|"
       r"\blibér\w* (?:[\w-]+ ){0,3}prisonniers\b|\béchange de prisonniers\b", STRATEGIC, "Other", 58),
    # told in a report with no stronger event word, these are the event; beside one they only add background (a siege
    # before the clash that broke it, a surrender after the battle), so they stay weak and never open an account
    _t(r"\b(?:signed|sign) (?:an? |the )?(?:[\w-]+ ){0,4}?(?:agreement|accord|deal|pact)\b|\bsurrender(?:ed|s)?\b|"
       r"\blaid down (?:their |its )?(?:arms|weapons)\b|\breddition\b|\bdéposé les armes\b", STRATEGIC, "Agreement", 14),
    _t(r"\b(?:turn|transform|convert)\w* (?:[\w-]+ ){0,4}?into (?:a |an )?(?:military )?(?:barracks|bases?|camps?|"
       r"headquarters|outposts?)\b", STRATEGIC, "Headquarters or base established", 14),
    _t(r"\b(?:released|freed) from (?:[\w-]+ ){0,2}prisons?\b", STRATEGIC, "Other", 14),
    _t(r"\btorch(?:ed|ing)\b|\bsteal(?:ing|s)?\b|\bthefts?\b", STRATEGIC, "Looting/property destruction", 14),
    _t(r"\bdefect(?:s|ing)? (?:to|from)\b|\brejoin(?:ed|s)?\b|\bjoin(?:ed|"
       r"s)? (?:the ranks of )?(?:the )?(?-i:[A-Z])[\w-]*|\bont rejoint\b|"
       r"\bralli[ée]s? (?:à|au|aux)\b|\bannounced (?:the )?(?:founding|establishment)\b|\b(?:have been|was|were|been) founded\b|"
       r"\blaunched (?:an? |the )?(?:new )?(?:military )?(?:(?-i:Operation)|operation|offensive|campaign)\b|"
       r"\bbesieg\w*|\bsiege\b|\bencircl\w*", STRATEGIC, "Change to group/activity", 13),
    _t(r"\b(?:patrol(?:s|led|ling)?|reinforcements?|deploy(?:ed|ment)|redeploy\w*|movement of (?:forces|troops)|"
       r"troop movements?|convoys?|(?:military|army) columns?|(?:military|joint|cross-border|counter-?terrorism|"
       r"counter-?insurgency|clearance|clearing) operations?|opérations? militaires?)\b|"
       r"\bcolumns? (?:with|of) (?:\w+ ){0,3}?(?:military )?vehicles\b|"
       r"\breinforc(?:ed|ing) (?:\w+ ){0,2}(?:troops|forces|positions|presence)\b|"
       r"\b(?:heightened|stepped up|tightened) (?:\w+ ){0,2}security\b|\bsecurity posture\b|"
       r"\b(?:set up|held|placed|erected|manned|installed) (?:\w+ )?(?:checkpoints?|check points?)\b|\bidentity checks\b|"
       # an armed group handing out aid, an authority closing roads or ordering a lockdown: a change in what it does
       r"\b(?:deliver(?:ed|ing)|distribut(?:ed|ing)|handed out|gave out) (?:[\w-]+ ){0,3}?(?:food|aid|supplies|packages|"
       r"groceries)\b|"
       r"\block-?downs?\b|\bmesures de confinement\b|\bconfinement (?:total|général|partiel)\b|\bsealed off\b|"
       r"\bban (?:on|of) (?:\w+ ){0,2}(?:travel|movement|gatherings?)\b|"
       r"\b(?:halt|suspend|clos)\w* (?:all )?(?:the )?(?:entries|roads|borders?|crossings?)\b|\bcouvre-feu\b",
       STRATEGIC, "Change to group/activity", 12),  # forces moved: a change of activity
    _t(r"\b(?:returned|arrived|repatriat\w*|quarantine\w*|curfew|state of emergency|banned|suspended|prohibited|"
       r"threatened|displace\w*|evacuat\w*|closed down|ran a checkpoint|set up (?:a )?checkpoints?|cutting back|"
       r"resign(?:ed|ation)|persona non grata|expelled|sworn in|coup|intercepted)\b|"
       r"\b(?:approved|formed|appointed|announced) (?:a |the )?new government\b|(?<!-)\boccupied (?:the |a |an )|"
       r"\bétat d'urgence\b", STRATEGIC, "Other", 10),
    _t(r"\bmerg(?:ed|er)\b|\bannounced (?:the )?(?:creation|formation)|\bpledged allegiance|\bnew leader\b|"
       r"\bwas formed\b|\bjoin(?:ed|ing)? (?:the )?[\w-]+(?: [\w-]+)? (?:alliance|coalition|platform|movement|group)\b|"
       r"\b(?:announced|decided|agreed)\b[^.]{0,40}\bjoin\w*|\bdefect(?:ed|ion|ions)\b|\bsplit from\b|\bformed (?:a |the )?(?:new )?(?:group|coalition|alliance)|\brecruit\w*",
       STRATEGIC, "Change to group/activity", 20),
)

# The trigger words that tell of a body or remains found: a killing whose victim is all the report knows.
FOUND_REMAINS = re.compile(r"\b(?:heads?|remains|dismembered|corpses?|bod(?:y|ies)|found|lifeless)\b", re.IGNORECASE)

# A sentence about counts of events over a period, not about one event ("at least 80 attacks so far this year").
STATISTIC = re.compile(
    r"\b(?:at least|more than|over|nearly|some|almost|about|around|plus de|au moins)\s+[\d,]+\s+(?:[\w'’-]+\s+){0,3}"
    r"(?:attacks|incidents|events|operations|bombings|attaques|incidents)\b"
    # a share of violence ("a 150 percent increase in attacks"), not a share of anything ("a 50% tuition cut")
    r"|\b(?:attacks|incidents|events|violence|deaths|fatalities|killings|casualties|attaques|violences|décès|morts)\b"
    r"[^.;]{0,80}?\d+(?:\.\d+)?\s*(?:percent|per cent|%|pour cent)"
    r"|\b\d+(?:\.\d+)?\s*(?:percent|per cent|%|pour cent)[^.;]{0,80}?\b(?:attacks|incidents|events|violence|deaths|"
    r"fatalities|killings|casualties|attaques|violences|décès|morts)\b"
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
    r"terroristes?|combattants|FAMa|MINUSMA|Barkhane|customs|rangers?|vigilantes?|douaniers?|douane|"
    r"(?:security|military|police|army) (?:personnel|officials?|agents?))\b", re.IGNORECASE)
# A victim the report says was armed or in a gang (ACLED codes gang violence as fighting between armed groups).
ARMED_VICTIM = re.compile(
    r"\bvictims? (?:was|were|had been) (?:\w+ ){0,3}(?:armed|gang|drug[- ]traffick\w*|involved in (?:a |the )?(?:gang|drug))|"
    r"\bvictims? had (?:\w+ ){0,5}(?:charges|convicted|criminal record)[^.]{0,60}\b(?:drug|traffick\w*|gang|robber\w*|"
    r"murder|homicide)|\b(?:alleged|suspected|presumed) (?:drug dealers?|gang members?|drug traffickers?)\b|"
    r"\bbelonging to (?:a |the )?(?:vigilante|gang|militia|armed group)", re.IGNORECASE)
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
    r"\bcomplex (?:ambush|attack)\b|(?<!IED )(?<!bomb )(?<!mine )\bambush\w*|\bsmall arms\b|\bground (?:forces|troops|operation)\b|"
    r"\bcommandos?\b|\baffrontements?\b|"
    r"\bcombats?\b|\bembuscades?\b", re.IGNORECASE)
# Both sides fired (ACLED: an exchange of fire is an armed clash, whatever the weapons): "exchanged artillery fire",
# "explosions in both directions of the frontline", "responded to the shelling", "échange de tirs".
MUTUAL_FIRE = re.compile(
    r"\bin both directions\b|\bexchang\w* (?:of )?(?:\w+ ){0,2}(?:fire|artillery|shell\w*|rockets?|mortars?|"
    r"gunfire|shots)\b|\b(?:shelling|artillery|fire|rocket|mortar) exchanges?\b|\bfired back\b|\breturned (?:the )?fire\b|"
    r"\bresponded (?:to (?:the |their )?(?:\w+ )?(?:fire|shelling|attack)|with (?:\w+ )?fire)|\bfire exchange|"
    r"\b[ée]changes? de tirs\b|\bripost[ée]\w*|\b(?:from|on) both sides\b", re.IGNORECASE)
# Fire at close range (small arms, shots) beside shelling: the two sides fought, a clash.
# (heavy machine guns fired from afar go with the shelling: not here)
DIRECT_FIRE = re.compile(r"\bsmall arms\b|\bgunfire\b|\b(?<!warning )shots\b|\blight weapons\b|\barmes légères\b|"
                         r"\bfusillades?\b|\bdirect fire\b|\bshoot-?outs?\b|\bopened fire (?:on|at|against)\b",
                         re.IGNORECASE)
# Armed men attacked while off duty, on leave, retired or at home: ACLED codes the attack as violence against civilians.
OFF_DUTY_VICTIM = re.compile(
    r"\boff[- ]duty\b|\bnot on duty\b|\bon leave\b|\bretired\b|\bunarmed\b|\ben civil\b|\ben permission\b|"
    r"\bà la retraite\b|\bdefected\b|\bdeserters?\b|\bat (?:his|her|their) (?:home|house|residence)s?\b|"
    r"\bwhile (?:he|she|they) (?:was|were) (?:working|farming|tending|praying|travel\w*|sleeping|shopping|on (?:his|her|their) "
    r"way)|\bon (?:his|her|their) (?:farm\w*|fields?)\b|\b(?:leaving|coming from|heading to) (?:a |the |his |her )?(?:mosque|"
    r"church|home|house|market)\b|"
    r"\bformer (?:soldier|police\w*|officer|member|militiam[ae]n|fighter|combatant|guard|gendarme)s?\b|"
    r"\bex-(?:soldier|combatant|militant|fighter|rebel)s?\b", re.IGNORECASE)
# People who are no armed organisation: a crowd of these that attacks someone (even a policeman) is mob violence.
CROWD = re.compile(
    r"\b(?:youths?|villagers|locals|residents|inhabitants|people|persons|citizens|crowds?|mobs?|sellers|vendors|"
    r"traders|merchants|shopkeepers|students|pupils|workers|labou?rers|migrants|refugees|neighbou?rs|relatives|"
    r"passengers|fans|supporters|jeunes|habitants|villageois|population|foule|commer[çc]ants|élèves|[ée]tudiants|men|"
    r"groups?|employees|community members|members of the (?:public|community)|individuals)\b",
    re.IGNORECASE)
# Guns: a crowd does not shoot; an attacker who does is an armed group, whatever the report calls him.
SHOOTING = re.compile(r"\b(?:shot|shoot\w*|gun\w*|opened fire|firing|fired|rifles?|pistols?|firearms?|bullets?|"
                      r"tirs?|abattu\w*|fusill\w*)\b", re.IGNORECASE)
# Communities at war with each other (ACLED: communal or ethnic militias, a battle), not a brawl of two groups.
COMMUNAL = re.compile(
    r"\binter-?(?:communal|communautaires?|ethnic|clan|tribal)\b|\bcommunal (?:violence|clash\w*|fighting|conflict)|"
    r"\bclan (?:fighting|clash\w*|violence|conflict|militia\w*)|\btribal (?:fighting|clash\w*|violence|conflict)|"
    r"\b(?:farmers?|herders?|herdsmen|pastoralists?|agriculturalists?|agro-pastoralists?|éleveurs|agriculteurs|cultivateurs)"
    r"\b[^.]{0,40}\b(?:farmers?|herders?|herdsmen|pastoralists?|agriculturalists?|agro-pastoralists?|éleveurs|agriculteurs|"
    r"cultivateurs)\b|\bethnic (?:clash\w*|violence|fighting|militia\w*)|\b(?:ethnic|clan|tribal) (?:group|communit)\w*"
    r"[^.]{0,30}\b(?:clash\w*|fought)", re.IGNORECASE)
# Arms that make a fight between two groups of people a battle rather than a brawl.
FIREARMS = re.compile(r"\bfirearms?\b|\bguns?\b|\brifles?\b|\bAK-?47s?\b|\bkalachnikovs?\b|\bkalashnikovs?\b|"
                      r"\barmes? à feu\b|\bautomatic weapons\b|\barmed clash\w*", re.IGNORECASE)
# Harm done to people (an attack that did no more than burn or take things is looting/property destruction).
HARM = re.compile(
    r"\bkill(?:ed|ing|s)?\b|\bdead\b|\bdied\b|\bwound\w*|\binjur\w*|\bassault\w*|\bbeat(?:en|ing|s)?\b|\bwhipp\w*|"
    r"\bflogg\w*|\btortur\w*|\bexecut\w*|\bshot (?:dead|and|at|him|her|them)\b|\babduct\w*|\bkidnap\w*|\brap(?:e|ed)\b|"
    r"\bhostages?\b|\bcasualt\w*|\bfatalit\w*|\bvictims?\b|\btu[ée]s?\b|\bbless[ée]\w*|\benlev\w*|\bmorts?\b",
    re.IGNORECASE)
# Places where people live: an attack on one is an attack on its people unless the account says otherwise.
SETTLEMENT = re.compile(r"\b(?:villages?|hamlets?|towns?|settlements?|localit(?:y|ies)|camps?|neighbou?rhoods?|"
                        r"quarters?|villag(?:e|es) de|hameaux?|localités?|quartiers?)\b", re.IGNORECASE)
# The account says outright that no one was hurt (or that no one was there).
NO_HARM = re.compile(
    r"\bno (?:\w+ )?(?:casualt\w*|fatalit\w*|injur\w*|deaths?|victims?|one was (?:hurt|harmed|injured|killed|wounded))|"
    r"\bunharmed\b|\bunhurt\b|\bwithout (?:\w+ )?(?:casualt\w*|fatalit\w*|injur\w*)|\bneither (?:\w+ )?(?:injuries|fatalities)|"
    r"\bnobody was\b|\bhad (?:already )?(?:fled|left|abandoned|deserted)\b|\b(?:was|were) (?:empty|deserted|abandoned)\b|"
    r"\bsans faire de victimes?\b|\baucune victime\b|\bpas de victimes?\b", re.IGNORECASE)
# Words before a harm word that deny it: "no casualties", "nobody was injured", "without fatalities".
NEGATED = re.compile(r"\b(?:no|not|nobody|none|neither|nor|without|zero|aucune?|sans|ni)\b[^.;,]{0,25}$", re.IGNORECASE)
# Words that say the people attacked fought back: an attack on a village its self-defence repelled is a battle.
ARMED_RESPONSE = re.compile(
    r"\bresponded\b|\brepel+ed\b|\brepuls\w*|\bfought back\b|\bexchang\w* (?:of )?(?:gun)?fire\b|\bfirefight\w*|"
    r"\b(?:from|on) both sides\b|\bon each side\b|\bde part et d'autre\b|\bdes deux côtés\b|\boverpowered\b|"
    r"\bdefend(?:ing|ed) (?:the|their) (?:village|town|locality|camp|hamlet)\b|"
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
# People who bear no arms by what they are called: named as what an attack verb struck, they make it violence against
# civilians (whoever else the report names).
CIVILIAN_PERSON = re.compile(
    r"\b(?:civilians?|villagers?|residents?|people|persons?|man|men|woman|women|child(?:ren)?|boys?|girls?|bab(?:y|ies)|"
    r"famil(?:y|ies)|farmers?|shepherds?|traders?|merchants?|vendors?|hawkers?|drivers?|passengers?|workers?|"
    r"students?|pupils?|teachers?|journalists?|activists?|suspects?|prisoners?|detainees?|inmates?|IDPs?|refugees?|"
    r"migrants?|worshippers?|pilgrims?|doctors?|nurses?|imams?|priests?|pastors?|elders?|elderly|individuals?|"
    r"civils?|habitants?|villageois|personnes|hommes|femmes|enfants|élèves|commer[çc]ants?|bergers?|cultivateurs?)\b",
    re.IGNORECASE)
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
    r"petrol bombs|molotov)|(?<!\ba )(?<!\bthe )\bburn(?:ed|t|ing) (?!(?:an? |the |\w+ ){0,2}(?:effig\w*|flags?|images?|"
    r"portraits?|pictures?|photos?|posters?|cop(?:y|ies))\b)|\bset (?:ablaze|on fire|fire)|\btorch(?:ed|ing) (?!(?:an? |the |"
    r"\w+ ){0,2}(?:effig\w*|flags?|images?|portraits?|pictures?|photos?|posters?)\b)|"
    r"\bvandali\w*|\bransack\w*|\blooted (?:the |shops|stores|houses|property|businesses|a )|\bclash\w*|\battacked\b|\bdamag\w*|\bbarricad\w*|\brampag\w*|\bviolent\b|"
    r"\brioting\b|\bincendi\w*|\bsaccag\w*|\bjets? de pierres\b", re.IGNORECASE)
# What a protest is about ("demanding the arrest of those who burned crops", "against the violent attack"): its words
# tell of no violence by the protesters.
PROTEST_CAUSE = re.compile(
    r"\b(?:demand\w*|calling for|call for|denounc\w*|condemn\w*|in (?:protest|response|reaction|retaliation) "
    r"(?:to|against|over|at|of)|due to|after|following|because|pour (?:dénoncer|exiger|réclamer|protester)|suite à|après)"
    r"\b[^.,;]*", re.IGNORECASE)
# A grievance or a blocked road: rioters making a demand (a violent demonstration), not a mob.
GRIEVANCE = re.compile(
    r"\bdemand\w*|\bagainst\b|\bto protest\b|\bin protest\b|\bgrievances?\b|\bbarricad\w*|\bblock\w* (?:\w+ ){0,2}(?:roads?|"
    r"routes?|highways?|streets?|intersections?|junctions?|traffic)\b|\bburning (?:tyres|tires)\b|\bpneus\b|\bréclam\w*|"
    r"\bexig\w*|\bcontre\b", re.IGNORECASE)
# Violence by a crowd against people it accuses (a thief, a witch): mob violence, not a demonstration.
MOB_JUSTICE = re.compile(
    r"\bmobs?\b|\blynch\w*|\bvigilantes?\b|\bjungle justice\b|\bvindicte populaire\b|\bjustice populaire\b|"
    r"\bsuspected (?:of )?(?:\w+ )?(?:thie\w*|robber\w*|witch\w*|kidnapp\w*|theft|stealing)|\baccused of (?:\w+ )?(?:theft|"
    r"stealing|witchcraft|robbery|kidnapping)|\bbeat(?:en)? (?:up|to death)|\bmob justice\b", re.IGNORECASE)
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
