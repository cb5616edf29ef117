"""One table's outcomes -> one Dagster AssetCheckResult: what a person sees in the UI and the build."""

from __future__ import annotations

import dagster as dg

from pipelines.quality.outcome import CheckOutcome, markdown_table

_LISTED_FAILURES = 20


def check_result(outcomes: list[CheckOutcome]) -> dg.AssetCheckResult:
    """ERROR (blocks downstream) when a critical check failed; WARN when only warnings failed."""
    failed = sorted((o for o in outcomes if not o.passed), key=lambda o: not o.blocks)
    blocking = [o for o in failed if o.blocks]
    metadata: dict[str, object] = {"checks_run": len(outcomes), "checks_failed": len(failed)}
    if not failed:
        return dg.AssetCheckResult(
            passed=True, description=f"all {len(outcomes)} checks passed", metadata=metadata
        )
    worst = failed[0]
    metadata |= {
        "failed_expectation": f"{worst.check_name}: {worst.expectation}",
        "column": worst.column_name or "-",
        "observed_value": worst.observed_value or "-",
        "failed_checks": dg.MetadataValue.md(
            markdown_table(
                [
                    {
                        "check": o.check_name,
                        "severity": o.severity,
                        "column": o.column_name,
                        "observed": o.observed_value,
                    }
                    for o in failed[:_LISTED_FAILURES]
                ]
            )
        ),
    }
    examples = worst.details.get("examples") or []
    if examples:
        metadata["example_rows"] = dg.MetadataValue.md(markdown_table(examples))
    names = ", ".join(f"{o.check_name} ({o.column_name or o.table_name})" for o in failed[:5])
    return dg.AssetCheckResult(
        passed=False,
        severity=dg.AssetCheckSeverity.ERROR if blocking else dg.AssetCheckSeverity.WARN,
        description=f"{len(blocking)} blocking and {len(failed) - len(blocking)} warning checks "
        f"failed on {worst.table_name}: {names}",
        metadata=metadata,
    )
