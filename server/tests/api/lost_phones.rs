//! *Report a lost phone*: a manager (for their sites' staff) or an
//! administrator reports a device lost; whoever is signed in on it is signed
//! out at once, and every request it makes from then on, with or without a
//! session, is told to wipe itself.

use crate::helpers::{spawn_app, Engine, TestApp, TestResponse};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

crate::on_both_engines!(
    a_phone_reported_lost_is_signed_out_and_told_to_wipe_itself_on_every_request,
    only_managers_of_the_persons_site_and_administrators_see_and_report_a_phone,
    a_phone_is_reported_lost_once_and_an_unknown_one_not_at_all,
);

const SAMS_PHONE: &str = "5f0c8a51-2b7e-4d0a-9c61-8e2f4b7a1d30";
const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

/// A page as the phone asks for it: its session (if any) and its device cookie.
async fn from_phone(app: &TestApp, path: &str, session: Option<&str>) -> TestResponse {
    let mut cookies = format!("alongside_device={SAMS_PHONE}");
    if let Some(token) = session {
        cookies = format!("alongside_session={token}; {cookies}");
    }
    let request = Request::get(path)
        .header(header::ACCEPT, "text/html")
        .header(header::USER_AGENT, ANDROID)
        .header(header::COOKIE, cookies)
        .body(Body::empty())
        .expect("request");
    app.send(request).await
}

async fn sync_from_phone(app: &TestApp, session: &str) -> TestResponse {
    let body = serde_json::json!({ "device_id": SAMS_PHONE, "cursor": null, "ops": [] }).to_string();
    app.post_sync(body, Some(&format!("{session}; alongside_device={SAMS_PHONE}"))).await
}

fn listed(answer: &TestResponse) -> Vec<serde_json::Value> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.json().as_array().expect("a list").clone()
}

async fn a_phone_reported_lost_is_signed_out_and_told_to_wipe_itself_on_every_request(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    assert_eq!(from_phone(&app, "/", Some(&psw)).await.status, StatusCode::OK);
    let manager = app.session_for("manager").await;
    let phones = listed(&app.post_api("/api/list_phones", "", &manager).await);
    assert_eq!(phones.len(), 1, "{phones:?}");
    assert_eq!(phones[0]["id"], SAMS_PHONE);
    assert_eq!(phones[0]["used_by"], "Sam Okafor");
    assert_eq!(phones[0]["kind"], "Chrome on Android");
    assert!(phones[0]["lost"].is_null());

    let reported = app.post_api("/api/report_lost_phone", format!("device_id={SAMS_PHONE}"), &manager).await;
    assert_eq!(reported.status, StatusCode::OK, "{}", reported.body);

    // The phone's session has ended: even a copy of its cookie, sent from
    // another browser without the device's, reads nothing.
    assert_eq!(app.get_page("/", Some(&psw)).await.status, StatusCode::SEE_OTHER);
    // The phone itself, with or without a session, is told to wipe.
    for answer in [from_phone(&app, "/", Some(&psw)).await, from_phone(&app, "/login", None).await] {
        assert_eq!(answer.status, StatusCode::GONE);
        assert_eq!(answer.headers["clear-site-data"], r#""cache", "cookies", "storage""#);
        assert!(answer.body.contains("This phone was reported lost") && answer.body.contains("data-lost"));
        assert!(!answer.body.contains("Aisha"), "no one's data");
    }
    let sync = sync_from_phone(&app, &psw).await;
    assert_eq!(sync.status, StatusCode::GONE);
    assert_eq!(sync.headers["clear-site-data"], r#""cache", "storage""#);
    assert!(sync.json()["error"].as_str().is_some_and(|e| e.contains("reported lost")));
    // Signing in again on it is told the same, until it has wiped itself
    // (and so forgotten its id).
    let request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("alongside_device={SAMS_PHONE}"))
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::HOST, "127.0.0.1:3000")
        .body(Body::from("username=psw&password=walk-alongside-2026"))
        .expect("request");
    let again = app.send(request).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.session_cookie().is_none());
    // The same person on another phone carries on.
    assert_eq!(app.get_page("/", Some(&app.session_for("psw").await)).await.status, StatusCode::OK);

    let phones = listed(&app.post_api("/api/list_phones", "", &manager).await);
    assert_eq!(phones[0]["lost"]["by"], "Dafydd Morgan");
    assert!(phones[0]["lost"]["wiped_at"].is_string(), "the manager sees that it was told to wipe");
    let trail = app.state.store.audit_for_username("manager", 10).await.expect("trail");
    assert!(trail.iter().any(|e| e.action == "reported_lost_phone"
        && e.detail.contains(SAMS_PHONE)
        && e.detail.contains("1 signed-in session")));
}

async fn only_managers_of_the_persons_site_and_administrators_see_and_report_a_phone(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    assert_eq!(from_phone(&app, "/", Some(&psw)).await.status, StatusCode::OK);
    for role in ["psw", "nurse"] {
        let token = app.session_for(role).await;
        let list = app.post_api("/api/list_phones", "", &token).await;
        assert_eq!(list.status, StatusCode::FORBIDDEN, "{role}");
        let report = app.post_api("/api/report_lost_phone", format!("device_id={SAMS_PHONE}"), &token).await;
        assert_eq!(report.status, StatusCode::FORBIDDEN, "{role}");
        assert!(report.body.contains("Your role does not include this."), "{}", report.body);
    }
    // The manager now manages Harbour View only; Sam works at St Brigid's.
    let admin = app.session_for("admin").await;
    let body = "staff_id=staff-manager&role=manager&ward_ids%5B%5D=ward-kestrel";
    assert_eq!(app.post_api("/api/set_staff_access", body, &admin).await.status, StatusCode::OK);
    let manager = app.session_for("manager").await;
    assert!(listed(&app.post_api("/api/list_phones", "", &manager).await).is_empty());
    let report = app.post_api("/api/report_lost_phone", format!("device_id={SAMS_PHONE}"), &manager).await;
    assert_eq!(report.status, StatusCode::NOT_FOUND, "{}", report.body);
    assert_eq!(from_phone(&app, "/", Some(&psw)).await.status, StatusCode::OK, "still signed in");

    // An administrator sees everyone's and reports it.
    assert_eq!(listed(&app.post_api("/api/list_phones", "", &admin).await).len(), 1);
    let report = app.post_api("/api/report_lost_phone", format!("device_id={SAMS_PHONE}"), &admin).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert_eq!(from_phone(&app, "/", Some(&psw)).await.status, StatusCode::GONE);
}

async fn a_phone_is_reported_lost_once_and_an_unknown_one_not_at_all(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    assert_eq!(sync_from_phone(&app, &psw).await.status, StatusCode::OK, "a sync names the phone too");
    let admin = app.session_for("admin").await;
    let report = |id: &str| app.post_api("/api/report_lost_phone", format!("device_id={id}"), &admin);
    assert_eq!(report(SAMS_PHONE).await.status, StatusCode::OK);
    let again = report(SAMS_PHONE).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("already been reported lost"), "{}", again.body);
    for unknown in ["0b7d3c1e-52a4-4f4e-9b1a-3c2d1e0f9a8b", "not-a-phone", ""] {
        let answer = report(unknown).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{unknown}: {}", answer.body);
    }
}
