//! The one state every handler shares.

use crate::auth::AuthSettings;
use crate::store::Store;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    /// Tells open event streams of new commits to the op log.
    pub events: crate::events::Hub,
    pub auth: AuthSettings,
    /// When an unacknowledged concern is flagged to the ward's manager.
    pub concerns: app::backend::ConcernSettings,
    /// When a shift nobody checked out of is closed.
    pub shifts: app::backend::ShiftSettings,
    /// A hash of no one's password, checked when a username is unknown so
    /// that refusing it takes as long as refusing a real account.
    pub dummy_hash: Arc<str>,
    /// Password checks, a few at a time (see [`crate::auth::PasswordChecks`]).
    pub password_checks: crate::auth::PasswordChecks,
}
