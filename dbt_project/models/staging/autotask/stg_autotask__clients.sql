with companies as (
    select * from {{ source('autotask', 'autotask__companies') }}
),

client_map as (
    select * from {{ ref('stg_autotask__client_map') }}
),

renamed as (
    select
        client_map.client_id,
        {{ one_line("companies.record ->> '$.companyName'") }} as client_name,
        client_map.industry,
        client_map.seats,
        client_map.timezone,
        client_map.downtime_cost_per_hour,
        client_map.report_recipients,
        companies._source_file as source_file
    from companies
    inner join client_map
        on companies.record_id = client_map.company_id
)

select * from renamed
