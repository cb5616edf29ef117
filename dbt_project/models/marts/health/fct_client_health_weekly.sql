{%- set w_availability = var('health_weight_availability') -%}
{%- set w_recurring = var('health_weight_recurring_faults') -%}
{%- set w_sla = var('health_weight_sla') -%}
{%- set w_margin = var('health_weight_margin') -%}
{%- set w_ticket_load = var('health_weight_ticket_load') -%}
-- The weekly client health scores (docs/health_score.md). Five component scores, each
-- 0-100 and shown on its own, averaged with weights (dbt vars) over the components that
-- are known, minus a penalty per flag; flags name concrete facts to act on.
-- Two audiences, two scores: the service health score (what the client receives) leaves
-- margin and the MSP's commercial flags out; the account health score (internal, the same
-- value as health_score) counts them.
with

signals as (
    select * from {{ ref('fct_client_health_signals_weekly') }}
),

component_scores as (
    -- Each component maps its metric linearly onto 0-100 between a "bad" and a "good" value.
    select
        *,
        case when availability_pct is not null then greatest(0, least(
            100, 100.0
            * (availability_pct - {{ var('health_availability_floor_pct') }})
            / ({{ var('health_availability_target_pct') }} - {{ var('health_availability_floor_pct') }})
        )) end as availability_score,
        -- No faults at all is as good as it gets.
        case
            when fault_count = 0 then 100.0
            when recurring_fault_rate is not null then greatest(0, least(
                100, 100.0
                * ({{ var('health_recurring_fault_rate_ceiling') }} - recurring_fault_rate)
                / {{ var('health_recurring_fault_rate_ceiling') }}
            ))
        end as recurring_fault_score,
        case when sla_met_pct is not null then greatest(0, least(
            100, 100.0
            * (sla_met_pct - {{ var('health_sla_floor_pct') }})
            / ({{ var('health_sla_target_pct') }} - {{ var('health_sla_floor_pct') }})
        )) end as sla_score,
        -- Costs with no revenue at all is losing money: the worst margin score.
        case
            when revenue = 0 and total_cost > 0 then 0.0
            when gross_margin_pct is not null then greatest(0, least(
                100, 100.0
                * (gross_margin_pct - {{ var('health_margin_floor_pct') }})
                / ({{ var('health_margin_target_pct') }} - {{ var('health_margin_floor_pct') }})
            ))
        end as margin_score,
        case when tickets_per_seat is not null then greatest(0, least(
            100, 100.0
            * ({{ var('health_tickets_per_seat_ceiling') }} - tickets_per_seat)
            / ({{ var('health_tickets_per_seat_ceiling') }} - {{ var('health_tickets_per_seat_target') }})
        )) end as ticket_load_score
    from signals
),

flagged as (
    select
        *,
        coalesce(support_model = 'managed' and gross_margin < 0, false) as is_managed_losing_money,
        coalesce(
            support_model = 'break_fix' and estimated_downtime_cost > managed_fee_equivalent, false
        ) as is_break_fix_downtime_over_managed_fee,
        coalesce(
            max_recurring_faults_on_one_device >= {{ var('health_device_recurring_faults') }}, false
        ) as has_recurring_faults_same_device,
        coalesce(
            sla_breaches >= {{ var('health_sla_breaches_min') }} and sla_breaches > sla_breaches_prior, false
        ) as is_sla_breaches_rising
    from component_scores
),

scored as (
    select
        *,
        cast(is_managed_losing_money as integer)
        + cast(is_break_fix_downtime_over_managed_fee as integer)
        + cast(has_recurring_faults_same_device as integer)
        + cast(is_sla_breaches_rising as integer) as flag_count,
        -- Weighted mean over the known components: unknown ones (e.g. no monitoring) drop out.
        (
            coalesce({{ w_availability }} * availability_score, 0)
            + coalesce({{ w_recurring }} * recurring_fault_score, 0)
            + coalesce({{ w_sla }} * sla_score, 0)
            + coalesce({{ w_margin }} * margin_score, 0)
            + coalesce({{ w_ticket_load }} * ticket_load_score, 0)
        ) / nullif(
            case when availability_score is null then 0 else {{ w_availability }} end
            + case when recurring_fault_score is null then 0 else {{ w_recurring }} end
            + case when sla_score is null then 0 else {{ w_sla }} end
            + case when margin_score is null then 0 else {{ w_margin }} end
            + case when ticket_load_score is null then 0 else {{ w_ticket_load }} end,
            0
        ) as weighted_component_score,
        -- The client's own view: service outcomes only, no margin.
        (
            coalesce({{ w_availability }} * availability_score, 0)
            + coalesce({{ w_recurring }} * recurring_fault_score, 0)
            + coalesce({{ w_sla }} * sla_score, 0)
            + coalesce({{ w_ticket_load }} * ticket_load_score, 0)
        ) / nullif(
            case when availability_score is null then 0 else {{ w_availability }} end
            + case when recurring_fault_score is null then 0 else {{ w_recurring }} end
            + case when sla_score is null then 0 else {{ w_sla }} end
            + case when ticket_load_score is null then 0 else {{ w_ticket_load }} end,
            0
        ) as service_weighted_component_score,
        cast(has_recurring_faults_same_device as integer)
        + cast(is_sla_breaches_rising as integer) as service_flag_count
    from flagged
),

weakest_component as (
    select
        *,
        case least(availability_score, recurring_fault_score, sla_score, margin_score, ticket_load_score)
            when availability_score then 'availability'
            when recurring_fault_score then 'recurring faults'
            when sla_score then 'SLA performance'
            when margin_score then 'margin'
            when ticket_load_score then 'ticket load'
        end as weakest_area,
        case least(availability_score, recurring_fault_score, sla_score, ticket_load_score)
            when availability_score then 'availability'
            when recurring_fault_score then 'repeat faults'
            when sla_score then 'response and resolution times'
            when ticket_load_score then 'the number of tickets'
        end as weakest_service_area
    from scored
),

health_scores as (
    select
        *,
        round(greatest(
            0, least(100, weighted_component_score - {{ var('health_flag_penalty') }} * flag_count)
        ), 1) as account_health_score,
        round(greatest(
            0, least(100, service_weighted_component_score - {{ var('health_flag_penalty') }} * service_flag_count)
        ), 1) as service_health_score
    from weakest_component
)

select
    cast(client_id as varchar) as client_id,
    cast(week_start as date) as week_start,
    cast(support_model as varchar) as support_model,
    -- health_score keeps its first meaning: the account health score, margin included.
    cast(account_health_score as double) as health_score,
    cast(availability_pct as double) as availability_pct,
    cast(recurring_fault_rate as double) as recurring_fault_rate,
    cast(response_met_pct as double) as response_met_pct,
    cast(gross_margin_pct as double) as gross_margin_pct,
    cast(tickets_per_seat as double) as tickets_per_seat,
    cast(concat_ws(
        ';',
        case when is_managed_losing_money then 'managed_losing_money' end,
        case when is_break_fix_downtime_over_managed_fee then 'break_fix_downtime_over_managed_fee' end,
        case when has_recurring_faults_same_device then 'recurring_faults_same_device' end,
        case when is_sla_breaches_rising then 'sla_breaches_rising' end
    ) as varchar) as flags,
    cast(
        case
            when is_managed_losing_money
                then 'Review the fee or the effort: this managed client cost more than it paid lately.'
            when is_break_fix_downtime_over_managed_fee
                then 'Propose a managed agreement: downtime cost this client more than a managed fee would.'
            when has_recurring_faults_same_device
                then 'Fix the root cause of the repeated faults on one device, or plan to replace it.'
            when is_sla_breaches_rising
                then 'Check staffing and ticket routing for this client: SLA breaches are rising.'
            when weighted_component_score < {{ var('health_watch_below') }}
                then 'Keep an eye on this client: its weakest area is ' || weakest_area || '.'
            else 'Healthy: no action needed this week.'
        end as varchar
    ) as recommendation,
    cast(flag_count as integer) as flag_count,
    cast(is_managed_losing_money as boolean) as is_managed_losing_money,
    cast(is_break_fix_downtime_over_managed_fee as boolean) as is_break_fix_downtime_over_managed_fee,
    cast(has_recurring_faults_same_device as boolean) as has_recurring_faults_same_device,
    cast(is_sla_breaches_rising as boolean) as is_sla_breaches_rising,
    cast(availability_score as double) as availability_score,
    cast(recurring_fault_score as double) as recurring_fault_score,
    cast(sla_score as double) as sla_score,
    cast(margin_score as double) as margin_score,
    cast(ticket_load_score as double) as ticket_load_score,
    cast(weighted_component_score as double) as weighted_component_score,
    cast(downtime_minutes as double) as downtime_minutes,
    cast(sla_met_pct as double) as sla_met_pct,
    cast(sla_breaches as integer) as sla_breaches,
    cast(sla_breaches_prior as integer) as sla_breaches_prior,
    cast(max_recurring_faults_on_one_device as integer) as max_recurring_faults_on_one_device,
    cast(gross_margin as decimal(18, 2)) as gross_margin,
    cast(estimated_downtime_cost as decimal(18, 2)) as estimated_downtime_cost,
    cast(managed_fee_equivalent as decimal(18, 2)) as managed_fee_equivalent,
    cast(service_health_score as double) as service_health_score,
    cast(service_weighted_component_score as double) as service_weighted_component_score,
    cast(service_flag_count as integer) as service_flag_count,
    cast(account_health_score as double) as account_health_score,
    -- Written to the client: what we are doing about its service, never about money.
    cast(
        case
            when has_recurring_faults_same_device
                then
                    'One of your devices keeps having the same fault: we are finding the root cause, '
                    || 'and will tell you if the device should be replaced.'
            when is_sla_breaches_rising
                then
                    'Some of your tickets took longer than agreed in recent weeks: we are reviewing '
                    || 'how they are handled to bring response times back on target.'
            when service_weighted_component_score < {{ var('health_watch_below') }}
                then
                    'Your weakest area in recent weeks was ' || weakest_service_area
                    || ': we are looking into it and will report back.'
            else 'Your IT service is in good health: nothing needs your attention this week.'
        end as varchar
    ) as client_recommendation
from health_scores
