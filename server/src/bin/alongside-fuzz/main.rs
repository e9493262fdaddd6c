//! Sync fuzzer: throws generated and mutated bodies at `/api/sync` of a
//! running server on this machine (ops as each person writes them, the same
//! with one field wrong in turn, bodies truncated, flipped, nested deep or
//! past every limit, and bodies sent again as after a lost answer), from the
//! demo's PSW, nurse in charge, another ward's PSW and manager. It fails when
//! any answer is a 5xx, a 4xx without a message, or an op applied that the
//! rules refuse; then it pulls everything back and fails when anything
//! refused was stored, anything applied is missing or differs from what was
//! sent, or anyone was handed a record off their wards.
//!
//! ```sh
//! alongside-fuzz --url http://127.0.0.1:3000 --bodies 1000000 --seed 7
//! ```

mod bodies;
mod ledger;
mod people;

use app::domain::sync::ops::MAX_BYTES;
use bodies::{Body, Generator};
use clap::Parser;
use ledger::Ledger;
use people::Sender;
use serde_json::{json, Value};
use server::tool_client::{client_builder, sign_in, Password};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(about = "Throws generated and mutated bodies at /api/sync and checks what the server keeps")]
struct Args {
    /// The server (127.0.0.1 only: this is not a tool for other people's servers).
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    url: String,
    /// How many bodies to throw.
    #[arg(long, default_value_t = 1_000_000)]
    bodies: u64,
    /// Stop throwing after this many minutes, whatever the count, and check
    /// what was stored (a bound for a run that must end by a set time).
    #[arg(long)]
    minutes: Option<u64>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 16)]
    concurrency: u64,
    /// Seed of the generator (printed, so a failing run can be repeated).
    #[arg(long)]
    seed: Option<u64>,
    #[command(flatten)]
    password: Password,
}

/// How often the run says how far it has gone.
const PROGRESS_EVERY: u64 = 10_000;

struct Run {
    client: reqwest::Client,
    url: String,
    cookies: HashMap<Sender, String>,
    ledger: Mutex<Ledger>,
    thrown: AtomicU64,
    bodies: u64,
    started: Instant,
    /// When to stop throwing, if before the count is reached.
    deadline: Option<Instant>,
    /// When the last progress line was written (ms since `started`).
    last_progress_ms: AtomicU64,
}

/// An error with each of its causes, as "a: b: c" (reqwest's own text
/// stops at "error sending request").
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(next) = cause {
        text.push_str(": ");
        text.push_str(&next.to_string());
        cause = next.source();
    }
    text
}

fn now_ms() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or_default()
}

impl Run {
    async fn post(&self, sender: Sender, bytes: Vec<u8>) -> Result<(u16, String), reqwest::Error> {
        let response = self
            .client
            .post(format!("{}/api/sync", self.url))
            .header("cookie", &self.cookies[&sender])
            .header("content-type", "application/json")
            .body(bytes)
            .send()
            .await?;
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }

    /// One line on stderr: bodies thrown, the rate since the last line and
    /// the ops the server has applied so far (a rate that falls as the log
    /// grows shows here, rather than only in the final average).
    fn progress(&self, n: u64) {
        let now_ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let since_ms = now_ms.saturating_sub(self.last_progress_ms.swap(now_ms, Ordering::Relaxed)).max(1);
        let applied = self.ledger.lock().map(|l| l.ops_applied).unwrap_or_default();
        eprintln!(
            "{n} bodies thrown in {} s: {:.0} a second lately, {applied} ops applied",
            now_ms / 1000,
            PROGRESS_EVERY as f64 * 1000.0 / since_ms as f64,
        );
    }

    /// A body answered before, sent again: it must store nothing new.
    fn replay(&self, n: u64) -> Option<Body> {
        let ledger = self.ledger.lock().ok()?;
        let (sender, bytes, ops) = ledger.replayable.get(n as usize % ledger.replayable.len().max(1))?;
        Some(Body { kind: "sent again", sender: *sender, bytes: bytes.clone(), ops: Some(ops.clone()) })
    }

    async fn worker(self: Arc<Self>, seed: u64) -> Result<(), String> {
        let mut generator = Generator::new(seed);
        loop {
            if self.deadline.is_some_and(|d| Instant::now() >= d) {
                return Ok(());
            }
            let n = self.thrown.fetch_add(1, Ordering::Relaxed);
            if n >= self.bodies {
                return Ok(());
            }
            if n > 0 && n.is_multiple_of(PROGRESS_EVERY) {
                self.progress(n);
            }
            let body = match n % 20 == 19 {
                true => self.replay(n).unwrap_or_else(|| generator.next()),
                false => generator.next(),
            };
            let sent_at = now_ms();
            let (status, text) = match self.post(body.sender, body.bytes.clone()).await {
                Ok(answer) => answer,
                // A server may answer 413 and close the connection before
                // a body over its limit has all arrived: status 0 here.
                Err(_) if body.bytes.len() > MAX_BYTES => (0, String::new()),
                Err(e) => {
                    return Err(format!("the server stopped answering ({} body): {}", body.kind, chain(&e)))
                }
            };
            let cursor = match self.ledger.lock() {
                Ok(mut ledger) => ledger.heard(&body, status, &text, sent_at),
                Err(_) => Value::Null,
            };
            generator.heard_cursor(body.sender, cursor);
        }
    }

    /// Pulls everything `who` is handed, from the start, checking each page
    /// as it comes (kept whole, 770,000 ops as trees took 21 GB); answers
    /// the ids handed.
    async fn pull_and_check(&self, who: Sender) -> Result<HashSet<String>, String> {
        let device = uuid::Uuid::new_v4().to_string();
        let (mut cursor, mut ids) = (Value::Null, HashSet::new());
        loop {
            let body = json!({ "device_id": device, "cursor": cursor, "ops": [] });
            let (status, text) = self
                .post(who, serde_json::to_vec(&body).unwrap_or_default())
                .await
                .map_err(|e| format!("pulling as {who:?}: {}", chain(&e)))?;
            let answer: Value = serde_json::from_str(&text).map_err(|e| format!("pulling: {e}"))?;
            if status != 200 {
                return Err(format!("pulling as {who:?}: {status} {text:.200}"));
            }
            let mut ledger = self.ledger.lock().map_err(|e| e.to_string())?;
            for change in answer["changes"].as_array().into_iter().flatten() {
                let id = change["id"].as_str().unwrap_or_default().to_owned();
                ledger.check_pulled(who, &id, &ledger::op_of(change));
                ids.insert(id);
            }
            cursor = answer["cursor"].clone();
            if answer["more"] != json!(true) {
                return Ok(ids);
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(message) = run(args).await {
        eprintln!("{message}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), String> {
    if !args.url.starts_with("http://127.0.0.1:") {
        return Err("alongside-fuzz only talks to a server on this machine (http://127.0.0.1:…).".into());
    }
    let seed = args.seed.unwrap_or_else(rand::random);
    let client = client_builder().build().map_err(|e| e.to_string())?;
    let mut cookies = HashMap::new();
    for sender in Sender::ALL {
        cookies
            .insert(sender, sign_in(&client, &args.url, sender.username(), &args.password.password).await?);
    }
    let run = Arc::new(Run {
        client,
        url: args.url.clone(),
        cookies,
        ledger: Mutex::new(Ledger::default()),
        thrown: AtomicU64::new(0),
        bodies: args.bodies,
        started: Instant::now(),
        deadline: args.minutes.map(|m| Instant::now() + std::time::Duration::from_secs(m * 60)),
        last_progress_ms: AtomicU64::new(0),
    });
    println!(
        "Throwing {} bodies at {}/api/sync, {} at a time, seed {seed}",
        args.bodies, args.url, args.concurrency
    );
    let workers: Vec<_> =
        (0..args.concurrency).map(|w| tokio::spawn(run.clone().worker(seed.wrapping_add(w)))).collect();
    for worker in workers {
        worker.await.map_err(|e| e.to_string())??;
    }
    let seconds = run.started.elapsed().as_secs_f64();

    let mut everything = HashSet::new();
    for who in Sender::ALL {
        everything.extend(run.pull_and_check(who).await?);
    }
    let mut ledger = run.ledger.lock().map_err(|e| e.to_string())?;
    ledger.check_all_stored(&everything);

    let thrown = run.thrown.load(Ordering::Relaxed).min(args.bodies);
    if thrown < args.bodies {
        println!("Stopped after {} minutes, as asked.", args.minutes.unwrap_or_default());
    }
    println!("{thrown} bodies in {seconds:.0} s ({:.0} a second)", thrown as f64 / seconds);
    for ((kind, status), count) in &ledger.statuses {
        println!("  {kind:>16} {status}: {count}");
    }
    println!(
        "ops: {} applied, {} duplicate, {} rejected; {} stored ops pulled back",
        ledger.ops_applied,
        ledger.ops_duplicate,
        ledger.ops_rejected,
        everything.len()
    );
    if ledger.violations.is_empty() {
        println!("No 5xx, no answer without a message, nothing stored that the rules refuse.");
        return Ok(());
    }
    for violation in ledger.violations.iter().take(20) {
        println!("  ✗ {violation}");
    }
    Err(format!("{} problems found (seed {seed})", ledger.violations.len()))
}
