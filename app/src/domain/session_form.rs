//! The "record a session" form's fields, read into the payload of a
//! `session` op. The form's own words come back for anything missing; the
//! op's checks (the same as the server's) do the rest.

use super::contact::{check_details, lateness, needs_note, ContactType, Lateness};
use super::uk_time;
use serde_json::{json, Value};

/// The minutes a routine session lasts, offered first.
pub const DEFAULT_MINUTES: u32 = 15;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionFormError {
    #[error("Choose the type of contact.")]
    Type,
    #[error("Enter when the session started, as a date and time.")]
    Start,
    #[error("Enter how long the session lasted, in minutes, from 1 to 480.")]
    Duration,
    #[error("Write a note about the session. A line or two is enough.")]
    EmptyNote,
    #[error(
        "This contact starts in the future. Check the start time, or say why under “Why it is entered now”."
    )]
    Future,
    #[error("This contact started more than 7 days ago. Late entries are fine: say why under “Why it is entered now”.")]
    Late,
    #[error("{0}")]
    Details(String),
}

/// The "record a contact" form's fields as typed and ticked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactForm {
    pub session_type: String,
    /// `YYYY-MM-DDTHH:MM`, UK local time.
    pub started: String,
    pub minutes: String,
    pub place: String,
    pub note: String,
    pub themes: Vec<String>,
    pub engagement: String,
    pub planned_activity: String,
    pub lived_experience_shared: bool,
    /// One resource a line.
    pub signposting: String,
    pub late_reason: String,
}

/// Whether a contact starting at `started` (the form's field) and written
/// at `now` needs a reason: worked out as the start is typed, so the
/// reason's field appears when it is wanted.
pub fn lateness_of(started: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Lateness> {
    let started = uk_time::parse_field(started)?;
    lateness(started.timestamp_millis(), now.timestamp_millis())
}

/// The payload of a `session` op from the form, checked as the server will
/// check it, with the form's own words for what to fix.
pub fn contact_payload(
    patient_id: &str,
    form: &ContactForm,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Value, SessionFormError> {
    let contact_type = ContactType::parse(&form.session_type).ok_or(SessionFormError::Type)?;
    let started_at = uk_time::parse_field(&form.started).ok_or(SessionFormError::Start)?;
    let duration: u32 = form
        .minutes
        .trim()
        .parse()
        .ok()
        .filter(|m| (1..=480).contains(m))
        .ok_or(SessionFormError::Duration)?;
    if needs_note(contact_type) && form.note.trim().is_empty() {
        return Err(SessionFormError::EmptyNote);
    }
    let late_reason = form.late_reason.trim();
    if late_reason.is_empty() {
        match lateness_of(&form.started, now) {
            Some(Lateness::Future) => return Err(SessionFormError::Future),
            Some(Lateness::Late) => return Err(SessionFormError::Late),
            None => {}
        }
    }
    let signposting: Vec<&str> = form.signposting.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut payload = json!({
        "patient_id": patient_id,
        "session_type": contact_type.as_str(),
        "started_at": super::instant::rfc3339_seconds(started_at),
        "duration_min": duration,
        "note": form.note,
        "place": form.place.trim(),
        "themes": form.themes,
        "lived_experience_shared": form.lived_experience_shared,
        "signposting": signposting,
    });
    let optional = [
        ("engagement", form.engagement.trim()),
        ("planned_activity", form.planned_activity.trim()),
        ("late_reason", late_reason),
    ];
    for (field, value) in optional {
        if !value.is_empty() {
            payload[field] = json!(value);
        }
    }
    check_details(&payload, started_at.timestamp_millis(), now.timestamp_millis())
        .map_err(SessionFormError::Details)?;
    Ok(payload)
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

    fn now() -> chrono::DateTime<chrono::Utc> {
        uk_time::parse_field("2026-07-02T09:00").expect("time")
    }

    fn form(started: &str, minutes: &str, note: &str) -> ContactForm {
        ContactForm {
            session_type: "one_to_one".into(),
            started: started.into(),
            minutes: minutes.into(),
            note: note.into(),
            ..ContactForm::default()
        }
    }

    #[test]
    fn a_filled_form_becomes_a_session_in_utc() {
        let payload =
            contact_payload("patient-001", &form("2026-07-01T14:30", "20", "Talked about home."), now())
                .expect("ok");
        assert_eq!(payload["started_at"], "2026-07-01T13:30:00Z", "BST is an hour ahead");
        assert_eq!(payload["duration_min"], 20);
        assert_eq!(payload["session_type"], "one_to_one");
        assert!(payload.get("engagement").is_none(), "what was not chosen is not sent");
    }

    #[test]
    fn each_missing_field_gets_its_own_message() {
        let paid = |f: ContactForm| contact_payload("p", &f, now());
        assert_eq!(paid(form("", "20", "x")), Err(SessionFormError::Start));
        assert_eq!(paid(form("2026-07-01T14:30", "0", "x")), Err(SessionFormError::Duration));
        assert_eq!(paid(form("2026-07-01T14:30", "481", "x")), Err(SessionFormError::Duration));
        assert_eq!(paid(form("2026-07-01T14:30", "ten", "x")), Err(SessionFormError::Duration));
        assert_eq!(paid(form("2026-07-01T14:30", "10", "  \n ")), Err(SessionFormError::EmptyNote));
        let unknown = ContactForm { session_type: "chat".into(), ..form("2026-07-01T14:30", "10", "x") };
        assert_eq!(paid(unknown), Err(SessionFormError::Type));
    }

    #[test]
    fn a_ward_activity_may_go_without_a_note_and_keeps_its_details() {
        let activity = ContactForm {
            session_type: "ward_activity".into(),
            place: " Garden ".into(),
            themes: vec!["hope".into(), "connectedness".into()],
            engagement: "a_little".into(),
            planned_activity: "yes".into(),
            lived_experience_shared: true,
            signposting: "Harbour Recovery College\n\n  Walking group ".into(),
            ..form("2026-07-01T14:30", "45", "")
        };
        let payload = contact_payload("p", &activity, now()).expect("ok");
        assert_eq!(payload["place"], "Garden");
        assert_eq!(payload["signposting"], json!(["Harbour Recovery College", "Walking group"]));
        assert_eq!(payload["engagement"], "a_little");
        assert_eq!(payload["lived_experience_shared"], true);
    }

    #[test]
    fn a_late_or_future_start_asks_for_a_reason_and_takes_one() {
        let late = form("2026-06-20T10:00", "30", "Catching up after leave.");
        assert_eq!(contact_payload("p", &late, now()), Err(SessionFormError::Late));
        assert_eq!(lateness_of(&late.started, now()), Some(Lateness::Late));
        let future = form("2026-07-02T12:00", "30", "x");
        assert_eq!(contact_payload("p", &future, now()), Err(SessionFormError::Future));
        let explained = ContactForm { late_reason: "Phone was lost for a week".into(), ..late };
        assert_eq!(
            contact_payload("p", &explained, now()).expect("ok")["late_reason"],
            "Phone was lost for a week"
        );
        assert_eq!(lateness_of("2026-07-02T08:00", now()), None);
    }

    #[test]
    fn a_wrong_choice_gets_the_servers_words() {
        let odd = ContactForm { themes: vec!["joy".into()], ..form("2026-07-01T14:30", "10", "x") };
        assert!(
            matches!(contact_payload("p", &odd, now()), Err(SessionFormError::Details(m)) if m.contains("joy"))
        );
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
