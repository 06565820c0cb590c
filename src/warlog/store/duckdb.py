"""DuckDB backend: the embedded default, a single file and no server."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

import duckdb

from warlog.errors import NotFoundError, StoreError
from warlog.records import (
    Actor,
    ActorLink,
    ActorRef,
    Correction,
    Event,
    LinkDecision,
    Mention,
    Place,
    Report,
    Span,
)
from warlog.store import rows
from warlog.store.base import EventFilter
from warlog.store.schema import MIGRATIONS

log = logging.getLogger(__name__)

TREND_SCHEMA = 3  # the migration that adds trend_events and trend_actors: it fills them from the events there
_KEY_SQL = "('0x' || md5({})[:15])::BIGINT"  # rows.key in SQL
# rows.trend_rows in SQL, over every event
TREND_EVENTS_SQL = f"""
    INSERT INTO trend_events
    WITH firsts AS (SELECT event_id, report_id, min(mention_id) AS m FROM event_mentions GROUP BY event_id, report_id),
         reps AS (SELECT event_id, to_json(list(report_id ORDER BY m))::VARCHAR AS ids, count(*) AS n
                  FROM firsts GROUP BY event_id),
         perp AS (SELECT event_id, arg_min(actor_id, position) AS a FROM event_actors
                  WHERE role = 'perpetrator' AND actor_id IS NOT NULL GROUP BY event_id)
    SELECT {_KEY_SQL.format("e.id")}, e.id, e.date_start, e.date_end, e.event_type,
           CASE WHEN placed THEN e.country END, CASE WHEN placed THEN e.admin1 END,
           CASE WHEN placed THEN e.latitude END, CASE WHEN placed THEN e.longitude END,
           coalesce(e.fatalities_best, 0), e.confidence,
           CASE WHEN e.id LIKE 'acled:%' THEN 'acled' WHEN e.id LIKE 'ucdp:%' THEN 'ucdp' ELSE 'reports' END,
           coalesce(reps.n, 0), perp.a, coalesce(reps.ids, '[]')
    FROM (SELECT *, country IS NOT NULL OR location IS NOT NULL AS placed FROM events) e
         LEFT JOIN reps ON reps.event_id = e.id LEFT JOIN perp ON perp.event_id = e.id
    WHERE e.date_start IS NOT NULL"""
TREND_ACTORS_SQL = f"""
    INSERT INTO trend_actors
    WITH named AS (SELECT actor_id AS a, role, position, event_id FROM event_actors WHERE actor_id IS NOT NULL),
         claims AS (SELECT id AS event_id, from_json(claimed_by, '["VARCHAR"]') AS l FROM events
                    WHERE claimed_by <> '[]'),
         claimed AS (SELECT l[i] AS a, '{rows.CLAIMED}' AS role, {rows.CLAIMANT_POSITION} + i - 1 AS position, event_id
                     FROM (SELECT *, generate_subscripts(l, 1) AS i FROM claims)),
         everyone AS (SELECT *, count(*) FILTER (WHERE role IN {rows.PERPETRATOR_ROLES})
                                    OVER (PARTITION BY event_id) AS np,
                             count(*) OVER (PARTITION BY event_id) AS n
                      FROM (SELECT * FROM named UNION ALL SELECT * FROM claimed))
    SELECT {_KEY_SQL.format("x.a")} AS k, x.role, x.position, x.a, x.np, x.n, t.*
    FROM everyone x JOIN trend_events t ON t.event_id = x.event_id
    ORDER BY k, t.date_start, t.event_id, x.position"""

class DuckDBStore:
    """A warlog database in one DuckDB file."""

    def __init__(self, path: Path, *, read_only: bool = False):
        self.path = path
        if path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file (--db or $WARLOG_DB): give a file, e.g. "
                             f"{path / 'warlog.duckdb'}")
        if read_only and not path.exists():
            raise NotFoundError(f"{path}: no such database; run `warlog ingest` first or pass --db")
        try:
            self.con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as err:
            raise StoreError(f"{path}: cannot open the database ({str(err).splitlines()[0]}); "
                             "is another warlog process writing to it?") from err
        self._types: dict[str, list[str]] = {}
        self._trend_con = None
        if not read_only:
            self._migrate()
        elif self._version() == 0:
            raise StoreError(f"{path}: not a warlog database (no schema_version table)")

    # --- lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def _version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'").fetchone()[0]
        if not exists:
            return 0
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self._version()
        if current > len(MIGRATIONS):
            raise StoreError(f"{self.path}: made by a newer warlog (schema {current}); upgrade warlog")
        for number, statements in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.transaction():
                for sql in statements:
                    self.con.execute(sql)
                if number == TREND_SCHEMA:
                    self.con.execute(TREND_EVENTS_SQL)
                    self.con.execute(TREND_ACTORS_SQL)
                self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [number, dt.datetime.now()])
            log.info("migrated %s to schema %d", self.path, number)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    def ingest_transaction(self) -> AbstractContextManager[None]:
        return self.transaction()  # one process writes a DuckDB file: nothing to wait for

    def stored_meanwhile(self, report_ids: Sequence[str]) -> set[str]:
        return set()  # no other writer can have stored them

    # --- low-level helpers -------------------------------------------------------------------------

    def _column_types(self, table: str) -> list[str]:
        if table not in self._types:
            rows = self.con.execute(f"PRAGMA table_info('{table}')").fetchall()
            self._types[table] = [row[2] for row in rows]
        return self._types[table]

    def _insert(self, table: str, rows: Sequence[Sequence]) -> None:
        """Bulk insert: one statement, a list parameter per column (far faster than executemany)."""
        if not rows:
            return
        types = self._column_types(table)
        columns = [list(col) for col in zip(*rows)]
        select = ", ".join(f"unnest(?::{t}[])" for t in types)
        self.con.execute(f"INSERT INTO {table} SELECT {select}", columns)

    def _dicts(self, sql: str, params: Sequence = ()) -> list[dict]:
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    # --- reports -----------------------------------------------------------------------------------

    def known_report_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM reports WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)])
        return {r[0] for r in rows.fetchall()}

    def add_reports(self, reports: Sequence[tuple[Report, int, str | None]]) -> None:
        now = dt.datetime.now()
        self._insert("reports", [
            [r.id, r.url, r.outlet, r.title, r.published, r.language, r.text, r.source, now, count, reason]
            for r, count, reason in reports
        ])

    def set_report_outcome(self, outcomes: Sequence[tuple[str, int, str | None]]) -> None:
        if not outcomes:
            return
        ids, counts, reasons = (list(c) for c in zip(*outcomes))
        self.con.execute(
            """UPDATE reports SET mention_count = o.n, no_event_reason = o.reason
               FROM (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::INTEGER[]) AS n, unnest(?::VARCHAR[]) AS reason) o
               WHERE reports.id = o.id""", [ids, counts, reasons])

    @staticmethod
    def _report(row: dict) -> Report:
        return Report(id=row["id"], text=row["text"], url=row["url"], outlet=row["outlet"], title=row["title"],
                      published=row["published"], language=row["language"], source=row["source"])

    def report(self, report_id: str) -> Report:
        rows = self._dicts("SELECT * FROM reports WHERE id = ?", [report_id])
        if not rows:
            raise NotFoundError(f"report {report_id!r} is not in {self.path}")
        return self._report(rows[0])

    def reports(self, report_ids: Sequence[str]) -> list[Report]:
        rows = self._dicts("SELECT * FROM reports WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(report_ids)])
        return [self._report(r) for r in rows]

    def iter_reports(self, batch_size: int = 500) -> Iterator[list[Report]]:
        # ingestion order, so that a rebuild links in the same order and keeps event ids
        ids = [r[0] for r in self.con.execute("SELECT id FROM reports ORDER BY ingested_at, rowid").fetchall()]
        for i in range(0, len(ids), batch_size):
            chunk = ids[i:i + batch_size]
            by_id = {r.id: r for r in self.reports(chunk)}
            yield [by_id[x] for x in chunk]

    def report_fingerprints(self, report_ids: Sequence[str]) -> dict[str, str]:
        """A hash of each report's words (case and spacing ignored): equal hashes are the same account."""
        if not report_ids:
            return {}
        rows = self.con.execute(
            "SELECT id, md5(lower(trim(regexp_replace(text, '\\s+', ' ', 'g')))) FROM reports "
            "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(report_ids)]).fetchall()
        return dict(rows)

    def reports_without_events(self) -> list[tuple[str, str]]:
        return self.con.execute(
            "SELECT id, coalesce(no_event_reason, 'no event found') FROM reports WHERE mention_count = 0 "
            "ORDER BY id").fetchall()

    # --- mentions ----------------------------------------------------------------------------------

    def add_mentions(self, mentions: Sequence[Mention]) -> None:
        mention_rows, actor_rows, span_rows = rows.mention_rows(mentions)
        self._insert("mentions", mention_rows)
        self._insert("mention_actors", actor_rows)
        self._insert("spans", span_rows)

    def _actors_by_owner(self, table: str, key: str, ids: Sequence[str]) -> dict[str, list[ActorRef]]:
        out: dict[str, list[ActorRef]] = defaultdict(list)
        rows = self.con.execute(
            f"SELECT {key}, role, actor_id, name, phrase FROM {table} WHERE {key} IN "
            f"(SELECT unnest(?::VARCHAR[])) ORDER BY {key}, position", [list(ids)]).fetchall()
        for owner, role, actor_id, name, phrase in rows:
            out[owner].append(ActorRef(role=role, actor_id=actor_id, name=name, phrase=phrase))
        return out

    def spans_of(self, mention_ids: Sequence[str]) -> dict[str, dict[str, list[Span]]]:
        out: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
        rows = self.con.execute(
            "SELECT mention_id, field, report_id, start_char, end_char, text, sentence FROM spans "
            "WHERE mention_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY mention_id, start_char",
            [list(mention_ids)]).fetchall()
        for mid, field, rid, start, end, text, sentence in rows:
            out[mid][field].append(Span(rid, start, end, text, sentence))
        return out

    def mentions(self, mention_ids: Sequence[str], with_spans: bool = True) -> list[Mention]:
        found = self._dicts("SELECT * FROM mentions WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY report_id, idx",
                           [list(mention_ids)])
        actors = self._actors_by_owner("mention_actors", "mention_id", mention_ids)
        spans = self.spans_of(mention_ids) if with_spans else {}
        return [rows.mention_from_row(r, actors, spans) for r in found]

    # --- events ------------------------------------------------------------------------------------

    def put_events(self, events: Sequence[Event]) -> None:
        if not events:
            return
        ids = [e.id for e in events]
        for table in ("events", "event_actors", "event_mentions"):
            key = "id" if table == "events" else "event_id"
            self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?::VARCHAR[]))", [ids])
        event_rows, actor_rows, link_rows = rows.event_rows(events)
        self._insert("events", event_rows)
        self._insert("event_actors", actor_rows)
        self._insert("event_mentions", link_rows)
        self._put_trend_rows(events)

    def _put_trend_rows(self, events: Sequence[Event]) -> None:
        keys = [rows.key(e.id) for e in events]
        for table in ("trend_events", "trend_actors"):
            self.con.execute(f"DELETE FROM {table} WHERE event_key IN (SELECT unnest(?::BIGINT[]))", [keys])
        trend_events, trend_actors = rows.trend_rows(events)
        self._insert("trend_events", trend_events)
        self._insert("trend_actors", trend_actors)

    def trend_tables(self) -> None:
        """Make sure trend_events and trend_actors are there for query.trend: a database older than schema 3
        opened read-only (so not migrated) gets them as temporary tables, built once per connection."""
        if self._trend_con is self.con:  # checked on this connection already
            return
        found = self.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name IN "
                                 "('trend_events', 'trend_actors')").fetchone()[0]
        if found < 2:
            log.info("%s predates schema %d: building its trend tables in memory", self.path, TREND_SCHEMA)
            for sql in MIGRATIONS[TREND_SCHEMA - 1]:
                self.con.execute(sql.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
            self.con.execute(TREND_EVENTS_SQL)
            self.con.execute(TREND_ACTORS_SQL)
        self._trend_con = self.con

    def rebuild_trend_tables(self) -> None:
        """Fill trend_events and trend_actors from the events tables in SQL (what put_events writes row by row):
        after schema 3 arrives in an older database, and after rows are written into the events tables directly
        (bench/query.py). Rows go in sorted by actor and day, so that DuckDB skips most of trend_actors when a
        trend asks for a few actors."""
        with self.transaction():
            for table in ("trend_events", "trend_actors"):
                self.con.execute(f"DELETE FROM {table}")
            self.con.execute(TREND_EVENTS_SQL)
            self.con.execute(TREND_ACTORS_SQL)

    def _events_from_rows(self, found: list[dict]) -> list[Event]:
        ids = [r["id"] for r in found]
        actors = self._actors_by_owner("event_actors", "event_id", ids)
        members: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for eid, mid, rid in self.con.execute(
                "SELECT event_id, mention_id, report_id FROM event_mentions WHERE event_id IN "
                "(SELECT unnest(?::VARCHAR[])) ORDER BY event_id, mention_id", [ids]).fetchall():
            members[eid].append((mid, rid))
        return [rows.event_from_row(r, actors, members) for r in found]

    def candidate_events(self, countries: Sequence[str | None], start: dt.date, end: dt.date,
                         known: Mapping[str, Event] | None = None) -> list[Event]:
        where = "date_start <= ? AND date_end >= ? AND country IN (SELECT unnest(?::VARCHAR[]))"
        params = [end, start, list(countries)]
        if not known:
            return self._events_from_rows(self._dicts(f"SELECT * FROM events WHERE {where}", params))
        # the same rows in the same order (DuckDB keeps insertion order), only those not known read whole
        ids = [r[0] for r in self.con.execute(f"SELECT id FROM events WHERE {where}", params).fetchall()]
        unknown = [i for i in ids if i not in known]
        read = {e.id: e for e in self._events_from_rows(self._dicts(
            "SELECT * FROM events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [unknown]))} if unknown else {}
        return [known[i] if i in known else read[i] for i in ids if i in known or i in read]

    def event(self, event_id: str) -> Event:
        rows = self._dicts("SELECT * FROM events WHERE id = ?", [event_id])
        if not rows:
            raise NotFoundError(f"event {event_id!r} is not in {self.path}; `warlog events` lists the ids")
        return self._events_from_rows(rows)[0]

    def events(self, where: EventFilter = EventFilter(), batch_size: int = 2000) -> Iterator[Event]:
        clauses, params = [], []
        if where.countries:
            clauses.append("country IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(where.countries))
        if where.event_types:
            clauses.append("lower(event_type) IN (SELECT lower(unnest(?::VARCHAR[])))")
            params.append(list(where.event_types))
        if where.since:
            clauses.append("date_end >= ?")
            params.append(where.since)
        if where.until:
            clauses.append("date_start <= ?")
            params.append(where.until)
        sql = "SELECT * FROM events" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        sql += " ORDER BY date_start NULLS LAST, id"
        rows = self._dicts(sql, params)
        for i in range(0, len(rows), batch_size):
            yield from self._events_from_rows(rows[i:i + batch_size])

    def clear_derived(self) -> None:
        for table in ("spans", "mention_actors", "mentions", "event_actors", "event_mentions", "events",
                      "trend_events", "trend_actors"):
            self.con.execute(f"DELETE FROM {table}")

    # --- corrections -------------------------------------------------------------------------------

    def add_correction(self, correction: Correction) -> Correction:
        next_id = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM corrections").fetchone()[0]
        self.con.execute("INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [next_id, correction.event_id, correction.field, correction.value, correction.reason,
                          correction.author, correction.created])
        return replace(correction, id=next_id)

    def corrections(self, event_id: str | None = None) -> list[Correction]:
        sql = "SELECT * FROM corrections" + (" WHERE event_id = ?" if event_id else "") + " ORDER BY id"
        return [Correction(event_id=r["event_id"], field=r["field"], value=r["value"], reason=r["reason"],
                           author=r["author"], created=r["created"], id=r["id"])
                for r in self._dicts(sql, [event_id] if event_id else [])]

    # --- linking decisions -------------------------------------------------------------------------

    def add_link_decision(self, decision: LinkDecision) -> LinkDecision:
        next_id = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM link_decisions").fetchone()[0]
        self.con.execute("INSERT INTO link_decisions VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [next_id, decision.kind, decision.event_id, decision.other, decision.reason,
                          decision.author, decision.created])
        return replace(decision, id=next_id)

    def link_decisions(self) -> list[LinkDecision]:
        return [rows.link_decision_from_row(r) for r in self._dicts("SELECT * FROM link_decisions ORDER BY id")]

    def delete_events(self, event_ids: Sequence[str]) -> None:
        """Remove events (not their mentions): when an analyst's link folds one event into another."""
        if not event_ids:
            return
        for table, key in (("events", "id"), ("event_actors", "event_id"), ("event_mentions", "event_id")):
            self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?::VARCHAR[]))", [list(event_ids)])
        keys = [rows.key(i) for i in event_ids]
        for table in ("trend_events", "trend_actors"):
            self.con.execute(f"DELETE FROM {table} WHERE event_key IN (SELECT unnest(?::BIGINT[]))", [keys])

    def event_of_mentions(self, mention_ids: Sequence[str]) -> dict[str, str]:
        """mention id -> the id of the event it is in."""
        if not mention_ids:
            return {}
        return dict(self.con.execute("SELECT mention_id, event_id FROM event_mentions WHERE mention_id IN "
                                     "(SELECT unnest(?::VARCHAR[]))", [list(mention_ids)]).fetchall())

    # --- reference data ----------------------------------------------------------------------------

    def put_actors(self, actors: Iterable[Actor], links: Iterable[ActorLink]) -> None:
        self.con.execute("DELETE FROM actors")
        self.con.execute("DELETE FROM actor_links")
        self._insert("actors", [[a.id, a.name, a.kind, a.country, json.dumps(a.aliases), a.acled_name]
                                for a in actors])
        self._insert("actor_links", [[k.actor_id, k.relation, k.other_id, k.valid_from, k.valid_to, k.source]
                                     for k in links])

    def put_places(self, places: Iterable[Place]) -> None:
        """The gazetteer entries events point to, kept beside them so the database stands on its own."""
        unique = {p.id: p for p in places}
        if not unique:
            return
        known = {r[0] for r in self.con.execute(
            "SELECT id FROM places WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(unique)]).fetchall()}
        self._insert("places", [[p.id, p.name, p.country_code, p.country, p.admin1, p.admin2, p.admin3, p.latitude,
                                 p.longitude, p.feature_kind, p.population]
                                for pid, p in unique.items() if pid not in known])

    def counts(self) -> dict[str, int]:
        tables = ("reports", "mentions", "events", "corrections", "actors", "places")
        found = self.con.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)).fetchone()
        return dict(zip(tables, found))  # one statement, not one per table (each GET /api/trend gives them)

    # --- whole tables (warlog migrate, and tests comparing databases) ------------------------------

    def table_columns(self, table: str) -> list[str]:
        """The columns of a table, in table order."""
        return [row[1] for row in self.con.execute(f"PRAGMA table_info('{table}')").fetchall()]

    def table_rows(self, table: str, batch_size: int = 5000) -> Iterator[list[tuple]]:
        """Every row of a table, columns as table_columns says, in a deterministic order (reports in the
        order they were stored, so that a copy re-extracts in the same order)."""
        columns = self.table_columns(table)
        order = "ingested_at, rowid" if table == "reports" else ", ".join(
            f"{i} NULLS LAST" for i in range(1, len(columns) + 1))
        cur = self.con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
        while batch := cur.fetchmany(batch_size):
            yield batch

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
        """Rows as table_rows gives them, into a table of the same schema."""
        if list(columns) != self.table_columns(table):
            raise StoreError(f"{self.path}: table {table} has columns {self.table_columns(table)}, not "
                             f"{list(columns)}; are both databases at the same schema version?")
        self._insert(table, rows)

