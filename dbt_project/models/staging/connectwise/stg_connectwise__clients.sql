with companies as (
    select * from {{ source('connectwise', 'connectwise__companies') }}
),

client_map as (
    select * from {{ ref('stg_connectwise__client_map') }}
),

renamed as (
    select
        client_map.client_id,
        {{ one_line("companies.record ->> '$.name'") }} as client_name,
        companies.record ->> '$.market.name' as industry,
        cast(companies.record ->> '$.numberOfEmployees' as integer) as seats,
        client_map.timezone,
        client_map.downtime_cost_per_hour,
        client_map.report_recipients,
        companies._source_file as source_file
    from companies
    inner join client_map
        on companies.record_id = client_map.company_id
)

select * from renamed
