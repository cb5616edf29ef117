"""Which model pays: the industry's claims tested on the MSP's own book, each client's actual
cost and margin against the other support models, and the pricing of every agreement.

Reads marts.fct_support_model_claims, fct_client_model_counterfactual_monthly and
fct_agreement_pricing (docs/metrics.md "Which model pays"); a warehouse built before those
marts existed shows a note instead.
"""

from __future__ import annotations

import duckdb
import pandas as pd
from dash import dcc, html

from pipelines.dashboard import queries
from pipelines.dashboard.components import bar_chart, table

PATH = "/model-pays"
TITLE = "Which model pays"
MODELS = ("break_fix", "managed", "hybrid")
MODEL_WORDS = {"break_fix": "Break-fix", "managed": "Managed", "hybrid": "Hybrid"}

CLAIMS_SQL = """
select claim, measure, verdict, verdict_text,
    break_fix_value, break_fix_low, break_fix_high, break_fix_clients,
    managed_value, managed_low, managed_high, managed_clients,
    hybrid_value, hybrid_low, hybrid_high, hybrid_clients
from marts.fct_support_model_claims
order by claim_number
"""

# Each client over the last 12 whole months: what it paid and cost under its actual model(s)
# against what every model would have meant.
CLIENTS_SQL = """
with recent as (
    select *
    from marts.fct_client_model_counterfactual_monthly
    where is_complete_month
    qualify month > max(month) over () - interval 12 month
),

per_client as (
select
    recent.client_id,
    any_value(clients.client_name) as client_name,
    any_value(clients.current_support_model) as current_support_model,
    count(distinct recent.month) as months,
    sum(recent.client_total_cost) filter (where recent.basis = 'actual') as actual_client_total_cost,
    sum(recent.msp_margin) filter (where recent.basis = 'actual') as actual_msp_margin,
    {model_columns}
from recent
left join marts.dim_clients as clients on recent.client_id = clients.client_id
group by recent.client_id
)
select *,
    -- The model that would have cost the client least (unknown totals left out).
    case least(break_fix_client_total_cost, managed_client_total_cost, hybrid_client_total_cost)
        when break_fix_client_total_cost then 'Break-fix'
        when managed_client_total_cost then 'Managed'
        when hybrid_client_total_cost then 'Hybrid'
    end as cheapest_for_client
from per_client
order by client_id
"""
MODEL_COLUMNS = ",\n    ".join(
    f"sum(recent.client_total_cost) filter (where recent.support_model = '{m}') as {m}_client_total_cost,\n"
    f"    sum(recent.msp_margin) filter (where recent.support_model = '{m}') as {m}_msp_margin"
    for m in MODELS
)

PRICING_SQL = """
select agreement_id, pricing.client_id, clients.client_name, pricing.support_model, monthly_fee,
    months_observed, gross_margin_pct, work_value_to_fee_pct, target_margin_pct,
    required_monthly_fee, required_fee_change_pct, implied_fee_per_seat, implied_fee_per_device,
    implied_all_inclusive_monthly_fee, repriced_monthly_fee, repriced_gross_margin_pct
from marts.fct_agreement_pricing as pricing
left join marts.dim_clients as clients on pricing.client_id = clients.client_id
where is_current
order by required_fee_change_pct desc nulls last, agreement_id
"""


def _interval(value, low, high) -> str:
    if pd.isna(value):
        return "–"
    if pd.isna(low) or pd.isna(high):
        return f"{value:,.2f}"
    return f"{value:,.2f} ({low:,.2f}–{high:,.2f})"


def claims_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    frame = queries.fetch(con, CLAIMS_SQL)
    for model in MODELS:
        frame[f"{model}_shown"] = [
            _interval(v, lo, hi)
            for v, lo, hi in zip(
                frame[f"{model}_value"], frame[f"{model}_low"], frame[f"{model}_high"], strict=True
            )
        ]
    return frame


def clients_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return queries.fetch(con, CLIENTS_SQL.format(model_columns=MODEL_COLUMNS))


def pricing_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return queries.fetch(con, PRICING_SQL)


def _has_marts(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and "
        "table_name in ('fct_support_model_claims', 'fct_client_model_counterfactual_monthly',"
        " 'fct_agreement_pricing')"
    ).fetchall()[0][0]
    return found == 3


def layout(warehouse, search: str = "") -> html.Div:
    with queries.read_only(warehouse) as con:
        if not _has_marts(con):
            return html.Div(
                [html.H2(TITLE), html.P("This warehouse was built before these marts existed.")]
            )
        claims, clients, pricing = claims_frame(con), clients_frame(con), pricing_frame(con)
    held = claims[claims["managed_value"].notna() & claims["break_fix_value"].notna()]
    return html.Div(
        [
            html.H2(TITLE),
            html.P(
                "The industry's claims about support models, tested on this book of business: each "
                "model's figure with its 95 % bootstrap interval over clients, and a verdict.",
                className="note",
            ),
            table(
                "model-pays-claims",
                claims,
                {
                    "claim": ("Claim", "text"),
                    "measure": ("Measure", "text"),
                    "break_fix_shown": ("Break-fix (95 % interval)", "text"),
                    "break_fix_clients": ("Break-fix clients", "count"),
                    "managed_shown": ("Managed (95 % interval)", "text"),
                    "managed_clients": ("Managed clients", "count"),
                    "hybrid_shown": ("Hybrid (95 % interval)", "text"),
                    "verdict": ("Verdict", "text"),
                    "verdict_text": ("In words", "text"),
                },
                style_data={"whiteSpace": "normal", "height": "auto"},
            ),
            dcc.Graph(
                id="model-pays-claims-chart",
                figure=bar_chart(
                    list(held["claim"]),
                    {
                        "Break-fix": held["break_fix_value"].astype(float).tolist(),
                        "Managed": held["managed_value"].astype(float).tolist(),
                    },
                    "Each claim's figure, break-fix against managed (units per row of the table)",
                ),
            ),
            html.H3("Each client: what it paid and earned, against the other models"),
            html.P(
                "The last 12 whole months. Actual is the model in force each month; the other "
                "columns are modelled from the price book and the portfolio's per-device effects. "
                "Client total cost includes the estimated cost of its downtime.",
                className="note",
            ),
            table(
                "model-pays-clients",
                clients,
                {
                    "client_id": ("Client", "text"),
                    "client_name": ("Name", "text"),
                    "current_support_model": ("Current model", "text"),
                    "months": ("Months", "count"),
                    "actual_client_total_cost": ("Client total cost, actual", "money"),
                    **{
                        f"{m}_client_total_cost": (f"Client total, {MODEL_WORDS[m]}", "money")
                        for m in MODELS
                    },
                    "cheapest_for_client": ("Cheapest for the client", "text"),
                    "actual_msp_margin": ("MSP margin, actual", "money"),
                    **{
                        f"{m}_msp_margin": (f"MSP margin, {MODEL_WORDS[m]}", "money")
                        for m in MODELS
                    },
                },
            ),
            html.H3("Pricing of current managed and hybrid agreements"),
            table(
                "model-pays-pricing",
                pricing,
                {
                    "agreement_id": ("Agreement", "text"),
                    "client_name": ("Client", "text"),
                    "support_model": ("Model", "text"),
                    "monthly_fee": ("Fee", "money"),
                    "months_observed": ("Months", "count"),
                    "gross_margin_pct": ("Margin %", "pct"),
                    "work_value_to_fee_pct": ("Work at list rates / fee", "pct"),
                    "required_monthly_fee": ("Fee for target margin", "money"),
                    "required_fee_change_pct": ("Change needed", "pct"),
                    "implied_fee_per_seat": ("Per seat", "money"),
                    "implied_fee_per_device": ("Per device", "money"),
                    "implied_all_inclusive_monthly_fee": ("All-inclusive", "money"),
                    "repriced_monthly_fee": ("Repriced fee", "money"),
                    "repriced_gross_margin_pct": ("Repriced margin %", "pct"),
                },
            ),
        ]
    )


def register(app, warehouse) -> None:
    """A static page: nothing to wire."""
