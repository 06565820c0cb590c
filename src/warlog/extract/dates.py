"""Date expressions in English and French report text, resolved against the publication date.

:func:`find_dates` finds every date expression in a text; :func:`resolve_date` resolves one phrase.
Both return :class:`~warlog.records.DateInterval` values with a precision ("day", "week", "month",
"year") and never a date after the report's publication date.

Rules, chosen here and tested in tests/test_dates.py:

- A date without a year ("le 12 mars", "March 12", "in March") takes the publication year, or the
  year before when that would fall after publication. Without a publication date it is not found.
  A day without a year that falls up to a month after publication names a day to come ("the vote on
  12 May" in a report of 25 April), not one of last year: it is not found. A day without a year takes
  the year of the nearest day with a year before it in the text when that puts it within two months
  of that day ("On 5 November 2019, ... He was released on November 10": 10 November 2019).
- A day and month in figures without a year ("on 22/06", "le 19/07", "jeudi 12/03", "the morning of
  23/06") is read, day first, only after a word that introduces a date, so "4/5 wounded" and "24/7" stay numbers.
- A dateline ("BAMAKO, 12 mars 2020 (AFP) -", "GAO, Mali, May 3 (Reuters) —") is found with kind
  "dateline": it is the day the report was filed, not an event's, and the extractor ignores it. The
  text's relative expressions are read against it when it is up to a week before publication or when
  there is no publication date.
- Relative expressions ("yesterday", "last week", "mardi") need the publication date; without one
  they are not found. Absolute dates with a year resolve either way.
- A bare weekday ("on Tuesday", "mardi") is the most recent such day on or before publication: a
  report published on a Tuesday that says "on Tuesday" means that same day, as in most agency copy.
  "last Tuesday" / "mardi dernier" is strictly before publication (a week back when published on a
  Tuesday).
- "today", "earlier today", "this morning", "tonight", "ce soir" are the publication day.
  "overnight", "last night", "cette nuit", "la nuit dernière" span the day before and the publication
  day (the night between them), precision "day".
- "last week" / "la semaine dernière" is the previous Monday-Sunday week; "this week" runs from this
  week's Monday to publication; "N weeks ago" is the Monday-Sunday week holding the day N*7 days back.
  All have precision "week".
- "last month" / "le mois dernier" is the previous calendar month; "this month" its first day to
  publication; "last year" the previous calendar year; "this year" 1 January to publication.
- "so far this year", "since the start of the year", "depuis le début de l'année" are found with kind
  "statistic-period": they bound a count, not an event, and the extractor ignores them.
- "the weekend" / "over the weekend" / "au cours du week-end" is the most recent Saturday-Sunday on or
  before publication;
  "last weekend" the most recent one that ended before publication.
- Weekday ranges ("from Sunday to Tuesday", "between Saturday and Monday", "du dimanche au mardi", "entre
  lundi et mardi", "overnight Saturday into Sunday", "Sunday night into Monday") run from the first day to
  the second, the second being the most recent such day on or before publication. "overnight Saturday"
  is the night from that day into the next.
- Ranges ("between 3 and 5 May 2019", "from 3 to 5 May", "on the night of 9 to 10 March", "dans la
  nuit du 9 au 10 mars", "dans la nuit du samedi 2 au dimanche 3 mai", "30 April-2 May") keep the whole interval. Precision follows the span
  (:func:`precision_of_span`): up to two calendar days is "day", up to a week "week", up to a month
  "month", else "year".
- "early/mid/late March", "début/mi-/fin mars" keep the whole month with precision "month" (ACLED's
  time precision 3); narrowing to a third of the month would make reports saying "late March" and
  "early April" of the same event fail to overlap.
- "around 4 May", "on or about 4 May" are day precision. ACLED's "(week of)" / "(month of)" after a
  date keeps the date it names with precision "week" / "month", as ACLED codes it (time precision 2 / 3).
- Not dates: times ("at 5 pm"), counts ("4 soldiers", "2 Comments", "150 percent"), bare numbers
  without a preposition ("Resolution 2100"), and dates inside names when the next word says so:
  "March 23 Movement", "Platform of June 14th 2014 movements", "February 17 Martyrs Brigade"
  (see ``_NAME_NOUNS``). A name whose next word is not in that list is still read as a date.
- "the day before", "la veille", "two days later" are relative to another event, not to publication,
  and are not resolved here.

dateparser is used only by :func:`resolve_date`, as a fallback for absolute phrases these rules do not
read; it is slow (milliseconds) and reads "last week" and "earlier today" wrongly, so find_dates never
calls it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator

from warlog.records import DateInterval, DatePrecision
from warlog.extract.numbers import NUMBER_PATTERN, parse_number

logger = logging.getLogger(__name__)

__all__ = ["DateMention", "find_dates", "resolve_date", "precision_of_span"]


@dataclass(frozen=True)
class DateMention:
    """One date expression in a text: where it is, what it says, and the interval it means."""

    start: int
    end: int
    phrase: str  # text[start:end]
    interval: DateInterval
    # "absolute" (a day), "range" (several days), "month", "year", "relative" (resolved against
    # publication), "statistic-period" (bounds a count, not an event: "so far this year"), "dateline"
    # (the day the report was filed: "BAMAKO, 12 mars 2020 (AFP) -").
    kind: str


# --- lexicon ------------------------------------------------------------------------------

_EN_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_FR_MONTHS: dict[str, int] = {
    "janvier": 1, "février": 2, "fevrier": 2, "févr": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6,
    "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "déc": 12,
}
# English month names that are also common lowercase words: only read when capitalised.
_LOWERCASE_WORDS = {"may", "march", "mar", "jan", "dec", "sep", "oct", "aug"}
_EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_FR_WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
# Words that, right after a date, make it part of a name ("March 23 Movement").
_NAME_NOUNS = {
    "movement", "movements", "mouvement", "mouvements", "brigade", "brigades", "battalion", "bataillon",
    "martyrs", "revolution", "révolution", "coalition", "front", "alliance", "revolutionaries", "group",
    "groupe", "street", "avenue", "rue", "boulevard", "square", "place", "bridge", "pont", "stadium", "stade",
    "school", "école", "district", "quartier", "hospital", "hôpital", "university", "université", "camp",
}

_LEXICONS: dict[str | None, tuple[dict[str, int], dict[str, int]]] = {
    "en": (_EN_MONTHS, _EN_WEEKDAYS),
    "fr": (_FR_MONTHS, _FR_WEEKDAYS),
    None: ({**_EN_MONTHS, **_FR_MONTHS}, {**_EN_WEEKDAYS, **_FR_WEEKDAYS}),
}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# --- patterns -----------------------------------------------------------------------------

_FLAGS = re.IGNORECASE | re.UNICODE
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|re|e|ème)?(?![\d\w])"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_APOS = r"['’]"


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Callable[[re.Match[str], dt.date | None, "_Lexicon"], list[DateMention]]


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]


def _build_rules(months: dict[str, int], weekdays: dict[str, int]) -> list[_Rule]:
    month = rf"(?:{_alternation(months)})\.?"
    weekday = rf"(?:{_alternation(weekdays)})"
    weekday_prefix = rf"(?:(?:on\s+|le\s+)?{weekday},?\s+(?:the\s+)?)?"
    connector = r"\s*(?:-|–|—|/|and|to|until|till|through|thru|au|à|et(?:\s+le)?|or|ou)\s*(?:the\s+|le\s+)?"
    range_lead = (
        r"(?:(?:on\s+|in\s+|during\s+|overnight\s+|dans\s+|durant\s+|pendant\s+)?(?:the\s+|la\s+)?"
        r"(?:night|nuit)\s+(?:of|from|between|du|de|d['’]entre|entre)\s+(?:the\s+|le\s+)?|"
        r"(?:overnight\s+)?(?:between|from)\s+(?:the\s+)?|entre\s+(?:le\s+)?|du\s+|on\s+|le\s+|les\s+)?"
    )
    suffix = r"(?:\s*\((?P<acled>week|month)\s+of\)|(?P<tail>\s+[A-Za-zÀ-ÿ]+))?"
    day_weekday = rf"(?:{weekday},?\s+)?"  # "du samedi 2 au dimanche 3 mai"
    return [
        # "between 3 and 5 May 2019", "from 30 April to 2 May", "dans la nuit du 9 au 10 mars", "5, 6 and 7 May".
        _Rule("range_dm", re.compile(
            rf"(?<![\w-]){range_lead}{day_weekday}(?P<d1>{_DAY})(?:\s+(?:of\s+)?(?P<m1>{month}))?(?:,?\s+(?P<y1>{_YEAR}))?"
            rf"(?:,\s*{_DAY})*{connector}{day_weekday}(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{month})(?:,?\s+(?P<y2>{_YEAR}))?{suffix}",
            _FLAGS), _range_handler),
        # "May 3-5, 2019", "between May 3 and May 5", "from March 30 to April 2, 2020".
        _Rule("range_md", re.compile(
            rf"(?<![\w-]){range_lead}(?P<m1>{month})\s+(?P<d1>{_DAY})(?:,?\s+(?P<y1>{_YEAR}))?{connector}"
            rf"(?:(?P<m2>{month})\s+)?(?P<d2>{_DAY})(?:,?\s+(?P<y2>{_YEAR}))?{suffix}",
            _FLAGS), _range_handler),
        # "On 31 December 2020", "le 12 mars", "1er janvier 2016", "Tuesday, 4 May", "the 31st of December".
        _Rule("day_month", re.compile(
            rf"(?<![\w-]){weekday_prefix}(?:the\s+)?(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{month})(?:,?\s+(?P<y>{_YEAR}))?{suffix}",
            _FLAGS), _day_handler),
        # "on December 31, 2020", "March 12", "Tuesday, May 4th 2021".
        _Rule("month_day", re.compile(
            rf"(?<![\w-]){weekday_prefix}(?P<m>{month})\s+(?:the\s+)?(?P<d>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?{suffix}",
            _FLAGS), _day_handler),
        # "31/12/2020", "31.12.2020", "31-12-2020".
        _Rule("numeric_dmy", re.compile(
            rf"(?<![\d/.-])(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})(?![/.-]?\d)", _FLAGS),
            _numeric_dmy_handler),
        # "2020-12-31", "2020/12/31".
        _Rule("numeric_ymd", re.compile(
            rf"(?<![\d/.-])(?P<y>{_YEAR})(?P<sep>[/-])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?![/.-]?\d)", _FLAGS),
            _numeric_ymd_handler),
        # "in March 2017", "en mars 2017", "late March 2017", "mi-mars 2017", "March of 2017".
        _Rule("month_year", re.compile(
            rf"(?<![\w-])(?:(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|"
            rf"début|fin|mi|courant)[\s-]+)?(?P<m>{month})(?:\s+of)?,?\s+(?P<y>{_YEAR}){suffix}",
            _FLAGS), _month_year_handler),
        # "in March", "since early May", "fin mars", "au mois de mars" (year from publication).
        _Rule("month_bare", re.compile(
            rf"(?<![\w-])(?P<lead>(?:in|during|since|by|until|throughout|earlier\s+in|en|depuis|durant|pendant|"
            rf"jusqu['’]en|au\s+mois\s+de|courant|début|fin|mi|early|mid|late|last|this|the\s+end\s+of|"
            rf"the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)(?:[\s-]+(?:early|mid|late))?)[\s-]+"
            rf"(?P<m>{month})(?![\w-])(?!\s*\d)",
            _FLAGS), _month_bare_handler),
        # "in 2015", "en 2015", "in both 2015 and 2016", "since 2012", "in early 2019".
        _Rule("year", re.compile(
            rf"(?<![\w-])(?:in|en|since|during|throughout|depuis|durant|until|till|jusqu['’]en|from|between|"
            rf"entre|début|fin|mi|early|late|mid|the\s+end\s+of|the\s+year|l['’]année|in\s+early|in\s+late|"
            rf"in\s+mid|à\s+la\s+fin\s+de|au\s+début\s+de)[\s-]+(?:both\s+|the\s+years\s+)?"
            rf"(?P<years>{_YEAR}(?:\s*(?:,|and|et|or|ou|to|à|-|–)\s*(?:in\s+|en\s+)?{_YEAR})*)(?![\w-])",
            _FLAGS), _years_handler),
        # "on the night of Tuesday to Wednesday", "dans la nuit de samedi à dimanche".
        _Rule("weekday_night", re.compile(
            rf"(?<![\w-])(?:(?:on|in|during|dans)\s+)?(?:the\s+|la\s+)?(?:night|nuit)\s+(?:of|from|between|de|du|d['’]entre)\s+"
            rf"(?P<w1>{weekday})\s*(?:to|and|into|à|au|et)\s*(?P<w2>{weekday})(?![\w-])",
            _FLAGS), _weekday_night_handler),
        # "from Sunday to Tuesday", "between Monday and Wednesday", "du dimanche au mardi", "entre lundi et mardi",
        # "overnight Saturday into Sunday", "Sunday night into Monday".
        _Rule("weekday_range", re.compile(
            rf"(?<![\w-])(?:(?:from|between|du|de|entre)\s+(?:le\s+)?|overnight\s+(?:from\s+)?)?(?P<w1>{weekday})"
            rf"(?:\s+(?:night|nuit|evening|soir))?\s*(?:to|into|through|until|and|au|à|et)\s*(?:le\s+)?(?P<w2>{weekday})(?![\w-])",
            _FLAGS), _weekday_range_handler),
        # "overnight Saturday", "overnight on Tuesday": the night that follows that day.
        _Rule("weekday_overnight", re.compile(
            rf"(?<![\w-])overnight\s+(?:on\s+)?(?P<w1>{weekday})(?:\s+night)?(?![\w-])", _FLAGS),
            _weekday_overnight_handler),
        # "on Tuesday", "last Tuesday", "mardi", "mardi dernier", "Tuesday night".
        _Rule("weekday", re.compile(
            rf"(?<![\w-])(?:(?P<last>last|this\s+past|past)\s+|(?:on|this|early|late|earlier\s+on)\s+)?(?P<w>{weekday})"
            rf"(?:\s+(?P<dernier>dernier|passé))?"
            rf"(?:\s+(?:morning|afternoon|evening|night|matin|après-midi|soir|soirée|nuit)(?:\s+(?:dernier|passé))?)?(?![\w-])",
            _FLAGS), _weekday_handler),
    ]


# Relative expressions: (resolver name, regex, the words that anchor it). Each runs only in a
# short stretch around one of its anchor words, which keeps find_dates fast.
_RELATIVE_PHRASES: list[tuple[str, str, str]] = [
    ("statistic_year",
     r"so\s+far\s+this\s+year|since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year|year[\s-]to[\s-]date|"
     rf"(?:depuis\s+le\s+début\s+de\s+l{_APOS}année|depuis\s+janvier)(?:\s+en\s+cours)?|so\s+far\s+in\s+(?:20\d\d)",
     "year année janvier far"),
    ("day_before_yesterday", r"(?:the\s+)?day\s+before\s+yesterday|avant[\s-]hier", "yesterday hier"),
    ("today",
     rf"(?:earlier|later)\s+today|today|this\s+(?:morning|afternoon|evening)|tonight|aujourd{_APOS}hui|ce\s+matin|"
     r"cet\s+après-midi|ce\s+soir|en\s+début\s+de\s+journée|dans\s+la\s+journée",
     "today morning afternoon evening tonight aujourd matin après soir journée"),
    ("overnight", r"overnight|last\s+night|la\s+nuit\s+dernière|cette\s+nuit|dans\s+la\s+nuit(?!\s+(?:du|de|d['’]))",
     "overnight night nuit"),
    ("yesterday", r"yesterday(?:\s+(?:morning|afternoon|evening|night))?|hier(?:\s+(?:matin|après-midi|soir|soirée))?",
     "yesterday hier"),
    ("last_week",
     r"(?:earlier\s+|late\s+|early\s+)?last\s+week|la\s+semaine\s+(?:dernière|passée)|"
     r"(?:en\s+)?(?:début|fin)\s+de\s+semaine\s+(?:dernière|passée)",
     "week semaine"),
    ("this_week", r"(?:earlier\s+|early\s+)?this\s+week|cette\s+semaine|en\s+début\s+de\s+semaine", "week semaine"),
    ("past_week",
     r"(?:in|over|during)\s+the\s+(?:past|last)\s+(?:week|seven\s+days|few\s+days)|in\s+recent\s+days|"
     r"ces\s+derniers\s+jours|au\s+cours\s+des\s+derniers\s+jours|a\s+few\s+days\s+ago|il\s+y\s+a\s+quelques\s+jours",
     "week days jours"),
    ("last_weekend", r"(?:this\s+past\s+|last\s+)weekend|le\s+week-?end\s+dernier|le\s+week-?end\s+passé", "weekend week"),
    ("weekend", r"(?:over|during|on|at)\s+the\s+weekend|this\s+weekend|the\s+weekend|ce\s+week-?end|le\s+week-?end|"
                r"(?:au\s+cours|lors)\s+du\s+week-?end",
     "weekend week"),
    ("last_month", r"(?:earlier\s+|late\s+|early\s+)?last\s+month|le\s+mois\s+(?:dernier|passé)", "month mois"),
    ("this_month", r"(?:earlier\s+|early\s+)?this\s+month|ce\s+mois(?:-ci)?|le\s+mois\s+en\s+cours", "month mois"),
    ("last_year", rf"(?:earlier\s+|late\s+|early\s+)?last\s+year|l{_APOS}an(?:née)?\s+(?:dernière|dernier|passée?)",
     "year an année"),
    ("this_year", r"(?:earlier\s+|early\s+)?this\s+year|cette\s+année", "year année"),
    ("ago",
     rf"(?P<n>{NUMBER_PATTERN}|a|an|one)\s+(?P<unit>day|week|month|year)s?\s+ago|"
     rf"il\s+y\s+a\s+(?P<nfr>{NUMBER_PATTERN})\s+(?P<unitfr>jours?|semaines?|mois|ans|années?)",
     "ago jour jours semaine semaines mois an ans année années"),
]


@dataclass(frozen=True)
class _RelativePhrase:
    name: str
    pattern: re.Pattern[str]


_RELATIVE_BY_ANCHOR: dict[str, list[_RelativePhrase]] = {}
for _name, _regex, _anchor_words in _RELATIVE_PHRASES:
    _phrase = _RelativePhrase(_name, re.compile(rf"(?<![\w-])(?:{_regex})(?![\w-])", _FLAGS))
    for _word in _anchor_words.split():
        _RELATIVE_BY_ANCHOR.setdefault(_word, []).append(_phrase)
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")
_YEAR_TOKEN_RE = re.compile(r"(?:19|20)\d\d")
# How far a relative phrase reaches left / right of its anchor word ("the day before yesterday").
_RELATIVE_REACH = 40
# A year-less date this many days after publication or fewer is a day to come, not last year's.
_FUTURE_DAYS = 31
# A day and month in figures with no year ("on 22/06", "le 19/07"): read only after a word that
# introduces a date, so "4/5 wounded" and "24/7" stay numbers. Day first, as for "31/12/2020".
_NUMERIC_DM = re.compile(
    rf"(?<![\w-])(?:on|le|du|au|dated|daté|datée|since|depuis|until|jusqu['’]au|(?:morning|afternoon|evening|night)\s+of|"
    rf"{_alternation({**_EN_WEEKDAYS, **_FR_WEEKDAYS})})\s+(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})(?![/.]?\d)", _FLAGS)
# Which anchor words each rule needs near it.
_RULE_ANCHORS: dict[str, str] = {
    "range_dm": "month", "range_md": "month", "day_month": "month", "month_day": "month",
    "month_year": "month", "month_bare": "month", "numeric_dmy": "year", "numeric_ymd": "year",
    "year": "year", "weekday_night": "weekday", "weekday_range": "weekday", "weekday_overnight": "weekday",
    "weekday": "weekday",
}
# How far (characters) each rule's matches can reach left / right of their anchor word: the
# leading words of "on the night of 9 to 10 March" lie up to ~50 characters before "March".
_RULE_REACH: dict[str, tuple[int, int]] = {
    "range_dm": (64, 40), "range_md": (36, 44), "day_month": (36, 36), "month_day": (30, 36),
    "month_year": (30, 32), "month_bare": (40, 12), "numeric_dmy": (10, 12), "numeric_ymd": (2, 16),
    "year": (36, 36), "weekday_night": (44, 30), "weekday_range": (24, 30), "weekday_overnight": (16, 16),
    "weekday": (24, 36),
}


# --- calendar helpers ---------------------------------------------------------------------


def precision_of_span(start: dt.date, end: dt.date) -> DatePrecision:
    """Precision of an interval from its length: two calendar days or fewer is "day", etc."""
    days = (end - start).days
    if days <= 1:
        return "day"
    if days <= 7:
        return "week"
    if days <= 31:
        return "month"
    return "year"


def _month_interval(year: int, month: int) -> DateInterval:
    last = calendar.monthrange(year, month)[1]
    return DateInterval(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _year_interval(year: int) -> DateInterval:
    return DateInterval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _day_interval(day: dt.date) -> DateInterval:
    return DateInterval(day, day, "day")


def _clip(interval: DateInterval, published: dt.date | None) -> DateInterval | None:
    """The part of ``interval`` on or before publication; None when it all lies after."""
    if published is None or interval.end <= published:
        return interval
    if interval.start > published:
        return None
    return DateInterval(interval.start, published, interval.precision)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _month_number(text: str, lexicon: _Lexicon) -> int | None:
    """The month a matched month word names, or None when it is a lowercase English word ("may")."""
    word = text.rstrip(".")
    key = word.lower()
    if key in _LOWERCASE_WORDS and key not in _FR_MONTHS and not word[0].isupper():
        return None
    return lexicon.months.get(key)


def _year_for(month: int, day: int, published: dt.date | None) -> int | None:
    """Publication year, or the year before when the date would fall after publication; None for a date
    that falls up to ``_FUTURE_DAYS`` after publication, which names a day to come ("the vote on 12 May"
    in a report of 25 April), not one of last year."""
    if published is None:
        return None
    this_year = _safe_date(published.year, month, day)
    if this_year is not None and published < this_year <= published + dt.timedelta(days=_FUTURE_DAYS):
        return None
    candidate = this_year or _safe_date(published.year - 1, month, day)
    if candidate is None:
        return None
    return published.year if candidate <= published and candidate.year == published.year else published.year - 1


# A capitalised noun and "of" right before a date make it a name: "Movement of June 5", "Mouvement du 5 juin".
_NAME_BEFORE = re.compile(r"\b(?:Movement|Mouvement|Front|Coalition|Brigade|Alliance|Group|Groupe|Platform|"
                          r"Plateforme|Revolution|Révolution|Martyrs|Battalion|Bataillon)s?\s+(?:of|du|des|de)\s+(?:the\s+)?$")


def _is_name(match: re.Match[str]) -> bool:
    """True when the word after a date makes it part of a name ("March 23 Movement"), or the words before it
    do ("Movement of June 5")."""
    tail = match.groupdict().get("tail")
    if bool(tail) and tail.strip().lower() in _NAME_NOUNS:
        return True
    return bool(_NAME_BEFORE.search(match.string[max(0, match.start() - 40):match.start()]))


def _end_without_tail(match: re.Match[str]) -> int:
    return match.start("tail") if match.groupdict().get("tail") else match.end()


def _mention(match: re.Match[str], interval: DateInterval, kind: str, end: int | None = None) -> DateMention:
    stop = match.end() if end is None else end
    return DateMention(match.start(), stop, match.string[match.start(): stop], interval, kind)


def _acled_widened(interval: DateInterval, match: re.Match[str], published: dt.date | None) -> DateInterval:
    """ACLED's "(week of)" / "(month of)" after a date: the date is only known to that precision. ACLED
    codes the date it names with that precision (time precision 2 / 3), so the interval keeps that date
    and says the precision."""
    widen = match.groupdict().get("acled")
    if not widen:
        return interval
    return DateInterval(interval.start, interval.end, "month" if widen.lower() == "month" else "week")


# --- handlers: absolute -------------------------------------------------------------------


def _day_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    if _is_name(match):
        return []
    month = _month_number(match.group("m"), lexicon)
    if month is None:
        return []
    day = _day_number(match.group("d"))
    year = int(match.group("y")) if match.group("y") else _year_for(month, day, published)
    date = _safe_date(year, month, day) if year is not None else None
    if date is None:
        return []
    interval = _acled_widened(_day_interval(date), match, published)
    return [_mention(match, interval, "absolute", _end_without_tail(match))]


def _range_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    if _is_name(match):
        return []
    month_text = match.group("m2") or match.group("m1")
    month2 = _month_number(month_text, lexicon)
    month1 = _month_number(match.group("m1"), lexicon) if match.group("m1") else month2
    if month1 is None or month2 is None:
        return []
    day1, day2 = _day_number(match.group("d1")), _day_number(match.group("d2"))
    year_text = match.group("y2") or match.group("y1")
    if year_text:
        year2 = int(year_text)
        year1 = int(match.group("y1")) if match.group("y1") else (year2 - 1 if month1 > month2 else year2)
    else:
        # The year comes from the first day: a range that began before publication may end after it
        # (the end is clipped to publication by find_dates).
        year1 = _year_for(month1, day1, published)
        if year1 is None:
            return []
        year2 = year1 + 1 if month2 < month1 else year1
    first, last = _safe_date(year1, month1, day1), _safe_date(year2, month2, day2)
    if first is None or last is None or last < first or (last - first).days > 62:
        return []
    interval = DateInterval(first, last, precision_of_span(first, last))
    interval = _acled_widened(interval, match, published)
    return [_mention(match, interval, "range", _end_without_tail(match))]


def _numeric_dmy_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("y"))
    # Day first (the convention outside the US, and of every source we read), unless impossible.
    day, month = (second, first) if second > 12 >= first else (first, second)
    date = _safe_date(year, month, day)
    return [_mention(match, _day_interval(date), "absolute")] if date else []


def _numeric_ymd_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    date = _safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    return [_mention(match, _day_interval(date), "absolute")] if date else []


def _month_year_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    if _is_name(match):
        return []
    month = _month_number(match.group("m"), lexicon)
    if month is None:
        return []
    interval = _month_interval(int(match.group("y")), month)
    return [_mention(match, interval, "month", _end_without_tail(match))]


def _month_bare_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    month = _month_number(match.group("m"), lexicon)
    if month is None or published is None:
        return []
    lead = match.group("lead").lower()
    year = published.year if month <= published.month else published.year - 1
    if lead.startswith("last") and month == published.month:
        year -= 1  # "last May" written in May means a year ago
    interval = _clip(_month_interval(year, month), published)
    return [_mention(match, interval, "month")] if interval else []


def _years_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    """One mention per year: "in both 2015 and 2016" is two year mentions."""
    mentions = []
    offset = match.start("years")
    for year_match in re.finditer(_YEAR, match.group("years")):
        year = int(year_match.group(0))
        interval = _clip(_year_interval(year), published)
        if interval is None:
            continue
        start = match.start() if year_match.start() == 0 else offset + year_match.start()
        end = offset + year_match.end()
        mentions.append(DateMention(start, end, match.string[start:end], interval, "year"))
    return mentions


# --- handlers: relative -------------------------------------------------------------------


def _weekday_on_or_before(weekday: int, published: dt.date, strictly_before: bool) -> dt.date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return published - dt.timedelta(days=back)


def _weekday_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    if published is None:
        return []
    word = match.group("w")
    if word.lower() in _EN_WEEKDAYS and not word[0].isupper():
        return []  # English weekdays are capitalised; a lowercase one is likely not a date
    before = match.string[max(0, match.start() - 12): match.start()].lower()
    after = match.string[match.end(): match.end() + 10].lower()
    if re.search(r"\b(?:next|coming|prochain)\s*$", before) or re.match(r"\s*(?:prochain|next)\b", after):
        return []  # future days are never event dates
    strictly_before = bool(match.group("last") or match.group("dernier"))
    day = _weekday_on_or_before(lexicon.weekdays[word.lower()], published, strictly_before)
    return [_mention(match, _day_interval(day), "relative")]


def _weekday_night_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    if published is None:
        return []
    second = _weekday_on_or_before(lexicon.weekdays[match.group("w2").lower()], published, False)
    gap = (lexicon.weekdays[match.group("w2").lower()] - lexicon.weekdays[match.group("w1").lower()]) % 7
    first = second - dt.timedelta(days=gap or 1)
    return [_mention(match, DateInterval(first, second, precision_of_span(first, second)), "relative")]


def _weekday_range_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    """"from Sunday to Tuesday", "overnight Saturday into Sunday": the days from the first to the second, the
    second the most recent such day on or before publication."""
    if published is None or not all(_weekday_word(match.group(g)) for g in ("w1", "w2")):
        return []
    if re.match(r"\s*(?:next|coming|prochaine?)\b", match.string[match.end():match.end() + 12], re.IGNORECASE):
        # "from Monday to Friday next week": days to come, found so that its words are not read as past days
        # ("Monday"), then dropped with every interval that starts after publication
        w1, w2 = (lexicon.weekdays[match.group(g).lower()] for g in ("w1", "w2"))
        first = published + dt.timedelta(days=(w1 - published.weekday()) % 7 or 7)
        last = first + dt.timedelta(days=(w2 - w1) % 7)
        return [_mention(match, DateInterval(first, last, precision_of_span(first, last)), "relative")]
    return _weekday_night_handler(match, published, lexicon)


def _weekday_overnight_handler(match: re.Match[str], published: dt.date | None,
                               lexicon: _Lexicon) -> list[DateMention]:
    """"overnight Saturday": the night from that day into the next (ending at publication at the latest)."""
    if published is None or not _weekday_word(match.group("w1")):
        return []
    first = _weekday_on_or_before(lexicon.weekdays[match.group("w1").lower()], published, False)
    return [_mention(match, DateInterval(first, min(first + dt.timedelta(days=1), published), "day"), "relative")]


def _weekday_word(word: str) -> bool:
    """English weekdays are capitalised: a lowercase one is likely not a date ("a sunday school")."""
    return word.lower() not in _EN_WEEKDAYS or word[0].isupper()


def _relative_interval(name: str, match: re.Match[str], published: dt.date) -> DateInterval | None:
    one_day = dt.timedelta(days=1)
    if name == "today":
        return _day_interval(published)
    if name == "yesterday":
        return _day_interval(published - one_day)
    if name == "day_before_yesterday":
        return _day_interval(published - 2 * one_day)
    if name == "overnight":
        return DateInterval(published - one_day, published, "day")
    if name == "last_week":
        monday = _monday(published) - 7 * one_day
        return DateInterval(monday, monday + 6 * one_day, "week")
    if name == "this_week":
        return DateInterval(_monday(published), published, "week")
    if name == "past_week":
        return DateInterval(published - 7 * one_day, published, "week")
    if name in ("weekend", "last_weekend"):
        # Most recent Sunday on or before publication (strictly before for "last weekend").
        sunday = _weekday_on_or_before(6, published, strictly_before=name == "last_weekend")
        if name == "weekend" and published.weekday() == 5:
            return DateInterval(published, published, "day")
        return DateInterval(sunday - one_day, sunday, "day")
    if name == "last_month":
        first_this_month = published.replace(day=1)
        previous = first_this_month - one_day
        return _month_interval(previous.year, previous.month)
    if name == "this_month":
        return DateInterval(published.replace(day=1), published, "month")
    if name == "last_year":
        return _year_interval(published.year - 1)
    if name in ("this_year", "statistic_year"):
        return DateInterval(dt.date(published.year, 1, 1), published, "year")
    if name == "ago":
        return _ago_interval(match, published)
    return None


def _ago_interval(match: re.Match[str], published: dt.date) -> DateInterval | None:
    """"three weeks ago", "il y a trois jours": the day/week/month/year that far back."""
    count = parse_number(match.group("n") or match.group("nfr"))
    unit = (match.group("unit") or match.group("unitfr")).lower()
    if count is None or count > 400:
        return None
    if unit.startswith(("day", "jour")):
        return _day_interval(published - dt.timedelta(days=count))
    if unit.startswith(("week", "semaine")):
        monday = _monday(published - dt.timedelta(days=7 * count))
        return DateInterval(monday, min(monday + dt.timedelta(days=6), published), "week")
    if unit.startswith(("month", "mois")):
        month_index = published.year * 12 + published.month - 1 - count
        return _month_interval(month_index // 12, month_index % 12 + 1)
    return _year_interval(published.year - count)


def _relative_mentions(text: str, anchors: list[tuple[int, int, str]], published: dt.date) -> Iterator[DateMention]:
    """Relative expressions found around their anchor words, each (phrase, span) once."""
    seen: set[tuple[str, int, int]] = set()
    for anchor_start, anchor_end, word in anchors:
        window_start = max(0, anchor_start - _RELATIVE_REACH)
        window_end = _word_end(text, min(len(text), anchor_end + _RELATIVE_REACH))
        for phrase in _RELATIVE_BY_ANCHOR[word]:
            for match in phrase.pattern.finditer(text, window_start, window_end):
                key = (phrase.name, match.start(), match.end())
                if key in seen:
                    continue
                seen.add(key)
                interval = _relative_interval(phrase.name, match, published)
                if interval is not None:
                    kind = "statistic-period" if phrase.name == "statistic_year" else "relative"
                    yield _mention(match, interval, kind)


# --- public API ---------------------------------------------------------------------------

_RULES: dict[str | None, list[_Rule]] = {
    lang: _build_rules(*words) for lang, words in _LEXICONS.items()
}
_LEXICON_OBJECTS: dict[str | None, _Lexicon] = {lang: _Lexicon(*words) for lang, words in _LEXICONS.items()}


def _language_key(language: str | None) -> str | None:
    if not language:
        return None
    key = language.lower()[:2]
    return key if key in ("en", "fr") else None


def find_dates(text: str, published: dt.date | None, language: str | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in text order, each resolved to an interval.

    ``published`` is the report's publication date: relative and year-less dates resolve against
    it and no interval ends after it. ``language`` ("en", "fr") narrows the month and weekday
    names; None reads both. Overlapping readings keep the longest ("Tuesday, 4 May 2021" over
    "Tuesday"). See the module docstring for each rule.
    """
    key = _language_key(language)
    lexicon = _LEXICON_OBJECTS[key]
    anchors, relative_anchors = _anchors(text, lexicon)
    candidates: list[DateMention] = []
    # year-less matches ("on 10 November"), to read again beside a date with a year
    yearless: list[tuple[_Rule, re.Match[str], list[DateMention]]] = []
    if relative_anchors and published is not None:
        candidates.extend(_relative_mentions(text, relative_anchors, published))
    review = published is not None and _REVIEW_LEAD.search(text[:_REVIEW_LEAD_CHARS]) is not None
    for rule in _RULES[key]:
        spans = anchors.get(_RULE_ANCHORS[rule.name])
        if not spans:
            continue
        seen: set[tuple[int, int]] = set()
        for window_start, window_end in _merged_windows(text, spans, *_RULE_REACH[rule.name]):
            for match in rule.pattern.finditer(text, window_start, window_end):
                if match.span() not in seen:
                    seen.add(match.span())
                    # a review of last year ("The past year showed ... in January"): its bare months are last year's
                    reference = dt.date(published.year - 1, 12, 31) if review and rule.name == "month_bare" else published
                    found = rule.handler(match, reference, lexicon)
                    if published is not None and rule.name in _YEARLESS_RULES and not _has_year(match):
                        yearless.append((rule, match, found))
                    else:
                        candidates.extend(found)
    if published is not None and "/" in text:
        for match in _NUMERIC_DM.finditer(text):
            yearless.append((_NUMERIC_DM_RULE, match, _numeric_dm_handler(match, published, lexicon)))
    candidates.extend(_in_context_year(yearless, candidates, lexicon))
    mentions = _without_overlaps(candidates)
    dateline = _dateline(text, mentions)
    if dateline is not None:
        day = dateline.interval.start
        if published is None or day < published <= day + dt.timedelta(days=7):
            # the day the report was filed: "on Tuesday", "overnight" are read against it
            return find_dates(text, day, language)
        mentions = [replace(m, kind="dateline") if m is dateline else m for m in mentions]
    if published is not None:
        mentions = [m for m in mentions if m.interval.start <= published]
        mentions = [m if m.interval.end <= published else _clipped_mention(m, published) for m in mentions]
    return mentions


# A dateline: the place (and country or agency), a comma, the date, the agency, a dash: "BAMAKO, 12 mars
# 2020 (AFP) -", "GAO, Mali, May 3 (Reuters) —".
_DATELINE_BEFORE = re.compile(
    r"^\s*[A-ZÀ-Ý][\w'’. -]{0,40}(?:\([^)]{1,30}\))?(?:,\s*[A-ZÀ-Ý][\w'’. -]{0,30})?,\s*(?:le\s+)?$")
_DATELINE_AFTER = re.compile(r"^\s*(?:\([^)]{1,30}\)\s*)?(?:--|[-–—:|])")


def _dateline(text: str, mentions: list[DateMention]) -> DateMention | None:
    """The day named by the report's dateline, if it opens on one: the publication day, not an event's."""
    if not mentions or mentions[0].start > 80 or mentions[0].interval.precision != "day" \
            or mentions[0].kind not in ("absolute", "relative"):
        return None
    first = mentions[0]
    if _DATELINE_BEFORE.match(text[:first.start]) and _DATELINE_AFTER.match(text[first.end:first.end + 40]):
        return first
    return None


# A lead that opens a review of the year before: "The past year showed", "2016 in review", "L'année écoulée a vu".
_REVIEW_LEAD = re.compile(r"\b(?:the\s+past\s+year|last\s+year|(?:l['’]|au\s+cours\s+de\s+l['’])ann[ée]e\s+"
                          r"(?:derni[èe]re|[ée]coul[ée]e)|l['’]an\s+dernier)\b", re.IGNORECASE)
_REVIEW_LEAD_CHARS = 40  # the opening words: "since last year" later in a report says nothing of its months
_YEARLESS_RULES = {"range_dm", "range_md", "day_month", "month_day"}
# How near a year-less date must fall to the dated mention before it to take that mention's year.
_CONTEXT_DAYS = 62


def _has_year(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    return bool(groups.get("y") or groups.get("y1") or groups.get("y2"))


def _in_context_year(
    yearless: list[tuple[_Rule, re.Match[str], list[DateMention]]], dated: list[DateMention], lexicon: _Lexicon
) -> Iterator[DateMention]:
    """Year-less dates, each read in the year of the nearest day-precise date with a year before it in the
    text when that puts it within ``_CONTEXT_DAYS`` of that date ("On 5 November 2019, gunmen abducted
    a health worker. He was released on November 10": 10 November 2019, whenever the report came out);
    otherwise as read against publication."""
    with_year = sorted((m for m in dated if m.kind in ("absolute", "range") and re.search(_YEAR, m.phrase)),
                       key=lambda m: m.start)
    for rule, match, found in yearless:
        before = [m for m in with_year if m.end <= match.start()]
        if before:
            anchor = before[-1].interval.start
            again = rule.handler(match, anchor + dt.timedelta(days=183), lexicon)
            if again and abs((again[0].interval.start - anchor).days) <= _CONTEXT_DAYS:
                yield from again
                continue
        yield from found


def _numeric_dm_handler(match: re.Match[str], published: dt.date | None, lexicon: _Lexicon) -> list[DateMention]:
    first, second = int(match.group("a")), int(match.group("b"))
    day, month = (second, first) if second > 12 >= first else (first, second)
    if not 1 <= month <= 12:
        return []
    year = _year_for(month, day, published)
    date = _safe_date(year, month, day) if year is not None else None
    if date is None:
        return []
    start = match.start("a")
    return [DateMention(start, match.end(), match.string[start:match.end()], _day_interval(date), "absolute")]


_NUMERIC_DM_RULE = _Rule("numeric_dm", _NUMERIC_DM, _numeric_dm_handler)


def _anchors(
    text: str, lexicon: _Lexicon
) -> tuple[dict[str, list[tuple[int, int]]], list[tuple[int, int, str]]]:
    """Where the month, weekday and year words are (per anchor kind), and the words that anchor
    relative expressions.

    Running each rule only there, rather than over the whole text, is what keeps find_dates fast:
    most of a report holds no date word at all.
    """
    anchors: dict[str, list[tuple[int, int]]] = {}
    relative_anchors: list[tuple[int, int, str]] = []
    for token in _TOKEN_RE.finditer(text):
        word = token.group(0).lower()
        if word in lexicon.months:
            anchors.setdefault("month", []).append(token.span())
        elif word in lexicon.weekdays:
            anchors.setdefault("weekday", []).append(token.span())
        elif len(word) == 4 and _YEAR_TOKEN_RE.fullmatch(word):
            anchors.setdefault("year", []).append(token.span())
        if word in _RELATIVE_BY_ANCHOR:
            relative_anchors.append((token.start(), token.end(), word))
    return anchors, relative_anchors


def _merged_windows(text: str, spans: list[tuple[int, int]], left: int, right: int) -> list[tuple[int, int]]:
    """Stretches ``left``/``right`` characters around each span, merged where they touch."""
    windows: list[tuple[int, int]] = []
    for start, end in spans:
        window_start = max(0, start - left)
        window_end = _word_end(text, min(len(text), end + right))
        if windows and window_start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], window_end))
        else:
            windows.append((window_start, window_end))
    return windows


def _word_end(text: str, position: int) -> int:
    """``position`` moved right to the end of the word it falls in, so no window cuts a word."""
    while position < len(text) and not text[position].isspace():
        position += 1
    return position


def _clipped_mention(mention: DateMention, published: dt.date) -> DateMention:
    interval = DateInterval(mention.interval.start, published, mention.interval.precision)
    return DateMention(mention.start, mention.end, mention.phrase, interval, mention.kind)


def _without_overlaps(candidates: list[DateMention]) -> list[DateMention]:
    ordered = sorted(enumerate(candidates), key=lambda item: (-(item[1].end - item[1].start), item[0]))
    kept: list[DateMention] = []
    for _, mention in ordered:
        if all(mention.end <= other.start or other.end <= mention.start for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda mention: mention.start)


def resolve_date(phrase: str, published: dt.date | None, language: str | None = None) -> DateInterval | None:
    """The interval one date phrase means, or None when it is not a date (or needs ``published``).

    Uses :func:`find_dates`' rules first; for an absolute phrase they do not read ("the 5th day of
    May, 2020") falls back to dateparser, never for relative phrases.
    """
    mentions = [m for m in find_dates(phrase, published, language) if m.kind != "statistic-period"]
    if mentions:
        return mentions[0].interval
    return _dateparser_fallback(phrase, published, language)


def _dateparser_fallback(phrase: str, published: dt.date | None, language: str | None) -> DateInterval | None:
    # Only phrases with a four-digit year: dateparser's relative readings are not to be trusted.
    if not re.search(_YEAR, phrase):
        return None
    import dateparser  # slow to import (~0.5 s): only when a phrase needs it

    languages = [_language_key(language)] if _language_key(language) else ["en", "fr"]
    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True,
                "DATE_ORDER": "DMY"}
    try:
        parsed = dateparser.parse(phrase, languages=languages, settings=settings)
    except (ValueError, TypeError, OverflowError) as error:  # dateparser raises on odd input
        logger.debug("dateparser could not read %r: %s", phrase, error)
        return None
    if parsed is None:
        return None
    interval = _day_interval(parsed.date())
    return _clip(interval, published)
