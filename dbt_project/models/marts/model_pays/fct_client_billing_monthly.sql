-- What each client-month was invoiced, by line kind, and the hours spent on it, by work type:
-- the inputs of "which model pays" (fee against labour, emergency premium, parts; reactive
-- against proactive work), carried from the intermediate layer to a public table.
with

client_months as (
    select * from {{ ref('int_client_months') }}
),

support_models as (
    select * from {{ ref('int_client_support_model_monthly') }}
),

invoice_line_months as (
    select * from {{ ref('int_invoice_line_months') }}
),

costed_time_entries as (
    select * from {{ ref('int_time_entries_costed') }}
),

revenue_by_kind as (
    select
        client_id,
        month,
        sum(case when line_type = 'recurring_fee' then amount else 0 end) as fee_revenue,
        sum(case when line_type = 'labor' then amount else 0 end) as labor_revenue,
        sum(case when line_type = 'emergency_labor' then amount else 0 end) as emergency_labor_revenue,
        sum(case when line_type = 'parts' then amount else 0 end) as parts_revenue,
        sum(case when line_type = 'project' then amount else 0 end) as project_revenue,
        sum(case when line_type = 'credit' then amount else 0 end) as credit_amount,
        sum(case
            when line_type not in ('recurring_fee', 'labor', 'emergency_labor', 'parts', 'project', 'credit')
                then amount
            else 0
        end) as other_revenue,
        sum(amount) as revenue
    from invoice_line_months
    group by client_id, month
),

classified_time_entries as (
    -- Emergency call-outs are reactive work at a premium; a missing or unknown work type is
    -- taken as reactive (ticket work is what an MSP logs without thinking about it).
    select
        client_id,
        month,
        hours,
        billable,
        work_type = 'emergency' as is_emergency,
        case
            when work_type in ('proactive', 'project', 'admin') then work_type
            else 'reactive'
        end as work_class
    from costed_time_entries
),

hours_by_work_type as (
    select
        client_id,
        month,
        sum(hours) as labor_hours,
        sum(case when work_class = 'reactive' then hours else 0 end) as reactive_hours,
        sum(case when is_emergency then hours else 0 end) as emergency_hours,
        sum(case when work_class = 'proactive' then hours else 0 end) as proactive_hours,
        sum(case when work_class = 'project' then hours else 0 end) as project_hours,
        sum(case when work_class = 'admin' then hours else 0 end) as admin_hours,
        sum(case when billable and work_class = 'reactive' and not is_emergency then hours else 0 end)
            as billable_reactive_hours,
        sum(case when billable and is_emergency then hours else 0 end) as billable_emergency_hours
    from classified_time_entries
    group by client_id, month
)

select
    cast(client_months.client_id as varchar) as client_id,
    cast(client_months.month as date) as month,  -- noqa: RF04
    cast(coalesce(support_models.support_model, 'unassigned') as varchar) as support_model,
    cast(coalesce(revenue_by_kind.fee_revenue, 0) as decimal(18, 2)) as fee_revenue,
    cast(coalesce(revenue_by_kind.labor_revenue, 0) as decimal(18, 2)) as labor_revenue,
    cast(coalesce(revenue_by_kind.emergency_labor_revenue, 0) as decimal(18, 2)) as emergency_labor_revenue,
    cast(coalesce(revenue_by_kind.parts_revenue, 0) as decimal(18, 2)) as parts_revenue,
    cast(coalesce(revenue_by_kind.project_revenue, 0) as decimal(18, 2)) as project_revenue,
    cast(coalesce(revenue_by_kind.credit_amount, 0) as decimal(18, 2)) as credit_amount,
    cast(coalesce(revenue_by_kind.other_revenue, 0) as decimal(18, 2)) as other_revenue,
    cast(coalesce(revenue_by_kind.revenue, 0) as decimal(18, 2)) as revenue,
    cast(coalesce(hours_by_work_type.labor_hours, 0) as double) as labor_hours,
    cast(coalesce(hours_by_work_type.reactive_hours, 0) as double) as reactive_hours,
    cast(coalesce(hours_by_work_type.emergency_hours, 0) as double) as emergency_hours,
    cast(coalesce(hours_by_work_type.proactive_hours, 0) as double) as proactive_hours,
    cast(coalesce(hours_by_work_type.project_hours, 0) as double) as project_hours,
    cast(coalesce(hours_by_work_type.admin_hours, 0) as double) as admin_hours,
    cast(coalesce(hours_by_work_type.billable_reactive_hours, 0) as double) as billable_reactive_hours,
    cast(coalesce(hours_by_work_type.billable_emergency_hours, 0) as double) as billable_emergency_hours,
    -- Divide first: an all-proactive month is exactly 100.
    cast(
        100 * (
            hours_by_work_type.proactive_hours
            / nullif(hours_by_work_type.proactive_hours + hours_by_work_type.reactive_hours, 0)
        )
        as double
    ) as proactive_share_pct,
    cast(100 * (hours_by_work_type.emergency_hours / nullif(hours_by_work_type.reactive_hours, 0)) as double)
        as emergency_share_pct
from client_months
left join support_models
    on
        client_months.client_id = support_models.client_id
        and client_months.month = support_models.month
left join revenue_by_kind
    on
        client_months.client_id = revenue_by_kind.client_id
        and client_months.month = revenue_by_kind.month
left join hours_by_work_type
    on
        client_months.client_id = hours_by_work_type.client_id
        and client_months.month = hours_by_work_type.month
