{#- The UTC day a client's history starts: first agreement day or first activity, whichever is earlier. -#}
with clients as (
    select * from {{ ref('int_clients') }}
),

agreements as (
    select * from {{ ref('int_agreements') }}
),

tickets as (
    select * from {{ ref('int_tickets') }}
),

monitoring_events as (
    select * from {{ ref('int_monitoring_events') }}
),

time_entries as (
    select * from {{ ref('int_time_entries') }}
),

invoice_lines as (
    select * from {{ ref('int_invoice_lines') }}
),

activity_days as (
    select
        client_id,
        start_date as activity_date
    from agreements
    union all
    select
        client_id,
        cast(created_at as date) as activity_date
    from tickets
    union all
    select
        client_id,
        cast(started_at as date) as activity_date
    from monitoring_events
    union all
    select
        client_id,
        cast(started_at as date) as activity_date
    from time_entries
    union all
    -- The revenue month of a line starts at its period, else its invoice date.
    select
        client_id,
        coalesce(period_start, invoice_date) as activity_date
    from invoice_lines
),

first_activity as (
    select
        clients.client_id,
        min(activity_days.activity_date) as first_activity_date
    from clients
    inner join activity_days
        on clients.client_id = activity_days.client_id
    group by clients.client_id
)

select * from first_activity
