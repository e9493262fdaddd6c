//! The "record a session" form's fields, read into the payload of a
//! `session` op. The form's own words come back for anything missing; the
//! op's checks (the same as the server's) do the rest.

use super::uk_time;
use serde_json::{json, Value};

/// The minutes a routine session lasts, offered first.
pub const DEFAULT_MINUTES: u32 = 15;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionFormError {
    #[error("Enter when the session started, as a date and time.")]
    Start,
    #[error("Enter how long the session lasted, in minutes, from 1 to 480.")]
    Duration,
    #[error("Write a note about the session. A line or two is enough.")]
    EmptyNote,
}

/// The payload of a one-to-one session from the form's fields.
pub fn session_payload(
    patient_id: &str,
    started: &str,
    minutes: &str,
    note: &str,
) -> Result<Value, SessionFormError> {
    let started_at = uk_time::parse_field(started).ok_or(SessionFormError::Start)?;
    let duration: u32 =
        minutes.trim().parse().ok().filter(|m| (1..=480).contains(m)).ok_or(SessionFormError::Duration)?;
    if note.trim().is_empty() {
        return Err(SessionFormError::EmptyNote);
    }
    Ok(json!({
        "patient_id": patient_id,
        "session_type": "one_to_one",
        "started_at": super::instant::rfc3339_seconds(started_at),
        "duration_min": duration,
        "note": note,
    }))
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddendumFormError {
    #[error("Say why you are adding to this record.")]
    Reason,
    #[error("Write what you are adding.")]
    Text,
}

/// The payload of an addendum under `session_id`.
pub fn addendum_payload(session_id: &str, reason: &str, text: &str) -> Result<Value, AddendumFormError> {
    if reason.trim().is_empty() {
        return Err(AddendumFormError::Reason);
    }
    if text.trim().is_empty() {
        return Err(AddendumFormError::Text);
    }
    Ok(json!({ "session_id": session_id, "reason": reason.trim(), "text": text.trim() }))
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Enter the bed, such as Bay 2, bed 14.")]
pub struct BedFormError;

/// The payload of a change to a patient's bed (the op's checks hold it to
/// 40 characters).
pub fn bed_payload(bed: &str) -> Result<Value, BedFormError> {
    let bed = bed.trim();
    if bed.is_empty() {
        return Err(BedFormError);
    }
    Ok(json!({ "bed": bed }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_form_becomes_a_session_in_utc() {
        let payload =
            session_payload("patient-001", "2026-07-01T14:30", "20", "Talked about home.").expect("ok");
        assert_eq!(payload["started_at"], "2026-07-01T13:30:00Z", "BST is an hour ahead");
        assert_eq!(payload["duration_min"], 20);
        assert_eq!(payload["session_type"], "one_to_one");
    }

    #[test]
    fn each_missing_field_gets_its_own_message() {
        assert_eq!(session_payload("p", "", "20", "x"), Err(SessionFormError::Start));
        assert_eq!(session_payload("p", "2026-07-01T14:30", "0", "x"), Err(SessionFormError::Duration));
        assert_eq!(session_payload("p", "2026-07-01T14:30", "481", "x"), Err(SessionFormError::Duration));
        assert_eq!(session_payload("p", "2026-07-01T14:30", "ten", "x"), Err(SessionFormError::Duration));
        assert_eq!(session_payload("p", "2026-07-01T14:30", "10", "  \n "), Err(SessionFormError::EmptyNote));
    }

    #[test]
    fn an_addendum_needs_a_reason_and_text() {
        assert_eq!(addendum_payload("s", " ", "x"), Err(AddendumFormError::Reason));
        assert_eq!(addendum_payload("s", "Wrong room", ""), Err(AddendumFormError::Text));
        assert_eq!(
            addendum_payload("s", " Wrong room ", "It was the café.").expect("ok")["reason"],
            "Wrong room"
        );
    }

    #[test]
    fn a_bed_is_trimmed_and_cannot_be_empty() {
        assert_eq!(bed_payload("  Bay 2, bed 14 "), Ok(json!({ "bed": "Bay 2, bed 14" })));
        assert_eq!(bed_payload("   "), Err(BedFormError));
    }
}
