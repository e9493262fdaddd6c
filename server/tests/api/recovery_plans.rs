//! Recovery plans: goals, steps, check-ins, statuses, strengths, the
//! wellness plan and meeting notes, written through sync (from the ward
//! tablet, often offline), kept with every earlier version, and refused
//! alone with a plain reason when they cannot be stored.

use crate::helpers::{spawn_app, Engine, TestApp};
use app::domain::plan::{fold, GoalStatus, PlanEntry, Section, WrittenBy};
use axum::http::StatusCode;
use serde_json::{json, Value};
use server::store::Store;
use std::sync::atomic::{AtomicU64, Ordering};

crate::on_both_engines!(
    a_plan_written_on_the_tablet_reaches_the_ward_with_its_history,
    bad_plan_entries_are_refused_alone_with_a_plain_reason,
);

pub(crate) const TABLET: &str = "7a1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";
pub(crate) const PHONE: &str = "7a1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a11";
const READER: &str = "7a1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a12";

/// Stamps a minute ago and later, one millisecond apart, so ops sort as written.
static TICK: AtomicU64 = AtomicU64::new(0);

pub(crate) fn stamp(device: &str) -> String {
    let ms = chrono::Utc::now().timestamp_millis() as u64 - 60_000 + TICK.fetch_add(1, Ordering::SeqCst);
    format!("{ms:015}:00000:{device}")
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub(crate) fn op(device: &str, entity: &str, entity_id: &str, action: &str, payload: Value) -> Value {
    let mut payload = payload;
    payload["patient_id"] = payload.get("patient_id").cloned().unwrap_or(json!("patient-001"));
    payload["written_by"] = payload.get("written_by").cloned().unwrap_or(json!("patient"));
    json!({
        "id": new_id(), "entity": entity, "entity_id": entity_id, "action": action,
        "hlc": stamp(device), "payload": payload,
    })
}

async fn sync(app: &TestApp, token: &str, device: &str, ops: Vec<Value>) -> Value {
    let body = json!({ "device_id": device, "cursor": null, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

/// Each op's status, and its reason when refused.
pub(crate) async fn outcomes(
    app: &TestApp,
    token: &str,
    device: &str,
    ops: Vec<Value>,
) -> Vec<(String, String)> {
    let answer = sync(app, token, device, ops).await;
    let field = |r: &Value, f: &str| r[f].as_str().unwrap_or("").to_owned();
    answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| (field(r, "status"), field(r, "reason")))
        .collect()
}

async fn plan_of(app: &TestApp, token: &str, patient: &str) -> Vec<PlanEntry> {
    let response = app.post_api("/api/get_patient", format!("id={patient}"), token).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_value(response.json()["plan"].clone()).expect("plan entries")
}

async fn a_plan_written_on_the_tablet_reaches_the_ward_with_its_history(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let goal = new_id();
    let (coat, bus) = (new_id(), new_id());
    let first_section = op(
        TABLET,
        "wellness_plan_section",
        &new_id(),
        "create",
        json!({
            "section": "what_helps", "text": "Music",
        }),
    );
    let tablet_ops = vec![
        op(
            TABLET,
            "goal",
            &goal,
            "create",
            json!({
                "text": "  Walk to the park with my brother  ", "life_area": "relationships", "why": "I miss him",
            }),
        ),
        op(TABLET, "goal_step", &coat, "create", json!({ "goal_id": goal, "text": "Get my coat from home" })),
        op(
            TABLET,
            "goal_step",
            &bus,
            "create",
            json!({ "goal_id": goal, "text": "Find the bus times", "written_by": "with_patient" }),
        ),
        op(TABLET, "goal_step", &coat, "update", json!({ "goal_id": goal, "done": true })),
        op(
            TABLET,
            "goal_checkin",
            &new_id(),
            "create",
            json!({ "goal_id": goal, "score": 4, "comment": "Getting there" }),
        ),
        op(TABLET, "strength", &new_id(), "create", json!({ "kind": "interest", "text": "Drawing" })),
        op(
            TABLET,
            "meeting_prep",
            &new_id(),
            "create",
            json!({ "text": "I want to talk about going home." }),
        ),
        first_section.clone(),
    ];
    let applied = ("applied".to_owned(), String::new());
    assert_eq!(outcomes(&app, &psw, TABLET, tablet_ops).await, vec![applied.clone(); 8]);
    // The same part edited on two devices at once, each from the first version.
    let base = first_section["hlc"].as_str().expect("hlc");
    let edits = |device: &str, text: &str| {
        op(
            device,
            "wellness_plan_section",
            &new_id(),
            "create",
            json!({
                "section": "what_helps", "text": text, "base_hlc": base,
            }),
        )
    };
    let (from_phone, from_tablet) = (edits(PHONE, "Music, and my sister"), edits(TABLET, "Music and a walk"));
    assert_eq!(outcomes(&app, &psw, TABLET, vec![from_tablet]).await, vec![applied.clone()]);
    assert_eq!(outcomes(&app, &psw, PHONE, vec![from_phone]).await, vec![applied.clone()]);
    let status = op(
        PHONE,
        "goal_status",
        &new_id(),
        "create",
        json!({ "goal_id": goal, "status": "achieved", "note": "Went on Sunday" }),
    );
    assert_eq!(outcomes(&app, &psw, PHONE, vec![status]).await, vec![applied]);

    // The nurse on the same ward reads it, folded as the pages fold it.
    let nurse = app.session_for("nurse").await;
    let entries = plan_of(&app, &nurse, "patient-001").await;
    assert_eq!(entries.len(), 11);
    let plan = fold(&entries);
    let read = &plan.goals[0];
    assert_eq!(read.text(), "Walk to the park with my brother", "kept in their words, trimmed");
    assert_eq!(read.words.current().expect("words").written.written_by, WrittenBy::Patient);
    let steps: Vec<(&str, bool)> = read.steps.iter().map(|s| (s.text.as_str(), s.done)).collect();
    assert_eq!(steps, [("Get my coat from home", true), ("Find the bus times", false)]);
    assert_eq!(read.steps[1].written.written_by, WrittenBy::WithPatient);
    assert_eq!(read.checkins.iter().map(|c| c.score).collect::<Vec<_>>(), [4]);
    assert_eq!(read.status(), GoalStatus::Achieved);
    assert_eq!(read.statuses[0].written.author_name, "Sam Okafor");
    let (_, helps) = plan.sections.iter().find(|(s, _)| *s == Section::WhatHelps).expect("section");
    assert_eq!(helps.versions.len(), 3, "both edits and the first version are kept");
    assert!(helps.changed_at_once);
    assert_eq!(plan.meeting.current().expect("meeting").text, "I want to talk about going home.");
    assert_eq!(plan.strengths[0].text, "Drawing");
    // Someone off the ward cannot read it.
    let other = app.session_for("psw2").await;
    let refused = app.post_api("/api/get_patient", "id=patient-001".to_owned(), &other).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The ward's other devices pull every plan op; nobody else's do.
    let pulled = sync(&app, &nurse, READER, vec![]).await;
    let plan_ops = pulled["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| app::domain::plan::ENTITIES.contains(&c["entity"].as_str().unwrap_or("")))
        .count();
    assert_eq!(plan_ops, 11);
    let elsewhere = sync(&app, &other, READER, vec![]).await;
    assert!(!elsewhere["changes"].as_array().expect("changes").iter().any(|c| c["entity"] == "goal"));

    // Kept as written, even from inside the server.
    for sql in ["update plan_entries set payload = '{}'", "delete from plan_entries"] {
        let tried = match &app.state.store {
            Store::Sqlite(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
            Store::Postgres(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
        };
        assert!(tried.is_err(), "a plan is kept as written: {sql}");
    }
}

async fn bad_plan_entries_are_refused_alone_with_a_plain_reason(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let (goal, other_goal) = (new_id(), new_id());
    let made = |id: &str| {
        op(TABLET, "goal", id, "create", json!({ "text": "Sleep better", "life_area": "physical_health" }))
    };
    let ops = vec![
        made(&goal),
        op(TABLET, "goal", &new_id(), "create", json!({ "text": "   ", "life_area": "home" })),
        op(TABLET, "goal", &new_id(), "create", json!({ "text": "a".repeat(5_001), "life_area": "home" })),
        op(TABLET, "goal_checkin", &new_id(), "create", json!({ "goal_id": goal, "score": 11 })),
        // Ben's plan naming Aisha's goal.
        op(
            TABLET,
            "goal_step",
            &new_id(),
            "create",
            json!({ "goal_id": goal, "text": "Ask", "patient_id": "patient-002" }),
        ),
        op(
            TABLET,
            "goal_step",
            &new_id(),
            "create",
            json!({ "goal_id": other_goal, "text": "A goal never made" }),
        ),
        op(TABLET, "goal_status", &new_id(), "create", json!({ "goal_id": goal, "status": "let_go" })),
        op(TABLET, "goal_checkin", &new_id(), "create", json!({ "goal_id": goal, "score": 5 })),
        op(
            TABLET,
            "goal",
            &new_id(),
            "create",
            json!({ "text": "Chloe's", "life_area": "home", "patient_id": "patient-003" }),
        ),
        made(&goal),
        op(TABLET, "goal_checkin", &new_id(), "update", json!({ "goal_id": goal, "score": 5 })),
    ];
    let got = outcomes(&app, &psw, TABLET, ops).await;
    let reasons: Vec<&str> = got.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(got[0].0, "applied");
    assert_eq!(reasons[1], "Write your goal first. A few words is fine.");
    assert!(reasons[2].contains("5,001 letters long. The most is 5,000"), "{}", reasons[2]);
    assert_eq!(reasons[3], "Pick a number from 0 to 10.");
    assert!(reasons[4].contains("another person's plan"), "{}", reasons[4]);
    assert!(reasons[5].contains("no goal with this id"), "{}", reasons[5]);
    assert_eq!(got[6].0, "applied");
    assert!(reasons[7].starts_with("You let this goal go"), "{}", reasons[7]);
    assert_eq!(reasons[8], "This person is not on your wards.");
    assert!(reasons[9].contains("already saved"), "{}", reasons[9]);
    assert!(reasons[10].contains("never changed"), "{}", reasons[10]);
    // Only the goal and its status were stored; nothing before them was lost.
    let entries = plan_of(&app, &psw, "patient-001").await;
    assert_eq!(entries.len(), 2);
    assert!(plan_of(&app, &psw, "patient-002").await.is_empty());
}
