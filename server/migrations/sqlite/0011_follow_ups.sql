-- Follow-up actions and their being done, both made through sync and never
-- changed. A follow-up shows on its author's home until it is done.
create table follow_ups (
    id text primary key,
    op_id text not null references sync_ops (id),
    patient_id text not null references patients (id),
    ward_id text not null references wards (id),
    author_id text not null references staff (id),
    text text not null,
    due_on text,
    session_id text,
    hlc text not null
);
create index follow_ups_by_patient on follow_ups (patient_id);
create index follow_ups_by_author on follow_ups (author_id);

create table follow_up_dones (
    id text primary key,
    op_id text not null references sync_ops (id),
    follow_up_id text not null references follow_ups (id),
    author_id text not null references staff (id),
    note text not null,
    hlc text not null
);
create index follow_up_dones_by_follow_up on follow_up_dones (follow_up_id);

create trigger follow_ups_cannot_change before update on follow_ups
begin select raise(abort, 'a follow-up is never changed: mark it done or add another'); end;
create trigger follow_ups_cannot_be_removed before delete on follow_ups
begin select raise(abort, 'a follow-up is never changed: mark it done or add another'); end;
create trigger follow_up_dones_cannot_change before update on follow_up_dones
begin select raise(abort, 'a follow-up done is never changed'); end;
create trigger follow_up_dones_cannot_be_removed before delete on follow_up_dones
begin select raise(abort, 'a follow-up done is never changed'); end;
