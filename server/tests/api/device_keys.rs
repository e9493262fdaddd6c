//! `GET /api/device_key`: the key that opens what a person keeps on a
//! phone. Each person has their own on each device, the same at every
//! sign-in there; a locked session, a signed-out one and a phone reported
//! lost get none, and the lost phone's keys are forgotten. And *Opening
//! Alongside* (`/unlock`), which the service worker shows offline in place
//! of a kept page it cannot open yet.

use crate::helpers::{spawn_app, Engine, TestApp, TestResponse};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use sha2::{Digest, Sha256};

crate::on_both_engines!(
    each_person_has_their_own_key_on_each_phone_the_same_at_every_sign_in,
    a_locked_phone_a_signed_out_one_and_a_lost_one_get_no_key,
    opening_alongside_carries_the_lock_screens_and_no_ones_data,
);

const SAMS_PHONE: &str = "5f0c8a51-2b7e-4d0a-9c61-8e2f4b7a1d30";
const WARD_TABLET: &str = "7a3e9b20-4c1d-4f8e-8a6b-2d9c0e1f5b47";

async fn ask(app: &TestApp, cookies: &str) -> TestResponse {
    let request = Request::get("/api/device_key")
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, cookies)
        .body(Body::empty())
        .expect("request");
    app.send(request).await
}

async fn key_of(app: &TestApp, session: &str, device: &str) -> String {
    let answer = ask(app, &format!("alongside_session={session}; alongside_device={device}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(answer.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some("no-store"));
    let key = answer.json()["key"].as_str().expect("a key").to_owned();
    assert!(key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()), "256 bits: {key}");
    key
}

async fn each_person_has_their_own_key_on_each_phone_the_same_at_every_sign_in(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let first = key_of(&app, &psw, SAMS_PHONE).await;
    assert_eq!(key_of(&app, &psw, SAMS_PHONE).await, first);
    // Signed out and in again on the same phone: the same key, so what was
    // left unsent there opens for them again.
    let again = app.session_for("psw").await;
    assert_eq!(key_of(&app, &again, SAMS_PHONE).await, first);
    // Another phone, another person on the same phone: other keys.
    let on_tablet = key_of(&app, &psw, WARD_TABLET).await;
    let nurse = app.session_for("nurse").await;
    let nurses = key_of(&app, &nurse, SAMS_PHONE).await;
    assert!(first != on_tablet && first != nurses && on_tablet != nurses);
    // A browser that has not named its device is told so.
    let unnamed = ask(&app, &format!("alongside_session={psw}")).await;
    assert_eq!(unnamed.status, StatusCode::BAD_REQUEST);
    assert!(
        unnamed.json()["error"].as_str().unwrap().contains("has not named its device"),
        "{}",
        unnamed.body
    );
}

async fn a_locked_phone_a_signed_out_one_and_a_lost_one_get_no_key(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let key = key_of(&app, &psw, SAMS_PHONE).await;

    // Nobody signed in.
    let nobody = ask(&app, &format!("alongside_device={SAMS_PHONE}")).await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
    assert!(!nobody.body.contains(&key));

    // The phone locks (its cookie tells the server): no key until the PIN's
    // proof arrives.
    let proof = "0ddba110".repeat(8);
    let check = app::domain::hex::to_hex(&Sha256::digest(proof.as_bytes()));
    let locking =
        format!("alongside_session={psw}; alongside_device={SAMS_PHONE}; alongside_lock=staff-psw.{check}");
    let locked = ask(&app, &locking).await;
    assert_eq!(locked.status, StatusCode::LOCKED, "{}", locked.body);
    assert!(!locked.body.contains(&key));
    let still = ask(&app, &format!("alongside_session={psw}; alongside_device={SAMS_PHONE}")).await;
    assert_eq!(still.status, StatusCode::LOCKED);
    let unlocking =
        format!("alongside_session={psw}; alongside_device={SAMS_PHONE}; alongside_unlock={proof}");
    assert_eq!(ask(&app, &unlocking).await.json()["key"], key.as_str());

    // Reported lost: told to wipe itself, and its key is gone for good.
    let manager = app.session_for("manager").await;
    let reported = app.post_api("/api/report_lost_phone", format!("device_id={SAMS_PHONE}"), &manager).await;
    assert_eq!(reported.status, StatusCode::OK, "{}", reported.body);
    let lost = ask(&app, &format!("alongside_session={psw}; alongside_device={SAMS_PHONE}")).await;
    assert_eq!(lost.status, StatusCode::GONE);
    assert!(!lost.body.contains(&key));
    let fresh = "ab".repeat(32);
    let now = chrono::Utc::now();
    let kept = app.state.store.device_key(SAMS_PHONE, "staff-psw", &fresh, now).await.expect("store answers");
    assert_eq!(kept, fresh, "the lost phone's old key was forgotten");
}

async fn opening_alongside_carries_the_lock_screens_and_no_ones_data(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let page = app.get_page("/unlock", Some(&psw)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<title>Opening Alongside</title>"), "{}", page.body);
    assert!(page.body.contains(r#"id="opening""#));
    assert!(page.body.contains(r#"id="device-lock" data-staff-id="staff-psw""#), "the PIN is asked here");
    assert!(page.body.contains(r#"<script src="/lock.js"></script>"#));
    // The app is not drawn: nobody's name, no caseload.
    for word in ["Aisha", "caseload", "Willow"] {
        assert!(!page.body.contains(word), "{word}: {}", page.body);
    }
    let signed_out = app.get_page("/unlock", None).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
}
