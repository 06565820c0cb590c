"""Events out: ACLED-style CSV (ACLED's column names plus warlog's own), GeoJSON and Parquet.

The ACLED CSV is how the project's accuracy is measured: keep its columns exactly so.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from warlog.actors import ActorRegistry
from warlog.errors import InputError
from warlog.records import ActorRef, Event
from warlog.store import EventFilter, Store

ACLED_COLUMNS = ["event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2",
                 "assoc_actor_2", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
                 "geo_precision", "fatalities", "notes"]
WARLOG_COLUMNS = ["event_id", "fatalities_low", "fatalities_high", "sources", "report_ids"]
COLUMNS = ACLED_COLUMNS + WARLOG_COLUMNS
FORMATS = ("acled-csv", "geojson", "parquet")


def _actor_name(ref: ActorRef, actors: ActorRegistry) -> str:
    """ACLED's own name for the actor where the registry knows it, so exports compare with ACLED."""
    if ref.actor_id:
        actor = actors.get(ref.actor_id)
        return actor.acled_name or actor.name
    return ref.name


def acled_row(event: Event, actors: ActorRegistry, notes: str = "", sources: str = "") -> dict[str, object]:
    def names(*roles: str) -> list[str]:
        return list(dict.fromkeys(_actor_name(a, actors) for a in event.actors if a.role in roles))

    perpetrators, targets = names("perpetrator"), names("target")
    assoc1 = names("associated_perpetrator")
    if event.date is not None:  # a unit's parent group that day, as ACLED codes it: Katiba Macina; JNIM
        for ref in event.actors:
            if ref.actor_id and ref.role in ("perpetrator", "associated_perpetrator"):
                for parent in actors.parent_groups(ref.actor_id, event.date.start):
                    name = _actor_name(ActorRef("associated_perpetrator", parent, "", ""), actors)
                    if name not in perpetrators and name not in assoc1:
                        assoc1.append(name)
    assoc2 = names("associated_target")
    p = event.place
    return {
        "event_date": event.date.start.isoformat() if event.date else "",
        "time_precision": event.date.acled_time_precision if event.date else "",
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": perpetrators[0] if perpetrators else "",
        "assoc_actor_1": "; ".join(assoc1 + perpetrators[1:]),
        "actor2": targets[0] if targets else "",
        "assoc_actor_2": "; ".join(assoc2 + targets[1:]),
        "country": (p.country if p else "") or "",
        "admin1": (p.admin1 if p else "") or "",
        "admin2": (p.admin2 if p else "") or "",
        "admin3": (p.admin3 if p else "") or "",
        "location": (p.location if p else "") or "",
        "latitude": "" if not p or p.latitude is None else round(p.latitude, 4),
        "longitude": "" if not p or p.longitude is None else round(p.longitude, 4),
        "geo_precision": p.geo_precision if p else "",
        "fatalities": "" if event.fatalities.best is None else event.fatalities.best,
        "notes": notes,
        "event_id": event.id,
        "fatalities_low": "" if event.fatalities.low is None else event.fatalities.low,
        "fatalities_high": "" if event.fatalities.high is None else event.fatalities.high,
        "sources": sources,
        "report_ids": ";".join(event.report_ids),
    }


def rows(store: Store, actors: ActorRegistry, where: EventFilter = EventFilter(),
         batch_size: int = 500) -> Iterator[dict[str, object]]:
    batch: list[Event] = []
    for event in store.events(where):
        batch.append(event)
        if len(batch) >= batch_size:
            yield from _rows(store, actors, batch)
            batch = []
    yield from _rows(store, actors, batch)


def _rows(store: Store, actors: ActorRegistry, events: list[Event]) -> Iterator[dict[str, object]]:
    """Notes are the sentences the first mention was read from; sources are the reports' outlets."""
    firsts = [e.mention_ids[0] for e in events if e.mention_ids]
    spans = store.spans_of(firsts)
    outlets = {r.id: r.outlet for r in store.reports([rid for e in events for rid in e.report_ids])}
    for event in events:
        first = spans.get(event.mention_ids[0], {}) if event.mention_ids else {}
        ordered = sorted((s for group in first.values() for s in group), key=lambda s: s.start)
        notes = " ".join(dict.fromkeys(s.sentence for s in ordered if s.sentence))
        sources = "; ".join(o for o in dict.fromkeys(outlets.get(r) or "" for r in event.report_ids) if o)
        yield acled_row(event, actors, notes=notes, sources=sources)


def write(store: Store, actors: ActorRegistry, fmt: str, output: Path, where: EventFilter = EventFilter()) -> int:
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    writer = {"acled-csv": _write_csv, "geojson": _write_geojson, "parquet": _write_parquet}[fmt]
    try:
        return writer(rows(store, actors, where), output)
    except OSError as err:
        raise InputError(f"{output}: cannot write ({err.strerror}); choose another -o path") from err


def _write_csv(items: Iterable[dict], output: Path) -> int:
    n = 0
    with output.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for row in items:
            w.writerow(row)
            n += 1
    return n


def _write_geojson(items: Iterable[dict], output: Path) -> int:
    features = []
    for row in items:
        has_point = row["latitude"] != "" and row["longitude"] != ""
        geometry = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]} if has_point else None
        features.append({"type": "Feature", "id": row["event_id"], "geometry": geometry,
                         "properties": {k: v for k, v in row.items() if k not in ("latitude", "longitude")}})
    with output.open("w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
    return len(features)


def _write_parquet(items: Iterable[dict], output: Path) -> int:
    import duckdb

    # through a CSV so DuckDB infers column types the same way every time; Parquet gets real types
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "events.csv"
        n = _write_csv(items, csv_path)
        con = duckdb.connect()
        try:
            con.execute(f"COPY (SELECT * FROM read_csv(?, header=true, all_varchar=false)) TO '{_sql_path(output)}' "
                        "(FORMAT parquet)", [str(csv_path)])
        finally:
            con.close()
    return n


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
