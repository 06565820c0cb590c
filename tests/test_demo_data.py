"""Checks on the demo corpus itself (src/warlog/data/demo): formats, sizes, answer key, originality.

These tests read the files directly, not through warlog's ingest, so a broken demo file is reported
here as a data problem rather than as an ingest bug.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree, html

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "src" / "warlog" / "data" / "demo"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_f5a8a32960568fc5.txt"

JSONL_FIELDS = {"id", "title", "published", "outlet", "url", "language", "text"}
DEMO_URL_PREFIX = "https://demo.warlog.invalid/"
MIN_WORDS, MAX_WORDS = 80, 300
# A sentence this short ("No group has claimed it.") may recur by chance; longer ones must not.
MIN_WORDS_FOR_SENTENCE_CHECK = 5
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"«“A-ZÀ-ÖØ-Þ0-9])")


@dataclass(frozen=True)
class DemoReport:
    """One demo report, whatever file format it came in, as the answer key refers to it."""

    ref: str  # "demo-001", "pages/x.html", "feed.xml#slug", "notes/x.txt"
    outlet: str
    published: dt.date
    language: str
    text: str


def load_jsonl() -> list[dict]:
    lines = (DEMO / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_page(path: Path) -> tuple[html.HtmlElement, DemoReport]:
    tree = html.fromstring(path.read_bytes())
    published = tree.xpath("string(//meta[@property='article:published_time']/@content)")
    outlet = tree.xpath("string(//meta[@property='og:site_name']/@content)")
    body = " ".join(p.text_content() for p in tree.xpath("//div[@class='article-body']//p"))
    report = DemoReport(f"pages/{path.name}", outlet, dt.datetime.fromisoformat(published).date(),
                        tree.get("lang", ""), " ".join(body.split()))
    return tree, report


def load_feed() -> tuple[etree._Element, list[DemoReport]]:
    channel = etree.parse(str(DEMO / "feed.xml")).getroot().find("channel")
    outlet = channel.findtext("title")
    reports = []
    for item in channel.findall("item"):
        slug = item.findtext("link").rstrip("/").rsplit("/", 1)[-1]
        published = email.utils.parsedate_to_datetime(item.findtext("pubDate")).date()
        text = " ".join(item.findtext("description").split())
        reports.append(DemoReport(f"feed.xml#{slug}", outlet, published, channel.findtext("language"), text))
    return channel, reports


def load_notes() -> list[DemoReport]:
    meta = json.loads((DEMO / "notes" / "meta.json").read_text(encoding="utf-8"))
    return [
        DemoReport(f"notes/{m['file']}", m["outlet"], dt.date.fromisoformat(m["published"]), m["language"],
                   " ".join((DEMO / "notes" / m["file"]).read_text(encoding="utf-8").split()))
        for m in meta
    ]


def all_reports() -> list[DemoReport]:
    reports = [DemoReport(r["id"], r["outlet"], dt.date.fromisoformat(r["published"]), r["language"], r["text"])
               for r in load_jsonl()]
    reports += [load_page(p)[1] for p in sorted((DEMO / "pages").glob("*.html"))]
    reports += load_feed()[1]
    reports += load_notes()
    return reports


def facts_events() -> list[dict[str, str]]:
    """The rows of FACTS.md's events table, as {column: cell}."""
    lines = (DEMO / "FACTS.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("## Events")
    table = [line for line in lines[start:] if line.startswith("| ")]
    header = [c.strip() for c in table[0].strip("|").split("|")]
    rows = []
    for line in table[2:]:
        if line.startswith("| report |"):  # the next table (commentary pieces) begins
            break
        rows.append(dict(zip(header, (c.strip() for c in line.strip("|").split("|")))))
    return rows


def source_kind(ref: str) -> str:
    """'jsonl', 'pages', 'feed.xml' or 'notes': which file format a report ref points into."""
    return "jsonl" if ref.startswith("demo-") else re.split(r"[/#]", ref)[0]


def refs(cell: str) -> list[str]:
    return [r.strip() for r in cell.split(",") if r.strip()]


def sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in SENTENCE_END.split(text)]


def word_count(text: str) -> int:
    return len(text.split())


# --- format ---------------------------------------------------------------------------------------


def test_every_jsonl_line_parses_and_has_the_fields():
    for record in load_jsonl():
        assert set(record) == JSONL_FIELDS, record.get("id")
        assert re.fullmatch(r"demo-\d{3}", record["id"])
        assert dt.date.fromisoformat(record["published"])
        assert record["language"] in {"en", "fr"}
        assert record["url"].startswith(DEMO_URL_PREFIX)
        assert record["outlet"].endswith(("(demo)", "(démo)")), record["outlet"]
        assert record["title"].strip() and record["text"].strip()


def test_report_refs_and_urls_are_unique():
    reports = all_reports()
    assert len({r.ref for r in reports}) == len(reports)
    urls = [r["url"] for r in load_jsonl()]
    assert len(set(urls)) == len(urls)


def test_at_least_45_reports_across_all_formats():
    reports = all_reports()
    assert len(reports) >= 45
    kinds = Counter(source_kind(r.ref) for r in reports)
    assert kinds == {"jsonl": kinds["jsonl"], "pages": 3, "feed.xml": 4, "notes": 2}


def test_about_a_third_is_french():
    reports = all_reports()
    french = sum(r.language == "fr" for r in reports)
    assert 0.25 <= french / len(reports) <= 0.45


@pytest.mark.parametrize("report", all_reports(), ids=lambda r: r.ref)
def test_each_report_is_80_to_300_words(report):
    assert MIN_WORDS <= word_count(report.text) <= MAX_WORDS


def test_pages_carry_a_realistic_page_around_the_body():
    for path in sorted((DEMO / "pages").glob("*.html")):
        tree, report = load_page(path)
        assert tree.xpath("//link[@rel='canonical']/@href")[0].startswith(DEMO_URL_PREFIX)
        assert report.outlet.endswith("(demo)")
        assert tree.xpath("//nav//a") and tree.xpath("//*[contains(@class, 'share-buttons')]//a")
        assert len(tree.xpath("//aside[contains(@class, 'related-stories')]//li")) >= 2
        assert tree.xpath("//*[contains(@class, 'support-appeal')]//form")
        comments = tree.xpath("//section[contains(@class, 'comments')]//div[@class='comment']")
        assert len(comments) == 2
        # The body must not already contain the furniture an ingester has to strip.
        for comment in comments:
            assert comment.xpath("string(p[2])") not in report.text
        assert "newsletter" not in report.text.lower()


def test_feed_items_have_a_date_and_a_two_to_four_sentence_description():
    channel, reports = load_feed()
    assert channel.getparent().get("version") == "2.0"
    for item, report in zip(channel.findall("item"), reports):
        assert item.findtext("pubDate") and item.findtext("guid") == item.findtext("link")
        assert 2 <= len(sentences(report.text)) <= 4, report.ref


def test_notes_readme_and_meta_agree():
    readme = (DEMO / "notes" / "README.md").read_text(encoding="utf-8")
    notes = load_notes()
    assert {p.name for p in (DEMO / "notes").glob("*.txt")} == {r.ref.removeprefix("notes/") for r in notes}
    for note in notes:
        row = next(line for line in readme.splitlines() if line.startswith(f"| {note.ref.removeprefix('notes/')} "))
        assert note.published.isoformat() in row and note.outlet in row


# --- answer key -----------------------------------------------------------------------------------


def test_every_report_named_in_facts_exists_and_every_report_is_named():
    known = {r.ref for r in all_reports()}
    named = {ref for event in facts_events() for ref in refs(event["reports"]) + refs(event["also mentioned in"])}
    assert named - known == set()
    assert known - named == set()


def test_facts_table_of_non_jsonl_reports_matches_the_files():
    lines = (DEMO / "FACTS.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("## Reports outside articles.jsonl")
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines[start:] if line.startswith("| ")][2:]
    by_ref = {r.ref: r for r in all_reports()}
    urls = {f"pages/{p.name}": load_page(p)[0].xpath("string(//link[@rel='canonical']/@href)")
            for p in (DEMO / "pages").glob("*.html")}
    urls.update({f"feed.xml#{item.findtext('link').rsplit('/', 1)[-1]}": item.findtext("link")
                 for item in load_feed()[0].findall("item")})
    assert {row[0] for row in rows} == {ref for ref in by_ref if source_kind(ref) != "jsonl"}
    for ref, url, outlet, published, language in rows:
        report = by_ref[ref]
        assert (outlet, published, language) == (report.outlet, report.published.isoformat(), report.language)
        assert url == urls.get(ref, "(none; plain text)")


def test_at_least_12_events_are_told_by_several_outlets_on_different_days():
    by_ref = {r.ref: r for r in all_reports()}
    several_outlets = 0
    several_days = 0
    for event in facts_events():
        told = [by_ref[ref] for ref in refs(event["reports"])]
        if len({r.outlet for r in told}) >= 2:
            several_outlets += 1
        if len({r.published for r in told}) >= 2:
            several_days += 1
    assert several_outlets >= 12
    assert several_days >= 12


def test_reports_are_published_on_or_soon_after_the_event_they_tell_of():
    by_ref = {r.ref: r for r in all_reports()}
    for event in facts_events():
        first = dt.date.fromisoformat(event["date"].split("..")[0])
        for ref in refs(event["reports"]):
            lag = (by_ref[ref].published - first).days
            assert 0 <= lag <= 10, (event["key"], ref, lag)
        for ref in refs(event["also mentioned in"]):
            assert by_ref[ref].published >= first, (event["key"], ref)


def test_expected_counts_match_the_events_table():
    counted: dict[str, list[str]] = defaultdict(list)
    for event in facts_events():
        if event["al Qaeda-linked"] == "yes" and event["event type"] != "Strategic developments":
            counted[event["date"][:4]].append(event["key"])
    text = (DEMO / "FACTS.md").read_text(encoding="utf-8")
    for year, keys in counted.items():
        assert f"| {year} | {len(keys)} | {', '.join(keys)} |" in text
    assert set(counted) == {"2015", "2016", "2017"}
    contrasts = [e for e in facts_events() if not e["al Qaeda-linked"].startswith("yes")]
    assert len(contrasts) >= 5


# --- originality ----------------------------------------------------------------------------------


def test_no_two_reports_share_a_sentence():
    seen: dict[str, str] = {}
    for report in all_reports():
        for sentence in set(sentences(report.text)):
            if word_count(sentence) < MIN_WORDS_FOR_SENTENCE_CHECK:
                continue
            assert sentence not in seen, f"{report.ref} repeats a sentence of {seen.get(sentence)}: {sentence}"
            seen[sentence] = report.ref


@pytest.mark.skipif(not SEED.exists(), reason="../shared is not checked out here")
def test_no_sentence_is_taken_from_the_seed_report():
    seed_sentences = {s for s in sentences(SEED.read_text(encoding="utf-8")) if word_count(s) >= 6}
    for report in all_reports():
        assert not seed_sentences & set(sentences(report.text)), report.ref


@pytest.mark.skipif(not SEED.exists(), reason="../shared is not checked out here")
def test_no_eight_word_run_is_taken_from_the_seed_report():
    words = re.findall(r"\w+", SEED.read_text(encoding="utf-8").lower())
    seed_runs = {tuple(words[i:i + 8]) for i in range(len(words) - 7)}
    for report in all_reports():
        mine = re.findall(r"\w+", report.text.lower())
        copied = [" ".join(mine[i:i + 8]) for i in range(len(mine) - 7) if tuple(mine[i:i + 8]) in seed_runs]
        assert not copied, (report.ref, copied)
