{#- One row per client: who they are, what they pay for now and how many endpoints they run. -#}
with clients as (
    select * from {{ ref('int_clients') }}
),

devices as (
    select * from {{ ref('int_devices') }}
),

coverage as (
    select * from {{ ref('int_agreement_coverage') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

clients_at_as_of as (
    select
        clients.client_id,
        as_of.as_of
    from clients
    cross join as_of
),

current_agreements as (
    {{ agreement_in_force('clients_at_as_of', 'client_id', 'as_of') }}
),

active_endpoints as (
    select
        devices.client_id,
        count(*) as active_endpoints
    from devices
    cross join as_of
    where
        (devices.active_from is null or devices.active_from <= cast(as_of.as_of as date))
        and (devices.retired_at is null or devices.retired_at >= cast(as_of.as_of as date))
    group by devices.client_id
),

final as (
    select
        clients.client_id,
        clients.client_name,
        clients.industry,
        cast(clients.seats as integer) as seats,
        clients.timezone,
        coalesce(current_agreements.support_model, 'unassigned') as current_support_model,
        cast(coalesce(active_endpoints.active_endpoints, 0) as bigint) as active_endpoints,
        cast(clients.downtime_cost_per_hour as decimal(18, 2)) as downtime_cost_per_hour,
        clients.report_recipients,
        current_agreements.agreement_id as current_agreement_id,
        clients.source_system
    from clients
    left join current_agreements
        on clients.client_id = current_agreements.client_id
    left join active_endpoints
        on clients.client_id = active_endpoints.client_id
)

select * from final
