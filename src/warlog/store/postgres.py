"""PostgreSQL backend: one database a team shares (`postgresql://user:password@host:port/dbname`).

Same schema and migrations as DuckDB (store/schema.py), translated on the way in: DOUBLE becomes
DOUBLE PRECISION, and text columns compare byte by byte (COLLATE "C") so that every ORDER BY gives
DuckDB's order. `reports` gets a `rowid` (BIGSERIAL) standing for DuckDB's implicit rowid: the order
in which reports were stored, which re-extraction follows so that event ids stay the same.

Concurrency. Writers take turns: every write transaction takes one transaction-level advisory lock,
so two ingests and an analyst's correction never interleave (the linker of one batch sees the whole of
the batch before it, never half of it), never deadlock, and never lose a row to a serialization
failure. A second writer waits, and says so in the log. A correction's transaction takes the lock at
its start (what it reads, it rewrites); an ingest's (`ingest_transaction`) only at its first write, so
that concurrent ingests extract at the same time: what it read before the lock (which reports are new)
it checks again under it (`stored_meanwhile`). Readers take no lock: a store opened read-only reads
inside one REPEATABLE READ READ ONLY transaction, so a command sees whole batches only, as they stood
when it started (a server calls `refresh` per request).

Faults. Every driver error becomes a StoreError that says what happened and what to do; the batch in
progress is rolled back by the server (a batch is one transaction), so a rerun stores the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterable, Iterator, Mapping, Sequence

import psycopg
from psycopg import errors as pgerrors
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row

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
# One lock for all writers of a database (an arbitrary 63-bit key: "warlog" in ASCII).
WRITER_LOCK = 0x7761726C6F67
# RE2's \s (what DuckDB's regexp_replace matches): fingerprints must be the same on both backends.
_SPACES = re.compile(r"[\t\n\f\r ]+")
_FINGERPRINT_CACHE_MAX = 500_000
_SNAPSHOT_EVENTS_MAX = 200_000


def translate(statement: str) -> str:
    """A migration statement of schema.py in PostgreSQL's dialect."""
    out = re.sub(r"\bDOUBLE\b(?!\s+PRECISION)", "DOUBLE PRECISION", statement)
    out = re.sub(r"\bVARCHAR\b", 'TEXT COLLATE "C"', out)
    if re.match(r"\s*CREATE TABLE (IF NOT EXISTS )?reports\s*\(", out):
        head, _, tail = out.rpartition(")")
        out = head.rstrip() + ",\n            rowid BIGSERIAL NOT NULL\n        )" + tail
    return out


def fingerprint(text: str) -> str:
    """md5 of the words, lower-cased, spacing ignored: DuckDB's report_fingerprints, computed here."""
    return hashlib.md5(_SPACES.sub(" ", text).strip(" ").lower().encode()).hexdigest()


def _clean(value: object) -> object:
    # PostgreSQL text cannot hold NUL; DuckDB can. Such a character is never part of real prose.
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        info = conninfo_to_dict(url)
    except psycopg.Error:
        return "the PostgreSQL URL given"
    host = info.get("host") or "localhost"
    port = f":{info['port']}" if info.get("port") else ""
    user = f"{info['user']}@" if info.get("user") else ""
    return f"postgresql://{user}{host}{port}/{info.get('dbname', '')}"


class PostgresStore:
    """A warlog database in PostgreSQL."""

    def __init__(self, url: str, *, read_only: bool = False):
        self.url = url
        self.path = describe(url)  # what messages call the database, as DuckDBStore's path
        self.read_only = read_only
        try:
            self.con = psycopg.connect(url, autocommit=not read_only, connect_timeout=10)
        except psycopg.Error as err:
            raise StoreError(f"{self.path}: cannot connect ({_first_line(err)}); is the server running, and "
                             "are the user, password and database name right?") from err
        if read_only:
            # one snapshot for the whole command: readers see whole batches, as they stood at its start
            self.con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            self.con.read_only = True
        self._in_tx = False
        self._locked = False  # whether the transaction in progress holds the writer lock
        self._columns: dict[str, list[str]] = {}
        self._fingerprints: dict[str, str] = {}
        # read-only: the events built in this snapshot, by id (nothing changes in a snapshot; a trend reads them
        # more than once); emptied by refresh()
        self._snapshot_events: dict[str, Event] = {}
        if not read_only:
            self._migrate()
        elif self._version() == 0:
            self.con.close()
            raise StoreError(f"{self.path}: not a warlog database (no schema_version table); "
                             "run `warlog ingest --db URL` first")

    # --- lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        if not self.con.closed:
            if self.read_only:
                self.con.rollback()
            self.con.close()

    def refresh(self) -> None:
        """A read-only store: end the current snapshot, so that the next read sees every batch committed
        since (a long-lived reader, such as a server, calls this once per request)."""
        self._snapshot_events.clear()
        if self.read_only and not self.con.closed:
            with self._errors():
                self.con.rollback()

    def _version(self) -> int:
        exists = self._one("SELECT count(*) FROM information_schema.tables "
                           "WHERE table_name = 'schema_version' AND table_schema = current_schema()")
        if not exists:
            return 0
        return self._one("SELECT coalesce(max(version), 0) FROM schema_version")

    def _migrate(self) -> None:
        if self._version() == len(MIGRATIONS):
            return  # up to date: no need to queue behind a writer
        with self.transaction():  # under the writer lock: two processes opening a new database migrate once
            current = self._version()
            if current > len(MIGRATIONS):
                raise StoreError(f"{self.path}: made by a newer warlog (schema {current}); upgrade warlog")
            for number, statements in enumerate(MIGRATIONS[current:], start=current + 1):
                for statement in statements:
                    self._exec(translate(statement))
                if number == TREND_SCHEMA:  # the trend tables of the events already there
                    self._columns.clear()
                    events = list(self.events())
                    for i in range(0, len(events), 2000):
                        self._put_trend_rows(events[i:i + 2000])
                self._exec("INSERT INTO schema_version VALUES (%s, %s)", [number, dt.datetime.now()])
                log.info("migrated %s to schema %d", self.path, number)
        self._columns.clear()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction, under the writer lock from its start: commits whole or not at all."""
        with self._transaction(lock_first=True):
            yield

    @contextmanager
    def ingest_transaction(self) -> Iterator[None]:
        """An ingest's write transaction: commits whole or not at all, and takes the writer lock at its first
        write, not before, so that concurrent ingests extract at the same time. The pipeline asks
        `stored_meanwhile` which of the reports it found new another process stored before the lock."""
        with self._transaction(lock_first=False):
            yield

    @contextmanager
    def _transaction(self, lock_first: bool) -> Iterator[None]:
        if self._in_tx or self.read_only:
            # nested (a write method called inside a transaction), or a read-only snapshot already open
            yield
            return
        self._in_tx, self._locked = True, False
        try:
            with self._errors("the batch was not stored (it is one transaction); run the same command again"):
                with self.con.transaction():
                    if lock_first:
                        self._take_writer_lock()
                    yield
        finally:
            self._in_tx, self._locked = False, False

    def _take_writer_lock(self) -> None:
        """The writer lock, held until the transaction ends (taken once per transaction)."""
        if self._locked:
            return
        if not self._one("SELECT pg_try_advisory_xact_lock(%s)", [WRITER_LOCK]):
            log.warning("%s: another warlog process is writing; waiting for it to commit", self.path)
            self._exec("SELECT pg_advisory_xact_lock(%s)", [WRITER_LOCK])
        self._locked = True

    @contextmanager
    def _write(self) -> Iterator[None]:
        """Every write holds the writer lock: inside a transaction, from the first write to the commit;
        outside one, in a transaction of its own."""
        if not self._in_tx or self.read_only:
            with self.transaction():
                yield
            return
        self._take_writer_lock()
        yield

    def stored_meanwhile(self, report_ids: Sequence[str]) -> set[str]:
        """Of these reports, those already stored, looked up under the writer lock (which this takes): in an
        ingest_transaction, the reports another process stored while this one was extracting them."""
        with self._write():
            return self.known_report_ids(report_ids)

    # --- low-level helpers -------------------------------------------------------------------------

    @contextmanager
    def _errors(self, then: str = "run the same command again") -> Iterator[None]:
        try:
            yield
        except pgerrors.DiskFull as err:
            raise StoreError(f"{self.path}: the server's disk is full ({_first_line(err)}); {then} "
                             "once space is freed") from err
        except (pgerrors.AdminShutdown, pgerrors.CrashShutdown, pgerrors.CannotConnectNow) as err:
            raise StoreError(f"{self.path}: the server shut down or restarted ({_first_line(err)}); {then} "
                             "once it is back") from err
        except psycopg.OperationalError as err:
            raise StoreError(f"{self.path}: lost the connection to the server ({_first_line(err)}); {then} "
                             "once it is reachable") from err
        except psycopg.Error as err:
            raise StoreError(f"{self.path}: {_first_line(err)}; {then}") from err

    def _exec(self, sql: str, params: Sequence | None = None) -> psycopg.Cursor:
        with self._errors():
            return self.con.execute(sql, params)

    def _one(self, sql: str, params: Sequence | None = None):
        return self._exec(sql, params).fetchone()[0]

    def _all(self, sql: str, params: Sequence | None = None) -> list[tuple]:
        return self._exec(sql, params).fetchall()

    def _dicts(self, sql: str, params: Sequence | None = None) -> list[dict]:
        with self._errors():
            with self.con.cursor(row_factory=dict_row) as cur:
                return cur.execute(sql, params).fetchall()

    def table_columns(self, table: str) -> list[str]:
        """The columns of a table, in table order (without the `rowid` of reports)."""
        if table not in self._columns:
            rows = self._all("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                             "AND table_schema = current_schema() ORDER BY ordinal_position", [table])
            self._columns[table] = [r[0] for r in rows if r[0] != "rowid"]
        return self._columns[table]

    def _insert(self, table: str, rows: Sequence[Sequence], columns: Sequence[str] | None = None) -> None:
        """Bulk insert with COPY: one round trip for any number of rows."""
        if not rows:
            return
        columns = list(columns or self.table_columns(table))
        with self._errors(), self.con.cursor() as cur:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_clean(v) for v in row])

    # --- reports -----------------------------------------------------------------------------------

    def known_report_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        return {r[0] for r in self._all("SELECT id FROM reports WHERE id = ANY(%s::text[])", [list(ids)])}

    def add_reports(self, reports: Sequence[tuple[Report, int, str | None]]) -> None:
        now = dt.datetime.now()
        with self._write():
            self._insert("reports", [
                [r.id, r.url, r.outlet, r.title, r.published, r.language, r.text, r.source, now, count, reason]
                for r, count, reason in reports
            ])

    def set_report_outcome(self, outcomes: Sequence[tuple[str, int, str | None]]) -> None:
        if not outcomes:
            return
        ids, counts, reasons = (list(c) for c in zip(*outcomes))
        with self._write():
            self._exec(
                """UPDATE reports SET mention_count = o.n, no_event_reason = o.reason
                   FROM unnest(%s::text[], %s::integer[], %s::text[]) AS o(id, n, reason)
                   WHERE reports.id = o.id""", [ids, counts, [_clean(r) for r in reasons]])

    @staticmethod
    def _report(row: dict) -> Report:
        return Report(id=row["id"], text=row["text"], url=row["url"], outlet=row["outlet"], title=row["title"],
                      published=row["published"], language=row["language"], source=row["source"])

    def report(self, report_id: str) -> Report:
        rows = self._dicts("SELECT * FROM reports WHERE id = %s", [report_id])
        if not rows:
            raise NotFoundError(f"report {report_id!r} is not in {self.path}")
        return self._report(rows[0])

    def reports(self, report_ids: Sequence[str]) -> list[Report]:
        rows = self._dicts("SELECT * FROM reports WHERE id = ANY(%s::text[])", [list(report_ids)])
        return [self._report(r) for r in rows]

    def iter_reports(self, batch_size: int = 500) -> Iterator[list[Report]]:
        # ingestion order, so that a rebuild links in the same order and keeps event ids
        ids = [r[0] for r in self._all("SELECT id FROM reports ORDER BY ingested_at, rowid")]
        for i in range(0, len(ids), batch_size):
            chunk = ids[i:i + batch_size]
            by_id = {r.id: r for r in self.reports(chunk)}
            yield [by_id[x] for x in chunk]

    def report_fingerprints(self, report_ids: Sequence[str]) -> dict[str, str]:
        """A hash of each report's words (case and spacing ignored): equal hashes are the same account.

        Computed here rather than in SQL, where lower() would depend on the server's locale; a report's
        text never changes, so each is fetched once per store."""
        missing = [r for r in dict.fromkeys(report_ids) if r not in self._fingerprints]
        if missing:
            if len(self._fingerprints) > _FINGERPRINT_CACHE_MAX:
                self._fingerprints.clear()
            for rid, text in self._all("SELECT id, text FROM reports WHERE id = ANY(%s::text[])", [missing]):
                self._fingerprints[rid] = fingerprint(text)
        return {r: self._fingerprints[r] for r in report_ids if r in self._fingerprints}

    def reports_without_events(self) -> list[tuple[str, str]]:
        return self._all("SELECT id, coalesce(no_event_reason, 'no event found') FROM reports "
                         "WHERE mention_count = 0 ORDER BY id")

    # --- mentions ----------------------------------------------------------------------------------

    def add_mentions(self, mentions: Sequence[Mention]) -> None:
        mention_rows, actor_rows, span_rows = rows.mention_rows(mentions)
        with self._write():
            self._insert("mentions", mention_rows)
            self._insert("mention_actors", actor_rows)
            self._insert("spans", span_rows)

    def _actors_by_owner(self, table: str, key: str, ids: Sequence[str]) -> dict[str, list[ActorRef]]:
        out: dict[str, list[ActorRef]] = defaultdict(list)
        rows = self._all(f"SELECT {key}, role, actor_id, name, phrase FROM {table} WHERE {key} = ANY(%s::text[]) "
                         f"ORDER BY {key}, position", [list(ids)])
        for owner, role, actor_id, name, phrase in rows:
            out[owner].append(ActorRef(role=role, actor_id=actor_id, name=name, phrase=phrase))
        return out

    def spans_of(self, mention_ids: Sequence[str]) -> dict[str, dict[str, list[Span]]]:
        out: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
        rows = self._all(
            "SELECT mention_id, field, report_id, start_char, end_char, text, sentence FROM spans "
            "WHERE mention_id = ANY(%s::text[]) ORDER BY mention_id, start_char", [list(mention_ids)])
        for mid, field, rid, start, end, text, sentence in rows:
            out[mid][field].append(Span(rid, start, end, text, sentence))
        return out

    def mentions(self, mention_ids: Sequence[str], with_spans: bool = True) -> list[Mention]:
        found = self._dicts("SELECT * FROM mentions WHERE id = ANY(%s::text[]) ORDER BY report_id, idx",
                           [list(mention_ids)])
        actors = self._actors_by_owner("mention_actors", "mention_id", mention_ids)
        spans = self.spans_of(mention_ids) if with_spans else {}
        return [rows.mention_from_row(r, actors, spans) for r in found]

    # --- events ------------------------------------------------------------------------------------

    def put_events(self, events: Sequence[Event]) -> None:
        if not events:
            return
        ids = [e.id for e in events]
        event_rows, actor_rows, link_rows = rows.event_rows(events)
        with self._write():
            for table in ("events", "event_actors", "event_mentions"):
                key = "id" if table == "events" else "event_id"
                self._exec(f"DELETE FROM {table} WHERE {key} = ANY(%s::text[])", [ids])
            self._insert("events", event_rows)
            self._insert("event_actors", actor_rows)
            self._insert("event_mentions", link_rows)
            self._put_trend_rows(events)

    def _put_trend_rows(self, events: Sequence[Event]) -> None:
        """trend_events and trend_actors (schema 3), as DuckDB keeps them: query.trend reads them there."""
        keys = [rows.key(e.id) for e in events]
        for table in ("trend_events", "trend_actors"):
            self._exec(f"DELETE FROM {table} WHERE event_key = ANY(%s::bigint[])", [keys])
        trend_events, trend_actors = rows.trend_rows(events)
        self._insert("trend_events", trend_events)
        self._insert("trend_actors", trend_actors)

    def _events_from_rows(self, found: list[dict]) -> list[Event]:
        if self.read_only:
            known = self._snapshot_events
            missing = [r for r in found if r["id"] not in known]
            if missing:
                if len(known) > _SNAPSHOT_EVENTS_MAX:
                    known.clear()
                known.update((e.id, e) for e in self._build_events(missing))
            return [known[r["id"]] if r["id"] in known else self._build_events([r])[0] for r in found]
        return self._build_events(found)

    def _build_events(self, found: list[dict]) -> list[Event]:
        ids = [r["id"] for r in found]
        actors = self._actors_by_owner("event_actors", "event_id", ids)
        members: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for eid, mid, rid in self._all("SELECT event_id, mention_id, report_id FROM event_mentions "
                                       "WHERE event_id = ANY(%s::text[]) ORDER BY event_id, mention_id", [ids]):
            members[eid].append((mid, rid))
        return [rows.event_from_row(r, actors, members) for r in found]

    def candidate_events(self, countries: Sequence[str | None], start: dt.date, end: dt.date,
                         known: Mapping[str, Event] | None = None) -> list[Event]:
        rows = self._dicts("SELECT * FROM events WHERE date_start <= %s AND date_end >= %s "
                           "AND country = ANY(%s::text[])", [end, start, list(countries)])
        if not known:
            return self._events_from_rows(rows)
        read = iter(self._events_from_rows([r for r in rows if r["id"] not in known]))
        return [known[r["id"]] if r["id"] in known else next(read) for r in rows]

    def event(self, event_id: str) -> Event:
        rows = self._dicts("SELECT * FROM events WHERE id = %s", [event_id])
        if not rows:
            raise NotFoundError(f"event {event_id!r} is not in {self.path}; `warlog events` lists the ids")
        return self._events_from_rows(rows)[0]

    def events(self, where: EventFilter = EventFilter(), batch_size: int = 2000) -> Iterator[Event]:
        clause, params = self._event_where(where)
        rows = self._dicts(f"SELECT * FROM events{clause} ORDER BY date_start NULLS LAST, id", params)
        for i in range(0, len(rows), batch_size):
            yield from self._events_from_rows(rows[i:i + batch_size])

    def events_page(self, where: EventFilter, offset: int, limit: int) -> tuple[int, list[Event]]:
        """How many events match, and those from `offset` (at most `limit`), in events()'s order: a page of a
        listing without building every event (the server's event list)."""
        clause, params = self._event_where(where)
        total = self._one(f"SELECT count(*) FROM events{clause}", params)
        rows = self._dicts(f"SELECT * FROM events{clause} ORDER BY date_start NULLS LAST, id OFFSET %s LIMIT %s",
                           [*params, offset, limit])
        return total, self._events_from_rows(rows)

    @staticmethod
    def _event_where(where: EventFilter) -> tuple[str, list]:
        clauses, params = [], []
        if where.countries:
            clauses.append("country = ANY(%s::text[])")
            params.append(list(where.countries))
        if where.event_types:
            clauses.append("lower(event_type) = ANY(%s::text[])")
            params.append([t.lower() for t in where.event_types])
        if where.since:
            clauses.append("date_end >= %s")
            params.append(where.since)
        if where.until:
            clauses.append("date_start <= %s")
            params.append(where.until)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def clear_derived(self) -> None:
        with self._write():
            for table in ("spans", "mention_actors", "mentions", "event_actors", "event_mentions", "events",
                          "trend_events", "trend_actors"):
                self._exec(f"DELETE FROM {table}")

    # --- corrections -------------------------------------------------------------------------------

    def add_correction(self, correction: Correction) -> Correction:
        with self._write():  # the writer lock makes max(id) + 1 safe
            next_id = self._one("SELECT coalesce(max(id), 0) + 1 FROM corrections")
            self._exec("INSERT INTO corrections VALUES (%s, %s, %s, %s, %s, %s, %s)",
                       [next_id, correction.event_id, correction.field, _clean(correction.value),
                        _clean(correction.reason), _clean(correction.author), correction.created])
        return replace(correction, id=next_id)

    def corrections(self, event_id: str | None = None) -> list[Correction]:
        sql = "SELECT * FROM corrections" + (" WHERE event_id = %s" if event_id else "") + " ORDER BY id"
        return [Correction(event_id=r["event_id"], field=r["field"], value=r["value"], reason=r["reason"],
                           author=r["author"], created=r["created"], id=r["id"])
                for r in self._dicts(sql, [event_id] if event_id else [])]

    # --- analysts' linking decisions ---------------------------------------------------------------

    def add_link_decision(self, decision: LinkDecision) -> LinkDecision:
        with self._write():  # the writer lock makes max(id) + 1 safe
            next_id = self._one("SELECT coalesce(max(id), 0) + 1 FROM link_decisions")
            self._exec("INSERT INTO link_decisions VALUES (%s, %s, %s, %s, %s, %s, %s)",
                       [next_id, decision.kind, decision.event_id, decision.other, _clean(decision.reason),
                        _clean(decision.author), decision.created])
        return replace(decision, id=next_id)

    def link_decisions(self) -> list[LinkDecision]:
        return [rows.link_decision_from_row(r) for r in self._dicts("SELECT * FROM link_decisions ORDER BY id")]

    def delete_events(self, event_ids: Sequence[str]) -> None:
        """Remove events (not their mentions): when an analyst's link folds one event into another."""
        if not event_ids:
            return
        with self._write():
            for table, key in (("events", "id"), ("event_actors", "event_id"), ("event_mentions", "event_id")):
                self._exec(f"DELETE FROM {table} WHERE {key} = ANY(%s::text[])", [list(event_ids)])
            keys = [rows.key(i) for i in event_ids]
            for table in ("trend_events", "trend_actors"):
                self._exec(f"DELETE FROM {table} WHERE event_key = ANY(%s::bigint[])", [keys])

    def event_of_mentions(self, mention_ids: Sequence[str]) -> dict[str, str]:
        """mention id -> the id of the event it is in."""
        if not mention_ids:
            return {}
        return dict(self._all("SELECT mention_id, event_id FROM event_mentions WHERE mention_id = ANY(%s::text[])",
                              [list(mention_ids)]))

    # --- reference data ----------------------------------------------------------------------------

    def put_actors(self, actors: Iterable[Actor], links: Iterable[ActorLink]) -> None:
        actor_rows = [[a.id, a.name, a.kind, a.country, json.dumps(a.aliases), a.acled_name] for a in actors]
        link_rows = [[k.actor_id, k.relation, k.other_id, k.valid_from, k.valid_to, k.source] for k in links]
        if self._holds("actors", actor_rows) and self._holds("actor_links", link_rows):
            return  # as stored (every ingest but the first after a registry change): no write, no writer lock
        with self._write():
            self._exec("DELETE FROM actors")
            self._exec("DELETE FROM actor_links")
            self._insert("actors", actor_rows)
            self._insert("actor_links", link_rows)

    def _holds(self, table: str, wanted: Sequence[Sequence]) -> bool:
        """Whether the table holds exactly these rows (in any order)."""
        def key(row: Sequence) -> tuple:
            return tuple((v is None, "" if v is None else str(_clean(v))) for v in row)

        found = self._all(f"SELECT {', '.join(self.table_columns(table))} FROM {table}")
        return len(found) == len(wanted) and sorted(map(key, found)) == sorted(map(key, wanted))

    def put_places(self, places: Iterable[Place]) -> None:
        """The gazetteer entries events point to, kept beside them so the database stands on its own."""
        unique = {p.id: p for p in places}
        if not unique:
            return
        with self._write():
            known = {r[0] for r in self._all("SELECT id FROM places WHERE id = ANY(%s::text[])", [list(unique)])}
            self._insert("places", [[p.id, p.name, p.country_code, p.country, p.admin1, p.admin2, p.admin3,
                                     p.latitude, p.longitude, p.feature_kind, p.population]
                                    for pid, p in unique.items() if pid not in known])

    def counts(self) -> dict[str, int]:
        return {table: self._one(f"SELECT count(*) FROM {table}")
                for table in ("reports", "mentions", "events", "corrections", "actors", "places")}

    # --- whole tables (warlog migrate, and tests comparing databases) ------------------------------

    def table_rows(self, table: str, batch_size: int = 5000) -> Iterator[list[tuple]]:
        """Every row of a table, columns as table_columns says, in a deterministic order (reports in the
        order they were stored, so that a copy re-extracts in the same order)."""
        columns = self.table_columns(table)
        order = "ingested_at, rowid" if table == "reports" else ", ".join(
            f"{i} NULLS LAST" for i in range(1, len(columns) + 1))
        with self._errors(), self.con.cursor() as cur:
            cur.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}")
            while batch := cur.fetchmany(batch_size):
                yield batch

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
        """Rows as table_rows gives them, into a table of the same schema."""
        if list(columns) != self.table_columns(table):
            raise StoreError(f"{self.path}: table {table} has columns {self.table_columns(table)}, not "
                             f"{list(columns)}; are both databases at the same schema version?")
        with self._write():
            self._insert(table, rows, columns)


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]
