# The two set-up commands of the README: `make serve` and `make test` (`make test-fast`: the
# unit tier alone, in seconds, while you work).
# Each creates the virtual environment in .venv and installs what it needs first.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

# apt-get needs root; use sudo where the user is not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve build check lint test test-fast chromium print-libs test-tools

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP) print-libs
	$(BIN)/mkdocs serve

build: $(STAMP) print-libs
	$(BIN)/mkdocs build --strict

# WeasyPrint (the printable cards) lays out text with Debian's Pango.
print-libs:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null)

# The print tests read QR codes back with zbar and turn PDF pages into images with poppler;
# the HTML test runs the Nu Html Checker (npm's vnu-jar) with Java.
VNU := $(VENV)/node/node_modules/vnu-jar/build/dist/vnu.jar
test-tools: $(VNU)
	@(command -v zbarimg && command -v pdftoppm) >/dev/null 2>&1 || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq zbar-tools poppler-utils >/dev/null)
	@command -v java >/dev/null 2>&1 || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null)

$(VNU): $(STAMP)
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node vnu-jar@24.10.17

check: $(STAMP)
	$(BIN)/outreach-cards check

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null)

# Ruff's rules are in pyproject.toml ([tool.ruff.lint]); the code is in ruff's format
# (`.venv/bin/ruff format hooks tests` puts it there).
lint: $(STAMP)
	$(BIN)/ruff check hooks tests
	$(BIN)/ruff format --check hooks tests

# The whole suite: lint first, then every tier (unit, build, browser; see tests/conftest.py).
# Three pytest-xdist workers on two cores: the browser tests and `mkdocs serve` wait on pages
# and rebuilds, and a third worker fills those waits (6.5 min against 7.5 with two).
# tests/conftest.py hands out the tests one at a time, the longest first; the fifteen slowest
# are listed at the end (where the suite's time goes).
test: $(STAMP) chromium print-libs test-tools lint
	$(BIN)/pytest -n 3 --durations=15

# The unit tier: the engine and the checker, no site build, no print step, no browser.
test-fast: $(STAMP)
	$(BIN)/pytest -m unit -q
