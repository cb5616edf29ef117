"""`msp-insights pull` through the real console script: the summary, a bad --source, nothing
configured, and the progress lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

SCRIPT = str(Path(sys.executable).with_name("msp-insights"))


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MSP_DATA_DIR": str(data_dir)}
    return subprocess.run([SCRIPT, *args], env=env, capture_output=True, text=True, timeout=300)


def test_pull_lands_files_and_prints_rows(vendor_server, data_dir):
    vendor_server("connectwise")
    done = _run("pull", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "connectwise: " in done.stdout and "tickets 5" in done.stdout
    assert "pull connectwise: started" in done.stderr  # progress lines when not on a terminal
    assert list((data_dir / "landing" / "connectwise").glob("tickets_pull_*.json"))
    assert "Traceback" not in done.stderr


def test_bad_sources_are_one_line_and_exit_2(clean_env, data_dir):
    unknown = _run("pull", "--source", "kaseya", data_dir=data_dir)
    assert unknown.returncode == 2 and "not a source" in unknown.stderr
    nothing = _run("pull", data_dir=data_dir)
    assert nothing.returncode == 2 and "no source is configured" in nothing.stderr
    missing = _run("pull", "--source", "zabbix", data_dir=data_dir)
    assert missing.returncode == 2 and "MSP_ZABBIX_TOKEN" in missing.stderr
    for done in (unknown, nothing, missing):
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_a_refused_pull_exits_1_naming_the_variables(vendor_server, data_dir):
    vendor_server("autotask", MSP_AUTOTASK_SECRET="not-the-secret")
    done = _run("pull", "--quiet", data_dir=data_dir)
    assert done.returncode == 1
    assert "MSP_AUTOTASK_SECRET" in done.stdout and "not-the-secret" not in done.stdout + done.stderr


def test_build_pull_pulls_before_the_build_reads_the_landing(vendor_server, data_dir):
    """`build --pull` lands the pulled files first; the build then reads that landing (here it
    stops at once on a warehouse that is a folder, so no dbt run is needed to see the order)."""
    vendor_server("halopsa")
    warehouse = data_dir / "not-a-file"
    warehouse.mkdir(parents=True)
    done = _run("build", "--pull", "--warehouse", str(warehouse), data_dir=data_dir)
    assert "halopsa: " in done.stdout and "tickets 5" in done.stdout, done.stdout
    assert list((data_dir / "landing" / "halopsa").glob("tickets_pull_*.json"))
    assert done.returncode == 2 and "is a folder, not a DuckDB file" in done.stderr
