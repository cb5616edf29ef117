"""A pull killed half-way leaves no partial landing file; the next pull lands every record
exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from pipelines.pull.run import pull

pytestmark = pytest.mark.build

PULL_ONE = """
import sys
from pathlib import Path
from pipelines.pull.run import pull
pull(["connectwise"], data_dir=Path(sys.argv[1]), landing_dir=Path(sys.argv[1]) / "landing", page_size=2)
"""


def test_killed_pull_leaves_nothing_half_written_and_resumes(vendor_server, data_dir):
    server = vendor_server("connectwise")
    server.stall = lambda seen: "service/tickets" in seen.path and seen.query.get("page") == "2"
    child = subprocess.Popen([sys.executable, "-c", PULL_ONE, str(data_dir)], env=dict(os.environ))
    deadline = time.monotonic() + 60
    while not any(s.query.get("page") == "2" for s in server.requests_to("service/tickets")):
        assert time.monotonic() < deadline and child.poll() is None
        time.sleep(0.1)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    landing = data_dir / "landing" / "connectwise"
    for path in landing.glob("*"):  # whatever is there is whole JSON, never a part file
        assert path.suffix == ".json"
        json.loads(path.read_text())

    server.stall = None
    run = pull(["connectwise"], data_dir=data_dir, landing_dir=data_dir / "landing", page_size=2)
    assert run.ok, run.summary()
    tickets = [r for p in landing.glob("tickets_pull_*.json") for r in json.loads(p.read_text())]
    assert Counter(r["id"] for r in tickets) == Counter(r["id"] for r in server.records["tickets"])
