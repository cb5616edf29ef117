-- Revenue and parts cost of each invoice line, spread over the months of its period by
-- days (inclusive dates). Each month but the last gets its share rounded to the cent,
-- the last month gets the remainder, so a line's months always sum to the line exactly.
with

invoice_lines as (
    select * from {{ ref('int_invoice_lines') }}
),

invoice_line_periods as (
    -- No usable period: the whole line falls on period_start, else on invoice_date.
    select
        source_system,
        invoice_id,
        line_number,
        client_id,
        line_type,
        coalesce(period_start, invoice_date) as period_first_day,
        case
            when period_start is not null and period_end >= period_start then period_end
            else coalesce(period_start, invoice_date)
        end as period_last_day,
        -- Whole cents, so the spread is exact integer arithmetic.
        cast(amount * 100 as bigint) as amount_cents,
        case
            when line_type = 'parts'
                then cast(round(coalesce(quantity, 1) * coalesce(unit_cost, 0) * 100) as bigint)
            else 0
        end as parts_cost_cents
    from invoice_lines
),

invoice_line_month_days as (
    select
        *,
        cast(unnest(generate_series(
            date_trunc('month', period_first_day),
            date_trunc('month', period_last_day),
            interval 1 month
        )) as date) as month  -- noqa: RF04
    from invoice_line_periods
),

month_shares as (
    select
        *,
        period_last_day - period_first_day + 1 as period_days,
        least(period_last_day, last_day(month)) - greatest(period_first_day, month) + 1 as month_days,
        month = date_trunc('month', period_last_day) as is_last_month
    from invoice_line_month_days
),

rounded_shares as (
    select
        *,
        cast(round(amount_cents * month_days / period_days) as bigint) as amount_share_cents,
        cast(round(parts_cost_cents * month_days / period_days) as bigint) as parts_cost_share_cents
    from month_shares
),

remainder_on_last_month as (
    select
        *,
        case
            when is_last_month
                then amount_cents - sum(case when is_last_month then 0 else amount_share_cents end) over line
            else amount_share_cents
        end as amount_month_cents,
        case
            when is_last_month
                then parts_cost_cents - sum(case when is_last_month then 0 else parts_cost_share_cents end) over line
            else parts_cost_share_cents
        end as parts_cost_month_cents
    from rounded_shares
    window line as (partition by source_system, invoice_id, line_number)
)

select
    source_system,
    invoice_id,
    line_number,
    client_id,
    line_type,
    month,
    month_days,
    period_days,
    cast(cast(amount_month_cents as decimal(18, 0)) * 0.01 as decimal(18, 2)) as amount,
    cast(cast(parts_cost_month_cents as decimal(18, 0)) * 0.01 as decimal(18, 2)) as parts_cost
from remainder_on_last_month
