//! Server functions for the staff accounts page. Each is judged by the access
//! rule (administrators only) on the server.

use crate::domain::staff::StaffSummary;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn refused(e: crate::domain::patient::RecordError) -> ServerFnError {
    crate::backend::set_status(e.status());
    ServerFnError::new(e.to_string())
}

#[server(endpoint = "list_staff")]
pub async fn list_staff() -> Result<Vec<StaffSummary>, ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.staff(&me).await.map_err(refused)
}

/// Turns an account off (its sessions end at once) or back on.
#[server(endpoint = "set_staff_active")]
pub async fn set_staff_active(staff_id: String, active: bool) -> Result<(), ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.set_staff_active(&me, &staff_id, active).await.map_err(refused)
}

/// Gives the account a temporary password, returned once to show the admin;
/// the person must choose their own at their next sign-in.
#[server(endpoint = "reset_staff_password")]
pub async fn reset_staff_password(staff_id: String) -> Result<String, ServerFnError> {
    use crate::backend::{backend, signed_in};
    let me = signed_in().await?;
    backend()?.0.reset_staff_password(&me, &staff_id).await.map_err(refused)
}
