{#-
    The work done for each client per ISO week and kind of work (reactive, proactive, project,
    emergency, admin): time entries and hours, for the report's "work done for you" section.
    Hours only: what the work cost is the margin mart's business.
-#}
with time_entries as (
    select * from {{ ref('int_time_entries') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

final as (
    select
        time_entries.client_id,
        cast(date_trunc('week', time_entries.started_at) as date) as week_start,
        coalesce(time_entries.work_type, 'reactive') as work_type,
        cast(count(*) as bigint) as time_entries,
        cast(sum(time_entries.hours) as double) as hours,
        cast(count(distinct time_entries.ticket_id) as bigint) as tickets
    from time_entries
    cross join as_of
    where time_entries.started_at <= as_of.as_of
    group by all
)

select * from final
