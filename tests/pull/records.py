"""Sample records each local server answers with, in the vendors' response shapes.

Small on purpose (three to five records per paged entity, so pages of two paginate); the
end-to-end test serves a generated portfolio instead.
"""

from __future__ import annotations


def _cw(i: int, updated: str, **fields: object) -> dict[str, object]:
    return {"id": i, **fields, "_info": {"lastUpdated": updated, "dateEntered": updated}}


CONNECTWISE = {
    "companies": [_cw(i, f"2026-01-0{i}T08:00:00Z", identifier=f"C{i}", name=f"Client {i}")
                  for i in range(1, 4)],
    "agreements": [_cw(10 + i, "2026-01-02T08:00:00Z", company={"id": i}, type={"name": "Managed Services"},
                       startDate="2025-01-01T00:00:00Z", billAmount=1200.0) for i in range(1, 4)],
    "tickets": [_cw(100 + i, f"2026-02-0{i}T09:00:00Z", summary=f"Ticket {i}", company={"id": 1},
                    priority={"name": "Priority 3 - Normal Response"}, closedFlag=False,
                    resolvedDate=None) for i in range(1, 6)],
    "time_entries": [_cw(200 + i, f"2026-02-0{i}T10:00:00Z", company={"id": 1},
                         member={"identifier": "jdoe"}, timeStart=f"2026-02-0{i}T09:00:00Z",
                         actualHours=1.5, billableOption="Billable") for i in range(1, 4)],
    "invoices": [_cw(300 + i, f"2026-02-0{i}T00:00:00Z", invoiceNumber=f"INV-{i}", company={"id": 1},
                     date=f"2026-02-0{i}T00:00:00Z", total=100.0 * i) for i in range(1, 4)],
    "members": [{"id": 1, "identifier": "jdoe", "hourlyCost": 45.0},
                {"id": 2, "identifier": "asmith", "hourlyCost": 50.0},
                {"id": 3, "identifier": "bking", "hourlyCost": 40.0}],
    "slas": [{"id": 7, "name": "Standard SLA"}],
    "products": [_cw(500 + i, "2026-02-03T00:00:00Z", catalogItem={"identifier": "SSD-1TB"},
                     invoice={"id": 301}, quantity=1, price=120.0, cost=80.0) for i in range(1, 4)],
    "sla_priorities": [{"id": 70 + i, "sla": {"id": 7}, "priority": {"name": f"Priority {i}"},
                        "respondHours": i} for i in range(1, 4)],
}

AUTOTASK = {
    # Client 3 was never touched: Autotask leaves its lastActivityDate empty.
    "companies": [{"id": i, "companyName": f"Client {i}",
                   "lastActivityDate": f"2026-01-0{i}T08:00:00Z" if i < 3 else None}
                  for i in range(1, 4)],
    "contracts": [{"id": 10 + i, "companyID": i, "contractType": 7, "startDate": "2025-01-01T00:00:00Z"}
                  for i in range(1, 4)],
    "tickets": [{"id": 100 + i, "ticketNumber": f"T2026020{i}.0001", "companyID": 1, "priority": 2,
                 "createDate": f"2026-02-0{i}T09:00:00Z", "lastActivityDate": f"2026-02-0{i}T09:30:00Z",
                 "userDefinedFields": []} for i in range(1, 6)],
    "configuration_items": [{"id": 50 + i, "companyID": 1, "lastModifiedTime": "2026-01-01T00:00:00Z"}
                            for i in range(1, 3)],
    "time_entries": [{"id": 200 + i, "resourceID": 5, "ticketID": 101, "startDateTime": None,
                      "dateWorked": f"2026-02-0{i}T00:00:00Z", "hoursWorked": 0.5,
                      "lastModifiedDateTime": f"2026-02-0{i}T12:00:00Z"} for i in range(1, 4)],
    "resources": [{"id": 5, "internalCost": 42.0}],
    "billing_codes": [{"id": 29682801, "name": "Remote support"}],
    "billing_items": [{"id": 400 + i, "invoiceID": 9, "companyID": 1, "itemDate": "2026-02-28T00:00:00Z",
                       "billingItemType": 1, "extendedPrice": 75.0} for i in range(1, 4)],
    "ticket_fields": [{"name": "priority", "picklistValues": [{"value": "2", "label": "Medium"}]},
                      {"name": "status", "picklistValues": [{"value": "5", "label": "Complete"}]}],
    "contract_fields": [{"name": "contractType", "picklistValues": [{"value": "7", "label": "Recurring Service"}]}],
    "contract_services": [{"id": 60 + i, "contractID": 10 + i, "unitPrice": 1500.0, "quantity": 1}
                          for i in range(1, 4)],
}

HALOPSA = {
    "clients": [{"id": i, "name": f"Client {i}"} for i in range(1, 4)],
    "contracts": [{"id": 10 + i, "client_id": i, "contracttype": 1, "contracttype_name": "Managed",
                   "start_date": "2025-01-01T00:00:00"} for i in range(1, 4)],
    "tickets": [{"id": 100 + i, "client_id": 1, "summary": f"Ticket {i}", "priority_id": 3,
                 "dateoccurred": f"2026-02-0{i}T09:00:00", "last_update": f"2026-02-0{i}T09:30:00",
                 "merged_into_id": 0} for i in range(1, 6)],
    "actions": [{"id": 200 + i, "ticket_id": 101, "who_agentid": 4, "timetaken": 0.25,
                 "actionarrivaldate": f"2026-02-0{i}T10:00:00"} for i in range(1, 4)],
    "invoices": [{"id": 300 + i, "client_id": 1, "invoice_date": "2026-02-28T00:00:00",
                  "lines": [{"id": 1, "sequenceid": 1, "item_shortdescription": "Support",
                             "qty_order": 1, "unit_price": 100.0}]} for i in range(1, 4)],
    "ticket_types": [{"id": 1, "name": "Incident"}],
    "statuses": [{"id": 9, "name": "Closed"}],
    "agents": [{"id": 4, "name": "Jo", "costprice": 40.0}],
    "priorities": [{"slaid": 1, "priorityid": 3, "name": "Medium"}],
}

NINJAONE = {
    "devices": [{"id": i, "organizationId": 1, "nodeClass": "WINDOWS_SERVER", "systemName": f"SRV{i}",
                 "fields": {}} for i in range(1, 6)],
    "activities": [{"id": 1000 + i, "activityTime": 1767225600 + 60 * i, "deviceId": 1,
                    "seriesUid": f"s{i}", "statusCode": "NODE_OFFLINE" if i % 2 else "NODE_ONLINE",
                    "activityType": "CONDITION"} for i in range(1, 6)],
}

DATTO_RMM = {
    "devices": [{"uid": f"d{i}", "siteUid": "site-1", "hostname": f"PC{i}",
                 "deviceType": {"category": "Server", "type": "Main System Chassis"}} for i in range(1, 4)],
    "alerts": [{"alertUid": f"a{i}", "priority": "Critical", "diagnostics": None, "resolved": i % 2 == 0,
                "timestamp": 1767225600000 + i, "alertSourceInfo": {"deviceUid": "d1"},
                "alertContext": {"@class": "online_offline_status_ctx", "status": "OFFLINE"}}
               for i in range(1, 6)],
}

PRTG = {
    "devices": [{"objid": 2000 + i, "device": f"fw{i}", "parentid": 50, "tags": ""} for i in range(1, 4)],
    "sensors": [{"objid": 3000 + i, "name": "Ping", "parentid": 2000 + i} for i in range(1, 4)],
    "messages": [{"objid": 3001, "datetime_raw": 46000.5 + i, "status": "Down" if i % 2 else "Up",
                  "message": "Ping timeout"} for i in range(1, 4)],
}

ZABBIX = {
    "hosts": [{"hostid": str(10000 + i), "host": f"srv{i}", "inventory": []} for i in range(1, 4)],
    "triggers": [{"triggerid": "500", "description": "Unavailable by ICMP ping", "priority": "4",
                  "hosts": [{"hostid": "10001"}]}],
    "events": [{"eventid": str(900 + i), "objectid": "500", "clock": str(1767225600 + 600 * i),
                "value": "1" if i % 2 else "0", "r_eventid": str(901 + i) if i % 2 else "0",
                "severity": "4", "name": "Unavailable by ICMP ping"} for i in range(1, 6)],
    "problems": [{"eventid": "905", "objectid": "500", "clock": "1767228600", "r_clock": "0",
                  "severity": "4", "name": "Unavailable by ICMP ping"}],
}

SAMPLES = {
    "connectwise": CONNECTWISE, "autotask": AUTOTASK, "halopsa": HALOPSA, "ninjaone": NINJAONE,
    "datto_rmm": DATTO_RMM, "prtg": PRTG, "zabbix": ZABBIX,
}  # fmt: skip

# The landing entity of each served collection, and the field holding its key.
KEYS = {
    "connectwise": {"companies": "id", "agreements": "id", "tickets": "id", "time_entries": "id",
                    "invoices": "id", "members": "identifier", "sla_priorities": "id", "products": "id"},
    "autotask": {e: "id" for e in ("companies", "contracts", "tickets", "configuration_items",
                                   "time_entries", "resources", "billing_codes", "billing_items",
                                   "contract_services")}
                | {"ticket_fields": "name", "contract_fields": "name"},
    "halopsa": {e: "id" for e in ("clients", "contracts", "tickets", "actions", "invoices",
                                  "ticket_types", "statuses", "agents")} | {"priorities": "slaid"},
    "ninjaone": {"devices": "id", "activities": "id"},
    "datto_rmm": {"devices": "uid", "alerts": "alertUid"},
    "prtg": {"devices": "objid", "sensors": "objid", "messages": "datetime_raw"},
    "zabbix": {"hosts": "hostid", "triggers": "triggerid", "events": "eventid", "problems": "eventid"},
}
