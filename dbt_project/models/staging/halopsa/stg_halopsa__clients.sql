with clients as (
    select * from {{ source('halopsa', 'halopsa__clients') }}
),

client_map as (
    select * from {{ ref('stg_halopsa__client_map') }}
),

renamed as (
    select
        client_map.client_id,
        {{ one_line("clients.record ->> '$.name'") }} as client_name,
        client_map.industry,
        client_map.seats,
        client_map.timezone,
        client_map.downtime_cost_per_hour,
        client_map.report_recipients,
        clients._source_file as source_file
    from clients
    inner join client_map
        on clients.record_id = client_map.halo_client_id
)

select * from renamed
