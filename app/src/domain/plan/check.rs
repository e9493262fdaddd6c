//! The checks every plan op passes, on the tablet before it is saved and on
//! the server before it is stored. The messages a patient can meet are in
//! [`super::words`], in plain words.

use super::fold::PlanEntry;
use super::words;
use super::{GoalStatus, LifeArea, Section, WrittenBy, ENTRY_MAX};
use crate::domain::sync::hlc::is_uuid;
use crate::domain::sync::kind::{Lands, RecordKind};
use serde_json::{json, Map, Value};

/// A checked plan op, its payload tidied (text trimmed) as it is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanWrite {
    pub patient_id: String,
    /// The goal it belongs to: its own id for a `goal`.
    pub goal_id: Option<String>,
    pub written_by: WrittenBy,
    pub payload: Value,
}

fn text<'a>(payload: &'a Value, field: &str) -> Result<&'a str, String> {
    match payload.get(field) {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(text)) => Ok(text.trim()),
        Some(_) => Err(format!("The {field} of a plan entry must be text.")),
    }
}

/// Text of at most [`ENTRY_MAX`] characters, empty allowed.
fn words_field(payload: &Value, field: &str) -> Result<String, String> {
    let value = text(payload, field)?;
    let count = value.chars().count();
    if count > ENTRY_MAX {
        return Err(words::too_long(count));
    }
    Ok(value.to_owned())
}

/// Text that must be there.
fn required(payload: &Value, field: &str, missing: &str) -> Result<String, String> {
    let value = words_field(payload, field)?;
    if value.is_empty() {
        return Err(missing.to_owned());
    }
    Ok(value)
}

fn goal_id(payload: &Value) -> Result<String, String> {
    let id = text(payload, "goal_id")?;
    if !is_uuid(id) {
        return Err("A step, check-in or status names its goal by the goal's id (goal_id).".into());
    }
    Ok(id.to_owned())
}

/// The clock stamp of the version an edit started from, if it says.
fn base(payload: &Value) -> Result<String, String> {
    Ok(text(payload, "base_hlc")?.to_owned())
}

/// Checks a plan op's payload, for `entity` and `action`.
pub fn check_plan(entity: &str, action: &str, entity_id: &str, payload: &Value) -> Result<PlanWrite, String> {
    let patient_id = text(payload, "patient_id")?;
    if patient_id.is_empty() {
        return Err("A plan entry needs the id of the person whose plan it is (patient_id).".into());
    }
    let written_by = text(payload, "written_by")?;
    let written_by = WrittenBy::parse(written_by)
        .ok_or("A plan entry says who wrote it (written_by): patient, with_patient or staff.")?;
    let mut fields = Map::new();
    let mut goal = None;
    match (entity, action) {
        ("goal", "create" | "update") => {
            fields.insert("text".into(), required(payload, "text", words::GOAL_EMPTY)?.into());
            let area = text(payload, "life_area")?;
            let area = LifeArea::parse(area).ok_or(words::PICK_AREA)?;
            fields.insert("life_area".into(), area.as_str().into());
            fields.insert("why".into(), words_field(payload, "why")?.into());
            if action == "update" {
                fields.insert("base_hlc".into(), base(payload)?.into());
            }
            goal = Some(entity_id.to_owned());
        }
        ("goal_step", "create") => {
            goal = Some(goal_id(payload)?);
            fields.insert("text".into(), required(payload, "text", words::STEP_EMPTY)?.into());
        }
        ("goal_step", "update") => {
            goal = Some(goal_id(payload)?);
            let done = payload
                .get("done")
                .and_then(Value::as_bool)
                .ok_or("A change to a step says whether it is done (done: true or false).")?;
            fields.insert("done".into(), done.into());
        }
        ("goal_checkin", "create") => {
            goal = Some(goal_id(payload)?);
            let score = payload.get("score").and_then(Value::as_u64).filter(|s| *s <= 10);
            let score = score.ok_or(words::SCORE_RANGE)?;
            fields.insert("score".into(), score.into());
            fields.insert("comment".into(), words_field(payload, "comment")?.into());
        }
        ("goal_status", "create") => {
            goal = Some(goal_id(payload)?);
            let status = GoalStatus::parse(text(payload, "status")?).ok_or(
                "A goal's status is one of active, achieved, paused or let_go (status).",
            )?;
            fields.insert("status".into(), status.as_str().into());
            fields.insert("note".into(), words_field(payload, "note")?.into());
        }
        ("strength", "create") => {
            let kind = text(payload, "kind")?;
            if kind != "strength" && kind != "interest" {
                return Err("A strength is a strength or an interest (kind).".into());
            }
            fields.insert("kind".into(), kind.into());
            fields.insert("text".into(), required(payload, "text", words::STRENGTH_EMPTY)?.into());
        }
        ("wellness_plan_section", "create") => {
            let section = Section::parse(text(payload, "section")?).ok_or(
                "The wellness plan's parts are keep_well, triggers, warning_signs, what_helps and contacts (section).",
            )?;
            fields.insert("section".into(), section.as_str().into());
            fields.insert("text".into(), words_field(payload, "text")?.into());
            fields.insert("base_hlc".into(), base(payload)?.into());
        }
        ("meeting_prep", "create") => {
            fields.insert("text".into(), words_field(payload, "text")?.into());
            fields.insert("base_hlc".into(), base(payload)?.into());
        }
        (_, other) => {
            return Err(format!(
                "A {entity} is never changed ('{other}'): what is written stays in the plan's history; write a new version instead."
            ))
        }
    }
    fields.insert("patient_id".into(), patient_id.into());
    fields.insert("written_by".into(), written_by.as_str().into());
    if let Some(goal) = &goal {
        if entity != "goal" {
            fields.insert("goal_id".into(), goal.clone().into());
        }
    }
    Ok(PlanWrite {
        patient_id: patient_id.to_owned(),
        goal_id: goal,
        written_by,
        payload: Value::Object(fields),
    })
}

/// Judges a plan op against what is already known of its goal (every entry
/// with that goal's id, in any order): the goal must exist and be this
/// person's, a step changed must be one of its steps, and a goal let go
/// takes no check-ins written after it was let go.
pub fn judge_goal_child(
    write: &PlanWrite,
    entity: &str,
    action: &str,
    entity_id: &str,
    hlc: &str,
    goal_entries: &[PlanEntry],
) -> Result<(), String> {
    let Some(goal_id) = &write.goal_id else { return Ok(()) };
    if entity == "goal" && action == "create" {
        return Ok(());
    }
    let made =
        goal_entries.iter().find(|e| e.entity == "goal" && e.action == "create" && &e.entity_id == goal_id);
    let Some(made) = made else {
        return Err("There is no goal with this id in this plan yet (goal_id). Nothing was stored.".into());
    };
    if made.field("patient_id") != write.patient_id {
        return Err(
            "This goal is in another person's plan, so nothing can be added to it here. Nothing was stored."
                .into(),
        );
    }
    if entity == "goal_step" && action == "update" {
        let step = goal_entries.iter().any(|e| {
            e.entity == "goal_step"
                && e.action == "create"
                && e.entity_id == entity_id
                && e.field("goal_id") == goal_id
        });
        if !step {
            return Err("There is no step with this id on this goal. Nothing was stored.".into());
        }
    }
    if entity == "goal_checkin" && status_at(goal_entries, hlc) == GoalStatus::LetGo {
        return Err(words::CHECKIN_LET_GO.into());
    }
    Ok(())
}

/// A goal's status as of the clock stamp `hlc`: the latest change at or
/// before it, by stamp; active before any.
pub fn status_at(goal_entries: &[PlanEntry], hlc: &str) -> GoalStatus {
    goal_entries
        .iter()
        .filter(|e| e.entity == "goal_status" && e.hlc.as_str() <= hlc)
        .max_by(|a, b| (&a.hlc, &a.op_id).cmp(&(&b.hlc, &b.op_id)))
        .and_then(|e| GoalStatus::parse(e.field("status")))
        .unwrap_or(GoalStatus::Active)
}

/// A plan op's payload as the forms send it.
pub fn payload(patient_id: &str, written_by: WrittenBy, fields: Value) -> Value {
    let mut payload = json!({ "patient_id": patient_id, "written_by": written_by.as_str() });
    if let (Some(all), Value::Object(more)) = (payload.as_object_mut(), fields) {
        all.extend(more);
    }
    payload
}

impl RecordKind for PlanWrite {
    fn lands(&self) -> Lands<'_> {
        Lands::OnPatient(&self.patient_id)
    }
}
