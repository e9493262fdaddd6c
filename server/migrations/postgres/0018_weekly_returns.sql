-- Weekly returns as handed in: version 1 is the submission, each later
-- version an amendment with its reason. The figures are frozen as they
-- were computed then (JSON); nothing is ever changed or removed.
create table weekly_returns (
    id text primary key,
    staff_id text not null references staff (id),
    week_start date not null,
    version integer not null check (version >= 1),
    figures text not null,
    notes text not null,
    reason text not null,
    submitted_at timestamptz not null,
    unique (staff_id, week_start, version)
);
create index weekly_returns_by_week on weekly_returns (week_start);

create trigger weekly_returns_append_only before update or delete on weekly_returns
for each row execute function append_only();
