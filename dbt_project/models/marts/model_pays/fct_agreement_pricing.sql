-- Is each managed and hybrid agreement priced right? Over the whole months it decided: the
-- work its fee covered valued at list rates, against the fee; the fee that would give the
-- target margin (var target_margin_pct); the per-seat, per-device and all-inclusive prices that
-- cost-to-serve implies; and a repricing scenario (var repricing_uplift_pct).
with

agreements as (
    select * from {{ ref('int_agreements') }}
),

margin as (
    select * from {{ ref('fct_client_margin_monthly') }}
),

billing as (
    select * from {{ ref('fct_client_billing_monthly') }}
),

clients as (
    select * from {{ ref('dim_clients') }}
),

price_book as (
    select * from {{ ref('int_price_book') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

agreement_months as (
    -- The whole months each agreement decided (the as-of month is still running).
    select
        margin.agreement_id,
        count(*) as months_observed,
        sum(billing.fee_revenue + billing.credit_amount) as fee_revenue,
        sum(margin.revenue) as revenue,
        sum(margin.total_cost) as total_cost,
        sum(margin.parts_cost) as parts_cost,
        sum(margin.covered_endpoints) as covered_device_months,
        -- Work the fee covered: support hours nobody was billed for.
        sum(
            billing.reactive_hours - billing.emergency_hours - billing.billable_reactive_hours
            + billing.proactive_hours
        ) as covered_standard_hours,
        sum(billing.emergency_hours - billing.billable_emergency_hours) as covered_emergency_hours
    from margin
    cross join as_of
    inner join billing
        on
            margin.client_id = billing.client_id
            and margin.month = billing.month
    where
        margin.support_model in ('managed', 'hybrid')
        and margin.month < cast(date_trunc('month', as_of.as_of) as date)
    group by margin.agreement_id
),

priced as (
    select
        agreements.agreement_id,
        agreements.client_id,
        agreements.support_model,
        agreements.start_date,
        agreements.end_date,
        agreements.start_date <= cast(as_of.as_of as date)
        and (agreements.end_date is null or agreements.end_date >= cast(as_of.as_of as date)) as is_current,
        agreements.monthly_fee,
        coalesce(price_book.listed_hourly_rate, agreements.hourly_rate, price_book.portfolio_hourly_rate)
            as list_hourly_rate,
        coalesce(
            price_book.listed_emergency_rate_multiplier,
            agreements.emergency_rate_multiplier,
            price_book.portfolio_emergency_rate_multiplier
        ) as emergency_rate_multiplier,
        clients.seats,
        coalesce(agreement_months.months_observed, 0) as months_observed,
        agreement_months.fee_revenue,
        agreement_months.revenue,
        agreement_months.total_cost,
        agreement_months.parts_cost,
        agreement_months.covered_device_months,
        agreement_months.covered_standard_hours,
        agreement_months.covered_emergency_hours,
        {{ var('target_margin_pct') }} / 100 as target_margin,
        {{ var('repricing_uplift_pct') }} / 100 as uplift
    from agreements
    cross join as_of
    inner join price_book
        on agreements.support_model = price_book.support_model
    left join agreement_months
        on agreements.agreement_id = agreement_months.agreement_id
    left join clients
        on agreements.client_id = clients.client_id
    where agreements.support_model in ('managed', 'hybrid')
),

required as (
    select
        *,
        covered_standard_hours * list_hourly_rate
        + covered_emergency_hours * list_hourly_rate * emergency_rate_multiplier as work_value,
        -- The fee F with (other revenue + F - cost) / (other revenue + F) = target margin.
        (total_cost / (1 - target_margin) - (revenue - fee_revenue)) / nullif(months_observed, 0)
            as required_monthly_fee,
        (total_cost - parts_cost) / (1 - target_margin) / nullif(months_observed, 0) as all_inclusive_monthly_fee
    from priced
)

select
    cast(agreement_id as varchar) as agreement_id,
    cast(client_id as varchar) as client_id,
    cast(support_model as varchar) as support_model,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    cast(is_current as boolean) as is_current,
    cast(monthly_fee as decimal(18, 2)) as monthly_fee,
    cast(seats as integer) as seats,
    cast(covered_device_months / nullif(months_observed, 0) as double) as covered_devices_per_month,
    cast(months_observed as integer) as months_observed,
    cast(fee_revenue as decimal(18, 2)) as fee_revenue,
    cast(revenue as decimal(18, 2)) as revenue,
    cast(total_cost as decimal(18, 2)) as cost_to_serve,
    cast(revenue - total_cost as decimal(18, 2)) as gross_margin,
    cast(100 * ((revenue - total_cost) / nullif(revenue, 0)) as double) as gross_margin_pct,
    cast(covered_standard_hours as double) as covered_hours,
    cast(covered_emergency_hours as double) as covered_emergency_hours,
    cast(list_hourly_rate as decimal(18, 2)) as list_hourly_rate,
    cast(emergency_rate_multiplier as double) as emergency_rate_multiplier,
    cast(round(work_value, 2) as decimal(18, 2)) as work_value_at_list_rates,
    cast(100 * (work_value / nullif(fee_revenue, 0)) as double) as work_value_to_fee_pct,
    cast(100 * target_margin as double) as target_margin_pct,
    cast(round(required_monthly_fee, 2) as decimal(18, 2)) as required_monthly_fee,
    cast(100 * ((required_monthly_fee - monthly_fee) / nullif(monthly_fee, 0)) as double) as required_fee_change_pct,
    cast(round(required_monthly_fee / nullif(seats, 0), 2) as decimal(18, 2)) as implied_fee_per_seat,
    cast(
        round(required_monthly_fee / nullif(covered_device_months / nullif(months_observed, 0), 0), 2)
        as decimal(18, 2)
    ) as implied_fee_per_device,
    cast(round(all_inclusive_monthly_fee, 2) as decimal(18, 2)) as implied_all_inclusive_monthly_fee,
    cast(100 * uplift as double) as repricing_uplift_pct,
    cast(round(monthly_fee * (1 + uplift), 2) as decimal(18, 2)) as repriced_monthly_fee,
    cast(
        100 * ((revenue + fee_revenue * uplift - total_cost) / nullif(revenue + fee_revenue * uplift, 0))
        as double
    ) as repriced_gross_margin_pct
from required
