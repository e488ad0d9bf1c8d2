# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint format serve clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

# Ingest, extract (offline rules unless ANTHROPIC_API_KEY is set) and publish the demo corpus, with the
# project's Romanian translations (an import that changes nothing the second time). They are imported before the
# rebuild, pruning the ones an earlier copy of the file brought in and this one no longer holds, so a database made
# by an older checkout publishes without orphaned translations.
demo: migrate
	$(PY) manage.py ingest_sources
	$(PY) manage.py extract_chunks --extractor rules
	$(PY) manage.py enrich --import data/translations-ro.json --prune
	$(PY) manage.py rebuild_corpus
	$(PY) manage.py setup_schedules

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production server (README "Production"): static files, migrations, then gunicorn on HOST:PORT with
# GUNICORN_WORKERS (or WEB_CONCURRENCY) workers; settings in gamelibrary/gunicorn_conf.py.
serve: migrate
	$(PY) manage.py collectstatic --noinput -v0
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gamelibrary/gunicorn_conf.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var staticfiles
