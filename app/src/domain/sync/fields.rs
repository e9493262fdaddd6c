//! The fields each kind of record defines. The server stores an op's
//! payload with only these (a field it does not define is dropped, so a
//! device cannot make other phones read something the rules never checked)
//! and refuses a field only the server may set.

use super::ops::{CheckedOp, Op, Rejection};
use serde_json::{Map, Value};

/// The payload fields of each kind of record a device writes.
const DEFINED: &[(&str, &[&str])] = &[
    (
        "session",
        &[
            "patient_id",
            "session_type",
            "started_at",
            "duration_min",
            "note",
            "place",
            "themes",
            "lived_experience_shared",
            "signposting",
            "engagement",
            "planned_activity",
            "late_reason",
        ],
    ),
    ("addendum", &["session_id", "reason", "text"]),
    ("patient", &["bed"]),
    ("concern", &["patient_id", "category", "what_happened", "done_now", "told", "session_id"]),
    ("concern_ack", &["concern_id", "response"]),
    ("follow_up", &["patient_id", "text", "due_on", "session_id"]),
    ("follow_up_done", &["follow_up_id", "note"]),
    (
        "group_session",
        &[
            "ward_id",
            "title",
            "started_at",
            "duration_min",
            "place",
            "co_facilitators",
            "attendees",
            "others_count",
            "note",
        ],
    ),
    ("shift", &["ward_id", "started_at", "plan", "for_nurse"]),
    ("shift_end", &["shift_id", "ended_at", "what_happened", "for_nurse"]),
    ("shift_report_received", &["report_id"]),
    ("work_log", &["ward_id", "kind", "on", "minutes", "with_whom"]),
    ("goal", &["patient_id", "written_by", "text", "life_area", "why", "base_hlc"]),
    ("goal_step", &["patient_id", "written_by", "goal_id", "text", "done"]),
    ("goal_checkin", &["patient_id", "written_by", "goal_id", "score", "comment"]),
    ("goal_status", &["patient_id", "written_by", "goal_id", "status", "note"]),
    ("strength", &["patient_id", "written_by", "kind", "text"]),
    ("wellness_plan_section", &["patient_id", "written_by", "section", "text", "base_hlc"]),
    ("meeting_prep", &["patient_id", "written_by", "text", "base_hlc"]),
];

/// The fields of each item of a list field: (kind, list, item fields).
const DEFINED_IN_LISTS: &[(&str, &str, &[&str])] = &[("group_session", "attendees", &["patient_id", "line"])];

/// Fields only the server writes, which other phones trust: (kind, field,
/// why a device may not set it).
const SERVER_ONLY: &[(&str, &str, &str)] = &[(
    "shift_end",
    "closed_automatically",
    "Only the server closes a shift automatically (closed_automatically); check out without it.",
)];

/// A checked op as the server stores it, and hands it to other phones:
/// refused if it sets a field only the server may set, else with only the
/// fields its kind defines (nothing the checks did not read). Server-side
/// only: the phone's own copy is what it wrote.
pub fn as_stored(checked: CheckedOp) -> Result<CheckedOp, Rejection> {
    let CheckedOp { op, hlc, write } = checked;
    if let Err(reason) = check_server_only(&op.entity, &op.payload) {
        return Err(Rejection { id: op.id, reason });
    }
    let op = Op { payload: keep_defined(&op.entity, &op.payload), ..op };
    Ok(CheckedOp { op, hlc, write })
}

/// The fields `entity` defines, if Alongside knows it.
pub fn defined(entity: &str) -> Option<&'static [&'static str]> {
    DEFINED.iter().find(|(kind, _)| *kind == entity).map(|(_, fields)| *fields)
}

/// Refuses a payload that sets a field only the server may set.
pub fn check_server_only(entity: &str, payload: &Value) -> Result<(), String> {
    SERVER_ONLY
        .iter()
        .find(|(kind, field, _)| *kind == entity && payload.get(field).is_some())
        .map_or(Ok(()), |(_, _, why)| Err((*why).to_owned()))
}

/// `payload` with only the fields `entity` defines (and only the defined
/// fields of the items of its lists); an unknown kind's is left as it is.
pub fn keep_defined(entity: &str, payload: &Value) -> Value {
    let (Some(fields), Some(given)) = (defined(entity), payload.as_object()) else {
        return payload.clone();
    };
    let mut kept: Map<String, Value> = given
        .iter()
        .filter(|(name, _)| fields.contains(&name.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (_, list, item_fields) in DEFINED_IN_LISTS.iter().filter(|(kind, _, _)| *kind == entity) {
        if let Some(Value::Array(items)) = kept.get_mut(*list) {
            for item in items.iter_mut() {
                if let Value::Object(item) = item {
                    item.retain(|name, _| item_fields.contains(&name.as_str()));
                }
            }
        }
    }
    Value::Object(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::concern::{concern_payload, ConcernForm};
    use crate::domain::group::{group_payload, GroupForm};
    use crate::domain::plan::{payload as plan_payload, WrittenBy};
    use crate::domain::session_form::{addendum_payload, bed_payload, contact_payload, ContactForm};
    use serde_json::json;

    fn unchanged(entity: &str, payload: &Value) {
        assert_eq!(&keep_defined(entity, payload), payload, "the app's own {entity} lost a field");
    }

    #[test]
    fn everything_the_app_itself_writes_is_kept_whole() {
        let now = crate::domain::uk_time::parse_field("2026-07-02T09:00").expect("time");
        let contact = ContactForm {
            session_type: "one_to_one".into(),
            started: "2026-06-20T10:00".into(),
            minutes: "30".into(),
            note: "Talked about going home.".into(),
            place: "Garden".into(),
            themes: vec!["hope".into()],
            engagement: "a_little".into(),
            planned_activity: "yes".into(),
            lived_experience_shared: true,
            signposting: "Walking group".into(),
            late_reason: "Phone was lost for a week".into(),
        };
        unchanged("session", &contact_payload("patient-001", &contact, now).expect("a contact"));
        unchanged("addendum", &addendum_payload("s", "Wrong day", "It was Tuesday").expect("an addendum"));
        unchanged("patient", &bed_payload("Bay 2, bed 14").expect("a bed"));
        let concern = ConcernForm {
            category: "risk_to_self".into(),
            what_happened: "Said she had been saving tablets.".into(),
            done_now: "Stayed with her.".into(),
            told: "Priya Raman".into(),
            session_id: Some("6f1c1c2e-8a8b-4c4e-9d7e-2f0a6b1d3c11".into()),
        };
        unchanged("concern", &concern_payload("patient-001", &concern).expect("a concern"));
        let group = GroupForm {
            title: "Music group".into(),
            started: "2026-07-02T08:00".into(),
            minutes: "45".into(),
            place: "Day room".into(),
            co_facilitators: vec!["staff-nurse".into()],
            attendees: vec![("patient-001".into(), "Sang along".into())],
            others: "2".into(),
            note: "Calm.".into(),
        };
        unchanged("group_session", &group_payload("ward-oak", &group, now).expect("a group"));
        let by = WrittenBy::WithPatient;
        for (entity, fields) in [
            ("goal", json!({ "text": "Go home", "life_area": "home", "why": "My cat", "base_hlc": "" })),
            ("goal_step", json!({ "goal_id": "g", "text": "Ring my sister", "done": true })),
            ("goal_checkin", json!({ "goal_id": "g", "score": 6, "comment": "Better" })),
            ("goal_status", json!({ "goal_id": "g", "status": "achieved", "note": "" })),
            ("strength", json!({ "kind": "interest", "text": "Guitar" })),
            ("wellness_plan_section", json!({ "text": "Walks", "base_hlc": "", "section": "keep_well" })),
            ("meeting_prep", json!({ "text": "Ask about leave", "base_hlc": "" })),
        ] {
            unchanged(entity, &plan_payload("patient-001", by, fields));
        }
        // Built in the forms themselves.
        unchanged("concern_ack", &json!({ "concern_id": "c", "response": "Seen" }));
        unchanged(
            "follow_up",
            &json!({ "patient_id": "p", "text": "Call", "due_on": "", "session_id": "s" }),
        );
        unchanged("follow_up_done", &json!({ "follow_up_id": "f" }));
        unchanged("shift", &json!({ "ward_id": "w", "plan": "", "for_nurse": "", "started_at": "t" }));
        unchanged(
            "shift_end",
            &json!({ "shift_id": "s", "what_happened": "", "for_nurse": "", "ended_at": "t" }),
        );
        unchanged("shift_report_received", &json!({ "report_id": "r" }));
        unchanged(
            "work_log",
            &json!({ "ward_id": "w", "kind": "training", "on": "d", "minutes": 30, "with_whom": "" }),
        );
    }

    #[test]
    fn fields_a_kind_does_not_define_are_dropped_down_to_its_lists() {
        let sent = json!({
            "ward_id": "ward-oak", "title": "Music", "injected": "<b>x</b>",
            "attendees": [{ "patient_id": "patient-001", "line": "Sang", "score": 10 }, "odd"],
        });
        let kept = keep_defined("group_session", &sent);
        assert_eq!(
            kept,
            json!({ "ward_id": "ward-oak", "title": "Music",
                    "attendees": [{ "patient_id": "patient-001", "line": "Sang" }, "odd"] })
        );
        assert_eq!(keep_defined("unknown_kind", &sent), sent, "an unknown kind is refused elsewhere");
    }

    #[test]
    fn a_device_may_not_set_what_only_the_server_sets() {
        let closed = json!({ "shift_id": "s", "closed_automatically": false });
        assert!(
            check_server_only("shift_end", &closed).is_err_and(|why| why.contains("closed_automatically"))
        );
        assert_eq!(check_server_only("shift_end", &json!({ "shift_id": "s" })), Ok(()));
        assert_eq!(check_server_only("session", &closed), Ok(()), "another kind's field is only dropped");
    }

    #[test]
    fn every_kind_the_checks_know_has_its_fields() {
        for entity in crate::domain::plan::ENTITIES {
            assert!(defined(entity).is_some(), "{entity}");
        }
    }
}
