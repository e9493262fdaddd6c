-- Failed sign-ins, for rate limiting across every server instance.
create table sign_in_failures (
    id bigserial primary key,
    username text not null,
    address text not null,
    failed_at timestamptz not null
);
create index sign_in_failures_by_username on sign_in_failures (username, id);
create index sign_in_failures_by_address on sign_in_failures (address, id);

-- The audit trail: who did what to which record, when, from where.
-- Append-only: the trigger refuses any change or removal.
create table audit_events (
    id bigserial primary key,
    at timestamptz not null,
    staff_id text,
    username text not null,
    action text not null,
    patient_id text,
    ward_id text,
    device text not null default '',
    address text not null default '',
    detail text not null default ''
);
create index audit_events_by_patient on audit_events (patient_id, id);
create index audit_events_by_staff on audit_events (staff_id, id);

create function audit_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit trail cannot be changed';
end
$$;

create trigger audit_events_append_only before update or delete on audit_events
for each row execute function audit_events_append_only();
