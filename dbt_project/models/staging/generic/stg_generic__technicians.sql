with technicians as (
    select * from {{ source('raw', 'technicians') }}
),

renamed as (
    select
        technician_id,
        technician_name,
        cast(hourly_cost as decimal(18, 2)) as hourly_cost,
        _source_file as source_file
    from technicians
)

select * from renamed
