{#-
    finance/agreements. The agreement type's name decides the support model and the billing
    cycle's name the months one billAmount covers (seeds/vendor_value_map.csv): the monthly fee is
    billAmount / those months (a quarterly 2,700 is 900 a month). The terms ConnectWise keeps
    outside the agreement (hourly rate, emergency multiplier, covered device types) are custom
    fields, this project's convention (docs/vendors.md).
-#}
with agreements as (
    select * from {{ source('connectwise', 'connectwise__agreements') }}
),

client_map as (
    select * from {{ ref('stg_connectwise__client_map') }}
),

custom_fields as (
    select
        record_id as agreement_id,
        map_from_entries(
            list_transform(
                json_extract(record, '$.customFields[*]'),
                lambda f: { 'k': lower(trim(f ->> 'caption')), 'v': nullif(trim(f ->> 'value'), '') }
            )
        ) as by_caption
    from agreements
),

extracted as (
    select
        agreements.record_id as agreement_id,
        client_map.client_id,
        cast(left(agreements.record ->> '$.startDate', 10) as date) as start_date,
        case
            when not coalesce(cast(agreements.record ->> '$.noEndingDateFlag' as boolean), false)
                then cast(left(agreements.record ->> '$.endDate', 10) as date)
        end as end_date,
        cast(agreements.record ->> '$.billAmount' as decimal(18, 2)) as bill_amount,
        cast(custom_fields.by_caption['hourly rate'] as decimal(18, 2)) as hourly_rate,
        coalesce(
            cast(custom_fields.by_caption['emergency rate multiplier'] as double), 1.5
        ) as emergency_rate_multiplier,
        {{ device_type_list("custom_fields.by_caption['covered device types']") }} as covered_device_types,
        agreements._source_file as source_file,
        agreements.record_id as _vendor_record_id,
        agreements.record ->> '$.type.name' as _vendor_support_model,
        agreements.record ->> '$.billingCycle.name' as _vendor_billing_months
    from agreements
    inner join client_map
        on agreements.record ->> '$.company.id' = client_map.company_id
    left join custom_fields
        on agreements.record_id = custom_fields.agreement_id
),

mapped as (
    select
        agreement_id,
        client_id,
        {{ vendor_value('connectwise', 'support_model', '_vendor_support_model') }} as support_model,
        start_date,
        end_date,
        cast(round(
            bill_amount
            / cast({{ vendor_value('connectwise', 'billing_months', '_vendor_billing_months') }} as integer),
            2
        ) as decimal(18, 2)) as monthly_fee,
        hourly_rate,
        emergency_rate_multiplier,
        covered_device_types,
        source_file,
        _vendor_record_id,
        _vendor_support_model,
        _vendor_billing_months
    from extracted
)

select * from mapped
