//! Sync load generator: signs in N simulated devices against a running
//! server on this machine and has each push batches of new session notes
//! (and pull changes) for a bounded time, then prints ops/s, request
//! latency percentiles and, given its process id, the server's peak memory.
//!
//! ```sh
//! alongside-load --url http://127.0.0.1:3000 --devices 100 --batch 50 --seconds 20 --server-pid 1234
//! ```

use clap::Parser;
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
    /// The demo account every device signs in as (its patients are on its wards).
    #[arg(long, default_value = "psw")]
    username: String,
    #[arg(
        long,
        env = "ALONGSIDE_DEMO_PASSWORD",
        default_value = "walk-alongside-2026",
        hide_env_values = true
    )]
    password: String,
    /// The patient the notes are about.
    #[arg(long, default_value = "patient-001")]
    patient: String,
    /// The server's process id, to report its peak memory (Linux).
    #[arg(long)]
    server_pid: Option<u32>,
}

/// What one device did.
#[derive(Default)]
struct Tally {
    ops: u64,
    rejected: u64,
    failed_requests: u64,
    latencies_ms: Vec<f64>,
}

async fn sign_in(client: &reqwest::Client, args: &Args) -> Result<String, String> {
    let response = client
        .post(format!("{}/login", args.url))
        .form(&[("username", args.username.as_str()), ("password", args.password.as_str())])
        .send()
        .await
        .map_err(|e| format!("sign-in failed: {e}"))?;
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.split(';').next().filter(|kv| kv.starts_with("alongside_session=")).map(str::to_owned)
        })
        .ok_or_else(|| format!("sign-in as {} was refused ({})", args.username, response.status()))
}

fn batch(device_id: &str, counter: &mut u64, size: usize, patient: &str) -> Vec<Value> {
    (0..size)
        .map(|_| {
            *counter += 1;
            json!({
                "id": uuid::Uuid::new_v4().to_string(), "entity": "session",
                "entity_id": uuid::Uuid::new_v4().to_string(), "action": "create",
                "hlc": format!("{:015}:{:05}:{device_id}", chrono::Utc::now().timestamp_millis(), *counter % 100_000),
                "payload": { "patient_id": patient, "session_type": "one_to_one",
                             "started_at": "2026-11-25T14:30:00Z", "duration_min": 15,
                             "note": "Talked about the week ahead and what might help with sleep." },
            })
        })
        .collect()
}

async fn device(client: reqwest::Client, args: &Args, cookie: String, until: Instant) -> Tally {
    let device_id = uuid::Uuid::new_v4().to_string();
    let (mut tally, mut counter, mut cursor) = (Tally::default(), 0u64, Value::Null);
    while Instant::now() < until {
        let ops = batch(&device_id, &mut counter, args.batch, &args.patient);
        let started = Instant::now();
        let answer = client
            .post(format!("{}/api/sync", args.url))
            .header("cookie", &cookie)
            .json(&json!({ "device_id": device_id, "cursor": cursor, "ops": ops }))
            .send()
            .await;
        let body: Option<Value> = match answer {
            Ok(response) if response.status().is_success() => response.json().await.ok(),
            _ => None,
        };
        tally.latencies_ms.push(started.elapsed().as_secs_f64() * 1000.0);
        let Some(body) = body else {
            tally.failed_requests += 1;
            continue;
        };
        for result in body["results"].as_array().into_iter().flatten() {
            if result["status"] == "applied" {
                tally.ops += 1;
            } else {
                tally.rejected += 1;
            }
        }
        cursor = body["cursor"].clone();
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
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(args.devices)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())?;
    eprintln!("Signing in {} devices as {}…", args.devices, args.username);
    let mut cookies = Vec::with_capacity(args.devices);
    for _ in 0..args.devices {
        cookies.push(sign_in(&client, &args).await?);
    }
    eprintln!("Pushing {}-op batches for {} s…", args.batch, args.seconds);
    let args = std::sync::Arc::new(args);
    let started = Instant::now();
    let until = started + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = cookies
        .into_iter()
        .map(|cookie| {
            let (client, args) = (client.clone(), args.clone());
            tokio::spawn(async move { device(client, &args, cookie, until).await })
        })
        .collect();
    let mut total = Tally::default();
    for task in tasks {
        let tally = task.await.map_err(|e| e.to_string())?;
        total.ops += tally.ops;
        total.rejected += tally.rejected;
        total.failed_requests += tally.failed_requests;
        total.latencies_ms.extend(tally.latencies_ms);
    }
    let elapsed = started.elapsed().as_secs_f64();
    total.latencies_ms.sort_by(f64::total_cmp);
    println!("devices            {}", args.devices);
    println!("batch              {} ops", args.batch);
    println!("requests           {} ({} failed)", total.latencies_ms.len(), total.failed_requests);
    println!("ops applied        {} ({} rejected)", total.ops, total.rejected);
    println!("throughput         {:.0} ops/s", total.ops as f64 / elapsed);
    println!("latency p50        {:.1} ms", percentile(&total.latencies_ms, 0.50));
    println!("latency p99        {:.1} ms", percentile(&total.latencies_ms, 0.99));
    if let Some(pid) = args.server_pid {
        match peak_rss_mb(pid) {
            Some(mb) => println!("server peak RSS    {mb:.1} MB"),
            None => println!("server peak RSS    unknown (no /proc/{pid}/status)"),
        }
    }
    Ok(())
}
