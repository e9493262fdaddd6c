//! Shifts through sync: a PSW checks in to a ward and out again, each time
//! with a report that reaches the devices of that ward's nurse in charge,
//! who marks it received. Bad ones are refused alone, with the reason.

use crate::helpers::{minutes_ago, spawn_app, Engine, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};
use server::store::Store;

crate::on_both_engines!(
    a_psw_checks_in_and_out_and_the_nurse_in_charge_receives_both_reports,
    the_home_page_lists_a_psws_own_shifts_and_a_nurses_ward_reports,
    a_bad_shift_is_refused_alone_with_the_reason,
);

const NOT_YOUR_WARD: &str =
    "You can check in only to a ward you work on today (your own, or one you are deployed to).";
const PHONE: &str = "7a2d3b4c-5e6f-4a1b-8c9d-0e1f2a3b4c5d";
const NURSES_PHONE: &str = "8b3e4c5d-6f70-4b2c-9d0e-1f2a3b4c5d6e";
const SECOND_PHONE: &str = "9c4f5d6e-7081-4c3d-8e1f-2a3b4c5d6e7f";

fn op(entity: &str, entity_id: &str, action: &str, payload: Value) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "entity": entity, "entity_id": entity_id, "action": action,
        "hlc": format!("{:015}:00000:{PHONE}", chrono::Utc::now().timestamp_millis()),
        "payload": payload,
    })
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn check_in(shift_id: &str, ward_id: &str, started_minutes_ago: i64) -> Value {
    op(
        "shift",
        shift_id,
        "create",
        json!({
            "ward_id": ward_id, "started_at": minutes_ago(started_minutes_ago),
            "plan": "Music group at two, then 1:1s", "for_nurse": "Aisha asked for a walk this afternoon.",
        }),
    )
}

fn check_out(shift_id: &str, ended_minutes_ago: i64) -> Value {
    op(
        "shift_end",
        &new_id(),
        "create",
        json!({
            "shift_id": shift_id, "ended_at": minutes_ago(ended_minutes_ago),
            "what_happened": "Music group: four came.", "for_nurse": "Ben was low after lunch.",
        }),
    )
}

fn received(report_id: &str) -> Value {
    op("shift_report_received", &new_id(), "create", json!({ "report_id": report_id }))
}

/// Sends `ops` from `device` and answers each op's status and reason, and
/// the entities of the changes pulled from the start.
async fn sync(
    app: &TestApp,
    token: &str,
    device: &str,
    ops: Vec<Value>,
) -> (Vec<(String, String)>, Vec<Value>) {
    let body = json!({ "device_id": device, "cursor": null, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let answer = response.json();
    let field = |r: &Value, f: &str| r[f].as_str().unwrap_or("").to_owned();
    let results = answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| (field(r, "status"), field(r, "reason")))
        .collect();
    (results, answer["changes"].as_array().cloned().unwrap_or_default())
}

fn shift_changes(changes: &[Value]) -> Vec<(String, String)> {
    changes
        .iter()
        .filter(|c| c["entity"].as_str().is_some_and(|e| e.starts_with("shift")))
        .map(|c| {
            (
                c["entity"].as_str().unwrap_or("").to_owned(),
                c["author_name"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

fn applied(n: usize) -> Vec<(String, String)> {
    vec![("applied".to_owned(), String::new()); n]
}

async fn a_psw_checks_in_and_out_and_the_nurse_in_charge_receives_both_reports(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, nurse, psw2) =
        (app.session_for("psw").await, app.session_for("nurse").await, app.session_for("psw2").await);
    let shift = new_id();
    assert_eq!(sync(&app, &psw, PHONE, vec![check_in(&shift, "ward-willow", 30)]).await.0, applied(1));

    // The nurse in charge of Willow Ward gets the report; a PSW on other wards does not.
    let (_, changes) = sync(&app, &nurse, NURSES_PHONE, vec![]).await;
    assert_eq!(shift_changes(&changes), vec![("shift".to_owned(), "Sam Okafor".to_owned())]);
    let report = changes.iter().find(|c| c["entity"] == "shift").expect("the check-in");
    assert_eq!(report["payload"]["for_nurse"], "Aisha asked for a walk this afternoon.");
    assert_eq!(shift_changes(&sync(&app, &psw2, NURSES_PHONE, vec![]).await.1), vec![]);

    // She marks it received, once.
    assert_eq!(sync(&app, &nurse, NURSES_PHONE, vec![received(&shift)]).await.0, applied(1));
    let (again, _) = sync(&app, &nurse, NURSES_PHONE, vec![received(&shift)]).await;
    assert_eq!(again[0].0, "rejected");
    assert!(again[0].1.contains("already marked received"), "{}", again[0].1);

    // Checking out sends the second report; the shift ends once.
    let end = check_out(&shift, 1);
    let end_id = end["entity_id"].as_str().expect("id").to_owned();
    assert_eq!(sync(&app, &psw, PHONE, vec![end]).await.0, applied(1));
    let (twice, _) = sync(&app, &psw, PHONE, vec![check_out(&shift, 0)]).await;
    assert_eq!(twice[0].0, "rejected");
    assert!(twice[0].1.contains("already ended"), "{}", twice[0].1);
    assert_eq!(sync(&app, &nurse, NURSES_PHONE, vec![received(&end_id)]).await.0, applied(1));

    // The PSW's other phone sees the shift, its end and both receipts, by whom.
    let (_, mine) = sync(&app, &psw, SECOND_PHONE, vec![]).await;
    let entities: Vec<(String, String)> = shift_changes(&mine);
    assert_eq!(
        entities,
        vec![
            ("shift".to_owned(), "Sam Okafor".to_owned()),
            ("shift_report_received".to_owned(), "Priya Raman".to_owned()),
            ("shift_end".to_owned(), "Sam Okafor".to_owned()),
            ("shift_report_received".to_owned(), "Priya Raman".to_owned()),
        ]
    );
    // Kept as written, even from inside the server.
    for sql in [
        "update shifts set plan = ''",
        "delete from shifts",
        "update shift_ends set for_nurse = ''",
        "delete from shift_ends",
        "delete from shift_report_receipts",
        "update sync_ops set body = '{}' where patient_id is null",
    ] {
        let tried = match &app.state.store {
            Store::Sqlite(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
            Store::Postgres(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
        };
        assert!(tried.is_err(), "a shift is kept as written: {sql}");
    }

    // A check-in and its check-out in one batch, offline all shift, is fine too.
    let later = new_id();
    let both = vec![check_in(&later, "ward-rowan", 400), check_out(&later, 2)];
    assert_eq!(sync(&app, &psw, PHONE, both).await.0, applied(2));
}

async fn a_bad_shift_is_refused_alone_with_the_reason(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, nurse) = (app.session_for("psw").await, app.session_for("nurse").await);
    let shift = new_id();
    let mut changed = check_in(&shift, "ward-willow", 10);
    changed["id"] = json!(new_id());
    changed["action"] = json!("update");
    let too_long = new_id();
    let ops = vec![
        check_in(&new_id(), "ward-kestrel", 10),
        check_in(&new_id(), "ward-nowhere", 10),
        check_in(&shift, "ward-willow", 10),
        changed,
        check_out(&new_id(), 1),
        check_in(&too_long, "ward-rowan", 60 * 17),
        check_out(&too_long, 0),
        received(&shift),
    ];
    let (results, _) = sync(&app, &psw, PHONE, ops).await;
    let statuses: Vec<&str> = results.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        statuses,
        ["rejected", "rejected", "applied", "rejected", "rejected", "applied", "rejected", "rejected"],
        "{results:?}"
    );
    let reasons: Vec<&str> = results.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(reasons[0], NOT_YOUR_WARD);
    assert_eq!(reasons[1], "There is no ward with this id to check in to.");
    assert!(reasons[3].contains("never changed"), "{}", reasons[3]);
    assert_eq!(reasons[4], "There is no saved shift with this id to check out of.");
    assert_eq!(
        reasons[6],
        "A shift is at most 16 hours; this one would be 17 hours. Check the time you finished."
    );
    assert_eq!(reasons[7], "Your role does not include this.");

    // Only the person on the shift checks out of it; a nurse does not work shifts here.
    let (theirs, _) =
        sync(&app, &nurse, NURSES_PHONE, vec![check_out(&shift, 0), check_in(&new_id(), "ward-willow", 5)])
            .await;
    assert_eq!(theirs[0].1, "Only the person on the shift can check out of it.");
    assert_eq!(theirs[1].1, "Your role does not include this.");
    // A check-out before the check-in is refused; nothing stored is changed.
    let (early, _) = sync(&app, &psw, PHONE, vec![check_out(&shift, 20)]).await;
    assert_eq!(early[0].1, "The end of the shift must be after its start.");
    assert_eq!(sync(&app, &psw, PHONE, vec![check_out(&shift, 0)]).await.0, applied(1));
}

async fn the_home_page_lists_a_psws_own_shifts_and_a_nurses_ward_reports(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, psw2, nurse, manager) = (
        app.session_for("psw").await,
        app.session_for("psw2").await,
        app.session_for("nurse").await,
        app.session_for("manager").await,
    );
    let home = |token: String| {
        let app = &app;
        async move {
            let response = app.post_api("/api/get_home", String::new(), &token).await;
            assert_eq!(response.status, StatusCode::OK, "{}", response.body);
            response.json()["shifts"].clone()
        }
    };
    let (willow, kestrel, yesterday) = (new_id(), new_id(), new_id());
    let ops = vec![
        check_in(&yesterday, "ward-willow", 60 * 20),
        check_out(&yesterday, 60 * 12),
        check_in(&willow, "ward-willow", 45),
    ];
    assert_eq!(sync(&app, &psw, PHONE, ops).await.0, applied(3));
    assert_eq!(
        sync(&app, &psw2, SECOND_PHONE, vec![check_in(&kestrel, "ward-kestrel", 15)]).await.0,
        applied(1)
    );
    assert_eq!(sync(&app, &nurse, NURSES_PHONE, vec![received(&willow)]).await.0, applied(1));

    // Sam sees his own two shifts, newest first: today's open, its plan read by Priya.
    let sams = home(psw).await;
    assert_eq!((sams["checks_in"].as_bool(), sams["receives_reports"].as_bool()), (Some(true), Some(false)));
    assert_eq!(sams["close_hour"], 23);
    let ids: Vec<&str> =
        sams["shifts"].as_array().expect("shifts").iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, [willow.as_str(), yesterday.as_str()]);
    let today = &sams["shifts"][0];
    assert_eq!((today["ward_name"].as_str(), today["end"].is_null()), (Some("Willow Ward"), true));
    assert_eq!(today["plan"], "Music group at two, then 1:1s");
    assert_eq!(today["receipt"]["by"], "Priya Raman");
    assert_eq!(sams["shifts"][1]["end"]["what_happened"], "Music group: four came.");

    // Priya, in charge of Willow and Rowan, sees Willow's reports and not Kestrel's.
    let priyas = home(nurse).await;
    assert_eq!(priyas["receives_reports"], true);
    let on_her_wards: Vec<&str> =
        priyas["shifts"].as_array().expect("shifts").iter().filter_map(|s| s["ward_id"].as_str()).collect();
    assert_eq!(on_her_wards, ["ward-willow", "ward-willow"]);
    // A manager has no shift card.
    let dafydds = home(manager).await;
    assert_eq!(dafydds["shifts"].as_array().map(Vec::len), Some(0));
    assert_eq!(dafydds["checks_in"], false);
}
