-- A patient's recovery plan: goals, steps, check-ins, statuses, strengths,
-- the wellness plan and what they want to say at their meeting. Each row is
-- one accepted plan op, never changed: an edit is a new row, and the plan
-- as it reads now is folded from the rows in clock order, so every earlier
-- version stays readable.
create table plan_entries (
    op_id text primary key references sync_ops (id),
    entity text not null,
    entity_id text not null,
    action text not null,
    patient_id text not null references patients (id),
    ward_id text not null references wards (id),
    -- The goal it belongs to (a goal's own id for a goal), if any.
    goal_id text,
    author_id text not null references staff (id),
    hlc text not null,
    payload text not null
);
create index plan_entries_by_patient on plan_entries (patient_id, hlc);
create index plan_entries_by_goal on plan_entries (goal_id) where goal_id is not null;
-- A record is made once; later rows about it are changes.
create unique index plan_entries_made_once on plan_entries (entity_id) where action = 'create';

create trigger plan_entries_cannot_change before update on plan_entries
begin select raise(abort, 'a plan entry is never changed: write a new version instead'); end;
create trigger plan_entries_cannot_be_removed before delete on plan_entries
begin select raise(abort, 'a plan entry is never changed: write a new version instead'); end;
