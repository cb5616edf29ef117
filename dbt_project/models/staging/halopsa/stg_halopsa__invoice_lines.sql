{#- /Invoice with its lines; the line's item_code names what it bills (docs/vendors.md). -#}
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

renamed as (
    select
        lines.invoice_id,
        cast(coalesce(lines.invoice_line ->> '$.seq', lines.invoice_line ->> '$.id') as integer)
            as line_number,
        client_map.client_id,
        lines.invoice_date,
        cast(left(lines.invoice_line ->> '$.start_date', 10) as date) as period_start,
        cast(left(lines.invoice_line ->> '$.end_date', 10) as date) as period_end,
        case upper(trim(lines.invoice_line ->> '$.item_code'))
            when 'CONTRACT' then 'recurring_fee'
            when 'LABOUR' then 'labor'
            when 'LABOUR-EMERGENCY' then 'emergency_labor'
            when 'HARDWARE' then 'parts'
            when 'PROJECT' then 'project'
            when 'CREDIT' then 'credit'
            else 'other'
        end as line_type,
        lines.invoice_line ->> '$.description' as description,
        cast(lines.invoice_line ->> '$.qty' as double) as quantity,
        cast(lines.invoice_line ->> '$.unit_price' as decimal(18, 2)) as unit_price,
        cast(lines.invoice_line ->> '$.net_amount' as decimal(18, 2)) as extended_price,
        cast(lines.invoice_line ->> '$.unit_cost' as decimal(18, 2)) as unit_cost,
        lines._source_file as source_file,
        lines.invoice_id as _vendor_record_id
    from lines
    inner join client_map
        on lines.halo_client_id = client_map.halo_client_id
),

signed as (
    {{ signed_invoice_lines('renamed') }}
)

select * from signed
