-- Nothing to change on SQLite: PostgreSQL stops checking a session's
-- patient, ward and author a second time (they are checked on its op; see
-- the PostgreSQL migration of the same number). In process those checks
-- cost little, and SQLite could only drop them by copying the table.
select 1;
