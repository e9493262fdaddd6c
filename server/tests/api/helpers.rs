//! `spawn_app`: a fresh database with the demo data and the real router,
//! and typed request helpers. Each test's database is dropped afterwards.

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use server::config::Config;
use server::state::AppState;
use server::store::Store;
use tower::ServiceExt;

pub const PASSWORD: &str = "a-test-password-for-demo";

#[derive(Clone, Copy, Debug)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Declares each listed `async fn name(engine: Engine)` as two tests,
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { $crate::helpers::run_test(|| super::$name($crate::helpers::Engine::Sqlite)) } )*
        }
        mod postgres {
            $( #[test] fn $name() { $crate::helpers::run_test(|| super::$name($crate::helpers::Engine::Postgres)) } )*
        }
    };
}

/// Runs one test's future on a thread of its own with an 8 MiB stack and a
/// single-threaded runtime (as `#[tokio::test]` would, but for the stack):
/// unoptimised, a request's future through every middleware into a page
/// render or a sync batch came within reach of the 2 MiB libtest gives a
/// test thread, and overflowed it once one more middleware was added. (The
/// release build passes the browser suite on tokio's default 2 MiB worker
/// stacks.)
pub fn run_test<F, Fut>(test: F)
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()>,
{
    let thread = std::thread::Builder::new().stack_size(8 << 20).spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        runtime.block_on(test())
    });
    if let Err(panic) = thread.expect("a test thread").join() {
        std::panic::resume_unwind(panic);
    }
}

enum TestDb {
    Sqlite { _dir: tempfile::TempDir },
    Postgres { server: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { server, name } = self {
            let (server, name) = (server.clone(), name.clone());
            // Drop runs outside async; a short-lived runtime on its own thread
            // removes the database even when the test panicked.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
                if let Ok(runtime) = runtime {
                    runtime.block_on(async move {
                        if let Ok(store) = Store::connect(&format!("{server}/postgres")).await {
                            if let Store::Postgres(admin) = &store {
                                let drop = format!("drop database if exists \"{name}\" with (force)");
                                let _ = sqlx::query(&drop).execute(&admin.pool).await;
                            }
                            store.close().await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    _db: TestDb,
}

pub fn postgres_server() -> String {
    std::env::var("ALONGSIDE_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

async fn fresh_database(engine: Engine) -> (String, TestDb) {
    match engine {
        Engine::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary folder");
            let url = format!("sqlite://{}", dir.path().join("alongside.db").display());
            (url, TestDb::Sqlite { _dir: dir })
        }
        Engine::Postgres => {
            let server = postgres_server();
            let name = format!("alongside_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Store::connect(&format!("{server}/postgres"))
                .await
                .expect("PostgreSQL for the tests (set ALONGSIDE_TEST_POSTGRES to reach it)");
            if let Store::Postgres(db) = &admin {
                sqlx::query(&format!("create database \"{name}\""))
                    .execute(&db.pool)
                    .await
                    .expect("create database");
            }
            admin.close().await;
            (format!("{server}/{name}"), TestDb::Postgres { server, name })
        }
    }
}

pub fn config(database_url: String) -> Config {
    Config {
        database_url,
        addr: "127.0.0.1:0".parse().expect("address"),
        site_root: "target/site".into(),
        secure_cookies: false,
        demo: true,
        demo_password: PASSWORD.into(),
        idle_minutes: 30,
        device_lock_seconds: 300,
        device_retention_days: 14,
        concern_escalate_minutes: 15,
        shift_close_hour: 23,
        trusted_proxies: Vec::new(),
    }
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, |_| {}).await
}

/// Like [`spawn_app`], letting the test adjust the state first.
pub async fn spawn_app_with(engine: Engine, adjust: impl FnOnce(&mut AppState)) -> TestApp {
    let (url, db) = fresh_database(engine).await;
    let mut state = server::prepare(&config(url)).await.expect("the app starts");
    adjust(&mut state);
    TestApp { router: server::app(state.clone()), state, _db: db }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
    }

    /// The value of the session cookie this response sets, if any.
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookies().into_iter().find_map(|c| {
            c.strip_prefix("alongside_session=")
                .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
                .filter(|v| !v.is_empty())
        })
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

impl TestApp {
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.expect("a response");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("the body").to_bytes();
        TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// Only the status of the answer, leaving its body unread.
    pub async fn status_of(&self, request: Request<Body>) -> StatusCode {
        self.router.clone().oneshot(request).await.expect("a response").status()
    }

    /// A browser's page request, optionally signed in.
    pub async fn get_page(&self, path: &str, session: Option<&str>) -> TestResponse {
        let mut request = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(token) = session {
            request = request.header(header::COOKIE, format!("alongside_session={token}"));
        }
        self.send(request.body(Body::empty()).expect("request")).await
    }

    /// A browser's form post to `path`.
    pub async fn post_form(&self, path: &str, body: impl Into<Body>, session: Option<&str>) -> TestResponse {
        let mut request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "http://127.0.0.1:3000");
        if let Some(token) = session {
            request = request.header(header::COOKIE, format!("alongside_session={token}"));
        }
        self.send(request.body(body.into()).expect("request")).await
    }

    /// A program's `POST /api/sync` with a JSON body, signed in or not.
    pub async fn post_sync(&self, body: impl Into<Body>, session: Option<&str>) -> TestResponse {
        let mut request = Request::post("/api/sync").header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = session {
            request = request.header(header::COOKIE, format!("alongside_session={token}"));
        }
        self.send(request.body(body.into()).expect("request")).await
    }

    /// A signed-in program's form-encoded POST (a server function call).
    pub async fn post_api(&self, path: &str, body: impl Into<Body>, session: &str) -> TestResponse {
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("alongside_session={session}"))
            .body(body.into())
            .expect("request");
        self.send(request).await
    }

    pub async fn sign_in_as(&self, username: &str, password: &str) -> TestResponse {
        self.post_form("/login", format!("username={username}&password={password}"), None).await
    }

    /// Signs in a demo account and returns its session cookie's value.
    pub async fn session_for(&self, username: &str) -> String {
        let response = self.sign_in_as(username, PASSWORD).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "{username} signs in");
        response.session_cookie().expect("a session cookie")
    }
}

/// A time as ops carry it (RFC 3339, seconds, UTC).
pub fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The start of a session that ended just now, as a phone would send it
/// (a start over 7 days before the op's clock needs a reason).
pub fn minutes_ago(minutes: i64) -> String {
    rfc3339(chrono::Utc::now() - chrono::Duration::minutes(minutes))
}

/// How many cases each property test runs: 1,000 unless
/// `ALONGSIDE_PROPTEST_CASES` says (`.ci/proptest-sync` runs 100,000).
pub fn property_cases() -> u32 {
    std::env::var("ALONGSIDE_PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000)
}

/// Admits patients with these ids to `ward_id` (each consenting to peer
/// support, in "Bed 1"), so a property case has people of its own.
pub async fn admit(app: &TestApp, ids: &[&str], ward_id: &str) {
    let patients = ids
        .iter()
        .map(|id| server::store::DemoPatient {
            id: (*id).into(),
            local_id: format!("T-{id}"),
            preferred_name: format!("Person {id}"),
            ward_id: ward_id.into(),
            bed: "Bed 1".into(),
            admitted_on: chrono::Utc::now().date_naive(),
            consent_to_peer_support: true,
        })
        .collect();
    let data = server::store::DemoData { patients, ..Default::default() };
    app.state.store.insert_directory(&data).await.expect("patients admitted");
}

/// The cursor of a device that has pulled everything the log holds now.
pub async fn cursor_now(app: &TestApp) -> String {
    let the_future = chrono::Utc::now() + chrono::Duration::hours(1);
    format!("s{}", app.state.store.cursor_before(the_future).await.expect("cursor"))
}
