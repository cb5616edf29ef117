with agreements as (
    select * from {{ source('raw', 'agreements') }}
),

renamed as (
    select
        agreement_id,
        client_id,
        lower(support_model) as support_model,
        start_date,
        end_date,
        cast(monthly_fee as decimal(18, 2)) as monthly_fee,
        cast(hourly_rate as decimal(18, 2)) as hourly_rate,
        coalesce(cast(emergency_rate_multiplier as double), 1.5) as emergency_rate_multiplier,
        -- Normalised 'server|network' (lower case, no blanks); split with string_split(..., '|').
        nullif(
            array_to_string(
                list_filter(
                    list_transform(string_split(covered_device_types, '|'), lambda t: lower(trim(t))),
                    lambda t: t <> ''
                ),
                '|'
            ),
            ''
        ) as covered_device_types,
        _source_file as source_file
    from agreements
)

select * from renamed
