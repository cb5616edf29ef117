-- noqa: disable=LT02
-- (the layout rule cannot follow the indentation of SQL that macros render into each other)
{#-
    A vendor's records that its staging models leave out, with the reason, so that nothing is
    dropped silently (models/quality/unmatched_vendor_records.sql unions every vendor's).
    Each check is a dict:
      entity      the name to list the records under;
      raw         the vendor's raw table (source `<vendor>.<vendor>__<raw>`);
      staged      the staging model that should hold (or name) each record;
      reason      an SQL expression over `raw_records.record` saying why it is left out;
      raw_key     what the record is matched on (default `raw_records.record_id`);
      staged_key  the staged column it must be found in (default `_vendor_record_id`);
      where       optional: only raw records meeting this condition are checked.
    A vendor without raw rows gives an empty select, so that a build with no vendor file binds
    none of the vendor's staging views.
-#}
{% macro unmatched_records(vendor, checks) -%}
{%- if vendor not in vendors_with_rows([vendor]) %}
{#- No raw rows: nothing left out, and no staging view to bind (macros/vendor_values.sql). #}
{{ no_rows_of([('source_system', 'varchar'), ('entity', 'varchar'), ('record_id', 'varchar'),
    ('reason', 'varchar'), ('source_file', 'varchar')]) }}
{%- else %}
select distinct
    '{{ vendor }}' as source_system,
    unmatched.entity,
    unmatched.record_id,
    unmatched.reason,
    unmatched.source_file
from (
    {%- for check in checks %}
    select
        '{{ check.entity }}' as entity,
        raw_records.record_id,
        {{ check.reason }} as reason,
        raw_records._source_file as source_file
    from {{ source(vendor, vendor ~ '__' ~ check.raw) }} as raw_records
    anti join {{ ref(check.staged) }} as staged
        on {{ check.get('raw_key', 'raw_records.record_id') }} = staged.{{ check.get('staged_key', '_vendor_record_id') }}
    {%- if check.get('where') %}
    where {{ check.where }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
) as unmatched
{%- endif %}
{%- endmacro %}
