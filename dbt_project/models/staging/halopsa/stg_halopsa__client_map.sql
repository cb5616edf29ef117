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
        {{ psa_client_settings() }},
        _source_file as source_file
    from client_map
)

select * from renamed
