# One command each, on a fresh machine: `make site` and `make test`.
# Everything is installed into .venv from exact pins; system packages through scripts/system-deps.
# NO_PDF=1 builds the site without the PDF (and without the fonts it needs).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/pip --disable-pip-version-check -q
export NO_MKDOCS_2_WARNING := 1

.PHONY: help install fonts check schema site site-zensical example serve pdf render test test-fast bench publish clean lock

help:            ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	touch $@

install: $(STAMP) ## create .venv with the pinned packages

fonts:           ## install the PDF's fonts if they are missing (Debian packages)
	$(if $(NO_PDF),@true,scripts/system-deps site)

check: $(STAMP)  ## validate the records in content/
	$(PY) -m generator check

schema: $(STAMP) ## write the JSON Schemas to schema/
	$(PY) -m generator schema --out schema

site: check fonts ## validate, then build the site and the PDF into site/ (NO_PDF=1: no PDF)
	$(PY) -m generator site$(if $(NO_PDF), --no-pdf)

site-zensical: check fonts ## the same, built with Zensical instead of MkDocs (docs/engines.md)
	$(PY) -m generator site --engine zensical$(if $(NO_PDF), --no-pdf)

EXAMPLE := examples/north-korean-missiles

example: $(STAMP) fonts ## validate the example report in examples/north-korean-missiles, then build its site and PDF into site-example/ (NO_PDF=1: no PDF)
	$(PY) -m generator site --content $(EXAMPLE) --out site-example$(if $(NO_PDF), --no-pdf)

serve: $(STAMP)  ## preview with live reload on http://127.0.0.1:8000
	$(PY) -m generator serve

pdf: $(STAMP) fonts ## write the PDF of the report
	$(PY) -m generator pdf

render: $(STAMP) ## write the generated Markdown to build/md
	$(PY) -m generator render --out build/md

test: $(STAMP)   ## install what the tests need (system packages too) and run them all
	scripts/system-deps test
	$(BIN)/pytest

test-fast: $(STAMP) ## the suite without the browser and the slow tests: for the edit loop
	scripts/system-deps test
	$(BIN)/pytest -m "not browser and not slow"

bench: $(STAMP)  ## measure build cost at 1,000 and 10,000 claims
	$(PY) -m bench

publish: $(STAMP) fonts ## publish VERSION with mike to gh-pages and tag it (PUSH=1 to push)
	@test -n "$(VERSION)" || { echo "usage: make publish VERSION=2025.07 [PUSH=1]" >&2; exit 2; }
	$(PY) -m generator publish '$(VERSION)' $(if $(PUSH),--push)

lock:            ## re-pin requirements.lock from pyproject.toml
	rm -rf /tmp/claimsite-lock && $(PYTHON) -m venv /tmp/claimsite-lock
	/tmp/claimsite-lock/bin/pip install -q -e '.[test,zensical]'
	/tmp/claimsite-lock/bin/pip freeze --exclude-editable > requirements.lock

clean:           ## remove build output (not .venv)
	rm -rf build site site-example .pytest_cache
