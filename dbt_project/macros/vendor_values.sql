-- noqa: disable=LT02
-- (the layout rule cannot follow the indentation of SQL that macros render into each other)
{#-
    Vendor values an MSP configured for itself (ticket types, sources, priorities, statuses,
    work types, agreement types, billing cycles, device classes, severities) map through one
    editable seed, seeds/vendor_value_map.csv (vendor, field, vendor_value, value), with a
    documented default per field in seeds/vendor_value_fields.csv. docs/vendors.md.

    - Matching ignores case and blanks (vendor_value_key).
    - A value the seed does not know takes the field's default: the build never fails on a
      tenant's own board type, and the value is listed in quality.unmapped_vendor_values.
    - A staging model that maps a field also exposes the vendor's own text as `_vendor_<field>`
      and the record's id as `_vendor_record_id`; the int_ unions leave `_vendor_` columns out
      (union_sources), and macros/vendor_value_columns.sql names the models to count.
-#}

{#- The key a vendor value matches on: lower case, trimmed, inner blanks collapsed; blank -> NULL. -#}
{% macro vendor_value_key(expression) -%}
    nullif(lower(regexp_replace(trim(cast({{ expression }} as varchar)), '\s+', ' ', 'g')), '')
{%- endmacro %}

{#-
    The seed's lookup map of one vendor's field (NULL when the seed has no row for it), read from
    the seed itself (a staging model reads seeds and its source, not other staging models). A key
    listed twice (rows differing only in case or blanks) keeps the smallest value; the
    unique_combination_of_columns test on stg_shared__vendor_value_map names it.
-#}
{% macro vendor_value_lookup(vendor, field) -%}
    (
        select map_from_entries(list({ 'k': first_per_key.vendor_key, 'v': first_per_key.value }))
        from (
            select
                {{ vendor_value_key('value_map.vendor_value') }} as vendor_key,
                min(nullif(trim(value_map.value), '')) as value  -- noqa: RF04
            from {{ ref('vendor_value_map') }} as value_map
            where
                lower(trim(value_map.vendor)) = '{{ vendor }}'
                and lower(trim(value_map.field)) = '{{ field }}'
                and nullif(trim(value_map.value), '') is not null
            group by {{ vendor_value_key('value_map.vendor_value') }}
            having vendor_key is not null
        ) as first_per_key
    )
{%- endmacro %}

{#-
    The warehouse value of a vendor's value: the seed's, else the field's default (the vendor's
    own text, lower case, for a field whose default is "(vendor value)"). The subqueries are
    uncorrelated: DuckDB reads the seed once per model, then looks each row up in a map.
-#}
{% macro vendor_value(vendor, field, expression) -%}
    coalesce(
        {{ vendor_value_lookup(vendor, field) }}[{{ vendor_value_key(expression) }}],
        case
            when (
                select trim(value_fields.default_value) = '(vendor value)'
                from {{ ref('vendor_value_fields') }} as value_fields
                where lower(trim(value_fields.field)) = '{{ field }}'
            ) then {{ vendor_value_key(expression) }}
            else (
                select
                    case
                        when trim(value_fields.default_value) <> '(vendor value)'
                            then nullif(trim(value_fields.default_value), '')
                    end
                from {{ ref('vendor_value_fields') }} as value_fields
                where lower(trim(value_fields.field)) = '{{ field }}'
            )
        end
    )
{%- endmacro %}

{#- True when the seed knows the value (a blank value has nothing to map and counts as mapped). -#}
{% macro vendor_value_is_mapped(vendor, field, expression) -%}
    (
        {{ vendor_value_key(expression) }} is null
        or {{ vendor_value_lookup(vendor, field) }}[{{ vendor_value_key(expression) }}] is not null
    )
{%- endmacro %}

{#- stg_<source>__<entity> -> (source, entity) -#}
{% macro vendor_model_parts(model_name) -%}
    {{ return((model_name.split('__')[0][4:], model_name.split('__')[1])) }}
{%- endmacro %}

{#-
    Of the vendors named, those with raw rows in this build (one probe of each raw table). The
    vendor reports (models/quality/) read only their staging models: binding the union of every
    vendor's staging views cost 3.5 s a build at M with no vendor file at all. At parse time
    (and for a linter) every vendor counts, so that dbt knows each ref.
-#}
{% macro vendors_with_rows(vendors) -%}
    {%- if not execute or graph is not defined -%}
        {{ return(vendors) }}
    {%- endif -%}
    {#- Only tables that exist: `dbt docs generate` compiles against any warehouse. -#}
    {%- set existing = run_query(
        "select schema_name || '.' || table_name from duckdb_tables()"
    ).columns[0].values() | list -%}
    {%- set probes = [] -%}
    {%- for node in graph.sources.values()
        if node.source_name in vendors and (node.schema ~ '.' ~ node.identifier) in existing -%}
        {%- set probe = "(select '" ~ node.source_name ~ "' as vendor from " ~ node.relation_name ~ " limit 1)" -%}
        {%- do probes.append(probe) -%}
    {%- endfor -%}
    {%- if not probes -%}
        {{ return([]) }}
    {%- endif -%}
    {{ return(run_query(probes | join(' union all ')).columns[0].values() | list) }}
{%- endmacro %}

{#-
    A relation of these (name, type) columns and no rows: what a vendor report is when no vendor
    has raw rows, so that it binds none of the vendors' staging views.
-#}
{% macro no_rows_of(columns) -%}
select
    {%- for name, type in columns %}
    cast(null as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
where false
{%- endmacro %}

{#- The models of vendor_value_columns() whose vendor has raw rows. -#}
{% macro vendor_models_with_rows(models) -%}
    {%- set vendors = [] -%}
    {%- for model_name in models -%}
        {%- set vendor = vendor_model_parts(model_name)[0] -%}
        {%- if vendor not in vendors %}{% do vendors.append(vendor) %}{% endif -%}
    {%- endfor -%}
    {%- set with_rows = vendors_with_rows(vendors) -%}
    {%- set kept = {} -%}
    {%- for model_name, fields in models.items() if vendor_model_parts(model_name)[0] in with_rows -%}
        {%- do kept.update({model_name: fields}) -%}
    {%- endfor -%}
    {{ return(kept) }}
{%- endmacro %}

{#-
    Every vendor value the staging models saw, one row per (source, entity, field, value), with
    what it maps to, whether the seed knows it, how many records carry it and an example record.
-#}
{% macro vendor_values_seen(all_models) -%}
{%- set models = vendor_models_with_rows(all_models) %}
{%- if not models %}
{{ no_rows_of([('source_system', 'varchar'), ('entity', 'varchar'), ('field', 'varchar'),
    ('vendor_value', 'varchar'), ('value', 'varchar'), ('is_mapped', 'boolean'), ('records', 'bigint'),
    ('example_record_id', 'varchar'), ('example_source_file', 'varchar')]) }}
{%- else %}
with seen as (
    {%- for model_name, fields in models.items() %}
    {%- set parts = vendor_model_parts(model_name) %}
    {#- The value a record got is the model's own column where it has one (a monitoring tool's
        down rules may raise a severity after mapping); else the seed's. Only billing_months is
        not kept as a column (agreements keep the monthly fee it divides by): named here rather
        than asked of the database, which cost a catalog query per model (1.5 s a build). -#}
    {%- set model_columns = fields | reject('equalto', 'billing_months') | list %}
    {%- for field in fields %}
    select
        '{{ parts[0] }}' as source_system,
        '{{ parts[1] }}' as entity,
        '{{ field }}' as field,
        {{ vendor_value_key('_vendor_' ~ field) }} as vendor_key,
        any_value(trim(cast(_vendor_{{ field }} as varchar))) as vendor_value,
        {% if field in model_columns -%}
        any_value({{ field }}) as value,
        {%- else -%}
        any_value({{ vendor_value(parts[0], field, '_vendor_' ~ field) }}) as value,
        {%- endif %}
        bool_and({{ vendor_value_is_mapped(parts[0], field, '_vendor_' ~ field) }}) as is_mapped,
        count(*) as records,
        min(_vendor_record_id) as example_record_id,
        min(source_file) as example_source_file
    from {{ ref(model_name) }}
    where {{ vendor_value_key('_vendor_' ~ field) }} is not null
    group by all
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    source_system,
    entity,
    field,
    vendor_value,
    cast(value as varchar) as value,
    is_mapped,
    records,
    example_record_id,
    example_source_file
from seen
{%- endif %}
{%- endmacro %}

{#-
    Per source and entity: records staged, records whose every vendor value the seed knows, and
    records left out for want of a client (quality.unmatched_vendor_records).
-#}
{% macro vendor_mapping_coverage(all_models) -%}
{%- set models = vendor_models_with_rows(all_models) %}
{%- if not models %}
{{ no_rows_of([('source_system', 'varchar'), ('records', 'bigint'), ('records_mapped_cleanly', 'bigint'),
    ('records_without_client', 'bigint'), ('pct_mapped_cleanly', 'double')]) }}
{%- else %}
with staged as (
    {%- for model_name, fields in models.items() %}
    {%- set parts = vendor_model_parts(model_name) %}
    select
        '{{ parts[0] }}' as source_system,
        '{{ parts[1] }}' as entity,
        count(*) as records,
        count(*) filter (
            where
            {%- for field in fields %}
                {{ 'and ' if not loop.first }}{{ vendor_value_is_mapped(parts[0], field, '_vendor_' ~ field) }}
            {%- endfor %}
        ) as records_mapped_cleanly
    from {{ ref(model_name) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

unmatched as (
    select
        source_system,
        count(*) as unmatched_records
    from {{ ref('unmatched_vendor_records') }}
    group by source_system
),

by_source as (
    select
        source_system,
        sum(records) as records,
        sum(records_mapped_cleanly) as records_mapped_cleanly
    from staged
    group by source_system
)

select
    by_source.source_system,
    cast(by_source.records + coalesce(unmatched.unmatched_records, 0) as bigint) as records,
    cast(by_source.records_mapped_cleanly as bigint) as records_mapped_cleanly,
    cast(coalesce(unmatched.unmatched_records, 0) as bigint) as records_without_client,
    100.0 * by_source.records_mapped_cleanly
    / nullif(by_source.records + coalesce(unmatched.unmatched_records, 0), 0) as pct_mapped_cleanly
from by_source
left join unmatched
    on by_source.source_system = unmatched.source_system
where by_source.records + coalesce(unmatched.unmatched_records, 0) > 0
{%- endif %}
{%- endmacro %}

{#-
    A PSA's SLA targets from a relation of (agreement_id, _vendor_priority, response_minutes,
    resolution_minutes, source_file): the priority mapped through the seed; when several of an
    SLA's priorities map to one warehouse priority (Priority 4 and 5 -> P4), the strictest
    targets count.
-#}
{% macro sla_targets_by_priority(vendor, extracted) -%}
    select
        agreement_id,
        {{ vendor_value(vendor, 'priority', '_vendor_priority') }} as priority,
        min(response_minutes) as response_minutes,
        min(resolution_minutes) as resolution_minutes,
        min(source_file) as source_file
    from {{ extracted }}
    group by all
{%- endmacro %}
