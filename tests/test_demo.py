"""`warlog demo`: the shipped reports in, the seed-shaped answer out, with the events and reports behind it."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from click.testing import CliRunner

from warlog.cli import cli

CONTRAST_REPORTS = {"demo-031", "demo-032", "demo-042", "demo-045", "demo-046", "demo-048"}  # see FACTS.md
SENTENCE = re.compile(r"^(\d+) al Qaeda-linked attacks in Mali and neighbouring countries \(.*Burkina Faso.*\) "
                      r"in 2017; in 2016, (\d+): (?:a \d+ percent (?:increase|decrease)|no change) from (\d+) in 2015\.$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    result = CliRunner().invoke(cli, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    return db, result.stdout


def _key_counts() -> dict[str, int]:
    facts = (resources.files("warlog") / "data" / "demo" / "FACTS.md").read_text(encoding="utf-8")
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| (201[567]) \| (\d+) \|", facts, re.M)}


def test_the_answer_has_the_seed_sentence_shape(demo):
    _, out = demo
    lines = out.splitlines()
    sentence = next(line for line in lines if "al Qaeda-linked" in line)
    m = SENTENCE.match(sentence)
    assert m, sentence
    counts = {"2017": int(m.group(1)), "2016": int(m.group(2)), "2015": int(m.group(3))}
    # every number is followed by as many events, each with its reports
    for year, count in counts.items():
        header = next(line for line in lines if line.startswith(f"{year}: "))
        assert header.startswith(f"{year}: {count} events"), header
    assert out.count("      report ") >= sum(counts.values())
    # near the answer key written with the demo reports (a first extractor and linker: within 3 a year)
    key = _key_counts()
    assert set(key) == set(counts)
    for year in counts:
        assert abs(counts[year] - key[year]) <= 3, (year, counts[year], key[year])


def test_reports_of_one_event_are_joined_across_outlets_and_languages(demo):
    from warlog.store import open_store

    db, _ = demo
    store = open_store(db, read_only=True)
    try:
        events = list(store.events())
        multi = [e for e in events if len(e.report_ids) >= 2]
        assert len(multi) >= 8, len(multi)
        languages = {e.id: {store.report(r).language for r in e.report_ids} for e in multi}
        assert any({"en", "fr"} <= langs for langs in languages.values())
        outlets = {e.id: {store.report(r).outlet for r in e.report_ids} for e in multi}
        assert sum(len(o) >= 2 for o in outlets.values()) >= 5, outlets
    finally:
        store.close()


def test_contrast_events_are_not_counted(demo):
    import json

    db, _ = demo
    result = CliRunner().invoke(cli, ["trend", "--db", db, "--actor", "al Qaeda", "--linked", "--where",
                                      "Mali+neighbours", "--type", "attacks", "--format", "json"])
    answer = json.loads(result.stdout)
    from warlog.store import open_store

    store = open_store(db, read_only=True)
    try:
        for row in answer["rows"]:
            for eid in row["event_ids"]:
                reports = set(store.event(eid).report_ids)
                assert not reports <= CONTRAST_REPORTS, (eid, reports)
                assert eid in answer["query"]["via"]
    finally:
        store.close()


def test_demo_twice_stores_nothing_new(demo):
    db, _ = demo
    result = CliRunner().invoke(cli, ["demo", "--db", db])
    assert result.exit_code == 0
    assert "demo: 0 new reports stored" in result.stdout


def test_a_report_the_demo_had_to_skip_is_named_and_the_exit_code_says_so(demo, tmp_path, monkeypatch):
    """An answer from fewer reports than ship (a report cut at its time limit) never passes for the demo's answer."""
    _, out = demo
    shipped = int(re.search(r"^demo: (\d+) new reports stored", out, re.M).group(1))
    monkeypatch.setenv("WARLOG_TIME_LIMIT", "0.000001")  # every report that takes a clock tick is cut
    result = CliRunner().invoke(cli, ["demo", "--db", str(tmp_path / "cut.duckdb")])
    assert result.exit_code == 3, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert skipped and all("s of CPU time" in line and "--time-limit" in line for line in skipped), result.stderr
    stored = int(re.search(r"^demo: (\d+) new reports stored", result.stdout, re.M).group(1))
    assert stored + len(skipped) == shipped
