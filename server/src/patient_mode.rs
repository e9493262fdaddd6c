//! Patient mode on the server. While a ward tablet is handed to a patient,
//! the app sets the cookie [`COOKIE`] to their id (offline too: it is set on
//! the device). Every page then answers with that person's plan, and no
//! server function but the plan's own answers, so a typed address or a link
//! cannot reach anything else; sync sends their plan's entries and pulls
//! nothing, so the tablet holds only their plan until staff take it back.

use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

pub use app::domain::patient_mode::COOKIE;

/// What still answers in patient mode, besides the plan's page.
const OPEN: [&str; 5] = ["/api/get_plan", "/api/sync", "/login", "/logout", "/healthz"];

/// The patient whose plan this browser is handed to, if any.
pub fn patient_in_mode(headers: &HeaderMap) -> Option<String> {
    app::domain::patient_mode::handed_to(
        headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()),
    )
}

/// Files of the app shell, which hold no one's data.
fn is_shell(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || ["/manifest.json", "/lock.js", "/journal.js", "/sw.js", "/offline.html", "/robots.txt"]
            .contains(&path)
}

pub async fn keep_to_plan(req: Request, next: Next) -> Response {
    let Some(patient) = patient_in_mode(req.headers()) else { return next.run(req).await };
    let path = req.uri().path();
    let plan = format!("/plan/{patient}");
    if path == "/logout" {
        // Signing out ends patient mode too.
        let mut response = next.run(req).await;
        let clear = format!("{COOKIE}=; Path=/; Max-Age=0; SameSite=Strict");
        if let Ok(value) = clear.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        return response;
    }
    if path == plan || is_shell(path) || OPEN.contains(&path) {
        return next.run(req).await;
    }
    if req.method() == Method::GET && !path.starts_with("/api/") {
        return Redirect::to(&plan).into_response();
    }
    crate::http_error::json_error(
        StatusCode::FORBIDDEN,
        "This tablet is handed to a patient for their plan. Staff can take it back with their PIN.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_names_one_patient_or_none() {
        let mut headers = HeaderMap::new();
        assert_eq!(patient_in_mode(&headers), None);
        headers.insert(header::COOKIE, "a=b; alongside_patient_mode=patient-001; c=d".parse().unwrap());
        assert_eq!(patient_in_mode(&headers).as_deref(), Some("patient-001"));
        headers.insert(header::COOKIE, "alongside_patient_mode=../admin".parse().unwrap());
        assert_eq!(patient_in_mode(&headers), None, "only an id the server gives out");
    }
}
