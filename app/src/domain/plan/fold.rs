//! The plan as it reads now, folded from its ops: the same on the server
//! (from the stored entries) and on a device (those entries and its own).

use super::{GoalStatus, LifeArea, Section, WrittenBy};
use crate::domain::instant::rfc3339_seconds;
use crate::domain::sync::Hlc;
use crate::domain::timeline::RecordState;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One plan op as it is stored and sent to the pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanEntry {
    pub op_id: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub hlc: String,
    pub author_name: String,
    pub payload: Value,
    pub state: RecordState,
}

impl PlanEntry {
    /// A text field of the payload, or "".
    pub fn field(&self, name: &str) -> &str {
        self.payload.get(name).and_then(Value::as_str).unwrap_or_default()
    }

    fn written(&self) -> Written {
        let at = Hlc::parse(&self.hlc)
            .ok()
            .and_then(|h| chrono::DateTime::from_timestamp_millis(i64::try_from(h.ms).unwrap_or_default()))
            .map(rfc3339_seconds)
            .unwrap_or_default();
        Written {
            op_id: self.op_id.clone(),
            author_name: self.author_name.clone(),
            written_by: WrittenBy::parse(self.field("written_by")).unwrap_or(WrittenBy::Staff),
            at,
            hlc: self.hlc.clone(),
            state: self.state.clone(),
        }
    }
}

/// Who wrote an entry, how, when, and whether the server has it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    /// The op that wrote it.
    pub op_id: String,
    /// The member of staff signed in when it was written.
    pub author_name: String,
    pub written_by: WrittenBy,
    /// RFC 3339, UTC.
    pub at: String,
    pub hlc: String,
    pub state: RecordState,
}

/// One version of a piece of text (a goal, a part of the wellness plan, what
/// to say at a meeting). `life_area` and `why` are a goal's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub text: String,
    pub life_area: Option<LifeArea>,
    pub why: String,
    pub written: Written,
}

/// Every version of a piece of text, newest first: the first is current.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Versions {
    pub versions: Vec<Version>,
    /// Two versions were written from the same one, on two devices at once:
    /// both are kept, the newer current.
    pub changed_at_once: bool,
}

impl Versions {
    pub fn current(&self) -> Option<&Version> {
        self.versions.first()
    }

    /// Adds versions given oldest first with the stamp each was edited from.
    fn from_oldest(list: Vec<(Version, String)>) -> Versions {
        let mut changed_at_once = false;
        for pair in list.windows(2) {
            let (before, after) = (&pair[0].0, &pair[1]);
            if !after.1.is_empty() && after.1 != before.written.hlc {
                changed_at_once = true;
            }
        }
        let mut versions: Vec<Version> = list.into_iter().map(|(v, _)| v).collect();
        versions.reverse();
        Versions { versions, changed_at_once }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: String,
    pub text: String,
    pub done: bool,
    pub written: Written,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkin {
    pub id: String,
    /// 0 (far from it) to 10 (there).
    pub score: u8,
    pub comment: String,
    pub written: Written,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusChange {
    pub status: GoalStatus,
    pub note: String,
    pub written: Written,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Goal {
    pub id: String,
    pub words: Versions,
    /// In the order they were added.
    pub steps: Vec<Step>,
    /// Oldest first, as the chart reads them.
    pub checkins: Vec<Checkin>,
    /// Newest first; the first is the current status.
    pub statuses: Vec<StatusChange>,
}

impl Goal {
    pub fn status(&self) -> GoalStatus {
        self.statuses.first().map_or(GoalStatus::Active, |s| s.status)
    }

    pub fn text(&self) -> &str {
        self.words.current().map_or("", |v| v.text.as_str())
    }

    pub fn life_area(&self) -> LifeArea {
        self.words.current().and_then(|v| v.life_area).unwrap_or(LifeArea::Other)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Strength {
    pub id: String,
    /// `strength` or `interest`.
    pub kind: String,
    pub text: String,
    pub written: Written,
}

/// A person's plan as it reads now, with its history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecoveryPlan {
    /// In the order they were set.
    pub goals: Vec<Goal>,
    pub strengths: Vec<Strength>,
    /// Each part of the wellness plan, in [`Section::ALL`] order.
    pub sections: Vec<(Section, Versions)>,
    pub meeting: Versions,
}

impl RecoveryPlan {
    pub fn goal(&self, id: &str) -> Option<&Goal> {
        self.goals.iter().find(|g| g.id == id)
    }

    pub fn is_empty(&self) -> bool {
        self.goals.is_empty()
            && self.strengths.is_empty()
            && self.meeting.versions.is_empty()
            && self.sections.iter().all(|(_, v)| v.versions.is_empty())
    }
}

fn version(entry: &PlanEntry) -> (Version, String) {
    let version = Version {
        text: entry.field("text").to_owned(),
        life_area: LifeArea::parse(entry.field("life_area")),
        why: entry.field("why").to_owned(),
        written: entry.written(),
    };
    (version, entry.field("base_hlc").to_owned())
}

/// Folds one person's plan entries (the server's first, then the device's:
/// an op listed twice counts once) into their plan.
pub fn fold(entries: &[PlanEntry]) -> RecoveryPlan {
    let mut seen = std::collections::HashSet::new();
    let mut all: Vec<&PlanEntry> = entries.iter().filter(|e| seen.insert(e.op_id.as_str())).collect();
    all.sort_by(|a, b| (&a.hlc, &a.op_id).cmp(&(&b.hlc, &b.op_id)));
    let of = |entity: &'static str| all.iter().copied().filter(move |e| e.entity == entity);

    let mut goals: Vec<Goal> = Vec::new();
    for made in of("goal").filter(|e| e.action == "create") {
        if goals.iter().any(|g| g.id == made.entity_id) {
            continue;
        }
        let id = made.entity_id.clone();
        let versions: Vec<(Version, String)> =
            of("goal").filter(|e| e.entity_id == id).map(version).collect();
        let steps = of("goal_step")
            .filter(|e| e.action == "create" && e.field("goal_id") == id)
            .map(|e| {
                let done = of("goal_step")
                    .rfind(|u| u.action == "update" && u.entity_id == e.entity_id)
                    .and_then(|u| u.payload.get("done").and_then(Value::as_bool))
                    .unwrap_or(false);
                Step { id: e.entity_id.clone(), text: e.field("text").to_owned(), done, written: e.written() }
            })
            .collect();
        let checkins = of("goal_checkin")
            .filter(|e| e.field("goal_id") == id)
            .map(|e| Checkin {
                id: e.entity_id.clone(),
                score: e.payload.get("score").and_then(Value::as_u64).unwrap_or_default().min(10) as u8,
                comment: e.field("comment").to_owned(),
                written: e.written(),
            })
            .collect();
        let mut statuses: Vec<StatusChange> = of("goal_status")
            .filter(|e| e.field("goal_id") == id)
            .filter_map(|e| {
                let status = GoalStatus::parse(e.field("status"))?;
                Some(StatusChange { status, note: e.field("note").to_owned(), written: e.written() })
            })
            .collect();
        statuses.reverse();
        goals.push(Goal { id, words: Versions::from_oldest(versions), steps, checkins, statuses });
    }
    let strengths = of("strength")
        .map(|e| Strength {
            id: e.entity_id.clone(),
            kind: e.field("kind").to_owned(),
            text: e.field("text").to_owned(),
            written: e.written(),
        })
        .collect();
    let sections = Section::ALL
        .into_iter()
        .map(|section| {
            let list =
                of("wellness_plan_section").filter(|e| e.field("section") == section.as_str()).map(version);
            (section, Versions::from_oldest(list.collect()))
        })
        .collect();
    let meeting = Versions::from_oldest(of("meeting_prep").map(version).collect());
    RecoveryPlan { goals, strengths, sections, meeting }
}
