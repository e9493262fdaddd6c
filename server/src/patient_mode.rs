//! Patient mode and the device lock on the server. While a ward tablet is handed to a patient,
//! the signed-in session itself is kept to their plan: every page answers
//! with that plan, no server function but the plan's own answers, and sync
//! takes only their plan's entries and pulls nothing. The device asks for it
//! with a cookie (set offline too, read at the next request); only the proof
//! that the staff member's PIN makes, or signing out, ends it. Dropping the
//! cookie, typing `/login` or going back changes nothing. The device lock
//! is held the same way (see [`settle_lock`] and [`keep_locked`]).

use crate::store::{HandBack, HandedTo, Store, StoreError};
use app::backend::{DeviceLocked, PatientMode, LOCKED};
use app::domain::device_pin::MAX_TRIES;
use app::domain::hex::to_hex;
use app::domain::patient_mode::{
    hand_back_proof, handover, is_256_bit_hex, lock_check, unlock_proof, COOKIE, HAND_BACK_COOKIE,
    LOCK_COOKIE, UNLOCK_COOKIE,
};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};

/// What still answers in patient mode, besides the plan's page (the
/// device key too: the plan's entries are kept sealed like every record).
const OPEN: [&str; 5] = ["/api/get_plan", "/api/sync", "/api/device_key", "/logout", "/healthz"];

/// What this request's cookies did to its session's patient mode.
#[derive(Debug, Default)]
pub struct Settled {
    /// The patient the session is kept to now.
    pub handed_to: Option<String>,
    /// The device lock holds the session: no one's data until the PIN's proof.
    pub locked: bool,
    /// Five wrong proofs in a row: the session must end.
    pub end_session: bool,
    /// Cookies the browser should drop, having done their work.
    forget: Vec<&'static str>,
}

/// The SHA-256 (hex) a proof must hash to.
fn check_of(proof: &str) -> String {
    to_hex(&Sha256::digest(proof.as_bytes()))
}

fn cookies(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    headers.get_all(header::COOKIE).into_iter().filter_map(|v| v.to_str().ok())
}

/// Applies the request's patient-mode cookies to the live session
/// `token_hash` (which holds `held`): first a proof that takes the device
/// back, then a hand-over the device made (perhaps offline) that the server
/// has not seen yet.
pub async fn settle(
    store: &Store,
    token_hash: &str,
    mut held: Option<HandedTo>,
    headers: &HeaderMap,
) -> Result<Settled, StoreError> {
    let mut settled = Settled::default();
    let mut ended_check = None;
    if let Some(proof) = hand_back_proof(cookies(headers)) {
        settled.forget.push(HAND_BACK_COOKIE);
        if let Some(handed) = held.as_ref() {
            // A malformed proof is a wrong one, and counted.
            let check = if is_256_bit_hex(&proof) { check_of(&proof) } else { String::new() };
            match store.hand_back(token_hash, &check).await? {
                HandBack::Ended => {
                    ended_check = Some(handed.check.clone());
                    held = None;
                }
                HandBack::Refused(failures) => {
                    settled.end_session = failures >= i32::from(MAX_TRIES);
                    tracing::warn!(
                        failures,
                        "a wrong proof was offered to take a tablet back from a patient"
                    );
                }
            }
        }
    }
    if held.is_none() {
        if let Some(asked) = handover(cookies(headers)) {
            if ended_check.as_deref() == Some(asked.check.as_str()) {
                // The hand-over that was just taken back: its cookie is stale.
                settled.forget.push(COOKIE);
            } else {
                let to = HandedTo { patient_id: asked.patient_id, check: asked.check };
                held = if store.hand_session_to(token_hash, &to).await? {
                    Some(to)
                } else {
                    // Another request handed it over first: that one holds.
                    store.login_session(token_hash).await?.and_then(|s| s.handed_to)
                };
            }
        }
    }
    settled.handed_to = held.map(|h| h.patient_id);
    Ok(settled)
}

/// Applies the request's device-lock cookies to `staff_id`'s live session
/// `token_hash` (locked when `locked` holds a check): first a proof that
/// unlocks it, then a lock the device made (perhaps offline) that the
/// server has not seen yet. Wrong proofs count towards `settled.end_session`.
pub async fn settle_lock(
    store: &Store,
    token_hash: &str,
    staff_id: &str,
    mut locked: Option<String>,
    headers: &HeaderMap,
    settled: &mut Settled,
) -> Result<(), StoreError> {
    if let Some(proof) = unlock_proof(cookies(headers)) {
        settled.forget.push(UNLOCK_COOKIE);
        if locked.is_some() {
            let check = if is_256_bit_hex(&proof) { check_of(&proof) } else { String::new() };
            match store.unlock_session(token_hash, &check).await? {
                HandBack::Ended => locked = None,
                HandBack::Refused(failures) => {
                    settled.end_session |= failures >= i32::from(MAX_TRIES);
                    tracing::warn!(failures, "a wrong proof was offered to unlock a session");
                }
            }
        }
    }
    if locked.is_none() {
        // Only this person's lock: the last person's, on a phone someone
        // else has just signed in to, is theirs alone.
        if let Some((_, check)) = lock_check(cookies(headers)).filter(|(whose, _)| whose == staff_id) {
            // Another request may have locked it first: locked either way.
            store.lock_session(token_hash, &check).await?;
            locked = Some(check);
        }
    }
    settled.locked = locked.is_some();
    Ok(())
}

/// The cookies a request without a live session should drop: patient mode
/// ended with the session.
pub fn settle_signed_out(headers: &HeaderMap) -> Settled {
    let mut settled = Settled::default();
    if handover(cookies(headers)).is_some() {
        settled.forget.push(COOKIE);
    }
    if hand_back_proof(cookies(headers)).is_some() {
        settled.forget.push(HAND_BACK_COOKIE);
    }
    for (name, there) in [
        (LOCK_COOKIE, lock_check(cookies(headers)).is_some()),
        (UNLOCK_COOKIE, unlock_proof(cookies(headers)).is_some()),
    ] {
        if there {
            settled.forget.push(name);
        }
    }
    settled
}

impl Settled {
    /// Tells the browser to drop the cookies that have done their work.
    pub fn forget_cookies(&self, response: &mut Response) {
        for name in &self.forget {
            let clear = format!("{name}=; Path=/; Max-Age=0; SameSite=Strict");
            if let Ok(value) = HeaderValue::from_str(&clear) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
        }
    }
}

/// Files of the app shell, which hold no one's data.
pub(crate) fn is_shell(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/icons/")
        || ["/manifest.json", "/lock.js", "/journal.js", "/sw.js", "/offline.html", "/robots.txt"]
            .contains(&path)
}

/// Keeps a session in patient mode to the patient's plan, whatever address
/// was asked for.
pub async fn keep_to_plan(req: Request, next: Next) -> Response {
    let Some(PatientMode(patient)) = req.extensions().get::<PatientMode>().cloned() else {
        return next.run(req).await;
    };
    let path = req.uri().path();
    let plan = format!("/plan/{patient}");
    if path == "/logout" {
        // Signing out ends patient mode too.
        let mut response = next.run(req).await;
        Settled { forget: vec![COOKIE], ..Settled::default() }.forget_cookies(&mut response);
        return response;
    }
    if path == plan || is_shell(path) || OPEN.contains(&path) {
        return next.run(req).await;
    }
    let wants_page = crate::auth::wants_html(req.headers());
    if req.method() == Method::GET && (wants_page || !path.starts_with("/api/")) {
        return Redirect::to(&plan).into_response();
    }
    crate::http_error::ApiError::new(
        StatusCode::FORBIDDEN,
        "This tablet is handed to a patient for their plan. Staff can take it back with their PIN.",
    )
    .into_response()
}

/// Keeps a session the device lock holds from everyone's data: pages are
/// drawn (their data refused, see `app::backend::signed_in`, so the phone
/// can show its lock and be unlocked), sync takes the phone's records and
/// hands it none, and every other request answers 423 with a plain reason.
pub async fn keep_locked(req: Request, next: Next) -> Response {
    if req.extensions().get::<DeviceLocked>().is_none() {
        return next.run(req).await;
    }
    let path = req.uri().path();
    let page = req.method() == Method::GET && !path.starts_with("/api/") && !path.starts_with("/exports/");
    if page || is_shell(path) || ["/api/sync", "/login", "/logout", "/healthz"].contains(&path) {
        return next.run(req).await;
    }
    crate::http_error::ApiError::new(StatusCode::LOCKED, LOCKED).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proof_is_checked_by_its_sha_256() {
        // SHA-256 of "abc", as published in FIPS 180-2.
        assert_eq!(check_of("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn a_request_without_a_session_drops_both_cookies() {
        let mut headers = HeaderMap::new();
        let cookie = format!("{COOKIE}=patient-001.{}; {HAND_BACK_COOKIE}=12", "ab".repeat(32));
        headers.insert(header::COOKIE, cookie.parse().expect("header"));
        assert_eq!(settle_signed_out(&headers).forget, vec![COOKIE, HAND_BACK_COOKIE]);
        assert!(settle_signed_out(&HeaderMap::new()).forget.is_empty());
    }
}
