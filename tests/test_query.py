"""Trends: honest counting, the same span of earlier years, filters and breakdowns; SQL and Python agree."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from click.testing import CliRunner

from conftest import SHARED
from warlog import query
from warlog.cli import cli
from warlog.records import ActorRef, DateInterval, Event, Fatalities, PlaceRef

D = dt.date
UCDP = SHARED / "eval" / "raw" / "ucdp_ged_sahel.dev.csv"
ACLED_MONADIC = SHARED / "eval" / "raw" / "acled_mali_2017-2020_monadic_ValenGe.dev.csv"


def _event(n: int, start: dt.date, end: dt.date, precision: str, *, perpetrator: str | None = None,
           claimed: tuple[str, ...] = (), country: str = "Mali", admin1: str = "Mopti", lat: float = 14.5,
           lon: float = -4.2, confidence: float = 0.9, killed: int = 0, etype: str = "Battles",
           reports: int = 1) -> Event:
    actors = (ActorRef("perpetrator", perpetrator, perpetrator, perpetrator),) if perpetrator else ()
    mentions = tuple(f"r-{n}-{i}#0" for i in range(reports))
    return Event(id=f"ev-test-{n:02d}", mention_ids=mentions, report_ids=tuple(m[:-2] for m in mentions),
                 event_type=etype, sub_event_type="Armed clash" if etype == "Battles" else "Attack", actors=actors,
                 place=PlaceRef(place=None, country=country, admin1=admin1, latitude=lat, longitude=lon),
                 date=DateInterval(start, end, precision), fatalities=Fatalities(killed, killed, killed),  # type: ignore[arg-type]
                 claimed_by=claimed, confidence=confidence, linker="test")


# A small world whose answers are known by hand (JNIM was founded on 2 March 2017: not al Qaeda-linked before)
HAND = [
    _event(1, D(2017, 4, 10), D(2017, 4, 10), "day", perpetrator="jnim", killed=3),
    _event(2, D(2017, 4, 1), D(2017, 4, 30), "month", perpetrator="aqim", killed=5, admin1="Gao", lat=16.3, lon=-0.05),
    _event(3, D(2015, 12, 29), D(2016, 1, 4), "week", perpetrator="ansar-dine", country="Niger", admin1="Tillaberi"),
    _event(4, D(2016, 1, 1), D(2016, 12, 31), "year", claimed=("aqim",), country="Burkina Faso", admin1="Sahel",
           reports=2),
    _event(5, D(2016, 5, 5), D(2016, 5, 5), "day", perpetrator="aqim", confidence=0.35),
    _event(6, D(2016, 6, 1), D(2016, 6, 1), "day", perpetrator="islamic-state", etype="Violence against civilians"),
    _event(7, D(2016, 7, 1), D(2016, 7, 1), "day", perpetrator="jnim", killed=12),
]


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    from warlog.store import open_store

    db = str(tmp_path_factory.mktemp("hand") / "hand.duckdb")
    store = open_store(db)
    store.put_events(HAND)
    store.close()
    return db


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory, actors, geocoder):
    """Real rows (UCDP 2012-2019 and a slice of an ACLED monadic export) beside the hand-made events."""
    from warlog.importers import import_file
    from warlog.store import open_store

    folder = tmp_path_factory.mktemp("mixed")
    db = str(folder / "mixed.duckdb")
    store = open_store(db)
    store.put_events(HAND)
    for source, fmt, keep in ((UCDP, "ucdp", lambda r: "2012" <= r["year"] <= "2019"),
                              (ACLED_MONADIC, "acled", lambda r: r["year"] in ("2019", "2020"))):
        sample = folder / f"{fmt}.csv"
        with source.open(encoding="utf-8") as fh, sample.open("w", encoding="utf-8", newline="") as out:
            reader = csv.DictReader(fh)
            writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
            writer.writeheader()
            writer.writerows([r for r in reader if keep(r)][:400])
        import_file(store, sample, fmt, actors=actors, gazetteer=geocoder.gazetteer)
    store.close()
    return db


def _trend(db, actors, geocoder, **kw):
    from warlog.store import open_store

    store = open_store(db, read_only=True)
    try:
        return query.trend(store, actors, geocoder.gazetteer, **kw)
    finally:
        store.close()


def test_at_least_and_up_to_by_year(hand_db, actors, geocoder):
    a = _trend(hand_db, actors, geocoder, actor="al Qaeda", linked=True, since=D(2015, 1, 1), until=D(2017, 12, 31))
    rows = {r.period: r for r in a.rows}
    assert [(r.period, r.count, r.up_to) for r in a.rows] == [("2015", 0, 1), ("2016", 1, 2), ("2017", 2, 2)]
    assert rows["2015"].uncertain_event_ids == ("ev-test-03",)  # a week across new year: "up to" in both years
    assert rows["2016"].event_ids == ("ev-test-04",)  # claimed by AQIM; the year-precise date lies inside 2016
    assert rows["2016"].report_ids == ("r-4-0", "r-4-1")
    assert rows["2017"].event_ids == ("ev-test-02", "ev-test-01")  # by first day, then id
    assert rows["2017"].fatalities == 8
    assert (rows["2016"].change, rows["2016"].change_pct) == (1, None)  # nothing the year before to divide by
    assert (rows["2017"].change, rows["2017"].change_pct) == (1, 100.0)
    # JNIM in July 2016 did not exist as al Qaeda's branch: not counted; the low-confidence event is counted apart
    assert "ev-test-07" not in rows["2016"].event_ids + rows["2016"].uncertain_event_ids
    assert a.excluded == {"low_confidence": 1}
    assert any("below confidence" in c for c in a.caveats) and any("up to" in c for c in a.caveats)
    assert "via" in a.query and "as of 2017-04-10" in a.query["via"]["ev-test-01"]
    everything = _trend(hand_db, actors, geocoder, actor="al Qaeda", linked=True, since=D(2016, 1, 1),
                        until=D(2016, 12, 31), min_confidence=0)
    assert everything.rows[0].count == 2 and not everything.excluded


def test_so_far_this_year_against_the_same_span(hand_db, actors, geocoder):
    a = _trend(hand_db, actors, geocoder, actor="al Qaeda", linked=True, so_far=True, as_of=D(2017, 4, 25),
               since=D(2016, 1, 1))
    assert [(r.period, r.start, r.end) for r in a.rows] == [("2016", D(2016, 1, 1), D(2016, 4, 25)),
                                                           ("2017", D(2017, 1, 1), D(2017, 4, 25))]
    r2016, r2017 = a.rows
    assert (r2017.count, r2017.up_to) == (1, 2)  # April 2017, month-precise, may fall after the 25th
    assert r2017.event_ids == ("ev-test-01",) and r2017.uncertain_event_ids == ("ev-test-02",)
    assert (r2016.count, r2016.up_to) == (0, 2)
    assert a.query["so_far_this_year"] is True and a.query["as_of"] == "2017-04-25"


def test_filters_and_breakdowns(hand_db, actors, geocoder):
    every = dict(since=D(2015, 1, 1), until=D(2017, 12, 31), min_confidence=0)
    gao = _trend(hand_db, actors, geocoder, where="Mali/Gao", **every)
    assert [e for r in gao.rows for e in r.event_ids] == ["ev-test-02"]
    box = _trend(hand_db, actors, geocoder, bbox="-1,15,1,17", **every)
    assert [e for r in box.rows for e in r.event_ids] == ["ev-test-02"]
    killed = _trend(hand_db, actors, geocoder, min_fatalities=5, **every)
    assert sorted(e for r in killed.rows for e in r.event_ids) == ["ev-test-02", "ev-test-07"]
    sourced = _trend(hand_db, actors, geocoder, min_sources=2, **every)
    assert [e for r in sourced.rows for e in r.event_ids] == ["ev-test-04"]
    vac = _trend(hand_db, actors, geocoder, types="Violence against civilians", **every)
    assert [e for r in vac.rows for e in r.event_ids] == ["ev-test-06"]
    fam = _trend(hand_db, actors, geocoder, breakdown="actor-family", since=D(2016, 1, 1), until=D(2017, 12, 31))
    groups = {(r.period, r.group): r.count for r in fam.rows}
    # JNIM's family is al Qaeda from March 2017, itself before; the claimed-only event has no perpetrator
    assert groups[("2017", "al Qaeda")] == 2
    assert groups[("2016", actors.get("jnim").name)] == 1
    assert groups[("2016", query.UNIDENTIFIED)] == 1
    by_country = _trend(hand_db, actors, geocoder, breakdown="country", **every)
    assert {(r.period, r.group) for r in by_country.rows if r.count} >= {("2016", "Burkina Faso"), ("2017", "Mali")}


def test_paging_and_weeks(hand_db, actors, geocoder):
    page1 = _trend(hand_db, actors, geocoder, since=D(2016, 1, 1), until=D(2016, 12, 31), min_confidence=0,
                   page_size=2)
    page2 = _trend(hand_db, actors, geocoder, since=D(2016, 1, 1), until=D(2016, 12, 31), min_confidence=0,
                   page_size=2, page=2)
    full = _trend(hand_db, actors, geocoder, since=D(2016, 1, 1), until=D(2016, 12, 31), min_confidence=0)
    assert page1.rows[0].count == page2.rows[0].count == full.rows[0].count == 4
    assert page1.rows[0].event_ids + page2.rows[0].event_ids == full.rows[0].event_ids
    weeks = _trend(hand_db, actors, geocoder, by="week", since=D(2015, 12, 28), until=D(2016, 1, 10))
    # the week-precise event and the year-precise one (from 1 January 2016) may each fall in either week
    assert [(r.period, r.count, r.up_to) for r in weeks.rows] == [("2015-W53", 0, 2), ("2016-W01", 0, 2)]


CASES = [
    dict(actor="al Qaeda", linked=True, where="Mali+neighbours", types="attacks", since=D(2015, 1, 1),
         until=D(2017, 12, 31)),
    dict(actor="al Qaeda", linked=True, any_role=True, by="quarter", since=D(2013, 1, 1), until=D(2019, 12, 31)),
    dict(by="month", since=D(2016, 1, 1), until=D(2016, 12, 31), breakdown="type"),
    dict(breakdown="actor-family", since=D(2012, 1, 1)),
    dict(breakdown="admin1", where="Mali", min_confidence=0, since=D(2019, 1, 1)),
    dict(so_far=True, as_of=D(2019, 6, 30), since=D(2014, 1, 1), actor="JNIM", linked=True, any_role=True),
    dict(bbox="-6,12,2,18", min_fatalities=2, page_size=3, page=2, since=D(2012, 1, 1)),
    dict(datasets="acled,reports", by="week", since=D(2020, 1, 1), until=D(2020, 12, 31), min_sources=1),
    dict(where="Mopti", actor="Katiba Macina", since=D(2012, 1, 1)),
    # "so far this year" on 31 December: whole years one after the other (the SQL needs no window join)
    dict(so_far=True, as_of=D(2019, 12, 31), since=D(2015, 1, 1), min_confidence=0, page_size=2, page=2),
    dict(actor="al Qaeda", linked=True, by="month", since=D(2016, 6, 15), until=D(2018, 2, 10), page_size=1, page=2),
]


@pytest.mark.parametrize("case", CASES, ids=[str(i) for i in range(len(CASES))])
def test_sql_and_python_give_the_same_answer(mixed_db, actors, geocoder, case):
    sql = _trend(mixed_db, actors, geocoder, engine="sql", **case)
    python = _trend(mixed_db, actors, geocoder, engine="python", **case)
    assert sql.rows == python.rows
    assert sql.query == python.query and sql.excluded == python.excluded and sql.caveats == python.caveats
    assert sum(r.count for r in sql.rows) > 0


def test_answers_say_which_dataset_each_event_came_from(mixed_db, actors, geocoder):
    a = _trend(mixed_db, actors, geocoder, where="Mali", since=D(2016, 1, 1), until=D(2020, 12, 31))
    origins = {k for r in a.rows for k in r.datasets}
    assert origins == {"reports", "ucdp", "acled"}
    for r in a.rows:
        assert sum(r.datasets.values()) == r.count
    assert any("not deduplicated against each other" in c for c in a.caveats)
    only = _trend(mixed_db, actors, geocoder, where="Mali", since=D(2016, 1, 1), datasets=["ucdp"])
    assert all(e.startswith("ucdp:") for r in only.rows for e in r.event_ids)


def test_cli_trend_json_carries_question_state_and_version(hand_db):
    result = CliRunner().invoke(cli, ["trend", "--db", hand_db, "--actor", "al Qaeda", "--linked", "--so-far-this-year",
                                      "--as-of", "2017-04-25", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["state"]["warlog_version"] and out["state"]["events"] == len(HAND)
    assert "reports" in out["state"] and "last_ingest" in out["state"]
    assert out["query"]["periods"] == [["2016", "2016-01-01", "2016-04-25"], ["2017", "2017-01-01", "2017-04-25"]]
    assert [(r["count"], r["up_to"]) for r in out["rows"]] == [(0, 2), (1, 2)]


def test_plot_png_and_svg(hand_db, tmp_path):
    runner = CliRunner()
    for name in ("t.png", "t.svg"):
        result = runner.invoke(cli, ["trend", "--db", hand_db, "--actor", "al Qaeda", "--linked", "--by", "quarter",
                                     "--since", "2015-01-01", "--until", "2017-12-31", "--plot", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert "<svg" in svg
    # title and axis labels are text in the SVG (matplotlib keeps them as glyph paths with the text in comments)
    assert "al Qaeda-linked" in svg and "quarter" in svg and "events (at least)" in svg
    assert "low-confidence" in svg and "hatched" in svg
    bad = runner.invoke(cli, ["trend", "--db", hand_db, "--plot", str(tmp_path / "t.pdf")])
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: ") and len(bad.stderr.strip().splitlines()) == 1


def test_trend_leaves_the_garbage_collector_as_it_found_it(hand_db, actors, geocoder):
    """A trend runs with Python's cyclic collector off (it makes thousands of small containers, none in a cycle);
    the collector is on again afterwards, also after an error, and stays off when the caller had turned it off."""
    import gc

    from warlog.errors import InputError

    assert gc.isenabled()
    a = _trend(hand_db, actors, geocoder, actor="al Qaeda", linked=True, since=D(2015, 1, 1), until=D(2017, 12, 31))
    assert sum(r.count for r in a.rows) == 3 and gc.isenabled()
    with pytest.raises(InputError):
        _trend(hand_db, actors, geocoder, by="decade")
    assert gc.isenabled()
    gc.disable()
    try:
        assert _trend(hand_db, actors, geocoder, actor="al Qaeda", linked=True, since=D(2015, 1, 1),
                      until=D(2017, 12, 31)).rows == a.rows
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize("args", [["--bbox", "1,2,3"], ["--where", "Atlantis"], ["--dataset", "gtd"],
                                  ["--page", "0", "--page-size", "5"], ["--since", "2018-01-01", "--until", "2017-01-01"]])
def test_bad_trend_options_are_one_line(hand_db, args):
    result = CliRunner().invoke(cli, ["trend", "--db", hand_db, *args])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr


def _trend_tables(store) -> dict[str, list[tuple]]:
    return {t: sorted(store.con.execute(f"SELECT * FROM {t}").fetchall()) for t in ("trend_events", "trend_actors")}


def test_trend_tables_follow_every_write_and_sql_rebuilds_them_the_same(tmp_path):
    """put_events writes the trend tables row by row (rows.trend_rows); the SQL that fills them in an older
    database (and in bench/query.py) must give the very same rows."""
    from dataclasses import replace

    from warlog.store import open_store

    store = open_store(str(tmp_path / "t.duckdb"))
    try:
        undated = replace(HAND[0], id="ev-test-undated", date=None)
        two = replace(HAND[1], id="ev-test-two", actors=(
            ActorRef("perpetrator", "aqim", "aqim", "aqim"), ActorRef("target", "mali-army", "FAMa", "FAMa"),
            ActorRef("associated_perpetrator", "jnim", "JNIM", "JNIM")), claimed_by=("jnim",))
        store.put_events([*HAND, undated, two])
        written = _trend_tables(store)
        assert len(written["trend_events"]) == len(HAND) + 1  # the undated event is never counted
        # trend_actors: actor_key, role, position, actor_id, perpetrators, actors, event_key, event_id, ...
        assert {r[3] for r in written["trend_actors"] if r[7] == "ev-test-two"} == {"aqim", "mali-army", "jnim"}
        # perpetrators (aqim, jnim, and jnim's claim) and all rows (the target too), on every row of the event
        assert {(r[4], r[5]) for r in written["trend_actors"] if r[7] == "ev-test-two"} == {(3, 4)}
        store.rebuild_trend_tables()
        assert _trend_tables(store) == written
        store.delete_events(["ev-test-01"])
        store.put_events([replace(HAND[1], confidence=0.2)])
        after = _trend_tables(store)
        assert not [r for r in after["trend_events"] if r[1] == "ev-test-01"]
        assert not [r for r in after["trend_actors"] if r[7] == "ev-test-01"]
        assert [r[10] for r in after["trend_events"] if r[1] == "ev-test-02"] == [0.2]
        store.clear_derived()
        assert _trend_tables(store) == {"trend_events": [], "trend_actors": []}
    finally:
        store.close()


def test_a_database_older_than_the_trend_tables_answers_the_same(tmp_path, actors, geocoder):
    """Schema 2 (no trend tables), opened read-only: they are built in memory; opened for writing: migrated."""
    from warlog.store import open_store

    db = str(tmp_path / "old.duckdb")
    store = open_store(db)
    store.put_events(HAND)
    store.con.execute("DROP TABLE trend_events")
    store.con.execute("DROP TABLE trend_actors")
    store.con.execute("DELETE FROM schema_version WHERE version = 3")
    store.close()
    case = dict(actor="al Qaeda", linked=True, since=D(2015, 1, 1), until=D(2017, 12, 31), page_size=2)
    old = _trend(db, actors, geocoder, engine="sql", **case)
    assert old.rows == _trend(db, actors, geocoder, engine="python", **case).rows
    assert sum(r.count for r in old.rows) == 3  # 2016: event 7 (JNIM); 2017: events 1 and 2
    store = open_store(db)  # a writer migrates it, filling the tables from the events there
    try:
        assert store.con.execute("SELECT count(*) FROM trend_events").fetchone()[0] == len(HAND)
    finally:
        store.close()
    assert _trend(db, actors, geocoder, engine="sql", **case).rows == old.rows


def test_pages_walk_through_every_event_of_a_number(mixed_db, actors, geocoder):
    """page_size lists the first events of each number by (first day, event key); page 2, 3... the next ones, with no
    event twice and none left out, ties on the first day included."""
    full = _trend(mixed_db, actors, geocoder, by="year", since=D(2012, 1, 1), until=D(2019, 12, 31))
    busiest = max(full.rows, key=lambda r: r.count)
    assert busiest.count > 7
    walked: list[str] = []
    for page in range(1, busiest.count // 3 + 2):
        paged = _trend(mixed_db, actors, geocoder, by="year", since=D(2012, 1, 1), until=D(2019, 12, 31),
                       page_size=3, page=page)
        row = next(r for r in paged.rows if r.period == busiest.period)
        assert row.count == busiest.count and len(row.event_ids) <= 3
        assert set(row.report_ids) == {rid for eid in row.event_ids for rid in _reports_of(mixed_db, eid)}
        walked += row.event_ids
    assert walked == list(busiest.event_ids)
    # the order: by first day, then by event key (a fixed number made from the id), the same in both engines
    from warlog.store import open_store
    from warlog.store.rows import key

    store = open_store(mixed_db, read_only=True)
    try:
        days = {e: store.event(e).date.start for e in walked}
    finally:
        store.close()
    assert walked == sorted(walked, key=lambda e: (days[e], key(e)))
    assert len(set(days.values())) < len(walked)  # ties on a day, ordered by key


def _reports_of(db: str, event_id: str) -> tuple[str, ...]:
    from warlog.store import open_store

    store = open_store(db, read_only=True)
    try:
        return store.event(event_id).report_ids
    finally:
        store.close()


def test_trend_counts_follow_ingest_correction_unlink_and_import(make_pipeline, geocoder, tmp_path):
    """The trend tables are written with the events (schema 3): an ingest, an analyst's correction, an unlink and an
    import each change the answer at once, and the SQL answer stays the Python engine's."""
    from warlog.importers import import_file
    from warlog.records import Report

    pipeline = make_pipeline()
    store = pipeline.store
    case = dict(actor="al Qaeda", linked=True, by="year", since=D(2016, 1, 1), until=D(2018, 12, 31), page_size=5)

    def counts() -> dict[str, int]:
        sql = query.trend(store, pipeline.actors, geocoder.gazetteer, engine="sql", **case)
        assert sql.rows == query.trend(store, pipeline.actors, geocoder.gazetteer, engine="python", **case).rows
        return {r.period: r.count for r in sql.rows}

    assert counts() == {"2016": 0, "2017": 0, "2018": 0}
    texts = ("JNIM militants attacked a military camp in Gao, Mali, on Sunday 5 March 2017, killing five soldiers, "
             "the army said.",
             "Five soldiers were killed on Sunday 5 March 2017 when JNIM fighters attacked an army camp in Gao, Mali, "
             "officials said.")
    pipeline.ingest([Report(id=f"camp-{i}", text=text, published=D(2017, 3, 6), outlet=outlet)
                     for i, (text, outlet) in enumerate(zip(texts, ("Reuters", "AFP")))])
    [event] = [e for e in store.events() if e.date and e.date.start.year == 2017]
    assert len(event.mention_ids) == 2  # the two accounts are one event
    assert counts() == {"2016": 0, "2017": 1, "2018": 0}
    pipeline.correct(event.id, "date", "2018-03-04", "the communique's date", "analyst")
    assert counts() == {"2016": 0, "2017": 0, "2018": 1}
    pipeline.unlink(event.id, event.mention_ids[1], "a second attack", "analyst")  # its own event, dated as read
    assert counts() == {"2016": 0, "2017": 1, "2018": 1}
    # ACLED rows of 2018 in which JNIM (al Qaeda's affiliate then) is the first actor, both rows of each event
    with ACLED_MONADIC.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    chosen = sorted({r["event_id_cnty"] for r in rows if r["year"] == "2018" and r["actor1"].startswith("JNIM")})[:6]
    sample = tmp_path / "acled.csv"
    with sample.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(r for r in rows if r["event_id_cnty"] in chosen)
    import_file(store, sample, "acled", actors=pipeline.actors, gazetteer=geocoder.gazetteer)
    assert counts() == {"2016": 0, "2017": 1, "2018": 1 + len(chosen)}
