with invoice_lines as (
    select * from {{ source('raw', 'invoice_lines') }}
),

renamed as (
    select
        invoice_id,
        line_number,
        client_id,
        invoice_date,
        period_start,
        period_end,
        lower(line_type) as line_type,
        description,
        cast(quantity as double) as quantity,
        cast(unit_price as decimal(18, 2)) as unit_price,
        {{ signed_amount('lower(line_type)', 'amount') }} as amount,
        cast(unit_cost as decimal(18, 2)) as unit_cost,
        _source_file as source_file
    from invoice_lines
)

select * from renamed
