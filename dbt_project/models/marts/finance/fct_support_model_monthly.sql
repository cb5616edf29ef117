-- Each support model's month: the client-months of that model added up, so leadership
-- can compare managed, hybrid and break-fix on margin, downtime and repeat faults.
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

client_months as (
    select
        client_margin.support_model,
        client_margin.month,
        client_margin.client_id,
        client_margin.revenue,
        client_margin.total_cost,
        client_margin.gross_margin,
        client_margin.parts_cost,
        client_margin.labor_hours,
        client_downtime.downtime_minutes,
        coalesce(client_faults.fault_count, 0) as fault_count,
        coalesce(client_faults.recurring_fault_count, 0) as recurring_fault_count
    from client_margin
    left join client_downtime
        on
            client_margin.client_id = client_downtime.client_id
            and client_margin.month = client_downtime.month
    left join client_faults
        on
            client_margin.client_id = client_faults.client_id
            and client_margin.month = client_faults.month
),

support_model_months as (
    select
        support_model,
        month,
        count(*) as clients,
        sum(revenue) as revenue,
        sum(total_cost) as total_cost,
        sum(gross_margin) as gross_margin,
        sum(parts_cost) as parts_cost,
        sum(labor_hours) as labor_hours,
        -- Downtime is unknown (NULL) for clients without monitoring data: average the others.
        count(downtime_minutes) as clients_with_monitoring,
        avg(downtime_minutes) as downtime_minutes_per_client,
        sum(fault_count) as fault_count,
        sum(recurring_fault_count) as recurring_fault_count
    from client_months
    group by support_model, month
)

select
    cast(support_model as varchar) as support_model,
    cast(month as date) as month,  -- noqa: RF04
    cast(clients as integer) as clients,
    cast(revenue as decimal(18, 2)) as revenue,
    cast(total_cost as decimal(18, 2)) as total_cost,
    cast(gross_margin as decimal(18, 2)) as gross_margin,
    cast(100 * (gross_margin / nullif(revenue, 0)) as double) as gross_margin_pct,  -- divide first: <= 100
    cast(labor_hours as double) as labor_hours,
    cast((revenue - parts_cost) / nullif(labor_hours, 0) as double) as effective_hourly_rate,
    cast(clients_with_monitoring as integer) as clients_with_monitoring,
    cast(downtime_minutes_per_client as double) as downtime_minutes_per_client,
    cast(fault_count as integer) as fault_count,
    cast(recurring_fault_count as integer) as recurring_fault_count,
    cast(100 * recurring_fault_count / nullif(fault_count, 0) as double) as recurring_fault_rate
from support_model_months
