-- A member of staff deployed to another ward for one shift: access that
-- starts and ends by itself.
create table staff_deployments (
    id text primary key,
    staff_id text not null references staff (id),
    ward_id text not null references wards (id),
    starts_at text not null,
    ends_at text not null,
    created_by text not null references staff (id),
    created_at text not null
);
create index staff_deployments_by_staff on staff_deployments (staff_id);
