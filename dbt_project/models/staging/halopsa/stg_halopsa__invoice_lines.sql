{#-
    /Invoice with its lines by their real names: sequenceid (the line number; else the line's
    id), item_shortdescription, qty_order, unit_price, unit_cost, net_amount (the amount),
    startdate / enddate (the service period). The line's item code (item_code, an item the MSP
    configures) maps to the line type through seeds/vendor_value_map.csv (default other).
-#}
with invoices as (
    select * from {{ source('halopsa', 'halopsa__invoices') }}
),

client_map as (
    select * from {{ ref('stg_halopsa__client_map') }}
),

lines as (
    select
        invoices.record_id as invoice_id,
        invoices.record ->> '$.client_id' as halo_client_id,
        cast(left(invoices.record ->> '$.invoice_date', 10) as date) as invoice_date,
        unnest(json_extract(invoices.record, '$.lines[*]')) as invoice_line,
        invoices._source_file
    from invoices
),

extracted as (
    select
        lines.invoice_id,
        cast(coalesce(lines.invoice_line ->> '$.sequenceid', lines.invoice_line ->> '$.id') as integer)
            as line_number,
        client_map.client_id,
        lines.invoice_date,
        cast(left(lines.invoice_line ->> '$.startdate', 10) as date) as period_start,
        cast(left(lines.invoice_line ->> '$.enddate', 10) as date) as period_end,
        lines.invoice_line ->> '$.item_shortdescription' as description,
        cast(lines.invoice_line ->> '$.qty_order' as double) as quantity,
        cast(lines.invoice_line ->> '$.unit_price' as decimal(18, 2)) as unit_price,
        cast(lines.invoice_line ->> '$.net_amount' as decimal(18, 2)) as extended_price,
        cast(lines.invoice_line ->> '$.unit_cost' as decimal(18, 2)) as unit_cost,
        lines._source_file as source_file,
        lines.invoice_id as _vendor_record_id,
        lines.invoice_line ->> '$.item_code' as _vendor_line_type
    from lines
    inner join client_map
        on lines.halo_client_id = client_map.halo_client_id
),

mapped as (
    select
        *,
        {{ vendor_value('halopsa', 'line_type', '_vendor_line_type') }} as line_type
    from extracted
),

signed as (
    {{ signed_invoice_lines('mapped') }}
)

select * from signed
