//! The authorisation matrix: every route the router serves × every role ×
//! own ward / other ward / no session, with the answer each must get. A route
//! the matrix does not list fails the test, so nothing new slips past it.

use crate::helpers::{spawn_app, Engine, TestApp};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use std::collections::BTreeSet;

mod report_rows;
mod rows;
mod setup_rows;
use rows::{matrix, Row, Who};

crate::on_both_engines!(every_route_answers_every_role_as_the_matrix_says);

async fn ask(app: &TestApp, row: &Row, session: Option<&str>) -> StatusCode {
    let (path, body) = (row.request)();
    let mut request = Request::builder()
        .method(row.method)
        .uri(path)
        .header(header::ACCEPT, if row.path.starts_with("/api/") { "application/json" } else { "text/html" })
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(token) = session {
        request = request.header(header::COOKIE, format!("alongside_session={token}"));
    }
    // Only the status: an event stream's body never ends.
    app.status_of(request.body(Body::from(body)).expect("request")).await
}

async fn every_route_answers_every_role_as_the_matrix_says(engine: Engine) {
    let app = spawn_app(engine).await;
    let rows = matrix();

    let listed: BTreeSet<(String, String)> =
        rows.iter().map(|r| (r.method.to_owned(), r.path.to_owned())).collect();
    let served: BTreeSet<(String, String)> = server::route_listing().into_iter().collect();
    let missing: Vec<_> = served.difference(&listed).collect();
    assert!(missing.is_empty(), "routes the access matrix does not list: {missing:?}");
    let stale: Vec<_> = listed.difference(&served).collect();
    assert!(stale.is_empty(), "matrix rows for routes that no longer exist: {stale:?}");

    let mut failures = Vec::new();
    let mut cases = 0;
    for who in Who::ALL {
        for row in &rows {
            // A fresh session each time: sign-out in the matrix ends it.
            let session = match who.username() {
                Some(username) => Some(app.session_for(username).await),
                None => None,
            };
            let got = ask(&app, row, session.as_deref()).await.as_u16();
            let want = (row.expect)(who);
            cases += 1;
            if got != want {
                failures.push(format!("{who:?} {} {}: got {got}, want {want}", row.method, row.path));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {cases} cases differ:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(cases, 282);
}
