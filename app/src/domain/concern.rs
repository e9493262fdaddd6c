//! Risk and safeguarding concerns. Anyone who works with a patient raises
//! one in their own words; it goes to the nurse in charge of the patient's
//! ward, who acknowledges it; one nobody has acknowledged in time is flagged
//! to the ward's manager. A concern, like a session, is never changed: an
//! acknowledgement is a record of its own under it.

use super::contact::vocabulary;
use super::timeline::RecordState;
use crate::domain::access::Action;
use crate::domain::sync::hlc::is_uuid;
use crate::domain::sync::kind::{Lands, Parent, RecordKind, NO_PATIENT};
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
    fn action(&self) -> Action {
        Action::WritePatientRecord
    }
    fn not_found(&self) -> &'static str {
        NO_PATIENT
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
mod tests {
    use super::*;
    use serde_json::json;

    fn concern(payload: Value) -> Result<NewConcern, String> {
        check_concern(&payload)
    }

    #[test]
    fn a_concern_reads_trimmed_with_its_category() {
        let read = concern(json!({
            "patient_id": "patient-001", "category": "risk_to_self",
            "what_happened": "  Said she had been saving tablets. ", "done_now": "Stayed with her.",
            "told": "Priya Raman", "session_id": null,
        }))
        .expect("a good concern");
        assert_eq!(read.category, ConcernCategory::RiskToSelf);
        assert_eq!(read.what_happened, "Said she had been saving tablets.");
        assert_eq!(read.told, "Priya Raman");
        assert_eq!(read.session_id, None);
    }

    #[test]
    fn each_missing_or_wrong_part_is_named() {
        let good = json!({
            "patient_id": "patient-001", "category": "safeguarding",
            "what_happened": "A visitor shouted at him.", "done_now": "Asked the visitor to leave.",
        });
        assert!(concern(good.clone()).is_ok(), "who was told may be left empty");
        let with = |field: &str, value: Value| {
            let mut payload = good.clone();
            payload[field] = value;
            concern(payload).expect_err("refused")
        };
        assert!(with("patient_id", json!("")).contains("patient_id"));
        assert!(with("category", json!("worry")).contains("category"));
        assert!(with("what_happened", json!("   ")).contains("what_happened"));
        assert!(with("done_now", json!("")).contains("done_now"));
        assert!(with("done_now", json!(3)).contains("must be text"));
        assert!(with("told", json!("x".repeat(TOLD_MAX + 1))).contains("at most 200"));
        assert!(with("what_happened", json!("x".repeat(CONCERN_TEXT_MAX + 1))).contains("5001"));
        assert!(with("session_id", json!("yesterday")).contains("session_id"));
    }

    #[test]
    fn the_form_asks_for_what_is_missing_in_its_own_words() {
        let mut form = ConcernForm {
            category: "risk_to_others".into(),
            what_happened: "Threw a cup across the lounge.".into(),
            done_now: "Moved the others to the garden.".into(),
            told: String::new(),
            session_id: Some("0b9d6a3e-2f41-4c8a-9e7b-5d1c3a2f4e60".into()),
        };
        let payload = concern_payload("patient-002", &form).expect("a good form");
        let read = check_concern(&payload).expect("the server's checks");
        assert_eq!(read.category, ConcernCategory::RiskToOthers);
        assert_eq!(
            read.session_id.as_deref(),
            Some("0b9d6a3e-2f41-4c8a-9e7b-5d1c3a2f4e60"),
            "raised from a contact"
        );
        form.done_now = "  ".into();
        assert!(concern_payload("patient-002", &form).expect_err("no action").contains("straight away"));
        form.category = String::new();
        assert_eq!(concern_payload("patient-002", &form), Err("Choose what the concern is about.".into()));
    }

    #[test]
    fn an_acknowledgement_names_its_concern_and_may_say_nothing_more() {
        let id = "0b9d6a3e-2f41-4c8a-9e7b-5d1c3a2f4e60";
        let ack = check_concern_ack(&json!({ "concern_id": id })).expect("a bare acknowledgement");
        assert_eq!(ack.response, "");
        assert!(check_concern_ack(&json!({ "concern_id": "c1" })).is_err());
        let long = json!({ "concern_id": id, "response": "x".repeat(CONCERN_TEXT_MAX + 1) });
        assert!(check_concern_ack(&long).expect_err("too long").contains("at most 5000"));
    }

    fn view(state: RecordState, received_at: Option<&str>) -> ConcernView {
        ConcernView {
            id: "c".into(),
            op_id: "o".into(),
            patient_id: "p".into(),
            patient_name: String::new(),
            category: "risk_to_self".into(),
            what_happened: "w".into(),
            done_now: "d".into(),
            told: String::new(),
            author_id: "s".into(),
            author_name: "Sam".into(),
            raised_at: "2026-12-03T10:00:00Z".into(),
            received_at: received_at.map(str::to_owned),
            state,
            acks: Vec::new(),
            raised_on: None,
        }
    }

    const TEN: i64 = 1_796_292_000_000; // 2026-12-03T10:00:00Z

    #[test]
    fn the_wait_runs_from_when_the_server_had_it_until_someone_acknowledges() {
        let minute = 60_000;
        // Written offline at 10:00, reached the server at 10:20.
        let late = view(RecordState::Saved, Some("2026-12-03T10:20:00Z"));
        assert_eq!(late.waiting_minutes(TEN + 34 * minute), Some(14));
        assert!(!late.is_overdue(TEN + 34 * minute, 15));
        assert!(late.is_overdue(TEN + 35 * minute, 15));
        // A copy pulled from the server counts from when it was written.
        assert_eq!(view(RecordState::Saved, None).waiting_minutes(TEN + 3 * minute), Some(3));
        // Nobody can be waiting for what has not reached them.
        assert_eq!(view(RecordState::Unsent, None).waiting_minutes(TEN + 60 * minute), None);
        let refused = view(RecordState::Refused("no".into()), None);
        assert!(!refused.is_overdue(TEN + 60 * minute, 15));
        let mut acknowledged = late.clone();
        acknowledged.acks.push(AckView {
            id: "a".into(),
            op_id: "ao".into(),
            author_name: "Priya".into(),
            at: "2026-12-03T10:25:00Z".into(),
            received_at: None,
            response: String::new(),
            state: RecordState::Saved,
        });
        assert!(!acknowledged.is_overdue(TEN + 60 * minute, 15));
    }

    #[test]
    fn waits_read_as_words() {
        assert_eq!(waiting_label(0), "Waiting less than a minute");
        assert_eq!(waiting_label(1), "Waiting 1 minute");
        assert_eq!(waiting_label(125), "Waiting 2 hours 5 minutes");
    }
}
