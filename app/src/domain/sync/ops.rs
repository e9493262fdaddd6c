//! The operations devices send to `POST /api/sync`, checked one by one: a
//! bad op is rejected with a reason in plain English and never stops the
//! rest of its batch.

use super::hlc::{is_uuid, Hlc};
use super::kind::RecordKind;
use crate::domain::concern::{check_concern, check_concern_ack, NewConcern, NewConcernAck};
use crate::domain::contact::{check_details, needs_note, ContactDetails, ContactType};
use crate::domain::follow_up::{check_follow_up, check_follow_up_done, NewFollowUp, NewFollowUpDone};
use crate::domain::group::{check_group_session, NewGroupSession};
use crate::domain::plan::{check_plan, PlanWrite, ENTITIES as PLAN_ENTITIES};
use crate::domain::shift::{
    check_report_received, check_shift, check_shift_end, NewShift, ReportReceived, ShiftEnd,
};
use crate::domain::work_log::{check_work_log, NewWorkLog};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// At most this many ops in one request.
pub const MAX_OPS: usize = 500;
/// At most this many bytes in one request.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The longest note, in characters.
pub const NOTE_MAX: usize = 20_000;
/// The longest reason or addendum, in characters.
pub const ADDENDUM_MAX: usize = 20_000;
/// The longest bed name (`Bay 2, bed 14`), in characters.
pub const BED_MAX: usize = 40;

/// A request as sent: each op is kept as JSON until it is checked, so that
/// one malformed op is rejected alone.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    pub device_id: String,
    #[serde(default)]
    pub cursor: Option<String>,
    pub ops: Vec<Value>,
}

/// An op's envelope, exactly as it is stored and sent back in `changes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Op {
    pub id: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub hlc: String,
    pub payload: Value,
}

/// A peer support contact (a `session`), never changed once saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    pub patient_id: String,
    pub session_type: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub duration_min: u32,
    /// Empty only for a kind of contact that may go without one.
    pub note: String,
    pub details: ContactDetails,
}

/// A correction or addition under a saved session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAddendum {
    pub session_id: String,
    pub reason: String,
    pub text: String,
}

/// A new value for one of a patient's mutable fields; last writer wins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatientFieldChange {
    pub patient_id: String,
    /// The field's name as stored: `bed` for now.
    pub field: &'static str,
    pub value: String,
}

/// What a checked op writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Write {
    Session(NewSession),
    Addendum(NewAddendum),
    PatientField(PatientFieldChange),
    Concern(NewConcern),
    ConcernAck(NewConcernAck),
    FollowUp(NewFollowUp),
    FollowUpDone(NewFollowUpDone),
    GroupSession(NewGroupSession),
    /// Any part of a patient's recovery plan.
    Plan(PlanWrite),
    /// A PSW checks in to a ward, with the report for the nurse in charge.
    Shift(NewShift),
    /// They check out, with the report for the nurse in charge.
    ShiftEnd(ShiftEnd),
    /// The nurse in charge has read a shift report.
    ReportReceived(ReportReceived),
    /// Supervision, training, a meeting or travel, for the weekly return.
    WorkLog(NewWorkLog),
}

impl Write {
    /// The record this op writes, as a kind.
    pub fn kind(&self) -> &dyn RecordKind {
        match self {
            Write::Session(r) => r,
            Write::Addendum(r) => r,
            Write::PatientField(r) => r,
            Write::Concern(r) => r,
            Write::ConcernAck(r) => r,
            Write::FollowUp(r) => r,
            Write::FollowUpDone(r) => r,
            Write::GroupSession(r) => r,
            Write::Plan(r) => r,
            Write::Shift(r) => r,
            Write::ShiftEnd(r) => r,
            Write::ReportReceived(r) => r,
            Write::WorkLog(r) => r,
        }
    }
}

/// A checked op.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedOp {
    pub op: Op,
    pub hlc: Hlc,
    pub write: Write,
}

/// Why an op was refused; `id` is the op's id as far as it could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub id: String,
    pub reason: String,
}

fn text<'a>(payload: &'a Value, field: &str) -> Option<&'a str> {
    payload.get(field).and_then(Value::as_str)
}

fn check_session(payload: &Value, written_ms: i64) -> Result<NewSession, String> {
    let patient_id = text(payload, "patient_id").filter(|p| !p.trim().is_empty());
    let patient_id = patient_id.ok_or("A session needs the id of the patient it is about (patient_id).")?;
    let session_type = text(payload, "session_type").ok_or("A session needs its type (session_type).")?;
    let contact_type = ContactType::parse(session_type).ok_or_else(|| {
        format!("The session type '{session_type}' is not one Alongside records (one_to_one, ward_activity, other…).")
    })?;
    let started_at = text(payload, "started_at")
        .and_then(crate::domain::instant::parse_rfc3339)
        .ok_or("The start time (started_at) must be a date and time such as 2026-11-25T14:30:00Z.")?;
    let duration_min = payload
        .get("duration_min")
        .and_then(Value::as_u64)
        .filter(|d| (1..=480).contains(d))
        .ok_or("A session lasts between 1 and 480 minutes (duration_min).")?;
    let note = match payload.get("note") {
        None | Some(Value::Null) => "",
        Some(Value::String(note)) => note.as_str(),
        Some(_) => return Err("A note must be text (note).".into()),
    };
    if note.trim().is_empty() && needs_note(contact_type) {
        return Err("A one to one session needs a note, even a short one (note).".into());
    }
    let chars = note.chars().count();
    if chars > NOTE_MAX {
        return Err(format!("A note is at most 20,000 characters; this one has {chars}. Split it over two sessions or shorten it."));
    }
    let details = check_details(payload, started_at.timestamp_millis(), written_ms)?;
    Ok(NewSession {
        patient_id: patient_id.to_owned(),
        session_type: contact_type.as_str().to_owned(),
        started_at,
        duration_min: duration_min as u32,
        note: if note.trim().is_empty() { String::new() } else { note.to_owned() },
        details,
    })
}

fn check_addendum(payload: &Value) -> Result<NewAddendum, String> {
    let session_id = text(payload, "session_id").filter(|s| is_uuid(s));
    let session_id = session_id.ok_or("An addendum needs the id of the session it adds to (session_id).")?;
    let reason = text(payload, "reason").map(str::trim).filter(|r| !r.is_empty());
    let reason =
        reason.ok_or("An addendum needs a reason, so that readers know why it was added (reason).")?;
    let body = text(payload, "text").map(str::trim).filter(|t| !t.is_empty());
    let body = body.ok_or("An addendum needs its text (text).")?;
    if reason.chars().count() > ADDENDUM_MAX || body.chars().count() > ADDENDUM_MAX {
        return Err("An addendum's reason and text are at most 20,000 characters each.".into());
    }
    Ok(NewAddendum { session_id: session_id.to_owned(), reason: reason.to_owned(), text: body.to_owned() })
}

/// A patient's id as the server gave it out: letters, digits and `-`.
fn is_record_id(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn check_patient_update(patient_id: &str, payload: &Value) -> Result<PatientFieldChange, String> {
    let fields = payload.as_object().map(|o| o.len()).unwrap_or_default();
    let bed = text(payload, "bed")
        .filter(|_| fields == 1)
        .ok_or("A change to a patient sets one field; from a device that is their bed, as text (bed).")?;
    let bed = bed.trim();
    if bed.chars().count() > BED_MAX {
        return Err(format!("A bed is at most {BED_MAX} characters, such as 'Bay 2, bed 14'."));
    }
    Ok(PatientFieldChange { patient_id: patient_id.to_owned(), field: "bed", value: bed.to_owned() })
}

/// Whether any text in `value`, a field's name or its value, holds U+0000.
fn holds_nul(value: &Value) -> bool {
    match value {
        Value::String(text) => text.contains('\0'),
        Value::Array(items) => items.iter().any(holds_nul),
        Value::Object(fields) => fields.iter().any(|(name, v)| name.contains('\0') || holds_nul(v)),
        _ => false,
    }
}

/// Checks one op as sent, against the server's clock.
pub fn check_op(value: &Value, server_now_ms: u64) -> Result<CheckedOp, Rejection> {
    let id = value.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
    let reject = |reason: String| Rejection { id: id.clone(), reason };
    let op: Op = serde_json::from_value(value.clone()).map_err(|_| {
        reject("A change needs id, entity, entity_id, action and hlc as text, and a payload object.".into())
    })?;
    // A patient is made on the server, under an id it gave out; every
    // other record is made on a device, under a UUID.
    let entity_id_ok =
        if op.entity == "patient" { is_record_id(&op.entity_id) } else { is_uuid(&op.entity_id) };
    if !is_uuid(&op.id) || !entity_id_ok {
        return Err(reject(
            "A change's id must be a UUID made on the device, and its entity_id the record's id.".into(),
        ));
    }
    if !op.payload.is_object() {
        return Err(reject("A change's payload must be an object.".into()));
    }
    // PostgreSQL cannot store it (SQLite can): refused the same on both,
    // with a reason, rather than a 503 the phone would retry for ever.
    if holds_nul(&op.payload) {
        return Err(reject(
            "The text holds an invisible character (U+0000) that cannot be stored. Remove it (retype the last words pasted) and save again.".into(),
        ));
    }
    let hlc = Hlc::parse(&op.hlc).map_err(|e| reject(e.to_string()))?;
    hlc.check_not_ahead(server_now_ms).map_err(|e| reject(e.to_string()))?;
    let write = match (op.entity.as_str(), op.action.as_str()) {
        ("session", "create") => {
            let written_ms = i64::try_from(hlc.ms).unwrap_or(i64::MAX);
            Write::Session(check_session(&op.payload, written_ms).map_err(reject)?)
        }
        ("group_session", "create") => {
            let written_ms = i64::try_from(hlc.ms).unwrap_or(i64::MAX);
            Write::GroupSession(check_group_session(&op.payload, written_ms).map_err(reject)?)
        }
        ("shift", "create") => {
            let written_ms = i64::try_from(hlc.ms).unwrap_or(i64::MAX);
            Write::Shift(check_shift(&op.payload, written_ms).map_err(reject)?)
        }
        ("shift_end", "create") => {
            let written_ms = i64::try_from(hlc.ms).unwrap_or(i64::MAX);
            Write::ShiftEnd(check_shift_end(&op.payload, written_ms).map_err(reject)?)
        }
        ("shift_report_received", "create") => {
            Write::ReportReceived(check_report_received(&op.payload).map_err(reject)?)
        }
        ("work_log", "create") => {
            let written_ms = i64::try_from(hlc.ms).unwrap_or(i64::MAX);
            Write::WorkLog(check_work_log(&op.payload, written_ms).map_err(reject)?)
        }
        ("work_log", other) => {
            return Err(reject(format!(
                "A saved log is never changed ('{other}'); say what was wrong in your weekly return's notes."
            )))
        }
        ("shift" | "shift_end" | "shift_report_received", other) => {
            return Err(reject(format!(
                "A saved shift, check-out or receipt is never changed ('{other}'); check out to end a shift."
            )))
        }
        ("addendum", "create") => Write::Addendum(check_addendum(&op.payload).map_err(reject)?),
        ("concern", "create") => Write::Concern(check_concern(&op.payload).map_err(reject)?),
        ("concern_ack", "create") => Write::ConcernAck(check_concern_ack(&op.payload).map_err(reject)?),
        ("follow_up", "create") => Write::FollowUp(check_follow_up(&op.payload).map_err(reject)?),
        ("follow_up_done", "create") => Write::FollowUpDone(check_follow_up_done(&op.payload).map_err(reject)?),
        ("patient", "update") => Write::PatientField(check_patient_update(&op.entity_id, &op.payload).map_err(reject)?),
        ("patient", other) => {
            return Err(reject(format!(
                "A patient's ward and admission are changed on the server, not from a device ('{other}'); a device may update their bed."
            )))
        }
        ("concern" | "concern_ack", other) => {
            return Err(reject(format!(
                "A saved concern or acknowledgement is never changed ('{other}'): raise a new concern with what has changed."
            )))
        }
        ("follow_up" | "follow_up_done", other) => {
            return Err(reject(format!(
                "A saved follow-up is never changed ('{other}'): mark it done, or add another."
            )))
        }
        ("group_session", other) => {
            return Err(reject(format!(
                "A saved group is never changed ('{other}'): record anything more as a contact with the person it is about."
            )))
        }
        ("session" | "addendum", other) => {
            return Err(reject(format!(
                "A saved {} is never changed ('{other}'): add an addendum with a reason instead.",
                op.entity
            )))
        }
        (entity, action) if PLAN_ENTITIES.contains(&entity) => {
            Write::Plan(check_plan(entity, action, &op.entity_id, &op.payload).map_err(reject)?)
        }
        (other, _) => return Err(reject(format!("Alongside does not know the kind of record '{other}'."))),
    };
    Ok(CheckedOp { op, hlc, write })
}

/// Whether `body`, an op as it is stored now, is the change already stored
/// as `earlier`: the same text, or the same once `earlier` (stored before
/// the server dropped the fields a kind does not define) is trimmed alike.
pub fn same_change(earlier: &str, body: &str) -> bool {
    if earlier == body {
        return true;
    }
    let Ok(op) = serde_json::from_str::<Op>(earlier) else { return false };
    let op = Op { payload: super::fields::keep_defined(&op.entity, &op.payload), ..op };
    serde_json::to_string(&op).is_ok_and(|trimmed| trimmed == body)
}
