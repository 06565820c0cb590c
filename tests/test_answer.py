"""`warlog answer`: questions in this field's English read into trend queries; what is not understood is said."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from test_query import HAND
from warlog.answer import ask, parse_question
from warlog.cli import cli
from warlog.errors import InputError

AS_OF = dt.date(2017, 4, 25)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from warlog.store import open_store

    path = str(tmp_path_factory.mktemp("answer") / "a.duckdb")
    store = open_store(path)
    store.put_events(HAND)
    store.close()
    return path


def test_the_seed_question(actors, geocoder):
    q = parse_question("al Qaeda-linked attacks in Mali and neighbouring countries so far this year", actors,
                       geocoder.gazetteer, AS_OF)
    assert q.not_understood == []
    assert q.params == {"so_far": True, "as_of": AS_OF, "types": "attacks", "linked": True, "actor": "al Qaeda",
                        "where": "Mali+neighbours"}
    assert q.command() == ("warlog trend --actor 'al Qaeda' --linked --where Mali+neighbours --type attacks "
                           "--so-far-this-year --as-of 2017-04-25")


@pytest.mark.parametrize("text, expected", [
    ("al Qaeda-linked events in Mali and its neighbours, 2016 against 2015",
     {"actor": "al Qaeda", "linked": True, "any_role": True, "where": "Mali+neighbours",
      "since": dt.date(2015, 1, 1), "until": dt.date(2016, 12, 31)}),
    ("How many attacks by JNIM in Mali and Niger since 2015?",
     {"actor": "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)", "types": "attacks", "where": "Mali,Niger",
      "since": dt.date(2015, 1, 1), "until": AS_OF}),
    ("Islamic State attacks on civilians in Burkina Faso by month in 2016 compared to 2015",
     {"actor": "Islamic State", "types": "Violence against civilians", "where": "Burkina Faso", "by": "month",
      "since": dt.date(2015, 1, 1), "until": dt.date(2016, 12, 31)}),
    ("fatalities in Mopti last year", {"where": "Mopti", "since": dt.date(2016, 1, 1),
                                      "until": dt.date(2016, 12, 31)}),
])
def test_questions_become_queries(actors, geocoder, text, expected):
    q = parse_question(text, actors, geocoder.gazetteer, AS_OF)
    assert q.not_understood == []
    assert q.params == expected
    assert q.measure == ("fatalities" if text.startswith("fatalities") else "events")


@pytest.mark.parametrize("text, words", [
    ("attacks on schools in Mali in 2016", "'schools'"),
    ("al Qaeda-linked attacks in the Sahel so far this year", "the area 'the Sahel'"),
    ("al Qaeda-linked attacks in Atlantis so far this year", "'Atlantis'"),
    ("JNIM and Islamic State attacks in Mali", "more than one actor"),
    ("linked attacks in Mali", "which actor"),
])
def test_what_is_not_understood_is_said_not_guessed(db, actors, geocoder, text, words):
    from warlog.store import open_store

    assert words in " ".join(parse_question(text, actors, geocoder.gazetteer, AS_OF).not_understood)
    store = open_store(db, read_only=True)
    try:
        with pytest.raises(InputError, match="could not understand"):
            ask(text, store=store, actors=actors, gazetteer=geocoder.gazetteer, as_of=AS_OF)
    finally:
        store.close()
    result = CliRunner().invoke(cli, ["answer", text, "--db", db, "--as-of", "2017-04-25"])
    assert result.exit_code == 1 and result.stderr.startswith("Error: could not understand")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_answer_states_its_figures_and_the_query(db):
    result = CliRunner().invoke(cli, ["answer", "al Qaeda-linked attacks in Mali and neighbouring countries so far "
                                                "this year", "--db", db, "--as-of", "2017-04-25"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # the hand-made world: one attack surely in 1 Jan - 25 Apr 2017, one dated only to April 2017
    assert lines[0].startswith("At least 1 al Qaeda-linked attacks in Mali and neighbouring countries (")
    assert "so far this year (1 January to 25 April 2017), up to 2 counting 1 whose dates" in lines[0]
    assert "0 in the same span of 2016: none then to compare with" in lines[0]
    assert any(line.startswith("query: warlog trend --actor 'al Qaeda' --linked") for line in lines)
    assert any("ev-test-01" in line for line in lines) and any("ev-test-02" in line for line in lines)
    assert any(line.startswith("      counted because: ") for line in lines)


def test_json_answer(db):
    result = CliRunner().invoke(cli, ["answer", "fatalities in al Qaeda-linked attacks in Mali in 2017", "--db", db,
                                      "--as-of", "2017-12-31", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["measure"] == "fatalities"
    assert out["sentence"].startswith("At least 8 fatalities in 2 al Qaeda-linked attacks in Mali in 2017")
    assert out["answer"]["rows"][0]["fatalities"] == 8
    assert out["answer"]["state"]["warlog_version"]
    assert {"phrase": "Mali", "meaning": "country Mali"} in out["understood"]
