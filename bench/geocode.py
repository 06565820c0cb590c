"""Geocoder benchmark: the geocoder alone against ACLED's coding of the dev set, and its speed.

Resolves each dev report's place with `Geocoder.resolve` on the whole text (no extractor, so the
numbers say what the geocoder does, not which sentence the extractor chose), with and without ACLED's
"(admin2, admin1)" hints, and prints per dataset the share of reports whose country, admin1, admin2
and location (within 25 km, where ACLED's geo-precision is 1 or 2) agree with the human coder; then
gazetteer load time and milliseconds per resolved mention.

    .venv/bin/python bench/geocode.py                    # the whole dev set (6,874 reports)
    .venv/bin/python bench/geocode.py --sample 1000      # the eval's sample (same seed as `warlog eval`)
    .venv/bin/python bench/geocode.py --errors admin2 --dataset acled-global-2020-05 --show 30
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"
FIELDS = ("country", "admin1", "admin2", "location_25km")


def _km(la1: float, lo1: float, la2: float, lo2: float) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (la1, lo1, la2, lo2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=None, help="score the eval's sample of N reports")
    parser.add_argument("--dataset", default=None, help="only this dataset")
    parser.add_argument("--errors", choices=FIELDS, default=None, help="print reports this field gets wrong")
    parser.add_argument("--stripped", action="store_true", help="with --errors: show the hints-stripped variant")
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--gazetteer", type=Path, default=None, help="a gazetteer built elsewhere (default: the shipped one)")
    args = parser.parse_args()

    started = time.perf_counter()
    from warlog.eval import HintStripper, read_gold, sample_ids
    from warlog.geocode import Gazetteer, Geocoder
    from warlog.geocode.geocoder import same_admin

    imported = time.perf_counter()
    cpu0 = time.process_time()
    gazetteer = Gazetteer.load(args.gazetteer)
    gazetteer.search("Bamako")  # forces the lazy load
    loaded = time.perf_counter()
    load_cpu = time.process_time() - cpu0
    geocoder = Geocoder(gazetteer)
    stripper = HintStripper(gazetteer)

    gold = read_gold(DEV / "gold.csv")
    chosen = sample_ids(gold, args.sample)
    with (DEV / "reports.jsonl").open(encoding="utf-8") as handle:
        reports = [r for r in map(json.loads, handle) if r["id"] in chosen]
    if args.dataset:
        reports = [r for r in reports if gold[r["id"]].get("dataset") == args.dataset]

    results = {}
    shown = 0
    resolve_s = 0.0
    for variant in ("as given", "hints stripped"):
        agree: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        counted: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for report in reports:
            g = gold[report["id"]]
            text = report["text"] if variant == "as given" else stripper.strip(report["text"])
            t0 = time.process_time()
            ref = geocoder.resolve(text, outlet=report.get("outlet"))
            resolve_s += time.process_time() - t0
            country = ref.country if ref else None
            oks = {
                "country": country == g["country"],
                "admin1": same_admin(ref.admin1 if ref else None, g["admin1"]) if g["admin1"] else not (ref and ref.admin1),
                "admin2": same_admin(ref.admin2 if ref else None, g["admin2"]) if g["admin2"] else not (ref and ref.admin2),
            }
            if g.get("geo_precision") in ("1", "2") and g.get("latitude"):
                oks["location_25km"] = bool(ref and ref.latitude is not None and _km(
                    ref.latitude, ref.longitude, float(g["latitude"]), float(g["longitude"])) <= 25)
            for ds in (g.get("dataset") or "?", "all"):
                for name, ok in oks.items():
                    counted[ds][name] += 1
                    agree[ds][name] += ok
            wrong_variant = "hints stripped" if args.stripped else "as given"
            if args.errors and variant == wrong_variant and args.errors in oks and not oks[args.errors] and shown < args.show:
                shown += 1
                print(f"--- {report['id']} [{g.get('dataset')}]\n{text[:400]}")
                print(f"  gold: {g['country']} / {g['admin1']} / {g['admin2']} / {g['location']} "
                      f"({g['latitude']},{g['longitude']}) prec {g['geo_precision']}")
                print(f"  ours: {ref.country if ref else None} / {ref.admin1 if ref else None} / "
                      f"{ref.admin2 if ref else None} / {ref.location if ref else None} "
                      f"({ref.latitude if ref else None},{ref.longitude if ref else None}) prec {ref.geo_precision if ref else None}")
                print(f"  why: {ref.explanation if ref else '-'}")
        results[variant] = {ds: {n: round(agree[ds][n] / counted[ds][n], 3) for n in FIELDS if counted[ds][n]}
                            for ds in sorted(counted, key=lambda d: (d != "all", d))}

    for variant, by_ds in results.items():
        print(f"[{variant}]")
        print(f"{'dataset':24} " + " ".join(f"{f:>14}" for f in FIELDS))
        for ds, s in by_ds.items():
            print(f"{ds:24} " + " ".join(f"{s.get(f, '-'):>14}" for f in FIELDS))
        print()
    # CPU seconds (process time), so that other work on a shared machine does not count
    print(f"import {imported - started:.2f} s, gazetteer load {loaded - imported:.2f} s wall, {load_cpu:.2f} s CPU; "
          f"resolve {1000 * resolve_s / max(1, 2 * len(reports)):.3f} ms CPU per report ({2 * len(reports)} resolved)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
