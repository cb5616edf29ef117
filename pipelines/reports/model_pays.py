"""The portfolio report's "Which model pays" section: its figures, read from the marts.

The industry's claims with their verdicts, the clients that would pay less in total (fees, labour,
parts and downtime) under another support model over the last three complete months, the current
agreements furthest below the target margin, and the revenue that leaked. Every figure is a mart
value or a plain sum of mart rows (docs/metrics.md "Which model pays").
"""

from __future__ import annotations

from datetime import date

import duckdb

from pipelines.reports.queries import columns, rows

WINDOW_MONTHS = 3
TOP_CLIENTS = 10
TOP_AGREEMENTS = 10

CLIENT_SQL = """
with window_months as (
    select *
    from marts.fct_client_model_counterfactual_monthly
    where month > ?::date - to_months(?) and month <= ? and is_complete_month
),
per_client as (
    select
        client_id,
        sum(client_total_cost) filter (where basis = 'actual') as actual_total,
        sum(client_it_cost) filter (where basis = 'actual') as actual_it,
        sum(estimated_downtime_cost) filter (where basis = 'actual') as actual_downtime_cost,
        sum(msp_margin) filter (where basis = 'actual') as actual_margin,
        string_agg(distinct actual_support_model, ', ') as actual_models,
        {model_sums}
    from window_months
    group by client_id
    -- Only clients with every month under one model and every total known.
    having count(distinct actual_support_model) = 1 and count(*) = count(client_total_cost)
),
best as (
    select
        *,
        least(break_fix_total, managed_total, hybrid_total) as best_total,
        case least(break_fix_total, managed_total, hybrid_total)
            when managed_total then 'managed'
            when hybrid_total then 'hybrid'
            else 'break_fix'
        end as best_model
    from per_client
)
select best.*, clients.client_name, actual_total - best_total as client_saving,
    case best_model
        when 'managed' then managed_margin when 'hybrid' then hybrid_margin else break_fix_margin
    end as best_model_margin
from best
left join marts.dim_clients as clients on clients.client_id = best.client_id
where best_model <> actual_models and actual_total > best_total
order by client_saving desc, best.client_id
limit ?
"""
MODEL_SUMS = ",\n        ".join(
    f"sum(client_total_cost) filter (where support_model = '{m}') as {m}_total,\n"
    f"        sum(msp_margin) filter (where support_model = '{m}') as {m}_margin"
    for m in ("break_fix", "managed", "hybrid")
)


def load_model_pays(con: duckdb.DuckDBPyConnection, month: date) -> dict:
    """The section's figures for the report month; empty when the marts are not built."""
    needed = (
        "fct_support_model_claims",
        "fct_client_model_counterfactual_monthly",
        "fct_agreement_pricing",
        "fct_client_revenue_leakage_monthly",
    )
    if not all(columns(con, "marts", table) for table in needed):
        return {}
    clients = rows(
        con,
        CLIENT_SQL.format(model_sums=MODEL_SUMS),
        [month, WINDOW_MONTHS, month, TOP_CLIENTS],
    )
    return {
        "window_months": WINDOW_MONTHS,
        "claims": rows(con, "select * from marts.fct_support_model_claims order by claim_number"),
        "clients": clients,
        "agreements": rows(
            con,
            "select p.*, c.client_name from marts.fct_agreement_pricing as p"
            " left join marts.dim_clients as c on c.client_id = p.client_id"
            " where p.is_current and p.required_fee_change_pct > 0"
            " order by p.required_fee_change_pct desc, p.agreement_id limit ?",
            [TOP_AGREEMENTS],
        ),
        "leakage": rows(
            con,
            "select coalesce(sum(leakage_value), 0) as leakage_value,"
            " coalesce(sum(uninvoiced_billable_hours), 0) as uninvoiced_billable_hours,"
            " coalesce(sum(emergency_hours_at_standard_rate), 0) as emergency_hours_at_standard_rate,"
            " coalesce(sum(hours_without_agreement), 0) as hours_without_agreement"
            " from marts.fct_client_revenue_leakage_monthly"
            " where is_invoicing_due and month > ?::date - to_months(?) and month <= ?",
            [month, WINDOW_MONTHS, month],
        )[0],
    }
