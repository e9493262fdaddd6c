//! Error answers for programs: a status and `{"error": "<plain sentence>"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

pub fn json_error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// A body over the size limit is refused before any handler runs; say so
/// in the same JSON shape as every other API error.
pub async fn too_large_as_json(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json {
        return json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large (at most 2 MB). Nothing was stored; send less at a time.",
        );
    }
    response
}
