{#- Each merged outage clipped to every client month it overlaps (a month-end outage counts in both). -#}
with outages as (
    select * from {{ ref('int_outages') }}
),

client_months as (
    select * from {{ ref('int_client_months') }}
),

clipped as (
    select
        outages.client_id,
        client_months.month,  -- noqa: RF04
        outages.outage_start,
        greatest(outages.outage_start, client_months.month_start) as clipped_start,
        least(outages.outage_end, client_months.month_end) as clipped_end
    from outages
    inner join client_months
        on
            outages.client_id = client_months.client_id
            and outages.outage_start < client_months.month_end
            and outages.outage_end > client_months.month_start
),

final as (
    select
        client_id,
        month,  -- noqa: RF04
        outage_start,
        clipped_start,
        clipped_end,
        {{ minutes_between('clipped_start', 'clipped_end') }} as clipped_minutes
    from clipped
)

select * from final
