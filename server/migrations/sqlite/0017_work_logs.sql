-- The rest of a PSW's working week (supervision, training, meetings,
-- travel) for the weekly return. Made through sync, filed under the ward
-- the PSW worked on, and never changed.
create table work_logs (
    id text primary key,
    op_id text not null references sync_ops (id),
    author_id text not null references staff (id),
    ward_id text not null references wards (id),
    kind text not null,
    on_day text not null,
    minutes integer not null check (minutes between 1 and 720),
    with_whom text not null,
    hlc text not null
);
create index work_logs_by_author on work_logs (author_id, on_day);

create trigger work_logs_cannot_change before update on work_logs
begin select raise(abort, 'a work log is never changed'); end;
create trigger work_logs_cannot_be_removed before delete on work_logs
begin select raise(abort, 'a work log is never changed'); end;
