//! *Report a lost phone*, on the wire: every request names its device in a
//! cookie (`public/lock.js`), and a device reported lost is answered, on any
//! page or API, with "wipe yourself": `410 Gone`, `Clear-Site-Data` (the
//! browser deletes what the origin keeps: storage, the service worker and
//! its copies, and on a page its cookies too) and a page whose script does
//! the same where a browser ignores that header. Its sessions ended when it
//! was reported.

use crate::http_error::ApiError;
use crate::state::AppState;
use app::domain::phones::{describe_user_agent, is_device_id, DEVICE_COOKIE, LOST};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use chrono::Utc;

/// What a lost device's browser is told to delete: on the page that says
/// so, everything; on any other answer, all but its cookies, so that the
/// device is still named when the app then opens that page.
const CLEAR_ALL: &str = r#""cache", "cookies", "storage""#;
const CLEAR_ALL_BUT_COOKIES: &str = r#""cache", "storage""#;

/// The device id the request's cookie names, if it is one the app makes.
pub fn device_of(headers: &HeaderMap) -> Option<String> {
    let jar = axum_extra::extract::cookie::CookieJar::from_headers(headers);
    jar.get(DEVICE_COOKIE).map(|c| c.value().to_owned()).filter(|id| is_device_id(id))
}

/// The kind of device the request came from, in a few words.
pub fn kind_of(headers: &HeaderMap) -> String {
    describe_user_agent(headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or(""))
}

/// Answers every request from a device reported lost with "wipe yourself".
/// The app shell (scripts, styles, icons) still loads, so the page that
/// says so is drawn and its script can wipe what the header did not.
pub async fn wipe_lost(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if crate::patient_mode::is_shell(path) || path == "/healthz" {
        return next.run(req).await;
    }
    let Some(device) = device_of(req.headers()) else { return next.run(req).await };
    match state.store.lost_device(&device, Utc::now()).await {
        Ok(false) => next.run(req).await,
        Ok(true) => {
            tracing::info!(device = %device, "a device reported lost reached the server and was told to wipe itself");
            let page = req.method() == Method::GET && crate::auth::wants_html(req.headers());
            lost_answer(page)
        }
        // The session lookup that follows answers for the database.
        Err(e) => {
            tracing::warn!(error = %e, "could not check whether a device was reported lost");
            next.run(req).await
        }
    }
}

fn lost_answer(page: bool) -> Response {
    let mut response = if page {
        (StatusCode::GONE, Html(LOST_PAGE.replace("{LOST}", LOST))).into_response()
    } else {
        ApiError::new(StatusCode::GONE, LOST).into_response()
    };
    let headers = response.headers_mut();
    let clear = if page { CLEAR_ALL } else { CLEAR_ALL_BUT_COOKIES };
    headers.insert("clear-site-data", HeaderValue::from_static(clear));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Once it has been told on a page, the device starts afresh: a new id
    // once it is wiped.
    if page {
        let forget = format!("{DEVICE_COOKIE}=; Path=/; Max-Age=0; SameSite=Strict");
        if let Ok(value) = HeaderValue::from_str(&forget) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The page a lost device shows; `lock.js` wipes what Alongside kept when
/// the page is marked `data-lost`.
const LOST_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en-GB" data-lost>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>This phone was reported lost – Alongside</title>
<link rel="stylesheet" href="/pkg/alongside.css">
<script src="/lock.js"></script>
</head>
<body>
<header class="header"><div class="header__inner"><span class="header__brand"><span class="header__name">Alongside</span></span></div></header>
<main id="main" class="page">
<h1>This phone was reported lost</h1>
<p class="lede" role="alert">{LOST}</p>
<p>Notes that were on this phone and not yet sent are gone with it. If you need them, speak to your manager.</p>
<p><a class="button" href="/login">Sign in again</a></p>
</main>
</body>
</html>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_device_id_the_app_makes_is_read_from_the_cookie() {
        let mut headers = HeaderMap::new();
        let id = "0b7d3c1e-52a4-4f4e-9b1a-3c2d1e0f9a8b";
        headers.insert(header::COOKIE, format!("other=1; {DEVICE_COOKIE}={id}").parse().expect("header"));
        assert_eq!(device_of(&headers).as_deref(), Some(id));
        headers.insert(header::COOKIE, format!("{DEVICE_COOKIE}=../../etc").parse().expect("header"));
        assert_eq!(device_of(&headers), None);
        assert_eq!(device_of(&HeaderMap::new()), None);
    }

    #[test]
    fn a_lost_device_is_told_to_clear_everything_and_forget_its_id_on_the_page_that_says_so() {
        let page = lost_answer(true);
        assert_eq!(page.status(), StatusCode::GONE);
        assert_eq!(page.headers()["clear-site-data"], CLEAR_ALL);
        let cookie = page.headers()[header::SET_COOKIE].to_str().expect("text");
        assert!(
            cookie.starts_with(&format!("{DEVICE_COOKIE}=;")) && cookie.contains("Max-Age=0"),
            "{cookie}"
        );
        // Any other answer (the app's sync): the device stays named, so that
        // the page it opens next is the one that says why.
        let api = lost_answer(false);
        assert_eq!(api.status(), StatusCode::GONE);
        assert_eq!(api.headers()["clear-site-data"], CLEAR_ALL_BUT_COOKIES);
        assert!(api.headers().get(header::SET_COOKIE).is_none());
    }
}
