with client_map as (
    select * from {{ source('datto_rmm', 'datto_rmm__client_map') }}
),

renamed as (
    select
        record_id as site_uid,
        record ->> 'client_id' as client_id,
        _source_file as source_file
    from client_map
)

select * from renamed
