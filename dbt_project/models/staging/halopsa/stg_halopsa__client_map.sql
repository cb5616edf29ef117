{#- The MSP's mapping of HaloPSA clients to its client ids and the details HaloPSA lacks. -#}
with client_map as (
    select * from {{ source('halopsa', 'halopsa__client_map') }}
),

renamed as (
    select
        record_id as halo_client_id,
        record ->> 'client_id' as client_id,
        nullif(trim(record ->> 'industry'), '') as industry,
        cast(nullif(trim(record ->> 'seats'), '') as integer) as seats,
        coalesce(nullif(trim(record ->> 'timezone'), ''), 'UTC') as timezone,
        cast(
            nullif(regexp_replace(record ->> 'downtime_cost_per_hour', '[^0-9.\-]', '', 'g'), '')
            as decimal(18, 2)
        ) as downtime_cost_per_hour,
        nullif(trim(record ->> 'report_recipients'), '') as report_recipients,
        _source_file as source_file
    from client_map
)

select * from renamed
