with time_entries as (
    select * from {{ source('connectwise', 'connectwise__time_entries') }}
),

client_map as (
    select * from {{ ref('stg_connectwise__client_map') }}
),

renamed as (
    select
        time_entries.record_id as time_entry_id,
        client_map.client_id,
        -- Time charged to a service ticket names it; project tickets and activities do not.
        case
            when time_entries.record ->> '$.chargeToType' = 'ServiceTicket'
                then time_entries.record ->> '$.chargeToId'
        end as ticket_id,
        time_entries.record ->> '$.member.identifier' as technician_id,
        {{ to_utc("time_entries.record ->> '$.timeStart'", 'client_map.timezone') }} as started_at,
        cast(time_entries.record ->> '$.actualHours' as double) as hours,
        time_entries.record ->> '$.billableOption' = 'Billable' as billable,
        {{ vendor_value('connectwise', 'work_type', "time_entries.record ->> '$.workType.name'") }} as work_type,
        time_entries._source_file as source_file,
        time_entries.record_id as _vendor_record_id,
        time_entries.record ->> '$.workType.name' as _vendor_work_type
    from time_entries
    inner join client_map
        on time_entries.record ->> '$.company.id' = client_map.company_id
)

select * from renamed
