"""Each vendor's REST API as dlt's `rest_api` source sees it: auth, pagination, endpoints, cursors.

A source is configured when all of its environment variables are set (README, "Connect your
PSA and RMM"). Secrets are read here, from the environment only, when a pull starts; they go
into the auth objects of the HTTP client and nowhere else.

Each resource is named after the landing entity it feeds (`tickets` -> `landing/<vendor>/
tickets_<pull>.json`), so a pulled file is exactly what the vendor adapter reads.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dlt.common.configuration import configspec
from dlt.sources.helpers.rest_client.auth import HttpBasicAuth, OAuth2ClientCredentials
from dlt.sources.helpers.rest_client.paginators import (
    HeaderLinkPaginator,
    JSONLinkPaginator,
    OffsetPaginator,
    SinglePagePaginator,
)

from pipelines.pull.paginators import (
    AfterLastIdPaginator,
    OlderThanPaginator,
    OneBasedOffsetPaginator,
    RecordCountPaginator,
)

EPOCH_ISO = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class VendorApi:
    name: str  # landing folder: "connectwise"
    title: str
    variables: tuple[str, ...]  # every one must be set
    secrets: tuple[str, ...]  # never printed; redacted from any message
    auth_hint: str  # the variables to check when the API refuses the credentials
    build: Callable[[dict[str, str], int], dict[str, Any]]  # env, page size -> rest_api config


def _incremental(cursor_path: str, initial: Any = EPOCH_ISO) -> dict[str, Any]:
    # A record without the cursor (a vendor field left empty) is still landed, never dropped.
    return {"cursor_path": cursor_path, "initial_value": initial, "on_cursor_value_missing": "include"}


# --- ConnectWise PSA (Manage) -----------------------------------------------------------
# Basic auth "COMPANY+PUBLIC:PRIVATE" and a clientId header; pages through `page`/`pageSize`
# with a Link header (rel="next"); `conditions=lastUpdated>[...]` asks only for what changed.


def _connectwise(env: dict[str, str], page_size: int) -> dict[str, Any]:
    def changed(path: str, name: str) -> dict[str, Any]:
        return {
            "name": name,
            "endpoint": {
                "path": path,
                "params": {
                    "pageSize": page_size,
                    "page": 1,
                    "orderBy": "id asc",
                    "conditions": "lastUpdated>[{incremental.start_value}]",
                },
                "incremental": _incremental("_info.lastUpdated"),
            },
        }

    return {
        "client": {
            "base_url": env["MSP_CONNECTWISE_URL"].rstrip("/") + "/",
            "auth": HttpBasicAuth(
                f"{env['MSP_CONNECTWISE_COMPANY']}+{env['MSP_CONNECTWISE_PUBLIC_KEY']}",
                env["MSP_CONNECTWISE_PRIVATE_KEY"],
            ),
            "headers": {"clientId": env["MSP_CONNECTWISE_CLIENT_ID"]},
            "paginator": HeaderLinkPaginator(),
        },
        "resource_defaults": {"primary_key": "id", "write_disposition": "append"},
        "resources": [
            changed("company/companies", "companies"),
            changed("finance/agreements", "agreements"),
            changed("service/tickets", "tickets"),
            changed("time/entries", "time_entries"),
            changed("finance/invoices", "invoices"),
            changed("procurement/products", "products"),
            {
                "name": "members",
                "primary_key": "identifier",
                "endpoint": {"path": "system/members", "params": {"pageSize": page_size, "page": 1}},
            },
            {
                "name": "slas",
                "selected": False,
                "endpoint": {"path": "service/SLAs", "params": {"pageSize": page_size, "page": 1}},
            },
            {
                "name": "sla_priorities",
                "endpoint": {
                    "path": "service/SLAs/{resources.slas.id}/priorities",
                    "params": {"pageSize": page_size, "page": 1},
                },
            },
        ],
    }


# --- Autotask (Datto PSA) ----------------------------------------------------------------
# Headers UserName / Secret / ApiIntegrationCode; `<Entity>/query?search={...}` answers
# {"items": [...], "pageDetails": {"nextPageUrl": ...}}; a filter on the entity's
# last-modified field asks only for what changed.


def _autotask(env: dict[str, str], page_size: int) -> dict[str, Any]:
    def search(conditions: list[dict[str, Any]]) -> str:
        """The `search` parameter as dlt's str.format sees it: literal braces doubled."""
        text = json.dumps({"MaxRecords": page_size, "filter": conditions})
        text = text.replace("{", "{{").replace("}", "}}")
        return text.replace("{{incremental.start_value}}", "{incremental.start_value}")

    def query(entity: str, name: str, changed_field: str | None) -> dict[str, Any]:
        if changed_field:
            # Changed since the cursor, or never stamped: a record whose field is empty
            # (a company nobody touched) would never match `gt` and never be pulled.
            changed = [{"op": "or", "items": [
                {"op": "gt", "field": changed_field, "value": "{incremental.start_value}"},
                {"op": "notExist", "field": changed_field},
            ]}]  # fmt: skip
            endpoint: dict[str, Any] = {
                "path": f"{entity}/query",
                "params": {"search": search(changed)},
                "incremental": _incremental(changed_field),
            }
        else:
            everything = [{"op": "gte", "field": "id", "value": 0}]
            endpoint = {"path": f"{entity}/query", "params": {"search": search(everything)}}
        return {"name": name, "endpoint": endpoint}

    return {
        "client": {
            "base_url": env["MSP_AUTOTASK_URL"].rstrip("/") + "/",
            "headers": {
                "UserName": env["MSP_AUTOTASK_USERNAME"],
                "Secret": env["MSP_AUTOTASK_SECRET"],
                "ApiIntegrationCode": env["MSP_AUTOTASK_INTEGRATION_CODE"],
            },
            "paginator": JSONLinkPaginator(next_url_path="pageDetails.nextPageUrl"),
        },
        "resource_defaults": {
            "primary_key": "id",
            "write_disposition": "append",
            "endpoint": {"data_selector": "items"},
        },
        "resources": [
            query("Companies", "companies", "lastActivityDate"),
            query("Contracts", "contracts", None),
            query("Tickets", "tickets", "lastActivityDate"),
            query("ConfigurationItems", "configuration_items", "lastModifiedTime"),
            query("TimeEntries", "time_entries", "lastModifiedDateTime"),
            query("Resources", "resources", None),
            query("BillingCodes", "billing_codes", None),
            query("BillingItems", "billing_items", None),
            query("ContractServices", "contract_services", None),
            _fields("Tickets", "ticket_fields"),
            _fields("Contracts", "contract_fields"),
        ],
    }


def _fields(entity: str, name: str) -> dict[str, Any]:
    """`<Entity>/entityInformation/fields`: the tenant's picklists (labels of its own values)."""
    return {
        "name": name,
        "primary_key": "name",
        "endpoint": {
            "path": f"{entity}/entityInformation/fields",
            "data_selector": "fields",
            "paginator": SinglePagePaginator(),
        },
    }


# --- HaloPSA ---------------------------------------------------------------------------
# OAuth2 client credentials at <tenant>/auth/token; /api/<Entity>?pageinate=true&page_size=N
# &page_no=K answers {"record_count": n, "<entities>": [...]}. Of the lists pulled, only
# GET /Tickets takes a last-updated filter (`lastupdatefromdate`, beside the ticket's
# `last_update`); /Actions filters on when an action occurred (`startdate`), /Invoice,
# /Client and /ClientContract on nothing that moves when a record changes, so they are read
# whole (docs/pull.md).

HALO_EPOCH = "1970-01-01T00:00:00"  # Halo's own date form: no zone suffix, UTC


def _halopsa(env: dict[str, str], page_size: int) -> dict[str, Any]:
    base = env["MSP_HALOPSA_URL"].rstrip("/")

    def paged(path: str, name: str, wrapper: str, changed_since: bool = False) -> dict[str, Any]:
        endpoint: dict[str, Any] = {
            "path": path,
            "params": {"pageinate": "true", "page_size": page_size},
            "data_selector": wrapper,
            "paginator": RecordCountPaginator(page_size),
        }
        if changed_since:
            endpoint["params"]["lastupdatefromdate"] = "{incremental.start_value}"
            endpoint["incremental"] = _incremental("last_update", HALO_EPOCH)
        return {"name": name, "endpoint": endpoint}

    def whole(path: str, name: str, key: str = "id") -> dict[str, Any]:
        return {
            "name": name,
            "primary_key": key,
            "endpoint": {"path": path, "paginator": SinglePagePaginator()},
        }

    return {
        "client": {
            "base_url": base + "/api/",
            "auth": OAuth2ClientCredentials(
                access_token_url=base + "/auth/token",
                client_id=env["MSP_HALOPSA_CLIENT_ID"],
                client_secret=env["MSP_HALOPSA_CLIENT_SECRET"],
                access_token_request_data={"scope": "all"},
            ),
        },
        "resource_defaults": {"primary_key": "id", "write_disposition": "append"},
        "resources": [
            paged("Client", "clients", "clients"),
            paged("ClientContract", "contracts", "contracts"),
            paged("Tickets", "tickets", "tickets", changed_since=True),
            paged("Actions", "actions", "actions"),
            paged("Invoice", "invoices", "invoices"),
            whole("TicketType", "ticket_types"),
            whole("Status", "statuses"),
            whole("Agent", "agents"),
            whole("Priority", "priorities", "slaid"),
        ],
    }


# --- NinjaOne ---------------------------------------------------------------------------
# OAuth2 client credentials at <instance>/ws/oauth/token (scope monitoring); devices page by
# `after` = the last device id; activities page backwards by `olderThan`, and `newerThan`
# asks only for activities after the last one pulled.


def _ninjaone(env: dict[str, str], page_size: int) -> dict[str, Any]:
    base = env["MSP_NINJAONE_URL"].rstrip("/")
    return {
        "client": {
            "base_url": base + "/",
            "auth": OAuth2ClientCredentials(
                access_token_url=base + "/ws/oauth/token",
                client_id=env["MSP_NINJAONE_CLIENT_ID"],
                client_secret=env["MSP_NINJAONE_CLIENT_SECRET"],
                access_token_request_data={"scope": "monitoring"},
            ),
        },
        "resource_defaults": {"primary_key": "id", "write_disposition": "append"},
        "resources": [
            {
                "name": "devices",
                "endpoint": {
                    "path": "v2/devices",
                    "params": {"pageSize": page_size},
                    "paginator": AfterLastIdPaginator(page_size),
                },
            },
            {
                "name": "activities",
                "endpoint": {
                    "path": "v2/activities",
                    "params": {"pageSize": page_size, "newerThan": "{incremental.start_value}"},
                    "data_selector": "activities",
                    "paginator": OlderThanPaginator(),
                    "incremental": _incremental("id", 0),
                },
            },
        ],
    }


# --- Datto RMM -------------------------------------------------------------------------
# OAuth2 password grant at <platform>/auth/oauth/token (client "public-client", the API key
# and secret as user and password); {"pageDetails": {"nextPageUrl": ...}} envelopes. Read
# whole each pull: /v2/account/devices and /v2/account/alerts/{open,resolved} take only
# page, max, muted and LIKE filters on names, no time (docs/pull.md).


@configspec
class _DattoRmmAuth(OAuth2ClientCredentials):
    def build_access_token_request(self) -> dict[str, Any]:
        return {
            "auth": ("public-client", "public"),
            "data": {"grant_type": "password", "username": self.client_id, "password": self.client_secret},
        }


def _datto_rmm(env: dict[str, str], page_size: int) -> dict[str, Any]:
    base = env["MSP_DATTO_RMM_URL"].rstrip("/")

    def alerts(state: str) -> dict[str, Any]:
        return {
            "name": f"alerts_{state}",
            "table_name": "alerts",
            "primary_key": "alertUid",
            "endpoint": {
                "path": f"api/v2/account/alerts/{state}",
                "params": {"max": page_size},
                "data_selector": "alerts",
            },
        }

    return {
        "client": {
            "base_url": base + "/",
            "auth": _DattoRmmAuth(
                access_token_url=base + "/auth/oauth/token",
                client_id=env["MSP_DATTO_RMM_API_KEY"],
                client_secret=env["MSP_DATTO_RMM_API_SECRET"],
            ),
            "paginator": JSONLinkPaginator(next_url_path="pageDetails.nextPageUrl"),
        },
        "resource_defaults": {"write_disposition": "append"},
        "resources": [
            {
                "name": "devices",
                "primary_key": "uid",
                "endpoint": {
                    "path": "api/v2/account/devices",
                    "params": {"max": page_size},
                    "data_selector": "devices",
                },
            },
            alerts("open"),
            alerts("resolved"),
        ],
    }


# --- PRTG ------------------------------------------------------------------------------
# /api/table.json?content=<table>&columns=...&start=&count= with the API token as
# `apitoken`; answers {"treesize": n, "<table>": [...]}. The log (content=messages) takes
# `filter_dstart` (yyyy-MM-dd-HH-mm-ss), so the next pull asks only for messages since the
# last one; devices and sensors have no such filter and are read whole.

PRTG_COLUMNS = {
    "devices": "objid,device,host,group,parentid,tags,status,active",
    "sensors": "objid,name,sensor,type,parentid,device,tags,status",
    "messages": "objid,datetime,datetime_raw,parent,type,name,status,message",
}
OLE_EPOCH = datetime(1899, 12, 30)  # day 0 of an OLE Automation date (datetime_raw, UTC)
PRTG_FIRST_DAY = 36526.0  # 2000-01-01: the first pull asks for the whole log
# PRTG reads filter_dstart in the time zone of the API user's account, not UTC; asking from
# 12 hours before the cursor covers every zone down to UTC-12 (east of UTC only asks for
# more). dlt drops what is older than the cursor and the boundary records it already has.
PRTG_ZONE_MARGIN_DAYS = 0.5


def prtg_filter_date(ole_days: float) -> str:
    """The cursor (datetime_raw, OLE days in UTC) as filter_dstart's text, widened by the margin."""
    moment = OLE_EPOCH + timedelta(days=float(ole_days) - PRTG_ZONE_MARGIN_DAYS)
    return moment.strftime("%Y-%m-%d-%H-%M-%S")


def _prtg(env: dict[str, str], page_size: int) -> dict[str, Any]:
    def table(content: str) -> dict[str, Any]:
        params = {"content": content, "columns": PRTG_COLUMNS[content], "apitoken": env["MSP_PRTG_API_TOKEN"]}
        endpoint: dict[str, Any] = {
            "path": "api/table.json",
            "params": params,
            "data_selector": content,
            "paginator": OffsetPaginator(
                limit=page_size, offset=0, offset_param="start", limit_param="count", total_path="treesize",
            ),
        }
        if content == "messages":
            params["filter_dstart"] = "{incremental.start_value}"
            endpoint["incremental"] = {
                **_incremental("datetime_raw", PRTG_FIRST_DAY), "convert": prtg_filter_date,
            }
            # The log's rows count from 1: start=0 answers the same first row as start=1.
            endpoint["paginator"] = OneBasedOffsetPaginator(page_size)
        return {"name": content, "primary_key": "objid" if content != "messages" else None, "endpoint": endpoint}

    return {
        "client": {"base_url": env["MSP_PRTG_URL"].rstrip("/") + "/"},
        "resource_defaults": {"write_disposition": "append"},
        "resources": [table("devices"), table("sensors"), table("messages")],
    }


VENDOR_APIS: dict[str, VendorApi] = {
    api.name: api
    for api in (
        VendorApi(
            "connectwise", "ConnectWise PSA",
            ("MSP_CONNECTWISE_URL", "MSP_CONNECTWISE_COMPANY", "MSP_CONNECTWISE_PUBLIC_KEY",
             "MSP_CONNECTWISE_PRIVATE_KEY", "MSP_CONNECTWISE_CLIENT_ID"),
            ("MSP_CONNECTWISE_PRIVATE_KEY",),
            "MSP_CONNECTWISE_COMPANY, MSP_CONNECTWISE_PUBLIC_KEY, MSP_CONNECTWISE_PRIVATE_KEY and MSP_CONNECTWISE_CLIENT_ID",
            _connectwise,
        ),
        VendorApi(
            "autotask", "Autotask",
            ("MSP_AUTOTASK_URL", "MSP_AUTOTASK_USERNAME", "MSP_AUTOTASK_SECRET",
             "MSP_AUTOTASK_INTEGRATION_CODE"),
            ("MSP_AUTOTASK_SECRET",),
            "MSP_AUTOTASK_USERNAME, MSP_AUTOTASK_SECRET and MSP_AUTOTASK_INTEGRATION_CODE",
            _autotask,
        ),
        VendorApi(
            "halopsa", "HaloPSA",
            ("MSP_HALOPSA_URL", "MSP_HALOPSA_CLIENT_ID", "MSP_HALOPSA_CLIENT_SECRET"),
            ("MSP_HALOPSA_CLIENT_SECRET",),
            "MSP_HALOPSA_CLIENT_ID and MSP_HALOPSA_CLIENT_SECRET",
            _halopsa,
        ),
        VendorApi(
            "ninjaone", "NinjaOne",
            ("MSP_NINJAONE_URL", "MSP_NINJAONE_CLIENT_ID", "MSP_NINJAONE_CLIENT_SECRET"),
            ("MSP_NINJAONE_CLIENT_SECRET",),
            "MSP_NINJAONE_CLIENT_ID and MSP_NINJAONE_CLIENT_SECRET",
            _ninjaone,
        ),
        VendorApi(
            "datto_rmm", "Datto RMM",
            ("MSP_DATTO_RMM_URL", "MSP_DATTO_RMM_API_KEY", "MSP_DATTO_RMM_API_SECRET"),
            ("MSP_DATTO_RMM_API_SECRET",),
            "MSP_DATTO_RMM_API_KEY and MSP_DATTO_RMM_API_SECRET",
            _datto_rmm,
        ),
        VendorApi(
            "prtg", "PRTG",
            ("MSP_PRTG_URL", "MSP_PRTG_API_TOKEN"),
            ("MSP_PRTG_API_TOKEN",),
            "MSP_PRTG_API_TOKEN",
            _prtg,
        ),
    )
}  # fmt: skip
