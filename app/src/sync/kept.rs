//! A record as the device keeps it: the op, who wrote it, and whether it is
//! on this phone only, safely on the server, or needs attention.

use crate::domain::sync::Op;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum KeptState {
    /// Written here, not yet confirmed by the server.
    Unsent,
    /// The server refused it; it stays here until the person deals with it.
    Rejected { reason: String },
    /// The server has it (sent from here, or pulled from `changes`).
    Saved,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub op: Op,
    /// The author's staff id.
    pub author: String,
    pub author_name: String,
    #[serde(flatten)]
    pub state: KeptState,
    /// When it reached this device (ms since the epoch).
    pub kept_ms: u64,
}

impl Kept {
    /// What the record's state says to the person reading it.
    pub fn state_label(&self) -> &'static str {
        match self.state {
            KeptState::Unsent => "On this phone only",
            KeptState::Rejected { .. } => "Needs attention",
            KeptState::Saved => "Saved to server",
        }
    }

    pub fn is_unsent(&self) -> bool {
        self.state == KeptState::Unsent
    }

    /// A text field of the payload, or "".
    pub fn field(&self, name: &str) -> &str {
        self.op.payload.get(name).and_then(|v| v.as_str()).unwrap_or_default()
    }
}

/// A record as Sam Okafor's phone keeps it, for the overlays' tests: `id`
/// is the record's, its op is `op-{id}`, written at `ms` on one device.
#[cfg(test)]
pub(crate) fn kept_for_test(
    entity: &str,
    id: &str,
    ms: u64,
    payload: serde_json::Value,
    state: KeptState,
) -> Kept {
    const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";
    Kept {
        op: Op {
            id: format!("op-{id}"),
            entity: entity.into(),
            entity_id: id.into(),
            action: "create".into(),
            hlc: format!("{ms:015}:00000:{DEVICE}"),
            payload,
        },
        author: "staff-psw".into(),
        author_name: "Sam Okafor".into(),
        state,
        kept_ms: ms,
    }
}
