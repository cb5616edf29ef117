{#-
    Bootstrap over clients, deterministic. `client_rows` is a relation (or CTE name) with one row
    per (group_column, client_id). Each group's n clients are resampled with replacement
    var('bootstrap_replicates') times: draw k of replicate b picks client number
    hash(var('bootstrap_seed'), group, b, k) mod n, so the same data always gives the same
    intervals. Returns one row per draw: (group_column, replicate, client_id); a client drawn twice
    appears twice. Join it back to client_rows and aggregate per (group, replicate).
-#}
{% macro bootstrap_draws(client_rows, group_column) -%}
    {%- set replicates = var('bootstrap_replicates') | int -%}
    {%- set seed = var('bootstrap_seed') | int -%}
    select
        draws.{{ group_column }},
        draws.replicate,
        numbered.client_id
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
                from {{ client_rows }}
                group by {{ group_column }}
            ) as group_sizes
            cross join (select unnest(range({{ replicates }})) as replicate) as replicates
        ) as groups
    ) as draws
    inner join (
        select
            {{ group_column }},
            client_id,
            row_number() over (partition by {{ group_column }} order by client_id) - 1 as client_number
        from {{ client_rows }}
    ) as numbered
        on
            draws.{{ group_column }} = numbered.{{ group_column }}
            and draws.client_number = numbered.client_number
{%- endmacro %}
