"""Builds as separate processes: one at a time per warehouse, progress shown, nothing written
into the code tree, and what killed runs leave behind tidied at the next start."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipelines.build_lock import BuildLocked, lock_path, one_build_at_a_time
from pipelines.housekeeping import KEEP_DBT_RUNS
from pipelines.settings import DBT_PROJECT_DIR, load_settings

CLI = str(Path(sys.executable).with_name("msp-insights"))


def _env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "MSP_DATA_DIR": str(data_dir), "MSP_DBT_DOCS": "off"}
    for name in ("MSP_WAREHOUSE", "MSP_LANDING_DIR"):
        env.pop(name, None)
    return env


class Build:
    """`msp-insights build` in its own process; its stderr lines kept with the time each came."""

    def __init__(self, data_dir: Path, landing: Path, *flags: str) -> None:
        self.process = subprocess.Popen(
            [CLI, "build", "--landing", str(landing), *flags], env=_env(data_dir),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def wait(self, timeout: float = 300) -> int:
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return code

    def first(self, prefix: str) -> float:
        return next(t for t, line in self.lines if line.startswith(prefix))

    @property
    def stderr(self) -> str:
        return "\n".join(line for _, line in self.lines)


def _code_tree() -> dict[str, tuple[int, int]]:
    return {
        str(path.relative_to(DBT_PROJECT_DIR)): (path.stat().st_mtime_ns, path.stat().st_size)
        for path in DBT_PROJECT_DIR.rglob("*")
    }


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    from pipelines.generate import generate_portfolio

    folder = tmp_path_factory.mktemp("two-builds") / "landing"
    generate_portfolio(folder, clients=6, months=4, seed=5)
    return folder


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """One data folder for the module: the second test's build has nothing new (cheap)."""
    return tmp_path_factory.mktemp("two-builds-data") / "data"


@pytest.mark.build
def test_two_builds_never_interleave_and_show_their_progress(landing, data):
    from pipelines.dbt_manifest import ensure_manifest

    ensure_manifest()  # the code location's manifest is prepared with the code, not by builds
    code_before = _code_tree()
    warehouse = load_settings(data_dir=data).warehouse

    first = Build(data, landing)
    deadline = time.monotonic() + 120
    while not (lock_path(warehouse).exists() and lock_path(warehouse).read_text()):
        assert time.monotonic() < deadline and first.process.poll() is None, first.stderr
        time.sleep(0.1)

    refused = subprocess.run([CLI, "build", "--landing", str(landing), "--no-wait"],
                             env=_env(data), capture_output=True, text=True, timeout=60)  # fmt: skip
    assert refused.returncode == 75, refused.stderr
    assert refused.stderr.strip().splitlines() == [
        f"msp-insights build: another build (pid {first.process.pid}, started "
        + refused.stderr.split("started ", 1)[1].split(")")[0]
        + f") is running on {warehouse}"
    ]
    assert "Traceback" not in refused.stderr and refused.stdout == ""

    second = Build(data, landing)
    assert first.wait() == 0, first.stderr
    assert second.wait() == 0, second.stderr
    waiting = second.lines[0][1]
    assert f"another build (pid {first.process.pid}" in waiting and "waiting" in waiting
    # The second build started its stages only after the first had finished its last one
    # (the lock is let go before the first process prints its summary and exits).
    assert second.first("ingest: started") > first.first("reports: done")
    assert second.first("ingest: started") > first.first("dbt: done")

    # Progress, as plain lines (stderr is not a terminal): every stage, files with rows, n of N.
    text = first.stderr
    for stage in ("ingest", "dbt", "checks", "publish", "reports"):
        assert f"{stage}: started" in text and f"{stage}: done in " in text, stage
    assert "  generic/clients.csv: loaded, 6 rows" in text
    # the last model and the last suite: n of N with n = N (N from the build's plan)
    for stage in ("dbt", "checks"):
        counts = re.findall(rf"^{stage}: (\d+) of (\d+) ", text, flags=re.M)
        assert counts and counts[-1][0] == counts[-1][1] and int(counts[-1][1]) > 5, (stage, counts)
    assert first.process.stdout.read().startswith("Build succeeded")

    # dbt's artifacts and logs are under the data folder; nothing in the code tree changed.
    runs = [p for p in (data / "dbt" / "target").iterdir() if p.is_dir()]
    assert 1 <= len(runs) <= KEEP_DBT_RUNS and all((p / "dbt.log").exists() for p in runs)
    assert _code_tree() == code_before


@pytest.mark.build
def test_leftovers_of_killed_runs_are_removed_and_old_dbt_runs_pruned(landing, data):
    settings = load_settings(data_dir=data)
    leftovers = [
        data / ".dbt-docs-k1ll3d" / "target" / "manifest.json",
        settings.published_dir / f".warehouse.duckdb.{os.getpid()}.publishing",
        settings.reports_dir / "2026-W01" / "client-C0001.html.tmp",
    ]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("left by a killed run")
    old_runs = []
    for n in range(KEEP_DBT_RUNS + 3):
        run = settings.dbt_target_dir / f"build-old{n}"
        run.mkdir(parents=True, exist_ok=True)
        os.utime(run, (1_000_000 + n, 1_000_000 + n))
        old_runs.append(run)

    done = subprocess.run([CLI, "build", "--landing", str(landing), "--quiet"], env=_env(data),
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == "" and done.stdout.startswith("Build succeeded")  # --quiet: summary only
    assert not any(path.exists() for path in leftovers)
    assert not (data / ".dbt-docs-k1ll3d").exists()
    kept = {p.name for p in settings.dbt_target_dir.iterdir() if p.is_dir()}
    # the newest folders stay (the earlier builds' real runs are newer than the planted ones);
    # the pruning runs before this build's own dbt run, if it has one, adds its folder
    assert KEEP_DBT_RUNS <= len(kept) <= KEEP_DBT_RUNS + 1
    assert not {p.name for p in old_runs[:3]} & kept


@pytest.mark.unit
def test_the_lock_dies_with_a_killed_build(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from pathlib import Path\n"
         "from pipelines.build_lock import one_build_at_a_time\n"
         f"with one_build_at_a_time(Path({str(warehouse)!r})):\n"
         "    print('held', flush=True); time.sleep(600)\n"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildLocked, match=rf"another build \(pid {holder.pid}, started 20"):
            with one_build_at_a_time(warehouse, wait=False):
                pass
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    with one_build_at_a_time(warehouse, wait=False):  # released by the kernel, not by cleanup
        assert lock_path(warehouse).read_text().startswith(f"pid {os.getpid()}, started ")
    assert lock_path(warehouse).read_text() == ""  # a finished build is named nowhere
