"""Two small generated portfolios with known answers, built once for the package (ingest + dbt).

`clear`: the generator's support models as they are: managed clients suffer far less downtime
per device. `flat`: the same portfolio with outages as frequent and as long under every model
(generate_portfolio's `same_downtime_for_all_models`), so no model reduces downtime.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.generate import generate_portfolio
from tests.fastbuild import build_marts

CLIENTS, MONTHS, SEED = 24, 6, 5


@dataclass
class Marts:
    warehouse: Path
    truth: dict


def _build(root: Path, same_downtime: bool) -> Marts:
    landing = root / "landing"
    generate_portfolio(
        landing,
        clients=CLIENTS,
        months=MONTHS,
        seed=SEED,
        same_downtime_for_all_models=same_downtime,
    )
    return Marts(build_marts(landing, root), json.loads((landing / "_truth.json").read_text()))


@pytest.fixture(scope="package")
def clear_portfolio(tmp_path_factory) -> Marts:
    return _build(tmp_path_factory.mktemp("model-pays-clear"), same_downtime=False)


@pytest.fixture(scope="package")
def flat_portfolio(tmp_path_factory) -> Marts:
    return _build(tmp_path_factory.mktemp("model-pays-flat"), same_downtime=True)
