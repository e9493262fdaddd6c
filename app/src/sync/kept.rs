//! A record as the device keeps it: the op, who wrote it, and whether it is
//! on this phone only, safely on the server, or needs attention.

use crate::domain::sync::{Op, SentOp};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum KeptState {
    /// Written here, not yet confirmed by the server.
    Unsent,
    /// The server refused it; it stays here until the person deals with it.
    Rejected {
        reason: String,
        /// How far this phone's clock was ahead of the server's when the
        /// server refused it (0 when it was not): the times in the record
        /// were read off that clock, and move back by as much when it is
        /// sent again.
        #[serde(default, skip_serializing_if = "is_zero")]
        clock_fast_ms: u64,
    },
    /// The server has it (sent from here, or pulled from `changes`).
    Saved,
}

fn is_zero(ms: &u64) -> bool {
    *ms == 0
}

/// A refusal with nothing to do with the clock.
pub fn refused(reason: impl Into<String>) -> KeptState {
    KeptState::Rejected { reason: reason.into(), clock_fast_ms: 0 }
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
    /// The op exactly as an earlier version of Alongside stored it, when
    /// this release cannot read that layout: sent as it is, for the server
    /// to judge, and `op` holds what could be read of it for showing.
    /// Null for everything this release wrote.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub earlier: Value,
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

    /// What goes in a request: the op as this release writes it, or as an
    /// earlier version stored it.
    pub fn sent(&self) -> SentOp<'_> {
        match &self.earlier {
            Value::Null => SentOp::Now(&self.op),
            earlier => SentOp::Earlier(earlier),
        }
    }

    /// An outbox entry in a layout this release cannot read (an earlier
    /// version wrote it), kept rather than dropped: whatever of it can be
    /// read, and the op as it was. Nothing without its author and its op's
    /// id can be sent under anyone's name or matched to an answer, so that
    /// stays in storage untouched.
    pub fn from_earlier(text: &str) -> Option<Kept> {
        let value: Value = serde_json::from_str(text).ok()?;
        let op = value.get("op").filter(|op| op.is_object())?;
        let author = value.get("author")?.as_str()?.to_owned();
        let id = op.get("id")?.as_str()?.to_owned();
        // What is not text (a stamp that was a number) reads as nothing here
        // and is sent as it was.
        let text_of =
            |v: &Value, name: &str| v.get(name).and_then(Value::as_str).unwrap_or_default().to_owned();
        let state = match (value.get("state").and_then(Value::as_str), value.get("reason")) {
            (Some("rejected"), Some(Value::String(reason))) => refused(reason.clone()),
            _ => KeptState::Unsent,
        };
        Some(Kept {
            op: Op {
                id,
                entity: text_of(op, "entity"),
                entity_id: text_of(op, "entity_id"),
                action: text_of(op, "action"),
                hlc: text_of(op, "hlc"),
                payload: op.get("payload").cloned().unwrap_or(Value::Null),
            },
            author,
            author_name: text_of(&value, "author_name"),
            state,
            kept_ms: value.get("kept_ms").and_then(Value::as_u64).unwrap_or_default(),
            earlier: op.clone(),
        })
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
        earlier: Value::Null,
    }
}
