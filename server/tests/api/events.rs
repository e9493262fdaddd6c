//! `GET /api/events`: a sync shows on the open streams of its ward's staff
//! and no one else's; a stream resumed from its last id misses nothing; a
//! stream that stops reading is dropped, not buffered for; and two server
//! processes on one PostgreSQL database share their events.

use crate::helpers::{spawn_app, spawn_app_with, Engine, TestApp};
use crate::processes::{database_url, free_port, start, wait_until_up};
use crate::sse::{EventReader, SseEvent};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;
use tower::ServiceExt;

crate::on_both_engines!(
    a_sync_shows_on_the_streams_of_its_wards_only,
    a_stream_resumed_from_its_last_id_misses_nothing,
    a_stream_that_stops_reading_is_dropped_not_buffered_for,
    a_stream_resumed_from_far_back_is_told_to_start_again,
    one_person_holds_only_so_many_streams,
);

const DEVICE: &str = "5b0e7c3d-2a4f-4e6b-9c8d-1f2e3a4b5c6d";

/// Far more than an event takes; only reached when one never comes.
const WAIT: Duration = Duration::from_secs(10);

fn session_op(patient_id: &str) -> Value {
    let id = uuid::Uuid::new_v4().to_string();
    json!({
        "id": id, "entity": "session", "entity_id": uuid::Uuid::new_v4().to_string(), "action": "create",
        "hlc": format!("{:015}:00000:{DEVICE}", chrono::Utc::now().timestamp_millis()),
        "payload": { "patient_id": patient_id, "session_type": "one_to_one",
                     "started_at": crate::helpers::minutes_ago(20), "duration_min": 20,
                     "note": "Talked about the walking group." },
    })
}

async fn sync(app: &TestApp, token: &str, patient_id: &str) {
    let body = json!({ "device_id": DEVICE, "cursor": null, "ops": [session_op(patient_id)] }).to_string();
    let answer = app.post_sync(body, Some(token)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.json()["results"][0]["status"], "applied", "{}", answer.body);
}

async fn open(app: &TestApp, token: Option<&str>, last_id: Option<&str>) -> (StatusCode, Body) {
    let mut request = Request::get("/api/events").header(header::ACCEPT, "text/event-stream");
    if let Some(token) = token {
        request = request.header(header::COOKIE, format!("alongside_session={token}"));
    }
    if let Some(id) = last_id {
        request = request.header("last-event-id", id);
    }
    let response =
        app.router.clone().oneshot(request.body(Body::empty()).expect("request")).await.expect("answer");
    (response.status(), response.into_body())
}

async fn stream(app: &TestApp, token: &str, last_id: Option<&str>) -> EventReader {
    let (status, body) = open(app, Some(token), last_id).await;
    assert_eq!(status, StatusCode::OK);
    EventReader::from_body(body)
}

async fn next(reader: &mut EventReader, kind: &str) -> SseEvent {
    let event = reader.next(WAIT).await.expect("the stream is still open");
    assert_eq!(event.kind, kind, "{event:?}");
    event
}

fn wards(event: &SseEvent) -> Vec<(String, Vec<String>)> {
    event.data["wards"]
        .as_array()
        .expect("wards")
        .iter()
        .map(|w| {
            let kinds = w["entities"].as_array().expect("entities").iter();
            (
                w["ward_id"].as_str().expect("ward").to_owned(),
                kinds.map(|k| k.as_str().expect("kind").to_owned()).collect(),
            )
        })
        .collect()
}

fn ward(id: &str, kinds: &[&str]) -> (String, Vec<String>) {
    (id.to_owned(), kinds.iter().map(|k| k.to_string()).collect())
}

async fn last_seq(app: &TestApp) -> String {
    app.state.store.last_seq().await.expect("the log").to_string()
}

async fn a_sync_shows_on_the_streams_of_its_wards_only(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, psw2, nurse) =
        (app.session_for("psw").await, app.session_for("psw2").await, app.session_for("nurse").await);

    let (status, body) = open(&app, None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let body = http_body_util::BodyExt::collect(body).await.expect("body").to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("Sign in to continue."));
    let (status, body) = open(&app, Some(&nurse), Some("s12")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body = http_body_util::BodyExt::collect(body).await.expect("body").to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("Last-Event-ID must be an event id this server sent"));

    // The nurse is on Willow and Rowan; psw2 on Kestrel and Heron.
    let mut willow = stream(&app, &nurse, None).await;
    let ready = next(&mut willow, "ready").await;
    assert_eq!(ready.id, last_seq(&app).await);
    let mut kestrel = stream(&app, &psw2, None).await;
    next(&mut kestrel, "ready").await;

    sync(&app, &psw, "patient-001").await; // Aisha, on Willow
    let change = next(&mut willow, "change").await;
    assert_eq!(wards(&change), [ward("ward-willow", &["session"])]);
    assert_eq!(change.id, last_seq(&app).await);
    assert_eq!(change.data["upto"].to_string(), change.id);

    sync(&app, &psw2, "patient-003").await; // Chloe, on Kestrel
                                            // Kestrel's next event is its own: Willow's was never sent to it.
    let change = next(&mut kestrel, "change").await;
    assert_eq!(wards(&change), [ward("ward-kestrel", &["session"])]);
    sync(&app, &psw, "patient-002").await; // Ben, on Rowan
    let change = next(&mut willow, "change").await;
    assert_eq!(wards(&change), [ward("ward-rowan", &["session"])], "Kestrel's was not sent to the nurse");
}

async fn a_stream_resumed_from_its_last_id_misses_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, nurse) = (app.session_for("psw").await, app.session_for("nurse").await);
    let mut first = stream(&app, &nurse, None).await;
    let seen = next(&mut first, "ready").await.id;
    drop(first);

    // While the nurse's screen is away (a tunnel, a lift):
    sync(&app, &psw, "patient-001").await;
    sync(&app, &psw, "patient-002").await;
    let psw2 = app.session_for("psw2").await;
    sync(&app, &psw2, "patient-003").await;

    let mut again = stream(&app, &nurse, Some(&seen)).await;
    assert_eq!(next(&mut again, "ready").await.id, seen);
    let missed = next(&mut again, "change").await;
    assert_eq!(wards(&missed), [ward("ward-rowan", &["session"]), ward("ward-willow", &["session"])]);
    assert_eq!(missed.id, last_seq(&app).await, "everything up to now has been told");

    // Live again after catching up.
    sync(&app, &psw, "patient-001").await;
    let live = next(&mut again, "change").await;
    assert_eq!(wards(&live), [ward("ward-willow", &["session"])]);

    // An id this log never reached (another database, a restored backup)
    // starts again from now and says so.
    let mut lost = stream(&app, &nurse, Some("987654321")).await;
    let reset = next(&mut lost, "reset").await;
    assert_eq!(reset.id, last_seq(&app).await);
}

async fn a_stream_resumed_from_far_back_is_told_to_start_again(engine: Engine) {
    // At most 2 missed ops are told (the server's own limit is 5,000).
    let app = spawn_app_with(engine, |state| {
        state.events = server::events::Hub::with_limits(state.store.clone(), 6, 2)
    })
    .await;
    let (psw, nurse) = (app.session_for("psw").await, app.session_for("nurse").await);
    let from = last_seq(&app).await;
    for patient in ["patient-001", "patient-002", "patient-001"] {
        sync(&app, &psw, patient).await;
    }
    // `Last-Event-ID: 0` used to make the server read the whole log.
    for far in ["0", from.as_str()] {
        let mut resumed = stream(&app, &nurse, Some(far)).await;
        let reset = next(&mut resumed, "reset").await;
        assert_eq!(reset.id, last_seq(&app).await, "from {far}: start again from now");
    }
    // Two missed are still told.
    let near = (last_seq(&app).await.parse::<i64>().expect("seq") - 2).to_string();
    let mut resumed = stream(&app, &nurse, Some(&near)).await;
    assert_eq!(next(&mut resumed, "ready").await.id, near);
    assert_eq!(next(&mut resumed, "change").await.id, last_seq(&app).await);
}

async fn one_person_holds_only_so_many_streams(engine: Engine) {
    let app = spawn_app(engine).await;
    let (nurse, psw) = (app.session_for("nurse").await, app.session_for("psw").await);
    let mut open_now = Vec::new();
    for _ in 0..server::events::STREAMS_PER_PERSON {
        open_now.push(stream(&app, &nurse, None).await);
    }
    let (status, body) = open(&app, Some(&nurse), None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let body = http_body_util::BodyExt::collect(body).await.expect("body").to_bytes();
    assert!(String::from_utf8_lossy(&body).contains("Close one"), "{}", String::from_utf8_lossy(&body));
    // Someone else is not held back by the nurse's streams.
    next(&mut stream(&app, &psw, None).await, "ready").await;
    // A stream that ends gives its place back.
    drop(open_now.pop());
    next(&mut stream(&app, &nurse, None).await, "ready").await;
}

async fn a_stream_that_stops_reading_is_dropped_not_buffered_for(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, nurse) = (app.session_for("psw").await, app.session_for("nurse").await);
    let mut stalled = stream(&app, &nurse, None).await;
    let mut reading = stream(&app, &nurse, None).await;
    next(&mut reading, "ready").await;

    // One commit at a time: each is one event, read by one stream only.
    for _ in 0..server::events::STREAM_BACKLOG + 2 {
        sync(&app, &psw, "patient-001").await;
        let change = next(&mut reading, "change").await;
        assert_eq!(change.id, last_seq(&app).await);
    }

    // The stalled stream still has what was sent before it stopped, then ends.
    let seen = next(&mut stalled, "ready").await.id;
    assert!(stalled.next(WAIT).await.is_none(), "a stream that fell behind is ended");
    // The reader that kept up is not affected.
    sync(&app, &psw, "patient-001").await;
    assert_eq!(next(&mut reading, "change").await.id, last_seq(&app).await);

    // Its browser reconnects with the last id it had and loses nothing.
    let mut again = stream(&app, &nurse, Some(&seen)).await;
    next(&mut again, "ready").await;
    let missed = next(&mut again, "change").await;
    assert_eq!(wards(&missed), [ward("ward-willow", &["session"])]);
    assert_eq!(missed.id, last_seq(&app).await);
}

/// Two server processes on one PostgreSQL database: a sync through A
/// reaches a stream held open on B within 2 seconds (through LISTEN/NOTIFY;
/// without it B would read the log only every 5 s), and when B is killed
/// the stream resumes on A without missing anything.
#[tokio::test]
async fn two_instances_on_postgresql_share_their_events() {
    let app = spawn_app(Engine::Postgres).await;
    let url = database_url(&app);
    let (port_a, port_b) = (free_port(), free_port());
    let (a, b) = (format!("http://127.0.0.1:{port_a}"), format!("http://127.0.0.1:{port_b}"));
    let _instance_a = start(&url, port_a);
    let mut instance_b = start(&url, port_b);
    let http =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    wait_until_up(&http, &a).await;
    wait_until_up(&http, &b).await;
    // Sessions live in the database: one sign-in serves both instances.
    let psw = format!("alongside_session={}", app.session_for("psw").await);
    let nurse = format!("alongside_session={}", app.session_for("nurse").await);

    let open = |base: &str, last_id: Option<&str>| {
        let mut request = http.get(format!("{base}/api/events")).header("cookie", &nurse);
        if let Some(id) = last_id {
            request = request.header("last-event-id", id);
        }
        request.send()
    };
    let sync_through = |base: &str, patient: &str| {
        let body = json!({ "device_id": DEVICE, "cursor": null, "ops": [session_op(patient)] });
        http.post(format!("{base}/api/sync")).header("cookie", &psw).json(&body).send()
    };

    let on_b = open(&b, None).await.expect("a stream on B");
    assert_eq!(on_b.status(), StatusCode::OK);
    let mut on_b = EventReader::from_http(on_b);
    next(&mut on_b, "ready").await;

    let answer = sync_through(&a, "patient-001").await.expect("a sync through A");
    assert_eq!(answer.status(), StatusCode::OK);
    let change = on_b.next(Duration::from_secs(2)).await.expect("B's stream is open");
    assert_eq!(change.kind, "change");
    assert_eq!(wards(&change), [ward("ward-willow", &["session"])]);
    assert_eq!(change.id, last_seq(&app).await);

    instance_b.kill();
    assert!(on_b.next(WAIT).await.is_none(), "B's stream ended with B");
    // While the nurse's browser finds its way to A:
    for patient in ["patient-002", "patient-001"] {
        let answer = sync_through(&a, patient).await.expect("a sync through A");
        assert_eq!(answer.status(), StatusCode::OK);
    }

    let on_a = open(&a, Some(&change.id)).await.expect("a stream on A");
    let mut on_a = EventReader::from_http(on_a);
    assert_eq!(next(&mut on_a, "ready").await.id, change.id);
    let missed = next(&mut on_a, "change").await;
    assert_eq!(wards(&missed), [ward("ward-rowan", &["session"]), ward("ward-willow", &["session"])]);
    assert_eq!(missed.id, last_seq(&app).await, "nothing synced while B was gone is missing");
}
