{#-
    Final columns of a PSA's invoice lines, read from a relation already mapped to the
    common names (extended_price = the line's total as exported). Credits reduce revenue
    whatever sign the export used, so a credit line's amount is always negative. The relation's
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
        cast(case when line_type = 'credit' then -abs(extended_price) else extended_price end as decimal(18, 2))
            as amount,
        unit_cost,
        source_file,
        columns('^_vendor_')  -- the vendor's own values (macros/vendor_values.sql)
    from {{ mapped_lines }}
{%- endmacro %}
