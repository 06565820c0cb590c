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
