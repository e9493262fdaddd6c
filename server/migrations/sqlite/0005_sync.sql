-- The operation log of /api/sync and the records it writes. Append-only:
-- a saved session is never changed, only added to by addenda.
create table sync_ops (
    seq integer primary key autoincrement,
    id text not null unique,
    device_id text not null,
    author_id text not null references staff (id),
    entity text not null,
    entity_id text not null,
    action text not null,
    hlc text not null,
    -- The op as sent, in one canonical form: a replay matches it exactly.
    body text not null,
    patient_id text not null references patients (id),
    ward_id text not null references wards (id),
    received_at text not null
);
create index sync_ops_by_patient on sync_ops (patient_id, seq);

create table sessions (
    id text primary key,
    op_id text not null references sync_ops (id),
    patient_id text not null references patients (id),
    ward_id text not null references wards (id),
    author_id text not null references staff (id),
    session_type text not null,
    started_at text not null,
    duration_min integer not null,
    note text not null,
    hlc text not null
);
create index sessions_by_patient on sessions (patient_id);

create table addenda (
    id text primary key,
    op_id text not null references sync_ops (id),
    session_id text not null references sessions (id),
    author_id text not null references staff (id),
    reason text not null,
    text text not null,
    hlc text not null
);
create index addenda_by_session on addenda (session_id);

create trigger sync_ops_cannot_change before update on sync_ops
begin select raise(abort, 'the operation log cannot be changed'); end;
create trigger sync_ops_cannot_be_removed before delete on sync_ops
begin select raise(abort, 'the operation log cannot be changed'); end;
create trigger sessions_cannot_change before update on sessions
begin select raise(abort, 'a saved session is never changed: add an addendum'); end;
create trigger sessions_cannot_be_removed before delete on sessions
begin select raise(abort, 'a saved session is never changed: add an addendum'); end;
create trigger addenda_cannot_change before update on addenda
begin select raise(abort, 'an addendum is never changed'); end;
create trigger addenda_cannot_be_removed before delete on addenda
begin select raise(abort, 'an addendum is never changed'); end;
