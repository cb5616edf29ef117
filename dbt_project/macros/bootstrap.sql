{#-
    Bootstrap over clients, deterministic. `client_rows` is a relation (or CTE name) with one row
    per (group_column, client_id). Each group's n clients are resampled with replacement
    var('bootstrap_replicates') times: draw k of replicate b in group g picks client number
    hash(var('bootstrap_seed'), g, b, k) mod n (g, b, k integers: hashing them is cheap), so the
    same data always gives the same intervals. Returns one row per draw: (group_column,
    replicate, client_id); a client drawn twice appears twice. Join it back to client_rows and
    aggregate per (group, replicate).
-#}
{% macro bootstrap_draws(client_rows, group_column) -%}
    {%- set replicates = var('bootstrap_replicates') | int -%}
    {%- set seed = var('bootstrap_seed') | int -%}
    select
        numbered.{{ group_column }},
        draws.replicate,
        numbered.client_id
    from (
        select
            group_sizes.group_number,
            replicates.replicate,
            cast(
                hash({{ seed }}, group_sizes.group_number, replicates.replicate, draw_numbers.draw)
                % group_sizes.group_clients as bigint
            ) as client_number
        from (
            select
                row_number() over (order by {{ group_column }}) as group_number,
                count(*) as group_clients
            from {{ client_rows }}
            group by {{ group_column }}
        ) as group_sizes
        cross join range({{ replicates }}) as replicates (replicate)
        inner join range(1000000) as draw_numbers (draw)
            on draw_numbers.draw < group_sizes.group_clients
    ) as draws
    inner join (
        select
            {{ group_column }},
            client_id,
            dense_rank() over (order by {{ group_column }}) as group_number,
            row_number() over (partition by {{ group_column }} order by client_id) - 1 as client_number
        from {{ client_rows }}
    ) as numbered
        on
            draws.group_number = numbered.group_number
            and draws.client_number = numbered.client_number
{%- endmacro %}
