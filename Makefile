# Tandem: `make run` starts it with demo data, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# uv comes from the PATH, or is installed with pip into a small tools environment.
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
export TANDEM_DATA_DIR ?= $(CURDIR)/var
# Sync workers, 2 × cores + 1: threaded workers collapsed under load when measured.
export WEB_CONCURRENCY ?= $(shell echo $$(( 2 * $$(nproc) + 1 )))

.PHONY: help run test lint typecheck test-sqlite test-postgresql messages

help:
	@echo "make run    start Tandem with the demo workspace at http://127.0.0.1:$(PORT)"
	@echo "make test   lint, type-check and run every test on SQLite and PostgreSQL"

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python python3
	touch $@

run: export DEBUG ?= false
run: export HTTPS ?= false
# Links in emails point at this server unless SITE_URL says otherwise.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: export SECRET_KEY_FILE ?= $(TANDEM_DATA_DIR)/secret_key
# Emails are files in the data folder's mail/ folder (an invitation's link is there), one log line
# each; set EMAIL_URL to send them for real.
run: export EMAIL_URL ?= filemail://$(abspath $(TANDEM_DATA_DIR))/mail
run: $(VENV)/.synced
	@mkdir -p "$(TANDEM_DATA_DIR)"
	@test -s "$(SECRET_KEY_FILE)" || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > "$(SECRET_KEY_FILE)"
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py demo --if-empty
	@echo "Tandem: http://127.0.0.1:$(PORT)/  (Ctrl-C stops the web server and the job consumer)"
	@# Ctrl-C (or SIGTERM) is how it is meant to stop: that ends it cleanly, not with an error.
	@$(VENV)/bin/honcho start --no-prefix --port $(PORT) -f Procfile; status=$$?; \
		if [ $$status -eq 130 ] || [ $$status -eq 143 ]; then echo "Tandem stopped."; else exit $$status; fi

# Translators' round trip (needs GNU gettext): collect the strings, translate, compile.
messages: $(VENV)/.synced
	cd tandem && SECRET_KEY=messages ../$(PY) ../manage.py makemessages -l nb -l it --no-obsolete --no-location -v0
	cd tandem && SECRET_KEY=messages ../$(PY) ../manage.py compilemessages -v0

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# mypy's Django plugin loads the apps, and the job queue opens its SQLite file in the data folder.
typecheck: $(VENV)/.synced
	@mkdir -p "$(TANDEM_DATA_DIR)"
	SECRET_KEY=type-check $(VENV)/bin/mypy

test-sqlite: $(VENV)/.synced
	$(VENV)/bin/pytest

test-postgresql: $(VENV)/.synced
	@if $(PY) -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$(TEST_DATABASE_URL)" 2>/dev/null; then \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL at $(TEST_DATABASE_URL) is unreachable, and CI requires it." >&2; exit 1; \
	else \
		echo; echo "!!! SKIPPED: the PostgreSQL run. Nothing answers at $(TEST_DATABASE_URL)."; \
		echo "!!! Start PostgreSQL or set TEST_DATABASE_URL to test on it."; echo; \
	fi

test: lint typecheck test-sqlite test-postgresql

# The benchmark (bench/run.py): 5,000 tasks in var/bench, production settings, gunicorn with the
# workers of `make run` on a free port of 127.0.0.1, a load generator on loopback; prints a table
# and writes var/bench/results.json. Then comment_post: comments posted with htmx for 15 s, on that
# SQLite database and on PostgreSQL at $(TEST_DATABASE_URL) in a throwaway database. Takes about
# four minutes.
# Then the silence sweep (bench/sweeps.py) at 100,000 and 1,000,000 rows on SQLite and on
# PostgreSQL at $(TEST_DATABASE_URL), in throwaway databases; `make bench-sweeps` runs only that.
.PHONY: bench bench-sweeps
bench: $(VENV)/.synced
	TANDEM_DATA_DIR="$(CURDIR)/var/bench" BENCH_POSTGRES_URL="$(TEST_DATABASE_URL)" $(PY) -m bench.run

bench-sweeps: $(VENV)/.synced
	TANDEM_DATA_DIR="$(CURDIR)/var/bench" BENCH_POSTGRES_URL="$(TEST_DATABASE_URL)" $(PY) -m bench.sweeps
