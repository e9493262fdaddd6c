//! `GET /api/device_key`: the key a signed-in person's session is handed,
//! on the device its cookie names, to open what the app keeps there about
//! people (the device's data key is stored wrapped under it; see
//! `app/src/sync/vault.rs`). The same key each time for one person on one
//! device, so their next sign-in there opens what they left unsent. A
//! locked session is refused before it gets here (`patient_mode::keep_locked`),
//! a lost device too (`lost_phones::wipe_lost`), and a device reported lost
//! loses its keys.

use crate::http_error::{ApiError, SignedInUser};
use crate::lost_phones::device_of;
use crate::state::AppState;
use app::domain::hex::to_hex;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;

pub const PATH: &str = "/api/device_key";

pub async fn device_key(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let device = device_of(&headers).ok_or_else(|| {
        ApiError::bad_request("This browser has not named its device yet: open a page of Alongside first.")
    })?;
    let fresh = to_hex(&rand::random::<[u8; 32]>());
    let key = state.store.device_key(&device, &user.staff_id, &fresh, Utc::now()).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(serde_json::json!({ "key": key }))).into_response())
}
