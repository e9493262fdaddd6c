-- Where a patient has been. A note written offline about a patient who has
-- since moved ward is judged by the ward they were on when it was written
-- (the op's hybrid logical clock), and reaches the new ward's staff like
-- every other record of the patient. History: never changed.
create table patient_moves (
    id text primary key,
    patient_id text not null references patients (id),
    from_ward_id text not null references wards (id),
    to_ward_id text not null references wards (id),
    moved_at text not null,
    moved_by text not null references staff (id)
);
create index patient_moves_by_patient on patient_moves (patient_id);

create trigger patient_moves_cannot_change before update on patient_moves
begin select raise(abort, 'a ward move is history and is never changed'); end;
create trigger patient_moves_cannot_be_removed before delete on patient_moves
begin select raise(abort, 'a ward move is history and is never changed'); end;

-- Every value a patient's mutable field (their bed) was set to, by sync ops:
-- the current one is the latest by clock stamp (last writer wins, the device
-- id breaking ties); the others stay readable here.
create table patient_field_values (
    op_id text primary key references sync_ops (id),
    patient_id text not null references patients (id),
    field text not null,
    value text not null,
    hlc text not null,
    author_id text not null references staff (id)
);
create index patient_field_values_by_patient on patient_field_values (patient_id, field);
create trigger patient_field_values_cannot_change before update on patient_field_values
begin select raise(abort, 'a field value is history and is never changed'); end;
create trigger patient_field_values_cannot_be_removed before delete on patient_field_values
begin select raise(abort, 'a field value is history and is never changed'); end;

-- The stamp of the value `bed` holds now ('' for the bed on admission), and
-- that first bed once it has been replaced.
alter table patients add column bed_hlc text not null default '';
alter table patients add column bed_on_admission text;
