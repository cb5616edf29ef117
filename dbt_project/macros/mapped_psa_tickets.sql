{#-
    The ticket columns of a PSA's staging model with its own values mapped through the seed
    (vendor_value): one list for every PSA whose extracted tickets carry the same columns.
-#}
{% macro mapped_psa_tickets(vendor, relation='extracted') -%}
    select
        ticket_id,
        client_id,
        device_id,
        created_at,
        first_response_at,
        resolved_at,
        {{ vendor_value(vendor, 'priority', '_vendor_priority') }} as priority,
        {{ vendor_value(vendor, 'ticket_type', '_vendor_ticket_type') }} as ticket_type,
        category,
        subcategory,
        {{ vendor_value(vendor, 'source', '_vendor_source') }} as source,  -- noqa: RF04
        {{ vendor_value(vendor, 'status', '_vendor_status') }} as status,  -- noqa: RF04
        summary,
        merged_into_ticket_id,
        source_file,
        _vendor_record_id,
        _vendor_priority,
        _vendor_ticket_type,
        _vendor_source,
        _vendor_status
    from {{ relation }}
{%- endmacro %}
