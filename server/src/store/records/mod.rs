//! How each kind of record is stored, one module a kind, written once for
//! both engines over [`Statements`]. [`store_records`] is the list of kinds:
//! a kind added to `app::domain::sync::Write` does not compile until it has
//! a place in [`Made`], and a place not stored is an unused variable, which
//! the build refuses.

mod addendum;
mod concern;
mod concern_ack;
mod follow_up;
mod follow_up_done;
mod group_session;
mod patient_field;
mod plan;
mod report_received;
mod session;
mod shift;
mod shift_end;
mod work_log;

use super::op_writer::{Bind, Statements};
use super::{AcceptedOp, WritePlace};
use app::domain::sync::{Op, Write};
use chrono::{DateTime, Utc};

/// Where each kind's saved records are found by id (`{list}` their
/// placeholders), so that a record is never made twice under one id.
pub(crate) const SAVED_RECORD_IDS: &[&str] = &[
    "select id from sessions where id in ({list})",
    "select id from addenda where id in ({list})",
    "select id from concerns where id in ({list})",
    "select id from concern_acks where id in ({list})",
    "select id from follow_ups where id in ({list})",
    "select id from follow_up_dones where id in ({list})",
    "select id from group_sessions where id in ({list})",
    "select entity_id from plan_entries where action = 'create' and entity_id in ({list})",
    "select id from shifts where id in ({list})",
    "select id from shift_ends where id in ({list})",
    "select id from shift_report_receipts where id in ({list})",
    "select id from work_logs where id in ({list})",
];

/// A record to store: what it holds, the op that makes it, who wrote it
/// and where it lands.
pub(crate) struct New<'a, R> {
    pub record: &'a R,
    pub op: &'a Op,
    pub author_id: &'a str,
    pub place: &'a WritePlace,
    /// When the server took it.
    pub now: DateTime<Utc>,
}

impl<'a, R> New<'a, R> {
    fn of(record: &'a R, (accepted, author_id, now): (&'a AcceptedOp, &'a str, DateTime<Utc>)) -> Self {
        New { record, op: &accepted.checked.op, author_id, place: &accepted.place, now }
    }

    /// The record's id and its op's, which every record row begins with.
    fn ids(&self) -> [Bind<'a>; 2] {
        [Bind::Text(&self.op.entity_id), Bind::Text(&self.op.id)]
    }

    /// `id, op_id, patient_id, ward_id, author_id`: a record about a patient.
    fn about_patient(&self) -> Vec<Bind<'a>> {
        let [id, op_id] = self.ids();
        vec![id, op_id, (&self.place.patient_id).into(), (&self.place.ward_id).into(), self.author_id.into()]
    }

    /// `id, op_id, author_id, ward_id` and `rest`: a record of a ward's.
    fn on_ward<const N: usize>(&self, rest: [Bind<'a>; N]) -> Vec<Bind<'a>> {
        let [id, op_id] = self.ids();
        let mut row = vec![id, op_id, self.author_id.into(), (&self.place.ward_id).into()];
        row.extend(rest);
        row
    }

    /// `id, op_id, <parent>, author_id`, `rest` and `hlc`: a record under
    /// another (an addendum under its session, say).
    fn under<const N: usize>(&self, parent: &'a str, rest: [Bind<'a>; N]) -> Vec<Bind<'a>> {
        let [id, op_id] = self.ids();
        let mut row = vec![id, op_id, parent.into(), self.author_id.into()];
        row.extend(rest);
        row.push((&self.op.hlc).into());
        row
    }
}

/// A kind stored as one row of its table a record.
trait Rows: Sized {
    /// `insert into <table> (<columns>) `.
    const INSERT: &'static str;

    /// The values of a record's row, in the order of [`Rows::INSERT`]'s columns.
    fn row<'a>(new: &'a New<'_, Self>) -> Vec<Bind<'a>>;
}

/// Every record of `new` in one multi-row insert (or a few, when many).
async fn insert_rows<R: Rows>(tx: &mut impl Statements, new: &[New<'_, R>]) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<Bind>> = new.iter().map(R::row).collect();
    tx.insert(R::INSERT, &rows).await
}

/// The new records of a group, by kind.
#[derive(Default)]
struct Made<'a> {
    sessions: Vec<New<'a, app::domain::sync::NewSession>>,
    addenda: Vec<New<'a, app::domain::sync::NewAddendum>>,
    patient_fields: Vec<New<'a, app::domain::sync::PatientFieldChange>>,
    concerns: Vec<New<'a, app::domain::concern::NewConcern>>,
    concern_acks: Vec<New<'a, app::domain::concern::NewConcernAck>>,
    follow_ups: Vec<New<'a, app::domain::follow_up::NewFollowUp>>,
    follow_up_dones: Vec<New<'a, app::domain::follow_up::NewFollowUpDone>>,
    group_sessions: Vec<New<'a, app::domain::group::NewGroupSession>>,
    plan: Vec<New<'a, app::domain::plan::PlanWrite>>,
    shifts: Vec<New<'a, app::domain::shift::NewShift>>,
    shift_ends: Vec<New<'a, app::domain::shift::ShiftEnd>>,
    reports_received: Vec<New<'a, app::domain::shift::ReportReceived>>,
    work_logs: Vec<New<'a, app::domain::work_log::NewWorkLog>>,
}

/// Stores the records that `new` (ops just added to the log, each with its
/// author, in the order sent) make: a kind at a time, one multi-row insert
/// each, every record after those it names (an addendum after sessions, an
/// acknowledgement after concerns, a check-out after check-ins).
pub(crate) async fn store_records(
    tx: &mut impl Statements,
    new: &[(&str, &AcceptedOp)],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let mut made = Made::default();
    for (author_id, accepted) in new {
        let by = (*accepted, *author_id, now);
        match &accepted.checked.write {
            Write::Session(r) => made.sessions.push(New::of(r, by)),
            Write::Addendum(r) => made.addenda.push(New::of(r, by)),
            Write::PatientField(r) => made.patient_fields.push(New::of(r, by)),
            Write::Concern(r) => made.concerns.push(New::of(r, by)),
            Write::ConcernAck(r) => made.concern_acks.push(New::of(r, by)),
            Write::FollowUp(r) => made.follow_ups.push(New::of(r, by)),
            Write::FollowUpDone(r) => made.follow_up_dones.push(New::of(r, by)),
            Write::GroupSession(r) => made.group_sessions.push(New::of(r, by)),
            Write::Plan(r) => made.plan.push(New::of(r, by)),
            Write::Shift(r) => made.shifts.push(New::of(r, by)),
            Write::ShiftEnd(r) => made.shift_ends.push(New::of(r, by)),
            Write::ReportReceived(r) => made.reports_received.push(New::of(r, by)),
            Write::WorkLog(r) => made.work_logs.push(New::of(r, by)),
        }
    }
    let Made {
        sessions,
        addenda,
        patient_fields,
        concerns,
        concern_acks,
        follow_ups,
        follow_up_dones,
        group_sessions,
        plan,
        shifts,
        shift_ends,
        reports_received,
        work_logs,
    } = made;
    insert_rows(tx, &sessions).await?;
    insert_rows(tx, &addenda).await?;
    insert_rows(tx, &concerns).await?;
    insert_rows(tx, &concern_acks).await?;
    insert_rows(tx, &follow_ups).await?;
    insert_rows(tx, &follow_up_dones).await?;
    group_session::store(tx, &group_sessions).await?;
    insert_rows(tx, &plan).await?;
    insert_rows(tx, &shifts).await?;
    insert_rows(tx, &shift_ends).await?;
    insert_rows(tx, &reports_received).await?;
    insert_rows(tx, &work_logs).await?;
    patient_field::store(tx, &patient_fields).await
}
