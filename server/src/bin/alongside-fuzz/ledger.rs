//! What the fuzzer heard, judged as it comes in: every answer is a 200 or
//! a 4xx with a plain message, and an op is applied only when the rules
//! allow it (it passes the sync contract's checks and its author may write
//! it). At the end, what the server hands back is what it said it applied,
//! exactly as sent, and nothing it refused.

use crate::bodies::Body;
use crate::people::{subject, Sender};
use app::domain::sync::check_op;
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// An op's content in one canonical text, to compare what was sent with
/// what comes back: the envelope's six fields (the server keeps no other),
/// keys sorted at every level.
/// The field the fuzzer adds to ops, which no kind of record defines.
pub const UNEXPECTED: &str = "unexpected";

/// `op` as the rules say it is stored: only the fields its kind defines.
fn as_stored(op: &Value, now_ms: u64) -> Value {
    let stored = check_op(op, now_ms).and_then(app::domain::sync::fields::as_stored);
    stored.ok().and_then(|c| serde_json::to_value(c.op).ok()).unwrap_or_else(|| op.clone())
}

pub fn canonical(op: &Value) -> String {
    let fields = ["id", "entity", "entity_id", "action", "hlc", "payload"];
    let envelope: serde_json::Map<String, Value> =
        fields.iter().filter_map(|f| Some(((*f).to_owned(), op.get(*f)?.clone()))).collect();
    sorted_text(&Value::Object(envelope))
}

fn sorted_text(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                Value::Object(keys.into_iter().map(|k| (k.clone(), sorted(&map[k]))).collect())
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&sorted(value)).unwrap_or_default()
}

/// What the fuzzer reads of an answer: a refusal's message, or each op's
/// result and the cursor.
#[derive(Default, Deserialize)]
struct Answer {
    error: Option<String>,
    results: Option<Vec<Value>>,
    #[serde(default)]
    cursor: Value,
}

#[derive(Default)]
pub struct Ledger {
    /// Op id to its canonical text, for every op answered `applied`.
    pub applied: HashMap<String, String>,
    /// Op ids answered `rejected` (and never applied).
    pub rejected: HashSet<String>,
    /// (kind of body, status) to how many.
    pub statuses: BTreeMap<(&'static str, u16), u64>,
    pub ops_applied: u64,
    pub ops_duplicate: u64,
    pub ops_rejected: u64,
    pub violations: Vec<String>,
    /// Bodies answered 200, kept to send again (as a phone that lost the answer).
    pub replayable: Vec<(Sender, Vec<u8>, Vec<Value>)>,
}

/// The op of a pulled change: the change without who wrote it.
pub fn op_of(change: &Value) -> Value {
    let mut op = change.clone();
    if let Some(fields) = op.as_object_mut() {
        fields.remove("author");
        fields.remove("author_name");
    }
    op
}

fn op_id(op: &Value) -> String {
    op.get("id").and_then(Value::as_str).unwrap_or_default().to_owned()
}

impl Ledger {
    fn violation(&mut self, what: String) {
        if self.violations.len() < 1_000 {
            self.violations.push(what);
        }
    }

    /// Judges one answer to `body`; the answer's cursor, when it has one.
    pub fn heard(&mut self, body: &Body, status: u16, text: &str, now_ms: u64) -> Value {
        *self.statuses.entry((body.kind, status)).or_default() += 1;
        if status >= 500 {
            self.violation(format!(
                "{} body: {status} {}",
                body.kind,
                text.chars().take(300).collect::<String>()
            ));
            return Value::Null;
        }
        if status == 0 {
            return Value::Null; // cut off while sending a body over the limit
        }
        // Read without the changes the answer hands back (skipped, not
        // built into trees): parsing them cost the fuzzer more than the
        // server spent answering.
        let answer: Answer = serde_json::from_str(text).unwrap_or_default();
        if status != 200 {
            if answer.error.unwrap_or_default().trim().is_empty() {
                self.violation(format!("{} body: {status} without a message: {text:.200}", body.kind));
            }
            return Value::Null;
        }
        let Some(ops) = &body.ops else {
            self.violation(format!("{} body the fuzzer cannot read was answered 200", body.kind));
            return Value::Null;
        };
        let results = answer.results.unwrap_or_default();
        if results.len() != ops.len() {
            self.violation(format!("{} body: {} ops, {} results", body.kind, ops.len(), results.len()));
            return Value::Null;
        }
        for (op, result) in ops.iter().zip(&results) {
            self.judge(body.sender, op, result, now_ms);
        }
        if body.kind == "valid" && self.replayable.len() < 256 {
            self.replayable.push((body.sender, body.bytes.clone(), ops.clone()));
        }
        answer.cursor
    }

    fn judge(&mut self, sender: Sender, op: &Value, result: &Value, now_ms: u64) {
        let id = op_id(op);
        let status = result.get("status").and_then(Value::as_str).unwrap_or_default();
        match status {
            "applied" => {
                self.ops_applied += 1;
                if let Err(refusal) = check_op(op, now_ms).and_then(app::domain::sync::fields::as_stored) {
                    self.violation(format!("applied an op the rules refuse ({}): {op:.300}", refusal.reason));
                }
                let stored = as_stored(op, now_ms);
                let outside = subject(op).is_some_and(|s| !sender.reaches(s));
                if outside || sender == Sender::Manager {
                    self.violation(format!("applied an op from {sender:?}, who may not write it: {op:.300}"));
                }
                if self.applied.insert(id.clone(), canonical(&stored)).is_some() {
                    self.violation(format!("applied op {id} a second time"));
                }
                self.rejected.remove(&id);
            }
            "duplicate" => {
                self.ops_duplicate += 1;
                if self.applied.get(&id) != Some(&canonical(&as_stored(op, now_ms))) {
                    self.violation(format!(
                        "called {id} a duplicate of something it did not store: {op:.300}"
                    ));
                }
            }
            "rejected" => {
                self.ops_rejected += 1;
                let reason = result.get("reason").and_then(Value::as_str).unwrap_or_default();
                if reason.trim().is_empty() {
                    self.violation(format!("rejected {id} without a reason"));
                }
                if !self.applied.contains_key(&id) {
                    self.rejected.insert(id);
                }
            }
            other => self.violation(format!("op {id}: status {other:?}")),
        }
    }

    /// Checks one op `who` pulled back (its id, the op) against what the
    /// server answered.
    pub fn check_pulled(&mut self, who: Sender, id: &str, op: &Value) {
        if subject(op).is_some_and(|s| !who.reads(s)) {
            self.violation(format!("{who:?} was sent op {id}, about someone not on their wards"));
        }
        if op["payload"].get(UNEXPECTED).is_some() {
            self.violation(format!("op {id} was stored with a field its kind does not define: {op:.300}"));
        }
        if let Some(sent) = self.applied.get(id) {
            let back = canonical(op);
            if *sent != back {
                let at = sent.bytes().zip(back.bytes()).take_while(|(a, b)| a == b).count();
                let (sent, back) = (
                    &sent[at.saturating_sub(40).min(sent.len())..],
                    &back[at.saturating_sub(40).min(back.len())..],
                );
                self.violation(format!(
                    "op {id} came back other than it was sent:\n sent …{sent:.200}\n back …{back:.200}"
                ));
            }
        } else if self.rejected.contains(id) {
            self.violation(format!("op {id} was answered rejected but is stored: {op:.300}"));
        }
    }

    /// Every applied op is handed back to the people on its wards.
    pub fn check_all_stored(&mut self, pulled: &HashSet<String>) {
        let missing: Vec<String> = self.applied.keys().filter(|id| !pulled.contains(*id)).cloned().collect();
        if !missing.is_empty() {
            self.violation(format!("{} applied ops never came back, e.g. {}", missing.len(), missing[0]));
        }
    }
}
