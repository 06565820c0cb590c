"""Fresh databases on every backend, for the store contract and fault tests.

PostgreSQL cases need a server: set WARLOG_TEST_POSTGRES to a URL whose role may CREATE DATABASE
(`.ci/run` starts one and sets it). Each test gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import itertools
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pytest

POSTGRES = os.environ.get("WARLOG_TEST_POSTGRES")
NO_POSTGRES = ("WARLOG_TEST_POSTGRES is not set: the PostgreSQL cases need a server "
               "(e.g. postgresql://warlog:warlog@127.0.0.1/warlog_test, a role with CREATEDB); .ci/run sets it")
BACKENDS = ["duckdb", pytest.param("postgresql", marks=pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES))]
# columns whose value is the time a row was written: they differ between two runs of the same ingest
VOLATILE = {"ingested_at"}

_names = itertools.count()


@contextmanager
def fresh_db(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database on this backend."""
    if backend == "duckdb":
        yield str(tmp_path / f"db{next(_names)}.duckdb")
        return
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = f"warlog_t{os.getpid()}_{next(_names)}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    info = conninfo_to_dict(POSTGRES)
    info["dbname"] = name
    user = quote(info.get("user", ""), safe="")
    password = ":" + quote(info["password"], safe="") if info.get("password") else ""
    host = info.get("host", "localhost")
    port = f":{info['port']}" if info.get("port") else ""
    try:
        yield f"postgresql://{user}{password}@{host}{port}/{name}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def dump(url: str) -> dict[str, list[tuple]]:
    """Every table of a database, row for row, without the columns that record when a row was written."""
    from warlog.store import open_store
    from warlog.store.transfer import tables

    store = open_store(url, read_only=True)
    try:
        out = {}
        for table in tables():
            columns = store.table_columns(table)
            keep = [i for i, c in enumerate(columns) if c not in VOLATILE]
            out[table] = [tuple(row[i] for i in keep) for batch in store.table_rows(table) for row in batch]
        return out
    finally:
        store.close()
