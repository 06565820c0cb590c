"""Long-article benchmark: the seed report and the demo reports (JSONL, pages, notes), whole pipeline.

Short dev reports (bench/ingest.py) measure per-report overhead; news articles are longer, and the language
model's cost grows with their length. This ingests the seed and every shipped demo report, `--repeat` times
(each copy under its own id, so nothing is skipped as already present), into a fresh DuckDB file, and prints
words per second, the same as articles of 600 words per second, and the time by stage.

    .venv/bin/python bench/extract.py               # 20 copies of the set
    .venv/bin/python bench/extract.py --repeat 5    # quicker
    .venv/bin/python bench/extract.py --json        # for machines
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_f5a8a32960568fc5.txt"
DEMO = ROOT / "src" / "warlog" / "data" / "demo"
ARTICLE_WORDS = 600


def _cpu() -> float:
    """CPU seconds of this process and of the extraction workers it forked and waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def articles():
    """The seed (dated as published) and the demo reports, as Reports."""
    import datetime as dt

    from warlog.ingest import read_reports
    from warlog.records import Report

    paths = [DEMO / "articles.jsonl", DEMO / "pages", DEMO / "notes"]
    out = [r for r in read_reports([p for p in paths if p.exists()]) if isinstance(r, Report)]
    if SEED.exists():
        out += [r for r in read_reports([SEED], published=dt.date(2017, 4, 25), outlet="FDD's Long War Journal")
                if isinstance(r, Report)]
    return out


def run(repeat: int) -> dict[str, object]:
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    base = articles()
    words = sum(len(r.text.split()) for r in base) * repeat
    batch = [dataclasses.replace(r, id=f"{r.id}~{i}") for i in range(repeat) for r in base]
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.duckdb"))
        pipeline = Pipeline(store)
        t0 = time.perf_counter()
        _ = pipeline.extractor  # the language model, gazetteer and registry load outside the timed part
        loaded, cpu0 = time.perf_counter(), _cpu()
        summary = pipeline.ingest(iter(batch))
        done, cpu = time.perf_counter(), _cpu() - cpu0
        store.close()
    seconds = done - loaded
    return {
        "reports": len(batch), "distinct_reports": len(base), "words": words,
        "mean_words": round(words / len(batch), 1), "load_s": round(loaded - t0, 2), "ingest_s": round(seconds, 2),
        "reports_per_s": round(len(batch) / seconds, 1), "words_per_s": round(words / seconds),
        "articles_600_words_per_s": round(words / seconds / ARTICLE_WORDS, 1),
        # CPU seconds (this process and its workers): on a shared machine, wall time also counts other people's
        # work; on an idle machine with `cores` cores the work takes about cpu_s / cores when spread over them
        "cpu_s": round(cpu, 2), "articles_600_words_per_cpu_s": round(words / cpu / ARTICLE_WORDS, 1),
        "stages_s": {k: round(v, 2) for k, v in summary.seconds_by_stage.items()},
        "mentions": summary.mentions, "cores": os.cpu_count(), "machine": platform.machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="copies of the article set (default 20)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(max(1, args.repeat))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['reports']} reports ({result['distinct_reports']} distinct, {result['mean_words']} words on "
          f"average), {result['cores']} cores {result['machine']}")
    print(f"ingest: {result['ingest_s']} s = {result['reports_per_s']} reports/s, {result['words_per_s']} words/s "
          f"= {result['articles_600_words_per_s']} articles of {ARTICLE_WORDS} words/s (load {result['load_s']} s)")
    print(f"cpu: {result['cpu_s']} s = {result['articles_600_words_per_cpu_s']} articles of {ARTICLE_WORDS} words "
          f"per CPU second")
    print("by stage: " + ", ".join(f"{k} {v} s" for k, v in sorted(result["stages_s"].items())))


if __name__ == "__main__":
    main()
