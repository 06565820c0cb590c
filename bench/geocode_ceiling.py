"""How far can geocoding go on the dev set with this gazetteer? An upper bound per field.

Runs the pipeline as `warlog eval` does, and for each report takes the event it is scored on. A report counts
as within reach for a field when warlog already agrees with ACLED's coder, or when its text names, in some
capitalised phrase of one to five words, a gazetteer place (under any spelling the name index knows,
loose Sahel spellings included) that lies in the gold country, admin1 or admin2, or within 25 km of the gold
point. Choosing among namesakes is not asked for: any place of that name counts, so the bound is generous.
The rest have no evidence in their text that the gazetteer can read: a village it lacks, a place not named
at all ("suspected militants attacked a school in central Mali"), or a division scheme other than ACLED's.

    .venv/bin/python bench/geocode_ceiling.py                     # whole dev set, both variants
    .venv/bin/python bench/geocode_ceiling.py --sample 1000       # the eval's sample
    .venv/bin/python bench/geocode_ceiling.py --reachable admin1 --show 20   # wrong though within reach

Reads ../shared/eval/dev (ACLED's coding, for measuring only: nothing here ships).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from warlog import eval as evaluation  # noqa: E402  (runs from a checkout)
from warlog.actors import ActorRegistry  # noqa: E402
from warlog.geocode import Gazetteer  # noqa: E402
from warlog.geocode.gazetteer import LOOSE_PREFIX, loose_key, normalize_name  # noqa: E402
from warlog.geocode.geocoder import distance_km, same_admin  # noqa: E402
from warlog.records import Place  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev"
FIELDS = ("country", "admin1", "admin2", "location_25km")
WORD = re.compile(r"[^\W\d_][\w'’]*")
MAX_WORDS = 5
MAX_ROWS_PER_NAME = 400  # "San José" has hundreds of namesakes; enough of them to be generous, few enough to be quick


def named_places(text: str, gazetteer: Gazetteer) -> list[Place]:
    """Every gazetteer place some capitalised phrase of `text` could mean."""
    words = [m.group(0) for m in WORD.finditer(text)]
    rows: set[int] = set()
    for i, first in enumerate(words):
        if not first[:1].isupper():
            continue
        for n in range(1, MAX_WORDS + 1):
            if i + n > len(words):
                break
            phrase = " ".join(words[i:i + n])
            found = gazetteer.rows_for_key(normalize_name(phrase)) + gazetteer.rows_for_key(LOOSE_PREFIX + loose_key(phrase))
            rows.update(found[:MAX_ROWS_PER_NAME])
    return [gazetteer.place_at(row) for row in sorted(rows)]


def evidence(field: str, gold: dict[str, str], places: list[Place]) -> list[Place]:
    """The named places that would give the gold answer for `field`."""
    country = [p for p in places if p.country == gold["country"]]
    if field == "country":
        return country
    if field == "location_25km":
        lat, lon = float(gold["latitude"]), float(gold["longitude"])
        return [p for p in country if p.latitude is not None and distance_km(p.latitude, p.longitude, lat, lon) <= 25]
    return [p for p in country if same_admin(getattr(p, field), gold[field])]


def measure(args: argparse.Namespace, strip: bool, actors: ActorRegistry, gazetteer: Gazetteer) -> None:
    started = time.process_time()
    gold, chosen, rows, opening = evaluation.run(args.gold, args.reports, strip_hints=strip, sample=args.sample,
                                                 actors=actors, gazetteer=gazetteer)
    texts = _texts(args.reports, chosen, gazetteer if strip else None)
    by_report = evaluation.events_by_report(rows)
    counted, agree, reach = Counter(), Counter(), Counter()
    missing: dict[str, Counter] = {f: Counter() for f in FIELDS}
    shown = 0
    for rid in sorted(chosen):
        g = gold[rid]
        e = evaluation.scored_event(by_report.get(rid, []), opening.get(rid))
        places = None
        for field in FIELDS:
            if not evaluation.applies(field, g):
                continue
            counted[field] += 1
            if e is not None and evaluation.agrees(field, g, e, actors):
                agree[field] += 1
                reach[field] += 1
                continue
            if field in ("admin1", "admin2") and not g[field]:
                reach[field] += 1  # gold has no such division: an empty answer would agree
                continue
            places = places if places is not None else named_places(texts[rid], gazetteer)
            found = evidence(field, g, places)
            if not found:
                missing[field][g["country"]] += 1
                continue
            reach[field] += 1
            if field == args.reachable and shown < args.show:
                shown += 1
                ours = " / ".join(e.get(k) or "-" for k in ("country", "admin1", "admin2", "location")) if e else "no event"
                print(f"  {rid}  gold {g['country']} / {g['admin1']} / {g['admin2']} / {g['location']}  ours {ours}")
                print(f"      named: {'; '.join(sorted({f'{p.name} ({p.admin1} / {p.admin2})' for p in found})[:3])}")
                print(f"      {texts[rid][:240]}")
    variant = "hints stripped" if strip else "as given"
    print(f"[{variant}] {len(chosen)} reports, {time.process_time() - started:.0f} s CPU")
    print(f"{'field':14} {'now':>6} {'ceiling':>8} {'no evidence':>12}   countries with most reports beyond reach")
    for field in FIELDS:
        n = counted[field]
        top = ", ".join(f"{c} {k}" for c, k in missing[field].most_common(6))
        print(f"{field:14} {agree[field] / n:6.3f} {reach[field] / n:8.3f} {n - reach[field]:12d}   {top}")
    print()


def _texts(path: Path, chosen: set[str], gazetteer: Gazetteer | None) -> dict[str, str]:
    stripper = evaluation.HintStripper(gazetteer) if gazetteer is not None else None
    texts = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record["id"] in chosen:
                texts[record["id"]] = stripper.strip(record["text"]) if stripper else record["text"]
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEV / "gold.csv")
    parser.add_argument("--reports", type=Path, default=DEV / "reports.jsonl")
    parser.add_argument("--sample", type=int, default=None, help="the eval's sample of N reports")
    parser.add_argument("--variant", choices=("both", "given", "stripped"), default="both")
    parser.add_argument("--reachable", choices=FIELDS, default=None, help="print reports wrong on FIELD though within reach")
    parser.add_argument("--show", type=int, default=20, help="with --reachable: how many")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"error: {args.gold} not found; this benchmark needs ../shared/eval/dev", file=sys.stderr)
        return 2
    actors, gazetteer = ActorRegistry.load(), Gazetteer.load()
    for strip in {"both": (False, True), "given": (False,), "stripped": (True,)}[args.variant]:
        measure(args, strip, actors, gazetteer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
