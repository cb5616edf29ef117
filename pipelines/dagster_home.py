"""One persistent Dagster instance per data folder: $MSP_DATA_DIR/dagster.

CLI builds, schedule ticks and runs started in the UI (`make dev`) all record into it, so the
UI shows every run, each asset's last materialization and its check results, and a
schedule switched on or off stays so across restarts. `python -m pipelines.dagster_home`
prepares it and prints its path (the Makefile's `dev` target uses that).
"""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg

from pipelines.settings import Settings, load_settings

# Local storage (SQLite) under DAGSTER_HOME is Dagster's default; the telemetry is off as the
# project sends nothing anywhere. Runs launched from the UI run in a process of their own.
_DAGSTER_YAML = """\
# Written by pipelines/dagster_home.py; edit freely, it is not overwritten.
telemetry:
  enabled: false
"""


def prepare(settings: Settings) -> Path:
    """Create DAGSTER_HOME with its dagster.yaml, once; return its path."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(_DAGSTER_YAML)
    return home


def instance(settings: Settings) -> dg.DagsterInstance:
    """The data folder's instance (close it after use: it holds SQLite connections)."""
    return dg.DagsterInstance.from_config(str(prepare(settings)))


if __name__ == "__main__":
    sys.stdout.write(f"{prepare(load_settings())}\n")
