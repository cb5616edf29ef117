-- Profitability of each client-month: revenue (invoice lines spread by days) against
-- labor, parts and tooling cost.
with

client_months as (
    select * from {{ ref('int_client_months') }}
),

support_models as (
    select * from {{ ref('int_client_support_model_monthly') }}
),

invoice_line_months as (
    select * from {{ ref('int_invoice_line_months') }}
),

costed_time_entries as (
    select * from {{ ref('int_time_entries_costed') }}
),

tooling as (
    select * from {{ ref('int_client_tooling_monthly') }}
),

revenue_by_month as (
    select
        client_id,
        month,
        sum(amount) as revenue,
        sum(parts_cost) as parts_cost
    from invoice_line_months
    group by client_id, month
),

labor_by_month as (
    select
        client_id,
        month,
        sum(hours) as labor_hours,
        sum(case when billable then hours else 0 end) as billable_hours,
        round(sum(labor_cost), 2) as labor_cost
    from costed_time_entries
    group by client_id, month
),

client_month_money as (
    select
        client_months.client_id,
        client_months.month,
        support_models.support_model,
        support_models.agreement_id,
        coalesce(tooling.covered_endpoints, 0) as covered_endpoints,
        cast(coalesce(revenue_by_month.revenue, 0) as decimal(18, 2)) as revenue,
        coalesce(labor_by_month.labor_hours, 0) as labor_hours,
        coalesce(labor_by_month.billable_hours, 0) as billable_hours,
        cast(coalesce(labor_by_month.labor_cost, 0) as decimal(18, 2)) as labor_cost,
        cast(coalesce(revenue_by_month.parts_cost, 0) as decimal(18, 2)) as parts_cost,
        cast(coalesce(tooling.tooling_cost, 0) as decimal(18, 2)) as tooling_cost
    from client_months
    left join support_models
        on
            client_months.client_id = support_models.client_id
            and client_months.month = support_models.month
    left join revenue_by_month
        on
            client_months.client_id = revenue_by_month.client_id
            and client_months.month = revenue_by_month.month
    left join labor_by_month
        on
            client_months.client_id = labor_by_month.client_id
            and client_months.month = labor_by_month.month
    left join tooling
        on
            client_months.client_id = tooling.client_id
            and client_months.month = tooling.month
),

client_month_margin as (
    select
        *,
        cast(labor_cost + parts_cost + tooling_cost as decimal(18, 2)) as total_cost
    from client_month_money
)

select
    cast(client_id as varchar) as client_id,
    cast(month as date) as month,  -- noqa: RF04
    cast(coalesce(support_model, 'unassigned') as varchar) as support_model,
    cast(agreement_id as varchar) as agreement_id,
    cast(revenue as decimal(18, 2)) as revenue,
    cast(labor_hours as double) as labor_hours,
    cast(billable_hours as double) as billable_hours,
    cast(labor_cost as decimal(18, 2)) as labor_cost,
    cast(parts_cost as decimal(18, 2)) as parts_cost,
    cast(tooling_cost as decimal(18, 2)) as tooling_cost,
    cast(covered_endpoints as integer) as covered_endpoints,
    cast(total_cost as decimal(18, 2)) as total_cost,
    cast(revenue - total_cost as decimal(18, 2)) as gross_margin,
    -- Ratios are NULL, never 0, when their denominator is zero.
    -- Divide first: a cost-free month is then exactly 100, never 100.00000000000001.
    cast(100 * ((revenue - total_cost) / nullif(revenue, 0)) as double) as gross_margin_pct,
    cast((revenue - parts_cost) / nullif(labor_hours, 0) as double) as effective_hourly_rate
from client_month_margin
