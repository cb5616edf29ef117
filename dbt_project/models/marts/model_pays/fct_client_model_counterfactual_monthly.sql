-- Each client-month under each support model: what the client would pay (fee, time and
-- materials, emergency premium, parts), the downtime it would suffer and what the MSP would
-- earn. The model in force is the actual month; the others are modelled from the price book,
-- the client's own effort scaled by the portfolio's per-device effect of the model
-- (fct_support_model_effects), and its own downtime scaled the same way. Formulas:
-- docs/metrics.md "Which model pays".
with

margin as (
    select * from {{ ref('fct_client_margin_monthly') }}
),

billing as (
    select * from {{ ref('fct_client_billing_monthly') }}
),

downtime as (
    select * from {{ ref('fct_client_downtime_monthly') }}
),

clients as (
    select * from {{ ref('dim_clients') }}
),

model_inputs as (
    select * from {{ ref('int_client_model_inputs_monthly') }}
),

price_book as (
    select * from {{ ref('int_price_book') }}
),

agreements as (
    select * from {{ ref('int_agreements') }}
),

effects as (
    select * from {{ ref('fct_support_model_effects') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

models as (
    select unnest(['break_fix', 'managed', 'hybrid']) as support_model
),

client_rates as (
    -- The client's own time-and-materials terms: its latest agreement that has a rate.
    select
        client_id,
        hourly_rate,
        emergency_rate_multiplier
    from agreements
    where hourly_rate is not null
    qualify row_number() over (partition by client_id order by start_date desc, agreement_id desc) = 1
),

portfolio_cost as (
    select sum(labor_cost) / nullif(sum(labor_hours), 0) as cost_per_hour
    from margin
),

client_month_base as (
    -- Unassigned months have no model in force to compare against: left out.
    select
        margin.client_id,
        margin.month,
        margin.support_model as actual_support_model,
        margin.month < cast(date_trunc('month', as_of.as_of) as date) as is_complete_month,
        clients.seats,
        model_inputs.active_devices,
        model_inputs.hybrid_covered_devices,
        billing.fee_revenue + billing.credit_amount as actual_fee,
        billing.labor_revenue as actual_labor,
        billing.emergency_labor_revenue as actual_emergency_labor,
        billing.parts_revenue,
        billing.project_revenue + billing.other_revenue as other_revenue,
        billing.reactive_hours,
        billing.emergency_hours,
        billing.proactive_hours,
        billing.project_hours + billing.admin_hours as other_hours,
        -- Share of reactive work on devices a hybrid fee would not cover (all of it without any).
        1 - coalesce(model_inputs.hybrid_covered_reactive_hours / nullif(billing.reactive_hours, 0), 0)
            as hybrid_uncovered_share,
        coalesce(margin.labor_cost / nullif(margin.labor_hours, 0), portfolio_cost.cost_per_hour, 0)
            as cost_per_hour,
        margin.parts_cost,
        margin.total_cost as actual_msp_cost,
        downtime.downtime_minutes,
        downtime.estimated_downtime_cost,
        client_rates.hourly_rate as client_hourly_rate,
        client_rates.emergency_rate_multiplier as client_emergency_rate_multiplier
    from margin
    cross join as_of
    cross join portfolio_cost
    inner join billing
        on
            margin.client_id = billing.client_id
            and margin.month = billing.month
    inner join model_inputs
        on
            margin.client_id = model_inputs.client_id
            and margin.month = model_inputs.month
    left join downtime
        on
            margin.client_id = downtime.client_id
            and margin.month = downtime.month
    left join clients
        on margin.client_id = clients.client_id
    left join client_rates
        on margin.client_id = client_rates.client_id
    where margin.support_model in ('break_fix', 'managed', 'hybrid')
),

scenarios as (
    select
        client_month_base.*,
        models.support_model,
        models.support_model = client_month_base.actual_support_model as is_actual,
        price_book.fee_basis,
        price_book.fee_per_unit,
        coalesce(price_book.listed_hourly_rate, client_month_base.client_hourly_rate, price_book.portfolio_hourly_rate)
            as hourly_rate,
        coalesce(
            price_book.listed_emergency_rate_multiplier,
            client_month_base.client_emergency_rate_multiplier,
            price_book.portfolio_emergency_rate_multiplier
        ) as emergency_rate_multiplier,
        -- Without a portfolio estimate the client's effort is taken as unchanged.
        coalesce(effects.reactive_hours_ratio, 1) as reactive_hours_ratio,
        coalesce(effects.to_emergency_share_pct, 0) / 100 as emergency_share,
        coalesce(effects.to_proactive_hours_per_device_month, 0) as proactive_hours_per_device_month,
        effects.downtime_ratio,
        effects.downtime_ratio_low,
        effects.downtime_ratio_high
    from client_month_base
    cross join models
    inner join price_book
        on models.support_model = price_book.support_model
    left join effects
        on
            client_month_base.actual_support_model = effects.from_model
            and models.support_model = effects.to_model
),

effort as (
    select
        *,
        case when is_actual then reactive_hours else reactive_hours * reactive_hours_ratio end as model_reactive_hours,
        case
            when is_actual then emergency_hours
            else reactive_hours * reactive_hours_ratio * emergency_share
        end as model_emergency_hours,
        case
            when is_actual then proactive_hours
            else active_devices * proactive_hours_per_device_month
        end as model_proactive_hours,
        case support_model
            when 'managed' then active_devices
            when 'hybrid' then hybrid_covered_devices
            else 0
        end as fee_covered_devices
    from scenarios
),

client_side as (
    select
        *,
        round(case
            when is_actual then actual_fee
            when support_model = 'break_fix' then 0
            when fee_basis = 'per_device' then fee_per_unit * fee_covered_devices
            else fee_per_unit * coalesce(seats, 0)
        end, 2) as fee_cost,
        round(case
            when is_actual then actual_labor
            when support_model = 'break_fix'
                then (model_reactive_hours - model_emergency_hours + model_proactive_hours) * hourly_rate
            when support_model = 'hybrid'
                then (model_reactive_hours - model_emergency_hours) * hybrid_uncovered_share * hourly_rate
            else 0
        end, 2) as labor_cost_to_client,
        round(case
            when is_actual then actual_emergency_labor
            when support_model = 'break_fix' then model_emergency_hours * hourly_rate * emergency_rate_multiplier
            when support_model = 'hybrid'
                then model_emergency_hours * hybrid_uncovered_share * hourly_rate * emergency_rate_multiplier
            else 0
        end, 2) as emergency_labor_cost_to_client,
        case when is_actual then downtime_minutes else downtime_minutes * downtime_ratio end as model_downtime_minutes,
        round(case
            when is_actual then estimated_downtime_cost
            else estimated_downtime_cost * downtime_ratio
        end, 2) as model_downtime_cost,
        round(case
            when is_actual then actual_msp_cost
            else
                cost_per_hour * (model_reactive_hours + model_proactive_hours + other_hours)
                + parts_cost
                + fee_covered_devices * {{ var('tooling_cost_per_endpoint_month') }}
        end, 2) as msp_cost
    from effort
),

totals as (
    select
        *,
        cast(fee_cost as decimal(18, 2))
        + cast(labor_cost_to_client as decimal(18, 2))
        + cast(emergency_labor_cost_to_client as decimal(18, 2))
        + cast(parts_revenue as decimal(18, 2)) as it_cost,
        -- Ratio of this model's downtime to managed's, for the break-even below.
        max(case when support_model = 'managed' then downtime_ratio end) over client_month
        / nullif(downtime_ratio, 0) as managed_downtime_ratio
    from client_side
    window client_month as (partition by client_id, month)
),

with_managed as (
    select
        *,
        cast(it_cost + cast(model_downtime_cost as decimal(18, 2)) as decimal(18, 2)) as total_cost,
        max(case when support_model = 'managed' then it_cost end) over client_month as managed_it_cost,
        max(case when support_model = 'managed' then it_cost + cast(model_downtime_cost as decimal(18, 2)) end)
            over client_month as managed_total_cost,
        max(case when support_model = 'managed' then cast(fee_cost as decimal(18, 2)) end)
            over client_month as managed_fee_cost,
        max(case when support_model = 'managed' and fee_basis = 'per_seat' then fee_per_unit end)
            over client_month as managed_fee_per_seat
    from totals
    window client_month as (partition by client_id, month)
)

select
    cast(client_id as varchar) as client_id,
    cast(month as date) as month,  -- noqa: RF04
    cast(support_model as varchar) as support_model,
    cast(case when is_actual then 'actual' else 'modelled' end as varchar) as basis,
    cast(is_complete_month as boolean) as is_complete_month,
    cast(actual_support_model as varchar) as actual_support_model,
    cast(fee_cost as decimal(18, 2)) as client_fee_cost,
    cast(labor_cost_to_client as decimal(18, 2)) as client_labor_cost,
    cast(emergency_labor_cost_to_client as decimal(18, 2)) as client_emergency_labor_cost,
    cast(parts_revenue as decimal(18, 2)) as client_parts_cost,
    cast(it_cost as decimal(18, 2)) as client_it_cost,
    cast(model_downtime_minutes as double) as downtime_minutes,
    cast(model_downtime_cost as decimal(18, 2)) as estimated_downtime_cost,
    cast(total_cost as decimal(18, 2)) as client_total_cost,
    cast(it_cost + cast(other_revenue as decimal(18, 2)) as decimal(18, 2)) as msp_revenue,
    cast(msp_cost as decimal(18, 2)) as msp_cost,
    cast(it_cost + cast(other_revenue as decimal(18, 2)) - cast(msp_cost as decimal(18, 2)) as decimal(18, 2))
        as msp_margin,
    cast(
        100 * (
            (it_cost + cast(other_revenue as decimal(18, 2)) - cast(msp_cost as decimal(18, 2)))
            / nullif(it_cost + cast(other_revenue as decimal(18, 2)), 0)
        )
        as double
    ) as msp_margin_pct,
    cast(other_revenue as decimal(18, 2)) as msp_other_revenue,
    cast(model_reactive_hours as double) as reactive_hours,
    cast(model_emergency_hours as double) as emergency_hours,
    cast(model_proactive_hours as double) as proactive_hours,
    cast(hourly_rate as decimal(18, 2)) as hourly_rate,
    cast(emergency_rate_multiplier as double) as emergency_rate_multiplier,
    cast(case when support_model = 'break_fix' then null else fee_basis end as varchar) as fee_basis,
    cast(case when support_model = 'break_fix' then null else fee_per_unit end as decimal(18, 2)) as fee_per_unit,
    cast(seats as integer) as seats,
    cast(active_devices as integer) as active_devices,
    cast(case
        when is_actual then downtime_minutes
        else downtime_minutes * least(downtime_ratio_low, downtime_ratio_high)
    end as double) as downtime_minutes_low,
    cast(case
        when is_actual then downtime_minutes
        else downtime_minutes * greatest(downtime_ratio_low, downtime_ratio_high)
    end as double) as downtime_minutes_high,
    cast(round(case
        when is_actual then estimated_downtime_cost
        else estimated_downtime_cost * least(downtime_ratio_low, downtime_ratio_high)
    end, 2) as decimal(18, 2)) as estimated_downtime_cost_low,
    cast(round(case
        when is_actual then estimated_downtime_cost
        else estimated_downtime_cost * greatest(downtime_ratio_low, downtime_ratio_high)
    end, 2) as decimal(18, 2)) as estimated_downtime_cost_high,
    -- The downtime cost under this model above which managed costs the client less in total.
    cast(round(case
        when support_model = 'managed' then null
        when managed_it_cost <= it_cost then 0
        when managed_downtime_ratio < 1 then (managed_it_cost - it_cost) / (1 - managed_downtime_ratio)
    end, 2) as decimal(18, 2)) as breakeven_downtime_cost,
    -- The seat count at or below which the managed fee (per seat) makes managed the cheaper model,
    -- everything else held as it is.
    cast(case
        when support_model = 'managed' then null
        when (total_cost - (managed_total_cost - managed_fee_cost)) / nullif(managed_fee_per_seat, 0) > 0
            then (total_cost - (managed_total_cost - managed_fee_cost)) / nullif(managed_fee_per_seat, 0)
    end as double) as breakeven_seats
from with_managed
