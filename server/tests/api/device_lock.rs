//! The device lock's screens come with every signed-in page, drawn by the
//! server, with the idle time it is configured with.

use crate::helpers::{spawn_app_with, Engine};

crate::on_both_engines!(a_signed_in_page_carries_the_lock_screens_and_the_sign_in_page_does_not);

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
        assert_ne!(script.status, axum::http::StatusCode::UNAUTHORIZED, "{path}");
    }
}
