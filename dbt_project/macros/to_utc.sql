{#-
    ISO-8601 text -> naive UTC timestamp.
    Text with an offset (Z, +01:00, -0500) is that instant; naive text is wall-clock time
    in the client's IANA timezone (DST-aware through DuckDB's ICU), default UTC.
    The offset pattern needs a time part first, so a bare date such as 2024-03-01 stays naive.
-#}
{% macro to_utc(ts_text, tz) -%}
    case
        when {{ ts_text }} is null then null
        when regexp_matches(trim({{ ts_text }}), '\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)$')
            then timezone('UTC', cast(upper(trim({{ ts_text }})) as timestamptz))
        else timezone('UTC', timezone(coalesce({{ tz }}, 'UTC'), cast(trim({{ ts_text }}) as timestamp)))
    end
{%- endmacro %}
