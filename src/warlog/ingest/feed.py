"""RSS and Atom feed files: one report per item.

- text: the item's content (else its summary) with tags stripped, in paragraphs. A feed summary is a
  teaser that often leaves out what the headline says, so when the summary does not already contain
  the title, the title goes first as its own paragraph ("Title.\\n\\nSummary"). An item with neither
  is Skipped.
- title, url (the item's link), published (its published, else updated date, as the feed wrote it:
  not shifted to UTC); outlet is the feed's title, language the feed's language (else guessed).
- id: report_id(text, link); source: "feed.xml#3" for the third item.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any, Iterator

import feedparser

from warlog.ingest.clean import (
    IngestOptions,
    UnreadableInput,
    make_report,
    normalise_for_id,
    normalise_language,
    optional_str,
    parse_published,
    read_bounded,
    too_long_reason,
)
from warlog.ingest.html import MARKUP_OVERHEAD, fragment_text
from warlog.records import Report, Skipped

logger = logging.getLogger(__name__)

_SENTENCE_END = tuple(".!?…")


def read_feed(path: Path, source: str, options: IngestOptions) -> Iterator[Report | Skipped]:
    """A Report per feed item, in feed order; Skipped for an item with no text, or for a broken feed."""
    data = read_bounded(path, byte_limit=MARKUP_OVERHEAD * options.max_chars, max_chars=options.max_chars)
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.bozo:
            problem = " ".join(str(parsed.get("bozo_exception", "unknown error")).split())
            raise UnreadableInput(f"not a readable RSS/Atom feed ({problem}): check the file")
        raise UnreadableInput("a feed with no items: nothing to ingest")
    if parsed.bozo:
        logger.warning("%s: feed is not well-formed (%s); read what could be read", source, parsed.get("bozo_exception"))
    outlet = optional_str(parsed.feed.get("title"))
    language = normalise_language(parsed.feed.get("language"))
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_to_report(entry, f"{source}#{number}", options, outlet=outlet, language=language)


def _entry_to_report(
    entry: Any, where: str, options: IngestOptions, *, outlet: str | None, language: str | None
) -> Report | Skipped:
    title = optional_str(fragment_text(entry.get("title", ""))) if entry.get("title") else None
    text = item_text(title, _entry_body(entry))
    if not text:
        return Skipped(where, "feed item has no title or text: nothing to ingest")
    if len(text) > options.max_chars:
        return Skipped(where, too_long_reason(len(text), options.max_chars))
    report = make_report(
        text,
        source=where,
        options=options,
        url=optional_str(entry.get("link")),
        title=title,
        published=_entry_published(entry),
        outlet=outlet,
        language=normalise_language(entry.get("language")) or language,
    )
    return report or Skipped(where, "feed item holds only comments or appeals, no report")


def _entry_body(entry: Any) -> str:
    """The longest of the item's content blocks and its summary, as text."""
    fragments = [block.get("value", "") for block in entry.get("content", [])]
    fragments.append(entry.get("summary", ""))
    texts = [fragment_text(fragment) for fragment in fragments if fragment]
    return max(texts, key=len, default="")


def item_text(title: str | None, summary: str) -> str:
    """The summary, led by the title as a paragraph of its own when the summary lacks it."""
    if not title:
        return summary
    if normalise_for_id(title).lower() in normalise_for_id(summary).lower():
        return summary
    headline = title if title.endswith(_SENTENCE_END) else title + "."
    return f"{headline}\n\n{summary}" if summary else headline


def _entry_published(entry: Any) -> dt.date | None:
    for written, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        published = parse_published(entry.get(written))
        if published is not None:
            return published
        struct: time.struct_time | None = entry.get(parsed)
        if struct is not None:
            return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday)
    return None
