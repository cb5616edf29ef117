{#-
    The timezone of every client, wherever the client is defined: the generic clients.csv or a
    PSA's client_map.csv. Generic ticket, time and monitoring files carry naive local times, and
    they may arrive next to a vendor PSA's clients (a PSA export with a generic RMM file), so
    their staging reads the timezone here rather than in raw.clients alone.
    Same sources as int_clients (one line per adapter); a client defined twice keeps the generic
    timezone (int_clients' unique test reports the duplicate).
-#}
with clients as (
    {{ union_sources([
        'stg_generic__clients',
        'stg_autotask__clients',
        'stg_connectwise__clients',
        'stg_halopsa__clients',
    ]) }}
),

ranked as (
    select
        client_id,
        timezone,
        row_number() over (
            partition by client_id
            order by source_system != 'generic', source_system
        ) as source_rank
    from clients
)

select
    client_id,
    timezone
from ranked
where source_rank = 1
