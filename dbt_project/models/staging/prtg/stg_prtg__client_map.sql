with client_map as (
    select * from {{ source('prtg', 'prtg__client_map') }}
),

renamed as (
    select
        record_id as group_id,
        record ->> 'client_id' as client_id,
        _source_file as source_file
    from client_map
)

select * from renamed
