{#-
    Tickets. Picklist integers become labels (stg_autotask__picklists): ticketType ->
    ticket_type, issueType -> category, subIssueType -> subcategory, source, status, priority
    (seed vendor_value_map). The device is the configuration item's RMM device id. Autotask
    marks a merged ticket with the user-defined field "Merged Into Ticket" (its ticket id).
-#}
with tickets as (
    select * from {{ source('autotask', 'autotask__tickets') }}
),

configuration_items as (
    select * from {{ source('autotask', 'autotask__configuration_items') }}
),

client_map as (
    select * from {{ ref('stg_autotask__client_map') }}
),

picklists as (
    select * from {{ ref('stg_autotask__picklists') }}
),

labelled as (
    select
        tickets.record_id,
        tickets.record,
        tickets._source_file,
        client_map.client_id,
        client_map.timezone,
        priority_picklist.picklist_label as priority_label,
        ticket_type_picklist.picklist_label as ticket_type_label,
        issue_type_picklist.picklist_label as issue_type_label,
        sub_issue_type_picklist.picklist_label as sub_issue_type_label,
        source_picklist.picklist_label as source_label,
        status_picklist.picklist_label as status_label,
        list_filter(
            json_extract(tickets.record, '$.userDefinedFields[*]'),
            lambda f: lower(f ->> 'name') = 'merged into ticket'
        )[1] ->> 'value' as merged_into_ticket_id
    from tickets
    inner join client_map
        on tickets.record ->> '$.companyID' = client_map.company_id
    left join picklists as priority_picklist
        on
            priority_picklist.entity = 'tickets'
            and priority_picklist.field_name = 'priority'
            and tickets.record ->> '$.priority' = priority_picklist.picklist_value
    left join picklists as ticket_type_picklist
        on
            ticket_type_picklist.entity = 'tickets'
            and ticket_type_picklist.field_name = 'tickettype'
            and tickets.record ->> '$.ticketType' = ticket_type_picklist.picklist_value
    left join picklists as issue_type_picklist
        on
            issue_type_picklist.entity = 'tickets'
            and issue_type_picklist.field_name = 'issuetype'
            and tickets.record ->> '$.issueType' = issue_type_picklist.picklist_value
    left join picklists as sub_issue_type_picklist
        on
            sub_issue_type_picklist.entity = 'tickets'
            and sub_issue_type_picklist.field_name = 'subissuetype'
            and tickets.record ->> '$.subIssueType' = sub_issue_type_picklist.picklist_value
    left join picklists as source_picklist
        on
            source_picklist.entity = 'tickets'
            and source_picklist.field_name = 'source'
            and tickets.record ->> '$.source' = source_picklist.picklist_value
    left join picklists as status_picklist
        on
            status_picklist.entity = 'tickets'
            and status_picklist.field_name = 'status'
            and tickets.record ->> '$.status' = status_picklist.picklist_value
),

renamed as (
    select
        labelled.record_id as ticket_id,
        labelled.client_id,
        coalesce(
            configuration_items.record ->> '$.rmmDeviceUID', configuration_items.record ->> '$.rmmDeviceID'
        ) as device_id,
        {{ to_utc("labelled.record ->> '$.createDate'", 'labelled.timezone') }} as created_at,
        {{ to_utc("labelled.record ->> '$.firstResponseDateTime'", 'labelled.timezone') }} as first_response_at,
        {{ to_utc("labelled.record ->> '$.resolvedDateTime'", 'labelled.timezone') }} as resolved_at,
        {{ vendor_value('autotask', 'priority', 'labelled.priority_label') }} as priority,
        {{ vendor_value('autotask', 'ticket_type', 'labelled.ticket_type_label') }} as ticket_type,
        labelled.issue_type_label as category,
        labelled.sub_issue_type_label as subcategory,
        {{ vendor_value('autotask', 'source', 'labelled.source_label') }} as source,  -- noqa: RF04
        {{ vendor_value('autotask', 'status', 'labelled.status_label') }} as status,  -- noqa: RF04
        labelled.record ->> '$.title' as summary,  -- noqa: RF04
        labelled.merged_into_ticket_id,
        labelled._source_file as source_file,
        labelled.record_id as _vendor_record_id,
        labelled.priority_label as _vendor_priority,
        labelled.ticket_type_label as _vendor_ticket_type,
        labelled.source_label as _vendor_source,
        labelled.status_label as _vendor_status
    from labelled
    left join configuration_items
        on labelled.record ->> '$.configurationItemID' = configuration_items.record_id
)

select * from renamed
