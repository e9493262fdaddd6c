//! Starting the server: demo data once, and failures in one plain sentence.

use crate::helpers::{config, spawn_app, Engine};
use std::process::Command;

crate::on_both_engines!(a_second_start_keeps_the_data_and_loads_no_second_copy_of_the_demo);

async fn a_second_start_keeps_the_data_and_loads_no_second_copy_of_the_demo(engine: Engine) {
    let app = spawn_app(engine).await;
    let url = match &app.state.store {
        server::store::Store::Sqlite(db) => {
            format!("sqlite://{}", db.pool.connect_options().get_filename().display())
        }
        server::store::Store::Postgres(_) => return second_start_on_postgres(app).await,
    };
    let before = app.state.store.staff_count().await.expect("count");
    let again = server::prepare(&config(url)).await.expect("second start");
    assert_eq!(again.store.staff_count().await.expect("count"), before);
}

async fn second_start_on_postgres(app: crate::helpers::TestApp) {
    let before = app.state.store.staff_count().await.expect("count");
    let database = match &app.state.store {
        server::store::Store::Postgres(db) => db.pool.connect_options().get_database().map(str::to_owned),
        server::store::Store::Sqlite(_) => None,
    }
    .expect("database name");
    let url = format!("{}/{}", crate::helpers::postgres_server(), database);
    let again = server::prepare(&config(url)).await.expect("second start");
    assert_eq!(again.store.staff_count().await.expect("count"), before);
    again.store.close().await;
}

fn start_binary(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_alongside"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("LEPTOS_SITE_ADDR")
        .env("RUST_LOG", "off")
        .output()
        .expect("the binary runs")
}

#[test]
fn a_port_already_in_use_stops_the_start_with_one_plain_sentence() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("address").to_string();
    let dir = tempfile::tempdir().expect("folder");
    let url = format!("sqlite://{}", dir.path().join("a.db").display());
    let output = start_binary(&["--addr", &addr, "--database-url", &url]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("already in use"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_database_that_cannot_be_opened_stops_the_start_with_one_plain_sentence() {
    let dir = tempfile::tempdir().expect("folder");
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").expect("file");
    let url = format!("sqlite://{}/alongside.db", file.display());
    let output = start_binary(&["--addr", "127.0.0.1:0", "--database-url", &url]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("Alongside could not open its database"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
