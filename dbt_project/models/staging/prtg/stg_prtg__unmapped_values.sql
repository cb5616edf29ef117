{#-
    PRTG values no seed maps (docs/vendors.md): a sensor state (status_raw 601-620, the state
    changes of the log) that is neither in seed vendor_alert_severities nor Up, Paused or
    Down (Acknowledged); such a message starts no event.
-#}
with messages as (
    select * from {{ source('prtg', 'prtg__messages') }}
),

severities as (
    select * from {{ ref('vendor_alert_severities') }}
    where vendor = 'prtg'
),

states as (
    select
        messages.record_id,
        trim(messages.record ->> '$.status') as value,
        (
            severities.severity is not null
            or lower(trim(messages.record ->> '$.status')) in ('up', 'down (acknowledged)')
            or lower(trim(messages.record ->> '$.status')) like 'paused%'
        ) as is_mapped
    from messages
    left join severities
        on lower(trim(messages.record ->> '$.status')) = lower(trim(severities.vendor_severity))
    where try_cast(messages.record ->> '$.status_raw' as integer) between 601 and 620
),

unmapped as (
    {{ unmapped_values('prtg', 'messages', 'status', 'states') }}
)

select * from unmapped
