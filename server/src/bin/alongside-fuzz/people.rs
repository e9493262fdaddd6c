//! Who the fuzzer sends as, and whom an op is about: the scope each
//! person may write in and is sent records of, the fuzzer's own statement
//! of the access rule, to judge the server's answers by.

use serde_json::Value;

/// Demo patients the PSW and the nurse reach (Willow and Rowan wards),
/// every one of whom has agreed to peer support.
pub const REACHED: [&str; 5] = ["patient-001", "patient-009", "patient-013", "patient-002", "patient-006"];

/// Who sends a body. The PSW and the nurse may write about [`REACHED`];
/// the other ward's PSW and the manager may not, so nothing they send may
/// ever be stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sender {
    Psw,
    Nurse,
    OtherWardPsw,
    Manager,
}

impl Sender {
    pub const ALL: [Sender; 4] = [Sender::Psw, Sender::Nurse, Sender::OtherWardPsw, Sender::Manager];

    pub fn username(self) -> &'static str {
        match self {
            Sender::Psw => "psw",
            Sender::Nurse => "nurse",
            Sender::OtherWardPsw => "psw2",
            Sender::Manager => "manager",
        }
    }

    /// The patients and wards this person may write about (and is sent
    /// records of): Willow and Rowan for the PSW and the nurse, Kestrel and
    /// Heron for the other ward's PSW, none for the manager.
    pub fn reaches(self, subject: &str) -> bool {
        let willow_or_rowan = REACHED.contains(&subject) || ["ward-willow", "ward-rowan"].contains(&subject);
        let kestrel_or_heron =
            ["patient-003", "patient-004", "ward-kestrel", "ward-heron"].contains(&subject);
        match self {
            Sender::Psw | Sender::Nurse => willow_or_rowan,
            Sender::OtherWardPsw => kestrel_or_heron,
            Sender::Manager => false,
        }
    }

    /// Whose records this person is sent: their wards', and for the
    /// manager every ward of the demo's two hospitals (they write none).
    pub fn reads(self, subject: &str) -> bool {
        self == Sender::Manager || self.reaches(subject)
    }
}

/// Whom an op is about, where the op itself says: its patient, or the
/// ward a group or shift is on. (An addendum or acknowledgement names only
/// the record it belongs to.)
pub fn subject(op: &Value) -> Option<&str> {
    let payload = op.get("payload")?;
    payload
        .get("patient_id")
        .or_else(|| payload.get("ward_id"))
        .and_then(Value::as_str)
        .or_else(|| (op.get("entity")? == "patient").then(|| op.get("entity_id")?.as_str()).flatten())
}
