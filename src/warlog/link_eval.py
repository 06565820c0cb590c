"""Measure linking: are reports of one event joined, and reports of different events kept apart?

The gold file gives each report's event (`cluster`); a gold file without a `cluster` column (such as
ACLED's gold.csv, one event per report) makes every report its own event. The reports are ingested into
a fresh database; each report's predicted event is the event its first mention joined. Scores are over
the reports that yield an event:

- B-cubed precision, recall and F1 (Bagga and Baldwin 1998): per report, the share of its predicted
  event's reports that the gold puts with it, and the share of its gold event's reports the prediction
  put with it, averaged over reports;
- coverage: the share of all gold reports that yield an event;
- over-merged: the share of yielding reports whose predicted event holds a report of another gold event.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterator

from warlog.eval import read_gold
from warlog.records import Report


@dataclass(frozen=True, slots=True)
class LinkScore:
    reports: int  # gold reports read
    yielded: int  # of which yield an event
    gold_events: int  # gold events with at least one yielding report
    predicted_events: int
    precision: float
    recall: float
    f1: float
    coverage: float
    over_merged: float
    seconds: float = 0.0

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def read_clusters(path: Path) -> dict[str, str]:
    """report id -> gold event id; each report its own event when the file has no `cluster` column."""
    gold = read_gold(path, needs="and `cluster` for linking gold")
    if gold and "cluster" in next(iter(gold.values())):
        return {rid: row["cluster"] for rid, row in gold.items()}
    return {rid: rid for rid in gold}


def score(gold: dict[str, str], predicted: dict[str, str], seconds: float = 0.0) -> LinkScore:
    """B-cubed over the gold reports that have a predicted event (`predicted`: report id -> event id)."""
    yielded = [r for r in gold if r in predicted]
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for r in yielded:
        by_pred[predicted[r]].add(r)
        by_gold[gold[r]].add(r)
    p = rc = 0.0
    merged = 0
    for r in yielded:
        mine, truth = by_pred[predicted[r]], by_gold[gold[r]]
        both = len(mine & truth)
        p += both / len(mine)
        rc += both / len(truth)
        merged += both < len(mine)
    n = len(yielded)
    precision, recall = (p / n, rc / n) if n else (0.0, 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return LinkScore(reports=len(gold), yielded=n, gold_events=len(by_gold), predicted_events=len(by_pred),
                     precision=round(precision, 4), recall=round(recall, 4), f1=round(f1, 4),
                     coverage=round(n / len(gold), 4) if gold else 0.0,
                     over_merged=round(merged / n, 4) if n else 0.0, seconds=round(seconds, 1))


def predicted_events(store) -> dict[str, str]:
    """report id -> the event its first mention joined."""
    rows = store.con.execute("SELECT mention_id, event_id, report_id FROM event_mentions").fetchall()
    first: dict[str, tuple[int, str]] = {}
    for mid, eid, rid in rows:
        idx = int(mid.rsplit("#", 1)[1])
        if rid not in first or idx < first[rid][0]:
            first[rid] = (idx, eid)
    return {rid: eid for rid, (_, eid) in first.items()}


def evaluate(gold_path: Path, reports_path: Path, *, pipeline_factory: Callable | None = None,
             sample: int | None = None) -> LinkScore:
    """Ingest the gold reports into a fresh database and score the linking.

    `sample` keeps the first N gold events (all their reports), so a quick run keeps whole clusters.
    `pipeline_factory(db_path)` lets tests reuse loaded components.
    """
    import time

    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    gold = read_clusters(gold_path)
    if sample is not None:
        keep = set(list(dict.fromkeys(gold.values()))[:sample])
        gold = {r: c for r, c in gold.items() if c in keep}

    def reports() -> Iterator:
        for item in read_reports([reports_path]):
            if isinstance(item, Report) and item.id in gold:
                yield item

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "linking.duckdb"
        pipeline = pipeline_factory(db) if pipeline_factory is not None else Pipeline(open_store(str(db)))
        try:
            start = time.perf_counter()
            pipeline.ingest(reports())
            seconds = time.perf_counter() - start
            predicted = predicted_events(pipeline.store)
        finally:
            pipeline.store.close()
    return score(gold, predicted, seconds)


def render(s: LinkScore) -> str:
    return "\n".join([
        f"reports            {s.reports}",
        f"yield an event     {s.yielded}  (coverage {s.coverage:.3f})",
        f"gold events        {s.gold_events}  (with a yielding report)",
        f"predicted events   {s.predicted_events}",
        f"B-cubed precision  {s.precision:.3f}",
        f"B-cubed recall     {s.recall:.3f}",
        f"B-cubed F1         {s.f1:.3f}",
        f"over-merged        {s.over_merged:.3f}  (share of yielding reports joined with another gold event)",
        f"ingest seconds     {s.seconds}",
    ])


def to_json(s: LinkScore) -> str:
    return json.dumps(s.as_dict(), indent=2)
