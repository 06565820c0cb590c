"""Property-based tests: any bytes or text into a reader or a parser give a report, a clear Skipped, or
nothing; never a crash, never a hang (each call runs under a time limit)."""

from __future__ import annotations

import datetime as dt
import json
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warlog.extract.dates import find_dates, resolve_date
from warlog.extract.numbers import find_casualties, parse_number
from warlog.ingest import read_reports
from warlog.records import Report, Skipped

LIMIT_S = 10  # per call: far above what real input takes, so only a hang trips it
FUZZ = settings(max_examples=40, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextmanager
def time_limit(seconds: float):
    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds}s: a hang")

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# Bytes that look a little like each format, so that the readers' deeper paths are reached too.
_PIECES = [b"<html>", b"<body>", b"<p>", b"</p>", b"<rss>", b"<item>", b"<title>", b"<![CDATA[", b"<feed",
           b'{"text": "', b'", "published": "', b"2017-04-02", b'"}', b"\n", b"\r\n", b"\x00", b"\xff\xfe",
           b"\xef\xbb\xbf", b"Gunmen killed 5 soldiers in Gao on Tuesday. ", b"\xe9", b"&amp;", b"&#0;", b"]]>"]
fuzzy_bytes = st.one_of(st.binary(max_size=3000),
                        st.lists(st.one_of(st.sampled_from(_PIECES), st.binary(max_size=40)), max_size=60)
                        .map(b"".join))


@FUZZ
@given(data=fuzzy_bytes, suffix=st.sampled_from([".jsonl", ".txt", ".html", ".xml", ".rss", ".atom", ""]))
def test_any_bytes_in_any_reader_give_reports_skips_or_nothing(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        with time_limit(LIMIT_S):
            items = list(read_reports([path], published=dt.date(2017, 4, 3), max_chars=5000))
    for item in items:
        assert isinstance(item, (Report, Skipped))
        if isinstance(item, Report):
            assert item.id and item.text.strip() and len(item.text) <= 5000
        else:
            assert item.reason and "\n" not in item.reason


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=200), st.integers(), st.none(), st.booleans(),
                          st.dictionaries(st.sampled_from(["id", "text", "published", "url", "outlet", "title",
                                                           "language"]),
                                          st.one_of(st.text(max_size=80), st.integers(), st.none(),
                                                    st.floats(allow_nan=True), st.lists(st.integers(),
                                                                                        max_size=3)))),
                max_size=8))
def test_any_json_lines_give_reports_or_skips(lines):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reports.jsonl"
        path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
        with time_limit(LIMIT_S):
            items = list(read_reports([path]))
    assert all(isinstance(i, (Report, Skipped)) for i in items)
    assert len(items) <= max(1, len(lines))


@FUZZ
@given(text=st.text(max_size=400), published=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))),
       language=st.sampled_from([None, "en", "fr", "xx"]))
def test_any_text_into_the_date_parser(text, published, language):
    with time_limit(LIMIT_S):
        found = find_dates(text, published, language)
        resolved = resolve_date(text[:60], published, language)
    for mention in found:
        assert mention.interval.start <= mention.interval.end
        if published is not None:
            assert mention.interval.start <= published
    if resolved is not None:
        assert resolved.start <= resolved.end


_NUMBER_WORDS = st.sampled_from(["dozens", "twenty-one", "vingt et un", "1,200", "3.5", "hundreds", "at least",
                                 "killed", "tués", "wounded", "soldiers", "civilians", " ", "-", "0", "999999999999"])


@FUZZ
@given(text=st.one_of(st.text(max_size=300), st.lists(_NUMBER_WORDS, max_size=30).map(" ".join)),
       language=st.sampled_from([None, "en", "fr"]))
def test_any_text_into_the_number_parsers(text, language):
    with time_limit(LIMIT_S):
        number = parse_number(text[:80], language)
        counts = find_casualties(text, language)
    assert number is None or (isinstance(number, int) and number >= 0)
    assert isinstance(counts, list)


_REPORT_WORDS = st.sampled_from(["Gunmen", "killed", "attacked", "soldiers", "civilians", "in", "near", "Gao", "Mali",
                                 "on Tuesday", "Le 2 mai,", "des hommes armés", "ont tué", "trois", "JNIM",
                                 "claimed", "(", ")", ".", ",", "\n", "«", "»", "2017", "at least 12", "Niger"])


@FUZZ
@given(text=st.one_of(st.text(min_size=1, max_size=400), st.lists(_REPORT_WORDS, min_size=1, max_size=80).map(" ".join)),
       language=st.sampled_from([None, "en", "fr"]),
       published=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))))
def test_any_text_into_the_extractor_gives_an_extraction(extractor, text, language, published):
    report = Report(id="fuzz", text=text, published=published, language=language)
    with time_limit(LIMIT_S):
        [got] = extractor.extract_many([report])
    assert got.report_id == "fuzz" and not got.unread
    assert got.mentions or got.no_event_reason
    for mention in got.mentions:
        assert mention.report_id == "fuzz"
        assert mention.date is None or mention.date.start <= mention.date.end
