# Doorstep: `make run` to try it, `make test` to test it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint check clean messages messages-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Set up, migrate, load the demo campaign and serve it with a worker.
run: $(STAMP)
	$(BIN)/doorstep demo

## The test suite (SQLite unless DATABASE_URL says otherwise).
test: $(STAMP)
	$(BIN)/pytest

## Lint, types, import contracts, and no missing migrations.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy doorstep
	$(BIN)/lint-imports
	$(BIN)/doorstep makemigrations --check --dry-run
	$(MAKE) messages-check

## Refresh the message catalogues (doorstep/locale) after changing user-facing text, and
## compile them (the .mo files are committed: an install needs no gettext tools).
messages: $(STAMP)
	cd doorstep && DOORSTEP_DATA_DIR=../var ../$(BIN)/doorstep makemessages --locale en --locale cy --add-location file --no-obsolete
	$(BIN)/python -m doorstep.core.catalogues doorstep/locale

## Fail if a translatable string is missing from the committed catalogues (or a .mo is stale).
messages-check: messages
	@git diff --quiet -I '^"POT-Creation-Date' -- doorstep/locale || \
	  (git diff --stat -- doorstep/locale; echo "doorstep/locale is out of date: run 'make messages' and commit it"; exit 1)

check: lint test

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
