"""Charts of trend answers (`warlog trend --plot FILE.png|svg`): matplotlib, Agg backend, no display needed.

Bars for up to 40 periods, a line beyond; with a breakdown, stacked bars (or one line per group) for the
largest groups. The part of each period that is only "up to" (events whose coarse dates may fall inside) is
drawn hatched above the "at least" bar. The title carries the question (who, where, types, periods), the
footnote what was excluded and what is uncertain.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from warlog.errors import InputError
from warlog.query import LOW_CONFIDENCE
from warlog.records import Answer

FORMATS = (".png", ".svg")
MAX_BARS = 40
MAX_GROUPS = 8


def describe(answer: Answer) -> str:
    """The question in a few words: who, what, where, when (for titles and sentences)."""
    q = answer.query
    who = ""
    if q.get("actor"):
        who = f"{q['actor']}{'-linked' if q.get('linked') else ''} "
    types = list(q.get("types") or [])
    what = "attacks" if set(types) == {"Battles", "Explosions/Remote violence", "Violence against civilians"} \
        else (", ".join(types) if types else "events")
    where_parts = list(q.get("where") or []) + list(q.get("admin1") or [])
    where = ""
    if where_parts:
        where = " in " + (", ".join(where_parts) if len(where_parts) <= 3
                          else f"{where_parts[0]} and {len(where_parts) - 1} more places")
    if q.get("bbox"):
        where += " within " + ",".join(f"{x:g}" for x in q["bbox"])
    rows = answer.rows
    when = ""
    if rows:
        first, last = rows[0], rows[-1]
        if q.get("so_far_this_year"):
            when = f", 1 Jan to {last.end:%d %b} of each year {first.period}-{last.period}" if last.end else ""
        else:
            when = f", {first.period} to {last.period}" if first.period != last.period else f", {first.period}"
    return f"{who}{what}{where}{when}"


def _filters(answer: Answer) -> str:
    q = answer.query
    bits = []
    if q.get("min_fatalities") is not None:
        bits.append(f"fatalities >= {q['min_fatalities']}")
    if q.get("min_sources") is not None:
        bits.append(f"sources >= {q['min_sources']}")
    if q.get("min_confidence") not in (None, LOW_CONFIDENCE):
        bits.append(f"confidence >= {q['min_confidence']}")
    if q.get("datasets") and set(q["datasets"]) != {"reports", "acled", "ucdp"}:
        bits.append("datasets: " + ", ".join(q["datasets"]))
    if q.get("breakdown"):
        bits.append(f"by {q['breakdown']}")
    return "; ".join(bits)


def plot_answer(answer: Answer, path: Path | str, *, measure: str = "events") -> Path:
    """Draw the answer into a .png or .svg file and return its path."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise InputError(f"--plot {path}: give a file ending in .png or .svg")
    if not answer.rows:
        raise InputError("nothing to plot: no event matches the question")
    if measure not in ("events", "fatalities"):
        raise InputError(f"measure {measure!r}: use events or fatalities")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    periods = list(dict.fromkeys(r.period for r in answer.rows))
    groups: dict[str | None, dict[str, tuple[int, int]]] = defaultdict(dict)
    for r in answer.rows:
        value = r.count if measure == "events" else r.fatalities
        extra = (r.up_to or r.count) - r.count if measure == "events" else 0
        groups[r.group][r.period] = (value, extra)
    order = sorted(groups, key=lambda g: -sum(v for v, _ in groups[g].values()))
    if len(order) > MAX_GROUPS:
        other: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
        for g in order[MAX_GROUPS - 1:]:
            for p, (v, x) in groups[g].items():
                ov, ox = other[p]
                other[p] = (ov + v, ox + x)
        groups = {g: groups[g] for g in order[:MAX_GROUPS - 1]} | {"other": dict(other)}
        order = order[:MAX_GROUPS - 1] + ["other"]

    fig = Figure(figsize=(max(7.0, min(16.0, 0.35 * len(periods) + 4)), 5.0))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    xs = list(range(len(periods)))
    as_bars = len(periods) <= MAX_BARS
    bottom = [0] * len(periods)
    uncertain = [0] * len(periods)
    for g in order:
        values = [groups[g].get(p, (0, 0))[0] for p in periods]
        label = g if g is not None else ("at least" if measure == "events" else "fatalities (best)")
        if as_bars:
            ax.bar(xs, values, bottom=bottom, label=label, width=0.8)
            bottom = [b + v for b, v in zip(bottom, values)]
        else:
            ax.plot(xs, values, label=label, linewidth=1.4)
        uncertain = [u + groups[g].get(p, (0, 0))[1] for u, p in zip(uncertain, periods)]
    if any(uncertain):
        if as_bars:
            ax.bar(xs, uncertain, bottom=bottom, width=0.8, fill=False, hatch="//", edgecolor="grey",
                   label="up to (coarse dates)")
        else:
            ax.plot(xs, [b + u for b, u in zip(bottom if as_bars else [0] * len(xs), uncertain)], linestyle=":",
                    color="grey", label="up to (coarse dates)")
    step = max(1, len(periods) // 24)
    ax.set_xticks(xs[::step])
    ax.set_xticklabels(periods[::step], rotation=45 if len(periods) > 8 else 0, ha="right" if len(periods) > 8
                       else "center", fontsize=8)
    by = answer.query.get("by") or "period"
    ax.set_xlabel("1 January to as-of date, each year" if answer.query.get("so_far_this_year") else f"{by}")
    ax.set_ylabel("events (at least)" if measure == "events" else "fatalities (best estimate, at least)")
    title = describe(answer)
    filters = _filters(answer)
    ax.set_title(title + (f"\n{filters}" if filters else ""), fontsize=10)
    if len(order) > 1 or any(uncertain):
        ax.legend(fontsize=8, loc="upper left")
    notes = []
    low = answer.excluded.get("low_confidence") if answer.excluded else None
    if low:
        notes.append(f"{low} low-confidence event(s) excluded")
    if any(uncertain):
        notes.append(f"hatched: up to {sum(uncertain)} more event(s) whose dates may fall in the period")
    state = answer.state or {}
    notes.append(f"warlog {state.get('warlog_version', '')}, {state.get('reports', '?')} reports"
                 + (f", last ingest {state['last_ingest']}" if state.get("last_ingest") else ""))
    fig.text(0.01, 0.01, "; ".join(notes), fontsize=7, color="dimgrey")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig(path, format=path.suffix.lower().lstrip("."))
    return path
