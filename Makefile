# Two commands on a fresh machine with Python 3.11+:
#   make report   set up .venv, analyse seeds/ into reports/
#   make test     set up .venv with the test extras, run the tests
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# The first interpreter that is Python 3.11 or newer.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: report test venv clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3 --version)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

report: $(VENV)/.installed
	$(BIN)/discourse analyze seeds --out reports --jobs 1
	@echo "reports written to reports/ (open reports/index.html)"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
