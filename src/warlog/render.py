"""Answers and events as text and JSON, shared by the CLI and (later) the HTTP API."""

from __future__ import annotations

from dataclasses import asdict

from warlog.errors import NotFoundError
from warlog.query import EventDetail, change
from warlog.records import Answer, Event
from warlog.store import Store


def answer_json(answer: Answer) -> dict:
    """The answer as JSON: the question as understood, rows (count = at least, up_to, the events and reports
    behind each number), caveats, what was excluded, and the database state and warlog version."""
    return {
        "query": dict(answer.query),
        "rows": [{"period": r.period, "group": r.group, "start": r.start.isoformat() if r.start else None,
                  "end": r.end.isoformat() if r.end else None, "count": r.count, "up_to": r.up_to,
                  "fatalities": r.fatalities, "change": r.change, "change_pct": r.change_pct,
                  "datasets": dict(r.datasets), "event_ids": list(r.event_ids), "report_ids": list(r.report_ids),
                  "uncertain_event_ids": list(r.uncertain_event_ids)} for r in answer.rows],
        "caveats": list(answer.caveats),
        "excluded": dict(answer.excluded),
        "state": dict(answer.state),
    }


def _pct(r) -> str:
    if r.change is None:
        return ""
    return f"{r.change:+d}" + (f" ({r.change_pct:+.0f}%)" if r.change_pct is not None else "")


def answer_table(answer: Answer) -> str:
    """Counts by period (and group): at least, up to, fatalities, change, then the events counted."""
    grouped = any(r.group is not None for r in answer.rows)
    width = max([10, *(len(r.group or "") for r in answer.rows)]) if grouped else 0
    head = f"{'period':10} " + (f"{'group':{width}} " if grouped else "")
    lines = [head + f"{'at least':>8} {'up to':>6} {'killed':>7} {'change':>12}  events"]
    for r in answer.rows:
        lines.append(f"{r.period:10} " + (f"{r.group or '':{width}} " if grouped else "")
                     + f"{r.count:8} {r.up_to if r.up_to is not None else r.count:6} {r.fatalities:7} "
                     f"{_pct(r):>12}  {' '.join(r.event_ids)}")
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
    lines += events_block(answer, store)
    lines += ["", *[f"note: {c}" for c in answer.caveats]]
    return "\n".join(lines).rstrip()


def events_block(answer: Answer, store: Store) -> list[str]:
    """Under each number, latest period first: its events, why each was counted, and each event's reports;
    then the events that only may fall in the period."""
    lines: list[str] = []
    via = answer.query.get("via") or {}

    def one(eid: str) -> None:
        e = store.event(eid)
        lines.append("  " + event_line(e))
        if eid in via:
            lines.append(f"      counted because: {via[eid]}")
        for rid in e.report_ids:
            try:
                rep = store.report(rid)
            except NotFoundError:
                lines.append(f"      report {rid}: not in this database")
                continue
            lines.append(f"      report {rid}: {rep.outlet or '?'}, {rep.published or '?'}"
                         + (f", {rep.url}" if rep.url else ""))

    for r in reversed(answer.rows):
        lines.append("")
        label = r.period + (f" {r.group}" if r.group else "")
        lines.append(f"{label}: {r.count} events, from {len(r.report_ids)} reports")
        for eid in r.event_ids:
            one(eid)
        if r.uncertain_event_ids:
            lines.append(f"  up to {len(r.uncertain_event_ids)} more, whose dates may fall in {r.period}:")
            for eid in r.uncertain_event_ids:
                one(eid)
    return lines


_DATASET_NAMES = {"reports": "extracted from reports", "acled": "ACLED", "ucdp": "UCDP GED"}


def _change_words(row, before) -> str:
    if before.count == 0:
        return "none then to compare with" if row.count else "none in either"
    pct = round(100 * (row.count - before.count) / before.count)
    return "no change" if pct == 0 else f"a {abs(pct)} percent {'increase' if pct > 0 else 'decrease'}"


def answer_sentence(question, answer: Answer) -> str:
    """The answer to `warlog answer` as sentences: the figure for the last period with its "up to", the
    comparison with the year asked for (else the period before), where the events come from, what was left out."""
    q = answer.query
    rows = [r for r in answer.rows if r.group is None]
    who = f"{q['actor']}{'-linked' if q.get('linked') else ''} " if q.get("actor") else ""
    what = f"{who}{question.noun}"
    countries = list(q.get("where") or [])
    where_param = str(question.params.get("where") or "")
    if "+neighbours" in where_param and countries:
        where = f" in {countries[0]} and neighbouring countries ({', '.join(countries[1:])})"
    else:
        places = countries + [a.split("/")[-1] for a in q.get("admin1") or []]
        where = " in " + (", ".join(places[:-1]) + " and " + places[-1] if len(places) > 1 else places[0]) \
            if places else ""
    if not rows:
        return f"No {what}{where} in the periods asked about."
    last = rows[-1]
    so_far = bool(q.get("so_far_this_year"))
    when = (f"so far this year (1 January to {last.end:%d %B %Y})" if so_far and last.end
            else f"in {last.period}" + (f" (to {last.end:%d %B})" if last.end and len(last.period) == 4
                                        and (last.end.month, last.end.day) != (12, 31) else ""))
    if question.measure == "fatalities":
        text = f"At least {last.fatalities} fatalities in {last.count} {what}{where} {when}"
    else:
        text = f"At least {last.count} {what}{where} {when}"
        if last.up_to and last.up_to > last.count:
            text += (f", up to {last.up_to} counting {last.up_to - last.count} whose dates, known only to the week, "
                     "month or year, may fall in the period")
    before = None
    if len(rows) >= 2:
        wanted = [str(y) for y in question.compare]
        before = next((r for r in rows[:-1] if r.period in wanted), rows[-2])
    if before is not None:
        span = f"the same span of {before.period}" if so_far else before.period
        if question.measure == "fatalities":
            text += f"; {before.fatalities} in {span}"
        else:
            text += f"; {before.count} in {span}: {_change_words(last, before)}"
        others = [r for r in rows[:-1] if r is not before]
        if others:
            text += " (" + "; ".join(f"{r.period}: {r.fatalities if question.measure == 'fatalities' else r.count}"
                                     for r in others) + ")"
    text += "."
    told = [r for r in (last, before) if r is not None]
    if any(k != "reports" for r in told for k in r.datasets):
        text += " Counted from: " + "; ".join(
            f"{r.period}: " + ", ".join(f"{_DATASET_NAMES.get(k, k)} {v}" for k, v in sorted(r.datasets.items()))
            for r in told if r.datasets) + "."
    low = answer.excluded.get("low_confidence") if answer.excluded else None
    if low:
        text += f" {low} low-confidence event(s) were left out."
    return text
    p = row.period
    if len(p) == 4:
        return dt.date(int(p), 12, 31)
    return row.end


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
    if len(d.mentions) > 1:
        lines.append(f"  {'':16} who said what:")
        for m in d.mentions:
            r = d.reports.get(m.report_id)
            perps = ", ".join(a.name for a in m.actors if a.role == "perpetrator") or "perpetrator unnamed"
            lines.append(f"  {'':16}   {(r.outlet if r else None) or m.report_id} "
                         f"({(r.published if r else None) or '?'}): {m.fatalities.best if m.fatalities.best is not None else '-'}"
                         f" killed; {perps}")
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
    name = tree.get("name") or getattr(actor, "name", actor)
    link = tree.get("link")
    relation = tree.get("relation")
    dates = ""
    if link is not None:
        dates = f" [{getattr(link, 'valid_from', None) or '…'} – {getattr(link, 'valid_to', None) or '…'}]"
        dates += f"  ({link.source})" if getattr(link, "source", "") else ""
    line = "  " * depth + (f"{relation}: " if relation else "") + f"{name}{dates}"
    return "\n".join([line, *(actor_tree_text(c, depth + 1) for c in tree.get("children", []))])


def actor_show_text(actor, registry, counts: dict | None = None) -> str:
    """`warlog actors show`: names, aliases, dated links (both ways) with their sources, event counts."""
    import datetime as dt

    lines = [f"{actor.name}  [{actor.id}]  kind: {actor.kind}  country: {actor.country or '-'}"]
    if actor.acled_name:
        lines.append(f"ACLED name: {actor.acled_name}")
    lines.append("aliases: " + ("; ".join(actor.aliases) or "-"))
    links = [k for k in registry.links() if actor.id in (k.actor_id, k.other_id)]
    lines.append("links:" if links else "links: none")
    for k in sorted(links, key=lambda k: (k.valid_from or dt.date.min, k.relation)):
        lines.append(f"  {registry.get(k.actor_id).name} {k.relation} {registry.get(k.other_id).name} "
                     f"[{k.valid_from or '…'} – {k.valid_to or '…'}]" + (f"  source: {k.source}" if k.source else ""))
    if counts is not None:
        lines.append(f"events: {counts['perpetrator']} as perpetrator or claimant, {counts['any_role']} in any role, "
                     f"{counts['linked']} with its linked actors (on each event's date)")
    return "\n".join(lines)
