-- The devices the app has been used on (each browser keeps its own id, the
-- sync contract's device_id, and names it with a cookie), and the ones a
-- manager or an administrator reported lost. A session knows its device, so
-- that reporting the device lost ends it; a lost device that reaches the
-- server again is told to wipe itself (wiped_at: when it was first told).
create table devices (
    id text primary key,
    staff_id text not null references staff (id),
    kind text not null,
    first_seen_at timestamptz not null,
    last_seen_at timestamptz not null,
    lost_at timestamptz,
    lost_by text references staff (id),
    wiped_at timestamptz
);
create index devices_by_staff on devices (staff_id);
alter table login_sessions add column device_id text;
create index login_sessions_by_device on login_sessions (device_id);
