PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint bench clean

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

# Not part of make test: loads this machine for about a minute and a half (loopback only).
bench: $(INSTALLED)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || \
	  { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || { echo "bench: install wrk (Debian's package)"; exit 1; }
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var
