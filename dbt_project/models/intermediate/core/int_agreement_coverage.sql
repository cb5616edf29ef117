{#- Each agreement as the UTC interval it covers: inclusive dates -> [start 00:00, end + 1 day 00:00). -#}
with agreements as (
    select * from {{ ref('int_agreements') }}
),

coverage as (
    select
        agreement_id,
        client_id,
        support_model,
        start_date,
        end_date,
        cast(start_date as timestamp) as covers_from,
        cast(end_date + interval 1 day as timestamp) as covers_until
    from agreements
)

select * from coverage
