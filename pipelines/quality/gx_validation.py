"""Validate a pandas DataFrame against a GX 1.x suite loaded from JSON.

GX's SQL datasource fails on DuckDB (`MetricResolutionError`: it reads rows after the
connection has closed), so a table's needed columns are fetched into pandas and validated
there. One ephemeral context serves the whole process (a run is one process): building a
context and importing GX are the slow parts, validating is fast.
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any

import pandas as pd

from pipelines.quality.outcome import CRITICAL, EXAMPLE_ROWS, CheckOutcome, normalise_severity
from pipelines.quality.suites import GuardedTable

# BASIC gives every observed value and count; SUMMARY adds the failing rows' index (for the
# example rows) at twice the cost, so it is asked for only when a suite has failed.
_FIRST_PASS_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": EXAMPLE_ROWS}
_RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": EXAMPLE_ROWS}


_datasource_lock = threading.Lock()
_datasource = None


def _pandas_datasource():
    """The process's one GX context (ephemeral: no project folder) and its pandas datasource."""
    global _datasource
    with _datasource_lock:
        if _datasource is None:
            # No analytics calls home from a build; set before GX is imported.
            os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
            import great_expectations as gx

            context = gx.get_context(mode="ephemeral")
            context.variables.progress_bars = {"globally": False, "metric_calculations": False}
            _datasource = context.data_sources.add_pandas("msp_warehouse")
        return _datasource


def warm_up_in_background() -> threading.Thread:
    """Import GX and build the context on a side thread, e.g. while dbt runs in its subprocess.

    Importing GX is most of the gates' cost (3.5 s on a quiet machine); a build that starts this
    first pays nothing for it. Checks that start before it ends simply wait for it.
    """
    thread = threading.Thread(target=_pandas_datasource, name="gx-warm-up", daemon=True)
    thread.start()
    return thread


def _batch_definition(table_name: str):
    datasource = _pandas_datasource()
    try:
        asset = datasource.get_asset(table_name)
    except LookupError:
        asset = datasource.add_dataframe_asset(name=table_name)
    try:
        return asset.get_batch_definition("whole_table")
    except (KeyError, LookupError):
        return asset.add_batch_definition_whole_dataframe("whole_table")


def validate_frame(guarded: GuardedTable, frame: pd.DataFrame) -> list[CheckOutcome]:
    """One outcome per expectation of the table's suite."""
    import great_expectations as gx

    try:
        suite = gx.ExpectationSuite(**json.loads(json.dumps(guarded.suite)))
    except Exception as error:  # GX raises many kinds; all mean the analyst's JSON is wrong
        raise ValueError(
            f"expectation suite {guarded.path} is not valid GX JSON: {error}"
        ) from error
    if len(suite.expectations) != len(guarded.suite.get("expectations", [])):
        # GX logs an unknown expectation type and drops it: a typo must not silently lose a rule.
        written = [e.get("type") for e in guarded.suite["expectations"]]
        raise ValueError(
            f"expectation suite {guarded.path} is not valid GX JSON: GX could not read all of "
            f"{written}"
        )
    batch = _batch_definition(guarded.table_name).get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(suite, result_format=_FIRST_PASS_FORMAT)
    if not result.success:
        result = batch.validate(suite, result_format=_RESULT_FORMAT)
    return [_outcome(guarded, frame, r) for r in result.results]


def _outcome(guarded: GuardedTable, frame: pd.DataFrame, validation: Any) -> CheckOutcome:
    config = validation.expectation_config
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    columns = _columns_of(kwargs)
    column_name = ",".join(columns) or None
    rule = {
        k: v
        for k, v in kwargs.items()
        if k not in ("column", "column_list", "column_A", "column_B")
    }
    result = validation.result or {}
    details: dict[str, Any] = {"rule": rule}
    if config.description:
        details["why"] = config.description
    raised = _exception_message(validation.exception_info)
    if raised:
        observed = f"error: {raised}"[:300]
    elif "unexpected_count" in result:
        observed = (
            f"{result['unexpected_count']} of {result.get('element_count')} rows break it; "
            f"e.g. {plain_value(result.get('partial_unexpected_list') or [])}"
        )
        details["unexpected_count"] = result["unexpected_count"]
        details["examples"] = _example_rows(
            frame, result.get("partial_unexpected_index_list") or [], guarded.key_columns + columns
        )
    else:
        observed = json.dumps(plain_value(result.get("observed_value")), default=str)
    return CheckOutcome(
        table_name=guarded.table_name,
        check_name=(config.meta or {}).get("check_name") or f"{config.type}({column_name or ''})",
        expectation=f"{config.type} {json.dumps(rule, default=str)}",
        column_name=column_name,
        passed=bool(validation.success) and not raised,
        # A check that could not run (a column gone) fails closed: nobody knows the data is fine.
        severity=CRITICAL if raised else normalise_severity(config.severity),
        observed_value=observed,
        details=details,
    )


def _exception_message(info: dict[str, Any] | None) -> str | None:
    """GX 1.x reports an error flat, or nested per metric; either way, the first message."""
    if not info:
        return None
    entries = (
        [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    )
    for entry in entries:
        if entry.get("raised_exception"):
            return str(entry.get("exception_message") or "the expectation raised an error")
    return None


def _columns_of(kwargs: dict[str, Any]) -> list[str]:
    if "column" in kwargs:
        return [kwargs["column"]]
    if "column_list" in kwargs:
        return list(kwargs["column_list"])
    return [kwargs[k] for k in ("column_A", "column_B") if k in kwargs]


def _example_rows(frame: pd.DataFrame, index_labels: list[Any], columns: list[str]) -> list[dict]:
    labels = [i for i in index_labels if not isinstance(i, dict)][:EXAMPLE_ROWS]
    present = [c for c in dict.fromkeys(columns) if c in frame.columns]
    if not labels or not present:
        return []
    rows = frame.loc[labels, present]
    return [{c: plain_value(v) for c, v in row.items()} for row in rows.to_dict("records")]


def plain_value(value: Any) -> Any:
    """JSON- and markdown-friendly: timestamps as ISO text, NaN as None, lists element-wise."""
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    if value is None or (not isinstance(value, dict) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        # Months and weeks arrive from DuckDB as midnight timestamps: show them as dates.
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
