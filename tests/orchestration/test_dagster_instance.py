"""One persistent Dagster instance per data folder: CLI builds are in its run history, with
their materializations and check results, as the Dagster UI (`make dev`) shows them."""

from __future__ import annotations

import dagster as dg
import pytest

from pipelines import dagster_home
from pipelines.build_plan import PLAN_TAG, rebuilt_raw_tables
from pipelines.settings import load_settings


@pytest.mark.build
def test_a_cli_build_is_in_the_data_folders_run_history(built_portfolio):
    settings = built_portfolio.result.settings
    assert settings.dagster_home == built_portfolio.data_dir / "dagster"
    assert (settings.dagster_home / "dagster.yaml").exists()
    run_id = built_portfolio.result.run_id
    with dagster_home.instance(settings) as instance:
        run = instance.get_run_by_id(run_id)
        assert run is not None and run.job_name == "msp_build"
        assert run.status == dg.DagsterRunStatus.SUCCESS
        assert run.tags[PLAN_TAG].startswith("full build")
        # Each asset's last materialization, as the UI's asset page shows it.
        for key in (
            ["raw", "tickets"],
            ["marts", "fct_tickets"],
            ["publish", "published_warehouse"],
        ):
            latest = instance.get_latest_materialization_event(dg.AssetKey(key))
            assert latest is not None, key
        published = instance.get_latest_materialization_event(
            dg.AssetKey(["publish", "published_warehouse"])
        )
        assert published.asset_materialization.metadata["tables"].value > 0
        # And the checks' results: the dbt tests and the quality suites.
        evaluations = [
            e.asset_check_evaluation
            for e in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
        ]
        names = {e.check_name for e in evaluations}
        assert "quality_suite" in names and any(n.startswith("not_null") for n in names)
        assert all(e.passed for e in evaluations if e.check_name == "quality_suite"
                   and e.asset_key == dg.AssetKey(["marts", "fct_tickets"]))  # fmt: skip


@pytest.mark.unit
def test_dagster_home_is_prepared_once_and_left_to_the_user(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data")
    home = dagster_home.prepare(settings)
    assert home == tmp_path / "data" / "dagster"
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n# mine\n")
    dagster_home.prepare(settings)
    assert (home / "dagster.yaml").read_text().endswith("# mine\n")


@pytest.mark.unit
def test_schedules_are_on_from_the_first_start():
    from pipelines.definitions import defs

    statuses = {s.name: s.default_status for s in defs.schedules}
    assert statuses["weekly_client_health_reports_schedule"] == dg.DefaultScheduleStatus.RUNNING
    assert all(status == dg.DefaultScheduleStatus.RUNNING for status in statuses.values())


@pytest.mark.unit
def test_what_a_run_rebuilt_follows_from_its_selection_however_it_was_started():
    """A selection in the UI is recorded as truly as the CLI's plan: a raw table counts as
    rebuilt only when every model downstream of it ran."""
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    tickets = dg.AssetSelection.assets(dg.AssetKey(["raw", "tickets"])).downstream().resolve(graph)
    publish_only = {dg.AssetKey(["publish", "published_warehouse"])}
    assert rebuilt_raw_tables(graph, None) is None  # the whole job
    rebuilt = rebuilt_raw_tables(graph, tickets | publish_only)
    assert (
        "tickets" in rebuilt and "agreements" not in rebuilt and "monitoring_events" not in rebuilt
    )
    # Publish alone rebuilt no model: only tables nothing reads count (none of the generic ones).
    assert not {"tickets", "clients", "invoice_lines"} & rebuilt_raw_tables(graph, publish_only)


@pytest.mark.build
def test_observing_the_landing_folder_versions_each_entity_by_its_files(tmp_path):
    """`observe_landing`: a data version per landing entity, from its files' names and bytes,
    so the UI shows a raw table as stale once its files change, before any build."""
    from pipelines.definitions import defs
    from pipelines.generate import generate_portfolio

    landing = tmp_path / "landing"
    generate_portfolio(landing, clients=3, months=1, seed=1)
    config = {
        "resources": {
            "msp": {"config": {"data_dir": str(tmp_path / "data"), "landing_dir": str(landing)}}
        }
    }
    job = defs.resolve_job_def("observe_landing")
    tickets = dg.AssetKey(["landing", "generic", "tickets"])
    clients = dg.AssetKey(["landing", "generic", "clients"])
    with dg.DagsterInstance.ephemeral() as instance:

        def versions() -> dict[dg.AssetKey, str]:
            assert job.execute_in_process(run_config=config, instance=instance).success
            return {
                key: instance.fetch_observations(key, limit=1)
                .records[0]
                .asset_observation.data_version
                for key in (tickets, clients)
            }

        first = versions()
        assert versions() == first  # the same files, the same versions
        (landing / "generic" / "tickets_week49.csv").write_text("ticket_id\nT2\n")
        second = versions()
        assert second[tickets] != first[tickets] and second[clients] == first[clients]
        # A vendor without files is observed too (no files: nothing to load), not an error.
        none = instance.fetch_observations(
            dg.AssetKey(["landing", "connectwise", "tickets"]), limit=1
        )
        assert none.records[0].asset_observation.metadata["files"].value == 0
