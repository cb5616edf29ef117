# The front door. `make demo` and `make test` work on a fresh machine with Python 3.11.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
DATA ?= data
CLIENTS ?= 20
MONTHS ?= 12
SEED ?= 7
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: setup manifest demo test test-fast lint validate bench torture browser dev notebooks clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

# dbt's manifest is part of the code (the Dagster code location reads it at import): prepared
# here, in the code tree (`msp-insights build` prepares it too when the dbt project changed;
# `dagster dev` through dagster-dbt's prepare_if_dev). Builds keep their artifacts under $(DATA)/dbt.
manifest: setup
	$(PY) -c "from pipelines.dbt_manifest import ensure_manifest; ensure_manifest()"

# Generate a portfolio, build the warehouse, write the reports, print where to look.
demo: setup
	$(VENV)/bin/msp-insights generate --out $(DATA)/landing --clients $(CLIENTS) --months $(MONTHS) --seed $(SEED)
	MSP_DATA_DIR=$(DATA) $(VENV)/bin/msp-insights build

# Debian's chromium for the browser tests (no browser downloads on this network).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null; }

# dbt's manifest is parsed once up front; then two workers (this machine has two cores),
# each test file kept on one worker so module fixtures are built once.
test: setup browser manifest
	$(VENV)/bin/pytest -q -p no:cacheprovider -n 2 --dist loadfile

# The unit tests only (marker `unit`, tests/conftest.py): no dbt, no Dagster run, no browser.
test-fast: setup manifest
	$(VENV)/bin/pytest -q -p no:cacheprovider -n 2 --dist loadfile -m unit

lint: setup
	$(VENV)/bin/ruff check pipelines tests bench
	$(VENV)/bin/sqlfluff lint dbt_project/models dbt_project/macros dbt_project/tests --processes 2

validate: setup manifest
	$(VENV)/bin/dagster definitions validate -w workspace.yaml

bench: setup
	$(PY) bench/run_bench.py

# Fault injection, fuzzing and concurrency on 127.0.0.1, bounded to about 5 minutes; prints figures.
torture: manifest
	$(PY) bench/torture.py

# One Dagster instance per data folder ($(DATA)/dagster): the UI shows the CLI's builds too,
# and a schedule switched on or off stays so across restarts.
dev: setup
	DAGSTER_HOME=$$(MSP_DATA_DIR=$(DATA) $(PY) -m pipelines.dagster_home) MSP_DATA_DIR=$(DATA) \
		$(VENV)/bin/dagster dev -w workspace.yaml

# JupyterLab on the analysts' notebooks (the `notebooks` extra, installed here, not by setup).
notebooks: setup
	$(UV) pip install --quiet --compile-bytecode --python $(PY) -e '.[dev,notebooks]'
	$(VENV)/bin/jupyter lab notebooks

clean:
	rm -rf $(DATA) dbt_project/target dbt_project/logs test-artifacts
