with raw_clients as (
    select * from {{ source('raw', 'clients') }}
),

-- report_recipients is optional in raw: union by name with an empty typed row adds it when missing.
clients as (
    select cast(null as varchar) as report_recipients
    where false
    union all by name
    select * from raw_clients
),

renamed as (
    select
        client_id,
        client_name,
        industry,
        seats,
        coalesce(timezone, 'UTC') as timezone,
        cast(downtime_cost_per_hour as decimal(18, 2)) as downtime_cost_per_hour,
        cast(report_recipients as varchar) as report_recipients,
        _source_file as source_file
    from clients
)

select * from renamed
