//! Follow-up actions: something a worker means to do for a patient, with
//! an optional day it is due, shown on their home until it is done. Like
//! every record it is never changed: marking it done is a record of its own.

use super::timeline::RecordState;
use crate::domain::sync::hlc::is_uuid;
use crate::domain::sync::kind::{Lands, Parent, RecordKind};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The longest follow-up, or note on one done, in characters.
pub const FOLLOW_UP_MAX: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFollowUp {
    pub patient_id: String,
    pub text: String,
    pub due_on: Option<NaiveDate>,
    /// The contact it came from, if any.
    pub session_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFollowUpDone {
    pub follow_up_id: String,
    pub note: String,
}

fn text<'a>(payload: &'a Value, field: &str) -> Result<&'a str, String> {
    match payload.get(field) {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(text)) => Ok(text.trim()),
        Some(_) => Err(format!("The {field} of a follow-up must be text.")),
    }
}

/// `2026-12-03` as a date, or nothing.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `2026-12-03`.
pub fn date_text(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Checks a `follow_up` op's payload.
pub fn check_follow_up(payload: &Value) -> Result<NewFollowUp, String> {
    let patient_id = text(payload, "patient_id")?;
    if patient_id.is_empty() {
        return Err("A follow-up needs the id of the patient it is for (patient_id).".into());
    }
    let body = text(payload, "text")?;
    if body.is_empty() {
        return Err("Say what is to be done (text).".into());
    }
    let chars = body.chars().count();
    if chars > FOLLOW_UP_MAX {
        return Err(format!("A follow-up is at most {FOLLOW_UP_MAX} characters; this has {chars}."));
    }
    let due_on = match text(payload, "due_on")? {
        "" => None,
        day => Some(parse_date(day).ok_or("The day it is due (due_on) is a date such as 2026-12-03.")?),
    };
    let session_id = match text(payload, "session_id")? {
        "" => None,
        id if is_uuid(id) => Some(id.to_owned()),
        _ => return Err("The contact a follow-up comes from is named by its id (session_id).".into()),
    };
    Ok(NewFollowUp { patient_id: patient_id.to_owned(), text: body.to_owned(), due_on, session_id })
}

/// The follow-ups typed on the contact form, one row each (what is to be
/// done, and the day it is due), as `follow_up` payloads: empty rows left
/// out, each checked, with the form's words for what to fix. The caller
/// adds `session_id` once the contact is saved.
pub fn follow_ups_from_contact(patient_id: &str, rows: &[(String, String)]) -> Result<Vec<Value>, String> {
    let typed = rows.iter().filter(|(text, due)| !text.trim().is_empty() || !due.trim().is_empty());
    typed
        .map(|(text, due)| {
            if text.trim().is_empty() {
                return Err(format!("Write what is to be done by {}, or clear that date.", due.trim()));
            }
            let payload =
                serde_json::json!({ "patient_id": patient_id, "text": text.trim(), "due_on": due.trim() });
            check_follow_up(&payload).map_err(|e| match e {
                e if e.contains("due_on") => {
                    "Enter the day a follow-up is due as a date, or leave it empty.".to_owned()
                }
                e => e,
            })?;
            Ok(payload)
        })
        .collect()
}

/// Checks a `follow_up_done` op's payload.
pub fn check_follow_up_done(payload: &Value) -> Result<NewFollowUpDone, String> {
    let follow_up_id = text(payload, "follow_up_id")?;
    if !is_uuid(follow_up_id) {
        return Err("Marking a follow-up done needs its id (follow_up_id).".into());
    }
    let note = text(payload, "note")?;
    if note.chars().count() > FOLLOW_UP_MAX {
        return Err(format!("A note on a follow-up done is at most {FOLLOW_UP_MAX} characters."));
    }
    Ok(NewFollowUpDone { follow_up_id: follow_up_id.to_owned(), note: note.to_owned() })
}

/// Who marked a follow-up done, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoneView {
    pub id: String,
    pub op_id: String,
    pub author_name: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub note: String,
    pub state: RecordState,
}

/// A follow-up as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpView {
    pub id: String,
    pub op_id: String,
    pub patient_id: String,
    /// Empty where the page already says who it is for.
    pub patient_name: String,
    pub text: String,
    /// `YYYY-MM-DD`, if it has a day.
    pub due_on: Option<String>,
    pub author_id: String,
    pub author_name: String,
    /// RFC 3339, UTC: when it was written.
    pub written_at: String,
    pub state: RecordState,
    pub done: Option<DoneView>,
}

/// When a follow-up is due, against today (UK): overdue first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Due {
    Overdue(NaiveDate),
    Today,
    Later(NaiveDate),
    Whenever,
}

impl FollowUpView {
    pub fn due(&self, today: NaiveDate) -> Due {
        match self.due_on.as_deref().and_then(parse_date) {
            None => Due::Whenever,
            Some(day) if day < today => Due::Overdue(day),
            Some(day) if day == today => Due::Today,
            Some(day) => Due::Later(day),
        }
    }
}

/// "Overdue: due Tue 1 Dec", "Due today", "Due Fri 4 Dec", or nothing.
pub fn due_label(due: Due) -> Option<String> {
    let day = |d: NaiveDate| {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        format!(
            "{} {} {}",
            DAYS[d.weekday().num_days_from_monday() as usize],
            d.day(),
            months[d.month0() as usize]
        )
    };
    match due {
        Due::Overdue(d) => Some(format!("Overdue: due {}", day(d))),
        Due::Today => Some("Due today".into()),
        Due::Later(d) => Some(format!("Due {}", day(d))),
        Due::Whenever => None,
    }
}

/// Open ones first, most pressing first (overdue, today, by day, no day),
/// then by when they were written.
pub fn sort_for_today(list: &mut [FollowUpView], today: NaiveDate) {
    list.sort_by(|a, b| {
        (a.done.is_some(), a.due(today), &a.written_at, &a.id).cmp(&(
            b.done.is_some(),
            b.due(today),
            &b.written_at,
            &b.id,
        ))
    });
}

/// What a home page shows of someone's own work: what they still have to
/// follow up, and whom they have seen this week. Empty for those who record
/// nothing (managers, administrators).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeWork {
    pub records: bool,
    pub follow_ups: Vec<FollowUpView>,
    /// Patients they have recorded a contact with since Monday (UK time).
    pub seen_this_week: Vec<String>,
    /// RFC 3339: Monday 00:00 UK time, this week.
    pub week_starts: String,
}

/// The Monday a week starts on (weeks run Monday to Sunday).
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

impl RecordKind for NewFollowUp {
    fn lands(&self) -> Lands<'_> {
        Lands::OnPatient(&self.patient_id)
    }
}

impl RecordKind for NewFollowUpDone {
    fn lands(&self) -> Lands<'_> {
        Lands::Under { parent: Parent::FollowUp, id: &self.follow_up_id }
    }
    fn not_found(&self) -> &'static str {
        "There is no saved follow-up with this id to mark done."
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(text: &str) -> NaiveDate {
        parse_date(text).expect("a date")
    }

    #[test]
    fn a_follow_up_needs_its_patient_and_words_and_reads_its_day() {
        let read = check_follow_up(&json!({
            "patient_id": "patient-001", "text": " Ask the OT about the kitchen assessment. ", "due_on": "2026-12-04",
        }))
        .expect("good");
        assert_eq!(read.text, "Ask the OT about the kitchen assessment.");
        assert_eq!(read.due_on, Some(day("2026-12-04")));
        assert!(check_follow_up(&json!({ "patient_id": "patient-001", "text": "Call her sister" })).is_ok());
        let refused = |payload: Value| check_follow_up(&payload).expect_err("refused");
        assert!(refused(json!({ "patient_id": "", "text": "x" })).contains("patient_id"));
        assert!(refused(json!({ "patient_id": "p", "text": "  " })).contains("(text)"));
        assert!(refused(json!({ "patient_id": "p", "text": "x".repeat(501) })).contains("at most 500"));
        assert!(refused(json!({ "patient_id": "p", "text": "x", "due_on": "4/12/2026" })).contains("due_on"));
        assert!(refused(json!({ "patient_id": "p", "text": "x", "due_on": "2026-02-30" })).contains("due_on"));
        assert!(check_follow_up_done(&json!({ "follow_up_id": "f1" })).is_err());
    }

    #[test]
    fn follow_ups_typed_on_a_contact_leave_out_empty_rows_and_ask_for_what_is_missing() {
        let row = |text: &str, due: &str| (text.to_owned(), due.to_owned());
        let made = follow_ups_from_contact(
            "patient-001",
            &[row(" Call her sister ", "2026-12-04"), row("", ""), row("Bring the leaflet", "")],
        )
        .expect("good");
        assert_eq!(made.len(), 2);
        assert_eq!(made[0]["text"], "Call her sister");
        assert_eq!(made[0]["due_on"], "2026-12-04");
        assert!(check_follow_up(&made[1]).is_ok());
        assert_eq!(
            follow_ups_from_contact("patient-001", &[row("", "2026-12-04")]).unwrap_err(),
            "Write what is to be done by 2026-12-04, or clear that date."
        );
        assert!(follow_ups_from_contact("patient-001", &[row("x", "Tuesday")])
            .unwrap_err()
            .contains("as a date"));
        assert!(follow_ups_from_contact("patient-001", &[row("x".repeat(501).as_str(), "")])
            .unwrap_err()
            .contains("500"));
        assert_eq!(follow_ups_from_contact("patient-001", &[]).expect("none"), Vec::<Value>::new());
    }

    #[test]
    fn what_is_due_reads_against_today_and_sorts_most_pressing_first() {
        let today = day("2026-12-03");
        let view = |id: &str, due: Option<&str>, done: bool| FollowUpView {
            id: id.into(),
            op_id: id.into(),
            patient_id: "p".into(),
            patient_name: String::new(),
            text: id.into(),
            due_on: due.map(str::to_owned),
            author_id: "s".into(),
            author_name: "Sam".into(),
            written_at: "2026-12-01T09:00:00Z".into(),
            state: RecordState::Saved,
            done: done.then(|| DoneView {
                id: "d".into(),
                op_id: "d".into(),
                author_name: "Sam".into(),
                at: "2026-12-02T09:00:00Z".into(),
                note: String::new(),
                state: RecordState::Saved,
            }),
        };
        let mut list = vec![
            view("whenever", None, false),
            view("later", Some("2026-12-05"), false),
            view("done", Some("2026-11-30"), true),
            view("today", Some("2026-12-03"), false),
            view("overdue", Some("2026-12-01"), false),
        ];
        sort_for_today(&mut list, today);
        let order: Vec<&str> = list.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(order, ["overdue", "today", "later", "whenever", "done"]);
        assert_eq!(due_label(list[0].due(today)).as_deref(), Some("Overdue: due Tue 1 Dec"));
        assert_eq!(due_label(list[1].due(today)).as_deref(), Some("Due today"));
        assert_eq!(due_label(list[2].due(today)).as_deref(), Some("Due Sat 5 Dec"));
        assert_eq!(due_label(list[3].due(today)), None);
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(day("2026-12-03")), day("2026-11-30"));
        assert_eq!(week_start(day("2026-11-30")), day("2026-11-30"));
        assert_eq!(week_start(day("2026-12-06")), day("2026-11-30"));
    }
}
