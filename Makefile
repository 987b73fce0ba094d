# pactwatch — every target creates the virtualenv first if it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install test lint format demo demo-desk run bench clean system-deps

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The suite on SQLite, then again on a throwaway PostgreSQL server when one is installed.
test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest
	deploy/test-with-postgres.sh -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

demo: install
	$(BIN)/pactwatch demo

# The demo, then the review desk on http://127.0.0.1:8000 with the sample site still up.
demo-desk: install
	$(BIN)/pactwatch demo --serve

# The service (scheduler + review desk) on the configured sources; needs PACTWATCH_SECRET_KEY.
# `make run RUN_ARGS="--host 0.0.0.0 --port 8080"` to listen elsewhere.
run: install
	$(BIN)/pactwatch db upgrade
	$(BIN)/pactwatch run $(RUN_ARGS)

# Each prints its figures; the issue notes quote them. ~34 minutes on 2 cores (the soak: 11,
# the scale-out: 7).
bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/extract_eval.py
	$(BIN)/python bench/dates_eval.py
	$(BIN)/python bench/short_pages_eval.py
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/analysis.py
	$(BIN)/python bench/analysis_eval.py
	$(BIN)/python bench/analysis_speed.py
	$(BIN)/python bench/dedup_tune.py
	$(BIN)/python bench/dedup_scale.py
	$(BIN)/python bench/digest.py
	$(BIN)/python bench/desk.py
	$(BIN)/python bench/sources_infer.py
	$(BIN)/python bench/scaleout.py
	$(BIN)/python bench/scaleout.py -n 400 --sources 40 --repeat 1 --batch 1
	$(BIN)/python bench/scaleout.py -n 400 --sources 40 --repeat 1 --batch 20
	$(BIN)/python bench/soak.py --minutes 10
	$(BIN)/python bench/batch_cpu.py --sources 20
	$(BIN)/python bench/soak.py --bulk 450 --every 30 --minutes 12

# Chromium and CJK fonts for the browser tests (root or sudo); without them those tests skip.
system-deps:
	deploy/install-system-deps.sh

clean:
	rm -rf var/ .pytest_cache .mypy_cache .ruff_cache
