//! Risk and safeguarding concerns: a PSW raises one through sync, the nurse
//! in charge of that ward sees it waiting and acknowledges it, the PSW's
//! phone and pages show the acknowledgement, and one nobody acknowledges in
//! time is flagged to the ward's manager. Bad ones are refused alone.

use crate::helpers::{spawn_app, spawn_app_with, Engine, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};
use server::store::Store;

crate::on_both_engines!(
    a_concern_reaches_the_nurse_who_acknowledges_it_and_the_psw_sees_the_answer,
    only_the_nurse_of_the_ward_where_it_was_raised_acknowledges_and_bad_ones_are_refused_alone,
    a_concern_nobody_acknowledges_in_time_is_flagged_to_the_wards_manager,
    an_acknowledgement_stamped_back_to_when_the_patient_was_elsewhere_is_still_judged_on_the_concerns_ward,
    a_concern_follows_its_patient_to_a_new_ward_and_is_answered_where_it_was_raised,
);

const PSW_PHONE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";
const NURSE_PHONE: &str = "1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

fn op(device: &str, entity: &str, entity_id: &str, payload: Value) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "entity": entity, "entity_id": entity_id,
        "action": "create",
        "hlc": format!("{:015}:00000:{device}", chrono::Utc::now().timestamp_millis()),
        "payload": payload,
    })
}

fn concern(patient_id: &str) -> (String, Value) {
    let id = uuid::Uuid::new_v4().to_string();
    let payload = json!({
        "patient_id": patient_id, "category": "risk_to_self",
        "what_happened": "Said she has been saving her tablets.", "done_now": "Stayed with her in the lounge.",
        "told": "",
    });
    (id.clone(), op(PSW_PHONE, "concern", &id, payload))
}

fn ack(concern_id: &str, response: &str) -> Value {
    let id = uuid::Uuid::new_v4().to_string();
    op(NURSE_PHONE, "concern_ack", &id, json!({ "concern_id": concern_id, "response": response }))
}

async fn sync(app: &TestApp, token: &str, device: &str, cursor: Option<&str>, ops: Vec<Value>) -> Value {
    let body = json!({ "device_id": device, "cursor": cursor, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

fn statuses(answer: &Value) -> Vec<(String, String)> {
    let results = answer["results"].as_array().expect("results");
    let field = |r: &Value, f: &str| r[f].as_str().unwrap_or("").to_owned();
    results.iter().map(|r| (field(r, "status"), field(r, "reason"))).collect()
}

fn applied() -> (String, String) {
    ("applied".to_owned(), String::new())
}

async fn home(app: &TestApp, token: &str) -> Value {
    let response = app.post_api("/api/get_home", String::new(), token).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()["concerns"].clone()
}

fn ids(concerns: &Value) -> Vec<String> {
    let list = concerns["concerns"].as_array().expect("a list of concerns");
    list.iter().map(|c| c["id"].as_str().unwrap_or("").to_owned()).collect()
}

async fn a_concern_reaches_the_nurse_who_acknowledges_it_and_the_psw_sees_the_answer(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, nurse) = (app.session_for("psw").await, app.session_for("nurse").await);
    let first = sync(&app, &psw, PSW_PHONE, None, vec![]).await;
    let psw_cursor = first["cursor"].as_str().expect("cursor").to_owned();
    let (concern_id, raised) = concern("patient-001");
    let answer = sync(&app, &psw, PSW_PHONE, Some(&psw_cursor), vec![raised]).await;
    assert_eq!(statuses(&answer), [applied()]);

    // The nurse in charge of Willow Ward sees it waiting, with the patient's name.
    let waiting = home(&app, &nurse).await;
    assert_eq!(waiting["list"], "ToAcknowledge");
    assert_eq!(ids(&waiting), [concern_id.as_str()]);
    let shown = &waiting["concerns"][0];
    assert_eq!(shown["patient_name"], "Aisha");
    assert_eq!(shown["author_name"], "Sam Okafor");
    assert_eq!(shown["what_happened"], "Said she has been saving her tablets.");
    assert_eq!(shown["acks"], json!([]));
    // Her phone pulls it too, so a screen left open shows it without reload.
    let pulled = sync(&app, &nurse, NURSE_PHONE, None, vec![]).await;
    let entities: Vec<&str> =
        pulled["changes"].as_array().expect("changes").iter().filter_map(|c| c["entity"].as_str()).collect();
    assert!(entities.contains(&"concern"), "{entities:?}");

    // A PSW cannot acknowledge it; the nurse can.
    let by_psw = sync(&app, &psw, PSW_PHONE, Some(&psw_cursor), vec![ack(&concern_id, "")]).await;
    assert_eq!(statuses(&by_psw)[0].1, "Your role does not include this.");
    let answer =
        sync(&app, &nurse, NURSE_PHONE, None, vec![ack(&concern_id, "Seen her; observations increased.")])
            .await;
    assert_eq!(statuses(&answer), [applied()]);
    // Acknowledged again (from another phone, or twice in one request), it
    // is refused with who got there first, and the first answer stands.
    let again = sync(
        &app,
        &nurse,
        PSW_PHONE,
        None,
        vec![ack(&concern_id, "Checked again."), ack(&concern_id, "And again.")],
    )
    .await;
    for (status, reason) in statuses(&again) {
        assert_eq!(status, "rejected");
        assert!(reason.starts_with("Priya Raman already acknowledged this concern, "), "{reason}");
        assert!(reason.contains("Nothing was changed"), "{reason}");
    }

    // It no longer waits for her; the PSW's home shows who answered and how.
    assert!(ids(&home(&app, &nurse).await).is_empty());
    let own = home(&app, &psw).await;
    assert_eq!(own["list"], "RaisedByMe");
    assert_eq!(ids(&own), [concern_id.as_str()]);
    let answered = &own["concerns"][0]["acks"][0];
    assert_eq!(answered["author_name"], "Priya Raman");
    assert_eq!(answered["response"], "Seen her; observations increased.");
    // The PSW's phone pulls the acknowledgement, and Aisha's page shows it.
    let pulled = sync(&app, &psw, PSW_PHONE, Some(&psw_cursor), vec![]).await;
    let acks: Vec<&Value> = pulled["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["entity"] == "concern_ack")
        .collect();
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0]["author_name"], "Priya Raman");
    let page = app.get_page("/patients/patient-001", Some(&psw)).await;
    assert!(page.body.contains("Acknowledged by Priya Raman"), "the page shows the acknowledgement");
    assert!(page.body.contains("Seen her; observations increased."));

    // Neither can be rewritten or removed, even from inside the server.
    for sql in [
        "update concerns set what_happened = 'nothing'",
        "delete from concerns",
        "update concern_acks set response = 'nothing'",
        "delete from concern_acks",
    ] {
        let tried = match &app.state.store {
            Store::Sqlite(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
            Store::Postgres(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
        };
        assert!(tried.is_err(), "a concern and its answer are kept as written: {sql}");
    }
}

async fn only_the_nurse_of_the_ward_where_it_was_raised_acknowledges_and_bad_ones_are_refused_alone(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let (psw2, nurse) = (app.session_for("psw2").await, app.session_for("nurse").await);
    // Chloe is on Kestrel Ward, Rhiannon's; Priya is in charge of Willow and Rowan.
    let (kestrel_concern, raised) = concern("patient-003");
    let mut empty = concern("patient-003").1;
    empty["payload"]["what_happened"] = json!("   ");
    let session_id = uuid::Uuid::new_v4().to_string();
    let session = op(
        PSW_PHONE,
        "session",
        &session_id,
        json!({
            "patient_id": "patient-003", "session_type": "one_to_one",
            "started_at": crate::helpers::minutes_ago(20), "duration_min": 15, "note": "A walk in the garden.",
        }),
    );
    let mut changed = raised.clone();
    changed["id"] = json!(uuid::Uuid::new_v4().to_string());
    changed["action"] = json!("update");
    let answer = sync(&app, &psw2, PSW_PHONE, None, vec![raised.clone(), empty, session, changed]).await;
    let got = statuses(&answer);
    assert_eq!(got[0], applied());
    assert!(got[1].1.contains("what_happened"), "{got:?}");
    assert_eq!(got[2], applied());
    assert!(got[3].1.contains("never changed"), "{got:?}");
    // Sent again (the answer was lost), it is stored once.
    let replay = sync(&app, &psw2, PSW_PHONE, None, vec![raised]).await;
    assert_eq!(statuses(&replay)[0].0, "duplicate");

    let answer = sync(
        &app,
        &nurse,
        NURSE_PHONE,
        None,
        vec![
            ack(&kestrel_concern, "Not mine to answer."),
            ack(&uuid::Uuid::new_v4().to_string(), ""),
            ack(&session_id, "A session is not a concern."),
        ],
    )
    .await;
    let got = statuses(&answer);
    assert_eq!(got[0].1, "This person is not on your wards.");
    assert_eq!(got[1].1, "There is no saved concern with this id to acknowledge.");
    assert_eq!(got[2].1, "There is no saved concern with this id to acknowledge.");
    // Two acknowledgements of one concern in one request: the second is refused.
    let (willow_concern, raised_here) = concern("patient-001");
    let answer = sync(
        &app,
        &nurse,
        NURSE_PHONE,
        None,
        vec![raised_here, ack(&willow_concern, "Seen."), ack(&willow_concern, "Seen twice.")],
    )
    .await;
    let got = statuses(&answer);
    assert_eq!(got[..2], [applied(), applied()]);
    assert_eq!(got[2].1, "This concern is acknowledged earlier in this request. Nothing was changed.");
    let manager = app.session_for("manager").await;
    let waiting = home(&app, &manager).await;
    assert_eq!(ids(&waiting), [kestrel_concern], "still waiting, once");
}

async fn a_concern_nobody_acknowledges_in_time_is_flagged_to_the_wards_manager(engine: Engine) {
    let flag = "1 concern not acknowledged after";
    // With the usual 15 minutes, a concern raised just now is listed for
    // the manager but not flagged.
    let app = spawn_app(engine).await;
    let (psw, manager) = (app.session_for("psw").await, app.session_for("manager").await);
    sync(&app, &psw, PSW_PHONE, None, vec![concern("patient-001").1]).await;
    let page = app.get_page("/", Some(&manager)).await;
    assert!(page.body.contains("Concerns waiting for the nurse in charge"));
    let listed = page.body.contains("Said she has been saving her tablets.");
    assert!(listed && !page.body.contains(flag), "listed, not yet flagged");

    // Where the service allows no wait at all, it is flagged at once, on
    // the manager's page and on the card; acknowledged, it leaves the list.
    let app = spawn_app_with(engine, |state| state.concerns.escalate_after_min = 0).await;
    let (psw, nurse, manager) =
        (app.session_for("psw").await, app.session_for("nurse").await, app.session_for("manager").await);
    let (concern_id, raised) = concern("patient-001");
    sync(&app, &psw, PSW_PHONE, None, vec![raised]).await;
    let page = app.get_page("/", Some(&manager)).await;
    assert!(page.body.contains(&format!("{flag} 0 minutes")), "the manager is alerted");
    assert!(
        page.body.contains("Flagged to the ward&#x27;s manager")
            || page.body.contains("Flagged to the ward's manager")
    );
    let answer = sync(&app, &nurse, NURSE_PHONE, None, vec![ack(&concern_id, "")]).await;
    assert_eq!(statuses(&answer), [applied()]);
    let page = app.get_page("/", Some(&manager)).await;
    assert!(!page.body.contains(flag) && page.body.contains("No concerns are waiting on your wards."));
}

/// Aisha moved from Willow (Priya's) to Kestrel an hour ago, and a concern
/// was raised about her there. Priya's phone cannot acknowledge it by
/// stamping the acknowledgement back to when Aisha was on Willow: only
/// Kestrel's nurse in charge answers a Kestrel concern.
async fn an_acknowledgement_stamped_back_to_when_the_patient_was_elsewhere_is_still_judged_on_the_concerns_ward(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let hour_ago = chrono::Utc::now() - chrono::Duration::hours(1);
    let moved = app.state.store.move_patient("patient-001", "ward-kestrel", "staff-admin", hour_ago).await;
    assert!(moved.expect("the move is stored"));
    let psw2 = app.session_for("psw2").await;
    let (concern_id, raised) = concern("patient-001");
    assert_eq!(statuses(&sync(&app, &psw2, PSW_PHONE, None, vec![raised]).await)[0], applied());

    let nurse = app.session_for("nurse").await;
    let mut backdated = ack(&concern_id, "Seen her.");
    let then = (chrono::Utc::now() - chrono::Duration::minutes(90)).timestamp_millis();
    backdated["hlc"] = json!(format!("{then:015}:00000:{NURSE_PHONE}"));
    let got = statuses(&sync(&app, &nurse, NURSE_PHONE, None, vec![backdated]).await);
    assert_eq!(got[0].0, "rejected", "{got:?}");
    assert_eq!(got[0].1, "This person is not on your wards.");
    let manager = app.session_for("manager").await;
    assert_eq!(ids(&home(&app, &manager).await), [concern_id], "still waiting for Kestrel's nurse");
}

/// Aisha's concern was raised on Willow (Priya's ward); then she moved to
/// Kestrel. Kestrel's nurse in charge sees it waiting as well, told where it
/// was raised, and cannot acknowledge it; Priya still can, and the time the
/// server received her acknowledgement (made offline, stamped earlier)
/// stands beside the time her phone gave it.
async fn a_concern_follows_its_patient_to_a_new_ward_and_is_answered_where_it_was_raised(engine: Engine) {
    let app = spawn_app(engine).await;
    let hash = server::auth::hash_password(crate::helpers::PASSWORD).expect("hash");
    let kestrel_nurse = server::store::DemoStaff {
        id: "staff-nurse-kestrel".into(),
        username: "nurse-kestrel".into(),
        display_name: "Tomasz Nowak".into(),
        role: app::domain::Role::NurseInCharge,
        password_hash: hash,
        ward_ids: vec!["ward-kestrel".into()],
    };
    let data = server::store::DemoData { staff: vec![kestrel_nurse], ..Default::default() };
    app.state.store.insert_directory(&data).await.expect("Kestrel's nurse");
    let (psw, priya, tomasz) = (
        app.session_for("psw").await,
        app.session_for("nurse").await,
        app.session_for("nurse-kestrel").await,
    );

    let (concern_id, raised) = concern("patient-001");
    assert_eq!(statuses(&sync(&app, &psw, PSW_PHONE, None, vec![raised]).await), [applied()]);
    let moved =
        app.state.store.move_patient("patient-001", "ward-kestrel", "staff-nurse", chrono::Utc::now());
    assert!(moved.await.expect("the move is stored"));

    let listed = home(&app, &tomasz).await;
    assert_eq!(ids(&listed), vec![concern_id.clone()], "on the new ward's list");
    assert_eq!(listed["concerns"][0]["raised_on"], "Willow Ward", "saying where it was raised");
    let page = app.get_page("/", Some(&tomasz)).await;
    assert!(page.body.contains("Raised on Willow Ward, before the move to this ward."), "{}", page.body);
    assert!(!page.body.contains(">Acknowledge</button>"), "no button that would be refused");
    let refused = statuses(&sync(&app, &tomasz, NURSE_PHONE, None, vec![ack(&concern_id, "")]).await);
    assert_eq!(refused[0].0, "rejected", "{refused:?}");

    let still = home(&app, &priya).await;
    assert_eq!(ids(&still), vec![concern_id.clone()], "still on the list of the ward it was raised on");
    assert!(still["concerns"][0]["raised_on"].is_null(), "Priya answers it");
    let manager = home(&app, &app.session_for("manager").await).await;
    assert_eq!(ids(&manager), vec![concern_id.clone()], "the managers see it once, flagged in time as ever");

    // Priya acknowledged it 40 minutes ago on a phone with no signal.
    let mut offline = ack(&concern_id, "Seen her before she left.");
    let then = chrono::Utc::now() - chrono::Duration::minutes(40);
    offline["hlc"] = json!(format!("{:015}:00000:{NURSE_PHONE}", then.timestamp_millis()));
    assert_eq!(statuses(&sync(&app, &priya, NURSE_PHONE, None, vec![offline]).await), [applied()]);
    assert!(ids(&home(&app, &tomasz).await).is_empty(), "answered, it leaves every list");
    let record = app.get_page("/patients/patient-001", Some(&tomasz)).await;
    assert!(record.body.contains("Acknowledged by Priya Raman"), "{}", record.body);
    assert!(!record.body.contains("Raised on Willow Ward"), "nothing left for anyone to acknowledge");
    let answered = home(&app, &psw).await;
    let acked = &answered["concerns"][0]["acks"][0];
    let at = chrono::DateTime::parse_from_rfc3339(acked["at"].as_str().expect("at")).expect("a time");
    let received = chrono::DateTime::parse_from_rfc3339(acked["received_at"].as_str().expect("received"))
        .expect("a time");
    assert!((received - at).num_minutes() >= 39, "{at} on the phone, {received} at the server");
    let page = app.get_page("/", Some(&psw)).await;
    assert!(page.body.contains("Reached the server"), "both times are shown");
}
