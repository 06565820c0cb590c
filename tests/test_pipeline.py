"""Ingest -> extract -> link -> store, end to end on small reports we wrote, and the store's promises."""

from __future__ import annotations

import datetime as dt

import pytest

from warlog.records import Report

AMBUSH_EN = Report(
    id="t-1", published=dt.date(2016, 7, 20), outlet="Test Wire", url="https://test.invalid/1", language="en",
    text="Gunmen from Ansar Dine attacked the army base in Nampala on Tuesday, killing 17 Malian soldiers. "
         "The group claimed the attack on Wednesday.")
AMBUSH_FR = Report(
    id="t-2", published=dt.date(2016, 7, 21), outlet="Test Quotidien", url="https://test.invalid/2", language="fr",
    text="Des hommes armés d'Ansar Dine ont attaqué mardi le camp militaire de Nampala. "
         "Au moins 17 soldats maliens ont été tués.")
PROTEST = Report(
    id="t-3", published=dt.date(2017, 6, 18), outlet="Test Wire", language="en",
    text="Hundreds of protesters marched in Bamako on Saturday against the planned constitutional referendum.")
OPINION = Report(
    id="t-4", published=dt.date(2017, 6, 18), outlet="Test Review", language="en",
    text="The peace process has stalled, and many observers think the next elections will be decisive.")


def test_ingest_links_reports_of_one_event(make_pipeline):
    pipeline = make_pipeline()
    summary = pipeline.ingest([AMBUSH_EN, AMBUSH_FR, PROTEST, OPINION])
    assert (summary.read, summary.stored, summary.no_event) == (4, 4, 1)
    events = list(pipeline.store.events())
    nampala = [e for e in events if set(e.report_ids) == {"t-1", "t-2"}]
    assert len(nampala) == 1, [(e.id, e.report_ids, e.place) for e in events]
    [event] = nampala
    assert event.date.start == dt.date(2016, 7, 19)
    assert event.fatalities.best == 17
    assert event.place.admin1 is not None
    assert any(e.event_type == "Protests" for e in events)
    assert pipeline.store.reports_without_events()[0][0] == "t-4"
    # the gazetteer entries the events point to are stored beside them
    stored_places = {r[0] for r in pipeline.store.con.execute("SELECT id FROM places").fetchall()}
    assert event.place.place.id in stored_places


def test_ingest_twice_stores_once(make_pipeline):
    pipeline = make_pipeline()
    pipeline.ingest([AMBUSH_EN, PROTEST])
    before = pipeline.store.counts()
    again = pipeline.ingest([AMBUSH_EN, PROTEST, AMBUSH_EN])
    assert again.stored == 0 and again.already_present == 3
    assert pipeline.store.counts() == before


def test_a_crash_mid_batch_leaves_the_database_as_it_was(make_pipeline):
    pipeline = make_pipeline()
    pipeline.ingest([PROTEST])
    before = pipeline.store.counts()

    def items():
        yield AMBUSH_EN
        yield AMBUSH_FR
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        pipeline.ingest(items())
    assert pipeline.store.counts() == before


def test_reextraction_keeps_corrections_and_event_ids(make_pipeline):
    pipeline = make_pipeline()
    pipeline.ingest([AMBUSH_EN, AMBUSH_FR, PROTEST])
    ids_before = sorted(e.id for e in pipeline.store.events())
    event = next(e for e in pipeline.store.events() if "t-1" in e.report_ids)
    pipeline.correct(event.id, "fatalities", "18", reason="army communique", author="analyst-a")
    pipeline.correct(event.id, "location", "Nampala camp", reason="site named by MINUSMA", author="analyst-b")
    assert pipeline.store.event(event.id).fatalities.best == 18

    pipeline.reextract()
    assert sorted(e.id for e in pipeline.store.events()) == ids_before
    again = pipeline.store.event(event.id)
    assert again.fatalities.best == 18
    assert again.place.location == "Nampala camp"
    assert "analyst-a" in again.rules["fatalities"]
    assert len(pipeline.store.corrections(event.id)) == 2


def test_a_bad_correction_is_refused_and_nothing_changes(make_pipeline):
    from warlog.errors import InputError

    pipeline = make_pipeline()
    pipeline.ingest([AMBUSH_EN])
    event = next(pipeline.store.events())
    with pytest.raises(InputError, match="whole number"):
        pipeline.correct(event.id, "fatalities", "many", reason="x", author="a")
    with pytest.raises(InputError, match="correctable fields"):
        pipeline.correct(event.id, "colour", "red", reason="x", author="a")
    assert pipeline.store.corrections() == []


def test_schema_version_is_recorded(make_pipeline, tmp_path):
    from warlog.store import open_store
    from warlog.store.schema import SCHEMA_VERSION

    make_pipeline(tmp_path / "v.duckdb").store.close()
    store = open_store(str(tmp_path / "v.duckdb"))
    assert store.con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    store.close()
