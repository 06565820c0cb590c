"""The offline gazetteer: places, admin divisions and countries, loaded from package data.

The data under warlog/data/gazetteer/ is built by scripts/build_gazetteer.py from GeoNames (CC BY 4.0)
and UCDP GED (CC BY 4.0); see ATTRIBUTION.md there. Loading keeps place rows as raw lines and parses a
row into a Place only when asked, so that loading stays well under a second.
"""

from __future__ import annotations

import gzip
import logging
from bisect import bisect_left
import math
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz import fuzz, process

from warlog.errors import DataError, NotFoundError
from warlog.records import Place

log = logging.getLogger(__name__)

PLACE_COLUMNS = (
    "id", "name", "country_code", "admin1_code", "admin2_code", "admin2_derived", "admin3",
    "latitude", "longitude", "feature", "population", "alternate_names",
)
COUNTRY_COLUMNS = ("code", "name", "neighbours", "aliases", "capital")
ACTIVITY_CELL = 0.1  # degrees: the grid of activity.tsv (UCDP GED events per cell)
# other_names: the division's other names ("North Lebanon" and "Liban-Nord" for Lebanon's North), "|"-separated;
# keys: admin_key of every name, "|"-separated, computed at build so that the name index of admin divisions
# costs a split at first use, not 50,000 normalisations
ADMIN_COLUMNS = ("code", "name", "original_name", "place_row", "other_names", "keys")

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'", "´": "'"})
# Latin letters that Unicode does not decompose into a base letter and an accent (and so were dropped): Turkish
# dotless i ("Doğubayazıt"), Polish ł ("Łódź"), Nordic ø and æ, South Slavic đ, German ß
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                               "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ð": "d", "þ": "th", "ħ": "h", "Ħ": "H"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/.,']+")
_NON_KEY = re.compile(r"[^a-z0-9 ]+")
# Words GeoNames puts in admin names that ACLED and news leave out ("Tillabéri Region" -> "Tillabéri").
_ADMIN_PREFIX = re.compile(
    r"^(?:cercle|region|région|province|provincia|departement|département|department|departamento|prefecture|préfecture|"
    r"commune|comuna|municipiul|oraș|oras|orașul|orasul|caza|qadaa|district|distrito|municipality|municipio|município|"
    r"governorate|gouvernorat|muhafazat|wilaya|state|estado|county|shahrestan-e|shahrestān-e|kabupaten|kota|"
    r"markaz|qism|kism|amphoe|huyện|huyen|powiat|gemeente|obshtina|okres|partido|daïra|daira|bashkia|rrethi i|"
    r"srŏk|srok|općina|opcina|arrondissement(?=\s+d)|délégation|delegation)"
    r"(?:\s*(?:de l['’]|d['’]|(?:de la|des|de|du|del|do|da|of)\b)\s*|\s+)(?=\w)",
    re.I,
)
_ADMIN_SUFFIX = re.compile(
    r"\s+(cercle|region|province|department|département|prefecture|commune|district|municipality|"
    r"governorate|oblast|okrug|raion|rayon|state|county|division|municipio|departamento|lga|local government area|"
    r"ilçesi|ilcesi)'?$",
    re.I,
)


@lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """Accent-, case-, hyphen- and apostrophe-insensitive key: "Gourma-Rharous" -> "gourma rharous"."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES).translate(_UNDECOMPOSED))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    spaced = _SEPARATORS.sub(" ", stripped)
    return " ".join(_NON_KEY.sub("", spaced).split())


LOOSE_PREFIX = "~"  # name-index keys of loose spellings start with this
FUZZY_CUTOFF = 85.0  # rapidfuzz ratio between loose keys for a village spelt yet another way
_LOOSE_RULES = [(re.compile(a), b) for a, b in (
    # Tamasheq "In-"/"I-n-"/"N'" (place of): "I-n-Tillit" ~ "In Tillit" ~ "N'Tillit" ~ "Ntillit"
    (r"^i ?n (?=[^aeiou ])", "n"), (r"^in(?=[^aeiou ])", "n"),
    (r" ", ""), (r"(.)\1+", r"\1"), (r"tch", "ch"), (r"dj", "j"), (r"ou", "u"), (r"w", "u"), (r"y", "i"),
    (r"ph", "f"), (r"q", "k"), (r"c(?=[aou])", "k"), (r"ck", "k"), (r"(?<=[^aeiou])h", ""), (r"(.)\1+", r"\1"),
)]


@lru_cache(maxsize=100_000)
def loose_key(name: str) -> str:
    """A spelling-insensitive key for Sahel villages, whose names French, English and local writers spell
    differently: "Labbezanga" ~ "Labézanga", "Songho" ~ "Songo", "Dioura" ~ "Jura" is not meant (dj, not di)."""
    key = normalize_name(name)
    for pattern, repl in _LOOSE_RULES:
        key = pattern.sub(repl, key)
    return key


# ---- spelling variants ------------------------------------------------------------------------
# Place names transliterated from Arabic and from Ukrainian/Russian are written several ways in English and
# French news; the build indexes a few other spellings of each name as exact keys of the name index, so the
# geocoder finds "Tal Tamer" (GeoNames "Tall Tamr"), "Shadadah" ("Ash Shaddādah") or "Kamyanka" ("Kamianka")
# with the plain lookup it does anyway. Written by hand from the usual transliteration schemes.
ARABIC_NAME_COUNTRIES = frozenset("SY YE IQ LY LB EG SD SA JO PS TN DZ MA OM AE KW BH QA EH".split())
SLAVIC_NAME_COUNTRIES = frozenset("UA RU BY".split())
MAX_SPELLING_VARIANTS = 16  # per name: enough for the common forms, few enough to keep the index small
_MARKS = re.compile(r"[’‘`ʼʻ´ʿʾ']")  # hamza and ayn marks: "Ra’s al ‘Ayn" is also written "Ras al Ayn"
_ARABIC_ARTICLES = frozenset("al el ad adh ar as ash at ath az an ed er es esh et ez en ul il".split())
# Common words of Arabic place names and their other spellings (English and French press, GeoNames).
_ARABIC_WORDS: dict[str, tuple[str, ...]] = {
    "tall": ("tal", "tell", "tel"), "tal": ("tall", "tell", "tel"), "tell": ("tal", "tall", "tel"), "tel": ("tal", "tell", "tall"),
    "ayn": ("ain", "ein"), "ain": ("ayn", "ein"), "ein": ("ain", "ayn"), "aayn": ("ain", "ayn"),
    "shaykh": ("sheikh", "shaikh", "cheikh"), "sheikh": ("shaykh", "shaikh", "cheikh"), "shaikh": ("sheikh", "shaykh"),
    "cheikh": ("sheikh", "shaykh"), "dayr": ("deir", "dair"), "deir": ("dayr", "dair"), "bayt": ("beit", "bait"),
    "beit": ("bayt", "bait"), "bait": ("beit", "bayt"), "kafr": ("kfar", "kafar", "kefr"), "kfar": ("kafr", "kafar"),
    "jabal": ("jebel", "jabel"), "jebel": ("jabal", "djebel"), "djebel": ("jebel", "jabal"), "khirbat": ("khirbet",),
    "khirbet": ("khirbat",), "qaryat": ("qarya",), "umm": ("um", "om"), "abu": ("abou",), "abou": ("abu",),
    "wadi": ("oued",), "oued": ("wadi",), "hayy": ("hay", "hai"), "suq": ("souk", "souq"), "souk": ("suq", "souq"),
    "qasr": ("ksar", "qsar"), "ksar": ("qasr",), "madinat": ("medinat", "madinet"), "mazraat": ("mazraa", "mazraet"),
}


def _arabic_forms(key: str) -> list[str]:
    """Other spellings of one normalised Arabic place name, most common first. A leading article is dropped
    ("Ash Shaddadah" ~ "Shaddadah"), not added: the geocoder tries a name with and without "al"/"el" anyway."""
    words = key.split()
    out: list[str] = []
    if len(words) > 1 and words[0] in _ARABIC_ARTICLES:
        out.append(" ".join(words[1:]))
    # inner articles: "Ras al Ayn" ~ "Ras el Ayn" ~ "Ras Al-Ayn"
    inner = [i for i, w in enumerate(words) if 0 < i < len(words) - 1 and w in _ARABIC_ARTICLES]
    if inner:
        for art in ("al", "el"):
            out.append(" ".join(art if i in inner else w for i, w in enumerate(words)))
    # common words: "Tall Tamr" ~ "Tal Tamr" ~ "Tell Tamr"
    for form in [key, *out[:1]]:
        parts = form.split()
        for i, w in enumerate(parts):
            for alt in _ARABIC_WORDS.get(w, ()):
                out.append(" ".join([*parts[:i], alt, *parts[i + 1:]]))
    return out


def _arabic_endings(key: str) -> list[str]:
    """The final ta marbuta and doubled letters: "Karamah" ~ "Karama" ~ "Karameh", "Shaddadah" ~ "Shadadah"."""
    out = []
    if key.endswith(("ah", "eh")):
        out += [key[:-1], key[:-2] + "a", key[:-2] + ("eh" if key.endswith("ah") else "ah")]
    elif key.endswith("a") and len(key) > 3:
        out += [key + "h", key[:-1] + "eh"]
    single = re.sub(r"([a-z])\1+", r"\1", key)
    if single != key:
        out.append(single)
    for a, b in (("ay", "ai"), ("ay", "ei"), ("aw", "ou"), ("u", "ou"), ("q", "k")):
        if a in key and not (a == "u" and "ou" in key):
            out.append(key.replace(a, b))
    return out


_SLAVIC_ENDINGS = (
    ("skyi", ("skiy", "sky", "skyy", "skij", "ski")), ("skyy", ("skyi", "skiy", "sky")), ("skiy", ("skyi", "sky")),
    ("ske", ("skoye", "skoe", "skoie")), ("ivka", ("ovka",)), ("ivske", ("ovskoye", "ovskoe")),
    ("ne", ("noye", "noe")), ("ve", ("vo",)), ("yi", ("iy", "y")),
)


def _slavic_forms(key: str) -> list[str]:
    """Ukrainian/Russian transliterations: "Kamianka" ~ "Kamyanka", "Olenivka" ~ "Olenovka", "Kyivskyi" ~
    "Kyivskiy", "Horlivka" ~ "Gorlivka", "Yenakiieve" ~ "Enakiieve"."""
    out = []
    for a, b in (("ia", "ya"), ("iu", "yu"), ("ie", "ye")):  # "Kamianka" ~ "Kamyanka"; a word's first "ya" stays
        if a in key:
            out.append(key.replace(a, b))
    for a, b in (("ya", "ia"), ("yu", "iu"), ("ye", "ie")):
        inner = re.sub(rf"(?<=[a-z]){a}", b, key)
        if inner != key:
            out.append(inner)
    last = key.rsplit(" ", 1)[-1]
    for ending, others in _SLAVIC_ENDINGS:
        if last.endswith(ending) and len(last) > len(ending) + 2:
            out += [key[: len(key) - len(ending)] + o for o in others]
            break
    if "h" in key:
        out.append(re.sub(r"(?<![kzcs])h", "g", key))  # Ukrainian h is Russian g: Horlivka ~ Gorlovka
    if key.startswith("ye"):
        out.append("e" + key[2:])
    elif key.startswith("e"):
        out.append("ye" + key[1:])
    return out


def spelling_variants(name: str, cc: str) -> list[str]:
    """Other spellings of a place name, as name-index keys (normalised), for the countries whose names are
    transliterated (Arabic, Ukrainian/Russian); any name written with hamza/ayn marks also gets its form
    without them ("Ta'izz" ~ "Taizz"). At most MAX_SPELLING_VARIANTS, the name's own key excluded."""
    key = normalize_name(name)
    if not key or name == name.lower():
        return []  # GeoNames' lower-case machine transliterations ("an salh", "tl tamr") are no model to vary
    unmarked = normalize_name(_MARKS.sub("", name.translate(_APOSTROPHES)))
    base = unmarked or key  # "ra s al ayn" (the name's own key) is also "ras al ayn"
    found = [base]
    if cc in ARABIC_NAME_COUNTRIES:
        for form in [base, *_arabic_forms(base)]:
            found += [form, *_arabic_endings(form)]
    elif cc in SLAVIC_NAME_COUNTRIES:
        forms = _slavic_forms(base)
        found += forms
        for form in forms[:2]:
            found += _slavic_forms(form)
    # a short one-word variant is too often a word or a people's name: "Al Fulah" is not "Fula"
    kept = [f for f in dict.fromkeys(found) if f != key and len(f) >= (5 if " " not in f else 6)]
    return kept[:MAX_SPELLING_VARIANTS]


# "Partido de La Plata" is La Plata, "Municipio de Los Cabos" Los Cabos: a Spanish article written with a
# capital is part of the name (the French "Province de la Kompienga" is Kompienga).
_SPANISH_ARTICLE_NAME = re.compile(
    r"^(?:partido|municipio|departamento|provincia|distrito|comuna|estado|cantón|canton)\s+de\s+(?=(?-i:La|Las|Los|El)\s)", re.I)


def display_admin_name(name: str) -> str:
    """An admin name as ACLED and news write it: "Gourma-Rharous Cercle" -> "Gourma-Rharous" (but "Federal
    District" stays whole: "Federal" alone names nothing)."""
    spanish = _SPANISH_ARTICLE_NAME.match(name.strip())
    short = name.strip()[spanish.end():] if spanish else _ADMIN_PREFIX.sub("", name.strip())
    if short.lower() == "central" and short != name.strip():
        return name.strip()  # "Distrito Central" (Tegucigalpa's municipality); "Central Region" is Central
    if short != name.strip() and short[:1].islower():
        short = short[:1].upper() + short[1:]  # "Powiat olesnicki" -> "Olesnicki"
    short = _ADMIN_SUFFIX.sub("", short)
    if short.lower() in ("federal", "capital", "national", "special", "autonomous", "metropolitan"):
        return name.strip()
    return short or name.strip()


_ADMIN_WORDS = re.compile(
    r"\b(?:region|province|state|governorate|oblast|department|district|cercle|commune|county|prefecture|"
    r"municipality|division|ka|skyi|ska|s ka|mis ka rada|raion|rayon|voblasts|voblasc|zone|ilcesi)\b")


_COMPASS_FR = {"nord": "north", "sud": "south", "ouest": "west", "est": "east", "centre": "central"}
# Ethiopia's zones in Amharic ("Mirab Hararghe" is West Hararghe, "Misraq Shewa" East Shewa)
_COMPASS_AM = {"mirab": "west", "misraq": "east", "misrak": "east", "semien": "north", "debub": "south"}


# Admin divisions known by names too far apart for spelling rules: a local or French name beside the
# English one, an old name beside the new, a Somali name beside the English (written by hand; keys as
# admin_key makes them, each mapped to one of the group).
_ADMIN_KEY_ALIASES = {
    "beyrouth": "beirut", "baki": "baku", "metro manila": "national capital", "ncr": "national capital",
    "mexico city": "federal", "ciudad de mexico": "federal", "distrito federal": "federal", "federal capital territory": "fct",
    "maidan wardak": "wardak", "oruzgan": "uruzgan", "urozgan": "uruzgan",
    "lower shabeelle": "shabeellaha hoose", "lower shabelle": "shabeellaha hoose",
    "middle shabele": "shabeellaha dhexe", "middle shabelle": "shabeellaha dhexe",
    "lower juba": "jubbada hoose", "middle juba": "jubbada dhexe", "hiraan": "hiiraan", "banadir": "banaadir",
    "woqooyi galbeed": "waqooyi galbeed", "jk": "jammu and kashmir", "extreme north": "far north", "j and k": "jammu and kashmir", "tombouctou": "timbuktu", "nur sultan": "astana",
    # Iraq: the UN's (OCHA's) English names beside GeoNames'; Yemen's island governorate; Syria's countryside of
    # Damascus; Pakistan's Kashmir; Lebanon's French names; Chile's capital region; Georgia's Lower Kartli
    "dahuk": "duhok", "dohuk": "duhok", "ninewa": "nineveh", "ninawa": "nineveh", "missan": "maysan", "babylon": "babil",
    "wassit": "wasit", "thi qar": "dhi qar", "kerbala": "karbala", "qadissiya": "qadisiyah", "diwaniyah": "qadisiyah",
    "socotra": "soqatra", "suqutra": "soqatra", "soqotra": "soqatra", "arkhabil suqutra": "soqatra",
    "rural damascus": "rif dimashq", "damascus countryside": "rif dimashq", "reef damascus": "rif dimashq",
    "azad jammu and kashmir": "azad kashmir", "mont liban": "mount lebanon", "jabal lubnan": "mount lebanon",
    "liban north": "north lebanon", "liban south": "south", "bayrut": "beirut",
    "metropolitana": "santiago metropolitan", "metropolitana de santiago": "santiago metropolitan",
    "lower kartli": "kvemo kartli", "buenos aires f d": "ciudad autonoma de buenos aires",
    "autonomous city of buenos aires": "ciudad autonoma de buenos aires", "capital federal": "ciudad autonoma de buenos aires",
    "distrito capital": "capital district", "nct of delhi": "delhi", "national capital territory of delhi": "delhi",
    "kiev": "kyiv", "kiev city": "kyiv city",
    # India's Poonch (GeoNames "Punch"); Belarus' regions in their Russian forms beside the Belarusian (GeoNames);
    # Athens' prefecture (Greek "Athina")
    "punch": "poonch", "mahilyow": "mogilev", "mahilyou": "mogilev", "mahiliou": "mogilev", "homyel": "gomel",
    "homiel": "gomel", "hrodna": "grodno", "grodnenskaya": "grodno", "hrodzienskaja": "grodno", "vitsyebsk": "vitebsk",
    "viciebsk": "vitebsk", "athina": "athens", "athinai": "athens",
    # India's cities renamed (Bangalore/Bengaluru, Gurgaon/Gurugram) and Howrah (GeoNames "Haora")
    "bangalore urban": "bengaluru urban", "bangalore rural": "bengaluru rural", "gurugram": "gurgaon", "haora": "howrah",
    "saladin": "salah ad din", "salahuddin": "salah ad din", "salahaddin": "salah ad din",  # Iraq's, in English news
}
# "City of Zagreb" is Zagreb, "Autonomous Republic of Adjara" Adjara, "Federal Territory of Kuala Lumpur" Kuala Lumpur
_ADMIN_LEAD = re.compile(r"^(?:city of|autonomous republic of|autonomous region of|federal territory of|republika|"
                         r"arrondissement de|arrondissement d|delegation de la|delegation de|delegation d) (?=\w)")
# Greece's prefectures as GeoNames names them: "Nomos Thessalonikis", "Nomarchia Athinas" (the name in the genitive)
_GREEK_PREFECTURE = re.compile(r"^(?:nomos|nomarchia) (?=\w)")
_GREEK_GENITIVE = (("ou", "os"), ("is", "i"), ("as", "a"))  # Evrou -> Evros, Pellis -> Pelli(a), Chanias -> Chania


# South Slavic and Polish districts named by an adjective (GeoNames' older names): "Nisavski (okrug)" is Nisava,
# "Toplicki" Toplica, "Olesnicki" Olesnica. Only for comparing two names (same_admin, the build's loose match of a
# district inside its admin1): as a key it would make the US "Pulaski" "Pula".
_SLAVIC_ADJECTIVE = re.compile(r"(?<=\w{4})(?:cki|ski)\b")


def slavic_noun(key: str) -> str:
    """An admin key with its adjectival district names made nouns: "nisavski" -> "nisav", "toplicki" -> "toplica"."""
    return _SLAVIC_ADJECTIVE.sub(lambda m: "ca" if m.group(0) == "cki" else "", key)


def admin_key(name: str | None) -> str:
    """A key for comparing admin names across spellings: "Kharkivs'ka Oblast'" ~ "Kharkiv", "Nord-Kivu" ~ "North Kivu",
    "Beyrouth" ~ "Beirut"."""
    if not name:
        return ""
    words = _ADMIN_WORDS.sub(" ", normalize_name(name)).split()
    if words and words[0] == "republic" and len(words) > 1:
        words = words[2:] if words[1] == "of" and len(words) > 2 else words[1:]  # "Republic of Dagestan"
    elif len(words) > 1 and words[-1] == "republic":
        words = words[:-1]  # "Bashkortostan Republic"
    words = [_COMPASS_FR.get(w) or _COMPASS_AM.get(w, w) for w in words]
    key = _ADMIN_LEAD.sub("", " ".join(words))
    greek = _GREEK_PREFECTURE.sub("", key)
    if greek != key:
        key = next((greek[: -len(end)] + nom for end, nom in _GREEK_GENITIVE if greek.endswith(end)), greek)
    return _ADMIN_KEY_ALIASES.get(key, key)


def is_latin_name(name: str) -> bool:
    """True when every letter of the name is Latin script (so it can appear in English/French text)."""
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    neighbours: tuple[str, ...]
    aliases: tuple[str, ...]
    capital: str = ""


def _read_gzip(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def _shipped_data_dir() -> Path:
    return Path(str(resources.files("warlog") / "data" / "gazetteer"))


class Gazetteer:
    """Places by id and by name, countries and admin divisions.

    Build with `Gazetteer.load()` (shipped data) or `Gazetteer.load(path)` (a directory written by
    scripts/build_gazetteer.py). Files are read on first use and kept for the instance's life.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._loaded = False
        self._rows: list[str] = []
        self._keys: list[str] = []  # the name index's keys, sorted (as the build writes them) ...
        self._values: list[str] = []  # ... and their comma-separated rows: a bisect, not a dict, keeps the load fast
        self._row_of_id: dict[str, int] | None = None
        self._places: dict[int, Place] = {}
        self._countries: dict[str, Country] = {}
        self._country_by_key: dict[str, str] = {}
        self._admin_names: dict[str, str] = {}
        self._admin_lines: list[str] = []
        self._admin_rows_cache: dict[str, int] | None = None
        self._admin_original_cache: dict[str, tuple[str, str]] | None = None
        self._admin_by_key: dict[str, list[str]] | None = None
        self._admin1_keys: list[str] | None = None
        self._admin2_of: dict[str, list[str]] | None = None
        self._pair_cache: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._activity: dict[tuple[int, int], int] | None = None
        self._loose_buckets: dict[tuple[str, int], list[str]] | None = None
        self._fuzzy_cache: dict[tuple[str, float], list[int]] = {}
        self._seats: dict[str, tuple[tuple[bool, int], int]] | None = None  # admin1 code -> (rank, row) of its seat

    @classmethod
    def load(cls, path: Path | None = None) -> "Gazetteer":
        """The gazetteer in `path`, or the shipped package data when None (read lazily, cached)."""
        directory = Path(path) if path is not None else _shipped_data_dir()
        if not (directory / "places.tsv.gz").exists():
            raise DataError(
                f"no gazetteer in {directory} (places.tsv.gz missing); "
                "run scripts/build_gazetteer.py --shared ../shared to build it"
            )
        return cls(directory)

    # ---- loading -------------------------------------------------------------------------
    def _ensure_loaded(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if not self._loaded:
                self._read_files()
                self._loaded = True

    def _read_files(self) -> None:
        try:
            lines = _read_gzip(self.path / "places.tsv.gz").split("\n")
            # "key\tvalue\n" lines sorted by key; splitting on both separators keeps the work in C, and two
            # lists searched by bisection cost a third of a dict of 750,000 keys to build (load stays under 1 s)
            parts = _read_gzip(self.path / "names.tsv.gz").replace("\t", "\n").split("\n")
            self._keys, self._values = parts[0:-1:2], parts[1::2]
            countries = (self.path / "countries.tsv").read_text(encoding="utf-8").split("\n")
            admins = _read_gzip(self.path / "admin.tsv.gz").split("\n")
        except (OSError, ValueError) as exc:
            raise DataError(f"cannot read the gazetteer in {self.path}: {exc}; rebuild it with scripts/build_gazetteer.py") from exc
        if lines[0].split("\t") != list(PLACE_COLUMNS):
            raise DataError(f"{self.path / 'places.tsv.gz'} has unexpected columns; rebuild it with scripts/build_gazetteer.py")
        self._rows = lines[1:-1] if lines[-1] == "" else lines[1:]
        for line in countries[1:]:
            if not line:
                continue
            code, name, neighbours, aliases, *capital = line.split("\t")
            country = Country(code, name, tuple(n for n in neighbours.split(",") if n), tuple(a for a in aliases.split("|") if a),
                              capital[0] if capital else "")
            self._countries[code] = country
            for key in (code.lower(), normalize_name(name), *(normalize_name(a) for a in country.aliases)):
                self._country_by_key.setdefault(key, code)
        self._admin_lines = [line for line in admins[1:] if line]
        self._admin_names = {line[: line.index("\t")]: line.split("\t", 2)[1] for line in self._admin_lines}
        log.debug("gazetteer %s: %d places, %d names", self.path, len(self._rows), len(self._keys))

    def _admin_details(self) -> None:
        """Parse the admin table's other columns on first use (load time stays for the name index)."""
        self._ensure_loaded()
        if self._admin_original_cache is None:
            rows: dict[str, int] = {}
            original: dict[str, tuple[str, str]] = {}
            for line in self._admin_lines:
                code, name, orig, row = line.split("\t", 4)[:4]
                original[code] = (name, orig)
                if row != "-1":
                    rows[code] = int(row)
            self._admin_rows_cache, self._admin_original_cache = rows, original

    @property
    def _admin_rows(self) -> dict[str, int]:
        self._admin_details()
        assert self._admin_rows_cache is not None
        return self._admin_rows_cache

    @property
    def _admin_original(self) -> dict[str, tuple[str, str]]:
        self._admin_details()
        assert self._admin_original_cache is not None
        return self._admin_original_cache

    # ---- places --------------------------------------------------------------------------
    def __len__(self) -> int:
        self._ensure_loaded()
        return len(self._rows)

    def place_at(self, row: int) -> Place:
        """The place on data row `row` (rows are what the name index points to)."""
        place = self._places.get(row)
        if place is None:
            place = self._parse_row(self._rows[row])
            self._places[row] = place
        return place

    def _parse_row(self, line: str) -> Place:
        (pid, name, cc, a1, a2, _derived, a3, lat, lon, feature, pop, alts) = line.split("\t")
        country = self._countries.get(cc)
        return Place(
            id=pid,
            name=name,
            country_code=cc,
            country=country.name if country else cc,
            admin1=self._admin_names.get(a1) if a1 else None,
            admin2=self._admin_names.get(a2) if a2 else None,
            admin3=a3 or None,
            latitude=float(lat) if lat else None,
            longitude=float(lon) if lon else None,
            feature_kind=feature or None,
            population=int(pop) if pop else None,
            alternate_names=tuple(alts.split("|")) if alts else (),
        )

    def admin2_is_derived(self, place_id: str) -> bool:
        """True when the build assigned the place's admin2 from its nearest neighbour (GeoNames gives none)."""
        return self._row_fields(place_id)[5] == "1"

    def admin_codes(self, place: Place) -> tuple[str, str]:
        """The place's admin1 and admin2 codes ("ML.08", "ML.08.7670552"), "" where unknown."""
        fields = self._row_fields(place.id)
        return fields[3], fields[4]

    def _row_fields(self, place_id: str) -> list[str]:
        return self._rows[self._row_index(place_id)].split("\t")

    def _row_index(self, place_id: str) -> int:
        self._ensure_loaded()
        if self._row_of_id is None:
            self._row_of_id = {line[: line.index("\t")]: i for i, line in enumerate(self._rows)}
        try:
            return self._row_of_id[place_id]
        except KeyError:
            raise NotFoundError(f"no place {place_id!r} in the gazetteer at {self.path}; search by name with Gazetteer.search") from None

    def get(self, place_id: str) -> Place:
        """The place with this id ("geonames:2456871", "admin1:DZ.01", "country:ML")."""
        if place_id.startswith("country:"):
            return self.country_place(place_id.split(":", 1)[1])
        return self.place_at(self._row_index(place_id))

    def rows_for_key(self, key: str) -> list[int]:
        """Data rows whose name or alternate name normalises to `key`, best first."""
        found = self._value(key)
        return [int(i) for i in found.split(",")] if found else []

    def _value(self, key: str) -> str | None:
        self._ensure_loaded()
        i = bisect_left(self._keys, key)
        return self._values[i] if i < len(self._keys) and self._keys[i] == key else None

    def rows_for_loose(self, name: str) -> list[int]:
        """Data rows of Sahel places whose name is spelt like `name` give or take doubled letters and
        French/English transcription ("ou"/"u", "dj"/"j", a silent "h")."""
        return self.rows_for_key(LOOSE_PREFIX + loose_key(name))

    def rows_for_fuzzy(self, name: str, cutoff: float = FUZZY_CUTOFF) -> list[int]:
        """Data rows of the Sahel place whose loose spelling is closest to `name`'s, if close enough:
        "Tengandogo" ~ Tengadogo, "Bonguel" ~ Bounguel. Only names with the same first letter and a length
        within two letters are compared, which keeps a lookup well under a millisecond."""
        key = loose_key(name)
        if len(key) < 5:
            return []
        cached = self._fuzzy_cache.get((key, cutoff))
        if cached is not None:
            return cached
        self._ensure_loaded()
        with self._lock:
            if self._loose_buckets is None:
                buckets: dict[tuple[str, int], list[str]] = {}
                for k in self._keys:
                    if k.startswith(LOOSE_PREFIX) and len(k) > 2:
                        buckets.setdefault((k[1], len(k) - 1), []).append(k[1:])
                self._loose_buckets = buckets
        pool = [k for n in range(len(key) - 2, len(key) + 3) for k in self._loose_buckets.get((key[0], n), ())]
        found = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
        rows = self.rows_for_key(LOOSE_PREFIX + found[0]) if found else []
        if len(self._fuzzy_cache) < 50_000:
            self._fuzzy_cache[(key, cutoff)] = rows
        return rows

    def has_key(self, key: str) -> bool:
        return self._value(key) is not None

    def search(self, name: str, country: str | None = None, limit: int = 10) -> list[Place]:
        """Places called `name` (accent/case/hyphen-insensitive), best first: admin rank, then population."""
        cc = self.country_code(country) if country else None
        if country and cc is None:
            raise NotFoundError(f"unknown country {country!r}; give an ISO code such as 'ML' or an English name")
        found = []
        for row in self.rows_for_key(normalize_name(name)):
            place = self.place_at(row)
            if cc is None or place.country_code == cc:
                found.append(place)
                if len(found) >= limit:
                    break
        return found

    def activity(self, latitude: float | None, longitude: float | None, radius_cells: int = 1) -> int:
        """UCDP GED conflict events recorded within about `radius_cells` x 11 km of a point (0 where the
        build had no UCDP data): a prior for which of two namesake villages a conflict report is about."""
        if latitude is None or longitude is None:
            return 0
        if self._activity is None:
            cells: dict[tuple[int, int], int] = {}
            path = self.path / "activity.tsv"
            if path.exists():
                for line in path.read_text(encoding="utf-8").split("\n")[1:]:
                    if line:
                        a, b, n = line.split("\t")
                        cells[(int(a), int(b))] = int(n)
            self._activity = cells
        if not self._activity:
            return 0
        la, lo = math.floor(latitude / ACTIVITY_CELL), math.floor(longitude / ACTIVITY_CELL)
        return sum(self._activity.get((la + i, lo + j), 0)
                   for i in range(-radius_cells, radius_cells + 1) for j in range(-radius_cells, radius_cells + 1))

    # ---- admin divisions -----------------------------------------------------------------
    def admin_name(self, code: str) -> str | None:
        """Display name of an admin1/admin2 code: "ML.08" -> "Tombouctou"."""
        self._ensure_loaded()
        return self._admin_names.get(code)

    def admin_place(self, code: str) -> Place | None:
        """The gazetteer entry of an admin1/admin2 division, if it has one."""
        self._ensure_loaded()
        row = self._admin_rows.get(code)
        return self.place_at(row) if row is not None else None

    def admin_codes_named(self, name: str) -> list[str]:
        """Admin1 and admin2 codes whose name or other name is `name` (accents, case and "Region"/"District"
        ignored): "Liban-Nord", "North Lebanon" and "North" all name LB.09."""
        self._ensure_loaded()
        if self._admin_by_key is None:
            index: dict[str, list[str]] = {}
            for line in self._admin_lines:  # sorted by code; the build wrote each name's admin_key
                cols = line.split("\t")
                keys = cols[5].split("|") if len(cols) > 5 else [admin_key(n) for n in cols[1:3]]
                for key in keys:
                    if key and cols[0] not in index.get(key, ()):
                        index.setdefault(key, []).append(cols[0])
            self._admin_by_key = index
        return list(self._admin_by_key.get(admin_key(name), ()))

    def admin_pairs(self, admin2_name: str, admin1_name: str) -> list[tuple[str, str]]:
        """(admin1, admin2) code pairs that an "(admin2, admin1)" phrase can name: the admin2 lies in the admin1.

        Exact names first, then close spellings ("As Sawdiyah" ~ "As Sawadiyah"), the admin2 only among
        the admin1's own divisions.
        """
        cache_key = (admin2_name, admin1_name)
        if cache_key in self._pair_cache:
            return self._pair_cache[cache_key]
        admin1s = [c for c in self.admin_codes_named(admin1_name) if c.count(".") == 1]
        if not admin1s:
            # "(Bama, Houet)": a department and its province, one level down; the place lies in that admin2
            higher = [c for c in self.admin_codes_named(admin1_name) if c.count(".") == 2]
            if higher:
                pairs = [(c.rsplit(".", 1)[0], c) for c in higher]
                self._pair_cache[cache_key] = pairs
                return pairs
        if not admin1s:
            self.admin_codes_named("")  # builds the index
            assert self._admin_by_key is not None
            if self._admin1_keys is None:
                self._admin1_keys = sorted({k for k, codes in self._admin_by_key.items() if any(c.count(".") == 1 for c in codes)})
            found = process.extractOne(admin_key(admin1_name), self._admin1_keys, scorer=fuzz.ratio, score_cutoff=88)
            admin1s = [c for c in self._admin_by_key[found[0]] if c.count(".") == 1] if found else []
        pairs: list[tuple[str, str]] = []
        key2 = admin_key(admin2_name)
        for a1 in admin1s:
            inside = self.admin2_codes_in(a1)
            exact = [c for c in inside if key2 in {admin_key(n) for n in self._admin_original[c]}]
            if not exact and key2:
                scored = [(max(fuzz.ratio(key2, admin_key(n)) for n in self._admin_original[c]), c) for c in inside]
                best = max(scored, default=(0.0, ""))
                exact = [best[1]] if best[0] >= 80 else []
            pairs.extend((a1, a2) for a2 in exact)
        self._pair_cache[cache_key] = pairs
        return pairs

    def admin2_codes_in(self, admin1_code: str) -> list[str]:
        """The admin2 codes of an admin1 ("ML.08" -> ["ML.08.7670552", ...]); [] where the gazetteer has none."""
        self._ensure_loaded()
        if self._admin2_of is None:
            children: dict[str, list[str]] = {}
            for c in self._admin_names:
                if c.count(".") == 2:
                    children.setdefault(c.rsplit(".", 1)[0], []).append(c)
            self._admin2_of = children
        return self._admin2_of.get(admin1_code, [])

    def admin1_names(self, cc: str) -> list[str]:
        """Names of the country's first-level divisions, sorted: "ML" -> ["Bamako", "Gao", ...]."""
        self._ensure_loaded()
        prefix = cc.upper() + "."
        return sorted(name for code, name in self._admin_names.items() if code.startswith(prefix) and code.count(".") == 1)

    def admin1_codes(self, cc: str) -> list[str]:
        self._ensure_loaded()
        prefix = cc.upper() + "."
        return sorted(code for code in self._admin_names if code.startswith(prefix) and code.count(".") == 1)

    # ---- countries -----------------------------------------------------------------------
    def country_name(self, cc: str) -> str:
        """English name of an ISO alpha-2 code: "ML" -> "Mali"."""
        self._ensure_loaded()
        country = self._countries.get(cc.upper())
        if country is None:
            raise NotFoundError(f"unknown country code {cc!r}; use an ISO 3166-1 alpha-2 code such as 'ML'")
        return country.name

    def country_code(self, name: str) -> str | None:
        """ISO code of a country name, alias or code: "Mali"/"mali"/"ML" -> "ML"; None if unknown."""
        self._ensure_loaded()
        stripped = name.strip()
        if len(stripped) == 2 and stripped.upper() in self._countries:
            return stripped.upper()
        return self._country_by_key.get(normalize_name(stripped))

    def country_key_code(self, key: str) -> str | None:
        """Like country_code for an already normalised key, but never reads two-letter codes."""
        self._ensure_loaded()
        return None if len(key) <= 3 and key.upper() in self._countries and key != normalize_name(self._countries[key.upper()].name) else self._country_by_key.get(key)

    def country_place(self, cc: str) -> Place:
        """A country as a Place ("country:ML", feature A.PCLI, no coordinates)."""
        name = self.country_name(cc)
        return Place(id=f"country:{cc.upper()}", name=name, country_code=cc.upper(), country=name, feature_kind="A.PCLI")

    def capital(self, cc: str) -> Place | None:
        """The capital of country `cc` (GeoNames countryInfo's name, resolved to its populated place: the one marked
        as a capital first, then the most populous town of that name); None where the country has none or no town
        of that name is in the gazetteer."""
        self._ensure_loaded()
        country = self._countries.get(cc.upper())
        if country is None or not country.capital:
            return None
        towns = [p for p in self.search(country.capital, country.code, limit=20) if (p.feature_kind or "").startswith("P.")]
        if not towns:
            return None
        return max(towns, key=lambda p: (p.feature_kind == "P.PPLC", p.population or 0))

    def seat(self, admin1_code: str) -> Place | None:
        """The seat of the admin1 division `admin1_code` ("AF.06": Farah town): its town GeoNames marks as the seat
        of a first-order division (PPLA), or the country's capital (PPLC) where that lies in it; the most populous
        where several are marked; None where none is. The index is built on first use (one pass over the places)."""
        self._ensure_loaded()
        seats = self._seats
        if seats is None:
            seats = {}
            for row, line in enumerate(self._rows):
                if "\tP.PPLA\t" not in line and "\tP.PPLC\t" not in line:
                    continue
                fields = line.split("\t")
                rank = (fields[9] == "P.PPLC", int(fields[10]) if fields[10].isdigit() else 0)  # the capital, then people
                if fields[3] and (fields[3] not in seats or rank > seats[fields[3]][0]):
                    seats[fields[3]] = (rank, row)
            self._seats = seats
        found = seats.get(admin1_code)
        return self.place_at(found[1]) if found is not None else None

    def neighbours(self, cc: str) -> list[str]:
        """ISO codes of the countries bordering `cc`, from GeoNames countryInfo."""
        self._ensure_loaded()
        country = self._countries.get(cc.upper())
        if country is None:
            raise NotFoundError(f"unknown country code {cc!r}; use an ISO 3166-1 alpha-2 code such as 'ML'")
        return list(country.neighbours)

    def country_codes(self) -> list[str]:
        self._ensure_loaded()
        return sorted(self._countries)
