//! Changing one's own password, and the forced change after an admin's reset.

use crate::helpers::{spawn_app, Engine, PASSWORD};
use axum::http::StatusCode;

crate::on_both_engines!(
    a_person_changes_their_password_and_the_old_one_stops_working,
    changing_a_password_signs_out_every_other_device_but_this_one,
    a_weak_or_mismatched_or_wrongly_confirmed_change_is_refused_and_nothing_changes,
    after_a_reset_the_person_must_choose_a_new_password_before_anything_else,
    guessing_the_current_password_is_limited_like_signing_in,
);

async fn change(app: &crate::helpers::TestApp, token: &str, body: String) -> crate::helpers::TestResponse {
    app.post_api("/api/change_password", body, token).await
}

async fn a_person_changes_their_password_and_the_old_one_stops_working(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    let new = "kettle-orbit-lantern";
    let response = change(&app, &token, format!("current={PASSWORD}&new={new}&confirm={new}")).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(app.sign_in_as("psw", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.sign_in_as("psw", new).await.status, StatusCode::SEE_OTHER);
    let trail = app.state.store.audit_for_username("psw", 5).await.expect("trail");
    assert!(trail.iter().any(|e| e.action == "changed_password"));
}

async fn changing_a_password_signs_out_every_other_device_but_this_one(engine: Engine) {
    let app = spawn_app(engine).await;
    let phone = app.session_for("psw").await;
    let lost_tablet = app.session_for("psw").await;
    let new = "kettle-orbit-lantern";
    let response = change(&app, &phone, format!("current={PASSWORD}&new={new}&confirm={new}")).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(app.get_page("/", Some(&phone)).await.status, StatusCode::OK, "this device stays signed in");
    let tablet = app.get_page("/", Some(&lost_tablet)).await;
    assert_eq!(tablet.status, StatusCode::SEE_OTHER, "the other device is signed out");
    assert!(tablet.location().is_some_and(|l| l.starts_with("/login")));
}

async fn a_weak_or_mismatched_or_wrongly_confirmed_change_is_refused_and_nothing_changes(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    let cases = [
        (format!("current={PASSWORD}&new=short&confirm=short"), "at least 12 characters"),
        (format!("current={PASSWORD}&new=password1234&confirm=password1234"), "too common"),
        (
            format!("current={PASSWORD}&new=kettle-orbit-lantern&confirm=kettle-orbit-lanterns"),
            "not the same",
        ),
        (
            "current=not-it&new=kettle-orbit-lantern&confirm=kettle-orbit-lantern".to_owned(),
            "current password is not right",
        ),
    ];
    for (body, message) in cases {
        let response = change(&app, &token, body).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{message}");
        assert!(response.body.contains(message), "{message}: {}", response.body);
    }
    assert_eq!(
        app.sign_in_as("psw", PASSWORD).await.status,
        StatusCode::SEE_OTHER,
        "the old password still works"
    );
}

async fn after_a_reset_the_person_must_choose_a_new_password_before_anything_else(engine: Engine) {
    let app = spawn_app(engine).await;
    let reset = server::auth::hash_password("temporary-password-9").expect("hash");
    app.state.store.set_password("staff-psw", &reset, true).await.expect("reset");
    let response = app.sign_in_as("psw", "temporary-password-9").await;
    let token = response.session_cookie().expect("signed in");
    let page = app.get_page("/", Some(&token)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some("/account/password"));
    let form = app.get_page("/account/password", Some(&token)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Change your password"));

    let new = "kettle-orbit-lantern";
    let changed = change(&app, &token, format!("current=temporary-password-9&new={new}&confirm={new}")).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(app.get_page("/", Some(&token)).await.status, StatusCode::OK, "free to carry on");
}

async fn guessing_the_current_password_is_limited_like_signing_in(engine: Engine) {
    let app = spawn_app(engine).await;
    // Someone with the session (an unlocked phone left on a desk) guesses.
    let token = app.session_for("psw").await;
    for guess in 0..5 {
        let body = format!("current=guess-{guess}&new=kettle-orbit-lantern&confirm=kettle-orbit-lantern");
        let response = change(&app, &token, body).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{}", response.body);
    }
    let body = format!("current={PASSWORD}&new=kettle-orbit-lantern&confirm=kettle-orbit-lantern");
    let paused = change(&app, &token, body).await;
    assert_eq!(paused.status, StatusCode::TOO_MANY_REQUESTS, "{}", paused.body);
    assert!(paused.body.contains("Too many wrong passwords. Try again in 15 minutes."), "{}", paused.body);
    assert_eq!(app.sign_in_as("psw", PASSWORD).await.status, StatusCode::SEE_OTHER, "nothing changed");
    // Another person is not held back.
    let nurse = app.session_for("nurse").await;
    let body = format!("current={PASSWORD}&new=kettle-orbit-lantern&confirm=kettle-orbit-lantern");
    assert_eq!(change(&app, &nurse, body).await.status, StatusCode::OK);
}
