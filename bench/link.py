"""Linking benchmark: synthetic Sahel-like mentions at growing sizes, each size in its own process.

Events are drawn at a fixed density (--per-day, default 80 events a day: about ten times what ACLED
records in these countries) in Mali, Burkina Faso, Niger and their neighbours (made-up regions,
districts and villages inside each country's bounding box), ending on 2023-12-31 and reaching back as
far as the size needs (10k: 4 months; 1M: 28 years): more mentions are a longer record, as they are in
practice. `--span` fixes the dates instead (2012-2023), so that density grows with size: the per-mention
cost then grows with the events per region and week. Actors come from the shipped registry;
a few percent of events are told by 2 to 10 reports, each retelling with the variations real reports
have (a week instead of the day, the region instead of the village, a revised toll, no perpetrator).
Mentions stream in date order through one LinkSession, which evicts weeks no later mention can reach.

Prints, per size: seconds, mentions per second, peak memory (RSS), time relative to the size before,
and B-cubed precision/recall against the generator's truth (a sanity check, not the quality measure:
that is `warlog eval-linking` on real headlines).

    .venv/bin/python bench/link.py                      # 10k, 100k, 1M
    .venv/bin/python bench/link.py --sizes 10000,50000  # quicker
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Iterator

from warlog.actors import ActorRegistry
from warlog.link import WEEK, LinkSession, Linker
from warlog.records import ActorRef, DateInterval, Fatalities, Mention, PlaceRef

# country: (name, weight, lat range, lon range)
COUNTRIES = {
    "ML": ("Mali", 30, (11.0, 20.0), (-11.0, 3.5)),
    "BF": ("Burkina Faso", 30, (10.0, 14.8), (-5.0, 2.0)),
    "NE": ("Niger", 15, (12.0, 22.0), (1.0, 15.0)),
    "NG": ("Nigeria", 10, (5.0, 13.5), (3.5, 14.0)),
    "TD": ("Chad", 4, (8.0, 22.0), (14.0, 23.0)),
    "MR": ("Mauritania", 2, (15.0, 26.0), (-16.0, -5.0)),
    "BJ": ("Benin", 3, (6.5, 12.0), (1.0, 3.5)),
    "TG": ("Togo", 2, (6.5, 11.0), (0.0, 1.6)),
    "CI": ("Ivory Coast", 2, (5.0, 10.5), (-8.0, -3.0)),
    "DZ": ("Algeria", 2, (19.0, 30.0), (-5.0, 9.0)),
}
GROUPS = ["jnim", "isgs", "ansarul-islam", "aqim", "katiba-macina", "boko-haram", "iswap"]
TYPES = [("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         ("Violence against civilians", "Abduction/forced disappearance"),
         ("Explosions/Remote violence", "Air/drone strike")]
END = dt.date(2023, 12, 31)
SPAN_START = dt.date(2012, 1, 1)
PER_DAY = 80.0


class World:
    """Made-up places and the registry's actors, built once per run from a seed."""

    def __init__(self, actors: ActorRegistry, seed: int = 1):
        rnd = random.Random(seed)
        self.rnd = random.Random(seed + 1)
        self.places: dict[str, list[tuple[PlaceRef, PlaceRef, PlaceRef]]] = {}
        self.codes = list(COUNTRIES)
        self.weights = [COUNTRIES[c][1] for c in self.codes]
        known = {a.id for a in actors.all()}
        self.groups = [g for g in GROUPS if g in known]
        self.refs: dict[str, ActorRef] = {}
        for cc, (name, _, (la0, la1), (lo0, lo1)) in COUNTRIES.items():
            rows = []
            for r in range(12):
                admin1 = f"{name} region {r}"
                for d in range(8):
                    admin2 = f"{admin1} district {d}"
                    for v in range(10):
                        lat, lon = rnd.uniform(la0, la1), rnd.uniform(lo0, lo1)
                        village = f"{cc}-{r}-{d}-{v}"
                        exact = PlaceRef(place=None, country=name, admin1=admin1, admin2=admin2, location=village,
                                         latitude=lat, longitude=lon, geo_precision=1)
                        near = PlaceRef(place=None, country=name, admin1=admin1, admin2=admin2, location=admin2,
                                        latitude=lat, longitude=lon, geo_precision=2)
                        region = PlaceRef(place=None, country=name, admin1=admin1, location=admin1, geo_precision=3)
                        rows.append((exact, near, region))
            self.places[cc] = rows
        self.country_only = {cc: PlaceRef(place=None, country=COUNTRIES[cc][0], location=COUNTRIES[cc][0],
                                          geo_precision=3) for cc in COUNTRIES}

    def ref(self, role: str, actor_id: str) -> ActorRef:
        key = f"{role}:{actor_id}"
        if key not in self.refs:
            self.refs[key] = ActorRef(role, actor_id, actor_id, actor_id)  # type: ignore[arg-type]
        return self.refs[key]


def mentions(world: World, size: int, dup_share: float = 0.04, per_day: float | None = PER_DAY
             ) -> Iterator[tuple[Mention, int]]:
    """`size` mentions in date order (by date start), each with its true event number.

    `per_day` events a day, over as many days as needed; None: spread over SPAN_START..END."""
    rnd = world.rnd
    per_event = 1 + dup_share * 5  # mean reports per event: duplicated events have 2..10 (mean 6) reports
    events_needed = int(1.05 * size / per_event) + 1
    if per_day is None:
        start = SPAN_START
        days = (END - start).days + 1
        per_day = events_needed / days
    else:
        days = int(events_needed / per_day) + 1
        start = END - dt.timedelta(days=days - 1)
    emitted = 0
    buffer: list[tuple[dt.date, int, Mention]] = []
    event_no = 0
    serial = 0
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        n = int(per_day) + (1 if rnd.random() < per_day - int(per_day) else 0)
        for _ in range(n):
            event_no += 1
            cc = rnd.choices(world.codes, world.weights)[0]
            exact, near, region = rnd.choice(world.places[cc])
            event_type, sub = rnd.choice(TYPES)
            perp = rnd.choice(world.groups) if rnd.random() < 0.4 else (
                f"military-forces-{cc.lower()}" if rnd.random() < 0.3 else f"unidentified-armed-group-{cc.lower()}")
            target = f"civilians-{cc.lower()}" if event_type == "Violence against civilians" else (
                f"military-forces-{cc.lower()}" if not perp.startswith("military") else None)
            toll = 0 if rnd.random() < 0.4 else max(1, int(rnd.expovariate(1 / 6)))
            reports = rnd.randint(2, 10) if rnd.random() < dup_share else 1
            for k in range(reports):
                serial += 1
                first = k == 0
                if first or rnd.random() < 0.5:
                    date = DateInterval(day, day, "day")
                else:
                    published = day + dt.timedelta(days=rnd.randint(0, 3))
                    date = DateInterval(published - dt.timedelta(days=6), published, "week")
                place = exact if first else rnd.choice((exact, exact, near, region, world.country_only[cc]))
                t = toll if first or rnd.random() < 0.6 else max(0, toll + rnd.randint(-2, 4))
                actors = []
                if first or rnd.random() < 0.7:
                    actors.append(world.ref("perpetrator", perp))
                if target:
                    actors.append(world.ref("target", target))
                rid = f"r{serial}"
                m = Mention(id=f"{rid}#0", report_id=rid, index=0, event_type=event_type, sub_event_type=sub,
                            actors=tuple(actors), place=place, date=date,
                            fatalities=Fatalities(best=t or None), confidence=0.6, extractor="bench")
                buffer.append((date.start, event_no, m))
        # everything starting before (today - 7 days) is final: no later event yields an earlier start
        cutoff = day - dt.timedelta(days=7)
        if len(buffer) > 2000 or offset == days - 1:
            buffer.sort(key=lambda x: x[0])
            keep = []
            for begins, no, m in buffer:
                if begins < cutoff or offset == days - 1:
                    if emitted >= size:
                        return
                    emitted += 1
                    yield m, no
                else:
                    keep.append((begins, no, m))
            buffer = keep


def child(size: int, out: Path, per_day: float | None) -> None:
    actors = ActorRegistry.load()
    world = World(actors)
    linker = Linker(actors)
    session = LinkSession(linker)
    truth: dict[str, int] = {}
    predicted: dict[str, str] = {}
    start, cpu = time.perf_counter(), time.process_time()
    n_events = 0
    current_week = None
    for m, no in mentions(world, size, per_day=per_day):
        week = m.date.start.toordinal() // WEEK
        if week != current_week:
            current_week = week
            # a mention reaches 1 week back (its interval) and clusters index up to 2 weeks: keep 4
            for e in session.evict_before(week - 4):
                n_events += 1
                for mid in e.mention_ids:
                    predicted[mid] = e.id
        cluster = session.add(m)
        truth[m.id] = no
        del cluster
    for e in session.evict_before(10 ** 9):
        n_events += 1
        for mid in e.mention_ids:
            predicted[mid] = e.id
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    p, r = _bcubed(truth, predicted)
    out.write_text(json.dumps({"size": size, "mentions": len(truth), "events": n_events, "seconds": seconds, "cpu_seconds": cpu,
                               "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                               "precision": p, "recall": r}))


def _bcubed(truth: dict[str, int], predicted: dict[str, str]) -> tuple[float, float]:
    by_t: dict[int, set[str]] = defaultdict(set)
    by_p: dict[str, set[str]] = defaultdict(set)
    for m, t in truth.items():
        by_t[t].add(m)
        by_p[predicted[m]].add(m)
    p = r = 0.0
    for m, t in truth.items():
        both = len(by_t[t] & by_p[predicted[m]]) if len(by_p[predicted[m]]) > 1 or len(by_t[t]) > 1 else 1
        p += both / len(by_p[predicted[m]])
        r += both / len(by_t[t])
    return round(p / len(truth), 4), round(r / len(truth), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--per-day", type=float, default=PER_DAY, help="events a day (default %(default)s)")
    parser.add_argument("--span", action="store_true", help="fixed dates 2012-2023: density grows with size")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.out, None if args.span else args.per_day)
        return
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {platform.machine()}, python {platform.python_version()}, {cpus} cpus; "
          + ("dates 2012-2023 at every size" if args.span else f"{args.per_day:g} events a day"))
    print(f"{'mentions':>9} {'events':>9} {'seconds':>8} {'cpu s':>8} {'ment/s':>8} {'peak MB':>8} "
          f"{'cpu vs prev':>14} {'precision':>9} {'recall':>7}")
    previous = None
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            extra = ["--span"] if args.span else ["--per-day", str(args.per_day)]
            subprocess.run([sys.executable, __file__, "--child", str(size), "--out", f.name, *extra], check=True)
            r = json.loads(Path(f.name).read_text())
        ratio = (f"{r['cpu_seconds'] / previous['cpu_seconds']:.1f}x for {r['size'] / previous['size']:.0f}x"
                 if previous else "-")
        print(f"{r['mentions']:9} {r['events']:9} {r['seconds']:8.1f} {r['cpu_seconds']:8.1f} "
              f"{r['mentions'] / r['seconds']:8.0f} {r['peak_rss_mb']:8.0f} {ratio:>14} {r['precision']:9.3f} "
              f"{r['recall']:7.3f}")
        previous = r


if __name__ == "__main__":
    main()
