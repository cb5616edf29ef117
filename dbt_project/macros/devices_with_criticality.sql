{#-
    Final columns of a monitoring tool's devices, read from a relation already mapped to the
    common names. tagged_critical is what the device's own tag or field says (true, false or
    null); otherwise seed device_type_criticality decides by device type: the vendor's own row,
    else the row of vendor '*' (server, network, firewall, storage critical), else not critical.
    The vendor's own class (_vendor_device_type) and record id stay for the value counts
    (macros/vendor_values.sql).
-#}
{% macro devices_with_criticality(typed_devices, vendor) -%}
    select
        typed.device_id,
        typed.client_id,
        typed.device_name,
        typed.device_type,
        coalesce(typed.tagged_critical, vendor_rule.is_critical, default_rule.is_critical, false) as is_critical,
        typed.active_from,
        typed.retired_at,
        typed.source_file,
        typed._vendor_device_type,
        typed._vendor_record_id
    from {{ typed_devices }} as typed
    left join {{ ref('device_type_criticality') }} as vendor_rule
        on
            vendor_rule.vendor = '{{ vendor }}'
            and typed.device_type = lower(trim(vendor_rule.device_type))
    left join {{ ref('device_type_criticality') }} as default_rule
        on
            default_rule.vendor = '*'
            and typed.device_type = lower(trim(default_rule.device_type))
{%- endmacro %}
