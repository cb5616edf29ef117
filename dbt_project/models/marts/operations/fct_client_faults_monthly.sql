{#- Faults and recurring faults per client and month of creation (zeros in quiet months). -#}
with client_months as (
    select * from {{ ref('int_client_months') }}
),

faults as (
    select * from {{ ref('int_faults') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

monthly_faults as (
    select
        faults.client_id,
        cast(date_trunc('month', faults.created_at) as date) as month,  -- noqa: RF04
        count(*) as fault_count,
        count_if(faults.is_recurring_fault) as recurring_fault_count
    from faults
    cross join as_of
    where faults.created_at <= as_of.as_of
    group by all
),

final as (
    select
        client_months.client_id,
        client_months.month,  -- noqa: RF04
        cast(coalesce(monthly_faults.fault_count, 0) as bigint) as fault_count,
        cast(coalesce(monthly_faults.recurring_fault_count, 0) as bigint) as recurring_fault_count,
        cast(100.0 * monthly_faults.recurring_fault_count / nullif(monthly_faults.fault_count, 0) as double)
            as recurring_fault_rate
    from client_months
    left join monthly_faults
        on
            client_months.client_id = monthly_faults.client_id
            and client_months.month = monthly_faults.month
)

select * from final
