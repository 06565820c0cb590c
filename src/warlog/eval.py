"""Measure extraction against human coding: ingest the reports into a fresh database, export, compare.

Per field, the share of gold reports on which warlog's event agrees with the human coder, per dataset
and overall. Actors are compared by identity (both names resolved through the registry), not spelling;
a gold "A and/or B" is found when either A or B is.
`strip_hints` first removes what real news does not carry: "(admin2, admin1)" after place names and
leading labels such as "Looting:".
"""

from __future__ import annotations

import csv
import json
import random
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from warlog.actors import ActorRegistry
from warlog.errors import InputError
from warlog.geocode import Gazetteer
from warlog.geocode.geocoder import distance_km, same_admin
from warlog.records import Report

FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "fatalities", "event_date", "country", "admin1",
          "admin2", "location_25km")
LEADING_LABEL = re.compile(r"^\s*[A-Z][A-Za-z /-]{2,40}:\s+")
PARENTHESES = re.compile(r"\s*\(([^()]{2,80})\)")


@dataclass(slots=True)
class Score:
    reports: int = 0
    yielded: int = 0
    events: int = 0
    agree: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counted: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "reports": self.reports,
            "yields_event": _share(self.yielded, self.reports),
            "events_per_report": _share(self.events, self.reports),
        }
        for name in FIELDS:
            out[name] = _share(self.agree[name], self.counted[name])
        return out


def _share(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


class HintStripper:
    """Removes ACLED's place hints: parentheses whose parts are all admin names of the gazetteer."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._known: dict[str, bool] = {}

    def _is_admin(self, name: str) -> bool:
        name = name.strip()
        if name not in self._known:
            self._known[name] = any(p.feature_kind and p.feature_kind.startswith("A.") or
                                    same_admin(p.admin1, name) or same_admin(p.admin2, name)
                                    for p in self.gazetteer.search(name, limit=5))
        return self._known[name]

    def strip(self, text: str) -> str:
        text = LEADING_LABEL.sub("", text, count=1)

        def drop(m: re.Match) -> str:
            parts = [p for p in m.group(1).split(",") if p.strip()]
            if parts and all(p.strip()[:1].isupper() and self._is_admin(p) for p in parts):
                return ""
            return m.group(0)

        return PARENTHESES.sub(drop, text)


def read_gold(path: Path, needs: str = "see ../shared/eval/README.md") -> dict[str, dict[str, str]]:
    """Gold rows by report id; `needs` completes the message for a file without a report_id column."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as err:
        raise InputError(f"{path}: cannot read the gold file ({err.strerror})") from err
    if not rows or "report_id" not in rows[0]:
        raise InputError(f"{path}: not a gold file: it needs a report_id column ({needs})")
    return {r["report_id"]: r for r in rows}


def sample_ids(gold: dict[str, dict[str, str]], sample: int | None, seed: int = 20261125) -> set[str]:
    ids = sorted(gold)
    if sample is None or sample >= len(ids):
        return set(ids)
    return set(random.Random(seed).sample(ids, sample))


def evaluate(gold_path: Path, reports_path: Path, *, strip_hints: bool = False, sample: int | None = None,
             pipeline_factory=None, actors: ActorRegistry | None = None,
             gazetteer: Gazetteer | None = None) -> dict[str, dict[str, object]]:
    """Scores per dataset and overall ("all"). `pipeline_factory(db_path)` lets tests reuse loaded models."""
    actors = actors or ActorRegistry.load()
    gold, chosen, rows, opening = run(gold_path, reports_path, strip_hints=strip_hints, sample=sample,
                                      pipeline_factory=pipeline_factory, actors=actors, gazetteer=gazetteer)
    return score(gold, chosen, rows, actors, opening)


def run(gold_path: Path, reports_path: Path, *, strip_hints: bool = False, sample: int | None = None,
        pipeline_factory=None, actors: ActorRegistry | None = None, gazetteer: Gazetteer | None = None,
        ) -> tuple[dict[str, dict[str, str]], set[str], list[dict[str, str]], dict[str, str]]:
    """Ingest the chosen gold reports into a fresh database and export: (gold rows, chosen report ids,
    exported rows, each report's opening event). `evaluate` scores this; bench/geocode_ceiling.py reads it."""
    from warlog import export
    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    actors = actors or ActorRegistry.load()
    gazetteer = gazetteer or Gazetteer.load()
    gold = read_gold(gold_path)
    chosen = sample_ids(gold, sample)
    stripper = HintStripper(gazetteer) if strip_hints else None

    def reports() -> Iterator:
        for item in read_reports([reports_path]):
            if isinstance(item, Report):
                if item.id not in chosen:
                    continue
                if stripper:
                    from dataclasses import replace

                    item = replace(item, text=stripper.strip(item.text))
            yield item

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "eval.duckdb"
        if pipeline_factory is not None:
            pipeline = pipeline_factory(db)
        else:
            pipeline = Pipeline(open_store(str(db)), actors=actors)
        try:
            pipeline.ingest(reports())
            out = Path(tmp) / "events.csv"
            export.write(pipeline.store, actors, "acled-csv", out)
            opening = opening_events(pipeline.store, chosen)
        finally:
            pipeline.store.close()
        with out.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    return gold, chosen, rows, opening


def opening_events(store, report_ids: set[str], depth: int = 8) -> dict[str, str]:
    """report id -> the event of its earliest mention: the one its opening sentences tell of.

    Export orders events by date, so a background event told later in a report (an earlier attack
    recalled) would otherwise be scored in place of the report's own event."""
    ids = [f"{rid}#{i}" for rid in sorted(report_ids) for i in range(depth)]
    found = store.event_of_mentions(ids)
    opening: dict[str, str] = {}
    for rid in sorted(report_ids):
        for i in range(depth):
            event_id = found.get(f"{rid}#{i}")
            if event_id:
                opening[rid] = event_id
                break
    return opening


def events_by_report(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    by_report: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        for rid in row["report_ids"].split(";"):
            if rid:
                by_report[rid].append(row)
    return by_report


def scored_event(events: list[dict[str, str]], opening_event: str | None) -> dict[str, str] | None:
    """The one event a report is judged on: the event of its opening sentences, else its first."""
    if not events:
        return None
    return next((row for row in events if row.get("event_id") == opening_event), events[0])


def score(gold: dict[str, dict[str, str]], chosen: set[str], rows: list[dict[str, str]],
          actors: ActorRegistry, opening: dict[str, str] | None = None) -> dict[str, dict[str, object]]:
    by_report = events_by_report(rows)
    scores: dict[str, Score] = defaultdict(Score)
    for rid in sorted(chosen):
        g = gold[rid]
        for s in (scores[g.get("dataset") or "?"], scores["all"]):
            s.reports += 1
            events = by_report.get(rid, [])
            s.events += len(events)
            e = scored_event(events, (opening or {}).get(rid))
            if e is None:
                for name in FIELDS:
                    s.counted[name] += 1 if applies(name, g) else 0
                continue
            s.yielded += 1
            for name in FIELDS:
                if applies(name, g):
                    s.counted[name] += 1
                    s.agree[name] += agrees(name, g, e, actors)
    return {k: v.as_dict() for k, v in sorted(scores.items(), key=lambda kv: (kv[0] != "all", kv[0]))}


def applies(name: str, g: dict[str, str]) -> bool:
    """Whether a gold row codes this field at all (2016 rows have no sub-type; 25 km needs precision 1 or 2)."""
    if name == "actor2":
        return bool(g.get("actor2"))
    if name == "sub_event_type":  # the 2016 schema had no sub-types: a blank is not a coding to agree with
        return bool(g.get("sub_event_type"))
    if name == "location_25km":
        return g.get("geo_precision") in ("1", "2") and bool(g.get("latitude"))
    return True


def _actor_key(name: str, actors: ActorRegistry, country: str = "") -> str:
    actor = actors.lookup(name) if name else None
    if actor is None and name and country and not name.endswith(")"):
        # ACLED drops the country from some generic names inside "A and/or B" ("Unidentified Gang"): the
        # event's country is meant.
        actor = actors.lookup(f"{name} ({country})")
    return actor.id if actor else re.sub(r"\W+", " ", name.lower()).strip()


def gold_actor_keys(name: str, actors: ActorRegistry, country: str = "") -> set[str]:
    """The actors a gold name denotes: ACLED's "A and/or B" (an uncertain attribution) denotes either, and an
    event that found one of them has found the gold actor."""
    parts = [p.strip() for p in name.split(" and/or ")] if " and/or " in name else [name]
    return {_actor_key(p, actors, country) for p in parts if p}


def agrees(name: str, g: dict[str, str], e: dict[str, str], actors: ActorRegistry) -> bool:
    """Whether warlog's exported event `e` agrees with the gold row `g` on one field."""
    if name in ("actor1", "actor2"):
        found = [e["actor1"], e["actor2"], *e["assoc_actor_1"].split("; "), *e["assoc_actor_2"].split("; ")]
        keys = {_actor_key(a, actors) for a in found if a}
        return bool(gold_actor_keys(g[name], actors, g.get("country", "")) & keys)
    if name == "event_type":
        if g["event_type"] == "Riots/Protests":  # the 2016 schema did not separate them
            return e["event_type"] in ("Riots", "Protests")
        return e["event_type"] == g["event_type"]
    if name == "fatalities":
        return (e["fatalities"] or "0") == (g["fatalities"] or "0")
    if name in ("admin1", "admin2"):
        return same_admin(e[name], g[name]) if g[name] else not e[name]
    if name == "country":
        return e["country"] == g["country"]
    if name == "location_25km":
        try:
            return distance_km(float(e["latitude"]), float(e["longitude"]), float(g["latitude"]), float(g["longitude"])) <= 25
        except ValueError:
            return False
    return e[name] == g[name]



def render(results: dict[str, dict[str, dict[str, object]]]) -> str:
    """A table per variant: a row per dataset, a column per field."""
    cols = ["reports", "yields_event", "events_per_report", *FIELDS]
    lines = []
    for variant, by_dataset in results.items():
        lines.append(f"[{variant}]")
        lines.append(f"{'dataset':24} " + " ".join(f"{c[:10]:>10}" for c in cols))
        for dataset, s in by_dataset.items():
            lines.append(f"{dataset:24} " + " ".join(
                f"{'-' if s[c] is None else s[c]:>10}" for c in cols))
        lines.append("")
    return "\n".join(lines).rstrip()


def to_json(results: dict) -> str:
    return json.dumps(results, indent=2)
