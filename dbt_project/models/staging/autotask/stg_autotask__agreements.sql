{#-
    Contracts. contractType is a fixed Autotask picklist; its label decides the support
    model (seed vendor_value_map). Autotask requires an end date, so an
    evergreen contract ends in 2099 or later: read as open. Fee, rate, emergency multiplier
    and covered device types are contract user-defined fields.
-#}
with contracts as (
    select * from {{ source('autotask', 'autotask__contracts') }}
),

client_map as (
    select * from {{ ref('stg_autotask__client_map') }}
),

udfs as (
    select
        record_id as contract_id,
        map_from_entries(
            list_transform(
                json_extract(record, '$.userDefinedFields[*]'),
                lambda f: { 'k': lower(trim(f ->> 'name')), 'v': nullif(trim(f ->> 'value'), '') }
            )
        ) as by_name
    from contracts
),

typed as (
    select
        contracts.record_id as agreement_id,
        client_map.client_id,
        case cast(contracts.record ->> '$.contractType' as integer)
            when 1 then 'Time and Materials'
            when 3 then 'Fixed Price'
            when 4 then 'Block Hours'
            when 6 then 'Retainer'
            when 7 then 'Recurring Service'
            when 8 then 'Per Ticket'
        end as contract_type,
        cast(left(contracts.record ->> '$.startDate', 10) as date) as start_date,
        cast(left(contracts.record ->> '$.endDate', 10) as date) as end_date,
        udfs.by_name,
        contracts._source_file as source_file
    from contracts
    inner join client_map
        on contracts.record ->> '$.companyID' = client_map.company_id
    left join udfs
        on contracts.record_id = udfs.contract_id
),

renamed as (
    select
        typed.agreement_id,
        typed.client_id,
        {{ vendor_value('autotask', 'support_model', 'typed.contract_type') }} as support_model,
        typed.start_date,
        case when typed.end_date < date '2099-01-01' then typed.end_date end as end_date,
        cast(typed.by_name['monthly fee'] as decimal(18, 2)) as monthly_fee,
        cast(typed.by_name['hourly rate'] as decimal(18, 2)) as hourly_rate,
        coalesce(cast(typed.by_name['emergency rate multiplier'] as double), 1.5) as emergency_rate_multiplier,
        nullif(
            array_to_string(
                list_filter(
                    list_transform(
                        string_split(typed.by_name['covered device types'], '|'),
                        lambda t: lower(trim(t))  -- noqa: RF03
                    ),
                    lambda t: t <> ''  -- noqa: RF03
                ),
                '|'
            ),
            ''
        ) as covered_device_types,
        typed.source_file,
        typed.agreement_id as _vendor_record_id,
        typed.contract_type as _vendor_support_model
    from typed
)

select * from renamed
