{#- The MSP's mapping of ConnectWise companies to its client ids, time zones and downtime cost. -#}
with client_map as (
    select * from {{ source('connectwise', 'connectwise__client_map') }}
),

renamed as (
    select
        record_id as company_id,
        record ->> 'client_id' as client_id,
        {{ psa_client_settings() }},
        _source_file as source_file
    from client_map
)

select * from renamed
