# The two commands: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := soctasking/web/static/govuk/govuk-frontend.min.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install assets lint typecheck check browser clean

demo: install
	$(BIN)/soctasking demo --host $(HOST) --port $(PORT)

test: install browser
	$(BIN)/pytest

install: $(STAMP) $(ASSETS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# GOV.UK Frontend's precompiled dist/ and htmx come from the npm registry at
# pinned versions; they are copied into the static folder and never committed.
$(ASSETS): package.json
	npm install --no-audit --no-fund --silent
	rm -rf soctasking/web/static/govuk soctasking/web/static/vendor
	mkdir -p soctasking/web/static/govuk soctasking/web/static/vendor
	cp -R node_modules/govuk-frontend/dist/govuk/assets soctasking/web/static/govuk/assets
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css soctasking/web/static/govuk/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js soctasking/web/static/govuk/
	cp node_modules/htmx.org/dist/htmx.min.js soctasking/web/static/vendor/
	cp node_modules/axe-core/axe.min.js soctasking/web/static/vendor/

# Browser tests drive Debian's Chromium; install it when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && apt-get install -y -qq chromium) >/dev/null || \
		(sudo apt-get update -qq && sudo apt-get install -y -qq chromium) >/dev/null; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy soctasking benchmarks

check: lint typecheck
	$(BIN)/soctasking makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules soctasking/web/static/govuk soctasking/web/static/vendor
