//! The audit trail, the sign-in limits and deactivation.

use crate::helpers::{spawn_app, Engine, TestApp, TestResponse, PASSWORD};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use server::store::Store;
use std::net::{IpAddr, SocketAddr};

crate::on_both_engines!(
    after_five_wrong_passwords_even_the_right_one_must_wait,
    a_successful_sign_in_forgives_earlier_mistakes,
    signing_in_failing_and_signing_out_are_all_on_the_audit_trail,
    viewing_the_caseload_is_on_the_audit_trail,
    nobody_can_change_or_remove_the_audit_trail,
    deactivating_an_account_ends_its_open_session_at_once,
    failures_older_than_a_day_are_let_go,
    thirty_wrong_passwords_sent_at_once_are_checked_at_most_five_times,
    the_right_password_from_an_address_that_never_failed_still_gets_in,
    printing_goes_on_the_trail_but_a_flood_of_prints_is_refused,
);

async fn failures_older_than_a_day_are_let_go(engine: Engine) {
    let app = spawn_app(engine).await;
    let long_ago = chrono::Utc::now() - chrono::Duration::days(2);
    for _ in 0..30 {
        app.state.store.reserve_sign_in("psw", "203.0.113.9", long_ago).await.expect("old failure");
    }
    assert_eq!(app.sign_in_as("psw", "wrong-password").await.status, StatusCode::UNAUTHORIZED, "not paused");
    assert_eq!(app.state.store.sign_in_failure_count().await.expect("count"), 1, "only today's is kept");
}

async fn after_five_wrong_passwords_even_the_right_one_must_wait(engine: Engine) {
    let app = spawn_app(engine).await;
    for _ in 0..5 {
        assert_eq!(app.sign_in_as("psw", "wrong-password").await.status, StatusCode::UNAUTHORIZED);
    }
    let paused = app.sign_in_as("psw", PASSWORD).await;
    assert_eq!(paused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        paused.body.contains("Too many attempts to sign in. Try again in 15 minutes."),
        "{}",
        paused.body
    );
    assert!(paused.session_cookie().is_none());
    // Another account is not paused by psw's mistakes.
    assert_eq!(app.sign_in_as("nurse", PASSWORD).await.status, StatusCode::SEE_OTHER);
}

async fn a_successful_sign_in_forgives_earlier_mistakes(engine: Engine) {
    let app = spawn_app(engine).await;
    for _ in 0..4 {
        app.sign_in_as("psw", "wrong-password").await;
    }
    assert_eq!(app.sign_in_as("psw", PASSWORD).await.status, StatusCode::SEE_OTHER);
    for _ in 0..4 {
        app.sign_in_as("psw", "wrong-password").await;
    }
    assert_eq!(app.sign_in_as("psw", PASSWORD).await.status, StatusCode::SEE_OTHER);
}

async fn signing_in_failing_and_signing_out_are_all_on_the_audit_trail(engine: Engine) {
    let app = spawn_app(engine).await;
    app.sign_in_as("psw", "wrong-password").await;
    let token = app.session_for("psw").await;
    app.post_form("/logout", "", Some(&token)).await;
    let trail = app.state.store.audit_for_username("psw", 10).await.expect("trail");
    let actions: Vec<_> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["signed_out", "signed_in", "sign_in_failed"]);
    assert_eq!(trail[0].staff_id.as_deref(), Some("staff-psw"));
    assert_eq!(trail[2].staff_id, None, "a failed attempt is not credited to the account");
}

async fn viewing_the_caseload_is_on_the_audit_trail(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    assert_eq!(app.get_page("/", Some(&token)).await.status, StatusCode::OK);
    let trail = app.state.store.audit_for_username("psw", 10).await.expect("trail");
    assert_eq!(trail[0].action, "viewed_caseload");
}

async fn nobody_can_change_or_remove_the_audit_trail(engine: Engine) {
    let app = spawn_app(engine).await;
    app.session_for("psw").await;
    let (update, delete) = ("update audit_events set action = 'nothing'", "delete from audit_events");
    let (update_refused, delete_refused) = match &app.state.store {
        Store::Sqlite(db) => (
            sqlx::query(update).execute(&db.pool).await.is_err(),
            sqlx::query(delete).execute(&db.pool).await.is_err(),
        ),
        Store::Postgres(db) => (
            sqlx::query(update).execute(&db.pool).await.is_err(),
            sqlx::query(delete).execute(&db.pool).await.is_err(),
        ),
    };
    assert!(update_refused && delete_refused);
    let trail = app.state.store.audit_for_username("psw", 10).await.expect("trail");
    assert_eq!(trail[0].action, "signed_in");
}

async fn deactivating_an_account_ends_its_open_session_at_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    assert_eq!(app.get_page("/", Some(&token)).await.status, StatusCode::OK);
    app.state.store.set_staff_active("psw", false).await.expect("deactivate");
    let page = app.get_page("/", Some(&token)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some("/login?error=expired"));
}

/// A sign-in from `address`, as the connection names it.
async fn sign_in_from(app: &TestApp, address: &str, password: &str) -> TestResponse {
    let peer = SocketAddr::new(address.parse::<IpAddr>().expect("address"), 50000);
    let mut request = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .body(Body::from(format!("username=psw&password={password}")))
        .expect("request");
    request.extensions_mut().insert(ConnectInfo(peer));
    app.send(request).await
}

async fn thirty_wrong_passwords_sent_at_once_are_checked_at_most_five_times(engine: Engine) {
    let app = spawn_app(engine).await;
    let guesses = (0..30).map(|_| sign_in_from(&app, "203.0.113.9", "wrong"));
    let answers = futures::future::join_all(guesses).await;
    let statuses: Vec<StatusCode> = answers.iter().map(|a| a.status).collect();
    assert!(
        statuses.iter().all(|s| [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(s)),
        "{statuses:?}"
    );
    let trail = app.state.store.audit_for_username("psw", 100).await.expect("trail");
    let checked = trail.iter().filter(|e| e.action == "sign_in_failed").count();
    // Each guess was counted before its password was checked.
    assert!((1..=5).contains(&checked), "{checked} passwords were checked");
    assert_eq!(app.state.password_checks.free(), std::thread::available_parallelism().map_or(2, |n| n.get()));
}

async fn the_right_password_from_an_address_that_never_failed_still_gets_in(engine: Engine) {
    let app = spawn_app(engine).await;
    // Someone guesses psw's password from one IPv6 address...
    for _ in 0..5 {
        assert_eq!(sign_in_from(&app, "2001:db8:5:1::66", "wrong").await.status, StatusCode::UNAUTHORIZED);
    }
    // ...and is paused there, and across their /64, even with the right password.
    for address in ["2001:db8:5:1::66", "2001:db8:5:1:ffff::7"] {
        assert_eq!(
            sign_in_from(&app, address, PASSWORD).await.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{address}"
        );
    }
    // Sam, on the ward's network, is not locked out by them.
    let sam = sign_in_from(&app, "198.51.100.20", PASSWORD).await;
    assert_eq!(sam.status, StatusCode::SEE_OTHER, "{}", sam.body);
    assert!(sam.session_cookie().is_some());
}

async fn printing_goes_on_the_trail_but_a_flood_of_prints_is_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("manager").await;
    for _ in 0..30 {
        let printed = app.post_api("/api/note_printed", "what=attendance%20Willow".to_owned(), &token).await;
        assert_eq!(printed.status, StatusCode::OK, "{}", printed.body);
    }
    let flood = app.post_api("/api/note_printed", "what=anything".to_owned(), &token).await;
    assert_eq!(flood.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(flood.body.contains("30 reports in the last hour"), "{}", flood.body);
    let trail = app.state.store.audit_for_username("manager", 100).await.expect("trail");
    assert_eq!(trail.iter().filter(|e| e.action == "exported").count(), 30, "the trail took no more");
    assert_eq!(trail[0].detail, "printed attendance Willow");
    // Someone else still prints.
    let psw = app.session_for("psw").await;
    assert_eq!(
        app.post_api("/api/note_printed", "what=my%20return".to_owned(), &psw).await.status,
        StatusCode::OK
    );
}
