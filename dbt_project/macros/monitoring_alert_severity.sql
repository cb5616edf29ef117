-- noqa: disable=LT02
-- (the layout rule cannot follow the indentation of SQL that macros render into each other)
{#-
    A monitoring tool's alerts with their severity: the tool's own severity through
    seeds/vendor_value_map.csv (field severity; a value the seed does not know is `info`),
    raised to `critical` when a row of seed monitoring_down_rules says the alert means "device
    down" (so it is an outage on a critical device: docs/design.md section 5).

    alerts: a relation with
      _vendor_severity  the tool's severity as text (NULL allowed);
      severity_rank     the tool's severity as a number for min_vendor_severity (Zabbix 0-5), or NULL;
      one column per match field the vendor has (event_name, condition_name, message,
      alert_context_class, status), named in match_fields.
    Adds severity and is_down.
-#}
{% macro monitoring_alert_severity(vendor, alerts, match_fields) -%}
    select
        alerts.*,
        case
            when alerts.is_down then 'critical'
            else {{ vendor_value(vendor, 'severity', 'alerts._vendor_severity') }}
        end as severity
    from (
        select
            alerts_in.*,
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
    ) as alerts
{%- endmacro %}
