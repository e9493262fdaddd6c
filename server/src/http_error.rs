//! What a route answers when it cannot do what was asked: one [`ApiError`],
//! a status and a plain sentence. A program gets `{"error": "<sentence>"}`;
//! a browser that asked for a page (following a link to an export, say)
//! gets the sentence on a page of its own ([`pages_for_browsers`]).

use crate::auth::wants_html;
use crate::store::StoreError;
use app::domain::SignedIn;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use std::borrow::Cow;

/// A refusal or failure, as the person or program asking is told it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: Cow<'static, str>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<Cow<'static, str>>) -> Self {
        ApiError { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<Cow<'static, str>>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn forbidden(message: impl Into<Cow<'static, str>>) -> Self {
        ApiError::new(StatusCode::FORBIDDEN, message)
    }

    /// Nobody is signed in.
    pub fn sign_in() -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "Sign in to continue.")
    }

    /// The store failed: what went wrong goes to the log (with where it was
    /// met), and the person is told `message`, which says what to do.
    #[track_caller]
    pub fn unavailable(message: &'static str) -> impl FnOnce(StoreError) -> ApiError {
        let at = std::panic::Location::caller();
        move |e| {
            tracing::error!(error = %e, at = %at, "the store failed");
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message)
        }
    }
}

/// What `?` on a store call answers where the route says nothing more.
impl From<StoreError> for ApiError {
    #[track_caller]
    fn from(e: StoreError) -> Self {
        ApiError::unavailable("The server cannot answer just now. Try again in a minute.")(e)
    }
}

/// The sentence of an answer made from an [`ApiError`], for
/// [`pages_for_browsers`].
#[derive(Clone)]
struct Sentence(Cow<'static, str>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response =
            (self.status, Json(serde_json::json!({ "error": &*self.message }))).into_response();
        response.extensions_mut().insert(Sentence(self.message));
        response
    }
}

/// The signed-in person a route serves; anyone else is answered 401
/// "Sign in to continue." (`auth::gate` turns most away before this).
pub struct SignedInUser(pub SignedIn);

impl<S: Send + Sync> FromRequestParts<S> for SignedInUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts.extensions.get::<SignedIn>().cloned().map(SignedInUser).ok_or_else(ApiError::sign_in)
    }
}

/// A browser that asked for a page and met an [`ApiError`] is shown the
/// sentence on a page (with a way back), not a line of JSON.
pub async fn pages_for_browsers(req: Request, next: Next) -> Response {
    let page = req.method() == Method::GET && wants_html(req.headers());
    let response = next.run(req).await;
    match response.extensions().get::<Sentence>().cloned() {
        Some(Sentence(sentence)) if page => {
            let (mut parts, _) = response.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.remove(header::CONTENT_ENCODING);
            let body = Html(ERROR_PAGE.replace("{SENTENCE}", &escape(&sentence))).into_response();
            parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            Response::from_parts(parts, body.into_body())
        }
        _ => response,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const ERROR_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>This could not be done – Alongside</title>
<link rel="stylesheet" href="/pkg/alongside.css">
</head>
<body>
<header class="header"><div class="header__inner"><a class="header__brand" href="/"><span class="header__name">Alongside</span></a></div></header>
<main id="main" class="page">
<h1>This could not be done</h1>
<p class="lede" role="alert">{SENTENCE}</p>
<p><a class="button" href="/">Back to Alongside</a></p>
</main>
</body>
</html>
"#;

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
        let mut refused = ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large (at most 2 MB). Nothing was stored; send less at a time.",
        )
        .into_response();
        refused.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return refused;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{to_bytes, Body};
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    fn router() -> Router {
        let refuse =
            || async { ApiError::forbidden("You can export the returns of your own sites only <b>.") };
        Router::new().route("/refused", get(refuse)).layer(axum::middleware::from_fn(pages_for_browsers))
    }

    async fn ask(accept: &str) -> (StatusCode, String, String) {
        let request = Request::get("/refused").header(header::ACCEPT, accept).body(Body::empty()).unwrap();
        let response = router().oneshot(request).await.unwrap();
        let kind = response.headers()[header::CONTENT_TYPE].to_str().unwrap().to_owned();
        let status = response.status();
        let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, kind, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn a_program_is_told_in_json_and_a_browser_on_a_page() {
        let (status, kind, body) = ask("application/json").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(kind.starts_with("application/json"));
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"], "You can export the returns of your own sites only <b>.");

        let (status, kind, body) = ask("text/html,application/xhtml+xml,*/*;q=0.8").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(kind.starts_with("text/html"));
        assert!(body.contains("You can export the returns of your own sites only &lt;b&gt;."));
        assert!(body.contains("href=\"/\""), "the page offers a way back");
    }

    #[tokio::test]
    async fn a_store_failure_is_a_503_that_says_what_to_do() {
        let error: ApiError = StoreError::WriterStopped.into();
        assert_eq!(error.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(error.message, "The server cannot answer just now. Try again in a minute.");
    }
}
