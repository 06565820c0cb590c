"""JSON Lines files: one report object a line, read as a stream.

A line holds {"id", "text", "published", "url", "outlet", "title", "language"}; only "text" is required.
- id: the given "id" (as a string), else report_id(text, url).
- published: ISO 8601 date or datetime, or RFC 2822. An unparseable date does not lose the report:
  it is kept with published=None (or the caller's --published) and a warning names the line.
- outlet, language, published missing on a line fall back to the caller's options; a missing
  language is then guessed from the text.
- Blank lines are ignored. A broken line, a line that is not an object, or one without text becomes
  Skipped("file.jsonl:17", ...) and the lines after it still go in.

Memory stays flat: lines are read one at a time, each bounded in length, so one giant line is
skipped without being held in memory.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import BinaryIO, Iterator

from warlog.ingest.clean import (
    IngestOptions,
    make_report,
    normalise_language,
    optional_str,
    parse_published,
    too_long_reason,
)
from warlog.records import Report, Skipped

logger = logging.getLogger(__name__)

# A JSON string may spend 6 bytes on one character ("\u00e9"); the other fields get 64 KiB.
_MAX_BYTES_PER_CHAR = 6
_FIELD_ALLOWANCE = 65_536
_CHUNK = 1 << 20


def read_jsonl(path: Path, source: str, options: IngestOptions) -> Iterator[Report | Skipped]:
    """Reports from the file's lines, in order; Skipped for each line that cannot be one."""
    line_limit = _MAX_BYTES_PER_CHAR * options.max_chars + _FIELD_ALLOWANCE
    found_any = False
    warned_encoding = False
    with open(path, "rb") as handle:
        line_number = 0
        while True:
            raw = handle.readline(line_limit)
            if not raw:
                break
            line_number += 1
            where = f"{source}:{line_number}"
            if len(raw) == line_limit and not raw.endswith(b"\n"):
                overlong = len(raw) + _skip_rest_of_line(handle)
                found_any = True
                yield Skipped(where, too_long_reason(overlong, options.max_chars) + " (this line)")
                continue
            if not raw.strip():
                continue
            found_any = True
            line, legacy = _decode_line(raw, first=line_number == 1)
            if legacy and not warned_encoding:
                logger.warning("%s: not UTF-8; read it as cp1252 (Windows Latin-1). Re-save it as UTF-8.", where)
                warned_encoding = True
            yield _line_to_report(line, where, options)
    if not found_any:
        yield Skipped(source, "no reports in it (only blank lines): check the file")


def _skip_rest_of_line(handle: BinaryIO) -> int:
    """Read past the rest of an overlong line in fixed chunks; return how many bytes were skipped."""
    skipped = 0
    while True:
        chunk = handle.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _decode_line(raw: bytes, *, first: bool) -> tuple[str, bool]:
    """(text, read_as_legacy): UTF-8 (a BOM allowed on the first line), else cp1252/latin-1."""
    try:
        return raw.decode("utf-8-sig" if first else "utf-8"), False
    except UnicodeDecodeError:
        # latin-1 never fails; cp1252 is what such files really are, so try it first.
        try:
            return raw.decode("cp1252"), True
        except UnicodeDecodeError:
            return raw.decode("latin-1"), True


def _line_to_report(line: str, where: str, options: IngestOptions) -> Report | Skipped:
    try:
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        return Skipped(where, f"not valid JSON ({error.msg} at column {error.pos + 1}): fix or remove this line")
    except RecursionError:
        return Skipped(where, "not valid JSON (nested too deeply): fix or remove this line")
    if not isinstance(record, dict):
        return Skipped(where, f"not a JSON object but {type(record).__name__}: each line must be {{\"text\": ...}}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        what = "missing" if text is None else "empty" if isinstance(text, str) else f"a {type(text).__name__}"
        return Skipped(where, f'"text" is {what}: give each line the report\'s text, or remove the line')
    if len(text) > options.max_chars:
        return Skipped(where, too_long_reason(len(text), options.max_chars))
    report = make_report(
        text,
        source=where,
        options=options,
        given_id=_given_id(record.get("id")),
        url=optional_str(record.get("url")),
        title=optional_str(record.get("title")),
        published=_published(record.get("published"), where),
        outlet=optional_str(record.get("outlet")),
        language=normalise_language(record.get("language")),
    )
    if report is None:
        return Skipped(where, '"text" holds only comments or appeals, no report: check this line')
    return report


def _published(value: object, where: str) -> dt.date | None:
    published = parse_published(value)
    if published is None and value not in (None, ""):
        logger.warning("%s: published %r is not an ISO 8601 or RFC 2822 date; kept the report without it", where, value)
    return published


def _given_id(value: object) -> str | None:
    """The line's own id as a string, kept as written (only outer spaces trimmed): ids are keys."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value).strip() or None
