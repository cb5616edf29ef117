{#-
    /ClientContract. contracttype_name (the tenant's contract type) decides the support model and
    billingperiod the months one periodchargeamount covers (seeds/vendor_value_map.csv): the
    monthly fee is periodchargeamount / those months. Hourly rate, emergency multiplier and
    covered device types are contract custom fields, this project's convention (docs/vendors.md);
    a select-type custom field's text is in `display` (its `value` is the option id).
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
        {{ halo_custom_fields('record') }} as by_label
    from contracts
),

extracted as (
    select
        contracts.record_id as agreement_id,
        client_map.client_id,
        cast(left(contracts.record ->> '$.start_date', 10) as date) as start_date,
        -- HaloPSA spells "no end date" as null or 1900-01-01.
        case
            when left(contracts.record ->> '$.end_date', 4) > '1900'
                then cast(left(contracts.record ->> '$.end_date', 10) as date)
        end as end_date,
        cast(contracts.record ->> '$.periodchargeamount' as decimal(18, 2)) as period_charge,
        cast(custom_fields.by_label['hourly rate'] as decimal(18, 2)) as hourly_rate,
        coalesce(
            cast(custom_fields.by_label['emergency rate multiplier'] as double), 1.5
        ) as emergency_rate_multiplier,
        {{ device_type_list("custom_fields.by_label['covered device types']") }} as covered_device_types,
        contracts._source_file as source_file,
        contracts.record_id as _vendor_record_id,
        contracts.record ->> '$.contracttype_name' as _vendor_support_model,
        contracts.record ->> '$.billingperiod' as _vendor_billing_months
    from contracts
    inner join client_map
        on contracts.record ->> '$.client_id' = client_map.halo_client_id
    left join custom_fields
        on contracts.record_id = custom_fields.agreement_id
),

mapped as (
    select
        agreement_id,
        client_id,
        {{ vendor_value('halopsa', 'support_model', '_vendor_support_model') }} as support_model,
        start_date,
        end_date,
        cast(round(
            period_charge / cast({{ vendor_value('halopsa', 'billing_months', '_vendor_billing_months') }} as integer),
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
