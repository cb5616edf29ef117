-- The support model of each client-week, by the same rule as the month: the agreement
-- in force for the most days of the ISO week (tie: later start_date, then larger agreement_id).
with

client_weeks as (
    select
        client_id,
        cast(week_start as date) as week_start
    from {{ ref('int_client_weeks') }}
),

agreements as (
    select * from {{ ref('int_agreements') }}
),

agreement_coverage as (
    select
        client_weeks.client_id,
        client_weeks.week_start,
        agreements.agreement_id,
        agreements.support_model,
        agreements.start_date,
        least(coalesce(agreements.end_date, client_weeks.week_start + 6), client_weeks.week_start + 6)
        - greatest(agreements.start_date, client_weeks.week_start)
        + 1 as covered_days
    from client_weeks
    inner join agreements
        on
            client_weeks.client_id = agreements.client_id
            and client_weeks.week_start + 6 >= agreements.start_date
            and (client_weeks.week_start <= agreements.end_date or agreements.end_date is null)
),

agreement_in_force as (
    select
        client_id,
        week_start,
        agreement_id,
        support_model
    from agreement_coverage
    where covered_days > 0
    qualify row_number() over (
        partition by client_id, week_start
        order by covered_days desc, start_date desc, agreement_id desc
    ) = 1
)

select
    client_weeks.client_id,
    client_weeks.week_start,
    coalesce(agreement_in_force.support_model, 'unassigned') as support_model,
    agreement_in_force.agreement_id
from client_weeks
left join agreement_in_force
    on
        client_weeks.client_id = agreement_in_force.client_id
        and client_weeks.week_start = agreement_in_force.week_start
