{#- The one as-of time of a build: var as_of if given, else the latest timestamp loaded. -#}
{%- set as_of_var = var('as_of', '') -%}

with monitoring_events as (
    select * from {{ ref('int_monitoring_events') }}
),

tickets as (
    select * from {{ ref('int_tickets') }}
),

loaded_times as (
    select started_at as loaded_at from monitoring_events
    union all
    select resolved_at from monitoring_events
    union all
    select created_at from tickets
    union all
    select first_response_at from tickets
    union all
    select resolved_at from tickets
),

latest as (
    select max(loaded_at) as latest_loaded_at
    from loaded_times
),

as_of as (
    select
        {% if as_of_var -%}
            {{ to_utc("'" ~ as_of_var ~ "'", "'UTC'") }} as as_of
        {%- else -%}
            latest_loaded_at as as_of
        {%- endif %}
    from latest
)

select * from as_of
