-- Group sessions, made through sync and never changed. A group belongs to
-- a ward: its op reaches that ward's phones (found by the index below),
-- and each attendee's line shows on their timeline wherever they go. The
-- op log's patient_id of a group names its first attendee.
create table group_sessions (
    id text primary key,
    op_id text not null references sync_ops (id),
    ward_id text not null references wards (id),
    author_id text not null references staff (id),
    title text not null,
    started_at text not null,
    duration_min integer not null,
    place text not null,
    others_count integer not null,
    note text not null,
    hlc text not null
);
create index group_sessions_by_ward on group_sessions (ward_id, started_at);

create table group_facilitators (
    group_id text not null references group_sessions (id),
    staff_id text not null references staff (id),
    primary key (group_id, staff_id)
);

create table group_attendees (
    group_id text not null references group_sessions (id),
    patient_id text not null references patients (id),
    line text not null,
    primary key (group_id, patient_id)
);
create index group_attendees_by_patient on group_attendees (patient_id);

create index sync_ops_groups on sync_ops (ward_id, seq) where entity = 'group_session';

create trigger group_sessions_cannot_change before update on group_sessions
begin select raise(abort, 'a saved group session is never changed'); end;
create trigger group_sessions_cannot_be_removed before delete on group_sessions
begin select raise(abort, 'a saved group session is never changed'); end;
create trigger group_facilitators_cannot_change before update on group_facilitators
begin select raise(abort, 'a saved group session is never changed'); end;
create trigger group_facilitators_cannot_be_removed before delete on group_facilitators
begin select raise(abort, 'a saved group session is never changed'); end;
create trigger group_attendees_cannot_change before update on group_attendees
begin select raise(abort, 'a saved group session is never changed'); end;
create trigger group_attendees_cannot_be_removed before delete on group_attendees
begin select raise(abort, 'a saved group session is never changed'); end;
