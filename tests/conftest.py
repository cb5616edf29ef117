"""Shared fixtures, and tests by cost.

`built_portfolio`: one small generated portfolio, built once per test session by the real job.
dbt's manifest is prepared once per session, before the code location is loaded.
Every test is marked unit, build or browser (README, "Tests"); the hooks below enforce it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.portfolio import BuiltPortfolio, build_portfolio

pytest_plugins = ("pytester",)  # tests/test_cost_markers.py runs pytest on made-up tests

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pytest_configure(config):
    """dbt's manifest, as `make manifest` prepares it, before any test loads the code location
    (once, in the controlling process: xdist's workers find it ready)."""
    if not hasattr(config, "workerinput"):
        from pipelines.dbt_manifest import ensure_manifest

        ensure_manifest()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def built_portfolio(tmp_path_factory) -> BuiltPortfolio:
    """8 clients x 4 months, seed 11: small, but every rule of docs/design.md section 5 occurs."""
    return build_portfolio(tmp_path_factory.mktemp("portfolio"), clients=8, months=4, seed=11)


# Tests by cost: every test carries exactly one of these markers (module `pytestmark`, or per
# class or test where a module mixes), so `make test-fast` (`-m unit`) stays fast and a new
# test cannot slip into it, or out of it, unnoticed.
COST_MARKERS = ("unit", "build", "browser")
# Fixtures that run a build (ingest + dbt, or the whole job) or drive chromium: a unit test may
# ask for neither, a build test not for chromium.
BUILD_FIXTURES = frozenset(
    {"built_portfolio", "generic_marts", "clear_portfolio", "flat_portfolio"}
)
BROWSER_FIXTURES = frozenset({"browser", "browser_context", "page", "with_chromium"})
TOO_HEAVY = {
    "unit": BUILD_FIXTURES | BROWSER_FIXTURES,
    "build": BROWSER_FIXTURES,
    "browser": frozenset(),
}
_COST_PROBLEM = pytest.StashKey[str]()


def _cost_problem(item: pytest.Item) -> str | None:
    costs = [name for name in COST_MARKERS if item.get_closest_marker(name)]
    if len(costs) != 1:
        return (
            f"{item.nodeid}: a test needs exactly one cost marker of {', '.join(COST_MARKERS)} "
            f"(found: {', '.join(costs) or 'none'}); see tests/conftest.py"
        )
    too_heavy = sorted(set(getattr(item, "fixturenames", ())) & TOO_HEAVY[costs[0]])
    if too_heavy:
        return (
            f"{item.nodeid}: marked {costs[0]} but uses {', '.join(too_heavy)}; "
            "mark it build (a build) or browser (chromium)"
        )
    return None


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects: an unmarked test fails in every run
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("e2e"):  # the older name of `build`
            item.add_marker(pytest.mark.build)
        problem = _cost_problem(item)
        if problem:
            item.stash[_COST_PROBLEM] = problem
            item.add_marker(pytest.mark.unit)  # so `make test-fast` reports it too


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    problem = item.stash.get(_COST_PROBLEM, None)
    if problem:
        pytest.fail(problem, pytrace=False)
