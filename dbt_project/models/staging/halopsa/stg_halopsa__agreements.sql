{#-
    /ClientContract. The contract type decides the support model (seed
    vendor_value_map); the terms HaloPSA keeps outside the contract (hourly
    rate, emergency multiplier, covered device types) come from contract custom fields.
-#}
with contracts as (
    select * from {{ source('halopsa', 'halopsa__contracts') }}
),

client_map as (
    select * from {{ ref('stg_halopsa__client_map') }}
),

custom_fields as (
    select
        record_id as agreement_id,
        map_from_entries(
            list_transform(
                json_extract(record, '$.customfields[*]'),
                lambda f: { 'k': lower(trim(f ->> 'label')), 'v': nullif(trim(f ->> 'value'), '') }
            )
        ) as by_label
    from contracts
),

renamed as (
    select
        contracts.record_id as agreement_id,
        client_map.client_id,
        {{ vendor_value('halopsa', 'support_model', "contracts.record ->> '$.contract_type'") }} as support_model,
        cast(left(contracts.record ->> '$.start_date', 10) as date) as start_date,
        -- HaloPSA spells "no end date" as null or 1900-01-01.
        case
            when left(contracts.record ->> '$.end_date', 4) > '1900'
                then cast(left(contracts.record ->> '$.end_date', 10) as date)
        end as end_date,
        cast(contracts.record ->> '$.periodchargeamount' as decimal(18, 2)) as monthly_fee,
        cast(custom_fields.by_label['hourly rate'] as decimal(18, 2)) as hourly_rate,
        coalesce(
            cast(custom_fields.by_label['emergency rate multiplier'] as double), 1.5
        ) as emergency_rate_multiplier,
        nullif(
            array_to_string(
                list_filter(
                    list_transform(
                        regexp_split_to_array(custom_fields.by_label['covered device types'], '[,|;]'),
                        lambda t: lower(trim(t))
                    ),
                    lambda t: t <> ''
                ),
                '|'
            ),
            ''
        ) as covered_device_types,
        contracts._source_file as source_file,
        contracts.record_id as _vendor_record_id,
        contracts.record ->> '$.contract_type' as _vendor_support_model
    from contracts
    inner join client_map
        on contracts.record ->> '$.client_id' = client_map.halo_client_id
    left join custom_fields
        on contracts.record_id = custom_fields.agreement_id
)

select * from renamed
