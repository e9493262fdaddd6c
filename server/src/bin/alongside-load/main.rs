//! Sync load generator: signs in N simulated devices against a running
//! server on this machine and has each push batches of new session notes
//! for a bounded time, pulling the changes of the other phones on its ward
//! as a real device does (until `more` is false), then prints ops/s, request
//! latency percentiles and, given its process id, the server's peak memory.
//!
//! Devices keep a steady pace (`--rate` ops/s between them all, each sending
//! a batch on its own schedule) rather than firing back to back: with 100
//! devices in a closed loop, latency is just the queue (Little's law), and
//! phones sync when they have something to send. `--rate 0` fires flat out
//! to find the ceiling. Devices spread over `--wards` wards of a fictional
//! load-test hospital that this tool seeds into the server's database.
//!
//! With `--subscribers N` it also holds N live event streams open (as the
//! load-test site's manager, whose dashboard covers every ward) and reports
//! how long each commit took to reach them.
//!
//! ```sh
//! alongside-load --url http://127.0.0.1:3000 --database-url sqlite://… --devices 100 --batch 50 --seconds 20 --server-pid 1234
//! ```

mod events;
mod fixture;
mod timeline;

use server::tool_client::{client_builder, sign_in, Password};

use clap::Parser;
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
#[command(about = "Pushes sync batches from many simulated devices and reports throughput")]
struct Args {
    /// The server to load (127.0.0.1 only: this is not a tool for other people's servers).
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    url: String,
    #[arg(long, default_value_t = 100)]
    devices: usize,
    /// Ops in each request.
    #[arg(long, default_value_t = 50)]
    batch: usize,
    /// How long to push for.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Ops per second all devices together aim for; 0 sends as fast as the server answers.
    #[arg(long, default_value_t = 10_000)]
    rate: u64,
    /// Wards of the load-test hospital to spread the devices over (needs
    /// --database-url); 0 signs every device in as --username instead.
    #[arg(long, default_value_t = 25)]
    wards: usize,
    /// Send random op and record ids (UUID version 4), as other programs
    /// may, instead of the time-ordered ones (version 7) the app makes.
    #[arg(long)]
    random_ids: bool,
    /// The server's database, where the load-test wards are seeded.
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
    /// With --wards 0: the demo account every device signs in as.
    #[arg(long, default_value = "psw")]
    username: String,
    #[command(flatten)]
    password: Password,
    /// With --wards 0: the patient the notes are about.
    #[arg(long, default_value = "patient-001")]
    patient: String,
    /// Live event streams to hold open meanwhile (needs --database-url:
    /// the delays are worked out from when the server received each op).
    #[arg(long, default_value_t = 0)]
    subscribers: usize,
    /// The server's process id, to report its peak memory (Linux).
    #[arg(long)]
    server_pid: Option<u32>,
    /// Also print the run second by second (requests sent, p50, p99, max),
    /// to tell one stall from a machine slow throughout.
    #[arg(long)]
    timeline: bool,
}

/// What one device did.
#[derive(Default)]
struct Tally {
    ops: u64,
    rejected: u64,
    pulled: u64,
    failed_requests: u64,
    /// Each request: when it was sent, and how long its answer took in ms.
    requests: Vec<(Instant, f64)>,
}

/// The parts of a sync answer the tally needs; the changes are counted, not kept.
#[derive(Deserialize)]
struct Answer {
    results: Vec<OpResult>,
    changes: Vec<IgnoredAny>,
    cursor: Value,
    more: bool,
}

#[derive(Deserialize)]
struct OpResult {
    status: String,
}

/// One simulated phone: who it signs in as and what its notes are about.
struct Phone {
    username: String,
    patients: Vec<String>,
}

fn batch(
    device_id: &str,
    counter: &mut u64,
    size: usize,
    patients: &[String],
    random_ids: bool,
) -> Vec<Value> {
    let new_id = || match random_ids {
        true => uuid::Uuid::new_v4().to_string(),
        false => uuid::Uuid::now_v7().to_string(),
    };
    // Sessions that ended just now (a start over 7 days back needs a reason).
    let started_at = (chrono::Utc::now() - chrono::Duration::minutes(20))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    (0..size)
        .map(|_| {
            *counter += 1;
            let patient = &patients[*counter as usize % patients.len()];
            json!({
                "id": new_id(), "entity": "session",
                "entity_id": new_id(), "action": "create",
                "hlc": format!("{:015}:{:05}:{device_id}", chrono::Utc::now().timestamp_millis(), *counter % 100_000),
                "payload": { "patient_id": patient, "session_type": "one_to_one",
                             "started_at": started_at, "duration_min": 15,
                             "note": "Talked about the week ahead and what might help with sleep." },
            })
        })
        .collect()
}

/// Sends one request and tallies it; the answer when there was one.
async fn send(
    client: &reqwest::Client,
    args: &Args,
    cookie: &str,
    body: Value,
    tally: &mut Tally,
) -> Option<Answer> {
    let started = Instant::now();
    let answer =
        client.post(format!("{}/api/sync", args.url)).header("cookie", cookie).json(&body).send().await;
    let answer: Option<Answer> = match answer {
        Ok(response) if response.status().is_success() => response.json().await.ok(),
        _ => None,
    };
    tally.requests.push((started, started.elapsed().as_secs_f64() * 1000.0));
    let Some(answer) = answer else {
        tally.failed_requests += 1;
        return None;
    };
    for result in &answer.results {
        if result.status == "applied" {
            tally.ops += 1;
        } else {
            tally.rejected += 1;
        }
    }
    tally.pulled += answer.changes.len() as u64;
    Some(answer)
}

async fn device(client: reqwest::Client, args: &Args, phone: Phone, cookie: String, until: Instant) -> Tally {
    let device_id = uuid::Uuid::new_v4().to_string();
    // As a phone sends it: the device named on every request (checked
    // against the phones reported lost, and noted on the session).
    let cookie = format!("{cookie}; alongside_device={device_id}");
    let (mut tally, mut counter, mut cursor) = (Tally::default(), 0u64, Value::Null);
    // Each device's share of the rate, started at a random point of its
    // interval so the devices do not all send in the same instant.
    let interval = match args.rate {
        0 => Duration::ZERO,
        rate => Duration::from_secs_f64((args.devices * args.batch) as f64 / rate as f64),
    };
    let mut next = Instant::now() + interval.mul_f64(rand::random::<f64>());
    while next < until {
        tokio::time::sleep_until(next.into()).await;
        let ops = batch(&device_id, &mut counter, args.batch, &phone.patients, args.random_ids);
        let mut body = json!({ "device_id": device_id, "cursor": cursor, "ops": ops });
        // Push, then pull what is left as the app does: until `more` is false.
        while let Some(answer) = send(&client, args, &cookie, body, &mut tally).await {
            cursor = answer.cursor;
            if !answer.more || Instant::now() >= until {
                break;
            }
            body = json!({ "device_id": device_id, "cursor": cursor, "ops": [] });
        }
        // Behind schedule (the server is slow): carry on from now rather than
        // bursting to catch up.
        next = (next + interval).max(Instant::now());
    }
    tally
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The peak resident memory of a process, in MB (Linux).
fn peak_rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args = Args::parse();
    let host = args.url.trim_start_matches("http://").split([':', '/']).next().unwrap_or_default();
    if host != "127.0.0.1" && host != "localhost" {
        return Err("alongside-load only loads a server on this machine (127.0.0.1).".into());
    }
    let client = client_builder()
        .pool_max_idle_per_host(args.devices)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    let phones: Vec<Phone> = match (args.wards, &args.database_url) {
        (0, _) => (0..args.devices)
            .map(|_| Phone { username: args.username.clone(), patients: vec![args.patient.clone()] })
            .collect(),
        (_, None) => return Err("--wards needs --database-url (the server's database) to seed them.".into()),
        (wards, Some(url)) => {
            eprintln!("Seeding {wards} load-test wards…");
            let logins = fixture::seed(url, wards, &args.password.password).await?;
            (0..args.devices)
                .map(|i| {
                    let ward = &logins[i % logins.len()];
                    Phone { username: ward.username.clone(), patients: ward.patients.clone() }
                })
                .collect()
        }
    };
    eprintln!("Signing in {} devices…", args.devices);
    let mut signed_in = Vec::with_capacity(args.devices);
    for phone in phones {
        let cookie = sign_in(&client, &args.url, &phone.username, &args.password.password).await?;
        signed_in.push((phone, cookie));
    }
    match args.rate {
        0 => eprintln!(
            "Pushing {}-op batches as fast as the server answers for {} s…",
            args.batch, args.seconds
        ),
        rate => eprintln!("Pushing {}-op batches at {rate} ops/s in all for {} s…", args.batch, args.seconds),
    }
    let args = std::sync::Arc::new(args);
    let streams = match (args.subscribers, &args.database_url) {
        (0, _) => Vec::new(),
        (_, None) => return Err("--subscribers needs --database-url (to time the events).".into()),
        (n, Some(_)) => {
            eprintln!("Opening {n} live event streams…");
            let cookie = sign_in(&client, &args.url, fixture::MANAGER, &args.password.password).await?;
            // A client of their own: streams never end, and the devices' pool stays theirs.
            let streams =
                reqwest::Client::builder().pool_max_idle_per_host(n).build().map_err(|e| e.to_string())?;
            // They stay open a little past the devices, for the last events.
            let until = Instant::now() + Duration::from_secs(args.seconds + 3);
            (0..n)
                .map(|_| {
                    let (client, url, cookie) = (streams.clone(), args.url.clone(), cookie.clone());
                    tokio::spawn(events::listen(client, url, cookie, until))
                })
                .collect()
        }
    };
    let started = Instant::now();
    let until = started + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = signed_in
        .into_iter()
        .map(|(phone, cookie)| {
            let (client, args) = (client.clone(), args.clone());
            tokio::spawn(async move { device(client, &args, phone, cookie, until).await })
        })
        .collect();
    let mut total = Tally::default();
    for task in tasks {
        let tally = task.await.map_err(|e| e.to_string())?;
        total.ops += tally.ops;
        total.rejected += tally.rejected;
        total.pulled += tally.pulled;
        total.failed_requests += tally.failed_requests;
        total.requests.extend(tally.requests);
    }
    let elapsed = started.elapsed().as_secs_f64();
    if args.timeline {
        timeline::print(started, &total.requests);
    }
    let mut latencies_ms: Vec<f64> = total.requests.iter().map(|(_, ms)| *ms).collect();
    latencies_ms.sort_by(f64::total_cmp);
    println!("devices            {}", args.devices);
    println!("wards              {}", args.wards);
    println!(
        "ids                {}",
        if args.random_ids { "random (v4)" } else { "time-ordered (v7, as the app)" }
    );
    println!("batch              {} ops", args.batch);
    match args.rate {
        0 => println!("target             as fast as answered"),
        rate => println!("target             {rate} ops/s"),
    }
    println!("requests           {} ({} failed)", latencies_ms.len(), total.failed_requests);
    println!("ops applied        {} ({} rejected)", total.ops, total.rejected);
    println!("throughput         {:.0} ops/s", total.ops as f64 / elapsed);
    println!("changes pulled     {} ({:.0}/s)", total.pulled, total.pulled as f64 / elapsed);
    println!("latency p50        {:.1} ms", percentile(&latencies_ms, 0.50));
    println!("latency p99        {:.1} ms", percentile(&latencies_ms, 0.99));
    if !streams.is_empty() {
        let mut heard = Vec::with_capacity(streams.len());
        for stream in streams {
            heard.push(stream.await.map_err(|e| e.to_string())??);
        }
        let from = heard.iter().map(|h| h.start).min().unwrap_or(0);
        let url = args.database_url.as_deref().unwrap_or_default();
        let store = server::store::Store::connect(url).await.map_err(|e| e.to_string())?;
        let received = store.received_times(from).await.map_err(|e| e.to_string())?;
        store.close().await;
        let mut delays = events::delays_ms(&heard, &received);
        delays.sort_by(f64::total_cmp);
        println!(
            "event streams      {} ({} dropped by the server)",
            heard.len(),
            heard.iter().filter(|h| h.ended_early).count()
        );
        println!("events heard       {}", delays.len());
        println!("event delay p50    {:.1} ms", percentile(&delays, 0.50));
        println!("event delay p99    {:.1} ms", percentile(&delays, 0.99));
        println!("event delay max    {:.1} ms", delays.last().copied().unwrap_or(0.0));
    }
    if let Some(pid) = args.server_pid {
        match peak_rss_mb(pid) {
            Some(mb) => println!("server peak RSS    {mb:.1} MB"),
            None => println!("server peak RSS    unknown (no /proc/{pid}/status)"),
        }
    }
    Ok(())
}
