-- Failed sign-ins, for rate limiting across every server instance.
create table sign_in_failures (
    id integer primary key autoincrement,
    username text not null,
    address text not null,
    failed_at text not null
);
create index sign_in_failures_by_username on sign_in_failures (username, id);
create index sign_in_failures_by_address on sign_in_failures (address, id);

-- The audit trail: who did what to which record, when, from where.
-- Append-only: the triggers refuse any change or removal.
create table audit_events (
    id integer primary key autoincrement,
    at text not null,
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

create trigger audit_events_cannot_change before update on audit_events
begin
    select raise(abort, 'the audit trail cannot be changed');
end;

create trigger audit_events_cannot_be_removed before delete on audit_events
begin
    select raise(abort, 'the audit trail cannot be changed');
end;
