//! The audit trail, the sign-in limits and deactivation.

use crate::helpers::{spawn_app, Engine, PASSWORD};
use axum::http::StatusCode;
use server::store::Store;

crate::on_both_engines!(
    after_five_wrong_passwords_even_the_right_one_must_wait,
    a_successful_sign_in_forgives_earlier_mistakes,
    signing_in_failing_and_signing_out_are_all_on_the_audit_trail,
    viewing_the_caseload_is_on_the_audit_trail,
    nobody_can_change_or_remove_the_audit_trail,
    deactivating_an_account_ends_its_open_session_at_once,
    failures_older_than_a_day_are_let_go,
);

async fn failures_older_than_a_day_are_let_go(engine: Engine) {
    let app = spawn_app(engine).await;
    let long_ago = chrono::Utc::now() - chrono::Duration::days(2);
    for _ in 0..30 {
        app.state.store.record_sign_in_failure("psw", "203.0.113.9", long_ago).await.expect("old failure");
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
