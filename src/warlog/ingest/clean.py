"""Text helpers shared by every ingest reader: body cleaning, stable ids, decoding, dates, language.

Everything here works on strings or bytes already in memory; the readers (jsonl, text, html, feed)
decide how much to read. `make_report` is the one place a Report is built, so every format gets the
same cleaning, id, language and default rules.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import hashlib
import logging
import os
import re
import unicodedata
from dataclasses import dataclass

from warlog.errors import InputError
from warlog.records import Report

logger = logging.getLogger(__name__)

__all__ = [
    "IngestOptions",
    "UnreadableInput",
    "clean_body",
    "decode_bytes",
    "describe_binary",
    "guess_language",
    "make_report",
    "normalise_for_id",
    "normalise_language",
    "optional_str",
    "parse_published",
    "read_bounded",
    "report_id",
    "size_in_mb",
    "too_long_reason",
]


class UnreadableInput(InputError):
    """One file or line cannot become a Report.

    The message is the Skipped reason: one line that says what is wrong and what to do; the file
    (and line) it concerns travels beside it as Skipped.source, so the message does not repeat it.
    """


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """The caller's defaults for fields an input does not carry, and the size limit."""

    published: dt.date | None = None
    outlet: str | None = None
    language: str | None = None
    max_chars: int = 2_000_000


# --- stable ids -------------------------------------------------------------------------------


def normalise_for_id(text: str) -> str:
    """NFC, every run of whitespace one space, stripped: layout changes must not change an id."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def report_id(text: str, url: str | None) -> str:
    """Stable id: first 16 hex chars of sha256(url + "\\n" + normalised text); a missing url counts as ""."""
    key = (url or "") + "\n" + normalise_for_id(text)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# --- article body cleaning --------------------------------------------------------------------

# A line that opens a readers' comments section: "2 Comments", "12 comments", "One comment",
# "Leave a Reply", "Commentaires", "3 réactions", "5 thoughts on “Title”". Everything from it on is cut.
_COMMENTS_HEADER = re.compile(
    r"""^(?:
        (?:\d[\d,.\s]*|no|one|zero)\s*(?:comments?|commentaires?|réactions?|responses?|replies|thoughts?\ on\b.*)
      | (?:comments?|commentaires?|réactions?)(?:\s*\(\d+\))?
      | leave\ a\ (?:reply|comment)(?:\ to\ .*)?
      | (?:post|add|write)\ (?:a|your)\ comment
      | laisser\ un\ commentaire | laissez\ un\ commentaire | ajouter\ un\ commentaire
      | join\ the\ (?:discussion|conversation)
      | show\ comments | view\ comments
    )\s*:?$""",
    re.IGNORECASE | re.VERBOSE,
)

# Phrases that only appear in appeals for money or sign-ups. A paragraph holding one is dropped,
# unless it also reads like event reporting (see _EVENT_WORDS): being conservative matters more here.
_APPEAL = re.compile(
    r"""(?:
        one-time\ or\ monthly\ donation | tax-deductible\ donation | make\ a\ donation | donate\ (?:now|today)
      | support\ (?:our|independent)\ (?:independent\ )?(?:journalism|reporting|work|newsroom)
      | subscribe\ (?:to\ )?(?:our|the)\ newsletter | sign\ up\ (?:for|to)\ (?:our|the)\ newsletter
      | become\ a\ (?:member|patron|subscriber|supporter)\b
      | ^soutenez\b | faites\ un\ don | abonnez-vous\ à\ (?:notre|la)\ (?:newsletter|lettre)
      | inscrivez-vous\ à\ (?:notre|la)\ (?:newsletter|lettre)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Words of event reporting; a paragraph with one is never dropped as an appeal.
_EVENT_WORDS = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|wound(?:ed|ing)|injur(?:ed|ies|ing)|attack(?:ed|s)?|ambush(?:ed)?|clash(?:ed|es)?"
    r"|explosions?|bomb(?:ed|ing|s)?|abduct(?:ed|ion)?|kidnapp(?:ed|ing)|shot|fighting|dead"
    r"|tué(?:e|s|es)?|bless(?:é|és|ée|ées)|attaques?|attaqué|embuscade|affrontements?|enlev(?:é|és|ement)|morts?)\b",
    re.IGNORECASE,
)

# A short line ending in ":" that introduces pictures ("Photos released by JNIM:", "Watch the video:").
# The picture word must come within the first three words, and a comma or "said" means the line
# introduces a quote ("In a video released on Monday, the group said:"), which is kept.
_PHOTO_INTRO = re.compile(
    r"^(?:\w+\s+){0,2}(?:photos?|pictures?|images?|videos?|vidéos?|gallery|galerie|slideshow|diaporama)\b"
    r"(?!.*\b(?:said|says|say|stated|reads?|declared|a déclaré|déclare|dit)\b)[^,;.!?]{0,60}:$",
    re.IGNORECASE,
)

# A photo credit line ("Photo: AFP", "Photo credit: Reuters/X", "Crédit photo : DR").
_PHOTO_CREDIT = re.compile(
    r"^(?:(?:photo|image|picture)\s*(?:credits?|crédits?)?|crédits?\s+photos?|credits?)\s*:\s*\S.{0,80}$",
    re.IGNORECASE,
)


# Every _APPEAL phrase holds one of these; checking them first keeps the regex off ordinary lines.
_APPEAL_HINT = re.compile("donat|support|subscribe|sign up|become a|soutenez|un don|abonnez|inscrivez")


def _is_appeal(paragraph: str) -> bool:
    if not _APPEAL_HINT.search(paragraph.lower()):
        return False
    return bool(_APPEAL.search(paragraph)) and not _EVENT_WORDS.search(paragraph)


def _is_caption(line: str) -> bool:
    # A credit line can carry a whole caption; one that describes an attack is kept.
    return bool(_PHOTO_INTRO.match(line)) or (bool(_PHOTO_CREDIT.match(line)) and not _EVENT_WORDS.search(line))


def clean_body(text: str) -> str:
    """The article body only: cut a trailing comments section, drop appeals and photo captions.

    Works line by line (each non-blank line is treated as a paragraph, which is what plain-text and
    JSONL bodies hold) and keeps the remaining lines as they were. Conservative: a comments header
    is only honoured after some body text, and a paragraph that mentions killing, attacks, clashes etc.
    is never dropped as an appeal.
    """
    kept: list[str] = []
    seen_body = False
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.strip()
        if not line:
            kept.append("")
            continue
        if seen_body and _COMMENTS_HEADER.match(line):
            break
        if _is_appeal(line) or _is_caption(line):
            continue
        kept.append(raw_line.rstrip())
        seen_body = True
    # Dropped lines leave blank runs behind: at most one blank line between paragraphs.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


# --- decoding ---------------------------------------------------------------------------------

_NOT_TEXT = ", not text: only text reports can be ingested"
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image" + _NOT_TEXT),
    (b"\xff\xd8\xff", "a JPEG image" + _NOT_TEXT),
    (b"GIF87a", "a GIF image" + _NOT_TEXT),
    (b"GIF89a", "a GIF image" + _NOT_TEXT),
    (b"%PDF-", "a PDF: convert it to text first (e.g. with pdftotext)"),
    (b"PK\x03\x04", "a zip archive (or .docx/.xlsx): unpack it or convert it to text first"),
    (b"\x1f\x8b", "gzip-compressed: decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed: decompress it first"),
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def describe_binary(sample: bytes) -> str | None:
    """What a file's first bytes say it is, when it is not text; None when it may be text."""
    for magic, reason in _MAGIC:
        if sample.startswith(magic):
            return reason
    if sample.startswith(_UTF16_BOMS):
        return None
    if b"\x00" in sample:
        return "binary data (it holds NUL bytes)" + _NOT_TEXT
    return None


def decode_bytes(data: bytes, source: str, *, declared: str | None = None) -> str:
    """Decode a report's bytes: the declared charset, else UTF-8 (BOM or not), else cp1252 with a warning.

    Raises UnreadableInput for bytes that are none of these, or that decode to control characters.
    """
    text = _decode_declared(data, declared) if declared else None
    if text is None:
        text = _decode_guessing(data, source)
    if text is None or _mostly_control(text):
        raise UnreadableInput("not readable text (neither UTF-8 nor cp1252): re-save it as UTF-8 text")
    return text


def _decode_declared(data: bytes, declared: str) -> str | None:
    # Browsers read "latin-1"/"ascii" pages as cp1252, and so do writers who declare them.
    name = declared.strip().lower()
    if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1"}:
        name = "cp1252"
    try:
        return data.decode("utf-8-sig" if name in {"utf-8", "utf8"} else name)
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_guessing(data: bytes, source: str) -> str | None:
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    logger.warning("%s: not UTF-8; read it as cp1252 (Windows Latin-1). Re-save it as UTF-8 to be sure.", source)
    return text


def _mostly_control(text: str) -> bool:
    # Real text has next to no C0 control characters; 1% of them means binary that happened to decode.
    sample = text[:65536]
    return len(_CONTROL_CHARS.findall(sample)) > max(2, len(sample) // 100)


def size_in_mb(n: int) -> str:
    """'50 MB', '2.3 MB', '0.019 MB': for messages (a character counts as a byte)."""
    megabytes = n / 1_000_000
    text = f"{megabytes:.1f}".removesuffix(".0") if megabytes >= 1 else f"{megabytes:.2g}"
    return f"{text} MB"


def too_long_reason(chars: int, max_chars: int) -> str:
    return (
        f"report is {size_in_mb(chars)}, over the {size_in_mb(max_chars)} limit: split it or pass --max-chars"
    )


# --- dates ------------------------------------------------------------------------------------


def parse_published(value: object) -> dt.date | None:
    """A publication date from ISO 8601 (date or datetime, 'Z' allowed) or RFC 2822; None if neither.

    A datetime becomes its own calendar date (not converted to UTC): the day the outlet printed.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


# --- language ---------------------------------------------------------------------------------

# Frequent words of one language that are rare in the other (no "a", "on", "en", "sur"-like overlaps).
_STOP_WORDS = {
    "en": frozenset("the and of in to was were is are that by with for from at this have has had which their".split()),
    "fr": frozenset("le la les des du de et un une est dans par pour au aux ont été qui que avec sont sur en ils".split()),
}
_LANGUAGE_OF_STOP_WORD = {word: language for language, words in _STOP_WORDS.items() for word in words}
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str | None:
    """'en' or 'fr' by counting stop words in the first 3,000 characters; None when they do not tell.

    Cheap on purpose: warlog's reports are English or French. The winner needs more than twice
    the other language's count (so one English stop word against no French one is enough: a short
    "On 3 May, gunmen killed a miner in Gao." still gets "en").
    """
    counts = dict.fromkeys(_STOP_WORDS, 0)
    for word in _WORD.findall(text[:3000].lower()):
        language = _LANGUAGE_OF_STOP_WORD.get(word)
        if language is not None:
            counts[language] += 1
    best, runner_up = sorted(counts, key=counts.__getitem__, reverse=True)
    if counts[best] > 2 * counts[runner_up]:
        return best
    return None


def normalise_language(value: object) -> str | None:
    """'fr-FR', 'FR', 'fr_CA' -> 'fr'; anything that is not a language tag -> None."""
    if not isinstance(value, str):
        return None
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


# --- building a Report ------------------------------------------------------------------------


def optional_str(value: object) -> str | None:
    """A field's value as a stripped string; numbers become strings; empty, null or structured -> None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return " ".join(value.split()) or None
    return None


def make_report(
    body: str,
    *,
    source: str,
    options: IngestOptions,
    given_id: str | None = None,
    url: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    outlet: str | None = None,
    language: str | None = None,
) -> Report | None:
    """The one way ingest builds a Report: clean the body, fill gaps from the options, give it an id.

    Returns None when nothing is left of the body after cleaning (the reader turns that into Skipped).
    """
    text = clean_body(body)
    if not text:
        return None
    return Report(
        id=given_id or report_id(text, url),
        text=text,
        url=url,
        outlet=outlet or options.outlet,
        title=title,
        published=published or options.published,
        language=language or normalise_language(options.language) or guess_language(text),
        source=source,
    )


# --- reading whole files ----------------------------------------------------------------------


def read_bounded(path: os.PathLike[str] | str, *, byte_limit: int, max_chars: int) -> bytes:
    """A whole file's bytes, after checking its size with stat, so an oversized file is never read.

    Raises UnreadableInput (naming the file and the limit) when the file is over byte_limit.
    """
    size = os.stat(path).st_size
    if size > byte_limit:
        raise UnreadableInput(too_long_reason(size, max_chars))
    with open(path, "rb") as handle:
        # Read at most one byte past the limit: the file may have grown since stat.
        data = handle.read(byte_limit + 1)
    if len(data) > byte_limit:
        raise UnreadableInput(too_long_reason(len(data), max_chars))
    return data
