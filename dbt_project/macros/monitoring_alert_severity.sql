{#-
    A monitoring tool's alerts with their severity: the tool's own severity through seed
    vendor_alert_severities (a value not listed is `info`), raised to `critical` when a row of
    seed monitoring_down_rules says the alert means "device down" (so it is an outage on a
    critical device: DESIGN.md section 5).

    alerts: a relation with
      vendor_severity  the tool's severity as text (NULL allowed);
      severity_rank    the tool's severity as a number for min_vendor_severity (Zabbix 0-5), or NULL;
      one column per match field the vendor has (event_name, condition_name, message,
      alert_context_class, status), named in match_fields.
    Adds severity, is_down and severity_is_mapped.
-#}
{% macro monitoring_alert_severity(vendor, alerts, match_fields) -%}
    select
        alerts.*,
        case
            when is_down then 'critical'
            else coalesce(mapped_severity, 'info')
        end as severity,
        mapped_severity is not null as severity_is_mapped
    from (
        select
            alerts_in.*,
            severities.severity as mapped_severity,
            exists (
                select 1
                from {{ ref('monitoring_down_rules') }} as rules
                where
                    rules.vendor = '{{ vendor }}'
                    and (
                        rules.min_vendor_severity is null
                        or alerts_in.severity_rank >= rules.min_vendor_severity
                    )
                    and (
                        {%- for field in match_fields %}
                        {% if not loop.first %}or {% endif -%}
                        (rules.match_field = '{{ field }}' and alerts_in.{{ field }} ilike rules.pattern)
                        {%- endfor %}
                    )
            ) as is_down
        from {{ alerts }} as alerts_in
        left join {{ ref('vendor_alert_severities') }} as severities
            on
                severities.vendor = '{{ vendor }}'
                and lower(trim(alerts_in.vendor_severity)) = lower(trim(severities.vendor_severity))
    ) as alerts
{%- endmacro %}
