//! "My recovery plan": a patient's goals, steps, check-ins, strengths,
//! wellness plan and what they want their care team to hear, in their own
//! words. Every part is a sync op; nothing is ever overwritten: a change is
//! a new version, and [`fold`] turns the ops into the plan as it reads now,
//! with its history, the same way on the server and on every device.

mod check;
mod fold;
pub mod words;

pub use check::{check_plan, judge_goal_child, payload, status_at, PlanWrite};
#[cfg(test)]
mod tests;
pub use fold::{
    fold, Checkin, Goal, PlanEntry, RecoveryPlan, StatusChange, Step, Strength, Version, Versions, Written,
};

use serde::{Deserialize, Serialize};

/// One person's plan as the server holds it: whose it is, whether the
/// reader may add to it, and its entries. Nothing else of their record, so
/// a page handed to a patient carries no one's notes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanRecord {
    pub patient_id: String,
    pub preferred_name: String,
    pub can_write: bool,
    pub entries: Vec<PlanEntry>,
}

/// The longest entry a patient writes, in characters.
pub const ENTRY_MAX: usize = 5_000;

/// The sync entities of the plan.
pub const ENTITIES: [&str; 7] =
    ["goal", "goal_step", "goal_checkin", "goal_status", "strength", "wellness_plan_section", "meeting_prep"];

/// Who wrote an entry: shown on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WrittenBy {
    /// The patient, on the ward tablet.
    Patient,
    /// The member of staff typed it with the patient, in their words.
    WithPatient,
    /// The member of staff alone.
    Staff,
}

impl WrittenBy {
    pub const ALL: [WrittenBy; 3] = [WrittenBy::Patient, WrittenBy::WithPatient, WrittenBy::Staff];

    pub fn as_str(self) -> &'static str {
        match self {
            WrittenBy::Patient => "patient",
            WrittenBy::WithPatient => "with_patient",
            WrittenBy::Staff => "staff",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.as_str() == text)
    }

    /// "Written by Aisha", "Written by Sam Okafor with Aisha", "Written by Sam Okafor".
    pub fn line(self, patient: &str, staff: &str) -> String {
        match self {
            WrittenBy::Patient => format!("Written by {patient}"),
            WrittenBy::WithPatient => format!("Written by {staff} with {patient}"),
            WrittenBy::Staff => format!("Written by {staff}"),
        }
    }
}

/// The part of life a goal is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LifeArea {
    Home,
    WorkAndLearning,
    Relationships,
    PhysicalHealth,
    MentalWellbeing,
    Money,
    Leisure,
    IdentityAndCulture,
    Other,
}

impl LifeArea {
    pub const ALL: [LifeArea; 9] = [
        LifeArea::Home,
        LifeArea::WorkAndLearning,
        LifeArea::Relationships,
        LifeArea::PhysicalHealth,
        LifeArea::MentalWellbeing,
        LifeArea::Money,
        LifeArea::Leisure,
        LifeArea::IdentityAndCulture,
        LifeArea::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LifeArea::Home => "home",
            LifeArea::WorkAndLearning => "work_and_learning",
            LifeArea::Relationships => "relationships",
            LifeArea::PhysicalHealth => "physical_health",
            LifeArea::MentalWellbeing => "mental_wellbeing",
            LifeArea::Money => "money",
            LifeArea::Leisure => "leisure",
            LifeArea::IdentityAndCulture => "identity_and_culture",
            LifeArea::Other => "other",
        }
    }

    /// In plain words, as the patient picks it.
    pub fn label(self) -> &'static str {
        match self {
            LifeArea::Home => "Home",
            LifeArea::WorkAndLearning => "Work and learning",
            LifeArea::Relationships => "Family and friends",
            LifeArea::PhysicalHealth => "My body and health",
            LifeArea::MentalWellbeing => "How I feel",
            LifeArea::Money => "Money",
            LifeArea::Leisure => "Free time and fun",
            LifeArea::IdentityAndCulture => "Who I am and my culture",
            LifeArea::Other => "Something else",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// Where a goal stands. Each change is kept, ordered by its clock stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    Active,
    Achieved,
    Paused,
    LetGo,
}

impl GoalStatus {
    pub const ALL: [GoalStatus; 4] =
        [GoalStatus::Active, GoalStatus::Achieved, GoalStatus::Paused, GoalStatus::LetGo];

    pub fn as_str(self) -> &'static str {
        match self {
            GoalStatus::Active => "active",
            GoalStatus::Achieved => "achieved",
            GoalStatus::Paused => "paused",
            GoalStatus::LetGo => "let_go",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GoalStatus::Active => "Working on it",
            GoalStatus::Achieved => "Done it",
            GoalStatus::Paused => "On hold",
            GoalStatus::LetGo => "Let it go",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The parts of the wellness plan (in the style of WRAP).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    KeepWell,
    Triggers,
    WarningSigns,
    WhatHelps,
    Contacts,
}

impl Section {
    pub const ALL: [Section; 5] =
        [Section::KeepWell, Section::Triggers, Section::WarningSigns, Section::WhatHelps, Section::Contacts];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::KeepWell => "keep_well",
            Section::Triggers => "triggers",
            Section::WarningSigns => "warning_signs",
            Section::WhatHelps => "what_helps",
            Section::Contacts => "contacts",
        }
    }

    /// The heading, in the patient's voice.
    pub fn heading(self) -> &'static str {
        match self {
            Section::KeepWell => "What keeps me well each day",
            Section::Triggers => "Things that can upset me",
            Section::WarningSigns => "Signs I am not feeling well",
            Section::WhatHelps => "What helps when things are hard",
            Section::Contacts => "Who I would like you to call, and how",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}
