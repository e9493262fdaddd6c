-- Which wards each member of staff had, and when: an op written offline is
-- judged by the wards its author had when it was written (within the 14-day
-- window), not by today's. staff_wards stays the list of wards held now;
-- this keeps every change to it. Wards held before this migration count as
-- held from the start (when they were given is not known).
create table staff_ward_history (
    staff_id text not null references staff (id),
    ward_id text not null references wards (id),
    from_at text not null,
    until_at text
);
create index staff_ward_history_by_staff on staff_ward_history (staff_id);
insert into staff_ward_history (staff_id, ward_id, from_at, until_at)
    select staff_id, ward_id, '1970-01-01T00:00:00Z', null from staff_wards;
