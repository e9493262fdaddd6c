//! One patient's record header, as their page shows it.

use super::concern::ConcernView;
use super::group::GroupLine;
use super::lww::FieldValue;
use super::resources::Resource;
use super::staff::WardChoice;
use super::timeline::TimelineSession;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientRecord {
    pub id: String,
    pub preferred_name: String,
    pub local_id: String,
    pub ward_name: String,
    pub site_name: String,
    /// Where the ward's sessions usually happen, offered first on the form.
    pub usual_place: String,
    pub bed: String,
    /// Every bed they have had, newest first, the current one first and the
    /// one on admission (with an empty stamp) last.
    pub bed_history: Vec<FieldValue>,
    /// ISO date, `YYYY-MM-DD`.
    pub admitted_on: String,
    pub consent_to_peer_support: bool,
    /// Whether the viewer may read who has looked at this record.
    pub can_view_audit_trail: bool,
    /// Whether the viewer may add to the record (managers read only).
    pub can_write: bool,
    /// Whether the viewer may change the patient's bed (the ward's nurse).
    pub can_update_bed: bool,
    /// The wards the viewer may move them to: every other ward, for the
    /// nurse in charge of the ward they are on; empty for everyone else.
    pub move_to: Vec<WardChoice>,
    /// Sessions and their addenda, newest first.
    pub timeline: Vec<TimelineSession>,
    /// The community resources directory, offered on the contact form
    /// (empty for a reader who records no contacts).
    pub resources: Vec<Resource>,
    /// The groups they came to, with the line written about them.
    pub group_lines: Vec<GroupLine>,
    /// Risk and safeguarding concerns about them, newest first.
    pub concerns: Vec<ConcernView>,
    /// Whether the viewer answers concerns raised here (the ward's nurse).
    pub can_acknowledge: bool,
    /// Follow-up actions for them, done or not.
    pub follow_ups: Vec<super::follow_up::FollowUpView>,
    /// Every entry of their recovery plan, oldest first (see `plan::fold`).
    pub plan: Vec<super::plan::PlanEntry>,
    /// Minutes a concern waits before the ward's manager is told.
    pub escalate_after_min: u32,
}

/// One line of a patient's audit trail, as a manager reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    /// `YYYY-MM-DD HH:MM` UTC.
    pub at: String,
    pub who: String,
    pub what: String,
    pub device: String,
}

/// What an audit action name means, in words.
pub fn audit_action_label(action: &str) -> &str {
    match action {
        "viewed_patient" => "Opened the record",
        "access_denied" => "Was refused the record",
        "viewed_audit_trail" => "Read this audit trail",
        "moved_patient" => "Moved them to another ward",
        other => other,
    }
}

/// Why a record cannot be shown, in the words the page uses; the details of
/// an `Unavailable` stay in the server's log.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("There is no patient at this address. They may have been discharged.")]
    NotFound,
    #[error("{0}")]
    Denied(&'static str),
    /// The request itself needs changing: what to change, in words.
    #[error("{0}")]
    Invalid(&'static str),
    #[error("The record could not be loaded just now. Try again in a minute.")]
    Unavailable,
}

impl RecordError {
    /// The HTTP status that says the same thing.
    pub fn status(&self) -> u16 {
        match self {
            RecordError::NotFound => 404,
            RecordError::Denied(_) => 403,
            RecordError::Invalid(_) => 422,
            RecordError::Unavailable => 503,
        }
    }
}
