"""Actor registry benchmark and coverage report.

    .venv/bin/python bench/actors.py [--gold ../shared/eval/dev/gold.csv] [--reports ../shared/eval/dev/reports.jsonl]
                                     [--all] [--limit N]

Prints:
- resolution speed: ActorRegistry.find_in_text over the dev reports, in ms per report and per actor mention
  found (target: under 0.2 ms per mention on average);
- find recall: the share of gold actor1/actor2 names (resolved to a registry actor) that find_in_text finds
  in the report text, given the report's country;
- coverage: every gold actor name that does NOT resolve to a registry actor, with its count, split into
  named groups and state forces (the work list: add each by hand, with its history) and ACLED's generic
  identity categories ("Labour Group (India)", "Dogon Ethnic Group (Mali)"...), which are not registry actors.

Reads ../shared (third-party evaluation data) only to measure; nothing from it is written anywhere.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import time
from collections import Counter
from pathlib import Path

from warlog.actors import ActorRegistry

HERE = Path(__file__).resolve().parent
DEV = HERE.parent.parent / "shared" / "eval" / "dev"

# ACLED's names for kinds of people rather than for a group or a force: not registry actors by design.
IDENTITY = re.compile(
    r"^(?:Labou?r Group|Journalists|Farmers|Pastoralists|Women|Teachers|Health Workers|Students|Aid Workers|Prisoners|"
    r"Refugees/IDPs|Muslim Group|Christian Group|Hindu Group|Sikh Group|Lawyers|Miners|Fishers|Traders|Settlers|"
    r"Drug Suspects|Children|LGBTQ?\+?|Civilians|Protesters|Rioters|Judges|Former Military Forces|Sudanese Refugees|"
    r"Migrants|Taxi Drivers|Herders|Government Workers|Doctors|Nurses|Police Workers|Religious Leaders)\b.*\(.+\)$"
    r"|^.+ (?:Ethnic|Religious|Caste|Tribal|Clan|Communal) Group \(.+\)$"
    r"|^(?:Former )?Unidentified .+$"
    r"|^.+ Christian Group \(.+\)$"
    r"|^(?:Militia|Islamist Militia|Vigilante Group|Vigilante Militia|Private Security Forces|Indigenous Militia|"
    r"Indigenous Group|Tribal Militia|Fishermen|Street Traders|Far Right Group|Anarchist Group|Former Opposition Rebels|"
    r"Haredi Jewish Group|National Police Forces|Unidentified Military Forces)\b.*$"
    r"|^.+ (?:Communal|Clan|Sub-Clan) Militia \(.+\)$"  # a village's or clan's men, named by ACLED after the place
    # a community's armed men ("Bul Nuer Ethnic Militia (South Sudan)", "Al Awad Tribal Militia (Yemen)"): generic,
    # resolved through communities.yaml (one identity militia per community and country), not registry entries
    r"|^.+ (?:Ethnic|Tribal|Caste|Indigenous) Militia \(.+\)$"
    r"|^.+ (?:Indigenous|Sub-Clan|Religious) Group \(.+\)$"
    # ACLED's identity and category names: kinds of people, not a named group
    r"|^(?:.+ )?(?:Muslim|Buddhist|Druze|Tribal|Nationalist|Far Left|Cow Protection|Self-Defense) Group \(.+\)$"
    r"|^(?:Antifa|Anti-Drug Vigilantes|Armed Drug Suspects|Independent Politicians)\b.*$"
    r"|^.+ and/or .+$"  # ACLED's "A and/or B": an uncertain attribution between two actors, each resolvable
)


def gold_rows(gold: Path) -> dict[str, dict[str, str]]:
    with gold.open(encoding="utf-8", newline="") as handle:
        return {row["report_id"]: row for row in csv.DictReader(handle)}


def names(row: dict[str, str]) -> list[str]:
    return [n.strip() for n in (row["actor1"], row["actor2"], *row["assoc_actors"].split(";")) if n.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEV / "gold.csv")
    parser.add_argument("--reports", type=Path, default=DEV / "reports.jsonl")
    parser.add_argument("--all", action="store_true", help="also list unresolved identity categories")
    parser.add_argument("--limit", type=int, default=0, help="list at most N names per section (0: all)")
    args = parser.parse_args()

    started = time.perf_counter()
    registry = ActorRegistry.load()
    load_s = time.perf_counter() - started
    gold = gold_rows(args.gold)
    reports = [json.loads(line) for line in args.reports.open(encoding="utf-8")]
    countries = {r["id"]: registry.country_code(gold[r["id"]]["country"]) for r in reports}

    started, cpu_started = time.perf_counter(), time.process_time()
    found = {r["id"]: registry.find_in_text(r["text"], countries[r["id"]]) for r in reports}
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    mentions = sum(len(m) for m in found.values())
    print(f"registry: {len(registry.all())} actors, {len(registry.links())} links, loaded in {load_s * 1e3:.0f} ms")
    print(f"find_in_text: {len(reports)} reports, {mentions} actor mentions in {elapsed:.2f} s wall, {cpu:.2f} s CPU: "
          f"{cpu / len(reports) * 1e3:.3f} ms CPU per report, {cpu / max(mentions, 1) * 1e3:.4f} ms CPU per mention "
          "(target: under 0.2 ms per mention)")

    hit: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for report_id, matches in found.items():
        row = gold[report_id]
        ids = {m.actor_id for m in matches}
        for field in ("actor1", "actor2"):
            actor = registry.lookup(row[field]) if row[field].strip() else None
            if actor is not None:
                total[field] += 1
                hit[field] += actor.id in ids
    for field in ("actor1", "actor2"):
        print(f"find recall {field}: {hit[field] / max(total[field], 1):.3f} of {total[field]} resolvable gold names")

    unresolved: Counter[str] = Counter()
    every: Counter[str] = Counter()
    for row in gold.values():
        for name in names(row):
            every[name] += 1
            if registry.lookup(name) is None:
                unresolved[name] += 1
    named = Counter({n: c for n, c in unresolved.items() if not IDENTITY.match(n)})
    identity = Counter({n: c for n, c in unresolved.items() if IDENTITY.match(n)})
    resolved = sum(every.values()) - sum(unresolved.values())
    print(f"gold actor names: {len(every)} distinct, {sum(every.values())} uses; {resolved / sum(every.values()):.3f} "
          f"of uses resolve to a registry actor")
    print(f"\nnamed groups and state forces that do not resolve: {len(named)} names, {sum(named.values())} uses")
    for name, count in named.most_common(args.limit or None):
        print(f"  {count:5d}  {name}")
    print(f"\nACLED categories, local militias and uncertain attributions (not registry actors): {len(identity)} names, "
          f"{sum(identity.values())} uses" + ("" if args.all else "; --all lists them"))
    if args.all:
        for name, count in identity.most_common(args.limit or None):
            print(f"  {count:5d}  {name}")


if __name__ == "__main__":
    main()
