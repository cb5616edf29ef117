-- What moving a client from one support model to another does, per device, estimated from the
-- MSP's own complete client-months: downtime per critical device and reactive hours per device
-- under each model, their ratio with a bootstrap interval over clients, and the clients who
-- really switched (before against after) as a second opinion that widens the interval.
with

billing as (
    select * from {{ ref('fct_client_billing_monthly') }}
),

downtime as (
    select * from {{ ref('fct_client_downtime_monthly') }}
),

model_inputs as (
    select * from {{ ref('int_client_model_inputs_monthly') }}
),

transitions as (
    select * from {{ ref('fct_support_model_transitions') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

models as (
    select unnest(['break_fix', 'managed', 'hybrid']) as support_model
),

complete_months as (
    -- Whole months only: the as-of month is still running.
    select
        billing.client_id,
        billing.support_model,
        billing.reactive_hours,
        billing.emergency_hours,
        billing.proactive_hours,
        model_inputs.active_devices,
        downtime.downtime_minutes,
        case when downtime.downtime_minutes is not null then model_inputs.critical_devices else 0 end
            as monitored_critical_devices
    from billing
    cross join as_of
    inner join model_inputs
        on
            billing.client_id = model_inputs.client_id
            and billing.month = model_inputs.month
    left join downtime
        on
            billing.client_id = downtime.client_id
            and billing.month = downtime.month
    where
        billing.month < cast(date_trunc('month', as_of.as_of) as date)
        and billing.support_model in ('break_fix', 'managed', 'hybrid')
),

client_sums as (
    select
        support_model,
        client_id,
        sum(active_devices) as device_months,
        sum(reactive_hours) as reactive_hours,
        sum(emergency_hours) as emergency_hours,
        sum(proactive_hours) as proactive_hours,
        sum(monitored_critical_devices) as critical_device_months,
        coalesce(sum(downtime_minutes), 0) as downtime_minutes,
        count(downtime_minutes) > 0 as is_monitored
    from complete_months
    group by support_model, client_id
),

model_rates as (
    select
        support_model,
        count(*) as clients,
        count(*) filter (where is_monitored) as monitored_clients,
        sum(reactive_hours) / nullif(sum(device_months), 0) as reactive_hours_per_device_month,
        sum(emergency_hours) / nullif(sum(reactive_hours), 0) as emergency_share,
        sum(proactive_hours) / nullif(sum(device_months), 0) as proactive_hours_per_device_month,
        sum(downtime_minutes) / nullif(sum(critical_device_months), 0) as downtime_minutes_per_critical_device_month
    from client_sums
    group by support_model
),

bootstrap_draws as (
    {{ bootstrap_draws('client_sums', 'support_model') }}
),

replicate_sums as (
    select
        bootstrap_draws.support_model,
        bootstrap_draws.replicate,
        sum(client_sums.device_months) as device_months,
        sum(client_sums.reactive_hours) as reactive_hours,
        sum(client_sums.critical_device_months) as critical_device_months,
        sum(client_sums.downtime_minutes) as downtime_minutes
    from bootstrap_draws
    inner join client_sums
        on
            bootstrap_draws.support_model = client_sums.support_model
            and bootstrap_draws.client_id = client_sums.client_id
    group by bootstrap_draws.support_model, bootstrap_draws.replicate
),

replicate_rates as (
    select
        support_model,
        replicate,
        reactive_hours / nullif(device_months, 0) as reactive_rate,
        downtime_minutes / nullif(critical_device_months, 0) as downtime_rate
    from replicate_sums
),

replicate_ratios as (
    -- Each model's clients are resampled on their own; replicate b of one model meets
    -- replicate b of the other.
    select
        from_rates.support_model as from_model,
        to_rates.support_model as to_model,
        to_rates.downtime_rate / nullif(from_rates.downtime_rate, 0) as downtime_ratio,
        to_rates.reactive_rate / nullif(from_rates.reactive_rate, 0) as reactive_hours_ratio
    from replicate_rates as from_rates
    inner join replicate_rates as to_rates
        on
            from_rates.replicate = to_rates.replicate
            and from_rates.support_model <> to_rates.support_model
),

ratio_intervals as (
    select
        from_model,
        to_model,
        quantile_cont(downtime_ratio, 0.025) as downtime_ratio_low,
        quantile_cont(downtime_ratio, 0.975) as downtime_ratio_high,
        quantile_cont(reactive_hours_ratio, 0.025) as reactive_hours_ratio_low,
        quantile_cont(reactive_hours_ratio, 0.975) as reactive_hours_ratio_high
    from replicate_ratios
    group by from_model, to_model
),

switches as (
    select
        from_model,
        to_model,
        count(*) as switch_clients,
        sum(downtime_minutes_per_month_after) / nullif(sum(downtime_minutes_per_month_before), 0)
            as switch_downtime_ratio
    from transitions
    where
        months_compared >= 1
        and downtime_minutes_per_month_before is not null
        and downtime_minutes_per_month_after is not null
    group by from_model, to_model
),

pairs as (
    select
        from_models.support_model as from_model,
        to_models.support_model as to_model,
        from_models.support_model = to_models.support_model as is_same_model
    from models as from_models
    cross join models as to_models
),

effects as (
    select
        pairs.from_model,
        pairs.to_model,
        pairs.is_same_model,
        coalesce(from_rates.clients, 0) as clients_from,
        coalesce(to_rates.clients, 0) as clients_to,
        coalesce(from_rates.monitored_clients, 0) as monitored_clients_from,
        coalesce(to_rates.monitored_clients, 0) as monitored_clients_to,
        to_rates.downtime_minutes_per_critical_device_month,
        to_rates.reactive_hours_per_device_month,
        to_rates.emergency_share,
        to_rates.proactive_hours_per_device_month,
        case
            when pairs.is_same_model then 1.0
            else
                to_rates.downtime_minutes_per_critical_device_month
                / nullif(from_rates.downtime_minutes_per_critical_device_month, 0)
        end as downtime_ratio,
        case when pairs.is_same_model then 1.0 else ratio_intervals.downtime_ratio_low end as bootstrap_low,
        case when pairs.is_same_model then 1.0 else ratio_intervals.downtime_ratio_high end as bootstrap_high,
        case
            when pairs.is_same_model then 1.0
            else to_rates.reactive_hours_per_device_month / nullif(from_rates.reactive_hours_per_device_month, 0)
        end as reactive_hours_ratio,
        case when pairs.is_same_model then 1.0 else ratio_intervals.reactive_hours_ratio_low end
            as reactive_hours_ratio_low,
        case when pairs.is_same_model then 1.0 else ratio_intervals.reactive_hours_ratio_high end
            as reactive_hours_ratio_high,
        coalesce(switches.switch_clients, 0) as switch_clients,
        switches.switch_downtime_ratio
    from pairs
    left join model_rates as from_rates
        on pairs.from_model = from_rates.support_model
    left join model_rates as to_rates
        on pairs.to_model = to_rates.support_model
    left join ratio_intervals
        on
            pairs.from_model = ratio_intervals.from_model
            and pairs.to_model = ratio_intervals.to_model
    left join switches
        on
            pairs.from_model = switches.from_model
            and pairs.to_model = switches.to_model
)

select
    cast(from_model as varchar) as from_model,
    cast(to_model as varchar) as to_model,
    cast(clients_from as integer) as clients_from,
    cast(clients_to as integer) as clients_to,
    cast(monitored_clients_from as integer) as monitored_clients_from,
    cast(monitored_clients_to as integer) as monitored_clients_to,
    cast(downtime_minutes_per_critical_device_month as double) as to_downtime_minutes_per_critical_device_month,
    cast(reactive_hours_per_device_month as double) as to_reactive_hours_per_device_month,
    cast(100 * emergency_share as double) as to_emergency_share_pct,
    cast(proactive_hours_per_device_month as double) as to_proactive_hours_per_device_month,
    cast(downtime_ratio as double) as downtime_ratio,
    -- The interval covers the bootstrap's 95 % and the switchers' own before/after ratio.
    cast(case when downtime_ratio is not null then least(bootstrap_low, switch_downtime_ratio) end as double)
        as downtime_ratio_low,
    cast(case when downtime_ratio is not null then greatest(bootstrap_high, switch_downtime_ratio) end as double)
        as downtime_ratio_high,
    cast(switch_clients as integer) as switch_clients,
    cast(switch_downtime_ratio as double) as switch_downtime_ratio,
    cast(reactive_hours_ratio as double) as reactive_hours_ratio,
    cast(reactive_hours_ratio_low as double) as reactive_hours_ratio_low,
    cast(reactive_hours_ratio_high as double) as reactive_hours_ratio_high
from effects
