"""The HTTP API (`warlog serve`) over the demo database, through a real uvicorn server on a loopback port."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from warlog import export as export_mod, query, render
from warlog.cli import cli
from warlog.store import EventFilter, open_store

from backends import NO_POSTGRES, POSTGRES, fresh_db
from conftest import HOSTILE_REPORT

DEMO = Path(__file__).resolve().parents[1] / "src" / "warlog" / "data" / "demo" / "articles.jsonl"
DEMO_QUESTION = {"actor": "al Qaeda", "linked": "true", "where": "Mali+neighbours", "type": "attacks",
                 "since": "2015-01-01", "until": "2017-12-31"}


def call(base: str, path: str, params: dict | None = None, *, method: str = "GET", body: dict | None = None,
         token: str | None = None) -> tuple[int, dict, bytes]:
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def get_json(base: str, path: str, params: dict | None = None, status: int = 200) -> dict:
    code, _, raw = call(base, path, params)
    assert code == status, raw[:500]
    return json.loads(raw)


@pytest.fixture(scope="module")
def facts(demo_db, actors, geocoder):
    """What the Python API says about the demo database, to hold the HTTP answers to."""
    store = open_store(str(demo_db), read_only=True)
    try:
        every = list(store.events())
        answer = query.trend(store, actors, geocoder.gazetteer, actor="al Qaeda", linked=True,
                             where="Mali+neighbours", types="attacks", since=dt.date(2015, 1, 1),
                             until=dt.date(2017, 12, 31), by="year")
        in_bf = [e.id for e in store.events(EventFilter(countries=("Burkina Faso",)))]
        hostile = [e.id for e in every if HOSTILE_REPORT["id"] in e.report_ids]
        yield {"events": every, "answer": render.answer_json(answer), "in_bf": in_bf, "hostile": hostile}
    finally:
        store.close()


@pytest.fixture
def server(demo_db, live_server):
    return live_server(demo_db)


@pytest.fixture
def writable(demo_db, live_server, tmp_path):
    """A server with WARLOG_TOKEN set, over a copy of the demo database."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, copy)
    return live_server(copy, token="s3cret"), copy


def test_openapi_schema_lists_every_endpoint(server):
    schema = get_json(server, "/openapi.json")
    paths = set(schema["paths"])
    for path in ("/api/events", "/api/events/{event_id}", "/api/trend", "/api/actors", "/api/actors/{name}",
                 "/api/places", "/api/export", "/api/map", "/api/meta", "/api/events/{event_id}/corrections"):
        assert path in paths
    params = {p["name"] for p in schema["paths"]["/api/trend"]["get"]["parameters"]}
    assert {"actor", "linked", "where", "type", "since", "until", "by"} <= params


def test_events_filter_and_pages(server, facts):
    everything = get_json(server, "/api/events", {"limit": 500})
    assert everything["total"] == len(facts["events"]) > 40
    assert [e["id"] for e in everything["events"]] == [e.id for e in facts["events"]]
    first = get_json(server, "/api/events", {"limit": 10})
    second = get_json(server, "/api/events", {"limit": 10, "offset": 10})
    assert [e["id"] for e in first["events"] + second["events"]] == [e.id for e in facts["events"][:20]]
    bf = get_json(server, "/api/events", {"where": "BF"})
    assert [e["id"] for e in bf["events"]] == facts["in_bf"] and bf["total"] >= 2
    assert all(e["country"] == "Burkina Faso" for e in bf["events"])
    deadly = get_json(server, "/api/events", {"min_fatalities": 20, "limit": 500})
    assert deadly["total"] >= 1 and all(e["fatalities"] >= 20 for e in deadly["events"])
    radisson = get_json(server, "/api/events", {"q": "bamako", "limit": 500})
    assert radisson["total"] >= 1
    assert all("bamako" in json.dumps(e).lower() for e in radisson["events"])


def test_trend_is_the_python_answer_and_its_events_resolve(server, facts):
    got = get_json(server, "/api/trend", DEMO_QUESTION)
    assert got["rows"] == facts["answer"]["rows"]
    assert got["query"]["actor"] == "al Qaeda" and "Mali" in got["query"]["where"]
    assert got["version"] and got["database"]["counts"]["events"] == len(facts["events"])
    assert sum(r["count"] for r in got["rows"]) >= 20
    for eid in got["rows"][-1]["event_ids"]:
        assert get_json(server, f"/api/events/{eid}")["event"]["id"] == eid
    monthly = get_json(server, "/api/trend", {**DEMO_QUESTION, "by": "month"})
    assert monthly["rows"] and all(re.fullmatch(r"\d{4}-\d{2}", r["period"]) for r in monthly["rows"])
    assert sum(r["count"] for r in monthly["rows"]) <= sum(r["count"] for r in got["rows"])


def test_event_has_fields_sources_and_spans_into_the_report_text(server, facts):
    several = next(e for e in facts["events"] if len(e.report_ids) >= 2)
    d = get_json(server, f"/api/events/{several.id}")
    assert d["event"]["id"] == several.id and set(d["reports"]) == set(several.report_ids)
    assert d["event"]["rules"] and d["corrections"] == []
    spans = [s for fields in d["spans"].values() for group in fields.values() for s in group]
    assert spans
    for s in spans:
        text = d["reports"][s["report_id"]]["text"]
        assert text[s["start"]:s["end"]] == s["text"] and s["sentence"] in text


def test_errors_have_one_shape(server):
    cases = [("/api/events/ev-000000000000", {}, 404, "ev-000000000000"),
             ("/api/trend", {"since": "last year"}, 400, "since"),
             ("/api/trend", {"where": "Atlantis"}, 400, "Atlantis"),
             ("/api/trend", {"actor": "Nobody Brigade"}, 404, "Nobody Brigade"),
             ("/api/trend", {"by": "decade"}, 400, "by"),
             ("/api/events", {"limit": 0}, 400, "limit"),
             ("/api/places", {}, 400, "q"),
             ("/api/export", {"actor": "JNIM"}, 400, "actor"),
             ("/no/such/page", {}, 404, "/no/such/page")]
    for path, params, status, word in cases:
        code, headers, raw = call(server, path, params)
        body = json.loads(raw)
        assert (code, list(body)) == (status, ["error"]), (path, params, body)
        assert word.lower() in body["error"].lower()
        assert headers["content-type"].startswith("application/json")


def test_reference_endpoints(server):
    jnim = get_json(server, "/api/actors/JNIM", {"at": "2018-01-01"})
    assert jnim["actor"]["id"] == "jnim" and jnim["links"]
    assert any(k["other_id"] == "al-qaeda" or k["actor_id"] == "al-qaeda" for k in jnim["links"]) \
        or jnim["tree"]["children"]
    found = get_json(server, "/api/actors", {"q": "Islamic State"})["actors"]
    assert found and any("Islamic State" in a["name"] for a in found)
    places = get_json(server, "/api/places", {"q": "Tombouctou", "country": "ML"})["places"]
    assert places and places[0]["country_code"] == "ML" and places[0]["latitude"] is not None
    meta = get_json(server, "/api/meta")
    assert meta["writable"] is False and meta["counts"]["events"] > 40


def test_export_csv_and_geojson(server, facts):
    code, headers, raw = call(server, "/api/export", {"format": "acled-csv", "where": "Burkina Faso"})
    assert code == 200 and headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert [r["event_id"] for r in rows] == facts["in_bf"]
    assert list(rows[0]) == export_mod.COLUMNS
    code, _, raw = call(server, "/api/export", {"format": "geojson"})
    assert code == 200 and len(json.loads(raw)["features"]) == len(facts["events"])
    fc = get_json(server, "/api/map", {"where": "Burkina Faso"})
    assert {f["id"] for f in fc["features"]} <= set(facts["in_bf"]) and fc["features"]
    assert all(len(f["geometry"]["coordinates"]) == 2 for f in fc["features"])


def test_page_loads_nothing_from_elsewhere(server):
    code, headers, raw = call(server, "/")
    page = raw.decode()
    assert code == 200 and "default-src 'self'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith(("/", "#")) for s in sources), sources
    assert "<script>" not in page  # no inline script: the CSP would refuse it
    for asset in ("/static/app.js", "/static/map.js", "/static/leaflet/leaflet.js", "/static/app.css"):
        code, headers, raw = call(server, asset)
        assert code == 200 and "content-security-policy" in headers and raw
        assert b"innerHTML" not in raw or asset.endswith("leaflet.js")
    outlines = get_json(server, "/api/outlines")
    kinds = {f["properties"]["kind"] for f in outlines["features"]}
    assert {"country", "admin1", "label-country"} <= kinds


def test_hostile_report_text_comes_back_as_data(server, facts):
    assert facts["hostile"], "the hostile report should yield an event"
    d = get_json(server, f"/api/events/{facts['hostile'][0]}")
    assert d["reports"]["hostile-001"]["text"].startswith("<script>")  # the text as written, for the page to escape


def test_writes_need_the_token_and_change_nothing_without_it(writable, facts, actors):
    base, db = writable
    target = next(e for e in facts["events"] if e.fatalities.best)
    path = f"/api/events/{target.id}/corrections"
    body = {"field": "fatalities", "value": "41", "reason": "army communique", "author": "analyst"}
    for token in (None, "wrong", ""):
        code, headers, raw = call(base, path, method="POST", body=body, token=token)
        assert code == 401 and "token" in json.loads(raw)["error"]
        assert headers.get("www-authenticate", "").startswith("Bearer")
    assert get_json(base, path)["corrections"] == []
    assert get_json(base, f"/api/events/{target.id}")["event"]["fatalities"]["best"] == target.fatalities.best

    code, _, raw = call(base, path, method="POST", body=body, token="s3cret")
    assert code == 201 and json.loads(raw)["correction"]["id"] == 1
    shown = get_json(base, f"/api/events/{target.id}")
    assert shown["event"]["fatalities"]["best"] == 41
    assert [c["reason"] for c in shown["corrections"]] == ["army communique"]
    code, _, raw = call(base, path, method="POST", body={**body, "field": "colour"}, token="s3cret")
    assert code == 400 and "colour" in json.loads(raw)["error"]
    code, _, raw = call(base, "/api/events/ev-000000000000/corrections", method="POST", body=body, token="s3cret")
    assert code == 404


def test_read_only_server_refuses_every_write(server, facts):
    eid = facts["events"][0].id
    code, _, raw = call(server, f"/api/events/{eid}/corrections", method="POST",
                        body={"field": "fatalities", "value": "1", "reason": "x"}, token="anything")
    assert code == 401 and "WARLOG_TOKEN" in json.loads(raw)["error"]


def test_link_and_unlink_need_the_token(writable, facts):
    base, _ = writable
    paths = set(get_json(base, "/openapi.json")["paths"])
    if "/api/events/{event_id}/link" not in paths:
        pytest.skip("this warlog has no analysts' linking decisions (Pipeline.link_events)")
    a, b = [e for e in facts["events"] if e.place and e.place.country == "Mali" and e.date][:2]
    body = {"other": b.id, "reason": "same raid"}
    code, _, _ = call(base, f"/api/events/{a.id}/link", method="POST", body=body)
    assert code == 401
    assert get_json(base, f"/api/events/{b.id}")["event"]["id"] == b.id  # unchanged
    code, _, raw = call(base, f"/api/events/{a.id}/link", method="POST", body=body, token="s3cret")
    assert code == 201, raw
    joined = get_json(base, f"/api/events/{a.id}")
    assert set(b.mention_ids) <= set(joined["event"]["mention_ids"])
    assert [d["kind"] for d in joined["decisions"]] == ["link"]
    code, _, raw = call(base, f"/api/events/{a.id}/unlink", method="POST",
                        body={"other": b.mention_ids[0], "reason": "two raids after all"})
    assert code == 401


def test_map_command_writes_a_page_that_works_offline(demo_db, tmp_path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["map", "--db", str(demo_db), "--html", str(out), "--where", "Mali+neighbours",
                                      "--colour", "family"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "L.circleMarker" in page and '"colour_by":"family"' in page  # Leaflet and the map code inlined
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)=', page)  # nothing fetched
    assert page.count("</script>") == page.count("<script")
    data = json.loads(re.search(r'id="events-data">(.*?)</script>', page, re.S).group(1))
    assert data["features"] and {f["properties"]["family"] for f in data["features"]} >= {"al Qaeda"}
    assert "on the map" in result.output
    bad = CliRunner().invoke(cli, ["map", "--db", str(demo_db), "--html", str(tmp_path / "no" / "x.html")])
    assert bad.exit_code == 1 and bad.output.startswith("Error:") and "Traceback" not in bad.output


def test_trend_options_and_regions(server, facts):
    so_far = get_json(server, "/api/trend", {**DEMO_QUESTION, "so_far": "true", "as_of": "2017-04-25"})
    if "so_far" not in json.dumps(so_far["query"]):
        pytest.skip("this warlog's trend has no so-far-this-year comparison")
    assert [r["period"][:4] for r in so_far["rows"]] == ["2015", "2016", "2017"]
    assert all(r["end"][5:] == "04-25" for r in so_far["rows"])
    mopti = get_json(server, "/api/events", {"where": "Mopti", "limit": 500})
    assert mopti["total"] >= 1 and {e["admin1"] for e in mopti["events"]} == {"Mopti"}
    by_family = get_json(server, "/api/trend", {"breakdown": "actor-family"})
    assert "al Qaeda" in {r["group"] for r in by_family["rows"]}
    code, _, raw = call(server, "/api/trend", {"breakdown": "colour"})
    assert code == 400 and "colour" in json.loads(raw)["error"]


def test_answer_a_question_in_english(server):
    if "/api/answer" not in get_json(server, "/openapi.json")["paths"]:
        pytest.skip("this warlog has no warlog.answer")
    got = get_json(server, "/api/answer", {"q": "al Qaeda-linked attacks in Mali and neighbouring countries so far "
                                                "this year", "as_of": "2017-04-25"})
    assert got["sentence"].startswith("At least") and "--linked" in got["command"]
    rows = got["answer"]["rows"]
    assert rows and all(get_json(server, f"/api/events/{eid}")["event"]["id"] == eid for eid in rows[-1]["event_ids"])
    code, _, raw = call(server, "/api/answer", {"q": "purple elephants dancing"})
    assert code == 400 and "elephants" in json.loads(raw)["error"]
    assert get_json(server, "/api/meta")["answer"] is True


def test_serve_command_says_what_is_wrong_in_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "missing.duckdb"), "--port", "0"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error:") and "missing.duckdb" in result.output
    assert "WARLOG_TOKEN" in CliRunner().invoke(cli, ["serve", "--help"]).output


def test_map_page_keeps_hostile_names_inside_its_data(actors):
    from warlog.maps import map_html
    from warlog.records import ActorRef, DateInterval, Event, Fatalities, PlaceRef

    evil = "</script><script>window.__pwned=1</script><!--"
    event = Event(id="ev-x", mention_ids=("r#0",), report_ids=("r",), event_type="Battles",
                  sub_event_type="Armed clash", actors=(ActorRef("perpetrator", None, evil, evil),),
                  place=PlaceRef(place=None, country="Mali", location=evil, latitude=16.27, longitude=-0.04),
                  date=DateInterval(dt.date(2017, 4, 18), dt.date(2017, 4, 18), "day"),
                  fatalities=Fatalities(best=3), claimed_by=(), confidence=0.9)
    page = map_html([event], actors, title=evil)
    assert evil not in page and "window.__pwned" in page  # present only as escaped data
    data = json.loads(re.search(r'id="events-data">(.*?)</script>', page, re.S).group(1))
    assert data["features"][0]["properties"]["actor1"] == evil  # and it reads back as the same text


# --- PostgreSQL: requests side by side, each in a snapshot of its own -------------------------------------


@pytest.fixture
def serving():
    """start(app) -> base URL of a real uvicorn server for an app made here (its state at hand)."""
    from warlog.serve.background import start_in_thread

    running = []

    def start(app) -> str:
        running.append(start_in_thread(app))
        return running[-1].url

    yield start
    for server in running:
        server.stop()


@pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES)
def test_on_postgresql_requests_run_side_by_side_each_in_a_fresh_snapshot(tmp_path, serving, actors, geocoder,
                                                                          extractor):
    """A request in progress (here: one held open) holds up neither other reads nor a correction; they see the
    batch committed since it began, while it keeps the snapshot it began with (whole batches only)."""
    import threading

    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.records import Report
    from warlog.serve import create_app

    items = [r for r in read_reports([DEMO]) if isinstance(r, Report)][:12]
    with fresh_db("postgresql", tmp_path) as url:
        pipeline = Pipeline(open_store(url), actors=actors, geocoder=geocoder, extractor=extractor)
        pipeline.ingest(items[:6])
        app = create_app(url, token="s3cret", actors=actors, gazetteer=geocoder.gazetteer)
        state = app.state.warlog
        base = serving(app)
        target = get_json(base, "/api/events")["events"][0]["id"]
        body = {"field": "fatalities", "value": "41", "reason": "army communique"}
        answers: dict = {}

        def ask(name: str, method: str = "GET", path: str = "/api/meta", **kw) -> None:
            answers[name] = call(base, path, method=method, **kw)

        try:
            with state.lock:  # a long request: its connection, its snapshot
                held = state.store
                assert held.counts()["reports"] == 6
                before = [e.id for e in held.events()]
                pipeline.ingest(items[6:])  # a batch commits meanwhile
                threads = [threading.Thread(target=ask, args=(f"meta{i}",)) for i in range(3)]
                threads.append(threading.Thread(target=ask, args=("correct", "POST", f"/api/events/{target}/corrections"),
                                                kwargs={"body": body, "token": "s3cret"}))
                for t in threads:
                    t.start()
                for t in threads:
                    t.join(40)
                assert not any(t.is_alive() for t in threads), "a request waited for the one in progress"
                assert held.counts()["reports"] == 6  # the request in progress keeps its snapshot
                assert [e.id for e in held.events()] == before
            for i in range(3):
                code, _, raw = answers[f"meta{i}"]
                assert code == 200 and json.loads(raw)["counts"]["reports"] == 12
            assert answers["correct"][0] == 201
            fresh = open_store(url, read_only=True)
            try:
                every = [e.id for e in fresh.events()]
            finally:
                fresh.close()
            assert len(every) > len(before) and get_json(base, "/api/events", {"limit": 500})["total"] == len(every)
            # a page is read as a page (SQL), the same as the listing it is part of
            page = get_json(base, "/api/events", {"offset": 3, "limit": 4})
            assert page["total"] == len(every) and [e["id"] for e in page["events"]] == every[3:7]
            mali = get_json(base, "/api/events", {"where": "Mali", "type": "attacks", "limit": 500})
            slow = get_json(base, "/api/events", {"where": "Mali", "type": "attacks", "limit": 500, "q": "-"})
            assert 0 < mali["total"] < len(every) and mali["events"] == slow["events"]
            shown = get_json(base, f"/api/events/{target}")
            assert shown["event"]["fatalities"]["best"] == 41
            assert [c["reason"] for c in shown["corrections"]] == ["army communique"]
        finally:
            pipeline.store.close()
