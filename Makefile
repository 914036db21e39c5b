# Läget – the two commands in README.md: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PG_URL ?= postgres://postgres@127.0.0.1:5432/laget

.PHONY: chromium demo test test-sqlite test-postgres lint install install-test serve clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP) $@

install: $(STAMP)
install-test: $(TEST_STAMP)

## make demo: install, migrate, load the demo and serve at http://127.0.0.1:8000 (with a task worker)
DEMO_ADDR ?= 127.0.0.1:8000
demo: $(STAMP)
	LAGET_DEBUG=true $(BIN)/laget migrate --no-input -v0
	LAGET_DEBUG=true $(BIN)/laget demo
	@echo "Two-factor sign-in is off in the demo (LAGET_REQUIRE_2FA=$${LAGET_REQUIRE_2FA:-false}); production requires it."
	@echo "Läget: http://$(DEMO_ADDR) (a task worker runs beside it for exports and imports)"
	@# Background work (exports, imports) needs a worker: start one, and stop it with the server.
	LAGET_DEBUG=true $(BIN)/laget db_worker --interval 1 --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	LAGET_DEBUG=true LAGET_REQUIRE_2FA=$${LAGET_REQUIRE_2FA:-false} $(BIN)/laget runserver $(DEMO_ADDR)

lint: $(TEST_STAMP)
	$(BIN)/ruff check laget bench
	$(BIN)/ruff format --check laget bench
	LAGET_DEBUG=true $(BIN)/laget check
	LAGET_DEBUG=true $(BIN)/laget makemigrations --check --dry-run -v0

## make test: install the test dependencies and run the whole suite (SQLite, then PostgreSQL if reachable)
test: lint test-sqlite test-postgres

# Browser tests drive Debian's Chromium; install it when we can (root with apt), else say how.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "Browser tests need Chromium: run 'sudo apt-get install chromium'." >&2; exit 1; fi

test-sqlite: $(TEST_STAMP) chromium
	$(BIN)/python -m pytest -n 2 -p xdist --dist loadgroup

test-postgres: $(TEST_STAMP) chromium
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL:laget=postgres)', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -n 2 -p xdist --dist loadgroup; \
	elif [ -n "$$CI" ] || [ -n "$$LAGET_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL at $(PG_URL) is required in CI but not reachable" >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(PG_URL): skipped the PostgreSQL run (CI runs it)."; \
	fi

## make messages: extract new strings into laget/locale/sv (needs GNU gettext) and compile the catalogue
messages: $(TEST_STAMP)
	cd laget && LAGET_DEBUG=true ../$(BIN)/laget makemessages -l sv --no-obsolete --ignore "*/tests/*" --ignore "browser_tests/*"
	$(BIN)/python -c "import polib; polib.pofile('laget/locale/sv/LC_MESSAGES/django.po').save_as_mofile('laget/locale/sv/LC_MESSAGES/django.mo')"

clean:
	rm -rf $(VENV) var
