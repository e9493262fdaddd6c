//! What `POST /api/sync` answers, as devices read it.

use super::ops::Op;
use serde::{Deserialize, Serialize};

/// What became of one submitted op.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OpStatus {
    Applied,
    Duplicate,
    Rejected,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpResult {
    pub id: String,
    pub status: OpStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An op someone else wrote about a patient in the caller's scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    #[serde(flatten)]
    pub op: Op,
    /// The author's staff id.
    pub author: String,
    pub author_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SyncAnswer {
    pub results: Vec<OpResult>,
    pub changes: Vec<Change>,
    pub cursor: String,
    pub more: bool,
}

/// The body of `POST /api/sync` as a device sends it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SyncBody<'a> {
    pub device_id: &'a str,
    pub cursor: Option<&'a str>,
    pub ops: Vec<SentOp<'a>>,
}

/// One op in a request: as this release writes it, or exactly as an
/// earlier version of Alongside stored it (the server judges that one).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SentOp<'a> {
    Now(&'a Op),
    Earlier(&'a serde_json::Value),
}
