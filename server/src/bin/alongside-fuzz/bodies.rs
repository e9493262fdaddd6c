//! The bodies the fuzzer throws at `/api/sync`: ops as each person writes
//! them, the same ops with one field wrong in turn, and bodies broken as a
//! whole (truncated, bytes flipped, nested deep, arrays past every limit).
//! Every op carries a fresh id, so what the server says about it is about
//! this body alone.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{json, Value};

/// Demo patients the PSW and the nurse reach (Willow and Rowan wards),
/// every one of whom has agreed to peer support.
pub const REACHED: [&str; 5] = ["patient-001", "patient-009", "patient-013", "patient-002", "patient-006"];
/// On Willow Ward, where the fuzz groups run.
const WILLOW: [&str; 3] = ["patient-001", "patient-009", "patient-013"];

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

    /// Keeps the cursor `sender` was given, for its next request.
    pub fn heard_cursor(&mut self, sender: Sender, cursor: Value) {
        if cursor.is_string() {
            self.cursors[sender as usize] = cursor;
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
                fields.insert("unexpected".into(), wrong_value(&mut self.rng));
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

    /// `big`, once in a hundred times: bodies of megabytes cost the run
    /// more than they find, so a few are enough.
    fn rare(&mut self, big: usize) -> Option<usize> {
        self.rng.gen_ratio(1, 100).then_some(big)
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

    fn broken(&mut self, sender: Sender) -> Body {
        let ops = self.valid_ops(sender);
        let mut good = self.request(sender, &ops);
        let device = self.device(sender).to_owned();
        let (kind, bytes): (&'static str, Vec<u8>) = match self.rng.gen_range(0..12) {
            0 => {
                good.truncate(self.rng.gen_range(0..good.len()));
                ("truncated", good)
            }
            1 => {
                for _ in 0..self.rng.gen_range(1..=4) {
                    let at = self.rng.gen_range(0..good.len());
                    good[at] = self.rng.gen();
                }
                ("bytes flipped", good)
            }
            2 => {
                let depth = self
                    .rare(100_000)
                    .unwrap_or(*[64, 127, 129, 1_000].choose(&mut self.rng).unwrap_or(&129));
                let nest = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
                (
                    "nested ops",
                    format!(r#"{{"device_id":"{device}","cursor":null,"ops":[{nest}]}}"#).into_bytes(),
                )
            }
            3 => {
                let depth = *[64, 200, 5_000].choose(&mut self.rng).unwrap_or(&200);
                let mut op = ops[0].clone();
                op["payload"]["note"] = json!("NEST");
                // Written as text: a value this deep is past what serde_json builds.
                let nest = format!("{}\"deep\"{}", "[".repeat(depth), "]".repeat(depth));
                let text = serde_json::to_string(&op).unwrap_or_default().replace("\"NEST\"", &nest);
                (
                    "nested payload",
                    format!(r#"{{"device_id":"{device}","cursor":null,"ops":[{text}]}}"#).into_bytes(),
                )
            }
            4 => {
                let count = self.rare(100_000).unwrap_or(*[501, 5_000].choose(&mut self.rng).unwrap_or(&501));
                let many = vec!["{}"; count].join(",");
                (
                    "too many ops",
                    format!(r#"{{"device_id":"{device}","cursor":null,"ops":[{many}]}}"#).into_bytes(),
                )
            }
            5 => {
                let mut op = ops[0].clone();
                let count =
                    self.rare(400_000).unwrap_or(*[1_000, 20_000].choose(&mut self.rng).unwrap_or(&1_000));
                op["payload"]["themes"] = json!(vec!["hope"; count]);
                ("huge array", self.request(sender, &[op]))
            }
            6 if self.rng.gen_ratio(1, 50) => {
                let long = "é".repeat(1_100_000);
                let mut op = ops[0].clone();
                op["payload"]["note"] = json!(long);
                ("over 2 MB", self.request(sender, &[op]))
            }
            7 => {
                let shapes = [
                    "",
                    "null",
                    "[]",
                    "\"ops\"",
                    "42",
                    "{}",
                    r#"{"ops":{}}"#,
                    r#"{"device_id":5,"ops":[]}"#,
                    "\u{feff}{}",
                    r#"{"ops":[],"ops":[]}"#,
                ];
                ("wrong shape", shapes.choose(&mut self.rng).unwrap_or(&"").as_bytes().to_vec())
            }
            8 => {
                let cursor = *[r#""s-1""#, r#""s99999999999999999999999""#, r#""x""#, "7", r#""""#]
                    .choose(&mut self.rng)
                    .unwrap_or(&r#""x""#);
                (
                    "bad cursor",
                    format!(r#"{{"device_id":"{device}","cursor":{cursor},"ops":[]}}"#).into_bytes(),
                )
            }
            9 => {
                let id = *["", "not-a-uuid", "00000000-0000-4000-8000-00000000000g"]
                    .choose(&mut self.rng)
                    .unwrap_or(&"");
                ("bad device", format!(r#"{{"device_id":"{id}","cursor":null,"ops":[]}}"#).into_bytes())
            }
            10 => {
                // A byte that is not UTF-8, inside a note.
                let text = String::from_utf8_lossy(&good).replacen("\"note\":\"", "\"note\":\"\u{1}", 1);
                let mut bytes = text.into_bytes();
                if let Some(at) = bytes.iter().position(|b| *b == 1) {
                    bytes[at] = 0xff;
                }
                ("not UTF-8", bytes)
            }
            _ => ("spaces", vec![b' '; self.rare(3_000_000).unwrap_or(10)]),
        };
        Body::new(kind, sender, bytes)
    }
}
