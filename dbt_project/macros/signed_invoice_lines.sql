{#-
    The credit sign, the one place it is written: a credit line reduces revenue whatever sign the
    export used, so its amount is always negative; other lines keep theirs. Every source's
    invoice lines (generic and vendor staging) apply it.
-#}
{% macro signed_amount(line_type, amount) -%}
    cast(case when {{ line_type }} = 'credit' then -abs({{ amount }}) else {{ amount }} end as decimal(18, 2))
{%- endmacro %}

{#-
    Final columns of a PSA's invoice lines, read from a relation already mapped to the
    common names (extended_price = the line's total as exported), the credit sign applied
    (signed_amount). The relation's
    `_vendor_` columns (at least `_vendor_record_id`) pass through.
-#}
{% macro signed_invoice_lines(mapped_lines) -%}
    select
        invoice_id,
        line_number,
        client_id,
        invoice_date,
        period_start,
        period_end,
        line_type,
        description,
        quantity,
        unit_price,
        {{ signed_amount('line_type', 'extended_price') }} as amount,
        unit_cost,
        source_file,
        columns('^_vendor_')  -- the vendor's own values (macros/vendor_values.sql)
    from {{ mapped_lines }}
{%- endmacro %}
