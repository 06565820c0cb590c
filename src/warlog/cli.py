"""The command line: parses options, calls the library, formats the result. Nothing else lives here."""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import io
import json
import logging
import sys
from importlib import resources
from pathlib import Path
from typing import Callable

import click

from warlog import __version__, export as export_mod, query
from warlog.errors import InputError, WarlogError

EXIT_SKIPPED = 3  # the run stored what it could, but some inputs were skipped


class WarlogGroup(click.Group):
    """Turns every WarlogError into one line on stderr and exit code 1: never a traceback for a user mistake."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except WarlogError as err:
            click.echo(f"Error: {err}", err=True)
            ctx.exit(1)


def db_option(f: Callable) -> Callable:
    return click.option("--db", envvar="WARLOG_DB", default=None, metavar="FILE",
                        help="Database file (default: $WARLOG_DB, else warlog.duckdb).")(f)


def _date(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD") from None


def filter_options(f: Callable) -> Callable:
    for opt in reversed([
        click.option("--actor", default=None, help="Only events this actor carried out or claimed."),
        click.option("--linked", is_flag=True, help="With --actor: also actors tied to it in the hierarchy "
                                                    "on the event's date (branches, factions, merged groups)."),
        click.option("--any-role", is_flag=True, help="With --actor: also events where the actor was the target."),
        click.option("--where", default=None, metavar="PLACES",
                     help="Countries: 'Mali', 'Mali,Niger', 'ML,BF' or 'Mali+neighbours'."),
        click.option("--type", "types", default=None,
                     help="'attacks' (battles, explosions, violence against civilians) or ACLED event types, "
                          "comma-separated."),
        click.option("--since", callback=_date, default=None, metavar="YYYY-MM-DD"),
        click.option("--until", callback=_date, default=None, metavar="YYYY-MM-DD"),
    ]):
        f = opt(f)
    return f


@click.group(cls=WarlogGroup)
@click.version_option(__version__, prog_name="warlog")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does.")
def cli(verbose: bool) -> None:
    """warlog: reports of political violence in; deduplicated, geocoded events out.

    Example:

        warlog ingest reports.jsonl && warlog trend --actor "al Qaeda" --linked --where Mali+neighbours
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


# --- ingest ----------------------------------------------------------------------------------------


def _count_reports(paths: tuple[str, ...]) -> int | None:
    """A cheap estimate for the progress bar: lines of JSONL files, one per other file."""
    total = 0
    for p in map(Path, paths):
        files = [p] if p.is_file() else sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else []
        for f in files:
            if f.suffix in (".jsonl", ".ndjson"):
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
    return total or None


def _run_ingest(paths: tuple[str, ...], db: str | None, published: dt.date | None, outlet: str | None,
                language: str | None, max_chars: int, quiet: bool) -> int:
    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    store = open_store(db)
    try:
        pipeline = Pipeline(store)
        items = read_reports(paths, published=published, outlet=outlet, language=language, max_chars=max_chars)
        total = _count_reports(paths)
        show_bar = not quiet and total is not None and total > 50 and sys.stderr.isatty()
        with click.progressbar(length=total or 0, label="ingesting", file=sys.stderr,
                               hidden=not show_bar) as bar:
            summary = pipeline.ingest(items, progress=bar.update)
    finally:
        store.close()
    for skipped in summary.skipped:
        click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    if not quiet:
        for line in summary.lines():
            click.echo(line)
    return EXIT_SKIPPED if summary.skipped else 0


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--published", callback=_date, default=None, metavar="YYYY-MM-DD",
              help="Publication date for .txt files (they carry none).")
@click.option("--outlet", default=None, help="Outlet name for .txt files.")
@click.option("--language", default=None, help="Language code (en, fr) when the input does not say.")
@click.option("--max-chars", default=2_000_000, show_default=True, help="Skip reports longer than this.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
@click.pass_context
def ingest(ctx, paths, db, published, outlet, language, max_chars, quiet):
    """Read reports (JSONL, .txt, .html, RSS/Atom, or folders of these), extract events, link, store.

    A report already stored is not stored again. The whole run is one transaction. Exit code 3 means some
    inputs were skipped (each is named on stderr with the reason); the rest were stored.

    Example:

        warlog ingest reports.jsonl pages/ --db sahel.duckdb
    """
    ctx.exit(_run_ingest(paths, db, published, outlet, language, max_chars, quiet))


@cli.command()
@db_option
@click.pass_context
def reextract(ctx, db):
    """Extract and link every stored report again; analysts' corrections are applied again afterwards.

    Example:

        warlog reextract --db sahel.duckdb
    """
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    store = open_store(db)
    try:
        summary = Pipeline(store).reextract()
    finally:
        store.close()
    for line in summary.lines():
        click.echo(line)


# --- looking ---------------------------------------------------------------------------------------


def _open(db: str | None):
    from warlog.store import open_store

    return open_store(db, read_only=True)


def _event_line(e) -> dict[str, object]:
    perp = next((a.name for a in e.actors if a.role == "perpetrator"), "")
    target = next((a.name for a in e.actors if a.role == "target"), "")
    place = e.place
    return {
        "event_id": e.id,
        "date": f"{e.date.start}" + (f"..{e.date.end}" if e.date and e.date.end != e.date.start else "") if e.date else "",
        "precision": e.date.precision if e.date else "",
        "type": e.sub_event_type,
        "actor1": perp,
        "actor2": target,
        "place": ", ".join(x for x in (place.location, place.admin1, place.country) if x) if place else "",
        "fatalities": e.fatalities.best,
        "reports": len(e.report_ids),
    }


def _print_table(rows: list[dict[str, object]]) -> None:
    if not rows:
        click.echo("(no events)")
        return
    cols = list(rows[0])
    widths = {c: min(40, max(len(c), *(len(str(r[c] if r[c] is not None else "")) for r in rows))) for c in cols}
    click.echo("  ".join(c.ljust(widths[c]) for c in cols))
    for r in rows:
        click.echo("  ".join(str(r[c] if r[c] is not None else "")[:widths[c]].ljust(widths[c]) for c in cols))


@cli.command()
@db_option
@filter_options
@click.option("--limit", default=None, type=int, help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def events(db, actor, linked, any_role, where, types, since, until, limit, fmt):
    """List events, oldest first.

    Example:

        warlog events --where Mali --since 2017-01-01 --type attacks --format csv
    """
    from warlog.actors import ActorRegistry
    from warlog.geocode import Gazetteer
    from warlog.store import EventFilter

    actors = ActorRegistry.load()
    flt = EventFilter(countries=query.parse_where(where, Gazetteer.load()), event_types=query.parse_types(types),
                      since=since, until=until)
    store = _open(db)
    try:
        selected = []
        for sel in query.select(store, actors, flt, actor=actor, linked=linked, any_role=any_role):
            selected.append(_event_line(sel.event) | ({"via": sel.via} if actor else {}))
            if limit and len(selected) >= limit:
                break
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(selected, indent=2, ensure_ascii=False, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        if selected:
            w = csv.DictWriter(buf, fieldnames=list(selected[0]))
            w.writeheader()
            w.writerows(selected)
        click.echo(buf.getvalue(), nl=False)
    else:
        _print_table(selected)


@cli.command()
@click.argument("event_id")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(event_id, db, fmt):
    """Every field of one event, the sentence it came from, and each source's outlet, date and url.

    Example:

        warlog show ev-1a2b3c4d5e6f
    """
    from warlog.render import event_detail_json, event_detail_text

    store = _open(db)
    try:
        detail = query.event_detail(store, event_id)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(event_detail_json(detail), indent=2, ensure_ascii=False, default=str))
    else:
        click.echo(event_detail_text(detail))


@cli.command()
@db_option
@filter_options
@click.option("--by", type=click.Choice(list(query.PERIODS)), default="year", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "brief"]), default="table", show_default=True,
              help="brief: one sentence comparing the last period with the ones before, then the events.")
def trend(db, actor, linked, any_role, where, types, since, until, by, fmt):
    """Count events by period; every count lists the events and reports behind it.

    Example:

        warlog trend --actor "al Qaeda" --linked --where Mali+neighbours --type attacks --since 2015-01-01
    """
    from warlog.actors import ActorRegistry
    from warlog.geocode import Gazetteer
    from warlog.render import answer_brief, answer_json, answer_table

    actors = ActorRegistry.load()
    gazetteer = Gazetteer.load()
    store = _open(db)
    try:
        answer = query.trend(store, actors, gazetteer, actor=actor, linked=linked, where=where, types=types,
                             since=since, until=until, by=by, any_role=any_role)
        if fmt == "json":
            click.echo(json.dumps(answer_json(answer), indent=2, ensure_ascii=False))
        elif fmt == "brief":
            click.echo(answer_brief(answer, store))
        else:
            click.echo(answer_table(answer))
    finally:
        store.close()


@cli.command()
@click.argument("event_id")
@click.argument("field")
@click.argument("value")
@click.option("--reason", required=True, help="Why: kept with the correction and shown by `show`.")
@click.option("--author", default=None, help="Who (default: your login name).")
@db_option
def correct(event_id, field, value, reason, author, db):
    """Correct one field of one event. Corrections are kept apart and survive every re-extraction.

    Fields: event_type, sub_event_type, date (YYYY-MM-DD or A..B), fatalities, fatalities_low,
    fatalities_high, wounded, actor1, actor2, claimed_by, country, admin1, admin2, admin3, location,
    latitude, longitude, geo_precision.

    Example:

        warlog correct ev-1a2b3c4d5e6f fatalities 5 --reason "army communique of 20 April"
    """
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    store = open_store(db)
    try:
        saved = Pipeline(store).correct(event_id, field, value, reason, author or _whoami())
    finally:
        store.close()
    click.echo(f"correction #{saved.id}: {event_id} {field} = {value} ({saved.author}: {reason})")


def _whoami() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(list(export_mod.FORMATS)), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@filter_options
def export(db, fmt, output, actor, linked, any_role, where, types, since, until):
    """Write events as ACLED-style CSV, GeoJSON or Parquet.

    The CSV has ACLED's columns plus event_id, fatalities_low, fatalities_high, sources and report_ids.
    Reports that yielded no event are counted on stderr; `warlog reports --without-events` says why.

    Example:

        warlog export --format acled-csv -o events.csv
    """
    from warlog.actors import ActorRegistry
    from warlog.geocode import Gazetteer
    from warlog.store import EventFilter

    if actor:
        raise InputError("export does not filter by actor yet; use `warlog events --actor ... --format csv`")
    actors = ActorRegistry.load()
    flt = EventFilter(countries=query.parse_where(where, Gazetteer.load()), event_types=query.parse_types(types),
                      since=since, until=until)
    store = _open(db)
    try:
        n = export_mod.write(store, actors, fmt, output, flt)
        without = store.reports_without_events()
    finally:
        store.close()
    click.echo(f"wrote {n} events to {output}", err=True)
    if without:
        click.echo(f"{len(without)} report(s) yielded no event and are in no row: "
                   "`warlog reports --without-events` lists them with the reason", err=True)


@cli.command()
@db_option
@click.option("--without-events", is_flag=True, help="Only reports that yielded no event, with the reason.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def reports(db, without_events, fmt):
    """Stored reports; with --without-events, the ones no event came from, and why.

    Example:

        warlog reports --without-events --format csv
    """
    store = _open(db)
    try:
        if without_events:
            rows = [{"report_id": rid, "reason": why} for rid, why in store.reports_without_events()]
        else:
            rows = [{"table": k, "rows": v} for k, v in store.counts().items()]
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["report_id", "reason"])
        w.writeheader()
        w.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        for r in rows:
            click.echo("  ".join(str(v) for v in r.values()))


# --- evaluation ------------------------------------------------------------------------------------


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("reports_file", metavar="REPORTS", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--strip-hints", is_flag=True,
              help="Also score with ACLED's '(admin2, admin1)' hints and leading 'Looting:' labels removed.")
@click.option("--sample", type=int, default=None, help="Score a fixed random sample of this many reports.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def eval_command(gold, reports_file, strip_hints, sample, as_json):
    """Agreement with human coding, per field, per dataset and overall.

    Ingests REPORTS into a fresh temporary database, exports ACLED CSV and compares it with GOLD
    (the format of ../shared/eval/dev/gold.csv). With --strip-hints both variants are scored.

    Example:

        warlog eval ../shared/eval/dev/gold.csv ../shared/eval/dev/reports.jsonl --strip-hints --sample 500
    """
    from warlog import eval as evaluation

    results = {"as given": evaluation.evaluate(gold, reports_file, sample=sample)}
    if strip_hints:
        results["hints stripped"] = evaluation.evaluate(gold, reports_file, sample=sample, strip_hints=True)
    click.echo(evaluation.to_json(results) if as_json else evaluation.render(results))


# --- reference data ----------------------------------------------------------------------------------


@cli.group()
def actors():
    """The actor registry: who belongs to whom, and when."""


@actors.command("tree")
@click.argument("name")
@click.option("--at", "at", callback=_date, default=None, metavar="YYYY-MM-DD", help="Date (default: today).")
def actors_tree(name, at):
    """The groups under an actor as the hierarchy stood on a date.

    Example:

        warlog actors tree "al Qaeda" --at 2017-04-18
    """
    from warlog.actors import ActorRegistry
    from warlog.render import actor_tree_text

    registry = ActorRegistry.load()
    root = query.resolve_actor(name, registry)
    click.echo(actor_tree_text(registry.tree(root, at or dt.date.today())))


@actors.command("show")
@click.argument("name")
def actors_show(name):
    """An actor's aliases and dated links.

    Example:

        warlog actors show JNIM
    """
    from warlog.actors import ActorRegistry

    registry = ActorRegistry.load()
    actor = registry.get(query.resolve_actor(name, registry))
    click.echo(f"{actor.name}  [{actor.id}]  kind: {actor.kind}  country: {actor.country or '-'}")
    if actor.acled_name:
        click.echo(f"ACLED name: {actor.acled_name}")
    click.echo("aliases: " + "; ".join(actor.aliases))
    for link in registry.links():
        if link.actor_id == actor.id or link.other_id == actor.id:
            click.echo(f"  {registry.get(link.actor_id).name} {link.relation} {registry.get(link.other_id).name} "
                       f"[{link.valid_from or '…'} – {link.valid_to or '…'}] {link.source}")


@cli.group()
def places():
    """The gazetteer."""


@places.command("search")
@click.argument("name")
@click.option("--country", default=None, help="ISO code or name.")
@click.option("--limit", default=10, show_default=True)
def places_search(name, country, limit):
    """Gazetteer candidates for a name, with admin1/admin2, coordinates and population.

    Example:

        warlog places search Tombouctou --country ML
    """
    from warlog.geocode import Gazetteer

    gazetteer = Gazetteer.load()
    cc = gazetteer.country_code(country) if country else None
    if country and cc is None:
        raise InputError(f"unknown country {country!r}: give an ISO code such as ML or a name such as Mali")
    found = gazetteer.search(name, country=cc, limit=limit)
    if not found:
        click.echo(f"no place called {name!r}" + (f" in {country}" if country else ""))
    for p in found:
        click.echo(f"{p.id:22} {p.name:28} {p.country:14} {p.admin1 or '-':16} {p.admin2 or '-':18} "
                   f"{p.latitude:.4f},{p.longitude:.4f}  {p.feature_kind or '':8} pop {p.population or 0}")


# --- demo ------------------------------------------------------------------------------------------


@cli.command()
@db_option
def demo(db):
    """Ingest the demo reports that ship with warlog and answer the seed's question.

    How many al Qaeda-linked attacks in Mali and its neighbours in 2017, the change from 2015 to 2016,
    and under each number the events and the reports behind it.

    Example:

        warlog demo --db demo.duckdb
    """
    from warlog.actors import ActorRegistry
    from warlog.geocode import Gazetteer
    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.render import answer_brief
    from warlog.store import open_store

    root = resources.files("warlog") / "data" / "demo"
    with resources.as_file(root) as demo_dir:
        notes_meta = _demo_notes_meta(demo_dir)
        store = open_store(db or "demo.duckdb")
        try:
            pipeline = Pipeline(store)
            paths = [str(demo_dir / "reports.jsonl"), str(demo_dir / "pages"), str(demo_dir / "feed.xml")]
            summary = pipeline.ingest(read_reports(paths))
            notes = demo_dir / "notes"
            if notes.is_dir():
                for meta in notes_meta:
                    s2 = pipeline.ingest(read_reports([str(notes / meta["file"])], published=meta["published"],
                                                      outlet=meta["outlet"]))
                    summary.stored += s2.stored
                    summary.mentions += s2.mentions
            click.echo(f"demo: {summary.stored} new reports stored, {summary.mentions} mentions "
                       f"({summary.already_present} already present)\n")
            answer = query.trend(store, ActorRegistry.load(), Gazetteer.load(), actor="al Qaeda", linked=True,
                                 where="Mali+neighbours", types="attacks", since=dt.date(2015, 1, 1),
                                 until=dt.date(2017, 12, 31), by="year")
            click.echo(answer_brief(answer, store))
        finally:
            store.close()


def _demo_notes_meta(demo_dir: Path) -> list[dict]:
    """The .txt demo notes carry no date or outlet: notes/meta.json gives them, as --published/--outlet would."""
    meta = demo_dir / "notes" / "meta.json"
    if not meta.exists():
        return []
    return [{"file": m["file"], "published": dt.date.fromisoformat(m["published"]), "outlet": m["outlet"]}
            for m in json.loads(meta.read_text(encoding="utf-8"))]


def main() -> None:  # pragma: no cover
    cli()
