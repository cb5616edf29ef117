"""Zabbix API exports (JSON-RPC responses) in `landing/zabbix/`: hosts, events, open problems.

Each client is a host group; a device is a host. Its class travels as Zabbix carries it: a
server or network host without hardware dates has its inventory off (host.get returns
`inventory: []`) and is known by its stock template ("Linux by Zabbix agent", "Network Generic
Device by SNMP"); other hosts carry an inventory `type`. The history is event.get: each
monitoring event is a problem event (value 1) whose r_eventid names its recovery event
(value 0), as Zabbix pairs them; problems.json is problem.get at the end of the range (the
problems still open). `--format zabbix` writes the PSA half generic.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from pipelines.generate.records import ClientRecords, Device, MonitoringEvent, Technician
from pipelines.generate.vendors.base import IdMap, JsonArrayFile, PairWriter

SEVERITIES = {"critical": 5, "major": 4, "minor": 3, "warning": 2, "info": 1}
INFRASTRUCTURE_GROUP = {"groupid": "2", "name": "Infrastructure"}
ICMP_TEMPLATE = {"templateid": "10564", "name": "ICMP Ping"}
# Stock templates that name a device class (vendor_value_map.csv, field device_type).
CLASS_TEMPLATES = {
    "server": {"templateid": "10001", "name": "Linux by Zabbix agent"},
    "network": {"templateid": "10226", "name": "Network Generic Device by SNMP"},
}
RECOVERY_ID_OFFSET = 5_000_000


def _epoch(moment: datetime) -> str:
    return str(int(moment.timestamp()))


class JsonRpcResultFile(JsonArrayFile):
    """A JSON-RPC response, {"jsonrpc": "2.0", "result": [...], "id": 1}, written object by object."""

    def __init__(self, path: Path) -> None:  # noqa: D107 - the envelope replaces the bare array
        self._handle = open(path, "w", encoding="utf-8")  # noqa: SIM115
        self._key = None
        self._count = 0
        self._handle.write('{"jsonrpc": "2.0", "result": [')

    def close(self) -> None:
        self._handle.write('\n], "id": 1}\n')
        self._handle.close()


class ZabbixMonitoringWriter:
    def __init__(self) -> None:
        self.groups = IdMap("clients", 101)
        self.hosts = IdMap("devices", 10501)
        self.problems = IdMap("monitoring_events", 900001)
        self.id_maps = (self.hosts, self.problems)
        self._triggers = IdMap("triggers", 20001)
        self._client_map: IO[str] | None = None

    def open(self, out_dir: Path) -> None:
        folder = Path(out_dir) / "zabbix"
        folder.mkdir(parents=True, exist_ok=True)
        self._files = {
            name: JsonRpcResultFile(folder / f"{name}.json")
            for name in ("hosts", "events", "problems")
        }
        self._client_map = open(folder / "client_map.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._map_csv = csv.writer(self._client_map, lineterminator="\n")
        self._map_csv.writerow(("group_id", "group_name", "client_id"))

    def close(self) -> None:
        for array in self._files.values():
            array.close()
        if self._client_map:
            self._client_map.close()

    def device_ref(self, device_id: str) -> str:
        return str(self.hosts(device_id))

    def write_technicians(self, technicians: Sequence[Technician]) -> None:
        pass  # a monitoring tool has no technicians

    def write_client(self, records: ClientRecords) -> None:
        client = records.client
        group = {
            "groupid": str(self.groups(client.client_id)),
            "name": f"Clients/{client.client_name}",
        }
        self._map_csv.writerow((group["groupid"], group["name"], client.client_id))
        for d in records.devices:
            self._files["hosts"].write(self._host(d, group))
        for e in records.monitoring_events:
            self._write_event(e)

    def _host(self, d: Device, group: dict[str, str]) -> dict[str, Any]:
        groups = [group, INFRASTRUCTURE_GROUP] if d.device_type == "server" else [group]
        templates = [ICMP_TEMPLATE]
        inventory: dict[str, str] | list = {
            "type": d.device_type.title(),
            "date_hw_install": d.active_from.isoformat() if d.active_from else "",
            "date_hw_decomm": d.retired_at.isoformat() if d.retired_at else "",
        }
        if d.device_type in CLASS_TEMPLATES:
            templates.append(CLASS_TEMPLATES[d.device_type])
            if d.active_from is None and d.retired_at is None:
                inventory = []  # inventory mode disabled, as on most installs
        return {
            "hostid": self.device_ref(d.device_id), "host": d.device_name.lower().replace(" ", "-"),
            "name": d.device_name, "status": "0", "hostgroups": groups,
            "parentTemplates": templates,
            "tags": [{"tag": "criticality", "value": "critical" if d.is_critical else "standard"}],
            "inventory": inventory,
        }  # fmt: skip

    def _write_event(self, e: MonitoringEvent) -> None:
        host = [{"hostid": self.device_ref(e.device_id)}]
        trigger_id = str(self._triggers(f"{e.device_id}|{e.check_name}"))
        event_id = self.problems(e.event_id)
        common = {
            "source": "0", "object": "0", "objectid": trigger_id, "ns": "0", "name": e.check_name,
            "acknowledged": "0", "c_eventid": "0", "cause_eventid": "0", "correlationid": "0",
            "userid": "0", "opdata": "", "urls": [], "hosts": host,
        }  # fmt: skip
        recovery_id = str(event_id + RECOVERY_ID_OFFSET) if e.resolved_at is not None else "0"
        problem = {
            "eventid": str(event_id), **common, "clock": _epoch(e.started_at), "value": "1",
            "severity": str(SEVERITIES[e.severity]), "r_eventid": recovery_id,
            "suppressed": "1" if e.in_maintenance else "0",
        }  # fmt: skip
        self._files["events"].write(problem)
        if e.resolved_at is not None:
            self._files["events"].write({
                "eventid": recovery_id, **common, "clock": _epoch(e.resolved_at), "value": "0",
                "severity": "0", "r_eventid": "0", "suppressed": "0",
            })  # fmt: skip
        else:
            # problem.get (recent problems) at the end of the range: the open ones.
            self._files["problems"].write({
                "eventid": str(event_id), "source": "0", "object": "0", "objectid": trigger_id,
                "clock": _epoch(e.started_at), "ns": "0", "r_eventid": "0", "r_clock": "0",
                "r_ns": "0", "name": e.check_name, "acknowledged": "0",
                "severity": str(SEVERITIES[e.severity]),
                "suppressed": "1" if e.in_maintenance else "0",
            })  # fmt: skip


class Writer(PairWriter):
    """`--format zabbix`: Zabbix monitoring files, the PSA half in the generic format."""

    def __init__(self) -> None:
        super().__init__(None, ZabbixMonitoringWriter())
