{#-
    BillingItems of posted invoices, one per invoice line. They carry no line number and no
    service period, so both are derived: the line number is the item's position in its invoice
    (by id); a recurring service item (billingItemType 8 Service, 10 Service Bundle) covers its
    contract's period from itemDate (macro billing_period_end: the calendar block of the
    contract period type's months, cut at the contract's end), any other item the day of its
    itemDate (the day of the work or charge, so labour counts for the month it was done). billingItemType (fixed picklist) gives the line type: 1 Labor (emergency labor when
    its billing code's name says Emergency), 3 Project Cost, 4 Ticket Cost -> parts, 5 Contract
    Cost / 8 Service / 10 Service Bundle -> recurring fee, 9 Service Adjustment -> credit, else other.
-#}
with billing_items as (
    select * from {{ source('autotask', 'autotask__billing_items') }}
),

billing_codes as (
    select * from {{ source('autotask', 'autotask__billing_codes') }}
),

contracts as (
    select * from {{ ref('stg_autotask__agreements') }}
),

client_map as (
    select * from {{ ref('stg_autotask__client_map') }}
),

contract_periods as (
    select
        agreement_id,
        end_date,
        cast({{ vendor_value('autotask', 'billing_months', '_vendor_billing_months') }} as integer) as billing_months
    from contracts
),

renamed as (
    select
        billing_items.record ->> '$.invoiceID' as invoice_id,
        cast(row_number() over (
            partition by billing_items.record ->> '$.invoiceID'
            order by cast(billing_items.record_id as bigint)
        ) as integer) as line_number,
        client_map.client_id,
        cast(left(billing_items.record ->> '$.itemDate', 10) as date) as invoice_date,
        cast(left(billing_items.record ->> '$.itemDate', 10) as date) as period_start,
        case
            when cast(billing_items.record ->> '$.billingItemType' as integer) in (8, 10)
                then {{ billing_period_end(
                    "cast(left(billing_items.record ->> '$.itemDate', 10) as date)",
                    'contract_periods.billing_months',
                    'contract_periods.end_date'
                ) }}
            else cast(left(billing_items.record ->> '$.itemDate', 10) as date)
        end as period_end,
        case cast(billing_items.record ->> '$.billingItemType' as integer)
            when 1
                then
                    case
                        when billing_codes.record ->> '$.name' ilike '%emergency%' then 'emergency_labor'
                        else 'labor'
                    end
            when 3 then 'project'
            when 4 then 'parts'
            when 5 then 'recurring_fee'
            when 8 then 'recurring_fee'
            when 10 then 'recurring_fee'
            when 9 then 'credit'
            else 'other'
        end as line_type,
        billing_items.record ->> '$.description' as description,
        cast(billing_items.record ->> '$.quantity' as double) as quantity,
        cast(billing_items.record ->> '$.rate' as decimal(18, 2)) as unit_price,
        cast(billing_items.record ->> '$.extendedPrice' as decimal(18, 2)) as extended_price,
        cast(billing_items.record ->> '$.ourCost' as decimal(18, 2)) as unit_cost,
        billing_items._source_file as source_file,
        billing_items.record_id as _vendor_record_id
    from billing_items
    inner join client_map
        on billing_items.record ->> '$.companyID' = client_map.company_id
    left join billing_codes
        on billing_items.record ->> '$.billingCodeID' = billing_codes.record_id
    left join contract_periods
        on billing_items.record ->> '$.contractID' = contract_periods.agreement_id
),

signed as (
    {{ signed_invoice_lines('renamed') }}
)

select * from signed
