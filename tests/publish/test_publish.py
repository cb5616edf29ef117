"""Publishing the readers' copy: same numbers, read-only, atomic under SIGKILL, never blocking."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.publish import TEMP_SUFFIX, publish_warehouse
from tests.publish.helpers import add_padding, total_revenue

pytestmark = pytest.mark.build

# Runs publish in a child process that the test kills; PAUSE_BEFORE_REPLACE stops it with the
# copy staged and fsynced, at the last moment before os.replace.
PUBLISH_CHILD = textwrap.dedent(
    """
    import os, sys, time
    import pipelines.publish as publish

    if os.environ.get("PAUSE_BEFORE_REPLACE"):
        check = publish._count_tables
        def staged_then_pause(path):
            tables = check(path)
            print("STAGED", flush=True)
            time.sleep(60)
            return tables
        publish._count_tables = staged_then_pause
    print("STARTED", flush=True)
    publish.publish_warehouse(sys.argv[1], sys.argv[2])
    print("DONE", flush=True)
    """
)


def _start_publish(
    build: Path, published: Path, pause_before_replace: bool = False
) -> subprocess.Popen:
    env = {**os.environ, "PAUSE_BEFORE_REPLACE": "1" if pause_before_replace else ""}
    child = subprocess.Popen(
        [sys.executable, "-c", PUBLISH_CHILD, str(build), str(published)],
        stdout=subprocess.PIPE, text=True, env=env, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert child.stdout.readline().strip() == "STARTED"
    return child


def _kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)


@pytest.fixture(scope="module")
def bigger_changed_build(sample_build, tmp_path_factory) -> Path:
    """The sample with one more of revenue per client-month and 120 MB of raw rows."""
    build = tmp_path_factory.mktemp("bigger") / "warehouse.duckdb"
    shutil.copyfile(sample_build, build)
    with duckdb.connect(str(build)) as con:
        con.execute("update marts.fct_client_margin_monthly set revenue = revenue + 1")
    add_padding(build, megabytes=120)
    return build


@pytest.fixture
def old_and_new(sample_build, bigger_changed_build, tmp_path):
    """Published copy of the sample (old) and the bigger, changed build (new) to publish over it."""
    published = tmp_path / "published" / "warehouse.duckdb"
    publish_warehouse(sample_build, published)
    build = tmp_path / "build" / "warehouse.duckdb"
    build.parent.mkdir()
    shutil.copyfile(bigger_changed_build, build)
    return published, build, total_revenue(published), total_revenue(build)


def test_published_copy_has_the_build_numbers_and_is_read_only(sample_build, tmp_path):
    published = tmp_path / "published" / "warehouse.duckdb"
    result = publish_warehouse(sample_build, published)

    assert result.path == published and result.size_bytes == published.stat().st_size
    assert result.tables == 8  # the eight marts of the sample
    assert total_revenue(published) == total_revenue(sample_build)
    with duckdb.connect(str(published), read_only=True) as con:
        # Harbour Dental's hand-set month: revenue 2000.00, cost 2500.00.
        assert con.execute(
            "select revenue, total_cost, gross_margin from marts.fct_client_margin_monthly "
            "where client_id = ? and month = ?",
            ["C0001", "2024-03-01"],
        ).fetchall() == [(2000, 2500, -500)]
        with pytest.raises(duckdb.InvalidInputException, match="read-only"):
            con.execute("delete from marts.dim_clients")
    assert oct(published.stat().st_mode & 0o777) == "0o444"


def test_kill_during_copy_leaves_old_copy_and_next_publish_completes(old_and_new):
    published, build, old_revenue, new_revenue = old_and_new
    child = _start_publish(build, published)
    staged_pattern = f".{published.name}.{child.pid}{TEMP_SUFFIX}"
    deadline = time.monotonic() + 30
    while not (published.parent / staged_pattern).exists():
        assert time.monotonic() < deadline and child.poll() is None, "publish never started copying"
        time.sleep(0.001)
    _kill(child)
    assert (published.parent / staged_pattern).exists(), (
        "killed before the staged copy was replaced"
    )
    assert total_revenue(published) == old_revenue

    publish_warehouse(build, published)
    assert total_revenue(published) == new_revenue
    assert not list(published.parent.glob(f"*{TEMP_SUFFIX}")), "leftover temp file not cleaned"


def test_kill_just_before_replace_leaves_old_copy(old_and_new):
    published, build, old_revenue, new_revenue = old_and_new
    child = _start_publish(build, published, pause_before_replace=True)
    assert child.stdout.readline().strip() == "STAGED"
    _kill(child)
    assert total_revenue(published) == old_revenue

    publish_warehouse(build, published)
    assert total_revenue(published) == new_revenue


@pytest.mark.parametrize("delay", [0.02, 0.1, 0.3])
def test_kill_at_any_moment_leaves_a_whole_copy(old_and_new, delay):
    published, build, old_revenue, new_revenue = old_and_new
    child = _start_publish(build, published)
    time.sleep(delay)
    _kill(child)
    # Old or new, never a half-written file: it opens and answers.
    assert total_revenue(published) in (old_revenue, new_revenue)
    publish_warehouse(build, published)
    assert total_revenue(published) == new_revenue


HOLD_FOR_WRITING = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("create table if not exists marts.build_in_progress as select 1 as step")
    print("HOLDING", flush=True)
    time.sleep(60)
    """
)


def test_readers_of_the_published_copy_ignore_a_writer_holding_the_build(
    sample_build, sample_published, tmp_path
):
    build = tmp_path / "warehouse.duckdb"
    shutil.copyfile(sample_build, build)
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_FOR_WRITING, str(build)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "HOLDING"
        started = time.perf_counter()
        assert total_revenue(sample_published) == total_revenue(sample_build)
        assert time.perf_counter() - started < 2
        # And the build file really is locked: that is why readers use the copy.
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(build), read_only=True)
    finally:
        _kill(writer)


READ_IN_A_LOOP = textwrap.dedent(
    """
    import json, sys, time, duckdb
    seen, errors, announced = set(), 0, False
    end = time.monotonic() + float(sys.argv[2])
    while time.monotonic() < end:
        try:
            with duckdb.connect(sys.argv[1], read_only=True) as con:
                seen.add(float(con.execute("select sum(revenue) from marts.fct_client_margin_monthly").fetchall()[0][0]))
            if not announced:
                print("READING", flush=True)
                announced = True
        except Exception as error:
            errors += 1
            print("ERROR", error, flush=True)
    print("SEEN", json.dumps(sorted(seen)), "ERRORS", errors, flush=True)
    """
)


def test_publish_swaps_under_readers_and_readers_never_block_it(sample_build, tmp_path):
    published = tmp_path / "published" / "warehouse.duckdb"
    publish_warehouse(sample_build, published)
    build = tmp_path / "warehouse.duckdb"
    shutil.copyfile(sample_build, build)
    revenues = {total_revenue(sample_build)}

    reader = subprocess.Popen(
        [sys.executable, "-c", READ_IN_A_LOOP, str(published), "6"],
        stdout=subprocess.PIPE,
        text=True,
    )
    # A reader that holds a connection open the whole time must not block the publish either.
    holder = duckdb.connect(str(published), read_only=True)
    try:
        assert reader.stdout.readline().strip() == "READING"
        for _ in range(5):
            with duckdb.connect(str(build)) as con:
                con.execute("update marts.fct_client_margin_monthly set revenue = revenue + 1")
            publish_warehouse(build, published)
            revenues.add(total_revenue(build))
            time.sleep(0.1)
        # The held connection still reads the copy it opened, whole.
        assert holder.execute("select count(*) from marts.dim_clients").fetchall() == [(12,)]
    finally:
        holder.close()
    output, _ = reader.communicate(timeout=30)
    assert "ERRORS 0" in output, output
    seen = json.loads(output.split("SEEN", 1)[1].split("ERRORS")[0])
    assert len(seen) >= 2 and set(seen) <= revenues, (seen, revenues)
