//! The community resources directory: administrators keep it; the contact
//! form offers what it lists; nobody else may change it; bad input gets the
//! form's own words.

use crate::helpers::{spawn_app, Engine};
use axum::http::StatusCode;

crate::on_both_engines!(
    the_directory_is_kept_by_administrators_and_offered_on_the_contact_form,
    nobody_else_changes_the_directory_and_bad_entries_are_refused_with_a_reason,
);

fn form(fields: &[(&str, &str)]) -> String {
    fields.iter().map(|(k, v)| format!("{k}={}", urlencoding(v))).collect::<Vec<_>>().join("&")
}

fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn the_directory_is_kept_by_administrators_and_offered_on_the_contact_form(engine: Engine) {
    let app = spawn_app(engine).await;
    let (admin, psw) = (app.session_for("admin").await, app.session_for("psw").await);
    let page = app.get_page("/admin/resources", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Harbour Recovery College"), "the demo directory is listed");

    let added = form(&[
        ("name", "  Seaside   Allotment Project "),
        ("offers", "Gardening two mornings a week; tools and tea provided."),
        ("contact", "01632 960 123"),
    ]);
    let response = app.post_api("/api/add_resource", added, &admin).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let list = app.post_api("/api/list_resources", String::new(), &admin).await.json();
    let entry =
        list.as_array().expect("list").iter().find(|r| r["name"] == "Seaside Allotment Project").cloned();
    let entry = entry.expect("listed, its spaces tidied");
    assert_eq!(entry["contact"], "01632 960 123");

    // The PSW's contact form offers it to tick.
    let patient = app.get_page("/patients/patient-001", Some(&psw)).await;
    assert!(patient.body.contains("Seaside Allotment Project"));
    assert!(patient.body.contains("Harbour Recovery College"));

    // Taken off the list, it is no longer offered; a second time is refused.
    let id = entry["id"].as_str().expect("id").to_owned();
    let retired = app.post_api("/api/retire_resource", form(&[("id", &id)]), &admin).await;
    assert_eq!(retired.status, StatusCode::OK, "{}", retired.body);
    assert!(!app
        .get_page("/patients/patient-001", Some(&psw))
        .await
        .body
        .contains("Seaside Allotment Project"));
    let again = app.post_api("/api/retire_resource", form(&[("id", &id)]), &admin).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("There is no such resource in the directory."));
    // Its name may be listed again.
    let relisted = form(&[("name", "Seaside Allotment Project"), ("offers", "Gardening.")]);
    assert_eq!(app.post_api("/api/add_resource", relisted, &admin).await.status, StatusCode::OK);
}

async fn nobody_else_changes_the_directory_and_bad_entries_are_refused_with_a_reason(engine: Engine) {
    let app = spawn_app(engine).await;
    let (admin, psw, manager) =
        (app.session_for("admin").await, app.session_for("psw").await, app.session_for("manager").await);
    let good =
        form(&[("name", "Riverside Hearing Voices Group"), ("offers", "A peer-led group, Thursdays.")]);
    for token in [&psw, &manager] {
        let refused = app.post_api("/api/add_resource", good.clone(), token).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert!(refused.body.contains("Your role does not include this."));
        assert_eq!(
            app.post_api("/api/list_resources", String::new(), token).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let cases = [
        (
            form(&[("name", " "), ("offers", "x")]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Enter the resource's name.",
        ),
        (
            form(&[("name", "x"), ("offers", "")]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "Say in a few words what it offers.",
        ),
        (
            form(&[("name", &"x".repeat(201)), ("offers", "x")]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "A name is at most 200 characters.",
        ),
        (
            form(&[("name", "Harbour Recovery College"), ("offers", "x")]),
            StatusCode::CONFLICT,
            "The directory already lists a resource with this name.",
        ),
    ];
    for (body, status, message) in cases {
        let response = app.post_api("/api/add_resource", body, &admin).await;
        assert_eq!(response.status, status, "{}", response.body);
        assert!(response.body.contains(message), "{}", response.body);
    }
    let count = app.post_api("/api/list_resources", String::new(), &admin).await.json();
    let names: Vec<&str> =
        count.as_array().expect("list").iter().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names.iter().filter(|n| **n == "Harbour Recovery College").count(), 1, "nothing was added");
    assert!(!names.contains(&"Riverside Hearing Voices Group"));
}
