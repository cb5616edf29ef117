-- Clipping outages to months neither loses nor invents downtime: per client, the monthly
-- minutes add up to the merged outages' durations (every outage lies in the client's months).
-- A Dagster asset check on fct_client_downtime_monthly (the test reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'fct_client_downtime_monthly'}}}) }}
with outages as (
    select
        client_id,
        sum(duration_minutes) as outage_minutes
    from {{ ref('fct_outages') }}
    group by client_id
),

monthly as (
    select
        client_id,
        sum(downtime_minutes) as downtime_minutes
    from {{ ref('fct_client_downtime_monthly') }}
    group by client_id
)

select
    monthly.client_id,
    monthly.downtime_minutes,
    outages.outage_minutes
from monthly
left join outages
    on monthly.client_id = outages.client_id
where abs(coalesce(monthly.downtime_minutes, 0) - coalesce(outages.outage_minutes, 0)) > 1e-6
