"""Which model pays (docs/metrics.md), computed in plain Python from the generator's records.

The independent second computation the counterfactual and pricing marts are tested against:
the price book filled from the agreements, the per-device effects of each model, every
client-month under each model, and each managed or hybrid agreement's pricing. Clients arrive
one at a time (``add_client``) and keep only monthly sums; the portfolio-wide figures (price
book, effects) are worked out at the end (``result``). Money is Decimal, rounded half up.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from pipelines.generate.records import ClientRecords, Device
from pipelines.generate.truth import (
    ClientTruth,
    cents,
    device_active_in,
    line_months,
    signed_amount,
)

MODELS = ("break_fix", "managed", "hybrid")
DEFAULT_FEE_PER_SEAT = {"managed": 100.0, "hybrid": 45.0}
DEFAULT_HOURLY_RATE = Decimal("125")
DEFAULT_MULTIPLIER = 1.5
DEFAULT_COVERAGE = "server|network|firewall"
TOOLING = Decimal("6.00")
TARGET_MARGIN = 0.35
LINE_KINDS = ("recurring_fee", "labor", "emergency_labor", "parts", "project", "credit")


def _money(value: float | Decimal) -> Decimal:
    return cents(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))


@dataclass
class _Month:
    month: date
    model: str
    agreement_id: str | None
    complete: bool
    row: dict  # the client's truth row (margin, downtime)
    billed: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    hours: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    reactive_by_type: dict[str | None, float] = field(default_factory=lambda: defaultdict(float))


@dataclass
class _Client:
    client_id: str
    seats: int
    devices: list[Device]
    own_rate: Decimal | None
    own_multiplier: float | None
    months: list[_Month]


class ModelPaysTruth:
    def __init__(self, as_of: datetime):
        self.as_of = as_of
        self.clients: list[_Client] = []
        self.agreements: list[tuple] = []  # (agreement, seats, devices active at as-of)

    def add_client(self, records: ClientRecords, truth: ClientTruth) -> None:
        as_of_month = self.as_of.date().replace(day=1)
        months = {
            date.fromisoformat(r["month"]): _Month(
                date.fromisoformat(r["month"]),
                r["support_model"],
                r["agreement_id"],
                date.fromisoformat(r["month"]) < as_of_month,
                r,
            )
            for r in truth.months
        }
        for line in records.invoice_lines:
            kind = line.line_type if line.line_type in LINE_KINDS else "other"
            for month, share in line_months(line, signed_amount(line)).items():
                if month in months:
                    months[month].billed[kind] += share
        device_type = {d.device_id: d.device_type for d in records.devices}
        ticket_device = {t.ticket_id: t.device_id for t in records.tickets}
        for entry in records.time_entries:
            month = months.get(entry.started_at.date().replace(day=1))
            if month is None:
                continue
            work = (
                entry.work_type
                if entry.work_type in ("proactive", "project", "admin")
                else "reactive"
            )
            month.hours[work] += entry.hours
            if work == "reactive":
                kind = device_type.get(ticket_device.get(entry.ticket_id))
                month.reactive_by_type[kind] += entry.hours
                if entry.work_type == "emergency":
                    month.hours["emergency"] += entry.hours
                    month.reactive_by_type[("emergency", kind)] += entry.hours
                if entry.billable:
                    month.hours[
                        "billable_emergency"
                        if entry.work_type == "emergency"
                        else "billable_standard"
                    ] += entry.hours
        rated = [a for a in records.agreements if a.hourly_rate is not None]
        own = max(rated, key=lambda a: (a.start_date, a.agreement_id), default=None)
        self.clients.append(
            _Client(
                records.client.client_id,
                records.client.seats,
                records.devices,
                own.hourly_rate if own else None,
                own.emergency_rate_multiplier if own else None,
                sorted(months.values(), key=lambda m: m.month),
            )
        )
        today = self.as_of.date()
        active_types = [
            d.device_type
            for d in records.devices
            if (d.active_from is None or d.active_from <= today)
            and (d.retired_at is None or d.retired_at >= today)
        ]
        for agreement in records.agreements:
            self.agreements.append((agreement, records.client.seats, active_types))

    # -- portfolio-wide ----------------------------------------------------------
    def price_book(self) -> dict:
        today = self.as_of.date()
        per_seat: dict[str, list[tuple[bool, float]]] = defaultdict(list)
        coverage = Counter()
        rates, multipliers = [], []
        for agreement, seats, _types in self.agreements:
            if agreement.hourly_rate is not None:
                rates.append(agreement.hourly_rate)
                multipliers.append(agreement.emergency_rate_multiplier)
            if agreement.support_model == "hybrid" and agreement.covered_device_types:
                coverage["|".join(agreement.covered_device_types)] += 1
            if agreement.monthly_fee and agreement.monthly_fee > 0 and seats:
                current = agreement.start_date <= today and (
                    agreement.end_date is None or agreement.end_date >= today
                )
                per_seat[agreement.support_model].append(
                    (current, float(agreement.monthly_fee) / seats)
                )
        fees = {}
        for model in ("managed", "hybrid"):
            values = [v for c, v in per_seat[model] if c] or [v for _, v in per_seat[model]]
            fees[model] = _money(
                statistics.median(values) if values else DEFAULT_FEE_PER_SEAT[model]
            )
        common = sorted(coverage.items(), key=lambda kv: (-kv[1], kv[0]))
        return {
            "managed_fee_per_seat": fees["managed"],
            "hybrid_fee_per_seat": fees["hybrid"],
            "hybrid_coverage": common[0][0] if common else DEFAULT_COVERAGE,
            "portfolio_hourly_rate": cents(statistics.median(rates))
            if rates
            else DEFAULT_HOURLY_RATE,
            "portfolio_emergency_multiplier": statistics.median(multipliers)
            if multipliers
            else DEFAULT_MULTIPLIER,
        }

    def effects(self, coverage: set[str]) -> dict[tuple[str, str], dict]:
        sums = {m: defaultdict(float) for m in MODELS}
        for client in self.clients:
            for month in client.months:
                if not month.complete or month.model not in MODELS:
                    continue
                s = sums[month.model]
                s["clients"] += 0  # keep the key
                devices = _devices(client.devices, month.month, coverage)
                s["device_months"] += devices["active"]
                s["reactive"] += month.hours["reactive"]
                s["emergency"] += month.hours["emergency"]
                s["proactive"] += month.hours["proactive"]
                if month.row["downtime_minutes"] is not None:
                    s["critical_months"] += devices["critical"]
                    s["downtime"] += month.row["downtime_minutes"]
        rates = {}
        for model, s in sums.items():
            rates[model] = {
                "reactive": _ratio(s["reactive"], s["device_months"]),
                "emergency_share": _ratio(s["emergency"], s["reactive"]),
                "proactive": _ratio(s["proactive"], s["device_months"]),
                "downtime": _ratio(s["downtime"], s["critical_months"]),
            }
        effects = {}
        for a in MODELS:
            for m in MODELS:
                same = a == m
                effects[(a, m)] = {
                    "reactive_ratio": 1.0
                    if same
                    else _ratio(rates[m]["reactive"], rates[a]["reactive"]),
                    "downtime_ratio": 1.0
                    if same
                    else _ratio(rates[m]["downtime"], rates[a]["downtime"]),
                    "emergency_share": rates[m]["emergency_share"],
                    "proactive": rates[m]["proactive"],
                }
        return effects

    def result(self) -> dict:
        book = self.price_book()
        coverage = set(book["hybrid_coverage"].split("|"))
        effects = self.effects(coverage)
        hours = sum(m.row["labor_hours"] for c in self.clients for m in c.months)
        cost = sum(Decimal(m.row["labor_cost"]) for c in self.clients for m in c.months)
        portfolio_cost_per_hour = float(cost) / hours if hours else 0.0
        totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        clients: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(dict)
        for client in self.clients:
            for month in client.months:
                if month.model not in MODELS:
                    continue
                for model in MODELS:
                    row = _scenario(
                        client, month, model, book, coverage, effects, portfolio_cost_per_hour
                    )
                    key = f"{model}|{'actual' if model == month.model else 'modelled'}"
                    totals[key]["rows"] += 1  # a count, kept with the sums
                    per_client = clients[client.client_id].setdefault(model, defaultdict(Decimal))
                    for column, value in row.items():
                        if value is not None:
                            totals[key][column] += value
                            per_client[column] += value
        return {
            "price_book": {k: str(v) if isinstance(v, Decimal) else v for k, v in book.items()},
            "counterfactual_totals": {k: _texts(v) for k, v in sorted(totals.items())},
            "counterfactual_clients": {
                cid: {model: _texts(values) for model, values in models.items()}
                for cid, models in sorted(clients.items())
            },
            "agreement_pricing": self.pricing(book),
        }

    def pricing(self, book: dict) -> dict:
        months_of: dict[str, list[_Month]] = defaultdict(list)
        for client in self.clients:
            for month in client.months:
                if month.complete and month.model in ("managed", "hybrid") and month.agreement_id:
                    months_of[month.agreement_id].append(month)
        out = {}
        for agreement, _seats, _types in self.agreements:
            if agreement.support_model not in ("managed", "hybrid"):
                continue
            months = months_of.get(agreement.agreement_id, [])
            entry = {"months_observed": len(months)}
            if months:
                fee = sum(m.billed["recurring_fee"] + m.billed["credit"] for m in months)
                revenue = sum(Decimal(m.row["revenue"]) for m in months)
                cost = sum(Decimal(m.row["total_cost"]) for m in months)
                standard = sum(
                    m.hours["reactive"]
                    - m.hours["emergency"]
                    - m.hours["billable_standard"]
                    + m.hours["proactive"]
                    for m in months
                )
                emergency = sum(
                    m.hours["emergency"] - m.hours["billable_emergency"] for m in months
                )
                rate = float(agreement.hourly_rate or book["portfolio_hourly_rate"])
                value = standard * rate + emergency * rate * agreement.emergency_rate_multiplier
                required = (float(cost) / (1 - TARGET_MARGIN) - float(revenue - fee)) / len(months)
                entry.update(
                    fee_revenue=str(cents(fee)),
                    revenue=str(cents(revenue)),
                    cost_to_serve=str(cents(cost)),
                    work_value_at_list_rates=str(_money(value)),
                    required_monthly_fee=str(_money(required)),
                )
            out[agreement.agreement_id] = entry
        return out


def _ratio(part: float | None, whole: float | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def _texts(values: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def _devices(devices: list[Device], month: date, coverage: set[str]) -> dict[str, int]:
    active = [d for d in devices if device_active_in(d, month)]
    return {
        "active": len(active),
        "critical": sum(d.is_critical for d in active),
        "hybrid_covered": sum(d.device_type in coverage for d in active),
    }


def _scenario(client, month, model, book, coverage, effects, portfolio_cost_per_hour) -> dict:
    """One client-month under one model: the counterfactual mart's money columns."""
    row, billed, hours = month.row, month.billed, month.hours
    if model == month.model:
        fee = billed["recurring_fee"] + billed["credit"]
        labour, emergency = billed["labor"], billed["emergency_labor"]
        msp_cost = Decimal(row["total_cost"])
        downtime_cost = (
            None
            if row["estimated_downtime_cost"] is None
            else Decimal(row["estimated_downtime_cost"])
        )
    else:
        effect = effects[(month.model, model)]
        devices = _devices(client.devices, month.month, coverage)
        reactive = hours["reactive"] * (
            effect["reactive_ratio"] if effect["reactive_ratio"] is not None else 1
        )
        emergency_hours = reactive * (effect["emergency_share"] or 0)
        proactive = devices["active"] * (effect["proactive"] or 0)
        rate = float(
            client.own_rate if client.own_rate is not None else book["portfolio_hourly_rate"]
        )
        multiplier = (
            client.own_multiplier
            if client.own_multiplier is not None
            else book["portfolio_emergency_multiplier"]
        )
        covered = sum(
            v for k, v in month.reactive_by_type.items() if isinstance(k, str) and k in coverage
        )
        uncovered = 1 - (covered / hours["reactive"] if hours["reactive"] else 0)
        seats = client.seats or 0
        fee = {
            "break_fix": Decimal(0),
            "managed": book["managed_fee_per_seat"] * seats,
            "hybrid": book["hybrid_fee_per_seat"] * seats,
        }[model]
        if model == "break_fix":
            labour = _money((reactive - emergency_hours + proactive) * rate)
            emergency = _money(emergency_hours * rate * multiplier)
        elif model == "hybrid":
            labour = _money((reactive - emergency_hours) * uncovered * rate)
            emergency = _money(emergency_hours * uncovered * rate * multiplier)
        else:
            labour = emergency = Decimal(0)
        labor_hours = row["labor_hours"]
        cost_per_hour = (
            float(Decimal(row["labor_cost"])) / labor_hours
            if labor_hours
            else portfolio_cost_per_hour
        )
        other_hours = hours["project"] + hours["admin"]
        covered_devices = {
            "managed": devices["active"],
            "hybrid": devices["hybrid_covered"],
            "break_fix": 0,
        }[model]
        msp_cost = _money(
            cost_per_hour * (reactive + proactive + other_hours)
            + float(Decimal(row["parts_cost"]))
            + covered_devices * 6.0
        )
        ratio = effect["downtime_ratio"]
        downtime_cost = (
            None
            if row["estimated_downtime_cost"] is None or ratio is None
            else _money(float(Decimal(row["estimated_downtime_cost"])) * ratio)
        )
    parts = billed["parts"]
    it_cost = cents(fee) + cents(labour) + cents(emergency) + cents(parts)
    msp_revenue = it_cost + billed["project"] + billed["other"]
    return {
        "client_it_cost": it_cost,
        "estimated_downtime_cost": downtime_cost,
        "client_total_cost": None if downtime_cost is None else it_cost + downtime_cost,
        "msp_revenue": msp_revenue,
        "msp_cost": msp_cost,
        "msp_margin": msp_revenue - msp_cost,
    }
