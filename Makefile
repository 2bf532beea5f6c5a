# Everything starts from a fresh machine with only Python 3.11+ and pip.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The message catalogues: .po written by hand (committed), .mo compiled from them (never committed).
CATALOGS := $(wildcard cxnotes/locale/*/LC_MESSAGES/cxnotes.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run serve test browser-deps lint demo bench clean catalog po

# An editable install compiles no bytecode; compiling it once makes every launch faster.
# The install compiles the catalogues too (setup.py); `catalog` recompiles one whose .po changed.
$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m compileall -q cxnotes
	touch $(STAMP)

catalog: $(COMPILED)  ## compile the message catalogues (.po -> .mo) that changed since the install

$(COMPILED): %.mo: %.po $(STAMP)
	$(PY) -m cxnotes.i18n_catalog compile

po: $(STAMP)  ## refresh the .po files from the code (new strings added empty, stale ones dropped)
	$(PY) -m cxnotes.i18n_catalog update

run: $(STAMP) catalog  ## open the app on your default store
	$(VENV)/bin/cxnotes

serve: $(STAMP) catalog  ## serve the app to web browsers on this machine (cxnotes serve --help for more)
	$(VENV)/bin/cxnotes serve

test: $(STAMP) catalog browser-deps  ## run the whole test suite, on every core
	$(PY) -m pytest -q -n auto

# The browser tests drive Debian's chromium (Playwright's own browser download cannot work here)
# and need a font with Hangul. Installed with apt when missing and we are root; else say how.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/nanum ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum; \
	  else \
	    echo "The browser tests need: sudo apt-get install chromium fonts-nanum (skipped without)"; \
	  fi; \
	fi

demo: $(STAMP)  ## fill your default store with 2,000 demo pain points (refuses a store holding notes)
	$(VENV)/bin/cxnotes demo --pain-points 2000

bench: $(STAMP)  ## measure 1k/10k/100k stores against baselines; writes benchmarks/results.md
	$(PY) -m benchmarks.bench

lint: $(STAMP)  ## ruff check, ruff format --check, mypy
	$(VENV)/bin/ruff check cxnotes tests benchmarks
	$(VENV)/bin/ruff format --check cxnotes tests benchmarks
	$(PY) -m mypy cxnotes

clean:
	rm -rf $(VENV) .pytest_cache
