-- Shifts are about a ward and a member of staff, not a patient, so the
-- operation log's patient becomes optional.
--
-- SQLite cannot relax NOT NULL with ALTER TABLE, and sqlx runs each SQLite
-- migration inside a transaction, where foreign keys cannot be switched off
-- for the twelve-step rebuild. For removing a NOT NULL constraint, which
-- leaves every stored row as it is, SQLite documents editing the stored
-- schema instead (https://www.sqlite.org/lang_altertable.html#otheralter).
-- The index below changes the schema again, so every other connection reads
-- the new definition; the API tests store ops without a patient through it.
pragma writable_schema = on;
update sqlite_master
   set sql = replace(sql, 'patient_id text not null references patients (id)',
                          'patient_id text references patients (id)')
 where type = 'table' and name = 'sync_ops';
pragma writable_schema = off;
create index sync_ops_of_wards on sync_ops (ward_id, seq) where patient_id is null;
