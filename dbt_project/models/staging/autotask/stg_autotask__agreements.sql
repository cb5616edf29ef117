{#-
    Contracts. The contract type's label (Contracts/entityInformation/fields, else Autotask's fixed
    picklist) decides the support model, the contract period type's label the months one period
    covers (seeds/vendor_value_map.csv). The fee is the contract's services (ContractServices:
    adjustedPrice, else unitPrice, per contract period) over those months; a contract without
    services has no fee. Autotask requires an end date, so an evergreen contract ends in 2099 or
    later: read as open. Hourly rate, emergency multiplier and covered device types are contract
    user-defined fields, this project's convention (docs/vendors.md).
-#}
with contracts as (
    select * from {{ source('autotask', 'autotask__contracts') }}
),

contract_services as (
    select * from {{ source('autotask', 'autotask__contract_services') }}
),

client_map as (
    select * from {{ ref('stg_autotask__client_map') }}
),

picklists as (
    select * from {{ ref('stg_autotask__picklists') }}
    where entity = 'contracts'
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

service_fees as (
    select
        record ->> '$.contractID' as contract_id,
        sum(coalesce(
            cast(record ->> '$.adjustedPrice' as decimal(18, 2)), cast(record ->> '$.unitPrice' as decimal(18, 2))
        )) as period_fee
    from contract_services
    group by record ->> '$.contractID'
),

extracted as (
    select
        contracts.record_id as agreement_id,
        client_map.client_id,
        cast(left(contracts.record ->> '$.startDate', 10) as date) as start_date,
        cast(left(contracts.record ->> '$.endDate', 10) as date) as end_date,
        service_fees.period_fee,
        udfs.by_name,
        contracts._source_file as source_file,
        contracts.record_id as _vendor_record_id,
        coalesce(
            contract_types.picklist_label,
            case cast(contracts.record ->> '$.contractType' as integer)
                when 1 then 'Time and Materials'
                when 3 then 'Fixed Price'
                when 4 then 'Block Hours'
                when 6 then 'Retainer'
                when 7 then 'Recurring Service'
                when 8 then 'Per Ticket'
            end,
            contracts.record ->> '$.contractType'
        ) as _vendor_support_model,
        coalesce(period_types.picklist_label, contracts.record ->> '$.contractPeriodType') as _vendor_billing_months
    from contracts
    inner join client_map
        on contracts.record ->> '$.companyID' = client_map.company_id
    left join udfs
        on contracts.record_id = udfs.contract_id
    left join service_fees
        on contracts.record_id = service_fees.contract_id
    left join picklists as contract_types
        on
            contract_types.field_name = 'contracttype'
            and contracts.record ->> '$.contractType' = contract_types.picklist_value
    left join picklists as period_types
        on
            period_types.field_name = 'contractperiodtype'
            and contracts.record ->> '$.contractPeriodType' = period_types.picklist_value
),

mapped as (
    select
        agreement_id,
        client_id,
        {{ vendor_value('autotask', 'support_model', '_vendor_support_model') }} as support_model,
        start_date,
        case when end_date < date '2099-01-01' then end_date end as end_date,
        cast(round(
            period_fee / cast({{ vendor_value('autotask', 'billing_months', '_vendor_billing_months') }} as integer),
            2
        ) as decimal(18, 2)) as monthly_fee,
        cast(by_name['hourly rate'] as decimal(18, 2)) as hourly_rate,
        coalesce(cast(by_name['emergency rate multiplier'] as double), 1.5) as emergency_rate_multiplier,
        {{ device_type_list("by_name['covered device types']") }} as covered_device_types,
        source_file,
        _vendor_record_id,
        _vendor_support_model,
        _vendor_billing_months
    from extracted
)

select * from mapped
