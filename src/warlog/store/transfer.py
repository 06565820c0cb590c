"""Moving a whole database from one backend to another (`warlog migrate --from URL --to URL`).

Every table of the schema is copied row for row (reports in the order they were stored, so a
re-extraction of the copy makes the same event ids), corrections and analysts' decisions included,
in one transaction on each side; then every table is counted on both sides.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Callable

from warlog.errors import InputError, StoreError
from warlog.store import open_store, resolve_db
from warlog.store.schema import MIGRATIONS

log = logging.getLogger(__name__)


def tables() -> list[str]:
    """Every table the migrations create, in creation order (schema_version excepted: each side keeps its own)."""
    names: list[str] = []
    for statements in MIGRATIONS:
        for sql in statements:
            m = re.match(r"\s*CREATE TABLE (?:IF NOT EXISTS )?(\w+)", sql)
            if m and m.group(1) != "schema_version" and m.group(1) not in names:
                names.append(m.group(1))
    return names


@dataclass(frozen=True, slots=True)
class Moved:
    """Rows per table, counted in the source and in the destination after the copy (they are equal)."""

    counts: dict[str, int]


def migrate(source: str, destination: str, progress: Callable[[str, int], None] | None = None) -> Moved:
    """Copy every table of `source` into `destination`, which must hold no reports, events or corrections."""
    if resolve_db(source) == resolve_db(destination):
        raise InputError("--from and --to name the same database; give two different ones")
    open_store(source, read_only=True).close()  # it must exist and be a warlog database
    open_store(source).close()  # at this warlog's schema, as after any write command (migrations only add)
    src = open_store(source, read_only=True)  # one snapshot of it
    try:
        dst = open_store(destination)
        try:
            return _copy(src, dst, progress)
        finally:
            dst.close()
    finally:
        src.close()


def _copy(src, dst, progress: Callable[[str, int], None] | None) -> Moved:
    names = tables()
    with src.transaction():  # read-only: one consistent snapshot of the source
        busy = {t: n for t, n in _count(dst, names).items() if n and t not in ("actors", "actor_links", "places")}
        if busy:
            held = ", ".join(f"{n} {t}" for t, n in busy.items())
            raise InputError(f"{getattr(dst, 'path', 'the destination')} already holds {held}; "
                             "migrate into an empty database")
        expected = _count(src, names)
        with dst.transaction():
            for table in names:
                columns = src.table_columns(table)
                if columns != dst.table_columns(table):
                    raise StoreError(f"table {table} differs between the two databases ({columns} against "
                                     f"{dst.table_columns(table)}); open both with this warlog version first")
                if table in ("actors", "actor_links", "places"):
                    _clear(dst, table)
                for batch in src.table_rows(table):
                    dst.insert_rows(table, columns, batch)
                    if progress:
                        progress(table, len(batch))
            got = _count(dst, names)
            wrong = {t: (expected[t], got[t]) for t in names if expected[t] != got[t]}
            if wrong:  # raising here rolls the destination back
                raise StoreError("the copy does not match the source: " + ", ".join(
                    f"{t} {a} in the source, {b} copied" for t, (a, b) in wrong.items()) + "; nothing was kept")
    log.info("migrated %s", expected)
    return Moved(counts=expected)


def _count(store, names: list[str]) -> dict[str, int]:
    return {t: _count_one(store, t) for t in names}


def _count_one(store, table: str) -> int:
    # both backends answer plain SQL through their connection; counting needs nothing else
    try:
        return store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except Exception as err:  # the driver's own error class: duckdb.Error or psycopg.Error
        raise StoreError(f"{getattr(store, 'path', 'the database')}: cannot count {table} "
                         f"({(str(err).splitlines() or [type(err).__name__])[0]})") from err


def _clear(store, table: str) -> None:
    # reference data (actors, gazetteer entries) is rewritten by every ingest: the source's copy wins
    store.con.execute(f"DELETE FROM {table}")
