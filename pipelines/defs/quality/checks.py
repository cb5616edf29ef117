"""Blocking asset checks, one per table guarded by a suite in the expectations folder.

The set of checks is fixed when the code location loads (from MSP_EXPECTATIONS_DIR or the
repo's expectations/); each run reads its suite again, so an edited suite needs no reload.
A check opens one short warehouse connection: read, validate, append to quality.check_results.
"""

from dataclasses import replace

import dagster as dg

from pipelines.defs.quality.verdict import check_result
from pipelines.quality import (
    GuardedTable,
    check_table,
    find_guarded_table,
    load_guarded_tables,
    load_quality_config,
    record_outcomes,
)
from pipelines.quality.config import expectations_dir
from pipelines.quality.sql_checks import tables_read
from pipelines.resources import MspSettings

CHECK_NAME = "quality_suite"


def _current_suite(guarded: GuardedTable) -> GuardedTable:
    """The table's suite as it is now on disk (falls back to the one loaded with the code)."""
    try:
        return find_guarded_table(expectations_dir(), guarded.table_name)
    except (LookupError, FileNotFoundError):
        return guarded


def build_table_check(guarded: GuardedTable) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(guarded.asset_key),
        name=CHECK_NAME,
        blocking=True,
        description=f"Great Expectations suite {guarded.path.name} and its SQL checks: "
        "critical failures block publish and reports, warnings are reported.",
    )
    def _quality_suite(
        context: dg.AssetCheckExecutionContext, msp: MspSettings
    ) -> dg.AssetCheckResult:
        # The lost-data checks compare with the copy this run would replace.
        config = replace(
            load_quality_config(), published_warehouse=msp.settings().published_warehouse
        )
        suite = _current_suite(guarded)
        with msp.connect() as con:
            outcomes = check_table(con, suite, config)
            record_outcomes(con, context.run.run_id, outcomes)
        return check_result(outcomes)

    return _quality_suite


def quality_checks() -> list[dg.AssetChecksDefinition]:
    return [
        build_table_check(g) for g in load_guarded_tables(expectations_dir())
    ]


def guarded_asset_keys() -> list[dg.AssetKey]:
    """Assets whose failing checks must stop publish: publish depends on every one of them."""
    guarded = load_guarded_tables(expectations_dir())
    return [dg.AssetKey(g.asset_key) for g in guarded]


# SQL checks whose verdict moves with the clock, not with the data: a build with no new file is
# exactly when data goes stale, so these run on every build, rebuilt table or not.
CLOCK_CHECKS = ("data_is_fresh",)


def suite_reads(guarded: GuardedTable) -> list[dg.AssetKey]:
    """The other tables a suite's SQL checks read (not Dagster deps of the check: a blocking
    check on a dbt model that also depends on other models of the same dbt step makes a cycle
    when a run selects part of that step)."""
    reads = dict.fromkeys(t for spec in guarded.sql_checks for t in tables_read(spec))
    reads.pop(guarded.table_name, None)
    return [dg.AssetKey(t.split(".")) for t in reads]


def quality_check_reads() -> dict[dg.AssetCheckKey, list[dg.AssetKey]]:
    """Each suite's check, and the tables besides its own that its SQL checks read."""
    return {
        dg.AssetCheckKey(dg.AssetKey(g.asset_key), CHECK_NAME): suite_reads(g)
        for g in load_guarded_tables(expectations_dir())
    }


def quality_check_keys(clock_only: bool = False) -> list[dg.AssetCheckKey]:
    """Every table's quality suite check; `clock_only`: of the suites holding a clock check."""
    guarded = load_guarded_tables(expectations_dir())
    return [
        dg.AssetCheckKey(dg.AssetKey(g.asset_key), CHECK_NAME)
        for g in guarded
        if not clock_only or any(spec.get("check") in CLOCK_CHECKS for spec in g.sql_checks)
    ]
