-- The industry's claims about support models, tested on the MSP's own whole client-months: one
-- row per claim, each model's figure normalised per device (or a rate), the clients behind it,
-- a deterministic bootstrap interval over clients, and a verdict on managed against break-fix.
with

billing as (
    select * from {{ ref('fct_client_billing_monthly') }}
),

margin as (
    select * from {{ ref('fct_client_margin_monthly') }}
),

downtime as (
    select * from {{ ref('fct_client_downtime_monthly') }}
),

faults as (
    select * from {{ ref('fct_client_faults_monthly') }}
),

model_inputs as (
    select * from {{ ref('int_client_model_inputs_monthly') }}
),

tickets as (
    select * from {{ ref('fct_tickets') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

claims as (
    -- claim_id, the claim, what is measured, its unit, how the figure is made from the clients
    -- (ratio of sums, median, mean or correlation of client values), and which way managed should
    -- differ from break-fix if the claim holds.
    select * from (
        values
        (
            1, 'downtime', 'Managed services reduce downtime', 'downtime minutes per critical device-month',
            'minutes', 'ratio', 'lower'
        ),
        (
            2, 'recurring_faults', 'Managed services reduce recurring faults',
            'recurring faults as a share of faults', 'percent', 'ratio', 'lower'
        ),
        (
            3, 'faults_per_device', 'Proactive work prevents faults', 'faults per device-month',
            'faults', 'ratio', 'lower'
        ),
        (
            4, 'response_median', 'Managed clients are answered faster',
            'median minutes to first response (median over clients)', 'minutes', 'median', 'lower'
        ),
        (
            5, 'response_p90', 'Managed clients are answered faster, also in the worst cases',
            '90th percentile of minutes to first response (median over clients)', 'minutes', 'median', 'lower'
        ),
        (
            6, 'resolution_median', 'Managed clients are fixed faster',
            'median minutes to resolution (median over clients)', 'minutes', 'median', 'lower'
        ),
        (
            7, 'resolution_p90', 'Managed clients are fixed faster, also in the worst cases',
            '90th percentile of minutes to resolution (median over clients)', 'minutes', 'median', 'lower'
        ),
        (
            8, 'spend_predictability', 'Managed services make costs predictable',
            'coefficient of variation of monthly spend (mean over clients)', 'percent', 'mean', 'lower'
        ),
        (
            9, 'emergency_share', 'Break-fix is reactive and pays emergency premiums',
            'emergency hours as a share of reactive hours', 'percent', 'ratio', 'lower'
        ),
        (
            10, 'proactive_share', 'Managed services are proactive',
            'proactive hours as a share of proactive and reactive hours', 'percent', 'ratio', 'higher'
        ),
        (
            11, 'gross_margin', 'Managed services earn the MSP a better margin', 'gross margin as a share of revenue',
            'percent', 'ratio', 'higher'
        ),
        (
            12, 'effective_rate', 'Managed services earn more per hour worked',
            'revenue less parts cost per hour logged', 'money per hour', 'ratio', 'higher'
        ),
        (
            13, 'incentive_alignment', 'Managed services align the MSP''s incentives with the client''s',
            'correlation between client margin % and downtime per critical device (across clients)',
            'correlation', 'correlation', 'lower'
        )
    ) as claim_list (claim_number, claim_id, claim, measure, unit, figure_kind, managed_should_be)  -- noqa: AL05
),

whole_months as (
    select
        billing.client_id,
        billing.month,
        billing.support_model,
        billing.reactive_hours,
        billing.emergency_hours,
        billing.proactive_hours,
        margin.revenue,
        margin.gross_margin,
        margin.parts_cost,
        margin.labor_hours,
        model_inputs.active_devices,
        model_inputs.critical_devices,
        downtime.downtime_minutes,
        coalesce(faults.fault_count, 0) as fault_count,
        coalesce(faults.recurring_fault_count, 0) as recurring_fault_count
    from billing
    cross join as_of
    inner join margin
        on
            billing.client_id = margin.client_id
            and billing.month = margin.month
    inner join model_inputs
        on
            billing.client_id = model_inputs.client_id
            and billing.month = model_inputs.month
    left join downtime
        on
            billing.client_id = downtime.client_id
            and billing.month = downtime.month
    left join faults
        on
            billing.client_id = faults.client_id
            and billing.month = faults.month
    where
        billing.month < cast(date_trunc('month', as_of.as_of) as date)
        and billing.support_model in ('break_fix', 'managed', 'hybrid')
),

client_model_sums as (
    select
        support_model,
        client_id,
        count(*) as months,
        sum(downtime_minutes) as downtime_minutes,
        sum(case when downtime_minutes is not null then critical_devices end) as monitored_critical_device_months,
        sum(active_devices) as device_months,
        sum(fault_count) as fault_count,
        sum(recurring_fault_count) as recurring_fault_count,
        sum(reactive_hours) as reactive_hours,
        sum(emergency_hours) as emergency_hours,
        sum(proactive_hours) as proactive_hours,
        sum(revenue) as revenue,
        sum(gross_margin) as gross_margin,
        sum(parts_cost) as parts_cost,
        sum(labor_hours) as labor_hours,
        avg(revenue) as mean_monthly_revenue,
        stddev_samp(revenue) as sd_monthly_revenue
    from whole_months
    group by support_model, client_id
),

client_ticket_times as (
    -- Each client's own median and 90th percentile under each model (tickets of whole months).
    select
        tickets.support_model,
        tickets.client_id,
        median(tickets.response_minutes) as median_response,
        quantile_cont(tickets.response_minutes, 0.9) as p90_response,
        median(tickets.resolution_minutes) as median_resolution,
        quantile_cont(tickets.resolution_minutes, 0.9) as p90_resolution
    from tickets
    cross join as_of
    where
        tickets.merged_into_ticket_id is null
        and tickets.created_at < date_trunc('month', as_of.as_of)
        and tickets.support_model in ('break_fix', 'managed', 'hybrid')
    group by tickets.support_model, tickets.client_id
),

{# claim_id: (source, numerator, denominator, value, other_value, condition) #}
{% set client_figures = [
    ('downtime', 'client_model_sums', 'downtime_minutes', 'monitored_critical_device_months', 'null', 'null',
        'monitored_critical_device_months > 0'),
    ('recurring_faults', 'client_model_sums', '100 * recurring_fault_count', 'fault_count', 'null', 'null',
        'fault_count > 0'),
    ('faults_per_device', 'client_model_sums', 'fault_count', 'device_months', 'null', 'null', 'device_months > 0'),
    ('response_median', 'client_ticket_times', 'null', 'null', 'median_response', 'null',
        'median_response is not null'),
    ('response_p90', 'client_ticket_times', 'null', 'null', 'p90_response', 'null', 'p90_response is not null'),
    ('resolution_median', 'client_ticket_times', 'null', 'null', 'median_resolution', 'null',
        'median_resolution is not null'),
    ('resolution_p90', 'client_ticket_times', 'null', 'null', 'p90_resolution', 'null',
        'p90_resolution is not null'),
    ('spend_predictability', 'client_model_sums', 'null', 'null',
        '100 * sd_monthly_revenue / mean_monthly_revenue', 'null', 'months >= 3 and mean_monthly_revenue > 0'),
    ('emergency_share', 'client_model_sums', '100 * emergency_hours', 'reactive_hours', 'null', 'null',
        'reactive_hours > 0'),
    ('proactive_share', 'client_model_sums', '100 * proactive_hours', 'proactive_hours + reactive_hours', 'null',
        'null', 'proactive_hours + reactive_hours > 0'),
    ('gross_margin', 'client_model_sums', '100 * gross_margin', 'revenue', 'null', 'null', 'revenue > 0'),
    ('effective_rate', 'client_model_sums', 'revenue - parts_cost', 'labor_hours', 'null', 'null',
        'labor_hours > 0'),
    ('incentive_alignment', 'client_model_sums', 'null', 'null', '100 * gross_margin / revenue',
        'downtime_minutes / monitored_critical_device_months',
        'revenue > 0 and monitored_critical_device_months > 0'),
] %}

client_values as (
    -- noqa: disable=LT02
    -- One row per claim, model and client with a figure: numerator and denominator for ratio
    -- claims, a value (and a second one for the correlation) for the others. Spend
    -- predictability needs at least three whole months and some spend.
    {%- for claim_id, source, numerator, denominator, value, other_value, condition in client_figures %}
    select
        '{{ claim_id }}' as claim_id,
        support_model,
        client_id,
        cast({{ numerator }} as double) as numerator,
        cast({{ denominator }} as double) as denominator,
        cast({{ value }} as double) as client_value,
        cast({{ other_value }} as double) as other_value
    from {{ source }}
    where {{ condition }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

keyed_values as (
    select
        claims.figure_kind,
        client_values.*
    from client_values
    inner join claims
        on client_values.claim_id = claims.claim_id
),

model_clients as (
    -- Each model's clients are resampled once for every claim (those without a figure for a
    -- claim drop out of it), which also keeps the number of draws small.
    select distinct
        support_model,
        client_id
    from client_values
),

bootstrap_draws as (
    {{ bootstrap_draws('model_clients', 'support_model') }}
),

{#- How each kind of figure is made from its clients' rows (one aggregate per kind, so a
    median is only worked out where one is needed). A correlation needs three clients; one with
    no spread in a value is NaN: unknown. #}
{%- set figures = {
    'ratio': 'sum(keyed_values.numerator) / nullif(sum(keyed_values.denominator), 0)',
    'median': 'median(keyed_values.client_value)',
    'mean': 'avg(keyed_values.client_value)',
    'correlation': 'case when count(*) >= 3 and not isnan(corr(keyed_values.client_value, '
        ~ 'keyed_values.other_value)) then corr(keyed_values.client_value, keyed_values.other_value) end',
} %}

point_figures as (
    {%- for kind, expression in figures.items() %}
    select
        keyed_values.claim_id,
        keyed_values.support_model,
        count(*) as clients,
        {{ expression }} as figure
    from keyed_values
    where keyed_values.figure_kind = '{{ kind }}'
    group by keyed_values.claim_id, keyed_values.support_model
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

replicate_figures as (
    {%- for kind, expression in figures.items() %}
    select
        keyed_values.claim_id,
        keyed_values.support_model,
        bootstrap_draws.replicate,
        {{ expression }} as figure
    from bootstrap_draws
    inner join keyed_values
        on
            bootstrap_draws.support_model = keyed_values.support_model
            and bootstrap_draws.client_id = keyed_values.client_id
    where keyed_values.figure_kind = '{{ kind }}'
    group by keyed_values.claim_id, keyed_values.support_model, bootstrap_draws.replicate
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- noqa: enable=LT02
figure_intervals as (
    select
        claim_id,
        support_model,
        quantile_cont(figure, 0.025) as figure_low,
        quantile_cont(figure, 0.975) as figure_high
    from replicate_figures
    group by claim_id, support_model
),

difference_intervals as (
    -- Managed minus break-fix, replicate by replicate (each model resampled on its own).
    select
        managed.claim_id,
        quantile_cont(managed.figure - break_fix.figure, 0.025) as difference_low,
        quantile_cont(managed.figure - break_fix.figure, 0.975) as difference_high
    from replicate_figures as managed
    inner join replicate_figures as break_fix
        on
            managed.claim_id = break_fix.claim_id
            and managed.replicate = break_fix.replicate
            and managed.support_model = 'managed'
            and break_fix.support_model = 'break_fix'
    group by managed.claim_id
),

by_model as (
    select
        claims.*,
        {%- for model in ['break_fix', 'managed', 'hybrid'] %}
            {{ model }}_point.figure as {{ model }}_value,
            {{ model }}_interval.figure_low as {{ model }}_low,
            {{ model }}_interval.figure_high as {{ model }}_high,
            coalesce({{ model }}_point.clients, 0) as {{ model }}_clients,
        {%- endfor %}
        difference_intervals.difference_low,
        difference_intervals.difference_high
    from
        claims
    {%- for model in ['break_fix', 'managed', 'hybrid'] %}
        left join point_figures as {{ model }}_point
            on claims.claim_id = {{ model }}_point.claim_id and {{ model }}_point.support_model = '{{ model }}'
        left join figure_intervals as {{ model }}_interval
            on
                claims.claim_id = {{ model }}_interval.claim_id and {{ model }}_interval.support_model = '{{ model }}'
    {%- endfor %}
    left join difference_intervals
        on claims.claim_id = difference_intervals.claim_id
),

verdicts as (
    select
        *,
        managed_value - break_fix_value as difference,
        case
            when
                managed_clients < {{ var('claims_min_clients') }}
                or break_fix_clients < {{ var('claims_min_clients') }}
                or difference_low is null
                then 'not enough data'
            when
                (managed_should_be = 'lower' and difference_high < 0)
                or (managed_should_be = 'higher' and difference_low > 0)
                then 'holds'
            when
                (managed_should_be = 'lower' and difference_low > 0)
                or (managed_should_be = 'higher' and difference_high < 0)
                then 'opposite'
            else 'no difference'
        end as verdict
    from by_model
)

select
    cast(claim_number as integer) as claim_number,
    cast(claim_id as varchar) as claim_id,
    cast(claim as varchar) as claim,
    cast(measure as varchar) as measure,
    cast(unit as varchar) as unit,
    cast(managed_should_be as varchar) as managed_should_be,
    cast(break_fix_value as double) as break_fix_value,
    cast(break_fix_low as double) as break_fix_low,
    cast(break_fix_high as double) as break_fix_high,
    cast(break_fix_clients as integer) as break_fix_clients,
    cast(managed_value as double) as managed_value,
    cast(managed_low as double) as managed_low,
    cast(managed_high as double) as managed_high,
    cast(managed_clients as integer) as managed_clients,
    cast(hybrid_value as double) as hybrid_value,
    cast(hybrid_low as double) as hybrid_low,
    cast(hybrid_high as double) as hybrid_high,
    cast(hybrid_clients as integer) as hybrid_clients,
    cast(difference as double) as managed_minus_break_fix,
    cast(difference_low as double) as managed_minus_break_fix_low,
    cast(difference_high as double) as managed_minus_break_fix_high,
    cast(verdict as varchar) as verdict,
    cast(case verdict
        when 'not enough data'
            then
                'Not enough data: ' || managed_clients || ' managed and ' || break_fix_clients
                || ' break-fix clients have a figure (at least {{ var("claims_min_clients") }} of each needed).'
        when 'holds'
            then
                'Holds in this book of business: '
                || measure
                || ' is '
                || round(managed_value, 2)
                || ' under managed against '
                || round(break_fix_value, 2) || ' under break-fix (95 % interval of the difference '
                || round(difference_low, 2) || ' to ' || round(difference_high, 2) || ').'
        when 'opposite'
            then
                'The opposite holds here: ' || measure || ' is ' || round(managed_value, 2) || ' under managed against '
                || round(break_fix_value, 2) || ' under break-fix (95 % interval of the difference '
                || round(difference_low, 2) || ' to ' || round(difference_high, 2) || ').'
        else
            'No difference shown: ' || measure || ' is ' || round(managed_value, 2) || ' under managed against '
            || round(break_fix_value, 2) || ' under break-fix, but the 95 % interval of the difference ('
            || round(difference_low, 2) || ' to ' || round(difference_high, 2) || ') includes zero.'
    end as varchar) as verdict_text
from verdicts
