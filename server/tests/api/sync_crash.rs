//! Crash test: the real server binary is killed with SIGKILL at random
//! moments while a client streams batches, and started again; after the
//! client's retries every op is stored exactly once. Both engines.

use crate::helpers::{spawn_app, Engine};
use crate::processes::{database_url, free_port, start, wait_until_up};
use rand::Rng;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

crate::on_both_engines!(killing_the_server_mid_sync_loses_and_doubles_nothing);

const BATCHES: usize = 30;
const PER_BATCH: usize = 10;
const KILLS: usize = 4;
const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";

fn batch(n: usize) -> Vec<Value> {
    (0..PER_BATCH)
        .map(|i| {
            json!({
                "id": uuid::Uuid::new_v4().to_string(), "entity": "session",
                "entity_id": uuid::Uuid::new_v4().to_string(), "action": "create",
                "hlc": format!("{:015}:{:05}:{DEVICE}", chrono::Utc::now().timestamp_millis(), n * PER_BATCH + i),
                "payload": { "patient_id": "patient-001", "session_type": "one_to_one",
                             "started_at": crate::helpers::minutes_ago(20), "duration_min": 10,
                             "note": format!("Batch {n}, note {i}: {}", "words ".repeat(200)) },
            })
        })
        .collect()
}

async fn killing_the_server_mid_sync_loses_and_doubles_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let url = database_url(&app);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let mut server = start(&url, port);
    wait_until_up(&client, &base).await;
    // A session made in the database is shared by every start of the server.
    let cookie = format!("alongside_session={}", app.session_for("psw").await);

    let batches: Vec<Vec<Value>> = (0..BATCHES).map(batch).collect();
    let mut kills = 0;
    let mut next_kill = Instant::now() + Duration::from_millis(rand::thread_rng().gen_range(20..300));
    let deadline = Instant::now() + Duration::from_secs(120);
    for ops in &batches {
        loop {
            assert!(Instant::now() < deadline, "the batches did not all get through in 2 minutes");
            if kills < KILLS && Instant::now() >= next_kill {
                // SIGKILL, mid-request or between requests, then a restart.
                server.kill();
                kills += 1;
                server = start(&url, port);
                next_kill = Instant::now() + Duration::from_millis(rand::thread_rng().gen_range(20..300));
            }
            let request = client
                .post(format!("{base}/api/sync"))
                .header("cookie", &cookie)
                .json(&json!({ "device_id": DEVICE, "cursor": null, "ops": ops }));
            // A kill can also land while this request is on its way.
            let sent = tokio::select! {
                answer = request.send() => answer,
                _ = tokio::time::sleep(Duration::from_millis(rand::thread_rng().gen_range(1..40))), if kills < KILLS => {
                    server.kill();
                    kills += 1;
                    server = start(&url, port);
                    continue;
                }
            };
            let Ok(answer) = sent else {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            };
            if !answer.status().is_success() {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
            let body: Value = answer.json().await.unwrap_or(Value::Null);
            let Some(results) = body["results"].as_array() else { continue };
            assert!(results.iter().all(|r| r["status"] == "applied" || r["status"] == "duplicate"), "{body}");
            break;
        }
    }
    server.kill();

    assert!(kills >= 1, "the server was killed at least once");
    let stored = app.state.store.op_count().await.expect("count") as usize;
    assert_eq!(stored, BATCHES * PER_BATCH, "every op stored exactly once after {kills} kills");
    let ids: Vec<String> =
        batches.iter().flatten().map(|op| op["id"].as_str().expect("id").to_owned()).collect();
    let found = app.state.store.op_bodies(&ids).await.expect("lookup");
    for id in &ids {
        assert!(found.contains_key(id), "op {id} is there");
    }
}
