"""The asset graph as a snapshot: an asset or check that appears or disappears fails this test
until `tests/orchestration/asset_graph.txt` is updated on purpose (run this file with
MSP_UPDATE_ASSET_GRAPH=1 and review the diff)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

SNAPSHOT = Path(__file__).with_name("asset_graph.txt")


def current_graph() -> list[str]:
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    lines = [f"asset {key.to_user_string()}" for key in graph.get_all_asset_keys()]
    lines += [
        f"check {check.asset_key.to_user_string()}:{check.name}"
        for check in graph.asset_check_keys
    ]
    lines += [f"job {job.name}" for job in defs.resolve_all_job_defs() if not job.name.startswith("__")]
    lines += [f"schedule {s.name}" for s in defs.schedules or []]
    return sorted(lines)


def test_asset_graph_matches_the_snapshot():
    lines = current_graph()
    if os.environ.get("MSP_UPDATE_ASSET_GRAPH"):
        SNAPSHOT.write_text("\n".join(lines) + "\n")
    expected = SNAPSHOT.read_text().splitlines()
    added = sorted(set(lines) - set(expected))
    removed = sorted(set(expected) - set(lines))
    assert not added and not removed, (
        f"asset graph changed: added {added}, removed {removed}; if intended, update "
        f"{SNAPSHOT.name} (MSP_UPDATE_ASSET_GRAPH=1)"
    )
