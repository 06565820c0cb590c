"""Tests of the ingest stage: every format, every kind of bad input, stable ids, body cleaning."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import random
import time
import tracemalloc
from pathlib import Path

import pytest

from warlog.errors import InputError, WarlogError
from warlog.ingest import clean_body, read_reports, report_id
from warlog.ingest.clean import guess_language, parse_published
from warlog.records import Report, Skipped

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_f5a8a32960568fc5.txt"
DEV_REPORTS = SHARED / "eval" / "dev" / "reports.jsonl"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (third-party test data) is not here")


def reports_only(items: list[Report | Skipped]) -> list[Report]:
    return [item for item in items if isinstance(item, Report)]


def skipped_only(items: list[Report | Skipped]) -> list[Skipped]:
    return [item for item in items if isinstance(item, Skipped)]


# --- ids ----------------------------------------------------------------------------------------


def test_report_id_is_stable_and_ignores_layout():
    text = "Gunmen killed two herders near Ansongo on Tuesday."
    url = "https://example.org/a"
    first = report_id(text, url)
    assert first == report_id(text, url)
    assert len(first) == 16 and int(first, 16) >= 0
    assert report_id("  Gunmen killed two herders\n near Ansongo\ton Tuesday.  \n", url) == first
    assert report_id("Gunmen killed two herders\u00a0near Ansongo on Tuesday.", url) == first


def test_report_id_depends_on_text_and_url_and_normalises_unicode():
    text = "Attaque à Ségou."
    assert report_id(text, "https://example.org/a") != report_id(text, "https://example.org/b")
    assert report_id(text, None) == report_id(text, "")
    assert report_id(text, None) != report_id("Attaque à Mopti.", None)
    decomposed = "Attaque a\u0300 Se\u0301gou."  # same letters, combining accents
    assert report_id(decomposed, None) == report_id(text, None)


# --- clean_body ---------------------------------------------------------------------------------


@needs_shared
def test_clean_body_keeps_the_seed_article_and_drops_photos_appeal_and_comments():
    seed = SEED.read_text(encoding="utf-8")
    cleaned = clean_body(seed)
    first_five = [line for line in seed.splitlines() if line.strip()][:5]
    assert cleaned.splitlines() == first_five
    assert "at least 80 al Qaeda-linked attacks" in cleaned
    for gone in ("Photos released by JNIM:", "monthly donation", "2 Comments", "technicals", "mortars are from"):
        assert gone not in cleaned


def test_clean_body_cuts_comment_sections_in_several_forms():
    body = "Soldiers repelled an attack on the camp at dawn."
    for header in ("12 comments", "Leave a Reply", "Commentaires", "One comment", "5 thoughts on “Camp attack”"):
        assert clean_body(f"{body}\n\n{header}\n\nGreat article!") == body
    # A comments header is only honoured after some body text: it never empties a report.
    assert clean_body("Comments\nSoldiers repelled an attack.") == "Comments\nSoldiers repelled an attack."


def test_clean_body_drops_appeals_but_never_event_reports():
    appeal = "Soutenez le journalisme indépendant : faites un don."
    subscribe = "Subscribe to our newsletter for a weekly digest."
    event = "Support our independent reporting: gunmen killed six villagers near Bankass on Sunday."
    cleaned = clean_body(f"Fighting resumed in Tessit.\n\n{appeal}\n\n{subscribe}\n\n{event}")
    assert cleaned == f"Fighting resumed in Tessit.\n\n{event}"


def test_clean_body_drops_photo_intros_but_keeps_quote_intros():
    quote = "In a video released on Monday, the group said:"
    text = f"The army retook the town.\nPhotos released by the army:\nWatch the video:\n{quote}\n“We will return.”"
    assert clean_body(text) == f"The army retook the town.\n{quote}\n“We will return.”"


def test_clean_body_leaves_every_dev_report_unchanged():
    # ACLED-style notes have nothing to clean: a cleaning rule that bites them is too eager.
    if not DEV_REPORTS.is_file():
        pytest.skip("../shared eval data is not here")
    with DEV_REPORTS.open(encoding="utf-8") as lines:
        changed = [text for text in (json.loads(line)["text"] for line in lines) if clean_body(text) != text.strip()]
    assert changed == []


# --- JSONL --------------------------------------------------------------------------------------


def test_jsonl_fixture_yields_reports_and_one_skipped_per_bad_line(caplog):
    path = FIXTURES / "sample_reports.jsonl"
    with caplog.at_level(logging.WARNING, logger="warlog.ingest"):
        items = list(read_reports([path]))
    assert [(type(item).__name__, item.source.rsplit(":", 1)[1]) for item in items] == [
        ("Report", "1"), ("Report", "2"), ("Report", "4"), ("Report", "5"), ("Skipped", "6"), ("Skipped", "7"),
        ("Skipped", "8"), ("Skipped", "9"), ("Report", "10"),
    ]  # fmt: skip
    first, numeric_id, no_id, bad_date, comments = reports_only(items)
    assert first == Report(
        id="r-1",
        text="On 4 March 2023, gunmen killed three herders near Ansongo.",
        url="https://example.org/r1",
        outlet="Example Daily",
        title="Herders killed",
        published=dt.date(2023, 3, 5),
        language="en",
        source=f"{path}:1",
    )
    assert numeric_id.id == "42" and numeric_id.published == dt.date(2023, 3, 6)
    assert no_id.id == report_id(no_id.text, "https://example.org/r3")
    assert no_id.published == dt.date(2023, 3, 7) and no_id.language == "fr"
    assert bad_date.published is None
    assert f"{path}:5" in caplog.text and "last Tuesday" in caplog.text
    assert comments.text == "Police dispersed a rally in Niamey with tear gas."
    broken, no_text, empty_text, not_object = skipped_only(items)
    assert broken.reason.startswith("not valid JSON (Expecting ',' delimiter")
    assert broken.reason.endswith("fix or remove this line")
    assert '"text" is missing' in no_text.reason and '"text" is empty' in empty_text.reason
    assert "not a JSON object" in not_object.reason


def test_jsonl_line_values_win_over_caller_defaults(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [
        {"text": "Militants attacked a checkpoint near Djibo.", "outlet": "Burkina Post", "published": "2023-01-02"},
        {"text": "Militants attacked a checkpoint near Arbinda."},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    own, defaulted = read_reports([path], outlet="Caller Outlet", published=dt.date(2023, 2, 1), language="en-GB")
    assert (own.outlet, own.published) == ("Burkina Post", dt.date(2023, 1, 2))
    assert (defaulted.outlet, defaulted.published, defaulted.language) == ("Caller Outlet", dt.date(2023, 2, 1), "en")


def test_jsonl_streams_with_flat_memory(tmp_path):
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": "Gunmen attacked a convoy near Gao and burned two trucks.\n" * 40}) + "\n"
    with path.open("w", encoding="utf-8") as out:
        out.writelines(line for _ in range(1_500))
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for item in read_reports([path]) if isinstance(item, Report))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 1_500
    assert size > 3_000_000 and peak < 1_000_000, f"peak {peak} bytes while streaming {size} bytes"


def test_jsonl_overlong_line_is_skipped_and_the_next_line_still_read(tmp_path):
    path = tmp_path / "long.jsonl"
    long_line = json.dumps({"text": "x" * 5_000_000})
    path.write_text(long_line + "\n" + json.dumps({"text": "Clashes near Kidal."}) + "\n", encoding="utf-8")
    items = list(read_reports([path], max_chars=10_000))
    assert [type(item) for item in items] == [Skipped, Report]
    assert items[0].source == f"{path}:1" and "over the 0 MB limit" not in items[0].reason
    assert items[0].reason.startswith("report is 5 MB, over the 0.01 MB limit")
    assert items[1].text == "Clashes near Kidal." and items[1].source == f"{path}:2"


@needs_shared
def test_dev_set_streams_fast_with_given_ids():
    started = time.perf_counter()
    items = list(read_reports([DEV_REPORTS]))
    elapsed = time.perf_counter() - started
    with DEV_REPORTS.open(encoding="utf-8") as lines:
        given_ids = [json.loads(line)["id"] for line in lines]
    assert skipped_only(items) == []
    assert [item.id for item in items] == given_ids and len(given_ids) == 6874
    assert all(isinstance(item.published, dt.date) and item.outlet for item in items)
    assert elapsed < 5, f"{elapsed:.2f} s for the dev set"


# --- plain text ---------------------------------------------------------------------------------


@needs_shared
def test_text_file_is_one_cleaned_report_with_caller_metadata():
    items = list(read_reports([SEED], published=dt.date(2017, 4, 20), outlet="Long War Journal"))
    assert len(items) == 1
    report = items[0]
    assert isinstance(report, Report)
    assert report.text == clean_body(SEED.read_text(encoding="utf-8"))
    assert report.title is None  # the first line is a long sentence, not a headline
    assert (report.published, report.outlet, report.language) == (dt.date(2017, 4, 20), "Long War Journal", "en")
    assert report.id == report_id(report.text, None) and report.source == str(SEED)


def test_text_file_headline_becomes_the_title(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Bridge blown up near Boni\n\nArmed men destroyed the bridge overnight.\n", encoding="utf-8")
    (report,) = read_reports(str(path))
    assert report.title == "Bridge blown up near Boni"
    assert report.text == "Armed men destroyed the bridge overnight."


def test_legacy_encoded_french_text_is_decoded_with_a_warning(tmp_path, caplog):
    path = tmp_path / "depeche.txt"
    french = "Des hommes armés ont attaqué le poste de Kona ; deux gendarmes ont été tués à l'aube. Coût : élevé."
    path.write_bytes(french.encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="warlog.ingest"):
        (report,) = read_reports([path])
    assert isinstance(report, Report)
    assert report.text == french and report.language == "fr"
    assert str(path) in caplog.text and "cp1252" in caplog.text


def test_utf8_with_bom_is_read_without_the_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTrois civils tués par une mine près de Mopti.".encode("utf-8"))
    (report,) = read_reports([path])
    assert report.text == "Trois civils tués par une mine près de Mopti."


# --- HTML ---------------------------------------------------------------------------------------


def test_html_article_body_only_with_metadata():
    (report,) = read_reports([FIXTURES / "article.html"])
    assert isinstance(report, Report)
    assert report.title == "Convoy ambushed near Sevare, six soldiers killed"
    assert report.url == "https://sahelwire.example/2023/03/convoy-ambush-sevare"  # canonical, not og:url
    assert (report.outlet, report.published, report.language) == ("Sahel Wire", dt.date(2023, 3, 14), "en")
    paragraphs = report.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Six soldiers were killed on Sunday")
    assert "two fuel trucks before withdrawing" in paragraphs[1]  # a source newline is a space
    assert paragraphs[2].endswith("since January.\nLocal officials asked for more patrols.")  # <br>
    noise = (
        "Share on", "Photo:", "burnt-out truck", "Soldiers guard", "Subscribe", "chip in", "Related",
        "Bridge destroyed", "Most read", "Comments", "unguarded", "Condolences", "All rights", "Independent news",
        "staff writer", "Mali\n", "Convoy ambushed",
    )  # fmt: skip
    assert [phrase for phrase in noise if phrase in report.text] == []


def test_html_without_article_tag_uses_densest_block_and_declared_charset():
    (report,) = read_reports([FIXTURES / "no_article_tag.html"])
    assert isinstance(report, Report)
    assert report.text.startswith("Des hommes armés ont attaqué dans la nuit")
    assert report.text.endswith("L'attaque n'a pas été revendiquée.")
    assert "Accueil" not in report.text and "Partager" not in report.text and "droits" not in report.text
    assert (report.title, report.published, report.language) == (
        "Attaque contre un poste de gendarmerie", dt.date(2022, 11, 2), "fr",
    )  # fmt: skip


def test_html_json_ld_date_and_time_element_are_used_when_no_meta(tmp_path):
    page = tmp_path / "page.htm"
    page.write_text(
        '<html><head><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
        ' "datePublished": "2021-06-05T10:00:00Z", "publisher": {"name": "Graph News"}}]}</script></head>'
        "<body><article><p>Troops clashed with militants near Menaka.</p></article></body></html>",
        encoding="utf-8",
    )
    (report,) = read_reports([page])
    assert (report.published, report.outlet) == (dt.date(2021, 6, 5), "Graph News")
    page.write_text('<p>Curfew imposed in Gao.</p><time datetime="2020-02-03">3 Feb</time>', encoding="utf-8")
    (report,) = read_reports([page])
    assert report.published == dt.date(2020, 2, 3) and report.text.startswith("Curfew imposed in Gao.")


# --- feeds --------------------------------------------------------------------------------------


def test_rss_feed_gives_one_report_per_item():
    path = FIXTURES / "feed.rss"
    items = list(read_reports([path]))
    assert [type(item) for item in items] == [Report, Report, Skipped]
    bomb, protest, empty = items
    assert bomb.title == "Two civilians killed by roadside bomb near Gao"
    # The summary lacks the headline, so the headline leads the text.
    assert bomb.text == (
        "Two civilians killed by roadside bomb near Gao.\n\nA minibus struck an explosive device on Saturday"
        " evening on the road north of the city, local officials said.\n\nFour passengers were hurt."
    )
    assert bomb.published == dt.date(2023, 4, 2)  # as the feed wrote it, not shifted to UTC
    assert (bomb.url, bomb.outlet, bomb.language) == (
        "https://sahelwire.example/2023/04/roadside-bomb-gao", "Sahel Wire", "en",
    )  # fmt: skip
    assert protest.text.startswith("Protest in Bamako over fuel shortages: several hundred")  # title not repeated
    assert bomb.source == f"{path}#1" and empty.source == f"{path}#3"


def test_atom_feed_prefers_full_content_over_summary():
    (report,) = read_reports([FIXTURES / "feed.atom"])
    assert report.outlet == "Journal du Centre" and report.language == "fr"
    assert report.published == dt.date(2023, 5, 9)
    assert "relie Boni à Hombori" in report.text and "Aucune victime" in report.text
    assert report.url == "https://journal-du-centre.example/pont-boni"


# --- folders and sniffing -----------------------------------------------------------------------


def test_folder_is_walked_sorted_recursively_and_other_types_are_skipped(tmp_path):
    (tmp_path / "b_sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref: refs/heads/main", encoding="utf-8")
    (tmp_path / "b_sub" / "c.txt").write_text("Shelling hit Kidal overnight.", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "Ambush near Gossi."}) + "\n", encoding="utf-8")
    (tmp_path / "d.TXT").write_text("Riot in Niamey.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# my notes", encoding="utf-8")
    items = list(read_reports([tmp_path]))
    assert [Path(item.source.split(":")[0]).name for item in items] == ["a.jsonl", "d.TXT", "notes.md", "c.txt"]
    assert [type(item) for item in items] == [Report, Report, Skipped, Report]
    assert items[2].reason.startswith("not a report file type (.md)")


@pytest.mark.parametrize(
    ("content", "expected_text"),
    [
        ('{"text": "Gunmen seized a truck near Ber."}\n', "Gunmen seized a truck near Ber."),
        ('<?xml version="1.0"?><rss><channel><title>T</title><item><title>Raid on Tin-Essako.</title>'
         "</item></channel></rss>", "Raid on Tin-Essako."),
        ("<!DOCTYPE html><html><body><p>Protesters marched in Bamako.</p></body></html>", "Protesters marched in Bamako."),
        ("Plain words about a clash in Tillaberi.", "Plain words about a clash in Tillaberi."),
    ],
    ids=["jsonl", "feed", "html", "text"],
)  # fmt: skip
def test_unknown_extension_named_directly_is_sniffed(tmp_path, content, expected_text):
    path = tmp_path / "download.dat"
    path.write_text(content, encoding="utf-8")
    (report,) = read_reports([path])
    assert isinstance(report, Report) and report.text == expected_text


# --- bad input ----------------------------------------------------------------------------------


def test_missing_path_is_skipped_not_raised(tmp_path):
    missing = tmp_path / "nowhere.jsonl"
    assert list(read_reports([missing])) == [Skipped(str(missing), "no such file or folder: check the path")]


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.html", "empty.rss"])
def test_empty_file_is_one_skipped(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert list(read_reports([path])) == [Skipped(str(path), "empty file: nothing to ingest")]


def test_whitespace_only_files_are_one_skipped(tmp_path):
    text, lines = tmp_path / "blank.txt", tmp_path / "blank.jsonl"
    text.write_text(" \n\n\t\n", encoding="utf-8")
    lines.write_text("\n\n  \n", encoding="utf-8")
    items = list(read_reports([text, lines]))
    assert [item.source for item in items] == [str(text), str(lines)]
    assert all(isinstance(item, Skipped) for item in items)


@pytest.mark.parametrize("name", ["image.png", "image.txt", "noise.jsonl", "noise.html"])
def test_binary_file_is_one_skipped(tmp_path, name):
    path = tmp_path / name
    rng = random.Random(7)
    payload = bytes(rng.randrange(256) for _ in range(4096))
    path.write_bytes((b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" if name.startswith("image") else b"\x00") + payload)
    (item,) = read_reports([path])
    assert isinstance(item, Skipped) and item.source == str(path)
    assert ("PNG image" if name.startswith("image") else "binary data") in item.reason
    assert "only text reports can be ingested" in item.reason and "\n" not in item.reason


def test_undecodable_bytes_without_nul_are_skipped(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x41]) * 200)  # not UTF-8, not cp1252
    (item,) = read_reports([path])
    assert item == Skipped(str(path), "not readable text (neither UTF-8 nor cp1252): re-save it as UTF-8 text")


def test_control_characters_are_not_text(tmp_path):
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes(range(1, 32)) * 100)
    (item,) = read_reports([path])
    assert isinstance(item, Skipped) and "not readable text" in item.reason


def test_oversized_text_file_is_skipped_from_its_size_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:
        chunk = b"Gunmen attack Gao. \n" * 50_000  # 1 MB
        for _ in range(50):
            out.write(chunk)
    tracemalloc.start()
    try:
        items = list(read_reports([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert items == [
        Skipped(str(path), "report is 50 MB, over the 2 MB limit: split it or pass --max-chars"),
    ]
    assert peak < 1_000_000, f"peak {peak} bytes for a skipped 50 MB file"


def test_text_over_max_chars_but_under_the_byte_bound_is_skipped(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Clashes continued. " * 1000, encoding="utf-8")  # 19,000 characters
    (item,) = read_reports([path], max_chars=5_000)
    assert item == Skipped(str(path), "report is 0.019 MB, over the 0.005 MB limit: split it or pass --max-chars")
    (report,) = read_reports([path], max_chars=20_000)
    assert isinstance(report, Report)


def test_one_run_with_every_bad_input_still_yields_the_good_reports(tmp_path):
    good_text = tmp_path / "good.txt"
    good_text.write_text("Soldiers killed four militants near Nampala.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Deux soldats blessés à Ségou.".encode("cp1252"))
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * 3_000_001)
    missing = tmp_path / "missing.txt"
    paths = [empty, FIXTURES / "sample_reports.jsonl", binary, legacy, huge, missing, good_text]
    items = list(read_reports(paths, max_chars=700_000))
    skipped_files = [item.source for item in skipped_only(items) if ".jsonl" not in item.source]
    assert skipped_files == [str(empty), str(binary), str(huge), str(missing)]
    texts = [report.text for report in reports_only(items)]
    assert texts[-2:] == ["Deux soldats blessés à Ségou.", "Soldiers killed four militants near Nampala."]
    assert len(reports_only(items)) == 5 + 2
    assert all("\n" not in item.reason for item in skipped_only(items))


def test_unreadable_file_is_skipped(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = tmp_path / "locked.txt"
    path.write_text("Secret.", encoding="utf-8")
    path.chmod(0)
    (item,) = read_reports([path])
    assert isinstance(item, Skipped) and "Permission denied" in item.reason


def test_pipe_and_broken_link_are_skipped_not_read(tmp_path):
    pipe, link = tmp_path / "pipe.txt", tmp_path / "link.txt"
    os.mkfifo(pipe)  # reading it would block forever
    link.symlink_to(tmp_path / "gone.txt")
    items = list(read_reports([pipe, link]))
    assert [item.source for item in items] == [str(pipe), str(link)]
    assert all(isinstance(item, Skipped) and "not a regular file" in item.reason for item in items)


def test_bad_max_chars_raises_input_error():
    with pytest.raises(InputError, match="max_chars must be a positive"):
        next(read_reports([FIXTURES / "sample_reports.jsonl"], max_chars=0))
    assert issubclass(InputError, WarlogError) and issubclass(InputError, ValueError)


# --- small helpers ------------------------------------------------------------------------------


def test_parse_published_formats():
    assert parse_published("2023-03-05") == dt.date(2023, 3, 5)
    assert parse_published("2023-03-05T23:30:00Z") == dt.date(2023, 3, 5)
    assert parse_published("2023-03-05T23:30:00-05:00") == dt.date(2023, 3, 5)
    assert parse_published("Sun, 05 Mar 2023 23:30:00 -0500") == dt.date(2023, 3, 5)
    assert parse_published("March the fifth") is None and parse_published(20230305) is None


def test_guess_language():
    assert guess_language("Des hommes armés ont attaqué le village et les habitants ont fui.") == "fr"
    assert guess_language("On 3 May, gunmen killed a miner in Gao.") == "en"
    assert guess_language("JNIM/AQMI") is None
