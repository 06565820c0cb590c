"""The command line, in-process through click's CliRunner, on a real DuckDB file."""

from __future__ import annotations

import csv
import json
import os

import pytest
from click.testing import CliRunner

from warlog.cli import EXIT_SKIPPED, cli

GOOD = [
    {"id": "g-1", "published": "2017-03-06", "outlet": "Test Wire", "url": "https://test.invalid/g1",
     "text": "Jihadists attacked an army post in Boulkessi on Sunday, killing 11 Malian soldiers. "
             "JNIM claimed the attack on Monday."},
    {"id": "g-2", "published": "2017-06-19", "outlet": "Test Wire",
     "text": "Gunmen stormed the Le Campement Kangaba resort near Bamako on Sunday, killing five people."},
]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.duckdb")


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_ingest_then_look_and_export(runner, db, tmp_path):
    src = _jsonl(tmp_path / "r.jsonl", GOOD)
    result = runner.invoke(cli, ["ingest", str(src), "--db", db])
    assert result.exit_code == 0, result.output
    assert "stored: 2" in result.output

    listed = runner.invoke(cli, ["events", "--db", db, "--format", "json"])
    events = json.loads(listed.stdout)
    assert len(events) == 2

    shown = runner.invoke(cli, ["show", events[0]["event_id"], "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "Test Wire" in shown.output and "https://test.invalid/g1" in shown.output
    assert "in: Jihadists attacked an army post in Boulkessi on Sunday" in shown.output

    out = tmp_path / "events.csv"
    exported = runner.invoke(cli, ["export", "--db", db, "--format", "acled-csv", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    with out.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames[:18] == [
            "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2",
            "assoc_actor_2", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
            "geo_precision", "fatalities", "notes"]
        assert reader.fieldnames[18:] == ["event_id", "fatalities_low", "fatalities_high", "sources", "report_ids"]
        rows = list(reader)
    assert {r["report_ids"] for r in rows} == {"g-1", "g-2"}
    boulkessi = next(r for r in rows if r["report_ids"] == "g-1")
    assert boulkessi["event_date"] == "2017-03-05" and boulkessi["fatalities"] == "11"

    for fmt, name in (("geojson", "e.geojson"), ("parquet", "e.parquet")):
        result = runner.invoke(cli, ["export", "--db", db, "--format", fmt, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    geo = json.loads((tmp_path / "e.geojson").read_text())
    assert len(geo["features"]) == 2
    import duckdb

    assert duckdb.connect().execute("SELECT count(*) FROM read_parquet(?)",
                                    [str(tmp_path / "e.parquet")]).fetchone()[0] == 2


def test_trend_json_lists_events_and_reports(runner, db, tmp_path):
    runner.invoke(cli, ["ingest", str(_jsonl(tmp_path / "r.jsonl", GOOD)), "--db", db])
    result = runner.invoke(cli, ["trend", "--db", db, "--actor", "al Qaeda", "--linked", "--where", "Mali+neighbours",
                                 "--by", "month", "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["query"]["linked"] is True
    assert "Burkina Faso" in answer["query"]["where"]
    [row] = answer["rows"]
    assert row["period"] == "2017-03" and row["count"] == 1 and row["report_ids"] == ["g-1"]


def test_bad_inputs_each_get_one_line_and_the_good_ones_are_stored(runner, db, tmp_path):
    # something stored before, which must survive
    runner.invoke(cli, ["ingest", str(_jsonl(tmp_path / "first.jsonl", GOOD[:1])), "--db", db])

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 40)
    lines = [json.dumps(GOOD[1]), '{"id": "broken", "text": "unterminated', json.dumps(
        {"id": "g-3", "published": "2017-08-14", "text": "Two gunmen attacked a Turkish restaurant in Ouagadougou "
                                                          "on Sunday night, killing 18 people."})]
    (bad / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (bad / "legacy.txt").write_bytes("Des hommes armés ont attaqué le poste de gendarmerie de Ténenkou "
                                     "mardi, tuant deux gendarmes.".encode("cp1252"))
    with (bad / "huge.txt").open("wb") as f:
        f.write(b"A long report. " * (50 * 1024 * 1024 // 15))

    result = runner.invoke(cli, ["ingest", str(bad), str(tmp_path / "missing.jsonl"), "--db", db,
                                 "--published", "2017-08-15"])
    assert result.exit_code == EXIT_SKIPPED, result.output
    err_lines = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(err_lines) == 5, result.stderr
    for needle in ("empty.txt", "binary.txt", "mixed.jsonl:2", "huge.txt", "missing.jsonl"):
        assert sum(needle in line for line in err_lines) == 1, (needle, err_lines)
    assert "Traceback" not in result.output

    listed = json.loads(runner.invoke(cli, ["events", "--db", db, "--format", "json"]).stdout)
    assert len(listed) >= 4  # g-1 from before, g-2 and g-3 from the mixed file, the legacy-encoded report
    shown = [runner.invoke(cli, ["show", e["event_id"], "--db", db]).stdout for e in listed]
    assert any("Ténenkou" in s for s in shown), "the cp1252 report was decoded and stored"
    assert any("g-1" in s for s in shown), "the report stored before is still there"


def test_user_mistakes_are_one_line_not_tracebacks(runner, db, tmp_path):
    runner.invoke(cli, ["ingest", str(_jsonl(tmp_path / "r.jsonl", GOOD)), "--db", db])
    for args in (["show", "ev-nope", "--db", db],
                 ["trend", "--db", db, "--where", "Atlantis"],
                 ["trend", "--db", db, "--actor", "Nobody Brigade"],
                 ["events", "--db", str(tmp_path / "none.duckdb")],
                 ["correct", "ev-nope", "fatalities", "3", "--reason", "x", "--db", db]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
        assert result.stderr.startswith("Error: ")


def test_warlog_db_environment_variable(runner, tmp_path, monkeypatch):
    target = tmp_path / "env.duckdb"
    monkeypatch.setenv("WARLOG_DB", str(target))
    result = runner.invoke(cli, ["ingest", str(_jsonl(tmp_path / "r.jsonl", GOOD))])
    assert result.exit_code == 0, result.output
    assert target.exists()
    assert os.environ["WARLOG_DB"] == str(target)


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"warlog {name}" in readme, f"`warlog {name}` is not in README.md"
        sub = getattr(command, "commands", {})
        for subname in sub:
            assert f"warlog {name} {subname}" in readme, f"`warlog {name} {subname}` is not in README.md"
