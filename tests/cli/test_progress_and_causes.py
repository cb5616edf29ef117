"""Progress shows as a bar, as plain lines or not at all; a failed build says its cause."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.progress import LINES_PER_STAGE, Progress

CLI = str(Path(sys.executable).with_name("msp-insights"))


def _stage(progress: Progress, total: int = 96) -> None:
    progress.start("dbt", total)
    for n in range(total):
        progress.advance(f"marts.model_{n}")
    progress.note("a detail")
    progress.end("dbt")


@pytest.mark.unit
def test_plain_lines_are_few_and_say_n_of_n():
    stream = io.StringIO()
    _stage(Progress("lines", stream))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "dbt: started" and lines[-1].startswith("dbt: done in ")
    counted = [line for line in lines if " of 96 " in line]
    assert len(counted) <= LINES_PER_STAGE + 1 and counted[-1].startswith("dbt: 96 of 96 ")
    assert "  a detail" in lines


@pytest.mark.unit
def test_few_items_each_get_a_line():
    stream = io.StringIO()
    _stage(Progress("lines", stream), total=3)
    assert [line.split(" marts")[0] for line in stream.getvalue().splitlines()[1:4]] == [
        "dbt: 1 of 3", "dbt: 2 of 3", "dbt: 3 of 3",
    ]  # fmt: skip


@pytest.mark.unit
def test_quiet_prints_nothing():
    stream = io.StringIO()
    progress = Progress("quiet", stream)
    _stage(progress)
    progress.say("waiting for another build")
    assert stream.getvalue() == ""


@pytest.mark.unit
def test_a_bar_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress("auto", stream)
    assert progress.mode == "bar"
    _stage(progress)
    assert "96/96" in stream.getvalue() and "dbt" in stream.getvalue()
    assert Progress("auto", io.StringIO()).mode == "lines"  # not a terminal: plain lines


@pytest.mark.build
def test_a_build_locked_out_of_its_warehouse_says_why(tmp_path):
    """Another program holding the build file: the cause and what to do, not Dagster's wrapper."""
    from pipelines.generate import generate_portfolio

    landing = tmp_path / "landing"
    generate_portfolio(landing, clients=2, months=2, seed=3)
    data = tmp_path / "data"
    data.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         f"con = duckdb.connect({str(data / 'warehouse.duckdb')!r})\n"
         "print('open', flush=True); time.sleep(600)\n"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "open"
        env = {**os.environ, "MSP_DATA_DIR": str(data), "MSP_DBT_DOCS": "off"}
        env.pop("MSP_WAREHOUSE", None)
        done = subprocess.run([CLI, "build", "--landing", str(landing), "--quiet"], env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr and done.stderr == ""
    error = next(line for line in done.stdout.splitlines() if line.startswith("  error:"))
    assert "Could not set lock on file" in error and "another program has the build warehouse open" in error
    assert "DagsterExecutionStepExecutionError" not in done.stdout
    assert "Error occurred while executing" not in done.stdout
    assert "nothing published" in done.stdout  # no claim of a published copy that never existed
