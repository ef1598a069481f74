# The two commands a new user runs: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= rashomon.db
SHARED ?= ../shared

.PHONY: demo test install eval bench clean

$(BIN)/rashomon: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/rashomon

install: $(BIN)/rashomon

## Ingest the bundled example articles into $(DB) and print what was understood:
## documents with their segments and reasons, then the canonical events.
demo: install
	$(BIN)/rashomon ingest examples/ --db $(DB)
	$(BIN)/rashomon docs --db $(DB) --details
	$(BIN)/rashomon events --db $(DB)

## The whole test suite (CI runs exactly this).
test: install
	$(BIN)/python -m pytest -q

## Accuracy on the gold data in ../shared; rewrites docs/ACCURACY.md.
eval: install
	$(BIN)/rashomon eval gva $(SHARED)/data/gva-dev --out eval-out/gva-dev.json --update-doc docs/ACCURACY.md

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache
