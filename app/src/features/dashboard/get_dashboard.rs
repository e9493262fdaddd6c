//! The server function behind the live dashboard.

use crate::domain::reports::Dashboard;
use leptos::prelude::*;

/// Each ward the signed-in nurse in charge or manager may watch, today so
/// far. The wards come from the session; nothing the browser sends widens them.
#[server(endpoint = "get_dashboard")]
pub async fn get_dashboard() -> Result<(Dashboard, u32), ServerFnError> {
    use crate::backend::{backend, set_status, signed_in, ConcernSettings, ShiftSettings};
    let me = signed_in().await?;
    let close_hour = use_context::<ShiftSettings>().unwrap_or_default().close_hour;
    let dashboard = backend()?.0.dashboard(&me, close_hour).await.map_err(|e| {
        set_status(e.status());
        ServerFnError::new(e.to_string())
    })?;
    let settings = use_context::<ConcernSettings>().unwrap_or_default();
    Ok((dashboard, settings.escalate_after_min))
}
