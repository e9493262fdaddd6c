-- Shifts: a check-in (with the report for the nurse in charge), its
-- check-out (by the PSW, or by the server at the set hour), and the nurse's
-- receipt of each report. Made through sync and never changed.
create table shifts (
    id text primary key,
    op_id text not null references sync_ops (id),
    author_id text not null references staff (id),
    ward_id text not null references wards (id),
    started_at text not null,
    plan text not null,
    for_nurse text not null,
    hlc text not null
);
create index shifts_by_author on shifts (author_id, started_at);
create index shifts_by_ward on shifts (ward_id, started_at);

create table shift_ends (
    id text primary key,
    op_id text not null references sync_ops (id),
    shift_id text not null unique references shifts (id),
    ended_at text not null,
    what_happened text not null,
    for_nurse text not null,
    closed_automatically integer not null default 0,
    hlc text not null
);

create table shift_report_receipts (
    id text primary key,
    op_id text not null references sync_ops (id),
    report_id text not null unique,
    nurse_id text not null references staff (id),
    hlc text not null
);

create trigger shifts_cannot_change before update on shifts
begin select raise(abort, 'a shift is never changed: check out of it'); end;
create trigger shifts_cannot_be_removed before delete on shifts
begin select raise(abort, 'a shift is never changed: check out of it'); end;
create trigger shift_ends_cannot_change before update on shift_ends
begin select raise(abort, 'a check-out is never changed'); end;
create trigger shift_ends_cannot_be_removed before delete on shift_ends
begin select raise(abort, 'a check-out is never changed'); end;
create trigger shift_report_receipts_cannot_change before update on shift_report_receipts
begin select raise(abort, 'a receipt is never changed'); end;
create trigger shift_report_receipts_cannot_be_removed before delete on shift_report_receipts
begin select raise(abort, 'a receipt is never changed'); end;
