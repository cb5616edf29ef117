"""A small published warehouse with the marts' public columns (docs/design.md section 4).

Stand-in for a real build while the marts are being written: deterministic,
realistic values, internally consistent (monthly marts are aggregated here from
the outages and tickets). Replace ``build_fixture_warehouse`` with a real build
(``pipelines.build``) and the tests keep working, because they compare the
reports with queries on whatever warehouse they are given.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd

AS_OF = datetime(2026, 11, 20, 15, 0)  # a Friday: the last complete week is 2026-W46
FIRST_MONTH = date(2026, 5, 1)
MODELS = ("managed", "break_fix", "hybrid")
INDUSTRIES = ("legal", "dental", "accounting", "manufacturing", "retail", "charity")
SERVICE_FLAGS = ("recurring_faults_same_device", "sla_breaches_rising")
SLA_TARGETS = {"P1": (30, 240), "P2": (60, 480), "P3": (240, 1440), "P4": (480, 2880)}


def _months() -> list[date]:
    months, month = [], FIRST_MONTH
    while month <= AS_OF.date():
        months.append(month)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def _month_end(month: date) -> datetime:
    nxt = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return min(datetime.combine(nxt, datetime.min.time()), AS_OF)


def _clients(count: int, rng: random.Random) -> list[dict]:
    clients = []
    for n in range(1, count + 1):
        client_id = f"C{n:04d}"
        seats = rng.randint(5, 120)
        recipients = [] if n % 7 == 3 else [f"it-lead@{client_id.lower()}.example"]
        if n % 5 == 1:
            recipients.append(f"owner@{client_id.lower()}.example")
        clients.append(
            {
                "client_id": client_id,
                "client_name": f"Client {n:04d} {rng.choice(INDUSTRIES).title()} Ltd",
                "industry": rng.choice(INDUSTRIES),
                "seats": seats,
                "timezone": "Europe/London",
                "current_support_model": MODELS[(n - 1) % 3],
                "active_endpoints": seats + rng.randint(1, 8),
                "downtime_cost_per_hour": round(seats * 50.0, 2),
                "report_recipients": ";".join(recipients) or None,
            }
        )
    return clients


def _devices(client: dict, rng: random.Random) -> list[dict]:
    kinds = ["server", "firewall", "network", "storage"] + ["workstation"] * 4
    return [
        {
            "device_id": f"{client['client_id']}-D{k:02d}",
            "client_id": client["client_id"],
            "device_name": f"{client['client_id'].lower()}-{kind[:3]}{k:02d}",
            "device_type": kind,
            "is_critical": kind in ("server", "firewall", "network", "storage"),
        }
        for k, kind in enumerate(kinds, start=1)
    ]


def _outages(client: dict, rng: random.Random) -> list[dict]:
    # Break-fix clients suffer more and longer outages: the story the product tells.
    rate = {"managed": 3, "hybrid": 6, "break_fix": 10}[client["current_support_model"]]
    start = datetime.combine(FIRST_MONTH, datetime.min.time())
    span = (AS_OF - start).total_seconds()
    starts = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(rate * 7))
    outages, last_end = [], start
    for begin in starts:
        begin = max(begin, last_end + timedelta(minutes=5))
        end = min(begin + timedelta(minutes=rng.choice([12, 35, 70, 180, 420])), AS_OF)
        if begin >= AS_OF:
            break
        outages.append(
            {
                "client_id": client["client_id"],
                "outage_start": begin.replace(microsecond=0),
                "outage_end": end.replace(microsecond=0),
                "duration_minutes": round(
                    (end.replace(microsecond=0) - begin.replace(microsecond=0)).total_seconds()
                    / 60,
                    2,
                ),
                "devices_affected": rng.randint(1, 3),
                "is_open": end == AS_OF,
            }
        )
        last_end = end
    return outages


def _tickets(client: dict, devices: list[dict], rng: random.Random, first_id: int) -> list[dict]:
    tickets, start = [], datetime.combine(FIRST_MONTH, datetime.min.time())
    span = (AS_OF - start).total_seconds()
    count = max(8, client["seats"] // 2) * len(_months())
    last_fault: dict[tuple, datetime] = {}
    created_all = sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))
    for k, created in enumerate(created_all):
        created = created.replace(microsecond=0)
        priority = rng.choice(["P1", "P2", "P3", "P3", "P4", "P4"])
        device = rng.choice(devices[:6]) if rng.random() < 0.6 else None
        ticket_type = "incident" if device and rng.random() < 0.8 else "request"
        category, sub = rng.choice(
            [("hardware", "disk"), ("network", "vpn"), ("software", "outlook")]
        )
        resp_target, res_target = SLA_TARGETS[priority]
        if client["current_support_model"] == "break_fix":
            resp_target = res_target = None
        response = created + timedelta(minutes=rng.uniform(2, 400))
        resolved = response + timedelta(minutes=rng.uniform(10, 3000))
        response = response if response <= AS_OF else None
        resolved = resolved if resolved <= AS_OF else None
        resp_min = (response - created).total_seconds() / 60 if response else None
        res_min = (resolved - created).total_seconds() / 60 if resolved else None
        age = (AS_OF - created).total_seconds() / 60

        def verdict(minutes, target, age=age):
            if target is None:
                return None
            if minutes is None:
                return False if age > target else None
            return minutes <= target

        recurring = None
        if ticket_type == "incident" and device:
            signature = (device["device_id"], category, sub)
            previous = last_fault.get(signature)
            recurring = previous is not None and created - previous <= timedelta(days=30)
            last_fault[signature] = created
        tickets.append(
            {
                "ticket_id": f"T{first_id + k:07d}",
                "client_id": client["client_id"],
                "device_id": device["device_id"] if device else None,
                "created_at": created,
                "first_response_at": response.replace(microsecond=0) if response else None,
                "resolved_at": resolved.replace(microsecond=0) if resolved else None,
                "priority": priority,
                "ticket_type": ticket_type,
                "category": category,
                "subcategory": sub,
                "source": rng.choice(["monitoring", "phone", "email", "portal"]),
                "support_model": client["current_support_model"],
                "response_minutes": round(resp_min, 2) if resp_min is not None else None,
                "resolution_minutes": round(res_min, 2) if res_min is not None else None,
                "response_target_minutes": resp_target,
                "resolution_target_minutes": res_target,
                "response_sla_met": verdict(resp_min, resp_target),
                "resolution_sla_met": verdict(res_min, res_target),
                "is_recurring_fault": bool(recurring),
            }
        )
    return tickets


def _monthly(client: dict, outages: list[dict], tickets: list[dict], rng: random.Random):
    downtime, faults, sla, margin = [], [], [], []
    model = client["current_support_model"]
    for month in _months():
        m_start, m_end = datetime.combine(month, datetime.min.time()), _month_end(month)
        minutes_in_month = (m_end - m_start).total_seconds() / 60
        clipped = [
            (min(o["outage_end"], m_end) - max(o["outage_start"], m_start)).total_seconds() / 60
            for o in outages
            if o["outage_start"] < m_end and o["outage_end"] > m_start
        ]
        down = round(sum(clipped), 2)
        bh = round(down * 0.45, 2)
        downtime.append(
            {
                "client_id": client["client_id"],
                "month": month,
                "downtime_minutes": down,
                "outage_count": len(clipped),
                "availability_pct": 100 * (1 - down / minutes_in_month),
                "business_hours_downtime_minutes": bh,
                "estimated_downtime_cost": round(bh / 60 * client["downtime_cost_per_hour"], 2),
                "longest_outage_minutes": round(max(clipped, default=0.0), 2),
            }
        )
        in_month = [t for t in tickets if m_start <= t["created_at"] < m_end]
        fault_rows = [t for t in in_month if t["ticket_type"] == "incident" and t["device_id"]]
        recurring = sum(t["is_recurring_fault"] for t in fault_rows)
        faults.append(
            {
                "client_id": client["client_id"],
                "month": month,
                "fault_count": len(fault_rows),
                "recurring_fault_count": recurring,
                "recurring_fault_rate": 100 * recurring / len(fault_rows) if fault_rows else None,
            }
        )
        rm = sum(t["response_sla_met"] is True for t in in_month)
        rb = sum(t["response_sla_met"] is False for t in in_month)
        sm = sum(t["resolution_sla_met"] is True for t in in_month)
        sb = sum(t["resolution_sla_met"] is False for t in in_month)
        responses = sorted(
            t["response_minutes"] for t in in_month if t["response_minutes"] is not None
        )
        sla.append(
            {
                "client_id": client["client_id"],
                "month": month,
                "tickets": len(in_month),
                "response_met": rm,
                "response_breached": rb,
                "response_met_pct": 100 * rm / (rm + rb) if rm + rb else None,
                "resolution_met": sm,
                "resolution_breached": sb,
                "resolution_met_pct": 100 * sm / (sm + sb) if sm + sb else None,
                "median_response_minutes": float(pd.Series(responses).median())
                if responses
                else None,
            }
        )
        hours = round(len(in_month) * rng.uniform(0.8, 2.0), 2)
        fee = client["seats"] * {"managed": 95, "hybrid": 60, "break_fix": 0}[model]
        revenue = round(
            fee + (hours * 0.9 * 110 if model != "managed" else 0) + rng.uniform(0, 300), 2
        )
        labor_cost = round(hours * 48.0, 2)
        parts = round(rng.uniform(0, 250), 2)
        tooling = round(client["active_endpoints"] * 6.0 * (model != "break_fix"), 2)
        total = round(labor_cost + parts + tooling, 2)
        margin.append(
            {
                "client_id": client["client_id"],
                "month": month,
                "support_model": model,
                "revenue": revenue,
                "labor_hours": hours,
                "billable_hours": round(hours * 0.9, 2),
                "labor_cost": labor_cost,
                "parts_cost": parts,
                "tooling_cost": tooling,
                "total_cost": total,
                "gross_margin": round(revenue - total, 2),
                "gross_margin_pct": 100 * (revenue - total) / revenue if revenue else None,
                "effective_hourly_rate": (revenue - parts) / hours if hours else None,
            }
        )
    return downtime, faults, sla, margin


def _health_weekly(client: dict, outages: list[dict], tickets: list[dict], margin: list[dict]):
    rows, week = [], FIRST_MONTH - timedelta(days=FIRST_MONTH.weekday())
    while week <= AS_OF.date():
        w_start = datetime.combine(week, datetime.min.time())
        w_end = min(w_start + timedelta(days=7), AS_OF)
        down = sum(
            (min(o["outage_end"], w_end) - max(o["outage_start"], w_start)).total_seconds() / 60
            for o in outages
            if o["outage_start"] < w_end and o["outage_end"] > w_start
        )
        availability = 100 * (1 - down / ((w_end - w_start).total_seconds() / 60))
        in_week = [t for t in tickets if w_start <= t["created_at"] < w_end]
        faults = [t for t in in_week if t["ticket_type"] == "incident" and t["device_id"]]
        recurring_rate = (
            100 * sum(t["is_recurring_fault"] for t in faults) / len(faults) if faults else None
        )
        verdicts = [t["response_sla_met"] for t in in_week if t["response_sla_met"] is not None]
        response_pct = 100 * sum(verdicts) / len(verdicts) if verdicts else None
        month_margin = next(
            m for m in margin if m["month"] == week.replace(day=1) or m is margin[-1]
        )
        margin_pct = month_margin["gross_margin_pct"]
        scores = {
            "availability_score": max(0.0, 100 - (100 - availability) * 50),
            "recurring_fault_score": 100 - (recurring_rate or 0),
            "sla_score": response_pct if response_pct is not None else 100.0,
            "margin_score": max(0.0, min(100.0, 50 + (margin_pct or 0))),
            "ticket_load_score": max(0.0, 100 - 400 * len(in_week) / client["seats"]),
        }
        weighted = sum(scores.values()) / len(scores)
        service = {k: v for k, v in scores.items() if k != "margin_score"}
        service_weighted = sum(service.values()) / len(service)
        model = client["current_support_model"]
        fee_equivalent = round(client["seats"] * 95.0 * 3, 2)
        downtime_cost = round(down * 3 * 0.45 / 60 * client["downtime_cost_per_hour"], 2)
        flags = {
            "managed_losing_money": model == "managed" and (margin_pct or 0) < 0,
            "break_fix_downtime_over_managed_fee": model == "break_fix"
            and downtime_cost > fee_equivalent,
            "recurring_faults_same_device": bool(recurring_rate and recurring_rate >= 30),
            "sla_breaches_rising": False,
        }
        raised = [code for code, on in flags.items() if on]
        service_raised = [c for c in raised if c in SERVICE_FLAGS]
        rows.append(
            {
                "client_id": client["client_id"],
                "week_start": week,
                "support_model": model,
                "health_score": round(max(0.0, weighted - 10 * len(raised)), 1),
                "availability_pct": availability,
                "recurring_fault_rate": recurring_rate,
                "response_met_pct": response_pct,
                "gross_margin_pct": margin_pct,
                "tickets_per_seat": len(in_week) / client["seats"],
                "flags": ";".join(raised),
                "recommendation": "Propose a managed agreement: downtime cost this client more than a managed fee would."
                if flags["break_fix_downtime_over_managed_fee"]
                else (
                    "Fix the root cause of the repeated faults on one device, or plan to replace it."
                    if raised
                    else "Healthy: no action needed this week."
                ),
                "flag_count": len(raised),
                "is_managed_losing_money": flags["managed_losing_money"],
                "is_break_fix_downtime_over_managed_fee": flags[
                    "break_fix_downtime_over_managed_fee"
                ],
                "has_recurring_faults_same_device": flags["recurring_faults_same_device"],
                "is_sla_breaches_rising": False,
                **{k: round(v, 1) for k, v in scores.items()},
                "weighted_component_score": weighted,
                "downtime_minutes": down,
                "sla_met_pct": response_pct,
                "sla_breaches": sum(v is False for v in verdicts),
                "sla_breaches_prior": 0,
                "max_recurring_faults_on_one_device": sum(t["is_recurring_fault"] for t in faults),
                "gross_margin": month_margin["gross_margin"],
                "estimated_downtime_cost": downtime_cost,
                "managed_fee_equivalent": fee_equivalent,
                "service_health_score": round(
                    max(0.0, service_weighted - 10 * len(service_raised)), 1
                ),
                "service_weighted_component_score": service_weighted,
                "service_flag_count": len(service_raised),
                "account_health_score": round(max(0.0, weighted - 10 * len(raised)), 1),
                "client_recommendation": "One of your devices keeps having the same fault: we are "
                "finding the root cause, and will tell you if the device should be replaced."
                if service_raised
                else "Your IT service is in good health: nothing needs your attention this week.",
            }
        )
        week += timedelta(days=7)
    return rows


def _support_model_monthly(margins: pd.DataFrame, downtime: pd.DataFrame, faults: pd.DataFrame):
    merged = margins.merge(downtime, on=["client_id", "month"]).merge(
        faults, on=["client_id", "month"]
    )
    rows = []
    for (model, month), g in merged.groupby(["support_model", "month"]):
        revenue, cost = g["revenue"].sum(), g["total_cost"].sum()
        rows.append(
            {
                "support_model": model,
                "month": month,
                "clients": len(g),
                "revenue": round(revenue, 2),
                "total_cost": round(cost, 2),
                "gross_margin": round(revenue - cost, 2),
                "gross_margin_pct": 100 * (revenue - cost) / revenue if revenue else None,
                "labor_hours": g["labor_hours"].sum(),
                "effective_hourly_rate": (revenue - g["parts_cost"].sum()) / g["labor_hours"].sum(),
                "downtime_minutes_per_client": g["downtime_minutes"].mean(),
                "recurring_fault_rate": 100
                * g["recurring_fault_count"].sum()
                / g["fault_count"].sum(),
            }
        )
    return rows


# The support-model case, worked by hand (tests/reports/test_report_case.py checks the report
# against these): per client, the model in force and monthly (fee, labour, emergency labour,
# parts, downtime minutes, downtime cost) for each model. Labour of the break-fix client rises
# by 100 a month from May (500) so that the case's months are visible in its sums.
CASE_MONTHS = [date(2026, m, 1) for m in range(5, 12)]  # May-Nov 2026; November is to date
CASE_MODELS = {
    "C0001": (
        "managed",
        {
            "managed": (1500, 0, 0, 50, 30, 120),
            "break_fix": (0, 900, 200, 50, 400, 1400),
            "hybrid": (700, 400, 100, 50, 200, 700),
        },
    ),
    "C0002": (
        "break_fix",
        {
            "break_fix": (0, None, 300, 100, 300, 900),  # labour: 500 + 100 x month index
            "managed": (1000, 0, 0, 100, 90, 300),
            "hybrid": (500, 250, 150, 100, 180, 500),
        },
    ),
    "C0003": (
        "hybrid",
        {
            "hybrid": (400, 200, 0, 50, 40, 100),
            "managed": (900, 0, 0, 50, 20, 60),
            "break_fix": (0, 700, 100, 50, 120, 300),
        },
    ),
    "C0004": (
        "managed",
        {
            "managed": (2000, 0, 0, 0, 10, 50),
            "break_fix": (0, 600, 0, 0, 100, 400),
            "hybrid": (900, 300, 0, 0, 60, 200),
        },
    ),
}


def _counterfactual(client_ids: list[str]) -> list[dict]:
    rows = []
    for client_id in client_ids:
        in_force, models = CASE_MODELS[client_id]
        for index, month in enumerate(CASE_MONTHS):
            for model, (fee, labor, emergency, parts, minutes, downtime_cost) in models.items():
                labor = 500 + 100 * index if labor is None else labor
                it_cost = fee + labor + emergency + parts
                msp_cost = round(it_cost * 0.6 + 37.13, 2)  # odd cents: easy to spot if leaked
                rows.append(
                    {
                        "client_id": client_id,
                        "month": month,
                        "support_model": model,
                        "basis": "actual" if model == in_force else "modelled",
                        "is_complete_month": month < date(2026, 11, 1),
                        "client_fee_cost": fee,
                        "client_labor_cost": labor,
                        "client_emergency_labor_cost": emergency,
                        "client_parts_cost": parts,
                        "client_it_cost": it_cost,
                        "downtime_minutes": float(minutes),
                        "estimated_downtime_cost": downtime_cost,
                        "client_total_cost": it_cost + downtime_cost,
                        "msp_revenue": it_cost,
                        "msp_cost": msp_cost,
                        "msp_margin": round(it_cost - msp_cost, 2),
                        "msp_margin_pct": 100 * (it_cost - msp_cost) / it_cost,
                    }
                )
    return rows


def _outage_devices(outages: list[dict], devices: list[dict], rng: random.Random) -> list[dict]:
    critical = [d for d in devices if d["is_critical"]]
    rows = []
    for outage in outages:
        for device in rng.sample(critical, min(outage["devices_affected"], len(critical))):
            rows.append(
                {
                    "client_id": outage["client_id"],
                    "outage_start": outage["outage_start"],
                    "device_id": device["device_id"],
                    "device_name": device["device_name"],
                    "device_type": device["device_type"],
                    "device_down_from": outage["outage_start"],
                    "device_down_to": outage["outage_end"],
                }
            )
    return rows


def _work_weekly(client: dict, tickets: list[dict], rng: random.Random) -> list[dict]:
    rows, week = [], FIRST_MONTH - timedelta(days=FIRST_MONTH.weekday())
    while week <= AS_OF.date():
        start = datetime.combine(week, datetime.min.time())
        in_week = [t for t in tickets if start <= t["created_at"] < start + timedelta(days=7)]
        kinds = {"reactive": (len(in_week), round(len(in_week) * 1.25, 2), len(in_week))}
        if client["current_support_model"] != "break_fix":
            entries = rng.randint(1, 3)
            kinds["proactive"] = (entries, entries * 1.5, 0)
        for work_type, (entries, hours, ticket_count) in kinds.items():
            if entries:
                rows.append(
                    {
                        "client_id": client["client_id"],
                        "week_start": week,
                        "work_type": work_type,
                        "time_entries": entries,
                        "hours": float(hours),
                        "tickets": ticket_count,
                    }
                )
        week += timedelta(days=7)
    return rows


def _transitions(clients: list[dict]) -> list[dict]:
    # Every sixth client moved from break-fix to managed in August: fewer outages after.
    return [
        {
            "client_id": c["client_id"],
            "from_model": "break_fix",
            "to_model": "managed",
            "changed_on": date(2026, 8, 1),
            "months_compared": 3,
            "downtime_minutes_per_month_before": 610.0 + n,
            "downtime_minutes_per_month_after": 140.5 + n,
            "recurring_fault_rate_before": 31.0,
            "recurring_fault_rate_after": 12.5,
            "tickets_per_seat_per_month_before": 0.82,
            "tickets_per_seat_per_month_after": 0.55,
            "gross_margin_pct_before": 18.4,
            "gross_margin_pct_after": 27.9,
            "gross_margin_per_month_before": 410.0,
            "gross_margin_per_month_after": 905.5,
        }
        for n, c in enumerate(clients)
        if c["current_support_model"] == "managed" and int(c["client_id"][1:]) % 6 == 1
    ]


def build_fixture_warehouse(path: Path, clients: int = 4, seed: int = 11) -> Path:
    """Write a DuckDB file with schemas marts and intermediate, like a published build."""
    rng = random.Random(seed)
    tables: dict[str, list[dict]] = {
        k: []
        for k in (
            "dim_clients",
            "dim_devices",
            "fct_outages",
            "fct_tickets",
            "fct_client_downtime_monthly",
            "fct_client_faults_monthly",
            "fct_client_sla_monthly",
            "fct_client_margin_monthly",
            "fct_client_health_weekly",
            "fct_client_outage_devices",
            "fct_client_work_weekly",
        )
    }
    client_rows = _clients(clients, rng)
    for client in client_rows:
        devices = _devices(client, rng)
        outages = _outages(client, rng)
        tickets = _tickets(client, devices, rng, first_id=len(tables["fct_tickets"]) + 1)
        downtime, faults, sla, margin = _monthly(client, outages, tickets, rng)
        tables["dim_clients"].append(client)
        tables["dim_devices"] += devices
        tables["fct_outages"] += outages
        tables["fct_tickets"] += tickets
        tables["fct_client_downtime_monthly"] += downtime
        tables["fct_client_faults_monthly"] += faults
        tables["fct_client_sla_monthly"] += sla
        tables["fct_client_margin_monthly"] += margin
        tables["fct_client_health_weekly"] += _health_weekly(client, outages, tickets, margin)
        tables["fct_client_outage_devices"] += _outage_devices(outages, devices, rng)
        tables["fct_client_work_weekly"] += _work_weekly(client, tickets, rng)
    frames = {name: pd.DataFrame(rows) for name, rows in tables.items()}
    frames["fct_support_model_monthly"] = pd.DataFrame(
        _support_model_monthly(
            frames["fct_client_margin_monthly"],
            frames["fct_client_downtime_monthly"],
            frames["fct_client_faults_monthly"],
        )
    )
    frames["fct_support_model_transitions"] = pd.DataFrame(_transitions(client_rows))
    frames["fct_client_model_counterfactual_monthly"] = pd.DataFrame(
        _counterfactual([c["client_id"] for c in client_rows if c["client_id"] in CASE_MODELS])
    )
    money = (
        "revenue",
        "labor_cost",
        "parts_cost",
        "tooling_cost",
        "total_cost",
        "gross_margin",
        "estimated_downtime_cost",
        "downtime_cost_per_hour",
        "managed_fee_equivalent",
        "gross_margin_per_month_before",
        "gross_margin_per_month_after",
        "client_fee_cost",
        "client_labor_cost",
        "client_emergency_labor_cost",
        "client_parts_cost",
        "client_it_cost",
        "client_total_cost",
        "msp_revenue",
        "msp_cost",
        "msp_margin",
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema intermediate")
        for name, frame in frames.items():
            con.register("frame", frame)
            casts = ", ".join(
                f"cast({col} as decimal(18,2)) as {col}" if col in money else col
                for col in frame.columns
            )
            con.execute(f"create table marts.{name} as select {casts} from frame")  # noqa: S608
            con.unregister("frame")
        con.execute("create table intermediate.int_as_of as select ?::timestamp as as_of", [AS_OF])
    return path
