{#-
    TimeEntries: dateWorked and hoursWorked always, startDateTime only where the contract
    requires start and stop times. Their client is the ticket's company, or for time without a
    ticket the contract's company (Autotask time entries carry no company). The billing code
    names the work type.
-#}
with time_entries as (
    select * from {{ source('autotask', 'autotask__time_entries') }}
),

tickets as (
    select * from {{ source('autotask', 'autotask__tickets') }}
),

contracts as (
    select * from {{ source('autotask', 'autotask__contracts') }}
),

billing_codes as (
    select * from {{ source('autotask', 'autotask__billing_codes') }}
),

client_map as (
    select * from {{ ref('stg_autotask__client_map') }}
),

renamed as (
    select
        time_entries.record_id as time_entry_id,
        client_map.client_id,
        time_entries.record ->> '$.ticketID' as ticket_id,
        time_entries.record ->> '$.resourceID' as technician_id,
        -- Contracts that do not require start and stop times leave startDateTime empty: such an
        -- entry is placed on its work date (00:00 UTC, so its month is the work date's month).
        coalesce(
            {{ to_utc("time_entries.record ->> '$.startDateTime'", 'client_map.timezone') }},
            cast(cast(left(time_entries.record ->> '$.dateWorked', 10) as date) as timestamp)
        ) as started_at,
        cast(time_entries.record ->> '$.hoursWorked' as double) as hours,
        not coalesce(cast(time_entries.record ->> '$.isNonBillable' as boolean), false) as billable,
        {{ vendor_value('autotask', 'work_type', "billing_codes.record ->> '$.name'") }} as work_type,
        time_entries._source_file as source_file,
        time_entries.record_id as _vendor_record_id,
        billing_codes.record ->> '$.name' as _vendor_work_type
    from time_entries
    left join tickets
        on time_entries.record ->> '$.ticketID' = tickets.record_id
    left join contracts
        on time_entries.record ->> '$.contractID' = contracts.record_id
    inner join client_map
        on coalesce(tickets.record ->> '$.companyID', contracts.record ->> '$.companyID') = client_map.company_id
    left join billing_codes
        on time_entries.record ->> '$.billingCodeID' = billing_codes.record_id
)

select * from renamed
