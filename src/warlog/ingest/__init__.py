"""The ingest stage: files and folders in, Report records (or Skipped, with a reason) out.

    for item in read_reports(["reports/", "extra.jsonl"], outlet="Le Pays Dogon"):
        if isinstance(item, Skipped):
            ...  # item.source names the file (and line), item.reason says what to do

Formats, chosen by extension: .jsonl/.ndjson (jsonl.py), .txt (text.py), .html/.htm (html.py),
.xml/.rss/.atom (feed.py). Folders are walked recursively: in each folder its files first, sorted
by name, then its subfolders, sorted; hidden files and folders (".git") are passed over silently,
and files of other types give a Skipped. A file named directly with another extension is sniffed:
JSON lines, then a feed, then HTML, else plain text.

Bad input never raises: a missing path, an empty or binary file, a broken line, undecodable bytes or
a report over `max_chars` each give one Skipped and the rest of the run goes on. Text in a legacy
encoding (cp1252/latin-1) is decoded, with a warning in the log naming the file.

The keyword arguments are defaults for what an input does not say itself: a JSONL line's own
"published"/"outlet"/"language" win over them. Without any language, "en" or "fr" is guessed from
stop words (clean.guess_language), or left None when the text is too short to tell.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Callable, Iterator, Sequence

import lxml.etree

from warlog.errors import InputError
from warlog.ingest.clean import (
    IngestOptions,
    UnreadableInput,
    clean_body,
    describe_binary,
    normalise_language,
    report_id,
)
from warlog.ingest.feed import read_feed
from warlog.ingest.html import read_html
from warlog.ingest.jsonl import read_jsonl
from warlog.ingest.text import read_text
from warlog.records import Report, Skipped

__all__ = ["READERS", "clean_body", "read_reports", "report_id"]

logger = logging.getLogger(__name__)

Reader = Callable[[Path, str, IngestOptions], Iterator["Report | Skipped"]]

READERS: dict[str, Reader] = {
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".txt": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xml": read_feed,
    ".rss": read_feed,
    ".atom": read_feed,
}
_SNIFF_BYTES = 8192
_FEED_ROOTS = ("<rss", "<feed", "<rdf:rdf")
_HTML_MARKS = ("<!doctype html", "<html", "<head", "<body", "<article", "<p>", "<div")


def read_reports(
    paths: Sequence[str | Path] | str | Path,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    language: str | None = None,
    max_chars: int = 2_000_000,
) -> Iterator[Report | Skipped]:
    """Reports from files and folders, streamed in input order, with a Skipped for each bad input.

    A single path (str or Path) is read as a list of one.
    Raises InputError only for a bad argument (max_chars below 1), at the first next().
    """
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise InputError(f"max_chars must be a positive whole number of characters, not {max_chars!r}")
    if isinstance(published, dt.datetime):
        published = published.date()
    options = IngestOptions(
        published=published, outlet=outlet, language=normalise_language(language), max_chars=max_chars
    )
    for given in [paths] if isinstance(paths, (str, Path)) else paths:
        yield from _read_path(Path(given), options)


def _read_path(path: Path, options: IngestOptions) -> Iterator[Report | Skipped]:
    source = str(path)
    try:
        if path.is_dir():
            yield from _read_folder(path, options)
        elif path.is_file():
            yield from _read_file(path, options, reader=READERS.get(path.suffix.lower()))
        elif path.exists() or path.is_symlink():
            yield Skipped(source, "not a regular file or folder (a broken link, pipe or device?): check the path")
        else:
            yield Skipped(source, "no such file or folder: check the path")
    except OSError as error:  # e.g. a path too long, or a folder we may not look into
        yield Skipped(source, f"cannot open it ({error.strerror or error}): check the path and its permissions")


def _read_folder(folder: Path, options: IngestOptions) -> Iterator[Report | Skipped]:
    for item in _walk(folder):
        if isinstance(item, Skipped):
            yield item
            continue
        reader = READERS.get(item.suffix.lower())
        if reader is None:
            kind = item.suffix or "no extension"
            yield Skipped(
                str(item),
                f"not a report file type ({kind}): folders are read for {', '.join(READERS)} files;"
                " name this file directly to have it sniffed",
            )
        else:
            yield from _read_file(item, options, reader=reader)


def _walk(folder: Path) -> Iterator[Path | Skipped]:
    """Files under folder: its own files sorted by name, then each subfolder sorted; hidden ones passed over.

    Links to folders are not followed, so a link loop cannot make the walk endless.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield Skipped(str(folder), f"cannot list this folder ({error.strerror or error}): check its permissions")
        return
    visible = [entry for entry in entries if not entry.name.startswith(".")]
    for entry in visible:
        if entry.is_file():
            yield folder / entry.name
    for entry in visible:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(folder / entry.name)


def _read_file(path: Path, options: IngestOptions, *, reader: Reader | None) -> Iterator[Report | Skipped]:
    """One file's reports; every failure of this file becomes one Skipped and the run goes on."""
    source = str(path)
    try:
        if path.stat().st_size == 0:
            yield Skipped(source, "empty file: nothing to ingest")
            return
        with open(path, "rb") as handle:
            sample = handle.read(_SNIFF_BYTES)
        binary = describe_binary(sample)
        if binary is not None:
            yield Skipped(source, binary)
            return
        yield from (reader or sniff_reader(sample))(path, source, options)
    except UnreadableInput as error:
        yield Skipped(source, str(error))
    except OSError as error:
        yield Skipped(source, f"cannot read it ({error.strerror or error}): check that it is a readable file")
    except (UnicodeError, ValueError, RecursionError, MemoryError, lxml.etree.LxmlError) as error:
        # Parsers (lxml, feedparser) have their own ways to fail on odd input; none may end the run.
        logger.debug("%s: could not be read", source, exc_info=True)
        message = " ".join(str(error).split())[:200]
        yield Skipped(source, f"could not be read ({type(error).__name__}: {message}): check the file's format")


def sniff_reader(sample: bytes) -> Reader:
    """The reader for a file of unknown extension, from its first bytes: JSON lines, feed, HTML, else text."""
    head = sample.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n").lower()
    if head.startswith("{"):
        return read_jsonl
    if head.startswith("<"):
        if any(root in head for root in _FEED_ROOTS):
            return read_feed
        if any(mark in head for mark in _HTML_MARKS):
            return read_html
        if head.startswith("<?xml"):
            return read_feed
    return read_text
