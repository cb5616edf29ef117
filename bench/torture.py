"""`make torture`: fault injection, fuzzing and concurrency, bounded in time, on 127.0.0.1 only.

    python bench/torture.py [--budget 300] [--clients 6] [--months 4] [--keep]

Repeats the campaign of issue 18 on a small generated portfolio and prints figures:
  1. kills: `msp-insights build --full` is SIGKILLed (its whole process group, dbt included, as a
     closed terminal or the OOM killer would) at several stages; after each kill the published
     copy must open whole with the numbers of the last good build, and the next build must pass;
  2. mutated landing folders (bytes flipped, lines cut, NULs, huge fields, bad encodings, columns
     renamed or dropped, rows repeated): for every file, rows read = loaded + quarantined;
  3. readers during builds: SQL queries on the published copy, each on a fresh read-only
     connection, must all succeed;
  4. the dashboard (a real `msp-insights dashboard` on 127.0.0.1) under load from a few threads
     during builds: requests, errors, p50 / p95 / max latency;
  5. a full disk (a small tmpfs, when this machine lets us mount one): the build fails with the
     cause in one line and the published copy stays.
It is a benchmark-style script that prints figures, not part of `make test`; each phase checks
the time left and is skipped (and said so) when the budget is spent.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.ingest import ingest_landing  # noqa: E402
from pipelines.readonly import connect_read_only  # noqa: E402

CLI = str(Path(sys.executable).with_name("msp-insights"))
# (the progress line that starts the stage to kill in, how long after it to kill)
KILL_POINTS = [
    ("ingest: started", 0.3),
    ("dbt: ", 0.0),  # the first "dbt: n of N" line: models are being written
    ("checks: started", 0.5),
    ("publish: started", 0.0),
    ("reports: started", 0.0),
]
MARTS = ("dim_clients", "fct_client_margin_monthly", "fct_client_health_weekly", "fct_tickets")


class Clock:
    def __init__(self, budget: float) -> None:
        self.started = time.monotonic()
        self.budget = budget

    @property
    def left(self) -> float:
        return self.budget - (time.monotonic() - self.started)


def env_for(data: Path) -> dict[str, str]:
    env = {**os.environ, "MSP_DATA_DIR": str(data), "MSP_DBT_DOCS": "off"}
    for name in ("MSP_WAREHOUSE", "MSP_LANDING_DIR", "MSP_SMTP_HOST"):
        env.pop(name, None)
    return env


def start_build(data: Path, landing: Path, *flags: str) -> subprocess.Popen:
    return subprocess.Popen(
        [CLI, "build", "--landing", str(landing), *flags], env=env_for(data),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip


def timed_build(data: Path, landing: Path) -> tuple[float, dict[str, float], int, str]:
    """A build whose progress lines are timed: how long it takes to reach each kill point."""
    started = time.monotonic()
    process = start_build(data, landing)
    reached: dict[str, float] = {}
    for line in process.stderr:
        for marker, _ in KILL_POINTS:
            if line.startswith(marker) and (marker != "dbt: " or " of " in line):
                reached.setdefault(marker, time.monotonic() - started)
    out = process.stdout.read()
    code = process.wait()
    return time.monotonic() - started, reached, code, out


def run_build(data: Path, landing: Path, *flags: str, timeout: float = 300) -> tuple[int, str, str]:
    process = start_build(data, landing, *flags)
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def published_figures(published: Path) -> dict[str, object]:
    """What a reader sees: row counts of some marts and the revenue total (or why it cannot)."""
    try:
        with connect_read_only(published) as con:
            figures = {m: con.execute(f"select count(*) from marts.{m}").fetchall()[0][0] for m in MARTS}
            figures["revenue"] = str(
                con.execute("select sum(revenue) from marts.fct_client_margin_monthly").fetchall()[0][0]
            )
            return figures
    except Exception as error:  # noqa: BLE001 - a damaged copy is the finding
        return {"error": str(error).splitlines()[0]}


# --- 1. kills ------------------------------------------------------------------------------

def kill_at(data: Path, landing: Path, marker: str, delay: float, timeout: float) -> str:
    """Start a full build, SIGKILL its process group once `marker` shows; return what happened."""
    process = start_build(data, landing, "--full")
    seen = threading.Event()

    def watch() -> None:
        for line in process.stderr:
            if line.startswith(marker) and (marker != "dbt: " or " of " in line):
                seen.set()
        seen.set()  # the build ended before the marker

    threading.Thread(target=watch, daemon=True).start()
    seen.wait(timeout)
    time.sleep(delay)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "killed"
    return f"ended before the kill (exit {process.returncode})"


# --- 2. mutated landing folders ------------------------------------------------------------

def _mutations(rng: random.Random):
    def flip_bytes(text: bytes) -> bytes:
        data = bytearray(text)
        for _ in range(20):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)

    def cut_lines(text: bytes) -> bytes:
        lines = text.split(b"\n")
        return b"\n".join(line[: rng.randrange(len(line) + 1)] if rng.random() < 0.2 else line
                          for line in lines)  # fmt: skip

    def nul_in_a_row(text: bytes) -> bytes:
        lines = text.split(b"\n")
        i = rng.randrange(1, max(len(lines) - 1, 2))
        lines[i] = lines[i][:3] + b"\0" + lines[i][3:]
        return b"\n".join(lines)

    def huge_field(text: bytes) -> bytes:
        lines = text.split(b"\n")
        i = rng.randrange(1, max(len(lines) - 1, 2))
        lines[i] = lines[i] + b"x" * (2 * 1024 * 1024)
        return b"\n".join(lines)

    def latin1_byte(text: bytes) -> bytes:
        lines = text.split(b"\n")
        i = rng.randrange(1, max(len(lines) - 1, 2))
        lines[i] = lines[i].replace(b",", b",\xfc", 1)
        return b"\n".join(lines)

    def rename_column(text: bytes) -> bytes:
        header, _, rest = text.partition(b"\n")
        columns = header.split(b",")
        columns[rng.randrange(len(columns))] += b"_renamed"
        return b",".join(columns) + b"\n" + rest

    def drop_column(text: bytes) -> bytes:
        lines = text.split(b"\n")
        return b"\n".join(b",".join(line.split(b",")[1:]) for line in lines)

    def repeat_rows(text: bytes) -> bytes:
        header, _, rest = text.partition(b"\n")
        return header + b"\n" + rest + rest

    def shout_header(text: bytes) -> bytes:
        header, _, rest = text.partition(b"\n")
        return b" " + header.upper().replace(b",", b" , ") + b"\n" + rest

    def crlf_and_quotes(text: bytes) -> bytes:
        return text.replace(b"\n", b"\r\n").replace(b",", b',"', 1)

    def empty(text: bytes) -> bytes:  # noqa: ARG001 - every mutation takes the text
        return b""

    def extreme_numbers(text: bytes) -> bytes:
        lines = text.split(b"\n")
        i = rng.randrange(1, max(len(lines) - 1, 2))
        cells = lines[i].split(b",")
        cells[-1] = rng.choice([b"1e308", b"NaN", b"-inf", b"9999999999999999.99"])
        lines[i] = b",".join(cells)
        return b"\n".join(lines)

    return [flip_bytes, cut_lines, nul_in_a_row, huge_field, latin1_byte, rename_column,
            drop_column, repeat_rows, shout_header, crlf_and_quotes, empty, extreme_numbers]  # fmt: skip


def mutate_and_ingest(landing: Path, work: Path, clock: Clock, reserve: float) -> dict:
    rng = random.Random(18)
    files = sorted((landing / "generic").glob("*.csv"))
    tried = held = rejected = files_seen = 0
    rejected_by: dict[str, int] = {}
    broken: list[str] = []
    crashed: list[str] = []
    for round_ in range(1, 1000):
        for mutation in _mutations(rng):
            if clock.left < reserve:
                return dict(folders=tried, files=files_seen, held=held, rejected=rejected,
                            rejected_by=rejected_by, broken=broken, crashed=crashed)  # fmt: skip
            folder = work / f"mutated-{round_}-{mutation.__name__}"
            shutil.copytree(landing, folder / "landing")
            victims = rng.sample(files, k=min(2, len(files)))
            for victim in victims:
                target = folder / "landing" / "generic" / victim.name
                target.write_bytes(mutation(target.read_bytes()))
            tried += 1
            warehouse = folder / "warehouse.duckdb"
            try:
                ingest_landing(folder / "landing", warehouse)
            except Exception as error:  # noqa: BLE001 - a crash of ingest is a finding
                crashed.append(f"{mutation.__name__}: {str(error).splitlines()[0][:200]}")
                continue
            with duckdb.connect(str(warehouse), read_only=True) as con:
                rows = con.execute(
                    "select file_path, status, rows_read, rows_loaded, rows_quarantined "
                    "from raw.ingested_files"
                ).fetchall()
            for path, status, read, loaded, quarantined in rows:
                files_seen += 1
                rejected += status == "rejected"
                if status == "rejected":
                    rejected_by[mutation.__name__] = rejected_by.get(mutation.__name__, 0) + 1
                if (read or 0) == (loaded or 0) + (quarantined or 0):
                    held += 1
                else:
                    broken.append(f"{mutation.__name__} {path}: read {read} != "
                                  f"{loaded} loaded + {quarantined} quarantined")  # fmt: skip
            shutil.rmtree(folder, ignore_errors=True)
    return dict(folders=tried, files=files_seen, held=held, rejected=rejected,
                rejected_by=rejected_by, broken=broken, crashed=crashed)  # fmt: skip


# --- 3 and 4. readers and the dashboard during builds --------------------------------------

class Readers:
    """SQL readers and dashboard clients that run while `active` is set."""

    def __init__(self, published: Path, dashboard_url: str | None, threads: int) -> None:
        self.published = published
        self.url = dashboard_url
        self.active = threading.Event()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.queries = 0
        self.query_errors: list[str] = []
        self.requests: list[float] = []
        self.request_errors: list[str] = []
        self.workers = [threading.Thread(target=self._sql, daemon=True)]
        if dashboard_url:
            self.workers += [threading.Thread(target=self._dashboard, args=(i,), daemon=True)
                             for i in range(threads)]  # fmt: skip
        for worker in self.workers:
            worker.start()

    def _sql(self) -> None:
        while not self.stop.is_set():
            if not self.active.wait(0.2):
                continue
            try:
                with connect_read_only(self.published) as con:
                    con.execute(
                        "select c.client_name, sum(m.gross_margin) from marts.fct_client_margin_monthly m "
                        "join marts.dim_clients c using (client_id) group by all order by 2 limit 5"
                    ).fetchall()
                with self.lock:
                    self.queries += 1
                time.sleep(0.05)  # an analyst's pace, many times over, not a busy loop
            except Exception as error:  # noqa: BLE001 - a failed read is the finding
                with self.lock:
                    self.query_errors.append(str(error).splitlines()[0][:200])

    def _dashboard(self, seed: int) -> None:
        rng = random.Random(seed)
        pages = ["/", "/clients", "/downtime", "/transitions", "/client"]
        while not self.stop.is_set():
            if not self.active.wait(0.2):
                continue
            page = rng.choice(pages)
            body = {
                "output": "page.children",
                "outputs": {"id": "page", "property": "children"},
                "inputs": [
                    {"id": "url", "property": "pathname", "value": page},
                    {"id": "url", "property": "search",
                     "value": "?client_id=C0001" if page == "/client" else ""},
                ],
                "changedPropIds": ["url.pathname"],
            }  # fmt: skip
            request = urllib.request.Request(
                f"{self.url}/_dash-update-component", data=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"},
            )  # fmt: skip
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                with self.lock:
                    self.requests.append(time.perf_counter() - started)
                time.sleep(0.1)  # people clicking, not a busy loop that starves the build
            except Exception as error:  # noqa: BLE001 - a failed request is the finding
                with self.lock:
                    self.request_errors.append(f"{page}: {str(error)[:200]}")

    def close(self) -> None:
        self.stop.set()
        self.active.set()
        for worker in self.workers:
            worker.join(timeout=40)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_dashboard(data: Path) -> tuple[subprocess.Popen, str] | None:
    port = free_port()
    process = subprocess.Popen(
        [CLI, "dashboard", "--host", "127.0.0.1", "--port", str(port)], env=env_for(data),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(url, timeout=2):
                return process, url
        except OSError:
            time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    return None


# --- 5. a full disk ------------------------------------------------------------------------

def full_disk(landing: Path, work: Path) -> str:
    mount = work / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0:
        return "not run: cannot mount a small tmpfs here"
    try:
        code, out, err = run_build(mount / "data", landing, "--quiet", timeout=240)
        # the summary's error line, or (when not even the summary could be written) stderr's
        cause = next((line.strip() for line in (out + err).splitlines() if "error:" in line), "")
        traceback = "Traceback" in out + err
        return (f"exit {code}; cause shown: {'space' in cause.lower()}; "
                f"traceback: {traceback}; says: {cause[:160]}")  # fmt: skip
    finally:
        subprocess.run(["umount", str(mount)], check=False)


# --- the campaign --------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=300, help="seconds for the whole campaign")
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--months", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4, help="dashboard client threads")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()

    from pipelines.generate import generate_portfolio

    clock = Clock(args.budget)
    work = Path(tempfile.mkdtemp(prefix="msp-torture-"))
    landing, data = work / "landing", work / "data"
    published = data / "published" / "warehouse.duckdb"
    generate_portfolio(landing, clients=args.clients, months=args.months, seed=18)
    figures: list[str] = []
    failures: list[str] = []
    print(f"torture: {args.clients} clients x {args.months} months in {work}, budget {args.budget:.0f} s",
          flush=True)  # fmt: skip

    baseline_seconds, marker_seconds, code, out = timed_build(data, landing)
    if code != 0:
        print(out)
        return 1
    baseline = published_figures(published)
    figures.append(f"baseline build: {baseline_seconds:.1f} s; published {baseline}")

    dashboard = start_dashboard(data)
    readers = Readers(published, dashboard[1] if dashboard else None, args.threads)
    if not dashboard:
        failures.append("the dashboard did not start")

    # 1. kills, with readers and the dashboard busy; the cheapest first, as the budget allows
    # (a kill costs the time the baseline took to reach its stage; the build after the kills
    # costs a whole build, as it must redo what the killed runs touched).
    kills: list[str] = []
    readers.active.set()
    for marker, delay in sorted(KILL_POINTS, key=lambda point: marker_seconds.get(point[0], 1e9)):
        cost = marker_seconds.get(marker, baseline_seconds) + delay
        if clock.left < (cost + baseline_seconds) * 1.15 + 10:
            kills.append(f"{marker.strip(': ')}: not run (time budget)")
            continue
        outcome = kill_at(data, landing, marker, delay, timeout=baseline_seconds * 2)
        after = published_figures(published)
        whole = after == baseline
        kills.append(f"{marker.strip(': ')} (after {cost:.0f} s): {outcome}; "
                     f"published copy whole and unchanged: {whole}")  # fmt: skip
        if not whole:
            failures.append(f"after a kill at {marker!r} the published copy reads {after}")
    started = time.perf_counter()
    code, out, err = run_build(data, landing, "--quiet")
    next_build = time.perf_counter() - started
    readers.active.clear()
    clean = code == 0 and published_figures(published) == baseline
    if not clean:
        failures.append(f"the build after the kills failed: {out[-1500:]}{err[-500:]}")
    figures.append("kills (SIGKILL of the build's process group):")
    figures += [f"  {line}" for line in kills]
    figures.append(f"  next build: {'clean, same numbers' if clean else 'FAILED'} ({next_build:.1f} s)")

    # 3 and 4. readers during the builds
    with readers.lock:
        queries, query_errors = readers.queries, list(readers.query_errors)
        latencies, request_errors = list(readers.requests), list(readers.request_errors)
    figures.append(f"SQL queries during builds: {queries} run, {len(query_errors)} failed")
    if query_errors:
        failures.append(f"queries failed during builds, e.g. {query_errors[0]}")
    if dashboard:
        figures.append(
            f"dashboard during builds ({args.threads} threads): {len(latencies)} requests, "
            f"{len(request_errors)} failed; p50 {percentile(latencies, 50) * 1000:.0f} ms, "
            f"p95 {percentile(latencies, 95) * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms"
        )
        if request_errors:
            failures.append(f"dashboard requests failed, e.g. {request_errors[0]}")
    readers.close()
    if dashboard:
        os.killpg(dashboard[0].pid, signal.SIGKILL)
        dashboard[0].wait()

    # 5. a full disk (it fails while writing, before dbt is done), then 2. mutations with what
    # time is left
    if clock.left > marker_seconds.get("checks: started", baseline_seconds) + 15:
        figures.append(f"full disk (4 MiB tmpfs): {full_disk(landing, work)}")
    else:
        figures.append("full disk: not run (time budget)")
    mutated = mutate_and_ingest(landing, work, clock, reserve=5)
    figures.append(
        f"mutated landing folders: {mutated['folders']} folders, {mutated['files']} files; "
        f"rows read = loaded + quarantined for {mutated['held']} of {mutated['files']} "
        f"({mutated['rejected']} files rejected whole); ingest crashed on {len(mutated['crashed'])}"
    )
    by_mutation = ", ".join(f"{name} {n}" for name, n in sorted(mutated["rejected_by"].items()))
    figures.append(f"  files rejected whole, by mutation: {by_mutation or 'none'}")
    failures += mutated["broken"][:5] + [f"ingest crashed: {c}" for c in mutated["crashed"][:5]]

    print("\n".join(figures))
    seconds = clock.budget - clock.left
    print(f"campaign: {seconds:.0f} s; {'all held' if not failures else f'{len(failures)} FAILED'}")
    for failure in failures:
        print(f"  FAILED: {failure}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
