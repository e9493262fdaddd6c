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

create trigger follow_ups_append_only before update or delete on follow_ups
for each row execute function append_only();
create trigger follow_up_dones_append_only before update or delete on follow_up_dones
for each row execute function append_only();
