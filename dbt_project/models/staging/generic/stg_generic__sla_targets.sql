with sla_targets as (
    select * from {{ source('raw', 'sla_targets') }}
),

renamed as (
    select
        agreement_id,
        upper(priority) as priority,
        cast(response_minutes as integer) as response_minutes,
        cast(resolution_minutes as integer) as resolution_minutes,
        _source_file as source_file
    from sla_targets
)

select * from renamed
