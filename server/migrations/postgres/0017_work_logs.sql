-- The rest of a PSW's working week (supervision, training, meetings,
-- travel) for the weekly return. Made through sync, filed under the ward
-- the PSW worked on, and never changed.
create table work_logs (
    id text primary key,
    op_id text not null references sync_ops (id),
    author_id text not null references staff (id),
    ward_id text not null references wards (id),
    kind text not null,
    on_day date not null,
    minutes integer not null check (minutes between 1 and 720),
    with_whom text not null,
    hlc text not null
);
create index work_logs_by_author on work_logs (author_id, on_day);

create trigger work_logs_append_only before update or delete on work_logs
for each row execute function append_only();
