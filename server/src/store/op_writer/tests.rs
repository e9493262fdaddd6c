//! One group of requests written together: each op keeps the request it
//! came in (its author and device), and an op sent by two requests of the
//! same group is stored once, for the first. On both engines.

use super::writer::{write_group, write_isolated, Batch, WriterPool};
use crate::store::{on_pool, AcceptedOp, AuditAction, AuditEvent, Store, WritePlace};
use app::domain::sync::check_op;
use serde_json::json;
use std::collections::HashSet;
use tokio::sync::oneshot;

const PSW: (&str, &str, &str) = ("staff-psw", "psw", "00000000-0000-4000-8000-000000000001");
const PSW2: (&str, &str, &str) = ("staff-psw2", "psw2", "00000000-0000-4000-8000-000000000002");

/// A store with the demo directory, and what removes it after.
struct TestStore {
    store: Store,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestStore {
    async fn sqlite() -> TestStore {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = format!("sqlite://{}", dir.path().join("alongside.db").display());
        TestStore { store: Self::filled(&url).await, _dir: Some(dir), postgres: None }
    }

    async fn postgres() -> TestStore {
        let server = std::env::var("ALONGSIDE_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        let name = format!("alongside_test_{}", uuid::Uuid::new_v4().simple());
        Self::on_admin(&server, &format!("create database \"{name}\"")).await;
        let store = Self::filled(&format!("{server}/{name}")).await;
        TestStore { store, _dir: None, postgres: Some((server, name)) }
    }

    async fn filled(url: &str) -> Store {
        let store = Store::connect(url).await.expect("a store (set ALONGSIDE_TEST_POSTGRES for PostgreSQL)");
        store.migrate().await.expect("migrations");
        let today = chrono::Local::now().date_naive();
        let data = crate::demo::demo_data("a-test-password", today).expect("demo data");
        store.insert_directory(&data).await.expect("demo directory");
        store
    }

    async fn on_admin(server: &str, sql: &str) {
        let admin = Store::connect(&format!("{server}/postgres")).await.expect("PostgreSQL");
        if let Store::Postgres(db) = &admin {
            sqlx::query(sql).execute(&db.pool).await.expect(sql);
        }
        admin.close().await;
    }

    async fn finish(self) {
        self.store.close().await;
        if let Some((server, name)) = self.postgres {
            Self::on_admin(&server, &format!("drop database if exists \"{name}\" with (force)")).await;
        }
    }

    fn writer(&self) -> &WriterPool {
        match &self.store {
            Store::Sqlite(db) => &db.ops.connection,
            Store::Postgres(db) => &db.ops.connection,
        }
    }
}

/// A session note about a patient, accepted as `/api/sync` would accept it.
fn note(op_id: &str, place: &WritePlace, who: (&str, &str, &str), text: &str) -> AcceptedOp {
    note_on(op_id, &uuid::Uuid::now_v7().to_string(), place, who, text)
}

/// A session note with the record id `session_id`.
fn note_on(
    op_id: &str,
    session_id: &str,
    place: &WritePlace,
    who: (&str, &str, &str),
    text: &str,
) -> AcceptedOp {
    let patient_id = place.patient_id.clone().expect("a patient");
    let payload = json!({ "patient_id": patient_id, "session_type": "one_to_one",
                          "started_at": chrono::Utc::now().to_rfc3339(), "duration_min": 20, "note": text });
    accepted(op_id, ("session", session_id), payload, place, who)
}

/// Any op, accepted as `/api/sync` would accept it.
fn accepted(
    op_id: &str,
    (entity, entity_id): (&str, &str),
    payload: serde_json::Value,
    place: &WritePlace,
    (staff_id, username, device_id): (&str, &str, &str),
) -> AcceptedOp {
    let ms = chrono::Utc::now().timestamp_millis();
    let op = json!({
        "id": op_id, "entity": entity, "entity_id": entity_id, "action": "create",
        "hlc": format!("{ms:015}:00000:{device_id}"), "payload": payload,
    });
    let checked = check_op(&op, ms as u64).expect("a good op");
    let mut audit = AuditEvent::new(AuditAction::WroteRecord, username).by(staff_id);
    if let Some(patient_id) = &place.patient_id {
        audit = audit.about_patient(patient_id, Some(&place.ward_id));
    }
    AcceptedOp {
        body: serde_json::to_string(&checked.op).expect("body"),
        checked,
        place: place.clone(),
        audit,
    }
}

fn batch((staff_id, _, device_id): (&str, &str, &str), ops: Vec<AcceptedOp>) -> Batch {
    let (reply, _) = oneshot::channel();
    Batch { author_id: staff_id.into(), device_id: device_id.into(), ops, reply }
}

fn ids(list: &[&str]) -> HashSet<String> {
    list.iter().map(|id| (*id).to_owned()).collect()
}

async fn a_group_keeps_each_requests_author_and_stores_a_racing_replay_once(db: TestStore) {
    let places =
        db.store.patient_places(&["patient-001".into(), "patient-003".into()]).await.expect("places");
    let (willow, kestrel) = (&places["patient-001"], &places["patient-003"]);
    let [a1, a2, b1, a3] = [(); 4].map(|_| uuid::Uuid::now_v7().to_string());
    let group = [
        batch(
            PSW,
            vec![note(&a1, willow, PSW, "Aisha planned her leave."), note(&a2, willow, PSW, "Walked.")],
        ),
        batch(PSW2, vec![note(&b1, kestrel, PSW2, "Ella chose the garden group.")]),
        // The first request again, sent before its answer came, with one more note.
        batch(
            PSW,
            vec![note(&a1, willow, PSW, "Aisha planned her leave."), note(&a3, willow, PSW, "Slept.")],
        ),
    ];
    let new_ids = write_group(db.writer(), &group).await.expect("the group is stored");
    assert_eq!(
        new_ids,
        vec![ids(&[&a1, &a2]), ids(&[&b1]), ids(&[&a3])],
        "each op is new once, for the first"
    );
    assert_eq!(db.store.op_count().await.expect("count"), 4, "the replayed op is stored once");
    let sql = "select o.id, o.author_id, o.device_id, s.author_id from sync_ops o
               join sessions s on s.op_id = o.id order by o.seq";
    let rows: Vec<(String, String, String, String)> =
        on_pool!(&db.store, pool => sqlx::query_as(sql).fetch_all(pool).await.expect("rows"));
    assert_eq!(rows, expected_rows([&a1, &a2, &b1, &a3]), "each op with the author and device that sent it");
    // A patient with a note can never be removed (the note's op refers to
    // them, whether or not the engine checks the session itself too); one
    // with none could be.
    assert!(!removed(&db.store, "patient-003").await, "Ella has a note: she stays");
    assert!(removed(&db.store, "patient-004").await, "a patient with nothing written about them");
    db.finish().await;
}

/// Whether the store let the patient be deleted outright.
async fn removed(store: &Store, patient_id: &str) -> bool {
    let sql = "delete from patients where id = $1";
    on_pool!(store, pool => sqlx::query(sql).bind(patient_id).execute(pool).await.is_ok())
}

/// In the order of the group: each op with the author and device of the
/// request that sent it, on the log and on the session alike.
fn expected_rows([a1, a2, b1, a3]: [&String; 4]) -> Vec<(String, String, String, String)> {
    [(a1, PSW), (a2, PSW), (b1, PSW2), (a3, PSW)]
        .map(|(id, (staff, _, device))| (id.clone(), staff.into(), device.into(), staff.into()))
        .to_vec()
}

#[tokio::test]
async fn on_sqlite_a_group_keeps_each_requests_author_and_stores_a_racing_replay_once() {
    a_group_keeps_each_requests_author_and_stores_a_racing_replay_once(TestStore::sqlite().await).await;
}

#[tokio::test]
async fn on_postgres_a_group_keeps_each_requests_author_and_stores_a_racing_replay_once() {
    a_group_keeps_each_requests_author_and_stores_a_racing_replay_once(TestStore::postgres().await).await;
}

const NURSE: (&str, &str, &str) = ("staff-nurse", "nurse", "00000000-0000-4000-8000-000000000003");

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Two requests that the database refuses together (the same session id
/// from two phones; two acknowledgements of one concern, judged before
/// either was stored) share a group with innocent ones: the innocent
/// requests and the first of each pair are stored, and only the second of
/// each pair is refused.
async fn a_request_the_database_refuses_never_fails_the_rest_of_its_group(db: TestStore) {
    let places =
        db.store.patient_places(&["patient-001".into(), "patient-003".into()]).await.expect("places");
    let (willow, kestrel) = (&places["patient-001"], &places["patient-003"]);
    // A concern raised earlier, to be acknowledged twice at once.
    let concern_id = new_id();
    let concern = json!({ "patient_id": "patient-001", "category": "risk_to_self",
                          "what_happened": "Said she felt unsafe.", "done_now": "Stayed with her.", "told": "" });
    let first = [batch(PSW, vec![accepted(&new_id(), ("concern", &concern_id), concern, willow, PSW)])];
    assert!(write_group(db.writer(), &first).await.is_ok(), "the concern is stored");

    let shared_session = new_id();
    let (first_ack, second_ack) = (new_id(), new_id());
    let ack = |response: &str| json!({ "concern_id": concern_id, "response": response });
    let group = [
        batch(PSW, vec![note_on(&new_id(), &shared_session, willow, PSW, "Aisha planned her leave.")]),
        batch(NURSE, vec![accepted(&new_id(), ("concern_ack", &first_ack), ack("Seen her."), willow, NURSE)]),
        batch(PSW2, vec![note(&new_id(), kestrel, PSW2, "Ella chose the garden group.")]),
        batch(PSW2, vec![note_on(&new_id(), &shared_session, kestrel, PSW2, "The same id, another phone.")]),
        batch(NURSE, vec![accepted(&new_id(), ("concern_ack", &second_ack), ack("Again."), willow, NURSE)]),
    ];
    let outcomes = write_isolated(db.writer(), &group).await;
    let stored: Vec<bool> = outcomes.iter().map(Result::is_ok).collect();
    assert_eq!(stored, [true, true, true, false, false], "only the second of each pair is refused");
    for (batch, outcome) in group.iter().zip(&outcomes) {
        if let Ok(new_ids) = outcome {
            assert!(new_ids.contains(&batch.ops[0].checked.op.id), "each stored request's op is new");
        }
    }
    assert_eq!(db.store.op_count().await.expect("count"), 4, "the concern and three requests' ops");
    let sql = "select count(*) from concern_acks where concern_id = $1";
    let (acks,): (i64,) = on_pool!(&db.store, pool => sqlx::query_as(sql).bind(&concern_id).fetch_one(pool).await.expect("acks"));
    assert_eq!(acks, 1, "a concern is acknowledged once");
    db.finish().await;
}

#[tokio::test]
async fn on_sqlite_a_request_the_database_refuses_never_fails_the_rest_of_its_group() {
    a_request_the_database_refuses_never_fails_the_rest_of_its_group(TestStore::sqlite().await).await;
}

#[tokio::test]
async fn on_postgres_a_request_the_database_refuses_never_fails_the_rest_of_its_group() {
    a_request_the_database_refuses_never_fails_the_rest_of_its_group(TestStore::postgres().await).await;
}

/// A commit is on disk before the writer answers: SQLite syncs its log on
/// every commit (FULL, not NORMAL, which may lose the last commits in a
/// power cut), and PostgreSQL waits for its log whatever its own default.
async fn the_writer_commits_to_disk_before_it_answers(db: TestStore) {
    match db.writer() {
        WriterPool::Sqlite(pool) => {
            let (level,): (i64,) =
                sqlx::query_as("pragma synchronous").fetch_one(pool).await.expect("pragma");
            assert_eq!(level, 2, "synchronous = FULL on the writer's connection");
        }
        WriterPool::Postgres(pool) => {
            let (setting,): (String,) =
                sqlx::query_as("show synchronous_commit").fetch_one(pool).await.expect("setting");
            assert_eq!(setting, "on");
        }
    }
    db.finish().await;
}

#[tokio::test]
async fn on_sqlite_the_writer_commits_to_disk_before_it_answers() {
    the_writer_commits_to_disk_before_it_answers(TestStore::sqlite().await).await;
}

#[tokio::test]
async fn on_postgres_the_writer_commits_to_disk_before_it_answers() {
    the_writer_commits_to_disk_before_it_answers(TestStore::postgres().await).await;
}
