//! What the server functions need from the server, and nothing more.
//!
//! The `server` crate implements [`Backend`] over its store and provides it as
//! context to every server function and server render; the app never sees SQL.

use crate::domain::{SignedIn, WardCaseload};
use leptos::prelude::*;
use std::{future::Future, pin::Pin, sync::Arc};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A failure the person using the app is told about in plain words; the
/// details stay in the server's log.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BackendError(pub String);

pub trait Backend: Send + Sync + 'static {
    /// The patients on the wards `user` works on, grouped by ward.
    fn caseload<'a>(&'a self, user: &'a SignedIn) -> BoxFuture<'a, Result<Vec<WardCaseload>, BackendError>>;
}

/// The backend as context: cheap to clone into every request.
#[derive(Clone)]
pub struct BackendHandle(pub Arc<dyn Backend>);

pub fn backend() -> Result<BackendHandle, ServerFnError> {
    use_context::<BackendHandle>().ok_or_else(|| ServerFnError::new("The server is not ready."))
}

/// The member of staff the server signed in for this request.
pub async fn signed_in() -> Result<SignedIn, ServerFnError> {
    leptos_axum::extract::<axum::Extension<SignedIn>>()
        .await
        .map(|axum::Extension(user)| user)
        .map_err(|_| ServerFnError::new("Sign in to continue."))
}

/// Allows only this response's own scripts (by nonce), our own files, and
/// WebAssembly compilation; nothing may frame the app.
pub fn send_content_security_policy() {
    use axum::http::{header::CONTENT_SECURITY_POLICY, HeaderValue};
    let Some(nonce) = leptos::nonce::use_nonce() else { return };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
