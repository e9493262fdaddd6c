//! The Alongside server: an axum app serving the Leptos pages, sign-in and
//! the APIs. `main.rs` only parses the configuration and calls [`start`].

// Rendering Leptos' nested view types to HTML is a deep query for rustc.
#![recursion_limit = "256"]

pub mod admin_backend;
pub mod auth;
pub mod backend;
pub mod caseload_backend;
pub mod concern_backend;
pub mod config;
pub mod dashboard_backend;
pub mod demo;
pub mod device_keys;
pub mod events;
pub mod exports;
pub mod headers;
pub mod http_error;
pub mod lost_phones;
pub mod move_backend;
pub mod password_backend;
pub mod patient_mode;
pub mod phones_backend;
pub mod returns_backend;
pub mod serve;
pub mod shift_backend;
pub mod state;
pub mod store;
pub mod store_failures;
pub mod sync;
pub mod tool_client;

use app::{shell, App};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use backend::StoreBackend;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use state::AppState;
use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use store::Store;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The largest request body any route accepts (a sync batch is at most 2 MB).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024 + 64 * 1024;

/// Why the server could not start, in one sentence for the person starting it.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("Alongside could not open its database: {0}")]
    Store(#[from] store::StoreError),
    #[error("Alongside could not listen on {addr}: {reason}")]
    Listen { addr: std::net::SocketAddr, reason: String },
    #[error("Alongside could not prepare its demo data: {0}")]
    Demo(String),
}

/// The routes the server adds itself, besides the app's pages and server
/// functions. [`route_listing`] names them all for the access matrix test.
pub const OWN_ROUTES: [(&str, &str); 9] = [
    ("GET", "/healthz"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("POST", "/api/sync"),
    ("GET", "/api/events"),
    ("GET", "/exports/returns.csv"),
    ("GET", "/exports/attendance.csv"),
    ("GET", device_keys::PATH),
    ("GET", "/unlock"),
];

/// Every (method, path) the router serves: pages, server functions and
/// [`OWN_ROUTES`]. The access matrix test fails on any it does not list.
pub fn route_listing() -> Vec<(String, String)> {
    let mut routes: Vec<(String, String)> =
        OWN_ROUTES.iter().map(|(method, path)| (method.to_string(), path.to_string())).collect();
    for route in app_routes() {
        for method in route.methods() {
            routes.push((format!("{method:?}").to_uppercase(), route.path().to_owned()));
        }
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        routes.push((method.to_string(), path.to_owned()));
    }
    routes.sort();
    routes.dedup();
    routes
}

/// The app's pages, worked out once per process. While Leptos generates a
/// route list it suppresses resource loads in the whole process, and a page
/// whose resource first polls in that window never finishes
/// (leptos-rs/leptos#4773): tests build many routers in one process while
/// others render, which made a page answer 408 now and then.
fn app_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Builds the whole router around `state`; tests drive it directly.
pub fn app(state: AppState) -> Router {
    let routes = app_routes();
    let backend = app::backend::BackendHandle(Arc::new(StoreBackend(
        state.store.clone(),
        state.password_checks.clone(),
    )));
    let device = app::backend::DeviceSettings {
        lock_after_seconds: state.auth.device_lock_seconds,
        retention_days: state.auth.device_retention_days,
    };
    let (concerns, shifts) = (state.concerns, state.shifts);
    let context = move || {
        provide_context(backend.clone());
        provide_context(device);
        provide_context(concerns);
        provide_context(shifts);
        // Here, before anything renders, so that every page's answer carries
        // the policy naming its script nonce (set while rendering, it was
        // sometimes too late for the headers and the page never hydrated).
        app::backend::send_content_security_policy();
    };
    let options = state.leptos_options.clone();
    // *Opening Alongside*, which the service worker shows offline in place of
    // a kept page it cannot open yet (`app/DEVICE.md`): the shell, the lock
    // screens and no app.
    let opening = leptos_axum::render_app_to_stream_with_context(
        {
            let context = context.clone();
            move || {
                context();
                provide_context(app::backend::OpeningOnly);
            }
        },
        {
            let options = options.clone();
            move || shell(options.clone())
        },
    );

    Router::new()
        .route(OWN_ROUTES[0].1, get(healthz))
        .route(OWN_ROUTES[1].1, post(auth::login).layer(DefaultBodyLimit::max(16 * 1024)))
        .route(OWN_ROUTES[2].1, post(auth::logout))
        .route(OWN_ROUTES[3].1, post(sync::sync).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)))
        .route(OWN_ROUTES[4].1, get(events::events))
        .route(OWN_ROUTES[5].1, get(exports::returns_csv))
        .route(OWN_ROUTES[6].1, get(exports::attendance_csv))
        .route(OWN_ROUTES[7].1, get(device_keys::device_key))
        .route(OWN_ROUTES[8].1, get(opening))
        .leptos_routes_with_context(&state, routes, context.clone(), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(middleware::from_fn(patient_mode::keep_locked))
        .layer(middleware::from_fn(patient_mode::keep_to_plan))
        .layer(middleware::from_fn(auth::gate))
        .layer(middleware::from_fn_with_state(state.clone(), auth::load_user))
        .layer(middleware::from_fn_with_state(state.clone(), lost_phones::wipe_lost))
        .layer(middleware::from_fn_with_state(state.clone(), headers::security_headers))
        // Inside the compression, so that the page it writes is compressed
        // as the answer it replaces was.
        .layer(middleware::from_fn(http_error::pages_for_browsers))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::map_response(http_error::too_large_as_json))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// 200 when the server and its database can serve requests, else 503.
async fn healthz(State(store): State<Store>) -> Response {
    if store.is_healthy().await {
        Json(serde_json::json!({ "status": "ok", "database": store.engine() })).into_response()
    } else {
        http_error::ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "The database is not answering.")
            .into_response()
    }
}

/// Opens the store, brings it up to date and, when asked, fills an empty one
/// with demo data. Returns the state the router needs.
pub async fn prepare(config: &config::Config) -> Result<AppState, StartError> {
    let store = Store::connect(&config.database_url).await?;
    store.migrate().await?;
    if config.demo && store.staff_count().await? == 0 {
        let password = config.demo_password.clone();
        let today = chrono::Local::now().date_naive();
        let data = tokio::task::spawn_blocking(move || demo::demo_data(&password, today))
            .await
            .map_err(|e| StartError::Demo(e.to_string()))?
            .map_err(|e| StartError::Demo(e.to_string()))?;
        store.insert_directory(&data).await?;
        tracing::info!(patients = data.patients.len(), "loaded demo data");
        print_demo_accounts(config);
    }
    let dummy_hash = tokio::task::spawn_blocking(|| auth::hash_password("no one's password, ever"))
        .await
        .map_err(|e| StartError::Demo(e.to_string()))?
        .map_err(|e| StartError::Demo(e.to_string()))?;
    let leptos_options = LeptosOptions::builder()
        .output_name("alongside")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    Ok(AppState {
        leptos_options,
        events: events::Hub::new(store.clone()),
        store,
        auth: auth::AuthSettings {
            secure_cookies: config.secure_cookies,
            idle_timeout: chrono::Duration::minutes(config.idle_minutes),
            trusted_proxies: config.trusted_proxies.clone(),
            device_lock_seconds: config.device_lock_seconds,
            device_retention_days: config.device_retention_days,
            ..Default::default()
        },
        concerns: app::backend::ConcernSettings { escalate_after_min: config.concern_escalate_minutes },
        shifts: app::backend::ShiftSettings { close_hour: config.shift_close_hour },
        dummy_hash: dummy_hash.into(),
        password_checks: auth::PasswordChecks::for_this_machine(),
    })
}

fn print_demo_accounts(config: &config::Config) {
    println!(
        "Demo accounts (password: {}):",
        if config.demo_password == demo::DEFAULT_PASSWORD {
            demo::DEFAULT_PASSWORD
        } else {
            "the one in ALONGSIDE_DEMO_PASSWORD"
        }
    );
    for (username, name, role, _) in demo::ACCOUNTS {
        println!("  {username:<8} {name} ({role})");
    }
}

/// Binds the configured address and serves until `shutdown` completes.
pub async fn start(
    config: config::Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    let state = prepare(&config).await?;
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|e| StartError::Listen { addr: config.addr, reason: plain_io(&e) })?;
    tracing::info!(addr = %config.addr, database = state.store.engine(), "Alongside is listening");
    println!("Alongside is running at http://{}", config.addr);
    let store = state.store.clone();
    let result = run(listener, state, shutdown).await;
    store.close().await;
    result
}

/// Serves `state`'s app on `listener` until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), StartError> {
    run_with_header_timeout(listener, state, shutdown, serve::HEADER_READ_TIMEOUT).await
}

/// [`run`], giving clients `header_timeout` to send a request's headers.
pub async fn run_with_header_timeout(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
    header_timeout: Duration,
) -> Result<(), StartError> {
    let closer = tokio::spawn(close_forgotten_shifts(state.store.clone(), state.shifts.close_hour));
    let events = state.events.clone();
    // Open event streams never end by themselves: end them first, or the
    // graceful shutdown would wait for them.
    let shutdown = async move {
        shutdown.await;
        events.close();
    };
    serve::serve(listener, app(state), shutdown, header_timeout).await;
    closer.abort();
    Ok(())
}

/// How often the server looks for shifts nobody checked out of.
const SHIFT_CLOSE_EVERY: Duration = Duration::from_secs(60);

/// Closes, every minute, the shifts whose time is up (see
/// [`store::Store::close_forgotten_shifts`]). Every instance may run it: the
/// op log's lock lets one at a time close each shift once.
async fn close_forgotten_shifts(store: Store, close_hour: u32) {
    let mut every = tokio::time::interval(SHIFT_CLOSE_EVERY);
    loop {
        every.tick().await;
        match store.close_forgotten_shifts(chrono::Utc::now(), close_hour).await {
            Ok(closed) => {
                for shift in closed {
                    tracing::info!(shift = %shift.shift_id, ward = %shift.ward_id, "closed a shift nobody checked out of");
                }
            }
            Err(e) => tracing::warn!(error = %e, "closing forgotten shifts failed"),
        }
    }
}

fn plain_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            "the address is already in use (is Alongside already running?)".into()
        }
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
