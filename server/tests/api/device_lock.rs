//! The device lock's screens come with every signed-in page, drawn by the
//! server, with the idle time it is configured with; and the server holds
//! the lock too, so a locked phone's cookie reads no one's data, with or
//! without JavaScript, until the proof its PIN makes arrives.

use crate::helpers::{minutes_ago, spawn_app, spawn_app_with, Engine, TestApp};
use crate::recovery_plans::{new_id, stamp, PHONE};
use axum::http::StatusCode;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::json;
use sha2::{Digest, Sha256};

crate::on_both_engines!(
    a_signed_in_page_carries_the_lock_screens_and_the_sign_in_page_does_not,
    a_locked_phone_reads_no_ones_data_until_its_pin_proof_arrives,
    another_persons_lock_cookie_locks_nothing_and_five_wrong_proofs_sign_out,
    a_locked_phones_sync_does_not_keep_its_session_alive,
);

async fn a_signed_in_page_carries_the_lock_screens_and_the_sign_in_page_does_not(engine: Engine) {
    let app = spawn_app_with(engine, |state| state.auth.device_lock_seconds = 42).await;
    let token = app.session_for("psw").await;
    let home = app.get_page("/", Some(&token)).await;
    assert!(home.body.contains(r#"id="device-lock" data-staff-id="staff-psw""#), "{}", home.body);
    assert!(home.body.contains("Choose a PIN for this device") && home.body.contains("Alongside is locked"));
    assert!(home.body.contains(r#"data-lock-seconds="42""#));
    assert!(home.body.contains(r#"<script src="/lock.js"></script>"#), "hidden before it is drawn");

    let login = app.get_page("/login", None).await;
    assert!(!login.body.contains("device-lock"), "nobody to lock for");
    // The gate lets the early lock script through without a session (the
    // tests serve no built site, so the file itself is not found here).
    // So does the outbox journal, which the service worker keeps for
    // offline use from the sign-in page on.
    for path in ["/lock.js", "/journal.js"] {
        let script = app.get_page(path, None).await;
        assert!(script.location().is_none(), "{path}: not sent to sign in");
        assert_ne!(script.status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

/// What the device's PIN makes (in the app: the PBKDF2 half it never keeps).
const PROOF: &str = "0ddba110ddba110ddba110ddba110ddba110ddba110ddba110ddba110ddba110";

/// The session's cookie as a locked phone sends it: the lock's cookie names
/// whose lock it is and the SHA-256 of the proof that unlocks it.
fn locked(session: &str, whose: &str) -> String {
    let check = app::domain::hex::to_hex(&Sha256::digest(PROOF.as_bytes()));
    format!("{session}; alongside_lock={whose}.{check}")
}

fn note_about_aisha(text: &str) -> serde_json::Value {
    json!({
        "id": new_id(), "entity": "session", "entity_id": new_id(), "action": "create", "hlc": stamp(PHONE),
        "payload": { "patient_id": "patient-001", "session_type": "one_to_one",
                     "started_at": minutes_ago(5), "duration_min": 10, "note": text },
    })
}

async fn sync(app: &TestApp, cookies: &str, ops: Vec<serde_json::Value>) -> serde_json::Value {
    let body = json!({ "device_id": PHONE, "cursor": null, "ops": ops }).to_string();
    let answer = app.post_sync(body, Some(cookies)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.json()
}

async fn a_locked_phone_reads_no_ones_data_until_its_pin_proof_arrives(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let before = "Talked about her sister's visit on Sunday (before the lock).";
    assert_eq!(sync(&app, &psw, vec![note_about_aisha(before)]).await["results"][0]["status"], "applied");
    assert!(app.get_page("/patients/patient-001", Some(&psw)).await.body.contains(before));

    // The phone locks: its next request tells the server.
    let page = app.get_page("/patients/patient-001", Some(&locked(&psw, "staff-psw"))).await;
    assert_eq!(page.status, StatusCode::LOCKED);
    assert!(!page.body.contains(before), "no note text on a locked phone's page");
    assert!(page.body.contains("This phone is locked. Enter your PIN on it to carry on."));
    assert!(page.body.contains("data-server-locked"), "lock.js draws the page again once unlocked");
    // Dropping the lock's cookie (or having no JavaScript) unlocks nothing.
    for path in ["/patients/patient-001", "/", "/plan/patient-001", "/reports/attendance"] {
        let page = app.get_page(path, Some(&psw)).await;
        assert!(!page.body.contains(before) && !page.body.contains("Aisha"), "{path}: {}", page.body);
    }
    for api in ["/api/get_home", "/api/get_patient"] {
        let answer = app.post_api(api, "id=patient-001".to_owned(), &psw).await;
        assert_eq!(answer.status, StatusCode::LOCKED, "{api}");
        assert!(answer.body.contains("This phone is locked"), "{api}: {}", answer.body);
    }
    // Its outbox still goes; it is handed nothing.
    let during = "Chose the art group for Thursday (written just before the lock).";
    let answer = sync(&app, &psw, vec![note_about_aisha(during)]).await;
    assert_eq!(answer["results"][0]["status"], "applied");
    assert_eq!(answer["changes"], json!([]), "{answer}");

    // A wrong proof unlocks nothing, and the browser drops it.
    let wrong = format!("{psw}; alongside_unlock={}", "1".repeat(64));
    let refused = app.get_page("/patients/patient-001", Some(&wrong)).await;
    assert!(!refused.body.contains(before));
    assert!(
        refused.set_cookies().iter().any(|c| c.starts_with("alongside_unlock=;")),
        "{:?}",
        refused.set_cookies()
    );
    // The proof the PIN makes unlocks it.
    let page = app.get_page("/patients/patient-001", Some(&format!("{psw}; alongside_unlock={PROOF}"))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(before) && page.body.contains(during));
    assert!(!page.body.contains("data-server-locked"));
    assert_eq!(app.post_api("/api/get_home", String::new(), &psw).await.status, StatusCode::OK);
}

async fn another_persons_lock_cookie_locks_nothing_and_five_wrong_proofs_sign_out(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    // Left on the phone by the last person to use it, who locked it.
    let page = app.get_page("/", Some(&locked(&psw, "staff-nurse"))).await;
    assert_eq!(page.status, StatusCode::OK, "the next person's session is theirs");
    assert!(page.body.contains("Aisha"));

    assert_eq!(app.get_page("/", Some(&locked(&psw, "staff-psw"))).await.status, StatusCode::LOCKED);
    for guess in 0..4 {
        let wrong = format!("{psw}; alongside_unlock={guess:064}");
        assert_eq!(app.get_page("/", Some(&wrong)).await.status, StatusCode::LOCKED);
    }
    let fifth = app.get_page("/", Some(&format!("{psw}; alongside_unlock=not-hex"))).await;
    assert_eq!(fifth.location(), Some("/login?error=expired"), "the fifth wrong proof signs out");
    let late = app.get_page("/", Some(&format!("{psw}; alongside_unlock={PROOF}"))).await;
    assert_eq!(late.location(), Some("/login?error=expired"), "the right proof is too late");
}

async fn a_locked_phones_sync_does_not_keep_its_session_alive(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let token_hash = URL_SAFE_NO_PAD.encode(Sha256::digest(psw.as_bytes()));
    let store = &app.state.store;
    let long_ago = chrono::Utc::now() - chrono::Duration::minutes(10);
    store.touch_login_session(&token_hash, long_ago).await.expect("set the last use");
    sync(&app, &locked(&psw, "staff-psw"), vec![]).await;
    let last = store.login_session(&token_hash).await.expect("read").expect("live").last_seen_at;
    assert_eq!(last.timestamp(), long_ago.timestamp(), "a locked phone is not someone using the app");
    // Unlocked, using the app counts again.
    sync(&app, &format!("{psw}; alongside_unlock={PROOF}"), vec![]).await;
    let last = store.login_session(&token_hash).await.expect("read").expect("live").last_seen_at;
    assert!(last > long_ago + chrono::Duration::minutes(9));
}
