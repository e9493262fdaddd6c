//! `GET /api/device_key`: the key a signed-in person's session is handed,
//! on the device its cookie names, to open what the app keeps there about
//! people (the device's data key is stored wrapped under it; see
//! `app/src/sync/vault.rs`). The same key each time for one person on one
//! device, so their next sign-in there opens what they left unsent. A
//! locked session is refused before it gets here (`patient_mode::keep_locked`),
//! a lost device too (`lost_phones::wipe_lost`), and a device reported lost
//! loses its keys.

use crate::http_error::json_error;
use crate::lost_phones::device_of;
use crate::state::AppState;
use app::domain::hex::to_hex;
use app::domain::SignedIn;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chrono::Utc;

pub const PATH: &str = "/api/device_key";

pub async fn device_key(
    State(state): State<AppState>,
    user: Option<Extension<SignedIn>>,
    headers: HeaderMap,
) -> Response {
    let Some(Extension(user)) = user else {
        return json_error(StatusCode::UNAUTHORIZED, "Sign in to continue.");
    };
    let Some(device) = device_of(&headers) else {
        return json_error(
            StatusCode::BAD_REQUEST,
            "This browser has not named its device yet: open a page of Alongside first.",
        );
    };
    let fresh = to_hex(&rand::random::<[u8; 32]>());
    match state.store.device_key(&device, &user.staff_id, &fresh, Utc::now()).await {
        Ok(key) => {
            ([(header::CACHE_CONTROL, "no-store")], Json(serde_json::json!({ "key": key }))).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "could not read a device key");
            json_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "The server cannot answer just now. Try again in a minute.",
            )
        }
    }
}
