//! Administrators manage staff accounts; nobody else can.

use crate::helpers::{spawn_app, Engine, TestApp, TestResponse, PASSWORD};
use axum::http::StatusCode;

crate::on_both_engines!(
    an_admin_lands_on_the_staff_accounts_page,
    deactivating_an_account_ends_its_session_at_once_and_reactivating_lets_it_back,
    a_reset_password_works_once_and_forces_a_new_one,
    an_admin_cannot_deactivate_themselves,
    nobody_but_an_admin_manages_accounts,
);

async fn call(app: &TestApp, token: &str, path: &str, body: &str) -> TestResponse {
    app.post_api(path, body.to_owned(), token).await
}

async fn an_admin_lands_on_the_staff_accounts_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = app.sign_in_as("admin", PASSWORD).await;
    assert_eq!(response.location(), Some("/admin/staff"));
    let token = response.session_cookie().expect("session");
    let page = app.get_page("/admin/staff", Some(&token)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Staff accounts") && page.body.contains("Sam Okafor"));
    assert!(page.body.contains("Willow Ward"));
}

async fn deactivating_an_account_ends_its_session_at_once_and_reactivating_lets_it_back(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let admin = app.session_for("admin").await;
    let off = call(&app, &admin, "/api/set_staff_active", "staff_id=staff-psw&active=false").await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    assert_eq!(app.get_page("/", Some(&psw)).await.status, StatusCode::SEE_OTHER, "the open session ended");
    assert_eq!(app.sign_in_as("psw", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    call(&app, &admin, "/api/set_staff_active", "staff_id=staff-psw&active=true").await;
    assert_eq!(app.sign_in_as("psw", PASSWORD).await.status, StatusCode::SEE_OTHER);
    let trail = app.state.store.audit_for_username("admin", 10).await.expect("trail");
    assert!(trail.iter().any(|e| e.action == "deactivated_account" && e.detail == "staff-psw"));
}

async fn a_reset_password_works_once_and_forces_a_new_one(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.session_for("admin").await;
    let reset = call(&app, &admin, "/api/reset_staff_password", "staff_id=staff-psw").await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    let temporary: String = serde_json::from_str(&reset.body).expect("the temporary password");
    assert_eq!(app.sign_in_as("psw", PASSWORD).await.status, StatusCode::UNAUTHORIZED, "the old one is gone");
    let signed_in = app.sign_in_as("psw", &temporary).await;
    let token = signed_in.session_cookie().expect("signed in with the temporary password");
    assert_eq!(app.get_page("/", Some(&token)).await.location(), Some("/account/password"));
}

async fn an_admin_cannot_deactivate_themselves(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.session_for("admin").await;
    let response = call(&app, &admin, "/api/set_staff_active", "staff_id=staff-admin&active=false").await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(response.body.contains("You cannot deactivate your own account."));
}

async fn nobody_but_an_admin_manages_accounts(engine: Engine) {
    let app = spawn_app(engine).await;
    for username in ["psw", "nurse", "manager"] {
        let token = app.session_for(username).await;
        let response = call(&app, &token, "/api/set_staff_active", "staff_id=staff-psw2&active=false").await;
        assert_eq!(response.status, StatusCode::FORBIDDEN, "{username}");
        let page = app.get_page("/admin/staff", Some(&token)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{username}");
    }
    assert_eq!(app.sign_in_as("psw2", PASSWORD).await.status, StatusCode::SEE_OTHER, "psw2 is untouched");
}
