"""Find place names in report text and resolve an event's place against the gazetteer.

Rules, not NER: spaCy's small English model mislabels Sahel villages, and a gazetteer lookup over
capitalised n-grams with guards against ordinary words finds them. `resolve` then picks one place for
the event, using the rest of the text (countries and regions named, other places, the
"(admin2, admin1)" suffix ACLED notes carry) as evidence, and never invents a place the gazetteer lacks.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

from rapidfuzz import fuzz

from warlog.geocode.gazetteer import Gazetteer, admin_key, display_admin_name, normalize_name, slavic_noun
from warlog.records import Place, PlaceRef

Qualifier = str  # "near" | "area" | "km" | "region" | "border"

# Countries this project watches most; a weak prior so "Gao" means Mali, not a hamlet elsewhere.
HOME_COUNTRIES = frozenset({"ML", "BF", "NE"})
SAHEL_COUNTRIES = frozenset({"ML", "BF", "NE", "MR", "SN", "GN", "CI", "DZ", "TD", "NG", "BJ", "TG", "GH", "LY"})
MAX_TOKENS = 4
# Countries whose every admin2 the gazetteer knows (full GeoNames dumps): a name in an "(admin2, admin1)"
# suffix that is none of them names a commune.
FULL_ADMIN2_COUNTRIES = frozenset({"ML", "BF", "NE", "SN", "MR", "GN", "CI"})
PROXIMITY_WEIGHT = 1.0
# How far apart two places said to lie together may be (km): "X near Y", "between X and Y".
TOGETHER_KM = 60.0
# "Yaftali Sufla district", "Apa LGA": a district named in the text (the words before are its name).
_DISTRICT_PHRASE = re.compile(r"\b((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+) (?:district|District|LGA|Local Government Area)\b")
# After a name, words that make it a people's (clan, tribe, ethnic group), English and French: "the Ayr sub-clan",
# "the Moba and Yaana ethnies", "la tribu"; not "community", which in much news is a village ("Kamalu community").
_PEOPLE_AFTER = re.compile(r"(?:\s+(?:and|et)\s+[A-Z][\w'’-]+)?\s+(?:sub-?clans?|clans?|clansmen|tribes?|tribesmen|ethnic groups?|"
                           r"ethnies?|ethnicity|tribus?|fraction|lineage)\b", re.I)
# After a name, words that make it a thing named after a place, not the place: "the US dollar", "a Molotov cocktail"
# (Molotov is Perm's old name), "Turkey-backed factions", "les milices soutenues par l'Iran" aside.
_THING_AFTER = re.compile(r"(?:\s+|-)(?:dollars?|cocktails?|backed|sponsored)\b", re.I)
# Before a country someone came from, English and French: "coming from Mali", "a rocket fired from the Gaza Strip",
# "refugees displaced from Syria", "venant du Niger", "en provenance du Burkina".
_ORIGIN_BEFORE = re.compile(r"(?:(?<!km)(?<!kilometres)(?<!kilometers)(?<!miles)(?<!metres)(?<!away)(?<!far)\s+from|\bvenant|\bvenus|"
                            r"\ben provenance|\boriginaires?)\s+(?:du\s+|de\s+la\s+|de\s+l['’]|de\s+|d['’])?(?:the\s+)?$", re.I)
# A country's short name in its outlets' names ("L'Express du Faso", "Faso Nord"), as its full name would be.
_OUTLET_COUNTRY_WORDS = {"faso": "BF"}
# An outlet's word that two countries' names share ("MNCTV Congo": Kinshasa's or Brazzaville's?): no country.
_AMBIGUOUS_COUNTRY_WORDS = frozenset({"congo"})
# Countries whose outlets' names say nothing of where a report is from ("Agence France Presse", "BBC").
_WORLD_OUTLET_COUNTRIES = frozenset({"FR", "GB", "US", "QA", "DE", "CN", "RU"})
# After a country that speaks: "France says", "Mali's army said", "le Mali annonce".
_SPEAKS_AFTER = re.compile(r"(?:'s|’s)?(?: (?:army|military|government|ministry|president|officials?|armée|gouvernement))?"
                           r" (?:says?|said|claims?|claimed|announce[sd]?|confirm(?:s|ed)?|denie[sd]|condemn(?:s|ed)?|"
                           r"accuse[sd]?|warn(?:s|ed)?|dit|affirme|annonce|confirme|dément|condamne)\b")
# A news dateline: a city in capitals, then the agency in brackets or a dash ("BAMAKO (Reuters) -").
_DATELINE = re.compile(r"^\s*([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})(?:,\s*[A-Z][\w .'-]{1,30})?\s*(?:\(|[-–—]\s)")
# National outlets whose names do not say their country (public knowledge, written by hand): where a
# report names no country, the outlet's is the likelier one ("Fana" in a Studio Tamani report is Mali's).
# Keys as normalize_name makes them.
OUTLET_COUNTRIES: dict[str, str] = {
    # Mali
    "studio tamani": "ML", "kibaru": "ML", "koro kibaru": "ML", "maliweb": "ML", "mali web": "ML", "le pays dogon": "ML",
    "amap": "ML", "abamako": "ML", "essor": "ML", "l essor": "ML", "kisal": "ML", "jeunesse tabital pulaaku": "ML",
    "nord sud journal": "ML", "famamali": "ML", "fama mali": "ML", "reelle afrique": "ML", "sahelien": "ML", "bamada": "ML",
    "journal du mali": "ML", "le republicain": "ML", "malijet": "ML", "info matin": "ML", "l independant": "ML",
    "azawad news": "ML", "mali tribune": "ML", "le challenger": "ML", "mosaiquegao": "ML",
    # Burkina Faso
    "sidwaya": "BF", "infowakat": "BF", "lefaso": "BF", "lefaso net": "BF", "burkina24": "BF", "aib": "BF",
    "l observateur paalga": "BF", "observateur paalga": "BF", "le pays": "BF", "omega medias": "BF", "radio omega": "BF",
    "wakat sera": "BF", "netafrique": "BF", "minute bf": "BF", "fasozine": "BF", "savane fm": "BF", "le faso": "BF",
    # Niger
    "actuniger": "NE", "aniamey": "NE", "tamtaminfo": "NE", "air info": "NE", "air info agadez": "NE", "le sahel": "NE",
    "anp": "NE", "niger diaspora": "NE", "nigerdiaspora": "NE", "studio kalangou": "NE", "radio anfani": "NE",
    # elsewhere
    "sohr": "SY", "syrian observatory for human rights": "SY", "el nashra": "LB", "an nahar": "LB", "l orient le jour": "LB",
    "g1": "BR", "ott rj": "BR", "milenio": "MX", "el norte": "MX", "el universal": "MX", "el pitazo": "VE", "danas": "RS",
    "radio okapi": "CD", "actualite cd": "CD", "radio dabanga": "SD", "al masirah": "YE", "ansar allah": "YE",
    "daily excelsior": "IN", "chandigarh tribune": "IN", "dawn": "PK", "express tribune": "PK", "jfo hq press centre": "UA",
    "dpr armed forces press service": "UA", "lpr people s militia": "UA", "hiiraan online": "SO", "garowe online": "SO",
    "shabelle media network": "SO", "radio shabelle": "SO", "tolonews": "AF", "pajhwok": "AF", "rudaw": "IQ", "shafaq news": "IQ",
    "premium times": "NG", "channels television": "NG", "sahara reporters": "NG", "libya observer": "LY",
    "vanguard": "NG", "punch": "NG", "daily trust": "NG", "thisday": "NG", "leadership": "NG", "daily post": "NG",
    "news24": "ZA", "iol": "ZA", "sabc": "ZA", "sabc news": "ZA", "eyewitness news": "ZA", "timeslive": "ZA", "daily maverick": "ZA",
    "camer be": "CM", "cameroon tribune": "CM", "journal du cameroun": "CM", "mimi mefo info": "CM",
    "goobjoog": "SO", "somali guardian": "SO", "radio dalsan": "SO", "halbeeg": "SO", "caasimada": "SO",
    "akher saa": "DZ", "el watan": "DZ", "el khabar": "DZ", "echorouk": "DZ", "tsa": "DZ", "liberte": "DZ",
    "la prunelle": "CD", "la prunelle rdc": "CD", "mediacongo": "CD", "7sur7 cd": "CD", "kivu morning post": "CD",
    "hindustan times": "IN", "times of india": "IN", "the hindu": "IN", "indian express": "IN", "the indian express": "IN",
    "ndtv": "IN", "greater kashmir": "IN", "kashmir observer": "IN", "deccan herald": "IN", "the tribune": "IN",
    "geo news": "PK", "dunya news": "PK", "ary news": "PK", "business recorder": "PK",
    "murr tv": "LB", "mtv lebanon": "LB", "lbci": "LB", "naharnet": "LB", "national news agency": "LB",
    "la jornada": "MX", "reforma": "MX", "proceso": "MX", "el financiero": "MX", "excelsior": "MX",
    "al amaliqah": "YE", "crater sky": "YE", "saba": "YE", "saba net": "YE", "al masdar online": "YE", "aden al ghad": "YE",
    "enab baladi": "SY", "step news agency": "SY", "smart news agency": "SY", "sana": "SY", "north press agency": "SY", "hawar news": "SY",
    "alsumaria": "IQ", "al sumaria": "IQ", "baghdad today": "IQ", "kurdistan 24": "IQ",
    "khaama press": "AF", "ariana news": "AF", "urn": "UG", "daily monitor": "UG", "new vision": "UG", "nile post": "UG",
    "daily nation": "KE", "citizen digital": "KE", "addis standard": "ET", "borkena": "ET",
    "midi madagasikara": "MG", "l express de madagascar": "MG", "daily graphic": "GH", "joy fm": "GH", "myjoyonline": "GH",
    "citi fm": "GH", "sunday argus": "ZA", "cape argus": "ZA", "enca": "ZA", "teletica": "CR", "mosaique fm": "TN",
    "le nouvelliste": "HT", "to pontiki": "GR", "kathimerini": "GR", "radio tamazuj": "SS", "eye radio": "SS", "bianet": "TR",
    "cumhuriyet": "TR", "hurriyet": "TR", "nyasa times": "MW", "ennahar": "DZ", "ennahar online": "DZ", "ak zhaiyk": "KZ",
    "akipress": "KG", "24 kg": "KG", "sud quotidien": "SN", "seneweb": "SN", "dakaractu": "SN", "abidjan net": "CI",
    "fraternite matin": "CI", "koaci": "CI",
    # more national outlets (regional dailies and radios whose names say no country)
    "el sol de acapulco": "MX", "imagen del golfo": "MX", "la silla rota": "MX", "el blog del narco": "MX", "zeta tijuana": "MX",
    "mimorelia": "MX", "riodoce": "MX", "noroeste": "MX", "zona franca": "MX", "entorno informativo": "MX", "el proceso": "MX",
    "o sao goncalo": "BR", "o liberal": "BR", "portal do holanda": "BR", "diario do nordeste": "BR", "estado de minas": "BR",
    "globo extra": "BR", "gazeta digital": "BR", "mimi mefo": "CM", "shems fm": "TN", "la prensa grafica": "SV",
    "la patilla": "VE", "caraota digital": "VE", "bakhtar news agency": "AF", "svaboda org": "BY", "viasna": "BY",
    "charter 97": "BY", "tut by": "BY", "malivox": "ML", "koutiala observateur infos": "ML", "gao alhabar 24": "ML",
    "minutebf": "BF", "sos medias": "BI", "sos medias burundi": "BI", "radio miraya": "SS", "mareb press": "YE",
    "26 september news pro hadi": "YE", "26 september news": "YE", "hadramawt 21": "YE", "al maloomah": "IQ", "al mirbad": "IQ",
    "nrt news": "IQ", "basnews": "IQ", "al sumaria tv": "IQ", "alsumaria tv": "IQ", "i avgi": "GR", "ekathimerini": "GR",
    "amna": "GR", "albanian daily news": "AL", "koha jone": "AL", "index hr": "HR", "juzne vesti": "RS", "imedinews ge": "GE",
    "khmer times": "KH", "kompas": "ID", "el colombiano": "CO", "abc color": "PY", "austral temuco": "CL",
    "carta de mocambique": "MZ", "groundup": "ZA", "african news agency": "ZA", "sozcu": "TR", "takvim": "TR", "a haber": "TR",
    "ihlas news agency": "TR", "mezopotamya agency": "TR", "shillong times": "IN", "siliguri times": "IN",
    "asian news international": "IN", "south asia terrorism portal": "IN", "bulatlat": "PH", "radio kulmiye": "SO",
    "radio andalus": "SO", "calamada": "SO", "al rakoba": "SD", "libya24": "LY", "al wasat": "LY", "rosbalt": "RU",
    "24 channel": "UA", "uapershiy": "UA", "kivu security tracker": "CD", "7 sur 7": "CD", "al chourouk": "TN",
    "development media group": "MM", "khumi media group": "MM", "megaphone news": "LB", "snhr": "SY", "voice of jihad": "AF",
    "manila bulletin": "PH", "philippine daily inquirer": "PH", "rappler": "PH", "mindanews": "PH",
}
# Monitors of the whole central Sahel (public knowledge): a report of theirs is about the Sahel, not one country.
SAHEL_OUTLETS = frozenset({"menastream", "mena stream"})
_SAHEL_OUTLET_WORDS = re.compile(r"\b(?:azawad|touareg|tuareg|tamasheq)\b")
# The central Sahel's country with the most conflict events (UCDP GED, the shipped activity grid's source): where
# a Sahel report that names no country most likely is.
SAHEL_DEFAULT_COUNTRY = "ML"
# Countries the shipped activity grid (UCDP GED events) covers, and the weight of its prior.
ACTIVITY_COUNTRIES = frozenset({"ML", "BF", "NE"})
ACTIVITY_WEIGHT = 0.8

# a possessive "'s" is not part of the name: "central Mali's Mopti region" is Mali, then the Mopti region
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’](?![sS]\b)[^\W\d_]+)*")
# Lower-case words that may sit inside a multi-word place name ("Dar es Salaam", "Ti-n-Essako" is one token).
_CONNECTORS = frozenset({
    "de", "du", "des", "la", "le", "les", "el", "al", "es", "en", "of", "and", "d", "l", "sur", "ben", "bin", "ibn", "ould",
    "y", "do", "da", "di", "del", "los", "las", "dos", "das", "van", "von", "upon", "ar", "as", "ad", "an", "at", "az", "ash", "ath", "adh", "ech", "er", "et", "ez", "wa", "abu",
    "e",  # Persian ("Kut e Abdollah", "Mazar e Sharif")
    "a",  # Spanish ("Gracias a Dios")
})
# Connectors inside Spanish, Portuguese and Italian names ("Santa Maria de Ostula", "Vistas del Rio", "Boa Vista da Serra").
_ROMANCE_LINKS = frozenset({"de", "del", "da", "do", "dos", "das", "di"})
# Articles inside Arabic and Fula names ("Ghadir al Bostan", "Wadi al-Rabi"), never English or French words.
_NAME_ARTICLES = frozenset({"al", "el", "ar", "ash", "ech", "ez", "az", "ad", "bin", "ben", "ibn", "ould", "abu"})
# Capitalised words right after a name that make it a place phrase, not a longer proper name.
_QUALIFIER_WORDS = frozenset({
    "region", "regions", "province", "state", "governorate", "oblast", "cercle", "commune", "district", "department",
    "municipality", "county", "prefecture", "area", "town", "village", "city", "camp", "base", "border", "road", "axis",
    "sector", "zone", "valley", "river", "lake", "airport", "market", "countryside", "neighbourhood", "neighborhood",
    # a facility named after the place it stands in or by: "Donetsk Filtration Station", "Benghazi Medical Centre"
    "filtration", "station", "mine", "medical", "refinery", "dam", "port", "junction", "checkpoint", "bridge", "airbase",
    "barracks", "garrison", "railway", "pumping", "power", "oil", "cement",
    "island",  # "in Lamu Island": the island its town is named after
})
# Words that place a report in the central Sahel: its armed groups, missions and communities.
_SAHEL_CUES = re.compile(
    r"\b(?:JNIM|GSIM|ISGS|EIGS|ISSP|AQIM|MUJAO|Ansar(?:ul| al| ul)? (?:Dine|Islam)|Katiba|MINUSMA|Barkhane|Takuba|FAMa|"
    r"Dan Na Ambassagou|Dozos?|Koglweogo|VDP|Fulani|[Pp]eulh?s?|Dogons?|Tuaregs?|[Tt]ouaregs?|Bambara|Songhai|Ganda Koy|MNLA|HCUA|CMA|GATIA|MSA|G5 Sahel)\b"
)
# Capitalised words that GeoNames also has as village names but that in reports are ordinary words,
# titles, months, directions or actor names. A match on one of these alone is dropped unless it is
# an admin1 named as a region ("the Est region", "(Seno, Sahel)").
COMMON_WORDS = frozenset(
    """
    a an the this that these those it its he she they we i you his her their our on in at of to for from by with
    and or but as if not no yes all any some each every both either one two three four five six seven eight nine ten
    after before during since until while when where who whom which what why how about above below between into
    through over under again further then once here there more most other such only own same so than too very
    also just may might can will would should could must shall do does did done is are was were be been being have has had
    le la les un une des du de au aux et ou mais donc ni car ce cette ces il elle ils elles nous vous on se sa son ses
    leur leurs dans par pour sur sous avec sans chez vers entre selon apres avant lors depuis pendant contre comme
    qui que quoi dont lui eux tout tous toute toutes meme aussi plus moins tres bien deja encore
    january february march april may june july august september october november december
    janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche
    north south east west northern southern eastern western central centre center nord sud est ouest
    northeast northwest southeast southwest middle upper lower greater new old
    sahel sahara maghreb africa west africa europe asia america middle east gulf
    army police gendarmerie military forces force soldiers troops government state islamic islam muslim muslims
    president minister ministry governor mayor chief leader leaders commander general colonel captain lieutenant
    national international united nations union republic democratic federal popular people peoples civilians civilian
    unknown unidentified armed group groups militia militias rebels rebel movement coalition front alliance
    jihadist jihadists terrorist terrorists gunmen men women children police officers security local
    attack attacks attacked clash clashes battle explosion bomb suicide ambush raid protest protesters rioters
    killed dead wounded injured kidnapped abducted arrested according reports reported sources source
    news agency radio press statement district region province commune village town city area zone camp base
    day week month year today yesterday morning evening night afternoon saturday
    mr mrs ms dr saint st mount lake river college university school hospital church mosque market prison court
    street hall square road bazar bazaar kotwali thana saudi
    said says saint peace hope unity liberty freedom justice victory progress
    federation confederation
    headquarters
    bilan provisoire hier demain aujourd human rights situation harvest annex report memo incidents violent summary
    dozo dozos fulani peulh peul dogon bambara tuareg tuaregs arab arabs songhai hausa mossi koglweogo
    bella bellah imghad idnane ifoghas daoussahak dawsahak idaksahak ibogholitane imouchag bozo bozos
    barkhane serval minusma wagner takuba fama jnim isgs mnla hcua cma msa gatia aqim mujao
    """.split()
)
# Words before a name that say the next capitalised phrase is a place (guards small, ambiguous places).
_LOCATIVE_CUE = re.compile(
    r"(?:\b(?:in|at|near|of|from|to|towards?|between|and|around|outside|into|across|along|via|through|"
    r"village|villages|town|towns|city|locality|localities|hamlet|commune|cercle|camp|area|outskirts|vicinity|"
    r"attacked|raided|ambushed|stormed|entered|reached|targeted|struck|hit|bombed|shelled|"
    # "an attack by 9 suspected AQM fighters on Fafa", "airstrikes on Talataye"
    r"(?:attacks?|assaults?|raids?|offensives?|(?:air)?strikes?|ambush(?:es)?)\b[^.;:()]{0,40}?\bon|"
    r"attaqué|attaquée|attaqués|attaque|visé|visée|ciblé|ciblée|frappé|frappée|encerclé|investi|incendié|pillé|"
    r"à|a|au|aux|de|du|des|près|pres|vers|entre|dans|localité|localite|ville|coded as|axis|axe)\s+(?:the\s+|la\s+|le\s+|l'|d')?|,\s*|\[\s*)$",
    re.I,
)
_NEAR_BEFORE = re.compile(r"\b(?:near|nearby|outskirts of|vicinity of|close to|around|outside(?: of)?|just outside|not far from|près de|pres de|non loin de|aux environs de|environs de|à proximité de|a proximite de|aux alentours de|"
    r"en périphérie de|en peripherie de|à la périphérie de)\s+(?:the\s+)?(?:(?:town|village|city|locality|commune) of\s+)?$", re.I)
_KM_BEFORE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:km|kms|kilometers|kilometres|miles|mi)\b[^.;()]{0,40}?\b(?:of|from|de|du)\s+(?:the\s+)?(?:(?:town|village|city|locality|commune) of\s+)?$", re.I)
# "south-west of Algiers", "au nord de Gao": a reference point, like "30 km from"
_DIRECTION_BEFORE = re.compile(
    r"\b(?:(?:north|south)(?:[- ]?(?:east|west))?|east|west|(?:nord|sud)(?:[- ](?:est|ouest))?|ouest)(?:ern)?\s+(?:of|de|du)\s+"
    r"(?:the\s+)?(?:(?:town|village|city|locality|commune) of\s+)?$", re.I)
_AREA_BEFORE = re.compile(r"\b(?:areas? of|zone of|surroundings of|environs of|outskirts of|zone de|secteur de|région de la|cercle of|cercle de|commune of|commune de|district of|department of|département de|municipality of)\s+(?:the\s+)?$", re.I)
_REGION_BEFORE = re.compile(r"\b(?:region of|regions of|province of|state of|governorate of|oblast of|région de|region de|préfecture de|wilaya of|wilaya de)\s+(?:the\s+)?$", re.I)
_BORDER_BEFORE = re.compile(r"\bborder(?:s)?\s+(?:with|of|between|area of|region of)\s+(?:the\s+)?$|\bfrontière (?:avec )?(?:le |la |l')?$", re.I)
# ACLED's notes name the place an event was coded at: "(coded as Tassiga at geoprecision 2)".
_CODED_AS = re.compile(r"\bcoded (?:as|at|to)\s+(?:the\s+)?$", re.I)
_DESTINATION_BEFORE = re.compile(r"\b(?:towards?|heading (?:to|for)|bound for|on (?:the|its|their) way to|en direction de|en route (?:to|for|vers)|vers|"
                                 r"(?:visit|trip) to|visite (?:à|a|au)|"  # "coincided with the minister's visit to N'Djamena"
                                 # where someone came from or was taken to: "returning from Bamako", "evacuated to Gao"
                                 r"en provenance d[eu]|de retour d[eu]|évacuée?s? (?:vers|à|sur))\s+(?:the\s+|la\s+|le\s+)?$", re.I)
# Where someone came from or was taken to ("returning to the village from Bamako", "en route to Sevare and Bamako",
# "medical evacuation to Gao"): not where the event is, when the text names another place
_TRAVEL_BEFORE = re.compile(r"\b(?:returning|returned|coming|came|travell?ing|travell?ed|evacuat(?:ed|ion)|transferred|airlifted|"
                            r"en route|on (?:the|its|their) way)\b[^.;:()]{0,25}?\b(?:to|from)\s+(?:the\s+)?"
                            r"(?:[A-Z][\w'’-]+(?:\s*,\s*|\s+and\s+))?$")
# "northern Iraq", "le nord du Mali", "central Mali": a part of a country is a place
_PART_OF_COUNTRY = re.compile(r"\b(?:(?:north|south)(?:[- ]?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central|"
                              r"nord(?:-est|-ouest)?|sud(?:-est|-ouest)?|est|ouest|centre)\s+(?:du\s+|de\s+la\s+|de\s+l'|of\s+)?$", re.I)
# Between a place and the region that holds it: "X, Region", "X district, Region", "X (Region)", "X in the Region".
# "Naushera sector area (Rajouri district, J&K)": up to two kind words, and a district named before the region.
_REGION_GAP = re.compile(r"(?:\s+(?:district|province|county|municipality|city|town|village|area|sector|commune|cercle|department|"
                         r"state|governorate|upazila|LGA|sub-county|subdistrict|region|localit[yé])){0,2}\s*(?:,|\(|\bin\b|\bof\b|\bdans\b)\s*"
                         r"(?:(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?\s+(?:district|tehsil|LGA|county)\s*,\s*)?"
                         r"(?:the\s+|la\s+|le\s+|l')?(?:(?:region|province|state|governorate|wilaya) of\s+)?$", re.I)
# After a name, the kind of district it is: "As Silw district", "Shoorki sub-district".
_DISTRICT_KIND_AFTER = re.compile(r"\s+(?:district|sub-?district|municipality|county|upazila|tehsil|LGA|woreda)\b", re.I)
# After a name, more of it: "Gracias a Dios" is not Gracias.
_NAME_GOES_ON = re.compile(r"[ -](?:[a-z]{1,3}[ -])?[A-Z]")
# Between a place and the landmark it is near: "Ilitha township near Berlin", "Gorgor village, close to Gashamo".
_NEAR_THE_OTHER = re.compile(r"(?:\s+(?:town|township|village|city|area|locality|camp|neighbou?rhood|quarter))?,?\s+"
                             r"(?:near|close to|not far from|outside|près de|pres de|non loin de)\s+(?:the\s+)?"
                             r"(?:(?:town|village|city|border town) of\s+)?$", re.I)
# A list goes on after the second name: "in Gao, Kidal and Menaka".
_LIST_GOES_ON = re.compile(r"\s*(?:,|and\b|et\b|or\b|ou\b)\s*(?:the\s+)?[A-Z]")
# National institutions, which sit in the capital: an event at one of them that names no place is the capital's
# (English and French). "Government" alone is not one ("government forces" fight anywhere), nor a federal state's
# "State House of Assembly".
_NATIONAL_INSTITUTION = re.compile(
    r"\b(?:ministry|minist[eè]re|parliament|parlement|national assembly|assembl[ée]e nationale|senate|s[ée]nat|"
    r"presidency|pr[ée]sidence|presidential palace|palais pr[ée]sidentiel|state house(?! of)|prime minister'?s office|"
    r"primature|supreme court|cour supr[êe]me|constitutional court|cour constitutionnelle)\b", re.IGNORECASE)

# A division named by its kind: "Kinyinya commune", "Lohajang Upazila (Munshiganj)", "district of Patiala", "(Munshiganj)".
_DIVISION_PHRASE = re.compile(
    r"\b((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+) (?:[Dd]istrict|[Uu]pazila|LGA|[Cc]ounty|[Cc]ommune|[Ss]ub-county|[Dd]epartment|"
    r"[Mm]unicipality|[Cc]ercle|[Pp]rovince|[Gg]overnorate|[Rr]egion|[Ss]tate|[Pp]refecture|[Tt]ehsil|[Tt]aluka|[Zz]one|[Ww]oreda)\b"
    r"|\b(?:district|commune|department|département|cercle|county|province|governorate|région|region|préfecture) (?:of|de|du|d'|d’) ?"
    r"((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+)"
    r"|\(((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+)\)")
# A street, road or building named after a place is often in another town: "in Sanaa Street", "Jessore-Dhaka highway".
_NAMED_AFTER = re.compile(r"[ -](?:[Ss]treet|St\b|[Aa]venue|[Hh]ighway|[Rr]oundabout|[Ss]quare|[Ss]tadium|[Uu]niversity|[Hh]ospital|"
                          r"[Pp]rison|[Bb]us [Ss]tand|[Bb]ridge)\b")
# The first of a list of regions: "in Al Jawf, Ad Dali and Taizz governorates", "les régions de Mopti et Ségou" (after "de").
_LIST_OF_REGIONS_AFTER = re.compile(r"(?:\s*(?:,|\band\b|\bet\b)\s*(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}){1,4}\s+"
                                    r"(?:regions|provinces|governorates|states|oblasts|wilayas)\b")
# Regions the press writes by their initials (public knowledge, by hand); the ambiguous ones ("AP", "UP", "MP")
# count only in an "(admin2, admin1)"-style bracket.
ADMIN1_ABBREVIATIONS: dict[str, str] = {
    "J&K": "Jammu and Kashmir", "AJK": "Azad Kashmir", "KPK": "Khyber Pakhtunkhwa", "KP": "Khyber Pakhtunkhwa",
    "GB": "Gilgit-Baltistan", "ICT": "Islamabad", "TN": "Tamil Nadu", "AP": "Andhra Pradesh", "UP": "Uttar Pradesh",
    "MP": "Madhya Pradesh", "HP": "Himachal Pradesh", "WB": "West Bengal",
}
_UNAMBIGUOUS_ABBREVIATIONS = frozenset({"J&K", "AJK", "KPK"})
_REGION_ABBREVIATION = re.compile(r"(?<![\w&])(J\s?&\s?K|" + "|".join(a for a in ADMIN1_ABBREVIATIONS if a != "J&K") + r")(?![\w&])")


def _unabbreviated(name: str | None) -> str | None:
    return ADMIN1_ABBREVIATIONS.get(re.sub(r"\s+", "", name), name) if name else name


_SECOND_OF_PAIR = re.compile(r"\b(?:between|entre)\s+[^.;]{1,70}?\s+(?:and|et)\s+(?:the\s+|la\s+|le\s+)?$", re.I)
_SAHEL_WORDS = re.compile(r"\b(?:Mali|Malian|Burkina|Burkinab[eè]|Niger|Nigerien|Nigérien|Sahel|Mauritani[ae]n?|Liptako|Gourma)\b")
# "the mayor of X", "residents of X", "the governor of X": X names whose people or office, not where the event was
_GENITIVE_BEFORE = re.compile(
    r"\b(?:mayor|governor|chief|chiefs|head|prefect|préfet|leader|leaders|residents|inhabitants|people|natives?|"
    r"members?|deputy|mp|representative|imam|son|sons|daughter|wife|elders?|notables?|sultan|emir|king|"
    r"authorities|administrator|commander|commanders|commandant|president|university|bishop|diocese)\s+of\s+(?:the\s+)?$", re.I)
_CONTAINER_BEFORE = re.compile(
    r"\b(?:commune|cercle|circle|district|department|département|departement|municipality|prefecture|préfecture|county)\s+"
    r"(?:of|de|du|d'|d’)\s*(?:the\s+)?$", re.I)
_AREA_AFTER = re.compile(r"^\s+(?:area|areas|zone|surroundings|outskirts|vicinity|cercle|commune|district|department|municipality|county|circle|prefecture|sector)\b", re.I)
_REGION_AFTER = re.compile(r"^\s+(?:region|regions|province|provinces|state|states|governorates?|oblasts?|wilayas?)\b", re.I)
_BORDER_AFTER = re.compile(r"^(?:'s|’s)?\s+border\b", re.I)
# "the border with Burkina Faso", "Burkina Faso's border", "la frontière avec le Niger": said from this side of it
_BEYOND_BORDER_BEFORE = re.compile(r"\bborders?\s+with\s+(?:the\s+)?$|\bfrontière avec (?:le |la |l'|l’)?$", re.I)
_BEYOND_BORDER_AFTER = re.compile(r"(?:'s|’s)\s+borders?\b", re.I)
# "the Malian border", "the Malian-Nigerien border", "Burkinabe and Nigerien borders" (a demonym, then border)
_DEMONYM_BORDER_AFTER = re.compile(r"(?:\s*(?:-|–|/|\band\b)\s*[^\W\d_]+)?\s+borders?\b", re.I)
_ADMIN_AFTER = re.compile(r"^\s+(?:cercle|commune|district|department|municipality|county|circle|prefecture)\b", re.I)
# ACLED notes end a place with "(admin2, admin1)"; real news does not, so this is only ever a hint.
_PAREN_HINT = re.compile(r"\(\s*([^(),]{2,60}?)\s*,\s*([^(),]{2,60}?)\s*\)")
_PAREN_AFTER = re.compile(r"^(?:\s+(?:[Cc]ommune|[Cc]ercle|[Dd]istrict|[Mm]unicipality|[Vv]illage|[Tt]own|[Cc]ity|area|"
                          r"[Jj]unction|[Ss]tation|[Cc]heckpoint|[Bb]ridge|[Aa]irport|[Mm]arket|[Cc]amp|[Bb]ase))?\s*\(\s*([^(),]{2,60}?)\s*(?:,\s*([^(),]{2,60}?)\s*)?\)")
_ADMIN_WORDS = re.compile(r"\b(?:region|province|state|governorate|oblast|department|district|cercle|commune|county|prefecture|municipality|division|ka|skyi|ska|s ka)\b")

# Armed groups, forces and missions that operate in one country: where a report names no country, they
# say which one it is about ("the OSCE SMM observed explosions near Komsomolets" is Ukraine). Public
# knowledge of who fights where, written by hand; each a weak cue, outweighed by a country named.
ACTOR_COUNTRY_CUES: dict[str, tuple[str, ...]] = {
    "ML": ("Dan Na Ambassagou", "Dan Nan Ambassagou", "GATIA", "MSA",
           "CMA", "HCUA", "MNLA", "Ganda Izo", "Ganda Koy", "FAMa", "FAMas", "MINUSMA", "Platform", "Plateforme", "Imghad",
           "Daoussahak", "Dawsahak", "Idaksahak", "Ansar Dine", "Ansar Eddine", "EUTM", "Takuba", "Dogon", "Dogons", "Dana Ambassagou",
           "Bambara", "Kel Ansar", "Forsat", "Berabiche", "Bérabiche",
           # the national army acts at home: "a Malian army patrol opened fire in Koury" (Mali's, not Burkina Faso's Kouri)
           "Malian army", "Malian armed forces", "Malian soldiers", "Malian troops", "Malian military", "Malian forces",
           "armée malienne", "soldats maliens", "militaires maliens", "forces armées maliennes"),
    "BF": ("Koglweogo", "Koglweogos", "VDP", "Mossi", "Burkinabe", "Burkinabè", "Ansarul Islam", "Ansaroul Islam", "Volunteers for the Defense of the Homeland",
           "Volontaires pour la défense de la patrie", "Gourmantche", "Gourmantché", "Gourmantches"),
    "NE": ("Djerma", "Zarma", "FDS Niger"),
    "NG": ("LGA", "LGAs", "Boko Haram", "ISWAP", "Amotekun", "Civilian JTF", "CJTF", "Operation Lafiya Dole", "Ansaru", "IPOB", "Biafra"),
    "SO": ("Al Shabaab", "al-Shabaab", "Al-Shabab", "Al Shabab", "AMISOM", "Puntland", "Jubaland", "Somaliland", "Ahlu Sunna Waljama'a"),
    "CD": ("ADF", "FARDC", "Mai-Mai", "Mai Mai", "Mayi-Mayi", "MONUSCO", "CODECO", "Nyatura", "FDLR", "Raia Mutomboki",
           "Twirwaneho", "NDC-R", "Kamuina Nsapu", "FRPI"),
    "CF": ("Anti-Balaka", "Seleka", "FPRC", "MPC", "MINUSCA", "3R"),
    "SS": ("SPLA-IO", "SPLM-IO", "SSPDF", "NAS", "White Army"),
    "LY": ("LNA", "GNA", "Haftar", "Hafter"),
    "YE": ("Houthi", "Houthis", "Ansar Allah", "Saudi-led coalition", "STC", "Southern Transitional Council", "Security Belt", "AQAP", "Hadi"),
    "SY": ("SDF", "QSD", "HTS", "Hayat Tahrir al-Sham", "Hay'at Tahrir al-Sham", "OPS", "SAA", "YPG", "Syrian National Army", "SNA"),
    "IQ": ("PMF", "Hashd", "Hashd al-Shaabi", "Peshmerga", "Popular Mobilization"),
    "AF": ("Taliban", "ANA", "ANDSF", "ANSF", "NDS", "ISKP", "Afghan"),
    "PK": ("AJK", "TTP", "Tehreek-e-Taliban", "Pakistani Taliban"),
    "IN": ("J&K", "Naxal", "Naxals", "Naxalite", "Naxalites", "CPI-Maoist", "CRPF", "ULFA"),
    "UA": ("OSCE SMM", "SMM", "DPR", "LPR", "JFO", "Donetsk People's Republic", "Luhansk People's Republic"),
    "PS": ("Hamas", "Islamic Jihad", "Al-Aqsa", "Al Qassam", "Gaza"),
    "TR": ("PKK",),
    "MM": ("Tatmadaw", "Arakan Army", "KIA", "TNLA"),
    "PH": ("Barangay", "Brgy", "NPA", "New People's Army", "Abu Sayyaf", "BIFF"),
    "CM": ("Ambazonia", "Ambazonian", "Amba"),
    "MZ": ("Ahlu Sunnah wal Jamaa", "Ahlu Sunna Wa-Jama", "Renamo", "RENAMO"),
    "CO": ("FARC", "ELN", "Clan del Golfo", "AGC"),
    "ET": ("OLA", "OLF", "Oromo Liberation Army", "Oromo Liberation Front", "TPLF", "ENDF", "Fano", "Oromo"),
    "UG": ("UPDF",),
    "KE": ("KDF",),
    "MR": ("Haratine", "Haratines", "Haratin"),
    "MX": ("CJNG", "Sinaloa Cartel", "Jalisco New Generation Cartel", "Gulf Cartel", "Los Zetas"),
    "VE": ("Colectivos", "GNB", "FANB"),
    "LB": ("Hezbollah", "Hizbollah"),
}
# Where in the country some of them are at home (GeoNames admin1 codes): central Mali's Dogon militias
# and Katiba Macina, the Gao/Ménaka militias, Burkina Faso's Ansarul Islam in the Sahel region. A weaker
# cue still: it only breaks ties between namesakes inside the country.
ACTOR_REGION_CUES: dict[str, tuple[str, ...]] = {
    "Dan Na Ambassagou": ("ML.04",), "Dan Nan Ambassagou": ("ML.04",), "Dana Ambassagou": ("ML.04",),
    "Dogon": ("ML.04",), "Dogons": ("ML.04",),
    "MSA": ("ML.09", "ML.12070577"), "GATIA": ("ML.09", "ML.12070577", "ML.10"), "Daoussahak": ("ML.12070577", "ML.09"),
    "Dawsahak": ("ML.12070577", "ML.09"), "Idaksahak": ("ML.12070577", "ML.09"),
    "Imghad": ("ML.09", "ML.10", "ML.12070577"), "CMA": ("ML.10", "ML.09", "ML.08"), "HCUA": ("ML.10", "ML.08"),
    "Ganda Izo": ("ML.09", "ML.08"), "Ganda Koy": ("ML.09", "ML.08"),
    # Katiba Macina fights in the inner Niger delta (Mopti, then Segou); the Islamic State's Sahel branch in Mali
    # along the Niger border (Menaka, Gao)
    "Katiba Macina": ("ML.04", "ML.05"), "Macina Liberation Front": ("ML.04", "ML.05"),
    "ISGS": ("ML.12070577", "ML.09"), "EIGS": ("ML.12070577", "ML.09"), "ISSP": ("ML.12070577", "ML.09"),
    "Greater Sahara": ("ML.12070577", "ML.09"), "Grand Sahara": ("ML.12070577", "ML.09"),
    "Ansarul Islam": ("BF.12", "BF.10", "BF.05"), "Ansaroul Islam": ("BF.12", "BF.10", "BF.05"),
    # the OSCE monitors' and the separatists' war is in the Donbas: Donetsk and Luhansk oblasts
    "OSCE SMM": ("UA.05", "UA.14"), "SMM": ("UA.05", "UA.14"), "JFO": ("UA.05", "UA.14"), "DPR": ("UA.05",), "LPR": ("UA.14",),
    "Donetsk People's Republic": ("UA.05",), "Luhansk People's Republic": ("UA.14",),
}
# Communities and militias at home in a few districts (GeoNames admin2 codes): the Dogon country is the Bandiagara
# plateau and the Seno plain below it (Bandiagara, Bankass, Koro and Douentza cercles), where Dan Na Ambassagou is the
# Dogon militia. The weakest cue: it only breaks ties between namesake villages of one region ("Dogon militiamen
# burned huts in Madougou": Koro's, not the Madougou by Mopti town).
ACTOR_ADMIN2_CUES: dict[str, tuple[str, ...]] = {
    name: ("ML.04.8299591", "ML.04.7701493", "ML.04.7701494", "ML.04.7670549")
    for name in ("Dan Na Ambassagou", "Dan Nan Ambassagou", "Dana Ambassagou", "Dogon", "Dogons")
}
# Groups at home in a few neighbouring countries: a cue for each, the first (where most of their
# fighting is) stronger.
SHARED_COUNTRY_CUES: dict[str, tuple[str, ...]] = {
    "Katiba Macina": ("ML", "BF"), "Macina Liberation Front": ("ML", "BF"), "Dozo": ("ML", "BF", "CI"),
    "Greater Sahara": ("ML", "NE", "BF"), "Grand Sahara": ("ML", "NE", "BF"),
    "Barkhane": ("ML", "NE", "BF"), "Serval": ("ML",),
    # the Sahel's jihadist coalitions: most of their fighting in Mali, then Burkina Faso and Niger
    "JNIM": ("ML", "BF", "NE"), "GSIM": ("ML", "BF", "NE"), "ISGS": ("ML", "NE", "BF"), "EIGS": ("ML", "NE", "BF"),
    "ISSP": ("ML", "NE", "BF"), "AQIM": ("ML", "DZ"), "AQMI": ("ML", "DZ"),
    "Dozos": ("ML", "BF", "CI"),
}
_CUE_OF: dict[str, tuple[str, ...]] = {name: (cc,) for cc, names in ACTOR_COUNTRY_CUES.items() for name in names}
_CUE_OF.update(SHARED_COUNTRY_CUES)
_CUE_OF.update({name[0].lower() + name[1:]: ccs for name, ccs in list(_CUE_OF.items()) if name[:3] in ("Al ", "Al-")})
# Case-sensitive (the names are proper nouns and acronyms: "ADF", not "adf"), which also keeps it fast.
_ACTOR_CUE = re.compile(
    r"(?<![\w-])(?:[Pp]ro-|[Aa]nti-)?(" + "|".join(sorted((re.escape(n) for n in _CUE_OF), key=len, reverse=True)) + r")(?![\w-])")

DEMONYMS: dict[str, str] = {
    "malian": "ML", "malians": "ML", "malien": "ML", "malienne": "ML", "maliens": "ML", "maliennes": "ML",
    "burkinabe": "BF", "burkinabes": "BF", "burkinais": "BF",
    "nigerien": "NE", "nigeriens": "NE", "nigerienne": "NE", "nigeriennes": "NE",
    "nigerian": "NG", "nigerians": "NG", "mauritanian": "MR", "mauritanien": "MR", "mauritanienne": "MR",
    "senegalese": "SN", "senegalais": "SN", "guinean": "GN", "guineen": "GN", "ivorian": "CI", "ivoirien": "CI", "ivoirienne": "CI",
    "algerian": "DZ", "algerien": "DZ", "algerienne": "DZ", "chadian": "TD", "tchadien": "TD", "libyan": "LY", "libyen": "LY",
    "beninese": "BJ", "beninois": "BJ", "togolese": "TG", "togolais": "TG", "ghanaian": "GH", "cameroonian": "CM", "camerounais": "CM",
    "afghan": "AF", "iraqi": "IQ", "syrian": "SY", "yemeni": "YE", "somali": "SO", "sudanese": "SD", "ukrainian": "UA",
    "russian": "RU", "mexican": "MX", "indian": "IN", "pakistani": "PK", "lebanese": "LB", "turkish": "TR", "egyptian": "EG",
    "tunisian": "TN", "congolese": "CD", "ethiopian": "ET", "kenyan": "KE", "brazilian": "BR", "venezuelan": "VE",
    "filipino": "PH", "philippine": "PH", "iranian": "IR", "israeli": "IL", "palestinian": "PS", "azerbaijani": "AZ", "armenian": "AM",
    "colombian": "CO", "chilean": "CL", "argentine": "AR", "argentinian": "AR", "peruvian": "PE", "bangladeshi": "BD",
    "burmese": "MM", "myanmar": "MM", "thai": "TH", "indonesian": "ID", "south african": "ZA", "mozambican": "MZ",
    "ugandan": "UG", "burundian": "BI", "rwandan": "RW", "central african": "CF", "south sudanese": "SS", "serbian": "RS",
    "kosovar": "XK", "georgian": "GE", "kyrgyz": "KG", "tajik": "TJ", "saudi": "SA", "emirati": "AE", "jordanian": "JO",
    "moroccan": "MA", "zimbabwean": "ZW", "zambian": "ZM", "tanzanian": "TZ", "nepali": "NP", "nepalese": "NP", "sri lankan": "LK",
}
DEMONYMS.update({  # French, as normalize_name writes them
    "tunisien": "TN", "tunisienne": "TN", "tunisiens": "TN", "tunisian": "TN", "marocain": "MA", "marocaine": "MA", "centrafricain": "CF",
    "centrafricaine": "CF", "libanais": "LB", "libanaise": "LB", "syrien": "SY", "syrienne": "SY", "irakien": "IQ", "irakienne": "IQ",
    "soudanais": "SD", "soudanaise": "SD", "egyptien": "EG", "egyptienne": "EG", "ethiopien": "ET", "ethiopienne": "ET", "somalien": "SO",
    "tchadienne": "TD", "tchadiens": "TD", "libyenne": "LY", "yemenite": "YE", "ukrainien": "UA", "ukrainienne": "UA", "iranien": "IR",
    "israelien": "IL", "israelienne": "IL", "palestinien": "PS", "palestinienne": "PS", "gambien": "GM", "ghaneen": "GH", "congolais": "CD",
    "camerounaise": "CM", "burkinabee": "BF", "nigerianne": "NG", "afghane": "AF", "pakistanais": "PK", "indien": "IN", "indienne": "IN",
    "mozambicain": "MZ", "ougandais": "UG", "kenyan": "KE", "rwandais": "RW", "burundais": "BI", "guineenne": "GN", "senegalaise": "SN",
})
# Nationalities of foreign forces, hostages and aid workers in conflict reports ("German FRONTEX guards", "a Swiss
# hostage"): never a place, and no evidence of where the event was.
FOREIGN_NATIONALITIES = frozenset({
    "german", "greek", "italian", "spanish", "canadian", "chinese", "japanese", "french", "british", "american", "dutch",
    "belgian", "swiss", "swedish", "norwegian", "danish", "polish", "austrian", "portuguese", "korean", "australian",
})
# Country names in French that the gazetteer's keys lack (normalize_name keys).
FRENCH_COUNTRY_NAMES: dict[str, str] = {
    "tunisie": "TN", "maroc": "MA", "centrafrique": "CF", "republique centrafricaine": "CF", "rdc": "CD",
    "republique democratique du congo": "CD", "liban": "LB", "syrie": "SY", "irak": "IQ", "libye": "LY", "soudan": "SD",
    "soudan du sud": "SS", "egypte": "EG", "ethiopie": "ET", "somalie": "SO", "cameroun": "CM", "inde": "IN", "turquie": "TR",
    "russie": "RU", "ouganda": "UG", "etats unis": "US", "royaume uni": "GB", "allemagne": "DE", "espagne": "ES", "italie": "IT",
    "belgique": "BE", "suisse": "CH", "chine": "CN", "japon": "JP", "mexique": "MX", "bresil": "BR", "colombie": "CO",
    "perou": "PE", "indonesie": "ID", "birmanie": "MM", "arabie saoudite": "SA", "jordanie": "JO", "erythree": "ER",
    "gambie": "GM", "guinee bissau": "GW", "afrique du sud": "ZA", "namibie": "NA", "zambie": "ZM", "tanzanie": "TZ",
}


def _ascii_folded(text: str) -> str:
    """The text without accents ("égyptien" -> "egyptien"), for word lists kept in normalize_name's form."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


# "Palestinians", "Kenyans": the plural says the same country as the singular
_DEMONYM = re.compile(r"\b(" + "|".join(sorted((re.escape(d) for d in DEMONYMS), key=len, reverse=True)) + r")s?\b", re.I)
# "on the Malian side of the border", "on Malian soil", "en territoire malien": where it happened, said with a demonym
# ("from the Turkish side of the border" says where the fire came from: not this)
_ON_SIDE = re.compile(r"\b(?:on|in) (?:the )?([^\W\d_]+) (?:side of the border|territory|soil)\b|\b(?:en territoire|sur le sol) ([^\W\d_]+)", re.I)

# How prominent a feature is, as a prior for ambiguous names.
_FEATURE_PRIOR = {
    "A.PCLI": 3.0, "A.ADM1": 2.0, "P.PPLC": 3.0, "P.PPLA": 2.0, "A.ADM2": 1.2, "P.PPLA2": 1.5,
    "A.ADM3": 0.6, "P.PPLA3": 1.0, "P.PPLA4": 0.5, "P.PPL": 0.0, "P.PPLX": -0.5,
    "L.LCTY": -0.8, "S.CMP": -0.3, "S.MILB": 0.0, "S.AIRP": -0.5, "S.FT": -0.3, "H.WLL": -0.6, "H.WTRH": -0.6,
}
_ADMIN_FEATURES = frozenset({"A.ADM1", "A.ADM2", "A.ADM3"})
# A place phrase that ends with a division's kind ("Kurram District", "Borno State", "Kidal Region").
_DIVISION_KIND_AT_END = re.compile(r"\s(?:[Dd]istrict|LGA|[Pp]rovince|[Gg]overnorate|[Rr][eé]gion|[Ss]tate|[Cc]ounty|[Pp]refecture|"
                                   r"[Tt]ehsil|[Ww]oreda|[Cc]ercle|[Dd][eé]partement|[Dd]epartment)$")


@dataclass(frozen=True)
class PlaceMatch:
    """A place phrase found in text, with every gazetteer entry it may name (best first)."""

    start: int
    end: int
    phrase: str
    candidates: tuple[Place, ...]
    qualifier: str | None  # "near", "area", "km", "region", "border", or None when the text says "in X"
    hint: bool = False  # inside an ACLED-style "(admin2, admin1)" suffix: evidence, not the event's site
    hint_admin2: str | None = None  # the "(admin2, admin1)" right after this phrase, if any
    hint_admin1: str | None = None
    loose: bool = False  # matched by a loose spelling ("Labbezanga" for Labézanga), not the exact name
    second_of_pair: bool = False  # Y in "between X and Y": coders place such events at X
    coded: bool = False  # "coded as X": the text itself says which place the event is coded at
    destination: bool = False  # "on the road towards X", "heading for X": where someone was going
    container: bool = False  # "X cercle", "in the commune of X": a division that may hold a place named beside it
    genitive: bool = False  # "the forest guard chief of X", "the mayor of X": a person's or body's place, not the event's
    fuzzy: bool = False  # matched by the closest spelling ("Tengandogo" for Tengadogo): only in a country the text is about
    speaker: bool = False  # a country that speaks ("France says ..."): where a statement came from, not the event's place
    origin: bool = False  # a country someone came from ("herders coming from Mali", "a rocket from the Gaza Strip into Israel")
    named_after: bool = False  # "Sanaa Street", "Dhaka highway": a street or a building named after the place, elsewhere
    partial: bool = False  # "Mogadishu" of "Mogadishu-Hodan", "Gawa" of "the Gawa-Anefif axis": the head of a longer name

    @property
    def is_country(self) -> bool:
        return bool(self.candidates) and self.candidates[0].id.startswith("country:")


@dataclass
class _Context:
    """What the whole text says about where things are."""

    countries: dict[str, float] = field(default_factory=dict)  # cc -> weight, from country names
    demonyms: dict[str, float] = field(default_factory=dict)  # cc -> weight, from "Malian", "Egyptian" (often an actor's nationality)
    sahel: bool = False  # the text names central-Sahel armed groups, missions or communities
    admin1_codes: set[str] = field(default_factory=set)
    admin1_sources: dict[str, set[int]] = field(default_factory=dict)  # code -> starts of the phrases naming it (-1: a suffix)
    hint_cc: str | None = None
    cues: dict[str, float] = field(default_factory=dict)  # cc -> weight, from armed groups and missions of one country
    region_countries: dict[str, float] = field(default_factory=dict)  # cc -> weight, from admin1 names in the text
    hint_admin2_codes: set[str] = field(default_factory=set)  # admin2 codes an "(admin2, admin1)" suffix names
    cue_admin1_codes: set[str] = field(default_factory=set)  # regions the armed groups named are at home in
    cue_admin1_weights: dict[str, float] = field(default_factory=dict)  # ... each weighed: a group's first region most
    cue_admin2_codes: set[str] = field(default_factory=set)  # districts the communities or militias named are at home in
    hint_pairs: list[tuple[str, str]] = field(default_factory=list)  # the text's "(admin2, admin1)" suffixes
    named_admin1: dict[str, set[int]] = field(default_factory=dict)  # admin1 code -> start offsets of phrases that may name it
    outlet_cc: str | None = None  # the country the outlet's name places it in
    outlet_sure: bool = False  # ... by a country's name or demonym, or as a national outlet known by name (not a place word)
    geo_evidence: list[tuple[int, str, float]] = field(default_factory=list)  # (phrase start, cc, weight): regions and towns of one country
    side_countries: set[str] = field(default_factory=set)  # countries named as a border's other side, or home to the Sahel cues
    beyond_border: set[str] = field(default_factory=set)  # countries named only as the other side ("the border with Niger")
    on_side: set[str] = field(default_factory=set)  # "on the Malian side of the border", "on Malian soil": where it happened
    country_votes: dict[str, float] = field(default_factory=dict)  # cc -> weight, a country named: more after "in", "à"
    votes: dict[str, float] = field(default_factory=dict)  # cc -> all the text's country evidence, weighed (see _vote)
    text: str = ""
    prepared: _Prepared | None = field(default=None, repr=False, compare=False)  # the text's index, where resolve made one
    lead_end: int | None = None  # where the first sentence of this call's focus ends, when the focus has several


# Most texts a Geocoder keeps prepared (an extractor resolves one report's mentions one after another).
PREPARED_TEXTS = 4
_SAHEL_KEY = "\x00sahel\x00"  # before a text prepared as a central Sahel report (no text starts with it)
# Fewer place phrases than this are visited one by one: indexing them costs more than it saves.
_INDEX_MIN_PHRASES = 30
# Within 80 km (the proximity bonus's reach) two points differ by under 0.72 degree of latitude, and of
# longitude by under 0.72 / cos(latitude): one degree of margin either way, past 60 degrees every cell.
_CELL_MARGIN = 1.0
_CELL_MAX_LATITUDE = 60.0


@dataclass
class _Prepared:
    """What `Geocoder.prepare` reads in a text once, for every `resolve` of that text: its place phrases, the
    evidence the text itself gives (no caller's hint, no outlet), its dateline's country, and an index of the
    phrases by the countries of their best candidates and by where their candidates lie, with the
    co-location bonuses already computed."""

    text: str
    matches: list[PlaceMatch]
    context: _Context
    dateline_cc: str | None
    co_location: dict[tuple, float] = field(default_factory=dict)  # see Geocoder._co_location
    positions: dict[int, int] = field(default_factory=dict)  # id() of a phrase in `matches` -> its index
    by_country: dict[str, list[int]] = field(default_factory=dict)  # cc -> indexes of phrases whose top 3 hold one there
    cells: dict[tuple[int, int], set[int]] = field(default_factory=dict)  # 1-degree cell -> phrases with a candidate in it
    located: list[int] = field(default_factory=list)  # every phrase with a candidate in some cell
    indexed: bool = False

    def position(self, match: PlaceMatch) -> int | None:
        """The index of `match` in `matches` (the very object), or None."""
        if not self.indexed:
            self._index()
        at = self.positions.get(id(match))
        return at if at is not None and self.matches[at] is match else None

    def _index(self) -> None:
        self.indexed = True
        for i, m in enumerate(self.matches):
            self.positions[id(m)] = i
            if m.is_country:
                continue
            for cc in dict.fromkeys(p.country_code for p in m.candidates[:3]):
                self.by_country.setdefault(cc, []).append(i)
            if m.hint or len(m.candidates) > 8:
                continue
            cells = {(math.floor(p.latitude), math.floor(p.longitude)) for p in m.candidates
                     if p.latitude is not None and p.feature_kind != "A.ADM1"}
            for cell in cells:
                self.cells.setdefault(cell, set()).add(i)
            if cells:
                self.located.append(i)

    def co_located(self, place: Place) -> list[int]:
        """Indexes, in text order, of the phrases that may add to `place`'s co-location bonus: a top candidate in
        its country, or a candidate within reach of it; every other phrase adds nothing."""
        if not self.indexed:
            self._index()
        found = set(self.by_country.get(place.country_code, ()))
        if place.latitude is not None and place.longitude is not None:
            lat, lon = place.latitude, place.longitude
            if abs(lat) + _CELL_MARGIN >= _CELL_MAX_LATITUDE:
                found.update(self.located)
            else:
                dlon = _CELL_MARGIN / math.cos(math.radians(abs(lat) + _CELL_MARGIN))
                if lon - dlon < -180.0 or lon + dlon > 180.0:
                    found.update(self.located)  # across the antimeridian: every phrase
                else:
                    for y in range(math.floor(lat - _CELL_MARGIN), math.floor(lat + _CELL_MARGIN) + 1):
                        for x in range(math.floor(lon - dlon), math.floor(lon + dlon) + 1):
                            found.update(self.cells.get((y, x), ()))
        return sorted(found)


def _vote(context: _Context, exclude: int | frozenset[int] | None = None) -> dict[str, float]:
    """Every piece of country evidence in the text, weighed (as a geoparser votes): the caller's country, the
    countries named, regions and towns that only one country has, the armed groups and missions of one
    country, demonyms, the outlet. `exclude` leaves out what the phrase starting there (or the phrases starting
    at each of those offsets) says of itself."""
    votes: dict[str, float] = {}
    excluded = exclude if isinstance(exclude, frozenset) else frozenset({exclude})

    def add(cc: str | None, weight: float) -> None:
        if cc:
            votes[cc] = votes.get(cc, 0.0) + weight

    add(context.hint_cc, 2.0)
    for cc, w in context.country_votes.items():
        add(cc, min(w, 4.0))
    for start, cc, w in context.geo_evidence:
        if start not in excluded:
            add(cc, w)
    for cc, w in context.cues.items():
        add(cc, min(w, 3.0))
    for cc, w in context.demonyms.items():
        add(cc, min(0.5 * w, 1.0))  # often an actor's or a victim's nationality ("a Togolese national"): weak
    add(context.outlet_cc, 1.0)
    return votes


def _admin_key(name: str | None) -> str:
    """A key for comparing admin names across spellings: "Kharkivs'ka Oblast'" ~ "Kharkiv", "Beyrouth" ~ "Beirut"."""
    return admin_key(name)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


@functools.lru_cache(maxsize=1 << 16)  # a pure function of two names, asked again and again for the same few pairs
def same_admin(a: str | None, b: str | None) -> bool:
    """True when two admin names are the same division written differently (accents, suffixes, short forms)."""
    ka, kb = _admin_key(a), _admin_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if _reworded(ka) == _reworded(kb) or len(ka) >= 5 and _arabic_spelling(ka) == _arabic_spelling(kb):
        return True  # "Kasai-Oriental" is "East Kasai", "Sofia-Capital" "Sofia City"; "As-Sweida" is "As-Suwayda"
    compass_a, compass_b = _compass_words(ka), _compass_words(kb)
    if compass_a and compass_b and compass_a != compass_b:
        return False  # "West Harerghe" is not "East Harerghe", nor "Kebili Nord" "Kebili Sud", however close the letters
    short, long_ = sorted((slavic_noun(ka).replace(" ", ""), slavic_noun(kb).replace(" ", "")), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return True
    return fuzz.ratio(short, long_) >= 80  # transliterations: "Idleb"/"Idlib", "Wassit"/"Wasit"


_COMPASS_HEADS = frozenset({"north", "south", "east", "west", "central"})
# Words of division names that other languages or other offices say otherwise: "Kasai-Oriental" is "East Kasai".
_ADMIN_SYNONYMS = {"oriental": "east", "orientale": "east", "occidental": "west", "occidentale": "west",
                   "septentrional": "north", "meridional": "south", "capital": "city"}


def _reworded(key: str) -> tuple[str, ...]:
    """An admin key's words, synonyms made one and order ignored: "kasai oriental" and "east kasai" alike."""
    return tuple(sorted(_ADMIN_SYNONYMS.get(w, w) for w in key.split()))


def _arabic_spelling(key: str) -> str:
    """An admin key with the commonest variants of Arabic names in Latin letters made one: the article, "ei"/"ai"
    for "ay", "uw" for "w", a final "-eh"/"-ah" ("As-Sweida", "Suwaida" and "As-Suwayda" alike)."""
    key = re.sub(r"^(?:al|el|as|ar|ad|an|at|az|ash|ath|es|ed|er|ech)[ -]", "", key).replace(" ", "")
    for old, new in (("uw", "w"), ("ei", "ay"), ("ai", "ay"), ("ou", "u"), ("ee", "i"), ("oo", "u")):
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)
    return re.sub(r"(?:eh|ah|e|a)$", "a", key)


def _compass_words(key: str) -> frozenset[str]:
    words = (_ADMIN_SYNONYMS.get(w, w).removesuffix("ern") for w in key.split())  # "Northern" is "North", "Oriental" "East"
    return frozenset(w for w in words if w in _COMPASS_HEADS)


class Geocoder:
    """Finds place phrases in text and resolves the place of an event. Its only state is caches (outlets, the
    last few texts prepared), which change no answer."""

    name = "warlog.geocode.rules.v1"

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        self._outlet_cache: dict[str, str | None] = {}
        self._capital_ids: dict[str, str | None] = {}  # country code -> its capital's place id
        self._seats: dict[str, Place | None] = {}  # admin1 code -> its seat (see _seat_district)
        self._outlet_by_place: set[str] = set()  # outlets whose country only a place word in their name gave
        # what `prepare` read in the last few texts: an extractor resolves each of a report's mentions in the same
        # text, and reading it once per mention made long reports' cost grow with the square of their length
        self._prepared: dict[str, _Prepared] = {}

    # ---- finding ------------------------------------------------------------------------
    def find_places(self, text: str, sahel: bool = False) -> list[PlaceMatch]:
        """Place phrases in `text`, left to right, longest match first, not overlapping. `sahel`: the caller knows the
        report is about the central Sahel (its country, its outlet), where villages' names are spelt many ways."""
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        hint_spans = [(m.start(), m.end()) for m in _PAREN_HINT.finditer(text)]
        # loose spellings only in Sahel stories
        sahel = sahel or bool(_SAHEL_CUES.search(text) or _SAHEL_WORDS.search(text))
        matches: list[PlaceMatch] = []
        i = 0
        while i < len(tokens):
            found = self._match_at(text, tokens, i, hint_spans, sahel) or self._country_in_capitals(text, tokens, i)
            if found is None:
                # "axis Aguelhok-Tessalit", "the Gao-Ansongo road": two places joined by a hyphen
                start, end, token = tokens[i]
                if "-" in token and _is_name_token(token) and not any(s <= start < e for s, e in hint_spans):
                    parts, offset = [], start
                    for part in token.split("-"):
                        parts.append((offset, offset + len(part), part))
                        offset += len(part) + 1
                    # "on the Hombori-Douentza road": a route's ends are places, cue or none
                    located = bool(_ROUTE_AFTER.match(text, end) or _ON_ROUTE_BEFORE.search(text, max(0, start - 12), start))
                    glued = _inside_longer_name(text, tokens[: i + 1], i, i + 1)  # "Majdel Aanjar-Masnaa": a longer name
                    subs = [self._match_at(text, parts, j, hint_spans, sahel, located and not glued) for j in range(len(parts))] \
                        if all(len(p[2]) >= 3 for p in parts) else []
                    if subs and all(sub is not None and sub[1] == 1 for sub in subs):  # each part a place ("Jean-Pierre" is not)
                        # "on the axis Aguelhok-Tessalit": an axis's far end, as in "between Aguelhok and Tessalit"
                        axis = bool(_AXIS_BEFORE.search(text, max(0, start - 12), start) or _AXIS_AFTER.match(text, end))
                        matches.extend(dataclasses.replace(sub[0], second_of_pair=True) if k and axis else sub[0]
                                       for k, sub in enumerate(subs) if sub is not None)
                    elif len(parts[0][2]) >= 4 and parts[1][2][:1].isupper() \
                            and normalize_name(parts[0][2]) not in _NAME_HEADS and not glued:
                        # "Mogadishu-Wardhigley district", "Marib-Al Jawf road", "Bamako-Coura", "Zagreb-Tresnjevka-jug" (its
                        # quarter's south): a place, then a quarter,
                        # a hamlet or a road's other end the gazetteer lacks; the place named first holds it or is near
                        first = subs[0] if subs else self._match_at(text, parts, 0, hint_spans, sahel, located)
                        if first is not None and first[1] > 1:
                            # "Bamako-Coura Bolibana": the parts spelt loosely name a village, but the token is glued to
                            # a longer name (a quarter of Bamako); the first part alone is the place that holds it
                            first = self._match_at(text, parts[:1], 0, hint_spans, sahel, located)
                        if first is not None and first[1] == 1:
                            # "Bazi-Haoussa (Ansongo, Gao)", "Mogadishu-Hawl Wadaag district (Hawl Wadaag, Banadir)"
                            after = _CAPITALISED_AFTER.match(text, end)
                            hint_admin2, hint_admin1 = self._paren_hint(text, after.end() if after else end)
                            matches.append(dataclasses.replace(first[0], hint_admin2=hint_admin2, hint_admin1=hint_admin1,
                                                               partial=True))
                i += 1
                continue
            match, used = found
            matches.append(match)
            i += used
        matches = self._abbreviated_regions(text, matches, hint_spans)
        return _share_hints(text, matches)

    def _abbreviated_regions(self, text: str, matches: list[PlaceMatch], hint_spans: list[tuple[int, int]]) -> list[PlaceMatch]:
        """Regions the press abbreviates ("J&K", "AJK", "KPK"; "(Kurnool, AP)" only in brackets, where "AP" is no
        news agency): region phrases like the others."""
        found = []
        for m in _REGION_ABBREVIATION.finditer(text):
            abbr = re.sub(r"\s+", "", m.group(1))
            if abbr not in _UNAMBIGUOUS_ABBREVIATIONS and not (text[m.end():].lstrip().startswith(")")
                                                               and re.search(r"[(,]\s*$", text[max(0, m.start() - 40) : m.start()])):
                continue
            if any(o.start < m.end() and m.start() < o.end for o in matches):
                continue
            codes = [c for c in self.gazetteer.admin_codes_named(ADMIN1_ABBREVIATIONS[abbr]) if c.count(".") == 1]
            region = self.gazetteer.admin_place(codes[0]) if codes else None
            if region is not None:
                in_hint = any(s < m.start() and m.end() < e for s, e in hint_spans)
                found.append(PlaceMatch(m.start(), m.end(), m.group(1), (region,), "region", in_hint))
        return sorted([*matches, *found], key=lambda x: x.start) if found else matches

    def _country_of_key(self, key: str) -> str | None:
        """The country a name key denotes, in the gazetteer's names or in French ("Tunisie", "Liban", "RDC")."""
        return self.gazetteer.country_key_code(key) or FRENCH_COUNTRY_NAMES.get(key)

    def _country_in_capitals(self, text: str, tokens: list[tuple[int, int, str]], i: int) -> tuple[PlaceMatch, int] | None:
        """A country's name in capitals ("MALI: 12 soldiers killed", "BURKINA FASO"): a headline's or a label's
        word, where other capitalised words are acronyms (JNIM), which only country names are told from."""
        for n in (2, 1):
            window = tokens[i : i + n]
            if len(window) < n or not all(t[2].isupper() and t[2].isalpha() for t in window) \
                    or (n == 1 and len(window[0][2]) < 4):
                continue
            start, end = window[0][0], window[-1][1]
            cc = self._country_of_key(normalize_name(text[start:end]))
            if cc is not None:
                return self._country_match(text, start, end, cc), n
        return None

    def _country_match(self, text: str, start: int, end: int, cc: str, border: bool = False,
                       in_hint: bool = False) -> PlaceMatch:
        """A country named at text[start:end]; "near the border with X" and "France says" are marked."""
        return PlaceMatch(start, end, text[start:end], (self.gazetteer.country_place(cc),), "border" if border else None,
                          in_hint, speaker=bool(_SPEAKS_AFTER.match(text, end)),
                          origin=not border and bool(_ORIGIN_BEFORE.search(text, max(0, start - 40), start)))

    def _match_at(self, text: str, tokens: list[tuple[int, int, str]], i: int, hint_spans: list[tuple[int, int]],
                  sahel: bool = False, located: bool = False) -> tuple[PlaceMatch, int] | None:
        first = tokens[i][2]
        if not _is_name_token(first):
            return None
        for n in range(min(MAX_TOKENS + 2, len(tokens) - i), 0, -1):
            window = tokens[i : i + n]
            if n > MAX_TOKENS and not any(t[2] in _ROMANCE_LINKS for t in window[1:-1]):
                continue  # longer only with a connector inside: "Sao Sebastiao da Boa Vista", "San Pedro de la Paz"
            if not _is_name_token(window[-1][2]) or any(not _is_name_token(t[2]) and t[2].lower() not in _CONNECTORS for t in window[1:-1]):
                continue
            start, end = window[0][0], window[-1][1]
            if n > 1 and any(ch in ".;:()\n" for ch in text[start:end]):
                continue
            if _inside_longer_name(text, tokens, i, i + n) and not self._region_follows(text, tokens, i, i + n):
                continue  # "Issa" in "Ein Issa", "Macina" in "Katiba Macina": part of a name we do not know
            key = normalize_name(text[start:end])
            match = self._build_match(text, start, end, key, n, hint_spans, sahel, located)
            if match is not None and not self._goes_on_elsewhere(text, tokens, i + n, key, match):
                return match, n
        return None

    @staticmethod
    def _goes_on_elsewhere(text: str, tokens: list[tuple[int, int, str]], stop: int, key: str, match: PlaceMatch) -> bool:
        """True when the name goes on after a Spanish, Portuguese or Italian connector and no candidate is called by the
        longer name: "Santa Maria de Ostula" is no Santa Maria the gazetteer knows; "San Pedro de Ycuamandiyu" is its
        "San Pedro de Ycuamandyyu", however spelt, and "Gao de nuit" names Gao (French "de" goes on with no name)."""
        if stop + 1 >= len(tokens) or tokens[stop][2] not in _ROMANCE_LINKS or not _is_name_token(tokens[stop + 1][2]) \
                or text[tokens[stop - 1][1] : tokens[stop + 1][0]] != f" {tokens[stop][2]} " \
                or normalize_name(tokens[stop + 1][2]) in COMMON_WORDS | _QUALIFIER_WORDS:
            return False
        longer = f"{key} {tokens[stop][2]} {normalize_name(tokens[stop + 1][2])[:4]}"
        return not any(normalize_name(p.name).startswith(longer) for p in match.candidates)

    def _region_follows(self, text: str, tokens: list[tuple[int, int, str]], i: int, stop: int) -> bool:
        """The capitalised words glued after text's tokens[i:stop] are a region's or a country's name, not the rest of a
        longer name: "Hodeidah Red Sea port", "in Tijuana Baja California"."""
        if stop >= len(tokens) or _inside_longer_name(text, tokens[:stop], i, stop):
            return False  # nothing after, or glued before too
        for k in (3, 2):  # one word is too often the rest of the name: "Khas Urozgan", "Niger Delta"
            after = tokens[stop : stop + k]
            if len(after) < k or not all(_is_name_token(t[2]) for t in after) \
                    or any(text[a[1] : b[0]] != " " for a, b in zip([tokens[stop - 1], *after], after)):
                continue
            key = normalize_name(text[after[0][0] : after[-1][1]])
            if len(key) >= 4 and key not in COMMON_WORDS and (self._country_of_key(key) or any(
                    self.gazetteer.place_at(r).feature_kind == "A.ADM1" for r in self.gazetteer.rows_for_key(key)[:10])):
                return True
        return False

    def _build_match(self, text: str, start: int, end: int, key: str, n_tokens: int, hint_spans: list[tuple[int, int]],
                     sahel: bool = False, located: bool = False) -> PlaceMatch | None:
        """The place phrase text[start:end] (normalised `key`), or None. `located`: the text says it is a place
        although no locative cue precedes it (an end of "the Hombori-Douentza road")."""
        gaz = self.gazetteer
        in_hint = any(s < start and end < e for s, e in hint_spans)
        qualifier = _qualifier(text, start, end)
        if qualifier is None and _DIVISION_THEN_COMMA.search(text, max(0, start - 40), start):
            qualifier = "region"  # "in Chimtal district, Balkh": the province that holds the district, not its capital
        countryside = qualifier is None and _in_countryside(text, start, end)
        if countryside:
            # "Idleb countryside", "rural Hama": somewhere around the city, not the city itself (precision 2; measured on
            # the dev set, the villages so named lie mostly in the city's own district, within 25 km of it, so neither
            # the governorate at precision 3 nor the city at precision 1)
            qualifier = "near"
        if _THING_AFTER.match(text, end):
            return None  # "the US dollar", "a Molotov cocktail", "Turkey-backed factions": a thing named after a place
        cc = self._country_of_key(key)
        if cc is not None and _VILLAGE_OF.search(text, max(0, start - 30), start):
            cc = None  # "the village of Perou" (French "Pérou"): a village named like a country, not the country
        elif cc is not None and (_LGA_BEFORE.search(text, max(0, start - 40), start) or _STATE_AFTER.match(text, end)) \
                and any(c.count(".") == 1 for c in gaz.admin_codes_named(text[start:end])):
            cc, qualifier = None, "region"  # "(Rafi LGA, Niger)", "Niger State": Nigeria's Niger State, not the country
        if cc is not None:
            return self._country_match(text, start, end, cc, qualifier == "border", in_hint)
        if key in DEMONYMS and (qualifier == "border" or _DEMONYM_BORDER_AFTER.match(text, end, end + 40)):
            # "near the Malian border", "la frontière malienne": that country's border, not Iran's Malyan
            return self._country_match(text, start, end, DEMONYMS[key], True, in_hint)
        if (key in DEMONYMS or key in FOREIGN_NATIONALITIES) and (qualifier is None and not in_hint
                                or in_hint and not any(c.count(".") in (1, 2) for c in gaz.admin_codes_named(text[start:end]))):
            return None  # "Malian", "(French, Burkinabe and Malian)": a people or a nationality, not Iran's Malyan
        if _OPERATION_BEFORE.search(text, max(0, start - 20), start):
            return None  # "operation 'Panga'", "Opération Bourgou": a military operation's name, not the village
        if _PORTFOLIO_BEFORE.search(text, max(0, start - 30), start):
            return None  # "le ministère de la Santé", "Minister of Justice": a ministry's portfolio, not Xanten or a village
        if _PEOPLE_AFTER.match(text, end):
            return None  # "the Ayr sub-clan", "the Moba and Yaana ethnic groups": a people's name, not Ayr in Scotland
        rows = gaz.rows_for_key(key)
        loose = fuzzy = False
        if not rows and len(key) >= 5:
            for variant in _transliterations(key):  # "Ar-Raqqa" is GeoNames' "Ar-Raqqah"
                rows = gaz.rows_for_key(variant)
                if rows:
                    break
        if rows and qualifier == "region" and len(key) >= 4:
            # "Anbar province" is Iraq's "Al Anbar", not Diyarbakir, one of whose other names is Anbar
            own = [r for r in rows if (gaz.place_at(r).feature_kind == "A.ADM1" and normalize_name(gaz.place_at(r).name) == key)]
            if not own:
                extra = [r for v in _transliterations(key) for r in gaz.rows_for_key(v)
                         if gaz.place_at(r).feature_kind == "A.ADM1" and normalize_name(gaz.place_at(r).name) == v]
                rows = list(dict.fromkeys([*extra, *rows]))
        if not rows and " " in key:
            for variant in _direction_variants(key):  # "South Darfur" is GeoNames' "Southern Darfur", "Nord-Kivu" its "North Kivu"
                rows = [r for r in gaz.rows_for_key(variant) if (gaz.place_at(r).feature_kind or "").startswith("A.")]
                if rows:
                    break
        # a loose or near spelling is one name, never a list: "in Gao, Mali" is not the village of Gombali
        if not rows and sahel and len(key) >= 5 and key not in COMMON_WORDS and key not in DEMONYMS \
                and "," not in text[start:end] and (_LOCATIVE_CUE.search(text[max(0, start - 40) : start]) or qualifier is not None):
            rows, loose = gaz.rows_for_loose(key), True  # "the village of Labbezanga" is Labézanga
            if not rows and len(key) >= 6:
                rows, fuzzy = gaz.rows_for_fuzzy(key), True  # "the village of Tengandogo" is Tengadogo
                if " " in key:
                    # a name of two words is near another name of two ("Bazi-Gourma", Badji Gourma), not of one ("Nene-Leye"
                    # is not Senegal's Nénèt: its head is a place, read as a partial name)
                    rows = [r for r in rows if len(normalize_name(gaz.place_at(r).name).split()) > 1]
        if not rows:
            return None
        candidates = tuple(gaz.place_at(r) for r in rows[:40])
        if in_hint:
            qualifier = "region" if _is_last_hint_part(text, end) else "area"
        candidates = _filter_by_qualifier(candidates, qualifier, text[end:])
        if countryside:
            # "Damascus countryside", "rural Damascus": a region of its own (Rif Dimashq), where the admin table knows one
            own = [c for c in gaz.admin_codes_named(text[start:end] + " countryside") if c.count(".") == 1]
            region = gaz.admin_place(own[0]) if len(own) == 1 else None
            candidates, qualifier = ((region,), "region") if region is not None else (candidates, qualifier)
        if qualifier == "region" and not any(p.feature_kind == "A.ADM1" for p in candidates):
            # "the Timbuktu region" is Tombouctou region; "the Poni region" is the region of Poni province (Sud-Ouest), not
            # of a village called Poni elsewhere
            districts = [p for p in candidates if p.feature_kind == "A.ADM2" and normalize_name(p.name) == key]
            candidates = self._admin1_of(tuple(districts)) or self._admin1_of(candidates) or candidates
        if not candidates:
            return None
        # "Est region", "Ouest department": a region whose name is a common word, named as a division
        division = qualifier in ("region", "area") and bool(_REGION_AFTER.match(text[end:]) or _ADMIN_AFTER.match(text[end:])) \
            and any(p.feature_kind == "A.ADM1" for p in candidates)
        if n_tokens == 1 and (len(key) < 3 or key in COMMON_WORDS) and not (qualifier == "region" or in_hint or division) \
                and not (len(key) == 2 and key not in COMMON_WORDS and _SMALL_VILLAGE_BEFORE.search(text, max(0, start - 30), start)):
            return None  # but "the Fulani village of Pe", "the village Am": a two-letter village said to be one
        located = located or bool(_ROUTE_AFTER.match(text, end))  # "on the Sirwah frontline", "the Boni road"
        if not (in_hint or located) and not _prominent(candidates) and not _LOCATIVE_CUE.search(text[max(0, start - 40) : start]) \
                and not _PAREN_AFTER.match(text[end:]) and qualifier is None:
            return None  # a small place named with no locative cue: likely a person or a word
        hint_admin2, hint_admin1 = (None, None) if in_hint else self._paren_hint(text, end)
        second = bool(_SECOND_OF_PAIR.search(text[max(0, start - 80) : start]))
        coded = bool(_CODED_AS.search(text[max(0, start - 20) : start]))
        destination = bool(_DESTINATION_BEFORE.search(text[max(0, start - 30) : start]) or _TRAVEL_BEFORE.search(text[max(0, start - 70) : start])
                           or _HOME_OF_PEOPLE_BEFORE.search(text, max(0, start - 90), start))
        container = qualifier == "area" and bool(_ADMIN_AFTER.match(text[end : end + 30])
                                                 or _CONTAINER_BEFORE.search(text[max(0, start - 30) : start]))
        genitive = qualifier is None and ("of " in text[max(0, start - 8) : start]
                                          and bool(_GENITIVE_BEFORE.search(text[max(0, start - 40) : start]))
                                          or bool(_POSSESSIVE_AFTER.match(text, end))
                                          or bool(_ATTRIBUTIVE_AFTER.match(text, end)) and bool(_ARTICLE_BEFORE.search(text, max(0, start - 8), start)))
        return PlaceMatch(start, end, text[start:end], candidates, qualifier, in_hint, hint_admin2, hint_admin1, loose, second, coded,
                          destination, container, genitive, fuzzy, named_after=bool(_NAMED_AFTER.match(text, end)),
                          partial=_is_quarter(text, start, end))

    def _paren_hint(self, text: str, end: int) -> tuple[str | None, str | None]:
        """The "(admin2, admin1)" or "(admin1)" right after a place phrase ending at `end`, if any: (admin2, admin1)."""
        paren = _PAREN_AFTER.match(text[end:])
        if paren is None or not all(g is None or (g[:1].isupper() and not any(ch.isdigit() for ch in g)) for g in paren.groups()):
            return None, None  # "(coded as Dankoussa at geoprecision 2)", "(approx coordinates used)": not a place's admins
        hint_admin2, hint_admin1 = (paren.group(1), paren.group(2)) if paren.group(2) else (None, paren.group(1))
        hint_admin1 = _unabbreviated(hint_admin1)
        if not any(c.count(".") in (1, 2) for c in self.gazetteer.admin_codes_named(hint_admin1)):
            hint_admin1 = None  # "(Mirpurkhas Sindh)", "(Thanjavur, TN)": no region the gazetteer knows
        return hint_admin2, hint_admin1

    def _admin1_of(self, places: tuple[Place, ...]) -> tuple[Place, ...]:
        regions: dict[str, Place] = {}
        for place in places:
            code = self.gazetteer.admin_codes(place)[0]
            region = self.gazetteer.admin_place(code) if code else None
            if region is not None and region.feature_kind == "A.ADM1":
                regions.setdefault(region.id, region)
        return tuple(regions.values())

    # ---- resolving ----------------------------------------------------------------------
    def prepare(self, text: str, sahel: bool = False) -> _Prepared:
        """What `resolve` reads in the whole of `text`, read once: the last PREPARED_TEXTS texts are kept on this
        Geocoder, so resolving each of a report's mentions does not read the report again. `sahel`: the caller
        knows the report is a central Sahel one (see find_places); it changes what is read only where the text
        itself does not say so."""
        if sahel and (_SAHEL_CUES.search(text) or _SAHEL_WORDS.search(text)):
            sahel = False  # the text says so itself: the same reading either way
        key = _SAHEL_KEY + text if sahel else text
        prepared = self._prepared.get(key)
        if prepared is None:
            matches = self.find_places(text, sahel)
            prepared = _Prepared(text, matches, self._context(text, matches, None), self.dateline_country(text))
            prepared.context.prepared = prepared
            while len(self._prepared) >= PREPARED_TEXTS:
                del self._prepared[next(iter(self._prepared))]  # the oldest
            self._prepared[key] = prepared
        return prepared

    def resolve(self, text: str, focus: Sequence[tuple[int, int]] = (), country_hint: str | None = None,
                outlet: str | None = None) -> PlaceRef | None:
        """One place for the event told in the `focus` ranges of `text` (all of it when empty).

        `country_hint` is a country the caller knows the report is about (strong evidence); `outlet` the
        publisher's name, whose country ("Sudan Tribune", "Vanguard (Lagos)") is weak evidence, used to break
        ties and, where the text names no place at all, as the country.
        """
        hint_cc = self.gazetteer.country_code(country_hint) if country_hint else None
        outlet_cc = self.outlet_country(outlet) if outlet else None
        # a report the caller or its outlet places in the central Sahel is read as one: "the village of Sety" (Sèti)
        # on a Malian radio is spelt as loosely as where the text names JNIM or Mali
        sahel_outlet = self.sahel_outlet(outlet)
        prepared = self.prepare(text, sahel=hint_cc in HOME_COUNTRIES or outlet_cc in HOME_COUNTRIES or sahel_outlet)
        matches = prepared.matches
        # the text's own evidence is read once per text; the caller's hint and the outlet are this call's
        context = dataclasses.replace(prepared.context, hint_cc=hint_cc)
        context.outlet_cc = outlet_cc or prepared.dateline_cc
        context.outlet_sure = bool(outlet) and context.outlet_cc is not None and outlet not in self._outlet_by_place
        if not context.sahel and sahel_outlet:  # a Sahel monitor's report: as if it named a Sahel armed group
            context.sahel, context.side_countries = True, context.side_countries | HOME_COUNTRIES
        context.votes = _vote(context)
        ranges = list(focus) or [(0, len(text))]
        # an event told over several sentences is where its first sentence says (later ones tell of its background)
        context.lead_end = min(ranges)[1] if len(ranges) > 1 else None
        in_focus = [m for m in matches if any(s <= m.start and m.end <= e for s, e in ranges)]
        for pool in (in_focus, matches):
            ref = self._pick(pool, matches, context)
            if ref is not None:
                if ref.admin1 and not ref.admin2 and ref.geo_precision == 3:
                    ref = self._district_named(text, ranges, ref)
                elif not ref.admin1 and ref.place is None:
                    ref = self._division_named(text, ranges, ref) or ref
                ref = self._admin2_of_suffix(ref, context)
                return self._seat_district(self._home_region(ref, context))
        ref = self._fallback(context, outlet)
        if ref is not None and not ref.admin1:
            ref = self._division_named(text, ranges, ref) or ref
        elif ref is None:
            ref = self._division_anywhere(text, ranges)
        ref = self._home_region(ref, context) if ref is not None else None
        if ref is not None and not ref.admin1:
            ref = self._capital_of_institutions(text, ranges, ref) or ref
        return self._seat_district(ref) if ref is not None else None

    def _seat_district(self, ref: PlaceRef) -> PlaceRef:
        """A region-level answer (precision 3, no district) gets the district of the region's seat, where ACLED's
        codebook puts an event known only by its province ("prisoners released in Herat province": Herat district):
        still precision 3, at the region's point. The seat: the town GeoNames marks as the region's seat, else its
        most populous town called by the region's name; none, and no district, where there is neither."""
        if ref.geo_precision != 3 or not ref.admin1 or ref.admin2 or not ref.country \
                or ref.place is not None and ref.place.feature_kind != "A.ADM1":
            return ref
        cc = self.gazetteer.country_code(ref.country)
        code = self.gazetteer.admin_codes(ref.place)[0] if ref.place is not None else next(
            (c for c in self.gazetteer.admin_codes_named(ref.admin1) if cc and c.startswith(cc + ".") and c.count(".") == 1), "")
        if not code:
            return ref
        if code not in self._seats:
            seat = self.gazetteer.seat(code)
            if seat is None:
                region = self.gazetteer.admin_place(code)
                names = dict.fromkeys([ref.admin1, *([region.name, *region.alternate_names] if region else [])])
                towns = [p for n in names for p in self.gazetteer.search(n, limit=30)
                         if (p.feature_kind or "").startswith("P.") and self.gazetteer.admin_codes(p)[0] == code]
                seat = max(towns, key=lambda p: (p.population or 0, p.id), default=None)
            self._seats[code] = seat
        seat = self._seats[code]
        if seat is None or not seat.admin2:
            return ref
        return dataclasses.replace(ref, admin2=seat.admin2, explanation=ref.explanation + f"; admin2 {seat.admin2}, the district "
                                   f"of the region's seat {seat.name}, where a region-level event is put")

    def _capital_of_institutions(self, text: str, ranges: list[tuple[int, int]], ref: PlaceRef) -> PlaceRef | None:
        """A country-level answer whose event (the focus) names national institutions ("in front of Parliament",
        "the Ministry of Health", "la présidence") and no place: the capital, where those sit, at precision 3 (the
        text does not name it). None where no institution is named or the gazetteer has no capital for the country."""
        cc = self.gazetteer.country_code(ref.country) if ref.country else None
        if cc is None or not any(_NATIONAL_INSTITUTION.search(text, start, end) for start, end in ranges):
            return None
        capital = self.gazetteer.capital(cc)
        if capital is None or not capital.admin1:
            return None
        institution = next(m.group(0) for start, end in ranges if (m := _NATIONAL_INSTITUTION.search(text, start, end)))
        return dataclasses.replace(
            ref, place=capital, admin1=capital.admin1, admin2=capital.admin2, location=capital.name,
            latitude=capital.latitude, longitude=capital.longitude, geo_precision=3,
            explanation=ref.explanation + f"; {institution!r}, a national institution, sits in the capital {capital.name}")

    def _division_named(self, text: str, ranges: list[tuple[int, int]], ref: PlaceRef) -> PlaceRef | None:
        """A country-level answer whose text names a district or region that the admin tables know and the
        place index does not ("Lohajang Upazila (Munshiganj)", "Kinyinya commune", "Tooz Khurmato district"):
        that division's admin1 (and admin2), at precision 3. The focus first, then the whole text."""
        cc = self.gazetteer.country_code(ref.country) if ref.country else None
        if cc is None:
            return None
        for start, end in [*ranges, (0, len(text))]:
            for m in _DIVISION_PHRASE.finditer(text, start, end):
                name = next(g for g in m.groups() if g)
                words = name.split()
                for k in range(len(words)):  # "Tooz Khurmato" is the table's "Tooz"; "Hawi Gudina" its "Gudina"?: longest first
                    for part in (" ".join(words[k:]), " ".join(words[: len(words) - k])):
                        if len(part) < 4 or normalize_name(part) in COMMON_WORDS:
                            continue
                        codes = sorted({c for c in self.gazetteer.admin_codes_named(part) if c.startswith(cc + ".")})
                        admin1s = {c.split(".")[0] + "." + c.split(".")[1] for c in codes}
                        if len(admin1s) != 1:
                            continue
                        admin1_code = admin1s.pop()
                        admin1 = self.gazetteer.admin_name(admin1_code)
                        region = self.gazetteer.admin_place(admin1_code)
                        if not admin1:
                            continue
                        admin2_codes = [c for c in codes if c.count(".") == 2]
                        admin2 = self.gazetteer.admin_name(admin2_codes[0]) if len(admin2_codes) == 1 else None
                        return dataclasses.replace(
                            ref, place=region, admin1=admin1, admin2=admin2, location=admin2 or admin1,
                            latitude=region.latitude if region else ref.latitude, longitude=region.longitude if region else ref.longitude,
                            geo_precision=3,
                            explanation=ref.explanation + f"; {part!r}, named as a division, is {admin2 or admin1} ({admin1})")
        return None

    def _admin2_of_suffix(self, ref: PlaceRef, context: _Context) -> PlaceRef:
        """A place the gazetteer puts in another admin2 of the region that the text's own "(admin2, admin1)"
        suffix names: the suffix wins ("Street 50 in the east of Hodeidah port city (Al Hali, Al Hudaydah)": a
        city spans several districts and the text says which one; "Minawao village, Mokolo subdivision (Mayo-Tsanaga,
        Extreme-Nord)": the town the gazetteer found has no district of its own). Only where the text's suffixes for
        that region name one admin2 the admin table knows; not in Niger, whose suffixes name the commune, and whose
        communes share their names with the departments cut out of the old ones in 2011."""
        if ref.place is None or not context.hint_pairs or not (ref.place.feature_kind or "").startswith("P.") or not ref.admin1 \
                or ref.place.country_code == "NE":
            return ref
        admin1_code = self.gazetteer.admin_codes(ref.place)[0]
        named: set[str] = set()
        for admin2_name, admin1_name in context.hint_pairs:
            if not same_admin(ref.admin1, admin1_name):
                continue
            if same_admin(ref.admin2, admin2_name):
                return ref
            named.update(a2 for a1, a2 in self.gazetteer.admin_pairs(admin2_name, admin1_name) if a1 == admin1_code)
        if len(named) != 1:
            return ref
        admin2 = self.gazetteer.admin_name(named.pop())
        return dataclasses.replace(ref, admin2=admin2, explanation=ref.explanation + f"; admin2 {admin2} as the text's suffix gives it")

    def _division_anywhere(self, text: str, ranges: list[tuple[int, int]]) -> PlaceRef | None:
        """No place and no country named, but a division by its kind ("caves across the Hamrin mountains in Saladin
        province"): where the admin tables know that name in one country only, that division (precision 3)."""
        for start, end in [*ranges, (0, len(text))]:
            for m in _DIVISION_PHRASE.finditer(text, start, end):
                name = next(g for g in m.groups() if g)
                if len(name) < 4 or normalize_name(name) in COMMON_WORDS:
                    continue
                countries = {c.split(".")[0] for c in self.gazetteer.admin_codes_named(name)}
                if len(countries) == 1:
                    ref = self._country_ref(countries.pop(), f"no place named; {name!r}, named as a division, is this country's")
                    return self._division_named(text, ranges, ref)
        return None

    def _home_region(self, ref: PlaceRef, context: _Context) -> PlaceRef:
        """A country-level answer in a country where the armed groups or communities named are at home in one
        region ("Dan Na Ambassagou militiamen attacked the village of Petaka": Mopti) gets that region, still
        at precision 3: the text supports the region, not a place in it."""
        if ref.admin1 or ref.place is not None and not ref.place.id.startswith("country:") or not context.cue_admin1_codes:
            return ref
        cc = self.gazetteer.country_code(ref.country) if ref.country else None
        code = self._home_admin1(context, cc)
        if code is None:
            return ref
        region = self.gazetteer.admin_place(code)
        if region is None:
            return ref
        fake = PlaceMatch(0, 0, region.name, (region,), "region")
        why = f"place unknown; the region the armed groups or communities named are at home in ({ref.explanation})"
        return self._region_ref(fake, region, why)

    @staticmethod
    def _home_admin1(context: _Context, cc: str | None) -> str | None:
        """The one region of country `cc` where the armed groups and communities named are most at home: every cue
        in that country, and the first region of the groups at home in several ("the OSCE SMM" watches Donetsk
        first, then Luhansk) outweighing each of the others; None where no region stands out."""
        if not cc or any(not c.startswith(cc + ".") for c in context.cue_admin1_codes):
            return None
        ranked = sorted(context.cue_admin1_weights.items(), key=lambda cw: (-cw[1], cw[0]))
        if not ranked or len(ranked) > 1 and ranked[1][1] >= ranked[0][1]:
            return None
        return ranked[0][0]

    def _fallback(self, context: _Context, outlet: str | None) -> PlaceRef | None:
        """The country when the text names no place the gazetteer knows."""
        if context.hint_cc in _WORLD_OUTLET_COUNTRIES and context.cues and context.hint_cc not in context.cues:
            # "French Operation Barkhane forces conducted operations": a foreign force's country is not where it fights
            cc = max(sorted(context.cues), key=lambda c: context.cues[c])
            return self._country_ref(cc, "no place named; country from the armed groups or missions named, not the "
                                         "foreign force's")
        if context.hint_cc:
            return self._country_ref(context.hint_cc, "no place named; country from the hint")
        context = self._without_namesakes(context)
        if context.votes:
            cc = max(sorted(context.votes), key=lambda c: context.votes[c])
            kinds = [what for what, found in (
                ("a country named", cc in context.country_votes), ("regions or towns of one country", any(c == cc for _, c, _ in context.geo_evidence)),
                ("the armed groups or missions named", cc in context.cues), ("a demonym", cc in context.demonyms),
                (f"the outlet ({outlet!r})", cc == context.outlet_cc)) if found]
            return self._country_ref(cc, f"no place known; the country the text's evidence points to: {', '.join(kinds)} ("
                                     + ", ".join(f"{c} {w:.1f}" for c, w in sorted(context.votes.items(), key=lambda cw: -cw[1])[:3])
                                     + ")")
        if context.region_countries:
            cc = max(sorted(context.region_countries), key=lambda c: context.region_countries[c])
            return self._country_ref(cc, "no place known; country of the region named")
        if context.cues:
            cc = max(sorted(context.cues), key=lambda c: context.cues[c])
            return self._country_ref(cc, "no place named; country from the armed groups or missions named")
        if context.demonyms:
            cc = max(sorted(context.demonyms), key=lambda c: context.demonyms[c])
            return self._country_ref(cc, "no place named; country from a demonym")
        if context.outlet_cc:
            return self._country_ref(context.outlet_cc, f"no place named; country of the outlet ({outlet!r})")
        if context.sahel:  # resolve sets it for a Sahel monitor's report too
            # "Tuareg encampment", "a Dawsahak notable", a Sahel monitor's "2 wounded": the central Sahel, and of its
            # countries the one where most of its conflict events are (UCDP GED)
            return self._country_ref(SAHEL_DEFAULT_COUNTRY, "no place named; the central Sahel (its communities or armed "
                                     f"groups named, or a Sahel monitor's report), most often {SAHEL_DEFAULT_COUNTRY}")
        return None

    def _without_namesakes(self, context: _Context) -> _Context:
        """`context` without the country evidence of the phrases whose every candidate `_pick` left out as an
        unsupported namesake abroad ("Kamalu", twice in a Radio Okapi report, is only Camalú, Mexico): a place
        rejected as not the event's says nothing of the event's country either."""
        if context.prepared is None or not context.geo_evidence:
            return context
        evidence = {start for start, _, _ in context.geo_evidence}
        rejected = frozenset(m.start for m in context.prepared.matches if m.start in evidence and not m.hint and not m.is_country
                             and m.candidates and all(self._unsupported(p, m, context) for p in m.candidates))
        if not rejected:
            return context
        return dataclasses.replace(context, geo_evidence=[e for e in context.geo_evidence if e[0] not in rejected],
                                   votes=_vote(context, exclude=rejected))

    @staticmethod
    def sahel_outlet(outlet: str | None) -> bool:
        """An outlet that reports on the whole central Sahel ("Menastream"), or whose name says the Sahel's nomads or
        their country ("MSA Azawad", "L'Enfant Touareg"): no one country, but the Sahel. Not "Sahel" alone: Niger's
        national daily "Le Sahel" is Niger's, and outlets elsewhere take the word."""
        names = [normalize_name(o) for o in re.split(r"[;,]", outlet or "")]
        return any(n in SAHEL_OUTLETS or _SAHEL_OUTLET_WORDS.search(n) for n in names)

    def dateline_country(self, text: str) -> str | None:
        """The country of a news dateline's city ("BAMAKO (Reuters) -", "NIAMEY, Niger (AP) —", "OUAGADOUGOU -"):
        where the story was filed, weak evidence like the outlet's. Capitals and large cities only; world
        news hubs (Paris, London, Washington) say nothing."""
        m = _DATELINE.match(text)
        if m is None:
            return None
        for place in self.gazetteer.search(m.group(1).title(), limit=5):
            if place.feature_kind in ("P.PPLC", "P.PPLA") or (place.population or 0) >= 100_000:
                return None if place.country_code in _WORLD_OUTLET_COUNTRIES else place.country_code
        return None

    def outlet_country(self, outlet: str) -> str | None:
        """The country an outlet's name places it in: a country name or demonym ("Sudan Tribune", "Daily
        Nation (Kenya)", "Zambian Watchdog"), or a capital or regional capital in brackets ("Vanguard (Lagos)"),
        else a national outlet of OUTLET_COUNTRIES ("Studio Tamani", "Sidwaya"). Outlets named after France, Britain or the United States ("Agence France Presse") report on the whole
        world, so those say nothing."""
        if outlet in self._outlet_cache:
            return self._outlet_cache[outlet]
        found: str | None = None
        first = re.split(r"[;,]", outlet)[0]  # "News24; African News Agency": the first source
        words = normalize_name(re.sub(r"(?<=[a-z])(?=\d)", " ", first)).split()
        for n in (4, 3, 2, 1):  # "Democratic Republic of Congo" before its "Republic of Congo"
            for i in range(len(words) - n + 1):
                key = " ".join(words[i : i + n])
                cc = self._country_of_key(key) if len(key) > 3 and key not in _AMBIGUOUS_COUNTRY_WORDS else None
                cc = cc or DEMONYMS.get(key) or _OUTLET_COUNTRY_WORDS.get(key)
                if cc and found is None:
                    found = cc
        if found in _WORLD_OUTLET_COUNTRIES:
            found = None  # "Agence France Presse; Algerie Presse Service": the world agency says nothing, the later source may
        if found is None:
            bracket = re.search(r"\(([^()]{3,40})\)", first)
            if bracket:
                for place in self.gazetteer.search(bracket.group(1), limit=5):
                    if place.feature_kind in ("P.PPLC", "P.PPLA", "A.ADM1") or (place.population or 0) >= 500_000:
                        found = place.country_code
                        break
        if found is None:  # "Studio Tamani; Menastream": a national outlet whose name says no country
            found = next((OUTLET_COUNTRIES[k] for k in (normalize_name(o) for o in re.split(r"[;,]", outlet))
                          if k in OUTLET_COUNTRIES), None)
        if found is None:  # "Les Dépêches de Brazzaville", "Oromiya Media Network": a capital's or a region's name
            found = self._outlet_place_country(outlet)
            if found is not None:
                self._outlet_by_place.add(outlet)  # a guess: "As Sabah" is a Tunisian daily, not of Malaysia's Sabah
        if found is None:  # "Crater Sky; Yemen Data Project": a later source that names its country
            for source in re.split(r"[;,]", outlet)[1:]:
                words = normalize_name(source).split()
                found = next((cc for n in (3, 2, 1) for i in range(len(words) - n + 1)
                              for cc in [self._country_of_key(" ".join(words[i : i + n]))
                                         if len(" ".join(words[i : i + n])) > 3
                                         and " ".join(words[i : i + n]) not in _AMBIGUOUS_COUNTRY_WORDS else None] if cc), None)
                if found is not None:
                    break
        if found in _WORLD_OUTLET_COUNTRIES:
            found = None
        self._outlet_cache[outlet] = found
        return found

    def _outlet_place_country(self, outlet: str) -> str | None:
        """The country of a capital or a region whose own name is a word of the outlet's name (five letters or
        more, one country only)."""
        for source in re.split(r"[;,]", outlet):
            words = normalize_name(source).split()
            for n in (2, 1):
                for i in range(len(words) - n + 1):
                    key = " ".join(words[i : i + n])
                    if len(key) < 5 or key in COMMON_WORDS:
                        continue
                    places = [self.gazetteer.place_at(r) for r in self.gazetteer.rows_for_key(key)[:20]]
                    ccs = {p.country_code for p in places if p.feature_kind in ("P.PPLC", "A.ADM1") and normalize_name(p.name) == key}
                    # unless a regional capital or a city elsewhere has the name: "Folha de Boa Vista" is the daily of
                    # Roraima's capital (Brazil), not of Cabo Verde's island
                    cities = {p.country_code for p in places if (p.feature_kind == "P.PPLA" or (p.population or 0) >= 200_000)
                              and normalize_name(p.name) == key}
                    if len(ccs) == 1 and cities <= ccs:
                        return ccs.pop()
        return None

    def _context(self, text: str, matches: list[PlaceMatch], country_hint: str | None) -> _Context:
        context = _Context(text=text)
        if country_hint:
            context.hint_cc = self.gazetteer.country_code(country_hint)
        folded = _ascii_folded(text) if not text.isascii() else text
        for m in _DEMONYM.finditer(folded):
            if _THING_AFTER.match(folded, m.end(1)):
                continue  # "the US dollar", "Iran-backed militias": no one of that country is there
            cc = DEMONYMS[normalize_name(m.group(1))] if normalize_name(m.group(1)) in DEMONYMS else None
            if cc:
                context.demonyms[cc] = context.demonyms.get(cc, 0.0) + 1.0
        for m in _ON_SIDE.finditer(text):
            cc = DEMONYMS.get(normalize_name(m.group(1) or m.group(2)))
            if cc:
                context.on_side.add(cc)
                context.countries[cc] = context.countries.get(cc, 0.0) + 2.0
                context.country_votes[cc] = context.country_votes.get(cc, 0.0) + 2.0
        context.sahel = _SAHEL_CUES.search(text) is not None
        if context.sahel:
            context.side_countries.update(HOME_COUNTRIES)  # a village in the central Sahel needs no other evidence there
        sahara_branch = "Greater Sahara" in text or "Grand Sahara" in text
        for m in _ACTOR_CUE.finditer(text):
            if sahara_branch and m.group(1) in ("ISWAP", "Boko Haram"):
                continue  # "ISWAP (Greater Sahara faction)": the Islamic State's Sahel branch, not Nigeria's
            for rank, cc in enumerate(_CUE_OF[m.group(1)]):  # the country where the group is mostly at home first
                context.cues[cc] = context.cues.get(cc, 0.0) + (1.0 if rank == 0 else 0.4)
            for rank, code in enumerate(ACTOR_REGION_CUES.get(m.group(1), ())):
                context.cue_admin1_codes.add(code)
                context.cue_admin1_weights[code] = context.cue_admin1_weights.get(code, 0.0) + (1.0 if rank == 0 else 0.5)
            context.cue_admin2_codes.update(ACTOR_ADMIN2_CUES.get(m.group(1), ()))
        for m in matches:
            if m.hint and m.qualifier == "region" and not (m.loose or m.fuzzy):
                # "Hat police station (Hat, Al Mahrah)": the suffix's region, of one country, says that country
                ccs = {p.country_code for p in m.candidates if p.feature_kind == "A.ADM1"}
                if len(ccs) == 1:
                    context.geo_evidence.append((m.start, ccs.pop(), 2.0))
            if m.hint or m.is_country:
                continue
            regions = {p.country_code: p for p in m.candidates if p.feature_kind == "A.ADM1"}
            if len(regions) == 1 and (m.qualifier == "region" or len(m.phrase) >= 5):
                region = next(iter(regions.values()))
                # "Santarem, Para": a region abroad ("Santarem", Portugal) of a phrase that also names towns elsewhere says little
                sole = m.qualifier == "region" or {p.country_code for p in m.candidates} == {region.country_code}
                # "the minister's visit to Niamey": where someone went, not where it happened; "residents in Guidimaga": a
                # near-spelling of Mauritania's Guidimaka says no country
                if sole and not m.destination and not m.fuzzy:
                    context.region_countries[region.country_code] = context.region_countries.get(region.country_code, 0.0) + 1.0
                if sole and not (m.loose or m.fuzzy):
                    context.geo_evidence.append((m.start, region.country_code, 1.5))
                code = self.gazetteer.admin_codes(region)[0]
                if code and m.qualifier != "region":
                    context.admin1_codes.add(code)
                    context.admin1_sources.setdefault(code, set()).add(m.start)
            elif not (m.loose or m.fuzzy) and len({p.country_code for p in m.candidates}) == 1 and _prominent(m.candidates) \
                    and normalize_name(m.phrase) not in DEMONYMS:
                # "Idleb", "Tullus": a town that only one country has says that country, as a region does
                context.geo_evidence.append((m.start, m.candidates[0].country_code, 1.0))
        for m in matches:
            if m.is_country:
                continue
            for p in m.candidates:
                if p.feature_kind == "A.ADM1":
                    code = self.gazetteer.admin_codes(p)[0]
                    if code:
                        context.named_admin1.setdefault(code, set()).add(m.start)
        for admin2_name, admin1_name in ((a2, _unabbreviated(a1)) for a2, a1 in _PAREN_HINT.findall(text)):
            context.hint_pairs.append((admin2_name, admin1_name))
            for a1, a2 in self.gazetteer.admin_pairs(admin2_name, admin1_name):
                context.admin1_codes.add(a1)
                context.admin1_sources.setdefault(a1, set()).add(-1)
                context.hint_admin2_codes.add(a2)
        for m in matches:
            if m.is_country and m.qualifier == "border":
                # "near the border with Burkina Faso": the other side of that border is as likely as this one
                context.side_countries.add(m.candidates[0].country_code)
                if _BEYOND_BORDER_BEFORE.search(text, max(0, m.start - 40), m.start) or _BEYOND_BORDER_AFTER.match(text, m.end, m.end + 20):
                    context.beyond_border.add(m.candidates[0].country_code)
            elif m.is_country:
                cc = m.candidates[0].country_code
                context.countries[cc] = context.countries.get(cc, 0.0) + 2.0
                # "in Mali", "northern Mali's", "Gao, Mali" say where; "denounced France" says whom
                before = text[max(0, m.start - 40) : m.start]
                where = _LOCATIVE_CUE.search(before) or _PART_OF_COUNTRY.search(before) or text.startswith(("'s", "’s"), m.end)
                if where and _INSTITUTION_OF.search(before):
                    where = None  # "members of the Prefecture of Paraguay", "the government of Mali": whose, not where
                if not m.origin:  # "a peacekeeper from Liberia was killed": where someone came from says nothing of where
                    context.country_votes[cc] = context.country_votes.get(cc, 0.0) + (2.0 if where and not m.speaker else 1.0)
            elif m.qualifier == "region" or m.hint:
                for p in m.candidates[:3]:
                    if p.feature_kind == "A.ADM1" or m.qualifier == "region":
                        code = self.gazetteer.admin_codes(p)[0] if not p.id.startswith("country:") else ""
                        if code:
                            context.admin1_codes.add(code)
                            context.admin1_sources.setdefault(code, set()).add(m.start)
            if m.hint_admin1:
                for p in self.gazetteer.search(m.hint_admin1, limit=5):
                    if p.feature_kind == "A.ADM1":
                        context.admin1_codes.add(self.gazetteer.admin_codes(p)[0])
                        context.admin1_sources.setdefault(self.gazetteer.admin_codes(p)[0], set()).add(-1)
        return context

    @staticmethod
    def _prior(place: Place) -> float:
        prior = _FEATURE_PRIOR.get(place.feature_kind or "", 0.0) + 0.4 * math.log10((place.population or 0) + 1)
        if place.feature_kind == "P.PPL" and place.country_code in FULL_ADMIN2_COUNTRIES and place.admin2 \
                and normalize_name(place.name) == normalize_name(place.admin2):
            # "Kéniéba" in Kéniéba cercle: the town a cercle, province or department is named after is its seat, however
            # GeoNames ranks it (PPL, no population), and better known than its namesakes elsewhere
            prior += _FEATURE_PRIOR["P.PPLA2"] - _FEATURE_PRIOR["P.PPL"]
        return prior

    def _score(self, place: Place, match: PlaceMatch, matches: list[PlaceMatch], context: _Context) -> float:
        cc = place.country_code
        score = self._prior(place)
        if match.qualifier not in ("area", "region") and place.feature_kind in _ADMIN_FEATURES:
            score -= 2.0  # "in Gao" is the town; the region is "the Gao region"
        if place.id.startswith("ucdp:"):
            score -= 0.3
        if cc in ACTIVITY_COUNTRIES and not place.id.startswith("country:"):
            # conflict reports are about places where conflict happens: UCDP GED events around the place
            score += ACTIVITY_WEIGHT * math.log10(1 + self.gazetteer.activity(place.latitude, place.longitude, 2))
        if context.hint_cc:
            score += 4.0 if cc == context.hint_cc else -2.0
        if context.countries:
            if cc in context.countries:
                score += 2.0 + min(context.countries[cc], 3.0)
            elif any(cc in self.gazetteer.neighbours(c) for c in context.countries if c in self.gazetteer.country_codes()):
                score += 0.5
            else:
                score -= 2.0
        if cc in context.demonyms:
            score += 0.5
        if cc == context.outlet_cc:
            score += 1.0
        if cc in context.cues:
            score += 1.0 + min(context.cues[cc], 2.5)
        if cc in context.region_countries:
            score += 1.0 + min(context.region_countries[cc], 2.0)
        elif (context.cues or context.region_countries) and cc not in context.cues and cc not in context.countries:
            score -= 2.0  # the regions or armed groups named are in another country
        if cc in HOME_COUNTRIES:
            score += 2.0 if context.sahel else 1.0
        elif cc in SAHEL_COUNTRIES:
            score += 0.5
        elif context.sahel:
            score -= 1.5
        admin1_code, _ = self.gazetteer.admin_codes(place)
        if admin1_code and context.named_admin1.get(admin1_code, set()) - {match.start}:
            # "Santarem, Para", "Sobradinho, Distrito Federal": another phrase may name the place's region
            score += 2.0
        if admin1_code and context.admin1_sources.get(admin1_code, set()) - (
                {match.start} if place.feature_kind == "A.ADM1" and _big_city_in(match) else set()):
            # a region named in the text: the places in it and the region itself ("Gomel", "Guerrero"); but a phrase
            # that also names a big city is no evidence for the region over the city ("in Sanaa" is the capital, which
            # lies in another governorate than the one called Sanaa)
            score += 3.0
        elif admin1_code and admin1_code in context.cue_admin1_codes:
            # the armed groups' home region; where the text names no country, it is the best evidence there is of
            # which namesake ("Katiba Macina militants entered Manga": Mopti's, not Burkina Faso's provincial town)
            score += 1.0 if context.countries or context.hint_cc else 2.0
        if context.cue_admin2_codes and self.gazetteer.admin_codes(place)[1] in context.cue_admin2_codes:
            score += 0.8  # the district the communities named are at home in: a tie-break between namesakes
        if match.hint_admin1:
            score += 5.0 if _in_hint_division(place, match.hint_admin1, match.hint_admin2) else -1.0
        if match.hint_admin2 and same_admin(place.admin2, match.hint_admin2):
            score += 2.0
        if context.hint_admin2_codes and self.gazetteer.admin_codes(place)[1] in context.hint_admin2_codes:
            score += 2.0
        score += self._co_location(place, admin1_code, match, matches, context.prepared)
        if normalize_name(place.name) == normalize_name(match.phrase):
            score += 0.5  # its own name, not one of its alternate names in another language ("Boni" for Bonn)
        return score

    def _co_location(self, place: Place, admin1_code: str, match: PlaceMatch, matches: list[PlaceMatch],
                     prepared: _Prepared | None = None) -> float:
        """Other places named in the text that lie in the same admin1 or country support this candidate.

        With the text's `prepared` index (whose matches are `matches`), only the other phrases that can add
        anything are visited, in text order, and the sum stops at its cap: the same value, without visiting
        every phrase of a long text for every candidate."""
        if prepared is not None and prepared.matches is matches and len(matches) > _INDEX_MIN_PHRASES:
            at = prepared.position(match)
            # keyed by everything the sum reads of the place, and by the phrase (a phrase of the text only)
            key = (at, place.country_code, place.admin1, place.latitude, place.longitude, bool(admin1_code))
            bonus = prepared.co_location.get(key) if at is not None else None
            if bonus is None:
                bonus = self._co_location_sum(place, admin1_code, match, [matches[i] for i in prepared.co_located(place)])
                if at is not None:
                    prepared.co_location[key] = bonus
            return bonus
        return self._co_location_sum(place, admin1_code, match, matches)

    @staticmethod
    def _co_location_sum(place: Place, admin1_code: str, match: PlaceMatch, matches: list[PlaceMatch]) -> float:
        bonus = 0.0
        cap = 2.5 + PROXIMITY_WEIGHT
        for other in matches:
            if bonus >= cap:
                break  # every term is >= 0: the capped sum cannot change
            if other is match or other.is_country:
                continue
            tops = other.candidates[:3]
            if admin1_code and any(p.admin1 == place.admin1 and p.country_code == place.country_code for p in tops):
                bonus += 1.0
            elif any(p.country_code == place.country_code for p in tops):
                bonus += 0.4
            if place.latitude is not None and other.phrase != match.phrase and not other.hint and len(other.candidates) <= 8:
                # "Kera between Diafarabe and Tenenkou": the Kera near the other places named
                near = min((distance_km(place.latitude, place.longitude, p.latitude, p.longitude)
                            for p in other.candidates if p.latitude is not None and p.feature_kind != "A.ADM1"), default=1e9)
                bonus += PROXIMITY_WEIGHT * (1.0 if near <= 30 else 0.5 if near <= 80 else 0.0)
        return min(bonus, cap)

    def _pick(self, pool: list[PlaceMatch], matches: list[PlaceMatch], context: _Context) -> PlaceRef | None:
        sites = [m for m in pool if not m.hint and not m.is_country and m.qualifier != "region"]
        regions = [m for m in pool if not m.hint and m.qualifier == "region"]
        hints = [m for m in pool if m.hint]
        countries = [m for m in pool if m.is_country and not m.hint]
        best: tuple[float, PlaceMatch, Place] | None = None
        # a namesake abroad that nothing points to is no candidate where the text points elsewhere
        allowed = [(m, [p for p in m.candidates if not self._unsupported(p, m, context)]) for m in sites]
        # "in Khogyani district, Nangarhar", "in Santarem, Para": the region named right after a place holds it
        allowed = [(m, self._in_region_after(m, ps, matches, context.text)) for m, ps in allowed]
        # "in Matalam, Cotabato", "in Cawayan, Masbate": a place, then the district or town that holds it
        holders: dict[int, bool] = {}  # phrase start -> holds a place named (True), or stands for one it lacks (False)
        allowed = [(m, self._in_division_after(m, ps, matches, context.text, holders)) for m, ps in allowed]
        # "Ilitha township near Berlin", "between the villages of Sitiena and Diongolo": the namesakes that lie together
        allowed = _near_each_other(allowed, context.text, matches)
        sites = [m for m, ps in allowed if ps]
        tops = [max(((self._score(p, m, matches, context), p) for p in ps), key=lambda sp: sp[0])
                for m, ps in allowed if ps]
        # "near Hombori, Mopti Region", "Niono district of Segou": a phrase that names a region is the
        # region, and a place named beside it says more
        kept = [i for i, (_, p) in enumerate(tops) if p.feature_kind != "A.ADM1"]
        regions = [sites[i] for i in range(len(sites)) if i not in kept] + regions
        streets = [m for m in regions if m.named_after]  # "Sanaa Street" is a street, not the region: a last resort
        regions = [m for m in regions if not m.named_after]
        sites, tops = [sites[i] for i in kept], [tops[i] for i in kept]
        inside = self._holds_another(sites, tops)
        references = self._reference_points(sites, tops, context.text)
        for order, m in enumerate(sites):
            score, place = tops[order]
            if order in inside:
                score -= 4.0  # "near Boni, in the Douentza cercle": the cercle holds the place named, which says more
            if order in references:
                score -= 3.0  # "in Bentia, south of Ansongo", "in Kadial, between Tenenkou and Mopti": where the site lies
            if holders.get(m.start):
                score -= 4.0  # "in Matalam, Cotabato": the province (or town) after a place it holds says less
            if m.qualifier == "near" and order > 0 and _NEAR_THE_OTHER.match(context.text, sites[order - 1].end, m.start) \
                    and self._near_any(tops[order - 1][1], m.candidates):
                # "in Ilitha township near Berlin": the place named first is the site, the other its landmark (South
                # Africa's Berlin, beside it; not where a namesake of the first lies far from the landmark)
                score -= 3.0
            if context.lead_end is not None and m.start >= context.lead_end and (place.country_code, place.admin1) not in {
                    (p.country_code, p.admin1) for o, (_, p) in zip(sites, tops) if o.start < context.lead_end and not (o.fuzzy or o.loose)} \
                    and any(o.start < context.lead_end and not (o.fuzzy or o.loose) for o in sites):
                # "protesters gathered in Hasbaya ... They honoured a man killed in Tripoli": background elsewhere; but
                # "an assault near Timbuktu ... in the Gourma-Rharous area of the Timbuktu region" says where in it
                score -= 2.0
            if _named_like_region(place) and any(
                    other.admin1 == place.admin1 and other.country_code == place.country_code
                    and not _named_like_region(other) for _, other in tops):
                # "near Timbuktu" beside "the Gourma-Rharous area of the Timbuktu region": a regional capital
                # named like its region says less than a place inside that region
                score -= 3.0
            if m.fuzzy and (place.country_code not in self._fuzzy_countries(context)
                            or any(c.startswith(place.country_code + ".") for c in context.cue_admin1_codes)
                            and self.gazetteer.admin_codes(place)[0] not in context.cue_admin1_codes):
                continue  # a near-spelling where the text does not point is likelier another village than this one
            if m.hint_admin1 and not _in_hint_division(place, m.hint_admin1, m.hint_admin2):
                continue  # the suffix says the place is elsewhere: the gazetteer lacks this one
            if self._away_from_home(place, m, context):
                continue  # "the OSCE SMM observed explosions near Vodyane": Donbas's Vodyane, not Lviv's (unknown here)
            if context.countries and place.country_code not in context.countries and score < 2.0 \
                    and not self._capital_by_name(place, m):
                # a small foreign namesake of a place the gazetteer lacks; but a capital named is the capital ("in
                # Caracas ... data given to the United States government")
                continue
            if place.country_code in context.beyond_border and place.country_code not in context.countries \
                    and not _prominent((place,)) and not m.coded:
                continue  # "near Nassole, on the border with Burkina Faso": a village on this side, not a namesake beyond
            if context.on_side and place.country_code not in context.on_side and not m.coded:
                continue  # "clashes towards Banibangou, while on the Malian side of the border": a place across it is a landmark
            if context.sahel and place.country_code not in SAHEL_COUNTRIES and not _prominent((place,)):
                continue  # likewise, in a Sahel story
            if not context.countries and context.cues and place.country_code not in context.cues \
                    and place.country_code not in context.region_countries and not _prominent((place,)) \
                    and place.country_code not in context.demonyms:
                # likewise, where the armed groups named fight in another country; but not in the country of the
                # people named ("Ansaroul Islam shot a Malian soldier in Boulkessi")
                continue
            if context.region_countries and place.country_code not in context.region_countries \
                    and place.country_code not in context.countries and place.country_code not in context.cues:
                continue  # a namesake abroad of a place, in a region named, that the gazetteer lacks
            score -= 0.5 * order + (3.0 if m.second_of_pair else 0.0) + (1.5 if m.destination else 0.0) \
                + (10.0 if m.destination and any(not o.destination for o in sites) else 0.0) \
                + (6.0 if m.partial and any(not o.partial for o in sites) else 0.0) \
                + (3.0 if (m.genitive or m.named_after) and len(sites) > 1 else 0.0)
            if m.qualifier == "km" and len(sites) > 1:
                score -= 1.0  # "the village of Djebok, 35km east of Gao": Gao is the reference, not the site
            if m.coded:
                score += 6.0
            if best is None or score > best[0]:
                best = (score, m, place)
        if best is not None and best[1].qualifier == "km" and regions:
            # "in the mountains of Aïn Defla province, south-west of Algiers": the site is in the region named;
            # the town is only the reference point
            m = regions[0]
            region = max(m.candidates, key=lambda p: self._score(p, m, matches, context))
            if region.feature_kind == "A.ADM1" and region.admin1 != best[2].admin1:
                return self._region_ref(m, region, "region named; the place named is only a reference point")
        if best is not None:
            if holders.get(best[1].start) is False:  # "in Cawayan, Masbate": somewhere in Masbate
                return self._place_ref(best[1], best[2], len(best[1].candidates), "best-scoring place in focus; it holds "
                                       "the place named before it, which the gazetteer lacks", precision=2)
            return self._place_ref(best[1], best[2], len(best[1].candidates), "best-scoring place in focus")
        lead_cue = max(sorted(context.cues), key=lambda c: context.cues[c]) if context.cues else None
        for m in regions or streets:
            kept = [p for p in m.candidates if not self._unsupported(p, m, context)]
            # "the Gourma Region" in a Barkhane story: Mali's natural region, not Burkina Faso's Gourma province (read as
            # its region, Est); a region so called that the gazetteer knows only as a lower unit, of a country neither
            # named nor the one the armed groups named fight in most, is a region the gazetteer lacks
            if m.qualifier == "region" and lead_cue and not m.hint_admin1:
                kept = [p for p in kept if p.country_code == lead_cue or p.country_code in context.countries
                        or normalize_name(p.name) == normalize_name(m.phrase) or self._names_region(m.phrase, p.country_code)]
            if m.fuzzy:  # "Dioro Region" in a JNIM claim: a near-spelling of Niger's Dosso only where the text points there
                kept = [p for p in kept if p.country_code in self._fuzzy_countries(context)]
            if not kept:
                continue  # "Chui region" in a Kyrgyz story is not Uruguay's Rocha
            place = max(kept, key=lambda p: self._score(p, m, matches, context))
            ref = self._region_ref(m, place, "region named")
            # "the Poni region", "the Douentza region": a district called a region (no region has the name) is the district
            codes = self.gazetteer.admin_codes_named(m.phrase)
            region_code = self.gazetteer.admin_codes(place)[0] if place.feature_kind == "A.ADM1" else ""
            inside = [c for c in codes if c.count(".") == 2 and region_code and c.startswith(region_code + ".")]
            if region_code and len(inside) == 1 and not any(c.count(".") == 1 for c in codes):
                admin2 = self.gazetteer.admin_name(inside[0])
                ref = dataclasses.replace(ref, admin2=admin2, explanation=ref.explanation + f"; {m.phrase!r} names its district {admin2}")
            return ref
        if hints or (context.hint_pairs and pool is matches):  # the text's suffixes, once its focus named nothing
            ref = self._hint_ref(hints, matches, context)
            if ref is not None:
                return ref
        # "near the border with Burkina Faso" in a report whose armed groups fight elsewhere: not that country
        top_cue = max(sorted(context.cues), key=lambda c: context.cues[c]) if context.cues else None
        countries = [m for m in countries if not (m.qualifier == "border" and top_cue
                                                  and m.candidates[0].country_code != top_cue)]
        # "France says Mali army camp attacked": a country that speaks is not where it happened
        countries = [m for m in countries if not m.speaker] or countries
        # "herders coming from Mali were attacked": a country someone came from is not where it happened
        countries = [m for m in countries if not m.origin]
        if countries:
            return self._country_ref(countries[0].candidates[0].country_code, f"only a country named ({countries[0].phrase!r})")
        return None

    def _capital_by_name(self, place: Place, match: PlaceMatch) -> bool:
        """A country's capital called by its own name (GeoNames' world cities mark few capitals PPLC: countries.tsv
        names them); "Tiran" (the island) is not Tirana."""
        if place.feature_kind == "P.PPLC":
            return True
        if normalize_name(place.name) != normalize_name(match.phrase):
            return False
        if place.country_code not in self._capital_ids:
            capital = self.gazetteer.capital(place.country_code)
            self._capital_ids[place.country_code] = capital.id if capital is not None else None
        return self._capital_ids[place.country_code] == place.id

    def _names_region(self, phrase: str, cc: str) -> bool:
        """`phrase` is a name (its own or another) of a first-level region of country `cc`."""
        return any(p.feature_kind == "A.ADM1" and p.country_code == cc
                   for p in map(self.gazetteer.place_at, self.gazetteer.rows_for_key(normalize_name(phrase))[:20]))

    def _away_from_home(self, place: Place, match: PlaceMatch, context: _Context) -> bool:
        """A town (no admin seat, under 100,000 people) outside every region the armed groups named are at home in, in
        their country, whose region the text does not name: likelier a namesake of a village of theirs that the
        gazetteer lacks ("the OSCE SMM observed explosions near Molodizhne" is Luhansk's, not Poltava's). Not in the
        countries whose every village the gazetteer knows (the Sahel's full dumps): there the village found is it."""
        if not context.cue_admin1_codes or match.coded or match.hint_admin1 or place.country_code in FULL_ADMIN2_COUNTRIES \
                or place.feature_kind in ("A.ADM1", "A.ADM2", "P.PPLC", "P.PPLA", "P.PPLA2") or (place.population or 0) >= 100_000 \
                or any(not c.startswith(place.country_code + ".") for c in context.cue_admin1_codes):
            return False
        admin1_code = self.gazetteer.admin_codes(place)[0]
        return bool(admin1_code) and admin1_code not in context.cue_admin1_codes and admin1_code not in context.admin1_codes \
            and not context.named_admin1.get(admin1_code)

    def _in_region_after(self, match: PlaceMatch, candidates: list[Place], matches: list[PlaceMatch], text: str) -> list[Place]:
        """The candidates that lie in the region named right after the place ("X, Region", "X district of Region",
        "X (Region)", "X in Region"): none where the region holds none of them (the gazetteer lacks the place;
        the region says where it is). A list of places ("in Gao, Kidal") is not a place and its region."""
        if not candidates or not text or match.hint_admin1:
            return candidates
        after = next((o for o in matches if o.start >= match.end), None)
        # a suffix's region after kind words ("Naushera sector area (Rajouri district, J&K)") is the place's, as the
        # suffix right after a place is (its hint_admin1)
        # "shelled Bara in the southern countryside of Idleb", "Bara in Idleb countryside": the city's region holds it
        countryside = after is not None and not after.is_country and _in_countryside(text, after.start, after.end) \
            and bool(_COUNTRYSIDE_GAP.match(text, match.end, after.start) or _REGION_GAP.match(text, match.end, after.start))
        if after is None or after.is_country or after.hint and "(" not in text[match.end : after.start] \
                or not (countryside or _REGION_GAP.match(text, match.end, after.start)) \
                or _LIST_GOES_ON.match(text, after.end):
            return candidates
        regions = [p for p in after.candidates if p.feature_kind == "A.ADM1"] \
            or (list(self._admin1_of(after.candidates)) if countryside else [])
        codes = {self.gazetteer.admin_codes(p)[0] for p in regions} - {""}
        if not codes:
            return candidates
        region_ccs = {p.country_code for p in regions}
        if any(p.country_code in region_ccs and (p.feature_kind in ("A.ADM1", "P.PPLA", "P.PPLC")) for p in match.candidates):
            return candidates  # "Gao, Kidal": two regions' capitals, a list
        return [p for p in candidates if self.gazetteer.admin_codes(p)[0] in codes]

    @staticmethod
    def _near_any(place: Place, others: Sequence[Place], km: float = TOGETHER_KM) -> bool:
        return place.latitude is not None and place.longitude is not None and any(
            o.latitude is not None and o.longitude is not None
            and distance_km(place.latitude, place.longitude, o.latitude, o.longitude) <= km for o in others)

    def _in_division_after(self, match: PlaceMatch, candidates: list[Place], matches: list[PlaceMatch], text: str,
                           holders: dict[int, bool]) -> list[Place]:
        """The candidates that lie in the district (admin2) or town named right after the place ("in Matalam,
        Cotabato", "Tulunan, Cotabato"), whose start goes into `holders`. Where the gazetteer has none there but the
        phrase after names a district ("in Cawayan, Masbate": Masbate's Cawayan is missing), none: the district is
        then the answer (at precision 2), `holders` says so. A list of towns ("in Gao, Kidal") is not a place and its
        district. Also: a district named with its kind, then the city named like its governorate ("As Silw district
        (Taizz)"); a suffix after kind words ("Shahpur sector area (Poonch district, J&K)"); a place near a landmark
        ("Hamirpur village near Rapar town")."""
        if not candidates or not text or match.hint_admin1:
            return candidates
        if _DISTRICT_KIND_AFTER.match(text, match.end):
            # "As Silw district (Taizz)", "Al Dhaher district in northwestern Yemen (Sadah)", "Khur Maksar district in
            # Aden city": the city named like the district's governorate after it is where the district lies
            stop = min((i for i in (text.find(".", match.end), text.find(";", match.end)) if i >= 0), default=len(text))
            named = [o for o in matches if match.end <= o.start < min(stop, match.end + 80) and not o.is_country and not o.hint]
            inside = [p for p in candidates if any(same_admin(o.phrase, p.admin1) for o in named)]
            if inside:
                for o in named:
                    if any(same_admin(o.phrase, p.admin1) for p in inside):
                        holders[o.start] = True
                return inside
        after = next((o for o in matches if o.start >= match.end), None)
        if after is not None and after.hint and "(" in text[match.end : after.start] \
                and _REGION_GAP.match(text, match.end, after.start) and not any(p.feature_kind == "A.ADM1" for p in after.candidates):
            # "Shahpur sector area (Poonch district, J&K)": a suffix after kind words, whose region is its second name
            region = next((o for o in matches if o.start >= after.end), None)
            if region is None or not region.hint or not re.fullmatch(r"[^(),]*,\s*", text[after.end : region.start]):
                return candidates
            codes = {self.gazetteer.admin_codes(p)[0] for p in region.candidates if p.feature_kind == "A.ADM1"} - {""}
            return [p for p in candidates if self.gazetteer.admin_codes(p)[0] in codes] if codes else candidates
        if after is not None and not after.is_country and not after.hint and _NEAR_THE_OTHER.match(text, match.end, after.start):
            # "Hamirpur village near Rapar town": the Hamirpur by Rapar, where the gazetteer has one
            return [p for p in candidates if self._near_any(p, after.candidates)] or candidates
        if after is None or after.is_country or after.hint or after.qualifier == "region" \
                or not _REGION_GAP.match(text, match.end, after.start) or _LIST_GOES_ON.match(text, after.end) \
                or _NAME_GOES_ON.match(text, after.end):
            return candidates
        if any(p.feature_kind == "A.ADM1" for p in after.candidates):
            return candidates  # the region's own rule (_in_region_after)
        phrase = after.phrase
        inside = [p for p in candidates if same_admin(p.admin2, phrase) and p.feature_kind != "A.ADM2"]
        if inside:
            holders[after.start] = True
            return inside
        # the phrase after names a district: one of its places is that district, or a town that is its seat
        division = [p for p in after.candidates if p.feature_kind == "A.ADM2" or (p.feature_kind or "").startswith("P.")
                    and same_admin(p.admin2, phrase) and normalize_name(p.name) == normalize_name(phrase)]
        if not division or any((p.feature_kind or "") in ("A.ADM2", "P.PPLA", "P.PPLA2", "P.PPLC") or (p.population or 0) >= 100_000
                               for p in candidates if p.country_code in {d.country_code for d in division}):
            return candidates  # "Gao, Kidal", "Bamako, Segou": towns of note, a list
        if any(p.country_code == d.country_code and d.latitude is not None and p.latitude is not None
               and distance_km(p.latitude, p.longitude, d.latitude, d.longitude) <= 30 for p in candidates for d in division):
            return candidates  # a village beside the town: the town's district may be another
        holders.setdefault(after.start, False)
        return []

    @staticmethod
    def _fuzzy_countries(context: _Context) -> set[str]:
        """Countries where a village matched by a near-spelling may lie: those the caller, the text (countries,
        demonyms, armed groups) or the outlet point to; of the armed groups' countries only the leading one
        (Katiba Macina and JNIM fight in Burkina Faso too, mostly in Mali)."""
        top_cue = max(context.cues.values(), default=0.0)
        return {c for c in (context.hint_cc, context.outlet_cc) if c} | set(context.countries) \
            | {c for c, w in context.cues.items() if w >= top_cue} | set(context.demonyms)

    @staticmethod
    def _reference_points(sites: list[PlaceMatch], tops: list[tuple[float, Place]], text: str) -> set[int]:
        """Indexes of the sites named right after another site to say where it lies ("in Bentia, south of Ansongo",
        "Garnati, 50km east of Niafunke", "in Kadial, between Tenenkou and Mopti"): references, not the event's place,
        where the place chosen for the site before lies near them (a site far from its reference is likelier a namesake
        of a village the gazetteer lacks)."""
        found: set[int] = set()
        for j, ref in enumerate(sites):
            between = bool(_BETWEEN_BEFORE.search(text, max(0, ref.start - 40), ref.start))
            if ref.qualifier != "km" and not between:
                continue  # ("X, near Y" is the landmark rule's, in _pick)
            i = j - 1
            while i >= 0 and i in found:
                i -= 1  # "in Kadial, between Tenenkou and Mopti": both ends refer to Kadial
            if i < 0:
                continue
            site = sites[i]
            gap = text[site.end : ref.start]
            if len(gap) > 50 or any(ch in gap for ch in ".;:\n") or site.qualifier in ("km", "region") or site.destination \
                    or site.genitive or site.named_after or site.partial or site.container or site.second_of_pair \
                    or site.loose or site.fuzzy:
                continue  # a site spelt otherwise than the gazetteer's may be a village it lacks: the reference says more
            a, b = tops[i][1], tops[j][1]
            stated = _STATED_KM.search(gap)
            # a site between two towns may lie far from either; one near a town, or a stated distance away, does not
            reach = 1.5 * float(stated.group(1).replace(",", ".")) + 15.0 if stated else 100.0 if between else 80.0
            if None in (a.latitude, b.latitude) or a.country_code != b.country_code \
                    or distance_km(a.latitude, a.longitude, b.latitude, b.longitude) > reach:  # type: ignore[arg-type]
                continue
            found.add(j)
        return found

    def _holds_another(self, sites: list[PlaceMatch], tops: list[tuple[float, Place]]) -> set[int]:
        """Indexes of the sites named as a division ("X cercle", "commune of X") whose chosen entry holds another
        site's chosen place: the same admin2, or within 60 km where the division's extent is unknown."""
        found: set[int] = set()
        for i, m in enumerate(sites):
            if not m.container:
                continue
            holder = tops[i][1]
            code = self.gazetteer.admin_codes(holder)[1] if not holder.id.startswith("country:") else ""
            for j, (_, place) in enumerate(tops):
                if j == i or sites[j].container or place.id.startswith("country:") or place.id == holder.id:
                    continue
                same = bool(code) and self.gazetteer.admin_codes(place)[1] == code
                near = None not in (holder.latitude, place.latitude) and \
                    distance_km(holder.latitude, holder.longitude, place.latitude, place.longitude) <= 60  # type: ignore[arg-type]
                # a district whose extent the gazetteer knows holds only its own places ("in Garcia municipality, Nuevo
                # Leon, a man kidnapped in Santa Catarina": the neighbouring municipality, 20 km away, is not in it)
                if same or near and (not code or self._derived(place) or self._derived(holder)):
                    found.add(i)
                    break
        return found

    def _hint_ref(self, hints: list[PlaceMatch], matches: list[PlaceMatch], context: _Context) -> PlaceRef | None:
        """The event's own place is unknown; fall back to the admin2 or admin1 of its "(admin2, admin1)" suffix."""
        admin1s = [m for m in hints if m.qualifier == "region"]
        admin2s = [m for m in hints if m.qualifier == "area"]
        admin1_place = None
        if admin1s:
            m = admin1s[0]
            admin1_place = max(m.candidates, key=lambda p: self._score(p, m, matches, context))
        for m in admin2s:
            candidates = [
                p for p in m.candidates
                if p.feature_kind != "A.ADM1"
                and (admin1_place is None or (same_admin(p.admin1, admin1_place.admin1) and p.country_code == admin1_place.country_code))
            ]
            candidates = [p for p in candidates if p.feature_kind == "A.ADM2"] or candidates
            if candidates:
                place = max(candidates, key=lambda p: self._score(p, m, matches, context))
                return self._place_ref(m, place, len(m.candidates), "place unknown; admin2 from the (admin2, admin1) suffix", precision=2)
        for admin3_name, admin2_name in context.hint_pairs:
            # "(Mangodara, Comoe)": a department and its province, one level down from "(admin2, admin1)"
            inside = self._admin3_in_admin2(admin3_name, admin2_name)
            if inside is not None and (admin1_place is None or admin1_place.country_code != inside.country_code
                                       or not self.gazetteer.admin_pairs(admin3_name, admin2_name)[:1]):
                m = next((h for h in hints if same_admin(h.phrase, admin2_name)), None) \
                    or PlaceMatch(0, 0, admin2_name, (inside,), "area", hint=True)
                return self._place_ref(m, inside, len(m.candidates), "place unknown; its department and province from the "
                                       "(department, province) suffix", precision=2)
        if admin1_place is None and not admin2s:
            # "(Wardhigley, Banadir)": a suffix whose names the name index lacks but the admin table knows
            for admin2_name, admin1_name in context.hint_pairs:
                for a1, a2 in self.gazetteer.admin_pairs(admin2_name, admin1_name)[:1]:
                    region = self.gazetteer.admin_place(a1)
                    if region is not None:
                        fake = PlaceMatch(0, 0, admin1_name, (region,), "region", hint=True)
                        ref = self._region_ref(fake, region, "place unknown; admin1 and admin2 from the (admin2, admin1) suffix")
                        return dataclasses.replace(ref, admin2=self.gazetteer.admin_name(a2))
            return None
        if admin1_place is not None:
            ref = self._region_ref(admin1s[0], admin1_place, "place unknown; admin1 from the (admin2, admin1) suffix")
            for admin2_name, admin1_name in context.hint_pairs:
                # "(Mirpurkhas, Sindh)": the text names an admin2 the gazetteer does not know
                if same_admin(ref.admin1, admin1_name) and self._unknown_admin2(admin2_name, ref.admin1):
                    return dataclasses.replace(ref, admin2=display_admin_name(admin2_name),
                                               explanation=ref.explanation + f"; admin2 {admin2_name!r} as the text gives it")
            return ref
        return None

    def _unsupported(self, place: Place, match: PlaceMatch, context: _Context) -> bool:
        """True for a namesake abroad that nothing in the text points to, where the text points elsewhere: "Mine"
        (Japan) in an OSCE SMM report, "Bara" (Mali) in a SOHR report on Idleb, "Samar" (Ukraine) beside
        "Barangay" and the NPA. A capital, and a prominent place called by its own name, need stronger
        evidence against them than a village or a place matched by another of its names."""
        cc = place.country_code
        if place.id.startswith("country:") or self._capital_by_name(place, match) or match.hint or match.coded \
                or match.hint_admin1 and _in_hint_division(place, match.hint_admin1, match.hint_admin2):
            return False
        if cc in context.side_countries:
            return False
        if place.feature_kind in ("A.ADM2", "A.ADM3") and _DIVISION_KIND_AT_END.search(match.phrase):
            # "in Shoorki area of Kurram District": a district named with its kind is meant as that district (not a
            # region: "North-Western Province" is a compass name many countries give one)
            return False
        # the same name said again is no more evidence of itself ("Ntambwe went to Kamalu village" after "the Kamalu
        # community": Camalú, Mexico, twice, is still only the namesake)
        same = frozenset(o.start for o in context.prepared.matches if o.phrase == match.phrase) | {match.start} \
            if context.prepared is not None else frozenset({match.start})
        votes = _vote(context, exclude=same) if any(s in same for s, _, _ in context.geo_evidence) else context.votes
        own_name = normalize_name(place.name) == normalize_name(match.phrase)
        strong = own_name and _prominent((place,))
        if not votes:
            return False
        if votes.get(cc, 0.0) > 0.0:
            if strong:
                return False
            # "Turkish forces struck PKK targets in Zap, region of Dahuk, Northern Iraq": where the text's places and
            # countries all point to one country, an actor's nationality does not make a village of its own country
            where: dict[str, float] = {}
            for c, w in context.country_votes.items():
                where[c] = where.get(c, 0.0) + w
            for start, c, w in context.geo_evidence:
                if start not in same:
                    where[c] = where.get(c, 0.0) + w
            return not where.get(cc) and max(where.values(), default=0.0) >= 3.0
        if strong and self._far_from_outlet(place, context):
            return True
        return max(votes.values()) >= (2.0 if strong else 1.0)

    def _far_from_outlet(self, place: Place, context: _Context) -> bool:
        """A town (no admin seat, under 100,000 people) that nothing in the text places, on the far side of the world
        from a national outlet whose country the text points to most ("Papa" in an Iraqi Kurdish outlet's report is a
        company's name, not Pápa in Hungary): not in the outlet's country or a neighbour of it."""
        outlet = context.outlet_cc
        if outlet is None or not context.outlet_sure or place.country_code == outlet \
                or place.feature_kind in ("P.PPLC", "P.PPLA", "A.ADM1", "A.ADM2") or (place.population or 0) >= 100_000 \
                or max(context.votes.values(), default=0.0) > context.votes.get(outlet, 0.0):
            return False
        return outlet in self.gazetteer.country_codes() and place.country_code not in self.gazetteer.neighbours(outlet)

    # ---- building PlaceRefs ---------------------------------------------------------------
    def _place_ref(self, match: PlaceMatch, place: Place, n_candidates: int, why: str, precision: int | None = None) -> PlaceRef:
        if place.feature_kind == "A.ADM1":
            return self._region_ref(match, place, why)
        if precision is None:
            if match.qualifier in ("near", "area", "km", "border") or place.feature_kind in ("A.ADM2", "A.ADM3"):
                precision = 2
            else:
                precision = 1
        admin2 = place.admin2
        if place.feature_kind == "A.ADM2":
            admin2 = place.name
        elif (place.feature_kind or "").startswith("P.") and (place.population or 0) >= 100_000 \
                and same_admin(place.name, place.admin1) \
                and (admin2 is None or self._derived(place) and not same_admin(admin2, place.name)):
            admin2 = place.name  # "Beirut", "Jijel", "Kassala": a region's capital city named like it is its own district
            why += "; admin2 named like its region, as the capital's district is"
        elif match.hint_admin2 and match.hint_admin1 and not place.id.startswith("country:"):
            # the text's own "(admin2, admin1)" outranks an admin2 the build derived from neighbours
            admin1_code = self.gazetteer.admin_codes(place)[0]
            for a1, a2 in self.gazetteer.admin_pairs(match.hint_admin2, match.hint_admin1):
                if a1 == admin1_code:
                    admin2 = self.gazetteer.admin_name(a2) or admin2
                    why += "; admin2 as the text gives it"
                    break
            else:
                if same_admin(place.admin1, match.hint_admin1) and not same_admin(admin2, match.hint_admin2) \
                        and self._unknown_admin2(match.hint_admin2, place.admin1):
                    admin2 = display_admin_name(match.hint_admin2)  # a district the gazetteer does not know
                    why += "; admin2 as the text gives it"
        return PlaceRef(
            place=place,
            country=place.country,
            admin1=place.admin1,
            admin2=admin2,
            admin3=place.admin3 or (place.name if place.feature_kind == "A.ADM3" else None),
            location=place.name,
            latitude=place.latitude,
            longitude=place.longitude,
            geo_precision=precision,
            explanation=f"{match.phrase!r} ({match.qualifier or 'in'}): {n_candidates} candidates, chose {place.id} {place.name}, "
                        f"{place.admin1}, {place.country}: {why}{' (spelt differently in the gazetteer)' if match.loose else ''}{_others(match, place)}"
                        + (" (admin2 derived from the nearest places, GeoNames gives none)"
                           if admin2 and not place.id.startswith("country:") and place.feature_kind != "A.ADM2" and self._derived(place) else ""),
        )

    def _district_named(self, text: str, ranges: list[tuple[int, int]], ref: PlaceRef) -> PlaceRef:
        """A region-level place whose district the text names and the gazetteer lacks: "in Yaftali Sufla
        district, Badakhshan", "Ikobi (Apa LGA, Benue)" keep admin2 as written (still precision 3: where in
        the district is not known)."""
        for start, end in ranges:
            for m in _DISTRICT_PHRASE.finditer(text, start, end):
                name = m.group(1)
                if normalize_name(name) in COMMON_WORDS or same_admin(name, ref.admin1) or self.gazetteer.country_code(name):
                    continue
                return dataclasses.replace(ref, admin2=name, explanation=ref.explanation + f"; admin2 {name!r} as the text names it")
        return ref

    def _admin3_in_admin2(self, admin3_name: str, admin2_name: str) -> Place | None:
        """The department (ADM3, else its seat) called `admin3_name` inside an admin2 called `admin2_name`, in the
        countries whose every admin2 the gazetteer knows; None where there is none."""
        codes = [c for c in self.gazetteer.admin_codes_named(admin2_name) if c.count(".") == 2 and c[:2] in FULL_ADMIN2_COUNTRIES]
        if not codes:
            return None
        found = [p for p in self.gazetteer.search(admin3_name, limit=30)
                 if p.country_code in FULL_ADMIN2_COUNTRIES and self.gazetteer.admin_codes(p)[1] in codes]
        return min(found, key=lambda p: (p.feature_kind != "A.ADM3", not (p.feature_kind or "").startswith("P.PPLA"),
                                         -(p.population or 0), p.id), default=None)

    def _unknown_admin2(self, name: str, admin1: str | None) -> bool:
        """True when `name` reads as a district's name and is no commune (ADM3) of that admin1: "(Dialloube,
        Mopti)" names a commune of Mopti cercle, not an admin2."""
        if not name[:1].isupper() or any(ch.isdigit() for ch in name):
            return False
        # the Sahel dumps hold every cercle, province and department: a name there that is a place of the
        # region, not one of its admin2s, is a commune named after its chief village
        return not any((p.feature_kind == "A.ADM3" or p.country_code in FULL_ADMIN2_COUNTRIES) and same_admin(p.admin1, admin1)
                       for p in self.gazetteer.search(name, limit=20))

    def _derived(self, place: Place) -> bool:
        try:
            return self.gazetteer.admin2_is_derived(place.id)
        except Exception:  # noqa: BLE001  (a place not in this gazetteer: nothing to say)
            return False

    def _region_ref(self, match: PlaceMatch, place: Place, why: str) -> PlaceRef:
        """Precision 3 at the admin1 of `place` (the region itself, or the region a town of that name lies in)."""
        region = place
        if place.feature_kind != "A.ADM1":
            admin1_code, _ = self.gazetteer.admin_codes(place)
            region = (self.gazetteer.admin_place(admin1_code) if admin1_code else None) or place
        name = region.admin1 or region.name
        return PlaceRef(
            place=region if region.feature_kind == "A.ADM1" else None,
            country=region.country,
            admin1=name,
            location=name,
            latitude=region.latitude,
            longitude=region.longitude,
            geo_precision=3,
            explanation=f"{match.phrase!r} (region): {len(match.candidates)} candidates, admin1 {name}, {region.country}: {why}",
        )

    def _country_ref(self, cc: str, why: str) -> PlaceRef:
        name = self.gazetteer.country_name(cc)
        return PlaceRef(place=None, country=name, location=name, geo_precision=3, explanation=f"country {name}: {why}")


# the words before a ministry's portfolio ("ministère de la Santé", "Ministry of Interior", "ministre de l'Intérieur")
# "operation 'Panga'", "Opération Bourgou IV": the name of a military operation
_OPERATION_BEFORE = re.compile(r"\b[Oo]p[ée]ration\s+['\"‘“«]?\s*$")
# An institution or a people of a country: "the Prefecture of Paraguay", "the government of Mali", "le président du Niger"
_INSTITUTION_OF = re.compile(r"\b(?:government|president|prime minister|ministry|minister|embassy|consulate|prefecture|army|navy|"
                             r"air force|police|parliament|king|republic|people|citizens|nationals?|authorities|officials|"
                             r"ambassador|gouvernement|président|ministre|ambassade|armée|république|autorités)\s+"
                             r"(?:of|du|de|de la|de l['’])\s*(?:the\s+)?$", re.I)
_PORTFOLIO_BEFORE = re.compile(r"\b(?:minist[eè]res?|ministres?|ministry|ministries|ministers?|secr[ée]tariat d['’][ée]tat|"
                               r"secretary of state)\s+(?:de\s+la\s+|de\s+l['’]\s*|des\s+|du\s+|de\s+|of\s+(?:the\s+)?|à\s+la\s+)$", re.I)


_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ar|as|ad|an|at|az|ash|ath|ad) ")


def _transliterations(key: str) -> list[str]:
    """Other ways Arabic names are written in Latin letters: a final "-a"/"-ah"/"-eh", an article or none."""
    out = []
    if key[-1] in "aeiou":
        out.append(key + "h")
    if key.endswith(("ah", "eh")):
        out.extend([key[:-1], key[:-2] + "a", key[:-2] + "ah"])
    bare = _ARTICLE_PREFIX.sub("", key)
    if bare != key and len(bare) >= 4:
        out.append(bare)
    elif bare == key:
        # "Durayhimi" is GeoNames' "Ad Durayhimi", "Bayda" its "Al Bayda": the article, assimilated to a sun letter
        sun = next((f"a{c} " for c in ("sh", "d", "r", "s", "t", "n", "z") if key.startswith(c)), None)
        out.extend(["al " + key, *([sun + key] if sun else []), "el " + key])
    return [v for v in dict.fromkeys(out) if v != key]


_DIRECTIONS = {"north": ("northern",), "south": ("southern",), "east": ("eastern",), "west": ("western",),
               "northern": ("north",), "southern": ("south",), "eastern": ("east",), "western": ("west",),
               "nord": ("north", "northern"), "sud": ("south", "southern"), "est": ("east", "eastern"),
               "ouest": ("west", "western"), "centre": ("central", "center"), "central": ("centre", "center")}


def _direction_variants(key: str) -> list[str]:
    """A region's name with its direction word spelt another way: "south darfur" -> "southern darfur",
    "nord kivu" -> "north kivu" (English and French names of the same admin1)."""
    head, _, rest = key.partition(" ")
    return [f"{d} {rest}" for d in _DIRECTIONS.get(head, ())]


# Words that begin place names and name no place alone ("Ceel-Gilow", "Tin-Fadimata", "Bir-Ali"): Somali "well",
# Tamasheq "of", Arabic "well", "spring", "hill", "house", "village" and the like.
_NAME_HEADS = frozenset({"ceel", "bir", "wadi", "jabal", "jebel", "djebel", "tell", "tall", "ain", "ayn", "beit", "bayt", "kafr",
                         "deir", "dayr", "ras", "khirbet", "khirbat", "qaryat", "hayy", "tin", "ouro", "sidi", "dar", "umm"})
# Capitalised words after a hyphenated name: "Mogadishu-Hawl| Wadaag district" (then perhaps its admins in brackets)
_CAPITALISED_AFTER = re.compile(r"(?:\s+[A-Z][\w'’-]*){1,2}(?=\s*(?:district|District|area|village|town|\())")
# "Buenos Aires' prisons", "Gao's governor": a place's people, office or building, said in passing
_POSSESSIVE_AFTER = re.compile(r"(?:'s|’s|'|’)\s+(?!(?:north|south|east|west|central|northern|southern|eastern|western)\b)[a-z]")
# After "X-Y": a route between two places ("the Gao-Ansongo road", "axe Boni-Hombori"); before it, "on the".
_ROUTE_AFTER = re.compile(r"\s+(?:road|roads|axis|highway|route|track|corridor|frontline|front|border|junction)\b", re.I)
_ON_ROUTE_BEFORE = re.compile(r"\b(?:on|along|axis|axe|sur|l'axe)\s+(?:the\s+|l')?$", re.I)
_JOINED_TO_NEXT = re.compile(r"^(?:\s+(?:town|village|city|area|locality))?(?:,\s*|\s+(?:and|et|or|ou)\s+)$")


def _share_hints(text: str, matches: list[PlaceMatch]) -> list[PlaceMatch]:
    """An "(admin2, admin1)" suffix after the last of joined places is about each of them: "between Boni and
    Douentza (Douentza, Mopti)", "in Kobou, Mondoro Commune (Douentza, Mopti)"."""
    out = list(matches)
    for k in range(len(out) - 2, -1, -1):
        m, nxt = out[k], out[k + 1]
        if m.hint or nxt.hint or m.hint_admin1 or not nxt.hint_admin1 or m.is_country:
            continue
        between = text[m.end : nxt.start]
        if _JOINED_TO_NEXT.match(between):
            out[k] = dataclasses.replace(m, hint_admin2=nxt.hint_admin2, hint_admin1=nxt.hint_admin1)
    return out


# Regions cut out of older ones, by the older name notes still use: Mali's Ménaka and Taoudénit regions (law of 2012,
# in place from 2016) were parts of the Gao and Tombouctou regions ("in Tin Abaw (Menaka, Gao)").
FORMER_REGIONS: dict[tuple[str, str], str] = {("ML", "Menaka"): "Gao", ("ML", "Taoudenit"): "Tombouctou"}


def _in_hint_division(place: Place, name: str, admin2: str | None = None) -> bool:
    """The place lies in the division an "(admin2, admin1)" suffix ends with: its admin1, or its admin2 where the
    suffix is "(department, province)" as Burkina Faso's are ("(Mangodara, Comoe)"); or the region its admin1 was cut
    out of, where the suffix's admin2 (if any) is the place's own ("(Menaka, Gao)" for a place of Ménaka cercle)."""
    return same_admin(place.admin1, name) or (place.country_code in FULL_ADMIN2_COUNTRIES and same_admin(place.admin2, name)) \
        or same_admin(FORMER_REGIONS.get((place.country_code, place.admin1 or "")), name) \
        and (admin2 is None or same_admin(place.admin2, admin2))


def _others(match: PlaceMatch, chosen: Place) -> str:
    """The runners-up, for the explanation: "; also Gao (Est, Burkina Faso), ..."."""
    others = [f"{p.name} ({p.admin1 or '-'}, {p.country})" for p in match.candidates if p.id != chosen.id][:3]
    return f"; over {', '.join(others)}" if others else ""


BIG_CITY = 250_000  # people: a city this big is what "in X" means, more often than a region called X


def _big_city_in(match: PlaceMatch) -> bool:
    return any((p.population or 0) >= BIG_CITY and not (p.feature_kind or "").startswith("A.") for p in match.candidates)


def _named_like_region(place: Place) -> bool:
    if not place.admin1 or place.feature_kind in _ADMIN_FEATURES:
        return False
    region = normalize_name(place.admin1)
    return any(normalize_name(n) == region for n in (place.name, *place.alternate_names))


def _is_name_token(token: str) -> bool:
    """Capitalised and not an acronym ("Gao", "Ménaka", "al-Hasakeh"; not "JNIM", "the")."""
    if token[0].islower():
        head, _, rest = token.partition("-")
        return head in _NAME_ARTICLES and rest[:1].isupper()
    return token[0].isupper() and not (len(token) > 1 and token.isupper())


def _inside_longer_name(text: str, tokens: list[tuple[int, int, str]], first: int, stop: int) -> bool:
    """True when the phrase is glued (by one space) to further capitalised words that are not a place qualifier."""
    if first > 0:
        prev = tokens[first - 1]
        if _is_name_token(prev[2]) and text[prev[1] : tokens[first][0]] == " " and normalize_name(prev[2]) not in COMMON_WORDS:
            return True
        # "Ghadir al Bostan": a connector between this and an earlier capitalised word.
        if first > 1 and prev[2] in _NAME_ARTICLES and _is_name_token(tokens[first - 2][2]) and text[tokens[first - 2][1] : tokens[first][0]] == f" {prev[2]} ":
            return True
        # "Colonia Vistas del Rio": a Spanish, Portuguese or Italian name goes on before (not French "de": "Mairie de Gao")
        if first > 1 and prev[2] in _ROMANCE_LINKS and prev[2] != "de" and _is_name_token(tokens[first - 2][2]) \
                and text[tokens[first - 2][1] : tokens[first][0]] == f" {prev[2]} " \
                and normalize_name(tokens[first - 2][2]) not in COMMON_WORDS | _QUALIFIER_WORDS:
            return True
    if stop < len(tokens):
        nxt = tokens[stop]
        if _is_name_token(nxt[2]) and text[tokens[stop - 1][1] : nxt[0]] == " " and normalize_name(nxt[2]) not in _QUALIFIER_WORDS and normalize_name(nxt[2]) not in COMMON_WORDS:
            return True
        # "Wadi al-Rabi": the name goes on with an article-prefixed word.
        head = nxt[2].split("-", 1)[0]
        if "-" in nxt[2] and head in _NAME_ARTICLES and text[tokens[stop - 1][1] : nxt[0]] == " ":
            return True
        # "Ras al Ain", "Deir ez Zor": an article, then a capitalised word.
        if nxt[2] in _NAME_ARTICLES and stop + 1 < len(tokens) and _is_name_token(tokens[stop + 1][2]) \
                and text[tokens[stop - 1][1] : tokens[stop + 1][0]] == f" {nxt[2]} ":
            return True
    return False


def _is_last_hint_part(text: str, end: int) -> bool:
    return text[end:].lstrip().startswith(")")


def _prominent(candidates: tuple[Place, ...]) -> bool:
    """An admin division, a seat of one, or a town of 5,000+: safe to match without a locative cue."""
    return any(
        p.feature_kind in ("A.ADM1", "A.ADM2", "P.PPLC", "P.PPLA", "P.PPLA2") or (p.population or 0) >= 5000
        for p in candidates
    )


def _qualifier(text: str, start: int, end: int) -> str | None:
    before, after = text[max(0, start - 60) : start], text[end : end + 30]
    if _KM_BEFORE.search(before):
        return "km"
    if _NEAR_BEFORE.search(before):
        return "near"
    if _BORDER_BEFORE.search(before) or _BORDER_AFTER.match(after):
        return "border"
    if _REGION_BEFORE.search(before) or _REGION_AFTER.match(after) or _LIST_OF_REGIONS_AFTER.match(text, end, end + 90):
        return "region"
    if _AREA_BEFORE.search(before) or _AREA_AFTER.match(after):
        return "area"
    if (" of " in before[-12:] or " d" in before[-6:]) and _DIRECTION_BEFORE.search(before):
        return "km"
    return None


# "Idleb countryside", "the northern countryside of Aleppo", "rural Hama", "la campagne d'Idleb", "reef Idlib": the
# countryside around a city
_COUNTRYSIDE_BEFORE = re.compile(r"\b(?:rural|reef|countryside of|campagne d['’]|campagne de(?: la)?)\s*(?:the\s+)?$", re.I)
_COUNTRYSIDE_AFTER = re.compile(r"(?:['’]s)?\s+(?:countryside|rural areas?|campagne)\b", re.I)
# between a place and the city whose countryside holds it: "Bara in the southern countryside of Idleb"
_COUNTRYSIDE_GAP = re.compile(r"\s*(?:,|\bin\b|\bof\b|\bdans\b)\s*(?:the\s+|la\s+)?(?:[^\W\d_]+(?:-[^\W\d_]+)?\s+)?"
                              r"(?:countryside|rural areas?|campagne)(?:\s+[^\W\d_]+)?\s+(?:of|de|d['’])\s*(?:the\s+)?$", re.I)


# Before a village's name that is too short to be taken alone: "the Fulani village of Pe", "the village Am"
_SMALL_VILLAGE_BEFORE = re.compile(r"\b(?:villages?|hamlets?|localit(?:y|é|e))\s+(?:of\s+|de\s+|d['’]\s*)?$", re.I)
# "axis Gao-Ansongo", "l'axe Gao-Ansongo", "the Gao-Ansongo axis": the words the Sahel's press names a route by
_AXIS_BEFORE = re.compile(r"\b(?:axis|axe)\s+$", re.I)
_AXIS_AFTER = re.compile(r"\s+(?:axis|axe)\b", re.I)
# A distance the text states between a site and its reference point: "Garnati, 50km east of Niafunke"
_STATED_KM = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:km|kms|kilometers|kilometres)\b", re.I)
# Before the first of two places that say where a site named before them lies: "in Kadial, between Tenenkou and Mopti"
_BETWEEN_BEFORE = re.compile(r"\b(?:between|entre)\s+(?:the\s+)?(?:(?:towns?|villages?|localities) of\s+)?$", re.I)
# "the village of Perou", "le village de Pérou": a village named like a country
_VILLAGE_OF = re.compile(r"\b(?:villages?|hamlets?|localit(?:y|ies)|hameaux?|localités?)\s+(?:of|de|d['’])\s*$", re.I)
# "Rafi LGA, Niger", "Borgu Local Government Area of Niger": a local government area is Nigeria's, and the name after it
# its state (Niger State, not the Republic of Niger)
_LGA_BEFORE = re.compile(r"\b(?:LGAs?|[Ll]ocal [Gg]overnment [Aa]reas?)\s*(?:,|\bof\b|\bin\b)\s*(?:the\s+)?$")
_STATE_AFTER = re.compile(r"\s+State\b")


# "in Chimtal district, Balkh", "in Musa Khel district, Khost": a district named by its kind, then its province
_DIVISION_THEN_COMMA = re.compile(r"\b[A-Z][\w'’-]*\s+(?:[Dd]istrict|[Uu]pazila|LGA|[Tt]ehsil|[Ss]ub-county|[Cc]ounty|[Ww]oreda)\s*,\s*$")


# "in Bom Jardim neighborhood" of Fortaleza, "the Tadamon neighbourhood of Damascus", "Colonia Los Olivos": a quarter of
# a city, which a place named beside it (the city) says more about than a namesake town elsewhere
_QUARTER_AFTER = re.compile(r"\s+(?:neighbou?rhoods?|quarter|barrio|bairro)\b", re.I)
_QUARTER_BEFORE = re.compile(r"\b(?:quartiers? (?:de |d['’])?|barrio|bairro|colonia)\s*$", re.I)  # not "neighbourhood of X": X holds it


# where people come from or want to go home to, not where they are: "migrant workers from Bihar", "demanding to go
# back to Bihar", "stranded labourers from Maharashtra", "citizens stuck in Lima"
# "an Ansongo health center", "a Douentza football team", "the Bamako court": a place's name said of a thing or a body
# (a lower-case noun after it), not where the event is; not "the Boni road" nor "the Tessit camp" (a place phrase)
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the)\s+$", re.I)
_ATTRIBUTIVE_AFTER = re.compile(r"\s+(?!(?:" + "|".join(sorted(_QUALIFIER_WORDS | {"road", "roads", "axis", "highway", "route", "track",
                                "corridor", "frontline", "front", "border", "junction", "and", "or", "on", "in", "at", "of", "to",
                                "near", "between", "where", "which", "was", "were", "is", "are", "had", "has", "have", "when"}))
                                + r")\b)[a-z]{3,}\b(?![-'’])")
_HOME_OF_PEOPLE_BEFORE = re.compile(
    r"\b(?:(?:migrants?|(?:migrant )?workers|labou?rers|refugees|pilgrims|students|nationals|citizens|returnees|travell?ers|"
    # "Fulani and Dogon from Koro signed a peace accord in Sevare": where a community or a delegation came from
    r"Fulanis?|Peulh?s?|Dogons?|Bambaras?|Tuaregs?|Songhais?|Bozos?|delegates|representatives|notables|elders)"
    r"(?: \w+){0,2} from|"
    # "protesters from the movement against the political system from Beirut ... gathered in Tripoli"
    r"(?:protesters|demonstrators|activists|supporters|delegations?)\b[^.;:()]{0,70}?\bfrom|(?:go|going|went|return|sent|taken) (?:back )?(?:home )?to|stuck in|stranded in|"
    # "demanding trains for return to their homes in Uttar Pradesh, Odisha and Bihar": where they live, not are
    r"(?:their|his|her) (?:native )?(?:homes?|home (?:states?|towns?|villages?)|native (?:states?|places?|villages?)) in)"
    r"\s+(?:the\s+)?(?:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?:\s*,\s*(?:and\s+)?|\s+and\s+)){0,3}$",  # "from UP and Bihar"
    re.I)


# Between two places said to lie together: "Ilitha township near Berlin", "Hanfaso, near Finta"; "between X and Y".
_NEAR_GAP = re.compile(r"\s*(?:(?:township|town|village|city|locality|area|camp)\s*)?,?\s*(?:near|close to|not far from|next to|"
                       r"(?:just )?outside(?: of)?|près de|pres de|non loin de|à proximité de)\s+(?:the\s+)?"
                       r"(?:(?:town|village|city|locality) of\s+)?$", re.I)
_PAIR_GAP = re.compile(r"\s+(?:and|et)\s+(?:the\s+|la\s+|le\s+)?(?:(?:town|village|city|locality) of\s+)?$", re.I)


def _near_each_other(allowed: list[tuple[PlaceMatch, list[Place]]], text: str,
                     matches: list[PlaceMatch]) -> list[tuple[PlaceMatch, list[Place]]]:
    """Two places the text says lie together ("X near Y", "between X and Y"), each with namesakes: only the namesakes
    that lie within TOGETHER_KM of one of the other's, where any do ("Ilitha township near Berlin" is the Eastern
    Cape's Berlin beside Ilitha, not Germany's; "between Sitiena and Diongolo" is Burkina Faso's Diongolo), wherever
    the text names them again ("... Diongolo received support from Dozo militiamen")."""
    sites = [m for m in matches if not m.hint and not m.is_country and m.qualifier != "region"]
    kept: dict[str, set[str]] = {}  # phrase -> the place ids of the namesakes kept for it
    for a, b in zip(sites, sites[1:]):
        if len(a.candidates) == 1 and len(b.candidates) == 1 or b.start < a.end or a.phrase == b.phrase:
            continue
        gap = text[a.end : b.start]
        if not (_NEAR_GAP.fullmatch(gap) or b.second_of_pair and _PAIR_GAP.fullmatch(gap)):
            continue
        together = [(x, y) for x in a.candidates for y in b.candidates if x.latitude is not None and y.latitude is not None
                    and "A.ADM1" not in (x.feature_kind, y.feature_kind)
                    and distance_km(x.latitude, x.longitude, y.latitude, y.longitude) <= TOGETHER_KM]  # type: ignore[arg-type]
        if together:
            kept[a.phrase] = kept.get(a.phrase, set()) | {x.id for x, _ in together}
            kept[b.phrase] = kept.get(b.phrase, set()) | {y.id for _, y in together}
    if not kept:
        return allowed
    return [(m, [p for p in ps if p.id in kept[m.phrase]] or ps) if m.phrase in kept else (m, ps) for m, ps in allowed]


def _is_quarter(text: str, start: int, end: int) -> bool:
    return bool(_QUARTER_AFTER.match(text, end) or _QUARTER_BEFORE.search(text, max(0, start - 25), start))


def _in_countryside(text: str, start: int, end: int) -> bool:
    return bool(_COUNTRYSIDE_AFTER.match(text, end) or _COUNTRYSIDE_BEFORE.search(text, max(0, start - 30), start))


def _filter_by_qualifier(candidates: tuple[Place, ...], qualifier: str | None, after: str) -> tuple[Place, ...]:
    """Keep the candidates the phrase's wording allows ("X region" -> admin1 entries, if any)."""
    if qualifier == "region":
        admin1 = tuple(p for p in candidates if p.feature_kind == "A.ADM1")
        return admin1 or candidates
    if qualifier == "area" and _ADMIN_AFTER.match(after):
        admin = tuple(p for p in candidates if p.feature_kind in ("A.ADM2", "A.ADM3"))
        return admin or candidates
    return candidates
