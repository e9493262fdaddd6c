//! Group sessions: a ward's group run by a PSW (with colleagues), the
//! patients from the ward's caseload who came, each with an optional line
//! for their own timeline, and a count of people who came but are not on
//! the caseload. A saved group is never changed.

use super::contact::{lateness, Lateness, PLACE_MAX};
use super::timeline::RecordState;
use super::uk_time;
use crate::domain::sync::kind::{Lands, RecordKind};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The longest title, in characters.
pub const TITLE_MAX: usize = 120;
/// The longest line about one attendee, in characters.
pub const LINE_MAX: usize = 2_000;
/// The longest group note, in characters.
pub const GROUP_NOTE_MAX: usize = 5_000;
/// The most attendees from the caseload, and the most others counted.
pub const ATTENDEES_MAX: usize = 40;
pub const OTHERS_MAX: u64 = 100;
/// The most colleagues running a group with its author.
pub const CO_FACILITATORS_MAX: usize = 6;

/// One patient who came, and what goes on their timeline (may be empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendee {
    pub patient_id: String,
    pub line: String,
}

/// A group session as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewGroupSession {
    pub ward_id: String,
    pub title: String,
    pub started_at: chrono::DateTime<chrono::Utc>,
    pub duration_min: u32,
    pub place: String,
    /// Staff ids of the colleagues who ran it with its author.
    pub co_facilitators: Vec<String>,
    /// Distinct patients, in the order given; at least one.
    pub attendees: Vec<Attendee>,
    /// People who came but are not on the ward's caseload (visitors, say).
    pub others_count: u32,
    pub note: String,
}

impl NewGroupSession {
    /// Everyone who came.
    pub fn attended(&self) -> u32 {
        self.attendees.len() as u32 + self.others_count
    }
}

/// A group as one attendee's timeline shows it: the group, not the others
/// who came (their names are not this person's record).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLine {
    pub group_id: String,
    pub op_id: String,
    pub title: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub duration_min: u32,
    pub place: String,
    /// Who ran it, its author first.
    pub run_by: Vec<String>,
    /// Colleagues the phone cannot name yet (a group not yet on the server).
    pub unnamed_co_facilitators: u32,
    /// Everyone who came, this person included.
    pub attended: u32,
    /// What was written about this person; may be empty.
    pub line: String,
    /// How the group went, written to name nobody; may be empty.
    pub note: String,
    pub state: RecordState,
}

impl GroupLine {
    /// "Run by Sam Okafor and Priya Raman · 5 people came".
    pub fn summary(&self) -> String {
        let mut names = self.run_by.clone();
        match self.unnamed_co_facilitators {
            0 => {}
            1 => names.push("1 colleague".into()),
            n => names.push(format!("{n} colleagues")),
        }
        let run_by = match names.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        };
        let came = if self.attended == 1 {
            "1 person came".to_owned()
        } else {
            format!("{} people came", self.attended)
        };
        format!("Run by {run_by} · {came}")
    }
}

fn text<'a>(payload: &'a Value, field: &str) -> Result<&'a str, String> {
    match payload.get(field) {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(text)) => Ok(text.trim()),
        Some(_) => Err(format!("The {field} of a group must be text.")),
    }
}

fn at_most(value: &str, max: usize, what: &str) -> Result<String, String> {
    let chars = value.chars().count();
    if chars > max {
        return Err(format!("{what} is at most {max} characters; this has {chars}."));
    }
    Ok(value.to_owned())
}

/// An id the server gave out (a patient, a ward, a member of staff).
fn is_server_id(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn attendees(payload: &Value) -> Result<Vec<Attendee>, String> {
    let none =
        || "A group needs at least one person from the ward's caseload who came (attendees).".to_owned();
    let items = match payload.get("attendees") {
        None | Some(Value::Null) => return Err(none()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err("The people who came (attendees) must be a list.".into()),
    };
    if items.is_empty() {
        return Err(none());
    }
    if items.len() > ATTENDEES_MAX {
        return Err(format!("A group lists at most {ATTENDEES_MAX} people from the caseload; count the rest as others (others_count)."));
    }
    let mut read: Vec<Attendee> = Vec::with_capacity(items.len());
    for item in items {
        let patient_id = text(item, "patient_id")?;
        if !is_server_id(patient_id) {
            return Err("Each person who came is named by their patient id (attendees[].patient_id).".into());
        }
        if read.iter().any(|a| a.patient_id == patient_id) {
            return Err("Each person who came is listed once (attendees).".into());
        }
        let line = at_most(text(item, "line")?, LINE_MAX, "A line about one person")?;
        read.push(Attendee { patient_id: patient_id.to_owned(), line });
    }
    Ok(read)
}

fn co_facilitators(payload: &Value) -> Result<Vec<String>, String> {
    let items = match payload.get("co_facilitators") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err("The colleagues who ran it (co_facilitators) must be a list.".into()),
    };
    let mut ids: Vec<String> = Vec::new();
    for item in items {
        let id = item
            .as_str()
            .filter(|id| is_server_id(id))
            .ok_or("Each colleague who ran the group is named by their staff id (co_facilitators).")?;
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_owned());
        }
    }
    if ids.len() > CO_FACILITATORS_MAX {
        return Err(format!("A group has at most {CO_FACILITATORS_MAX} co-facilitators."));
    }
    Ok(ids)
}

/// Checks a `group_session` op's payload, written at `written_ms` (the
/// op's clock): a group cannot start after it was written.
pub fn check_group_session(payload: &Value, written_ms: i64) -> Result<NewGroupSession, String> {
    let ward_id = text(payload, "ward_id")?;
    if !is_server_id(ward_id) {
        return Err("A group needs the id of the ward it ran on (ward_id).".into());
    }
    let title = text(payload, "title")?;
    if title.is_empty() {
        return Err("A group needs a title, such as 'Music group' (title).".into());
    }
    let title = at_most(title, TITLE_MAX, "A group's title")?;
    let started_at = crate::domain::instant::parse_rfc3339(text(payload, "started_at")?)
        .ok_or("The start time (started_at) must be a date and time such as 2026-11-25T14:30:00Z.")?;
    if lateness(started_at.timestamp_millis(), written_ms) == Some(Lateness::Future) {
        return Err("This group starts in the future. Record a group once it has run.".into());
    }
    let duration_min = payload
        .get("duration_min")
        .and_then(Value::as_u64)
        .filter(|d| (1..=480).contains(d))
        .ok_or("A group lasts between 1 and 480 minutes (duration_min).")?;
    let place = at_most(text(payload, "place")?, PLACE_MAX, "A place")?;
    let others_count = match payload.get("others_count") {
        None | Some(Value::Null) => 0,
        Some(count) => count.as_u64().filter(|n| *n <= OTHERS_MAX).ok_or(format!(
            "The number of others who came (others_count) is a whole number from 0 to {OTHERS_MAX}."
        ))?,
    };
    let note = at_most(text(payload, "note")?, GROUP_NOTE_MAX, "A group note")?;
    Ok(NewGroupSession {
        ward_id: ward_id.to_owned(),
        title,
        started_at,
        duration_min: duration_min as u32,
        place,
        co_facilitators: co_facilitators(payload)?,
        attendees: attendees(payload)?,
        others_count: others_count as u32,
        note,
    })
}

/// The "record a group" form as typed and ticked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupForm {
    pub title: String,
    /// `YYYY-MM-DDTHH:MM`, UK local time.
    pub started: String,
    pub minutes: String,
    pub place: String,
    pub co_facilitators: Vec<String>,
    /// Each person ticked, with the line written for them.
    pub attendees: Vec<(String, String)>,
    pub others: String,
    pub note: String,
}

/// The payload of a `group_session` op on `ward_id` from the form, checked
/// as the server will check it, with the form's own words for what to fix.
pub fn group_payload(
    ward_id: &str,
    form: &GroupForm,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Value, String> {
    if form.title.trim().is_empty() {
        return Err("Give the group a title, such as “Music group”.".into());
    }
    let started_at =
        uk_time::parse_field(&form.started).ok_or("Enter when the group started, as a date and time.")?;
    let minutes: u32 = form
        .minutes
        .trim()
        .parse()
        .ok()
        .filter(|m| (1..=480).contains(m))
        .ok_or("Enter how long the group lasted, in minutes, from 1 to 480.")?;
    if form.attendees.is_empty() {
        return Err("Tick at least one person from the caseload who came.".into());
    }
    let others: u64 = match form.others.trim() {
        "" => 0,
        n => n
            .parse()
            .ok()
            .filter(|n| *n <= OTHERS_MAX)
            .ok_or(format!("Enter how many others came as a number from 0 to {OTHERS_MAX}."))?,
    };
    let attendees: Vec<Value> =
        form.attendees.iter().map(|(id, line)| json!({ "patient_id": id, "line": line.trim() })).collect();
    let payload = json!({
        "ward_id": ward_id,
        "title": form.title.trim(),
        "started_at": super::instant::rfc3339_seconds(started_at),
        "duration_min": minutes,
        "place": form.place.trim(),
        "co_facilitators": form.co_facilitators,
        "attendees": attendees,
        "others_count": others,
        "note": form.note.trim(),
    });
    check_group_session(&payload, now.timestamp_millis())?;
    Ok(payload)
}

/// Placed on its own ward once every attendee is found there (the server's
/// sync module says how).
impl RecordKind for NewGroupSession {
    fn lands(&self) -> Lands<'_> {
        Lands::ByItsOwnRules
    }
    fn not_found(&self) -> &'static str {
        "There is no ward with this id (ward_id)."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRITTEN: i64 = 1_796_292_000_000; // 2026-12-03T10:40:00Z

    fn good() -> Value {
        json!({
            "ward_id": "ward-oak", "title": " Music group ", "started_at": "2026-12-03T10:00:00Z",
            "duration_min": 45, "place": "Day room", "co_facilitators": ["staff-nurse", "staff-nurse"],
            "attendees": [
                { "patient_id": "patient-001", "line": "Played guitar for the first time since admission." },
                { "patient_id": "patient-002" },
            ],
            "others_count": 2, "note": "Calm, good turnout.",
        })
    }

    #[test]
    fn a_group_is_read_with_its_attendees_and_colleagues_once_each() {
        let group = check_group_session(&good(), WRITTEN).expect("good");
        assert_eq!(group.title, "Music group");
        assert_eq!(group.co_facilitators, ["staff-nurse"]);
        assert_eq!(group.attendees.len(), 2);
        assert_eq!(group.attendees[1].line, "");
        assert_eq!(group.attended(), 4);
    }

    #[test]
    fn bad_groups_are_refused_with_the_field_to_fix() {
        let refused = |change: &dyn Fn(&mut Value)| {
            let mut payload = good();
            change(&mut payload);
            check_group_session(&payload, WRITTEN).expect_err("refused")
        };
        assert!(refused(&|p| p["title"] = json!("  ")).contains("(title)"));
        assert!(refused(&|p| p["title"] = json!("x".repeat(121))).contains("at most 120"));
        assert!(refused(&|p| p["attendees"] = json!([])).contains("at least one"));
        assert!(refused(
            &|p| p["attendees"] = json!([{ "patient_id": "patient-001" }, { "patient_id": "patient-001" }])
        )
        .contains("listed once"));
        assert!(refused(&|p| p["attendees"][0]["line"] = json!("x".repeat(2_001))).contains("at most 2000"));
        assert!(refused(&|p| p["others_count"] = json!(-1)).contains("others_count"));
        assert!(refused(&|p| p["others_count"] = json!("two")).contains("others_count"));
        assert!(refused(&|p| p["duration_min"] = json!(0)).contains("duration_min"));
        assert!(refused(&|p| p["started_at"] = json!("2026-12-03T11:00:00Z")).contains("future"));
        assert!(refused(&|p| p["ward_id"] = json!("")).contains("ward_id"));
        assert!(refused(&|p| p["co_facilitators"] = json!([7])).contains("co_facilitators"));
        let many: Vec<String> = (0..41).map(|i| format!("patient-{i}")).collect();
        let many: Vec<Value> = many.iter().map(|id| json!({ "patient_id": id })).collect();
        assert!(refused(&|p| p["attendees"] = json!(many)).contains("at most 40"));
    }

    #[test]
    fn the_form_speaks_to_the_worker_and_makes_the_payload_the_server_reads() {
        let now = chrono::DateTime::from_timestamp_millis(WRITTEN).expect("time");
        let form = GroupForm {
            title: "Music group".into(),
            started: "2026-12-03T10:00".into(),
            minutes: "45".into(),
            place: "Day room".into(),
            co_facilitators: vec!["staff-nurse".into()],
            attendees: vec![("patient-001".into(), " Sang along ".into())],
            others: "".into(),
            note: "".into(),
        };
        let payload = group_payload("ward-oak", &form, now).expect("good");
        let group = check_group_session(&payload, WRITTEN).expect("server reads it");
        assert_eq!(
            group.attendees,
            [Attendee { patient_id: "patient-001".into(), line: "Sang along".into() }]
        );
        assert_eq!(group.others_count, 0);
        let nobody = GroupForm { attendees: vec![], ..form.clone() };
        assert_eq!(
            group_payload("ward-oak", &nobody, now).unwrap_err(),
            "Tick at least one person from the caseload who came."
        );
        let untitled = GroupForm { title: " ".into(), ..form.clone() };
        assert!(group_payload("ward-oak", &untitled, now).unwrap_err().contains("title"));
        let others = GroupForm { others: "lots".into(), ..form };
        assert!(group_payload("ward-oak", &others, now).unwrap_err().contains("from 0 to 100"));
    }

    #[test]
    fn the_summary_names_who_ran_it_and_how_many_came() {
        let line = GroupLine {
            group_id: "g1".into(),
            op_id: "o1".into(),
            title: "Music group".into(),
            started_at: "2026-12-03T10:00:00Z".into(),
            duration_min: 45,
            place: String::new(),
            run_by: vec!["Sam Okafor".into(), "Priya Raman".into()],
            unnamed_co_facilitators: 0,
            attended: 5,
            line: String::new(),
            note: String::new(),
            state: RecordState::Saved,
        };
        assert_eq!(line.summary(), "Run by Sam Okafor and Priya Raman · 5 people came");
        let here =
            GroupLine { run_by: vec!["Sam Okafor".into()], unnamed_co_facilitators: 2, attended: 1, ..line };
        assert_eq!(here.summary(), "Run by Sam Okafor and 2 colleagues · 1 person came");
    }
}
