//! Signing in and out, and what happens to bad or hostile input.

use crate::helpers::{spawn_app, spawn_app_with, Engine, PASSWORD};
use axum::http::StatusCode;

crate::on_both_engines!(
    a_demo_account_signs_in_with_a_strict_http_only_cookie_and_goes_home,
    a_wrong_password_gets_401_the_form_again_with_a_message_and_no_cookie,
    an_unknown_user_gets_exactly_the_answer_a_wrong_password_gets,
    a_program_gets_a_json_401_for_wrong_credentials,
    empty_fields_are_asked_for_by_name,
    a_signed_out_browser_is_sent_to_sign_in_and_an_api_call_gets_401,
    a_tampered_cookie_counts_as_signed_out,
    signing_out_ends_the_session_for_good,
    sign_out_wipes_the_device_unless_it_holds_records_not_yet_sent,
    a_ten_megabyte_form_post_is_refused_and_the_server_keeps_serving,
    a_sign_in_form_posted_from_another_site_is_refused,
    an_idle_session_ends_and_the_person_is_told_why,
    a_deactivated_account_cannot_sign_in,
);

async fn a_demo_account_signs_in_with_a_strict_http_only_cookie_and_goes_home(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = app.sign_in_as("psw", PASSWORD).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/"));
    let cookie =
        response.set_cookies().into_iter().find(|c| c.starts_with("alongside_session=")).expect("cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "not Secure unless configured: {cookie}");
}

async fn a_wrong_password_gets_401_the_form_again_with_a_message_and_no_cookie(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = app.sign_in_as("psw", "not-the-password").await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.session_cookie().is_none());
    assert!(response.body.contains("The username or password is not right"), "{}", response.body);
    assert!(response.body.contains("name=\"password\""), "the form is shown again");
    assert!(response.body.contains("value=\"psw\""), "the username is kept");
    assert!(!response.body.contains("not-the-password"), "the password never comes back");
}

async fn an_unknown_user_gets_exactly_the_answer_a_wrong_password_gets(engine: Engine) {
    let app = spawn_app(engine).await;
    let unknown = app.sign_in_as("nobody", PASSWORD).await;
    let wrong = app.sign_in_as("psw", "wrong-password").await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    assert!(unknown.body.contains("The username or password is not right"));
    assert!(unknown.session_cookie().is_none());
}

async fn a_program_gets_a_json_401_for_wrong_credentials(engine: Engine) {
    let app = spawn_app(engine).await;
    let request = axum::http::Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("username=psw&password=nope"))
        .expect("request");
    let response = app.send(request).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.json()["error"].as_str().is_some_and(|e| e.contains("not right")));
}

async fn empty_fields_are_asked_for_by_name(engine: Engine) {
    let app = spawn_app(engine).await;
    let no_name = app.post_form("/login", "username=&password=x", None).await;
    assert_eq!(no_name.status, StatusCode::BAD_REQUEST);
    assert!(no_name.body.contains("Enter your username."));
    let no_password = app.post_form("/login", "username=psw&password=", None).await;
    assert_eq!(no_password.status, StatusCode::BAD_REQUEST);
    assert!(no_password.body.contains("Enter your password."));
    let nothing = app.post_form("/login", "", None).await;
    assert_eq!(nothing.status, StatusCode::BAD_REQUEST);
    assert!(nothing.session_cookie().is_none());
}

async fn a_signed_out_browser_is_sent_to_sign_in_and_an_api_call_gets_401(engine: Engine) {
    let app = spawn_app(engine).await;
    let page = app.get_page("/", None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some("/login"));
    let api = app
        .send(axum::http::Request::post("/api/get_home").body(axum::body::Body::empty()).expect("request"))
        .await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert_eq!(api.json()["error"], "Sign in to continue.");
}

async fn a_tampered_cookie_counts_as_signed_out(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut token = app.session_for("psw").await;
    token.replace_range(0..1, if token.starts_with('A') { "B" } else { "A" });
    let page = app.get_page("/", Some(&token)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some("/login?error=expired"));
    let garbage = app.get_page("/", Some("';drop table staff;--")).await;
    assert_eq!(garbage.status, StatusCode::SEE_OTHER);
    assert!(app.state.store.staff_count().await.expect("staff") > 0, "nothing was harmed");
}

async fn signing_out_ends_the_session_for_good(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    assert_eq!(app.get_page("/", Some(&token)).await.status, StatusCode::OK);
    let out = app.post_form("/logout", "", Some(&token)).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), Some("/login?error=signed-out"));
    assert!(out
        .set_cookies()
        .iter()
        .any(|c| c.starts_with("alongside_session=;") || c.contains("Max-Age=0")));
    // Even a copy of the old cookie no longer works.
    assert_eq!(app.get_page("/", Some(&token)).await.status, StatusCode::SEE_OTHER);
}

async fn sign_out_wipes_the_device_unless_it_holds_records_not_yet_sent(engine: Engine) {
    let app = spawn_app(engine).await;
    let clear = |r: &crate::helpers::TestResponse| {
        r.headers.get("clear-site-data").and_then(|v| v.to_str().ok()).map(str::to_owned)
    };
    let token = app.session_for("psw").await;
    let out = app.post_form("/logout", "", Some(&token)).await;
    assert_eq!(clear(&out).as_deref(), Some("\"cache\", \"storage\""), "everything goes");
    // The app has cleared all but the unsent records itself and asks the
    // browser to leave its storage be.
    let token = app.session_for("psw").await;
    let out = app.post_form("/logout", "keep_unsent=1", Some(&token)).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(clear(&out).as_deref(), Some("\"cache\""));
    assert_eq!(
        app.get_page("/", Some(&token)).await.status,
        StatusCode::SEE_OTHER,
        "signed out all the same"
    );
}

async fn a_ten_megabyte_form_post_is_refused_and_the_server_keeps_serving(engine: Engine) {
    let app = spawn_app(engine).await;
    let huge = format!("username=psw&password={}", "x".repeat(10 * 1024 * 1024));
    let response = app.post_form("/login", huge, None).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.session_cookie().is_none());
    assert_eq!(app.sign_in_as("psw", PASSWORD).await.status, StatusCode::SEE_OTHER);
}

async fn a_sign_in_form_posted_from_another_site_is_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    let request = axum::http::Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "127.0.0.1:3000")
        .header("origin", "https://elsewhere.example")
        .body(axum::body::Body::from(format!("username=psw&password={PASSWORD}")))
        .expect("request");
    let response = app.send(request).await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(response.session_cookie().is_none());
}

async fn an_idle_session_ends_and_the_person_is_told_why(engine: Engine) {
    let app = spawn_app_with(engine, |state| state.auth.idle_timeout = chrono::Duration::zero()).await;
    let token = app.session_for("psw").await;
    let page = app.get_page("/", Some(&token)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), Some("/login?error=expired"));
    let told = app.get_page("/login?error=expired", None).await;
    assert!(told.body.contains("Your session ended"));
}

async fn a_deactivated_account_cannot_sign_in(engine: Engine) {
    let app = spawn_app(engine).await;
    app.state.store.set_staff_active("psw", false).await.expect("deactivate");
    let response = app.sign_in_as("psw", PASSWORD).await;
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert!(response.session_cookie().is_none());
}
