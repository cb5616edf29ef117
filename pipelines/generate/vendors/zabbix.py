"""Zabbix API exports (JSON-RPC `result` arrays) in `landing/zabbix/`: hosts, triggers, problems.

Each client is a host group; a device is a host (inventory type, criticality tag, hardware
install / decommission dates); each (device, check) is a trigger; each monitoring event a
problem with Unix-second clock / r_clock. `--format zabbix` writes the PSA half generic.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from pipelines.generate.records import ClientRecords, Technician
from pipelines.generate.vendors.base import IdMap, JsonArrayFile, PairWriter

SEVERITIES = {"critical": 5, "major": 4, "minor": 3, "warning": 2, "info": 1}
INFRASTRUCTURE_GROUP = {"groupid": "2", "name": "Infrastructure"}


def _epoch(ts) -> str:
    return str(int(ts.timestamp()))


class ZabbixMonitoringWriter:
    def __init__(self) -> None:
        self.groups = IdMap("clients", 101)
        self.hosts = IdMap("devices", 10501)
        self.problems = IdMap("monitoring_events", 900001)
        self.id_maps = (self.hosts, self.problems)
        self._triggers = IdMap("triggers", 20001)
        self._files: dict[str, JsonArrayFile] = {}
        self._client_map: IO[str] | None = None

    def open(self, out_dir: Path) -> None:
        folder = Path(out_dir) / "zabbix"
        folder.mkdir(parents=True, exist_ok=True)
        self._files = {
            name: JsonArrayFile(folder / f"{name}.json") for name in ("hosts", "problems")
        }
        self._trigger_file = JsonArrayFile(folder / "triggers.json")
        self._client_map = open(folder / "client_map.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._map_csv = csv.writer(self._client_map, lineterminator="\n")
        self._map_csv.writerow(("group_id", "group_name", "client_id"))

    def close(self) -> None:
        for array in [*self._files.values(), self._trigger_file]:
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
            groups = [group, INFRASTRUCTURE_GROUP] if d.device_type == "server" else [group]
            self._files["hosts"].write({
                "hostid": self.device_ref(d.device_id),
                "host": d.device_name.lower().replace(" ", "-"), "name": d.device_name,
                "status": "0", "hostgroups": groups,
                "tags": [{"tag": "criticality", "value": "critical" if d.is_critical else "standard"}],
                "inventory": {
                    "type": d.device_type.title(),
                    "date_hw_install": d.active_from.isoformat() if d.active_from else "",
                    "date_hw_decomm": d.retired_at.isoformat() if d.retired_at else "",
                },
            })  # fmt: skip
        for e in records.monitoring_events:
            trigger_key = json.dumps([e.device_id, e.check_name])
            is_new_trigger = trigger_key not in self._triggers.ids
            trigger_id = self._triggers(trigger_key)
            if is_new_trigger:
                self._trigger_file.write({
                    "triggerid": str(trigger_id), "description": e.check_name,
                    "priority": str(SEVERITIES[e.severity]),
                    "hosts": [{"hostid": self.device_ref(e.device_id)}],
                })  # fmt: skip
            problem: dict[str, Any] = {
                "eventid": str(self.problems(e.event_id)), "source": "0", "object": "0",
                "objectid": str(trigger_id), "clock": _epoch(e.started_at), "ns": "0",
                "r_eventid": "0", "r_clock": "0", "r_ns": "0",
                "name": e.check_name, "acknowledged": "0",
                "severity": str(SEVERITIES[e.severity]),
                "suppressed": "1" if e.in_maintenance else "0",
            }  # fmt: skip
            if e.resolved_at is not None:
                problem["r_eventid"] = str(self.problems(e.event_id) + 5_000_000)
                problem["r_clock"] = _epoch(e.resolved_at)
            self._files["problems"].write(problem)


class Writer(PairWriter):
    """`--format zabbix`: Zabbix monitoring files, the PSA half in the generic format."""

    def __init__(self) -> None:
        super().__init__(None, ZabbixMonitoringWriter())
