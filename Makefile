# Woonzorg: `make run` for the demo on this machine, `make test` for every check CI runs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install lint migrate demo clean screenshots backup restore bench

# The virtualenv is rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is nodig ($(PYTHON) niet gevonden)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

run: demo
	@echo "Woonzorg draait op http://127.0.0.1:8000/ (stoppen met Ctrl+C)"
	$(MANAGE) runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

# -n auto: one test process per core (pytest-xdist); each gets its own test database. Tests that
# measure time run afterwards on their own: beside other tests and under coverage they would
# measure the machine's load, not the code.
test: lint
	$(BIN)/pytest -n auto --cov --cov-report=term --cov-fail-under=85 $(PYTEST_ARGS)
	$(BIN)/pytest -m prestatie $(PYTEST_ARGS)
	$(BIN)/pytest -m e2e -rs $(PYTEST_ARGS)

# The browser tests (Debian's Chromium) with full-page screenshots of the main pages.
screenshots: install
	WOONZORG_SCREENSHOTS=docs/screenshots $(BIN)/pytest -m e2e -rs $(PYTEST_ARGS)

# Woonzorg at national scale, measured (see README, "Prestaties"): a data set of 342 gemeenten
# in a database of its own, built once and reused; the figures go to bench/results.json.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/woonzorg_bench

$(VENV)/.bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	@touch $@

bench: $(VENV)/.bench
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench $(BENCH_ARGS)

# A back-up of the database and MEDIA_ROOT in backups/ (see README, "Back-ups").
backup: install
	$(MANAGE) backup --map backups

# Restore one, after confirmation: make restore BESTAND=backups/woonzorg-20261204-153000.dump
restore: install
	@test -n "$(BESTAND)" || { echo "Geef de back-up op: make restore BESTAND=backups/woonzorg-....dump"; exit 1; }
	$(MANAGE) restore "$(BESTAND)"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .coverage htmlcov
