{#
    A vendor's name on one line: each run of control characters (CR, LF, tab, other C0, DEL)
    becomes one space, as the generic reader does at the door (pipelines/ingest/generic/checks.py,
    CONTROL_CLASS). Raw keeps the vendor's record as exported; client names reach email subjects
    and headers from here, so "Evil\r\nBcc: x" arrives as "Evil Bcc: x".
#}
{% macro one_line(text) -%}
    nullif(trim(regexp_replace({{ text }}, '[\x00-\x1f\x7f]+', ' ', 'g')), '')
{%- endmacro %}
