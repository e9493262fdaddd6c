//! Lays the groups this phone holds over the group lines the server drew
//! for one patient: a group recorded here and not yet sent, or pulled since
//! the page was drawn.

use super::kept::Kept;
use super::overlay::state;
use crate::domain::group::GroupLine;
use crate::domain::instant::{parse_rfc3339, rfc3339_seconds};
use serde_json::Value;

/// The line a kept group holds about `patient_id`, if they came.
fn line_about<'a>(kept: &'a Kept, patient_id: &str) -> Option<&'a str> {
    let attendees = kept.op.payload.get("attendees")?.as_array()?;
    let me = attendees.iter().find(|a| a.get("patient_id").and_then(Value::as_str) == Some(patient_id))?;
    Some(me.get("line").and_then(Value::as_str).unwrap_or_default())
}

fn as_line(kept: &Kept, line: &str) -> GroupLine {
    let count = |field: &str| kept.op.payload.get(field).and_then(Value::as_array).map_or(0, Vec::len) as u32;
    let others = kept.op.payload.get("others_count").and_then(Value::as_u64).unwrap_or_default() as u32;
    GroupLine {
        group_id: kept.op.entity_id.clone(),
        op_id: kept.op.id.clone(),
        title: kept.field("title").trim().to_owned(),
        started_at: parse_rfc3339(kept.field("started_at")).map(rfc3339_seconds).unwrap_or_default(),
        duration_min: kept.op.payload.get("duration_min").and_then(Value::as_u64).unwrap_or_default() as u32,
        place: kept.field("place").trim().to_owned(),
        run_by: vec![kept.author_name.clone()],
        unnamed_co_facilitators: count("co_facilitators"),
        attended: count("attendees") + others,
        line: line.trim().to_owned(),
        note: kept.field("note").trim().to_owned(),
        state: state(kept),
    }
}

/// The server's group lines for `patient_id` with the phone's laid over
/// them. The server's copy of a group wins over the phone's.
pub fn group_lines(server: &[GroupLine], kept: &[Kept], patient_id: &str) -> Vec<GroupLine> {
    let mut all = server.to_vec();
    for k in kept.iter().filter(|k| k.op.entity == "group_session" && k.op.action == "create") {
        let Some(line) = line_about(k, patient_id) else { continue };
        if !all.iter().any(|g| g.group_id == k.op.entity_id) {
            all.push(as_line(k, line));
        }
    }
    all
}

/// Whether `staff_id` ran this kept group (wrote it, or is named on it).
pub(super) fn ran_group(kept: &Kept, staff_id: &str) -> bool {
    kept.author == staff_id
        || kept
            .op
            .payload
            .get("co_facilitators")
            .and_then(Value::as_array)
            .is_some_and(|ids| ids.iter().any(|id| id.as_str() == Some(staff_id)))
}

/// Everyone a kept group lists as having come.
pub(super) fn attendee_ids(kept: &Kept) -> Vec<String> {
    let attendees = kept.op.payload.get("attendees").and_then(Value::as_array);
    attendees
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("patient_id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sync::Op;
    use crate::domain::timeline::RecordState;
    use crate::sync::KeptState;
    use serde_json::json;

    fn group(id: &str, state: KeptState) -> Kept {
        Kept {
            op: Op {
                id: format!("op-{id}"),
                entity: "group_session".into(),
                entity_id: id.into(),
                action: "create".into(),
                hlc: "001796292000000:00000:6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10".into(),
                payload: json!({
                    "ward_id": "ward-oak", "title": "Music group", "started_at": "2026-12-03T10:00:00Z",
                    "duration_min": 45, "co_facilitators": ["staff-nurse"], "note": " Calm. ",
                    "attendees": [{ "patient_id": "patient-001", "line": "Sang along" }, { "patient_id": "patient-002" }],
                    "others_count": 1,
                }),
            },
            author: "staff-psw".into(),
            author_name: "Sam Okafor".into(),
            state,
            kept_ms: 1_796_292_000_000,
            earlier: Value::Null,
        }
    }

    #[test]
    fn a_group_recorded_here_shows_on_each_attendees_timeline_with_their_own_line() {
        let held = [group("g1", KeptState::Unsent)];
        let first = group_lines(&[], &held, "patient-001");
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].line, "Sang along");
        assert_eq!(first[0].attended, 3);
        assert_eq!(first[0].state, RecordState::Unsent);
        assert_eq!(first[0].note, "Calm.", "the group's note, which names nobody, shows to each");
        assert_eq!(first[0].summary(), "Run by Sam Okafor and 1 colleague · 3 people came");
        assert_eq!(group_lines(&[], &held, "patient-002")[0].line, "");
        assert!(group_lines(&[], &held, "patient-003").is_empty());
        // The server's copy wins.
        let server =
            GroupLine { run_by: vec!["Sam Okafor".into(), "Priya Raman".into()], ..first[0].clone() };
        let shown = group_lines(std::slice::from_ref(&server), &held, "patient-001");
        assert_eq!(shown, [server]);
    }

    #[test]
    fn its_author_and_colleagues_ran_it() {
        let held = group("g1", KeptState::Saved);
        assert!(ran_group(&held, "staff-psw"));
        assert!(ran_group(&held, "staff-nurse"));
        assert!(!ran_group(&held, "staff-manager"));
        assert_eq!(attendee_ids(&held), ["patient-001", "patient-002"]);
    }
}
