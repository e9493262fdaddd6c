//! A patient's timeline: their sessions, newest first, each with its
//! addenda underneath, and where each record is (on the server, on this
//! phone only, or refused).

use super::concern::ConcernView;
use super::contact::{ContactDetails, ContactType};
use super::group::GroupLine;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordState {
    Saved,
    Unsent,
    /// In the phone's storage, and its durable copy (the journal) is still
    /// being written: not yet safe from the phone dying.
    Saving,
    Refused(String),
}

impl RecordState {
    pub fn label(&self) -> &'static str {
        match self {
            RecordState::Saved => "Saved to server",
            RecordState::Unsent => "On this phone only",
            RecordState::Saving => "Saving on this phone…",
            RecordState::Refused(_) => "Needs attention",
        }
    }

    /// The modifier of the state tag's class.
    pub fn tag(&self) -> &'static str {
        match self {
            RecordState::Saved => "saved",
            RecordState::Unsent | RecordState::Saving => "unsent",
            RecordState::Refused(_) => "refused",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineAddendum {
    pub id: String,
    pub op_id: String,
    pub reason: String,
    pub text: String,
    pub author_name: String,
    /// RFC 3339, UTC.
    pub written_at: String,
    pub state: RecordState,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineSession {
    pub id: String,
    pub op_id: String,
    pub session_type: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub duration_min: u32,
    pub note: String,
    pub details: ContactDetails,
    pub author_name: String,
    pub state: RecordState,
    pub addenda: Vec<TimelineAddendum>,
}

/// What a session type is called on screen.
pub fn session_type_label(session_type: &str) -> &str {
    ContactType::parse(session_type).map(ContactType::label).unwrap_or(session_type)
}

/// "20 minutes", "1 hour", "1 hour 30 minutes".
pub fn duration_label(minutes: u32) -> String {
    let unit = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (minutes / 60, minutes % 60) {
        (0, m) => unit(m, "minute", "minutes"),
        (h, 0) => unit(h, "hour", "hours"),
        (h, m) => format!("{} {}", unit(h, "hour", "hours"), unit(m, "minute", "minutes")),
    }
}

/// Newest first: by start time, then id so the order never wobbles.
pub fn sort_newest_first(sessions: &mut [TimelineSession]) {
    sessions.sort_by(|a, b| b.started_at.cmp(&a.started_at).then_with(|| b.id.cmp(&a.id)));
}

/// What the timeline's filter calls a group line, and a concern.
pub const GROUP_KIND: &str = "group";
pub const CONCERN_KIND: &str = "concern";

/// One entry of a patient's timeline: a contact, or a group they came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimelineEntry {
    Session(TimelineSession),
    Group(GroupLine),
    Concern(ConcernView),
}

impl TimelineEntry {
    pub fn id(&self) -> &str {
        match self {
            TimelineEntry::Session(s) => &s.id,
            TimelineEntry::Group(g) => &g.group_id,
            TimelineEntry::Concern(c) => &c.id,
        }
    }

    pub fn started_at(&self) -> &str {
        match self {
            TimelineEntry::Session(s) => &s.started_at,
            TimelineEntry::Group(g) => &g.started_at,
            TimelineEntry::Concern(c) => &c.raised_at,
        }
    }

    /// What the filter sorts it under: the session's type, [`GROUP_KIND`]
    /// or [`CONCERN_KIND`].
    pub fn kind(&self) -> &str {
        match self {
            TimelineEntry::Session(s) => &s.session_type,
            TimelineEntry::Group(_) => GROUP_KIND,
            TimelineEntry::Concern(_) => CONCERN_KIND,
        }
    }
}

/// What a kind of entry is called in the filter.
pub fn kind_label(kind: &str) -> &str {
    match kind {
        GROUP_KIND => "Group session",
        CONCERN_KIND => "Risk or safeguarding concern",
        kind => session_type_label(kind),
    }
}

/// Sessions, group lines and concerns in one list, newest first (a
/// concern by when it was raised).
pub fn entries(
    sessions: &[TimelineSession],
    groups: &[GroupLine],
    concerns: &[ConcernView],
) -> Vec<TimelineEntry> {
    let mut all: Vec<TimelineEntry> = sessions
        .iter()
        .cloned()
        .map(TimelineEntry::Session)
        .chain(groups.iter().cloned().map(TimelineEntry::Group))
        .chain(concerns.iter().cloned().map(TimelineEntry::Concern))
        .collect();
    all.sort_by(|a, b| b.started_at().cmp(a.started_at()).then_with(|| b.id().cmp(a.id())));
    all
}

/// How many entries the timeline shows at first, and adds at each ask: a
/// long stay can leave hundreds.
pub const TIMELINE_PAGE: usize = 30;

/// The timeline's button for `older` entries not shown.
pub fn older_label(older: usize) -> String {
    match older {
        1 => "Show 1 older entry".to_owned(),
        n if n <= TIMELINE_PAGE => format!("Show {n} older entries"),
        n => format!("Show {TIMELINE_PAGE} older entries ({n} not shown)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_button_says_how_many_older_entries_it_shows() {
        assert_eq!(older_label(1), "Show 1 older entry");
        assert_eq!(older_label(12), "Show 12 older entries");
        assert_eq!(older_label(TIMELINE_PAGE), format!("Show {TIMELINE_PAGE} older entries"));
        assert_eq!(older_label(971), format!("Show {TIMELINE_PAGE} older entries (971 not shown)"));
    }

    #[test]
    fn durations_read_as_words() {
        assert_eq!(duration_label(1), "1 minute");
        assert_eq!(duration_label(20), "20 minutes");
        assert_eq!(duration_label(60), "1 hour");
        assert_eq!(duration_label(90), "1 hour 30 minutes");
        assert_eq!(duration_label(480), "8 hours");
    }

    #[test]
    fn groups_and_sessions_make_one_list_newest_first() {
        let session = |id: &str, at: &str| TimelineSession {
            id: id.into(),
            op_id: format!("op-{id}"),
            session_type: "one_to_one".into(),
            started_at: at.into(),
            duration_min: 15,
            note: "n".into(),
            details: ContactDetails::default(),
            author_name: "Sam Okafor".into(),
            state: RecordState::Saved,
            addenda: Vec::new(),
        };
        let group = GroupLine {
            group_id: "g1".into(),
            op_id: "op-g1".into(),
            title: "Music group".into(),
            started_at: "2026-12-02T10:00:00Z".into(),
            duration_min: 45,
            place: String::new(),
            run_by: vec!["Sam Okafor".into()],
            unnamed_co_facilitators: 0,
            attended: 3,
            line: String::new(),
            note: String::new(),
            state: RecordState::Saved,
        };
        let concern = ConcernView {
            id: "c1".into(),
            op_id: "op-c1".into(),
            patient_id: "patient-001".into(),
            patient_name: String::new(),
            category: "risk_to_self".into(),
            what_happened: "Said she was saving her tablets.".into(),
            done_now: "Stayed with her.".into(),
            told: String::new(),
            author_id: "staff-psw".into(),
            author_name: "Sam Okafor".into(),
            raised_at: "2026-12-02T11:00:00Z".into(),
            received_at: None,
            state: RecordState::Unsent,
            acks: Vec::new(),
            raised_on: None,
        };
        let all = entries(
            &[session("s1", "2026-12-01T09:00:00Z"), session("s2", "2026-12-03T09:00:00Z")],
            &[group],
            &[concern],
        );
        let ids: Vec<&str> = all.iter().map(TimelineEntry::id).collect();
        assert_eq!(ids, ["s2", "c1", "g1", "s1"]);
        assert_eq!(kind_label(all[1].kind()), "Risk or safeguarding concern");
        assert_eq!(kind_label(all[2].kind()), "Group session");
        assert_eq!(kind_label(all[0].kind()), "One to one support");
    }
}
