-- Every change of a client's support model, with the client's outcomes over the same
-- number of whole months before and after the change (up to 6), so "did moving clients
-- to managed reduce downtime, and what did it do to margin" is one query.
with

client_margin as (
    select * from {{ ref('fct_client_margin_monthly') }}
),

client_downtime as (
    select * from {{ ref('fct_client_downtime_monthly') }}
),

client_faults as (
    select * from {{ ref('fct_client_faults_monthly') }}
),

client_sla as (
    select * from {{ ref('fct_client_sla_monthly') }}
),

clients as (
    select * from {{ ref('dim_clients') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

client_months as (
    select
        client_margin.client_id,
        client_margin.month,
        client_margin.support_model,
        client_margin.revenue,
        client_margin.gross_margin,
        client_downtime.downtime_minutes,
        coalesce(client_faults.fault_count, 0) as fault_count,
        coalesce(client_faults.recurring_fault_count, 0) as recurring_fault_count,
        coalesce(client_sla.tickets, 0) as tickets,
        -- The as-of month is still running: only months before it are whole.
        client_margin.month < cast(date_trunc('month', as_of.as_of) as date) as is_whole_month
    from client_margin
    cross join as_of
    left join client_downtime
        on
            client_margin.client_id = client_downtime.client_id
            and client_margin.month = client_downtime.month
    left join client_faults
        on
            client_margin.client_id = client_faults.client_id
            and client_margin.month = client_faults.month
    left join client_sla
        on
            client_margin.client_id = client_sla.client_id
            and client_margin.month = client_sla.month
),

previous_models as (
    select
        *,
        lag(support_model) over (partition by client_id order by month) as previous_model
    from client_months
),

model_runs_numbered as (
    -- A run is a stretch of consecutive months under one support model.
    select
        *,
        sum(case when support_model = previous_model then 0 else 1 end) over (
            partition by client_id order by month
        ) as run_number
    from previous_models
),

model_runs as (
    select
        client_id,
        run_number,
        any_value(support_model) as support_model,
        min(month) as first_month,
        count_if(is_whole_month) as whole_months
    from model_runs_numbered
    group by client_id, run_number
),

transitions as (
    select
        after_run.client_id,
        before_run.support_model as from_model,
        after_run.support_model as to_model,
        after_run.first_month as changed_on,
        cast(least(6, before_run.whole_months, after_run.whole_months) as integer) as months_compared
    from model_runs as after_run
    inner join model_runs as before_run
        on
            after_run.client_id = before_run.client_id
            and after_run.run_number = before_run.run_number + 1
),

transition_windows as (
    -- Before: the months_compared months just before the change; after: as many from it.
    select
        transitions.client_id,
        transitions.changed_on,
        client_months.month < transitions.changed_on as is_before,
        client_months.downtime_minutes,
        client_months.fault_count,
        client_months.recurring_fault_count,
        client_months.tickets,
        client_months.revenue,
        client_months.gross_margin
    from transitions
    inner join client_months
        on
            transitions.client_id = client_months.client_id
            and client_months.month >= cast(transitions.changed_on - to_months(transitions.months_compared) as date)
            and client_months.month < cast(transitions.changed_on + to_months(transitions.months_compared) as date)
),

window_outcomes as (
    select
        client_id,
        changed_on,
        avg(case when is_before then downtime_minutes end) as downtime_before,
        avg(case when not is_before then downtime_minutes end) as downtime_after,
        sum(case when is_before then fault_count end) as faults_before,
        sum(case when not is_before then fault_count end) as faults_after,
        sum(case when is_before then recurring_fault_count end) as recurring_faults_before,
        sum(case when not is_before then recurring_fault_count end) as recurring_faults_after,
        sum(case when is_before then tickets end) as tickets_before,
        sum(case when not is_before then tickets end) as tickets_after,
        sum(case when is_before then revenue end) as revenue_before,
        sum(case when not is_before then revenue end) as revenue_after,
        sum(case when is_before then gross_margin end) as gross_margin_before,
        sum(case when not is_before then gross_margin end) as gross_margin_after
    from transition_windows
    group by client_id, changed_on
),

transition_outcomes as (
    select
        transitions.*,
        clients.seats,
        window_outcomes.* exclude (client_id, changed_on)
    from transitions
    left join window_outcomes
        on
            transitions.client_id = window_outcomes.client_id
            and transitions.changed_on = window_outcomes.changed_on
    left join clients
        on transitions.client_id = clients.client_id
)

select
    cast(client_id as varchar) as client_id,
    cast(from_model as varchar) as from_model,
    cast(to_model as varchar) as to_model,
    cast(changed_on as date) as changed_on,
    cast(months_compared as integer) as months_compared,
    cast(downtime_before as double) as downtime_minutes_per_month_before,
    cast(downtime_after as double) as downtime_minutes_per_month_after,
    cast(100 * recurring_faults_before / nullif(faults_before, 0) as double) as recurring_fault_rate_before,
    cast(100 * recurring_faults_after / nullif(faults_after, 0) as double) as recurring_fault_rate_after,
    cast(tickets_before / nullif(months_compared, 0) / nullif(seats, 0) as double)
        as tickets_per_seat_per_month_before,
    cast(tickets_after / nullif(months_compared, 0) / nullif(seats, 0) as double)
        as tickets_per_seat_per_month_after,
    cast(100 * (gross_margin_before / nullif(revenue_before, 0)) as double) as gross_margin_pct_before,
    cast(100 * (gross_margin_after / nullif(revenue_after, 0)) as double) as gross_margin_pct_after,
    cast(gross_margin_before / nullif(months_compared, 0) as decimal(18, 2)) as gross_margin_per_month_before,
    cast(gross_margin_after / nullif(months_compared, 0) as decimal(18, 2)) as gross_margin_per_month_after
from transition_outcomes
