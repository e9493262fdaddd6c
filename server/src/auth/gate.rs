//! The two middlewares every request passes: `load_user` finds the session
//! behind the cookie, `gate` turns away what is not signed in or not ours.

use super::{token::hash_token, SESSION_COOKIE};
use crate::http_error::ApiError;
use crate::patient_mode::Settled;
use crate::state::AppState;
use app::backend::{DeviceLocked, PatientMode, SessionKey};
use app::domain::SignedIn;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar};
use chrono::{Duration, Utc};

/// Marks a request whose cookie named a session that has ended.
#[derive(Clone, Copy)]
struct SessionEnded;

/// Marks a signed-in request from someone who must choose a new password
/// (after an admin's reset) before they may do anything else.
#[derive(Clone, Copy)]
struct MustChangePassword;

/// Where someone who must change their password may still go.
const PASSWORD_CHANGE_PATHS: [&str; 4] =
    ["/account/password", "/api/change_password", "/api/get_me", "/logout"];

/// Puts the signed-in [`SignedIn`] into the request's extensions when the
/// cookie names a live session, ending sessions that are idle or too old.
pub async fn load_user(
    State(state): State<AppState>,
    jar: CookieJar,
    mut req: Request,
    next: Next,
) -> Response {
    // Patient mode is settled with the session: it ends with it.
    let mut patient_mode = crate::patient_mode::settle_signed_out(req.headers());
    if let Some(cookie) = jar.get(SESSION_COOKIE) {
        let token_hash = hash_token(cookie.value());
        match state.store.login_session(&token_hash).await {
            Ok(Some(session)) => {
                let now = Utc::now();
                let idle = now - session.last_seen_at;
                if now >= session.expires_at || idle >= state.auth.idle_timeout {
                    if let Err(e) = state.store.end_login_session(&token_hash).await {
                        tracing::warn!(error = %e, "could not remove an expired session");
                    }
                    req.extensions_mut().insert(SessionEnded);
                } else {
                    let settled = settle_holds(&state, &token_hash, &session, req.headers()).await;
                    // Writing on every request would make reads into writes;
                    // a minute's precision is plenty for a 30 minute timeout.
                    // A locked phone's sync is not someone using the app:
                    // left locked, the session times out as if left idle.
                    let locked = settled.as_ref().is_ok_and(|s| s.locked);
                    let active = idle > Duration::seconds(60) && !locked;
                    if active {
                        if let Err(e) = state.store.touch_login_session(&token_hash, now).await {
                            tracing::warn!(error = %e, "could not record session activity");
                        }
                    }
                    // Which device the session is on, so that reporting the
                    // device lost ends it; and who used the device last.
                    if let Some(device) = crate::lost_phones::device_of(req.headers()) {
                        if active || session.device_id.as_deref() != Some(device.as_str()) {
                            let kind = crate::lost_phones::kind_of(req.headers());
                            let (staff_id, at) = (&session.user.staff_id, now);
                            if let Err(e) =
                                state.store.seen_device(&token_hash, &device, staff_id, &kind, at).await
                            {
                                tracing::warn!(error = %e, "could not note the session's device");
                            }
                        }
                    }
                    match settled {
                        Ok(Settled { end_session: true, .. }) => {
                            // Five wrong proofs in a row: as after five wrong PINs.
                            if let Err(e) = state.store.end_login_session(&token_hash).await {
                                tracing::error!(error = %e, "could not end a session after wrong PIN proofs");
                            }
                            req.extensions_mut().insert(SessionEnded);
                        }
                        Ok(settled) => {
                            if session.must_change_password {
                                req.extensions_mut().insert(MustChangePassword);
                            }
                            if let Some(patient) = settled.handed_to.clone() {
                                req.extensions_mut().insert(PatientMode(patient));
                            }
                            if settled.locked {
                                req.extensions_mut().insert(DeviceLocked);
                            }
                            req.extensions_mut().insert(session.user);
                            req.extensions_mut().insert(SessionKey(token_hash));
                            patient_mode = settled;
                        }
                        Err(e) => return unreachable_database(e),
                    }
                }
            }
            Ok(None) => {
                req.extensions_mut().insert(SessionEnded);
            }
            Err(e) => return unreachable_database(e),
        }
    }
    let mut response = next.run(req).await;
    patient_mode.forget_cookies(&mut response);
    response
}

/// What the request's cookies did to the session's patient mode and lock.
async fn settle_holds(
    state: &AppState,
    token_hash: &str,
    session: &crate::store::SessionRow,
    headers: &axum::http::HeaderMap,
) -> Result<Settled, crate::store::StoreError> {
    use crate::patient_mode::{settle, settle_lock};
    let mut settled = settle(&state.store, token_hash, session.handed_to.clone(), headers).await?;
    let (staff_id, locked) = (&session.user.staff_id, session.lock_check.clone());
    settle_lock(&state.store, token_hash, staff_id, locked, headers, &mut settled).await?;
    Ok(settled)
}

#[track_caller]
fn unreachable_database(e: crate::store::StoreError) -> Response {
    ApiError::unavailable("The server cannot reach its database just now. Try again in a minute.")(e)
        .into_response()
}

/// Lets through what anyone may fetch (the sign-in page, static files, the
/// health check) and signed-in requests from our own pages; redirects a signed-out
/// browser to sign in and answers 401 to anything else.
pub async fn gate(req: Request, next: Next) -> Response {
    if !is_safe(req.method()) && !is_same_origin(&req) {
        return ApiError::new(StatusCode::FORBIDDEN, "This request did not come from Alongside's own pages.")
            .into_response();
    }
    let path = req.uri().path();
    if req.extensions().get::<MustChangePassword>().is_some()
        && !is_public(path)
        && !PASSWORD_CHANGE_PATHS.contains(&path)
    {
        if *req.method() == Method::GET && wants_html(req.headers()) {
            return Redirect::to("/account/password").into_response();
        }
        return ApiError::new(StatusCode::FORBIDDEN, "Choose a new password before carrying on.")
            .into_response();
    }
    if is_public(path) || req.extensions().get::<SignedIn>().is_some() {
        return next.run(req).await;
    }
    let ended = req.extensions().get::<SessionEnded>().is_some();
    if *req.method() == Method::GET && wants_html(req.headers()) {
        let target = if ended { "/login?error=expired" } else { "/login" };
        let redirect = Redirect::to(target);
        return if ended { (forget_cookie(), redirect).into_response() } else { redirect.into_response() };
    }
    ApiError::sign_in().into_response()
}

/// A cookie jar change that removes the session cookie from the browser.
pub(super) fn forget_cookie() -> CookieJar {
    let mut cookie = Cookie::build(SESSION_COOKIE).path("/").http_only(true).build();
    cookie.make_removal();
    CookieJar::new().add(cookie)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_public(path: &str) -> bool {
    matches!(
        path,
        "/login"
            | "/logout"
            | "/healthz"
            | "/sw.js"
            | "/lock.js"
            | "/journal.js"
            | "/manifest.json"
            | "/offline.html"
            | "/favicon.ico"
            | "/robots.txt"
            | "/.well-known/security.txt"
    ) || path.starts_with("/pkg/")
        || path.starts_with("/icons/")
}

/// True when the client is a browser asking for a page (not a program).
pub fn wants_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// A browser names the page a form was sent from in `Origin`; it must be
/// this server. Programs that send no `Origin` rely on the SameSite=Strict
/// cookie, which a browser never attaches to another site's request.
fn is_same_origin(req: &Request) -> bool {
    let headers = req.headers();
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn post(origin: Option<&str>, host: &str) -> Request {
        let mut builder = Request::post("/logout").header(header::HOST, host);
        if let Some(origin) = origin {
            builder = builder.header(header::ORIGIN, origin);
        }
        builder.body(Body::empty()).expect("request")
    }

    #[test]
    fn a_form_sent_from_another_site_is_refused() {
        assert!(!is_same_origin(&post(Some("https://evil.example"), "127.0.0.1:3000")));
        assert!(is_same_origin(&post(Some("http://127.0.0.1:3000"), "127.0.0.1:3000")));
        assert!(is_same_origin(&post(None, "127.0.0.1:3000")));
    }

    #[test]
    fn static_files_and_sign_in_are_public_but_pages_are_not() {
        assert!(is_public("/pkg/alongside.wasm"));
        assert!(is_public("/login"));
        assert!(is_public("/.well-known/security.txt"));
        assert!(!is_public("/"));
        assert!(!is_public("/api/get_home"));
    }
}
