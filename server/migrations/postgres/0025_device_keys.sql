-- The key each person's session on a device is handed to open what the
-- app keeps there (the phone's data key is stored wrapped under it; see
-- app/src/sync/vault.rs). One per person and device, made the first time it
-- is asked for; a device reported lost loses its keys, so what it keeps
-- opens then only with its PIN, on the device, before it wipes itself.
create table device_keys (
    device_id text not null,
    staff_id text not null references staff (id),
    key text not null,
    created_at timestamptz not null,
    primary key (device_id, staff_id)
);
