PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# Two installs, each with its own stamp: make run needs meet and the local database server only;
# make test and make lint add the test tools (pytest, playwright, ruff, import-linter, httpx).
RUNTIME := $(VENV)/.runtime-installed
INSTALLED := $(VENV)/.installed

.PHONY: run test lint bench screenshots clean

$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e '.[local]'
	touch $@

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e '.[local,test]'
	touch $@ $(RUNTIME)

# meet's settings go to ./.env (made once, git-ignored; var/*.secret of an older make run are kept),
# where .venv/bin/meet finds them too. Unless .env or the environment names another MongoDB,
# a local SecantusDB with its data under var/mongo runs alongside.
run: $(RUNTIME)
	$(BIN)/python -m scripts.dev_mongo run -- $(BIN)/meet serve

lint: $(INSTALLED)
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser tests drive Debian's chromium; install it when it is missing and we may.
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "make: $(CHROMIUM) is missing and only root can install it; the browser tests will fail"; fi

test: lint $(CHROMIUM)
	$(BIN)/pytest

# The browser tests, saving what each page looks like in both languages (with a Chinese font).
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
$(CJK_FONT):
	@if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; \
	else echo "make: no Chinese font; the Chinese screenshots will show boxes (apt-get install fonts-wqy-microhei)"; fi

screenshots: $(INSTALLED) $(CHROMIUM) $(CJK_FONT)
	MEET_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/browser

# Not part of make test: loads this machine for about a minute and a half (loopback only).
bench: $(INSTALLED)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || \
	  { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || { echo "bench: install wrk (Debian's package)"; exit 1; }
	$(BIN)/python -m bench.run

# The peers of `make bench-peers` (bench/peers/README.md), each in its own virtualenv: a lot to install,
# so only for that target (or `make bench-peers-envs`), never for make bench or make test.
PEER_ENVS := $(patsubst bench/peers/%/requirements.txt,$(VENV)/peers/%/.installed,$(wildcard bench/peers/*/requirements.txt))

$(VENV)/peers/%/.installed: bench/peers/%/requirements.txt
	$(PYTHON) -m venv $(VENV)/peers/$*
	$(VENV)/peers/$*/bin/python -m pip install --quiet --disable-pip-version-check -r $<
	touch $@

.PHONY: bench-peers-envs
bench-peers-envs: $(PEER_ENVS)

# The data goes; .env (the secrets and settings) stays.
clean:
	rm -rf $(VENV) var
