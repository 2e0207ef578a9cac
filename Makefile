PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# Secrets made once and kept under var/, so sessions and passwords survive a restart.
var/%.secret:
	mkdir -p var
	umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(48))' > $@

# Unless MEET_MONGODB_URI is set, a local SecantusDB with its data under var/mongo runs alongside.
run: $(INSTALLED) var/cookie.secret var/pepper.secret
	MEET_COOKIE_SECRET="$${MEET_COOKIE_SECRET:-$$(cat var/cookie.secret)}" \
	MEET_PEPPER="$${MEET_PEPPER:-$$(cat var/pepper.secret)}" \
	$(BIN)/python -m scripts.dev_mongo run -- $(BIN)/meet serve

lint: $(INSTALLED)
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) var
