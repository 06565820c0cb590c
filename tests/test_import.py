"""`warlog import`: ACLED's three export schemas and UCDP GED, read from ../shared (never copied here)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict

import pytest
from click.testing import CliRunner

from conftest import SHARED
from warlog.cli import EXIT_SKIPPED, cli

RAW = SHARED / "eval" / "raw"
UCDP = RAW / "ucdp_ged_sahel.dev.csv"
ACLED_2016 = RAW / "acled_africa_2016-07_AschHarwood.dev.csv"  # realtime 2016 schema
ACLED_DYADIC = RAW / "acled_burkina_subset_olivia-redman.dev.csv"  # 2019-2020 dyadic
ACLED_MONADIC = RAW / "acled_mali_2017-2020_monadic_ValenGe.dev.csv"  # 2021 monadic

pytestmark = pytest.mark.skipif(not UCDP.exists(), reason="../shared/eval/raw is not here")


@pytest.fixture(scope="module")
def ucdp_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("ucdp") / "ucdp.duckdb")
    result = CliRunner().invoke(cli, ["import", "--format", "ucdp", str(UCDP), "--db", db])
    assert result.exit_code == 0, result.output
    return db, result.stdout


def _ucdp_date(value: str) -> dt.date:
    return dt.datetime.strptime(value, "%m/%d/%Y %H:%M:%S").date()


def test_ucdp_rows_become_events_with_their_ids(ucdp_db):
    db, out = ucdp_db
    with UCDP.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert f"events stored: {len(rows)}" in out
    from warlog.store import open_store

    store = open_store(db, read_only=True)
    try:
        row = rows[0]
        event = store.event(f"ucdp:{row['id']}")
        assert (event.date.start, event.date.end) == (_ucdp_date(row["date_start"]), _ucdp_date(row["date_end"]))
        f = event.fatalities
        assert (f.low, f.best, f.high) == (int(row["low_est"]), int(row["best_est"]), int(row["high_est"]))
        assert event.place.country == row["country"]
        assert event.place.latitude == pytest.approx(float(row["latitude"]))
        assert event.report_ids == (f"ucdp:{row['id']}",)
        report = store.report(event.report_ids[0])
        assert report.outlet == "UCDP GED" and report.source.startswith("import:ucdp:")
        # "Government of Mali" is the registry's Malian armed forces; JNIM is JNIM
        jnim = next(r for r in rows if r["side_b"] == "JNIM" and r["side_a"] == "Government of Mali")
        e2 = store.event(f"ucdp:{jnim['id']}")
        assert {(a.role, a.actor_id) for a in e2.actors} == {("perpetrator", "military-forces-ml"),
                                                              ("target", "jnim")}
    finally:
        store.close()


def test_al_qaeda_linked_events_2016_against_2015_match_a_count_from_the_csv(ucdp_db):
    db, _ = ucdp_db
    # counted independently: the UCDP names of the groups of al Qaeda's family in the Sahel in 2015-2016
    # (AQIM, its Sahel branches and affiliates), rows whose whole date range lies in the year
    family = {"AQIM", "Ansar Dine", "al-Murabitun", "FLM", "MUJAO", "JNIM"}
    expected: dict[int, list[str]] = defaultdict(list)
    with UCDP.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            start, end = _ucdp_date(row["date_start"]), _ucdp_date(row["date_end"])
            names = {n.strip() for side in (row["side_a"], row["side_b"]) for n in side.split(",")}
            if names & family and start.year == end.year and start.year in (2015, 2016):
                expected[start.year].append(f"ucdp:{row['id']}")
    assert expected[2015] and expected[2016]

    result = CliRunner().invoke(cli, ["answer", "al Qaeda-linked events in Mali and its neighbours, 2016 against 2015",
                                      "--db", db, "--as-of", "2024-01-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    rows = {r["period"]: r for r in out["answer"]["rows"]}
    assert set(rows) == {"2015", "2016"}
    for year in (2015, 2016):
        assert rows[str(year)]["count"] == len(expected[year])
        assert sorted(rows[str(year)]["event_ids"]) == sorted(expected[year])
        assert rows[str(year)]["datasets"] == {"ucdp": len(expected[year])}
    assert out["answer"]["query"]["linked"] is True and out["answer"]["query"]["roles"] == "any"
    assert out["sentence"].startswith(f"At least {len(expected[2016])} al Qaeda-linked events in Mali and "
                                      "neighbouring countries")
    assert f"{len(expected[2015])} in 2015" in out["sentence"] and "UCDP GED" in out["sentence"]


def test_importing_again_stores_nothing_and_show_works(ucdp_db, tmp_path):
    db, _ = ucdp_db
    runner = CliRunner()
    # the module's database is shared: import into a copy
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    result = runner.invoke(cli, ["import", "--format", "ucdp", str(UCDP), "--db", str(copy)])
    assert result.exit_code == 0, result.output
    assert "events stored: 0" in result.stdout
    with UCDP.open(encoding="utf-8") as fh:
        first = next(csv.DictReader(fh))
    shown = runner.invoke(cli, ["show", f"ucdp:{first['id']}", "--db", str(copy)])
    assert shown.exit_code == 0, shown.output
    assert "UCDP GED" in shown.stdout and "warlog.import.ucdp.v1" in shown.stdout


def _acled_events(path) -> dict[str, list[dict]]:
    by_id: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["event_id_cnty"]:
                by_id[row["event_id_cnty"]].append(row)
    return by_id


@pytest.mark.parametrize("path", [ACLED_2016, ACLED_DYADIC, ACLED_MONADIC], ids=["realtime-2016", "dyadic", "monadic"])
def test_the_three_acled_schemas_import(path, tmp_path, actors):
    from warlog.importers import import_file
    from warlog.store import open_store

    by_id = _acled_events(path)
    store = open_store(str(tmp_path / "acled.duckdb"))
    try:
        summary = import_file(store, path, "acled", actors=actors)
        assert summary.stored == len(by_id)
        events = {e.id: e for e in store.events()}
        assert set(events) == {f"acled:{k}" for k in by_id}
        for key, rows in list(by_id.items())[:60]:
            e, row = events[f"acled:{key}"], rows[0]
            assert e.fatalities.best == int(row["fatalities"]) == e.fatalities.low == e.fatalities.high
            assert e.place.latitude == pytest.approx(float(row["latitude"]))
            assert e.event_type in ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                                    "Riots", "Strategic developments"), e.event_type
            assert e.date.acled_time_precision == int(row["time_precision"])
            if row["time_precision"] == "1":
                assert e.date.start == e.date.end
            perpetrator = next(a for a in e.actors if a.role == "perpetrator")
            assert perpetrator.phrase == row["actor1"]
            actor1 = actors.lookup(row["actor1"])
            assert perpetrator.actor_id == (actor1.id if actor1 else None)
            second = rows[1]["actor1"] if len(rows) > 1 else row.get("actor2", "")
            targets = [a.phrase for a in e.actors if a.role == "target"]
            assert targets == ([second] if second else [])
            assert store.report(f"acled:{key}").outlet == "ACLED"
    finally:
        store.close()


def test_reextract_keeps_imported_events(tmp_path, make_pipeline):
    from warlog.importers import import_file

    sample = tmp_path / "ucdp_sample.csv"
    with UCDP.open(encoding="utf-8") as fh, sample.open("w", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(fh)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        for _, row in zip(range(40), reader):
            writer.writerow(row)
    pipeline = make_pipeline()
    import_file(pipeline.store, sample, "ucdp", actors=pipeline.actors)
    before = {e.id: e for e in pipeline.store.events()}
    assert len(before) == 40
    summary = pipeline.reextract()
    after = {e.id: e for e in pipeline.store.events()}
    assert summary.read == 0, "the synthetic reports of imported rows are not extracted"
    assert after == before


def test_wrong_format_is_one_line(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "x.duckdb")
    for args in (["import", "--format", "acled", str(UCDP), "--db", db],
                 ["import", "--format", "ucdp", str(ACLED_DYADIC), "--db", db],
                 ["import", "--format", "ucdp", str(tmp_path / "missing.csv"), "--db", db]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("Error: "), result.stderr


def test_unreadable_rows_are_skipped_and_named(tmp_path):
    bad = tmp_path / "bad.csv"
    with UCDP.open(encoding="utf-8") as fh, bad.open("w", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(fh)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        rows = [row for _, row in zip(range(3), reader)]
        rows[1]["date_start"] = "sometime"
        writer.writerows(rows)
    result = CliRunner().invoke(cli, ["import", "--format", "ucdp", str(bad), "--db", str(tmp_path / "b.duckdb")])
    assert result.exit_code == EXIT_SKIPPED, result.output
    assert "events stored: 2" in result.stdout
    assert "bad.csv:3" in result.stderr and "sometime" in result.stderr
