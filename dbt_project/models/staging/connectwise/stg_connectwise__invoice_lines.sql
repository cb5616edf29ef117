{#- finance/invoices with their lines; the line's lineType names what it bills. -#}
with invoices as (
    select * from {{ source('connectwise', 'connectwise__invoices') }}
),

client_map as (
    select * from {{ ref('stg_connectwise__client_map') }}
),

lines as (
    select
        invoices.record_id as invoice_id,
        invoices.record ->> '$.company.id' as company_id,
        cast(left(invoices.record ->> '$.date', 10) as date) as invoice_date,
        unnest(json_extract(invoices.record, '$.lines[*]')) as invoice_line,
        invoices._source_file
    from invoices
),

renamed as (
    select
        lines.invoice_id,
        cast(lines.invoice_line ->> '$.sequenceNumber' as integer) as line_number,
        client_map.client_id,
        lines.invoice_date,
        cast(left(lines.invoice_line ->> '$.periodStart', 10) as date) as period_start,
        cast(left(lines.invoice_line ->> '$.periodEnd', 10) as date) as period_end,
        case lower(lines.invoice_line ->> '$.lineType')
            when 'agreement' then 'recurring_fee'
            when 'time' then 'labor'
            when 'emergencytime' then 'emergency_labor'
            when 'product' then 'parts'
            when 'project' then 'project'
            when 'credit' then 'credit'
            else 'other'
        end as line_type,
        lines.invoice_line ->> '$.description' as description,
        cast(lines.invoice_line ->> '$.quantity' as double) as quantity,
        cast(lines.invoice_line ->> '$.price' as decimal(18, 2)) as unit_price,
        cast(lines.invoice_line ->> '$.extendedPrice' as decimal(18, 2)) as extended_price,
        cast(lines.invoice_line ->> '$.cost' as decimal(18, 2)) as unit_cost,
        lines._source_file as source_file,
        lines.invoice_id as _vendor_record_id
    from lines
    inner join client_map
        on lines.company_id = client_map.company_id
),

signed as (
    {{ signed_invoice_lines('renamed') }}
)

select * from signed
