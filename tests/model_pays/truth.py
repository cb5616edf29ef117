"""Compare the which-model-pays marts with `_truth.json`'s `model_pays` section
(pipelines/generate/truth_model_pays.py): two independent computations."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

MONEY = (
    "client_it_cost",
    "estimated_downtime_cost",
    "client_total_cost",
    "msp_revenue",
    "msp_cost",
    "msp_margin",
)
PRICING = (
    "fee_revenue",
    "revenue",
    "cost_to_serve",
    "work_value_at_list_rates",
    "required_monthly_fee",
)


def _close(expected, actual, cents_tolerance: int) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    return abs(Decimal(str(expected)) - Decimal(str(actual))) <= Decimal(cents_tolerance) / 100


def model_pays_mismatches(warehouse: Path, truth: dict) -> list[str]:
    """Every difference, as readable lines (empty = equal). Modelled money is rounded to the cent
    per row on both sides from floating-point products, so a sum may differ by a cent per row."""
    expected = truth["model_pays"]
    problems = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        book = dict(
            con.execute(
                "select support_model, fee_per_unit from intermediate.int_price_book"
            ).fetchall()
        )
        for model in ("managed", "hybrid"):
            if not _close(expected["price_book"][f"{model}_fee_per_seat"], book[model], 0):
                problems.append(f"price book {model}: truth {expected['price_book']} mart {book}")
        totals = con.execute(
            "select support_model || '|' || basis, count(*), "
            + ", ".join(f"sum({c})" for c in MONEY)
            + " from marts.fct_client_model_counterfactual_monthly group by 1"
        ).fetchall()
        found = {key: dict(zip(("rows", *MONEY), values, strict=True)) for key, *values in totals}
        if set(found) != set(expected["counterfactual_totals"]):
            problems.append(
                f"counterfactual keys: truth {sorted(expected['counterfactual_totals'])} mart {sorted(found)}"
            )
        for key, want in expected["counterfactual_totals"].items():
            got = found.get(key, {})
            rows = int(Decimal(want["rows"]))
            if got.get("rows") != rows:
                problems.append(f"counterfactual {key} rows: truth {rows} mart {got.get('rows')}")
            tolerance = 0 if key.endswith("|actual") else rows
            for column in MONEY:
                if not _close(want.get(column, "0"), got.get(column) or 0, tolerance):
                    problems.append(
                        f"counterfactual {key} {column}: truth {want.get(column)} mart {got.get(column)}"
                    )
        per_client = con.execute(
            "select client_id, support_model, sum(client_it_cost), sum(msp_margin)"
            " from marts.fct_client_model_counterfactual_monthly group by 1, 2"
        ).fetchall()
        for client_id, model, it_cost, margin in per_client:
            want = expected["counterfactual_clients"].get(client_id, {}).get(model, {})
            # Modelled rows round each month: allow a cent per month (36 at most).
            if not _close(want.get("client_it_cost"), it_cost, 36) or not _close(
                want.get("msp_margin"), margin, 36
            ):
                problems.append(
                    f"counterfactual {client_id} {model}: truth {want} mart {it_cost} {margin}"
                )
        if len(per_client) != sum(len(m) for m in expected["counterfactual_clients"].values()):
            problems.append("counterfactual: client-model pairs differ")
        pricing = {
            r[0]: dict(zip(("months_observed", *PRICING), r[1:], strict=True))
            for r in con.execute(
                "select agreement_id, months_observed, "
                + ", ".join(PRICING)
                + " from marts.fct_agreement_pricing"
            ).fetchall()
        }
        if set(pricing) != set(expected["agreement_pricing"]):
            problems.append("agreement_pricing: agreements differ")
        for agreement_id, want in expected["agreement_pricing"].items():
            got = pricing.get(agreement_id)
            if got is None:
                continue
            if got["months_observed"] != want["months_observed"]:
                problems.append(
                    f"pricing {agreement_id} months: truth {want['months_observed']} mart {got['months_observed']}"
                )
            for column in PRICING:
                if not _close(want.get(column), got[column], 1):
                    problems.append(
                        f"pricing {agreement_id} {column}: truth {want.get(column)} mart {got[column]}"
                    )
    return problems
