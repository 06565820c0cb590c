"""Plain-text files: the whole file is one report.

Published date, outlet and language come from the caller (the CLI's --published/--outlet/--language);
the language is guessed from the text when not given.

Title rule: the first non-blank line is taken as the title, and left out of the body, when it looks
like a headline: at most 150 characters, not ending in sentence punctuation (. ! ? … : ; ,), and
followed by more text. Otherwise there is no title and the whole file is the body.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterator

from warlog.ingest.clean import (
    IngestOptions,
    UnreadableInput,
    decode_bytes,
    make_report,
    read_bounded,
    too_long_reason,
)
from warlog.records import Report, Skipped

logger = logging.getLogger(__name__)

# UTF-8 spends at most 4 bytes on a character: a file over 4 x max_chars bytes is over for sure,
# and is rejected on its size alone without being read.
MAX_BYTES_PER_CHAR = 4
_TITLE_MAX_CHARS = 150
_SENTENCE_END = tuple(".!?…:;,")
_CLOSERS = "\"'”’»)]"


def read_text(path: Path, source: str, options: IngestOptions) -> Iterator[Report | Skipped]:
    """One Report for the file, or one Skipped saying why not."""
    data = read_bounded(path, byte_limit=MAX_BYTES_PER_CHAR * options.max_chars, max_chars=options.max_chars)
    text = decode_bytes(data, source)
    if len(text) > options.max_chars:
        raise UnreadableInput(too_long_reason(len(text), options.max_chars))
    title, body = split_title(text)
    report = make_report(body, source=source, options=options, title=title)
    if report is None:
        yield Skipped(source, "no report text in it (blank, or only comments/appeals): check the file")
    else:
        yield report


def split_title(text: str) -> tuple[str | None, str]:
    """(title, body): the first line is a title when it reads like a headline (see module doc)."""
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if not rest.strip() or not _looks_like_headline(first):
        return None, text
    return " ".join(first.split()), rest


def _looks_like_headline(line: str) -> bool:
    return 0 < len(line) <= _TITLE_MAX_CHARS and not line.rstrip(_CLOSERS).endswith(_SENTENCE_END)
