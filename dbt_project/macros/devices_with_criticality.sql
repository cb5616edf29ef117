{#-
    Final columns of a monitoring tool's devices, read from a relation already mapped to the
    common names. tagged_critical is what the device's own tag or field says (true, false or
    null); untagged infrastructure (server, network, firewall, storage) is critical.
-#}
{% macro devices_with_criticality(typed_devices) -%}
    select
        device_id,
        client_id,
        device_name,
        device_type,
        coalesce(tagged_critical, device_type in ('server', 'network', 'firewall', 'storage')) as is_critical,
        active_from,
        retired_at,
        source_file
    from {{ typed_devices }}
{%- endmacro %}
