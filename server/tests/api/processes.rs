//! The real server binary as a process of its own, for the tests that kill
//! it or run two of it.

use crate::helpers::{postgres_server, TestApp};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A port nothing listens on just now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port()
}

pub fn database_url(app: &TestApp) -> String {
    match &app.state.store {
        server::store::Store::Sqlite(db) => {
            format!("sqlite://{}", db.pool.connect_options().get_filename().display())
        }
        server::store::Store::Postgres(db) => {
            format!("{}/{}", postgres_server(), db.pool.connect_options().get_database().expect("name"))
        }
    }
}

/// The server process; killed when dropped, so a failing test leaves none behind.
pub struct Server(Child);

impl Server {
    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn start(url: &str, port: u16) -> Server {
    Server(
        Command::new(env!("CARGO_BIN_EXE_alongside"))
            .args(["--database-url", url, "--addr", &format!("127.0.0.1:{port}")])
            .env_remove("ALONGSIDE_DEMO")
            .env("RUST_LOG", "off")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts"),
    )
}

pub async fn wait_until_up(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not come back within 30 s");
}
