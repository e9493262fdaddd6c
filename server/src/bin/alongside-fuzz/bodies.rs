//! The bodies the fuzzer throws at `/api/sync`: ops as each person writes
//! them, the same ops with one field wrong in turn, and bodies broken as a
//! whole (truncated, bytes flipped, nested deep, arrays past every limit).
//! Every op carries a fresh id, so what the server says about it is about
//! this body alone.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{json, Value};

use crate::people::{Sender, REACHED};

mod broken;

/// On Willow Ward, where the fuzz groups run.
const WILLOW: [&str; 3] = ["patient-001", "patient-009", "patient-013"];

/// One request to throw.
pub struct Body {
    pub kind: &'static str,
    pub sender: Sender,
    pub bytes: Vec<u8>,
    /// The ops the server will see, when the body is JSON with an `ops`
    /// array (whatever else is wrong with it).
    pub ops: Option<Vec<Value>>,
}

impl Body {
    fn new(kind: &'static str, sender: Sender, bytes: Vec<u8>) -> Body {
        let ops = serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|v| v.get("ops").and_then(Value::as_array).cloned());
        Body { kind, sender, bytes, ops }
    }
}

/// One worker's generator: its own seeded random numbers and devices.
pub struct Generator {
    rng: StdRng,
    devices: [String; 4],
    counter: u32,
    /// Each sender's last cursor, as a phone keeps it: without one, every
    /// answer would carry the first 500 changes again.
    cursors: [Value; 4],
}

fn uuid(rng: &mut StdRng) -> String {
    uuid::Builder::from_random_bytes(rng.gen()).into_uuid().to_string()
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default().to_rfc3339()
}

const WORDS: [&str; 12] =
    ["Talked", "about", "home", "and", "the", "garden;", "she", "laughed.", "Café", "naïve", "😀", "—"];

/// The values a field may wrongly hold: every JSON type, empty and huge
/// text, numbers past every range, markup and SQL, nesting.
fn wrong_value(rng: &mut StdRng) -> Value {
    match rng.gen_range(0..24) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(0),
        3 => json!(-1),
        4 => json!(1e308),
        5 => json!(u64::MAX),
        6 => json!(i64::MIN),
        7 => json!(""),
        8 => json!("   "),
        9 => json!("x".repeat(*[41, 81, 121, 201, 501, 2_001, 5_001, 20_001].choose(rng).unwrap_or(&81))),
        10 => json!("é😀".repeat(*[10_001, 60_000].choose(rng).unwrap_or(&10_001))),
        11 => json!("\u{0000}\u{202e}\u{feff}"),
        12 => json!("<script>alert(1)</script>"),
        13 => json!("'; drop table sessions; --"),
        14 => json!([]),
        15 => json!([1, "two", null]),
        16 => json!({}),
        17 => (0..rng.gen_range(2..200)).fold(json!("deep"), |v, _| json!({ "a": v })),
        18 => json!("2026-13-45T25:61:00Z"),
        19 => json!("NaN"),
        20 => json!("patient-003"),
        21 => json!("patient-999"),
        22 => json!(format!("{:015}:00000:{}", rng.gen_range(0..u64::MAX / 2), "6f1c2a9e")),
        _ => json!(uuid::Uuid::nil().to_string()),
    }
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        let mut rng = <StdRng as rand::SeedableRng>::seed_from_u64(seed);
        let devices = [uuid(&mut rng), uuid(&mut rng), uuid(&mut rng), uuid(&mut rng)];
        Generator { rng, devices, counter: 0, cursors: Default::default() }
    }

    /// Keeps the cursor `sender` was given, for its next request, when it
    /// is further on than the one held. A body sent without a cursor (as a
    /// new phone) is answered with a cursor near the start of the log;
    /// taken as it came, it sent this sender back to pull the whole log
    /// again a page at a time, and the run measured that rather than the
    /// writes (its rate fell as the log grew).
    pub fn heard_cursor(&mut self, sender: Sender, cursor: Value) {
        let seq = |cursor: &Value| cursor.as_str()?.strip_prefix('s')?.parse::<u64>().ok();
        let held = &mut self.cursors[sender as usize];
        if seq(&cursor).is_some_and(|new| seq(held).is_none_or(|old| new > old)) {
            *held = cursor;
        }
    }

    fn device(&self, sender: Sender) -> &str {
        &self.devices[sender as usize]
    }

    fn text(&mut self, most: usize) -> String {
        let words = self.rng.gen_range(1..=most.max(1));
        (0..words).map(|_| *WORDS.choose(&mut self.rng).unwrap_or(&"and")).collect::<Vec<_>>().join(" ")
    }

    fn op(&mut self, sender: Sender, entity: &str, entity_id: String, action: &str, payload: Value) -> Value {
        self.counter = (self.counter + 1) % 100_000;
        let hlc = format!("{:015}:{:05}:{}", now_ms(), self.counter, self.device(sender));
        json!({ "id": uuid(&mut self.rng), "entity": entity, "entity_id": entity_id,
                "action": action, "hlc": hlc, "payload": payload })
    }

    fn patient(&mut self) -> &'static str {
        REACHED.choose(&mut self.rng).unwrap_or(&"patient-001")
    }

    /// Ops as the app writes them: one record, or one with what follows
    /// it in the same batch (an addendum, an acknowledgement, a check-out).
    fn valid_ops(&mut self, sender: Sender) -> Vec<Value> {
        let now = now_ms();
        let patient = self.patient();
        let (id, second) = (uuid(&mut self.rng), uuid(&mut self.rng));
        let (duration, minutes_logged) = (self.rng.gen_range(1..=480), self.rng.gen_range(1..=720));
        match self.rng.gen_range(0..10) {
            0 | 1 => {
                let note = self.text(300);
                let minutes = self.rng.gen_range(0..120) * 60_000;
                let session = self.op(sender, "session", id.clone(), "create", json!({
                    "patient_id": patient, "session_type": "one_to_one", "started_at": rfc3339(now - minutes),
                    "duration_min": duration, "note": note,
                    "themes": ["hope"], "engagement": "engaged" }));
                if self.rng.gen_bool(0.3) {
                    let text = self.text(20);
                    let addendum = self.op(sender, "addendum", second.clone(), "create",
                        json!({ "session_id": id, "reason": "Wrong place", "text": text }));
                    return vec![session, addendum];
                }
                vec![session]
            }
            2 => {
                let what = self.text(60);
                let concern = self.op(sender, "concern", id.clone(), "create", json!({
                    "patient_id": patient, "category": "risk_to_self", "what_happened": what,
                    "done_now": "Stayed with her.", "told": "Priya Raman", "session_id": null }));
                if sender == Sender::Nurse {
                    let ack = self.op(sender, "concern_ack", second.clone(), "create",
                        json!({ "concern_id": id, "response": "Seen; observations increased." }));
                    return vec![concern, ack];
                }
                vec![concern]
            }
            3 => {
                let text = self.text(30);
                let follow_up = self.op(sender, "follow_up", id.clone(), "create",
                    json!({ "patient_id": patient, "text": text, "due_on": null, "session_id": null }));
                let done = self.op(sender, "follow_up_done", second.clone(), "create",
                    json!({ "follow_up_id": id, "note": "Done." }));
                vec![follow_up, done]
            }
            4 => {
                let text = self.text(12);
                let goal = self.op(sender, "goal", id.clone(), "create", json!({
                    "patient_id": patient, "written_by": "patient", "text": text, "life_area": "relationships", "why": "" }));
                let step = self.op(sender, "goal_step", second.clone(), "create", json!({
                    "patient_id": patient, "written_by": "patient", "goal_id": id, "text": "Get my coat" }));
                vec![goal, step]
            }
            5 => vec![self.op(sender, "strength", id, "create",
                json!({ "patient_id": patient, "written_by": "with_patient", "kind": "interest", "text": "Drawing" }))],
            6 => {
                let attendee = WILLOW.choose(&mut self.rng).unwrap_or(&"patient-001");
                vec![self.op(sender, "group_session", id, "create", json!({
                    "ward_id": "ward-willow", "title": "Music group", "started_at": rfc3339(now - 3_600_000),
                    "duration_min": 45, "place": "Day room", "co_facilitators": [],
                    "attendees": [{ "patient_id": attendee, "line": "Chose a song." }], "others_count": 1,
                    "note": "Calm." }))]
            }
            7 if sender == Sender::Nurse => {
                let bed = format!("Bay {}, bed {}", self.rng.gen_range(1..5), self.rng.gen_range(1..30));
                vec![self.op(sender, "patient", patient.into(), "update", json!({ "bed": bed }))]
            }
            8 => {
                let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).date_naive().to_string();
                vec![self.op(sender, "work_log", id, "create", json!({
                    "ward_id": "ward-willow", "kind": "training", "on": yesterday,
                    "minutes": minutes_logged, "with_whom": "" }))]
            }
            9 => {
                let shift = self.op(sender, "shift", id.clone(), "create", json!({
                    "ward_id": "ward-willow", "started_at": rfc3339(now - 7_200_000), "plan": "Music group", "for_nurse": "" }));
                let end = self.op(sender, "shift_end", second.clone(), "create", json!({
                    "shift_id": id, "ended_at": rfc3339(now - 60_000), "what_happened": "Two groups", "for_nurse": "" }));
                vec![shift, end]
            }
            _ => vec![self.op(sender, "strength", id, "create",
                json!({ "patient_id": patient, "written_by": "staff", "kind": "strength", "text": "Kind" }))],
        }
    }

    /// One field of `op` (of the envelope or the payload) wrong: removed,
    /// or holding a wrong value; or an unknown field added.
    fn mutate(&mut self, op: &mut Value) {
        let in_payload = self.rng.gen_bool(0.6) && op["payload"].as_object().is_some_and(|p| !p.is_empty());
        let target = if in_payload { &mut op["payload"] } else { op };
        let Some(fields) = target.as_object_mut() else { return };
        let keys: Vec<String> = fields.keys().cloned().collect();
        let key = keys.choose(&mut self.rng).cloned().unwrap_or_default();
        match self.rng.gen_range(0..20) {
            0 | 1 => {
                fields.remove(&key);
            }
            2 => {
                fields.insert(crate::ledger::UNEXPECTED.into(), wrong_value(&mut self.rng));
            }
            _ => {
                fields.insert(key, wrong_value(&mut self.rng));
            }
        }
    }

    fn request(&self, sender: Sender, ops: &[Value]) -> Vec<u8> {
        let cursor = &self.cursors[sender as usize];
        serde_json::to_vec(&json!({ "device_id": self.device(sender), "cursor": cursor, "ops": ops }))
            .unwrap_or_default()
    }

    fn sender(&mut self) -> Sender {
        match self.rng.gen_range(0..10) {
            0..=4 => Sender::Psw,
            5..=7 => Sender::Nurse,
            8 => Sender::OtherWardPsw,
            _ => Sender::Manager,
        }
    }

    /// The next body: a third valid, a third with fields wrong, a third
    /// broken as a whole.
    pub fn next(&mut self) -> Body {
        let sender = self.sender();
        let roll = self.rng.gen_range(0..100);
        if roll < 33 {
            let ops: Vec<Value> =
                (0..self.rng.gen_range(1..=4)).flat_map(|_| self.valid_ops(sender)).collect();
            return Body::new("valid", sender, self.request(sender, &ops));
        }
        if roll < 66 {
            let mut ops: Vec<Value> =
                (0..self.rng.gen_range(1..=3)).flat_map(|_| self.valid_ops(sender)).collect();
            for _ in 0..self.rng.gen_range(1..=2) {
                let n = self.rng.gen_range(0..ops.len());
                self.mutate(&mut ops[n]);
            }
            return Body::new("field wrong", sender, self.request(sender, &ops));
        }
        self.broken(sender)
    }
}
