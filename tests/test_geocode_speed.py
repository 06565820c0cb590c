"""Geocoding a long report costs about linearly in its length: `Geocoder.prepare` reads the text once for
every mention resolved in it, and the co-location bonus visits only the phrases that can add to it. The
answers are the same as reading the text afresh for each call."""

from __future__ import annotations

import json
import time

import pytest

from conftest import DEV_REPORTS
from warlog.geocode import Geocoder
from warlog.geocode.geocoder import PREPARED_TEXTS, PlaceMatch

pytestmark = pytest.mark.skipif(not DEV_REPORTS.exists(), reason="needs ../shared/eval/dev")


def _long_texts(*sizes: int) -> list[str]:
    """Texts of the given lengths, each made of its own dev reports joined (as a long bulletin is)."""
    out, parts, total = [], [], 0
    wanted = list(sizes)
    with DEV_REPORTS.open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)["text"]
            parts.append(text)
            total += len(text) + 2
            if total >= wanted[0]:
                out.append("\n\n".join(parts)[: wanted.pop(0)])
                parts, total = [], 0
                if not wanted:
                    break
    return out


def _calls(text: str) -> list[dict]:
    """What an extractor asks of one report: its country, then one place per mention (a focus each), and a
    long report tells more events: one every 1,000 characters."""
    step = 1_000
    return [{"outlet": "Studio Tamani"}] + [{"focus": [(a, a + 500)], "country_hint": ("Mali" if k % 2 else None)}
                                            for k, a in enumerate(range(0, len(text) - 500, step))]


def _cpu(geocoder: Geocoder, text: str) -> float:
    started = time.process_time()
    for call in _calls(text):
        geocoder.resolve(text, **call)
    return time.process_time() - started


def test_long_report_cost_grows_about_linearly(geocoder):
    warm, short, long_ = _long_texts(10_000, 10_000, 40_000)
    fresh = Geocoder(geocoder.gazetteer)
    _cpu(fresh, warm)  # the gazetteer's lazy indexes load here, not in the timed runs
    short_s = min(_cpu(Geocoder(geocoder.gazetteer), short) for _ in range(2))
    long_s = min(_cpu(Geocoder(geocoder.gazetteer), long_) for _ in range(2))
    # four times the text (and the mentions): about four times the cost (6 measured); reading the whole text once
    # per mention cost seventeen times
    assert long_s < 10 * max(short_s, 0.02), (short_s, long_s)


def test_prepared_answers_are_those_of_a_fresh_read(geocoder):
    (text,) = _long_texts(12_000)
    cached = Geocoder(geocoder.gazetteer)
    for call in _calls(text):
        # a fresh Geocoder per call reads the text afresh
        assert repr(cached.resolve(text, **call)) == repr(Geocoder(geocoder.gazetteer).resolve(text, **call)), call
    prepared = cached.prepare(text)
    assert prepared is cached.prepare(text)
    assert prepared.context.hint_cc is None and prepared.context.outlet_cc is None  # the caller's, never cached


def test_co_location_index_misses_no_phrase(geocoder):
    (text,) = _long_texts(15_000)
    prepared = Geocoder(geocoder.gazetteer).prepare(text)
    sites = [m for m in prepared.matches if not m.is_country]
    assert len(sites) > 50
    checked = 0
    for m in sites:
        for place in m.candidates:
            admin1_code = geocoder.gazetteer.admin_codes(place)[0]
            indexed = geocoder._co_location(place, admin1_code, m, prepared.matches, prepared)
            # a copy of the list is not the prepared one: every phrase is visited
            assert indexed == geocoder._co_location(place, admin1_code, m, list(prepared.matches)), (m.phrase, place.id)
            checked += 1
    assert checked > 100


def test_prepared_texts_are_bounded(geocoder):
    fresh = Geocoder(geocoder.gazetteer)
    for k in range(PREPARED_TEXTS + 3):
        fresh.resolve(f"Gunmen killed {k} civilians in Gao, Mali.")
    assert len(fresh._prepared) == PREPARED_TEXTS
    assert "Gunmen killed 0 civilians in Gao, Mali." not in fresh._prepared  # the oldest went first
    assert isinstance(fresh.prepare("Clashes in Menaka.").matches[0], PlaceMatch)
