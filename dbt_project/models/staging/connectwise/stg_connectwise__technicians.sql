with members as (
    select * from {{ source('connectwise', 'connectwise__members') }}
),

renamed as (
    select
        record_id as technician_id,
        nullif(trim(concat_ws(' ', record ->> '$.firstName', record ->> '$.lastName')), '') as technician_name,
        cast(record ->> '$.hourlyCost' as decimal(18, 2)) as hourly_cost,
        _source_file as source_file
    from members
)

select * from renamed
