//! One group of requests written together: each op keeps the request it
//! came in (its author and device), and an op sent by two requests of the
//! same group is stored once, for the first. On both engines.

use super::writer::{write_group, Batch, WriterPool};
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
fn note(
    op_id: &str,
    place: &WritePlace,
    (staff_id, username, device_id): (&str, &str, &str),
    text: &str,
) -> AcceptedOp {
    let patient_id = place.patient_id.clone().expect("a patient");
    let ms = chrono::Utc::now().timestamp_millis();
    let op = json!({
        "id": op_id, "entity": "session", "entity_id": uuid::Uuid::now_v7().to_string(), "action": "create",
        "hlc": format!("{ms:015}:00000:{device_id}"),
        "payload": { "patient_id": patient_id, "session_type": "one_to_one",
                     "started_at": chrono::Utc::now().to_rfc3339(), "duration_min": 20, "note": text },
    });
    let checked = check_op(&op, ms as u64).expect("a good op");
    let audit = AuditEvent::new(AuditAction::WroteRecord, username)
        .by(staff_id)
        .about_patient(&patient_id, Some(&place.ward_id));
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
