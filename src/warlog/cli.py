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
    return click.option("--db", envvar="WARLOG_DB", default=None, metavar="FILE|URL",
                        help="Database file or URL, e.g. postgresql://user@host/dbname "
                             "(default: $WARLOG_DB, else warlog.duckdb).")(f)


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
@click.option("--actors", "actor_files", multiple=True, metavar="FILE",
              help="Your own actor YAML file, read after the shipped registry (adds or overrides by id); "
                   "repeatable. Default: $WARLOG_ACTORS.")
def cli(verbose: bool, actor_files: tuple[str, ...] = ()) -> None:
    """warlog: reports of political violence in; deduplicated, geocoded events out.

    Example:

        warlog ingest reports.jsonl && warlog trend --actor "al Qaeda" --linked --where Mali+neighbours
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if actor_files:
        _use_actor_files(actor_files)


def _use_actor_files(files: tuple[str, ...]) -> None:
    """--actors FILE: every command loads the registry with these files, through $WARLOG_ACTORS, restored after."""
    import os

    from warlog.actors import ACTORS_ENV

    before = os.environ.get(ACTORS_ENV)
    os.environ[ACTORS_ENV] = os.pathsep.join(str(Path(f).expanduser()) for f in files)

    def restore() -> None:
        if before is None:
            os.environ.pop(ACTORS_ENV, None)
        else:
            os.environ[ACTORS_ENV] = before

    click.get_current_context().call_on_close(restore)


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
                language: str | None, max_chars: int, quiet: bool, workers: int | None = None,
                scheduler: str | None = None, time_limit: float | None = None) -> int:
    from contextlib import ExitStack

    from warlog.ingest import read_reports
    from warlog.pipeline import Pipeline
    from warlog.extract.timelimit import default_limit
    from warlog.store import open_store

    if time_limit is None:
        default_limit()  # a bad $WARLOG_TIME_LIMIT is an error before any work (InputError), not a silent default
    with ExitStack() as stack:  # closes the cluster (if any), then the database
        store = open_store(db)
        stack.callback(store.close)
        extractor = None
        if workers or scheduler:
            from warlog.distributed import DaskExtractor, cluster

            extractor = DaskExtractor(stack.enter_context(cluster(workers, scheduler)))
            extractor.warm_up()
        pipeline = Pipeline(store, extractor=extractor)
        if time_limit is not None:
            pipeline.extractor.time_limit = time_limit
        items = read_reports(paths, published=published, outlet=outlet, language=language, max_chars=max_chars)
        total = _count_reports(paths)
        show_bar = not quiet and total is not None and total > 50 and sys.stderr.isatty()
        with click.progressbar(length=total or 0, label="ingesting", file=sys.stderr,
                               hidden=not show_bar) as bar:
            summary = pipeline.ingest(items, progress=bar.update)
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
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extract on a local Dask cluster of this many worker processes.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Extract on an existing Dask cluster, e.g. tcp://10.0.0.5:8786.")
@click.option("--time-limit", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="CPU seconds one report's extraction may take before it is skipped (default 60, or "
                   "$WARLOG_TIME_LIMIT; 0: no limit).")
@click.pass_context
def ingest(ctx, paths, db, published, outlet, language, max_chars, quiet, workers, scheduler, time_limit):
    """Read reports (JSONL, .txt, .html, RSS/Atom, or folders of these), extract events, link, store.

    A report already stored is not stored again. The whole run is one transaction. Exit code 3 means some
    inputs were skipped (each is named on stderr with the reason); the rest were stored.

    Example:

        warlog ingest reports.jsonl pages/ --db sahel.duckdb

        warlog ingest wires/ --workers 2 --db postgresql://warlog@localhost/sahel
    """
    ctx.exit(_run_ingest(paths, db, published, outlet, language, max_chars, quiet, workers, scheduler, time_limit))


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
@click.option("--so-far-this-year", "so_far", is_flag=True,
              help="1 January to --as-of in its year, beside the same span of each earlier year back to --since "
                   "(default: the year before).")
@click.option("--as-of", callback=_date, default=None, metavar="YYYY-MM-DD",
              help="'Today' for --so-far-this-year, and the end when --until is not given.")
@click.option("--breakdown", type=click.Choice(list(query.BREAKDOWNS)), default=None,
              help="Split each period by actor family, event type, country or admin1 region.")
@click.option("--bbox", default=None, metavar="W,S,E,N", help="Only events inside this box (degrees).")
@click.option("--min-fatalities", type=int, default=None, help="Only events with at least this many killed (best).")
@click.option("--min-confidence", type=float, default=query.LOW_CONFIDENCE, show_default=True,
              help="Leave out (and count apart) events below this confidence; 0 counts them all.")
@click.option("--min-sources", type=int, default=None, help="Only events told by at least this many reports.")
@click.option("--dataset", "datasets", default=None, metavar="NAMES",
              help="Only events from these origins: reports, acled, ucdp (comma-separated).")
@click.option("--page-size", type=int, default=None, help="List at most this many events under each number.")
@click.option("--page", type=int, default=1, show_default=True, help="Which page of events, with --page-size.")
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE.png|svg", help="Also draw the counts as a chart.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "brief"]), default="table", show_default=True,
              help="brief: one sentence comparing the last period with the ones before, then the events.")
def trend(db, actor, linked, any_role, where, types, since, until, by, so_far, as_of, breakdown, bbox,
          min_fatalities, min_confidence, min_sources, datasets, page_size, page, plot_file, fmt):
    """Count events by period; every count lists the events and reports behind it.

    A count is "at least": events whose whole date interval lies in the period. Events whose dates (known
    only to the week, month or year) may fall in it are counted apart as "up to". --where also takes admin1
    regions ('Mopti', 'Burkina Faso/Nord').

    Example:

        warlog trend --actor "al Qaeda" --linked --where Mali+neighbours --type attacks --since 2015-01-01

        warlog trend --actor JNIM --linked --so-far-this-year --as-of 2017-04-25 --since 2015-01-01 --plot t.png
    """
    from warlog.actors import ActorRegistry
    from warlog.geocode import Gazetteer
    from warlog.render import answer_brief, answer_json, answer_table

    actors = ActorRegistry.load()
    gazetteer = Gazetteer.load()
    store = _open(db)
    try:
        answer = query.trend(store, actors, gazetteer, actor=actor, linked=linked, where=where, types=types,
                             since=since, until=until, by=by, any_role=any_role, as_of=as_of, so_far=so_far,
                             breakdown=breakdown, bbox=bbox, min_fatalities=min_fatalities,
                             min_confidence=min_confidence, min_sources=min_sources, datasets=datasets,
                             page_size=page_size, page=page)
        if plot_file is not None:
            from warlog.plot import plot_answer

            plot_answer(answer, plot_file)
            click.echo(f"chart written to {plot_file}", err=True)
        if fmt == "json":
            click.echo(json.dumps(answer_json(answer), indent=2, ensure_ascii=False, default=str))
        elif fmt == "brief":
            click.echo(answer_brief(answer, store))
        else:
            click.echo(answer_table(answer))
    finally:
        store.close()


@cli.command("answer")
@click.argument("question")
@db_option
@click.option("--as-of", callback=_date, default=None, metavar="YYYY-MM-DD",
              help="'Today' for the question: 'so far this year', 'last year', 'since 2015' (default: today).")
@click.option("--min-confidence", type=float, default=query.LOW_CONFIDENCE, show_default=True,
              help="Leave out (and count apart) events below this confidence; 0 counts them all.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def answer_command(question, db, as_of, min_confidence, fmt):
    """Answer a trend question in English: the sentence with its figures, the query it ran, and the events.

    It knows actor names and families ("al Qaeda-linked"), "attacks", "events", "fatalities", places
    (countries, "and neighbouring countries", admin1 regions) and time ("so far this year", "since 2015",
    "in 2016", "compared to 2016"). A word it cannot place is an error, not a guess.

    Example:

        warlog answer "al Qaeda-linked attacks in Mali and neighbouring countries so far this year" --as-of 2017-04-25
    """
    from warlog import answer as answer_mod
    from warlog.actors import ActorRegistry
    from warlog.geocode import Gazetteer
    from warlog.render import events_block

    store = _open(db)
    try:
        result = answer_mod.ask(question, store=store, actors=ActorRegistry.load(), gazetteer=Gazetteer.load(),
                                as_of=as_of, min_confidence=min_confidence)
        if fmt == "json":
            click.echo(json.dumps(answer_mod.to_json(result), indent=2, ensure_ascii=False, default=str))
            return
        click.echo(result.sentence)
        click.echo("")
        click.echo(f"query: {result.question.command()}"
                   + (f" --min-confidence {min_confidence}" if min_confidence != query.LOW_CONFIDENCE else ""))
        for phrase, meaning in result.question.understood:
            click.echo(f"  {phrase!r}: {meaning}")
        for line in events_block(result.answer, store):
            click.echo(line)
        for c in result.answer.caveats:
            click.echo(f"note: {c}")
    finally:
        store.close()


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["acled", "ucdp"]), required=True,
              help="acled: an ACLED export (2016 realtime, dyadic or monadic); ucdp: a UCDP GED CSV.")
@db_option
def import_command(file, fmt, db):
    """Load an ACLED or UCDP GED CSV file as events, beside those extracted from reports.

    Each row keeps its dataset id (acled:MLI4682, ucdp:235799), precision codes and fatalities, and its
    actor names are resolved to the registry. Each row is also stored as a report (outlet ACLED or UCDP GED,
    its notes or headline as text) so that `show` works; re-extraction leaves imported events as they are.
    A row imported before is not imported again. Skipped rows are named on stderr (exit code 3).

    Example:

        warlog import --format ucdp ged_sahel.csv --db sahel.duckdb
    """
    from warlog.importers import import_file
    from warlog.store import open_store

    store = open_store(db)
    try:
        summary = import_file(store, file, fmt)
    finally:
        store.close()
    for skipped in summary.skipped:
        click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    for line in summary.lines():
        click.echo(line)
    if summary.skipped:
        click.get_current_context().exit(EXIT_SKIPPED)


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


@cli.command("link")
@click.argument("event_a")
@click.argument("event_b")
@click.option("--reason", required=True, help="Why: kept with the decision and shown by `show`.")
@click.option("--author", default=None, help="Who (default: your login name).")
@db_option
def link_command(event_a, event_b, reason, author, db):
    """Join EVENT_B into EVENT_A (which keeps its id): an analyst's decision, kept across re-runs.

    Example:

        warlog link ev-1a2b3c4d5e6f ev-6f5e4d3c2b1a --reason "same ambush, two tolls"
    """
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    store = open_store(db)
    try:
        saved = Pipeline(store).link_events(event_a, event_b, reason, author or _whoami())
    finally:
        store.close()
    click.echo(f"decision #{saved.id}: {event_b} joined {event_a} ({saved.author}: {reason})")


@cli.command("unlink")
@click.argument("event_id")
@click.argument("mention_id")
@click.option("--reason", required=True, help="Why: kept with the decision and shown by `show`.")
@click.option("--author", default=None, help="Who (default: your login name).")
@db_option
def unlink_command(event_id, mention_id, reason, author, db):
    """Take MENTION_ID out of EVENT_ID; it becomes an event of its own. Kept across re-runs.

    Example:

        warlog unlink ev-1a2b3c4d5e6f 'r-123#0' --reason "a second attack the same day"
    """
    from warlog.link import unlinked_event_id
    from warlog.pipeline import Pipeline
    from warlog.store import open_store

    store = open_store(db)
    try:
        saved = Pipeline(store).unlink(event_id, mention_id, reason, author or _whoami())
    finally:
        store.close()
    click.echo(f"decision #{saved.id}: {mention_id} left {event_id}; it is now {unlinked_event_id(mention_id)} "
               f"({saved.author}: {reason})")


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


@cli.command()
@click.option("--from", "source", required=True, metavar="URL", help="The database to copy (path or URL).")
@click.option("--to", "destination", required=True, metavar="URL", help="An empty database to copy it into.")
def migrate(source, destination):
    """Copy a whole database to another (DuckDB file or PostgreSQL), corrections included; verify the counts.

    Example:

        warlog migrate --from duckdb:///sahel.duckdb --to postgresql://warlog@localhost/sahel
    """
    from warlog.store.transfer import migrate as move

    moved = move(source, destination)
    for table, n in moved.counts.items():
        click.echo(f"{table}: {n}")
    click.echo(f"copied and verified: {sum(moved.counts.values())} rows in {len(moved.counts)} tables")


# --- web -------------------------------------------------------------------------------------------


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def serve(db, host, port):
    """The JSON HTTP API (schema at /openapi.json) and the web page, on one database.

    Read-only unless WARLOG_TOKEN is set: then corrections and link/unlink decisions are accepted from
    requests that send 'Authorization: Bearer $WARLOG_TOKEN' (the page has a token field), and the
    database is opened for writing (other processes cannot open it meanwhile).

    Example:

        WARLOG_TOKEN=s3cret warlog serve --db demo.duckdb --port 8000
    """
    import os

    from warlog.serve import serve as run_server
    from warlog.store import resolve_db

    token = os.environ.get("WARLOG_TOKEN") or None
    if token is not None and any(c.isspace() for c in token):  # a request's header could never carry it: all refused
        raise InputError("WARLOG_TOKEN holds spaces or line breaks, which no request can send back: set it to one "
                         "word (e.g. the output of `openssl rand -hex 16`), or unset it to serve read-only")
    click.echo(f"warlog: serving {resolve_db(db)} on http://{host}:{port}/ "
               f"({'writes need the token' if token else 'read-only'}); Ctrl-C stops", err=True)
    run_server(db, host=host, port=port, token=token)


@cli.command("map")
@db_option
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The page to write (it loads nothing from elsewhere).")
@click.option("--colour", type=click.Choice(["type", "family"]), default="type", show_default=True,
              help="Colour points by event type or by actor family.")
@click.option("--title", default="warlog map", show_default=True)
@filter_options
def map_command(db, html_file, colour, title, actor, linked, any_role, where, types, since, until):
    """Events on a map in one self-contained HTML page: sized by fatalities, filterable by date.

    Example:

        warlog map --html mali.html --where Mali+neighbours --type attacks --colour family
    """
    from warlog.actors import ActorRegistry
    from warlog.geocode import Gazetteer
    from warlog.maps import write_map
    from warlog.store import EventFilter

    registry = ActorRegistry.load()
    flt = EventFilter(countries=query.parse_where(where, Gazetteer.load()), event_types=query.parse_types(types),
                      since=since, until=until)
    store = _open(db)
    try:
        events = [sel.event for sel in query.select(store, registry, flt, actor=actor, linked=linked,
                                                    any_role=any_role)]
    finally:
        store.close()
    placed = write_map(events, registry, html_file, title=title, colour_by=colour)
    click.echo(f"wrote {html_file}: {placed} of {len(events)} events have coordinates and are on the map", err=True)


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


@cli.command("eval-linking")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("reports_file", metavar="REPORTS", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sample", type=int, default=None, help="Only the first N gold events (all their reports).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def eval_linking_command(gold, reports_file, sample, as_json):
    """How well reports of one event are joined: B-cubed precision, recall, F1, coverage, over-merging.

    GOLD has report_id and cluster (the event) columns; without cluster (e.g. ACLED's gold.csv) every
    report is its own event, and "over-merged" is the share of reports joined with another.

    Example:

        warlog eval-linking ../shared/eval/dev/linking_gold.csv ../shared/eval/dev/linking_reports.jsonl
    """
    from warlog import link_eval

    result = link_eval.evaluate(gold, reports_file, sample=sample)
    click.echo(link_eval.to_json(result) if as_json else link_eval.render(result))


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
@click.option("--db", envvar="WARLOG_DB", default=None, metavar="FILE",
              help="Count the actor's events in this database (default: $WARLOG_DB; none: no counts).")
def actors_show(name, db):
    """An actor's aliases, dated links with their sources, and (with --db) its event counts.

    Example:

        warlog actors show JNIM --db warlog.duckdb
    """
    from warlog.actors import ActorRegistry, event_counts
    from warlog.render import actor_show_text

    registry = ActorRegistry.load()
    actor = registry.get(query.resolve_actor(name, registry))
    counts = None
    given = click.get_current_context().get_parameter_source("db") == click.core.ParameterSource.COMMANDLINE
    exists = db is not None and ("://" in db or Path(db).exists())  # a database URL is checked when opened
    if db and (given or exists):  # $WARLOG_DB naming no file yet: show the registry, without counts
        if not exists:
            raise InputError(f"no database at {db}: run 'warlog ingest' first or give another --db")
        store = _open(db)
        try:
            counts = event_counts(store, registry, actor.id)
        finally:
            store.close()
    click.echo(actor_show_text(actor, registry, counts))


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
        where = f"{p.latitude:.4f},{p.longitude:.4f}" if p.latitude is not None else "(no coordinates)"
        click.echo(f"{p.id:22} {p.name:28} {p.country:14} {p.admin1 or '-':16} {p.admin2 or '-':18} "
                   f"{where:20} {p.feature_kind or '':8} pop {p.population or 0}")


# --- demo ------------------------------------------------------------------------------------------


@cli.command()
@db_option
def demo(db):
    """Ingest the demo reports that ship with warlog and answer the seed's question.

    How many al Qaeda-linked attacks in Mali and its neighbours in 2017, the change from 2015 to 2016,
    and under each number the events and the reports behind it. A report skipped (its time limit) is named
    on stderr and the exit code is 3: the answer then comes from fewer reports than ship.

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
            paths = [str(demo_dir / "articles.jsonl"), str(demo_dir / "pages"), str(demo_dir / "feed.xml")]
            summary = pipeline.ingest(read_reports(paths))
            notes = demo_dir / "notes"
            if notes.is_dir():
                for meta in notes_meta:
                    s2 = pipeline.ingest(read_reports([str(notes / meta["file"])], published=meta["published"],
                                                      outlet=meta["outlet"]))
                    summary.stored += s2.stored
                    summary.mentions += s2.mentions
                    summary.already_present += s2.already_present
                    summary.skipped += s2.skipped
            for skipped in summary.skipped:  # (the time limit) never silently an answer from fewer reports
                click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
            click.echo(f"demo: {summary.stored} new reports stored, {summary.mentions} mentions "
                       f"({summary.already_present} already present)\n")
            answer = query.trend(store, ActorRegistry.load(), Gazetteer.load(), actor="al Qaeda", linked=True,
                                 where="Mali+neighbours", types="attacks", since=dt.date(2015, 1, 1),
                                 until=dt.date(2017, 12, 31), by="year")
            click.echo(answer_brief(answer, store))
        finally:
            store.close()
    if summary.skipped:
        click.get_current_context().exit(EXIT_SKIPPED)


def _demo_notes_meta(demo_dir: Path) -> list[dict]:
    """The .txt demo notes carry no date or outlet: notes/meta.json gives them, as --published/--outlet would."""
    meta = demo_dir / "notes" / "meta.json"
    if not meta.exists():
        return []
    return [{"file": m["file"], "published": dt.date.fromisoformat(m["published"]), "outlet": m["outlet"]}
            for m in json.loads(meta.read_text(encoding="utf-8"))]


def main() -> None:  # pragma: no cover
    cli()
