-- Sites, wards, staff and their wards, patients, and signed-in sessions.
create table sites (
    id text primary key,
    name text not null unique
);

create table wards (
    id text primary key,
    site_id text not null references sites (id),
    name text not null,
    usual_place text not null default '',
    unique (site_id, name)
);

create table staff (
    id text primary key,
    username text not null unique,
    display_name text not null,
    role text not null check (role in ('peer_support_worker', 'nurse_in_charge', 'manager', 'admin')),
    password_hash text not null,
    active integer not null default 1,
    created_at text not null
);

create table staff_wards (
    staff_id text not null references staff (id),
    ward_id text not null references wards (id),
    primary key (staff_id, ward_id)
);
create index staff_wards_by_ward on staff_wards (ward_id);

create table patients (
    id text primary key,
    local_id text not null unique,
    preferred_name text not null,
    ward_id text not null references wards (id),
    bed text not null default '',
    admitted_on text not null,
    discharged_on text,
    consent_to_peer_support integer not null default 0
);
create index patients_by_ward on patients (ward_id);

-- A signed-in browser. Only a hash of the cookie's token is kept, so a copy of
-- the database cannot be used to sign in.
create table login_sessions (
    token_hash text primary key,
    staff_id text not null references staff (id),
    created_at text not null,
    last_seen_at text not null,
    expires_at text not null
);
create index login_sessions_by_staff on login_sessions (staff_id);
