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

.PHONY: setup demo test lint typecheck unit workflows bench schemas clean

setup: .venv/.synced

.venv/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet --break-system-packages uv
	$(UV) sync --frozen
	@touch $@

demo: setup
	$(RUN) election-bot demo --transcript demo-transcript

lint: setup
	$(RUN) ruff check bot tests
	$(RUN) ruff format --check bot tests

typecheck: setup
	$(RUN) mypy

workflows: setup
	$(RUN) zizmor --offline --persona auditor .github/workflows
	$(RUN) check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

unit: setup
	$(RUN) pytest

bench: setup
	$(RUN) election-bot bench --ci

schemas: setup
	$(RUN) election-bot schemas

# The whole suite: linters, types, workflow checks, the benchmark with CI bounds, then the tests (last,
# so that pytest's summary line closes the output).
test: setup lint typecheck workflows bench unit

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache demo-transcript
