{#- The agreement in force at each ticket's creation, and so the ticket's support model. -#}
with tickets as (
    select * from {{ ref('int_tickets') }}
),

coverage as (
    select * from {{ ref('int_agreement_coverage') }}
),

ticket_agreements as (
    {{ agreement_in_force('tickets', 'ticket_id', 'created_at') }}
)

select * from ticket_agreements
