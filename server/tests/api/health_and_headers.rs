//! The health check and the headers every response carries.

use crate::helpers::{spawn_app, spawn_app_with, Engine};
use axum::http::{header, StatusCode};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

crate::on_both_engines!(
    the_health_check_answers_ok_and_names_the_database,
    pages_carry_a_strict_content_security_policy_with_a_nonce,
    every_answer_is_protected_from_sniffing_framing_and_referrers,
    pages_with_patient_data_are_not_kept_in_the_browsers_http_cache,
    an_unknown_address_gets_a_friendly_404,
    behind_https_browsers_are_told_to_use_nothing_else,
    a_client_that_sends_its_headers_slowly_is_cut_off,
);

async fn the_health_check_answers_ok_and_names_the_database(engine: Engine) {
    let app = spawn_app(engine).await;
    let response = app.get_page("/healthz", None).await;
    assert_eq!(response.status, StatusCode::OK);
    let expected = match engine {
        Engine::Sqlite => "SQLite",
        Engine::Postgres => "PostgreSQL",
    };
    assert_eq!(response.json()["database"], expected);
}

async fn pages_carry_a_strict_content_security_policy_with_a_nonce(engine: Engine) {
    let app = spawn_app(engine).await;
    let page = app.get_page("/login", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).expect("CSP");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce");
    assert!(page.body.contains(&format!("nonce=\"{nonce}\"")), "the page's scripts carry the nonce");

    // Every kind of page, split out of the main download or not, many times
    // at once: a page whose policy lacks its nonce never becomes interactive.
    let psw = app.session_for("psw").await;
    let admin = app.session_for("admin").await;
    let manager = app.session_for("manager").await;
    let pages = [
        ("/", &psw),
        ("/patients/patient-001", &psw),
        ("/account/password", &psw),
        ("/admin/staff", &admin),
        ("/patients/patient-001/audit", &manager),
        ("/no-such-page", &psw),
        ("/", &manager),
    ];
    let requests =
        pages.iter().cycle().take(60).map(|(path, token)| app.get_page(path, Some(token.as_str())));
    for (i, page) in futures::future::join_all(requests).await.into_iter().enumerate() {
        let path = pages[i % pages.len()].0;
        let csp =
            page.headers.get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).unwrap_or("");
        let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next());
        let nonce = nonce.unwrap_or_else(|| panic!("{path}: no nonce in {csp}"));
        assert!(page.body.contains(&format!("nonce=\"{nonce}\"")), "{path}: the scripts carry the nonce");
    }
}

async fn every_answer_is_protected_from_sniffing_framing_and_referrers(engine: Engine) {
    let app = spawn_app(engine).await;
    for path in ["/login", "/healthz", "/"] {
        let response = app.get_page(path, None).await;
        assert_eq!(response.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(response.headers[header::REFERRER_POLICY], "same-origin", "{path}");
        let csp = response.headers[header::CONTENT_SECURITY_POLICY].to_str().expect("CSP");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    }
}

async fn pages_with_patient_data_are_not_kept_in_the_browsers_http_cache(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    let page = app.get_page("/", Some(&token)).await;
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
}

async fn an_unknown_address_gets_a_friendly_404(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    let page = app.get_page("/no-such-page", Some(&token)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("Page not found"));
}

async fn behind_https_browsers_are_told_to_use_nothing_else(engine: Engine) {
    let plain = spawn_app(engine).await;
    let answer = plain.get_page("/login", None).await;
    assert!(answer.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(), "not over plain HTTP");
    let secure = spawn_app_with(engine, |state| state.auth.secure_cookies = true).await;
    for path in ["/login", "/healthz", "/no-such-page"] {
        let answer = secure.get_page(path, None).await;
        assert_eq!(answer.headers[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000", "{path}");
    }
}

async fn a_client_that_sends_its_headers_slowly_is_cut_off(engine: Engine) {
    let app = spawn_app(engine).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::run_with_header_timeout(
        listener,
        app.state.clone(),
        async {
            let _ = stopped.await;
        },
        Duration::from_millis(500),
    ));
    // A whole request is answered.
    let mut whole = tokio::net::TcpStream::connect(addr).await.expect("connect");
    whole.write_all(b"GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").await.expect("send");
    let mut answer = String::new();
    whole.read_to_string(&mut answer).await.expect("answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Headers that never end: the server hangs up instead of waiting.
    let mut slow = tokio::net::TcpStream::connect(addr).await.expect("connect");
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-Slow: 1").await.expect("send");
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(10), slow.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the connection is still held open after 10 s");
    assert!(!String::from_utf8_lossy(&rest).contains("200"), "nothing was served");
    let _ = stop.send(());
    server.await.expect("the server stops").expect("cleanly");
}
