"""`msp-insights pull`: each configured source through dlt into its landing folder.

One dlt pipeline per source keeps that source's cursors in `$MSP_DATA_DIR/pull/dlt/`, so the
next pull asks each API only for what changed. A source that fails (bad credentials, API
down) is reported with the variables to check and never stops the others.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dlt
from dlt.sources.rest_api import rest_api_source

from pipelines.pull.landing_sink import landing_destination, wrap_record
from pipelines.pull.vendors import VENDOR_APIS, VendorApi
from pipelines.pull.zabbix import zabbix_source

DEFAULT_PAGE_SIZE = 500
ZABBIX_VARIABLES = ("MSP_ZABBIX_URL", "MSP_ZABBIX_TOKEN")


@dataclass
class SourcePull:
    source: str
    rows: dict[str, int] = field(default_factory=dict)  # landing entity -> records landed
    cursors: dict[str, Any] = field(default_factory=dict)  # entity -> last cursor value
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def line(self) -> str:
        if self.error:
            return f"  {self.source}: FAILED: {self.error}"
        landed = ", ".join(f"{entity} {n:,}" for entity, n in sorted(self.rows.items())) or "nothing new"
        return f"  {self.source}: {landed}"


@dataclass
class PullRun:
    sources: list[SourcePull]

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sources)

    def summary(self) -> str:
        if not self.sources:
            return "pull: no source is configured (README, 'Connect your PSA and RMM')."
        return "\n".join(["pull:"] + [s.line() for s in self.sources])


def configured_sources(environ: dict[str, str] | None = None) -> list[str]:
    """The sources whose every variable is set."""
    env = os.environ if environ is None else environ
    return [
        name for name in all_source_names()
        if all((env.get(v) or "").strip() for v in source_variables(name))
    ]


def all_source_names() -> list[str]:
    return sorted([*VENDOR_APIS, "zabbix"])


def _secrets(source: str) -> list[str]:
    names = ("MSP_ZABBIX_TOKEN",) if source == "zabbix" else VENDOR_APIS[source].secrets
    extra = ("MSP_CONNECTWISE_PUBLIC_KEY",) if source == "connectwise" else ()
    return [os.environ[n] for n in (*names, *extra) if os.environ.get(n)]


# The loggers that may print a request's URL (a filter on a logger sees only its own
# records, not its children's): dlt when it retries, urllib3 at DEBUG for every request.
REDACTED_LOGGERS = ("dlt", "urllib3.connectionpool", "urllib3.util.retry")


class _Redact(logging.Filter):
    """dlt logs request URLs when it retries; PRTG's token travels in the query string."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for secret in self.secrets:
            message = message.replace(secret, "***")
        record.msg, record.args = message, ()
        return True


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def build_source(source: str, page_size: int, on_page: Callable[[str], None] | None = None) -> Any:
    env = {name: os.environ.get(name, "").strip() for name in source_variables(source)}
    return landed_source(source, env, page_size, on_page)


def source_variables(source: str) -> tuple[str, ...]:
    """The environment variables that configure a source (README, 'Connect your PSA and RMM')."""
    return ZABBIX_VARIABLES if source == "zabbix" else VENDOR_APIS[source].variables


def placeholder_source(source: str) -> Any:
    """The source's shape (its entities) without settings: for Dagster's asset definitions,
    which are made when the code location loads, before any secret is read."""
    env = {name: "https://unset.invalid" if name.endswith("_URL") else "unset" for name in source_variables(source)}
    return landed_source(source, env, DEFAULT_PAGE_SIZE)


def landed_source(
    source: str, env: dict[str, str], page_size: int, on_page: Callable[[str], None] | None = None
) -> Any:
    if source == "zabbix":
        api_source = zabbix_source(env["MSP_ZABBIX_URL"], env["MSP_ZABBIX_TOKEN"], page_size)
    else:
        api: VendorApi = VENDOR_APIS[source]
        config = api.build(env, page_size)
        if on_page is not None:  # each answered page, for the progress shown to a person
            for resource in config["resources"]:
                endpoint = resource.setdefault("endpoint", {})
                endpoint["response_actions"] = [_page_counter(resource["name"], on_page)]
        api_source = rest_api_source(config, name=source, max_table_nesting=0)
    resources = [_landed(resource) for resource in api_source.resources.selected.values()]

    @dlt.source(name=source, max_table_nesting=0)
    def landed() -> Any:
        return resources

    return landed()


def _page_counter(name: str, on_page: Callable[[str], None]) -> Callable[..., Any]:
    def counted(response: Any, *args: Any, **kwargs: Any) -> Any:
        on_page(name)
        return response

    return counted


def _landed(resource: Any) -> Any:
    """The resource's records as their JSON text, after dlt's cursor and paging have seen
    them as objects (a map on the resource itself would run before the cursor)."""

    @dlt.transformer(name=f"{resource.name}__landed", table_name=resource.table_name,
                     write_disposition="append", max_table_nesting=0)
    def as_json_text(items: Any) -> Any:
        yield [wrap_record(item) for item in (items if isinstance(items, list) else [items])]

    return resource | as_json_text


def pipeline_for(source: str, data_dir: Path, landing_dir: Path) -> Any:
    return dlt.pipeline(
        pipeline_name=f"msp_pull_{source}",
        pipelines_dir=str(data_dir / "pull" / "dlt"),
        destination=landing_destination(landing_dir / source, data_dir / "pull" / "tmp"),
        dataset_name=source,
    )


def _cursors(pipeline: Any, source: str) -> dict[str, Any]:
    cursors = {}
    for source_state in pipeline.state.get("sources", {}).values():
        for name, state in source_state.get("resources", {}).items():
            for cursor_path, inc in (state.get("incremental") or {}).items():
                cursors[name] = {"cursor": cursor_path, "last_value": inc.get("last_value")}
    return cursors


def _explain(source: str, error: BaseException) -> str:
    """One line naming the cause and, for refused credentials, the variables to check."""
    cause: BaseException = error
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
    text = f"{type(cause).__name__}: {cause}"
    status = getattr(getattr(cause, "response", None), "status_code", None)
    variables = VENDOR_APIS[source].auth_hint if source in VENDOR_APIS else "MSP_ZABBIX_TOKEN"
    url_variable = f"MSP_{source.upper()}_URL"
    if status in (401, 403) or "not authorized" in text.lower() or "session terminated" in text.lower():
        text = f"the API refused the credentials (HTTP {status or 'error'}); check {variables}"
    elif status == 404:
        text = f"the API answered 404 Not Found; check {url_variable}"
    elif "Connection" in type(cause).__name__ or "connect" in text.lower():
        text = f"cannot reach the API ({text.splitlines()[0][:200]}); check {url_variable}"
    return redact(text.splitlines()[0][:400], _secrets(source))


def pull_source(
    source: str, *, data_dir: Path, landing_dir: Path, full: bool = False,
    page_size: int = DEFAULT_PAGE_SIZE, on_page: Callable[[str], None] | None = None,
) -> SourcePull:  # fmt: skip
    result = SourcePull(source)
    redactor = _Redact(_secrets(source))
    loggers = [logging.getLogger(name) for name in REDACTED_LOGGERS]
    for logger in loggers:
        logger.addFilter(redactor)
    try:
        pipeline = pipeline_for(source, data_dir, landing_dir)
        if full:  # forget every cursor: the next run asks for everything again
            pipeline.drop()
            pipeline = pipeline_for(source, data_dir, landing_dir)
        pipeline.run(build_source(source, page_size, on_page))
        # (dagster-dlt's own runner drops pending packages first; that would lose records
        # whose cursor dlt already saved at extract, so the pull runs the pipeline itself.)
        counts = pipeline.last_trace.last_normalize_info.row_counts if pipeline.last_trace else {}
        result.rows = {t: n for t, n in counts.items() if not t.startswith("_dlt")}
        result.cursors = _cursors(pipeline, source)
    except Exception as error:  # noqa: BLE001 - one source's failure is reported, not raised
        result.error = _explain(source, error)
    finally:
        for logger in loggers:
            logger.removeFilter(redactor)
    return result


def pull(
    sources: list[str] | None = None, *, data_dir: Path, landing_dir: Path, full: bool = False,
    page_size: int = DEFAULT_PAGE_SIZE, progress: Any = None,
) -> PullRun:  # fmt: skip
    """Pull `sources` (default: every configured one); `progress` (pipelines.progress.Progress)
    shows each source's pages as they come and its rows at the end."""
    names = sources or configured_sources()
    results = []
    for name in names:
        on_page = None
        if progress is not None:
            progress.start(f"pull {name}")
            on_page = lambda entity: progress.advance(f"page of {entity}")  # noqa: E731
        result = pull_source(name, data_dir=data_dir, landing_dir=landing_dir, full=full,
                             page_size=page_size, on_page=on_page)  # fmt: skip
        if progress is not None:
            progress.end(f"pull {name}", result.line().strip())
        results.append(result)
    shutil.rmtree(data_dir / "pull" / "tmp", ignore_errors=True)
    return PullRun(results)
