"""Every dbt model, seed and test as Dagster assets and asset checks, built by one `dbt build`."""

import importlib.metadata
import json
import os
import shutil
import uuid
from pathlib import Path

import dagster as dg
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets
from packaging import version

from pipelines.defs.transform.project import dbt_project
from pipelines.defs.transform.translator import MspDbtTranslator
from pipelines.resources import MspSettings

PARTIAL_PARSE = "partial_parse.msgpack"


class DbtBuildConfig(dg.Config):
    # `msp-insights build --full`: incremental facts are rebuilt from raw too, so a row that
    # left raw (a re-read after a poisoned file was replaced) leaves the facts as well.
    full_refresh: bool = False


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=MspDbtTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
    ),
    # DuckDB has one writer per file: never overlap with other warehouse-writing steps.
    pool="warehouse",
)
def msp_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, msp: MspSettings, config: DbtBuildConfig
):
    settings = msp.settings()
    # dbt's profile reads the same variable as the Dagster resource.
    os.environ["MSP_WAREHOUSE"] = str(settings.warehouse)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    # Unit tests prove the SQL, not the data: the test suite runs them, not every build.
    args = ["build", "--exclude-resource-type", "unit_test"]
    if msp.as_of:
        args += ["--vars", json.dumps({"as_of": msp.as_of})]
    if config.full_refresh:
        args.append("--full-refresh")
    # Artifacts and logs go under the data folder, never into the code tree (which may be
    # read-only); housekeeping prunes old invocations' folders.
    target = _invocation_target(settings.dbt_target_dir, context.run.run_id)
    invocation = _without_adapter(dbt).cli(args, context=context, target_path=target)
    yield from invocation.stream()
    _keep_partial_parse(invocation.target_path, settings.dbt_target_dir)


class _DbtCliWithoutAdapter(DbtCliResource):
    """The dbt CLI resource minus two things dagster-dbt does before each invocation.

    It loads the profile, the project and all of dbt's macros in this process (about 7 s of
    CPU, every build) to get an adapter, which it needs only to fetch row counts or column
    metadata; this project fetches neither. And it runs `dbt --version` in a process of its
    own (about 2 s, every build) to learn the version of the dbt it will run: `msp-dbt` is the
    dbt-core installed beside this code, whose version the package metadata gives at once.
    """

    def _initialize_dbt_core_adapter(self, args):  # noqa: ARG002 - dagster-dbt's signature
        return None

    @property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))


def _without_adapter(dbt: DbtCliResource) -> DbtCliResource:
    fields = ("project_dir", "global_config_flags", "profiles_dir", "profile", "target",
              "dbt_executable", "state_path")  # fmt: skip
    return _DbtCliWithoutAdapter(**{f: getattr(dbt, f) for f in fields})


def _invocation_target(runs_dir: Path, run_id: str) -> Path:
    """A fresh target folder for one dbt invocation, seeded with the parse state to reuse.

    The newest state is the one the last build kept in the data folder; a first build starts
    from the one `dbt parse` left beside the manifest when the code location was prepared.
    """
    target = runs_dir / f"build-{run_id[:8]}-{uuid.uuid4().hex[:6]}"
    target.mkdir(parents=True)
    for state in (runs_dir / PARTIAL_PARSE, dbt_project.manifest_path.with_name(PARTIAL_PARSE)):
        if state.exists():
            shutil.copyfile(state, target / PARTIAL_PARSE)
            break
    return target


def _keep_partial_parse(invocation_target: Path, runs_dir: Path) -> None:
    """Hand this invocation's parse state to the next one.

    Each invocation runs in a target folder of its own; without this, a build after a project
    change would parse the whole project again (about 10 s of CPU) on every build until the
    code location is prepared again. (msp-dbt keeps the state valid across warehouse paths.)
    """
    state = invocation_target / PARTIAL_PARSE
    if not state.exists():
        return
    keep = runs_dir / PARTIAL_PARSE
    staged = keep.with_name(f".{state.name}.{os.getpid()}")
    try:
        shutil.copyfile(state, staged)
        os.replace(staged, keep)  # atomic: a concurrent build reads the old or the new file
    except OSError:
        staged.unlink(missing_ok=True)
