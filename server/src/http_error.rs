//! Error answers for programs: a status and `{"error": "<plain sentence>"}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

pub fn json_error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// A body over the size limit is refused before any handler runs; say so
/// in the same JSON shape as every other API error.
///
/// The rest of that body is never read, so the connection cannot carry
/// another request: the answer says `Connection: close`. Without it the
/// client kept the connection for its next request, which the server's
/// closing then broke (the sync fuzzer saw an innocent 10-byte request fail
/// with "broken pipe").
pub async fn too_large_as_json(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !is_json {
        let mut refused = json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large (at most 2 MB). Nothing was stored; send less at a time.",
        );
        refused.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return refused;
    }
    response
}
