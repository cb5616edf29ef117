"""The pull as Dagster runs it: assets per source with rows and cursors, one source failing
without stopping the others, and the schedule asking only for configured sources."""

from __future__ import annotations

import dagster as dg
import pytest

from pipelines.defs.pull import defs as pull_defs
from pipelines.resources import MspSettings


def _definitions(data_dir) -> dg.Definitions:
    return dg.Definitions.merge(
        pull_defs, dg.Definitions(resources={"msp": MspSettings(data_dir=str(data_dir))})
    )


@pytest.mark.build
def test_assets_record_rows_and_cursor_and_failures_name_the_variable(vendor_server, data_dir):
    vendor_server("connectwise")
    vendor_server("ninjaone", MSP_NINJAONE_CLIENT_SECRET="wrong-secret-xyz")
    definitions = _definitions(data_dir)
    keys = [k for a in definitions.assets for k in a.keys if k.path[1] in ("connectwise", "ninjaone")]
    job = definitions.get_implicit_global_asset_job_def()
    result = job.execute_in_process(asset_selection=keys, raise_on_error=False)

    materialized = {
        e.asset_key.path[-1]: e.materialization.metadata
        for e in result.get_asset_materialization_events()
        if e.asset_key.path[1] == "connectwise"
    }
    assert materialized["tickets"]["rows_pulled"].value == 5
    assert materialized["tickets"]["cursor"].value == "_info.lastUpdated"
    assert materialized["tickets"]["cursor_last_value"].value == "2026-02-05T09:00:00Z"
    failures = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert len(failures) == 1
    message = str(failures[0].step_failure_data.user_failure_data.description)
    assert "NinjaOne" in message and "MSP_NINJAONE_CLIENT_SECRET" in message
    assert "wrong-secret-xyz" not in message
    run_text = " ".join(str(e.message) for e in result.all_events)
    assert "wrong-secret-xyz" not in run_text


@pytest.mark.unit
def test_schedule_asks_only_for_configured_sources(vendor_server, data_dir):
    schedule = _definitions(data_dir).get_schedule_def("pull_schedule")
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    skipped = schedule.evaluate_tick(dg.build_schedule_context())
    assert skipped.skip_message and "no API source" in skipped.skip_message

    vendor_server("prtg")
    (request,) = schedule.evaluate_tick(dg.build_schedule_context()).run_requests
    assert {key.path[1] for key in request.asset_selection} == {"prtg"}
