"""The report warlog was born from: what it must read in it, and what it must not."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SEED
from warlog.ingest import read_reports


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory, actors, geocoder, extractor):
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    store = open_store(str(tmp_path_factory.mktemp("seed") / "seed.duckdb"))
    pipeline = Pipeline(store, actors=actors, geocoder=geocoder, extractor=extractor)
    summary = pipeline.ingest(read_reports([SEED], published=dt.date(2017, 4, 25), outlet="FDD's Long War Journal"))
    events = list(store.events())
    report = store.report(events[0].report_ids[0])
    spans = store.spans_of([m for e in events for m in e.mention_ids])
    yield summary, events, report, spans
    store.close()


def _by_year(events, year):
    return [e for e in events if e.date and e.date.start.year == year and e.date.end.year == year]


def test_three_events_and_no_more(seed_events):
    summary, events, _, _ = seed_events
    assert summary.stored == 1
    assert len(events) == 3, [(e.date, e.sub_event_type) for e in events]


def test_the_assault_of_the_week_before(seed_events):
    _, events, _, _ = seed_events
    [assault] = _by_year(events, 2017)
    assert assault.event_type == "Battles"
    assert assault.date.precision == "week"
    assert dt.date(2017, 4, 17) <= assault.date.start <= assault.date.end <= dt.date(2017, 4, 23)
    roles = {(a.role, a.actor_id) for a in assault.actors}
    assert ("perpetrator", "jnim") in roles
    assert ("target", "military-forces-ml") in roles
    assert any(a.role.startswith("associated") and a.actor_id == "military-forces-fr" for a in assault.actors)
    assert assault.fatalities.best == 4
    assert "jnim" in assault.claimed_by
    assert assault.place.country == "Mali"
    assert assault.place.admin1 == "Tombouctou"
    assert "Rharous" in (assault.place.location or "") or "Rharous" in (assault.place.admin2 or "")


def test_the_earlier_attacks_on_the_same_base(seed_events, actors):
    _, events, _, _ = seed_events
    for year in (2015, 2016):
        [earlier] = _by_year(events, year)
        assert earlier.date.precision == "year"
        assert (earlier.date.start, earlier.date.end) == (dt.date(year, 1, 1), dt.date(year, 12, 31))
        claimants = {actors.get(c).name for c in earlier.claimed_by}
        assert any("Ansar" in n for n in claimants), claimants
        assert any("Sahara" in n for n in claimants), claimants


def test_no_event_from_statistics_captions_or_comments(seed_events):
    _, events, report, spans = seed_events
    assert "2 Comments" not in report.text
    assert "donation" not in report.text
    assert "Photos released by JNIM:" not in report.text
    # nothing of any event was read from the statistics sentence or anything after it
    stat_start = report.text.find("According to data compiled")
    assert stat_start > 0
    all_spans = [s for by_field in spans.values() for group in by_field.values() for s in group]
    assert all_spans
    assert all(s.end <= stat_start for s in all_spans), [s.text for s in all_spans if s.end > stat_start]


def test_every_field_has_its_span(seed_events):
    _, events, report, spans = seed_events
    [assault] = _by_year(events, 2017)
    fields = set()
    for mid in assault.mention_ids:
        for name, group in spans[mid].items():
            fields.add(name)
            for s in group:
                assert report.text[s.start:s.end] == s.text
                assert s.text in s.sentence
    assert {"event_type", "date", "actors", "fatalities", "claimed_by", "place"} <= fields
