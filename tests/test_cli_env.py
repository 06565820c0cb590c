"""Environment variables and options the CLI reads: a bad value is one line naming it, never a silent default."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from warlog.cli import cli

REPORT = {"id": "env-1", "published": "2017-03-06",
          "text": "Jihadists attacked an army post in Boulkessi on Sunday, killing 11 Malian soldiers."}


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(REPORT) + "\n", encoding="utf-8")
    return str(path)


def _one_line_error(result, *words: str) -> str:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "5s"])
def test_a_bad_time_limit_variable_is_one_line_naming_it_and_nothing_is_stored(runner, source, tmp_path, monkeypatch,
                                                                               value):
    monkeypatch.setenv("WARLOG_TIME_LIMIT", value)
    db = tmp_path / "t.duckdb"
    result = runner.invoke(cli, ["ingest", source, "--db", str(db)])
    line = _one_line_error(result, "WARLOG_TIME_LIMIT", repr(value), "unset it")
    assert "0: no limit" in line
    assert not db.exists()  # refused before the database was opened


def test_good_time_limit_values_and_the_option_over_a_bad_variable(runner, source, tmp_path, monkeypatch):
    from warlog.extract.timelimit import DEFAULT_S, default_limit

    for value, limit in (("", DEFAULT_S), (" 2.5 ", 2.5), ("0", None)):
        monkeypatch.setenv("WARLOG_TIME_LIMIT", value)
        assert default_limit() == limit
    monkeypatch.setenv("WARLOG_TIME_LIMIT", "abc")
    result = runner.invoke(cli, ["ingest", source, "--db", str(tmp_path / "t.duckdb"), "--time-limit", "3"])
    assert result.exit_code == 0, result.output  # --time-limit given: the variable is not read
    assert "stored: 1" in result.stdout


@pytest.mark.parametrize("value", ["abc", "0", "-2"])
def test_a_bad_worker_count_variable_is_one_line_naming_it(runner, source, tmp_path, monkeypatch, value):
    monkeypatch.setenv("WARLOG_WORKERS", value)
    result = runner.invoke(cli, ["ingest", source, "--db", str(tmp_path / "w.duckdb")])
    _one_line_error(result, "WARLOG_WORKERS", repr(value), "1 or more")


def test_a_database_that_is_a_folder_or_of_an_unknown_kind_is_one_line(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("WARLOG_DB", str(tmp_path))
    _one_line_error(runner.invoke(cli, ["events"]), str(tmp_path), "is a folder", "WARLOG_DB")
    monkeypatch.setenv("WARLOG_DB", "mysql://warlog@localhost/sahel")
    _one_line_error(runner.invoke(cli, ["events"]), "mysql://", "postgresql://", "duckdb:///")


def test_a_scheduler_option_that_is_no_address_is_one_line(runner, source, tmp_path):
    result = runner.invoke(cli, ["ingest", source, "--db", str(tmp_path / "s.duckdb"), "--scheduler", "nonsense"])
    _one_line_error(result, "--scheduler", "nonsense", "tcp://")


def test_a_token_no_request_can_send_is_one_line(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("WARLOG_TOKEN", "s3cret\n")
    result = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb"), "--port", "0"])
    _one_line_error(result, "WARLOG_TOKEN", "line breaks", "read-only")
