with resources as (
    select * from {{ source('autotask', 'autotask__resources') }}
),

renamed as (
    select
        record_id as technician_id,
        nullif(trim(concat_ws(' ', record ->> '$.firstName', record ->> '$.lastName')), '') as technician_name,
        cast(record ->> '$.internalCost' as decimal(18, 2)) as hourly_cost,
        _source_file as source_file
    from resources
)

select * from renamed
