-- The price book with every blank filled from the MSP's own agreements: one row per support
-- model. Fees: the median fee per seat (or per covered device) of the agreements of that model
-- in force at the as-of time, else of all its agreements, else a var. Hourly rate and emergency
-- multiplier stay NULL when the book leaves them blank: each client's own agreement decides,
-- with the portfolio medians here as the fallback.
with

price_book as (
    select * from {{ ref('price_book') }}
),

agreements as (
    select * from {{ ref('int_agreements') }}
),

clients as (
    select * from {{ ref('int_clients') }}
),

devices as (
    select * from {{ ref('int_devices') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

models as (
    select unnest(['managed', 'hybrid', 'break_fix']) as support_model
),

book as (
    select
        models.support_model,
        coalesce(price_book.fee_basis, 'per_seat') as fee_basis,
        price_book.fee_per_unit as listed_fee_per_unit,
        nullif(lower(replace(price_book.covered_device_types, ' ', '')), '') as listed_covered_device_types,
        price_book.hourly_rate as listed_hourly_rate,
        price_book.emergency_rate_multiplier as listed_emergency_rate_multiplier
    from models
    left join price_book
        on models.support_model = price_book.support_model
),

hybrid_coverage as (
    -- The commonest coverage among hybrid agreements (a tie: the alphabetically first).
    select covered_device_types
    from agreements
    where support_model = 'hybrid' and covered_device_types is not null
    group by covered_device_types
    order by count(*) desc, covered_device_types
    limit 1
),

resolved_coverage as (
    select
        book.*,
        coalesce(
            book.listed_covered_device_types,
            (select hybrid_coverage.covered_device_types from hybrid_coverage),
            '{{ var("price_book_default_hybrid_coverage") }}'
        ) as covered_device_types
    from book
),

devices_at_as_of as (
    select
        devices.client_id,
        devices.device_type
    from devices
    cross join as_of
    where
        (devices.active_from is null or devices.active_from <= cast(as_of.as_of as date))
        and (devices.retired_at is null or devices.retired_at >= cast(as_of.as_of as date))
),

agreement_units as (
    -- Each fee-paying agreement's fee per seat and per device it covers (managed: all active
    -- devices; hybrid: the device types it lists).
    select
        agreements.agreement_id,
        agreements.support_model,
        agreements.start_date <= cast(as_of.as_of as date)
        and (agreements.end_date is null or agreements.end_date >= cast(as_of.as_of as date)) as is_current,
        agreements.monthly_fee / nullif(clients.seats, 0) as fee_per_seat,
        agreements.monthly_fee / nullif((
            select count(*)
            from devices_at_as_of
            where
                devices_at_as_of.client_id = agreements.client_id
                and (
                    agreements.support_model = 'managed'
                    or list_contains(
                        string_split(coalesce(agreements.covered_device_types, ''), '|'),
                        devices_at_as_of.device_type
                    )
                )
        ), 0) as fee_per_device,
        agreements.hourly_rate,
        agreements.emergency_rate_multiplier
    from agreements
    cross join as_of
    left join clients
        on agreements.client_id = clients.client_id
    where agreements.monthly_fee is not null and agreements.monthly_fee > 0
),

agreement_medians as (
    -- Current agreements when there are any of the model, else every agreement of it.
    select
        support_model,
        coalesce(median(fee_per_seat) filter (where is_current), median(fee_per_seat)) as median_fee_per_seat,
        coalesce(median(fee_per_device) filter (where is_current), median(fee_per_device))
            as median_fee_per_device
    from agreement_units
    group by support_model
),

rate_medians as (
    select
        median(hourly_rate) as portfolio_hourly_rate,
        median(emergency_rate_multiplier) as portfolio_emergency_rate_multiplier
    from agreements
    where hourly_rate is not null
)

select
    cast(resolved_coverage.support_model as varchar) as support_model,
    cast(resolved_coverage.fee_basis as varchar) as fee_basis,
    cast(case
        when resolved_coverage.support_model = 'break_fix' then 0
        else round(coalesce(
            resolved_coverage.listed_fee_per_unit,
            case
                when resolved_coverage.fee_basis = 'per_device' then agreement_medians.median_fee_per_device
                else agreement_medians.median_fee_per_seat
            end,
            case resolved_coverage.support_model
                when 'managed' then {{ var('price_book_default_fee_per_seat_managed') }}
                else {{ var('price_book_default_fee_per_seat_hybrid') }}
            end
        ), 2)
    end as decimal(18, 2)) as fee_per_unit,
    cast(case
        when resolved_coverage.support_model = 'break_fix' then 'none'
        when resolved_coverage.listed_fee_per_unit is not null then 'price_book'
        when resolved_coverage.fee_basis = 'per_device' and agreement_medians.median_fee_per_device is not null
            then 'agreements'
        when resolved_coverage.fee_basis = 'per_seat' and agreement_medians.median_fee_per_seat is not null
            then 'agreements'
        else 'default'
    end as varchar) as fee_source,
    cast(
        case when resolved_coverage.support_model = 'hybrid' then resolved_coverage.covered_device_types end
        as varchar
    ) as covered_device_types,
    cast(resolved_coverage.listed_hourly_rate as decimal(18, 2)) as listed_hourly_rate,
    cast(resolved_coverage.listed_emergency_rate_multiplier as double) as listed_emergency_rate_multiplier,
    cast(
        coalesce(rate_medians.portfolio_hourly_rate, {{ var('price_book_default_hourly_rate') }})
        as decimal(18, 2)
    ) as portfolio_hourly_rate,
    cast(coalesce(
        rate_medians.portfolio_emergency_rate_multiplier, {{ var('price_book_default_emergency_multiplier') }}
    ) as double) as portfolio_emergency_rate_multiplier
from resolved_coverage
cross join rate_medians
left join agreement_medians
    on resolved_coverage.support_model = agreement_medians.support_model
