//! Bodies broken as a whole: truncated, bytes flipped, nested deep, past
//! every limit, not UTF-8, the wrong shape.

use super::{Body, Generator};
use crate::people::Sender;
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::json;

impl Generator {
    /// `big`, once in a hundred times: bodies of megabytes cost the run
    /// more than they find, so a few are enough.
    fn rare(&mut self, big: usize) -> Option<usize> {
        self.rng.gen_ratio(1, 100).then_some(big)
    }

    pub(super) fn broken(&mut self, sender: Sender) -> Body {
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
