//! A patient's timeline: their sessions, newest first, each with its
//! addenda underneath, and where each record is (on the server, on this
//! phone only, or refused).

use super::contact::{ContactDetails, ContactType};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordState {
    Saved,
    Unsent,
    Refused(String),
}

impl RecordState {
    pub fn label(&self) -> &'static str {
        match self {
            RecordState::Saved => "Saved to server",
            RecordState::Unsent => "On this phone only",
            RecordState::Refused(_) => "Needs attention",
        }
    }

    /// The modifier of the state tag's class.
    pub fn tag(&self) -> &'static str {
        match self {
            RecordState::Saved => "saved",
            RecordState::Unsent => "unsent",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_words() {
        assert_eq!(duration_label(1), "1 minute");
        assert_eq!(duration_label(20), "20 minutes");
        assert_eq!(duration_label(60), "1 hour");
        assert_eq!(duration_label(90), "1 hour 30 minutes");
        assert_eq!(duration_label(480), "8 hours");
    }
}
