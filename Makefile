# Everything starts from a fresh machine with only Python 3.11+ and pip.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint demo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)  ## open the app on your default store
	$(VENV)/bin/cxnotes

test: $(STAMP)  ## run the whole test suite
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check cxnotes tests benchmarks
	$(VENV)/bin/ruff format --check cxnotes tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
