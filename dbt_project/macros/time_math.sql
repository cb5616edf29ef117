{#- Wall-clock minutes from start_ts to end_ts (naive UTC timestamps), as double. -#}
{% macro minutes_between(start_ts, end_ts) -%}
    (epoch({{ end_ts }}) - epoch({{ start_ts }})) / 60.0
{%- endmacro %}

{#- Minutes that [a_start, a_end) and [b_start, b_end) share; 0 when they do not meet. -#}
{% macro overlap_minutes(a_start, a_end, b_start, b_end) -%}
    greatest(0.0, {{ minutes_between('greatest(' ~ a_start ~ ', ' ~ b_start ~ ')', 'least(' ~ a_end ~ ', ' ~ b_end ~ ')') }})
{%- endmacro %}

{#- UTC naive timestamp -> wall-clock time in an IANA timezone. -#}
{% macro utc_to_local(ts, tz) -%}
    timezone({{ tz }}, timezone('UTC', {{ ts }}))
{%- endmacro %}

{#- Wall-clock time in an IANA timezone -> UTC naive timestamp. -#}
{% macro local_to_utc(ts, tz) -%}
    timezone('UTC', timezone({{ tz }}, {{ ts }}))
{%- endmacro %}
