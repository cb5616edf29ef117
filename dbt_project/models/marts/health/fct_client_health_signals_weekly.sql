{#- At least one week / month, whatever the vars say. -#}
{%- set window_weeks = [var('health_window_weeks') | int, 1] | max -%}
{%- set margin_months = [var('health_margin_months') | int, 1] | max -%}
-- The raw facts behind each client-week's health score, over trailing windows so one
-- quiet or noisy week does not swing it: the last {{ window_weeks }} weeks (this week
-- included) for operations, the last {{ margin_months }} complete months for money.
with

client_weeks as (
    select
        client_id,
        cast(week_start as date) as week_start
    from {{ ref('int_client_weeks') }}
),

support_models as (
    select * from {{ ref('int_client_support_model_weekly') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

clients as (
    select * from {{ ref('dim_clients') }}
),

agreements as (
    select * from {{ ref('int_agreements') }}
),

monitoring_events as (
    select * from {{ ref('int_monitoring_events') }}
),

outages as (
    select * from {{ ref('fct_outages') }}
),

tickets as (
    select * from {{ ref('fct_tickets') }}
),

client_margin as (
    select * from {{ ref('fct_client_margin_monthly') }}
),

client_downtime as (
    select * from {{ ref('fct_client_downtime_monthly') }}
),

weeks as (
    -- The as-of week counts only up to the as-of time.
    select
        client_weeks.client_id,
        client_weeks.week_start,
        cast(client_weeks.week_start as timestamp) as week_start_at,
        least(cast(client_weeks.week_start + 7 as timestamp), as_of.as_of) as week_end_at,
        cast(client_weeks.week_start - {{ (window_weeks - 1) * 7 }} as timestamp) as window_start_at,
        as_of.as_of
    from client_weeks
    cross join as_of
),

monitored_clients as (
    select distinct client_id from monitoring_events
),

weekly_downtime as (
    select
        weeks.client_id,
        weeks.week_start,
        sum(
            epoch(least(outages.outage_end, weeks.week_end_at) - greatest(outages.outage_start, weeks.week_start_at))
        ) / 60 as downtime_minutes
    from weeks
    inner join outages
        on
            weeks.client_id = outages.client_id
            and weeks.week_end_at > outages.outage_start
            and weeks.week_start_at < outages.outage_end
    group by weeks.client_id, weeks.week_start
),

ticket_facts as (
    -- Merged tickets are duplicates of another ticket: left out of counts, faults and SLA.
    select
        tickets.client_id,
        tickets.ticket_id,
        tickets.device_id,
        tickets.created_at,
        cast(date_trunc('week', tickets.created_at) as date) as week_start,
        tickets.is_fault,
        tickets.is_recurring_fault,
        tickets.response_sla_met,
        tickets.resolution_sla_met
    from tickets
    cross join as_of
    where
        tickets.merged_into_ticket_id is null
        and tickets.created_at <= as_of.as_of
),

weekly_tickets as (
    select
        client_id,
        week_start,
        count(*) as tickets,
        count_if(is_fault) as fault_count,
        count_if(is_fault and is_recurring_fault) as recurring_fault_count,
        count_if(response_sla_met) as response_met,
        count_if(not response_sla_met) as response_breached,
        count_if(resolution_sla_met) as resolution_met,
        count_if(not resolution_sla_met) as resolution_breached
    from ticket_facts
    group by client_id, week_start
),

recurring_faults_per_device as (
    select
        weeks.client_id,
        weeks.week_start,
        ticket_facts.device_id,
        count(*) as recurring_faults
    from weeks
    inner join ticket_facts
        on
            weeks.client_id = ticket_facts.client_id
            and weeks.window_start_at <= ticket_facts.created_at
            and weeks.week_end_at > ticket_facts.created_at
    where ticket_facts.is_fault and ticket_facts.is_recurring_fault
    group by weeks.client_id, weeks.week_start, ticket_facts.device_id
),

device_recurring_faults as (
    -- The most recurring faults on any one device of the client inside the window.
    select
        client_id,
        week_start,
        max(recurring_faults) as max_recurring_faults_on_one_device
    from recurring_faults_per_device
    group by client_id, week_start
),

monthly_money as (
    -- The last complete months before each month, so a week never sees a half-billed month.
    select
        client_margin.client_id,
        client_margin.month,
        count(*) over trailing_months as margin_months,
        sum(client_margin.revenue) over trailing_months as revenue,
        sum(client_margin.total_cost) over trailing_months as total_cost,
        sum(client_margin.gross_margin) over trailing_months as gross_margin,
        sum(client_downtime.estimated_downtime_cost) over trailing_months as estimated_downtime_cost,
        count(client_downtime.estimated_downtime_cost) over trailing_months as downtime_cost_months
    from client_margin
    left join client_downtime
        on
            client_margin.client_id = client_downtime.client_id
            and client_margin.month = client_downtime.month
    window trailing_months as (
        partition by client_margin.client_id
        order by client_margin.month
        rows between {{ margin_months }} preceding and 1 preceding
    )
),

managed_fee_per_seat as (
    -- What a managed fee would have cost: the portfolio's median managed fee per seat.
    select
        coalesce(
            median(agreements.monthly_fee / clients.seats),
            {{ var('health_managed_fee_per_seat_default') }}
        ) as fee_per_seat_month
    from agreements
    inner join clients
        on agreements.client_id = clients.client_id
    where
        agreements.support_model = 'managed'
        and agreements.monthly_fee > 0
        and clients.seats > 0
),

weekly_facts as (
    select
        weeks.client_id,
        weeks.week_start,
        support_models.support_model,
        clients.seats,
        monitored_clients.client_id is not null as has_monitoring,
        epoch(weeks.week_end_at - weeks.week_start_at) / 60 as minutes_in_week,
        coalesce(weekly_downtime.downtime_minutes, 0) as downtime_minutes,
        coalesce(weekly_tickets.tickets, 0) as tickets,
        coalesce(weekly_tickets.fault_count, 0) as fault_count,
        coalesce(weekly_tickets.recurring_fault_count, 0) as recurring_fault_count,
        coalesce(weekly_tickets.response_met, 0) as response_met,
        coalesce(weekly_tickets.response_breached, 0) as response_breached,
        coalesce(weekly_tickets.resolution_met, 0) as resolution_met,
        coalesce(weekly_tickets.resolution_breached, 0) as resolution_breached,
        coalesce(device_recurring_faults.max_recurring_faults_on_one_device, 0)
            as max_recurring_faults_on_one_device
    from weeks
    left join support_models
        on
            weeks.client_id = support_models.client_id
            and weeks.week_start = support_models.week_start
    left join clients
        on weeks.client_id = clients.client_id
    left join monitored_clients
        on weeks.client_id = monitored_clients.client_id
    left join weekly_downtime
        on
            weeks.client_id = weekly_downtime.client_id
            and weeks.week_start = weekly_downtime.week_start
    left join weekly_tickets
        on
            weeks.client_id = weekly_tickets.client_id
            and weeks.week_start = weekly_tickets.week_start
    left join device_recurring_faults
        on
            weeks.client_id = device_recurring_faults.client_id
            and weeks.week_start = device_recurring_faults.week_start
),

trailing_facts as (
    -- Weeks are contiguous per client, so a window of rows is a window of weeks.
    select
        client_id,
        week_start,
        support_model,
        seats,
        has_monitoring,
        max_recurring_faults_on_one_device,
        sum(minutes_in_week) over trailing_weeks as window_minutes,
        sum(downtime_minutes) over trailing_weeks as downtime_minutes,
        sum(tickets) over trailing_weeks as tickets,
        sum(fault_count) over trailing_weeks as fault_count,
        sum(recurring_fault_count) over trailing_weeks as recurring_fault_count,
        sum(response_met) over trailing_weeks as response_met,
        sum(response_breached) over trailing_weeks as response_breached,
        sum(resolution_met) over trailing_weeks as resolution_met,
        sum(resolution_breached) over trailing_weeks as resolution_breached,
        coalesce(sum(response_breached + resolution_breached) over prior_weeks, 0) as sla_breaches_prior
    from weekly_facts
    window
        trailing_weeks as (
            partition by client_id order by week_start
            rows between {{ window_weeks - 1 }} preceding and current row
        ),
        prior_weeks as (
            partition by client_id order by week_start
            rows between {{ 2 * window_weeks - 1 }} preceding and {{ window_weeks }} preceding
        )
)

select
    trailing_facts.client_id,
    trailing_facts.week_start,
    trailing_facts.support_model,
    trailing_facts.seats,
    trailing_facts.window_minutes,
    case when trailing_facts.has_monitoring then trailing_facts.downtime_minutes end as downtime_minutes,
    case
        when trailing_facts.has_monitoring
            then 100 * (1 - trailing_facts.downtime_minutes / nullif(trailing_facts.window_minutes, 0))
    end as availability_pct,
    trailing_facts.tickets,
    trailing_facts.tickets / nullif(trailing_facts.seats, 0) as tickets_per_seat,
    trailing_facts.fault_count,
    trailing_facts.recurring_fault_count,
    100 * trailing_facts.recurring_fault_count / nullif(trailing_facts.fault_count, 0) as recurring_fault_rate,
    trailing_facts.max_recurring_faults_on_one_device,
    trailing_facts.response_met,
    trailing_facts.response_breached,
    100 * trailing_facts.response_met
    / nullif(trailing_facts.response_met + trailing_facts.response_breached, 0) as response_met_pct,
    trailing_facts.resolution_met,
    trailing_facts.resolution_breached,
    100 * (trailing_facts.response_met + trailing_facts.resolution_met) / nullif(
        trailing_facts.response_met + trailing_facts.response_breached
        + trailing_facts.resolution_met + trailing_facts.resolution_breached,
        0
    ) as sla_met_pct,
    trailing_facts.response_breached + trailing_facts.resolution_breached as sla_breaches,
    trailing_facts.sla_breaches_prior,
    coalesce(monthly_money.margin_months, 0) as margin_months,
    monthly_money.revenue,
    monthly_money.total_cost,
    monthly_money.gross_margin,
    100 * (monthly_money.gross_margin / nullif(monthly_money.revenue, 0)) as gross_margin_pct,
    monthly_money.estimated_downtime_cost,
    -- A managed fee for the same seats over the same months, to weigh break-fix downtime against.
    cast(
        managed_fee_per_seat.fee_per_seat_month * trailing_facts.seats * monthly_money.downtime_cost_months
        as decimal(18, 2)
    ) as managed_fee_equivalent
from trailing_facts
cross join managed_fee_per_seat
left join monthly_money
    on
        trailing_facts.client_id = monthly_money.client_id
        and cast(date_trunc('month', trailing_facts.week_start) as date) = monthly_money.month
