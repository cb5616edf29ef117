"""The at-risk list: the clients leadership should look at this week, and why.

Four reasons, each a fact the warehouse holds:
- health falling: the mean health score of the HEALTH_WINDOW_WEEKS weeks up to the last
  complete one is at least HEALTH_DROP_POINTS below the mean of the HEALTH_WINDOW_WEEKS
  weeks before them, and the last complete week scores below the health mart's watch
  line (dbt var health_watch_below, 70): weekly scores are noisy, and a healthy client's
  bad week is not a risk;
- a managed client losing money, and
- a break-fix client whose estimated downtime cost exceeds what a managed fee would have
  cost: both the health mart's own flags for that week (over its last complete months);
- an agreement ending within AGREEMENT_DAYS days of the as-of date with no later agreement
  after it, when the data has end dates at all (otherwise the list says it cannot tell).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

import pandas as pd

from pipelines.dashboard import queries
from pipelines.dashboard.data_date import data_date
from pipelines.dashboard.formats import day_name, model_words, money, number
from pipelines.dashboard.targets import dbt_var

HEALTH_DROP_POINTS = 15.0
HEALTH_WINDOW_WEEKS = 4
AGREEMENT_DAYS = 120

REASONS = {
    "health_falling": "Health falling",
    "managed_losing_money": "Managed client losing money",
    "break_fix_downtime_over_managed_fee": "Break-fix downtime costs more than a managed fee",
    "agreement_ending": f"Agreement ends within {AGREEMENT_DAYS} days",
}
COLUMNS = ["client_id", "client_name", "support_model", "reason_code", "reason", "detail"]


@dataclass
class AtRisk:
    heading: str
    rows: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def at_risk(warehouse: str | os.PathLike) -> AtRisk:
    when = data_date(warehouse)
    week = when.this_week
    if week is None:
        return AtRisk("No data yet.", pd.DataFrame(columns=COLUMNS))
    today = when.as_of.date()
    with queries.read_only(warehouse) as con:
        health = queries.health_at_risk(
            con, week.start, HEALTH_WINDOW_WEEKS, HEALTH_DROP_POINTS, watch_below()
        )
        ending = queries.agreements_ending(con, today, AGREEMENT_DAYS)
    months = int(dbt_var("health_margin_months", 3))
    rows = [*_health_rows(health, months), *_agreement_rows(ending)]
    notes = []
    if ending is None:
        notes.append(
            "Agreements ending: no agreement in the data has an end date, so renewals due "
            "cannot be listed."
        )
    heading = (
        f"Week {week} ({day_name(week.start)} to {day_name(week.last_day)}), the last complete "
        f"week; agreements ending within {AGREEMENT_DAYS} days of {day_name(today)}."
    )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    rank = frame["reason_code"].map({code: rank for rank, code in enumerate(REASONS)})
    frame = (
        frame.assign(rank=rank)
        .sort_values(["rank", "client_name", "client_id"])
        .drop(columns="rank")
        .reset_index(drop=True)
    )
    return AtRisk(heading, frame, notes)


def watch_below() -> float:
    """The health mart's own line below which a client is watched (dbt var health_watch_below)."""
    return dbt_var("health_watch_below", 70.0)


def _row(record, code: str, detail: str) -> list:
    return [record.client_id, record.client_name, record.support_model, code, REASONS[code], detail]


def _health_rows(health: pd.DataFrame, months: int) -> list[list]:
    rows = []
    for record in health.itertuples():
        if record.is_health_falling:
            rows.append(
                _row(
                    record,
                    "health_falling",
                    f"score {number(record.health_score)} this week; on average "
                    f"{number(record.recent_score)} over the last {HEALTH_WINDOW_WEEKS} weeks, "
                    f"{number(record.earlier_score)} over the {HEALTH_WINDOW_WEEKS} before",
                )
            )
        if record.is_managed_losing_money:
            rows.append(
                _row(
                    record,
                    "managed_losing_money",
                    f"margin {money(record.gross_margin)} over the last {months} complete months",
                )
            )
        if record.is_break_fix_downtime_over_managed_fee:
            rows.append(
                _row(
                    record,
                    "break_fix_downtime_over_managed_fee",
                    f"downtime cost {money(record.estimated_downtime_cost)} against a managed "
                    f"fee of {money(record.managed_fee_equivalent)} over the last {months} "
                    "complete months",
                )
            )
    return rows


def _agreement_rows(ending: pd.DataFrame | None) -> list[list]:
    if ending is None:
        return []
    rows = []
    for record in ending.itertuples():
        end = record.end_date
        end = end.date() if isinstance(end, dt.datetime | pd.Timestamp) else end
        rows.append(
            _row(
                record,
                "agreement_ending",
                f"{record.agreement_id} ({model_words(record.support_model)}) ends "
                f"{day_name(end)}, in {int(record.days_left)} days, with no later agreement",
            )
        )
    return rows
