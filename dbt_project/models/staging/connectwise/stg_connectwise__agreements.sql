{#-
    finance/agreements. The agreement type's name decides the support model (seed
    vendor_value_map); the terms ConnectWise keeps outside the agreement
    (hourly rate, emergency multiplier, covered device types) come from custom fields.
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

renamed as (
    select
        agreements.record_id as agreement_id,
        client_map.client_id,
        {{ vendor_value('connectwise', 'support_model', "agreements.record ->> '$.type.name'") }} as support_model,
        cast(left(agreements.record ->> '$.startDate', 10) as date) as start_date,
        case
            when not coalesce(cast(agreements.record ->> '$.noEndingDateFlag' as boolean), false)
                then cast(left(agreements.record ->> '$.endDate', 10) as date)
        end as end_date,
        cast(agreements.record ->> '$.billAmount' as decimal(18, 2)) as monthly_fee,
        cast(custom_fields.by_caption['hourly rate'] as decimal(18, 2)) as hourly_rate,
        coalesce(
            cast(custom_fields.by_caption['emergency rate multiplier'] as double), 1.5
        ) as emergency_rate_multiplier,
        nullif(
            array_to_string(
                list_filter(
                    list_transform(
                        string_split(custom_fields.by_caption['covered device types'], '|'),
                        lambda t: lower(trim(t))
                    ),
                    lambda t: t <> ''
                ),
                '|'
            ),
            ''
        ) as covered_device_types,
        agreements._source_file as source_file,
        agreements.record_id as _vendor_record_id,
        agreements.record ->> '$.type.name' as _vendor_support_model
    from agreements
    inner join client_map
        on agreements.record ->> '$.company.id' = client_map.company_id
    left join custom_fields
        on agreements.record_id = custom_fields.agreement_id
)

select * from renamed
