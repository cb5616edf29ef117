with agents as (
    select * from {{ source('halopsa', 'halopsa__agents') }}
),

renamed as (
    select
        record_id as technician_id,
        nullif(trim(record ->> '$.name'), '') as technician_name,
        cast(record ->> '$.costprice' as decimal(18, 2)) as hourly_cost,
        _source_file as source_file
    from agents
)

select * from renamed
