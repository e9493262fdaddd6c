//! A record the server refused, in words: what kind of record it is, and
//! all it says as plain text to copy out (into the ward's own record, say)
//! whatever becomes of it here.

use super::kept::{Kept, KeptState};
use crate::domain::instant::parse_rfc3339;
use crate::domain::sync::Hlc;
use serde_json::Value;

/// What a record of `entity` is called on screen.
pub fn kind(entity: &str) -> &'static str {
    match entity {
        "session" => "Contact",
        "addendum" => "Addendum",
        "concern" => "Concern",
        "concern_ack" => "Acknowledgement of a concern",
        "follow_up" => "Follow-up",
        "follow_up_done" => "Follow-up done",
        "group_session" => "Group session",
        "goal"
        | "goal_step"
        | "goal_checkin"
        | "goal_status"
        | "strength"
        | "wellness_plan_section"
        | "meeting_prep" => "Recovery plan",
        "shift" => "Shift",
        "shift_end" => "End of shift",
        "shift_report_received" => "Shift report received",
        "work_log" => "Supervision or reflection",
        "patient" => "Change to a person's details",
        _ => "Record",
    }
}

/// When it was written, by the phone's clock, in UK time.
pub fn written(kept: &Kept) -> String {
    let ms = Hlc::parse(&kept.op.hlc).map_or(kept.kept_ms, |hlc| hlc.ms);
    let at = i64::try_from(ms).ok().and_then(chrono::DateTime::from_timestamp_millis);
    at.map(crate::domain::uk_time::friendly).unwrap_or_default()
}

/// How far the phone's clock was fast, in words, when that is why it was
/// refused: "3 hours", "1 hour 5 minutes".
pub fn clock_fast(kept: &Kept) -> Option<String> {
    let KeptState::Rejected { clock_fast_ms, .. } = kept.state else { return None };
    let minutes = clock_fast_ms / 60_000;
    let (hours, minutes) = (minutes / 60, minutes % 60);
    let unit = |n: u64, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    match (hours, minutes) {
        (0, 0) => None,
        (0, m) => Some(unit(m, "minute")),
        (h, 0) => Some(unit(h, "hour")),
        (h, m) => Some(format!("{} {}", unit(h, "hour"), unit(m, "minute"))),
    }
}

/// Everything the record says, as text: its kind, who it is about, when it
/// was written, and each field it holds, one to a line (ids left out).
pub fn plain_text(kept: &Kept, about: Option<&str>) -> String {
    let mut lines = vec![match about {
        Some(name) => format!("{}: {name}", kind(&kept.op.entity)),
        None => kind(&kept.op.entity).to_owned(),
    }];
    lines.push(format!("Written: {} by {}", written(kept), kept.author_name));
    if let Some(fields) = kept.op.payload.as_object() {
        for (name, value) in
            fields.iter().filter(|(name, _)| !(name.ends_with("_id") || *name == "written_by"))
        {
            let time = value.as_str().filter(|_| name.ends_with("_at")).and_then(parse_rfc3339);
            let text = match value {
                Value::String(_) if time.is_some() => {
                    time.map(crate::domain::uk_time::friendly).unwrap_or_default()
                }
                Value::String(text) => words(text),
                Value::Array(items) => {
                    items.iter().filter_map(Value::as_str).map(words).collect::<Vec<_>>().join(", ")
                }
                Value::Number(n) => n.to_string(),
                Value::Bool(yes) => (if *yes { "yes" } else { "no" }).to_owned(),
                _ => String::new(),
            };
            if !text.is_empty() {
                lines.push(format!("{}: {text}", label(name)));
            }
        }
    }
    lines.join("\n")
}

/// A value as it reads: a code such as `one_to_one` as words, anything
/// written by a person exactly as written.
fn words(text: &str) -> String {
    let code = text.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    if code {
        text.replace('_', " ")
    } else {
        text.trim().to_owned()
    }
}

/// A field's name as words: `what_happened` → "What happened".
fn label(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::kept::{kept_for_test, refused};
    use serde_json::json;

    #[test]
    fn the_text_holds_every_word_written_and_no_ids() {
        let payload = json!({ "patient_id": "patient-001", "session_type": "one_to_one",
            "started_at": "2026-12-05T14:30:00Z", "duration_min": 20,
            "note": "Talked about going_home.", "themes": ["hope", "connectedness"] });
        let kept = kept_for_test("session", "s1", 1_795_617_000_000, payload, refused("Not your ward."));
        let text = plain_text(&kept, Some("Aisha"));
        assert!(text.starts_with("Contact: Aisha\nWritten: "), "{text}");
        assert!(
            text.contains("Note: Talked about going_home."),
            "written words are copied as written: {text}"
        );
        assert!(text.contains("Session type: one to one"), "{text}");
        assert!(text.contains("Themes: hope, connectedness"), "{text}");
        assert!(text.contains("Duration min: 20"), "{text}");
        assert!(text.contains("Started at: Sat 5 Dec 2026, 14:30"), "a time in UK time, in words: {text}");
        assert!(!text.contains("patient-001"), "{text}");
    }

    #[test]
    fn a_fast_clock_is_said_in_hours_and_minutes() {
        let fast = |ms: u64| {
            let state = KeptState::Rejected { reason: "Clock.".into(), clock_fast_ms: ms };
            clock_fast(&kept_for_test("session", "s1", 0, json!({}), state))
        };
        assert_eq!(fast(3 * 3_600_000).as_deref(), Some("3 hours"));
        assert_eq!(fast(3_900_000).as_deref(), Some("1 hour 5 minutes"));
        assert_eq!(fast(60_000).as_deref(), Some("1 minute"));
        assert_eq!(fast(0), None);
    }
}
