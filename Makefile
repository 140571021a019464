# The two commands of the README: `make run` and `make test`.
.DEFAULT_GOAL := help
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup setup-dev run test test-fast lint bench bench-answers bench-rush bench-dashboards bench-api bench-org-import messages clean

help:
	@echo "make run    - set up, migrate, load demo data, start web + Celery worker on http://$(HOST):$(PORT)/"
	@echo "make test   - set up and run the whole test suite (SQLite; PostgreSQL + Redis when"
	@echo "              DATABASE_URL and CELERY_BROKER_URL are set)"
	@echo "make lint   - ruff, migrations check"
	@echo "make bench  - scoring benchmark on PostgreSQL (DATABASE_URL)"
	@echo "make bench-answers - autosave benchmark, gunicorn on loopback (DATABASE_URL)"
	@echo "make bench-rush - deadline rush: people answering at once per core, with pauses (DATABASE_URL; RUSH_ARGS=--closed: 300 people with no pause)"
	@echo "make bench-dashboards - dashboards at 100,000 employees on PostgreSQL (DATABASE_URL)"
	@echo "make bench-api - the API's released-results export at 100,000 (DATABASE_URL)"
	@echo "make bench-org-import - a 200,000-row org file imported on the web (SQLite, or DATABASE_URL)"

setup:
	@bash scripts/bootstrap

setup-dev:
	@bash scripts/bootstrap --dev

run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@bash scripts/run-local $(HOST) $(PORT)

test: setup-dev
	@bash scripts/test-setup
	@bash scripts/run-tests $(PYTEST_ARGS)

lint: setup-dev
	.venv/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

bench: setup-dev
	$(PY) scripts/bench_scoring.py

bench-answers: setup-dev
	$(PY) scripts/bench_answers.py

bench-rush: setup-dev
	$(PY) scripts/bench_rush.py $(RUSH_ARGS)

bench-dashboards: setup-dev
	$(PY) scripts/bench_dashboards.py

bench-api: setup-dev
	$(PY) scripts/bench_api.py

bench-org-import: setup-dev
	$(PY) scripts/bench_org_import.py

messages: setup-dev
	$(PY) manage.py makemessages -l zh_Hans --no-location --no-wrap --ignore=.venv --ignore=node_modules --ignore=tests --ignore=var
	@# Sorted by msgid with no source locations: branches that add strings touch different
	@# lines, so their catalogues merge without conflicts.
	msgcat --sort-output --no-location --no-wrap -o locale/zh_Hans/LC_MESSAGES/django.po locale/zh_Hans/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf .venv node_modules static/vendor staticfiles var db.sqlite3
