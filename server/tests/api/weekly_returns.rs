//! The weekly return and the ward attendance record, computed from what
//! was recorded: a PSW logs supervision through sync, reviews their week,
//! hands it in once (then amends with a reason); the manager lists and
//! downloads the returns, every export on the audit trail.

use crate::helpers::{rfc3339, spawn_app, Engine, TestApp};
use app::domain::reports::{uk_day, Week};
use app::domain::uk_time::from_uk;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use server::store::Store;

crate::on_both_engines!(
    a_psw_logs_their_week_and_hands_in_a_return_once_then_amends_it,
    the_manager_collects_the_returns_and_the_csv_matches_the_records,
);

const PHONE: &str = "3d4e5f60-7182-4a3b-9c4d-5e6f708192a3";
const OTHER_PHONE: &str = "4e5f6071-8293-4b4c-8d5e-6f708192a3b4";

/// Last week's Wednesday at `hour`:00 on the UK clock.
fn last_wednesday(hour: u32) -> DateTime<Utc> {
    let week = Week::containing(Utc::now()).previous();
    let day = week.monday() + Duration::days(2);
    from_uk(day.and_hms_opt(hour, 0, 0).expect("a time"))
}

/// An op as a phone wrote it at `written`.
fn op(entity: &str, written: DateTime<Utc>, payload: Value) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "entity": entity,
        "entity_id": uuid::Uuid::new_v4().to_string(), "action": "create",
        "hlc": format!("{:015}:00000:{PHONE}", written.timestamp_millis()),
        "payload": payload,
    })
}

async fn sync(app: &TestApp, token: &str, device: &str, ops: Vec<Value>) -> Value {
    let body = json!({ "device_id": device, "cursor": null, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

fn statuses(answer: &Value) -> Vec<String> {
    let results = answer["results"].as_array().expect("results");
    results
        .iter()
        .map(|r| format!("{} {}", r["status"].as_str().unwrap_or(""), r["reason"].as_str().unwrap_or("")))
        .collect()
}

/// Sam's Wednesday last week: a shift on Willow 09:00 to 17:00, a contact
/// with Aisha, an hour's supervision; a log under a ward not his is refused.
async fn sams_wednesday(app: &TestApp, psw: &str) -> String {
    let shift = op(
        "shift",
        last_wednesday(9),
        json!({ "ward_id": "ward-willow", "started_at": rfc3339(last_wednesday(9)), "plan": "Groups", "for_nurse": "" }),
    );
    let shift_id = shift["entity_id"].as_str().expect("id").to_owned();
    let on = uk_day(last_wednesday(12)).format("%Y-%m-%d").to_string();
    let ops = vec![
        shift,
        op(
            "shift_end",
            last_wednesday(17),
            json!({ "shift_id": shift_id, "ended_at": rfc3339(last_wednesday(17)) }),
        ),
        op(
            "session",
            last_wednesday(11),
            json!({ "patient_id": "patient-001", "session_type": "one_to_one",
                    "started_at": rfc3339(last_wednesday(10)), "duration_min": 30, "note": "Talked about home leave." }),
        ),
        op(
            "work_log",
            last_wednesday(17),
            json!({ "ward_id": "ward-willow", "kind": "supervision_individual", "on": on, "minutes": 60,
                    "with_whom": "Dafydd Morgan" }),
        ),
        op(
            "work_log",
            last_wednesday(17),
            json!({ "ward_id": "ward-kestrel", "kind": "training", "on": on, "minutes": 30 }),
        ),
        op(
            "work_log",
            last_wednesday(17),
            json!({ "ward_id": "ward-willow", "kind": "lunch", "on": on, "minutes": 30 }),
        ),
    ];
    let answer = sync(app, psw, PHONE, ops).await;
    let got = statuses(&answer);
    assert_eq!(&got[..4], ["applied ", "applied ", "applied ", "applied "], "{got:?}");
    assert_eq!(
        got[4],
        "rejected A log is filed under a ward you work on today (your own, or one you are deployed to)."
    );
    assert!(got[5].starts_with("rejected Choose what it was"), "{got:?}");
    on
}

async fn returns_view(app: &TestApp, token: &str, week: &str) -> Value {
    let response = app.post_api("/api/get_returns_view", format!("week={week}"), token).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

async fn hand_in(app: &TestApp, token: &str, week: &str, notes: &str, reason: &str) -> (StatusCode, String) {
    let form = |text: &str| text.replace('+', "%2B").replace('\'', "%27").replace(' ', "+");
    let body = format!("week={week}&notes={}&reason={}", form(notes), form(reason));
    let response = app.post_api("/api/hand_in_return", body, token).await;
    (response.status, response.body)
}

async fn a_psw_logs_their_week_and_hands_in_a_return_once_then_amends_it(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, nurse) = (app.session_for("psw").await, app.session_for("nurse").await);
    sams_wednesday(&app, &psw).await;
    let week = Week::containing(Utc::now()).previous().key();

    // His log reaches his other phone, never the ward's nurse.
    let entities = |answer: &Value| -> Vec<String> {
        answer["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter_map(|c| c["entity"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(entities(&sync(&app, &psw, OTHER_PHONE, vec![]).await).contains(&"work_log".to_owned()));
    let nurses = entities(&sync(&app, &nurse, OTHER_PHONE, vec![]).await);
    assert!(nurses.contains(&"shift".to_owned()) && !nurses.contains(&"work_log".to_owned()), "{nurses:?}");

    // His week, from what he recorded.
    let mine = &returns_view(&app, &psw, &week).await["Mine"]["mine"];
    let live = &mine["live"];
    assert_eq!(live["shift_minutes"], 480);
    assert_eq!(live["places"][0]["ward_name"], "Willow Ward");
    assert_eq!((live["contacts_total"].as_u64(), live["people_seen"].as_u64()), (Some(1), Some(1)));
    let supervision = &live["work"][0];
    assert_eq!(
        (supervision["kind"].as_str(), supervision["minutes"].as_u64()),
        (Some("supervision_individual"), Some(60))
    );
    assert_eq!(mine["submitted"].as_array().map(Vec::len), Some(0));

    // Handed in once; a second time, or for a week not yet begun, is refused.
    let (status, body) = hand_in(&app, &psw, &week, "Quiet week", "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("is submitted"), "{body}");
    let (status, body) = hand_in(&app, &psw, &week, "Again", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("already submitted") && body.contains("amend it"), "{body}");
    let future = Week::containing(Utc::now()).next().key();
    let (status, body) = hand_in(&app, &psw, &future, "", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("has not started"), "{body}");
    let (status, body) = hand_in(&app, &psw, "2026-12-02", "", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Weeks start on a Monday"), "{body}");
    // A nurse has no return to hand in.
    assert_eq!(hand_in(&app, &nurse, &week, "", "").await.0, StatusCode::FORBIDDEN);

    // A contact recorded late changes the live figures, not what was handed in.
    let late = op(
        "session",
        last_wednesday(15),
        json!({ "patient_id": "patient-009", "session_type": "one_to_one",
                "started_at": rfc3339(last_wednesday(14)), "duration_min": 20, "note": "Walk in the garden." }),
    );
    assert_eq!(statuses(&sync(&app, &psw, PHONE, vec![late]).await), ["applied "]);
    let mine = &returns_view(&app, &psw, &week).await["Mine"]["mine"];
    assert_eq!(mine["live"]["contacts_total"], 2);
    assert_eq!(mine["submitted"][0]["figures"]["contacts_total"], 1, "frozen when handed in");
    assert_eq!(mine["submitted"][0]["notes"], "Quiet week");

    // Amended with a reason: a second version with the figures as they are now.
    let (status, body) = hand_in(&app, &psw, &week, "Quiet week", "Added Isla's walk").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("version 2"), "{body}");
    let mine = &returns_view(&app, &psw, &week).await["Mine"]["mine"];
    let versions = mine["submitted"].as_array().expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(
        (versions[1]["figures"]["contacts_total"].as_u64(), versions[1]["reason"].as_str()),
        (Some(2), Some("Added Isla's walk"))
    );

    // Kept as handed in, even from inside the server.
    for sql in ["update weekly_returns set notes = ''", "delete from weekly_returns", "delete from work_logs"]
    {
        let tried = match &app.state.store {
            Store::Sqlite(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
            Store::Postgres(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
        };
        assert!(tried.is_err(), "a return is kept as handed in: {sql}");
    }
}

async fn get_csv(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, String) {
    let request = Request::get(path)
        .header(header::COOKIE, format!("alongside_session={token}"))
        .header(header::ACCEPT, "text/csv")
        .body(Body::empty())
        .expect("request");
    let response = app.send(request).await;
    let kind =
        response.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (response.status, kind, response.body)
}

async fn exports_on_the_trail(app: &TestApp) -> i64 {
    let sql = "select count(*) from audit_events where action = 'exported'";
    match &app.state.store {
        Store::Sqlite(db) => sqlx::query_scalar(sql).fetch_one(&db.pool).await.expect("count"),
        Store::Postgres(db) => sqlx::query_scalar(sql).fetch_one(&db.pool).await.expect("count"),
    }
}

async fn the_manager_collects_the_returns_and_the_csv_matches_the_records(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, manager, psw2) =
        (app.session_for("psw").await, app.session_for("manager").await, app.session_for("psw2").await);
    sams_wednesday(&app, &psw).await;
    let week = Week::containing(Utc::now()).previous().key();
    assert_eq!(hand_in(&app, &psw, &week, "=1+2 was a good week", "").await.0, StatusCode::OK);

    // Who has handed in: Sam has; Rhiannon, on another site, has not.
    let list = &returns_view(&app, &manager, &week).await["Collect"];
    let rows = list["rows"].as_array().expect("rows");
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).cloned().unwrap_or(Value::Null);
    assert_eq!(row("Sam Okafor")["latest"][0], 1);
    assert!(row("Rhiannon Hughes")["latest"].is_null(), "{rows:?}");

    // The CSV of St Brigid's: Sam's row as recorded; a formula is kept as text.
    let before = exports_on_the_trail(&app).await;
    let path = format!("/exports/returns.csv?week={week}&site=site-st-brigid");
    let (status, kind, body) = get_csv(&app, &path, &manager).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "text/csv; charset=utf-8"), "{body}");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let column =
        |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let sam = records.iter().find(|r| &r[column("Name")] == "Sam Okafor").expect("Sam's row");
    assert_eq!(&sam[column("Status")], "Submitted");
    assert_eq!(&sam[column("Hours on shift")], "8.00");
    assert_eq!(&sam[column("Hours by ward")], "St Brigid's Hospital / Willow Ward: 8 h");
    assert_eq!(&sam[column("Contacts")], "1");
    assert_eq!(&sam[column("One to one support")], "1");
    assert_eq!(&sam[column("Supervision, one to one (hours)")], "1.00");
    assert_eq!(&sam[column("Notes")], "'=1+2 was a good week");
    assert!(
        records.iter().all(|r| &r[column("Name")] != "Rhiannon Hughes"),
        "Harbour View's PSW is not on this site"
    );
    assert_eq!(exports_on_the_trail(&app).await, before + 1, "the export is on the audit trail");

    // Not a manager's, or not a site: refused, and nothing exported.
    let (status, _, body) = get_csv(&app, &path, &psw).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _, body) =
        get_csv(&app, &format!("/exports/returns.csv?week={week}&site=site-nowhere"), &manager).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("your own sites"), "{body}");
    // A manager who follows a link to it is told on a page, not in JSON.
    let page =
        app.get_page(&format!("/exports/returns.csv?week={week}&site=site-nowhere"), Some(&manager)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let kind = page.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(page.body.contains("You can export the returns of your own sites only."), "{}", page.body);
    assert!(page.body.contains("Back to Alongside"), "{}", page.body);
    // Sent compressed to a browser that takes it, and then only compressed
    // (a page marked compressed and sent plain broke in the browser:
    // ERR_HTTP_RESPONSE_CODE_FAILURE).
    let request = Request::get(format!("/exports/returns.csv?week={week}&site=site-nowhere"))
        .header(header::COOKIE, format!("alongside_session={manager}"))
        .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .expect("request");
    let compressed = app.send(request).await;
    assert_eq!(compressed.status, StatusCode::FORBIDDEN);
    assert_eq!(compressed.headers.get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()), Some("gzip"));
    assert!(!compressed.body.starts_with("<!DOCTYPE"), "marked gzip, sent plain");
    let (status, _, body) =
        get_csv(&app, "/exports/returns.csv?week=last&site=site-st-brigid", &manager).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("2026-03-23"), "{body}");
    assert_eq!(exports_on_the_trail(&app).await, before + 1);

    // Willow's attendance: Aisha seen on Wednesday by Sam, as a page and a file.
    let response =
        app.post_api("/api/get_attendance", format!("ward=ward-willow&week={week}"), &manager).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let page = response.json();
    let wednesday = &page["record"]["days"][2];
    assert_eq!(wednesday["seen"][0]["patient_name"], "Aisha");
    assert_eq!(wednesday["seen"][0]["by"][0], "Sam Okafor");
    let (status, _, body) =
        get_csv(&app, &format!("/exports/attendance.csv?ward=ward-willow&week={week}"), &manager).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let day = uk_day(last_wednesday(12)).format("%Y-%m-%d").to_string();
    assert!(body.contains(&format!("{day},One to one,,Aisha,1,Sam Okafor")), "{body}");
    // Rhiannon works on Kestrel and Heron, not Willow.
    let (status, _, _) =
        get_csv(&app, &format!("/exports/attendance.csv?ward=ward-willow&week={week}"), &psw2).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(exports_on_the_trail(&app).await, before + 2);
}
