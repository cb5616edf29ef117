-- Monitoring/RMM tooling cost per client-month: active devices covered by the month's fee
-- (managed: all; hybrid: covered_device_types; break_fix and unassigned: none).
with

support_models as (
    select * from {{ ref('int_client_support_model_monthly') }}
),

agreements as (
    select * from {{ ref('int_agreements') }}
),

devices as (
    select * from {{ ref('int_devices') }}
),

fee_coverage as (
    select
        support_models.client_id,
        support_models.month,
        support_models.support_model,
        string_split(lower(replace(coalesce(agreements.covered_device_types, ''), ' ', '')), '|')
            as covered_device_types
    from support_models
    inner join agreements
        on support_models.agreement_id = agreements.agreement_id
    where support_models.support_model in ('managed', 'hybrid')
),

covered_devices as (
    -- A device is active in a month unless it started after the month or retired before it.
    select
        fee_coverage.client_id,
        fee_coverage.month,
        count(*) as covered_endpoints
    from fee_coverage
    inner join devices
        on
            fee_coverage.client_id = devices.client_id
            and (last_day(fee_coverage.month) >= devices.active_from or devices.active_from is null)
            and (fee_coverage.month <= devices.retired_at or devices.retired_at is null)
    where
        fee_coverage.support_model = 'managed'
        or list_contains(fee_coverage.covered_device_types, devices.device_type)
    group by fee_coverage.client_id, fee_coverage.month
)

select
    support_models.client_id,
    support_models.month,
    cast(coalesce(covered_devices.covered_endpoints, 0) as integer) as covered_endpoints,
    cast(
        coalesce(covered_devices.covered_endpoints, 0)
        * cast({{ var('tooling_cost_per_endpoint_month') }} as decimal(18, 2))
        as decimal(18, 2)
    ) as tooling_cost
from support_models
left join covered_devices
    on
        support_models.client_id = covered_devices.client_id
        and support_models.month = covered_devices.month
