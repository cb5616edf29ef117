-- Revenue the MSP earned but did not bill, per client and month of the work: billable hours
-- never invoiced, emergency work invoiced at the standard rate, and time logged while no
-- agreement was in force. Labour is invoiced in arrears: an invoice line counts for the month
-- of its period_start, or for the month before its invoice date when it has no period.
with

client_months as (
    select * from {{ ref('int_client_months') }}
),

support_models as (
    select * from {{ ref('int_client_support_model_monthly') }}
),

agreements as (
    select * from {{ ref('int_agreements') }}
),

agreement_coverage as (
    select * from {{ ref('int_agreement_coverage') }}
),

time_entries as (
    select * from {{ ref('int_time_entries_costed') }}
),

invoice_lines as (
    select * from {{ ref('int_invoice_lines') }}
),

price_book as (
    select * from {{ ref('int_price_book') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

covered_entries as (
    -- Support time (project work is priced apart); is the entry under any agreement?
    select
        time_entries.time_entry_id,
        time_entries.client_id,
        time_entries.month,
        time_entries.hours,
        time_entries.billable,
        time_entries.labor_cost,
        time_entries.work_type = 'emergency' as is_emergency,
        bool_or(agreement_coverage.agreement_id is not null) as is_under_agreement
    from time_entries
    left join agreement_coverage
        on
            time_entries.client_id = agreement_coverage.client_id
            and time_entries.started_at >= agreement_coverage.covers_from
            and (time_entries.started_at < agreement_coverage.covers_until or agreement_coverage.covers_until is null)
    where coalesce(time_entries.work_type, '') <> 'project'
    group by all
),

hours_by_month as (
    select
        client_id,
        month,
        sum(case when billable and not is_emergency then hours else 0 end) as billable_standard_hours,
        sum(case when billable and is_emergency then hours else 0 end) as billable_emergency_hours,
        sum(case when not is_under_agreement then hours else 0 end) as hours_without_agreement,
        sum(case when not is_under_agreement then labor_cost else 0 end) as labor_cost_without_agreement
    from covered_entries
    group by client_id, month
),

invoiced_hours as (
    select
        client_id,
        cast(coalesce(
            date_trunc('month', period_start),
            date_trunc('month', invoice_date) - interval 1 month
        ) as date) as month,  -- noqa: RF04
        sum(case when line_type = 'labor' then coalesce(quantity, 0) else 0 end) as invoiced_standard_hours,
        sum(case when line_type = 'emergency_labor' then coalesce(quantity, 0) else 0 end) as invoiced_emergency_hours
    from invoice_lines
    where line_type in ('labor', 'emergency_labor')
    group by all
),

client_month_rates as (
    -- The rate of the month's agreement, else the portfolio's.
    select
        support_models.client_id,
        support_models.month,
        support_models.support_model,
        coalesce(agreements.hourly_rate, price_book.portfolio_hourly_rate) as hourly_rate,
        coalesce(agreements.emergency_rate_multiplier, price_book.portfolio_emergency_rate_multiplier)
            as emergency_rate_multiplier
    from support_models
    inner join price_book
        on price_book.support_model = 'break_fix'
    left join agreements
        on support_models.agreement_id = agreements.agreement_id
),

leakage as (
    select
        client_months.client_id,
        client_months.month,
        client_month_rates.support_model,
        -- The as-of month's work is not due for invoicing yet.
        client_months.month < cast(date_trunc('month', as_of.as_of) as date) as is_invoicing_due,
        client_month_rates.hourly_rate,
        client_month_rates.emergency_rate_multiplier,
        coalesce(hours_by_month.billable_standard_hours, 0) as billable_standard_hours,
        coalesce(hours_by_month.billable_emergency_hours, 0) as billable_emergency_hours,
        coalesce(invoiced_hours.invoiced_standard_hours, 0) as invoiced_standard_hours,
        coalesce(invoiced_hours.invoiced_emergency_hours, 0) as invoiced_emergency_hours,
        coalesce(hours_by_month.hours_without_agreement, 0) as hours_without_agreement,
        coalesce(hours_by_month.labor_cost_without_agreement, 0) as labor_cost_without_agreement
    from client_months
    cross join as_of
    left join client_month_rates
        on
            client_months.client_id = client_month_rates.client_id
            and client_months.month = client_month_rates.month
    left join hours_by_month
        on
            client_months.client_id = hours_by_month.client_id
            and client_months.month = hours_by_month.month
    left join invoiced_hours
        on
            client_months.client_id = invoiced_hours.client_id
            and client_months.month = invoiced_hours.month
),

measured as (
    select
        *,
        case
            when is_invoicing_due
                then greatest(
                    0,
                    billable_standard_hours + billable_emergency_hours
                    - invoiced_standard_hours - invoiced_emergency_hours
                )
            else 0
        end as uninvoiced_billable_hours,
        -- Emergency hours missing from the emergency lines but covered by surplus standard hours.
        case
            when is_invoicing_due
                then least(
                    greatest(0, billable_emergency_hours - invoiced_emergency_hours),
                    greatest(0, invoiced_standard_hours - billable_standard_hours)
                )
            else 0
        end as emergency_hours_at_standard_rate
    from leakage
)

select
    cast(client_id as varchar) as client_id,
    cast(month as date) as month,  -- noqa: RF04
    cast(coalesce(support_model, 'unassigned') as varchar) as support_model,
    cast(is_invoicing_due as boolean) as is_invoicing_due,
    cast(billable_standard_hours + billable_emergency_hours as double) as billable_hours,
    cast(invoiced_standard_hours + invoiced_emergency_hours as double) as invoiced_hours,
    cast(uninvoiced_billable_hours as double) as uninvoiced_billable_hours,
    cast(round(uninvoiced_billable_hours * hourly_rate, 2) as decimal(18, 2)) as uninvoiced_value,
    cast(emergency_hours_at_standard_rate as double) as emergency_hours_at_standard_rate,
    cast(
        round(emergency_hours_at_standard_rate * hourly_rate * (emergency_rate_multiplier - 1), 2)
        as decimal(18, 2)
    ) as lost_emergency_premium,
    cast(hours_without_agreement as double) as hours_without_agreement,
    cast(round(labor_cost_without_agreement, 2) as decimal(18, 2)) as labor_cost_without_agreement,
    cast(
        round(uninvoiced_billable_hours * hourly_rate, 2)
        + round(emergency_hours_at_standard_rate * hourly_rate * (emergency_rate_multiplier - 1), 2)
        as decimal(18, 2)
    ) as leakage_value,
    cast(hourly_rate as decimal(18, 2)) as hourly_rate
from measured
