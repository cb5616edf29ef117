{#-
    finance/invoices carry totals, not lines; the lines are derived (docs/vendors.md):
      1 recurring_fee  agreementAmount, spread over the agreement's billing period: from the
                       invoice date to the end of the calendar block of its billingCycle
                       (month, quarter, half-year, year; ConnectWise prorates a first bill up to
                       that boundary), cut at the agreement's end date
      2 labor          serviceTotal, on the invoice date (time and fixed-fee services)
      3 other          expenseTotal, on the invoice date
      4 parts          productTotal not itemised in procurement/products, on the invoice date
      5 other          what subtotal holds beyond the four (adjustments), on the invoice date
      100+             each product of procurement/products billed on the invoice (parts, with
                       its quantity, price and cost: the parts cost of the margin)
    Every line of a CreditMemo invoice is a credit (negative).
-#}
with invoices as (
    select * from {{ source('connectwise', 'connectwise__invoices') }}
),

products as (
    select * from {{ source('connectwise', 'connectwise__products') }}
),

agreements as (
    select * from {{ source('connectwise', 'connectwise__agreements') }}
),

client_map as (
    select * from {{ ref('stg_connectwise__client_map') }}
),

billing_periods as (
    select
        record_id as agreement_id,
        cast({{ vendor_value('connectwise', 'billing_months', "record ->> '$.billingCycle.name'") }} as integer)
            as billing_months,
        case
            when not coalesce(cast(record ->> '$.noEndingDateFlag' as boolean), false)
                then cast(left(record ->> '$.endDate', 10) as date)
        end as end_date
    from agreements
),

product_lines as (
    select
        record ->> '$.invoice.id' as invoice_id,
        cast(99 + row_number() over (
            partition by record ->> '$.invoice.id'
            order by cast(record ->> '$.sequenceNumber' as double), cast(record_id as bigint)
        ) as integer) as line_number,
        record ->> '$.description' as description,  -- noqa: RF04
        cast(record ->> '$.quantity' as double) as quantity,
        cast(record ->> '$.price' as decimal(18, 2)) as unit_price,
        cast(
            round(cast(record ->> '$.price' as decimal(18, 2)) * cast(record ->> '$.quantity' as double), 2)
            as decimal(18, 2)
        ) as extended_price,
        cast(record ->> '$.cost' as decimal(18, 2)) as unit_cost
    from products
    where
        record ->> '$.invoice.id' is not null
        and not coalesce(cast(record ->> '$.cancelledFlag' as boolean), false)
),

itemised as (
    select
        invoice_id,
        sum(extended_price) as itemised_products
    from product_lines
    group by invoice_id
),

totals as (
    select
        invoices.record_id as invoice_id,
        invoices.record ->> '$.company.id' as company_id,
        invoices.record ->> '$.type' = 'CreditMemo' as is_credit_memo,
        cast(left(invoices.record ->> '$.date', 10) as date) as invoice_date,
        invoices.record ->> '$.agreement.id' as agreement_id,
        coalesce(cast(invoices.record ->> '$.agreementAmount' as decimal(18, 2)), 0) as agreement_amount,
        coalesce(cast(invoices.record ->> '$.serviceTotal' as decimal(18, 2)), 0) as service_total,
        coalesce(cast(invoices.record ->> '$.expenseTotal' as decimal(18, 2)), 0) as expense_total,
        coalesce(cast(invoices.record ->> '$.productTotal' as decimal(18, 2)), 0) as product_total,
        cast(invoices.record ->> '$.subtotal' as decimal(18, 2)) as subtotal,
        coalesce(itemised.itemised_products, 0) as itemised_products,
        invoices._source_file
    from invoices
    left join itemised
        on invoices.record_id = itemised.invoice_id
),

components as (
    select
        invoice_id,
        1 as line_number,
        'recurring_fee' as line_type,
        'agreement amount' as description,
        agreement_amount as amount
    from totals
    union all
    select
        invoice_id,
        2 as line_number,
        'labor' as line_type,
        'services' as description,
        service_total as amount
    from totals
    union all
    select
        invoice_id,
        3 as line_number,
        'other' as line_type,
        'expenses' as description,
        expense_total as amount
    from totals
    union all
    select
        invoice_id,
        4 as line_number,
        'parts' as line_type,
        'products not itemised' as description,
        product_total - itemised_products as amount
    from totals
    union all
    select
        invoice_id,
        5 as line_number,
        'other' as line_type,
        'other charges and adjustments' as description,
        coalesce(subtotal - agreement_amount - service_total - expense_total - product_total, 0) as amount
    from totals
),

derived_lines as (
    select
        totals.invoice_id,
        totals.company_id,
        totals.is_credit_memo,
        totals.invoice_date,
        components.line_number,
        components.line_type,
        components.description,
        cast(null as double) as quantity,
        cast(null as decimal(18, 2)) as unit_price,
        components.amount as extended_price,
        cast(null as decimal(18, 2)) as unit_cost,
        case when components.line_number = 1 then totals.invoice_date end as period_start,
        case
            when components.line_number = 1
                then {{ billing_period_end(
                    'totals.invoice_date', 'billing_periods.billing_months', 'billing_periods.end_date'
                ) }}
        end as period_end,
        totals._source_file
    from components
    inner join totals
        on components.invoice_id = totals.invoice_id
    left join billing_periods
        on totals.agreement_id = billing_periods.agreement_id
    where components.amount <> 0
),

itemised_lines as (
    select
        totals.invoice_id,
        totals.company_id,
        totals.is_credit_memo,
        totals.invoice_date,
        product_lines.line_number,
        'parts' as line_type,
        product_lines.description,
        product_lines.quantity,
        product_lines.unit_price,
        product_lines.extended_price,
        product_lines.unit_cost,
        cast(null as date) as period_start,
        cast(null as date) as period_end,
        totals._source_file
    from product_lines
    inner join totals
        on product_lines.invoice_id = totals.invoice_id
),

all_lines as (
    select * from derived_lines
    union all by name
    select * from itemised_lines
),

renamed as (
    select
        all_lines.invoice_id,
        all_lines.line_number,
        client_map.client_id,
        all_lines.invoice_date,
        all_lines.period_start,
        all_lines.period_end,
        case when all_lines.is_credit_memo then 'credit' else all_lines.line_type end as line_type,
        all_lines.description,
        all_lines.quantity,
        all_lines.unit_price,
        all_lines.extended_price,
        all_lines.unit_cost,
        all_lines._source_file as source_file,
        all_lines.invoice_id as _vendor_record_id
    from all_lines
    inner join client_map
        on all_lines.company_id = client_map.company_id
),

signed as (
    {{ signed_invoice_lines('renamed') }}
)

select * from signed
