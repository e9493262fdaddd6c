-- Risk and safeguarding concerns and their acknowledgements, both made
-- through sync and never changed. A concern belongs to the ward the patient
-- was on when it was raised: that ward's nurse in charge acknowledges it,
-- and its manager is told when nobody has. `received_at` starts the wait.
create table concerns (
    id text primary key,
    op_id text not null references sync_ops (id),
    patient_id text not null references patients (id),
    ward_id text not null references wards (id),
    author_id text not null references staff (id),
    category text not null,
    what_happened text not null,
    done_now text not null,
    told text not null,
    session_id text,
    hlc text not null,
    received_at text not null
);
create index concerns_by_patient on concerns (patient_id);
create index concerns_by_ward on concerns (ward_id, received_at);
create index concerns_by_author on concerns (author_id, received_at);

create table concern_acks (
    id text primary key,
    op_id text not null references sync_ops (id),
    concern_id text not null references concerns (id),
    author_id text not null references staff (id),
    response text not null,
    hlc text not null
);
create index concern_acks_by_concern on concern_acks (concern_id);

create trigger concerns_cannot_change before update on concerns
begin select raise(abort, 'a concern is never changed: acknowledge it or raise another'); end;
create trigger concerns_cannot_be_removed before delete on concerns
begin select raise(abort, 'a concern is never changed: acknowledge it or raise another'); end;
create trigger concern_acks_cannot_change before update on concern_acks
begin select raise(abort, 'an acknowledgement is never changed'); end;
create trigger concern_acks_cannot_be_removed before delete on concern_acks
begin select raise(abort, 'an acknowledgement is never changed'); end;
