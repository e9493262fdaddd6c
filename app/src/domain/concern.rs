//! Risk and safeguarding concerns. Anyone who works with a patient raises
//! one in their own words; it goes to the nurse in charge of the patient's
//! ward, who acknowledges it; one nobody has acknowledged in time is flagged
//! to the ward's manager. A concern, like a session, is never changed: an
//! acknowledgement is a record of its own under it.

use super::contact::vocabulary;
use super::timeline::RecordState;
use crate::domain::access::Action;
use crate::domain::sync::hlc::is_uuid;
use crate::domain::sync::kind::{Lands, Parent, RecordKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

vocabulary! {
    /// What the concern is about.
    ConcernCategory {
        RiskToSelf = "risk_to_self" => "Risk to self",
        RiskToOthers = "risk_to_others" => "Risk to others",
        Safeguarding = "safeguarding" => "Safeguarding",
        PhysicalHealth = "physical_health" => "Physical health",
        Other = "other" => "Something else",
    }
}

/// The longest account of what happened, what was done or a response.
pub const CONCERN_TEXT_MAX: usize = 5_000;
/// The longest name of the clinician told in person.
pub const TOLD_MAX: usize = 200;
/// Minutes a concern may wait for the nurse before the manager is told.
pub const DEFAULT_ESCALATE_AFTER_MIN: u32 = 15;

/// A concern as raised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewConcern {
    pub patient_id: String,
    pub category: ConcernCategory,
    /// What was seen or said, in the worker's words.
    pub what_happened: String,
    /// What was done there and then.
    pub done_now: String,
    /// Which clinician was told in person; empty when nobody was yet.
    pub told: String,
    /// The contact it was raised from, if any.
    pub session_id: Option<String>,
}

/// The nurse in charge has seen a concern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewConcernAck {
    pub concern_id: String,
    /// What they are doing about it; may be empty.
    pub response: String,
}

fn text<'a>(payload: &'a Value, field: &str) -> Result<&'a str, String> {
    match payload.get(field) {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(text)) => Ok(text.trim()),
        Some(_) => Err(format!("The {field} of a concern must be text.")),
    }
}

fn within(value: &str, max: usize, what: &str) -> Result<String, String> {
    let chars = value.chars().count();
    if chars > max {
        return Err(format!("{what} is at most {max} characters; this has {chars}."));
    }
    Ok(value.to_owned())
}

/// Checks a `concern` op's payload.
pub fn check_concern(payload: &Value) -> Result<NewConcern, String> {
    let patient_id = text(payload, "patient_id")?;
    if patient_id.is_empty() {
        return Err("A concern needs the id of the patient it is about (patient_id).".into());
    }
    let category = text(payload, "category")?;
    let category = ConcernCategory::parse(category).ok_or(
        "Choose what the concern is about (category): risk_to_self, risk_to_others, safeguarding, physical_health or other.",
    )?;
    let what_happened = text(payload, "what_happened")?;
    if what_happened.is_empty() {
        return Err("Say what you saw or heard, in your own words (what_happened).".into());
    }
    let done_now = text(payload, "done_now")?;
    if done_now.is_empty() {
        return Err(
            "Say what was done straight away, even if it was only to stay with them (done_now).".into()
        );
    }
    let session_id = match text(payload, "session_id")? {
        "" => None,
        id if is_uuid(id) => Some(id.to_owned()),
        _ => return Err("The contact a concern comes from is named by its id (session_id).".into()),
    };
    Ok(NewConcern {
        patient_id: patient_id.to_owned(),
        category,
        what_happened: within(what_happened, CONCERN_TEXT_MAX, "What happened")?,
        done_now: within(done_now, CONCERN_TEXT_MAX, "What was done")?,
        told: within(text(payload, "told")?, TOLD_MAX, "The name of who you told")?,
        session_id,
    })
}

/// Checks a `concern_ack` op's payload.
pub fn check_concern_ack(payload: &Value) -> Result<NewConcernAck, String> {
    let concern_id = text(payload, "concern_id")?;
    if !is_uuid(concern_id) {
        return Err("An acknowledgement needs the id of the concern it answers (concern_id).".into());
    }
    let response = within(text(payload, "response")?, CONCERN_TEXT_MAX, "A response")?;
    Ok(NewConcernAck { concern_id: concern_id.to_owned(), response })
}

/// The "raise a concern" form's fields, as typed and chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConcernForm {
    pub category: String,
    pub what_happened: String,
    pub done_now: String,
    pub told: String,
    /// The contact it is raised from, if any.
    pub session_id: Option<String>,
}

/// The payload of a `concern` op from the form, with the form's own words
/// for what is missing; the op's checks (the same as the server's) do the rest.
pub fn concern_payload(patient_id: &str, form: &ConcernForm) -> Result<Value, String> {
    if ConcernCategory::parse(&form.category).is_none() {
        return Err("Choose what the concern is about.".into());
    }
    if form.what_happened.trim().is_empty() {
        return Err("Write what you saw or heard, in your own words.".into());
    }
    if form.done_now.trim().is_empty() {
        return Err("Write what was done straight away, even if it was only to stay with them.".into());
    }
    let payload = serde_json::json!({
        "patient_id": patient_id,
        "category": form.category,
        "what_happened": form.what_happened.trim(),
        "done_now": form.done_now.trim(),
        "told": form.told.trim(),
        "session_id": form.session_id,
    });
    check_concern(&payload)?;
    Ok(payload)
}

/// An acknowledgement as it is shown under its concern.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckView {
    pub id: String,
    pub op_id: String,
    pub author_name: String,
    /// RFC 3339, UTC: when it was made (its phone's clock).
    pub at: String,
    /// RFC 3339, UTC: when the server received it; `None` where the device
    /// does not know (it is still on the phone, or pulled without it).
    #[serde(default)]
    pub received_at: Option<String>,
    pub response: String,
    pub state: RecordState,
}

/// A concern as the pages show it, with its acknowledgements, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcernView {
    pub id: String,
    pub op_id: String,
    pub patient_id: String,
    /// The patient's preferred name; empty where the page already says it.
    pub patient_name: String,
    pub category: String,
    pub what_happened: String,
    pub done_now: String,
    pub told: String,
    pub author_id: String,
    pub author_name: String,
    /// RFC 3339, UTC: when it was written (its clock).
    pub raised_at: String,
    /// RFC 3339, UTC: when it reached the server; `None` while it has not,
    /// or where the device does not know.
    pub received_at: Option<String>,
    pub state: RecordState,
    pub acks: Vec<AckView>,
    /// The ward it was raised on, when that is not one of the reader's
    /// wards: the patient has moved to theirs since. That ward's nurse in
    /// charge acknowledges it, not the reader.
    #[serde(default)]
    pub raised_on: Option<String>,
}

impl ConcernView {
    pub fn category_label(&self) -> &str {
        ConcernCategory::parse(&self.category).map(ConcernCategory::label).unwrap_or(&self.category)
    }

    /// Whether the nurse in charge has acknowledged it (on the server, or on
    /// this phone on its way there).
    pub fn is_acknowledged(&self) -> bool {
        !self.acks.is_empty()
    }

    /// When the wait for the nurse began: when the server had it, or for a
    /// copy pulled from the server, when it was written.
    fn waiting_since_ms(&self) -> Option<i64> {
        if self.state != RecordState::Saved {
            return None;
        }
        let since = self.received_at.as_deref().unwrap_or(&self.raised_at);
        super::instant::parse_rfc3339(since).map(|at| at.timestamp_millis())
    }

    /// Whole minutes it has waited for the nurse, if it is waiting: on the
    /// server and not yet acknowledged.
    pub fn waiting_minutes(&self, now_ms: i64) -> Option<i64> {
        if self.is_acknowledged() {
            return None;
        }
        self.waiting_since_ms().map(|since| (now_ms - since).max(0) / 60_000)
    }

    /// Waiting at least `after_min` minutes: the ward's manager is told.
    pub fn is_overdue(&self, now_ms: i64, after_min: u32) -> bool {
        self.waiting_minutes(now_ms).is_some_and(|m| m >= i64::from(after_min))
    }
}

/// Which concerns a home page lists, by who is looking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConcernList {
    /// The nurse in charge: those waiting for them to acknowledge.
    ToAcknowledge,
    /// A manager: those waiting on their sites' wards.
    Waiting,
    /// A PSW: their own, recent or still waiting.
    RaisedByMe,
    /// Nobody's to list (an administrator).
    None,
}

/// The home page's concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeConcerns {
    pub list: ConcernList,
    pub concerns: Vec<ConcernView>,
    pub escalate_after_min: u32,
}

/// Newest first, by when they were written, then id so the order never wobbles.
pub fn sort_newest_first(concerns: &mut [ConcernView]) {
    concerns.sort_by(|a, b| b.raised_at.cmp(&a.raised_at).then_with(|| b.id.cmp(&a.id)));
}

/// "Waiting 1 minute", "Waiting 25 minutes", "Waiting 2 hours 5 minutes".
pub fn waiting_label(minutes: i64) -> String {
    match minutes {
        0 => "Waiting less than a minute".to_owned(),
        m => format!("Waiting {}", super::timeline::duration_label(u32::try_from(m).unwrap_or(u32::MAX))),
    }
}

impl RecordKind for NewConcern {
    fn lands(&self) -> Lands<'_> {
        Lands::OnPatient(&self.patient_id)
    }
}

/// Judged where the concern was raised: that ward's nurse in charge answers
/// it, wherever the patient is now.
impl RecordKind for NewConcernAck {
    fn lands(&self) -> Lands<'_> {
        Lands::Under { parent: Parent::Concern, id: &self.concern_id }
    }
    fn action(&self) -> Action {
        Action::AcknowledgeConcern
    }
    fn not_found(&self) -> &'static str {
        "There is no saved concern with this id to acknowledge."
    }
}

#[cfg(test)]
#[path = "concern_tests.rs"]
mod tests;
