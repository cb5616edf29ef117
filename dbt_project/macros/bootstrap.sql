{#-
    Bootstrap over clients, deterministic: `client_sums` is a relation (or CTE name) with one row
    per (group_column, client_id) and additive columns (numerators and denominators). Each group's
    clients are resampled with replacement `replicates` times; draw k of replicate b picks client
    number hash(seed, group, b, k) mod n, so the same data always gives the same intervals.
    Returns one row per (group, replicate) with the resampled sums of `sum_columns`.
-#}
{% macro bootstrap_replicates(client_sums, group_column, sum_columns) -%}
    {%- set replicates = var('bootstrap_replicates') | int -%}
    {%- set seed = var('bootstrap_seed') | int -%}
    select
        draws.{{ group_column }},
        draws.replicate,
    {%- for column in sum_columns %}
        sum(numbered.{{ column }}) as {{ column }}{{ "," if not loop.last }}
    {%- endfor %}
    from (
        select
            groups.{{ group_column }},
            groups.replicate,
            hash({{ seed }}, groups.{{ group_column }}, groups.replicate, groups.draw) % groups.group_clients
                as client_number
        from (
            select
                group_sizes.{{ group_column }},
                group_sizes.group_clients,
                replicates.replicate,
                unnest(range(group_sizes.group_clients)) as draw
            from (
                select
                    {{ group_column }},
                    count(*) as group_clients
                from {{ client_sums }}
                group by {{ group_column }}
            ) as group_sizes
            cross join (select unnest(range({{ replicates }})) as replicate) as replicates
        ) as groups
    ) as draws
    inner join (
        select
            *,
            row_number() over (partition by {{ group_column }} order by client_id) - 1 as client_number
        from {{ client_sums }}
    ) as numbered
        on
            draws.{{ group_column }} = numbered.{{ group_column }}
            and draws.client_number = numbered.client_number
    group by draws.{{ group_column }}, draws.replicate
{%- endmacro %}
