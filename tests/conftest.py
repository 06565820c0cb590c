"""Shared fixtures: the shipped components are loaded once per test session (the language model is slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_f5a8a32960568fc5.txt"
DEV_REPORTS = SHARED / "eval" / "dev" / "reports.jsonl"


@pytest.fixture(scope="session")
def actors():
    from warlog.actors import ActorRegistry

    return ActorRegistry.load()


@pytest.fixture(scope="session")
def geocoder():
    from warlog.geocode import Geocoder

    return Geocoder()


@pytest.fixture(scope="session")
def extractor(actors, geocoder):
    from warlog.extract import make_extractor

    return make_extractor(actors=actors, geocoder=geocoder)


@pytest.fixture
def make_pipeline(tmp_path, actors, geocoder, extractor):
    """A pipeline over a fresh DuckDB file (or the one named), with the session's components."""
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    opened = []

    def make(db: Path | None = None):
        store = open_store(str(db or tmp_path / "test.duckdb"))
        opened.append(store)
        return Pipeline(store, actors=actors, geocoder=geocoder, extractor=extractor)

    yield make
    for store in opened:
        try:
            store.close()
        except Exception:  # already closed by the test
            pass


# --- the demo database and a live HTTP server over it (tests/test_serve.py, tests/test_web.py) ---------------

# a report whose text and title are markup: every page must show it as text
HOSTILE_REPORT = {
    "id": "hostile-001", "outlet": "<b>Evil Outlet</b>", "published": "2017-05-03", "language": "en",
    "url": "javascript:window.__pwned=1", "title": "<img src=x onerror=\"window.__pwned=1\">",
    "text": "<script>window.__pwned=1</script> Gunmen killed three soldiers in an attack on an army post in "
            "Gao on Tuesday, the army said. <i>Nobody</i> claimed the attack.",
}


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, actors, geocoder, extractor) -> Path:
    """The shipped demo reports (and one hostile report) in a DuckDB file, closed; copy it before writing."""
    import datetime as dt
    import json as _json
    from importlib import resources

    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    hostile = path.parent / "hostile.jsonl"
    hostile.write_text(_json.dumps(HOSTILE_REPORT) + "\n", encoding="utf-8")
    store = open_store(str(path))
    pipeline = Pipeline(store, actors=actors, geocoder=geocoder, extractor=extractor)
    with resources.as_file(resources.files("warlog") / "data" / "demo") as demo:
        pipeline.ingest(read_reports([str(demo / "articles.jsonl"), str(demo / "pages"), str(demo / "feed.xml"),
                                      str(hostile)]))
        for meta in _json.loads((demo / "notes" / "meta.json").read_text(encoding="utf-8")):
            pipeline.ingest(read_reports([str(demo / "notes" / meta["file"])], outlet=meta["outlet"],
                                         published=dt.date.fromisoformat(meta["published"])))
    store.close()
    return path


@pytest.fixture
def live_server(actors, geocoder):
    """start(db, token=None) -> base URL of `warlog serve`'s app on a free loopback port, stopped after the test."""
    from warlog.serve import create_app
    from warlog.serve.background import start_in_thread

    running = []

    def start(db: Path, token: str | None = None) -> str:
        running.append(start_in_thread(create_app(str(db), token=token, actors=actors,
                                                  gazetteer=geocoder.gazetteer)))
        return running[-1].url

    yield start
    for server in running:
        server.stop()
