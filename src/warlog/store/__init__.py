"""Storage: one schema, backends chosen by URL (`duckdb:///path`, a plain path, or `postgresql://...`)."""

from __future__ import annotations

import os
from pathlib import Path

from warlog.store.base import EventFilter, Store

DEFAULT_DB = "warlog.duckdb"

__all__ = ["DEFAULT_DB", "EventFilter", "Store", "is_postgres", "open_store", "resolve_db"]


def resolve_db(db: str | None) -> str:
    """The database the user means: --db, else $WARLOG_DB, else warlog.duckdb in the current folder."""
    return db or os.environ.get("WARLOG_DB") or DEFAULT_DB


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def open_store(db: str | None = None, *, read_only: bool = False) -> Store:
    """The store a URL names: `postgresql://user:password@host:port/dbname` (or `postgres://`) for a
    shared PostgreSQL server; `duckdb:///path`, `duckdb://path` or a plain path for a DuckDB file."""
    url = resolve_db(db)
    if is_postgres(url):
        from warlog.store.postgres import PostgresStore

        return PostgresStore(url, read_only=read_only)
    if "://" in url and not url.startswith("duckdb://"):
        from warlog.errors import InputError

        raise InputError(f"{url}: not a database warlog knows (--db or $WARLOG_DB); give a DuckDB file (a path, or "
                         "duckdb:///path) or postgresql://USER:PASSWORD@HOST:5432/NAME")
    path = url.removeprefix("duckdb://")
    from warlog.store.duckdb import DuckDBStore

    return DuckDBStore(Path(path), read_only=read_only)
