-- A session's patient, ward and author are checked once, on its op.
--
-- The op writer stores each session in the same transaction as its op, with
-- the op's own patient, ward and author, and nothing else writes sessions.
-- The op's row in sync_ops checks those three against patients, wards and
-- staff, and the session's op_id ties it to that row. Checking them a second
-- time on the session cost PostgreSQL three more lookups per note: under the
-- sync benchmark (100 devices, 50-op batches, 10,000 ops/s offered) about a
-- tenth of its CPU, and at 14,000 ops/s offered the difference between
-- keeping up (p50 14-18 ms) and falling behind (12,700-12,800 ops/s, p50
-- 360 ms), back to back on the 2-core machine.
--
-- Nothing becomes removable that was not: a patient, ward or staff member
-- with a session still has the session's op referring to them, and sessions
-- stay append-only (sessions_append_only). SQLite keeps these checks: in
-- process they cost little, and it has no way to drop one without copying
-- the table.
alter table sessions
    drop constraint sessions_patient_id_fkey,
    drop constraint sessions_ward_id_fkey,
    drop constraint sessions_author_id_fkey;
