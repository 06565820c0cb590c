"""Storage: one schema, backends chosen by URL (`duckdb:///path` or a plain path)."""

from __future__ import annotations

import os
from pathlib import Path

from warlog.errors import InputError
from warlog.store.base import EventFilter, Store

DEFAULT_DB = "warlog.duckdb"

__all__ = ["DEFAULT_DB", "EventFilter", "Store", "open_store", "resolve_db"]


def resolve_db(db: str | None) -> str:
    """The database the user means: --db, else $WARLOG_DB, else warlog.duckdb in the current folder."""
    return db or os.environ.get("WARLOG_DB") or DEFAULT_DB


def open_store(db: str | None = None, *, read_only: bool = False) -> Store:
    url = resolve_db(db)
    if url.startswith(("postgresql://", "postgres://")):
        raise InputError(f"{url}: the PostgreSQL backend is not built yet; use a DuckDB file path for now")
    path = url.removeprefix("duckdb://")
    from warlog.store.duckdb import DuckDBStore

    return DuckDBStore(Path(path), read_only=read_only)
