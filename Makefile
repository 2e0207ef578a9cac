PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# Two installs, each with its own stamp: make run needs meet and the local database server only;
# make test and make lint add the test tools (pytest, playwright, ruff, import-linter, httpx).
RUNTIME := $(VENV)/.runtime-installed
INSTALLED := $(VENV)/.installed

.PHONY: run test lint bench bench-peers bench-changes screenshots clean

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

# Schemathesis (tests/api/test_schemathesis.py runs it as a command) has an environment of its own: in meet's,
# its PyYAML and Werkzeug would be imported by dependency-injector at every start, 2.7 MB more of each process.
SCHEMATHESIS := $(VENV)/schemathesis/.installed
$(SCHEMATHESIS): tests/api/schemathesis.txt
	$(PYTHON) -m venv $(VENV)/schemathesis
	$(VENV)/schemathesis/bin/python -m pip install --quiet --disable-pip-version-check -r tests/api/schemathesis.txt
	touch $@

test: lint $(CHROMIUM) $(SCHEMATHESIS)
	$(BIN)/pytest

# The browser tests, saving what each page looks like in both languages (with a Chinese font).
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
$(CJK_FONT):
	@if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null; \
	else echo "make: no Chinese font; the Chinese screenshots will show boxes (apt-get install fonts-wqy-microhei)"; fi

screenshots: $(INSTALLED) $(CHROMIUM) $(CJK_FONT)
	MEET_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/browser

# The harness adds matplotlib (the plot in docs/) to the test tools.
BENCH_INSTALLED := $(VENV)/.bench-installed
$(BENCH_INSTALLED): pyproject.toml $(INSTALLED)
	$(PIP) -e '.[local,test,bench]'
	touch $@

WRK := /usr/bin/wrk
$(WRK):
	@if [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }; \
	else echo "make: $(WRK) is missing and only root can install it (apt-get install wrk)"; exit 1; fi

# Not part of make test: loads this machine for about eight minutes (BENCH_SECONDS=8 a load; loopback only).
# Exits non-zero when a target of docs/performance.md is short.
bench: $(BENCH_INSTALLED) $(WRK) $(VENV)/peers/fastapi/.installed
	$(BIN)/python -m bench.run

# The peers of `make bench-peers` (bench/peers/README.md), each in its own virtualenv: a lot to install,
# so only for that target (or `make bench-peers-envs`); make bench builds the FastAPI one only, never make test.
PEER_ENVS := $(patsubst bench/peers/%/requirements.txt,$(VENV)/peers/%/.installed,$(wildcard bench/peers/*/requirements.txt))

$(VENV)/peers/%/.installed: bench/peers/%/requirements.txt
	$(PYTHON) -m venv $(VENV)/peers/$*
	$(VENV)/peers/$*/bin/python -m pip install --quiet --disable-pip-version-check -r $<
	touch $@

.PHONY: bench-peers-envs
bench-peers-envs: $(PEER_ENVS)

# meet beside every peer of bench/peers, each in its own environment: about twenty minutes (and installs a lot once).
bench-peers: $(BENCH_INSTALLED) $(WRK) $(PEER_ENVS)
	$(BIN)/python -m bench.peers_run

# What each change of issue 11 bought, every revision of bench/changes.py served in turn in one run, with
# callgrind's instructions a page beside the rates: about twenty minutes.
VALGRIND := /usr/bin/valgrind
$(VALGRIND):
	@if [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }; \
	else echo "make: $(VALGRIND) is missing and only root can install it (apt-get install valgrind)"; exit 1; fi

bench-changes: $(BENCH_INSTALLED) $(WRK) $(VALGRIND)
	$(BIN)/python -m bench.changes

# The data goes; .env (the secrets and settings) stays.
clean:
	rm -rf $(VENV) var
