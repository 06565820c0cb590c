"""The Store contract: every test here runs against every backend (DuckDB, and PostgreSQL when
WARLOG_TEST_POSTGRES names a server), and the results must be those of the DuckDB reference."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from pathlib import Path

import pytest

from backends import BACKENDS, POSTGRES, NO_POSTGRES, dump, fresh_db
from warlog.errors import NotFoundError, StoreError, WarlogError
from warlog.records import Report
from warlog.store import EventFilter, open_store
from warlog.store.schema import SCHEMA_VERSION
from warlog.store.transfer import migrate

DEMO = Path(__file__).resolve().parents[1] / "src" / "warlog" / "data" / "demo" / "articles.jsonl"


@pytest.fixture(scope="module")
def demo_reports() -> list[Report]:
    from warlog.ingest import read_reports

    return [r for r in read_reports([DEMO]) if isinstance(r, Report)]


def _pipeline(url: str, actors, geocoder, extractor):
    from warlog.pipeline import Pipeline

    return Pipeline(open_store(url), actors=actors, geocoder=geocoder, extractor=extractor)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, demo_reports, actors, geocoder, extractor):
    """The demo reports ingested into DuckDB: what every backend must reproduce."""
    url = str(tmp_path_factory.mktemp("reference") / "reference.duckdb")
    pipeline = _pipeline(url, actors, geocoder, extractor)
    pipeline.ingest(demo_reports)
    events = list(pipeline.store.events())
    pipeline.store.close()
    return {"url": url, "dump": dump(url), "events": events}


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path):
    """A fresh, empty database URL on each backend."""
    with fresh_db(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def populated(db, reference):
    """The reference database, copied into this backend by `migrate`."""
    migrate(reference["url"], db)
    return db


def _report(i: int, text: str, **kw) -> Report:
    return Report(id=f"r-{i}", text=text, **kw)


# --- schema -----------------------------------------------------------------------------------------


def test_opening_applies_the_migrations_once(db):
    for _ in range(2):
        store = open_store(db)
        versions = [r for batch in store.table_rows("schema_version") for r in batch]
        store.close()
        assert [v for v, _ in versions] == list(range(1, SCHEMA_VERSION + 1))


def test_reading_a_database_that_is_not_there_is_one_clear_error(db):
    with pytest.raises(WarlogError) as info:
        open_store(db, read_only=True)
    assert "warlog ingest" in str(info.value) or "no such database" in str(info.value)


# --- reports ----------------------------------------------------------------------------------------


def test_reports_round_trip_in_the_order_they_were_stored(db):
    first = [_report(3, "Des hommes armés ont attaqué Ménaka.", url="https://x.invalid/3", outlet="Le Sahel",
                     title="Attaque", published=dt.date(2017, 4, 2), language="fr", source="a.jsonl:1"),
             _report(1, "Gunmen attacked a checkpoint near Gao.")]
    second = [_report(2, "Bandits looted a market in Zamfara; 4 killed.", published=dt.date(2018, 1, 1))]
    store = open_store(db)
    try:
        with store.transaction():
            store.add_reports([(r, 1, None) for r in first])
        with store.transaction():
            store.add_reports([(second[0], 0, "no violent event")])
        assert store.known_report_ids(["r-1", "r-2", "r-9"]) == {"r-1", "r-2"}
        assert store.known_report_ids([]) == set()
        assert store.report("r-3") == first[0]
        assert sorted(store.reports(["r-1", "r-2"]), key=lambda r: r.id) == [first[1], second[0]]
        assert [r.id for batch in store.iter_reports(batch_size=2) for r in batch] == ["r-3", "r-1", "r-2"]
        assert store.reports_without_events() == [("r-2", "no violent event")]
        with store.transaction():
            store.set_report_outcome([("r-2", 2, None), ("r-1", 0, None)])
        assert store.reports_without_events() == [("r-1", "no event found")]
        assert store.counts()["reports"] == 3
        with pytest.raises(NotFoundError):
            store.report("r-404")
    finally:
        store.close()


def test_fingerprints_ignore_case_and_spacing_and_match_duckdb(db):
    texts = {"a": "Attack in  Gao.\nFive killed.", "b": "attack in gao. five KILLED.  ",
             "c": "Élan: attaque à Ménaka", "d": "élan:\tattaque à ménaka", "e": "Attack in Gao. Six killed."}
    store = open_store(db)
    try:
        with store.transaction():
            store.add_reports([(_report(i, t), 0, None) for i, t in texts.items()])
        got = store.report_fingerprints([f"r-{i}" for i in texts] + ["r-missing"])
    finally:
        store.close()
    assert got["r-a"] == got["r-b"] and got["r-c"] == got["r-d"]
    assert len({got["r-a"], got["r-c"], got["r-e"]}) == 3
    assert "r-missing" not in got
    # the value itself is DuckDB's md5(lower(trim(regexp_replace(text, '\s+', ' ', 'g'))))
    assert got["r-b"] == hashlib.md5(b"attack in gao. five killed.").hexdigest()


def test_a_failed_transaction_leaves_nothing(db):
    store = open_store(db)
    try:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_reports([(_report(1, "Gunmen attacked Gao."), 0, None)])
            raise RuntimeError("power cut")
        assert store.counts()["reports"] == 0
        with store.transaction():
            store.add_reports([(_report(1, "Gunmen attacked Gao."), 0, None)])
        assert store.counts()["reports"] == 1
    finally:
        store.close()


# --- the whole pipeline -----------------------------------------------------------------------------


def test_ingest_gives_the_database_of_the_reference(db, reference, demo_reports, actors, geocoder, extractor):
    pipeline = _pipeline(db, actors, geocoder, extractor)
    try:
        summary = pipeline.ingest(demo_reports)
        assert summary.stored == len(demo_reports) and summary.events_new == len(reference["events"])
        assert list(pipeline.store.events()) == reference["events"]
        again = pipeline.ingest(demo_reports)  # idempotent: nothing stored twice, reference data unchanged
        assert again.stored == 0 and again.already_present == len(demo_reports)
    finally:
        pipeline.store.close()
    got = dump(db)
    for table, rows in reference["dump"].items():
        assert got[table] == rows, table


def test_queries_answer_as_on_the_reference(populated, reference):
    events = reference["events"]
    store = open_store(populated, read_only=True)
    try:
        assert list(store.events()) == events
        mali = EventFilter(countries=("Mali",), event_types=("battles", "VIOLENCE AGAINST CIVILIANS"),
                           since=dt.date(2016, 1, 1), until=dt.date(2017, 12, 31))
        expected = [e for e in events if e.place and e.place.country == "Mali"
                    and e.event_type.lower() in ("battles", "violence against civilians")
                    and e.date.end >= mali.since and e.date.start <= mali.until]
        assert expected and list(store.events(mali)) == expected
        one = expected[0]
        assert store.event(one.id) == one
        window = store.candidate_events(["Mali"], one.date.start, one.date.end)
        assert one in window and all(e.place.country == "Mali" for e in window)
        mentions = store.mentions(list(one.mention_ids))
        assert [m.id for m in mentions] == sorted(one.mention_ids) and all(m.spans for m in mentions)
        spans = store.spans_of(list(one.mention_ids))
        assert spans.keys() == set(one.mention_ids)
        assert store.reports(list(one.report_ids))[0].text
        with pytest.raises(NotFoundError):
            store.event("ev-000000000000")
    finally:
        store.close()


def test_corrections_survive_reextraction_with_the_same_event_ids(populated, reference, actors, geocoder,
                                                                   extractor):
    pipeline = _pipeline(populated, actors, geocoder, extractor)
    try:
        target = reference["events"][0]
        first = pipeline.correct(target.id, "fatalities", "12", "communique", "analyst")
        second = pipeline.correct(target.id, "location", "Tessit", "field report", "analyst")
        assert (first.id, second.id) == (1, 2)
        assert [c.id for c in pipeline.store.corrections(target.id)] == [1, 2]
        assert pipeline.store.corrections("ev-other") == []
        pipeline.reextract()
        assert [e.id for e in pipeline.store.events()] == [e.id for e in reference["events"]]
        corrected = pipeline.store.event(target.id)
        assert corrected.fatalities.best == 12 and corrected.place.location == "Tessit"
    finally:
        pipeline.store.close()


def test_migrate_moves_everything_corrections_included(populated, tmp_path, actors, geocoder, extractor):
    pipeline = _pipeline(populated, actors, geocoder, extractor)
    event_id = next(iter(pipeline.store.events())).id
    pipeline.correct(event_id, "fatalities", "3", "hospital count", "analyst")
    from warlog.records import LinkDecision

    with pipeline.store.transaction():
        pipeline.store.add_link_decision(LinkDecision("link", event_id, "ev-other", "same raid", "analyst",
                                                      dt.datetime(2026, 1, 2)))
    pipeline.store.close()
    copy = str(tmp_path / "copy.duckdb")
    moved = migrate(populated, copy)
    assert moved.counts["corrections"] == 1 and moved.counts["link_decisions"] == 1
    assert moved.counts["reports"] > 0
    assert dump(copy) == dump(populated)
    with pytest.raises(WarlogError, match="empty database"):
        migrate(populated, copy)
    with pytest.raises(WarlogError, match="same database"):
        migrate(populated, populated)


# --- several processes at once (a server backend only) ----------------------------------------------


@pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES)
def test_concurrent_writers_lose_nothing_and_readers_see_whole_batches(tmp_path, demo_reports, reference, actors,
                                                                       geocoder, extractor):
    half = len(demo_reports) // 2
    batches = [demo_reports[: half + 5], demo_reports[half - 5:]]  # ten reports in both
    with fresh_db("postgresql", tmp_path) as url:
        open_store(url).close()  # schema in place before the race
        errors: list[BaseException] = []
        seen: set[int] = set()
        done = threading.Event()

        def write(batch):
            try:
                pipeline = _pipeline(url, actors, geocoder, extractor)
                try:
                    pipeline.ingest(batch)
                finally:
                    pipeline.store.close()
            except BaseException as err:  # noqa: BLE001  (reported below)
                errors.append(err)

        def read():
            while not done.is_set():
                store = open_store(url, read_only=True)
                try:
                    n = store.counts()["reports"]
                    assert n == len(store.known_report_ids([r.id for r in demo_reports]))  # one snapshot
                    seen.add(n)
                finally:
                    store.close()

        reader = threading.Thread(target=read)
        reader.start()
        writers = [threading.Thread(target=write, args=(b,)) for b in batches]
        for w in writers:
            w.start()
        for w in writers:
            w.join()
        done.set()
        reader.join()
        assert not errors, errors
        # whole batches only: nothing, one batch, or both
        assert seen <= {0, len(batches[0]), len(batches[1]), len(demo_reports)}, seen
        store = open_store(url, read_only=True)
        try:
            counts = store.counts()
            assert counts["reports"] == len(demo_reports)
            assert counts["mentions"] == sum(len(e.mention_ids) for e in reference["events"])
            # every mention in exactly one event, whichever batch went first
            linked = [m for e in store.events() for m in e.mention_ids]
            assert len(linked) == len(set(linked)) == counts["mentions"]
        finally:
            store.close()


def test_a_missing_server_is_one_clear_error():
    with pytest.raises(StoreError, match="cannot connect") as info:
        open_store("postgresql://nobody:secret@127.0.0.1:9/nothing")
    assert "secret" not in str(info.value)


def test_the_migrate_command_prints_the_verified_counts(db, reference):
    from click.testing import CliRunner

    from warlog.cli import cli

    result = CliRunner().invoke(cli, ["migrate", "--from", reference["url"], "--to", db])
    assert result.exit_code == 0, result.output
    assert f"reports: {len(reference['dump']['reports'])}" in result.output
    assert "copied and verified" in result.output
    again = CliRunner().invoke(cli, ["migrate", "--from", reference["url"], "--to", db])
    assert again.exit_code == 1 and again.output.startswith("Error:") and "empty database" in again.output
    assert again.output.count("\n") == 1


@pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES)
def test_a_reader_keeps_its_snapshot_until_it_refreshes(tmp_path):
    with fresh_db("postgresql", tmp_path) as url:
        writer = open_store(url)
        reader = open_store(url, read_only=True)
        try:
            assert reader.counts()["reports"] == 0
            with writer.transaction():
                writer.add_reports([(_report(1, "Gunmen attacked Gao."), 0, None)])
            assert reader.counts()["reports"] == 0  # the batch committed after this reader's snapshot
            reader.refresh()
            assert reader.counts()["reports"] == 1
        finally:
            reader.close()
            writer.close()


def test_link_decisions_and_event_membership(populated, reference):
    from warlog.records import LinkDecision

    first, second = reference["events"][0], reference["events"][1]
    store = open_store(populated)
    try:
        when = dt.datetime(2026, 1, 2, 3, 4, 5)
        with store.transaction():
            a = store.add_link_decision(LinkDecision("link", first.id, second.id, "same raid", "analyst", when))
            b = store.add_link_decision(LinkDecision("unlink", first.id, first.mention_ids[0], "other town",
                                                     "analyst", when))
        assert (a.id, b.id) == (1, 2)
        assert store.link_decisions() == [a, b]
        mids = [*first.mention_ids, *second.mention_ids]
        assert store.event_of_mentions(mids) == {**{m: first.id for m in first.mention_ids},
                                                  **{m: second.id for m in second.mention_ids}}
        with store.transaction():
            store.delete_events([second.id])
        assert store.event_of_mentions(mids) == {m: first.id for m in first.mention_ids}
        with pytest.raises(NotFoundError):
            store.event(second.id)
        assert store.counts()["mentions"] == len(reference["dump"]["mentions"])  # mentions stay
    finally:
        store.close()
