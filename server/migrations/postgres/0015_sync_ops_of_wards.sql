-- Shifts are about a ward and a member of staff, not a patient, so the
-- operation log's patient becomes optional.
alter table sync_ops alter column patient_id drop not null;
create index sync_ops_of_wards on sync_ops (ward_id, seq) where patient_id is null;
