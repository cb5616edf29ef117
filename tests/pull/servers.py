"""Local servers on 127.0.0.1 that speak each vendor's documented protocol: its auth, its
pagination and its change filter, over the records a test gives them. Every request is
recorded (path, query, headers, body) so tests can assert what the puller asked for.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any = None
    at: float = field(default_factory=time.monotonic)  # when it arrived


@dataclass
class VendorServer:
    """Base: records per endpoint, a queue of forced failures, and the request log."""

    records: dict[str, list[dict[str, Any]]]
    page_size: int = 2
    failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (status, headers)
    seen: list[Seen] = field(default_factory=list)
    stall: Any = None  # a predicate on Seen: hold that request (for kill tests)

    def start(self) -> str:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self, method: str) -> None:
                url = urlparse(self.path)
                query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body: Any = raw.decode()
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = {k: v[-1] for k, v in parse_qs(raw.decode()).items()}
                seen = Seen(method, url.path, query, dict(self.headers.items()), body)
                server.seen.append(seen)
                if server.stall is not None and server.stall(seen):
                    time.sleep(30)
                if server.failures:
                    status, headers = server.failures.pop(0)
                    self._answer(status, {"error": "try again"}, headers)
                    return
                status, payload, headers = server.handle(seen, f"http://127.0.0.1:{self.server.server_port}")
                self._answer(status, payload, headers)

            def _answer(self, status: int, payload: Any, headers: dict[str, str]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, seen: Seen, base: str) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError

    def requests_to(self, path_part: str) -> list[Seen]:
        return [s for s in self.seen if path_part in s.path]


UNAUTHORIZED = (401, {"code": "Unauthorized", "message": "invalid credentials"}, {})


class ConnectWiseServer(VendorServer):
    """Basic `company+public:private` + clientId; page/pageSize with a Link header;
    `conditions=lastUpdated>[ISO]`; answers a bare array."""

    prefix = "/v4_6_release/apis/3.0/"
    endpoints = {
        "company/companies": "companies", "finance/agreements": "agreements",
        "service/tickets": "tickets", "time/entries": "time_entries",
        "finance/invoices": "invoices", "system/members": "members", "service/SLAs": "slas",
        "procurement/products": "products",
    }  # fmt: skip
    credentials = ("acme+pub", "priv", "client-123")

    def handle(self, seen: Seen, base: str) -> tuple[int, Any, dict[str, str]]:
        user, password, client_id = self.credentials
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        if seen.headers.get("Authorization") != expected or seen.headers.get("clientId") != client_id:
            return UNAUTHORIZED
        path = seen.path.removeprefix(self.prefix)
        match = re.fullmatch(r"service/SLAs/(\d+)/priorities", path)
        if match:
            rows = [r for r in self.records.get("sla_priorities", []) if str(r["sla"]["id"]) == match[1]]
        else:
            rows = list(self.records.get(self.endpoints.get(path, ""), []))
        condition = seen.query.get("conditions", "")
        changed = re.fullmatch(r"lastUpdated>\[(.+)\]", condition)
        if changed:
            # (a record without _info.lastUpdated, as some generated ones, always answers)
            rows = [r for r in rows if r.get("_info", {}).get("lastUpdated", "9999") > changed[1]]
        page = int(seen.query.get("page", 1))
        size = int(seen.query.get("pageSize", 25))
        chunk = rows[(page - 1) * size : page * size]
        headers = {}
        if page * size < len(rows):
            nxt = {**seen.query, "page": str(page + 1)}
            headers["Link"] = f'<{base}{seen.path}?{urlencode(nxt)}>; rel="next"'
        return 200, chunk, headers


class AutotaskServer(VendorServer):
    """Headers UserName/Secret/ApiIntegrationCode; `<Entity>/query?search={"MaxRecords": n,
    "filter": [...]}` (conditions ANDed; `gt` never matches an empty field, `notExist` does);
    {"items": [...], "pageDetails": {"nextPageUrl": ...}}."""

    prefix = "/ATServicesRest/V1.0/"
    endpoints = {
        "Companies": "companies", "Contracts": "contracts", "Tickets": "tickets",
        "ConfigurationItems": "configuration_items", "TimeEntries": "time_entries",
        "Resources": "resources", "BillingCodes": "billing_codes", "BillingItems": "billing_items",
        "ContractServices": "contract_services",
    }  # fmt: skip
    credentials = {"UserName": "api@acme.example", "Secret": "s3cret", "ApiIntegrationCode": "CODE"}

    def handle(self, seen: Seen, base: str) -> tuple[int, Any, dict[str, str]]:
        if any(seen.headers.get(k) != v for k, v in self.credentials.items()):
            return 401, {"errors": ["Authentication failed"]}, {}
        path = seen.path.removeprefix(self.prefix)
        if path.endswith("/entityInformation/fields"):
            entity = {"Tickets": "ticket_fields", "Contracts": "contract_fields"}[path.split("/")[0]]
            return 200, {"fields": self.records.get(entity, [])}, {}
        entity = path.removesuffix("/query")
        rows = list(self.records.get(self.endpoints.get(entity, ""), []))
        search = json.loads(seen.query.get("search") or "{}")
        rows = [r for r in rows if all(_matches(r, c) for c in search.get("filter", []))]
        size = int(search.get("MaxRecords", 500))
        start = int(seen.query.get("start", 0))
        chunk = rows[start : start + size]
        nxt = None
        if start + size < len(rows):
            nxt = f"{base}{seen.path}?{urlencode({'search': seen.query['search'], 'start': start + size})}"
        return 200, {"items": chunk, "pageDetails": {"count": len(chunk), "requestCount": size,
                                                     "prevPageUrl": None, "nextPageUrl": nxt}}, {}


def _matches(record: dict[str, Any], condition: dict[str, Any]) -> bool:
    """One Autotask query condition: comparisons, exist / notExist, and / or groups."""
    op, value = condition["op"], record.get(condition.get("field", ""))
    if op in ("and", "or"):
        found = [_matches(record, item) for item in condition["items"]]
        return all(found) if op == "and" else any(found)
    if op in ("exist", "notExist"):
        return (value not in (None, "")) == (op == "exist")
    if value is None:  # a comparison never matches an empty field
        return False
    if op == "gt":
        return str(value) > str(condition["value"])
    if op == "gte":
        return float(value) >= float(condition["value"])
    raise ValueError(f"the local Autotask server does not know {op!r}")


class _OAuthServer(VendorServer):
    token_path = "/auth/token"
    client = ("client-id", "client-secret")
    token = "tok-123"

    def check_token_request(self, seen: Seen) -> bool:
        body = seen.body or {}
        return body.get("client_id") == self.client[0] and body.get("client_secret") == self.client[1]

    def handle(self, seen: Seen, base: str) -> tuple[int, Any, dict[str, str]]:
        if seen.path == self.token_path:
            if not self.check_token_request(seen):
                return 401, {"error": "invalid_client"}, {}
            return 200, {"access_token": self.token, "token_type": "Bearer", "expires_in": 3600}, {}
        if seen.headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"error": "unauthorized"}, {}
        return self.api(seen, base)

    def api(self, seen: Seen, base: str) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError


class HaloPsaServer(_OAuthServer):
    """OAuth2 client credentials at /auth/token; /api/<Entity>?pageinate=true&page_size=&page_no=
    -> {"record_count": n, "<entities>": [...]}; lookups answer bare arrays. /api/Tickets takes
    `lastupdatefromdate`: tickets whose last_update is on or after it. /api/Actions lists no
    paging parameters in Halo's swagger (only `count`): it answers every action at once."""

    paged = {"Client": "clients", "ClientContract": "contracts", "Tickets": "tickets",
             "Actions": "actions", "Invoice": "invoices"}  # fmt: skip
    whole = {"TicketType": "ticket_types", "Status": "statuses", "Agent": "agents",
             "Priority": "priorities"}  # fmt: skip

    def api(self, seen: Seen, base: str) -> tuple[int, Any, dict[str, str]]:
        entity = seen.path.removeprefix("/api/")
        if entity in self.whole:
            return 200, self.records.get(self.whole[entity], []), {}
        key = self.paged[entity]
        rows = self.records.get(key, [])
        since = seen.query.get("lastupdatefromdate")
        if entity == "Tickets" and since:
            # (a record without last_update, as the generated ones, always answers)
            rows = [r for r in rows if (r.get("last_update") or "9999") >= since]
        size, page = int(seen.query.get("page_size", 50)), int(seen.query.get("page_no", 1))
        if entity == "Actions":
            size, page = len(rows) or 1, 1
        return 200, {"record_count": len(rows), key: rows[(page - 1) * size : page * size]}, {}


class NinjaOneServer(_OAuthServer):
    """OAuth2 at /ws/oauth/token; /v2/devices pages by `after` (ids ascending); /v2/activities
    newest first, by `olderThan`, filtered by `newerThan`."""

    token_path = "/ws/oauth/token"

    def api(self, seen: Seen, base: str) -> tuple[int, Any, dict[str, str]]:
        size = int(seen.query.get("pageSize", 100))
        if seen.path == "/v2/devices":
            rows = sorted(self.records.get("devices", []), key=lambda r: r["id"])
            after = seen.query.get("after")
            if after not in (None, "", "None"):
                rows = [r for r in rows if r["id"] > int(after)]
            return 200, rows[:size], {}
        rows = sorted(self.records.get("activities", []), key=lambda r: -r["id"])
        if seen.query.get("newerThan") not in (None, ""):
            rows = [r for r in rows if r["id"] > int(seen.query["newerThan"])]
        if seen.query.get("olderThan") not in (None, "", "None"):
            rows = [r for r in rows if r["id"] < int(seen.query["olderThan"])]
        chunk = rows[:size]
        return 200, {"lastActivityId": chunk[0]["id"] if chunk else None, "activities": chunk}, {}


class DattoRmmServer(_OAuthServer):
    """OAuth2 password grant at /auth/oauth/token (Basic public-client:public); pages with
    {"pageDetails": {"nextPageUrl": ...}}; alerts/open and alerts/resolved."""

    token_path = "/auth/oauth/token"

    def check_token_request(self, seen: Seen) -> bool:
        body = seen.body or {}
        basic = "Basic " + base64.b64encode(b"public-client:public").decode()
        return (seen.headers.get("Authorization") == basic and body.get("grant_type") == "password"
                and body.get("username") == self.client[0] and body.get("password") == self.client[1])

    def api(self, seen: Seen, base: str) -> tuple[int, Any, dict[str, str]]:
        size, page = int(seen.query.get("max", 250)), int(seen.query.get("page", 0))
        if seen.path.endswith("/devices"):
            key, rows = "devices", self.records.get("devices", [])
        else:
            resolved = seen.path.endswith("/resolved")
            key = "alerts"
            rows = [a for a in self.records.get("alerts", []) if bool(a.get("resolved")) == resolved]
        chunk = rows[page * size : (page + 1) * size]
        nxt = None
        if (page + 1) * size < len(rows):
            nxt = f"{base}{seen.path}?{urlencode({'max': size, 'page': page + 1})}"
        return 200, {"pageDetails": {"count": len(chunk), "nextPageUrl": nxt}, key: chunk}, {}


class PrtgServer(VendorServer):
    """/api/table.json?content=&columns=&start=&count=&apitoken= -> {"treesize": n, content: [...]}.

    The log (content=messages) comes newest first, its `start` counts from 1 (start=0 answers
    row 1 too) and `filter_dstart` (yyyy-MM-dd-HH-mm-ss) is read in the API user's time zone,
    here UTC-8, not in UTC like datetime_raw."""

    token = "prtg-token"
    account_utc_offset_hours = -8.0

    def handle(self, seen: Seen, base: str) -> tuple[int, Any, dict[str, str]]:
        if seen.query.get("apitoken") != self.token:
            return 401, {"error": "unauthorized"}, {}
        content = seen.query["content"]
        rows = list(self.records.get(content, []))
        start, count = int(seen.query.get("start", 0)), int(seen.query.get("count", 500))
        if content == "messages":
            rows.sort(key=lambda r: -float(r["datetime_raw"]))
            since = seen.query.get("filter_dstart")
            if since:
                local = datetime.strptime(since, "%Y-%m-%d-%H-%M-%S")
                utc = local - timedelta(hours=self.account_utc_offset_hours)
                since_ole = (utc - datetime(1899, 12, 30)) / timedelta(days=1)
                rows = [r for r in rows if float(r["datetime_raw"]) >= since_ole]
            start = max(start, 1) - 1
        return 200, {"prtg-version": "24.1", "treesize": len(rows), content: rows[start : start + count]}, {}


class ZabbixServer(VendorServer):
    """JSON-RPC 2.0 at /api_jsonrpc.php with `Authorization: Bearer <API token>`."""

    token = "zbx-token"

    def handle(self, seen: Seen, base: str) -> tuple[int, Any, dict[str, str]]:
        call = seen.body or {}
        if seen.headers.get("Authorization") != f"Bearer {self.token}":
            return 200, {"jsonrpc": "2.0", "id": call.get("id"), "error": {
                "code": -32602, "message": "Invalid params.", "data": "Not authorized."}}, {}
        params = call.get("params", {})
        method = call.get("method")
        if method == "event.get":
            rows = [e for e in self.records.get("events", [])
                    if int(e["clock"]) >= int(params.get("time_from", 0))
                    and int(e["eventid"]) >= int(params.get("eventid_from", 0))]
            rows = sorted(rows, key=lambda e: int(e["eventid"]))[: int(params.get("limit", 10**9))]
        else:
            rows = self.records.get(
                {"host.get": "hosts", "trigger.get": "triggers", "problem.get": "problems"}[method], []
            )
        return 200, {"jsonrpc": "2.0", "result": rows, "id": call.get("id")}, {}
