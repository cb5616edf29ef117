-- The support model of each client-month: the agreement in force for the most days of
-- the month wins; a tie goes to the later start_date, then the larger agreement_id.
with

client_months as (
    select * from {{ ref('int_client_months') }}
),

agreements as (
    select * from {{ ref('int_agreements') }}
),

agreement_coverage as (
    -- Dates are inclusive UTC days, so covered days = overlap of [start_date, end_date]
    -- with the month's calendar days (the whole month, also for the as-of month).
    select
        client_months.client_id,
        client_months.month,
        agreements.agreement_id,
        agreements.support_model,
        agreements.start_date,
        least(coalesce(agreements.end_date, last_day(client_months.month)), last_day(client_months.month))
        - greatest(agreements.start_date, client_months.month)
        + 1 as covered_days
    from client_months
    inner join agreements
        on
            client_months.client_id = agreements.client_id
            and last_day(client_months.month) >= agreements.start_date
            and (client_months.month <= agreements.end_date or agreements.end_date is null)
),

agreement_in_force as (
    select
        client_id,
        month,
        agreement_id,
        support_model,
        covered_days
    from agreement_coverage
    where covered_days > 0
    qualify row_number() over (
        partition by client_id, month
        order by covered_days desc, start_date desc, agreement_id desc
    ) = 1
)

select
    client_months.client_id,
    client_months.month,
    coalesce(agreement_in_force.support_model, 'unassigned') as support_model,
    agreement_in_force.agreement_id,
    coalesce(agreement_in_force.covered_days, 0) as covered_days
from client_months
left join agreement_in_force
    on
        client_months.client_id = agreement_in_force.client_id
        and client_months.month = agreement_in_force.month
