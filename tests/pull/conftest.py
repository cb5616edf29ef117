"""Each vendor's local server, its variables set, and a data folder for the pull."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pull import records
from tests.pull.servers import (
    AutotaskServer,
    ConnectWiseServer,
    DattoRmmServer,
    HaloPsaServer,
    NinjaOneServer,
    PrtgServer,
    VendorServer,
    ZabbixServer,
)

ALL_VARIABLES = [name for name in os.environ if name.startswith(("MSP_CONNECTWISE_", "MSP_AUTOTASK_",
                 "MSP_HALOPSA_", "MSP_NINJAONE_", "MSP_DATTO_RMM_", "MSP_ZABBIX_", "MSP_PRTG_"))]


def _env(name: str, base: str, server: VendorServer) -> dict[str, str]:
    if name == "connectwise":
        return {"MSP_CONNECTWISE_URL": base + server.prefix, "MSP_CONNECTWISE_COMPANY": "acme",
                "MSP_CONNECTWISE_PUBLIC_KEY": "pub", "MSP_CONNECTWISE_PRIVATE_KEY": "priv",
                "MSP_CONNECTWISE_CLIENT_ID": "client-123"}
    if name == "autotask":
        return {"MSP_AUTOTASK_URL": base + server.prefix, "MSP_AUTOTASK_USERNAME": "api@acme.example",
                "MSP_AUTOTASK_SECRET": "s3cret", "MSP_AUTOTASK_INTEGRATION_CODE": "CODE"}
    if name == "halopsa":
        return {"MSP_HALOPSA_URL": base, "MSP_HALOPSA_CLIENT_ID": "client-id",
                "MSP_HALOPSA_CLIENT_SECRET": "client-secret"}
    if name == "ninjaone":
        return {"MSP_NINJAONE_URL": base, "MSP_NINJAONE_CLIENT_ID": "client-id",
                "MSP_NINJAONE_CLIENT_SECRET": "client-secret"}
    if name == "datto_rmm":
        return {"MSP_DATTO_RMM_URL": base, "MSP_DATTO_RMM_API_KEY": "client-id",
                "MSP_DATTO_RMM_API_SECRET": "client-secret"}
    if name == "prtg":
        return {"MSP_PRTG_URL": base, "MSP_PRTG_API_TOKEN": "prtg-token"}
    return {"MSP_ZABBIX_URL": base + "/api_jsonrpc.php", "MSP_ZABBIX_TOKEN": "zbx-token"}


SERVERS = {
    "connectwise": ConnectWiseServer, "autotask": AutotaskServer, "halopsa": HaloPsaServer,
    "ninjaone": NinjaOneServer, "datto_rmm": DattoRmmServer, "prtg": PrtgServer,
    "zabbix": ZabbixServer,
}  # fmt: skip


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ALL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    # Retries in tests: no sleeping between attempts beyond what Retry-After asks.
    monkeypatch.setenv("RUNTIME__REQUEST_BACKOFF_FACTOR", "0")
    monkeypatch.setenv("RUNTIME__REQUEST_MAX_RETRY_DELAY", "1")


@pytest.fixture
def vendor_server(clean_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """Start a vendor's server over its sample records; set the vendor's variables."""
    started: list[VendorServer] = []

    def start(name: str, **env_overrides: str) -> VendorServer:
        server = SERVERS[name](copy.deepcopy(records.SAMPLES[name]))
        base = server.start()
        started.append(server)
        for key, value in {**_env(name, base, server), **env_overrides}.items():
            monkeypatch.setenv(key, value)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"
