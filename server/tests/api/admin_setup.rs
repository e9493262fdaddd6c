//! Administrators add accounts, choose their role and wards, and deploy
//! staff to another ward for one shift; what they set takes effect at once.

use crate::helpers::{spawn_app, Engine, TestApp, TestResponse};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use chrono_tz::Europe::London;

crate::on_both_engines!(
    a_new_account_signs_in_with_its_temporary_password_and_sees_its_ward,
    a_taken_username_a_bad_form_or_an_unknown_ward_is_refused_and_nothing_is_stored,
    markup_in_a_name_is_stored_as_text_and_shown_escaped,
    changing_someones_wards_changes_what_they_reach_at_once,
    an_admin_cannot_change_their_own_role,
    a_deployment_opens_another_ward_for_the_shift_and_ending_it_closes_it,
    a_finished_or_unreadable_shift_is_refused_with_a_reason,
);

async fn call(app: &TestApp, token: &str, path: &str, body: &str) -> TestResponse {
    app.post_api(path, body.to_owned(), token).await
}

async fn a_new_account_signs_in_with_its_temporary_password_and_sees_its_ward(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.session_for("admin").await;
    // Repeated fields, as a plain HTML form with two boxes ticked sends them.
    let body = "username=Jo.Bloggs&display_name=Jo+Bloggs&role=nurse_in_charge&ward_ids%5B%5D=ward-kestrel&ward_ids%5B%5D=ward-heron";
    let created = call(&app, &admin, "/api/create_staff", body).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let temporary: String = serde_json::from_str(&created.body).expect("the temporary password");

    let signed_in = app.sign_in_as("jo.bloggs", &temporary).await;
    let token = signed_in.session_cookie().expect("the new account signs in");
    assert_eq!(app.get_page("/", Some(&token)).await.location(), Some("/account/password"));
    let new = "harbour-lights-at-dusk";
    let changed = app
        .post_api("/api/change_password", format!("current={temporary}&new={new}&confirm={new}"), &token)
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    let home = app.get_page("/", Some(&token)).await;
    assert!(home.body.contains("Kestrel Ward") && home.body.contains("Heron Ward"), "{}", home.body);
    assert!(!home.body.contains("Willow Ward"));

    let list = call(&app, &admin, "/api/list_staff", "").await.json();
    let jo = list["staff"].as_array().expect("staff").iter().find(|p| p["username"] == "jo.bloggs").cloned();
    assert_eq!(jo.expect("listed")["role"], "nurse_in_charge");
    let trail = app.state.store.audit_for_username("admin", 10).await.expect("trail");
    assert!(trail.iter().any(|e| e.action == "created_account" && e.detail.contains("jo.bloggs")));
}

async fn a_taken_username_a_bad_form_or_an_unknown_ward_is_refused_and_nothing_is_stored(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.session_for("admin").await;
    let before = app.state.store.staff_count().await.expect("count");
    let cases = [
        ("username=psw&display_name=Another&role=manager&ward_ids%5B%5D=ward-willow", 409, "already taken"),
        (
            "username=new.one&display_name=+&role=manager&ward_ids%5B%5D=ward-willow",
            422,
            "Enter the person's name",
        ),
        (
            "username=new+one&display_name=New&role=manager&ward_ids%5B%5D=ward-willow",
            422,
            "letters, numbers",
        ),
        ("username=new.one&display_name=New&role=superuser&ward_ids%5B%5D=ward-willow", 422, "Choose a role"),
        ("username=new.one&display_name=New&role=peer_support_worker", 422, "at least one ward"),
        (
            "username=new.one&display_name=New&role=admin&ward_ids%5B%5D=ward-willow",
            422,
            "administrator has no wards",
        ),
        (
            "username=new.one&display_name=New&role=manager&ward_ids%5B%5D=ward-atlantis",
            422,
            "does not exist",
        ),
    ];
    for (body, status, message) in cases {
        let response = call(&app, &admin, "/api/create_staff", body).await;
        assert_eq!(response.status.as_u16(), status, "{body}: {}", response.body);
        assert!(response.body.contains(message), "{body}: {}", response.body);
    }
    assert_eq!(app.state.store.staff_count().await.expect("count"), before, "nothing was stored");
}

async fn markup_in_a_name_is_stored_as_text_and_shown_escaped(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.session_for("admin").await;
    let body = "username=odd&display_name=%3Cscript%3Ealert(1)%3C%2Fscript%3E%27%3B+drop+table+staff%3B--&role=admin";
    assert_eq!(call(&app, &admin, "/api/create_staff", body).await.status, StatusCode::OK);
    let page = app.get_page("/admin/staff", Some(&admin)).await;
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown as text");
    assert!(!page.body.contains("<script>alert(1)"));
    assert!(app.state.store.staff_count().await.expect("the staff table is still there") > 5);
}

async fn changing_someones_wards_changes_what_they_reach_at_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.session_for("admin").await;
    let psw = app.session_for("psw").await;
    assert_eq!(app.get_page("/patients/patient-003", Some(&psw)).await.status, StatusCode::FORBIDDEN);
    let body = "staff_id=staff-psw&role=peer_support_worker&ward_ids%5B%5D=ward-kestrel";
    let response = call(&app, &admin, "/api/set_staff_access", body).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(app.get_page("/patients/patient-003", Some(&psw)).await.status, StatusCode::OK);
    assert_eq!(app.get_page("/patients/patient-001", Some(&psw)).await.status, StatusCode::FORBIDDEN);
    let trail = app.state.store.audit_for_username("admin", 10).await.expect("trail");
    assert!(trail.iter().any(|e| e.action == "changed_access" && e.detail.contains("ward-kestrel")));

    let refused =
        call(&app, &admin, "/api/set_staff_access", "staff_id=staff-psw&role=peer_support_worker").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.get_page("/patients/patient-003", Some(&psw)).await.status, StatusCode::OK, "kept");
}

async fn an_admin_cannot_change_their_own_role(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.session_for("admin").await;
    let body = "staff_id=staff-admin&role=manager&ward_ids%5B%5D=ward-willow";
    let response = call(&app, &admin, "/api/set_staff_access", body).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.body.contains("your own role"));
    assert_eq!(app.get_page("/admin/staff", Some(&admin)).await.status, StatusCode::OK, "still an admin");
}

/// A `datetime-local` value, in UK time, `minutes` from now.
fn uk_local(minutes: i64) -> String {
    (Utc::now() + Duration::minutes(minutes)).with_timezone(&London).format("%Y-%m-%dT%H:%M").to_string()
}

async fn a_deployment_opens_another_ward_for_the_shift_and_ending_it_closes_it(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.session_for("admin").await;
    let psw = app.session_for("psw").await;
    let body =
        format!("staff_id=staff-psw&ward_id=ward-kestrel&starts={}&ends={}", uk_local(-60), uk_local(6 * 60));
    let deployed = call(&app, &admin, "/api/deploy_staff", &body).await;
    assert_eq!(deployed.status, StatusCode::OK, "{}", deployed.body);
    assert_eq!(app.get_page("/patients/patient-003", Some(&psw)).await.status, StatusCode::OK);
    assert!(app.get_page("/", Some(&psw)).await.body.contains("Kestrel Ward"));

    let page = app.get_page("/admin/staff", Some(&admin)).await;
    assert!(page.body.contains("Deployed to Kestrel Ward"), "the staff page shows the deployment");
    let list = call(&app, &admin, "/api/list_staff", "").await.json();
    let psw_row = list["staff"].as_array().expect("staff").iter().find(|p| p["id"] == "staff-psw").cloned();
    let deployment_id = psw_row.expect("psw")["deployments"][0]["id"].as_str().expect("id").to_owned();

    let ended = call(&app, &admin, "/api/end_deployment", &format!("deployment_id={deployment_id}")).await;
    assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
    assert_eq!(app.get_page("/patients/patient-003", Some(&psw)).await.status, StatusCode::FORBIDDEN);
    let again = call(&app, &admin, "/api/end_deployment", &format!("deployment_id={deployment_id}")).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let trail = app.state.store.audit_for_username("admin", 10).await.expect("trail");
    assert!(trail.iter().any(|e| e.action == "deployed_staff"));
    assert!(trail.iter().any(|e| e.action == "ended_deployment"));
}

async fn a_finished_or_unreadable_shift_is_refused_with_a_reason(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.session_for("admin").await;
    let past =
        format!("staff_id=staff-psw&ward_id=ward-kestrel&starts={}&ends={}", uk_local(-600), uk_local(-60));
    let cases = [
        (past, "already ended"),
        ("staff_id=staff-psw&ward_id=ward-kestrel&starts=tomorrow".to_owned(), "date and a time"),
        (
            format!(
                "staff_id=staff-psw&ward_id=ward-kestrel&starts={}&ends={}",
                uk_local(0),
                uk_local(15 * 60)
            ),
            "at most 13 hours",
        ),
        (format!("staff_id=staff-psw&ward_id=ward-atlantis&starts={}", uk_local(0)), "does not exist"),
    ];
    for (body, message) in cases {
        let response = call(&app, &admin, "/api/deploy_staff", &body).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", response.body);
        assert!(response.body.contains(message), "{body}: {}", response.body);
    }
    let psw = app.session_for("psw").await;
    assert_eq!(app.get_page("/patients/patient-003", Some(&psw)).await.status, StatusCode::FORBIDDEN);
}
