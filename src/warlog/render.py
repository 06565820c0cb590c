"""Answers and events as text and JSON, shared by the CLI and (later) the HTTP API."""

from __future__ import annotations

from dataclasses import asdict

from warlog.query import EventDetail, change
from warlog.records import Answer, Event
from warlog.store import Store


def answer_json(answer: Answer) -> dict:
    return {
        "query": dict(answer.query),
        "rows": [{"period": r.period, "count": r.count, "event_ids": list(r.event_ids),
                  "report_ids": list(r.report_ids)} for r in answer.rows],
        "caveats": list(answer.caveats),
    }


def answer_table(answer: Answer) -> str:
    lines = [f"{'period':10} {'count':>5}  events"]
    for r in answer.rows:
        lines.append(f"{r.period:10} {r.count:5}  {' '.join(r.event_ids)}")
    lines += [f"note: {c}" for c in answer.caveats]
    return "\n".join(lines)


def _who(answer: Answer) -> str:
    q = answer.query
    actor = q.get("actor")
    if not actor:
        return "events"
    return f"{actor}{'-linked' if q.get('linked') else ''} events"


def _where(answer: Answer) -> str:
    where = list(answer.query.get("where") or [])
    if not where:
        return "everywhere"
    if len(where) > 2:
        return f"{where[0]} and neighbouring countries ({', '.join(where[1:])})"
    return " and ".join(where)


def answer_brief(answer: Answer, store: Store) -> str:
    """The seed's sentence: the last period's count, the change between the two periods before it, and under
    each number the events and the reports behind it."""
    rows = list(answer.rows)
    what = _who(answer).replace("events", "attacks" if answer.query.get("types") else "events")
    if not rows:
        return f"No {what} in {_where(answer)} match."
    last = rows[-1]
    head = f"{last.count} {what} in {_where(answer)} in {last.period}"
    if len(rows) >= 3:
        a, b = rows[-3], rows[-2]
        head += f"; in {b.period}, {b.count}: {change(a.count, b.count)} in {a.period}"
    elif len(rows) == 2:
        head += f"; {change(rows[0].count, last.count)} in {rows[0].period}"
    lines = [head + "."]
    via = answer.query.get("via") or {}
    for r in reversed(rows):
        lines.append("")
        lines.append(f"{r.period}: {r.count} events, from {len(r.report_ids)} reports")
        for eid in r.event_ids:
            e = store.event(eid)
            lines.append("  " + event_line(e))
            if eid in via:
                lines.append(f"      counted because: {via[eid]}")
            for rid in e.report_ids:
                rep = store.report(rid)
                lines.append(f"      report {rid}: {rep.outlet or '?'}, {rep.published or '?'}"
                             + (f", {rep.url}" if rep.url else ""))
    lines += ["", *[f"note: {c}" for c in answer.caveats]]
    return "\n".join(lines).rstrip()


def event_line(e: Event) -> str:
    date = "undated" if e.date is None else (
        f"{e.date.start}" if e.date.start == e.date.end else f"{e.date.start}..{e.date.end} ({e.date.precision})")
    place = ", ".join(x for x in (e.place.location, e.place.admin1, e.place.country) if x) if e.place else "?"
    perp = next((a.name for a in e.actors if a.role == "perpetrator"), "unknown perpetrator")
    target = next((a.name for a in e.actors if a.role == "target"), None)
    fat = e.fatalities.best
    return (f"{e.id}  {date}  {place}  {e.sub_event_type}: {perp}" + (f" vs {target}" if target else "")
            + (f", {fat} killed" if fat else ""))


def event_detail_text(d: EventDetail) -> str:
    e = d.event
    p = e.place
    lines = [f"event {e.id}  (linked by {e.linker}, confidence {e.confidence})", ""]

    def field(name: str, value: object, rule_key: str | None = None) -> None:
        lines.append(f"  {name:16} {value}")
        rule = e.rules.get(rule_key or name)
        if rule:
            lines.append(f"  {'':16} rule: {rule}")

    field("event_type", e.event_type)
    field("sub_event_type", e.sub_event_type, "event_type")
    field("date", "unknown" if e.date is None else f"{e.date.start}..{e.date.end} ({e.date.precision})")
    for a in e.actors:
        field(a.role, f"{a.name}  (\"{a.phrase}\")", "actors")
    field("claimed_by", ", ".join(e.claimed_by) or "-")
    if p:
        field("place", ", ".join(x for x in (p.location, p.admin2, p.admin1, p.country) if x) +
              f"  (geo precision {p.geo_precision}"
              + (f", {p.latitude:.4f},{p.longitude:.4f})" if p.latitude is not None else ")"))
        if p.explanation:
            lines.append(f"  {'':16} why: {p.explanation}")
    f = e.fatalities
    field("fatalities", f"best {f.best}, low {f.low}, high {f.high}; wounded {f.wounded}")
    for name, rule in e.rules.items():
        if name not in ("event_type", "date", "actors", "claimed_by", "place", "fatalities") \
                and not name.startswith("link:"):
            lines.append(f"  {name:16} rule: {rule}")
    if d.corrections:
        lines += ["", "corrections:"]
        for c in d.corrections:
            lines.append(f"  #{c.id} {c.field} = {c.value!r} by {c.author} at {c.created:%Y-%m-%d %H:%M}: {c.reason}")
    lines += ["", f"{len(d.mentions)} mention(s) in {len(d.reports)} report(s):"]
    for m in d.mentions:
        r = d.reports.get(m.report_id)
        lines.append("")
        lines.append(f"  mention {m.id}  [{m.extractor}]")
        if r:
            lines.append(f"    source: {r.outlet or '?'}, published {r.published or '?'}" + (f", {r.url}" if r.url else ""))
        why = e.rules.get(f"link:{m.id}")
        if why:
            lines.append(f"    linked: {why}")
        lines.append(f"    says: {m.sub_event_type}; date "
                     + ("?" if m.date is None else f"{m.date.start}..{m.date.end} ({m.date.precision})")
                     + f"; fatalities {m.fatalities.best}")
        for fname, spans in sorted(d.spans.get(m.id, {}).items()):
            for s in spans:
                lines.append(f"    {fname:12} \"{s.text}\"  in: {s.sentence.strip()}")
    return "\n".join(lines)


def event_detail_json(d: EventDetail) -> dict:
    return {
        "event": asdict(d.event),
        "mentions": [asdict(m) for m in d.mentions],
        "reports": {k: asdict(v) for k, v in d.reports.items()},
        "corrections": [asdict(c) for c in d.corrections],
    }


def actor_tree_text(tree: dict, depth: int = 0) -> str:
    """Indented text of ActorRegistry.tree()'s nested dicts."""
    actor = tree.get("actor")
    name = getattr(actor, "name", actor)
    link = tree.get("link")
    relation = tree.get("relation")
    dates = ""
    if link is not None:
        dates = f" [{getattr(link, 'valid_from', None) or '…'} – {getattr(link, 'valid_to', None) or '…'}]"
    line = "  " * depth + (f"{relation}: " if relation else "") + f"{name}{dates}"
    return "\n".join([line, *(actor_tree_text(c, depth + 1) for c in tree.get("children", []))])
